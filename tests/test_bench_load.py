"""The counters of the load with writes (bench/write_checks.py) on small hand-made histories:
lost updates and duplicate rows are counted exactly, so a 0 from the load can be trusted."""

import datetime
import importlib.util
import sys
from pathlib import Path

import pytest

from plans.access import GROUP_AGENCY
from plans.models import AgencyKind
from plans.periods import Period
from tasks.models import AssignmentRole, ProgressReport, Task, TaskAssignment
from tasks.progress.services import report_accept, report_save
from tasks.services import claim_version
from tests.factories import AgencyFactory, TaskAssignmentFactory, TaskFactory, make_user

_PATH = Path(__file__).resolve().parent.parent / "bench" / "write_checks.py"
_SPEC = importlib.util.spec_from_file_location("bench_write_checks", _PATH)
checks = importlib.util.module_from_spec(_SPEC)
sys.modules[_SPEC.name] = checks  # dataclasses look their module up there
_SPEC.loader.exec_module(checks)

TODAY = datetime.date(2022, 12, 31)
Q2 = Period(2022, 2)


def edit(task: Task, base: int, notes: str, *, check_version: bool = True) -> None:
    """Save the task's notes as the admin does (claim the version, then save with history);
    `check_version=False` saves as a form without optimistic locking would (the bug)."""
    task = Task.objects.get(pk=task.pk)
    if check_version:
        assert claim_version(Task, task.pk, base)
    task.version = base + 1
    task.notes = notes
    task.save()


def task_write(task, base, notes, label):
    return checks.Write(checks.TASK, task.pk, base, {"notes": notes}, label)


@pytest.fixture
def task(db):
    return TaskFactory()


def test_edits_each_saved_from_the_version_before_lose_nothing(task):
    edit(task, 1, "a")
    edit(task, 2, "b")
    edit(task, 3, "c")
    writes = [task_write(task, 1, "a", "A"), task_write(task, 2, "b", "B")]
    writes.append(task_write(task, 3, "c", "C"))

    assert checks.lost_updates(writes) == []


def test_an_edit_saved_over_another_from_the_same_version_is_one_lost_update(task):
    edit(task, 1, "a")
    edit(task, 1, "b", check_version=False)  # both answered as saved

    lost = checks.lost_updates([task_write(task, 1, "a", "A"), task_write(task, 1, "b", "B")])

    assert len(lost) == 1
    assert lost[0].startswith(f"A: task {task.pk} saved from version 1")


def test_the_same_edit_answered_twice_from_one_version_loses_nothing(task):
    edit(task, 1, "a")  # a double click: the second request is answered with the first's save

    assert checks.lost_updates([task_write(task, 1, "a", "A"), task_write(task, 1, "a", "A")]) == []


def test_an_edit_answered_as_saved_but_not_in_the_history_is_lost(task):
    edit(task, 1, "a")

    lost = checks.lost_updates([task_write(task, 1, "a", "A"), task_write(task, 2, "b", "B")])

    assert len(lost) == 1
    assert lost[0].startswith(f"B: task {task.pk} saved from version 2")


def test_a_task_whose_row_went_back_to_an_older_version_is_one_lost_update(task):
    edit(task, 1, "a")
    Task.objects.filter(pk=task.pk).update(version=1, notes="")  # no history row

    lost = checks.lost_updates([task_write(task, 1, "a", "A")])

    assert lost == [f"task {task.pk}: current row older than version 2"]


def test_a_task_whose_row_differs_from_its_last_confirmed_edit_is_one_lost_update(task):
    edit(task, 1, "a")
    Task.objects.filter(pk=task.pk).update(notes="changed behind the history")

    lost = checks.lost_updates([task_write(task, 1, "a", "A")])

    assert lost == [f"task {task.pk}: current row differs from A"]


@pytest.fixture
def reporting(district_setup):
    """A task of the district led by the commune, whose head reports on it."""
    task = TaskFactory(area=district_setup["area"])
    TaskAssignmentFactory(task=task, agency=district_setup["commune"], role=AssignmentRole.LEAD)
    return district_setup | {"task": task}


def submit(setup, result, expected_version):
    values = {"status": "in_progress", "percent": 40, "result": result}
    return report_save(
        user=setup["commune_head"],
        task=setup["task"],
        period=Q2,
        values=values,
        submit=True,
        expected_version=expected_version,
        today=TODAY,
    )


def test_a_new_report_then_its_acceptance_lose_nothing(reporting):
    report = submit(reporting, "r1", None)
    report_accept(user=reporting["staff"], report=report, expected_version=1)
    identity = (reporting["task"].pk, reporting["commune"].pk, 2022, 2)
    writes = [
        checks.Write(checks.REPORT, identity, 0, {"result": "r1", "review_state": "submitted"}),
        checks.Write(
            checks.REPORT,
            report.pk,
            1,
            {"review_state": "accepted", "reviewed_by_id": reporting["staff"].pk},
        ),
    ]

    assert checks.lost_updates(writes) == []


def test_a_resubmission_overwritten_by_a_review_from_the_same_version_is_lost(reporting):
    report = submit(reporting, "r1", None)
    submit(reporting, "r2", 1)  # version 2
    # A review that ignored the resubmission (the bug): saved as version 2 over it.
    ProgressReport.objects.filter(pk=report.pk).update(version=1)
    report_accept(user=reporting["staff"], report=report, expected_version=1)
    accepted = {"review_state": "accepted", "reviewed_by_id": reporting["staff"].pk}
    resubmitted = {"result": "r2", "review_state": "submitted"}
    writes = [
        checks.Write(checks.REPORT, report.pk, 1, resubmitted, "resubmission"),
        checks.Write(checks.REPORT, report.pk, 1, accepted, "acceptance"),
    ]

    lost = checks.lost_updates(writes)

    assert len(lost) == 1
    assert lost[0].startswith(f"resubmission: report {report.pk} saved from version 1")


def test_a_report_answered_as_created_but_missing_is_lost(reporting):
    identity = (reporting["task"].pk, reporting["commune"].pk, 2022, 3)
    write = checks.Write(checks.REPORT, identity, 0, {"result": "r1"}, "Q3")

    assert checks.lost_updates([write]) == [f"Q3: report {identity} not in the database"]


def test_duplicate_rows_counts_the_rows_beyond_one_per_identity(task):
    first, second = AgencyFactory(unit=task.plan.unit), AgencyFactory(unit=task.plan.unit)
    for role in (AssignmentRole.LEAD, AssignmentRole.PARTNER, AssignmentRole.MONITOR):
        TaskAssignmentFactory(task=task, agency=first, role=role)
    TaskAssignmentFactory(task=task, agency=second, role=AssignmentRole.PARTNER)
    other = TaskFactory(area=task.area)
    TaskAssignmentFactory(task=other, agency=first, role=AssignmentRole.LEAD)

    assert checks.duplicate_rows(TaskAssignment.objects.all(), ["task", "agency"]) == 2
    assert checks.duplicate_rows(TaskAssignment.objects.all(), ["task", "agency", "role"]) == 0


def test_duplicate_reports_is_zero_for_one_report_per_task_agency_and_period(reporting):
    submit(reporting, "r1", None)
    village = AgencyFactory(unit=reporting["unit"], kind=AgencyKind.VILLAGE)
    head = make_user("thon-1", group=GROUP_AGENCY, agency=village)
    TaskAssignmentFactory(task=reporting["task"], agency=village, role=AssignmentRole.PARTNER)
    values = {"status": "in_progress", "percent": 10, "result": "x"}
    for period in (Q2, Period(2022, 3)):
        report_save(
            user=head,
            task=reporting["task"],
            period=period,
            values=values,
            submit=True,
            expected_version=None,
            today=TODAY,
        )

    assert ProgressReport.objects.count() == 3
    assert checks.duplicate_reports() == 0
