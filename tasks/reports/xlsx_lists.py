"""The lists of the report workbook (`tasks.reports.xlsx`), as `reformplan.xlsx` sheet specs
built from a `ReportDocument` alone:

- Phụ lục IV "Quá hạn": late counting units, the earliest due first;
- Phụ lục V "Hoàn thành trong kỳ": units done now that the previous report did not count done;
- Phụ lục VI "Chưa báo cáo đủ": the agencies that still owe reports for the period;
- Phụ lục VII.n: one sheet per lead agency, its tasks with the class it answers for.
"""

from __future__ import annotations

from reformplan.xlsx import AREA, CHILD, Line, Row, Sheet, Table
from tasks.reports.classification import COUNTED_CLASSES, ReportClass
from tasks.reports.xlsx_cells import (
    DONE_CLASSES,
    DUE,
    LATE,
    appendix_header,
    basis_cell,
    days_late,
    due_cell,
    result_cell,
    task_cell,
    unit_code,
    with_period,
)

OVERDUE = "Quá hạn"
COMPLETED = "Hoàn thành trong kỳ"
MISSING = "Chưa báo cáo đủ"

OVERDUE_COLUMNS = ["STT", "Nhiệm vụ", "Cơ quan chủ trì", DUE, LATE, "Tình trạng", "Căn cứ đánh giá"]
OVERDUE_WIDTHS = [7, 36, 17, 13, 9, 15, 35]
COMPLETED_COLUMNS = [
    "STT",
    "Nhiệm vụ",
    "Cơ quan chủ trì",
    DUE,
    "Ngày hoàn thành",
    "Tình trạng",
    "Kết quả thực hiện",
]
COMPLETED_WIDTHS = [7, 36, 17, 13, 12, 15, 32]
MISSING_COLUMNS = ["STT", "Cơ quan", "Số nhiệm vụ phải báo cáo", "Đã gửi báo cáo", "Còn thiếu"]
MISSING_WIDTHS = [7, 60, 22, 20, 20]
AGENCY_COLUMNS = [
    "STT",
    "Nhiệm vụ",
    DUE,
    LATE,
    "Kết quả thực hiện",
    "Tình trạng",
    "Căn cứ đánh giá",
]
AGENCY_WIDTHS = [6, 34, 13, 9, 27, 14, 29]


# -- Phụ lục IV–VI: late tasks, tasks completed in the period, agencies owing reports ---------


def overdue_sheet(document) -> Sheet:
    report = document.report
    areas = {a.pk: a for a in report.areas}
    rows = [
        Row(
            [
                unit_code(row, areas),
                task_cell(row),
                row.lead_names,
                due_cell(row),
                days_late(row.classified, report.as_of),
                row.classified.status_label,
                basis_cell(row),
            ]
        )
        for row in report.overdue
    ]
    table = Table(columns=OVERDUE_COLUMNS, rows=rows, repeat_header=True)
    if not rows:
        table = Table(columns=[], rows=[], note="Không có nhiệm vụ quá hạn.")
    return Sheet(
        title=OVERDUE,
        widths=OVERDUE_WIDTHS,
        header=appendix_header(
            document, "IV", with_period(report, "NHIỆM VỤ QUÁ HẠN HOẶC HOÀN THÀNH SAU HẠN")
        ),
        tables=[table],
    )


def completed_in_period(document) -> list:
    """Counting units done at this period's cut-off that the previous report did not count as
    done (all units done so far when there is no previous report)."""
    previous = document.previous
    done_before = set()
    if previous is not None:
        done_before = {
            r.task.pk for r in previous.units if r.classified.report_class in DONE_CLASSES
        }
    return [
        r
        for r in document.report.units
        if r.classified.report_class in DONE_CLASSES and r.task.pk not in done_before
    ]


def previous_note(document) -> str:
    """Why there is no comparison with the previous period."""
    report = document.report
    earlier = report.period.previous()
    if earlier.year in report.plan.years:
        return f"Không kèm số liệu {earlier.cumulative_label} nên không so sánh với kỳ trước."
    return "Đây là kỳ báo cáo đầu tiên của kế hoạch nên không có kỳ trước để so sánh."


def completed_sheet(document) -> Sheet:
    report = document.report
    areas = {a.pk: a for a in report.areas}
    rows = [
        Row(
            [
                unit_code(row, areas),
                task_cell(row),
                row.lead_names,
                due_cell(row),
                row.classified.progress.completion_date,
                row.classified.status_label,
                result_cell(row),
            ]
        )
        for row in completed_in_period(document)
    ]
    header = appendix_header(document, "V", with_period(report, "NHIỆM VỤ HOÀN THÀNH TRONG KỲ"))
    if document.previous is not None:
        since = f"so với báo cáo {document.previous.period.cumulative_label}"
    else:
        since = previous_note(document) + " Liệt kê mọi nhiệm vụ đã hoàn thành"
    header.append(Line(f"{since}: {len(rows)} nhiệm vụ.", bold=False, italic=True))
    table = Table(columns=COMPLETED_COLUMNS, rows=rows, repeat_header=True)
    if not rows:
        table = Table(columns=[], rows=[], note="Không có nhiệm vụ hoàn thành trong kỳ.")
    return Sheet(title=COMPLETED, widths=COMPLETED_WIDTHS, header=header, tables=[table])


def reporting_status(document) -> tuple[int, int]:
    """(agencies with every report for the period in, agencies that owe reports), as
    `tasks.selectors.expected_reporters` counts them (docs/report-rules.md, rule 12)."""
    report = document.report
    return report.reporters - len(report.missing), report.reporters


def missing_sheet(document) -> Sheet:
    report = document.report
    done, owing = reporting_status(document)
    rows = [
        Row([index, m.agency.name, m.expected, m.submitted, m.missing])
        for index, m in enumerate(report.missing, start=1)
    ]
    header = appendix_header(
        document, "VI", f"CƠ QUAN CHƯA GỬI ĐỦ BÁO CÁO {report.period.label.upper()}"
    )
    header.append(Line(f"{done}/{owing} cơ quan đã báo cáo đủ.", bold=False, italic=True))
    table = Table(columns=MISSING_COLUMNS, rows=rows, repeat_header=True)
    if not rows:
        table = Table(columns=[], rows=[], note="Mọi cơ quan đã gửi đủ báo cáo.")
    return Sheet(title=MISSING, widths=MISSING_WIDTHS, header=header, tables=[table])


# -- Phụ lục VII: one sheet per lead agency ----------------------------------------------------


def agency_sheets(document) -> list[Sheet]:
    report = document.report
    return [
        _agency_sheet(document, number, agency, counts)
        for number, (agency, counts) in enumerate(report.by_agency, start=1)
    ]


def _agency_summary(counts) -> str:
    parts = [
        f"{counts.by_class[c]} {ReportClass(c).label.lower()}"
        for c in COUNTED_CLASSES
        if counts.by_class[c]
    ]
    if counts.cancelled:
        parts.append(f"{counts.cancelled} không thực hiện")
    return f"Chủ trì {counts.total} nhiệm vụ, nội dung: " + (", ".join(parts) or "không có")


def _agency_sheet(document, number: int, agency, counts) -> Sheet:
    """The tasks and sub-tasks the agency leads, each with the class it answers for itself
    (rule 8: what the counts per agency add up), under their area headings."""
    report = document.report
    rows = []
    for area, area_rows in report.rows_by_area():
        mine = [r for r in area_rows if any(a.pk == agency.pk for a in r.leads)]
        if not mine:
            continue
        rows.append(Row([area.numeral.rstrip("."), area.heading], AREA))
        for row in mine:
            own = row.own
            reporters = {agency.pk}
            for standing in own.progress.leads:
                if standing.agency.pk == agency.pk:
                    reporters.update(m.pk for m in standing.members)
            rows.append(
                Row(
                    [
                        row.task.display_code,
                        task_cell(row),
                        due_cell(row, own),
                        days_late(own, report.as_of),
                        result_cell(row, reporters),
                        own.status_label,
                        basis_cell(row, own),
                    ],
                    CHILD if row.depth else "",
                )
            )
    title = with_period(report, f"NHIỆM VỤ DO {agency.name.upper()} CHỦ TRÌ")
    header = appendix_header(document, f"VII.{number}", title)
    header.append(Line(_agency_summary(counts), bold=False, italic=True))
    return Sheet(
        title=agency.name,
        widths=AGENCY_WIDTHS,
        header=header,
        tables=[Table(columns=AGENCY_COLUMNS, rows=rows, repeat_header=True)],
    )
