"""Changelist filter values checked before the admin's filters see them.

A malformed value in a changelist's query string (a letter where an id is expected, year 0, a
number too large for the database, "0000-Q1") would make a filter raise while the page is built
(a 500). `CheckedFiltersAdmin`, put first in a ModelAdmin's bases, drops every such parameter,
says so in Vietnamese (an admin warning) and shows the list without it.

Field lookups (`plan__id__exact`, `unit__exact`, `issue_date__year`, `initiative__exact`…) are
checked against the model field they reach; the parameters of custom list filters are checked
by `parameter_checks` (parameter name → check of one value), which admins extend.
"""

from __future__ import annotations

import re

from django.contrib import messages
from django.contrib.admin.views.main import IGNORED_PARAMS
from django.core.exceptions import FieldDoesNotExist
from django.db import models

INT64_MAX = 2**63 - 1
# Transforms of date fields used by date_hierarchy and filters, with the values they accept.
DATE_PARTS = {
    "year": (1, 9999),
    "iso_year": (1, 9999),
    "quarter": (1, 4),
    "month": (1, 12),
    "week": (1, 53),
    "day": (1, 31),
    "week_day": (1, 7),
    "iso_week_day": (1, 7),
}
BOOLEAN_VALUES = {"0", "1", "true", "false", "True", "False"}
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")


def _int_between(value: str, low: int, high: int) -> bool:
    try:
        number = int(value)
    except ValueError:
        return False
    return low <= number <= high


def is_id(value: str) -> bool:
    """A row id: a positive integer the database can hold."""
    return value.isascii() and value.isdigit() and _int_between(value, 1, INT64_MAX)


def is_quarter(value: str) -> bool:
    """A quarter as "2026-Q1", year from 1 to 9999."""
    match = _QUARTER.match(value)
    return match is not None and int(match.group(1)) >= 1


def _value_fits(field, lookup: str, value: str) -> bool:
    if lookup == "isnull":
        return value in BOOLEAN_VALUES
    if lookup == "in":
        return all(_value_fits(field, "exact", part) for part in value.split(","))
    if lookup in DATE_PARTS and isinstance(field, models.DateField):
        return _int_between(value, *DATE_PARTS[lookup])
    if isinstance(field, models.BooleanField):
        return value in BOOLEAN_VALUES
    if field.choices and lookup == "exact":
        return value in {str(choice) for choice, _ in field.flatchoices}
    if isinstance(field, (models.IntegerField, models.AutoField)):
        return _int_between(value, -INT64_MAX - 1, INT64_MAX)
    if isinstance(field, models.DateField):
        try:
            field.to_python(value)
        except Exception:  # any refusal means "not a date"
            return False
    return True


def _resolve(model, key: str):
    """The field `key` (a filter's query parameter) reaches, its lookup, and the field that
    names it (plan__id__exact: the plan's id, "exact", the plan); None when the key is not a
    field lookup (a custom filter's parameter: the admin's checks or Django decide)."""
    parts = key.split("__")
    field = named = None
    for index, part in enumerate(parts):
        try:
            field = model._meta.get_field(part)
        except FieldDoesNotExist:
            if field is None:
                return None
            return _target(field), parts[-1], named
        if not getattr(field, "primary_key", False) or named is None:
            named = field
        if field.is_relation and index + 1 < len(parts) and field.related_model is not None:
            model = field.related_model
    return _target(field), "exact", named


def _target(field):
    """A foreign key's value is its target's (the related id)."""
    if field.is_relation and field.related_model is not None and hasattr(field, "target_field"):
        return field.target_field
    return field


def _shown(value: str) -> str:
    return "".join(ch for ch in value[:50] if ch.isprintable())


class CheckedFiltersAdmin:
    """ModelAdmin mixin: malformed filter values are dropped with a message, never a 500."""

    parameter_checks: dict = {"province": is_id}

    def _filter_title(self, key: str) -> str:
        for spec in self.list_filter:
            if getattr(spec, "parameter_name", None) == key:
                return str(spec.title)
        resolved = _resolve(self.model, key)
        if resolved is not None:
            return str(resolved[2].verbose_name)
        return key

    def _value_ok(self, key: str, value: str) -> bool:
        if "\x00" in value:  # PostgreSQL refuses NUL in any text
            return False
        check = self.parameter_checks.get(key)
        if check is not None:
            return check(value)
        resolved = _resolve(self.model, key)
        return resolved is None or _value_fits(resolved[0], resolved[1], value)

    def malformed_filters(self, request) -> list[tuple[str, str]]:
        return [
            (key, value)
            for key, values in request.GET.lists()
            if key not in IGNORED_PARAMS and key != "_changelist_filters"
            for value in values
            if not self._value_ok(key, value)
        ]

    def changelist_view(self, request, extra_context=None):
        bad = self.malformed_filters(request)
        if bad:
            query = request.GET.copy()
            for key, _ in bad:
                query.pop(key, None)
            request.GET = query
            listed = "; ".join(
                f"{self._filter_title(key)} = “{_shown(value)}”" for key, value in bad
            )
            messages.warning(request, f"Bỏ qua bộ lọc có giá trị không hợp lệ: {listed}.")
        return super().changelist_view(request, extra_context)
