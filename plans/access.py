"""Who may see and do what: roles, and the one access helper per object type.

Roles come from Django groups (created after every migrate, see `ensure_groups`) plus the
user's `UserProfile` (district, agency):

- superuser: everything;
- Interior Office staff (`GROUP_OFFICE`): read and write their district's plans, tasks and
  agencies, review its reports;
- district leader (`GROUP_LEADER`): read all of their district, export; no writes;
- agency head (`GROUP_AGENCY`): the tasks of their agency and of the groups it belongs to;
  write their agency's reports until accepted.

Objects outside a user's scope answer 404 (their existence is not revealed); an object in scope
that the user may only read answers 403 on a write.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

GROUP_OFFICE = "Cán bộ Phòng Nội vụ"
GROUP_LEADER = "Lãnh đạo UBND huyện"
GROUP_AGENCY = "Lãnh đạo cơ quan, đơn vị"

ROLE_SUPERUSER = "superuser"
ROLE_OFFICE = "office"
ROLE_LEADER = "leader"
ROLE_AGENCY = "agency"

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
    """Create the three groups and give Interior Office staff their admin permissions."""
    from django.contrib.auth.models import Group, Permission

    office, _ = Group.objects.get_or_create(name=GROUP_OFFICE)
    Group.objects.get_or_create(name=GROUP_LEADER)
    Group.objects.get_or_create(name=GROUP_AGENCY)
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
    if GROUP_AGENCY in groups and profile and profile.agency_id:
        return ROLE_AGENCY
    return None


def user_unit_id(user) -> int | None:
    profile = getattr(user, "profile", None)
    return profile.unit_id if profile else None


def user_agency(user):
    profile = getattr(user, "profile", None)
    return profile.agency if profile and profile.agency_id else None


def can_read_unit(user, unit_id: int) -> bool:
    role = role_of(user)
    if role == ROLE_SUPERUSER:
        return True
    return role in (ROLE_OFFICE, ROLE_LEADER) and user_unit_id(user) == unit_id


def can_edit_unit(user, unit_id: int) -> bool:
    role = role_of(user)
    if role == ROLE_SUPERUSER:
        return True
    return role == ROLE_OFFICE and user_unit_id(user) == unit_id


def plan_for_reader(user, plan):
    """The plan if the user may read all of it (staff, leaders); else 404."""
    if plan is None or not can_read_unit(user, plan.unit_id):
        raise Http404
    return plan


def plan_for_editor(user, plan):
    """The plan if the user may change it; 404 outside the district, 403 for read-only roles."""
    plan_for_reader(user, plan)
    if not can_edit_unit(user, plan.unit_id):
        raise PermissionDenied
    return plan
