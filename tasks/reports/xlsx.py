"""The quarterly report's Excel workbook: the appendices of the signed report, readable on paper.

`render_xlsx(document)` renders a `ReportDocument` (tasks.reports.document) through
`reformplan.xlsx` without reading the database. Sheets, in order:

- "Tổng hợp": the Decree 30/2020/NĐ-CP header frame (issuing body and "Số: …/BC-UBND" on the
  left; Quốc hiệu, tiêu ngữ and the place-and-date line on the right), "BÁO CÁO" and the
  trích yếu, the period with its data cut-off, how many agencies have reported ("x/y cơ quan
  đã báo cáo đủ", with a warning when no report has come in), then the class counts, the
  comparison with the previous period and the counts per area with a stacked bar chart;
- the appendices: Phụ lục I "Chi tiết nhiệm vụ", II "Chỉ tiêu", III "Theo cơ quan"
  (tasks.reports.xlsx_sheets), IV "Quá hạn", V "Hoàn thành trong kỳ", VI "Chưa báo cáo đủ" and
  VII.n, one sheet per lead agency (tasks.reports.xlsx_lists).

The report (`document.report`, `document.previous`) is duck typed: a ConsolidatedReport of the
report builder. `national_header`, `period_line` and `plan_line` are shared with an agency's own
export (tasks.progress.exports).
"""

from __future__ import annotations

import datetime

from reformplan.xlsx import TOTAL, Line, Row, Sheet, Table, render_workbook
from tasks.reports.classification import COUNTED_CLASSES, ReportClass
from tasks.reports.document import MOTTO, NATION, ReportDocument
from tasks.reports.xlsx_cells import (
    PERCENT,
    SIGNED,
    class_chart,
    class_labels,
    count_values,
    national_header,
    period_line,
    plan_line,
)
from tasks.reports.xlsx_lists import (
    MISSING,
    agency_sheets,
    completed_sheet,
    missing_sheet,
    overdue_sheet,
    previous_note,
    reporting_status,
)
from tasks.reports.xlsx_sheets import by_agency_sheet, detail_sheet, targets_sheet

__all__ = ["national_header", "period_line", "plan_line", "render_xlsx", "report_sheets"]

SUMMARY = "Tổng hợp"
SUMMARY_WIDTHS = [6, 40] + [12] * len(COUNTED_CLASSES) + [9]
DRAFT_NOTICE = "DỰ THẢO — chưa chốt số liệu, không dùng để ký ban hành"
NO_REPORTS = "Chưa có cơ quan nào gửi báo cáo trong kỳ."
RED = "C00000"


def render_xlsx(document: ReportDocument) -> bytes:
    """The workbook's bytes, the same for the same document: dated by the report's date (or
    its data cut-off), never by the clock."""
    frame = document.frame
    day = frame.date or document.report.as_of
    return render_workbook(
        report_sheets(document),
        stamp=datetime.datetime(day.year, day.month, day.day),
        title=f"{document.title} {frame.subject}".strip(),
        subject=frame.subject,
        author=frame.issuing_body_short,
    )


def report_sheets(document: ReportDocument) -> list[Sheet]:
    return [
        summary_sheet(document),
        detail_sheet(document),
        targets_sheet(document),
        by_agency_sheet(document),
        overdue_sheet(document),
        completed_sheet(document),
        missing_sheet(document),
        *agency_sheets(document),
    ]


# -- "Tổng hợp" --------------------------------------------------------------------------------


def frame_lines(frame) -> list[Line]:
    """The Decree 30 header in two halves: the issuing body (its parent body first, if any)
    over "Số: …/BC-UBND"; the Quốc hiệu and the tiêu ngữ over the place-and-date line."""
    left = [(frame.parent_body.upper(), False)] if frame.parent_body else []
    left += [(line.upper(), True) for line in frame.issuing_body]
    right = [NATION, MOTTO]
    count = max(len(left), len(right))
    left += [("", True)] * (count - len(left))
    right += [""] * (count - len(right))
    lines = [
        Line(
            text,
            right=right_text,
            bold=bold,
            size=13,
            right_bold=True,
            right_size=12 if right_text == NATION else 13,
            right_underline=right_text == MOTTO,
            halves=True,
        )
        for (text, bold), right_text in zip(left, right, strict=True)
    ]
    lines.append(
        Line(
            frame.number_line,
            right=frame.place_date_line,
            bold=False,
            size=13,
            right_italic=True,
            right_size=14,
        )
    )
    return lines


def has_reports_in_period(report) -> bool:
    current = (report.period.year, report.period.quarter)
    return any((r.year, r.quarter) == current for row in report.rows for _, r in row.results)


def status_lines(document: ReportDocument) -> list[Line]:
    """How many agencies have reported, a warning when none has, and the draft's notes."""
    report = document.report
    done, owing = reporting_status(document)
    text = f"Tình hình gửi báo cáo {report.period.label}: {done}/{owing} cơ quan đã báo cáo đủ"
    if report.missing:
        text += f"; {len(report.missing)} cơ quan chưa gửi đủ (sheet “{MISSING}”)"
    lines = [Line(text + ".", bold=False, align="left")]
    if not has_reports_in_period(report):
        warning = f"CẢNH BÁO: {NO_REPORTS} Số liệu chỉ dựa trên báo cáo các kỳ trước."
        lines.append(Line(warning, color=RED, align="left"))
    if not document.final:
        lines.append(Line(DRAFT_NOTICE, italic=True, color=RED, align="left"))
        lines += [
            Line(f"- {note}", bold=False, italic=True, color=RED, align="left")
            for note in document.notes
            if note != NO_REPORTS
        ]
    return lines


def _overall_table(report) -> Table:
    counts = report.counts
    rows = [
        Row([index, label, count, percent])
        for index, (_, label, count, percent) in enumerate(counts.cells(), start=1)
    ]
    rows.append(Row(["", "Tổng số nhiệm vụ", counts.total, 100.0 if counts.total else 0.0], TOTAL))
    if counts.cancelled:
        rows.append(
            Row(["", "Không thực hiện (không tính vào tổng và tỷ lệ)", counts.cancelled, None])
        )
    return Table(
        caption="1. Kết quả thực hiện nhiệm vụ",
        columns=["STT", "Nội dung", "Số nhiệm vụ", "Tỷ lệ %"],
        rows=rows,
        number_formats={3: PERCENT},
        keep_together=True,
    )


def _comparison_table(document: ReportDocument) -> Table:
    """Counts per class in the previous period's report and in this one, and the change."""
    caption = "2. So sánh với kỳ trước"
    previous = document.previous
    if previous is None:
        return Table(caption=caption, columns=[], rows=[], note=previous_note(document))
    before, now = previous.counts, document.report.counts
    rows = [
        Row([index, ReportClass(c).label, before.by_class[c], now.by_class[c]])
        for index, c in enumerate(COUNTED_CLASSES, start=1)
    ]
    rows.append(Row(["", "Tổng số nhiệm vụ", before.total, now.total], TOTAL))
    rows = [Row([*r.values, r.values[3] - r.values[2]], r.kind) for r in rows]
    return Table(
        caption=f"{caption} ({previous.period.cumulative_label})",
        columns=["STT", "Nội dung", "Kỳ trước", "Kỳ này", "Tăng/giảm"],
        rows=rows,
        number_formats={4: SIGNED},
        keep_together=True,
    )


def _area_table(report) -> Table:
    rows = [
        Row([area.numeral.rstrip("."), area.heading, *count_values(counts)])
        for area, counts in report.by_area
    ]
    rows.append(Row(["", "Tổng cộng", *count_values(report.counts)], TOTAL))
    return Table(
        caption="3. Theo lĩnh vực cải cách hành chính",
        columns=["STT", "Lĩnh vực", *class_labels(), "Tổng số"],
        rows=rows,
        keep_together=True,
        chart=class_chart("Tình trạng nhiệm vụ theo lĩnh vực"),
    )


def _appendix_note(document: ReportDocument) -> Table:
    report = document.report
    agencies = len(report.by_agency)
    return Table(
        caption="4. Các phụ lục kèm theo",
        columns=[],
        rows=[],
        note=(
            "Phụ lục I: chi tiết từng nhiệm vụ; II: chỉ tiêu; III: theo cơ quan chủ trì; "
            f"IV: nhiệm vụ quá hạn hoặc hoàn thành sau hạn ({len(report.overdue)}); "
            "V: nhiệm vụ hoàn thành trong kỳ; "
            f"VI: cơ quan chưa gửi đủ báo cáo ({len(report.missing)}); "
            f"VII: nhiệm vụ của từng cơ quan chủ trì ({agencies} cơ quan, mỗi cơ quan một sheet)."
        ),
    )


def summary_sheet(document: ReportDocument) -> Sheet:
    report, frame = document.report, document.frame
    header = [
        *frame_lines(frame),
        Line(""),
        Line(document.title, size=14),
        Line(frame.subject, size=14),
        Line(period_line(report.period, report.as_of), bold=False, italic=True),
        Line(plan_line(report.plan), bold=False, italic=True),
        *status_lines(document),
    ]
    return Sheet(
        title=SUMMARY,
        widths=SUMMARY_WIDTHS,
        header=header,
        tables=[
            _overall_table(report),
            _comparison_table(document),
            _area_table(report),
            _appendix_note(document),
        ],
    )
