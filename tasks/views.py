from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from indicators.selectors import agency_indicator_rows
from plans.access import (
    READER_ROLES,
    ROLE_AGENCY,
    ROLE_OFFICE,
    ROLE_SUPERUSER,
    can_read_unit,
    plan_for_reader,
    readable,
    role_of,
    user_agency,
)
from plans.models import Agency, Plan, PlanArea
from plans.periods import Period, current_period, plan_periods
from tasks.access import report_for_user, task_for_user
from tasks.exports import XLSX_CONTENT_TYPE, agency_filename, agency_report_xlsx
from tasks.forms import REPORT_STATE_FILTERS, ROLE_FILTERS, ProgressReportForm
from tasks.history import task_history
from tasks.models import ProgressReport, ReviewState, Task
from tasks.quality import plan_findings
from tasks.selectors import missing_reporters, portal_rows, reports_for_review
from tasks.services import StaleVersionError, report_accept, report_return, report_save


@login_required
def plan_quality(request, slug):
    """What the Interior Office should review in a plan; for readers of its district."""
    plan = plan_for_reader(
        request.user, Plan.objects.select_related("unit__parent").filter(slug=slug).first()
    )
    findings = plan_findings(plan)
    groups = [(label, list(items)) for label, items in groupby(findings, key=lambda f: f.label)]
    return render(
        request,
        "tasks/plan_quality.html",
        {"plan": plan, "groups": groups, "total": len(findings)},
    )


def _period_or_404(slug: str) -> Period:
    period = Period.parse(slug)
    if period is None:
        raise Http404("Kỳ báo cáo không hợp lệ.")
    return period


def _choose_plan_and_period(request, plans):
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
        period = _period_or_404(period_slug)
        if period.year not in plan.years:
            raise Http404
    else:
        period = current_period(plan.start_year, plan.end_year, timezone.localdate())
    return plan, period


@login_required
def my_tasks(request):
    """The agency head's portal: what the agency owes this period, grouped by area."""
    agency = user_agency(request.user)
    if role_of(request.user) != ROLE_AGENCY or agency is None:
        raise PermissionDenied("Tài khoản chưa được gắn với một cơ quan, đơn vị.")
    plans = list(Plan.objects.filter(unit_id=agency.unit_id).order_by("-start_year", "slug"))
    plan, period = _choose_plan_and_period(request, plans)
    rows = []
    if plan is not None:
        today = timezone.localdate()
        rows = portal_rows(agency, plan=plan, period=period, today=today)
        role = request.GET.get("role")
        if role:
            rows = [r for r in rows if r.role == role]
        state = request.GET.get("status")
        if state == "none":
            rows = [r for r in rows if r.report is None]
        elif state:
            rows = [r for r in rows if r.report and r.report.review_state == state]
    groups = [(area, list(items)) for area, items in groupby(rows, key=lambda r: r.task.area)]
    context = {
        "agency": agency,
        "plans": plans,
        "plan": plan,
        "period": period,
        "periods": plan_periods(plan.start_year, plan.end_year) if plan else [],
        "groups": groups,
        "row_count": len(rows),
        "overdue_count": sum(r.overdue for r in rows),
        "report_due": period.report_due(plan.report_due_day) if plan else None,
        "target_rows": agency_indicator_rows(agency, period) if plan else [],
        "role_filters": ROLE_FILTERS,
        "state_filters": REPORT_STATE_FILTERS,
        "selected_role": request.GET.get("role", ""),
        "selected_status": request.GET.get("status", ""),
    }
    return render(request, "tasks/portal.html", context)


@login_required
def report_edit(request, task_id, period):
    """Write or update the agency's report on a task for a period (draft or submit)."""
    period = _period_or_404(period)
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
    if request.method == "POST":
        if report is not None and report.is_locked:
            messages.error(request, "Báo cáo đã được duyệt nên không thể sửa.")
            return redirect(request.path)
        form = ProgressReportForm(request.POST, request.FILES, instance=None)
        if form.is_valid():
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
        "assignments": task.assignments.select_related("agency").order_by("order"),
        "locked": report is not None and report.is_locked,
        "report_due": period.report_due(task.plan.report_due_day),
    }
    return render(request, "tasks/report_form.html", context, status=200)


@login_required
def task_history_page(request, task_id):
    """Who changed what and why on a task, its agencies and its reports: for the Interior
    Office and the leaders of the task's district (anyone else: 404)."""
    task = get_object_or_404(
        Task.objects.select_related("plan", "plan__unit", "area", "parent"), pk=task_id
    )
    if not can_read_unit(request.user, task.plan.unit_id):
        raise Http404
    return render(request, "tasks/task_history.html", {"task": task, "rows": task_history(task)})


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
def review_list(request):
    """Submitted reports of a period for the Interior Office, and who has not reported; read
    only for leaders and the province's Home Affairs staff (their province's plans)."""
    role = role_of(request.user)
    if role not in READER_ROLES:
        raise Http404
    can_review = role in (ROLE_SUPERUSER, ROLE_OFFICE)
    plans = Plan.objects.select_related("unit__parent").order_by("-start_year", "slug")
    plans = list(readable(request.user, plans))
    plan, period = _choose_plan_and_period(request, plans)
    unit_id = plan.unit_id if plan is not None and role != ROLE_SUPERUSER else None
    state = request.GET.get("state", ReviewState.SUBMITTED)
    if state not in ReviewState.values:
        state = ReviewState.SUBMITTED
    agency_id = request.GET.get("agency") or None
    area_id = request.GET.get("area") or None
    if (agency_id and not agency_id.isdigit()) or (area_id and not area_id.isdigit()):
        raise Http404
    reports, missing, agencies, areas = [], [], [], []
    if plan is not None:
        reports = list(
            reports_for_review(
                unit_id=unit_id,
                period=period,
                plan=plan,
                agency_id=agency_id,
                area_id=area_id,
                states=(state,),
            )
        )
        missing = missing_reporters(plan, period)
        agencies = list(Agency.objects.filter(unit_id=plan.unit_id).order_by("name"))
        areas = list(PlanArea.objects.filter(plan=plan))
    context = {
        "plans": plans,
        "plan": plan,
        "period": period,
        "periods": plan_periods(plan.start_year, plan.end_year) if plan else [],
        "reports": reports,
        "missing": missing,
        "agencies": agencies,
        "areas": areas,
        "states": ReviewState.choices,
        "selected_state": state,
        "selected_agency": agency_id or "",
        "selected_area": area_id or "",
        "can_review": can_review,
    }
    return render(request, "tasks/review.html", context)


def _back_to_review(request, report):
    return redirect(
        reverse("review") + f"?plan={report.task.plan.slug}&period={report.year}-Q{report.quarter}"
    )


def _review_action(request, report_id, action):
    report = get_object_or_404(
        ProgressReport.objects.select_related("task", "task__plan"), pk=report_id
    )
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        messages.error(request, "Biểu mẫu không hợp lệ, vui lòng tải lại trang.")
        return _back_to_review(request, report)
    try:
        action(report, version)
    except StaleVersionError:
        messages.error(
            request,
            "Báo cáo vừa được cơ quan cập nhật hoặc đã được người khác xử lý; "
            "hãy xem lại trước khi duyệt.",
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return _back_to_review(request, report)


@login_required
@require_POST
def review_accept(request, report_id):
    def accept(report, version):
        report_accept(user=request.user, report=report, expected_version=version)
        messages.success(
            request, f"Đã duyệt báo cáo của {report.agency} về nhiệm vụ {report.task.display_code}."
        )

    return _review_action(request, report_id, accept)


@login_required
@require_POST
def review_return(request, report_id):
    def send_back(report, version):
        report_return(
            user=request.user,
            report=report,
            note=request.POST.get("note", ""),
            expected_version=version,
        )
        messages.success(request, f"Đã trả lại báo cáo của {report.agency} kèm ý kiến.")

    return _review_action(request, report_id, send_back)


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
    period = _period_or_404(period)
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
