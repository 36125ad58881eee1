"""Notices about progress reports: an in-app notice and an e-mail to each person concerned.

- submitted (`report_submitted`): to the Interior Office staff of the task's plan unit (active
  users in GROUP_OFFICE whose profile unit is the plan's unit), linking to the review page;
- returned / accepted (`report_returned`, `report_accepted`): to the heads of the report's agency
  (active users in GROUP_AGENCY whose profile agency is the report's), linking to the report form.

The services of `tasks.progress.services` call these with `transaction.on_commit`, so nothing is
written for a change that rolls back. Each recipient gets a `Notice` row; those with an e-mail
address also get one mail each. A refused address or a mail server down is logged and skipped:
the notices stay and the review action is never undone by it.

`unread_notices` is the context processor behind the "Thông báo (n)" link of the header.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from plans.access import GROUP_AGENCY, GROUP_OFFICE
from plans.periods import Period
from tasks.models import ProgressReport
from tasks.progress.models import Notice, NoticeKind

logger = logging.getLogger(__name__)

EMAIL_TEMPLATE = "tasks/email/notice.txt"
TEXT_LIMIT = Notice._meta.get_field("text").max_length


def report_submitted(report: ProgressReport) -> list[Notice]:
    """Tell the Interior Office of the plan's unit that `report` waits for review."""
    return _notify(report, NoticeKind.SUBMITTED)


def report_returned(report: ProgressReport) -> list[Notice]:
    """Tell the agency's heads that `report` was sent back, with the reviewer's note."""
    return _notify(report, NoticeKind.RETURNED)


def report_accepted(report: ProgressReport) -> list[Notice]:
    """Tell the agency's heads that `report` was accepted."""
    return _notify(report, NoticeKind.ACCEPTED)


def target_path(report: ProgressReport, kind: str) -> str:
    """Where a notice leads: the review page of the report's plan and period for the office,
    the report form for the agency. `report` needs its task and plan loaded."""
    period = Period(report.year, report.quarter)
    if kind == NoticeKind.SUBMITTED:
        return f"{reverse('review')}?plan={report.task.plan.slug}&period={period.slug}"
    return reverse("report-edit", args=[report.task_id, period.slug])


def absolute_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def recipients(report: ProgressReport, kind: str) -> list[User]:
    """The active users a notice of `kind` about `report` goes to, ordered by username."""
    if kind == NoticeKind.SUBMITTED:
        users = User.objects.filter(
            groups__name=GROUP_OFFICE, profile__unit_id=report.task.plan.unit_id
        )
    else:
        users = User.objects.filter(groups__name=GROUP_AGENCY, profile__agency_id=report.agency_id)
    return list(users.filter(is_active=True).order_by("username").distinct())


def notice_text(report: ProgressReport, kind: str) -> str:
    """The notice's one line, as the list and the e-mail show it."""
    period = Period(report.year, report.quarter)
    task = report.task
    code = f"{task.display_code}: " if task.display_code else ""
    about = f"báo cáo {period.label} về nhiệm vụ {code}{task.short_title}"
    if kind == NoticeKind.SUBMITTED:
        text = f"{report.agency.name} đã gửi {about}."
    elif kind == NoticeKind.RETURNED:
        text = f"Phòng Nội vụ đã trả lại {about}. Ý kiến: {' '.join(report.review_note.split())}"
    else:
        text = f"Phòng Nội vụ đã duyệt {about}."
    return text if len(text) <= TEXT_LIMIT else text[: TEXT_LIMIT - 1].rstrip() + "…"


SUBJECTS = {
    NoticeKind.SUBMITTED: "[CCHC] {agency} đã gửi báo cáo {period}",
    NoticeKind.RETURNED: "[CCHC] Báo cáo {period} của {agency} bị trả lại",
    NoticeKind.ACCEPTED: "[CCHC] Báo cáo {period} của {agency} đã được duyệt",
}


def _notify(report: ProgressReport, kind: str) -> list[Notice]:
    if report.pk is None:  # lost a race to an identical submission, which sends the notice
        return []
    report = (
        ProgressReport.objects.select_related("task__plan", "task__parent", "agency")
        .filter(pk=report.pk)
        .first()
    )
    if report is None:
        return []
    users = recipients(report, kind)
    if not users:
        return []
    text = notice_text(report, kind)
    now = timezone.now()
    with transaction.atomic():
        notices = Notice.objects.bulk_create(
            [
                Notice(user=user, kind=kind, report=report, text=text, created_at=now)
                for user in users
            ]
        )
    period = Period(report.year, report.quarter)
    subject = SUBJECTS[kind].format(agency=report.agency.name, period=period.label)
    link = absolute_url(target_path(report, kind))
    for user in users:
        if user.email:
            _send(user, subject, report, kind, text, link)
    return notices


def _send(user: User, subject: str, report: ProgressReport, kind: str, text: str, link: str):
    body = render_to_string(
        EMAIL_TEMPLATE,
        {
            "user_name": user.get_full_name(),
            "report": report,
            "kind": kind,
            "text": text,
            "link": link,
            "notices_link": absolute_url(reverse("notices")),
        },
    )
    try:
        send_mail(subject, body, from_email=None, recipient_list=[user.email], fail_silently=False)
    except Exception:  # a refused address must not undo the review or stop the other mails
        logger.exception("Notice mail to %s <%s> failed", user.username, user.email)


def unread_count(user) -> int:
    return Notice.objects.filter(user=user, read_at__isnull=True).count()


def unread_notices(request):
    """Context processor: `nav_notices`, the user's unread notices (one query; none for an
    anonymous visitor)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"nav_notices": unread_count(user)}
