"""The report workbook on paper: the real Thanh Oai 2022 plan at six months, with some reports
filed, converted once to PDF by LibreOffice (tests/documents.py) and read page by page.

Each sheet but the summary starts with "Phụ lục …", so the pages are grouped by sheet from
there. Checked: every page A4 landscape; the body text at least 10 pt as printed (the size of
the characters in the PDF, so the sheet's scaling is included); each long table's column
header on every page of its sheet; no page ending with an area heading; no cell text cut off.
"""

import datetime
import io
import re

import pdfplumber
import pytest
from django.core.management import call_command
from django.db import transaction

from plans.models import AgencyKind, Plan
from plans.periods import Period
from tasks.models import AssignmentRole, ProgressStatus, ReviewState, Task
from tasks.reports.builder import build_report
from tasks.reports.editions import document_for
from tasks.reports.xlsx import render_xlsx
from tasks.reports.xlsx_cells import basis_cell
from tests.documents import Page, to_pdf
from tests.factories import ProgressReportFactory

# The marker makes pytest-django create the test database the module fixture writes to.
pytestmark = pytest.mark.django_db

Q2 = Period(2022, 2)
# The first and the last column title of each appendix's table (each prints on one line).
COLUMN_TITLES = {
    "Phụ lục I": ("STT", "Căn cứ đánh giá"),
    "Phụ lục II": ("STT", "Đánh giá"),
    "Phụ lục III": ("STT", "Tổng số"),
    "Phụ lục IV": ("STT", "Căn cứ đánh giá"),
    "Phụ lục V": ("STT", "Kết quả thực hiện"),
    "Phụ lục VI": ("STT", "Còn thiếu"),
    "Phụ lục VII": ("STT", "Căn cứ đánh giá"),
}
LONG_RESULT = (
    "Đã ban hành kế hoạch, tổ chức hội nghị triển khai tới các cơ quan, đơn vị và UBND các xã, "
    "thị trấn; đã kiểm tra 5 đơn vị, kết quả được tổng hợp trong báo cáo gửi UBND huyện."
)


COMPLETED = (datetime.date(2022, 3, 10), datetime.date(2022, 5, 20), None)


def _file_reports(plan: Plan) -> None:
    """Every third task: its lead offices (not groups) report — done in quarter I, done in
    quarter II, or in progress with a long result."""
    tasks = Task.objects.filter(plan=plan).prefetch_related("assignments__agency").order_by("order")
    for index, task in enumerate(tasks):
        if index % 3:
            continue
        leads = [
            a.agency
            for a in task.assignments.all()
            if a.role == AssignmentRole.LEAD and a.agency.kind != AgencyKind.GROUP
        ]
        kind = index // 3 % 3
        for agency in leads:
            ProgressReportFactory(
                task=task,
                agency=agency,
                year=2022,
                quarter=1 if kind == 0 else 2,
                status=ProgressStatus.IN_PROGRESS if kind == 2 else ProgressStatus.DONE,
                completion_date=COMPLETED[kind],
                percent=60 if kind == 2 else 100,
                result=LONG_RESULT if kind == 2 else "Đã hoàn thành",
                review_state=ReviewState.SUBMITTED,
            )


@pytest.fixture(scope="module")
def printed(django_db_setup, django_db_blocker):
    """The workbook's PDF pages, and the report, from data rolled back afterwards."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_plans", "thanh-oai-2022", stdout=io.StringIO())
        plan = Plan.objects.select_related("unit").get(slug="thanh-oai-2022")
        _file_reports(plan)
        content = render_xlsx(document_for(plan, Q2, None))
        report = build_report(plan, Q2)
        areas = [(a.numeral.rstrip("."), a.heading) for a in report.areas]
        reasons = [basis_cell(row) for row in report.rows]
        transaction.set_rollback(True)
    pdf = to_pdf(content, ".xlsx")
    return {"pdf": pdf, "pages": _pages(pdf), "areas": areas, "reasons": reasons}


def _pages(pdf: bytes) -> list[Page]:
    """As tests.documents.pdf_pages, from a PDF already converted."""
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return [
            Page(
                width_mm=float(p.width) * 25.4 / 72,
                height_mm=float(p.height) * 25.4 / 72,
                text=p.extract_text() or "",
                sizes=[float(c["size"]) for c in p.chars if c["text"].strip()],
            )
            for p in document.pages
        ]


def _sheets(pages: list[Page]) -> list[tuple[str, list[int]]]:
    """(the sheet's "Phụ lục …" numeral, or "" for the summary; its page indexes)."""
    sheets: list[tuple[str, list[int]]] = []
    for index, page in enumerate(pages):
        first = page.text.splitlines()[0]
        if first.startswith("Phụ lục ") or not sheets:
            sheets.append((first if first.startswith("Phụ lục ") else "", []))
        sheets[-1][1].append(index)
    return sheets


def _appendix(numeral: str) -> str:
    """ "Phụ lục VII.3" → "Phụ lục VII" """
    return numeral.split(".")[0]


def test_every_page_is_a4_landscape(printed):
    pages = printed["pages"]

    assert len(pages) > 20
    assert all(p.is_a4 and p.landscape for p in pages)


def test_every_page_prints_at_a_readable_size(printed):
    pages, sheets = printed["pages"], dict(_sheets(printed["pages"]))

    detail = [pages[i] for i in sheets["Phụ lục I"]]
    assert len(detail) > 5
    # fitted to the width of A4 landscape at full size: the 11 pt body prints at 11 pt
    assert {p.body_size() for p in detail} == {11.0}
    assert min(p.body_size() for p in pages) >= 10


def test_summary_page_carries_the_decree_30_frame(printed):
    first = printed["pages"][0]

    lines = first.text.splitlines()
    assert lines[:5] == [
        "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "HUYỆN THANH OAI Độc lập - Tự do - Hạnh phúc",
        "Số: …/BC-UBND Thanh Oai, ngày … tháng … năm 2022",
        "BÁO CÁO",
        "Kết quả thực hiện công tác cải cách hành chính 6 tháng năm 2022",
    ]
    assert {13, 14} <= {round(size) for size in first.sizes}  # the tiêu ngữ, the title
    assert re.search(
        r"Tình hình gửi báo cáo Quý II/2022: \d+/\d+ cơ quan đã báo cáo đủ", first.text
    )


def test_column_titles_repeat_on_every_page_of_each_long_table(printed):
    pages, sheets = printed["pages"], _sheets(printed["pages"])

    numerals = [numeral for numeral, _ in sheets]
    assert numerals[:7] == ["", *(f"Phụ lục {n}" for n in ("I", "II", "III", "IV", "V", "VI"))]
    assert numerals[7].startswith("Phụ lục VII.")
    assert sum(len(indexes) > 1 for _, indexes in sheets[1:]) >= 4
    for numeral, indexes in sheets[1:]:
        first, last = COLUMN_TITLES[_appendix(numeral)]
        for index in indexes:
            text = pages[index].text
            assert first in text.split() and last in text, (numeral, index)


def _last_lines(pdf: bytes) -> list[str]:
    """The lowest line of text of each page, above the footer "Trang n/N"."""
    endings = []
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        for page in document.pages:
            lines = page.extract_text_lines()
            (footer,) = [line for line in lines if re.fullmatch(r"Trang \d+/\d+", line["text"])]
            above = [line for line in lines if line["bottom"] < footer["top"]]
            endings.append(max(above, key=lambda line: line["bottom"])["text"])
    return endings


def test_no_page_ends_with_an_area_heading(printed):
    headings = {f"{numeral} {heading}" for numeral, heading in printed["areas"]}

    endings = _last_lines(printed["pdf"])

    assert len(endings) == len(printed["pages"])
    assert not set(endings) & headings
    # the headings do print: at the top of pages and within them
    text = "\n".join(p.text for p in printed["pages"])
    assert all(heading in text for heading in headings)


def _column_text(page, column_from_right: int) -> str:
    """The text inside one column of the page's table, found from the table's vertical rules."""
    edges = sorted({round(e["x0"], 1) for e in page.edges if e["orientation"] == "v"})
    right, left = edges[-column_from_right], edges[-column_from_right - 1]
    return page.crop((left, 0, right, page.height)).extract_text() or ""


def test_no_cell_text_is_cut_off(printed):
    """Rows have explicit heights: every reason of the detail sheet prints in full."""
    sheets = dict(_sheets(printed["pages"]))
    with pdfplumber.open(io.BytesIO(printed["pdf"])) as document:
        column = "".join(_column_text(document.pages[index], 1) for index in sheets["Phụ lục I"])

    printed_text = re.sub(r"\s+", "", column)
    for reason in printed["reasons"]:
        assert re.sub(r"\s+", "", reason) in printed_text, reason
