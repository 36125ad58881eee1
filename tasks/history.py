"""Reading the audit history of a task: its own changes, its assignments' and its reports'.

Every save of a task, assignment or report leaves a historical record (django-simple-history:
who, when, the whole row, the reason). This module turns consecutive records of one object into
"field: old → new" lines with Vietnamese labels, for the task history page and for the message
shown when someone else saved a task first.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.utils import timezone

from plans.models import Agency, Plan, PlanArea
from plans.periods import Period
from tasks.milestones import format_milestones
from tasks.models import AssignmentRole, ProgressReport, Task, TaskAssignment

# Bookkeeping columns, never shown as a change.
HIDDEN_FIELDS = {"version", "updated_at", "id"}
ACTIONS = {"+": "Tạo mới", "~": "Sửa", "-": "Xóa"}
TEXT_LIMIT = 300


@dataclass
class Change:
    field: str
    old: str
    new: str


@dataclass
class HistoryRow:
    when: datetime.datetime
    user: str
    subject: str
    action: str
    reason: str
    changes: list[Change] = field(default_factory=list)
    version: int | None = None


def _related_labels(records_by_model) -> dict:
    """{related model: {pk: label}} for every foreign key value in the records, one query per
    related model."""
    wanted: dict = defaultdict(set)
    for model, records in records_by_model.items():
        for f in model._meta.fields:
            if f.is_relation and f.name not in HIDDEN_FIELDS:
                for record in records:
                    value = getattr(record, f.attname, None)
                    if value is not None:
                        wanted[f.related_model].add(value)
    labels = {}
    for related, ids in wanted.items():
        if related is get_user_model():
            objects = related.objects.filter(pk__in=ids)
            labels[related] = {u.pk: u.get_full_name() or u.username for u in objects}
        elif related is Task:
            objects = related.objects.filter(pk__in=ids).select_related("parent")
            labels[related] = {o.pk: str(o) for o in objects}
        elif related in (Agency, Plan, PlanArea):
            labels[related] = {o.pk: str(o) for o in related.objects.filter(pk__in=ids)}
    return labels


def _display(model_field, value, labels) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if model_field.name == "milestones":
        return format_milestones(value)
    if model_field.is_relation:
        return labels.get(model_field.related_model, {}).get(value, f"#{value} (đã xóa)")
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, datetime.datetime):
        return f"{timezone.localtime(value):%d/%m/%Y %H:%M}"
    if isinstance(value, datetime.date):
        return f"{value:%d/%m/%Y}"
    text = " ".join(str(value).split())
    return text if len(text) <= TEXT_LIMIT else text[: TEXT_LIMIT - 1] + "…"


def record_changes(new, old, model, labels) -> list[Change]:
    """The visible fields that differ between two historical records of one object."""
    fields = {f.name: f for f in model._meta.fields}
    delta = new.diff_against(old)
    changes = []
    for change in delta.changes:
        if change.field in HIDDEN_FIELDS or change.field not in fields:
            continue
        model_field = fields[change.field]
        changes.append(
            Change(
                field=str(model_field.verbose_name).capitalize(),
                old=_display(model_field, change.old, labels),
                new=_display(model_field, change.new, labels),
            )
        )
    return changes


def _subject(model, record, labels) -> str:
    if model is Task:
        return "Nhiệm vụ"
    agency = labels.get(Agency, {}).get(record.agency_id, "—")
    if model is TaskAssignment:
        return f"Phân công {AssignmentRole(record.role).label.lower()}: {agency}"
    return f"Báo cáo {Period(record.year, record.quarter).label}: {agency}"


def _rows(records_by_model) -> list[HistoryRow]:
    labels = _related_labels(records_by_model)
    rows = []
    for model, records in records_by_model.items():
        by_object = defaultdict(list)
        for record in records:
            by_object[record.id].append(record)
        for history in by_object.values():
            history.sort(key=lambda r: (r.history_date, r.history_id))
            previous = None
            for record in history:
                changes = []
                if record.history_type == "~" and previous is not None:
                    changes = record_changes(record, previous, model, labels)
                user = record.history_user
                rows.append(
                    HistoryRow(
                        when=record.history_date,
                        user=(user.get_full_name() or user.username) if user else "(hệ thống)",
                        subject=_subject(model, record, labels),
                        action=ACTIONS.get(record.history_type, record.history_type),
                        reason=record.history_change_reason or "",
                        changes=changes,
                        version=getattr(record, "version", None),
                    )
                )
                previous = record
    rows.sort(key=lambda r: r.when, reverse=True)
    return rows


def task_history(task: Task) -> list[HistoryRow]:
    """Every recorded change of the task, its assignments and its reports, newest first."""
    return _rows(
        {
            Task: list(task.history.select_related("history_user")),
            TaskAssignment: list(
                TaskAssignment.history.filter(task_id=task.pk).select_related("history_user")
            ),
            ProgressReport: list(
                ProgressReport.history.filter(task_id=task.pk).select_related("history_user")
            ),
        }
    )


def task_changes_since(task_id: int, version: int) -> list[HistoryRow]:
    """The task's own saves after `version` (the one a stale form was loaded with), newest
    first; the record of `version` itself is read only as the base of the first diff."""
    records = list(
        Task.history.filter(id=task_id, version__gte=version).select_related("history_user")
    )
    return [row for row in _rows({Task: records}) if row.version > version]
