"""The consolidated report builder (tasks.reports.builder) on scenarios built here."""

import datetime

import pytest

from plans.models import PlanKind
from plans.periods import Period
from tasks.models import DeadlineKind
from tasks.reports.builder import build_report
from tasks.reports.classification import ReportClass
from tests.factories import (
    PlanAreaFactory,
    ProgressReportFactory,
    TaskAssignmentFactory,
    TaskFactory,
)

pytestmark = pytest.mark.django_db

D = datetime.date
Q2 = Period(2022, 2)


def _task(s, code, due, lead="office", kind=DeadlineKind.QUARTER, parent=None, area=None):
    task = TaskFactory(
        area=area or s["area"],
        code=code,
        due_date=due,
        deadline_kind=kind,
        parent=parent,
        title=f"Nhiệm vụ {code}",
    )
    if lead:
        TaskAssignmentFactory(task=task, agency=s[lead], role="lead")
    return task


def _report(task, agency, status, done_on=None, **kwargs):
    return ProgressReportFactory(
        task=task,
        agency=agency,
        status=status,
        completion_date=done_on,
        percent=100 if status == "done" else 50,
        **kwargs,
    )


def test_build_report_counts_every_class(district_setup):
    s = district_setup
    on_time = _task(s, "1", D(2022, 3, 31))
    late = _task(s, "2", D(2022, 3, 31))
    running = _task(s, "3", D(2022, 9, 30))
    running_late = _task(s, "4", D(2022, 5, 31))
    _task(s, "5", D(2022, 4, 30))  # not started, overdue
    _task(s, "6", None, kind=DeadlineKind.RECURRING)
    _report(on_time, s["office"], "done", D(2022, 3, 15))
    _report(late, s["office"], "done", D(2022, 4, 15))
    _report(running, s["office"], "in_progress")
    _report(running_late, s["office"], "in_progress")

    report = build_report(s["plan"], Q2)

    assert report.counts.by_class == {
        "done_on_time": 1,
        "done_late": 1,
        "in_progress_on_time": 1,
        "in_progress_overdue": 1,
        "not_started": 1,
        "undated": 1,
    }
    assert report.counts.percent(ReportClass.DONE_ON_TIME) == 16.7
    assert [r.task.code for r in report.overdue] == ["2", "5", "4"]


def test_build_report_ignores_drafts_returned_and_later_reports(district_setup):
    s = district_setup
    draft = _task(s, "1", D(2022, 3, 31))
    returned = _task(s, "2", D(2022, 3, 31))
    later = _task(s, "3", D(2022, 3, 31))
    _report(draft, s["office"], "done", D(2022, 3, 1), review_state="draft")
    _report(returned, s["office"], "done", D(2022, 3, 1), review_state="returned", review_note="x")
    _report(later, s["office"], "done", D(2022, 3, 1), quarter=3)

    report = build_report(s["plan"], Q2)

    assert report.counts.by_class["not_started"] == 3


def test_build_report_several_leads_done_only_when_all_done(district_setup):
    s = district_setup
    task = _task(s, "1", D(2022, 6, 30))
    TaskAssignmentFactory(task=task, agency=s["finance"], role="lead")
    _report(task, s["office"], "done", D(2022, 5, 1))

    partly = build_report(s["plan"], Q2)
    _report(task, s["finance"], "done", D(2022, 6, 10))
    fully = build_report(s["plan"], Q2)

    assert partly.units[0].classified.report_class == ReportClass.IN_PROGRESS_ON_TIME
    assert fully.units[0].classified.report_class == ReportClass.DONE_ON_TIME
    assert fully.units[0].classified.progress.completion_date == D(2022, 6, 10)
    assert [a.name for a, _ in fully.units[0].results] == [
        "Phòng Nội vụ",
        "Phòng Tài chính - Kế hoạch",
    ]


def test_build_report_rolls_sub_tasks_up_to_their_parent(district_setup):
    s = district_setup
    parent = _task(s, "1", None, lead=None, kind=DeadlineKind.NONE)
    first = _task(s, "a", D(2022, 3, 31), parent=parent)
    second = _task(s, "b", D(2022, 6, 30), lead="finance", parent=parent)
    _report(first, s["office"], "done", D(2022, 3, 1))
    _report(second, s["finance"], "done", D(2022, 6, 20))

    report = build_report(s["plan"], Q2)

    assert [(r.task.display_code, r.depth) for r in report.rows] == [
        ("1", 0),
        ("1.a", 1),
        ("1.b", 1),
    ]
    assert report.counts.total == 1
    unit = report.units[0]
    assert (unit.classified.report_class, unit.classified.due_date) == (
        ReportClass.DONE_ON_TIME,
        D(2022, 6, 30),
    )


def test_build_report_counts_by_area_and_lead_agency(district_setup):
    s = district_setup
    other_area = PlanAreaFactory(plan=s["plan"], numeral="II", heading="Cải cách TTHC")
    _task(s, "1", D(2022, 3, 31))
    _task(s, "2", D(2022, 9, 30), lead="finance", area=other_area)
    _task(s, "3", D(2022, 9, 30), lead="communes", area=other_area)

    report = build_report(s["plan"], Q2)

    assert [(a.numeral, c.total) for a, c in report.by_area] == [("I", 1), ("II", 2)]
    assert [(a.name, c.by_class["not_started"]) for a, c in report.by_agency] == [
        ("Phòng Nội vụ", 1),
        ("Phòng Tài chính - Kế hoạch", 1),
        ("UBND các xã, thị trấn", 1),
    ]


def test_build_report_multi_year_plan_classifies_per_year(district_setup):
    s = district_setup
    plan = s["plan"]
    plan.kind, plan.start_year, plan.end_year = PlanKind.MULTI_YEAR, 2023, 2025
    plan.save()
    criterion = _task(s, "1.1", None, kind=DeadlineKind.NONE)
    _report(criterion, s["office"], "done", D(2023, 11, 1), year=2023, quarter=4)

    year_one = build_report(plan, Period(2023, 4))
    year_two = build_report(plan, Period(2024, 2))

    assert year_one.units[0].classified.report_class == ReportClass.DONE_ON_TIME
    assert year_two.units[0].classified.report_class == ReportClass.NOT_STARTED
    assert year_two.units[0].classified.due_date == D(2024, 12, 31)


def test_build_report_on_thanh_oai_counts_36_units(loaded_plans):
    from plans.models import Plan

    report = build_report(Plan.objects.get(slug="thanh-oai-2022"), Q2)

    assert (report.counts.total, len(report.rows)) == (36, 38)
    assert report.counts.by_class["undated"] == 12


@pytest.mark.parametrize("count", [3, 30])
def test_build_report_query_count_is_fixed(district_setup, django_assert_max_num_queries, count):
    s = district_setup
    for i in range(count):
        task = _task(s, str(i + 1), D(2022, 6, 30))
        TaskAssignmentFactory(task=task, agency=s["finance"], role="partner")
        _report(task, s["office"], "in_progress")

    with django_assert_max_num_queries(13):
        report = build_report(s["plan"], Q2)

    assert report.counts.total == count


def test_parent_without_lead_counts_each_sub_task_under_the_lead_of_that_sub_task(
    district_setup,
):
    s = district_setup
    parent = _task(s, "1", None, lead=None, kind=DeadlineKind.NONE)
    first = _task(s, "a", D(2022, 6, 30), parent=parent)
    _task(s, "b", D(2022, 6, 30), parent=parent)
    _report(first, s["office"], "in_progress")

    report = build_report(s["plan"], Q2)

    unit = report.units[0]
    assert unit.leads == []
    assert [(a.name, c.total) for a, c in report.by_agency] == [("Phòng Nội vụ", 2)]
    by_class = report.by_agency[0][1].by_class
    assert (by_class["in_progress_on_time"], by_class["not_started"]) == (1, 1)
    assert unit.result_text == ""
    assert report.rows[1].result_text == "Phòng Nội vụ: Đang thực hiện"


def test_counts_percentages_add_up_to_exactly_100():
    from tasks.reports.builder import Counts

    counts = Counts()
    for report_class, n in [
        ("done_on_time", 2),
        ("done_late", 2),
        ("not_started", 16),
        ("undated", 16),
    ]:
        for _ in range(n):
            counts.add(report_class)

    shares = counts.percentages()

    assert shares == {
        "done_on_time": 5.6,
        "done_late": 5.6,
        "in_progress_on_time": 0.0,
        "in_progress_overdue": 0.0,
        "not_started": 44.4,
        "undated": 44.4,
    }
    assert round(sum(shares.values()), 1) == 100.0
