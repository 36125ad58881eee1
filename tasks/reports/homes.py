"""What each role's home shows: the work waiting for them in one plan and one period.

The plan is `?plan=<slug>` (404 if outside the user's unit), else the newest plan of the
user's unit. The period is `?period=<slug>` (404 when malformed or outside the plan's years),
else the quarter containing today clamped to the plan's years; when that quarter has no
pending work and an earlier quarter of the plan has some, the latest such quarter is chosen
instead. Pending work: for an agency head, their agency's reports returned by the Interior
Office; for the Interior Office, reports sent and waiting for review or returned and not yet
sent again (a leader's home always opens on the current quarter).

- `agency_home`: the tasks the agency still has to report with the report due date, its
  returned reports with the reviewer's note, its overdue tasks;
- `office_home`: reports waiting for review, agencies that still owe reports, overdue tasks,
  the plan's data-quality findings, the period's report and its edition;
- `leader_home`: the report's headline numbers and chart, overdue tasks by lead agency.

Each runs a fixed number of queries whatever the number of tasks, agencies and reports.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Q
from django.http import Http404

from plans.models import Agency, Plan
from plans.periods import Period, current_period, plan_periods
from tasks.models import ProgressReport, ReviewState
from tasks.progress.selectors import PortalRow, portal_rows, reports_for_review
from tasks.quality import plan_findings
from tasks.reports.builder import ConsolidatedReport, ReportRow, build_report
from tasks.reports.charts import CLASS_COLOURS, CLASS_TEXT, stacked_bars_svg
from tasks.reports.models import ReportEdition
from tasks.selectors import owed_reports

OFFICE_PENDING = (ReviewState.SUBMITTED, ReviewState.RETURNED)
AGENCY_PENDING = (ReviewState.RETURNED,)


# --- plan and period -------------------------------------------------------------------------


def choose_plan(plans: list[Plan], slug: str | None) -> Plan | None:
    """The plan named by `slug` among `plans` (404 if it is not one of them), else the first."""
    if slug:
        plan = next((p for p in plans if p.slug == slug), None)
        if plan is None:
            raise Http404("Không tìm thấy kế hoạch.")
        return plan
    return plans[0] if plans else None


def _pending_period(plan: Plan, until: Period, states, agency: Agency | None) -> Period | None:
    """The latest period up to `until` with a report of `plan` in one of `states` (one query)."""
    reports = ProgressReport.objects.filter(task__plan=plan, review_state__in=states).filter(
        Q(year__lt=until.year) | Q(year=until.year, quarter__lte=until.quarter)
    )
    if agency is not None:
        reports = reports.filter(agency=agency)
    latest = reports.order_by("-year", "-quarter").values_list("year", "quarter").first()
    return Period(*latest) if latest else None


def choose_period(
    plan: Plan,
    slug: str | None,
    today: datetime.date,
    *,
    pending_states=(),
    agency: Agency | None = None,
) -> Period:
    """The home's period (the rule is in the module docstring)."""
    if slug:
        period = Period.parse(slug)
        if period is None or period.year not in plan.years:
            raise Http404("Kỳ báo cáo không hợp lệ hoặc nằm ngoài thời gian của kế hoạch.")
        return period
    current = current_period(plan.start_year, plan.end_year, today)
    if not pending_states:
        return current
    pending = _pending_period(plan, current, pending_states, agency)
    return pending if pending is not None else current


def periods_of(plan: Plan | None) -> list[Period]:
    return plan_periods(plan.start_year, plan.end_year) if plan else []


# --- agency head -----------------------------------------------------------------------------


@dataclass
class AgencyHome:
    report_due: datetime.date
    to_report: list[PortalRow]
    returned: list[PortalRow]
    overdue: list[PortalRow]


def agency_home(agency: Agency, plan: Plan, period: Period, today: datetime.date) -> AgencyHome:
    """The agency's work in `plan` for `period`: tasks it owes a report on (rule 12: not those
    it already reported done) with no report sent yet, reports returned to it, and its
    overdue tasks."""
    owed = owed_reports(plan, period).get(agency.pk, set())
    rows = portal_rows(agency, plan=plan, period=period, today=today)
    to_report = [
        r
        for r in rows
        if r.task.pk in owed and (r.report is None or r.report.review_state == ReviewState.DRAFT)
    ]
    returned = [r for r in rows if r.report and r.report.review_state == ReviewState.RETURNED]
    return AgencyHome(
        report_due=period.report_due(plan.report_due_day),
        to_report=to_report,
        returned=returned,
        overdue=[r for r in rows if r.overdue],
    )


# --- Interior Office -------------------------------------------------------------------------


@dataclass
class OfficeHome:
    report: ConsolidatedReport
    waiting: list[ProgressReport]
    returned_count: int
    findings: list[tuple[str, int]]  # (kind of finding, how many)
    findings_total: int
    edition: ReportEdition | None


def _edition(plan: Plan, period: Period) -> ReportEdition | None:
    return ReportEdition.objects.filter(plan=plan, year=period.year, quarter=period.quarter).first()


def office_home(plan: Plan, period: Period) -> OfficeHome:
    report = build_report(plan, period)
    waiting = list(reports_for_review(unit_id=plan.unit_id, period=period, plan=plan))
    returned_count = ProgressReport.objects.filter(
        task__plan=plan,
        year=period.year,
        quarter=period.quarter,
        review_state=ReviewState.RETURNED,
    ).count()
    findings = plan_findings(plan)
    kinds = Counter(f.label for f in findings)
    return OfficeHome(
        report=report,
        waiting=waiting,
        returned_count=returned_count,
        findings=list(kinds.items()),
        findings_total=len(findings),
        edition=_edition(plan, period),
    )


# --- district leader -------------------------------------------------------------------------


@dataclass
class AgencyOverdue:
    agency_name: str
    rows: list[ReportRow] = field(default_factory=list)


@dataclass
class LeaderHome:
    report: ConsolidatedReport
    summary: list[dict]
    chart: str
    overdue_by_agency: list[AgencyOverdue]
    edition: ReportEdition | None


def summary_cells(report: ConsolidatedReport) -> list[dict]:
    """The six classes with count, percent and colour, as the report page shows them."""
    return [
        {
            "code": code,
            "label": label,
            "count": count,
            "percent": percent,
            "colour": CLASS_COLOURS[code],
            "text_colour": CLASS_TEXT[code],
        }
        for code, label, count, percent in report.counts.cells()
    ]


NO_LEAD = "(Chưa có cơ quan chủ trì)"


def overdue_by_agency(report: ConsolidatedReport) -> list[AgencyOverdue]:
    """The report's late tasks under each lead agency (a task with two leads under both), the
    agency with the most first."""
    groups: dict[str, AgencyOverdue] = defaultdict(lambda: AgencyOverdue(""))
    for row in report.overdue:
        for name in [a.name for a in row.leads] or [NO_LEAD]:
            group = groups[name]
            group.agency_name = name
            group.rows.append(row)
    return sorted(groups.values(), key=lambda g: (-len(g.rows), g.agency_name))


def leader_home(plan: Plan, period: Period) -> LeaderHome:
    report = build_report(plan, period)
    chart = stacked_bars_svg(
        [(str(area), counts) for area, counts in report.by_area],
        f"Số nhiệm vụ theo tình trạng, từng lĩnh vực, {period.cumulative_label}",
        chart_id="chart-home",
    )
    return LeaderHome(
        report=report,
        summary=summary_cells(report),
        chart=chart,
        overdue_by_agency=overdue_by_agency(report),
        edition=_edition(plan, period),
    )
