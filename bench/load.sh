#!/usr/bin/env bash
# Load with writes in one command, on a throwaway PostgreSQL 15 (see bench/README.md):
#   bash bench/load.sh [--clients 100] [--seconds 30] [--communes 40] [--keep]
set -euo pipefail
cd "$(dirname "$0")/.."
exec scripts/with-postgres.sh .venv/bin/python bench/load_writes.py "$@"
