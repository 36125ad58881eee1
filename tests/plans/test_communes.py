"""The commune-level People's Committees (UBND xã, thị trấn) of the five seed districts.

Each fixture lists the communes and townships of its district as they were in the plan's year
(the official list of administrative units, cited in the plan's notes); the district's collective
group "UBND các xã, thị trấn" (in Sơn Tây "UBND các xã") covers exactly them, and a commune head
account made by `create_demo_users` reports on a task that group leads.
"""

import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from plans.models import Agency, AgencyKind, Plan
from plans.periods import Period
from tasks.models import AssignmentRole, ProgressReport, ReviewState, Task
from tasks.progress.selectors import portal_rows
from tasks.progress.services import report_save
from tasks.selectors import agency_groups
from tests.tasks.seed import load_seed_plan

pytestmark = pytest.mark.django_db

THANH_OAI = [
    "UBND thị trấn Kim Bài",
    "UBND xã Bình Minh",
    "UBND xã Bích Hòa",
    "UBND xã Cao Dương",
    "UBND xã Cao Viên",
    "UBND xã Cự Khê",
    "UBND xã Dân Hòa",
    "UBND xã Hồng Dương",
    "UBND xã Kim An",
    "UBND xã Kim Thư",
    "UBND xã Liên Châu",
    "UBND xã Mỹ Hưng",
    "UBND xã Phương Trung",
    "UBND xã Tam Hưng",
    "UBND xã Thanh Cao",
    "UBND xã Thanh Mai",
    "UBND xã Thanh Thùy",
    "UBND xã Thanh Văn",
    "UBND xã Tân Ước",
    "UBND xã Xuân Dương",
    "UBND xã Đỗ Động",
]
CAT_HAI = [
    "UBND thị trấn Cát Bà",
    "UBND thị trấn Cát Hải",
    "UBND xã Gia Luận",
    "UBND xã Hiền Hào",
    "UBND xã Hoàng Châu",
    "UBND xã Nghĩa Lộ",
    "UBND xã Phù Long",
    "UBND xã Trân Châu",
    "UBND xã Việt Hải",
    "UBND xã Văn Phong",
    "UBND xã Xuân Đám",
    "UBND xã Đồng Bài",
]
SON_TAY = [
    "UBND xã Sơn Bua",
    "UBND xã Sơn Dung",
    "UBND xã Sơn Liên",
    "UBND xã Sơn Long",
    "UBND xã Sơn Lập",
    "UBND xã Sơn Màu",
    "UBND xã Sơn Mùa",
    "UBND xã Sơn Tinh",
    "UBND xã Sơn Tân",
]
THANG_BINH = [
    "UBND thị trấn Hà Lam",
    "UBND xã Bình An",
    "UBND xã Bình Chánh",
    "UBND xã Bình Dương",
    "UBND xã Bình Giang",
    "UBND xã Bình Hải",
    "UBND xã Bình Lãnh",
    "UBND xã Bình Minh",
    "UBND xã Bình Nam",
    "UBND xã Bình Nguyên",
    "UBND xã Bình Phú",
    "UBND xã Bình Phục",
    "UBND xã Bình Quý",
    "UBND xã Bình Quế",
    "UBND xã Bình Sa",
    "UBND xã Bình Triều",
    "UBND xã Bình Trung",
    "UBND xã Bình Trị",
    "UBND xã Bình Tú",
    "UBND xã Bình Đào",
    "UBND xã Bình Định Bắc",
    "UBND xã Bình Định Nam",
]
TUY_PHUOC = [
    "UBND thị trấn Diêu Trì",
    "UBND thị trấn Tuy Phước",
    "UBND xã Phước An",
    "UBND xã Phước Hiệp",
    "UBND xã Phước Hòa",
    "UBND xã Phước Hưng",
    "UBND xã Phước Lộc",
    "UBND xã Phước Nghĩa",
    "UBND xã Phước Quang",
    "UBND xã Phước Sơn",
    "UBND xã Phước Thuận",
    "UBND xã Phước Thành",
    "UBND xã Phước Thắng",
]

# plan slug -> (district slug, commune group's name, its communes in code-point order:
# "Bình" sorts before "Bích", "Đ" after "X")
DISTRICTS = {
    "thanh-oai-2022": ("thanh-oai", "UBND các xã, thị trấn", THANH_OAI),
    "cat-hai-2023": ("cat-hai", "UBND các xã, thị trấn", CAT_HAI),
    "son-tay-2020": ("son-tay", "UBND các xã", SON_TAY),
    "thang-binh-2022": ("thang-binh", "UBND các xã, thị trấn", THANG_BINH),
    "tuy-phuoc-2023-2025": ("tuy-phuoc", "UBND các xã, thị trấn", TUY_PHUOC),
}

# plan slug -> (communes, townships, the notes' count sentence)
COUNTS = {
    "thanh-oai-2022": (20, 1, "21 đơn vị: thị trấn Kim Bài và 20 xã"),
    "cat-hai-2023": (10, 2, "12 đơn vị: thị trấn Cát Bà, thị trấn Cát Hải và 10 xã"),
    "son-tay-2020": (9, 0, "9 xã, huyện không có thị trấn"),
    "thang-binh-2022": (21, 1, "22 đơn vị: thị trấn Hà Lam và 21 xã"),
    "tuy-phuoc-2023-2025": (11, 2, "13 đơn vị: thị trấn Tuy Phước, thị trấn Diêu Trì và 11 xã"),
}


def _communes(district_slug: str) -> list[Agency]:
    return list(
        Agency.objects.filter(unit__slug=district_slug, kind=AgencyKind.COMMUNE).order_by("pk")
    )


@pytest.mark.parametrize("slug", list(DISTRICTS))
def test_each_district_loads_exactly_its_communes_of_the_plan_year(slug):
    load_seed_plan(slug)
    district_slug, _, expected = DISTRICTS[slug]

    names = sorted(a.name for a in _communes(district_slug))

    assert names == expected


@pytest.mark.parametrize("slug", list(COUNTS))
def test_commune_and_township_counts_per_district(slug):
    load_seed_plan(slug)
    district_slug = DISTRICTS[slug][0]
    communes = _communes(district_slug)

    counts = (
        sum(a.name.startswith("UBND xã ") for a in communes),
        sum(a.name.startswith("UBND thị trấn ") for a in communes),
    )

    assert counts == COUNTS[slug][:2]
    assert len(communes) == sum(COUNTS[slug][:2])


def test_commune_count_of_all_five_districts_loaded_together(loaded_plans):
    counts = {
        district: Agency.objects.filter(unit__slug=district, kind="commune").count()
        for district, _, _ in DISTRICTS.values()
    }

    assert counts == {
        "thanh-oai": 21,
        "cat-hai": 12,
        "son-tay": 9,
        "thang-binh": 22,
        "tuy-phuoc": 13,
    }


@pytest.mark.parametrize(
    ("slug", "name", "short_name"),
    [
        ("thanh-oai-2022", "UBND thị trấn Kim Bài", "TT Kim Bài"),
        ("thanh-oai-2022", "UBND xã Cao Viên", "xã Cao Viên"),
        ("thanh-oai-2022", "UBND xã Thanh Cao", "xã Thanh Cao"),
        ("cat-hai-2023", "UBND thị trấn Cát Bà", "TT Cát Bà"),
        ("cat-hai-2023", "UBND xã Xuân Đám", "xã Xuân Đám"),
        ("son-tay-2020", "UBND xã Sơn Dung", "xã Sơn Dung"),
        ("son-tay-2020", "UBND xã Sơn Màu", "xã Sơn Màu"),
        ("thang-binh-2022", "UBND thị trấn Hà Lam", "TT Hà Lam"),
        ("thang-binh-2022", "UBND xã Bình Định Bắc", "xã Bình Định Bắc"),
        ("tuy-phuoc-2023-2025", "UBND thị trấn Diêu Trì", "TT Diêu Trì"),
        ("tuy-phuoc-2023-2025", "UBND xã Phước Thuận", "xã Phước Thuận"),
    ],
)
def test_named_commune_is_a_commune_agency_with_short_name(slug, name, short_name):
    load_seed_plan(slug)
    agency = Agency.objects.get(unit__slug=DISTRICTS[slug][0], name=name)

    assert (agency.kind, agency.short_name, agency.includes, agency.aliases) == (
        AgencyKind.COMMUNE,
        short_name,
        [],
        [],
    )


@pytest.mark.parametrize("slug", list(DISTRICTS))
def test_commune_group_covers_exactly_the_communes_of_the_district(slug):
    load_seed_plan(slug)
    district_slug, group_name, expected = DISTRICTS[slug]
    group = Agency.objects.get(unit__slug=district_slug, name=group_name)

    members = sorted(
        a.name for a in Agency.objects.filter(unit__slug=district_slug) if group in agency_groups(a)
    )

    assert (group.kind, group.includes) == (AgencyKind.GROUP, [AgencyKind.COMMUNE])
    assert members == expected


def test_commune_group_of_one_district_does_not_cover_communes_of_another(loaded_plans):
    commune = Agency.objects.get(unit__slug="cat-hai", name="UBND xã Xuân Đám")

    groups = {g.name for g in agency_groups(commune)}

    assert groups == {"UBND các xã, thị trấn", "Các cơ quan, đơn vị, địa phương"}
    assert {g.unit.slug for g in agency_groups(commune)} == {"cat-hai"}


@pytest.mark.parametrize("slug", list(COUNTS))
def test_plan_notes_cite_the_official_list_and_its_count(slug):
    load_seed_plan(slug)
    notes = Plan.objects.get(slug=slug).notes

    assert "Danh mục đơn vị hành chính Việt Nam" in notes
    assert "Quyết định số 124/2004/QĐ-TTg ngày 08/7/2004" in notes
    assert COUNTS[slug][2] in notes


def test_son_tay_notes_cite_the_decree_that_last_changed_its_communes():
    load_seed_plan("son-tay-2020")

    assert "Nghị định số 10/NĐ-CP ngày 23/12/2008" in Plan.objects.get(slug="son-tay-2020").notes


def test_load_plans_twice_keeps_the_commune_rows():
    load_seed_plan("thanh-oai-2022")
    before = list(Agency.objects.filter(kind=AgencyKind.COMMUNE).values_list("pk", "name"))

    call_command("load_plans", "thanh-oai-2022", stdout=io.StringIO())

    assert list(Agency.objects.filter(kind=AgencyKind.COMMUNE).values_list("pk", "name")) == before
    assert len(before) == 21


# --- demo accounts of commune heads ------------------------------------------------------------


@pytest.fixture
def thanh_oai_with_demo_users(settings):
    plan = load_seed_plan("thanh-oai-2022")
    settings.DEBUG = True
    out = io.StringIO()
    call_command("create_demo_users", "--password", "demo-Pass-1", stdout=out)
    return plan, out.getvalue()


def test_create_demo_users_gives_every_commune_one_head(thanh_oai_with_demo_users):
    users = get_user_model().objects.filter(profile__agency__kind=AgencyKind.COMMUNE)

    heads = sorted(users.values_list("username", "profile__agency__name", "groups__name"))

    assert len(heads) == 21
    assert heads[:3] == [
        ("thanh-oai-ubnd-thi-tran-kim-bai", "UBND thị trấn Kim Bài", "Lãnh đạo cơ quan, đơn vị"),
        ("thanh-oai-ubnd-xa-bich-hoa", "UBND xã Bích Hòa", "Lãnh đạo cơ quan, đơn vị"),
        ("thanh-oai-ubnd-xa-binh-minh", "UBND xã Bình Minh", "Lãnh đạo cơ quan, đơn vị"),
    ]
    assert ("thanh-oai-ubnd-xa-do-dong", "UBND xã Đỗ Động", "Lãnh đạo cơ quan, đơn vị") in heads
    assert all(username.isascii() for username, _, _ in heads)


def test_create_demo_users_table_lists_communes_apart_per_district(thanh_oai_with_demo_users):
    _, output = thanh_oai_with_demo_users
    lines = output.splitlines()

    assert lines[2] == "Huyện Thanh Oai (thành phố Hà Nội)"
    assert lines[3] == "  Phòng Nội vụ, lãnh đạo huyện và các cơ quan (9 tài khoản)"
    assert lines[13] == "  UBND các xã, thị trấn (21 tài khoản)"
    assert lines[14].split() == [
        "thanh-oai-ubnd-thi-tran-kim-bai",
        "Lãnh",
        "đạo",
        "cơ",
        "quan,",
        "đơn",
        "vị",
        "UBND",
        "thị",
        "trấn",
        "Kim",
        "Bài",
    ]
    assert lines[-1] == "Tổng cộng 31 tài khoản, trong đó 21 tài khoản UBND xã, thị trấn."


def test_create_demo_users_twice_keeps_one_account_per_commune(thanh_oai_with_demo_users):
    call_command("create_demo_users", "--password", "demo-Pass-1", stdout=io.StringIO())

    assert get_user_model().objects.filter(profile__agency__kind=AgencyKind.COMMUNE).count() == 21
    assert get_user_model().objects.count() == 31


def test_commune_head_saves_and_submits_report_on_task_led_by_commune_group(
    thanh_oai_with_demo_users,
):
    plan, _ = thanh_oai_with_demo_users
    head = get_user_model().objects.get(username="thanh-oai-ubnd-xa-cao-vien")
    commune = head.profile.agency
    task = Task.objects.get(plan=plan, area__numeral="I", code="14", parent__isnull=True)
    q1 = Period(2022, 1)
    values = {
        "status": "in_progress",
        "percent": 30,
        "completion_date": None,
        "result": "Đã xây dựng dự thảo kế hoạch của UBND xã",
        "product_issued": "",
        "difficulties": "",
        "proposals": "",
    }

    draft = report_save(
        user=head,
        task=task,
        period=q1,
        values=values,
        submit=False,
        expected_version=None,
        today=datetime.date(2022, 3, 5),
    )
    sent = report_save(
        user=head,
        task=task,
        period=q1,
        values=values,
        submit=True,
        expected_version=draft.version,
        today=datetime.date(2022, 3, 5),
    )

    assert list(task.assignments.order_by("order").values_list("role", "agency__name")) == [
        (AssignmentRole.LEAD, "UBND các xã, thị trấn"),
        (AssignmentRole.PARTNER, "Phòng Nội vụ"),
    ]
    assert (draft.review_state, draft.version) == (ReviewState.DRAFT, 1)
    assert (sent.pk, sent.agency, sent.review_state, sent.version, sent.submitted_by) == (
        draft.pk,
        commune,
        ReviewState.SUBMITTED,
        2,
        head,
    )
    assert ProgressReport.objects.filter(task=task).count() == 1


def test_commune_head_portal_shows_group_task_through_commune_group(thanh_oai_with_demo_users):
    plan, _ = thanh_oai_with_demo_users
    commune = (
        get_user_model().objects.get(username="thanh-oai-ubnd-thi-tran-kim-bai").profile.agency
    )

    rows = portal_rows(commune, plan=plan, period=Period(2022, 1), today=datetime.date(2022, 3, 5))
    i14 = next(r for r in rows if r.task.area.numeral == "I" and r.task.code == "14")

    assert (i14.role, i14.via.name) == (AssignmentRole.LEAD, "UBND các xã, thị trấn")
