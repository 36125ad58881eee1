"""Search that ignores diacritics and case (plans.search): the stored folded columns, kept on
save and in bulk writes, used by the admin's task and agency searches."""

import importlib

import pytest
from django.apps import apps as django_apps
from django.urls import reverse

from plans.models import Agency
from plans.search import fold, matching
from tasks.models import Task
from tests.factories import AgencyFactory, TaskAssignmentFactory, TaskFactory

pytestmark = pytest.mark.django_db


def test_fold_removes_diacritics_case_and_extra_spaces():
    assert fold("  TUYÊN   TRUYỀN  ") == "tuyen truyen"
    assert fold("Đẩy mạnh ĐIỆN tử") == "day manh dien tu"
    assert fold("Phòng Nội vụ") == "phong noi vu"
    assert fold(None) == ""


def test_saving_a_task_stores_its_folded_title_and_products():
    task = TaskFactory(title="Tuyên truyền về CCHC", products="Kế hoạch đã ban hành")

    task.refresh_from_db()
    assert task.search_text == "tuyen truyen ve cchc | ke hoach da ban hanh"


def test_saving_only_the_title_also_saves_its_folded_copy():
    task = TaskFactory(title="Cũ")
    task.title = "Đổi mới"

    task.save(update_fields=["title"])

    assert Task.objects.get(pk=task.pk).search_text == "doi moi"


def test_bulk_create_and_bulk_update_fill_the_folded_copy():
    template = TaskFactory(title="Mẫu")
    created = Task.objects.bulk_create(
        [Task(plan=template.plan, area=template.area, order=50, title="Rà soát thủ tục")]
    )
    assert Task.objects.get(pk=created[0].pk).search_text == "ra soat thu tuc"

    created[0].title = "Đánh giá"
    Task.objects.bulk_update(created, ["title"])

    assert Task.objects.get(pk=created[0].pk).search_text == "danh gia"


def test_agency_names_and_aliases_are_folded_on_save():
    agency = AgencyFactory(name="Phòng Nội vụ", short_name="PNV", aliases=["Phòng Nội Vụ huyện"])

    agency.refresh_from_db()
    assert agency.search_text == "phong noi vu | pnv | phong noi vu huyen"


@pytest.mark.parametrize("query", ["tuyen truyen", "TUYÊN TRUYỀN", "tuyên truyền", "Tuyen Truyền"])
def test_every_spelling_of_a_query_finds_the_same_tasks(query):
    wanted = TaskFactory(title="Tuyên truyền cải cách hành chính")
    TaskFactory(title="Tuyển dụng công chức")

    assert list(matching(Task.objects.all(), query, "search_text")) == [wanted]


def test_d_matches_d_with_stroke():
    wanted = TaskFactory(title="Đào tạo, bồi dưỡng")
    TaskFactory(title="Kiểm tra")

    assert list(matching(Task.objects.all(), "dao tao", "search_text")) == [wanted]


def test_every_word_of_a_query_must_occur():
    both = TaskFactory(title="Tuyên truyền về thủ tục")
    TaskFactory(title="Tuyên truyền")

    assert list(matching(Task.objects.all(), "truyen thu tuc", "search_text")) == [both]


def test_migrations_fill_the_folded_copy_of_existing_rows():
    task = TaskFactory(title="Số hóa hồ sơ")
    agency = AgencyFactory(name="Văn phòng HĐND và UBND")
    Task.objects.filter(pk=task.pk).update(search_text="")
    Agency.objects.filter(pk=agency.pk).update(search_text="")

    importlib.import_module("tasks.migrations.0010_search_text").fill(django_apps, None)
    importlib.import_module("plans.migrations.0008_search_text").fill(django_apps, None)

    assert Task.objects.get(pk=task.pk).search_text == "so hoa ho so"
    assert Agency.objects.get(pk=agency.pk).search_text == "van phong hdnd va ubnd"


@pytest.mark.parametrize("query", ["tuyen truyen", "TUYÊN TRUYỀN", "tuyên truyền"])
def test_admin_task_search_ignores_diacritics_and_case(admin_client, query):
    wanted = TaskFactory(title="Tuyên truyền cải cách hành chính")
    TaskFactory(title="Tuyển dụng", plan=wanted.plan, area=wanted.area)
    response = admin_client.get(
        reverse("admin:tasks_task_changelist"), {"q": query, "plan__id__exact": wanted.plan_id}
    )

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [wanted]


def test_admin_task_search_finds_tasks_by_agency_without_diacritics(admin_client):
    wanted = TaskFactory(title="Rà soát")
    other = TaskFactory(title="Kiểm tra", plan=wanted.plan, area=wanted.area)
    agency = AgencyFactory(unit=wanted.plan.unit, name="Phòng Tư pháp")
    TaskAssignmentFactory(task=wanted, agency=agency, role="lead")
    TaskAssignmentFactory(
        task=other, agency=AgencyFactory(unit=wanted.plan.unit, name="Phòng Y tế"), role="lead"
    )
    response = admin_client.get(
        reverse("admin:tasks_task_changelist"), {"q": "tu phap", "plan__id__exact": wanted.plan_id}
    )

    assert list(response.context["cl"].result_list) == [wanted]


def test_admin_agency_search_ignores_diacritics_and_case(admin_client):
    wanted = AgencyFactory(name="Phòng Giáo dục và Đào tạo")
    AgencyFactory(unit=wanted.unit, name="Phòng Tài chính")
    response = admin_client.get(
        reverse("admin:plans_agency_changelist"),
        {"q": "GIAO DUC VA DAO", "unit__id__exact": wanted.unit_id},
    )

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [wanted]
