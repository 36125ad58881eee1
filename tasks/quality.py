"""Data-quality findings of a plan: what the Interior Office should review in the loaded data.

`plan_findings` reads a plan in a fixed number of queries and lists every problem it finds,
without changing anything: deadlines outside the plan's period or not understood, tasks without
a lead agency, agency names recognised only through an alias, duplicate codes, targets without
a value. The source's own quirks (DOMAIN.md) surface here rather than being "corrected".
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass

from django.db.models import Prefetch

from indicators.models import Comparator, Indicator
from plans.agency_names import AgencyIndex
from plans.models import Agency, Plan
from tasks.models import AssignmentRole, DeadlineKind, Task, TaskAssignment


class FindingKind:
    OUT_OF_PERIOD = "out_of_period"
    DEADLINE_UNKNOWN = "deadline_unknown"
    NO_DEADLINE = "no_deadline"
    NO_LEAD = "no_lead"
    ALIAS_MATCH = "alias_match"
    DUPLICATE_CODE = "duplicate_code"
    TARGET_WITHOUT_VALUE = "target_without_value"

    LABELS = {
        OUT_OF_PERIOD: "Thời hạn ngoài thời kỳ kế hoạch",
        DEADLINE_UNKNOWN: "Không hiểu được thời hạn",
        NO_DEADLINE: "Không ghi thời hạn",
        NO_LEAD: "Nhiệm vụ chưa có cơ quan chủ trì",
        ALIAS_MATCH: "Tên cơ quan chỉ khớp qua cách viết khác",
        DUPLICATE_CODE: "Số thứ tự nhiệm vụ bị trùng",
        TARGET_WITHOUT_VALUE: "Chỉ tiêu không có giá trị định lượng",
    }


@dataclass(frozen=True)
class Finding:
    kind: str
    ref: str  # where: "III.2", "Chỉ tiêu 6", or "" for the whole plan
    message: str
    task_id: int | None = None
    indicator_id: int | None = None

    @property
    def label(self) -> str:
        return FindingKind.LABELS[self.kind]


def _task_ref(task: Task) -> str:
    return f"{task.area.numeral.rstrip('.')}/{task.display_code or '(không số)'}"


def _dates(task: Task) -> list[datetime.date]:
    dates = [datetime.date.fromisoformat(m) for m in task.milestones]
    if task.due_date:
        dates.append(task.due_date)
    return dates


def plan_findings(plan: Plan) -> list[Finding]:
    """Every data-quality finding of `plan`, grouped by kind in a fixed order."""
    tasks = list(
        Task.objects.filter(plan=plan)
        .select_related("area", "parent")
        .prefetch_related(
            Prefetch("assignments", queryset=TaskAssignment.objects.select_related("agency"))
        )
    )
    indicators = list(Indicator.objects.filter(plan=plan))
    index = AgencyIndex(Agency.objects.filter(district_id=plan.district_id))
    findings: list[Finding] = []

    for task in tasks:
        outside = [d for d in _dates(task) if not plan.start_year <= d.year <= plan.end_year]
        if outside:
            dates = ", ".join(d.strftime("%d/%m/%Y") for d in outside)
            findings.append(
                Finding(
                    FindingKind.OUT_OF_PERIOD,
                    _task_ref(task),
                    f"“{task.deadline_text}” cho hạn {dates}"
                    f", ngoài thời kỳ kế hoạch {plan.period_label}.",
                    task_id=task.pk,
                )
            )
        if task.deadline_kind == DeadlineKind.UNKNOWN:
            findings.append(
                Finding(
                    FindingKind.DEADLINE_UNKNOWN,
                    _task_ref(task),
                    f"Không xác định được hạn từ “{task.deadline_text}”; cần đặt hạn thủ công.",
                    task_id=task.pk,
                )
            )

    undated = [t for t in tasks if t.deadline_kind == DeadlineKind.NONE]
    if undated:
        findings.append(
            Finding(
                FindingKind.NO_DEADLINE,
                "",
                f"{len(undated)}/{len(tasks)} nhiệm vụ không ghi thời hạn trong văn bản "
                f"(ví dụ {', '.join(_task_ref(t) for t in undated[:5])}).",
            )
        )

    children_with_lead = {
        t.parent_id
        for t in tasks
        if t.parent_id and any(a.role == AssignmentRole.LEAD for a in t.assignments.all())
    }
    for task in tasks:
        has_lead = any(a.role == AssignmentRole.LEAD for a in task.assignments.all())
        if not has_lead and task.pk not in children_with_lead:
            findings.append(
                Finding(
                    FindingKind.NO_LEAD,
                    _task_ref(task),
                    "Nhiệm vụ không có cơ quan chủ trì.",
                    task_id=task.pk,
                )
            )

    for task in tasks:
        for assignment in task.assignments.all():
            match = index.match(assignment.name_as_written) if assignment.name_as_written else None
            if match is not None and match.through_alias:
                findings.append(
                    Finding(
                        FindingKind.ALIAS_MATCH,
                        _task_ref(task),
                        f"“{assignment.name_as_written}” được hiểu là “{assignment.agency.name}” "
                        f"({assignment.get_role_display().lower()}).",
                        task_id=task.pk,
                    )
                )

    keys = Counter((t.area_id, t.parent_id, t.code) for t in tasks if t.code)
    for task in tasks:
        if keys[(task.area_id, task.parent_id, task.code)] > 1:
            findings.append(
                Finding(
                    FindingKind.DUPLICATE_CODE,
                    _task_ref(task),
                    f"Số thứ tự “{task.code}” xuất hiện "
                    f"{keys[(task.area_id, task.parent_id, task.code)]} lần trong lĩnh vực "
                    f"{task.area.numeral.rstrip('.')}: {task.short_title}",
                    task_id=task.pk,
                )
            )

    for indicator in indicators:
        if indicator.comparator == Comparator.TEXT:
            findings.append(
                Finding(
                    FindingKind.TARGET_WITHOUT_VALUE,
                    f"Chỉ tiêu {indicator.display_code}",
                    f"Không đọc được giá trị: {indicator.short_statement}",
                    indicator_id=indicator.pk,
                )
            )

    order = list(FindingKind.LABELS)
    return sorted(findings, key=lambda f: order.index(f.kind))  # stable: document order within
