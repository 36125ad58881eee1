"""Reads: an assessment's sheet (the criteria tree with scores, evidence and totals against
the plan's target points and last year's result) and a set's results (self vs appraised by
area, final score, rank, grade). Totals are computed here, never stored or typed; every read
runs a fixed number of queries whatever the number of criteria and units."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from indicators.par.models import (
    Assessment,
    AssessmentItem,
    AssessmentState,
    CriteriaSet,
    Criterion,
    ScoringRule,
)
from indicators.par.rules import grade_of, parse_grade_bands

ZERO = Decimal(0)


@dataclass
class Scores:
    maximum: Decimal = ZERO
    to_fill: int = 0  # leaves without a maximum
    self_score: Decimal = ZERO
    suggested: Decimal = ZERO
    appraised: Decimal = ZERO

    def add(self, other: Scores) -> None:
        self.maximum += other.maximum
        self.to_fill += other.to_fill
        self.self_score += other.self_score
        self.suggested += other.suggested
        self.appraised += other.appraised


@dataclass
class Row:
    criterion: Criterion
    depth: int
    item: object = None  # AssessmentItem for a leaf
    evidence: list = field(default_factory=list)
    scores: Scores = field(default_factory=Scores)


@dataclass
class AreaTotal:
    criterion: Criterion
    scores: Scores
    target_points: Decimal | None = None
    last_year: Decimal | None = None


@dataclass
class Sheet:
    assessment: Assessment
    rows: list[Row]
    areas: list[AreaTotal]
    total: Scores
    last_year: Assessment | None = None


def tree(criteria_set: CriteriaSet) -> tuple[list[Criterion], dict[int, int], dict[int, int]]:
    """The set's criteria in order, each one's depth and its area's id (one query)."""
    criteria = list(criteria_set.criteria.select_related("reform_area").order_by("order"))
    by_id = {c.pk: c for c in criteria}
    depth, area_of = {}, {}
    for criterion in criteria:  # parents come before their children in `order`
        parent = by_id.get(criterion.parent_id)
        depth[criterion.pk] = depth[parent.pk] + 1 if parent else 0
        area_of[criterion.pk] = area_of[parent.pk] if parent else criterion.pk
    return criteria, depth, area_of


def _leaf_scores(criterion: Criterion, item) -> Scores:
    return Scores(
        maximum=criterion.max_score or ZERO,
        to_fill=int(criterion.max_score is None),
        self_score=(item.self_score or ZERO) if item else ZERO,
        suggested=(item.suggested_score or ZERO) if item else ZERO,
        appraised=(item.appraised_score or ZERO) if item else ZERO,
    )


def _roll_up(criteria, by_id, leaf_scores: dict[int, Scores]) -> dict[int, Scores]:
    """Each criterion's scores: its own for a leaf, the sum of its leaves for a parent."""
    totals = defaultdict(Scores)
    for criterion in criteria:
        if criterion.rule == ScoringRule.SUM:
            continue
        scores = leaf_scores.get(criterion.pk) or _leaf_scores(criterion, None)
        node = criterion
        while node is not None:
            totals[node.pk].add(scores)
            node = by_id.get(node.parent_id)
    return totals


def previous_assessment(assessment: Assessment) -> Assessment | None:
    """The unit's assessment of the year before (same province and level), when sent."""
    criteria_set = assessment.criteria_set
    return (
        Assessment.objects.filter(
            criteria_set__province_id=criteria_set.province_id,
            criteria_set__level=criteria_set.level,
            criteria_set__year=criteria_set.year - 1,
            unit_id=assessment.unit_id,
            agency_id=assessment.agency_id,
        )
        .exclude(state=AssessmentState.DRAFT)
        .first()
    )


def _area_totals_by_code(assessment: Assessment, use_appraisal: bool) -> dict[str, Decimal]:
    criteria, _depth, area_of = tree(assessment.criteria_set)
    code_of = {c.pk: c.code for c in criteria}
    totals = defaultdict(Decimal)
    for criterion_id, self_score, appraised in assessment.items.values_list(
        "criterion_id", "self_score", "appraised_score"
    ):
        score = appraised if use_appraisal else self_score
        totals[code_of[area_of[criterion_id]]] += score or ZERO
    return totals


def assessment_sheet(assessment: Assessment, *, show_appraisal: bool) -> Sheet:
    """Everything the form, the appraisal page and the export show, in fixed queries."""
    criteria, depth, _area_of = tree(assessment.criteria_set)
    by_id = {c.pk: c for c in criteria}
    items = {
        item.criterion_id: item
        for item in assessment.items.prefetch_related(
            "tasks",
            "indicators",
            "evidence__report__task",
            "evidence__report__agency",
            "evidence__task",
        )
    }
    leaf_scores = {}
    for criterion in criteria:
        item = items.get(criterion.pk)
        scores = _leaf_scores(criterion, item)
        if not show_appraisal:
            scores.appraised = ZERO
        leaf_scores[criterion.pk] = scores
    totals = _roll_up(criteria, by_id, leaf_scores)
    rows = []
    for criterion in criteria:
        item = items.get(criterion.pk)
        rows.append(
            Row(
                criterion=criterion,
                depth=depth[criterion.pk],
                item=item,
                evidence=list(item.evidence.all()) if item else [],
                scores=totals[criterion.pk],
            )
        )
    targets = {}
    if assessment.plan_id:
        for area in assessment.plan.areas.all():
            targets[area.reform_area_id] = area.target_points
    last = previous_assessment(assessment)
    last_totals = {}
    if last is not None:
        use_appraisal = last.state == AssessmentState.FINALISED and (
            show_appraisal or last.criteria_set.ranking_published
        )
        last_totals = _area_totals_by_code(last, use_appraisal)
    areas = [
        AreaTotal(
            criterion=c,
            scores=totals[c.pk],
            target_points=targets.get(c.reform_area_id) if c.reform_area_id else None,
            last_year=last_totals.get(c.code) if last is not None else None,
        )
        for c in criteria
        if c.parent_id is None
    ]
    total = Scores()
    for area in areas:
        total.add(area.scores)
    return Sheet(assessment=assessment, rows=rows, areas=areas, total=total, last_year=last)


@dataclass
class ResultRow:
    assessment: Assessment
    areas: dict[int, Scores]  # area id → scores
    total: Scores
    rank: int | None = None
    grade: str = ""


@dataclass
class Results:
    criteria_set: CriteriaSet
    areas: list[Criterion]
    rows: list[ResultRow]
    maximum: Decimal
    area_maxima: dict[int, Decimal] = field(default_factory=dict)  # area id → its maximum


def set_results(criteria_set: CriteriaSet) -> Results:
    """Every sent assessment of the set: self and appraised totals by area; for the finalised
    ones the final score (the appraised total), the rank (equal scores share a rank, the next
    rank skips: 1, 2, 2, 4) and the grade from the set's bands. Four queries."""
    criteria, _depth, area_of = tree(criteria_set)
    by_id = {c.pk: c for c in criteria}
    areas = [c for c in criteria if c.parent_id is None]
    maximum = sum((c.max_score or ZERO for c in criteria if c.rule != ScoringRule.SUM), ZERO)
    assessments = list(
        criteria_set.assessments.exclude(state=AssessmentState.DRAFT).select_related(
            "unit__parent", "agency"
        )
    )
    rows = {
        a.pk: ResultRow(a, {area.pk: Scores() for area in areas}, Scores()) for a in assessments
    }
    values = (
        AssessmentItem.objects.filter(assessment__criteria_set=criteria_set)
        .exclude(assessment__state=AssessmentState.DRAFT)
        .values_list("assessment_id", "criterion_id", "self_score", "appraised_score")
    )
    for assessment_id, criterion_id, self_score, appraised in values:
        criterion = by_id[criterion_id]
        scores = Scores(
            maximum=criterion.max_score or ZERO,
            self_score=self_score or ZERO,
            appraised=appraised or ZERO,
        )
        rows[assessment_id].areas[area_of[criterion_id]].add(scores)
        rows[assessment_id].total.add(scores)
    bands = parse_grade_bands(criteria_set.grade_bands)
    finalised = sorted(
        (r for r in rows.values() if r.assessment.state == AssessmentState.FINALISED),
        key=lambda r: -r.total.appraised,
    )
    for position, row in enumerate(finalised, start=1):
        previous = finalised[position - 2] if position > 1 else None
        same = previous is not None and previous.total.appraised == row.total.appraised
        row.rank = previous.rank if same else position
        row.grade = grade_of(bands, row.total.appraised, maximum)
    ordered = sorted(
        rows.values(),
        key=lambda r: (r.rank is None, r.rank or 0, r.assessment.subject_name),
    )
    area_maxima = {area.pk: ZERO for area in areas}
    for criterion in criteria:
        if criterion.rule != ScoringRule.SUM:
            area_maxima[area_of[criterion.pk]] += criterion.max_score or ZERO
    return Results(
        criteria_set=criteria_set,
        areas=areas,
        rows=ordered,
        maximum=maximum,
        area_maxima=area_maxima,
    )


@dataclass
class StateChange:
    when: object  # datetime
    who: str
    state: str  # the state's Vietnamese label
    round: int
    version: int


def state_history(assessment: Assessment) -> list[StateChange]:
    """The audit trail of the assessment's states (django-simple-history), one entry per change
    of state, oldest first, with who made it (one query)."""
    labels = dict(AssessmentState.choices)
    changes: list[StateChange] = []
    previous = None
    for entry in assessment.history.select_related("history_user").order_by(
        "history_date", "history_id"
    ):
        if entry.state == previous:
            continue
        previous = entry.state
        user = entry.history_user
        who = (user.get_full_name() or user.username) if user else "hệ thống"
        changes.append(
            StateChange(entry.history_date, who, labels[entry.state], entry.round, entry.version)
        )
    return changes
