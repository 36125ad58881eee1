"""Reads of the portal and the review page: an agency's tasks with the period's reports, the
reports waiting for review, the agencies that still owe reports. Each runs a fixed number of
queries whatever the number of tasks.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from plans.models import Agency, Plan
from plans.periods import Period
from plans.search import search_terms
from tasks.models import (
    COUNTED_STATES,
    AssignmentRole,
    ProgressReport,
    ProgressStatus,
    ReviewState,
    Task,
    TaskAssignment,
)
from tasks.selectors import (
    REPORT_KEYS,
    ROLE_STRENGTH,
    agency_scope_ids,
    expected_reporters,
    reported_done_ids,
    tasks_matching,
)

PORTAL_NONE = "none"
PORTAL_DONE = "done"


@dataclass
class PortalRow:
    task: Task
    role: str
    via: Agency | None  # the group through which the task reaches the agency, if any
    report: ProgressReport | None  # this agency's report for the period
    overdue: bool
    # The agency's earlier sent or accepted report saying done (by this period's cut-off):
    # reports are cumulative, so the task is shown done and owes no new report (rule 12).
    done_earlier: ProgressReport | None = None

    @property
    def state(self) -> str:
        """The portal's state of the row: the report's review state, "done" for a task
        reported done earlier without a report this period, or "none"."""
        if self.report is not None:
            return self.report.review_state
        return PORTAL_DONE if self.done_earlier is not None else PORTAL_NONE

    @property
    def role_label(self) -> str:
        return AssignmentRole(self.role).label


def tasks_for_agency(
    agency: Agency, *, plan: Plan | None = None, scope: list[int] | None = None
) -> QuerySet[Task]:
    """Tasks where the agency, or a group it belongs to (`scope`, when the caller has
    `agency_scope_ids(agency)`), has any role."""
    if scope is None:
        scope = agency_scope_ids(agency)
    tasks = Task.objects.filter(
        Exists(TaskAssignment.objects.filter(task=OuterRef("pk"), agency_id__in=scope))
    )
    if plan is not None:
        tasks = tasks.filter(plan=plan)
    return tasks.select_related("plan", "area", "parent").order_by(
        "plan__unit__name", "plan_id", "area__order", "order"
    )


def portal_rows(
    agency: Agency,
    *,
    plan: Plan,
    period: Period,
    today: datetime.date,
    query: str | None = None,
) -> list[PortalRow]:
    """The agency's tasks in `plan` with its report for `period`; only those matching `query`
    (task text or agency, diacritics ignored) when given. `PortalRow.done_earlier` marks the
    tasks the agency already reported done (rule 12: not owed again).

    A task is overdue when its due date has passed as of the period's end (or today, if
    earlier) and the agency's latest report up to the period does not say it is done.
    """
    scope = agency_scope_ids(agency)
    groups = {pk for pk in scope if pk != agency.pk}
    as_of = min(today, period.end)
    cutoff = plan.cutoff(period)
    here = (period.year, period.quarter)
    reports_so_far = ProgressReport.objects.filter(agency=agency).filter(
        Q(year__lt=period.year) | Q(year=period.year, quarter__lte=period.quarter)
    )
    tasks = tasks_matching(
        tasks_for_agency(agency, plan=plan, scope=scope), query
    ).prefetch_related(
        Prefetch(
            "assignments",
            queryset=TaskAssignment.objects.select_related("agency").order_by("order"),
        ),
        Prefetch(
            "reports",
            queryset=reports_so_far.order_by("-year", "-quarter"),
            to_attr="agency_reports",
        ),
    )
    rows = []
    for task in tasks:
        mine = [a for a in task.assignments.all() if a.agency_id in scope]
        best = max(mine, key=lambda a: (ROLE_STRENGTH[a.role], a.agency_id not in groups))
        current = [r for r in task.agency_reports if (r.year, r.quarter) == here]
        latest = task.agency_reports[0] if task.agency_reports else None
        done = latest is not None and latest.status == ProgressStatus.DONE
        overdue = bool(task.due_date and task.due_date < as_of and not done)
        via = best.agency if best.agency_id in groups else None
        rows.append(
            PortalRow(
                task=task,
                role=best.role,
                via=via,
                report=current[0] if current else None,
                overdue=overdue,
                done_earlier=_done_earlier(task.agency_reports, here, cutoff),
            )
        )
    return rows


def _done_earlier(reports, here: tuple[int, int], cutoff: datetime.date):
    """The latest sent or accepted report before the period `here`, if it says done by the
    cut-off (`reports` newest first); the same rule as `tasks.selectors.reported_done_ids`."""
    earlier = [
        r for r in reports if (r.year, r.quarter) < here and r.review_state in COUNTED_STATES
    ]
    latest = earlier[0] if earlier else None
    if (
        latest is not None
        and latest.status == ProgressStatus.DONE
        and latest.completion_date
        and latest.completion_date <= cutoff
    ):
        return latest
    return None


def returned_reports(agency: Agency, plan: Plan) -> list[ProgressReport]:
    """The agency's reports in `plan` returned by the office and not yet sent again, every
    period, newest period first (one query), so that none is missed for being in another
    quarter than the one shown."""
    return list(
        ProgressReport.objects.filter(
            agency=agency, task__plan=plan, review_state=ReviewState.RETURNED
        )
        .select_related("task", "task__parent")
        .order_by("-year", "-quarter", "task__order")
    )


def task_reports(task: Task) -> QuerySet[ProgressReport]:
    """Every report on a task, all agencies and periods, newest period first."""
    return (
        ProgressReport.objects.filter(task=task)
        .select_related("agency", "submitted_by", "reviewed_by")
        .order_by("-year", "-quarter", "agency__name")
    )


def reports_for_review(
    *,
    unit_id: int | None,
    period: Period,
    plan: Plan | None = None,
    agency_id: int | None = None,
    area_id: int | None = None,
    states: tuple[str, ...] | None = (ReviewState.SUBMITTED,),
    query: str | None = None,
    overdue_on: datetime.date | None = None,
    also_ids: list[int] | None = None,
) -> QuerySet[ProgressReport]:
    """Reports of `period` in `states` (every state when None), filtered by plan, agency, area,
    `query` (task text or agency name, diacritics and case ignored) and, with `overdue_on`, to
    tasks due before that day that the report does not say done. `also_ids` are kept whatever
    their state (the rows just acted on, so that the page stays in place)."""
    reports = ProgressReport.objects.filter(year=period.year, quarter=period.quarter)
    if unit_id is not None:
        reports = reports.filter(task__plan__unit_id=unit_id)
    if plan is not None:
        reports = reports.filter(task__plan=plan)
    if agency_id:
        reports = reports.filter(agency_id=agency_id)
    if area_id:
        reports = reports.filter(task__area_id=area_id)
    for term in search_terms(query):
        reports = reports.filter(
            Q(task__search_text__contains=term) | Q(agency__search_text__contains=term)
        )
    if overdue_on is not None:
        reports = reports.filter(task__due_date__lt=overdue_on).exclude(status=ProgressStatus.DONE)
    if states is not None:
        in_state = Q(review_state__in=states)
        if also_ids:
            in_state |= Q(pk__in=also_ids)
        reports = reports.filter(in_state)
    return reports.select_related(
        "task", "task__plan", "task__area", "task__parent", "agency", "submitted_by", "reviewed_by"
    ).order_by("task__plan_id", "task__area__order", "task__order", "agency__name", "pk")


@dataclass
class MissingReporter:
    agency: Agency
    expected: int  # tasks the agency should report on (directly or through a group)
    submitted: int  # of which it has a submitted or accepted report for the period

    @property
    def missing(self) -> int:
        return self.expected - self.submitted


def missing_reporters(
    plan: Plan, period: Period, expected: dict[int, set[int]] | None = None
) -> list[MissingReporter]:
    """Agencies that have not reported on every task they owe for the period (`expected`, when
    the caller has it, is `expected_reporters(plan, period)`). A task the agency already
    reported done in an earlier period (by this period's cut-off) is not owed again: reports
    are cumulative."""
    if expected is None:
        expected = expected_reporters(plan, period)
    counted = list(
        ProgressReport.objects.filter(task__plan=plan, review_state__in=COUNTED_STATES)
        .filter(Q(year__lt=period.year) | Q(year=period.year, quarter__lte=period.quarter))
        .values_list(*REPORT_KEYS)
    )
    submitted: dict[int, set[int]] = defaultdict(set)
    for task_id, agency_id, year, quarter, *_ in counted:
        if (year, quarter) == (period.year, period.quarter):
            submitted[agency_id].add(task_id)
    for agency_id, tasks in reported_done_ids(plan, period, counted).items():
        submitted[agency_id] |= tasks
    agencies = Agency.objects.in_bulk(list(expected))
    rows = [
        MissingReporter(agencies[agency_id], len(tasks), len(tasks & submitted[agency_id]))
        for agency_id, tasks in expected.items()
    ]
    return sorted((r for r in rows if r.missing), key=lambda r: (-r.missing, r.agency.name))
