"""Bad input about administrative units, refused with a Vietnamese message and nothing written:
a unit under something other than a province, a district owning a plan after districts were
abolished (1 July 2025), a user whose agency lies outside their unit."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from plans.access import GROUP_AGENCY
from plans.models import AdministrativeUnit, Plan, PlanKind, UserProfile
from plans.units import UnitType
from tests.admin_forms import admin_form_data
from tests.factories import AgencyFactory, PlanFactory, ProvinceFactory, UnitFactory, make_user

pytestmark = pytest.mark.django_db

DISTRICTS_GONE = "Từ ngày 01/7/2025 không còn cấp huyện: kế hoạch từ năm 2026 thuộc tỉnh hoặc xã"


def _messages(excinfo) -> dict[str, list[str]]:
    return excinfo.value.message_dict


# --- units -------------------------------------------------------------------------------------


def test_commune_under_a_district_is_refused_and_not_written():
    district = UnitFactory(slug="huyen-cu", name="Cũ")
    commune = AdministrativeUnit(
        name="Bình Minh", unit_type=UnitType.COMMUNE, parent=district, slug="xa-binh-minh"
    )
    before = AdministrativeUnit.objects.count()

    with pytest.raises(ValidationError) as excinfo:
        commune.full_clean()

    assert _messages(excinfo) == {
        "parent": ["Đơn vị cấp trên phải là tỉnh hoặc thành phố trực thuộc trung ương."]
    }
    assert AdministrativeUnit.objects.count() == before


def test_commune_under_a_commune_is_refused():
    province = ProvinceFactory()
    upper = UnitFactory(slug="xa-tren", unit_type=UnitType.COMMUNE, parent=province)
    commune = AdministrativeUnit(
        name="Dưới", unit_type=UnitType.WARD, parent=upper, slug="phuong-duoi"
    )

    with pytest.raises(ValidationError) as excinfo:
        commune.full_clean()

    assert "phải là tỉnh hoặc thành phố trực thuộc trung ương" in _messages(excinfo)["parent"][0]


def test_commune_without_province_is_refused():
    commune = AdministrativeUnit(name="Lẻ", unit_type=UnitType.COMMUNE, slug="xa-le")

    with pytest.raises(ValidationError) as excinfo:
        commune.full_clean()

    assert _messages(excinfo) == {"parent": ["Đơn vị cấp huyện, cấp xã phải thuộc một tỉnh."]}


def test_province_with_a_parent_is_refused():
    other = ProvinceFactory()
    province = AdministrativeUnit(
        name="Con", unit_type=UnitType.PROVINCE, parent=other, slug="tinh-con"
    )

    with pytest.raises(ValidationError) as excinfo:
        province.full_clean()

    assert _messages(excinfo) == {"parent": ["Tỉnh, thành phố không thuộc đơn vị nào khác."]}


def test_commune_under_a_province_is_accepted():
    commune = AdministrativeUnit(
        name="Bình Minh", unit_type=UnitType.SPECIAL_ZONE, parent=ProvinceFactory(), slug="dk"
    )

    commune.full_clean()
    commune.save()

    assert (commune.level, commune.full_name) == ("commune", "đặc khu Bình Minh")


# --- plans ------------------------------------------------------------------------------------


def _plan(unit, start, end):
    return Plan(
        unit=unit,
        slug=f"ke-hoach-{unit.slug}-{start}",
        title="Kế hoạch cải cách hành chính",
        kind=PlanKind.ANNUAL if start == end else PlanKind.MULTI_YEAR,
        start_year=start,
        end_year=end,
    )


def test_district_plan_starting_in_2026_is_refused_and_not_written():
    district = UnitFactory(slug="thanh-oai", name="Thanh Oai")
    plan = _plan(district, 2026, 2026)

    with pytest.raises(ValidationError) as excinfo:
        plan.full_clean()

    (message,) = _messages(excinfo)["unit"]
    assert message.startswith(DISTRICTS_GONE)
    assert "huyện Thanh Oai" in message
    assert not Plan.objects.exists()


@pytest.mark.parametrize(
    ("unit_type", "start", "end"),
    [
        (UnitType.DISTRICT, 2025, 2025),  # the districts' last year
        (UnitType.URBAN_DISTRICT, 2023, 2025),
        (UnitType.DISTRICT, 2024, 2026),  # started while districts existed
        (UnitType.COMMUNE, 2026, 2026),
        (UnitType.WARD, 2026, 2030),
    ],
)
def test_plans_districts_and_communes_may_own_are_accepted(unit_type, start, end):
    unit = UnitFactory(unit_type=unit_type)

    _plan(unit, start, end).full_clean()


def test_province_plan_in_2026_is_accepted():
    _plan(ProvinceFactory(), 2026, 2026).full_clean()


def test_admin_refuses_moving_a_district_plan_to_2026(client, admin_user):
    plan = PlanFactory(unit=UnitFactory(slug="cat-hai", name="Cát Hải"), slug="cat-hai-2023")
    client.force_login(admin_user)
    url = reverse("admin:plans_plan_change", args=[plan.pk])

    response = client.post(
        url, admin_form_data(client.get(url), start_year="2026", end_year="2026")
    )

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["unit"][0].startswith(DISTRICTS_GONE)
    plan.refresh_from_db()
    assert (plan.start_year, plan.end_year) == (2022, 2022)


# --- user profiles ------------------------------------------------------------------------------


def test_profile_with_an_agency_of_another_unit_is_refused():
    home = UnitFactory(slug="xa-a", name="A", unit_type=UnitType.COMMUNE)
    other = UnitFactory(slug="xa-b", name="B", unit_type=UnitType.COMMUNE)
    agency = AgencyFactory(unit=other, name="Phòng Kinh tế")
    user = make_user("nguoi-dung")
    profile = UserProfile(user=user, unit=home, agency=agency)

    with pytest.raises(ValidationError) as excinfo:
        profile.full_clean()

    assert _messages(excinfo) == {
        "agency": ["Cơ quan “Phòng Kinh tế” thuộc xã B, không thuộc xã A của người dùng."]
    }
    assert not UserProfile.objects.exists()


def test_profile_with_an_agency_and_no_unit_is_refused():
    agency = AgencyFactory(unit=UnitFactory(slug="xa-a", name="A", unit_type=UnitType.COMMUNE))
    profile = UserProfile(user=make_user("nguoi-dung"), agency=agency)

    with pytest.raises(ValidationError) as excinfo:
        profile.full_clean()

    assert _messages(excinfo) == {"unit": [f"Người dùng của “{agency.name}” phải thuộc xã A."]}


def test_profiles_within_their_unit_are_accepted():
    unit = UnitFactory(unit_type=UnitType.COMMUNE)
    agency = AgencyFactory(unit=unit)
    head = make_user("truong-thon", group=GROUP_AGENCY, agency=agency)
    staff = make_user("can-bo", unit=unit)

    head.profile.full_clean()
    staff.profile.full_clean()
