"""Vietnamese everywhere a user looks: the project's own catalog (locale/vi), the admin screens
of the libraries, the error pages inside the site's layout, and dates as dd/mm/yyyy."""

import datetime
import re
from pathlib import Path

import polib
import pytest
from django.conf import settings as django_settings
from django.urls import path, reverse
from django.utils import translation

from reformplan.urls import handler403, handler404, handler500
from reformplan.urls import urlpatterns as site_urlpatterns
from scripts.compile_messages import compile_all
from tasks.models import AssignmentRole
from tests.admin_forms import admin_form_data
from tests.factories import (
    IndicatorFactory,
    ProgressReportFactory,
    TaskAssignmentFactory,
    TaskFactory,
)

LOCALE = Path(django_settings.BASE_DIR) / "locale" / "vi" / "LC_MESSAGES"
NOT_COMPILED = "the translations are not compiled: run `make install` (scripts/compile_messages.py)"


# --- the project's catalog ---------------------------------------------------------------


def _translated(entry: polib.POEntry) -> str:
    if entry.msgid_plural and entry.msgctxt:
        return translation.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, 1)
    if entry.msgid_plural:
        return translation.ngettext(entry.msgid, entry.msgid_plural, 1)
    if entry.msgctxt:
        return translation.pgettext(entry.msgctxt, entry.msgid)
    return translation.gettext(entry.msgid)


def test_every_entry_of_the_project_catalog_is_what_django_shows():
    """Fails loudly on a machine where the .mo was not compiled (or is older than the .po):
    every string would silently fall back to the libraries' English."""
    assert (LOCALE / "django.mo").is_file(), NOT_COMPILED
    catalog = polib.pofile(str(LOCALE / "django.po"))
    with translation.override("vi"):
        wrong = [
            (entry.msgid, _translated(entry))
            for entry in catalog
            if _translated(entry) != (entry.msgstr or entry.msgstr_plural[0])
        ]
    assert len(catalog) > 200
    assert wrong == [], NOT_COMPILED


def test_the_javascript_catalog_is_compiled_from_its_source():
    assert (LOCALE / "djangojs.mo").is_file(), NOT_COMPILED
    source = polib.pofile(str(LOCALE / "djangojs.po"))
    compiled = polib.mofile(str(LOCALE / "djangojs.mo"))

    def entries(catalog):
        return {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural[0] for e in catalog}

    assert entries(compiled) == entries(source), NOT_COMPILED


def test_the_admin_calendar_names_the_days_in_vietnamese(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("quan-tri", password="x"))

    catalog = client.get(reverse("admin:jsi18n")).content.decode()

    assert '"Monday": "Th\\u1ee9 hai"' in catalog
    assert '"Sun": "CN"' not in catalog  # contexts kept: "abbrev. day Sunday\x04Sun"
    assert '"abbrev. day Sunday\\u0004Sun": "CN"' in catalog


def test_compiling_refuses_an_untranslated_entry_and_writes_nothing(tmp_path):
    folder = tmp_path / "vi" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "django.po").write_text(
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Save"\nmsgstr "Lưu"\n\nmsgid "Show counts"\nmsgstr ""\n',
        encoding="utf-8",
    )

    with pytest.raises(ValueError, match="Show counts"):
        compile_all(tmp_path)

    assert not (folder / "django.mo").exists()


def test_compiling_writes_the_mo_beside_the_po(tmp_path):
    folder = tmp_path / "vi" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "django.po").write_text(
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Save"\nmsgstr "Lưu"\n',
        encoding="utf-8",
    )

    written = compile_all(tmp_path)

    assert written == [folder / "django.mo"]
    assert [(e.msgid, e.msgstr) for e in polib.mofile(str(folder / "django.mo"))] == [
        ("Save", "Lưu")
    ]


# --- the admin screens --------------------------------------------------------------------

# English of Django 5.2, django-import-export 4.4.3 and django-simple-history that showed on
# these screens, and Django's odd Vietnamese for the history button.
ENGLISH = [
    "Please correct the error",
    "Please correct the errors",
    "Show counts",
    "Hide counts",
    "History",
    "Bản ghi nhớ",
    "Export",
    "Import",
    "Select all",
    "Submit",
    "This exporter will export",
    "Format",
    "Skip to main content",
    "Toggle theme",
    "Breadcrumbs",
    "Toggle navigation",
    "Filter navigation items",
    "Change history",
    "Select this object for an action",
    "Select all objects on this page",
    "Django",
    "Site administration",
    "Log out",
    "Run the selected action",
]


def visible_text(html: str) -> str:
    """What a user reads or hears: text between tags, tooltips, labels read aloud by screen
    readers, placeholders and button captions (not scripts, styles, URLs or class names)."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    attributes = re.findall(r'\b(?:title|aria-label|placeholder|alt)="([^"]*)"', html)
    buttons = re.findall(r'<input[^>]*type="submit"[^>]*value="([^"]*)"', html)
    text = re.sub(r"<[^>]+>", "\n", html)
    return "\n".join([text, *attributes, *buttons])


def english_on(html: str) -> list[str]:
    text = visible_text(html)
    return [phrase for phrase in ENGLISH if phrase in text]


@pytest.fixture
def admin_objects(district_setup):
    s = district_setup
    task = TaskFactory(
        area=s["area"], due_date=datetime.date(2022, 3, 31), milestones=["2022-02-28"]
    )
    TaskAssignmentFactory(task=task, agency=s["office"], role=AssignmentRole.LEAD)
    return {
        **s,
        "tasks_task": task,
        "plans_agency": s["office"],
        "plans_plan": s["plan"],
        "tasks_progressreport": ProgressReportFactory(task=task, agency=s["office"]),
        "indicators_indicator": IndicatorFactory(plan=s["plan"]),
    }


# (page, the Vietnamese it must show)
ADMIN_PAGES = [
    ("tasks_task_changelist", ["Hiện số lượng", "Xuất dữ liệu", "Thực hiện thao tác đã chọn"]),
    ("tasks_task_change", ["Lịch sử thay đổi", "Các mốc trung gian", "Lưu"]),
    ("tasks_task_history", ["Lịch sử thay đổi:"]),
    ("tasks_task_export", ["Xuất dữ liệu", "Định dạng", "Chọn tất cả", "Gửi"]),
    ("tasks_task_import_sheet", ["Nhập từ bảng tính"]),
    ("plans_agency_changelist", ["Hiện số lượng", "Xuất dữ liệu"]),
    ("plans_agency_change", ["Lịch sử thay đổi"]),
    ("plans_agency_history", ["Lịch sử thay đổi:"]),
    ("plans_agency_export", ["Định dạng", "Gửi"]),
    ("plans_plan_changelist", ["Chọn kế hoạch để thay đổi"]),
    ("plans_plan_change", ["Lịch sử thay đổi"]),
    ("plans_plan_history", ["Lịch sử thay đổi:"]),
    ("tasks_progressreport_changelist", ["Hiện số lượng"]),
    ("tasks_progressreport_change", ["Lịch sử thay đổi"]),
    ("tasks_progressreport_history", ["Lịch sử thay đổi:"]),
    ("indicators_indicator_changelist", ["Hiện số lượng", "Xuất dữ liệu"]),
    ("indicators_indicator_change", ["Lịch sử thay đổi"]),
    ("indicators_indicator_history", ["Lịch sử thay đổi:"]),
    ("indicators_indicator_export", ["Định dạng", "Gửi"]),
    # The indicators' actual values come in through django-import-export's own import page.
    ("indicators_indicatoractual_changelist", ["Nhập dữ liệu"]),
    ("indicators_indicatoractual_import", ["Nhập dữ liệu", "Tệp cần nhập", "Gửi"]),
]


def _admin_url(page: str, objects: dict) -> str:
    model, _, view = page.rpartition("_")
    if view == "sheet":  # tasks_task_import_sheet
        return reverse(f"admin:{page}")
    if view in ("change", "history"):
        return reverse(f"admin:{page}", args=[objects[model].pk])
    return reverse(f"admin:{page}")


@pytest.mark.parametrize("role", ["office", "superuser"])
@pytest.mark.parametrize(("page", "vietnamese"), ADMIN_PAGES, ids=[p for p, _ in ADMIN_PAGES])
def test_admin_screens_show_vietnamese_labels(
    client, admin_objects, django_user_model, role, page, vietnamese
):
    if role == "office":
        client.force_login(admin_objects["staff"])
    else:
        client.force_login(django_user_model.objects.create_superuser("quan-tri", password="x"))

    response = client.get(_admin_url(page, admin_objects))

    assert response.status_code == 200
    assert english_on(response.content.decode()) == []
    text = visible_text(response.content.decode())
    assert [phrase for phrase in vietnamese if phrase not in text] == []


def test_admin_form_errors_are_announced_in_vietnamese(client, admin_objects):
    client.force_login(admin_objects["staff"])
    url = reverse("admin:plans_agency_change", args=[admin_objects["office"].pk])

    response = client.post(url, {"name": ""})

    assert response.status_code == 200
    assert "Vui lòng sửa các lỗi dưới đây." in response.content.decode()
    assert english_on(response.content.decode()) == []


def test_admin_task_list_shows_the_due_date_as_dd_mm_yyyy(client, admin_objects):
    client.force_login(admin_objects["staff"])

    html = client.get(reverse("admin:tasks_task_changelist")).content.decode()

    assert re.search(r'<td class="field-due_date[^"]*">31/03/2022</td>', html)
    assert "tháng 3 năm 2022" not in html


def test_admin_task_form_shows_and_reads_dates_as_dd_mm_yyyy(client, admin_objects):
    client.force_login(admin_objects["staff"])
    url = reverse("admin:tasks_task_change", args=[admin_objects["tasks_task"].pk])

    page = client.get(url)
    data = admin_form_data(page, due_date="30/06/2022", change_reason="Lùi hạn theo văn bản mới")
    response = client.post(url, data)

    assert re.search(r'name="due_date"[^>]*value="31/03/2022"', page.content.decode())
    assert response.status_code == 302
    admin_objects["tasks_task"].refresh_from_db()
    assert admin_objects["tasks_task"].due_date == datetime.date(2022, 6, 30)


# --- error pages --------------------------------------------------------------------------


def _boom(request):
    raise RuntimeError("database exploded")


# A URLconf for the 500 test: the site's own pages and handlers, and one view that fails.
urlpatterns = [path("test-500/", _boom), *site_urlpatterns]


def _has_navigation(html: str, user) -> bool:
    return "Duyệt báo cáo" in html and user.username in html and "Đăng xuất" in html


def test_the_site_names_its_own_error_handlers():
    assert (handler403, handler404, handler500) == (
        "reformplan.errors.permission_denied",
        "reformplan.errors.page_not_found",
        "reformplan.errors.server_error",
    )


def test_404_page_is_vietnamese_inside_the_site_layout(client, district_setup):
    staff = district_setup["staff"]
    client.force_login(staff)

    response = client.get("/khong-co-trang-nay/")

    html = response.content.decode()
    assert response.status_code == 404
    assert "Không tìm thấy trang (404)" in html
    assert "Trang bạn tìm không tồn tại hoặc đã bị xóa." in html
    assert _has_navigation(html, staff)
    assert "Not Found" not in html


def test_404_hides_the_frameworks_technical_message(client, district_setup):
    client.force_login(district_setup["staff"])

    response = client.get(reverse("task-history", args=[987654]))

    assert response.status_code == 404
    assert "matches the given query" not in response.content.decode()
    assert "Trang bạn tìm không tồn tại" in response.content.decode()


def test_404_shows_the_projects_own_message(client, db):
    # The reset pages exist only when mail is delivered; the test settings only print mail.
    response = client.get(reverse("password_reset"))

    assert response.status_code == 404
    assert "Chức năng đặt lại mật khẩu chưa được bật." in response.content.decode()
    assert "Không tìm thấy trang (404)" in response.content.decode()


def test_403_page_is_vietnamese_inside_the_site_layout(client, district_setup):
    staff = district_setup["staff"]
    client.force_login(staff)

    # The agencies' portal is for agency heads only.
    response = client.get(reverse("my-tasks"))

    html = response.content.decode()
    assert response.status_code == 403
    assert "Không có quyền truy cập (403)" in html
    assert "Tài khoản chưa được gắn với một cơ quan, đơn vị." in html
    assert _has_navigation(html, staff)
    assert "Forbidden" not in html


def test_403_hides_a_technical_message():
    from django.core.exceptions import PermissionDenied

    from reformplan.errors import user_message

    assert user_message(PermissionDenied("Permission denied for object 3")) == ""
    assert user_message(PermissionDenied("Chưa được phân quyền.")) == "Chưa được phân quyền."
    assert user_message(PermissionDenied()) == ""


def test_500_page_is_vietnamese_inside_the_site_layout(client, district_setup, settings):
    settings.DEBUG = False
    settings.ROOT_URLCONF = __name__
    staff = district_setup["staff"]
    client.force_login(staff)
    client.raise_request_exception = False

    response = client.get("/test-500/")

    html = response.content.decode()
    assert response.status_code == 500
    assert "Hệ thống đang gặp lỗi (500)" in html
    assert _has_navigation(html, staff)
    assert "database exploded" not in html
    assert "Server Error" not in html


def test_500_page_falls_back_to_a_static_page_when_it_cannot_render(
    client, district_setup, settings, monkeypatch
):
    settings.DEBUG = False
    settings.ROOT_URLCONF = __name__
    client.force_login(district_setup["staff"])
    client.raise_request_exception = False

    def menu_fails(request):
        raise RuntimeError("the database is down")

    # The menu needs the database; when it is what failed, the 500 page cannot be rendered.
    monkeypatch.setattr("plans.context_processors.role_of", menu_fails)

    response = client.get("/test-500/")

    html = response.content.decode()
    assert response.status_code == 500
    assert "Hệ thống đang gặp lỗi (500)" in html
    assert "Duyệt báo cáo" not in html


# --- dates on the site's pages ------------------------------------------------------------


def test_the_portal_shows_the_due_date_as_dd_mm_yyyy(client, district_setup):
    s = district_setup
    task = TaskFactory(area=s["area"], due_date=datetime.date(2022, 3, 31))
    TaskAssignmentFactory(task=task, agency=s["office"], role=AssignmentRole.LEAD)
    client.force_login(s["office_head"])

    html = client.get(reverse("my-tasks"), {"period": "2022-Q1"}).content.decode()

    assert "31/03/2022" in html
    assert "2022-03-31" not in html


def test_dates_are_formatted_dd_mm_yyyy_by_default():
    from django.template import Context, Template

    with translation.override("vi"):
        rendered = Template("{{ d }}|{{ d|date }}|{{ d|date:'SHORT_DATE_FORMAT' }}|{{ t }}").render(
            Context({"d": datetime.date(2022, 3, 31), "t": datetime.datetime(2022, 3, 31, 8, 5)})
        )

    assert rendered == "31/03/2022|31/03/2022|31/03/2022|31/03/2022 08:05"


@pytest.mark.parametrize("tasks", [1, 30])
def test_error_pages_run_a_fixed_number_of_queries(
    client, district_setup, tasks, django_assert_max_num_queries
):
    for _ in range(tasks):
        TaskFactory(area=district_setup["area"])
    client.force_login(district_setup["staff"])

    # Session, user, the user's groups and profile for the menu, the unread notices' count:
    # whatever the data size.
    with django_assert_max_num_queries(5):
        not_found = client.get("/khong-co-trang-nay/")
    with django_assert_max_num_queries(5):
        forbidden = client.get(reverse("my-tasks"))

    assert (not_found.status_code, forbidden.status_code) == (404, 403)


def test_admin_index_names_the_login_lock_and_two_factor_apps_in_vietnamese(admin_client):
    page = admin_client.get("/admin/").content.decode()

    assert "Khóa đăng nhập" in page
    assert "Xác thực hai lớp" in page
    assert "Thiết bị xác thực (TOTP)" in page  # the admin capitalises model names
    assert ">Axes<" not in page
    assert "TOTP devices" not in page
    assert "OTP_TOTP" not in page
