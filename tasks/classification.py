"""Classifying a task for the consolidated report, as of the end of a reporting period.

The quarterly report sorts every task of a plan into one class (DOMAIN.md, "Reporting cadence"):

- **hoàn thành đúng hạn**: done, completed on or before the due date;
- **hoàn thành quá hạn**: done, completed after the due date;
- **đang thực hiện trong hạn**: in progress, the due date not passed at the period's end
  (a task due on the period's last day is still on time);
- **đang thực hiện quá hạn**: in progress, the due date passed;
- **chưa thực hiện**: no lead has reported progress (or all say "not started"); `overdue` marks
  those whose due date has passed;
- **không có thời hạn cụ thể**: tasks without a fixed date (ongoing, periodic, conditional, ad
  hoc, none written, or not understood and not set by hand): reported by their progress text,
  never judged on time.

Sub-tasks roll up to their parent (`roll_up`): the parent is done when every sub-task is done
(completion date the latest), not started when none has started, in progress otherwise; its due
date is its own or, when it has none, the latest of its sub-tasks'.

Multi-year plans (Tuy Phước 2023–2025) are classified per year: only reports of the period's
year count, a due date in a later year is not yet due, and criteria with no written date are
yearly targets due at the end of each year (see tasks.reporting).

Pure functions: callers pass `tasks.progress.Progress` values built from bulk-fetched reports.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import models

from tasks.models import ProgressStatus
from tasks.progress import NOT_REPORTED, Progress


class ReportClass(models.TextChoices):
    DONE_ON_TIME = "done_on_time", "Hoàn thành đúng hạn"
    DONE_LATE = "done_late", "Hoàn thành quá hạn"
    IN_PROGRESS_ON_TIME = "in_progress_on_time", "Đang thực hiện trong hạn"
    IN_PROGRESS_OVERDUE = "in_progress_overdue", "Đang thực hiện quá hạn"
    NOT_STARTED = "not_started", "Chưa thực hiện"
    UNDATED = "undated", "Không có thời hạn cụ thể"


# Classes that count as late in the report's "overdue first" list.
LATE_CLASSES = (ReportClass.IN_PROGRESS_OVERDUE, ReportClass.DONE_LATE)


@dataclass(frozen=True)
class Classified:
    report_class: str
    overdue: bool  # due date passed and not done (any class)
    progress: Progress
    due_date: datetime.date | None

    @property
    def label(self) -> str:
        return ReportClass(self.report_class).label

    @property
    def status_label(self) -> str:
        """The class as printed in a report, with "(quá hạn)" on late not-started tasks."""
        if self.report_class == ReportClass.NOT_STARTED and self.overdue:
            return f"{self.label} (quá hạn)"
        return self.label


def classify(
    *, due_date: datetime.date | None, dated: bool, progress: Progress, as_of: datetime.date
) -> Classified:
    """The class of one task (or rolled-up parent) as of `as_of` (the period's end)."""
    if not dated or due_date is None:
        return Classified(ReportClass.UNDATED, False, progress, None)
    passed = due_date < as_of
    if progress.status == ProgressStatus.DONE:
        late = progress.completion_date is not None and progress.completion_date > due_date
        report_class = ReportClass.DONE_LATE if late else ReportClass.DONE_ON_TIME
        return Classified(report_class, False, progress, due_date)
    if progress.status == ProgressStatus.IN_PROGRESS:
        report_class = (
            ReportClass.IN_PROGRESS_OVERDUE if passed else ReportClass.IN_PROGRESS_ON_TIME
        )
        return Classified(report_class, passed, progress, due_date)
    return Classified(ReportClass.NOT_STARTED, passed, progress, due_date)


def roll_up(children: Sequence[Progress]) -> Progress:
    """The progress of a parent task from its sub-tasks' progress."""
    if not children:
        return NOT_REPORTED
    reported = any(c.reported for c in children)
    if all(c.done for c in children):
        dates = [c.completion_date for c in children if c.completion_date]
        return Progress(ProgressStatus.DONE, max(dates) if dates else None, 100, reported)
    percent = round(sum(c.percent for c in children) / len(children))
    if all(c.status == ProgressStatus.NOT_STARTED for c in children):
        return Progress(ProgressStatus.NOT_STARTED, None, percent, reported)
    return Progress(ProgressStatus.IN_PROGRESS, None, percent, reported)


def effective_due(
    due_date: datetime.date | None, *, period_year: int, per_year: bool
) -> datetime.date | None:
    """For per-year (multi-year plan) classification, a due date in a later year than the
    period's is not yet due: it is read as the end of the period's year."""
    if per_year and due_date is not None and due_date.year > period_year:
        return datetime.date(period_year, 12, 31)
    return due_date
