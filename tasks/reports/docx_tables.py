"""The appendices of the Word report (Phụ lục I–III, each in its own landscape A4 section) and
the small python-docx helpers shared with `tasks.reports.docx`.

Everything here goes through python-docx's API; raw WordprocessingML is written only where
python-docx has none: a row repeated as the table header on every page (`w:tblHeader`), a row
kept on one page (`w:cantSplit`) and the page numbering restarted in a section (`w:pgNumType`).
"""

from __future__ import annotations

import re

from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

FONT = "Times New Roman"
TABLE_TEXT = "Report Table Text"  # paragraph style of table cells (11 pt, single spacing)
APPENDIX_MARGINS_MM = (20, 20, 20, 15)  # top, bottom, left, right
LANDSCAPE_WIDTH_MM = 297 - 20 - 15

NO_RESULT = "Chưa có báo cáo"
AGENCY_NOTE = (
    "Ghi chú: Mỗi cơ quan được tính theo nhiệm vụ hoặc nội dung do cơ quan đó chủ trì; nhiệm vụ "
    "có nhiều cơ quan chủ trì được tính cho từng cơ quan, nên cộng các dòng có thể lớn hơn số "
    "nhiệm vụ của kế hoạch (dòng cuối)."
)

# Characters XML 1.0 cannot hold (a pasted form feed would make python-docx raise).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


# -- text ------------------------------------------------------------------------------------


def clean(text: object) -> str:
    return _NOT_XML.sub("", str(text or ""))


def add_text(paragraph, text, *, bold=None, italic=None, size=None):
    """A run of plain text (never markup) with optional direct formatting."""
    run = paragraph.add_run(clean(text))
    run.bold, run.italic = bold, italic
    if size:
        run.font.size = Pt(size)
    return run


def write_lines(cell, lines, *, bold=None, italic=None, align=None, indent_mm=0):
    """The cell's text, one paragraph per line, in the table text style; the cell's first
    (empty) paragraph is reused."""
    for index, line in enumerate(lines):
        paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
        paragraph.style = TABLE_TEXT
        if align is not None:
            paragraph.alignment = align
        if indent_mm:
            paragraph.paragraph_format.left_indent = Mm(indent_mm)
        add_text(paragraph, line, bold=bold, italic=italic)


# -- tables ----------------------------------------------------------------------------------


def new_table(container, widths_mm, style=None, align=None):
    """A one-row table with fixed column widths (Word reads the cells', LibreOffice the grid's)."""
    table = container.add_table(rows=1, cols=len(widths_mm))
    if style:
        table.style = style
    table.autofit = False
    if align is not None:
        table.alignment = align
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)
        for cell in column.cells:
            cell.width = Mm(width)
    return table


def _row_flag(row, tag: str) -> None:
    flag = OxmlElement(tag)
    flag.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(flag)


def keep_row_together(row) -> None:
    """The row is never split across two pages."""
    _row_flag(row, "w:cantSplit")


def repeat_as_header(row) -> None:
    """The row is printed again at the top of every page the table runs onto. (Called after
    keep_row_together: the schema orders cantSplit before tblHeader.)"""
    _row_flag(row, "w:tblHeader")


def header_row(table, labels) -> None:
    row = table.rows[0]
    keep_row_together(row)
    repeat_as_header(row)
    for cell, label in zip(row.cells, labels, strict=True):
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        write_lines(cell, [label], bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)


def body_row(table, columns) -> None:
    """A row from one list of lines per column (or a single string)."""
    row = table.add_row()
    keep_row_together(row)
    for cell, lines in zip(row.cells, columns, strict=True):
        write_lines(cell, [lines] if isinstance(lines, str) else lines)


def spanning_row(table, text, *, bold=True, italic=None) -> None:
    """One cell across the whole table: an area heading, or "no data"."""
    row = table.add_row()
    keep_row_together(row)
    cell = row.cells[0].merge(row.cells[-1])
    write_lines(cell, [text], bold=bold, italic=italic)


# -- sections --------------------------------------------------------------------------------


def restart_page_numbers(section) -> None:
    sectPr = section._sectPr
    for old in sectPr.findall(qn("w:pgNumType")):
        sectPr.remove(old)
    numbering = OxmlElement("w:pgNumType")
    numbering.set(qn("w:start"), "1")
    # w:pgNumType comes after the page size, margins and borders and before the columns.
    sectPr.insert_element_before(
        numbering,
        *("w:cols", "w:formProt", "w:vAlign", "w:noEndnote", "w:titlePg", "w:textDirection"),
        *("w:bidi", "w:rtlGutter", "w:docGrid", "w:printerSettings", "w:sectPrChange"),
    )


def landscape_section(doc):
    """A new A4 landscape section, numbered from 1 (the number shown from its second page)."""
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    top, bottom, left, right = APPENDIX_MARGINS_MM
    section.top_margin, section.bottom_margin = Mm(top), Mm(bottom)
    section.left_margin, section.right_margin = Mm(left), Mm(right)
    restart_page_numbers(section)
    return section


def appendix_heading(doc, numeral: str, title: str, reference: str) -> None:
    for text, bold, italic in (
        (f"Phụ lục {numeral}", True, None),
        (title, True, None),
        (reference, None, True),
    ):
        paragraph = doc.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.keep_with_next = True
        add_text(paragraph, text, bold=bold, italic=italic)
    doc.paragraphs[-1].paragraph_format.space_after = Pt(12)


# -- Phụ lục I: every task -------------------------------------------------------------------

TASK_COLUMNS = (
    ("STT", 13),
    ("Nhiệm vụ", 56),
    ("Cơ quan chủ trì", 28),
    ("Cơ quan phối hợp", 28),
    ("Thời hạn", 23),
    ("Kết quả thực hiện", 45),
    ("Tình trạng", 22),
    ("Căn cứ đánh giá", 47),
)
SUB_TASK_INDENT_MM = 4


def _task_cells(row) -> list[list[str]]:
    task, classified = row.task, row.classified
    what = [task.title]
    if task.products:
        what.append(f"Sản phẩm: {task.products}")
    when = [task.deadline_text or "—"]
    if classified.due_date:
        when.append(f"Hạn: {classified.due_date:%d/%m/%Y}")
    basis = [row.reason] + ([f"Lưu ý: {row.problem}"] if row.problem else [])
    return [
        [task.display_code or "—"],
        what,
        [row.lead_names or "—"],
        [row.partner_names],
        when,
        row.result_text.splitlines() or [NO_RESULT],
        [classified.status_label],
        basis,
    ]


def _task_row(table, row) -> None:
    cells = table.add_row()
    keep_row_together(cells)
    columns = _task_cells(row)
    for index, (cell, lines) in enumerate(zip(cells.cells, columns, strict=True)):
        indent = SUB_TASK_INDENT_MM * row.depth if index == 1 else 0
        italic = True if index == 5 and not row.result_text else None
        write_lines(cell, lines, italic=italic, indent_mm=indent)


def task_appendix(doc, document, numeral: str) -> None:
    report = document.report
    title = (
        "KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH "
        f"{report.period.cumulative_label.upper()}"
    )
    appendix_heading(doc, numeral, title, document.frame.appendix_reference)
    widths = [w for _, w in TASK_COLUMNS]
    table = new_table(doc, widths, style="Table Grid", align=WD_TABLE_ALIGNMENT.CENTER)
    header_row(table, [label for label, _ in TASK_COLUMNS])
    for area, rows in report.rows_by_area():
        spanning_row(table, str(area))
        for row in rows:
            _task_row(table, row)


# -- Phụ lục II: targets ---------------------------------------------------------------------

TARGET_COLUMNS = (
    ("STT", 14),
    ("Chỉ tiêu", 110),
    ("Chỉ tiêu đặt ra", 36),
    ("Kết quả", 36),
    ("Kỳ số liệu", 26),
    ("Đánh giá", 40),
)


def target_appendix(doc, document, numeral: str) -> None:
    report = document.report
    title = f"KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU {report.period.cumulative_label.upper()}"
    appendix_heading(doc, numeral, title, document.frame.appendix_reference)
    table = new_table(
        doc, [w for _, w in TARGET_COLUMNS], style="Table Grid", align=WD_TABLE_ALIGNMENT.CENTER
    )
    header_row(table, [label for label, _ in TARGET_COLUMNS])
    if not report.targets:
        spanning_row(table, "Kế hoạch chưa có chỉ tiêu.", bold=None, italic=True)
    for target in report.targets:
        indicator, latest_period = target.indicator, target.latest_period
        body_row(
            table,
            [
                indicator.display_code,
                indicator.clause or indicator.statement,
                target.target_label,
                target.latest_label or "Chưa có số liệu",
                latest_period.label if latest_period else "",
                target.met_label,
            ],
        )


# -- Phụ lục III: by lead agency -------------------------------------------------------------


def agency_appendix(doc, document, numeral: str) -> None:
    report = document.report
    title = (
        "TÌNH HÌNH THỰC HIỆN NHIỆM VỤ THEO CƠ QUAN CHỦ TRÌ "
        f"{report.period.cumulative_label.upper()}"
    )
    appendix_heading(doc, numeral, title, document.frame.appendix_reference)
    classes = [label for _, label, _, _ in report.counts.cells()]
    with_cancelled = report.counts.cancelled or any(c.cancelled for _, c in report.by_agency)
    labels = ["STT", "Cơ quan chủ trì", *classes, "Tổng số"]
    labels += ["Không thực hiện"] if with_cancelled else []
    count_width = (LANDSCAPE_WIDTH_MM - 12 - 70) / (len(labels) - 2)
    table = new_table(
        doc,
        [12, 70] + [count_width] * (len(labels) - 2),
        style="Table Grid",
        align=WD_TABLE_ALIGNMENT.CENTER,
    )
    header_row(table, labels)

    def numbers(counts) -> list[str]:
        values = [n for _, _, n, _ in counts.cells()] + [counts.total]
        return [str(n) for n in values] + ([str(counts.cancelled)] if with_cancelled else [])

    for index, (agency, counts) in enumerate(report.by_agency, start=1):
        body_row(table, [str(index), agency.name, *numbers(counts)])
    body_row(table, ["", "Toàn kế hoạch (mỗi nhiệm vụ tính một lần)", *numbers(report.counts)])
    for row in table.rows[1:]:
        for cell in row.cells[2:]:
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    for cell in table.rows[-1].cells:
        for run in cell.paragraphs[0].runs:
            run.bold = True
    note = doc.add_paragraph()
    note.paragraph_format.space_before = Pt(6)
    add_text(note, AGENCY_NOTE, italic=True, size=12)


def add_appendices(doc, document) -> None:
    for numeral, appendix in (
        ("I", task_appendix),
        ("II", target_appendix),
        ("III", agency_appendix),
    ):
        landscape_section(doc)
        appendix(doc, document, numeral)
