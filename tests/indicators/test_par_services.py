"""The unit's writes on its PAR Index self-assessment (indicators/par/services.py and
unit_services.py), called directly: start, save, suggestions accepted, evidence, submit, lock,
clarification answers, the mapping to the plan's tasks. `make_world` builds the data the page
and export tests use too."""

from __future__ import annotations

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from indicators.par.appraisal import appraise, return_for_clarification
from indicators.par.models import (
    Assessment,
    AssessmentState,
    CriteriaSet,
    Criterion,
    Evidence,
    EvidenceKind,
)
from indicators.par.services import (
    ItemErrors,
    accept_suggestions,
    add_evidence_file,
    add_evidence_link,
    remove_evidence,
    save_self_scores,
    start_assessment,
    submit,
)
from indicators.par.unit_services import NOT_IN_PLAN, save_task_mapping
from plans.access import GROUP_LEADER, GROUP_OFFICE, GROUP_PROVINCE
from plans.models import ReformArea
from tasks.services import StaleVersionError
from tests.factories import (
    AgencyFactory,
    PlanAreaFactory,
    PlanFactory,
    ProgressReportFactory,
    ProvinceFactory,
    TaskAssignmentFactory,
    TaskFactory,
    UnitFactory,
    make_user,
)

pytestmark = pytest.mark.django_db

YEAR = 2022
ON_TIME = datetime.date(2022, 6, 15)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"


def make_world(leaves: int = 5, leaf_area: bool = False) -> SimpleNamespace:
    """A province with districts A and B; A's 2022 plan with one task per criterion 1.1 … 1.n
    (each done on time, reported by its lead agency: the suggestion is the maximum); a
    published district set: area 1 (n yes/no criteria of 1 point), area 2 (2.1 percent of 2,
    2.2 steps 1; 0,5; 0, 2.3 deductions of 0,5 from 1, 2.4 survey of 2), with `leaf_area` an
    area 3 scored by itself (yes/no of 1); one user per role."""
    province = ProvinceFactory()
    district = UnitFactory(slug="huyen-a", name="A", parent=province)
    other = UnitFactory(slug="huyen-b", name="B", parent=province)
    the_che = ReformArea.objects.get(code="the-che")
    plan = PlanFactory(unit=district, slug="huyen-a-2022", start_year=YEAR, end_year=YEAR)
    plan_area = PlanAreaFactory(
        plan=plan, numeral="I", reform_area=the_che, target_points=Decimal("9.5")
    )
    lead = AgencyFactory(unit=district, name="Phòng Nội vụ")
    criteria_set = CriteriaSet.objects.create(
        province=province,
        year=YEAR,
        level="district",
        title="Bộ chỉ số CCHC cấp huyện năm 2022",
        source="Quyết định số 12/QĐ-UBND ngày 10/01/2022",
        grade_bands="Tốt: 80; Khá: 65; Trung bình: 50; Yếu: 0",
    )
    order = iter(range(1, 1000))
    area1 = Criterion.objects.create(
        criteria_set=criteria_set,
        code="1",
        title="Công tác chỉ đạo, điều hành CCHC",
        level="area",
        rule="sum",
        order=next(order),
        reform_area=the_che,
    )
    tasks, reports = [], []
    for number in range(1, leaves + 1):
        code = f"1.{number}"
        Criterion.objects.create(
            criteria_set=criteria_set,
            parent=area1,
            code=code,
            title=f"Tiêu chí {code}",
            level="criterion",
            rule="yes_no",
            max_score=1,
            order=next(order),
            target=f"Chỉ tiêu {code}",
            evidence_expected="Báo cáo, kế hoạch",
        )
        task = TaskFactory(area=plan_area, code=code, title=f"Nhiệm vụ {code}")
        TaskAssignmentFactory(task=task, agency=lead)
        reports.append(
            ProgressReportFactory(
                task=task,
                agency=lead,
                year=YEAR,
                quarter=2,
                status="done",
                percent=100,
                completion_date=ON_TIME,
                review_state="accepted",
            )
        )
        tasks.append(task)
    area2 = Criterion.objects.create(
        criteria_set=criteria_set,
        code="2",
        title="Cải cách thủ tục hành chính",
        level="area",
        rule="sum",
        order=next(order),
    )
    specs = [
        ("2.1", "percent", 2, "", None),
        ("2.2", "steps", 1, "1; 0,5; 0", None),
        ("2.3", "deduction", 1, "", Decimal("0.5")),
        ("2.4", "survey", 2, "", None),
    ]
    for code, rule, maximum, steps, deduction in specs:
        Criterion.objects.create(
            criteria_set=criteria_set,
            parent=area2,
            code=code,
            title=f"Tiêu chí {code}",
            level="criterion",
            rule=rule,
            max_score=maximum,
            steps=steps,
            deduction=deduction,
            order=next(order),
        )
    if leaf_area:
        Criterion.objects.create(
            criteria_set=criteria_set,
            code="3",
            title="Xây dựng chính quyền số",
            level="area",
            rule="yes_no",
            max_score=1,
            order=next(order),
        )
    CriteriaSet.objects.filter(pk=criteria_set.pk).update(
        status="published", published_at=timezone.now()
    )
    criteria_set.refresh_from_db()
    return SimpleNamespace(
        province=province,
        district=district,
        other=other,
        plan=plan,
        plan_area=plan_area,
        lead=lead,
        tasks=tasks,
        reports=reports,
        set=criteria_set,
        staff=make_user("a-noivu", group=GROUP_OFFICE, unit=district),
        leader=make_user("a-lanhdao", group=GROUP_LEADER, unit=district),
        province_staff=make_user("mau-sonoivu", group=GROUP_PROVINCE, unit=province),
        outsider=make_user("b-noivu", group=GROUP_OFFICE, unit=other),
    )


def items_by_code(assessment: Assessment) -> dict:
    return {item.criterion.code: item for item in assessment.items.select_related("criterion")}


def fresh(assessment: Assessment) -> Assessment:
    return Assessment.objects.select_related("criteria_set").get(pk=assessment.pk)


def score_everything(world, assessment: Assessment) -> Assessment:
    """Every criterion but the survey one scored (the yes/no ones by the suggestions)."""
    accept_suggestions(world.staff, assessment, assessment.version)
    items = items_by_code(assessment)
    save_self_scores(
        world.staff,
        assessment,
        assessment.version,
        {
            items["2.1"].pk: {"measured_percent": "50"},
            items["2.2"].pk: {"self_score": "0,5"},
            items["2.3"].pk: {"deductions": "1"},
        },
    )
    return fresh(assessment)


@pytest.fixture
def world():
    return make_world()


@pytest.fixture
def assessment(world):
    return start_assessment(world.staff, world.set, world.district)


def test_start_maps_the_plan_tasks_by_code_suggests_and_links_their_reports(world, assessment):
    items = items_by_code(assessment)
    assert sorted(items) == ["1.1", "1.2", "1.3", "1.4", "1.5", "2.1", "2.2", "2.3", "2.4"]
    first = items["1.1"]
    assert [t.pk for t in first.tasks.all()] == [world.tasks[0].pk]
    assert first.suggested_score == Decimal("1.00")
    assert first.suggestion_note == "1/1 nhiệm vụ hoàn thành, 1/1 đúng hạn."
    assert first.self_score is None
    assert [(e.kind, e.report_id) for e in first.evidence.all()] == [
        (EvidenceKind.REPORT, world.reports[0].pk)
    ]
    assert items["2.2"].suggestion_note == "Chưa gắn nhiệm vụ hoặc chỉ tiêu của kế hoạch."
    assert assessment.plan == world.plan


def test_start_refuses_a_second_assessment_of_the_same_year(world, assessment):
    with pytest.raises(ValidationError) as caught:
        start_assessment(world.staff, world.set, world.district)
    assert caught.value.messages == [
        "Đơn vị đã có bản tự đánh giá năm 2022; hãy mở bản đó để tiếp tục."
    ]


def test_save_refuses_a_wrong_score_and_saves_none_of_the_area(world, assessment):
    items = items_by_code(assessment)
    with pytest.raises(ItemErrors) as caught:
        save_self_scores(
            world.staff,
            assessment,
            assessment.version,
            {
                items["1.1"].pk: {"self_score": "1", "explanation": "Đã ban hành kế hoạch"},
                items["1.2"].pk: {"self_score": "0,5"},
            },
        )
    assert caught.value.by_item == {
        items["1.2"].pk: {
            "self_score": ["Tiêu chí 1.2 chấm đạt / không đạt: chỉ nhận 1 hoặc 0 điểm."]
        }
    }
    again = items_by_code(assessment)
    assert (again["1.1"].self_score, again["1.1"].explanation) == (None, "")
    assert fresh(assessment).version == 1


def test_save_with_a_stale_version_changes_nothing(world, assessment):
    items = items_by_code(assessment)
    save_self_scores(world.staff, assessment, 1, {items["1.1"].pk: {"self_score": "1"}})
    with pytest.raises(StaleVersionError):
        save_self_scores(world.staff, fresh(assessment), 1, {items["1.2"].pk: {"self_score": "0"}})
    again = items_by_code(assessment)
    assert (again["1.1"].self_score, again["1.2"].self_score) == (Decimal("1.00"), None)
    assert fresh(assessment).version == 2


def test_percent_and_deduction_scores_come_from_the_measure(world, assessment):
    items = items_by_code(assessment)
    save_self_scores(
        world.staff,
        assessment,
        1,
        {items["2.1"].pk: {"measured_percent": "75"}, items["2.3"].pk: {"deductions": "1"}},
    )
    again = items_by_code(assessment)
    assert (again["2.1"].self_score, again["2.1"].measured_percent) == (
        Decimal("1.50"),
        Decimal("75.00"),
    )
    assert (again["2.3"].self_score, again["2.3"].deductions) == (Decimal("0.50"), 1)


def test_accept_suggestions_fills_only_the_unscored_criteria(world, assessment):
    items = items_by_code(assessment)
    save_self_scores(world.staff, assessment, 1, {items["1.1"].pk: {"self_score": "0"}})
    taken = accept_suggestions(world.staff, fresh(assessment), 2)
    assert taken == 4
    scores = {code: item.self_score for code, item in items_by_code(assessment).items()}
    assert scores == {
        "1.1": Decimal("0.00"),
        "1.2": Decimal("1.00"),
        "1.3": Decimal("1.00"),
        "1.4": Decimal("1.00"),
        "1.5": Decimal("1.00"),
        "2.1": None,
        "2.2": None,
        "2.3": None,
        "2.4": None,
    }


def test_evidence_file_is_checked_by_content(
    world, assessment, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    item = items_by_code(assessment)["2.1"]
    fake = SimpleUploadedFile("ke-hoach.pdf", EXE, content_type="application/pdf")
    with pytest.raises(ValidationError) as caught:
        add_evidence_file(world.staff, item, fake, "")
    assert caught.value.message_dict == {
        "file": [
            "Nội dung tệp không đúng với định dạng .pdf: tệp có thể bị hỏng hoặc bị đổi tên. "
            "Vui lòng chọn đúng tệp."
        ]
    }
    pdf = SimpleUploadedFile("ke-hoach.pdf", PDF, content_type="application/pdf")
    evidence = add_evidence_file(world.staff, item, pdf, "Kế hoạch CCHC 2022")
    assert (evidence.kind, evidence.title) == (EvidenceKind.FILE, "Kế hoạch CCHC 2022")
    with evidence.file.open("rb") as stored:
        assert stored.read() == PDF
    path = tmp_path / evidence.file.name
    with django_capture_on_commit_callbacks(execute=True):
        remove_evidence(world.staff, evidence)
    assert not Evidence.objects.filter(pk=evidence.pk).exists()
    assert not path.exists()  # the file goes once the row's removal is committed


def test_evidence_link_refuses_a_report_of_another_plan(world, assessment):
    item = items_by_code(assessment)["2.1"]
    elsewhere = ProgressReportFactory(task__area__plan__unit=world.other, year=YEAR)
    with pytest.raises(ValidationError) as caught:
        add_evidence_link(world.staff, item, report_id=elsewhere.pk)
    assert caught.value.messages == [
        "Không tìm thấy báo cáo tiến độ này trong kế hoạch của đơn vị."
    ]
    linked = add_evidence_link(world.staff, item, task_id=world.tasks[1].pk)
    assert (linked.kind, linked.task_id) == (EvidenceKind.TASK, world.tasks[1].pk)


def test_submit_refuses_while_criteria_are_unscored_naming_them(world, assessment):
    accept_suggestions(world.staff, assessment, 1)
    with pytest.raises(ValidationError) as caught:
        submit(world.staff, fresh(assessment), 2)
    assert caught.value.messages == ["Chưa chấm điểm 3 tiêu chí: 2.1, 2.2, 2.3"]
    assert fresh(assessment).state == AssessmentState.DRAFT


def test_submit_locks_the_assessment(world, assessment):
    assessment = score_everything(world, assessment)
    submit(world.staff, assessment, assessment.version)
    locked = fresh(assessment)
    assert (locked.state, locked.submitted_by) == (AssessmentState.SUBMITTED, world.staff)
    item = items_by_code(locked)["1.1"]
    with pytest.raises(ValidationError) as caught:
        save_self_scores(world.staff, locked, locked.version, {item.pk: {"self_score": "0"}})
    assert caught.value.messages == ["Bản tự đánh giá đã gửi Sở Nội vụ nên không sửa được."]
    with pytest.raises(ValidationError):
        add_evidence_link(world.staff, item, task_id=world.tasks[0].pk)


def returned(world, assessment) -> Assessment:
    """Submitted, then returned with a question on 1.2 and a general note."""
    assessment = score_everything(world, assessment)
    submit(world.staff, assessment, assessment.version)
    assessment = fresh(assessment)
    item = items_by_code(assessment)["1.2"]
    appraise(
        world.province_staff,
        assessment,
        assessment.version,
        {item.pk: {"appraised_score": "0", "question": "Đề nghị bổ sung kế hoạch đã ban hành."}},
    )
    assessment = fresh(assessment)
    return_for_clarification(
        world.province_staff, assessment, assessment.version, "Bổ sung tài liệu kiểm chứng."
    )
    return fresh(assessment)


def test_returned_round_lets_the_unit_answer_only_the_questioned_criteria(world, assessment):
    assessment = returned(world, assessment)
    items = items_by_code(assessment)
    with pytest.raises(ValidationError) as caught:
        save_self_scores(
            world.staff, assessment, assessment.version, {items["1.1"].pk: {"self_score": "0"}}
        )
    assert caught.value.messages == ["Bản tự đánh giá đã gửi Sở Nội vụ nên không sửa được."]
    with pytest.raises(ValidationError) as caught:
        submit(world.staff, assessment, assessment.version)
    assert caught.value.messages == ["Chưa giải trình các tiêu chí: 1.2."]
    save_self_scores(
        world.staff,
        assessment,
        assessment.version,
        {items["1.2"].pk: {"self_score": "1", "answer": "Kế hoạch số 5/KH-UBND đã ban hành."}},
    )
    assessment = fresh(assessment)
    submit(world.staff, assessment, assessment.version)
    again = fresh(assessment)
    assert (again.state, again.round) == (AssessmentState.SUBMITTED, 1)
    assert items_by_code(again)["1.2"].answer == "Kế hoạch số 5/KH-UBND đã ban hành."


def test_mapping_a_task_recomputes_the_suggestion(world, assessment):
    item = items_by_code(assessment)["2.2"]
    save_task_mapping(world.staff, item, 1, [str(world.tasks[0].pk), str(world.tasks[1].pk)])
    item.refresh_from_db()
    assert sorted(t.pk for t in item.tasks.all()) == [world.tasks[0].pk, world.tasks[1].pk]
    assert (item.suggested_score, item.suggestion_note) == (
        Decimal("1.00"),
        "2/2 nhiệm vụ hoàn thành, 2/2 đúng hạn.",
    )
    assert fresh(assessment).version == 2
    save_task_mapping(world.staff, item, 2, [])
    item.refresh_from_db()
    assert (list(item.tasks.all()), item.suggested_score) == ([], None)


def test_mapping_refuses_a_task_of_another_plan_and_a_stale_form(world, assessment):
    item = items_by_code(assessment)["2.2"]
    foreign = TaskFactory(area__plan__unit=world.other)
    with pytest.raises(ValidationError) as caught:
        save_task_mapping(world.staff, item, 1, [str(foreign.pk)])
    assert caught.value.messages == [NOT_IN_PLAN]
    with pytest.raises(StaleVersionError):
        save_task_mapping(world.staff, item, 7, [str(world.tasks[0].pk)])
    assert list(item.tasks.all()) == []
    assert fresh(assessment).version == 1


def test_mapping_is_refused_once_submitted(world, assessment):
    assessment = score_everything(world, assessment)
    submit(world.staff, assessment, assessment.version)
    assessment = fresh(assessment)
    item = items_by_code(assessment)["2.2"]
    with pytest.raises(ValidationError) as caught:
        save_task_mapping(world.staff, item, assessment.version, [str(world.tasks[0].pk)])
    assert caught.value.messages == ["Bản tự đánh giá đã gửi Sở Nội vụ nên không sửa được."]
