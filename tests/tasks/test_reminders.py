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
from tasks.reminders import build_digests, send_digests
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


def test_nothing_is_sent_when_there_is_nothing_to_say(area, agency, mailoutbox):
    agency_head(agency)
    dated_task(area, agency, datetime.date(2026, 12, 31), code="1", title="Còn xa")
    out = io.StringIO()

    call_command("send_reminders", "--date", "2026-11-22", stdout=out)

    assert mailoutbox == []
    assert ReminderLog.objects.count() == 0
    assert out.getvalue() == "Nhắc việc ngày 22/11/2026: 0 thư.\nKhông có nội dung cần nhắc.\n"


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
    today = datetime.date(2026, 12, 5)

    with django_assert_max_num_queries(9):
        digests = build_digests(today)

    assert len(digests) == count
    assert all(len(d.overdue) == 1 and len(d.due_soon) == count for d in digests)
    assert [d.reports[0].missing for d in digests] == [count] * count
