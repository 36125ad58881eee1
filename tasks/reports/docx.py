"""The quarterly report as a Word document laid out per Decree 30/2020/NĐ-CP, Appendix I.

`render_docx(document)` returns the .docx bytes of a `ReportDocument`: A4 portrait, Times New
Roman 14 pt, margins 20/20/30/15 mm, the two-column header (issuing body and number on the
left, Quốc hiệu and tiêu ngữ with the place and date on the right), "BÁO CÁO" and the trích
yếu, the numbered sections, "Nơi nhận" and the signature block, page numbers centred at the top
from page 2; then the appendices in landscape sections (tasks.reports.docx_tables). A draft
carries a notice and its warnings at the top. The same document always gives the same bytes.
"""

from __future__ import annotations

import datetime
import io
import zipfile

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from tasks.reports.document import MOTTO, NATION, ReportDocument, Section
from tasks.reports.docx_tables import (
    FONT,
    TABLE_TEXT,
    add_appendices,
    add_text,
    keep_row_together,
    new_table,
)

BODY = "Report Body"
HEADINGS = ("Report Heading 1", "Report Heading 2", "Report Heading 3")
RULE = "Report Rule"
TEXT_WIDTH_MM = 210 - 30 - 15
CELL_PADDING_MM = 2 * 1.9  # Word's default left and right cell margins
HEADER_COLUMNS_MM = (62, TEXT_WIDTH_MM - 62)
CLOSING_COLUMNS_MM = (72, TEXT_WIDTH_MM - 72)
DRAFT_NOTICE = "DỰ THẢO — chưa chốt số liệu, không dùng để ký ban hành"
DRAFT_COLOUR = RGBColor(0xC0, 0x00, 0x00)


def render_docx(document: ReportDocument) -> bytes:
    doc = Document()
    _set_up_styles(doc)
    _set_up_page(doc.sections[0])
    if not document.final:
        _draft_notice(doc, document.notes)
    _letterhead(doc, document.frame)
    _title(doc, document)
    _recipients(doc, document.frame.recipients)
    for section in document.sections:
        _section(doc, section, level=0)
    _closing(doc, document.frame)
    add_appendices(doc, document)
    stamp = _stamp(document)
    _set_properties(doc, document, stamp)
    return _save(doc, stamp)


# -- styles and page -------------------------------------------------------------------------


def _set_fonts(rPr) -> None:
    """Times New Roman for every script, so Vietnamese never falls back to a theme font."""
    fonts = rPr.get_or_add_rFonts()
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)
    for script in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(script), FONT)


def _paragraph_style(doc, name, *, size=None, bold=None, italic=None):
    style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = doc.styles["Normal"]
    style.font.bold, style.font.italic = bold, italic
    if size:
        style.font.size = Pt(size)
    return style


def _set_up_styles(doc) -> None:
    defaults = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))
    rPr = defaults.find(qn("w:rPr"))
    _set_fonts(rPr)
    language = rPr.find(qn("w:lang"))
    if language is not None:
        language.set(qn("w:val"), "vi-VN")  # proofing in Vietnamese
    normal = doc.styles["Normal"]
    _set_fonts(normal.element.get_or_add_rPr())
    normal.font.size = Pt(14)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.0

    body = _paragraph_style(doc, BODY)
    body.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    body.paragraph_format.first_line_indent = Mm(12.7)
    body.paragraph_format.line_spacing = 1.15
    body.paragraph_format.space_after = Pt(6)
    for level, name in enumerate(HEADINGS, start=1):  # "I.", "1.": bold; "a)": bold italic
        heading = _paragraph_style(doc, name, bold=True, italic=True if level == 3 else None)
        heading.base_style = body
        heading.paragraph_format.keep_with_next = True

    table_text = _paragraph_style(doc, TABLE_TEXT, size=11)
    table_text.paragraph_format.space_before = Pt(2)
    table_text.paragraph_format.space_after = Pt(2)
    _add_rule_style(doc)


def _add_rule_style(doc) -> None:
    """A short horizontal rule: an empty 2 pt paragraph with a bottom border, made as long as
    wanted by its indents (python-docx has no border API)."""
    rule = _paragraph_style(doc, RULE, size=2)
    border = OxmlElement("w:bottom")
    for key, value in (("val", "single"), ("sz", "6"), ("space", "1"), ("color", "auto")):
        border.set(qn(f"w:{key}"), value)
    borders = OxmlElement("w:pBdr")
    borders.append(border)
    rule.element.get_or_add_pPr().append(borders)
    rule.paragraph_format.space_after = Pt(2)


def _set_up_page(section) -> None:
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.header_distance = section.footer_distance = Mm(10)
    # Decree 30: numbered from 1, centred at the top, the number not shown on the first page.
    section.different_first_page_header_footer = True
    section.first_page_header.is_linked_to_previous = False
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_field(paragraph)


def _field_char(kind: str):
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    return char


def _page_field(paragraph) -> None:
    """A PAGE field, the printed page number (python-docx has no field API)."""
    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = " PAGE "
    for element in (_field_char("begin"), instruction, _field_char("separate")):
        paragraph.add_run()._r.append(element)
    paragraph.add_run("2")  # what shows until the field is updated
    paragraph.add_run()._r.append(_field_char("end"))
    for run in paragraph.runs:
        run.font.size = Pt(13)


# -- the parts of the document ---------------------------------------------------------------


def _centred(container, text="", *, bold=None, italic=None, size=None, before=0):
    paragraph = container.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_before = Pt(before)
    if text:
        add_text(paragraph, text, bold=bold, italic=italic, size=size)
    return paragraph


def _rule(container, length_mm: float, width_mm: float) -> None:
    """A centred rule of `length_mm` in a space `width_mm` wide."""
    length = min(length_mm, width_mm)
    paragraph = container.add_paragraph(style=RULE)
    indent = Mm((width_mm - length) / 2)
    paragraph.paragraph_format.left_indent = paragraph.paragraph_format.right_indent = indent


def _text_length_mm(text: str, size: float) -> float:
    """About how long a line of bold Times New Roman is: an average glyph is 0.65 em wide in
    capitals, 0.475 em in mixed case (measured on the printed Quốc hiệu and tiêu ngữ)."""
    em = 0.65 if text.isupper() else 0.475
    return len(text) * size * em * 25.4 / 72


def _first_paragraph(cell, text, **formatting):
    paragraph = cell.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    add_text(paragraph, text, **formatting)
    return paragraph


def _draft_notice(doc, notes) -> None:
    paragraph = doc.add_paragraph()
    add_text(paragraph, DRAFT_NOTICE, bold=True, italic=True, size=11).font.color.rgb = DRAFT_COLOUR
    for note in notes:
        line = doc.add_paragraph()
        add_text(line, f"- {note}", italic=True, size=11).font.color.rgb = DRAFT_COLOUR
    doc.paragraphs[-1].paragraph_format.space_after = Pt(6)


def _letterhead(doc, frame) -> None:
    table = new_table(doc, HEADER_COLUMNS_MM)
    left, right = table.rows[0].cells
    left_width, right_width = (w - CELL_PADDING_MM for w in HEADER_COLUMNS_MM)

    lines = [(frame.parent_body.upper(), None)] if frame.parent_body else []
    lines += [(line.upper(), True) for line in frame.issuing_body]
    for index, (line, bold) in enumerate(lines):
        paragraph = left.paragraphs[0] if index == 0 else _centred(left)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        add_text(paragraph, line, bold=bold, size=13)
    last = lines[-1][0] if lines else ""
    _rule(left, 0.4 * _text_length_mm(last, 13), left_width)
    _centred(left, frame.number_line, size=13, before=4)

    _first_paragraph(right, NATION.upper(), bold=True, size=12)
    _centred(right, MOTTO, bold=True, size=13)
    _rule(right, _text_length_mm(MOTTO, 13), right_width)
    _centred(right, frame.place_date_line, italic=True, size=14, before=4)


def _title(doc, document) -> None:
    _centred(doc, document.title, bold=True, size=14, before=18)
    subject = _centred(doc, document.frame.subject, bold=True, size=14)
    subject.paragraph_format.keep_with_next = True
    length = _text_length_mm(document.frame.subject, 14)
    _rule(doc, min(length, TEXT_WIDTH_MM) / 3, TEXT_WIDTH_MM)
    doc.paragraphs[-1].paragraph_format.space_after = Pt(12)


def _recipients(doc, recipients) -> None:
    """ "Kính gửi: X." on one line for one recipient, else one "- X;" line each."""
    if not recipients:
        return
    if len(recipients) == 1:
        _centred(doc, f"Kính gửi: {recipients[0].rstrip(';.')}.", size=14)
    else:
        _centred(doc, "Kính gửi:", size=14)
        for index, recipient in enumerate(recipients, start=1):
            mark = "." if index == len(recipients) else ";"
            paragraph = doc.add_paragraph()
            paragraph.paragraph_format.left_indent = Mm(50)
            add_text(paragraph, f"- {recipient.rstrip(';.')}{mark}")
    doc.paragraphs[-1].paragraph_format.space_after = Pt(12)


def _numbered(numeral: str, heading: str) -> str:
    """ "I" + "Công tác chỉ đạo" → "I. Công tác chỉ đạo"; "a)" stays "a) …"."""
    if not numeral:
        return heading
    if numeral.endswith(")"):
        return f"{numeral} {heading}"
    return f"{numeral.rstrip('.')}. {heading}"


def _section(doc, section: Section, level: int) -> None:
    heading = doc.add_paragraph(style=HEADINGS[min(level, len(HEADINGS) - 1)])
    add_text(heading, _numbered(section.numeral, section.heading))
    for text in section.paragraphs:
        add_text(doc.add_paragraph(style=BODY), text)
    for subsection in section.subsections:
        _section(doc, subsection, level + 1)


def _closing(doc, frame) -> None:
    """ "Nơi nhận" on the left, the signature block on the right, on one page."""
    table = new_table(doc, CLOSING_COLUMNS_MM)
    keep_row_together(table.rows[0])
    left, right = table.rows[0].cells

    received = left.paragraphs[0]
    received.paragraph_format.space_before = Pt(12)
    add_text(received, "Nơi nhận:", bold=True, italic=True, size=12)
    for line in frame.distribution:
        add_text(left.add_paragraph(), line, size=11)

    signer = frame.signer_lines or ("",)
    first = _first_paragraph(right, signer[0].upper(), bold=True, size=14)
    first.paragraph_format.space_before = Pt(12)
    for line in signer[1:]:
        _centred(right, line.upper(), bold=True, size=14)
    # The space for the signature and the seal.
    _centred(right, frame.signer_name, bold=True, size=14, before=80)
    for paragraph in right.paragraphs:
        paragraph.paragraph_format.keep_with_next = True


# -- a reproducible file ---------------------------------------------------------------------


def _stamp(document) -> datetime.datetime:
    """The document's own date (or its data cut-off): no clock time goes into the file."""
    day = document.frame.date or getattr(document.report, "as_of", None)
    day = day or datetime.date(1980, 1, 1)
    return datetime.datetime(day.year, day.month, day.day)  # python-docx writes it as UTC


def _set_properties(doc, document, stamp: datetime.datetime) -> None:
    properties = doc.core_properties
    properties.title = f"{document.title} {document.frame.subject}".strip()
    properties.subject = document.frame.subject
    properties.author = document.frame.issuing_body_short
    properties.last_modified_by = document.frame.issuing_body_short
    properties.comments = "" if document.final else DRAFT_NOTICE
    properties.language = "vi-VN"
    properties.revision = 1
    properties.created = properties.modified = stamp


def _save(doc, stamp: datetime.datetime) -> bytes:
    """Save, then rewrite the zip with a fixed date on every member (zipfile would otherwise
    stamp each with the current time)."""
    raw = io.BytesIO()
    doc.save(raw)
    when = (max(stamp.year, 1980), stamp.month, stamp.day, 0, 0, 0)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(raw) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for member in source.infolist():
            info = zipfile.ZipInfo(member.filename, date_time=when)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(member.filename))
    return out.getvalue()
