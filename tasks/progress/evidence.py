"""Evidence files: checks on uploads (type by content, not only by name, and size), and the
removal of files no report refers to any more (`manage.py cleanup_evidence`)."""

from __future__ import annotations

import datetime
import logging
import os
import zipfile
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

from tasks.models import EVIDENCE_MAX_BYTES, ProgressReport

logger = logging.getLogger(__name__)

# extension → the family its content must belong to.
ALLOWED = {
    ".pdf": "pdf",
    ".doc": "ole",
    ".xls": "ole",
    ".docx": "ooxml",
    ".xlsx": "ooxml",
    ".odt": "odf",
    ".ods": "odf",
    ".jpg": "jpeg",
    ".jpeg": "jpeg",
    ".png": "png",
}
_MAGIC = {
    "pdf": (b"%PDF-",),
    "ole": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),
    "ooxml": (b"PK\x03\x04",),
    "odf": (b"PK\x03\x04",),
    "jpeg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
}
ALLOWED_LABEL = (
    "PDF, Word (.doc, .docx), Excel (.xls, .xlsx), OpenDocument (.odt, .ods), ảnh JPG, PNG"
)


def _zip_has(file, member_prefix: str) -> bool:
    try:
        with zipfile.ZipFile(file) as archive:
            return any(name.startswith(member_prefix) for name in archive.namelist())
    except zipfile.BadZipFile:
        return False


def validate_evidence(file) -> None:
    """Raise ValidationError (Vietnamese) unless `file` is an allowed document within the limit."""
    extension = os.path.splitext(file.name or "")[1].lower()
    family = ALLOWED.get(extension)
    if family is None:
        raise ValidationError(f"Loại tệp không được chấp nhận. Chỉ nhận: {ALLOWED_LABEL}.")
    if file.size > EVIDENCE_MAX_BYTES:
        raise ValidationError(
            f"Tệp quá lớn ({file.size / 1024 / 1024:.1f} MB); "
            f"tối đa {EVIDENCE_MAX_BYTES // 1024 // 1024} MB."
        )
    file.seek(0)
    head = file.read(16)
    ok = any(head.startswith(magic) for magic in _MAGIC[family])
    if ok and family in ("ooxml", "odf"):
        file.seek(0)
        ok = _zip_has(file, "[Content_Types].xml" if family == "ooxml" else "mimetype")
    file.seek(0)
    if not ok:
        raise ValidationError(
            f"Nội dung tệp không đúng với định dạng {extension}: tệp có thể bị hỏng hoặc "
            "bị đổi tên. Vui lòng chọn đúng tệp."
        )


# --- files no report refers to any more ----------------------------------------------------

EVIDENCE_ROOT = "evidence"  # tasks.models.evidence_upload_to writes evidence/<plan id>/<name>
# A file younger than this is never removed: its report may still be on its way to the
# database (the file is stored before the report's row is committed).
MIN_AGE = datetime.timedelta(hours=24)


@dataclass
class Cleanup:
    stored: int = 0  # evidence files found in the storage
    referenced: int = 0  # of which a report or a history entry refers to
    recent: int = 0  # unreferenced, but younger than the minimum age: kept
    removed: list[str] = field(default_factory=list)  # unreferenced (removed unless dry run)
    failed: list[str] = field(default_factory=list)  # could not be removed


def referenced_evidence() -> set[str]:
    """Every evidence file name a report or any of its history entries refers to."""
    names: set[str] = set()
    for manager in (ProgressReport.objects, ProgressReport.history):
        names.update(
            manager.exclude(evidence="")
            .exclude(evidence__isnull=True)
            .values_list("evidence", flat=True)
            .distinct()
            .iterator()
        )
    return names


def stored_evidence(storage, root: str = EVIDENCE_ROOT):
    """The names of the files under `root` in `storage`, through the storage API (listdir), so
    that it works on the local disk and on S3 (where a "directory" is only a prefix) alike."""
    try:
        directories, files = storage.listdir(root)
    except FileNotFoundError:
        return
    for name in files:
        yield f"{root}/{name}"
    for directory in directories:
        yield from stored_evidence(storage, f"{root}/{directory}")


def cleanup_evidence(*, dry_run: bool, now: datetime.datetime, min_age=MIN_AGE) -> Cleanup:
    """Remove the evidence files that no report nor history entry refers to and that are older
    than `min_age`. The references are read after the listing, so a file referenced by then is
    kept whatever happened in between."""
    storage = ProgressReport._meta.get_field("evidence").storage
    result = Cleanup()
    candidates = list(stored_evidence(storage))
    result.stored = len(candidates)
    referenced = referenced_evidence()
    for name in candidates:
        if name in referenced:
            result.referenced += 1
            continue
        if now - storage.get_modified_time(name) < min_age:
            result.recent += 1
            continue
        result.removed.append(name)
        if dry_run:
            continue
        try:
            storage.delete(name)
        except OSError:
            logger.exception("Could not remove evidence file %s", name)
            result.failed.append(name)
    return result
