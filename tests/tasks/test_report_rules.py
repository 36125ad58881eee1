"""Each of the twelve report rules of docs/report-rules.md, proven on a scenario built here.

The district of `district_setup` has Phòng Nội vụ and Phòng Tài chính - Kế hoạch (offices),
UBND xã Thanh Cao (a commune) and the group "UBND các xã, thị trấn"; a second commune is added
where a rule needs two members.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from plans.models import AgencyKind, DataCutoff
from plans.periods import Period, period_for_completion
from tasks.models import DeadlineKind, TaskStatus
from tasks.progress.services import report_save
from tasks.reports.builder import build_report
from tasks.reports.classification import ReportClass
from tasks.selectors import expected_reporters
from tests.factories import (
    AgencyFactory,
    PlanAreaFactory,
    PlanFactory,
    ProgressReportFactory,
    TaskAssignmentFactory,
    TaskFactory,
)

pytestmark = pytest.mark.django_db

D = datetime.date
Q1, Q2, Q3, Q4 = (Period(2022, q) for q in (1, 2, 3, 4))


def _task(s, code, due, *, leads=("office",), partners=(), parent=None, **kwargs):
    kwargs.setdefault("deadline_kind", DeadlineKind.DATE if due else DeadlineKind.RECURRING)
    kwargs.setdefault("deadline_text", f"{due:%d/%m/%Y}" if due else "Thường xuyên")
    task = TaskFactory(
        area=s["area"], code=code, title=f"Nhiệm vụ {code}", due_date=due, parent=parent, **kwargs
    )
    for name in leads:
        TaskAssignmentFactory(task=task, agency=s[name], role="lead")
    for name in partners:
        TaskAssignmentFactory(task=task, agency=s[name], role="partner")
    return task


def _report(task, agency, status, done_on=None, quarter=2, **kwargs):
    return ProgressReportFactory(
        task=task,
        agency=agency,
        quarter=quarter,
        status=status,
        completion_date=done_on,
        percent=100 if status == "done" else 50,
        **kwargs,
    )


def _submit(s, task, period, values, *, today):
    """The office head sends a new report on `task` for `period`."""
    return report_save(
        user=s["office_head"],
        task=task,
        period=period,
        values=values,
        submit=True,
        expected_version=None,
        today=today,
    )


def _row(report, task):
    return next(r for r in report.rows if r.task.pk == task.pk)


def _class(s, task, period):
    row = _row(build_report(s["plan"], period), task)
    return row.classified.report_class, row.classified.overdue


@pytest.fixture
def two_communes(district_setup):
    s = district_setup
    s["commune2"] = AgencyFactory(unit=s["unit"], name="UBND xã Bích Hòa", kind=AgencyKind.COMMUNE)
    return s


def test_rule_1_partner_report_never_decides_even_as_member_of_the_lead_group(district_setup):
    s = district_setup
    s["offices"] = AgencyFactory(
        unit=s["unit"],
        name="Các cơ quan, đơn vị",
        kind=AgencyKind.GROUP,
        includes=[AgencyKind.OFFICE],
    )
    task = _task(s, "2", D(2022, 9, 30), leads=("offices",), partners=("office",))
    _report(task, s["office"], "in_progress")
    _report(task, s["finance"], "done", D(2022, 5, 1))

    row = _row(build_report(s["plan"], Q2), task)

    assert row.classified.report_class == ReportClass.DONE_ON_TIME
    assert row.reason == (
        "Hạn 30/09/2022 — Các cơ quan, đơn vị: 1/1 đơn vị đã báo cáo hoàn thành — "
        "hoàn thành đúng hạn"
    )
    assert [a.name for a, _ in row.results] == ["Phòng Tài chính - Kế hoạch", "Phòng Nội vụ"]


def test_rule_2_collective_lead_is_done_only_when_every_member_reported_done(two_communes):
    s = two_communes
    task = _task(s, "5", D(2022, 6, 30), leads=("communes",))
    _report(task, s["commune"], "done", D(2022, 3, 10), quarter=1)

    in_q1 = _row(build_report(s["plan"], Q1), task)
    _report(task, s["commune2"], "done", D(2022, 6, 20))
    in_q2 = _row(build_report(s["plan"], Q2), task)

    assert in_q1.classified.report_class == ReportClass.IN_PROGRESS_ON_TIME
    assert in_q1.reason == (
        "Hạn 30/06/2022 — UBND các xã, thị trấn: 1/2 đơn vị đã báo cáo hoàn thành; "
        "chưa báo cáo: UBND xã Bích Hòa — chưa đến hạn"
    )
    assert (in_q2.classified.report_class, in_q2.classified.progress.completion_date) == (
        ReportClass.DONE_ON_TIME,
        D(2022, 6, 20),
    )


def test_rule_3_sub_row_without_lead_neither_blocks_nor_decides_its_parent(district_setup):
    s = district_setup
    parent = _task(s, "18", D(2022, 3, 31))
    orphan = _task(s, "", D(2022, 3, 31), leads=(), partners=("finance",), parent=parent)
    _report(parent, s["office"], "done", D(2022, 3, 1), quarter=1)
    _report(orphan, s["finance"], "in_progress", quarter=1)

    report = build_report(s["plan"], Q2)

    assert _row(report, parent).classified.report_class == ReportClass.DONE_ON_TIME
    orphan_row = _row(report, orphan)
    assert orphan_row.classified.status_label == "Chưa xác định (không có cơ quan chủ trì)"
    assert orphan_row.reason == ("Chưa có cơ quan chủ trì — không tính vào kết quả của nhiệm vụ 18")


def test_rule_4_multi_year_parent_takes_the_yearly_due_date_of_its_criteria(district_setup):
    s = district_setup
    plan = PlanFactory(
        unit=s["unit"],
        slug="huyen-a-2023-2025",
        kind="multi_year",
        start_year=2023,
        end_year=2025,
    )
    area = PlanAreaFactory(plan=plan, numeral="1")
    parent = TaskFactory(area=area, code="1.3", deadline_kind=DeadlineKind.NONE, due_date=None)
    child = TaskFactory(
        area=area, code="1.3.1", parent=parent, deadline_kind=DeadlineKind.NONE, due_date=None
    )
    TaskAssignmentFactory(task=child, agency=s["office"], role="lead")

    report = build_report(plan, Period(2024, 4))

    unit = report.units[0]
    assert (unit.classified.report_class, unit.classified.due_date) == (
        ReportClass.NOT_STARTED,
        D(2024, 12, 31),
    )
    assert report.counts.by_class[ReportClass.UNDATED] == 0


def test_rule_5_completion_after_the_cut_off_counts_in_the_next_period(district_setup):
    s = district_setup
    task = _task(s, "8", D(2022, 6, 30))
    _report(task, s["office"], "done", D(2022, 7, 10))

    assert _class(s, task, Q2) == (ReportClass.IN_PROGRESS_ON_TIME, False)
    assert _class(s, task, Q3) == (ReportClass.DONE_LATE, False)


def test_rule_5_report_form_refuses_a_completion_date_after_the_cut_off(district_setup):
    s = district_setup
    task = _task(s, "8", D(2022, 6, 30))
    values = {"status": "done", "percent": 100, "completion_date": D(2022, 7, 10)}

    with pytest.raises(ValidationError) as error:
        _submit(s, task, Q2, values, today=D(2022, 7, 12))

    assert error.value.message_dict["completion_date"] == [
        "Ngày hoàn thành 10/07/2022 sau ngày chốt số liệu của kỳ Quý II/2022 (30/06/2022). "
        "Hãy báo cáo “Hoàn thành” ở kỳ Quý III/2022; ở kỳ này báo cáo “Đang thực hiện”."
    ]
    assert not task.reports.exists()


def test_rule_5_after_the_last_cut_off_of_the_plan_the_form_says_what_to_do(district_setup):
    s = district_setup
    s["plan"].data_cutoff = DataCutoff.DECREE_09
    s["plan"].save()
    task = _task(s, "8", D(2022, 12, 31))
    values = {"status": "done", "percent": 100, "completion_date": D(2022, 12, 20)}

    with pytest.raises(ValidationError) as error:
        _submit(s, task, Q4, values, today=D(2022, 12, 22))

    assert error.value.message_dict["completion_date"] == [
        "Ngày hoàn thành 20/12/2022 sau ngày chốt số liệu của kỳ Quý IV/2022 (14/12/2022), kỳ "
        "cuối cùng của kế hoạch. Hãy báo cáo “Đang thực hiện” và ghi ngày hoàn thành vào "
        "kết quả thực hiện."
    ]


@pytest.mark.parametrize(
    ("rule", "period", "cutoff"),
    [
        (DataCutoff.QUARTER_END, Q1, D(2022, 3, 31)),
        (DataCutoff.QUARTER_END, Q4, D(2022, 12, 31)),
        (DataCutoff.DECREE_09, Q1, D(2022, 3, 14)),
        (DataCutoff.DECREE_09, Q2, D(2022, 6, 14)),
        (DataCutoff.DECREE_09, Q4, D(2022, 12, 14)),
    ],
)
def test_rule_6_cut_off_date_per_plan_setting(rule, period, cutoff):
    assert period.cutoff(rule) == cutoff


@pytest.mark.parametrize(
    ("day", "rule", "expected"),
    [
        (D(2022, 3, 20), DataCutoff.QUARTER_END, Q1),
        (D(2022, 3, 20), DataCutoff.DECREE_09, Q2),
        (D(2022, 12, 20), DataCutoff.DECREE_09, Period(2023, 1)),
    ],
)
def test_rule_6_period_in_which_a_completion_is_reported(day, rule, expected):
    assert period_for_completion(day, rule) == expected


def test_rule_6_report_counts_to_the_plans_cut_off_and_says_so(district_setup):
    s = district_setup
    s["plan"].data_cutoff = DataCutoff.DECREE_09
    s["plan"].save()
    task = _task(s, "1", D(2022, 6, 10))
    _report(task, s["office"], "done", D(2022, 6, 20))

    report = build_report(s["plan"], Q2)

    assert (report.as_of, report.cutoff_label) == (
        D(2022, 6, 14),
        "Ngày 14 của tháng cuối quý (Nghị định 09/2019/NĐ-CP)",
    )
    assert _row(report, task).classified.report_class == ReportClass.IN_PROGRESS_OVERDUE


def test_rule_7_office_decisions_win_cancelled_apart_and_done_with_its_date(district_setup):
    s = district_setup
    cancelled = _task(s, "1", D(2022, 3, 31))
    cancelled.status = TaskStatus.CANCELLED
    cancelled._change_reason = "Trung ương bãi bỏ yêu cầu"
    cancelled.save()
    done = _task(s, "2", D(2022, 3, 31), status=TaskStatus.DONE, completed_on=D(2022, 4, 5))
    _task(s, "3", D(2022, 9, 30))

    report = build_report(s["plan"], Q2)

    assert (report.counts.total, report.counts.cancelled) == (2, 1)
    assert report.counts.percent(ReportClass.DONE_LATE) == 50.0
    assert [r.task for r in report.cancelled] == [cancelled]
    assert _row(report, cancelled).reason == (
        "Phòng Nội vụ quyết định không thực hiện: Trung ương bãi bỏ yêu cầu"
    )
    assert _row(report, done).reason == (
        "Hạn 31/03/2022 — Phòng Nội vụ xác định hoàn thành ngày 05/04/2022 — "
        "hoàn thành sau hạn 5 ngày"
    )


def test_rule_7_office_done_needs_a_completion_date(district_setup):
    task = _task(district_setup, "1", D(2022, 3, 31))
    task.status = TaskStatus.DONE

    with pytest.raises(IntegrityError), transaction.atomic():
        task.save()


def test_rule_8_each_lead_answers_for_the_task_it_leads_itself(district_setup):
    s = district_setup
    parent = _task(s, "1", None, leads=(), deadline_kind=DeadlineKind.NONE, deadline_text="")
    _task(s, "b", D(2022, 3, 31), parent=parent)
    late = _task(s, "c", D(2022, 3, 31), leads=("communes",), parent=parent)
    _report(parent.children.get(code="b"), s["office"], "done", D(2022, 3, 1), quarter=1)

    report = build_report(s["plan"], Q2)

    by_agency = {a.name: c.by_class for a, c in report.by_agency}
    assert by_agency["Phòng Nội vụ"]["done_on_time"] == 1
    assert sum(by_agency["Phòng Nội vụ"].values()) == 1
    assert by_agency["UBND các xã, thị trấn"]["not_started"] == 1
    assert _row(report, late).classified.overdue is True


def test_rule_9_passed_milestone_makes_the_task_late_before_its_due_date(district_setup):
    s = district_setup
    task = _task(
        s,
        "1.c",
        D(2022, 12, 31),
        deadline_kind=DeadlineKind.YEAR,
        deadline_text="Quý I năm 2022 ban hành Kế hoạch; định kỳ báo cáo",
        milestones=["2022-03-31"],
    )
    _report(task, s["office"], "in_progress", quarter=1)

    assert _class(s, task, Q1) == (ReportClass.IN_PROGRESS_ON_TIME, False)
    report = build_report(s["plan"], Q2)
    row = _row(report, task)
    assert (row.classified.report_class, row.classified.missed_milestone) == (
        ReportClass.IN_PROGRESS_OVERDUE,
        D(2022, 3, 31),
    )
    assert [r.task for r in report.overdue] == [task]


def test_rule_10_year_report_late_within_the_year_and_carried_over_beyond_it(district_setup):
    s = district_setup
    due_in_year = _task(s, "1", D(2022, 12, 31))
    next_year = _task(s, "2", D(2023, 3, 31), deadline_kind=DeadlineKind.RANGE)
    _report(due_in_year, s["office"], "in_progress", quarter=4)
    _report(next_year, s["office"], "in_progress", quarter=4)

    report = build_report(s["plan"], Q4)

    assert _row(report, due_in_year).classified.report_class == ReportClass.IN_PROGRESS_OVERDUE
    carried = _row(report, next_year).classified
    assert (carried.report_class, carried.status_label) == (
        ReportClass.IN_PROGRESS_ON_TIME,
        "Đang thực hiện trong hạn (chuyển tiếp)",
    )


def test_rule_11_deadline_before_the_plan_is_noted_until_the_office_corrects_it(district_setup):
    s = district_setup
    task = _task(
        s, "22", D(2021, 12, 31), deadline_kind=DeadlineKind.YEAR, deadline_text="Cả năm 2021"
    )

    before = _row(build_report(s["plan"], Q2), task)
    task.due_date = D(2022, 12, 31)
    task._change_reason = "Kế hoạch ghi nhầm năm"
    task.save()
    after = _row(build_report(s["plan"], Q2), task)

    assert before.classified.report_class == ReportClass.UNDATED
    assert before.reason.startswith(
        "Thời hạn ghi trong kế hoạch “Cả năm 2021” (31/12/2021) nằm ngoài thời kỳ kế hoạch 2022"
    )
    assert after.classified.report_class == ReportClass.NOT_STARTED
    assert after.reason == (
        "Hạn 31/12/2022 (hạn do Phòng Nội vụ xác định: Kế hoạch ghi nhầm năm) — "
        "Phòng Nội vụ chưa báo cáo — chưa đến hạn"
    )


def test_rule_11_hand_set_date_makes_a_conditional_task_dated(district_setup):
    s = district_setup
    task = _task(
        s,
        "9",
        D(2022, 5, 31),
        deadline_kind=DeadlineKind.CONDITIONAL,
        deadline_text="Theo hướng dẫn của Thành phố",
    )

    assert _class(s, task, Q2) == (ReportClass.NOT_STARTED, True)


def test_rule_12_only_leads_and_lead_group_members_owe_reports(two_communes):
    s = two_communes
    led = _task(s, "1", D(2022, 6, 30), leads=("communes",), partners=("finance",))
    partnered = _task(s, "2", D(2022, 6, 30), leads=("finance",), partners=("communes",))
    cancelled = _task(s, "3", D(2022, 6, 30), status=TaskStatus.CANCELLED)

    expected = expected_reporters(s["plan"])

    assert expected == {
        s["commune"].pk: {led.pk},
        s["commune2"].pk: {led.pk},
        s["finance"].pk: {partnered.pk},
    }
    assert cancelled.pk not in set().union(*expected.values())


def test_rule_7_office_done_on_a_parent_wins_over_its_sub_tasks(district_setup):
    s = district_setup
    parent = _task(
        s,
        "1",
        None,
        leads=(),
        deadline_kind=DeadlineKind.NONE,
        deadline_text="",
        status=TaskStatus.DONE,
        completed_on=D(2022, 2, 10),
    )
    _task(s, "b", D(2022, 3, 31), parent=parent)

    row = _row(build_report(s["plan"], Q2), parent)

    assert row.classified.report_class == ReportClass.DONE_ON_TIME
    assert row.classified.progress.by_office is True
    assert row.reason == (
        "Hạn 31/03/2022 (theo hạn của các nội dung) — Phòng Nội vụ xác định hoàn thành ngày "
        "10/02/2022 — hoàn thành đúng hạn"
    )


def test_rule_7_office_done_in_a_multi_year_plan_counts_only_in_its_year(district_setup):
    s = district_setup
    plan = PlanFactory(
        unit=s["unit"],
        slug="huyen-a-2023-2025",
        kind="multi_year",
        start_year=2023,
        end_year=2025,
    )
    task = TaskFactory(
        area=PlanAreaFactory(plan=plan, numeral="2"),
        code="2.3",
        due_date=None,
        deadline_kind=DeadlineKind.NONE,
        status=TaskStatus.DONE,
        completed_on=D(2023, 11, 15),
    )
    TaskAssignmentFactory(task=task, agency=s["office"], role="lead")

    in_2023 = build_report(plan, Period(2023, 4)).units[0].classified
    in_2024 = build_report(plan, Period(2024, 4)).units[0].classified

    assert (in_2023.report_class, in_2024.report_class) == (
        ReportClass.DONE_ON_TIME,
        ReportClass.NOT_STARTED,
    )


def test_rule_9_milestone_met_when_its_product_was_reported_in_time(district_setup):
    s = district_setup
    task = _task(
        s,
        "1.c",
        D(2022, 12, 31),
        deadline_kind=DeadlineKind.YEAR,
        deadline_text="Quý I năm 2022 ban hành Kế hoạch; định kỳ báo cáo",
        milestones=["2022-03-31"],
    )
    _report(task, s["office"], "in_progress", product_issued="Kế hoạch số 5/KH-UBND ngày 20/3/2022")

    row = _row(build_report(s["plan"], Q2), task)

    assert (row.classified.report_class, row.classified.overdue) == (
        ReportClass.IN_PROGRESS_ON_TIME,
        False,
    )


def test_reasons_printed_are_those_of_the_decision_not_of_a_later_edit(district_setup):
    s = district_setup
    task = _task(s, "1", D(2022, 3, 31))
    task.status = TaskStatus.CANCELLED
    task._change_reason = "Không còn phù hợp"
    task.save()
    task.notes = "Ghi chú thêm"
    task._change_reason = "Sửa ghi chú"
    task.save()

    row = _row(build_report(s["plan"], Q2), task)

    assert row.reason == "Phòng Nội vụ quyết định không thực hiện: Không còn phù hợp"


def test_rule_12_nothing_is_owed_under_a_cancelled_parent_or_before_nor_after_office_done(
    district_setup,
):
    s = district_setup
    parent = _task(s, "1", D(2022, 6, 30), status=TaskStatus.CANCELLED)
    child = _task(s, "a", D(2022, 6, 30), leads=("finance",), parent=parent)
    done = _task(s, "2", D(2022, 9, 30), status=TaskStatus.DONE, completed_on=D(2022, 8, 1))

    in_q2 = expected_reporters(s["plan"], Q2)
    in_q3 = expected_reporters(s["plan"], Q3)

    assert child.pk not in in_q2.get(s["finance"].pk, set())
    assert (done.pk in in_q2[s["office"].pk], s["office"].pk in in_q3) == (True, False)


def test_rule_12_a_task_reported_done_earlier_is_not_owed_again(district_setup):
    from tasks.progress.selectors import missing_reporters

    s = district_setup
    task = _task(s, "1", D(2022, 6, 30))
    _report(task, s["office"], "done", D(2022, 3, 1), quarter=1)
    _task(s, "2", D(2022, 6, 30))

    missing = missing_reporters(s["plan"], Q2)

    assert [(m.agency.name, m.expected, m.submitted) for m in missing] == [("Phòng Nội vụ", 2, 1)]
