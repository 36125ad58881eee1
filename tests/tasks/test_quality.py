"""Data-quality findings (tasks.quality), the plan_issues command and the staff page.

Expectations on the seed plans are read from the source documents (Sơn Tây
002_5961b47ebee96b2e.txt, Thanh Oai 000_ef0492b62c74587e.txt, Tuy Phước
004_5869b5a3940833bd.txt, Cát Hải 001_5def03aff39284f6.txt, Thăng Bình 003_4cb7b4267cffe914.txt).
"""

import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from indicators.models import Comparator, Unit
from plans.models import Plan
from tasks.models import AssignmentRole
from tasks.quality import (
    NOTE_OTHER_DATE,
    NOTE_OTHER_NUMBER,
    Finding,
    FindingKind,
    Place,
    group_findings,
    plan_findings,
)
from tests.factories import (
    AgencyFactory,
    IndicatorFactory,
    PlanAreaFactory,
    PlanFactory,
    TaskAssignmentFactory,
    TaskFactory,
)

pytestmark = pytest.mark.django_db

LEAD, PARTNER, MONITOR = AssignmentRole.LEAD, AssignmentRole.PARTNER, AssignmentRole.MONITOR


def _of(slug, kind):
    """(ref, text, count) of the findings of one kind of a loaded plan."""
    plan = Plan.objects.get(slug=slug)
    return [(f.ref, f.text, f.count) for f in plan_findings(plan) if f.kind == kind]


def _load(slug):
    call_command("load_plans", slug, stdout=io.StringIO())
    return Plan.objects.get(slug=slug)


def _numbered_plan(**kwargs):
    """A plan with a number and an issue date, so that only the findings under test appear."""
    return PlanFactory(number="12/KH-UBND", issue_date=datetime.date(2022, 1, 10), **kwargs)


def _area(plan=None, numeral="I"):
    return PlanAreaFactory(plan=plan or _numbered_plan(), numeral=numeral)


def _kinds(plan):
    return [(f.kind, f.ref, f.text) for f in plan_findings(plan)]


# --- deadlines (seed plans) ------------------------------------------------------------------


def test_cat_hai_whole_year_2022_in_2023_plan_is_one_grouped_line(loaded_plans):
    assert _of("cat-hai-2023", FindingKind.OUT_OF_PERIOD) == [
        (
            "I/2",
            "“Từ Quý IV/2023 đến Quý I/2024” cho hạn 31/03/2024, ngoài thời kỳ kế hoạch 2023.",
            1,
        ),
        (
            "",
            "“Cả năm 2022” cho hạn 31/12/2022, ngoài thời kỳ kế hoạch 2023 "
            "(3 nhiệm vụ: VI/22, VI/23, VII/25).",
            3,
        ),
    ]


def test_son_tay_quarter_three_2019_in_2020_plan_is_out_of_period():
    _load("son-tay-2020")

    assert _of("son-tay-2020", FindingKind.OUT_OF_PERIOD) == [
        ("2/f", "“Quý III năm 2019.” cho hạn 30/09/2019, ngoài thời kỳ kế hoạch 2020.", 1),
        ("8/d", "“Tháng 01/2021;” cho hạn 31/01/2021, ngoài thời kỳ kế hoạch 2020.", 1),
    ]


def test_tuy_phuoc_tasks_without_deadline_are_one_line_with_every_task():
    plan = _load("tuy-phuoc-2023-2025")

    [finding] = [f for f in plan_findings(plan) if f.kind == FindingKind.NO_DEADLINE]

    assert finding.count == 91 == len(finding.refs) == len(finding.task_ids)
    assert finding.text == (
        "Văn bản không ghi thời hạn (91 nhiệm vụ: 1/1.1, 1/1.2, 1/1.3, 1/1.3.1, 1/1.3.2, "
        "1/1.4, 1/1.5, 1/1.6, 1/1.7, 2/2.1, …)."
    )


# --- plan metadata ---------------------------------------------------------------------------


def test_missing_number_and_issue_date_are_found():
    plan = PlanFactory(number="", issue_date=None)

    assert _kinds(plan) == [
        (
            FindingKind.PLAN_NUMBER_MISSING,
            "",
            "Chưa có số hiệu của kế hoạch (văn bản để trống hoặc chưa nhập); cần bổ sung khi có "
            "văn bản chính thức.",
        ),
        (
            FindingKind.PLAN_DATE_MISSING,
            "",
            "Chưa có ngày ban hành của kế hoạch (văn bản để trống hoặc chưa nhập); cần bổ sung "
            "khi có văn bản chính thức.",
        ),
    ]


def test_number_and_date_written_differently_in_the_document_conflict():
    plan = _numbered_plan(
        notes=(
            "Ghi chú tự do nhắc Quyết định số 25/QĐ-UBND ngày 19/11/2021 (không so sánh).\n"
            f"{NOTE_OTHER_NUMBER} 12 /KH-UBND; 13/KH-UBND — trang cuối ghi số 13.\n"
            f"{NOTE_OTHER_DATE} 10/01/2022; 11/01/2022 — phụ lục ghi ngày 11/01/2022."
        )
    )

    assert [(f.kind, f.text, f.values) for f in plan_findings(plan)] == [
        (
            FindingKind.PLAN_NUMBER_CONFLICT,
            "Số hiệu đang dùng “12/KH-UBND” khác với số văn bản ghi ở chỗ khác: “13/KH-UBND” "
            "(trang cuối ghi số 13).",
            ("12/KH-UBND", "13/KH-UBND"),
        ),
        (
            FindingKind.PLAN_DATE_CONFLICT,
            "Ngày ban hành đang dùng 10/01/2022 khác với ngày văn bản ghi ở chỗ khác: "
            "11/01/2022 (phụ lục ghi ngày 11/01/2022).",
            ("2022-01-10", "2022-01-11"),
        ),
    ]


def test_numbers_in_free_notes_or_equal_to_the_plan_number_are_not_conflicts():
    plan = _numbered_plan(
        notes=f"Kế hoạch số 28/KH-MNTC của trường.\n{NOTE_OTHER_NUMBER} 12/KH-UBND — bản sao."
    )

    assert _kinds(plan) == []


def test_seed_plans_metadata_findings(loaded_plans):
    metadata = {
        FindingKind.PLAN_NUMBER_MISSING,
        FindingKind.PLAN_DATE_MISSING,
        FindingKind.PLAN_NUMBER_CONFLICT,
        FindingKind.PLAN_DATE_CONFLICT,
    }
    found = {
        plan.slug: [(f.kind, f.values) for f in plan_findings(plan) if f.kind in metadata]
        for plan in Plan.objects.order_by("slug")
    }

    missing = [(FindingKind.PLAN_NUMBER_MISSING, ()), (FindingKind.PLAN_DATE_MISSING, ())]
    assert found == {
        # "Kế hoạch số /KH-UBND", "ngày tháng 01 năm 2023"
        "cat-hai-2023": missing,
        # first page "Số: 2579 /QĐ-UBND"; plan header "Quyết định số ~~253~~ **254**/QĐ-UBND"
        "son-tay-2020": [
            (FindingKind.PLAN_NUMBER_CONFLICT, ("2579/QĐ-UBND", "254/QĐ-UBND", "253/QĐ-UBND"))
        ],
        # "Kế hoạch số /KH-UBND ngày /01/2022"
        "thang-binh-2022": missing,
        # 50/KH-UBND of 14/02/2022, as the appendix names it
        "thanh-oai-2022": [],
        # "Quyết định số /QĐ-UBND ngày tháng năm 2023"
        "tuy-phuoc-2023-2025": missing,
    }


def test_son_tay_number_conflict_says_what_conflicts_with_what():
    _load("son-tay-2020")

    assert _of("son-tay-2020", FindingKind.PLAN_NUMBER_CONFLICT) == [
        (
            "",
            "Số hiệu đang dùng “2579/QĐ-UBND” khác với số văn bản ghi ở chỗ khác: "
            '“254/QĐ-UBND”, “253/QĐ-UBND” (phần đầu Kế hoạch ghi "Ban hành kèm theo Quyết định '
            'số 253 254/QĐ-UBND ngày 31/12/2019" (số 253 bị gạch, sửa thành 254), còn trang đầu '
            'của Quyết định ghi "Số: 2579 /QĐ-UBND").',
            1,
        )
    ]


# --- lead agencies ---------------------------------------------------------------------------


def test_task_without_lead_and_alias_match_and_valueless_target_are_found():
    area = _area()
    plan = area.plan
    TaskFactory(area=area, code="1", title="Không có chủ trì", deadline_kind="unknown")
    agency = AgencyFactory(
        unit=plan.unit, name="Văn phòng HĐND và UBND huyện", aliases=["Văn phòng huyện"]
    )
    TaskAssignmentFactory(
        task__area=area, task__code="2", agency=agency, name_as_written="Văn phòng huyện"
    )
    IndicatorFactory(plan=plan, code="1", comparator="text", unit="text", target_value=None)

    assert [(f.kind, f.ref) for f in plan_findings(plan)] == [
        (FindingKind.DEADLINE_UNKNOWN, "I/1"),
        (FindingKind.NO_LEAD, "I/1"),
        (FindingKind.ALIAS_MATCH, "I/2"),
        (FindingKind.TARGET_WITHOUT_VALUE, "Chỉ tiêu 1"),
    ]


def test_sub_row_without_lead_is_found_even_when_its_siblings_have_leads():
    area = _area(numeral="III")
    plan = area.plan
    culture = AgencyFactory(unit=plan.unit, name="Phòng Văn hóa và Thông tin")
    parent = TaskFactory(area=area, code="18")
    TaskAssignmentFactory(task=parent)
    led = TaskFactory(area=area, code="a", parent=parent)
    TaskAssignmentFactory(task=led)
    unled = TaskFactory(area=area, code="", parent=parent)
    TaskAssignmentFactory(task=unled, agency=culture, role=PARTNER)
    heading = TaskFactory(area=area, code="19")  # a heading whose sub-task has a lead
    TaskAssignmentFactory(task=TaskFactory(area=area, code="a", parent=heading))

    assert [f for f in plan_findings(plan) if f.kind == FindingKind.NO_LEAD] == [
        Finding(
            FindingKind.NO_LEAD,
            "Nhiệm vụ con của 18 không có cơ quan chủ trì "
            "(chỉ có cơ quan phối hợp: Phòng Văn hóa và Thông tin)",
            (Place("III/18.", task_id=unled.pk),),
        )
    ]


def test_thanh_oai_sub_row_of_task_18_has_no_lead(loaded_plans):
    # Appendix row after 18: "Kế hoạch thông tin tuyên truyền về kiểm soát TTHC…" with
    # Phòng Văn hóa và Thông tin in the "Phối hợp" column and an empty "Chủ trì" cell.
    assert _of("thanh-oai-2022", FindingKind.NO_LEAD) == [
        (
            "III/18.",
            "Nhiệm vụ con của 18 không có cơ quan chủ trì "
            "(chỉ có cơ quan phối hợp: Phòng Văn hóa và Thông tin).",
            1,
        )
    ]
    # every other plan's rows have a lead (or are headings over led sub-rows)
    for slug in ("cat-hai-2023", "son-tay-2020", "thang-binh-2022", "tuy-phuoc-2023-2025"):
        assert _of(slug, FindingKind.NO_LEAD) == [], slug


# --- an agency with two roles ----------------------------------------------------------------


def test_agency_holding_two_roles_on_one_task_is_found_and_grouped():
    area = _area()
    plan = area.plan
    office = AgencyFactory(unit=plan.unit, name="Phòng Nội vụ")
    other = AgencyFactory(unit=plan.unit, name="Phòng Tư pháp")
    first, second, third = (TaskFactory(area=area, code=c) for c in ("1", "2", "3"))
    for task in (first, second):
        TaskAssignmentFactory(task=task, agency=office, role=LEAD)
        TaskAssignmentFactory(task=task, agency=office, role=PARTNER)
    TaskAssignmentFactory(task=third, agency=other, role=LEAD)
    TaskAssignmentFactory(task=third, agency=other, role=PARTNER)
    TaskAssignmentFactory(task=third, agency=other, role=MONITOR)
    TaskAssignmentFactory(task=third, agency=office, role=PARTNER)  # one role only

    found = [f for f in plan_findings(plan) if f.kind == FindingKind.AGENCY_TWO_ROLES]

    assert [(f.text, f.refs, f.count, f.values) for f in found] == [
        (
            "“Phòng Nội vụ” vừa chủ trì vừa phối hợp (2 nhiệm vụ: I/1, I/2).",
            ("I/1", "I/2"),
            2,
            ("Phòng Nội vụ", "lead", "partner"),
        ),
        (
            "“Phòng Tư pháp” vừa chủ trì vừa phối hợp vừa theo dõi.",
            ("I/3",),
            1,
            ("Phòng Tư pháp", "lead", "partner", "monitor"),
        ),
    ]


def test_seed_agencies_with_two_roles_as_the_sources_write_them(loaded_plans):
    assert _of("thanh-oai-2022", FindingKind.AGENCY_TWO_ROLES) == [
        # task 30: "UBND các xã, thị trấn" in both the Chủ trì and the Phối hợp column
        ("VII/30", "“UBND các xã, thị trấn” vừa chủ trì vừa phối hợp.", 1)
    ]
    assert _of("son-tay-2020", FindingKind.AGENCY_TWO_ROLES) == [
        # 2.d "Cơ quan phối hợp, theo dõi: Văn phòng HĐND&UBND huyện, Phòng Văn hóa và Thông
        # tin"; 2.e's first part "Cơ quan phối hợp, theo dõi: Văn phòng HĐND&UBND huyện"
        (
            "",
            "“Văn phòng HĐND và UBND huyện” vừa phối hợp vừa theo dõi (2 nhiệm vụ: 2/d, 2/e.).",
            2,
        ),
        ("2/d", "“Phòng Văn hóa và Thông tin” vừa phối hợp vừa theo dõi.", 1),
        # 4.c "Cơ quan tham mưu thực hiện: Phòng nội vụ…" and "Cơ quan phối hợp: … Phòng Nội vụ"
        ("4/c", "“Phòng Nội vụ” vừa chủ trì vừa phối hợp.", 1),
        ("4/đ", "“Các cơ quan, đơn vị” vừa chủ trì vừa phối hợp.", 1),
        ("", "“UBND các xã” vừa chủ trì vừa phối hợp (2 nhiệm vụ: 4/đ, 8/b).", 2),
    ]


def test_son_tay_task_2e_no_longer_has_one_agency_in_three_roles():
    _load("son-tay-2020")

    texts = [text for _ref, text, _n in _of("son-tay-2020", FindingKind.AGENCY_TWO_ROLES)]

    assert not any("chủ trì vừa phối hợp vừa theo dõi" in text for text in texts)


# --- grouping --------------------------------------------------------------------------------


def test_alias_matches_of_one_written_name_are_one_line_with_a_count():
    area = _area()
    plan = area.plan
    office = AgencyFactory(
        unit=plan.unit, name="Văn phòng HĐND và UBND huyện", aliases=["Văn phòng huyện"]
    )
    tasks = [TaskFactory(area=area, code=str(n)) for n in range(1, 13)]
    for task in tasks:
        TaskAssignmentFactory(task=task, agency=office, name_as_written="Văn phòng huyện")
    # the same written name twice on one task counts that task once
    TaskAssignmentFactory(
        task=tasks[0], agency=office, role=PARTNER, name_as_written="Văn phòng huyện"
    )

    [finding] = [f for f in plan_findings(plan) if f.kind == FindingKind.ALIAS_MATCH]

    assert finding.count == 12
    assert finding.ref == ""
    assert finding.refs == tuple(f"I/{n}" for n in range(1, 13))
    assert finding.task_ids == tuple(t.pk for t in tasks)
    assert finding.values == ("Văn phòng huyện", "Văn phòng HĐND và UBND huyện")
    assert finding.text == (
        "“Văn phòng huyện” được hiểu là “Văn phòng HĐND và UBND huyện” "
        "(12 nhiệm vụ: I/1, I/2, I/3, I/4, I/5, I/6, I/7, I/8, I/9, I/10, …)."
    )


def test_group_findings_merges_same_kind_and_message_only():
    a, b, c = Place("I/1", task_id=1), Place("I/2", task_id=2), Place("Chỉ tiêu 1", indicator_id=9)
    findings = [
        Finding(FindingKind.NO_LEAD, "X", (a,)),
        Finding(FindingKind.ALIAS_MATCH, "X", (b,)),
        Finding(FindingKind.NO_LEAD, "X", (b,)),
        Finding(FindingKind.NO_LEAD, "Y", (c,)),
    ]

    assert group_findings(findings) == [
        Finding(FindingKind.NO_LEAD, "X", (a, b), count=2),
        Finding(FindingKind.ALIAS_MATCH, "X", (b,)),
        Finding(FindingKind.NO_LEAD, "Y", (c,)),
    ]


def test_thang_binh_repeated_code_two_in_area_three_is_one_duplicate_line():
    _load("thang-binh-2022")

    assert _of("thang-binh-2022", FindingKind.DUPLICATE_CODE) == [
        (
            "",
            "Số thứ tự “2” xuất hiện 2 lần trong lĩnh vực III: “Kiện toàn lại Bộ phận Một cửa "
            "huyện khi Trụ sở mới đi vào hoạt động (cán bộ tiế…”; “Cập nhật, công khai TTHC còn "
            "hiệu lực sau khi UBND tỉnh công bố” (2 nhiệm vụ: III/2, III/2).",
            2,
        )
    ]


# --- contradicting targets -------------------------------------------------------------------

DIGITISED = "Số hóa hồ sơ, kết quả TTHC"


def _digitisation_target(plan, value=30, code="7.c"):
    return IndicatorFactory(
        plan=plan,
        code=code,
        statement=(
            "Phấn đấu tỷ lệ số hóa hồ sơ, kết quả giải quyết và trả kết quả giải quyết TTHC "
            f"điện tử đạt tối thiểu {value}%."
        ),
        subject=DIGITISED,
        unit=Unit.PERCENT,
        comparator=Comparator.GTE,
        target_value=value,
    )


def test_targets_on_the_same_measure_with_different_values_contradict():
    area = _area(numeral="7")
    indicator = _digitisation_target(area.plan)
    task = TaskFactory(
        area=area,
        code="7.3.3",
        expected_result=(
            "Số hóa hồ sơ, kết quả giải quyết và cấp kết quả giải quyết TTHC điện tử của cấp "
            "huyện đạt tối thiểu 20%"
        ),
    )

    [finding] = [f for f in plan_findings(area.plan) if f.kind == FindingKind.CONFLICTING_TARGETS]

    assert finding.places == (
        Place("Chỉ tiêu 7.c", indicator_id=indicator.pk),
        Place("7/7.3.3", task_id=task.pk),
    )
    assert (finding.count, finding.values) == (1, ("≥ 30%", "≥ 20%"))
    assert finding.text == (
        f"Cùng nội dung “{DIGITISED}”: Chỉ tiêu 7.c đặt “Phấn đấu tỷ lệ số hóa hồ sơ, kết quả "
        "giải quyết và trả kết quả giải quyết TTHC điện tử đạt tối thiểu 30%” (≥ 30%), còn "
        "nhiệm vụ 7/7.3.3 đặt “Số hóa hồ sơ, kết quả giải quyết và cấp kết quả giải quyết TTHC "
        "điện tử của cấp huyện đạt tối thiểu 20%” (≥ 20%)."
    )


def test_two_plan_targets_can_contradict_each_other():
    plan = _numbered_plan()
    _digitisation_target(plan, 30, code="3")
    _digitisation_target(plan, 25, code="7.c")

    found = [f for f in plan_findings(plan) if f.kind == FindingKind.CONFLICTING_TARGETS]

    assert [(f.refs, f.values) for f in found] == [
        (("Chỉ tiêu 3", "Chỉ tiêu 7.c"), ("≥ 30%", "≥ 25%"))
    ]


@pytest.mark.parametrize(
    ("expected_result", "why"),
    [
        (
            "Số hóa hồ sơ, kết quả giải quyết và cấp kết quả giải quyết TTHC điện tử đạt tối "
            "thiểu 30%",
            "same value",
        ),
        ("100% TTHC đủ điều kiện được cung cấp trực tuyến toàn trình", "another measure"),
        (
            "Số hóa hồ sơ, kết quả giải quyết và cấp kết quả giải quyết TTHC điện tử không quá 20%",
            "a maximum is not compared with a minimum",
        ),
        ("Tổ chức triển khai số hóa theo hướng dẫn", "no figure"),
    ],
)
def test_targets_that_do_not_contradict(expected_result, why):
    area = _area(numeral="7")
    _digitisation_target(area.plan)
    TaskFactory(area=area, code="7.3.3", expected_result=expected_result)

    kinds = [f.kind for f in plan_findings(area.plan)]

    assert FindingKind.CONFLICTING_TARGETS not in kinds, why


def test_parts_of_one_statement_and_two_task_rows_are_never_compared():
    area = _area(numeral="3")
    plan = area.plan
    # Thăng Bình 3: "… đạt 85% trở lên; trong đó … mức độ hài lòng của người dân đạt 80% trở lên"
    for part, value in ((1, 85), (2, 80)):
        IndicatorFactory(
            plan=plan,
            code="3",
            part=part,
            statement="Mức độ hài lòng của người dân đạt 85% trở lên; mức độ hài lòng đạt 80%.",
            clause=f"mức độ hài lòng của người dân đạt {value}% trở lên",
            target_value=value,
        )
    # Tuy Phước 3.3.3 / 3.3.4: two criteria rows of the appendix
    TaskFactory(area=area, code="3.3.3", expected_result="Đạt 30 TTHC liên thông cùng cấp")
    TaskFactory(area=area, code="3.3.4", expected_result="Đạt 15 TTHC liên thông giữa các cấp")

    assert FindingKind.CONFLICTING_TARGETS not in [f.kind for f in plan_findings(plan)]


def test_seed_contradicting_targets(loaded_plans):
    found = {
        plan.slug: [
            (f.refs, f.values)
            for f in plan_findings(plan)
            if f.kind == FindingKind.CONFLICTING_TARGETS
        ]
        for plan in Plan.objects.order_by("slug")
    }

    assert found == {
        # Chỉ tiêu 10: "… cấp huyện, cấp xã đạt tỷ lệ tối thiểu tương ứng là 70%, 60% và 55%";
        # task 11: "… đạt tỷ lệ tối thiểu 60% ở cấp huyện và 55% ở cấp xã"
        "cat-hai-2023": [(("Chỉ tiêu 10.2", "III/11"), ("≥ 70%", "≥ 60%"))],
        "son-tay-2020": [],
        "thang-binh-2022": [],
        "thanh-oai-2022": [],
        # III.7.c: "… số hóa hồ sơ, kết quả giải quyết … đạt tối thiểu 30%"; appendix 7.3.3:
        # "… của cấp huyện đạt tối thiểu 20%", "… của cấp xã đạt tối thiểu 15%"
        "tuy-phuoc-2023-2025": [(("Chỉ tiêu 7.c.1", "7/7.3.3"), ("≥ 30%", "≥ 20%", "≥ 15%"))],
    }


def test_tuy_phuoc_digitisation_contradiction_text():
    _load("tuy-phuoc-2023-2025")

    assert _of("tuy-phuoc-2023-2025", FindingKind.CONFLICTING_TARGETS) == [
        (
            "Chỉ tiêu 7.c.1; 7/7.3.3",
            "Cùng nội dung “Số hóa hồ sơ, kết quả TTHC”: Chỉ tiêu 7.c.1 đặt “Phấn đấu tỷ lệ số "
            "hóa hồ sơ, kết quả giải quyết và trả kết quả giải quyết TTHC điện tử đạt tối thiểu "
            "30%” (≥ 30%), còn nhiệm vụ 7/7.3.3 đặt “…quyết và cấp kết quả giải quyết TTHC điện "
            "tử đối với TTHC thuộc thẩm quyền giải quyết của cấp huyện đạt tối thiểu 20%” "
            "(≥ 20%); “…giải quyết và cấp kết quả giải quyết TTHC điện tử đối với TTHC thuộc "
            "thẩm quyền giải quyết của cấp xã đạt tối thiểu 15%” (≥ 15%).",
            1,
        )
    ]


# --- no side effects, fixed queries ----------------------------------------------------------


def test_findings_do_not_change_the_data():
    plan = _load("cat-hai-2023")
    before = list(plan.tasks.values_list("id", "deadline_text", "due_date"))

    plan_findings(plan)

    assert list(plan.tasks.values_list("id", "deadline_text", "due_date")) == before


@pytest.mark.parametrize("count", [2, 25])
def test_plan_findings_query_count_is_fixed(django_assert_num_queries, count):
    area = PlanAreaFactory(plan__slug="ke-hoach")
    office = AgencyFactory(unit=area.plan.unit, name="Phòng X", aliases=["Phòng Xx"])
    for n in range(count):
        parent = TaskFactory(area=area, code=str(n + 1))
        TaskAssignmentFactory(task=parent, agency=office, name_as_written="Phòng Xx")
        TaskAssignmentFactory(task=parent, agency=office, role=PARTNER)
        child = TaskFactory(area=area, code="", parent=parent, expected_result="đạt 20% số hóa")
        TaskAssignmentFactory(task=child, role=PARTNER)
        IndicatorFactory(plan=area.plan, statement="Số hóa đạt 30%", target_value=30 + n)
        IndicatorFactory(plan=area.plan, comparator="text", unit="text", target_value=None)

    with django_assert_num_queries(4):
        findings = plan_findings(area.plan)

    assert {f.kind for f in findings} >= {
        FindingKind.NO_LEAD,
        FindingKind.AGENCY_TWO_ROLES,
        FindingKind.ALIAS_MATCH,
        FindingKind.TARGET_WITHOUT_VALUE,
    }


# --- command and page ------------------------------------------------------------------------


def test_plan_issues_command_lists_known_quirks():
    _load("cat-hai-2023")
    out = io.StringIO()

    call_command("plan_issues", "cat-hai-2023", stdout=out)

    text = out.getvalue()
    assert text.startswith(
        "Kế hoạch cải cách hành chính huyện Cát Hải năm 2023 (2023): 9 vấn đề (13 lần xuất hiện)\n"
    )
    assert "\nThời hạn ngoài thời kỳ kế hoạch (2):\n" in text
    assert (
        "  - “Cả năm 2022” cho hạn 31/12/2022, ngoài thời kỳ kế hoạch 2023 "
        "(3 nhiệm vụ: VI/22, VI/23, VII/25).\n"
    ) in text
    assert "  - [I/2] “Từ Quý IV/2023 đến Quý I/2024” cho hạn 31/03/2024" in text


def test_plan_issues_command_json_is_machine_readable():
    _load("thanh-oai-2022")
    out = io.StringIO()

    call_command("plan_issues", "thanh-oai-2022", "--json", stdout=out)

    document = json.loads(out.getvalue())
    assert document["plan"] == "thanh-oai-2022"
    assert [(f["kind"], f["refs"], f["count"]) for f in document["findings"]] == [
        ("no_deadline", ["III/17.", "III/18."], 2),
        ("no_lead", ["III/18."], 1),
        ("agency_two_roles", ["VII/30"], 1),
        ("alias_match", ["I/1", "I/2", "I/3"], 3),
        ("target_without_value", ["Chỉ tiêu 6"], 1),
        ("target_without_value", ["Chỉ tiêu 7"], 1),
    ]
    assert document["findings"][3]["values"] == ["các xã, thị trấn", "UBND các xã, thị trấn"]


def test_plan_quality_page_shows_grouped_findings_to_staff(admin_client):
    _load("thang-binh-2022")

    response = admin_client.get(reverse("plan-quality", args=["thang-binh-2022"]))

    assert response.status_code == 200
    assert "Số thứ tự nhiệm vụ bị trùng (1)" in response.text
    assert 'data-kind="duplicate_code" data-count="2"' in response.text
    assert "<summary>Xem 2 nhiệm vụ</summary>" in response.text
    assert "Kế hoạch chưa có số hiệu (1)" in response.text


def test_plan_quality_page_unknown_plan_is_404(admin_client):
    assert admin_client.get(reverse("plan-quality", args=["khong-co"])).status_code == 404


def test_plan_quality_page_is_404_for_a_user_without_a_role(client, django_user_model):
    user = django_user_model.objects.create_user("nguoi-dung", password="x-Secret-123")
    client.force_login(user)
    PlanAreaFactory(plan__slug="ke-hoach")

    response = client.get(reverse("plan-quality", args=["ke-hoach"]))

    assert response.status_code == 404


@pytest.mark.parametrize("count", [2, 25])
def test_plan_quality_page_query_count_is_fixed(admin_client, django_assert_max_num_queries, count):
    area = PlanAreaFactory(plan__slug="ke-hoach")
    for _ in range(count):
        TaskAssignmentFactory(task__area=area, name_as_written="Phòng X")
        IndicatorFactory(plan=area.plan, comparator="text", unit="text", target_value=None)

    with django_assert_max_num_queries(9):
        response = admin_client.get(reverse("plan-quality", args=["ke-hoach"]))

    assert response.status_code == 200


def test_finding_as_dict_round_trips_through_json():
    finding = Finding(
        FindingKind.CONFLICTING_TARGETS,
        "Cùng nội dung",
        (Place("Chỉ tiêu 1", indicator_id=3), Place("I/2", task_id=5)),
        values=("≥ 30%", "≥ 20%"),
    )

    assert json.loads(json.dumps(finding.as_dict())) == {
        "kind": "conflicting_targets",
        "label": "Chỉ tiêu mâu thuẫn nhau",
        "message": "Cùng nội dung",
        "text": "Cùng nội dung.",
        "count": 1,
        "refs": ["Chỉ tiêu 1", "I/2"],
        "task_ids": [5],
        "indicator_ids": [3],
        "values": ["≥ 30%", "≥ 20%"],
    }
    assert finding.ref == "Chỉ tiêu 1; I/2"
