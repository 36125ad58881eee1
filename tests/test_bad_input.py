"""Bad input in the admin and in URLs: a clear message or a 404, and nothing saved.

The report form and the target entry have their own bad-input tests (tests/tasks/test_reports.py,
tests/indicators/test_actuals.py); these cover the admin forms and the period in every URL.
"""

import pytest
from django.urls import reverse

from indicators.models import Indicator
from tasks.models import Task
from tests.admin_forms import admin_form_data
from tests.factories import IndicatorFactory, TaskFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"code": "1" * 21}, "code", "Giá trị này chỉ có tối đa 20 kí tự (hiện có 21)"),
        ({"due_date": "2022-02-30"}, "due_date", "Nhập một ngày hợp lệ."),
        (
            {"deadline_text": "x" * 501},
            "deadline_text",
            "Giá trị này chỉ có tối đa 500 kí tự (hiện có 501)",
        ),
    ],
    ids=["long-code", "invalid-date", "long-deadline"],
)
def test_admin_task_bad_input_is_refused(client, district_setup, changes, field, message):
    s = district_setup
    task = TaskFactory(area=s["area"])
    client.force_login(s["staff"])
    url = reverse("admin:tasks_task_change", args=[task.pk])
    data = admin_form_data(client.get(url), change_reason="Sửa", **changes)

    response = client.post(url, data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors[field] == [message]
    assert Task.objects.get(pk=task.pk).version == 1


def test_admin_negative_target_is_refused(client, district_setup):
    s = district_setup
    indicator = IndicatorFactory(plan=s["plan"])
    client.force_login(s["staff"])
    url = reverse("admin:indicators_indicator_change", args=[indicator.pk])

    response = client.post(url, admin_form_data(client.get(url), target_value="-5"))

    assert response.status_code == 200
    assert "Giá trị chỉ tiêu không được là số âm." in response.text
    assert Indicator.objects.get(pk=indicator.pk).target_value == 90


@pytest.mark.parametrize(
    ("url_name", "args", "query"),
    [
        ("report-page", ["huyen-a-2022", "2022-Q5"], ""),
        ("report-xlsx", ["huyen-a-2022", "2022-Q5"], ""),
        ("report-page", ["khong-ton-tai", "2022-Q2"], ""),
        ("plan-targets", ["huyen-a-2022", "2022-Q5"], ""),
        ("plan-targets", ["khong-ton-tai", "2022-Q2"], ""),
        ("plan-quality", ["khong-ton-tai"], ""),
        ("review", [], "?plan=huyen-a-2022&period=2022-Q5"),
        ("review", [], "?plan=khong-ton-tai"),
    ],
)
def test_malformed_period_or_unknown_slug_is_404_for_staff(
    client, district_setup, url_name, args, query
):
    client.force_login(district_setup["staff"])

    assert client.get(reverse(url_name, args=args) + query).status_code == 404


@pytest.mark.parametrize("query", ["?period=2022-Q5", "?period=2022-Q0", "?plan=khong-ton-tai"])
def test_portal_malformed_period_or_unknown_plan_is_404(client, district_setup, query):
    client.force_login(district_setup["office_head"])

    assert client.get(reverse("my-tasks") + query).status_code == 404
