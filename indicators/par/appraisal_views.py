"""The province's pages (docs/par-index.md, "Appraisal, surveys and ranking").

- `par-appraise`: the criteria tree of a submitted assessment, the unit's scores, explanations,
  evidence and answers, and per criterion the appraised score (its input pre-filled with the
  self-score until one is saved), a comment and a question. One form, three buttons: save,
  return for clarification (`par-return`), finish (`par-finalise`); the last two also save what
  is typed, in the same transaction, so nothing is saved when the step is refused.
- `par-results`, `par-results-xlsx`: the set's comparison table (`selectors.set_results`) with
  its chart; `par-ranking-publish` publishes it to the units.

Only the Home Affairs staff of the set's province and superusers appraise: everyone else gets
404 on the appraisal pages, even the unit that may read its own assessment.
"""

from __future__ import annotations

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from indicators.par import appraisal
from indicators.par.access import (
    assessment_for_user,
    can_appraise,
    can_manage_province,
    results_set_for_user,
    set_for_manager,
)
from indicators.par.models import AssessmentState
from indicators.par.results_chart import results_chart_svg
from indicators.par.results_export import results_filename, results_workbook
from indicators.par.rules import fmt
from indicators.par.selectors import assessment_sheet, set_results
from indicators.par.services import ItemErrors
from tasks.services import StaleVersionError
from tasks.spreadsheet.columns import XLSX_CONTENT_TYPE

FIELDS = ("appraised_score", "appraisal_comment", "question")
_ENTRY_KEY = re.compile(r"^appraised_score-(\d+)$")
# What a refused step may have changed in memory before its transaction was rolled back.
RELOADED = ["version", "state", "round", "return_note", "conclusion"]
BAD_FORM = "Biểu mẫu không hợp lệ, vui lòng tải lại trang."
STALE = (
    "Bản tự đánh giá vừa được thay đổi ở nơi khác (đơn vị hoặc một cán bộ thẩm định khác); "
    "trang đã được tải lại, hãy kiểm tra rồi nhập lại."
)


def _appraisable(request, assessment_id):
    """The assessment if the user appraises it; 404 for everyone else (even its unit)."""
    assessment = assessment_for_user(request.user, assessment_id)
    if not can_appraise(request.user, assessment):
        raise Http404
    return assessment


def _entries(post) -> dict[int, dict[str, str]]:
    """item id → the three typed values, for every criterion present in the form."""
    entries = {}
    for key in post:
        match = _ENTRY_KEY.match(key)
        if match:
            item_id = int(match.group(1))
            entries[item_id] = {name: post.get(f"{name}-{item_id}", "") for name in FIELDS}
    return entries


def _leaf(row, posted, item_errors):
    """The values and errors a leaf row shows: as typed after a refusal, else as stored (the
    score input showing the self-score while no appraised score is saved)."""
    item = row.item
    if item.pk in posted:
        values = posted[item.pk]
    else:
        score = item.appraised_score
        values = {
            "appraised_score": fmt(item.self_score if score is None else score),
            "appraisal_comment": item.appraisal_comment,
            "question": item.question,
        }
    errors = item_errors.get(item.pk, {})
    return {"values": values, "errors": {name: errors.get(name, []) for name in FIELDS}}


def numbers(scores) -> dict[str, str]:
    """A `Scores` written the Vietnamese way (9,5) for the templates."""
    return {
        "maximum": "" if scores.to_fill else fmt(scores.maximum),
        "self": fmt(scores.self_score),
        "appraised": fmt(scores.appraised),
    }


def _item_numbers(row) -> dict[str, str]:
    item, criterion = row.item, row.criterion
    return {
        "maximum": fmt(criterion.max_score),
        "self": fmt(item.self_score),
        "appraised": fmt(item.appraised_score),
        "suggested": fmt(item.suggested_score),
        "percent": fmt(item.measured_percent),
        "deduction": fmt(criterion.deduction),
    }


def _render(request, assessment, *, posted=None, item_errors=None, action_errors=None):
    sheet = assessment_sheet(assessment, show_appraisal=True)
    posted, item_errors = posted or {}, item_errors or {}
    rows = [
        {"row": row, "leaf": _leaf(row, posted, item_errors), "n": _item_numbers(row)}
        if row.item is not None
        else {"row": row, "leaf": None, "n": numbers(row.scores)}
        for row in sheet.rows
    ]
    areas = [
        {
            "area": area,
            "n": numbers(area.scores)
            | {"target": fmt(area.target_points), "last_year": fmt(area.last_year)},
        }
        for area in sheet.areas
    ]
    editable = assessment.state == AssessmentState.SUBMITTED
    action_errors = action_errors or {}
    if action_errors and not editable:  # refused because the state changed: shown on top
        action_errors = {"save": [m for ms in action_errors.values() for m in ms]}
    return render(
        request,
        "indicators/par/appraise.html",
        {
            "assessment": assessment,
            "criteria_set": assessment.criteria_set,
            "sheet": sheet,
            "rows": rows,
            "areas": areas,
            "total": numbers(sheet.total),
            "editable": editable,
            "has_errors": bool(item_errors or action_errors),
            "action_errors": action_errors,
            "note": request.POST.get("note", ""),
            "conclusion": request.POST.get("conclusion", ""),
            "version": assessment.version,
        },
    )


def _run(request, assessment, step, action: str):
    """Save the typed appraisal and run `step(version)` (return or finalise) in one
    transaction: a refusal keeps nothing and shows the page as typed, errors at their field."""
    try:
        expected = int(request.POST.get("version", ""))
    except ValueError:
        messages.error(request, BAD_FORM)
        return redirect("par-appraise", assessment.pk)
    entries = _entries(request.POST)
    try:
        with transaction.atomic():
            if entries:
                appraisal.appraise(request.user, assessment, expected, entries)
                expected = assessment.version
            if step is not None:
                step(expected)
    except StaleVersionError:
        messages.error(request, STALE)
        return redirect("par-appraise", assessment.pk)
    except ItemErrors as exc:
        assessment.refresh_from_db(fields=RELOADED)
        return _render(request, assessment, posted=entries, item_errors=exc.by_item)
    except ValidationError as exc:
        assessment.refresh_from_db(fields=RELOADED)
        return _render(request, assessment, posted=entries, action_errors={action: exc.messages})
    return None


@login_required
def appraise_page(request, assessment_id):
    assessment = _appraisable(request, assessment_id)
    if request.method != "POST":
        return _render(request, assessment)
    refused = _run(request, assessment, None, "save")
    if refused is not None:
        return refused
    messages.success(request, f"Đã lưu kết quả thẩm định của {assessment.subject_name}.")
    return redirect("par-appraise", assessment.pk)


@login_required
@require_POST
def return_view(request, assessment_id):
    assessment = _appraisable(request, assessment_id)
    note = request.POST.get("note", "")

    def step(version):
        appraisal.return_for_clarification(request.user, assessment, version, note)

    refused = _run(request, assessment, step, "return")
    if refused is not None:
        return refused
    messages.success(
        request, f"Đã trả lại bản tự đánh giá của {assessment.subject_name} để giải trình."
    )
    return redirect("par-appraise", assessment.pk)


@login_required
@require_POST
def finalise_view(request, assessment_id):
    assessment = _appraisable(request, assessment_id)
    conclusion = request.POST.get("conclusion", "")

    def step(version):
        appraisal.finalise(request.user, assessment, version, conclusion)

    refused = _run(request, assessment, step, "finalise")
    if refused is not None:
        return refused
    messages.success(
        request, f"Đã kết thúc thẩm định bản tự đánh giá của {assessment.subject_name}."
    )
    return redirect("par-appraise", assessment.pk)


# -- results -----------------------------------------------------------------------------------


@login_required
def results_page(request, set_id):
    criteria_set = results_set_for_user(request.user, set_id)
    results = set_results(criteria_set)
    manager = can_manage_province(request.user, criteria_set.province_id)
    in_progress = [
        row
        for row in results.rows
        if row.assessment.state in (AssessmentState.SUBMITTED, AssessmentState.RETURNED)
    ]
    table = [
        {
            "row": row,
            "areas": [numbers(row.areas[area.pk]) for area in results.areas],
            "total": numbers(row.total),
            "final": row.assessment.state == AssessmentState.FINALISED,
        }
        for row in results.rows
    ]
    return render(
        request,
        "indicators/par/results.html",
        {
            "criteria_set": criteria_set,
            "results": results,
            "table": table,
            "maximum": fmt(results.maximum),
            "manager": manager,
            "in_progress": in_progress,
            "chart": results_chart_svg(results, chart_id="ket-qua"),
        },
    )


@login_required
def results_xlsx(request, set_id):
    criteria_set = results_set_for_user(request.user, set_id)
    results = set_results(criteria_set)
    response = HttpResponse(results_workbook(results), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{results_filename(criteria_set)}"'
    return response


@login_required
@require_POST
def ranking_publish(request, set_id):
    criteria_set = set_for_manager(request.user, set_id)
    try:
        appraisal.publish_ranking(request.user, criteria_set)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, "Đã công bố kết quả; các đơn vị của tỉnh đã xem được điểm và xếp hạng."
        )
    return redirect("par-results", criteria_set.pk)
