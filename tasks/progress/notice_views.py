"""The user's own notices ("Thông báo"): the list, opening one, marking all as read.

Every user sees only their own notices: another user's notice id answers 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from tasks.progress.models import Notice
from tasks.progress.notices import target_path

PER_PAGE = 30


@login_required
def notice_list(request):
    """The user's notices, newest first, 30 a page; unread ones highlighted."""
    notices = Notice.objects.filter(user=request.user).order_by("-created_at", "-id")
    page = Paginator(notices, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "tasks/notices.html", {"page": page, "notices": list(page)})


@login_required
def notice_open(request, notice_id):
    """Mark the notice read and go to what it is about (the report form or the review page)."""
    notice = get_object_or_404(
        Notice.objects.select_related("report__task__plan"), pk=notice_id, user=request.user
    )
    if notice.read_at is None:
        Notice.objects.filter(pk=notice.pk, read_at__isnull=True).update(read_at=timezone.now())
    return redirect(target_path(notice.report, notice.kind))


@login_required
@require_POST
def notice_read_all(request):
    """Mark every unread notice of the user as read."""
    count = Notice.objects.filter(user=request.user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    if count:
        messages.success(request, f"Đã đánh dấu đã đọc {count} thông báo.")
    return redirect("notices")
