"""The unit's write on a criterion's mapping to the plan's tasks and targets (the other writes
are in `services`): same conventions, one transaction, the assessment's version claimed, history
recorded by django-simple-history (m2m), suggestions recomputed."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from indicators.models import Indicator
from indicators.par.models import AssessmentItem, AssessmentState
from indicators.par.services import NOT_EDITABLE, by, claim_assessment, refresh_suggestions
from tasks.models import Task
from tasks.services import atomic_or_busy

NOT_IN_PLAN = "Có nhiệm vụ không thuộc kế hoạch CCHC của đơn vị."
TARGET_NOT_IN_PLAN = "Có chỉ tiêu không thuộc kế hoạch CCHC của đơn vị."


def _of_plan(model, assessment, ids, message):
    try:
        wanted = {int(pk) for pk in ids}
    except (TypeError, ValueError):
        raise ValidationError(message) from None
    if not wanted:
        return []
    if assessment.plan_id is None:
        raise ValidationError("Bản tự đánh giá chưa gắn với kế hoạch CCHC nào.")
    found = list(model.objects.filter(plan_id=assessment.plan_id, pk__in=wanted))
    if len(found) != len(wanted):
        raise ValidationError(message)
    return found


@atomic_or_busy
def save_task_mapping(
    user, item: AssessmentItem, expected_version, task_ids, indicator_ids=()
) -> None:
    """Map `item` to exactly `task_ids` and `indicator_ids` (tasks and targets of the
    assessment's plan) and recompute the suggestions. Only while the assessment is a draft."""
    assessment = item.assessment
    if assessment.state != AssessmentState.DRAFT:
        raise ValidationError(NOT_EDITABLE)
    tasks = _of_plan(Task, assessment, task_ids, NOT_IN_PLAN)
    indicators = _of_plan(Indicator, assessment, indicator_ids, TARGET_NOT_IN_PLAN)
    claim_assessment(assessment, expected_version)
    by(user, item, assessment)
    item.tasks.set(tasks)
    item.indicators.set(indicators)
    assessment.save(update_fields=["version", "updated_at"])
    refresh_suggestions(assessment, user=user)
