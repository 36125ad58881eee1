"""Importing targets' actual values for a period through django-import-export."""

import io
from decimal import Decimal

import pytest
import tablib
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from indicators.models import IndicatorActual, Unit
from indicators.resources import IndicatorActualResource, IndicatorResource
from plans.periods import Period
from reformplan.exchange import SafeXLSX
from tests.factories import IndicatorFactory, make_user


@pytest.fixture(autouse=True)
def upload_storage(settings, tmp_path):
    """Uploads kept between preview and confirm go to a throwaway MEDIA_ROOT."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def plan(district_setup):
    plan = district_setup["plan"]
    IndicatorFactory(plan=plan, code="1", unit=Unit.PERCENT)
    IndicatorFactory(plan=plan, code="2", unit=Unit.COUNT, comparator="gte", target_value=5)
    return plan


def _dataset(rows, headers=("Mã chỉ tiêu", "Kết quả", "Ghi chú")):
    return tablib.Dataset(*rows, headers=list(headers))


def _import(plan, rows, dry_run=False, **kwargs):
    resource = IndicatorActualResource(plan=plan, period=Period(2022, 2), user=None)
    return resource.import_data(_dataset(rows, **kwargs), dry_run=dry_run)


def test_import_creates_then_updates_actuals_of_the_period(plan):
    result = _import(plan, [("1", 92.5, "Theo khảo sát"), ("2", "7", "")])

    assert not result.has_errors() and not result.has_validation_errors()
    assert [
        (a.indicator.code, a.value, a.note, a.year, a.quarter)
        for a in IndicatorActual.objects.order_by("indicator__code")
    ] == [
        ("1", Decimal("92.50"), "Theo khảo sát", 2022, 2),
        ("2", Decimal("7.00"), "", 2022, 2),
    ]
    again = _import(plan, [("1", "95", "Theo khảo sát"), ("2", 7, "")], dry_run=True)
    assert [r.import_type for r in again.rows] == ["update", "skip"]
    assert IndicatorActual.objects.get(indicator__code="1").value == Decimal("92.50")


def test_unknown_code_and_bad_values_are_row_errors_and_nothing_is_written(plan):
    result = _import(plan, [("1", "120", ""), ("9", "5", ""), ("2", "nhiều", "")])

    assert result.has_validation_errors()
    errors = [(r.number, r.error_dict) for r in result.invalid_rows]
    assert errors == [
        (1, {"value": ["Tỷ lệ phần trăm không được lớn hơn 100%."]}),
        (2, {"code": ["Không có chỉ tiêu mã “9” trong kế hoạch (các mã: 1, 2)."]}),
        (3, {"value": ["Giá trị phải là một số, ví dụ 95 hoặc 9,5."]}),
    ]
    assert not IndicatorActual.objects.exists()


def test_duplicate_code_is_a_row_error(plan):
    result = _import(plan, [("1", "90", ""), ("1", "91", "")])

    assert [(r.number, r.error_dict) for r in result.invalid_rows] == [
        (2, {"code": ["Chỉ tiêu “1” đã có ở dòng 2."]})
    ]


def test_missing_column_is_reported(plan):
    result = _import(plan, [("1", "")], headers=("Mã chỉ tiêu", "Ghi chú"))

    assert result.has_errors()
    assert "Thiếu cột bắt buộc: “Kết quả”" in str(result.base_errors[0].error)


def test_admin_import_preview_and_confirm(client, district_setup, plan):
    user = make_user("sieu-quan-tri")
    user.is_superuser = user.is_staff = True
    user.save()
    client.force_login(user)
    workbook = Workbook()
    workbook.active.append(["Mã chỉ tiêu", "Kết quả", "Ghi chú", "Nguồn"])
    workbook.active.append(["1", 93, "Khảo sát quý II", "Báo cáo 15/BC-UBND"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload = io.BytesIO(buffer.getvalue())
    upload.name = "ket-qua.xlsx"

    response = client.post(
        reverse("admin:indicators_indicatoractual_import"),
        {
            "plan": plan.pk,
            "period": "2022-Q2",
            "resource": "0",
            "format": "0",
            "import_file": upload,
        },
    )

    assert response.status_code == 200
    result = response.context["result"]
    assert [r.import_type for r in result.rows] == ["new"]
    assert not IndicatorActual.objects.exists()
    confirm = response.context["confirm_form"]
    data = {name: confirm.initial.get(name) for name in confirm.fields}
    done = client.post(reverse("admin:indicators_indicatoractual_process_import"), data)
    assert done.status_code == 302
    actual = IndicatorActual.objects.get()
    assert (actual.value, actual.source, actual.entered_by) == (
        Decimal("93.00"),
        "Báo cáo 15/BC-UBND",
        user,
    )


def test_indicator_export_keeps_numbers_as_numbers(plan):
    dataset = IndicatorResource().export()
    ws = load_workbook(io.BytesIO(SafeXLSX().export_data(dataset))).active
    assert ws.cell(row=1, column=6).value == "Giá trị chỉ tiêu"
    assert ws.cell(row=2, column=6).value == 90
    assert ws.cell(row=2, column=6).data_type == "n"
    assert ws.cell(row=1, column=9).value == "Năm gốc"
    assert ws.cell(row=2, column=9).value is None


def test_indicator_export_gives_a_reductions_base_year(plan):
    IndicatorFactory(
        plan=plan,
        code="9",
        order=9,
        statement="Giảm 10% chi thường xuyên so với năm 2021.",
        unit=Unit.COUNT,
        comparator="reduction",
        target_value=10,
    )
    dataset = IndicatorResource().export()
    ws = load_workbook(io.BytesIO(SafeXLSX().export_data(dataset))).active
    row = next(r for r in ws.iter_rows(min_row=2, values_only=True) if r[1] == "9")

    assert (row[4], row[5], row[8]) == ("Giảm ít nhất …% so với năm gốc", 10, 2021)
