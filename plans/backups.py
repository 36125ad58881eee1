"""Backups that restore: the database and the evidence files in one dated archive.

django-dbbackup's connectors dump and restore the database: `pg_dump --format=custom` and
`pg_restore --clean --single-transaction` for PostgreSQL (with the connection's host, port,
user, password and TLS options), SQLite's online backup API for SQLite. This module adds the
files of the default storage (MEDIA_ROOT, or the S3 bucket) and a manifest, in one archive;
on restore it checks the archive before touching anything and the restored data after.

What is written here instead of taken from django-dbbackup 5.4.0, and why:
- SQLite restore (`backup_database.SqliteOnlineConnector`): the library writes the dump over
  the database file, which corrupts a database that another connection has open and cannot
  reach an in-memory one; this restores through the backup API into the live connection.
- The media tar (`_write_media`, `_restore_media`): the library's mediabackup/mediarestore
  commands leave every file they open to the garbage collector (ResourceWarning, an error in
  this project's test suite); the same walk over the storage API is a few lines here.
- `backup_database.PgConnector` closes the command output that the library leaves open, for
  the same reason.

Archive (`reformplan-backup-YYYYmmdd-HHMMSS.tar.gz`, mode 0600):

    manifest.json      format, date, database vendor, applied migrations, row counts of every
                       model of auth/plans/tasks/indicators (history tables included), sha256
                       of the two members below and of every evidence file
    database.<ext>     the database dump (`database.sqlite3` or `database.psql.bin`)
    media.tar          the files of the default storage, by their storage names

The counts and the dump are read in one snapshot (PostgreSQL: a REPEATABLE READ transaction
whose snapshot `pg_dump --snapshot` shares; SQLite: one read transaction on the connection
that makes the dump), so the manifest describes exactly what the dump holds even while the
app keeps writing.
"""

import datetime
import hashlib
import json
import os
import re
import shutil
import sqlite3
import tarfile
import tempfile
from importlib.metadata import version
from pathlib import Path

import django
from dbbackup.db.exceptions import CommandConnectorError
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone
from simple_history.models import HistoricalChanges

from plans.backup_database import (
    CHUNK,
    CONNECTORS,
    PG_RESTORE_OPTIONS,
    BackupError,
    connector_for,
    counted_models,
    database_state,
    snapshot,
)

FORMAT = "reformplan-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
MEDIA = "media.tar"
ARCHIVE_PATTERN = re.compile(r"^reformplan-backup-\d{8}-\d{6}\.tar\.gz$")
DATABASE_MEMBER = re.compile(r"^database\.[a-z0-9]+(\.[a-z0-9]+)?$")
PROJECT_APPS = ("plans", "tasks", "indicators")
# What restore reads from a manifest, and its type.
SHAPE = {
    "format": str,
    "version": int,
    "created_at": str,
    "vendor": str,
    "database": str,
    "members": dict,
    "summary": dict,
    "counts": dict,
    "migrations": list,
    "files": dict,
}
VENDOR_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


def default_archive_name(now=None) -> str:
    now = timezone.localtime(now)
    return f"reformplan-backup-{now:%Y%m%d-%H%M%S}.tar.gz"


def vendor_name(vendor: str) -> str:
    return VENDOR_NAMES.get(vendor, vendor)


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _sha256_stream(handle) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    while chunk := handle.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
    return digest.hexdigest(), size


def summary(counts: dict, files: dict) -> dict:
    history = {m._meta.label_lower for m in counted_models() if issubclass(m, HistoricalChanges)}
    return {
        "plans": counts.get("plans.plan", 0),
        "reports": counts.get("tasks.progressreport", 0),
        "history": sum(n for label, n in counts.items() if label in history),
        "evidence_files": len(files),
    }


def backup_date(manifest: dict) -> str:
    """The backup's date and time as written in Vietnamese documents: 29/11/2026 02:30."""
    try:
        created = timezone.localtime(datetime.datetime.fromisoformat(manifest["created_at"]))
    except ValueError:  # not an aware ISO date: show it as written
        return manifest["created_at"]
    return f"{created:%d/%m/%Y %H:%M}"


def describe(manifest: dict) -> str:
    s = manifest["summary"]
    return (
        f"{s['plans']} kế hoạch, {s['reports']} báo cáo tiến độ, {s['history']} dòng lịch sử "
        f"thay đổi, {s['evidence_files']} tệp minh chứng"
    )


def _storage_names(storage, folder: str = "") -> list[str]:
    try:
        folders, names = storage.listdir(folder)
    except FileNotFoundError:  # MEDIA_ROOT is created by the first upload
        return []
    found = [f"{folder}{name}" for name in names]
    for sub in folders:
        found += _storage_names(storage, f"{folder}{sub}/")
    return found


def _write_media(path: Path) -> None:
    """Every file of the default storage into an uncompressed tar (the archive compresses)."""
    mtime = int(timezone.now().timestamp())
    with tarfile.open(path, "w") as tar:
        for name in sorted(_storage_names(default_storage)):
            with default_storage.open(name, "rb") as handle:
                info = tarfile.TarInfo(name)
                info.size = default_storage.size(name)
                info.mtime = mtime
                tar.addfile(info, handle)


def _restore_media(path: Path) -> None:
    """Put every file of the tar back under its name, replacing a file of that name."""
    with tarfile.open(path, "r:") as tar:
        for member in tar:
            if not member.isfile():
                continue
            if default_storage.exists(member.name):
                default_storage.delete(member.name)
            with tar.extractfile(member) as handle:
                content = File(handle, name=member.name)
                content.size = member.size
                saved = default_storage.save(member.name, content)
            if saved != member.name:
                raise BackupError(f"Không ghi lại được tệp {member.name} (lưu thành {saved}).")


def _tar_files(path: Path) -> dict:
    """{name: {sha256, size}} of the regular files of a tar, sorted by name."""
    files = {}
    with tarfile.open(path, "r:") as tar:
        for member in tar:
            if member.isfile():
                with tar.extractfile(member) as handle:
                    digest, size = _sha256_stream(handle)
                files[member.name] = {"sha256": digest, "size": size}
    return dict(sorted(files.items()))


def create_backup(path: Path) -> dict:
    """Write the archive to `path` (atomically: a partial file renamed at the end) and return
    its manifest."""
    connection = connections[DEFAULT_DB_ALIAS]
    connector = connector_for(connection)
    dump_name = f"database.{connector.extension}"
    created = timezone.localtime()
    with tempfile.TemporaryDirectory(prefix="reformplan-backup-") as tmp:
        work = Path(tmp)
        with snapshot(connection) as snapshot_id:
            if snapshot_id:
                connector.dump_suffix = f"--snapshot={snapshot_id}"
            state = database_state(connection)
            try:
                dump = connector.create_dump()
            except CommandConnectorError as exc:
                raise BackupError(f"Không sao lưu được cơ sở dữ liệu: {exc}") from exc
            with dump, open(work / dump_name, "wb") as out:
                shutil.copyfileobj(dump, out, CHUNK)
        _write_media(work / MEDIA)
        files = _tar_files(work / MEDIA)
        manifest = {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "created_at": created.isoformat(),
            "vendor": connection.vendor,
            "connector": CONNECTORS[connection.vendor],
            "django": django.get_version(),
            "django_dbbackup": version("django-dbbackup"),
            "database": dump_name,
            "members": {
                name: {"sha256": _sha256_file(work / name), "size": (work / name).stat().st_size}
                for name in (dump_name, MEDIA)
            },
            "summary": summary(state["counts"], files),
            **state,
            "files": files,
        }
        (work / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), "utf-8")
        try:
            _write_archive(path, work, [MANIFEST, dump_name, MEDIA])
        except OSError as exc:
            raise BackupError(f"Không ghi được bản sao lưu vào {path}: {exc}.") from exc
    return manifest


def _write_archive(path: Path, work: Path, names: list[str]) -> None:
    partial = path.with_name(f".{path.name}.partial")
    try:
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as tar:
            for name in names:
                tar.add(work / name, arcname=name)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


def prune_archives(folder: Path, keep: int, *, protect: Path) -> list[Path]:
    """Delete all but the `keep` newest dated archives of `folder` (never `protect`, the one
    just written); other files are left alone. Returns the deleted paths."""
    archives = sorted(
        (p for p in folder.iterdir() if ARCHIVE_PATTERN.match(p.name) and p.is_file()),
        reverse=True,
    )
    doomed = [p for p in archives[keep:] if p.resolve() != protect.resolve()]
    for archive in doomed:
        archive.unlink()
    return doomed


# --- restore ------------------------------------------------------------------------------------


def read_archive(path: Path, work: Path) -> dict:
    """Extract the archive's members into `work` and check them against the manifest; return
    the manifest. Nothing outside `work` is touched."""
    try:
        with tarfile.open(path, "r:gz") as tar:
            manifest = _read_manifest(tar, path)
            expected = manifest["members"]
            for name in expected:
                member = tar.getmember(name) if name in tar.getnames() else None
                if member is None or not member.isfile():
                    raise BackupError(f"Tệp sao lưu {path} thiếu phần “{name}”.")
                with tar.extractfile(member) as src, open(work / name, "wb") as out:
                    shutil.copyfileobj(src, out, CHUNK)
    except FileNotFoundError:
        raise BackupError(f"Không có tệp {path}.") from None
    except (tarfile.TarError, EOFError, OSError) as exc:
        raise BackupError(f"Không đọc được tệp sao lưu {path}: {exc}.") from exc
    for name, meta in expected.items():
        if _sha256_file(work / name) != meta["sha256"]:
            raise BackupError(
                f"Tệp sao lưu {path} bị hỏng: phần “{name}” không khớp mã kiểm tra (sha256) "
                "ghi trong manifest.json. Không khôi phục gì."
            )
    if _tar_files(work / MEDIA) != manifest["files"]:
        raise BackupError(
            f"Tệp sao lưu {path} bị hỏng: các tệp minh chứng không khớp manifest.json."
        )
    return manifest


def _read_manifest(tar: tarfile.TarFile, path: Path) -> dict:
    not_ours = f"Tệp {path} không phải bản sao lưu của reformplan (thiếu manifest.json hợp lệ)."
    try:
        handle = tar.extractfile(MANIFEST)
    except KeyError:
        raise BackupError(not_ours) from None
    try:
        manifest = json.loads(handle.read().decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise BackupError(not_ours) from None
    if not isinstance(manifest, dict) or not SHAPE.keys() <= manifest.keys():
        raise BackupError(not_ours)
    if any(not isinstance(manifest[key], kind) for key, kind in SHAPE.items()):
        raise BackupError(not_ours)
    if manifest["format"] != FORMAT or manifest["version"] != FORMAT_VERSION:
        raise BackupError(
            f"Tệp {path} là bản sao lưu định dạng {manifest['format']} phiên bản "
            f"{manifest['version']}: phiên bản phần mềm này chỉ đọc được {FORMAT} phiên bản "
            f"{FORMAT_VERSION}."
        )
    members = manifest["members"]
    if (
        not DATABASE_MEMBER.match(manifest["database"])
        or set(members) != {manifest["database"], MEDIA}
        or not all(
            isinstance(m, dict) and isinstance(m.get("sha256"), str) for m in members.values()
        )
    ):
        raise BackupError(not_ours)
    return manifest


def check_compatible(manifest: dict) -> None:
    """Refuse an archive of another database vendor, or one made by newer code (migrations
    this code does not have)."""
    connection = connections[DEFAULT_DB_ALIAS]
    if manifest["vendor"] != connection.vendor:
        raise BackupError(
            f"Bản sao lưu này là của cơ sở dữ liệu {vendor_name(manifest['vendor'])}, không "
            f"khôi phục được vào cơ sở dữ liệu {vendor_name(connection.vendor)} đang dùng "
            f"(DATABASE_URL). Hãy khôi phục vào một cơ sở dữ liệu "
            f"{vendor_name(manifest['vendor'])}."
        )
    known = {f"{app}.{name}" for app, name in MigrationLoader(None).disk_migrations}
    unknown = [
        m for m in manifest["migrations"] if m.split(".")[0] in PROJECT_APPS and m not in known
    ]
    if unknown:
        raise BackupError(
            "Bản sao lưu được tạo bởi phiên bản phần mềm mới hơn (có migration mà phiên bản này "
            f"không có: {', '.join(unknown)}). Hãy khôi phục bằng phiên bản đã tạo bản sao lưu."
        )


def restore_archive(manifest: dict, work: Path) -> None:
    """Put the evidence files back (only adds or replaces files: harmless if what follows
    fails), then replace the database in one step (pg_restore --single-transaction, or
    SQLite's backup API)."""
    try:
        _restore_media(work / MEDIA)
    except OSError as exc:
        raise BackupError(
            f"Không ghi lại được các tệp minh chứng (cơ sở dữ liệu chưa thay đổi): {exc}"
        ) from exc
    connection = connections[DEFAULT_DB_ALIAS]
    connector = connector_for(connection)
    if connection.vendor == "postgresql":
        connector.pg_options = PG_RESTORE_OPTIONS
        connection.close()  # pg_restore drops the tables: this connection must hold no lock
    try:
        with open(work / manifest["database"], "rb") as dump:
            output = connector.restore_dump(dump)
        if output is not None:
            output.close()
    except (CommandConnectorError, sqlite3.Error) as exc:
        raise BackupError(f"Không khôi phục được cơ sở dữ liệu (không thay đổi gì): {exc}") from exc


def verify_restored(manifest: dict) -> list[str]:
    """What differs between the restored data and the manifest (empty: identical)."""
    connection = connections[DEFAULT_DB_ALIAS]
    problems = []
    counts = database_state(connection)["counts"]
    for label, expected in manifest["counts"].items():
        found = counts.get(label)
        if found != expected:
            found_text = "không có bảng" if found is None else f"{found} dòng"
            problems.append(f"{label}: {found_text}, bản sao lưu có {expected} dòng")
    for name, meta in manifest["files"].items():
        if not default_storage.exists(name):
            problems.append(f"tệp {name}: không có")
            continue
        with default_storage.open(name, "rb") as handle:
            digest, _ = _sha256_stream(handle)
        if digest != meta["sha256"]:
            problems.append(f"tệp {name}: nội dung khác bản sao lưu")
    return problems


def pending_migrations() -> int:
    """Migrations of this code that the restored database has not applied."""
    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))
