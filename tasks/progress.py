"""A task's progress for a period, derived from its agencies' reports.

Reports are cumulative, so an agency's standing at a period is its latest counted report
(submitted or accepted) at or before that period: a task reported done in Q1 is still done in
Q2. A task's overall status comes from its **lead** agencies only:

- done when every lead is done; its completion date is the latest lead completion date;
- not started when no lead has started (no counted report, or "not started");
- in progress otherwise.

A lead that is a collective group ("UBND các xã, thị trấn") stands for its members: the group is
done when at least one member reported and every member that reported is done; in progress when
any member reported progress. Partners' and monitors' reports are shown beside the task but do
not decide its status. A task without any lead agency takes the same rule over all its reports.

Pure functions over plain objects: callers fetch reports in bulk (see `tasks.selectors`).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from plans.models import AgencyKind
from plans.periods import Period
from tasks.models import AssignmentRole, ProgressStatus

_RANK = {ProgressStatus.NOT_STARTED: 0, ProgressStatus.IN_PROGRESS: 1, ProgressStatus.DONE: 2}


@dataclass(frozen=True)
class Progress:
    status: str  # a ProgressStatus value
    completion_date: datetime.date | None
    percent: int
    reported: bool  # at least one lead (or member) has a counted report

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


def _combine(reports: list) -> Progress:
    if not reports:
        return NOT_REPORTED
    statuses = [r.status for r in reports]
    percent = round(sum(r.percent for r in reports) / len(reports))
    if all(s == ProgressStatus.DONE for s in statuses):
        dates = [r.completion_date for r in reports if r.completion_date]
        return Progress(ProgressStatus.DONE, max(dates) if dates else None, 100, True)
    if any(_RANK[s] > 0 for s in statuses):
        return Progress(ProgressStatus.IN_PROGRESS, None, percent, True)
    return Progress(ProgressStatus.NOT_STARTED, None, percent, True)


def _lead_progress(lead, latest: dict[int, object], agencies: dict[int, object]) -> Progress:
    own = [latest[lead.pk]] if lead.pk in latest else []
    if lead.kind == AgencyKind.GROUP:
        members = [
            r
            for agency_id, r in latest.items()
            if agency_id != lead.pk
            and agency_id in agencies
            and agencies[agency_id].kind in (lead.includes or [])
        ]
        own += members
    return _combine(own)


def task_progress(assignments: Iterable, reports: Iterable, period: Period) -> Progress:
    """Progress of one task at `period` from its assignments (with .agency) and its reports
    (with .agency, already limited to counted review states)."""
    assignments = list(assignments)
    latest = latest_reports(reports, period)
    agencies = {r.agency_id: r.agency for r in latest.values()}
    leads = [a.agency for a in assignments if a.role == AssignmentRole.LEAD]
    if not leads:
        return _combine(list(latest.values()))
    per_lead = [_lead_progress(lead, latest, agencies) for lead in leads]
    if all(p.done for p in per_lead):
        dates = [p.completion_date for p in per_lead if p.completion_date]
        return Progress(ProgressStatus.DONE, max(dates) if dates else None, 100, True)
    reported = any(p.reported for p in per_lead)
    percent = round(sum(p.percent for p in per_lead) / len(per_lead))
    if any(p.status != ProgressStatus.NOT_STARTED for p in per_lead):
        return Progress(ProgressStatus.IN_PROGRESS, None, percent, reported)
    return Progress(ProgressStatus.NOT_STARTED, None, percent, reported)
