"""Table-driven tests of indicators.evaluation (pure: unsaved indicators, no database)."""

from decimal import Decimal

import pytest

from indicators.evaluation import (
    format_number,
    met_label,
    target_label,
    target_met,
    unit_suffix,
    value_label,
)
from indicators.models import Comparator, Indicator, Unit


def indicator(comparator, target=None, unit=Unit.PERCENT, *, max_value=None, baseline=None):
    return Indicator(
        code="1",
        statement="Chỉ tiêu mẫu",
        comparator=comparator,
        unit=unit,
        target_value=None if target is None else Decimal(str(target)),
        max_value=None if max_value is None else Decimal(str(max_value)),
        baseline=None if baseline is None else Decimal(str(baseline)),
    )


MET_TABLE = [
    # (comparator, target, unit, baseline, actual, previous, expected)
    ("gte", 90, "percent", None, "89.99", None, False),
    ("gte", 90, "percent", None, "90", None, True),
    ("gte", 90, "percent", None, "100", None, True),
    ("gt", 86, "percent", None, "86", None, False),
    ("gt", 86, "percent", None, "86.01", None, True),
    ("lte", 5, "percent", None, "5", None, True),
    ("lte", 5, "percent", None, "5.01", None, False),
    ("lte", 5, "percent", None, "0", None, True),
    ("lt", 5, "percent", None, "5", None, False),
    ("lt", 5, "percent", None, "4.99", None, True),
    ("eq", "9.5", "points", None, "9.5", None, True),
    ("eq", "9.5", "points", None, "9.50", None, True),
    ("eq", "9.5", "points", None, "9.25", None, False),
    ("eq", 100, "percent", None, "99.99", None, False),
    ("top", 5, "rank", None, "1", None, True),
    ("top", 5, "rank", None, "5", None, True),
    ("top", 5, "rank", None, "6", None, False),
    ("increase", None, "points", "80", "80.5", None, True),
    ("increase", None, "points", "80", "80", None, False),
    ("increase", None, "points", "80", "79", "70", False),  # the baseline wins over previous
    ("increase", None, "points", None, "81", "80", True),
    ("increase", None, "points", None, "80", "80", False),
    ("increase", None, "points", None, "81", None, None),  # nothing to compare with
    ("increase", None, "rank", "12", "9", None, True),  # "tăng bậc": a smaller rank number
    ("increase", None, "rank", "12", "12", None, False),
    ("increase", None, "rank", None, "13", "12", False),
    ("text", None, "text", None, "1", None, None),
    ("gte", 90, "percent", None, None, None, None),  # no actual value yet
]


@pytest.mark.parametrize(
    ("comparator", "target", "unit", "baseline", "actual", "previous", "expected"), MET_TABLE
)
def test_target_met_table(comparator, target, unit, baseline, actual, previous, expected):
    ind = indicator(comparator, target, unit, baseline=baseline)

    result = target_met(
        ind,
        None if actual is None else Decimal(actual),
        None if previous is None else Decimal(previous),
    )

    assert result is expected


def test_target_met_accepts_ints_and_strings():
    ind = indicator("gte", 90)

    assert (target_met(ind, 90), target_met(ind, "89.5")) == (True, False)


@pytest.mark.parametrize(
    ("met", "label"), [(True, "Đạt"), (False, "Chưa đạt"), (None, "Chưa đánh giá được")]
)
def test_met_label(met, label):
    assert met_label(met) == label


LABEL_TABLE = [
    (indicator("gte", 90), "≥ 90%"),
    (indicator("gt", 86), "> 86%"),
    (indicator("lte", 5), "≤ 5%"),
    (indicator("lt", "2.5"), "< 2,5%"),
    (indicator("eq", 100), "= 100%"),
    (indicator("eq", "9.5", Unit.POINTS, max_value="9.5"), "9,5/9,5 điểm"),
    (indicator("eq", "10.5", Unit.POINTS, max_value="11.5"), "10,5/11,5 điểm"),
    (indicator("gte", 13, Unit.POINTS), "≥ 13 điểm"),
    (indicator("gte", 30, Unit.COUNT), "≥ 30"),
    (indicator("top", 5, Unit.RANK), "Trong nhóm 5 đứng đầu"),
    (indicator("increase", None, Unit.RANK), "Tăng so với năm trước"),
    (
        indicator("increase", None, Unit.POINTS, baseline="85.5"),
        "Tăng so với năm trước (cơ sở: 85,5 điểm)",
    ),
]


@pytest.mark.parametrize(("ind", "label"), LABEL_TABLE, ids=[label for _, label in LABEL_TABLE])
def test_target_label(ind, label):
    assert target_label(ind) == label


def test_target_label_of_text_target_is_its_clause_or_statement():
    with_clause = indicator(Comparator.TEXT, unit=Unit.TEXT)
    with_clause.statement = "Hoàn thành việc số hóa hồ sơ; cải thiện chất lượng"
    with_clause.clause = "Hoàn thành việc   số hóa hồ sơ"
    without_clause = indicator(Comparator.TEXT, unit=Unit.TEXT)

    assert (target_label(with_clause), target_label(without_clause)) == (
        "Hoàn thành việc số hóa hồ sơ",
        "Chỉ tiêu mẫu",
    )


@pytest.mark.parametrize(
    ("value", "grouping", "text"),
    [
        (Decimal("90.00"), True, "90"),
        (Decimal("9.50"), True, "9,5"),
        (Decimal("1234.25"), True, "1.234,25"),
        (Decimal("1234.25"), False, "1234,25"),
        (Decimal("0"), True, "0"),
        (None, True, ""),
    ],
)
def test_format_number(value, grouping, text):
    assert format_number(value, grouping=grouping) == text


@pytest.mark.parametrize(
    ("unit", "label", "suffix"),
    [
        (Unit.PERCENT, "92,5%", "%"),
        (Unit.POINTS, "92,5 điểm", "điểm"),
        (Unit.RANK, "hạng 92,5", "thứ hạng"),
        (Unit.COUNT, "92,5", "số lượng"),
        (Unit.TEXT, "92,5", ""),
    ],
)
def test_value_label_and_unit_suffix(unit, label, suffix):
    ind = indicator("gte", 1, unit)

    assert (value_label(ind, Decimal("92.50")), unit_suffix(ind)) == (label, suffix)
