"""The one XLSX renderer: plain sheet specs in, an .xlsx file (bytes) out.

Exporters describe a workbook as data — `Sheet`s made of header `Line`s and `Table`s of `Row`s
holding plain values (str, int, float, Decimal, date, None), optionally with a `Chart` drawn
from a table's cells — and never touch openpyxl; this module is the only place that does.
Every sheet is laid out the way Vietnamese administrative appendices are printed: Times New
Roman (also the workbook's default font, so column widths mean the same in Excel and
LibreOffice), wrapped text, A4 landscape fitted to the page width, margins of 20 mm (15 mm on
the right), a long table's column header frozen and repeated on every printed page.

Pages are broken by the renderer itself: every row gets an explicit height (estimated from its
text, generously, so wrapped text is never cut off) and manual row breaks are placed so that a
page never ends with a heading (a table caption, its column header, an area heading row, a
header line), a short table (`Table.keep_together`) is never split, and a chart is never cut.

Text is always written as text: a value such as "=SUM(A1)", "+84 912…", "-" or "@x" typed by a
user is stored as a string cell (never a formula, never an error code), so a report cannot carry
a formula into the reader's Excel.
"""

from __future__ import annotations

import datetime
import functools
import io
import math
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.chart import BarChart, Reference
from openpyxl.chart.text import RichText
from openpyxl.drawing.text import CharacterProperties, Paragraph, ParagraphProperties
from openpyxl.drawing.text import Font as TextFont
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.worksheet.pagebreak import Break
from openpyxl.writer.excel import ExcelWriter

FONT_NAME = "Times New Roman"
HEADER_SIZE = 12
BODY_SIZE = 11
DATE_FORMAT = "dd/mm/yyyy"
# Excel refuses longer cell texts.
MAX_TEXT = 32_000
MAX_TITLE = 31  # Excel's limit on a sheet name

# Row kinds (Row.kind).
NORMAL = ""
AREA = "area"  # a heading row: bold, its second value merged across the rest of the table
CHILD = "child"  # a sub-item: its title column indented
TOTAL = "total"  # a total row: bold

# A4 landscape with the margins of an appendix (top, bottom, left, right, in mm).
MARGINS_MM = (20, 20, 20, 15)
PAGE_HEIGHT_MM = 210
POINTS_PER_MM = 72 / 25.4
# The height the renderer fills per page: the printable height, less a margin for rounding.
PAGE_BODY_PT = (PAGE_HEIGHT_MM - MARGINS_MM[0] - MARGINS_MM[1]) * POINTS_PER_MM * 0.95
CHART_WIDTH_CM = 24.0
CHART_ROW_PT = 15.0


@dataclass(frozen=True)
class Line:
    """One merged header line above the tables; with `right`, the row is split in two halves
    (the issuing body on the left, the national motto on the right), each half styled on its
    own (`right_*` default to the left half's style). `size` 0 means HEADER_SIZE."""

    text: str
    right: str = ""
    bold: bool = True
    italic: bool = False
    size: int = 0
    right_bold: bool | None = None
    right_italic: bool | None = None
    right_size: int = 0
    right_underline: bool = False  # the tiêu ngữ is underlined along its own length
    align: str = "center"  # or "left" (a note or status line)
    color: str = ""  # RGB, e.g. "C00000" for a warning
    halves: bool = False  # split in two halves even when `right` is empty


@dataclass(frozen=True)
class Row:
    values: Sequence
    kind: str = NORMAL


@dataclass(frozen=True)
class Chart:
    """A native stacked bar chart drawn under its table from the table's own cells: one bar
    per body row (total rows left out), one series per column in `series` (0-based), named by
    its column header; `categories` is the column naming the bars."""

    title: str
    series: Sequence[int]
    categories: int = 1
    colors: Sequence[str] = ()  # one RGB per series


@dataclass
class Table:
    columns: Sequence[str]
    rows: Sequence[Row]
    caption: str = ""  # a bold line above the table
    title_column: int = 1  # the column indented on CHILD rows (0-based)
    number_formats: dict[int, str] = field(default_factory=dict)  # column → Excel format
    # Freeze the column header row and repeat it on every printed page (one such table per
    # sheet: a sheet has a single print-title range, so a long table gets its own sheet).
    repeat_header: bool = False
    keep_together: bool = False  # a short table printed on one page, never split
    note: str = ""  # an italic line under the table (or alone, for a table without columns)
    chart: Chart | None = None


@dataclass
class Sheet:
    title: str
    widths: Sequence[float]
    header: Sequence[Line] = ()
    tables: Sequence[Table] = ()


_THIN = Side(style="thin")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_FILL = PatternFill("solid", fgColor="D9D9D9")
_CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
_LEFT = Alignment(horizontal="left", vertical="top", wrap_text=True)
_LEFT_MIDDLE = Alignment(horizontal="left", vertical="center", wrap_text=True)
_INDENTED = Alignment(horizontal="left", vertical="top", wrap_text=True, indent=2)
_NUMBER = Alignment(horizontal="center", vertical="top", wrap_text=True)
_SPACER_PT = 9.0  # the blank row between the header and a table, or between tables
_INVALID_TITLE = re.compile(r"[\[\]:*?/\\]")


@functools.cache
def _font(size: int, bold: bool, italic: bool, underline: bool = False, color: str = "") -> Font:
    return Font(
        name=FONT_NAME,
        size=size,
        bold=bold,
        italic=italic,
        underline="single" if underline else None,
        color=color or None,
    )


def sheet_titles(titles: Sequence[str]) -> list[str]:
    """Excel-safe sheet names for `titles`, in order: without []:*?/\\, at most 31 characters,
    unique regardless of case ("Phòng Nội vụ", "Phòng Nội vụ (2)")."""
    taken = {"history"}  # reserved by Excel
    names = []
    for title in titles:
        base = " ".join(_INVALID_TITLE.sub(" ", title).split()).strip("'").strip()
        base = base[:MAX_TITLE].rstrip() or "Trang"
        name, number = base, 2
        while name.casefold() in taken:
            suffix = f" ({number})"
            name = base[: MAX_TITLE - len(suffix)].rstrip() + suffix
            number += 1
        taken.add(name.casefold())
        names.append(name)
    return names


def render_workbook(
    sheets: Sequence[Sheet],
    *,
    stamp: datetime.datetime | None = None,
    title: str = "",
    subject: str = "",
    author: str = "",
) -> bytes:
    """The workbook with one worksheet per `Sheet`, as the bytes of an .xlsx file. With a
    `stamp`, the file is reproducible: its properties and every member of the zip carry that
    date instead of the clock's, so the same sheets give the same bytes."""
    workbook = Workbook()
    # The default font sets the unit of column widths: Times New Roman, as in the cells.
    default = Font(name=FONT_NAME, size=BODY_SIZE)
    workbook._fonts = IndexedList([default])
    workbook._named_styles["Normal"].font = default
    workbook.remove(workbook.active)
    for sheet, name in zip(sheets, sheet_titles([s.title for s in sheets]), strict=True):
        _SheetWriter(workbook.create_sheet(name), sheet).write()
    properties = workbook.properties
    properties.title, properties.subject = title or None, subject or None
    if author:
        properties.creator = properties.lastModifiedBy = author
    buffer = io.BytesIO()
    if stamp is None:
        workbook.save(buffer)
        return buffer.getvalue()
    properties.created = properties.modified = stamp
    # Workbook.save would set `modified` to the clock's time: the writer is called directly.
    ExcelWriter(workbook, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED)).save()
    return _dated(buffer.getvalue(), stamp)


def _dated(content: bytes, stamp: datetime.datetime) -> bytes:
    """The zip rewritten with `stamp`'s date on every member (zipfile writes the clock's)."""
    when = (max(stamp.year, 1980), stamp.month, stamp.day, 0, 0, 0)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(content)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=when)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = info.external_attr
            target.writestr(member, source.read(info.filename))
    return out.getvalue()


class _SheetWriter:
    def __init__(self, ws, sheet: Sheet):
        self.ws, self.sheet = ws, sheet
        width = max([len(sheet.widths)] + [len(t.columns) for t in sheet.tables])
        self.widths = list(sheet.widths) + [12] * (width - len(sheet.widths))
        self.row = 1
        self.heights: dict[int, float] = {}
        self.keep: set[int] = set()  # rows printed on the same page as the next row
        self.title_row: int | None = None  # the print-title row

    def write(self) -> None:
        if sum(t.repeat_header for t in self.sheet.tables) > 1:
            raise ValueError(f"Sheet “{self.sheet.title}”: one repeated table header at most.")
        for index, column_width in enumerate(self.widths, start=1):
            self.ws.column_dimensions[get_column_letter(index)].width = column_width
        _page_setup(self.ws)
        for line in self.sheet.header:
            self.header_line(line)
        if self.sheet.header:
            self.spacer(keep=True)
        for index, table in enumerate(self.sheet.tables):
            if index:
                self.spacer()
            self.table(table)
        self.page_breaks()

    # -- rows ---------------------------------------------------------------------------------

    def height(self, height: float, keep: bool = False) -> int:
        """Give the current row its height; return it and move to the next row."""
        row = self.row
        height = min(height, PAGE_BODY_PT * 0.9)
        self.ws.row_dimensions[row].height = round(height, 2)
        self.heights[row] = height
        if keep:
            self.keep.add(row)
        self.row += 1
        return row

    def spacer(self, keep: bool = False) -> None:
        self.height(_SPACER_PT, keep)

    def header_line(self, line: Line) -> None:
        last = len(self.widths)
        size = line.size or HEADER_SIZE
        alignment = _CENTRE if line.align == "center" else _LEFT_MIDDLE
        left_font = _font(size, line.bold, line.italic, color=line.color)
        if line.right or line.halves:
            split = max(1, last // 2 - 1) if last > 3 else 1
            right_size = line.right_size or size
            right_font = _font(
                right_size,
                line.bold if line.right_bold is None else line.right_bold,
                line.italic if line.right_italic is None else line.right_italic,
                line.right_underline,
                line.color,
            )
            spans = [
                (1, split, line.text, left_font, size),
                (split + 1, last, line.right, right_font, right_size),
            ]
        else:
            spans = [(1, last, line.text, left_font, size)]
        lines = 1
        for first, end, text, font, font_size in spans:
            cell = self.ws.cell(row=self.row, column=first)
            _set_value(cell, text)
            cell.font = font
            cell.alignment = alignment
            if end > first:
                self.ws.merge_cells(
                    start_row=self.row, start_column=first, end_row=self.row, end_column=end
                )
            span = sum(self.widths[first - 1 : end])
            lines = max(lines, _line_count(text, span, font_size, bold=font.b))
        self.height(_line_height(max(s[4] for s in spans)) * lines + 3, keep=True)

    def merged_text(self, text: str, last: int, font, keep: bool) -> None:
        cell = self.ws.cell(row=self.row, column=1)
        _set_value(cell, text)
        cell.font = font
        cell.alignment = _LEFT_MIDDLE
        if last > 1:
            self.ws.merge_cells(
                start_row=self.row, start_column=1, end_row=self.row, end_column=last
            )
        lines = _line_count(text, sum(self.widths[:last]), font.sz, bold=font.b)
        self.height(_line_height(font.sz) * lines + 3, keep=keep)

    def table(self, table: Table) -> None:
        last = max(len(table.columns), 1)
        first_row = self.row
        if table.caption:
            self.merged_text(table.caption, len(self.widths), _font(HEADER_SIZE, True, False), True)
        if not table.columns:
            if table.note:
                self.merged_text(table.note, len(self.widths), _font(BODY_SIZE, False, True), False)
            return
        header_row = self.column_header(table)
        body = [self.body_row(table, item) for item in table.rows]
        if body:
            self.keep.discard(body[-1])
        if table.note:
            self.merged_text(table.note, last, _font(BODY_SIZE, False, True), False)
        if table.keep_together:
            rows = range(first_row, self.row)
            if sum(self.heights[r] for r in rows) <= PAGE_BODY_PT:
                self.keep.update(rows[:-1])
        if table.chart is not None:
            self.chart(table, header_row, body)

    def column_header(self, table: Table) -> int:
        font = _font(HEADER_SIZE, True, False)
        lines = 1
        for column, title in enumerate(table.columns, start=1):
            cell = self.ws.cell(row=self.row, column=column)
            _set_value(cell, title)
            cell.font = font
            cell.alignment = _CENTRE
            cell.border = _BORDER
            cell.fill = _FILL
            lines = max(lines, _line_count(title, self.widths[column - 1], HEADER_SIZE, True))
        if table.repeat_header:
            self.ws.freeze_panes = self.ws.cell(row=self.row + 1, column=1)
            self.ws.print_title_rows = f"{self.row}:{self.row}"
            self.title_row = self.row
        return self.height(_line_height(HEADER_SIZE) * lines + 4, keep=True)

    def body_row(self, table: Table, item: Row) -> int:
        last = len(table.columns)
        font = _font(BODY_SIZE, item.kind in (AREA, TOTAL), False)
        lines = 1
        for column in range(1, last + 1):
            index = column - 1
            value = item.values[index] if index < len(item.values) else None
            cell = self.ws.cell(row=self.row, column=column)
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
            span = (
                sum(self.widths[1:last]) if item.kind == AREA and index == 1 else self.widths[index]
            )
            if item.kind == CHILD and index == table.title_column:
                span -= 2  # the indent
            lines = max(lines, _line_count(value, span, BODY_SIZE, bold=font.b))
        if item.kind == AREA and last > 2:
            self.ws.merge_cells(
                start_row=self.row, start_column=2, end_row=self.row, end_column=last
            )
        # An area heading never ends a page: it is kept with the first row under it.
        return self.height(_line_height(BODY_SIZE) * lines + 3, keep=item.kind == AREA)

    # -- charts ---------------------------------------------------------------------------------

    def chart(self, table: Table, header_row: int, body: list[int]) -> None:
        """The chart under the table, over rows kept on one page; its data are the table's
        body rows up to the first total row."""
        spec = table.chart
        rows = []
        for row, item in zip(body, table.rows, strict=True):
            if item.kind in (TOTAL, AREA):
                break
            rows.append(row)
        if not rows:
            return
        first, last = rows[0], rows[-1]
        bar = BarChart()
        bar.type = "bar"
        bar.grouping = "stacked"
        bar.overlap = 100
        bar.gapWidth = 60
        bar.title = spec.title
        for paragraph in bar.title.tx.rich.paragraphs:
            paragraph.pPr.defRPr = _chart_font(HEADER_SIZE, bold=True)
        for column in spec.series:
            data = Reference(self.ws, min_col=column + 1, min_row=header_row, max_row=last)
            bar.add_data(data, titles_from_data=first == header_row + 1)
        bar.set_categories(
            Reference(self.ws, min_col=spec.categories + 1, min_row=first, max_row=last)
        )
        for series, color in zip(bar.series, spec.colors, strict=False):
            series.graphicalProperties.solidFill = color
            series.graphicalProperties.line.solidFill = color
        bar.x_axis.scaling.orientation = "maxMin"  # the bars in the table's order
        bar.x_axis.delete = False
        bar.y_axis.delete = False
        bar.y_axis.number_format = "0"
        bar.y_axis.majorGridlines = None
        bar.legend.position = "b"
        for part in (bar.x_axis, bar.y_axis, bar.legend):
            part.txPr = _chart_text(BODY_SIZE - 1)
        bar.width = CHART_WIDTH_CM
        bar.height = min(16.0, 4.5 + 0.7 * len(rows))
        self.spacer()
        anchor = self.row
        count = math.ceil(bar.height / 2.54 * 72 / CHART_ROW_PT) + 1
        for _ in range(count):
            self.height(CHART_ROW_PT, keep=True)
        self.keep.discard(self.row - 1)
        self.ws.add_chart(bar, f"A{anchor}")

    # -- pages ------------------------------------------------------------------------------------

    def page_breaks(self) -> None:
        """Manual row breaks: full pages, never ending on a row kept with the next one."""
        rows = range(1, self.row)
        title = self.heights[self.title_row] if self.title_row else 0.0
        start, used = 1, 0.0
        for row in rows:
            height = self.heights.get(row, 15.0)
            repeated = title if self.title_row and start > self.title_row else 0.0
            if row == start or used + height <= PAGE_BODY_PT - repeated:
                used += height
                continue
            cut = row
            while cut - 1 > start and cut - 1 in self.keep:
                cut -= 1
            if cut - 1 in self.keep:  # the whole page is one block: cut it where it is full
                cut = row
            self.ws.row_breaks.append(Break(id=cut - 1))
            start = cut
            used = sum(self.heights.get(r, 15.0) for r in range(cut, row + 1))


def _chart_font(size: int, bold: bool = False) -> CharacterProperties:
    return CharacterProperties(latin=TextFont(typeface=FONT_NAME), sz=size * 100, b=bold)


def _chart_text(size: int) -> RichText:
    font = _chart_font(size)
    return RichText(p=[Paragraph(pPr=ParagraphProperties(defRPr=font), endParaRPr=font)])


def _page_setup(ws) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages tall as needed
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    top, bottom, left, right = (mm / 25.4 for mm in MARGINS_MM)
    ws.page_margins.top, ws.page_margins.bottom = top, bottom
    ws.page_margins.left, ws.page_margins.right = left, right
    ws.page_margins.header = ws.page_margins.footer = 0.3
    ws.print_options.horizontalCentered = True
    ws.oddFooter.center.text = "Trang &P/&N"
    ws.oddFooter.center.font = FONT_NAME


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


def _line_height(size: float) -> float:
    """Points per printed line of `size`-point Times New Roman: its line spacing is 1.15 em
    (12.7 pt at 11 pt), a little more for room."""
    return size * 1.2


# Column widths are in characters of the default font (Times New Roman 11 pt): about 5.25 pt
# each; a line of 11 pt text averages 4.6 pt a character (4.8 pt bold).
_UNIT_PT = 5.25
_CHAR_PT = {False: 4.6, True: 4.85}


def _line_count(value, width: float, size: float = BODY_SIZE, bold: bool = False) -> int:
    """How many printed lines a wrapped value takes in a column `width` characters wide,
    counted generously (a word that does not fit moves to the next line)."""
    if value is None or isinstance(value, int | float | Decimal | datetime.date):
        return 1
    per_line = max(1.0, (width * _UNIT_PT - 4) / (_CHAR_PT[bool(bold)] * size / BODY_SIZE) - 2)
    return sum(_wrapped_lines(part, per_line) for part in str(value).split("\n"))


def _wrapped_lines(text: str, per_line: float) -> int:
    """Lines of `text` wrapped at word boundaries, `per_line` characters a line."""
    lines, used = 1, 0
    for word in text.split():
        length = len(word)
        if used and used + 1 + length > per_line:
            lines += 1
            used = 0
        if used:
            used += 1
        while length > per_line:  # a word longer than the line is broken
            lines += 1
            length -= int(per_line)
        used += length
    return lines
