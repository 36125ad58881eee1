"""The Thăng Bình 2022 plan (seed 003) as loaded from its fixture, checked against the source.

Expected values are read from the source document's appendix (a table extracted from a PDF:
TT, Nội dung, Sản phẩm, Thời gian, Chủ trì, Phối hợp), not from the fixture.
"""

import datetime
import io

import pytest
from django.core.management import call_command

from indicators.models import Indicator
from plans.models import Plan
from tasks.models import AssignmentRole, DeadlineKind, Task
from tests.tasks.seed import assigned_names as _names

pytestmark = pytest.mark.django_db

SLUG = "thang-binh-2022"


@pytest.fixture
def plan(db):
    call_command("load_plans", SLUG, stdout=io.StringIO())
    return Plan.objects.get(slug=SLUG)


def _tasks(plan, numeral, code):
    return list(
        Task.objects.filter(plan=plan, area__numeral=numeral, code=code)
        .select_related("parent")
        .order_by("order")
    )


def _task(plan, numeral, code):
    (task,) = _tasks(plan, numeral, code)
    return task


def test_task_count_per_area_and_total(plan):
    counts = {area.numeral: area.tasks.count() for area in plan.areas.order_by("order")}
    assert counts == {"I": 19, "II": 3, "III": 10, "IV": 4, "V": 8, "VI": 2, "VII": 8}
    assert plan.tasks.count() == 54


def test_area_headings_in_document_order(plan):
    headings = [(a.numeral, a.heading) for a in plan.areas.order_by("order")]
    assert headings == [
        ("I", "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH"),
        ("II", "CẢI CÁCH THỂ CHẾ"),
        ("III", "CẢI CÁCH THỦ TỤC HÀNH CHÍNH"),
        ("IV", "CẢI CÁCH TỔ CHỨC BỘ MÁY HÀNH CHÍNH NHÀ NƯỚC"),
        ("V", "CẢI CÁCH CHẾ ĐỘ CÔNG VỤ"),
        ("VI", "CẢI CÁCH TÀI CHÍNH CÔNG"),
        ("VII", "XÂY DỰNG CHÍNH QUYỀN ĐIỆN TỬ, CHÍNH QUYỀN SỐ"),
    ]


def test_numbering_restarts_at_one_in_each_area(plan):
    for area in plan.areas.all():
        first = area.tasks.order_by("order").first()
        assert first.code == "1", area.numeral


def test_eight_main_targets(plan):
    codes = list(
        Indicator.objects.filter(plan=plan).order_by("order").values_list("code", flat=True)
    )
    assert list(dict.fromkeys(codes)) == ["1", "2", "3", "4", "5", "6", "7", "8"]


def test_plan_metadata(plan):
    assert plan.number == ""
    assert plan.issue_date is None
    assert plan.signer == ""
    assert plan.issuer == "UBND huyện Thăng Bình"
    assert plan.start_year == 2022
    assert plan.end_year == 2022
    assert plan.kind == "annual"
    assert plan.unit.name == "Thăng Bình"
    assert plan.unit.parent.name == "Quảng Nam"


def test_task_i_1_programme_14_plan(plan):
    task = _task(plan, "I", "1")
    assert task.display_code == "1"
    assert task.title.startswith(
        "Xây dựng, ban hành và tổ chức thực hiện Kế hoạch thực hiện Chương trình số "
        "14-CTr/HU ngày 26/11/2021"
    )
    assert task.products == "Kế hoạch của UBND huyện"
    assert _names(task, AssignmentRole.LEAD) == ["Phòng Nội vụ"]
    assert _names(task, AssignmentRole.PARTNER) == [
        "Các Phòng ban chuyên môn huyện",
        "UBND các xã, thị trấn",
    ]
    assert task.deadline_text == (
        "Ban hành Kế hoạch trong tháng 01, thực hiện năm 2022 và các năm tiếp theo"
    )
    assert task.due_date == datetime.date(2022, 12, 31)
    assert task.deadline_kind == DeadlineKind.YEAR


def test_task_i_3_propaganda_plan_has_three_partners(plan):
    task = _task(plan, "I", "3")
    assert task.display_code == "3"
    assert task.title.startswith("Xây dựng, ban hành và tổ chức thực hiện Kế hoạch tuyên truyền")
    assert _names(task, AssignmentRole.LEAD) == ["Phòng Nội vụ"]
    assert _names(task, AssignmentRole.PARTNER) == [
        "Phòng Tư pháp",
        "Phòng Văn hóa và Thông tin",
        "Trung tâm Văn hóa - Thể thao và Truyền thanh - Truyền hình",
    ]
    assert task.deadline_text == "Ban hành Kế hoạch trong tháng 01, thực hiện năm 2022"
    assert task.due_date == datetime.date(2022, 12, 31)
    assert task.deadline_kind == DeadlineKind.YEAR


def test_task_i_7_self_assessment_led_by_council(plan):
    task = _task(plan, "I", "7")
    assert task.display_code == "7"
    assert task.title == "Thực hiện tự đánh giá, chấm điểm cải cách hành chính huyện năm 2021;"
    assert task.products == "Báo cáo của UBND huyện"
    assert _names(task, AssignmentRole.LEAD) == ["Hội đồng đánh giá kết quả CCHC huyện"]
    assert _names(task, AssignmentRole.PARTNER) == [
        "Chi nhánh Văn phòng đăng ký đất đai Thăng Bình"
    ]
    assert task.deadline_text == "Tháng 01/2022"
    assert task.due_date == datetime.date(2022, 1, 31)
    assert task.deadline_kind == DeadlineKind.MONTH


def test_task_i_11_investor_dialogue(plan):
    task = _task(plan, "I", "11")
    assert task.title.startswith("Tổ chức tọa đàm, đối thoại giữa nhà đầu tư với lãnh đạo huyện")
    assert task.products == "Kế hoạch, Hội nghị"
    assert _names(task, AssignmentRole.LEAD) == ["Văn phòng HĐND và UBND huyện"]
    assert _names(task, AssignmentRole.PARTNER) == [
        "Phòng Kinh tế và Hạ tầng",
        "Trung tâm Phát triển quỹ đất và CN-DV huyện",
    ]
    assert task.deadline_text == "Quý II/2022"
    assert task.due_date == datetime.date(2022, 6, 30)
    assert task.deadline_kind == DeadlineKind.QUARTER


def test_task_i_18_two_milestone_survey(plan):
    task = _task(plan, "I", "18")
    assert task.title.startswith(
        "Xây dựng, ban hành và tổ chức thực hiện Kế hoạch Điều tra, đánh giá mức độ hài lòng"
    )
    assert "kết quả CCHC năm 2022" in task.title
    assert _names(task, AssignmentRole.LEAD) == ["Phòng Nội vụ"]
    assert task.deadline_text == (
        "Ban hành Kế hoạch trong tháng 11 và hoàn thành điều tra, đánh giá trong tháng 12/2022"
    )
    assert task.due_date == datetime.date(2022, 12, 31)
    assert task.deadline_kind == DeadlineKind.MONTH


def test_task_iii_6_land_procedures_review(plan):
    task = _task(plan, "III", "6")
    assert task.display_code == "6"
    assert task.title == "Rà soát, đánh giá TTHC trên lĩnh vực đất đai"
    assert task.products == "Báo cáo của UBND huyện"
    assert _names(task, AssignmentRole.LEAD) == ["Văn phòng HĐND và UBND huyện"]
    assert _names(task, AssignmentRole.PARTNER) == [
        "Phòng Tài nguyên và Môi trường",
        "Chi nhánh Văn phòng đăng ký đất đai Thăng Bình",
    ]
    assert task.deadline_text == "Quý IV/2022"
    assert task.due_date == datetime.date(2022, 12, 31)
    assert task.deadline_kind == DeadlineKind.QUARTER


def test_task_iii_8_inspection_report_has_three_partners(plan):
    task = _task(plan, "III", "8")
    assert task.title.startswith("Báo cáo công tác thanh tra, tiếp công dân")
    assert task.products == (
        "Phần mềm hệ thống thông tin báo cáo của Thanh tra Chính Phủ và Văn bản của UBND huyện"
    )
    assert _names(task, AssignmentRole.LEAD) == ["Thanh tra huyện"]
    assert _names(task, AssignmentRole.PARTNER) == [
        "Ban tiếp công dân huyện",
        "Các Phòng ban chuyên môn huyện",
        "UBND các xã, thị trấn",
    ]
    assert task.deadline_text == "Thường xuyên"
    assert task.due_date is None
    assert task.deadline_kind == DeadlineKind.RECURRING


def test_task_iv_4_lead_and_partner_reversed(plan):
    task = _task(plan, "IV", "4")
    assert task.title.startswith("Tiếp tục điều chỉnh vị trí việc làm")
    assert _names(task, AssignmentRole.LEAD) == ["Các phòng, ban, đơn vị sự nghiệp huyện"]
    assert _names(task, AssignmentRole.PARTNER) == ["Phòng Nội vụ"]
    assert task.deadline_text == "Thường xuyên"
    assert task.due_date is None
    assert task.deadline_kind == DeadlineKind.RECURRING


def test_task_v_1_deadline_split_across_pages(plan):
    task = _task(plan, "V", "1")
    assert task.title == (
        "Xây dựng, ban hành và tổ chức thực hiện Kế hoạch tăng cường kỷ luật, kỷ cương hành chính"
    )
    assert _names(task, AssignmentRole.LEAD) == ["Phòng Nội vụ"]
    assert _names(task, AssignmentRole.PARTNER) == [
        "Các Phòng ban chuyên môn huyện",
        "Các đơn vị sự nghiệp công lập",
        "UBND các xã, thị trấn",
    ]
    assert task.deadline_text == "Ban hành Kế hoạch trong tháng 01 và thực hiện cả năm 2022"
    assert task.due_date == datetime.date(2022, 12, 31)
    assert task.deadline_kind == DeadlineKind.YEAR


def test_task_v_3_rotation_finishes_in_april(plan):
    task = _task(plan, "V", "3")
    assert task.title.startswith("Thực hiện Chuyển đổi vị trí công tác")
    assert _names(task, AssignmentRole.LEAD) == ["Phòng Nội vụ"]
    assert _names(task, AssignmentRole.PARTNER) == [
        "Các Phòng ban chuyên môn huyện",
        "UBND các xã, thị trấn",
    ]
    assert task.deadline_text == "Ban hành Kế hoạch trong tháng 02, hoàn thành tháng 4/2022"
    assert task.due_date == datetime.date(2022, 4, 30)
    assert task.deadline_kind == DeadlineKind.MONTH


def test_task_v_6_ad_hoc_inspection(plan):
    task = _task(plan, "V", "6")
    assert task.title == "Kiểm tra kỷ luật, kỷ cương hành chính"
    assert task.products == "Văn bản của UBND huyện"
    assert _names(task, AssignmentRole.LEAD) == ["Tổ kiểm tra"]
    assert _names(task, AssignmentRole.PARTNER) == ["Phòng Nội vụ"]
    assert task.deadline_text == "Đột xuất"
    assert task.due_date is None
    assert task.deadline_kind == DeadlineKind.ADHOC


def test_task_vi_2_led_by_public_service_units(plan):
    task = _task(plan, "VI", "2")
    assert task.title.startswith("Thực hiện cơ chế tự chủ đối với đơn vị sự nghiệp công lập")
    assert task.products == "Kết quả thực hiện biên chế, kinh phí"
    assert _names(task, AssignmentRole.LEAD) == ["Các đơn vị sự nghiệp công lập"]
    assert _names(task, AssignmentRole.PARTNER) == ["Phòng Tài chính - Kế hoạch"]
    assert task.deadline_text == "Thường xuyên"
    assert task.due_date is None
    assert task.deadline_kind == DeadlineKind.RECURRING


def test_task_vii_5_smart_centre(plan):
    task = _task(plan, "VII", "5")
    assert task.display_code == "5"
    assert task.title == "Triển khai Trung tâm hành chính thông minh huyện Thăng Bình IOC"
    assert task.products == "Hệ thống"
    assert _names(task, AssignmentRole.LEAD) == ["Văn phòng HĐND và UBND huyện"]
    assert _names(task, AssignmentRole.PARTNER) == [
        "Các Phòng ban chuyên môn huyện",
        "UBND các xã, thị trấn",
    ]
    assert task.deadline_text == "Quý I/2022"
    assert task.due_date == datetime.date(2022, 3, 31)
    assert task.deadline_kind == DeadlineKind.QUARTER


def test_task_vii_7_text_split_by_page_number(plan):
    task = _task(plan, "VII", "7")
    assert task.title == (
        "Triển khai các giải pháp (thanh toán trực tuyến qua cổng, QR code, PoS; Đại lý dịch vụ "
        "công trực tuyến, ví điện tử Momo...) để bảo đảm nâng tỷ lệ sử dụng dịch vụ công trực "
        "tuyến."
    )
    assert task.products == (
        "Các văn bản chỉ đạo của UBND huyện; các giải pháp khuyến khích, hỗ trợ cá nhân, "
        "tổ chức sử dụng"
    )
    assert _names(task, AssignmentRole.LEAD) == ["Phòng Văn hóa và Thông tin"]
    assert task.deadline_text == "Thường xuyên"
    assert task.deadline_kind == DeadlineKind.RECURRING


def test_indicator_three_satisfaction_statement(plan):
    indicator = Indicator.objects.filter(plan=plan, code="3").order_by("part").first()
    assert indicator.area is None
    assert indicator.statement == (
        "Mức độ hài lòng của người dân, doanh nghiệp về giải quyết thủ tục hành chính đạt 85% "
        "trở lên; trong đó phấn đấu lĩnh vực đất đai, xây dựng, đầu tư, dịch vụ cung cấp y tế, "
        "giáo dục công lập mức độ hài lòng của người dân đạt 80% trở lên."
    )


def test_indicator_eight_rankings_name_their_own_indices(plan):
    # II.2, last bullet: "Phấn đấu xếp hạng Chỉ số cải cách hành chính (PAR Index), Chỉ số Ứng
    # dụng công nghệ thông tin (ICT Index) thuộc nhóm 05 … đứng đầu cả tỉnh; xếp hạng Chỉ số …
    # (PAPI), Chỉ số năng lực cạnh tranh cấp huyện (DDCI), Chỉ số hài lòng … (SIPAS) thuộc
    # nhóm 07 … đứng đầu cả tỉnh."
    rows = [
        (i.part, i.subject, i.comparator, i.target_value, i.unit)
        for i in Indicator.objects.filter(plan=plan, code="8").order_by("part")
    ]
    assert rows == [
        (1, "Chỉ số CCHC (PAR Index), ICT Index", "top", 5, "rank"),
        (2, "PAPI, DDCI, SIPAS", "top", 7, "rank"),
    ]


def test_quirk_area_three_numbers_two_twice(plan):
    codes = list(
        plan.tasks.filter(area__numeral="III").order_by("order").values_list("code", flat=True)
    )
    assert codes == ["1", "2", "2", "3", "4", "5", "6", "7", "8", "9"]
    first, second = _tasks(plan, "III", "2")
    assert first.title.startswith("Kiện toàn lại Bộ phận Một cửa huyện khi Trụ sở mới")
    assert first.deadline_text == "Quý I/2022"
    assert second.title == "Cập nhật, công khai TTHC còn hiệu lực sau khi UBND tỉnh công bố"
    assert second.deadline_text == "Thường xuyên"


def test_quirk_cells_broken_across_pages_are_rejoined(plan):
    assert _task(plan, "II", "3").title.endswith(
        "đảm bảo hiệu quả, có trọng tâm, trọng điểm, phù hợp với tình hình thực tế tại địa "
        "phương và theo sự chỉ đạo của Trung ương, tỉnh"
    )
    assert _task(plan, "III", "5").title == (
        "Triển khai Quyết định số 2307/QĐ-UBND ngày 21/8/2020 của UBND tỉnh phê duyệt Đề án "
        "kiểm soát thủ tục hành chính ngoài thủ tục đã thực hiện theo cơ chế một cửa tại các cơ "
        "quan, đơn vị, địa phương"
    )
    assert _task(plan, "III", "9").title.endswith("Nội vụ, Văn hoá – Thông tin..")
    assert _task(plan, "V", "7").title == (
        "Kiện toàn, sắp xếp lại đội ngũ cán bộ, công chức xã phù hợp tiêu chuẩn chức danh"
    )


def test_quirk_source_typos_kept_verbatim(plan):
    assert _task(plan, "VI", "1").products == "Công văn của UBND huyệ"
    assert _task(plan, "IV", "1").title == "Triển khai Nghị định số 120/2020/NĐCP"
    assert "về việc thực hiện thực hiện Nghị quyết" in _task(plan, "I", "1").title
    assert _task(plan, "III", "7").title.startswith(
        "Triển khai Quyết định số 2034/QĐ- UBND ngày 03/7/2018"
    )
    assert _task(plan, "VII", "2").title.startswith(
        "Tiếp tục triển khai xây dựng Chính quyền điện tử theo Quyết định 2922/QĐ- UBND"
    )


def test_quirk_initiative_row_i_19(plan):
    task = _task(plan, "I", "19")
    assert task.initiative is True
    assert task.title.startswith("Thí điểm mô hình người đứng đầu cơ quan, đơn vị, địa phương")
    assert _names(task, AssignmentRole.LEAD) == ["Phòng Nội vụ"]
    assert task.deadline_text == "Định kỳ 01 tháng/01 chuyên đề"
    assert task.deadline_kind == DeadlineKind.RECURRING
    assert list(plan.tasks.filter(initiative=True).values_list("code", flat=True)) == ["19"]
