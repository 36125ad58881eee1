from django import forms
from django.contrib import admin
from django.db.models import Max
from import_export.admin import ExportMixin

from indicators.actuals_import import ActualsImportMixin
from indicators.models import Indicator, IndicatorActual
from indicators.resources import IndicatorResource
from plans.admin_params import CheckedFiltersAdmin
from plans.admin_scoping import UnitScopedAdmin, UnitScopedInline
from reformplan.exchange import EXPORT_FORMATS
from tasks.forms import move_constraint_errors_to_fields

# Model constraints whose error is shown at one field of the target form.
CONSTRAINT_FIELDS = {
    "indicators_indicator_target_not_negative": "target_value",
    "indicators_indicator_value_required": "target_value",
    "indicators_indicator_base_year_range": "base_year",
}


class IndicatorAdminForm(forms.ModelForm):
    def _post_clean(self):
        super()._post_clean()
        move_constraint_errors_to_fields(self, CONSTRAINT_FIELDS)


class IndicatorActualInline(UnitScopedInline, admin.TabularInline):
    unit_path = "indicator__plan__unit"
    model = IndicatorActual
    extra = 0
    fields = ["year", "quarter", "value", "source", "note", "entered_by", "entered_at"]
    readonly_fields = ["entered_by", "entered_at"]


@admin.register(Indicator)
class IndicatorAdmin(CheckedFiltersAdmin, ExportMixin, UnitScopedAdmin, admin.ModelAdmin):
    unit_path = "plan__unit"
    resource_classes = [IndicatorResource]
    export_formats = EXPORT_FORMATS
    list_display = [
        "display_code",
        "short_statement",
        "plan",
        "subject",
        "comparator",
        "target_value",
        "unit",
    ]
    list_display_links = ["display_code", "short_statement"]
    list_filter = [("plan", admin.RelatedOnlyFieldListFilter), "unit", "comparator"]
    list_select_related = ["plan", "area"]
    search_fields = ["statement", "subject", "code"]
    autocomplete_fields = ["responsible"]
    inlines = [IndicatorActualInline]
    form = IndicatorAdminForm
    # One notion of order: the number as written ("số thứ tự"); the position in the plan
    # (`order`) is kept, and a target added here goes last (save_model).
    fields = [
        "plan",
        "area",
        "code",
        "part",
        "statement",
        "clause",
        "subject",
        "comparator",
        "target_value",
        "max_value",
        "unit",
        "baseline",
        "base_year",
        "responsible",
    ]

    @admin.display(description="STT", ordering="order")
    def display_code(self, obj):
        return obj.display_code

    @admin.display(description="chỉ tiêu")
    def short_statement(self, obj):
        return obj.short_statement

    def save_model(self, request, obj, form, change):
        if not change:  # another part of a listed target stays by its side
            in_plan = Indicator.objects.filter(plan_id=obj.plan_id)
            sibling = in_plan.filter(code=obj.code).values_list("order", flat=True).first()
            last = in_plan.aggregate(last=Max("order"))["last"]
            obj.order = sibling if sibling is not None else (last or 0) + 1
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        # Record who typed each new or changed actual, as the entry page does.
        if formset.model is IndicatorActual:
            for actual in formset.save(commit=False):
                actual.entered_by = request.user
                actual.save()
            for actual in formset.deleted_objects:
                actual.delete()
            formset.save_m2m()
            return
        super().save_formset(request, form, formset, change)


@admin.register(IndicatorActual)
class IndicatorActualAdmin(
    CheckedFiltersAdmin, ActualsImportMixin, UnitScopedAdmin, admin.ModelAdmin
):
    unit_path = "indicator__plan__unit"
    list_display = ["indicator", "period", "value", "source", "entered_by", "entered_at"]
    list_filter = [("indicator__plan", admin.RelatedOnlyFieldListFilter), "year", "quarter"]
    list_select_related = ["indicator", "entered_by"]
    search_fields = ["indicator__statement", "indicator__code", "source", "note"]
    autocomplete_fields = ["indicator"]
    readonly_fields = ["entered_by", "entered_at"]
    fields = ["indicator", "year", "quarter", "value", "source", "note", "entered_by", "entered_at"]

    @admin.display(description="kỳ", ordering="year")
    def period(self, obj):
        return f"Quý {obj.quarter}/{obj.year}"

    def save_model(self, request, obj, form, change):
        obj.entered_by = request.user
        super().save_model(request, obj, form, change)


from indicators.par import admin as par_admin  # noqa: F401,E402
