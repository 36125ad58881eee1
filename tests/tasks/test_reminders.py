import datetime
import io

import factory
import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from plans.access import GROUP_AGENCY
from plans.models import AgencyKind, PlanKind, UserProfile
from tasks.models import (
    AssignmentRole,
    DeadlineKind,
    ProgressReport,
    ProgressStatus,
    ReminderLog,
    ReviewState,
    TaskStatus,
)
from tasks.progress.reminders import build_digests, send_digests
from tests.factories import (
    AgencyFactory,
    PlanAreaFactory,
    PlanFactory,
    TaskAssignmentFactory,
    TaskFactory,
    UnitFactory,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 22)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"lanhdao{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.gov.vn")


class ProgressReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressReport

    task = factory.SubFactory(TaskFactory)
    agency = factory.SubFactory(AgencyFactory)
    year = 2026
    quarter = 4
    status = ProgressStatus.IN_PROGRESS
    review_state = ReviewState.SUBMITTED


def agency_head(agency, **kwargs) -> User:
    user = UserFactory(**kwargs)
    user.groups.add(Group.objects.get(name=GROUP_AGENCY))
    UserProfile.objects.create(user=user, unit=agency.unit, agency=agency)
    return user


@pytest.fixture
def area():
    district = UnitFactory(name="Thanh Oai", parent__name="Hà Nội", parent__slug="ha-noi")
    plan = PlanFactory(
        unit=district,
        number="50/KH-UBND",
        title="Kế hoạch cải cách hành chính năm 2026",
        kind=PlanKind.ANNUAL,
        start_year=2026,
        end_year=2026,
    )
    return PlanAreaFactory(plan=plan)


@pytest.fixture
def agency(area):
    return AgencyFactory(unit=area.plan.unit, name="Phòng Tư pháp")


def dated_task(area, agency, due, *, code, title, role=AssignmentRole.LEAD, **kwargs):
    task = TaskFactory(
        area=area,
        code=code,
        title=title,
        due_date=due,
        deadline_text=f"Trước ngày {due:%d/%m/%Y}",
        deadline_kind=DeadlineKind.DATE,
        **kwargs,
    )
    TaskAssignmentFactory(task=task, agency=agency, role=role)
    return task


def listed_codes(digest):
    return {
        "overdue": [i.task.code for i in digest.overdue],
        "due_soon": [i.task.code for i in digest.due_soon],
        "reports": [(i.plan.slug, i.missing, i.late) for i in digest.reports],
    }


def test_digest_lists_overdue_and_due_soon_tasks_only(area, agency):
    user = agency_head(agency, first_name="Nguyễn Văn", last_name="An")
    dated_task(area, agency, datetime.date(2026, 11, 15), code="1", title="Rà soát văn bản")
    dated_task(
        area,
        agency,
        datetime.date(2026, 11, 30),
        code="2",
        title="Kiểm tra công tác CCHC",
        role=AssignmentRole.PARTNER,
    )
    dated_task(area, agency, datetime.date(2026, 12, 31), code="3", title="Tổng kết năm")

    [digest] = build_digests(TODAY)

    assert digest.user == user
    assert digest.subject == "[CCHC] Nhắc việc ngày 22/11/2026: 1 nhiệm vụ quá hạn, 1 sắp đến hạn"
    assert digest.body == (
        "Kính gửi: Đồng chí Nguyễn Văn An – Lãnh đạo Phòng Tư pháp.\n"
        "\n"
        "Hệ thống theo dõi Kế hoạch cải cách hành chính trân trọng nhắc đồng chí các nội dung "
        "cần quan tâm tính đến ngày 22/11/2026:\n"
        "\n"
        "NHIỆM VỤ ĐÃ QUÁ HẠN (1)\n"
        "\n"
        "- Nhiệm vụ 1: Rà soát văn bản\n"
        "  Kế hoạch: Kế hoạch số 50/KH-UBND “Kế hoạch cải cách hành chính năm 2026” (2026)\n"
        "  Thời hạn: Trước ngày 15/11/2026 – hạn 15/11/2026, đã quá 7 ngày\n"
        "  Vai trò: Chủ trì\n"
        "\n"
        "NHIỆM VỤ SẮP ĐẾN HẠN TRONG 14 NGÀY (1)\n"
        "\n"
        "- Nhiệm vụ 2: Kiểm tra công tác CCHC\n"
        "  Kế hoạch: Kế hoạch số 50/KH-UBND “Kế hoạch cải cách hành chính năm 2026” (2026)\n"
        "  Thời hạn: Trước ngày 30/11/2026 – hạn 30/11/2026, còn 8 ngày\n"
        "  Vai trò: Phối hợp\n"
        "\n"
        "Đề nghị đồng chí quan tâm chỉ đạo thực hiện, cập nhật tiến độ và gửi báo cáo trên hệ "
        "thống đúng thời hạn.\n"
        "\n"
        "Trân trọng./.\n"
        "\n"
        "--\n"
        "Thư nhắc việc tự động của hệ thống theo dõi Kế hoạch cải cách hành chính, gửi mỗi ngày "
        "một lần khi có nội dung cần nhắc. Vui lòng không trả lời thư này.\n"
    )


def test_digest_includes_tasks_of_a_group_the_agency_belongs_to(area):
    commune = AgencyFactory(unit=area.plan.unit, name="UBND xã Bích Hòa", kind=AgencyKind.COMMUNE)
    communes = AgencyFactory(
        unit=area.plan.unit,
        name="UBND các xã, thị trấn",
        kind=AgencyKind.GROUP,
        includes=[AgencyKind.COMMUNE],
    )
    offices = AgencyFactory(
        unit=area.plan.unit,
        name="Các phòng ban chuyên môn",
        kind=AgencyKind.GROUP,
        includes=[AgencyKind.OFFICE],
    )
    agency_head(commune)
    dated_task(area, communes, datetime.date(2026, 11, 25), code="4", title="Niêm yết TTHC")
    dated_task(area, offices, datetime.date(2026, 11, 25), code="5", title="Không phải của xã")

    [digest] = build_digests(TODAY)

    assert listed_codes(digest) == {"overdue": [], "due_soon": ["4"], "reports": []}
    assert digest.due_soon[0].via == communes
    assert "  Vai trò: Chủ trì (giao cho UBND các xã, thị trấn)\n" in digest.body


def test_digest_excludes_task_the_agency_reported_done(area, agency):
    agency_head(agency)
    done = dated_task(area, agency, datetime.date(2026, 11, 15), code="1", title="Đã xong")
    draft = dated_task(area, agency, datetime.date(2026, 11, 16), code="2", title="Mới nháp")
    ahead = dated_task(area, agency, datetime.date(2026, 11, 17), code="3", title="Báo trước")
    ProgressReportFactory(
        task=done,
        agency=agency,
        quarter=3,
        status=ProgressStatus.DONE,
        completion_date=datetime.date(2026, 9, 1),
    )
    # A draft is not counted; a report for a later period does not count yet.
    ProgressReportFactory(
        task=draft,
        agency=agency,
        status=ProgressStatus.DONE,
        completion_date=datetime.date(2026, 11, 1),
        review_state=ReviewState.DRAFT,
    )
    ProgressReportFactory(
        task=ahead,
        agency=agency,
        year=2027,
        quarter=1,
        status=ProgressStatus.DONE,
        completion_date=datetime.date(2026, 11, 1),
    )
    dated_task(
        area,
        agency,
        datetime.date(2026, 11, 18),
        code="4",
        title="Hủy",
        status=TaskStatus.CANCELLED,
    )

    [digest] = build_digests(TODAY)

    assert listed_codes(digest) == {"overdue": ["2", "3"], "due_soon": [], "reports": []}


def test_digest_mentions_missing_report_until_it_is_submitted(area, agency):
    plan = area.plan
    plan.report_due_day = 10
    plan.save(update_fields=["report_due_day"])
    agency_head(agency)
    first = dated_task(area, agency, datetime.date(2026, 12, 31), code="1", title="Một")
    second = dated_task(area, agency, datetime.date(2026, 12, 31), code="2", title="Hai")
    dated_task(
        area, agency, datetime.date(2026, 12, 31), code="3", title="Ba", role=AssignmentRole.MONITOR
    )
    ProgressReportFactory(task=first, agency=agency)
    soon = datetime.date(2026, 12, 5)

    [digest] = build_digests(soon)

    assert listed_codes(digest) == {
        "overdue": [],
        "due_soon": [],
        "reports": [(plan.slug, 1, False)],
    }
    assert digest.subject == "[CCHC] Nhắc việc ngày 05/12/2026: 1 báo cáo quý chưa gửi đủ"
    assert (
        "- Kế hoạch số 50/KH-UBND “Kế hoạch cải cách hành chính năm 2026” (2026): "
        "báo cáo Quý IV/2026 hạn 10/12/2026, còn thiếu 1 nhiệm vụ chưa gửi báo cáo.\n"
    ) in digest.body
    [late] = build_digests(datetime.date(2026, 12, 15))
    assert (
        "(2026): đã quá hạn gửi báo cáo Quý IV/2026 (hạn 10/12/2026), còn thiếu 1 nhiệm vụ"
    ) in late.body
    assert build_digests(datetime.date(2026, 12, 2)) == []  # 8 days before: not yet

    ProgressReportFactory(task=second, agency=agency)

    assert build_digests(soon) == []


def test_a_task_reported_done_in_an_earlier_quarter_is_not_owed_again(area, agency):
    plan = area.plan
    plan.report_due_day = 10
    plan.save(update_fields=["report_due_day"])
    agency_head(agency)
    done = dated_task(area, agency, datetime.date(2026, 12, 31), code="1", title="Một")
    dated_task(area, agency, datetime.date(2026, 12, 31), code="2", title="Hai")
    ProgressReportFactory(
        task=done,
        agency=agency,
        year=2026,
        quarter=3,
        status="done",
        percent=100,
        completion_date=datetime.date(2026, 9, 20),
        review_state="accepted",
    )

    [digest] = build_digests(datetime.date(2026, 12, 5))

    # Only task 2 is owed in Q4: task 1 was reported done (and accepted) in Q3.
    assert listed_codes(digest)["reports"] == [(plan.slug, 1, False)]


def test_nothing_is_sent_when_there_is_nothing_to_say(area, agency, mailoutbox):
    agency_head(agency)
    dated_task(area, agency, datetime.date(2026, 12, 31), code="1", title="Còn xa")
    out = io.StringIO()

    call_command("send_reminders", "--date", "2026-11-22", stdout=out)

    assert mailoutbox == []
    assert ReminderLog.objects.count() == 0
    assert out.getvalue() == "Nhắc việc ngày 22/11/2026: 0 thư.\nKhông có nội dung cần nhắc.\n"


def test_send_reminders_refuses_to_record_mail_that_only_went_to_the_log(area, agency, settings):
    settings.DEBUG = False
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    agency_head(agency)
    dated_task(area, agency, datetime.date(2026, 11, 15), code="1", title="Quá hạn")

    with pytest.raises(CommandError, match="Chưa cấu hình máy chủ thư"):
        call_command("send_reminders", "--date", "2026-11-22", stdout=io.StringIO())

    assert ReminderLog.objects.count() == 0


def test_inactive_and_non_agency_users_get_nothing(area, agency):
    agency_head(agency, is_active=False)
    outsider = UserFactory()
    UserProfile.objects.create(user=outsider, unit=agency.unit, agency=agency)
    dated_task(area, agency, datetime.date(2026, 11, 15), code="1", title="Quá hạn")

    assert build_digests(TODAY) == []


def test_send_reminders_sends_once_a_day_and_again_the_next_day(area, agency, mailoutbox):
    user = agency_head(agency, username="tuphap")
    dated_task(area, agency, datetime.date(2026, 11, 15), code="1", title="Quá hạn")
    out = io.StringIO()

    call_command("send_reminders", "--date", "2026-11-22", stdout=out)
    call_command("send_reminders", "--date", "2026-11-22", stdout=out)

    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["tuphap@example.gov.vn"]
    assert mailoutbox[0].subject == "[CCHC] Nhắc việc ngày 22/11/2026: 1 nhiệm vụ quá hạn"
    [log] = ReminderLog.objects.all()
    assert (log.user, log.day) == (user, TODAY)
    assert log.digest == build_digests(TODAY)[0].fingerprint
    assert out.getvalue().splitlines() == [
        "Nhắc việc ngày 22/11/2026: 1 thư.",
        "Người dùng  Email                  Số mục  Kết quả",
        "tuphap      tuphap@example.gov.vn  1       đã gửi",
        "Nhắc việc ngày 22/11/2026: 1 thư.",
        "Người dùng  Email                  Số mục  Kết quả",
        "tuphap      tuphap@example.gov.vn  1       bỏ qua: đã gửi hôm nay",
    ]

    call_command("send_reminders", "--date", "2026-11-23", stdout=io.StringIO())

    assert len(mailoutbox) == 2
    assert mailoutbox[1].subject == "[CCHC] Nhắc việc ngày 23/11/2026: 1 nhiệm vụ quá hạn"
    assert "đã quá 8 ngày" in mailoutbox[1].body
    assert ReminderLog.objects.count() == 2


def test_dry_run_sends_and_logs_nothing(area, agency, mailoutbox):
    agency_head(agency, username="tuphap")
    dated_task(area, agency, datetime.date(2026, 11, 15), code="1", title="Quá hạn")
    out = io.StringIO()

    call_command("send_reminders", "--date", "2026-11-22", "--dry-run", stdout=out)

    assert mailoutbox == []
    assert ReminderLog.objects.count() == 0
    output = out.getvalue()
    assert output.startswith(
        "--- Tới: tuphap@example.gov.vn\n"
        "Tiêu đề: [CCHC] Nhắc việc ngày 22/11/2026: 1 nhiệm vụ quá hạn\n"
        "Kính gửi: Lãnh đạo Phòng Tư pháp.\n"
    )
    assert output.endswith("tuphap      tuphap@example.gov.vn  1       chạy thử: không gửi\n")


def test_send_digests_skips_users_without_email(area, agency, mailoutbox):
    agency_head(agency, username="khongmail", email="")
    agency_head(agency, username="comail")
    dated_task(area, agency, datetime.date(2026, 11, 15), code="1", title="Quá hạn")

    results = send_digests(build_digests(TODAY), today=TODAY)

    assert [(r.digest.user.username, r.label) for r in results] == [
        ("comail", "đã gửi"),
        ("khongmail", "bỏ qua: không có địa chỉ email"),
    ]
    assert [m.to for m in mailoutbox] == [["comail@example.gov.vn"]]
    assert list(ReminderLog.objects.values_list("user__username", flat=True)) == ["comail"]


def test_send_reminders_date_defaults_to_today(area, agency, mailoutbox):
    agency_head(agency)
    today = timezone.localdate()
    dated_task(area, agency, today - datetime.timedelta(days=1), code="1", title="Hôm qua")

    call_command("send_reminders", stdout=io.StringIO())

    [log] = ReminderLog.objects.all()
    assert log.day == today
    assert len(mailoutbox) == 1


@pytest.mark.parametrize("value", ["22/11/2026", "2026-02-30", "hôm nay"])
def test_send_reminders_rejects_invalid_date(value):
    with pytest.raises(CommandError) as error:
        call_command("send_reminders", "--date", value, stdout=io.StringIO())
    assert str(error.value) == (
        f"Ngày “{value}” không hợp lệ: cần ghi theo dạng YYYY-MM-DD, ví dụ 2026-11-22."
    )


@pytest.mark.parametrize("count", [1, 6])
def test_build_digests_query_count_is_fixed(area, count, django_assert_max_num_queries):
    plan = area.plan
    plan.report_due_day = 10
    plan.save(update_fields=["report_due_day"])
    communes = AgencyFactory(
        unit=plan.unit,
        name="UBND các xã, thị trấn",
        kind=AgencyKind.GROUP,
        includes=[AgencyKind.COMMUNE],
    )
    for n in range(count):
        commune = AgencyFactory(unit=plan.unit, kind=AgencyKind.COMMUNE)
        agency_head(commune)
        parent = dated_task(area, commune, datetime.date(2026, 12, 1), code=f"{n}", title="Cha")
        child = dated_task(
            area, communes, datetime.date(2026, 12, 12), code="a", title="Con", parent=parent
        )
        ProgressReportFactory(task=child, agency=commune)
        returned(parent, commune, quarter=3)
    today = datetime.date(2026, 12, 5)

    with django_assert_max_num_queries(11):
        digests = build_digests(today)

    assert len(digests) == count
    assert all(len(d.overdue) == 1 and len(d.due_soon) == count for d in digests)
    assert [d.reports[0].missing for d in digests] == [count] * count
    assert [[i.task.code for i in d.returned] for d in digests] == [[f"{n}"] for n in range(count)]


def refusing(address):
    """send_mail as the mail server answers it: `address` is refused, the others go out."""
    import smtplib

    from django.core.mail import send_mail as real_send_mail

    def send_mail(subject, body, *, from_email, recipient_list):
        if address in recipient_list:
            raise smtplib.SMTPRecipientsRefused({address: (550, b"5.1.1 User unknown")})
        return real_send_mail(subject, body, from_email=from_email, recipient_list=recipient_list)

    return send_mail


def test_one_refused_address_does_not_stop_the_other_reminders(
    area, agency, mailoutbox, monkeypatch, caplog
):
    for username in ("an", "binh", "chi"):
        agency_head(agency, username=username)
    dated_task(area, agency, datetime.date(2026, 11, 15), code="1", title="Quá hạn")
    monkeypatch.setattr("tasks.progress.reminders.send_mail", refusing("binh@example.gov.vn"))
    out, err = io.StringIO(), io.StringIO()

    with pytest.raises(CommandError) as raised:
        call_command("send_reminders", "--date", "2026-11-22", stdout=out, stderr=err)

    assert str(raised.value) == ("1/3 thư nhắc việc không gửi được; lần chạy sau sẽ gửi lại.")
    assert [m.to for m in mailoutbox] == [["an@example.gov.vn"], ["chi@example.gov.vn"]]
    assert sorted(ReminderLog.objects.values_list("user__username", flat=True)) == ["an", "chi"]
    assert out.getvalue().splitlines()[1:] == [
        "Người dùng  Email                Số mục  Kết quả",
        "an          an@example.gov.vn    1       đã gửi",
        "binh        binh@example.gov.vn  1       lỗi: chưa gửi được, sẽ thử lại lần chạy sau",
        "chi         chi@example.gov.vn   1       đã gửi",
    ]
    assert err.getvalue().startswith(
        "Không gửi được cho binh@example.gov.vn: SMTPRecipientsRefused"
    )
    assert [r.getMessage() for r in caplog.records if r.name == "tasks.progress.reminders"] == [
        "Reminder to binh <binh@example.gov.vn> failed"
    ]


def test_refused_reminder_is_sent_on_the_next_run(area, agency, mailoutbox, monkeypatch):
    agency_head(agency, username="binh")
    dated_task(area, agency, datetime.date(2026, 11, 15), code="1", title="Quá hạn")
    monkeypatch.setattr("tasks.progress.reminders.send_mail", refusing("binh@example.gov.vn"))
    with pytest.raises(CommandError):
        call_command("send_reminders", "--date", "2026-11-22", stdout=io.StringIO())
    monkeypatch.undo()

    call_command("send_reminders", "--date", "2026-11-22", stdout=io.StringIO())

    assert [m.to for m in mailoutbox] == [["binh@example.gov.vn"]]
    assert ReminderLog.objects.get().user.username == "binh"


# --- returned reports ------------------------------------------------------------------------

RETURN_NOTE = "Đề nghị bổ sung số liệu\n  về thủ tục đã cắt giảm."


def returned(task, agency, *, quarter=4, day=20, note=RETURN_NOTE):
    return ProgressReportFactory(
        task=task,
        agency=agency,
        quarter=quarter,
        review_state=ReviewState.RETURNED,
        review_note=note,
        reviewed_at=timezone.make_aware(datetime.datetime(2026, 11, day, 9, 30)),
    )


def test_digest_lists_the_agencys_returned_reports_with_the_note(area, agency, settings):
    settings.SITE_URL = "https://cchc.example.gov.vn/"
    agency_head(agency, first_name="Nguyễn Văn", last_name="An")
    later = dated_task(area, agency, datetime.date(2026, 12, 31), code="2", title="Tổng kết năm")
    first = dated_task(area, agency, datetime.date(2026, 12, 31), code="1", title="Rà soát")
    returned(later, agency, day=21, note="Thiếu sản phẩm.")
    returned(first, agency, quarter=3, day=10)
    ProgressReportFactory(task=first, agency=agency)  # the Q4 report is sent: not listed
    other = AgencyFactory(unit=agency.unit, name="Phòng Văn hóa")
    returned(dated_task(area, other, datetime.date(2026, 12, 31), code="3", title="Khác"), other)

    [digest] = build_digests(TODAY)

    assert [(i.task.code, i.period.label, i.note) for i in digest.returned] == [
        ("1", "Quý III/2026", "Đề nghị bổ sung số liệu về thủ tục đã cắt giảm."),
        ("2", "Quý IV/2026", "Thiếu sản phẩm."),
    ]
    assert digest.subject == "[CCHC] Nhắc việc ngày 22/11/2026: 2 báo cáo bị trả lại"
    assert (
        "\n"
        "BÁO CÁO BỊ TRẢ LẠI, CẦN SỬA VÀ GỬI LẠI (2)\n"
        "\n"
        "- Báo cáo Quý III/2026 về nhiệm vụ 1: Rà soát\n"
        "  Kế hoạch: Kế hoạch số 50/KH-UBND “Kế hoạch cải cách hành chính năm 2026” (2026)\n"
        "  Trả lại ngày 10/11/2026, ý kiến của Phòng Nội vụ: Đề nghị bổ sung số liệu về thủ tục "
        "đã cắt giảm.\n"
        f"  Sửa và gửi lại: https://cchc.example.gov.vn/tasks/{first.pk}/report/2026-Q3/\n"
        "\n"
        "- Báo cáo Quý IV/2026 về nhiệm vụ 2: Tổng kết năm\n"
        "  Kế hoạch: Kế hoạch số 50/KH-UBND “Kế hoạch cải cách hành chính năm 2026” (2026)\n"
        "  Trả lại ngày 21/11/2026, ý kiến của Phòng Nội vụ: Thiếu sản phẩm.\n"
        f"  Sửa và gửi lại: https://cchc.example.gov.vn/tasks/{later.pk}/report/2026-Q4/\n"
        "\n"
        "Đề nghị đồng chí quan tâm chỉ đạo"
    ) in digest.body


def test_returned_report_is_sent_once_a_day_and_dropped_once_resent(area, agency, mailoutbox):
    agency_head(agency, username="tuphap")
    task = dated_task(area, agency, datetime.date(2026, 12, 31), code="1", title="Rà soát")
    report = returned(task, agency)

    call_command("send_reminders", "--date", "2026-11-22", stdout=io.StringIO())
    call_command("send_reminders", "--date", "2026-11-22", stdout=io.StringIO())
    report.review_state = ReviewState.SUBMITTED
    report.save()
    call_command("send_reminders", "--date", "2026-11-23", stdout=io.StringIO())

    assert [(m.to, m.subject) for m in mailoutbox] == [
        (["tuphap@example.gov.vn"], "[CCHC] Nhắc việc ngày 22/11/2026: 1 báo cáo bị trả lại")
    ]
    assert "ý kiến của Phòng Nội vụ: Đề nghị bổ sung số liệu" in mailoutbox[0].body
    assert list(ReminderLog.objects.values_list("day", flat=True)) == [datetime.date(2026, 11, 22)]
