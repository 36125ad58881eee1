"""The criteria-set .xlsx template, both ways: writing a set (or the empty template) and reading
an upload into raw rows (docs/par-index.md, "Criteria sets and the template").

Sheet "Bộ tiêu chí": a header block (label in column A, value in column B: province, year,
level, title, issuing document, grade bands, note), an empty row, then the table: one header row
(STT, Nội dung, …) and one row per criterion. Sheet "Hướng dẫn" explains every column.

Reading reuses the task import's limits (`tasks.spreadsheet.limits`): upload size, zip
directory sizes, one streaming scan of the sheet for its bounds and merged cells, and only then
openpyxl in `read_only` mode. Writing puts every text through `write_text_cell`, so a cell
starting with = + - @ is text, never a formula.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from decimal import Decimal

from indicators.par.set_columns import (
    COLUMN_BY_KEY,
    COLUMNS,
    GUIDE_SHEET,
    HEADER,
    HEADER_BY_KEY,
    MAX_CRITERIA,
    OF_A_SET,
    SET_SHEET,
    Field,
)
from reformplan.exchange import write_text_cell
from tasks.spreadsheet.columns import SpreadsheetError, _fold
from tasks.spreadsheet.limits import NOT_XLSX, check_upload_size
from tasks.spreadsheet.reading import sheet_rows


@dataclass
class SheetRow:
    number: int  # the row number the reader sees in Excel
    values: dict[str, object]


@dataclass
class RawSet:
    header: dict[str, tuple[int, object]]  # key → (row number, value)
    rows: list[SheetRow]
    warnings: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------- writing


def criterion_values(criterion, reform_area_names: dict[int, str] | None = None) -> dict:
    """One criterion as the sheet writes it (column key → value)."""
    area = ""
    if criterion.reform_area_id:
        names = reform_area_names or {}
        area = names.get(criterion.reform_area_id) or criterion.reform_area.name
    return {
        "code": criterion.code,
        "title": criterion.title,
        "level": criterion.get_level_display(),
        "max_score": criterion.max_score,
        "rule": criterion.get_rule_display(),
        "steps": criterion.steps,
        "deduction": criterion.deduction,
        "target": criterion.target,
        "evidence_expected": criterion.evidence_expected,
        "task_codes": criterion.task_codes,
        "reform_area": area,
    }


def set_workbook(criteria_set=None) -> bytes:
    """The .xlsx of a set (header and criteria), or the empty template when None."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    font = Font(name="Times New Roman", size=11)
    bold = Font(name="Times New Roman", size=11, bold=True)
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(vertical="top", wrap_text=True)
    grey = PatternFill("solid", fgColor="D9D9D9")
    missing = PatternFill("solid", fgColor="FFE699")  # "cần bổ sung"

    workbook = Workbook()
    ws = workbook.active
    ws.title = SET_SHEET
    for index, column in enumerate(COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(index)].width = column.width
    ws.column_dimensions["B"].width = max(COLUMNS[1].width, 50)

    header_values = {}
    if criteria_set is not None:
        header_values = {
            "province": criteria_set.province.full_name,
            "year": criteria_set.year,
            "level": criteria_set.get_level_display(),
            "title": criteria_set.title,
            "source": criteria_set.source,
            "grade_bands": criteria_set.grade_bands,
            "note": criteria_set.note,
        }
    for row, item in enumerate(HEADER, start=1):
        label = ws.cell(row=row, column=1)
        write_text_cell(label, item.title)
        label.font, label.fill, label.border = bold, grey, border
        cell = ws.cell(row=row, column=2)
        cell.font, cell.border, cell.alignment = font, border, wrap
        value = header_values.get(item.key)
        if isinstance(value, int):
            cell.value = value
        elif value:
            write_text_cell(cell, value)

    table_row = len(HEADER) + 2
    for index, column in enumerate(COLUMNS, start=1):
        cell = ws.cell(row=table_row, column=index)
        write_text_cell(cell, column.title)
        cell.font, cell.border, cell.fill = bold, border, grey
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.freeze_panes = ws.cell(row=table_row + 1, column=1)
    ws.print_title_rows = f"{table_row}:{table_row}"
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.paperSize = ws.PAPERSIZE_A4

    criteria = []
    if criteria_set is not None:
        criteria = list(criteria_set.criteria.select_related("reform_area").order_by("order"))
    for offset, criterion in enumerate(criteria, start=1):
        values = criterion_values(criterion)
        row = table_row + offset
        parent_row = criterion.rule == "sum"
        for index, column in enumerate(COLUMNS, start=1):
            cell = ws.cell(row=row, column=index)
            cell.border, cell.alignment = border, wrap
            cell.font = bold if parent_row else font
            if column.key == "code":
                cell.number_format = "@"  # "1.10" stays text, not the number 1.1
            value = values[column.key]
            if column.key == "rule" and parent_row:
                value = ""
            if column.key == "max_score" and value is None:
                cell.fill = missing
            if value is None or value == "":
                continue
            if isinstance(value, int | float | Decimal):
                cell.value = value
            else:
                write_text_cell(cell, value)

    _write_guide(workbook, font, bold, grey, border, wrap)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


GENERAL_RULES = (
    "Trang “Bộ tiêu chí”: phần đầu ghi thông tin chung (nhãn ở cột A, nội dung ở cột B); "
    "dòng có ô A là “STT” là dòng tên cột, không đổi tên cột; mỗi dòng tiếp theo là một lĩnh "
    "vực, tiêu chí hoặc tiêu chí thành phần. Không gộp ô, không dùng công thức. Tối đa "
    f"{MAX_CRITERIA} dòng tiêu chí. Tải lên vào bộ tiêu chí đang soạn (dự thảo) sẽ thay toàn bộ "
    "tiêu chí của bộ đó bằng nội dung của tệp; nếu phiên bản mới nhất đã ban hành, hệ thống tạo "
    "phiên bản mới (dự thảo). Bộ tiêu chí đã ban hành không sửa được. Nếu tệp có lỗi, không "
    "dòng nào được nhập: sửa trong Excel rồi tải lên lại."
)


def _write_guide(workbook, font, bold, grey, border, wrap) -> None:
    guide = workbook.create_sheet(GUIDE_SHEET)
    guide.column_dimensions["A"].width = 26
    guide.column_dimensions["B"].width = 12
    guide.column_dimensions["C"].width = 100
    for index, title in enumerate(["Mục", "Bắt buộc", "Cách ghi"], start=1):
        cell = guide.cell(row=1, column=index)
        write_text_cell(cell, title)
        cell.font, cell.fill, cell.border = bold, grey, border
    lines = [(f.title, "Có" if f.required else "", f.help) for f in HEADER]
    lines += [(c.title, "Có" if c.required else "", c.help) for c in COLUMNS]
    lines += [("", "", ""), ("Quy tắc chung", "", GENERAL_RULES)]
    for row, values in enumerate(lines, start=2):
        for index, value in enumerate(values, start=1):
            cell = guide.cell(row=row, column=index)
            if value:
                write_text_cell(cell, value)
            cell.alignment = wrap
            cell.font = bold if index == 1 else font


def set_filename(criteria_set=None) -> str:
    if criteria_set is None:
        return "mau-bo-tieu-chi-chi-so-cchc.xlsx"
    return (
        f"bo-tieu-chi-{criteria_set.province.slug}-{criteria_set.year}-"
        f"{criteria_set.level}-v{criteria_set.version}.xlsx"
    )


# --------------------------------------------------------------------------- reading


def _lookup(fields: list[Field]) -> dict[str, str]:
    lookup = {}
    for item in fields:
        for name in (item.title, *item.aliases):
            lookup[_fold(name)] = item.key
    return lookup


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def _load_rows(content: bytes) -> tuple[list[tuple[int, list, list[int]]], list[str]]:
    """The rows of sheet "Bộ tiêu chí" (else the first sheet) as (number, values, formula
    columns), and its merged ranges; limits checked before openpyxl reads anything."""
    return sheet_rows(
        content, max_rows=MAX_CRITERIA + len(HEADER) + 2, limit=OF_A_SET, sheet=SET_SHEET
    )


def read_set_sheet(content: bytes, filename: str = "") -> RawSet:
    """Read an uploaded criteria-set workbook; SpreadsheetError lists every file-level problem
    (not an .xlsx, too big, no table header, missing required column, merged cells, formulas)."""
    check_upload_size(len(content))
    if content[:4] == b"\xd0\xcf\x11\xe0" or (filename or "").lower().endswith(".xls"):
        raise SpreadsheetError(
            ["Tệp Excel 97-2003 (.xls) không được hỗ trợ: hãy lưu lại dạng .xlsx."]
        )
    if content[:2] != b"PK":
        raise SpreadsheetError([NOT_XLSX])
    rows, merged = _load_rows(content)
    errors: list[str] = []
    warnings: list[str] = []
    for ref in merged:
        errors.append(f"Ô gộp {ref}: hãy bỏ gộp ô (Merge & Center) và ghi nội dung vào từng ô.")
    for number, _values, formulas in rows:
        for index in formulas:
            errors.append(
                f"Dòng {number}, cột {_letter(index)}: ô chứa công thức. Hãy dán giá trị "
                "(Paste Values) thay cho công thức."
            )

    header_lookup, column_lookup = _lookup(HEADER), _lookup(COLUMNS)
    header: dict[str, tuple[int, object]] = {}
    table_at = None
    for position, (number, values, _formulas) in enumerate(rows):
        first = values[0] if values else None
        if first is None:
            continue
        folded = _fold(str(first))
        if folded in column_lookup and column_lookup[folded] == "code":
            table_at = position
            break
        key = header_lookup.get(folded)
        if key is None:
            warnings.append(f"Dòng {number}: “{first}” không thuộc mẫu, được bỏ qua.")
            continue
        if key in header:
            errors.append(f"Dòng {number}: mục “{HEADER_BY_KEY[key].title}” có hai lần.")
            continue
        header[key] = (number, values[1] if len(values) > 1 else None)
    if table_at is None:
        errors.append("Không tìm thấy dòng tên cột của bảng tiêu chí (dòng có ô A là “STT”).")
        raise SpreadsheetError(errors)

    number, titles, _ = rows[table_at]
    positions: dict[int, str] = {}
    for index, title in enumerate(titles):
        if title is None or str(title).strip() == "":
            continue
        key = column_lookup.get(_fold(str(title)))
        if key is None:
            warnings.append(f"Dòng {number}: cột “{title}” không thuộc mẫu, được bỏ qua.")
        elif key in positions.values():
            errors.append(f"Dòng {number}: cột “{COLUMN_BY_KEY[key].title}” có hai lần.")
        else:
            positions[index] = key
    for column in COLUMNS:
        if column.required and column.key not in positions.values():
            errors.append(f"Dòng {number}: thiếu cột bắt buộc “{column.title}”.")
    data = [r for r in rows[table_at + 1 :] if any(v not in (None, "") for v in r[1])]
    if len(data) > MAX_CRITERIA:
        errors.append(f"Tệp có {len(data)} dòng tiêu chí, vượt giới hạn {MAX_CRITERIA} dòng.")
    if not data and not errors:
        errors.append("Bảng không có dòng tiêu chí nào dưới dòng tên cột.")
    if errors:
        raise SpreadsheetError(errors)
    sheet_rows = [
        SheetRow(n, {key: values[i] if i < len(values) else None for i, key in positions.items()})
        for n, values, _ in data
    ]
    return RawSet(header=header, rows=sheet_rows, warnings=warnings)
