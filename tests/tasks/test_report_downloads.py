"""The Word report of a real plan with real progress data, as the office downloads it: the
edition pre-filled from the data, the same file from the page and from `export_report`, and a
download that runs a fixed number of queries."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from docx import Document

from plans.models import Agency, Plan
from plans.periods import Period
from tasks.models import AssignmentRole, TaskAssignment
from tasks.reports import editions
from tests.factories import (
    PlanAreaFactory,
    ProgressReportFactory,
    TaskAssignmentFactory,
    TaskFactory,
)

pytestmark = pytest.mark.django_db

Q2 = Period(2022, 2)
URL = "/reports/thanh-oai-2022/2022-Q2.docx"


@pytest.fixture
def thanh_oai(district_setup):
    """Thanh Oai 2022 with reports from the leads of every third task, one with a difficulty and
    a proposal; its Interior Office staff member."""
    from plans.access import GROUP_OFFICE
    from tests.factories import make_user

    call_command("load_plans", "thanh-oai-2022", stdout=io.StringIO())
    plan = Plan.objects.select_related("unit__parent").get(slug="thanh-oai-2022")
    leads = TaskAssignment.objects.filter(
        task__plan=plan, role=AssignmentRole.LEAD, agency__kind="office"
    ).select_related("task", "agency")
    for index, assignment in enumerate(leads.order_by("task__order")):
        if index % 3:
            continue
        ProgressReportFactory(
            task=assignment.task,
            agency=assignment.agency,
            status="done",
            percent=100,
            completion_date=datetime.date(2022, 5, 10),
            result=f"Đã thực hiện nhiệm vụ {assignment.task.display_code}",
            product_issued="Kế hoạch số 12/KH-UBND ngày 10/5/2022" if index == 0 else "",
            difficulties="Thiếu kinh phí số hóa" if index == 0 else "",
            proposals="Bổ sung 01 biên chế" if index == 0 else "",
        )
    staff = make_user("thanh-oai-staff", group=GROUP_OFFICE, unit=plan.unit)
    return {"plan": plan, "staff": staff}


def _paragraphs(content: bytes) -> list[str]:
    document = Document(io.BytesIO(content))
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                texts.extend(p.text for p in cell.paragraphs)
    return [t for t in texts if t.strip()]


def test_prefilled_edition_of_thanh_oai_six_months_reads_as_the_signed_report(client, thanh_oai):
    plan, staff = thanh_oai["plan"], thanh_oai["staff"]
    edition = editions.edition_create(plan=plan, period=Q2, user=staff)
    editions.edition_update(
        edition=edition,
        values={"number": "125/BC-UBND", "doc_date": datetime.date(2022, 6, 15)},
        expected_version=1,
        user=staff,
    )
    client.force_login(staff)

    texts = _paragraphs(client.get(URL).content)

    for expected in [
        "ỦY BAN NHÂN DÂN",
        "HUYỆN THANH OAI",
        "Số: 125/BC-UBND",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Thanh Oai, ngày 15 tháng 6 năm 2022",
        "BÁO CÁO",
        "Kết quả thực hiện công tác cải cách hành chính 6 tháng năm 2022",
        "I. Công tác chỉ đạo, điều hành",
        "II. Kết quả thực hiện theo từng lĩnh vực",
        "III. Đánh giá chung",
        "IV. Phương hướng, nhiệm vụ quý tới",
        "V. Kiến nghị, đề xuất",
        "- Phòng Nội vụ (I/1): Bổ sung 01 biên chế",
        "Nơi nhận:",
        "TM. ỦY BAN NHÂN DÂN",
        "PHÓ CHỦ TỊCH",
        "Bùi Văn Sáng",
        "Phụ lục I",
        "Phụ lục II",
        "Phụ lục III",
        "(Kèm theo Báo cáo số 125/BC-UBND ngày 15/06/2022 của UBND huyện Thanh Oai)",
    ]:
        assert expected in texts, expected
    areas = [t for t in texts if t[:2] in {f"{n}." for n in range(1, 8)}]
    assert areas[:7] == [f"{n}. {a.heading}" for n, a in enumerate(plan.areas.order_by("order"), 1)]
    assert any(t.startswith("- I/1. ") and "Kế hoạch số 12/KH-UBND" in t for t in texts)


def test_export_report_writes_the_same_word_file_as_the_page(client, thanh_oai, tmp_path):
    client.force_login(thanh_oai["staff"])
    path = tmp_path / "bao-cao.docx"

    call_command(
        "export_report", "thanh-oai-2022", "2022-Q2", "-o", str(path), stdout=io.StringIO()
    )

    assert path.read_bytes() == client.get(URL).content


def test_export_report_refuses_an_unknown_extension(thanh_oai, tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError) as error:
        call_command("export_report", "thanh-oai-2022", "2022-Q2", "-o", str(tmp_path / "x.pdf"))

    assert (
        str(error.value)
        == f"Tệp “{tmp_path / 'x.pdf'}” cần có đuôi .docx (Word) hoặc .xlsx (Excel)."
    )


@pytest.mark.parametrize("count", [1, 12])
def test_docx_download_query_count_does_not_grow(
    client, district_setup, django_assert_max_num_queries, count
):
    s = district_setup
    area = PlanAreaFactory(plan=s["plan"], numeral="II")
    for i in range(count):
        task = TaskFactory(area=area, code=str(i + 1))
        TaskAssignmentFactory(task=task, agency=s["office"], role="lead")
        ProgressReportFactory(task=task, agency=s["office"])
    assert Agency.objects.filter(unit=s["unit"]).count() == 4
    client.force_login(s["staff"])

    # The request (5), the edition lookup (1) and the period's report (13).
    with django_assert_max_num_queries(19):
        response = client.get(reverse("report-docx", args=["huyen-a-2022", "2022-Q2"]))

    assert response.status_code == 200
