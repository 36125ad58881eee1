"""The province's results (indicators/par/appraisal_views.py: par-results, par-results-xlsx,
par-ranking-publish): who sees them and when, the exact ranks and grades, publishing, the
export (formula-safe), and a fixed number of queries whatever the number of units and criteria
(also on the appraisal page, whatever the number of criteria and evidence).

The criteria set is the one of test_par_appraisal (maximum 10; bands Tốt 80, Khá 65, Trung bình
50, Yếu 0). Four districts are appraised to 9, 8, 8 and 6,5 (ranks 1, 2, 2, 4) and a fifth is
still waiting for its appraisal.
"""

from __future__ import annotations

import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from indicators.par import appraisal, services
from indicators.par.models import (
    Assessment,
    AssessmentItem,
    AssessmentState,
    CriteriaSet,
    Evidence,
    EvidenceKind,
)
from plans.access import GROUP_AGENCY, GROUP_OFFICE, GROUP_PROVINCE
from tests.factories import (
    AgencyFactory,
    ProgressReportFactory,
    ProvinceFactory,
    TaskFactory,
    UnitFactory,
    make_user,
)
from tests.indicators.test_par_appraisal import (
    SELF_SCORES,
    appraise_url,
    items_by_code,
    make_set,
    submitted,
)

pytestmark = pytest.mark.django_db

APPRAISED = {  # district → appraised scores of 1.1, 1.2, 2.1, 2.2
    "An": ("1", "2", "3", "3"),  # 9
    "Bình": ("1", "2", "2", "3"),  # 8
    "Cường": ("1", "1", "3", "3"),  # 8
    "Dũng": ("0", "2", "1,5", "3"),  # 6,5
}


def finalised(assessment, appraiser, scores) -> Assessment:
    items = items_by_code(assessment)
    entries = {
        items[code].pk: {"appraised_score": score}
        for code, score in zip(("1.1", "1.2", "2.1", "2.2"), scores, strict=True)
    }
    appraisal.appraise(appraiser, assessment, assessment.version, entries)
    appraisal.finalise(appraiser, assessment, assessment.version, "Đạt yêu cầu")
    return assessment


@pytest.fixture
def world():
    province = ProvinceFactory()
    criteria_set = make_set(province)
    appraiser = make_user("mau-sonoivu", group=GROUP_PROVINCE, unit=province)
    staff = {}
    for index, name in enumerate([*APPRAISED, "Giang"]):
        district = UnitFactory(name=name, slug=f"huyen-{index}", parent=province)
        staff[name] = make_user(f"noivu-{index}", group=GROUP_OFFICE, unit=district)
        assessment = submitted(criteria_set, district, staff[name], SELF_SCORES)
        if name in APPRAISED:
            finalised(assessment, appraiser, APPRAISED[name])
    return {"province": province, "set": criteria_set, "appraiser": appraiser, "staff": staff}


def results_url(criteria_set, name="par-results"):
    return reverse(name, args=[criteria_set.pk])


def _publish(criteria_set):
    CriteriaSet.objects.filter(pk=criteria_set.pk).update(ranking_published_at="2026-01-15T08:00Z")


def _rows(html: str) -> list[tuple[str, ...]]:
    """(rank, unit, final score, grade) of each row of the results table, as shown."""
    body = html.split('id="ket-qua-table"', 1)[1].split("</tbody>", 1)[0]
    rows = []
    for tr in re.findall(r"<tr>(.*?)</tr>", body.split("<tbody>", 1)[1], re.S):
        cells = [
            re.sub(r"<[^>]+>", "", c).strip()
            for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", tr, re.S)
        ]
        rows.append((cells[0], cells[1], cells[-2], cells[-1]))
    return rows


# --- who sees the results -----------------------------------------------------------------


def test_results_show_exact_ranks_grades_and_final_scores(client, world):
    client.force_login(world["appraiser"])

    response = client.get(results_url(world["set"]))

    assert response.status_code == 200
    assert _rows(response.text) == [
        ("1", "huyện An (tỉnh Mẫu)", "9", "Tốt"),
        ("2", "huyện Bình (tỉnh Mẫu)", "8", "Tốt"),
        ("2", "huyện Cường (tỉnh Mẫu)", "8", "Tốt"),
        ("4", "huyện Dũng (tỉnh Mẫu)", "6,5", "Khá"),
        ("—", "huyện Giang (tỉnh Mẫu)", "—", "—"),
    ]
    assert 'aria-describedby="ket-qua-table"' in response.text
    assert ">Công bố kết quả</button>" in response.text


def test_a_unit_sees_the_results_only_once_the_ranking_is_published(client, world):
    client.force_login(world["staff"]["An"])
    url = results_url(world["set"])

    before = (
        client.get(url).status_code,
        client.get(results_url(world["set"], "par-results-xlsx")).status_code,
    )
    _publish(world["set"])
    after = client.get(url)

    assert before == (404, 404)
    assert after.status_code == 200
    assert _rows(after.text)[0] == ("1", "huyện An (tỉnh Mẫu)", "9", "Tốt")
    assert "Công bố kết quả</button>" not in after.text
    assert client.get(results_url(world["set"], "par-results-xlsx")).status_code == 200


def test_another_provinces_users_never_see_the_results(client, world):
    _publish(world["set"])
    other = ProvinceFactory(slug="tinh-khac", name="Khác")
    outsiders = [
        make_user("khac-sonoivu", group=GROUP_PROVINCE, unit=other),
        make_user("khac-noivu", group=GROUP_OFFICE, unit=UnitFactory(parent=other)),
    ]

    statuses = []
    for user in outsiders:
        client.force_login(user)
        statuses.append(client.get(results_url(world["set"])).status_code)

    assert statuses == [404, 404]


def test_publish_is_refused_while_an_assessment_is_being_appraised(client, world):
    client.force_login(world["appraiser"])

    refused = client.post(results_url(world["set"], "par-ranking-publish"), follow=True)

    assert "Còn bản tự đánh giá đang thẩm định; hãy thẩm định xong trước." in refused.text
    assert CriteriaSet.objects.get(pk=world["set"].pk).ranking_published_at is None

    waiting = Assessment.objects.get(criteria_set=world["set"], state=AssessmentState.SUBMITTED)
    finalised(waiting, world["appraiser"], ("1", "1", "1", "1"))
    done = client.post(results_url(world["set"], "par-ranking-publish"), follow=True)

    assert "Đã công bố kết quả" in done.text
    assert CriteriaSet.objects.get(pk=world["set"].pk).ranking_published_at is not None


def test_a_unit_cannot_publish_the_ranking(client, world):
    for waiting in Assessment.objects.filter(state=AssessmentState.SUBMITTED):
        finalised(waiting, world["appraiser"], ("1", "1", "1", "1"))
    client.force_login(world["staff"]["An"])

    response = client.post(results_url(world["set"], "par-ranking-publish"))

    assert response.status_code == 404
    assert CriteriaSet.objects.get(pk=world["set"].pk).ranking_published_at is None


# --- the export ---------------------------------------------------------------------------


def test_results_xlsx_holds_the_ranked_table_and_the_waiting_units(client, world):
    client.force_login(world["appraiser"])

    response = client.get(results_url(world["set"], "par-results-xlsx"))

    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="ket-qua-chi-so-cchc-tinh-mau-2025-district-v1.xlsx"'
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [tuple(row) for row in sheet.iter_rows(values_only=True)]
    texts = [v for row in values for v in row if isinstance(v, str)]
    assert "UBND TỈNH MẪU" in texts
    assert "SỞ NỘI VỤ" in texts
    assert (
        "KẾT QUẢ THẨM ĐỊNH CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2025 CỦA CÁC ĐƠN VỊ HÀNH CHÍNH CẤP HUYỆN"
        in texts
    )
    header = next(row for row in values if row[0] == "STT")
    assert header == (
        "STT",
        "Đơn vị",
        "Lĩnh vực 1 — Tự đánh giá",
        "Lĩnh vực 1 — Thẩm định",
        "Lĩnh vực 2 — Tự đánh giá",
        "Lĩnh vực 2 — Thẩm định",
        "Tổng tự đánh giá",
        "Tổng thẩm định",
        "Xếp hạng",
        "Xếp loại",
    )
    legend = [row[:3] for row in values if row[0] in ("1", "2")]
    assert legend == [("1", "Lĩnh vực số 1", 3), ("2", "Lĩnh vực số 2", 7)]  # maxima 3 + 7 = 10
    body = [row[:10] for row in values if isinstance(row[0], int)]
    assert body[:4] == [
        (1, "huyện An (tỉnh Mẫu)", 2, 3, 1.5, 6, 3.5, 9, 1, "Tốt"),
        (2, "huyện Bình (tỉnh Mẫu)", 2, 3, 1.5, 5, 3.5, 8, 2, "Tốt"),
        (3, "huyện Cường (tỉnh Mẫu)", 2, 2, 1.5, 6, 3.5, 8, 2, "Tốt"),
        (4, "huyện Dũng (tỉnh Mẫu)", 2, 2, 1.5, 4.5, 3.5, 6.5, 4, "Khá"),
    ]
    assert body[4][:9] == (
        1,
        "huyện Giang (tỉnh Mẫu)",
        2,
        0,
        1.5,
        0,
        3.5,
        0,
        "Đã gửi, chờ thẩm định",
    )
    assert len(sheet._charts) == 1


def test_results_xlsx_keeps_a_formula_like_name_as_text(client):
    province = ProvinceFactory()
    department_set = make_set(province, level="department")
    agency = AgencyFactory(unit=province, name='=HYPERLINK("http://x.test","Sở")')
    head = make_user("so-x", group=GROUP_AGENCY, agency=agency)
    assessment = services.start_assessment(head, department_set, province, agency=agency)
    items = items_by_code(assessment)
    services.save_self_scores(
        head,
        assessment,
        assessment.version,
        {items[code].pk: entry for code, entry in SELF_SCORES.items()},
    )
    assessment.refresh_from_db()
    services.submit(head, assessment, assessment.version)
    client.force_login(make_user("sonoivu", group=GROUP_PROVINCE, unit=province))

    response = client.get(results_url(department_set, "par-results-xlsx"))

    sheet = load_workbook(io.BytesIO(response.content)).active
    cell = next(c for row in sheet.iter_rows() for c in row if c.value == agency.name)
    assert (cell.data_type, cell.value) == ("s", '=HYPERLINK("http://x.test","Sở")')
    assert not any(
        c.data_type == "f" for row in sheet.iter_rows() for c in row if c.value is not None
    )


# --- queries of the appraisal page ---------------------------------------------------------


def _big_areas(leaves: int) -> list[list[dict]]:
    """`leaves` criteria over four areas, every rule but survey by turns."""
    kinds = [
        {"rule": "yes_no", "max_score": "1"},
        {"rule": "steps", "max_score": "2", "steps": "2; 1; 0"},
        {"rule": "percent", "max_score": "3"},
        {"rule": "deduction", "max_score": "2", "deduction": "0.5"},
    ]
    areas = [[] for _ in range(4)]
    for index in range(leaves):
        areas[index % 4].append(kinds[index % 4])
    return [area for area in areas if area]


def _add_evidence(assessment) -> None:
    """Three pieces of evidence per criterion: a file, a progress report with its evidence
    file (of a sub-task) and a task of a plan of the unit."""
    parent = TaskFactory(plan__unit=assessment.unit)
    task = TaskFactory(plan=parent.plan, area=parent.area, parent=parent, code="1.a")
    report = ProgressReportFactory(task=task, evidence="evidence/1/bien-ban.pdf")
    Evidence.objects.bulk_create(
        Evidence(item=item, **fields)
        for item in assessment.items.all()
        for fields in (
            {"kind": EvidenceKind.FILE, "file": "par-evidence/1/quyet-dinh.pdf", "title": "QĐ"},
            {"kind": EvidenceKind.REPORT, "report": report},
            {"kind": EvidenceKind.TASK, "task": task},
        )
    )


@pytest.mark.parametrize("leaves", [5, 40])
def test_appraise_page_runs_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, leaves
):
    province = ProvinceFactory()
    district = UnitFactory(parent=province)
    staff = make_user("noivu", group=GROUP_OFFICE, unit=district)
    criteria_set = make_set(province, _big_areas(leaves))
    assessment = submitted(criteria_set, district, staff)
    _add_evidence(assessment)
    client.force_login(make_user("sonoivu", group=GROUP_PROVINCE, unit=province))

    with django_assert_max_num_queries(17):
        response = client.get(appraise_url(assessment))

    assert response.status_code == 200
    assert response.text.count('name="appraised_score-') == leaves
    assert response.text.count('<a href="/par/evidence/') == leaves
    assert response.text.count("tệp minh chứng</a>") == leaves


# --- queries ------------------------------------------------------------------------------


def _bulk_results(units: int, leaves: int) -> CriteriaSet:
    """`units` districts' assessments of a `leaves`-criteria set, each criterion self-scored
    and appraised at its maximum; all finalised but the last, still submitted."""
    province = ProvinceFactory()
    criteria_set = make_set(province, _big_areas(leaves))
    criteria = [c for c in criteria_set.criteria.all() if c.rule != "sum"]
    assessments = Assessment.objects.bulk_create(
        [
            Assessment(
                criteria_set=criteria_set,
                unit=UnitFactory(parent=province),
                state=AssessmentState.FINALISED if n < units - 1 else AssessmentState.SUBMITTED,
            )
            for n in range(units)
        ]
    )
    AssessmentItem.objects.bulk_create(
        [
            AssessmentItem(
                assessment=a,
                criterion=c,
                self_score=c.max_score,
                appraised_score=c.max_score - Decimal(n % 2),
            )
            for n, a in enumerate(assessments)
            for c in criteria
        ]
    )
    return criteria_set


@pytest.mark.parametrize(("units", "leaves"), [(3, 5), (30, 40)])
def test_results_page_and_export_run_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, units, leaves
):
    criteria_set = _bulk_results(units, leaves)
    client.force_login(make_user("sonoivu", group=GROUP_PROVINCE, unit=criteria_set.province))

    with django_assert_max_num_queries(11):
        page = client.get(results_url(criteria_set))
    with django_assert_max_num_queries(9):
        export = client.get(results_url(criteria_set, "par-results-xlsx"))

    assert page.text.count('<a href="/par/assessments/') == units
    assert (page.status_code, export.status_code) == (200, 200)
