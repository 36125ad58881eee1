"""Table-driven tests of tasks.deadlines.parse_deadline (pure Python: no Django, no database).

The first table holds every distinct deadline text of the five source plans (000_… to 004_…,
see docs/domain.md, "The five source plans"), with the plan's years; Tuy Phước
(004_5869b5a3940833bd.txt) states no deadlines.
"""

import datetime
import json
import random
import unicodedata
from pathlib import Path

import pytest

from tasks import deadlines
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
    _parse,
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
        "Quý I năm 2020 quyết định kiện toàn Bộ phận tiếp nhận và trả kết quả; ban hành quy trình "
        "tiếp nhận, giải quyết TTHC trong nội bộ cơ quan, địa phương; báo cáo kết quả giải quyết "
        "hồ sơ TTHC.",
        2020,
        2020,
        KIND_QUARTER,
        D(2020, 3, 31),
        (),
        False,
    ),
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


FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def test_every_deadline_of_the_seed_plans_reads_as_its_table_row():
    """The seed table is the plans' own deadlines: each text of the five seed files, parsed with
    its plan's years, gives the reading of its row (blank texts read as "none")."""
    rows = {(row[0].strip(), row[1], row[2]): row[3:] for row in SEED_DEADLINES}
    readings, missing = {}, []
    for path in sorted(FIXTURES.glob("*.json")):
        data = json.loads(path.read_text("utf-8"))
        start, end = data["plan"]["start_year"], data["plan"]["end_year"]
        for task in data["tasks"]:
            text = task["deadline_text"]
            parsed = parse_deadline(text, start, end)
            reading = (parsed.kind, parsed.due_date, parsed.milestones, parsed.out_of_period)
            key = (text.strip(), start, end)
            if not key[0]:
                assert reading == (KIND_NONE, None, (), False)
            elif key in rows:
                readings[key] = reading
            else:
                missing.append(key)
    assert missing == []
    assert readings == rows


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


RECURRING = "Thường xuyên/định kỳ: báo cáo theo từng kỳ, không có hạn"
CONDITIONAL = "Phụ thuộc văn bản/kế hoạch khác: chưa có hạn, nhập tay khi có"
INVALID = "Ngày tháng không hợp lệ: "


def R(kind, due, explanation, milestones=(), out=False):
    return ParsedDeadline(kind, due, milestones, out, explanation)


# Whole readings, explanation included, for the rules' corners: whitespace and line breaks inside
# words, ranges of every kind of piece (with "Từ … đến", "… đến …" or "… - …"), "Từ nay đến …",
# a missing year taken from a later or an earlier piece, reversed and one-year ranges.
EXACT_READINGS = [
    ("Quý\u00a0I/2022", 2022, 2022, R(KIND_QUARTER, D(2022, 3, 31), "Cuối Quý I/2022")),
    ("Thường\nxuyên", 2022, 2022, R(KIND_RECURRING, None, RECURRING)),
    ("Kiểm tra  thường \n xuyên", 2022, 2022, R(KIND_RECURRING, None, RECURRING)),
    ("Cả năm, kiểm tra thường xuyên", 2022, 2022, R(KIND_RECURRING, None, RECURRING)),
    (
        "Thường xuyên Quý 5/2022",
        2022,
        2022,
        R(KIND_UNKNOWN, None, INVALID + "thường xuyên quý 5/2022"),
    ),
    (
        "Thường xuyên, tháng 13/2022",
        2022,
        2022,
        R(KIND_UNKNOWN, None, INVALID + "thường xuyên, tháng 13/2022"),
    ),
    ("Quý V/2022", 2022, 2022, R(KIND_UNKNOWN, None, INVALID + "quý v/2022")),
    ("Tháng 13/2022", 2022, 2022, R(KIND_UNKNOWN, None, INVALID + "tháng 13/2022")),
    ("31/02/2022.", 2022, 2022, R(KIND_UNKNOWN, None, INVALID + "31/02/2022")),
    ("2022-2020", 2022, 2022, R(KIND_UNKNOWN, None, INVALID + "2022-2020")),
    ("abc xyz", 2022, 2022, R(KIND_UNKNOWN, None, "Không hiểu được thời gian")),
    ("Theo hướng dẫn của Thành phố", 2022, 2022, R(KIND_CONDITIONAL, None, CONDITIONAL)),
    (
        "2022-2022",
        2022,
        2022,
        R(KIND_RANGE, D(2022, 12, 31), "Giai đoạn 2022-2022, hạn cuối năm 2022"),
    ),
    (
        "Giai đoạn 2023 – 2025",
        2023,
        2025,
        R(KIND_RANGE, D(2025, 12, 31), "Giai đoạn 2023-2025, hạn cuối năm 2025"),
    ),
    (
        "2019-2022",
        2020,
        2022,
        R(
            KIND_RANGE,
            D(2022, 12, 31),
            "Giai đoạn 2019-2022, hạn cuối năm 2022 — ngoài thời kỳ kế hoạch 2020-2022",
            out=True,
        ),
    ),
    (
        "Quý I/2026",
        2023,
        2025,
        R(
            KIND_QUARTER,
            D(2026, 3, 31),
            "Cuối Quý I/2026 — ngoài thời kỳ kế hoạch 2023-2025",
            out=True,
        ),
    ),
    (
        "ngày 15 tháng 02 năm 2021",
        2022,
        2022,
        R(KIND_DATE, D(2021, 2, 15), "Ngày 15/02/2021 — ngoài thời kỳ kế hoạch 2022", out=True),
    ),
    # ranges of each kind of piece, without "Từ" (the first one not at the start of the text)
    (
        "Hạn 15/01/2022 - tháng 3/2022",
        2022,
        2022,
        R(KIND_RANGE, D(2022, 3, 31), "Từ ngày 15/01/2022 đến tháng 03/2022: hạn 31/03/2022"),
    ),
    (
        "15/01/2022 - tháng 3/2022",
        2022,
        2022,
        R(KIND_RANGE, D(2022, 3, 31), "Từ ngày 15/01/2022 đến tháng 03/2022: hạn 31/03/2022"),
    ),
    (
        "ngày 01 tháng 02 năm 2022 - ngày 15 tháng 03 năm 2022",
        2022,
        2022,
        R(KIND_RANGE, D(2022, 3, 15), "Từ ngày 01/02/2022 đến ngày 15/03/2022: hạn 15/03/2022"),
    ),
    (
        "15/01/2022 - 15/03/2022",
        2022,
        2022,
        R(KIND_RANGE, D(2022, 3, 15), "Từ ngày 15/01/2022 đến ngày 15/03/2022: hạn 15/03/2022"),
    ),
    (
        "ngày 10/3 - ngày 20/4",
        2022,
        2022,
        R(
            KIND_RANGE,
            D(2022, 4, 20),
            "Từ ngày 10/03/2022 đến ngày 20/04/2022: hạn 20/04/2022 (năm lấy theo kế hoạch)",
        ),
    ),
    (
        "tháng 11/2022 - tháng 02/2023",
        2022,
        2023,
        R(KIND_RANGE, D(2023, 2, 28), "Từ tháng 11/2022 đến tháng 02/2023: hạn 28/02/2023"),
    ),
    (
        "2020-2022 đến 2025",
        2020,
        2025,
        R(KIND_RANGE, D(2025, 12, 31), "Từ 2020-2022 đến năm 2025: hạn 31/12/2025"),
    ),
    (
        "2022 đến 2023",
        2022,
        2023,
        R(KIND_RANGE, D(2023, 12, 31), "Từ năm 2022 đến năm 2023: hạn 31/12/2023"),
    ),
    (
        "Trong năm - Quý IV/2023",
        2023,
        2023,
        R(
            KIND_RANGE,
            D(2023, 12, 31),
            "Từ năm 2023 đến Quý IV/2023: hạn 31/12/2023 (năm lấy theo kế hoạch)",
        ),
    ),
    (
        "Quý I/2022 đến Quý II/2022",
        2022,
        2022,
        R(KIND_RANGE, D(2022, 6, 30), "Từ Quý I/2022 đến Quý II/2022: hạn 30/06/2022"),
    ),
    # "Từ … đến hết …", "Từ nay đến …" (one date: not a range)
    (
        "Từ tháng 3/2022 đến hết năm 2022",
        2022,
        2022,
        R(KIND_RANGE, D(2022, 12, 31), "Từ tháng 03/2022 đến năm 2022: hạn 31/12/2022"),
    ),
    ("Từ nay đến tháng 6/2022", 2022, 2022, R(KIND_MONTH, D(2022, 6, 30), "Cuối tháng 06/2022")),
    ("Từ nay đến hết năm 2022", 2022, 2022, R(KIND_YEAR, D(2022, 12, 31), "Cuối năm 2022")),
    (
        "Từ Quý I, II/2022 đến Quý IV/2022",
        2022,
        2022,
        R(KIND_RANGE, D(2022, 12, 31), "Từ Quý I, II/2022 đến Quý IV/2022: hạn 31/12/2022"),
    ),
    (
        "Từ Quý I/2023 đến 2024-2025",
        2023,
        2025,
        R(KIND_RANGE, D(2025, 12, 31), "Từ Quý I/2023 đến 2024-2025: hạn 31/12/2025"),
    ),
    # a missing year from an earlier piece, a later one, or the plan
    (
        "Quý III/2023 và tháng 10",
        2022,
        2024,
        R(
            KIND_MONTH,
            D(2023, 10, 31),
            "Mốc: cuối Quý III/2023; hạn: cuối tháng 10/2023 (năm suy từ văn bản)",
            (D(2023, 9, 30),),
        ),
    ),
    (
        "Tháng 3/2023 và Quý IV",
        2022,
        2024,
        R(
            KIND_QUARTER,
            D(2023, 12, 31),
            "Mốc: cuối tháng 03/2023; hạn: cuối Quý IV/2023 (năm suy từ văn bản)",
            (D(2023, 3, 31),),
        ),
    ),
    (
        "Quý I/2023, cả năm, tháng 3",
        2023,
        2025,
        R(
            KIND_YEAR,
            D(2025, 12, 31),
            "Mốc: cuối Quý I/2023; cuối tháng 03/2023; hạn: cuối năm 2025 (năm lấy theo kế hoạch)",
            (D(2023, 3, 31),),
        ),
    ),
    (
        "Quý IV/2022, tháng 01, hoàn thành tháng 03/2023",
        2022,
        2023,
        R(
            KIND_MONTH,
            D(2023, 3, 31),
            "Mốc: cuối Quý IV/2022; cuối tháng 01/2023; hạn: cuối tháng 03/2023"
            " (năm suy từ văn bản)",
            (D(2022, 12, 31), D(2023, 1, 31)),
        ),
    ),
    (
        "Ban hành tháng 12, hoàn thành trước ngày 31/12/2022",
        2022,
        2022,
        R(KIND_DATE, D(2022, 12, 31), "Ngày 31/12/2022 (năm suy từ văn bản)"),
    ),
    (
        "Ban hành tháng 02, hoàn thành tháng 02/2024",
        2023,
        2025,
        R(KIND_MONTH, D(2024, 2, 29), "Cuối tháng 02/2024 (năm suy từ văn bản)"),
    ),
    (
        "Cả năm, báo cáo tháng 6",
        2022,
        2022,
        R(
            KIND_YEAR,
            D(2022, 12, 31),
            "Mốc: cuối tháng 06/2022; hạn: cuối năm 2022 (năm lấy theo kế hoạch)",
            (D(2022, 6, 30),),
        ),
    ),
    # two pieces on the same day: the later one written gives the kind
    (
        "Quý IV/2022 hoặc tháng 12/2022",
        2022,
        2022,
        R(KIND_MONTH, D(2022, 12, 31), "Cuối tháng 12/2022"),
    ),
    # a periodic word after a piece due at the end of the year: nothing to extend
    (
        "Quý IV/2022 ban hành; định kỳ hàng năm báo cáo",
        2022,
        2022,
        R(KIND_QUARTER, D(2022, 12, 31), "Cuối Quý IV/2022; báo cáo định kỳ"),
    ),
    (
        "Ban hành kế hoạch trước ngày 15/02/2022, sơ kết Quý II/2022, tổng kết tháng 12/2022",
        2022,
        2022,
        R(
            KIND_MONTH,
            D(2022, 12, 31),
            "Mốc: ngày 15/02/2022; cuối Quý II/2022; hạn: cuối tháng 12/2022",
            (D(2022, 2, 15), D(2022, 6, 30)),
        ),
    ),
    (
        "Quý I/2022 và tháng 3/2022, hoàn thành Quý II/2022",
        2022,
        2022,
        R(
            KIND_QUARTER,
            D(2022, 6, 30),
            "Mốc: cuối Quý I/2022; cuối tháng 03/2022; hạn: cuối Quý II/2022",
            (D(2022, 3, 31),),
        ),
    ),
]


@pytest.mark.parametrize(
    ("text", "start_year", "end_year", "expected"),
    # plain ids: mutmut passes test ids back to pytest, and some escaped texts do not survive that
    [pytest.param(*row, id=f"reading-{i}") for i, row in enumerate(EXACT_READINGS)],
)
def test_whole_reading(text, start_year, end_year, expected):
    assert parse_deadline(text, start_year, end_year) == expected


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


# Odd inputs, read by the parser's own rules: `_parse` is `parse_deadline` without its safety net
# (which turns any exception into "unknown"), so a rule that raises fails here instead of hiding.
ODD_INPUTS = [
    ("0/0/0000", KIND_UNKNOWN, None),
    ("99/99/9999", KIND_UNKNOWN, None),
    ("31/12/0000", KIND_UNKNOWN, None),
    ("1/1/1", KIND_UNKNOWN, None),
    ("Quý 0/2022", KIND_UNKNOWN, None),
    ("Quý IIII/2022", KIND_UNKNOWN, None),
    ("Quý 99", KIND_UNKNOWN, None),
    ("Tháng 99", KIND_UNKNOWN, None),
    ("tháng -1/2022", KIND_UNKNOWN, None),
    ("Từ đến", KIND_UNKNOWN, None),
    ("Từ Quý I/2022 đến", KIND_QUARTER, D(2022, 3, 31)),
    ("đến Quý I/2022", KIND_QUARTER, D(2022, 3, 31)),
    ("2022-2020", KIND_UNKNOWN, None),
    ("9999-9999", KIND_UNKNOWN, None),
    ("ngày tháng năm", KIND_UNKNOWN, None),
    ("ngày 0 tháng 0 năm 0", KIND_UNKNOWN, None),
    ("/" * 50, KIND_UNKNOWN, None),
    ("1" * 500, KIND_UNKNOWN, None),
    ("Quý I, " * 200 + "/2022", KIND_QUARTER, D(2022, 3, 31)),
    ("năm " * 100, KIND_UNKNOWN, None),
    ("\x00\x01\x02", KIND_UNKNOWN, None),
    ("\u200b\ufeff", KIND_UNKNOWN, None),
    ("🙂 Quý I/2022 🙂", KIND_QUARTER, D(2022, 3, 31)),
    ("Q̣uý I/2022", KIND_UNKNOWN, None),
    ("Tháng 2/2022/2022", KIND_MONTH, D(2022, 2, 28)),
    ("15/02/2022/2023", KIND_UNKNOWN, None),
    # a five-digit "year" is not a year: the piece reads as if written without one
    ("Quý I/20222", KIND_QUARTER, D(2022, 3, 31)),
    ("Tháng 01/99999", KIND_MONTH, D(2022, 1, 31)),
]


@pytest.mark.parametrize(
    ("text", "kind", "due"), ODD_INPUTS, ids=[f"odd-{i}" for i in range(len(ODD_INPUTS))]
)
def test_odd_input_gets_a_reading_from_the_rules_without_raising(text, kind, due):
    parsed = _parse(text, 2022, 2022)
    assert (parsed.kind, parsed.due_date, parsed.milestones) == (kind, due, ())


def test_random_strings_get_a_consistent_reading_from_the_rules_without_raising():
    rng = random.Random(20240601)  # noqa: S311 - reproducible fuzzing, not crypto
    alphabet = "0123456789/-–.,; QqUuÝýIiVvTtháng năm ngàyđếnTừCả\n\t%"
    kinds = set()
    for _ in range(2000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        parsed = _parse(text, rng.randint(1990, 2030), rng.randint(1990, 2030))
        kinds.add(parsed.kind)
        if parsed.due_date is None:
            assert (parsed.kind, parsed.milestones) in {(k, ()) for k in UNDATED_KINDS}
        else:
            assert parsed.kind in DATED_KINDS
            assert all(m < parsed.due_date for m in parsed.milestones)
    assert kinds == {KIND_NONE, KIND_UNKNOWN, KIND_QUARTER}


UNDATED_KINDS = (KIND_RECURRING, KIND_CONDITIONAL, KIND_ADHOC, KIND_NONE, KIND_UNKNOWN)
DATED_KINDS = (KIND_DATE, KIND_MONTH, KIND_QUARTER, KIND_YEAR, KIND_RANGE)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, ParsedDeadline(KIND_NONE, None, (), False, "Không ghi thời gian")),
        (2022, ParsedDeadline(KIND_YEAR, D(2022, 12, 31), (), False, "Cuối năm 2022")),
        (123, ParsedDeadline(KIND_UNKNOWN, None, (), False, "Không hiểu được thời gian")),
        (b"Quy I/2022", ParsedDeadline(KIND_UNKNOWN, None, (), False, "Không hiểu được thời gian")),
    ],
)
def test_a_value_that_is_not_text_is_read_as_its_text(value, expected):
    assert parse_deadline(value, 2022, 2022) == expected  # type: ignore[arg-type]


def test_an_unexpected_error_reads_as_unknown_instead_of_raising(monkeypatch):
    def broken(text, start_year, end_year):
        raise RuntimeError("bug")

    monkeypatch.setattr(deadlines, "_parse", broken)
    assert parse_deadline("Quý I/2022", 2022, 2022) == ParsedDeadline(
        KIND_UNKNOWN, None, (), False, "Không đọc được thời gian"
    )
