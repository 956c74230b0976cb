#!/usr/bin/env bash
# Fuzzes Fred's RESP decoder with libFuzzer and AddressSanitizer.
#
#   scripts/fuzz-resp.sh [SECONDS]     (default 60; scripts/test.sh runs it for 20)
#
# Builds Fuzz/ (an outside package, not part of Fred's build) with --sanitize=fuzzer,address and
# runs the fred-fuzz-resp target on a working corpus seeded with real redis-server replies
# (Fuzz/seeds, recorded by Fuzz/make-seeds.py, with synthetic long and deep streams). Inputs go
# up to 1 MiB, so that long replies and deep nesting are reached and anything quadratic in the
# decoder shows as a hang. A crash, leak, hang (5 s) or broken invariant fails the run and leaves
# the input in .build/fuzz-artifacts/.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"

if ! swiftc -sanitize=fuzzer -parse-as-library - -o /dev/null </dev/null >/dev/null 2>&1 \
    && ! ls "$(dirname "$(command -v swiftc)")"/../lib/clang/*/lib/linux/libclang_rt.fuzzer-*.a >/dev/null 2>&1; then
    echo "fuzz-resp: this toolchain has no libFuzzer; skipped"
    exit 0
fi

echo "==> building Fuzz/ (release) with --sanitize=fuzzer --sanitize=address"
# SwiftPM's --sanitize=fuzzer links libFuzzer but leaves Swift code without coverage counters:
# without the explicit -sanitize-coverage the fuzzer runs blind.
# Release, because a debug SwiftNIO is ~20 times slower: a 1 MiB input would outlast the 5 s
# timeout. Bounds and overflow checks stay on, and so does AddressSanitizer.
(cd Fuzz && swift build -c release --sanitize=fuzzer --sanitize=address \
    -Xswiftc -sanitize-coverage=edge,trace-cmp,pc-table,inline-8bit-counters 2>&1 | grep -v "ld.gold: warning: Cannot export local symbol" | tail -3)
binary="Fuzz/.build/release/fred-fuzz-resp"

corpus=".build/fuzz-corpus/resp"
artifacts=".build/fuzz-artifacts/"
mkdir -p "$corpus" "$artifacts"
echo "==> fuzzing the RESP decoder for ${seconds} s"
# -len_control=0: inputs may grow to -max_len at once, instead of from the longest seed by a few
# bytes at a time (which in a short run never gets far).
"$binary" -max_total_time="$seconds" -timeout=5 -rss_limit_mb=2048 -max_len=1048576 -len_control=0 -print_final_stats=1 \
    -artifact_prefix="$artifacts" "$corpus" Fuzz/seeds 2>&1 | grep -E "^#[0-9]+.*(INITED|DONE)|stat::number_of_executed_units|stat::peak_rss|ERROR|SUMMARY|Test unit written|==[0-9]+==" || true
# libFuzzer's exit status is what counts (the grep above only trims its output).
exit "${PIPESTATUS[0]}"
