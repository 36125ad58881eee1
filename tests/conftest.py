import io

import pytest
from django.core.management import call_command


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    """Users are created by the dozen in tests: a fast hasher keeps the suite quick."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def loaded_plans(db):
    """The five seed plans, loaded through the same command newcomers run."""
    call_command("load_plans", stdout=io.StringIO())


@pytest.fixture
def district_setup(db):
    """One district with a plan, an office, a commune, a commune group, and one user per role:
    Interior Office staff, district leader, the office's head, the commune's head, and an
    outsider (Interior Office staff of another district)."""
    from plans.access import GROUP_AGENCY, GROUP_LEADER, GROUP_OFFICE
    from plans.models import AgencyKind
    from tests.factories import AgencyFactory, PlanAreaFactory, UnitFactory, make_user

    district = UnitFactory(slug="huyen-a", name="A")
    other = UnitFactory(slug="huyen-b", name="B")
    area = PlanAreaFactory(plan__unit=district, plan__slug="huyen-a-2022", numeral="I")
    office = AgencyFactory(unit=district, name="Phòng Nội vụ", kind=AgencyKind.OFFICE)
    finance = AgencyFactory(
        unit=district, name="Phòng Tài chính - Kế hoạch", kind=AgencyKind.OFFICE
    )
    commune = AgencyFactory(unit=district, name="UBND xã Thanh Cao", kind=AgencyKind.COMMUNE)
    communes = AgencyFactory(
        unit=district,
        name="UBND các xã, thị trấn",
        kind=AgencyKind.GROUP,
        includes=[AgencyKind.COMMUNE],
    )
    return {
        "unit": district,
        "plan": area.plan,
        "area": area,
        "office": office,
        "finance": finance,
        "commune": commune,
        "communes": communes,
        "staff": make_user("a-noivu", group=GROUP_OFFICE, unit=district),
        "leader": make_user("a-lanhdao", group=GROUP_LEADER, unit=district),
        "office_head": make_user("a-phong-noi-vu", group=GROUP_AGENCY, agency=office),
        "finance_head": make_user("a-tai-chinh", group=GROUP_AGENCY, agency=finance),
        "commune_head": make_user("a-thanh-cao", group=GROUP_AGENCY, agency=commune),
        "outsider": make_user("b-noivu", group=GROUP_OFFICE, unit=other),
    }
