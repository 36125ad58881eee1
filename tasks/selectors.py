"""Reads shared by the portal, the review page, reports and reminders; each runs a fixed
number of queries whatever the number of tasks."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from plans.models import Agency, AgencyKind, Plan
from plans.periods import Period
from tasks.models import (
    COUNTED_STATES,
    AssignmentRole,
    ProgressReport,
    ProgressStatus,
    ReviewState,
    Task,
    TaskAssignment,
)

ROLE_STRENGTH = {AssignmentRole.LEAD: 3, AssignmentRole.MONITOR: 2, AssignmentRole.PARTNER: 1}


def agency_groups(agency: Agency) -> list[Agency]:
    """The collective groups of the agency's district that the agency belongs to."""
    groups = Agency.objects.filter(district_id=agency.district_id, kind=AgencyKind.GROUP)
    return [g for g in groups if agency.kind in (g.includes or [])]


def agency_scope_ids(agency: Agency) -> list[int]:
    return [agency.pk] + [g.pk for g in agency_groups(agency)]


@dataclass
class PortalRow:
    task: Task
    role: str
    via: Agency | None  # the group through which the task reaches the agency, if any
    report: ProgressReport | None  # this agency's report for the period
    overdue: bool

    @property
    def role_label(self) -> str:
        return AssignmentRole(self.role).label


def tasks_for_agency(agency: Agency, *, plan: Plan | None = None) -> QuerySet[Task]:
    """Tasks where the agency, or a group it belongs to, has any role."""
    scope = agency_scope_ids(agency)
    tasks = Task.objects.filter(
        Exists(TaskAssignment.objects.filter(task=OuterRef("pk"), agency_id__in=scope))
    )
    if plan is not None:
        tasks = tasks.filter(plan=plan)
    return tasks.select_related("plan", "area", "parent").order_by(
        "plan__district__name", "plan_id", "area__order", "order"
    )


def portal_rows(
    agency: Agency, *, plan: Plan, period: Period, today: datetime.date
) -> list[PortalRow]:
    """The agency's tasks in `plan` with its report for `period`.

    A task is overdue when its due date has passed as of the period's end (or today, if
    earlier) and the agency's latest report up to the period does not say it is done.
    """
    scope = agency_scope_ids(agency)
    groups = {pk for pk in scope if pk != agency.pk}
    as_of = min(today, period.end)
    reports_so_far = ProgressReport.objects.filter(agency=agency).filter(
        Q(year__lt=period.year) | Q(year=period.year, quarter__lte=period.quarter)
    )
    tasks = tasks_for_agency(agency, plan=plan).prefetch_related(
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
        current = [
            r for r in task.agency_reports if (r.year, r.quarter) == (period.year, period.quarter)
        ]
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
            )
        )
    return rows


def task_reports(task: Task) -> QuerySet[ProgressReport]:
    """Every report on a task, all agencies and periods, newest period first."""
    return (
        ProgressReport.objects.filter(task=task)
        .select_related("agency", "submitted_by", "reviewed_by")
        .order_by("-year", "-quarter", "agency__name")
    )


def reports_for_review(
    *,
    district_id: int | None,
    period: Period,
    plan: Plan | None = None,
    agency_id: int | None = None,
    area_id: int | None = None,
    states: tuple[str, ...] = (ReviewState.SUBMITTED,),
) -> QuerySet[ProgressReport]:
    reports = ProgressReport.objects.filter(
        year=period.year, quarter=period.quarter, review_state__in=states
    )
    if district_id is not None:
        reports = reports.filter(task__plan__district_id=district_id)
    if plan is not None:
        reports = reports.filter(task__plan=plan)
    if agency_id:
        reports = reports.filter(agency_id=agency_id)
    if area_id:
        reports = reports.filter(task__area_id=area_id)
    return reports.select_related(
        "task", "task__plan", "task__area", "task__parent", "agency", "submitted_by"
    ).order_by("task__plan_id", "task__area__order", "task__order", "agency__name")


@dataclass
class MissingReporter:
    agency: Agency
    expected: int  # tasks the agency should report on (directly or through a group)
    submitted: int  # of which it has a submitted or accepted report for the period

    @property
    def missing(self) -> int:
        return self.expected - self.submitted


def expected_reporters(plan: Plan) -> dict[int, set[int]]:
    """agency_id → ids of the plan's tasks it should report on (lead or partner, directly or as a
    member of an assigned group). Only individual agencies report; groups do not."""
    agencies = {a.pk: a for a in Agency.objects.filter(district_id=plan.district_id)}
    members: dict[int, list[int]] = {
        g.pk: [a.pk for a in agencies.values() if a.kind in (g.includes or [])]
        for g in agencies.values()
        if g.kind == AgencyKind.GROUP
    }
    expected: dict[int, set[int]] = defaultdict(set)
    for task_id, agency_id in TaskAssignment.objects.filter(
        task__plan=plan, role__in=(AssignmentRole.LEAD, AssignmentRole.PARTNER)
    ).values_list("task_id", "agency_id"):
        for reporter in members.get(agency_id, [agency_id]):
            expected[reporter].add(task_id)
    return expected


def missing_reporters(plan: Plan, period: Period) -> list[MissingReporter]:
    """Agencies that have not reported on every task they owe for the period."""
    expected = expected_reporters(plan)
    submitted: dict[int, set[int]] = defaultdict(set)
    for task_id, agency_id in ProgressReport.objects.filter(
        task__plan=plan, year=period.year, quarter=period.quarter, review_state__in=COUNTED_STATES
    ).values_list("task_id", "agency_id"):
        submitted[agency_id].add(task_id)
    agencies = Agency.objects.in_bulk(list(expected))
    rows = [
        MissingReporter(agencies[agency_id], len(tasks), len(tasks & submitted[agency_id]))
        for agency_id, tasks in expected.items()
    ]
    return sorted((r for r in rows if r.missing), key=lambda r: (-r.missing, r.agency.name))
