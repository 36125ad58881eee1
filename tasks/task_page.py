"""The task page outside the admin (/tasks/<id>/): the task, its agencies and their roles, its
deadline and due date with the reason for every change of them, and every period's reports
with the review notes.

Visible to everyone whose scope includes the task (`tasks.access.task_for_user`: readers of
the task's unit, and heads of the agencies assigned to it or to a group they belong to);
anyone else gets 404. An agency head sees only their own agency's reports (as the evidence
download allows); the history link is offered to those who may open the history page.
Five queries after the user's own, whatever the number of agencies, reports and changes.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from plans.access import ROLE_AGENCY, can_edit_unit, can_read_unit, role_of, user_agency
from tasks.access import task_for_user
from tasks.models import ProgressReport, Task, TaskAssignment
from tasks.reports.rules import decision_reasons


@dataclass
class DeadlineChange:
    when: datetime.datetime
    user: str
    deadline_text: str
    due_date: datetime.date | None
    reason: str


def deadline_changes(task: Task) -> tuple[list[DeadlineChange], str]:
    """Every saved change of the task's written deadline or due date after its creation,
    oldest first, and the reason given with the change that set the current due date (one
    query)."""
    records = list(
        task.history.select_related("history_user").order_by("history_date", "history_id")
    )
    reasons = decision_reasons(
        (task.pk, r.due_date, r.status, r.history_change_reason) for r in records
    )
    changes, before = [], None
    for record in records:
        now = (record.deadline_text, record.due_date)
        if before is not None and now != before:
            user = record.history_user
            changes.append(
                DeadlineChange(
                    when=record.history_date,
                    user=(user.get_full_name() or user.username) if user else "(hệ thống)",
                    deadline_text=record.deadline_text,
                    due_date=record.due_date,
                    reason=record.history_change_reason or "",
                )
            )
        before = now
    current = reasons.get(task.pk)
    return changes, (current.due if current else "")


def task_page_data(user, task: Task) -> dict:
    """What the task page shows to `user` (who may read `task`)."""
    assignments = list(
        TaskAssignment.objects.filter(task=task).select_related("agency").order_by("order", "id")
    )
    reports = ProgressReport.objects.filter(task=task).select_related(
        "agency", "submitted_by", "reviewed_by"
    )
    reader = can_read_unit(user, task.plan.unit_id)
    if not reader:
        agency = user_agency(user)
        reports = reports.filter(agency_id=agency.pk if agency else None)
    changes, due_reason = deadline_changes(task)
    return {
        "task": task,
        "assignments": assignments,
        "reports": list(reports.order_by("-year", "-quarter", "agency__name")),
        "deadline_changes": changes,
        "due_reason": due_reason,
        "can_see_history": reader,
        "can_edit": can_edit_unit(user, task.plan.unit_id),
        "is_agency": role_of(user) == ROLE_AGENCY,
    }


@login_required
def task_detail(request, task_id):
    task = task_for_user(request.user, task_id)
    return render(request, "tasks/task_detail.html", task_page_data(request.user, task))
