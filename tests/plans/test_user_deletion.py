"""Users who acted are deactivated, never deleted: the names stay in every history."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from indicators.models import IndicatorActual
from plans.user_admin import acting_relations, users_who_acted
from tasks.models import ProgressReport
from tests.factories import IndicatorFactory, ProgressReportFactory, TaskFactory, make_user

pytestmark = pytest.mark.django_db

REFUSAL = (
    "Không xoá được “{}”: tài khoản đã gửi, duyệt, chốt hoặc thay đổi dữ liệu, xoá sẽ làm "
    "mất tên người thực hiện trong lịch sử. Hãy vô hiệu hoá tài khoản thay vì xoá."
)


@pytest.fixture
def admin_client(client):
    root = User.objects.create_superuser("quantri", "quantri@example.gov.vn", "Mat-khau-2026!")
    client.force_login(root)
    return client


def submitted_by(user, s):
    report = ProgressReportFactory(task=TaskFactory(area=s["area"]), agency=s["office"])
    report.submitted_by = user
    report._history_user = user
    report.save()
    return report


def messages_of(response):
    return [str(m) for m in response.wsgi_request._messages]


def test_delete_of_a_user_who_submitted_is_refused_and_offers_deactivation(
    admin_client, district_setup
):
    s = district_setup
    head = s["office_head"]
    report = submitted_by(head, s)
    url = reverse("admin:auth_user_delete", args=[head.pk])

    page = admin_client.get(url)
    confirmed = admin_client.post(url, {"post": "yes"})  # Django's own confirmation

    assert page.status_code == confirmed.status_code == 200
    assert REFUSAL.format(head.username) in page.text
    assert 'name="deactivate"' in page.text
    head.refresh_from_db()
    assert head.is_active

    response = admin_client.post(url, {"deactivate": "1"})

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:auth_user_change", args=[head.pk])
    assert messages_of(response) == [
        "Đã vô hiệu hoá tài khoản “a-phong-noi-vu”: không đăng nhập được nữa, tên vẫn được "
        "giữ trong lịch sử."
    ]
    head.refresh_from_db()
    assert not head.is_active
    report.refresh_from_db()
    assert report.submitted_by == head
    assert report.history.first().history_user.username == "a-phong-noi-vu"


@pytest.mark.parametrize("how", ["reviewed_by", "history_user", "entered_by"])
def test_any_recorded_action_counts(district_setup, how):
    s = district_setup
    staff = s["staff"]
    if how == "reviewed_by":
        ProgressReportFactory(
            task=TaskFactory(area=s["area"]), agency=s["office"], reviewed_by=staff
        )
    elif how == "history_user":
        task = TaskFactory(area=s["area"])
        task._history_user = staff
        task.save()
    else:
        indicator = IndicatorFactory(plan=s["plan"])
        IndicatorActual.objects.create(
            indicator=indicator, year=2022, quarter=2, value=1, entered_by=staff
        )

    assert users_who_acted([staff.pk, s["leader"].pk]) == {staff.pk}


def test_user_who_never_acted_can_be_deleted(admin_client, district_setup):
    leader = district_setup["leader"]
    url = reverse("admin:auth_user_delete", args=[leader.pk])

    response = admin_client.post(url, {"post": "yes"})

    assert response.status_code == 302
    assert not User.objects.filter(pk=leader.pk).exists()


def test_bulk_delete_is_refused_when_any_chosen_user_acted(admin_client, district_setup):
    s = district_setup
    submitted_by(s["office_head"], s)
    chosen = [s["office_head"].pk, s["leader"].pk]

    response = admin_client.post(
        reverse("admin:auth_user_changelist"),
        {"action": "delete_unused_selected", "_selected_action": chosen, "post": "yes"},
    )

    assert response.status_code == 302
    assert messages_of(response) == [REFUSAL.format("a-phong-noi-vu")]
    assert User.objects.filter(pk__in=chosen).count() == 2


def test_bulk_delete_of_users_who_never_acted_deletes_them(admin_client, district_setup):
    s = district_setup
    chosen = [s["leader"].pk, s["outsider"].pk]

    response = admin_client.post(
        reverse("admin:auth_user_changelist"),
        {"action": "delete_unused_selected", "_selected_action": chosen, "post": "yes"},
    )

    assert response.status_code == 302
    assert not User.objects.filter(pk__in=chosen).exists()


def test_django_bulk_delete_is_not_offered(admin_client):
    response = admin_client.get(reverse("admin:auth_user_changelist"))

    actions = [value for value, _ in response.context["action_form"].fields["action"].choices]
    assert actions == ["", "deactivate_selected", "unlock_selected", "delete_unused_selected"]


def test_bulk_deactivate_keeps_every_user_and_spares_oneself(admin_client, district_setup):
    s = district_setup
    submitted_by(s["office_head"], s)
    root = User.objects.get(username="quantri")
    chosen = [s["office_head"].pk, s["leader"].pk, root.pk]

    response = admin_client.post(
        reverse("admin:auth_user_changelist"),
        {"action": "deactivate_selected", "_selected_action": chosen},
    )

    assert response.status_code == 302
    assert messages_of(response) == [
        "Không thể tự vô hiệu hoá tài khoản của chính mình.",
        "Đã vô hiệu hoá 2 tài khoản.",
    ]
    assert dict(User.objects.filter(pk__in=chosen).values_list("username", "is_active")) == {
        "a-phong-noi-vu": False,
        "a-lanhdao": False,
        "quantri": True,
    }
    assert ProgressReport.objects.get().submitted_by.username == "a-phong-noi-vu"


@pytest.mark.parametrize("count", [1, 8])
def test_users_who_acted_runs_a_fixed_number_of_queries(
    district_setup, django_assert_max_num_queries, count
):
    users = [make_user(f"nguoi-{i}") for i in range(count)]

    relations = len(acting_relations())  # one query per relation to a user, whatever the users
    with django_assert_max_num_queries(relations):
        acted = users_who_acted([u.pk for u in users])

    assert acted == set()
