"""State changes of progress reports: one service per change, each validating before saving.

Every service takes the acting user, checks what that user may do (raising PermissionDenied or
Http404 through `plans.access`), validates (raising ValidationError with Vietnamese messages,
nothing saved), and saves with a conditional update of the version (`UPDATE … WHERE id = …
AND version = …`) so that a stale form never overwrites someone else's change
(`StaleVersionError`). Each save records a history entry (django-simple-history) with the user.

Concurrency: two requests creating the same report (a double click on "Gửi") cannot write two
rows (unique constraint); the loser's insert fails inside a savepoint and it answers as if it had
found the winner's row (the same content sent by the same user: the winner's report; anything
else: `StaleVersionError`). A database too busy to answer ("database is locked" on SQLite, a
deadlock or serialization failure on PostgreSQL) rolls everything back and raises
ValidationError(BUSY_MESSAGE), never a 500.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone

from plans.access import ROLE_AGENCY, can_edit_unit, can_read_unit, role_of, user_agency
from plans.periods import Period, period_for_completion
from tasks.models import ProgressReport, ProgressStatus, ReviewState, Task
from tasks.progress import notices
from tasks.progress.evidence import validate_evidence
from tasks.selectors import agency_scope_ids
from tasks.services import StaleVersionError, atomic_or_busy, claim_version

REPORT_FIELDS = [
    "status",
    "completion_date",
    "percent",
    "result",
    "product_issued",
    "difficulties",
    "proposals",
]


def _save_claimed(report: ProgressReport, expected: int, user, fields: list[str] | None = None):
    """Save `report` after claiming its version; StaleVersionError when the claim fails."""
    if not claim_version(ProgressReport, report.pk, expected):
        raise StaleVersionError(ProgressReport.objects.get(pk=report.pk))
    report.version = expected + 1
    report._history_user = user
    if fields is None:
        report.save()
    else:
        report.save(update_fields=[*fields, "version", "updated_at"])


def reporting_agency_for(user, task: Task):
    """The agency on whose behalf `user` reports on `task`; 404 when the task is not theirs."""
    agency = user_agency(user)
    if role_of(user) != ROLE_AGENCY or agency is None:
        raise PermissionDenied
    if task.plan.unit_id != agency.unit_id:
        raise Http404
    if not task.assignments.filter(agency_id__in=agency_scope_ids(agency)).exists():
        raise Http404
    return agency


def validate_report_values(
    *, task: Task, values: dict, today: datetime.date, period: Period | None = None
) -> dict:
    """Check a report's values against the rules; return them cleaned or raise ValidationError.

    A completion date after the period's data cut-off belongs to a later period's report
    (docs/report-rules.md, rule 5): the message names that period."""
    errors: dict[str, list[str]] = {}
    status = values.get("status")
    if status not in ProgressStatus.values:
        errors.setdefault("status", []).append("Tình trạng không hợp lệ.")
    percent = values.get("percent")
    if percent is None or not 0 <= percent <= 100:
        errors.setdefault("percent", []).append("Tỷ lệ hoàn thành phải từ 0 đến 100%.")
    completion = values.get("completion_date")
    plan_start = datetime.date(task.plan.start_year, 1, 1)
    if status == ProgressStatus.DONE:
        if completion is None:
            errors.setdefault("completion_date", []).append(
                "Nhiệm vụ đã hoàn thành phải có ngày hoàn thành."
            )
        if percent is not None and percent != 100 and "percent" not in errors:
            values["percent"] = 100
    if completion is not None:
        if completion > today:
            errors.setdefault("completion_date", []).append(
                "Ngày hoàn thành không được sau ngày hôm nay."
            )
        if completion < plan_start:
            errors.setdefault("completion_date", []).append(
                f"Ngày hoàn thành không được trước khi kế hoạch bắt đầu ({plan_start:%d/%m/%Y})."
            )
        cutoff = task.plan.cutoff(period) if period is not None else None
        if status == ProgressStatus.DONE and cutoff is not None and completion > cutoff:
            later = period_for_completion(completion, task.plan.data_cutoff, after=period)
            where = (
                f"Ngày hoàn thành {completion:%d/%m/%Y} sau ngày chốt số liệu của kỳ "
                f"{period.label} ({cutoff:%d/%m/%Y})"
            )
            if later.year in task.plan.years:
                message = (
                    f"{where}. Hãy báo cáo “Hoàn thành” ở kỳ {later.label}; ở kỳ này báo cáo "
                    "“Đang thực hiện”."
                )
            else:
                message = (
                    f"{where}, kỳ cuối cùng của kế hoạch. Hãy báo cáo “Đang thực hiện” và ghi "
                    "ngày hoàn thành vào kết quả thực hiện."
                )
            errors.setdefault("completion_date", []).append(message)
        if status != ProgressStatus.DONE:
            values["completion_date"] = None
    if errors:
        raise ValidationError(errors)
    return values


@atomic_or_busy
def report_save(
    *,
    user,
    task: Task,
    period: Period,
    values: dict,
    evidence=None,
    submit: bool,
    expected_version: int | None,
    today: datetime.date | None = None,
) -> ProgressReport:
    """Create or update the user's agency report on `task` for `period`, as draft or submitted.

    Side effects: validation (rules above, evidence type/size); refuses an accepted (locked)
    report; saves only if the report's version is still `expected_version` (None for a new
    report), bumping it; on submit records who and when and clears the review state.
    """
    today = today or timezone.localdate()
    agency = reporting_agency_for(user, task)
    values = validate_report_values(
        task=task, values={k: values.get(k) for k in REPORT_FIELDS}, today=today, period=period
    )
    if evidence is not None:
        try:
            validate_evidence(evidence)
        except ValidationError as exc:
            raise ValidationError({"evidence": exc.messages}) from None

    report = (
        ProgressReport.objects.select_for_update()
        .filter(task=task, agency=agency, year=period.year, quarter=period.quarter)
        .first()
    )
    if report is None:
        if expected_version not in (None, 0):
            raise Http404
        report = ProgressReport(task=task, agency=agency, year=period.year, quarter=period.quarter)
    else:
        if report.is_locked:
            raise ValidationError("Báo cáo đã được duyệt nên không thể sửa.")
        if expected_version != report.version:
            if expected_version in (None, 0) and _repeats(report, values, evidence, user, submit):
                return report  # a double submission: the first one already wrote this
            raise StaleVersionError(report)
    for key, value in values.items():
        setattr(report, key, _stored(key, value))
    if evidence is not None:
        report.evidence = evidence
        report.evidence_name = evidence.name[:255]
    if submit:
        report.review_state = ReviewState.SUBMITTED
        report.submitted_at = timezone.now()
        report.submitted_by = user
    elif report.review_state == ReviewState.SUBMITTED:
        # Saving a draft of a sent report takes it back to draft until it is sent again.
        report.review_state = ReviewState.DRAFT
    # One report per task, agency and period: a second request creating the same report is
    # answered by _insert_new (the database's unique constraint), not by a validation message.
    report.full_clean(exclude=["task", "agency", "year", "quarter"])
    if report.pk is None:
        saved = _insert_new(report, values, evidence, user, submit)
    else:
        _save_claimed(report, expected_version, user)
        saved = report
    if submit and saved is report:  # a repeated submission was notified the first time
        transaction.on_commit(lambda: notices.report_submitted(saved), robust=True)
    return saved


def _stored(key: str, value):
    """A report value as saved: empty text for a missing one (dates and numbers stay None)."""
    return value or ("" if key not in ("completion_date", "percent") else value)


def _repeats(current: ProgressReport, values: dict, evidence, user, submit: bool) -> bool:
    """True when `current` already holds what this request would write (same values, same
    state, sent by the same user, no new file): the second of a double submission."""
    if evidence is not None:
        return False
    if any(getattr(current, key) != _stored(key, value) for key, value in values.items()):
        return False
    if submit:
        return current.review_state == ReviewState.SUBMITTED and current.submitted_by_id == user.pk
    return current.review_state == ReviewState.DRAFT


def _insert_new(report: ProgressReport, values, evidence, user, submit) -> ProgressReport:
    """Insert a new report in a savepoint. If another request created the same report first
    (the unique constraint refuses a second row), answer with that one when it holds what this
    request would have written (a double submission), else StaleVersionError."""
    report._history_user = user
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError:
        current = (
            ProgressReport.objects.select_for_update()
            .filter(
                task_id=report.task_id,
                agency_id=report.agency_id,
                year=report.year,
                quarter=report.quarter,
            )
            .first()
        )
        if current is None:  # some other constraint: not a race
            raise
        if _repeats(current, values, evidence, user, submit):
            return current
        raise StaleVersionError(current) from None
    return report


def _review_guard(user, report: ProgressReport, expected_version: int) -> ProgressReport:
    unit_id = report.task.plan.unit_id
    if not can_edit_unit(user, unit_id):
        # Leaders of the district may see the report but not decide on it.
        if can_read_unit(user, unit_id):
            raise PermissionDenied
        raise Http404
    locked = ProgressReport.objects.select_for_update().get(pk=report.pk)
    if locked.version != expected_version:
        raise StaleVersionError(locked)
    if locked.review_state != ReviewState.SUBMITTED:
        raise ValidationError("Chỉ duyệt hoặc trả lại được báo cáo đang chờ duyệt.")
    return locked


def _record_review(user, report, expected_version: int, state: str, note: str) -> ProgressReport:
    """The reviewer's decision on a submitted report, saved version-checked."""
    report = _review_guard(user, report, expected_version)
    report.review_state = state
    report.review_note = note
    report.reviewed_at = timezone.now()
    report.reviewed_by = user
    fields = ["review_state", "review_note", "reviewed_at", "reviewed_by"]
    _save_claimed(report, expected_version, user, fields)
    return report


@atomic_or_busy
def report_accept(*, user, report: ProgressReport, expected_version: int) -> ProgressReport:
    """Accept a submitted report: it becomes locked. Records reviewer and time."""
    report = _record_review(user, report, expected_version, ReviewState.ACCEPTED, "")
    transaction.on_commit(lambda: notices.report_accepted(report), robust=True)
    return report


@atomic_or_busy
def report_return(
    *, user, report: ProgressReport, note: str, expected_version: int
) -> ProgressReport:
    """Send a submitted report back to its agency with a required note."""
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": ["Vui lòng ghi rõ lý do trả lại báo cáo."]})
    if len(note) > 3000:
        raise ValidationError({"note": ["Ý kiến tối đa 3000 ký tự."]})
    report = _record_review(user, report, expected_version, ReviewState.RETURNED, note)
    transaction.on_commit(lambda: notices.report_returned(report), robust=True)
    return report
