from django.contrib import admin
from django.db.models import Exists, OuterRef, Prefetch

from plans.models import Agency, PlanArea
from tasks.models import AssignmentRole, Task, TaskAssignment

QUARTER_LABELS = {1: "I", 2: "II", 3: "III", 4: "IV"}


class LeadAgencyFilter(admin.SimpleListFilter):
    title = "cơ quan chủ trì"
    parameter_name = "lead"

    def lookups(self, request, model_admin):
        leads = Agency.objects.filter(
            Exists(TaskAssignment.objects.filter(agency=OuterRef("pk"), role=AssignmentRole.LEAD))
        ).select_related("district")
        return [(str(a.pk), f"{a.name} ({a.district.name})") for a in leads]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        return queryset.filter(
            Exists(
                TaskAssignment.objects.filter(
                    task=OuterRef("pk"), role=AssignmentRole.LEAD, agency_id=self.value()
                )
            )
        )


class PlanAreaFilter(admin.SimpleListFilter):
    """The plan's own area headings, offered once a plan is chosen (headings differ per plan)."""

    title = "lĩnh vực của kế hoạch"
    parameter_name = "area"

    def lookups(self, request, model_admin):
        plan_id = request.GET.get("plan__id__exact")
        if not plan_id or not plan_id.isdigit():
            return []
        return [(str(a.pk), str(a)) for a in PlanArea.objects.filter(plan_id=plan_id)]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(area_id=self.value())
        return queryset


class DueQuarterFilter(admin.SimpleListFilter):
    title = "hạn hoàn thành trong quý"
    parameter_name = "due_quarter"

    def lookups(self, request, model_admin):
        years = [d.year for d in Task.objects.dates("due_date", "year")]
        return [
            (f"{year}-Q{q}", f"Quý {QUARTER_LABELS[q]}/{year}")
            for year in years
            for q in (1, 2, 3, 4)
        ]

    def queryset(self, request, queryset):
        value = self.value() or ""
        year, _, quarter = value.partition("-Q")
        if year.isdigit() and quarter in {"1", "2", "3", "4"}:
            return queryset.filter(due_date__year=int(year), due_date__quarter=int(quarter))
        return queryset


class TaskAssignmentInline(admin.TabularInline):
    model = TaskAssignment
    extra = 1
    fields = ["role", "agency", "order", "name_as_written"]
    autocomplete_fields = ["agency"]


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = [
        "display_code",
        "short_title",
        "area_numeral",
        "lead_agencies",
        "deadline_text",
        "due_date",
        "status",
    ]
    list_display_links = ["display_code", "short_title"]
    list_filter = [
        "plan",
        PlanAreaFilter,
        ("area__reform_area", admin.RelatedOnlyFieldListFilter),
        LeadAgencyFilter,
        "deadline_kind",
        "status",
        DueQuarterFilter,
        "initiative",
    ]
    list_select_related = ["plan", "area", "parent"]
    search_fields = ["title", "products", "code", "assignments__agency__name"]
    list_per_page = 100
    inlines = [TaskAssignmentInline]
    raw_id_fields = ["parent"]
    fieldsets = [
        (None, {"fields": ["plan", "area", "parent", "code", "order"]}),
        (
            "Nội dung",
            {"fields": ["objective", "title", "activities", "products", "expected_result"]},
        ),
        (
            "Thời gian",
            {"fields": ["deadline_text", "deadline_kind", "due_date", "milestones"]},
        ),
        (None, {"fields": ["status", "initiative", "notes"]}),
    ]

    def get_queryset(self, request):
        leads = TaskAssignment.objects.filter(role=AssignmentRole.LEAD).select_related("agency")
        return (
            super()
            .get_queryset(request)
            .prefetch_related(Prefetch("assignments", queryset=leads, to_attr="lead_assignments"))
        )

    @admin.display(description="STT", ordering="order")
    def display_code(self, obj):
        return obj.display_code or "—"

    @admin.display(description="nhiệm vụ")
    def short_title(self, obj):
        return obj.short_title

    @admin.display(description="lĩnh vực", ordering="area__order")
    def area_numeral(self, obj):
        return obj.area.numeral

    @admin.display(description="cơ quan chủ trì")
    def lead_agencies(self, obj):
        return "; ".join(a.agency.label for a in obj.lead_assignments) or "—"


@admin.register(TaskAssignment)
class TaskAssignmentAdmin(admin.ModelAdmin):
    list_display = ["task", "role", "agency", "name_as_written"]
    list_filter = ["role", "task__plan"]
    list_select_related = ["task", "task__parent", "agency"]
    search_fields = ["agency__name", "name_as_written", "task__title"]
    autocomplete_fields = ["agency"]
    raw_id_fields = ["task"]
