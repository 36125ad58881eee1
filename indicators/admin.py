from django.contrib import admin
from import_export.admin import ExportMixin

from indicators.actuals_import import ActualsImportMixin
from indicators.models import Indicator, IndicatorActual
from indicators.resources import IndicatorResource
from plans.admin_scoping import UnitScopedAdmin, UnitScopedInline
from reformplan.exchange import EXPORT_FORMATS


class IndicatorActualInline(UnitScopedInline, admin.TabularInline):
    unit_path = "indicator__plan__unit"
    model = IndicatorActual
    extra = 0
    fields = ["year", "quarter", "value", "source", "note", "entered_by", "entered_at"]
    readonly_fields = ["entered_by", "entered_at"]


@admin.register(Indicator)
class IndicatorAdmin(ExportMixin, UnitScopedAdmin, admin.ModelAdmin):
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
    fields = [
        "plan",
        "area",
        "code",
        "part",
        "order",
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
class IndicatorActualAdmin(ActualsImportMixin, UnitScopedAdmin, admin.ModelAdmin):
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
