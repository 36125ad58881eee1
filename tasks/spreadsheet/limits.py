"""Limits checked on an uploaded spreadsheet before any library parses it.

An .xlsx is a zip: a 250 KB upload can hold a sheet of 2,000 × 4,096 cells that takes a minute
of CPU and gigabytes of memory to load. So, in this order and each cheaper than the next:

1. `check_package_size`: the uncompressed sizes declared in the zip directory (Python's zipfile
   never inflates a member beyond its declared size, so the directory is a real bound), per
   part and in total, and the number of parts.
2. `scan_sheet`: one streaming pass over the sheet XML (no cell objects kept) that finds the
   last row and column holding a value, and the merged ranges (`read_only` loading does not
   expose them).
3. Only then openpyxl, in `read_only` mode, reads the rows within those bounds.

`check_upload` applies the same limits to a file the task import does not read itself (the
actuals import, parsed by django-import-export).
"""

from __future__ import annotations

import csv
import io
import math
import re
import zipfile
from dataclasses import dataclass, field
from xml.etree.ElementTree import ParseError, iterparse

from django.conf import settings

from tasks.spreadsheet.columns import MAX_COLUMNS, MAX_ROWS, SpreadsheetError

# Uncompressed. A 2,000-row sheet of the template is about 1 MB; its texts (shared strings)
# may be much longer. Reading a 4 MB sheet of empty formatted cells takes about 2 s.
MAX_SHEET_BYTES = 4 * 1024 * 1024
MAX_PART_BYTES = 16 * 1024 * 1024  # any other part (shared strings, styles…)
MAX_UNCOMPRESSED_BYTES = 40 * 1024 * 1024
MAX_PARTS = 200
# Rows read past the limit before concluding: empty rows between data are tolerated.
ROW_SLACK = 50

NOT_XLSX = (
    "Tệp không phải là bảng tính Excel (.xlsx) đọc được: hãy lưu lại bằng Excel dạng "
    "“Excel Workbook (.xlsx)”."
)
_CELL_REF = re.compile(r"^([A-Z]{1,3})(\d+)$")


def upload_max_bytes() -> int:
    """The largest upload an import accepts: settings.IMPORT_MAX_BYTES, the number the request
    size limit of the middleware is derived from."""
    return settings.IMPORT_MAX_BYTES


def megabytes(size: int) -> str:
    """Size in MB to one decimal, rounded up (a size over a limit never reads as equal)."""
    text = f"{math.ceil(size * 10 / (1024 * 1024)) / 10:.1f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def check_upload_size(size: int) -> None:
    limit = upload_max_bytes()
    if size > limit:
        raise SpreadsheetError(
            [
                f"Tệp lớn {megabytes(size)} MB, vượt giới hạn {megabytes(limit)} MB của một lần "
                "tải lên."
            ]
        )


def check_package_size(content: bytes) -> None:
    """Refuse a zip whose parts are too many or too big once uncompressed."""
    try:
        infos = zipfile.ZipFile(io.BytesIO(content)).infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise SpreadsheetError([NOT_XLSX]) from exc
    if len(infos) > MAX_PARTS:
        raise SpreadsheetError(
            [f"Tệp có {len(infos)} phần bên trong, không phải một bảng tính bình thường."]
        )
    total = sum(info.file_size for info in infos)
    problem = None
    if total > MAX_UNCOMPRESSED_BYTES:
        problem = f"({megabytes(total)} MB, tối đa {megabytes(MAX_UNCOMPRESSED_BYTES)} MB)"
    for info in infos:
        sheet = info.filename.startswith("xl/worksheets/")
        cap = MAX_SHEET_BYTES if sheet else MAX_PART_BYTES
        if problem is None and info.file_size > cap:
            what = "một trang tính" if sheet else f"phần “{info.filename[:60]}”"
            problem = f"({what} {megabytes(info.file_size)} MB, tối đa {megabytes(cap)} MB)"
    if problem:
        raise SpreadsheetError(
            [
                f"Tệp quá lớn sau khi giải nén {problem}. Trang tính có thể chứa định dạng hoặc "
                "dữ liệu thừa ở rất nhiều ô: hãy chép riêng bảng cần nhập sang một tệp mới."
            ]
        )


@dataclass
class SheetScan:
    max_row: int = 0  # last row holding a value (1-based; 0 when none)
    max_column: int = 0  # last column holding a value (1-based)
    merged: list[str] = field(default_factory=list)  # ranges as written, "B2:E2"


def _column_number(letters: str) -> int:
    number = 0
    for char in letters:
        number = number * 26 + ord(char) - 64
    return number


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def scan_sheet(stream) -> SheetScan:
    """One streaming pass over a worksheet's XML; keeps no cell, only the bounds and merges."""
    scan = SheetScan()
    row, column = 0, 0
    sheet_data = None
    try:
        # The part's size is bounded (check_package_size) and expat >= 2.4.1 refuses entity
        # amplification ("billion laughs"); openpyxl parses the same part with the same parser.
        for event, elem in iterparse(stream, events=("start", "end")):  # noqa: S314
            name = _local(elem.tag)
            if event == "start":
                if name == "sheetData":
                    sheet_data = elem
                elif name == "row":
                    row = int(elem.get("r") or row + 1)
                    column = 0
                elif name == "mergeCell" and elem.get("ref"):
                    scan.merged.append(elem.get("ref"))
                continue
            if name == "c":
                match = _CELL_REF.match(elem.get("r") or "")
                column = _column_number(match.group(1)) if match else column + 1
                if any(_local(child.tag) in ("v", "f", "is") for child in elem):
                    scan.max_row = max(scan.max_row, row)
                    scan.max_column = max(scan.max_column, column)
            elif name == "row" and sheet_data is not None:
                sheet_data.clear()  # finished rows are not kept
    except (ParseError, ValueError) as exc:
        raise SpreadsheetError(["Tệp .xlsx bị hỏng, không đọc được."]) from exc
    return scan


def check_bounds(max_row: int, max_column: int, max_rows: int = MAX_ROWS, of: str = "") -> None:
    """Refuse a sheet with values beyond the row or column limit (row 1 is the header).

    `of` names what the limit is for (" của một kế hoạch")."""
    if max_row > max_rows + 1 + ROW_SLACK:
        raise SpreadsheetError(
            [
                f"Tệp có {max_row - 1} dòng, vượt giới hạn {max_rows} dòng{of}. Hãy kiểm tra "
                "lại trang tính (có thể đã dán nhầm dữ liệu)."
            ]
        )
    if max_column > MAX_COLUMNS:
        raise SpreadsheetError(
            [
                f"Trang tính có dữ liệu đến cột thứ {max_column}, vượt giới hạn {MAX_COLUMNS} "
                "cột. Hãy xoá các cột thừa hoặc chép riêng bảng cần nhập sang một tệp mới."
            ]
        )


def first_sheet_scan(content: bytes, sheet_path: str | None = None) -> SheetScan:
    """Scan the first worksheet of an .xlsx (its part found through openpyxl when not given)."""
    if sheet_path is None:
        from openpyxl import load_workbook

        workbook = load_workbook(io.BytesIO(content), read_only=True)
        try:
            sheet_path = workbook.worksheets[0]._worksheet_path
        finally:
            workbook.close()
    with zipfile.ZipFile(io.BytesIO(content)) as archive, archive.open(sheet_path) as stream:
        return scan_sheet(stream)


def check_upload(content: bytes, max_rows: int) -> None:
    """All limits for an upload read by another library: size, zip, rows and columns.

    Raises SpreadsheetError. A file that is neither an .xlsx nor text is left to the reader.
    """
    check_upload_size(len(content))
    if content[:2] == b"PK":
        check_package_size(content)
        try:
            scan = first_sheet_scan(content)
        except SpreadsheetError:
            raise
        except Exception as exc:  # openpyxl raises many kinds on a broken package
            raise SpreadsheetError([NOT_XLSX]) from exc
        check_bounds(scan.max_row, scan.max_column, max_rows)
        return
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return
    rows = 0
    try:
        for values in csv.reader(io.StringIO(text, newline="")):
            rows += 1
            if len(values) > MAX_COLUMNS and any(v.strip() for v in values[MAX_COLUMNS:]):
                check_bounds(rows, len(values), max_rows)
            if rows > max_rows + 1 + ROW_SLACK:
                raise SpreadsheetError(
                    [f"Tệp có hơn {max_rows} dòng, vượt giới hạn {max_rows} dòng."]
                )
    except csv.Error:
        return
