#!/usr/bin/env python
"""Benchmark: the main pages at one unit, then with a whole (synthetic) country.

    scripts/with-postgres.sh .venv/bin/python bench/run.py

Builds two databases on DATABASE_URL's server (PostgreSQL on this machine only):
`reformplan_bench_one` (migrated, the real plan thanh-oai-2022 with reports, four users) and
`reformplan_bench_national` (a copy of it plus `generate_scale_data`: 34 provinces, 3,321
communes). It measures each page's SQL query count and median server time (Django's test
client, in process, debug off) on both databases, alternating between them round by round so
that the noise of a shared machine falls on both alike, and prints one row per page: queries,
median ms and the ratio national / one unit, against the targets. Then it runs the load test
(bench/load.py) on the national database. The databases are dropped at the end (--keep keeps
them). See bench/README.md.
"""

from __future__ import annotations

import argparse
import io
import math
import os
import statistics
import sys
import time
import warnings
from dataclasses import dataclass, field

import common

# whitenoise warns once that collectstatic has not run: the benchmark serves no static files.
warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)

PLAN = "thanh-oai-2022"
PERIOD = "2022-Q2"
UNIT_RATIO_TARGET = 1.3
DASHBOARD_TARGET_MS = 300
DASHBOARD_COMMUNES = 100

# Users the benchmark creates at the real unit (thanh-oai) and its province (ha-noi).
ADMIN, OFFICE, AGENCY, PROVINCE = "bench-admin", "bench-noivu", "bench-coquan", "bench-sonoivu"


@dataclass
class Page:
    label: str
    username: str
    url: str
    kind: str  # "unit": ≤ 1.3× at national scale; "national": constant queries; "info"
    databases: tuple[str, ...] = (common.DB_ONE, common.DB_NATIONAL)
    target_ms: float | None = None
    compare_queries_with: str | None = None  # label of the page whose count this must equal
    samples: dict = field(default_factory=dict)  # database → [seconds]
    queries: dict = field(default_factory=dict)  # database → count
    status: dict = field(default_factory=dict)  # database → HTTP status of the warm-up

    def median_ms(self, db: str) -> float | None:
        values = self.samples.get(db)
        return statistics.median(values) * 1000 if values else None


# --- databases -------------------------------------------------------------------------


def use_database(name: str) -> None:
    """Point Django's default connection at another database of the same server."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection

    connection.close()
    connection.settings_dict["NAME"] = name
    ContentType.objects.clear_cache()


def setup_one_unit() -> str:
    """Migrate, load the real plan, give half its tasks Q1/Q2 reports, create the users."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.management import call_command
    from django.db.models import Count

    from plans import access
    from plans.models import Agency, AgencyKind, Plan, UserProfile
    from tasks import scale_data

    call_command("migrate", verbosity=0, interactive=False)
    call_command("load_plans", PLAN, stdout=io.StringIO())
    plan = Plan.objects.select_related("unit__parent").get(slug=PLAN)
    reports = scale_data.report_on_plan(plan, "0.5")
    agency = (
        Agency.objects.filter(unit=plan.unit)
        .exclude(kind=AgencyKind.GROUP)
        .annotate(n=Count("assignments"))
        .order_by("-n", "pk")
        .first()
    )
    users = [
        (ADMIN, None, None, None),
        (OFFICE, access.GROUP_OFFICE, plan.unit, None),
        (AGENCY, access.GROUP_AGENCY, plan.unit, agency),
    ]
    province_group = getattr(access, "GROUP_PROVINCE", None)
    if province_group and Group.objects.filter(name=province_group).exists():
        users.append((PROVINCE, province_group, plan.unit.parent, None))
    for username, group, unit, user_agency in users:
        user = get_user_model().objects.create(
            username=username,
            is_staff=group in (None, access.GROUP_OFFICE),
            is_superuser=group is None,
        )
        user.set_unusable_password()
        user.save()
        if group:
            user.groups.add(Group.objects.get(name=group))
            UserProfile.objects.create(user=user, unit=unit, agency=user_agency)
    scale_data.analyze()
    return (
        f"{PLAN}: {plan.tasks.count()} tasks, {reports} reports (Q1 accepted, Q2 submitted); "
        f"agency head of “{agency.name}”"
    )


def generate_national(args) -> float:
    from django.core.management import call_command

    started = time.monotonic()
    call_command(
        "generate_scale_data",
        "--force",
        f"--provinces={args.provinces}",
        f"--communes={args.communes}",
        f"--tasks={args.tasks}",
        f"--reports={args.reports}",
    )
    return time.monotonic() - started


# --- pages -----------------------------------------------------------------------------


def dashboard_url(slug: str) -> str | None:
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse("province-dashboard", args=[slug])
    except NoReverseMatch:
        return None


def pages(notes: list[str]) -> list[Page]:
    """The pages measured on both databases, then those only the national one has (its
    100-commune province's dashboard, one synthetic commune's pages)."""
    from django.contrib.auth import get_user_model
    from django.db.models import Count
    from django.utils import timezone

    from plans.models import AdministrativeUnit, UnitLevel

    office_report = f"/reports/{PLAN}/{PERIOD}/"
    result = [
        Page("report page", OFFICE, office_report, "unit"),
        Page("report .xlsx", OFFICE, f"/reports/{PLAN}/{PERIOD}.xlsx", "unit"),
        Page("agency portal", AGENCY, f"/tasks/mine/?plan={PLAN}&period={PERIOD}", "unit"),
        Page("review page", OFFICE, f"/reports/review/?plan={PLAN}&period={PERIOD}", "unit"),
        Page("home (office)", OFFICE, "/", "unit"),
        Page("admin tasks (office)", OFFICE, "/admin/tasks/task/", "unit"),
    ]
    has_province_user = get_user_model().objects.filter(username=PROVINCE).exists()
    dashboard = dashboard_url("ha-noi")
    if dashboard is None:
        notes.append("province dashboard: URL name “province-dashboard” not found, skipped.")
    else:
        viewer = PROVINCE if has_province_user else ADMIN
        result.append(
            Page("province dashboard (1 unit)", viewer, f"{dashboard}?period={PERIOD}", "unit")
        )
    result += [
        Page("national home (superuser)", ADMIN, "/", "national"),
        Page("admin tasks (superuser)", ADMIN, "/admin/tasks/task/", "national"),
        Page("admin assignments (superuser)", ADMIN, "/admin/tasks/taskassignment/", "national"),
        Page("admin reports (superuser)", ADMIN, "/admin/tasks/progressreport/", "national"),
        Page("review page (superuser)", ADMIN, "/reports/review/", "national"),
    ]
    # National database only: the province closest above 100 communes, one of its communes.
    use_database(common.DB_NATIONAL)
    year = timezone.localdate().year
    period = f"{year}-Q2"
    provinces = list(
        AdministrativeUnit.objects.filter(slug__startswith="thu-tinh-", level=UnitLevel.PROVINCE)
        .annotate(n=Count("children"))
        .order_by("n", "slug")
    )
    province = next((p for p in provinces if p.n >= DASHBOARD_COMMUNES), provinces[-1])
    commune = province.children.order_by("slug").first()
    only = (common.DB_NATIONAL,)
    if dashboard is not None:
        viewer = f"{province.slug}-sonoivu"
        if not get_user_model().objects.filter(username=viewer).exists():
            viewer = ADMIN
        result.append(
            Page(
                f"province dashboard ({province.n} communes)",
                viewer,
                f"{dashboard_url(province.slug)}?period={period}",
                "dashboard",
                only,
                target_ms=DASHBOARD_TARGET_MS,
                compare_queries_with="province dashboard (1 unit)",
            )
        )
    plan = f"{commune.slug}-{year}"
    office, head = f"{commune.slug}-noivu", f"{commune.slug}-ubnd"
    for label, user, url in [
        ("report page", office, f"/reports/{plan}/{period}/"),
        ("agency portal", head, f"/tasks/mine/?period={period}"),
        ("review page", office, f"/reports/review/?period={period}"),
        ("home (office)", office, "/"),
    ]:
        result.append(Page(f"{label}, synthetic commune", user, url, "info", only))
    notes.append(
        f"synthetic pages: {province.full_name} ({province.n} communes), {commune.full_name}, "
        f"period {period}"
    )
    return result


# --- measuring -------------------------------------------------------------------------


def measure(all_pages: list[Page], reps: int, rounds: int, budget: float) -> None:
    """Warm-up and query count of every page on each database, then `reps` timed requests per
    page and database, in `rounds` rounds alternating between the databases."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    clients = {}

    def client(db, username):
        if (db, username) not in clients:
            c = Client()
            c.force_login(get_user_model().objects.get(username=username))
            clients[db, username] = c
        return clients[db, username]

    databases = (common.DB_ONE, common.DB_NATIONAL)
    for db in databases:
        use_database(db)
        for page in (p for p in all_pages if db in p.databases):
            c = client(db, page.username)
            response = c.get(page.url)
            page.status[db] = response.status_code
            if response.status_code != 200:
                continue
            with CaptureQueriesContext(connection) as captured:
                c.get(page.url)
            page.queries[db] = len(captured)
    per_round = math.ceil(reps / rounds)
    for _ in range(rounds):
        for db in databases:
            use_database(db)
            for page in (p for p in all_pages if db in p.databases):
                if page.status.get(db) != 200:
                    continue
                c = client(db, page.username)
                samples = page.samples.setdefault(db, [])
                for _ in range(per_round):
                    if len(samples) >= 3 and sum(samples) > budget:
                        break  # a very slow page: enough samples for a median
                    began = time.perf_counter()
                    c.get(page.url)
                    samples.append(time.perf_counter() - began)
                print(".", end="", flush=True)
    print()


# --- stored summaries: the first visit ------------------------------------------------------


def first_visits(all_pages: list[Page]) -> list[str]:
    """The dashboards read stored plan summaries (tasks.reports.stored); the table above times
    them stored. Here, on the national database: the first request with nothing stored, the
    first after one plan's data changed, and `refresh_summaries` storing the period ahead."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import F
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from tasks.models import Task
    from tasks.reports.stored import StoredSummary

    use_database(common.DB_NATIONAL)
    lines = []
    for page in all_pages:
        if page.kind not in ("dashboard", "national") or not page.label.startswith(
            ("province dashboard (", "national home")
        ):
            continue
        if page.status.get(common.DB_NATIONAL) != 200 or common.DB_NATIONAL not in page.databases:
            continue
        c = Client()
        c.force_login(get_user_model().objects.get(username=page.username))
        timings = []
        StoredSummary.objects.all().delete()
        began = time.perf_counter()
        response = c.get(page.url)
        timings.append(time.perf_counter() - began)
        if response.status_code != 200:
            lines.append(f"{page.label}: HTTP {response.status_code} on the first visit")
            continue
        # one plan the page showed (stored by that visit) changes: a write the triggers see
        plan_id = StoredSummary.objects.values_list("plan_id", flat=True).first()
        task_id = Task.objects.filter(plan_id=plan_id).values_list("pk", flat=True).first()
        Task.objects.filter(pk=task_id).update(version=F("version"))
        with CaptureQueriesContext(connection) as captured:
            began = time.perf_counter()
            c.get(page.url)
            timings.append(time.perf_counter() - began)
        slowest = max(captured.captured_queries, key=lambda q: float(q["time"]))
        lines.append(
            f"{page.label}: first visit with nothing stored {timings[0] * 1000:.0f} ms, "
            f"after one plan changed {timings[1] * 1000:.0f} ms, "
            f"all stored {page.median_ms(common.DB_NATIONAL):.0f} ms (median above)"
        )
        lines.append(
            f"  slowest query after the change: {float(slowest['time']) * 1000:.0f} ms, "
            f"{slowest['sql'][:80]}…"
        )
    StoredSummary.objects.all().delete()
    period = f"{timezone.localdate().year}-Q2"
    began = time.perf_counter()
    call_command("refresh_summaries", "--period", period, stdout=io.StringIO())
    lines.append(
        f"manage.py refresh_summaries --period {period} (every plan of the country): "
        f"{time.perf_counter() - began:.1f} s"
    )
    return lines


# --- the table -------------------------------------------------------------------------


def verdict(page: Page, by_label: dict[str, Page]) -> str:
    one, nat = common.DB_ONE, common.DB_NATIONAL
    if page.status.get(nat) != 200 or (one in page.databases and page.status.get(one) != 200):
        return "FAIL (HTTP " + "/".join(str(page.status.get(d)) for d in page.databases) + ")"
    problems = []
    # Fewer queries at national scale is fine: a superuser's admin filter with too many
    # choices is left out (plans.admin_scoping.superuser_choices).
    if one in page.databases and page.queries[nat] > page.queries[one]:
        problems.append("queries grow")
    twin = by_label.get(page.compare_queries_with or "")
    if twin is not None and page.queries[nat] > twin.queries.get(one, page.queries[nat]):
        problems.append(f"more queries than {twin.label}")
    if page.kind == "unit" and page.median_ms(nat) > UNIT_RATIO_TARGET * page.median_ms(one):
        problems.append(f"> {UNIT_RATIO_TARGET}×")
    if page.target_ms is not None and page.median_ms(nat) > page.target_ms:
        problems.append(f"> {page.target_ms:.0f} ms")
    if problems:
        return "MISS: " + ", ".join(problems)
    return "ok" if page.kind != "info" else "(info)"


def table(all_pages: list[Page]) -> list[str]:
    one, nat = common.DB_ONE, common.DB_NATIONAL
    by_label = {p.label: p for p in all_pages}
    header = (
        "| page | user | queries (1 unit → national) | median ms (1 unit → national) "
        "| ratio | target | result |"
    )
    lines = [header, "|" + "---|" * 7]
    for page in all_pages:
        targets = {
            "unit": f"≤ {UNIT_RATIO_TARGET}×, constant queries",
            "national": "constant queries",
            "dashboard": f"≤ {DASHBOARD_TARGET_MS} ms, constant queries",
            "info": "—",
        }
        q1, qn = page.queries.get(one), page.queries.get(nat)
        m1, mn = page.median_ms(one), page.median_ms(nat)
        both = one in page.databases
        queries = f"{q1} → {qn}" if both else f"— → {qn}"
        ms = (
            f"{m1:.0f} → {mn:.0f}"
            if both and m1 is not None and mn is not None
            else f"— → {mn:.0f}"
            if mn is not None
            else "—"
        )
        ratio = f"{mn / m1:.2f}×" if both and m1 and mn else "—"
        user = page.username
        lines.append(
            f"| {page.label} | {user} | {queries} | {ms} | {ratio} | {targets[page.kind]} "
            f"| {verdict(page, by_label)} |"
        )
    return lines


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reps", type=int, default=20, help="timed requests per page and database")
    parser.add_argument("--rounds", type=int, default=4, help="alternations between databases")
    parser.add_argument(
        "--page-budget", type=float, default=30, help="seconds of timing per page and database"
    )
    parser.add_argument("--provinces", type=int, default=34)
    parser.add_argument("--communes", type=int, default=3321)
    parser.add_argument("--tasks", type=int, default=30)
    parser.add_argument("--reports", default="0.5")
    parser.add_argument("--no-load", action="store_true", help="skip the load test")
    parser.add_argument("--load-clients", type=int, default=100)
    parser.add_argument("--load-seconds", type=float, default=30)
    parser.add_argument("--keep", action="store_true", help="keep the two databases")
    parser.add_argument("--markdown", help="also write the results to this Markdown file")
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    url = common.check_database_url(os.environ.get("DATABASE_URL"))
    for name in (common.DB_ONE, common.DB_NATIONAL):
        if common.database_exists(url, name):
            sys.exit(f"Database {name} already exists: drop it, or use scripts/with-postgres.sh.")
    os.environ.update(common.production_env(extra_hosts="testserver"))
    common.create_database(url, common.DB_ONE)
    os.environ["DATABASE_URL"] = common.with_database(url, common.DB_ONE)
    import django

    django.setup()
    from django.db import connections

    out: list[str] = []

    def say(line: str = "") -> None:
        print(line, flush=True)
        out.append(line)

    try:
        started = time.monotonic()
        say(f"One unit: {setup_one_unit()} ({time.monotonic() - started:.0f} s)")
        connections.close_all()
        common.create_database(url, common.DB_NATIONAL, template=common.DB_ONE)
        use_database(common.DB_NATIONAL)
        seconds = generate_national(args)
        say(
            f"generate_scale_data --provinces {args.provinces} --communes {args.communes} "
            f"--tasks {args.tasks} --reports {args.reports}: {seconds:.1f} s (with ANALYZE)"
        )
        notes: list[str] = []
        all_pages = pages(notes)
        for note in notes:
            say(f"Note: {note}")
        say(f"Measuring {len(all_pages)} pages, {args.reps} requests each per database…")
        measure(all_pages, args.reps, args.rounds, args.page_budget)
        say()
        for line in table(all_pages):
            say(line)
        say()
        for line in first_visits(all_pages):
            say(line)
        if not args.no_load:
            import load

            use_database(common.DB_NATIONAL)
            say()
            report = load.run(
                common.with_database(url, common.DB_NATIONAL),
                clients=args.load_clients,
                seconds=args.load_seconds,
            )
            for line in report.lines():
                say(line)
        if args.markdown:
            with open(args.markdown, "w", encoding="utf-8") as f:
                f.write("\n".join(out) + "\n")
    finally:
        connections.close_all()
        if not args.keep:
            for name in (common.DB_NATIONAL, common.DB_ONE):
                common.drop_database(url, name)


if __name__ == "__main__":
    main()
