"""Reads of targets with their actual values, shared by the targets page and the portal.

Each selector runs two queries whatever the number of indicators: the indicators (with their
plan, area and responsible agency) and, prefetched, their actuals up to the period.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet

from indicators.evaluation import (
    MET_CSS,
    base_value,
    format_number,
    met_label,
    target_label,
    target_met,
    unit_suffix,
    unjudged_reason,
    value_label,
)
from indicators.models import Comparator, Indicator, IndicatorActual
from plans.models import Agency, Plan
from plans.periods import Period


@dataclass
class IndicatorRow:
    indicator: Indicator
    period: Period  # the period the row is read at
    target_label: str
    latest: IndicatorActual | None  # the latest actual at or before `period`
    previous: IndicatorActual | None  # the actual before `latest` (compared for "increase")
    met: bool | None
    met_reason: str = ""  # why `met` is None when it is not obvious ("chưa có số liệu năm 2021…")

    @property
    def met_label(self) -> str:
        return met_label(self.met, self.met_reason)

    @property
    def met_css(self) -> str:
        return MET_CSS[self.met]

    @property
    def latest_period(self) -> Period | None:
        return Period(self.latest.year, self.latest.quarter) if self.latest else None

    @property
    def latest_label(self) -> str:
        return value_label(self.indicator, self.latest.value) if self.latest else ""

    @property
    def unit_suffix(self) -> str:
        return unit_suffix(self.indicator)

    @property
    def period_actual(self) -> IndicatorActual | None:
        """The actual entered for exactly `period` (what the entry form starts from)."""
        return self.latest if self.latest_period == self.period else None

    @property
    def entry_value(self) -> str:
        """The period's value as typed in a form ("9,5"), or "" when none was entered."""
        actual = self.period_actual
        return format_number(actual.value, grouping=False) if actual else ""


def _actuals_up_to(period: Period) -> Prefetch:
    return Prefetch(
        "actuals",
        queryset=IndicatorActual.objects.filter(
            Q(year__lt=period.year) | Q(year=period.year, quarter__lte=period.quarter)
        ).order_by("-year", "-quarter"),
        to_attr="actuals_up_to_period",
    )


def _rows(indicators: QuerySet[Indicator], period: Period) -> list[IndicatorRow]:
    indicators = indicators.select_related("plan", "area", "responsible").prefetch_related(
        _actuals_up_to(period)
    )
    rows = []
    for indicator in indicators:
        # Only the latest two are needed; a plan has a few dozen periods at most.
        actuals = indicator.actuals_up_to_period
        latest = actuals[0] if actuals else None
        previous = actuals[1] if len(actuals) > 1 else None
        met, reason = None, ""
        if latest is None:
            pass
        elif indicator.comparator == Comparator.REDUCTION:
            # Judged against the base year's value; a value of the base year itself (or
            # earlier) is not a result of the plan.
            if indicator.base_year is None or latest.year > indicator.base_year:
                base = base_value(indicator, actuals)
                met = target_met(indicator, latest.value, base=base)
                reason = unjudged_reason(indicator, latest.value, base=base)
        else:
            met = target_met(indicator, latest.value, previous.value if previous else None)
        rows.append(
            IndicatorRow(
                indicator=indicator,
                period=period,
                target_label=target_label(indicator),
                latest=latest,
                previous=previous,
                met=met,
                met_reason=reason,
            )
        )
    return rows


def indicator_rows(plan: Plan, period: Period) -> list[IndicatorRow]:
    """The plan's indicators in the plan's order, each with its latest actual at `period`."""
    return _rows(Indicator.objects.filter(plan=plan).order_by("order", "part"), period)


def agency_indicator_rows(agency: Agency, period: Period) -> list[IndicatorRow]:
    """The indicators `agency` is responsible for, in plans covering `period`'s year."""
    indicators = Indicator.objects.filter(
        responsible=agency,
        plan__start_year__lte=period.year,
        plan__end_year__gte=period.year,
    ).order_by("plan__start_year", "plan_id", "order", "part")
    return _rows(indicators, period)
