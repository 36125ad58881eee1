"""Whether an indicator's target is met, and how targets and values read in Vietnamese.

Pure functions: they read an indicator's `comparator`, `unit`, `target_value`, `max_value`,
`baseline` and `clause`/`statement`, and never touch the database.

Judging a value against the target (`target_met`):

==============  ================================================================
comparator      met when
==============  ================================================================
``gte``         actual ≥ target
``gt``          actual > target
``lte``         actual ≤ target
``lt``          actual < target
``eq``          actual = target (e.g. 9,5/9,5 điểm)
``top``         the actual rank ≤ N (rank 1 is the best)
``increase``    actual > baseline, or > the previous actual when there is no baseline;
                for a rank (unit ``rank``) "tăng bậc" means a smaller rank number, so
                actual < baseline/previous. Neither known → cannot judge (None).
``reduction``   actual ≤ base × (1 − target/100), where base is the value of the base
                year: the indicator's ``baseline``, else an actual recorded for
                ``base_year`` (its latest quarter). No base value (or a base of 0) →
                cannot judge (None), and `unjudged_reason` says which year is missing:
                a reduction is never judged against a guessed base.
``text``        cannot judge (None)
==============  ================================================================
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from indicators.models import Comparator, Unit

MET_LABELS = {True: "Đạt", False: "Chưa đạt", None: "Chưa đánh giá được"}
MET_CSS = {True: "met", False: "unmet", None: "unknown"}

_SYMBOLS = {
    Comparator.GTE: "≥",
    Comparator.GT: ">",
    Comparator.LTE: "≤",
    Comparator.LT: "<",
    Comparator.EQ: "=",
}


def _decimal(value) -> Decimal | None:
    if value is None:
        return None
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def base_value(indicator, actuals=()) -> Decimal | None:
    """The value of a reduction's base year: its `baseline`, else the latest actual recorded for
    `base_year` among `actuals` (objects with year, quarter and value); None when unknown."""
    baseline = _decimal(indicator.baseline)
    if baseline is not None:
        return baseline
    base_year = getattr(indicator, "base_year", None)
    if base_year is None:
        return None
    in_base_year = [a for a in actuals if a.year == base_year]
    if not in_base_year:
        return None
    return _decimal(max(in_base_year, key=lambda a: a.quarter).value)


def target_met(indicator, actual_value, previous_value=None, base=None) -> bool | None:
    """True/False when the actual value meets/misses the target; None when it cannot be judged
    (no actual value, a descriptive target, an increase with nothing to compare to, a reduction
    whose base-year value is unknown). `base` is a reduction's base-year value when it comes
    from an actual (see `base_value`); the indicator's `baseline` is used otherwise."""
    actual = _decimal(actual_value)
    comparator = indicator.comparator
    if actual is None or comparator == Comparator.TEXT:
        return None
    if comparator == Comparator.REDUCTION:
        reference = _decimal(base)
        if reference is None:
            reference = _decimal(indicator.baseline)
        target = _decimal(indicator.target_value)
        if reference is None or reference <= 0 or target is None:
            return None
        return actual <= reference * (1 - target / 100)
    if comparator == Comparator.INCREASE:
        reference = _decimal(indicator.baseline)
        if reference is None:
            reference = _decimal(previous_value)
        if reference is None:
            return None
        if indicator.unit == Unit.RANK:
            return actual < reference
        return actual > reference
    target = _decimal(indicator.target_value)
    if target is None:
        return None
    if comparator == Comparator.GTE:
        return actual >= target
    if comparator == Comparator.GT:
        return actual > target
    if comparator == Comparator.LTE:
        return actual <= target
    if comparator == Comparator.LT:
        return actual < target
    if comparator == Comparator.EQ:
        return actual == target
    if comparator == Comparator.TOP:
        return actual <= target
    return None


def met_label(met: bool | None, reason: str = "") -> str:
    """ "Đạt", "Chưa đạt" or "Chưa đánh giá được" (with the reason, when one is given)."""
    label = MET_LABELS[met]
    return f"{label} ({reason})" if met is None and reason else label


def unjudged_reason(indicator, actual_value, base=None) -> str:
    """Why a target with an actual value cannot be judged, when the answer is not obvious;
    "" otherwise. Today: a reduction whose base-year value is unknown."""
    if _decimal(actual_value) is None or indicator.comparator != Comparator.REDUCTION:
        return ""
    reference = _decimal(base)
    if reference is None:
        reference = _decimal(indicator.baseline)
    if reference is None:
        year = getattr(indicator, "base_year", None)
        if year:
            return f"chưa có số liệu năm {year} để so sánh"
        return "chưa có giá trị gốc để so sánh"
    if reference <= 0:
        return "giá trị gốc bằng 0, không tính được tỷ lệ giảm"
    return ""


def format_number(value, *, grouping: bool = True) -> str:
    """A number as Vietnamese write it: 9.50 → "9,5", 1234 → "1.234" ("1234" without
    grouping, as typed in a form), 90.00 → "90"."""
    number = _decimal(value)
    if number is None:
        return ""
    sign = "-" if number < 0 else ""
    text = f"{abs(number):f}"
    whole, _, fraction = text.partition(".")
    fraction = fraction.rstrip("0")
    if grouping:
        whole = f"{int(whole):,}".replace(",", ".")
    return f"{sign}{whole},{fraction}" if fraction else f"{sign}{whole}"


def value_label(indicator, value) -> str:
    """A value in the indicator's unit: "92%", "9,5 điểm", "hạng 3", "30"."""
    if value is None:
        return ""
    number = format_number(value)
    if indicator.unit == Unit.PERCENT:
        return f"{number}%"
    if indicator.unit == Unit.POINTS:
        return f"{number} điểm"
    if indicator.unit == Unit.RANK:
        return f"hạng {number}"
    return number


def unit_suffix(indicator) -> str:
    """The unit shown next to an entry field: "%", "điểm", "thứ hạng", "số lượng"; "" for text."""
    return "" if indicator.unit == Unit.TEXT else Unit(indicator.unit).label


def target_label(indicator) -> str:
    """The target in short: "≥ 90%", "> 86%", "9,5/9,5 điểm", "Trong nhóm 5 đứng đầu",
    "Tăng so với năm trước", "Giảm ≥ 10% so với năm 2021"; a descriptive target gives its
    clause (or statement)."""
    comparator = indicator.comparator
    if comparator == Comparator.TEXT or (
        comparator not in (Comparator.INCREASE,) and indicator.target_value is None
    ):
        return " ".join((indicator.clause or indicator.statement).split())
    if comparator == Comparator.INCREASE:
        label = "Tăng so với năm trước"
        if indicator.baseline is not None:
            label += f" (cơ sở: {value_label(indicator, indicator.baseline)})"
        return label
    if comparator == Comparator.TOP:
        return f"Trong nhóm {format_number(indicator.target_value)} đứng đầu"
    if comparator == Comparator.REDUCTION:
        label = f"Giảm ≥ {format_number(indicator.target_value)}%"
        base_year = getattr(indicator, "base_year", None)
        if base_year:
            label += f" so với năm {base_year}"
        if indicator.baseline is not None:
            label += f" (cơ sở: {value_label(indicator, indicator.baseline)})"
        return label
    if indicator.unit == Unit.POINTS and indicator.max_value is not None:
        score = f"{format_number(indicator.target_value)}/{format_number(indicator.max_value)} điểm"
        return score if comparator == Comparator.EQ else f"{_SYMBOLS[comparator]} {score}"
    return f"{_SYMBOLS[comparator]} {value_label(indicator, indicator.target_value)}"
