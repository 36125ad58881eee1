"""Who may see and do what: roles, and the one access helper per object type.

Roles come from Django groups (created after every migrate, see `ensure_groups`) plus the
user's `UserProfile` (district, agency):

- superuser: everything;
- Interior Office staff (`GROUP_OFFICE`): read and write their district's plans, tasks and
  agencies, review its reports;
- district leader (`GROUP_LEADER`): read all of their district, export; no writes;
- agency head (`GROUP_AGENCY`): the tasks of their agency and of the groups it belongs to;
  write their agency's reports until accepted;
- provincial Home Affairs staff (Sở Nội vụ, `GROUP_PROVINCE`, profile unit = their province):
  read every unit of their province (the province itself and its districts and communes), its
  plans, reports and targets, and the province dashboard; no writes, no admin.

Objects outside a user's scope answer 404 (their existence is not revealed); an object in scope
that the user may only read answers 403 on a write.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

GROUP_OFFICE = "Cán bộ Phòng Nội vụ"
GROUP_LEADER = "Lãnh đạo UBND huyện"
GROUP_AGENCY = "Lãnh đạo cơ quan, đơn vị"
GROUP_PROVINCE = "Sở Nội vụ tỉnh"

ROLE_SUPERUSER = "superuser"
ROLE_OFFICE = "office"
ROLE_LEADER = "leader"
ROLE_AGENCY = "agency"
ROLE_PROVINCE = "province"
# Roles that read whole units (their plans, reports, targets, review list).
READER_ROLES = (ROLE_SUPERUSER, ROLE_OFFICE, ROLE_LEADER, ROLE_PROVINCE)

# Model permissions given to Interior Office staff in the admin (app_label, model).
OFFICE_MODELS = [
    ("plans", "agency"),
    ("plans", "plan"),
    ("plans", "planarea"),
    ("tasks", "task"),
    ("tasks", "taskassignment"),
    ("tasks", "progressreport"),
    ("indicators", "indicator"),
    ("indicators", "indicatoractual"),
]
OFFICE_READ_ONLY_MODELS = [("plans", "administrativeunit"), ("plans", "reformarea")]


def ensure_groups(**kwargs):
    """Create the role groups and give Interior Office staff their admin permissions."""
    from django.contrib.auth.models import Group, Permission

    office, _ = Group.objects.get_or_create(name=GROUP_OFFICE)
    Group.objects.get_or_create(name=GROUP_LEADER)
    Group.objects.get_or_create(name=GROUP_AGENCY)
    Group.objects.get_or_create(name=GROUP_PROVINCE)
    wanted = [
        f"{action}_{model}"
        for _, model in OFFICE_MODELS
        for action in ("add", "change", "delete", "view")
    ]
    wanted += [f"view_{model}" for _, model in OFFICE_READ_ONLY_MODELS]
    apps = {app for app, _ in OFFICE_MODELS + OFFICE_READ_ONLY_MODELS}
    permissions = Permission.objects.filter(content_type__app_label__in=apps, codename__in=wanted)
    office.permissions.set(permissions)


def _groups(user) -> set[str]:
    cache = getattr(user, "_reformplan_groups", None)
    if cache is None:
        cache = set(user.groups.values_list("name", flat=True))
        user._reformplan_groups = cache
    return cache


def role_of(user) -> str | None:
    if not user.is_authenticated or not user.is_active:
        return None
    if user.is_superuser:
        return ROLE_SUPERUSER
    groups = _groups(user)
    profile = getattr(user, "profile", None)
    if GROUP_OFFICE in groups and profile and profile.unit_id:
        return ROLE_OFFICE
    if GROUP_LEADER in groups and profile and profile.unit_id:
        return ROLE_LEADER
    if GROUP_PROVINCE in groups and profile and profile.unit_id:
        return ROLE_PROVINCE
    if GROUP_AGENCY in groups and profile and profile.agency_id:
        return ROLE_AGENCY
    return None


def user_unit_id(user) -> int | None:
    profile = getattr(user, "profile", None)
    return profile.unit_id if profile else None


def user_agency(user):
    profile = getattr(user, "profile", None)
    return profile.agency if profile and profile.agency_id else None


def _parent_id(user, unit_id: int) -> int | None:
    """The unit's province (its parent), read once per unit and request (cached on the user)."""
    from plans.units import AdministrativeUnit

    cache = getattr(user, "_reformplan_unit_parents", None)
    if cache is None:
        cache = user._reformplan_unit_parents = {}
    if unit_id not in cache:
        parents = AdministrativeUnit.objects.filter(pk=unit_id).values_list("parent_id", flat=True)
        cache[unit_id] = next(iter(parents[:1]), None)
    return cache[unit_id]


def can_read_unit(user, unit_id: int) -> bool:
    role = role_of(user)
    if role == ROLE_SUPERUSER:
        return True
    if role in (ROLE_OFFICE, ROLE_LEADER):
        return user_unit_id(user) == unit_id
    if role == ROLE_PROVINCE:
        province_id = user_unit_id(user)
        return unit_id == province_id or (
            unit_id is not None and _parent_id(user, unit_id) == province_id
        )
    return False


def can_read_province(user, province_id: int) -> bool:
    """The province dashboard: superusers, and the province's own Home Affairs staff."""
    role = role_of(user)
    if role == ROLE_SUPERUSER:
        return True
    return role == ROLE_PROVINCE and user_unit_id(user) == province_id


def unit_scope(user, path: str = "unit") -> Q | None:
    """The filter on `path` (the lookup from a model to its unit, e.g. "unit", "plan__unit")
    keeping the rows of the units the user reads in full: None for a superuser (no limit); the
    user's unit for Interior Office staff and leaders; the province and every unit whose parent
    it is for provincial Home Affairs staff; nothing for anyone else. One SQL condition, never
    a list of ids."""
    role = role_of(user)
    if role == ROLE_SUPERUSER:
        return None
    own = "pk" if path == "pk" else f"{path}_id"
    if role in (ROLE_OFFICE, ROLE_LEADER):
        return Q(**{own: user_unit_id(user)})
    if role == ROLE_PROVINCE:
        province_id = user_unit_id(user)
        parent = "parent_id" if path == "pk" else f"{path}__parent_id"
        return Q(**{own: province_id}) | Q(**{parent: province_id})
    return Q(pk__in=[])


def readable(user, queryset, path: str = "unit"):
    """`queryset` limited to the units the user reads in full (see `unit_scope`)."""
    condition = unit_scope(user, path)
    return queryset if condition is None else queryset.filter(condition)


def unit_ids_readable(user):
    """The ids of the units the user reads in full, as a subquery (`unit_id__in=` it); None
    for a superuser (every unit)."""
    from plans.units import AdministrativeUnit

    return (
        None
        if role_of(user) == ROLE_SUPERUSER
        else readable(user, AdministrativeUnit.objects.all(), "pk").values("pk")
    )


def can_edit_unit(user, unit_id: int) -> bool:
    role = role_of(user)
    if role == ROLE_SUPERUSER:
        return True
    return role == ROLE_OFFICE and user_unit_id(user) == unit_id


def plan_for_reader(user, plan):
    """The plan if the user may read all of it (staff, leaders, the province's Home Affairs
    staff); else 404."""
    if plan is None or not can_read_unit(user, plan.unit_id):
        raise Http404
    return plan


def plan_for_editor(user, plan):
    """The plan if the user may change it; 404 outside the user's scope, 403 for read-only
    roles (leaders, the province's Home Affairs staff)."""
    plan_for_reader(user, plan)
    if not can_edit_unit(user, plan.unit_id):
        raise PermissionDenied
    return plan
