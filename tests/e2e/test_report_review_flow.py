"""End to end in a real browser: an agency head of Thanh Oai reports on a task, the district's
Interior Office returns the report with a note, the agency head reads the note and sends it
again, and the office accepts it.

Debian's Chromium (/usr/bin/chromium) driven by Playwright against the live server; see
conftest.py. Screenshots of the portal and the review page are saved beside the test's tmp_path
for people to look at; the assertions are on the visible Vietnamese text.
"""

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import Page, expect

from plans.models import Plan
from plans.periods import current_period
from tasks.models import ProgressReport, ReviewState
from tasks.progress.selectors import portal_rows

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PW = "e2e-demo-password-2026"
PLAN = "thanh-oai-2022"
AGENCY_HEAD = "thanh-oai-phong-noi-vu"
OFFICE = "thanh-oai-noivu"


@pytest.fixture
def thanh_oai(settings):
    """The Thanh Oai 2022 plan and its demo accounts. `create_demo_users` runs only with DEBUG
    on, so DEBUG is on for that call alone; the pages are served with DEBUG off."""
    # Fast hashing: the command hashes a password for every account of the district.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("load_plans", PLAN, stdout=io.StringIO())
    settings.DEBUG = True
    try:
        call_command("create_demo_users", "--password", PW, stdout=io.StringIO())
    finally:
        settings.DEBUG = False
    plan = Plan.objects.get(slug=PLAN)
    agency = get_user_model().objects.get(username=AGENCY_HEAD).profile.agency
    period = current_period(plan.start_year, plan.end_year, timezone.localdate())
    rows = portal_rows(agency, plan=plan, period=period, today=timezone.localdate())
    assert rows, "Phòng Nội vụ Thanh Oai has no task in the seed plan"
    return {"plan": plan, "agency": agency, "period": period, "rows": rows}


def log_in(page: Page, username: str) -> None:
    page.goto("/accounts/login/")
    expect(page.get_by_role("heading", name="Đăng nhập")).to_be_visible()
    page.fill("#id_username", username)
    page.fill("#id_password", PW)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))
    expect(page.get_by_role("button", name="Đăng xuất")).to_be_visible()


def test_agency_head_reports_office_returns_then_accepts(thanh_oai, browse, tmp_path):
    plan, agency, period = thanh_oai["plan"], thanh_oai["agency"], thanh_oai["period"]
    task = thanh_oai["rows"][0].task
    portal_url = f"/tasks/mine/?plan={plan.slug}&period={period.slug}"
    review_url = f"/reports/review/?plan={plan.slug}&period={period.slug}"
    report_href = f"/tasks/{task.pk}/report/{period.slug}/"

    with browse() as new_page:
        # The agency head sees the agency's own tasks for the period, none reported yet.
        head = new_page()
        log_in(head, AGENCY_HEAD)
        head.get_by_role("link", name="Nhiệm vụ của đơn vị").click()
        expect(head.get_by_role("heading", level=1)).to_have_text(f"Nhiệm vụ của {agency.name}")
        expect(head.locator("p.lead")).to_contain_text(f"kỳ báo cáo {period.label}")
        expect(head.get_by_text(f"{len(thanh_oai['rows'])} nhiệm vụ", exact=False)).to_be_visible()
        expect(head.locator("table.tasks tbody tr")).to_have_count(len(thanh_oai["rows"]))
        expect(head.locator("span.badge.state-none").first).to_have_text("Chưa báo cáo")
        head.screenshot(path=tmp_path / "portal-before.png", full_page=True)

        # … reports on one task and sends it to the Interior Office.
        head.locator(f'a[href="{report_href}"]').click()
        expect(head.get_by_role("heading", level=1)).to_contain_text(f"Báo cáo {period.label}")
        head.get_by_label("Tình trạng").select_option(label="Đang thực hiện")
        head.get_by_label("Tỷ lệ hoàn thành").fill("60")
        head.get_by_label("Kết quả thực hiện").fill("Đã rà soát 12 thủ tục hành chính của huyện.")
        head.get_by_role("button", name="Gửi Phòng Nội vụ").click()
        expect(head.locator(".messages")).to_contain_text("Đã gửi báo cáo tới Phòng Nội vụ.")
        row = head.locator("table.tasks tbody tr", has=head.locator(f'a[href="{report_href}"]'))
        expect(row).to_contain_text("Đã gửi, chờ duyệt")
        expect(row).to_contain_text("Đang thực hiện, 60%")
        expect(row.get_by_role("link", name="Cập nhật")).to_be_visible()

        # The Interior Office sees the report waiting and returns it with a note.
        office = new_page()
        log_in(office, OFFICE)
        menu = office.get_by_role("navigation", name="Menu chính")
        menu.get_by_role("link", name="Duyệt báo cáo").click()
        office.goto(review_url)
        expect(office.get_by_role("heading", level=1)).to_have_text("Duyệt báo cáo của các cơ quan")
        expect(office.get_by_role("heading", name=f"Báo cáo {period.label}: 1")).to_be_visible()
        review_row = office.locator("table.review tbody tr", has_text=agency.name)
        expect(review_row).to_contain_text("Đã rà soát 12 thủ tục hành chính của huyện.")
        expect(review_row).to_contain_text("Đang thực hiện (60%)")
        office.screenshot(path=tmp_path / "review-submitted.png", full_page=True)
        note = "Đề nghị ghi rõ số thủ tục đã được đơn giản hóa."
        review_row.get_by_label("Lý do trả lại").fill(note)
        review_row.get_by_role("button", name="Trả lại").click()
        expect(office.locator(".messages")).to_contain_text(
            f"Đã trả lại báo cáo của {agency.name} kèm ý kiến."
        )
        expect(office.get_by_role("heading", name=f"Báo cáo {period.label}: 0")).to_be_visible()

        # The agency head sees the note in the portal and on the report, corrects and resends.
        head.goto(portal_url)
        expect(row).to_contain_text("Bị trả lại")
        expect(row).to_contain_text(note)
        head.screenshot(path=tmp_path / "portal-returned.png", full_page=True)
        row.get_by_role("link", name="Cập nhật").click()
        expect(head.locator(".notice.error")).to_contain_text(f"Phòng Nội vụ trả lại: {note}")
        expect(head.get_by_label("Kết quả thực hiện")).to_have_value(
            "Đã rà soát 12 thủ tục hành chính của huyện."
        )
        head.get_by_label("Tình trạng").select_option(label="Hoàn thành")
        head.get_by_label("Tỷ lệ hoàn thành").fill("100")
        head.get_by_label("Ngày hoàn thành").fill(f"{plan.start_year}-11-15")
        head.get_by_label("Kết quả thực hiện").fill(
            "Đã rà soát 12 thủ tục hành chính, đơn giản hóa 5 thủ tục."
        )
        head.screenshot(path=tmp_path / "report-returned.png", full_page=True)
        head.get_by_role("button", name="Gửi Phòng Nội vụ").click()
        expect(head.locator(".messages")).to_contain_text("Đã gửi báo cáo tới Phòng Nội vụ.")
        expect(row).to_contain_text("Đã gửi, chờ duyệt")
        expect(row).to_contain_text("Hoàn thành, 100%")

        # The office sees the corrected report and accepts it.
        office.goto(review_url)
        expect(review_row).to_contain_text("đơn giản hóa 5 thủ tục")
        expect(review_row).to_contain_text(f"xong 15/11/{plan.start_year}")
        review_row.get_by_role("button", name="Duyệt").click()
        expect(office.locator(".messages")).to_contain_text(
            f"Đã duyệt báo cáo của {agency.name} về nhiệm vụ"
        )
        office.get_by_label("Trạng thái").select_option(label="Đã duyệt")
        office.get_by_role("button", name="Lọc").click()
        expect(office).to_have_url(re.compile(r"state=accepted"))
        expect(review_row).to_contain_text("Đã duyệt")
        office.screenshot(path=tmp_path / "review-accepted.png", full_page=True)

        # The agency head sees it accepted and can no longer edit it.
        head.goto(portal_url)
        expect(row).to_contain_text("Đã duyệt")
        row.get_by_role("link", name="Xem").click()
        expect(head.get_by_role("heading", name="Báo cáo đã được duyệt")).to_be_visible()
        expect(head.get_by_role("button", name="Gửi Phòng Nội vụ")).to_have_count(0)
        head.screenshot(path=tmp_path / "report-accepted.png", full_page=True)

    # Chromium and Playwright have stopped: the ORM may be used again.
    report = ProgressReport.objects.get(task=task, agency=agency)
    assert (report.year, report.quarter) == (period.year, period.quarter)
    assert report.review_state == ReviewState.ACCEPTED
    assert report.review_note == ""
    assert report.reviewed_by.username == OFFICE
    assert report.submitted_by.username == AGENCY_HEAD
    assert report.percent == 100
    assert str(report.completion_date) == f"{plan.start_year}-11-15"
