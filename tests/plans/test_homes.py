"""Each role's home says what to do in the chosen plan and period (tasks.reports.homes)."""

import datetime

import pytest
from django.http import Http404
from django.urls import reverse

from plans.access import GROUP_AGENCY, GROUP_LEADER, GROUP_OFFICE
from plans.periods import Period
from tasks.models import AssignmentRole, ReviewState
from tasks.reports import homes
from tests.factories import (
    AgencyFactory,
    PlanAreaFactory,
    ProgressReportFactory,
    TaskAssignmentFactory,
    TaskFactory,
    UnitFactory,
    make_user,
)

pytestmark = pytest.mark.django_db

Q2 = {"period": "2022-Q2"}


def _world(extra_tasks=0):
    """A district plan of 2022 with agencies A and B: A leads task 1 (report returned with a
    note), task 2 (due in Q1, never reported: overdue) and `extra_tasks` more like task 2;
    B leads task 3 (report sent, waiting for review)."""
    unit = UnitFactory(name="Mẫu Sơn", slug="mau-son")
    area = PlanAreaFactory(plan__unit=unit, plan__slug="kh-2022")
    a = AgencyFactory(unit=unit, name="Phòng Tư pháp")
    b = AgencyFactory(unit=unit, name="Phòng Văn hóa")
    t1 = TaskFactory(area=area, code="1", title="Rà soát văn bản")
    t2 = TaskFactory(
        area=area, code="2", title="Công bố thủ tục", due_date=datetime.date(2022, 3, 31)
    )
    t3 = TaskFactory(area=area, code="3", title="Số hóa hồ sơ")
    for task in (t1, t2):
        TaskAssignmentFactory(task=task, agency=a)
    TaskAssignmentFactory(task=t3, agency=b)
    TaskAssignmentFactory(task=t3, agency=a, role=AssignmentRole.PARTNER)
    for n in range(extra_tasks):
        extra = TaskFactory(area=area, code=str(10 + n), due_date=datetime.date(2022, 3, 31))
        TaskAssignmentFactory(task=extra, agency=a)
        TaskAssignmentFactory(task=extra, agency=b, role=AssignmentRole.PARTNER)
        ProgressReportFactory(task=extra, agency=a, review_state=ReviewState.SUBMITTED)
    returned = ProgressReportFactory(
        task=t1, agency=a, review_state=ReviewState.RETURNED, review_note="Thiếu minh chứng"
    )
    waiting = ProgressReportFactory(task=t3, agency=b, review_state=ReviewState.SUBMITTED)
    return {
        "unit": unit,
        "plan": area.plan,
        "a": a,
        "b": b,
        "tasks": (t1, t2, t3),
        "returned": returned,
        "waiting": waiting,
    }


# --- agency head ------------------------------------------------------------------------------


def test_agency_home_lists_tasks_to_report_returned_reports_and_overdue_tasks(client):
    w = _world()
    t1, t2, t3 = w["tasks"]
    client.force_login(make_user("tu-phap", group=GROUP_AGENCY, agency=w["a"]))

    response = client.get(reverse("home"), Q2)

    work = response.context["work"]
    assert response.templates[0].name == "plans/home_agency.html"
    assert [r.task.pk for r in work.to_report] == [t2.pk]
    assert [(r.task.pk, r.report.review_note) for r in work.returned] == [
        (t1.pk, "Thiếu minh chứng")
    ]
    assert [r.task.pk for r in work.overdue] == [t2.pk]
    assert work.report_due == datetime.date(2022, 6, 30)
    html = response.text
    assert "Thiếu minh chứng" in html
    assert f'href="/tasks/{t1.pk}/report/2022-Q2/"' in html
    assert f'href="/tasks/{t2.pk}/report/2022-Q2/"' in html
    assert f'href="/tasks/{t2.pk}/"' in html
    assert f"/tasks/{t3.pk}/report/" not in html  # a partner owes no report
    assert "Hạn gửi báo cáo: <strong>30/06/2022</strong>" in html


def test_agency_home_drops_a_task_once_its_report_is_sent(client):
    w = _world()
    t1, t2, _ = w["tasks"]
    ProgressReportFactory(task=t2, agency=w["a"], review_state=ReviewState.SUBMITTED)
    client.force_login(make_user("tu-phap", group=GROUP_AGENCY, agency=w["a"]))

    work = client.get(reverse("home"), Q2).context["work"]

    assert work.to_report == []
    assert [r.task.pk for r in work.returned] == [t1.pk]


def test_agency_home_does_not_ask_again_for_a_task_reported_done_in_an_earlier_quarter(client):
    w = _world()
    _, t2, _ = w["tasks"]
    ProgressReportFactory(
        task=t2,
        agency=w["a"],
        quarter=1,
        status="done",
        percent=100,
        completion_date=datetime.date(2022, 3, 20),
        review_state=ReviewState.ACCEPTED,
    )
    client.force_login(make_user("tu-phap", group=GROUP_AGENCY, agency=w["a"]))

    work = client.get(reverse("home"), Q2).context["work"]

    assert work.to_report == []
    assert work.overdue == []


@pytest.mark.parametrize("extra", [0, 15])
def test_agency_home_query_count_does_not_grow_with_tasks(
    client, django_assert_max_num_queries, extra
):
    w = _world(extra_tasks=extra)
    client.force_login(make_user("tu-phap", group=GROUP_AGENCY, agency=w["a"]))

    # session, user, groups, profile, plans, the pending period, the owed reports, the portal's
    # rows, the menu's unread notices: the same whatever the number of tasks
    with django_assert_max_num_queries(15):
        response = client.get(reverse("home"), Q2)

    assert len(response.context["work"].overdue) == 1 + extra


def test_agency_home_with_a_plan_of_another_unit_is_404(client):
    w = _world()
    other = PlanAreaFactory(plan__slug="kh-khac").plan
    client.force_login(make_user("tu-phap", group=GROUP_AGENCY, agency=w["a"]))

    assert client.get(reverse("home"), {"plan": other.slug}).status_code == 404


# --- Interior Office ------------------------------------------------------------------------------


def test_office_home_lists_waiting_reports_owing_agencies_overdue_tasks_and_findings(client):
    w = _world()
    _, t2, t3 = w["tasks"]
    client.force_login(make_user("noi-vu", group=GROUP_OFFICE, unit=w["unit"]))

    response = client.get(reverse("home"), Q2)

    work = response.context["work"]
    assert response.templates[0].name == "plans/home_office.html"
    assert [r.pk for r in work.waiting] == [w["waiting"].pk]
    assert work.returned_count == 1
    assert [(m.agency.name, m.missing, m.expected) for m in work.report.missing] == [
        ("Phòng Tư pháp", 2, 2)
    ]
    assert [r.task.pk for r in work.report.overdue] == [t2.pk]
    assert work.findings_total == sum(count for _, count in work.findings)
    html = response.text
    assert "/reports/review/?plan=kh-2022&amp;period=2022-Q2&amp;state=submitted" in html
    assert 'href="/reports/kh-2022/2022-Q2/"' in html
    assert 'href="/reports/kh-2022/2022-Q2/edition/"' in html
    assert 'href="/plans/kh-2022/quality/"' in html
    assert 'href="/plans/kh-2022/targets/2022-Q2/"' in html
    assert f'href="/tasks/{t3.pk}/"' in html
    assert f'href="/tasks/{t2.pk}/history/"' in html
    assert ">Duyệt báo cáo</a>" in html


@pytest.mark.parametrize("extra", [0, 15])
def test_office_home_query_count_does_not_grow_with_tasks(
    client, django_assert_max_num_queries, extra
):
    w = _world(extra_tasks=extra)
    client.force_login(make_user("noi-vu", group=GROUP_OFFICE, unit=w["unit"]))

    # the user and menu, plans, the report (a fixed set), the reports waiting, the findings,
    # the edition: the same whatever the number of tasks and reports
    with django_assert_max_num_queries(26):
        response = client.get(reverse("home"), Q2)

    assert len(response.context["work"].waiting) == 1 + extra


# --- leader ---------------------------------------------------------------------------------------


def test_leader_home_shows_headline_numbers_chart_and_overdue_tasks_by_agency(client):
    w = _world()
    _, t2, _ = w["tasks"]
    client.force_login(make_user("lanh-dao", group=GROUP_LEADER, unit=w["unit"]))

    response = client.get(reverse("home"), Q2)

    work = response.context["work"]
    assert response.templates[0].name == "plans/home_leader.html"
    assert work.report.counts.total == 3
    assert sum(s["count"] for s in work.summary) == 3
    assert [(g.agency_name, [r.task.pk for r in g.rows]) for g in work.overdue_by_agency] == [
        ("Phòng Tư pháp", [t2.pk])
    ]
    html = response.text
    assert "<svg" in html and 'id="chart-home-title"' in html
    assert ">Xem báo cáo</a>" in html
    assert ">Duyệt báo cáo</a>" not in html
    assert 'href="/reports/review/?plan=kh-2022&amp;period=2022-Q2"' in html
    assert "/edition/" not in html  # a leader may not open the edition form


@pytest.mark.parametrize("extra", [0, 15])
def test_leader_home_query_count_does_not_grow_with_tasks(
    client, django_assert_max_num_queries, extra
):
    w = _world(extra_tasks=extra)
    client.force_login(make_user("lanh-dao", group=GROUP_LEADER, unit=w["unit"]))

    # the user and menu, plans, the report (a fixed set), the edition
    with django_assert_max_num_queries(20):
        response = client.get(reverse("home"), Q2)

    assert response.context["work"].report.counts.total == 3 + extra


# --- the period -----------------------------------------------------------------------------------


def test_period_is_the_current_quarter_when_nothing_is_pending():
    plan = PlanAreaFactory().plan

    period = homes.choose_period(
        plan, None, datetime.date(2022, 8, 10), pending_states=homes.OFFICE_PENDING
    )

    assert period == Period(2022, 3)


def test_period_falls_back_to_the_latest_earlier_quarter_with_pending_work():
    w = _world()

    office = homes.choose_period(
        w["plan"], None, datetime.date(2022, 8, 10), pending_states=homes.OFFICE_PENDING
    )
    agency_b = homes.choose_period(
        w["plan"],
        None,
        datetime.date(2022, 8, 10),
        pending_states=homes.AGENCY_PENDING,
        agency=w["b"],
    )

    assert office == Period(2022, 2)
    assert agency_b == Period(2022, 3)  # B's report waits for review: nothing for B to do


def test_period_stays_current_when_the_current_quarter_has_pending_work():
    w = _world()
    ProgressReportFactory(
        task=w["tasks"][1], agency=w["a"], year=2022, quarter=3, review_state="submitted"
    )

    period = homes.choose_period(
        w["plan"], None, datetime.date(2022, 8, 10), pending_states=homes.OFFICE_PENDING
    )

    assert period == Period(2022, 3)


@pytest.mark.parametrize("slug", ["2022-Q5", "2021-Q4", "abc"])
def test_period_outside_the_plan_or_malformed_is_404(slug):
    plan = PlanAreaFactory().plan

    with pytest.raises(Http404):
        homes.choose_period(plan, slug, datetime.date(2022, 8, 10))


def test_home_with_a_bad_period_answers_404(client):
    w = _world()
    client.force_login(make_user("noi-vu", group=GROUP_OFFICE, unit=w["unit"]))

    assert client.get(reverse("home"), {"period": "2023-Q1"}).status_code == 404


# --- the menu's links to the newest plan's pages --------------------------------------------------


@pytest.mark.parametrize(
    "page,target",
    [
        ("report", "/reports/kh-2022/"),
        ("targets", "/plans/kh-2022/targets/"),
        ("quality", "/plans/kh-2022/quality/"),
    ],
)
def test_menu_link_leads_to_the_newest_plans_page(client, page, target):
    w = _world()
    client.force_login(make_user("lanh-dao", group=GROUP_LEADER, unit=w["unit"]))

    response = client.get(reverse("current-plan-page", args=[page]))

    assert (response.status_code, response.url) == (302, target)


def test_menu_plan_link_is_404_for_an_agency_head_and_for_an_unknown_page(client):
    w = _world()
    client.force_login(make_user("tu-phap", group=GROUP_AGENCY, agency=w["a"]))
    assert client.get(reverse("current-plan-page", args=["report"])).status_code == 404
    client.force_login(make_user("noi-vu", group=GROUP_OFFICE, unit=w["unit"]))
    assert client.get(reverse("current-plan-page", args=["admin"])).status_code == 404
