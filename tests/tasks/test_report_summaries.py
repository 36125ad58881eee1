"""Plan summaries (tasks.reports.summaries) give each plan the numbers of its own report page,
for many plans in a fixed number of queries."""

import datetime

import pytest
from django.utils import timezone

from plans.periods import Period
from tasks.reports.builder import build_report
from tasks.reports.classification import ReportClass
from tasks.reports.summaries import plan_summaries
from tasks.selectors import expected_reporters
from tests.factories import (
    AgencyFactory,
    PlanAreaFactory,
    ProgressReportFactory,
    TaskAssignmentFactory,
    TaskFactory,
    UnitFactory,
)

pytestmark = pytest.mark.django_db

D = datetime.date
Q2 = Period(2022, 2)


def _plan_with_tasks(n: int, slug: str):
    unit = UnitFactory(slug=f"huyen-{slug}", name=slug.upper())
    area = PlanAreaFactory(plan__unit=unit, plan__slug=f"{slug}-2022", numeral="I")
    plan = area.plan
    plan.report_due_day = 10
    plan.save()
    lead = AgencyFactory(unit=unit, name=f"Phòng Nội vụ {slug}")
    for i in range(n):
        task = TaskFactory(area=area, code=str(i + 1), due_date=D(2022, 3, 31))
        TaskAssignmentFactory(task=task, agency=lead, role="lead")
        if i % 3 == 0:
            ProgressReportFactory(
                task=task,
                agency=lead,
                status="done",
                percent=100,
                completion_date=D(2022, 3, 20),
                submitted_at=timezone.make_aware(datetime.datetime(2022, 6, 9 + i % 2, 8)),
            )
    return plan


def test_summaries_match_each_plans_report_page():
    plans = [_plan_with_tasks(4, "a"), _plan_with_tasks(7, "b")]

    summaries = plan_summaries(plans, Q2)

    for plan in plans:
        report = build_report(plan, Q2)
        summary = summaries[plan.pk]
        owed = expected_reporters(plan, Q2)
        assert summary.counts.by_class == report.counts.by_class
        assert summary.overdue == sum(1 for r in report.units if r.classified.overdue)
        assert summary.reports_owed == sum(len(tasks) for tasks in owed.values())


def test_summary_numbers_of_one_plan():
    plan = _plan_with_tasks(4, "c")

    summary = plan_summaries([plan], Q2)[plan.pk]

    # Tasks 1 and 4 reported done on 20/03 (task 1 sent 09/06, task 4 sent 10/06: both by the
    # 10th); tasks 2 and 3 not reported and overdue at 30/06.
    assert (summary.tasks, summary.done_on_time, summary.overdue) == (4, 2, 2)
    assert summary.counts.by_class[ReportClass.NOT_STARTED] == 2
    assert (summary.reports_owed, summary.reports_on_time, summary.reporting_rate) == (4, 2, 50.0)
    assert (summary.percent_on_time, summary.edition_final) == (50.0, False)


@pytest.mark.parametrize("count", [1, 6])
def test_summaries_query_count_does_not_grow_with_plans(django_assert_max_num_queries, count):
    plans = [_plan_with_tasks(3, f"q{i}") for i in range(count)]

    # 11 to classify, 2 to read stamps and stored summaries, 3 to store (savepoint, insert)
    with django_assert_max_num_queries(16):
        summaries = plan_summaries(plans, Q2)

    assert len(summaries) == count
