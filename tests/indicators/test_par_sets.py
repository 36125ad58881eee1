"""PAR Index criteria sets: publish (and its refusals), new version, a published set's
immutability (service, admin), the set page (query count, who sees what) and its writes."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.urls import reverse

from indicators.par.models import (
    PUBLISHED_SET_MESSAGE,
    CriteriaSet,
    Criterion,
    SetStatus,
)
from indicators.par.sets import new_version, publish_set, relink_parents, update_set
from plans.access import GROUP_OFFICE, GROUP_PROVINCE
from plans.models import ReformArea
from plans.units import UnitType
from tests.factories import ProvinceFactory, UnitFactory, make_user

# code, title, level, max, rule, extra fields: a publishable commune-level set (20 points).
CRITERIA = [
    ("1", "Công tác chỉ đạo, điều hành", "area", "10", "sum", {"reform_area": "chi-dao-dieu-hanh"}),
    ("1.1", "Ban hành kế hoạch CCHC năm", "criterion", "4", "yes_no", {}),
    ("1.2", "Thực hiện kế hoạch", "criterion", "6", "sum", {}),
    ("1.2.1", "Mức độ hoàn thành kế hoạch", "sub", "3", "steps", {"steps": "3; 1,5; 0"}),
    ("1.2.2", "Báo cáo đúng hạn", "sub", "3", "deduction", {"deduction": Decimal("0.5")}),
    ("2", "Cải cách thủ tục hành chính", "area", "10", "sum", {}),
    ("2.1", "Tỷ lệ hồ sơ giải quyết đúng hạn", "criterion", "5", "percent", {"target": "100%"}),
    ("2.2", "Mức độ hài lòng của người dân", "criterion", "5", "survey", {}),
]


def make_set(province, *, criteria=CRITERIA, status=SetStatus.DRAFT, year=2026, **fields):
    """A set of `province` with `criteria` (parents from the codes), then published if asked."""
    values = {"title": "Bộ tiêu chí Chỉ số CCHC cấp xã năm 2026", "level": "commune"}
    criteria_set = CriteriaSet.objects.create(province=province, year=year, **{**values, **fields})
    saved = {}
    for order, (code, title, level, maximum, rule, extra) in enumerate(criteria, start=1):
        extra = dict(extra)
        if "reform_area" in extra:
            extra["reform_area"] = ReformArea.objects.get(code=extra["reform_area"])
        saved[code] = Criterion.objects.create(
            criteria_set=criteria_set,
            parent=saved.get(code.rsplit(".", 1)[0]) if "." in code else None,
            code=code,
            title=title,
            level=level,
            order=order,
            max_score=Decimal(maximum) if maximum else None,
            rule=rule,
            **extra,
        )
    if status == SetStatus.PUBLISHED:
        publish_set(criteria_set)
    return criteria_set


def many_criteria(areas: int) -> list:
    """`areas` areas of two yes/no criteria each (a set of any size)."""
    rows = []
    for a in range(1, areas + 1):
        rows.append((str(a), f"Lĩnh vực {a}", "area", "2", "sum", {}))
        rows += [(f"{a}.{c}", f"Tiêu chí {a}.{c}", "criterion", "1", "yes_no", {}) for c in (1, 2)]
    return rows


def make_place() -> dict:
    """A province with its Home Affairs staff, another province's, a commune's Interior Office
    staff (a reader of the province's published sets) and a superuser."""
    province = ProvinceFactory()
    other = ProvinceFactory(slug="tinh-khac", name="Khác")
    commune = UnitFactory(slug="xa-mau", name="Mẫu Một", unit_type=UnitType.COMMUNE)
    superuser = make_user("sieu-quan-tri")
    superuser.is_superuser = superuser.is_staff = True
    superuser.save()
    return {
        "province": province,
        "other": other,
        "staff": make_user("so-noi-vu", group=GROUP_PROVINCE, unit=province),
        "outsider": make_user("so-noi-vu-khac", group=GROUP_PROVINCE, unit=other),
        "reader": make_user("xa-noi-vu", group=GROUP_OFFICE, unit=commune),
        "superuser": superuser,
    }


@pytest.fixture
def place(db):
    return make_place()


# --------------------------------------------------------------------------- publish


def test_publish_sets_status_and_time(place):
    criteria_set = make_set(place["province"])

    publish_set(criteria_set, place["staff"])

    criteria_set.refresh_from_db()
    assert criteria_set.status == SetStatus.PUBLISHED
    assert criteria_set.published_at is not None


def test_publish_refuses_listing_every_problem_with_its_code(place):
    rows = [
        ("1", "Lĩnh vực một", "area", "9", "sum", {}),  # children sum to 8
        ("1.1", "Có điểm", "criterion", "4", "yes_no", {}),
        ("1.2", "Theo mức", "criterion", "4", "steps", {"steps": "3; 0"}),
        ("1.3", "Chưa có điểm", "criterion", "", "yes_no", {}),
        ("1.4", "Trừ điểm", "criterion", "2", "deduction", {}),
        ("2", "Lĩnh vực không có con", "area", "", "sum", {}),
    ]
    criteria_set = make_set(place["province"], criteria=rows, grade_bands="Tốt 80")
    area = criteria_set.criteria.get(code="2")
    Criterion.objects.filter(pk=criteria_set.criteria.get(code="1.4").pk).update(parent=area)

    with pytest.raises(ValidationError) as caught:
        publish_set(criteria_set, place["staff"])

    assert caught.value.messages == [
        "Xếp loại: Mức xếp loại “Tốt 80” phải có dạng “Tên: tỷ lệ tối thiểu”.",
        "Tiêu chí 1.2: các mức điểm phải từ 0 đến điểm tối đa 4, mức cao nhất bằng điểm tối đa.",
        "Tiêu chí 1.3: chưa có điểm tối đa (cần bổ sung).",
        "Tiêu chí 1.4 thuộc 2 nhưng số thứ tự không bắt đầu bằng “2.”.",
        "Tiêu chí 1.4: chấm trừ điểm cần có số điểm trừ mỗi lần.",
    ]
    criteria_set.refresh_from_db()
    assert criteria_set.status == SetStatus.DRAFT


def test_publish_refuses_wrong_sums_areas_under_a_row_and_an_empty_set(place):
    rows = [
        ("1", "Lĩnh vực", "area", "5", "sum", {}),
        ("1.1", "Tiêu chí", "criterion", "3", "yes_no", {}),
        ("1.1.1", "Con của một tiêu chí chấm đạt", "area", "3", "yes_no", {}),
    ]
    criteria_set = make_set(place["province"], criteria=rows)

    with pytest.raises(ValidationError) as caught:
        publish_set(criteria_set)

    assert caught.value.messages == [
        "Tiêu chí 1: điểm tối đa 5 khác tổng điểm tối đa của các tiêu chí con (3).",
        "Tiêu chí 1.1 có tiêu chí con nên phải tính bằng tổng các tiêu chí con.",
        "Lĩnh vực 1.1.1 không được thuộc dòng 1.1.",
    ]
    empty = make_set(place["province"], criteria=[], level="district")
    with pytest.raises(ValidationError) as caught:
        publish_set(empty)
    assert caught.value.messages == ["Bộ tiêu chí chưa có tiêu chí nào để chấm điểm."]


def test_published_set_cannot_be_published_again_or_changed_by_the_services(place):
    criteria_set = make_set(place["province"], status=SetStatus.PUBLISHED)
    published_at = criteria_set.published_at
    stale_copy = CriteriaSet.objects.get(pk=criteria_set.pk)
    stale_copy.status = SetStatus.DRAFT  # a caller's outdated copy does not decide

    for write in (
        lambda: publish_set(stale_copy),
        lambda: update_set(stale_copy, title="Đổi tên"),
        lambda: relink_parents(stale_copy),
    ):
        with pytest.raises(ValidationError) as caught:
            write()
        assert caught.value.messages == [PUBLISHED_SET_MESSAGE]
    criteria_set.refresh_from_db()
    assert (criteria_set.title, criteria_set.published_at) == (
        "Bộ tiêu chí Chỉ số CCHC cấp xã năm 2026",
        published_at,
    )


def test_update_set_changes_a_draft_header(place):
    criteria_set = make_set(place["province"])

    update_set(criteria_set, place["staff"], source="Quyết định số 12/QĐ-UBND")

    criteria_set.refresh_from_db()
    assert criteria_set.source == "Quyết định số 12/QĐ-UBND"


def test_services_refuse_a_user_of_another_province(place):
    from django.core.exceptions import PermissionDenied

    criteria_set = make_set(place["province"])
    with pytest.raises(PermissionDenied):
        publish_set(criteria_set, place["outsider"])
    criteria_set.refresh_from_db()
    assert criteria_set.status == SetStatus.DRAFT


# --------------------------------------------------------------------------- new version


TREE_FIELDS = ["code", "title", "level", "max_score", "rule", "steps", "deduction", "target"]


def _tree(criteria_set):
    rows = criteria_set.criteria.select_related("parent").order_by("order")
    return [
        [getattr(c, f) for f in TREE_FIELDS] + [c.parent and c.parent.code, c.reform_area_id]
        for c in rows
    ]


def test_new_version_copies_every_criterion_with_parents_remapped(place):
    published = make_set(place["province"], status=SetStatus.PUBLISHED, source="QĐ 1")

    copy = new_version(published, place["staff"])

    assert (copy.version, copy.status, copy.source, copy.year, copy.level) == (
        2,
        SetStatus.DRAFT,
        "QĐ 1",
        2026,
        "commune",
    )
    assert _tree(copy) == _tree(published)
    parents = set(copy.criteria.exclude(parent=None).values_list("parent__criteria_set", flat=True))
    assert parents == {copy.pk}
    assert published.criteria.count() == 8


def test_new_version_is_numbered_after_the_highest_version(place):
    first = make_set(place["province"], status=SetStatus.PUBLISHED)
    second = new_version(first)
    publish_set(second)

    third = new_version(first)

    assert third.version == 3


def test_new_version_is_refused_while_the_newest_version_is_a_draft(place):
    published = make_set(place["province"], status=SetStatus.PUBLISHED)
    new_version(published)

    with pytest.raises(ValidationError) as caught:
        new_version(published)

    assert caught.value.messages == [
        "Phiên bản 2 của bộ tiêu chí này đang soạn (dự thảo): hãy sửa hoặc nhập tệp vào phiên "
        "bản đó thay vì tạo phiên bản mới."
    ]
    assert CriteriaSet.objects.count() == 2


# --------------------------------------------------------------------------- set page


def test_set_page_runs_a_fixed_number_of_queries(place, client, django_assert_max_num_queries):
    client.force_login(place["staff"])
    small = make_set(place["province"], criteria=many_criteria(2))
    large = make_set(place["province"], criteria=many_criteria(40), level="district")
    client.get(reverse("par-set", args=[small.pk]))  # session, groups: warm

    with django_assert_max_num_queries(9):
        small_page = client.get(reverse("par-set", args=[small.pk]))
    with django_assert_max_num_queries(9):
        large_page = client.get(reverse("par-set", args=[large.pk]))

    assert small_page.content.decode().count('data-label="STT"') == 6
    assert large_page.content.decode().count('data-label="STT"') == 120


def test_set_page_highlights_missing_maxima_and_lists_problems_for_managers(place, client):
    rows = [*CRITERIA[:7], ("2.2", "Mức độ hài lòng", "criterion", "", "survey", {})]
    criteria_set = make_set(place["province"], criteria=rows)
    client.force_login(place["staff"])

    page = client.get(reverse("par-set", args=[criteria_set.pk])).content.decode()

    assert "<mark>1 tiêu chí chưa có điểm tối đa (cần bổ sung).</mark>" in page
    assert "<mark>cần bổ sung</mark>" in page
    assert "Chưa ban hành được: 1 vấn đề cần sửa." in page
    assert "Tiêu chí 2.2: chưa có điểm tối đa (cần bổ sung)." in page
    assert reverse("par-set-publish", args=[criteria_set.pk]) in page


def test_reader_sees_the_published_table_without_actions(place, client):
    criteria_set = make_set(place["province"], status=SetStatus.PUBLISHED)
    client.force_login(place["reader"])

    response = client.get(reverse("par-set", args=[criteria_set.pk]))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Mức độ hài lòng của người dân" in page
    assert reverse("par-set-publish", args=[criteria_set.pk]) not in page
    assert reverse("par-set-new-version", args=[criteria_set.pk]) not in page
    assert "par/sets/import/" not in page


def test_reader_writes_answer_403_and_outsiders_404(place, client):
    published = make_set(place["province"], status=SetStatus.PUBLISHED)
    draft = make_set(place["province"], level="district")

    client.force_login(place["reader"])
    assert client.post(reverse("par-set-publish", args=[published.pk])).status_code == 403
    assert client.post(reverse("par-set-new-version", args=[published.pk])).status_code == 403
    assert client.get(reverse("par-set-import")).status_code == 403
    assert client.get(reverse("par-set", args=[draft.pk])).status_code == 404
    assert client.post(reverse("par-set-publish", args=[draft.pk])).status_code == 404

    client.force_login(place["outsider"])
    for name in ("par-set", "par-set-export"):
        assert client.get(reverse(name, args=[published.pk])).status_code == 404
    for name in ("par-set-publish", "par-set-new-version"):
        assert client.post(reverse(name, args=[draft.pk])).status_code == 404
    assert client.get(reverse("par-set-import") + f"?set={draft.pk}").status_code == 404
    draft.refresh_from_db()
    assert draft.status == SetStatus.DRAFT
    assert CriteriaSet.objects.count() == 2


def test_publish_and_new_version_buttons(place, client):
    criteria_set = make_set(place["province"])
    client.force_login(place["staff"])

    response = client.post(reverse("par-set-publish", args=[criteria_set.pk]))

    assert response.url == reverse("par-set", args=[criteria_set.pk])
    criteria_set.refresh_from_db()
    assert criteria_set.status == SetStatus.PUBLISHED
    response = client.post(reverse("par-set-new-version", args=[criteria_set.pk]))
    copy = CriteriaSet.objects.get(version=2)
    assert response.url == reverse("par-set", args=[copy.pk])
    assert copy.criteria.count() == 8


def test_publish_button_shows_every_problem(place, client):
    rows = [
        ("1", "Lĩnh vực", "area", "", "sum", {}),
        ("1.1", "Chưa có điểm", "criterion", "", "yes_no", {}),
    ]
    criteria_set = make_set(place["province"], criteria=rows)
    client.force_login(place["staff"])

    response = client.post(reverse("par-set-publish", args=[criteria_set.pk]), follow=True)

    shown = [str(m) for m in response.context["messages"]]
    assert shown == [
        f"Chưa ban hành được {criteria_set}: 1 vấn đề.",
        "Tiêu chí 1.1: chưa có điểm tối đa (cần bổ sung).",
    ]


# --------------------------------------------------------------------------- admin


def _admin_change(client, criteria_set):
    return reverse("admin:indicators_criteriaset_change", args=[criteria_set.pk])


def test_admin_shows_a_published_set_read_only_and_refuses_its_change_and_delete(place, client):
    criteria_set = make_set(place["province"], status=SetStatus.PUBLISHED)
    client.force_login(place["superuser"])

    page = client.get(_admin_change(client, criteria_set))
    posted = client.post(_admin_change(client, criteria_set), {"title": "Đổi tên"})
    deleted = client.post(
        reverse("admin:indicators_criteriaset_delete", args=[criteria_set.pk]), {"post": "yes"}
    )

    assert page.status_code == 200
    assert page.context["has_change_permission"] is False
    assert 'name="title"' not in page.content.decode()
    assert posted.status_code == 403
    assert deleted.status_code == 403
    criteria_set.refresh_from_db()
    assert criteria_set.title == "Bộ tiêu chí Chỉ số CCHC cấp xã năm 2026"
    assert criteria_set.criteria.count() == 8


def test_admin_edits_a_draft_and_derives_parents_from_codes(place, client):
    rows = [
        ("1", "Lĩnh vực", "area", "1", "sum", {}),
        ("2.1", "Lạc", "criterion", "1", "yes_no", {}),
    ]
    criteria_set = make_set(place["province"], criteria=rows)
    lost = criteria_set.criteria.get(code="2.1")
    area = criteria_set.criteria.get(code="1")
    client.force_login(place["superuser"])
    data = {
        "title": "Tên mới",
        "source": "",
        "grade_bands": "Tốt: 80; Yếu: 0",
        "note": "",
        "criteria-TOTAL_FORMS": "2",
        "criteria-INITIAL_FORMS": "2",
        "criteria-MIN_NUM_FORMS": "0",
        "criteria-MAX_NUM_FORMS": "1000",
    }
    for index, (criterion, code) in enumerate([(area, "1"), (lost, "1.1")]):
        data.update(
            {
                f"criteria-{index}-id": criterion.pk,
                f"criteria-{index}-criteria_set": criteria_set.pk,
                f"criteria-{index}-order": index + 1,
                f"criteria-{index}-code": code,
                f"criteria-{index}-title": criterion.title,
                f"criteria-{index}-level": criterion.level,
                f"criteria-{index}-max_score": "1",
                f"criteria-{index}-rule": criterion.rule,
            }
        )

    response = client.post(_admin_change(client, criteria_set), data)

    assert response.status_code == 302, response.context["errors"] if response.context else ""
    criteria_set.refresh_from_db()
    lost.refresh_from_db()
    assert criteria_set.title == "Tên mới"
    assert (lost.code, lost.parent_id) == ("1.1", area.pk)


def test_admin_lists_only_the_province_staff_own_sets(place, client):
    mine = make_set(place["province"])
    theirs = make_set(place["other"])
    staff = place["staff"]
    staff.is_staff = True
    staff.save()
    staff.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_criteriaset", "change_criteriaset"])
    )
    client.force_login(staff)

    listing = client.get(reverse("admin:indicators_criteriaset_changelist"))

    assert list(listing.context["cl"].queryset) == [mine]
    assert client.get(_admin_change(client, theirs)).status_code == 302  # "does not exist"


def test_admin_adds_a_set_numbered_after_the_last_version(place, client):
    make_set(place["province"], status=SetStatus.PUBLISHED)
    client.force_login(place["superuser"])
    url = reverse("admin:indicators_criteriaset_add")
    management = {
        "criteria-TOTAL_FORMS": "0",
        "criteria-INITIAL_FORMS": "0",
        "criteria-MIN_NUM_FORMS": "0",
        "criteria-MAX_NUM_FORMS": "1000",
    }

    page = client.get(url)
    response = client.post(
        url,
        {
            "province": place["province"].pk,
            "year": "2026",
            "level": "commune",
            "title": "Bộ sửa đổi",
            **management,
        },
    )

    assert page.status_code == 200
    assert response.status_code == 302
    added = CriteriaSet.objects.get(title="Bộ sửa đổi")
    assert (added.version, added.status) == (2, SetStatus.DRAFT)
