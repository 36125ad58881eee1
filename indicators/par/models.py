"""Criteria sets and their criteria (docs/par-index.md); the assessments made against them are
in `assessment_models`, re-exported here so that every model is imported from this module."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from plans.models import ReformArea
from plans.units import AdministrativeUnit


class SetLevel(models.TextChoices):
    DEPARTMENT = "department", "Sở, ban, ngành cấp tỉnh"
    DISTRICT = "district", "Cấp huyện"
    COMMUNE = "commune", "Cấp xã"


class SetStatus(models.TextChoices):
    DRAFT = "draft", "Dự thảo (đang soạn)"
    PUBLISHED = "published", "Đã ban hành"


PUBLISHED_SET_MESSAGE = (
    "Bộ tiêu chí đã ban hành nên không thể sửa. Muốn thay đổi, hãy nhập một phiên bản mới."
)


class CriteriaSet(models.Model):
    """A province's PAR Index criteria for one year and one level of unit, in versions.

    Editable while a draft; read-only once published (assessments are made against it)."""

    province = models.ForeignKey(
        AdministrativeUnit,
        on_delete=models.PROTECT,
        related_name="criteria_sets",
        verbose_name="tỉnh, thành phố",
    )
    year = models.PositiveSmallIntegerField("năm đánh giá")
    level = models.CharField("cấp đơn vị được đánh giá", max_length=12, choices=SetLevel.choices)
    version = models.PositiveSmallIntegerField("phiên bản", default=1)
    title = models.CharField("tên bộ tiêu chí", max_length=300)
    source = models.CharField(
        "văn bản ban hành", max_length=255, blank=True, help_text="Ví dụ: Quyết định số …/QĐ-UBND."
    )
    note = models.TextField("ghi chú", blank=True, max_length=3000)
    grade_bands = models.CharField(
        "xếp loại theo tỷ lệ điểm",
        max_length=255,
        blank=True,
        help_text="Mỗi mức: tên và tỷ lệ điểm tối thiểu (%), cách nhau bằng dấu “;”. "
        "Ví dụ: Tốt: 80; Khá: 65; Trung bình: 50; Yếu: 0.",
    )
    status = models.CharField(
        "tình trạng", max_length=10, choices=SetStatus.choices, default=SetStatus.DRAFT
    )
    published_at = models.DateTimeField("ban hành lúc", null=True, blank=True)
    ranking_published_at = models.DateTimeField("công bố kết quả lúc", null=True, blank=True)

    history = HistoricalRecords(verbose_name="lịch sử bộ tiêu chí")

    class Meta:
        ordering = ["province", "-year", "level", "-version"]
        verbose_name = "bộ tiêu chí Chỉ số CCHC"
        verbose_name_plural = "bộ tiêu chí Chỉ số CCHC"
        constraints = [
            models.UniqueConstraint(
                fields=["province", "year", "level", "version"], name="par_set_unique_version"
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100), name="par_set_year_range"
            ),
            models.CheckConstraint(
                condition=Q(status__in=SetStatus.values), name="par_set_status_valid"
            ),
        ]

    def __str__(self):
        return f"{self.title} (phiên bản {self.version})"

    @property
    def is_published(self) -> bool:
        return self.status == SetStatus.PUBLISHED

    @property
    def ranking_published(self) -> bool:
        return self.ranking_published_at is not None


class CriterionLevel(models.TextChoices):
    AREA = "area", "Lĩnh vực"
    CRITERION = "criterion", "Tiêu chí"
    SUB = "sub", "Tiêu chí thành phần"


class ScoringRule(models.TextChoices):
    SUM = "sum", "Cộng điểm các tiêu chí con"
    YES_NO = "yes_no", "Đạt / không đạt (điểm tối đa hoặc 0)"
    PERCENT = "percent", "Theo tỷ lệ % đạt được"
    STEPS = "steps", "Theo mức điểm"
    DEDUCTION = "deduction", "Trừ điểm theo số lần vi phạm"
    SURVEY = "survey", "Điều tra xã hội học (Sở Nội vụ nhập kết quả)"


class Criterion(models.Model):
    """An area, criterion or sub-criterion of a set. Leaves carry the scoring rule; a parent's
    score is the sum of its children's (rule `sum`). A missing maximum means “to be filled”: the
    set cannot be published until every leaf has one."""

    criteria_set = models.ForeignKey(
        CriteriaSet, on_delete=models.CASCADE, related_name="criteria", verbose_name="bộ tiêu chí"
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name="thuộc",
    )
    code = models.CharField("số thứ tự", max_length=20, help_text="Ví dụ: 1, 1.3, 1.3.1.")
    title = models.TextField("nội dung", max_length=2000)
    level = models.CharField("cấp", max_length=10, choices=CriterionLevel.choices)
    order = models.PositiveIntegerField("thứ tự")
    max_score = models.DecimalField(
        "điểm tối đa",
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Để trống nếu chưa có: tiêu chí được đánh dấu “cần bổ sung”.",
    )
    rule = models.CharField(
        "cách chấm", max_length=10, choices=ScoringRule.choices, default=ScoringRule.YES_NO
    )
    steps = models.CharField(
        "các mức điểm",
        max_length=120,
        blank=True,
        help_text="Với cách chấm theo mức: các mức cách nhau bằng dấu “;”, ví dụ 1; 0,5; 0.",
    )
    deduction = models.DecimalField(
        "điểm trừ mỗi lần", max_digits=6, decimal_places=2, null=True, blank=True
    )
    target = models.TextField("chỉ tiêu đạt được", blank=True, max_length=3000)
    evidence_expected = models.TextField("tài liệu kiểm chứng cần có", blank=True, max_length=3000)
    task_codes = models.CharField(
        "nhiệm vụ của kế hoạch tương ứng",
        max_length=255,
        blank=True,
        help_text="Số thứ tự các nhiệm vụ trong kế hoạch của đơn vị, cách nhau bằng dấu “;”. "
        "Để trống: nhiệm vụ cùng số thứ tự với tiêu chí.",
    )
    reform_area = models.ForeignKey(
        ReformArea,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="lĩnh vực CCHC tương ứng",
        help_text="Với lĩnh vực: để so với điểm phấn đấu của kế hoạch.",
    )

    history = HistoricalRecords(verbose_name="lịch sử tiêu chí")

    class Meta:
        ordering = ["criteria_set", "order"]
        verbose_name = "tiêu chí"
        verbose_name_plural = "tiêu chí"
        constraints = [
            models.UniqueConstraint(fields=["criteria_set", "code"], name="par_criterion_code"),
            models.CheckConstraint(
                condition=Q(max_score__isnull=True) | Q(max_score__gte=0),
                name="par_criterion_max_not_negative",
                violation_error_message="Điểm tối đa không được là số âm.",
            ),
            models.CheckConstraint(
                condition=Q(deduction__isnull=True) | Q(deduction__gt=0),
                name="par_criterion_deduction_positive",
                violation_error_message="Điểm trừ mỗi lần phải lớn hơn 0.",
            ),
            models.CheckConstraint(
                condition=Q(rule__in=ScoringRule.values), name="par_criterion_rule_valid"
            ),
            models.CheckConstraint(
                condition=Q(level__in=CriterionLevel.values), name="par_criterion_level_valid"
            ),
        ]

    def __str__(self):
        return f"{self.code}. {self.short_title}"

    def save(self, *args, **kwargs):
        self._guard()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._guard()
        return super().delete(*args, **kwargs)

    @property
    def short_title(self) -> str:
        text = " ".join(self.title.split())
        return text if len(text) <= 90 else text[:89].rstrip() + "…"

    @property
    def is_leaf(self) -> bool:
        return self.rule != ScoringRule.SUM

    def _guard(self):
        published = CriteriaSet.objects.filter(
            pk=self.criteria_set_id, status=SetStatus.PUBLISHED
        ).exists()
        if published:
            raise ValidationError(PUBLISHED_SET_MESSAGE)


from indicators.par.assessment_models import (  # noqa: E402  (they refer to the models above)
    UNIT_EDITABLE,
    Assessment,
    AssessmentItem,
    AssessmentState,
    Evidence,
    EvidenceKind,
    par_evidence_upload_to,
)

__all__ = [
    "PUBLISHED_SET_MESSAGE",
    "UNIT_EDITABLE",
    "Assessment",
    "AssessmentItem",
    "AssessmentState",
    "CriteriaSet",
    "Criterion",
    "CriterionLevel",
    "Evidence",
    "EvidenceKind",
    "ScoringRule",
    "SetLevel",
    "SetStatus",
    "par_evidence_upload_to",
]
