"""The PAR Index demo data (indicators/par/demo.py, `manage.py load_par_demo`) built from the
Tuy Phước 2023–2025 plan: the faithful draft set (no maxima: the source states none), the
illustrative published set, the "[Dữ liệu thử]" reports, the submitted self-assessment and the
appraisal in progress. Expected counts are worked out by hand from the plan (8 areas, 91 tasks of
which 22 have children: 69 leaves; areas 1–3 have 26 leaf tasks)."""

from __future__ import annotations

import io
from collections import Counter
from decimal import Decimal

import pypdfium2
import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from indicators.par import demo
from indicators.par.models import (
    Assessment,
    AssessmentItem,
    CriteriaSet,
    Criterion,
    CriterionLevel,
    Evidence,
    EvidenceKind,
    ScoringRule,
    SetLevel,
    SetStatus,
)
from indicators.par.sets import publish_set
from plans.access import GROUP_OFFICE, GROUP_PROVINCE
from tasks.models import ProgressReport, ProgressStatus, ReviewState, Task
from tasks.progress.evidence import validate_evidence
from tests.factories import make_user
from tests.tasks.seed import load_seed_plan

pytestmark = pytest.mark.django_db

LEAVES = 69
REPORT_TASKS = 26  # leaf tasks of areas 1–3
DONE_TASKS = 18  # positions 1..26 not divisible by 3
# One report per agency that reports for the task: its lead agencies, a collective lead ("Các
# cơ quan, đơn vị, địa phương") by each of its members. 1.3.1 (position 3, not done) has two
# leads, 1.4 (done) three, 1.1 a collective lead of 19 members.
REPORTS = 287
DONE_REPORTS = 220


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def plan(db):
    return load_seed_plan(demo.PLAN_SLUG)


@pytest.fixture
def users(plan):
    office = make_user(demo.OFFICE_USER, group=GROUP_OFFICE, unit=plan.unit)
    province = make_user(demo.PROVINCE_USER, group=GROUP_PROVINCE, unit=plan.unit.parent)
    return office, province


def run_demo() -> str:
    out = io.StringIO()
    call_command("load_par_demo", stdout=out)
    return out.getvalue()


@pytest.fixture
def loaded(plan, users):
    return run_demo()


def faithful(plan):
    return demo.criteria_set_from_plan(
        plan,
        province=plan.unit.parent,
        year=2024,
        level=SetLevel.DISTRICT,
        title="Bộ thử",
        source="Kế hoạch Tuy Phước",
    )


def test_faithful_set_has_the_plans_8_areas_and_91_criteria_without_any_maximum(plan):
    criteria_set = faithful(plan)

    assert criteria_set.status == SetStatus.DRAFT
    assert (criteria_set.version, criteria_set.province.name) == (1, "Bình Định")
    rows = list(criteria_set.criteria.select_related("parent").order_by("order"))
    assert len(rows) == 99
    assert [r.order for r in rows] == list(range(1, 100))
    areas = [r for r in rows if r.level == CriterionLevel.AREA]
    assert [(a.code, a.rule, a.parent_id) for a in areas] == [
        (str(n), ScoringRule.SUM, None) for n in range(1, 9)
    ]
    assert areas[6].title == "XÂY DỰNG VÀ PHÁT TRIỂN CHÍNH QUYỀN ĐIỆN TỬ, CHÍNH QUYỀN SỐ"
    assert [a.reform_area.code for a in areas][:2] == ["chi-dao-dieu-hanh", "the-che"]
    assert Counter(r.level for r in rows) == {"area": 8, "criterion": 34, "sub": 57}
    assert Counter(r.rule for r in rows) == {"sum": 30, "yes_no": LEAVES}
    assert [r.max_score for r in rows] == [None] * 99
    assert {r.task_codes for r in rows} == {""}
    by_code = {r.code: r for r in rows}
    assert [r.code for r in rows[:6]] == ["1", "1.1", "1.2", "1.3", "1.3.1", "1.3.2"]
    assert by_code["1.3.1"].parent.code == "1.3"
    assert by_code["1.3"].parent.code == "1"
    assert (by_code["1.3"].rule, by_code["1.3.1"].level) == (ScoringRule.SUM, "sub")
    task = Task.objects.get(plan=plan, code="1.2")
    assert (by_code["1.2"].title, by_code["1.2"].target) == (task.title, task.expected_result)
    assert by_code["1.2"].target.startswith("Các báo cáo của UBND huyện gửi Sở Nội vụ")
    assert Criterion.history.filter(criteria_set_id=criteria_set.pk).count() == 99


def test_publishing_the_faithful_set_is_refused_naming_every_leaf_code(plan):
    criteria_set = faithful(plan)

    with pytest.raises(ValidationError) as refused:
        publish_set(criteria_set)

    leaves = criteria_set.criteria.exclude(rule=ScoringRule.SUM).order_by("order")
    assert refused.value.messages == [
        f"Tiêu chí {code}: chưa có điểm tối đa (cần bổ sung)."
        for code in leaves.values_list("code", flat=True)
    ]
    assert len(refused.value.messages) == LEAVES
    criteria_set.refresh_from_db()
    assert criteria_set.status == SetStatus.DRAFT


def test_demo_keeps_version_1_faithful_and_publishes_version_2_with_the_note(loaded, plan):
    v1, v2 = CriteriaSet.objects.filter(province=plan.unit.parent).order_by("version")

    assert (v1.version, v1.status, v1.title, v1.year, v1.level) == (
        1,
        SetStatus.DRAFT,
        "Bộ tiêu chí Chỉ số CCHC cấp huyện năm 2024 — dựng từ Kế hoạch Tuy Phước 2023–2025",
        2024,
        "district",
    )
    assert "Sở Nội vụ cần bổ sung điểm tối đa" in v1.note
    assert v1.criteria.filter(max_score__isnull=False).count() == 0
    assert (v2.version, v2.status, v2.grade_bands) == (
        2,
        SetStatus.PUBLISHED,
        "Tốt: 80; Khá: 65; Trung bình: 50; Yếu: 0",
    )
    assert v2.published_at is not None
    assert v2.note.splitlines() == [
        "Bản minh họa để chạy thử: nguồn không nêu điểm tối đa, nên mỗi tiêu chí tạm tính 1 "
        "điểm (đạt / không đạt); tổng điểm vì vậy bằng số tiêu chí đạt. Sở Nội vụ thay bằng bộ "
        "tiêu chí chính thức qua tệp mẫu.",
        "Các mức xếp loại (Tốt: 80; Khá: 65; Trung bình: 50; Yếu: 0) cũng chỉ để minh họa.",
    ]
    leaves = v2.criteria.exclude(rule=ScoringRule.SUM)
    assert set(leaves.values_list("rule", "max_score")) == {("yes_no", Decimal(1))}
    assert leaves.count() == LEAVES
    assert v2.criteria.count() == 99


def test_demo_reports_are_accepted_q4_reports_of_the_leaf_tasks_of_areas_1_to_3(loaded, plan):
    reports = list(ProgressReport.objects.select_related("task__area", "agency"))

    assert len(reports) == REPORTS
    assert {r.task.area.numeral for r in reports} == {"1", "2", "3"}
    assert len({r.task_id for r in reports}) == REPORT_TASKS
    assert {(r.year, r.quarter, r.review_state) for r in reports} == {
        (2024, 4, ReviewState.ACCEPTED)
    }
    assert all(r.result.startswith("[Dữ liệu thử] ") for r in reports)
    done = [r for r in reports if r.status == ProgressStatus.DONE]
    assert len(done) == DONE_REPORTS
    assert {r.status for r in reports if r not in done} == {ProgressStatus.IN_PROGRESS}
    assert {r.completion_date.year for r in done} == {2024}
    assert all(r.product_issued.startswith("Báo cáo số ") for r in done)
    assert {r.product_issued for r in reports if r not in done} == {""}
    assert {r.task.code for r in reports if r not in done} == {
        "1.3.1", "1.5", "2.1.1", "2.2.2", "3.2.1", "3.3.2", "3.4.1", "3.4.4",
    }  # fmt: skip
    leads = Counter(r.task.code for r in reports)
    assert (leads["1.3.1"], leads["1.4"], leads["1.1"]) == (2, 3, 19)
    with_file = [r for r in reports if r.evidence]
    assert [r.task.code for r in sorted(with_file, key=lambda r: r.task.order)] == ["1.1", "1.2"]
    for report in with_file:
        assert report.evidence_name == f"Báo cáo thử nhiệm vụ {report.task.code}.pdf"
        validate_evidence(report.evidence.file)
        with report.evidence.open("rb") as handle:
            pdf = pypdfium2.PdfDocument(handle.read())
        assert len(pdf) == 1
        assert pdf.get_metadata_dict()["Title"] == report.evidence_name


def test_demo_assessment_is_submitted_with_the_suggestions_the_reports_imply(loaded, plan, users):
    assessment = Assessment.objects.select_related("criteria_set").get()
    items = list(assessment.items.select_related("criterion").order_by("criterion__order"))

    assert (assessment.criteria_set.version, assessment.unit_id) == (2, plan.unit_id)
    assert (assessment.state, assessment.submitted_by, assessment.plan) == (
        "submitted",
        users[0],
        plan,
    )
    assert len(items) == LEAVES
    assert Counter(i.suggested_score for i in items) == {
        Decimal(1): DONE_TASKS,
        Decimal(0): LEAVES - DONE_TASKS,
    }
    assert [i.self_score for i in items] == [i.suggested_score for i in items]
    assert [i.criterion.code for i in items if i.suggested_score == 1][:4] == [
        "1.1", "1.2", "1.3.2", "1.4",
    ]  # fmt: skip
    explained = [i for i in items if i.explanation]
    assert [i.criterion.code for i in explained] == ["1.1", "1.2", "1.3.1", "1.3.2"]
    assert all(i.explanation.startswith("[Dữ liệu thử] ") for i in explained)
    evidence = Evidence.objects.filter(item__assessment=assessment)
    assert set(evidence.values_list("kind", flat=True)) == {EvidenceKind.REPORT}
    assert evidence.count() == REPORTS
    assert set(evidence.values_list("report_id", flat=True)) == set(
        ProgressReport.objects.values_list("pk", flat=True)
    )
    assert all(
        e.report.task.code == e.item.criterion.code
        for e in evidence.select_related("report__task", "item__criterion")
    )


def test_demo_appraisal_is_in_progress_on_areas_1_and_2_only(loaded):
    assessment = Assessment.objects.get()
    items = AssessmentItem.objects.filter(assessment=assessment).select_related("criterion")
    appraised = {i.criterion.code: i for i in items if i.appraised_score is not None}

    assert assessment.state == "submitted"
    assert (assessment.finalised_at, assessment.round) == (None, 0)
    assert sorted(appraised) == [
        "1.1", "1.2", "1.3.1", "1.3.2", "1.4", "1.5", "1.6", "1.7",
        "2.1.1", "2.1.2", "2.2.1", "2.2.2", "2.3",
    ]  # fmt: skip
    lowered = {c: i for c, i in appraised.items() if i.appraised_score != i.self_score}
    assert list(lowered) == ["1.1"]
    assert (lowered["1.1"].self_score, lowered["1.1"].appraised_score) == (1, 0)
    assert lowered["1.1"].appraisal_comment.startswith("[Dữ liệu thử] ")
    assert [i.appraisal_comment for c, i in appraised.items() if c != "1.1"] == [""] * 12
    questions = [(i.criterion.code, i.question) for i in items if i.question]
    assert questions == [
        (
            "1.2",
            "[Dữ liệu thử] Đề nghị bổ sung văn bản chứng minh kết quả thực hiện tiêu chí này.",
        )
    ]


def _counts():
    return {
        "sets": CriteriaSet.objects.count(),
        "criteria": Criterion.objects.count(),
        "criteria history": Criterion.history.count(),
        "sets history": CriteriaSet.history.count(),
        "reports": ProgressReport.objects.count(),
        "reports history": ProgressReport.history.count(),
        "assessments": Assessment.objects.count(),
        "assessment history": Assessment.history.count(),
        "items history": AssessmentItem.history.count(),
        "evidence": Evidence.objects.count(),
    }


def test_second_run_changes_nothing_and_says_so(loaded):
    before = _counts()
    updated = Assessment.objects.get().updated_at

    second = run_demo()

    assert _counts() == before
    assert before["sets"] == 2 and before["reports"] == REPORTS
    assert Assessment.objects.get().updated_at == updated
    assert second.splitlines() == [
        "Bộ tiêu chí dựng từ kế hoạch (phiên bản 1): đã có, giữ nguyên.",
        "Bộ tiêu chí minh họa (phiên bản 2): đã có và đã ban hành.",
        f"Báo cáo tiến độ quý 4/2024 (dữ liệu thử): đã có {REPORTS} báo cáo, giữ nguyên.",
        "Bản tự đánh giá năm 2024 của huyện Tuy Phước: đã có, giữ nguyên.",
        "Thẩm định: đã có (hoặc bản tự đánh giá không còn chờ thẩm định), giữ nguyên.",
    ]
    assert "đã tạo" in loaded


def test_demo_builds_without_the_demo_users(plan):
    output = run_demo()

    assert output.splitlines()[0] == (
        "Chưa có tài khoản thử (create_demo_users): các bước được ghi không kèm người làm."
    )
    assessment = Assessment.objects.get()
    assert (assessment.state, assessment.submitted_by) == ("submitted", None)
    assert assessment.items.exclude(appraised_score=None).count() == 13
    assert CriteriaSet.objects.get(version=2).status == SetStatus.PUBLISHED


def test_demo_without_the_plan_is_refused_with_a_clear_message(db):
    with pytest.raises(CommandError) as refused:
        run_demo()

    assert str(refused.value) == (
        "Chưa có kế hoạch tuy-phuoc-2023-2025: hãy chạy “manage.py load_plans” trước."
    )
    assert CriteriaSet.objects.count() == 0
