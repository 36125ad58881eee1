"""The review page of the Interior Office (accept, return with a note; read only for leaders and
the province's Home Affairs staff) and its actions.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from plans.access import (
    READER_ROLES,
    ROLE_OFFICE,
    ROLE_SUPERUSER,
    can_read_unit,
    readable,
    role_of,
)
from plans.models import Agency, Plan, PlanArea
from plans.periods import plan_periods
from tasks.models import ProgressReport, ReviewState
from tasks.progress.selectors import missing_reporters, reports_for_review
from tasks.progress.services import report_accept, report_return
from tasks.progress.views import choose_plan_and_period, page_of, query_without
from tasks.services import StaleVersionError

# Most reports accepted in one request (a page holds 50).
BULK_LIMIT = 100


def _review_plans(request, role) -> list[Plan]:
    """The plans offered on the review page: every plan the user may read, except for a
    superuser, who is offered the plans of one province (the chosen plan's, or the newest
    plan's) rather than every plan of the country."""
    plans = readable(
        request.user, Plan.objects.select_related("unit__parent").order_by("-start_year", "slug")
    )
    if role != ROLE_SUPERUSER:
        return list(plans)
    wanted = request.GET.get("plan")
    anchor = (plans.filter(slug=wanted).first() if wanted else None) or plans.first()
    if anchor is None:
        return []
    province = anchor.unit.province
    if province is None:
        return list(plans.filter(unit_id=anchor.unit_id))
    return list(plans.filter(Q(unit_id=province.pk) | Q(unit__parent_id=province.pk)))


def _ids(text: str, limit: int = 100) -> list[int]:
    """The ids of a comma-separated list (at most `limit`; anything else ignored)."""
    return [int(part) for part in (text or "").split(",")[:limit] if part.isdigit()]


def _filters(request) -> dict:
    """The review page's filters from the query string; 404 on a malformed id."""
    state = request.GET.get("state", ReviewState.SUBMITTED)
    if state not in ReviewState.values:
        state = ReviewState.SUBMITTED
    agency_id = request.GET.get("agency") or None
    area_id = request.GET.get("area") or None
    if (agency_id and not agency_id.isdigit()) or (area_id and not area_id.isdigit()):
        raise Http404
    return {
        "state": state,
        "agency_id": agency_id,
        "area_id": area_id,
        "query": request.GET.get("q", "").strip(),
        "overdue": bool(request.GET.get("overdue")),
        "acted": _ids(request.GET.get("acted", "")),
    }


@login_required
def review_list(request):
    """Submitted reports of a period for the Interior Office, and who has not reported; read
    only for leaders and the province's Home Affairs staff (their province's plans).

    Search (task text or agency, diacritics ignored), filters, counts per state (one query),
    50 reports a page; a POST accepts the selected reports (`review_bulk_accept`). The rows
    named in `?acted=` stay listed whatever their new state, so that the page does not move
    after an action."""
    role = role_of(request.user)
    if role not in READER_ROLES:
        raise Http404
    can_review = role in (ROLE_SUPERUSER, ROLE_OFFICE)
    if request.method == "POST":
        if not can_review:
            raise PermissionDenied
        return review_bulk_accept(request)
    plans = _review_plans(request, role)
    plan, period = choose_plan_and_period(request, plans)
    unit_id = plan.unit_id if plan is not None and role != ROLE_SUPERUSER else None
    chosen = _filters(request)
    page, counts, missing, agencies, areas = page_of(request, []), {}, [], [], []
    if plan is not None:
        overdue_on = min(timezone.localdate(), period.end) if chosen["overdue"] else None
        common = {
            "unit_id": unit_id,
            "period": period,
            "plan": plan,
            "agency_id": chosen["agency_id"],
            "area_id": chosen["area_id"],
            "query": chosen["query"],
            "overdue_on": overdue_on,
        }
        reports = reports_for_review(**common, states=(chosen["state"],), also_ids=chosen["acted"])
        page = page_of(request, reports)
        counts = dict(
            reports_for_review(**common, states=None)
            .order_by()
            .values_list("review_state")
            .annotate(n=Count("pk"))
        )
        missing = missing_reporters(plan, period)
        agencies = list(Agency.objects.filter(unit_id=plan.unit_id).order_by("name"))
        areas = list(PlanArea.objects.filter(plan=plan))
    context = {
        "plans": plans,
        "plan": plan,
        "period": period,
        "periods": plan_periods(plan.start_year, plan.end_year) if plan else [],
        "page": page,
        "reports": page.object_list,
        "report_count": counts.get(chosen["state"], 0),
        "page_query": query_without(request, "page", "acted"),
        "here": _here(request),
        "state_counts": [
            (value, label, counts.get(value, 0)) for value, label in ReviewState.choices
        ],
        "missing": missing,
        "agencies": agencies,
        "areas": areas,
        "states": ReviewState.choices,
        "selected_state": chosen["state"],
        "selected_agency": chosen["agency_id"] or "",
        "selected_area": chosen["area_id"] or "",
        "selected_overdue": chosen["overdue"],
        "query": chosen["query"],
        "can_review": can_review,
    }
    return render(request, "tasks/review.html", context)


def _here(request) -> str:
    """The review page's address as shown (without `acted`), to come back to after an
    action."""
    query = query_without(request, "acted")
    return reverse("review") + (f"?{query}" if query else "")


def _back(request, report_ids: list[int], plan_slug: str, period_slug: str):
    """Back to the review page the action came from (the `next` field, the same filters and
    page), keeping the acted rows listed and scrolled to the first: `?…&acted=…#report-<id>`.
    Without a usable `next`, to the report's plan and period."""
    target = request.POST.get("next", "")
    review = reverse("review")
    safe = target.startswith(review) and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    path, params = review, QueryDict(mutable=True)
    if safe:
        path, _, query = target.partition("?")
        params = QueryDict(query, mutable=True)
    if not params.get("plan") and plan_slug:
        params["plan"], params["period"] = plan_slug, period_slug
    params.pop("acted", None)
    if report_ids:
        params["acted"] = ",".join(str(pk) for pk in report_ids)
    anchor = f"#report-{report_ids[0]}" if report_ids else ""
    return redirect(f"{path}?{params.urlencode()}{anchor}")


def _back_to_review(request, report):
    return _back(request, [report.pk], report.task.plan.slug, f"{report.year}-Q{report.quarter}")


def review_bulk_accept(request):
    """Accept the selected reports (`report` ids, each with its `version-<id>`), each on its
    own through `report_accept` (version-checked, all or nothing per report). The others are
    listed with the reason; nothing is accepted twice."""
    ids = [int(pk) for pk in request.POST.getlist("report")[:BULK_LIMIT] if pk.isdigit()]
    if not ids:
        messages.error(request, "Chưa chọn báo cáo nào để duyệt.")
        return _back(request, [], request.GET.get("plan", ""), request.GET.get("period", ""))
    reports = {
        r.pk: r
        for r in ProgressReport.objects.select_related("task", "task__plan", "agency").filter(
            pk__in=ids
        )
        if can_read_unit(request.user, r.task.plan.unit_id)
    }
    accepted, refused = [], []
    for pk in ids:
        report = reports.get(pk)
        if report is None:
            refused.append(f"báo cáo số {pk}: không tìm thấy")
            continue
        name = f"{report.agency} — nhiệm vụ {report.task.display_code or report.task.short_title}"
        try:
            version = int(request.POST.get(f"version-{pk}", ""))
            report_accept(user=request.user, report=report, expected_version=version)
        except ValueError:
            refused.append(f"{name}: biểu mẫu không hợp lệ, vui lòng tải lại trang")
        except StaleVersionError:
            refused.append(f"{name}: báo cáo vừa được cập nhật hoặc đã được người khác xử lý")
        except (ValidationError, PermissionDenied) as exc:
            reason = " ".join(getattr(exc, "messages", [])) or "không có quyền duyệt"
            refused.append(f"{name}: {reason.rstrip('.')}")
        else:
            accepted.append(pk)
    if accepted:
        messages.success(request, f"Đã duyệt {len(accepted)} báo cáo.")
    if refused:
        messages.error(
            request,
            f"Không duyệt được {len(refused)} báo cáo: " + "; ".join(refused) + ".",
        )
    first = next(iter(reports.values()), None)
    return _back(
        request,
        [pk for pk in ids if pk in reports],
        first.task.plan.slug if first else "",
        f"{first.year}-Q{first.quarter}" if first else "",
    )


def _review_action(request, report_id, action):
    report = get_object_or_404(
        ProgressReport.objects.select_related("task", "task__plan"), pk=report_id
    )
    # Before anything else (even a malformed form): a report outside the user's districts is
    # not found, so that no answer (such as the redirect to its plan) reveals that it exists.
    if not can_read_unit(request.user, report.task.plan.unit_id):
        raise Http404
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
