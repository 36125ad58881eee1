"""Daily reminder digests for agency heads (`manage.py send_reminders`).

Each active agency head gets at most one e-mail a day listing, for their agency's scope (its own
assignments and those of the groups it belongs to, any role):

- overdue tasks ("quá hạn"): due before today and not done;
- tasks due soon ("sắp đến hạn"): due within `DUE_SOON_DAYS`, not done;
- the quarterly report of each running plan when it is due within `REPORT_DUE_DAYS`, or its due
  day has passed in the current quarter, and the agency has not yet sent (submitted or
  accepted) a report on every task it owes;
- the agency's reports the Interior Office returned ("bị trả lại") and that were not sent again,
  with the reviewer's note and the link to the report form.

"Done" is the agency's own standing: its latest counted report at or before the plan's current
period says done. Tasks the Interior Office marked done or cancelled are not chased either.
`build_digests` reads everything in a fixed number of queries (plus two per plan whose report
is in the window, independent of the number of tasks and of returned reports); `send_digests`
sends and logs each digest in its own transaction so that a failure for one user (a refused
address) neither undoes nor stops the others: it is logged, counted, retried on the next run,
and the command exits non-zero once everyone was tried.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

from plans.access import GROUP_AGENCY
from plans.models import Agency, AgencyKind, Plan
from plans.periods import Period, current_period
from tasks.models import (
    COUNTED_STATES,
    AssignmentRole,
    ProgressReport,
    ProgressStatus,
    ReminderLog,
    ReviewState,
    TaskAssignment,
    TaskStatus,
)
from tasks.selectors import ROLE_STRENGTH, owed_reports

logger = logging.getLogger(__name__)

DUE_SOON_DAYS = 14
REPORT_DUE_DAYS = 7
# The digest's text: tasks due soon or overdue, the period's report, returned reports.
TEMPLATE = "tasks/email/reminder.txt"


@dataclass(frozen=True)
class TaskItem:
    task: object  # tasks.models.Task, with plan and parent loaded
    role: str  # the agency's strongest AssignmentRole on the task
    via: Agency | None  # the group through which the task reaches the agency, if any
    days: int  # days overdue (overdue list) or days left (due-soon list)

    @property
    def role_label(self) -> str:
        return AssignmentRole(self.role).label

    @property
    def plan_label(self) -> str:
        return plan_label(self.task.plan)


@dataclass(frozen=True)
class ReportItem:
    plan: Plan
    period: Period
    due: datetime.date
    missing: int  # tasks owed without a submitted or accepted report for the period
    late: bool  # the due date has passed

    @property
    def plan_label(self) -> str:
        return plan_label(self.plan)


@dataclass(frozen=True)
class ReturnedItem:
    report: ProgressReport  # with task, its parent and plan loaded

    @property
    def task(self):
        return self.report.task

    @property
    def period(self) -> Period:
        return Period(self.report.year, self.report.quarter)

    @property
    def note(self) -> str:
        return " ".join(self.report.review_note.split())

    @property
    def plan_label(self) -> str:
        return plan_label(self.report.task.plan)

    @property
    def link(self) -> str:
        path = reverse("report-edit", args=[self.report.task_id, self.period.slug])
        return settings.SITE_URL.rstrip("/") + path


@dataclass
class Digest:
    user: User
    agency: Agency
    today: datetime.date
    overdue: list[TaskItem] = field(default_factory=list)
    due_soon: list[TaskItem] = field(default_factory=list)
    reports: list[ReportItem] = field(default_factory=list)
    returned: list[ReturnedItem] = field(default_factory=list)
    subject: str = ""
    body: str = ""

    @property
    def items(self) -> int:
        return len(self.overdue) + len(self.due_soon) + len(self.reports) + len(self.returned)

    @property
    def fingerprint(self) -> str:
        return hashlib.sha256(self.body.encode("utf-8")).hexdigest()


def plan_label(plan: Plan) -> str:
    number = f"số {plan.number} " if plan.number else ""
    return f"Kế hoạch {number}“{plan.title}” ({plan.period_label})"


def _subject(digest: Digest) -> str:
    parts = []
    if digest.overdue:
        parts.append(f"{len(digest.overdue)} nhiệm vụ quá hạn")
    if digest.due_soon:
        parts.append(f"{len(digest.due_soon)} sắp đến hạn")
    if digest.reports:
        parts.append(f"{len(digest.reports)} báo cáo quý chưa gửi đủ")
    if digest.returned:
        parts.append(f"{len(digest.returned)} báo cáo bị trả lại")
    return f"[CCHC] Nhắc việc ngày {digest.today:%d/%m/%Y}: {', '.join(parts)}"


def _render(digest: Digest) -> None:
    digest.subject = _subject(digest)
    digest.body = render_to_string(
        TEMPLATE,
        {
            "digest": digest,
            "user_name": digest.user.get_full_name(),
            "due_soon_days": DUE_SOON_DAYS,
        },
    )


def _agency_heads() -> list[User]:
    return list(
        User.objects.filter(
            is_active=True, groups__name=GROUP_AGENCY, profile__agency__isnull=False
        )
        .select_related("profile__agency")
        .order_by("username")
        .distinct()
    )


def _scopes(agencies: dict[int, Agency]) -> dict[int, list[int]]:
    """agency_id → [agency_id, ids of the groups it belongs to] (as selectors.agency_scope_ids,
    for all agencies at once)."""
    groups = Agency.objects.filter(
        unit_id__in={a.unit_id for a in agencies.values()}, kind=AgencyKind.GROUP
    )
    by_district: dict[int, list[Agency]] = defaultdict(list)
    for group in groups:
        by_district[group.unit_id].append(group)
    return {
        pk: [pk] + [g.pk for g in by_district[agency.unit_id] if agency.kind in (g.includes or [])]
        for pk, agency in agencies.items()
    }


def _by_due(item: TaskItem):
    return (item.task.due_date, item.task.plan_id, item.task.order)


def _task_items(
    agencies: dict[int, Agency], scopes: dict[int, list[int]], today: datetime.date
) -> dict[int, tuple[list[TaskItem], list[TaskItem]]]:
    """agency_id → (overdue, due soon), each sorted by due date."""
    horizon = today + datetime.timedelta(days=DUE_SOON_DAYS)
    scope_ids = {pk for scope in scopes.values() for pk in scope}
    assignments = (
        TaskAssignment.objects.filter(
            agency_id__in=scope_ids, task__due_date__isnull=False, task__due_date__lte=horizon
        )
        .exclude(task__status__in=(TaskStatus.DONE, TaskStatus.CANCELLED))
        .select_related("agency", "task__plan", "task__parent")
        .order_by("task__due_date", "task__plan_id", "task__order", "order", "id")
    )
    by_scope_agency: dict[int, list[TaskAssignment]] = defaultdict(list)
    for assignment in assignments:
        by_scope_agency[assignment.agency_id].append(assignment)

    # Latest counted report of each (task, reporting agency): a report after the plan's
    # current period (e.g. a Q4 report typed early) does not count yet.
    reports = ProgressReport.objects.filter(
        agency_id__in=list(agencies),
        review_state__in=COUNTED_STATES,
        task__due_date__lte=horizon,
    ).values_list("task_id", "agency_id", "year", "quarter", "status", "task__plan_id")
    plans = {a.task.plan_id: a.task.plan for a in assignments}
    latest: dict[tuple[int, int], tuple[int, int, str]] = {}
    for task_id, agency_id, year, quarter, status, plan_id in reports:
        plan = plans.get(plan_id)
        if plan is None:
            continue
        period = current_period(plan.start_year, plan.end_year, today)
        if (year, quarter) > (period.year, period.quarter):
            continue
        key = (task_id, agency_id)
        if key not in latest or (year, quarter) > latest[key][:2]:
            latest[key] = (year, quarter, status)

    result = {}
    for agency_id, scope in scopes.items():
        best: dict[int, TaskAssignment] = {}
        for scope_id in scope:
            for a in by_scope_agency[scope_id]:
                current = best.get(a.task_id)
                rank = (ROLE_STRENGTH[a.role], a.agency_id == agency_id)
                if current is None or rank > (
                    ROLE_STRENGTH[current.role],
                    current.agency_id == agency_id,
                ):
                    best[a.task_id] = a
        overdue, due_soon = [], []
        for a in best.values():
            report = latest.get((a.task_id, agency_id))
            if report is not None and report[2] == ProgressStatus.DONE:
                continue
            task = a.task
            via = a.agency if a.agency_id != agency_id else None
            if task.due_date < today:
                overdue.append(TaskItem(task, a.role, via, (today - task.due_date).days))
            else:
                due_soon.append(TaskItem(task, a.role, via, (task.due_date - today).days))
        result[agency_id] = (sorted(overdue, key=_by_due), sorted(due_soon, key=_by_due))
    return result


def _report_items(agencies: dict[int, Agency], today: datetime.date) -> dict[int, list[ReportItem]]:
    """agency_id → the running plans whose quarterly report is due soon or late and missing."""
    plans = Plan.objects.filter(
        unit_id__in={a.unit_id for a in agencies.values()},
        start_year__lte=today.year,
        end_year__gte=today.year,
    ).order_by("unit_id", "start_year", "slug")
    in_window = []
    for plan in plans:
        period = current_period(plan.start_year, plan.end_year, today)
        due = period.report_due(plan.report_due_day)
        if (due - today).days <= REPORT_DUE_DAYS:
            in_window.append((plan, period, due))
    if not in_window:
        return {}

    # Within the plan's years the current period is the quarter containing today, the same
    # for every plan, so one query finds what each agency has sent.
    period = Period.containing(today)
    submitted: dict[int, set[int]] = defaultdict(set)
    for task_id, agency_id in ProgressReport.objects.filter(
        task__plan__in=[plan for plan, _, _ in in_window],
        agency_id__in=list(agencies),
        year=period.year,
        quarter=period.quarter,
        review_state__in=COUNTED_STATES,
    ).values_list("task_id", "agency_id"):
        submitted[agency_id].add(task_id)

    result: dict[int, list[ReportItem]] = defaultdict(list)
    for plan, plan_period, due in in_window:
        # Not owed again: tasks the agency already reported done (docs/report-rules.md, rule 12).
        owed = owed_reports(plan, plan_period)
        for agency_id, agency in agencies.items():
            if agency.unit_id != plan.unit_id:
                continue
            missing = owed.get(agency_id, set()) - submitted[agency_id]
            if missing:
                result[agency_id].append(
                    ReportItem(plan, plan_period, due, len(missing), late=due < today)
                )
    return result


def _returned_items(agencies: dict[int, Agency]) -> dict[int, list[ReturnedItem]]:
    """agency_id → the agency's reports that were returned and not sent again, oldest return
    first (one query)."""
    reports = (
        ProgressReport.objects.filter(
            agency_id__in=list(agencies), review_state=ReviewState.RETURNED
        )
        .select_related("task__plan", "task__parent")
        .order_by("reviewed_at", "id")
    )
    result: dict[int, list[ReturnedItem]] = defaultdict(list)
    for report in reports:
        result[report.agency_id].append(ReturnedItem(report))
    return result


def build_digests(today: datetime.date) -> list[Digest]:
    """One digest per active agency head with something to say, ordered by username.

    Users without an e-mail address are included (the sender reports them as skipped) so that
    the Interior Office learns whom the reminders cannot reach.
    """
    users = _agency_heads()
    agencies = {u.profile.agency_id: u.profile.agency for u in users}
    if not agencies:
        return []
    tasks = _task_items(agencies, _scopes(agencies), today)
    reports = _report_items(agencies, today)
    returned = _returned_items(agencies)
    digests = []
    for user in users:
        agency_id = user.profile.agency_id
        overdue, due_soon = tasks[agency_id]
        digest = Digest(
            user=user,
            agency=agencies[agency_id],
            today=today,
            overdue=overdue,
            due_soon=due_soon,
            reports=reports.get(agency_id, []),
            returned=returned.get(agency_id, []),
        )
        if digest.items:
            _render(digest)
            digests.append(digest)
    return digests


SENT = "sent"
ALREADY_SENT = "already_sent"
NO_EMAIL = "no_email"
DRY_RUN = "dry_run"
FAILED = "failed"

OUTCOME_LABELS = {
    SENT: "đã gửi",
    ALREADY_SENT: "bỏ qua: đã gửi hôm nay",
    NO_EMAIL: "bỏ qua: không có địa chỉ email",
    DRY_RUN: "chạy thử: không gửi",
    FAILED: "lỗi: chưa gửi được, sẽ thử lại lần chạy sau",
}


@dataclass(frozen=True)
class SendResult:
    digest: Digest
    outcome: str  # one of SENT, ALREADY_SENT, NO_EMAIL, DRY_RUN, FAILED
    error: str = ""

    @property
    def label(self) -> str:
        return OUTCOME_LABELS[self.outcome]


def send_digests(
    digests: list[Digest], *, today: datetime.date, dry_run: bool = False
) -> list[SendResult]:
    """Send each digest once per user and day, logging it in ReminderLog.

    Per user, in one transaction: lock the user's row (two overlapping cron runs wait for each
    other instead of both sending), skip if a log exists for today, send the mail, then create
    the log. A failed send (a refused address, a mail server down) rolls back that user's
    transaction, is logged and reported as FAILED, and the others are still tried; the next
    run retries it. A dry run sends and logs nothing.
    """
    results = []
    for digest in digests:
        if not digest.user.email:
            results.append(SendResult(digest, NO_EMAIL))
            continue
        if dry_run:
            results.append(SendResult(digest, DRY_RUN))
            continue
        try:
            outcome = _send_one(digest, today)
        except Exception as exc:  # one failed digest must not stop the others
            logger.exception("Reminder to %s <%s> failed", digest.user.username, digest.user.email)
            results.append(SendResult(digest, FAILED, error=f"{type(exc).__name__}: {exc}"))
            continue
        results.append(SendResult(digest, outcome))
    return results


def _send_one(digest: Digest, today: datetime.date) -> str:
    with transaction.atomic():
        User.objects.select_for_update(no_key=True).only("pk").get(pk=digest.user.pk)
        if ReminderLog.objects.filter(user=digest.user, day=today).exists():
            return ALREADY_SENT
        send_mail(
            digest.subject,
            digest.body,
            from_email=None,
            recipient_list=[digest.user.email],
        )
        ReminderLog.objects.create(user=digest.user, day=today, digest=digest.fingerprint)
    return SENT
