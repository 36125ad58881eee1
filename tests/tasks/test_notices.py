"""Notices (tasks.progress.notices): who gets one when a report is submitted, returned or
accepted, what the e-mail says, a refused address, the header's unread count, the notice list
and opening a notice."""

import datetime
import logging

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from plans.access import GROUP_AGENCY, GROUP_LEADER, GROUP_OFFICE
from plans.periods import Period
from tasks.models import Notice, NoticeKind, ProgressReport, ReviewState
from tasks.progress import notices
from tasks.progress.services import report_accept, report_return, report_save
from tasks.services import StaleVersionError
from tests.factories import (
    AgencyFactory,
    ProgressReportFactory,
    TaskAssignmentFactory,
    TaskFactory,
    make_user,
)

pytestmark = pytest.mark.django_db

PERIOD = Period(2022, 2)
TODAY = datetime.date(2022, 6, 20)
SITE = "https://cchc.example.gov.vn"
NOTE = "Đề nghị ghi rõ số thủ tục đã được đơn giản hóa."
VALUES = {"status": "in_progress", "percent": 60, "result": "Đã rà soát 12 thủ tục."}


@pytest.fixture
def world(district_setup, settings):
    settings.SITE_URL = SITE
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    s = district_setup
    task = TaskFactory(area=s["area"], code="3", title="Rà soát thủ tục hành chính của huyện")
    TaskAssignmentFactory(task=task, agency=s["office"])
    return {**s, "task": task}


def submit(world, user=None, expected_version=None):
    return report_save(
        user=user or world["office_head"],
        task=world["task"],
        period=PERIOD,
        values=dict(VALUES),
        submit=True,
        expected_version=expected_version,
        today=TODAY,
    )


def usernames(kind):
    return sorted(Notice.objects.filter(kind=kind).values_list("user__username", flat=True))


def report_form_url(world):
    return f"/tasks/{world['task'].pk}/report/2022-Q2/"


# --- hooks and recipients ---------------------------------------------------------------------


def test_submit_notifies_the_active_office_staff_of_the_plan_unit_only(
    world, django_capture_on_commit_callbacks
):
    make_user("a-noivu-2", group=GROUP_OFFICE, unit=world["unit"])
    gone = make_user("a-noivu-cu", group=GROUP_OFFICE, unit=world["unit"])
    gone.is_active = False
    gone.save()
    make_user("a-lanhdao-2", group=GROUP_LEADER, unit=world["unit"])

    with django_capture_on_commit_callbacks(execute=True):
        report = submit(world)

    assert usernames(NoticeKind.SUBMITTED) == ["a-noivu", "a-noivu-2"]
    notice = Notice.objects.get(user=world["staff"])
    assert notice.report == report
    assert notice.read_at is None
    assert notice.text == (
        "Phòng Nội vụ đã gửi báo cáo Quý II/2022 về nhiệm vụ 3: "
        "Rà soát thủ tục hành chính của huyện."
    )
    assert [m.to for m in mail.outbox] == [["a-noivu@example.test"], ["a-noivu-2@example.test"]]
    assert mail.outbox[0].subject == "[CCHC] Phòng Nội vụ đã gửi báo cáo Quý II/2022"
    assert f"{SITE}/reports/review/?plan=huyen-a-2022&period=2022-Q2" in mail.outbox[0].body
    assert f"{SITE}/notices/" in mail.outbox[0].body


def test_saving_a_draft_notifies_nobody(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        report_save(
            user=world["office_head"],
            task=world["task"],
            period=PERIOD,
            values=dict(VALUES),
            submit=False,
            expected_version=None,
            today=TODAY,
        )

    assert Notice.objects.count() == 0
    assert mail.outbox == []


def test_return_notifies_the_agency_heads_with_the_note(world, django_capture_on_commit_callbacks):
    make_user("a-phong-noi-vu-pho", group=GROUP_AGENCY, agency=world["office"])
    report = submit(world)

    with django_capture_on_commit_callbacks(execute=True):
        report_return(user=world["staff"], report=report, note=NOTE, expected_version=1)

    # Not the heads of other agencies (finance, commune), not the office staff.
    assert usernames(NoticeKind.RETURNED) == ["a-phong-noi-vu", "a-phong-noi-vu-pho"]
    assert Notice.objects.get(user=world["office_head"]).text == (
        "Phòng Nội vụ đã trả lại báo cáo Quý II/2022 về nhiệm vụ 3: "
        f"Rà soát thủ tục hành chính của huyện. Ý kiến: {NOTE}"
    )
    first = mail.outbox[0]
    assert first.to == ["a-phong-noi-vu@example.test"]
    assert first.subject == "[CCHC] Báo cáo Quý II/2022 của Phòng Nội vụ bị trả lại"
    assert f"Ý kiến: {NOTE}" in first.body
    assert f"Xem ý kiến, sửa và gửi lại báo cáo: {SITE}{report_form_url(world)}" in first.body
    assert [m.to for m in mail.outbox[1:]] == [["a-phong-noi-vu-pho@example.test"]]


def test_accept_notifies_the_agency_heads(world, django_capture_on_commit_callbacks):
    report = submit(world)

    with django_capture_on_commit_callbacks(execute=True):
        report_accept(user=world["staff"], report=report, expected_version=1)

    assert usernames(NoticeKind.ACCEPTED) == ["a-phong-noi-vu"]
    assert Notice.objects.get(kind=NoticeKind.ACCEPTED).text == (
        "Phòng Nội vụ đã duyệt báo cáo Quý II/2022 về nhiệm vụ 3: "
        "Rà soát thủ tục hành chính của huyện."
    )
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (
            ["a-phong-noi-vu@example.test"],
            "[CCHC] Báo cáo Quý II/2022 của Phòng Nội vụ đã được duyệt",
        )
    ]
    assert f"Xem báo cáo: {SITE}{report_form_url(world)}" in mail.outbox[0].body


def test_a_refused_review_writes_no_notice(world, django_capture_on_commit_callbacks):
    report = submit(world)

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(StaleVersionError):
        report_accept(user=world["staff"], report=report, expected_version=7)

    assert Notice.objects.count() == 0
    assert mail.outbox == []


def test_user_without_email_gets_only_the_in_app_notice(world, django_capture_on_commit_callbacks):
    world["office_head"].email = ""
    world["office_head"].save()
    report = submit(world)

    with django_capture_on_commit_callbacks(execute=True):
        report_accept(user=world["staff"], report=report, expected_version=1)

    assert usernames(NoticeKind.ACCEPTED) == ["a-phong-noi-vu"]
    assert mail.outbox == []


def test_a_refused_address_keeps_the_review_the_notices_and_the_other_mails(
    world, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    make_user("a-phong-noi-vu-pho", group=GROUP_AGENCY, agency=world["office"])
    report = submit(world)
    real_send = notices.send_mail

    def refusing(subject, body, from_email, recipient_list, fail_silently):
        assert fail_silently is False
        if recipient_list == ["a-phong-noi-vu@example.test"]:
            raise ConnectionRefusedError("550 mailbox unavailable")
        return real_send(subject, body, from_email, recipient_list, fail_silently=fail_silently)

    monkeypatch.setattr(notices, "send_mail", refusing)

    with (
        caplog.at_level(logging.ERROR, logger="tasks.progress.notices"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        report_accept(user=world["staff"], report=report, expected_version=1)

    assert ProgressReport.objects.get(pk=report.pk).review_state == ReviewState.ACCEPTED
    assert usernames(NoticeKind.ACCEPTED) == ["a-phong-noi-vu", "a-phong-noi-vu-pho"]
    assert [m.to for m in mail.outbox] == [["a-phong-noi-vu-pho@example.test"]]
    assert [r.getMessage() for r in caplog.records] == [
        "Notice mail to a-phong-noi-vu <a-phong-noi-vu@example.test> failed"
    ]


def test_a_refused_address_does_not_break_the_review_page(
    world, client, django_capture_on_commit_callbacks, monkeypatch
):
    report = submit(world)

    def refusing(*args, **kwargs):
        raise ConnectionRefusedError("550 mailbox unavailable")

    monkeypatch.setattr(notices, "send_mail", refusing)
    client.force_login(world["staff"])

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("review-return", args=[report.pk]), {"version": "1", "note": NOTE}
        )

    assert response.status_code == 302
    assert ProgressReport.objects.get(pk=report.pk).review_state == ReviewState.RETURNED
    assert usernames(NoticeKind.RETURNED) == ["a-phong-noi-vu"]


# --- the header's count -----------------------------------------------------------------------


def make_notices(user, report, count, *, read=0):
    now = timezone.now()
    Notice.objects.bulk_create(
        [
            Notice(
                user=user,
                kind=NoticeKind.RETURNED,
                report=report,
                text=f"Thông báo số {n}",
                created_at=now + datetime.timedelta(minutes=n),
                read_at=now if n < read else None,
            )
            for n in range(count)
        ]
    )


def test_unread_count_is_one_query_and_none_for_anonymous(world, django_assert_num_queries):
    report = ProgressReportFactory(task=world["task"], agency=world["office"])
    make_notices(world["office_head"], report, 5, read=2)
    make_notices(world["finance_head"], report, 4)
    request = RequestFactory().get("/")

    request.user = world["office_head"]
    with django_assert_num_queries(1):
        assert notices.unread_notices(request) == {"nav_notices": 3}
    request.user = AnonymousUser()
    with django_assert_num_queries(0):
        assert notices.unread_notices(request) == {}


def test_header_shows_the_unread_count(world, client):
    report = ProgressReportFactory(task=world["task"], agency=world["office"])
    make_notices(world["office_head"], report, 3)
    client.force_login(world["office_head"])

    page = client.get(reverse("home")).text

    assert '<a href="/notices/" class="notices unread">Thông báo (3)</a>' in page


def test_header_without_unread_notices_shows_no_count(world, client):
    client.force_login(world["staff"])

    page = client.get(reverse("notices")).text

    assert '<a href="/notices/" class="notices">Thông báo</a>' in page
    assert "Chưa có thông báo nào." in page


# --- the list, opening, marking read --------------------------------------------------------


@pytest.mark.parametrize("count", [3, 45])
def test_notice_list_runs_a_fixed_number_of_queries(
    world, client, count, django_assert_max_num_queries
):
    report = ProgressReportFactory(task=world["task"], agency=world["office"])
    make_notices(world["office_head"], report, count, read=1)
    make_notices(world["finance_head"], report, 2)
    client.force_login(world["office_head"])

    # Session, user, groups, profile, the header's unread count, the page's count, the page.
    with django_assert_max_num_queries(7):
        page = client.get(reverse("notices")).text

    unread_shown = min(count - 1, 30)  # the oldest one is read
    assert page.count('<tr class="unread">') == unread_shown
    assert page.count("<strong>Thông báo số") == unread_shown
    assert page.count('<tr class="read">') == min(count, 30) - unread_shown
    assert f"<strong>Thông báo số {count - 1}</strong>" in page  # newest first
    assert f"{count - 1} thông báo chưa đọc." in page
    assert ("Trang 1/2" in page) == (count > 30)


def test_second_page_shows_the_oldest_notices_with_the_read_one_plain(world, client):
    report = ProgressReportFactory(task=world["task"], agency=world["office"])
    make_notices(world["office_head"], report, 31, read=1)
    client.force_login(world["office_head"])

    page = client.get(reverse("notices") + "?page=2").text

    assert page.count('<tr class="read">') == 1
    assert page.count('<tr class="unread">') == 0
    assert "<strong>Thông báo số 0</strong>" not in page
    assert ">Thông báo số 0</a>" in page
    assert "Trang 2/2" in page


def test_opening_a_notice_marks_it_read_and_goes_to_the_report_form(world, client):
    report = ProgressReportFactory(task=world["task"], agency=world["office"])
    make_notices(world["office_head"], report, 2)
    first, second = Notice.objects.order_by("created_at")
    client.force_login(world["office_head"])

    response = client.get(reverse("notice-open", args=[first.pk]))

    assert response.status_code == 302
    assert response.url == report_form_url(world)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.read_at is not None
    assert second.read_at is None


def test_opening_a_submitted_notice_goes_to_the_review_page(world, client):
    report = ProgressReportFactory(task=world["task"], agency=world["office"])
    notice = Notice.objects.create(
        user=world["staff"], kind=NoticeKind.SUBMITTED, report=report, text="Đã gửi"
    )
    client.force_login(world["staff"])

    response = client.get(reverse("notice-open", args=[notice.pk]))

    assert response.url == "/reports/review/?plan=huyen-a-2022&period=2022-Q2"


def test_opening_another_users_notice_is_not_found_and_leaves_it_unread(world, client):
    report = ProgressReportFactory(task=world["task"], agency=world["office"])
    make_notices(world["office_head"], report, 1)
    notice = Notice.objects.get()
    client.force_login(world["finance_head"])

    response = client.get(reverse("notice-open", args=[notice.pk]))

    assert response.status_code == 404
    notice.refresh_from_db()
    assert notice.read_at is None


def test_mark_all_read_marks_only_ones_own_notices(world, client):
    report = ProgressReportFactory(task=world["task"], agency=world["office"])
    make_notices(world["office_head"], report, 4, read=1)
    make_notices(world["finance_head"], report, 2)
    client.force_login(world["office_head"])

    response = client.post(reverse("notices-read-all"), follow=True)

    assert response.redirect_chain == [("/notices/", 302)]
    assert "Đã đánh dấu đã đọc 3 thông báo." in response.text
    assert '<a href="/notices/" class="notices">Thông báo</a>' in response.text
    assert Notice.objects.filter(user=world["office_head"], read_at__isnull=True).count() == 0
    assert Notice.objects.filter(user=world["finance_head"], read_at__isnull=True).count() == 2


def test_mark_all_read_refuses_get(world, client):
    client.force_login(world["office_head"])

    assert client.get(reverse("notices-read-all")).status_code == 405


# --- the whole cycle --------------------------------------------------------------------------


def test_report_return_resubmit_accept_cycle_as_the_agency_head_reads_it(
    world, client, django_capture_on_commit_callbacks
):
    head, staff = world["office_head"], world["staff"]
    form = {**VALUES, "completion_date": "", "version": "", "submit": "1"}

    def as_user(user, url, data):
        client.force_login(user)
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data)

    as_user(head, report_form_url(world), form)
    report = ProgressReport.objects.get()
    assert report.review_state == ReviewState.SUBMITTED
    as_user(staff, reverse("review-return", args=[report.pk]), {"version": "1", "note": NOTE})

    client.force_login(head)
    assert "Thông báo (1)" in client.get(reverse("my-tasks")).text
    returned = Notice.objects.get(user=head)
    assert client.get(reverse("notice-open", args=[returned.pk])).url == report_form_url(world)
    assert "Thông báo (1)" not in client.get(report_form_url(world)).text

    as_user(head, report_form_url(world), {**form, "version": "2"})
    report.refresh_from_db()
    assert (report.review_state, report.version) == (ReviewState.SUBMITTED, 3)
    as_user(staff, reverse("review-accept", args=[report.pk]), {"version": str(report.version)})

    client.force_login(head)
    page = client.get(reverse("notices")).text
    assert "Thông báo (1)" in page
    assert "<strong>Phòng Nội vụ đã duyệt báo cáo Quý II/2022" in page
    assert [
        (n.user.username, n.kind, n.read_at is None) for n in Notice.objects.order_by("id")
    ] == [
        ("a-noivu", NoticeKind.SUBMITTED, True),
        ("a-phong-noi-vu", NoticeKind.RETURNED, False),
        ("a-noivu", NoticeKind.SUBMITTED, True),
        ("a-phong-noi-vu", NoticeKind.ACCEPTED, True),
    ]
    report.refresh_from_db()
    assert report.review_state == ReviewState.ACCEPTED
    assert [m.to[0] for m in mail.outbox] == [
        "a-noivu@example.test",
        "a-phong-noi-vu@example.test",
        "a-noivu@example.test",
        "a-phong-noi-vu@example.test",
    ]


def test_notices_of_another_agency_stay_apart(world, django_capture_on_commit_callbacks):
    """A report of the finance office returned: its head is told, the office's head is not."""
    task = TaskFactory(area=world["area"], code="4")
    TaskAssignmentFactory(task=task, agency=world["finance"])
    AgencyFactory(unit=world["unit"], name="Phòng Văn hóa")
    report = ProgressReportFactory(task=task, agency=world["finance"], version=1)

    with django_capture_on_commit_callbacks(execute=True):
        report_return(user=world["staff"], report=report, note=NOTE, expected_version=1)

    assert usernames(NoticeKind.RETURNED) == ["a-tai-chinh"]
