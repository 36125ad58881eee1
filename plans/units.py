"""Administrative units: who owns a plan, at every level of government.

Until 30 June 2025 Vietnam had three levels of local government: provinces and centrally-run
cities, districts (huyện, thị xã, quận, thành phố thuộc tỉnh) and communes (xã, phường, thị
trấn). Since 1 July 2025 there are two: 34 provinces and cities and 3,321 commune-level units
(xã, phường, đặc khu); districts remain only as the owners of the plans of their years. A
district or commune belongs to a province (its `parent`).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from plans.text import NormalizedNames


class UnitLevel(models.TextChoices):
    PROVINCE = "province", "Cấp tỉnh"
    DISTRICT = "district", "Cấp huyện (đến 30/6/2025)"
    COMMUNE = "commune", "Cấp xã"


class UnitType(models.TextChoices):
    """The word written before the name ("huyện Thanh Oai"); it decides the level."""

    PROVINCE = "tinh", "Tỉnh"
    CITY = "thanh_pho_tw", "Thành phố trực thuộc trung ương"
    DISTRICT = "huyen", "Huyện"
    TOWN = "thi_xa", "Thị xã"
    URBAN_DISTRICT = "quan", "Quận"
    PROVINCIAL_CITY = "thanh_pho", "Thành phố thuộc tỉnh"
    COMMUNE = "xa", "Xã"
    WARD = "phuong", "Phường"
    TOWNSHIP = "thi_tran", "Thị trấn"
    SPECIAL_ZONE = "dac_khu", "Đặc khu"


# How each type is written before the name, and its level.
TYPE_WORD = {
    UnitType.PROVINCE: "tỉnh",
    UnitType.CITY: "thành phố",
    UnitType.DISTRICT: "huyện",
    UnitType.TOWN: "thị xã",
    UnitType.URBAN_DISTRICT: "quận",
    UnitType.PROVINCIAL_CITY: "thành phố",
    UnitType.COMMUNE: "xã",
    UnitType.WARD: "phường",
    UnitType.TOWNSHIP: "thị trấn",
    UnitType.SPECIAL_ZONE: "đặc khu",
}
TYPE_LEVEL = {
    UnitType.PROVINCE: UnitLevel.PROVINCE,
    UnitType.CITY: UnitLevel.PROVINCE,
    UnitType.DISTRICT: UnitLevel.DISTRICT,
    UnitType.TOWN: UnitLevel.DISTRICT,
    UnitType.URBAN_DISTRICT: UnitLevel.DISTRICT,
    UnitType.PROVINCIAL_CITY: UnitLevel.DISTRICT,
    UnitType.COMMUNE: UnitLevel.COMMUNE,
    UnitType.WARD: UnitLevel.COMMUNE,
    UnitType.TOWNSHIP: UnitLevel.COMMUNE,
    UnitType.SPECIAL_ZONE: UnitLevel.COMMUNE,
}
# Centrally-run cities (thành phố trực thuộc trung ương), as plans write their names.
CENTRAL_CITIES = {"Hà Nội", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Huế"}


def _level_matches_type() -> Q:
    condition = Q()
    for level in UnitLevel.values:
        types = [t for t, lv in TYPE_LEVEL.items() if lv == level]
        condition |= Q(level=level, unit_type__in=types)
    return condition


class AdministrativeUnit(NormalizedNames, models.Model):
    """A province, a (historical) district or a commune: the owner of plans, agencies and
    users' scope."""

    name = models.CharField("tên", max_length=100, help_text="Không kèm loại: “Thanh Oai”.")
    unit_type = models.CharField("loại đơn vị", max_length=14, choices=UnitType.choices)
    level = models.CharField("cấp", max_length=10, choices=UnitLevel.choices, editable=False)
    short_name = models.CharField(
        "tên viết tắt", max_length=60, blank=True, help_text="Ví dụ “H. Thanh Oai”, “TP. Hà Nội”."
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name="thuộc tỉnh, thành phố",
    )
    slug = models.SlugField("mã", max_length=60, unique=True)

    normalized_fields = ("name", "short_name")  # plans.text

    class Meta:
        ordering = ["name", "slug"]
        verbose_name = "đơn vị hành chính"
        verbose_name_plural = "đơn vị hành chính"
        constraints = [
            models.CheckConstraint(
                condition=_level_matches_type(), name="plans_unit_level_matches_type"
            ),
            models.CheckConstraint(
                condition=Q(level=UnitLevel.PROVINCE, parent__isnull=True)
                | ~Q(level=UnitLevel.PROVINCE),
                name="plans_unit_province_has_no_parent",
            ),
            models.CheckConstraint(
                condition=~Q(parent=models.F("id")), name="plans_unit_not_own_parent"
            ),
        ]

    def __str__(self):
        if self.parent_id is None:
            return self.full_name
        return f"{self.full_name} ({self.parent.full_name})"

    def save(self, *args, **kwargs):
        self.level = TYPE_LEVEL.get(self.unit_type, self.level)
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        self.level = TYPE_LEVEL.get(self.unit_type, self.level)
        if self.level == UnitLevel.PROVINCE and self.parent_id is not None:
            raise ValidationError({"parent": "Tỉnh, thành phố không thuộc đơn vị nào khác."})
        if self.level != UnitLevel.PROVINCE:
            if self.parent_id is None:
                raise ValidationError({"parent": "Đơn vị cấp huyện, cấp xã phải thuộc một tỉnh."})
            if self.parent.level != UnitLevel.PROVINCE:
                raise ValidationError(
                    {"parent": "Đơn vị cấp trên phải là tỉnh hoặc thành phố trực thuộc trung ương."}
                )

    @property
    def type_word(self) -> str:
        return TYPE_WORD[self.unit_type]

    @property
    def full_name(self) -> str:
        """ "huyện Thanh Oai", "thành phố Hà Nội", "xã Bình Minh" """
        return f"{self.type_word} {self.name}"

    @property
    def title_name(self) -> str:
        """ "Huyện Thanh Oai" """
        return self.full_name[:1].upper() + self.full_name[1:]

    @property
    def committee(self) -> str:
        """ "UBND huyện Thanh Oai": the People's Committee as documents cite it."""
        return f"UBND {self.full_name}"

    @property
    def committee_lines(self) -> tuple[str, str]:
        """The issuing body in a Decree 30 header: ("ỦY BAN NHÂN DÂN", "HUYỆN THANH OAI")."""
        return ("ỦY BAN NHÂN DÂN", self.full_name.upper())

    @property
    def province(self) -> AdministrativeUnit | None:
        return self if self.level == UnitLevel.PROVINCE else self.parent


# --- units in plan documents (tasks.interchange) ----------------------------------------
# Version 2 of the plan JSON names the plan's unit with its type, level and province:
#   "unit": {"slug": "thanh-oai", "name": "Thanh Oai", "type": "huyen", "level": "district",
#            "parent": {"slug": "ha-noi", "name": "Hà Nội", "type": "thanh_pho_tw",
#                       "level": "province", "parent": null}}
# Version 1 named a district and its province as text; it is read as a district of that province.

UNIT_KEYS = {"slug", "name", "type", "level", "parent"}


def _slug(name: str) -> str:
    from django.utils.text import slugify

    return slugify(name.replace("đ", "d").replace("Đ", "D")) or "don-vi"


def unit_spec_from_district(district: dict) -> dict:
    """A version-1 "district" object as a version-2 "unit" object."""
    province = str(district.get("province", "")).strip()
    return {
        "slug": district.get("slug"),
        "name": district.get("name"),
        "type": UnitType.DISTRICT,
        "level": UnitLevel.DISTRICT,
        "parent": {
            "slug": _slug(province),
            "name": province,
            "type": UnitType.CITY if province in CENTRAL_CITIES else UnitType.PROVINCE,
            "level": UnitLevel.PROVINCE,
            "parent": None,
        },
    }


def validate_unit_spec(spec, where: str, errors: list[str]) -> None:
    """Vietnamese messages for every problem of a document's "unit" object."""
    if not isinstance(spec, dict):
        errors.append(f"{where}: phải là một đối tượng JSON.")
        return
    for key in spec.keys() - UNIT_KEYS:
        errors.append(f"{where}: khóa không hợp lệ “{key}”.")
    for key in ("slug", "name", "type", "level"):
        if not isinstance(spec.get(key), str) or not spec.get(key, "").strip():
            errors.append(f"{where}: thiếu hoặc sai kiểu “{key}”.")
    level, unit_type = spec.get("level"), spec.get("type")
    if isinstance(level, str) and level not in UnitLevel.values:
        errors.append(
            f"{where}: cấp đơn vị “{level}” không hợp lệ (chỉ nhận province, district, commune)."
        )
        return
    if isinstance(unit_type, str) and unit_type not in UnitType.values:
        errors.append(f"{where}: loại đơn vị “{unit_type}” không hợp lệ.")
        return
    if unit_type in UnitType.values and TYPE_LEVEL[unit_type] != level:
        errors.append(f"{where}: loại “{unit_type}” không thuộc cấp “{level}”.")
    parent = spec.get("parent")
    if level == UnitLevel.PROVINCE:
        if parent is not None:
            errors.append(f"{where}: tỉnh, thành phố không thuộc đơn vị nào khác.")
        return
    if parent is None:
        errors.append(f"{where}: đơn vị cấp huyện, cấp xã phải thuộc một tỉnh, thành phố.")
        return
    validate_unit_spec(parent, f"{where} (cấp trên)", errors)
    if isinstance(parent, dict) and parent.get("level") != UnitLevel.PROVINCE:
        errors.append(
            f"{where}: đơn vị cấp trên phải là tỉnh hoặc thành phố trực thuộc trung ương."
        )


def upsert_unit(spec: dict) -> AdministrativeUnit:
    """The unit a (validated) "unit" object names, created or updated by slug."""
    parent = upsert_unit(spec["parent"]) if spec.get("parent") else None
    unit, _ = AdministrativeUnit.objects.update_or_create(
        slug=spec["slug"],
        defaults={"name": spec["name"], "unit_type": spec["type"], "parent": parent},
    )
    return unit


def unit_spec(unit: AdministrativeUnit) -> dict:
    return {
        "slug": unit.slug,
        "name": unit.name,
        "type": unit.unit_type,
        "level": unit.level,
        "parent": unit_spec(unit.parent) if unit.parent_id else None,
    }
