"""Reading an upload into rows, with limits checked before any parsing."""

from __future__ import annotations

import csv
import datetime
import io
import zipfile
from dataclasses import dataclass, field

from openpyxl.utils.cell import range_boundaries

from tasks.spreadsheet.columns import (
    COLUMN_BY_KEY,
    COLUMNS,
    MAX_COLUMNS,
    MAX_ROWS,
    SpreadsheetError,
    _fold,
)
from tasks.spreadsheet.limits import (
    NOT_XLSX,
    ROW_SLACK,
    check_bounds,
    check_package_size,
    check_upload_size,
    first_sheet_scan,
)

PLAN_LIMIT = " của một kế hoạch"


@dataclass
class SheetRow:
    number: int  # the row number the reader sees in Excel
    values: dict[str, object]


@dataclass
class RawSheet:
    columns: list[str]  # keys of the columns present
    rows: list[SheetRow]
    warnings: list[str] = field(default_factory=list)


def _cell_value(value):
    if isinstance(value, datetime.datetime):
        return value.date() if value.time() == datetime.time(0) else value
    if isinstance(value, str):
        value = value.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ").strip()
        return value or None
    return value


def _header_map(header: list, errors: list[str]) -> tuple[dict[int, str], list[str]]:
    lookup = {}
    for column in COLUMNS:
        for name in (column.title, *column.aliases):
            lookup[_fold(name)] = column.key
    positions: dict[int, str] = {}
    seen: dict[str, int] = {}
    warnings = []
    for index, title in enumerate(header):
        if title is None or str(title).strip() == "":
            continue
        key = lookup.get(_fold(str(title)))
        if key is None:
            warnings.append(f"Cột “{title}” không thuộc mẫu, được bỏ qua.")
            continue
        if key in seen:
            errors.append(
                f"Dòng 1: cột “{COLUMN_BY_KEY[key].title}” có hai lần "
                f"(cột {_letter(seen[key])} và {_letter(index)})."
            )
            continue
        seen[key] = index
        positions[index] = key
    for column in COLUMNS:
        if column.required and column.key not in seen:
            errors.append(f"Thiếu cột bắt buộc “{column.title}” ở dòng 1.")
    return positions, warnings


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def _column_title(positions: dict[int, str], index: int) -> str:
    key = positions.get(index)
    return COLUMN_BY_KEY[key].title if key else _letter(index)


def sheet_rows(content: bytes, *, max_rows: int, limit: str, sheet: str = ""):
    """Rows of the sheet named `sheet` (else the first) as (row number, values, formula column
    indexes), and the sheet's merged ranges: one reader for every .xlsx upload.

    The limits (`limits`) are checked first: sizes from the zip directory, then one streaming
    scan of the sheet XML for the last row and column with a value and the merged ranges; only
    then openpyxl reads, `read_only`, the rows and columns within those bounds.
    """
    from openpyxl import load_workbook

    check_package_size(content)
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as exc:
        raise SpreadsheetError([NOT_XLSX]) from exc
    except Exception as exc:  # openpyxl raises many kinds on a broken package
        raise SpreadsheetError(["Tệp .xlsx bị hỏng, không đọc được."]) from exc
    try:
        ws = workbook[sheet] if sheet in workbook.sheetnames else workbook.worksheets[0]
        scan = first_sheet_scan(content, ws._worksheet_path)
        check_bounds(scan.max_row, scan.max_column, max_rows, limit)
        rows = []
        if scan.max_row:
            cells = ws.iter_rows(
                min_row=1, max_row=scan.max_row, min_col=1, max_col=scan.max_column
            )
            for number, row in enumerate(cells, start=1):
                values, formulas = [], []
                for index, cell in enumerate(row):
                    if cell.data_type == "f":
                        formulas.append(index)
                        values.append(None)
                    else:
                        values.append(_cell_value(cell.value))
                rows.append((number, values, formulas))
    finally:
        workbook.close()
    return rows, scan.merged


def _read_xlsx(content: bytes) -> tuple[list[tuple[int, list, dict]], list[tuple]]:
    """Rows of the first sheet as (row number, values, problems): merged cells and formulas."""
    sheet, merged_refs = sheet_rows(content, max_rows=MAX_ROWS, limit=PLAN_LIMIT)
    rows = [(number, values, {"formulas": formulas}) for number, values, formulas in sheet]
    merged = []
    for ref in merged_refs:
        try:
            min_col, min_row, _, _ = range_boundaries(ref)
        except (ValueError, TypeError):
            continue
        merged.append((min_row, min_col - 1, ref))
    return rows, sorted(merged, key=lambda m: m[2])


def _read_csv(content: bytes) -> tuple[list[tuple[int, list, dict]], list[tuple]]:
    if b"\x00" in content[:4096]:
        raise SpreadsheetError(["Tệp không phải là bảng tính (.xlsx) hay tệp văn bản CSV."])
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SpreadsheetError(
            ["Tệp CSV phải được lưu với mã UTF-8 (Excel: “CSV UTF-8 (Comma delimited)”)."]
        ) from exc
    first_line = text.split("\n", 1)[0]
    delimiter = max([",", ";", "\t"], key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = []
    try:
        for number, values in enumerate(reader, start=1):
            rows.append((number, [_cell_value(v) for v in values], {"formulas": []}))
            if number > MAX_ROWS + 1 + ROW_SLACK:
                raise SpreadsheetError(
                    [f"Tệp có hơn {MAX_ROWS} dòng, vượt giới hạn của một kế hoạch."]
                )
            if len(values) > MAX_COLUMNS and any(v.strip() for v in values[MAX_COLUMNS:]):
                check_bounds(0, len(values), MAX_ROWS, PLAN_LIMIT)
    except csv.Error as exc:
        raise SpreadsheetError([f"Tệp CSV không đúng định dạng: {exc}."]) from exc
    return rows, []


def read_sheet(content: bytes, filename: str) -> RawSheet:
    """Read an uploaded .xlsx or .csv; raise SpreadsheetError listing every file-level problem.

    File-level problems: not a spreadsheet, empty, too many rows, header without a required
    column, merged cells, formulas (values computed by Excel are not stored reliably in the file
    and a formula copied between plans silently changes meaning: the user pastes values).
    """
    check_upload_size(len(content))
    name = (filename or "").lower()
    if content[:4] == b"\xd0\xcf\x11\xe0" or name.endswith(".xls"):
        raise SpreadsheetError(
            ["Tệp Excel 97-2003 (.xls) không được hỗ trợ: hãy lưu lại dạng .xlsx."]
        )
    if content[:2] == b"PK":
        rows, merged = _read_xlsx(content)
    elif name.endswith((".xlsx", ".xlsm")):
        raise SpreadsheetError(["Tệp không phải là bảng tính Excel (.xlsx) đọc được."])
    elif not content.strip():
        raise SpreadsheetError(["Tệp trống: không có dòng nào."])
    else:
        rows, merged = _read_csv(content)

    rows = [r for r in rows if any(v not in (None, "") for v in r[1]) or r[2]["formulas"]]
    if not rows:
        raise SpreadsheetError(["Trang tính trống: không có tên cột và không có dòng nào."])
    errors: list[str] = []
    header_number, header, _ = rows[0]
    if header_number != 1:
        errors.append(f"Dòng 1 phải là dòng tên cột (tên cột đang ở dòng {header_number}).")
    positions, warnings = _header_map(header, errors)
    data = rows[1:]
    if not data and not errors:
        errors.append("Trang tính không có dòng lĩnh vực hay nhiệm vụ nào dưới dòng tên cột.")
    if len(data) > MAX_ROWS:
        raise SpreadsheetError(
            [f"Tệp có {len(data)} dòng, vượt giới hạn {MAX_ROWS} dòng của một kế hoạch."]
        )
    for row_number, column, coord in merged:
        errors.append(
            f"Dòng {row_number}, cột “{_column_title(positions, column)}”: ô gộp {coord}. "
            "Hãy bỏ gộp ô (Merge & Center) và ghi nội dung vào từng ô."
        )
    for number, _values, problems in rows:
        for column in problems["formulas"]:
            errors.append(
                f"Dòng {number}, cột “{_column_title(positions, column)}”: ô chứa công thức. "
                "Hãy dán giá trị (Paste Values) thay cho công thức."
            )
    if errors:
        raise SpreadsheetError(errors)
    sheet_rows_ = [
        SheetRow(
            number,
            {key: values[i] if i < len(values) else None for i, key in positions.items()},
        )
        for number, values, _ in data
    ]
    return RawSheet(columns=list(positions.values()), rows=sheet_rows_, warnings=warnings)
