"""On-demand mutation testing of the rule modules; run through scripts/mutation.sh.

Each module of [tool.mutmut.rule_modules] (pyproject.toml) is mutated by mutmut in its own
throwaway copy of the project, against that module's own tests only (SQLite). Prints the
surviving mutants and a score table; exits 1 when a module scores below MIN_SCORE.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

root = Path(__file__).resolve().parent.parent
pyproject = (root / "pyproject.toml").read_text("utf-8")
settings = tomllib.loads(pyproject)["tool"]["mutmut"]
rule_modules = settings.pop("rule_modules")
wanted = sys.argv[1:] or list(rule_modules)
unknown = [m for m in wanted if m not in rule_modules]
if unknown:
    sys.exit(f"Not a rule module of [tool.mutmut.rule_modules]: {', '.join(unknown)}")

DETECTED = {"killed", "timeout", "caught by type check"}
IGNORED = {"skipped"}  # mutants mutmut was told to skip; anything else unkilled counts
STATUS = {1: "killed", 3: "killed", 0: "survived", 5: "no tests", 33: "no tests", 34: "skipped"}
STATUS |= {35: "suspicious", 36: "timeout", 37: "caught by type check", None: "not checked"}
STATUS |= dict.fromkeys((-24, 24, 152, 255), "timeout")


def toml_value(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    return json.dumps(value, ensure_ascii=False)


def project_copy(workdir: Path, module: str, tests: list[str]) -> Path:
    """A copy of the project whose [tool.mutmut] mutates `module` against `tests` only."""
    copy = workdir / module.replace("/", "_").removesuffix(".py")
    skip = shutil.ignore_patterns(
        ".venv", ".git", "mutants", "media", "staticfiles", "db.sqlite3*", "__pycache__"
    )
    shutil.copytree(root, copy, ignore=skip)
    # mutmut imports the project from mutants/: every top-level package goes in as source (only
    # `module` is mutated) and every other top-level file or folder the tests may read is copied.
    top = sorted(p.name for p in copy.iterdir() if not p.name.startswith(".") and p.name != "tests")
    packages = [name for name in top if (copy / name / "__init__.py").exists()]
    section = dict(
        settings,
        source_paths=sorted({*settings.get("source_paths", []), *packages}),
        also_copy=sorted({*settings.get("also_copy", []), *(n for n in top if n not in packages)}),
        only_mutate=[module],
        pytest_add_cli_args_test_selection=tests,
    )
    kept, in_mutmut = [], False
    for line in pyproject.splitlines():
        if line.startswith("["):
            in_mutmut = line.startswith("[tool.mutmut")
        if not in_mutmut:
            kept.append(line)
    kept += ["[tool.mutmut]"] + [f"{key} = {toml_value(value)}" for key, value in section.items()]
    (copy / "pyproject.toml").write_text("\n".join(kept) + "\n", "utf-8")
    return copy


def score(copy: Path, module: str) -> dict:
    meta = json.loads((copy / "mutants" / f"{module}.meta").read_text("utf-8"))
    counts: dict[str, int] = {}
    for code in meta["exit_code_by_key"].values():
        status = STATUS.get(code, "suspicious")
        counts[status] = counts.get(status, 0) + 1
    total = sum(n for status, n in counts.items() if status not in IGNORED)
    detected = sum(n for status, n in counts.items() if status in DETECTED)
    return {"total": total, "detected": detected, "counts": counts}


def recheck(copy: Path, module: str) -> subprocess.CompletedProcess:
    """Run one mutant again by name. mutmut then first runs the unmutated code against the very
    test ids it gave each mutant, and fails loudly when pytest cannot select them (a test id
    that does not survive the round trip): in the full run such a mutant would count as killed."""
    meta = json.loads((copy / "mutants" / f"{module}.meta").read_text("utf-8"))
    first = next(iter(meta["exit_code_by_key"]))
    return subprocess.run(  # noqa: S603 - our own venv's mutmut, fixed arguments
        [str(root / ".venv" / "bin" / "mutmut"), "run", first],
        cwd=copy,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


workdir = Path(tempfile.mkdtemp(prefix="reformplan-mutation-"))
env = dict(os.environ, PATH=f"{root / '.venv' / 'bin'}{os.pathsep}{os.environ['PATH']}")
env.pop("DATABASE_URL", None)  # SQLite only: fast, and no server to share between mutants
rows, failed = [], False
try:
    for module in wanted:
        copy = project_copy(workdir, module, rule_modules[module])
        print(f"== {module} against {' '.join(rule_modules[module])}", flush=True)
        started = time.monotonic()
        run = subprocess.run(  # noqa: S603 - our own venv's mutmut, fixed arguments
            [
                str(root / ".venv" / "bin" / "mutmut"),
                "run",
                "--max-children",
                os.environ.get("MUTATION_JOBS", "2"),
            ],
            cwd=copy,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        if run.returncode == 0:
            run = recheck(copy, module)
        minutes = (time.monotonic() - started) / 60
        if run.returncode != 0:
            print(run.stderr[-4000:], file=sys.stderr)
            rows.append((module, None, minutes))
            failed = True
            continue
        result = score(copy, module)
        rows.append((module, result, minutes))
        survivors = subprocess.run(  # noqa: S603 - our own venv's mutmut, fixed arguments
            [str(root / ".venv" / "bin" / "mutmut"), "results"],
            cwd=copy,
            env=env,
            capture_output=True,
            text=True,
        ).stdout
        if survivors.strip():
            print(survivors, end="", flush=True)
finally:
    if os.environ.get("KEEP") == "1":
        print(f"Copies kept in {workdir}")
    else:
        shutil.rmtree(workdir, ignore_errors=True)

minimum = float(os.environ.get("MIN_SCORE", "90"))
print(f"\n{'module':<34} {'mutants':>7} {'killed':>7} {'score':>7} {'min':>5}  not killed")
for module, result, minutes in rows:
    if result is None:
        print(f"{module:<34} {'—':>7} {'—':>7} {'error':>7} {minutes:5.1f}")
        continue
    percent = 100 * result["detected"] / result["total"] if result["total"] else 100.0
    failed |= percent < minimum
    missed = ", ".join(
        f"{n} {status}"
        for status, n in sorted(result["counts"].items())
        if status not in DETECTED | IGNORED
    )
    print(
        f"{module:<34} {result['total']:>7} {result['detected']:>7} {percent:6.1f}% "
        f"{minutes:5.1f}  {missed}"
    )
print(f"\nEvery module must score at least {minimum:g}%: {'FAILED' if failed else 'OK'}")
sys.exit(1 if failed else 0)
