"""The consolidated quarterly report as a web page, for the Interior Office and leaders.

The page shows what `tasks.reporting.build_report` returns; the Excel file of the same report
is another view (`report-xlsx`). Access follows plans.access: readers of the plan's district
(superuser, Interior Office staff, district leaders); anyone else gets 404.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from plans.access import plan_for_reader
from plans.models import Plan
from plans.periods import current_period, plan_periods
from plans.selectors import interior_office_name
from tasks.charts import CLASS_COLOURS, CLASS_TEXT, stacked_bars_svg
from tasks.reporting import Counts, build_report
from tasks.views import _period_or_404


def _readable_plan(request, slug) -> Plan:
    plan = Plan.objects.select_related("district").filter(slug=slug).first()
    return plan_for_reader(request.user, plan)


def _breakdown(anchor: str, title: str, column: str, rows: list[tuple[str, Counts]]) -> dict:
    """One "by area" or "by agency" section: its chart and the rows of its table."""
    return {
        "anchor": anchor,
        "title": title,
        "column": column,
        "rows": rows,
        "chart": stacked_bars_svg(
            rows, f"Số nhiệm vụ theo tình trạng, từng {column.lower()}", chart_id=f"chart-{anchor}"
        ),
    }


@login_required
def report_index(request, slug):
    """The report of the period containing today (clamped to the plan's years)."""
    plan = _readable_plan(request, slug)
    period = current_period(plan.start_year, plan.end_year, timezone.localdate())
    return redirect("report-page", slug=plan.slug, period=period.slug)


@login_required
def report_page(request, slug, period):
    plan = _readable_plan(request, slug)
    period = _period_or_404(period)
    if period.year not in plan.years:
        raise Http404("Kỳ báo cáo nằm ngoài thời gian của kế hoạch.")
    report = build_report(plan, period)
    summary = [
        {
            "code": code,
            "label": label,
            "count": count,
            "percent": percent,
            "colour": CLASS_COLOURS[code],
            "text_colour": CLASS_TEXT[code],
        }
        for code, label, count, percent in report.counts.cells()
    ]
    breakdowns = [
        _breakdown(
            "theo-linh-vuc",
            "Kết quả theo lĩnh vực",
            "Lĩnh vực",
            [(str(area), counts) for area, counts in report.by_area],
        ),
        _breakdown(
            "theo-co-quan",
            "Kết quả theo cơ quan chủ trì",
            "Cơ quan chủ trì",
            [(agency.name, counts) for agency, counts in report.by_agency],
        ),
    ]
    context = {
        "plan": plan,
        "period": period,
        "periods": plan_periods(plan.start_year, plan.end_year),
        "report": report,
        "office_name": interior_office_name(plan.district_id),
        "summary": summary,
        "breakdowns": breakdowns,
        "groups": report.rows_by_area(),
        "xlsx_href": f"/reports/{plan.slug}/{period.slug}.xlsx",
        "printed_on": timezone.localdate(),
    }
    return render(request, "tasks/report_page.html", context)
