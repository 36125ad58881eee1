"""Excel downloads: the consolidated report of a plan, and an agency's own report."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone

from plans.access import ROLE_AGENCY, plan_for_reader, role_of, user_agency
from plans.models import Plan
from plans.periods import Period
from tasks.exports import (
    XLSX_CONTENT_TYPE,
    agency_filename,
    agency_report_xlsx,
    consolidated_xlsx,
    report_filename,
)
from tasks.selectors import portal_rows


def _plan_period_or_404(plan: Plan, slug: str) -> Period:
    period = Period.parse(slug)
    if period is None or period.year not in plan.years:
        raise Http404("Kỳ báo cáo không hợp lệ.")
    return period


def _xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def report_xlsx(request, slug, period):
    """The consolidated report as an Excel file, for staff and leaders of the plan's district."""
    plan = plan_for_reader(
        request.user, Plan.objects.select_related("district").filter(slug=slug).first()
    )
    period = _plan_period_or_404(plan, period)
    return _xlsx_response(consolidated_xlsx(plan, period), report_filename(plan, period))


@login_required
def agency_xlsx(request, period):
    """The agency head's tasks and reports for a period (`?plan=<slug>`, default the newest
    plan of the agency's district), as the Excel file the agency sends upward."""
    agency = user_agency(request.user)
    if role_of(request.user) != ROLE_AGENCY or agency is None:
        raise PermissionDenied("Tài khoản chưa được gắn với một cơ quan, đơn vị.")
    plans = Plan.objects.select_related("district").filter(district_id=agency.district_id)
    wanted = request.GET.get("plan")
    if wanted:
        plan = get_object_or_404(plans, slug=wanted)
    else:
        plan = plans.order_by("-start_year", "slug").first()
        if plan is None:
            raise Http404
    period = _plan_period_or_404(plan, period)
    rows = portal_rows(agency, plan=plan, period=period, today=timezone.localdate())
    return _xlsx_response(
        agency_report_xlsx(agency, plan, period, rows), agency_filename(agency, plan, period)
    )
