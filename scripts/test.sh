#!/usr/bin/env bash
# Runs every test of Fred. On a fresh Debian machine it first installs what the tests need
# (redis-server and redis-tools) with apt-get. Integration tests start their own redis-server
# processes on free loopback ports and stop them; nothing touches port 6379.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
command -v redis-cli >/dev/null 2>&1 || need+=(redis-tools)
if [ ${#need[@]} -gt 0 ]; then
  echo "==> installing ${need[*]}"
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${need[@]}" >/dev/null
  # The package starts a system service on port 6379; the tests never use it, so stop it.
  $sudo_cmd service redis-server stop >/dev/null 2>&1 || true
fi
redis-server --version

echo "==> building"
swift build --build-tests

echo "==> Generator list-commands commands.yaml"
count=$(swift run -q Generator list-commands commands.yaml | wc -l)
echo "commands.yaml describes $count commands"

echo "==> regenerate-commands writes the generated code, then --check finds it up to date"
out=.build/regenerated
rm -rf "$out"
swift package --allow-writing-to-package-directory regenerate-commands --output "$out"
swift package --allow-writing-to-package-directory regenerate-commands --output "$out" --check

echo "==> an outside package applies the CommandGen plugin to a commands.yaml of its own"
swift build --package-path Tests/PluginFixture --scratch-path .build/plugin-fixture
.build/plugin-fixture/debug/plugin-fixture

echo "==> fred-demo on the in-memory mock"
swift run -q fred-demo

echo "==> fred-bench runs (a short run on a server of its own; speed is not checked here)"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
benchdir=$(mktemp -d)
redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --dir "$benchdir" --daemonize no \
  --logfile "$benchdir/redis.log" &
benchserver=$!
trap 'kill $benchserver 2>/dev/null || true; rm -rf "$benchdir"' EXIT
for _ in $(seq 100); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.05; done
out=$(.build/debug/fred-bench -p "$port" -n 2000 -c 8 -P 4 -r 100 -q)
echo "$out"
[ "$(echo "$out" | grep -c 'requests per second')" -eq 13 ] || { echo "fred-bench did not report all 13 tests" >&2; exit 1; }
.build/debug/fred-bench -p "$port" -n 500 -c 2 -t get,set --csv
.build/debug/fred-bench --mock -n 500 -c 2 -t ping,get,set,incr,mset -q
kill $benchserver; wait $benchserver 2>/dev/null || true
trap - EXIT
rm -rf "$benchdir"

echo "==> fuzz the RESP decoder (libFuzzer + AddressSanitizer), briefly"
scripts/fuzz-resp.sh 20

echo "==> swift test"
# A hang must not eat CI's 90 minutes: every suite also has a time limit of its own.
timeout 20m swift test --skip-build

echo "==> swift test: memory bounds (on their own, so that no other test blurs the figures)"
FRED_MEMORY_TESTS=1 timeout 10m swift test --skip-build --filter MemoryBoundTests
