from django.contrib import admin

from indicators.models import Indicator


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
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
    list_filter = ["plan", "unit", "comparator"]
    list_select_related = ["plan", "area"]
    search_fields = ["statement", "subject", "code"]
    autocomplete_fields = ["responsible"]
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
        "responsible",
    ]

    @admin.display(description="STT", ordering="order")
    def display_code(self, obj):
        return obj.display_code

    @admin.display(description="chỉ tiêu")
    def short_statement(self, obj):
        return obj.short_statement
