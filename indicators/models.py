from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from indicators.targets import base_year_of
from plans.models import Agency, Plan, PlanArea


class Comparator(models.TextChoices):
    # Values are those produced by indicators.targets.parse_targets.
    GTE = "gte", "≥ (từ … trở lên)"
    GT = "gt", "> (trên)"
    LTE = "lte", "≤ (không quá)"
    LT = "lt", "< (dưới)"
    EQ = "eq", "= (đạt đúng)"
    TOP = "top", "Trong nhóm N đứng đầu"
    INCREASE = "increase", "Tăng so với năm trước"
    REDUCTION = "reduction", "Giảm ít nhất …% so với năm gốc"
    TEXT = "text", "Mô tả (không định lượng)"


class Unit(models.TextChoices):
    PERCENT = "percent", "%"
    POINTS = "points", "điểm"
    COUNT = "count", "số lượng"
    RANK = "rank", "thứ hạng"
    TEXT = "text", "mô tả"


# Comparators that need no target value.
VALUELESS_COMPARATORS = (Comparator.INCREASE, Comparator.TEXT)


class Indicator(models.Model):
    """A target (chỉ tiêu) of a plan, verbatim, with its parsed comparator and value.

    A statement with several figures ("80% …, 70% …") is stored as several indicators sharing
    `code` and `statement`, numbered by `part`, each with its own `clause`.

    A `reduction` ("giảm 10% … so với năm 2021") has the minimum reduction in percent as
    `target_value` and the year it is measured against as `base_year`; its actuals and
    `baseline` (the base year's value, when known) are plain amounts in `unit`. A reduction
    saved without a base year takes the one its clause (or single-part statement) names.
    """

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="indicators", verbose_name="kế hoạch"
    )
    area = models.ForeignKey(
        PlanArea,
        # RESTRICT: an area with targets cannot be deleted alone, but goes with its plan.
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name="lĩnh vực",
    )
    code = models.CharField("số thứ tự", max_length=20)
    part = models.PositiveSmallIntegerField("phần", default=1)
    order = models.PositiveIntegerField("thứ tự")
    statement = models.TextField("chỉ tiêu (nguyên văn)")
    clause = models.TextField("vế chứa số liệu", blank=True)
    subject = models.CharField("nội dung đo", max_length=120, blank=True)
    unit = models.CharField("đơn vị", max_length=10, choices=Unit.choices, default=Unit.TEXT)
    comparator = models.CharField(
        "so sánh", max_length=10, choices=Comparator.choices, default=Comparator.TEXT
    )
    target_value = models.DecimalField(
        "giá trị chỉ tiêu", max_digits=12, decimal_places=2, null=True, blank=True
    )
    max_value = models.DecimalField(
        "giá trị tối đa", max_digits=12, decimal_places=2, null=True, blank=True
    )
    baseline = models.DecimalField(
        "giá trị cơ sở", max_digits=12, decimal_places=2, null=True, blank=True
    )
    base_year = models.PositiveSmallIntegerField(
        "năm gốc",
        null=True,
        blank=True,
        help_text="Năm được so sánh của chỉ tiêu giảm (ví dụ “giảm 10% so với năm 2021”: 2021).",
    )
    responsible = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name="cơ quan chịu trách nhiệm",
    )

    history = HistoricalRecords(verbose_name="lịch sử chỉ tiêu")

    class Meta:
        ordering = ["plan", "order", "part"]
        verbose_name = "chỉ tiêu"
        verbose_name_plural = "chỉ tiêu"
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "code", "part"], name="indicators_indicator_unique_code_part"
            ),
            models.CheckConstraint(
                condition=Q(target_value__isnull=True) | Q(target_value__gte=0),
                name="indicators_indicator_target_not_negative",
                violation_error_message="Giá trị chỉ tiêu không được là số âm.",
            ),
            models.CheckConstraint(
                condition=Q(comparator__in=VALUELESS_COMPARATORS) | Q(target_value__isnull=False),
                name="indicators_indicator_value_required",
            ),
            models.CheckConstraint(
                condition=Q(comparator__in=Comparator.values), name="indicators_comparator_valid"
            ),
            models.CheckConstraint(
                condition=Q(unit__in=Unit.values), name="indicators_indicator_unit_valid"
            ),
            models.CheckConstraint(
                condition=Q(base_year__isnull=True) | Q(base_year__gte=1900, base_year__lte=2100),
                name="indicators_indicator_base_year_range",
                violation_error_message="Năm gốc phải là một năm từ 1900 đến 2100.",
            ),
        ]

    def __str__(self):
        return f"{self.display_code}. {self.short_statement}"

    def save(self, *args, **kwargs):
        if self.comparator == Comparator.REDUCTION and self.base_year is None:
            # the clause when the statement has several parts, else the whole statement
            self.base_year = base_year_of(self.clause or self.statement)
        super().save(*args, **kwargs)

    @property
    def display_code(self) -> str:
        return (
            self.code if self.part == 1 and not self.clause_differs else f"{self.code}.{self.part}"
        )

    @property
    def clause_differs(self) -> bool:
        return bool(self.clause) and self.clause != self.statement

    @property
    def short_statement(self) -> str:
        text = " ".join((self.clause or self.statement).split())
        return text if len(text) <= 90 else text[:89].rstrip() + "…"


class IndicatorActual(models.Model):
    """The value an indicator actually reached by the end of a period."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="actuals", verbose_name="chỉ tiêu"
    )
    year = models.PositiveSmallIntegerField("năm")
    quarter = models.PositiveSmallIntegerField("quý")
    value = models.DecimalField("giá trị đạt được", max_digits=12, decimal_places=2)
    note = models.TextField("ghi chú", blank=True, max_length=2000)
    source = models.CharField(
        "nguồn số liệu", max_length=255, blank=True, help_text="Ví dụ: Báo cáo số 15/BC-UBND."
    )
    entered_by = models.ForeignKey(
        "auth.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người nhập",
    )
    entered_at = models.DateTimeField("nhập lúc", auto_now=True)

    history = HistoricalRecords(verbose_name="lịch sử kết quả chỉ tiêu")

    class Meta:
        ordering = ["indicator", "-year", "-quarter"]
        verbose_name = "kết quả chỉ tiêu"
        verbose_name_plural = "kết quả chỉ tiêu"
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year", "quarter"], name="indicators_actual_one_per_period"
            ),
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4), name="indicators_actual_quarter"
            ),
            models.CheckConstraint(
                condition=Q(value__gte=0), name="indicators_actual_value_not_negative"
            ),
        ]

    def __str__(self):
        return f"{self.indicator.display_code}: {self.value} (Quý {self.quarter}/{self.year})"


# The PAR Index self-assessment lives in its own room (indicators/par/); its models belong to
# this app.
from indicators.par.models import (  # noqa: E402, F401
    Assessment,
    AssessmentItem,
    CriteriaSet,
    Criterion,
    Evidence,
)
