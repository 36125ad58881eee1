"""Deriving a task's status for a period from its agencies' reports (tasks.reports.progress)."""

import datetime
from types import SimpleNamespace as NS

from plans.models import AgencyKind
from plans.periods import Period
from tasks.reports import progress as progress_module

OFFICE_A = NS(pk=1, name="Phòng A", kind=AgencyKind.OFFICE, includes=[])
OFFICE_B = NS(pk=2, name="Phòng B", kind=AgencyKind.OFFICE, includes=[])
PARTNER = NS(pk=3, name="Phòng C", kind=AgencyKind.OFFICE, includes=[])
COMMUNE_X = NS(pk=4, name="UBND xã X", kind=AgencyKind.COMMUNE, includes=[])
COMMUNE_Y = NS(pk=5, name="UBND xã Y", kind=AgencyKind.COMMUNE, includes=[])
COMMUNES = NS(pk=9, name="UBND các xã", kind=AgencyKind.GROUP, includes=[AgencyKind.COMMUNE])
OFFICES = NS(pk=8, name="Các cơ quan", kind=AgencyKind.GROUP, includes=[AgencyKind.OFFICE])
MEMBERS = {COMMUNES.pk: [COMMUNE_X, COMMUNE_Y], OFFICES.pk: [OFFICE_A, OFFICE_B, PARTNER]}
Q2 = Period(2022, 2)
Q2_END = datetime.date(2022, 6, 30)


def task_progress(assignments, reports, period, cutoff=Q2_END):
    return progress_module.task_progress(
        assignments, reports, period, cutoff=cutoff, members_by_group=MEMBERS
    )


def lead(agency):
    return NS(role="lead", agency=agency, agency_id=agency.pk)


def partner(agency):
    return NS(role="partner", agency=agency, agency_id=agency.pk)


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


def test_group_lead_is_done_when_every_member_is_done_at_the_latest_date():
    progress = task_progress(
        [lead(COMMUNES)],
        [
            report(COMMUNE_X, "done", done_on=datetime.date(2022, 5, 1)),
            report(COMMUNE_Y, "done", done_on=datetime.date(2022, 6, 1)),
        ],
        Q2,
    )
    assert (progress.status, progress.completion_date) == ("done", datetime.date(2022, 6, 1))
    group = progress.leads[0]
    assert (len(group.members_done), len(group.members), group.members_silent) == (2, 2, ())


def test_group_lead_is_in_progress_when_only_some_members_reported_done():
    progress = task_progress(
        [lead(COMMUNES)], [report(COMMUNE_X, "done", done_on=datetime.date(2022, 5, 1))], Q2
    )
    group = progress.leads[0]
    assert (progress.status, progress.completion_date) == ("in_progress", None)
    assert (group.members_done, group.members_silent) == ((COMMUNE_X,), (COMMUNE_Y,))


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


def test_group_lead_with_one_member_in_progress_and_one_not_started_is_in_progress():
    progress = task_progress(
        [lead(COMMUNES)],
        [report(COMMUNE_X, "in_progress"), report(COMMUNE_Y, "not_started")],
        Q2,
    )
    assert (progress.status, progress.percent) == ("in_progress", 25)


def test_office_report_does_not_count_for_a_commune_group_lead():
    progress = task_progress(
        [lead(COMMUNES)], [report(OFFICE_A, "done", done_on=datetime.date(2022, 5, 1))], Q2
    )
    assert (progress.status, progress.reported) == ("not_started", False)


def test_group_member_named_as_partner_on_the_task_neither_counts_nor_is_awaited():
    progress = task_progress(
        [lead(OFFICES), partner(PARTNER)],
        [
            report(OFFICE_A, "done", done_on=datetime.date(2022, 5, 1)),
            report(OFFICE_B, "done", done_on=datetime.date(2022, 5, 2)),
            report(PARTNER, "in_progress"),
        ],
        Q2,
    )
    assert (progress.status, progress.completion_date) == ("done", datetime.date(2022, 5, 2))
    assert progress.leads[0].members == (OFFICE_A, OFFICE_B)


def test_task_without_lead_is_not_reported_whatever_others_wrote():
    progress = task_progress(
        [partner(PARTNER)], [report(PARTNER, "done", done_on=datetime.date(2022, 5, 1))], Q2
    )
    assert (progress.status, progress.reported, progress.leads) == ("not_started", False, ())


def test_done_after_the_cut_off_is_in_progress_in_that_period():
    progress = task_progress(
        [lead(OFFICE_A)],
        [report(OFFICE_A, "done", done_on=datetime.date(2022, 7, 10))],
        Q2,
    )
    standing = progress.leads[0]
    assert (progress.status, progress.percent) == ("in_progress", 99)
    assert standing.late_completion == datetime.date(2022, 7, 10)


def test_done_on_the_cut_off_day_is_done():
    progress = task_progress(
        [lead(OFFICE_A)],
        [report(OFFICE_A, "done", done_on=datetime.date(2022, 6, 14))],
        Q2,
        cutoff=datetime.date(2022, 6, 14),
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


# --- each value of the result, not only the status (mutation testing found these unchecked)
Standing = progress_module.Standing
Progress = progress_module.Progress
MAY_10 = datetime.date(2022, 5, 10)


def test_a_single_lead_reporting_in_progress_gives_its_percent_and_standing():
    progress = task_progress([lead(OFFICE_A)], [report(OFFICE_A, "in_progress", percent=40)], Q2)
    assert progress == Progress(
        "in_progress", None, 40, True, (Standing(OFFICE_A, "in_progress", None, 40, True),)
    )


def test_a_single_lead_reporting_done_gives_its_date_and_full_percent():
    progress = task_progress([lead(OFFICE_A)], [report(OFFICE_A, "done", done_on=MAY_10)], Q2)
    assert progress == Progress(
        "done", MAY_10, 100, True, (Standing(OFFICE_A, "done", MAY_10, 100, True),)
    )


def test_a_single_lead_reporting_not_started_has_reported():
    progress = task_progress([lead(OFFICE_A)], [report(OFFICE_A, "not_started")], Q2)
    assert progress == Progress(
        "not_started", None, 0, True, (Standing(OFFICE_A, "not_started", None, 0, True),)
    )


def test_done_after_the_cut_off_keeps_the_reported_percent_below_100():
    progress = task_progress(
        [lead(OFFICE_A)],
        [report(OFFICE_A, "done", done_on=datetime.date(2022, 7, 1), percent=80)],
        Q2,
    )
    late = Standing(OFFICE_A, "in_progress", None, 80, True, datetime.date(2022, 7, 1))
    assert progress == Progress("in_progress", None, 80, True, (late,))


def test_silent_lead_standing_is_not_started_and_not_reported():
    progress = task_progress(
        [lead(OFFICE_A), lead(OFFICE_B)], [report(OFFICE_B, "in_progress")], Q2
    )
    assert progress.leads == (
        Standing(OFFICE_A, "not_started", None, 0, False),
        Standing(OFFICE_B, "in_progress", None, 50, True),
    )
    assert (progress.status, progress.percent, progress.reported) == ("in_progress", 25, True)


def test_group_lead_standing_names_the_group_its_members_and_who_reported():
    progress = task_progress(
        [lead(COMMUNES)], [report(COMMUNE_X, "in_progress"), report(COMMUNE_Y, "not_started")], Q2
    )
    assert progress.leads == (
        Standing(
            COMMUNES,
            "in_progress",
            None,
            25,
            True,
            members=(COMMUNE_X, COMMUNE_Y),
            members_done=(),
            members_silent=(),
        ),
    )


def test_group_lead_without_members_is_not_started_with_no_percent():
    empty_group = NS(pk=10, name="Các cơ quan khác", kind=AgencyKind.GROUP, includes=[])
    progress = progress_module.task_progress(
        [lead(empty_group)], [], Q2, cutoff=Q2_END, members_by_group={}
    )
    assert progress == Progress(
        "not_started", None, 0, False, (Standing(empty_group, "not_started", None, 0, False),)
    )


def test_group_lead_whose_members_are_all_silent_has_not_reported():
    progress = task_progress([lead(COMMUNES)], [], Q2)
    group = progress.leads[0]
    assert (group.agency, group.reported, group.members_silent) == (
        COMMUNES,
        False,
        (COMMUNE_X, COMMUNE_Y),
    )


def test_a_partner_listed_before_the_lead_does_not_stop_the_reading():
    progress = task_progress(
        [partner(PARTNER), lead(OFFICE_A)], [report(OFFICE_A, "done", done_on=MAY_10)], Q2
    )
    assert (progress.status, progress.completion_date) == ("done", MAY_10)


def test_latest_reports_skips_later_periods_wherever_they_are_listed():
    q1 = report(OFFICE_A, "in_progress", quarter=1)
    q2 = report(OFFICE_A, "in_progress", quarter=2)
    q3 = report(OFFICE_A, "done", quarter=3)
    b_q1 = report(OFFICE_B, "not_started", quarter=1)
    assert progress_module.latest_reports([q3, q2, q1, b_q1], Q2) == {
        OFFICE_A.pk: q2,
        OFFICE_B.pk: b_q1,
    }


def test_latest_reports_keeps_the_first_of_two_reports_of_the_same_quarter():
    first = report(OFFICE_A, "in_progress", percent=30)
    second = report(OFFICE_A, "in_progress", percent=60)
    assert progress_module.latest_reports([first, second], Q2) == {OFFICE_A.pk: first}


def test_combine_of_nothing_is_not_started_at_zero():
    assert progress_module.combine([]) == ("not_started", None, 0)


def test_combine_of_standings_done_without_dates_is_done_without_a_date():
    parts = [
        Standing(OFFICE_A, "done", None, 100, True),
        Standing(OFFICE_B, "done", None, 100, True),
    ]
    assert progress_module.combine(parts) == ("done", None, 100)


def test_lead_members_lists_only_group_leads():
    assignments = [lead(OFFICE_A), partner(COMMUNES), lead(OFFICES), partner(PARTNER)]
    assert progress_module.lead_members(assignments, MEMBERS) == {OFFICES.pk: [OFFICE_A, OFFICE_B]}


def test_lead_members_of_a_group_without_known_members_is_empty():
    assert progress_module.lead_members([lead(COMMUNES)], {}) == {COMMUNES.pk: []}
