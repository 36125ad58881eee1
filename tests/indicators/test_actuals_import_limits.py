"""The actuals import: limits before the library parses, uploads kept under session-checked
random names, a second confirm answered with a message."""

import io
import zipfile

import pytest
from django.urls import reverse
from openpyxl import Workbook

from indicators.actuals_import import GONE
from indicators.models import IndicatorActual, Unit
from indicators.resources import ACTUALS_MAX_ROWS
from tasks.spreadsheet import uploads
from tasks.spreadsheet.limits import MAX_SHEET_BYTES
from tests.factories import IndicatorFactory, make_user

IMPORT = "admin:indicators_indicatoractual_import"
PROCESS = "admin:indicators_indicatoractual_process_import"


@pytest.fixture(autouse=True)
def upload_storage(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return tmp_path / "media" / uploads.FOLDER


@pytest.fixture
def plan(district_setup):
    plan = district_setup["plan"]
    IndicatorFactory(plan=plan, code="1", unit=Unit.PERCENT)
    return plan


@pytest.fixture
def admin_client(client, district_setup):
    user = make_user("sieu-quan-tri")
    user.is_superuser = user.is_staff = True
    user.save()
    client.force_login(user)
    return client


def _xlsx(rows) -> bytes:
    workbook = Workbook()
    workbook.active.append(["Mã chỉ tiêu", "Kết quả", "Ghi chú"])
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _post(client, plan, content, name="ket-qua.xlsx", fmt="0"):
    upload = io.BytesIO(content)
    upload.name = name
    data = {"plan": plan.pk, "period": "2022-Q2", "resource": "0", "format": fmt}
    return client.post(reverse(IMPORT), {**data, "import_file": upload})


def _confirm_data(response):
    confirm = response.context["confirm_form"]
    return {name: confirm.initial.get(name) for name in confirm.fields}


def test_csv_over_the_row_limit_is_refused_before_the_library_parses(admin_client, plan):
    content = ("Mã chỉ tiêu,Kết quả,Ghi chú\n" + "1,5,\n" * 100_000).encode()

    response = _post(admin_client, plan, content, name="ket-qua.csv", fmt="1")

    assert response.status_code == 200
    assert response.context["form"].errors["import_file"] == [
        f"Tệp có hơn {ACTUALS_MAX_ROWS} dòng, vượt giới hạn {ACTUALS_MAX_ROWS} dòng."
    ]
    assert "result" not in response.context
    assert not upload_storage_files()


def test_xlsx_bigger_than_the_cap_once_uncompressed_is_refused(admin_client, plan):
    source = zipfile.ZipFile(io.BytesIO(_xlsx([["1", 93, ""]])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"</sheetData>", b" " * MAX_SHEET_BYTES + b"</sheetData>")
            target.writestr(info.filename, data)

    response = _post(admin_client, plan, out.getvalue())

    errors = response.context["form"].errors["import_file"]
    assert errors[0].startswith("Tệp quá lớn sau khi giải nén (một trang tính 4,1 MB, tối đa 4 MB)")
    assert "result" not in response.context


def test_xlsx_over_the_row_limit_is_refused(admin_client, plan):
    rows = [["1", 93, ""]] * (ACTUALS_MAX_ROWS + 60)

    response = _post(admin_client, plan, _xlsx(rows))

    assert response.context["form"].errors["import_file"] == [
        f"Tệp có {ACTUALS_MAX_ROWS + 60} dòng, vượt giới hạn {ACTUALS_MAX_ROWS} dòng. Hãy kiểm "
        "tra lại trang tính (có thể đã dán nhầm dữ liệu)."
    ]


def test_tampered_file_name_imports_nothing_and_deletes_nothing(admin_client, plan, tmp_path):
    victim = uploads.save_content(_xlsx([["1", 50, "của người khác"]]))
    preview = _post(admin_client, plan, _xlsx([["1", 93, ""]]))
    data = _confirm_data(preview)

    for name in (victim, "../../media/x", "/etc/passwd"):
        response = admin_client.post(
            reverse(PROCESS), {**data, "import_file_name": name}, follow=True
        )
        assert [str(m) for m in response.context["messages"]] == [GONE]

    assert not IndicatorActual.objects.exists()
    assert uploads.read_content(victim) is not None


def test_second_confirm_is_answered_with_a_message_not_an_error(admin_client, plan):
    data = _confirm_data(_post(admin_client, plan, _xlsx([["1", 93, ""]])))
    first = admin_client.post(reverse(PROCESS), data, follow=True)

    second = admin_client.post(reverse(PROCESS), data, follow=True)

    assert first.redirect_chain[0][1] == 302
    assert second.status_code == 200
    assert [str(m) for m in second.context["messages"]] == [GONE]
    assert IndicatorActual.objects.count() == 1
    assert not upload_storage_files()


def test_confirm_after_the_upload_expired_is_answered_with_a_message(admin_client, plan):
    data = _confirm_data(_post(admin_client, plan, _xlsx([["1", 93, ""]])))
    uploads.delete_content(data["import_file_name"])  # cleanup_imports ran in between

    response = admin_client.post(reverse(PROCESS), data, follow=True)

    assert [str(m) for m in response.context["messages"]] == [GONE]
    assert not IndicatorActual.objects.exists()


def test_preview_with_errors_keeps_no_upload(admin_client, plan):
    response = _post(admin_client, plan, _xlsx([["9", 93, ""]]))

    assert response.context["result"].has_validation_errors()
    assert "confirm_form" not in response.context
    assert not upload_storage_files()


def upload_storage_files():
    try:
        return uploads.file_storage().listdir(uploads.FOLDER)[1]
    except FileNotFoundError:
        return []
