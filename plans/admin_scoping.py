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

Filters on related objects use `admin.RelatedOnlyFieldListFilter`, which lists only the values
present in the scoped queryset. Superusers see everything.
"""

from __future__ import annotations

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
    """Mixin for ModelAdmin classes; see the module docstring."""

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
