"""The office's edition of a quarterly report: the signed document's frame and narrative.

Imported by `tasks.models` so that Django finds the model in the `tasks` app.
"""

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from plans.models import Plan


class EditionState(models.TextChoices):
    DRAFT = "draft", "Dự thảo"
    FINAL = "final", "Đã chốt"


class ReportEdition(models.Model):
    """ "Báo cáo kết quả thực hiện công tác CCHC" of one plan for one period, as the office
    edits it. Text fields hold plain text, one paragraph or list item per line. Finalising
    ("Chốt báo cáo") stores the numbers and the generated files, so a sent report downloads
    identically later whatever happens to the live data."""

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="editions", verbose_name="kế hoạch"
    )
    year = models.PositiveSmallIntegerField("năm")
    quarter = models.PositiveSmallIntegerField("quý")
    number = models.CharField(
        "số văn bản",
        max_length=40,
        blank=True,
        help_text="Ví dụ 125/BC-UBND; để trống khi chưa cấp số.",
    )
    doc_date = models.DateField("ngày ban hành", null=True, blank=True)
    place = models.CharField("địa danh", max_length=100)
    parent_body = models.CharField("cơ quan chủ quản", max_length=255, blank=True)
    issuing_body = models.TextField("cơ quan ban hành (mỗi dòng một dòng in)")
    issuing_body_short = models.CharField("tên cơ quan khi trích dẫn", max_length=255)
    subject = models.CharField("trích yếu", max_length=500)
    recipients = models.TextField("kính gửi", blank=True)
    distribution = models.TextField("nơi nhận", blank=True)
    signer_lines = models.TextField("thẩm quyền ký (mỗi dòng một dòng in)")
    signer_name = models.CharField("người ký", max_length=120, blank=True)
    direction = models.TextField("I. Công tác chỉ đạo, điều hành", blank=True)
    areas = models.JSONField(
        "II. Kết quả theo từng lĩnh vực",
        default=list,
        blank=True,
        help_text="Danh sách {area, heading, text}: một mục cho mỗi lĩnh vực của kế hoạch.",
    )
    achievements = models.TextField("III.1. Kết quả đạt được", blank=True)
    shortcomings = models.TextField("III.2. Tồn tại, hạn chế", blank=True)
    causes = models.TextField("III.3. Nguyên nhân", blank=True)
    next_steps = models.TextField("IV. Phương hướng, nhiệm vụ quý tới", blank=True)
    proposals = models.TextField("V. Kiến nghị, đề xuất", blank=True)
    state = models.CharField(
        "trạng thái", max_length=8, choices=EditionState.choices, default=EditionState.DRAFT
    )
    finalised_at = models.DateTimeField("chốt lúc", null=True, blank=True)
    finalised_by = models.ForeignKey(
        "auth.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người chốt",
    )
    snapshot = models.JSONField("số liệu lúc chốt", default=dict, blank=True)
    docx_file = models.BinaryField("tệp Word lúc chốt", null=True, blank=True, editable=False)
    xlsx_file = models.BinaryField("tệp Excel lúc chốt", null=True, blank=True, editable=False)
    version = models.PositiveIntegerField("phiên bản", default=1)
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)

    history = HistoricalRecords(
        verbose_name="lịch sử bản báo cáo", excluded_fields=["docx_file", "xlsx_file", "snapshot"]
    )

    class Meta:
        ordering = ["plan", "year", "quarter"]
        verbose_name = "bản báo cáo quý"
        verbose_name_plural = "bản báo cáo quý"
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "year", "quarter"], name="tasks_reportedition_one_per_period"
            ),
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4), name="tasks_reportedition_quarter"
            ),
            models.CheckConstraint(
                condition=Q(state__in=EditionState.values), name="tasks_reportedition_state"
            ),
            models.CheckConstraint(
                condition=Q(state=EditionState.DRAFT) | Q(finalised_at__isnull=False),
                name="tasks_reportedition_final_has_time",
            ),
        ]

    def __str__(self):
        return f"Báo cáo {self.plan.slug} Quý {self.quarter}/{self.year}"

    @property
    def period(self):
        from plans.periods import Period

        return Period(self.year, self.quarter)

    @property
    def is_final(self) -> bool:
        return self.state == EditionState.FINAL
