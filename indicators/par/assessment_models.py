"""A unit's self-assessment against a published criteria set, its items (one per leaf
criterion) and their evidence (docs/par-index.md). Import them from `indicators.par.models`."""

from __future__ import annotations

import os
import uuid

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from indicators.par.models import CriteriaSet, Criterion
from plans.models import Agency, Plan
from plans.units import AdministrativeUnit
from tasks.models import ProgressReport, Task


class AssessmentState(models.TextChoices):
    DRAFT = "draft", "Đang tự đánh giá"
    SUBMITTED = "submitted", "Đã gửi, chờ thẩm định"
    RETURNED = "returned", "Đề nghị giải trình"
    FINALISED = "finalised", "Đã thẩm định"


# States in which the unit may change its self-scores and evidence.
UNIT_EDITABLE = (AssessmentState.DRAFT,)


class Assessment(models.Model):
    """A unit's self-assessment against a published criteria set, and its appraisal.

    draft → submitted → (returned → submitted again)* → finalised. The unit edits only a draft;
    in a clarification round it answers the appraiser's questions. Every change is in history."""

    criteria_set = models.ForeignKey(
        CriteriaSet,
        on_delete=models.PROTECT,
        related_name="assessments",
        verbose_name="bộ tiêu chí",
    )
    unit = models.ForeignKey(
        AdministrativeUnit,
        on_delete=models.PROTECT,
        related_name="par_assessments",
        verbose_name="đơn vị hành chính",
    )
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="par_assessments",
        verbose_name="sở, ban, ngành",
        help_text="Chỉ với bộ tiêu chí cấp sở, ban, ngành.",
    )
    plan = models.ForeignKey(
        Plan,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="par_assessments",
        verbose_name="kế hoạch CCHC dùng để gợi ý",
    )
    state = models.CharField(
        "tình trạng", max_length=10, choices=AssessmentState.choices, default=AssessmentState.DRAFT
    )
    round = models.PositiveSmallIntegerField("lần giải trình", default=0)
    return_note = models.TextField("đề nghị giải trình của Sở Nội vụ", blank=True, max_length=5000)
    answer_note = models.TextField("giải trình của đơn vị", blank=True, max_length=5000)
    conclusion = models.TextField("kết luận thẩm định", blank=True, max_length=5000)
    submitted_at = models.DateTimeField("gửi lúc", null=True, blank=True)
    submitted_by = models.ForeignKey(
        "auth.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người gửi",
    )
    finalised_at = models.DateTimeField("thẩm định xong lúc", null=True, blank=True)
    finalised_by = models.ForeignKey(
        "auth.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người thẩm định",
    )
    version = models.PositiveIntegerField("phiên bản", default=1)
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)

    history = HistoricalRecords(verbose_name="lịch sử bản tự đánh giá")

    class Meta:
        ordering = ["criteria_set", "unit", "agency"]
        verbose_name = "bản tự đánh giá Chỉ số CCHC"
        verbose_name_plural = "bản tự đánh giá Chỉ số CCHC"
        constraints = [
            models.UniqueConstraint(
                fields=["criteria_set", "unit"],
                condition=Q(agency__isnull=True),
                name="par_assessment_one_per_unit",
            ),
            models.UniqueConstraint(
                fields=["criteria_set", "agency"],
                condition=Q(agency__isnull=False),
                name="par_assessment_one_per_agency",
            ),
            models.CheckConstraint(
                condition=Q(state__in=AssessmentState.values), name="par_assessment_state_valid"
            ),
        ]

    def __str__(self):
        return f"Tự đánh giá {self.subject_name} năm {self.criteria_set.year}"

    @property
    def subject_name(self) -> str:
        return self.agency.name if self.agency_id else str(self.unit)


class AssessmentItem(models.Model):
    """One leaf criterion of an assessment: the unit's self-score and explanation, the score
    the plan's work suggests, and the appraiser's score, comment and question."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="items", verbose_name="bản tự đánh giá"
    )
    criterion = models.ForeignKey(
        Criterion, on_delete=models.PROTECT, related_name="items", verbose_name="tiêu chí"
    )
    self_score = models.DecimalField(
        "điểm tự đánh giá", max_digits=6, decimal_places=2, null=True, blank=True
    )
    measured_percent = models.DecimalField(
        "tỷ lệ đạt được (%)", max_digits=5, decimal_places=2, null=True, blank=True
    )
    deductions = models.PositiveSmallIntegerField("số lần bị trừ điểm", null=True, blank=True)
    explanation = models.TextField("giải trình, thuyết minh", blank=True, max_length=5000)
    suggested_score = models.DecimalField(
        "điểm gợi ý", max_digits=6, decimal_places=2, null=True, blank=True, editable=False
    )
    suggestion_note = models.TextField("căn cứ gợi ý", blank=True, editable=False)
    appraised_score = models.DecimalField(
        "điểm thẩm định", max_digits=6, decimal_places=2, null=True, blank=True
    )
    appraisal_comment = models.TextField("ý kiến thẩm định", blank=True, max_length=3000)
    question = models.TextField("nội dung đề nghị giải trình", blank=True, max_length=3000)
    answer = models.TextField("giải trình của đơn vị", blank=True, max_length=3000)
    tasks = models.ManyToManyField(
        Task, blank=True, related_name="par_items", verbose_name="nhiệm vụ tương ứng"
    )

    indicators = models.ManyToManyField(
        "indicators.Indicator",
        blank=True,
        related_name="par_items",
        verbose_name="chỉ tiêu tương ứng",
    )

    history = HistoricalRecords(
        verbose_name="lịch sử điểm tiêu chí", m2m_fields=[tasks, indicators]
    )

    class Meta:
        ordering = ["assessment", "criterion__order"]
        verbose_name = "điểm tiêu chí"
        verbose_name_plural = "điểm tiêu chí"
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "criterion"], name="par_item_one_per_criterion"
            ),
            models.CheckConstraint(
                condition=Q(self_score__isnull=True) | Q(self_score__gte=0),
                name="par_item_self_score_not_negative",
                violation_error_message="Điểm tự đánh giá không được là số âm.",
            ),
            models.CheckConstraint(
                condition=Q(appraised_score__isnull=True) | Q(appraised_score__gte=0),
                name="par_item_appraised_not_negative",
                violation_error_message="Điểm thẩm định không được là số âm.",
            ),
            models.CheckConstraint(
                condition=Q(measured_percent__isnull=True)
                | Q(measured_percent__gte=0, measured_percent__lte=100),
                name="par_item_percent_range",
                violation_error_message="Tỷ lệ đạt được phải từ 0 đến 100%.",
            ),
        ]

    def __str__(self):
        return f"{self.criterion.code}: {self.self_score}"


class EvidenceKind(models.TextChoices):
    FILE = "file", "Tệp đính kèm"
    REPORT = "report", "Báo cáo tiến độ"
    TASK = "task", "Nhiệm vụ của kế hoạch"


def par_evidence_upload_to(instance, filename):
    extension = os.path.splitext(filename)[1].lower()
    return f"par-evidence/{instance.item.assessment_id}/{uuid.uuid4().hex}{extension}"


class Evidence(models.Model):
    """A document backing a self-score (tài liệu kiểm chứng): an uploaded file, or a link to a
    progress report (and its evidence file) or to a task of the plan already in the system."""

    item = models.ForeignKey(
        AssessmentItem, on_delete=models.CASCADE, related_name="evidence", verbose_name="tiêu chí"
    )
    kind = models.CharField("loại", max_length=6, choices=EvidenceKind.choices)
    title = models.CharField("tên tài liệu", max_length=500, blank=True)
    file = models.FileField("tệp", upload_to=par_evidence_upload_to, blank=True, max_length=255)
    report = models.ForeignKey(
        ProgressReport,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="par_evidence",
        verbose_name="báo cáo tiến độ",
    )
    task = models.ForeignKey(
        Task,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="par_evidence",
        verbose_name="nhiệm vụ",
    )
    added_by = models.ForeignKey(
        "auth.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người thêm",
    )
    added_at = models.DateTimeField("thêm lúc", auto_now_add=True)

    history = HistoricalRecords(verbose_name="lịch sử tài liệu kiểm chứng")

    class Meta:
        ordering = ["item", "pk"]
        verbose_name = "tài liệu kiểm chứng"
        verbose_name_plural = "tài liệu kiểm chứng"
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind=EvidenceKind.FILE, report__isnull=True, task__isnull=True) & ~Q(file="")
                )
                | Q(kind=EvidenceKind.REPORT, report__isnull=False, task__isnull=True, file="")
                | Q(kind=EvidenceKind.TASK, task__isnull=False, report__isnull=True, file=""),
                name="par_evidence_one_target",
            ),
        ]

    def __str__(self):
        return self.title or self.get_kind_display()
