import copy
import io
import json

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from indicators.models import Indicator
from plans.models import AdministrativeUnit, Agency, Plan, PlanArea
from tasks.interchange import PlanDocumentError, export_plan_document, import_plan_document
from tasks.models import Task, TaskAssignment

pytestmark = pytest.mark.django_db

SLUGS = ["cat-hai-2023", "son-tay-2020", "thang-binh-2022", "thanh-oai-2022", "tuy-phuoc-2023-2025"]


def _snapshot():
    return {
        "districts": list(AdministrativeUnit.objects.values_list("id", "slug")),
        "agencies": list(Agency.objects.values_list("id", "name", "aliases").order_by("id")),
        "plans": list(Plan.objects.values_list("id", "slug").order_by("id")),
        "areas": list(PlanArea.objects.values_list("id", "numeral", "heading").order_by("id")),
        "tasks": list(
            Task.objects.values_list("id", "code", "title", "due_date", "parent_id").order_by("id")
        ),
        "assignments": list(
            TaskAssignment.objects.values_list("task_id", "agency_id", "role", "order").order_by(
                "task_id", "order"
            )
        ),
        "indicators": list(
            Indicator.objects.values_list("id", "code", "part", "target_value").order_by("id")
        ),
    }


def test_load_plans_loads_all_five_plans(loaded_plans):
    assert list(Plan.objects.order_by("slug").values_list("slug", flat=True)) == SLUGS
    assert {slug: Task.objects.filter(plan__slug=slug).count() for slug in SLUGS} == {
        "cat-hai-2023": 29,
        "son-tay-2020": 38,
        "thang-binh-2022": 54,
        "thanh-oai-2022": 38,
        "tuy-phuoc-2023-2025": 91,
    }


def test_load_plans_twice_leaves_the_same_rows(loaded_plans):
    before = _snapshot()

    call_command("load_plans", stdout=io.StringIO())

    assert _snapshot() == before


def test_load_plans_named_slug_loads_only_that_plan(db):
    out = io.StringIO()
    call_command("load_plans", "cat-hai-2023", stdout=out)

    assert list(Plan.objects.values_list("slug", flat=True)) == ["cat-hai-2023"]
    assert out.getvalue().startswith("Đã tạo cat-hai-2023: 7 lĩnh vực, 29 nhiệm vụ")


def test_load_plans_unknown_slug_is_an_error(db):
    with pytest.raises(CommandError, match="Không có kế hoạch mẫu: khong-co"):
        call_command("load_plans", "khong-co", stdout=io.StringIO())
    assert Plan.objects.count() == 0


@pytest.mark.parametrize("slug", SLUGS)
def test_export_import_export_is_identical(loaded_plans, tmp_path, slug):
    first = tmp_path / "first.json"
    second = tmp_path / "second.json"
    call_command("export_plan", slug, "-o", str(first))

    call_command("import_plan_json", str(first), stdout=io.StringIO())
    call_command("export_plan", slug, "-o", str(second))

    assert second.read_text(encoding="utf-8") == first.read_text(encoding="utf-8")


def test_import_plan_json_into_empty_database_recreates_the_plan(loaded_plans, tmp_path):
    path = tmp_path / "thanh-oai.json"
    call_command("export_plan", "thanh-oai-2022", "-o", str(path))
    exported = path.read_text(encoding="utf-8")
    Plan.objects.all().delete()

    call_command("import_plan_json", str(path), stdout=io.StringIO())
    again = export_plan_document(Plan.objects.get(slug="thanh-oai-2022"))

    assert json.dumps(again, ensure_ascii=False, indent=2) + "\n" == exported


def test_export_plan_shows_parsed_deadlines(loaded_plans):
    document = export_plan_document(Plan.objects.get(slug="thanh-oai-2022"))
    task = next(t for t in document["tasks"] if t["code"] == "25")

    assert (task["deadline_text"], task["due_date"], task["deadline_kind"]) == (
        "Quý I, II/2022",
        "2022-06-30",
        "quarter",
    )


def test_export_plan_unknown_slug_is_an_error(db):
    with pytest.raises(CommandError, match="Không có kế hoạch “khong-co”"):
        call_command("export_plan", "khong-co")


def _document(loaded_plans_slug="cat-hai-2023"):
    return export_plan_document(Plan.objects.get(slug=loaded_plans_slug))


def test_import_unknown_agency_names_closest_and_writes_nothing(loaded_plans):
    document = copy.deepcopy(_document())
    document["plan"]["slug"] = "cat-hai-2023-copy"
    document["tasks"][5]["lead"] = ["Phòng Tài chánh Kế hoạch"]
    tasks_before = Task.objects.count()

    with pytest.raises(PlanDocumentError) as excinfo:
        import_plan_document(document)

    assert len(excinfo.value.messages) == 1
    assert "không nhận ra cơ quan “Phòng Tài chánh Kế hoạch”" in excinfo.value.messages[0]
    assert "“Phòng Tài chính - Kế hoạch”" in excinfo.value.messages[0]
    assert not Plan.objects.filter(slug="cat-hai-2023-copy").exists()
    assert Task.objects.count() == tasks_before


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d.pop("tasks"), "Tệp: thiếu khóa “tasks”."),
        (lambda d: d["plan"].update(start_year=2024), "Kế hoạch: năm bắt đầu sau năm kết thúc."),
        (lambda d: d["plan"].update(issue_date="14/02/2022"), "không đúng dạng YYYY-MM-DD"),
        (lambda d: d["tasks"][0].update(area="IX"), "lĩnh vực “IX” không có trong kế hoạch"),
        (lambda d: d["tasks"][0].update(parent="99"), "nhiệm vụ cha “99” không đứng trước nó"),
        (lambda d: d["tasks"][0].update(colour="red"), "khóa không hợp lệ “colour”"),
        (lambda d: d["areas"][0].update(reform_area="khac"), "mã lĩnh vực “khac” không tồn tại"),
        (lambda d: d["areas"][0].update(target_points="-1"), "phải là số không âm"),
        (lambda d: d["indicators"].append(dict(d["indicators"][0])), "bị lặp"),
        (lambda d: d.update(format="other"), "không phải định dạng reformplan-plan"),
    ],
)
def test_import_malformed_document_is_rejected_with_message(loaded_plans, mutate, message):
    document = copy.deepcopy(_document())
    mutate(document)
    before = _snapshot()

    with pytest.raises(PlanDocumentError) as excinfo:
        import_plan_document(document)

    assert any(message in m for m in excinfo.value.messages), excinfo.value.messages
    assert _snapshot() == before


def test_import_plan_json_not_json_is_a_clear_error(db, tmp_path):
    path = tmp_path / "bad.json"
    path.write_text("{not json", encoding="utf-8")

    with pytest.raises(CommandError, match="không phải JSON hợp lệ"):
        call_command("import_plan_json", str(path))


def test_import_plan_json_missing_file_is_a_clear_error(db, tmp_path):
    with pytest.raises(CommandError, match="Không đọc được tệp"):
        call_command("import_plan_json", str(tmp_path / "missing.json"))


def test_export_plan_query_count_is_fixed(loaded_plans, django_assert_max_num_queries):
    for slug in ("cat-hai-2023", "tuy-phuoc-2023-2025"):
        with django_assert_max_num_queries(7):
            export_plan_document(Plan.objects.get(slug=slug))


def test_import_bumps_version_of_changed_tasks_only(loaded_plans):
    plan = Plan.objects.get(slug="cat-hai-2023")
    document = copy.deepcopy(export_plan_document(plan))
    document["tasks"][2]["title"] += " (sửa)"
    before = dict(Task.objects.filter(plan=plan).values_list("order", "version"))

    import_plan_document(document)

    after = dict(Task.objects.filter(plan=plan).values_list("order", "version"))
    assert {
        order: after[order] - before[order] for order in before if after[order] != before[order]
    } == {3: 1}


# --- administrative units in documents ----------------------------------------------------------


def _fixture(slug: str, folder: str = "") -> dict:
    path = settings.BASE_DIR / "fixtures" / folder / f"{slug}.json"
    return json.loads(path.read_text(encoding="utf-8"))


def _as_version_1(document: dict) -> dict:
    """A version-2 district plan written as version 1 ("district" with its province as text)."""
    v1 = copy.deepcopy(document)
    unit = v1.pop("unit")
    v1["version"] = 1
    v1["district"] = {
        "slug": unit["slug"],
        "name": unit["name"],
        "province": unit["parent"]["name"],
    }
    return v1


def _export_text(slug: str) -> str:
    return json.dumps(export_plan_document(Plan.objects.get(slug=slug)), ensure_ascii=False)


@pytest.mark.parametrize("slug", SLUGS)
def test_version_1_document_imports_as_its_version_2_twin(slug):
    version_2 = _fixture(slug)
    import_plan_document(copy.deepcopy(version_2))
    expected = _export_text(slug)
    Plan.objects.all().delete()
    Agency.objects.all().delete()
    AdministrativeUnit.objects.filter(parent__isnull=False).delete()
    AdministrativeUnit.objects.all().delete()
    assert not AdministrativeUnit.objects.exists()

    result = import_plan_document(_as_version_1(version_2))

    assert result.created
    assert _export_text(slug) == expected
    unit = result.plan.unit
    assert (unit.level, unit.parent.level, unit.parent.slug) == (
        "district",
        "province",
        version_2["unit"]["parent"]["slug"],
    )


def test_version_1_document_imports_through_the_command(db, tmp_path):
    path = tmp_path / "v1.json"
    path.write_text(json.dumps(_as_version_1(_fixture("thanh-oai-2022"))), encoding="utf-8")
    out = io.StringIO()

    call_command("import_plan_json", str(path), stdout=out)

    assert out.getvalue().startswith("Đã tạo kế hoạch thanh-oai-2022 (38 nhiệm vụ")
    assert Plan.objects.get().unit.parent.full_name == "thành phố Hà Nội"


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (
            lambda d: d["unit"].update(level="huyen-cu"),
            "Đơn vị hành chính: cấp đơn vị “huyen-cu” không hợp lệ "
            "(chỉ nhận province, district, commune).",
        ),
        (
            lambda d: d["unit"]["parent"].update(level="region"),
            "Đơn vị hành chính (cấp trên): cấp đơn vị “region” không hợp lệ "
            "(chỉ nhận province, district, commune).",
        ),
        (
            lambda d: d["unit"].update(type="ap"),
            "Đơn vị hành chính: loại đơn vị “ap” không hợp lệ.",
        ),
        (
            lambda d: d["unit"].update(level="province"),
            "Đơn vị hành chính: loại “xa” không thuộc cấp “province”.",
        ),
        (
            lambda d: d["unit"]["parent"].update(type="huyen", level="district"),
            "Đơn vị hành chính: đơn vị cấp trên phải là tỉnh hoặc thành phố trực thuộc trung ương.",
        ),
    ],
)
def test_import_unknown_unit_level_or_type_is_refused_and_writes_nothing(db, mutate, message):
    document = _fixture("vi-du-xa-an-binh-2026", "samples")
    mutate(document)

    with pytest.raises(PlanDocumentError) as excinfo:
        import_plan_document(document)

    assert message in excinfo.value.messages, excinfo.value.messages
    assert _snapshot() == _snapshot_of_empty_database()


def _snapshot_of_empty_database():
    return {key: [] for key in _snapshot()}


def test_import_district_plan_starting_in_2026_is_refused_and_writes_nothing(db):
    document = _fixture("cat-hai-2023")
    document["plan"].update(slug="cat-hai-2026", start_year=2026, end_year=2026)

    with pytest.raises(PlanDocumentError) as excinfo:
        import_plan_document(document)

    assert excinfo.value.messages[0].startswith(
        "Kế hoạch: Từ ngày 01/7/2025 không còn cấp huyện: kế hoạch từ năm 2026 thuộc tỉnh hoặc xã"
    )
    assert _snapshot() == _snapshot_of_empty_database()
