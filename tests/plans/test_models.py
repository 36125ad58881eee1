from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from plans.models import Agency, Plan, PlanKind, ReformArea
from tests.factories import AgencyFactory, PlanAreaFactory, PlanFactory, UnitFactory

pytestmark = pytest.mark.django_db


def test_reform_areas_migration_creates_the_eight_canonical_areas():
    assert list(ReformArea.objects.values_list("code", flat=True)) == [
        "chi-dao-dieu-hanh",
        "the-che",
        "thu-tuc-hanh-chinh",
        "to-chuc-bo-may",
        "cong-vu",
        "tai-chinh-cong",
        "chinh-quyen-so",
        "tac-dong",
    ]


def test_plan_start_year_after_end_year_is_rejected():
    with pytest.raises(IntegrityError), transaction.atomic():
        PlanFactory(kind=PlanKind.MULTI_YEAR, start_year=2025, end_year=2023)


def test_annual_plan_spanning_years_is_rejected():
    with pytest.raises(IntegrityError), transaction.atomic():
        PlanFactory(kind=PlanKind.ANNUAL, start_year=2023, end_year=2025)


def test_multi_year_plan_within_one_year_is_rejected():
    with pytest.raises(IntegrityError), transaction.atomic():
        PlanFactory(kind=PlanKind.MULTI_YEAR, start_year=2023, end_year=2023)


def test_plan_slug_is_unique():
    PlanFactory(slug="thanh-oai-2022")
    with pytest.raises(IntegrityError), transaction.atomic():
        PlanFactory(slug="thanh-oai-2022")


def test_agency_name_is_unique_within_a_district_only():
    district = UnitFactory()
    AgencyFactory(unit=district, name="Phòng Nội vụ")
    AgencyFactory(name="Phòng Nội vụ")  # another district

    with pytest.raises(IntegrityError), transaction.atomic():
        AgencyFactory(unit=district, name="Phòng Nội vụ")
    assert Agency.objects.filter(name="Phòng Nội vụ").count() == 2


def test_plan_area_numeral_is_unique_within_a_plan():
    area = PlanAreaFactory(numeral="I")
    with pytest.raises(IntegrityError), transaction.atomic():
        PlanAreaFactory(plan=area.plan, numeral="I")


def test_plan_area_target_points_above_maximum_is_rejected():
    with pytest.raises(IntegrityError), transaction.atomic():
        PlanAreaFactory(target_points=Decimal("10"), max_points=Decimal("9.5"))


def test_plan_area_target_points_within_maximum_is_accepted():
    area = PlanAreaFactory(target_points=Decimal("9.5"), max_points=Decimal("9.5"))
    area.refresh_from_db()
    assert (area.target_points, area.max_points) == (Decimal("9.50"), Decimal("9.50"))


def test_plan_labels_show_period_and_missing_number():
    plan = PlanFactory(
        kind=PlanKind.MULTI_YEAR, start_year=2023, end_year=2025, number="", title="Kế hoạch X"
    )
    assert str(plan) == "Kế hoạch X (2023–2025)"
    assert plan.number_label == "(chưa ghi số)"
    assert list(Plan.objects.get(pk=plan.pk).years) == [2023, 2024, 2025]
