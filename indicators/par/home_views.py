"""The PAR Index home page ("Chỉ số CCHC") per role, and starting a self-assessment."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_POST

from indicators.par.access import assessments_visible, sets_visible
from indicators.par.models import AssessmentState, SetStatus
from indicators.par.services import start_assessment
from indicators.par.unit_selectors import (
    filler_subject,
    home_rows,
    province_groups,
    startable_sets,
)
from plans.access import ROLE_LEADER, ROLE_PROVINCE, ROLE_SUPERUSER, role_of


def optional_url(name: str, *args) -> str:
    """The URL of a page another part of the PAR Index provides, "" while it is missing."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def _province_links(groups) -> None:
    for group in groups:
        for criteria_set in group.sets:
            criteria_set.page_url = optional_url("par-set", criteria_set.pk)
            criteria_set.results_url = (
                optional_url("par-results", criteria_set.pk)
                if criteria_set.status == SetStatus.PUBLISHED
                else ""
            )
        for row in group.rows:
            row.url = reverse("par-assessment", args=[row.assessment.pk])
            if row.assessment.state != AssessmentState.DRAFT:
                row.url = optional_url("par-appraise", row.assessment.pk) or row.url


@login_required
def home(request):
    """The unit's assessments by year (and the sets it may start); the province's sets and
    the assessments to appraise; everything, by province, for a superuser."""
    user = request.user
    role = role_of(user)
    if role in (ROLE_PROVINCE, ROLE_SUPERUSER):
        groups = province_groups(user)
        _province_links(groups)
        return render(request, "indicators/par/home.html", {"groups": groups, "province": True})
    subject = filler_subject(user)
    if subject is None and role != ROLE_LEADER:
        raise PermissionDenied("Tài khoản không tham gia chấm điểm Chỉ số CCHC.")
    rows = home_rows(user, assessments_visible(user))
    for row in rows:
        row.url = reverse("par-assessment", args=[row.assessment.pk])
        if row.assessment.criteria_set.ranking_published:  # the province's published results
            row.results_url = optional_url("par-results", row.assessment.criteria_set_id)
    context = {
        "rows": rows,
        "startable": startable_sets(user, rows),
        "subject": subject,
        "province": False,
    }
    return render(request, "indicators/par/home.html", context)


@login_required
@require_POST
def start(request):
    """Start the self-assessment of the user's unit (or department) against a published set."""
    subject = filler_subject(request.user)
    if subject is None:
        raise PermissionDenied("Chỉ cán bộ của đơn vị được bắt đầu bản tự đánh giá.")
    set_id = request.POST.get("set", "")
    criteria_set = (
        sets_visible(request.user).filter(pk=set_id, status=SetStatus.PUBLISHED).first()
        if set_id.isdigit()
        else None
    )
    if criteria_set is None:
        raise Http404
    unit, agency = subject
    try:
        assessment = start_assessment(request.user, criteria_set, unit, agency)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("par-home")
    messages.success(
        request,
        f"Đã tạo bản tự đánh giá năm {criteria_set.year}; điểm gợi ý được tính từ kế hoạch, "
        "hãy kiểm tra và xác nhận từng tiêu chí.",
    )
    return redirect("par-assessment", assessment.pk)
