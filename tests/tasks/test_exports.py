"""Excel exports: the consolidated report (URL and command) and an agency's own report.

Every test opens the produced file with openpyxl and reads the cells back.
"""

import datetime
import io
import shutil
import subprocess

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from openpyxl import load_workbook

from plans.models import Plan
from plans.periods import Period
from tasks.exports import consolidated_report_sheets, plan_line
from tasks.models import DeadlineKind, Task
from tasks.reporting import build_report
from tests.factories import (
    IndicatorFactory,
    PlanAreaFactory,
    ProgressReportFactory,
    TaskAssignmentFactory,
    TaskFactory,
)

pytestmark = pytest.mark.django_db

Q2 = Period(2022, 2)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


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


# --- the consolidated report ----------------------------------------------------------


def test_report_xlsx_response_is_an_attachment(client, scenario):
    response = _download(client, scenario["staff"])

    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"] == (
        'attachment; filename="bao-cao-cchc-huyen-a-2022-2022-Q2.xlsx"'
    )
    assert _workbook(response.content).sheetnames == ["Tổng hợp", "Chi tiết nhiệm vụ", "Chỉ tiêu"]


def test_report_xlsx_summary_header(client, scenario):
    ws = _workbook(_download(client, scenario["staff"]).content)["Tổng hợp"]

    assert [ws["A1"].value, ws["A2"].value] == ["UBND HUYỆN A", None]
    assert [ws["D1"].value, ws["D2"].value] == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
    ]
    assert [ws.cell(row=r, column=1).value for r in range(4, 8)] == [
        "BÁO CÁO KẾT QUẢ THỰC HIỆN KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH",
        "6 THÁNG NĂM 2022",
        "Kỳ báo cáo: 6 tháng năm 2022 (đến ngày 30/06/2022)",
        "Thực hiện Kế hoạch số 50/KH-UBND ngày 14/02/2022 của UBND huyện A về cải cách hành "
        "chính nhà nước năm 2022",
    ]
    assert ws["A4"].font.b is True
    assert "A4:I4" in {str(r) for r in ws.merged_cells.ranges}


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
    area_header = _row(ws, "Lĩnh vực", column=2)
    assert area_header == (
        "STT",
        "Lĩnh vực",
        "Hoàn thành đúng hạn",
        "Hoàn thành quá hạn",
        "Đang thực hiện trong hạn",
        "Đang thực hiện quá hạn",
        "Chưa thực hiện",
        "Không có thời hạn cụ thể",
        "Tổng số",
    )
    assert _row(ws, "I")[1:] == ("Cải cách thể chế", 1, 0, 0, 0, 1, 0, 2)
    assert _row(ws, "II")[1:] == ("Cải cách thủ tục hành chính", 0, 0, 0, 0, 0, 1, 1)
    assert _row(ws, "Tổng cộng", column=2)[2:] == (1, 0, 0, 0, 1, 1, 3)
    assert _row(ws, "Phòng Nội vụ", column=2)[2:] == (1, 0, 0, 0, 0, 0, 1)
    assert _row(ws, "Phòng Tài chính - Kế hoạch", column=2)[2:] == (0, 0, 0, 0, 1, 0, 1)
    assert _row(ws, "UBND các xã, thị trấn", column=2)[2:] == (0, 0, 0, 0, 0, 1, 1)


def test_report_xlsx_detail_rows(client, scenario):
    ws = _workbook(_download(client, scenario["staff"]).content)["Chi tiết nhiệm vụ"]

    assert _row(ws, "STT") == (
        "STT",
        "Nhiệm vụ",
        "Cơ quan chủ trì",
        "Cơ quan phối hợp",
        "Thời gian hoàn thành",
        "Sản phẩm",
        "Kết quả thực hiện",
        "Tình trạng",
        "Ghi chú",
    )
    assert [r[0] for r in _values(ws)[4:]] == ["I", "1", "2", "2.a", "II", "3"]
    assert _row(ws, "1") == (
        "1",
        "=SUM(A1)",
        "Phòng Nội vụ",
        "Phòng Tài chính - Kế hoạch",
        "Quý II/2022",
        "+84 912 345 678",
        "Phòng Nội vụ: @x (-)",
        "Hoàn thành đúng hạn",
        None,
    )
    assert _row(ws, "2")[4:] == (
        "Quý I/2022",
        None,
        None,
        "Chưa thực hiện (quá hạn)",
        "Quá hạn",
    )
    assert _row(ws, "3")[7:] == ("Không có thời hạn cụ thể", "Thường xuyên, định kỳ")


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
    ws = _workbook(_download(client, scenario["staff"]).content)["Chi tiết nhiệm vụ"]

    cells = [_cell(ws, text) for text in ("=SUM(A1)", "+84 912 345 678", "Phòng Nội vụ: @x (-)")]
    assert [c.data_type for c in cells] == ["s", "s", "s"]
    assert not any(c.data_type == "f" for row in ws.iter_rows() for c in row)


def test_report_xlsx_print_settings_and_fonts(client, scenario):
    wb = _workbook(_download(client, scenario["staff"]).content)

    ws = wb["Chi tiết nhiệm vụ"]
    header_row = _cell(ws, "Nhiệm vụ").row
    assert ws.print_title_rows == f"${header_row}:${header_row}"
    assert ws.freeze_panes == f"A{header_row + 1}"
    for sheet in wb.worksheets:
        assert sheet.page_setup.orientation == "landscape"
        assert int(sheet.page_setup.paperSize) == 9
        assert int(sheet.page_setup.fitToWidth) == 1
        assert int(sheet.page_setup.fitToHeight) == 0
        assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
        fonts = {c.font.name for row in sheet.iter_rows() for c in row if c.value is not None}
        assert fonts == {"Times New Roman"}


def test_report_xlsx_targets_sheet(client, scenario):
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
        None,
        None,
        "Chưa đánh giá được",
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
    _grow(district_setup, count)
    client.force_login(district_setup["staff"])
    url = reverse("report-xlsx", args=["huyen-a-2022", "2022-Q2"])

    with django_assert_max_num_queries(15):
        response = client.get(url)

    ws = _workbook(response.content)["Chi tiết nhiệm vụ"]
    assert len(_values(ws)) == 4 + 1 + 2 * count


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
    return Plan.objects.get(slug="thanh-oai-2022")


def test_export_thanh_oai_2022_q2(thanh_oai, tmp_path):
    path = tmp_path / "thanh-oai.xlsx"
    call_command(
        "export_report", "thanh-oai-2022", "2022-Q2", "-o", str(path), stdout=io.StringIO()
    )

    wb = load_workbook(path)
    summary, detail = wb["Tổng hợp"], wb["Chi tiết nhiệm vụ"]
    assert [summary["A1"].value, summary["D1"].value] == [
        "UBND HUYỆN THANH OAI",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    ]
    assert summary["A7"].value == (
        "Thực hiện Kế hoạch số 50/KH-UBND ngày 14/02/2022 của UBND huyện Thanh Oai về cải cách "
        "hành chính nhà nước năm 2022"
    )
    tasks = Task.objects.filter(plan=thanh_oai)
    header_row = _cell(detail, "Cơ quan chủ trì").row
    body = _values(detail)[header_row:]
    areas = [r for r in body if r[2] is None and r[1] and r[0] in {"I", "II", "III", "IV", "V"}]
    assert len(body) == tasks.count() + thanh_oai.areas.count()
    assert len(areas) >= 5
    assert [r[0] for r in body].count("17.") == 1
    assert _row(summary, "Tổng số nhiệm vụ", column=2)[2] == tasks.filter(parent=None).count()
    sheets = consolidated_report_sheets(build_report(thanh_oai, Q2))
    assert [s.title for s in sheets] == wb.sheetnames


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice is not installed")
def test_export_thanh_oai_2022_opens_in_libreoffice(thanh_oai, tmp_path):
    path = tmp_path / "thanh-oai.xlsx"
    call_command(
        "export_report", "thanh-oai-2022", "2022-Q2", "-o", str(path), stdout=io.StringIO()
    )

    subprocess.run(
        [
            shutil.which("soffice"),
            f"-env:UserInstallation=file://{tmp_path}/lo-profile",
            "--headless",
            "--convert-to",
            # comma-separated, double quotes, UTF-8 (76)
            "csv:Text - txt - csv (StarCalc):44,34,76",
            "--outdir",
            str(tmp_path),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )

    text = (tmp_path / "thanh-oai.csv").read_text(encoding="utf-8", errors="replace")
    assert "UBND HUYỆN THANH OAI" in text
    assert "BÁO CÁO KẾT QUẢ THỰC HIỆN KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH" in text
