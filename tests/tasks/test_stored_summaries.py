"""Stored plan summaries (tasks.reports.stored): reused while the plan's data has not changed,
recomputed after any write that can change its numbers — including the bulk inserts and the
conditional UPDATEs that Django's signals never see, because the database's own triggers
raise the plan's stamp."""

import datetime
import io
import logging
from unittest import mock

import pytest
from django.db import DatabaseError
from django.utils import timezone

from plans.models import Agency, AgencyKind, DataCutoff, Plan, PlanArea
from plans.periods import Period
from tasks.models import ProgressReport, Task, TaskAssignment
from tasks.reports.classification import ReportClass
from tasks.reports.stored import PlanStamp, StoredSummary
from tasks.reports.summaries import plan_summaries
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


def _plan(slug: str, tasks: int = 3):
    """A plan with `tasks` tasks due 31/03/2022 led by one office; task 1 reported done."""
    unit = UnitFactory(slug=f"huyen-{slug}", name=slug.upper())
    area = PlanAreaFactory(plan__unit=unit, plan__slug=f"{slug}-2022", numeral="I")
    lead = AgencyFactory(unit=unit, name=f"Phòng Nội vụ {slug}", kind=AgencyKind.OFFICE)
    for i in range(tasks):
        task = TaskFactory(area=area, code=str(i + 1), due_date=D(2022, 3, 31))
        TaskAssignmentFactory(task=task, agency=lead, role="lead")
    ProgressReportFactory(
        task=Task.objects.get(plan=area.plan, code="1"),
        agency=lead,
        status="done",
        percent=100,
        completion_date=D(2022, 3, 20),
        submitted_at=timezone.make_aware(datetime.datetime(2022, 6, 5, 8)),
    )
    return area.plan


def _numbers(summary):
    return (
        dict(summary.counts.by_class),
        summary.counts.cancelled,
        summary.overdue,
        summary.reports_owed,
        summary.reports_on_time,
        summary.as_of,
    )


def _stamp(plan) -> int:
    return PlanStamp.objects.filter(plan_id=plan.pk).values_list("value", flat=True).first() or 0


@pytest.mark.parametrize("count", [1, 6])
def test_unchanged_plans_are_read_back_in_three_queries(django_assert_max_num_queries, count):
    plans = [_plan(f"s{i}") for i in range(count)]
    first = plan_summaries(plans, Q2)

    # stamps, stored summaries, finalised editions: nothing is classified again
    with django_assert_max_num_queries(3):
        again = plan_summaries(plans, Q2)

    assert {pk: _numbers(s) for pk, s in again.items()} == {
        pk: _numbers(s) for pk, s in first.items()
    }
    assert StoredSummary.objects.filter(year=2022, quarter=2).count() == count


def test_stored_numbers_are_the_computed_ones():
    plan = _plan("a")

    summary = plan_summaries([plan], Q2)[plan.pk]
    row = StoredSummary.objects.get(plan=plan, year=2022, quarter=2)

    # Task 1 done on 20/03 (on time); tasks 2 and 3 not started and overdue at 30/06.
    assert summary.counts.by_class[ReportClass.DONE_ON_TIME] == 1
    assert summary.counts.by_class[ReportClass.NOT_STARTED] == 2
    assert (summary.overdue, summary.reports_owed, summary.reports_on_time) == (2, 3, 1)
    assert row.by_class[ReportClass.DONE_ON_TIME] == 1
    assert row.by_class[ReportClass.NOT_STARTED] == 2
    assert (row.overdue, row.reports_owed, row.reports_on_time, row.stamp) == (
        2,
        3,
        1,
        _stamp(plan),
    )
    assert row.as_of == D(2022, 6, 30)


def _report_task_2_done(plan):
    task = Task.objects.get(plan=plan, code="2")
    ProgressReport.objects.bulk_create(
        [
            ProgressReport(
                task=task,
                agency=task.assignments.get().agency,
                year=2022,
                quarter=2,
                status="done",
                percent=100,
                completion_date=D(2022, 3, 25),
                review_state="accepted",
                submitted_at=timezone.make_aware(datetime.datetime(2022, 6, 6, 8)),
            )
        ]
    )


def _mark_report_in_progress(plan):
    ProgressReport.objects.filter(task__plan=plan).update(status="in_progress", percent=50)


def _move_task_3_deadline(plan):
    Task.objects.filter(plan=plan, code="3").update(due_date=D(2022, 12, 31))


def _cancel_task_3(plan):
    Task.objects.filter(plan=plan, code="3").update(status="cancelled")


def _delete_task_3(plan):
    Task.objects.get(plan=plan, code="3").delete()


def _add_task(plan):
    TaskFactory(area=PlanArea.objects.get(plan=plan), code="4", due_date=D(2022, 3, 31))


def _make_lead_a_partner(plan):
    TaskAssignment.objects.filter(task__plan=plan, task__code="2").update(role="partner")


def _cut_off_on_the_14th(plan):
    Plan.objects.filter(pk=plan.pk).update(data_cutoff=DataCutoff.DECREE_09)


def _make_the_lead_a_group(plan):
    Agency.objects.filter(unit=plan.unit).update(kind=AgencyKind.GROUP, includes=["village"])


def _add_a_village_to_the_group(plan):
    _make_the_lead_a_group(plan)
    plan_summaries([plan], Q2)  # stored with the group empty
    AgencyFactory(unit=plan.unit, name="Thôn 1", kind="village")


def _report_due_day_4(plan):
    Plan.objects.filter(pk=plan.pk).update(report_due_day=4)


@pytest.mark.parametrize(
    "write",
    [
        _report_task_2_done,
        _mark_report_in_progress,
        _move_task_3_deadline,
        _cancel_task_3,
        _delete_task_3,
        _add_task,
        _make_lead_a_partner,
        _cut_off_on_the_14th,
        _make_the_lead_a_group,
        _add_a_village_to_the_group,
        _report_due_day_4,
    ],
)
def test_a_write_that_changes_the_numbers_makes_them_recomputed(write):
    plan = _plan("w")
    other = _plan("o")
    before = _numbers(plan_summaries([plan, other], Q2)[plan.pk])
    other_stamp = _stamp(other)
    stamp = _stamp(plan)

    write(plan)
    plan = Plan.objects.get(pk=plan.pk)  # as the next request reads it
    stored = _numbers(plan_summaries([plan, other], Q2)[plan.pk])
    StoredSummary.objects.all().delete()
    fresh = _numbers(plan_summaries([plan], Q2)[plan.pk])

    assert _stamp(plan) > stamp
    assert _stamp(other) == other_stamp
    assert stored == fresh
    assert stored != before


def test_a_summary_that_cannot_be_stored_is_still_shown(caplog):
    plan = _plan("f")

    with (
        mock.patch.object(
            StoredSummary.objects, "bulk_create", side_effect=DatabaseError("database is locked")
        ),
        caplog.at_level(logging.WARNING, logger="tasks.reports.summaries"),
    ):
        summary = plan_summaries([plan], Q2)[plan.pk]

    assert (summary.done_on_time, summary.overdue) == (1, 2)
    assert StoredSummary.objects.count() == 0
    assert "Could not store 1 plan summaries" in caplog.text


def test_deleting_a_plan_deletes_its_stored_summaries():
    plan = _plan("d")
    plan_summaries([plan], Q2)

    plan.delete()

    assert StoredSummary.objects.count() == 0


def test_refresh_summaries_stores_every_plan_of_the_period(django_assert_max_num_queries):
    from django.core.management import call_command

    plans = [_plan("r1"), _plan("r2")]
    out = io.StringIO()

    call_command("refresh_summaries", "--period", "2022-Q2", stdout=out)

    assert out.getvalue() == "Quý II/2022: đã có số liệu tổng hợp của 2 kế hoạch.\n"
    assert StoredSummary.objects.filter(year=2022, quarter=2).count() == 2
    with django_assert_max_num_queries(3):
        plan_summaries(plans, Q2)


def test_refresh_summaries_refuses_a_malformed_period():
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="Kỳ báo cáo “2022-Q5” không hợp lệ"):
        call_command("refresh_summaries", "--period", "2022-Q5")


EXPECTED_TRIGGER_TABLES = {
    "tasks_task",
    "tasks_historicaltask",
    "tasks_taskassignment",
    "tasks_progressreport",
    "plans_planarea",
    "plans_plan",
    "plans_agency",
}


def test_every_stamp_trigger_survives_the_migrations():
    """A later migration that rebuilds one of these tables on SQLite (Django's table remake)
    would silently drop its triggers: this fails then."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT tbl_name FROM sqlite_master "
                "WHERE type = 'trigger' AND name LIKE '%_stamp_%'"
            )
        else:
            cursor.execute(
                "SELECT DISTINCT event_object_table FROM information_schema.triggers "
                "WHERE trigger_name LIKE '%\\_stamp'"
            )
        tables = {row[0] for row in cursor.fetchall()}

    assert tables == EXPECTED_TRIGGER_TABLES
