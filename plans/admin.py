from django.contrib import admin
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from import_export.admin import ExportMixin

from plans.admin_params import CheckedFiltersAdmin
from plans.admin_scoping import (
    ProvinceFilter,
    UnitScopedAdmin,
    UnitScopedRelatedFilter,
)
from plans.forms import AgencyAdminForm
from plans.models import AdministrativeUnit, Agency, Plan, PlanArea, ReformArea
from plans.resources import AgencyResource
from plans.search import fold
from plans.user_admin import UserAdmin  # noqa: F401  (registers the user admin)
from reformplan.exchange import EXPORT_FORMATS


@admin.register(AdministrativeUnit)
class UnitAdmin(CheckedFiltersAdmin, UnitScopedAdmin, admin.ModelAdmin):
    unit_path = "pk"
    list_display = ["name", "unit_type", "level", "parent", "slug"]
    list_filter = ["level", ProvinceFilter]
    list_select_related = ["parent"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Agency)
class AgencyAdmin(CheckedFiltersAdmin, ExportMixin, UnitScopedAdmin, admin.ModelAdmin):
    resource_classes = [AgencyResource]
    export_formats = EXPORT_FORMATS
    form = AgencyAdminForm
    list_display = ["name", "short_name", "kind", "unit"]
    list_filter = [ProvinceFilter, ("unit", UnitScopedRelatedFilter), "kind"]
    list_select_related = ["unit__parent"]
    # Folded names (plans.search): diacritics and case ignored, also in autocompletes.
    search_fields = ["search_text"]

    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(request, queryset, fold(search_term))


@admin.register(ReformArea)
class ReformAreaAdmin(CheckedFiltersAdmin, admin.ModelAdmin):
    list_display = ["order", "code", "name"]
    list_display_links = ["code", "name"]
    search_fields = ["name", "code"]


@admin.register(PlanArea)
class PlanAreaAdmin(CheckedFiltersAdmin, UnitScopedAdmin, admin.ModelAdmin):
    unit_path = "plan__unit"
    list_display = ["__str__", "plan", "reform_area", "target_points", "max_points"]
    list_filter = [ProvinceFilter, ("plan", UnitScopedRelatedFilter), "reform_area"]
    list_select_related = ["plan", "reform_area"]
    search_fields = ["heading", "numeral", "plan__title"]


@admin.register(Plan)
class PlanAdmin(CheckedFiltersAdmin, UnitScopedAdmin, admin.ModelAdmin):
    list_display = ["title", "unit", "number_label", "issue_date", "period", "task_count"]
    list_filter = [ProvinceFilter, ("unit", UnitScopedRelatedFilter), "kind", "start_year"]
    list_select_related = ["unit__parent"]
    search_fields = ["title", "number", "slug", "unit__name"]
    date_hierarchy = "issue_date"
    # The plan's areas as a compact list linking to their own pages (an inline of seven wide
    # columns made the form 2,600 px wide).
    readonly_fields = ["area_list", "task_links"]
    fieldsets = [
        (None, {"fields": ["unit", "slug", "number", "title", "kind"]}),
        ("Thời gian", {"fields": ["start_year", "end_year", "issue_date"]}),
        ("Văn bản", {"fields": ["issuer", "signer", "source_document", "notes"]}),
        ("Báo cáo định kỳ", {"fields": ["report_due_day", "data_cutoff"]}),
        ("Lĩnh vực", {"fields": ["area_list"]}),
        ("Liên kết", {"fields": ["task_links"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(task_total=Count("tasks"))

    @admin.display(description="số hiệu", ordering="number")
    def number_label(self, obj):
        return obj.number_label

    @admin.display(description="giai đoạn", ordering="start_year")
    def period(self, obj):
        return obj.period_label

    @admin.display(description="số nhiệm vụ", ordering="task_total")
    def task_count(self, obj):
        return obj.task_total

    @admin.display(description="các lĩnh vực")
    def area_list(self, obj):
        if not obj.pk:
            return "Lưu kế hoạch trước, rồi thêm lĩnh vực."
        areas = PlanArea.objects.filter(plan=obj).select_related("reform_area").order_by("order")
        rows = format_html_join(
            "",
            '<li class="plan-area-row"><a href="{}">{} {}</a> <span class="quiet">({})</span></li>',
            (
                (
                    reverse("admin:plans_planarea_change", args=[area.pk]),
                    area.numeral,
                    area.heading,
                    area.reform_area or "chưa gắn lĩnh vực chuẩn",
                )
                for area in areas
            ),
        )
        add = reverse("admin:plans_planarea_add") + f"?plan={obj.pk}"
        listed = reverse("admin:plans_planarea_changelist") + f"?plan__id__exact={obj.pk}"
        return format_html(
            '<ul class="plan-areas">{}</ul><a href="{}">Thêm lĩnh vực</a> · '
            '<a href="{}">Danh sách lĩnh vực của kế hoạch</a>',
            rows,
            add,
            listed,
        )

    @admin.display(description="nhiệm vụ và chỉ tiêu")
    def task_links(self, obj):
        if not obj.pk:
            return "—"
        tasks = reverse("admin:tasks_task_changelist") + f"?plan__id__exact={obj.pk}"
        indicators = reverse("admin:indicators_indicator_changelist") + f"?plan__id__exact={obj.pk}"
        report = reverse("report-index", args=[obj.slug])
        links = format_html(
            '<a href="{}">Danh sách nhiệm vụ của kế hoạch</a> · <a href="{}">Danh sách chỉ tiêu</a>'
            ' · <a href="{}">Báo cáo quý</a>',
            tasks,
            indicators,
            report,
        )
        # The task-list spreadsheet (tasks.spreadsheet.admin_view): template, export, upload.
        return links + format_html(
            '<br><a href="{}">Tải mẫu Excel</a> · <a href="{}">Xuất danh sách nhiệm vụ theo mẫu</a>'
            ' · <a href="{}">Nhập từ Excel</a>',
            reverse("admin:tasks_task_sheet_template", args=[obj.pk]),
            reverse("admin:tasks_task_sheet_export", args=[obj.pk]),
            reverse("admin:tasks_task_import_sheet") + f"?plan={obj.pk}",
        )
