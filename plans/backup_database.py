"""The database side of `backup` and `restore` (plans/backups.py): django-dbbackup's
connectors, two of them adjusted, and the snapshot that the manifest's counts share with the
dump."""

import logging
import os
import shlex
import shutil
import sqlite3
import subprocess
import tempfile
from contextlib import contextmanager

from dbbackup.db.base import get_connector
from dbbackup.db.exceptions import CommandConnectorError
from dbbackup.db.postgresql import PgDumpBinaryConnector
from dbbackup.db.sqlite import SqliteBackupConnector
from django.apps import apps
from django.db import transaction

# dbbackup logs every command line at DEBUG level to stderr (cron would mail them each night).
logging.getLogger("dbbackup.command").setLevel(logging.WARNING)

COUNTED_APPS = ("auth", "plans", "tasks", "indicators")
CONNECTORS = {
    "sqlite": "plans.backup_database.SqliteOnlineConnector",
    "postgresql": "plans.backup_database.PgConnector",
}
# The restoring role owns what it restores: a backup moves to a server whose role has another name.
PG_RESTORE_OPTIONS = "--no-owner --no-privileges"
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A refusal or a failure, with a message for the operator (Vietnamese)."""


class SqliteOnlineConnector(SqliteBackupConnector):
    """dbbackup's SqliteBackupConnector dumps with SQLite's online backup API, safe while other
    connections are open, but restores by writing the dump over the database file: that corrupts
    a database another connection (a running app server, this very process) has open (sqlite.org,
    "How To Corrupt An SQLite Database File") and cannot reach an in-memory database. This one
    restores with the same backup API in the other direction: SQLite locks the live database and
    replaces all its pages in one step, or none."""

    def restore_dump(self, dump):
        self.connection.ensure_connection()
        with tempfile.NamedTemporaryFile(suffix=".sqlite3") as copy:
            shutil.copyfileobj(dump, copy, CHUNK)
            copy.flush()
            source = sqlite3.connect(copy.name)
            try:
                source.backup(self.connection.connection)
            finally:
                source.close()


class PgConnector(PgDumpBinaryConnector):
    """dbbackup's pg_dump/pg_restore connector (its command lines, connection settings and
    environment), running the command with files that are always closed, also on failure."""

    def run_command(self, command, stdin=None, env=None):
        args = shlex.split(command)
        full_env = {**os.environ, **self.env, **(env or {})}
        stdout = tempfile.TemporaryFile()  # noqa: SIM115 - the caller reads and closes it
        with tempfile.TemporaryFile() as stderr:
            try:
                process = subprocess.run(  # noqa: S603 - dbbackup's pg_dump/pg_restore line
                    args, stdin=stdin, stdout=stdout, stderr=stderr, env=full_env, check=False
                )
            except FileNotFoundError:
                stdout.close()
                raise CommandConnectorError(
                    f"không tìm thấy lệnh {args[0]}: hãy cài gói postgresql-client cùng phiên "
                    "bản với máy chủ PostgreSQL"
                ) from None
            if process.returncode:
                stdout.close()
                stderr.seek(0)
                message = stderr.read().decode("utf-8", "replace").strip()
                raise CommandConnectorError(f"{args[0]} báo lỗi: {message}")
        stdout.seek(0)
        return stdout, None


def counted_models():
    return [
        model
        for model in apps.get_models()
        if model._meta.app_label in COUNTED_APPS and model._meta.managed
    ]


def database_state(connection) -> dict:
    """Row counts of the counted models (whose tables exist) and the applied migrations."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        tables = set(connection.introspection.table_names(cursor))
        counts = {}
        for model in counted_models():
            if model._meta.db_table in tables:
                cursor.execute(f"SELECT COUNT(*) FROM {quote(model._meta.db_table)}")  # noqa: S608
                counts[model._meta.label_lower] = cursor.fetchone()[0]
        cursor.execute("SELECT app, name FROM django_migrations")
        migrations = sorted(f"{app}.{name}" for app, name in cursor.fetchall())
    return {"counts": dict(sorted(counts.items())), "migrations": migrations}


@contextmanager
def snapshot(connection):
    """One read-only snapshot for the counts and the dump; yields PostgreSQL's exported snapshot
    id for `pg_dump --snapshot` (None on SQLite, whose dump runs on this very connection)."""
    if connection.in_atomic_block:
        raise RuntimeError("A backup must start outside a transaction.")
    with transaction.atomic(using=connection.alias):
        if connection.vendor != "postgresql":
            yield None
            return
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot_id = cursor.fetchone()[0]
        yield snapshot_id


def connector_for(connection):
    if connection.vendor not in CONNECTORS:
        raise BackupError(
            f"Chỉ sao lưu, khôi phục được cơ sở dữ liệu SQLite và PostgreSQL, không phải "
            f"{connection.vendor}."
        )
    return get_connector(connection.alias, connector_path=CONNECTORS[connection.vendor])
