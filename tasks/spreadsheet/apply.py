"""Writing a checked preview into the plan, and the entry points shared by admin and command."""

from __future__ import annotations

from collections.abc import Iterable

from django.apps import apps
from django.db import transaction
from django.db.models import F

from plans.models import Plan, PlanArea
from tasks.models import Task, TaskAssignment
from tasks.spreadsheet.checking import _task_values, build_preview
from tasks.spreadsheet.columns import (
    AREA_PARKING,
    MAX_MESSAGES,
    PARKING,
    ROLE_COLUMNS,
    SpreadsheetError,
)
from tasks.spreadsheet.preview import Preview
from tasks.spreadsheet.reading import read_sheet


def _history_enabled(model) -> bool:
    return apps.is_installed("simple_history") and hasattr(model, "history")


@transaction.atomic
def apply_preview(preview: Preview) -> None:
    """Write a validated preview: areas, then tasks in file order, then their agencies.

    Side effects: creates new areas and tasks, updates changed ones (full_clean before save,
    one history entry per created or changed task with the reason "Nhập từ bảng tính <file>"
    when django-simple-history tracks tasks), replaces the agency assignments of tasks whose
    agencies changed, renumbers `order` to follow the file. Tasks of the plan missing from the
    file keep their place by STT among the file's rows (so a file of new rows only puts them
    after the plan's earlier tasks, not before task 1). A task whose place among the existing
    tasks changes gets a history entry "… (đổi vị trí)"; other unchanged tasks are not saved.
    All in one transaction.
    """
    if preview.has_errors:
        raise SpreadsheetError(preview.errors)
    plan = preview.plan
    reason = f"Nhập từ bảng tính {preview.filename}"[:100]

    existing_areas = list(plan.areas.all())
    file_area_ids = [a.area.pk for a in preview.areas if a.area is not None]
    rest = [a for a in existing_areas if a.pk not in file_area_ids]
    PlanArea.objects.filter(plan=plan).update(order=F("order") + AREA_PARKING)
    order = 0
    for line in preview.areas:
        order += 1
        area = line.area or PlanArea(plan=plan, numeral=line.numeral)
        area.heading = line.heading or area.heading
        area.order = order
        if area.pk is None:
            area.reform_area = line.reform_area
        area.full_clean(exclude=["plan"])
        area.save()
        line.area = area
    for area in rest:
        order += 1
        PlanArea.objects.filter(pk=area.pk).update(order=order)

    track = _history_enabled(Task)
    area_rank = {line.area.pk: rank for rank, line in enumerate(preview.areas)}
    for rank, area in enumerate(rest, start=len(area_rank)):
        area_rank[area.pk] = rank
    sequence = _sequence(preview, area_rank)
    old_ids = [t.pk for t in sorted([*_matched(preview), *preview.missing], key=lambda t: t.order)]
    new_ids = [
        item.pk if isinstance(item, Task) else getattr(item.task, "pk", None) for item in sequence
    ]
    moved = _moved(old_ids, [pk for pk in new_ids if pk is not None])
    moved_reason = f"{reason} (đổi vị trí)"[:100]

    Task.objects.filter(plan=plan).update(order=F("order") + PARKING)
    saved: dict[int, Task] = {}
    new_assignments: list[TaskAssignment] = []
    replace_for: list[int] = []
    for order, item in enumerate(sequence, start=1):
        if isinstance(item, Task):  # missing from the file: only its place changes
            _place(item, order, moved, track, moved_reason)
            continue
        line = item
        task = line.task or Task(plan=plan)
        if line.task is not None and not line.changes:
            _place(task, order, moved, track, moved_reason)
            saved[id(line)] = task
            continue
        values = {
            "area": line.area.area,
            "parent": saved[id(line.parent)] if line.parent is not None else None,
            "code": line.code,
            **_task_values(line, plan),
        }
        # An existing task gets only the columns that differ (and its new place and version).
        if task.pk is None:
            changed = list(values)
        else:
            changed = [key for key, value in values.items() if getattr(task, key) != value]
        for key in changed:
            setattr(task, key, values[key])
        task.order = order
        if track:
            task._change_reason = moved_reason if task.pk in moved else reason
        task.full_clean(exclude=["plan", "area", "parent"])
        if task.pk is None:
            task.save()
        else:
            task.version += 1
            task.save(update_fields=[*changed, "order", "version"])
        saved[id(line)] = task
        if line.agencies:
            replace_for.append(task.pk)
            position = 0
            for key, role in ROLE_COLUMNS.items():
                for agency, written in line.agencies.get(key, []):
                    position += 1
                    new_assignments.append(
                        TaskAssignment(
                            task=task,
                            agency=agency,
                            role=role,
                            order=position,
                            name_as_written=written[:255],
                        )
                    )
    _replace_assignments(replace_for, new_assignments, preview, reason)


def _stt_key(code: str) -> tuple:
    """Sort key of a display code: "2" < "2.a" < "2.b" < "2." < "10" < "10.1"."""
    key = []
    for part in code.split("."):
        part = part.strip()
        if part.isdigit():
            key.append((0, int(part), ""))
        elif part:
            key.append((1, 0, part.casefold()))
        else:
            key.append((2, 0, ""))
    return tuple(key)


def _matched(preview: Preview) -> list[Task]:
    return [line.task for line in preview.lines if line.task is not None]


def _sequence(preview: Preview, area_rank: dict[int, int]) -> list:
    """The plan's tasks in their new order: the file's lines in file order, and each task the
    file lacks inserted after the last line of its area whose STT is not greater than its own
    (before the first, when none is)."""
    sequence: list = list(preview.lines)
    ranks = [(area_rank[line.area.area.pk], _stt_key(line.display_code)) for line in sequence]
    for task in sorted(preview.missing, key=lambda t: t.order):
        rank = (area_rank[task.area_id], _stt_key(task.display_code))
        position = 0
        for index, other in enumerate(ranks):
            if other <= rank:
                position = index + 1
        sequence.insert(position, task)
        ranks.insert(position, rank)
    return sequence


def _moved(old_ids: list[int], new_ids: list[int]) -> set[int]:
    """The fewest tasks whose move turns the old order into the new one: those outside a longest
    subsequence kept in the same relative order."""
    old_position = {pk: index for index, pk in enumerate(old_ids)}
    positions = [old_position[pk] for pk in new_ids]
    tails: list[int] = []  # tails[k]: index in `positions` ending an increasing run of k + 1
    previous = [-1] * len(positions)
    for index, value in enumerate(positions):
        low, high = 0, len(tails)
        while low < high:
            middle = (low + high) // 2
            if positions[tails[middle]] < value:
                low = middle + 1
            else:
                high = middle
        previous[index] = tails[low - 1] if low else -1
        if low == len(tails):
            tails.append(index)
        else:
            tails[low] = index
    kept = set()
    index = tails[-1] if tails else -1
    while index != -1:
        kept.add(new_ids[index])
        index = previous[index]
    return set(new_ids) - kept


def _place(task: Task, order: int, moved: set[int], track: bool, reason: str) -> None:
    """Give an otherwise unchanged task its new order; a moved one is saved for its history."""
    if task.pk in moved:
        task.order = order
        if track:
            task._change_reason = reason
        task.save(update_fields=["order"])
    else:
        Task.objects.filter(pk=task.pk).update(order=order)


def _replace_assignments(task_ids, assignments, preview: Preview, reason: str) -> None:
    # Only the roles whose column the file has are replaced.
    roles = [role for key, role in ROLE_COLUMNS.items() if key in preview.columns]
    old = TaskAssignment.objects.filter(task_id__in=task_ids, role__in=roles)
    if _history_enabled(TaskAssignment):
        for assignment in old:
            assignment._change_reason = reason
            assignment.delete()
        for assignment in assignments:
            assignment._change_reason = reason
            assignment.save()
    else:
        old.delete()
        TaskAssignment.objects.bulk_create(assignments)


# --------------------------------------------------------------------------- entry points


def preview_file(plan: Plan, content: bytes, filename: str) -> Preview:
    """Read and validate an upload; file-level problems come back as the preview's errors."""
    try:
        raw = read_sheet(content, filename)
    except SpreadsheetError as exc:
        return Preview(plan=plan, filename=filename, errors=list(exc.messages))
    return build_preview(plan, raw, filename)


def import_plan_file(
    plan: Plan,
    content: bytes,
    filename: str,
    *,
    dry_run: bool,
    expected_versions: dict[str, int] | None = None,
) -> Preview:
    """Preview an upload and, unless `dry_run` or it has errors, write it (one transaction).

    The preview is rebuilt inside the transaction, with the plan's rows locked, so what is
    written is what this very check found. `expected_versions` ({task id: version}, from the
    preview the user confirms): when any task of the plan was changed, added or deleted since,
    nothing is written and the fresh preview comes back with `stale` set.
    """
    if dry_run:
        return preview_file(plan, content, filename)
    with transaction.atomic():
        Plan.objects.select_for_update().filter(pk=plan.pk).first()
        preview = preview_file(plan, content, filename)
        if expected_versions is not None and preview.versions != expected_versions:
            preview.stale = True
        elif not preview.has_errors:
            apply_preview(preview)
    return preview


def changed_since(preview: Preview, expected_versions: dict[str, int]) -> int:
    """How many tasks were changed, added or deleted between two reads of a plan."""
    keys = set(preview.versions) | set(expected_versions)
    return sum(1 for key in keys if preview.versions.get(key) != expected_versions.get(key))


def limit_messages(messages: Iterable[str]) -> list[str]:
    messages = list(messages)
    if len(messages) <= MAX_MESSAGES:
        return messages
    rest = len(messages) - MAX_MESSAGES
    return [*messages[:MAX_MESSAGES], f"… và {rest} thông báo khác."]
