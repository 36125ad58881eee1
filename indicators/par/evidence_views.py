"""A criterion's evidence (add a file, link a report or a task of the plan, remove, download
through the permission check) and its mapping to the plan's tasks."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from indicators.par.access import assessment_for_user, require_fill
from indicators.par.assessment_views import STALE_MESSAGE, posted_version
from indicators.par.forms import EvidenceForm
from indicators.par.models import AssessmentItem, Evidence, EvidenceKind
from indicators.par.services import add_evidence_file, add_evidence_link, remove_evidence
from indicators.par.unit_services import save_task_mapping
from tasks.services import StaleVersionError


def _item_for_filler(request, item_id) -> AssessmentItem:
    """The item if the user may read its assessment (else 404) and fill it in (else 403)."""
    item = AssessmentItem.objects.select_related("criterion").filter(pk=item_id).first()
    if item is None:
        raise Http404
    item.assessment = assessment_for_user(request.user, item.assessment_id)
    require_fill(request.user, item.assessment)
    return item


def _back(item: AssessmentItem):
    return redirect(reverse("par-assessment", args=[item.assessment_id]) + f"#item-{item.pk}")


def _error(request, exc: ValidationError) -> None:
    messages.error(request, " ".join(exc.messages))


@login_required
@require_POST
def mapping_save(request, item_id):
    """Map the criterion to the chosen tasks of the plan; the suggestions are recomputed."""
    item = _item_for_filler(request, item_id)
    try:
        save_task_mapping(
            request.user,
            item,
            posted_version(request),
            request.POST.getlist("tasks"),
            request.POST.getlist("indicators"),
        )
    except StaleVersionError:
        messages.error(request, STALE_MESSAGE)
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(
            request,
            f"Đã lưu nhiệm vụ và chỉ tiêu tương ứng của tiêu chí {item.criterion.code}; "
            "điểm gợi ý đã được tính lại.",
        )
    return _back(item)


@login_required
@require_POST
def evidence_add(request, item_id):
    item = _item_for_filler(request, item_id)
    form = EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, " ".join(m for ms in form.errors.values() for m in ms))
        return _back(item)
    data = form.cleaned_data
    try:
        if data["file"]:
            evidence = add_evidence_file(request.user, item, data["file"], data["title"])
        else:
            evidence = add_evidence_link(
                request.user, item, report_id=data["report"], task_id=data["task"]
            )
    except ValidationError as exc:
        _error(request, exc)
        return _back(item)
    messages.success(
        request,
        f"Đã thêm tài liệu kiểm chứng “{evidence}” cho tiêu chí {item.criterion.code}.",
    )
    return _back(item)


@login_required
@require_POST
def evidence_remove(request, evidence_id):
    evidence = Evidence.objects.select_related("item").filter(pk=evidence_id).first()
    if evidence is None:
        raise Http404
    item = evidence.item
    item.assessment = assessment_for_user(request.user, item.assessment_id)
    require_fill(request.user, item.assessment)
    try:
        remove_evidence(request.user, evidence)
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, "Đã gỡ tài liệu kiểm chứng.")
    return _back(item)


@login_required
def evidence_download(request, evidence_id):
    """A file evidence, for anyone who may read the assessment (404 otherwise); a linked
    report leads to the report's own evidence download, a linked task to its page."""
    evidence = Evidence.objects.select_related("item", "report").filter(pk=evidence_id).first()
    if evidence is None:
        raise Http404
    assessment_for_user(request.user, evidence.item.assessment_id)
    if evidence.kind == EvidenceKind.REPORT:
        if evidence.report.evidence:
            return redirect("evidence", evidence.report_id)
        return redirect("task-detail", evidence.report.task_id)
    if evidence.kind == EvidenceKind.TASK:
        return redirect("task-detail", evidence.task_id)
    if not evidence.file:
        raise Http404
    extension = evidence.file.name.rsplit(".", 1)[-1] if "." in evidence.file.name else ""
    filename = evidence.title or evidence.file.name.rsplit("/", 1)[-1]
    if extension and not filename.lower().endswith("." + extension.lower()):
        filename = f"{filename}.{extension}"
    return FileResponse(
        evidence.file.storage.open(evidence.file.name, "rb"),
        as_attachment=True,
        filename=filename,
    )
