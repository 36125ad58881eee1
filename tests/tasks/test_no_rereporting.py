"""A task an agency reported done (sent or accepted) is not reported again in later periods:
the portal shows it done, and it is owed by no list (docs/report-rules.md, rule 12)."""

import datetime

import pytest
from django.urls import reverse

from plans.periods import Period
from tasks.models import ProgressStatus, ReviewState
from tasks.progress.selectors import missing_reporters, portal_rows
from tasks.progress.services import report_save
from tasks.selectors import owed_reports, reported_done_ids
from tests.factories import ProgressReportFactory, TaskAssignmentFactory, TaskFactory

pytestmark = pytest.mark.django_db

Q2, Q3, Q4 = Period(2022, 2), Period(2022, 3), Period(2022, 4)


@pytest.fixture
def done_in_q2(district_setup):
    """Two tasks led by the office; the office reported the first done in Q2 (accepted)."""
    s = district_setup
    done = TaskFactory(area=s["area"], code="1", title="Tuyên truyền CCHC", due_date=None)
    open_task = TaskFactory(area=s["area"], code="2", title="Rà soát thủ tục", due_date=None)
    for task in (done, open_task):
        TaskAssignmentFactory(task=task, agency=s["office"], role="lead", order=1)
    report = ProgressReportFactory(
        task=done,
        agency=s["office"],
        year=2022,
        quarter=2,
        status=ProgressStatus.DONE,
        percent=100,
        completion_date=datetime.date(2022, 5, 20),
        review_state=ReviewState.ACCEPTED,
    )
    return {**s, "done": done, "open": open_task, "report": report}


@pytest.mark.parametrize("period", [Q3, Q4])
def test_later_periods_do_not_owe_a_task_reported_done(done_in_q2, period):
    s = done_in_q2

    assert reported_done_ids(s["plan"], period) == {s["office"].pk: {s["done"].pk}}
    assert owed_reports(s["plan"], period) == {s["office"].pk: {s["open"].pk}}
    [missing] = missing_reporters(s["plan"], period)
    assert (missing.agency, missing.expected, missing.submitted) == (s["office"], 2, 1)


def test_the_period_of_the_done_report_still_owes_the_other_task(done_in_q2):
    s = done_in_q2

    assert reported_done_ids(s["plan"], Q2) == {}
    assert owed_reports(s["plan"], Q2) == {s["office"].pk: {s["done"].pk, s["open"].pk}}


def test_a_returned_done_report_is_owed_again(done_in_q2):
    s = done_in_q2
    s["report"].review_state = ReviewState.RETURNED
    s["report"].review_note = "Thiếu minh chứng"
    s["report"].save()

    assert owed_reports(s["plan"], Q3) == {s["office"].pk: {s["done"].pk, s["open"].pk}}


def test_a_done_report_of_another_agency_does_not_excuse_this_one(done_in_q2):
    s = done_in_q2
    TaskAssignmentFactory(task=s["done"], agency=s["finance"], role="lead", order=2)

    owed = owed_reports(s["plan"], Q3)

    assert owed[s["finance"].pk] == {s["done"].pk}
    assert owed[s["office"].pk] == {s["open"].pk}


def test_portal_rows_show_the_task_done_from_the_earlier_report(done_in_q2):
    s = done_in_q2

    rows = portal_rows(s["office"], plan=s["plan"], period=Q3, today=datetime.date(2022, 8, 1))

    by_task = {r.task: r for r in rows}
    assert by_task[s["done"]].done_earlier == s["report"]
    assert by_task[s["done"]].state == "done"
    assert by_task[s["open"]].done_earlier is None
    assert by_task[s["open"]].state == "none"


def test_portal_shows_done_and_not_to_report_in_the_next_quarter(client, done_in_q2):
    s = done_in_q2
    client.force_login(s["office_head"])

    response = client.get(reverse("my-tasks"), {"period": "2022-Q3"})

    html = response.content.decode()
    assert (
        "Đã báo cáo hoàn thành ở kỳ Quý II/2022 (ngày 20/05/2022); không phải báo cáo lại." in html
    )
    counts = {value: n for value, _, n in response.context["state_counts"]}
    assert (counts["done"], counts["none"]) == (1, 1)
    not_reported = client.get(reverse("my-tasks"), {"period": "2022-Q3", "status": "none"})
    rows = [r.task for _, rows in not_reported.context["groups"] for r in rows]
    assert rows == [s["open"]]


def test_the_agency_may_still_add_a_note_in_a_later_period(done_in_q2):
    s = done_in_q2

    note = report_save(
        user=s["office_head"],
        task=s["done"],
        period=Q3,
        values={
            "status": ProgressStatus.DONE,
            "percent": 100,
            "completion_date": datetime.date(2022, 5, 20),
            "result": "Bổ sung: đã tổ chức thêm một hội nghị",
        },
        submit=True,
        expected_version=None,
        today=datetime.date(2022, 8, 1),
    )

    assert (note.year, note.quarter, note.review_state) == (2022, 3, ReviewState.SUBMITTED)
    assert owed_reports(s["plan"], Q4) == {s["office"].pk: {s["open"].pk}}


def test_review_page_missing_list_leaves_out_the_task_reported_done(client, done_in_q2):
    s = done_in_q2
    client.force_login(s["staff"])

    response = client.get(reverse("review"), {"plan": "huyen-a-2022", "period": "2022-Q3"})

    assert [(m.agency, m.expected, m.missing) for m in response.context["missing"]] == [
        (s["office"], 2, 1)
    ]
