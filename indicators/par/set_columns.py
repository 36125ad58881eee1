"""The layout of the criteria-set workbook, shared by the writer, the reader and the checks:
the header block's items and the table's columns, with their help texts (the guide sheet)."""

from __future__ import annotations

from dataclasses import dataclass

SET_SHEET = "Bộ tiêu chí"
GUIDE_SHEET = "Hướng dẫn"
MAX_CRITERIA = 1_000  # a real set has about 100 rows
TO_BE_FILLED = "cần bổ sung"
OF_A_SET = " của một bộ tiêu chí"


@dataclass(frozen=True)
class Field:
    key: str
    title: str
    help: str
    aliases: tuple[str, ...] = ()
    width: float = 14
    required: bool = False


HEADER = [
    Field(
        "province",
        "Tỉnh, thành phố",
        "Tên tỉnh, thành phố ban hành bộ tiêu chí. Để trống: tỉnh chọn khi tải lên.",
        ("tỉnh", "thành phố", "tỉnh/thành phố"),
    ),
    Field("year", "Năm đánh giá", "Năm được đánh giá, ví dụ 2026.", ("năm",), required=True),
    Field(
        "level",
        "Cấp đơn vị được đánh giá",
        "Sở, ban, ngành cấp tỉnh · Cấp huyện · Cấp xã.",
        ("cấp", "cấp đánh giá", "đối tượng đánh giá"),
        required=True,
    ),
    Field("title", "Tên bộ tiêu chí", "Tên đầy đủ của bộ tiêu chí.", ("tiêu đề",), required=True),
    Field(
        "source",
        "Văn bản ban hành",
        "Ví dụ: Quyết định số …/QĐ-UBND.",
        ("văn bản", "căn cứ"),
    ),
    Field(
        "grade_bands",
        "Xếp loại",
        "Mỗi mức: tên và tỷ lệ điểm tối thiểu (%), cách nhau bằng dấu “;”. "
        "Ví dụ: Tốt: 80; Khá: 65; Trung bình: 50; Yếu: 0.",
        ("xếp loại theo tỷ lệ điểm",),
    ),
    Field("note", "Ghi chú", "Ghi chú về bộ tiêu chí (nếu có)."),
]

COLUMNS = [
    Field(
        "code",
        "STT",
        "Số thứ tự: lĩnh vực 1, 2…; tiêu chí 1.1, 1.2…; tiêu chí thành phần 1.1.1… "
        "Dòng cha của “1.3.1” là “1.3” và phải có trong tệp. Không trùng nhau.",
        ("số thứ tự", "tt", "mã"),
        8,
        True,
    ),
    Field("title", "Nội dung", "Nội dung lĩnh vực, tiêu chí (bắt buộc).", ("tiêu chí",), 50, True),
    Field(
        "level",
        "Cấp",
        "Lĩnh vực · Tiêu chí · Tiêu chí thành phần. Để trống: theo số thứ tự "
        "(1 → lĩnh vực, 1.1 → tiêu chí, 1.1.1 → tiêu chí thành phần).",
        (),
        16,
    ),
    Field(
        "max_score",
        "Điểm tối đa",
        "Số, dấu thập phân là dấu phẩy (0,5). Để trống nếu chưa có: tiêu chí được đánh dấu "
        "“cần bổ sung” và bộ tiêu chí chưa ban hành được.",
        ("điểm", "điểm chuẩn"),
        10,
    ),
    Field(
        "rule",
        "Cách chấm",
        "Với tiêu chí không có tiêu chí con: Đạt / không đạt (mặc định) · Theo tỷ lệ % đạt "
        "được · Theo mức điểm · Trừ điểm theo số lần vi phạm · Điều tra xã hội học. "
        "Dòng có tiêu chí con luôn là “Cộng điểm các tiêu chí con” (để trống).",
        ("cách tính điểm",),
        22,
    ),
    Field(
        "steps",
        "Các mức điểm",
        "Với cách chấm theo mức: các mức cách nhau bằng dấu “;”, mức cao nhất bằng điểm tối "
        "đa, ví dụ 1; 0,5; 0.",
        ("mức điểm",),
        14,
    ),
    Field(
        "deduction",
        "Điểm trừ mỗi lần",
        "Với cách chấm trừ điểm: số điểm trừ cho mỗi lần vi phạm, lớn hơn 0.",
        ("điểm trừ",),
        10,
    ),
    Field("target", "Chỉ tiêu đạt được", "Chỉ tiêu, yêu cầu cần đạt.", ("chỉ tiêu",), 28),
    Field(
        "evidence_expected",
        "Tài liệu kiểm chứng",
        "Tài liệu kiểm chứng đơn vị cần cung cấp.",
        ("tài liệu kiểm chứng cần có",),
        28,
    ),
    Field(
        "task_codes",
        "Nhiệm vụ tương ứng",
        "Số thứ tự các nhiệm vụ của kế hoạch CCHC ứng với tiêu chí, cách nhau bằng dấu “;”. "
        "Để trống: nhiệm vụ cùng số thứ tự với tiêu chí.",
        ("nhiệm vụ",),
        14,
    ),
    Field(
        "reform_area",
        "Lĩnh vực CCHC",
        "Chỉ ở dòng lĩnh vực: mã hoặc tên lĩnh vực CCHC tương ứng trong kế hoạch "
        "(ví dụ “Cải cách thể chế”), để so với điểm phấn đấu của kế hoạch.",
        ("lĩnh vực cải cách hành chính",),
        20,
    ),
]
HEADER_BY_KEY = {f.key: f for f in HEADER}
COLUMN_BY_KEY = {c.key: c for c in COLUMNS}
