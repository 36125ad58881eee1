"""Reporting periods: a year and a quarter, read cumulatively (Q2 = six months).

Vietnamese reform reports are cumulative: the quarter I report, the six-month report (end of
Q2), the nine-month report (end of Q3) and the year report. A `Period` names one of them; its
`slug` ("2022-Q2") appears in URLs and commands.
"""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
CUMULATIVE = {1: "Quý I", 2: "6 tháng", 3: "9 tháng", 4: "năm"}
# Data cut-off rules (Plan.data_cutoff).
CUTOFF_QUARTER_END = "quarter_end"
CUTOFF_DECREE_09 = "decree_09"
_SLUG = re.compile(r"^(\d{4})-Q([1-4])$")


@dataclass(frozen=True, order=True)
class Period:
    year: int
    quarter: int

    @classmethod
    def parse(cls, slug: str) -> Period | None:
        """ "2022-Q2" → Period(2022, 2); anything else (2022-Q5, 22-Q1, …) → None."""
        match = _SLUG.match(slug or "")
        if not match:
            return None
        return cls(int(match.group(1)), int(match.group(2)))

    @classmethod
    def containing(cls, day: datetime.date) -> Period:
        return cls(day.year, (day.month - 1) // 3 + 1)

    @property
    def slug(self) -> str:
        return f"{self.year}-Q{self.quarter}"

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.year, 3 * self.quarter - 2, 1)

    @property
    def end(self) -> datetime.date:
        month = 3 * self.quarter
        return datetime.date(self.year, month, calendar.monthrange(self.year, month)[1])

    @property
    def label(self) -> str:
        return f"Quý {ROMAN[self.quarter]}/{self.year}"

    @property
    def cumulative_label(self) -> str:
        """How the report for this period is titled: "Quý I", "6 tháng", "9 tháng", "năm"."""
        return (
            f"{CUMULATIVE[self.quarter]} năm {self.year}"
            if self.quarter < 4
            else f"năm {self.year}"
        )

    def previous(self) -> Period:
        if self.quarter == 1:
            return Period(self.year - 1, 4)
        return Period(self.year, self.quarter - 1)

    def next(self) -> Period:
        if self.quarter == 4:
            return Period(self.year + 1, 1)
        return Period(self.year, self.quarter + 1)

    def cutoff(self, rule: str) -> datetime.date:
        """The data cut-off date (ngày chốt số liệu) of this period's report under `rule`:
        the quarter's last day, or the 14th of the quarter's last month as Decree
        09/2019/NĐ-CP sets for periodic reports (see docs/report-rules.md, rule 6)."""
        if rule == CUTOFF_DECREE_09:
            return datetime.date(self.year, 3 * self.quarter, 14)
        return self.end

    def report_due(self, due_day: int | None) -> datetime.date:
        """The date agencies' reports are due: day `due_day` of the quarter's last month, or
        the quarter's last day when the plan sets no day."""
        if due_day is None:
            return self.end
        return datetime.date(self.year, 3 * self.quarter, due_day)

    def __str__(self):
        return self.label


def period_for_completion(day: datetime.date, rule: str, *, after: Period | None = None) -> Period:
    """The first period (after `after`, if given) whose cut-off is on or after `day`: the
    period in which a task completed on `day` is reported done."""
    period = Period.containing(day)
    if after is not None and period <= after:
        period = after.next()
    while period.cutoff(rule) < day:
        period = period.next()
    return period


def plan_periods(start_year: int, end_year: int) -> list[Period]:
    return [Period(y, q) for y in range(start_year, end_year + 1) for q in (1, 2, 3, 4)]


def current_period(start_year: int, end_year: int, today: datetime.date) -> Period:
    """The period to report on today: the quarter containing today, clamped to the plan."""
    period = Period.containing(today)
    first, last = Period(start_year, 1), Period(end_year, 4)
    return min(max(period, first), last)
