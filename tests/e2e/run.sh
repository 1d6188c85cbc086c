#!/usr/bin/env bash
# run.sh: runs one end-to-end scenario of tests/e2e/consultation.mjs in its own little world:
# a private network namespace holding only loopback (when we may make one), an Xvfb display with a
# window manager, then the kiosk, the hub and headless Chromium.
#
# Copyright 2026 The Cabine developers
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: tests/e2e/run.sh SCENARIO OUT_DIR BUILD_DIR
set -euo pipefail

scenario=${1:?scenario}
out=$(realpath -m "${2:?out dir}")
build=$(realpath "${3:?build dir}")
here=$(cd "$(dirname "$0")" && pwd)
source_dir=$(cd "$here/../.." && pwd)
mkdir -p "$out"

if [ "${CABINE_E2E_IN_NETNS:-}" != 1 ] && [ "$(id -u)" = 0 ] && unshare --net true 2>/dev/null; then
  # Nothing the test does can reach past this machine: the namespace has loopback only.
  exec env CABINE_E2E_IN_NETNS=1 unshare --net -- "$0" "$@"
fi
if [ "${CABINE_E2E_IN_NETNS:-}" = 1 ]; then
  ip link set lo up
fi

cleanup() {
  [ -n "${wm_pid:-}" ] && kill "$wm_pid" 2>/dev/null || true
  [ -n "${xvfb_pid:-}" ] && kill "$xvfb_pid" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap cleanup EXIT

# shellcheck source=../xvfb.sh
. "$here/../xvfb.sh"
start_xvfb "$out/xvfb.log"
matchbox-window-manager -use_titlebar no > "$out/wm.log" 2>&1 &
wm_pid=$!
sleep 0.5

# HTTPS and WSS, as in production: a private CA and a hub certificate made for this run. The kiosk
# trusts the CA ([kiosk] hub-ca), node's fetch too (NODE_EXTRA_CA_CERTS), and Chromium the hub
# key's SPKI hash (consultation.mjs). CABINE_E2E_PLAIN=1 keeps plain http/ws (local debugging).
if [ "${CABINE_E2E_PLAIN:-}" != 1 ]; then
  "$build/app/cabine-hub" --make-self-signed "$out/tls" --force > "$out/tls.log" 2>&1 ||
    { cat "$out/tls.log" >&2; exit 1; }
  export CABINE_E2E_TLS_DIR="$out/tls" NODE_EXTRA_CA_CERTS="$out/tls/ca.pem"
fi

cd "$here"
node consultation.mjs --scenario "$scenario" --out "$out" --build "$build" --source "$source_dir"
