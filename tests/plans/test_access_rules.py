"""The rules of plans.access, function by function: roles, unit scope, edit rights, the role
groups' admin permissions (add, change, delete: a page answering 200 does not tell them apart).

The world: province "tinh-mau" with districts A and B, province "tinh-khac" with district C;
a plan in A and one in C.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser, Group, Permission, User
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse

from plans import access
from plans.access import (
    GROUP_AGENCY,
    GROUP_LEADER,
    GROUP_OFFICE,
    GROUP_PROVINCE,
    can_edit_unit,
    can_read_province,
    can_read_unit,
    ensure_groups,
    plan_for_editor,
    plan_for_reader,
    readable,
    role_of,
    unit_ids_readable,
    unit_scope,
    user_agency,
    user_unit_id,
)
from plans.models import Agency, Plan, PlanArea, UserProfile
from plans.units import AdministrativeUnit, UnitType
from tests.admin_forms import admin_form_data
from tests.factories import AgencyFactory, PlanAreaFactory, PlanFactory, UnitFactory, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    province = UnitFactory(slug="tinh-mau", name="Mẫu", unit_type=UnitType.PROVINCE, parent=None)
    other_province = UnitFactory(
        slug="tinh-khac", name="Khác", unit_type=UnitType.PROVINCE, parent=None
    )
    a = UnitFactory(slug="huyen-a", name="A", parent=province)
    b = UnitFactory(slug="huyen-b", name="B", parent=province)
    c = UnitFactory(slug="huyen-c", name="C", parent=other_province)
    office = AgencyFactory(unit=a, name="Phòng Nội vụ")
    return {
        "province": province,
        "other_province": other_province,
        "a": a,
        "b": b,
        "c": c,
        "office": office,
        "plan_a": PlanAreaFactory(plan__unit=a, plan__slug="huyen-a-2022").plan,
        "plan_c": PlanFactory(unit=c, slug="huyen-c-2022"),
        "superuser": User.objects.create_superuser("root", "root@example.test", "Mat-khau-2026!"),
        "staff": make_user("a-noivu", group=GROUP_OFFICE, unit=a),
        "leader": make_user("a-lanhdao", group=GROUP_LEADER, unit=a),
        "province_staff": make_user("mau-sonoivu", group=GROUP_PROVINCE, unit=province),
        "head": make_user("a-phong-noi-vu", group=GROUP_AGENCY, agency=office),
    }


def fresh(user):
    """The user as a new request would load it (no cached groups, profile or parents)."""
    return User.objects.get(pk=user.pk)


def user_with_profile(username, group, **profile):
    user = make_user(username, group=group)
    UserProfile.objects.create(user=user, **profile)
    return fresh(user)


# --------------------------------------------------------------------------- roles


def test_each_role_comes_from_its_group_and_its_place(world):
    roles = {
        name: role_of(fresh(world[name]))
        for name in ("superuser", "staff", "leader", "province_staff", "head")
    }
    assert roles == {
        "superuser": "superuser",
        "staff": "office",
        "leader": "leader",
        "province_staff": "province",
        "head": "agency",
    }


def test_anonymous_and_inactive_users_have_no_role(world):
    inactive_staff = fresh(world["staff"])
    inactive_staff.is_active = False
    inactive_root = fresh(world["superuser"])
    inactive_root.is_active = False
    assert [role_of(AnonymousUser()), role_of(inactive_staff), role_of(inactive_root)] == [
        None,
        None,
        None,
    ]


@pytest.mark.parametrize("group", [GROUP_OFFICE, GROUP_LEADER, GROUP_PROVINCE, GROUP_AGENCY])
def test_a_role_group_without_a_profile_gives_no_role(world, group):
    user = make_user("khong-ho-so", group=group)
    assert role_of(fresh(user)) is None


@pytest.mark.parametrize("group", [GROUP_OFFICE, GROUP_LEADER, GROUP_PROVINCE])
def test_office_leader_or_province_account_whose_profile_has_no_unit_has_no_role(world, group):
    user = user_with_profile("khong-don-vi", group, unit=None, agency=None)
    assert role_of(user) is None
    assert (can_read_unit(user, world["a"].pk), can_edit_unit(user, world["a"].pk)) == (
        False,
        False,
    )


def test_agency_head_whose_profile_has_a_unit_but_no_agency_has_no_role(world):
    user = user_with_profile("khong-co-quan", GROUP_AGENCY, unit=world["a"], agency=None)
    assert role_of(user) is None


def test_profile_naming_an_agency_without_the_agency_head_group_gives_no_role(world):
    user = user_with_profile("khong-nhom", None, unit=world["a"], agency=world["office"])
    assert role_of(user) is None
    assert can_read_unit(user, world["a"].pk) is False
    assert readable(user, AdministrativeUnit.objects.all(), "pk").count() == 0


@pytest.mark.parametrize(
    ("groups", "role"),
    [
        ([GROUP_OFFICE, GROUP_LEADER], "office"),
        ([GROUP_LEADER, GROUP_PROVINCE], "leader"),
        ([GROUP_PROVINCE, GROUP_AGENCY], "province"),
        ([GROUP_AGENCY], "agency"),
    ],
)
def test_the_first_matching_role_wins_for_a_user_in_several_groups(world, groups, role):
    user = user_with_profile("nhieu-nhom", None, unit=world["a"], agency=world["office"])
    user.groups.set(Group.objects.filter(name__in=groups))
    assert role_of(fresh(user)) == role


def test_groups_are_read_once_per_user_object(world, django_assert_num_queries):
    user = fresh(world["staff"])
    with django_assert_num_queries(2):  # the groups, the profile
        assert [role_of(user), role_of(user), role_of(user)] == ["office"] * 3


def test_user_unit_and_agency_come_from_the_profile(world):
    head, staff = fresh(world["head"]), fresh(world["staff"])
    no_profile = fresh(make_user("khong-ho-so"))
    assert (user_unit_id(head), user_agency(head)) == (world["a"].pk, world["office"])
    assert (user_unit_id(staff), user_agency(staff)) == (world["a"].pk, None)
    assert (user_unit_id(no_profile), user_agency(no_profile)) == (None, None)


# --------------------------------------------------------------------------- reading units

UNITS = ["province", "other_province", "a", "b", "c"]


@pytest.mark.parametrize(
    ("user", "readable_units"),
    [
        ("superuser", {"province", "other_province", "a", "b", "c"}),
        ("staff", {"a"}),
        ("leader", {"a"}),
        ("province_staff", {"province", "a", "b"}),
        ("head", set()),
    ],
)
def test_can_read_unit_by_role(world, user, readable_units):
    reader = fresh(world[user])
    assert {name for name in UNITS if can_read_unit(reader, world[name].pk)} == readable_units


def test_province_staff_read_no_unit_when_given_none(world):
    assert can_read_unit(fresh(world["province_staff"]), None) is False


def test_a_units_province_is_read_once_per_user_object(world, django_assert_num_queries):
    user = fresh(world["province_staff"])
    role_of(user)  # groups and profile loaded
    with django_assert_num_queries(2):  # the parents of A and of C
        answers = [can_read_unit(user, world[name].pk) for name in ("a", "c", "a", "c")]
    assert answers == [True, False, True, False]


@pytest.mark.parametrize(
    ("user", "province", "expected"),
    [
        ("superuser", "other_province", True),
        ("province_staff", "province", True),
        ("province_staff", "other_province", False),
        ("staff", "a", False),  # the office's own unit is not a province dashboard
        ("leader", "a", False),
        ("head", "a", False),
    ],
)
def test_can_read_province(world, user, province, expected):
    assert can_read_province(fresh(world[user]), world[province].pk) is expected


@pytest.mark.parametrize(
    ("user", "units", "plans", "areas"),
    [
        ("staff", {"a"}, {"huyen-a-2022"}, {"huyen-a-2022"}),
        ("leader", {"a"}, {"huyen-a-2022"}, {"huyen-a-2022"}),
        ("province_staff", {"province", "a", "b"}, {"huyen-a-2022"}, {"huyen-a-2022"}),
        ("head", set(), set(), set()),
    ],
)
def test_readable_limits_each_path_to_the_units_of_the_role(world, user, units, plans, areas):
    reader = fresh(world[user])
    names = {world[name].pk: name for name in UNITS}
    unit_rows = readable(reader, AdministrativeUnit.objects.all(), "pk")
    plan_rows = readable(reader, Plan.objects.all())
    area_rows = readable(reader, PlanArea.objects.all(), "plan__unit")
    assert {names[pk] for pk in unit_rows.values_list("pk", flat=True)} == units
    assert set(plan_rows.values_list("slug", flat=True)) == plans
    assert set(area_rows.values_list("plan__slug", flat=True)) == areas
    in_subquery = AdministrativeUnit.objects.filter(pk__in=unit_ids_readable(reader))
    assert {names[pk] for pk in in_subquery.values_list("pk", flat=True)} == units


def test_superuser_has_no_scope_limit(world):
    root = fresh(world["superuser"])
    assert (unit_scope(root), unit_scope(root, "pk"), unit_ids_readable(root)) == (
        None,
        None,
        None,
    )
    assert readable(root, Plan.objects.order_by("slug")).count() == 2


def test_province_scope_of_a_province_with_no_district_is_the_province_alone(world):
    lone = UnitFactory(slug="tinh-le", name="Lẻ", unit_type=UnitType.PROVINCE, parent=None)
    user = fresh(make_user("le-sonoivu", group=GROUP_PROVINCE, unit=lone))
    rows = readable(user, AdministrativeUnit.objects.all(), "pk")
    assert list(rows.values_list("slug", flat=True)) == ["tinh-le"]


# --------------------------------------------------------------------------- editing


@pytest.mark.parametrize(
    ("user", "editable_units"),
    [
        ("superuser", {"province", "other_province", "a", "b", "c"}),
        ("staff", {"a"}),
        ("leader", set()),
        ("province_staff", set()),
        ("head", set()),
    ],
)
def test_can_edit_unit_by_role(world, user, editable_units):
    editor = fresh(world[user])
    assert {name for name in UNITS if can_edit_unit(editor, world[name].pk)} == editable_units


@pytest.mark.parametrize(
    ("user", "plan", "outcome"),
    [
        ("superuser", "plan_c", "plan"),
        ("staff", "plan_a", "plan"),
        ("staff", "plan_c", Http404),
        ("leader", "plan_a", PermissionDenied),
        ("leader", "plan_c", Http404),
        ("province_staff", "plan_a", PermissionDenied),
        ("province_staff", "plan_c", Http404),
        ("head", "plan_a", Http404),
    ],
)
def test_plan_for_editor(world, user, plan, outcome):
    editor = fresh(world[user])
    if outcome == "plan":
        assert plan_for_editor(editor, world[plan]) == world[plan]
    else:
        with pytest.raises(outcome):
            plan_for_editor(editor, world[plan])


@pytest.mark.parametrize(
    ("user", "plan", "answer"),
    [
        ("leader", "plan_a", "plan"),
        ("province_staff", "plan_a", "plan"),
        ("province_staff", "plan_c", "404"),
        ("head", "plan_a", "404"),
        ("superuser", None, "404"),
    ],
)
def test_plan_for_reader(world, user, plan, answer):
    reader, wanted = fresh(world[user]), world[plan] if plan else None
    try:
        got = "plan" if plan_for_reader(reader, wanted) == wanted else "other"
    except Http404:
        got = "404"
    assert got == answer


# --------------------------------------------------------------------------- admin permissions

OFFICE_PERMISSIONS = {
    f"{app}.{action}_{model}"
    for app, model in [
        ("plans", "agency"),
        ("plans", "plan"),
        ("plans", "planarea"),
        ("tasks", "task"),
        ("tasks", "taskassignment"),
        ("tasks", "progressreport"),
        ("indicators", "indicator"),
        ("indicators", "indicatoractual"),
    ]
    for action in ("add", "change", "delete", "view")
} | {"plans.view_administrativeunit", "plans.view_reformarea"}


def _codes(group):
    rows = group.permissions.values_list("content_type__app_label", "codename")
    return {f"{app}.{code}" for app, code in rows}


def test_ensure_groups_creates_the_four_roles_and_the_office_permissions(world):
    Group.objects.all().delete()
    ensure_groups()
    ensure_groups()  # run after every migrate: idempotent
    groups = {g.name: g for g in Group.objects.all()}
    assert sorted(groups) == sorted([GROUP_OFFICE, GROUP_LEADER, GROUP_AGENCY, GROUP_PROVINCE])
    assert _codes(groups[GROUP_OFFICE]) == OFFICE_PERMISSIONS
    assert [_codes(groups[name]) for name in (GROUP_LEADER, GROUP_AGENCY, GROUP_PROVINCE)] == [
        set(),
        set(),
        set(),
    ]


def test_ensure_groups_gives_back_a_removed_permission_and_drops_an_extra_one(world):
    office = Group.objects.get(name=GROUP_OFFICE)
    office.permissions.remove(Permission.objects.get(codename="delete_agency"))
    office.permissions.add(Permission.objects.get(codename="change_administrativeunit"))
    ensure_groups()
    assert _codes(office) == OFFICE_PERMISSIONS


def test_office_staff_change_their_agency_in_the_admin(world, client):
    client.force_login(world["staff"])
    url = reverse("admin:plans_agency_change", args=[world["office"].pk])
    data = admin_form_data(client.get(url), name="Phòng Nội vụ huyện A")
    assert client.post(url, data).status_code == 302
    assert Agency.objects.get(pk=world["office"].pk).name == "Phòng Nội vụ huyện A"


def test_office_staff_add_and_delete_an_agency_in_the_admin(world, client):
    client.force_login(world["staff"])
    add = reverse("admin:plans_agency_add")
    data = admin_form_data(
        client.get(add), name="Phòng Tư pháp", unit=str(world["a"].pk), kind="office"
    )
    assert client.post(add, data).status_code == 302
    added = Agency.objects.get(name="Phòng Tư pháp")
    assert added.unit == world["a"]
    delete = reverse("admin:plans_agency_delete", args=[added.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 302
    assert not Agency.objects.filter(pk=added.pk).exists()


def test_office_staff_only_view_units_in_the_admin(world, client):
    client.force_login(world["staff"])
    unit = world["a"]
    change = reverse("admin:plans_administrativeunit_change", args=[unit.pk])
    assert client.get(change).status_code == 200  # the view-only page
    posted = client.post(change, {"name": "Đổi tên", "unit_type": unit.unit_type, "slug": "x"})
    delete = client.post(
        reverse("admin:plans_administrativeunit_delete", args=[unit.pk]), {"post": "yes"}
    )
    add = client.post(
        reverse("admin:plans_administrativeunit_add"),
        {"name": "Mới", "unit_type": UnitType.DISTRICT, "slug": "huyen-moi"},
    )
    assert [posted.status_code, delete.status_code, add.status_code] == [403, 403, 403]
    assert AdministrativeUnit.objects.get(pk=unit.pk).name == "A"
    assert not AdministrativeUnit.objects.filter(slug="huyen-moi").exists()


def test_a_view_only_user_cannot_change_or_delete_an_agency_in_the_admin(world, client):
    viewer = make_user("chi-xem", unit=world["a"])
    viewer.is_staff = True
    viewer.save()
    viewer.groups.add(Group.objects.get(name=GROUP_OFFICE))
    viewer.user_permissions.add(Permission.objects.get(codename="view_agency"))
    office = Group.objects.get(name=GROUP_OFFICE)
    office.permissions.remove(*office.permissions.filter(content_type__model="agency"))
    client.force_login(viewer)
    agency = world["office"]
    change = reverse("admin:plans_agency_change", args=[agency.pk])
    assert client.get(change).status_code == 200
    posted = client.post(change, {"name": "Đổi tên", "kind": agency.kind, "unit": agency.unit_id})
    deleted = client.post(reverse("admin:plans_agency_delete", args=[agency.pk]), {"post": "yes"})
    assert [posted.status_code, deleted.status_code] == [403, 403]
    assert Agency.objects.get(pk=agency.pk).name == "Phòng Nội vụ"


def test_role_constants(world):
    assert access.READER_ROLES == ("superuser", "office", "leader", "province")
    assert [GROUP_OFFICE, GROUP_LEADER, GROUP_AGENCY, GROUP_PROVINCE] == [
        "Cán bộ Phòng Nội vụ",
        "Lãnh đạo UBND huyện",
        "Lãnh đạo cơ quan, đơn vị",
        "Sở Nội vụ tỉnh",
    ]


def test_unit_scope_follows_the_unit_field_by_default(world):
    staff = fresh(world["staff"])
    assert unit_scope(staff) == unit_scope(staff, "unit")
    assert str(unit_scope(staff)) == f"(AND: ('unit_id', {world['a'].pk}))"


def test_province_staff_read_no_unit_that_does_not_exist(world):
    missing = AdministrativeUnit.objects.order_by("-pk").first().pk + 1
    assert can_read_unit(fresh(world["province_staff"]), missing) is False


def test_ensure_groups_takes_permissions_of_the_project_apps_only(world):
    Permission.objects.create(
        codename="change_agency",
        name="Another app's model of the same name",
        content_type=ContentType.objects.get_for_model(Group),
    )
    ensure_groups()
    assert _codes(Group.objects.get(name=GROUP_OFFICE)) == OFFICE_PERMISSIONS
