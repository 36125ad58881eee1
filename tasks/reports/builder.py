"""The consolidated quarterly report of a plan, as data: one builder for the page and exports.

`build_report(plan, period)` reads everything in a fixed number of queries and returns a
`ConsolidatedReport`: every task classified as of the period's data cut-off
(tasks.reports.classification) with the reason in words, its lead and partner agencies and what they
reported; the counts per class overall, per area and per lead agency; the late units; the
targets with their latest actuals; the agencies that still owe reports; and any inconsistency
found in the data. Counting units are top-level tasks (sub-tasks roll up into them); sub-tasks
are kept as rows under their parent. The rules are in docs/report-rules.md.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field, replace

from django.db.models import Prefetch, Q

from indicators.selectors import IndicatorRow, indicator_rows
from plans.models import Agency, DataCutoff, Plan, PlanArea, PlanKind
from plans.periods import Period
from tasks.models import (
    COUNTED_STATES,
    AssignmentRole,
    ProgressReport,
    ProgressStatus,
    Task,
    TaskAssignment,
    TaskStatus,
)
from tasks.progress.selectors import MissingReporter, missing_reporters
from tasks.reports.classification import (
    COUNTED_CLASSES,
    Classified,
    Deadline,
    ReportClass,
    cancelled,
    classify,
    progress_phrase,
    roll_up,
    roll_up_phrase,
)
from tasks.reports.progress import NOT_REPORTED, Progress, latest_reports, task_progress
from tasks.reports.rules import deadline_for, decision_reasons, milestone_met, task_tree
from tasks.selectors import expected_reporters, unit_group_members

CLASS_ORDER = COUNTED_CLASSES


@dataclass
class ReportRow:
    task: Task
    depth: int  # 0 for a counting unit, 1… for sub-tasks shown under it
    classified: Classified  # for a unit with sub-tasks: rolled up
    leads: list[Agency]
    partners: list[Agency]
    results: list[tuple[Agency, ProgressReport]]  # latest counted report of each agency
    own: Classified | None = None  # the task's own class (what its own leads answer for)
    problem: str = ""  # an inconsistency in the data, shown on the row

    @property
    def lead_names(self) -> str:
        return "; ".join(a.name for a in self.leads)

    @property
    def partner_names(self) -> str:
        return "; ".join(a.name for a in self.partners)

    @property
    def reason(self) -> str:
        return self.classified.reason

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
    cancelled: int = 0  # "Không thực hiện": listed apart, outside totals and percentages

    def add(self, report_class: str) -> None:
        if report_class == ReportClass.CANCELLED:
            self.cancelled += 1
        else:
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
    as_of: datetime.date  # the data cut-off (ngày chốt số liệu)
    rows: list[ReportRow]
    areas: list[PlanArea]
    counts: Counts
    by_area: list[tuple[PlanArea, Counts]]
    by_agency: list[tuple[Agency, Counts]]
    targets: list[IndicatorRow]
    missing: list[MissingReporter]
    problems: list[str] = field(default_factory=list)
    reporters: int = 0  # agencies that owe reports for the period (rule 12)

    @property
    def cutoff_label(self) -> str:
        return DataCutoff(self.plan.data_cutoff).label

    @property
    def units(self) -> list[ReportRow]:
        return [r for r in self.rows if r.depth == 0]

    @property
    def cancelled(self) -> list[ReportRow]:
        return [r for r in self.units if r.classified.report_class == ReportClass.CANCELLED]

    @property
    def overdue(self) -> list[ReportRow]:
        """Late counting units, the earliest due first."""
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


@dataclass
class PlanData:
    """What the builder reads for one plan: fetched for one plan by `fetch_plan_data`, or for
    many plans at once by `tasks.reports.summaries`."""

    areas: list[PlanArea]
    tasks: list[Task]  # with .assignments prefetched and .counted_reports
    reasons: dict
    members: dict[int, list[Agency]]  # group id → members (the plan's unit)


def counted_reports_until(period: Period):
    """Counted reports (sent or accepted) of the period and earlier."""
    return ProgressReport.objects.filter(review_state__in=COUNTED_STATES).filter(
        Q(year__lt=period.year) | Q(year=period.year, quarter__lte=period.quarter)
    )


def tasks_with_reports(tasks, period: Period):
    """The tasks queryset with what the builder needs: area, parent, assignments with their
    agencies, and `counted_reports` up to the period."""
    return (
        tasks.select_related("area__reform_area", "parent")
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=TaskAssignment.objects.select_related("agency").order_by("order", "id"),
            ),
            Prefetch(
                "reports",
                queryset=counted_reports_until(period).select_related("agency"),
                to_attr="counted_reports",
            ),
        )
        .order_by("plan_id", "order")
    )


def keep_year_reports(plan: Plan, period: Period, tasks: list[Task]) -> None:
    """A multi-year plan is classified per year: only reports of the period's year count."""
    if plan.kind == PlanKind.MULTI_YEAR:
        for task in tasks:
            task.counted_reports = [r for r in task.counted_reports if r.year == period.year]


def fetch_plan_data(plan: Plan, period: Period) -> PlanData:
    areas = list(PlanArea.objects.filter(plan=plan).order_by("order"))
    tasks = list(tasks_with_reports(Task.objects.filter(plan=plan), period))
    keep_year_reports(plan, period, tasks)
    history = Task.history.filter(plan_id=plan.pk).order_by("history_date", "history_id")
    reasons = decision_reasons(
        history.values_list("id", "due_date", "status", "history_change_reason")
    )
    return PlanData(areas, tasks, reasons, unit_group_members(plan.unit_id))


class _Builder:
    def __init__(self, plan: Plan, period: Period, data: PlanData):
        self.plan, self.period = plan, period
        self.cutoff = plan.cutoff(period)
        self.year_report = period.quarter == 4
        self.per_year = plan.kind == PlanKind.MULTI_YEAR
        self.areas, self.tasks, self.reasons = data.areas, data.tasks, data.reasons
        self.members = data.members
        self.roots, self.children, self.problems = task_tree(self.tasks)
        self.rows: list[ReportRow] = []

    def progress(self, task: Task, assignments, has_lead: bool) -> Progress:
        """The office's "Hoàn thành" when dated by the cut-off (in a multi-year plan, within
        the period's year: each year's target is met anew), else the leads' reports."""
        completed = task.completed_on
        if (
            task.status == TaskStatus.DONE
            and completed is not None
            and completed <= self.cutoff
            and (not self.per_year or completed.year == self.period.year)
        ):
            return Progress(ProgressStatus.DONE, completed, 100, True, by_office=True)
        if not has_lead:
            return NOT_REPORTED
        return task_progress(
            assignments,
            task.counted_reports,
            self.period,
            cutoff=self.cutoff,
            members_by_group=self.members,
        )

    def classify(self, deadline, progress, text=None) -> Classified:
        return classify(
            deadline,
            progress,
            as_of=self.cutoff,
            year_report=self.year_report,
            progress_text=text,
        )

    def row(self, task: Task, depth: int) -> ReportRow:
        """The task's row followed (in self.rows) by its sub-tasks' rows."""
        assignments = list(task.assignments.all())
        leads = [a.agency for a in assignments if a.role == AssignmentRole.LEAD]
        partners = [a.agency for a in assignments if a.role == AssignmentRole.PARTNER]
        progress = self.progress(task, assignments, bool(leads))
        # What each agency reported, those who decide the status (leads, members of lead
        # groups) first; partners' and monitors' reports are shown but never count.
        decisive = {a.pk for a in leads} | {m.pk for s in progress.leads for m in s.members}
        deadline = deadline_for(task, self.plan, self.period, self.reasons)
        if deadline.milestones:
            reports = [r for r in task.counted_reports if r.agency_id in decisive]
            unmet = tuple(m for m in deadline.milestones if not milestone_met(m, reports))
            deadline = replace(deadline, milestones=unmet)
        results = sorted(
            ((r.agency, r) for r in latest_reports(task.counted_reports, self.period).values()),
            key=lambda pair: (pair[0].pk not in decisive, pair[0].name),
        )
        if task.status == TaskStatus.CANCELLED:
            reasons = self.reasons.get(task.pk)
            own = cancelled(progress, reasons.status if reasons else "")
        else:
            own = self.classify(deadline, progress)
        row = ReportRow(
            task, depth, own, leads, partners, results, own, self.problems.get(task.pk, "")
        )
        self.rows.append(row)
        sub_rows = [self.row(child, depth + 1) for child in self.children.get(task.pk, [])]
        deciding = []
        for sub in sub_rows:
            rolled = sub.classified is not sub.own
            if not sub.leads and not rolled and not sub.own.progress.by_office:
                # Rule 3: a sub-row without a lead is shown, never blocking nor deciding.
                sub.classified = Classified(
                    ReportClass.NOT_STARTED,
                    False,
                    NOT_REPORTED,
                    None,
                    "Chưa có cơ quan chủ trì — không tính vào kết quả của nhiệm vụ "
                    f"{task.display_code}",
                    label_override="Chưa xác định (không có cơ quan chủ trì)",
                )
                sub.own = sub.classified
            elif sub.classified.report_class != ReportClass.CANCELLED:
                deciding.append(sub)
        # Rule 7: the office's own decision on the parent is not overridden by its sub-tasks.
        if not deciding or own.report_class == ReportClass.CANCELLED:
            return row
        deadline = self.parent_deadline(deadline, deciding)
        if own.progress.by_office:
            # Rule 7: the office's decision on the parent wins over its sub-tasks, judged
            # against the parent's date (its own, or its sub-tasks' by rule 4).
            row.classified = row.own = self.classify(deadline, own.progress)
        else:
            row.classified = self.rolled_up(leads, own, deadline, deciding)
        return row

    @staticmethod
    def parent_deadline(deadline: Deadline, deciding: list[ReportRow]) -> Deadline:
        """Rule 4: a parent without its own date takes the latest of its sub-tasks'."""
        dated = [r.classified for r in deciding if r.classified.due_date]
        if deadline.due is not None or not dated:
            return deadline
        latest = max(dated, key=lambda c: c.due_date)
        return Deadline(latest.due_date, note="theo hạn của các nội dung")

    def rolled_up(self, leads, own: Classified, deadline, deciding) -> Classified:
        progresses = [r.classified.progress for r in deciding]
        text = roll_up_phrase([r.classified for r in deciding])
        if leads:
            progresses.append(own.progress)
            text += "; " + progress_phrase(own.progress, self.cutoff)
        return self.classify(deadline, roll_up(progresses), text)

    def build(self) -> list[ReportRow]:
        for task in self.roots:
            self.row(task, 0)
        return self.rows


def _area_index(areas: list[PlanArea], rows: list[ReportRow], problems: list[str]):
    """The plan's areas, plus one heading for units filed under another plan's area."""
    known = {a.pk for a in areas}
    strays = [r for r in rows if r.depth == 0 and r.task.area_id not in known]
    if not strays:
        return areas
    stray = PlanArea(pk=0, numeral="?", heading="Nhiệm vụ gắn với lĩnh vực không thuộc kế hoạch")
    for row in strays:
        row.task.area_id = 0
        row.problem = row.problem or "Lĩnh vực của nhiệm vụ thuộc kế hoạch khác."
        problems.append(f"Nhiệm vụ {row.task.display_code}: lĩnh vực thuộc kế hoạch khác.")
    return [*areas, stray]


def classified_rows(plan: Plan, period: Period, data: PlanData):
    """Every task of the plan classified (rows in report order), with the builder."""
    builder = _Builder(plan, period, data)
    return builder.build(), builder


def tally(rows: list[ReportRow], areas: list[PlanArea]):
    """Counts overall (counting units), per area, and per lead agency (rule 8)."""
    counts = Counts()
    area_counts: dict[int, Counts] = {a.pk: Counts() for a in areas}
    agency_counts: dict[int, Counts] = {}
    agencies: dict[int, Agency] = {}
    for row in rows:
        if row.depth == 0:
            counts.add(row.classified.report_class)
            if row.task.area_id in area_counts:
                area_counts[row.task.area_id].add(row.classified.report_class)
        # Rule 8: each lead answers for the class of the task or sub-task it leads itself.
        for agency in row.leads:
            agencies[agency.pk] = agency
            agency_counts.setdefault(agency.pk, Counts()).add(row.own.report_class)
    by_agency = sorted(
        ((agencies[pk], c) for pk, c in agency_counts.items()),
        key=lambda pair: (-pair[1].total, pair[0].name),
    )
    return counts, [(a, area_counts[a.pk]) for a in areas], by_agency


def build_report(plan: Plan, period: Period) -> ConsolidatedReport:
    rows, builder = classified_rows(plan, period, fetch_plan_data(plan, period))
    problems = [
        f"Nhiệm vụ {r.task.display_code or r.task.short_title}: {r.problem}"
        for r in rows
        if r.problem and r.task.pk in builder.problems
    ]
    areas = _area_index(builder.areas, rows, problems)
    expected = expected_reporters(plan, period)
    counts, by_area, by_agency = tally(rows, areas)
    return ConsolidatedReport(
        plan=plan,
        period=period,
        as_of=builder.cutoff,
        rows=rows,
        areas=areas,
        counts=counts,
        by_area=by_area,
        by_agency=by_agency,
        targets=indicator_rows(plan, period),
        missing=missing_reporters(plan, period, expected),
        problems=problems,
        reporters=len(expected),
    )
