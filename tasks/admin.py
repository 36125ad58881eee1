from django.contrib import admin
from django.db.models import Exists, Max, Min, OuterRef, Prefetch
from django.urls import reverse
from django.utils.html import format_html
from import_export.admin import ExportMixin

from plans.admin_params import CheckedFiltersAdmin, is_id, is_quarter
from plans.admin_scoping import (
    ProvinceFilter,
    UnitScopedAdmin,
    UnitScopedInline,
    UnitScopedRelatedFilter,
    filter_by_unit,
    scoped_unit_id,
    superuser_choices,
)
from plans.models import Agency, Plan, PlanArea
from plans.search import fold
from reformplan.exchange import EXPORT_FORMATS
from tasks.forms import REASON_FIELD, AssignmentInlineFormSet, TaskAdminForm
from tasks.models import AssignmentRole, ProgressReport, Task, TaskAssignment
from tasks.resources import TaskResource
from tasks.services import StaleVersionError, claim_version
from tasks.spreadsheet.admin_view import TaskSpreadsheetAdminMixin

QUARTER_LABELS = {1: "I", 2: "II", 3: "III", 4: "IV"}


class LeadAgencyFilter(admin.SimpleListFilter):
    title = "cơ quan chủ trì"
    parameter_name = "lead"

    def lookups(self, request, model_admin):
        leads = Agency.objects.filter(
            Exists(TaskAssignment.objects.filter(agency=OuterRef("pk"), role=AssignmentRole.LEAD))
        ).select_related("unit")
        unit_id = scoped_unit_id(request)
        if unit_id is None:
            # A superuser: the lead agencies of the chosen plan's unit, never the country's.
            leads = superuser_choices(request, leads, "unit", by_province=False)
            if leads is None:
                return []
        else:
            leads = filter_by_unit(leads, "unit", unit_id)
        return [(str(a.pk), f"{a.name} ({a.unit.name})") for a in leads]

    def queryset(self, request, queryset):
        if not is_id(self.value() or ""):
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
        areas = PlanArea.objects.filter(plan_id=plan_id)
        areas = filter_by_unit(areas, "plan__unit", scoped_unit_id(request))
        return [(str(a.pk), str(a)) for a in areas]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(area_id=self.value())
        return queryset


class DueQuarterFilter(admin.SimpleListFilter):
    title = "hạn hoàn thành trong quý"
    parameter_name = "due_quarter"

    def lookups(self, request, model_admin):
        # The years from the first to the last due date: two index lookups, where the distinct
        # years of every due date would read every task in scope.
        span = model_admin.get_queryset(request).aggregate(
            first=Min("due_date"), last=Max("due_date")
        )
        if span["first"] is None:
            return []
        years = range(span["first"].year, span["last"].year + 1)
        return [
            (f"{year}-Q{q}", f"Quý {QUARTER_LABELS[q]}/{year}")
            for year in years
            for q in (1, 2, 3, 4)
        ]

    def queryset(self, request, queryset):
        value = self.value() or ""
        if is_quarter(value):
            year, _, quarter = value.partition("-Q")
            return queryset.filter(due_date__year=int(year), due_date__quarter=int(quarter))
        return queryset


class TaskAssignmentInline(UnitScopedInline, admin.TabularInline):
    unit_path = "task__plan__unit"
    model = TaskAssignment
    formset = AssignmentInlineFormSet
    extra = 1
    fields = ["role", "agency", "order", "name_as_written"]
    autocomplete_fields = ["agency"]


@admin.register(Task)
class TaskAdmin(
    CheckedFiltersAdmin, TaskSpreadsheetAdminMixin, ExportMixin, UnitScopedAdmin, admin.ModelAdmin
):
    # Exports through django-import-export; the task-list import is tasks.import_admin's.
    resource_classes = [TaskResource]
    export_formats = EXPORT_FORMATS
    unit_path = "plan__unit"
    form = TaskAdminForm
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
    parameter_checks = {"province": is_id, "lead": is_id, "area": is_id, "due_quarter": is_quarter}
    list_filter = [
        ProvinceFilter,
        ("plan", UnitScopedRelatedFilter),
        PlanAreaFilter,
        "area__reform_area",  # the 8 canonical areas: no query over the tasks
        LeadAgencyFilter,
        "deadline_kind",
        "status",
        DueQuarterFilter,
        "initiative",
    ]
    list_select_related = ["plan", "area", "parent"]
    unscoped_ordering = ["-plan_id", "order"]  # served by the (plan, order) unique index
    # Folded columns (plans.search): "tuyen truyen" finds "Tuyên truyền"; codes as written.
    search_fields = ["search_text", "code", "assignments__agency__search_text"]
    list_per_page = 100
    inlines = [TaskAssignmentInline]
    raw_id_fields = ["parent"]
    fieldsets = [
        (None, {"fields": ["plan", "area", "parent", "code"]}),
        (
            "Nội dung",
            {"fields": ["objective", "title", "activities", "products", "expected_result"]},
        ),
        (
            "Thời gian",
            {"fields": ["deadline_text", "deadline_kind", "due_date", "milestones"]},
        ),
        (None, {"fields": ["status", "completed_on", "initiative", "notes"]}),
        ("Lịch sử", {"fields": [REASON_FIELD, "version", "history_link"]}),
    ]
    readonly_fields = ["history_link"]

    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(request, queryset, fold(search_term))

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

    @admin.display(description="lịch sử thay đổi")
    def history_link(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        return format_html(
            '<a href="{}">Xem ai đã thay đổi gì, khi nào</a>',
            reverse("task-history", args=[obj.pk]),
        )

    def get_form(self, request, obj=None, change=False, **kwargs):
        """Area choices: on an existing task only its own plan's areas; otherwise every area in
        scope, labelled with its plan (Task.clean refuses an area of another plan)."""
        form = super().get_form(request, obj, change=change, **kwargs)
        area = form.base_fields.get("area")
        if area is not None:
            queryset = area.queryset.select_related("plan").order_by("plan__slug", "order")
            if obj is not None:
                queryset = queryset.filter(plan_id=obj.plan_id)
            area.queryset = queryset
            area.label_from_instance = lambda a: f"{a.plan.slug} · {a}"
        return form

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except StaleVersionError:
            # Someone saved between this form's check and its save; everything was rolled back.
            # Validating again now shows the stale-version message with the user's input.
            return super().changeform_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        """Save only if the task is still at the version the form was loaded with: a
        conditional UPDATE … WHERE version = …, then the save with its history entry and
        reason, in the admin's transaction (StaleVersionError rolls it all back). A form
        posted back unchanged saves nothing (no history entry, same version), unless one of
        its agencies changed (`save_related`). A new task goes after the plan's last one."""
        if change and not form.has_changed():
            obj._save_pending = True
            return
        self._save_task(request, obj, form, change)

    def _save_task(self, request, obj, form, change):
        obj._change_reason = form.cleaned_data.get(REASON_FIELD, "").strip() or None
        if change:
            expected = form.cleaned_data.get("version")
            if not claim_version(Task, obj.pk, expected):
                raise StaleVersionError(Task.objects.get(pk=obj.pk))
            obj.version = expected + 1
        else:
            obj.version = 1
            # The plan's row lock makes two tasks added at once take turns for the last place.
            Plan.objects.select_for_update().filter(pk=obj.plan_id).exists()
            last = Task.objects.filter(plan_id=obj.plan_id).aggregate(last=Max("order"))["last"]
            obj.order = (last or 0) + 1
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        obj = form.instance
        if getattr(obj, "_save_pending", False) and any(f.has_changed() for f in formsets):
            obj._save_pending = False
            self._save_task(request, obj, form, change)  # an agency changed: a new version
        super().save_related(request, form, formsets, change)

    def save_formset(self, request, form, formset, change):
        # The agencies' history entries carry the same reason as the task's.
        reason = form.cleaned_data.get(REASON_FIELD, "").strip() or None
        for inline_form in formset.forms:
            inline_form.instance._change_reason = reason
        super().save_formset(request, form, formset, change)

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
class TaskAssignmentAdmin(CheckedFiltersAdmin, UnitScopedAdmin, admin.ModelAdmin):
    unit_path = "task__plan__unit"
    list_display = ["task", "role", "agency", "name_as_written"]
    list_filter = ["role", ProvinceFilter, ("task__plan", UnitScopedRelatedFilter)]
    list_select_related = ["task", "task__parent", "agency"]
    unscoped_ordering = ["-task_id", "order", "id"]
    search_fields = ["agency__name", "name_as_written", "task__title"]
    autocomplete_fields = ["agency"]
    raw_id_fields = ["task"]


@admin.register(ProgressReport)
class ProgressReportAdmin(CheckedFiltersAdmin, UnitScopedAdmin, admin.ModelAdmin):
    """Read-only list of the agencies' reports: accepting and returning them happen on the
    review page (/reports/review/), through the same services as the portal."""

    unit_path = "task__plan__unit"
    list_display = ["task", "agency", "period", "status", "percent", "review_state", "updated_at"]
    list_filter = [
        ProvinceFilter,
        ("task__plan", UnitScopedRelatedFilter),
        "year",
        "quarter",
        "review_state",
        "status",
        ("agency", UnitScopedRelatedFilter),
    ]
    list_select_related = ["task", "task__parent", "agency"]
    unscoped_ordering = ["-task_id", "agency_id", "year", "quarter"]
    search_fields = ["task__title", "agency__name", "result", "product_issued"]
    fields = [
        "task",
        "agency",
        "year",
        "quarter",
        "status",
        "percent",
        "completion_date",
        "result",
        "product_issued",
        "evidence_link",
        "difficulties",
        "proposals",
        "review_state",
        "review_note",
        "submitted_by",
        "submitted_at",
        "reviewed_by",
        "reviewed_at",
        "version",
    ]
    readonly_fields = fields

    @admin.display(description="kỳ", ordering="year")
    def period(self, obj):
        return obj.period_label

    @admin.display(description="tệp minh chứng")
    def evidence_link(self, obj):
        if not obj.evidence:
            return "—"
        return format_html(
            '<a href="{}">{}</a>', reverse("evidence", args=[obj.pk]), obj.evidence_name
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_delete_permission(request, obj)
