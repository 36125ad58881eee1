"""The sheet layout shared by the template, the reader and the preview: columns, labels, limits."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from tasks.models import AssignmentRole

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHEET_TITLE = "Danh mục nhiệm vụ"
GUIDE_TITLE = "Hướng dẫn"
# 20 times the longest real appendix (Tuy Phước, 91 rows): a bigger file is a mistake (a whole
# database pasted in), refused before any validation so that it cannot tie up the server.
MAX_ROWS = 2_000
# The template has 13 columns; values further right than this are a mistake, refused as a whole.
MAX_COLUMNS = 50
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


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFC", str(text or "")).casefold()
    return re.sub(r"\s+", " ", text).strip(" .:*")
