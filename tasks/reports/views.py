"""The consolidated quarterly report: its page, its edition (the signed document's text) and
its downloads (.docx, .xlsx, .pdf).

Access follows plans.access: readers of the plan's district (superuser, Interior Office staff,
district leaders) see the page and download; Interior Office staff edit and finalise the
edition; anyone else gets 404 (403 for a leader trying to edit).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from plans.access import can_edit_unit, plan_for_editor, plan_for_reader
from plans.models import Plan
from plans.periods import Period, current_period, plan_periods
from plans.selectors import interior_office_name
from tasks.reports import editions, files
from tasks.reports.builder import Counts
from tasks.reports.charts import CLASS_COLOURS, CLASS_TEXT, stacked_bars_svg
from tasks.reports.forms import EditionForm
from tasks.reports.models import ReportEdition
from tasks.services import StaleVersionError


def _plan_and_period(request, slug, period_slug, *, edit=False) -> tuple[Plan, Period]:
    plan = Plan.objects.select_related("unit__parent").filter(slug=slug).first()
    plan = plan_for_editor(request.user, plan) if edit else plan_for_reader(request.user, plan)
    period = Period.parse(period_slug)
    if period is None or period.year not in plan.years:
        raise Http404("Kỳ báo cáo không hợp lệ hoặc nằm ngoài thời gian của kế hoạch.")
    return plan, period


def _edition(plan: Plan, period: Period) -> ReportEdition | None:
    return ReportEdition.objects.filter(plan=plan, year=period.year, quarter=period.quarter).first()


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
    plan = plan_for_reader(request.user, Plan.objects.filter(slug=slug).first())
    period = current_period(plan.start_year, plan.end_year, timezone.localdate())
    return redirect("report-page", slug=plan.slug, period=period.slug)


@login_required
def report_page(request, slug, period):
    plan, period = _plan_and_period(request, slug, period)
    edition = _edition(plan, period)
    document = editions.document_for(plan, period, edition, with_previous=False)
    report = document.report
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
        "document": document,
        "edition": edition,
        "moved": editions.moved_since(edition, report) if edition else [],
        "can_edit": can_edit_unit(request.user, plan.unit_id),
        "office_name": interior_office_name(plan.unit_id),
        "summary": summary,
        "breakdowns": breakdowns,
        "groups": report.rows_by_area(),
        "downloads": files.download_links(plan, period, edition),
        "printed_on": timezone.localdate(),
    }
    return render(request, "tasks/report_page.html", context)


@login_required
def report_download(request, slug, period, fmt):
    """The report as .docx, .xlsx or (finalised editions, where LibreOffice is installed) .pdf;
    a finalised edition downloads the files stored when it was finalised."""
    plan, period = _plan_and_period(request, slug, period)
    content, content_type = files.report_file(plan, period, _edition(plan, period), fmt)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{files.filename(plan, period, fmt)}"'
    return response


@login_required
def edition_edit(request, slug, period):
    """The edition's form; with no edition yet, a button that creates it pre-filled."""
    plan, period = _plan_and_period(request, slug, period, edit=True)
    edition = _edition(plan, period)
    if edition is None:
        if request.method == "POST" and "create" in request.POST:
            editions.edition_create(plan=plan, period=period, user=request.user)
            messages.success(request, "Đã tạo bản báo cáo, nội dung điền sẵn từ số liệu.")
            return redirect("report-edition", slug=plan.slug, period=period.slug)
        return render(
            request, "tasks/report_edition.html", {"plan": plan, "period": period, "edition": None}
        )
    form = EditionForm(request.POST or None, edition=edition)
    if request.method == "POST" and form.is_valid():
        try:
            editions.edition_update(
                edition=edition,
                values=form.values(),
                expected_version=form.cleaned_data["version"],
                user=request.user,
            )
        except StaleVersionError as stale:
            form.add_error(None, files.stale_message(stale.current))
        except ValidationError as error:
            files.attach_errors(form, error)
        else:
            messages.success(request, "Đã lưu bản báo cáo.")
            return redirect("report-edition", slug=plan.slug, period=period.slug)
    return render(
        request,
        "tasks/report_edition.html",
        {
            "plan": plan,
            "period": period,
            "edition": edition,
            "form": form,
            "history": edition.history.select_related("history_user")[:20],
        },
    )


@login_required
@require_POST
def edition_finalise(request, slug, period):
    plan, period = _plan_and_period(request, slug, period, edit=True)
    edition = _edition(plan, period)
    if edition is None:
        raise Http404
    try:
        version = int(request.POST.get("version", ""))
        editions.edition_finalise(edition=edition, expected_version=version, user=request.user)
    except (ValueError, ValidationError) as error:
        message = getattr(error, "messages", ["Yêu cầu không hợp lệ."])
        messages.error(request, " ".join(message))
        return redirect("report-edition", slug=plan.slug, period=period.slug)
    except StaleVersionError as stale:
        messages.error(request, files.stale_message(stale.current))
        return redirect("report-edition", slug=plan.slug, period=period.slug)
    messages.success(request, "Đã chốt báo cáo. Tệp Word và Excel được lưu nguyên như lúc chốt.")
    return redirect("report-page", slug=plan.slug, period=period.slug)
