"""Reads shared by the portal, the review page, reports and reminders; each runs a fixed
number of queries whatever the number of tasks."""

from __future__ import annotations

import datetime
import unicodedata
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
    TaskStatus,
)

ROLE_STRENGTH = {AssignmentRole.LEAD: 3, AssignmentRole.MONITOR: 2, AssignmentRole.PARTNER: 1}


def agency_groups(agency: Agency) -> list[Agency]:
    """The collective groups of the agency's district that the agency belongs to."""
    groups = Agency.objects.filter(unit_id=agency.unit_id, kind=AgencyKind.GROUP)
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
        "plan__unit__name", "plan_id", "area__order", "order"
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
    unit_id: int | None,
    period: Period,
    plan: Plan | None = None,
    agency_id: int | None = None,
    area_id: int | None = None,
    states: tuple[str, ...] = (ReviewState.SUBMITTED,),
) -> QuerySet[ProgressReport]:
    reports = ProgressReport.objects.filter(
        year=period.year, quarter=period.quarter, review_state__in=states
    )
    if unit_id is not None:
        reports = reports.filter(task__plan__unit_id=unit_id)
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


def vietnamese_sort_key(text: str) -> tuple[str, str]:
    """Sort Vietnamese names by their letters first ("Bích" before "Bình"), then by tone
    marks, the same on every database."""
    folded = unicodedata.normalize("NFD", text.casefold()).replace("đ", "d")
    base = "".join(c for c in folded if not unicodedata.combining(c))
    return base, text


def unit_group_members(unit_id: int) -> dict[int, list[Agency]]:
    """group id → the individual agencies of the unit that belong to it (one query), in
    Vietnamese alphabetical order."""
    return units_group_members([unit_id]).get(unit_id, {})


def units_group_members(unit_ids) -> dict[int, dict[int, list[Agency]]]:
    """unit id → its groups' members (as `unit_group_members`), for many units in one query."""
    by_unit: dict[int, list[Agency]] = defaultdict(list)
    for agency in Agency.objects.filter(unit_id__in=list(unit_ids)):
        by_unit[agency.unit_id].append(agency)
    result = {}
    for unit_id, agencies in by_unit.items():
        agencies.sort(key=lambda a: vietnamese_sort_key(a.name))
        result[unit_id] = {
            g.pk: [
                a for a in agencies if a.kind != AgencyKind.GROUP and a.kind in (g.includes or [])
            ]
            for g in agencies
            if g.kind == AgencyKind.GROUP
        }
    return result


def closed_task_ids(plan: Plan, period: Period | None = None) -> set[int]:
    """Tasks nobody reports on: cancelled by the office (with everything under them), or
    declared done by the office by the period's cut-off (any date when no period is given)."""
    return closed_task_ids_of([plan], period)


def closed_task_ids_of(plans, period: Period | None = None) -> set[int]:
    """`closed_task_ids` of several plans in one query."""
    cutoffs = {p.pk: (p.cutoff(period) if period is not None else None) for p in plans}
    rows = list(
        Task.objects.filter(plan_id__in=list(cutoffs)).values_list(
            "id", "plan_id", "parent_id", "status", "completed_on"
        )
    )
    parents = {task_id: parent_id for task_id, _, parent_id, _, _ in rows}
    cancelled = {task_id for task_id, _, _, status, _ in rows if status == TaskStatus.CANCELLED}
    closed = set(cancelled)
    for task_id, plan_id, _, status, completed in rows:
        cutoff = cutoffs[plan_id]
        if status == TaskStatus.DONE and completed and (cutoff is None or completed <= cutoff):
            closed.add(task_id)
    for task_id in parents:
        seen, current = set(), parents[task_id]
        while current is not None and current not in seen:
            if current in cancelled:
                closed.add(task_id)
                break
            seen.add(current)
            current = parents.get(current)
    return closed


def expected_reporters(plan: Plan, period: Period | None = None) -> dict[int, set[int]]:
    """agency_id → ids of the plan's tasks it must report on (docs/report-rules.md, rule 12):
    the lead agencies, and for a lead group its members, less any member the plan names on the
    task in another role. Partners and monitors never owe a report; neither does anyone on a
    task the office has cancelled (or under one) or itself declared done."""
    return expected_reporters_of([plan], period).get(plan.pk, {})


def expected_reporters_of(plans, period: Period | None = None) -> dict[int, dict[int, set[int]]]:
    """plan id → `expected_reporters` of that plan, for several plans in three queries."""
    plans = list(plans)
    members_by_unit = units_group_members({p.unit_id for p in plans})
    unit_of = {p.pk: p.unit_id for p in plans}
    closed = closed_task_ids_of(plans, period)
    rows = TaskAssignment.objects.filter(task__plan__in=plans).values_list(
        "task__plan_id", "task_id", "agency_id", "role"
    )
    roles: dict[tuple[int, int], list[tuple[int, str]]] = defaultdict(list)
    for plan_id, task_id, agency_id, role in rows:
        if task_id not in closed:
            roles[(plan_id, task_id)].append((agency_id, role))
    expected: dict[int, dict[int, set[int]]] = defaultdict(lambda: defaultdict(set))
    for (plan_id, task_id), assigned in roles.items():
        members = members_by_unit.get(unit_of[plan_id], {})
        named_otherwise = {a for a, role in assigned if role != AssignmentRole.LEAD}
        for agency_id, role in assigned:
            if role != AssignmentRole.LEAD:
                continue
            if agency_id in members:
                reporters = [m.pk for m in members[agency_id] if m.pk not in named_otherwise]
            else:
                reporters = [agency_id]
            for reporter in reporters:
                expected[plan_id][reporter].add(task_id)
    return expected


def missing_reporters(
    plan: Plan, period: Period, expected: dict[int, set[int]] | None = None
) -> list[MissingReporter]:
    """Agencies that have not reported on every task they owe for the period (`expected`, when
    the caller has it, is `expected_reporters(plan, period)`). A task the agency already
    reported done in an earlier period (by this period's cut-off) is not owed again: reports
    are cumulative."""
    if expected is None:
        expected = expected_reporters(plan, period)
    cutoff = plan.cutoff(period)
    counted = ProgressReport.objects.filter(
        task__plan=plan, review_state__in=COUNTED_STATES
    ).filter(Q(year__lt=period.year) | Q(year=period.year, quarter__lte=period.quarter))
    latest: dict[tuple[int, int], tuple] = {}
    for task_id, agency_id, year, quarter, status, completed in counted.values_list(
        "task_id", "agency_id", "year", "quarter", "status", "completion_date"
    ):
        key = (task_id, agency_id)
        if key not in latest or (year, quarter) > latest[key][:2]:
            latest[key] = (year, quarter, status, completed)
    submitted: dict[int, set[int]] = defaultdict(set)
    for (task_id, agency_id), (year, quarter, status, completed) in latest.items():
        current = (year, quarter) == (period.year, period.quarter)
        finished = status == ProgressStatus.DONE and completed and completed <= cutoff
        if current or finished:
            submitted[agency_id].add(task_id)
    agencies = Agency.objects.in_bulk(list(expected))
    rows = [
        MissingReporter(agencies[agency_id], len(tasks), len(tasks & submitted[agency_id]))
        for agency_id, tasks in expected.items()
    ]
    return sorted((r for r in rows if r.missing), key=lambda r: (-r.missing, r.agency.name))
