"""The report classes of tasks.classification, at their boundaries."""

import datetime

import pytest

from tasks.classification import ReportClass, classify, effective_due, roll_up
from tasks.progress import Progress

D = datetime.date
AS_OF = D(2022, 6, 30)  # end of 2022-Q2
DONE_EARLY = Progress("done", D(2022, 3, 20), 100, True)
DONE_ON_DUE = Progress("done", D(2022, 3, 31), 100, True)
DONE_LATE = Progress("done", D(2022, 4, 1), 100, True)
DONE_NO_DATE = Progress("done", None, 100, True)
IN_PROGRESS = Progress("in_progress", None, 40, True)
NOT_STARTED = Progress("not_started", None, 0, False)


@pytest.mark.parametrize(
    ("due", "progress", "expected_class", "overdue", "status_label"),
    [
        (D(2022, 3, 31), DONE_EARLY, ReportClass.DONE_ON_TIME, False, "Hoàn thành đúng hạn"),
        (D(2022, 3, 31), DONE_ON_DUE, ReportClass.DONE_ON_TIME, False, "Hoàn thành đúng hạn"),
        (D(2022, 3, 31), DONE_LATE, ReportClass.DONE_LATE, False, "Hoàn thành quá hạn"),
        (D(2022, 3, 31), DONE_NO_DATE, ReportClass.DONE_ON_TIME, False, "Hoàn thành đúng hạn"),
        (
            D(2022, 9, 30),
            IN_PROGRESS,
            ReportClass.IN_PROGRESS_ON_TIME,
            False,
            "Đang thực hiện trong hạn",
        ),
        (
            D(2022, 6, 30),
            IN_PROGRESS,
            ReportClass.IN_PROGRESS_ON_TIME,
            False,
            "Đang thực hiện trong hạn",
        ),
        (
            D(2022, 6, 29),
            IN_PROGRESS,
            ReportClass.IN_PROGRESS_OVERDUE,
            True,
            "Đang thực hiện quá hạn",
        ),
        (D(2022, 9, 30), NOT_STARTED, ReportClass.NOT_STARTED, False, "Chưa thực hiện"),
        (D(2022, 6, 30), NOT_STARTED, ReportClass.NOT_STARTED, False, "Chưa thực hiện"),
        (D(2022, 3, 31), NOT_STARTED, ReportClass.NOT_STARTED, True, "Chưa thực hiện (quá hạn)"),
    ],
)
def test_classify_dated_task(due, progress, expected_class, overdue, status_label):
    result = classify(due_date=due, dated=True, progress=progress, as_of=AS_OF)

    assert (result.report_class, result.overdue, result.status_label, result.due_date) == (
        expected_class,
        overdue,
        status_label,
        due,
    )


@pytest.mark.parametrize("progress", [DONE_EARLY, IN_PROGRESS, NOT_STARTED])
def test_classify_task_without_fixed_deadline_is_undated_whatever_its_progress(progress):
    result = classify(due_date=None, dated=False, progress=progress, as_of=AS_OF)

    assert (result.report_class, result.overdue, result.progress) == (
        ReportClass.UNDATED,
        False,
        progress,
    )


def test_classify_conditional_with_hand_set_date_is_judged_when_dated():
    undated = classify(due_date=D(2022, 3, 31), dated=False, progress=NOT_STARTED, as_of=AS_OF)
    dated = classify(due_date=D(2022, 3, 31), dated=True, progress=NOT_STARTED, as_of=AS_OF)

    assert (undated.report_class, dated.report_class, dated.overdue) == (
        ReportClass.UNDATED,
        ReportClass.NOT_STARTED,
        True,
    )


def test_roll_up_parent_done_when_every_child_done_with_latest_date():
    assert roll_up([DONE_EARLY, DONE_LATE]) == Progress("done", D(2022, 4, 1), 100, True)


def test_roll_up_parent_in_progress_when_children_mixed():
    assert roll_up([DONE_EARLY, NOT_STARTED]) == Progress("in_progress", None, 50, True)


def test_roll_up_parent_not_started_when_no_child_started():
    assert roll_up([NOT_STARTED, NOT_STARTED]) == Progress("not_started", None, 0, False)


def test_roll_up_of_nothing_is_not_reported():
    assert roll_up([]) == Progress("not_started", None, 0, False)


@pytest.mark.parametrize(
    ("due", "per_year", "expected"),
    [
        (D(2025, 12, 31), True, D(2024, 12, 31)),
        (D(2024, 6, 30), True, D(2024, 6, 30)),
        (D(2023, 6, 30), True, D(2023, 6, 30)),
        (D(2025, 12, 31), False, D(2025, 12, 31)),
        (None, True, None),
    ],
)
def test_effective_due_for_multi_year_plans_is_per_year(due, per_year, expected):
    assert effective_due(due, period_year=2024, per_year=per_year) == expected
