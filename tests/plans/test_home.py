import pytest
from django.urls import reverse

from plans.access import GROUP_OFFICE, GROUP_PROVINCE
from tests.factories import (
    IndicatorFactory,
    PlanAreaFactory,
    ProvinceFactory,
    TaskFactory,
    UnitFactory,
    make_user,
)

pytestmark = pytest.mark.django_db


def test_home_requires_login(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url == "/accounts/login/?next=/"


def test_home_lists_plans_with_task_counts(client):
    area = PlanAreaFactory(plan__title="Kế hoạch CCHC huyện Mẫu năm 2022")
    TaskFactory(area=area)
    TaskFactory(area=area)
    IndicatorFactory(plan=area.plan)
    client.force_login(make_user("mau-noivu", group=GROUP_OFFICE, unit=area.plan.unit))

    response = client.get(reverse("home"))

    plans = list(response.context["plans"])
    assert [(p.title, p.task_count, p.area_count, p.indicator_count) for p in plans] == [
        ("Kế hoạch CCHC huyện Mẫu năm 2022", 2, 1, 1)
    ]
    assert "Kế hoạch CCHC huyện Mẫu năm 2022" in response.text


@pytest.mark.parametrize("count", [1, 12])
def test_home_query_count_does_not_grow_with_plans(client, django_assert_max_num_queries, count):
    unit = UnitFactory()
    for _ in range(count):
        TaskFactory(area__plan__unit=unit)
    client.force_login(make_user("mau-noivu", group=GROUP_OFFICE, unit=unit))

    # session, user, groups, profile, the plans, then the office's work in the newest plan
    # (tests/plans/test_homes.py): the same whatever the number of plans
    with django_assert_max_num_queries(26):
        response = client.get(reverse("home"))

    assert len(response.context["plans"]) == count


def test_superuser_home_lists_provinces_not_plans(admin_client):
    province = ProvinceFactory(slug="tinh-p", name="P")
    TaskFactory(area__plan__unit=UnitFactory(parent=province))

    response = admin_client.get(reverse("home"), {"period": "2022-Q2"})

    assert [r.province.slug for r in response.context["page"].object_list] == ["tinh-p"]
    assert "plans" not in response.context
    assert '<a href="/provinces/tinh-p/?period=2022-Q2">Tỉnh P</a>' in response.text


def test_superuser_home_refuses_a_malformed_period(admin_client):
    assert admin_client.get(reverse("home"), {"period": "2022-Q0"}).status_code == 404


def test_province_home_lists_its_units_plans_and_links_its_dashboard(client):
    province = ProvinceFactory(slug="tinh-p", name="P")
    other = ProvinceFactory(slug="tinh-q", name="Q")
    district = UnitFactory(slug="huyen-an", name="An", parent=province)
    PlanAreaFactory(plan__unit=district, plan__slug="an-2022")
    PlanAreaFactory(plan__unit=province, plan__slug="tinh-p-2022")
    PlanAreaFactory(plan__unit=UnitFactory(parent=other), plan__slug="dong-2022")
    client.force_login(make_user("tinh-p-sonoivu", group=GROUP_PROVINCE, unit=province))

    response = client.get(reverse("home"))

    assert sorted(p.slug for p in response.context["plans"]) == ["an-2022", "tinh-p-2022"]
    html = response.text
    assert 'href="/provinces/tinh-p/"' in html
    assert ">Tổng hợp toàn tỉnh</a>" in html
    assert 'href="/reports/an-2022/"' in html
    assert "/admin/" not in html
