"""Criteria sets in the admin: a set with its criteria inline, editable only while a draft.

Once published the set and its criteria are read-only here (no change, no delete); a change is
a new version (`sets.new_version`, also an action here). A non-superuser sees only the sets of
the province they manage (its Home Affairs staff), nothing otherwise. A criterion's parent is
never typed: it follows the code (the parent of "1.3.1" is "1.3", `sets.relink_parents`).
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Max

from indicators.par.models import CriteriaSet, Criterion, SetStatus
from indicators.par.sets import lock_draft, new_version, publish_set, relink_parents
from plans.access import ROLE_PROVINCE, ROLE_SUPERUSER, role_of, user_unit_id
from plans.units import AdministrativeUnit, UnitLevel

NO_PROVINCE = -1  # matches nothing


def managed_province_id(request) -> int | None:
    """None for a superuser (no limit); the province of its Home Affairs staff; else nothing."""
    role = role_of(request.user)
    if role == ROLE_SUPERUSER:
        return None
    if role == ROLE_PROVINCE:
        return user_unit_id(request.user)
    return NO_PROVINCE


def _draft(obj) -> bool:
    return obj is None or obj.status == SetStatus.DRAFT


class CriterionInline(admin.TabularInline):
    model = Criterion
    fk_name = "criteria_set"
    extra = 0
    ordering = ["order"]
    fields = [
        "order",
        "code",
        "title",
        "level",
        "max_score",
        "rule",
        "steps",
        "deduction",
        "target",
        "evidence_expected",
        "task_codes",
        "reform_area",
    ]

    def has_add_permission(self, request, obj=None):
        return _draft(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return _draft(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return _draft(obj) and super().has_delete_permission(request, obj)


@admin.register(CriteriaSet)
class CriteriaSetAdmin(admin.ModelAdmin):
    list_display = ["title", "province", "year", "level", "version", "status", "published_at"]
    list_filter = ["status", "level", "year"]
    list_select_related = ["province"]
    search_fields = ["title", "source"]
    inlines = [CriterionInline]
    fields = [
        "province",
        "year",
        "level",
        "version",
        "title",
        "source",
        "grade_bands",
        "note",
        "status",
        "published_at",
        "ranking_published_at",
    ]
    actions = ["publish_selected", "new_version_of_selected"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        province_id = managed_province_id(request)
        return queryset if province_id is None else queryset.filter(province_id=province_id)

    def in_scope(self, request, obj) -> bool:
        province_id = managed_province_id(request)
        return obj is None or province_id is None or obj.province_id == province_id

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self.in_scope(request, obj)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj) and self.in_scope(request, obj)
        return allowed and _draft(obj)

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj) and self.in_scope(request, obj)
        return allowed and _draft(obj)

    def get_readonly_fields(self, request, obj=None):
        always = ["version", "status", "published_at", "ranking_published_at"]
        if obj is None:
            return always
        if not _draft(obj):
            return list(self.fields)
        return ["province", "year", "level", *always]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "province":
            provinces = AdministrativeUnit.objects.filter(level=UnitLevel.PROVINCE)
            province_id = managed_province_id(request)
            if province_id is not None:
                provinces = provinces.filter(pk=province_id)
            kwargs["queryset"] = provinces
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if change:
            lock_draft(obj)  # the stored status decides, not the form's copy
        else:
            last = CriteriaSet.objects.filter(
                province_id=obj.province_id, year=obj.year, level=obj.level
            ).aggregate(last=Max("version"))["last"]
            obj.version = (last or 0) + 1
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        relink_parents(form.instance)

    @admin.action(description="Ban hành các bộ tiêu chí đã chọn")
    def publish_selected(self, request, queryset):
        for criteria_set in queryset:
            try:
                publish_set(criteria_set, request.user)
            except ValidationError as exc:
                problems = "; ".join(exc.messages[:10])
                self.message_user(
                    request, f"Chưa ban hành được {criteria_set}: {problems}", messages.ERROR
                )
            else:
                self.message_user(request, f"Đã ban hành {criteria_set}.", messages.SUCCESS)

    @admin.action(description="Tạo phiên bản mới (dự thảo) của các bộ tiêu chí đã chọn")
    def new_version_of_selected(self, request, queryset):
        for criteria_set in queryset:
            try:
                copy = new_version(criteria_set, request.user)
            except ValidationError as exc:
                self.message_user(request, "; ".join(exc.messages), messages.ERROR)
            else:
                self.message_user(request, f"Đã tạo {copy}.", messages.SUCCESS)
