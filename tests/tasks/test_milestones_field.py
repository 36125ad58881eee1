"""A task's milestones are edited in the admin as dd/mm/yyyy dates, one per line, and stored
as the same JSON list of ISO dates that the deadline parser writes and the report rules read."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tasks.forms import TaskAdminForm
from tasks.milestones import MilestonesField, format_milestones, parse_milestones
from tasks.models import AssignmentRole, Task
from tests.admin_forms import admin_form_data
from tests.factories import TaskAssignmentFactory, TaskFactory

# --- the text <-> list conversion -----------------------------------------------------------


def test_typed_dates_become_the_stored_list_sorted_without_repeats():
    typed = "30/06/2022\n\n 31/3/2022 \r\n30/06/2022; 01/01/2022"

    assert parse_milestones(typed) == ["2022-01-01", "2022-03-31", "2022-06-30"]


def test_an_empty_box_means_no_milestones():
    assert parse_milestones("") == []
    assert parse_milestones(" \n \n") == []


def test_every_wrong_line_is_named_in_vietnamese():
    with pytest.raises(ValidationError) as caught:
        parse_milestones("31/03/2022\n31/02/2022\n2022-06-30\nquý II")

    assert caught.value.messages == [
        f"“{item}” không phải là ngày hợp lệ: ghi mỗi mốc một dòng, dạng ngày/tháng/năm, "
        "ví dụ 31/03/2022."
        for item in ("31/02/2022", "2022-06-30", "quý II")
    ]


def test_the_stored_list_is_shown_as_dd_mm_yyyy_lines():
    field = MilestonesField()

    assert field.prepare_value(["2022-03-31", "2022-06-30"]) == "31/03/2022\n30/06/2022"
    assert field.prepare_value([]) == ""
    # What the user typed is shown back as typed when the form has errors.
    assert field.prepare_value("31/02/2022") == "31/02/2022"


def test_the_list_reads_back_unchanged_through_the_field():
    field = MilestonesField()
    stored = ["2022-03-31", "2022-06-30"]

    assert field.clean(field.prepare_value(stored)) == stored
    assert field.has_changed(stored, field.prepare_value(stored)) is False
    assert field.has_changed(stored, "31/03/2022") is True


def test_milestones_in_one_line_for_lists_and_history():
    assert format_milestones(["2022-03-31", "2022-06-30"]) == "31/03/2022; 30/06/2022"
    assert format_milestones([]) == "—"


# --- the admin's task form ------------------------------------------------------------------


@pytest.fixture
def task(district_setup):
    task = TaskFactory(
        area=district_setup["area"],
        due_date=datetime.date(2022, 12, 31),
        milestones=["2022-03-31", "2022-06-30"],
    )
    TaskAssignmentFactory(task=task, agency=district_setup["office"], role=AssignmentRole.LEAD)
    return task


def _change_url(task):
    return reverse("admin:tasks_task_change", args=[task.pk])


@pytest.mark.django_db
def test_the_admin_form_shows_milestones_as_dates_not_json(client, district_setup, task):
    client.force_login(district_setup["staff"])

    html = client.get(_change_url(task)).content.decode()

    assert '<textarea name="milestones"' in html
    assert ">\n31/03/2022\n30/06/2022</textarea>" in html
    assert "2022-03-31" not in html
    assert "[&quot;" not in html


@pytest.mark.django_db
def test_saving_the_form_unchanged_keeps_the_milestones(client, district_setup, task):
    client.force_login(district_setup["staff"])
    data = admin_form_data(client.get(_change_url(task)), notes="Ghi chú mới")

    response = client.post(_change_url(task), data)

    assert response.status_code == 302
    task.refresh_from_db()
    assert (task.milestones, task.notes) == (["2022-03-31", "2022-06-30"], "Ghi chú mới")


@pytest.mark.django_db
def test_typed_milestones_are_stored_as_iso_dates(client, district_setup, task):
    client.force_login(district_setup["staff"])
    data = admin_form_data(client.get(_change_url(task)), milestones="30/09/2022\n15/01/2022")

    response = client.post(_change_url(task), data)

    assert response.status_code == 302
    assert Task.objects.get(pk=task.pk).milestones == ["2022-01-15", "2022-09-30"]


@pytest.mark.django_db
def test_clearing_the_box_removes_the_milestones(client, district_setup, task):
    client.force_login(district_setup["staff"])
    data = admin_form_data(client.get(_change_url(task)), milestones="")

    client.post(_change_url(task), data)

    assert Task.objects.get(pk=task.pk).milestones == []


@pytest.mark.django_db
def test_a_wrong_date_is_refused_with_a_vietnamese_message_and_nothing_saved(
    client, district_setup, task
):
    client.force_login(district_setup["staff"])
    data = admin_form_data(
        client.get(_change_url(task)), milestones="31/03/2022\n32/05/2022", notes="Không lưu"
    )

    response = client.post(_change_url(task), data)

    html = response.content.decode()
    assert response.status_code == 200
    assert "“32/05/2022” không phải là ngày hợp lệ" in html
    assert ">\n31/03/2022\n32/05/2022</textarea>" in html  # the typed text is kept
    task.refresh_from_db()
    assert (task.milestones, task.notes, task.version) == (["2022-03-31", "2022-06-30"], "", 1)


@pytest.mark.django_db
def test_a_milestone_on_or_after_the_due_date_is_refused(district_setup, task):
    data = {
        field: value
        for field, value in TaskAdminForm(instance=task).initial.items()
        if value is not None
    }
    data.update(milestones="31/03/2022\n31/12/2022\n15/01/2023")

    form = TaskAdminForm(data, instance=task)

    assert form.is_valid() is False
    assert form.errors["milestones"] == [
        "Mốc 31/12/2022, 15/01/2023 không trước hạn hoàn thành 31/12/2022: mốc trung gian "
        "phải trước hạn."
    ]
