"""The province's writes: appraise each criterion, return for clarification, finalise, publish
the ranking. Same conventions as `services`: one transaction, the assessment's version claimed,
history recorded, Vietnamese `ValidationError`s keyed by item id, all or nothing."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone

from indicators.par.models import Assessment, AssessmentState, CriteriaSet
from indicators.par.rules import check_score
from indicators.par.services import ItemErrors, by, claim_assessment, items_by_id, parse_number
from tasks.services import atomic_or_busy

NOT_SUBMITTED = "Bản tự đánh giá chưa được gửi hoặc đã thẩm định xong."


@atomic_or_busy
def appraise(user, assessment: Assessment, expected_version, entries: dict) -> None:
    """The province's score, comment and question per item (`entries`: item id →
    {appraised_score, appraisal_comment, question}). All or nothing."""
    if assessment.state != AssessmentState.SUBMITTED:
        raise ValidationError(NOT_SUBMITTED)
    items = items_by_id(assessment, entries)
    errors = {}
    for item_id, entry in entries.items():
        item = items[int(item_id)]
        try:
            score = parse_number(entry.get("appraised_score"), "appraised_score", "Điểm")
            item.appraised_score = check_score(
                item.criterion, score, field="appraised_score", who="Điểm thẩm định"
            )
        except ValidationError as exc:
            errors[item.pk] = exc.message_dict
            continue
        item.appraisal_comment = (entry.get("appraisal_comment") or "").strip()
        item.question = (entry.get("question") or "").strip()
    if errors:
        raise ItemErrors(errors)
    claim_assessment(assessment, expected_version)
    for item in items.values():
        by(user, item).save()
    by(user, assessment).save(update_fields=["version", "updated_at"])


@atomic_or_busy
def return_for_clarification(user, assessment: Assessment, expected_version, note: str) -> None:
    """Ask the unit to explain: needs a note or at least one criterion's question."""
    if assessment.state != AssessmentState.SUBMITTED:
        raise ValidationError(NOT_SUBMITTED)
    note = (note or "").strip()
    if not note and not assessment.items.exclude(question="").exists():
        raise ValidationError(
            "Hãy ghi nội dung đề nghị giải trình (chung hoặc ở từng tiêu chí) trước khi trả lại."
        )
    claim_assessment(assessment, expected_version)
    assessment.items.exclude(question="").update(answer="")
    assessment.state = AssessmentState.RETURNED
    assessment.return_note = note
    assessment.round += 1
    by(user, assessment).save()


@atomic_or_busy
def finalise(user, assessment: Assessment, expected_version, conclusion: str = "") -> None:
    """Close the appraisal: every criterion needs an appraised score."""
    if assessment.state != AssessmentState.SUBMITTED:
        raise ValidationError(NOT_SUBMITTED)
    missing = list(
        assessment.items.filter(appraised_score__isnull=True)
        .order_by("criterion__order")
        .values_list("criterion__code", flat=True)
    )
    if missing:
        raise ValidationError(
            f"Chưa có điểm thẩm định {len(missing)} tiêu chí: {', '.join(missing[:20])}"
            + ("…" if len(missing) > 20 else "")
        )
    claim_assessment(assessment, expected_version)
    assessment.state = AssessmentState.FINALISED
    assessment.conclusion = (conclusion or "").strip()
    assessment.finalised_at = timezone.now()
    assessment.finalised_by = user
    by(user, assessment).save()


@atomic_or_busy
def publish_ranking(user, criteria_set: CriteriaSet) -> CriteriaSet:
    """Publish the province's results: every submitted assessment must be finalised first."""
    criteria_set = CriteriaSet.objects.select_for_update().get(pk=criteria_set.pk)
    if criteria_set.ranking_published:
        raise ValidationError("Kết quả đã được công bố.")
    states = set(criteria_set.assessments.values_list("state", flat=True))
    if states & {AssessmentState.SUBMITTED, AssessmentState.RETURNED}:
        raise ValidationError("Còn bản tự đánh giá đang thẩm định; hãy thẩm định xong trước.")
    if AssessmentState.FINALISED not in states:
        raise ValidationError("Chưa có bản tự đánh giá nào được thẩm định xong.")
    criteria_set.ranking_published_at = timezone.now()
    by(user, criteria_set).save(update_fields=["ranking_published_at"])
    return criteria_set
