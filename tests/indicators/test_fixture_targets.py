"""The targets the seed fixtures write out in full agree with the target parser.

A fixture entry normally carries only the statement; the importer parses it and gives every part
the statement's subject. Entries whose parts measure different things (Thăng Bình 8, Tuy Phước 3
and 8.a) are written in the export form, one row per part with its own subject. Those rows must
say what the parser reads from the same statement, so that nothing but the subject is typed by
hand, and the subject must be what `guess_subject` reads from the part's clause.
"""

import json
from decimal import Decimal
from pathlib import Path

import pytest

from indicators.targets import guess_subject, parse_targets

FIXTURES = sorted((Path(__file__).resolve().parents[2] / "fixtures").glob("*.json"))


def _explicit_rows():
    for path in FIXTURES:
        for row in json.loads(path.read_text(encoding="utf-8"))["indicators"]:
            if "comparator" in row:
                yield pytest.param(row, id=f"{path.stem}:{row['code']}.{row['part']}")


def _decimal(text):
    return None if text is None else Decimal(text)


@pytest.mark.parametrize("row", list(_explicit_rows()))
def test_explicit_target_rows_match_the_parser(row):
    target = parse_targets(row["statement"])[row["part"] - 1]

    assert (row["comparator"], _decimal(row["target_value"]), _decimal(row["max_value"])) == (
        target.comparator,
        target.value,
        target.max_value,
    )
    assert (row["unit"], row["clause"]) == (target.unit, target.clause)
    assert row["subject"] == guess_subject(target.clause)


def test_explicit_rows_are_the_three_statements_with_parts_on_different_indices():
    assert sorted(
        (path.stem, row["code"], row["part"])
        for path in FIXTURES
        for row in json.loads(path.read_text(encoding="utf-8"))["indicators"]
        if "comparator" in row
    ) == [
        ("thang-binh-2022", "8", 1),
        ("thang-binh-2022", "8", 2),
        ("tuy-phuoc-2023-2025", "3", 1),
        ("tuy-phuoc-2023-2025", "3", 2),
        ("tuy-phuoc-2023-2025", "8.a", 1),
        ("tuy-phuoc-2023-2025", "8.a", 2),
    ]
