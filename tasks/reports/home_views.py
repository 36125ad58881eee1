"""The home page of every role and the province views: a superuser's national overview, a
province's dashboard of its units (and its .xlsx), everyone else's list of plans in scope. They
live with the consolidated report because they show its numbers (`tasks.reports.summaries`).
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from plans.access import (
    READER_ROLES,
    ROLE_PROVINCE,
    ROLE_SUPERUSER,
    can_read_province,
    readable,
    role_of,
    user_unit_id,
)
from plans.models import AdministrativeUnit, Plan, UnitLevel
from plans.periods import Period
from plans.selectors import plan_list_with_counts
from tasks.reports import dashboard

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NUMERIC_COLUMNS = {"tasks", "on_time", "overdue", "reporting"}


@login_required
def home(request):
    """A superuser's home lists the provinces with their units' numbers (`national_home`);
    everyone else sees the plans of their scope: their unit's, or for the province's Home
    Affairs staff those of every unit of the province, with a link to its dashboard."""
    role = role_of(request.user)
    if role == ROLE_SUPERUSER:
        return national_home(request)
    plans = plan_list_with_counts()
    if role in READER_ROLES:
        plans = readable(request.user, plans)
    else:
        plans = plans.filter(unit_id=user_unit_id(request.user))
    # The profile's unit, which the menu's link to the dashboard reads as well.
    province = request.user.profile.unit if role == ROLE_PROVINCE else None
    context = {"plans": plans, "province": province, "reader": role in READER_ROLES}
    return render(request, "plans/home.html", context)


def _period_or_404(slug, years) -> Period:
    period = dashboard.chosen_period(slug, years, timezone.localdate())
    if period is None:
        raise Http404("Kỳ báo cáo không hợp lệ.")
    return period


def national_home(request):
    """The provinces, 25 a page, each with its units' numbers for the period (`?period=`,
    default the quarter containing today within the plans' years)."""
    years = dashboard.plan_years(Plan.objects.all())
    period = _period_or_404(request.GET.get("period"), years)
    page = dashboard.national_page(period, request.GET.get("page"))
    context = {
        "national": True,
        "page": page,
        "period": period,
        "periods": dashboard.period_choices(years, period),
    }
    return render(request, "plans/home.html", context)


def _province_or_404(request, slug) -> AdministrativeUnit:
    """The province named by `slug` if the user may follow it (its Home Affairs staff, a
    superuser); 404 otherwise, including for a unit that is not a province."""
    province = AdministrativeUnit.objects.filter(slug=slug, level=UnitLevel.PROVINCE).first()
    if province is None or not can_read_province(request.user, province.pk):
        raise Http404
    return province


def _level(request) -> str | None:
    level = request.GET.get("level") or None
    return level if level in UnitLevel.values else None


@login_required
def province_dashboard(request, slug):
    """Every unit of the province with a plan for the period, compared: the numbers of each
    unit's own report page (`?period=`, `?level=`, `?sort=`)."""
    province = _province_or_404(request, slug)
    years = dashboard.plan_years(dashboard.province_plans(province))
    period = _period_or_404(request.GET.get("period"), years)
    level = _level(request)
    sort, descending = dashboard.parse_sort(request.GET.get("sort"))
    rows = dashboard.province_rows(province, period, level=level, sort=sort, descending=descending)
    chart = dashboard.on_time_chart_svg(
        [(f"{r.unit.title_name} ({r.plan.period_label})", r.summary.percent_on_time) for r in rows],
        f"Tỷ lệ nhiệm vụ hoàn thành đúng hạn, {period.cumulative_label}",
        chart_id="chart-dung-han",
    )
    columns = [
        {
            "key": key,
            "label": label,
            "numeric": key in NUMERIC_COLUMNS,
            "active": key == sort,
            "descending": key == sort and descending,
            # A click on the sorted column reverses it; on another column, sorts ascending.
            "next": f"-{key}" if key == sort and not descending else key,
        }
        for key, (label, _) in dashboard.SORT_COLUMNS.items()
    ]
    context = {
        "province": province,
        "period": period,
        "periods": dashboard.period_choices(years, period),
        "levels": [(value, label) for value, label in UnitLevel.choices],
        "level": level or "",
        "sort": f"-{sort}" if descending else sort,
        "columns": columns,
        "rows": rows,
        "total": dashboard.totals(rows),
        "chart": chart,
    }
    return render(request, "plans/province_dashboard.html", context)


@login_required
def province_dashboard_xlsx(request, slug, period):
    """The dashboard's table as .xlsx (the same `?level=` and `?sort=`)."""
    province = _province_or_404(request, slug)
    period = Period.parse(period)
    if period is None:
        raise Http404("Kỳ báo cáo không hợp lệ.")
    level = _level(request)
    sort, descending = dashboard.parse_sort(request.GET.get("sort"))
    rows = dashboard.province_rows(province, period, level=level, sort=sort, descending=descending)
    response = HttpResponse(
        dashboard.province_xlsx(province, period, rows, level), content_type=XLSX_CONTENT_TYPE
    )
    filename = dashboard.xlsx_filename(province, period)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
