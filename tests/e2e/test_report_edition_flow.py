"""End to end in a real browser: the Interior Office of Thanh Oai drafts the 6-month report
(pre-filled from the data), numbers and dates it, edits a section, finalises it, and downloads
the Word document that the leader then downloads byte for byte the same.

Debian's Chromium driven by Playwright against the live server (see conftest.py); a screenshot
of the edition form is saved in the test's tmp_path for people to look at.
"""

import datetime
import io

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from plans.access import GROUP_LEADER, GROUP_OFFICE
from plans.models import AdministrativeUnit
from tasks.reports.models import ReportEdition
from tests.factories import make_user

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PW = "e2e-edition-password-2026"
REPORT = "/reports/thanh-oai-2022/2022-Q2/"


def _log_in(page, username):
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PW)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("button", name="Đăng xuất")).to_be_visible()


def test_office_drafts_edits_finalises_and_the_leader_downloads_the_same_word_file(
    browse, tmp_path, settings
):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("load_plans", "thanh-oai-2022", stdout=io.StringIO())
    district = AdministrativeUnit.objects.get(slug="thanh-oai")
    make_user("to-office", group=GROUP_OFFICE, unit=district, password=PW)
    make_user("to-leader", group=GROUP_LEADER, unit=district, password=PW)

    with browse() as new_page:
        office = new_page()
        _log_in(office, "to-office")
        office.goto(REPORT)
        office.get_by_role("link", name="Soạn bản báo cáo (điền sẵn từ số liệu)").click()
        office.get_by_role("button", name="Tạo bản báo cáo").click()
        expect(
            office.get_by_text("Đã tạo bản báo cáo, nội dung điền sẵn từ số liệu.")
        ).to_be_visible()
        expect(office.get_by_label("I. Công tác chỉ đạo, điều hành")).to_contain_text(
            "Thực hiện Kế hoạch số 50/KH-UBND ngày 14/02/2022"
        )
        office.get_by_label("Số văn bản").fill("125/BC-UBND")
        office.get_by_label("Ngày ban hành").fill("2022-06-15")
        office.get_by_label("V. Kiến nghị, đề xuất").fill("Đề nghị bổ sung kinh phí số hóa.")
        office.screenshot(path=str(tmp_path / "edition-form.png"), full_page=True)
        office.get_by_role("button", name="Lưu bản báo cáo").click()
        expect(office.get_by_text("Đã lưu bản báo cáo.")).to_be_visible()
        office.get_by_role("button", name="Chốt báo cáo").click()
        expect(office.get_by_text("Đã chốt báo cáo.", exact=False)).to_be_visible()
        expect(office.get_by_text("Báo cáo đã chốt", exact=True)).to_be_visible()
        with office.expect_download() as office_download:
            office.get_by_role("link", name="Tải Word (.docx)").click()
        office_file = office_download.value.path().read_bytes()

        leader = new_page()
        _log_in(leader, "to-leader")
        leader.goto(REPORT)
        expect(leader.get_by_role("link", name="Soạn bản báo cáo", exact=False)).to_have_count(0)
        with leader.expect_download() as leader_download:
            leader.get_by_role("link", name="Tải Word (.docx)").click()
        leader_file = leader_download.value.path().read_bytes()

    edition = ReportEdition.objects.get()
    assert (edition.number, edition.doc_date, edition.proposals, edition.state) == (
        "125/BC-UBND",
        datetime.date(2022, 6, 15),
        "Đề nghị bổ sung kinh phí số hóa.",
        "final",
    )
    assert office_file == leader_file == bytes(edition.docx_file)
