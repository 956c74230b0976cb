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

echo "==> commands.yaml against a server of its own: the same commands as COMMAND LIST, and an import changes nothing"
specport=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
specdir=$(mktemp -d)
redis-server --port "$specport" --bind 127.0.0.1 --save '' --dir "$specdir" --daemonize no --logfile "$specdir/redis.log" &
specserver=$!
trap 'kill $specserver 2>/dev/null || true; rm -rf "$specdir"' EXIT
until redis-cli -p "$specport" ping >/dev/null 2>&1; do sleep 0.05; done
.build/debug/Generator list-commands commands.yaml > "$specdir/spec.txt"
redis-cli -p "$specport" command list | tr '|' ' ' | tr '[:lower:]' '[:upper:]' | LC_ALL=C sort > "$specdir/server.txt"
echo "commands.yaml describes $(wc -l < "$specdir/spec.txt") commands; the server lists $(wc -l < "$specdir/server.txt")"
diff "$specdir/server.txt" "$specdir/spec.txt"
swift package --allow-writing-to-package-directory --allow-network-connections all \
  import-commands --url "redis://127.0.0.1:$specport" --check
kill $specserver; wait $specserver 2>/dev/null || true
trap - EXIT
rm -rf "$specdir"

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

echo "==> swift test: timing and memory scenarios, one at a time (so that no other test blurs the figures)"
FRED_ISOLATED_TESTS=1 timeout 15m swift test --skip-build --filter IsolatedTests
