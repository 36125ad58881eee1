"""The task-list spreadsheet in the admin: template, upload → preview → confirm; exports."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from reformplan.exchange import SafeCSV, SafeXLSX
from tasks.models import Task
from tasks.resources import TaskResource
from tests.factories import make_user
from tests.tasks.test_spreadsheet import ROWS, xlsx


@pytest.fixture(autouse=True)
def upload_storage(settings, tmp_path):
    """Uploads kept between preview and confirm go to a throwaway MEDIA_ROOT."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def admin_client(client, district_setup):
    user = make_user("sieu-quan-tri")
    user.is_superuser = user.is_staff = True
    user.save()
    client.force_login(user)
    return client


def _upload(client, plan, content, name="ke-hoach.xlsx"):
    upload = io.BytesIO(content)
    upload.name = name
    return client.post(
        reverse("admin:tasks_task_import_sheet"), {"plan": plan.pk, "import_file": upload}
    )


def test_template_download_is_an_xlsx_of_the_plan(admin_client, district_setup):
    plan = district_setup["plan"]

    response = admin_client.get(reverse("admin:tasks_task_sheet_template", args=[plan.pk]))

    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="mau-nhiem-vu-{plan.slug}.xlsx"'
    )
    ws = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert [c.value for c in ws[2]][:2] == ["I", "Cải cách thể chế"]


def test_upload_shows_the_preview_then_confirm_writes(admin_client, district_setup):
    plan = district_setup["plan"]

    response = _upload(admin_client, plan, xlsx(ROWS))

    assert response.status_code == 200
    preview = response.context["preview"]
    assert preview.summary() == "3 nhiệm vụ mới, 0 nhiệm vụ thay đổi, 0 nhiệm vụ không đổi."
    assert reverse("admin:tasks_task_import_sheet_confirm") in response.content.decode()
    assert not Task.objects.filter(plan=plan).exists()

    confirm = admin_client.post(
        reverse("admin:tasks_task_import_sheet_confirm"), {"token": response.context["token"]}
    )

    assert confirm.status_code == 302
    assert confirm["Location"].endswith(f"?plan__id__exact={plan.pk}")
    assert [t.display_code for t in Task.objects.filter(plan=plan)] == ["1", "1.a", "2"]
    listing = admin_client.get(confirm["Location"])
    assert "Rà soát văn bản" in listing.content.decode()


def test_preview_of_changes_lists_the_diff(admin_client, district_setup):
    plan = district_setup["plan"]
    admin_client.post(
        reverse("admin:tasks_task_import_sheet_confirm"),
        {"token": _upload(admin_client, plan, xlsx(ROWS)).context["token"]},
    )
    rows = [list(r) for r in ROWS]
    rows[1][1] = "Rà soát văn bản QPPL"

    page = _upload(admin_client, plan, xlsx(rows)).content.decode()

    assert "Thay đổi" in page
    assert "<del>Rà soát văn bản</del> → <ins>Rà soát văn bản QPPL</ins>" in page


def test_upload_with_errors_shows_them_and_offers_no_confirm(admin_client, district_setup):
    plan = district_setup["plan"]

    response = _upload(admin_client, plan, xlsx([ROWS[0], ["1", "Rà soát", "Phòng Không Có"]]))

    assert response.context["token"] == ""
    page = response.content.decode()
    assert "Tệp có 1 lỗi" in page
    assert reverse("admin:tasks_task_import_sheet_confirm") not in page


def test_tampered_token_is_refused(admin_client, district_setup):
    response = admin_client.post(
        reverse("admin:tasks_task_import_sheet_confirm"), {"token": "gia-mao"}
    )
    assert response.status_code == 302
    assert not Task.objects.exists()


def test_staff_of_another_district_cannot_import_into_the_plan(client, district_setup):
    client.force_login(district_setup["outsider"])
    plan = district_setup["plan"]

    response = _upload(client, plan, xlsx(ROWS))

    assert response.status_code in (200, 403)
    assert "preview" not in (response.context or {})
    assert not Task.objects.filter(plan=plan).exists()


def test_changelist_has_the_import_button_and_the_export(admin_client, district_setup):
    page = admin_client.get(reverse("admin:tasks_task_changelist")).content.decode()
    assert "Nhập từ Excel" in page
    assert reverse("admin:tasks_task_export") in page
    assert admin_client.get(reverse("admin:tasks_task_export")).status_code == 200


# --------------------------------------------------------------------------- exports


def test_export_escapes_formula_starts_and_keeps_dates_as_dates(district_setup):
    import datetime

    from tests.factories import TaskFactory

    area = district_setup["area"]
    for title in ("=SUM(A1)", "+84 912", "-giảm", "@tên"):
        TaskFactory(area=area, title=title)
    dataset = TaskResource().export(queryset=Task.objects.order_by("order"))

    ws = load_workbook(io.BytesIO(SafeXLSX().export_data(dataset))).active
    titles = [
        (ws.cell(row=r, column=4).value, ws.cell(row=r, column=4).data_type) for r in range(2, 6)
    ]
    assert titles == [("=SUM(A1)", "s"), ("+84 912", "s"), ("-giảm", "s"), ("@tên", "s")]
    assert all(ws.cell(row=r, column=4).quotePrefix for r in range(2, 6))
    assert ws.cell(row=2, column=9).value == datetime.datetime(2022, 6, 30)

    text = SafeCSV().export_data(dataset)
    assert text.startswith("\ufeff")
    assert "'=SUM(A1)" in text and "'+84 912" in text and "'-giảm" in text and "'@tên" in text
    assert "2022-06-30" in text


def test_agency_export_escapes_aliases(admin_client, district_setup):
    from plans.models import Agency as AgencyModel
    from plans.resources import AgencyResource

    AgencyModel.objects.filter(pk=district_setup["office"].pk).update(aliases=["=HYPERLINK()"])
    dataset = AgencyResource().export(queryset=AgencyModel.objects.order_by("name"))
    ws = load_workbook(io.BytesIO(SafeXLSX().export_data(dataset))).active
    cell = next(c for row in ws.iter_rows() for c in row if c.value == "=HYPERLINK()")
    assert (cell.data_type, cell.quotePrefix) == ("s", True)
    assert admin_client.get(reverse("admin:plans_agency_export")).status_code == 200
