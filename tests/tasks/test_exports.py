"""Excel exports: the consolidated report's workbook (URL and command) and an agency's own
report.

Every test opens the produced file with openpyxl and reads the cells back; how the workbook
prints (LibreOffice → PDF) is tested in test_report_xlsx_print.py.
"""

import datetime
import io
import zipfile

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from openpyxl import load_workbook

from plans.models import AgencyKind, Plan
from plans.periods import Period
from tasks.models import DeadlineKind, Task
from tasks.progress.exports import plan_line
from tasks.reports.builder import build_report
from tasks.reports.document import ReportDocument
from tasks.reports.editions import document_for
from tasks.reports.xlsx import render_xlsx, report_sheets
from tasks.reports.xlsx_lists import reporting_status
from tasks.selectors import expected_reporters
from tests.factories import (
    AgencyFactory,
    IndicatorFactory,
    PlanAreaFactory,
    ProgressReportFactory,
    TaskAssignmentFactory,
    TaskFactory,
)

pytestmark = pytest.mark.django_db

Q1 = Period(2022, 1)
Q2 = Period(2022, 2)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The request (session, user, plan, role, profile: 5), the edition lookup (1) and two reports,
# this period's and the previous one's for the comparison (13 each).
QUERIES = 32
FIXED_SHEETS = [
    "Tổng hợp",
    "Chi tiết nhiệm vụ",
    "Chỉ tiêu",
    "Theo cơ quan",
    "Quá hạn",
    "Hoàn thành trong kỳ",
    "Chưa báo cáo đủ",
]
CLASSES = (
    "Hoàn thành đúng hạn",
    "Hoàn thành quá hạn",
    "Đang thực hiện trong hạn",
    "Đang thực hiện quá hạn",
    "Chưa thực hiện",
    "Không có thời hạn cụ thể",
)


def _workbook(content: bytes):
    return load_workbook(io.BytesIO(content))


def _values(ws) -> list[tuple]:
    return [tuple(row) for row in ws.iter_rows(values_only=True)]


def _row(ws, first_value, column=1) -> tuple:
    """The values of the first row whose cell in `column` holds `first_value`."""
    for row in ws.iter_rows():
        if row[column - 1].value == first_value:
            return tuple(c.value for c in row)
    raise AssertionError(f"no row starting with {first_value!r}")


def _cell(ws, value):
    return next(c for row in ws.iter_rows() for c in row if c.value == value)


def _assign(task, agency, role="lead", order=1):
    return TaskAssignmentFactory(task=task, agency=agency, role=role, order=order)


@pytest.fixture
def scenario(district_setup):
    """Plan "huyen-a-2022" with two areas:

    I.  1   lead office, partner finance; done on 10/06 (on time); formula-like texts.
        2   lead finance, due 31/03, no report (not started, overdue),
            with sub-task 2.a led by the commune.
    II. 3   "Thường xuyên" (undated), lead the commune group.
    """
    s = district_setup
    plan = s["plan"]
    plan.issuer = "UBND huyện A"
    plan.number = "50/KH-UBND"
    plan.issue_date = datetime.date(2022, 2, 14)
    plan.title = "Kế hoạch cải cách hành chính nhà nước năm 2022"
    plan.save()
    area_ii = PlanAreaFactory(plan=plan, numeral="II", heading="Cải cách thủ tục hành chính")
    first = TaskFactory(
        area=s["area"],
        code="1",
        title="=SUM(A1)",
        products="+84 912 345 678",
        deadline_text="Quý II/2022",
    )
    _assign(first, s["office"])
    _assign(first, s["finance"], role="partner", order=2)
    ProgressReportFactory(
        task=first,
        agency=s["office"],
        status="done",
        percent=100,
        completion_date=datetime.date(2022, 6, 10),
        result="@x",
        product_issued="-",
    )
    second = TaskFactory(
        area=s["area"],
        code="2",
        title="Rà soát văn bản quy phạm pháp luật",
        deadline_text="Quý I/2022",
        due_date=datetime.date(2022, 3, 31),
    )
    _assign(second, s["finance"])
    child = TaskFactory(
        area=s["area"],
        parent=second,
        code="a",
        title="Rà soát văn bản của UBND xã",
        deadline_text="Quý I/2022",
        due_date=datetime.date(2022, 3, 31),
    )
    _assign(child, s["commune"])
    third = TaskFactory(
        area=area_ii,
        code="3",
        title="Niêm yết thủ tục hành chính",
        deadline_text="Thường xuyên",
        deadline_kind=DeadlineKind.RECURRING,
        due_date=None,
    )
    _assign(third, s["communes"])
    IndicatorFactory(plan=plan, code="1", statement="Chỉ số SIPAS đạt từ 90% trở lên")
    return s | {"first": first, "second": second, "child": child, "third": third}


def _download(client, user, plan_slug="huyen-a-2022", period="2022-Q2"):
    client.force_login(user)
    return client.get(reverse("report-xlsx", args=[plan_slug, period]))


def _document(plan, period=Q2, previous=True) -> ReportDocument:
    """The document the download renders for a period without an edition."""
    return document_for(plan, period, None, with_previous=previous)


def _header_row(ws, first="STT") -> int:
    return _cell(ws, first).row


# --- the consolidated report: the file and the summary sheet --------------------------------


def test_report_xlsx_response_is_an_attachment(client, scenario):
    response = _download(client, scenario["staff"])

    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"] == (
        'attachment; filename="bao-cao-cchc-huyen-a-2022-2022-Q2.xlsx"'
    )
    # the fixed sheets, then one sheet per lead agency (most tasks first, then by name)
    assert _workbook(response.content).sheetnames == [
        *FIXED_SHEETS,
        "Phòng Nội vụ",
        "Phòng Tài chính - Kế hoạch",
        "UBND các xã, thị trấn",
        "UBND xã Thanh Cao",
    ]


def test_report_xlsx_summary_has_the_decree_30_frame(client, scenario):
    ws = _workbook(_download(client, scenario["staff"]).content)["Tổng hợp"]

    left = [ws.cell(row=r, column=1).value for r in range(1, 4)]
    right = [ws.cell(row=r, column=4).value for r in range(1, 4)]
    assert left == ["ỦY BAN NHÂN DÂN", "HUYỆN A", "Số: …/BC-UBND"]
    assert right == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "A, ngày … tháng … năm 2022",
    ]
    assert {"A1:C1", "D1:I1", "A3:C3", "D3:I3"} <= {str(r) for r in ws.merged_cells.ranges}
    fonts = {ref: ws[ref].font for ref in ("A1", "A2", "A3", "D1", "D2", "D3")}
    assert [(f.b, f.sz) for f in fonts.values()] == [
        (True, 13),
        (True, 13),
        (False, 13),
        (True, 12),
        (True, 13),
        (False, 14),
    ]
    assert fonts["D2"].u == "single"  # the tiêu ngữ's rule
    assert fonts["D3"].i is True  # the place-and-date line
    assert [ws.cell(row=r, column=1).value for r in range(5, 10)] == [
        "BÁO CÁO",
        "Kết quả thực hiện công tác cải cách hành chính 6 tháng năm 2022",
        "Kỳ báo cáo: 6 tháng năm 2022 (số liệu tính đến ngày 30/06/2022)",
        "Thực hiện Kế hoạch số 50/KH-UBND ngày 14/02/2022 của UBND huyện A về cải cách hành "
        "chính nhà nước năm 2022",
        "Tình hình gửi báo cáo Quý II/2022: 1/3 cơ quan đã báo cáo đủ; 2 cơ quan chưa gửi đủ "
        "(sheet “Chưa báo cáo đủ”).",
    ]
    assert [(ws[f"A{r}"].font.b, ws[f"A{r}"].font.sz) for r in (5, 6)] == [(True, 14)] * 2
    assert ws["A10"].value == "DỰ THẢO — chưa chốt số liệu, không dùng để ký ban hành"
    # agencies owing reports for the period: the office (reported), finance, the commune
    assert len(expected_reporters(scenario["plan"])) == 3


def test_report_xlsx_warns_when_no_report_has_come_in(client, district_setup):
    task = TaskFactory(area=district_setup["area"], code="1", deadline_text="Quý II/2022")
    _assign(task, district_setup["office"])
    ProgressReportFactory(task=task, agency=district_setup["office"], review_state="draft")

    ws = _workbook(_download(client, district_setup["staff"]).content)["Tổng hợp"]

    status = _cell(
        ws,
        "Tình hình gửi báo cáo Quý II/2022: 0/1 cơ quan đã báo cáo đủ; 1 cơ quan "
        "chưa gửi đủ (sheet “Chưa báo cáo đủ”).",
    )
    warning = ws.cell(row=status.row + 1, column=1)
    assert warning.value == (
        "CẢNH BÁO: Chưa có cơ quan nào gửi báo cáo trong kỳ. Số liệu chỉ dựa trên báo cáo các "
        "kỳ trước."
    )
    assert (warning.font.b, warning.font.color.rgb) == (True, "00C00000")


def test_report_xlsx_summary_counts_equal_the_report(client, scenario):
    ws = _workbook(_download(client, scenario["staff"]).content)["Tổng hợp"]

    overall = [_row(ws, i)[:4] for i in range(1, 7)]
    assert overall == [
        (1, "Hoàn thành đúng hạn", 1, 33.4),
        (2, "Hoàn thành quá hạn", 0, 0),
        (3, "Đang thực hiện trong hạn", 0, 0),
        (4, "Đang thực hiện quá hạn", 0, 0),
        (5, "Chưa thực hiện", 1, 33.3),
        (6, "Không có thời hạn cụ thể", 1, 33.3),
    ]
    report = build_report(scenario["plan"], Q2)
    assert [(c[1], c[2], c[3]) for c in report.counts.cells()] == [r[1:] for r in overall]
    assert _row(ws, "Tổng số nhiệm vụ", column=2)[:4] == (None, "Tổng số nhiệm vụ", 3, 100)
    assert _row(ws, "Lĩnh vực", column=2) == ("STT", "Lĩnh vực", *CLASSES, "Tổng số")
    assert _row(ws, "I")[1:] == ("Cải cách thể chế", 1, 0, 0, 0, 1, 0, 2)
    assert _row(ws, "II")[1:] == ("Cải cách thủ tục hành chính", 0, 0, 0, 0, 0, 1, 1)
    assert _row(ws, "Tổng cộng", column=2)[2:] == (1, 0, 0, 0, 1, 1, 3)


def test_report_xlsx_compares_with_the_previous_period(client, scenario):
    """Quý I: tasks 1 and 2 not started (2 is due on the cut-off, not yet late), 3 undated;
    6 tháng: task 1 done on time."""
    ws = _workbook(_download(client, scenario["staff"]).content)["Tổng hợp"]

    caption = _cell(ws, "2. So sánh với kỳ trước (Quý I năm 2022)")
    rows = _values(ws)[caption.row : caption.row + 8]
    assert [r[:5] for r in rows] == [
        ("STT", "Nội dung", "Kỳ trước", "Kỳ này", "Tăng/giảm"),
        (1, "Hoàn thành đúng hạn", 0, 1, 1),
        (2, "Hoàn thành quá hạn", 0, 0, 0),
        (3, "Đang thực hiện trong hạn", 0, 0, 0),
        (4, "Đang thực hiện quá hạn", 0, 0, 0),
        (5, "Chưa thực hiện", 2, 1, -1),
        (6, "Không có thời hạn cụ thể", 1, 1, 0),
        (None, "Tổng số nhiệm vụ", 3, 3, 0),
    ]
    assert ws.cell(row=caption.row + 2, column=5).number_format == "+0;-0;0"

    completed = _workbook(_download(client, scenario["staff"]).content)["Hoàn thành trong kỳ"]
    assert _cell(completed, "so với báo cáo Quý I năm 2022: 1 nhiệm vụ.") is not None
    header = _header_row(completed)
    assert _values(completed)[header - 1 :] == [
        (
            "STT",
            "Nhiệm vụ",
            "Cơ quan chủ trì",
            "Hạn tính",
            "Ngày hoàn thành",
            "Tình trạng",
            "Kết quả thực hiện",
        ),
        (
            "I/1",
            "=SUM(A1)\nSản phẩm: +84 912 345 678",
            "Phòng Nội vụ",
            "30/06/2022\n(Quý II/2022)",
            datetime.datetime(2022, 6, 10),
            "Hoàn thành đúng hạn",
            "Phòng Nội vụ: @x (-)",
        ),
    ]


def test_report_xlsx_first_period_has_no_comparison(client, scenario):
    ws = _workbook(_download(client, scenario["staff"], period="2022-Q1").content)["Tổng hợp"]

    caption = _cell(ws, "2. So sánh với kỳ trước")
    assert ws.cell(row=caption.row + 1, column=1).value == (
        "Đây là kỳ báo cáo đầu tiên của kế hoạch nên không có kỳ trước để so sánh."
    )
    assert _cell(ws, "3. Theo lĩnh vực cải cách hành chính").row == caption.row + 3


def test_report_xlsx_comparison_note_when_previous_report_is_not_given(scenario):
    sheets = report_sheets(_document(scenario["plan"], previous=False))

    comparison = sheets[0].tables[1]
    assert (comparison.caption, comparison.columns) == ("2. So sánh với kỳ trước", [])
    assert comparison.note == "Không kèm số liệu Quý I năm 2022 nên không so sánh với kỳ trước."


def test_report_xlsx_charts_reference_the_count_tables(client, scenario):
    wb = _workbook(_download(client, scenario["staff"]).content)

    summary, agencies = wb["Tổng hợp"], wb["Theo cơ quan"]
    for ws, first, last in (
        (
            summary,
            _cell(summary, "Cải cách thể chế").row,
            _cell(summary, "Cải cách thủ tục hành chính").row,
        ),
        (agencies, _cell(agencies, "Phòng Nội vụ").row, _cell(agencies, "UBND xã Thanh Cao").row),
    ):
        (chart,) = ws._charts
        header = first - 1
        sheet = f"'{ws.title}'"
        assert (chart.tagname, chart.type, chart.grouping) == ("barChart", "bar", "stacked")
        assert [s.val.numRef.f for s in chart.series] == [
            f"{sheet}!${col}${first}:${col}${last}" for col in "CDEFGH"
        ]
        assert [s.tx.strRef.f for s in chart.series] == [
            f"{sheet}!{col}{header}" for col in "CDEFGH"
        ]
        categories = chart.series[0].cat
        assert (categories.numRef or categories.strRef).f == f"{sheet}!$B${first}:$B${last}"


# --- the appendix sheets ------------------------------------------------------------------


def test_report_xlsx_detail_rows(client, scenario):
    ws = _workbook(_download(client, scenario["staff"]).content)["Chi tiết nhiệm vụ"]

    assert [ws.cell(row=r, column=1).value for r in range(1, 6)] == [
        "Phụ lục I",
        "KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH 6 THÁNG NĂM 2022",
        "(Kèm theo Báo cáo số …/BC-UBND ngày … của UBND huyện A)",
        "Kỳ báo cáo: 6 tháng năm 2022 (số liệu tính đến ngày 30/06/2022)",
        "Thực hiện Kế hoạch số 50/KH-UBND ngày 14/02/2022 của UBND huyện A về cải cách hành "
        "chính nhà nước năm 2022",
    ]
    header = _header_row(ws)
    assert _values(ws)[header - 1] == (
        "STT",
        "Nhiệm vụ",
        "Cơ quan chủ trì",
        "Cơ quan phối hợp",
        "Hạn tính",
        "Số ngày quá hạn",
        "Kết quả thực hiện",
        "Tình trạng",
        "Căn cứ đánh giá",
    )
    assert [r[0] for r in _values(ws)[header:]] == ["I", "1", "2", "2.a", "II", "3"]
    assert _row(ws, "1") == (
        "1",
        "=SUM(A1)\nSản phẩm: +84 912 345 678",
        "Phòng Nội vụ",
        "Phòng Tài chính - Kế hoạch",
        "30/06/2022\n(Quý II/2022)",
        None,
        "Phòng Nội vụ: @x (-)",
        "Hoàn thành đúng hạn",
        "Hạn 30/06/2022 — Phòng Nội vụ báo cáo hoàn thành ngày 10/06/2022 — hoàn thành đúng hạn",
    )
    assert _row(ws, "2")[4:] == (
        "31/03/2022\n(Quý I/2022)",
        91,
        "Chưa có báo cáo",
        "Chưa thực hiện (quá hạn)",
        "Hạn 31/03/2022 — Gồm 1 nội dung: 1 chưa thực hiện; Phòng Tài chính - Kế hoạch chưa "
        "báo cáo — quá hạn 91 ngày",
    )
    assert _row(ws, "3")[4:] == (
        "Không có\n(Thường xuyên)",
        None,
        "Chưa có báo cáo",
        "Không có thời hạn cụ thể",
        "Thường xuyên, định kỳ — UBND các xã, thị trấn: 0/1 đơn vị đã báo cáo hoàn thành; "
        "chưa báo cáo: UBND xã Thanh Cao — không đánh giá đúng hạn",
    )


def test_report_xlsx_days_late_of_a_task_done_late(client, scenario):
    ProgressReportFactory(
        task=scenario["second"],
        agency=scenario["finance"],
        status="done",
        percent=100,
        completion_date=datetime.date(2022, 4, 20),
    )
    ProgressReportFactory(
        task=scenario["child"],
        agency=scenario["commune"],
        status="done",
        percent=100,
        completion_date=datetime.date(2022, 4, 10),
    )

    wb = _workbook(_download(client, scenario["staff"]).content)

    assert _row(wb["Chi tiết nhiệm vụ"], "2")[4:8] == (
        "31/03/2022\n(Quý I/2022)",
        20,
        "Phòng Tài chính - Kế hoạch: Hoàn thành",
        "Hoàn thành quá hạn",
    )
    assert _row(wb["Quá hạn"], "I/2")[3:6] == ("31/03/2022\n(Quý I/2022)", 20, "Hoàn thành quá hạn")


def test_report_xlsx_area_heading_and_sub_task_rows(client, scenario):
    ws = _workbook(_download(client, scenario["staff"]).content)["Chi tiết nhiệm vụ"]

    area = _cell(ws, "Cải cách thể chế")
    assert (ws.cell(row=area.row, column=1).value, area.font.b) == ("I", True)
    assert f"B{area.row}:I{area.row}" in {str(r) for r in ws.merged_cells.ranges}
    child = _cell(ws, "Rà soát văn bản của UBND xã")
    parent = _cell(ws, "Rà soát văn bản quy phạm pháp luật")
    assert child.row == parent.row + 1
    assert (child.alignment.indent, parent.alignment.indent) == (2, 0)
    assert ws.cell(row=child.row, column=3).value == "UBND xã Thanh Cao"


def test_report_xlsx_formula_like_texts_stay_text(client, scenario):
    wb = _workbook(_download(client, scenario["staff"]).content)

    ws = wb["Chi tiết nhiệm vụ"]
    cells = [_cell(ws, "=SUM(A1)\nSản phẩm: +84 912 345 678"), _cell(ws, "Phòng Nội vụ: @x (-)")]
    assert [(c.data_type, c.quotePrefix) for c in cells] == [("s", True), ("s", False)]
    for sheet in wb.worksheets:
        assert not any(c.data_type == "f" for row in sheet.iter_rows() for c in row)


def test_report_xlsx_print_settings_and_fonts(client, scenario):
    wb = _workbook(_download(client, scenario["staff"]).content)

    for sheet in wb.worksheets:
        assert sheet.page_setup.orientation == "landscape"
        assert int(sheet.page_setup.paperSize) == 9
        assert int(sheet.page_setup.fitToWidth) == 1
        assert int(sheet.page_setup.fitToHeight) == 0
        assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
        fonts = {c.font.name for row in sheet.iter_rows() for c in row if c.value is not None}
        assert fonts == {"Times New Roman"}
        if sheet.title == "Tổng hợp":  # short tables, each kept on one page
            assert sheet.print_title_rows is None
            continue
        # every other sheet holds one long table whose column header repeats on every page
        header = _header_row(sheet)
        assert sheet.print_title_rows == f"${header}:${header}", sheet.title
        assert sheet.freeze_panes == f"A{header + 1}"
    assert wb._named_styles["Normal"].font.name == "Times New Roman"


def test_report_xlsx_targets_sheet(client, scenario):
    plan = scenario["plan"]
    statement = (
        "Tỷ lệ xử lý văn bản trên môi trường mạng: cơ quan chuyên môn đạt 80%, UBND cấp xã đạt 70%."
    )
    for part, clause, value in ((1, "cơ quan chuyên môn đạt 80%", 80), (2, "70%", 70)):
        IndicatorFactory(
            plan=plan,
            code="5",
            part=part,
            order=5,
            statement=statement,
            clause=clause,
            target_value=value,
            responsible=scenario["office"],
        )

    ws = _workbook(_download(client, scenario["staff"]).content)["Chỉ tiêu"]

    assert _row(ws, "STT") == (
        "STT",
        "Chỉ tiêu",
        "Cơ quan theo dõi",
        "Chỉ tiêu đặt ra",
        "Kết quả thực hiện",
        "Kỳ số liệu",
        "Đánh giá",
    )
    assert _row(ws, "1") == (
        "1",
        "Chỉ số SIPAS đạt từ 90% trở lên",
        None,
        "≥ 90%",
        "Chưa có số liệu",
        None,
        "Chưa đánh giá được",
    )
    # a statement with two figures: the statement above, each part under it
    heading = _cell(ws, statement)
    assert ws.cell(row=heading.row, column=1).value == "5"
    assert f"B{heading.row}:G{heading.row}" in {str(r) for r in ws.merged_cells.ranges}
    assert _row(ws, "5.1")[1:4] == ("Phần 1: cơ quan chuyên môn đạt 80%", "Phòng Nội vụ", "≥ 80%")
    assert _row(ws, "5.2")[1:4] == ("Phần 2: 70%", "Phòng Nội vụ", "≥ 70%")
    assert _cell(ws, "5.2").row == heading.row + 2


def test_report_xlsx_by_agency_overdue_and_missing_sheets(client, scenario):
    wb = _workbook(_download(client, scenario["staff"]).content)

    agencies = wb["Theo cơ quan"]
    assert _row(agencies, "STT")[:9] == ("STT", "Cơ quan chủ trì", *CLASSES, "Tổng số")
    assert _row(agencies, "Phòng Nội vụ", column=2)[:9] == (1, "Phòng Nội vụ", 1, 0, 0, 0, 0, 0, 1)
    assert _row(agencies, "UBND xã Thanh Cao", column=2)[2:9] == (0, 0, 0, 0, 1, 0, 1)
    total = _row(agencies, "Toàn kế hoạch (mỗi nhiệm vụ tính một lần)", column=2)
    assert total[2:9] == (1, 0, 0, 0, 1, 1, 3)

    overdue = wb["Quá hạn"]
    assert _values(overdue)[_header_row(overdue) :] == [
        (
            "I/2",
            "Rà soát văn bản quy phạm pháp luật",
            "Phòng Tài chính - Kế hoạch",
            "31/03/2022\n(Quý I/2022)",
            91,
            "Chưa thực hiện (quá hạn)",
            "Hạn 31/03/2022 — Gồm 1 nội dung: 1 chưa thực hiện; Phòng Tài chính - Kế hoạch "
            "chưa báo cáo — quá hạn 91 ngày",
        )
    ]

    missing = wb["Chưa báo cáo đủ"]
    assert _cell(missing, "1/3 cơ quan đã báo cáo đủ.") is not None
    assert _values(missing)[_header_row(missing) - 1 :] == [
        ("STT", "Cơ quan", "Số nhiệm vụ phải báo cáo", "Đã gửi báo cáo", "Còn thiếu"),
        (1, "UBND xã Thanh Cao", 2, 0, 2),
        (2, "Phòng Tài chính - Kế hoạch", 1, 0, 1),
    ]


def test_report_xlsx_one_sheet_per_lead_agency(client, scenario):
    wb = _workbook(_download(client, scenario["staff"]).content)

    office = wb["Phòng Nội vụ"]
    assert [office.cell(row=r, column=1).value for r in range(1, 6)] == [
        "Phụ lục VII.1",
        "NHIỆM VỤ DO PHÒNG NỘI VỤ CHỦ TRÌ 6 THÁNG NĂM 2022",
        "(Kèm theo Báo cáo số …/BC-UBND ngày … của UBND huyện A)",
        "Kỳ báo cáo: 6 tháng năm 2022 (số liệu tính đến ngày 30/06/2022)",
        "Chủ trì 1 nhiệm vụ, nội dung: 1 hoàn thành đúng hạn",
    ]
    assert _values(office)[_header_row(office) - 1 :] == [
        (
            "STT",
            "Nhiệm vụ",
            "Hạn tính",
            "Số ngày quá hạn",
            "Kết quả thực hiện",
            "Tình trạng",
            "Căn cứ đánh giá",
        ),
        ("I", "Cải cách thể chế", *[None] * 5),
        (
            "1",
            "=SUM(A1)\nSản phẩm: +84 912 345 678",
            "30/06/2022\n(Quý II/2022)",
            None,
            "Phòng Nội vụ: @x (-)",
            "Hoàn thành đúng hạn",
            "Hạn 30/06/2022 — Phòng Nội vụ báo cáo hoàn thành ngày 10/06/2022 — hoàn thành "
            "đúng hạn",
        ),
    ]
    # rule 8: the commune answers for the sub-task it leads, not for its parent
    commune = wb["UBND xã Thanh Cao"]
    assert [r[0] for r in _values(commune)[_header_row(commune) :]] == ["I", "2.a"]
    assert _row(commune, "2.a")[2:6] == (
        "31/03/2022\n(Quý I/2022)",
        91,
        "Chưa có báo cáo",
        "Chưa thực hiện (quá hạn)",
    )
    group = wb["UBND các xã, thị trấn"]
    assert _row(group, "3")[4:6] == ("Chưa có báo cáo", "Không có thời hạn cụ thể")


def test_report_xlsx_agency_sheet_names_are_safe_and_unique(client, scenario):
    district = scenario["unit"]
    names = [
        "Phòng Văn hóa/Thông tin: [Thể thao] và Du lịch huyện",
        "Phòng Văn hóa/Thông tin: [Thể thao] và Du lịch xã",
        "Tổng hợp",
    ]
    for index, name in enumerate(names, start=10):
        task = TaskFactory(area=scenario["area"], code=str(index))
        _assign(task, AgencyFactory(unit=district, name=name, kind=AgencyKind.OFFICE))

    names = _workbook(_download(client, scenario["staff"]).content).sheetnames

    assert names[len(FIXED_SHEETS) :] == [
        "Phòng Nội vụ",
        "Phòng Tài chính - Kế hoạch",
        "Phòng Văn hóa Thông tin Thể tha",
        "Phòng Văn hóa Thông tin Thể (2)",
        "Tổng hợp (2)",
        "UBND các xã, thị trấn",
        "UBND xã Thanh Cao",
    ]
    assert all(len(n) <= 31 and not set(n) & set("[]:*?/\\") for n in names)


def test_render_xlsx_reads_nothing_from_the_database(scenario, django_assert_num_queries):
    document = _document(scenario["plan"])

    with django_assert_num_queries(0):
        content = render_xlsx(document)

    assert _workbook(content).sheetnames[: len(FIXED_SHEETS)] == FIXED_SHEETS


def test_render_xlsx_is_reproducible(scenario):
    document = _document(scenario["plan"])

    content = render_xlsx(document)

    assert render_xlsx(document) == content
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert {i.date_time for i in archive.infolist()} == {(2022, 6, 30, 0, 0, 0)}
    properties = _workbook(content).properties
    assert (properties.created, properties.modified) == (datetime.datetime(2022, 6, 30),) * 2
    assert (properties.title, properties.creator) == (
        "BÁO CÁO Kết quả thực hiện công tác cải cách hành chính 6 tháng năm 2022",
        "UBND huyện A",
    )


def test_export_report_command_writes_the_same_cells_as_the_url(client, scenario, tmp_path):
    path = tmp_path / "bao-cao.xlsx"
    call_command("export_report", "huyen-a-2022", "2022-Q2", "-o", str(path), stdout=io.StringIO())

    from_command = load_workbook(path)
    from_url = _workbook(_download(client, scenario["staff"]).content)
    assert from_command.sheetnames == from_url.sheetnames
    for name in from_url.sheetnames:
        assert _values(from_command[name]) == _values(from_url[name])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["khong-co", "2022-Q2"], "Không có kế hoạch “khong-co”."),
        (["huyen-a-2022", "2022-Q5"], "Kỳ báo cáo “2022-Q5” không hợp lệ"),
        (["huyen-a-2022", "2023-Q1"], "Kỳ báo cáo Quý I/2023 nằm ngoài thời gian của kế hoạch"),
    ],
)
def test_export_report_command_rejects_bad_arguments(district_setup, tmp_path, args, message):
    with pytest.raises(CommandError) as error:
        call_command("export_report", *args, "-o", str(tmp_path / "x.xlsx"))

    assert str(error.value).startswith(message)
    assert not (tmp_path / "x.xlsx").exists()


def test_plan_line_without_number_or_date():
    plan = Plan(
        number="",
        issue_date=None,
        issuer="UBND huyện Cát Hải",
        title="Kế hoạch cải cách hành chính huyện Cát Hải năm 2023",
    )

    assert plan_line(plan) == (
        "Thực hiện Kế hoạch của UBND huyện Cát Hải về cải cách hành chính huyện Cát Hải năm 2023"
    )


# --- access -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("user", "status"),
    [("staff", 200), ("leader", 200), ("office_head", 404), ("outsider", 404)],
)
def test_report_xlsx_access(client, district_setup, user, status):
    assert _download(client, district_setup[user]).status_code == status


def test_report_xlsx_superuser_may_download(client, district_setup):
    from django.contrib.auth.models import User

    admin = User.objects.create_superuser("quan-tri", password="Mat-khau-2026!")

    assert _download(client, admin).status_code == 200


def test_report_xlsx_anonymous_goes_to_login(client, district_setup):
    url = reverse("report-xlsx", args=["huyen-a-2022", "2022-Q2"])

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


@pytest.mark.parametrize(
    ("slug", "period"),
    [
        ("huyen-a-2022", "2022-Q5"),
        ("huyen-a-2022", "2022-q2"),
        ("huyen-a-2022", "2023-Q1"),
        ("khong-co", "2022-Q2"),
    ],
)
def test_report_xlsx_bad_plan_or_period_is_404(client, district_setup, slug, period):
    assert _download(client, district_setup["staff"], slug, period).status_code == 404


# --- one agency's report ---------------------------------------------------------------


def _agency_download(client, user, period="2022-Q2", plan="huyen-a-2022"):
    client.force_login(user)
    return client.get(reverse("my-tasks-xlsx", args=[period]), {"plan": plan})


def test_agency_xlsx_holds_only_the_agency_tasks(client, scenario):
    response = _agency_download(client, scenario["finance_head"])

    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="bao-cao-phong-tai-chinh-ke-hoach-huyen-a-2022-2022-Q2.xlsx"'
    )
    wb = _workbook(response.content)
    assert wb.sheetnames == ["Nhiệm vụ của đơn vị"]
    ws = wb["Nhiệm vụ của đơn vị"]
    assert [ws["A1"].value, ws["A2"].value] == ["UBND HUYỆN A", "PHÒNG TÀI CHÍNH - KẾ HOẠCH"]
    assert ws["A4"].value == "BÁO CÁO KẾT QUẢ THỰC HIỆN NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH"
    header_row = _cell(ws, "Vai trò").row
    assert _values(ws)[header_row - 1 :] == [
        (
            "STT",
            "Nhiệm vụ",
            "Vai trò",
            "Thời gian hoàn thành",
            "Tình trạng",
            "Tỷ lệ %",
            "Kết quả thực hiện",
            "Sản phẩm đã ban hành",
            "Khó khăn",
            "Đề xuất",
            "Trạng thái duyệt",
        ),
        ("I", "Cải cách thể chế", *[None] * 9),
        ("1", "=SUM(A1)", "Phối hợp", "Quý II/2022", "Chưa báo cáo", *[None] * 6),
        (
            "2",
            "Rà soát văn bản quy phạm pháp luật",
            "Chủ trì",
            "Quý I/2022",
            "Chưa báo cáo (quá hạn)",
            *[None] * 6,
        ),
    ]
    assert ws.print_title_rows == f"${header_row}:${header_row}"


def test_agency_xlsx_shows_the_agency_report(client, scenario):
    ws = _workbook(_agency_download(client, scenario["office_head"]).content)["Nhiệm vụ của đơn vị"]

    assert _row(ws, "1") == (
        "1",
        "=SUM(A1)",
        "Chủ trì",
        "Quý II/2022",
        "Hoàn thành",
        100,
        "@x",
        "-",
        None,
        None,
        "Đã gửi, chờ duyệt",
    )
    assert _cell(ws, "-").data_type == "s"


def test_agency_xlsx_commune_sees_group_tasks_and_sub_task(client, scenario):
    ws = _workbook(_agency_download(client, scenario["commune_head"]).content)[
        "Nhiệm vụ của đơn vị"
    ]

    assert _row(ws, "2.a")[:3] == ("2.a", "Rà soát văn bản của UBND xã", "Chủ trì")
    assert _cell(ws, "Rà soát văn bản của UBND xã").alignment.indent == 2
    assert _row(ws, "3")[2] == "Chủ trì (qua nhóm “UBND các xã, thị trấn”)"
    assert "1" not in [r[0] for r in _values(ws)]


def test_agency_xlsx_access(client, scenario):
    assert _agency_download(client, scenario["staff"]).status_code == 403
    assert _agency_download(client, scenario["office_head"], period="2022-Q5").status_code == 404
    assert _agency_download(client, scenario["office_head"], period="2023-Q1").status_code == 404
    other_plan = PlanAreaFactory(plan__slug="huyen-b-2022").plan
    assert _agency_download(client, scenario["office_head"], plan=other_plan.slug).status_code == (
        404
    )


def test_portal_links_to_the_agency_export(client, scenario):
    client.force_login(scenario["office_head"])

    response = client.get(reverse("my-tasks"), {"plan": "huyen-a-2022", "period": "2022-Q2"})

    assert (
        f'href="{reverse("my-tasks-xlsx", args=["2022-Q2"])}?plan=huyen-a-2022"'
        in response.content.decode()
    )


# --- queries ------------------------------------------------------------------------------


def _grow(s, count):
    """`count` tasks in area I, each with a lead, a partner, a report and a sub-task."""
    for _ in range(count):
        task = TaskFactory(area=s["area"])
        _assign(task, s["office"])
        _assign(task, s["finance"], role="partner", order=2)
        ProgressReportFactory(task=task, agency=s["office"], result="Đã triển khai")
        ProgressReportFactory(task=task, agency=s["finance"], result="Đã phối hợp")
        child = TaskFactory(area=s["area"], parent=task, code="a")
        _assign(child, s["office"])
        IndicatorFactory(plan=s["plan"])


@pytest.mark.parametrize("count", [1, 12])
def test_report_xlsx_query_count_does_not_grow(
    client, district_setup, django_assert_max_num_queries, count
):
    """The report of the period and of the previous one (for the comparison), each built in
    a fixed number of queries."""
    _grow(district_setup, count)
    client.force_login(district_setup["staff"])
    url = reverse("report-xlsx", args=["huyen-a-2022", "2022-Q2"])

    with django_assert_max_num_queries(QUERIES):
        response = client.get(url)

    ws = _workbook(response.content)["Chi tiết nhiệm vụ"]
    assert len(_values(ws)) - _header_row(ws) == 1 + 2 * count


@pytest.mark.parametrize("count", [1, 12])
def test_agency_xlsx_query_count_does_not_grow(
    client, district_setup, django_assert_max_num_queries, count
):
    _grow(district_setup, count)
    client.force_login(district_setup["office_head"])
    url = reverse("my-tasks-xlsx", args=["2022-Q2"])

    with django_assert_max_num_queries(11):
        response = client.get(url, {"plan": "huyen-a-2022"})

    assert response.status_code == 200


# --- the real Thanh Oai 2022 plan -------------------------------------------------------


@pytest.fixture
def thanh_oai(db):
    call_command("load_plans", "thanh-oai-2022", stdout=io.StringIO())
    return Plan.objects.select_related("unit").get(slug="thanh-oai-2022")


def test_export_thanh_oai_2022_q2(thanh_oai, tmp_path):
    path = tmp_path / "thanh-oai.xlsx"
    call_command(
        "export_report", "thanh-oai-2022", "2022-Q2", "-o", str(path), stdout=io.StringIO()
    )

    wb = load_workbook(path)
    summary, detail = wb["Tổng hợp"], wb["Chi tiết nhiệm vụ"]
    assert [summary["A1"].value, summary["A2"].value, summary["D1"].value] == [
        "ỦY BAN NHÂN DÂN",
        "HUYỆN THANH OAI",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    ]
    assert summary["D3"].value == "Thanh Oai, ngày … tháng … năm 2022"
    assert summary["A8"].value == (
        "Thực hiện Kế hoạch số 50/KH-UBND ngày 14/02/2022 của UBND huyện Thanh Oai về cải cách "
        "hành chính nhà nước năm 2022"
    )
    tasks = Task.objects.filter(plan=thanh_oai)
    body = _values(detail)[_header_row(detail) :]
    areas = [r for r in body if r[2] is None and r[1] and r[0] in {"I", "II", "III", "IV", "V"}]
    assert len(body) == tasks.count() + thanh_oai.areas.count()
    assert len(areas) >= 5
    assert [r[0] for r in body].count("17.") == 1
    assert _row(summary, "Tổng số nhiệm vụ", column=2)[2] == tasks.filter(parent=None).count()
    report = build_report(thanh_oai, Q2)
    assert wb.sheetnames == [
        *FIXED_SHEETS,
        *(agency.name for agency, _ in report.by_agency),
    ]
    document = _document(thanh_oai)
    assert [s.title for s in report_sheets(document)] == wb.sheetnames
    # the agencies owing reports, counted from the report's rows as the selectors count them
    owing = len(expected_reporters(thanh_oai))
    assert reporting_status(document) == (owing - len(report.missing), owing)
