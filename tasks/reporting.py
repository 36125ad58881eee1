"""The consolidated quarterly report of a plan, as data: one builder for the page and exports.

`build_report(plan, period)` reads everything in a fixed number of queries and returns a
`ConsolidatedReport`: every task classified (tasks.classification) with its lead and partner
agencies and its progress text, the counts per class overall, per area and per lead agency,
the overdue units, the targets with their latest actuals, and the agencies that still owe
reports. Counting units are top-level tasks (sub-tasks roll up into them); sub-tasks are kept
as rows under their parent for the detail tables.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q

from indicators.selectors import IndicatorRow, indicator_rows
from plans.models import Agency, Plan, PlanArea, PlanKind
from plans.periods import Period
from tasks.classification import Classified, ReportClass, classify, effective_due, roll_up
from tasks.models import (
    COUNTED_STATES,
    UNDATED_KINDS,
    AssignmentRole,
    DeadlineKind,
    ProgressReport,
    Task,
    TaskAssignment,
)
from tasks.progress import latest_reports, task_progress
from tasks.selectors import MissingReporter, missing_reporters

CLASS_ORDER = list(ReportClass.values)


@dataclass
class ReportRow:
    task: Task
    depth: int  # 0 for a counting unit, 1 for a sub-task shown under it
    classified: Classified
    leads: list[Agency]
    partners: list[Agency]
    results: list[tuple[Agency, ProgressReport]]  # latest counted report of each agency
    counted_under: list[Agency] = field(default_factory=list)  # for the by-agency breakdown

    @property
    def lead_names(self) -> str:
        return "; ".join(a.name for a in self.leads)

    @property
    def partner_names(self) -> str:
        return "; ".join(a.name for a in self.partners)

    @property
    def result_text(self) -> str:
        """What the agencies reported, one line each: "Agency: result (product)"."""
        lines = []
        for agency, report in self.results:
            text = report.result.strip()
            if report.product_issued:
                text = f"{text} ({report.product_issued})" if text else report.product_issued
            lines.append(f"{agency.name}: {text or report.get_status_display()}")
        return "\n".join(lines)


@dataclass
class Counts:
    by_class: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CLASS_ORDER, 0))

    def add(self, report_class: str) -> None:
        self.by_class[report_class] += 1

    @property
    def total(self) -> int:
        return sum(self.by_class.values())

    def percent(self, report_class: str) -> float:
        return self.percentages()[report_class]

    def percentages(self) -> dict[str, float]:
        """Shares to one decimal that add up to exactly 100 (largest-remainder rounding), as a
        printed report's percentage column must."""
        if not self.total:
            return dict.fromkeys(CLASS_ORDER, 0.0)
        exact = {c: 1000 * n / self.total for c, n in self.by_class.items()}  # tenths of %
        tenths = {c: int(v) for c, v in exact.items()}
        short = 1000 - sum(tenths.values())
        for c in sorted(CLASS_ORDER, key=lambda c: (-(exact[c] - tenths[c]), CLASS_ORDER.index(c)))[
            :short
        ]:
            tenths[c] += 1
        return {c: tenths[c] / 10 for c in CLASS_ORDER}

    def cells(self) -> list[tuple[str, str, int, float]]:
        return [(c, ReportClass(c).label, self.by_class[c], self.percent(c)) for c in CLASS_ORDER]


@dataclass
class ConsolidatedReport:
    plan: Plan
    period: Period
    as_of: datetime.date
    rows: list[ReportRow]
    areas: list[PlanArea]
    counts: Counts
    by_area: list[tuple[PlanArea, Counts]]
    by_agency: list[tuple[Agency, Counts]]
    targets: list[IndicatorRow]
    missing: list[MissingReporter]

    @property
    def units(self) -> list[ReportRow]:
        return [r for r in self.rows if r.depth == 0]

    @property
    def overdue(self) -> list[ReportRow]:
        """Late counting units, the most overdue first."""
        late = [
            r
            for r in self.units
            if r.classified.overdue or r.classified.report_class == ReportClass.DONE_LATE
        ]
        return sorted(late, key=lambda r: (r.classified.due_date, r.task.order))

    def rows_by_area(self) -> list[tuple[PlanArea, list[ReportRow]]]:
        """Rows under their area headings; a sub-task stays under its parent's area."""
        grouped: dict[int, list[ReportRow]] = defaultdict(list)
        area_id = None
        for row in self.rows:
            if row.depth == 0:
                area_id = row.task.area_id
            grouped[area_id].append(row)
        return [(area, grouped[area.pk]) for area in self.areas if grouped[area.pk]]


def _unique(agencies: list[Agency]) -> list[Agency]:
    seen: dict[int, Agency] = {}
    for agency in agencies:
        seen.setdefault(agency.pk, agency)
    return list(seen.values())


def _reports_up_to(plan: Plan, period: Period, per_year: bool):
    reports = ProgressReport.objects.filter(task__plan=plan, review_state__in=COUNTED_STATES)
    if per_year:
        return reports.filter(year=period.year, quarter__lte=period.quarter)
    return reports.filter(
        Q(year__lt=period.year) | Q(year=period.year, quarter__lte=period.quarter)
    )


def build_report(plan: Plan, period: Period) -> ConsolidatedReport:
    per_year = plan.kind == PlanKind.MULTI_YEAR
    as_of = period.end
    areas = list(PlanArea.objects.filter(plan=plan).order_by("order"))
    tasks = list(
        Task.objects.filter(plan=plan)
        .select_related("area", "parent")
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=TaskAssignment.objects.select_related("agency").order_by("order"),
            ),
            Prefetch(
                "reports",
                queryset=_reports_up_to(plan, period, per_year).select_related("agency"),
                to_attr="counted_reports",
            ),
        )
        .order_by("order")
    )

    children: dict[int, list[Task]] = defaultdict(list)
    for task in tasks:
        if task.parent_id:
            children[task.parent_id].append(task)

    def own(task: Task) -> tuple[Classified, list, list, list]:
        assignments = list(task.assignments.all())
        progress = task_progress(assignments, task.counted_reports, period)
        dated = task.deadline_kind not in UNDATED_KINDS and task.due_date is not None
        due = effective_due(task.due_date, period_year=period.year, per_year=per_year)
        if per_year and task.deadline_kind == DeadlineKind.NONE:
            # A multi-year plan's criteria without a written date (Tuy Phước) are yearly
            # targets: each year they are due by its end.
            dated, due = True, datetime.date(period.year, 12, 31)
        leads = [a.agency for a in assignments if a.role == AssignmentRole.LEAD]
        partners = [a.agency for a in assignments if a.role == AssignmentRole.PARTNER]
        latest = latest_reports(task.counted_reports, period)
        results = sorted(
            ((r.agency, r) for r in latest.values()),
            key=lambda pair: (pair[0] not in leads, pair[0].name),
        )
        return (
            classify(due_date=due, dated=dated, progress=progress, as_of=as_of),
            leads,
            partners,
            results,
        )

    rows: list[ReportRow] = []
    for task in tasks:
        if task.parent_id:
            continue  # emitted under its parent
        classified, leads, partners, results = own(task)
        sub_rows = []
        for child in children.get(task.pk, []):
            c_classified, c_leads, c_partners, c_results = own(child)
            sub_rows.append(ReportRow(child, 1, c_classified, c_leads, c_partners, c_results))
        if sub_rows:
            progresses = [r.classified.progress for r in sub_rows]
            if leads:
                progresses.append(classified.progress)
            due_dates = (
                [task.due_date]
                if task.due_date
                else [r.task.due_date for r in sub_rows if r.task.due_date]
            )
            due = max(due_dates) if due_dates else None
            dated = due is not None and (
                task.deadline_kind not in UNDATED_KINDS
                or any(r.classified.report_class != ReportClass.UNDATED for r in sub_rows)
            )
            classified = classify(
                due_date=effective_due(due, period_year=period.year, per_year=per_year),
                dated=dated,
                progress=roll_up(progresses),
                as_of=as_of,
            )
        # A heading row without its own lead (Cát Hải's task 1, Tuy Phước's 1.3) is counted
        # under its sub-tasks' lead agencies; a task without any lead under those who reported.
        counted_under = _unique(
            leads or [a for r in sub_rows for a in r.leads] or [a for a, _ in results]
        )
        row = ReportRow(task, 0, classified, leads, partners, results)
        row.counted_under = counted_under
        rows.append(row)
        rows.extend(sub_rows)

    counts = Counts()
    area_counts: dict[int, Counts] = {a.pk: Counts() for a in areas}
    agency_counts: dict[int, Counts] = {}
    agencies: dict[int, Agency] = {}
    for row in rows:
        if row.depth:
            continue
        counts.add(row.classified.report_class)
        area_counts[row.task.area_id].add(row.classified.report_class)
        for agency in row.counted_under:
            agencies[agency.pk] = agency
            agency_counts.setdefault(agency.pk, Counts()).add(row.classified.report_class)

    return ConsolidatedReport(
        plan=plan,
        period=period,
        as_of=as_of,
        rows=rows,
        areas=areas,
        counts=counts,
        by_area=[(a, area_counts[a.pk]) for a in areas],
        by_agency=sorted(
            ((agencies[pk], c) for pk, c in agency_counts.items()),
            key=lambda pair: (-pair[1].total, pair[0].name),
        ),
        targets=indicator_rows(plan, period),
        missing=missing_reporters(plan, period),
    )
