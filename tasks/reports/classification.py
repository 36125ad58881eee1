"""Classifying a task for the consolidated report, as of the period's data cut-off.

The quarterly report sorts every task of a plan into one class (docs/domain.md, "Reporting
cadence"; the rules and a worked example of each are in docs/report-rules.md):

- **hoàn thành đúng hạn**: done, completed on or before the due date;
- **hoàn thành quá hạn**: done, completed after the due date;
- **đang thực hiện trong hạn**: in progress, not late (see below);
- **đang thực hiện quá hạn**: in progress and late;
- **chưa thực hiện**: no lead has reported progress; `overdue` marks those that are late;
- **không có thời hạn cụ thể**: no due date to judge (ongoing, periodic, conditional, ad hoc,
  none written, not understood, or written outside the plan's period and not yet corrected);
- **không thực hiện**: the Interior Office decided the task will not be carried out; listed
  apart and left out of the totals and percentages.

A task not done is **late** when its due date is before the cut-off, when a written milestone
is before the cut-off (rule 9), or, in the year report, when it is due within the year (rule
10); a task whose deadline runs into the next year is "chuyển tiếp" in the year report.

Pure functions: callers pass `tasks.reports.progress.Progress` values built from reports
fetched in bulk.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import models

from tasks.models import ProgressStatus
from tasks.reports.progress import NOT_REPORTED, Progress, Standing, combine


class ReportClass(models.TextChoices):
    DONE_ON_TIME = "done_on_time", "Hoàn thành đúng hạn"
    DONE_LATE = "done_late", "Hoàn thành quá hạn"
    IN_PROGRESS_ON_TIME = "in_progress_on_time", "Đang thực hiện trong hạn"
    IN_PROGRESS_OVERDUE = "in_progress_overdue", "Đang thực hiện quá hạn"
    NOT_STARTED = "not_started", "Chưa thực hiện"
    UNDATED = "undated", "Không có thời hạn cụ thể"
    CANCELLED = "cancelled", "Không thực hiện"


# The classes that are counted and shown as percentages (CANCELLED is listed apart).
COUNTED_CLASSES = [c for c in ReportClass.values if c != ReportClass.CANCELLED]
# Classes that count as late in the report's "overdue first" list.
LATE_CLASSES = (ReportClass.IN_PROGRESS_OVERDUE, ReportClass.DONE_LATE)


def _d(day: datetime.date) -> str:
    return f"{day:%d/%m/%Y}"


@dataclass(frozen=True)
class Deadline:
    """What a task is judged against in one period."""

    due: datetime.date | None  # None: not judged on time
    milestones: tuple[datetime.date, ...] = ()
    undated_note: str = ""  # why there is no due date to judge
    real_due: datetime.date | None = None  # the written due date, when `due` stands in for it
    note: str = ""  # e.g. the office's reason for correcting the date

    @property
    def phrase(self) -> str:
        if self.due is None:
            return self.undated_note or "Không có thời hạn cụ thể"
        text = f"Hạn {_d(self.due)}"
        if self.real_due and self.real_due != self.due:
            text = f"Hạn trong năm {_d(self.due)} (thời hạn chung {_d(self.real_due)})"
        if self.note:
            text += f" ({self.note})"
        return text


@dataclass(frozen=True)
class Classified:
    report_class: str
    overdue: bool  # late and not done (any class)
    progress: Progress
    due_date: datetime.date | None
    reason: str = ""  # the decision in words a civil servant reads
    missed_milestone: datetime.date | None = None
    carried_over: bool = False
    label_override: str = ""

    @property
    def label(self) -> str:
        return self.label_override or ReportClass(self.report_class).label

    @property
    def status_label(self) -> str:
        """The class as printed in a report, with "(quá hạn)" on late not-started tasks and
        "(chuyển tiếp)" on tasks carried into the next year."""
        if self.report_class == ReportClass.NOT_STARTED and self.overdue:
            return f"{self.label} (quá hạn)"
        if self.carried_over:
            return f"{self.label} (chuyển tiếp)"
        return self.label


def standing_phrase(standing: Standing, cutoff: datetime.date) -> str:
    """One lead's standing in words: "Phòng Nội vụ báo cáo hoàn thành ngày 10/02/2022"."""
    name = standing.agency.name
    if standing.is_group:
        total = len(standing.members)
        if not total:
            return f"{name}: chưa có đơn vị thành viên trong dữ liệu"
        text = f"{name}: {len(standing.members_done)}/{total} đơn vị đã báo cáo hoàn thành"
        if standing.members_silent:
            names = ", ".join(a.name for a in standing.members_silent[:5])
            more = len(standing.members_silent) - 5
            text += f"; chưa báo cáo: {names}" + (f" và {more} đơn vị khác" if more > 0 else "")
        return text
    if not standing.reported:
        return f"{name} chưa báo cáo"
    if standing.done:
        if standing.completion_date is None:
            return f"{name} báo cáo hoàn thành (không ghi ngày)"
        return f"{name} báo cáo hoàn thành ngày {_d(standing.completion_date)}"
    if standing.late_completion:
        return (
            f"{name} báo cáo hoàn thành ngày {_d(standing.late_completion)}, sau ngày chốt số "
            f"liệu {_d(cutoff)}, nên chưa tính hoàn thành ở kỳ này"
        )
    if standing.status == ProgressStatus.IN_PROGRESS:
        return f"{name} báo cáo đang thực hiện ({standing.percent}%)"
    return f"{name} báo cáo chưa thực hiện"


def progress_phrase(progress: Progress, cutoff: datetime.date) -> str:
    if progress.by_office:
        return f"Phòng Nội vụ xác định hoàn thành ngày {_d(progress.completion_date)}"
    if not progress.leads:
        return "Chưa có cơ quan chủ trì"
    return "; ".join(standing_phrase(s, cutoff) for s in progress.leads)


def classify(
    deadline: Deadline,
    progress: Progress,
    *,
    as_of: datetime.date,
    year_report: bool = False,
    progress_text: str | None = None,
) -> Classified:
    """The class of one task (or rolled-up parent) as of `as_of` (the period's cut-off)."""
    text = progress_phrase(progress, as_of) if progress_text is None else progress_text
    due = deadline.due
    if due is None:
        reason = " — ".join(p for p in (deadline.phrase, text, "không đánh giá đúng hạn") if p)
        return Classified(ReportClass.UNDATED, False, progress, None, reason)

    def result(report_class, verdict, overdue=False, missed=None, carried=False):
        reason = " — ".join(p for p in (deadline.phrase, text, verdict) if p)
        return Classified(report_class, overdue, progress, due, reason, missed, carried)

    if progress.done:
        completed = progress.completion_date
        late_days = (completed - due).days if completed else 0
        if late_days > 0:
            return result(ReportClass.DONE_LATE, f"hoàn thành sau hạn {late_days} ngày")
        return result(ReportClass.DONE_ON_TIME, "hoàn thành đúng hạn")

    started = progress.status == ProgressStatus.IN_PROGRESS
    late_class = ReportClass.IN_PROGRESS_OVERDUE if started else ReportClass.NOT_STARTED
    on_time_class = ReportClass.IN_PROGRESS_ON_TIME if started else ReportClass.NOT_STARTED
    missed = [m for m in deadline.milestones if m < as_of]
    carried = year_report and (deadline.real_due or due).year > as_of.year
    if due < as_of:
        return result(late_class, f"quá hạn {(as_of - due).days} ngày", overdue=True)
    if year_report and not carried:
        return result(late_class, f"chưa hoàn thành trong năm {as_of.year}", overdue=True)
    if missed:
        verdict = f"đã qua mốc {_d(missed[-1])} mà chưa báo cáo sản phẩm của mốc này"
        return result(late_class, verdict, overdue=True, missed=missed[-1])
    if carried:
        real = deadline.real_due or due
        return result(on_time_class, f"chuyển tiếp sang năm {real.year}", carried=True)
    return result(on_time_class, "chưa đến hạn")


def cancelled(progress: Progress, reason: str) -> Classified:
    """A task the Interior Office decided not to carry out (rule 7)."""
    text = "Phòng Nội vụ quyết định không thực hiện"
    return Classified(
        ReportClass.CANCELLED, False, progress, None, f"{text}: {reason}" if reason else text
    )


def roll_up(children: Sequence[Progress]) -> Progress:
    """The progress of a parent task from its sub-tasks' progress (those with a lead)."""
    if not children:
        return NOT_REPORTED
    status, completion, percent = combine(children)
    return Progress(status, completion, percent, any(c.reported for c in children))


def roll_up_phrase(children: Sequence[Classified]) -> str:
    """ "Gồm 3 nội dung: 1 hoàn thành, 2 đang thực hiện" """
    counts = dict.fromkeys(ProgressStatus.values, 0)
    for child in children:
        counts[child.progress.status] += 1
    parts = [
        f"{counts[s]} {ProgressStatus(s).label.lower()}"
        for s in (ProgressStatus.DONE, ProgressStatus.IN_PROGRESS, ProgressStatus.NOT_STARTED)
        if counts[s]
    ]
    return f"Gồm {len(children)} nội dung: {', '.join(parts)}"
