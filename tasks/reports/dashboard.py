"""The province dashboard and the national home: units compared on one reporting period.

A province's Home Affairs staff (Sở Nội vụ) follow every unit of their province. The dashboard
(`province_rows`) has one row per plan of the province's units (the province itself, its
districts and communes) covering the period's year, with the numbers of that plan's own report
page: they come from `tasks.reports.summaries.plan_summaries`, which classifies every plan with
the report's rules, for all the plans at once in a fixed number of queries. The national home
(`national_page`) sums the same numbers per province, one page of provinces at a time.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Max, Min, Q, QuerySet
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from plans.models import AdministrativeUnit, Plan, UnitLevel
from plans.periods import Period, current_period, plan_periods
from reformplan.xlsx import TOTAL, Line, Row, Sheet, Table, render_workbook
from tasks.reports.summaries import PlanSummary, plan_summaries
from tasks.reports.xlsx_cells import national_header
from tasks.selectors import vietnamese_sort_key

PROVINCES_PER_PAGE = 25
FINAL_LABEL = {True: "Đã chốt", False: "Chưa chốt"}
LEVEL_ORDER = {level: n for n, level in enumerate(UnitLevel.values)}


def rate(part: int, whole: int) -> float | None:
    """`part` of `whole` as a percentage to one decimal, as PlanSummary rounds it."""
    return round(100 * part / whole, 1) if whole else None


# --- periods -------------------------------------------------------------------------------


def plan_years(plans: QuerySet[Plan]) -> tuple[int, int] | None:
    """The first and last year of `plans` (one query), or None when there is none."""
    years = plans.aggregate(first=Min("start_year"), last=Max("end_year"))
    if years["first"] is None:
        return None
    return years["first"], years["last"]


def chosen_period(slug: str | None, years: tuple[int, int] | None, today: datetime.date):
    """The period named by `?period=` (None when malformed), else the quarter containing
    today clamped to `years`."""
    if slug:
        return Period.parse(slug)
    if years is None:
        return Period.containing(today)
    return current_period(*years, today)


def period_choices(years: tuple[int, int] | None, period: Period) -> list[Period]:
    periods = plan_periods(*years) if years else []
    return periods if period in periods else sorted([*periods, period])


# --- one province --------------------------------------------------------------------------


def province_plans(province: AdministrativeUnit) -> QuerySet[Plan]:
    """The plans of the province and of every unit whose parent it is."""
    return Plan.objects.filter(Q(unit_id=province.pk) | Q(unit__parent_id=province.pk))


@dataclass
class UnitRow:
    """One line of the dashboard: a unit's plan and its numbers for the period."""

    summary: PlanSummary

    @property
    def plan(self) -> Plan:
        return self.summary.plan

    @property
    def unit(self) -> AdministrativeUnit:
        return self.summary.plan.unit

    @property
    def final_label(self) -> str:
        return FINAL_LABEL[self.summary.edition_final]


# Sortable columns: `?sort=<key>` ascending, `?sort=-<key>` descending. Rows without a value
# (no report owed) come last either way; ties keep the units' alphabetical order.
SORT_COLUMNS = {
    "unit": ("Đơn vị", lambda r: vietnamese_sort_key(r.unit.name)),
    "level": ("Cấp", lambda r: LEVEL_ORDER.get(r.unit.level, 99)),
    "plan": ("Kế hoạch", lambda r: vietnamese_sort_key(r.plan.title)),
    "tasks": ("Số nhiệm vụ", lambda r: r.summary.tasks),
    "on_time": ("Hoàn thành đúng hạn (%)", lambda r: r.summary.percent_on_time),
    "overdue": ("Nhiệm vụ quá hạn", lambda r: r.summary.overdue),
    "reporting": ("Gửi báo cáo đúng hạn (%)", lambda r: r.summary.reporting_rate),
    "final": ("Báo cáo kỳ", lambda r: r.summary.edition_final),
}
DEFAULT_SORT = "unit"


def parse_sort(value: str | None) -> tuple[str, bool]:
    """`?sort=` as (column key, descending); an unknown column sorts by unit."""
    value = value or DEFAULT_SORT
    descending = value.startswith("-")
    key = value.lstrip("-")
    if key not in SORT_COLUMNS:
        return DEFAULT_SORT, False
    return key, descending


def sort_rows(rows: list[UnitRow], key: str, descending: bool) -> list[UnitRow]:
    by_unit = sorted(rows, key=lambda r: (vietnamese_sort_key(r.unit.name), r.plan.slug))
    value = SORT_COLUMNS[key][1]
    known = [r for r in by_unit if value(r) is not None]
    unknown = [r for r in by_unit if value(r) is None]
    return sorted(known, key=value, reverse=descending) + unknown


def province_rows(
    province: AdministrativeUnit,
    period: Period,
    *,
    level: str | None = None,
    sort: str = DEFAULT_SORT,
    descending: bool = False,
) -> list[UnitRow]:
    """The plans of the province's units covering `period`'s year (`level`: only units of
    that level), with their summaries, sorted."""
    plans = province_plans(province).filter(start_year__lte=period.year, end_year__gte=period.year)
    if level:
        plans = plans.filter(unit__level=level)
    plans = list(plans.select_related("unit__parent"))
    summaries = plan_summaries(plans, period)
    rows = [UnitRow(summaries[p.pk]) for p in plans if p.pk in summaries]
    return sort_rows(rows, sort, descending)


# --- totals: a province's row on the national home, the dashboard's total line ---------------


@dataclass
class Totals:
    """Numbers summed over plans: tasks, done on time, overdue, reports owed and sent on time,
    and the units with a finalised edition of the period's report."""

    tasks: int = 0
    done_on_time: int = 0
    overdue: int = 0
    reports_owed: int = 0
    reports_on_time: int = 0
    plans: int = 0
    units: set[int] = field(default_factory=set)
    final_units: set[int] = field(default_factory=set)

    def add(self, summary: PlanSummary) -> None:
        self.plans += 1
        self.tasks += summary.tasks
        self.done_on_time += summary.done_on_time
        self.overdue += summary.overdue
        self.reports_owed += summary.reports_owed
        self.reports_on_time += summary.reports_on_time
        self.units.add(summary.plan.unit_id)
        if summary.edition_final:
            self.final_units.add(summary.plan.unit_id)

    @property
    def percent_on_time(self) -> float:
        return rate(self.done_on_time, self.tasks) or 0.0

    @property
    def reporting_rate(self) -> float | None:
        return rate(self.reports_on_time, self.reports_owed)

    @property
    def unit_count(self) -> int:
        return len(self.units)

    @property
    def final_count(self) -> int:
        return len(self.final_units)


def totals(rows: list[UnitRow]) -> Totals:
    total = Totals()
    for row in rows:
        total.add(row.summary)
    return total


@dataclass
class ProvinceRow:
    province: AdministrativeUnit
    totals: Totals


def national_page(period: Period, page_number) -> Page:
    """One page of provinces (25, alphabetical), each with its units' totals for `period`:
    the plans of the page's provinces only, summarised together."""
    provinces = AdministrativeUnit.objects.filter(level=UnitLevel.PROVINCE).order_by("name", "slug")
    page = Paginator(provinces, PROVINCES_PER_PAGE).get_page(page_number)
    by_id = {p.pk: Totals() for p in page.object_list}
    plans = list(
        Plan.objects.filter(Q(unit_id__in=by_id) | Q(unit__parent_id__in=by_id))
        .filter(start_year__lte=period.year, end_year__gte=period.year)
        .select_related("unit")
    )
    for summary in plan_summaries(plans, period).values():
        unit = summary.plan.unit
        by_id[unit.pk if unit.level == UnitLevel.PROVINCE else unit.parent_id].add(summary)
    page.object_list = [ProvinceRow(p, by_id[p.pk]) for p in page.object_list]
    return page


# --- the chart -----------------------------------------------------------------------------

CHART_WIDTH = 760
CHART_LABEL = 250
CHART_BAR = CHART_WIDTH - CHART_LABEL - 60
CHART_ROW = 24
CHART_TOP = 30
ON_TIME_COLOUR = "#009e73"  # tasks.reports.charts' "Hoàn thành đúng hạn" (Okabe–Ito)


def _shorten(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def on_time_chart_svg(
    rows: list[tuple[str, float]], title: str, *, chart_id="chart", described_by=None
) -> SafeString:
    """One horizontal bar per `(label, percent)` on a 0–100 % scale, every text escaped, each
    bar labelled with its percentage. `described_by` is the id of the table with the same
    numbers ("<chart_id>-table" by default)."""
    chart_id = escape(chart_id)
    described_by = escape(described_by or f"{chart_id}-table")
    height = CHART_TOP + max(len(rows), 1) * CHART_ROW + 24
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'aria-labelledby="{chart_id}-title" aria-describedby="{described_by}" '
        f'viewBox="0 0 {CHART_WIDTH} {height}" width="{CHART_WIDTH}" height="{height}" '
        'font-family="sans-serif" font-size="12">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<text x="0" y="16" font-size="14" font-weight="bold" fill="#1d2733">{escape(title)}'
        "</text>",
    ]
    if not rows:
        parts.append(f'<text x="0" y="{CHART_TOP + 16}" fill="#5f6b7a">Chưa có số liệu.</text>')
    for n, (label, percent) in enumerate(rows):
        shown = f"{percent:g}".replace(".", ",")  # a Vietnamese decimal comma, as in the table
        y = CHART_TOP + n * CHART_ROW
        width = round(CHART_BAR * max(0.0, min(percent, 100.0)) / 100, 2)
        parts += [
            f"<g><title>{escape(label)}: {shown}%</title>",
            f'<text x="{CHART_LABEL - 8}" y="{y + 15}" text-anchor="end" fill="#1d2733">'
            f"{escape(_shorten(label))}</text>",
            f'<rect x="{CHART_LABEL}" y="{y + 2}" width="{CHART_BAR}" height="18" fill="#eef1f4"/>',
            f'<rect x="{CHART_LABEL}" y="{y + 2}" width="{width:g}" height="18" '
            f'fill="{ON_TIME_COLOUR}"/>',
            f'<text x="{CHART_LABEL + CHART_BAR + 6}" y="{y + 15}" fill="#1d2733">'
            f"{shown}%</text></g>",
        ]
    axis_y = CHART_TOP + max(len(rows), 1) * CHART_ROW + 14
    for tick in (0, 50, 100):
        x = CHART_LABEL + CHART_BAR * tick / 100
        parts.append(
            f'<text x="{x:g}" y="{axis_y}" text-anchor="middle" fill="#5f6b7a">{tick}%</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (every text above is escaped)


# --- the Excel export ----------------------------------------------------------------------

XLSX_TITLE = "BẢNG TỔNG HỢP KẾT QUẢ THỰC HIỆN KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH CỦA CÁC ĐƠN VỊ"
XLSX_COLUMNS = [
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
]
XLSX_WIDTHS = [6, 26, 14, 40, 10, 12, 13, 11, 11, 11, 13, 11]
PERCENT_FORMAT = "0.0"


def xlsx_filename(province: AdministrativeUnit, period: Period) -> str:
    """ "tong-hop-ha-noi-2022-Q2.xlsx" """
    return f"tong-hop-{province.slug}-{period.slug}.xlsx"


def province_xlsx(
    province: AdministrativeUnit, period: Period, rows: list[UnitRow], level: str | None = None
) -> bytes:
    """The dashboard's table as an Excel sheet: one row per unit's plan and a total line."""
    body = []
    for n, row in enumerate(rows, start=1):
        s = row.summary
        body.append(
            Row(
                [
                    n,
                    row.unit.title_name,
                    row.unit.get_level_display(),
                    f"{row.plan.title} ({row.plan.slug})",
                    s.tasks,
                    s.done_on_time,
                    s.percent_on_time,
                    s.overdue,
                    s.reports_owed,
                    s.reports_on_time,
                    s.reporting_rate,
                    row.final_label,
                ]
            )
        )
    total = totals(rows)
    body.append(
        Row(
            [
                None,
                "Tổng cộng",
                f"{total.unit_count} đơn vị",
                f"{total.plans} kế hoạch",
                total.tasks,
                total.done_on_time,
                total.percent_on_time,
                total.overdue,
                total.reports_owed,
                total.reports_on_time,
                total.reporting_rate,
                f"{total.final_count}/{total.unit_count} đã chốt",
            ],
            TOTAL,
        )
    )
    header = [
        *national_header(province.committee, "Sở Nội vụ"),
        Line(""),
        Line(XLSX_TITLE),
        Line(period.cumulative_label.upper()),
        Line(f"Kỳ báo cáo: {period.label}", bold=False, italic=True),
    ]
    if level:
        header.append(
            Line(f"Chỉ gồm các đơn vị {UnitLevel(level).label.lower()}", bold=False, italic=True)
        )
    table = Table(
        columns=XLSX_COLUMNS,
        rows=body,
        repeat_header=True,
        number_formats={6: PERCENT_FORMAT, 10: PERCENT_FORMAT},
        note=(
            "Số liệu như trên trang báo cáo quý của từng đơn vị. Tỷ lệ gửi báo cáo đúng hạn: số "
            "báo cáo các cơ quan gửi trước hạn nộp của kế hoạch trên số báo cáo phải gửi."
        ),
    )
    sheet = Sheet(title="Tổng hợp", widths=XLSX_WIDTHS, header=header, tables=[table])
    return render_workbook(
        [sheet], title=f"{XLSX_TITLE} — {province.full_name}", author=f"Sở Nội vụ {province.name}"
    )
