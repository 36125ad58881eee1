"""Validating every row of a sheet against a plan and comparing it with the plan's tasks."""

from __future__ import annotations

import datetime
import re

from plans.agency_names import AgencyIndex
from plans.models import Agency, Plan, PlanArea, ReformArea
from tasks.deadlines import KIND_NONE, KIND_UNKNOWN, parse_deadline
from tasks.models import Task
from tasks.spreadsheet.columns import (
    _ARABIC,
    _DATE_TEXT,
    _ISO_DATE,
    _ROMAN,
    AREA_KEYWORDS,
    COLUMN_BY_KEY,
    DUPLICATE_MARK,
    FALSE_WORDS,
    FIELD_LABELS,
    ROLE_COLUMNS,
    TEXT_FIELDS,
    TRUE_WORDS,
    _fold,
)
from tasks.spreadsheet.preview import AreaLine, Preview, TaskLine, _short, _text
from tasks.spreadsheet.reading import RawSheet


class _Collector:
    def __init__(self):
        self.errors: list[str] = []
        self.warnings: list[str] = []

    def error(self, row: int, column: str | None, message: str) -> None:
        where = f"Dòng {row}" + (f", cột “{COLUMN_BY_KEY[column].title}”" if column else "")
        self.errors.append(f"{where}: {message}")

    def warn(self, row: int, column: str | None, message: str) -> None:
        where = f"Dòng {row}" + (f", cột “{COLUMN_BY_KEY[column].title}”" if column else "")
        self.warnings.append(f"{where}: {message}")


def split_agencies(text: str, index: AgencyIndex) -> tuple[list[tuple], list[str]]:
    """Agencies of one cell as [(agency, written)], and the pieces no agency matches.

    Line breaks and ";" always separate agencies. A comma separates only where the pieces on
    both sides are known agencies: the longest run of comma-separated pieces that names a known
    agency is taken first, so "UBND các xã, thị trấn" or "Các cơ quan, đơn vị, địa phương" stay
    one group while "Phòng Nội vụ, Phòng Tư pháp" is two offices.
    """
    found: list[tuple] = []
    unknown: list[str] = []
    for segment in re.split(r"[\n;]+", text or ""):
        pieces = [p.strip() for p in segment.split(",")]
        start = 0
        while start < len(pieces):
            if not pieces[start]:
                start += 1
                continue
            for end in range(len(pieces), start, -1):
                written = ", ".join(p for p in pieces[start:end] if p)
                match = index.match(written)
                if match is not None:
                    found.append((match.agency, written.strip(" .")))
                    start = end
                    break
            else:
                # No known agency starts here: report the rest of the segment as one name.
                unknown.append(", ".join(p for p in pieces[start:] if p))
                break
    return found, unknown


def _parse_date(value) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = _text(value)
    match = _DATE_TEXT.match(text)
    if match:
        day, month, year = (int(g) for g in match.groups())
        return datetime.date(year, month, day)
    match = _ISO_DATE.match(text)
    if match:
        return datetime.date.fromisoformat(text)
    raise ValueError(text)


def _reform_area_lookup() -> tuple[dict[str, ReformArea], dict[str, ReformArea]]:
    reform_areas = {r.pk: r for r in ReformArea.objects.all()}
    known = {}
    for heading, reform_area_id in PlanArea.objects.values_list("heading", "reform_area_id"):
        known.setdefault(_fold(heading), reform_areas[reform_area_id])
    for reform_area in reform_areas.values():
        known.setdefault(_fold(reform_area.name), reform_area)
    by_code = {r.code: r for r in reform_areas.values()}
    return known, by_code


def _guess_reform_area(heading: str, known, by_code) -> ReformArea | None:
    folded = _fold(heading)
    if folded in known:
        return known[folded]
    for keyword, code in AREA_KEYWORDS:
        if keyword in folded and code in by_code:
            return by_code[code]
    return None


def _is_heading(stt: str, roman_style: bool) -> bool:
    return bool(_ROMAN.match(stt)) if roman_style else bool(_ARABIC.match(stt))


def build_preview(plan: Plan, raw: RawSheet, filename: str) -> Preview:
    """Validate every row of `raw` against `plan` and compare it with the plan's tasks.

    Reads only; the result lists new, changed (field: old → new) and unchanged tasks, tasks
    missing from the file, and every error and warning with its row and column.
    """
    out = _Collector()
    preview = Preview(plan=plan, filename=filename, columns=raw.columns)
    preview.warnings.extend(raw.warnings)
    present = set(raw.columns)
    index = AgencyIndex(Agency.objects.filter(unit_id=plan.unit_id))
    known_headings, by_code = _reform_area_lookup()
    existing_areas = {a.numeral.rstrip("."): a for a in plan.areas.all()}
    roman_style = any(_ROMAN.match(_text(r.values.get("code"))) for r in raw.rows)

    current: AreaLine | None = None
    area_lines: dict[str, AreaLine] = {}
    # per area: display code -> lines with that code, in file order
    seen_codes: dict[str, dict[str, list[TaskLine]]] = {}
    for row in raw.rows:
        stt = _text(row.values.get("code"))
        title = _text(row.values.get("title"))
        if _is_heading(stt, roman_style):
            numeral = stt.rstrip(".")
            if numeral in area_lines:
                out.error(
                    row.number,
                    "code",
                    f"lĩnh vực “{numeral}” đã có ở dòng {area_lines[numeral].row}.",
                )
                current = area_lines[numeral]
                continue
            if not title:
                out.error(row.number, "title", f"dòng lĩnh vực “{numeral}” thiếu tên lĩnh vực.")
            existing = existing_areas.get(numeral)
            reform_area = existing.reform_area if existing else None
            if existing is None and title:
                reform_area = _guess_reform_area(title, known_headings, by_code)
                if reform_area is None:
                    names = "; ".join(f"“{r.name}”" for r in by_code.values())
                    out.error(
                        row.number,
                        "title",
                        f"không nhận ra lĩnh vực cải cách hành chính của “{_short(title)}”. "
                        f"Hãy ghi tên lĩnh vực gần với một trong các tên: {names}.",
                    )
            extra = [k for k in present - {"code", "title"} if row.values.get(k) not in (None, "")]
            if extra:
                out.warn(
                    row.number,
                    None,
                    "dòng lĩnh vực chỉ dùng cột STT và Nhiệm vụ; nội dung các cột khác bị bỏ qua.",
                )
            current = AreaLine(
                row=row.number,
                numeral=existing.numeral if existing else numeral,
                heading=title,
                reform_area=reform_area,
                area=existing,
                changed=bool(existing and title and existing.heading != title),
                old_heading=existing.heading if existing else "",
            )
            area_lines[numeral] = current
            preview.areas.append(current)
            seen_codes[numeral] = {}
            continue

        if current is None:
            out.error(
                row.number,
                "code",
                "dòng nhiệm vụ đứng trước mọi dòng lĩnh vực. Dòng đầu tiên phải là dòng lĩnh "
                "vực (I, II… hoặc 1, 2…) để biết nhiệm vụ thuộc lĩnh vực nào.",
            )
            continue
        codes = seen_codes[current.numeral.rstrip(".")]
        preview.lines.append(_task_line(row, stt, title, current, codes, present, index, plan, out))

    if not preview.lines and not preview.areas and not out.errors:
        out.error(raw.rows[0].number if raw.rows else 2, None, "không có dòng nhiệm vụ nào.")
    preview.errors.extend(out.errors)
    preview.warnings.extend(out.warnings)
    _match_existing(plan, preview)
    return preview


def _task_line(row, stt, title, area, codes, present, index, plan, out) -> TaskLine:
    duplicate = stt.endswith(DUPLICATE_MARK)
    base = stt.rstrip(DUPLICATE_MARK).strip()
    parent: TaskLine | None = None
    code = base
    if base.endswith(")"):
        code = base[:-1].strip()
    elif base.endswith(".") and base.rstrip(".") in codes:
        parent, code = codes[base.rstrip(".")][-1], ""
    elif base.endswith("."):
        code = base.rstrip(".")
    elif "." in base:
        prefix, last = base.rsplit(".", 1)
        if prefix in codes:
            parent = codes[prefix][-1]
            # "1.b" is "b" under 1 (Cát Hải); "1.3.1" keeps its full number (Tuy Phước).
            code = base if last.isdigit() else last
    if parent is None:
        display = code
    elif not code:
        display = f"{parent.code}."
    elif code.startswith(parent.code + "."):
        display = code
    else:
        display = f"{parent.code}.{code}"

    if not title:
        out.error(row.number, "title", "thiếu nội dung nhiệm vụ.")
    if len(code) > Task._meta.get_field("code").max_length:
        out.error(row.number, "code", f"số thứ tự “{_short(stt)}” quá dài.")
    earlier = codes.get(display, [])
    # Unnumbered rows have nothing to mistype: several in one area are matched by position.
    if earlier and not duplicate and code:
        out.error(
            row.number,
            "code",
            f"Số thứ tự trùng: “{display}” đã có ở dòng {earlier[0].row} trong lĩnh vực "
            f"{area.numeral}. Sửa số thứ tự; nếu văn bản gốc đánh trùng số, ghi “{display}*” "
            "ở dòng sau.",
        )
    elif duplicate and not earlier and code:
        out.warn(row.number, "code", f"dấu * sau “{display}” bị bỏ qua (không có số trùng).")

    values: dict = {}
    for key in TEXT_FIELDS:
        if key in present:
            values[key] = _text(row.values.get(key))
    for key in TEXT_FIELDS:
        limit = getattr(Task._meta.get_field(key), "max_length", None)
        if limit and len(values.get(key, "")) > limit:
            out.error(row.number, key, f"dài quá {limit} ký tự.")
    deadline = None
    if "deadline_text" in present:
        text = _text(row.values.get("deadline_text"))
        values["deadline_text"] = text
        if len(text) > Task._meta.get_field("deadline_text").max_length:
            out.error(row.number, "deadline_text", "dài quá 500 ký tự.")
        deadline = parse_deadline(text, plan.start_year, plan.end_year)
        if deadline.kind == KIND_UNKNOWN:
            out.warn(
                row.number,
                "deadline_text",
                f"không đọc được thời hạn “{_short(text)}”; nhiệm vụ vẫn được nhập, hạn để "
                "trống (ghi ngày vào cột Hạn hoàn thành nếu cần).",
            )
        elif deadline.out_of_period:
            out.warn(row.number, "deadline_text", f"{deadline.explanation}.")
    if "due_date" in present:
        raw_due = row.values.get("due_date")
        if raw_due in (None, ""):
            values["due_date"] = None
        else:
            try:
                values["due_date"] = _parse_date(raw_due)
            except ValueError:
                out.error(
                    row.number,
                    "due_date",
                    f"“{_short(_text(raw_due))}” không phải là ngày. Ghi ngày dạng dd/mm/yyyy "
                    "(ô kiểu Ngày), hoặc để trống và ghi thời hạn bằng chữ ở cột Thời gian "
                    "hoàn thành.",
                )
    if "initiative" in present:
        flag = _fold(_text(row.values.get("initiative")))
        if flag in TRUE_WORDS:
            values["initiative"] = True
        elif flag in FALSE_WORDS:
            values["initiative"] = False
        else:
            out.error(row.number, "initiative", f"ghi “Có” hoặc để trống (đang là “{flag}”).")

    agencies: dict = {}
    for key in ROLE_COLUMNS:
        if key not in present:
            continue
        found, unknown = split_agencies(_text(row.values.get(key)), index)
        for name in unknown:
            nearest = ", ".join(f"“{n}”" for n in index.closest(name)) or "không có"
            out.error(
                row.number,
                key,
                f"không nhận ra cơ quan “{_short(name)}” trong danh mục cơ quan của huyện "
                f"(gần nhất: {nearest}).",
            )
        unique, seen = [], set()
        for agency, written in found:
            if agency.pk not in seen:
                seen.add(agency.pk)
                unique.append((agency, written))
        agencies[key] = unique

    line = TaskLine(
        row=row.number,
        area=area,
        stt=stt,
        code=code,
        display_code=display,
        parent=parent,
        occurrence=len(earlier),
        values=values,
        agencies=agencies,
        deadline=deadline,
    )
    codes.setdefault(display, []).append(line)
    return line


def _existing_key(task: Task) -> str:
    return task.display_code


def _task_values(line: TaskLine, plan: Plan) -> dict:
    """The model values a line sets (only for the columns the file has)."""
    values = dict(line.values)
    if line.deadline is not None:
        parsed = line.deadline
        values["deadline_kind"] = parsed.kind
        values["milestones"] = [m.isoformat() for m in parsed.milestones]
        hand_date = values.pop("due_date", None) if "due_date" in values else None
        # A date in "Hạn hoàn thành" is the hand-set date of a deadline the text does not date
        # ("Theo hướng dẫn của Thành phố"); a dated text always wins, so editing the text
        # in Excel moves the due date with it.
        values["due_date"] = parsed.due_date if parsed.due_date else hand_date
        if parsed.kind == KIND_NONE and hand_date:
            values["deadline_kind"] = KIND_UNKNOWN
    return values


def _match_existing(plan: Plan, preview: Preview) -> None:
    tasks = list(
        plan.tasks.select_related("area", "parent").prefetch_related("assignments__agency")
    )
    by_key: dict[tuple[str, str, int], Task] = {}
    counters: dict[tuple[str, str], int] = {}
    for task in tasks:
        base = (task.area.numeral.rstrip("."), _existing_key(task))
        occurrence = counters.get(base, 0)
        counters[base] = occurrence + 1
        by_key[(*base, occurrence)] = task
    used: set[int] = set()
    for line in preview.lines:
        key = (line.area.numeral.rstrip("."), line.display_code, line.occurrence)
        task = by_key.get(key)
        if task is None:
            continue
        line.task = task
        used.add(task.pk)
        line.changes = _diff(task, line, plan)
    preview.missing = [t for t in tasks if t.pk not in used]
    preview.versions = {str(t.pk): t.version for t in tasks}


def _display(value) -> str:
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, datetime.date):
        return f"{value:%d/%m/%Y}"
    return "" if value is None else str(value)


def _diff(task: Task, line: TaskLine, plan: Plan) -> list[tuple[str, str, str]]:
    changes = []
    values = _task_values(line, plan)
    for key in (*TEXT_FIELDS, "deadline_text", "due_date", "initiative"):
        if key in values and getattr(task, key) != values[key]:
            changes.append((FIELD_LABELS[key], _display(getattr(task, key)), _display(values[key])))
    if task.code != line.code:
        changes.append((FIELD_LABELS["code"], task.code, line.code))
    old_parent = task.parent.display_code if task.parent_id else ""
    new_parent = line.parent.display_code if line.parent else ""
    if old_parent != new_parent:
        changes.append((FIELD_LABELS["parent"], old_parent, new_parent))
    assignments = list(task.assignments.all())
    for key, role in ROLE_COLUMNS.items():
        if key not in line.agencies:
            continue
        old = [(a.agency_id, a.name_as_written) for a in assignments if a.role == role]
        new = [(agency.pk, written) for agency, written in line.agencies[key]]
        if old != new:
            changes.append(
                (
                    FIELD_LABELS[key],
                    "; ".join(
                        a.name_as_written or a.agency.name for a in assignments if a.role == role
                    ),
                    "; ".join(written for _, written in line.agencies[key]),
                )
            )
    return changes
