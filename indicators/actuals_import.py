"""The actuals import in the admin: django-import-export's upload → dry run → confirm, for one
plan and one period chosen on the form (`IndicatorActualResource` does the rows)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied
from import_export.admin import ImportMixin
from import_export.forms import ConfirmImportForm, ImportForm

from indicators.resources import IndicatorActualResource
from plans.access import ROLE_OFFICE, ROLE_SUPERUSER, can_edit_unit, role_of, user_unit_id
from plans.models import Plan
from plans.periods import Period
from reformplan.exchange import SafeCSV, SafeXLSX


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
            "(không bắt buộc)."
        )


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

    def has_import_permission(self, request):
        return self.has_add_permission(request) and self.has_change_permission(request)

    def get_import_form_kwargs(self, request):
        return {**super().get_import_form_kwargs(request), "user": request.user}

    def get_confirm_form_initial(self, request, import_form):
        initial = super().get_confirm_form_initial(request, import_form)
        if import_form is not None:
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
