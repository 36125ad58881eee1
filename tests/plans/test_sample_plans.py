"""The two sample plans of fixtures/samples/ (fictional, labelled "VÍ DỤ MINH HỌA"): a commune's
and a province's 2026 plans under two-level local government. They load with
`load_plans --samples`, their agencies (villages included) report, and the consolidated report,
its Word document and its workbook carry the commune's or the province's People's Committee."""

import datetime
import io

import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse
from docx import Document

from indicators.models import Indicator
from plans.access import GROUP_AGENCY
from plans.models import Agency, AgencyKind, Plan, PlanArea
from plans.periods import Period
from tasks.interchange import export_plan_document
from tasks.models import Task, TaskAssignment
from tasks.progress.services import report_save
from tasks.reports.builder import build_report
from tasks.reports.classification import ReportClass
from tasks.reports.docx import render_docx
from tasks.reports.editions import default_frame_values, document_for
from tasks.reports.xlsx import render_xlsx
from tests.factories import make_user

pytestmark = pytest.mark.django_db

COMMUNE_PLAN = "vi-du-xa-an-binh-2026"
PROVINCE_PLAN = "vi-du-tinh-mau-2026"
SAMPLES = [PROVINCE_PLAN, COMMUNE_PLAN]
SEEDS = ["cat-hai-2023", "son-tay-2020", "thang-binh-2022", "thanh-oai-2022", "tuy-phuoc-2023-2025"]
Q1 = Period(2026, 1)
MARCH_25 = datetime.date(2026, 3, 25)


def _load(*slugs):
    call_command("load_plans", *slugs, stdout=io.StringIO())
    return {p.slug: p for p in Plan.objects.select_related("unit__parent")}


def _file_report(agency: Agency, task: Task, **values):
    """A report sent by the agency's head, as the portal's form would."""
    head = make_user(f"truong-{agency.pk}", group=GROUP_AGENCY, agency=agency)
    return report_save(
        user=head,
        task=task,
        period=Q1,
        values={
            "status": "in_progress",
            "percent": 50,
            "completion_date": None,
            "result": "Đang triển khai",
            "product_issued": "",
            "difficulties": "",
            "proposals": "",
            **values,
        },
        submit=True,
        expected_version=None,
        today=MARCH_25,
    )


def _task(plan, code) -> Task:
    return Task.objects.get(plan=plan, code=code)


# --- loading ----------------------------------------------------------------------------------


def test_plain_load_plans_loads_only_the_seeds(loaded_plans):
    assert sorted(Plan.objects.values_list("slug", flat=True)) == SEEDS


def test_load_plans_samples_adds_both_samples_to_the_seeds():
    plans = _load("--samples")

    assert sorted(plans) == sorted(SEEDS + SAMPLES)


def test_load_plans_samples_twice_leaves_the_same_rows():
    _load("--samples")
    before = (
        list(Plan.objects.values_list("id", "slug").order_by("id")),
        list(Agency.objects.values_list("id", "name").order_by("id")),
        list(Task.objects.values_list("id", "title").order_by("id")),
    )

    _load("--samples")

    assert before == (
        list(Plan.objects.values_list("id", "slug").order_by("id")),
        list(Agency.objects.values_list("id", "name").order_by("id")),
        list(Task.objects.values_list("id", "title").order_by("id")),
    )


def test_a_sample_loads_alone_by_its_slug():
    plans = _load(COMMUNE_PLAN)

    assert list(plans) == [COMMUNE_PLAN]


@pytest.mark.parametrize(
    ("slug", "counts", "unit", "parent"),
    [
        (
            COMMUNE_PLAN,
            {"areas": 5, "tasks": 10, "assignments": 21, "indicators": 4, "agencies": 8},
            ("vi-du-xa-an-binh", "xa", "commune", "xã An Bình (ví dụ)"),
            ("vi-du-tinh-mau", "province"),
        ),
        (
            PROVINCE_PLAN,
            {"areas": 6, "tasks": 10, "assignments": 22, "indicators": 4, "agencies": 10},
            ("vi-du-tinh-mau", "tinh", "province", "tỉnh Mẫu (ví dụ)"),
            None,
        ),
    ],
)
def test_samples_load_with_their_counts_and_unit(slug, counts, unit, parent):
    plan = _load(slug)[slug]

    assert {
        "areas": PlanArea.objects.filter(plan=plan).count(),
        "tasks": Task.objects.filter(plan=plan).count(),
        "assignments": TaskAssignment.objects.filter(task__plan=plan).count(),
        "indicators": Indicator.objects.filter(plan=plan).count(),
        "agencies": Agency.objects.filter(unit=plan.unit).count(),
    } == counts
    u = plan.unit
    assert (u.slug, u.unit_type, u.level, u.full_name) == unit
    assert ((u.parent.slug, u.parent.level) if u.parent else None) == parent
    assert (plan.start_year, plan.end_year) == (2026, 2026)


@pytest.mark.parametrize("slug", SAMPLES)
def test_samples_are_labelled_as_examples(slug):
    plan = _load(slug)[slug]

    assert plan.title.startswith("VÍ DỤ MINH HỌA")
    assert plan.notes.startswith("VÍ DỤ MINH HỌA: kế hoạch hư cấu, không phải văn bản thật.")
    assert plan.source_document == ""


def test_commune_sample_has_offices_villages_and_the_villages_group():
    plan = _load(COMMUNE_PLAN)[COMMUNE_PLAN]

    kinds = {a.name: (a.kind, a.includes) for a in Agency.objects.filter(unit=plan.unit)}
    assert kinds == {
        "Văn phòng HĐND và UBND xã": (AgencyKind.OFFICE, []),
        "Phòng Kinh tế": (AgencyKind.OFFICE, []),
        "Phòng Văn hóa - Xã hội": (AgencyKind.OFFICE, []),
        "Trung tâm Phục vụ hành chính công xã": (AgencyKind.OFFICE, []),
        "Thôn 1": (AgencyKind.VILLAGE, []),
        "Thôn 2": (AgencyKind.VILLAGE, []),
        "Tổ dân phố 3": (AgencyKind.VILLAGE, []),
        "Các thôn, tổ dân phố": (AgencyKind.GROUP, [AgencyKind.VILLAGE]),
    }
    group_led = Task.objects.filter(
        plan=plan, assignments__role="lead", assignments__agency__name="Các thôn, tổ dân phố"
    )
    assert sorted(group_led.values_list("code", flat=True)) == ["7", "9"]


def test_province_sample_leads_are_departments_and_the_communes_group():
    plan = _load(PROVINCE_PLAN)[PROVINCE_PLAN]

    leads = {
        t.code: [a.agency.name for a in t.assignments.all() if a.role == "lead"]
        for t in Task.objects.filter(plan=plan).prefetch_related("assignments__agency")
    }
    assert leads == {
        "1": ["Sở Nội vụ"],
        "2": ["Sở Nội vụ"],
        "3": ["UBND các xã, phường"],
        "4": ["Sở Tư pháp"],
        "5": ["Văn phòng UBND tỉnh"],
        "6": ["UBND các xã, phường"],
        "7": ["Sở Nội vụ"],
        "8": ["Sở Tài chính"],
        "9": ["Sở Khoa học và Công nghệ"],
        "10": ["UBND các xã, phường"],
    }
    communes = Agency.objects.filter(unit=plan.unit, kind=AgencyKind.COMMUNE)
    assert sorted(communes.values_list("name", flat=True)) == [
        "UBND phường Đông Hòa (ví dụ)",
        "UBND xã An Bình (ví dụ)",
        "UBND xã Tân Lập (ví dụ)",
    ]


@pytest.mark.parametrize("slug", SAMPLES)
def test_samples_export_import_export_is_identical(slug, tmp_path):
    _load(slug)
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    call_command("export_plan", slug, "-o", str(first))

    call_command("import_plan_json", str(first), stdout=io.StringIO())
    call_command("export_plan", slug, "-o", str(second))

    assert second.read_text(encoding="utf-8") == first.read_text(encoding="utf-8")


@pytest.mark.parametrize("slug", SAMPLES)
def test_samples_have_no_data_quality_findings(slug):
    _load(slug)
    out = io.StringIO()

    call_command("plan_issues", slug, stdout=out)

    assert out.getvalue().strip().endswith(": 0 vấn đề")


# --- reporting ----------------------------------------------------------------------------------


def test_village_head_sees_the_villages_group_tasks(client):
    plan = _load(COMMUNE_PLAN)[COMMUNE_PLAN]
    village = Agency.objects.get(unit=plan.unit, name="Tổ dân phố 3")
    client.force_login(make_user("to-dan-pho-3", group=GROUP_AGENCY, agency=village))

    response = client.get(reverse("my-tasks"), {"plan": plan.slug, "period": Q1.slug})

    rows = [
        (r.task.code, r.role, r.via.name) for _, rows in response.context["groups"] for r in rows
    ]
    assert rows == [
        ("2", "partner", "Các thôn, tổ dân phố"),
        ("7", "lead", "Các thôn, tổ dân phố"),
        ("9", "lead", "Các thôn, tổ dân phố"),
    ]


def test_village_reports_count_towards_the_villages_group_in_the_commune_report():
    plan = _load(COMMUNE_PLAN)[COMMUNE_PLAN]
    task = _task(plan, "7")
    villages = {a.name: a for a in Agency.objects.filter(unit=plan.unit, kind="village")}
    done = {"status": "done", "percent": 100, "completion_date": datetime.date(2026, 3, 20)}
    _file_report(villages["Thôn 1"], task, **done)
    _file_report(villages["Thôn 2"], task, **done)

    report = build_report(plan, Q1)

    row = next(r for r in report.rows if r.task == task)
    assert row.classified.report_class == ReportClass.IN_PROGRESS_ON_TIME
    assert row.classified.reason == (
        "Hạn 31/03/2026 — Các thôn, tổ dân phố: 2/3 đơn vị đã báo cáo hoàn thành; "
        "chưa báo cáo: Tổ dân phố 3 — chưa đến hạn"
    )
    _file_report(villages["Tổ dân phố 3"], task, **done)

    row = next(r for r in build_report(plan, Q1).rows if r.task == task)
    assert row.classified.report_class == ReportClass.DONE_ON_TIME
    assert report.counts.total == 10


def test_commune_head_reports_on_the_communes_group_task_in_the_province_report():
    plan = _load(PROVINCE_PLAN)[PROVINCE_PLAN]
    commune = Agency.objects.get(unit=plan.unit, name="UBND xã An Bình (ví dụ)")
    _file_report(commune, _task(plan, "6"), result="Đã tiếp nhận 35 hồ sơ ngoài địa bàn")

    report = build_report(plan, Q1)

    missing = {m.agency.name: (m.expected, m.submitted) for m in report.missing}
    assert missing["UBND xã An Bình (ví dụ)"] == (3, 1)
    assert missing["UBND xã Tân Lập (ví dụ)"] == (3, 0)
    row = next(r for r in report.rows if r.task.code == "6")
    assert row.classified.report_class == ReportClass.IN_PROGRESS_ON_TIME
    assert "UBND các xã, phường: 0/3 đơn vị đã báo cáo hoàn thành" in row.classified.reason
    assert report.counts.total == 10


# --- the report as a document -------------------------------------------------------------------

ISSUING = {
    COMMUNE_PLAN: ["ỦY BAN NHÂN DÂN", "XÃ AN BÌNH (VÍ DỤ)"],
    PROVINCE_PLAN: ["ỦY BAN NHÂN DÂN", "TỈNH MẪU (VÍ DỤ)"],
}
PLACE = {COMMUNE_PLAN: "An Bình (ví dụ)", PROVINCE_PLAN: "Mẫu (ví dụ)"}


@pytest.mark.parametrize("slug", SAMPLES)
def test_word_report_header_names_the_units_peoples_committee(slug):
    plan = _load(slug)[slug]

    doc = Document(io.BytesIO(render_docx(document_for(plan, Q1, None))))

    left, right = doc.tables[0].rows[0].cells
    texts = [p.text for p in left.paragraphs if p.text]
    assert texts == [*ISSUING[slug], "Số: …/BC-UBND"]
    assert [p.text for p in right.paragraphs if p.text][-1] == (
        f"{PLACE[slug]}, ngày … tháng … năm 2026"
    )
    body = [p.text for p in doc.paragraphs if p.text]
    assert "Kết quả thực hiện công tác cải cách hành chính Quý I năm 2026" in body


@pytest.mark.parametrize("slug", SAMPLES)
def test_workbook_summary_shows_the_same_issuing_body(slug):
    plan = _load(slug)[slug]

    workbook = openpyxl.load_workbook(io.BytesIO(render_xlsx(document_for(plan, Q1, None))))

    rows = list(workbook["Tổng hợp"].iter_rows(min_row=1, max_row=2, max_col=1, values_only=True))
    assert [r[0] for r in rows] == ISSUING[slug]


def test_commune_report_goes_to_its_provinces_committee_and_home_affairs_department():
    plan = _load(COMMUNE_PLAN)[COMMUNE_PLAN]

    frame = default_frame_values(plan, Q1)

    assert frame["recipients"] == "Ủy ban nhân dân tỉnh Mẫu (ví dụ)\nSở Nội vụ tỉnh Mẫu (ví dụ)"
    assert frame["issuing_body"] == "ỦY BAN NHÂN DÂN\nXÃ AN BÌNH (VÍ DỤ)"
    assert "Chủ tịch, các Phó Chủ tịch UBND xã" in frame["distribution"]


def test_province_report_goes_to_the_ministry_of_home_affairs():
    plan = _load(PROVINCE_PLAN)[PROVINCE_PLAN]

    frame = default_frame_values(plan, Q1)

    assert frame["recipients"] == "Bộ Nội vụ"
    assert frame["issuing_body"] == "ỦY BAN NHÂN DÂN\nTỈNH MẪU (VÍ DỤ)"


def test_export_of_the_commune_sample_keeps_the_unit_and_its_province():
    plan = _load(COMMUNE_PLAN)[COMMUNE_PLAN]

    document = export_plan_document(plan)

    assert document["version"] == 2
    assert document["unit"] == {
        "slug": "vi-du-xa-an-binh",
        "name": "An Bình (ví dụ)",
        "type": "xa",
        "level": "commune",
        "parent": {
            "slug": "vi-du-tinh-mau",
            "name": "Mẫu (ví dụ)",
            "type": "tinh",
            "level": "province",
            "parent": None,
        },
    }
