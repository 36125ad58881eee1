"""Table-driven tests of tasks.deadlines.parse_deadline (pure Python: no Django, no database).

The first table holds every distinct deadline text of the five source plans (000_… to 004_…,
see docs/domain.md, "The five source plans"), with the plan's years; Tuy Phước
(004_5869b5a3940833bd.txt) states no deadlines.
"""

import datetime
import random
import unicodedata

import pytest

from tasks.deadlines import (
    KIND_ADHOC,
    KIND_CONDITIONAL,
    KIND_DATE,
    KIND_MONTH,
    KIND_NONE,
    KIND_QUARTER,
    KIND_RANGE,
    KIND_RECURRING,
    KIND_UNKNOWN,
    KIND_YEAR,
    KINDS,
    ParsedDeadline,
    parse_deadline,
)

D = datetime.date

# (text, start_year, end_year, kind, due_date, milestones, out_of_period)
SEED_DEADLINES = [
    # --- 000 Thanh Oai 2022, appendix column "Thời gian hoàn thành"
    ("Trước ngày 15/02/2022", 2022, 2022, KIND_DATE, D(2022, 2, 15), (), False),
    ("Trước ngày 25/02/2022", 2022, 2022, KIND_DATE, D(2022, 2, 25), (), False),
    ("Kiểm tra thường xuyên", 2022, 2022, KIND_RECURRING, None, (), False),
    ("Quý I/2022", 2022, 2022, KIND_QUARTER, D(2022, 3, 31), (), False),
    ("Quý II/2022", 2022, 2022, KIND_QUARTER, D(2022, 6, 30), (), False),
    ("Quý III/2022", 2022, 2022, KIND_QUARTER, D(2022, 9, 30), (), False),
    ("Quý IV/2022", 2022, 2022, KIND_QUARTER, D(2022, 12, 31), (), False),
    (
        "Ngay sau khi có Kế hoạch và văn bản chỉ đạo của Thành phố",
        2022,
        2022,
        KIND_CONDITIONAL,
        None,
        (),
        False,
    ),
    (
        "Ngay sau khi có Kế hoạch và văn bản chỉ đạo của huyện",
        2022,
        2022,
        KIND_CONDITIONAL,
        None,
        (),
        False,
    ),
    ("Cả năm", 2022, 2022, KIND_YEAR, D(2022, 12, 31), (), False),
    ("Theo hướng dẫn của Thành phố", 2022, 2022, KIND_CONDITIONAL, None, (), False),
    ("Thường xuyên", 2022, 2022, KIND_RECURRING, None, (), False),
    ("Khi thành phố có văn bản hướng dẫn ", 2022, 2022, KIND_CONDITIONAL, None, (), False),
    ("Quý I, II/2022", 2022, 2022, KIND_QUARTER, D(2022, 6, 30), (), False),
    ("Theo quy định của TP", 2022, 2022, KIND_CONDITIONAL, None, (), False),
    (
        "Sau khi có Quy chế và hướng dẫn của Thành phố",
        2022,
        2022,
        KIND_CONDITIONAL,
        None,
        (),
        False,
    ),
    ("Sau khi có Quy chế và hướng dẫn của huyện", 2022, 2022, KIND_CONDITIONAL, None, (), False),
    # --- 001 Cát Hải 2023, column "Thời gian thực hiện/ hoàn thành"
    ("15/01/2023", 2023, 2023, KIND_DATE, D(2023, 1, 15), (), False),
    ("Trong tháng 01/2023", 2023, 2023, KIND_MONTH, D(2023, 1, 31), (), False),
    ("Từ Quý IV/2023 đến Quý I/2024", 2023, 2023, KIND_RANGE, D(2024, 3, 31), (), True),
    ("Cả năm 2023", 2023, 2023, KIND_YEAR, D(2023, 12, 31), (), False),
    ("Cả năm 2022", 2023, 2023, KIND_YEAR, D(2022, 12, 31), (), True),  # tasks 22, 23, 25
    # --- 002 Sơn Tây 2020, "Thời gian thực hiện:" lines (text after the label, as written)
    ("Thường xuyên trong năm.", 2020, 2020, KIND_RECURRING, None, (), False),
    (
        "Đúng tiến độ đã được cấp có thẩm quyền giao.",
        2020,
        2020,
        KIND_CONDITIONAL,
        None,
        (),
        False,
    ),
    (
        "Quý I năm 2020 ban hành Kế hoạch định kỳ theo quy định, báo cáo kết quả thực hiện và "
        "các văn bản xử lý hoặc kiến nghị xử lý về UBND huyện.",
        2020,
        2020,
        KIND_YEAR,
        D(2020, 12, 31),
        (D(2020, 3, 31),),
        False,
    ),
    (
        "Quý I năm 2020 ban hành kế hoạch, quyết định; định kỳ hàng năm, báo cáo kết quả thực "
        "hiện và các văn bản xử lý hoặc kiến nghị xử lý về UBND huyện.",
        2020,
        2020,
        KIND_YEAR,
        D(2020, 12, 31),
        (D(2020, 3, 31),),
        False,
    ),
    (
        "Quý I năm 2020 ban hành Kế hoạch; định kỳ hàng năm, báo cáo kết quả thực hiện và các "
        "văn bản kiến nghị xử lý về UBND huyện (qua Phòng Tư pháp).",
        2020,
        2020,
        KIND_YEAR,
        D(2020, 12, 31),
        (D(2020, 3, 31),),
        False,
    ),
    (
        "Quý I năm 2020 ban hành các quyết định; định kỳ hàng năm, báo cáo kết quả thực hiện và "
        "kết quả xử lý về UBND huyện (qua Phòng Tư pháp);",
        2020,
        2020,
        KIND_YEAR,
        D(2020, 12, 31),
        (D(2020, 3, 31),),
        False,
    ),
    (
        "Hoàn thành việc ban hành kế hoạch, văn bản hướng dẫn trước ngày 31/01/2020; định kỳ "
        "hàng năm báo cáo kết quả thực hiện về UBND huyện.",
        2020,
        2020,
        KIND_YEAR,
        D(2020, 12, 31),
        (D(2020, 1, 31),),
        False,
    ),
    (
        "+ Hoàn thành việc ban hành kế hoạch rà soát, đánh giá TTHC trước ngày 31/01/2020;\n"
        "+ Báo cáo kết quả rà soát, đánh giá TTHC kịp thời theo quy định.",
        2020,
        2020,
        KIND_DATE,
        D(2020, 1, 31),
        (),
        False,
    ),
    ("Quý III năm 2019.", 2020, 2020, KIND_QUARTER, D(2019, 9, 30), (), True),  # task 2.f
    (
        "Thường xuyên trong năm và theo kế hoạch đề ra.",
        2020,
        2020,
        KIND_RECURRING,
        None,
        (),
        False,
    ),
    ("trong năm 2020.", 2020, 2020, KIND_YEAR, D(2020, 12, 31), (), False),
    ("Theo Kế hoạch kiểm tra của UBND huyện.", 2020, 2020, KIND_CONDITIONAL, None, (), False),
    ("Quý I năm 2020.", 2020, 2020, KIND_QUARTER, D(2020, 3, 31), (), False),
    ("Thường xuyên.", 2020, 2020, KIND_RECURRING, None, (), False),
    ("Quý III năm 2020.", 2020, 2020, KIND_QUARTER, D(2020, 9, 30), (), False),
    ("Trong năm 2020.", 2020, 2020, KIND_YEAR, D(2020, 12, 31), (), False),
    ("Quý II năm 2020.", 2020, 2020, KIND_QUARTER, D(2020, 6, 30), (), False),
    (
        "Quý I năm 2020 ban hành kế hoạch; định kỳ báo cáo kết quả thực hiện.",
        2020,
        2020,
        KIND_YEAR,
        D(2020, 12, 31),
        (D(2020, 3, 31),),
        False,
    ),
    (
        "Quý I năm 2020 ban hành Kế hoạch; báo cáo kết quả thực hiện theo định kỳ.",
        2020,
        2020,
        KIND_YEAR,
        D(2020, 12, 31),
        (D(2020, 3, 31),),
        False,
    ),
    ("Tháng 12 năm 2020.", 2020, 2020, KIND_MONTH, D(2020, 12, 31), (), False),
    (
        "Quý III năm 2020 ban hành kế hoạch; báo cáo kết quả sau mỗi đợt kiểm tra về UBND huyện.",
        2020,
        2020,
        KIND_QUARTER,
        D(2020, 9, 30),
        (),
        False,
    ),
    ("Tháng 01/2021;", 2020, 2020, KIND_MONTH, D(2021, 1, 31), (), True),  # 8.d, next year
    # --- 003 Thăng Bình 2022, column "Thời gian hoàn thành" (cells rebuilt from split lines)
    (
        "Ban hành Kế hoạch trong tháng 01, thực hiện năm 2022 và các năm tiếp theo",
        2022,
        2022,
        KIND_YEAR,
        D(2022, 12, 31),
        (D(2022, 1, 31),),
        False,
    ),
    (
        "Ban hành Kế hoạch trong tháng 01, thực hiện năm 2022",
        2022,
        2022,
        KIND_YEAR,
        D(2022, 12, 31),
        (D(2022, 1, 31),),
        False,
    ),
    (
        "Ban hành Kế hoạch trong tháng 01 và hoàn thành điều tra, đánh giá trong tháng 02/2022",
        2022,
        2022,
        KIND_MONTH,
        D(2022, 2, 28),
        (D(2022, 1, 31),),
        False,
    ),
    ("Hằng Quý 01 số", 2022, 2022, KIND_RECURRING, None, (), False),
    ("Tháng 01/2022", 2022, 2022, KIND_MONTH, D(2022, 1, 31), (), False),
    ("Tháng 3/2022", 2022, 2022, KIND_MONTH, D(2022, 3, 31), (), False),
    ("Theo định kỳ hằng quý, 6 tháng, 01 năm.", 2022, 2022, KIND_RECURRING, None, (), False),
    (
        "Ban hành Kế hoạch trong tháng 11 và hoàn thành điều tra, đánh giá trong tháng 12/2022",
        2022,
        2022,
        KIND_MONTH,
        D(2022, 12, 31),
        (D(2022, 11, 30),),
        False,
    ),
    ("Định kỳ 01 tháng/01 chuyên đề", 2022, 2022, KIND_RECURRING, None, (), False),
    (
        "Ban hành Kế hoạch trong Quý I, thực hiện năm 2022",
        2022,
        2022,
        KIND_YEAR,
        D(2022, 12, 31),
        (D(2022, 3, 31),),
        False,
    ),
    (
        "Ban hành Kế hoạch trong tháng 01 và thực hiện cả năm 2022",
        2022,
        2022,
        KIND_YEAR,
        D(2022, 12, 31),
        (D(2022, 1, 31),),
        False,
    ),
    (
        "Ban hành Kế hoạch trong tháng 02, hoàn thành tháng 4/2022",
        2022,
        2022,
        KIND_MONTH,
        D(2022, 4, 30),
        (D(2022, 2, 28),),
        False,
    ),
    (
        "Ban hành Kế hoạch trong tháng 02, thực hiện năm 2022",
        2022,
        2022,
        KIND_YEAR,
        D(2022, 12, 31),
        (D(2022, 2, 28),),
        False,
    ),
    ("Đột xuất", 2022, 2022, KIND_ADHOC, None, (), False),
]

EDGE_CASES = [
    # missing year: month / quarter / day-month without year → start_year
    ("Tháng 02", 2022, 2022, KIND_MONTH, D(2022, 2, 28), (), False),
    ("Tháng 02", 2024, 2024, KIND_MONTH, D(2024, 2, 29), (), False),
    ("Trong tháng 01", 2023, 2025, KIND_MONTH, D(2023, 1, 31), (), False),
    ("Quý III", 2023, 2025, KIND_QUARTER, D(2023, 9, 30), (), False),
    ("trước ngày 10/3", 2022, 2022, KIND_DATE, D(2022, 3, 10), (), False),
    # bare "Cả năm" / "Trong năm" → end of end_year (whole plan period)
    ("Cả năm", 2023, 2025, KIND_YEAR, D(2025, 12, 31), (), False),
    ("Trong năm", 2020, 2020, KIND_YEAR, D(2020, 12, 31), (), False),
    (
        "Ban hành kế hoạch trong Quý I, thực hiện cả năm",
        2023,
        2025,
        KIND_YEAR,
        D(2025, 12, 31),
        (D(2023, 3, 31),),
        False,
    ),
    # missing year inherited from a later piece of the same text, stepping back a year if needed
    (
        "Ban hành Kế hoạch trong tháng 01, thực hiện năm 2024",
        2023,
        2025,
        KIND_YEAR,
        D(2024, 12, 31),
        (D(2024, 1, 31),),
        False,
    ),
    (
        "Ban hành trong tháng 11, hoàn thành tháng 02/2024",
        2023,
        2025,
        KIND_MONTH,
        D(2024, 2, 29),
        (D(2023, 11, 30),),
        False,
    ),
    # year outside the plan: kept, flagged
    ("Cả năm 2022", 2023, 2023, KIND_YEAR, D(2022, 12, 31), (), True),
    ("Quý III năm 2019", 2020, 2020, KIND_QUARTER, D(2019, 9, 30), (), True),
    ("15/01/2026", 2023, 2025, KIND_DATE, D(2026, 1, 15), (), True),
    ("Quý I/2024", 2023, 2025, KIND_QUARTER, D(2024, 3, 31), (), False),
    # several quarters
    ("Quý I, II/2022", 2022, 2022, KIND_QUARTER, D(2022, 6, 30), (), False),
    ("Quý I,II,III/2022", 2022, 2022, KIND_QUARTER, D(2022, 9, 30), (), False),
    ("Quý II và Quý III năm 2023", 2023, 2023, KIND_QUARTER, D(2023, 9, 30), (), False),
    # ranges, across years, en dash vs hyphen
    ("Từ Quý IV/2023 đến Quý I/2024", 2023, 2025, KIND_RANGE, D(2024, 3, 31), (), False),
    ("Từ tháng 11/2022 đến tháng 02/2023", 2022, 2023, KIND_RANGE, D(2023, 2, 28), (), False),
    ("Từ tháng 11/2022 đến tháng 02/2023", 2023, 2023, KIND_RANGE, D(2023, 2, 28), (), True),
    ("Quý I – Quý II/2022", 2022, 2022, KIND_RANGE, D(2022, 6, 30), (), False),
    ("Quý I - Quý II/2022", 2022, 2022, KIND_RANGE, D(2022, 6, 30), (), False),
    ("Giai đoạn 2023 – 2025", 2023, 2025, KIND_RANGE, D(2025, 12, 31), (), False),
    ("2023-2025", 2023, 2025, KIND_RANGE, D(2025, 12, 31), (), False),
    # Roman numerals in any case, arabic quarters, "Qúy"/"Quí" spellings
    ("quý i/2022", 2022, 2022, KIND_QUARTER, D(2022, 3, 31), (), False),
    ("QUÝ IV/2022", 2022, 2022, KIND_QUARTER, D(2022, 12, 31), (), False),
    ("QUÝ IV", 2023, 2023, KIND_QUARTER, D(2023, 12, 31), (), False),
    ("Quý Iii năm 2021", 2021, 2021, KIND_QUARTER, D(2021, 9, 30), (), False),
    ("Quý 1/2022", 2022, 2022, KIND_QUARTER, D(2022, 3, 31), (), False),
    ("Quý 4 năm 2022", 2022, 2022, KIND_QUARTER, D(2022, 12, 31), (), False),
    ("Qúy II/2022", 2022, 2022, KIND_QUARTER, D(2022, 6, 30), (), False),
    ("Quí II/2022", 2022, 2022, KIND_QUARTER, D(2022, 6, 30), (), False),
    # date forms
    ("5/2/2022", 2022, 2022, KIND_DATE, D(2022, 2, 5), (), False),
    ("05/02/2022", 2022, 2022, KIND_DATE, D(2022, 2, 5), (), False),
    ("ngày 15 tháng 02 năm 2022", 2022, 2022, KIND_DATE, D(2022, 2, 15), (), False),
    ("Trước ngày 15 tháng 2 năm 2022", 2022, 2022, KIND_DATE, D(2022, 2, 15), (), False),
    ("15-02-2022", 2022, 2022, KIND_DATE, D(2022, 2, 15), (), False),
    ("Trước  ngày   15 / 02 / 2022 ", 2022, 2022, KIND_DATE, D(2022, 2, 15), (), False),
    ("29/02/2024", 2024, 2024, KIND_DATE, D(2024, 2, 29), (), False),
    # month forms
    ("Tháng 12 năm 2020", 2020, 2020, KIND_MONTH, D(2020, 12, 31), (), False),
    ("THÁNG 6/2022", 2022, 2022, KIND_MONTH, D(2022, 6, 30), (), False),
    # two milestones then a final date
    (
        "Ban hành kế hoạch trước ngày 15/02/2022, sơ kết Quý II/2022, tổng kết tháng 12/2022",
        2022,
        2022,
        KIND_MONTH,
        D(2022, 12, 31),
        (D(2022, 2, 15), D(2022, 6, 30)),
        False,
    ),
    # a recurring word before the first date wins
    ("Thường xuyên trong năm 2022", 2022, 2022, KIND_RECURRING, None, (), False),
    ("Hàng tháng", 2022, 2022, KIND_RECURRING, None, (), False),
    ("Định kỳ 6 tháng", 2022, 2022, KIND_RECURRING, None, (), False),
    ("Theo chỉ đạo của UBND tỉnh", 2022, 2022, KIND_CONDITIONAL, None, (), False),
    ("ĐỘT XUẤT", 2022, 2022, KIND_ADHOC, None, (), False),
    # invalid dates → unknown, never "corrected"
    ("31/02/2022", 2022, 2022, KIND_UNKNOWN, None, (), False),
    ("29/02/2023", 2023, 2023, KIND_UNKNOWN, None, (), False),
    ("32/01/2022", 2022, 2022, KIND_UNKNOWN, None, (), False),
    ("Tháng 13/2022", 2022, 2022, KIND_UNKNOWN, None, (), False),
    ("Tháng 0/2022", 2022, 2022, KIND_UNKNOWN, None, (), False),
    ("Quý V/2022", 2022, 2022, KIND_UNKNOWN, None, (), False),
    ("Quý 5/2022", 2022, 2022, KIND_UNKNOWN, None, (), False),
    ("ngày 30 tháng 02 năm 2022", 2022, 2022, KIND_UNKNOWN, None, (), False),
    # empty text and garbage
    ("", 2022, 2022, KIND_NONE, None, (), False),
    ("   \n\t ", 2022, 2022, KIND_NONE, None, (), False),
    ("-", 2022, 2022, KIND_NONE, None, (), False),
    ("abc xyz", 2022, 2022, KIND_UNKNOWN, None, (), False),
    ("Sớm nhất có thể", 2022, 2022, KIND_UNKNOWN, None, (), False),
    ("Quý", 2022, 2022, KIND_UNKNOWN, None, (), False),
    # start_year and end_year given in the wrong order
    ("Cả năm", 2025, 2023, KIND_YEAR, D(2025, 12, 31), (), False),
]


def _row_id(row):
    return f"{row[0][:50]!r}-{row[1]}-{row[2]}"


@pytest.mark.parametrize(
    ("text", "start_year", "end_year", "kind", "due", "milestones", "out_of_period"),
    [pytest.param(*row, id=_row_id(row)) for row in SEED_DEADLINES + EDGE_CASES],
)
def test_parse_deadline(text, start_year, end_year, kind, due, milestones, out_of_period):
    parsed = parse_deadline(text, start_year, end_year)
    assert (parsed.kind, parsed.due_date, parsed.milestones, parsed.out_of_period) == (
        kind,
        due,
        milestones,
        out_of_period,
    )
    assert parsed.milestones == tuple(sorted(parsed.milestones))
    assert all(m < parsed.due_date for m in parsed.milestones)
    assert parsed.explanation != ""


def test_seed_table_has_every_distinct_text_once():
    texts = [row[0] for row in SEED_DEADLINES]
    assert len(texts) == len(set(texts))


@pytest.mark.parametrize(
    ("text", "start_year", "end_year", "explanation"),
    [
        ("Quý I/2022", 2022, 2022, "Cuối Quý I/2022"),
        ("Quý I, II/2022", 2022, 2022, "Cuối Quý II/2022 (Quý I, II)"),
        ("Trước ngày 15/02/2022", 2022, 2022, "Ngày 15/02/2022"),
        ("Trong tháng 01/2023", 2023, 2023, "Cuối tháng 01/2023"),
        ("Cả năm 2023", 2023, 2023, "Cuối năm 2023"),
        ("Cả năm", 2022, 2022, "Cuối năm 2022 (năm lấy theo kế hoạch)"),
        ("Cả năm 2022", 2023, 2023, "Cuối năm 2022 — ngoài thời kỳ kế hoạch 2023"),
        (
            "Từ Quý IV/2023 đến Quý I/2024",
            2023,
            2023,
            "Từ Quý IV/2023 đến Quý I/2024: hạn 31/03/2024 — ngoài thời kỳ kế hoạch 2023",
        ),
        (
            "Ban hành Kế hoạch trong tháng 01, thực hiện năm 2022",
            2022,
            2022,
            "Mốc: cuối tháng 01/2022; hạn: cuối năm 2022 (năm suy từ văn bản)",
        ),
        ("Tháng 02", 2022, 2022, "Cuối tháng 02/2022 (năm lấy theo kế hoạch)"),
        (
            "Quý I năm 2020 ban hành kế hoạch; định kỳ báo cáo kết quả thực hiện.",
            2020,
            2020,
            "Mốc: cuối Quý I/2020; sau đó thực hiện, báo cáo định kỳ đến hết năm 2020",
        ),
        ("Đột xuất", 2022, 2022, "Đột xuất: không có hạn cố định"),
        ("", 2022, 2022, "Không ghi thời gian"),
    ],
)
def test_explanation(text, start_year, end_year, explanation):
    assert parse_deadline(text, start_year, end_year).explanation == explanation


@pytest.mark.parametrize(
    "text",
    [row[0] for row in SEED_DEADLINES if row[0].strip()],
)
@pytest.mark.parametrize("form", ["NFC", "NFD"])
def test_unicode_forms_give_the_same_reading(text, form):
    assert parse_deadline(unicodedata.normalize(form, text), 2022, 2022) == parse_deadline(
        text, 2022, 2022
    )


@pytest.mark.parametrize(
    ("text", "same_as"),
    [
        ("QUÝ I/2022", "Quý I/2022"),
        ("quý i/2022", "Quý I/2022"),
        ("Quý I / 2022", "Quý I/2022"),
        ("  Quý   I/2022  ", "Quý I/2022"),
        ("Quý I/2022.", "Quý I/2022"),
        ("Quý 1/2022", "Quý I/2022"),
        ("Từ Quý IV/2023 – Quý I/2024", "Từ Quý IV/2023 đến Quý I/2024"),
        ("Từ Quý IV/2023 — Quý I/2024", "Từ Quý IV/2023 - Quý I/2024"),
    ],
)
def test_spelling_variants(text, same_as):
    a, b = parse_deadline(text, 2022, 2024), parse_deadline(same_as, 2022, 2024)
    assert (a.kind, a.due_date, a.milestones, a.out_of_period) == (
        b.kind,
        b.due_date,
        b.milestones,
        b.out_of_period,
    )


def test_result_is_frozen():
    parsed = parse_deadline("Quý I/2022", 2022, 2022)
    assert isinstance(parsed, ParsedDeadline)
    with pytest.raises(AttributeError):
        parsed.kind = KIND_DATE  # type: ignore[misc]


def test_kind_constants():
    assert KINDS == (
        "date",
        "month",
        "quarter",
        "year",
        "range",
        "recurring",
        "conditional",
        "adhoc",
        "none",
        "unknown",
    )


ODD_INPUTS = [
    "0/0/0000",
    "99/99/9999",
    "31/12/0000",
    "1/1/1",
    "Quý 0/2022",
    "Quý IIII/2022",
    "Quý 99",
    "Tháng 99",
    "tháng -1/2022",
    "Từ đến",
    "Từ Quý I/2022 đến",
    "đến Quý I/2022",
    "2022-2020",
    "9999-9999",
    "ngày tháng năm",
    "ngày 0 tháng 0 năm 0",
    "/" * 50,
    "1" * 500,
    "Quý I, " * 200 + "/2022",
    "năm " * 100,
    "\x00\x01\x02",
    "\u200b\ufeff",
    "🙂 Quý I/2022 🙂",
    "Q̣uý I/2022",
    "Tháng 2/2022/2022",
    "15/02/2022/2023",
    "Quý I/20222",
    "Tháng 01/99999",
]


@pytest.mark.parametrize("text", ODD_INPUTS)
def test_never_raises_on_odd_input(text):
    parsed = parse_deadline(text, 2022, 2022)
    assert parsed.kind in KINDS
    assert isinstance(parsed.explanation, str)


def test_never_raises_on_random_strings():
    rng = random.Random(20240601)  # noqa: S311 - reproducible fuzzing, not crypto
    alphabet = "0123456789/-–.,; QqUuÝýIiVvTtháng năm ngàyđếnTừCả\n\t%"
    for _ in range(2000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        parsed = parse_deadline(text, rng.randint(1990, 2030), rng.randint(1990, 2030))
        assert parsed.kind in KINDS
        if parsed.due_date is None:
            assert parsed.milestones == ()


@pytest.mark.parametrize("bad", [None, 123, 1.5, b"Quy I/2022"])
def test_never_raises_on_non_strings(bad):
    assert parse_deadline(bad, 2022, 2022).kind in KINDS  # type: ignore[arg-type]
