"""The admin seen by Interior Office staff: only their district's rows, choices and filters.

One mixin, `UnitScopedAdmin`, put in front of `admin.ModelAdmin` in every admin of a
district's data (`UnitScopedInline`, its first half, in front of inlines). For a user who
is not a superuser it

- filters the changelist, the change pages, search and autocomplete by `unit_path`
  (the lookup from the model to its district, e.g. "plan__unit"): an object of another
  district is "not found" (Django's admin redirects to the index saying it does not exist);
- limits every foreign-key choice (plan, area, agency, district, parent task, target) to the
  district, so a form naming another district's plan or agency is refused by validation;
- refuses view, change and delete permission on an object outside the district.

Filters on related objects use `UnitScopedRelatedFilter`, which lists only the values present in
the scoped queryset. Superusers see everything, but their filters never list the whole country
(3,355 units' plans and tens of thousands of agencies would make every changelist slow): they
choose a province first (`ProvinceFilter`), then a plan; a filter with more than
`MAX_FILTER_CHOICES` choices and nothing to narrow it is left out (see `superuser_choices`).
"""

from __future__ import annotations

import re

from django.contrib import admin
from django.db.models import Exists, OuterRef, Q

from plans.access import ROLE_OFFICE, ROLE_SUPERUSER, role_of, user_unit_id

# For each model a form may point to: the lookup from that model to its district. Model labels,
# not classes, because `plans` never imports `tasks` or `indicators`.
CHOICE_UNIT_PATHS = {
    "plans.administrativeunit": "pk",
    "plans.agency": "unit",
    "plans.plan": "unit",
    "plans.planarea": "plan__unit",
    "tasks.task": "plan__unit",
    "tasks.progressreport": "task__plan__unit",
    "indicators.indicator": "plan__unit",
}

NO_UNIT = -1  # matches no row: staff without a district see nothing


def scoped_unit_id(request) -> int | None:
    """None for a superuser (no limit); else the Interior Office user's district, or a value
    that matches nothing (a staff account without a district or group sees no data)."""
    role = role_of(request.user)
    if role == ROLE_SUPERUSER:
        return None
    if role == ROLE_OFFICE:
        return user_unit_id(request.user)
    return NO_UNIT


def _lookup(path: str) -> str:
    return "pk" if path == "pk" else f"{path}_id"


def filter_by_unit(queryset, path: str, unit_id: int | None):
    if unit_id is None:
        return queryset
    return queryset.filter(**{_lookup(path): unit_id})


def unit_id_of(obj, path: str) -> int | None:
    """Follow `path` ("plan__unit") on an object: its district's id."""
    if path == "pk":
        return obj.pk
    *hops, last = path.split("__")
    for hop in hops:
        obj = getattr(obj, hop, None)
        if obj is None:
            return None
    return getattr(obj, f"{last}_id", None)


class UnitScopedInline:
    """Mixin for inlines: rows and foreign-key choices limited to the user's district."""

    unit_path: str = "unit"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return filter_by_unit(queryset, self.unit_path, scoped_unit_id(request))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        path = CHOICE_UNIT_PATHS.get(db_field.related_model._meta.label_lower)
        unit_id = scoped_unit_id(request)
        if path is not None and unit_id is not None and "queryset" not in kwargs:
            queryset = db_field.related_model._default_manager.all()
            kwargs["queryset"] = filter_by_unit(queryset, path, unit_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class UnitScopedAdmin(UnitScopedInline):
    """Mixin for ModelAdmin classes; see the module docstring.

    `unscoped_ordering`, if set, orders a superuser's changelist instead of the model's
    ordering: one an index serves (e.g. ["-plan_id", "order"]), because the model's ordering
    through related models ("plan" → year, unit name, slug) sorts every row of the country to
    show the first hundred."""

    unscoped_ordering: list[str] | None = None

    def get_ordering(self, request):
        if self.unscoped_ordering and scoped_unit_id(request) is None:
            return self.unscoped_ordering
        return super().get_ordering(request)

    def in_scope(self, request, obj) -> bool:
        unit_id = scoped_unit_id(request)
        if obj is None or unit_id is None:
            return True
        return unit_id_of(obj, self.unit_path) == unit_id

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self.in_scope(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self.in_scope(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self.in_scope(request, obj)


# --- filters of a superuser's (unscoped) changelist ----------------------------------------

# An unscoped filter with more choices than this, and nothing chosen to narrow it, is left out.
MAX_FILTER_CHOICES = 50
PROVINCE_PARAMETER = "province"
_PLAN_PARAMETER = re.compile(r"^(?:\w+__)?plan__id__exact$")  # plan__id__exact, task__plan__…


def _unit_lookup(path: str, rest: str) -> str:
    """ "plan__unit" + "parent_id" → "plan__unit__parent_id"; "pk" + "parent_id" → "parent_id"."""
    return rest if path == "pk" else f"{path}__{rest}"


def in_province(path: str, province_id) -> Q:
    """Rows whose unit (at `path`) is the province or one of its units."""
    return Q(**{_lookup(path): province_id}) | Q(**{_unit_lookup(path, "parent_id"): province_id})


def chosen_plan_id(request) -> str | None:
    """The plan chosen in any filter of the changelist (plan__id__exact, task__plan__id__exact)."""
    for key, value in request.GET.items():
        if _PLAN_PARAMETER.match(key) and value.isdigit():
            return value
    return None


def superuser_choices(request, queryset, path: str, *, by_province: bool = True):
    """`queryset` (rows whose unit is at `path`) narrowed for an unscoped changelist's filter:
    with `by_province`, to the province chosen in `ProvinceFilter`; else to the unit of the
    plan chosen in another filter; else all of it if it has at most MAX_FILTER_CHOICES rows.
    None: too many, the filter is left out until something narrower is chosen."""
    province = request.GET.get(PROVINCE_PARAMETER, "")
    if by_province and province.isdigit():
        return queryset.filter(in_province(path, province))
    plan_id = chosen_plan_id(request)
    if plan_id:
        return queryset.filter(**{_unit_lookup(path, "plans"): plan_id})
    # A probe with LIMIT (no ORDER BY) stops at the first MAX_FILTER_CHOICES + 1 rows.
    probe = queryset.order_by().values_list("pk", flat=True)[: MAX_FILTER_CHOICES + 1]
    return queryset if len(probe) <= MAX_FILTER_CHOICES else None


class ProvinceFilter(admin.SimpleListFilter):
    """Superusers only: the rows of one province's units (the province itself, its districts
    and communes), through the model admin's `unit_path`."""

    title = "tỉnh, thành phố"
    parameter_name = PROVINCE_PARAMETER

    def __init__(self, request, params, model, model_admin):
        self.unit_path = getattr(model_admin, "unit_path", "unit")
        super().__init__(request, params, model, model_admin)

    def lookups(self, request, model_admin):
        if scoped_unit_id(request) is not None:
            return []
        from plans.units import AdministrativeUnit, UnitLevel

        provinces = AdministrativeUnit.objects.filter(level=UnitLevel.PROVINCE)
        return [(str(p.pk), p.title_name) for p in provinces]

    def queryset(self, request, queryset):
        value = self.value()
        if value and value.isdigit():
            return queryset.filter(in_province(self.unit_path, value))
        return queryset


class UnitScopedRelatedFilter(admin.RelatedOnlyFieldListFilter):
    """`RelatedOnlyFieldListFilter` (only values present in the scoped queryset; same query
    parameter, e.g. plan__id__exact) for a unit, a plan or an agency. For a superuser it lists
    the values narrowed by `superuser_choices` (units and plans: by province too; agencies: by
    plan only), labelled with their unit, in a fixed number of queries."""

    def field_choices(self, field, request, model_admin):
        if scoped_unit_id(request) is not None:
            return super().field_choices(field, request, model_admin)
        related = field.related_model
        label = related._meta.label_lower
        path = CHOICE_UNIT_PATHS[label]
        queryset = related._default_manager.filter(
            Exists(model_admin.model._default_manager.filter(**{self.field_path: OuterRef("pk")}))
        )
        by_province = label in ("plans.plan", "plans.administrativeunit")
        queryset = superuser_choices(request, queryset, path, by_province=by_province)
        if queryset is None:
            return []
        ordering = self.field_admin_ordering(field, request, model_admin)
        if ordering:
            queryset = queryset.order_by(*ordering)
        if path == "pk":  # units: str() names the province
            return [(unit.pk, str(unit)) for unit in queryset.select_related("parent")]
        return [
            (obj.pk, f"{obj} ({_unit_of(obj, path).name})") for obj in queryset.select_related(path)
        ]


def _unit_of(obj, path: str):
    for hop in path.split("__"):
        obj = getattr(obj, hop)
    return obj
