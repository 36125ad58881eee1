"""State changes of indicator actuals: entering the value a target reached in a period."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404

from indicators.models import Indicator, IndicatorActual, Unit
from plans.access import (
    ROLE_AGENCY,
    ROLE_OFFICE,
    ROLE_SUPERUSER,
    can_read_unit,
    role_of,
    user_agency,
    user_unit_id,
)
from plans.periods import Period

NOTE_MAX = 2000
SOURCE_MAX = 255
# IndicatorActual.value is DecimalField(max_digits=12, decimal_places=2).
VALUE_MAX_DIGITS = 12
VALUE_DECIMALS = 2


def can_enter_actual(user, indicator: Indicator) -> bool:
    """Superusers, the district's Interior Office staff, and the head of the responsible agency."""
    role = role_of(user)
    if role == ROLE_SUPERUSER:
        return True
    if role == ROLE_OFFICE:
        return user_unit_id(user) == indicator.plan.unit_id
    if role == ROLE_AGENCY and indicator.responsible_id is not None:
        agency = user_agency(user)
        return agency is not None and agency.pk == indicator.responsible_id
    return False


def check_can_enter_actual(user, indicator: Indicator) -> None:
    """Raise 404 when the indicator is outside the user's scope, 403 when they may only read."""
    if can_enter_actual(user, indicator):
        return
    if can_read_unit(user, indicator.plan.unit_id):
        raise PermissionDenied
    raise Http404


def parse_value(raw) -> Decimal:
    """Read a value typed by a person ("95", "9,5", " 9.5 "); raise ValidationError otherwise."""
    if isinstance(raw, Decimal | int):
        number = Decimal(raw)
    else:
        text = str(raw if raw is not None else "").strip().replace(" ", "")
        if not text:
            raise ValidationError("Vui lòng nhập giá trị đạt được.")
        if "," in text and "." not in text:
            text = text.replace(",", ".")  # Vietnamese decimal comma: 9,5
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ValidationError("Giá trị phải là một số, ví dụ 95 hoặc 9,5.") from None
    if not number.is_finite():
        raise ValidationError("Giá trị phải là một số, ví dụ 95 hoặc 9,5.")
    return number


def validate_actual_values(*, indicator: Indicator, period, value, note, source) -> dict:
    """Check an actual's values; return them cleaned or raise ValidationError by field."""
    errors: dict[str, list[str]] = {}
    number = None
    try:
        number = parse_value(value)
    except ValidationError as exc:
        errors["value"] = exc.messages
    if number is not None:
        if number < 0:
            errors.setdefault("value", []).append("Giá trị không được là số âm.")
        elif indicator.unit == Unit.PERCENT and number > 100:
            errors.setdefault("value", []).append("Tỷ lệ phần trăm không được lớn hơn 100%.")
        elif -number.normalize().as_tuple().exponent > VALUE_DECIMALS:
            errors.setdefault("value", []).append(
                f"Giá trị chỉ được có tối đa {VALUE_DECIMALS} chữ số thập phân."
            )
        elif number >= Decimal(10) ** (VALUE_MAX_DIGITS - VALUE_DECIMALS):
            errors.setdefault("value", []).append("Giá trị quá lớn.")
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        errors["note"] = [f"Ghi chú tối đa {NOTE_MAX} ký tự (hiện có {len(note)})."]
    source = (source or "").strip()
    if len(source) > SOURCE_MAX:
        errors["source"] = [f"Nguồn số liệu tối đa {SOURCE_MAX} ký tự (hiện có {len(source)})."]
    plan = indicator.plan
    if not isinstance(period, Period) or period.year not in plan.years:
        errors[NON_FIELD_ERRORS] = [
            f"Kỳ báo cáo phải thuộc thời gian của kế hoạch ({plan.period_label})."
        ]
    if errors:
        raise ValidationError(errors)
    return {"value": number, "note": note, "source": source}


@transaction.atomic
def actual_save(
    *, user, indicator: Indicator, period: Period, value, note: str = "", source: str = ""
) -> IndicatorActual:
    """Record the value `indicator` reached in `period`, replacing any earlier entry for it.

    Side effects: access check (404 outside the user's scope, 403 for read-only roles);
    validation (value a number ≥ 0, ≤ 100 for a percentage; note and source lengths; period
    within the plan), nothing saved on error; creates or updates the one row of the
    (indicator, period) with `entered_by=user` (`entered_at` is set on every save); a history
    entry with the user.
    """
    check_can_enter_actual(user, indicator)
    values = validate_actual_values(
        indicator=indicator, period=period, value=value, note=note, source=source
    )
    actual = (
        IndicatorActual.objects.select_for_update()
        .filter(indicator=indicator, year=period.year, quarter=period.quarter)
        .first()
    ) or IndicatorActual(indicator=indicator, year=period.year, quarter=period.quarter)
    actual.value = values["value"]
    actual.note = values["note"]
    actual.source = values["source"]
    actual.entered_by = user
    actual.full_clean()
    actual._history_user = user  # recorded in the history even outside a request
    actual.save()
    return actual
