"""The audit trail of a self-assessment: every change of state, who made it, in which round,
at which version, read from django-simple-history and shown on the assessment's page."""

from decimal import Decimal

import pytest
from django.urls import reverse

from indicators.par import appraisal, services
from indicators.par.models import Assessment, CriteriaSet, Criterion, SetStatus
from indicators.par.selectors import state_history
from plans.access import GROUP_OFFICE, GROUP_PROVINCE
from tests.factories import PlanFactory, make_user

pytestmark = pytest.mark.django_db


def test_state_history_lists_each_change_of_state_with_its_author_round_and_version(client):
    plan = PlanFactory(start_year=2024, end_year=2024)
    office = make_user("huyen-noivu", group=GROUP_OFFICE, unit=plan.unit)
    province = make_user("tinh-sonoivu", group=GROUP_PROVINCE, unit=plan.unit.parent)
    criteria_set = CriteriaSet.objects.create(
        province=plan.unit.parent, year=2024, level="district", title="Bộ tiêu chí thử"
    )
    Criterion.objects.create(
        criteria_set=criteria_set, code="1", title="Tiêu chí", level="criterion", order=1,
        max_score=Decimal(1), rule="yes_no",
    )  # fmt: skip
    CriteriaSet.objects.filter(pk=criteria_set.pk).update(status=SetStatus.PUBLISHED)
    criteria_set.refresh_from_db()

    assessment = services.start_assessment(office, criteria_set, plan.unit)
    item = assessment.items.get()
    services.save_self_scores(office, assessment, 1, {item.pk: {"self_score": "1"}})
    services.submit(office, Assessment.objects.get(pk=assessment.pk), 2)
    appraisal.appraise(
        province, Assessment.objects.get(pk=assessment.pk), 3,
        {item.pk: {"appraised_score": "1", "question": "Bổ sung văn bản."}},
    )  # fmt: skip
    appraisal.return_for_clarification(province, Assessment.objects.get(pk=assessment.pk), 4, "")
    services.save_self_scores(
        office, Assessment.objects.get(pk=assessment.pk), 5,
        {item.pk: {"self_score": "1", "answer": "Đã bổ sung."}},
    )  # fmt: skip
    services.submit(office, Assessment.objects.get(pk=assessment.pk), 6)
    appraisal.finalise(province, Assessment.objects.get(pk=assessment.pk), 7, "Thống nhất.")

    changes = state_history(Assessment.objects.get(pk=assessment.pk))

    assert [(c.who, c.state, c.round, c.version) for c in changes] == [
        ("huyen-noivu", "Đang tự đánh giá", 0, 1),
        ("huyen-noivu", "Đã gửi, chờ thẩm định", 0, 3),
        ("tinh-sonoivu", "Đề nghị giải trình", 1, 5),
        ("huyen-noivu", "Đã gửi, chờ thẩm định", 1, 7),
        ("tinh-sonoivu", "Đã thẩm định", 1, 8),
    ]
    authors = [h.history_user for h in item.history.order_by("history_date", "history_id")]
    assert authors == [office, office, province, office]  # made, scored, appraised, answered
    client.force_login(office)
    page = client.get(reverse("par-assessment", args=[assessment.pk])).content.decode()
    assert "Lịch sử bản tự đánh giá" in page
    assert page.count('<td data-label="Trạng thái">') == 5
