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

The confirm step posts a signed copy of the uploaded file (compressed, valid for an hour) and
re-runs the whole check inside the writing transaction, so what is written is what was checked.
"""

from __future__ import annotations

import base64

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
from tasks.spreadsheet import (
    XLSX_CONTENT_TYPE,
    import_plan_file,
    limit_messages,
    plan_workbook,
    preview_file,
    template_filename,
)

SIGNING_SALT = "tasks.spreadsheet-import"
TOKEN_MAX_AGE = 3600
MAX_UPLOAD_BYTES = 5 * 1024 * 1024


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
    import_file = forms.FileField(
        label="Tệp danh mục nhiệm vụ (.xlsx hoặc .csv)",
        help_text="Theo mẫu “Tải mẫu Excel”. Tối đa 5 MB.",
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = editable_plans(user)

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("Tệp lớn hơn 5 MB.")
        return upload


def sign_upload(plan: Plan, name: str, content: bytes) -> str:
    payload = {"plan": plan.pk, "name": name, "data": base64.b64encode(content).decode()}
    return signing.dumps(payload, salt=SIGNING_SALT, compress=True)


def unsign_upload(token: str) -> tuple[int, str, bytes]:
    payload = signing.loads(token, salt=SIGNING_SALT, max_age=TOKEN_MAX_AGE)
    return payload["plan"], payload["name"], base64.b64decode(payload["data"])


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
            return self._render(
                request,
                {
                    "form": form,
                    "preview": preview,
                    "errors": limit_messages(preview.errors),
                    "warnings": limit_messages(preview.warnings),
                    "token": "" if preview.has_errors else sign_upload(plan, upload.name, content),
                },
            )
        return self._render(request, {"form": form})

    def confirm_sheet_view(self, request):
        self._check_import_permission(request)
        if request.method != "POST":
            return HttpResponseRedirect(reverse("admin:tasks_task_import_sheet"))
        try:
            plan_id, name, content = unsign_upload(request.POST.get("token", ""))
        except signing.BadSignature:
            messages.error(
                request, "Phiên xem trước đã hết hạn hoặc không hợp lệ: tải tệp lên lại."
            )
            return HttpResponseRedirect(reverse("admin:tasks_task_import_sheet"))
        plan = self._plan_for_editor(request, plan_id)
        preview = import_plan_file(plan, content, name, dry_run=False)
        if preview.has_errors:
            return self._render(
                request,
                {
                    "form": SheetUploadForm(user=request.user, initial={"plan": plan.pk}),
                    "preview": preview,
                    "errors": limit_messages(preview.errors),
                    "warnings": limit_messages(preview.warnings),
                    "token": "",
                },
            )
        messages.success(request, f"Đã nhập {name} vào kế hoạch {plan.slug}: {preview.summary()}")
        return HttpResponseRedirect(
            reverse("admin:tasks_task_changelist") + f"?plan__id__exact={plan.pk}"
        )
