"""Texts and cell values shared by the sheets of the report workbook (`tasks.reports.xlsx`) and
by an agency's own export (`tasks.progress.exports`). Plain functions over the report's rows (duck
typed: `tasks.reports.builder.ReportRow`, `Classified`); nothing here reads the database.
"""

from __future__ import annotations

import datetime

from reformplan.xlsx import Chart, Line
from tasks.reports.classification import COUNTED_CLASSES, ReportClass
from tasks.reports.document import MOTTO, NATION

NO_RESULT = "Chưa có báo cáo"
DUE = "Hạn tính"
LATE = "Số ngày quá hạn"
PERCENT = "0.0"
SIGNED = "+0;-0;0"  # a change: +2, -1, 0
DONE_CLASSES = (ReportClass.DONE_ON_TIME, ReportClass.DONE_LATE)
# Bar colours per class, in COUNTED_CLASSES order (legible in grey print too).
CLASS_COLORS = ("2E7D32", "9CCC65", "1E88E5", "FB8C00", "C62828", "9E9E9E")


def national_header(issuer: str, second: str = "") -> list[Line]:
    """The two-line header of an agency's own export: its issuer and itself on the left, the
    Quốc hiệu and tiêu ngữ on the right."""
    return [
        Line(issuer.upper(), right=NATION),
        Line(second.upper(), right=MOTTO),
    ]


def period_line(period, as_of: datetime.date | None = None) -> str:
    """ "Kỳ báo cáo: 6 tháng năm 2022 (số liệu tính đến ngày 30/06/2022)": `as_of` is the
    report's data cut-off (the period's last day when not given)."""
    label = period.cumulative_label
    as_of = as_of or period.end
    return f"Kỳ báo cáo: {label[0].upper()}{label[1:]} (số liệu tính đến ngày {as_of:%d/%m/%Y})"


def plan_line(plan) -> str:
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


def appendix_header(document, numeral: str, title: str) -> list[Line]:
    """ "Phụ lục I", the title, "(Kèm theo Báo cáo số …/BC-UBND ngày … của UBND huyện …)" and
    the report's period with its data cut-off."""
    report = document.report
    return [
        Line(f"Phụ lục {numeral}", size=13),
        Line(title, size=13),
        Line(document.frame.appendix_reference, bold=False, italic=True),
        Line(period_line(report.period, report.as_of), bold=False, italic=True),
    ]


def due_cell(row, classified=None) -> str:
    """The due date the report judged the task against and the plan's own words:
    "30/06/2022\n(Quý II/2022)"; "Không có\n(Thường xuyên)" for a task without one."""
    text = " ".join((row.task.deadline_text or "").split())
    due = (classified or row.classified).due_date
    if due is None:
        return f"Không có\n({text})" if text else "Không có"
    day = f"{due:%d/%m/%Y}"
    return f"{day}\n({text})" if text and text != day else day


def days_late(classified, as_of: datetime.date) -> int | None:
    """Days past the due date: at the cut-off for a late task not done, at completion for a
    task done late; for a missed milestone, days since the milestone. None when not late."""
    due = classified.due_date
    if classified.report_class == ReportClass.DONE_LATE:
        completed = classified.progress.completion_date
        return (completed - due).days if completed and due else None
    if not classified.overdue:
        return None
    if due is not None and due < as_of:
        return (as_of - due).days
    if classified.missed_milestone is not None:
        return (as_of - classified.missed_milestone).days
    return None


def task_cell(row) -> str:
    """The task with its product (the plan's "Sản phẩm") under it."""
    task = row.task
    products = " ".join((task.products or "").split())
    return f"{task.title}\nSản phẩm: {products}" if products else task.title


def result_cell(row, agencies=None) -> str:
    """What the agencies reported (only `agencies`' reports when given), or "Chưa có báo cáo";
    a task the Interior Office itself declared done says so."""
    if agencies is None:
        text = row.result_text
    else:
        lines = []
        for agency, report in row.results:
            if agency.pk in agencies:
                result = report.result.strip()
                if report.product_issued:
                    product = report.product_issued
                    result = f"{result} ({product})" if result else product
                lines.append(f"{agency.name}: {result or report.get_status_display()}")
        text = "\n".join(lines)
    if text:
        return text
    if row.classified.progress.by_office:
        return "Phòng Nội vụ xác định hoàn thành"
    return NO_RESULT


def basis_cell(row, classified=None) -> str:
    """Why the row has its class, then any data problem and the initiative flag."""
    notes = [(classified or row.classified).reason]
    if row.problem:
        notes.append(f"Lưu ý: {row.problem}")
    if row.task.initiative:
        notes.append("Sáng kiến")
    return "\n".join(notes)


def unit_code(row, areas: dict) -> str:
    """ "I/2": the area's numeral and the task's code, for lists that leave the plan's order
    (`areas`: the report's areas by id)."""
    area = areas.get(row.task.area_id)
    numeral = area.numeral.rstrip(".") if area else "?"
    return f"{numeral}/{row.task.display_code or '—'}"


def with_period(report, text: str) -> str:
    """ "TITLE 6 THÁNG NĂM 2022" """
    return f"{text} {report.period.cumulative_label.upper()}"


def class_labels() -> list[str]:
    return [ReportClass(c).label for c in COUNTED_CLASSES]


def class_chart(title: str) -> Chart:
    """Stacked bars of the class counts (columns 2… of a count table) per row."""
    series = range(2, 2 + len(COUNTED_CLASSES))
    return Chart(title=title, series=list(series), categories=1, colors=CLASS_COLORS)


def count_values(counts) -> list[int]:
    return [counts.by_class[c] for c in COUNTED_CLASSES] + [counts.total]
