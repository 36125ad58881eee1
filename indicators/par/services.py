"""The unit's writes on its self-assessment: start it, score and explain, attach evidence,
submit (and answer a clarification round). The province's writes are in `appraisal`.

Each write runs in one transaction (`atomic_or_busy`), claims the assessment's version
(optimistic locking: a stale form changes nothing) and is recorded by django-simple-history.
Errors are `ValidationError`s in Vietnamese; with several entries, any error writes nothing and
the errors are keyed by item id.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from indicators.par.models import (
    Assessment,
    AssessmentItem,
    AssessmentState,
    CriteriaSet,
    Evidence,
    EvidenceKind,
    ScoringRule,
    SetLevel,
)
from indicators.par.rules import check_score, parse_decimal
from indicators.par.suggest import indicator_values, suggest, task_states
from plans.models import Plan
from tasks.models import ProgressReport, Task
from tasks.progress.evidence import validate_evidence
from tasks.services import StaleVersionError, atomic_or_busy, claim_version

NOT_EDITABLE = "Bản tự đánh giá đã gửi Sở Nội vụ nên không sửa được."


class ItemErrors(ValidationError):
    """Errors of several items: `by_item` maps item id → {field: [messages]}; `messages` is
    the flat list (each names its criterion)."""

    def __init__(self, by_item: dict[int, dict[str, list[str]]]):
        self.by_item = by_item
        super().__init__(
            [message for fields in by_item.values() for ms in fields.values() for message in ms]
        )


def by(user, *objects):
    """Record `user` as the author of the history entries of `objects` (django-simple-history
    takes the request's user, but services also run from commands and tests)."""
    for obj in objects:
        obj._history_user = user
    return objects[0] if len(objects) == 1 else objects


def claim_assessment(assessment: Assessment, expected) -> None:
    """Claim the version the form was loaded with (an int, or its text from a form)."""
    try:
        expected = int(expected)
    except (TypeError, ValueError):
        expected = None
    if not claim_version(Assessment, assessment.pk, expected):
        raise StaleVersionError(Assessment.objects.get(pk=assessment.pk))
    assessment.version = expected + 1


def plan_for(unit, year: int) -> Plan | None:
    """The unit's reform plan covering `year` (the newest-starting one)."""
    return (
        Plan.objects.filter(unit=unit, start_year__lte=year, end_year__gte=year)
        .order_by("-start_year", "slug")
        .first()
    )


def _task_codes(criterion) -> list[str]:
    codes = [code.strip() for code in criterion.task_codes.split(";") if code.strip()]
    return codes or [criterion.code]


@atomic_or_busy
def start_assessment(user, criteria_set: CriteriaSet, unit, agency=None) -> Assessment:
    """A new self-assessment: one item per leaf criterion, tasks of the unit's plan mapped by
    code, suggestions computed and the suggested evidence linked (scores stay to confirm)."""
    if not criteria_set.is_published:
        raise ValidationError("Bộ tiêu chí chưa được ban hành nên chưa tự đánh giá được.")
    if (criteria_set.level == SetLevel.DEPARTMENT) != (agency is not None):
        raise ValidationError("Bộ tiêu chí này không dành cho loại đơn vị này.")
    if agency is None and unit.level != criteria_set.level:
        raise ValidationError("Bộ tiêu chí này không dành cho cấp của đơn vị.")
    province_id = unit.pk if agency is not None else unit.parent_id
    if province_id != criteria_set.province_id:
        raise ValidationError("Bộ tiêu chí này thuộc tỉnh khác.")
    same_year = Assessment.objects.filter(
        criteria_set__province_id=criteria_set.province_id,
        criteria_set__year=criteria_set.year,
        criteria_set__level=criteria_set.level,
        unit=unit,
        agency=agency,
    )
    if same_year.exists():
        raise ValidationError(
            f"Đơn vị đã có bản tự đánh giá năm {criteria_set.year}; hãy mở bản đó để tiếp tục."
        )
    plan = plan_for(unit, criteria_set.year) if agency is None else None
    assessment = by(
        user, Assessment(criteria_set=criteria_set, unit=unit, agency=agency, plan=plan)
    )
    assessment.save()
    leaves = [c for c in criteria_set.criteria.all() if c.rule != ScoringRule.SUM]
    items = bulk_create_with_history(
        [AssessmentItem(assessment=assessment, criterion=c) for c in leaves],
        AssessmentItem,
        default_user=user,
    )
    if plan is not None:
        by_code: dict[str, list[Task]] = {}
        for task in Task.objects.filter(plan=plan).only("pk", "code"):
            by_code.setdefault(task.code, []).append(task)
        links = []
        for item in items:
            for code in _task_codes(item.criterion):
                for task in by_code.get(code, []):
                    links.append(AssessmentItem.tasks.through(assessmentitem=item, task=task))
        AssessmentItem.tasks.through.objects.bulk_create(links)
    refresh_suggestions(assessment, link_evidence=True, user=user)
    return assessment


def _items_for_suggestions(assessment):
    return list(
        assessment.items.select_related("criterion").prefetch_related("tasks", "indicators")
    )


def refresh_suggestions(assessment: Assessment, *, link_evidence=False, user=None) -> None:
    """Recompute every item's suggested score (a fixed number of queries); with
    `link_evidence`, link the suggested reports and tasks not yet linked."""
    items = _items_for_suggestions(assessment)
    year = assessment.criteria_set.year
    tasks = {task.pk: task for item in items for task in item.tasks.all()}
    indicators = {i.pk: i for item in items for i in item.indicators.all()}
    states = task_states(list(tasks.values()), year)
    values = indicator_values(list(indicators.values()), year)
    linked = set()
    if link_evidence:
        linked = set(
            Evidence.objects.filter(item__assessment=assessment).values_list(
                "item_id", "report_id", "task_id"
            )
        )
    new_evidence = []
    for item in items:
        suggestion = suggest(item, states, values)
        item.suggested_score = suggestion.score
        item.suggestion_note = suggestion.note
        if not link_evidence:
            continue
        for report in suggestion.reports:
            if (item.pk, report.pk, None) not in linked:
                new_evidence.append(
                    Evidence(item=item, kind=EvidenceKind.REPORT, report=report, added_by=user)
                )
        for task in item.tasks.all():
            state = states[task.pk]
            if state.done and not state.reports and (item.pk, None, task.pk) not in linked:
                new_evidence.append(
                    Evidence(item=item, kind=EvidenceKind.TASK, task=task, added_by=user)
                )
    AssessmentItem.objects.bulk_update(items, ["suggested_score", "suggestion_note"])
    bulk_create_with_history(new_evidence, Evidence, default_user=user)


def _unit_may_edit(assessment: Assessment, item: AssessmentItem) -> bool:
    if assessment.state == AssessmentState.DRAFT:
        return True
    # In a clarification round the unit may revise what the appraiser asked about.
    return assessment.state == AssessmentState.RETURNED and bool(item.question)


def parse_number(raw, field: str, label: str):
    try:
        return parse_decimal(raw)
    except ValueError:
        raise ValidationError({field: f"{label} “{raw}” không phải là một số."}) from None


def _self_entry(item: AssessmentItem, entry: dict) -> dict:
    criterion = item.criterion
    if criterion.rule == ScoringRule.SURVEY and entry.get("self_score") not in (None, ""):
        raise ValidationError(
            {"self_score": f"Tiêu chí {criterion.code} do Sở Nội vụ chấm theo kết quả điều tra."}
        )
    score = parse_number(entry.get("self_score"), "self_score", "Điểm")
    percent = parse_number(entry.get("measured_percent"), "measured_percent", "Tỷ lệ")
    if percent is not None and not 0 <= percent <= 100:
        raise ValidationError({"measured_percent": "Tỷ lệ đạt được phải từ 0 đến 100%."})
    deductions = entry.get("deductions")
    if deductions in ("", None):
        deductions = None
    else:
        try:
            deductions = int(deductions)
        except (TypeError, ValueError):
            deductions = -1
        if deductions < 0:
            raise ValidationError({"deductions": "Số lần bị trừ điểm phải là số nguyên từ 0."})
    if criterion.rule != ScoringRule.SURVEY:
        score = check_score(criterion, score, percent=percent, deductions=deductions)
    return {
        "self_score": score,
        "measured_percent": percent if criterion.rule == ScoringRule.PERCENT else None,
        "deductions": deductions if criterion.rule == ScoringRule.DEDUCTION else None,
        "explanation": (entry.get("explanation") or "").strip(),
    }


def items_by_id(assessment: Assessment, item_ids) -> dict[int, AssessmentItem]:
    items = assessment.items.select_related("criterion").in_bulk(list(item_ids))
    if len(items) != len(set(item_ids)):
        raise ValidationError("Có tiêu chí không thuộc bản tự đánh giá này.")
    return items


@atomic_or_busy
def save_self_scores(user, assessment: Assessment, expected_version, entries: dict) -> None:
    """Save the unit's scores and explanations: `entries` maps item id → {self_score,
    measured_percent, deductions, explanation, answer}. All or nothing."""
    items = items_by_id(assessment, entries)
    errors, changed = {}, []
    for item_id, entry in entries.items():
        item = items[int(item_id)]
        if not _unit_may_edit(assessment, item):
            raise ValidationError(NOT_EDITABLE)
        try:
            values = _self_entry(item, entry)
        except ValidationError as exc:
            errors[item.pk] = exc.message_dict
            continue
        if assessment.state == AssessmentState.RETURNED:
            values["answer"] = (entry.get("answer") or "").strip()
        for name, value in values.items():
            setattr(item, name, value)
        changed.append(item)
    if errors:
        raise ItemErrors(errors)
    claim_assessment(assessment, expected_version)
    for item in changed:
        by(user, item).save()
    by(user, assessment).save(update_fields=["version", "updated_at"])


@atomic_or_busy
def accept_suggestions(user, assessment: Assessment, expected_version) -> int:
    """Take the suggested score wherever no self-score is entered yet; the count taken."""
    if assessment.state != AssessmentState.DRAFT:
        raise ValidationError(NOT_EDITABLE)
    claim_assessment(assessment, expected_version)
    taken = 0
    for item in assessment.items.select_related("criterion").filter(
        self_score__isnull=True, suggested_score__isnull=False
    ):
        item.self_score = item.suggested_score
        by(user, item).save()
        taken += 1
    by(user, assessment).save(update_fields=["version", "updated_at"])
    return taken


def _evidence_item(assessment, item: AssessmentItem):
    if not _unit_may_edit(assessment, item):
        raise ValidationError(NOT_EDITABLE)


def _create_evidence(user, **fields) -> Evidence:
    evidence = by(user, Evidence(added_by=user, **fields))
    evidence.save()
    return evidence


@atomic_or_busy
def add_evidence_file(user, item: AssessmentItem, upload, title: str = "") -> Evidence:
    _evidence_item(item.assessment, item)
    try:
        validate_evidence(upload)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from None
    name = (title or "").strip() or upload.name.rsplit("/", 1)[-1]
    return _create_evidence(user, item=item, kind=EvidenceKind.FILE, file=upload, title=name[:500])


@atomic_or_busy
def add_evidence_link(user, item: AssessmentItem, *, report_id=None, task_id=None) -> Evidence:
    """Link a progress report or a task of the assessment's own plan."""
    assessment = item.assessment
    _evidence_item(assessment, item)
    if assessment.plan_id is None:
        raise ValidationError("Bản tự đánh giá chưa gắn với kế hoạch CCHC nào.")
    if report_id:
        report = ProgressReport.objects.filter(pk=report_id, task__plan_id=assessment.plan_id)
        report = report.select_related("task").first()
        if report is None:
            raise ValidationError("Không tìm thấy báo cáo tiến độ này trong kế hoạch của đơn vị.")
        return _create_evidence(user, item=item, kind=EvidenceKind.REPORT, report=report)
    task = Task.objects.filter(pk=task_id, plan_id=assessment.plan_id).first()
    if task is None:
        raise ValidationError("Không tìm thấy nhiệm vụ này trong kế hoạch của đơn vị.")
    return _create_evidence(user, item=item, kind=EvidenceKind.TASK, task=task)


@atomic_or_busy
def remove_evidence(user, evidence: Evidence) -> None:
    _evidence_item(evidence.item.assessment, evidence.item)
    stored = evidence.file.name if evidence.file else ""
    storage = evidence.file.storage
    by(user, evidence).delete()
    if stored:  # the file goes only once the row is gone for good
        transaction.on_commit(lambda: storage.delete(stored))


def _missing_self_scores(assessment) -> list[str]:
    return list(
        assessment.items.filter(self_score__isnull=True)
        .exclude(criterion__rule=ScoringRule.SURVEY)
        .order_by("criterion__order")
        .values_list("criterion__code", flat=True)
    )


@atomic_or_busy
def submit(user, assessment: Assessment, expected_version) -> None:
    """Send to the province: every criterion but the survey ones needs a self-score; a
    returned assessment needs an answer to every question. Locked afterwards."""
    if assessment.state not in (AssessmentState.DRAFT, AssessmentState.RETURNED):
        raise ValidationError(NOT_EDITABLE)
    missing = _missing_self_scores(assessment)
    if missing:
        raise ValidationError(
            f"Chưa chấm điểm {len(missing)} tiêu chí: {', '.join(missing[:20])}"
            + ("…" if len(missing) > 20 else "")
        )
    if assessment.state == AssessmentState.RETURNED:
        unanswered = list(
            assessment.items.exclude(question="")
            .filter(answer="")
            .order_by("criterion__order")
            .values_list("criterion__code", flat=True)
        )
        if unanswered:
            raise ValidationError(f"Chưa giải trình các tiêu chí: {', '.join(unanswered)}.")
    claim_assessment(assessment, expected_version)
    assessment.state = AssessmentState.SUBMITTED
    assessment.submitted_at = timezone.now()
    assessment.submitted_by = user
    by(user, assessment).save()
