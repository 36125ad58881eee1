"""The task-list spreadsheet in the admin: template download, upload → preview → confirm.

Why not django-import-export's import view here (the project uses the library for the admin
exports and for the actuals import): its row model is one dataset row → one model instance,
identified by columns of that row. A plan's sheet is not that: area heading rows create or
update `PlanArea`s and set the area of the rows below; a task's identity (area, display code,
position among repeated codes) and its parent depend on earlier rows; a file must be refused as
a whole for problems tablib's reader never reports (merged cells, formulas — it opens workbooks
with data_only=True); and the preview must list tasks of the plan missing from the file.
Bending the library's hooks to this would hide the same logic behind `before_import` state, so
the flow is built on `tasks.spreadsheet` (shared with `manage.py import_plan`), with the same
steps as the library: upload, dry-run preview, confirm.

The preview keeps the upload server-side (`uploads`: a random name remembered in the session)
and the confirm form posts a small signed token (valid for an hour): the plan, that name, and
the version of every task of the plan as the preview read them. The confirm re-runs the whole
check inside the writing transaction, so what is written is what was checked; if any task was
changed, added or deleted since the preview, it writes nothing and shows the new preview. A
second confirm of the same upload (a double click) finds it gone and says so.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse

from plans.access import (
    ROLE_OFFICE,
    ROLE_SUPERUSER,
    can_edit_unit,
    can_read_unit,
    role_of,
    user_unit_id,
)
from plans.models import Plan
from tasks.spreadsheet import uploads
from tasks.spreadsheet.apply import changed_since, import_plan_file, limit_messages, preview_file
from tasks.spreadsheet.columns import XLSX_CONTENT_TYPE, SpreadsheetError
from tasks.spreadsheet.limits import check_upload_size, megabytes, upload_max_bytes
from tasks.spreadsheet.template import plan_workbook, template_filename

SIGNING_SALT = "tasks.spreadsheet-import"
TOKEN_MAX_AGE = 3600
GONE = uploads.GONE


def editable_plans(user):
    """Plans whose tasks the user may change: all for superusers, the district's for staff."""
    plans = Plan.objects.select_related("unit")
    role = role_of(user)
    if role == ROLE_SUPERUSER:
        return plans
    if role == ROLE_OFFICE:
        return plans.filter(unit_id=user_unit_id(user))
    return plans.none()


class SheetUploadForm(forms.Form):
    plan = forms.ModelChoiceField(queryset=Plan.objects.none(), label="Kế hoạch")
    import_file = forms.FileField(label="Tệp danh mục nhiệm vụ (.xlsx hoặc .csv)")

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = editable_plans(user)
        self.fields[
            "import_file"
        ].help_text = f"Theo mẫu “Tải mẫu Excel”. Tối đa {megabytes(upload_max_bytes())} MB."

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        try:
            check_upload_size(upload.size)
        except SpreadsheetError as exc:
            raise forms.ValidationError(exc.messages) from None
        return upload


def sign_preview(plan: Plan, upload: str, filename: str, versions: dict[str, int]) -> str:
    payload = {"plan": plan.pk, "upload": upload, "name": filename, "versions": versions}
    return signing.dumps(payload, salt=SIGNING_SALT, compress=True)


def unsign_preview(token: str) -> dict:
    return signing.loads(token, salt=SIGNING_SALT, max_age=TOKEN_MAX_AGE)


class TaskSpreadsheetAdminMixin:
    """Adds to the task admin: "Nhập từ Excel" (upload, preview, confirm) and, per plan,
    "Tải mẫu Excel" (areas only) and "Xuất danh sách nhiệm vụ theo mẫu" (the same file
    format with the tasks, so export → edit → import round-trips)."""

    sheet_template = "admin/tasks/task/import_sheet.html"
    # Extends import-export's export change list with the "Nhập từ Excel" button.
    change_list_template = "admin/tasks/task/change_list_sheet.html"

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("import-sheet/", wrap(self.import_sheet_view), name="tasks_task_import_sheet"),
            path(
                "import-sheet/confirm/",
                wrap(self.confirm_sheet_view),
                name="tasks_task_import_sheet_confirm",
            ),
            path(
                "sheet/<int:plan_id>/template/",
                wrap(self.sheet_download_view),
                {"with_tasks": False},
                name="tasks_task_sheet_template",
            ),
            path(
                "sheet/<int:plan_id>/tasks/",
                wrap(self.sheet_download_view),
                {"with_tasks": True},
                name="tasks_task_sheet_export",
            ),
            *super().get_urls(),
        ]

    def _check_import_permission(self, request):
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied

    def _plan_for_editor(self, request, plan_id) -> Plan:
        plan = get_object_or_404(Plan, pk=plan_id)
        if not can_read_unit(request.user, plan.unit_id):
            raise Http404
        if not can_edit_unit(request.user, plan.unit_id):
            raise PermissionDenied
        return plan

    def sheet_download_view(self, request, plan_id, with_tasks):
        if not self.has_view_permission(request):
            raise PermissionDenied
        plan = get_object_or_404(Plan, pk=plan_id)
        if not can_read_unit(request.user, plan.unit_id):
            raise Http404
        response = HttpResponse(plan_workbook(plan, with_tasks), content_type=XLSX_CONTENT_TYPE)
        name = template_filename(plan, with_tasks)
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response

    def _render(self, request, context):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Nhập danh mục nhiệm vụ từ bảng tính",
            **context,
        }
        return TemplateResponse(request, self.sheet_template, context)

    def _preview_page(self, request, form, preview, token=""):
        return self._render(
            request,
            {
                "form": form,
                "preview": preview,
                "errors": limit_messages(preview.errors),
                "warnings": limit_messages(preview.warnings),
                "token": token,
            },
        )

    def import_sheet_view(self, request):
        self._check_import_permission(request)
        initial = {}
        if request.GET.get("plan", "").isdigit():
            initial["plan"] = request.GET["plan"]
        form = SheetUploadForm(
            request.POST or None, request.FILES or None, user=request.user, initial=initial
        )
        if request.method == "POST" and form.is_valid():
            plan = self._plan_for_editor(request, form.cleaned_data["plan"].pk)
            upload = form.cleaned_data["import_file"]
            content = upload.read()
            preview = preview_file(plan, content, upload.name)
            token = ""
            if not preview.has_errors:
                name = uploads.remember(request, content)
                token = sign_preview(plan, name, upload.name, preview.versions)
            return self._preview_page(request, form, preview, token)
        return self._render(request, {"form": form})

    def confirm_sheet_view(self, request):
        self._check_import_permission(request)
        start = reverse("admin:tasks_task_import_sheet")
        if request.method != "POST":
            return HttpResponseRedirect(start)
        try:
            payload = unsign_preview(request.POST.get("token", ""))
        except signing.BadSignature:
            messages.error(
                request, "Phiên xem trước đã hết hạn hoặc không hợp lệ: tải tệp lên lại."
            )
            return HttpResponseRedirect(start)
        plan = self._plan_for_editor(request, payload["plan"])
        name, upload = payload.get("name", ""), payload.get("upload")
        expected = payload.get("versions")
        content = uploads.load(request, upload) if isinstance(expected, dict) else None
        if content is None:
            messages.warning(request, GONE)
            return HttpResponseRedirect(f"{start}?plan={plan.pk}")
        preview = import_plan_file(plan, content, name, dry_run=False, expected_versions=expected)
        form = SheetUploadForm(user=request.user, initial={"plan": plan.pk})
        if preview.has_errors:
            uploads.forget(request, upload)
            return self._preview_page(request, form, preview)
        if preview.stale:
            messages.warning(
                request,
                f"Chưa ghi gì: {changed_since(preview, expected)} nhiệm vụ của kế hoạch đã được "
                "sửa, thêm hoặc xoá sau khi xem trước. Dưới đây là kết quả kiểm tra mới: xem "
                "lại rồi bấm “Xác nhận nhập” lần nữa.",
            )
            token = sign_preview(plan, upload, name, preview.versions)
            return self._preview_page(request, form, preview, token)
        uploads.forget(request, upload)
        messages.success(request, f"Đã nhập {name} vào kế hoạch {plan.slug}: {preview.summary()}")
        return HttpResponseRedirect(
            reverse("admin:tasks_task_changelist") + f"?plan__id__exact={plan.pk}"
        )
