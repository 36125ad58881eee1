"""The province dashboard (/provinces/<slug>/), its Excel export and the national home: every
unit of a province compared with the numbers of its own report page, in a fixed number of
queries."""

from __future__ import annotations

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from plans.access import GROUP_LEADER, GROUP_OFFICE, GROUP_PROVINCE
from plans.models import AdministrativeUnit
from plans.periods import Period
from plans.units import UnitType
from tasks.reports import editions
from tasks.reports.builder import build_report
from tasks.reports.classification import ReportClass
from tasks.reports.models import ReportEdition
from tests.factories import (
    AgencyFactory,
    IndicatorFactory,
    PlanAreaFactory,
    ProgressReportFactory,
    ProvinceFactory,
    TaskAssignmentFactory,
    TaskFactory,
    UnitFactory,
    make_user,
)

pytestmark = pytest.mark.django_db

D = datetime.date
Q2 = Period(2022, 2)


def _sent(month: int, day: int):
    return timezone.make_aware(datetime.datetime(2022, month, day, 9))


def done(completed: datetime.date, sent: datetime.datetime) -> dict:
    return {"status": "done", "percent": 100, "completion_date": completed, "submitted_at": sent}


def in_progress(sent: datetime.datetime) -> dict:
    return {"status": "in_progress", "percent": 40, "submitted_at": sent}


def make_plan(unit, slug, tasks, *, year=2022, title=None):
    """A plan of `unit` due on the 10th, one lead agency, a task per `(due date, report or
    None)` of `tasks`."""
    area = PlanAreaFactory(
        plan__unit=unit,
        plan__slug=slug,
        plan__start_year=year,
        plan__end_year=year,
        plan__report_due_day=10,
        plan__title=title or f"Kế hoạch cải cách hành chính năm {year} của {unit.full_name}",
        numeral="I",
    )
    lead = AgencyFactory(unit=unit, name=f"Văn phòng {slug}")
    for n, (due, report) in enumerate(tasks, start=1):
        task = TaskFactory(area=area, code=str(n), due_date=due)
        TaskAssignmentFactory(task=task, agency=lead)
        if report:
            ProgressReportFactory(task=task, agency=lead, **report)
    return area.plan


@pytest.fixture
def province_world(db):
    """Province P: its own plan, districts An and Bình, commune Cường (all 2022) and An's plan
    of 2021; province Q with district Đông (2022). Bình's Q2 report edition is finalised."""
    province = ProvinceFactory(slug="tinh-p", name="P")
    other = ProvinceFactory(slug="tinh-q", name="Q")
    an = UnitFactory(slug="huyen-an", name="An", parent=province)
    binh = UnitFactory(slug="huyen-binh", name="Bình", parent=province)
    cuong = UnitFactory(slug="xa-cuong", name="Cường", parent=province, unit_type=UnitType.COMMUNE)
    dong = UnitFactory(slug="huyen-dong", name="Đông", parent=other)
    plans = {
        # done on time (sent 09/06); not reported, overdue; in progress, overdue (sent 09/06)
        "an-2022": make_plan(
            an,
            "an-2022",
            [
                (D(2022, 3, 31), done(D(2022, 3, 20), _sent(6, 9))),
                (D(2022, 3, 31), None),
                (D(2022, 3, 31), in_progress(_sent(6, 9))),
            ],
        ),
        # two done on time, one of them sent after the 10th
        "binh-2022": make_plan(
            binh,
            "binh-2022",
            [
                (D(2022, 6, 30), done(D(2022, 6, 1), _sent(6, 5))),
                (D(2022, 6, 30), done(D(2022, 6, 2), _sent(6, 15))),
            ],
        ),
        # due at the end of the year, nothing reported yet
        "cuong-2022": make_plan(cuong, "cuong-2022", [(D(2022, 12, 31), None)]),
        # the province's own plan: in progress within its time
        "tinh-p-2022": make_plan(
            province, "tinh-p-2022", [(D(2022, 9, 30), in_progress(_sent(6, 1)))]
        ),
        "an-2021": make_plan(an, "an-2021", [(D(2021, 6, 30), None)], year=2021),
        "dong-2022": make_plan(dong, "dong-2022", [(D(2022, 3, 31), None)]),
    }
    staff = make_user("binh-noivu", group=GROUP_OFFICE, unit=binh)
    edition = editions.edition_create(plan=plans["binh-2022"], period=Q2, user=staff)
    ReportEdition.objects.filter(pk=edition.pk).update(number="12/BC-UBND", doc_date=D(2022, 6, 20))
    editions.edition_finalise(edition=edition, expected_version=edition.version, user=staff)
    return {
        "province": province,
        "other": other,
        "plans": plans,
        "user": make_user("tinh-p-sonoivu", group=GROUP_PROVINCE, unit=province),
        "other_user": make_user("tinh-q-sonoivu", group=GROUP_PROVINCE, unit=other),
    }


def _dashboard(client, user, slug="tinh-p", **params):
    client.force_login(user)
    return client.get(reverse("province-dashboard", args=[slug]), params)


def _numbers(rows) -> dict[str, tuple]:
    return {
        r.plan.slug: (
            r.unit.slug,
            r.unit.level,
            r.summary.tasks,
            r.summary.done_on_time,
            r.summary.percent_on_time,
            r.summary.overdue,
            r.summary.reports_owed,
            r.summary.reports_on_time,
            r.summary.reporting_rate,
            r.final_label,
        )
        for r in rows
    }


# --- what the dashboard shows ---------------------------------------------------------------


def test_dashboard_lists_exactly_the_provinces_units_with_their_numbers(client, province_world):
    response = _dashboard(client, province_world["user"], period="2022-Q2")

    assert response.status_code == 200
    assert _numbers(response.context["rows"]) == {
        "an-2022": ("huyen-an", "district", 3, 1, 33.3, 2, 3, 2, 66.7, "Chưa chốt"),
        "binh-2022": ("huyen-binh", "district", 2, 2, 100.0, 0, 2, 1, 50.0, "Đã chốt"),
        "cuong-2022": ("xa-cuong", "commune", 1, 0, 0.0, 0, 1, 0, 0.0, "Chưa chốt"),
        "tinh-p-2022": ("tinh-p", "province", 1, 0, 0.0, 0, 1, 1, 100.0, "Chưa chốt"),
    }


def test_dashboard_numbers_are_those_of_each_units_report(client, province_world):
    rows = _dashboard(client, province_world["user"], period="2022-Q2").context["rows"]

    for row in rows:
        report = build_report(row.plan, Q2)
        assert row.summary.tasks == report.counts.total
        assert row.summary.done_on_time == report.counts.by_class[ReportClass.DONE_ON_TIME]
        assert row.summary.overdue == sum(1 for r in report.units if r.classified.overdue)


def test_dashboard_total_line_sums_the_units(client, province_world):
    total = _dashboard(client, province_world["user"], period="2022-Q2").context["total"]

    assert (total.tasks, total.done_on_time, total.percent_on_time, total.overdue) == (
        7,
        3,
        42.9,
        2,
    )
    assert (total.reports_owed, total.reports_on_time, total.reporting_rate) == (7, 4, 57.1)
    assert (total.final_count, total.unit_count, total.plans) == (1, 4, 4)


def test_dashboard_links_each_unit_to_its_report_page_and_draws_the_chart(client, province_world):
    html = _dashboard(client, province_world["user"], period="2022-Q2").content.decode()

    for slug in ("an-2022", "binh-2022", "cuong-2022", "tinh-p-2022"):
        assert f'href="/reports/{slug}/2022-Q2/"' in html
    assert "an-2021" not in html and "dong-2022" not in html
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="chart"' in html
    assert "Huyện Bình (2022): 100%" in html
    assert "Huyện An (2022): 33,3%" in html
    assert "Đã chốt" in html and "Chưa chốt" in html


def test_dashboard_escapes_unit_names_in_the_table_and_chart(client, province_world):
    AdministrativeUnit.objects.filter(slug="huyen-an").update(name="<b>An</b>")

    html = _dashboard(client, province_world["user"], period="2022-Q2").content.decode()

    assert "<b>An</b>" not in html
    assert "&lt;b&gt;An&lt;/b&gt;" in html


def test_dashboard_default_period_is_today_clamped_to_the_provinces_plans(client, province_world):
    response = _dashboard(client, province_world["user"])

    assert response.context["period"] == Period(2022, 4)
    assert response.context["periods"][0] == Period(2021, 1)


def test_dashboard_refuses_a_malformed_period(client, province_world):
    assert _dashboard(client, province_world["user"], period="2022-Q5").status_code == 404


def test_dashboard_of_a_year_without_plans_is_empty(client, province_world):
    response = _dashboard(client, province_world["user"], period="2019-Q1")

    assert response.context["rows"] == []
    assert "Không có đơn vị nào" in response.content.decode()


@pytest.mark.parametrize(
    ("level", "slugs"),
    [
        ("district", {"an-2022", "binh-2022"}),
        ("commune", {"cuong-2022"}),
        ("province", {"tinh-p-2022"}),
        ("", {"an-2022", "binh-2022", "cuong-2022", "tinh-p-2022"}),
        ("khong-co", {"an-2022", "binh-2022", "cuong-2022", "tinh-p-2022"}),
    ],
)
def test_level_filter_keeps_only_units_of_that_level(client, province_world, level, slugs):
    rows = _dashboard(client, province_world["user"], period="2022-Q2", level=level).context["rows"]

    assert {r.plan.slug for r in rows} == slugs


@pytest.mark.parametrize(
    ("sort", "order"),
    [
        (None, ["an-2022", "binh-2022", "cuong-2022", "tinh-p-2022"]),
        ("unit", ["an-2022", "binh-2022", "cuong-2022", "tinh-p-2022"]),
        ("-unit", ["tinh-p-2022", "cuong-2022", "binh-2022", "an-2022"]),
        ("on_time", ["cuong-2022", "tinh-p-2022", "an-2022", "binh-2022"]),
        ("-on_time", ["binh-2022", "an-2022", "cuong-2022", "tinh-p-2022"]),
        ("-overdue", ["an-2022", "binh-2022", "cuong-2022", "tinh-p-2022"]),
        ("reporting", ["cuong-2022", "binh-2022", "an-2022", "tinh-p-2022"]),
        ("-tasks", ["an-2022", "binh-2022", "cuong-2022", "tinh-p-2022"]),
        ("level", ["tinh-p-2022", "an-2022", "binh-2022", "cuong-2022"]),
        ("-final", ["binh-2022", "an-2022", "cuong-2022", "tinh-p-2022"]),
        ("no-such-column", ["an-2022", "binh-2022", "cuong-2022", "tinh-p-2022"]),
    ],
)
def test_sorting_orders_rows_by_the_chosen_column(client, province_world, sort, order):
    params = {"period": "2022-Q2"} | ({"sort": sort} if sort else {})

    rows = _dashboard(client, province_world["user"], **params).context["rows"]

    assert [r.plan.slug for r in rows] == order


def test_units_without_reports_owed_sort_last_on_reporting_rate(client, province_world):
    # The commune's only task is declared done by the office: nothing is owed any more.
    cuong = province_world["plans"]["cuong-2022"]
    cuong.tasks.update(status="done", completed_on=D(2022, 5, 2))

    for sort in ("reporting", "-reporting"):
        rows = _dashboard(client, province_world["user"], period="2022-Q2", sort=sort).context[
            "rows"
        ]
        assert (rows[-1].plan.slug, rows[-1].summary.reporting_rate) == ("cuong-2022", None)


def test_sorted_column_header_links_to_the_reverse_order(client, province_world):
    html = _dashboard(
        client, province_world["user"], period="2022-Q2", level="district", sort="on_time"
    ).content.decode()

    assert 'href="?period=2022-Q2&amp;level=district&amp;sort=-on_time"' in html
    assert 'href="?period=2022-Q2&amp;level=district&amp;sort=overdue"' in html


# --- who may open it --------------------------------------------------------------------------


def test_superuser_opens_any_provinces_dashboard(admin_client, province_world):
    response = admin_client.get(
        reverse("province-dashboard", args=["tinh-q"]), {"period": "2022-Q2"}
    )

    assert [r.plan.slug for r in response.context["rows"]] == ["dong-2022"]


def test_province_user_gets_404_on_another_provinces_dashboard_and_plans(client, province_world):
    client.force_login(province_world["user"])
    dong = province_world["plans"]["dong-2022"]

    urls = [
        reverse("province-dashboard", args=["tinh-q"]),
        reverse("province-dashboard-xlsx", args=["tinh-q", "2022-Q2"]),
        reverse("report-page", args=["dong-2022", "2022-Q2"]),
        reverse("report-xlsx", args=["dong-2022", "2022-Q2"]),
        reverse("plan-targets", args=["dong-2022", "2022-Q2"]),
        reverse("plan-quality", args=["dong-2022"]),
        reverse("task-history", args=[dong.tasks.get().pk]),
        reverse("review") + "?plan=dong-2022",
        # a district of the province is not a province: no dashboard of its own
        reverse("province-dashboard", args=["huyen-an"]),
    ]

    assert {url: client.get(url).status_code for url in urls} == dict.fromkeys(urls, 404)


def test_other_roles_get_404_on_the_dashboard(client, province_world):
    binh = AdministrativeUnit.objects.get(slug="huyen-binh")
    staff = make_user("binh-noivu-2", group=GROUP_OFFICE, unit=binh)
    leader = make_user("binh-lanhdao", group=GROUP_LEADER, unit=binh)

    for user in (staff, leader, province_world["other_user"]):
        assert _dashboard(client, user).status_code == 404


def test_province_user_reads_every_unit_of_the_province(client, province_world):
    client.force_login(province_world["user"])
    an = province_world["plans"]["an-2022"]

    urls = [
        reverse("report-page", args=["an-2022", "2022-Q2"]),
        reverse("report-page", args=["tinh-p-2022", "2022-Q2"]),
        reverse("report-docx", args=["cuong-2022", "2022-Q2"]),
        reverse("report-xlsx", args=["binh-2022", "2022-Q2"]),
        reverse("plan-targets", args=["an-2022", "2022-Q2"]),
        reverse("plan-quality", args=["cuong-2022"]),
        reverse("task-history", args=[an.tasks.first().pk]),
        reverse("review") + "?plan=cuong-2022&period=2022-Q2",
    ]

    assert {url: client.get(url).status_code for url in urls} == dict.fromkeys(urls, 200)


def test_province_review_list_shows_the_provinces_plans_without_buttons(client, province_world):
    client.force_login(province_world["user"])

    response = client.get(reverse("review"), {"plan": "an-2022", "period": "2022-Q2"})

    assert sorted(p.slug for p in response.context["plans"]) == [
        "an-2021",
        "an-2022",
        "binh-2022",
        "cuong-2022",
        "tinh-p-2022",
    ]
    assert len(response.context["reports"]) == 2
    assert response.context["can_review"] is False
    assert "review-accept" not in response.content.decode()
    assert "/accept/" not in response.content.decode()


def test_province_user_gets_403_on_any_write_in_the_province(client, province_world):
    client.force_login(province_world["user"])
    an = province_world["plans"]["an-2022"]
    task = an.tasks.order_by("order").first()
    report = task.reports.get()
    indicator = IndicatorFactory(plan=an)

    writes = {
        "edition": (reverse("report-edition", args=["an-2022", "2022-Q2"]), {"create": "1"}),
        "finalise": (
            reverse("report-edition-finalise", args=["binh-2022", "2022-Q2"]),
            {"version": "1"},
        ),
        "accept": (reverse("review-accept", args=[report.pk]), {"version": "1"}),
        "return": (reverse("review-return", args=[report.pk]), {"version": "1", "note": "x"}),
        "target": (
            reverse("plan-target-save", args=["an-2022", "2022-Q2", indicator.pk]),
            {"value": "95"},
        ),
        "report": (
            reverse("report-edit", args=[task.pk, "2022-Q2"]),
            {"status": "in_progress", "percent": "10", "version": "1", "submit": "1"},
        ),
    }

    statuses = {name: client.post(url, data).status_code for name, (url, data) in writes.items()}

    assert statuses == dict.fromkeys(writes, 403)
    assert not ReportEdition.objects.filter(plan=an).exists()
    report.refresh_from_db()
    assert (report.review_state, report.status) == ("submitted", "done")
    assert not indicator.actuals.exists()


def test_province_user_has_no_admin(client, province_world):
    client.force_login(province_world["user"])

    response = client.get(reverse("admin:index"))

    assert response.status_code == 302
    assert "/admin/login/" in response.url


# --- the Excel export -------------------------------------------------------------------------


def _sheet_rows(content: bytes) -> list[tuple]:
    sheet = load_workbook(io.BytesIO(content)).active
    rows = [tuple(c.value for c in row) for row in sheet.iter_rows()]
    start = next(n for n, row in enumerate(rows) if row[0] == "STT")
    end = next(n for n, row in enumerate(rows) if row[1] == "Tổng cộng")
    return rows[start : end + 1]


def test_xlsx_export_has_the_dashboards_rows(client, province_world):
    client.force_login(province_world["user"])

    response = client.get(
        reverse("province-dashboard-xlsx", args=["tinh-p", "2022-Q2"]), {"sort": "-on_time"}
    )

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="tong-hop-tinh-p-2022-Q2.xlsx"'
    header, *body = _sheet_rows(response.content)
    assert header == (
        "STT",
        "Đơn vị",
        "Cấp",
        "Kế hoạch",
        "Số nhiệm vụ",
        "Hoàn thành đúng hạn",
        "Tỷ lệ hoàn thành đúng hạn (%)",
        "Nhiệm vụ quá hạn",
        "Báo cáo phải gửi",
        "Báo cáo gửi đúng hạn",
        "Tỷ lệ gửi báo cáo đúng hạn (%)",
        "Báo cáo kỳ",
    )
    title = "Kế hoạch cải cách hành chính năm 2022 của"
    assert body[:5] == [
        (1, "Huyện Bình", "Cấp huyện (đến 30/6/2025)", f"{title} huyện Bình (binh-2022)",
         2, 2, 100, 0, 2, 1, 50, "Đã chốt"),
        (2, "Huyện An", "Cấp huyện (đến 30/6/2025)", f"{title} huyện An (an-2022)",
         3, 1, 33.3, 2, 3, 2, 66.7, "Chưa chốt"),
        (3, "Xã Cường", "Cấp xã", f"{title} xã Cường (cuong-2022)",
         1, 0, 0, 0, 1, 0, 0, "Chưa chốt"),
        (4, "Tỉnh P", "Cấp tỉnh", f"{title} tỉnh P (tinh-p-2022)",
         1, 0, 0, 0, 1, 1, 100, "Chưa chốt"),
        (None, "Tổng cộng", "4 đơn vị", "4 kế hoạch", 7, 3, 42.9, 2, 7, 4, 57.1, "1/4 đã chốt"),
    ]  # fmt: skip


def test_xlsx_export_follows_the_level_filter(client, province_world):
    client.force_login(province_world["user"])

    response = client.get(
        reverse("province-dashboard-xlsx", args=["tinh-p", "2022-Q2"]), {"level": "commune"}
    )

    _, *body = _sheet_rows(response.content)
    assert [row[1] for row in body if row[1]] == ["Xã Cường", "Tổng cộng"]


def test_xlsx_export_keeps_formula_like_names_as_text(client, province_world):
    plan = province_world["plans"]["cuong-2022"]
    plan.title = '=HYPERLINK("http://example.test","x")'
    plan.save()
    client.force_login(province_world["user"])

    response = client.get(reverse("province-dashboard-xlsx", args=["tinh-p", "2022-Q2"]))

    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [c for row in sheet.iter_rows() for c in row if str(c.value).startswith("=HYPER")]
    assert [(c.data_type, c.value) for c in cells] == [
        ("s", '=HYPERLINK("http://example.test","x") (cuong-2022)')
    ]


def test_xlsx_export_refuses_a_malformed_period(client, province_world):
    client.force_login(province_world["user"])

    url = reverse("province-dashboard-xlsx", args=["tinh-p", "2022-Q9"])

    assert client.get(url).status_code == 404


# --- the national home ------------------------------------------------------------------------


def test_national_home_sums_each_provinces_units(admin_client, province_world):
    response = admin_client.get(reverse("home"), {"period": "2022-Q2"})

    rows = {r.province.slug: r.totals for r in response.context["page"].object_list}
    p, q = rows["tinh-p"], rows["tinh-q"]
    assert (p.tasks, p.percent_on_time, p.overdue, p.reporting_rate) == (7, 42.9, 2, 57.1)
    assert (p.final_count, p.unit_count) == (1, 4)
    assert (q.tasks, q.percent_on_time, q.overdue, q.reporting_rate) == (1, 0.0, 1, 0.0)
    assert (q.final_count, q.unit_count) == (0, 1)
    html = response.content.decode()
    assert 'href="/provinces/tinh-p/?period=2022-Q2"' in html
    assert "plans" not in response.context


def test_national_home_pages_provinces_25_at_a_time(admin_client):
    for n in range(26):
        province = ProvinceFactory(slug=f"tinh-{n:02d}", name=f"Tỉnh số {n:02d}")
        make_plan(UnitFactory(parent=province), f"kh-{n:02d}", [(D(2022, 3, 31), None)])

    first = admin_client.get(reverse("home"), {"period": "2022-Q2"})
    second = admin_client.get(reverse("home"), {"period": "2022-Q2", "page": "2"})

    assert first.context["page"].paginator.num_pages == 2
    assert [r.province.slug for r in first.context["page"].object_list] == [
        f"tinh-{n:02d}" for n in range(25)
    ]
    assert [(r.province.slug, r.totals.tasks) for r in second.context["page"].object_list] == [
        ("tinh-25", 1)
    ]
    assert 'href="?period=2022-Q2&amp;page=2"' in first.content.decode()


# --- speed ------------------------------------------------------------------------------------


def _grow(province, count: int) -> None:
    """`count` more units in `province`, each with a plan of three tasks and reports."""
    for n in range(count):
        unit = UnitFactory(parent=province)
        make_plan(
            unit,
            f"{province.slug}-them-{n}",
            [
                (D(2022, 3, 31), done(D(2022, 3, 1), _sent(6, 2))),
                (D(2022, 3, 31), in_progress(_sent(6, 20))),
                (D(2022, 12, 31), None),
            ],
        )


# plan_summaries reads every plan in at most 11 queries (tests/tasks/test_report_summaries.py);
# around it: the session, the user, the province, the user's groups and profile, then the
# dashboard's plan years and plans and the menu's link to the province (8), the export's plans
# (6), the national home's plan years, province count, page of provinces and their plans (6).
SUMMARY_QUERIES = 16  # computed and stored: tests/tasks/test_stored_summaries.py
DASHBOARD_QUERIES = SUMMARY_QUERIES + 9  # + the header's unread notices
XLSX_QUERIES = SUMMARY_QUERIES + 6
NATIONAL_QUERIES = SUMMARY_QUERIES + 7


@pytest.mark.parametrize("extra", [0, 10])
def test_dashboard_query_count_does_not_grow_with_units(
    client, province_world, django_assert_max_num_queries, extra
):
    _grow(province_world["province"], extra)
    client.force_login(province_world["user"])

    with django_assert_max_num_queries(DASHBOARD_QUERIES):
        response = client.get(reverse("province-dashboard", args=["tinh-p"]), {"period": "2022-Q2"})

    assert len(response.context["rows"]) == 4 + extra


@pytest.mark.parametrize("extra", [0, 10])
def test_dashboard_xlsx_query_count_does_not_grow_with_units(
    client, province_world, django_assert_max_num_queries, extra
):
    _grow(province_world["province"], extra)
    client.force_login(province_world["user"])

    with django_assert_max_num_queries(XLSX_QUERIES):
        response = client.get(reverse("province-dashboard-xlsx", args=["tinh-p", "2022-Q2"]))

    assert len(_sheet_rows(response.content)) == 1 + 4 + extra + 1


@pytest.mark.parametrize("provinces", [1, 30])
def test_national_home_query_count_does_not_grow_with_provinces_and_plans(
    admin_client, province_world, django_assert_max_num_queries, provinces
):
    for n in range(provinces):
        _grow(ProvinceFactory(slug=f"tinh-them-{n:02d}", name=f"Thêm {n:02d}"), 2)

    with django_assert_max_num_queries(NATIONAL_QUERIES):
        response = admin_client.get(reverse("home"), {"period": "2022-Q2"})

    assert len(response.context["page"].object_list) == min(2 + provinces, 25)


def test_superuser_review_offers_the_plans_of_the_chosen_plans_province(
    admin_client, province_world
):
    response = admin_client.get(reverse("review"), {"plan": "dong-2022", "period": "2022-Q2"})

    assert [p.slug for p in response.context["plans"]] == ["dong-2022"]
    assert response.context["plan"].slug == "dong-2022"


def test_superuser_review_without_a_plan_offers_the_newest_plans_province(
    admin_client, province_world
):
    response = admin_client.get(reverse("review"))

    # newest first, then by slug: an-2022 of province P
    assert response.context["plan"].slug == "an-2022"
    assert sorted(p.slug for p in response.context["plans"]) == [
        "an-2021",
        "an-2022",
        "binh-2022",
        "cuong-2022",
        "tinh-p-2022",
    ]


@pytest.mark.parametrize("provinces", [1, 12])
def test_superuser_review_query_count_and_plan_list_do_not_grow_with_the_country(
    admin_client, province_world, django_assert_max_num_queries, provinces
):
    for n in range(provinces):
        _grow(ProvinceFactory(slug=f"tinh-them-{n:02d}", name=f"Thêm {n:02d}"), 2)

    with django_assert_max_num_queries(15):
        response = admin_client.get(reverse("review"), {"plan": "an-2022", "period": "2022-Q2"})

    assert len(response.context["plans"]) == 5


# --- demo accounts ----------------------------------------------------------------------------


def test_create_demo_users_adds_one_home_affairs_account_per_province_with_plans(
    settings, client, district_setup
):
    from django.contrib.auth.models import User
    from django.core.management import call_command

    ProvinceFactory(slug="tinh-trong", name="Trống")  # no plan: no account
    settings.DEBUG = True
    out = io.StringIO()
    call_command("create_demo_users", "--password", "demo-Pass-1", stdout=out)
    call_command("create_demo_users", "--password", "demo-Pass-1", stdout=io.StringIO())

    accounts = User.objects.filter(username__endswith="-sonoivu")
    assert list(accounts.values_list("username", "groups__name", "profile__unit__slug")) == [
        ("tinh-mau-sonoivu", GROUP_PROVINCE, "tinh-mau")
    ]
    user = accounts.get()
    assert (user.is_staff, user.is_superuser, user.check_password("demo-Pass-1")) == (
        False,
        False,
        True,
    )
    lines = out.getvalue().splitlines()
    assert lines[lines.index("Tỉnh Mẫu") + 2].split() == [
        "tinh-mau-sonoivu",
        "Sở",
        "Nội",
        "vụ",
        "tỉnh",
        "Mẫu",
    ]
    client.force_login(user)
    assert client.get(reverse("province-dashboard", args=["tinh-mau"])).status_code == 200


def test_seed_provinces_dashboards_agree_with_each_units_report_page(admin_client, loaded_plans):
    compared = []
    for province in AdministrativeUnit.objects.filter(level="province"):
        rows = admin_client.get(
            reverse("province-dashboard", args=[province.slug]), {"period": "2022-Q4"}
        ).context["rows"]
        for row in rows:
            page = admin_client.get(reverse("report-page", args=[row.plan.slug, "2022-Q4"]))
            report = page.context["report"]
            assert (row.summary.tasks, row.summary.done_on_time, row.summary.overdue) == (
                report.counts.total,
                report.counts.by_class[ReportClass.DONE_ON_TIME],
                sum(1 for r in report.units if r.classified.overdue),
            ), row.plan.slug
            compared.append(row.plan.slug)

    assert sorted(compared) == ["thang-binh-2022", "thanh-oai-2022"]
