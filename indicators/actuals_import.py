"""The actuals import in the admin: django-import-export's upload → dry run → confirm, for one
plan and one period chosen on the form (`IndicatorActualResource` does the rows).

Before the library parses anything, the form checks the upload's size, the uncompressed size
of an .xlsx and its rows and columns (`tasks.spreadsheet.limits`, the task import's limits).
Between preview and confirm the file is kept by `tasks.spreadsheet.uploads` under a random
name that the session remembers: the confirm form's hidden file name is checked against it,
a second confirm (a double click) gets a message, and an upload whose preview had errors is
deleted at once (the others expire: `manage.py cleanup_imports`).
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.urls import reverse
from import_export.admin import ImportMixin
from import_export.forms import ConfirmImportForm, ImportForm

from indicators.resources import ACTUALS_MAX_ROWS, IndicatorActualResource
from plans.access import ROLE_OFFICE, ROLE_SUPERUSER, can_edit_unit, role_of, user_unit_id
from plans.models import Plan
from plans.periods import Period
from reformplan.exchange import SafeCSV, SafeXLSX
from tasks.spreadsheet import uploads
from tasks.spreadsheet.columns import SpreadsheetError
from tasks.spreadsheet.limits import (
    check_upload,
    check_upload_size,
    megabytes,
    upload_max_bytes,
)

GONE = uploads.GONE


def editable_plans(user):
    role = role_of(user)
    plans = Plan.objects.select_related("unit")
    if role == ROLE_SUPERUSER:
        return plans
    if role == ROLE_OFFICE:
        return plans.filter(unit_id=user_unit_id(user))
    return plans.none()


def _period_choices():
    from django.utils import timezone

    year = timezone.localdate().year
    return [
        (Period(y, q).slug, Period(y, q).label)
        for y in range(year + 1, year - 8, -1)
        for q in (4, 3, 2, 1)
    ]


class _PlanPeriodMixin:
    def clean(self):
        cleaned = super().clean()
        plan, period = cleaned.get("plan"), Period.parse(cleaned.get("period") or "")
        if period is None:
            self.add_error("period", "Kỳ báo cáo không hợp lệ.")
        elif plan is not None and period.year not in plan.years:
            self.add_error(
                "period", f"Kỳ báo cáo phải thuộc thời gian của kế hoạch ({plan.period_label})."
            )
        cleaned["period_obj"] = period
        return cleaned


class ActualsImportForm(_PlanPeriodMixin, ImportForm):
    plan = forms.ModelChoiceField(queryset=Plan.objects.none(), label="Kế hoạch")
    period = forms.ChoiceField(choices=(), label="Kỳ báo cáo")
    field_order = ["plan", "period", "resource", "import_file", "format"]

    def __init__(self, formats, resources, user=None, **kwargs):
        super().__init__(formats, resources, **kwargs)
        self.fields["plan"].queryset = editable_plans(user)
        self.fields["period"].choices = _period_choices()
        self.fields["import_file"].help_text = (
            "Các cột: “Mã chỉ tiêu” (như STT của chỉ tiêu), “Kết quả”, “Ghi chú”, “Nguồn” "
            f"(không bắt buộc). Tối đa {ACTUALS_MAX_ROWS} dòng, "
            f"{megabytes(upload_max_bytes())} MB."
        )

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        try:
            check_upload_size(upload.size)  # before reading the body
            content = upload.read()
            upload.seek(0)
            check_upload(content, ACTUALS_MAX_ROWS)
        except SpreadsheetError as exc:
            raise forms.ValidationError(exc.messages) from None
        return upload


class ActualsConfirmForm(_PlanPeriodMixin, ConfirmImportForm):
    plan = forms.ModelChoiceField(queryset=Plan.objects.all(), widget=forms.HiddenInput)
    period = forms.CharField(widget=forms.HiddenInput)


class ActualsImportMixin(ImportMixin):
    """ImportMixin for `IndicatorActualAdmin`: plan and period on the form, scoped to the
    plans the user may change, values entered in the name of the importing user."""

    resource_classes = [IndicatorActualResource]
    import_formats = [SafeXLSX, SafeCSV]
    import_form_class = ActualsImportForm
    confirm_form_class = ActualsConfirmForm
    tmp_storage_class = uploads.SessionUploadStorage

    def import_action(self, request, **kwargs):
        response = super().import_action(request, **kwargs)
        form = (getattr(response, "context_data", None) or {}).get("form")
        upload = getattr(form, "cleaned_data", {}).get("import_file") if form else None
        name = getattr(upload, "tmp_storage_name", None)
        if name and "confirm_form" not in response.context_data:
            uploads.delete_content(name)  # the preview had errors: nothing to confirm
        return response

    def process_import(self, request, **kwargs):
        name = request.POST.get("import_file_name", "")
        if request.method == "POST" and not uploads.is_remembered(request, name):
            messages.warning(request, GONE)
            return HttpResponseRedirect(
                reverse("admin:indicators_indicatoractual_import", current_app=self.admin_site.name)
            )
        try:
            response = super().process_import(request, **kwargs)
        except FileNotFoundError:
            uploads.forget_name(request, name)
            messages.warning(request, GONE)
            return HttpResponseRedirect(
                reverse("admin:indicators_indicatoractual_import", current_app=self.admin_site.name)
            )
        if response.status_code == 302:
            uploads.forget_name(request, name)
        return response

    def has_import_permission(self, request):
        return self.has_add_permission(request) and self.has_change_permission(request)

    def get_import_form_kwargs(self, request):
        return {**super().get_import_form_kwargs(request), "user": request.user}

    def get_confirm_form_initial(self, request, import_form):
        initial = super().get_confirm_form_initial(request, import_form)
        if import_form is not None:
            uploads.remember_name(request, initial["import_file_name"])
            initial["plan"] = import_form.cleaned_data["plan"].pk
            initial["period"] = import_form.cleaned_data["period"]
        return initial

    def get_import_resource_kwargs(self, request, **kwargs):
        form = kwargs.get("form")
        data = getattr(form, "cleaned_data", None) or {}
        plan = data.get("plan")
        if plan is not None and not can_edit_unit(request.user, plan.unit_id):
            raise PermissionDenied
        return {"plan": plan, "period": data.get("period_obj"), "user": request.user}
