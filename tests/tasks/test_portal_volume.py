"""The agency portal at volume: search without diacritics, filters, counts per state, 50
tasks a page, returned reports of any quarter, a fixed number of queries."""

import datetime

import pytest
from django.urls import reverse

from tasks.models import ReviewState
from tests.factories import (
    PlanAreaFactory,
    ProgressReportFactory,
    TaskAssignmentFactory,
    TaskFactory,
)

pytestmark = pytest.mark.django_db


def _tasks(s, count, *, title="Nhiệm vụ số {i}", area=None, start=1, **fields):
    tasks = []
    for i in range(start, start + count):
        task = TaskFactory(
            area=area or s["area"], code=str(i), order=i, title=title.format(i=i), **fields
        )
        TaskAssignmentFactory(task=task, agency=s["office"], role="lead", order=1)
        tasks.append(task)
    return tasks


def _rows(response):
    return [r.task for _, rows in response.context["groups"] for r in rows]


def _get(client, **params):
    return client.get(reverse("my-tasks"), {"period": "2022-Q2", **params})


@pytest.mark.parametrize("query", ["tuyen truyen", "TUYÊN TRUYỀN", "tuyên truyền"])
def test_portal_search_ignores_diacritics_and_case(client, district_setup, query):
    s = district_setup
    [wanted] = _tasks(s, 1, title="Tuyên truyền cải cách hành chính")
    _tasks(s, 1, title="Tuyển dụng công chức", start=2)
    client.force_login(s["office_head"])

    assert _rows(_get(client, q=query)) == [wanted]


def test_portal_search_finds_tasks_by_a_partner_agency(client, district_setup):
    s = district_setup
    shared, _alone = _tasks(s, 2)
    TaskAssignmentFactory(task=shared, agency=s["finance"], role="partner", order=2)
    client.force_login(s["office_head"])

    assert _rows(_get(client, q="tai chinh")) == [shared]


def test_portal_filters_by_area_and_overdue(client, district_setup):
    s = district_setup
    second = PlanAreaFactory(plan=s["plan"], numeral="II", heading="Cải cách TTHC")
    late, _ = _tasks(s, 2, due_date=datetime.date(2022, 4, 30))
    later = _tasks(s, 1, area=second, start=3, due_date=datetime.date(2022, 12, 31))
    client.force_login(s["office_head"])

    assert _rows(_get(client, area=second.pk)) == later
    assert _rows(_get(client, overdue="1", q="so 1")) == [late]


def test_portal_counts_reports_per_state_and_filters_by_state(client, district_setup):
    s = district_setup
    tasks = _tasks(s, 5)
    states = [ReviewState.SUBMITTED, ReviewState.SUBMITTED, ReviewState.ACCEPTED, ReviewState.DRAFT]
    for task, state in zip(tasks, states, strict=False):
        ProgressReportFactory(task=task, agency=s["office"], review_state=state)
    client.force_login(s["office_head"])

    response = _get(client)

    counts = {value: n for value, _, n in response.context["state_counts"]}
    assert counts == {
        "none": 1,
        "draft": 1,
        "submitted": 2,
        "returned": 0,
        "accepted": 1,
        "done": 0,
    }
    assert _rows(_get(client, status="submitted")) == tasks[:2]


def test_portal_shows_50_tasks_a_page_keeping_the_filters(client, district_setup):
    s = district_setup
    tasks = _tasks(s, 120)
    client.force_login(s["office_head"])

    first = _get(client)
    last = _get(client, page="3")

    assert _rows(first) == tasks[:50]
    assert _rows(last) == tasks[100:]
    assert first.context["row_count"] == 120
    html = first.content.decode()
    assert 'href="?period=2022-Q2&amp;page=2"' in html
    assert "Trang 1/3" in html


def test_portal_lists_reports_returned_in_another_quarter(client, district_setup):
    s = district_setup
    [task] = _tasks(s, 1, title="Rà soát thủ tục")
    ProgressReportFactory(
        task=task,
        agency=s["office"],
        quarter=1,
        review_state=ReviewState.RETURNED,
        review_note="Bổ sung minh chứng",
    )
    client.force_login(s["office_head"])

    html = _get(client).content.decode()

    link = reverse("report-edit", args=[task.pk, "2022-Q1"])
    assert f'<a href="{link}">Sửa báo cáo Quý I/2022 — nhiệm vụ 1 Rà soát thủ tục</a>' in html
    assert "Bổ sung minh chứng" in html


def test_portal_table_names_the_task_in_links_and_labels_its_cells(client, district_setup):
    s = district_setup
    _tasks(s, 1)
    client.force_login(s["office_head"])

    html = _get(client).content.decode()

    assert "<caption>Nhiệm vụ thuộc lĩnh vực" in html
    assert 'data-label="Nhiệm vụ"' in html
    assert "Báo cáo nhiệm vụ 1</a>" in html


@pytest.mark.parametrize("count", [3, 60])
def test_portal_query_count_is_fixed_with_search_filters_and_paging(
    client, district_setup, django_assert_max_num_queries, count
):
    s = district_setup
    for task in _tasks(s, count, title="Tuyên truyền số {i}"):
        ProgressReportFactory(
            task=task,
            agency=s["office"],
            review_state=ReviewState.RETURNED,
            review_note="Sửa lại",
            quarter=1,
        )
    client.force_login(s["office_head"])

    with django_assert_max_num_queries(13):
        response = _get(client, q="tuyen truyen", status="none", page="2")

    assert response.context["row_count"] == count
