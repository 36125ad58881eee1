import pytest
from django.urls import reverse

from tests.factories import IndicatorFactory, PlanAreaFactory, TaskFactory

pytestmark = pytest.mark.django_db


def test_home_requires_login(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url == "/accounts/login/?next=/"


def test_home_lists_plans_with_task_counts(admin_client):
    area = PlanAreaFactory(plan__title="Kế hoạch CCHC huyện Mẫu năm 2022")
    TaskFactory(area=area)
    TaskFactory(area=area)
    IndicatorFactory(plan=area.plan)

    response = admin_client.get(reverse("home"))

    plans = list(response.context["plans"])
    assert [(p.title, p.task_count, p.area_count, p.indicator_count) for p in plans] == [
        ("Kế hoạch CCHC huyện Mẫu năm 2022", 2, 1, 1)
    ]
    assert "Kế hoạch CCHC huyện Mẫu năm 2022" in response.text


@pytest.mark.parametrize("count", [1, 12])
def test_home_query_count_does_not_grow_with_plans(
    admin_client, django_assert_max_num_queries, count
):
    for _ in range(count):
        TaskFactory()

    with django_assert_max_num_queries(4):
        response = admin_client.get(reverse("home"))

    assert len(response.context["plans"]) == count
