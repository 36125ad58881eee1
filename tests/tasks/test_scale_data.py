"""The synthetic country for benchmarks (manage.py generate_scale_data, tasks.scale_data)."""

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db.models import Q, Value
from django.db.models.functions import Concat

from plans import access
from plans.models import AdministrativeUnit, Agency, AgencyKind, Plan, PlanArea, UnitLevel
from plans.units import UnitType
from tasks import scale_data
from tasks.deadlines import parse_deadline
from tasks.models import ProgressReport, ReviewState, Task, TaskAssignment
from tasks.selectors import expected_reporters

pytestmark = pytest.mark.django_db

YEAR = 2026
SMALL = ["--provinces=2", "--communes=5", "--tasks=5", f"--year={YEAR}"]


def generate(*args, debug=True, settings=None):
    settings.DEBUG = debug
    out = io.StringIO()
    call_command("generate_scale_data", *args, stdout=out)
    return out.getvalue()


def province_users() -> int:
    return 1 if getattr(access, "GROUP_PROVINCE", None) else 0


def test_a_small_country_has_exactly_the_expected_rows(settings):
    generate(*SMALL, "--reports=5", settings=settings)

    units = AdministrativeUnit.objects.filter(slug__regex=scale_data.SLUG_PATTERN)
    provinces = units.filter(level=UnitLevel.PROVINCE)
    communes = units.filter(level=UnitLevel.COMMUNE)
    assert (provinces.count(), communes.count()) == (2, 5)
    assert set(communes.values_list("parent_id", flat=True)) <= set(
        provinces.values_list("pk", flat=True)
    )
    # 7 agencies and a group per commune, 5 and a group per province.
    assert Agency.objects.filter(unit__in=communes).count() == 5 * 8
    assert Agency.objects.filter(unit__in=provinces).count() == 2 * 6
    plans = Plan.objects.filter(unit__in=units)
    assert plans.count() == 7
    assert PlanArea.objects.filter(plan__in=plans).count() == 7 * 8
    assert Task.objects.filter(plan__in=plans).count() == 7 * 5
    # One lead and one or two partners (alternately): 2 + 3 + 2 + 3 + 2 per plan.
    assignments = TaskAssignment.objects.filter(task__plan__in=plans)
    assert assignments.count() == 7 * 12
    assert assignments.filter(role="lead").count() == 7 * 5
    # Every task reported (--reports=5 of 5): a Q1 (accepted) and a Q2 (submitted) report by
    # every agency the app's own rule 12 says owes one, and by nobody else.
    for plan in plans:
        owed = {(a, t) for a, tasks in expected_reporters(plan).items() for t in tasks}
        reports = ProgressReport.objects.filter(task__plan=plan)
        for quarter, state in ((1, ReviewState.ACCEPTED), (2, ReviewState.SUBMITTED)):
            sent = reports.filter(year=YEAR, quarter=quarter, review_state=state)
            assert set(sent.values_list("agency_id", "task_id")) == owed
        assert reports.count() == 2 * len(owed)
    # An office user and a commune head per commune; a Home Affairs user per province.
    users = get_user_model().objects.filter(username__startswith="thu-")
    assert users.count() == 5 * 2 + 2 * province_users()
    assert users.filter(profile__isnull=False).count() == users.count()
    head = users.get(username="thu-xa-0001-ubnd")
    assert head.profile.agency.kind == AgencyKind.COMMUNE
    assert access.role_of(head) == access.ROLE_AGENCY
    assert access.role_of(users.get(username="thu-xa-0001-noivu")) == access.ROLE_OFFICE


def test_names_are_visibly_fake_and_deadlines_agree_with_their_text(settings):
    generate(*SMALL, settings=settings)

    units = AdministrativeUnit.objects.filter(slug__startswith="thu-")
    assert {u.full_name for u in units if u.level == UnitLevel.PROVINCE} == {
        "tỉnh Thử 01",
        "tỉnh Thử 02",
    }
    assert sorted(u.name for u in units if u.level == UnitLevel.COMMUNE) == [
        f"Thử {n:04d}" for n in range(1, 6)
    ]
    assert all(re.fullmatch(scale_data.SLUG_PATTERN, u.slug) for u in units)
    assert all(u.unit_type in (UnitType.PROVINCE, UnitType.COMMUNE) for u in units)
    assert all("(dữ liệu thử)" in p.title for p in Plan.objects.all())
    tasks = Task.objects.filter(plan__unit__in=units)
    assert all("(dữ liệu thử)" in t.title for t in tasks)
    for task in tasks:
        parsed = parse_deadline(task.deadline_text, YEAR, YEAR)
        assert (task.deadline_kind, task.due_date) == (parsed.kind, parsed.due_date)
        assert task.due_date is None or task.due_date.year == YEAR


def test_a_fraction_of_each_plans_tasks_is_reported(settings):
    generate(*SMALL, "--reports=40%", settings=settings)

    for plan in Plan.objects.all():
        reported = ProgressReport.objects.filter(task__plan=plan).values("task_id").distinct()
        assert reported.count() == 2  # 40% of 5 tasks


def test_a_second_run_is_refused_and_adds_nothing(settings):
    generate(*SMALL, settings=settings)
    tasks = Task.objects.count()

    with pytest.raises(CommandError, match="đã có dữ liệu thử"):
        generate(*SMALL, settings=settings)

    assert Task.objects.count() == tasks


def test_it_refuses_to_run_with_debug_off_unless_forced(settings):
    with pytest.raises(CommandError, match="DJANGO_DEBUG=1"):
        generate(*SMALL, debug=False, settings=settings)
    assert not AdministrativeUnit.objects.filter(slug__startswith="thu-").exists()

    generate(*SMALL, "--force", debug=False, settings=settings)

    assert AdministrativeUnit.objects.filter(slug__startswith="thu-").count() == 7


def test_a_real_unit_whose_slug_starts_with_thu_does_not_block_it(settings):
    AdministrativeUnit.objects.create(name="Thủ Đức", unit_type=UnitType.PROVINCE, slug="thu-duc")

    generate(*SMALL, settings=settings)

    assert scale_data.existing_count() == 7


@pytest.mark.parametrize(
    ("spec", "expected"), [("0.5", 15), ("50%", 15), ("1.0", 30), ("10", 10), ("99", 30), ("0", 0)]
)
def test_reports_are_a_fraction_or_a_count(spec, expected):
    assert scale_data.reported_count(spec, 30) == expected


@pytest.mark.parametrize("spec", ["abc", "1.5", "-2", "150%"])
def test_a_bad_reports_value_is_refused(spec, settings):
    with pytest.raises(CommandError, match="--reports"):
        generate(*SMALL, f"--reports={spec}", settings=settings)


def test_the_national_spread_has_provinces_of_about_100_communes():
    sizes = scale_data.spread(3321, 34)

    assert sum(sizes) == 3321
    assert 45 <= min(sizes) <= 55 and 140 <= max(sizes) <= 150
    assert any(100 <= s <= 110 for s in sizes)


# --- a superuser's admin changelists at scale (plans.admin_scoping, tasks.admin) ------------


def _filters(response) -> dict:
    return {f.title: f for f in response.context["cl"].filter_specs if f.has_output()}


def test_a_superusers_task_filters_never_list_the_whole_country(
    admin_client, settings, monkeypatch
):
    from plans import admin_scoping

    generate(*SMALL, settings=settings)
    monkeypatch.setattr(admin_scoping, "MAX_FILTER_CHOICES", 3)  # the country has 7 plans
    url = "/admin/tasks/task/"
    province = AdministrativeUnit.objects.get(slug="thu-tinh-02")
    plan = Plan.objects.get(slug="thu-xa-0005-2026")

    country = _filters(admin_client.get(url))
    in_province = _filters(admin_client.get(url, {"province": province.pk}))
    one_plan = _filters(admin_client.get(url, {"plan__id__exact": plan.pk}))

    assert "kế hoạch" not in country and "cơ quan chủ trì" not in country
    assert [label for _, label in country["tỉnh, thành phố"].lookup_choices] == [
        "Tỉnh Thử 01",
        "Tỉnh Thử 02",
    ]
    province_plans = Plan.objects.filter(Q(unit=province) | Q(unit__parent=province))
    assert {pk for pk, _ in in_province["kế hoạch"].lookup_choices} == set(
        province_plans.values_list("pk", flat=True)
    )
    assert "(Thử 0005)" in dict(in_province["kế hoạch"].lookup_choices)[plan.pk]
    leads = TaskAssignment.objects.filter(task__plan=plan, role="lead").values_list("agency_id")
    assert {int(pk) for pk, _ in one_plan["cơ quan chủ trì"].lookup_choices} == {
        pk for (pk,) in leads
    }


def test_a_superusers_task_list_is_ordered_by_an_index_and_staff_lists_are_unchanged(
    admin_client, client, settings
):
    generate(*SMALL, settings=settings)
    client.force_login(get_user_model().objects.get(username="thu-xa-0001-noivu"))

    mine = client.get("/admin/tasks/task/").context["cl"]
    country = admin_client.get("/admin/tasks/task/").context["cl"]

    assert country.queryset.query.order_by[:2] == ("-plan_id", "order")
    assert country.result_list[0].plan.slug == "thu-xa-0005-2026"  # the newest plan
    assert {t.plan.unit.slug for t in mine.result_list} == {"thu-xa-0001"}
    assert "-plan_id" not in mine.queryset.query.order_by


@pytest.mark.parametrize(
    "url", ["/admin/tasks/task/", "/admin/tasks/taskassignment/", "/admin/tasks/progressreport/"]
)
def test_a_superusers_changelists_take_as_many_queries_for_a_bigger_country(
    url, admin_client, settings, monkeypatch
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from plans import admin_scoping

    # Both countries have more plans and agencies than a filter lists unnarrowed.
    monkeypatch.setattr(admin_scoping, "MAX_FILTER_CHOICES", 2)
    settings.DEBUG = True
    config = scale_data.ScaleConfig(provinces=1, communes=2, tasks=3, year=YEAR)
    scale_data.generate(config, log=lambda line: None)
    admin_client.get(url)
    with CaptureQueriesContext(connection) as small:
        admin_client.get(url)
    # A bigger country in the same database: the first one's slugs and usernames moved aside.
    for model, field in (
        (AdministrativeUnit, "slug"),
        (Plan, "slug"),
        (get_user_model(), "username"),
    ):
        model.objects.filter(**{f"{field}__startswith": "thu-"}).update(
            **{field: Concat(Value("old-"), field)}
        )
    config = scale_data.ScaleConfig(provinces=3, communes=12, tasks=6, year=YEAR)
    scale_data.generate(config, log=lambda line: None)
    with CaptureQueriesContext(connection) as big:
        admin_client.get(url)

    assert len(big) == len(small)
