"""The result of checking a file against a plan: its lines, changes, errors and warnings."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from plans.models import Plan, PlanArea, ReformArea
from tasks.deadlines import ParsedDeadline
from tasks.models import Task


@dataclass
class AreaLine:
    row: int
    numeral: str
    heading: str
    reform_area: ReformArea | None
    area: PlanArea | None  # existing
    changed: bool = False  # an existing area whose heading the file renames
    old_heading: str = ""  # the existing area's heading before the import


@dataclass
class TaskLine:
    row: int
    area: AreaLine
    stt: str
    code: str
    display_code: str
    parent: TaskLine | None
    occurrence: int
    values: dict  # text fields, deadline_text, due_date, initiative (columns present only)
    agencies: dict  # role column key -> [(Agency, written)] (columns present only)
    deadline: ParsedDeadline | None = None
    task: Task | None = None  # the existing task it updates
    changes: list[tuple[str, str, str]] = field(default_factory=list)  # (label, old, new)

    @property
    def state(self) -> str:
        if self.task is None:
            return "new"
        return "changed" if self.changes else "unchanged"

    @property
    def title(self) -> str:
        return self.values.get("title") or (self.task.title if self.task else "")

    @property
    def label(self) -> str:
        return (
            f"{self.area.numeral}.{self.display_code}"
            if self.display_code
            else (f"{self.area.numeral} (không số)")
        )


@dataclass
class Preview:
    plan: Plan
    filename: str
    columns: list[str] = field(default_factory=list)
    areas: list[AreaLine] = field(default_factory=list)
    lines: list[TaskLine] = field(default_factory=list)
    missing: list[Task] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # {task id: version} of the plan's tasks as this preview read them (the confirm token).
    versions: dict[str, int] = field(default_factory=dict)
    # Set by a confirm that found tasks changed since the preview it confirms: nothing written.
    stale: bool = False

    @property
    def has_errors(self) -> bool:
        return bool(self.errors)

    @property
    def renamed_areas(self) -> list[AreaLine]:
        return [a for a in self.areas if a.changed]

    def by_state(self, state: str) -> list[TaskLine]:
        return [line for line in self.lines if line.state == state]

    @property
    def counts(self) -> dict[str, int]:
        return {
            "new": len(self.by_state("new")),
            "changed": len(self.by_state("changed")),
            "unchanged": len(self.by_state("unchanged")),
            "missing": len(self.missing),
            "new_areas": sum(1 for a in self.areas if a.area is None),
        }

    @property
    def change_count(self) -> int:
        c = self.counts
        return c["new"] + c["changed"] + c["new_areas"] + sum(a.changed for a in self.areas)

    def summary(self) -> str:
        c = self.counts
        text = (
            f"{c['new']} nhiệm vụ mới, {c['changed']} nhiệm vụ thay đổi, "
            f"{c['unchanged']} nhiệm vụ không đổi"
        )
        if c["new_areas"]:
            text += f", {c['new_areas']} lĩnh vực mới"
        if self.renamed_areas:
            renames = "; ".join(
                f"{a.numeral}: “{_short(a.old_heading)}” → “{_short(a.heading)}”"
                for a in self.renamed_areas
            )
            text += f", đổi tên lĩnh vực {renames}"
        if c["missing"]:
            text += (
                f"; {c['missing']} nhiệm vụ có trong kế hoạch nhưng không có trong tệp "
                "(giữ nguyên, không xoá)"
            )
        return text + "."

    def report_lines(self) -> list[str]:
        """The summary, then errors, warnings, and each change: what both the admin and the
        command print."""
        out = [f"Kế hoạch {self.plan.slug}, tệp {self.filename}: {self.summary()}"]
        out += [f"LỖI: {e}" for e in self.errors]
        out += [f"Cảnh báo: {w}" for w in self.warnings]
        for area in self.renamed_areas:
            out.append(
                f"Đổi tên lĩnh vực (dòng {area.row}) {area.numeral}: "
                f"“{_short(area.old_heading)}” → “{_short(area.heading)}”"
            )
        for line in self.lines:
            if line.state == "new":
                title = _short(line.values.get("title"))
                out.append(f"Mới (dòng {line.row}) {line.label}: {title}")
            elif line.state == "changed":
                for label, old, new in line.changes:
                    out.append(
                        f"Thay đổi (dòng {line.row}) {line.label}, {label}: "
                        f"“{_short(old)}” → “{_short(new)}”"
                    )
        for task in self.missing:
            out.append(f"Không có trong tệp (giữ nguyên): {task.area.numeral}.{task.display_code}")
        return out


def _short(value, limit: int = 80) -> str:
    text = " ".join(str(value or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.date):
        return f"{value:%d/%m/%Y}"
    return str(value).strip()
