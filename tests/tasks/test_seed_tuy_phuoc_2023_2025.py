"""The Tuy Phước 2023–2025 PAR Index / SIPAS plan (seed 004, criteria tree) against its source.

Expected values are read from the source plan 004_5869b5a3940833bd.txt, not from the fixture.
"""

import io
from collections import Counter

import pytest
from django.core.management import call_command

from indicators.evaluation import target_label
from indicators.models import Indicator
from plans.models import Plan
from tasks.models import AssignmentRole, Task
from tests.tasks.seed import assigned_names as _names

pytestmark = pytest.mark.django_db

SLUG = "tuy-phuoc-2023-2025"

VP = "Văn phòng HĐND và UBND huyện"
ALL = "Các cơ quan, đơn vị, địa phương"


@pytest.fixture
def plan(db):
    call_command("load_plans", SLUG, stdout=io.StringIO())
    return Plan.objects.get(slug=SLUG)


def _task(plan, numeral, code):
    return Task.objects.select_related("parent").get(plan=plan, area__numeral=numeral, code=code)


def _assert_no_deadline(task):
    assert task.deadline_text == ""
    assert task.due_date is None
    assert task.deadline_kind == "none"


def test_criteria_count_per_area_and_total(plan):
    counts = Counter(plan.tasks.values_list("area__numeral", flat=True))
    assert dict(counts) == {
        "1": 9,
        "2": 7,
        "3": 17,
        "4": 11,
        "5": 13,
        "6": 13,
        "7": 14,
        "8": 7,
    }
    assert plan.tasks.count() == 91


def test_criteria_tree_has_57_subcriteria_under_their_parents(plan):
    children = plan.tasks.filter(parent__isnull=False).select_related("parent")
    assert children.count() == 57
    for child in children:
        assert child.code.startswith(child.parent.code + ".")
        assert child.area_id == child.parent.area_id


def test_area_headings_map_to_the_eight_canonical_areas(plan):
    assert list(plan.areas.order_by("order").values_list("numeral", "reform_area__code")) == [
        ("1", "chi-dao-dieu-hanh"),
        ("2", "the-che"),
        ("3", "thu-tuc-hanh-chinh"),
        ("4", "to-chuc-bo-may"),
        ("5", "cong-vu"),
        ("6", "tai-chinh-cong"),
        ("7", "chinh-quyen-so"),
        ("8", "tac-dong"),
    ]
    assert plan.areas.get(numeral="7").heading == (
        "XÂY DỰNG VÀ PHÁT TRIỂN CHÍNH QUYỀN ĐIỆN TỬ, CHÍNH QUYỀN SỐ"
    )


def test_indicator_count_is_3_objectives_plus_31_content_items(plan):
    # Section II: 1–3; section III: area 1 a)–h) without f) (8), 2 (2), 3 (4), 4 (2),
    # 5 (4), 6 (4), 7 (4), 8 (3).
    statements = plan.indicators.filter(part=1)
    assert statements.count() == 34
    assert list(statements.order_by("order").values_list("code", flat=True)) == [
        "1",
        "2",
        "3",
        "1.a",
        "1.b",
        "1.c",
        "1.d",
        "1.đ",
        "1.e",
        "1.g",
        "1.h",
        "2.a",
        "2.b",
        "3.a",
        "3.b",
        "3.c",
        "3.d",
        "4.a",
        "4.b",
        "5.a",
        "5.b",
        "5.c",
        "5.d",
        "6.a",
        "6.b",
        "6.c",
        "6.d",
        "7.a",
        "7.b",
        "7.c",
        "7.d",
        "8.a",
        "8.b",
        "8.c",
    ]


def test_plan_metadata(plan):
    assert plan.number == ""
    assert plan.issue_date is None
    assert plan.signer == "Huỳnh Nam"
    assert plan.kind == "multi_year"
    assert (plan.start_year, plan.end_year) == (2023, 2025)
    assert plan.title.startswith("Kế hoạch nâng cao Chỉ số cải cách hành chính và Chỉ số hài lòng")
    assert plan.title.endswith("huyện Tuy Phước giai đoạn 2023 - 2025")
    assert plan.unit.name == "Tuy Phước"
    assert plan.unit.parent.name == "Bình Định"


def test_criterion_1_2_reporting(plan):
    task = _task(plan, "1", "1.2")
    assert task.display_code == "1.2"
    assert task.parent is None
    assert task.title == "Thực hiện chế độ báo cáo CCHC định kỳ"
    assert task.expected_result.startswith("Các báo cáo của UBND huyện gửi Sở Nội vụ phải đáp ứng")
    assert _names(task, AssignmentRole.MONITOR) == ["Phòng Nội vụ"]
    assert _names(task, AssignmentRole.LEAD) == ["Phòng Nội vụ"]
    assert _names(task, AssignmentRole.PARTNER) == [ALL]
    _assert_no_deadline(task)


def test_criterion_1_3_1_lead_joined_across_page_break(plan):
    # "Phòng Nội vụ, Văn phòng HĐND và UBND" + "huyện" on the next page.
    task = _task(plan, "1", "1.3.1")
    assert task.display_code == "1.3.1"
    assert task.parent.code == "1.3"
    assert task.title.startswith("Tỷ lệ cơ quan chuyên môn (CQCM) thuộc UBND huyện")
    # the merged "Cơ quan theo dõi" cell of 1.3 covers its sub-criteria
    assert _names(task, AssignmentRole.MONITOR) == ["Phòng Nội vụ"]
    assert _names(task, AssignmentRole.LEAD) == ["Phòng Nội vụ", VP]
    assert _names(task, AssignmentRole.PARTNER) == [ALL]
    assert _names(task.parent, AssignmentRole.MONITOR) == ["Phòng Nội vụ"]
    _assert_no_deadline(task)


# "Cơ quan theo dõi" of each criterion that has sub-criteria, as the appendix writes it (the
# cell is merged over the sub-criteria below it), and how many sub-criteria it has.
NV, TP, TCKH, VHTT = (
    "Phòng Nội vụ",
    "Phòng Tư pháp",
    "Phòng Tài chính - Kế hoạch",
    "Phòng Văn hóa và Thông tin",
)
SUBCRITERIA_MONITORS = {
    "1.3": ([NV], 2),
    "2.1": ([TP], 2),
    "2.2": ([TP], 2),
    "3.2": ([VP], 2),
    "3.3": ([VP], 4),
    "3.4": ([VP], 4),
    "3.5": ([VP], 2),
    "4.1": ([NV], 3),
    "4.2": ([NV], 2),
    "4.3": ([NV], 3),
    "5.1": ([NV], 3),
    "5.2": ([NV], 2),
    "5.3": ([NV], 1),
    "5.5": ([NV], 1),
    "6.1": ([TCKH], 3),
    "6.2": ([TCKH], 3),
    "6.3": ([TCKH], 4),
    "7.1": ([VHTT], 2),
    "7.2": ([VHTT, VP], 3),
    "7.3": ([VP], 6),
    "8.1": ([NV, VP], 2),
    "8.3": ([TCKH], 1),
}


def test_every_subcriterion_is_monitored_by_its_criterions_merged_cell(plan):
    children = plan.tasks.filter(parent__isnull=False).select_related("parent").order_by("order")
    seen = Counter()
    for child in children:
        monitors, _count = SUBCRITERIA_MONITORS[child.parent.code]
        assert _names(child, AssignmentRole.MONITOR) == monitors, child.code
        seen[child.parent.code] += 1
    assert dict(seen) == {code: count for code, (_m, count) in SUBCRITERIA_MONITORS.items()}
    assert sum(seen.values()) == 57


def test_subcriteria_monitors_keep_the_spelling_of_their_criterion(plan):
    # 6.1 writes "Phòng Tài chính - Kế hoạch" (hyphen), 6.3 "Phòng Tài chính – Kế hoạch" (en dash).
    def written(code):
        task = plan.tasks.get(code=code)
        return [a.name_as_written for a in task.assignments.filter(role=AssignmentRole.MONITOR)]

    assert written("6.1.1") == ["Phòng Tài chính - Kế hoạch"]
    assert written("6.3.4") == ["Phòng Tài chính – Kế hoạch"]
    assert written("8.3.1") == ["Phòng Tài chính – Kế hoạch"]


def test_criterion_1_4_communication_three_leads(plan):
    task = _task(plan, "1", "1.4")
    assert task.title == "Công tác tuyên truyền CCHC"
    assert task.expected_result.startswith("- Các bài viết về những kết quả đạt được")
    assert _names(task, AssignmentRole.MONITOR) == ["Phòng Văn hóa và Thông tin"]
    assert _names(task, AssignmentRole.LEAD) == [
        "Phòng Nội vụ",
        VP,
        "Trung tâm Văn hóa - Thông tin - Thể thao",
    ]
    assert _names(task, AssignmentRole.PARTNER) == [ALL]
    _assert_no_deadline(task)


def test_criterion_3_1_two_monitors(plan):
    task = _task(plan, "3", "3.1")
    assert task.title == "Kiểm soát quy định thủ tục hành chính (TTHC)"
    assert _names(task, AssignmentRole.MONITOR) == [VP, "Phòng Tư pháp"]
    assert _names(task, AssignmentRole.LEAD) == [ALL]
    assert _names(task, AssignmentRole.PARTNER) == []
    _assert_no_deadline(task)


def test_criterion_3_3_2_vertical_agencies(plan):
    task = _task(plan, "3", "3.3.2")
    assert task.parent.code == "3.3"
    assert task.title.startswith("Đưa TTHC ngành dọc thực hiện việc tiếp nhận hồ sơ")
    assert task.expected_result == (
        "- Trên 90% TTHC thuộc ngành dọc quy định tại Quyết định số 1291/QĐ-TTg ngày 07/10/2019 "
        "của Thủ tướng Chính phủ"
    )
    assert _names(task, AssignmentRole.LEAD) == ["Các cơ quan ngành dọc đóng trên địa bàn huyện"]
    assert _names(task, AssignmentRole.PARTNER) == []
    _assert_no_deadline(task)


def test_criterion_5_6_leads_offices_and_communes(plan):
    task = _task(plan, "5", "5.6")
    assert task.parent is None
    assert task.title == "Tỷ lệ đạt chuẩn của cán bộ, công chức cấp xã"
    assert _names(task, AssignmentRole.MONITOR) == ["Phòng Nội vụ"]
    # "Các cơ quan, đơn vị; UBND các xã, thị trấn"
    assert _names(task, AssignmentRole.LEAD) == ["Các cơ quan, đơn vị", "UBND các xã, thị trấn"]
    _assert_no_deadline(task)


def test_criterion_6_1_1_disbursement(plan):
    task = _task(plan, "6", "6.1.1")
    assert task.parent.code == "6.1"
    assert task.title.startswith("Thực hiện giải ngân kế hoạch đầu tư vốn ngân sách nhà nước")
    assert _names(task, AssignmentRole.LEAD) == [ALL]
    assert _names(task, AssignmentRole.PARTNER) == ["Phòng Kinh tế và Hạ tầng"]
    assert _names(task.parent, AssignmentRole.MONITOR) == ["Phòng Tài chính - Kế hoạch"]
    _assert_no_deadline(task)


def test_criterion_7_2_1_two_partners(plan):
    task = _task(plan, "7", "7.2.1")
    assert task.title == "Tỷ lệ xử lý văn bản, hồ sơ công việc trên môi trường mạng tại huyện"
    assert _names(task, AssignmentRole.LEAD) == [ALL]
    assert _names(task, AssignmentRole.PARTNER) == ["Phòng Văn hóa và Thông tin", "Phòng Nội vụ"]
    assert _names(task.parent, AssignmentRole.MONITOR) == ["Phòng Văn hóa và Thông tin", VP]
    _assert_no_deadline(task)


def test_criterion_8_2_investment(plan):
    task = _task(plan, "8", "8.2")
    assert task.title == "Mức độ thu hút đầu tư"
    assert _names(task, AssignmentRole.MONITOR) == ["Phòng Kinh tế và Hạ tầng"]
    assert _names(task, AssignmentRole.LEAD) == ["Phòng Kinh tế và Hạ tầng"]
    assert _names(task, AssignmentRole.PARTNER) == [ALL]
    _assert_no_deadline(task)


def test_indicator_3_sipas_statement(plan):
    indicator = Indicator.objects.get(plan=plan, code="3", part=1)
    assert indicator.area is None
    assert indicator.statement == (
        "Chỉ số SIPAS đạt từ 90% trở lên; Chỉ số khảo sát đại biểu Hội đồng nhân dân, cán bộ, "
        "công chức lãnh đạo các cấp đạt từ 80% trở lên."
    )


@pytest.mark.parametrize("code", ["3", "8.a"])
def test_council_survey_index_is_not_labelled_sipas(plan, code):
    # II.3 and III.8.a: "Chỉ số SIPAS đạt từ 90% trở lên; Chỉ số khảo sát đại biểu Hội đồng
    # nhân dân[, cán bộ, công chức lãnh đạo các cấp] đạt từ 80% trở lên." Two indices: SIPAS
    # (a survey of citizens and organisations) and the survey of council delegates and leaders.
    rows = [
        (i.part, i.subject, i.comparator, i.target_value, i.unit, i.clause.split(" đạt")[0])
        for i in Indicator.objects.filter(plan=plan, code=code).order_by("part")
    ]
    survey = (
        "Chỉ số khảo sát đại biểu Hội đồng nhân dân, cán bộ, công chức lãnh đạo các cấp"
        if code == "3"
        else "Chỉ số khảo sát đại biểu Hội đồng nhân dân"
    )
    assert rows == [
        (1, "SIPAS", "gte", 90, "percent", "Chỉ số SIPAS"),
        (2, "Khảo sát đại biểu HĐND, lãnh đạo", "gte", 80, "percent", survey),
    ]


def test_target_6c_is_a_reduction_of_10_percent_against_2021(plan):
    # III.6.c: "Đến năm 2025, giảm 10% chi trực tiếp ngân sách nhà nước cho các đơn vị sự
    # nghiệp công lập của huyện so với năm 2021."
    increase, reduction = Indicator.objects.filter(plan=plan, code="6.c").order_by("part")
    assert (increase.comparator, increase.target_value) == ("increase", None)
    assert reduction.clause == (
        "Đến năm 2025, giảm 10% chi trực tiếp ngân sách nhà nước cho các đơn vị sự nghiệp công "
        "lập của huyện so với năm 2021"
    )
    assert (reduction.comparator, reduction.target_value, reduction.base_year) == (
        "reduction",
        10,
        2021,
    )
    assert target_label(reduction) == "Giảm ≥ 10% so với năm 2021"


def test_quirk_html_tags_are_stripped_from_every_cell(plan):
    for task in plan.tasks.all():
        for text in (task.title, task.expected_result):
            for tag in ("<ul", "<li", "<p>", "</p>", "</ul>", "style="):
                assert tag not in text, (task.code, tag)
    task = _task(plan, "8", "8.1.1")
    assert task.expected_result.startswith(
        "1. Cung cấp thông tin về chính sách cho người dân Niết yết công khai"
    )


def test_quirk_spaced_numbering_8_1_1_and_8_3_1_read_as_tree_codes(plan):
    for code, parent in (("8.1.1", "8.1"), ("8.1.2", "8.1"), ("8.3.1", "8.3")):
        task = _task(plan, "8", code)
        assert task.parent.code == parent
        assert task.display_code == code
    assert not plan.tasks.filter(code__contains=" ").exists()
    task = _task(plan, "8", "8.1.2")
    assert task.title == "Việc cung ứng dịch vụ hành chính công"
    assert _names(task, AssignmentRole.PARTNER) == [VP, "Phòng Nội vụ"]


def test_quirk_cells_broken_across_pages_are_joined(plan):
    task = _task(plan, "2", "2.2.2")
    assert task.title == "Kết quả sửa đổi, bổ sung, bãi bỏ, thay thế văn bản QPPL sau rà soát"
    assert "- Danh mục tổng hợp các văn bản cần xử lý sau rà soát và kèm theo tiến độ" in (
        task.expected_result
    )
    assert _names(task, AssignmentRole.PARTNER) == [ALL]
    assert _task(plan, "3", "3.4").title == "Kết quả giải quyết hồ sơ TTHC"
    assert _task(plan, "1", "1.6").expected_result.endswith(
        "- Xử lý 100% đề xuất, kiến nghị của người dân, doanh nghiệp thuộc chức năng, nhiệm vụ "
        "quản lý."
    )


def test_quirk_misspellings_are_kept_verbatim(plan):
    assert _task(plan, "6", "6.1.1").expected_result.startswith("Phân đầu thực hiện giải ngân")
    assert "Phần đầu số vốn thu hút đầu tư" in _task(plan, "8", "8.2").expected_result
    assert "CBCCVVC có thái độ những nhiều" in _task(plan, "8", "8.1.2").expected_result
