#!/usr/bin/env bash
# On-demand mutation testing of the rule modules (not part of CI):
#   scripts/mutation.sh                      # every module of [tool.mutmut.rule_modules]
#   scripts/mutation.sh tasks/deadlines.py   # one module
# Installs mutmut (requirements-mutation.txt) into .venv when missing, then runs
# scripts/mutation.py: each module is mutated in its own throwaway copy of the project (the
# working tree is never touched) and only that module's own tests run against its mutants
# (SQLite). Prints a score table and exits 1 when a module scores below MIN_SCORE (default 90).
# MUTATION_JOBS sets the parallel workers (default 2); KEEP=1 keeps the copies: inside one,
# `<project>/.venv/bin/mutmut show NAME` prints the diff of a surviving mutant.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
if [ ! -x "$root/.venv/bin/mutmut" ]; then
  "$root/.venv/bin/python" -m pip install --quiet -r "$root/requirements-mutation.txt"
fi
exec "$root/.venv/bin/python" "$root/scripts/mutation.py" "$@"
