"""Excel exports of tasks and reports, as data: sheet specs for `reformplan.xlsx`.

Two reports, both rendered by `reformplan.xlsx.render_workbook`:

- the consolidated report of a plan for a period (`consolidated_report_sheets`, from
  `tasks.reporting.build_report`), sent by the Interior Office to the district People's
  Committee and the province — sheets "Tổng hợp" (header, class counts overall, by area, by
  lead agency), "Chi tiết nhiệm vụ" (one row per task, sub-tasks indented under their parent,
  a heading row per area) and "Chỉ tiêu" (targets with their latest actual);
- one agency's tasks and reports for a period (`agency_report_sheets`, from
  `tasks.selectors.portal_rows`), what an agency head sends upward.

The URL (`tasks.export_views`) and the `export_report` command both call `consolidated_xlsx`,
so they produce the same cells.
"""

from __future__ import annotations

from itertools import groupby

from django.utils.text import slugify

from plans.models import Agency, Plan
from plans.periods import Period
from reformplan.xlsx import AREA, CHILD, TOTAL, Line, Row, Sheet, Table, render_workbook
from tasks.classification import ReportClass
from tasks.models import UNDATED_KINDS
from tasks.reporting import CLASS_ORDER, ConsolidatedReport, Counts, build_report
from tasks.selectors import PortalRow

NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
REPORT_TITLE = "BÁO CÁO KẾT QUẢ THỰC HIỆN KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH"
AGENCY_TITLE = "BÁO CÁO KẾT QUẢ THỰC HIỆN NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

DETAIL_COLUMNS = [
    "STT",
    "Nhiệm vụ",
    "Cơ quan chủ trì",
    "Cơ quan phối hợp",
    "Thời gian hoàn thành",
    "Sản phẩm",
    "Kết quả thực hiện",
    "Tình trạng",
    "Ghi chú",
]
DETAIL_WIDTHS = [7, 45, 22, 22, 16, 28, 45, 18, 18]

TARGET_COLUMNS = [
    "STT",
    "Chỉ tiêu",
    "Cơ quan theo dõi",
    "Chỉ tiêu đặt ra",
    "Kết quả thực hiện",
    "Kỳ số liệu",
    "Đánh giá",
]
TARGET_WIDTHS = [7, 60, 24, 24, 18, 14, 18]

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

SUMMARY_WIDTHS = [7, 42] + [14] * len(CLASS_ORDER) + [10]
PERCENT = "0.0"


# --- the consolidated report ----------------------------------------------------------


def consolidated_xlsx(plan: Plan, period: Period) -> bytes:
    return render_workbook(consolidated_report_sheets(build_report(plan, period)))


def report_filename(plan: Plan, period: Period) -> str:
    """ "bao-cao-cchc-thanh-oai-2022-2022-Q2.xlsx" """
    return f"bao-cao-cchc-{plan.slug}-{period.slug}.xlsx"


def consolidated_report_sheets(report: ConsolidatedReport) -> list[Sheet]:
    return [_summary_sheet(report), _detail_sheet(report), _targets_sheet(report)]


def _national_header(issuer: str, second: str = "") -> list[Line]:
    return [
        Line(issuer.upper(), right=NATION),
        Line(second.upper(), right=MOTTO),
    ]


def _issuer(plan: Plan) -> str:
    return plan.issuer or f"UBND huyện {plan.district.name}"


def period_line(period: Period) -> str:
    """ "Kỳ báo cáo: 6 tháng năm 2022 (đến ngày 30/06/2022)" """
    label = period.cumulative_label
    return f"Kỳ báo cáo: {label[0].upper()}{label[1:]} (đến ngày {period.end:%d/%m/%Y})"


def plan_line(plan: Plan) -> str:
    """ "Thực hiện Kế hoạch số 50/KH-UBND ngày 14/02/2022 của UBND huyện Thanh Oai về cải cách
    hành chính nhà nước năm 2022"; the number and date are left out when the plan has none."""
    parts = ["Thực hiện Kế hoạch"]
    if plan.number:
        parts.append(f"số {plan.number}")
    if plan.issue_date:
        parts.append(f"ngày {plan.issue_date:%d/%m/%Y}")
    if plan.issuer:
        parts.append(f"của {plan.issuer}")
    title = " ".join(plan.title.split())
    if title.lower().startswith("kế hoạch "):
        title = "về " + title[len("kế hoạch ") :]
    parts.append(title)
    return " ".join(parts)


def _summary_sheet(report: ConsolidatedReport) -> Sheet:
    plan, period = report.plan, report.period
    header = [
        *_national_header(_issuer(plan)),
        Line(""),
        Line(REPORT_TITLE),
        Line(period.cumulative_label.upper()),
        Line(period_line(period), bold=False, italic=True),
        Line(plan_line(plan), bold=False, italic=True),
    ]
    counts = report.counts
    overall = [
        Row([index, label, count, percent])
        for index, (_, label, count, percent) in enumerate(counts.cells(), start=1)
    ]
    overall.append(
        Row(["", "Tổng số nhiệm vụ", counts.total, 100.0 if counts.total else 0.0], TOTAL)
    )
    class_columns = [ReportClass(c).label for c in CLASS_ORDER]

    def count_row(first, name, c: Counts, kind="") -> Row:
        return Row([first, name, *(c.by_class[k] for k in CLASS_ORDER), c.total], kind)

    by_area = [count_row(a.numeral.rstrip("."), a.heading, c) for a, c in report.by_area]
    by_area.append(count_row("", "Tổng cộng", counts, TOTAL))
    by_agency = [
        count_row(index, agency.name, c)
        for index, (agency, c) in enumerate(report.by_agency, start=1)
    ]
    return Sheet(
        title="Tổng hợp",
        widths=SUMMARY_WIDTHS,
        header=header,
        tables=[
            Table(
                caption="1. Kết quả thực hiện nhiệm vụ",
                columns=["STT", "Nội dung", "Số nhiệm vụ", "Tỷ lệ %"],
                rows=overall,
                number_formats={3: PERCENT},
            ),
            Table(
                caption="2. Theo lĩnh vực cải cách hành chính",
                columns=["STT", "Lĩnh vực", *class_columns, "Tổng số"],
                rows=by_area,
            ),
            Table(
                caption=(
                    "3. Theo cơ quan chủ trì (nhiệm vụ có nhiều cơ quan chủ trì được tính cho "
                    "mỗi cơ quan)"
                ),
                columns=["STT", "Cơ quan chủ trì", *class_columns, "Tổng số"],
                rows=by_agency,
            ),
        ],
    )


def _detail_note(row) -> str:
    task, classified = row.task, row.classified
    notes = []
    if classified.overdue:
        notes.append("Quá hạn")
    elif classified.report_class == ReportClass.DONE_LATE:
        notes.append("Hoàn thành sau hạn")
    if classified.report_class == ReportClass.UNDATED and task.deadline_kind in UNDATED_KINDS:
        notes.append(task.get_deadline_kind_display())
    elif classified.report_class == ReportClass.UNDATED:
        notes.append("Chưa xác định được thời hạn")
    if task.initiative:
        notes.append("Sáng kiến")
    return "; ".join(notes)


def _detail_sheet(report: ConsolidatedReport) -> Sheet:
    rows = []
    for area, area_rows in report.rows_by_area():
        rows.append(Row([area.numeral.rstrip("."), area.heading], AREA))
        for row in area_rows:
            task = row.task
            rows.append(
                Row(
                    [
                        task.display_code,
                        task.title,
                        row.lead_names,
                        row.partner_names,
                        task.deadline_text or task.due_date,
                        task.products,
                        row.result_text,
                        row.classified.status_label,
                        _detail_note(row),
                    ],
                    CHILD if row.depth else "",
                )
            )
    return Sheet(
        title="Chi tiết nhiệm vụ",
        widths=DETAIL_WIDTHS,
        header=[
            Line(
                f"KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH "
                f"{report.period.cumulative_label.upper()}"
            ),
            Line(plan_line(report.plan), bold=False, italic=True),
        ],
        tables=[Table(columns=DETAIL_COLUMNS, rows=rows, repeat_header=True)],
    )


def _targets_sheet(report: ConsolidatedReport) -> Sheet:
    rows = []
    for target in report.targets:
        indicator = target.indicator
        rows.append(
            Row(
                [
                    indicator.display_code,
                    " ".join((indicator.clause or indicator.statement).split()),
                    indicator.responsible.name if indicator.responsible else "",
                    target.target_label,
                    target.latest_label,
                    target.latest_period.label if target.latest_period else "",
                    target.met_label,
                ]
            )
        )
    return Sheet(
        title="Chỉ tiêu",
        widths=TARGET_WIDTHS,
        header=[
            Line(f"KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU {report.period.cumulative_label.upper()}"),
            Line(period_line(report.period), bold=False, italic=True),
        ],
        tables=[Table(columns=TARGET_COLUMNS, rows=rows, repeat_header=True)],
    )


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
        *_national_header(_issuer(plan), agency.name),
        Line(""),
        Line(AGENCY_TITLE),
        Line(period.cumulative_label.upper()),
        Line(period_line(period), bold=False, italic=True),
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
