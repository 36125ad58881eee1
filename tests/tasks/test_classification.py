"""The report classes of tasks.reports.classification, at their boundaries."""

import datetime
from types import SimpleNamespace as NS

import pytest

from tasks.reports.classification import (
    Classified,
    Deadline,
    ReportClass,
    cancelled,
    classify,
    progress_phrase,
    roll_up,
    roll_up_phrase,
    standing_phrase,
)
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


# --- whole results and the phrases a civil servant reads (mutation testing found them unchecked)
GROUP = NS(pk=9, name="UBND các xã", kind="group")
COMMUNES = [NS(pk=10 + i, name=f"Xã {i}", kind="commune") for i in range(1, 8)]


def _group(done, silent):
    members = tuple(COMMUNES)
    return Standing(GROUP, "in_progress", None, 10, True, None, members, done, silent)


@pytest.mark.parametrize(
    ("standing", "phrase"),
    [
        (
            Standing(GROUP, "not_started", None, 0, False),
            "UBND các xã: chưa có đơn vị thành viên trong dữ liệu",
        ),
        (_group(tuple(COMMUNES), ()), "UBND các xã: 7/7 đơn vị đã báo cáo hoàn thành"),
        (
            _group((COMMUNES[0],), tuple(COMMUNES[1:5])),
            "UBND các xã: 1/7 đơn vị đã báo cáo hoàn thành; chưa báo cáo: Xã 2, Xã 3, Xã 4, Xã 5",
        ),
        (
            _group((), tuple(COMMUNES[:5])),
            "UBND các xã: 0/7 đơn vị đã báo cáo hoàn thành; chưa báo cáo: Xã 1, Xã 2, Xã 3, Xã 4, "
            "Xã 5",
        ),
        (
            _group((), tuple(COMMUNES[:6])),
            "UBND các xã: 0/7 đơn vị đã báo cáo hoàn thành; chưa báo cáo: Xã 1, Xã 2, Xã 3, Xã 4, "
            "Xã 5 và 1 đơn vị khác",
        ),
        (
            _group((), tuple(COMMUNES)),
            "UBND các xã: 0/7 đơn vị đã báo cáo hoàn thành; chưa báo cáo: Xã 1, Xã 2, Xã 3, Xã 4, "
            "Xã 5 và 2 đơn vị khác",
        ),
        (Standing(OFFICE, "not_started", None, 0, False), "Phòng Nội vụ chưa báo cáo"),
        (Standing(OFFICE, "not_started", None, 0, True), "Phòng Nội vụ báo cáo chưa thực hiện"),
        (
            Standing(OFFICE, "in_progress", None, 40, True),
            "Phòng Nội vụ báo cáo đang thực hiện (40%)",
        ),
        (
            Standing(OFFICE, "done", D(2022, 2, 10), 100, True),
            "Phòng Nội vụ báo cáo hoàn thành ngày 10/02/2022",
        ),
        (
            Standing(OFFICE, "done", None, 100, True),
            "Phòng Nội vụ báo cáo hoàn thành (không ghi ngày)",
        ),
        (
            Standing(OFFICE, "in_progress", None, 99, True, D(2022, 7, 5)),
            "Phòng Nội vụ báo cáo hoàn thành ngày 05/07/2022, sau ngày chốt số liệu 30/06/2022, "
            "nên chưa tính hoàn thành ở kỳ này",
        ),
    ],
)
def test_standing_phrase(standing, phrase):
    assert standing_phrase(standing, AS_OF) == phrase


def test_progress_phrase_joins_the_leads_names_the_office_decision_or_the_missing_lead():
    finance = NS(pk=2, name="Phòng Tài chính", kind="office")
    late = Standing(finance, "in_progress", None, 99, True, D(2022, 7, 5))
    two_leads = Progress("in_progress", None, 70, True, (IN_PROGRESS.leads[0], late))
    by_office = Progress("done", D(2022, 5, 3), 100, True, (), by_office=True)
    assert [
        progress_phrase(two_leads, AS_OF),
        progress_phrase(by_office, AS_OF),
        progress_phrase(Progress("not_started", None, 0, False), AS_OF),
    ] == [
        "Phòng Nội vụ báo cáo đang thực hiện (40%); Phòng Tài chính báo cáo hoàn thành ngày "
        "05/07/2022, sau ngày chốt số liệu 30/06/2022, nên chưa tính hoàn thành ở kỳ này",
        "Phòng Nội vụ xác định hoàn thành ngày 03/05/2022",
        "Chưa có cơ quan chủ trì",
    ]


def test_classify_gives_the_whole_result_for_each_class():
    due = D(2022, 3, 31)
    head = "Hạn 31/03/2022 — "
    assert [
        classify(Deadline(due), DONE_EARLY, as_of=AS_OF),
        classify(Deadline(D(2022, 9, 30)), IN_PROGRESS, as_of=AS_OF),
        classify(Deadline(due), NOT_STARTED, as_of=AS_OF),
        classify(Deadline(None, undated_note="Thường xuyên"), IN_PROGRESS, as_of=AS_OF),
    ] == [
        Classified(
            "done_on_time",
            False,
            DONE_EARLY,
            due,
            head + "Phòng Nội vụ báo cáo hoàn thành ngày 20/03/2022 — hoàn thành đúng hạn",
        ),
        Classified(
            "in_progress_on_time",
            False,
            IN_PROGRESS,
            D(2022, 9, 30),
            "Hạn 30/09/2022 — Phòng Nội vụ báo cáo đang thực hiện (40%) — chưa đến hạn",
        ),
        Classified(
            "not_started",
            True,
            NOT_STARTED,
            due,
            head + "Phòng Nội vụ chưa báo cáo — quá hạn 91 ngày",
        ),
        Classified(
            "undated",
            False,
            IN_PROGRESS,
            None,
            "Thường xuyên — Phòng Nội vụ báo cáo đang thực hiện (40%) — không đánh giá đúng hạn",
        ),
    ]


def test_classify_names_the_last_missed_milestone():
    deadline = Deadline(D(2022, 12, 31), milestones=(D(2022, 2, 15), D(2022, 5, 31)))
    assert classify(deadline, NOT_STARTED, as_of=AS_OF) == Classified(
        "not_started",
        True,
        NOT_STARTED,
        D(2022, 12, 31),
        "Hạn 31/12/2022 — Phòng Nội vụ chưa báo cáo — đã qua mốc 31/05/2022 mà chưa báo cáo sản "
        "phẩm của mốc này",
        D(2022, 5, 31),
    )


def test_classify_uses_the_progress_text_it_is_given():
    result = classify(Deadline(D(2022, 9, 30)), IN_PROGRESS, as_of=AS_OF, progress_text="Gồm 2")
    undated = classify(Deadline(None), IN_PROGRESS, as_of=AS_OF, progress_text="")
    assert (result.reason, undated.reason) == (
        "Hạn 30/09/2022 — Gồm 2 — chưa đến hạn",
        "Không có thời hạn cụ thể — không đánh giá đúng hạn",
    )


def test_cancelled_task_is_listed_apart_with_the_office_reason():
    with_reason = cancelled(NOT_STARTED, "đã sáp nhập vào nhiệm vụ 3")
    without = cancelled(IN_PROGRESS, "")
    assert (with_reason, without) == (
        Classified(
            "cancelled",
            False,
            NOT_STARTED,
            None,
            "Phòng Nội vụ quyết định không thực hiện: đã sáp nhập vào nhiệm vụ 3",
        ),
        Classified(
            "cancelled", False, IN_PROGRESS, None, "Phòng Nội vụ quyết định không thực hiện"
        ),
    )
    assert without.status_label == "Không thực hiện"


def test_roll_up_phrase_counts_children_by_status_in_a_fixed_order():
    children = [
        classify(Deadline(None), progress, as_of=AS_OF)
        for progress in (NOT_STARTED, DONE_EARLY, IN_PROGRESS, DONE_LATE, IN_PROGRESS)
    ]
    assert [
        roll_up_phrase(children),
        roll_up_phrase(children[:1]),
        roll_up_phrase(children[1:2]),
    ] == [
        "Gồm 5 nội dung: 2 hoàn thành, 2 đang thực hiện, 1 chưa thực hiện",
        "Gồm 1 nội dung: 1 chưa thực hiện",
        "Gồm 1 nội dung: 1 hoàn thành",
    ]


def test_classify_reads_a_completion_after_the_cut_off_against_that_cut_off():
    late = Standing(OFFICE, "in_progress", None, 99, True, D(2022, 7, 5))
    progress = Progress("in_progress", None, 99, True, (late,))
    assert classify(Deadline(D(2022, 9, 30)), progress, as_of=AS_OF).reason == (
        "Hạn 30/09/2022 — Phòng Nội vụ báo cáo hoàn thành ngày 05/07/2022, sau ngày chốt số liệu "
        "30/06/2022, nên chưa tính hoàn thành ở kỳ này — chưa đến hạn"
    )
