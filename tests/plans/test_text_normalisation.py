"""Look-alike names and codes (zero-width characters, decomposed accents, odd spaces) are
normalised before validation and uniqueness."""

import unicodedata

import pytest
from django.urls import reverse

from plans.models import Agency, AgencyKind, PlanArea
from plans.text import clean_name
from tasks.models import Task
from tests.admin_forms import admin_form_data
from tests.factories import AgencyFactory, TaskFactory, UnitFactory

NAME = "Phòng Nội vụ"
DECOMPOSED = unicodedata.normalize("NFD", NAME)


@pytest.mark.parametrize(
    "written",
    [
        DECOMPOSED,
        "Phòng Nội\u200b vụ",  # zero-width space
        "\ufeffPhòng Nội vụ",  # byte-order mark
        "Phòng\u00a0Nội vụ",  # non-breaking space
        "Phòng  Nội\u00ad vụ ",  # double space, soft hyphen, trailing space
        "Phòng Nội\u200d\u200c vụ\u2060",  # joiners, word joiner
        "Phòng\tNội\nvụ",
    ],
    ids=["nfd", "zwsp", "bom", "nbsp", "spaces-soft-hyphen", "joiners", "tab-newline"],
)
def test_clean_name_makes_look_alikes_one(written):
    assert written != NAME
    assert clean_name(written) == NAME


def test_clean_name_keeps_distinct_names_distinct():
    assert clean_name("Phòng Nội vụ") != clean_name("Phòng Nội Vụ")
    assert clean_name("1.b") == "1.b"
    assert clean_name("") == ""


@pytest.mark.django_db
def test_admin_refuses_a_look_alike_agency_name_in_the_same_unit(client, district_setup):
    s = district_setup
    client.force_login(s["staff"])
    url = reverse("admin:plans_agency_add")
    data = admin_form_data(
        client.get(url),
        unit=str(s["unit"].pk),
        name=unicodedata.normalize("NFD", "Phòng\u200b Nội  vụ"),
        kind=AgencyKind.OFFICE,
    )

    response = client.post(url, data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["__all__"] == [
        "Cơ quan với thông tin Đơn vị hành chính và Tên cơ quan đã tồn tại"
    ]
    assert Agency.objects.filter(unit=s["unit"], name__startswith="Phòng").count() == 2


@pytest.mark.django_db
def test_agency_saved_directly_stores_the_normalised_names():
    agency = AgencyFactory(
        name=DECOMPOSED + "\u200b",
        short_name="P.\u00a0NV",
        aliases=["Phòng\u200bNội vụ huyện", unicodedata.normalize("NFD", "Phòng NV")],
    )

    agency.refresh_from_db()
    assert (agency.name, agency.short_name, agency.aliases) == (
        NAME,
        "P. NV",
        ["PhòngNội vụ huyện", "Phòng NV"],
    )


@pytest.mark.django_db
def test_task_code_unit_and_area_names_are_normalised(district_setup):
    s = district_setup
    task = TaskFactory(area=s["area"], code="1\u200b.b ", title="Nhiệm vụ")
    unit = UnitFactory(name=unicodedata.normalize("NFD", "Thanh Oai") + "\ufeff", slug="thanh-oai")
    area = s["area"]
    area.heading = unicodedata.normalize("NFD", "Cải cách  thể chế")
    area.save()

    assert Task.objects.get(pk=task.pk).code == "1.b"
    assert Task.objects.filter(code="1.b").count() == 1
    unit.refresh_from_db()
    assert unit.name == "Thanh Oai"
    assert PlanArea.objects.get(pk=area.pk).heading == "Cải cách thể chế"
