"""The unit's PAR Index pages over HTTP: the home per role, starting, the form (save an
area, accept the suggestions, map tasks, evidence, submit, the clarification round), who may
read and write, and the fixed number of queries whatever the number of criteria."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from indicators.par.appraisal import appraise, finalise, return_for_clarification
from indicators.par.assessment_views import STALE_MESSAGE
from indicators.par.models import (
    Assessment,
    AssessmentState,
    CriteriaSet,
    Criterion,
    Evidence,
    EvidenceKind,
)
from indicators.par.services import accept_suggestions, add_evidence_file, start_assessment, submit
from plans.access import GROUP_AGENCY
from tests.factories import AgencyFactory, ProvinceFactory, UnitFactory, make_user
from tests.indicators.test_par_services import (
    EXE,
    PDF,
    fresh,
    items_by_code,
    make_world,
    score_everything,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return make_world()


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def page(assessment) -> str:
    return reverse("par-assessment", args=[assessment.pk])


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def login(client, user):
    client.force_login(user)
    return client


def start(client, world) -> Assessment:
    response = login(client, world.staff).post(
        reverse("par-start"), {"set": world.set.pk}, follow=True
    )
    assessment = Assessment.objects.get(unit=world.district)
    assert response.redirect_chain == [(page(assessment), 302)]
    assert messages_of(response) == [
        "Đã tạo bản tự đánh giá năm 2022; điểm gợi ý được tính từ kế hoạch, hãy kiểm tra và "
        "xác nhận từng tiêu chí."
    ]
    return assessment


def area_post(assessment, values: dict, version=None) -> dict:
    """The POST of an area's form: `values` maps code → {field: value}."""
    items = items_by_code(assessment)
    data = {"version": version if version is not None else fresh(assessment).version}
    for code, fields in values.items():
        for name, value in fields.items():
            data[f"item-{items[code].pk}-{name}"] = value
    return data


def save_url(assessment, code: str) -> str:
    area = assessment.criteria_set.criteria.get(code=code)
    return reverse("par-assessment-save", args=[assessment.pk, area.pk])


# --- home ------------------------------------------------------------------------------------


def test_home_offers_the_office_the_published_set_then_lists_its_assessment(client, world):
    login(client, world.staff)
    response = client.get(reverse("par-home"))
    assert response.status_code == 200
    assert [s.pk for s in response.context["startable"]] == [world.set.pk]
    assert "Bắt đầu tự đánh giá năm 2022" in response.content.decode()
    start(client, world)
    response = client.get(reverse("par-home"))
    assert response.context["startable"] == []
    [row] = response.context["rows"]
    assert (row.assessment.unit, row.text, row.missing) == (
        world.district,
        {"maximum": "11", "self_score": "0", "appraised": ""},
        8,
    )


def test_home_lets_the_leader_read_without_starting(client, world):
    start_assessment(world.staff, world.set, world.district)
    response = login(client, world.leader).get(reverse("par-home"))
    assert response.status_code == 200
    assert len(response.context["rows"]) == 1
    assert response.context["subject"] is None
    assert "Bắt đầu tự đánh giá" not in response.content.decode()
    refused = client.post(reverse("par-start"), {"set": world.set.pk})
    assert refused.status_code == 403


def test_home_shows_the_province_its_sets_and_assessments(client, world):
    assessment = start_assessment(world.staff, world.set, world.district)
    response = login(client, world.province_staff).get(reverse("par-home"))
    assert response.status_code == 200
    [group] = response.context["groups"]
    assert group.province == world.province
    assert [s.pk for s in group.sets] == [world.set.pk]
    assert [r.assessment.pk for r in group.rows] == [assessment.pk]
    assert page(assessment) in response.content.decode()


def test_home_shows_a_superuser_everything_by_province(client, world, django_user_model):
    assessment = start_assessment(world.staff, world.set, world.district)
    other = ProvinceFactory(slug="tinh-khac", name="Khác")
    other_set = CriteriaSet.objects.create(
        province=other, year=2022, level="commune", title="Bộ chỉ số cấp xã"
    )
    admin = django_user_model.objects.create_superuser("quan-tri", "qt@example.test", "x")
    response = login(client, admin).get(reverse("par-home"))
    groups = [
        (g.province, [s.pk for s in g.sets], [r.assessment.pk for r in g.rows])
        for g in response.context["groups"]
    ]
    assert groups == [
        (other, [other_set.pk], []),
        (world.province, [world.set.pk], [assessment.pk]),
    ]


def test_home_of_another_district_lists_none_of_district_a_but_offers_its_own(client, world):
    start_assessment(world.staff, world.set, world.district)
    response = login(client, world.outsider).get(reverse("par-home"))
    assert response.context["rows"] == []
    assert [s.pk for s in response.context["startable"]] == [world.set.pk]


def test_home_refuses_a_district_agency_head(client, world):
    head = make_user("a-phong-noi-vu", group=GROUP_AGENCY, agency=world.lead)
    assert login(client, head).get(reverse("par-home")).status_code == 403


def test_start_of_a_draft_set_answers_404(client, world):
    CriteriaSet.objects.filter(pk=world.set.pk).update(status="draft")
    response = login(client, world.staff).post(reverse("par-start"), {"set": world.set.pk})
    assert response.status_code == 404
    assert not Assessment.objects.exists()


# --- who may read and write ------------------------------------------------------------------


def post_urls(assessment, evidence) -> list[str]:
    item = evidence.item
    area = assessment.criteria_set.criteria.get(code="1")
    return [
        reverse("par-assessment-save", args=[assessment.pk, area.pk]),
        reverse("par-accept-suggestions", args=[assessment.pk]),
        reverse("par-submit", args=[assessment.pk]),
        reverse("par-mapping-save", args=[item.pk]),
        reverse("par-evidence-add", args=[item.pk]),
        reverse("par-evidence-remove", args=[evidence.pk]),
    ]


def test_leader_and_province_read_but_every_post_of_theirs_is_refused(client, world):
    assessment = start_assessment(world.staff, world.set, world.district)
    evidence = Evidence.objects.filter(item__assessment=assessment).first()
    for reader in (world.leader, world.province_staff):
        login(client, reader)
        response = client.get(page(assessment))
        assert response.status_code == 200
        assert "Bạn chỉ được xem bản tự đánh giá này." in response.content.decode()
        assert 'name="version"' not in response.content.decode()
        for url in post_urls(assessment, evidence):
            assert client.post(url, {"version": 1, "confirm": "1"}).status_code == 403, url
    assert fresh(assessment).version == 1
    assert Evidence.objects.filter(pk=evidence.pk).exists()


def test_another_unit_gets_404_everywhere(client, world):
    assessment = start_assessment(world.staff, world.set, world.district)
    evidence = Evidence.objects.filter(item__assessment=assessment).first()
    login(client, world.outsider)
    assert client.get(page(assessment)).status_code == 404
    assert client.get(reverse("par-assessment-xlsx", args=[assessment.pk])).status_code == 404
    assert client.get(reverse("par-evidence-download", args=[evidence.pk])).status_code == 404
    for url in post_urls(assessment, evidence):
        assert client.post(url, {"version": 1}).status_code == 404, url


# --- the whole flow ----------------------------------------------------------------------------


def test_the_unit_fills_in_and_submits_through_the_pages(client, world):
    assessment = start(client, world)
    response = client.get(page(assessment))
    text = response.content.decode()
    assert "<strong>1 điểm</strong> — 1/1 nhiệm vụ hoàn thành, 1/1 đúng hạn." in text
    assert "Báo cáo tiến độ quý 2/2022 của Phòng Nội vụ (nhiệm vụ 1.1)" in text
    [first_area, _second] = response.context["blocks"]
    assert (first_area.text.suggested, first_area.target_points) == ("5", "9,5")

    response = client.post(
        reverse("par-accept-suggestions", args=[assessment.pk]), {"version": 1}, follow=True
    )
    assert messages_of(response) == ["Đã dùng điểm gợi ý cho 5 tiêu chí chưa chấm."]
    assert response.context["total"].self_score == "5"

    bad = area_post(
        assessment,
        {
            "2.1": {"measured_percent": "50", "explanation": "Đạt một nửa"},
            "2.2": {"self_score": "0,7", "explanation": "x"},
            "2.3": {"deductions": "1"},
            "2.4": {"explanation": "Chờ kết quả điều tra"},
        },
    )
    response = client.post(save_url(assessment, "2"), bad)
    assert response.status_code == 200
    assert messages_of(response) == [
        "Chưa lưu lĩnh vực 2: 1 tiêu chí có lỗi, xem ở từng tiêu chí bên dưới."
    ]
    item22 = items_by_code(assessment)["2.2"]
    form = next(
        leaf.form
        for _row, leaf, _t in response.context["blocks"][1].lines
        if leaf and leaf.item.pk == item22.pk
    )
    assert form.errors == {
        "self_score": ["Tiêu chí 2.2 chấm theo mức: chỉ nhận một trong các mức 1, 0,5, 0."]
    }
    assert f'id="id_item-{item22.pk}-self_score_error"' in response.content.decode()
    assert items_by_code(assessment)["2.1"].self_score is None  # nothing saved
    assert fresh(assessment).version == 2

    good = dict(bad, **{f"item-{item22.pk}-self_score": "0,5"})
    response = client.post(save_url(assessment, "2"), good, follow=True)
    assert messages_of(response) == ["Đã lưu lĩnh vực 2."]
    items = items_by_code(assessment)
    assert [items[c].self_score for c in ("2.1", "2.2", "2.3", "2.4")] == [
        Decimal("1.00"),
        Decimal("0.50"),
        Decimal("0.50"),
        None,
    ]
    assert items["2.4"].explanation == "Chờ kết quả điều tra"
    text = response.content.decode()
    assert "Điểm đã lưu: <strong>1</strong> (50%)" in text
    assert f'name="item-{items["2.1"].pk}-self_score" value=' not in text  # computed: blank
    assert f'name="item-{items["2.4"].pk}-self_score"' not in text  # survey: the province's

    add = reverse("par-evidence-add", args=[items["2.1"].pk])
    exe = SimpleUploadedFile("bao-cao.pdf", EXE, content_type="application/pdf")
    response = client.post(add, {"file": exe}, follow=True)
    assert messages_of(response) == [
        "Nội dung tệp không đúng với định dạng .pdf: tệp có thể bị hỏng hoặc bị đổi tên. "
        "Vui lòng chọn đúng tệp."
    ]
    assert not items["2.1"].evidence.exists()
    pdf = SimpleUploadedFile("bao-cao.pdf", PDF, content_type="application/pdf")
    response = client.post(add, {"file": pdf, "title": "Báo cáo kiểm soát TTHC"}, follow=True)
    assert messages_of(response) == [
        "Đã thêm tài liệu kiểm chứng “Báo cáo kiểm soát TTHC” cho tiêu chí 2.1."
    ]
    [evidence] = items["2.1"].evidence.all()
    download = reverse("par-evidence-download", args=[evidence.pk])
    login(client, world.province_staff)
    response = client.get(download)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    login(client, world.outsider)
    assert client.get(download).status_code == 404

    login(client, world.staff)
    report = world.reports[2]
    response = client.post(
        reverse("par-evidence-add", args=[items["2.2"].pk]), {"report": report.pk}, follow=True
    )
    linked = items["2.2"].evidence.get()
    assert (linked.kind, linked.report_id) == (EvidenceKind.REPORT, report.pk)
    report_link = client.get(reverse("par-evidence-download", args=[linked.pk]))
    assert report_link["Location"] == reverse("task-detail", args=[report.task_id])

    submit_url = reverse("par-submit", args=[assessment.pk])
    response = client.post(submit_url, {"version": fresh(assessment).version}, follow=True)
    assert messages_of(response) == [
        "Hãy đánh dấu ô xác nhận trước khi gửi: bản đã gửi không sửa được nữa."
    ]
    response = client.post(
        submit_url, {"version": fresh(assessment).version, "confirm": "1"}, follow=True
    )
    assert messages_of(response) == [
        "Đã gửi bản tự đánh giá tới Sở Nội vụ; bản đã gửi không sửa được nữa."
    ]
    assert fresh(assessment).state == AssessmentState.SUBMITTED
    assert "Bản tự đánh giá đã khóa, không sửa được nữa." in response.content.decode()
    assert 'name="version"' not in response.content.decode()

    version = fresh(assessment).version
    response = client.post(
        save_url(assessment, "1"), area_post(assessment, {"1.1": {"self_score": "0"}}), follow=True
    )
    assert messages_of(response) == ["Lĩnh vực này không có tiêu chí nào được sửa."]
    response = client.post(add, {"task": world.tasks[0].pk}, follow=True)
    assert messages_of(response) == ["Bản tự đánh giá đã gửi Sở Nội vụ nên không sửa được."]
    assert items_by_code(assessment)["1.1"].self_score == Decimal("1.00")
    assert fresh(assessment).version == version


def test_an_area_scored_by_itself_is_filled_in_like_a_criterion(client):
    world = make_world(1, leaf_area=True)
    assessment = start(client, world)
    item = items_by_code(assessment)["3"]
    response = client.get(page(assessment))
    assert f'name="item-{item.pk}-self_score"' in response.content.decode()
    response = client.post(
        save_url(assessment, "3"), area_post(assessment, {"3": {"self_score": "1"}}), follow=True
    )
    assert messages_of(response) == ["Đã lưu lĩnh vực 3."]
    assert response.context["blocks"][2].text.self_score == "1"


def test_submit_with_a_missing_score_is_refused_listing_the_codes(client, world):
    assessment = start(client, world)
    response = client.post(
        reverse("par-submit", args=[assessment.pk]), {"version": 1, "confirm": "1"}, follow=True
    )
    assert messages_of(response) == [
        "Chưa gửi được. Chưa chấm điểm 8 tiêu chí: 1.1, 1.2, 1.3, 1.4, 1.5, 2.1, 2.2, 2.3"
    ]
    assert fresh(assessment).state == AssessmentState.DRAFT


def test_a_stale_form_shows_the_message_and_the_fresh_page(client, world):
    assessment = start(client, world)
    data = area_post(assessment, {"1.1": {"self_score": "1"}}, version=1)
    accept_suggestions(world.staff, fresh(assessment), 1)  # someone else, meanwhile
    response = client.post(save_url(assessment, "1"), data, follow=True)
    assert messages_of(response) == [STALE_MESSAGE]
    assert STALE_MESSAGE.startswith("Bản tự đánh giá vừa được người khác sửa")
    assert response.context["assessment"].version == 2


def test_mapping_a_task_through_the_page_refreshes_the_suggestion(client, world):
    assessment = start(client, world)
    item = items_by_code(assessment)["2.2"]
    response = client.post(
        reverse("par-mapping-save", args=[item.pk]),
        {"version": 1, "tasks": [world.tasks[0].pk]},
        follow=True,
    )
    assert messages_of(response) == [
        "Đã lưu nhiệm vụ và chỉ tiêu tương ứng của tiêu chí 2.2; điểm gợi ý đã được tính lại."
    ]
    item.refresh_from_db()
    assert (item.suggested_score, [t.pk for t in item.tasks.all()]) == (
        Decimal("1.00"),
        [world.tasks[0].pk],
    )


def test_returned_round_shows_the_questions_and_takes_the_answers(client, world):
    assessment = score_everything(world, start_assessment(world.staff, world.set, world.district))
    login(client, world.staff)
    client.post(
        reverse("par-submit", args=[assessment.pk]),
        {"version": assessment.version, "confirm": "1"},
    )
    assessment = fresh(assessment)
    items = items_by_code(assessment)
    appraise(
        world.province_staff,
        assessment,
        assessment.version,
        {items["1.2"].pk: {"appraised_score": "0", "question": "Đề nghị bổ sung kế hoạch."}},
    )
    assessment = fresh(assessment)
    return_for_clarification(
        world.province_staff, assessment, assessment.version, "Bổ sung tài liệu kiểm chứng."
    )
    response = client.get(page(assessment))
    text = response.content.decode()
    assert "Sở Nội vụ đề nghị giải trình (lần 1)." in text
    assert "Bổ sung tài liệu kiểm chứng." in text
    assert "Đề nghị bổ sung kế hoạch." in text
    editable = [
        leaf.item.criterion.code
        for block in response.context["blocks"]
        for _row, leaf, _t in block.lines
        if leaf and leaf.editable
    ]
    assert editable == ["1.2"]
    assert f'name="item-{items["1.2"].pk}-answer"' in text
    assert f'name="item-{items["1.1"].pk}-self_score"' not in text
    assert "Điểm thẩm định" not in text  # hidden from the unit until the ranking is out
    assert "Theo mức điểm: 1; 0,5; 0" in text
    assert "Trừ điểm theo số lần vi phạm: trừ 0,5 điểm mỗi lần" in text

    submit_url = reverse("par-submit", args=[assessment.pk])
    response = client.post(submit_url, {"version": assessment.version, "confirm": "1"}, follow=True)
    assert messages_of(response) == ["Chưa gửi được. Chưa giải trình các tiêu chí: 1.2."]
    data = area_post(
        assessment, {"1.2": {"self_score": "1", "answer": "Kế hoạch số 5/KH-UBND đã ban hành."}}
    )
    response = client.post(save_url(assessment, "1"), data, follow=True)
    assert messages_of(response) == ["Đã lưu lĩnh vực 1."]
    response = client.post(
        submit_url, {"version": fresh(assessment).version, "confirm": "1"}, follow=True
    )
    assert messages_of(response) == ["Đã gửi giải trình tới Sở Nội vụ."]
    again = fresh(assessment)
    assert (again.state, items_by_code(again)["1.2"].answer) == (
        AssessmentState.SUBMITTED,
        "Kế hoạch số 5/KH-UBND đã ban hành.",
    )


def test_appraised_scores_show_to_the_unit_only_once_the_ranking_is_published(client, world):
    assessment = score_everything(world, start_assessment(world.staff, world.set, world.district))
    submit(world.staff, assessment, assessment.version)
    assessment = fresh(assessment)
    entries = {
        item.pk: {"appraised_score": str(item.self_score or "2"), "appraisal_comment": "Đạt"}
        for item in assessment.items.select_related("criterion")
    }
    items = items_by_code(assessment)
    entries[items["1.1"].pk] = {"appraised_score": "0", "appraisal_comment": "Thiếu quyết định"}
    appraise(world.province_staff, assessment, assessment.version, entries)
    assessment = fresh(assessment)
    finalise(world.province_staff, assessment, assessment.version, "Đạt yêu cầu")
    login(client, world.staff)
    text = client.get(page(assessment)).content.decode()
    assert "Thiếu quyết định" not in text
    assert "<dt>Điểm thẩm định</dt>" not in text
    assert "Điểm thẩm định được công khai khi Sở Nội vụ công bố kết quả." in text
    login(client, world.province_staff)
    assert "Thiếu quyết định" in client.get(page(assessment)).content.decode()
    CriteriaSet.objects.filter(pk=world.set.pk).update(ranking_published_at=timezone.now())
    login(client, world.staff)
    response = client.get(page(assessment))
    assert "Thiếu quyết định" in response.content.decode()
    assert "Kết luận: Đạt yêu cầu" in response.content.decode()
    assert response.context["total"].appraised == "8"  # 0 + 4 × 1 + 1 + 0,5 + 0,5 + 2


# --- queries -----------------------------------------------------------------------------------


def heavy(size: int):
    """`size` yes/no criteria, each with a mapped task, a linked report and a file."""
    world = make_world(size)
    assessment = start_assessment(world.staff, world.set, world.district)
    for item in assessment.items.select_related("criterion"):
        upload = SimpleUploadedFile("tep.pdf", PDF, content_type="application/pdf")
        add_evidence_file(world.staff, item, upload, f"Tệp {item.criterion.code}")
    return world, assessment


@pytest.mark.parametrize("size", [5, 60])
def test_pages_run_a_fixed_number_of_queries(client, django_assert_max_num_queries, size):
    world, assessment = heavy(size)
    assert Evidence.objects.filter(item__assessment=assessment).count() == 2 * size + 4
    login(client, world.staff)
    with django_assert_max_num_queries(20):
        assert client.get(page(assessment)).status_code == 200
    with django_assert_max_num_queries(9):
        assert client.get(reverse("par-home")).status_code == 200
    with django_assert_max_num_queries(18):
        response = client.get(reverse("par-assessment-xlsx", args=[assessment.pk]))
        assert response.status_code == 200
    login(client, world.province_staff)
    with django_assert_max_num_queries(9):
        assert client.get(reverse("par-home")).status_code == 200


@pytest.mark.parametrize("extra", [0, 4])
def test_province_home_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries, extra):
    world = make_world(3)
    start_assessment(world.staff, world.set, world.district)
    for number in range(extra):
        district = UnitFactory(slug=f"huyen-x{number}", name=f"X{number}", parent=world.province)
        start_assessment(world.staff, world.set, district)
        CriteriaSet.objects.create(
            province=world.province, year=2023 + number, level="commune", title=f"Bộ {number}"
        )
    login(client, world.province_staff)
    with django_assert_max_num_queries(9):
        response = client.get(reverse("par-home"))
    [group] = response.context["groups"]
    assert (len(group.sets), len(group.rows)) == (1 + extra, 1 + extra)


def test_a_province_department_head_starts_the_department_assessment(client, world):
    department = AgencyFactory(unit=world.province, name="Sở Tư pháp")
    head = make_user("so-tu-phap", group=GROUP_AGENCY, agency=department)
    criteria_set = CriteriaSet.objects.create(
        province=world.province, year=2022, level="department", title="Bộ chỉ số cấp sở"
    )
    Criterion.objects.create(
        criteria_set=criteria_set, code="1", title="Lĩnh vực", level="area", rule="sum", order=1
    )
    Criterion.objects.create(
        criteria_set=criteria_set,
        parent=criteria_set.criteria.get(code="1"),
        code="1.1",
        title="Tiêu chí",
        level="criterion",
        rule="yes_no",
        max_score=1,
        order=2,
    )
    CriteriaSet.objects.filter(pk=criteria_set.pk).update(status="published")
    login(client, head)
    response = client.get(reverse("par-home"))
    assert [s.pk for s in response.context["startable"]] == [criteria_set.pk]
    response = client.post(reverse("par-start"), {"set": criteria_set.pk}, follow=True)
    assessment = Assessment.objects.get(agency=department)
    assert response.redirect_chain == [(page(assessment), 302)]
    assert (assessment.unit, assessment.plan) == (world.province, None)
    assert "Sở Tư pháp" in response.content.decode()
    login(client, world.staff)
    assert client.get(page(assessment)).status_code == 404
