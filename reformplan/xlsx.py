"""The one XLSX renderer: plain sheet specs in, an .xlsx file (bytes) out.

Exporters (`<app>/exports.py`) describe a workbook as data — `Sheet`s made of header `Line`s and
`Table`s of `Row`s holding plain values (str, int, float, Decimal, date, None) — and never touch
openpyxl; this module is the only place that does. Every sheet is laid out the way Vietnamese
administrative reports are printed: Times New Roman, wrapped text, bold merged header lines,
A4 landscape fitted to the page width, the table's column header frozen and repeated on every
printed page.

Text is always written as text: a value such as "=SUM(A1)", "+84 912…", "-" or "@x" typed by a
user is stored as a string cell (never a formula, never an error code), so a report cannot carry
a formula into the reader's Excel.
"""

from __future__ import annotations

import datetime
import io
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

FONT_NAME = "Times New Roman"
HEADER_SIZE = 12
BODY_SIZE = 11
DATE_FORMAT = "dd/mm/yyyy"
# Excel refuses longer cell texts.
MAX_TEXT = 32_000

# Row kinds (Row.kind).
NORMAL = ""
AREA = "area"  # a heading row: bold, its second value merged across the rest of the table
CHILD = "child"  # a sub-item: its title column indented
TOTAL = "total"  # a total row: bold


@dataclass(frozen=True)
class Line:
    """One merged header line above the tables; with `right`, the row is split in two halves
    (the issuing body on the left, the national motto on the right)."""

    text: str
    right: str = ""
    bold: bool = True
    italic: bool = False


@dataclass(frozen=True)
class Row:
    values: Sequence
    kind: str = NORMAL


@dataclass
class Table:
    columns: Sequence[str]
    rows: Sequence[Row]
    caption: str = ""  # a bold line above the table
    title_column: int = 1  # the column indented on CHILD rows (0-based)
    number_formats: dict[int, str] = field(default_factory=dict)  # column → Excel format
    # Freeze the column header row and repeat it on every printed page (one table per sheet).
    repeat_header: bool = False


@dataclass
class Sheet:
    title: str
    widths: Sequence[float]
    header: Sequence[Line] = ()
    tables: Sequence[Table] = ()


_THIN = Side(style="thin")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_FILL = PatternFill("solid", fgColor="D9D9D9")
_FONTS = {
    (size, bold, italic): Font(name=FONT_NAME, size=size, bold=bold, italic=italic)
    for size in (HEADER_SIZE, BODY_SIZE)
    for bold in (False, True)
    for italic in (False, True)
}
_CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
_LEFT = Alignment(horizontal="left", vertical="top", wrap_text=True)
_LEFT_MIDDLE = Alignment(horizontal="left", vertical="center", wrap_text=True)
_INDENTED = Alignment(horizontal="left", vertical="top", wrap_text=True, indent=2)
_NUMBER = Alignment(horizontal="center", vertical="top", wrap_text=True)
_LINE_HEIGHT = 15.75  # points per line of 11–12 pt Times New Roman


def render_workbook(sheets: Sequence[Sheet]) -> bytes:
    """The workbook with one worksheet per `Sheet`, as the bytes of an .xlsx file."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for sheet in sheets:
        _write_sheet(workbook.create_sheet(sheet.title[:31]), sheet)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _write_sheet(ws, sheet: Sheet) -> None:
    width = max([len(sheet.widths)] + [len(t.columns) for t in sheet.tables])
    widths = list(sheet.widths) + [12] * (width - len(sheet.widths))
    for index, column_width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = column_width
    _page_setup(ws)

    row = 1
    for line in sheet.header:
        _header_line(ws, row, line, widths)
        row += 1
    if sheet.header:
        row += 1
    for table in sheet.tables:
        row = _write_table(ws, row, table, widths) + 1


def _page_setup(ws) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages tall as needed
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.print_options.horizontalCentered = True
    ws.oddFooter.center.text = "Trang &P/&N"
    ws.oddFooter.center.font = FONT_NAME


def _header_line(ws, row: int, line: Line, widths: list[float]) -> None:
    font = _FONTS[(HEADER_SIZE, line.bold, line.italic)]
    last = len(widths)
    if line.right:
        split = max(1, last // 2 - 1) if last > 3 else 1
        spans = [(1, split, line.text), (split + 1, last, line.right)]
    else:
        spans = [(1, last, line.text)]
    lines = 1
    for first, end, text in spans:
        cell = ws.cell(row=row, column=first)
        _set_value(cell, text)
        cell.font = font
        cell.alignment = _CENTRE
        if end > first:
            ws.merge_cells(start_row=row, start_column=first, end_row=row, end_column=end)
        lines = max(lines, _line_count(text, sum(widths[first - 1 : end])))
    ws.row_dimensions[row].height = _LINE_HEIGHT * lines + 2


def _write_table(ws, row: int, table: Table, widths: list[float]) -> int:
    """Write the table from `row`; return the row after it."""
    last = len(table.columns)
    if table.caption:
        cell = ws.cell(row=row, column=1)
        _set_value(cell, table.caption)
        cell.font = _FONTS[(HEADER_SIZE, True, False)]
        cell.alignment = _LEFT_MIDDLE
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=last)
        ws.row_dimensions[row].height = _LINE_HEIGHT * _line_count(
            table.caption, sum(widths[:last])
        )
        row += 1

    header_font = _FONTS[(HEADER_SIZE, True, False)]
    lines = 1
    for column, title in enumerate(table.columns, start=1):
        cell = ws.cell(row=row, column=column)
        _set_value(cell, title)
        cell.font = header_font
        cell.alignment = _CENTRE
        cell.border = _BORDER
        cell.fill = _FILL
        lines = max(lines, _line_count(title, widths[column - 1]))
    ws.row_dimensions[row].height = _LINE_HEIGHT * lines + 4
    if table.repeat_header:
        ws.freeze_panes = ws.cell(row=row + 1, column=1)
        ws.print_title_rows = f"{row}:{row}"
    row += 1

    plain = _FONTS[(BODY_SIZE, False, False)]
    bold = _FONTS[(BODY_SIZE, True, False)]
    for item in table.rows:
        font = bold if item.kind in (AREA, TOTAL) else plain
        lines = 1
        for column in range(1, last + 1):
            index = column - 1
            value = item.values[index] if index < len(item.values) else None
            cell = ws.cell(row=row, column=column)
            _set_value(cell, value)
            cell.font = font
            cell.border = _BORDER
            if index in table.number_formats and not isinstance(value, str):
                cell.number_format = table.number_formats[index]
            if isinstance(value, int | float | Decimal | datetime.date) or index == 0:
                cell.alignment = _NUMBER
            elif item.kind == CHILD and index == table.title_column:
                cell.alignment = _INDENTED
            else:
                cell.alignment = _LEFT
            if item.kind == AREA and index > 1:
                continue  # covered by the merged heading
            span = sum(widths[1:last]) if item.kind == AREA and index == 1 else widths[index]
            lines = max(lines, _line_count(value, span))
        if item.kind == AREA and last > 2:
            ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=last)
        ws.row_dimensions[row].height = _LINE_HEIGHT * lines + 2
        row += 1
    return row


def _set_value(cell, value) -> None:
    if value is None:
        return
    if isinstance(value, bool):
        value = "Có" if value else "Không"
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        cell.value = value
        cell.number_format = DATE_FORMAT
        return
    if isinstance(value, int | float | Decimal):
        cell.value = value
        return
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))[:MAX_TEXT]
    cell.value = text
    # openpyxl reads "=…" as a formula and "#N/A" as an error: force a string cell, and mark
    # it quote-prefixed so Excel keeps it as text even after the reader edits the cell.
    cell.data_type = "s"
    if text[:1] in ("=", "+", "-", "@"):
        cell.quotePrefix = True


def _line_count(value, width: float) -> int:
    """How many printed lines a wrapped value takes in a column `width` characters wide."""
    if value is None or isinstance(value, int | float | Decimal | datetime.date):
        return 1
    per_line = max(1.0, (width - 1) * 1.25)
    return sum(max(1, math.ceil(len(part) / per_line)) for part in str(value).split("\n"))
