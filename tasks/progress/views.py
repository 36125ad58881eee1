"""The agency head's portal ("Nhiệm vụ của đơn vị"), the report form of a task for a period,
the agency's own workbook and the permission-checked evidence download.
"""

from collections import Counter
from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from indicators.selectors import agency_indicator_rows
from plans.access import (
    ROLE_AGENCY,
    role_of,
    user_agency,
)
from plans.models import Plan
from plans.periods import Period, current_period, plan_periods
from tasks.access import report_for_user, task_for_user
from tasks.models import ProgressReport, ReviewState
from tasks.progress.exports import XLSX_CONTENT_TYPE, agency_filename, agency_report_xlsx
from tasks.progress.forms import (
    PORTAL_STATE_FILTERS,
    REPORT_STATE_FILTERS,
    ROLE_FILTERS,
    ProgressReportForm,
)
from tasks.progress.selectors import portal_rows, returned_reports
from tasks.progress.services import report_save
from tasks.services import StaleVersionError


def period_or_404(slug: str) -> Period:
    period = Period.parse(slug)
    if period is None:
        raise Http404("Kỳ báo cáo không hợp lệ.")
    return period


def choose_plan_and_period(request, plans):
    """The plan and period picked in the query string, defaulting to the newest plan and the
    quarter containing today (clamped to the plan's years)."""
    plan = plans[0] if plans else None
    wanted = request.GET.get("plan")
    if wanted:
        plan = next((p for p in plans if p.slug == wanted), None)
        if plan is None:
            raise Http404
    if plan is None:
        return None, None
    period_slug = request.GET.get("period")
    if period_slug:
        period = period_or_404(period_slug)
        if period.year not in plan.years:
            raise Http404
    else:
        period = current_period(plan.start_year, plan.end_year, timezone.localdate())
    return plan, period


PAGE_SIZE = 50


def page_of(request, items):
    """The `?page=` page of `items` (50 a page; a page out of range gives the last one)."""
    return Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))


def query_without(request, *names: str) -> str:
    """The request's query string less `names` (for paging links that keep the filters)."""
    params = request.GET.copy()
    for name in names:
        params.pop(name, None)
    return params.urlencode()


def _portal_filter(rows, request):
    """The rows kept by the portal's filters other than the state: role, area, overdue."""
    role = request.GET.get("role")
    if role:
        rows = [r for r in rows if r.role == role]
    area = request.GET.get("area")
    if area:
        rows = [r for r in rows if str(r.task.area_id) == area]
    if request.GET.get("overdue"):
        rows = [r for r in rows if r.overdue]
    return rows


@login_required
def my_tasks(request):
    """The agency head's portal: what the agency owes this period, grouped by area; search
    (task text or agency, diacritics ignored), filters, counts per state, 50 tasks a page,
    and the reports returned to the agency in any period of the plan."""
    agency = user_agency(request.user)
    if role_of(request.user) != ROLE_AGENCY or agency is None:
        raise PermissionDenied("Tài khoản chưa được gắn với một cơ quan, đơn vị.")
    plans = list(Plan.objects.filter(unit_id=agency.unit_id).order_by("-start_year", "slug"))
    plan, period = choose_plan_and_period(request, plans)
    rows, counts, returned, areas = [], {}, [], []
    query = request.GET.get("q", "").strip()
    if plan is not None:
        all_rows = portal_rows(
            agency, plan=plan, period=period, today=timezone.localdate(), query=query
        )
        areas = list({r.task.area_id: r.task.area for r in all_rows}.values())
        rows = _portal_filter(all_rows, request)
        counts = Counter(r.state for r in rows)
        state = request.GET.get("status")
        if state:
            rows = [r for r in rows if r.state == state]
        returned = [(r, Period(r.year, r.quarter)) for r in returned_reports(agency, plan)]
    page = page_of(request, rows)
    groups = [(area, list(items)) for area, items in groupby(page, key=lambda r: r.task.area)]
    context = {
        "agency": agency,
        "plans": plans,
        "plan": plan,
        "period": period,
        "periods": plan_periods(plan.start_year, plan.end_year) if plan else [],
        "groups": groups,
        "page": page,
        "page_query": query_without(request, "page"),
        "row_count": len(rows),
        "overdue_count": sum(r.overdue for r in rows),
        "state_counts": [
            (value, label, counts.get(value, 0)) for value, label in PORTAL_STATE_FILTERS
        ],
        "returned": returned,
        "report_due": period.report_due(plan.report_due_day) if plan else None,
        "target_rows": agency_indicator_rows(agency, period) if plan else [],
        "role_filters": ROLE_FILTERS,
        "state_filters": REPORT_STATE_FILTERS,
        "areas": areas,
        "query": query,
        "selected_role": request.GET.get("role", ""),
        "selected_status": request.GET.get("status", ""),
        "selected_area": request.GET.get("area", ""),
        "selected_overdue": bool(request.GET.get("overdue")),
    }
    return render(request, "tasks/portal.html", context)


@login_required
def report_edit(request, task_id, period):
    """Write or update the agency's report on a task for a period (draft or submit)."""
    period = period_or_404(period)
    task = task_for_user(request.user, task_id)
    agency = user_agency(request.user)
    if role_of(request.user) != ROLE_AGENCY or agency is None:
        raise PermissionDenied
    if period.year not in task.plan.years:
        raise Http404
    reports = list(
        ProgressReport.objects.filter(task=task, agency=agency)
        .select_related("submitted_by", "reviewed_by")
        .order_by("-year", "-quarter")
    )
    report = next(
        (r for r in reports if (r.year, r.quarter) == (period.year, period.quarter)), None
    )
    earlier = [r for r in reports if (r.year, r.quarter) < (period.year, period.quarter)]
    stale = None
    confirm_withdraw = False
    if request.method == "POST":
        if report is not None and report.is_locked:
            messages.error(request, "Báo cáo đã được duyệt nên không thể sửa.")
            return redirect(request.path)
        form = ProgressReportForm(request.POST, request.FILES, instance=None)
        withdrawing = (
            "submit" not in request.POST
            and report is not None
            and report.review_state == ReviewState.SUBMITTED
        )
        if withdrawing and "withdraw" not in request.POST:
            # A draft of a sent report takes it back from the office: ask first (the posted
            # values stay in the form; nothing is saved until confirmed).
            confirm_withdraw = True
        elif form.is_valid():
            try:
                saved = report_save(
                    user=request.user,
                    task=task,
                    period=period,
                    values=form.cleaned_data,
                    evidence=form.cleaned_data.get("evidence") or None,
                    submit="submit" in request.POST,
                    expected_version=form.cleaned_data.get("version"),
                )
            except ValidationError as exc:
                if hasattr(exc, "error_dict"):
                    for field, errors in exc.message_dict.items():
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    form.add_error(None, exc.messages)
            except StaleVersionError as exc:
                stale = exc.current
                form.add_error(
                    None,
                    "Báo cáo này vừa được cập nhật ở nơi khác. Nội dung bạn nhập vẫn được giữ "
                    "bên dưới; hãy xem thay đổi mới nhất rồi lưu lại.",
                )
                form.data = form.data.copy()
                form.data["version"] = stale.version
            else:
                if saved.review_state == ReviewState.SUBMITTED:
                    messages.success(request, "Đã gửi báo cáo tới Phòng Nội vụ.")
                elif withdrawing:
                    messages.success(request, "Đã rút báo cáo về nháp; hãy gửi lại khi xong.")
                else:
                    messages.success(request, "Đã lưu nháp báo cáo.")
                return redirect(
                    reverse("my-tasks") + f"?plan={task.plan.slug}&period={period.slug}"
                )
    else:
        start = report or (earlier[0] if earlier else None)
        initial = {"version": report.version if report else None}
        form = ProgressReportForm(instance=start, initial=initial)
        if report is None and start is not None:
            form.initial["evidence"] = None
    context = {
        "task": task,
        "period": period,
        "agency": agency,
        "form": form,
        "report": report,
        "earlier": earlier,
        "stale": stale,
        "confirm_withdraw": confirm_withdraw,
        "assignments": task.assignments.select_related("agency").order_by("order"),
        "locked": report is not None and report.is_locked,
        "report_due": period.report_due(task.plan.report_due_day),
    }
    return render(request, "tasks/report_form.html", context, status=200)


@login_required
def evidence_download(request, report_id):
    report = report_for_user(request.user, report_id)
    if not report.evidence:
        raise Http404
    return FileResponse(
        report.evidence.storage.open(report.evidence.name, "rb"),
        as_attachment=True,
        filename=report.evidence_name or report.evidence.name.rsplit("/", 1)[-1],
    )


@login_required
def agency_xlsx(request, period):
    """The agency head's tasks and reports for a period (`?plan=<slug>`, default the newest
    plan of the agency's district), as the Excel file the agency sends upward."""
    agency = user_agency(request.user)
    if role_of(request.user) != ROLE_AGENCY or agency is None:
        raise PermissionDenied("Tài khoản chưa được gắn với một cơ quan, đơn vị.")
    plans = Plan.objects.select_related("unit__parent").filter(unit_id=agency.unit_id)
    wanted = request.GET.get("plan")
    if wanted:
        plan = get_object_or_404(plans, slug=wanted)
    else:
        plan = plans.order_by("-start_year", "slug").first()
        if plan is None:
            raise Http404
    period = period_or_404(period)
    if period.year not in plan.years:
        raise Http404("Kỳ báo cáo nằm ngoài thời gian của kế hoạch.")
    rows = portal_rows(agency, plan=plan, period=period, today=timezone.localdate())
    response = HttpResponse(
        agency_report_xlsx(agency, plan, period, rows), content_type=XLSX_CONTENT_TYPE
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{agency_filename(agency, plan, period)}"'
    )
    return response
