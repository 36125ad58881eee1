"""The consolidated report page: what it shows, who may see it, and its query count."""

import datetime
import io
import re

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.urls import reverse

from indicators.models import IndicatorActual
from plans.models import Plan, ReformArea
from tasks.models import DeadlineKind
from tasks.reports.classification import ReportClass
from tests.factories import (
    IndicatorFactory,
    PlanAreaFactory,
    ProgressReportFactory,
    TaskAssignmentFactory,
    TaskFactory,
)

pytestmark = pytest.mark.django_db

URL = "/reports/huyen-a-2022/2022-Q2/"


def _task(area, code, lead, *, due=None, kind=DeadlineKind.DATE, text="", parent=None, **kw):
    task = TaskFactory(
        area=area,
        code=code,
        title=f"Nhiệm vụ {code}",
        due_date=due,
        deadline_kind=kind,
        deadline_text=text or (due.strftime("%d/%m/%Y") if due else "Thường xuyên"),
        parent=parent,
        **kw,
    )
    TaskAssignmentFactory(task=task, agency=lead, role="lead")
    return task


def _report(task, agency, status="in_progress", quarter=2, completed=None, **kw):
    return ProgressReportFactory(
        task=task,
        agency=agency,
        quarter=quarter,
        status=status,
        percent=100 if status == "done" else 50,
        completion_date=completed,
        **kw,
    )


@pytest.fixture
def scenario(district_setup):
    """Eight counted tasks at the end of Q2/2022, at least one in every class, in two areas;
    task 8 has a sub-task."""
    s = district_setup
    office, finance, commune = s["office"], s["finance"], s["commune"]
    area1 = s["area"]
    area2 = PlanAreaFactory(
        plan=s["plan"],
        numeral="II",
        heading="Công tác chỉ đạo, điều hành CCHC",
        reform_area=ReformArea.objects.get(code="chi-dao-dieu-hanh"),
    )
    d = datetime.date
    t = {}
    t[1] = _task(area1, "1", office, due=d(2022, 3, 31))
    _report(t[1], office, "done", quarter=1, completed=d(2022, 3, 20), result="Đã ban hành")
    t[2] = _task(area1, "2", finance, due=d(2022, 3, 31))
    _report(t[2], finance, "done", completed=d(2022, 4, 15))
    t[3] = _task(area1, "3", office, due=d(2022, 9, 30))
    _report(t[3], office, result="Đang dự thảo")
    t[4] = _task(area1, "4", finance, due=d(2022, 5, 31))
    _report(t[4], finance)
    t[5] = _task(area1, "5", commune, due=d(2022, 2, 15))
    t[6] = _task(area1, "6", office, due=d(2022, 12, 31))
    t[7] = _task(area1, "7", office, kind=DeadlineKind.RECURRING)
    _report(t[7], office)
    t[8] = _task(area2, "8", office, due=d(2022, 6, 30))
    t["8a"] = _task(area2, "a", finance, due=d(2022, 6, 30), parent=t[8])
    sipas = IndicatorFactory(plan=s["plan"], code="1", statement="Chỉ số SIPAS đạt trên 90%")
    IndicatorActual.objects.create(indicator=sipas, year=2022, quarter=1, value=92)
    IndicatorFactory(plan=s["plan"], code="2", statement="100% hồ sơ được số hóa", target_value=100)
    return {**s, "tasks": t, "area2": area2}


def _text(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def _section(response, anchor):
    html = response.content.decode()
    start = html.index(f'id="{anchor}"')
    end = html.find("<section", start)
    return html[start : end if end != -1 else None]


# --- what the page shows -----------------------------------------------------------------


def test_report_page_counts_every_class_with_percentages(client, scenario):
    client.force_login(scenario["staff"])

    response = client.get(URL)

    assert response.status_code == 200
    assert [(s["code"], s["count"], s["percent"]) for s in response.context["summary"]] == [
        (ReportClass.DONE_ON_TIME, 1, 12.5),
        (ReportClass.DONE_LATE, 1, 12.5),
        (ReportClass.IN_PROGRESS_ON_TIME, 1, 12.5),
        (ReportClass.IN_PROGRESS_OVERDUE, 1, 12.5),
        (ReportClass.NOT_STARTED, 3, 37.5),
        (ReportClass.UNDATED, 1, 12.5),
    ]
    summary = _text(_section(response, "tong-hop"))
    assert "Hoàn thành đúng hạn 1 12,5%" in summary
    assert "Chưa thực hiện 3 37,5%" in summary
    assert "Tổng số nhiệm vụ 8 100%" in summary


def test_report_page_header_names_plan_and_period(client, scenario):
    client.force_login(scenario["staff"])

    text = _text(client.get(URL).content.decode())

    assert (
        "ỦY BAN NHÂN DÂN HUYỆN A Số: …/BC-UBND CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM "
        "Độc lập - Tự do - Hạnh phúc A, ngày … tháng … năm 2022 BÁO CÁO "
        "Kết quả thực hiện công tác cải cách hành chính 6 tháng năm 2022"
    ) in text
    assert "Số liệu tính đến hết ngày 30/06/2022 (ngày chốt số liệu: ngày cuối quý)" in text


def test_report_page_breaks_down_by_area_and_agency_with_charts(client, scenario):
    client.force_login(scenario["staff"])

    response = client.get(URL)

    by_area = _section(response, "theo-linh-vuc")
    assert by_area.count('role="img"') == 1
    assert "I. Cải cách thể chế 1 1 1 1 2 1 7" in _text(by_area.split("</svg>")[1])
    assert "II. Công tác chỉ đạo, điều hành CCHC 0 0 0 0 1 0 1" in _text(by_area)
    by_agency = _text(_section(response, "theo-co-quan").split("</svg>")[1])
    assert "Phòng Nội vụ 1 0 1 0 2 1 5" in by_agency
    # Rule 8: the finance office answers for the sub-task 8.a it leads, not the office's task 8.
    assert "Phòng Tài chính - Kế hoạch 0 1 0 1 1 0 3" in by_agency
    assert "UBND xã Thanh Cao 0 0 0 0 1 0 1" in by_agency


def test_report_page_lists_overdue_tasks_most_overdue_first(client, scenario):
    client.force_login(scenario["staff"])

    response = client.get(URL)

    t = scenario["tasks"]
    assert [r.task for r in response.context["report"].overdue] == [t[5], t[2], t[4]]
    rows = re.findall(r"<tr class=\"is-overdue\">(.*?)</tr>", _section(response, "qua-han"), re.S)
    assert [_text(r) for r in rows] == [
        "I/5 Nhiệm vụ 5 UBND xã Thanh Cao 15/02/2022 15/02/2022 Chưa thực hiện (quá hạn) "
        "Hạn 15/02/2022 — UBND xã Thanh Cao chưa báo cáo — quá hạn 135 ngày",
        "I/2 Nhiệm vụ 2 Phòng Tài chính - Kế hoạch 31/03/2022 31/03/2022 Hoàn thành quá hạn "
        "Hạn 31/03/2022 — Phòng Tài chính - Kế hoạch báo cáo hoàn thành ngày 15/04/2022 — "
        "hoàn thành sau hạn 15 ngày",
        "I/4 Nhiệm vụ 4 Phòng Tài chính - Kế hoạch 31/05/2022 31/05/2022 Đang thực hiện quá hạn "
        "Hạn 31/05/2022 — Phòng Tài chính - Kế hoạch báo cáo đang thực hiện (50%) — "
        "quá hạn 30 ngày",
    ]


def test_report_page_groups_tasks_by_area_heading_with_indented_sub_tasks(client, scenario):
    client.force_login(scenario["staff"])

    html = _section(client.get(URL), "chi-tiet")

    headings = re.findall(r'<tr class="area-heading"><th[^>]*>(.*?)</th>', html)
    assert headings == ["I. Cải cách thể chế", "II. Công tác chỉ đạo, điều hành CCHC"]
    area2 = html.split('<tr class="area-heading">')[2]
    rows = re.findall(r'<tr class="(unit|sub-task)[^"]*">\s*<td class="code">([^<]*)</td>', area2)
    assert rows == [("unit", "8"), ("sub-task", "8.a")]
    assert "Nhiệm vụ 1 " in _text(html)
    assert "Phòng Nội vụ: Đã ban hành" in _text(html)


def test_report_page_shows_targets_with_latest_actual(client, scenario):
    client.force_login(scenario["staff"])

    html = _section(client.get(URL), "chi-tieu").split("</thead>")[1]
    rows = re.findall(r"<tr>(.*?)</tr>", html, re.S)

    assert [_text(r) for r in rows] == [
        "1 Chỉ số SIPAS đạt trên 90% ≥ 90% 92% (Quý I/2022) Đạt",
        "2 100% hồ sơ được số hóa ≥ 100% Chưa có số liệu Chưa đánh giá được",
    ]


def test_report_page_lists_agencies_missing_reports(client, scenario):
    client.force_login(scenario["staff"])

    response = client.get(URL)

    assert [
        (m.agency.name, m.expected, m.submitted, m.missing)
        for m in response.context["report"].missing
    ] == [
        # Task 1 was reported done in Q1: it is not owed again in Q2 (reports are cumulative).
        ("Phòng Nội vụ", 5, 3, 2),
        ("Phòng Tài chính - Kế hoạch", 3, 2, 1),
        ("UBND xã Thanh Cao", 1, 0, 1),
    ]
    text = _text(_section(response, "chua-bao-cao"))
    assert "Phòng Nội vụ 5 3 2 Phòng Tài chính - Kế hoạch 3 2 1 UBND xã Thanh Cao 1 0 1" in text


def test_report_page_offers_periods_and_excel(client, scenario):
    client.force_login(scenario["staff"])

    html = client.get(URL).content.decode()

    assert 'href="/reports/huyen-a-2022/2022-Q2.xlsx"' in html
    assert '<strong aria-current="page">Quý II/2022</strong>' in html
    assert 'href="/reports/huyen-a-2022/2022-Q4/"' in html


def test_report_page_escapes_user_text_in_charts(client, scenario):
    finance = scenario["finance"]
    finance.name = "<script>x</script>"
    finance.save()
    client.force_login(scenario["staff"])

    html = client.get(URL).content.decode()

    assert "<script>x</script>" not in html
    assert "&lt;script&gt;x&lt;/script&gt;" in html


# --- who may see it ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("user", "status"),
    [("staff", 200), ("leader", 200), ("office_head", 404), ("outsider", 404)],
)
def test_report_page_access_by_role(client, district_setup, user, status):
    client.force_login(district_setup[user])

    assert client.get(URL).status_code == status


def test_report_page_superuser_may_read(client, district_setup):
    client.force_login(User.objects.create_superuser("root", "root@example.test", "x"))

    assert client.get(URL).status_code == 200


def test_report_page_anonymous_goes_to_login(client, district_setup):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    "path",
    [
        "/reports/huyen-a-2022/2022-Q5/",
        "/reports/huyen-a-2022/22-Q1/",
        "/reports/huyen-a-2022/2023-Q1/",
        "/reports/khong-co/2022-Q2/",
        "/reports/khong-co/",
    ],
)
def test_report_page_bad_period_or_plan_is_404(client, district_setup, path):
    client.force_login(district_setup["staff"])

    assert client.get(path).status_code == 404


def test_report_index_redirects_to_current_period(client, district_setup):
    client.force_login(district_setup["staff"])

    response = client.get(reverse("report-index", args=["huyen-a-2022"]))

    # Today is after 2022: the current period is clamped to the plan's last quarter.
    assert response.status_code == 302
    assert response["Location"] == "/reports/huyen-a-2022/2022-Q4/"


def test_report_index_hides_other_districts_plans(client, district_setup):
    client.force_login(district_setup["outsider"])

    assert client.get("/reports/huyen-a-2022/").status_code == 404


def test_review_url_still_reaches_review_page(client, district_setup):
    client.force_login(district_setup["staff"])

    response = client.get("/reports/review/")

    assert response.status_code == 200
    assert response.templates[0].name == "tasks/review.html"


# --- links -------------------------------------------------------------------------------


def test_home_links_report_for_district_readers_only(client, district_setup):
    link = 'href="/reports/huyen-a-2022/"'
    client.force_login(district_setup["leader"])
    assert link in client.get(reverse("home")).content.decode()

    for user in ("office_head", "outsider"):
        client.force_login(district_setup[user])
        assert link not in client.get(reverse("home")).content.decode()


def test_plan_admin_links_report(admin_client, district_setup):
    plan = district_setup["plan"]

    html = admin_client.get(reverse("admin:plans_plan_change", args=[plan.pk])).content.decode()

    assert '<a href="/reports/huyen-a-2022/">Báo cáo quý</a>' in html


# --- speed -------------------------------------------------------------------------------


def _many_tasks(s, count):
    for n in range(count):
        task = _task(s["area"], str(n + 1), s["office"], due=datetime.date(2022, 3, 31))
        TaskAssignmentFactory(task=task, agency=s["finance"], role="partner")
        _report(task, s["office"], result="Đã làm")
        _report(task, s["finance"], result="Đã phối hợp")
        if n % 2:
            _task(s["area"], "a", s["commune"], due=datetime.date(2022, 6, 30), parent=task)
    for n in range(count // 2):
        IndicatorFactory(plan=s["plan"], code=str(n + 1))


@pytest.mark.parametrize("size", [2, 20])
def test_report_page_query_count_does_not_grow(
    client, district_setup, django_assert_max_num_queries, size
):
    _many_tasks(district_setup, size)
    client.force_login(district_setup["staff"])

    with django_assert_max_num_queries(21):
        response = client.get(URL)

    assert response.context["report"].counts.total == size


# --- the real plan -----------------------------------------------------------------------


def test_report_page_renders_thanh_oai_plan(client, district_setup):
    call_command("load_plans", "thanh-oai-2022", stdout=io.StringIO())
    plan = Plan.objects.get(slug="thanh-oai-2022")
    client.force_login(User.objects.create_superuser("root", "root@example.test", "x"))

    response = client.get(reverse("report-page", args=[plan.slug, "2022-Q2"]))

    assert response.status_code == 200
    report = response.context["report"]
    assert report.counts.total == 36
    assert [area.numeral for area, _ in response.context["groups"]] == [
        a.numeral for a in report.areas
    ]
    assert "Tổng số nhiệm vụ 36 100%" in _text(_section(response, "tong-hop"))


def test_report_page_header_names_the_districts_interior_office(
    client, loaded_plans, django_user_model
):
    from plans.access import GROUP_OFFICE
    from plans.models import AdministrativeUnit
    from tests.factories import make_user

    staff = make_user(
        "cat-hai-staff", group=GROUP_OFFICE, unit=AdministrativeUnit.objects.get(slug="cat-hai")
    )
    client.force_login(staff)

    response = client.get(reverse("report-page", args=["cat-hai-2023", "2023-Q4"]))

    assert response.status_code == 200
    assert "Đơn vị tổng hợp: Phòng Nội vụ, Lao động - Thương binh và Xã hội" in response.text
