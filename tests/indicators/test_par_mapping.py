"""Mapping a criterion to the plan's targets (chỉ tiêu): the percent rule then suggests the
score from the target's value reached in the year; a target of another plan is refused."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from indicators.models import IndicatorActual, Unit
from indicators.par.models import Assessment, AssessmentItem, CriteriaSet, Criterion
from indicators.par.unit_services import save_task_mapping
from tests.factories import IndicatorFactory, PlanFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def item():
    plan = PlanFactory(start_year=2024, end_year=2024)
    criteria_set = CriteriaSet.objects.create(
        province=plan.unit.parent, year=2024, level="district", title="Bộ tiêu chí thử"
    )
    criterion = Criterion.objects.create(
        criteria_set=criteria_set, code="7.1", title="Tỷ lệ hồ sơ trực tuyến", level="criterion",
        order=1, max_score=Decimal(2), rule="percent",
    )  # fmt: skip
    assessment = Assessment.objects.create(criteria_set=criteria_set, unit=plan.unit, plan=plan)
    return AssessmentItem.objects.create(assessment=assessment, criterion=criterion)


def test_mapping_a_target_suggests_the_percent_score_from_its_value(item):
    target = IndicatorFactory(plan=item.assessment.plan, unit=Unit.PERCENT, target_value=90)
    IndicatorActual.objects.create(indicator=target, year=2024, quarter=4, value=Decimal("72.5"))

    save_task_mapping(None, item, 1, [], [str(target.pk)])

    item.refresh_from_db()
    assert list(item.indicators.all()) == [target]
    assert item.suggested_score == Decimal("1.45")  # 2 × 72,5%
    assert item.suggestion_note == f"Chỉ tiêu {target.display_code} đạt 72,5 → tỷ lệ 72,5%."
    assert item.assessment.version == 2


def test_mapping_refuses_a_target_of_another_plan_and_saves_nothing(item):
    elsewhere = IndicatorFactory(plan=PlanFactory())

    with pytest.raises(ValidationError) as caught:
        save_task_mapping(None, item, 1, [], [elsewhere.pk])

    assert caught.value.messages == ["Có chỉ tiêu không thuộc kế hoạch CCHC của đơn vị."]
    assert item.indicators.count() == 0
    assert Assessment.objects.get(pk=item.assessment_id).version == 1
