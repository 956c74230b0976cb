#!/usr/bin/env bash
# Runs redis-benchmark and fred-bench side by side on a redis-server of its own (a free loopback
# port, stopped at the end), alternating them several times per case, and prints one table: the
# median requests per second of each and the median of the per-run ratios fred/redis. fred-bench
# runs twice per round: on Swift's default executor, and with its tasks on the connection's event
# loop (`--executor connection`, RedisClient.taskExecutor). Then counts heap allocations per GET
# with ../shared/tools/malloccount.
#
# On a machine with two or more CPUs the server runs on CPU 0 and every client on CPU 1, so that
# both tools get the same resources and the scheduler's placement does not decide the result.
#
#   scripts/bench-compare.sh [--reps N] [--quick]
#
# Benchmarks only: nothing here is a test, and the machine's noise shows in the figures.
set -euo pipefail
cd "$(dirname "$0")/.."

reps=3
scale=1
while [ $# -gt 0 ]; do
  case "$1" in
    --reps) reps="$2"; shift 2 ;;
    --quick) scale=10; shift ;;
    *) echo "usage: scripts/bench-compare.sh [--reps N] [--quick]" >&2; exit 64 ;;
  esac
done

command -v redis-server >/dev/null && command -v redis-benchmark >/dev/null || {
  echo "redis-server and redis-benchmark are needed (scripts/test.sh installs them)" >&2; exit 1; }

echo "==> building fred-bench (release)" >&2
swift build -c release --product fred-bench >&2
bench=.build/release/fred-bench

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
dir=$(mktemp -d)
pin_server=(); pin_client=()
if command -v taskset >/dev/null && [ "$(nproc)" -ge 2 ]; then pin_server=(taskset -c 0); pin_client=(taskset -c 1); fi
"${pin_server[@]}" redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --dir "$dir" --daemonize no \
  --logfile "$dir/redis.log" &
server=$!
cleanup() { kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$dir"; }
trap cleanup EXIT
for _ in $(seq 100); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.05; done

results="$dir/results.csv"
: > "$results"

# run CASE FLAGS_FOR_BOTH [REDIS_ONLY_FLAGS] [FRED_ONLY_FLAGS]: SET then GET (so GET reads the
# values SET wrote), by each tool in turn, with the data flushed between tools.
run() {
  local case="$1" common="$2" redis_extra="${3:-}" fred_extra="${4:-}"
  for rep in $(seq "$reps"); do
    # shellcheck disable=SC2086
    r=$("${pin_client[@]}" redis-benchmark -p "$port" -t set,get --csv $common $redis_extra 2>/dev/null | grep -E '^"(SET|GET)"')
    redis-cli -p "$port" flushall >/dev/null
    # shellcheck disable=SC2086
    f=$("${pin_client[@]}" $bench -p "$port" -t set,get --csv $common $fred_extra | grep -E '^"(SET|GET)"')
    redis-cli -p "$port" flushall >/dev/null
    # shellcheck disable=SC2086
    g=$("${pin_client[@]}" $bench -p "$port" -t set,get --csv --executor connection $common $fred_extra | grep -E '^"(SET|GET)"')
    redis-cli -p "$port" flushall >/dev/null
    for t in SET GET; do
      rr=$(echo "$r" | grep "^\"$t\"" | cut -d, -f2 | tr -d '"')
      ff=$(echo "$f" | grep "^\"$t\"" | cut -d, -f2 | tr -d '"')
      gg=$(echo "$g" | grep "^\"$t\"" | cut -d, -f2 | tr -d '"')
      echo "$case,$t,$rep,$rr,$ff,$gg" >> "$results"
      echo "  $case $t #$rep: redis-benchmark $rr, fred-bench $ff, fred-bench --executor connection $gg" >&2
    done
  done
}

n_seq=$((20000 / scale)); n=$((100000 / scale)); n_big=$((2000 / scale))
echo "==> running (each case $reps times, alternating)" >&2
for size in 3 1024; do
  run "-c 1 -P 1 -d $size" "-c 1 -P 1 -d $size -n $n_seq"
  run "-c 50 -P 1 -d $size" "-c 50 -P 1 -d $size -n $n"
  run "-c 1 -P 16 -d $size" "-c 1 -P 16 -d $size -n $n"
  run "fred -c 1000 -P 1 vs redis -c 50 -P 16 -d $size" "-d $size -n $n" "-c 50 -P 16" "-c 1000 -P 1"
done
run "-c 50 -P 1 -d 1048576" "-c 50 -P 1 -d 1048576 -n $n_big"

python3 - "$results" <<'EOF'
import csv, statistics, sys
rows = {}
for case, test, rep, r, f, g in csv.reader(open(sys.argv[1])):
    rows.setdefault((case, test), []).append((float(r), float(f), float(g)))
print("| case | test | redis-benchmark req/s | fred-bench req/s | fred / redis | fred-bench --executor connection | fred / redis |")
print("|---|---|---:|---:|---:|---:|---:|")
for (case, test), runs in rows.items():
    redis = statistics.median(x[0] for x in runs)
    fred = statistics.median(x[1] for x in runs)
    fast = statistics.median(x[2] for x in runs)
    ratio = statistics.median(x[1] / x[0] for x in runs if x[0] > 0)
    fast_ratio = statistics.median(x[2] / x[0] for x in runs if x[0] > 0)
    print(f"| {case} | {test} | {redis:,.0f} | {fred:,.0f} | {ratio:.2f}x | {fast:,.0f} | {fast_ratio:.2f}x |")
EOF

echo
echo "Heap allocations per GET (malloccount, difference of two run lengths, one connection):"
lib=.build/libmalloccount.so
[ -f ../shared/tools/malloccount/malloccount.c ] || { echo "  (../shared/tools/malloccount is not here; skipped)"; exit 0; }
cc -shared -fPIC -O2 -o "$lib" ../shared/tools/malloccount/malloccount.c
allocs() { LD_PRELOAD="$PWD/$lib" "${pin_client[@]}" $bench -p "$port" -t get -q "$@" 2>&1 >/dev/null | awk '/ALLOCS/ {print $2}'; }
for flags in "-c 1 -P 1" "-c 50 -P 1" "-c 1 -P 16" "-c 1 -P 1 --executor connection" "-c 1 -P 1 --executor nio"; do
  # shellcheck disable=SC2086
  a=$(allocs $flags -n 20000); b=$(allocs $flags -n 40000)
  python3 -c "print(f'  {\"$flags\":<28} {($b - $a) / 20000:.2f} per GET')"
done
