"""The admin seen by Interior Office staff: only their district's rows, choices and filters.

One mixin, `DistrictScopedAdmin`, put in front of `admin.ModelAdmin` in every admin of a
district's data (`DistrictScopedInline`, its first half, in front of inlines). For a user who
is not a superuser it

- filters the changelist, the change pages, search and autocomplete by `district_path`
  (the lookup from the model to its district, e.g. "plan__district"): an object of another
  district is "not found" (Django's admin redirects to the index saying it does not exist);
- limits every foreign-key choice (plan, area, agency, district, parent task, target) to the
  district, so a form naming another district's plan or agency is refused by validation;
- refuses view, change and delete permission on an object outside the district.

Filters on related objects use `admin.RelatedOnlyFieldListFilter`, which lists only the values
present in the scoped queryset. Superusers see everything.
"""

from __future__ import annotations

from plans.access import ROLE_OFFICE, ROLE_SUPERUSER, role_of, user_district_id

# For each model a form may point to: the lookup from that model to its district. Model labels,
# not classes, because `plans` never imports `tasks` or `indicators`.
CHOICE_DISTRICT_PATHS = {
    "plans.district": "pk",
    "plans.agency": "district",
    "plans.plan": "district",
    "plans.planarea": "plan__district",
    "tasks.task": "plan__district",
    "tasks.progressreport": "task__plan__district",
    "indicators.indicator": "plan__district",
}

NO_DISTRICT = -1  # matches no row: staff without a district see nothing


def scoped_district_id(request) -> int | None:
    """None for a superuser (no limit); else the Interior Office user's district, or a value
    that matches nothing (a staff account without a district or group sees no data)."""
    role = role_of(request.user)
    if role == ROLE_SUPERUSER:
        return None
    if role == ROLE_OFFICE:
        return user_district_id(request.user)
    return NO_DISTRICT


def _lookup(path: str) -> str:
    return "pk" if path == "pk" else f"{path}_id"


def filter_by_district(queryset, path: str, district_id: int | None):
    if district_id is None:
        return queryset
    return queryset.filter(**{_lookup(path): district_id})


def district_id_of(obj, path: str) -> int | None:
    """Follow `path` ("plan__district") on an object: its district's id."""
    if path == "pk":
        return obj.pk
    *hops, last = path.split("__")
    for hop in hops:
        obj = getattr(obj, hop, None)
        if obj is None:
            return None
    return getattr(obj, f"{last}_id", None)


class DistrictScopedInline:
    """Mixin for inlines: rows and foreign-key choices limited to the user's district."""

    district_path: str = "district"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return filter_by_district(queryset, self.district_path, scoped_district_id(request))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        path = CHOICE_DISTRICT_PATHS.get(db_field.related_model._meta.label_lower)
        district_id = scoped_district_id(request)
        if path is not None and district_id is not None and "queryset" not in kwargs:
            queryset = db_field.related_model._default_manager.all()
            kwargs["queryset"] = filter_by_district(queryset, path, district_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class DistrictScopedAdmin(DistrictScopedInline):
    """Mixin for ModelAdmin classes; see the module docstring."""

    def in_scope(self, request, obj) -> bool:
        district_id = scoped_district_id(request)
        if obj is None or district_id is None:
            return True
        return district_id_of(obj, self.district_path) == district_id

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self.in_scope(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self.in_scope(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self.in_scope(request, obj)
