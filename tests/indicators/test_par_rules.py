"""Hand-checked cases of the PAR Index rules (indicators/par/rules.py, docs/par-index.md):
`check_score` for every scoring rule, `fmt`, `parse_decimal`, `parse_grade_bands`, `grade_of`,
and the ranks of `selectors.set_results` (equal scores share a rank, the next one skips).

Each case states its inputs and the exact value or Vietnamese message expected.
"""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from indicators.par.models import Assessment, AssessmentItem, AssessmentState, Criterion
from indicators.par.rules import check_score, fmt, grade_of, parse_decimal, parse_grade_bands
from indicators.par.selectors import set_results
from tests.factories import ProvinceFactory, UnitFactory
from tests.indicators.test_par_appraisal import make_set


def criterion(rule, max_score, *, steps="", deduction=None, code="1.1") -> Criterion:
    return Criterion(
        code=code,
        rule=rule,
        max_score=None if max_score is None else D(max_score),
        steps=steps,
        deduction=None if deduction is None else D(deduction),
    )


YES_NO = criterion("yes_no", "2")
PERCENT = criterion("percent", "3")
STEPS = criterion("steps", "2", steps="2; 1; 0,5; 0")
DEDUCTION = criterion("deduction", "2", deduction="0.5")
SURVEY = criterion("survey", "4")

# (case, criterion, score, percent, deductions, stored score)
ACCEPTED = [
    ("yes_no: the maximum", YES_NO, "2", None, None, "2"),
    ("yes_no: zero", YES_NO, "0", None, None, "0"),
    ("yes_no: nothing typed", YES_NO, None, None, None, None),
    ("percent: from 50% with no score typed", PERCENT, None, "50", None, "1.50"),
    ("percent: typed score equal to 50%", PERCENT, "1,5", "50", None, "1.50"),
    ("percent: 100%", PERCENT, None, "100", None, "3.00"),
    ("percent: 0%", PERCENT, None, "0", None, "0.00"),
    ("percent: a typed score without a percentage", PERCENT, "2.25", None, None, "2.25"),
    (
        "percent: 0,5 × 33% = 0,165 rounds half up",
        criterion("percent", "0.5"),
        None,
        "33",
        None,
        "0.17",
    ),
    (
        "percent: 0,25 × 2% = 0,005 rounds half up",
        criterion("percent", "0.25"),
        None,
        "2",
        None,
        "0.01",
    ),
    (
        "percent: 0,25 × 1,8% = 0,0045 rounds down",
        criterion("percent", "0.25"),
        None,
        "1.8",
        None,
        "0.00",
    ),
    ("steps: the top step", STEPS, "2", None, None, "2"),
    ("steps: a middle step", STEPS, "0,5", None, None, "0.5"),
    ("steps: zero", STEPS, "0", None, None, "0"),
    ("deduction: none", DEDUCTION, None, None, 0, "2"),
    ("deduction: once", DEDUCTION, None, None, 1, "1.5"),
    ("deduction: four times reach 0", DEDUCTION, None, None, 4, "0"),
    ("deduction: floor at 0 (5 × 0,5 > 2)", DEDUCTION, None, None, 5, "0"),
    ("deduction: typed score equal to the count", DEDUCTION, "1", None, 2, "1"),
    ("deduction: a typed multiple without a count", DEDUCTION, "1.5", None, None, "1.5"),
    ("deduction: zero typed", DEDUCTION, "0", None, None, "0"),
    (
        "deduction 0,75: three times floor at 0",
        criterion("deduction", "2", deduction="0.75"),
        None,
        None,
        3,
        "0",
    ),
    ("survey: any score within bounds", SURVEY, "3,57", None, None, "3.57"),
    ("survey: the maximum", SURVEY, "4", None, None, "4"),
    ("survey: zero", SURVEY, "0", None, None, "0"),
]


@pytest.mark.parametrize(
    ("rule", "score", "percent", "deductions", "expected"),
    [case[1:] for case in ACCEPTED],
    ids=[case[0] for case in ACCEPTED],
)
def test_check_score_returns_the_score_to_store(rule, score, percent, deductions, expected):
    stored = check_score(
        rule,
        parse_decimal(score),
        percent=parse_decimal(percent),
        deductions=deductions,
    )

    assert stored == (None if expected is None else D(expected))


# (case, criterion, score, percent, deductions, message)
REFUSED = [
    ("yes_no: neither 0 nor the maximum", YES_NO, "1", None, None,
     "Tiêu chí 1.1 chấm đạt / không đạt: chỉ nhận 2 hoặc 0 điểm."),
    ("percent: typed score differs from 50%", PERCENT, "2", "50", None,
     "Điểm tự đánh giá của tiêu chí 1.1 phải bằng 1,5 (3 × 50%)."),
    ("percent: typed 0,16 for 0,5 × 33%", criterion("percent", "0.5"), "0,16", "33", None,
     "Điểm tự đánh giá của tiêu chí 1.1 phải bằng 0,17 (0,5 × 33%)."),
    ("steps: between two steps", STEPS, "0,75", None, None,
     "Tiêu chí 1.1 chấm theo mức: chỉ nhận một trong các mức 2, 1, 0,5, 0."),
    ("deduction: typed score differs from the count", DEDUCTION, "2", None, 1,
     "Điểm tự đánh giá của tiêu chí 1.1 phải bằng 1,5 (2 trừ 1 lần × 0,5)."),
    ("deduction: not a multiple of the deduction", DEDUCTION, "1,25", None, None,
     "Tiêu chí 1.1 chấm trừ điểm: điểm phải bằng 2 trừ một số lần 0,5 (hoặc 0)."),
    ("survey: above the maximum", SURVEY, "4,01", None, None,
     "Điểm tự đánh giá của tiêu chí 1.1 vượt điểm tối đa 4."),
    ("survey: below zero", SURVEY, "-0,5", None, None,
     "Điểm tự đánh giá của tiêu chí 1.1 không được là số âm."),
    ("above the maximum comes before the yes/no rule", YES_NO, "3", None, None,
     "Điểm tự đánh giá của tiêu chí 1.1 vượt điểm tối đa 2."),
    ("below zero", STEPS, "-1", None, None,
     "Điểm tự đánh giá của tiêu chí 1.1 không được là số âm."),
    ("three decimals", SURVEY, "1,005", None, None,
     "Điểm tự đánh giá của tiêu chí 1.1 chỉ lấy đến hai chữ số thập phân."),
    ("no maximum yet", criterion("yes_no", None), "1", None, None,
     "Tiêu chí 1.1 chưa có điểm tối đa; Sở Nội vụ cần bổ sung trước khi chấm."),
    ("no maximum, even with nothing typed", criterion("survey", None), None, None, None,
     "Tiêu chí 1.1 chưa có điểm tối đa; Sở Nội vụ cần bổ sung trước khi chấm."),
    ("a parent criterion", criterion("sum", "5", code="1"), "1", None, None,
     "Tiêu chí 1 được tính bằng tổng các tiêu chí con."),
]  # fmt: skip


@pytest.mark.parametrize(
    ("rule", "score", "percent", "deductions", "message"),
    [case[1:] for case in REFUSED],
    ids=[case[0] for case in REFUSED],
)
def test_check_score_refuses_with_a_message_naming_the_criterion(
    rule, score, percent, deductions, message
):
    with pytest.raises(ValidationError) as refused:
        check_score(
            rule, parse_decimal(score), percent=parse_decimal(percent), deductions=deductions
        )

    assert refused.value.message_dict == {"self_score": [message]}


def test_check_score_names_the_appraisers_field_and_score():
    with pytest.raises(ValidationError) as refused:
        check_score(SURVEY, D("5"), field="appraised_score", who="Điểm thẩm định")

    assert refused.value.message_dict == {
        "appraised_score": ["Điểm thẩm định của tiêu chí 1.1 vượt điểm tối đa 4."]
    }


@pytest.mark.parametrize(
    ("value", "text"),
    [(D("9.50"), "9,5"), (D("13"), "13"), (D("0.25"), "0,25"), (None, "")],
)
def test_fmt_writes_a_score_the_vietnamese_way(value, text):
    assert fmt(value) == text


@pytest.mark.parametrize(
    ("typed", "value"),
    [("9,5", D("9.5")), (" 1.25 ", D("1.25")), ("1 000", D("1000")), ("", None), (None, None)],
)
def test_parse_decimal_reads_a_comma_or_a_point(typed, value):
    assert parse_decimal(typed) == value


@pytest.mark.parametrize("typed", ["1,5.2", "abc", "NaN", "Infinity", "1,2,3"])
def test_parse_decimal_refuses_what_is_not_a_number(typed):
    with pytest.raises(ValueError):
        parse_decimal(typed)


# --- grade bands --------------------------------------------------------------------------

BANDS = "Tốt: 80; Khá: 65; Trung bình: 50; Yếu: 0"


@pytest.mark.parametrize(
    ("text", "bands"),
    [
        (BANDS, [("Tốt", D(80)), ("Khá", D(65)), ("Trung bình", D(50)), ("Yếu", D(0))]),
        ("Khá: 65; Tốt: 80", [("Tốt", D(80)), ("Khá", D(65))]),
        ("Xuất sắc: 90,5; Tốt: 80;", [("Xuất sắc", D("90.5")), ("Tốt", D(80))]),
        ("", []),
    ],
)
def test_parse_grade_bands_reads_names_and_minimum_shares_highest_first(text, bands):
    assert parse_grade_bands(text) == bands


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Tốt 80", "Mức xếp loại “Tốt 80” phải có dạng “Tên: tỷ lệ tối thiểu”."),
        (": 50", "Mức xếp loại “: 50” phải có dạng “Tên: tỷ lệ tối thiểu”."),
        ("Tốt: 120", "Tỷ lệ của mức “Tốt” phải là số từ 0 đến 100."),
        ("Tốt: -1", "Tỷ lệ của mức “Tốt” phải là số từ 0 đến 100."),
        ("Tốt: cao", "Tỷ lệ của mức “Tốt” phải là số từ 0 đến 100."),
        ("Tốt:", "Tỷ lệ của mức “Tốt” phải là số từ 0 đến 100."),
    ],
)
def test_parse_grade_bands_refuses_a_malformed_band(text, message):
    with pytest.raises(ValueError) as refused:
        parse_grade_bands(text)

    assert str(refused.value) == message


@pytest.mark.parametrize(
    ("bands", "score", "maximum", "grade"),
    [
        (BANDS, "10", "10", "Tốt"),
        (BANDS, "8", "10", "Tốt"),  # exactly 80%
        (BANDS, "7.99", "10", "Khá"),
        (BANDS, "6.5", "10", "Khá"),  # exactly 65%
        (BANDS, "6.49", "10", "Trung bình"),
        (BANDS, "50", "100", "Trung bình"),
        (BANDS, "4.99", "10", "Yếu"),
        (BANDS, "0", "10", "Yếu"),
        ("Tốt: 80; Khá: 65", "5", "10", ""),  # below every band
        ("", "9", "10", ""),  # no bands
        (BANDS, "0", "0", ""),  # no maximum
    ],
)
def test_grade_of_takes_the_first_band_the_share_reaches(bands, score, maximum, grade):
    assert grade_of(parse_grade_bands(bands), D(score), D(maximum)) == grade


# --- ranks ----------------------------------------------------------------------------------


def _results(appraised: list[tuple[str, str, str]]):
    """A one-criterion set (survey, maximum 10) and one assessment per (name, state, score)."""
    province = ProvinceFactory()
    criteria_set = make_set(province, [[{"rule": "survey", "max_score": "10"}]])
    leaf = criteria_set.criteria.get(code="1.1")
    for index, (name, state, score) in enumerate(appraised):
        assessment = Assessment.objects.create(
            criteria_set=criteria_set,
            unit=UnitFactory(name=name, slug=f"huyen-{index}", parent=province),
            state=state,
        )
        AssessmentItem.objects.create(
            assessment=assessment, criterion=leaf, self_score=D(7), appraised_score=D(score)
        )
    results = set_results(criteria_set)
    return [(row.assessment.unit.name, row.rank, row.grade) for row in results.rows]


FINAL, SENT, DRAFT = AssessmentState.FINALISED, AssessmentState.SUBMITTED, AssessmentState.DRAFT


@pytest.mark.django_db
def test_set_results_ranks_ties_one_two_two_four():
    ranks = _results(
        [
            ("Dũng", FINAL, "6.5"),
            ("Cường", FINAL, "8"),
            ("An", FINAL, "9"),
            ("Bình", FINAL, "8"),
            ("Giang", SENT, "9.5"),
            ("Hà", DRAFT, "10"),
        ]
    )

    assert ranks == [
        ("An", 1, "Tốt"),
        ("Bình", 2, "Tốt"),
        ("Cường", 2, "Tốt"),
        ("Dũng", 4, "Khá"),
        ("Giang", None, ""),
    ]


@pytest.mark.django_db
def test_set_results_ranks_a_three_way_tie_at_the_top_one_one_one_four():
    ranks = _results(
        [("An", FINAL, "7"), ("Bình", FINAL, "7"), ("Cường", FINAL, "7"), ("Dũng", FINAL, "4.9")]
    )

    assert ranks == [("An", 1, "Khá"), ("Bình", 1, "Khá"), ("Cường", 1, "Khá"), ("Dũng", 4, "Yếu")]
