"""In-app notices about progress reports (tasks.progress.notices writes them).

Imported by `tasks.models` so that Django finds the model in the `tasks` app.
"""

from django.db import models
from django.db.models import Q
from django.utils import timezone


class NoticeKind(models.TextChoices):
    SUBMITTED = "submitted", "Báo cáo mới gửi"
    RETURNED = "returned", "Báo cáo bị trả lại"
    ACCEPTED = "accepted", "Báo cáo đã được duyệt"


class Notice(models.Model):
    """One notice to one user about one report: written when the report is submitted (to the
    Interior Office), returned or accepted (to the agency's heads). The text is fixed when the
    notice is written; `read_at` is set when the user opens it or marks all as read."""

    user = models.ForeignKey(
        "auth.User", on_delete=models.CASCADE, related_name="notices", verbose_name="người nhận"
    )
    kind = models.CharField("loại", max_length=10, choices=NoticeKind.choices)
    report = models.ForeignKey(
        "tasks.ProgressReport",
        on_delete=models.CASCADE,
        related_name="notices",
        verbose_name="báo cáo",
    )
    text = models.CharField("nội dung", max_length=500)
    created_at = models.DateTimeField("tạo lúc", default=timezone.now)
    read_at = models.DateTimeField("đọc lúc", null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "thông báo"
        verbose_name_plural = "thông báo"
        indexes = [
            # The header's unread count: only unread rows are indexed.
            models.Index(
                fields=["user"], condition=Q(read_at__isnull=True), name="tasks_notice_unread"
            ),
            # The notice list, newest first.
            models.Index(fields=["user", "-created_at", "-id"], name="tasks_notice_user_list"),
        ]

    def __str__(self):
        return f"{self.user} {self.get_kind_display()}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None
