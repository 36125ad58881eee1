"""Uploads kept between an import's preview and its confirm.

The file is stored under a random name in the folder `import-uploads/` of the project's file
storage (the "import_export" storage of settings.STORAGES when there is one, else the default:
MEDIA_ROOT, or the private bucket when evidence lives on S3 — so every app server sees it).
The name is remembered in the uploader's session: a confirm naming a file this session did not
upload, or one already imported, finds nothing. Nothing here builds a path from a posted name
other than a checked 32-hex-digit one.

Uploads that are never confirmed expire: `manage.py cleanup_imports` (run hourly from cron)
deletes those older than `UPLOAD_MAX_AGE`.

`remember`/`load`/`forget` serve the task import; `SessionUploadStorage` is the same storage
for django-import-export's `tmp_storage_class` (the actuals import).
"""

from __future__ import annotations

import datetime
import re
import secrets

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
from django.utils import timezone
from import_export.tmp_storages import BaseStorage

FOLDER = "import-uploads"
SESSION_KEY = "import_uploads"
UPLOAD_MAX_AGE = datetime.timedelta(hours=2)  # the confirm token lives one hour
_NAME = re.compile(r"^[0-9a-f]{32}$")
# What a confirm of an upload this session no longer has gets (a double click, an expired or a
# tampered preview): a message, never an error page.
GONE = (
    "Tệp này đã được nhập, hoặc phiên xem trước đã hết hạn: không ghi thêm gì. Nếu cần, tải "
    "tệp lên lại."
)


def file_storage():
    if "import_export" in settings.STORAGES:
        return storages["import_export"]
    return default_storage


def is_valid_name(name) -> bool:
    return isinstance(name, str) and bool(_NAME.match(name))


def _path(name: str) -> str:
    if not is_valid_name(name):
        raise ValueError("not an upload name")
    return f"{FOLDER}/{name}"


def save_content(content: bytes) -> str:
    name = secrets.token_hex(16)
    file_storage().save(_path(name), ContentFile(content))
    return name


def read_content(name: str) -> bytes | None:
    """The stored upload, or None when the name is not one or the file is gone."""
    if not is_valid_name(name):
        return None
    try:
        with file_storage().open(_path(name), "rb") as stored:
            return stored.read()
    except (FileNotFoundError, OSError):
        return None


def delete_content(name: str) -> None:
    if is_valid_name(name):
        file_storage().delete(_path(name))


# --------------------------------------------------------------------------- per session


def remember_name(request, name: str) -> None:
    names = request.session.get(SESSION_KEY, [])
    request.session[SESSION_KEY] = [*names[-19:], name]  # the last 20 previews


def is_remembered(request, name) -> bool:
    return is_valid_name(name) and name in request.session.get(SESSION_KEY, [])


def forget_name(request, name: str) -> None:
    names = request.session.get(SESSION_KEY, [])
    if name in names:
        request.session[SESSION_KEY] = [n for n in names if n != name]


def remember(request, content: bytes) -> str:
    """Store an upload for this session's confirm; return its name."""
    name = save_content(content)
    remember_name(request, name)
    return name


def load(request, name) -> bytes | None:
    """The upload this session stored under `name`; None if not this session's, already
    imported, or expired."""
    if not is_remembered(request, name):
        return None
    return read_content(name)


def forget(request, name: str) -> None:
    forget_name(request, name)
    delete_content(name)


def cleanup_expired(max_age: datetime.timedelta = UPLOAD_MAX_AGE, now=None) -> int:
    """Delete stored uploads older than `max_age`; return how many were deleted."""
    storage = file_storage()
    now = now or timezone.now()
    try:
        _, names = storage.listdir(FOLDER)
    except FileNotFoundError:
        return 0
    deleted = 0
    for name in names:
        path = f"{FOLDER}/{name}"
        modified = storage.get_modified_time(path)
        if timezone.is_naive(modified):
            modified = timezone.make_aware(modified)
        if now - modified > max_age:
            storage.delete(path)
            deleted += 1
    return deleted


class SessionUploadStorage(BaseStorage):
    """django-import-export's temporary storage on `file_storage()`, under random names.

    A name that is not 32 hex digits reads as nothing (a tampered confirm form cannot reach
    another file); the admin also checks that the session uploaded it."""

    def save(self, data):
        if isinstance(data, str):
            data = data.encode(self.encoding or "utf-8")
        self.name = save_content(data)

    def read(self):
        content = read_content(self.name)
        if content is None:
            raise FileNotFoundError(self.name)
        if "b" in (self.read_mode or "r"):
            return content
        return content.decode(self.encoding or "utf-8")

    def remove(self):
        delete_content(self.name)
