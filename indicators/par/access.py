"""Who may read, fill in and appraise PAR Index criteria sets and assessments.

- criteria sets: managed (imported, published) by the province's Home Affairs staff (Sở Nội vụ)
  and superusers; read by the units the set is for once published;
- an assessment: filled in by its unit's Interior Office staff (a district or commune) or, at
  department level, by the department's head; read by the unit's leaders; appraised by the
  Home Affairs staff of the set's province;
- the province's results (appraised scores, ranking): the province's staff at any time, the
  units only once the ranking is published.

Outside a user's scope everything answers 404; a reader's write answers 403 (plans.access).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from indicators.par.models import Assessment, CriteriaSet, SetStatus
from plans.access import (
    ROLE_AGENCY,
    ROLE_LEADER,
    ROLE_OFFICE,
    ROLE_PROVINCE,
    ROLE_SUPERUSER,
    role_of,
    user_agency,
    user_unit_id,
)

FILLERS = (ROLE_OFFICE, ROLE_AGENCY)


def _unit_parent_id(user) -> int | None:
    profile = getattr(user, "profile", None)
    unit = profile.unit if profile and profile.unit_id else None
    return unit.parent_id if unit else None


def sets_visible(user):
    """The criteria sets the user may open: all for a superuser, the province's own for its
    Home Affairs staff, the published sets of their province for units."""
    role = role_of(user)
    sets = CriteriaSet.objects.select_related("province")
    if role == ROLE_SUPERUSER:
        return sets
    if role == ROLE_PROVINCE:
        return sets.filter(province_id=user_unit_id(user))
    published = sets.filter(status=SetStatus.PUBLISHED)
    if role in (ROLE_OFFICE, ROLE_LEADER):
        return published.filter(province_id=_unit_parent_id(user))
    if role == ROLE_AGENCY:
        agency = user_agency(user)
        return published.filter(province_id=agency.unit_id, level="department")
    return sets.none()


def can_manage_province(user, province_id: int) -> bool:
    role = role_of(user)
    if role == ROLE_SUPERUSER:
        return True
    return role == ROLE_PROVINCE and user_unit_id(user) == province_id


def set_for_manager(user, set_id: int) -> CriteriaSet:
    """The set if the user manages its province (imports, publishes, appraises); else 404."""
    criteria_set = CriteriaSet.objects.select_related("province").filter(pk=set_id).first()
    if criteria_set is None or not can_manage_province(user, criteria_set.province_id):
        raise Http404
    return criteria_set


def assessments_visible(user):
    """Assessments the user may open: the province's for its staff; the unit's own otherwise."""
    role = role_of(user)
    assessments = Assessment.objects.all()
    if role == ROLE_SUPERUSER:
        return assessments
    if role == ROLE_PROVINCE:
        return assessments.filter(criteria_set__province_id=user_unit_id(user))
    if role in (ROLE_OFFICE, ROLE_LEADER):
        return assessments.filter(unit_id=user_unit_id(user), agency__isnull=True)
    if role == ROLE_AGENCY:
        return assessments.filter(agency=user_agency(user))
    return assessments.none()


def assessment_for_user(user, assessment_id: int, queryset=None) -> Assessment:
    """The assessment if the user may read it; else 404."""
    queryset = queryset if queryset is not None else Assessment.objects.all()
    found = (
        queryset.filter(pk=assessment_id)
        .filter(pk__in=assessments_visible(user).values("pk"))
        .select_related("criteria_set__province", "unit__parent", "agency", "plan")
        .first()
    )
    if found is None:
        raise Http404
    return found


def can_fill(user, assessment: Assessment) -> bool:
    """The unit's own staff (not its leaders, not the province) write the self-assessment."""
    role = role_of(user)
    if role == ROLE_OFFICE:
        return assessment.agency_id is None and assessment.unit_id == user_unit_id(user)
    if role == ROLE_AGENCY:
        agency = user_agency(user)
        return agency is not None and assessment.agency_id == agency.pk
    return role == ROLE_SUPERUSER


def require_fill(user, assessment: Assessment) -> None:
    if not can_fill(user, assessment):
        raise PermissionDenied("Chỉ cán bộ của đơn vị được sửa bản tự đánh giá.")


def can_appraise(user, assessment: Assessment) -> bool:
    return can_manage_province(user, assessment.criteria_set.province_id)


def require_appraise(user, assessment: Assessment) -> None:
    if not can_appraise(user, assessment):
        raise PermissionDenied("Chỉ Sở Nội vụ của tỉnh được thẩm định.")


def may_see_appraisal(user, assessment: Assessment) -> bool:
    """Appraised scores: the province's staff always, the unit once the ranking is published."""
    return can_appraise(user, assessment) or assessment.criteria_set.ranking_published


def results_set_for_user(user, set_id: int) -> CriteriaSet:
    """The province's results table: its staff at any time; the set's units once the ranking is
    published; 404 otherwise."""
    criteria_set = sets_visible(user).filter(pk=set_id).first()
    if criteria_set is None:
        raise Http404
    if not can_manage_province(user, criteria_set.province_id) and not (
        criteria_set.ranking_published
    ):
        raise Http404
    return criteria_set


def fillable_units_filter(user) -> Q:
    """The assessments a filler could start: their own unit (or agency)."""
    role = role_of(user)
    if role == ROLE_OFFICE:
        return Q(unit_id=user_unit_id(user), agency__isnull=True)
    if role == ROLE_AGENCY:
        return Q(agency=user_agency(user))
    return Q(pk__in=[])
