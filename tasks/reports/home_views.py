"""The home page of every role and the province views: a superuser's national overview, a
province's dashboard of its units (and its .xlsx), everyone else's list of plans in scope. They
live with the consolidated report because they show its numbers (`tasks.reports.summaries`).
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from plans.access import (
    READER_ROLES,
    ROLE_AGENCY,
    ROLE_LEADER,
    ROLE_OFFICE,
    ROLE_PROVINCE,
    ROLE_SUPERUSER,
    can_read_province,
    readable,
    role_of,
    user_agency,
    user_unit_id,
)
from plans.models import AdministrativeUnit, Plan, UnitLevel
from plans.periods import Period
from plans.selectors import plan_list_with_counts
from tasks.reports import dashboard, homes

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NUMERIC_COLUMNS = {"tasks", "on_time", "overdue", "reporting"}


@login_required
def home(request):
    """A superuser's home lists the provinces with their units' numbers (`national_home`);
    the province's Home Affairs staff see the plans of every unit of the province with a link
    to its dashboard; Interior Office staff, leaders and agency heads see what waits for them
    in one plan and period (`tasks.reports.homes`), above their unit's plans."""
    role = role_of(request.user)
    if role == ROLE_SUPERUSER:
        return national_home(request)
    if role == ROLE_AGENCY:
        return agency_home(request)
    plans = plan_list_with_counts()
    if role in READER_ROLES:
        plans = readable(request.user, plans)
    else:
        plans = plans.filter(unit_id=user_unit_id(request.user))
    # The profile's unit, which the menu's link to the dashboard reads as well.
    province = request.user.profile.unit if role == ROLE_PROVINCE else None
    context = {"plans": plans, "province": province, "reader": role in READER_ROLES}
    if role in (ROLE_OFFICE, ROLE_LEADER):
        context["plans"] = plans = list(plans)  # read once: the list and the picker
        context.update(_unit_home(request, role, plans))
        return render(request, f"plans/home_{role}.html", context)
    return render(request, "plans/home.html", context)


def _unit_home(request, role, plans) -> dict:
    """The office's or leader's work in the chosen plan and period."""
    plan = homes.choose_plan(plans, request.GET.get("plan"))
    if plan is None:
        return {"plan": None}
    pending = homes.OFFICE_PENDING if role == ROLE_OFFICE else ()
    period = homes.choose_period(
        plan, request.GET.get("period"), timezone.localdate(), pending_states=pending
    )
    work = (
        homes.office_home(plan, period) if role == ROLE_OFFICE else homes.leader_home(plan, period)
    )
    return {"plan": plan, "period": period, "periods": homes.periods_of(plan), "work": work}


def agency_home(request):
    """The agency head's home: what the agency owes in the chosen plan and period."""
    agency = user_agency(request.user)
    plans = list(
        Plan.objects.select_related("unit")
        .filter(unit_id=agency.unit_id)
        .order_by("-start_year", "slug")
    )
    plan = homes.choose_plan(plans, request.GET.get("plan"))
    context = {"agency": agency, "plans": plans, "plan": plan}
    if plan is not None:
        today = timezone.localdate()
        period = homes.choose_period(
            plan,
            request.GET.get("period"),
            today,
            pending_states=homes.AGENCY_PENDING,
            agency=agency,
        )
        context.update(
            period=period,
            periods=homes.periods_of(plan),
            work=homes.agency_home(agency, plan, period, today),
        )
    return render(request, "plans/home_agency.html", context)


# The menu's links to the pages of the user's newest plan (`current_plan_page`).
PLAN_PAGES = {
    "report": "report-index",
    "targets": "plan-targets-current",
    "quality": "plan-quality",
}


@login_required
def current_plan_page(request, page):
    """Redirect to the report page, the targets or the data-quality page of the newest plan of
    the user's own unit (Interior Office staff and leaders); 404 for anyone else or when the
    unit has no plan."""
    if page not in PLAN_PAGES or role_of(request.user) not in (ROLE_OFFICE, ROLE_LEADER):
        raise Http404
    plan = (
        Plan.objects.filter(unit_id=user_unit_id(request.user))
        .order_by("-start_year", "slug")
        .first()
    )
    if plan is None:
        raise Http404("Đơn vị chưa có kế hoạch nào.")
    return redirect(PLAN_PAGES[page], slug=plan.slug)


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
