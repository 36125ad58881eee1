"""Interior Office staff manage their own unit's agency heads in the admin's user pages."""

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from plans.access import GROUP_AGENCY, GROUP_LEADER, GROUP_OFFICE
from plans.first_login import SESSION_KEY
from plans.models import UserProfile
from tests.factories import AgencyFactory, make_user

pytestmark = pytest.mark.django_db

PASSWORD = "Tam-thoi-2026!x"
NEW_PASSWORD = "Mat-khau-rieng-2026!"


@pytest.fixture
def staff_client(client, district_setup):
    client.force_login(district_setup["staff"])
    return client


def add_url():
    return reverse("admin:auth_user_add")


def change_url(user):
    return reverse("admin:auth_user_change", args=[user.pk])


def new_user_post(agency, **overrides):
    data = {
        "username": "a-tu-phap",
        "agency": str(agency.pk),
        "first_name": "Lan",
        "last_name": "Nguyễn",
        "email": "tuphap@example.test",
        "password1": PASSWORD,
        "password2": PASSWORD,
    }
    return {**data, **overrides}


def test_staff_create_an_agency_head_of_their_unit_with_a_temporary_password(
    staff_client, district_setup
):
    finance = district_setup["finance"]
    post = new_user_post(finance, is_superuser="on", is_staff="on", groups=["1"])

    response = staff_client.post(add_url(), post)

    assert response.status_code == 302
    user = User.objects.get(username="a-tu-phap")
    assert (user.is_superuser, user.is_staff, user.is_active) == (False, False, True)
    assert list(user.groups.values_list("name", flat=True)) == [GROUP_AGENCY]
    assert (user.profile.unit, user.profile.agency) == (district_setup["unit"], finance)
    assert user.profile.must_change_password is True
    assert user.check_password(PASSWORD)


def test_staff_cannot_choose_another_units_agency(staff_client, district_setup):
    other = AgencyFactory(unit=district_setup["outsider"].profile.unit, name="Phòng B")

    response = staff_client.post(add_url(), new_user_post(other))

    assert response.status_code == 200
    assert "agency" in response.context["adminform"].form.errors
    assert not User.objects.filter(username="a-tu-phap").exists()


def test_staff_list_shows_only_their_units_agency_heads(staff_client, district_setup):
    response = staff_client.get(reverse("admin:auth_user_changelist"))

    assert response.status_code == 200
    shown = sorted(u.username for u in response.context["cl"].result_list)
    assert shown == ["a-phong-noi-vu", "a-tai-chinh", "a-thanh-cao"]


@pytest.mark.parametrize("who", ["staff", "leader", "outsider", "superuser", "b_head"])
def test_staff_get_404_for_accounts_they_do_not_manage(staff_client, district_setup, who):
    s = district_setup
    targets = {
        "staff": s["staff"],
        "leader": s["leader"],
        "outsider": s["outsider"],
        "superuser": User.objects.create_superuser("root", password="x-Secret-2026"),
        "b_head": make_user(
            "b-head",
            group=GROUP_AGENCY,
            agency=AgencyFactory(unit=s["outsider"].profile.unit, name="Phòng B"),
        ),
    }
    target = targets[who]

    assert staff_client.get(change_url(target)).status_code == 404
    assert staff_client.post(change_url(target), {"username": "x"}).status_code == 404
    unlock = reverse("admin:auth_user_unlock", args=[target.pk])
    assert staff_client.post(unlock).status_code == 404
    password = reverse("admin:auth_user_password_change", args=[target.pk])
    assert staff_client.get(password).status_code == 404


def test_staff_edit_and_deactivate_an_agency_head_but_never_raise_its_role(
    staff_client, district_setup
):
    head = district_setup["commune_head"]
    post = {
        "username": head.username,
        "agency": str(district_setup["finance"].pk),
        "first_name": "Hoa",
        "last_name": "Trần",
        "email": "hoa@example.test",
        "is_superuser": "on",
        "is_staff": "on",
        "groups": [str(g) for g in head.groups.values_list("pk", flat=True)],
    }  # is_active left out: unticked

    response = staff_client.post(change_url(head), post)

    assert response.status_code == 302
    head.refresh_from_db()
    assert (head.first_name, head.is_active, head.is_staff, head.is_superuser) == (
        "Hoa",
        False,
        False,
        False,
    )
    assert head.profile.agency == district_setup["finance"]


def test_user_with_a_leader_role_too_is_not_managed_by_staff(staff_client, district_setup):
    from django.contrib.auth.models import Group

    head = district_setup["office_head"]
    head.groups.add(Group.objects.get(name=GROUP_LEADER))

    assert staff_client.get(change_url(head)).status_code == 404


def test_staff_see_no_delete_action_and_no_group_or_superuser_fields(staff_client, district_setup):
    response = staff_client.get(change_url(district_setup["commune_head"]))

    fields = set(response.context["adminform"].form.fields)
    assert fields == {"username", "password", "agency", "first_name", "last_name", "email"} | {
        "is_active"
    }
    changelist = staff_client.get(reverse("admin:auth_user_changelist"))
    actions = [name for name, _ in changelist.context["action_form"].fields["action"].choices]
    assert actions == ["", "deactivate_selected", "unlock_selected"]


def test_password_set_by_staff_must_be_changed_at_the_next_sign_in(staff_client, district_setup):
    head = district_setup["commune_head"]
    url = reverse("admin:auth_user_password_change", args=[head.pk])

    response = staff_client.post(
        url, {"password1": PASSWORD, "password2": PASSWORD, "usable_password": "true"}
    )

    assert response.status_code == 302
    assert UserProfile.objects.get(user=head).must_change_password is True
    other = Client()
    other.force_login(User.objects.get(pk=head.pk))
    assert other.session[SESSION_KEY] is True
    page = other.get(reverse("my-tasks"))
    assert (page.status_code, page["Location"]) == (302, reverse("password_change"))
    changed = other.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert changed.status_code == 302
    assert UserProfile.objects.get(user=head).must_change_password is False
    assert other.get(reverse("my-tasks")).status_code == 200


def test_flagged_user_may_still_open_the_password_change_page_and_sign_out(client, district_setup):
    head = district_setup["commune_head"]
    UserProfile.objects.filter(user=head).update(must_change_password=True)
    client.force_login(head)

    assert client.get(reverse("password_change")).status_code == 200
    assert client.get(reverse("home"))["Location"] == reverse("password_change")
    assert client.post(reverse("logout")).status_code == 302


def test_unflagged_user_is_not_redirected(client, district_setup):
    client.force_login(district_setup["commune_head"])

    assert SESSION_KEY not in client.session
    assert client.get(reverse("my-tasks")).status_code == 200


def _lock(username):
    for ip in ("10.0.0.1", "10.0.0.2"):
        AccessAttempt.objects.create(
            username=username,
            ip_address=ip,
            user_agent="test",
            failures_since_start=5,
            attempt_time=timezone.now(),
            get_data="",
            post_data="",
            http_accept="",
            path_info="/accounts/login/",
        )


def test_unlock_button_clears_the_throttles_attempts_of_that_user_only(
    staff_client, district_setup
):
    head, other = district_setup["commune_head"], district_setup["finance_head"]
    _lock(head.username)
    _lock(other.username)
    page = staff_client.get(change_url(head))
    assert "Mở khóa đăng nhập" in page.content.decode()
    assert page.context["login_attempts_recorded"] is True

    response = staff_client.post(reverse("admin:auth_user_unlock", args=[head.pk]))

    assert (response.status_code, response["Location"]) == (302, change_url(head))
    assert not AccessAttempt.objects.filter(username=head.username).exists()
    assert AccessAttempt.objects.filter(username=other.username).count() == 2


def test_unlock_action_clears_the_chosen_users(staff_client, district_setup):
    head, other = district_setup["commune_head"], district_setup["finance_head"]
    _lock(head.username)
    _lock(other.username)

    response = staff_client.post(
        reverse("admin:auth_user_changelist"),
        {"action": "unlock_selected", "_selected_action": [str(head.pk)]},
    )

    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(username=head.username).exists()
    assert AccessAttempt.objects.filter(username=other.username).count() == 2


def test_unlock_refuses_get(staff_client, district_setup):
    url = reverse("admin:auth_user_unlock", args=[district_setup["commune_head"].pk])

    assert staff_client.get(url).status_code == 405


def test_leader_has_no_user_pages(client, district_setup):
    leader = district_setup["leader"]
    leader.is_staff = True
    leader.save()
    client.force_login(leader)

    assert client.get(reverse("admin:auth_user_changelist")).status_code == 403


@pytest.mark.parametrize("extra", [0, 6])
def test_staff_user_list_runs_a_fixed_number_of_queries(
    staff_client, district_setup, django_assert_max_num_queries, extra
):
    for number in range(extra):
        make_user(f"a-them-{number}", group=GROUP_AGENCY, agency=district_setup["commune"])

    with django_assert_max_num_queries(12):
        response = staff_client.get(reverse("admin:auth_user_changelist"))

    assert len(response.context["cl"].result_list) == 3 + extra


def test_office_group_gives_no_model_permission_on_users(district_setup):
    staff = district_setup["staff"]

    assert staff.groups.get().name == GROUP_OFFICE
    assert not staff.has_perm("auth.change_user")


def test_superuser_user_page_offers_unlock_and_keeps_the_full_form(client, district_setup):
    root = User.objects.create_superuser("root", password="x-Secret-2026")
    client.force_login(root)
    head = district_setup["commune_head"]
    _lock(head.username)

    page = client.get(change_url(head))
    unlocked = client.post(reverse("admin:auth_user_unlock", args=[head.pk]))

    assert page.status_code == 200
    assert {"is_superuser", "is_staff", "groups"} <= set(page.context["adminform"].form.fields)
    assert "Mở khóa đăng nhập" in page.content.decode()
    assert unlocked.status_code == 302
    assert not AccessAttempt.objects.filter(username=head.username).exists()
