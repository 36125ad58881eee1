"""The suggestion rule of indicators/par/suggest.py (docs/par-index.md), hand-checked cases:
each row gives the criterion, the state of its mapped tasks (their lead agency's reports of 2024
or the task's own completion) and targets, and the exact suggested score."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from indicators.models import IndicatorActual, Unit
from indicators.par.models import (
    Assessment,
    AssessmentItem,
    CriteriaSet,
    Criterion,
    CriterionLevel,
    ScoringRule,
)
from indicators.par.suggest import indicator_values, suggest, task_states
from tasks.models import AssignmentRole, TaskStatus
from tests.factories import (
    AgencyFactory,
    IndicatorFactory,
    PlanFactory,
    ProgressReportFactory,
    TaskAssignmentFactory,
    TaskFactory,
)

pytestmark = pytest.mark.django_db

DUE = datetime.date(2024, 6, 30)
ON_TIME = datetime.date(2024, 6, 15)
LATE = datetime.date(2024, 9, 1)

# A task: (lead reports [(quarter, status, completion date, review state)],
#          partner reports [...], task status, task completed_on)
DONE_Q4 = ([(4, "done", ON_TIME, "accepted")], [], TaskStatus.IN_PROGRESS, None)
DONE_LATE = ([(4, "done", LATE, "accepted")], [], TaskStatus.IN_PROGRESS, None)
IN_PROGRESS = ([(4, "in_progress", None, "submitted")], [], TaskStatus.IN_PROGRESS, None)
NOTHING = ([], [], TaskStatus.NOT_STARTED, None)
DONE_THEN_REOPENED = (
    [(2, "done", ON_TIME, "accepted"), (4, "in_progress", None, "accepted")],
    [],
    TaskStatus.IN_PROGRESS,
    None,
)
DONE_IN_DRAFT = ([(4, "done", ON_TIME, "draft")], [], TaskStatus.IN_PROGRESS, None)
ONLY_PARTNER_DONE = (
    [(4, "in_progress", None, "accepted")],
    [(4, "done", ON_TIME, "accepted")],
    TaskStatus.IN_PROGRESS,
    None,
)
MARKED_DONE = ([], [], TaskStatus.DONE, ON_TIME)
MARKED_DONE_NEXT_YEAR = ([], [], TaskStatus.DONE, datetime.date(2025, 2, 1))

CASES = [
    # rule, max, steps, deduction, tasks, target (unit, target value, value reached), expected
    ("yes_no", "2", "", None, [DONE_Q4], None, ("2.00", None, None)),
    ("yes_no", "2", "", None, [DONE_LATE], None, ("0", None, None)),
    ("yes_no", "2", "", None, [DONE_Q4, IN_PROGRESS], None, ("0", None, None)),
    ("yes_no", "1", "", None, [MARKED_DONE], None, ("1.00", None, None)),
    ("yes_no", "1", "", None, [MARKED_DONE_NEXT_YEAR], None, ("0", None, None)),
    ("yes_no", "1", "", None, [DONE_THEN_REOPENED], None, ("0", None, None)),
    ("yes_no", "1", "", None, [DONE_IN_DRAFT], None, ("0", None, None)),
    ("yes_no", "1", "", None, [ONLY_PARTNER_DONE], None, ("0", None, None)),
    ("percent", "3", "", None, [DONE_Q4, DONE_Q4, DONE_LATE], None, ("2.00", "66.67", None)),
    ("percent", "2", "", None, [NOTHING], ("percent", "90", "85"), ("1.70", "85.00", None)),
    ("percent", "2", "", None, [], ("count", "20", "15"), ("1.50", "75.00", None)),
    ("percent", "2", "", None, [], ("percent", "90", "120"), ("2.00", "100.00", None)),
    ("steps", "1", "1; 0,5; 0", None, [DONE_Q4, IN_PROGRESS], None, ("0.5", None, None)),
    ("steps", "1", "1; 0,5; 0", None, [DONE_Q4, NOTHING, NOTHING], None, ("0", None, None)),
    ("deduction", "2", "", "0.5", [DONE_Q4, DONE_LATE, NOTHING], None, ("1.00", None, 2)),
    ("deduction", "1", "", "0.5", [NOTHING, NOTHING, NOTHING], None, ("0", None, 3)),
    ("survey", "5", "", None, [DONE_Q4], None, (None, None, None)),
    ("yes_no", None, "", None, [DONE_Q4], None, (None, None, None)),
    ("yes_no", "1", "", None, [], None, (None, None, None)),
]


def _task(plan, lead, partner, spec, n):
    lead_reports, partner_reports, status, completed_on = spec
    task = TaskFactory(
        plan=plan,
        area__plan=plan,
        code=f"9.{n}",
        due_date=DUE,
        status=status,
        completed_on=completed_on,
    )
    TaskAssignmentFactory(task=task, agency=lead, role=AssignmentRole.LEAD)
    TaskAssignmentFactory(task=task, agency=partner, role=AssignmentRole.PARTNER)
    for agency, reports in ((lead, lead_reports), (partner, partner_reports)):
        for quarter, progress, completion, state in reports:
            ProgressReportFactory(
                task=task,
                agency=agency,
                year=2024,
                quarter=quarter,
                status=progress,
                completion_date=completion,
                percent=100 if progress == "done" else 50,
                review_state=state,
            )
    return task


@pytest.mark.parametrize(
    ("rule", "maximum", "steps", "deduction", "tasks", "target", "expected"), CASES
)
def test_suggested_score_follows_the_rule(rule, maximum, steps, deduction, tasks, target, expected):
    plan = PlanFactory(start_year=2024, end_year=2024)
    lead = AgencyFactory(unit=plan.unit, name="Phòng Nội vụ")
    partner = AgencyFactory(unit=plan.unit, name="Phòng Tư pháp")
    criteria_set = CriteriaSet.objects.create(
        province=plan.unit.parent, year=2024, level="district", title="Bộ tiêu chí thử"
    )
    criterion = Criterion.objects.create(
        criteria_set=criteria_set,
        code="9.1",
        title="Tiêu chí thử",
        level=CriterionLevel.CRITERION,
        order=1,
        max_score=Decimal(maximum) if maximum else None,
        rule=rule,
        steps=steps,
        deduction=Decimal(deduction) if deduction else None,
    )
    assessment = Assessment.objects.create(criteria_set=criteria_set, unit=plan.unit, plan=plan)
    item = AssessmentItem.objects.create(assessment=assessment, criterion=criterion)
    mapped = [_task(plan, lead, partner, spec, n) for n, spec in enumerate(tasks, start=1)]
    item.tasks.set(mapped)
    if target is not None:
        unit, target_value, reached = target
        indicator = IndicatorFactory(
            plan=plan,
            unit=Unit.PERCENT if unit == "percent" else Unit.COUNT,
            target_value=Decimal(target_value),
        )
        IndicatorActual.objects.create(indicator=indicator, year=2024, quarter=2, value=1)
        IndicatorActual.objects.create(
            indicator=indicator, year=2024, quarter=4, value=Decimal(reached)
        )
        item.indicators.set([indicator])
    item = AssessmentItem.objects.prefetch_related("tasks", "indicators").get(pk=item.pk)

    states = task_states(mapped, 2024)
    values = indicator_values(list(item.indicators.all()), 2024)
    suggestion = suggest(item, states, values)

    score, percent, deductions = expected
    assert suggestion.score == (Decimal(score) if score is not None else None)
    assert suggestion.percent == (Decimal(percent) if percent is not None else None)
    assert suggestion.deductions == deductions


def test_suggestion_note_counts_done_and_on_time_tasks():
    plan = PlanFactory(start_year=2024, end_year=2024)
    lead = AgencyFactory(unit=plan.unit, name="Phòng Nội vụ")
    partner = AgencyFactory(unit=plan.unit, name="Phòng Tư pháp")
    criteria_set = CriteriaSet.objects.create(
        province=plan.unit.parent, year=2024, level="district", title="Bộ tiêu chí thử"
    )
    criterion = Criterion.objects.create(
        criteria_set=criteria_set,
        code="1",
        title="Tiêu chí",
        level="criterion",
        order=1,
        max_score=Decimal(1),
        rule=ScoringRule.YES_NO,
    )
    assessment = Assessment.objects.create(criteria_set=criteria_set, unit=plan.unit, plan=plan)
    item = AssessmentItem.objects.create(assessment=assessment, criterion=criterion)
    mapped = [
        _task(plan, lead, partner, spec, n)
        for n, spec in enumerate([DONE_Q4, DONE_LATE, NOTHING], start=1)
    ]
    item.tasks.set(mapped)
    item = AssessmentItem.objects.prefetch_related("tasks", "indicators").get(pk=item.pk)

    suggestion = suggest(item, task_states(mapped, 2024), {})

    assert suggestion.note == "2/3 nhiệm vụ hoàn thành, 1/3 đúng hạn."
    assert [report.task.code for report in suggestion.reports] == ["9.1", "9.2"]
    assert [task.code for task in suggestion.tasks] == ["9.3"]


def test_task_states_run_four_queries_whatever_the_number_of_tasks(django_assert_max_num_queries):
    plan = PlanFactory(start_year=2024, end_year=2024)
    lead = AgencyFactory(unit=plan.unit, name="Phòng Nội vụ")
    partner = AgencyFactory(unit=plan.unit, name="Phòng Tư pháp")
    for size in (2, 12):
        tasks = [_task(plan, lead, partner, DONE_Q4, 100 * size + n) for n in range(size)]
        with django_assert_max_num_queries(4):
            states = task_states(tasks, 2024)
        assert sum(state.on_time for state in states.values()) == size


@pytest.mark.parametrize(
    ("members_done", "expected"),
    [((True, True), Decimal("1.00")), ((True, False), Decimal(0)), ((False, False), Decimal(0))],
)
def test_collective_lead_is_done_when_every_member_reported_done(members_done, expected):
    """As in the quarterly report (rule 2): "UBND các xã, thị trấn" stands for its communes."""
    plan = PlanFactory(start_year=2024, end_year=2024)
    group = AgencyFactory(
        unit=plan.unit, name="UBND các xã, thị trấn", kind="group", includes=["commune"]
    )
    communes = [
        AgencyFactory(unit=plan.unit, name=f"UBND xã {name}", kind="commune")
        for name in ("An Bình", "Phước Hòa")
    ]
    task = TaskFactory(plan=plan, area__plan=plan, code="1.1", due_date=DUE)
    TaskAssignmentFactory(task=task, agency=group, role=AssignmentRole.LEAD)
    for commune, done in zip(communes, members_done, strict=True):
        ProgressReportFactory(
            task=task,
            agency=commune,
            year=2024,
            quarter=4,
            status="done" if done else "in_progress",
            completion_date=ON_TIME if done else None,
            percent=100 if done else 40,
            review_state="accepted",
        )
    criteria_set = CriteriaSet.objects.create(
        province=plan.unit.parent, year=2024, level="district", title="Bộ tiêu chí thử"
    )
    criterion = Criterion.objects.create(
        criteria_set=criteria_set,
        code="1.1",
        title="Tiêu chí",
        level="criterion",
        order=1,
        max_score=Decimal(1),
        rule=ScoringRule.YES_NO,
    )
    assessment = Assessment.objects.create(criteria_set=criteria_set, unit=plan.unit, plan=plan)
    item = AssessmentItem.objects.create(assessment=assessment, criterion=criterion)
    item.tasks.set([task])
    item = AssessmentItem.objects.prefetch_related("tasks", "indicators").get(pk=item.pk)

    suggestion = suggest(item, task_states([task], 2024, plan), {})

    assert suggestion.score == expected
    assert sorted(r.agency.name for r in suggestion.reports) == [
        "UBND xã An Bình",
        "UBND xã Phước Hòa",
    ]
