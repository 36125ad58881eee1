"""`manage.py backup` and `manage.py restore` (plans/backups.py): the backup drill on the suite's
own database (SQLite in memory, or the PostgreSQL test database under scripts/with-postgres.sh),
the archive's manifest, the refusals that change nothing, and retention.

Every test is transactional: pg_dump and pg_restore are other processes, which see only
committed rows, and the backup reads in its own REPEATABLE READ transaction."""

import datetime
import hashlib
import io
import json
import os
import re
import sqlite3
import tarfile

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import DEFAULT_DB_ALIAS, OperationalError, connection, connections
from django.db.utils import ConnectionHandler
from django.forms.models import model_to_dict

from plans import backups
from plans.backup_database import SqliteOnlineConnector
from plans.models import Plan
from tasks.models import ProgressReport, Task, TaskAssignment
from tests.factories import ProgressReportFactory, TaskAssignmentFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
COUNTED = [
    "plans.plan",
    "plans.historicalplan",
    "tasks.task",
    "tasks.progressreport",
    "tasks.historicalprogressreport",
]
HISTORY_FIELDS = ["id", "history_id", "history_type", "history_date", "status", "percent"]


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def data(media):
    """Two plans, two reports with evidence files, and the history rows their edits left."""
    first = TaskAssignmentFactory(task__area__plan__slug="huyen-mau-2022")
    second = TaskAssignmentFactory(task__area__plan__slug="huyen-khac-2023")
    report = ProgressReportFactory(
        task=first.task,
        agency=first.agency,
        result="Đã ban hành Kế hoạch số 12/KH-UBND ngày 20/01/2022.",
        evidence=ContentFile(PDF, name="ke-hoach.pdf"),
        evidence_name="ke-hoach.pdf",
    )
    report.status, report.percent, report.completion_date = "done", 100, datetime.date(2022, 5, 9)
    report.save()
    other = ProgressReportFactory(
        task=second.task,
        agency=second.agency,
        evidence=ContentFile(PNG, name="anh-chup.png"),
        evidence_name="anh-chup.png",
    )
    return {"report": report, "other": other}


def snapshot():
    """What the drill must bring back: counts, one report's fields, its history, the files."""
    report = ProgressReport.objects.get(task__plan__slug="huyen-mau-2022")
    files = {}
    for r in ProgressReport.objects.order_by("pk"):
        with default_storage.open(r.evidence.name) as handle:
            files[r.evidence.name] = handle.read()
    return {
        "plans": list(Plan.objects.order_by("pk").values_list("pk", "slug")),
        "reports": ProgressReport.objects.count(),
        "history_rows": [m.history.count() for m in (Plan, Task, TaskAssignment, ProgressReport)],
        "report": model_to_dict(report) | {"updated_at": report.updated_at},
        "history": list(report.history.order_by("history_id").values(*HISTORY_FIELDS)),
        "files": files,
    }


def wipe():
    names = [r.evidence.name for r in ProgressReport.objects.all()]
    Plan.objects.all().delete()  # tasks, assignments and reports go with their plan
    for model in (Plan, Task, TaskAssignment, ProgressReport):
        model.history.all().delete()
    for name in names:
        default_storage.delete(name)


def backup(folder, *args):
    folder.mkdir(exist_ok=True)
    out = io.StringIO()
    call_command("backup", "-o", str(folder), *args, stdout=out)
    (archive,) = folder.glob("reformplan-backup-*.tar.gz")
    return archive, out.getvalue()


def restore(archive, *args):
    out = io.StringIO()
    call_command("restore", str(archive), *args, stdout=out)
    return out.getvalue()


def read_manifest(archive):
    with tarfile.open(archive, "r:gz") as tar:
        return json.load(tar.extractfile("manifest.json"))


def rewrite_archive(archive, change):
    """Rewrite the archive with `change(name, bytes) -> bytes` applied to each member."""
    with tarfile.open(archive, "r:gz") as tar:
        members = {m.name: tar.extractfile(m).read() for m in tar.getmembers()}
    with tarfile.open(archive, "w:gz") as tar:
        for name, content in members.items():
            content = change(name, content)
            info = tarfile.TarInfo(name)
            info.size = len(content)
            tar.addfile(info, io.BytesIO(content))


def manifest_change(change):
    """A rewrite_archive change that edits the manifest only."""

    def edit(name, content):
        if name != "manifest.json":
            return content
        return json.dumps(change(json.loads(content))).encode()

    return edit


# --- the drill ----------------------------------------------------------------------------------


def test_backup_wipe_restore_brings_back_plans_reports_history_and_evidence(data, tmp_path):
    before = snapshot()
    archive, _ = backup(tmp_path / "backups")

    wipe()
    assert (Plan.objects.count(), ProgressReport.objects.count()) == (0, 0)
    assert (Plan.history.count(), ProgressReport.history.count()) == (0, 0)
    assert not default_storage.exists(data["report"].evidence.name)

    out = restore(archive, "--noinput")

    assert snapshot() == before
    assert before["reports"] == 2
    assert before["history_rows"] == [2, 2, 2, 3]
    assert before["files"][data["report"].evidence.name] == PDF
    assert "2 kế hoạch, 2 báo cáo tiến độ" in out
    assert "số dòng và nội dung tệp khớp bản kê" in out


def test_a_write_during_the_backup_is_in_neither_its_counts_nor_its_dump(
    data, tmp_path, monkeypatch
):
    """Another connection writes between the manifest's counts and the dump: PostgreSQL's
    shared snapshot keeps the row out of both; on SQLite the backup's read transaction holds
    the writer back. Either way the restore finds exactly the counted rows."""
    read_state = backups.database_state
    refused = []

    def state_then_a_concurrent_write(conn):
        state = read_state(conn)
        other = connections.create_connection(DEFAULT_DB_ALIAS)
        try:
            with other.cursor() as cursor:
                cursor.execute("INSERT INTO auth_group (name) VALUES ('nhom-luc-sao-luu')")
        except OperationalError:
            refused.append(conn.vendor)
        finally:
            other.close()
        return state

    monkeypatch.setattr(backups, "database_state", state_then_a_concurrent_write)
    archive, _ = backup(tmp_path / "backups")
    monkeypatch.undo()

    restore(archive, "--noinput")

    assert not Group.objects.filter(name="nhom-luc-sao-luu").exists()
    assert refused == (["sqlite"] if connection.vendor == "sqlite" else [])


def test_restore_asks_for_confirmation_and_changes_nothing_unless_told_yes(
    data, tmp_path, monkeypatch
):
    archive, _ = backup(tmp_path / "backups")
    Plan.objects.get(slug="huyen-khac-2023").delete()
    questions = []
    monkeypatch.setattr("builtins.input", lambda q: questions.append(q) or "không")

    out = restore(archive)

    assert out == "Đã hủy: không thay đổi gì.\n"
    assert "Nhập 'yes' để tiếp tục" in questions[0]
    assert "2 kế hoạch, 2 báo cáo tiến độ" in questions[0]
    assert list(Plan.objects.values_list("slug", flat=True)) == ["huyen-mau-2022"]

    monkeypatch.setattr("builtins.input", lambda q: "yes")
    restore(archive)

    assert Plan.objects.count() == 2


# --- the archive --------------------------------------------------------------------------------


def test_backup_archive_is_dated_private_and_lists_counts_migrations_and_files(data, tmp_path):
    archive, out = backup(tmp_path / "backups")
    manifest = read_manifest(archive)

    assert re.fullmatch(r"reformplan-backup-\d{8}-\d{6}\.tar\.gz", archive.name)
    assert oct(archive.stat().st_mode & 0o777) == "0o600"
    with tarfile.open(archive, "r:gz") as tar:
        assert tar.getnames() == ["manifest.json", manifest["database"], "media.tar"]
    assert (
        manifest["database"]
        == {
            "sqlite": "database.sqlite3",
            "postgresql": "database.psql.bin",
        }[connection.vendor]
    )
    assert (manifest["format"], manifest["version"]) == ("reformplan-backup", 1)
    assert manifest["vendor"] == connection.vendor
    assert manifest["summary"] == {"plans": 2, "reports": 2, "history": 11, "evidence_files": 2}
    assert {k: manifest["counts"][k] for k in COUNTED} == {
        "plans.plan": 2,
        "plans.historicalplan": 2,
        "tasks.task": 2,
        "tasks.progressreport": 2,
        "tasks.historicalprogressreport": 3,
    }
    assert "plans.0001_initial" in manifest["migrations"]
    assert manifest["files"] == {
        data["report"].evidence.name: {"sha256": hashlib.sha256(PDF).hexdigest(), "size": len(PDF)},
        data["other"].evidence.name: {"sha256": hashlib.sha256(PNG).hexdigest(), "size": len(PNG)},
    }
    assert out == (
        f"Đã sao lưu vào {archive}: 2 kế hoạch, 2 báo cáo tiến độ, 11 dòng lịch sử thay đổi, "
        "2 tệp minh chứng.\n"
    )


def test_backup_of_a_site_without_any_evidence_file_yet_restores(media, tmp_path):
    TaskAssignmentFactory(task__area__plan__slug="huyen-mau-2022")
    assert not media.exists()
    archive, _ = backup(tmp_path / "backups")
    Plan.objects.all().delete()

    restore(archive, "--noinput")

    assert read_manifest(archive)["files"] == {}
    assert list(Plan.objects.values_list("slug", flat=True)) == ["huyen-mau-2022"]


# --- refusals that change nothing ---------------------------------------------------------------


def test_restore_refuses_an_archive_of_another_database_vendor(data, tmp_path):
    archive, _ = backup(tmp_path / "backups")
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    rewrite_archive(archive, manifest_change(lambda m: m | {"vendor": other}))
    Plan.objects.get(slug="huyen-khac-2023").delete()

    with pytest.raises(CommandError) as refused:
        restore(archive, "--noinput")

    names = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
    assert str(refused.value) == (
        f"Bản sao lưu này là của cơ sở dữ liệu {names[other]}, không khôi phục được vào cơ sở "
        f"dữ liệu {names[connection.vendor]} đang dùng (DATABASE_URL). Hãy khôi phục vào một "
        f"cơ sở dữ liệu {names[other]}."
    )
    assert Plan.objects.count() == 1


def test_restore_refuses_an_archive_made_by_newer_code(data, tmp_path):
    archive, _ = backup(tmp_path / "backups")
    future = "tasks.9999_from_a_newer_version"
    rewrite_archive(
        archive, manifest_change(lambda m: m | {"migrations": [*m["migrations"], future]})
    )

    with pytest.raises(CommandError, match=f"phiên bản này không có: {future}\\)"):
        restore(archive, "--noinput")


def test_restore_refuses_a_damaged_archive_before_touching_anything(data, media, tmp_path):
    archive, _ = backup(tmp_path / "backups")
    database = read_manifest(archive)["database"]
    rewrite_archive(archive, lambda name, b: b[:-1] + bytes([b[-1] ^ 1]) if name == database else b)
    wipe()

    with pytest.raises(CommandError) as refused:
        restore(archive, "--noinput")

    assert str(refused.value) == (
        f"Tệp sao lưu {archive} bị hỏng: phần “{database}” không khớp mã kiểm tra (sha256) ghi "
        "trong manifest.json. Không khôi phục gì."
    )
    assert Plan.objects.count() == 0
    assert [files for _, _, files in os.walk(media) if files] == []


def test_restore_refuses_evidence_files_that_do_not_match_the_manifest(data, tmp_path):
    archive, _ = backup(tmp_path / "backups")
    name = data["report"].evidence.name
    rewrite_archive(
        archive,
        manifest_change(lambda m: m | {"files": m["files"] | {name: {"sha256": "0", "size": 1}}}),
    )

    with pytest.raises(CommandError, match=r"các tệp minh chứng không khớp manifest\.json"):
        restore(archive, "--noinput")


def test_restore_refuses_a_manifest_naming_a_member_outside_the_archive(data, tmp_path):
    archive, _ = backup(tmp_path / "backups")
    database = read_manifest(archive)["database"]

    def escape(m):
        return m | {
            "database": "../database.sqlite3",
            "members": {
                "../database.sqlite3": m["members"][database],
                "media.tar": m["members"]["media.tar"],
            },
        }

    rewrite_archive(archive, manifest_change(escape))

    with pytest.raises(CommandError) as refused:
        restore(archive, "--noinput")

    assert str(refused.value) == (
        f"Tệp {archive} không phải bản sao lưu của reformplan (thiếu manifest.json hợp lệ)."
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"not a backup", "Không đọc được tệp sao lưu {path}: "),
        (None, "Tệp {path} không phải bản sao lưu của reformplan (thiếu manifest.json hợp lệ)."),
    ],
)
def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path, content, message):
    path = tmp_path / "khong-phai.tar.gz"
    if content is None:  # a real tar.gz, without a manifest
        with tarfile.open(path, "w:gz") as tar:
            info = tarfile.TarInfo("ghi-chu.txt")
            tar.addfile(info, io.BytesIO(b""))
    else:
        path.write_bytes(content)

    with pytest.raises(CommandError) as refused:
        restore(path, "--noinput")

    assert str(refused.value).startswith(message.format(path=path))


def test_restore_of_a_missing_file_says_so(tmp_path):
    with pytest.raises(CommandError, match=r"^Không có tệp .*khong-co\.tar\.gz\.$"):
        restore(tmp_path / "khong-co.tar.gz", "--noinput")


def test_restore_of_a_dump_the_database_cannot_read_changes_no_row(data, tmp_path):
    archive, _ = backup(tmp_path / "backups")
    database = read_manifest(archive)["database"]
    garbage = b"this is not a database dump" * 100

    def change(name, content):
        if name == database:
            return garbage
        if name == "manifest.json":
            manifest = json.loads(content)
            digest = {"sha256": hashlib.sha256(garbage).hexdigest(), "size": len(garbage)}
            manifest["members"][database] = digest
            return json.dumps(manifest).encode()
        return content

    rewrite_archive(archive, change)
    Plan.objects.get(slug="huyen-khac-2023").delete()

    with pytest.raises(CommandError, match=r"^Không khôi phục được cơ sở dữ liệu \(không thay"):
        restore(archive, "--noinput")

    assert list(Plan.objects.values_list("slug", flat=True)) == ["huyen-mau-2022"]


def test_restore_fails_when_the_restored_rows_do_not_match_the_manifest(data, tmp_path):
    archive, _ = backup(tmp_path / "backups")
    rewrite_archive(
        archive,
        manifest_change(lambda m: m | {"counts": m["counts"] | {"tasks.progressreport": 3}}),
    )

    with pytest.raises(CommandError) as failed:
        restore(archive, "--noinput")

    assert str(failed.value) == (
        "Đã khôi phục nhưng dữ liệu không khớp bản kê của bản sao lưu:\n"
        "- tasks.progressreport: 2 dòng, bản sao lưu có 3 dòng"
    )


# --- output and retention -----------------------------------------------------------------------


def test_backup_keep_deletes_the_oldest_dated_archives_of_the_folder_only(data, tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    old = [f"reformplan-backup-{day}-020000.tar.gz" for day in ("20250101", "20250102")]
    for name in [*old, "reformplan-backup-20250103-020000.tar.gz", "ghi-chu.txt"]:
        (folder / name).write_bytes(b"x")
    out = io.StringIO()

    call_command("backup", "-o", str(folder), "--keep", "2", stdout=out)

    names = sorted(p.name for p in folder.iterdir())
    assert names[:2] == ["ghi-chu.txt", "reformplan-backup-20250103-020000.tar.gz"]
    assert len(names) == 3
    assert re.fullmatch(r"reformplan-backup-\d{8}-\d{6}\.tar\.gz", names[2])
    assert out.getvalue().splitlines()[1:] == [
        f"Đã xóa bản sao lưu cũ {folder / old[1]}.",
        f"Đã xóa bản sao lưu cũ {folder / old[0]}.",
    ]


def test_backup_writes_the_named_file(data, tmp_path):
    call_command("backup", "-o", str(tmp_path / "cchc.tar.gz"), stdout=io.StringIO())

    assert read_manifest(tmp_path / "cchc.tar.gz")["summary"]["plans"] == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--keep", "0"], "--keep phải từ 1 trở lên (số bản sao lưu được giữ lại)."),
        (
            ["-o", "{tmp}/khong-co/cchc.tar.gz"],
            "Không có thư mục {tmp}/khong-co để ghi bản sao lưu.",
        ),
        (["-o", "{tmp}/cchc.zip"], "Tệp sao lưu “{tmp}/cchc.zip” cần có đuôi .tar.gz."),
    ],
)
def test_backup_refuses_bad_options(tmp_path, args, message):
    with pytest.raises(CommandError) as refused:
        call_command("backup", *[a.format(tmp=tmp_path) for a in args], stdout=io.StringIO())

    assert str(refused.value) == message.format(tmp=tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_backup_that_cannot_be_written_leaves_no_partial_file(data, tmp_path, monkeypatch):
    folder = tmp_path / "backups"
    folder.mkdir()

    def disk_full(self, *args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(tarfile.TarFile, "add", disk_full)

    with pytest.raises(CommandError, match=r"^Không ghi được bản sao lưu vào .*No space left"):
        call_command("backup", "-o", str(folder), stdout=io.StringIO())

    assert list(folder.iterdir()) == []


# --- SQLite restore while connected -------------------------------------------------------------


def test_sqlite_restore_replaces_a_database_file_that_another_connection_has_open(tmp_path):
    """The app server keeps its connection (here in WAL mode, whose recent commits live in the
    -wal file): the restore must not write over the database file under it, as dbbackup's own
    SQLite restore does, but go through SQLite's locking."""
    path = tmp_path / "db.sqlite3"
    app = sqlite3.connect(path, isolation_level=None)
    app.execute("PRAGMA journal_mode=WAL")
    app.execute("CREATE TABLE plan (slug TEXT)")
    app.execute("INSERT INTO plan VALUES ('huyen-mau-2022'), ('huyen-khac-2023')")
    copy = tmp_path / "dump.sqlite3"
    target = sqlite3.connect(copy)
    app.backup(target)
    target.close()
    app.execute("DELETE FROM plan")
    app.execute("INSERT INTO plan VALUES ('ke-hoach-moi')")
    handler = ConnectionHandler({"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": path}})
    connector = SqliteOnlineConnector()
    connector.connection = handler["default"]

    with open(copy, "rb") as dump:
        connector.restore_dump(dump)
    handler["default"].close()

    rows = app.execute("SELECT slug FROM plan ORDER BY slug").fetchall()
    integrity = app.execute("PRAGMA integrity_check").fetchone()
    app.close()
    assert rows == [("huyen-khac-2023",), ("huyen-mau-2022",)]
    assert integrity == ("ok",)
