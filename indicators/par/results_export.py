"""The province's results table as .xlsx through `reformplan.xlsx` (text always stored as
text, so a unit named "=HYPERLINK(…)" stays a name): the ranked units with a bar chart of the
appraised totals, then the units still being appraised (not ranked)."""

from __future__ import annotations

from django.utils.text import slugify

from indicators.par.models import AssessmentState, CriteriaSet, SetLevel
from indicators.par.rules import fmt
from indicators.par.selectors import Results
from reformplan.xlsx import Chart, Line, Row, Sheet, Table, render_workbook
from tasks.reports.xlsx_cells import national_header

SUBJECTS = {
    SetLevel.DEPARTMENT: "sở, ban, ngành",
    SetLevel.DISTRICT: "đơn vị hành chính cấp huyện",
    SetLevel.COMMUNE: "đơn vị hành chính cấp xã",
}
SCORE_FORMAT = "0.00"
CHART_COLOUR = "E69F00"  # Okabe–Ito orange, the page chart's colour of the appraisal


def results_title(criteria_set: CriteriaSet) -> str:
    subjects = SUBJECTS.get(criteria_set.level, "đơn vị")
    return (
        f"Kết quả thẩm định Chỉ số cải cách hành chính năm {criteria_set.year} của các {subjects}"
    )


def results_filename(criteria_set: CriteriaSet) -> str:
    """ "ket-qua-chi-so-cchc-tinh-mau-2025-district-v1.xlsx" """
    province = criteria_set.province.slug
    return (
        f"ket-qua-chi-so-cchc-{slugify(province)}-{criteria_set.year}-"
        f"{criteria_set.level}-v{criteria_set.version}.xlsx"
    )


def _columns(results: Results, last: tuple[str, ...]) -> list[str]:
    columns = ["STT", "Đơn vị"]
    for area in results.areas:  # short headers: the areas' names are in the table "Các lĩnh vực"
        columns += [f"Lĩnh vực {area.code} — Tự đánh giá", f"Lĩnh vực {area.code} — Thẩm định"]
    return [*columns, "Tổng tự đánh giá", "Tổng thẩm định", *last]


def _scores(results: Results, row) -> list:
    values = []
    for area in results.areas:
        scores = row.areas[area.pk]
        values += [scores.self_score, scores.appraised]
    return [*values, row.total.self_score, row.total.appraised]


def results_workbook(results: Results) -> bytes:
    criteria_set = results.criteria_set
    province = criteria_set.province
    ranked = [r for r in results.rows if r.rank is not None]
    waiting = [r for r in results.rows if r.rank is None]
    score_columns = range(2, 4 + 2 * len(results.areas))
    formats = dict.fromkeys(score_columns, SCORE_FORMAT)
    header = [
        *national_header(province.committee, "Sở Nội vụ"),
        Line(""),
        Line(results_title(criteria_set).upper()),
        Line(f"Theo {criteria_set.title} (phiên bản {criteria_set.version})", bold=False),
        Line(
            f"Điểm tối đa: {fmt(results.maximum)}"
            + ("" if criteria_set.ranking_published else ". Kết quả chưa công bố cho các đơn vị."),
            bold=False,
            italic=True,
        ),
    ]
    tables = [
        Table(
            columns=_columns(results, ("Xếp hạng", "Xếp loại")),
            rows=[
                Row([n, r.assessment.subject_name, *_scores(results, r), r.rank, r.grade])
                for n, r in enumerate(ranked, start=1)
            ],
            caption="Đơn vị đã thẩm định xong, theo thứ hạng",
            repeat_header=True,
            number_formats=formats,
            note="" if ranked else "Chưa có đơn vị nào được thẩm định xong.",
            chart=Chart(
                title="Tổng điểm thẩm định",
                series=[3 + 2 * len(results.areas)],
                colors=[CHART_COLOUR],
            )
            if ranked
            else None,
        )
    ]
    if waiting:
        tables.append(
            Table(
                columns=_columns(results, ("Tình trạng",)),
                rows=[
                    Row(
                        [
                            n,
                            r.assessment.subject_name,
                            *_scores(results, r),
                            AssessmentState(r.assessment.state).label,
                        ]
                    )
                    for n, r in enumerate(waiting, start=1)
                ],
                caption="Đơn vị đang thẩm định (chưa xếp hạng)",
                number_formats=formats,
            )
        )
    tables.append(
        Table(
            columns=["Lĩnh vực", "Tên lĩnh vực", "Điểm tối đa"],
            rows=[
                Row([area.code, area.title, results.area_maxima.get(area.pk)])
                for area in results.areas
            ],
            caption="Các lĩnh vực",
            number_formats={2: SCORE_FORMAT},
            keep_together=True,
        )
    )
    widths = [6, 30, *([11] * (2 * len(results.areas))), 12, 12, 10, 14]
    return render_workbook(
        [Sheet(title="Kết quả thẩm định", widths=widths, header=header, tables=tables)],
        title=results_title(criteria_set),
        author="Sở Nội vụ",
    )
