"""Reads shared by the portal, the review page, the consolidated report and reminders: the
groups an agency belongs to, who owes reports (rule 12), closed tasks, Vietnamese sorting. Each
runs a fixed number of queries whatever the number of tasks.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict

from django.db.models import Exists, OuterRef, Q, QuerySet

from plans.models import Agency, AgencyKind, Plan
from plans.periods import Period
from plans.search import search_terms
from tasks.models import (
    COUNTED_STATES,
    AssignmentRole,
    ProgressReport,
    ProgressStatus,
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


REPORT_KEYS = ("task_id", "agency_id", "year", "quarter", "status", "completion_date")


def reported_done_ids(plan: Plan, period: Period, rows=None) -> dict[int, set[int]]:
    """agency_id → the plan's tasks the agency already reported "Hoàn thành" before `period`
    (its latest sent or accepted report of an earlier period says done, with a completion date
    by this period's cut-off). Reports are cumulative, so these are not owed again (rule 12):
    the portal shows them done and no list counts them as missing. One query, none when the
    caller passes `rows`: `REPORT_KEYS` tuples of the plan's counted reports (later periods
    are ignored)."""
    if rows is None:
        rows = (
            ProgressReport.objects.filter(task__plan=plan, review_state__in=COUNTED_STATES)
            .filter(Q(year__lt=period.year) | Q(year=period.year, quarter__lt=period.quarter))
            .values_list(*REPORT_KEYS)
        )
    cutoff = plan.cutoff(period)
    latest: dict[tuple[int, int], tuple] = {}
    for task_id, agency_id, year, quarter, status, completed in rows:
        key = (task_id, agency_id)
        if (year, quarter) >= (period.year, period.quarter):
            continue
        if key not in latest or (year, quarter) > latest[key][:2]:
            latest[key] = (year, quarter, status, completed)
    done: dict[int, set[int]] = defaultdict(set)
    for (task_id, agency_id), (_, _, status, completed) in latest.items():
        if status == ProgressStatus.DONE and completed and completed <= cutoff:
            done[agency_id].add(task_id)
    return done


def owed_reports(plan: Plan, period: Period) -> dict[int, set[int]]:
    """agency_id → tasks on which it owes a report for `period`: `expected_reporters` less the
    tasks it already reported done (`reported_done_ids`). Four queries. The consolidated
    report keeps counting reporters with `expected_reporters` (a done task still counts as
    reported, from the earlier report)."""
    expected = expected_reporters(plan, period)
    done = reported_done_ids(plan, period)
    owed = {agency_id: tasks - done.get(agency_id, set()) for agency_id, tasks in expected.items()}
    return {agency_id: tasks for agency_id, tasks in owed.items() if tasks}


def tasks_matching(tasks: QuerySet[Task], query: str | None) -> QuerySet[Task]:
    """`tasks` whose text or one of whose agencies matches every word of `query`, diacritics
    and case ignored (plans.search: the stored folded columns, on every database)."""
    for term in search_terms(query):
        by_agency = TaskAssignment.objects.filter(
            task=OuterRef("pk"), agency__search_text__contains=term
        )
        tasks = tasks.filter(Q(search_text__contains=term) | Exists(by_agency))
    return tasks
