"""Writing the task sheet: the empty template or a plan's areas and tasks, with a guide sheet."""

from __future__ import annotations

import datetime
import io

from plans.models import Plan
from reformplan.exchange import write_text_cell
from tasks.models import AssignmentRole, Task
from tasks.spreadsheet.columns import (
    COLUMNS,
    DUPLICATE_MARK,
    GUIDE_TITLE,
    MAX_ROWS,
    SHEET_TITLE,
    TEXT_FIELDS,
)


def _agency_cell(task: Task, role: str) -> str:
    return "\n".join(
        a.name_as_written or a.agency.name for a in task.assignments.all() if a.role == role
    )


def sheet_rows(plan: Plan | None, with_tasks: bool = True) -> list[tuple[str, list]]:
    """The rows of the task sheet as (kind, values), kind "area" or "task", in column order."""
    if plan is None:
        return []
    areas = list(plan.areas.all())
    tasks_by_area: dict[int, list[Task]] = {a.pk: [] for a in areas}
    if with_tasks:
        tasks = plan.tasks.select_related("parent").prefetch_related("assignments__agency")
        for task in tasks:
            tasks_by_area.setdefault(task.area_id, []).append(task)
    rows: list[tuple[str, list]] = []
    for area in areas:
        rows.append(("area", [area.numeral, area.heading] + [None] * (len(COLUMNS) - 2)))
        seen: set[str] = set()
        for task in tasks_by_area[area.pk]:
            code = task.display_code
            values = {
                "code": code + (DUPLICATE_MARK if code in seen else ""),
                "lead": _agency_cell(task, AssignmentRole.LEAD),
                "partners": _agency_cell(task, AssignmentRole.PARTNER),
                "monitors": _agency_cell(task, AssignmentRole.MONITOR),
                "deadline_text": task.deadline_text,
                "due_date": task.due_date,
                "initiative": "Có" if task.initiative else "",
                **{key: getattr(task, key) for key in TEXT_FIELDS},
            }
            seen.add(code)
            rows.append(("task", [values[c.key] for c in COLUMNS]))
    return rows


def plan_workbook(plan: Plan | None, with_tasks: bool = True) -> bytes:
    """The .xlsx template: the task sheet (empty, or the plan's areas and tasks) and a guide.

    Written with openpyxl directly rather than `reformplan.xlsx`: that renderer merges area
    heading rows across the table, and merged cells are refused on import.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    font = Font(name="Times New Roman", size=11)
    bold = Font(name="Times New Roman", size=11, bold=True)
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(vertical="top", wrap_text=True)
    fill = PatternFill("solid", fgColor="D9D9D9")

    workbook = Workbook()
    ws = workbook.active
    ws.title = SHEET_TITLE
    for index, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        ws.column_dimensions[letter].width = column.width
        cell = ws.cell(row=1, column=index)
        write_text_cell(cell, column.title)
        cell.font, cell.border, cell.fill = bold, border, fill
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.freeze_panes = "A2"
    ws.print_title_rows = "1:1"
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    due_index = [c.key for c in COLUMNS].index("due_date")
    for row_number, (kind, values) in enumerate(sheet_rows(plan, with_tasks), start=2):
        for index, value in enumerate(values):
            cell = ws.cell(row=row_number, column=index + 1)
            cell.border = border
            cell.alignment = wrap
            cell.font = bold if kind == "area" else font
            if index == 0:
                cell.number_format = "@"  # STT stays text: "1.10" is not the number 1.1
            if index == due_index:
                cell.number_format = "dd/mm/yyyy"
            if value is None or value == "":
                continue
            if isinstance(value, datetime.date):
                cell.value = value
            else:
                write_text_cell(cell, value)

    guide = workbook.create_sheet(GUIDE_TITLE)
    guide.column_dimensions["A"].width = 24
    guide.column_dimensions["B"].width = 12
    guide.column_dimensions["C"].width = 100
    for index, title in enumerate(["Cột", "Bắt buộc", "Cách ghi"], start=1):
        cell = guide.cell(row=1, column=index)
        write_text_cell(cell, title)
        cell.font, cell.fill, cell.border = bold, fill, border
    lines = [(c.title, "Có" if c.required else "", c.help) for c in COLUMNS]
    lines += [
        ("", "", ""),
        ("Quy tắc chung", "", GENERAL_RULES),
    ]
    for row_number, values in enumerate(lines, start=2):
        for index, value in enumerate(values, start=1):
            cell = guide.cell(row=row_number, column=index)
            if value:
                write_text_cell(cell, value)
            cell.alignment = wrap
            cell.font = bold if index == 1 else font

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


GENERAL_RULES = (
    "Trang “Danh mục nhiệm vụ”: dòng 1 là tên cột, không đổi tên; mỗi dòng tiếp theo là một "
    "dòng lĩnh vực hoặc một nhiệm vụ. Dòng đầu tiên phải là dòng lĩnh vực. Không gộp ô, không "
    "dùng công thức. Tải lên tệp .xlsx (hoặc .csv mã UTF-8), tối đa "
    f"{MAX_ROWS} dòng. Nhiệm vụ được nhận ra theo lĩnh vực và số thứ tự: tải lại cùng tệp sẽ "
    "cập nhật, không tạo trùng. Nhiệm vụ có trong kế hoạch nhưng không có trong tệp được giữ "
    "nguyên (không xoá). Nếu tệp có lỗi, không dòng nào được nhập: sửa trong Excel rồi tải lên lại."
)


def template_filename(plan: Plan | None, with_tasks: bool) -> str:
    if plan is None:
        return "mau-danh-muc-nhiem-vu.xlsx"
    return f"{'nhiem-vu' if with_tasks else 'mau-nhiem-vu'}-{plan.slug}.xlsx"
