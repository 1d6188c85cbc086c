#!/usr/bin/env bash
# demo.sh: Cabine's main job on this machine.
#   With a display: builds, starts the hub and the kiosk (full screen, with an emulated USB
#   thermometer) and prints the physician console's address and the demo sign-in.
#   Without a display: runs one whole scripted consultation (Xvfb, hub, kiosk, headless Chromium as
#   the physician, the emulated thermometer), saves screenshots of both sides and prints a summary,
#   also written as JSON.
#
# Copyright 2026 The Cabine developers
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
cd "$top"

bash packaging/deps.sh
build="$top/_build/demo"
if [ ! -f "$build/build.ninja" ]; then
  meson setup "$build" -Dsimulator=enabled > /dev/null
fi
ninja -C "$build" > "$top/_build/demo-build.log" 2>&1 || { tail -n 40 "$top/_build/demo-build.log"; exit 1; }

if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ "${CABINE_DEMO_HEADLESS:-}" != 1 ]; then
  port=${CABINE_HUB_PORT:-8443}
  state="$top/_build/demo-state"
  mkdir -p "$state"
  # HTTPS and WSS with a demo CA made once (cabine-hub --make-self-signed): the kiosk trusts its
  # ca.pem; a browser shows a warning for it unless told to trust it (see below).
  if [ ! -f "$state/tls/hub.pem" ]; then
    "$build/app/cabine-hub" --make-self-signed "$state/tls" > /dev/null
  fi
  spki=$(openssl x509 -in "$state/tls/hub.pem" -pubkey -noout | openssl pkey -pubin -outform der |
         openssl dgst -sha256 -binary | base64)
  sed -e "s|^hub-url=.*|hub-url=wss://127.0.0.1:$port/ws\nhub-ca=$state/tls/ca.pem|" \
      -e "s|^\[kiosk\]|[kiosk]\ndatabase=$state/kiosk.db|" data/kiosk-demo.conf > "$state/kiosk.conf"
  # The simulated exam cameras (CABINE_SIM_CAMERAS below): an otoscope and a dermatoscope.
  printf '\n[cameras]\notoscope=1d6b:0c01\ndermatoscope=1d6b:0c02\n' >> "$state/kiosk.conf"
  "$build/app/cabine-hub" --config data/hub-demo.conf --listen 127.0.0.1 --port "$port" \
    --database "$state/hub.db" --tls-certificate "$state/tls/hub.pem" --tls-key "$state/tls/hub.key" \
    > "$state/hub.log" 2>&1 &
  hub=$!
  trap 'kill $hub 2>/dev/null; wait 2>/dev/null' EXIT
  echo
  echo "Cabine demo"
  echo "  Physician console: https://127.0.0.1:$port/   (sign in: demo / demo)"
  echo "    Its certificate is the demo CA's ($state/tls/ca.pem): import that CA in the browser, or"
  echo "    start Chromium with --ignore-certificate-errors-spki-list=$spki"
  echo "  Kiosk: full screen on this display; emulated USB instruments (thermometer, blood pressure,"
  echo "  pulse oximeter, scale) report every 10 s."
  echo "  Logs: $state/"
  echo "  Close the kiosk (Alt+F4) to stop."
  echo
  CABINE_SIM_CAMERAS=all CABINE_LOCALEDIR="$build/po" "$build/devices/sim/cabine-devsim" --thermometer --blood-pressure --oximeter --scale --omron --cms50d \
    --interval 10 -- \
    "$build/app/cabine" --config "$state/kiosk.conf" 2> "$state/kiosk.log"
  exit 0
fi

out="$top/artifacts/demo-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$out"
echo "demo.sh: no display; running a scripted consultation (about a minute)…"
set +e
bash tests/e2e/run.sh consultation "$out" "$build" > "$out/run.json" 2> "$out/run.log"
rc=$?
set -e
summary="$out/consultation-summary.json"
if [ ! -f "$summary" ]; then
  echo "demo.sh: the consultation did not run; see $out/run.log" >&2
  tail -n 30 "$out/run.log" >&2
  exit 1
fi
node -e '
const s = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
const r = s.reading || {}, p = s.physician || {}, k = s.kiosk || {};
const line = (a, b) => console.log(a.padEnd(46) + b);
const shown = (v, unit = "") => (v === undefined || v === null ? "not measured" : `${v}${unit}`);
if (s.acceptToFirstFrameMs === undefined) {
  console.log("\nCabine demo consultation: it did not complete.");
} else {
  console.log("\nCabine demo consultation: " + (s.problems.length ? "PROBLEMS" : "ok"));
  line("accept → first frame at the physician", shown(s.acceptToFirstFrameMs, " ms"));
  line("video frames decoded at the physician", shown(p.videoFramesDecoded));
  line("video frames decoded at the kiosk", shown(k.videoFramesDecoded));
  line("audio packets received at the physician", shown(p.audioPacketsReceived));
  line("audio packets received at the kiosk", shown(k.audioPacketsReceived));
  line("reading as the physician saw it", r.value !== undefined
       ? `${r.value.toFixed(1)} ${r.unit} (LOINC ${r.loinc}, UCUM ${r.ucum})` : "none");
  line("readings in the kiosk store / acknowledged", `${shown(s.readingsInKioskStore)} / ${shown(s.readingsAcknowledged)}`);
  if (s.bundlePath) line("session FHIR R4 Bundle", s.bundlePath);
  if (s.recordPath) line("session record (as the hub keeps it)", s.recordPath);
}
for (const p of s.problems) console.log("  problem: " + p);
console.log("\nScreenshots:");
for (const f of s.screenshots || []) console.log("  " + f);
console.log("\nSummary JSON: " + process.argv[1]);
' "$summary"
exit $rc
