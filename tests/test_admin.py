import pytest
from django.contrib import admin
from django.urls import reverse

from indicators.models import Indicator
from plans.models import AdministrativeUnit, Agency, Plan, PlanArea, ReformArea
from tasks.models import AssignmentRole, Task, TaskAssignment
from tests.factories import (
    IndicatorFactory,
    PlanAreaFactory,
    TaskAssignmentFactory,
    TaskFactory,
)

pytestmark = pytest.mark.django_db


def _one_of_each():
    assignment = TaskAssignmentFactory()
    IndicatorFactory(plan=assignment.task.plan)
    return assignment


MODELS = [AdministrativeUnit, Agency, ReformArea, Plan, PlanArea, Task, TaskAssignment, Indicator]


def test_every_model_is_registered_in_the_admin():
    assert set(MODELS) <= set(admin.site._registry)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_admin_changelist_add_and_change_pages_render_for_superuser(admin_client, model):
    _one_of_each()
    opts = model._meta
    obj = model.objects.first()

    changelist = admin_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
    add = admin_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
    change = admin_client.get(
        reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    )

    assert (changelist.status_code, add.status_code, change.status_code) == (200, 200, 200)


def test_admin_task_changelist_with_filters_renders(admin_client):
    assignment = _one_of_each()
    task = assignment.task
    url = reverse("admin:tasks_task_changelist")

    response = admin_client.get(
        url,
        {
            "plan__id__exact": task.plan_id,
            "area": task.area_id,
            "lead": assignment.agency_id,
            "due_quarter": "2022-Q2",
            "q": task.title[:10],
        },
    )

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [task]


def test_admin_task_changelist_due_quarter_filter_excludes_other_quarters(admin_client):
    import datetime

    task = TaskFactory(due_date=datetime.date(2022, 3, 31))
    TaskFactory(area=task.area, due_date=datetime.date(2022, 6, 30))

    response = admin_client.get(reverse("admin:tasks_task_changelist"), {"due_quarter": "2022-Q1"})

    assert list(response.context["cl"].result_list) == [task]


def _tasks_with_leads(count):
    area = PlanAreaFactory()
    for _ in range(count):
        task = TaskFactory(area=area)
        TaskAssignmentFactory(task=task, role=AssignmentRole.LEAD)
        TaskAssignmentFactory(task=task, role=AssignmentRole.LEAD)
        TaskAssignmentFactory(task=task, role=AssignmentRole.PARTNER)


@pytest.mark.parametrize("count", [2, 30])
def test_admin_task_changelist_query_count_does_not_grow_with_rows(
    admin_client, django_assert_max_num_queries, count
):
    _tasks_with_leads(count)

    with django_assert_max_num_queries(14):
        response = admin_client.get(reverse("admin:tasks_task_changelist"))

    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == count
