"""End to end in a real browser, the notices of a report's review: the agency head of Thanh Oai's
Phòng Nội vụ sends a report, the Interior Office (told by a notice) returns it with a note, the
head sees "Thông báo (1)" in the header, opens the notice, lands on the report, corrects and
resends it, the office accepts it, and the head reads the accepted notice.

Debian's Chromium (/usr/bin/chromium) driven by Playwright against the live server; see
conftest.py.
"""

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import Page, expect

from plans.models import Plan
from plans.periods import current_period
from tasks.models import Notice, NoticeKind, ProgressReport, ReviewState
from tasks.progress.selectors import portal_rows
from tests.e2e.test_report_review_flow import AGENCY_HEAD, OFFICE, PLAN, PW, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

NOTE = "Đề nghị ghi rõ số thủ tục đã được đơn giản hóa."


@pytest.fixture
def seeded(settings):
    """The Thanh Oai 2022 plan and its demo accounts (as in test_report_review_flow.py)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("load_plans", PLAN, stdout=io.StringIO())
    settings.DEBUG = True  # create_demo_users runs only with DEBUG on
    try:
        call_command("create_demo_users", "--password", PW, stdout=io.StringIO())
    finally:
        settings.DEBUG = False
    plan = Plan.objects.get(slug=PLAN)
    agency = get_user_model().objects.get(username=AGENCY_HEAD).profile.agency
    period = current_period(plan.start_year, plan.end_year, timezone.localdate())
    rows = portal_rows(agency, plan=plan, period=period, today=timezone.localdate())
    assert rows, "Phòng Nội vụ Thanh Oai has no task in the seed plan"
    return {"plan": plan, "agency": agency, "period": period, "task": rows[0].task}


def header_notices(page: Page):
    return page.locator("header.topbar a.notices")


def send_report(page: Page, report_href: str, percent: str, result: str) -> None:
    page.goto(report_href)
    page.get_by_label("Tình trạng").select_option(label="Đang thực hiện")
    page.get_by_label("Tỷ lệ hoàn thành").fill(percent)
    page.get_by_label("Kết quả thực hiện").fill(result)
    page.get_by_role("button", name="Gửi Phòng Nội vụ").click()
    expect(page.locator(".messages")).to_contain_text("Đã gửi báo cáo tới Phòng Nội vụ.")


def test_agency_head_follows_return_and_accept_through_notices(seeded, browse, tmp_path):
    plan, agency, period, task = seeded["plan"], seeded["agency"], seeded["period"], seeded["task"]
    review_url = f"/reports/review/?plan={plan.slug}&period={period.slug}"
    report_href = f"/tasks/{task.pk}/report/{period.slug}/"

    with browse() as new_page:
        head = new_page()
        log_in(head, AGENCY_HEAD)
        expect(header_notices(head)).to_have_text("Thông báo")
        send_report(head, report_href, "60", "Đã rà soát 12 thủ tục hành chính của huyện.")

        # The office is told, follows the notice to the review page and returns the report.
        office = new_page()
        log_in(office, OFFICE)
        expect(header_notices(office)).to_have_text("Thông báo (1)")
        header_notices(office).click()
        expect(office.get_by_role("heading", level=1)).to_have_text("Thông báo")
        office.locator("table.notices tr.unread a").first.click()
        expect(office).to_have_url(re.compile(re.escape(review_url) + "$"))
        expect(header_notices(office)).to_have_text("Thông báo")
        review_row = office.locator("table.review tbody tr", has_text=agency.name)
        review_row.get_by_label("Lý do trả lại").fill(NOTE)
        review_row.get_by_role("button", name="Trả lại").click()
        expect(office.locator(".messages")).to_contain_text(
            f"Đã trả lại báo cáo của {agency.name} kèm ý kiến."
        )

        # The head sees the count, reads the notice and lands on the report with the note.
        head.goto("/")
        expect(header_notices(head)).to_have_text("Thông báo (1)")
        header_notices(head).click()
        unread = head.locator("table.notices tr.unread")
        expect(unread).to_have_count(1)
        expect(unread).to_contain_text(f"đã trả lại báo cáo {period.label}")
        expect(unread).to_contain_text(f"Ý kiến: {NOTE}")
        head.screenshot(path=tmp_path / "notices-returned.png", full_page=True)
        unread.get_by_role("link").click()
        expect(head).to_have_url(re.compile(re.escape(report_href) + "$"))
        expect(head.locator(".notice.error")).to_contain_text(f"Phòng Nội vụ trả lại: {NOTE}")
        expect(header_notices(head)).to_have_text("Thông báo")
        send_report(head, report_href, "80", "Đã rà soát 12 thủ tục, đơn giản hóa 5 thủ tục.")

        # The office accepts the corrected report.
        office.goto(review_url)
        expect(header_notices(office)).to_have_text("Thông báo (1)")
        review_row.get_by_role("button", name="Duyệt").click()
        expect(office.locator(".messages")).to_contain_text(
            f"Đã duyệt báo cáo của {agency.name} về nhiệm vụ"
        )

        # The head reads the accepted notice and marks everything read.
        head.goto("/")
        expect(header_notices(head)).to_have_text("Thông báo (1)")
        header_notices(head).click()
        expect(head.locator("table.notices tr.unread")).to_contain_text(
            f"đã duyệt báo cáo {period.label}"
        )
        expect(head.locator("table.notices tr.read")).to_have_count(1)
        head.get_by_role("button", name="Đánh dấu đã đọc tất cả").click()
        expect(head.locator(".messages")).to_contain_text("Đã đánh dấu đã đọc 1 thông báo.")
        expect(head.locator("table.notices tr.unread")).to_have_count(0)
        expect(header_notices(head)).to_have_text("Thông báo")
        head.screenshot(path=tmp_path / "notices-read.png", full_page=True)

    # Chromium and Playwright have stopped: the ORM may be used again.
    report = ProgressReport.objects.get(task=task, agency=agency)
    assert report.review_state == ReviewState.ACCEPTED
    assert [
        (n.user.username, n.kind, n.read_at is not None)
        for n in Notice.objects.select_related("user").order_by("id")
    ] == [
        (OFFICE, NoticeKind.SUBMITTED, True),
        (AGENCY_HEAD, NoticeKind.RETURNED, True),
        (OFFICE, NoticeKind.SUBMITTED, False),
        (AGENCY_HEAD, NoticeKind.ACCEPTED, True),
    ]
    assert [m.to for m in mail.outbox] == [
        [f"{username}@example.invalid"] for username in (OFFICE, AGENCY_HEAD, OFFICE, AGENCY_HEAD)
    ]
