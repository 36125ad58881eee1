"""A task's progress for a period, derived from its lead agencies' reports.

The rules are stated, with a worked example each, in docs/report-rules.md; in short:

- Reports are cumulative: an agency's standing at a period is its latest counted report
  (submitted or accepted; drafts and returned reports never count) at or before that period.
  A report saying "done" on a date after the period's data cut-off is read as "in progress"
  in that period (rule 5): the completion belongs to a later report.
- Only **lead** agencies decide (rule 1). Partners' and monitors' reports are shown beside the
  task and never count. A task without any lead is "not reported", whoever wrote about it.
- A **collective lead** ("UBND các xã, thị trấn", "Các cơ quan, đơn vị") stands for every member
  agency of its district (rule 2), except members the plan names on the task in another role.
  The group is done when every member has reported done, at the latest of their dates; in
  progress when any member reported progress; not started otherwise.
- Several leads: done when every lead is done (the latest date), in progress when any lead
  reported progress, not started otherwise.

Pure functions over plain objects: callers fetch reports and group members in bulk.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from plans.models import Agency, AgencyKind
from plans.periods import Period
from tasks.models import AssignmentRole, ProgressStatus


@dataclass(frozen=True)
class Standing:
    """One lead's standing for the period: an agency's own report, or a group's members'."""

    agency: Agency
    status: str  # a ProgressStatus value
    completion_date: datetime.date | None
    percent: int
    reported: bool  # a counted report exists (for a group: from at least one member)
    late_completion: datetime.date | None = None  # "done" on a date after the cut-off
    members: tuple[Agency, ...] = ()  # a group's members on this task
    members_done: tuple[Agency, ...] = ()
    members_silent: tuple[Agency, ...] = ()  # members without any counted report

    @property
    def is_group(self) -> bool:
        return self.agency.kind == AgencyKind.GROUP

    @property
    def done(self) -> bool:
        return self.status == ProgressStatus.DONE


@dataclass(frozen=True)
class Progress:
    status: str  # a ProgressStatus value
    completion_date: datetime.date | None
    percent: int
    reported: bool  # at least one lead (or member) has a counted report
    leads: tuple[Standing, ...] = ()
    by_office: bool = False  # the Interior Office decided it ("Hoàn thành" on the task)

    @property
    def done(self) -> bool:
        return self.status == ProgressStatus.DONE


NOT_REPORTED = Progress(ProgressStatus.NOT_STARTED, None, 0, False)


def latest_reports(reports: Iterable, period: Period) -> dict[int, object]:
    """agency_id → that agency's latest report at or before `period` (reports of one task)."""
    latest: dict[int, object] = {}
    for report in reports:
        if (report.year, report.quarter) > (period.year, period.quarter):
            continue
        current = latest.get(report.agency_id)
        if current is None or (report.year, report.quarter) > (current.year, current.quarter):
            latest[report.agency_id] = report
    return latest


def combine(parts: Sequence) -> tuple[str, datetime.date | None, int]:
    """Status, completion date and percent of several standings taken together: done when all
    are done (the latest date), in progress when any has progressed, not started otherwise."""
    if not parts:
        return ProgressStatus.NOT_STARTED, None, 0
    percent = round(sum(p.percent for p in parts) / len(parts))
    if all(p.status == ProgressStatus.DONE for p in parts):
        dates = [p.completion_date for p in parts if p.completion_date]
        return ProgressStatus.DONE, max(dates) if dates else None, 100
    if any(p.status != ProgressStatus.NOT_STARTED for p in parts):
        return ProgressStatus.IN_PROGRESS, None, percent
    return ProgressStatus.NOT_STARTED, None, percent


def own_standing(agency: Agency, report, cutoff: datetime.date) -> Standing:
    """An agency's standing from its latest counted report (None: it has not reported)."""
    if report is None:
        return Standing(agency, ProgressStatus.NOT_STARTED, None, 0, False)
    if report.status == ProgressStatus.DONE:
        if report.completion_date is not None and report.completion_date > cutoff:
            percent = min(report.percent, 99)
            return Standing(
                agency, ProgressStatus.IN_PROGRESS, None, percent, True, report.completion_date
            )
        return Standing(agency, ProgressStatus.DONE, report.completion_date, 100, True)
    return Standing(agency, report.status, None, report.percent, True)


def group_standing(
    group: Agency, members: Sequence[Agency], latest: Mapping[int, object], cutoff
) -> Standing:
    """A collective lead's standing from its members' reports (rule 2)."""
    parts = [own_standing(m, latest.get(m.pk), cutoff) for m in members]
    status, completion, percent = combine(parts)
    if not members:
        status, completion, percent = ProgressStatus.NOT_STARTED, None, 0
    return Standing(
        group,
        status,
        completion,
        percent,
        any(p.reported for p in parts),
        members=tuple(members),
        members_done=tuple(p.agency for p in parts if p.done),
        members_silent=tuple(p.agency for p in parts if not p.reported),
    )


def lead_members(
    assignments: Sequence, members_by_group: Mapping[int, Sequence[Agency]]
) -> dict[int, list[Agency]]:
    """group id → the members that stand for that lead group on this task: the group's
    members, less any agency the plan names on the task in another role."""
    named_otherwise = {a.agency_id for a in assignments if a.role != AssignmentRole.LEAD}
    return {
        a.agency_id: [
            m for m in members_by_group.get(a.agency_id, ()) if m.pk not in named_otherwise
        ]
        for a in assignments
        if a.role == AssignmentRole.LEAD and a.agency.kind == AgencyKind.GROUP
    }


def task_progress(
    assignments: Iterable,
    reports: Iterable,
    period: Period,
    *,
    cutoff: datetime.date,
    members_by_group: Mapping[int, Sequence[Agency]],
) -> Progress:
    """Progress of one task at `period` from its assignments (with .agency), its counted
    reports (with .agency) and the members of its district's groups (group id → agencies)."""
    assignments = list(assignments)
    latest = latest_reports(reports, period)
    members = lead_members(assignments, members_by_group)
    standings = []
    for assignment in assignments:
        if assignment.role != AssignmentRole.LEAD:
            continue
        agency = assignment.agency
        if agency.kind == AgencyKind.GROUP:
            standings.append(group_standing(agency, members[agency.pk], latest, cutoff))
        else:
            standings.append(own_standing(agency, latest.get(agency.pk), cutoff))
    if not standings:
        return NOT_REPORTED
    status, completion, percent = combine(standings)
    return Progress(
        status, completion, percent, any(s.reported for s in standings), tuple(standings)
    )
