"""Deriving a task's status for a period from its agencies' reports (tasks.progress)."""

import datetime
from types import SimpleNamespace as NS

from plans.models import AgencyKind
from plans.periods import Period
from tasks.progress import task_progress

OFFICE_A = NS(pk=1, kind=AgencyKind.OFFICE, includes=[])
OFFICE_B = NS(pk=2, kind=AgencyKind.OFFICE, includes=[])
PARTNER = NS(pk=3, kind=AgencyKind.OFFICE, includes=[])
COMMUNE_X = NS(pk=4, kind=AgencyKind.COMMUNE, includes=[])
COMMUNE_Y = NS(pk=5, kind=AgencyKind.COMMUNE, includes=[])
COMMUNES = NS(pk=9, kind=AgencyKind.GROUP, includes=[AgencyKind.COMMUNE])
Q2 = Period(2022, 2)


def lead(agency):
    return NS(role="lead", agency=agency)


def partner(agency):
    return NS(role="partner", agency=agency)


def report(agency, status, *, quarter=2, year=2022, done_on=None, percent=None):
    return NS(
        agency=agency,
        agency_id=agency.pk,
        year=year,
        quarter=quarter,
        status=status,
        completion_date=done_on,
        percent=percent if percent is not None else {"done": 100, "in_progress": 50}.get(status, 0),
    )


def test_task_is_done_when_every_lead_reports_done_with_latest_completion_date():
    progress = task_progress(
        [lead(OFFICE_A), lead(OFFICE_B), partner(PARTNER)],
        [
            report(OFFICE_A, "done", done_on=datetime.date(2022, 4, 10)),
            report(OFFICE_B, "done", done_on=datetime.date(2022, 5, 20)),
        ],
        Q2,
    )
    assert (progress.status, progress.completion_date, progress.percent) == (
        "done",
        datetime.date(2022, 5, 20),
        100,
    )


def test_task_is_in_progress_when_one_of_two_leads_is_done():
    progress = task_progress(
        [lead(OFFICE_A), lead(OFFICE_B)],
        [report(OFFICE_A, "done", done_on=datetime.date(2022, 4, 10))],
        Q2,
    )
    assert (progress.status, progress.completion_date, progress.percent) == (
        "in_progress",
        None,
        50,
    )


def test_partner_report_does_not_decide_the_status():
    progress = task_progress(
        [lead(OFFICE_A), partner(PARTNER)],
        [report(PARTNER, "done", done_on=datetime.date(2022, 4, 10))],
        Q2,
    )
    assert (progress.status, progress.reported) == ("not_started", False)


def test_earlier_period_done_report_still_counts_later():
    progress = task_progress(
        [lead(OFFICE_A)],
        [report(OFFICE_A, "done", quarter=1, done_on=datetime.date(2022, 3, 1))],
        Q2,
    )
    assert progress.status == "done"


def test_later_period_report_is_ignored_for_an_earlier_period():
    progress = task_progress(
        [lead(OFFICE_A)],
        [report(OFFICE_A, "done", quarter=3, done_on=datetime.date(2022, 8, 1))],
        Q2,
    )
    assert progress.status == "not_started"


def test_latest_report_wins_over_earlier_one():
    progress = task_progress(
        [lead(OFFICE_A)],
        [report(OFFICE_A, "in_progress", quarter=1), report(OFFICE_A, "not_started", quarter=2)],
        Q2,
    )
    assert progress.status == "not_started"


def test_group_lead_is_done_when_every_reporting_member_is_done():
    progress = task_progress(
        [lead(COMMUNES)],
        [
            report(COMMUNE_X, "done", done_on=datetime.date(2022, 5, 1)),
            report(COMMUNE_Y, "done", done_on=datetime.date(2022, 6, 1)),
        ],
        Q2,
    )
    assert (progress.status, progress.completion_date) == ("done", datetime.date(2022, 6, 1))


def test_group_lead_is_in_progress_while_a_member_is_not_done():
    progress = task_progress(
        [lead(COMMUNES)],
        [
            report(COMMUNE_X, "done", done_on=datetime.date(2022, 5, 1)),
            report(COMMUNE_Y, "in_progress"),
        ],
        Q2,
    )
    assert progress.status == "in_progress"


def test_office_report_does_not_count_for_a_commune_group_lead():
    progress = task_progress(
        [lead(COMMUNES)], [report(OFFICE_A, "done", done_on=datetime.date(2022, 5, 1))], Q2
    )
    assert progress.status == "not_started"


def test_task_without_lead_uses_all_reports():
    progress = task_progress(
        [partner(PARTNER)], [report(PARTNER, "done", done_on=datetime.date(2022, 5, 1))], Q2
    )
    assert progress.status == "done"


def test_no_reports_means_not_started_and_not_reported():
    progress = task_progress([lead(OFFICE_A)], [], Q2)
    assert (progress.status, progress.completion_date, progress.percent, progress.reported) == (
        "not_started",
        None,
        0,
        False,
    )
