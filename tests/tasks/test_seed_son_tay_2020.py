"""The Sơn Tây 2020 plan (seed 002, prose plan issued by QĐ 2579/QĐ-UBND) against its source.

Expected values are read from the source plan 002_5961b47ebee96b2e.txt, not from the fixture.
"""

import datetime
import io
from collections import Counter

import pytest
from django.core.management import call_command

from indicators.models import Indicator
from plans.models import Plan
from tasks.models import AssignmentRole, Task
from tests.tasks.seed import assigned_names as _names

pytestmark = pytest.mark.django_db

SLUG = "son-tay-2020"

VP = "Văn phòng HĐND và UBND huyện"
CQDV = "Các cơ quan, đơn vị"
XA = "UBND các xã"


@pytest.fixture
def plan(db):
    call_command("load_plans", SLUG, stdout=io.StringIO())
    return Plan.objects.get(slug=SLUG)


def _task(plan, numeral, code):
    return Task.objects.select_related("parent").get(plan=plan, area__numeral=numeral, code=code)


def test_task_count_per_area_matches_the_lettered_items_of_section_ii(plan):
    counts = Counter(plan.tasks.values_list("area__numeral", flat=True))
    # Area 1: a)–e) plus the unlettered "- Rà soát để sửa đổi…" item; area 2: a/–e/, f)–h),
    # with e/'s two unlettered parts; area 5: one unlettered item.
    assert dict(counts) == {"1": 7, "2": 10, "3": 5, "4": 5, "5": 1, "6": 4, "7": 2, "8": 4}
    assert plan.tasks.count() == 38


def test_areas_are_the_eight_headings_of_section_ii_in_order(plan):
    assert list(plan.areas.order_by("order").values_list("numeral", "reform_area__code")) == [
        ("1", "the-che"),
        ("2", "thu-tuc-hanh-chinh"),
        ("3", "to-chuc-bo-may"),
        ("4", "cong-vu"),
        ("5", "tai-chinh-cong"),
        ("6", "chinh-quyen-so"),
        ("7", "chi-dao-dieu-hanh"),
        ("8", "chi-dao-dieu-hanh"),
    ]
    assert plan.areas.get(numeral="7").heading == "Công tác thông tin và tuyên truyền"


def test_task_codes_are_the_letters_in_document_order(plan):
    codes = [(t.area.numeral, t.code) for t in plan.tasks.order_by("order").select_related("area")]
    assert codes == [
        ("1", "a"),
        ("1", "b"),
        ("1", "c"),
        ("1", "d"),
        ("1", "đ"),
        ("1", "e"),
        ("1", ""),
        ("2", "a"),
        ("2", "b"),
        ("2", "c"),
        ("2", "d"),
        ("2", "e"),
        ("2", ""),
        ("2", ""),
        ("2", "f"),
        ("2", "g"),
        ("2", "h"),
        ("3", "a"),
        ("3", "b"),
        ("3", "c"),
        ("3", "d"),
        ("3", "đ"),
        ("4", "a"),
        ("4", "b"),
        ("4", "c"),
        ("4", "d"),
        ("4", "đ"),
        ("5", ""),
        ("6", "a"),
        ("6", "b"),
        ("6", "c"),
        ("6", "d"),
        ("7", "a"),
        ("7", "b"),
        ("8", "a"),
        ("8", "b"),
        ("8", "c"),
        ("8", "d"),
    ]
    assert list(
        plan.tasks.filter(parent__isnull=False).values_list("parent__code", "code", "order")
    ) == [("e", "", 13), ("e", "", 14)]


def test_indicator_count_is_the_two_numeric_targets_in_task_products(plan):
    assert plan.indicators.filter(part=1).count() == 2
    assert list(plan.indicators.filter(part=1).values_list("code", flat=True)) == ["1.b", "2.e"]


def test_plan_metadata(plan):
    assert plan.number == "2579/QĐ-UBND"
    assert plan.issue_date == datetime.date(2019, 12, 31)
    assert plan.signer == "Đình Quang Ven"
    assert plan.kind == "annual"
    assert (plan.start_year, plan.end_year) == (2020, 2020)
    assert plan.title == "Kế hoạch cải cách hành chính năm 2020, trên địa bàn huyện Sơn Tây"
    assert plan.unit.name == "Sơn Tây"
    assert plan.unit.parent.name == "Quảng Ngãi"


def test_task_1b_legal_documents_by_offices_and_communes(plan):
    task = _task(plan, "1", "b")
    assert task.display_code == "b"
    assert task.title.startswith("Xây dựng, tham mưu ban hành văn bản quy phạm pháp luật")
    assert task.products.startswith("100% văn bản quy phạm pháp luật được ban hành đúng thẩm quyền")
    assert _names(task, AssignmentRole.LEAD) == [CQDV, XA]
    assert _names(task, AssignmentRole.PARTNER) == ["Phòng Tư pháp", "Các cơ quan liên quan"]
    assert task.deadline_text == "Đúng tiến độ đã được cấp có thẩm quyền giao."
    assert task.due_date is None
    assert task.deadline_kind == "conditional"


def test_unlettered_task_of_area_1_is_its_own_row(plan):
    task = _task(plan, "1", "")
    assert task.display_code == ""
    assert task.title.startswith("Rà soát để sửa đổi, bổ sung hoặc ban hành mới một số văn bản")
    assert task.products == (
        "Các Quyết định của UBND huyện điều chỉnh, bổ sung hoặc ban hành mới văn bản, quy định, "
        "đề án..."
    )
    assert _names(task, AssignmentRole.LEAD) == [CQDV]
    assert _names(task, AssignmentRole.PARTNER) == ["Các cơ quan, đơn vị, địa phương liên quan"]
    assert task.deadline_text == "Thường xuyên trong năm."
    assert task.due_date is None
    assert task.deadline_kind == "recurring"


def test_task_2d_partners_are_also_monitors(plan):
    # "Cơ quan phối hợp, theo dõi: Văn phòng HĐND&UBND huyện, Phòng Văn hóa và Thông tin"
    task = _task(plan, "2", "d")
    assert task.display_code == "d"
    assert task.title == "Thực hiện niêm yết công khai, minh bạch TTHC."
    assert _names(task, AssignmentRole.LEAD) == [CQDV, XA]
    assert _names(task, AssignmentRole.PARTNER) == [VP, "Phòng Văn hóa và Thông tin"]
    assert _names(task, AssignmentRole.MONITOR) == [VP, "Phòng Văn hóa và Thông tin"]
    assert task.deadline_text == "Thường xuyên trong năm."
    assert task.due_date is None
    assert task.deadline_kind == "recurring"


def test_task_2e_is_a_heading_with_the_shared_product_and_time(plan):
    task = _task(plan, "2", "e")
    assert task.title == (
        "Tổ chức triển khai thực hiện nghiêm túc công tác tiếp nhận, xử lý phản ánh, kiến nghị "
        "của cá nhân, tổ chức đối với TTHC."
    )
    # no agency lines left in the text: they belong to the two parts
    assert task.activities == ""
    assert task.products == (
        "Tại trụ sở cơ quan, đơn vị tiếp nhận, giải quyết TTHC đều thực hiện niêm yết bảng thông "
        "báo hướng dẫn tiếp nhận phản ánh, kiến nghị về quy định hành chính; 100% các phản ánh, "
        "kiến nghị của cá nhân, tổ chức về TTHC được tiếp nhận, xử lý theo đúng quy định."
    )
    assert task.deadline_text == "Thường xuyên trong năm."
    assert task.assignments.count() == 0


def test_task_2e_first_part_posting_notices(plan):
    # "- Niêm yết bảng thông báo …: + Cơ quan chủ trì thực hiện: Các cơ quan, đơn vị, UBND cấp
    # xã. + Cơ quan phối hợp, theo dõi: Văn phòng HĐND&UBND huyện."
    posting = Task.objects.filter(parent=_task(plan, "2", "e")).order_by("order")[0]
    assert (posting.code, posting.display_code) == ("", "e.")
    assert posting.title == (
        "Niêm yết bảng thông báo hướng dẫn tiếp nhận phản ánh, kiến nghị về quy định hành chính "
        "tại trụ sở cơ quan, đơn vị tiếp nhận, giải quyết TTHC"
    )
    assert _names(posting, AssignmentRole.LEAD) == [CQDV, XA]
    assert _names(posting, AssignmentRole.PARTNER) == [VP]
    assert _names(posting, AssignmentRole.MONITOR) == [VP]
    assert posting.products == (
        "Tại trụ sở cơ quan, đơn vị tiếp nhận, giải quyết TTHC đều thực hiện niêm yết bảng thông "
        "báo hướng dẫn tiếp nhận phản ánh, kiến nghị về quy định hành chính"
    )
    assert posting.deadline_text == "Thường xuyên trong năm."
    assert posting.deadline_kind == "recurring"


def test_task_2e_second_part_handling_feedback(plan):
    # "- Tiếp nhận, xử lý phản ánh, kiến nghị …: + Cơ quan tham mưu: Văn phòng HĐND & UBND
    # huyện . + Cơ quan phối hợp thực hiện: Các cơ quan, đơn vị, UBND cấp xã."
    handling = Task.objects.filter(parent=_task(plan, "2", "e")).order_by("order")[1]
    assert handling.code == ""
    assert (
        handling.title == "Tiếp nhận, xử lý phản ánh, kiến nghị của cá nhân, tổ chức đối với TTHC"
    )
    assert _names(handling, AssignmentRole.LEAD) == [VP]
    assert _names(handling, AssignmentRole.PARTNER) == [CQDV, XA]
    assert _names(handling, AssignmentRole.MONITOR) == []
    assert handling.products == (
        "100% các phản ánh, kiến nghị của cá nhân, tổ chức về TTHC được tiếp nhận, xử lý theo "
        "đúng quy định."
    )
    assert handling.deadline_text == "Thường xuyên trong năm."


def test_task_2e_no_lead_of_a_part_is_also_its_partner_or_monitor(plan):
    for part in Task.objects.filter(parent=_task(plan, "2", "e")):
        leads = set(_names(part, AssignmentRole.LEAD))
        assert not leads & set(_names(part, AssignmentRole.PARTNER))
        assert not leads & set(_names(part, AssignmentRole.MONITOR))


def test_task_3c_project_on_public_service_units(plan):
    task = _task(plan, "3", "c")
    assert task.display_code == "c"
    assert task.title.startswith("Xây dựng Đề án đổi mới hệ thống tổ chức và quản lý")
    assert task.products == "Đề án của UBND huyện."
    assert _names(task, AssignmentRole.LEAD) == ["Phòng Nội vụ"]
    assert _names(task, AssignmentRole.PARTNER) == [CQDV]
    assert task.deadline_text == "trong năm 2020."
    assert task.due_date == datetime.date(2020, 12, 31)
    assert task.deadline_kind == "year"


def test_task_4c_interior_office_is_both_lead_and_partner(plan):
    task = _task(plan, "4", "c")
    assert task.title.startswith("Xây dựng và ban hành Bộ tiêu chí, quy trình đánh giá cán bộ")
    # "Cơ quan tham mưu thực hiện: Phòng nội vụ, các cơ quan, đơn vị; UBND cấp xã."
    assert _names(task, AssignmentRole.LEAD) == ["Phòng Nội vụ", CQDV, XA]
    # "Cơ quan phối hợp: Ban Tổ chức Huyện ủy, Phòng Nội vụ và các cơ quan liên quan."
    assert _names(task, AssignmentRole.PARTNER) == [
        "Ban Tổ chức Huyện ủy",
        "Phòng Nội vụ",
        "Các cơ quan liên quan",
    ]
    assert task.deadline_text == "Quý III năm 2020."
    assert task.due_date == datetime.date(2020, 9, 30)
    assert task.deadline_kind == "quarter"


def test_single_task_of_area_5_public_finance(plan):
    task = _task(plan, "5", "")
    assert task.display_code == ""
    assert task.title.startswith("Tiếp tục hoàn thiện, ban hành và tổ chức triển khai Quy định")
    assert task.products == "Quyết định của UBND huyện."
    assert _names(task, AssignmentRole.LEAD) == ["Phòng Tài chính - Kế hoạch"]
    assert _names(task, AssignmentRole.PARTNER) == [CQDV, XA]
    assert task.deadline_text == "Quý II năm 2020."
    assert task.due_date == datetime.date(2020, 6, 30)
    assert task.deadline_kind == "quarter"


def test_task_6a_partner_district_and_communes_split(plan):
    task = _task(plan, "6", "a")
    assert task.title.startswith(
        "Xây dựng, ban hành và tổ chức triển khai thực hiện kế hoạch ứng dụng"
    )
    assert _names(task, AssignmentRole.LEAD) == ["Phòng Văn hóa và Thông tin"]
    # "Các cơ quan, đơn vị, UBND cấp huyện và xã."
    assert _names(task, AssignmentRole.PARTNER) == [CQDV, "UBND huyện", XA]
    assert task.deadline_text == (
        "Quý I năm 2020 ban hành kế hoạch; định kỳ báo cáo kết quả thực hiện."
    )


def test_task_7b_radio_station_is_a_partner(plan):
    task = _task(plan, "7", "b")
    assert task.display_code == "b"
    assert task.title == "Xây dựng Kế hoạch tuyên truyền cải cách hành chính năm 2021."
    assert _names(task, AssignmentRole.LEAD) == ["Phòng Văn hóa và Thông tin"]
    assert _names(task, AssignmentRole.PARTNER) == [
        "Đài Truyền thanh - Phát lại truyền hình",
        "Các cơ quan, đơn vị, địa phương liên quan",
    ]
    assert task.deadline_text == "Tháng 12 năm 2020."
    assert task.due_date == datetime.date(2020, 12, 31)
    assert task.deadline_kind == "month"


def test_task_8d_review_conference_in_january_2021(plan):
    task = _task(plan, "8", "d")
    assert task.title.startswith("Tổ chức sơ kết đánh giá kết quả thực hiện cải cách hành chính")
    assert "cấp cấp huyện" in task.title  # repeated word kept as written
    assert _names(task, AssignmentRole.LEAD) == ["Phòng Nội vụ"]
    assert _names(task, AssignmentRole.PARTNER) == ["Các cơ quan, đơn vị, địa phương liên quan"]
    assert task.deadline_text == "Tháng 01/2021;"
    assert task.due_date == datetime.date(2021, 1, 31)
    assert task.deadline_kind == "month"


def test_indicator_1b_statement_is_the_product_text(plan):
    indicator = Indicator.objects.get(plan=plan, code="1.b", part=1)
    assert indicator.area.numeral == "1"
    assert indicator.statement == (
        "100% văn bản quy phạm pháp luật được ban hành đúng thẩm quyền, trình tự, thủ tục theo "
        "quy định của pháp luật về ban hành văn bản quy phạm pháp luật."
    )


def test_quirk_decision_number_2579_versus_253_254_is_flagged(plan):
    # First page "Số: 2579 /QĐ-UBND"; plan header "Quyết định số ~~253~~ **254**/QĐ-UBND".
    assert plan.number == "2579/QĐ-UBND"
    assert "253" in plan.notes
    assert "254" in plan.notes
    # the structured line plan_issues compares with the number
    assert plan.notes.splitlines()[-1].startswith(
        "Số hiệu ghi khác trong văn bản: 254/QĐ-UBND; 253/QĐ-UBND — "
    )


def test_quirk_task_2f_keeps_quarter_iii_2019_inside_the_2020_plan(plan):
    task = _task(plan, "2", "f")
    assert task.title.startswith("Xây dựng quy định về quy trình giải quyết TTHC theo cơ chế")
    assert _names(task, AssignmentRole.LEAD) == [VP]
    assert _names(task, AssignmentRole.PARTNER) == [
        "Phòng Nội vụ",
        "Phòng Văn hóa và Thông tin",
        "Các cơ quan, đơn vị, địa phương liên quan",
    ]
    assert task.deadline_text == "Quý III năm 2019."
    assert task.due_date == datetime.date(2019, 9, 30)
    assert task.deadline_kind == "quarter"


def test_quirk_son_tay_typo_is_noted_and_district_spelled_correctly(plan):
    assert plan.unit.name == "Sơn Tây"
    assert "Son Tây" in plan.notes
