"""The Thanh Oai 2022 seed plan (source 000_…): district plan 50/KH-UBND, checked against it."""

import datetime

import pytest

from indicators.models import Indicator
from tasks.models import AssignmentRole, DeadlineKind, Task
from tests.tasks.seed import assigned_names as _names
from tests.tasks.seed import deadline_of as _deadline
from tests.tasks.seed import find_task as _task
from tests.tasks.seed import load_seed_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(db):
    return load_seed_plan("thanh-oai-2022")


def test_task_count_per_area_and_total(plan):
    counts = {}
    for numeral in Task.objects.filter(plan=plan).values_list("area__numeral", flat=True):
        counts[numeral] = counts.get(numeral, 0) + 1

    assert counts == {"I": 14, "II": 2, "III": 5, "IV": 2, "V": 3, "VI": 4, "VII": 8}
    assert Task.objects.filter(plan=plan).count() == 38
    assert Task.objects.filter(plan=plan).exclude(code="").count() == 36


def test_numbered_tasks_run_1_to_36_in_document_order(plan):
    codes = list(
        Task.objects.filter(plan=plan)
        .exclude(code="")
        .order_by("order")
        .values_list("code", flat=True)
    )

    assert codes == [str(n) for n in range(1, 37)]


def test_area_headings_as_written(plan):
    assert list(plan.areas.order_by("order").values_list("numeral", "heading")) == [
        ("I", "Công tác chỉ đạo, điều hành CCHC"),
        ("II", "Cải cách thể chế"),
        ("III", "Cải cách TTHC và thực hiện cơ chế một cửa, một cửa liên thông"),
        ("IV", "Cải cách tổ chức bộ máy"),
        ("V", "Cải cách chế độ công vụ"),
        ("VI", "Cải cách tài chính công"),
        ("VII", "Xây dựng và phát triển Chính quyền điện tử, Chính quyền số"),
    ]


def test_eleven_targets_of_mot_so_chi_tieu_cu_the(plan):
    first_parts = Indicator.objects.filter(plan=plan, part=1).order_by("order")

    assert list(first_parts.values_list("code", flat=True)) == [str(n) for n in range(1, 12)]
    assert set(Indicator.objects.filter(plan=plan).values_list("code", flat=True)) == {
        str(n) for n in range(1, 12)
    }


def test_plan_metadata(plan):
    assert plan.number == "50/KH-UBND"
    assert plan.issue_date == datetime.date(2022, 2, 14)
    assert plan.signer == "Bùi Văn Sáng"
    assert (plan.start_year, plan.end_year) == (2022, 2022)
    assert plan.kind == "annual"
    assert plan.unit.name == "Thanh Oai"


def test_task_i_1_plan_of_the_district(plan):
    task = _task(plan, "I", "1")

    assert task.display_code == "1"
    assert task.objective.startswith("Xây dựng và triển khai thực hiện Kế hoạch CCHC năm 2022")
    assert task.title == "Triển khai các nhiệm vụ công tác CCHC năm 2022 của huyện"
    assert task.products == "Kế hoạch CCHC năm 2022 của UBND huyện"
    assert _names(task, AssignmentRole.LEAD) == ["Phòng Nội vụ"]
    assert _names(task, AssignmentRole.PARTNER) == ["Các cơ quan, đơn vị", "UBND các xã, thị trấn"]
    assert _deadline(task) == (
        "Trước ngày 15/02/2022",
        datetime.date(2022, 2, 15),
        DeadlineKind.DATE,
    )


def test_task_i_7_survey_with_district_youth_union(plan):
    task = _task(plan, "I", "7")

    assert task.display_code == "7"
    assert task.title.startswith("Xây dựng phương án lấy phiếu, xác định số lượng")
    assert task.products == "Báo cáo kết quả tổng hợp phiếu"
    assert _names(task, AssignmentRole.LEAD) == ["Phòng Nội vụ"]
    assert _names(task, AssignmentRole.PARTNER) == ["Huyện Đoàn Thanh Oai", "UBND các xã, thị trấn"]
    assert _deadline(task) == ("Quý II/2022", datetime.date(2022, 6, 30), DeadlineKind.QUARTER)


def test_task_i_14_commune_plan_conditional_on_district(plan):
    task = _task(plan, "I", "14")

    assert task.display_code == "14"
    assert task.title.startswith("Đề xuất các giải pháp khắc phục những hạn chế")
    assert task.products == "Kế hoạch/ của UBND các xã, thị trấn"
    assert _names(task, AssignmentRole.LEAD) == ["UBND các xã, thị trấn"]
    assert _names(task, AssignmentRole.PARTNER) == ["Phòng Nội vụ"]
    assert _deadline(task) == (
        "Ngay sau khi có Kế hoạch và văn bản chỉ đạo của huyện",
        None,
        DeadlineKind.CONDITIONAL,
    )


def test_task_ii_16_whole_year_without_year_takes_plan_year(plan):
    task = _task(plan, "II", "16")

    assert task.display_code == "16"
    assert task.objective.startswith("Nghiên cứu đều xuất xây dựng")
    assert task.title.startswith("Báo cáo về kết quả về tình hình thi hành pháp luật")
    assert _names(task, AssignmentRole.LEAD) == ["Phòng Tư pháp"]
    assert _names(task, AssignmentRole.PARTNER) == ["Các cơ quan, đơn vị", "UBND các xã, thị trấn"]
    assert _deadline(task) == ("Cả năm", datetime.date(2022, 12, 31), DeadlineKind.YEAR)


def test_task_iii_19_internal_procedures(plan):
    task = _task(plan, "III", "19")

    assert task.display_code == "19"
    assert task.title.startswith("Triển khai rà soát, đánh giá, thống kê và đề xuất các quy trình")
    assert _names(task, AssignmentRole.LEAD) == ["Phòng Nội vụ"]
    assert _names(task, AssignmentRole.PARTNER) == ["Các cơ quan, đơn vị"]
    assert _deadline(task) == ("Quý II/2022", datetime.date(2022, 6, 30), DeadlineKind.QUARTER)


def test_task_v_24_conditional_on_city_guidance(plan):
    task = _task(plan, "V", "24")

    assert task.display_code == "24"
    assert task.title.startswith("Thí điểm thi tuyển chức danh lãnh đạo, quản lý")
    assert task.activities == (
        "· Xây dựng Kế hoạch\n· Tổ chức thực hiện.\n· Báo cáo kết quả thi tuyển."
    )
    assert _names(task, AssignmentRole.LEAD) == ["Phòng Nội vụ"]
    assert _names(task, AssignmentRole.PARTNER) == ["Các cơ quan, đơn vị"]
    assert _deadline(task) == ("Khi thành phố có văn bản hướng dẫn", None, DeadlineKind.CONDITIONAL)


def test_task_vi_25_three_partners_across_quarters(plan):
    task = _task(plan, "VI", "25")

    assert task.display_code == "25"
    assert task.title.startswith("Thực hiện hướng dẫn, thẩm tra phương án tự chủ")
    assert _names(task, AssignmentRole.LEAD) == ["Phòng Tài chính - Kế hoạch"]
    assert _names(task, AssignmentRole.PARTNER) == [
        "Phòng Nội vụ",
        "Phòng Giáo dục và Đào tạo",
        "Các cơ quan, đơn vị sự nghiệp",
    ]
    assert list(
        task.assignments.filter(role=AssignmentRole.PARTNER)
        .order_by("order")
        .values_list("name_as_written", flat=True)
    ) == ["Phòng Nội vụ", "Phòng Giáo dục&đào tạo", "Các cơ quan, đơn vị sự nghiệp"]
    assert _deadline(task) == ("Quý I, II/2022", datetime.date(2022, 6, 30), DeadlineKind.QUARTER)


def test_task_vi_28_objective_only_row(plan):
    task = _task(plan, "VI", "28")

    assert task.display_code == "28"
    assert task.objective == "Báo cáo về tự chủ, tự chịu trách nhiệm tại các cơ quan, đơn vị"
    assert task.title == "Báo cáo về tự chủ, tự chịu trách nhiệm tại các cơ quan, đơn vị"
    assert task.activities == ""
    assert task.products == "Báo cáo của UBND huyện"
    assert _names(task, AssignmentRole.LEAD) == ["Phòng Tài chính - Kế hoạch"]
    assert _names(task, AssignmentRole.PARTNER) == ["Các cơ quan, đơn vị", "UBND các xã, thị trấn"]
    assert task.deadline_text == "Theo quy định của TP"
    assert task.due_date is None


def test_task_vii_32_steering_committee_two_partners(plan):
    task = _task(plan, "VII", "32")

    assert task.display_code == "32"
    assert task.objective.startswith(
        "Đổi tên, Kiện toàn, Ban hành Quy chế hoạt động của Ban chỉ đạo xây dựng chính quyền"
    )
    assert task.title == "Xây dựng Quy chế;\nXây dựng Kế hoạch"
    assert _names(task, AssignmentRole.LEAD) == ["Văn phòng HĐND và UBND huyện"]
    assert _names(task, AssignmentRole.PARTNER) == [
        "Phòng Văn hóa và Thông tin",
        "Các cơ quan, đơn vị liên quan",
    ]
    assert _deadline(task) == ("Quý I/2022", datetime.date(2022, 3, 31), DeadlineKind.QUARTER)


def test_task_vii_36_last_row(plan):
    task = _task(plan, "VII", "36")

    assert task.display_code == "36"
    assert task.title.startswith(
        "Xây dựng Quy chế quản lý, khai thác và sử dụng hệ thống một cửa điện tử dùng chung 3 cấp"
    )
    assert task.title.endswith("tại các xã, thị trấn")
    assert _names(task, AssignmentRole.LEAD) == ["Văn phòng HĐND và UBND huyện"]
    assert _names(task, AssignmentRole.PARTNER) == ["Các cơ quan, đơn vị"]
    assert _deadline(task) == (
        "Sau khi có Quy chế và hướng dẫn của huyện",
        None,
        DeadlineKind.CONDITIONAL,
    )


def test_indicator_2_statement_verbatim(plan):
    statements = set(
        Indicator.objects.filter(plan=plan, code="2").values_list("statement", flat=True)
    )

    assert statements == {
        "Phấn đấu mức độ hài lòng của người dân, tổ chức và doanh nghiệp về giải quyết thủ tục "
        "hành chính (TTCH) của huyện đạt trên 86%."
    }


def test_quirk_district_plan_loaded_not_kindergarten_reissue(plan):
    # The first page is 28/KH-MNTC of 18/02/2022 by Trường mầm non Thanh Cao.
    assert plan.number == "50/KH-UBND"
    assert plan.number != "28/KH-MNTC"
    assert plan.issue_date == datetime.date(2022, 2, 14)
    assert plan.issuer == "UBND huyện Thanh Oai"
    assert "28/KH-MNTC" in plan.notes


def test_quirk_row_17_unnumbered_sub_row_led_by_culture_office(plan):
    parent = _task(plan, "III", "17")
    sub = _task(plan, "III", "", parent="17")

    assert sub.display_code == "17."
    assert sub.parent_id == parent.id
    assert sub.title == (
        "Kế hoạch thông tin tuyên truyền về kiểm soát TTHC và cơ chế một cửa, một cửa liên thông"
    )
    assert sub.objective == ""
    assert _names(parent, AssignmentRole.LEAD) == ["Văn phòng HĐND và UBND huyện"]
    assert _names(sub, AssignmentRole.LEAD) == ["Phòng Văn hóa và Thông tin"]
    assert _names(sub, AssignmentRole.PARTNER) == []
    assert _deadline(sub) == ("", None, DeadlineKind.NONE)


def test_quirk_row_18_sub_row_names_culture_office_in_partner_column(plan):
    parent = _task(plan, "III", "18")
    sub = _task(plan, "III", "", parent="18")

    assert sub.display_code == "18."
    assert sub.parent_id == parent.id
    assert sub.title == (
        "Kế hoạch thông tin tuyên truyền về kiểm soát TTHC và cơ chế một cửa, một cửa liên thông"
    )
    assert _names(parent, AssignmentRole.LEAD) == ["UBND các xã, thị trấn"]
    assert _names(parent, AssignmentRole.PARTNER) == ["Văn phòng HĐND và UBND huyện"]
    assert _names(sub, AssignmentRole.LEAD) == []
    assert _names(sub, AssignmentRole.PARTNER) == ["Phòng Văn hóa và Thông tin"]
    assert _deadline(sub) == ("", None, DeadlineKind.NONE)


def test_quirk_source_typos_kept_verbatim(plan):
    assert _task(plan, "I", "2").products == "Kế hoạch CCHC năm 2022 của các cơ quan, đơn vụ"
    assert _task(plan, "V", "23").objective.startswith("Câp nhật, bổ sung kỹ năng")
    assert _task(plan, "VII", "31").activities.startswith("- Ban hành Công văn hướng dẫn, đô đốc")
    statement = Indicator.objects.filter(plan=plan, code="5").values_list("statement", flat=True)[0]
    assert "Đối với các các cơ quan chuyên môn thuộc huyện đạt 80%" in statement


def test_quirk_combined_assignee_split_into_offices_and_communes(plan):
    task = _task(plan, "I", "2")

    assert _names(task, AssignmentRole.LEAD) == ["Các cơ quan, đơn vị", "UBND các xã, thị trấn"]
    assert list(
        task.assignments.filter(role=AssignmentRole.LEAD)
        .order_by("order")
        .values_list("name_as_written", flat=True)
    ) == ["Các cơ quan, đơn vị", "các xã, thị trấn"]
    assert _names(task, AssignmentRole.PARTNER) == ["Phòng Nội vụ"]
    assert _deadline(task) == (
        "Trước ngày 25/02/2022",
        datetime.date(2022, 2, 25),
        DeadlineKind.DATE,
    )
