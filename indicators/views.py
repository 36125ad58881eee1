from collections import Counter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from indicators.evaluation import target_label, unit_suffix, value_label
from indicators.forms import ActualForm
from indicators.models import Indicator
from indicators.selectors import indicator_rows
from indicators.services import actual_save, check_can_enter_actual
from plans.access import can_edit_unit, can_read_unit, plan_for_reader
from plans.models import Plan
from plans.periods import Period, current_period, plan_periods


def _plan_period(plan: Plan, slug: str) -> Period:
    """The period named in the URL if it is one of the plan's; 404 otherwise."""
    period = Period.parse(slug)
    if period is None or period.year not in plan.years:
        raise Http404
    return period


def _readable_plan(request, slug: str) -> Plan:
    plan = Plan.objects.select_related("unit__parent").filter(slug=slug).first()
    return plan_for_reader(request.user, plan)


@login_required
def plan_targets_current(request, slug):
    plan = _readable_plan(request, slug)
    period = current_period(plan.start_year, plan.end_year, timezone.localdate())
    return redirect("plan-targets", slug=plan.slug, period=period.slug)


@login_required
def plan_targets(request, slug, period):
    plan = _readable_plan(request, slug)
    return _render_targets(request, plan, _plan_period(plan, period))


def _render_targets(request, plan: Plan, period: Period, *, failed: ActualForm | None = None):
    """The targets page; `failed` is the entry form that did not validate, shown as typed."""
    rows = indicator_rows(plan, period)
    editable = can_edit_unit(request.user, plan.unit_id)
    entries = []
    for row in rows:
        form = None
        if editable:
            if failed is not None and failed.indicator_id == row.indicator.pk:
                form = failed
            else:
                form = ActualForm(indicator_id=row.indicator.pk, actual=row.period_actual)
        entries.append((row, form))
    counts = Counter(row.met for row in rows)
    return render(
        request,
        "indicators/plan_targets.html",
        {
            "plan": plan,
            "period": period,
            "periods": plan_periods(plan.start_year, plan.end_year),
            "entries": entries,
            "editable": editable,
            "met_count": counts[True],
            "unmet_count": counts[False],
            "unknown_count": counts[None],
        },
    )


def _next_url(request) -> str | None:
    url = request.POST.get("next", "")
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return None


@login_required
@require_POST
def plan_target_save(request, slug, period, indicator_id):
    parsed = Period.parse(period)
    if parsed is None:
        raise Http404
    indicator = get_object_or_404(
        Indicator.objects.select_related("plan__unit", "responsible"),
        pk=indicator_id,
        plan__slug=slug,
    )
    plan = indicator.plan
    # Access first: an outsider learns nothing from validation messages.
    check_can_enter_actual(request.user, indicator)
    form = ActualForm(request.POST, indicator_id=indicator.pk)
    form.is_valid()  # the form only collects text; the service decides what is valid
    try:
        actual = actual_save(
            user=request.user,
            indicator=indicator,
            period=parsed,
            value=form.cleaned_data.get("value"),
            note=form.cleaned_data.get("note", ""),
            source=form.cleaned_data.get("source", ""),
        )
    except ValidationError as exc:
        form.add_error(None, exc)
        if can_read_unit(request.user, plan.unit_id) and parsed.year in plan.years:
            return _render_targets(request, plan, parsed, failed=form)
        return render(
            request,
            "indicators/actual_form.html",
            {
                "indicator": indicator,
                "target_label": target_label(indicator),
                "unit_suffix": unit_suffix(indicator),
                "period": parsed,
                "form": form,
                "next": _next_url(request) or reverse("home"),
            },
        )
    messages.success(
        request,
        f"Đã lưu kết quả chỉ tiêu {indicator.display_code} kỳ {parsed.label}: "
        f"{value_label(indicator, actual.value)}.",
    )
    url = _next_url(request)
    if url is None:
        if not can_read_unit(request.user, plan.unit_id):
            return redirect("home")
        url = reverse("plan-targets", args=[plan.slug, parsed.slug])
    return redirect(f"{url}#chi-tieu-{indicator.pk}")
