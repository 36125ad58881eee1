"""What bench/run.py and bench/load.py share: the production-like environment, the project on
sys.path, and the benchmark's own PostgreSQL databases (on a loopback server only)."""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

LOOPBACK = {"127.0.0.1", "localhost", "::1"}
# The two databases the benchmark creates next to DATABASE_URL's: the one real plan, and the
# same plus the synthetic country (a copy of the first, made with CREATE DATABASE … TEMPLATE).
DB_ONE = "reformplan_bench_one"
DB_NATIONAL = "reformplan_bench_national"


def production_env(extra_hosts: str = "") -> dict[str, str]:
    """Debug off, HTTPS redirect and secure cookies off (plain HTTP on loopback), one random
    secret key per run (sessions made by the benchmark must be signed with the server's)."""
    hosts = ",".join(h for h in ("127.0.0.1", extra_hosts) if h)
    return {
        "DJANGO_SETTINGS_MODULE": "reformplan.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": os.environ.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": hosts,
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_SESSION_COOKIE_SECURE": "0",
        "DJANGO_CSRF_COOKIE_SECURE": "0",
        "DJANGO_SECURE_HSTS_SECONDS": "0",
        "DJANGO_LOG_LEVEL": os.environ.get("DJANGO_LOG_LEVEL", "ERROR"),
    }


def check_database_url(url: str | None) -> str:
    """DATABASE_URL, if it names PostgreSQL on a loopback address; else exit with a message."""
    if not url:
        sys.exit(
            "DATABASE_URL is not set. Run through scripts/with-postgres.sh, e.g.\n"
            "  scripts/with-postgres.sh .venv/bin/python bench/run.py"
        )
    parts = urlsplit(url)
    if parts.scheme not in {"postgres", "postgresql"}:
        sys.exit(f"The benchmark needs PostgreSQL, not {parts.scheme!r}.")
    if parts.hostname not in LOOPBACK:
        sys.exit(f"The benchmark only runs against a server on this machine, not {parts.hostname}.")
    return url


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def admin_connection(url: str):
    """An autocommit connection to the server's maintenance database (to create databases)."""
    import psycopg2

    parts = urlsplit(url)
    connection = psycopg2.connect(
        host=parts.hostname,
        port=parts.port or 5432,
        user=parts.username,
        password=parts.password,
        dbname="postgres",
    )
    connection.autocommit = True
    return connection


def _execute(url: str, sql: str, params=()) -> list[tuple]:
    connection = admin_connection(url)
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall() if cursor.description else []
    finally:
        connection.close()


def database_exists(url: str, name: str) -> bool:
    return bool(_execute(url, "SELECT 1 FROM pg_database WHERE datname = %s", [name]))


def create_database(url: str, name: str, template: str | None = None) -> None:
    """CREATE DATABASE (a copy of `template` if given: nobody may be connected to it)."""
    from psycopg2 import sql

    statement = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
    if template:
        statement = sql.SQL("{} TEMPLATE {}").format(statement, sql.Identifier(template))
    _execute(url, statement)


def drop_database(url: str, name: str) -> None:
    from psycopg2 import sql

    _execute(url, sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
