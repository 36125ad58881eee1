"""The quarterly report as a Word document (tasks.reports.docx), read back with python-docx and,
once, printed to PDF by LibreOffice over the real Thanh Oai 2022 plan."""

import datetime
import io
import re
import zipfile

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn

from plans.models import Plan
from plans.periods import Period
from tasks.models import AssignmentRole, Task, TaskAssignment
from tasks.reports.builder import build_report
from tasks.reports.document import MOTTO, NATION, Frame, ReportDocument, Section
from tasks.reports.docx import render_docx
from tests.documents import pdf_pages
from tests.factories import ProgressReportFactory

pytestmark = pytest.mark.django_db

Q2 = Period(2022, 2)
SUBJECT = "Kết quả thực hiện công tác cải cách hành chính 6 tháng năm 2022"
DISTRIBUTION = ("- UBND thành phố Hà Nội;", "- Sở Nội vụ thành phố;", "- Lưu: VT, NV.")
SIGNER = ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")
HEADINGS = [
    "I. Công tác chỉ đạo, điều hành",
    "II. Kết quả thực hiện các nhiệm vụ cải cách hành chính",
    "1. Cải cách thể chế",
    "2. Cải cách thủ tục hành chính",
    "III. Đánh giá chung",
    "IV. Phương hướng, nhiệm vụ quý III năm 2022",
    "V. Kiến nghị, đề xuất",
]


def _frame(**changes) -> Frame:
    values = {
        "parent_body": "",
        "issuing_body": ("ỦY BAN NHÂN DÂN", "HUYỆN THANH OAI"),
        "issuing_body_short": "UBND huyện Thanh Oai",
        "number": "125/BC-UBND",
        "place": "Thanh Oai",
        "date": datetime.date(2022, 6, 15),
        "subject": SUBJECT,
        "distribution": DISTRIBUTION,
        "signer_lines": SIGNER,
        "signer_name": "Nguyễn Văn A",
        "year": 2022,
    }
    return Frame(**{**values, **changes})


def _sections(first_text="") -> tuple[Section, ...]:
    long_text = " ".join(["Các cơ quan, đơn vị đã triển khai nhiệm vụ theo kế hoạch."] * 6)
    return (
        Section(
            "I",
            "Công tác chỉ đạo, điều hành",
            first_text
            or "UBND huyện ban hành Kế hoạch số 50/KH-UBND ngày 14/02/2022.\n" + long_text,
        ),
        Section(
            "II",
            "Kết quả thực hiện các nhiệm vụ cải cách hành chính",
            "Kết quả cụ thể như sau:",
            subsections=(
                Section("1", "Cải cách thể chế", long_text),
                Section("2", "Cải cách thủ tục hành chính", long_text + "\n" + long_text),
            ),
        ),
        Section("III", "Đánh giá chung", long_text),
        Section("IV", "Phương hướng, nhiệm vụ quý III năm 2022", long_text),
        Section("V", "Kiến nghị, đề xuất", "Không có."),
    )


def _file_reports(plan) -> None:
    """Three lead agencies report on their tasks: two done, one under way."""
    leads = (
        TaskAssignment.objects.filter(task__plan=plan, role=AssignmentRole.LEAD)
        .select_related("task", "agency")
        .order_by("task__order", "order")
    )
    firsts = list({a.task_id: a for a in reversed(leads)}.values())[-3:]
    for assignment, status in zip(firsts, ("done", "in_progress", "done"), strict=True):
        ProgressReportFactory(
            task=assignment.task,
            agency=assignment.agency,
            status=status,
            percent=100 if status == "done" else 60,
            completion_date=datetime.date(2022, 5, 20) if status == "done" else None,
            result="Đã triển khai theo kế hoạch",
            product_issued="Kế hoạch số 12/KH-UBND" if status == "done" else "",
            review_state="submitted",
        )


@pytest.fixture
def thanh_oai(loaded_plans):
    plan = Plan.objects.get(slug="thanh-oai-2022")
    _file_reports(plan)
    return plan


def _document(plan, *, final=True, notes=(), sections=None, **frame) -> ReportDocument:
    return ReportDocument(
        frame=_frame(**frame),
        title="BÁO CÁO",
        sections=sections or _sections(),
        report=build_report(plan, Q2),
        final=final,
        notes=notes,
    )


def _read(content: bytes):
    return Document(io.BytesIO(content))


def _texts(cell) -> list[str]:
    return [p.text for p in cell.paragraphs if p.text]


def _is_repeated_header(row) -> bool:
    return row._tr.trPr is not None and row._tr.trPr.find(qn("w:tblHeader")) is not None


def test_header_title_sections_and_closing_read_back_exactly(thanh_oai):
    doc = _read(render_docx(_document(thanh_oai)))

    header, closing = doc.tables[0], doc.tables[1]
    left, right = header.rows[0].cells
    assert _texts(left) == ["ỦY BAN NHÂN DÂN", "HUYỆN THANH OAI", "Số: 125/BC-UBND"]
    assert _texts(right) == [NATION, MOTTO, "Thanh Oai, ngày 15 tháng 6 năm 2022"]
    assert all(r.bold for p in left.paragraphs[:2] for r in p.runs)
    assert all(r.italic for r in right.paragraphs[-1].runs)
    texts = [p.text for p in doc.paragraphs if p.text]
    assert texts[:2] == ["BÁO CÁO", SUBJECT]
    assert [p.text for p in doc.paragraphs if p.style.name.startswith("Report Heading")] == (
        HEADINGS
    )
    received, signature = closing.rows[0].cells
    assert _texts(received) == ["Nơi nhận:", *DISTRIBUTION]
    assert _texts(signature) == [*SIGNER, "Nguyễn Văn A"]
    assert closing.rows[0]._tr.trPr.find(qn("w:cantSplit")) is not None
    assert not any("DỰ THẢO" in t for t in texts)


def test_one_portrait_a4_section_then_three_landscape_appendices(thanh_oai):
    doc = _read(render_docx(_document(thanh_oai)))

    sections = doc.sections
    assert [s.orientation for s in sections] == [WD_ORIENT.PORTRAIT] + [WD_ORIENT.LANDSCAPE] * 3
    sizes = [(round(s.page_width.mm), round(s.page_height.mm)) for s in sections]
    assert sizes == [(210, 297)] + [(297, 210)] * 3
    first = sections[0]
    margins = (first.top_margin, first.bottom_margin, first.left_margin, first.right_margin)
    assert [round(m.mm) for m in margins] == [20, 20, 30, 15]
    assert first.different_first_page_header_footer
    assert "PAGE" in first.header._element.xml
    assert [p.text for p in doc.paragraphs if p.text.startswith("Phụ lục")] == [
        "Phụ lục I",
        "Phụ lục II",
        "Phụ lục III",
    ]
    reference = _frame().appendix_reference  # "(Kèm theo Báo cáo số 125/BC-UBND ngày …)"
    assert reference.startswith("(Kèm theo Báo cáo số 125/BC-UBND ngày 15/")
    assert [p.text for p in doc.paragraphs].count(reference) == 3


def test_times_new_roman_for_every_script_and_14_pt_body(thanh_oai):
    doc = _read(render_docx(_document(thanh_oai)))

    normal = doc.styles["Normal"]
    fonts = normal.element.rPr.rFonts
    assert normal.font.name == "Times New Roman"
    assert {fonts.get(qn(f"w:{s}")) for s in ("ascii", "hAnsi", "eastAsia", "cs")} == {
        "Times New Roman"
    }
    assert normal.font.size.pt == 14
    body = [p for p in doc.paragraphs if p.style.name == "Report Body"]
    assert body
    assert all(r.font.size is None for p in body for r in p.runs)  # the style's 14 pt
    assert body[0].paragraph_format.first_line_indent is None  # from the style
    assert round(doc.styles["Report Body"].paragraph_format.first_line_indent.mm, 1) == 12.7


def test_appendices_repeat_their_header_row_and_list_every_task(thanh_oai):
    doc = _read(render_docx(_document(thanh_oai)))
    detail, targets, agencies = doc.tables[2:]

    assert [t.rows[0].cells[0].text for t in (detail, targets, agencies)] == ["STT"] * 3
    assert all(_is_repeated_header(t.rows[0]) for t in (detail, targets, agencies))
    assert not any(_is_repeated_header(r) for t in (detail, targets) for r in t.rows[1:])
    assert [c.text for c in detail.rows[0].cells] == [
        "STT",
        "Nhiệm vụ",
        "Cơ quan chủ trì",
        "Cơ quan phối hợp",
        "Thời hạn",
        "Kết quả thực hiện",
        "Tình trạng",
        "Căn cứ đánh giá",
    ]
    tasks = list(Task.objects.filter(plan=thanh_oai).select_related("parent").order_by("order"))
    areas = {str(t.area) for t in tasks}
    headings = [r for r in detail.rows[1:] if len(r._tr.tc_lst) == 1]  # spanning all columns
    task_rows = [r for r in detail.rows[1:] if len(r._tr.tc_lst) > 1]
    assert len(detail.rows) == 1 + len(tasks) + len(areas) == 1 + 38 + 7
    assert {r.cells[0].text for r in headings} == areas
    assert [r.cells[0].text for r in task_rows] == [t.display_code or "—" for t in tasks]
    filed = [r for r in task_rows if r.cells[5].text != "Chưa có báo cáo"]
    assert len(filed) == 3
    assert all("Hạn: " in r.cells[4].text for r in task_rows if "/2022" in r.cells[4].text)
    assert len(targets.rows) == 1 + thanh_oai.indicators.count()
    assert [c.text for c in agencies.rows[0].cells][-1] == "Tổng số"
    assert agencies.rows[-1].cells[1].text.startswith("Toàn kế hoạch")
    assert agencies.rows[-1].cells[-1].text == "36"


def test_same_input_gives_the_same_bytes_with_no_clock_time(thanh_oai):
    document = _document(thanh_oai)

    first, second = render_docx(document), render_docx(document)

    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as package:
        assert {i.date_time for i in package.infolist()} == {(2022, 6, 15, 0, 0, 0)}
    properties = _read(first).core_properties
    stamp = datetime.datetime(2022, 6, 15, tzinfo=datetime.UTC)
    assert properties.created == properties.modified == stamp


def test_draft_lists_its_warnings_at_the_top_and_the_final_edition_does_not(thanh_oai):
    notes = ("Còn 5 cơ quan chưa gửi báo cáo.", "Nhiệm vụ 17: thiếu cơ quan chủ trì.")

    draft = _read(render_docx(_document(thanh_oai, final=False, notes=notes)))

    top = [p.text for p in draft.paragraphs[:3]]
    assert top[0].startswith("DỰ THẢO — chưa chốt số liệu")
    assert top[1:] == [f"- {n}" for n in notes]
    final = _read(render_docx(_document(thanh_oai, notes=notes)))
    assert not any("DỰ THẢO" in p.text or "Còn 5" in p.text for p in final.paragraphs)


def test_unnumbered_undated_draft_under_a_parent_body(thanh_oai):
    content = render_docx(
        _document(thanh_oai, final=False, number="", date=None, parent_body="UBND TP. Hà Nội")
    )

    left, right = _read(content).tables[0].rows[0].cells
    assert _texts(left) == [
        "UBND TP. HÀ NỘI",
        "ỦY BAN NHÂN DÂN",
        "HUYỆN THANH OAI",
        "Số: …/BC-UBND",
    ]
    assert not any(r.bold for r in left.paragraphs[0].runs)
    assert _texts(right)[-1] == "Thanh Oai, ngày … tháng … năm 2022"
    with zipfile.ZipFile(io.BytesIO(content)) as package:  # dated by the data cut-off
        assert {i.date_time for i in package.infolist()} == {(2022, 6, 30, 0, 0, 0)}


def test_markup_and_control_characters_in_the_text_stay_plain_text(thanh_oai):
    sections = _sections(first_text="Đã làm <b>x</b> & <script>y</script>\x01 xong.")

    content = render_docx(_document(thanh_oai, sections=sections))

    paragraphs = [p.text for p in _read(content).paragraphs]
    assert "Đã làm <b>x</b> & <script>y</script> xong." in paragraphs
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        xml = package.read("word/document.xml").decode()
    assert "&lt;b&gt;x&lt;/b&gt;" in xml
    assert "<b>" not in xml


def test_recipients_inline_or_as_a_list(thanh_oai):
    one = _read(render_docx(_document(thanh_oai, recipients=("Sở Nội vụ thành phố Hà Nội",))))
    many = _read(
        render_docx(_document(thanh_oai, recipients=("UBND thành phố Hà Nội", "Sở Nội vụ")))
    )

    assert "Kính gửi: Sở Nội vụ thành phố Hà Nội." in [p.text for p in one.paragraphs]
    texts = [p.text for p in many.paragraphs]
    start = texts.index("Kính gửi:")
    assert texts[start + 1 : start + 3] == ["- UBND thành phố Hà Nội;", "- Sở Nội vụ."]


def _lines(page) -> list[str]:
    return [line.strip() for line in page.text.splitlines()]


def test_printed_by_libreoffice_as_decree_30_lays_it_out(thanh_oai):
    """One conversion, every check of the printed pages."""
    pages = pdf_pages(render_docx(_document(thanh_oai)), ".docx")

    assert all(p.is_a4 for p in pages)
    appendix_starts = [
        i for i, p in enumerate(pages) if re.search(r"^Phụ lục I{1,3}$", p.text, re.M)
    ]
    assert len(appendix_starts) == 3
    portrait, detail = pages[: appendix_starts[0]], pages[appendix_starts[0] : appendix_starts[1]]
    assert not any(p.landscape for p in portrait)
    assert all(p.landscape for p in pages[appendix_starts[0] :])

    first = _lines(portrait[0])
    for line in (
        "ỦY BAN NHÂN DÂN",
        "HUYỆN THANH OAI",
        "Số: 125/BC-UBND",
        NATION,
        MOTTO,
        "Thanh Oai, ngày 15 tháng 6 năm 2022",
        "BÁO CÁO",
        SUBJECT,
        HEADINGS[0],
    ):
        assert any(line in text for text in first), line
    assert portrait[0].body_size() == 14
    last = portrait[-1].text
    assert all(line in last for line in (*SIGNER, "Nguyễn Văn A", "Nơi nhận:", "- Lưu: VT, NV."))
    # Page numbers from page 2: "2" alone on the top line of the second page.
    assert len(portrait) >= 2
    assert _lines(portrait[1])[0] == "2"
    assert _lines(portrait[0])[0] != "1"
    assert all(p.body_size() >= 10 for p in detail)
    assert all(min(p.sizes) >= 10 for p in detail)
