"""One agency's tasks and reports for a period as an Excel file (`agency_report_sheets`,
from `tasks.progress.selectors.portal_rows`): what an agency head sends upward, sharing the
header lines of the consolidated report's workbook (`tasks.reports.xlsx`).
"""

from __future__ import annotations

from itertools import groupby

from django.utils.text import slugify

from plans.models import Agency, Plan
from plans.periods import Period
from reformplan.xlsx import AREA, CHILD, Line, Row, Sheet, Table, render_workbook
from tasks.progress.selectors import PortalRow
from tasks.reports.xlsx import national_header, period_line, plan_line

__all__ = ["period_line", "plan_line"]

AGENCY_TITLE = "BÁO CÁO KẾT QUẢ THỰC HIỆN NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

AGENCY_COLUMNS = [
    "STT",
    "Nhiệm vụ",
    "Vai trò",
    "Thời gian hoàn thành",
    "Tình trạng",
    "Tỷ lệ %",
    "Kết quả thực hiện",
    "Sản phẩm đã ban hành",
    "Khó khăn",
    "Đề xuất",
    "Trạng thái duyệt",
]
AGENCY_WIDTHS = [7, 42, 14, 16, 16, 9, 40, 26, 24, 24, 16]


def _issuer(plan: Plan) -> str:
    return plan.issuer or plan.unit.committee


# --- one agency's report ----------------------------------------------------------------


def agency_filename(agency: Agency, plan: Plan, period: Period) -> str:
    """ "bao-cao-phong-noi-vu-thanh-oai-2022-2022-Q2.xlsx" """
    name = slugify(agency.name.replace("đ", "d").replace("Đ", "D")) or f"don-vi-{agency.pk}"
    return f"bao-cao-{name}-{plan.slug}-{period.slug}.xlsx"


def agency_report_xlsx(agency: Agency, plan: Plan, period: Period, rows: list[PortalRow]) -> bytes:
    return render_workbook(agency_report_sheets(agency, plan, period, rows))


def _agency_status(row: PortalRow) -> str:
    status = row.report.get_status_display() if row.report else "Chưa báo cáo"
    return f"{status} (quá hạn)" if row.overdue else status


def agency_report_sheets(
    agency: Agency, plan: Plan, period: Period, rows: list[PortalRow]
) -> list[Sheet]:
    """One sheet: the agency's tasks in `plan`, grouped by area, with its report for `period`."""
    table_rows = []
    for area, area_rows in groupby(rows, key=lambda r: r.task.area):
        table_rows.append(Row([area.numeral.rstrip("."), area.heading], AREA))
        for row in area_rows:
            task, report = row.task, row.report
            role = row.role_label
            if row.via:
                role = f"{role} (qua nhóm “{row.via.name}”)"
            table_rows.append(
                Row(
                    [
                        task.display_code,
                        task.title,
                        role,
                        task.deadline_text or task.due_date,
                        _agency_status(row),
                        report.percent if report else None,
                        report.result if report else "",
                        report.product_issued if report else "",
                        report.difficulties if report else "",
                        report.proposals if report else "",
                        report.get_review_state_display() if report else "",
                    ],
                    CHILD if task.parent_id else "",
                )
            )
    header = [
        *national_header(_issuer(plan), agency.name),
        Line(""),
        Line(AGENCY_TITLE),
        Line(period.cumulative_label.upper()),
        Line(period_line(period, plan.cutoff(period)), bold=False, italic=True),
        Line(plan_line(plan), bold=False, italic=True),
    ]
    return [
        Sheet(
            title="Nhiệm vụ của đơn vị",
            widths=AGENCY_WIDTHS,
            header=header,
            tables=[Table(columns=AGENCY_COLUMNS, rows=table_rows, repeat_header=True)],
        )
    ]
