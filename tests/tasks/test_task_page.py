"""The task page outside the admin (tasks.task_page): what it shows, to whom."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from plans.access import GROUP_AGENCY, GROUP_LEADER, GROUP_OFFICE
from tasks.models import AssignmentRole, ReviewState
from tests.factories import (
    AgencyFactory,
    PlanAreaFactory,
    ProgressReportFactory,
    TaskAssignmentFactory,
    TaskFactory,
    UnitFactory,
    make_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _world(extra_agencies=0):
    """Task 4 of a district plan: Phòng Tư pháp leads, Phòng Văn hóa partners (and
    `extra_agencies` more partners, each with a report); its due date was moved with a reason;
    a returned Q1 report and an accepted Q2 report of the lead, a Q2 report of the partner."""
    unit = UnitFactory(name="Mẫu Sơn", slug="mau-son")
    area = PlanAreaFactory(plan__unit=unit, plan__slug="kh-2022", heading="Cải cách thể chế")
    lead = AgencyFactory(unit=unit, name="Phòng Tư pháp")
    partner = AgencyFactory(unit=unit, name="Phòng Văn hóa")
    task = TaskFactory(
        area=area,
        code="4",
        title="Rà soát văn bản quy phạm pháp luật",
        objective="Nâng cao chất lượng văn bản",
        products="Báo cáo kết quả rà soát",
        deadline_text="Quý II/2022",
    )
    TaskAssignmentFactory(task=task, agency=lead, role=AssignmentRole.LEAD, order=1)
    TaskAssignmentFactory(task=task, agency=partner, role=AssignmentRole.PARTNER, order=2)
    task.due_date = datetime.date(2022, 9, 30)
    task._change_reason = "Gia hạn theo Công văn số 12/UBND"
    task.save()
    ProgressReportFactory(
        task=task,
        agency=lead,
        quarter=1,
        review_state=ReviewState.RETURNED,
        review_note="Cần bổ sung số liệu",
    )
    accepted = ProgressReportFactory(
        task=task,
        agency=lead,
        quarter=2,
        percent=80,
        result="Đã rà soát 45 văn bản",
        review_state=ReviewState.ACCEPTED,
        evidence_name="bien-ban.pdf",
    )
    accepted.evidence.save("bien-ban.pdf", ContentFile(b"%PDF-1.4"), save=True)
    ProgressReportFactory(task=task, agency=partner, quarter=2, result="Phối hợp rà soát")
    for n in range(extra_agencies):
        other = AgencyFactory(unit=unit, name=f"Phòng Mẫu {n}")
        TaskAssignmentFactory(task=task, agency=other, role=AssignmentRole.PARTNER, order=3 + n)
        ProgressReportFactory(task=task, agency=other, quarter=2)
        task.notes = f"Ghi chú {n}"
        task.save()
    return {"unit": unit, "task": task, "lead": lead, "partner": partner, "accepted": accepted}


def _url(task):
    return reverse("task-detail", args=[task.pk])


def test_office_sees_the_task_its_agencies_deadline_change_and_every_report(client, media):
    w = _world()
    task = w["task"]
    client.force_login(make_user("noi-vu", group=GROUP_OFFICE, unit=w["unit"]))

    response = client.get(_url(task))

    assert response.status_code == 200
    ctx = response.context
    assert [(a.agency.name, a.role) for a in ctx["assignments"]] == [
        ("Phòng Tư pháp", "lead"),
        ("Phòng Văn hóa", "partner"),
    ]
    assert [(r.agency.name, r.quarter, r.review_state) for r in ctx["reports"]] == [
        ("Phòng Tư pháp", 2, "accepted"),
        ("Phòng Văn hóa", 2, "submitted"),
        ("Phòng Tư pháp", 1, "returned"),
    ]
    assert [(c.due_date, c.reason) for c in ctx["deadline_changes"]] == [
        (datetime.date(2022, 9, 30), "Gia hạn theo Công văn số 12/UBND")
    ]
    assert ctx["due_reason"] == "Gia hạn theo Công văn số 12/UBND"
    html = response.text
    for text in (
        "Nhiệm vụ 4",
        "Rà soát văn bản quy phạm pháp luật",
        "Nâng cao chất lượng văn bản",
        "Báo cáo kết quả rà soát",
        "Quý II/2022",
        "30/09/2022",
        "Lý do: Gia hạn theo Công văn số 12/UBND",
        "Chủ trì: Phòng Tư pháp",
        "Phối hợp: Phòng Văn hóa",
        "Đã rà soát 45 văn bản",
        "Ý kiến: Cần bổ sung số liệu",
    ):
        assert text in html, text
    assert f'href="/reports/evidence/{w["accepted"].pk}/">bien-ban.pdf</a>' in html
    assert f'href="/tasks/{task.pk}/history/"' in html
    assert f'href="/admin/tasks/task/{task.pk}/change/"' in html


def test_leader_reads_the_task_page_without_the_admin_link(client, media):
    w = _world()
    client.force_login(make_user("lanh-dao", group=GROUP_LEADER, unit=w["unit"]))

    response = client.get(_url(w["task"]))

    assert response.status_code == 200
    assert len(response.context["reports"]) == 3
    assert "/admin/" not in response.text
    assert f'href="/tasks/{w["task"].pk}/history/"' in response.text


def test_agency_head_sees_the_task_with_only_their_agencys_reports(client, media):
    w = _world()
    client.force_login(make_user("van-hoa", group=GROUP_AGENCY, agency=w["partner"]))

    response = client.get(_url(w["task"]))

    assert response.status_code == 200
    assert [(r.agency.name, r.quarter) for r in response.context["reports"]] == [
        ("Phòng Văn hóa", 2)
    ]
    assert "Đã rà soát 45 văn bản" not in response.text
    assert "/history/" not in response.text


def test_task_page_is_404_for_an_unassigned_agency_and_another_district(client, media):
    w = _world()
    stranger = AgencyFactory(unit=w["unit"], name="Phòng Y tế")
    client.force_login(make_user("y-te", group=GROUP_AGENCY, agency=stranger))
    assert client.get(_url(w["task"])).status_code == 404
    client.force_login(make_user("noi-vu-khac", group=GROUP_OFFICE, unit=UnitFactory()))
    assert client.get(_url(w["task"])).status_code == 404


def test_task_page_requires_login(client, media):
    w = _world()

    response = client.get(_url(w["task"]))

    assert (response.status_code, response.url) == (302, f"/accounts/login/?next={_url(w['task'])}")


@pytest.mark.parametrize("extra", [0, 12])
def test_task_page_query_count_does_not_grow_with_agencies_reports_and_changes(
    client, media, django_assert_max_num_queries, extra
):
    w = _world(extra_agencies=extra)
    client.force_login(make_user("noi-vu", group=GROUP_OFFICE, unit=w["unit"]))

    # session, user, groups, profile, the task, its assignments, its reports, its history,
    # the menu's unread notices
    with django_assert_max_num_queries(9):
        response = client.get(_url(w["task"]))

    assert len(response.context["reports"]) == 3 + extra
