"""Factories for the test suite: each builds a valid object with the fewest required fields."""

import datetime

import factory

from indicators.models import Comparator, Indicator, Unit
from plans.models import (
    AdministrativeUnit,
    Agency,
    AgencyKind,
    Plan,
    PlanArea,
    PlanKind,
    ReformArea,
)
from plans.units import UnitType
from tasks.models import AssignmentRole, DeadlineKind, Task, TaskAssignment


class ProvinceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AdministrativeUnit
        django_get_or_create = ["slug"]

    name = "Mẫu"
    unit_type = UnitType.PROVINCE
    slug = "tinh-mau"


class UnitFactory(factory.django.DjangoModelFactory):
    """A district (the level of the five seed plans) of a province; `unit_type=UnitType.COMMUNE`
    makes a commune."""

    class Meta:
        model = AdministrativeUnit
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Mẫu {n}")
    unit_type = UnitType.DISTRICT
    parent = factory.SubFactory(ProvinceFactory)
    slug = factory.Sequence(lambda n: f"huyen-mau-{n}")


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    unit = factory.SubFactory(UnitFactory)
    name = factory.Sequence(lambda n: f"Phòng Mẫu {n}")
    kind = AgencyKind.OFFICE


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    unit = factory.SubFactory(UnitFactory)
    slug = factory.Sequence(lambda n: f"ke-hoach-{n}")
    title = "Kế hoạch cải cách hành chính năm 2022"
    kind = PlanKind.ANNUAL
    start_year = 2022
    end_year = 2022


class PlanAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanArea

    plan = factory.SubFactory(PlanFactory)
    numeral = factory.Sequence(lambda n: f"A{n}")
    order = factory.Sequence(lambda n: n + 1)
    heading = "Cải cách thể chế"
    reform_area = factory.LazyFunction(lambda: ReformArea.objects.get(code="the-che"))


class TaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Task

    area = factory.SubFactory(PlanAreaFactory)
    plan = factory.SelfAttribute("area.plan")
    code = factory.Sequence(lambda n: str(n + 1))
    order = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Nhiệm vụ mẫu số {n}")
    deadline_text = "Quý II/2022"
    deadline_kind = DeadlineKind.QUARTER
    due_date = datetime.date(2022, 6, 30)


class TaskAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TaskAssignment

    task = factory.SubFactory(TaskFactory)
    agency = factory.SubFactory(AgencyFactory, unit=factory.SelfAttribute("..task.plan.unit"))
    role = AssignmentRole.LEAD
    order = factory.Sequence(lambda n: n + 1)


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    plan = factory.SubFactory(PlanFactory)
    code = factory.Sequence(lambda n: str(n + 1))
    order = factory.Sequence(lambda n: n + 1)
    statement = "Chỉ số SIPAS đạt từ 90% trở lên"
    subject = "SIPAS"
    unit = Unit.PERCENT
    comparator = Comparator.GTE
    target_value = 90


def make_user(username, *, group=None, unit=None, agency=None, password="Mat-khau-2026!"):
    """A user in one of the role groups of plans.access, with a profile when given a place."""
    from django.contrib.auth.models import Group, User

    from plans.access import GROUP_OFFICE
    from plans.models import UserProfile

    # Interior Office staff use the admin, as create_demo_users sets up.
    user = User.objects.create_user(
        username,
        password=password,
        email=f"{username}@example.test",
        is_staff=group == GROUP_OFFICE,
    )
    if group:
        user.groups.add(Group.objects.get(name=group))
    if unit or agency:
        UserProfile.objects.create(user=user, unit=unit or agency.unit, agency=agency)
    return user


class ProgressReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "tasks.ProgressReport"

    task = factory.SubFactory(TaskFactory)
    agency = factory.SubFactory(AgencyFactory, unit=factory.SelfAttribute("..task.plan.unit"))
    year = 2022
    quarter = 2
    status = "in_progress"
    percent = 50
    review_state = "submitted"
