"""The office's report edition: created pre-filled from the data, edited with a version check,
refused when malformed or finalised, and served by views that only staff may use to write."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from plans.periods import Period
from tasks.reports import editions
from tasks.reports.models import ReportEdition
from tasks.services import StaleVersionError
from tests.factories import ProgressReportFactory, TaskAssignmentFactory, TaskFactory

pytestmark = pytest.mark.django_db

D = datetime.date
Q2 = Period(2022, 2)
EDITION_URL = "/reports/huyen-a-2022/2022-Q2/edition/"


@pytest.fixture
def scenario(district_setup):
    """Two tasks of area I: one done on time by Phòng Nội vụ with a document issued and a
    difficulty and a proposal written, one of Phòng Tài chính - Kế hoạch not reported, late."""
    s = district_setup
    s["plan"].signer = "Nguyễn Văn Ký"
    s["plan"].issuer = "UBND huyện A"
    s["plan"].save()
    done = TaskFactory(area=s["area"], code="1", title="Ban hành kế hoạch CCHC năm 2022")
    TaskAssignmentFactory(task=done, agency=s["office"], role="lead")
    late = TaskFactory(
        area=s["area"],
        code="2",
        title="Rà soát thủ tục hành chính",
        deadline_text="Quý I/2022",
        due_date=D(2022, 3, 31),
    )
    TaskAssignmentFactory(task=late, agency=s["finance"], role="lead")
    ProgressReportFactory(
        task=done,
        agency=s["office"],
        status="done",
        percent=100,
        completion_date=D(2022, 5, 10),
        result="Đã ban hành kế hoạch",
        product_issued="Kế hoạch số 12/KH-UBND ngày 10/5/2022",
        difficulties="Thiếu kinh phí",
        proposals="Bổ sung 01 biên chế",
    )
    return s | {"done": done, "late": late}


def _create(s):
    return editions.edition_create(plan=s["plan"], period=Q2, user=s["staff"])


def test_new_edition_frame_is_prefilled_from_the_plan(scenario):
    edition = _create(scenario)

    assert (
        edition.issuing_body,
        edition.issuing_body_short,
        edition.place,
        edition.subject,
        edition.signer_lines,
        edition.signer_name,
        edition.number,
        edition.doc_date,
    ) == (
        "ỦY BAN NHÂN DÂN\nHUYỆN A",
        "UBND huyện A",
        "A",
        "Kết quả thực hiện công tác cải cách hành chính 6 tháng năm 2022",
        "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH",
        "Nguyễn Văn Ký",
        "",
        None,
    )


def test_new_edition_sections_are_prefilled_from_the_reports(scenario):
    s = scenario

    edition = _create(s)

    assert edition.areas == [
        {
            "area": s["area"].pk,
            "heading": "Cải cách thể chế",
            "text": (
                "Tổng số 2 nhiệm vụ: 1 nhiệm vụ hoàn thành (1 đúng hạn, 0 quá hạn); 0 nhiệm vụ "
                "đang thực hiện (0 quá hạn); 1 nhiệm vụ chưa thực hiện; 0 nhiệm vụ thường xuyên "
                "hoặc chưa có thời hạn cụ thể.\n"
                "- I/1. Ban hành kế hoạch CCHC năm 2022 — hoàn thành. Phòng Nội vụ: Đã ban hành "
                "kế hoạch (Kế hoạch số 12/KH-UBND ngày 10/5/2022)"
            ),
        }
    ]
    assert edition.shortcomings == (
        "Còn 1 nhiệm vụ quá hạn chưa hoàn thành:\n"
        "- I/2. Rà soát thủ tục hành chính (Phòng Tài chính - Kế hoạch; Hạn 31/03/2022 — "
        "Phòng Tài chính - Kế hoạch chưa báo cáo — quá hạn 91 ngày)\n"
        "1 cơ quan, đơn vị chưa gửi đủ báo cáo kỳ này:\n"
        "- Phòng Tài chính - Kế hoạch: còn thiếu 1/1 báo cáo"
    )
    assert edition.causes == (
        "Khó khăn, vướng mắc các cơ quan, đơn vị nêu trong báo cáo:\n"
        "- Phòng Nội vụ (I/1): Thiếu kinh phí"
    )
    assert edition.proposals == (
        "Đề xuất, kiến nghị của các cơ quan, đơn vị:\n- Phòng Nội vụ (I/1): Bổ sung 01 biên chế"
    )
    assert edition.achievements.endswith(
        "Các nhiệm vụ hoàn thành trong kỳ (1):\n- I/1. Ban hành kế hoạch CCHC năm 2022"
    )


def test_creating_twice_returns_the_same_edition(scenario):
    assert _create(scenario).pk == _create(scenario).pk
    assert ReportEdition.objects.count() == 1


def test_update_saves_bumps_the_version_and_keeps_history(scenario):
    s = scenario
    edition = _create(s)

    saved = editions.edition_update(
        edition=edition,
        values={"number": "125/BC-UBND", "doc_date": D(2022, 6, 15), "causes": "Do thiếu người"},
        expected_version=1,
        user=s["staff"],
    )

    assert (saved.number, saved.doc_date, saved.causes, saved.version) == (
        "125/BC-UBND",
        D(2022, 6, 15),
        "Do thiếu người",
        2,
    )
    assert [h.history_user for h in saved.history.all()] == [s["staff"], s["staff"]]


def test_update_from_a_stale_form_is_refused_and_saves_nothing(scenario):
    s = scenario
    edition = _create(s)
    editions.edition_update(
        edition=edition, values={"causes": "Bản A"}, expected_version=1, user=s["staff"]
    )

    with pytest.raises(StaleVersionError):
        editions.edition_update(
            edition=edition, values={"causes": "Bản B"}, expected_version=1, user=s["staff"]
        )

    assert ReportEdition.objects.get().causes == "Bản A"


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        (
            {"number": "125-BC"},
            "number",
            "Số văn bản cần có dạng <số>/BC-<cơ quan>, ví dụ 125/BC-UBND.",
        ),
        (
            {"doc_date": D(2021, 12, 31)},
            "doc_date",
            "Ngày ban hành phải từ 01/04/2022 đến 28/09/2022 "
            "(trong kỳ báo cáo hoặc sau đó không quá 90 ngày).",
        ),
    ],
)
def test_update_refuses_malformed_values_with_a_message(scenario, values, field, message):
    edition = _create(scenario)

    with pytest.raises(ValidationError) as error:
        editions.edition_update(
            edition=edition, values=values, expected_version=1, user=scenario["staff"]
        )

    assert error.value.message_dict[field] == [message]
    assert ReportEdition.objects.get().version == 1


def test_finalise_needs_a_number_and_a_date(scenario):
    edition = _create(scenario)

    with pytest.raises(ValidationError) as error:
        editions.edition_finalise(edition=edition, expected_version=1, user=scenario["staff"])

    assert error.value.messages == ["Cần ghi số và ngày ban hành văn bản trước khi chốt báo cáo."]
    assert not ReportEdition.objects.get().is_final


# --- views ----------------------------------------------------------------------------


def test_edition_page_without_edition_offers_to_create_one_and_creates_nothing(client, scenario):
    client.force_login(scenario["staff"])

    response = client.get(EDITION_URL)

    assert response.status_code == 200
    assert "Tạo bản báo cáo" in response.text
    assert not ReportEdition.objects.exists()


def test_staff_create_then_save_the_edition_through_the_form(client, scenario):
    client.force_login(scenario["staff"])
    client.post(EDITION_URL, {"create": "1"})
    form = client.get(EDITION_URL).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(number="125/BC-UBND", doc_date="2022-06-15", direction="<b>Chỉ đạo</b>")

    response = client.post(EDITION_URL, data)

    assert response.status_code == 302
    edition = ReportEdition.objects.get()
    assert (edition.number, edition.direction, edition.version) == (
        "125/BC-UBND",
        "<b>Chỉ đạo</b>",
        2,
    )


def test_form_with_a_malformed_date_answers_in_vietnamese_and_saves_nothing(client, scenario):
    client.force_login(scenario["staff"])
    client.post(EDITION_URL, {"create": "1"})
    form = client.get(EDITION_URL).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data["doc_date"] = "31/02/2022"

    response = client.post(EDITION_URL, data)

    assert response.status_code == 200
    assert response.context["form"].errors["doc_date"] == [
        "Ngày ban hành không hợp lệ (dạng ngày/tháng/năm)."
    ]
    assert ReportEdition.objects.get().version == 1


def test_leader_may_read_the_report_but_not_edit_the_edition(client, scenario):
    client.force_login(scenario["leader"])

    assert client.get(reverse("report-page", args=["huyen-a-2022", "2022-Q2"])).status_code == 200
    assert client.get(EDITION_URL).status_code == 403
    assert client.post(EDITION_URL, {"create": "1"}).status_code == 403
    assert not ReportEdition.objects.exists()


# --- finalising -------------------------------------------------------------------------


def _finalised(s):
    edition = _create(s)
    edition = editions.edition_update(
        edition=edition,
        values={"number": "125/BC-UBND", "doc_date": D(2022, 6, 15)},
        expected_version=1,
        user=s["staff"],
    )
    return editions.edition_finalise(edition=edition, expected_version=2, user=s["staff"])


def test_finalised_edition_downloads_the_same_files_after_the_data_changes(client, scenario):
    s = scenario
    edition = _finalised(s)
    client.force_login(s["staff"])
    before = {
        fmt: client.get(f"/reports/huyen-a-2022/2022-Q2.{fmt}").content for fmt in ("docx", "xlsx")
    }
    ProgressReportFactory(
        task=s["late"],
        agency=s["finance"],
        status="done",
        percent=100,
        completion_date=D(2022, 6, 1),
    )

    after = {
        fmt: client.get(f"/reports/huyen-a-2022/2022-Q2.{fmt}").content for fmt in ("docx", "xlsx")
    }

    assert after == before
    assert before["docx"] == bytes(edition.docx_file)
    assert (edition.state, edition.finalised_by, edition.snapshot["counts"]["not_started"]) == (
        "final",
        s["staff"],
        1,
    )


def test_page_shows_where_live_data_moved_since_finalising(client, scenario):
    s = scenario
    _finalised(s)
    ProgressReportFactory(
        task=s["late"],
        agency=s["finance"],
        status="done",
        percent=100,
        completion_date=D(2022, 6, 1),
    )
    client.force_login(s["staff"])

    response = client.get(reverse("report-page", args=["huyen-a-2022", "2022-Q2"]))

    assert response.context["moved"] == [
        "Nhiệm vụ I/2 Rà soát thủ tục hành chính: lúc chốt “Chưa thực hiện (quá hạn)”, "
        "nay “Hoàn thành quá hạn”."
    ]


def test_finalised_edition_refuses_edits_and_a_second_finalising(scenario):
    s = scenario
    edition = _finalised(s)

    with pytest.raises(ValidationError) as edit_error:
        editions.edition_update(
            edition=edition,
            values={"causes": "Sửa sau khi chốt"},
            expected_version=3,
            user=s["staff"],
        )
    with pytest.raises(ValidationError) as final_error:
        editions.edition_finalise(edition=edition, expected_version=3, user=s["staff"])

    assert edit_error.value.messages == ["Báo cáo đã chốt nên không thể sửa."]
    assert final_error.value.messages == ["Báo cáo đã được chốt trước đó."]
    assert ReportEdition.objects.get().causes == edition.causes


def test_pdf_of_a_finalised_edition_is_a_pdf(client, scenario):
    _finalised(scenario)
    client.force_login(scenario["leader"])

    response = client.get("/reports/huyen-a-2022/2022-Q2.pdf")

    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    assert response["Content-Disposition"] == (
        'attachment; filename="bao-cao-cchc-huyen-a-2022-2022-Q2.pdf"'
    )


def test_agencies_that_sent_nothing_are_named_together_in_the_shortcomings():
    from types import SimpleNamespace as NS

    from tasks.reports.narrative import _missing_lines

    communes = [
        NS(agency=NS(name=f"UBND xã {n}"), expected=6, submitted=0, missing=6) for n in "ABCD"
    ]
    office = NS(agency=NS(name="Phòng Tư pháp"), expected=3, submitted=1, missing=2)

    assert _missing_lines([*communes, office]) == [
        "- 4 đơn vị chưa gửi báo cáo nào (mỗi đơn vị 6 báo cáo): UBND xã A, UBND xã B, "
        "UBND xã C, UBND xã D",
        "- Phòng Tư pháp: còn thiếu 2/3 báo cáo",
    ]
