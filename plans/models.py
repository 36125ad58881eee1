import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from plans.agency_names import normalize_agency_name
from plans.periods import CUTOFF_DECREE_09, CUTOFF_QUARTER_END, Period
from plans.search import SearchText, SearchTextManager
from plans.text import NormalizedNames
from plans.units import AdministrativeUnit, UnitLevel, UnitType  # noqa: F401 (re-exported)


class AgencyKind(models.TextChoices):
    OFFICE = "office", "Cơ quan chuyên môn (sở, phòng, ban, văn phòng)"
    COMMUNE = "commune", "UBND cấp xã (xã, phường, thị trấn, đặc khu)"
    VILLAGE = "village", "Thôn, tổ dân phố"
    GROUP = "group", "Nhóm cơ quan (tập thể)"
    OTHER = "other", "Cơ quan khác"


class Agency(NormalizedNames, SearchText, models.Model):
    """An agency of an administrative unit (a district's office, a commune's office, a village,
    a province's department), or a collective group of them ("UBND các xã, thị trấn").

    `aliases` keeps the other spellings seen in documents; `plans.agency_names` decides which
    written names mean this agency. A group lists in `includes` the kinds of agencies that belong
    to it, so a commune sees the tasks assigned to "UBND các xã, thị trấn".
    """

    unit = models.ForeignKey(
        AdministrativeUnit,
        on_delete=models.PROTECT,
        related_name="agencies",
        verbose_name="đơn vị hành chính",
    )
    name = models.CharField("tên cơ quan", max_length=255)
    short_name = models.CharField("tên viết tắt", max_length=60, blank=True)
    kind = models.CharField("loại", max_length=10, choices=AgencyKind.choices)
    includes = models.JSONField(
        "gồm các loại cơ quan",
        default=list,
        blank=True,
        help_text="Chỉ dùng cho nhóm: các loại cơ quan thuộc nhóm (office, commune).",
    )
    aliases = models.JSONField(
        "cách viết khác",
        default=list,
        blank=True,
        help_text="Các cách viết tên khác gặp trong văn bản.",
    )

    # Look-alike spellings (zero-width characters, decomposed accents) made one (plans.text).
    normalized_fields = ("name", "short_name", "aliases")

    # Folded names (plans.search), kept on save and in bulk writes, for diacritic-free search.
    search_text = models.TextField("nội dung tìm kiếm", blank=True, default="", editable=False)
    search_fields_source = ("name", "short_name", "aliases")

    objects = SearchTextManager()

    class Meta:
        ordering = ["unit__name", "name"]
        verbose_name = "cơ quan"
        verbose_name_plural = "cơ quan, đơn vị"
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "name"], name="plans_agency_unique_name_per_unit"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=AgencyKind.values), name="plans_agency_kind_valid"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def label(self) -> str:
        return self.short_name or self.name

    @property
    def name_key(self) -> str:
        return normalize_agency_name(self.name)


class ReformArea(models.Model):
    """One of the eight canonical reform areas (created by a data migration)."""

    code = models.SlugField("mã", max_length=40, unique=True)
    name = models.CharField("lĩnh vực", max_length=255)
    order = models.PositiveSmallIntegerField("thứ tự", unique=True)

    class Meta:
        ordering = ["order"]
        verbose_name = "lĩnh vực CCHC"
        verbose_name_plural = "lĩnh vực CCHC"

    def __str__(self):
        return self.name


class PlanKind(models.TextChoices):
    ANNUAL = "annual", "Kế hoạch năm"
    MULTI_YEAR = "multi_year", "Kế hoạch nhiều năm"


# The last year districts existed: from 1 July 2025 local government has two levels.
LAST_DISTRICT_YEAR = 2025


class DataCutoff(models.TextChoices):
    QUARTER_END = CUTOFF_QUARTER_END, "Ngày cuối quý"
    DECREE_09 = CUTOFF_DECREE_09, "Ngày 14 của tháng cuối quý (Nghị định 09/2019/NĐ-CP)"


class Plan(models.Model):
    unit = models.ForeignKey(
        AdministrativeUnit,
        on_delete=models.PROTECT,
        related_name="plans",
        verbose_name="đơn vị hành chính",
    )
    slug = models.SlugField("mã kế hoạch", max_length=80, unique=True)
    number = models.CharField(
        "số hiệu", max_length=60, blank=True, help_text="Để trống nếu văn bản chưa ghi số."
    )
    title = models.CharField("trích yếu", max_length=500)
    kind = models.CharField("loại", max_length=12, choices=PlanKind.choices)
    start_year = models.PositiveSmallIntegerField("từ năm")
    end_year = models.PositiveSmallIntegerField("đến năm")
    issue_date = models.DateField("ngày ban hành", null=True, blank=True)
    issuer = models.CharField("cơ quan ban hành", max_length=255, blank=True)
    signer = models.CharField("người ký", max_length=120, blank=True)
    source_document = models.CharField("văn bản gốc", max_length=255, blank=True)
    notes = models.TextField("ghi chú", blank=True)
    report_due_day = models.PositiveSmallIntegerField(
        "hạn gửi báo cáo quý (ngày của tháng cuối quý)",
        null=True,
        blank=True,
        help_text=(
            "Ví dụ 10 nếu kế hoạch yêu cầu gửi báo cáo trước ngày 10/3, 10/6, 10/9, 10/12. "
            "Để trống: hạn là ngày cuối quý."
        ),
    )
    data_cutoff = models.CharField(
        "ngày chốt số liệu",
        max_length=12,
        choices=DataCutoff.choices,
        default=DataCutoff.QUARTER_END,
        help_text=(
            "Báo cáo kỳ nào chỉ tính kết quả đến hết ngày này. Khác với hạn gửi báo cáo của "
            "các cơ quan."
        ),
    )

    history = HistoricalRecords(verbose_name="lịch sử kế hoạch")

    class Meta:
        ordering = ["-start_year", "unit__name", "slug"]
        verbose_name = "kế hoạch"
        verbose_name_plural = "kế hoạch CCHC"
        constraints = [
            models.CheckConstraint(
                condition=Q(start_year__lte=F("end_year")), name="plans_plan_start_before_end"
            ),
            models.CheckConstraint(
                condition=Q(start_year__gte=2000, end_year__lte=2100),
                name="plans_plan_years_plausible",
            ),
            models.CheckConstraint(
                condition=Q(report_due_day__isnull=True)
                | Q(report_due_day__gte=1, report_due_day__lte=28),
                name="plans_plan_report_due_day_range",
            ),
            models.CheckConstraint(
                condition=Q(data_cutoff__in=DataCutoff.values),
                name="plans_plan_data_cutoff_valid",
            ),
            models.CheckConstraint(
                condition=(
                    Q(kind=PlanKind.ANNUAL, start_year=F("end_year"))
                    | Q(kind=PlanKind.MULTI_YEAR, start_year__lt=F("end_year"))
                ),
                name="plans_plan_kind_matches_years",
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.period_label})"

    def clean(self):
        super().clean()
        if (
            self.unit_id is not None
            and self.start_year is not None
            and self.start_year > LAST_DISTRICT_YEAR
            and self.unit.level == UnitLevel.DISTRICT
        ):
            raise ValidationError(
                {
                    "unit": (
                        "Từ ngày 01/7/2025 không còn cấp huyện: kế hoạch từ năm "
                        f"{LAST_DISTRICT_YEAR + 1} thuộc tỉnh hoặc xã "
                        f"({self.unit.full_name} không thể có kế hoạch bắt đầu năm "
                        f"{self.start_year})."
                    )
                }
            )

    @property
    def period_label(self) -> str:
        if self.start_year == self.end_year:
            return str(self.start_year)
        return f"{self.start_year}–{self.end_year}"

    @property
    def number_label(self) -> str:
        return self.number or "(chưa ghi số)"

    @property
    def years(self) -> range:
        return range(self.start_year, self.end_year + 1)

    def cutoff(self, period: Period) -> datetime.date:
        """The date the report of `period` counts to (ngày chốt số liệu)."""
        return period.cutoff(self.data_cutoff)


class PlanArea(NormalizedNames, models.Model):
    """A plan's own heading for a reform area, as written, mapped to the canonical area."""

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="areas", verbose_name="kế hoạch"
    )
    numeral = models.CharField("số thứ tự", max_length=10, help_text="Như văn bản: I, II, 1.")
    heading = models.CharField("tên lĩnh vực trong kế hoạch", max_length=500)
    order = models.PositiveSmallIntegerField("thứ tự")
    reform_area = models.ForeignKey(
        ReformArea, on_delete=models.PROTECT, related_name="plan_areas", verbose_name="lĩnh vực"
    )
    target_statement = models.TextField("chỉ tiêu điểm (nguyên văn)", blank=True)
    target_points = models.DecimalField(
        "điểm phấn đấu", max_digits=6, decimal_places=2, null=True, blank=True
    )
    max_points = models.DecimalField(
        "điểm tối đa", max_digits=6, decimal_places=2, null=True, blank=True
    )

    normalized_fields = ("numeral", "heading")  # plans.text

    history = HistoricalRecords(verbose_name="lịch sử lĩnh vực của kế hoạch")

    class Meta:
        ordering = ["plan", "order"]
        verbose_name = "lĩnh vực của kế hoạch"
        verbose_name_plural = "lĩnh vực của kế hoạch"
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "numeral"], name="plans_planarea_unique_numeral"
            ),
            models.UniqueConstraint(fields=["plan", "order"], name="plans_planarea_unique_order"),
            models.CheckConstraint(
                condition=Q(target_points__isnull=True) | Q(target_points__gte=0),
                name="plans_planarea_target_points_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(target_points__isnull=True)
                | Q(max_points__isnull=True)
                | Q(target_points__lte=F("max_points")),
                name="plans_planarea_target_within_max",
            ),
        ]

    def __str__(self):
        return f"{self.numeral.rstrip('.')}. {self.heading}"


class UserProfile(models.Model):
    """Where a user works: their administrative unit, and for agency heads their agency.

    Interior Office staff and leaders have a unit and no agency; agency heads have both (the
    agency's unit); provincial Home Affairs staff have their province. What a user may do is
    given by their group (see `plans.access`); what they may see is limited to this unit (for
    the province: its own units) and agency.
    """

    user = models.OneToOneField(
        "auth.User", on_delete=models.CASCADE, related_name="profile", verbose_name="người dùng"
    )
    unit = models.ForeignKey(
        AdministrativeUnit,
        on_delete=models.PROTECT,
        related_name="profiles",
        null=True,
        blank=True,
        verbose_name="đơn vị hành chính",
    )
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        related_name="profiles",
        null=True,
        blank=True,
        verbose_name="cơ quan",
    )
    # Set with a temporary password (the admin's user pages); the user is sent to the password
    # change page until they choose their own (plans.first_login).
    must_change_password = models.BooleanField("phải đổi mật khẩu khi đăng nhập", default=False)

    class Meta:
        ordering = ["user__username"]
        verbose_name = "hồ sơ người dùng"
        verbose_name_plural = "hồ sơ người dùng"

    def __str__(self):
        return f"{self.user.username} ({self.agency or self.unit or '—'})"

    def clean(self):
        super().clean()
        if self.agency_id is None:
            return
        if self.unit_id is None:
            unit = self.agency.unit.full_name
            raise ValidationError(
                {"unit": f"Người dùng của “{self.agency.name}” phải thuộc {unit}."}
            )
        if self.agency.unit_id != self.unit_id:
            raise ValidationError(
                {
                    "agency": (
                        f"Cơ quan “{self.agency.name}” thuộc {self.agency.unit.full_name}, "
                        f"không thuộc {self.unit.full_name} của người dùng."
                    )
                }
            )
