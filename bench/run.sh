#!/usr/bin/env bash
# The benchmark in one command, on a throwaway PostgreSQL 15 (see bench/README.md):
#   bash bench/run.sh [--reps 20] [--no-load] [--markdown bench/results.md] …
set -euo pipefail
cd "$(dirname "$0")/.."
exec scripts/with-postgres.sh .venv/bin/python bench/run.py "$@"
