"""Criteria-set pages: the set's tree, its .xlsx (and the empty template), publish, new version,
and the import (upload → preview → confirm). Thin: access from `access`, writes in `sets` and
`set_import`.

Outside the user's scope a set answers 404; a reader's write (publish, new version, import)
answers 403.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from indicators.par.access import can_manage_province, set_for_manager, sets_visible
from indicators.par.models import CriteriaSet, ScoringRule
from indicators.par.set_import import build_preview, confirm_import
from indicators.par.sets import new_version, publish_set, set_problems
from indicators.par.workbook import set_filename, set_workbook
from plans.access import ROLE_PROVINCE, ROLE_SUPERUSER, role_of, user_unit_id
from plans.units import AdministrativeUnit, UnitLevel
from tasks.spreadsheet import uploads
from tasks.spreadsheet.columns import XLSX_CONTENT_TYPE, SpreadsheetError
from tasks.spreadsheet.limits import check_upload_size, megabytes, upload_max_bytes

SIGNING_SALT = "indicators.par.set-import"
TOKEN_MAX_AGE = 3600
MANAGERS = (ROLE_SUPERUSER, ROLE_PROVINCE)


def _visible_set(user, set_id: int) -> CriteriaSet:
    criteria_set = sets_visible(user).filter(pk=set_id).first()
    if criteria_set is None:
        raise Http404
    return criteria_set


def _managed_set(user, set_id: int) -> CriteriaSet:
    """The set for a write: 404 outside the user's scope, 403 for a reader."""
    criteria_set = _visible_set(user, set_id)
    if not can_manage_province(user, criteria_set.province_id):
        raise PermissionDenied("Chỉ Sở Nội vụ của tỉnh được thay đổi bộ tiêu chí.")
    return criteria_set


@login_required
def set_page(request, set_id):
    criteria_set = _visible_set(request.user, set_id)
    manager = can_manage_province(request.user, criteria_set.province_id)
    criteria = list(criteria_set.criteria.select_related("reform_area").order_by("order"))
    missing = [c for c in criteria if c.rule != ScoringRule.SUM and c.max_score is None]
    context = {
        "criteria_set": criteria_set,
        "rows": [(c, c.code.count(".")) for c in criteria],
        "missing_count": len(missing),
        "manager": manager,
        "problems": [],
        "versions": [],
    }
    if manager:
        if not criteria_set.is_published:
            context["problems"] = set_problems(criteria_set, criteria)
        context["versions"] = list(
            CriteriaSet.objects.filter(
                province_id=criteria_set.province_id,
                year=criteria_set.year,
                level=criteria_set.level,
            ).order_by("-version")
        )
        context["latest"] = context["versions"][0]
    return render(request, "indicators/par/set_page.html", context)


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def set_export(request, set_id):
    criteria_set = _visible_set(request.user, set_id)
    return _xlsx(set_workbook(criteria_set), set_filename(criteria_set))


@login_required
def set_template(request):
    return _xlsx(set_workbook(None), set_filename(None))


@login_required
@require_POST
def set_publish(request, set_id):
    criteria_set = _managed_set(request.user, set_id)
    try:
        publish_set(criteria_set, request.user)
    except ValidationError as exc:
        messages.error(request, f"Chưa ban hành được {criteria_set}: {len(exc.messages)} vấn đề.")
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, f"Đã ban hành {criteria_set}.")
    return redirect("par-set", set_id=criteria_set.pk)


@login_required
@require_POST
def set_new_version(request, set_id):
    criteria_set = _managed_set(request.user, set_id)
    try:
        copy = new_version(criteria_set, request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("par-set", set_id=criteria_set.pk)
    messages.success(request, f"Đã tạo phiên bản {copy.version} (dự thảo) từ {criteria_set}.")
    return redirect("par-set", set_id=copy.pk)


# --------------------------------------------------------------------------- import


class SetImportForm(forms.Form):
    province = forms.ModelChoiceField(
        queryset=AdministrativeUnit.objects.none(), label="Tỉnh, thành phố"
    )
    criteria_set = forms.IntegerField(widget=forms.HiddenInput, required=False)
    import_file = forms.FileField(label="Tệp bộ tiêu chí (.xlsx)")

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["province"]
        if role_of(user) == ROLE_SUPERUSER:
            field.queryset = AdministrativeUnit.objects.filter(level=UnitLevel.PROVINCE)
        else:  # the province's own staff import only for their province
            field.queryset = AdministrativeUnit.objects.filter(pk=user_unit_id(user))
            field.initial = user_unit_id(user)
            field.disabled = True
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


def _chosen_set(user, value) -> CriteriaSet | None:
    return set_for_manager(user, int(value)) if value else None


def _sign(preview, upload: str) -> str:
    payload = {
        "province": preview.province.pk,
        "set": preview.chosen.pk if preview.chosen else None,
        "upload": upload,
        "name": preview.filename,
        "fingerprint": preview.fingerprint,
    }
    return signing.dumps(payload, salt=SIGNING_SALT, compress=True)


def _import_page(request, form, preview=None, token=""):
    context = {"form": form, "preview": preview, "token": token}
    if preview is not None:
        context["errors"] = preview.limited(preview.errors)
        context["warnings"] = preview.limited(preview.warnings)
    return render(request, "indicators/par/set_import.html", context)


@login_required
def set_import(request):
    if role_of(request.user) not in MANAGERS:
        raise PermissionDenied("Chỉ Sở Nội vụ của tỉnh được nhập bộ tiêu chí.")
    if request.method == "POST" and "token" in request.POST:
        return _confirm(request)
    wanted = request.GET.get("set", "")
    chosen = _chosen_set(request.user, wanted if wanted.isdigit() else None)
    initial = {"criteria_set": chosen.pk, "province": chosen.province_id} if chosen else {}
    form = SetImportForm(
        request.POST or None, request.FILES or None, user=request.user, initial=initial
    )
    if request.method != "POST" or not form.is_valid():
        return _import_page(request, form)
    province = form.cleaned_data["province"]
    if not can_manage_province(request.user, province.pk):
        raise Http404
    chosen = _chosen_set(request.user, form.cleaned_data.get("criteria_set"))
    upload = form.cleaned_data["import_file"]
    content = upload.read()
    preview = build_preview(content, upload.name, province, chosen)
    token = ""
    if not preview.has_errors:
        token = _sign(preview, uploads.remember(request, content))
    return _import_page(request, form, preview, token)


def _confirm(request):
    start = reverse("par-set-import")
    try:
        payload = signing.loads(
            request.POST.get("token", ""), salt=SIGNING_SALT, max_age=TOKEN_MAX_AGE
        )
    except signing.BadSignature:
        messages.error(request, "Phiên xem trước đã hết hạn hoặc không hợp lệ: tải tệp lên lại.")
        return redirect(start)
    province = AdministrativeUnit.objects.filter(pk=payload.get("province")).first()
    if province is None or not can_manage_province(request.user, province.pk):
        raise Http404
    chosen = _chosen_set(request.user, payload.get("set"))
    name, upload = payload.get("name", ""), payload.get("upload")
    content = uploads.load(request, upload)
    if content is None:
        messages.warning(request, uploads.GONE)
        return redirect(start)
    preview = confirm_import(
        content, name, province, chosen, payload.get("fingerprint"), request.user
    )
    initial = {"province": province.pk, "criteria_set": chosen.pk if chosen else None}
    form = SetImportForm(user=request.user, initial=initial)
    if preview.has_errors:
        uploads.forget(request, upload)
        return _import_page(request, form, preview)
    if preview.stale:
        messages.warning(
            request,
            "Chưa ghi gì: bộ tiêu chí đã được sửa sau khi xem trước. Dưới đây là kết quả kiểm "
            "tra mới: xem lại rồi bấm “Xác nhận nhập” lần nữa.",
        )
        return _import_page(request, form, preview, _sign(preview, upload))
    uploads.forget(request, upload)
    result = preview.result
    messages.success(request, f"Đã nhập {name} vào {result}: {preview.summary()}")
    return redirect("par-set", set_id=result.pk)
