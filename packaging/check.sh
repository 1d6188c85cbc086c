#!/usr/bin/env bash
# check.sh: Cabine's whole test run, as CI runs it on a fresh Debian 12 machine.
#   1. installs the dependencies (packaging/deps.sh)
#   2. builds warning-clean (-Dwerror=true) with the simulated instruments
#   3. runs every meson suite: unit, hub, media, devices (umockdev), e2e (Xvfb + headless Chromium,
#      each scenario in its own loopback-only network namespace)
#   4. builds again with AddressSanitizer + UndefinedBehaviorSanitizer and runs the unit and hub
#      suites there
#   5. runs each libFuzzer target for a bounded time
# Artifacts (logs, screenshots, summaries) go to artifacts/check/.
#
# Copyright 2026 The Cabine developers
# SPDX-License-Identifier: GPL-3.0-or-later
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
cd "$top"
artifacts="$top/artifacts/check"
rm -rf "$artifacts"
mkdir -p "$artifacts"
export CABINE_ARTIFACTS_DIR="$artifacts"
fuzz_seconds=${CABINE_FUZZ_SECONDS:-30}

passed=0
failed=0
failures=()
step() {
  local name=$1; shift
  echo "== $name"
  local t0=$SECONDS
  if "$@"; then
    passed=$((passed + 1))
    echo "== $name: passed ($((SECONDS - t0)) s)"
  else
    failed=$((failed + 1))
    failures+=("$name")
    echo "== $name: FAILED ($((SECONDS - t0)) s)"
  fi
}

# The failing tests' names and first error lines, repeated at the end of the run (CI may keep only
# the last part of a long output).
why=()
why_failed() {
  local line
  while IFS= read -r line; do why+=("$line"); done < <(
    grep -E '^ *[0-9]+/[0-9]+ .*(FAIL|TIMEOUT|ERROR) |^(Bail out!|.*:ERROR:|.*CRITICAL \*\*|ERROR: )' "$1" |
      sort -u | head -n 20)
}

bash packaging/deps.sh || { echo "check.sh: dependencies could not be installed"; echo "0 passed, 1 failed"; exit 1; }

configure() {
  local dir=$1; shift
  if [ -f "$dir/build.ninja" ]; then
    meson setup --reconfigure "$dir" "$@" > "$artifacts/$(basename "$dir")-setup.log" 2>&1
  else
    meson setup "$dir" "$@" > "$artifacts/$(basename "$dir")-setup.log" 2>&1
  fi || { cat "$artifacts/$(basename "$dir")-setup.log"; return 1; }
}

build_main() {
  configure _build/check -Dwerror=true -Dsimulator=enabled && ninja -C _build/check
}
step "build (-Dwerror=true)" build_main

suite() {
  meson test -C _build/check --suite "$1" --print-errorlogs --num-processes 2 \
    --logbase "suite-$1" "${@:2}"
  local rc=$?
  cp "_build/check/meson-logs/suite-$1.txt" "$artifacts/" 2>/dev/null
  [ $rc -eq 0 ] || why_failed "_build/check/meson-logs/suite-$1.txt"
  return $rc
}
if [ $failed -eq 0 ]; then
  for s in unit hub media devices ui; do
    step "suite $s" suite "$s"
  done
  # Session records under faults (issue 6): kiosk killed, hub cut, full disk, read-only database.
  step "faults (tests/faults/run.sh)" timeout 180 tests/faults/run.sh _build/check "$artifacts/faults"
  # One scenario at a time: each needs both cores for real-time video.
  step "suite e2e" suite e2e --num-processes 1
  # NAT traversal (issue 5): kiosk, browser and coturn in three network namespaces; the call must
  # go through the TURN relay (scenario turn), survive the kiosk's link going down for a few
  # seconds (turn-drop), be re-established with a new offer after a 30 s cut (turn-long-drop), and
  # when the link stays down both sides must say the call is lost and the record why (turn-lost).
  # About 270 s together (turn 25, turn-drop 45, turn-long-drop 85, turn-lost 100), each bounded;
  # 77 means skipped (not root).
  turn_tests() {
    local rc scenario bound
    for scenario in turn turn-drop turn-long-drop turn-lost; do
      case $scenario in turn|turn-drop) bound=90 ;; *) bound=180 ;; esac
      timeout $bound tests/turn/run.sh "$scenario" "$artifacts/$scenario" _build/check
      rc=$?
      [ $rc -eq 77 ] && { echo "tests/turn: skipped (needs root and coturn)"; return 0; }
      [ $rc -eq 0 ] || return $rc
    done
  }
  step "TURN in network namespaces, drop and recover (tests/turn/run.sh)" turn_tests
  # The benchmark against a Chromium kiosk, short: proves it still runs; its figures are only printed.
  step "benchmark smoke (tests/bench/run.sh --quick)" \
    tests/bench/run.sh --quick --build _build/check --out "$artifacts/bench"
fi

build_asan() {
  configure _build/asan -Db_sanitize=address,undefined -Db_lundef=false -Dbuildtype=debug \
    -Dsimulator=enabled && ninja -C _build/asan
}
asan_suites() {
  # fast_unwind_on_malloc=0: GLib has no frame pointers, and tests/lsan.supp names the library
  # function behind each allocation it forgives (tests/meson.build sets G_SLICE=always-malloc).
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:fast_unwind_on_malloc=0 \
  UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
  LSAN_OPTIONS=suppressions="$top/tests/lsan.supp" GIO_USE_PROXY_RESOLVER=dummy \
    meson test -C _build/asan --suite unit --suite hub --print-errorlogs --num-processes 2 --logbase asan
  local rc=$?
  cp _build/asan/meson-logs/asan.txt "$artifacts/" 2>/dev/null
  [ $rc -eq 0 ] || why_failed _build/asan/meson-logs/asan.txt
  return $rc
}
step "build with ASan/UBSan" build_asan && step "unit and hub suites under ASan/UBSan" asan_suites

fuzz() {
  CC=clang configure _build/fuzz -Dfuzzing=true -Dsimulator=disabled || return 1
  local targets
  targets=$(ninja -C _build/fuzz -t targets all | grep -o '^tests/fuzz/fuzz-[a-z0-9-]*' | sort -u)
  [ -n "$targets" ] || { echo "no fuzz targets"; return 1; }
  # shellcheck disable=SC2086
  ninja -C _build/fuzz $targets || return 1
  local rc=0 target
  for target in $targets; do
    local name corpus
    name=$(basename "$target")
    corpus="$top/tests/fuzz/corpus/${name#fuzz-}"
    mkdir -p "$artifacts/$name/new"
    echo "fuzzing $name for ${fuzz_seconds}s"
    # New inputs go to the artifacts folder; the seed corpus in the tree is only read.
    # G_SLICE=always-malloc: GSlice keeps its slabs reachable, hiding leaks from libFuzzer.
    G_SLICE=always-malloc "_build/fuzz/$target" -max_total_time="$fuzz_seconds" -timeout=10 -rss_limit_mb=2048 \
      -artifact_prefix="$artifacts/$name/" "$artifacts/$name/new" "$corpus" \
      > "$artifacts/$name/log.txt" 2>&1 ||
      { echo "$name found a crash: see $artifacts/$name/"; tail -n 30 "$artifacts/$name/log.txt"; rc=1; }
    tail -n 2 "$artifacts/$name/log.txt"
  done
  return $rc
}
step "fuzzing (${fuzz_seconds}s per target)" fuzz

echo
if [ $failed -gt 0 ]; then
  echo "check.sh: failed steps: ${failures[*]}"
  [ ${#why[@]} -eq 0 ] || printf '  %s\n' "${why[@]}"
fi
echo "check: $passed passed, $failed failed"
[ $failed -eq 0 ]
