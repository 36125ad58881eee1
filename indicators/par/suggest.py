"""The score and evidence that a criterion's mapped plan tasks and targets suggest.

A suggestion is only a starting point: the unit's staff confirm or change it, and only what
they confirm is submitted. The rule (docs/par-index.md, cases in tests/indicators/
test_par_suggest.py), for the assessment's year Y:

- a task counts as **done** when the quarterly report of Q4/Y would say so from the reports of
  year Y (its lead agencies' latest counted reports; a collective lead stands for its members;
  a completion after the plan's data cut-off does not count), or when the task itself is marked
  done on or before the cut-off; it is **done on time** when its completion date is not later
  than the task's deadline;
- yes/no: the maximum when every mapped task is done on time, else 0;
- percent: from a mapped target's value reached in Y (its latest quarter: the value itself for
  a percentage target, else value / target × 100), capped at 100; without a target, the share
  of mapped tasks done on time;
- graded steps: the highest step not above maximum × share of mapped tasks done on time;
- deductions: one deduction per mapped task not done on time;
- survey criteria and criteria without a maximum get no suggestion.

Evidence suggested: the latest counted reports of Y of the agencies that decide (leads, members
of a collective lead), with their evidence file when there is one; or the task itself when it
is done without such a report.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from indicators.models import IndicatorActual, Unit
from indicators.par.models import AssessmentItem, ScoringRule
from indicators.par.rules import CENT, deduction_score, fmt, parse_steps, percent_score
from plans.periods import Period
from tasks.models import (
    COUNTED_STATES,
    AssignmentRole,
    ProgressReport,
    Task,
    TaskAssignment,
    TaskStatus,
)
from tasks.reports.progress import latest_reports, lead_members, task_progress
from tasks.selectors import units_group_members


@dataclass
class TaskState:
    done: bool = False
    on_time: bool = False
    reports: list = field(default_factory=list)


@dataclass
class Suggestion:
    score: Decimal | None
    note: str
    percent: Decimal | None = None
    deductions: int | None = None
    reports: list = field(default_factory=list)
    tasks: list = field(default_factory=list)


def task_states(tasks, year: int, plan=None) -> dict[int, TaskState]:
    """Each task's state at the end of `year`, in four queries whatever the number of tasks.

    "Done" is decided exactly as the quarterly report decides it for Q4 of `year`
    (`tasks.reports.progress.task_progress`: lead agencies only, a collective lead stands for
    its members, the plan's data cut-off), from the reports of `year` alone."""
    period = Period(year, 4)
    cutoff = plan.cutoff(period) if plan is not None else period.end
    task_ids = [task.pk for task in tasks]
    assignments = defaultdict(list)
    for assignment in TaskAssignment.objects.filter(task_id__in=task_ids).select_related("agency"):
        assignments[assignment.task_id].append(assignment)
    reports = defaultdict(list)
    for report in (
        ProgressReport.objects.filter(
            task_id__in=task_ids, year=year, review_state__in=COUNTED_STATES
        )
        .select_related("agency", "task")
        .order_by("task_id", "agency_id", "quarter")
    ):
        reports[report.task_id].append(report)
    unit_of = dict(Task.objects.filter(pk__in=task_ids).values_list("pk", "plan__unit_id"))
    members = units_group_members(set(unit_of.values()))
    states = {}
    for task in tasks:
        group_members = members.get(unit_of[task.pk], {})
        progress = task_progress(
            assignments[task.pk],
            reports[task.pk],
            period,
            cutoff=cutoff,
            members_by_group=group_members,
        )
        deciders = {a.agency_id for a in assignments[task.pk] if a.role == AssignmentRole.LEAD}
        for members_of_group in lead_members(assignments[task.pk], group_members).values():
            deciders.update(member.pk for member in members_of_group)
        latest = latest_reports(reports[task.pk], period)
        state = TaskState(reports=[r for a, r in sorted(latest.items()) if a in deciders])
        if progress.done:
            state.done = True
            completed = progress.completion_date
        elif (
            task.status == TaskStatus.DONE
            and task.completed_on is not None
            and task.completed_on <= cutoff
        ):
            state.done = True
            completed = task.completed_on
        if state.done:
            state.on_time = task.due_date is None or completed is None or completed <= task.due_date
        states[task.pk] = state
    return states


def indicator_values(indicators, year: int) -> dict[int, Decimal]:
    """Each target's value reached in `year` (its latest quarter), one query."""
    values = {}
    actuals = IndicatorActual.objects.filter(
        indicator__in=[indicator.pk for indicator in indicators], year=year
    ).order_by("indicator_id", "quarter")
    for actual in actuals:
        values[actual.indicator_id] = actual.value
    return values


def _target_percent(indicator, value: Decimal) -> Decimal:
    if indicator.unit == Unit.PERCENT or not indicator.target_value:
        percent = value
    else:
        percent = value * 100 / indicator.target_value
    return min(Decimal(100), max(Decimal(0), percent)).quantize(CENT)


def suggest(item: AssessmentItem, states: dict[int, TaskState], values: dict[int, Decimal]):
    """The suggestion for one item whose `tasks` and `indicators` are prefetched."""
    criterion = item.criterion
    tasks = list(item.tasks.all())
    indicators = list(item.indicators.all())
    reports = [report for task in tasks for report in states[task.pk].reports]
    unreported = [task for task in tasks if not states[task.pk].reports]
    base = {"reports": reports, "tasks": unreported}
    if criterion.rule == ScoringRule.SURVEY:
        return Suggestion(None, "Tiêu chí do Sở Nội vụ chấm theo kết quả điều tra.", **base)
    if criterion.max_score is None:
        return Suggestion(None, "Chưa có điểm tối đa: chưa gợi ý được điểm.", **base)
    measured = [(i, values[i.pk]) for i in indicators if i.pk in values]
    if criterion.rule == ScoringRule.PERCENT and measured:
        indicator, value = measured[0]
        percent = _target_percent(indicator, value)
        note = f"Chỉ tiêu {indicator.display_code} đạt {fmt(value)} → tỷ lệ {fmt(percent)}%."
        return Suggestion(percent_score(criterion, percent), note, percent=percent, **base)
    if not tasks:
        return Suggestion(None, "Chưa gắn nhiệm vụ hoặc chỉ tiêu của kế hoạch.", **base)
    on_time = sum(1 for task in tasks if states[task.pk].on_time)
    done = sum(1 for task in tasks if states[task.pk].done)
    note = f"{done}/{len(tasks)} nhiệm vụ hoàn thành, {on_time}/{len(tasks)} đúng hạn."
    share = Decimal(on_time) / len(tasks)
    maximum = criterion.max_score
    if criterion.rule == ScoringRule.YES_NO:
        return Suggestion(maximum if on_time == len(tasks) else Decimal(0), note, **base)
    if criterion.rule == ScoringRule.PERCENT:
        percent = (share * 100).quantize(CENT)
        return Suggestion(percent_score(criterion, percent), note, percent=percent, **base)
    if criterion.rule == ScoringRule.STEPS:
        reachable = [step for step in parse_steps(criterion.steps) if step <= maximum * share]
        return Suggestion(max(reachable, default=Decimal(0)), note, **base)
    if criterion.rule == ScoringRule.DEDUCTION:
        missed = len(tasks) - on_time
        return Suggestion(deduction_score(criterion, missed), note, deductions=missed, **base)
    return Suggestion(None, note, **base)
