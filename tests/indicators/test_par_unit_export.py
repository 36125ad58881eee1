"""The unit's "Biểu tự đánh giá" export (indicators/par/unit_export.py): header lines, the
table with computed totals, text kept as text, the appraisal column only for who may see it."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from indicators.par.appraisal import appraise, finalise
from indicators.par.models import CriteriaSet
from indicators.par.services import save_self_scores, start_assessment, submit
from tests.indicators.test_par_services import fresh, items_by_code, make_world, score_everything

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return make_world(2)


def export(client, user, assessment):
    client.force_login(user)
    response = client.get(reverse("par-assessment-xlsx", args=[assessment.pk]))
    assert response.status_code == 200
    return response, load_workbook(io.BytesIO(response.content)).active


def rows_of(sheet) -> list[tuple]:
    return [tuple(cell.value for cell in row) for row in sheet.iter_rows()]


def table(sheet) -> list[tuple]:
    rows = rows_of(sheet)
    start = next(i for i, row in enumerate(rows) if row[0] == "STT")
    return rows[start:]


def test_export_has_the_header_lines_and_the_table_with_its_totals(client, world):
    assessment = score_everything(world, start_assessment(world.staff, world.set, world.district))
    response, sheet = export(client, world.staff, assessment)
    assert response["Content-Disposition"] == (
        'attachment; filename="bieu-tu-danh-gia-cchc-huyen-a-2022.xlsx"; '
        "filename*=UTF-8''Bi%E1%BB%83u%20t%E1%BB%B1%20%C4%91%C3%A1nh%20gi%C3%A1%20CCHC%202022"
        "%20-%20huy%E1%BB%87n%20A.xlsx"
    )
    texts = [row[0] for row in rows_of(sheet)]
    assert texts[:2] == ["UBND HUYỆN A", None]
    assert "BIỂU TỰ ĐÁNH GIÁ, CHẤM ĐIỂM CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2022" in texts
    assert "Đơn vị: huyện A (tỉnh Mẫu)" in texts
    assert "(Theo Quyết định số 12/QĐ-UBND ngày 10/01/2022)" in texts
    assert "Tình trạng: Đang tự đánh giá" in texts
    body = table(sheet)
    assert body[0] == (
        "STT",
        "Lĩnh vực/tiêu chí",
        "Điểm tối đa",
        "Điểm tự đánh giá",
        "Giải trình",
        "Tài liệu kiểm chứng",
    )
    assert [row[:4] for row in body[1:]] == [
        ("1", "Công tác chỉ đạo, điều hành CCHC", 2, 2),
        ("1.1", "Tiêu chí 1.1", 1, 1),
        ("1.2", "Tiêu chí 1.2", 1, 1),
        ("2", "Cải cách thủ tục hành chính", 6, 2),
        ("2.1", "Tiêu chí 2.1", 2, 1),
        ("2.2", "Tiêu chí 2.2", 1, 0.5),
        ("2.3", "Tiêu chí 2.3", 1, 0.5),
        ("2.4", "Tiêu chí 2.4", 2, None),
        (None, "Tổng cộng", 8, 4),
    ]
    assert body[2][5] == "Báo cáo tiến độ quý 2/2022 của Phòng Nội vụ (nhiệm vụ 1.1)"
    area_row = 1 + next(i for i, row in enumerate(rows_of(sheet)) if row[0] == "1")
    assert sheet.cell(row=area_row, column=2).font.b is True
    assert sheet.cell(row=area_row + 1, column=2).font.b is False


def test_a_typed_formula_stays_text(client, world):
    assessment = start_assessment(world.staff, world.set, world.district)
    item = items_by_code(assessment)["1.1"]
    save_self_scores(
        world.staff, assessment, 1, {item.pk: {"self_score": "1", "explanation": "=SUM(A1)"}}
    )
    _response, sheet = export(client, world.staff, assessment)
    [cell] = [c for row in sheet.iter_rows() for c in row if c.value == "=SUM(A1)"]
    assert cell.data_type == "s"
    assert cell.quotePrefix is True


def finalised(world):
    assessment = score_everything(world, start_assessment(world.staff, world.set, world.district))
    submit(world.staff, assessment, assessment.version)
    assessment = fresh(assessment)
    entries = {
        item.pk: {"appraised_score": "0" if code == "1.1" else str(item.self_score or 2)}
        for code, item in items_by_code(assessment).items()
    }
    appraise(world.province_staff, assessment, assessment.version, entries)
    assessment = fresh(assessment)
    finalise(world.province_staff, assessment, assessment.version, "")
    return fresh(assessment)


def test_appraisal_column_is_hidden_from_the_unit_until_the_ranking_is_published(client, world):
    assessment = finalised(world)
    _response, sheet = export(client, world.staff, assessment)
    assert "Điểm thẩm định" not in table(sheet)[0]
    assert all(len([v for v in row if v is not None]) <= 6 for row in table(sheet))

    _response, sheet = export(client, world.province_staff, assessment)
    body = table(sheet)
    assert body[0][6] == "Điểm thẩm định"
    assert (body[2][0], body[2][6]) == ("1.1", 0)
    assert body[-1][1:4] + body[-1][6:] == ("Tổng cộng", 8, 4, 5)

    CriteriaSet.objects.filter(pk=world.set.pk).update(ranking_published_at=timezone.now())
    _response, sheet = export(client, world.staff, assessment)
    assert table(sheet)[0][6] == "Điểm thẩm định"
    assert table(sheet)[-1][6] == 5


def test_leader_may_export_but_another_unit_may_not(client, world):
    assessment = start_assessment(world.staff, world.set, world.district)
    export(client, world.leader, assessment)
    client.force_login(world.outsider)
    response = client.get(reverse("par-assessment-xlsx", args=[assessment.pk]))
    assert response.status_code == 404
