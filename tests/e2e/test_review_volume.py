"""End to end in a real browser: the Interior Office finds reports by typing without
diacritics, ticks every report of the page with "Chọn tất cả" (the static script; the page
has no inline JavaScript) and accepts the 50 of them at once.

Debian's Chromium (/usr/bin/chromium) driven by Playwright against the live server; see
conftest.py.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from plans.access import GROUP_OFFICE
from plans.models import AgencyKind
from tasks.models import ProgressReport, ReviewState
from tests.factories import (
    AgencyFactory,
    PlanAreaFactory,
    ProgressReportFactory,
    TaskAssignmentFactory,
    TaskFactory,
    UnitFactory,
    make_user,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PW = "Mat-khau-2026!"  # tests.factories.make_user's default


def log_in(page: Page, username: str) -> None:
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PW)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))


@pytest.fixture
def fifty_reports(settings):
    """A district whose office waits on 50 reports "Tuyên truyền …" and 3 others."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    district = UnitFactory(slug="huyen-e2e", name="E2E")
    area = PlanAreaFactory(plan__unit=district, plan__slug="huyen-e2e-2022", numeral="I")
    office = AgencyFactory(unit=district, name="Phòng Văn hóa", kind=AgencyKind.OFFICE)
    for i in range(1, 54):
        title = f"Tuyên truyền cải cách hành chính đợt {i}" if i <= 50 else f"Rà soát {i}"
        task = TaskFactory(area=area, code=str(i), order=i, title=title)
        TaskAssignmentFactory(task=task, agency=office, role="lead", order=1)
        ProgressReportFactory(task=task, agency=office, result=f"Kết quả {i}")
    make_user("e2e-noivu", group=GROUP_OFFICE, unit=district)
    return "/reports/review/?plan=huyen-e2e-2022&period=2022-Q2"


def test_office_searches_without_diacritics_and_accepts_50_reports_at_once(fifty_reports, browse):
    with browse() as new_page:
        page = new_page()
        errors = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        log_in(page, "e2e-noivu")
        page.goto(fifty_reports)
        expect(page.locator("table.review tbody tr")).to_have_count(50)
        expect(page.get_by_text("Trang 1/2", exact=True)).to_be_visible()

        page.get_by_label("Tìm kiếm").fill("TUYEN truyen")
        page.get_by_role("button", name="Lọc").click()
        expect(page).to_have_url(re.compile(r"q=TUYEN\+truyen"))
        expect(
            page.get_by_role("heading", name="Báo cáo Quý II/2022: 50", exact=True)
        ).to_be_visible()
        rows = page.locator("table.review tbody tr")
        expect(rows).to_have_count(50)
        expect(page.locator("table.review")).not_to_contain_text("Rà soát")

        page.get_by_role("button", name="Chọn tất cả báo cáo trên trang").click()
        expect(page.locator('input[name="report"]:checked')).to_have_count(50)
        page.get_by_role("button", name="Duyệt các báo cáo đã chọn").click()

        expect(page.locator(".messages")).to_contain_text("Đã duyệt 50 báo cáo.")
        expect(page).to_have_url(re.compile(r"q=TUYEN\+truyen.*#report-\d+$"))
        expect(
            page.get_by_role("heading", name="Báo cáo Quý II/2022: 0", exact=True)
        ).to_be_visible()
        expect(rows.first).to_contain_text("Đã duyệt")
        assert errors == []

    accepted = ProgressReport.objects.filter(review_state=ReviewState.ACCEPTED)
    assert accepted.count() == 50
    assert not accepted.exclude(task__title__startswith="Tuyên truyền").exists()
    assert ProgressReport.objects.filter(review_state=ReviewState.SUBMITTED).count() == 3
