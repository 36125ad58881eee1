"""End to end in a real browser: Tuy Phước's 2024 PAR Index self-assessment, from the criteria
set built from its plan to the province's published ranking.

Tuy Phước's Interior Office starts the assessment (pre-filled from the plan's tasks: suggested
scores and links to the Q4/2024 progress reports), takes the suggestions, has a wrong score
refused, corrects it, and sends it; Bình Định's Home Affairs staff lower one score, ask one
question and return it; the office answers and sends it again; the province finalises,
publishes the ranking and downloads the results table; the office downloads its Biểu tự đánh
giá and sees the published results.

Debian's Chromium (/usr/bin/chromium) driven by Playwright against the live server; see
conftest.py. The data come from `indicators.par.demo` (the demo's published set and its
reports, without its assessment); the checks are on the visible Vietnamese text, and on the
database and the downloaded files after the browser block.
"""

import io
import re
from decimal import Decimal

import pytest
from django.core.management import call_command
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from indicators.par.demo import load_demo
from indicators.par.models import Assessment, AssessmentState
from indicators.par.selectors import set_results

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PW = "e2e-demo-password-2026"
OFFICE = "tuy-phuoc-noivu"
PROVINCE = "binh-dinh-sonoivu"


@pytest.fixture
def tuy_phuoc(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("load_plans", "tuy-phuoc-2023-2025", stdout=io.StringIO())
    settings.DEBUG = True
    try:
        call_command("create_demo_users", "--password", PW, stdout=io.StringIO())
    finally:
        settings.DEBUG = False
    load_demo(lambda line: None, with_assessment=False)


def log_in(page: Page, username: str) -> None:
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PW)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("button", name="Đăng xuất")).to_be_visible()


def criterion(page: Page, code: str, title: str):
    return page.locator("article.par-leaf").filter(
        has=page.get_by_role("heading", name=f"{code}. {title}")
    )


def test_tuy_phuoc_2024_self_assessment_is_prefilled_appraised_ranked_and_exported(
    browse, tuy_phuoc, tmp_path
):
    with browse() as new_page:
        office = new_page()
        log_in(office, OFFICE)
        office.get_by_role("link", name="Chỉ số CCHC", exact=True).click()
        office.get_by_role("button", name="Bắt đầu tự đánh giá năm 2024").click()
        expect(office.get_by_role("heading", level=1)).to_contain_text(
            "Tự đánh giá Chỉ số CCHC năm 2024"
        )
        assessment_id = int(re.search(r"/par/assessments/(\d+)/", office.url).group(1))

        # Pre-filled from the plan: 1.1's tasks were reported done on time in Q4/2024.
        first = criterion(office, "1.1", "Thực hiện kế hoạch CCHC")
        expect(first.locator(".par-suggestion")).to_contain_text("1 điểm")
        expect(first.locator(".par-suggestion")).to_contain_text("1/1 nhiệm vụ hoàn thành")
        reports = first.get_by_role("link", name="Báo cáo tiến độ quý 4/2024")
        expect(reports.first).to_be_visible()
        late = criterion(office, "1.3.1", "Tỷ lệ cơ quan chuyên môn")
        expect(late.locator(".par-suggestion")).to_contain_text("0 điểm")

        office.get_by_role("button", name="Dùng điểm gợi ý cho các tiêu chí chưa chấm").click()
        expect(office.locator(".message.success")).to_be_visible()

        # A score above the maximum is refused at its field; nothing is saved.
        first = criterion(office, "1.1", "Thực hiện kế hoạch CCHC")
        first.get_by_label("Điểm tự đánh giá").fill("2")
        office.get_by_role("button", name="Lưu lĩnh vực 1").click()
        expect(office.get_by_text("vượt điểm tối đa 1").first).to_be_visible()
        first = criterion(office, "1.1", "Thực hiện kế hoạch CCHC")
        first.get_by_label("Điểm tự đánh giá").fill("1")
        first.get_by_label("Giải trình, thuyết minh").fill(
            "Ban hành Kế hoạch CCHC năm 2024 đúng hạn; hoàn thành các nhiệm vụ của kế hoạch."
        )
        office.get_by_role("button", name="Lưu lĩnh vực 1").click()
        expect(office.locator(".message.success")).to_be_visible()

        office.get_by_label(re.compile("xác nhận gửi")).check()
        office.get_by_role("button", name="Gửi Sở Nội vụ").click()
        expect(office.get_by_text("Đã gửi, chờ thẩm định").first).to_be_visible()

        # The province appraises: 1.1 lowered with a comment, a question on 1.2, returned.
        province = new_page()
        log_in(province, PROVINCE)
        province.goto(f"/par/assessments/{assessment_id}/appraise/")
        row = province.locator("tr.par-leaf").filter(has_text="Thực hiện kế hoạch CCHC").first
        row.get_by_label("Điểm thẩm định").fill("0")
        row.get_by_label("Ý kiến thẩm định").fill("Chưa có báo cáo kết quả thực hiện kế hoạch.")
        question = province.locator("tr.par-leaf").filter(
            has_text="Thực hiện chế độ báo cáo CCHC định kỳ"
        )
        question.get_by_label("Đề nghị giải trình").fill("Bổ sung báo cáo quý IV/2024.")
        province.get_by_label("Đề nghị giải trình chung").fill(
            "Đề nghị đơn vị giải trình tiêu chí 1.2."
        )
        province.get_by_role("button", name="Trả lại để giải trình").click()
        expect(province.locator(".message.success")).to_be_visible()

        # The office answers the question and sends it again.
        office.reload()
        expect(office.get_by_text("Bổ sung báo cáo quý IV/2024.")).to_be_visible()
        asked = criterion(office, "1.2", "Thực hiện chế độ báo cáo CCHC định kỳ")
        asked.get_by_label("Giải trình theo đề nghị của Sở Nội vụ").fill(
            "Đã gửi Báo cáo số 12/BC-UBND ngày 10/12/2024."
        )
        office.get_by_role("button", name="Lưu lĩnh vực 1").click()
        expect(office.locator(".message.success")).to_be_visible()
        office.get_by_label(re.compile("xác nhận gửi")).check()
        office.get_by_role("button", name="Gửi giải trình").click()
        expect(office.get_by_text("Đã gửi, chờ thẩm định").first).to_be_visible()

        # The province finalises, publishes the ranking and downloads the results table.
        province.goto(f"/par/assessments/{assessment_id}/appraise/")
        expect(province.get_by_text("Đã gửi Báo cáo số 12/BC-UBND")).to_be_visible()
        province.get_by_label("Kết luận thẩm định").fill("Thống nhất kết quả thẩm định.")
        province.get_by_role("button", name="Kết thúc thẩm định").click()
        expect(province.locator(".message.success")).to_be_visible()
        province.get_by_role("link", name="Chỉ số CCHC", exact=True).click()
        province.get_by_role("link", name="Bảng kết quả").first.click()
        province.get_by_role("button", name="Công bố kết quả").click()
        expect(province.locator(".message.success")).to_be_visible()
        expect(province.locator("table").first).to_contain_text("Tuy Phước")
        with province.expect_download() as results_download:
            province.get_by_role("link", name=re.compile("Tải bảng kết quả")).click()
        results_path = tmp_path / "ket-qua.xlsx"
        results_download.value.save_as(results_path)
        province.screenshot(path=str(tmp_path / "par-results.png"), full_page=True)

        # The office downloads its Biểu tự đánh giá and sees the published results.
        office.goto(f"/par/assessments/{assessment_id}/")
        with office.expect_download() as form_download:
            office.get_by_role("link", name=re.compile("Biểu tự đánh giá")).click()
        form_path = tmp_path / "bieu-tu-danh-gia.xlsx"
        form_download.value.save_as(form_path)
        office.get_by_role("link", name="Chỉ số CCHC", exact=True).click()
        office.get_by_role("link", name="Bảng kết quả").first.click()
        expect(office.get_by_role("heading", level=1)).to_contain_text("Kết quả thẩm định")

    assessment = Assessment.objects.get(pk=assessment_id)
    assert (assessment.state, assessment.round) == (AssessmentState.FINALISED, 1)
    items = {i.criterion.code: i for i in assessment.items.select_related("criterion")}
    assert (items["1.1"].self_score, items["1.1"].appraised_score) == (Decimal(1), Decimal(0))
    assert items["1.2"].answer == "Đã gửi Báo cáo số 12/BC-UBND ngày 10/12/2024."
    assert items["1.3.1"].self_score == Decimal(0)
    states = [h.state for h in assessment.history.order_by("history_date", "history_id")]
    transitions = [state for n, state in enumerate(states) if n == 0 or states[n - 1] != state]
    assert transitions == ["draft", "submitted", "returned", "submitted", "finalised"]
    results = set_results(assessment.criteria_set)
    assert [(row.assessment.pk, row.rank) for row in results.rows] == [(assessment_id, 1)]
    self_total = sum(i.self_score for i in items.values())
    assert results.rows[0].total.self_score == self_total == Decimal(18)
    assert results.rows[0].total.appraised == self_total - 1

    sheet = load_workbook(results_path).worksheets[0]
    rows = [[c.value for c in row if c.value is not None] for row in sheet.iter_rows()]
    (unit_row,) = [row for row in rows if any("Tuy Phước" in str(value) for value in row)]
    # … totals self 18 and appraised 17 of 69, rank 1, grade "Yếu" (17/69 < 50%)
    assert unit_row[-4:] == [18, 17, 1, "Yếu"]
    form = load_workbook(form_path).worksheets[0]
    form_texts = [str(c.value) for row in form.iter_rows() for c in row if c.value is not None]
    assert any("BIỂU TỰ ĐÁNH GIÁ" in text for text in form_texts)
    assert any(text.startswith("Báo cáo tiến độ quý 4/2024") for text in form_texts)
