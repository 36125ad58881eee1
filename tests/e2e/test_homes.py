"""End to end in a real browser, at 1366 px and at 390 px: the home of each role of Thanh Oai
(agency head, Interior Office, district leader, the province's Home Affairs staff) loads with
its own sections, every link on it and in its menu answers 200, and on a phone nothing in the
main content is wider than the screen (wide tables scroll in their own box).

Debian's Chromium (/usr/bin/chromium) driven by Playwright against the live server; see
conftest.py and test_report_review_flow.py (the seed and the demo accounts).
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
LEADER = "thanh-oai-lanhdao"
NOTE = "Đề nghị bổ sung số liệu thủ tục đã rà soát."
VIEWPORTS = [(1366, 900), (390, 844)]

# Every element of the main content that reaches past the right edge of the screen and is not
# inside a box that scrolls (or clips) horizontally on its own.
TOO_WIDE_JS = """() => {
  const limit = window.innerWidth + 1;
  const boxed = (el) => {
    for (let p = el.parentElement; p && p.tagName !== 'MAIN'; p = p.parentElement) {
      const o = getComputedStyle(p).overflowX;
      if (o === 'auto' || o === 'scroll' || o === 'hidden') return true;
    }
    return false;
  };
  const main = document.querySelector('main');
  const wide = [...main.querySelectorAll('*')].filter(
    (el) => el.getBoundingClientRect().right > limit && !boxed(el));
  if (main.getBoundingClientRect().right > limit) wide.unshift(main);
  return wide.map((el) => el.tagName + (el.className ? '.' + el.className : ''));
}"""


@pytest.fixture
def thanh_oai(settings):
    """The seed plan and its demo accounts, with one report of the agency head returned with a
    note and one waiting for review, in the period the homes open on."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("load_plans", PLAN, stdout=io.StringIO())
    settings.DEBUG = True
    try:
        call_command("create_demo_users", "--password", PW, stdout=io.StringIO())
    finally:
        settings.DEBUG = False
    plan = Plan.objects.select_related("unit__parent").get(slug=PLAN)
    agency = get_user_model().objects.get(username=AGENCY_HEAD).profile.agency
    period = current_period(plan.start_year, plan.end_year, timezone.localdate())
    rows = portal_rows(agency, plan=plan, period=period, today=timezone.localdate())
    assert len(rows) >= 2, "Phòng Nội vụ Thanh Oai has too few tasks in the seed plan"
    common = {"agency": agency, "year": period.year, "quarter": period.quarter, "percent": 40}
    returned = ProgressReport.objects.create(
        task=rows[0].task, review_state=ReviewState.RETURNED, review_note=NOTE, **common
    )
    ProgressReport.objects.create(
        task=rows[1].task, review_state=ReviewState.SUBMITTED, submitted_at=timezone.now(), **common
    )
    province = f"{plan.unit.parent.slug}-sonoivu"
    return {
        "plan": plan,
        "agency": agency,
        "period": period,
        "returned": returned,
        "province": province,
    }


def log_in(page: Page, username: str) -> None:
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PW)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))
    expect(page.get_by_role("button", name="Đăng xuất")).to_be_visible()


def links_of(page: Page) -> list[str]:
    """The site's own links of the menu and the main content, each once."""
    hrefs = page.eval_on_selector_all(
        "header nav a[href], main a[href]", "els => els.map(e => e.getAttribute('href'))"
    )
    return sorted({h.split("#")[0] for h in hrefs if h.startswith("/") and h.split("#")[0]})


def check_home(page: Page, width: int, height: int, heading: str, expected_texts, checked: set):
    page.set_viewport_size({"width": width, "height": height})
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    for text in expected_texts:
        expect(page.locator("main")).to_contain_text(text)
    broken = []
    for href in links_of(page):
        if href in checked:
            continue
        response = page.request.get(href)
        if response.status != 200:
            broken.append((href, response.status))
        checked.add(href)
    assert broken == [], f"links answering other than 200 at {width} px: {broken}"
    assert page.evaluate(TOO_WIDE_JS) == [], f"wider than the screen at {width} px"


@pytest.mark.parametrize("width,height", VIEWPORTS)
def test_each_roles_home_loads_its_links_answer_and_it_fits_the_screen(
    thanh_oai, browse, tmp_path, width, height
):
    plan, period, returned = thanh_oai["plan"], thanh_oai["period"], thanh_oai["returned"]
    report_form = f"/tasks/{returned.task_id}/report/{period.slug}/"
    homes = [
        (
            AGENCY_HEAD,
            f"Việc cần làm của {thanh_oai['agency'].name}",
            ["Báo cáo bị trả lại: 1", NOTE, "Nhiệm vụ cần báo cáo", "Nhiệm vụ quá hạn"],
        ),
        (
            OFFICE,
            "Việc cần làm của Phòng Nội vụ",
            ["Báo cáo chờ duyệt: 1", "Cơ quan còn nợ báo cáo", "Kiểm tra dữ liệu kế hoạch"],
        ),
        (
            LEADER,
            "Kết quả thực hiện kế hoạch cải cách hành chính",
            ["Số liệu chính", "theo cơ quan chủ trì"],
        ),
        (thanh_oai["province"], "Kế hoạch cải cách hành chính", [plan.title]),
    ]
    with browse() as new_page:
        for username, heading, texts in homes:
            page = new_page()
            log_in(page, username)
            check_home(page, width, height, heading, texts, set())
            page.screenshot(path=tmp_path / f"home-{username}-{width}.png", full_page=True)
            if username == AGENCY_HEAD:
                # The returned report's link opens its form with the note.
                page.locator(f'main a[href="{report_form}"]').first.click()
                expect(page.locator("main")).to_contain_text(NOTE)
            if username == LEADER:
                expect(page.locator("header nav")).to_contain_text("Xem báo cáo")
                expect(page.locator("header nav")).not_to_contain_text("Duyệt báo cáo")
            page.context.close()
