"""The admin for Interior Office staff: only their district's rows, choices and filters."""

import pytest
from django.urls import reverse

from plans.models import Agency, Plan
from tasks.models import AssignmentRole, Task
from tests.admin_forms import admin_form_data
from tests.factories import (
    AgencyFactory,
    IndicatorFactory,
    PlanAreaFactory,
    TaskAssignmentFactory,
    TaskFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_districts(district_setup):
    s = district_setup
    area_b = PlanAreaFactory(plan__unit__slug="huyen-b", plan__slug="huyen-b-2022")
    agency_b = AgencyFactory(unit=area_b.plan.unit, name="Phòng Nội vụ huyện B")
    task_a = TaskFactory(area=s["area"], code="1")
    TaskAssignmentFactory(task=task_a, agency=s["office"], role=AssignmentRole.LEAD)
    task_b = TaskFactory(area=area_b, code="1")
    TaskAssignmentFactory(task=task_b, agency=agency_b, role=AssignmentRole.LEAD)
    IndicatorFactory(plan=area_b.plan)
    return {
        **s,
        "indicator_a": IndicatorFactory(plan=s["plan"]),
        "area_b": area_b,
        "plan_b": area_b.plan,
        "agency_b": agency_b,
        "task_a": task_a,
        "task_b": task_b,
    }


def test_staff_changelists_show_only_their_district(client, two_districts):
    s = two_districts
    client.force_login(s["staff"])

    tasks = client.get(reverse("admin:tasks_task_changelist")).context["cl"].result_list
    plans = client.get(reverse("admin:plans_plan_changelist")).context["cl"].result_list
    agencies = client.get(reverse("admin:plans_agency_changelist")).context["cl"].result_list
    indicators = client.get(reverse("admin:indicators_indicator_changelist")).context["cl"]

    assert list(tasks) == [s["task_a"]]
    assert [p.slug for p in plans] == ["huyen-a-2022"]
    assert {a.unit_id for a in agencies} == {s["unit"].pk}
    assert list(indicators.result_list) == [s["indicator_a"]]


def test_another_districts_object_is_not_found_in_the_admin(client, two_districts):
    s = two_districts
    client.force_login(s["staff"])

    response = client.get(reverse("admin:tasks_task_change", args=[s["task_b"].pk]))

    # Django's admin answers an object outside the queryset with "does not exist" and the index.
    assert (response.status_code, response.url) == (302, reverse("admin:index"))


def test_staff_cannot_change_another_districts_plan_by_post(client, two_districts):
    s = two_districts
    client.force_login(s["staff"])

    response = client.post(
        reverse("admin:plans_plan_change", args=[s["plan_b"].pk]), {"title": "Đã bị sửa"}
    )

    assert response.status_code == 302
    assert Plan.objects.get(pk=s["plan_b"].pk).title != "Đã bị sửa"


def test_agency_autocomplete_offers_only_the_district(client, two_districts):
    s = two_districts
    client.force_login(s["staff"])

    response = client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "tasks",
            "model_name": "taskassignment",
            "field_name": "agency",
            "term": "Nội vụ",
        },
    )

    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == [str(s["office"])]


def test_filter_and_form_choices_are_limited_to_the_district(client, two_districts):
    s = two_districts
    # A second plan of district A with a task: a filter with one choice is not shown at all.
    area_2023 = PlanAreaFactory(plan__unit=s["unit"], plan__slug="huyen-a-2023")
    TaskFactory(area=area_2023)
    client.force_login(s["staff"])

    changelist = client.get(reverse("admin:tasks_task_changelist"))
    add = client.get(reverse("admin:tasks_task_add"))

    filters = {f.title: f for f in changelist.context["cl"].filter_specs}
    assert {pk for pk, _ in filters["kế hoạch"].lookup_choices} == {s["plan"].pk, area_2023.plan_id}
    assert filters["cơ quan chủ trì"].lookup_choices == [
        (str(s["office"].pk), f"{s['office'].name} ({s['unit'].name})")
    ]
    form = add.context["adminform"].form
    assert set(form.fields["plan"].queryset) == {s["plan"], area_2023.plan}
    assert set(form.fields["area"].queryset) == {s["area"], area_2023}


def test_saving_a_task_into_another_districts_plan_is_refused(client, two_districts):
    s = two_districts
    client.force_login(s["staff"])
    url = reverse("admin:tasks_task_change", args=[s["task_a"].pk])
    page = client.get(url)

    response = client.post(
        url, admin_form_data(page, plan=str(s["plan_b"].pk), area=str(s["area_b"].pk))
    )

    assert response.status_code == 200
    assert set(response.context["adminform"].form.errors) == {"plan", "area"}
    assert Task.objects.get(pk=s["task_a"].pk).plan == s["plan"]


def test_assigning_another_districts_agency_is_refused(client, two_districts):
    s = two_districts
    client.force_login(s["staff"])
    url = reverse("admin:tasks_task_change", args=[s["task_a"].pk])
    data = admin_form_data(client.get(url), change_reason="Thử")
    data["assignments-0-agency"] = str(s["agency_b"].pk)

    response = client.post(url, data)

    assert response.status_code == 200
    errors = response.context["inline_admin_formsets"][0].formset.errors
    assert list(errors[0]) == ["agency"]


def test_staff_creating_an_agency_can_choose_only_their_district(client, two_districts):
    s = two_districts
    client.force_login(s["staff"])

    response = client.post(
        reverse("admin:plans_agency_add"),
        {"unit": str(s["plan_b"].unit_id), "name": "Phòng mới", "kind": "office"},
    )

    assert response.status_code == 200
    assert "unit" in response.context["adminform"].form.errors
    assert not Agency.objects.filter(name="Phòng mới").exists()


def test_progress_reports_are_read_only_in_the_admin(client, two_districts):
    s = two_districts
    client.force_login(s["staff"])

    add = client.get(reverse("admin:tasks_progressreport_add"))

    assert add.status_code == 403
