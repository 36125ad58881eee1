"""Audit history and lost updates: task versions in the admin, reasons, the task history page."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from plans.periods import Period
from tasks.interchange import export_plan_document, import_plan_document
from tasks.models import AssignmentRole, ProgressReport, Task, TaskAssignment, TaskStatus
from tasks.progress.services import report_accept, report_save
from tasks.services import StaleVersionError, claim_version
from tests.admin_forms import admin_form_data
from tests.factories import ProgressReportFactory, TaskAssignmentFactory, TaskFactory

pytestmark = pytest.mark.django_db


def _task(s):
    task = TaskFactory(area=s["area"], code="1", title="Xây dựng kế hoạch CCHC")
    TaskAssignmentFactory(task=task, agency=s["office"], role=AssignmentRole.LEAD, order=1)
    return task


def _change_url(task):
    return reverse("admin:tasks_task_change", args=[task.pk])


def _staff_client(user):
    client = Client()
    client.force_login(user)
    return client


# --- no lost update -------------------------------------------------------------------------


def test_two_admins_saving_the_same_task_the_second_is_refused_with_the_first_change(
    district_setup, django_user_model
):
    s = district_setup
    task = _task(s)
    first = _staff_client(s["staff"])
    second_user = django_user_model.objects.create_superuser("tong-hop", password="x-Secret-1")
    second = _staff_client(second_user)
    url = _change_url(task)
    first_page = first.get(url)
    second_page = second.get(url)

    saved = first.post(url, admin_form_data(first_page, title="Tiêu đề của người thứ nhất"))
    refused = second.post(
        url, admin_form_data(second_page, title="Tiêu đề của người thứ hai", notes="Ghi chú B")
    )

    task.refresh_from_db()
    assert saved.status_code == 302
    assert refused.status_code == 200
    assert (task.title, task.notes, task.version) == ("Tiêu đề của người thứ nhất", "", 2)
    form = refused.context["adminform"].form
    message = " ".join(form.non_field_errors())
    assert "Nhiệm vụ vừa được a-noivu cập nhật lúc" in message
    assert "Nhiệm vụ: Xây dựng kế hoạch CCHC → Tiêu đề của người thứ nhất" in message
    # The user's input stays on the form, now carrying the current version.
    assert (form["title"].value(), form["notes"].value(), form["version"].value()) == (
        "Tiêu đề của người thứ hai",
        "Ghi chú B",
        2,
    )


def test_saving_again_after_a_stale_warning_overwrites_deliberately(district_setup):
    s = district_setup
    task = _task(s)
    client = _staff_client(s["staff"])
    url = _change_url(task)
    page = client.get(url)
    Task.objects.filter(pk=task.pk).update(version=5)

    refused = client.post(url, admin_form_data(page, title="Lần một"))
    accepted = client.post(url, admin_form_data(refused, title="Lần hai"))

    task.refresh_from_db()
    assert (refused.status_code, accepted.status_code) == (200, 302)
    assert (task.title, task.version) == ("Lần hai", 6)


def test_admin_task_save_locks_the_task_without_blocking_its_reports(district_setup):
    """FOR NO KEY UPDATE, not FOR UPDATE: a progress report saved at the same moment needs a
    key-share lock on its task, and with FOR UPDATE the two transactions deadlocked on the
    plan's stamp row (found by bench/load.sh)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    s = district_setup
    task = _task(s)
    client = _staff_client(s["staff"])
    page = client.get(_change_url(task))

    with CaptureQueriesContext(connection) as captured:
        client.post(_change_url(task), admin_form_data(page, title="Tiêu đề mới"))

    locks = [q["sql"] for q in captured.captured_queries if " FOR " in q["sql"]]
    if connection.vendor == "postgresql":
        assert any(sql.endswith("FOR NO KEY UPDATE") and '"tasks_task"' in sql for sql in locks)
        assert not any(sql.endswith(" FOR UPDATE") and 'FROM "tasks_task"' in sql for sql in locks)
    else:  # SQLite locks the whole database on write: no row locks at all
        assert locks == []


def test_claim_version_is_a_conditional_update(district_setup):
    task = _task(district_setup)

    assert claim_version(Task, task.pk, 2) is False
    assert claim_version(Task, task.pk, 1) is True
    assert claim_version(Task, task.pk, 1) is False
    assert Task.objects.get(pk=task.pk).version == 2


def test_report_accept_refuses_a_report_changed_in_between(district_setup):
    s = district_setup
    task = _task(s)
    report = ProgressReportFactory(task=task, agency=s["office"])
    ProgressReport.objects.filter(pk=report.pk).update(version=2)

    with pytest.raises(StaleVersionError):
        report_accept(user=s["staff"], report=report, expected_version=1)

    report.refresh_from_db()
    assert (report.review_state, report.version) == ("submitted", 2)


# --- reasons --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "changes",
    [
        {"status": TaskStatus.DONE},
        {"due_date": "2022-09-30"},
        {"deadline_text": "Quý III/2022"},
    ],
    ids=["status", "due_date", "deadline_text"],
)
def test_status_or_deadline_change_needs_a_reason(district_setup, changes):
    s = district_setup
    task = _task(s)
    client = _staff_client(s["staff"])
    page = client.get(_change_url(task))

    response = client.post(_change_url(task), admin_form_data(page, **changes))

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["change_reason"] == [
        "Vui lòng ghi lý do khi thay đổi trạng thái hoặc thời hạn của nhiệm vụ."
    ]
    assert Task.objects.get(pk=task.pk).version == 1


def test_reason_is_recorded_in_the_history(district_setup):
    s = district_setup
    task = _task(s)
    client = _staff_client(s["staff"])
    page = client.get(_change_url(task))

    response = client.post(
        _change_url(task),
        admin_form_data(
            page,
            status=TaskStatus.DONE,
            completed_on="2022-02-10",
            change_reason="Đã ban hành kế hoạch",
        ),
    )

    assert response.status_code == 302
    latest = task.history.first()
    assert (latest.status, latest.history_user, latest.history_change_reason) == (
        TaskStatus.DONE,
        s["staff"],
        "Đã ban hành kế hoạch",
    )


def test_other_changes_need_no_reason(district_setup):
    s = district_setup
    task = _task(s)
    client = _staff_client(s["staff"])
    page = client.get(_change_url(task))

    response = client.post(_change_url(task), admin_form_data(page, notes="Ghi chú mới"))

    assert response.status_code == 302


def test_lead_agency_change_needs_a_reason_and_records_it(district_setup):
    s = district_setup
    task = _task(s)
    client = _staff_client(s["staff"])
    page = client.get(_change_url(task))
    data = admin_form_data(page)
    data["assignments-0-agency"] = str(s["finance"].pk)

    refused = client.post(_change_url(task), data)
    accepted = client.post(_change_url(task), {**data, "change_reason": "Giao lại cho Phòng TC-KH"})

    assert refused.status_code == 200
    errors = refused.context["inline_admin_formsets"][0].formset.non_form_errors()
    assert list(errors) == [
        "Vui lòng ghi lý do thay đổi (ô “Lý do thay đổi” ở trên) khi đổi cơ quan chủ trì."
    ]
    assert accepted.status_code == 302
    assignment = TaskAssignment.objects.get(task=task)
    assert assignment.agency == s["finance"]
    latest = assignment.history.first()
    assert (latest.history_user, latest.history_change_reason) == (
        s["staff"],
        "Giao lại cho Phòng TC-KH",
    )


# --- the history page -----------------------------------------------------------------------


def test_task_history_page_shows_who_changed_what_and_why(client, district_setup):
    s = district_setup
    task = _task(s)
    staff = _staff_client(s["staff"])
    page = staff.get(_change_url(task))
    staff.post(
        _change_url(task),
        admin_form_data(page, status=TaskStatus.IN_PROGRESS, change_reason="Bắt đầu triển khai"),
    )
    report_save(
        user=s["office_head"],
        task=task,
        period=Period(2022, 2),
        values={"status": "in_progress", "percent": 30, "result": "Đang soạn"},
        submit=True,
        expected_version=None,
        today=datetime.date(2022, 6, 1),
    )
    client.force_login(s["leader"])

    response = client.get(reverse("task-history", args=[task.pk]))

    rows = response.context["rows"]
    assert [(r.user, r.subject, r.action, r.reason) for r in rows] == [
        ("a-phong-noi-vu", "Báo cáo Quý II/2022: Phòng Nội vụ", "Tạo mới", ""),
        ("a-noivu", "Nhiệm vụ", "Sửa", "Bắt đầu triển khai"),
        ("(hệ thống)", "Phân công chủ trì: Phòng Nội vụ", "Tạo mới", ""),
        ("(hệ thống)", "Nhiệm vụ", "Tạo mới", ""),
    ]
    assert [(c.field, c.old, c.new) for c in rows[1].changes] == [
        ("Trạng thái", "Chưa thực hiện", "Đang thực hiện")
    ]
    assert "Chưa thực hiện → Đang thực hiện" in response.text
    assert "Bắt đầu triển khai" in response.text


def test_task_history_page_shows_milestones_as_dates(client, district_setup):
    s = district_setup
    task = _task(s)
    task.milestones = ["2022-02-28"]
    task.save()
    task.milestones = ["2022-01-31", "2022-03-15"]
    task.save()
    client.force_login(s["leader"])

    response = client.get(reverse("task-history", args=[task.pk]))

    changes = [(c.field, c.old, c.new) for c in response.context["rows"][0].changes]
    assert changes == [("Các mốc trung gian", "28/02/2022", "31/01/2022; 15/03/2022")]


@pytest.mark.parametrize("count", [1, 6])
def test_task_history_page_query_count_does_not_grow(
    client, district_setup, django_assert_max_num_queries, count
):
    s = district_setup
    task = _task(s)
    for i in range(count):
        task.notes = f"Lần {i}"
        task.save()
        ProgressReportFactory(task=task, agency=s["office"], year=2022, quarter=1 + i % 4)
        ProgressReport.objects.filter(task=task).delete()
    client.force_login(s["staff"])

    with django_assert_max_num_queries(13):
        response = client.get(reverse("task-history", args=[task.pk]))

    # The task's creation and saves, its assignment, each report's creation and deletion.
    assert len(response.context["rows"]) == 2 + count + 2 * count


def test_admin_task_page_links_to_the_history_page(district_setup):
    s = district_setup
    task = _task(s)

    response = _staff_client(s["staff"]).get(_change_url(task))

    assert reverse("task-history", args=[task.pk]) in response.text


def test_plan_import_records_assignment_history_in_bulk(district_setup):
    s = district_setup
    task = _task(s)
    document = export_plan_document(task.plan)
    TaskAssignment.history.all().delete()

    import_plan_document(document)

    # The old row's deletion, and the new row written by bulk_create_with_history.
    records = TaskAssignment.history.all()
    assert sorted(r.history_type for r in records) == ["+", "-"]
    assert {r.id for r in records if r.history_type == "+"} == set(
        TaskAssignment.objects.values_list("pk", flat=True)
    )
