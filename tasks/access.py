"""Access to tasks and reports: the one helper per object type (404 outside scope)."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404

from plans.access import ROLE_AGENCY, can_read_unit, role_of, user_agency
from tasks.models import ProgressReport, Task
from tasks.selectors import agency_scope_ids


def can_read_task(user, task: Task) -> bool:
    if can_read_unit(user, task.plan.unit_id):
        return True
    agency = user_agency(user)
    if role_of(user) != ROLE_AGENCY or agency is None:
        return False
    return task.assignments.filter(agency_id__in=agency_scope_ids(agency)).exists()


def task_for_user(user, task_id: int) -> Task:
    task = get_object_or_404(
        Task.objects.select_related("plan", "plan__unit", "area", "parent"), pk=task_id
    )
    if not can_read_task(user, task):
        raise Http404
    return task


def report_for_user(user, report_id: int) -> ProgressReport:
    """A report the user may read: staff and leaders of its district, or the head of the agency
    that wrote it (never another agency's report)."""
    report = get_object_or_404(
        ProgressReport.objects.select_related("task", "task__plan", "agency"), pk=report_id
    )
    if can_read_unit(user, report.task.plan.unit_id):
        return report
    agency = user_agency(user)
    if role_of(user) == ROLE_AGENCY and agency is not None and report.agency_id == agency.pk:
        return report
    raise Http404
