import pytest
from django.db import IntegrityError, transaction

from indicators.models import Comparator
from tasks.models import AssignmentRole, Task
from tests.factories import IndicatorFactory, TaskAssignmentFactory, TaskFactory

pytestmark = pytest.mark.django_db


def test_task_order_is_unique_within_a_plan():
    task = TaskFactory(order=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        TaskFactory(area=task.area, order=1)


def test_task_invalid_deadline_kind_is_rejected():
    with pytest.raises(IntegrityError), transaction.atomic():
        TaskFactory(deadline_kind="someday")


def test_task_cannot_be_its_own_parent():
    task = TaskFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Task.objects.filter(pk=task.pk).update(parent=task)


def test_agency_has_one_assignment_per_role_on_a_task():
    assignment = TaskAssignmentFactory(role=AssignmentRole.LEAD)
    TaskAssignmentFactory(
        task=assignment.task, agency=assignment.agency, role=AssignmentRole.PARTNER
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        TaskAssignmentFactory(
            task=assignment.task, agency=assignment.agency, role=AssignmentRole.LEAD
        )


@pytest.mark.parametrize(
    ("parent_code", "code", "expected"),
    [("1", "b", "1.b"), ("1.3", "1.3.1", "1.3.1"), ("17", "", "17."), (None, "5", "5")],
)
def test_task_display_code_joins_parent_code(parent_code, code, expected):
    if parent_code is None:
        task = TaskFactory(code=code)
    else:
        parent = TaskFactory(code=parent_code)
        task = TaskFactory(code=code, parent=parent, area=parent.area)
    assert task.display_code == expected


def test_indicator_negative_target_is_rejected():
    with pytest.raises(IntegrityError), transaction.atomic():
        IndicatorFactory(target_value=-5)


def test_indicator_numeric_comparator_without_value_is_rejected():
    with pytest.raises(IntegrityError), transaction.atomic():
        IndicatorFactory(comparator=Comparator.GTE, target_value=None)


def test_indicator_increase_needs_no_value():
    indicator = IndicatorFactory(comparator=Comparator.INCREASE, target_value=None)
    assert indicator.pk is not None
