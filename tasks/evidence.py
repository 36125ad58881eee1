"""Checks on uploaded evidence files: type by content (not only by name) and size."""

from __future__ import annotations

import os
import zipfile

from django.core.exceptions import ValidationError

from tasks.models import EVIDENCE_MAX_BYTES

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
