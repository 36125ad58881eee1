import datetime

import pytest

from plans.periods import Period, current_period, plan_periods


@pytest.mark.parametrize(
    ("slug", "expected"),
    [
        ("2022-Q2", Period(2022, 2)),
        ("2025-Q4", Period(2025, 4)),
        ("2022-Q5", None),
        ("2022-Q0", None),
        ("22-Q1", None),
        ("2022Q1", None),
        ("", None),
        ("2022-q1", None),
    ],
)
def test_period_parse(slug, expected):
    assert Period.parse(slug) == expected


@pytest.mark.parametrize(
    ("period", "label", "cumulative", "end"),
    [
        (Period(2022, 1), "Quý I/2022", "Quý I năm 2022", datetime.date(2022, 3, 31)),
        (Period(2022, 2), "Quý II/2022", "6 tháng năm 2022", datetime.date(2022, 6, 30)),
        (Period(2022, 3), "Quý III/2022", "9 tháng năm 2022", datetime.date(2022, 9, 30)),
        (Period(2022, 4), "Quý IV/2022", "năm 2022", datetime.date(2022, 12, 31)),
    ],
)
def test_period_labels_and_end(period, label, cumulative, end):
    assert (period.label, period.cumulative_label, period.end) == (label, cumulative, end)


def test_report_due_uses_plan_day_of_last_month_or_quarter_end():
    assert Period(2022, 1).report_due(10) == datetime.date(2022, 3, 10)  # Thanh Oai: before 10/3
    assert Period(2023, 4).report_due(8) == datetime.date(2023, 12, 8)  # Cát Hải: 8th
    assert Period(2020, 2).report_due(None) == datetime.date(2020, 6, 30)


def test_current_period_is_clamped_to_plan_years():
    assert current_period(2022, 2022, datetime.date(2026, 11, 22)) == Period(2022, 4)
    assert current_period(2023, 2025, datetime.date(2024, 5, 2)) == Period(2024, 2)
    assert current_period(2023, 2025, datetime.date(2020, 1, 1)) == Period(2023, 1)


def test_plan_periods_lists_every_quarter():
    assert [p.slug for p in plan_periods(2023, 2024)] == [
        "2023-Q1",
        "2023-Q2",
        "2023-Q3",
        "2023-Q4",
        "2024-Q1",
        "2024-Q2",
        "2024-Q3",
        "2024-Q4",
    ]
