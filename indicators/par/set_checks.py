"""Checking the cells of a criteria-set workbook: the header block and each criterion row,
then the tree (duplicates, missing parents, each row's rule from its place). Every problem is
appended to `errors` in Vietnamese with its row and column; nothing here writes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from indicators.par.models import CriterionLevel, ScoringRule, SetLevel
from indicators.par.rules import fmt, parse_decimal, parse_grade_bands, parse_steps
from indicators.par.set_columns import COLUMN_BY_KEY, HEADER_BY_KEY, TO_BE_FILLED
from indicators.par.sets import HEADER_FIELDS, parent_code
from plans.models import ReformArea
from tasks.spreadsheet.columns import _fold

_CODE = re.compile(r"^[0-9A-Za-z]+(\.[0-9A-Za-z]+)*$")
SET_LEVEL_WORDS = {"xã": SetLevel.COMMUNE, "huyện": SetLevel.DISTRICT, "sở": SetLevel.DEPARTMENT}
LEVEL_BY_DEPTH = [CriterionLevel.AREA, CriterionLevel.CRITERION, CriterionLevel.SUB]
TEXT_LIMITS = {"title": 2000, "target": 3000, "evidence_expected": 3000, "task_codes": 255}
STATE_LABELS = {"new": "Mới", "changed": "Thay đổi", "unchanged": "Không đổi"}


def _choices(choices) -> dict[str, str]:
    """Folded label, label before “(”, and value → value."""
    lookup = {}
    for value, label in choices:
        lookup[_fold(value)] = value
        lookup[_fold(label)] = value
        lookup[_fold(label.split("(")[0])] = value
    return lookup


LEVELS = _choices(CriterionLevel.choices)
RULES = _choices(ScoringRule.choices)
RULES.update({_fold(w): r for w, r in [("Theo tỷ lệ %", "percent"), ("Theo mức", "steps")]})
RULES.update({_fold(w): r for w, r in [("Trừ điểm", "deduction"), ("Tổng", "sum")]})
SET_LEVELS = _choices(SetLevel.choices)


@dataclass
class Line:
    row: int
    code: str
    values: dict  # CRITERION_FIELDS (reform_area_id included) → value
    state: str = "new"
    changes: list[tuple[str, str, str]] = field(default_factory=list)

    def __getattr__(self, name):  # read as a criterion by tree_problems and criterion_problems
        values = self.__dict__.get("values") or {}
        if name in values:
            return values[name]
        raise AttributeError(name)

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]


# --------------------------------------------------------------------------- cells


def text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, Decimal):
        return fmt(value)
    return str(value).strip()


def _code(value, row: int, errors: list, warnings: list) -> str:
    where = f"Dòng {row}, cột “STT”"
    if isinstance(value, float) and not value.is_integer():
        warnings.append(
            f"{where}: số thứ tự {value} được ghi dạng số; hãy định dạng ô là văn bản (Text) "
            "để “1.10” không thành “1.1”."
        )
        value = repr(value)
    code = text(value).replace(" ", "").rstrip(".")
    if not code:
        errors.append(f"{where}: thiếu số thứ tự.")
    elif len(code) > 20 or not _CODE.match(code):
        errors.append(f"{where}: số thứ tự “{code}” không đúng dạng (ví dụ 1, 1.3, 1.3.1).")
    return code


def _number(value, row, key, errors, *, positive=False) -> Decimal | None:
    where = f"Dòng {row}, cột “{COLUMN_BY_KEY[key].title}”"
    if isinstance(value, str) and _fold(value) == _fold(TO_BE_FILLED):
        return None
    try:
        number = parse_decimal(value)
    except ValueError:
        errors.append(f"{where}: “{value}” không phải là số.")
        return None
    if number is None:
        return None
    if number < 0:
        errors.append(f"{where}: {fmt(number)} không được là số âm.")
    elif positive and number == 0:
        errors.append(f"{where}: phải lớn hơn 0.")
    elif number != number.quantize(Decimal("0.01")):
        errors.append(f"{where}: {value} chỉ được lấy đến hai chữ số thập phân.")
    elif number >= 10_000:
        errors.append(f"{where}: {fmt(number)} quá lớn (tối đa 9999,99).")
    else:
        return number
    return None


def reform_areas() -> dict[str, int]:
    lookup = {}
    for area in ReformArea.objects.all():
        lookup[_fold(area.code)] = area.pk
        lookup[_fold(area.name)] = area.pk
    return lookup


def check_line(sheet_row, areas: dict[str, int], errors: list, warnings: list) -> Line:
    row, cells = sheet_row.number, sheet_row.values
    code = _code(cells.get("code"), row, errors, warnings)
    values: dict = {"code": code}
    title = text(cells.get("title"))
    if not title:
        errors.append(f"Dòng {row}, cột “Nội dung”: thiếu nội dung của tiêu chí {code}.")
    values["title"] = title
    level = text(cells.get("level"))
    if level:
        values["level"] = LEVELS.get(_fold(level))
        if values["level"] is None:
            allowed = ", ".join(label for _, label in CriterionLevel.choices)
            errors.append(f"Dòng {row}, cột “Cấp”: “{level}” không phải là một cấp ({allowed}).")
    else:
        depth = min(code.count("."), len(LEVEL_BY_DEPTH) - 1)
        values["level"] = LEVEL_BY_DEPTH[depth]
    values["max_score"] = _number(cells.get("max_score"), row, "max_score", errors)
    rule = text(cells.get("rule"))
    values["rule"] = RULES.get(_fold(rule)) if rule else None
    if rule and values["rule"] is None:
        allowed = "; ".join(label for _, label in ScoringRule.choices)
        errors.append(f"Dòng {row}, cột “Cách chấm”: “{rule}” không phải là cách chấm ({allowed}).")
    steps = text(cells.get("steps"))
    try:
        parse_steps(steps)
    except ValueError:
        errors.append(f"Dòng {row}, cột “Các mức điểm”: “{steps}” có mức không phải là số.")
    if len(steps) > 120:
        errors.append(f"Dòng {row}, cột “Các mức điểm”: dài quá 120 ký tự.")
    values["steps"] = steps
    values["deduction"] = _number(cells.get("deduction"), row, "deduction", errors, positive=True)
    for key in ("target", "evidence_expected", "task_codes"):
        values[key] = text(cells.get(key))
    for key, limit in TEXT_LIMITS.items():
        if len(values[key]) > limit:
            size, title_ = len(values[key]), COLUMN_BY_KEY[key].title
            errors.append(f"Dòng {row}, cột “{title_}”: dài {size} ký tự, tối đa {limit}.")
    area = text(cells.get("reform_area"))
    values["reform_area_id"] = areas.get(_fold(area)) if area else None
    if area and values["reform_area_id"] is None:
        errors.append(f"Dòng {row}, cột “Lĩnh vực CCHC”: không có lĩnh vực CCHC “{area}”.")
    elif area and values["level"] not in (CriterionLevel.AREA, None):
        errors.append(f"Dòng {row}, cột “Lĩnh vực CCHC”: chỉ ghi ở dòng lĩnh vực.")
    return Line(row=row, code=code, values=values)


def check_tree(lines: list[Line], errors: list) -> None:
    """Duplicates, missing parents, areas under a row, and each row's rule from its place."""
    first: dict[str, Line] = {}
    for line in lines:
        if line.code in first:
            errors.append(
                f"Dòng {line.row}, cột “STT”: số thứ tự {line.code} trùng với dòng "
                f"{first[line.code].row}."
            )
        elif line.code:
            first[line.code] = line
    has_children = set()
    for line in lines:
        parent = parent_code(line.code)
        if parent is None or not _CODE.match(line.code):
            continue
        if parent not in first:
            errors.append(
                f"Dòng {line.row}, cột “STT”: không có dòng {parent}, dòng cha của tiêu chí "
                f"{line.code} (dòng cha của “1.3.1” là “1.3”)."
            )
        has_children.add(parent)
        if line.values["level"] == CriterionLevel.AREA:
            errors.append(
                f"Dòng {line.row}, cột “Cấp”: {line.code} là lĩnh vực nên không được thuộc "
                f"dòng {parent}."
            )
    for line in lines:
        rule = line.values["rule"]
        if line.code in has_children:
            if rule not in (None, ScoringRule.SUM):
                errors.append(
                    f"Dòng {line.row}, cột “Cách chấm”: {line.code} có tiêu chí con nên được "
                    "tính bằng tổng các tiêu chí con; để trống cột này."
                )
            line.values["rule"] = ScoringRule.SUM
        elif rule == ScoringRule.SUM:
            errors.append(
                f"Dòng {line.row}, cột “Cách chấm”: {line.code} không có tiêu chí con nên "
                "không tính bằng tổng được."
            )
        elif rule is None:
            line.values["rule"] = ScoringRule.YES_NO


# --------------------------------------------------------------------------- header


def check_header(raw, province, errors: list) -> dict:
    def value(key):
        return raw.header.get(key, (None, None))

    def where(key):
        row = value(key)[0]
        title = HEADER_BY_KEY[key].title
        return f"Dòng {row}, mục “{title}”" if row else f"Mục “{title}”"

    header: dict = {}
    written = text(value("province")[1])
    names = {province.name, province.full_name, province.short_name, province.slug}
    if written and _fold(written) not in {_fold(n) for n in names if n}:
        errors.append(
            f"{where('province')}: tệp ghi “{written}”, khác tỉnh đang nhập ({province.full_name})."
        )
    year = text(value("year")[1])
    header["year"] = int(year) if year.isdigit() else None
    if header["year"] is None or not 2000 <= header["year"] <= 2100:
        errors.append(f"{where('year')}: “{year}” không phải là năm (2000–2100).")
        header["year"] = None
    level = text(value("level")[1])
    folded = _fold(level)
    header["level"] = SET_LEVELS.get(folded) or next(
        (lv for word, lv in SET_LEVEL_WORDS.items() if folded and word in folded), None
    )
    if header["level"] is None:
        allowed = ", ".join(label for _, label in SetLevel.choices)
        errors.append(f"{where('level')}: “{level}” không phải là một cấp ({allowed}).")
    limits = {"title": 300, "source": 255, "grade_bands": 255, "note": 3000}
    for key in HEADER_FIELDS:
        header[key] = text(value(key)[1])
        if len(header[key]) > limits[key]:
            errors.append(f"{where(key)}: dài {len(header[key])} ký tự, tối đa {limits[key]}.")
    if not header["title"]:
        errors.append(f"{where('title')}: thiếu tên bộ tiêu chí.")
    try:
        parse_grade_bands(header["grade_bands"])
    except ValueError as exc:
        errors.append(f"{where('grade_bands')}: {exc}")
    return header
