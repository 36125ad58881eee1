"""Optimistic locking and busy-database handling shared by the write services (progress
reports in `tasks.progress.services`, tasks in the admin, report editions): `claim_version`
(`UPDATE ... WHERE id = ... AND version = ...`), `StaleVersionError`, and `atomic_or_busy`,
which turns "database is locked" (SQLite) or a deadlock or serialization failure (PostgreSQL)
into ValidationError(BUSY_MESSAGE) with nothing saved, never a 500.
"""

from __future__ import annotations

import functools

from django.core.exceptions import ValidationError
from django.db import OperationalError, transaction
from django.db.models import F

BUSY_MESSAGE = (
    "Hệ thống đang bận xử lý một yêu cầu khác nên chưa lưu được; chưa có gì thay đổi. "
    "Vui lòng bấm lưu lại sau giây lát."
)
# SQLite's lock errors, PostgreSQL's deadlock and serialization failures: worth a retry.
_BUSY_SIGNS = ("database is locked", "is locked", "deadlock detected", "could not serialize")


def is_busy(exc: OperationalError) -> bool:
    message = str(exc).lower()
    return any(sign in message for sign in _BUSY_SIGNS)


def atomic_or_busy(func):
    """Run `func` in a transaction; a busy database answers ValidationError(BUSY_MESSAGE)."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            with transaction.atomic():
                return func(*args, **kwargs)
        except OperationalError as exc:
            if not is_busy(exc):
                raise
            raise ValidationError(BUSY_MESSAGE) from exc

    return wrapper


class StaleVersionError(Exception):
    """The object changed since the form was loaded; `current` is the fresh copy."""

    def __init__(self, current):
        super().__init__("stale version")
        self.current = current


def claim_version(model, pk: int, expected: int | None) -> bool:
    """Bump the row's version if it is still `expected`: one `UPDATE … SET version = version + 1
    WHERE id = … AND version = …`. False when someone else saved first (nothing changed).

    Call inside the transaction that then saves the object (with `version = expected + 1`), so
    that the save and its history entry commit together with the bump.
    """
    if expected is None:
        return False
    return bool(model.objects.filter(pk=pk, version=expected).update(version=F("version") + 1))
