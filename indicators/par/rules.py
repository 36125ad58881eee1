"""Scoring rules: which scores a criterion accepts, and the grade of a total.

Every message is in Vietnamese and names the criterion; docs/par-index.md states the rules and
tests/indicators/test_par_rules.py holds the hand-checked cases."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError

from indicators.par.models import Criterion, ScoringRule

CENT = Decimal("0.01")


def fmt(value: Decimal | None) -> str:
    """A score the Vietnamese way: 9,5 · 13 · 0,25."""
    if value is None:
        return ""
    text = f"{value.quantize(CENT):f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def parse_decimal(text) -> Decimal | None:
    """A number typed with a comma or a point; None when empty. ValueError when not a number."""
    if text is None:
        return None
    if isinstance(text, (int, float, Decimal)):
        return Decimal(str(text))
    text = str(text).strip().replace(" ", "")
    if not text:
        return None
    if "," in text and "." in text:
        raise ValueError(text)
    try:
        value = Decimal(text.replace(",", "."))
    except InvalidOperation as exc:
        raise ValueError(text) from exc
    if not value.is_finite():
        raise ValueError(text)
    return value


def parse_steps(text: str) -> list[Decimal]:
    """The graded steps of a criterion, highest first: "1; 0,5; 0" → [1, 0.5, 0]."""
    steps = []
    for part in (text or "").split(";"):
        if part.strip():
            steps.append(parse_decimal(part))
    return sorted(set(steps), reverse=True)


def criterion_problems(criterion: Criterion) -> list[str]:
    """What keeps a leaf criterion from being scored (empty when it can be published)."""
    code = criterion.code
    problems = []
    if criterion.rule == ScoringRule.SUM:
        return problems
    if criterion.max_score is None:
        problems.append(f"Tiêu chí {code}: chưa có điểm tối đa (cần bổ sung).")
        return problems
    if criterion.rule == ScoringRule.STEPS:
        try:
            steps = parse_steps(criterion.steps)
        except ValueError:
            return [f"Tiêu chí {code}: các mức điểm “{criterion.steps}” không phải là số."]
        if len(steps) < 2:
            problems.append(f"Tiêu chí {code}: chấm theo mức cần ít nhất hai mức điểm.")
        elif steps[0] != criterion.max_score or steps[-1] < 0:
            problems.append(
                f"Tiêu chí {code}: các mức điểm phải từ 0 đến điểm tối đa "
                f"{fmt(criterion.max_score)}, mức cao nhất bằng điểm tối đa."
            )
    if criterion.rule == ScoringRule.DEDUCTION and criterion.deduction is None:
        problems.append(f"Tiêu chí {code}: chấm trừ điểm cần có số điểm trừ mỗi lần.")
    return problems


def percent_score(criterion: Criterion, percent: Decimal) -> Decimal:
    """Proportional scoring: maximum × percent / 100, rounded to 0,01 half up."""
    return (criterion.max_score * percent / 100).quantize(CENT, rounding=ROUND_HALF_UP)


def deduction_score(criterion: Criterion, count: int) -> Decimal:
    """Deductions: maximum − count × points per deduction, never below 0."""
    return max(Decimal(0), criterion.max_score - count * criterion.deduction)


def check_score(
    criterion: Criterion,
    score: Decimal | None,
    *,
    percent: Decimal | None = None,
    deductions: int | None = None,
    field: str = "self_score",
    who: str = "Điểm tự đánh giá",
) -> Decimal | None:
    """The score to store for `criterion`, or ValidationError({field: message}).

    A percent criterion takes its score from the percentage when no score is typed, and
    refuses a typed score that differs from it; a deduction criterion likewise from the count."""
    code = criterion.code
    if criterion.rule == ScoringRule.SUM:
        raise ValidationError({field: f"Tiêu chí {code} được tính bằng tổng các tiêu chí con."})
    maximum = criterion.max_score
    if maximum is None:
        raise ValidationError(
            {field: f"Tiêu chí {code} chưa có điểm tối đa; Sở Nội vụ cần bổ sung trước khi chấm."}
        )
    if criterion.rule == ScoringRule.PERCENT and percent is not None:
        expected = percent_score(criterion, percent)
        if score is not None and score != expected:
            raise ValidationError(
                {
                    field: f"{who} của tiêu chí {code} phải bằng {fmt(expected)} "
                    f"({fmt(maximum)} × {fmt(percent)}%)."
                }
            )
        score = expected
    if criterion.rule == ScoringRule.DEDUCTION and deductions is not None:
        expected = deduction_score(criterion, deductions)
        if score is not None and score != expected:
            raise ValidationError(
                {
                    field: f"{who} của tiêu chí {code} phải bằng {fmt(expected)} "
                    f"({fmt(maximum)} trừ {deductions} lần × {fmt(criterion.deduction)})."
                }
            )
        score = expected
    if score is None:
        return None
    if score < 0:
        raise ValidationError({field: f"{who} của tiêu chí {code} không được là số âm."})
    if score > maximum:
        raise ValidationError(
            {field: f"{who} của tiêu chí {code} vượt điểm tối đa {fmt(maximum)}."}
        )
    if score != score.quantize(CENT):
        raise ValidationError(
            {field: f"{who} của tiêu chí {code} chỉ lấy đến hai chữ số thập phân."}
        )
    if criterion.rule == ScoringRule.YES_NO and score not in (0, maximum):
        raise ValidationError(
            {field: f"Tiêu chí {code} chấm đạt / không đạt: chỉ nhận {fmt(maximum)} hoặc 0 điểm."}
        )
    if criterion.rule == ScoringRule.STEPS:
        steps = parse_steps(criterion.steps)
        if score not in steps:
            allowed = ", ".join(fmt(step) for step in steps)
            raise ValidationError(
                {field: f"Tiêu chí {code} chấm theo mức: chỉ nhận một trong các mức {allowed}."}
            )
    if criterion.rule == ScoringRule.DEDUCTION:
        lost = maximum - score
        if score != 0 and lost % criterion.deduction != 0:
            raise ValidationError(
                {
                    field: f"Tiêu chí {code} chấm trừ điểm: điểm phải bằng {fmt(maximum)} trừ một "
                    f"số lần {fmt(criterion.deduction)} (hoặc 0)."
                }
            )
    return score


def parse_grade_bands(text: str) -> list[tuple[str, Decimal]]:
    """ "Tốt: 80; Khá: 65; Yếu: 0" → [("Tốt", 80), ("Khá", 65), ("Yếu", 0)], highest first.
    ValueError with a Vietnamese message when malformed."""
    bands = []
    for part in (text or "").split(";"):
        if not part.strip():
            continue
        name, sep, value = part.rpartition(":")
        if not sep or not name.strip():
            raise ValueError(f"Mức xếp loại “{part.strip()}” phải có dạng “Tên: tỷ lệ tối thiểu”.")
        try:
            minimum = parse_decimal(value)
        except ValueError:
            minimum = None
        if minimum is None or not 0 <= minimum <= 100:
            raise ValueError(f"Tỷ lệ của mức “{name.strip()}” phải là số từ 0 đến 100.")
        bands.append((name.strip(), minimum))
    return sorted(bands, key=lambda band: band[1], reverse=True)


def grade_of(bands: list[tuple[str, Decimal]], score: Decimal, maximum: Decimal) -> str:
    """The first band whose minimum share of the maximum the score reaches; "" without bands."""
    if not bands or not maximum:
        return ""
    share = score * 100 / maximum
    for name, minimum in bands:
        if share >= minimum:
            return name
    return ""
