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

echo "==> swift test"
swift test --skip-build
