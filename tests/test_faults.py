"""Faults that must become messages, never a 500: concurrent double submission of a report, a
busy database, a malformed review action on another district's report, malformed admin
filters."""

import contextlib
import datetime
import threading

import pytest
from django.db import OperationalError, connection, connections
from django.urls import reverse

from plans.periods import Period
from tasks.models import ProgressReport
from tasks.progress.services import report_save
from tasks.services import BUSY_MESSAGE, StaleVersionError
from tests.factories import ProgressReportFactory, TaskAssignmentFactory, TaskFactory

Q2 = Period(2022, 2)
TODAY = datetime.date(2022, 6, 5)
VALUES = {
    "status": "in_progress",
    "percent": 40,
    "completion_date": None,
    "result": "Đã xây dựng dự thảo",
    "product_issued": "",
    "difficulties": "",
    "proposals": "",
}
STALE_MESSAGE = "Báo cáo này vừa được cập nhật ở nơi khác."


def lead_task(s):
    task = TaskFactory(area=s["area"], code="1", title="Nhiệm vụ 1")
    TaskAssignmentFactory(task=task, agency=s["office"], role="lead")
    return task


def form_data(**overrides):
    data = {
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
    data.update(overrides)
    return data


def submit(user, task, **overrides):
    return report_save(
        user=user,
        task=task,
        period=Q2,
        values={**VALUES, **overrides},
        submit=True,
        expected_version=None,
        today=TODAY,
    )


def someone_submits_first(monkeypatch, s, task, **values):
    """Between this request's look-up (no report yet) and its insert, another request of the
    same agency creates the report: what a double click does when both pass the look-up."""
    original = ProgressReport.full_clean

    def full_clean(report, *args, **kwargs):
        original(report, *args, **kwargs)
        # The service's check of the new report (not the form's, which has no task yet).
        if report.pk is None and report.task_id and not ProgressReport.objects.exists():
            ProgressReportFactory(
                task=task,
                agency=s["office"],
                year=2022,
                quarter=2,
                submitted_by=s["office_head"],
                **{**VALUES, **values},
            )

    monkeypatch.setattr(ProgressReport, "full_clean", full_clean)


# --- a new report submitted twice at once --------------------------------------------------


@pytest.mark.django_db
def test_second_identical_submission_losing_the_race_returns_the_first_report(
    monkeypatch, district_setup
):
    s = district_setup
    task = lead_task(s)
    someone_submits_first(monkeypatch, s, task)

    report = submit(s["office_head"], task)

    assert ProgressReport.objects.count() == 1
    assert report.pk == ProgressReport.objects.get().pk
    assert (report.result, report.version) == ("Đã xây dựng dự thảo", 1)


@pytest.mark.django_db
def test_new_report_form_sent_twice_saves_once_and_confirms_both(client, district_setup):
    """A double click that the database serialises: the second request finds the first's
    report, identical, and confirms it instead of calling it a conflicting change."""
    s = district_setup
    task = lead_task(s)
    client.force_login(s["office_head"])
    url = reverse("report-edit", args=[task.pk, "2022-Q2"])

    first = client.post(url, form_data())
    second = client.post(url, form_data())

    assert first.status_code == second.status_code == 302
    # The first answer's message is still waiting to be shown: both confirm the submission.
    assert [str(m) for m in second.wsgi_request._messages] == [
        "Đã gửi báo cáo tới Phòng Nội vụ.",
        "Đã gửi báo cáo tới Phòng Nội vụ.",
    ]
    report = ProgressReport.objects.get()
    assert (report.version, report.history.count()) == (1, 1)


@pytest.mark.django_db
def test_new_report_form_sent_after_someone_else_saved_answers_stale(client, district_setup):
    s = district_setup
    task = lead_task(s)
    client.force_login(s["office_head"])
    url = reverse("report-edit", args=[task.pk, "2022-Q2"])
    client.post(url, form_data(result="Bản đầu"))

    response = client.post(url, form_data(result="Bản khác"))

    assert response.status_code == 200
    assert STALE_MESSAGE in response.text
    assert ProgressReport.objects.get().result == "Bản đầu"


@pytest.mark.django_db
def test_different_submission_losing_the_race_answers_stale_message_keeping_input(
    client, monkeypatch, district_setup
):
    s = district_setup
    task = lead_task(s)
    someone_submits_first(monkeypatch, s, task, result="Bản của người khác")
    client.force_login(s["office_head"])

    response = client.post(
        reverse("report-edit", args=[task.pk, "2022-Q2"]), form_data(result="Bản của tôi")
    )

    assert response.status_code == 200
    assert STALE_MESSAGE in response.text
    assert "Bản của tôi" in response.text  # the user's input is kept
    # The simulated competitor wrote in this request's transaction, so the refusal rolled both
    # back: nothing of "Bản của tôi" was kept (the threaded test below has two transactions).
    assert ProgressReport.objects.count() == 0


@pytest.mark.django_db
def test_losing_the_race_raises_stale_version_with_the_winners_report(monkeypatch, district_setup):
    s = district_setup
    task = lead_task(s)
    someone_submits_first(monkeypatch, s, task, percent=60)

    with pytest.raises(StaleVersionError) as raised:
        submit(s["office_head"], task)

    assert (raised.value.current.percent, raised.value.current.version) == (60, 1)


@pytest.mark.django_db
def test_a_report_created_before_the_services_own_check_still_answers_stale_version(
    monkeypatch, district_setup
):
    """The other request's row is committed after this one's look-up but before it validates
    the new report: validation must not answer Django's generic "already exists" message."""
    s = district_setup
    task = lead_task(s)
    original = ProgressReport.full_clean

    def full_clean(report, *args, **kwargs):
        if report.pk is None and report.task_id and not ProgressReport.objects.exists():
            ProgressReportFactory(
                task=task,
                agency=s["office"],
                year=2022,
                quarter=2,
                submitted_by=s["office_head"],
                **{**VALUES, "percent": 70},
            )
        original(report, *args, **kwargs)

    monkeypatch.setattr(ProgressReport, "full_clean", full_clean)

    with pytest.raises(StaleVersionError) as raised:
        submit(s["office_head"], task)

    assert (raised.value.current.percent, raised.value.current.version) == (70, 1)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_simultaneous_submissions_of_a_new_report_write_one_row(district_setup):
    """Two threads (two connections) submit the same new report at the same moment: both
    look it up before either inserts. One row is written; each request gets the report or a
    clear message, never an error."""
    s = district_setup
    task = lead_task(s)
    both_looked = threading.Barrier(2, timeout=10)
    original = ProgressReport.full_clean

    def full_clean(report, *args, **kwargs):
        original(report, *args, **kwargs)
        if report.task_id:
            # Both requests are past their look-up; now both insert (unless the database made
            # the other request wait before its look-up: then the barrier breaks).
            with contextlib.suppress(threading.BrokenBarrierError):
                both_looked.wait()

    outcomes = []

    def request():
        try:
            outcomes.append(("saved", submit(s["office_head"], task).pk))
        except Exception as exc:  # recorded and asserted below
            outcomes.append((type(exc).__name__, " ".join(getattr(exc, "messages", [str(exc)]))))
        finally:
            connections.close_all()

    ProgressReport.full_clean = full_clean
    try:
        threads = [threading.Thread(target=request) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
    finally:
        ProgressReport.full_clean = original

    reports = list(ProgressReport.objects.all())
    if connection.vendor == "postgresql":
        # The loser waits on the unique index, then finds the winner's identical report.
        [report] = reports
        assert outcomes == [("saved", report.pk), ("saved", report.pk)]
    else:
        # SQLite locks the whole database: a loser is told to try again (or, when its
        # transaction waits for the lock, finds the winner's identical report). When both
        # upgrade their read lock at the same instant, SQLite refuses both (its deadlock
        # rule): both are told to try again and nothing is written.
        busy = ("ValidationError", BUSY_MESSAGE)
        if reports:
            [report] = reports
            assert sorted(outcomes) in (
                [busy, ("saved", report.pk)],
                [("saved", report.pk), ("saved", report.pk)],
            )
        else:
            assert outcomes == [busy, busy]


# --- a busy database -----------------------------------------------------------------------


@pytest.mark.django_db
def test_locked_database_answers_try_again_and_writes_nothing(client, monkeypatch, district_setup):
    s = district_setup
    task = lead_task(s)

    def locked(*args, **kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(ProgressReport, "save", locked)
    client.force_login(s["office_head"])

    response = client.post(reverse("report-edit", args=[task.pk, "2022-Q2"]), form_data())

    assert response.status_code == 200
    assert BUSY_MESSAGE in response.text
    assert ProgressReport.objects.count() == 0


@pytest.mark.django_db
def test_other_operational_errors_are_not_disguised(monkeypatch, district_setup):
    s = district_setup
    task = lead_task(s)

    def broken(*args, **kwargs):
        raise OperationalError("no such table: tasks_progressreport")

    monkeypatch.setattr(ProgressReport, "save", broken)

    with pytest.raises(OperationalError):
        submit(s["office_head"], task)


# --- review actions on another district's report -------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("action", ["review-accept", "review-return"])
@pytest.mark.parametrize("version", ["abc", "", "1"])
def test_review_action_on_another_districts_report_is_404_before_anything_else(
    client, district_setup, action, version
):
    s = district_setup
    report = ProgressReportFactory(task=lead_task(s), agency=s["office"])
    client.force_login(s["outsider"])

    response = client.post(reverse(action, args=[report.pk]), {"version": version, "note": "x"})

    assert response.status_code == 404
    assert "huyen-a-2022" not in response.text
    report.refresh_from_db()
    assert (report.review_state, report.version) == ("submitted", 1)


@pytest.mark.django_db
def test_malformed_accept_in_own_district_answers_a_message(client, district_setup):
    s = district_setup
    report = ProgressReportFactory(task=lead_task(s), agency=s["office"])
    client.force_login(s["staff"])

    response = client.post(reverse("review-accept", args=[report.pk]), {"version": "abc"})

    assert response.status_code == 302
    assert response["Location"] == (
        f"/reports/review/?plan=huyen-a-2022&period=2022-Q2&acted={report.pk}#report-{report.pk}"
    )
    [message] = [str(m) for m in response.wsgi_request._messages]
    assert message == "Biểu mẫu không hợp lệ, vui lòng tải lại trang."


# --- malformed admin filters ---------------------------------------------------------------

HUGE = "9" * 20  # more than a 64-bit integer holds


def superuser():
    from django.contrib.auth.models import User

    return User.objects.create_superuser("quantri", "quantri@example.gov.vn", "Mat-khau-2026!")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changelist", "parameter", "value", "title"),
    [
        ("tasks_task", "lead", "abc", "cơ quan chủ trì"),
        ("tasks_task", "due_quarter", "0000-Q1", "hạn hoàn thành trong quý"),
        ("tasks_task", "due_quarter", "99999-Q1", "hạn hoàn thành trong quý"),
        ("tasks_task", "plan__id__exact", HUGE, "kế hoạch"),
        ("tasks_task", "area", HUGE, "lĩnh vực của kế hoạch"),
        ("tasks_task", "province", HUGE, "tỉnh, thành phố"),
        ("tasks_progressreport", "year__exact", HUGE, "năm"),
        ("plans_agency", "unit__exact", HUGE, "đơn vị hành chính"),
        ("plans_plan", "issue_date__year", HUGE, "ngày ban hành"),
        ("plans_plan", "issue_date__month", "13", "ngày ban hành"),
        ("indicators_indicator", "plan__id__exact", "abc", "kế hoạch"),
        ("tasks_task", "status__exact", "done\x00", "trạng thái"),
        ("tasks_progressreport", "review_state__exact", "abc", "trạng thái duyệt"),
        ("auth_user", "groups__id__exact", "abc", "Các nhóm"),
    ],
)
def test_malformed_admin_filter_is_ignored_with_a_message(
    client, district_setup, changelist, parameter, value, title
):
    s = district_setup
    lead_task(s)
    # Users are managed by superusers only.
    client.force_login(superuser() if changelist == "auth_user" else s["staff"])

    response = client.get(reverse(f"admin:{changelist}_changelist"), {parameter: value})

    assert response.status_code == 200
    shown = value.replace("\x00", "")
    assert [str(m) for m in response.context["messages"]] == [
        f"Bỏ qua bộ lọc có giá trị không hợp lệ: {title} = “{shown}”."
    ]
    assert parameter not in response.context["cl"].params


@pytest.mark.django_db
def test_malformed_admin_filter_is_dropped_and_the_others_still_apply(client, district_setup):
    s = district_setup
    task = lead_task(s)
    TaskFactory(area=s["area"], code="2", title="Nhiệm vụ 2")
    client.force_login(s["staff"])

    response = client.get(
        reverse("admin:tasks_task_changelist"),
        {"lead": str(s["office"].pk), "due_quarter": "0000-Q1"},
    )

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [task]
    assert response.context["cl"].params == {"lead": str(s["office"].pk)}


@pytest.mark.django_db
@pytest.mark.parametrize("size", [1, 6])
def test_checked_admin_filters_add_no_query(
    client, district_setup, django_assert_max_num_queries, size
):
    s = district_setup
    for number in range(size):
        task = TaskFactory(area=s["area"], code=str(number), title=f"Nhiệm vụ {number}")
        TaskAssignmentFactory(task=task, agency=s["office"], role="lead")
    client.force_login(s["staff"])
    url = reverse("admin:tasks_task_changelist")
    client.get(url)  # warm the session and the content types

    with django_assert_max_num_queries(16):
        response = client.get(url, {"lead": "abc", "due_quarter": "2022-Q2"})

    assert response.status_code == 200
