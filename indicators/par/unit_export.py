"""The unit's "Biểu tự đánh giá, chấm điểm Chỉ số CCHC" as an .xlsx file, through the one
renderer (`reformplan.xlsx`: every text is written as text, so a typed "=SUM(A1)" stays
text). Built from `selectors.assessment_sheet`: totals are the computed ones, the appraised
scores appear only for a reader who may see them (`access.may_see_appraisal`)."""

from __future__ import annotations

from urllib.parse import quote

from django.utils.text import slugify

from indicators.par.models import Assessment, ScoringRule
from indicators.par.rules import fmt
from indicators.par.selectors import Sheet as AssessmentSheet
from indicators.par.unit_selectors import PlanChoices, evidence_lines
from reformplan.xlsx import CHILD, NORMAL, TOTAL, Line, Row, Sheet, Table, render_workbook
from tasks.reports.xlsx_cells import national_header

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TITLE = "BIỂU TỰ ĐÁNH GIÁ, CHẤM ĐIỂM CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM {year}"
COLUMNS = [
    "STT",
    "Lĩnh vực/tiêu chí",
    "Điểm tối đa",
    "Điểm tự đánh giá",
    "Giải trình",
    "Tài liệu kiểm chứng",
]
APPRAISED_COLUMN = "Điểm thẩm định"
WIDTHS = [8, 48, 10, 12, 36, 40]
TO_FILL = "Cần bổ sung"


def _issuer_lines(assessment: Assessment) -> list[Line]:
    if assessment.agency_id:
        return national_header(assessment.unit.committee, assessment.agency.name)
    return national_header(assessment.unit.committee)


def _row(row, choices: PlanChoices, show_appraisal: bool) -> Row:
    criterion, scores, item = row.criterion, row.scores, row.item
    leaf = criterion.rule != ScoringRule.SUM
    if leaf:
        maximum = criterion.max_score if criterion.max_score is not None else TO_FILL
        self_score = item.self_score if item else None
        appraised = item.appraised_score if item else None
        explanation = item.explanation if item else ""
        evidence = "\n".join(evidence_lines(row.evidence, choices))
    else:
        maximum = scores.maximum
        self_score, appraised = scores.self_score, scores.appraised
        explanation = evidence = ""
        if scores.to_fill:
            maximum = f"{fmt(scores.maximum)} (+{scores.to_fill} tiêu chí cần bổ sung)"
    values = [criterion.code, criterion.title, maximum, self_score, explanation, evidence]
    if show_appraisal:
        values.append(appraised)
    # An area is bold with its totals (not a merged heading: its totals would be hidden).
    kind = TOTAL if row.depth == 0 else CHILD if row.depth > 1 else NORMAL
    return Row(values, kind)


def unit_sheets(
    sheet: AssessmentSheet, choices: PlanChoices, *, show_appraisal: bool
) -> list[Sheet]:
    assessment = sheet.assessment
    criteria_set = assessment.criteria_set
    rows = [_row(row, choices, show_appraisal) for row in sheet.rows]
    total = sheet.total
    total_values = ["", "Tổng cộng", total.maximum, total.self_score, "", ""]
    if show_appraisal:
        total_values.append(total.appraised)
    rows.append(Row(total_values, TOTAL))
    header = [
        *_issuer_lines(assessment),
        Line(""),
        Line(TITLE.format(year=criteria_set.year)),
        Line(f"Đơn vị: {assessment.subject_name}", bold=False),
    ]
    if criteria_set.source:
        header.append(Line(f"(Theo {criteria_set.source})", bold=False, italic=True))
    header.append(Line(f"Tình trạng: {assessment.get_state_display()}", bold=False, italic=True))
    columns = COLUMNS + ([APPRAISED_COLUMN] if show_appraisal else [])
    widths = WIDTHS + ([12] if show_appraisal else [])
    return [
        Sheet(
            title=f"Tự đánh giá {criteria_set.year}",
            widths=widths,
            header=header,
            tables=[Table(columns=columns, rows=rows, repeat_header=True)],
        )
    ]


def unit_workbook(sheet: AssessmentSheet, choices: PlanChoices, *, show_appraisal: bool) -> bytes:
    return render_workbook(
        unit_sheets(sheet, choices, show_appraisal=show_appraisal),
        title=TITLE.format(year=sheet.assessment.criteria_set.year).capitalize(),
    )


def unit_filenames(assessment: Assessment) -> tuple[str, str]:
    """(ASCII name, Vietnamese name): "bieu-tu-danh-gia-cchc-huyen-a-2026.xlsx" and
    "Biểu tự đánh giá CCHC 2026 - huyện A.xlsx"."""
    name = assessment.agency.name if assessment.agency_id else assessment.unit.full_name
    year = assessment.criteria_set.year
    ascii_name = slugify(name.replace("đ", "d").replace("Đ", "D")) or f"don-vi-{assessment.pk}"
    clean = " ".join(name.replace('"', "").replace("/", "-").replace("\\", "-").split())
    return (
        f"bieu-tu-danh-gia-cchc-{ascii_name}-{year}.xlsx",
        f"Biểu tự đánh giá CCHC {year} - {clean}.xlsx",
    )


def unit_filename_header(assessment: Assessment) -> str:
    """The Content-Disposition: the ASCII name for old clients, the Vietnamese one (RFC 6266)
    for the others."""
    ascii_name, name = unit_filenames(assessment)
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"
