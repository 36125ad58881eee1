"""The appendix sheets of the report workbook (`tasks.reports.xlsx`) that hold the numbers,
as `reformplan.xlsx` sheet specs built from a `ReportDocument` alone:

- Phụ lục I "Chi tiết nhiệm vụ": every task under its area heading;
- Phụ lục II "Chỉ tiêu": the targets, a statement with several figures above its parts;
- Phụ lục III "Theo cơ quan": class counts per lead agency, with a stacked bar chart.

The lists (Phụ lục IV–VII) are in `tasks.reports.xlsx_lists`. Column widths are in characters
of Times New Roman 11 pt; each long table fills the width of A4 landscape (about 135
characters) at full size, so the body prints at 11 pt.
"""

from __future__ import annotations

from itertools import groupby

from reformplan.xlsx import AREA, CHILD, TOTAL, Line, Row, Sheet, Table
from tasks.reports.classification import COUNTED_CLASSES
from tasks.reports.xlsx_cells import (
    DUE,
    LATE,
    appendix_header,
    basis_cell,
    class_chart,
    class_labels,
    count_values,
    days_late,
    due_cell,
    plan_line,
    result_cell,
    task_cell,
    with_period,
)

DETAIL = "Chi tiết nhiệm vụ"
TARGETS = "Chỉ tiêu"
BY_AGENCY = "Theo cơ quan"

DETAIL_COLUMNS = [
    "STT",
    "Nhiệm vụ",
    "Cơ quan chủ trì",
    "Cơ quan phối hợp",
    DUE,
    LATE,
    "Kết quả thực hiện",
    "Tình trạng",
    "Căn cứ đánh giá",
]
DETAIL_WIDTHS = [5, 28, 13, 11, 12, 9, 22, 11, 24]
TARGET_COLUMNS = [
    "STT",
    "Chỉ tiêu",
    "Cơ quan theo dõi",
    "Chỉ tiêu đặt ra",
    "Kết quả thực hiện",
    "Kỳ số liệu",
    "Đánh giá",
]
TARGET_WIDTHS = [6, 54, 18, 16, 14, 11, 14]
COUNT_WIDTHS = [6, 38] + [12] * len(COUNTED_CLASSES) + [9, 9]
AGENCY_NOTE = (
    "Ghi chú: Mỗi cơ quan được tính theo nhiệm vụ hoặc nội dung do cơ quan đó chủ trì; nhiệm vụ "
    "có nhiều cơ quan chủ trì được tính cho từng cơ quan, nên cộng các dòng có thể lớn hơn số "
    "nhiệm vụ của kế hoạch (dòng cuối)."
)


# -- Phụ lục I: every task -------------------------------------------------------------------


def detail_sheet(document) -> Sheet:
    report = document.report
    rows = []
    for area, area_rows in report.rows_by_area():
        rows.append(Row([area.numeral.rstrip("."), area.heading], AREA))
        for row in area_rows:
            task, classified = row.task, row.classified
            rows.append(
                Row(
                    [
                        task.display_code,
                        task_cell(row),
                        row.lead_names,
                        row.partner_names,
                        due_cell(row),
                        days_late(classified, report.as_of),
                        result_cell(row),
                        classified.status_label,
                        basis_cell(row),
                    ],
                    CHILD if row.depth else "",
                )
            )
    header = appendix_header(
        document, "I", with_period(report, "KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH")
    )
    header.append(Line(plan_line(report.plan), bold=False, italic=True))
    return Sheet(
        title=DETAIL,
        widths=DETAIL_WIDTHS,
        header=header,
        tables=[Table(columns=DETAIL_COLUMNS, rows=rows, repeat_header=True)],
    )


# -- Phụ lục II: targets -----------------------------------------------------------------------


def _target_row(target, text: str, kind: str = "") -> Row:
    indicator = target.indicator
    return Row(
        [
            indicator.display_code,
            text,
            indicator.responsible.name if indicator.responsible else "",
            target.target_label,
            target.latest_label or "Chưa có số liệu",
            target.latest_period.label if target.latest_period else "",
            target.met_label,
        ],
        kind,
    )


def targets_sheet(document) -> Sheet:
    """A statement with one figure is one row; a statement with several ("80% …, 70% …") is a
    heading row with the statement, then one row per part: "Phần 2: 70% đối với UBND cấp xã"."""
    report = document.report
    rows = []
    for (code, statement), group in groupby(
        report.targets, key=lambda t: (t.indicator.code, t.indicator.statement)
    ):
        group = list(group)
        statement = " ".join(statement.split())
        if len(group) == 1 and not group[0].indicator.clause_differs:
            rows.append(_target_row(group[0], statement))
            continue
        rows.append(Row([code, statement], AREA))
        for target in group:
            indicator = target.indicator
            clause = " ".join((indicator.clause or indicator.statement).split())
            rows.append(_target_row(target, f"Phần {indicator.part}: {clause}", CHILD))
    tables = [Table(columns=TARGET_COLUMNS, rows=rows, repeat_header=True)]
    if not rows:
        tables = [Table(columns=[], rows=[], note="Kế hoạch chưa có chỉ tiêu.")]
    return Sheet(
        title=TARGETS,
        widths=TARGET_WIDTHS,
        header=appendix_header(
            document, "II", with_period(report, "KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU")
        ),
        tables=tables,
    )


# -- Phụ lục III: by lead agency ---------------------------------------------------------------


def by_agency_sheet(document) -> Sheet:
    report = document.report
    with_cancelled = bool(report.counts.cancelled or any(c.cancelled for _, c in report.by_agency))
    columns = ["STT", "Cơ quan chủ trì", *class_labels(), "Tổng số"]
    columns += ["Không thực hiện"] if with_cancelled else []

    def values(counts) -> list[int]:
        return count_values(counts) + ([counts.cancelled] if with_cancelled else [])

    rows = [
        Row([index, agency.name, *values(counts)])
        for index, (agency, counts) in enumerate(report.by_agency, start=1)
    ]
    rows.append(
        Row(["", "Toàn kế hoạch (mỗi nhiệm vụ tính một lần)", *values(report.counts)], TOTAL)
    )
    return Sheet(
        title=BY_AGENCY,
        widths=COUNT_WIDTHS,
        header=appendix_header(
            document,
            "III",
            with_period(report, "TÌNH HÌNH THỰC HIỆN NHIỆM VỤ THEO CƠ QUAN CHỦ TRÌ"),
        ),
        tables=[
            Table(
                columns=columns,
                rows=rows,
                repeat_header=True,
                note=AGENCY_NOTE,
                chart=class_chart("Tình trạng nhiệm vụ theo cơ quan chủ trì"),
            )
        ],
    )
