"""The permission matrix of docs/permissions.md, one test per cell: role × URL → status code.

The world: district A (plan "huyen-a-2022") with a task led by Phòng Nội vụ, a task led by
Phòng Tài chính - Kế hoạch, a task of the commune group, one submitted report with an evidence
file on each of the first two, a target; district B (plan "huyen-b-2022") with a task and a
report; both districts belong to the province "tinh-mau". A second province, "tinh-khac", has
district C (plan "huyen-c-2022") with a task and a report. Roles are those of `district_setup`
plus a superuser, an anonymous visitor and the Home Affairs staff (Sở Nội vụ) of "tinh-mau"
(`province`); the outsider is Interior Office staff of district B.

Status codes: 200 read, 302 after a write (or a redirect to the login page for anonymous
visitors and, in the admin, for users who are not staff), 403 a read-only user's write,
404 outside the user's scope.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from plans.access import GROUP_PROVINCE
from plans.models import Agency
from tasks.models import AssignmentRole, Notice, NoticeKind, ProgressReport, ReviewState, Task
from tests.factories import (
    AgencyFactory,
    IndicatorFactory,
    PlanAreaFactory,
    ProgressReportFactory,
    ProvinceFactory,
    TaskAssignmentFactory,
    TaskFactory,
    UnitFactory,
    make_user,
)

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "superuser",
    "staff",
    "leader",
    "office_head",
    "commune_head",
    "outsider",
    "province",
]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def expect(anonymous, superuser, staff, leader, office_head, commune_head, outsider, province):
    return dict(
        zip(
            ROLES,
            [anonymous, superuser, staff, leader, office_head, commune_head, outsider, province],
            strict=True,
        )
    )


@dataclass
class World:
    users: dict
    plan: object
    plan_b: object
    task_office: Task
    task_finance: Task
    task_communes: Task
    task_b: Task
    task_c: Task
    report_office: ProgressReport
    report_finance: ProgressReport
    report_b: ProgressReport
    report_c: ProgressReport
    indicator: object
    office: Agency
    agency_b: Agency


def _task(area, code, agency, role=AssignmentRole.LEAD):
    task = TaskFactory(area=area, code=code, title=f"Nhiệm vụ {code}")
    TaskAssignmentFactory(task=task, agency=agency, role=role, order=1)
    return task


def _report(task, agency):
    report = ProgressReportFactory(task=task, agency=agency)
    report.evidence.save("minh-chung.pdf", ContentFile(PDF))
    report.evidence_name = "minh-chung.pdf"
    report.save()
    return report


@pytest.fixture
def world(district_setup, settings, tmp_path, django_user_model):
    settings.MEDIA_ROOT = tmp_path
    s = district_setup
    area_b = PlanAreaFactory(plan__unit__slug="huyen-b", plan__slug="huyen-b-2022")
    agency_b = AgencyFactory(unit=area_b.plan.unit, name="Phòng Nội vụ huyện B")
    task_office = _task(s["area"], "1", s["office"])
    task_finance = _task(s["area"], "2", s["finance"])
    task_communes = _task(s["area"], "3", s["communes"])
    task_b = _task(area_b, "1", agency_b)
    other_province = ProvinceFactory(slug="tinh-khac", name="Khác")
    area_c = PlanAreaFactory(
        plan__unit=UnitFactory(slug="huyen-c", name="C", parent=other_province),
        plan__slug="huyen-c-2022",
    )
    agency_c = AgencyFactory(unit=area_c.plan.unit, name="Phòng Nội vụ huyện C")
    task_c = _task(area_c, "1", agency_c)
    users = {role: s.get(role) for role in ROLES if role in s}
    users["anonymous"] = None
    users["superuser"] = django_user_model.objects.create_superuser(
        "quan-tri", password="x-Secret-1"
    )
    users["province"] = make_user("tinh-mau-sonoivu", group=GROUP_PROVINCE, unit=s["unit"].parent)
    return World(
        users=users,
        plan=s["plan"],
        plan_b=area_b.plan,
        task_office=task_office,
        task_finance=task_finance,
        task_communes=task_communes,
        task_b=task_b,
        task_c=task_c,
        report_office=_report(task_office, s["office"]),
        report_finance=_report(task_finance, s["finance"]),
        report_b=_report(task_b, agency_b),
        report_c=_report(task_c, agency_c),
        indicator=IndicatorFactory(plan=s["plan"]),
        office=s["office"],
        agency_b=agency_b,
    )


def _report_post(w: World, report: ProgressReport | None = None, version=1):
    return {
        "status": "in_progress",
        "percent": "60",
        "completion_date": "",
        "result": "Đã ban hành kế hoạch",
        "product_issued": "",
        "difficulties": "",
        "proposals": "",
        "version": str(version),
        "submit": "1",
    }


def _admin_change(model, obj_attr):
    def url(w):
        obj = getattr(w, obj_attr)
        opts = obj._meta
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])

    return url


def _notice_url(w: World) -> str:
    """A notice to the office's head (agency (own)) about its report."""
    notice, _ = Notice.objects.get_or_create(
        user=w.users["office_head"],
        kind=NoticeKind.ACCEPTED,
        report=w.report_office,
        defaults={"text": "Phòng Nội vụ đã duyệt báo cáo."},
    )
    return reverse("notice-open", args=[notice.pk])


def _admin_list(app, model):
    return lambda w: reverse(f"admin:{app}_{model}_changelist")


GET, POST = "get", "post"
# Staff and leaders of district A, the Home Affairs staff of its province.
READERS = expect(302, 200, 200, 200, 404, 404, 404, 200)
# Staff of district A write; leaders and the province's Home Affairs staff read.
EDITORS = expect(302, 200, 200, 403, 404, 404, 404, 403)
ADMIN_IN_A = expect(302, 200, 200, 302, 302, 302, 302, 302)  # outsider: "does not exist" redirect
ADMIN_LIST = expect(302, 200, 200, 302, 302, 302, 200, 302)  # outsider sees only district B's rows
# The province dashboard: superusers and the province's Home Affairs staff only.
PROVINCE_ONLY = expect(302, 200, 404, 404, 404, 404, 404, 200)
# Anything in district C of the other province: only a superuser.
OTHER_PROVINCE = expect(302, 200, 404, 404, 404, 404, 404, 404)

# name: (method, url, POST data, expected status by role)
CASES = {
    "home": (GET, lambda w: reverse("home"), None, expect(302, 200, 200, 200, 200, 200, 200, 200)),
    "portal": (
        GET,
        lambda w: reverse("my-tasks"),
        None,
        expect(302, 403, 403, 403, 200, 200, 403, 403),
    ),
    "portal-xlsx": (
        GET,
        lambda w: reverse("my-tasks-xlsx", args=["2022-Q2"]) + "?plan=huyen-a-2022",
        None,
        expect(302, 403, 403, 403, 200, 200, 403, 403),
    ),
    "report-page": (
        GET,
        lambda w: reverse("report-page", args=["huyen-a-2022", "2022-Q2"]),
        None,
        READERS,
    ),
    "report-xlsx": (
        GET,
        lambda w: reverse("report-xlsx", args=["huyen-a-2022", "2022-Q2"]),
        None,
        READERS,
    ),
    "report-docx": (
        GET,
        lambda w: reverse("report-docx", args=["huyen-a-2022", "2022-Q2"]),
        None,
        READERS,
    ),
    "report-pdf-of-a-draft": (
        GET,
        lambda w: reverse("report-pdf", args=["huyen-a-2022", "2022-Q2"]),
        None,
        expect(302, 404, 404, 404, 404, 404, 404, 404),
    ),
    "report-edition": (
        GET,
        lambda w: reverse("report-edition", args=["huyen-a-2022", "2022-Q2"]),
        None,
        EDITORS,
    ),
    "report-edition-create": (
        POST,
        lambda w: reverse("report-edition", args=["huyen-a-2022", "2022-Q2"]),
        lambda w: {"create": "1"},
        expect(302, 302, 302, 403, 404, 404, 404, 403),
    ),
    "report-edition-finalise": (
        POST,
        lambda w: reverse("report-edition-finalise", args=["huyen-a-2022", "2022-Q2"]),
        lambda w: {"version": "1"},
        expect(302, 404, 404, 403, 404, 404, 404, 403),
    ),
    "report-edition-other-district": (
        GET,
        lambda w: reverse("report-edition", args=["huyen-b-2022", "2022-Q2"]),
        None,
        expect(302, 200, 404, 404, 404, 404, 200, 403),
    ),
    "report-page-other-district": (
        GET,
        lambda w: reverse("report-page", args=["huyen-b-2022", "2022-Q2"]),
        None,
        expect(302, 200, 404, 404, 404, 404, 200, 200),
    ),
    "report-page-unknown-slug": (
        GET,
        lambda w: reverse("report-page", args=["khong-ton-tai", "2022-Q2"]),
        None,
        expect(302, 404, 404, 404, 404, 404, 404, 404),
    ),
    "review": (
        GET,
        lambda w: reverse("review"),
        None,
        expect(302, 200, 200, 200, 404, 404, 200, 200),
    ),
    "review-other-district-plan": (
        GET,
        lambda w: reverse("review") + "?plan=huyen-b-2022",
        None,
        expect(302, 200, 404, 404, 404, 404, 200, 200),
    ),
    "quality": (GET, lambda w: reverse("plan-quality", args=["huyen-a-2022"]), None, READERS),
    "targets": (
        GET,
        lambda w: reverse("plan-targets", args=["huyen-a-2022", "2022-Q2"]),
        None,
        READERS,
    ),
    "task-history": (
        GET,
        lambda w: reverse("task-history", args=[w.task_office.pk]),
        None,
        READERS,
    ),
    "task-page": (
        GET,
        lambda w: reverse("task-detail", args=[w.task_office.pk]),
        None,
        expect(302, 200, 200, 200, 200, 404, 404, 200),
    ),
    "task-page-group-task": (
        GET,
        lambda w: reverse("task-detail", args=[w.task_communes.pk]),
        None,
        expect(302, 200, 200, 200, 404, 200, 404, 200),
    ),
    "task-page-other-province": (
        GET,
        lambda w: reverse("task-detail", args=[w.task_c.pk]),
        None,
        OTHER_PROVINCE,
    ),
    "menu-plan-page": (
        GET,
        lambda w: reverse("current-plan-page", args=["report"]),
        None,
        expect(302, 404, 302, 302, 404, 404, 302, 404),
    ),
    "evidence-own-agency": (
        GET,
        lambda w: reverse("evidence", args=[w.report_office.pk]),
        None,
        expect(302, 200, 200, 200, 200, 404, 404, 200),
    ),
    "evidence-other-agency": (
        GET,
        lambda w: reverse("evidence", args=[w.report_finance.pk]),
        None,
        expect(302, 200, 200, 200, 404, 404, 404, 200),
    ),
    "evidence-other-district": (
        GET,
        lambda w: reverse("evidence", args=[w.report_b.pk]),
        None,
        expect(302, 200, 404, 404, 404, 404, 200, 200),
    ),
    "report-form-own-task": (
        GET,
        lambda w: reverse("report-edit", args=[w.task_office.pk, "2022-Q2"]),
        None,
        expect(302, 403, 403, 403, 200, 404, 404, 403),
    ),
    "report-form-group-task": (
        GET,
        lambda w: reverse("report-edit", args=[w.task_communes.pk, "2022-Q2"]),
        None,
        expect(302, 403, 403, 403, 404, 200, 404, 403),
    ),
    "report-form-other-agency-task": (
        GET,
        lambda w: reverse("report-edit", args=[w.task_finance.pk, "2022-Q2"]),
        None,
        expect(302, 403, 403, 403, 404, 404, 404, 403),
    ),
    "report-post-own-task": (
        POST,
        lambda w: reverse("report-edit", args=[w.task_office.pk, "2022-Q2"]),
        _report_post,
        expect(302, 403, 403, 403, 302, 404, 404, 403),
    ),
    "report-post-other-agency-task": (
        POST,
        lambda w: reverse("report-edit", args=[w.task_finance.pk, "2022-Q2"]),
        _report_post,
        expect(302, 403, 403, 403, 404, 404, 404, 403),
    ),
    "report-post-other-district-task": (
        POST,
        lambda w: reverse("report-edit", args=[w.task_b.pk, "2022-Q2"]),
        _report_post,
        expect(302, 403, 404, 404, 404, 404, 403, 403),
    ),
    "accept": (
        POST,
        lambda w: reverse("review-accept", args=[w.report_office.pk]),
        lambda w: {"version": "1"},
        expect(302, 302, 302, 403, 404, 404, 404, 403),
    ),
    "return": (
        POST,
        lambda w: reverse("review-return", args=[w.report_office.pk]),
        lambda w: {"version": "1", "note": "Bổ sung minh chứng"},
        expect(302, 302, 302, 403, 404, 404, 404, 403),
    ),
    "accept-other-district-report": (
        POST,
        lambda w: reverse("review-accept", args=[w.report_b.pk]),
        lambda w: {"version": "1"},
        expect(302, 302, 404, 404, 404, 404, 302, 403),
    ),
    "target-save": (
        POST,
        lambda w: reverse("plan-target-save", args=["huyen-a-2022", "2022-Q2", w.indicator.pk]),
        lambda w: {"value": "92", "note": "", "source": ""},
        expect(302, 302, 302, 403, 404, 404, 404, 403),
    ),
    "province-dashboard": (
        GET,
        lambda w: reverse("province-dashboard", args=["tinh-mau"]),
        None,
        PROVINCE_ONLY,
    ),
    "province-dashboard-xlsx": (
        GET,
        lambda w: reverse("province-dashboard-xlsx", args=["tinh-mau", "2022-Q2"]),
        None,
        PROVINCE_ONLY,
    ),
    "province-dashboard-other-province": (
        GET,
        lambda w: reverse("province-dashboard", args=["tinh-khac"]),
        None,
        OTHER_PROVINCE,
    ),
    "province-dashboard-xlsx-other-province": (
        GET,
        lambda w: reverse("province-dashboard-xlsx", args=["tinh-khac", "2022-Q2"]),
        None,
        OTHER_PROVINCE,
    ),
    "province-dashboard-of-a-district": (
        GET,
        lambda w: reverse("province-dashboard", args=["huyen-a"]),
        None,
        expect(302, 404, 404, 404, 404, 404, 404, 404),
    ),
    "national-home": (
        GET,
        lambda w: reverse("home") + "?period=2022-Q2&page=1",
        None,
        expect(302, 200, 200, 200, 200, 200, 200, 200),
    ),
    "report-page-other-province": (
        GET,
        lambda w: reverse("report-page", args=["huyen-c-2022", "2022-Q2"]),
        None,
        OTHER_PROVINCE,
    ),
    "report-xlsx-other-province": (
        GET,
        lambda w: reverse("report-xlsx", args=["huyen-c-2022", "2022-Q2"]),
        None,
        OTHER_PROVINCE,
    ),
    "targets-other-province": (
        GET,
        lambda w: reverse("plan-targets", args=["huyen-c-2022", "2022-Q2"]),
        None,
        OTHER_PROVINCE,
    ),
    "task-history-other-province": (
        GET,
        lambda w: reverse("task-history", args=[w.task_c.pk]),
        None,
        OTHER_PROVINCE,
    ),
    "review-other-province-plan": (
        GET,
        lambda w: reverse("review") + "?plan=huyen-c-2022",
        None,
        OTHER_PROVINCE,
    ),
    "evidence-other-province": (
        GET,
        lambda w: reverse("evidence", args=[w.report_c.pk]),
        None,
        OTHER_PROVINCE,
    ),
    "report-post-other-province-task": (
        POST,
        lambda w: reverse("report-edit", args=[w.task_c.pk, "2022-Q2"]),
        _report_post,
        expect(302, 403, 404, 404, 404, 404, 404, 404),
    ),
    "accept-other-province-report": (
        POST,
        lambda w: reverse("review-accept", args=[w.report_c.pk]),
        lambda w: {"version": "1"},
        expect(302, 302, 404, 404, 404, 404, 404, 404),
    ),
    "report-edition-create-other-province": (
        POST,
        lambda w: reverse("report-edition", args=["huyen-c-2022", "2022-Q2"]),
        lambda w: {"create": "1"},
        expect(302, 302, 404, 404, 404, 404, 404, 404),
    ),
    "notices": (
        GET,
        lambda w: reverse("notices"),
        None,
        expect(302, 200, 200, 200, 200, 200, 200, 200),
    ),
    "notices-read-all": (
        POST,
        lambda w: reverse("notices-read-all"),
        lambda w: {},
        expect(302, 302, 302, 302, 302, 302, 302, 302),
    ),
    "notice-open": (GET, _notice_url, None, expect(302, 404, 404, 404, 302, 404, 404, 404)),
    "two-factor-setup": (
        GET,
        lambda w: reverse("two-factor-setup"),
        None,
        expect(302, 200, 200, 403, 403, 403, 200, 403),
    ),
    "admin-index": (
        GET,
        lambda w: reverse("admin:index"),
        None,
        expect(302, 200, 200, 302, 302, 302, 200, 302),
    ),
    "admin-plan-list": (GET, _admin_list("plans", "plan"), None, ADMIN_LIST),
    "admin-task-list": (GET, _admin_list("tasks", "task"), None, ADMIN_LIST),
    "admin-agency-list": (GET, _admin_list("plans", "agency"), None, ADMIN_LIST),
    "admin-report-list": (GET, _admin_list("tasks", "progressreport"), None, ADMIN_LIST),
    "admin-plan-change": (GET, _admin_change("plan", "plan"), None, ADMIN_IN_A),
    "admin-task-change": (GET, _admin_change("task", "task_office"), None, ADMIN_IN_A),
    "admin-agency-change": (GET, _admin_change("agency", "office"), None, ADMIN_IN_A),
    "admin-report-change": (GET, _admin_change("report", "report_office"), None, ADMIN_IN_A),
    "admin-plan-change-other-district": (
        GET,
        _admin_change("plan", "plan_b"),
        None,
        expect(302, 200, 302, 302, 302, 302, 200, 302),
    ),
    # Interior Office staff manage their own unit's agency heads (plans/user_admin.py).
    "admin-user-list": (GET, _admin_list("auth", "user"), None, ADMIN_LIST),
    "admin-user-add": (
        GET,
        lambda w: reverse("admin:auth_user_add"),
        None,
        expect(302, 200, 200, 302, 302, 302, 200, 302),
    ),
    "admin-user-change-agency-head": (
        GET,
        lambda w: reverse("admin:auth_user_change", args=[w.users["office_head"].pk]),
        None,
        expect(302, 200, 200, 302, 302, 302, 404, 302),
    ),
    "admin-user-change-office-staff": (
        GET,
        lambda w: reverse("admin:auth_user_change", args=[w.users["staff"].pk]),
        None,
        expect(302, 200, 404, 302, 302, 302, 404, 302),
    ),
    "admin-user-unlock-agency-head": (
        POST,
        lambda w: reverse("admin:auth_user_unlock", args=[w.users["office_head"].pk]),
        lambda w: {},
        expect(302, 302, 302, 302, 302, 302, 404, 302),
    ),
}

MATRIX = [(case, role) for case in CASES for role in ROLES]


@pytest.mark.parametrize(("case", "role"), MATRIX, ids=[f"{c}-{r}" for c, r in MATRIX])
def test_permission_matrix(client, world, case, role):
    method, url, data, expected = CASES[case]
    target = url(world)
    user = world.users[role]
    if user is not None:
        client.force_login(user)

    response = client.get(target) if method == GET else client.post(target, data(world))
    response.close()  # a file response holds the evidence file open until closed

    assert response.status_code == expected[role]
    if role == "anonymous":
        assert "login/?next=" in response.url


# --- what a refused request leaves behind -----------------------------------------------


def test_report_post_on_another_agency_task_saves_nothing(client, world):
    client.force_login(world.users["office_head"])

    response = client.post(
        reverse("report-edit", args=[world.task_finance.pk, "2022-Q2"]), _report_post(world)
    )

    assert response.status_code == 404
    assert ProgressReport.objects.get(pk=world.report_finance.pk).percent == 50
    assert not ProgressReport.objects.filter(task=world.task_finance, agency=world.office).exists()


def test_report_form_with_another_reports_version_is_refused_as_stale(client, world):
    """A version copied from another report (or edited by hand) never overwrites this one."""
    report = world.report_office
    ProgressReport.objects.filter(pk=world.report_finance.pk).update(version=7)
    client.force_login(world.users["office_head"])

    response = client.post(
        reverse("report-edit", args=[world.task_office.pk, "2022-Q2"]),
        _report_post(world, version=7),
    )

    assert response.status_code == 200
    assert "vừa được cập nhật ở nơi khác" in response.text
    report.refresh_from_db()
    assert (report.percent, report.version) == (50, 1)


def test_leader_accept_leaves_report_submitted(client, world):
    client.force_login(world.users["leader"])

    client.post(reverse("review-accept", args=[world.report_office.pk]), {"version": "1"})

    world.report_office.refresh_from_db()
    assert world.report_office.review_state == ReviewState.SUBMITTED


def test_outsider_accept_leaves_report_submitted(client, world):
    client.force_login(world.users["outsider"])

    response = client.post(
        reverse("review-accept", args=[world.report_office.pk]), {"version": "1"}
    )

    world.report_office.refresh_from_db()
    assert (response.status_code, world.report_office.review_state) == (404, ReviewState.SUBMITTED)


def test_home_lists_only_the_users_district_plans(client, world):
    listed = {}
    for role in ("staff", "office_head", "outsider", "province"):
        client.force_login(world.users[role])
        listed[role] = [p.slug for p in client.get(reverse("home")).context["plans"]]

    assert listed == {
        "staff": ["huyen-a-2022"],
        "office_head": ["huyen-a-2022"],
        "outsider": ["huyen-b-2022"],
        "province": ["huyen-a-2022", "huyen-b-2022"],
    }


def test_superuser_home_lists_provinces(client, world):
    client.force_login(world.users["superuser"])

    page = client.get(reverse("home")).context["page"]

    assert [(r.province.slug, r.totals.unit_count) for r in page.object_list] == [
        ("tinh-khac", 1),
        ("tinh-mau", 2),
    ]


def test_province_user_writes_leave_nothing_behind(client, world):
    client.force_login(world.users["province"])

    client.post(reverse("review-accept", args=[world.report_office.pk]), {"version": "1"})
    client.post(reverse("report-edition", args=["huyen-a-2022", "2022-Q2"]), {"create": "1"})
    client.post(
        reverse("plan-target-save", args=["huyen-a-2022", "2022-Q2", world.indicator.pk]),
        {"value": "92"},
    )

    world.report_office.refresh_from_db()
    assert world.report_office.review_state == ReviewState.SUBMITTED
    assert not world.plan.editions.exists()
    assert not world.indicator.actuals.exists()
