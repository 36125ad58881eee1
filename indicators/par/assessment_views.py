"""The unit's self-assessment form (one section per area, one POST saves an area's items),
accepting the suggestions, submitting to the province, and the "Biểu tự đánh giá" export.

Readers (the unit's leaders, the province) see the same page read-only; any POST of theirs
answers 403, and an assessment outside the user's scope 404 (`indicators.par.access`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from indicators.par.access import assessment_for_user, can_fill, may_see_appraisal, require_fill
from indicators.par.forms import ItemForm
from indicators.par.models import AssessmentState, ScoringRule
from indicators.par.rules import fmt
from indicators.par.selectors import AreaTotal, Row, Scores, assessment_sheet, state_history
from indicators.par.services import ItemErrors, accept_suggestions, save_self_scores, submit
from indicators.par.unit_export import XLSX_CONTENT_TYPE, unit_filename_header, unit_workbook
from indicators.par.unit_selectors import PlanChoices, evidence_label, plan_choices
from tasks.services import StaleVersionError

STALE_MESSAGE = (
    "Bản tự đánh giá vừa được người khác sửa. Trang đã được tải lại với nội dung mới nhất; "
    "hãy kiểm tra rồi nhập lại thay đổi của bạn."
)


def posted_version(request) -> int | None:
    value = request.POST.get("version", "")
    return int(value) if value.isdigit() else None


def may_edit_item(user, assessment, item) -> bool:
    """The unit edits every item of a draft, and in a clarification round only the items the
    province asked about."""
    if item is None or not can_fill(user, assessment):
        return False
    if assessment.state == AssessmentState.DRAFT:
        return True
    return assessment.state == AssessmentState.RETURNED and bool(item.question)


@dataclass
class Leaf:
    row: Row
    form: ItemForm | None
    evidence: list  # (Evidence, label)
    mapped: list[tuple[int, str]]  # the mapped tasks: (id, label)
    mapped_ids: set[int]
    targets: list  # the mapped targets (Indicator)
    target_ids: set[int]
    reports: list  # reports of the mapped tasks in the year, to link
    editable: bool

    @property
    def item(self):
        return self.row.item

    @property
    def self_score(self) -> str:
        return fmt(self.item.self_score) if self.item else ""

    @property
    def suggested(self) -> str:
        return fmt(self.item.suggested_score) if self.item else ""

    @property
    def appraised(self) -> str:
        return fmt(self.item.appraised_score) if self.item else ""

    @property
    def percent(self) -> str:
        return fmt(self.item.measured_percent) if self.item else ""

    @property
    def rule_text(self) -> str:
        """ "Theo mức điểm: 1; 0,5; 0", "Trừ điểm …: trừ 0,5 điểm mỗi lần"."""
        criterion = self.row.criterion
        text = criterion.get_rule_display()
        if criterion.rule == ScoringRule.STEPS and criterion.steps:
            return f"{text}: {criterion.steps}"
        if criterion.rule == ScoringRule.DEDUCTION and criterion.deduction:
            return f"{text}: trừ {fmt(criterion.deduction)} điểm mỗi lần"
        return text


@dataclass
class ScoreText:
    """Scores written the Vietnamese way (9,5) for the page."""

    maximum: str
    to_fill: int
    self_score: str
    suggested: str
    appraised: str

    @classmethod
    def of(cls, scores: Scores) -> ScoreText:
        return cls(
            maximum=fmt(scores.maximum),
            to_fill=scores.to_fill,
            self_score=fmt(scores.self_score),
            suggested=fmt(scores.suggested),
            appraised=fmt(scores.appraised),
        )


@dataclass
class Block:
    """An area: its totals, its rows (sub-totals and leaves) and its form's id."""

    total: AreaTotal
    lines: list = field(default_factory=list)  # (Row, Leaf | None, ScoreText)
    editable: int = 0

    @property
    def text(self) -> ScoreText:
        return ScoreText.of(self.total.scores)

    @property
    def target_points(self) -> str:
        return fmt(self.total.target_points)

    @property
    def last_year(self) -> str:
        return fmt(self.total.last_year)

    @property
    def form_id(self) -> str:
        return f"area-form-{self.total.criterion.pk}"


def _leaf(row: Row, user, assessment, choices: PlanChoices, bound: dict, form_id: str) -> Leaf:
    item = row.item
    editable = may_edit_item(user, assessment, item)
    form = None
    if editable:
        form = bound.get(item.pk) or ItemForm(
            item=_with_criterion(item, row), state=assessment.state, form_id=form_id
        )
    tasks = list(item.tasks.all()) if item else []
    targets = list(item.indicators.all()) if item else []
    return Leaf(
        row=row,
        form=form,
        evidence=[(e, evidence_label(e, choices)) for e in row.evidence],
        mapped=[(t.pk, choices.task_labels.get(t.pk, str(t))) for t in tasks],
        mapped_ids={t.pk for t in tasks},
        targets=targets,
        target_ids={t.pk for t in targets},
        reports=[r for t in tasks for r in choices.reports_by_task.get(t.pk, [])],
        editable=editable,
    )


def _with_criterion(item, row: Row):
    item.criterion = row.criterion  # already loaded with the tree: no query
    return item


def page_context(request, assessment, bound: dict | None = None) -> dict:
    """Everything the form page shows (a fixed number of queries); `bound` holds the posted
    forms of an area refused by the service, with their errors."""
    user = request.user
    show_appraisal = may_see_appraisal(user, assessment)
    sheet = assessment_sheet(assessment, show_appraisal=show_appraisal)
    choices = plan_choices(assessment, sheet.rows)
    areas = {area.criterion.pk: Block(total=area) for area in sheet.areas}
    block = None
    for row in sheet.rows:
        if row.depth == 0:
            block = areas[row.criterion.pk]
            if row.criterion.rule == ScoringRule.SUM:
                continue  # an area scored by itself (no children) is also its own leaf
        leaf = None
        if row.criterion.rule != ScoringRule.SUM:
            leaf = _leaf(row, user, assessment, choices, bound or {}, block.form_id)
            block.editable += leaf.editable
        block.lines.append((row, leaf, ScoreText.of(row.scores)))
    fill = can_fill(user, assessment)
    return {
        "assessment": assessment,
        "criteria_set": assessment.criteria_set,
        "sheet": sheet,
        "total": ScoreText.of(sheet.total),
        "blocks": list(areas.values()),
        "choices": choices,
        "show_appraisal": show_appraisal,
        "can_fill": fill,
        "is_draft": assessment.state == AssessmentState.DRAFT,
        "is_returned": assessment.state == AssessmentState.RETURNED,
        "may_submit": fill
        and assessment.state in (AssessmentState.DRAFT, AssessmentState.RETURNED),
        "may_map": fill and assessment.state == AssessmentState.DRAFT,
        "state_history": state_history(assessment),
    }


def _page(request, assessment_id):
    return reverse("par-assessment", args=[assessment_id])


@login_required
def assessment_page(request, assessment_id):
    assessment = assessment_for_user(request.user, assessment_id)
    return render(request, "indicators/par/assessment.html", page_context(request, assessment))


@login_required
@require_POST
def assessment_save(request, assessment_id, area_id):
    """Save every editable item of one area at once; any error saves nothing and comes back
    at its field."""
    assessment = assessment_for_user(request.user, assessment_id)
    require_fill(request.user, assessment)
    context = page_context(request, assessment)
    block = next((b for b in context["blocks"] if b.total.criterion.pk == area_id), None)
    if block is None or not block.editable:
        messages.error(request, "Lĩnh vực này không có tiêu chí nào được sửa.")
        return redirect(_page(request, assessment.pk))
    forms = {}
    for _row, leaf, _text in block.lines:
        if leaf is not None and leaf.editable:
            form = ItemForm(
                request.POST, item=leaf.form.item, state=assessment.state, form_id=block.form_id
            )
            form.is_valid()
            forms[leaf.form.item.pk] = form
    entries = {item_id: form.entry() for item_id, form in forms.items()}
    try:
        save_self_scores(request.user, assessment, posted_version(request), entries)
    except ItemErrors as exc:
        for item_id, errors in exc.by_item.items():
            form = forms[item_id]
            for name, problems in errors.items():
                form.add_error(name if name in form.fields else None, problems)
        messages.error(
            request,
            f"Chưa lưu lĩnh vực {block.total.criterion.code}: "
            f"{len(exc.by_item)} tiêu chí có lỗi, xem ở từng tiêu chí bên dưới.",
        )
        context = page_context(request, assessment, bound=forms)
        return render(request, "indicators/par/assessment.html", context)
    except StaleVersionError:
        messages.error(request, STALE_MESSAGE)
        return redirect(_page(request, assessment.pk))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(_page(request, assessment.pk))
    messages.success(request, f"Đã lưu lĩnh vực {block.total.criterion.code}.")
    return redirect(_page(request, assessment.pk) + f"#area-{area_id}")


@login_required
@require_POST
def accept(request, assessment_id):
    assessment = assessment_for_user(request.user, assessment_id)
    require_fill(request.user, assessment)
    try:
        taken = accept_suggestions(request.user, assessment, posted_version(request))
    except StaleVersionError:
        messages.error(request, STALE_MESSAGE)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if taken:
            messages.success(request, f"Đã dùng điểm gợi ý cho {taken} tiêu chí chưa chấm.")
        else:
            messages.info(request, "Không có tiêu chí chưa chấm nào có điểm gợi ý.")
    return redirect(_page(request, assessment.pk))


@login_required
@require_POST
def submit_view(request, assessment_id):
    """Send to the province (first time, or with the clarification round's answers)."""
    assessment = assessment_for_user(request.user, assessment_id)
    require_fill(request.user, assessment)
    if request.POST.get("confirm") != "1":
        messages.error(
            request, "Hãy đánh dấu ô xác nhận trước khi gửi: bản đã gửi không sửa được nữa."
        )
        return redirect(_page(request, assessment.pk) + "#submit")
    returned = assessment.state == AssessmentState.RETURNED
    try:
        submit(request.user, assessment, posted_version(request))
    except StaleVersionError:
        messages.error(request, STALE_MESSAGE)
    except ValidationError as exc:
        messages.error(request, "Chưa gửi được. " + " ".join(exc.messages))
    else:
        messages.success(
            request,
            "Đã gửi giải trình tới Sở Nội vụ."
            if returned
            else "Đã gửi bản tự đánh giá tới Sở Nội vụ; bản đã gửi không sửa được nữa.",
        )
    return redirect(_page(request, assessment.pk))


@login_required
def assessment_xlsx(request, assessment_id):
    """The "Biểu tự đánh giá" of the assessment as an .xlsx file."""
    assessment = assessment_for_user(request.user, assessment_id)
    show_appraisal = may_see_appraisal(request.user, assessment)
    sheet = assessment_sheet(assessment, show_appraisal=show_appraisal)
    choices = plan_choices(assessment, sheet.rows)
    content = unit_workbook(sheet, choices, show_appraisal=show_appraisal)
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = unit_filename_header(assessment)
    return response
