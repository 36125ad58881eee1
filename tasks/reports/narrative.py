"""The narrative sections of a new report edition, pre-filled from the data for the office to
edit: what was done, by whom, with which documents; what is late and why; what comes next; and
what the agencies asked for. Pure functions over a ConsolidatedReport (no queries).
"""

from __future__ import annotations

from tasks.reports.classification import ReportClass

DONE = (ReportClass.DONE_ON_TIME, ReportClass.DONE_LATE)
RUNNING = (ReportClass.IN_PROGRESS_ON_TIME, ReportClass.IN_PROGRESS_OVERDUE)
DIRECTION_AREA = "chi-dao-dieu-hanh"


def _d(day) -> str:
    return f"{day:%d/%m/%Y}"


def _ref(row) -> str:
    return f"{row.task.area.numeral.rstrip('.')}/{row.task.display_code or '—'}"


def _current_reports(report, row):
    period = report.period
    return [(a, r) for a, r in row.results if (r.year, r.quarter) == (period.year, period.quarter)]


def _result_lines(report, rows) -> list[str]:
    """ "- I/2. Rà soát văn bản: Phòng Tư pháp: đã rà soát 45 văn bản (Báo cáo số 12/BC-TP)" """
    lines = []
    for row in rows:
        if row.classified.report_class not in (*DONE, *RUNNING):
            continue
        said = []
        for agency, progress_report in _current_reports(report, row) or row.results:
            text = progress_report.result.strip() or progress_report.get_status_display().lower()
            if progress_report.product_issued:
                text += f" ({progress_report.product_issued})"
            said.append(f"{agency.name}: {text}")
        state = "hoàn thành" if row.classified.report_class in DONE else "đang thực hiện"
        detail = "; ".join(said) if said else state
        lines.append(f"- {_ref(row)}. {row.task.short_title} — {state}. {detail}")
    return lines


def _count_sentence(counts) -> str:
    c = counts.by_class
    done = c[ReportClass.DONE_ON_TIME] + c[ReportClass.DONE_LATE]
    running = c[ReportClass.IN_PROGRESS_ON_TIME] + c[ReportClass.IN_PROGRESS_OVERDUE]
    late = c[ReportClass.DONE_LATE] + c[ReportClass.IN_PROGRESS_OVERDUE]
    parts = [
        f"{done} nhiệm vụ hoàn thành ({c[ReportClass.DONE_ON_TIME]} đúng hạn, "
        f"{c[ReportClass.DONE_LATE]} quá hạn)",
        f"{running} nhiệm vụ đang thực hiện ({c[ReportClass.IN_PROGRESS_OVERDUE]} quá hạn)",
        f"{c[ReportClass.NOT_STARTED]} nhiệm vụ chưa thực hiện",
        f"{c[ReportClass.UNDATED]} nhiệm vụ thường xuyên hoặc chưa có thời hạn cụ thể",
    ]
    text = f"Tổng số {counts.total} nhiệm vụ: " + "; ".join(parts) + "."
    if late:
        text += f" Có {late} nhiệm vụ hoàn thành hoặc thực hiện chậm so với thời hạn."
    return text


def direction_text(report) -> str:
    plan = report.plan
    number = f" số {plan.number}" if plan.number else ""
    issued = f" ngày {_d(plan.issue_date)}" if plan.issue_date else ""
    lines = [
        f"Thực hiện Kế hoạch{number}{issued} của {plan.issuer or 'Ủy ban nhân dân'} "
        f"({' '.join(plan.title.split())}), tình hình chỉ đạo, điều hành công tác cải cách hành "
        f"chính {report.period.cumulative_label} như sau:"
    ]
    rows = [r for r in report.units if r.task.area.reform_area.code == DIRECTION_AREA]
    lines += _result_lines(report, rows) or [
        "- Chưa có cơ quan báo cáo kết quả các nhiệm vụ chỉ đạo, điều hành trong kỳ."
    ]
    return "\n".join(lines)


def area_sections(report) -> list[dict]:
    """One {area, heading, text} per area of the plan, in its order."""
    counts = dict(report.by_area)
    sections = []
    for area, rows in report.rows_by_area():
        units = [r for r in rows if r.depth == 0]
        lines = [_count_sentence(counts[area]), *_result_lines(report, units)]
        sections.append({"area": area.pk, "heading": area.heading, "text": "\n".join(lines)})
    return sections


def completed_in_period(report) -> list:
    """Units done with a completion date after the previous period's cut-off."""
    since = report.period.previous().cutoff(report.plan.data_cutoff)
    return [
        r
        for r in report.units
        if r.classified.report_class in DONE
        and r.classified.progress.completion_date
        and r.classified.progress.completion_date > since
    ]


def achievements_text(report) -> str:
    lines = [_count_sentence(report.counts)]
    done_now = completed_in_period(report)
    if done_now:
        lines.append(f"Các nhiệm vụ hoàn thành trong kỳ ({len(done_now)}):")
        lines += [f"- {_ref(r)}. {r.task.short_title}" for r in done_now]
    return "\n".join(lines)


def _missing_lines(missing) -> list[str]:
    """One line per agency; agencies that sent none of the same number of reports (the
    communes of a group-led task, typically) are named together on one line."""
    silent: dict[int, list] = {}
    for m in missing:
        if m.submitted == 0:
            silent.setdefault(m.expected, []).append(m)
    grouped = {e: ms for e, ms in silent.items() if len(ms) > 3}
    lines = []
    for expected, members in grouped.items():
        names = ", ".join(m.agency.name for m in members)
        lines.append(
            f"- {len(members)} đơn vị chưa gửi báo cáo nào (mỗi đơn vị {expected} báo cáo): {names}"
        )
    lines += [
        f"- {m.agency.name}: còn thiếu {m.missing}/{m.expected} báo cáo"
        for m in missing
        if not (m.submitted == 0 and m.expected in grouped)
    ]
    return lines


def shortcomings_text(report) -> str:
    lines = []
    late = [r for r in report.overdue if r.classified.overdue]
    if late:
        lines.append(f"Còn {len(late)} nhiệm vụ quá hạn chưa hoàn thành:")
        lines += [
            f"- {_ref(r)}. {r.task.short_title} ({r.lead_names or 'chưa có cơ quan chủ trì'}; "
            f"{r.reason})"
            for r in late
        ]
    if report.missing:
        lines.append(f"{len(report.missing)} cơ quan, đơn vị chưa gửi đủ báo cáo kỳ này:")
        lines += _missing_lines(report.missing)
    return "\n".join(lines) or "Không có nhiệm vụ quá hạn; các cơ quan đã gửi đủ báo cáo."


def _agency_texts(report, field: str) -> list[str]:
    seen, lines = set(), []
    for row in report.units + [r for r in report.rows if r.depth]:
        for agency, progress_report in _current_reports(report, row):
            text = " ".join(getattr(progress_report, field).split())
            if text and (agency.pk, text) not in seen:
                seen.add((agency.pk, text))
                lines.append(f"- {agency.name} ({_ref(row)}): {text}")
    return lines


def causes_text(report) -> str:
    lines = _agency_texts(report, "difficulties")
    if not lines:
        return "Các cơ quan, đơn vị chưa nêu khó khăn, vướng mắc trong báo cáo kỳ này."
    return "\n".join(["Khó khăn, vướng mắc các cơ quan, đơn vị nêu trong báo cáo:", *lines])


def next_steps_text(report) -> str:
    following = report.period.next()
    until = following.cutoff(report.plan.data_cutoff)
    due_next = [
        r
        for r in report.units
        if r.classified.report_class not in DONE
        and r.classified.due_date
        and report.as_of < r.classified.due_date <= until
    ]
    lines = []
    if due_next:
        lines.append(f"Tập trung hoàn thành các nhiệm vụ đến hạn trong {following.label}:")
        lines += [
            f"- {_ref(r)}. {r.task.short_title} (hạn {_d(r.classified.due_date)}; "
            f"{r.lead_names or 'chưa có cơ quan chủ trì'})"
            for r in due_next
        ]
    late = [r for r in report.overdue if r.classified.overdue]
    if late:
        lines.append("Tiếp tục thực hiện các nhiệm vụ quá hạn chuyển sang kỳ sau:")
        lines += [f"- {_ref(r)}. {r.task.short_title} ({r.lead_names})" for r in late]
    lines.append("Tiếp tục thực hiện các nhiệm vụ thường xuyên theo kế hoạch.")
    return "\n".join(lines)


def proposals_text(report) -> str:
    lines = _agency_texts(report, "proposals")
    if not lines:
        return "Các cơ quan, đơn vị chưa có đề xuất, kiến nghị trong báo cáo kỳ này."
    return "\n".join(["Đề xuất, kiến nghị của các cơ quan, đơn vị:", *lines])


def prefill(report) -> dict:
    """The edition's narrative fields, pre-filled from `report`."""
    return {
        "direction": direction_text(report),
        "areas": area_sections(report),
        "achievements": achievements_text(report),
        "shortcomings": shortcomings_text(report),
        "causes": causes_text(report),
        "next_steps": next_steps_text(report),
        "proposals": proposals_text(report),
    }
