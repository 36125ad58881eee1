"""Progress reports: the agency portal, the report form, review, evidence files."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from plans.periods import Period
from tasks.models import AssignmentRole, ProgressReport, ReviewState
from tasks.progress.services import report_accept, report_return, report_save
from tasks.services import StaleVersionError
from tests.factories import ProgressReportFactory, TaskAssignmentFactory, TaskFactory

pytestmark = pytest.mark.django_db

Q2 = Period(2022, 2)
TODAY = datetime.date(2022, 6, 5)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _task(s, code="1", **assignments):
    task = TaskFactory(area=s["area"], code=code, title=f"Nhiệm vụ {code}")
    for order, (role, agency) in enumerate(assignments.items(), start=1):
        TaskAssignmentFactory(
            task=task, agency=s[agency], role=role.rstrip("0123456789"), order=order
        )
    return task


def _values(**overrides):
    values = {
        "status": "in_progress",
        "percent": 40,
        "completion_date": None,
        "result": "Đã xây dựng dự thảo",
        "product_issued": "",
        "difficulties": "",
        "proposals": "",
    }
    values.update(overrides)
    return values


def _post(client, task, period="2022-Q2", **data):
    payload = {
        "status": "in_progress",
        "percent": "40",
        "completion_date": "",
        "result": "Đã xây dựng dự thảo",
        "product_issued": "",
        "difficulties": "",
        "proposals": "",
        "version": "",
        "submit": "1",
    }
    payload.update(data)
    return client.post(reverse("report-edit", args=[task.pk, period]), payload)


# --- portal ---------------------------------------------------------------------------


def test_portal_lists_exactly_the_office_tasks(client, district_setup):
    s = district_setup
    own = _task(s, "1", lead="office")
    partner = _task(s, "2", lead="finance", partner="office")
    _task(s, "3", lead="finance")
    _task(s, "4", lead="communes")
    client.force_login(s["office_head"])

    response = client.get(reverse("my-tasks"), {"period": "2022-Q2"})

    rows = [(r.task, r.role, r.via) for _, rows in response.context["groups"] for r in rows]
    assert rows == [(own, "lead", None), (partner, "partner", None)]


def test_portal_lists_commune_group_tasks_for_a_commune(client, district_setup):
    s = district_setup
    group_task = _task(s, "4", lead="communes")
    _task(s, "1", lead="office")
    client.force_login(s["commune_head"])

    response = client.get(reverse("my-tasks"), {"period": "2022-Q2"})

    rows = [(r.task, r.role, r.via) for _, rows in response.context["groups"] for r in rows]
    assert rows == [(group_task, "lead", s["communes"])]
    assert "qua nhóm “UBND các xã, thị trấn”" in response.text


def test_portal_filters_by_role_and_report_state(client, district_setup):
    s = district_setup
    lead_task = _task(s, "1", lead="office")
    partner_task = _task(s, "2", lead="finance", partner="office")
    ProgressReportFactory(task=lead_task, agency=s["office"], review_state="submitted")
    client.force_login(s["office_head"])

    by_role = client.get(reverse("my-tasks"), {"period": "2022-Q2", "role": "partner"})
    unreported = client.get(reverse("my-tasks"), {"period": "2022-Q2", "status": "none"})
    submitted = client.get(reverse("my-tasks"), {"period": "2022-Q2", "status": "submitted"})

    def tasks(response):
        return [r.task for _, rows in response.context["groups"] for r in rows]

    assert tasks(by_role) == [partner_task]
    assert tasks(unreported) == [partner_task]
    assert tasks(submitted) == [lead_task]


def test_portal_marks_overdue_tasks_not_done(client, district_setup):
    s = district_setup
    late = TaskFactory(area=s["area"], code="1", due_date=datetime.date(2022, 3, 31))
    done = TaskFactory(area=s["area"], code="2", due_date=datetime.date(2022, 3, 31))
    future = TaskFactory(area=s["area"], code="3", due_date=datetime.date(2022, 12, 31))
    for task in (late, done, future):
        TaskAssignmentFactory(task=task, agency=s["office"], role=AssignmentRole.LEAD)
    ProgressReportFactory(
        task=done,
        agency=s["office"],
        quarter=1,
        status="done",
        completion_date=datetime.date(2022, 3, 20),
        percent=100,
    )
    client.force_login(s["office_head"])

    response = client.get(reverse("my-tasks"), {"period": "2022-Q2"})

    overdue = {r.task.code: r.overdue for _, rows in response.context["groups"] for r in rows}
    assert overdue == {"1": True, "2": False, "3": False}


def test_portal_shows_plan_report_due_date(client, district_setup):
    s = district_setup
    s["plan"].report_due_day = 10
    s["plan"].save()
    _task(s, "1", lead="office")
    client.force_login(s["office_head"])

    response = client.get(reverse("my-tasks"), {"period": "2022-Q2"})

    assert "Hạn gửi báo cáo: <strong>10/06/2022</strong>" in response.text


@pytest.mark.parametrize(
    "params", [{"period": "2022-Q5"}, {"period": "2030-Q1"}, {"plan": "khong-co"}]
)
def test_portal_bad_filters_are_404(client, district_setup, params):
    client.force_login(district_setup["office_head"])
    assert client.get(reverse("my-tasks"), params).status_code == 404


def test_portal_is_for_agency_heads_only(client, district_setup):
    client.force_login(district_setup["staff"])
    assert client.get(reverse("my-tasks")).status_code == 403


@pytest.mark.parametrize("count", [2, 20])
def test_portal_query_count_does_not_grow_with_tasks(
    client, district_setup, django_assert_max_num_queries, count
):
    s = district_setup
    for i in range(count):
        task = _task(s, str(i + 1), lead="office", partner="finance")
        ProgressReportFactory(task=task, agency=s["office"])
    client.force_login(s["office_head"])

    # 13: the page also lists the agency's returned reports and counts unread notices.
    with django_assert_max_num_queries(13):
        response = client.get(reverse("my-tasks"), {"period": "2022-Q2"})

    assert response.context["row_count"] == count


# --- report rules (service) ---------------------------------------------------------------


def test_report_save_submits_new_report(district_setup):
    s = district_setup
    task = _task(s, lead="office")

    report = report_save(
        user=s["office_head"],
        task=task,
        period=Q2,
        values=_values(),
        submit=True,
        expected_version=None,
        today=TODAY,
    )

    assert (report.review_state, report.version, report.submitted_by, report.percent) == (
        ReviewState.SUBMITTED,
        1,
        s["office_head"],
        40,
    )


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        (
            _values(status="done", completion_date=None),
            "completion_date",
            "phải có ngày hoàn thành",
        ),
        (
            _values(status="done", completion_date=datetime.date(2022, 6, 6)),
            "completion_date",
            "không được sau ngày hôm nay",
        ),
        (
            _values(status="done", completion_date=datetime.date(2021, 12, 31)),
            "completion_date",
            "trước khi kế hoạch bắt đầu",
        ),
        (_values(percent=101), "percent", "từ 0 đến 100%"),
        (_values(percent=-1), "percent", "từ 0 đến 100%"),
    ],
)
def test_report_save_bad_values_are_refused_and_nothing_saved(
    district_setup, values, field, message
):
    s = district_setup
    task = _task(s, lead="office")

    with pytest.raises(Exception) as excinfo:
        report_save(
            user=s["office_head"],
            task=task,
            period=Q2,
            values=values,
            submit=True,
            expected_version=None,
            today=TODAY,
        )

    assert any(message in m for m in excinfo.value.message_dict[field])
    assert ProgressReport.objects.count() == 0


def test_report_save_done_sets_percent_to_100(district_setup):
    s = district_setup
    task = _task(s, lead="office")

    report = report_save(
        user=s["office_head"],
        task=task,
        period=Q2,
        values=_values(status="done", percent=80, completion_date=datetime.date(2022, 5, 2)),
        submit=True,
        expected_version=None,
        today=TODAY,
    )

    assert (report.status, report.percent, report.completion_date) == (
        "done",
        100,
        datetime.date(2022, 5, 2),
    )


def test_report_save_from_stale_form_is_refused(district_setup):
    s = district_setup
    task = _task(s, lead="office")
    report_save(
        user=s["office_head"],
        task=task,
        period=Q2,
        values=_values(),
        submit=False,
        expected_version=None,
        today=TODAY,
    )
    report_save(
        user=s["office_head"],
        task=task,
        period=Q2,
        values=_values(result="Lần 2"),
        submit=False,
        expected_version=1,
        today=TODAY,
    )

    with pytest.raises(StaleVersionError) as excinfo:
        report_save(
            user=s["office_head"],
            task=task,
            period=Q2,
            values=_values(result="Cũ"),
            submit=True,
            expected_version=1,
            today=TODAY,
        )

    assert excinfo.value.current.result == "Lần 2"
    assert ProgressReport.objects.get().result == "Lần 2"


# --- report form (view) ------------------------------------------------------------------


def test_report_form_submit_redirects_to_portal(client, district_setup):
    s = district_setup
    task = _task(s, lead="office")
    client.force_login(s["office_head"])

    response = _post(client, task, product_issued="Kế hoạch số 12/KH-UBND ngày 20/01/2022")

    assert response.status_code == 302
    report = ProgressReport.objects.get()
    assert (
        report.agency,
        report.year,
        report.quarter,
        report.review_state,
        report.product_issued,
    ) == (
        s["office"],
        2022,
        2,
        "submitted",
        "Kế hoạch số 12/KH-UBND ngày 20/01/2022",
    )


def test_report_form_save_draft_keeps_draft_state(client, district_setup):
    s = district_setup
    task = _task(s, lead="office")
    client.force_login(s["office_head"])

    data = {"save": "1"}
    response = client.post(
        reverse("report-edit", args=[task.pk, "2022-Q2"]),
        {"status": "in_progress", "percent": "10", "result": "Bắt đầu", "version": "", **data},
    )

    assert response.status_code == 302
    assert ProgressReport.objects.get().review_state == "draft"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"status": "done", "completion_date": "2999-01-01"},
            "Ngày hoàn thành không được sau ngày hôm nay.",
        ),
        (
            {"status": "done", "completion_date": ""},
            "Nhiệm vụ đã hoàn thành phải có ngày hoàn thành.",
        ),
        ({"status": "done", "completion_date": "31/02/2022"}, "Ngày hoàn thành không hợp lệ"),
        ({"percent": "150"}, "Tỷ lệ hoàn thành phải từ 0 đến 100%."),
        ({"percent": "mười"}, "Tỷ lệ hoàn thành phải là số từ 0 đến 100."),
        ({"result": "x" * 5001}, "Kết quả thực hiện tối đa 5000 ký tự."),
    ],
)
def test_report_form_bad_input_shows_vietnamese_message_and_saves_nothing(
    client, district_setup, data, message
):
    s = district_setup
    task = _task(s, lead="office")
    client.force_login(s["office_head"])

    response = _post(client, task, **data)

    assert response.status_code == 200
    assert message in response.text
    assert ProgressReport.objects.count() == 0


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"percent": "150"}, "percent", "Tỷ lệ hoàn thành phải từ 0 đến 100%."),
        (
            {"status": "done", "completion_date": ""},
            "completion_date",
            "Nhiệm vụ đã hoàn thành phải có ngày hoàn thành.",
        ),
    ],
)
def test_report_form_constraint_errors_are_attached_to_their_field_and_announced(
    client, district_setup, data, field, message
):
    s = district_setup
    task = _task(s, lead="office")
    client.force_login(s["office_head"])

    response = _post(client, task, **data)

    form = response.context["form"]
    assert form.errors[field] == [message]
    assert form.non_field_errors() == []
    assert f'<div class="errorlist" id="id_{field}_error" role="alert">' in response.text
    assert f'aria-describedby="id_{field}_helptext id_{field}_error"' in response.text or (
        f'aria-describedby="id_{field}_error"' in response.text
    )
    assert response.text.split("<title>")[1].startswith("Lỗi: ")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("virus.exe", b"MZ\x90\x00", "Loại tệp không được chấp nhận"),
        ("bao-cao.pdf", b"<html>not a pdf</html>", "Nội dung tệp không đúng với định dạng .pdf"),
        ("bang.xlsx", b"PK\x03\x04not really a zip", "Nội dung tệp không đúng với định dạng .xlsx"),
    ],
)
def test_report_form_wrong_evidence_type_is_refused(client, district_setup, name, content, message):
    s = district_setup
    task = _task(s, lead="office")
    client.force_login(s["office_head"])

    response = _post(client, task, evidence=SimpleUploadedFile(name, content))

    assert message in response.text
    assert ProgressReport.objects.count() == 0


def test_report_form_oversized_evidence_is_refused(client, district_setup, settings):
    s = district_setup
    task = _task(s, lead="office")
    client.force_login(s["office_head"])
    big = SimpleUploadedFile("lon.pdf", PDF + b"0" * (10 * 1024 * 1024))

    response = _post(client, task, evidence=big)

    assert "Tệp quá lớn" in response.text
    assert ProgressReport.objects.count() == 0


def test_report_form_task_of_another_agency_is_404(client, district_setup):
    s = district_setup
    task = _task(s, lead="finance")
    client.force_login(s["office_head"])

    assert client.get(reverse("report-edit", args=[task.pk, "2022-Q2"])).status_code == 404
    assert _post(client, task).status_code == 404
    assert ProgressReport.objects.count() == 0


def test_report_form_malformed_period_is_404(client, district_setup):
    s = district_setup
    task = _task(s, lead="office")
    client.force_login(s["office_head"])

    assert client.get(reverse("report-edit", args=[task.pk, "2022-Q5"])).status_code == 404


def test_report_form_second_submit_from_stale_form_keeps_input(client, district_setup):
    s = district_setup
    task = _task(s, lead="office")
    client.force_login(s["office_head"])
    _post(client, task, result="Bản đầu")
    _post(client, task, result="Bản sửa", version="1")

    response = _post(client, task, result="Bản cũ của tab khác", version="1")

    assert response.status_code == 200
    assert "vừa được cập nhật ở nơi khác" in response.text
    assert "Bản cũ của tab khác" in response.text
    assert ProgressReport.objects.get().result == "Bản sửa"


def test_report_form_prefills_from_previous_period(client, district_setup):
    s = district_setup
    task = _task(s, lead="office")
    ProgressReportFactory(task=task, agency=s["office"], quarter=1, result="Kết quả quý I")
    client.force_login(s["office_head"])

    response = client.get(reverse("report-edit", args=[task.pk, "2022-Q2"]))

    assert response.context["form"].initial["result"] == "Kết quả quý I"
    assert [r.quarter for r in response.context["earlier"]] == [1]


# --- review ------------------------------------------------------------------------------


def _submitted(s, **kwargs):
    task = _task(s, lead="office")
    return ProgressReportFactory(task=task, agency=s["office"], **kwargs)


def test_review_lifecycle_return_resubmit_accept_lock(client, district_setup):
    s = district_setup
    task = _task(s, lead="office")
    client.force_login(s["office_head"])
    _post(client, task, result="Bản đầu")
    report = ProgressReport.objects.get()

    staff = district_setup["staff"]
    report = report_return(user=staff, report=report, note="Thiếu số văn bản", expected_version=1)
    assert (report.review_state, report.review_note, report.reviewed_by) == (
        "returned",
        "Thiếu số văn bản",
        staff,
    )

    portal = client.get(reverse("my-tasks"), {"period": "2022-Q2"})
    assert "Thiếu số văn bản" in portal.text

    _post(
        client,
        task,
        result="Bản sửa",
        product_issued="Kế hoạch số 5/KH-UBND",
        version=str(report.version),
    )
    report.refresh_from_db()
    assert (report.review_state, report.result) == ("submitted", "Bản sửa")

    report = report_accept(user=staff, report=report, expected_version=report.version)
    assert report.review_state == "accepted"

    response = _post(client, task, result="Sửa sau khi duyệt", version=str(report.version))
    report.refresh_from_db()
    assert response.status_code == 302
    assert report.result == "Bản sửa"
    with pytest.raises(Exception, match="đã được duyệt"):
        report_save(
            user=s["office_head"],
            task=task,
            period=Q2,
            values=_values(),
            submit=True,
            expected_version=report.version,
            today=TODAY,
        )


def test_return_without_note_is_refused(district_setup):
    report = _submitted(district_setup)

    with pytest.raises(Exception) as excinfo:
        report_return(user=district_setup["staff"], report=report, note="  ", expected_version=1)

    assert excinfo.value.message_dict == {"note": ["Vui lòng ghi rõ lý do trả lại báo cáo."]}
    report.refresh_from_db()
    assert report.review_state == "submitted"


def test_review_page_lists_submitted_reports_and_missing_agencies(client, district_setup):
    s = district_setup
    report = _submitted(s)
    _task(s, "2", lead="finance")
    client.force_login(s["staff"])

    response = client.get(reverse("review"), {"plan": "huyen-a-2022", "period": "2022-Q2"})

    assert list(response.context["reports"]) == [report]
    assert [(m.agency.name, m.expected, m.submitted) for m in response.context["missing"]] == [
        ("Phòng Tài chính - Kế hoạch", 1, 0)
    ]


def test_review_accept_and_return_through_the_page(client, district_setup):
    s = district_setup
    first = _submitted(s)
    second = ProgressReportFactory(task=_task(s, "2", lead="office"), agency=s["office"])
    client.force_login(s["staff"])

    client.post(reverse("review-accept", args=[first.pk]), {"version": "1"})
    client.post(
        reverse("review-return", args=[second.pk]), {"version": "1", "note": "Bổ sung minh chứng"}
    )
    empty_note = client.post(
        reverse("review-return", args=[first.pk]), {"version": "2", "note": ""}, follow=True
    )

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.review_state, second.review_state, second.review_note) == (
        "accepted",
        "returned",
        "Bổ sung minh chứng",
    )
    assert "Vui lòng ghi rõ lý do trả lại báo cáo." in empty_note.text


def test_review_stale_version_is_refused(client, district_setup):
    report = _submitted(district_setup)
    client.force_login(district_setup["staff"])

    response = client.post(
        reverse("review-accept", args=[report.pk]), {"version": "7"}, follow=True
    )

    report.refresh_from_db()
    assert report.review_state == "submitted"
    assert "hãy xem lại trước khi duyệt" in response.text


def test_district_leader_can_read_review_page_but_not_accept(client, district_setup):
    report = _submitted(district_setup)
    client.force_login(district_setup["leader"])

    page = client.get(reverse("review"))
    accept = client.post(reverse("review-accept", args=[report.pk]), {"version": "1"})

    assert page.status_code == 200
    assert accept.status_code == 403
    report.refresh_from_db()
    assert report.review_state == "submitted"


def test_other_district_staff_cannot_accept(client, district_setup):
    report = _submitted(district_setup)
    client.force_login(district_setup["outsider"])

    response = client.post(reverse("review-accept", args=[report.pk]), {"version": "1"})

    assert response.status_code == 404
    report.refresh_from_db()
    assert report.review_state == "submitted"


def test_agency_head_cannot_open_review(client, district_setup):
    client.force_login(district_setup["office_head"])
    assert client.get(reverse("review")).status_code == 404


@pytest.mark.parametrize("count", [2, 20])
def test_review_page_query_count_does_not_grow(
    client, district_setup, django_assert_max_num_queries, count
):
    s = district_setup
    for i in range(count):
        ProgressReportFactory(
            task=_task(s, str(i + 1), lead="office", partner="finance"), agency=s["office"]
        )
    client.force_login(s["staff"])

    # 16: paging counts the reports, one query counts them per state, one counts unread
    # notices.
    with django_assert_max_num_queries(16):
        response = client.get(reverse("review"), {"plan": "huyen-a-2022", "period": "2022-Q2"})

    assert len(response.context["reports"]) == count


# --- evidence -------------------------------------------------------------------------------


def test_evidence_is_served_to_its_agency_and_staff_only(
    client, district_setup, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    s = district_setup
    task = _task(s, lead="office", partner="finance")
    client.force_login(s["office_head"])
    _post(client, task, evidence=SimpleUploadedFile("ke-hoach.pdf", PDF))
    report = ProgressReport.objects.get()
    url = reverse("evidence", args=[report.pk])

    own = client.get(url)
    client.force_login(s["staff"])
    staff = client.get(url)
    client.force_login(s["finance_head"])
    partner = client.get(url)
    client.force_login(s["outsider"])
    outsider = client.get(url)

    assert (own.status_code, staff.status_code, partner.status_code, outsider.status_code) == (
        200,
        200,
        404,
        404,
    )
    assert b"".join(own.streaming_content) == PDF
    assert b"".join(staff.streaming_content) == PDF
    assert own["Content-Disposition"] == 'attachment; filename="ke-hoach.pdf"'


# --- demo accounts ------------------------------------------------------------------------------


def test_create_demo_users_creates_every_role_and_is_idempotent(settings, district_setup):
    settings.DEBUG = True
    out = io.StringIO()
    call_command("create_demo_users", "--password", "demo-Pass-1", stdout=out)
    call_command("create_demo_users", "--password", "demo-Pass-1", stdout=io.StringIO())

    from django.contrib.auth.models import User

    names = set(
        User.objects.filter(username__startswith="huyen-a-").values_list("username", flat=True)
    )
    assert names == {
        "huyen-a-noivu",
        "huyen-a-lanhdao",
        "huyen-a-phong-noi-vu",
        "huyen-a-phong-tai-chinh-ke-hoach",
        "huyen-a-ubnd-xa-thanh-cao",
    }
    assert "huyen-a-phong-noi-vu" in out.getvalue()
    assert User.objects.get(username="huyen-a-noivu").check_password("demo-Pass-1")


def test_create_demo_users_refuses_when_debug_is_off(settings, db):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="chỉ dùng cho máy thử"):
        call_command("create_demo_users", "--password", "x")
