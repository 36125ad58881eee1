"""The report classes of tasks.reports.classification, at their boundaries."""

import datetime
from types import SimpleNamespace as NS

import pytest

from tasks.reports.classification import Deadline, ReportClass, classify, roll_up
from tasks.reports.progress import Progress, Standing

D = datetime.date
AS_OF = D(2022, 6, 30)  # end of 2022-Q2
OFFICE = NS(pk=1, name="Phòng Nội vụ", kind="office")


def _progress(status, completed, percent, reported):
    standing = Standing(OFFICE, status, completed, percent, reported)
    return Progress(status, completed, percent, reported, (standing,))


DONE_EARLY = _progress("done", D(2022, 3, 20), 100, True)
DONE_ON_DUE = _progress("done", D(2022, 3, 31), 100, True)
DONE_LATE = _progress("done", D(2022, 4, 1), 100, True)
DONE_NO_DATE = _progress("done", None, 100, True)
IN_PROGRESS = _progress("in_progress", None, 40, True)
NOT_STARTED = _progress("not_started", None, 0, False)


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
    result = classify(Deadline(due), progress, as_of=AS_OF)

    assert (result.report_class, result.overdue, result.status_label, result.due_date) == (
        expected_class,
        overdue,
        status_label,
        due,
    )


@pytest.mark.parametrize("progress", [DONE_EARLY, IN_PROGRESS, NOT_STARTED])
def test_classify_task_without_fixed_deadline_is_undated_whatever_its_progress(progress):
    result = classify(Deadline(None, undated_note="Thường xuyên"), progress, as_of=AS_OF)

    assert (result.report_class, result.overdue, result.progress) == (
        ReportClass.UNDATED,
        False,
        progress,
    )


@pytest.mark.parametrize(
    ("milestone", "progress", "expected_class", "overdue"),
    [
        (D(2022, 3, 31), IN_PROGRESS, ReportClass.IN_PROGRESS_OVERDUE, True),
        (D(2022, 3, 31), NOT_STARTED, ReportClass.NOT_STARTED, True),
        (D(2022, 3, 31), DONE_LATE, ReportClass.DONE_ON_TIME, False),
        (D(2022, 6, 30), IN_PROGRESS, ReportClass.IN_PROGRESS_ON_TIME, False),
    ],
)
def test_a_passed_milestone_makes_an_unfinished_task_late_before_its_due_date(
    milestone, progress, expected_class, overdue
):
    deadline = Deadline(D(2022, 12, 31), milestones=(milestone,))

    result = classify(deadline, progress, as_of=AS_OF)

    assert (result.report_class, result.overdue) == (expected_class, overdue)
    if overdue:
        assert result.reason.endswith(
            f"đã qua mốc {milestone:%d/%m/%Y} mà chưa báo cáo sản phẩm của mốc này"
        )


def test_year_report_counts_a_task_due_on_the_last_day_and_not_done_as_late():
    year_end = D(2022, 12, 31)
    quarter = classify(Deadline(year_end), IN_PROGRESS, as_of=year_end)
    year = classify(Deadline(year_end), IN_PROGRESS, as_of=year_end, year_report=True)

    assert (quarter.report_class, year.report_class, year.overdue) == (
        ReportClass.IN_PROGRESS_ON_TIME,
        ReportClass.IN_PROGRESS_OVERDUE,
        True,
    )
    assert year.reason.endswith("chưa hoàn thành trong năm 2022")


def test_year_report_marks_a_deadline_in_the_next_year_as_carried_over():
    result = classify(
        Deadline(D(2024, 3, 31)), IN_PROGRESS, as_of=D(2023, 12, 31), year_report=True
    )

    assert (result.report_class, result.overdue, result.carried_over, result.status_label) == (
        ReportClass.IN_PROGRESS_ON_TIME,
        False,
        True,
        "Đang thực hiện trong hạn (chuyển tiếp)",
    )
    assert result.reason == (
        "Hạn 31/03/2024 — Phòng Nội vụ báo cáo đang thực hiện (40%) — chuyển tiếp sang năm 2024"
    )


def test_reason_reads_deadline_progress_and_verdict():
    result = classify(Deadline(D(2022, 3, 31)), DONE_LATE, as_of=AS_OF)

    assert result.reason == (
        "Hạn 31/03/2022 — Phòng Nội vụ báo cáo hoàn thành ngày 01/04/2022 — "
        "hoàn thành sau hạn 1 ngày"
    )


def test_roll_up_parent_done_when_every_child_done_with_latest_date():
    assert roll_up([DONE_EARLY, DONE_LATE]) == Progress("done", D(2022, 4, 1), 100, True)


def test_roll_up_parent_in_progress_when_children_mixed():
    assert roll_up([DONE_EARLY, NOT_STARTED]) == Progress("in_progress", None, 50, True)


def test_roll_up_parent_not_started_when_no_child_started():
    assert roll_up([NOT_STARTED, NOT_STARTED]) == Progress("not_started", None, 0, False)


def test_roll_up_of_nothing_is_not_reported():
    assert roll_up([]) == Progress("not_started", None, 0, False)
