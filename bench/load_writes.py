#!/usr/bin/env python
"""Load with writes: gunicorn (4 sync workers, production-like settings) on 127.0.0.1 over a
small synthetic country, and CLIENTS concurrent browsers for SECONDS seconds mixing reads with
report submissions, reviews and task edits through the real forms; then the database is
checked: 5xx answers, duplicate rows and lost updates must all be 0 (exit status 1 otherwise).

    bash bench/load.sh [--clients 100] [--seconds 30] [--communes 40] [--keep]
    # = scripts/with-postgres.sh .venv/bin/python bench/load_writes.py …

In a new database `reformplan_bench_writes` next to DATABASE_URL's (PostgreSQL on a loopback
address only): migrate, `generate_scale_data` (2 provinces, 40 communes, 30 tasks a plan), a
second Interior Office user per busy commune. The clients work in cells of ten on one commune
each: two sessions of the commune's head (UBND) submit (or save as draft) reports on the same
four tasks, Q2 (reports that exist) and Q3 (new ones), through the portal's form; two Interior
Office users accept or return the first report on the review page; two edit the notes of two
of those four tasks in the admin's change form; four only read (report page, review, home;
portal, home). Every POST carries the page's CSRF token and the version the form was loaded
with, so colliding writes go through the optimistic-locking paths (the clients:
bench/write_clients.py; the checks: bench/write_checks.py). A kind of write that never
succeeded also fails the run (it was not measured).

Bounded: no new action after --seconds, at most --max-requests requests, a 30-second timeout on
each; gunicorn is stopped (then killed by its process group) whatever happens; the database is
dropped at the end (--keep keeps it).
"""

from __future__ import annotations

import argparse
import io
import os
import re
import statistics
import sys
import threading
import time
from collections import Counter, defaultdict

import common
import load
from browser import Browser
from write_checks import duplicate_reports, lost_updates
from write_clients import ACTIONS, CELL, EDIT_TASKS, HEAD_TASKS, Cell, Client, Tally

DB_WRITES = "reformplan_bench_writes"
SAVED = {"saved", "accepted", "returned"}  # outcomes of writes answered as successful
# The last line of a traceback ("django.db.utils.OperationalError: …"), not an e-mail header.
EXCEPTION_LINE = r"^(?:[a-z_]\w*\.)*[A-Z]\w*(?:Error|Exception|Warning|Detected|Violation): "
ROLE_ACTIONS = {"head": "report", "reviewer": "review", "editor": "task edit"}


# --- the database ----------------------------------------------------------------------


def build(communes: int, clients: int) -> list[Client]:
    """Migrate, generate the country, choose the busy communes; the clients with sessions."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.management import call_command

    from plans import access
    from plans.models import AdministrativeUnit, Plan, UserProfile
    from tasks.models import Task

    call_command("migrate", verbosity=0, interactive=False)
    call_command(
        "generate_scale_data",
        "--force",
        "--provinces=2",
        f"--communes={communes}",
        "--tasks=30",
        "--reports=0.5",
        stdout=io.StringIO(),
    )
    users = get_user_model().objects
    office_group = Group.objects.get(name=access.GROUP_OFFICE)
    units = list(AdministrativeUnit.objects.filter(slug__regex=r"^thu-xa-").order_by("slug"))
    cells = []
    for i in range((clients + len(CELL) - 1) // len(CELL)):
        unit = units[i * len(units) // max(1, (clients + len(CELL) - 1) // len(CELL))]
        plan = Plan.objects.get(unit=unit)
        head = users.select_related("profile").get(username=f"{unit.slug}-ubnd")
        second = users.create(username=f"{unit.slug}-noivu2", is_staff=True)
        second.set_unusable_password()
        second.save()
        second.groups.add(office_group)
        UserProfile.objects.create(user=second, unit=unit)
        head_tasks = list(
            Task.objects.filter(plan=plan, assignments__agency_id=head.profile.agency_id)
            .distinct()
            .order_by("order")
            .values_list("pk", flat=True)[:HEAD_TASKS]
        )
        cells.append(
            Cell(
                plan=plan.slug,
                year=plan.start_year,
                agency_id=head.profile.agency_id,
                offices=[f"{unit.slug}-noivu", second.username],
                head=head.username,
                head_tasks=head_tasks,
                # The editors change tasks the head is reporting on: task edits and report
                # writes on one task collide too.
                edit_tasks=head_tasks[:EDIT_TASKS],
            )
        )
    result = []
    for i in range(clients):
        cell, role = cells[i // len(CELL)], CELL[i % len(CELL)]
        slot = CELL[: i % len(CELL)].count(role)  # 0 or 1 (readers: 0…3)
        username = {
            "head": cell.head,
            "reviewer": cell.offices[slot % 2],
            "editor": cell.offices[slot % 2],
            "reader": cell.offices[0] if slot % 2 == 0 else cell.head,
        }[role]
        result.append(Client(i, role, username, cell))
    accounts = [load.Account(c.username, c.role) for c in result]
    cookie_name = load.open_sessions(accounts)
    ids = dict(
        users.filter(username__in={c.username for c in result}).values_list("username", "pk")
    )
    for client, account in zip(result, accounts, strict=True):
        client.session_key = f"{cookie_name}={account.session_key}"
        client.user_id = ids[client.username]
    return result


def drive(port: int, clients: list[Client], seconds: float, tally: Tally, run: str) -> float:
    """Every client in its own thread until `seconds` have passed; the wall-clock seconds."""
    start = time.monotonic()
    deadline = start + seconds

    def loop(c: Client):
        name, value = c.session_key.split("=", 1)
        b = Browser(port, {name: value}, tally.log)
        k = 0
        while time.monotonic() < deadline and tally.budget > 0:
            ACTIONS[c.role](b, c, k, tally, run)
            k += 1

    threads = [threading.Thread(target=loop, args=(c,), daemon=True) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=max(0.0, deadline - time.monotonic()) + 4 * load.REQUEST_TIMEOUT)
    return time.monotonic() - start


def warm_up(port: int, clients: list[Client]) -> None:
    """Each kind of page once per gunicorn worker, unmeasured (imports, first queries)."""
    firsts = {}
    for c in clients:
        firsts.setdefault(c.role, c)
    paths = []
    if "head" in firsts:
        c = firsts["head"]
        paths.append((c, f"/tasks/mine/?plan={c.cell.plan}&period={c.cell.year}-Q2"))
        paths.append((c, f"/tasks/{c.cell.head_tasks[0]}/report/{c.cell.year}-Q2/"))
    if "editor" in firsts:
        c = firsts["editor"]
        paths.append((c, f"/admin/tasks/task/{c.cell.edit_tasks[0]}/change/"))
        paths.append((c, f"/reports/review/?plan={c.cell.plan}&period={c.cell.year}-Q2"))
        paths.append((c, "/admin/tasks/task/"))
    for c, path in paths:
        name, value = c.session_key.split("=", 1)
        b = Browser(port, {name: value}, lambda *args: None)
        for _ in range(load.WORKERS):
            b.get("warm-up", path)


# --- the report ------------------------------------------------------------------------


def server_errors(log_text: str) -> list[str]:
    """The failed requests and exceptions in gunicorn's log, counted: each exception line of a
    traceback with the DETAIL and CONTEXT lines PostgreSQL adds (e.g. which rows a deadlock
    was on)."""
    counts = Counter()
    lines = log_text.splitlines()
    for i, line in enumerate(lines):
        if line.startswith("Internal Server Error: "):
            counts[re.sub(r"/\d+/", "/N/", line)] += 1
        elif re.match(EXCEPTION_LINE, line):
            extra = []
            for x in lines[i + 1 : i + 8]:
                if not x.startswith(("DETAIL", "Process", "HINT", "CONTEXT")):
                    break
                if not x.startswith("HINT"):
                    extra.append(re.sub(r"\d+", "N", x.strip()))
            counts[" | ".join([re.sub(r"\d{3,}", "N", line), *extra])] += 1
    return [f"{n} × {text}" for text, n in counts.most_common(10)]


def summary(clients, wall, tally, duplicates, lost, load_before) -> tuple[list[str], bool]:
    results = tally.results
    latencies = [r.seconds * 1000 for r in results]
    errors = [r for r in results if r.status is None or r.status >= 500]
    other = [r for r in results if r.status is not None and r.status < 500]
    other = [r for r in other if r.status not in (200, 302)]
    roles = Counter(c.role for c in clients)
    cells = len({id(c.cell) for c in clients})
    lines = [
        f"Load with writes: {len(clients)} clients ({roles['head']} agency heads, "
        f"{roles['reviewer']} reviewers, {roles['editor']} task editors, {roles['reader']} "
        f"readers) on {cells} communes, {wall:.1f} s, {load.WORKERS} gunicorn workers",
        f"  requests {len(results)}, throughput {len(results) / wall:.1f} req/s, "
        f"p50 {statistics.median(latencies) if latencies else float('nan'):.0f} ms, "
        f"p95 {load.percentile(latencies, 0.95):.0f} ms",
    ]
    by_kind = defaultdict(list)
    for r in results:
        by_kind[r.kind].append(r.seconds * 1000)
    for kind, values in sorted(by_kind.items()):
        lines.append(
            f"  {kind:<14} {len(values):>6} requests  p50 {statistics.median(values):>6.0f} ms"
            f"  p95 {load.percentile(values, 0.95):>6.0f} ms"
        )
    for action in ("report", "review", "task edit"):
        parts = [f"{n} {o}" for (a, o), n in sorted(tally.outcomes.items()) if a == action]
        lines.append(f"  {action + 's:':<14} " + (", ".join(parts) or "none"))
    lines += [
        f"  load average of the machine (1 min) before / after: {load_before:.1f} / "
        f"{os.getloadavg()[0]:.1f}",
        f"  5xx answers and failed requests: {len(errors)}",
        f"  duplicate rows: {duplicates}",
        f"  lost updates: {len(lost)} (of {len(tally.writes)} writes answered as successful)",
        f"  other answers (not 200/302): {len(other)}",
    ]
    lines += [f"  lost: {line}" for line in lost[:10]]
    lines += [f"  sample: {line}" for line in tally.samples]
    # A kind of write that never succeeded was not measured (e.g. a form the client no longer
    # finds): the run proves nothing about it.
    confirmed = {action for (action, outcome) in tally.outcomes if outcome in SAVED}
    idle = [a for role, a in ROLE_ACTIONS.items() if roles[role] and a not in confirmed]
    lines += [f"  NOT EXERCISED: no {a} answered as successful" for a in idle]
    ok = not errors and not duplicates and not lost and not other and not idle
    return lines, ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--communes", type=int, default=40, help="communes of the country")
    parser.add_argument("--max-requests", type=int, default=100_000)
    parser.add_argument("--keep", action="store_true", help=f"keep the database {DB_WRITES}")
    args = parser.parse_args()
    url = common.check_database_url(os.environ.get("DATABASE_URL"))
    if common.database_exists(url, DB_WRITES):
        sys.exit(f"Database {DB_WRITES} already exists: drop it, or use scripts/with-postgres.sh.")
    os.environ.update(common.production_env())
    common.create_database(url, DB_WRITES)
    bench_url = common.with_database(url, DB_WRITES)
    os.environ["DATABASE_URL"] = bench_url
    import django

    django.setup()
    from django.db import connections

    try:
        started = time.monotonic()
        clients = build(args.communes, args.clients)
        print(f"Database {DB_WRITES} ready in {time.monotonic() - started:.1f} s", flush=True)
        connections.close_all()
        tally = Tally(budget=args.max_requests)
        server = load.Gunicorn(bench_url)
        try:
            server.wait_ready()
            warm_up(server.port, clients)
            run = f"load-{int(time.time())}"
            load_before = os.getloadavg()[0]
            wall = drive(server.port, clients, args.seconds, tally, run)
        finally:
            server.stop()
            with open(server.log.name, encoding="utf-8", errors="replace") as f:
                server_log = f.read()
        lost = lost_updates(tally.writes)
        lines, ok = summary(clients, wall, tally, duplicate_reports(), lost, load_before)
        print("\n".join(lines))
        for line in server_errors(server_log):
            print(f"  server error: {line}")
        if ok:
            os.unlink(server.log.name)
        else:
            print(f"  gunicorn's log: {server.log.name}")
    finally:
        connections.close_all()
        if not args.keep:
            common.drop_database(url, DB_WRITES)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
