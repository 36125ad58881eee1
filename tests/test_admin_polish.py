"""An admin the office can work in: no phantom changes, errors at the failing field, labelled
inline fields, one notion of order, a compact plan form, the site's stylesheet."""

import pytest
from django.test import Client
from django.urls import reverse
from lxml import html

from indicators.models import Indicator
from tasks.models import AssignmentRole, Task, TaskStatus
from tests.admin_forms import admin_form_data
from tests.factories import IndicatorFactory, PlanAreaFactory, TaskAssignmentFactory, TaskFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(district_setup):
    client = Client()
    client.force_login(district_setup["staff"])
    return client


def _task(s, **fields):
    task = TaskFactory(area=s["area"], code="1", **fields)
    TaskAssignmentFactory(task=task, agency=s["office"], role=AssignmentRole.LEAD, order=1)
    return task


def _change_url(task):
    return reverse("admin:tasks_task_change", args=[task.pk])


def _as_browser(data: dict) -> dict:
    """A browser submits every line break of a textarea as CR LF."""
    return {
        key: value.replace("\n", "\r\n") if isinstance(value, str) else value
        for key, value in data.items()
    }


# --- phantom changes ------------------------------------------------------------------------


def test_saving_a_multiline_task_unchanged_records_no_history_and_keeps_its_version(
    staff, district_setup
):
    task = _task(
        district_setup,
        title="Rà soát thủ tục\nCông bố danh mục",
        activities="Bước 1\nBước 2",
        deadline_text="Quý II/2022",
    )
    url = _change_url(task)
    history_before = task.history.count()

    response = staff.post(url, _as_browser(admin_form_data(staff.get(url))))

    task.refresh_from_db()
    assert response.status_code == 302
    assert (task.version, task.history.count()) == (1, history_before)
    assert task.title == "Rà soát thủ tục\nCông bố danh mục"


def test_changed_multiline_text_is_stored_with_plain_line_breaks(staff, district_setup):
    task = _task(district_setup, title="Một dòng")
    url = _change_url(task)
    data = _as_browser(admin_form_data(staff.get(url), title="Dòng một\nDòng hai"))

    response = staff.post(url, data)

    task.refresh_from_db()
    assert response.status_code == 302
    assert (task.title, task.version) == ("Dòng một\nDòng hai", 2)


# --- errors at the failing field ------------------------------------------------------------


def test_done_without_a_completion_date_is_reported_at_that_field(staff, district_setup):
    task = _task(district_setup)
    url = _change_url(task)
    data = admin_form_data(
        staff.get(url), status=TaskStatus.DONE, completed_on="", change_reason="Đã xong"
    )

    response = staff.post(url, data)

    form = response.context["adminform"].form
    assert response.status_code == 200
    assert form.errors["completed_on"] == ["Nhiệm vụ “Hoàn thành” phải có ngày hoàn thành."]
    assert form.non_field_errors() == []


# --- the assignment inline's labels ---------------------------------------------------------


def _accessible_name_missing(page, group_id):
    tree = html.fromstring(page)
    labelled = set(tree.xpath("//label/@for"))
    group = tree.get_element_by_id(group_id)
    missing = []
    for field in group.xpath(".//input | .//select | .//textarea"):
        if field.get("type") == "hidden":
            continue
        if not (field.get("aria-label") or field.get("id") in labelled):
            missing.append(field.get("name"))
    return missing


def test_every_field_of_the_assignment_inline_has_an_accessible_name(staff, district_setup):
    task = _task(district_setup)
    TaskAssignmentFactory(task=task, agency=district_setup["finance"], order=2)

    page = staff.get(_change_url(task)).content.decode()

    assert _accessible_name_missing(page, "assignments-group") == []
    assert 'aria-label="Cơ quan – dòng 2"' in page


# --- one notion of order --------------------------------------------------------------------


def test_task_form_shows_one_order_field_labelled_so_thu_tu(staff, district_setup):
    task = _task(district_setup)

    form = staff.get(_change_url(task)).context["adminform"].form

    assert "order" not in form.fields
    assert form.fields["code"].label == "Số thứ tự"


def test_task_added_in_the_admin_goes_after_the_plans_last_task(staff, district_setup):
    s = district_setup
    _task(s, order=3)
    TaskFactory(area=s["area"], code="2", order=7)
    url = reverse("admin:tasks_task_add")
    data = admin_form_data(
        staff.get(url),
        plan=str(s["plan"].pk),
        area=str(s["area"].pk),
        code="3",
        title="Nhiệm vụ thêm",
        deadline_kind="none",
        status=TaskStatus.NOT_STARTED,
    )
    data.update({"assignments-TOTAL_FORMS": "0", "assignments-INITIAL_FORMS": "0"})

    response = staff.post(url, data)

    assert response.status_code == 302
    assert Task.objects.get(title="Nhiệm vụ thêm").order == 8


def test_indicator_form_has_no_order_field_and_a_new_part_stays_by_its_target(
    staff, district_setup
):
    plan = district_setup["plan"]
    IndicatorFactory(plan=plan, code="1", part=1, order=4)
    IndicatorFactory(plan=plan, code="2", order=9)
    url = reverse("admin:indicators_indicator_add")
    page = staff.get(url)
    data = admin_form_data(
        page,
        plan=str(plan.pk),
        code="1",
        part="2",
        statement="Phần hai",
        subject="SIPAS",
        comparator="gte",
        target_value="80",
        unit="percent",
    )
    data.update({"actuals-TOTAL_FORMS": "0", "actuals-INITIAL_FORMS": "0"})

    response = staff.post(url, data)

    assert "order" not in page.context["adminform"].form.fields
    assert response.status_code == 302
    assert Indicator.objects.get(statement="Phần hai").order == 4


def test_negative_target_is_reported_at_the_target_field(staff, district_setup):
    indicator = IndicatorFactory(plan=district_setup["plan"])
    url = reverse("admin:indicators_indicator_change", args=[indicator.pk])

    response = staff.post(url, admin_form_data(staff.get(url), target_value="-5"))

    form = response.context["adminform"].form
    assert response.status_code == 200
    assert form.errors["target_value"] == ["Giá trị chỉ tiêu không được là số âm."]
    assert form.non_field_errors() == []


# --- the plan form ---------------------------------------------------------------------------


@pytest.mark.parametrize("areas", [1, 8])
def test_plan_form_lists_its_areas_compactly_in_a_fixed_number_of_queries(
    staff, district_setup, django_assert_max_num_queries, areas
):
    plan = district_setup["plan"]
    for number in range(areas - 1):
        PlanAreaFactory(plan=plan, numeral=f"X{number}", heading=f"Lĩnh vực {number}")

    with django_assert_max_num_queries(16):
        response = staff.get(reverse("admin:plans_plan_change", args=[plan.pk]))

    page = response.content.decode()
    assert response.status_code == 200
    assert response.context["inline_admin_formsets"] == []
    assert page.count('class="plan-area-row"') == areas
    assert "Danh sách nhiệm vụ của kế hoạch" in page
    assert f"{reverse('admin:tasks_task_changelist')}?plan__id__exact={plan.pk}" in page


# --- the site's look --------------------------------------------------------------------------


def test_admin_pages_load_the_sites_admin_stylesheet(staff):
    page = staff.get(reverse("admin:tasks_task_changelist")).content.decode()

    assert "admin-site.css" in page
