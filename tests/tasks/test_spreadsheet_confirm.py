"""The task import's confirm: small token, versions checked, only differing columns written,
second confirm answered, renamed areas shown."""

import io
import random

import pytest
from django.core import signing
from django.core.management import call_command
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from plans.models import PlanArea
from tasks.models import Task
from tasks.spreadsheet import import_plan_file, uploads
from tasks.spreadsheet.admin_view import GONE, SIGNING_SALT, sign_preview
from tests.factories import make_user
from tests.tasks.test_spreadsheet import ROWS, xlsx

CONFIRM = "admin:tasks_task_import_sheet_confirm"


@pytest.fixture(autouse=True)
def upload_storage(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return tmp_path / "media" / uploads.FOLDER


@pytest.fixture
def admin_client(client, district_setup):
    user = make_user("sieu-quan-tri")
    user.is_superuser = user.is_staff = True
    user.save()
    client.force_login(user)
    return client


@pytest.fixture
def plan(district_setup):
    return district_setup["plan"]


def _upload(client, plan, content, name="ke-hoach.xlsx"):
    upload = io.BytesIO(content)
    upload.name = name
    return client.post(
        reverse("admin:tasks_task_import_sheet"), {"plan": plan.pk, "import_file": upload}
    )


def _edited(rows):
    rows = [list(r) for r in rows]
    rows[1][1] = "Rà soát văn bản QPPL"
    return rows


def test_confirm_token_is_small_whatever_the_file_size(admin_client, plan, upload_storage):
    padded = [list(r) for r in ROWS]
    padded[2][1] = "Rà soát ở xã " + "x" * 30_000  # a long cell: the token must not grow with it

    response = _upload(admin_client, plan, xlsx(padded))

    assert response.context["preview"].errors == []
    assert len(response.context["token"]) < 500
    assert len(list(upload_storage.iterdir())) == 1


def test_confirm_of_a_file_above_the_form_field_memory_limit_is_accepted(
    admin_client, plan, settings
):
    # The confirm posts a token, not the file: Django's limit on ordinary fields cannot refuse it.
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 64 * 1024
    noise = random.Random(14)  # noqa: S311 - text that does not compress, like a real appendix
    rows = [ROWS[0]] + [
        [str(i), f"Nhiệm vụ {i} " + noise.randbytes(200).hex()] for i in range(1, 400)
    ]
    content = xlsx(rows, header=["STT", "Nhiệm vụ"])
    assert len(content) > 64 * 1024

    token = _upload(admin_client, plan, content).context["token"]
    confirm = admin_client.post(reverse(CONFIRM), {"token": token})

    assert confirm.status_code == 302
    assert Task.objects.filter(plan=plan).count() == 399


def test_confirm_refuses_when_a_task_changed_after_preview(admin_client, plan):
    import_plan_file(plan, xlsx(ROWS), "a.xlsx", dry_run=False)
    token = _upload(admin_client, plan, xlsx(_edited(ROWS))).context["token"]
    # Someone edits task 1 in the admin between preview and confirm (the admin bumps version).
    Task.objects.filter(plan=plan, code="1").update(
        title="Sửa tay sau khi xem trước", version=F("version") + 1
    )

    response = admin_client.post(reverse(CONFIRM), {"token": token})

    assert response.status_code == 200
    assert Task.objects.get(plan=plan, code="1").title == "Sửa tay sau khi xem trước"
    assert [str(m) for m in response.context["messages"]] == [
        "Chưa ghi gì: 1 nhiệm vụ của kế hoạch đã được sửa, thêm hoặc xoá sau khi xem trước. "
        "Dưới đây là kết quả kiểm tra mới: xem lại rồi bấm “Xác nhận nhập” lần nữa."
    ]
    line = response.context["preview"].lines[0]
    assert line.changes == [("Nhiệm vụ", "Sửa tay sau khi xem trước", "Rà soát văn bản QPPL")]

    again = admin_client.post(reverse(CONFIRM), {"token": response.context["token"]})

    assert again.status_code == 302
    assert Task.objects.get(plan=plan, code="1").title == "Rà soát văn bản QPPL"


def test_confirm_refuses_when_a_task_was_added_after_preview(admin_client, plan):
    import_plan_file(plan, xlsx(ROWS), "a.xlsx", dry_run=False)
    token = _upload(admin_client, plan, xlsx(_edited(ROWS))).context["token"]
    import_plan_file(plan, xlsx([*ROWS, ["3", "Thêm sau"]]), "b.xlsx", dry_run=False)

    response = admin_client.post(reverse(CONFIRM), {"token": token})

    assert response.status_code == 200
    assert response.context["preview"].stale is True
    assert Task.objects.get(plan=plan, code="1").title == "Rà soát văn bản"


def test_import_writes_only_the_columns_that_differ(plan):
    import_plan_file(plan, xlsx(ROWS), "a.xlsx", dry_run=False)
    task = Task.objects.get(plan=plan, code="1")

    with CaptureQueriesContext(connection) as queries:
        import_plan_file(plan, xlsx(_edited(ROWS)), "b.xlsx", dry_run=False)

    updates = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith('UPDATE "tasks_task" SET') and f'"id" = {task.pk}' in q["sql"]
    ]
    saved = [sql for sql in updates if '"title"' in sql]
    assert len(saved) == 1
    assert '"products"' not in saved[0] and '"deadline_text"' not in saved[0]
    task.refresh_from_db()
    assert (task.title, task.version) == ("Rà soát văn bản QPPL", 2)


def test_second_confirm_of_the_same_upload_answers_with_a_message(admin_client, plan):
    token = _upload(admin_client, plan, xlsx(ROWS)).context["token"]
    first = admin_client.post(reverse(CONFIRM), {"token": token}, follow=True)

    second = admin_client.post(reverse(CONFIRM), {"token": token}, follow=True)

    assert first.redirect_chain[0][1] == 302
    assert second.status_code == 200
    assert [str(m) for m in second.context["messages"]] == [GONE]
    assert Task.objects.filter(plan=plan).count() == 3


@pytest.mark.parametrize("name", ["../../etc/passwd", "0" * 32])
def test_confirm_naming_an_upload_this_session_did_not_make_imports_nothing(
    admin_client, plan, name, upload_storage
):
    stranger = uploads.save_content(xlsx(ROWS))  # another user's pending upload
    token = sign_preview(plan, name if name != "0" * 32 else stranger, "x.xlsx", {})

    response = admin_client.post(reverse(CONFIRM), {"token": token}, follow=True)

    assert [str(m) for m in response.context["messages"]] == [GONE]
    assert not Task.objects.filter(plan=plan).exists()
    assert [p.name for p in upload_storage.iterdir()] == [stranger]


def test_renamed_area_heading_shows_old_and_new_in_preview_summary_and_command(
    admin_client, plan, tmp_path
):
    rows = [["I", "Cải cách thể chế và pháp luật"], *ROWS[1:]]
    old = PlanArea.objects.get(plan=plan, numeral="I").heading
    assert old == "Cải cách thể chế"

    response = _upload(admin_client, plan, xlsx(rows))

    preview = response.context["preview"]
    assert preview.summary() == (
        "3 nhiệm vụ mới, 0 nhiệm vụ thay đổi, 0 nhiệm vụ không đổi, đổi tên lĩnh vực I: "
        "“Cải cách thể chế” → “Cải cách thể chế và pháp luật”."
    )
    assert (
        "Dòng 2, lĩnh vực I: <del>Cải cách thể chế</del> → <ins>Cải cách thể chế và pháp "
        "luật</ins>" in response.content.decode()
    )
    path = tmp_path / "doi-ten.xlsx"
    path.write_bytes(xlsx(rows))
    out = io.StringIO()
    call_command("import_plan", plan.slug, str(path), "--dry-run", stdout=out)
    assert "Đổi tên lĩnh vực (dòng 2) I: “Cải cách thể chế” → “Cải cách thể chế và pháp luật”" in (
        out.getvalue().splitlines()
    )


def test_preview_page_runs_a_fixed_number_of_queries(
    admin_client, plan, django_assert_max_num_queries
):
    def rows(count):
        return [ROWS[0]] + [[str(i), f"Nhiệm vụ {i}", "Phòng Nội vụ"] for i in range(1, count)]

    header = ["STT", "Nhiệm vụ", "Cơ quan chủ trì"]
    import_plan_file(plan, xlsx(rows(5), header=header), "a.xlsx", dry_run=False)
    with django_assert_max_num_queries(30) as small:
        _upload(admin_client, plan, xlsx(rows(8), header=header))
    import_plan_file(plan, xlsx(rows(60), header=header), "b.xlsx", dry_run=False)
    with django_assert_max_num_queries(30) as large:
        _upload(admin_client, plan, xlsx(rows(90), header=header))

    assert len(large.captured_queries) == len(small.captured_queries)


def test_token_of_the_former_format_carrying_the_file_gets_a_message(admin_client, plan):
    # Issued before this release: the whole file in the token, no upload name, no versions.
    token = signing.dumps(
        {"plan": plan.pk, "name": "a.xlsx", "data": "UEsDBA=="},
        salt=SIGNING_SALT,
        compress=True,
    )

    response = admin_client.post(reverse(CONFIRM), {"token": token}, follow=True)

    assert [str(m) for m in response.context["messages"]] == [GONE]
    assert not Task.objects.filter(plan=plan).exists()
