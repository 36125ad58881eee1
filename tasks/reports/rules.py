"""The per-task inputs of the consolidated report: the plan's task tree, each task's deadline
for a period (rules 4 and 11 of docs/report-rules.md), and the reasons the office recorded
with its decisions. Used only by `tasks.reports.builder`.
"""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from dataclasses import dataclass

from plans.models import Plan, PlanKind
from plans.periods import Period
from tasks.deadlines import parse_deadline
from tasks.models import DeadlineKind, Task
from tasks.reports.classification import Deadline


def task_tree(tasks: list[Task]) -> tuple[list[Task], dict[int, list[Task]], dict[int, str]]:
    """Roots, children by parent id, and problems by task id.

    A task whose parent is missing from the plan, or whose chain of parents loops (A → B → A),
    is shown as a task of its own with a problem note instead of vanishing from the report.
    """
    by_id = {t.pk: t for t in tasks}
    problems: dict[int, str] = {}

    def detached(task: Task) -> bool:
        seen: set[int] = set()
        current = task
        while current.parent_id is not None:
            if current.parent_id not in by_id or current.pk in seen:
                return True
            seen.add(current.pk)
            current = by_id[current.parent_id]
        return False

    roots, children = [], defaultdict(list)
    for task in tasks:
        if task.parent_id is None:
            roots.append(task)
        elif detached(task):
            problems[task.pk] = (
                "Nhiệm vụ cha không thuộc kế hoạch hoặc tạo thành vòng lặp; "
                "nhiệm vụ được tính như một nhiệm vụ độc lập."
            )
            roots.append(task)
        else:
            children[task.parent_id].append(task)
    return roots, children, problems


def deadline_for(task: Task, plan: Plan, period: Period, reasons: dict[int, Reasons]) -> Deadline:
    """What `task` is judged against in `period`."""
    per_year = plan.kind == PlanKind.MULTI_YEAR
    due = task.due_date
    note = ""
    parsed = parse_deadline(task.deadline_text, plan.start_year, plan.end_year)
    if due is not None and due != parsed.due_date:
        # Set or corrected by the office (rule 11): the report uses it, with the reason.
        reason = reasons[task.pk].due if task.pk in reasons else ""
        note = f"hạn do Phòng Nội vụ xác định{': ' + reason if reason else ''}"
    if due is None:
        if per_year and task.deadline_kind == DeadlineKind.NONE:
            # A multi-year plan's criteria without a written date (Tuy Phước) are yearly
            # targets, due by the end of each year.
            return Deadline(
                datetime.date(period.year, 12, 31), note="chỉ tiêu hằng năm, không ghi thời hạn"
            )
        kind = DeadlineKind(task.deadline_kind).label
        if task.deadline_kind == DeadlineKind.UNKNOWN:
            kind = f"Chưa xác định được thời hạn từ “{task.deadline_text}”"
        return Deadline(None, undated_note=kind)
    if due.year < plan.start_year:
        # Written outside the plan's period (Cát Hải's "Cả năm 2022" in the 2023 plan): kept as
        # written, never judged, until the office corrects it (rule 11).
        return Deadline(
            None,
            undated_note=(
                f"Thời hạn ghi trong kế hoạch “{task.deadline_text}” ({due:%d/%m/%Y}) nằm ngoài "
                f"thời kỳ kế hoạch {plan.period_label}; chờ Phòng Nội vụ xác định lại hạn"
            ),
        )
    milestones = tuple(
        m for m in (datetime.date.fromisoformat(text) for text in task.milestones or []) if m < due
    )
    if per_year and due.year > period.year:
        return Deadline(datetime.date(period.year, 12, 31), (), real_due=due, note=note)
    return Deadline(due, milestones, note=note)


_DATE = re.compile(r"\b(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})\b")


def _dates_in(text: str) -> list[datetime.date]:
    dates = []
    for day, month, year in _DATE.findall(text or ""):
        try:
            dates.append(datetime.date(int(year), int(month), int(day)))
        except ValueError:
            continue
    return dates


def milestone_met(milestone: datetime.date, reports) -> bool:
    """A written milestone (rule 9) is met when a deciding agency reported its product — the
    plan or decision the milestone asks for — in the milestone's period or earlier, or with a
    document date on or before the milestone ("Kế hoạch số 12/KH-UBND ngày 20/01/2022")."""
    period = Period.containing(milestone)
    for report in reports:
        product = report.product_issued.strip()
        if not product:
            continue
        if (report.year, report.quarter) <= (period.year, period.quarter):
            return True
        if any(day <= milestone for day in _dates_in(product)):
            return True
    return False


@dataclass
class Reasons:
    """The reasons recorded with the changes that set a task's current due date and status."""

    due: str = ""
    status: str = ""


def decision_reasons(history_rows) -> dict[int, Reasons]:
    """task id → the reason given with the change that set its current due date, and with the
    change that set its current status (`history_rows`: (task id, due date, status, reason),
    oldest first). A later edit of something else never replaces them."""
    reasons: dict[int, Reasons] = {}
    last: dict[int, tuple] = {}
    for task_id, due, status, reason in history_rows:
        before = last.get(task_id)
        current = reasons.setdefault(task_id, Reasons())
        if before is None or before[0] != due:
            current.due = reason or ""
        if before is None or before[1] != status:
            current.status = reason or ""
        last[task_id] = (due, status)
    return reasons
