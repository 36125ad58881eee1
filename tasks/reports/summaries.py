"""The headline numbers of many plans for one period, for the province dashboard and the
national home: the same classification as each plan's report page (one builder, the same
rules), read for all the plans at once in a fixed number of queries.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from plans.models import Plan, PlanArea
from plans.periods import Period
from tasks.models import COUNTED_STATES, ProgressReport, Task
from tasks.reports.builder import (
    Counts,
    PlanData,
    classified_rows,
    keep_year_reports,
    tally,
    tasks_with_reports,
)
from tasks.reports.classification import ReportClass
from tasks.reports.models import EditionState, ReportEdition
from tasks.reports.rules import decision_reasons
from tasks.selectors import expected_reporters_of, units_group_members


@dataclass
class PlanSummary:
    plan: Plan
    period: Period
    as_of: datetime.date
    counts: Counts
    overdue: int  # counting units late and not done
    reports_owed: int  # (agency, task) pairs owed for the period (rule 12)
    reports_on_time: int  # of which sent by the plan's report due day
    edition_final: bool

    @property
    def tasks(self) -> int:
        return self.counts.total

    @property
    def done_on_time(self) -> int:
        return self.counts.by_class[ReportClass.DONE_ON_TIME]

    @property
    def done(self) -> int:
        return self.done_on_time + self.counts.by_class[ReportClass.DONE_LATE]

    @property
    def percent_on_time(self) -> float:
        return round(100 * self.done_on_time / self.tasks, 1) if self.tasks else 0.0

    @property
    def reporting_rate(self) -> float | None:
        if not self.reports_owed:
            return None
        return round(100 * self.reports_on_time / self.reports_owed, 1)


def _fetch(plans: list[Plan], period: Period) -> dict[int, PlanData]:
    areas: dict[int, list[PlanArea]] = defaultdict(list)
    for area in PlanArea.objects.filter(plan__in=plans).order_by("plan_id", "order"):
        areas[area.plan_id].append(area)
    tasks: dict[int, list[Task]] = defaultdict(list)
    for task in tasks_with_reports(Task.objects.filter(plan__in=plans), period):
        tasks[task.plan_id].append(task)
    history = Task.history.filter(plan_id__in=[p.pk for p in plans])
    reasons = decision_reasons(
        history.order_by("history_date", "history_id").values_list(
            "id", "due_date", "status", "history_change_reason"
        )
    )
    members = units_group_members({p.unit_id for p in plans})
    data = {}
    for plan in plans:
        keep_year_reports(plan, period, tasks[plan.pk])
        data[plan.pk] = PlanData(
            areas[plan.pk], tasks[plan.pk], reasons, members.get(plan.unit_id, {})
        )
    return data


def _on_time_reports(plans: list[Plan], period: Period) -> dict[int, set[tuple[int, int]]]:
    """plan id → (agency, task) pairs with a report for the period sent by the due day."""
    due = {p.pk: period.report_due(p.report_due_day) for p in plans}
    sent = ProgressReport.objects.filter(
        task__plan__in=plans,
        year=period.year,
        quarter=period.quarter,
        review_state__in=COUNTED_STATES,
        submitted_at__isnull=False,
    ).values_list("task__plan_id", "agency_id", "task_id", "submitted_at")
    on_time: dict[int, set[tuple[int, int]]] = defaultdict(set)
    for plan_id, agency_id, task_id, submitted_at in sent:
        if submitted_at.date() <= due[plan_id]:
            on_time[plan_id].add((agency_id, task_id))
    return on_time


def plan_summaries(plans, period: Period) -> dict[int, PlanSummary]:
    """plan id → its summary for `period` (plans whose years do not cover the period are left
    out), in a fixed number of queries whatever the number of plans."""
    plans = [p for p in plans if period.year in p.years]
    if not plans:
        return {}
    data = _fetch(plans, period)
    expected = expected_reporters_of(plans, period)
    on_time = _on_time_reports(plans, period)
    final = set(
        ReportEdition.objects.filter(
            plan__in=plans, year=period.year, quarter=period.quarter, state=EditionState.FINAL
        ).values_list("plan_id", flat=True)
    )
    summaries = {}
    for plan in plans:
        rows, builder = classified_rows(plan, period, data[plan.pk])
        counts, _, _ = tally(rows, [])
        owed = {(a, t) for a, tasks in expected.get(plan.pk, {}).items() for t in tasks}
        summaries[plan.pk] = PlanSummary(
            plan=plan,
            period=period,
            as_of=builder.cutoff,
            counts=counts,
            overdue=sum(1 for r in rows if r.depth == 0 and r.classified.overdue),
            reports_owed=len(owed),
            reports_on_time=len(owed & on_time[plan.pk]),
            edition_final=plan.pk in final,
        )
    return summaries
