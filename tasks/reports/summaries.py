"""The headline numbers of many plans for one period, for the province dashboard and the
national home: the same classification as each plan's report page (one builder, the same
rules), read for all the plans at once in a fixed number of queries.

Each plan's numbers are stored (`tasks.reports.stored.StoredSummary`) with the plan's data
stamp and reused while the stamp has not moved; only plans whose data changed since are
classified again. The stamp is read before the data, so a summary can only ever be stored with
a stamp older than its data (recomputed next time), never newer (stale for ever).
"""

from __future__ import annotations

import datetime
import logging
from collections import defaultdict
from dataclasses import dataclass

from django.db import DatabaseError, transaction

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
from tasks.reports.stored import PlanStamp, StoredSummary
from tasks.selectors import expected_reporters_of, units_group_members

logger = logging.getLogger(__name__)


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


def _computed(plans: list[Plan], period: Period, final: set[int]) -> dict[int, PlanSummary]:
    """Classify `plans` for `period` (the report page's builder and rules)."""
    data = _fetch(plans, period)
    expected = expected_reporters_of(plans, period)
    on_time = _on_time_reports(plans, period)
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


def _from_stored(plan: Plan, period: Period, row: StoredSummary, final: set[int]) -> PlanSummary:
    counts = Counts(cancelled=row.cancelled)
    for report_class in counts.by_class:
        counts.by_class[report_class] = row.by_class.get(report_class, 0)
    return PlanSummary(
        plan=plan,
        period=period,
        as_of=row.as_of,
        counts=counts,
        overdue=row.overdue,
        reports_owed=row.reports_owed,
        reports_on_time=row.reports_on_time,
        edition_final=plan.pk in final,
    )


def _store(summaries: dict[int, PlanSummary], stamps: dict[int, int], period: Period) -> None:
    """Keep freshly computed summaries for the next request. A failure to store (a locked
    SQLite file under concurrent writes) only costs the next request the computation."""
    rows = [
        StoredSummary(
            plan_id=plan_id,
            year=period.year,
            quarter=period.quarter,
            stamp=stamps.get(plan_id, 0),
            as_of=s.as_of,
            by_class=dict(s.counts.by_class),
            cancelled=s.counts.cancelled,
            overdue=s.overdue,
            reports_owed=s.reports_owed,
            reports_on_time=s.reports_on_time,
        )
        for plan_id, s in summaries.items()
    ]
    fields = ["stamp", "as_of", "by_class", "cancelled", "overdue", "reports_owed"]
    try:
        with transaction.atomic():
            StoredSummary.objects.bulk_create(
                rows,
                batch_size=500,
                update_conflicts=True,
                unique_fields=["plan", "year", "quarter"],
                update_fields=[*fields, "reports_on_time", "computed_at"],
            )
    except DatabaseError:
        logger.warning("Could not store %d plan summaries for %s", len(rows), period, exc_info=True)


def plan_summaries(plans, period: Period) -> dict[int, PlanSummary]:
    """plan id → its summary for `period` (plans whose years do not cover the period are left
    out), in a fixed number of queries whatever the number of plans: the stored summaries of
    plans whose data has not changed since, a fresh classification of the others."""
    plans = [p for p in plans if period.year in p.years]
    if not plans:
        return {}
    ids = [p.pk for p in plans]
    stamps = dict(PlanStamp.objects.filter(plan_id__in=ids).values_list("plan_id", "value"))
    stored = {
        row.plan_id: row
        for row in StoredSummary.objects.filter(
            plan_id__in=ids, year=period.year, quarter=period.quarter
        )
    }
    final = set(
        ReportEdition.objects.filter(
            plan_id__in=ids, year=period.year, quarter=period.quarter, state=EditionState.FINAL
        ).values_list("plan_id", flat=True)
    )
    summaries, stale = {}, []
    for plan in plans:
        row = stored.get(plan.pk)
        if row is not None and row.stamp == stamps.get(plan.pk, 0):
            summaries[plan.pk] = _from_stored(plan, period, row, final)
        else:
            stale.append(plan)
    if stale:
        computed = _computed(stale, period, final)
        _store(computed, stamps, period)
        summaries.update(computed)
    return summaries
