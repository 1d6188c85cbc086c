#!/usr/bin/env bash
# run.sh: Cabine's kiosk against a Chromium kiosk on this machine (tests/bench/bench.mjs), in a
# private loopback-only network namespace when we may make one, with an Xvfb display and a window
# manager for the GTK kiosk. Prints the table; writes bench.json and bench.txt to OUT_DIR.
#
# Copyright 2026 The Cabine developers
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: tests/bench/run.sh [--quick] [--out DIR] [--build DIR] [-- extra bench.mjs options]
#   --quick  one short repetition (~70 s), as packaging/check.sh runs it
#   BUILD defaults to _build/check (packaging/check.sh's), then _build/demo (packaging/demo.sh's),
#   then the first build*/ holding app/cabine
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
source_dir=$(cd "$here/../.." && pwd)
quick=()
out=""
build=""
while [ $# -gt 0 ]; do
  case $1 in
    --quick) quick=(--quick); shift ;;
    --out) out=$2; shift 2 ;;
    --build) build=$2; shift 2 ;;
    --) shift; break ;;
    *) echo "usage: $0 [--quick] [--out DIR] [--build DIR] [-- bench.mjs options]" >&2; exit 2 ;;
  esac
done
if [ -z "$build" ]; then
  for d in "$source_dir/_build/check" "$source_dir/_build/demo" "$source_dir"/build*; do
    [ -x "$d/app/cabine" ] && { build=$d; break; }
  done
fi
[ -n "$build" ] && [ -x "$build/app/cabine" ] || { echo "run.sh: no build with app/cabine: run packaging/demo.sh or packaging/check.sh first, or name one with --build DIR" >&2; exit 2; }
build=$(realpath "$build")
out=$(realpath -m "${out:-$source_dir/artifacts/bench}")
mkdir -p "$out"
[ -d "$here/node_modules/ws" ] || (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)

if [ "${CABINE_BENCH_IN_NETNS:-}" != 1 ] && [ "$(id -u)" = 0 ] && unshare --net true 2>/dev/null; then
  # Nothing the benchmark does can reach past this machine: the namespace has loopback only.
  exec env CABINE_BENCH_IN_NETNS=1 unshare --net -- "$0" "${quick[@]}" --out "$out" --build "$build" -- "$@"
fi
if [ "${CABINE_BENCH_IN_NETNS:-}" = 1 ]; then
  ip link set lo up
fi
ulimit -n 16384 2>/dev/null || true

cleanup() {
  [ -n "${wm_pid:-}" ] && kill "$wm_pid" 2>/dev/null || true
  [ -n "${xvfb_pid:-}" ] && kill "$xvfb_pid" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap cleanup EXIT

# shellcheck source=../xvfb.sh
. "$here/../xvfb.sh"
start_xvfb "$out/xvfb.log"
# bench.mjs reports the display server's CPU beside the Cabine kiosk's (not part of its figure)
export CABINE_BENCH_XVFB_PID="$xvfb_pid"
matchbox-window-manager -use_titlebar no > "$out/wm.log" 2>&1 &
wm_pid=$!
sleep 0.5

cd "$here"
node bench.mjs "${quick[@]}" --out "$out" --build "$build" --source "$source_dir" "$@"
