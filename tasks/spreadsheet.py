"""A plan's task list as a spreadsheet: the template, reading an upload, the preview, the import.

District offices keep drafting appendices in Excel, so the task list goes both ways through one
sheet layout (`COLUMNS`): `plan_workbook` writes it (empty template or a loaded plan), and
`import_plan_file` reads an .xlsx or .csv back into a plan. The admin (`tasks.import_admin`)
and `manage.py import_plan` both go through `build_preview` and `apply_preview`, so they report
the same summary, errors and warnings.

The sheet
---------
One header row (row 1), then one row per line of the appendix. A row whose STT is a Roman
numeral (I, II…) is an **area heading**: its "Nhiệm vụ" cell is the area's heading and it sets
the area of the rows below it. In a plan whose areas are numbered 1, 2… (Sơn Tây, Tuy Phước)
there is no Roman numeral anywhere in the file, and then a bare number ("1" or "1.") is the
heading; tasks of such plans are lettered ("a") or dotted ("1.1"). Any other row is a task.

Task identity
-------------
A task is identified within its plan by (area numeral, display code, occurrence): the STT shows
the display code (`Task.display_code`: "1.b", "1.3.1", "17." for the unnumbered sub-row of 17)
and the parent is derived from it — "1.b" is "b" under the nearest earlier task "1" of the area,
"1.3.1" stays "1.3.1" under "1.3", "17." is the unnumbered row under "17". A second upload of
the same rows therefore updates instead of duplicating. Two rows with the same STT in one area
are an error ("Số thứ tự trùng"), unless the later one is written with a trailing "*" ("2*"):
the source itself numbers twice (Thăng Bình area III has two tasks "2"), and such repeats are
matched by their position among equal codes. The export writes that "*", so the round trip
holds.

Tasks of the plan that the file does not contain are reported, never deleted: a task may carry
progress reports, and an upload of one area's rows must not wipe the others. Deleting a task is
an explicit act in the admin.

Validation collects every problem with its row number and column name, in Vietnamese; a file
with any error writes nothing. Unknown agencies are errors naming the closest known ones;
deadlines the parser does not understand are imported, with a warning.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.apps import apps
from django.db import transaction
from django.db.models import F

from plans.agency_names import AgencyIndex
from plans.models import Agency, Plan, PlanArea, ReformArea
from reformplan.exchange import write_text_cell
from tasks.deadlines import KIND_NONE, KIND_UNKNOWN, ParsedDeadline, parse_deadline
from tasks.models import AssignmentRole, Task, TaskAssignment

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHEET_TITLE = "Danh mục nhiệm vụ"
GUIDE_TITLE = "Hướng dẫn"
# 20 times the longest real appendix (Tuy Phước, 91 rows): a bigger file is a mistake (a whole
# database pasted in), refused before any validation so that it cannot tie up the server.
MAX_ROWS = 2_000
# Problems listed before the rest are summarised ("… và 40 lỗi khác").
MAX_MESSAGES = 200
DUPLICATE_MARK = "*"
PARKING = 1_000_000  # Task.order values are parked above any real order while renumbering
AREA_PARKING = 10_000


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    width: float
    required: bool
    help: str
    aliases: tuple[str, ...] = ()


COLUMNS = [
    Column(
        "code",
        "STT",
        8,
        True,
        "Số thứ tự như trong văn bản. Dòng lĩnh vực: I, II, III… (hoặc 1, 2, 3… nếu kế hoạch "
        "đánh số lĩnh vực bằng số). Nhiệm vụ: 1, 2…; mục con ghi kèm số của nhiệm vụ cha: "
        "1.b (mục b của nhiệm vụ 1), 1.3.1; dòng con không đánh số ghi số cha và dấu chấm: 17. "
        "Nếu văn bản gốc đánh trùng số trong một lĩnh vực, ghi dấu * sau số ở dòng sau: 2*.",
        ("tt", "số tt", "số thứ tự"),
    ),
    Column(
        "title",
        "Nhiệm vụ",
        45,
        True,
        "Nội dung nhiệm vụ (bắt buộc). Ở dòng lĩnh vực: tên lĩnh vực như trong kế hoạch.",
        ("nội dung", "nội dung công việc", "tên nhiệm vụ", "tiêu chí"),
    ),
    Column("objective", "Mục tiêu", 30, False, "Mục tiêu của nhiệm vụ."),
    Column("activities", "Hoạt động", 30, False, "Các hoạt động cụ thể."),
    Column(
        "products",
        "Sản phẩm",
        28,
        False,
        "Sản phẩm đầu ra, ví dụ: Kế hoạch của UBND huyện.",
        ("sản phẩm đầu ra",),
    ),
    Column(
        "expected_result",
        "Chỉ tiêu đạt được",
        24,
        False,
        "Chỉ tiêu cần đạt (nếu kế hoạch có).",
    ),
    Column(
        "lead",
        "Cơ quan chủ trì",
        24,
        False,
        "Tên cơ quan chủ trì như danh mục cơ quan của huyện. Nhiều cơ quan: mỗi cơ quan một "
        "dòng trong ô (Alt+Enter) hoặc ngăn bằng dấu ; hoặc dấu phẩy. Tên nhóm có dấu phẩy "
        "(“UBND các xã, thị trấn”) được giữ nguyên.",
        ("chủ trì", "cơ quan chủ trì thực hiện", "cơ quan chủ trì, tham mưu"),
    ),
    Column(
        "partners",
        "Cơ quan phối hợp",
        24,
        False,
        "Các cơ quan phối hợp, ghi như cột Cơ quan chủ trì.",
        ("phối hợp",),
    ),
    Column(
        "monitors",
        "Cơ quan theo dõi",
        20,
        False,
        "Cơ quan theo dõi, đánh giá (nếu có), ghi như cột Cơ quan chủ trì.",
        ("theo dõi",),
    ),
    Column(
        "deadline_text",
        "Thời gian hoàn thành",
        18,
        False,
        "Ghi như văn bản: Quý I/2022, Tháng 3/2022, Trước ngày 15/02/2022, Thường xuyên… "
        "Hệ thống tự đọc hạn; nội dung không đọc được vẫn được nhập, kèm cảnh báo.",
        ("thời gian", "thời gian thực hiện", "thời hạn", "thời gian hoàn thành/thực hiện"),
    ),
    Column(
        "due_date",
        "Hạn hoàn thành",
        14,
        False,
        "Ngày (dd/mm/yyyy), chỉ dùng khi cột Thời gian hoàn thành không ghi ngày cụ thể "
        "(ví dụ “Theo hướng dẫn của Thành phố”). Phải là ngày, không phải chữ.",
        ("hạn", "ngày hoàn thành"),
    ),
    Column("initiative", "Sáng kiến", 10, False, "Ghi “Có” nếu là sáng kiến; để trống nếu không."),
    Column("notes", "Ghi chú", 24, False, "Ghi chú về nhiệm vụ.", ("ghi chú khác",)),
]
COLUMN_BY_KEY = {c.key: c for c in COLUMNS}
TEXT_FIELDS = ("objective", "title", "activities", "products", "expected_result", "notes")
ROLE_COLUMNS = {
    "lead": AssignmentRole.LEAD,
    "partners": AssignmentRole.PARTNER,
    "monitors": AssignmentRole.MONITOR,
}
FIELD_LABELS = {
    "parent": "Nhiệm vụ cha",
    "code": "Số thứ tự",
    "deadline_text": "Thời gian hoàn thành",
    "due_date": "Hạn hoàn thành",
    "initiative": "Sáng kiến",
    **{key: COLUMN_BY_KEY[key].title for key in TEXT_FIELDS},
    **{key: COLUMN_BY_KEY[key].title for key in ROLE_COLUMNS},
}

# Heading keywords → canonical area (docs/domain.md, "Reform areas"), used when a heading is
# not one already known.
AREA_KEYWORDS = [
    ("tác động", "tac-dong"),
    ("thể chế", "the-che"),
    ("thủ tục", "thu-tuc-hanh-chinh"),
    ("tthc", "thu-tuc-hanh-chinh"),
    ("bộ máy", "to-chuc-bo-may"),
    ("công vụ", "cong-vu"),
    ("tài chính công", "tai-chinh-cong"),
    ("chính quyền điện tử", "chinh-quyen-so"),
    ("chính quyền số", "chinh-quyen-so"),
    ("hiện đại hóa", "chinh-quyen-so"),
    ("chuyển đổi số", "chinh-quyen-so"),
    ("chỉ đạo", "chi-dao-dieu-hanh"),
    ("tuyên truyền", "chi-dao-dieu-hanh"),
]

_ROMAN = re.compile(r"^[IVXLC]+\.?$")
_ARABIC = re.compile(r"^\d+\.?$")
_DATE_TEXT = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
TRUE_WORDS = {"có", "x", "1", "true", "yes", "đúng"}
FALSE_WORDS = {"", "không", "0", "false", "no"}


class SpreadsheetError(Exception):
    """The file cannot be read as a task list; `messages` lists every problem (Vietnamese)."""

    def __init__(self, messages: list[str]):
        super().__init__("\n".join(messages))
        self.messages = messages


# --------------------------------------------------------------------------- writing


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFC", str(text or "")).casefold()
    return re.sub(r"\s+", " ", text).strip(" .:*")


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


# --------------------------------------------------------------------------- reading


@dataclass
class SheetRow:
    number: int  # the row number the reader sees in Excel
    values: dict[str, object]


@dataclass
class RawSheet:
    columns: list[str]  # keys of the columns present
    rows: list[SheetRow]
    warnings: list[str] = field(default_factory=list)


def _cell_value(value):
    if isinstance(value, datetime.datetime):
        return value.date() if value.time() == datetime.time(0) else value
    if isinstance(value, str):
        value = value.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ").strip()
        return value or None
    return value


def _header_map(header: list, errors: list[str]) -> tuple[dict[int, str], list[str]]:
    lookup = {}
    for column in COLUMNS:
        for name in (column.title, *column.aliases):
            lookup[_fold(name)] = column.key
    positions: dict[int, str] = {}
    seen: dict[str, int] = {}
    warnings = []
    for index, title in enumerate(header):
        if title is None or str(title).strip() == "":
            continue
        key = lookup.get(_fold(str(title)))
        if key is None:
            warnings.append(f"Cột “{title}” không thuộc mẫu, được bỏ qua.")
            continue
        if key in seen:
            errors.append(
                f"Dòng 1: cột “{COLUMN_BY_KEY[key].title}” có hai lần "
                f"(cột {_letter(seen[key])} và {_letter(index)})."
            )
            continue
        seen[key] = index
        positions[index] = key
    for column in COLUMNS:
        if column.required and column.key not in seen:
            errors.append(f"Thiếu cột bắt buộc “{column.title}” ở dòng 1.")
    return positions, warnings


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def _column_title(positions: dict[int, str], index: int) -> str:
    key = positions.get(index)
    return COLUMN_BY_KEY[key].title if key else _letter(index)


def _read_xlsx(content: bytes) -> tuple[list[tuple[int, list, dict]], list[tuple]]:
    """Rows of the first sheet as (row number, values, problems): merged cells and formulas."""
    from openpyxl import load_workbook

    try:
        # read_only=False: merged ranges and formula cells are only visible in a full load.
        workbook = load_workbook(io.BytesIO(content), read_only=False, data_only=False)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as exc:
        raise SpreadsheetError(
            [
                "Tệp không phải là bảng tính Excel (.xlsx) đọc được: hãy lưu lại bằng Excel "
                "dạng “Excel Workbook (.xlsx)”."
            ]
        ) from exc
    except Exception as exc:  # openpyxl raises many kinds on a broken package
        raise SpreadsheetError(["Tệp .xlsx bị hỏng, không đọc được."]) from exc
    ws = workbook.worksheets[0]
    if ws.max_row > MAX_ROWS + 50:
        raise SpreadsheetError(
            [
                f"Tệp có {ws.max_row - 1} dòng, vượt giới hạn {MAX_ROWS} dòng của một kế hoạch. "
                "Hãy kiểm tra lại trang tính (có thể đã dán nhầm dữ liệu)."
            ]
        )
    rows = []
    for row in ws.iter_rows():
        values = []
        formulas = []
        for cell in row:
            if cell.data_type == "f":
                formulas.append(cell.column - 1)
                values.append(None)
            else:
                values.append(_cell_value(cell.value))
        rows.append((row[0].row if row else 0, values, {"formulas": formulas}))
    merged = [(r.min_row, r.min_col - 1, r.coord) for r in sorted(ws.merged_cells.ranges, key=str)]
    return rows, merged


def _read_csv(content: bytes) -> tuple[list[tuple[int, list, dict]], list[tuple]]:
    if b"\x00" in content[:4096]:
        raise SpreadsheetError(["Tệp không phải là bảng tính (.xlsx) hay tệp văn bản CSV."])
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SpreadsheetError(
            ["Tệp CSV phải được lưu với mã UTF-8 (Excel: “CSV UTF-8 (Comma delimited)”)."]
        ) from exc
    first_line = text.split("\n", 1)[0]
    delimiter = max([",", ";", "\t"], key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = []
    try:
        for number, values in enumerate(reader, start=1):
            rows.append((number, [_cell_value(v) for v in values], {"formulas": []}))
            if number > MAX_ROWS + 50:
                raise SpreadsheetError(
                    [f"Tệp có hơn {MAX_ROWS} dòng, vượt giới hạn của một kế hoạch."]
                )
    except csv.Error as exc:
        raise SpreadsheetError([f"Tệp CSV không đúng định dạng: {exc}."]) from exc
    return rows, []


def read_sheet(content: bytes, filename: str) -> RawSheet:
    """Read an uploaded .xlsx or .csv; raise SpreadsheetError listing every file-level problem.

    File-level problems: not a spreadsheet, empty, too many rows, header without a required
    column, merged cells, formulas (values computed by Excel are not stored reliably in the file
    and a formula copied between plans silently changes meaning: the user pastes values).
    """
    name = (filename or "").lower()
    if content[:4] == b"\xd0\xcf\x11\xe0" or name.endswith(".xls"):
        raise SpreadsheetError(
            ["Tệp Excel 97-2003 (.xls) không được hỗ trợ: hãy lưu lại dạng .xlsx."]
        )
    if content[:2] == b"PK":
        rows, merged = _read_xlsx(content)
    elif name.endswith((".xlsx", ".xlsm")):
        raise SpreadsheetError(["Tệp không phải là bảng tính Excel (.xlsx) đọc được."])
    elif not content.strip():
        raise SpreadsheetError(["Tệp trống: không có dòng nào."])
    else:
        rows, merged = _read_csv(content)

    rows = [r for r in rows if any(v not in (None, "") for v in r[1]) or r[2]["formulas"]]
    if not rows:
        raise SpreadsheetError(["Trang tính trống: không có tên cột và không có dòng nào."])
    errors: list[str] = []
    header_number, header, _ = rows[0]
    if header_number != 1:
        errors.append(f"Dòng 1 phải là dòng tên cột (tên cột đang ở dòng {header_number}).")
    positions, warnings = _header_map(header, errors)
    data = rows[1:]
    if not data and not errors:
        errors.append("Trang tính không có dòng lĩnh vực hay nhiệm vụ nào dưới dòng tên cột.")
    if len(data) > MAX_ROWS:
        raise SpreadsheetError(
            [f"Tệp có {len(data)} dòng, vượt giới hạn {MAX_ROWS} dòng của một kế hoạch."]
        )
    for row_number, column, coord in merged:
        errors.append(
            f"Dòng {row_number}, cột “{_column_title(positions, column)}”: ô gộp {coord}. "
            "Hãy bỏ gộp ô (Merge & Center) và ghi nội dung vào từng ô."
        )
    for number, _values, problems in rows:
        for column in problems["formulas"]:
            errors.append(
                f"Dòng {number}, cột “{_column_title(positions, column)}”: ô chứa công thức. "
                "Hãy dán giá trị (Paste Values) thay cho công thức."
            )
    if errors:
        raise SpreadsheetError(errors)
    sheet_rows_ = [
        SheetRow(
            number,
            {key: values[i] if i < len(values) else None for i, key in positions.items()},
        )
        for number, values, _ in data
    ]
    return RawSheet(columns=list(positions.values()), rows=sheet_rows_, warnings=warnings)


# --------------------------------------------------------------------------- preview


@dataclass
class AreaLine:
    row: int
    numeral: str
    heading: str
    reform_area: ReformArea | None
    area: PlanArea | None  # existing
    changed: bool = False


@dataclass
class TaskLine:
    row: int
    area: AreaLine
    stt: str
    code: str
    display_code: str
    parent: TaskLine | None
    occurrence: int
    values: dict  # text fields, deadline_text, due_date, initiative (columns present only)
    agencies: dict  # role column key -> [(Agency, written)] (columns present only)
    deadline: ParsedDeadline | None = None
    task: Task | None = None  # the existing task it updates
    changes: list[tuple[str, str, str]] = field(default_factory=list)  # (label, old, new)

    @property
    def state(self) -> str:
        if self.task is None:
            return "new"
        return "changed" if self.changes else "unchanged"

    @property
    def title(self) -> str:
        return self.values.get("title") or (self.task.title if self.task else "")

    @property
    def label(self) -> str:
        return (
            f"{self.area.numeral}.{self.display_code}"
            if self.display_code
            else (f"{self.area.numeral} (không số)")
        )


@dataclass
class Preview:
    plan: Plan
    filename: str
    columns: list[str] = field(default_factory=list)
    areas: list[AreaLine] = field(default_factory=list)
    lines: list[TaskLine] = field(default_factory=list)
    missing: list[Task] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def has_errors(self) -> bool:
        return bool(self.errors)

    def by_state(self, state: str) -> list[TaskLine]:
        return [line for line in self.lines if line.state == state]

    @property
    def counts(self) -> dict[str, int]:
        return {
            "new": len(self.by_state("new")),
            "changed": len(self.by_state("changed")),
            "unchanged": len(self.by_state("unchanged")),
            "missing": len(self.missing),
            "new_areas": sum(1 for a in self.areas if a.area is None),
        }

    @property
    def change_count(self) -> int:
        c = self.counts
        return c["new"] + c["changed"] + c["new_areas"] + sum(a.changed for a in self.areas)

    def summary(self) -> str:
        c = self.counts
        text = (
            f"{c['new']} nhiệm vụ mới, {c['changed']} nhiệm vụ thay đổi, "
            f"{c['unchanged']} nhiệm vụ không đổi"
        )
        if c["new_areas"]:
            text += f", {c['new_areas']} lĩnh vực mới"
        if c["missing"]:
            text += (
                f"; {c['missing']} nhiệm vụ có trong kế hoạch nhưng không có trong tệp "
                "(giữ nguyên, không xoá)"
            )
        return text + "."

    def report_lines(self) -> list[str]:
        """The summary, then errors, warnings, and each change: what both the admin and the
        command print."""
        out = [f"Kế hoạch {self.plan.slug}, tệp {self.filename}: {self.summary()}"]
        out += [f"LỖI: {e}" for e in self.errors]
        out += [f"Cảnh báo: {w}" for w in self.warnings]
        for line in self.lines:
            if line.state == "new":
                title = _short(line.values.get("title"))
                out.append(f"Mới (dòng {line.row}) {line.label}: {title}")
            elif line.state == "changed":
                for label, old, new in line.changes:
                    out.append(
                        f"Thay đổi (dòng {line.row}) {line.label}, {label}: "
                        f"“{_short(old)}” → “{_short(new)}”"
                    )
        for task in self.missing:
            out.append(f"Không có trong tệp (giữ nguyên): {task.area.numeral}.{task.display_code}")
        return out


def _short(value, limit: int = 80) -> str:
    text = " ".join(str(value or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.date):
        return f"{value:%d/%m/%Y}"
    return str(value).strip()


class _Collector:
    def __init__(self):
        self.errors: list[str] = []
        self.warnings: list[str] = []

    def error(self, row: int, column: str | None, message: str) -> None:
        where = f"Dòng {row}" + (f", cột “{COLUMN_BY_KEY[column].title}”" if column else "")
        self.errors.append(f"{where}: {message}")

    def warn(self, row: int, column: str | None, message: str) -> None:
        where = f"Dòng {row}" + (f", cột “{COLUMN_BY_KEY[column].title}”" if column else "")
        self.warnings.append(f"{where}: {message}")


def split_agencies(text: str, index: AgencyIndex) -> tuple[list[tuple], list[str]]:
    """Agencies of one cell as [(agency, written)], and the pieces no agency matches.

    Line breaks and ";" always separate agencies. A comma separates only where the pieces on
    both sides are known agencies: the longest run of comma-separated pieces that names a known
    agency is taken first, so "UBND các xã, thị trấn" or "Các cơ quan, đơn vị, địa phương" stay
    one group while "Phòng Nội vụ, Phòng Tư pháp" is two offices.
    """
    found: list[tuple] = []
    unknown: list[str] = []
    for segment in re.split(r"[\n;]+", text or ""):
        pieces = [p.strip() for p in segment.split(",")]
        start = 0
        while start < len(pieces):
            if not pieces[start]:
                start += 1
                continue
            for end in range(len(pieces), start, -1):
                written = ", ".join(p for p in pieces[start:end] if p)
                match = index.match(written)
                if match is not None:
                    found.append((match.agency, written.strip(" .")))
                    start = end
                    break
            else:
                # No known agency starts here: report the rest of the segment as one name.
                unknown.append(", ".join(p for p in pieces[start:] if p))
                break
    return found, unknown


def _parse_date(value) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = _text(value)
    match = _DATE_TEXT.match(text)
    if match:
        day, month, year = (int(g) for g in match.groups())
        return datetime.date(year, month, day)
    match = _ISO_DATE.match(text)
    if match:
        return datetime.date.fromisoformat(text)
    raise ValueError(text)


def _reform_area_lookup() -> tuple[dict[str, ReformArea], dict[str, ReformArea]]:
    reform_areas = {r.pk: r for r in ReformArea.objects.all()}
    known = {}
    for heading, reform_area_id in PlanArea.objects.values_list("heading", "reform_area_id"):
        known.setdefault(_fold(heading), reform_areas[reform_area_id])
    for reform_area in reform_areas.values():
        known.setdefault(_fold(reform_area.name), reform_area)
    by_code = {r.code: r for r in reform_areas.values()}
    return known, by_code


def _guess_reform_area(heading: str, known, by_code) -> ReformArea | None:
    folded = _fold(heading)
    if folded in known:
        return known[folded]
    for keyword, code in AREA_KEYWORDS:
        if keyword in folded and code in by_code:
            return by_code[code]
    return None


def _is_heading(stt: str, roman_style: bool) -> bool:
    return bool(_ROMAN.match(stt)) if roman_style else bool(_ARABIC.match(stt))


def build_preview(plan: Plan, raw: RawSheet, filename: str) -> Preview:
    """Validate every row of `raw` against `plan` and compare it with the plan's tasks.

    Reads only; the result lists new, changed (field: old → new) and unchanged tasks, tasks
    missing from the file, and every error and warning with its row and column.
    """
    out = _Collector()
    preview = Preview(plan=plan, filename=filename, columns=raw.columns)
    preview.warnings.extend(raw.warnings)
    present = set(raw.columns)
    index = AgencyIndex(Agency.objects.filter(unit_id=plan.unit_id))
    known_headings, by_code = _reform_area_lookup()
    existing_areas = {a.numeral.rstrip("."): a for a in plan.areas.all()}
    roman_style = any(_ROMAN.match(_text(r.values.get("code"))) for r in raw.rows)

    current: AreaLine | None = None
    area_lines: dict[str, AreaLine] = {}
    # per area: display code -> lines with that code, in file order
    seen_codes: dict[str, dict[str, list[TaskLine]]] = {}
    for row in raw.rows:
        stt = _text(row.values.get("code"))
        title = _text(row.values.get("title"))
        if _is_heading(stt, roman_style):
            numeral = stt.rstrip(".")
            if numeral in area_lines:
                out.error(
                    row.number,
                    "code",
                    f"lĩnh vực “{numeral}” đã có ở dòng {area_lines[numeral].row}.",
                )
                current = area_lines[numeral]
                continue
            if not title:
                out.error(row.number, "title", f"dòng lĩnh vực “{numeral}” thiếu tên lĩnh vực.")
            existing = existing_areas.get(numeral)
            reform_area = existing.reform_area if existing else None
            if existing is None and title:
                reform_area = _guess_reform_area(title, known_headings, by_code)
                if reform_area is None:
                    names = "; ".join(f"“{r.name}”" for r in by_code.values())
                    out.error(
                        row.number,
                        "title",
                        f"không nhận ra lĩnh vực cải cách hành chính của “{_short(title)}”. "
                        f"Hãy ghi tên lĩnh vực gần với một trong các tên: {names}.",
                    )
            extra = [k for k in present - {"code", "title"} if row.values.get(k) not in (None, "")]
            if extra:
                out.warn(
                    row.number,
                    None,
                    "dòng lĩnh vực chỉ dùng cột STT và Nhiệm vụ; nội dung các cột khác bị bỏ qua.",
                )
            current = AreaLine(
                row=row.number,
                numeral=existing.numeral if existing else numeral,
                heading=title,
                reform_area=reform_area,
                area=existing,
                changed=bool(existing and title and existing.heading != title),
            )
            area_lines[numeral] = current
            preview.areas.append(current)
            seen_codes[numeral] = {}
            continue

        if current is None:
            out.error(
                row.number,
                "code",
                "dòng nhiệm vụ đứng trước mọi dòng lĩnh vực. Dòng đầu tiên phải là dòng lĩnh "
                "vực (I, II… hoặc 1, 2…) để biết nhiệm vụ thuộc lĩnh vực nào.",
            )
            continue
        codes = seen_codes[current.numeral.rstrip(".")]
        preview.lines.append(_task_line(row, stt, title, current, codes, present, index, plan, out))

    if not preview.lines and not preview.areas and not out.errors:
        out.error(raw.rows[0].number if raw.rows else 2, None, "không có dòng nhiệm vụ nào.")
    preview.errors.extend(out.errors)
    preview.warnings.extend(out.warnings)
    _match_existing(plan, preview)
    return preview


def _task_line(row, stt, title, area, codes, present, index, plan, out) -> TaskLine:
    duplicate = stt.endswith(DUPLICATE_MARK)
    base = stt.rstrip(DUPLICATE_MARK).strip()
    parent: TaskLine | None = None
    code = base
    if base.endswith(")"):
        code = base[:-1].strip()
    elif base.endswith(".") and base.rstrip(".") in codes:
        parent, code = codes[base.rstrip(".")][-1], ""
    elif base.endswith("."):
        code = base.rstrip(".")
    elif "." in base:
        prefix, last = base.rsplit(".", 1)
        if prefix in codes:
            parent = codes[prefix][-1]
            # "1.b" is "b" under 1 (Cát Hải); "1.3.1" keeps its full number (Tuy Phước).
            code = base if last.isdigit() else last
    if parent is None:
        display = code
    elif not code:
        display = f"{parent.code}."
    elif code.startswith(parent.code + "."):
        display = code
    else:
        display = f"{parent.code}.{code}"

    if not title:
        out.error(row.number, "title", "thiếu nội dung nhiệm vụ.")
    if len(code) > Task._meta.get_field("code").max_length:
        out.error(row.number, "code", f"số thứ tự “{_short(stt)}” quá dài.")
    earlier = codes.get(display, [])
    # Unnumbered rows have nothing to mistype: several in one area are matched by position.
    if earlier and not duplicate and code:
        out.error(
            row.number,
            "code",
            f"Số thứ tự trùng: “{display}” đã có ở dòng {earlier[0].row} trong lĩnh vực "
            f"{area.numeral}. Sửa số thứ tự; nếu văn bản gốc đánh trùng số, ghi “{display}*” "
            "ở dòng sau.",
        )
    elif duplicate and not earlier and code:
        out.warn(row.number, "code", f"dấu * sau “{display}” bị bỏ qua (không có số trùng).")

    values: dict = {}
    for key in TEXT_FIELDS:
        if key in present:
            values[key] = _text(row.values.get(key))
    for key in TEXT_FIELDS:
        limit = getattr(Task._meta.get_field(key), "max_length", None)
        if limit and len(values.get(key, "")) > limit:
            out.error(row.number, key, f"dài quá {limit} ký tự.")
    deadline = None
    if "deadline_text" in present:
        text = _text(row.values.get("deadline_text"))
        values["deadline_text"] = text
        if len(text) > Task._meta.get_field("deadline_text").max_length:
            out.error(row.number, "deadline_text", "dài quá 500 ký tự.")
        deadline = parse_deadline(text, plan.start_year, plan.end_year)
        if deadline.kind == KIND_UNKNOWN:
            out.warn(
                row.number,
                "deadline_text",
                f"không đọc được thời hạn “{_short(text)}”; nhiệm vụ vẫn được nhập, hạn để "
                "trống (ghi ngày vào cột Hạn hoàn thành nếu cần).",
            )
        elif deadline.out_of_period:
            out.warn(row.number, "deadline_text", f"{deadline.explanation}.")
    if "due_date" in present:
        raw_due = row.values.get("due_date")
        if raw_due in (None, ""):
            values["due_date"] = None
        else:
            try:
                values["due_date"] = _parse_date(raw_due)
            except ValueError:
                out.error(
                    row.number,
                    "due_date",
                    f"“{_short(_text(raw_due))}” không phải là ngày. Ghi ngày dạng dd/mm/yyyy "
                    "(ô kiểu Ngày), hoặc để trống và ghi thời hạn bằng chữ ở cột Thời gian "
                    "hoàn thành.",
                )
    if "initiative" in present:
        flag = _fold(_text(row.values.get("initiative")))
        if flag in TRUE_WORDS:
            values["initiative"] = True
        elif flag in FALSE_WORDS:
            values["initiative"] = False
        else:
            out.error(row.number, "initiative", f"ghi “Có” hoặc để trống (đang là “{flag}”).")

    agencies: dict = {}
    for key in ROLE_COLUMNS:
        if key not in present:
            continue
        found, unknown = split_agencies(_text(row.values.get(key)), index)
        for name in unknown:
            nearest = ", ".join(f"“{n}”" for n in index.closest(name)) or "không có"
            out.error(
                row.number,
                key,
                f"không nhận ra cơ quan “{_short(name)}” trong danh mục cơ quan của huyện "
                f"(gần nhất: {nearest}).",
            )
        unique, seen = [], set()
        for agency, written in found:
            if agency.pk not in seen:
                seen.add(agency.pk)
                unique.append((agency, written))
        agencies[key] = unique

    line = TaskLine(
        row=row.number,
        area=area,
        stt=stt,
        code=code,
        display_code=display,
        parent=parent,
        occurrence=len(earlier),
        values=values,
        agencies=agencies,
        deadline=deadline,
    )
    codes.setdefault(display, []).append(line)
    return line


def _existing_key(task: Task) -> str:
    return task.display_code


def _task_values(line: TaskLine, plan: Plan) -> dict:
    """The model values a line sets (only for the columns the file has)."""
    values = dict(line.values)
    if line.deadline is not None:
        parsed = line.deadline
        values["deadline_kind"] = parsed.kind
        values["milestones"] = [m.isoformat() for m in parsed.milestones]
        hand_date = values.pop("due_date", None) if "due_date" in values else None
        # A date in "Hạn hoàn thành" is the hand-set date of a deadline the text does not date
        # ("Theo hướng dẫn của Thành phố"); a dated text always wins, so editing the text
        # in Excel moves the due date with it.
        values["due_date"] = parsed.due_date if parsed.due_date else hand_date
        if parsed.kind == KIND_NONE and hand_date:
            values["deadline_kind"] = KIND_UNKNOWN
    return values


def _match_existing(plan: Plan, preview: Preview) -> None:
    tasks = list(
        plan.tasks.select_related("area", "parent").prefetch_related("assignments__agency")
    )
    by_key: dict[tuple[str, str, int], Task] = {}
    counters: dict[tuple[str, str], int] = {}
    for task in tasks:
        base = (task.area.numeral.rstrip("."), _existing_key(task))
        occurrence = counters.get(base, 0)
        counters[base] = occurrence + 1
        by_key[(*base, occurrence)] = task
    used: set[int] = set()
    for line in preview.lines:
        key = (line.area.numeral.rstrip("."), line.display_code, line.occurrence)
        task = by_key.get(key)
        if task is None:
            continue
        line.task = task
        used.add(task.pk)
        line.changes = _diff(task, line, plan)
    preview.missing = [t for t in tasks if t.pk not in used]


def _display(value) -> str:
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, datetime.date):
        return f"{value:%d/%m/%Y}"
    return "" if value is None else str(value)


def _diff(task: Task, line: TaskLine, plan: Plan) -> list[tuple[str, str, str]]:
    changes = []
    values = _task_values(line, plan)
    for key in (*TEXT_FIELDS, "deadline_text", "due_date", "initiative"):
        if key in values and getattr(task, key) != values[key]:
            changes.append((FIELD_LABELS[key], _display(getattr(task, key)), _display(values[key])))
    if task.code != line.code:
        changes.append((FIELD_LABELS["code"], task.code, line.code))
    old_parent = task.parent.display_code if task.parent_id else ""
    new_parent = line.parent.display_code if line.parent else ""
    if old_parent != new_parent:
        changes.append((FIELD_LABELS["parent"], old_parent, new_parent))
    assignments = list(task.assignments.all())
    for key, role in ROLE_COLUMNS.items():
        if key not in line.agencies:
            continue
        old = [(a.agency_id, a.name_as_written) for a in assignments if a.role == role]
        new = [(agency.pk, written) for agency, written in line.agencies[key]]
        if old != new:
            changes.append(
                (
                    FIELD_LABELS[key],
                    "; ".join(
                        a.name_as_written or a.agency.name for a in assignments if a.role == role
                    ),
                    "; ".join(written for _, written in line.agencies[key]),
                )
            )
    return changes


# --------------------------------------------------------------------------- applying


def _history_enabled(model) -> bool:
    return apps.is_installed("simple_history") and hasattr(model, "history")


@transaction.atomic
def apply_preview(preview: Preview) -> None:
    """Write a validated preview: areas, then tasks in file order, then their agencies.

    Side effects: creates new areas and tasks, updates changed ones (full_clean before save,
    one history entry per created or changed task with the reason "Nhập từ bảng tính <file>"
    when django-simple-history tracks tasks), replaces the agency assignments of tasks whose
    agencies changed, renumbers `order` to follow the file (tasks missing from the file keep
    their relative order after it). Unchanged tasks are not saved. All in one transaction.
    """
    if preview.has_errors:
        raise SpreadsheetError(preview.errors)
    plan = preview.plan
    reason = f"Nhập từ bảng tính {preview.filename}"[:100]

    existing_areas = list(plan.areas.all())
    file_area_ids = [a.area.pk for a in preview.areas if a.area is not None]
    rest = [a for a in existing_areas if a.pk not in file_area_ids]
    PlanArea.objects.filter(plan=plan).update(order=F("order") + AREA_PARKING)
    order = 0
    for line in preview.areas:
        order += 1
        area = line.area or PlanArea(plan=plan, numeral=line.numeral)
        area.heading = line.heading or area.heading
        area.order = order
        if area.pk is None:
            area.reform_area = line.reform_area
        area.full_clean(exclude=["plan"])
        area.save()
        line.area = area
    for area in rest:
        order += 1
        PlanArea.objects.filter(pk=area.pk).update(order=order)

    track = _history_enabled(Task)
    Task.objects.filter(plan=plan).update(order=F("order") + PARKING)
    saved: dict[int, Task] = {}
    new_assignments: list[TaskAssignment] = []
    replace_for: list[int] = []
    for order, line in enumerate(preview.lines, start=1):
        task = line.task or Task(plan=plan)
        if line.task is not None and not line.changes:
            Task.objects.filter(pk=task.pk).update(order=order)
            saved[id(line)] = task
            continue
        task.area = line.area.area
        task.parent = saved[id(line.parent)] if line.parent is not None else None
        task.code = line.code
        task.order = order
        for key, value in _task_values(line, plan).items():
            setattr(task, key, value)
        if task.pk is not None and hasattr(task, "version"):
            task.version = (task.version or 0) + 1
        if track:
            task._change_reason = reason
        task.full_clean(exclude=["plan", "area", "parent"])
        task.save()
        saved[id(line)] = task
        if line.agencies:
            replace_for.append(task.pk)
            position = 0
            for key, role in ROLE_COLUMNS.items():
                for agency, written in line.agencies.get(key, []):
                    position += 1
                    new_assignments.append(
                        TaskAssignment(
                            task=task,
                            agency=agency,
                            role=role,
                            order=position,
                            name_as_written=written[:255],
                        )
                    )
    for offset, task in enumerate(sorted(preview.missing, key=lambda t: t.order), start=1):
        Task.objects.filter(pk=task.pk).update(order=len(preview.lines) + offset)
    _replace_assignments(replace_for, new_assignments, preview, reason)


def _replace_assignments(task_ids, assignments, preview: Preview, reason: str) -> None:
    # Only the roles whose column the file has are replaced.
    roles = [role for key, role in ROLE_COLUMNS.items() if key in preview.columns]
    old = TaskAssignment.objects.filter(task_id__in=task_ids, role__in=roles)
    if _history_enabled(TaskAssignment):
        for assignment in old:
            assignment._change_reason = reason
            assignment.delete()
        for assignment in assignments:
            assignment._change_reason = reason
            assignment.save()
    else:
        old.delete()
        TaskAssignment.objects.bulk_create(assignments)


# --------------------------------------------------------------------------- entry points


def preview_file(plan: Plan, content: bytes, filename: str) -> Preview:
    """Read and validate an upload; file-level problems come back as the preview's errors."""
    try:
        raw = read_sheet(content, filename)
    except SpreadsheetError as exc:
        return Preview(plan=plan, filename=filename, errors=list(exc.messages))
    return build_preview(plan, raw, filename)


def import_plan_file(plan: Plan, content: bytes, filename: str, *, dry_run: bool) -> Preview:
    """Preview an upload and, unless `dry_run` or it has errors, write it (one transaction).

    The preview is rebuilt inside the transaction, with the plan's rows locked, so what is
    written is what this very check found.
    """
    if dry_run:
        return preview_file(plan, content, filename)
    with transaction.atomic():
        Plan.objects.select_for_update().filter(pk=plan.pk).first()
        preview = preview_file(plan, content, filename)
        if not preview.has_errors:
            apply_preview(preview)
    return preview


def limit_messages(messages: Iterable[str]) -> list[str]:
    messages = list(messages)
    if len(messages) <= MAX_MESSAGES:
        return messages
    rest = len(messages) - MAX_MESSAGES
    return [*messages[:MAX_MESSAGES], f"… và {rest} thông báo khác."]


def template_filename(plan: Plan | None, with_tasks: bool) -> str:
    if plan is None:
        return "mau-danh-muc-nhiem-vu.xlsx"
    return f"{'nhiem-vu' if with_tasks else 'mau-nhiem-vu'}-{plan.slug}.xlsx"
