"""The Cát Hải 2023 seed plan (source 001_…), checked against the source document."""

import datetime
from decimal import Decimal

import pytest

from indicators.models import Indicator
from plans.models import Agency
from tasks.models import AssignmentRole, DeadlineKind, Task
from tests.tasks.seed import assigned_names as _names
from tests.tasks.seed import deadline_of as _deadline
from tests.tasks.seed import find_task as _task
from tests.tasks.seed import load_seed_plan

pytestmark = pytest.mark.django_db

INTERIOR = "Phòng Nội vụ, Lao động - Thương binh và Xã hội"
CULTURE = "Phòng Văn hóa - Thông tin - Thể thao và Du lịch"


@pytest.fixture
def plan(db):
    return load_seed_plan("cat-hai-2023")


def test_task_count_per_area_and_total(plan):
    counts = {}
    for numeral in Task.objects.filter(plan=plan).values_list("area__numeral", flat=True):
        counts[numeral] = counts.get(numeral, 0) + 1

    assert counts == {"I": 10, "II": 4, "III": 7, "IV": 2, "V": 2, "VI": 2, "VII": 2}
    assert Task.objects.filter(plan=plan).count() == 29
    assert Task.objects.filter(plan=plan, parent__isnull=True).count() == 25


def test_tasks_in_document_order_with_sub_items(plan):
    tasks = Task.objects.filter(plan=plan).select_related("parent").order_by("order")

    assert [t.display_code for t in tasks] == [
        "1",
        "1.b",
        "1.c",
        "2",
        "3",
        "4",
        "4.a",
        "4.b",
        *[str(n) for n in range(5, 26)],
    ]


def test_area_headings_as_written(plan):
    assert list(plan.areas.order_by("order").values_list("numeral", "heading")) == [
        ("I", "Chỉ đạo điều hành, kiểm tra và tuyên truyền"),
        ("II", "Cải cách thể chế"),
        ("III", "Cải cách thủ tục hành chính"),
        ("IV", "Cải cách tổ chức bộ máy"),
        ("V", "Cải cách chế độ công vụ"),
        ("VI", "Cải cách tài chính công"),
        ("VII", "Hiện đại hóa nền hành chính"),
    ]


def test_eleven_chi_tieu_chu_yeu(plan):
    first_parts = Indicator.objects.filter(plan=plan, part=1).order_by("order")

    assert list(first_parts.values_list("code", flat=True)) == [str(n) for n in range(1, 12)]
    assert set(Indicator.objects.filter(plan=plan).values_list("code", flat=True)) == {
        str(n) for n in range(1, 12)
    }


def test_plan_metadata(plan):
    assert plan.number == ""
    assert plan.issue_date is None
    assert plan.signer == "Bùi Tuấn Mạnh"
    assert (plan.start_year, plan.end_year) == (2023, 2023)
    assert plan.kind == "annual"
    assert plan.title == "Kế hoạch cải cách hành chính huyện Cát Hải năm 2023"
    assert plan.unit.name == "Cát Hải"


def test_par_index_points_per_area(plan):
    rows = list(
        plan.areas.order_by("order").values_list(
            "numeral", "target_statement", "target_points", "max_points"
        )
    )

    assert rows == [
        ("I", "Phần đầu năm 2023 đạt 13/13 điểm.", Decimal("13"), Decimal("13")),
        ("II", "Phần đầu năm 2023 đạt 4/4 điểm.", Decimal("4"), Decimal("4")),
        ("III", "Phấn đấu năm 2023 đạt 9.5/9.5 điểm.", Decimal("9.5"), Decimal("9.5")),
        ("IV", "Phấn đấu năm 2023 đạt 6.5/6.5 điểm.", Decimal("6.5"), Decimal("6.5")),
        ("V", "Phấn đấu năm 2023 đạt 10.5/11.5 điểm.", Decimal("10.5"), Decimal("11.5")),
        ("VI", "Phấn đấu năm 2023 đạt 4/4 điểm.", Decimal("4"), Decimal("4")),
        ("VII", "Phần đầu năm 2023 đạt 14.5/14.5 điểm.", Decimal("14.5"), Decimal("14.5")),
    ]


def test_task_1_b_district_plan_by_fixed_date(plan):
    task = _task(plan, "I", "b", parent="1")

    assert task.display_code == "1.b"
    assert task.title == "Ủy ban nhân dân huyện"
    assert task.products == "Kế hoạch huyện"
    assert _names(task, AssignmentRole.LEAD) == [INTERIOR]
    assert _names(task, AssignmentRole.PARTNER) == []
    assert _deadline(task) == ("15/01/2023", datetime.date(2023, 1, 15), DeadlineKind.DATE)


def test_task_1_c_commune_plans_within_january(plan):
    task = _task(plan, "I", "c", parent="1")

    assert task.display_code == "1.c"
    assert task.title == "Ủy ban nhân dân các xã, thị trấn"
    assert task.products == "Kế hoạch của UBND các xã, thị trấn"
    assert _names(task, AssignmentRole.LEAD) == ["UBND các xã, thị trấn"]
    assert _names(task, AssignmentRole.PARTNER) == []
    assert _deadline(task) == (
        "Trong tháng 01/2023",
        datetime.date(2023, 1, 31),
        DeadlineKind.MONTH,
    )


def test_task_2_par_index_range_into_next_year(plan):
    task = _task(plan, "I", "2")

    assert task.display_code == "2"
    assert task.title == "Đánh giá xác định Chỉ số cải cách hành chính năm 2023"
    assert task.products == "Kế hoạch, Quyết định của UBND huyện"
    assert _names(task, AssignmentRole.LEAD) == ["UBND huyện"]
    assert _names(task, AssignmentRole.PARTNER) == ["UBND các xã, thị trấn"]
    assert _deadline(task) == (
        "Từ Quý IV/2023 đến Quý I/2024",
        datetime.date(2024, 3, 31),
        DeadlineKind.RANGE,
    )


def test_task_4_b_inspection_of_communes(plan):
    task = _task(plan, "I", "b", parent="4")

    assert task.display_code == "4.b"
    assert task.title == "Tối thiểu 30% UBND xã, thị trấn"
    assert task.products == "Kế hoạch, Thông báo kết luận/Báo cáo"
    assert _names(task, AssignmentRole.LEAD) == ["UBND huyện"]
    assert _names(task, AssignmentRole.PARTNER) == ["UBND các xã, thị trấn"]
    assert list(
        task.assignments.filter(role=AssignmentRole.PARTNER).values_list(
            "name_as_written", flat=True
        )
    ) == ["UBND xã, thị trấn có liên quan"]
    assert _deadline(task) == ("Cả năm 2023", datetime.date(2023, 12, 31), DeadlineKind.YEAR)


def test_task_11_two_leads_district_and_communes(plan):
    task = _task(plan, "III", "11")

    assert task.display_code == "11"
    assert task.title.startswith("Thực hiện số hóa hồ sơ, thủ tục hành chính theo Nghị định số 107")
    assert task.title.endswith("đạt tỷ lệ tối thiểu 60% ở cấp huyện và 55% ở cấp xã.")
    assert _names(task, AssignmentRole.LEAD) == ["UBND huyện", "UBND các xã, thị trấn"]
    assert _names(task, AssignmentRole.PARTNER) == ["Các cơ quan, đơn vị, địa phương"]
    assert _deadline(task) == ("Cả năm 2023", datetime.date(2023, 12, 31), DeadlineKind.YEAR)


def test_task_14_two_leads_with_trailing_comma(plan):
    task = _task(plan, "III", "14")

    assert task.display_code == "14"
    assert task.title.startswith(
        "Thực hiện theo hướng dẫn của Thành phố tối thiểu 50% TTHC có yêu cầu nghĩa vụ tài chính"
    )
    assert _names(task, AssignmentRole.LEAD) == [CULTURE, "Văn phòng HĐND và UBND huyện"]
    assert _names(task, AssignmentRole.PARTNER) == ["Các cơ quan, đơn vị liên quan"]
    assert _deadline(task) == ("Cả năm 2023", datetime.date(2023, 12, 31), DeadlineKind.YEAR)


def test_task_17_leads_in_source_order(plan):
    task = _task(plan, "III", "17")

    assert task.display_code == "17"
    assert task.title.startswith("Việc thực hiện Quyết định số 766/QĐ-TTg ngày 23/6/2022")
    assert "Văn bản số 4620/UBND-KSTTCH ngày 27/9/2022" in task.title
    assert task.products == "Báo cáo kết quả thực hiện (Báo cáo kiểm soát TTHC năm)."
    assert _names(task, AssignmentRole.LEAD) == ["Văn phòng HĐND và UBND huyện", CULTURE]
    assert _names(task, AssignmentRole.PARTNER) == ["Các cơ quan, đơn vị liên quan"]
    assert _deadline(task) == ("Cả năm 2023", datetime.date(2023, 12, 31), DeadlineKind.YEAR)


def test_task_21_training_plan(plan):
    task = _task(plan, "V", "21")

    assert task.display_code == "21"
    assert task.title == (
        "Ban hành và triển khai Kế hoạch đào tạo, bồi dưỡng cán bộ, công chức huyện Cát Hải "
        "năm 2023"
    )
    assert task.products == "Kế hoạch"
    assert _names(task, AssignmentRole.LEAD) == [INTERIOR]
    assert _names(task, AssignmentRole.PARTNER) == ["Các cơ quan, đơn vị liên quan"]
    assert _deadline(task) == ("Cả năm 2023", datetime.date(2023, 12, 31), DeadlineKind.YEAR)


def test_task_25_iso_last_row(plan):
    task = _task(plan, "VII", "25")

    assert task.display_code == "25"
    assert task.title == (
        "Các cơ quan hành chính cấp huyện, cấp xã thực hiện quản lý chất lượng theo tiêu chuẩn "
        "ISO 9001:2015"
    )
    assert task.products == "Quy trình quản lý chất lượng ISO"
    assert _names(task, AssignmentRole.LEAD) == ["Phòng Kinh tế và Hạ tầng"]
    assert _names(task, AssignmentRole.PARTNER) == ["Các cơ quan, đơn vị, địa phương"]
    assert _deadline(task) == ("Cả năm 2022", datetime.date(2022, 12, 31), DeadlineKind.YEAR)


def test_indicator_10_statement_verbatim(plan):
    statements = set(
        Indicator.objects.filter(plan=plan, code="10").values_list("statement", flat=True)
    )

    assert statements == {
        "100% TTHC được chuẩn hóa và cập nhật công khai đầy đủ trên Cơ sở dữ liệu quốc gia về "
        "TTHC; được tích hợp, đồng bộ với Cổng Dịch vụ công của thành phố để đảm bảo thuận tiện "
        "cho việc khai thác, sử dụng. Thực hiện số hóa kết quả giải quyết thủ tục hành chính đang "
        "còn hiệu lực và có giá trị sử dụng thuộc thẩm quyền giải quyết của cấp huyện, cấp xã đạt "
        "tỷ lệ tối thiểu tương ứng là 70%, 60% và 55%."
    }


def test_quirk_tasks_22_23_25_say_whole_year_2022_kept_verbatim(plan):
    rows = {
        code: _deadline(_task(plan, numeral, code))
        for numeral, code in [("VI", "22"), ("VI", "23"), ("VII", "25")]
    }

    assert rows == {
        "22": ("Cả năm 2022", datetime.date(2022, 12, 31), DeadlineKind.YEAR),
        "23": ("Cả năm 2022", datetime.date(2022, 12, 31), DeadlineKind.YEAR),
        "25": ("Cả năm 2022", datetime.date(2022, 12, 31), DeadlineKind.YEAR),
    }
    assert "chỉ tiêu thu ngân sách năm 2022" in _task(plan, "VI", "23").title


def test_quirk_task_1_has_sub_items_b_c_without_a(plan):
    group = _task(plan, "I", "1")

    assert group.title == "Ban hành Kế hoạch cải cách hành chính năm 2023"
    assert list(group.children.order_by("order").values_list("code", flat=True)) == ["b", "c"]
    assert _names(group, AssignmentRole.LEAD) == []
    assert _deadline(group) == ("", None, DeadlineKind.NONE)


def test_quirk_task_4_has_sub_items_a_b(plan):
    group = _task(plan, "I", "4")

    assert group.title == "Kiểm tra cải cách hành chính"
    assert list(group.children.order_by("order").values_list("code", flat=True)) == ["a", "b"]
    sub_a = _task(plan, "I", "a", parent="4")
    assert sub_a.title == "Tối thiểu 30% chuyên môn thuộc huyện"
    assert _names(sub_a, AssignmentRole.LEAD) == [INTERIOR]
    assert _names(sub_a, AssignmentRole.PARTNER) == ["Các cơ quan chuyên môn thuộc huyện"]


def test_quirk_merged_interior_office_is_one_agency(plan):
    interior = Agency.objects.filter(unit=plan.unit, name__startswith="Phòng Nội vụ")

    assert list(interior.values_list("name", flat=True)) == [INTERIOR]
    task = _task(plan, "I", "3")
    assert _names(task, AssignmentRole.LEAD) == [INTERIOR]
    assert list(
        task.assignments.filter(role=AssignmentRole.LEAD).values_list("name_as_written", flat=True)
    ) == ["Phòng Nội vụ, Lao động - Thương binh và Xã hội huyện"]


def test_quirk_repeated_header_row_not_a_task_and_task_19_rejoined(plan):
    assert not Task.objects.filter(plan=plan, title__startswith="Nội dung công việc").exists()
    task = _task(plan, "IV", "19")

    assert task.title == (
        "Sau sắp xếp, kiện toàn, các cơ quan, đơn vị xây dựng Đề án điều chỉnh Đề án vị trí việc "
        "làm đối với công chức, viên chức theo quy định tại Nghị định số 62/2020/NĐ-CP, Nghị định "
        "số 106/2020/NĐ-CP của Chính phủ theo hướng dẫn của thành phố."
    )
    assert task.products == ""
    assert _names(task, AssignmentRole.LEAD) == [INTERIOR]
    assert _deadline(task) == ("Cả năm 2023", datetime.date(2023, 12, 31), DeadlineKind.YEAR)
