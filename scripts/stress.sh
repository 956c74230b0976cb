#!/usr/bin/env bash
# The whole write-and-reply audit: tasks 1/8/64/256/1000 × values 3 B/100 B/1 KiB/16 KiB/256 KiB ×
# RESP2/RESP3 × both executors, each cell checked against what its own redis-server saw (acknowledged
# LPUSHes == list length == INFO commandstats calls; every ECHO reply equals its own argument).
# `swift test` runs a slice of it; this runs all 100 cells (about 12 minutes in a debug build).
#
#   scripts/stress.sh            debug build
#   scripts/stress.sh -c release release build
set -euo pipefail
cd "$(dirname "$0")/.."
command -v redis-server >/dev/null 2>&1 || { echo "redis-server is not installed (scripts/test.sh installs it)" >&2; exit 1; }
FRED_ISOLATED_TESTS=1 FRED_STRESS=full swift test "$@" --filter StressAuditTests 2>&1 | grep -E "^(ok|FAILED) |✔|✘"
