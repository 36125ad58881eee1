"""The migration from districts to administrative units carries every row over: districts keep
their ids and become units of level "district" under a province made from their old text, and
agencies, plans, profiles, progress reports and history still point at them."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BEFORE = ("plans", "0005_plan_data_cutoff")
# The last migration of tasks that does not need administrative units (tasks 0009's triggers
# read plans_plan.unit_id).
TASKS_BEFORE = ("tasks", "0008_report_edition")
# The last migration of indicators before the PAR Index (its tables refer to units).
INDICATORS_BEFORE = ("indicators", "0005_indicator_reduction_base_year")


def _migrate(plans_target=None):
    """Migrate plans to `plans_target` (and tasks and indicators to TASKS_BEFORE and
    INDICATORS_BEFORE), or everything to its latest migration (None)."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    before = (
        {"plans": plans_target, "tasks": TASKS_BEFORE, "indicators": INDICATORS_BEFORE}
        if plans_target
        else {}
    )
    targets = [before.get(app) or (app, name) for app, name in executor.loader.graph.leaf_nodes()]
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_districts_with_reports_and_history_become_units_under_their_province():
    apps = _migrate(BEFORE)
    District = apps.get_model("plans", "District")
    Agency = apps.get_model("plans", "Agency")
    Plan = apps.get_model("plans", "Plan")
    PlanArea = apps.get_model("plans", "PlanArea")
    ReformArea = apps.get_model("plans", "ReformArea")
    HistoricalPlan = apps.get_model("plans", "HistoricalPlan")
    UserProfile = apps.get_model("plans", "UserProfile")
    User = apps.get_model("auth", "User")
    Task = apps.get_model("tasks", "Task")
    ProgressReport = apps.get_model("tasks", "ProgressReport")

    thanh_oai = District.objects.create(name="Thanh Oai", province="Hà Nội", slug="thanh-oai")
    son_tay = District.objects.create(name="Sơn Tây", province="Quảng Ngãi", slug="son-tay")
    office = Agency.objects.create(district=thanh_oai, name="Phòng Nội vụ", kind="office")
    plan = Plan.objects.create(
        district=thanh_oai,
        slug="thanh-oai-2022",
        title="Kế hoạch CCHC năm 2022",
        kind="annual",
        start_year=2022,
        end_year=2022,
    )
    HistoricalPlan.objects.create(
        id=plan.pk,
        district_id=thanh_oai.pk,
        slug=plan.slug,
        title=plan.title,
        kind="annual",
        start_year=2022,
        end_year=2022,
        data_cutoff="quarter_end",
        history_type="+",
        history_date=datetime.datetime(2022, 2, 14, tzinfo=datetime.UTC),
    )
    area = PlanArea.objects.create(
        plan=plan,
        numeral="I",
        heading="Cải cách thể chế",
        order=1,
        reform_area=ReformArea.objects.get(code="the-che"),
    )
    task = Task.objects.create(plan=plan, area=area, code="1", order=1, title="Nhiệm vụ 1")
    ProgressReport.objects.create(
        task=task,
        agency=office,
        year=2022,
        quarter=1,
        status="in_progress",
        percent=40,
        review_state="submitted",
    )
    user = User.objects.create(username="thanh-oai-noivu")
    UserProfile.objects.create(user=user, district=thanh_oai)

    apps = _migrate()

    Unit = apps.get_model("plans", "AdministrativeUnit")
    units = {u.slug: u for u in Unit.objects.all()}
    assert {slug: (u.name, u.level, u.unit_type) for slug, u in units.items()} == {
        "thanh-oai": ("Thanh Oai", "district", "huyen"),
        "son-tay": ("Sơn Tây", "district", "huyen"),
        "ha-noi": ("Hà Nội", "province", "thanh_pho_tw"),
        "quang-ngai": ("Quảng Ngãi", "province", "tinh"),
    }
    assert (units["thanh-oai"].pk, units["son-tay"].pk) == (thanh_oai.pk, son_tay.pk)
    assert units["thanh-oai"].parent_id == units["ha-noi"].pk
    assert units["son-tay"].parent_id == units["quang-ngai"].pk
    assert apps.get_model("plans", "Agency").objects.get().unit_id == thanh_oai.pk
    assert apps.get_model("plans", "Plan").objects.get().unit_id == thanh_oai.pk
    assert apps.get_model("plans", "HistoricalPlan").objects.get().unit_id == thanh_oai.pk
    assert apps.get_model("plans", "UserProfile").objects.get().unit_id == thanh_oai.pk
    report = apps.get_model("tasks", "ProgressReport").objects.get()
    assert (report.agency_id, report.task_id, report.percent) == (office.pk, task.pk, 40)
