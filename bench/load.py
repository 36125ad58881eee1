#!/usr/bin/env python
"""A bounded load test: gunicorn (4 sync workers, production-like settings) on 127.0.0.1, then
CLIENTS concurrent clients, each logged in with its own session, requesting a mix of pages for
SECONDS seconds; prints throughput, p50/p95 latency and errors, then stops gunicorn.

Run by bench/run.py after its measurements (on the national database it built), or alone
against a database that already holds the synthetic country (`generate_scale_data`):

    DATABASE_URL=postgres://…@127.0.0.1:…/db .venv/bin/python bench/load.py [--clients 100]

Standard library only: one thread and one http.client connection per request per client.
The load is bounded: at most `--max-requests` requests, no new request after `--seconds`,
a 30-second timeout on each request; gunicorn is stopped at the end whatever happens.
"""

from __future__ import annotations

import argparse
import http.client
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import common

REQUEST_TIMEOUT = 30
WORKERS = 4


@dataclass
class Account:
    username: str
    role: str  # office, agency, province
    session_key: str = ""
    paths: list[tuple[str, str]] = field(default_factory=list)  # (page kind, path)


@dataclass
class Result:
    kind: str
    status: int | None  # None: the request failed (connection, timeout)
    seconds: float
    error: str = ""


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def choose_accounts(clients: int, period_slug: str, dashboard: bool = True) -> list[Account]:
    """`clients` synthetic users spread over the country, half Interior Office staff, 40%
    commune heads, 10% provincial Home Affairs staff (when that role and the dashboard
    exist, and `dashboard`), each with the pages its role opens."""
    from django.contrib.auth import get_user_model
    from django.urls import NoReverseMatch, reverse

    from plans.models import Plan

    user_model = get_user_model()

    def users(pattern):
        return list(
            user_model.objects.filter(username__regex=pattern)
            .select_related("profile__unit")
            .order_by("username")
        )

    offices = users(r"^thu-xa-[0-9]+-noivu$")
    heads = users(r"^thu-xa-[0-9]+-ubnd$")
    provinces = users(r"^thu-tinh-[0-9]+-sonoivu$")
    if not offices or not heads:
        sys.exit("No synthetic users: run manage.py generate_scale_data on this database first.")
    try:
        reverse("province-dashboard", args=["x"])
    except NoReverseMatch:
        provinces = []
    if not dashboard:
        provinces = []
    plans = {}
    for unit_id, slug in Plan.objects.filter(unit__slug__regex=r"^thu-xa-[0-9]+$").values_list(
        "unit_id", "slug"
    ):
        plans[unit_id] = slug
    share = {"office": 5, "agency": 4, "province": 1 if provinces else 0}
    share["office"] += 10 - sum(share.values())
    roles = [role for role, n in share.items() for _ in range(n)]
    pools = {"office": offices, "agency": heads, "province": provinces}
    wanted = Counter(roles[i % len(roles)] for i in range(clients))
    taken = dict.fromkeys(pools, 0)
    accounts = []
    for i in range(clients):
        role = roles[i % len(roles)]
        pool = pools[role]
        # Evenly spaced over the pool: clients from every province.
        user = pool[(taken[role] * len(pool) // max(1, wanted[role])) % len(pool)]
        taken[role] += 1
        account = Account(user.username, role)
        unit = user.profile.unit
        if role == "office":
            plan = plans[unit.pk]
            account.paths = [
                ("report page", f"/reports/{plan}/{period_slug}/"),
                ("review", f"/reports/review/?plan={plan}&period={period_slug}"),
                ("home", "/"),
            ]
        elif role == "agency":
            account.paths = [("portal", f"/tasks/mine/?period={period_slug}"), ("home", "/")]
        else:
            dashboard = reverse("province-dashboard", args=[unit.slug])
            account.paths = [("dashboard", f"{dashboard}?period={period_slug}"), ("home", "/")]
        accounts.append(account)
    return accounts


def open_sessions(accounts: list[Account]) -> str:
    """A session in the database for each account, as a login would leave it; the cookie name."""
    from django.conf import settings
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )
    from django.contrib.sessions.backends.db import SessionStore

    users = {
        u.username: u
        for u in get_user_model().objects.filter(username__in=[a.username for a in accounts])
    }
    for account in accounts:
        user = users[account.username]
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        account.session_key = session.session_key
    return settings.SESSION_COOKIE_NAME


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(port: int, path: str, cookie: str = "") -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)
    try:
        connection.request("GET", path, headers={"Cookie": cookie} if cookie else {})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


class Gunicorn:
    """gunicorn on 127.0.0.1:<free port>, in its own process group; always stopped on exit."""

    def __init__(self, database_url: str, workers: int = WORKERS):
        self.port = free_port()
        self.log = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed in stop()
            prefix="bench-gunicorn-", suffix=".log", delete=False
        )
        env = os.environ | {
            "DATABASE_URL": database_url,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_CONN_MAX_AGE": os.environ.get("DJANGO_CONN_MAX_AGE", "60"),
        }
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "reformplan.wsgi",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(workers),
            "--timeout",
            "60",
            "--chdir",
            str(common.ROOT),
        ]
        self.process = subprocess.Popen(  # noqa: S603 - fixed command, our own interpreter
            command, env=env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True
        )

    def wait_ready(self, seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited early:\n{self.tail()}")
            try:
                status, _ = get(self.port, "/accounts/login/")
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.3)
        raise RuntimeError(f"gunicorn not ready after {seconds:.0f} s:\n{self.tail()}")

    def tail(self, lines: int = 40) -> str:
        self.log.flush()
        with open(self.log.name, encoding="utf-8", errors="replace") as f:
            return "".join(f.readlines()[-lines:])

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()  # the master stops its workers
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        self.log.close()


def drive(port, accounts, cookie_name, seconds, max_requests) -> tuple[list[Result], float]:
    """Every account in its own thread, requesting its pages in turn until `seconds` have
    passed or `max_requests` have been made; (results, wall-clock seconds)."""
    results: list[Result] = []
    lock = threading.Lock()
    budget = [max_requests]
    start = time.monotonic()
    deadline = start + seconds

    def client(index: int, account: Account):
        cookie = f"{cookie_name}={account.session_key}"
        k = index  # clients of one role start on different pages
        while time.monotonic() < deadline:
            with lock:
                if budget[0] <= 0:
                    return
                budget[0] -= 1
            kind, path = account.paths[k % len(account.paths)]
            k += 1
            began = time.perf_counter()
            try:
                status, _ = get(port, path, cookie)
                result = Result(kind, status, time.perf_counter() - began)
            except (OSError, http.client.HTTPException) as error:
                result = Result(kind, None, time.perf_counter() - began, repr(error))
            with lock:
                results.append(result)

    threads = [
        threading.Thread(target=client, args=(i, a), daemon=True) for i, a in enumerate(accounts)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=max(0.0, deadline - time.monotonic()) + REQUEST_TIMEOUT + 5)
    return results, time.monotonic() - start


@dataclass
class LoadReport:
    clients: int
    seconds: float
    requests: int
    throughput: float
    p50_ms: float
    p95_ms: float
    errors: int  # 5xx and failed requests
    unexpected: int  # other statuses than 200 (a lost session would show as 302)
    by_kind: dict = field(default_factory=dict)  # kind → (requests, p50 ms, p95 ms)
    samples: list = field(default_factory=list)  # first few errors

    def lines(self) -> list[str]:
        out = [
            f"Load test: {self.clients} clients, {self.seconds:.1f} s, {WORKERS} gunicorn workers",
            f"  requests {self.requests}, throughput {self.throughput:.1f} req/s, "
            f"p50 {self.p50_ms:.0f} ms, p95 {self.p95_ms:.0f} ms, "
            f"errors {self.errors}, other non-200 {self.unexpected}",
        ]
        for kind, (n, p50, p95) in sorted(self.by_kind.items()):
            out.append(f"  {kind:<12} {n:>6} requests  p50 {p50:>6.0f} ms  p95 {p95:>6.0f} ms")
        out += [f"  error: {s}" for s in self.samples]
        return out


def summarise(results: list[Result], clients: int, wall: float) -> LoadReport:
    latencies = [r.seconds * 1000 for r in results]
    by_kind = defaultdict(list)
    for r in results:
        by_kind[r.kind].append(r.seconds * 1000)
    errors = [r for r in results if r.status is None or r.status >= 500]
    unexpected = [r for r in results if r.status is not None and r.status < 500 and r.status != 200]
    samples = [f"{r.kind}: {r.status} {r.error}" for r in (errors + unexpected)[:5]]
    return LoadReport(
        clients=clients,
        seconds=wall,
        requests=len(results),
        throughput=len(results) / wall if wall else 0.0,
        p50_ms=statistics.median(latencies) if latencies else float("nan"),
        p95_ms=percentile(latencies, 0.95),
        errors=len(errors),
        unexpected=len(unexpected),
        by_kind={
            k: (len(v), statistics.median(v), percentile(v, 0.95)) for k, v in by_kind.items()
        },
        samples=samples,
    )


def run(
    database_url: str,
    *,
    clients: int = 100,
    seconds: float = 30,
    max_requests: int = 100_000,
    period_slug: str | None = None,
    dashboard: bool = True,
) -> LoadReport:
    """The load test against `database_url` (Django must be set up on the same database)."""
    from django.db import connections
    from django.utils import timezone

    period_slug = period_slug or f"{timezone.localdate().year}-Q2"
    accounts = choose_accounts(clients, period_slug, dashboard)
    cookie_name = open_sessions(accounts)
    connections.close_all()
    server = Gunicorn(database_url)
    try:
        server.wait_ready()
        # Warm every worker up on each kind of page (imports, first queries), unmeasured.
        seen = {}
        for account in accounts:
            for kind, path in account.paths:
                seen.setdefault(kind, (path, f"{cookie_name}={account.session_key}"))
        for path, cookie in seen.values():
            for _ in range(WORKERS):
                get(server.port, path, cookie)
        results, wall = drive(server.port, accounts, cookie_name, seconds, max_requests)
        report = summarise(results, clients, wall)
        if report.errors:
            report.samples.append("gunicorn log:\n" + server.tail())
        return report
    finally:
        server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--max-requests", type=int, default=100_000)
    parser.add_argument("--period", default=None, help="e.g. 2026-Q2 (default: Q2 this year)")
    parser.add_argument(
        "--no-dashboard", action="store_true", help="no province users: unit-level pages only"
    )
    args = parser.parse_args()
    url = common.check_database_url(os.environ.get("DATABASE_URL"))
    for key, value in common.production_env().items():
        os.environ.setdefault(key, value)
    import django

    django.setup()
    report = run(
        url,
        clients=args.clients,
        seconds=args.seconds,
        max_requests=args.max_requests,
        period_slug=args.period,
        dashboard=not args.no_dashboard,
    )
    print("\n".join(report.lines()))
    sys.exit(1 if report.errors or report.unexpected else 0)


if __name__ == "__main__":
    main()
