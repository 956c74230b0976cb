#!/usr/bin/env bash
# Runs every test of Fred. On a fresh Debian machine it first installs what the tests need
# (redis-server, redis-tools and openssl) with apt-get. Integration tests start their own redis-server
# processes on free loopback ports and stop them; nothing touches port 6379.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS
# Each stage's header says how long the run has taken so far, so a slow stage shows in CI's log.
stage() { echo "==> [$(( (SECONDS - started) / 60 ))m$(( (SECONDS - started) % 60 ))s] $*"; }

need=()
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
command -v redis-cli >/dev/null 2>&1 || need+=(redis-tools)
command -v openssl >/dev/null 2>&1 || need+=(openssl)  # the TLS tests make their certificates
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

stage "building"
swift build --build-tests

stage "commands.yaml against a server of its own: the same commands as COMMAND LIST, and an import changes nothing"
specport=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
specdir=$(mktemp -d)
redis-server --port "$specport" --bind 127.0.0.1 --save '' --dir "$specdir" --daemonize no --logfile "$specdir/redis.log" &
specserver=$!
trap 'kill $specserver 2>/dev/null || true; rm -rf "$specdir"' EXIT
for _ in $(seq 200); do redis-cli -p "$specport" ping >/dev/null 2>&1 && break; sleep 0.05; done
.build/debug/FredGenerator list-commands commands.yaml > "$specdir/spec.txt"
redis-cli -p "$specport" command list | tr '|' ' ' | tr '[:lower:]' '[:upper:]' | LC_ALL=C sort > "$specdir/server.txt"
echo "commands.yaml describes $(wc -l < "$specdir/spec.txt") commands; the server lists $(wc -l < "$specdir/server.txt")"
diff "$specdir/server.txt" "$specdir/spec.txt"
swift package --allow-writing-to-package-directory --allow-network-connections all \
  import-commands --url "redis://127.0.0.1:$specport" --check
kill $specserver; wait $specserver 2>/dev/null || true
trap - EXIT
rm -rf "$specdir"

stage "regenerate-commands writes the generated code, then --check finds it up to date"
out=.build/regenerated
rm -rf "$out"
swift package --allow-writing-to-package-directory regenerate-commands --output "$out"
swift package --allow-writing-to-package-directory regenerate-commands --output "$out" --check

stage "an outside package applies the CommandGen plugin to a commands.yaml of its own"
swift build --package-path Tests/PluginFixture --scratch-path .build/plugin-fixture
.build/plugin-fixture/debug/plugin-fixture

stage "fred-demo on the in-memory mock"
swift run -q fred-demo

stage "fred-bench runs (a short run on a server of its own; speed is not checked here)"
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
out=$(.build/debug/fred-bench -p "$port" -n 2000 -c 20 --connections 3 -t get,set -q)
echo "$out"
[ "$(echo "$out" | grep -c 'requests per second')" -eq 2 ] || { echo "fred-bench --connections 3 did not report its 2 tests" >&2; exit 1; }
kill $benchserver; wait $benchserver 2>/dev/null || true
trap - EXIT
rm -rf "$benchdir"

stage "Fred's own binaries link no mock code (fred-bench depends on Fred alone)"
mocksymbols=$(nm --demangle .build/debug/fred-bench | grep -c 'FredMock\|RedisMock' || true)
echo "fred-bench: $mocksymbols mock symbols"
[ "$mocksymbols" -eq 0 ] || { echo "fred-bench links mock code" >&2; exit 1; }

stage "fred-mock-server serves redis-cli, redis-benchmark and fred-bench over TCP"
mockport=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
.build/debug/fred-mock-server --port "$mockport" &
mockserver=$!
trap 'kill $mockserver 2>/dev/null || true' EXIT
for _ in $(seq 200); do redis-cli -p "$mockport" ping >/dev/null 2>&1 && break; sleep 0.05; done
[ "$(redis-cli -p "$mockport" set greeting 'hello mock')" = OK ]
[ "$(redis-cli -p "$mockport" get greeting)" = 'hello mock' ]
[ "$(redis-cli -3 -p "$mockport" hset h f 1)" = 1 ]
out=$(redis-benchmark -p "$mockport" -t set,get,lpush,incr -n 2000 -c 10 -q 2>&1)
echo "$out"
[ "$(echo "$out" | grep -c 'requests per second')" -eq 4 ] || { echo "redis-benchmark did not finish its 4 tests on the mock" >&2; exit 1; }
[ "$(redis-cli -p "$mockport" llen mylist)" = 2000 ] || { echo "the mock does not hold redis-benchmark's 2000 LPUSHes" >&2; exit 1; }
.build/debug/fred-bench -p "$mockport" -n 500 -c 2 -t ping,get,set,incr,mset -q
kill $mockserver; wait $mockserver 2>/dev/null || true
trap - EXIT

stage "the mock engine against a redis-server of its own: random command sequences, every reply compared"
# A person can run a longer one: swift run fred-mockdiff --seed 7 --count 1000000 [--groups lists,streams]
.build/debug/fred-mockdiff --seed "${FRED_MOCKDIFF_SEED:-1}" --count "${FRED_MOCKDIFF_COUNT:-50000}"
stage "the same, with the mock reached over TCP (another seed)"
.build/debug/fred-mockdiff --tcp --seed "${FRED_MOCKDIFF_TCP_SEED:-2}" --count "${FRED_MOCKDIFF_TCP_COUNT:-20000}"

stage "fred-bench --cluster on a 3-node cluster of its own"
clusterdir=$(mktemp -d)
clusterports=()
for _ in 1 2 3; do
  # A cluster node also listens on port + 10000 (its bus): that one must be free too, below 65536,
  # and no node's port may be another's bus port.
  while :; do
    p=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    [ "$p" -lt 55536 ] || continue
    python3 -c 'import socket, sys; s=socket.socket(); s.bind(("127.0.0.1", int(sys.argv[1])))' $((p + 10000)) 2>/dev/null || continue
    clash=0
    for q in "${clusterports[@]}"; do
      [ "$p" -eq $((q + 10000)) ] || [ "$q" -eq $((p + 10000)) ] && clash=1
    done
    [ "$clash" -eq 0 ] && break
  done
  clusterports+=("$p")
  mkdir -p "$clusterdir/$p"
  redis-server --port "$p" --bind 127.0.0.1 --cluster-enabled yes --cluster-config-file nodes.conf --save '' \
    --appendonly no --dir "$clusterdir/$p" --logfile "$clusterdir/$p/redis.log" --daemonize yes
done
trap 'for p in "${clusterports[@]}"; do redis-cli -p "$p" shutdown nosave >/dev/null 2>&1 || true; done; rm -rf "$clusterdir"' EXIT
for p in "${clusterports[@]}"; do
  for _ in $(seq 200); do redis-cli -p "$p" ping >/dev/null 2>&1 && break; sleep 0.05; done
  redis-cli -p "$p" ping >/dev/null 2>&1 || { echo "cluster node $p did not start:" >&2; tail -3 "$clusterdir/$p/redis.log" >&2; exit 1; }
done
redis-cli --cluster create $(for p in "${clusterports[@]}"; do printf '127.0.0.1:%s ' "$p"; done) --cluster-yes >/dev/null
for _ in $(seq 600); do redis-cli -p "${clusterports[0]}" cluster info | grep -q cluster_state:ok && break; sleep 0.1; done
redis-cli -p "${clusterports[0]}" cluster info | grep -q cluster_state:ok || { echo "the cluster did not reach cluster_state:ok within 60 s" >&2; exit 1; }
out=$(.build/debug/fred-bench --cluster -p "${clusterports[0]}" -n 500 -c 4 -t set,get,mset -r 100 -q)
echo "$out"
[ "$(echo "$out" | grep -c 'requests per second')" -eq 3 ] || { echo "fred-bench --cluster did not report its 3 tests" >&2; exit 1; }
for p in "${clusterports[@]}"; do redis-cli -p "$p" shutdown nosave >/dev/null 2>&1 || true; done
trap - EXIT
rm -rf "$clusterdir"

stage "fuzz the RESP decoder (libFuzzer + AddressSanitizer), briefly"
scripts/fuzz-resp.sh 20

stage "swift test"
# A hang must not eat CI's 90 minutes: every suite also has a time limit of its own.
timeout 20m swift test --skip-build

stage "swift test: the mock's suites again, every mock client over TCP"
FRED_MOCK_TRANSPORT=tcp timeout 10m swift test --skip-build --filter "Mock|Pipeline|Readme|Reconnect|RedisClientTests"

stage "swift test: timing and memory scenarios, one at a time (so that no other test blurs the figures)"
FRED_ISOLATED_TESTS=1 timeout 15m swift test --skip-build --filter IsolatedTests
stage "done"
