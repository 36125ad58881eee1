"""The province's appraisal pages (indicators/par/appraisal_views.py): who may open them, the
saved scores, the refusals that save nothing, a clarification round and finalising (the page's
query counts are in test_par_results).

The world: province "Mẫu" with district "Mẫu Một" (its Interior Office staff and leader) and a
criteria set for 2025: area 1 (1.1 yes/no, max 1; 1.2 steps 2; 1; 0, max 2), area 2 (2.1 percent,
max 3; 2.2 survey, max 4) — maximum 10. The district self-scores 1 + 1 + 1,5 (50%) and submits.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from indicators.par import services
from indicators.par.models import (
    Assessment,
    AssessmentItem,
    AssessmentState,
    CriteriaSet,
    Criterion,
    SetStatus,
)
from plans.access import GROUP_LEADER, GROUP_OFFICE, GROUP_PROVINCE
from tests.factories import ProvinceFactory, UnitFactory, make_user

pytestmark = pytest.mark.django_db

YEAR = 2025
BANDS = "Tốt: 80; Khá: 65; Trung bình: 50; Yếu: 0"
DEFAULT_AREAS = [
    [
        {"rule": "yes_no", "max_score": "1"},
        {"rule": "steps", "max_score": "2", "steps": "2; 1; 0"},
    ],
    [{"rule": "percent", "max_score": "3"}, {"rule": "survey", "max_score": "4"}],
]


def make_set(province, areas=None, *, level="district", grade_bands=BANDS) -> CriteriaSet:
    """A published set: one area per entry of `areas`, each a list of its leaves' fields."""
    criteria_set = CriteriaSet.objects.create(
        province=province,
        year=YEAR,
        level=level,
        title=f"Bộ tiêu chí Chỉ số CCHC năm {YEAR}",
        grade_bands=grade_bands,
    )
    order = 0
    for number, leaves in enumerate(areas or DEFAULT_AREAS, start=1):
        order += 1
        area = Criterion.objects.create(
            criteria_set=criteria_set,
            code=str(number),
            title=f"Lĩnh vực số {number}",
            level="area",
            order=order,
            rule="sum",
        )
        for index, fields in enumerate(leaves, start=1):
            order += 1
            Criterion.objects.create(
                criteria_set=criteria_set,
                parent=area,
                code=f"{number}.{index}",
                title=f"Tiêu chí {number}.{index}",
                level="criterion",
                order=order,
                **{"max_score": Decimal(fields["max_score"])}
                | {k: v for k, v in fields.items() if k != "max_score"},
            )
    CriteriaSet.objects.filter(pk=criteria_set.pk).update(status=SetStatus.PUBLISHED)
    criteria_set.refresh_from_db()
    return criteria_set


def items_by_code(assessment) -> dict[str, AssessmentItem]:
    return {
        item.criterion.code: item
        for item in AssessmentItem.objects.filter(assessment=assessment).select_related("criterion")
    }


def submitted(criteria_set, unit, staff, scores: dict[str, dict] | None = None) -> Assessment:
    """The unit's assessment with `scores` (code → entry; default: every criterion but the
    survey ones at its maximum) saved and submitted."""
    assessment = services.start_assessment(staff, criteria_set, unit)
    items = items_by_code(assessment)
    if scores is None:
        scores = {
            code: {"self_score": str(item.criterion.max_score)}
            for code, item in items.items()
            if item.criterion.rule != "survey"
        }
    services.save_self_scores(
        staff,
        assessment,
        assessment.version,
        {items[code].pk: entry for code, entry in scores.items()},
    )
    assessment.refresh_from_db()
    services.submit(staff, assessment, assessment.version)
    assessment.refresh_from_db()
    return assessment


SELF_SCORES = {
    "1.1": {"self_score": "1"},
    "1.2": {"self_score": "1"},
    "2.1": {"measured_percent": "50"},
}


@pytest.fixture
def world():
    province = ProvinceFactory()
    district = UnitFactory(name="Mẫu Một", slug="huyen-mau-mot", parent=province)
    staff = make_user("mot-noivu", group=GROUP_OFFICE, unit=district)
    criteria_set = make_set(province)
    return {
        "province": province,
        "district": district,
        "set": criteria_set,
        "staff": staff,
        "leader": make_user("mot-lanhdao", group=GROUP_LEADER, unit=district),
        "appraiser": make_user("mau-sonoivu", group=GROUP_PROVINCE, unit=province),
        "assessment": submitted(criteria_set, district, staff, SELF_SCORES),
    }


def form(assessment, values: dict[str, dict] | None = None, **extra) -> dict:
    """The appraisal form as the page posts it: every leaf's three fields (empty unless given
    in `values`, code → {field: text}) and the version."""
    data = {"version": str(assessment.version), **extra}
    for code, item in items_by_code(assessment).items():
        given = (values or {}).get(code, {})
        for name in ("appraised_score", "appraisal_comment", "question"):
            data[f"{name}-{item.pk}"] = given.get(name, "")
    return data


ALL_SCORED = {
    "1.1": {"appraised_score": "1"},
    "1.2": {"appraised_score": "1"},
    "2.1": {"appraised_score": "1,5"},
    "2.2": {"appraised_score": "3,5"},
}


def score_input(item, value: str) -> str:
    """The start of a criterion's appraised-score input holding `value`."""
    return f'name="appraised_score-{item.pk}" id="id_appraised_score-{item.pk}" value="{value}"'


def nothing_appraised(assessment) -> bool:
    return set(assessment.items.values_list("appraised_score", flat=True)) == {None}


def appraise_url(assessment, name="par-appraise"):
    return reverse(name, args=[assessment.pk])


# --- who may open the appraisal -----------------------------------------------------------


def test_appraise_page_is_not_found_for_another_provinces_appraiser(client, world):
    other = ProvinceFactory(slug="tinh-khac", name="Khác")
    client.force_login(make_user("khac-sonoivu", group=GROUP_PROVINCE, unit=other))

    response = client.get(appraise_url(world["assessment"]))

    assert response.status_code == 404


@pytest.mark.parametrize("role", ["staff", "leader"])
def test_appraise_page_is_not_found_for_the_units_own_users(client, world, role):
    client.force_login(world[role])

    get = client.get(appraise_url(world["assessment"]))
    post = client.post(appraise_url(world["assessment"]), form(world["assessment"], ALL_SCORED))

    assert (get.status_code, post.status_code) == (404, 404)
    assert nothing_appraised(world["assessment"])


@pytest.mark.parametrize("name", ["par-return", "par-finalise"])
def test_return_and_finalise_are_not_found_for_the_units_staff(client, world, name):
    client.force_login(world["staff"])

    response = client.post(
        appraise_url(world["assessment"], name), {"version": "2", "note": "Giải trình"}
    )

    assert response.status_code == 404
    assert Assessment.objects.get(pk=world["assessment"].pk).state == AssessmentState.SUBMITTED


def test_a_superuser_may_appraise(client, world):
    from django.contrib.auth.models import User

    client.force_login(User.objects.create_superuser("quantri", password="Mat-khau-2026!"))

    response = client.post(appraise_url(world["assessment"]), form(world["assessment"], ALL_SCORED))

    assert response.status_code == 302
    assert items_by_code(world["assessment"])["2.2"].appraised_score == Decimal("3.50")


def test_appraise_page_prefills_the_self_score_without_saving_it(client, world):
    client.force_login(world["appraiser"])
    items = items_by_code(world["assessment"])

    response = client.get(appraise_url(world["assessment"]))

    assert response.status_code == 200
    html = response.text
    assert score_input(items["2.1"], "1,5") in html
    assert score_input(items["2.2"], "") in html
    assert 'formaction="/par/assessments/' in html
    assert nothing_appraised(world["assessment"])


# --- saving -------------------------------------------------------------------------------


def test_appraise_saves_every_score_comment_and_question(client, world):
    assessment = world["assessment"]
    client.force_login(world["appraiser"])
    values = ALL_SCORED | {
        "1.2": {
            "appraised_score": "1",
            "appraisal_comment": "Thiếu văn bản chỉ đạo",
            "question": "Đề nghị bổ sung kế hoạch kiểm tra",
        }
    }

    response = client.post(appraise_url(assessment), form(assessment, values))

    assert response.status_code == 302
    saved = {
        code: (item.appraised_score, item.appraisal_comment, item.question)
        for code, item in items_by_code(assessment).items()
    }
    assert saved == {
        "1.1": (Decimal("1.00"), "", ""),
        "1.2": (
            Decimal("1.00"),
            "Thiếu văn bản chỉ đạo",
            "Đề nghị bổ sung kế hoạch kiểm tra",
        ),
        "2.1": (Decimal("1.50"), "", ""),
        "2.2": (Decimal("3.50"), "", ""),
    }
    assert Assessment.objects.get(pk=assessment.pk).version == assessment.version + 1


@pytest.mark.parametrize(
    ("code", "typed", "message"),
    [
        ("1.1", "3", "Điểm thẩm định của tiêu chí 1.1 vượt điểm tối đa 1."),
        ("1.2", "1,5", "Tiêu chí 1.2 chấm theo mức: chỉ nhận một trong các mức 2, 1, 0."),
        ("2.1", "-1", "Điểm thẩm định của tiêu chí 2.1 không được là số âm."),
        ("2.2", "4,5", "Điểm thẩm định của tiêu chí 2.2 vượt điểm tối đa 4."),
        ("1.1", "một", "Điểm “một” không phải là một số."),
    ],
)
def test_appraise_refuses_a_bad_score_at_its_field_and_saves_nothing(
    client, world, code, typed, message
):
    assessment = world["assessment"]
    client.force_login(world["appraiser"])
    values = ALL_SCORED | {code: {"appraised_score": typed}}
    values["2.1"] = values["2.1"] | {"appraisal_comment": "Ý kiến không được lưu"}

    response = client.post(appraise_url(assessment), form(assessment, values))

    assert response.status_code == 200
    item = items_by_code(assessment)[code]
    html = response.text
    assert (
        f'id="id_appraised_score-{item.pk}_error" role="alert"><span class="error">{message}'
        in html
    )
    assert f'value="{typed}" aria-invalid="true"' in html
    assert html.count("<title>Lỗi: ") == 1
    stored = AssessmentItem.objects.filter(assessment=assessment)
    assert set(stored.values_list("appraised_score", "appraisal_comment")) == {(None, "")}
    assert Assessment.objects.get(pk=assessment.pk).version == assessment.version


def test_appraise_with_a_stale_version_saves_nothing(client, world):
    assessment = world["assessment"]
    client.force_login(world["appraiser"])
    data = form(assessment, ALL_SCORED)
    data["version"] = str(assessment.version - 1)

    response = client.post(appraise_url(assessment), data, follow=True)

    assert "vừa được thay đổi ở nơi khác" in response.text
    assert nothing_appraised(assessment)


def test_appraise_post_on_a_returned_assessment_is_refused_on_top(client, world):
    assessment = world["assessment"]
    client.force_login(world["appraiser"])
    stale_form = form(assessment, ALL_SCORED)
    client.post(appraise_url(assessment, "par-return"), form(assessment, note="Giải trình 1.1"))
    stale_form["version"] = str(Assessment.objects.get(pk=assessment.pk).version)

    response = client.post(appraise_url(assessment), stale_form)

    assert response.status_code == 200
    assert (
        '<div class="form-errors" role="alert"><p><strong>Lỗi:</strong></p><p>Bản tự đánh giá '
        "chưa được gửi hoặc đã thẩm định xong.</p></div>"
    ) in response.text
    assert nothing_appraised(assessment)


# --- return, answer, finalise -------------------------------------------------------------


def test_return_without_a_note_or_a_question_is_refused_and_saves_nothing(client, world):
    assessment = world["assessment"]
    client.force_login(world["appraiser"])

    response = client.post(
        appraise_url(assessment, "par-return"), form(assessment, ALL_SCORED, note="  ")
    )

    assert response.status_code == 200
    assert (
        '<div class="errorlist" id="par-note_error" role="alert"><span class="error">Hãy ghi nội '
        "dung đề nghị giải trình (chung hoặc ở từng tiêu chí) trước khi trả lại.</span>"
    ) in response.text
    fresh = Assessment.objects.get(pk=assessment.pk)
    assert (fresh.state, fresh.round, fresh.version) == (
        AssessmentState.SUBMITTED,
        0,
        assessment.version,
    )
    assert nothing_appraised(assessment)


def test_return_answer_and_finalise_round_trip(client, world):
    assessment = world["assessment"]
    staff = world["staff"]
    client.force_login(world["appraiser"])
    asked = ALL_SCORED | {"1.2": {"appraised_score": "1", "question": "Vì sao chỉ đạt mức 1?"}}
    del asked["2.2"]  # the survey result is not in yet

    returned = client.post(
        appraise_url(assessment, "par-return"),
        form(assessment, asked, note="Đề nghị giải trình tiêu chí 1.2."),
    )

    assert returned.status_code == 302
    assessment.refresh_from_db()
    assert (assessment.state, assessment.round, assessment.return_note) == (
        AssessmentState.RETURNED,
        1,
        "Đề nghị giải trình tiêu chí 1.2.",
    )
    read_only = client.get(appraise_url(assessment))
    assert 'name="appraised_score-' not in read_only.text
    assert "Đang chờ đơn vị giải trình" in read_only.text

    item = items_by_code(assessment)["1.2"]
    services.save_self_scores(
        staff,
        assessment,
        assessment.version,
        {item.pk: {"self_score": "2", "answer": "Đã ban hành kế hoạch kiểm tra số 12/KH-UBND."}},
    )
    assessment.refresh_from_db()
    services.submit(staff, assessment, assessment.version)
    assessment.refresh_from_db()
    page = client.get(appraise_url(assessment))
    assert "Đã ban hành kế hoạch kiểm tra số 12/KH-UBND." in page.text

    refused = client.post(
        appraise_url(assessment, "par-finalise"),
        form(assessment, asked, conclusion="Đạt yêu cầu"),
    )
    assert refused.status_code == 200
    assert "Chưa có điểm thẩm định 1 tiêu chí: 2.2" in refused.text
    assert Assessment.objects.get(pk=assessment.pk).state == AssessmentState.SUBMITTED

    final = ALL_SCORED | {"1.2": {"appraised_score": "2"}}
    done = client.post(
        appraise_url(assessment, "par-finalise"),
        form(assessment, final, conclusion="Đạt yêu cầu"),
    )

    assert done.status_code == 302
    assessment.refresh_from_db()
    assert (assessment.state, assessment.conclusion, assessment.finalised_by) == (
        AssessmentState.FINALISED,
        "Đạt yêu cầu",
        world["appraiser"],
    )
    assert {
        code: (item.self_score, item.appraised_score)
        for code, item in items_by_code(assessment).items()
    } == {
        "1.1": (Decimal("1.00"), Decimal("1.00")),
        "1.2": (Decimal("2.00"), Decimal("2.00")),
        "2.1": (Decimal("1.50"), Decimal("1.50")),
        "2.2": (None, Decimal("3.50")),
    }
    finished = client.get(appraise_url(assessment)).text
    assert 'name="appraised_score-' not in finished
    totals = finished.split("<tfoot>", 1)[1].split("</tfoot>", 1)[0]
    assert (
        '<td class="num" data-label="Tự đánh giá"><strong>4,5</strong></td>\n'
        '      <td class="num" data-label="Thẩm định"><strong>8</strong></td>'
    ) in totals
