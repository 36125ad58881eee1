import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from plans.models import Plan
from tasks.quality import FindingKind, plan_findings
from tests.factories import (
    AgencyFactory,
    IndicatorFactory,
    PlanAreaFactory,
    TaskAssignmentFactory,
    TaskFactory,
)

pytestmark = pytest.mark.django_db


def _findings(slug, kind):
    call_command("load_plans", slug, stdout=io.StringIO())
    plan = Plan.objects.get(slug=slug)
    return [(f.ref, f.message) for f in plan_findings(plan) if f.kind == kind]


def test_cat_hai_whole_year_2022_in_2023_plan_is_out_of_period():
    refs = [ref for ref, _ in _findings("cat-hai-2023", FindingKind.OUT_OF_PERIOD)]
    assert refs == ["I/2", "VI/22", "VI/23", "VII/25"]


def test_son_tay_quarter_three_2019_in_2020_plan_is_out_of_period():
    findings = _findings("son-tay-2020", FindingKind.OUT_OF_PERIOD)
    assert findings[0] == (
        "2/f",
        "“Quý III năm 2019.” cho hạn 30/09/2019, ngoài thời kỳ kế hoạch 2020.",
    )


def test_thang_binh_repeated_code_two_in_area_three_is_a_duplicate():
    refs = [ref for ref, _ in _findings("thang-binh-2022", FindingKind.DUPLICATE_CODE)]
    assert refs == ["III/2", "III/2"]


def test_tuy_phuoc_tasks_without_deadline_are_summarised_once():
    findings = _findings("tuy-phuoc-2023-2025", FindingKind.NO_DEADLINE)
    assert len(findings) == 1
    assert findings[0][1].startswith("91/91 nhiệm vụ không ghi thời hạn")


def test_findings_do_not_change_the_data():
    call_command("load_plans", "cat-hai-2023", stdout=io.StringIO())
    plan = Plan.objects.get(slug="cat-hai-2023")
    before = list(plan.tasks.values_list("id", "deadline_text", "due_date"))

    plan_findings(plan)

    assert list(plan.tasks.values_list("id", "deadline_text", "due_date")) == before


def test_task_without_lead_and_alias_match_and_valueless_target_are_found():
    area = PlanAreaFactory(numeral="I")
    plan = area.plan
    TaskFactory(area=area, code="1", title="Không có chủ trì", deadline_kind="unknown")
    agency = AgencyFactory(
        district=plan.district, name="Văn phòng HĐND và UBND huyện", aliases=["Văn phòng huyện"]
    )
    TaskAssignmentFactory(
        task__area=area, task__code="2", agency=agency, name_as_written="Văn phòng huyện"
    )
    IndicatorFactory(plan=plan, code="1", comparator="text", unit="text", target_value=None)

    kinds = [(f.kind, f.ref) for f in plan_findings(plan)]

    assert kinds == [
        (FindingKind.DEADLINE_UNKNOWN, "I/1"),
        (FindingKind.NO_LEAD, "I/1"),
        (FindingKind.ALIAS_MATCH, "I/2"),
        (FindingKind.TARGET_WITHOUT_VALUE, "Chỉ tiêu 1"),
    ]


def test_plan_issues_command_lists_known_quirks():
    call_command("load_plans", "cat-hai-2023", stdout=io.StringIO())
    out = io.StringIO()

    call_command("plan_issues", "cat-hai-2023", stdout=out)

    assert "Thời hạn ngoài thời kỳ kế hoạch (4):" in out.getvalue()
    assert (
        "[VI/22] “Cả năm 2022” cho hạn 31/12/2022, ngoài thời kỳ kế hoạch 2023." in out.getvalue()
    )


def test_plan_quality_page_shows_findings_to_staff(admin_client):
    call_command("load_plans", "thang-binh-2022", stdout=io.StringIO())

    response = admin_client.get(reverse("plan-quality", args=["thang-binh-2022"]))

    assert response.status_code == 200
    assert "Số thứ tự nhiệm vụ bị trùng (2)" in response.text


def test_plan_quality_page_unknown_plan_is_404(admin_client):
    assert admin_client.get(reverse("plan-quality", args=["khong-co"])).status_code == 404


def test_plan_quality_page_is_404_for_a_user_without_a_role(client, django_user_model):
    user = django_user_model.objects.create_user("nguoi-dung", password="x-Secret-123")
    client.force_login(user)
    PlanAreaFactory(plan__slug="ke-hoach")

    response = client.get(reverse("plan-quality", args=["ke-hoach"]))

    assert response.status_code == 404


@pytest.mark.parametrize("count", [2, 25])
def test_plan_quality_page_query_count_is_fixed(admin_client, django_assert_max_num_queries, count):
    area = PlanAreaFactory(plan__slug="ke-hoach")
    for _ in range(count):
        TaskAssignmentFactory(task__area=area, name_as_written="Phòng X")
        IndicatorFactory(plan=area.plan, comparator="text", unit="text", target_value=None)

    with django_assert_max_num_queries(9):
        response = admin_client.get(reverse("plan-quality", args=["ke-hoach"]))

    assert response.status_code == 200
