"""What bench/load_writes.py verifies in the database after its load: duplicate rows and lost
updates. Django must be set up (tests/test_bench_load.py runs these on hand-made data).

Every write the load makes is optimistic: the form carries the version it was loaded with
(its `base`), and a successful save stores `base + 1` (and a history row with that version).
A write answered as successful is *reflected* when the object's history holds a row with
version `base + 1` showing what the write sent (`expected`, e.g. the task's notes or the
report's review state and reviewer). Successful writes on one object must therefore have
distinct bases: two that share one mean the second overwrote the first without having seen it
(unless both sent the same thing: a double submission answered twice is saved once).
Lost updates are the successful writes that are not reflected, plus one per object whose
current row is older than, or differs from, its latest reflected write.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

TASK = "task"
REPORT = "report"


@dataclass(frozen=True)
class Write:
    """One write answered as successful. `key`: the task's id (model TASK); for a report,
    its id or, when the write may have created it, (task id, agency id, year, quarter)."""

    model: str
    key: int | tuple[int, int, int, int]
    base: int  # the version the form was loaded with; 0 for a report that did not exist
    expected: dict = field(default_factory=dict, hash=False, compare=False)
    label: str = ""  # e.g. "client 7: task edit"


def duplicate_rows(queryset, fields: list[str]) -> int:
    """How many rows of `queryset` repeat another's `fields` (a pair counts 1)."""
    from django.db.models import Count

    groups = queryset.values(*fields).annotate(n=Count("pk")).filter(n__gt=1)
    return sum(group["n"] - 1 for group in groups)


def duplicate_reports() -> int:
    """Progress reports beyond one per (task, agency, year, quarter): the report's identity."""
    from tasks.models import ProgressReport

    return duplicate_rows(ProgressReport.objects.all(), ["task", "agency", "year", "quarter"])


def _matches(row: dict, expected: dict) -> bool:
    return all(row.get(name) == value for name, value in expected.items())


def _resolve_report_keys(keys) -> dict:
    """Report key (an id, or the identity tuple) → report id (missing: not in the database)."""
    from django.db.models import Q

    from tasks.models import ProgressReport

    identities = [k for k in keys if isinstance(k, tuple)]
    resolved = {k: k for k in keys if not isinstance(k, tuple)}
    if identities:
        query = Q()
        for task_id, agency_id, year, quarter in identities:
            query |= Q(task_id=task_id, agency_id=agency_id, year=year, quarter=quarter)
        for row in ProgressReport.objects.filter(query).values(
            "pk", "task_id", "agency_id", "year", "quarter"
        ):
            key = (row["task_id"], row["agency_id"], row["year"], row["quarter"])
            resolved[key] = row["pk"]
    return resolved


def lost_updates(writes: list[Write]) -> list[str]:
    """One line per lost update (see the module's docstring); [] when none."""
    from tasks.models import ProgressReport, Task

    models = {TASK: Task, REPORT: ProgressReport}
    problems = []
    for name, model in models.items():
        mine = [w for w in writes if w.model == name]
        if not mine:
            continue
        if name == REPORT:
            ids = _resolve_report_keys({w.key for w in mine})
        else:
            ids = {w.key: w.key for w in mine}
        fields = sorted({f for w in mine for f in w.expected})
        groups = defaultdict(list)  # (object id, base) → writes
        for w in mine:
            if ids.get(w.key) is None:
                problems.append(f"{w.label}: {name} {w.key} not in the database")
            else:
                groups[ids[w.key], w.base].append(w)
        object_ids = {pk for pk, _ in groups}
        history = defaultdict(list)  # (object id, version) → history rows
        for row in model.history.filter(id__in=object_ids).values("id", "version", *fields):
            history[row["id"], row["version"]].append(row)
        current = {
            row["id"]: row
            for row in model.objects.filter(id__in=object_ids).values("id", "version", *fields)
        }
        latest = {}  # object id → (version, expected) of its latest reflected write
        for (pk, base), group in sorted(groups.items()):
            rows = history.get((pk, base + 1), [])
            shown = [w for w in group if any(_matches(row, w.expected) for row in rows)]
            # Of two writes saved as the same version, the one the current row shows stayed.
            now = current.get(pk)
            stayed = [w for w in shown if now and now["version"] == base + 1]
            stayed = [w for w in stayed if _matches(now, w.expected)]
            reflected = (stayed or shown or [None])[0]
            for w in group:
                # The same content sent twice (a double click) is saved once: nothing lost.
                if w is not reflected and (reflected is None or w.expected != reflected.expected):
                    problems.append(
                        f"{w.label}: {name} {pk} saved from version {base}, but version "
                        f"{base + 1} in its history is not this write, or another write from "
                        "the same version overwrote it"
                    )
            if reflected is not None:
                latest[pk] = (base + 1, reflected)
        for pk, (version, w) in sorted(latest.items()):
            row = current.get(pk)
            if row is None or row["version"] < version:
                problems.append(f"{name} {pk}: current row older than version {version}")
            elif row["version"] == version and not _matches(row, w.expected):
                problems.append(f"{name} {pk}: current row differs from {w.label}")
    return problems
