#!/usr/bin/env bash
# demo.sh: Cabine's main job on this machine.
#   With a display: builds, starts the hub and the kiosk (full screen, with an emulated USB
#   thermometer) and prints the physician console's address and the demo sign-in.
#   Without a display (or CABINE_DEMO_HEADLESS=1): runs one whole scripted consultation
#   (tests/e2e/run.sh consultation: Xvfb, hub, kiosk, headless Chromium as the physician, the four
#   emulated IEEE 11073 instruments and exam cameras), saves screenshots of both sides and prints a
#   summary (also written as JSON): the patient's journey, each reading as the console showed it
#   with its provenance, the requested blood pressure, the otoscope and its verified snapshot, the
#   stethoscope, the notes, the validated FHIR Bundle's path, the kiosk's purge after the upload,
#   maintenance mode, and the problems found. Exits non-zero when there are any.
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
  # data/hub-demo.conf gives kiosks stun:127.0.0.1:3478, which the maintenance network page tests:
  # coturn (installed by deps.sh) in STUN-only mode, unless something already listens there.
  stun=
  if command -v turnserver > /dev/null && ! ss -Hlun 'sport = :3478' | grep -q .; then
    turnserver -n --no-cli --no-tls --no-dtls --stun-only -L 127.0.0.1 -p 3478 --pidfile '' \
      --no-stdout-log --log-file "$state/stun.log" > /dev/null 2>&1 &
    stun=$!
  fi
  "$build/app/cabine-hub" --config data/hub-demo.conf --listen 127.0.0.1 --port "$port" \
    --database "$state/hub.db" --tls-certificate "$state/tls/hub.pem" --tls-key "$state/tls/hub.key" \
    > "$state/hub.log" 2>&1 &
  hub=$!
  trap 'kill $hub $stun 2>/dev/null; wait 2>/dev/null' EXIT
  echo
  echo "Cabine demo"
  echo "  Physician console: https://127.0.0.1:$port/   (sign in: demo / demo)"
  echo "    Its certificate is the demo CA's ($state/tls/ca.pem): import that CA in the browser, or"
  echo "    start Chromium with --ignore-certificate-errors-spki-list=$spki"
  CABINE_SIM_CAMERAS=all CABINE_LOCALEDIR="$build/po" "$build/devices/sim/cabine-devsim" --thermometer --blood-pressure --oximeter --scale --omron --cms50d \
    --interval 10 -- \
    "$build/app/cabine" --config "$state/kiosk.conf" 2> "$state/kiosk.log" &
  devsim=$!
  trap 'kill $devsim $hub $stun 2>/dev/null; wait 2>/dev/null' EXIT INT TERM
  echo "  Kiosk: full screen on this display; emulated USB instruments report every 10 s:"
  echo "    IEEE 11073 thermometer, blood-pressure monitor, pulse oximeter and scale over USB PHDC,"
  echo "    an Omron HEM-790IT-family HID monitor and a CMS50D+-class oximeter; simulated otoscope"
  echo "    and dermatoscope cameras."
  echo "  Logs: $state/"
  echo "  To see the kiosk handle unplugged instruments: kill -USR1 $devsim"
  echo "  Close the kiosk (Alt+F4) or press Ctrl+C here to stop."
  echo
  wait $devsim || true
  exit 0
fi

out="$top/artifacts/demo-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$out"
echo "demo.sh: no display; running a scripted consultation (about 75 s)…"
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
# The network-namespace TURN tests that packaging/check.sh runs (too long for the demo), by name.
turn=$(sed -n 's/^ *for scenario in \(turn[^;]*\);.*/\1/p' packaging/check.sh | head -n 1)
[ -z "$turn" ] || export CABINE_DEMO_TURN_TESTS="tests/turn/run.sh: ${turn// /, } (kiosk, browser and coturn in separate network namespaces)"
node - "$summary" <<'NODE' || { [ "$rc" != 0 ] || rc=1; }
// Prints the consultation's summary (tests/e2e/consultation.mjs) for a person; exits 1 on problems.
const fs = require('fs');
const path = require('path');
const s = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const p = s.physician || {}, k = s.kiosk || {};
const problems = s.problems || [];
const line = (a, b) => console.log('  ' + (a.length < 44 ? a.padEnd(44) : a + '\n' + ' '.repeat(46)) + b);
const shown = (v, unit = '') => (v === undefined || v === null ? 'not measured' : `${v}${unit}`);
const head = (t) => console.log('\n' + t);
const bytes = (n) => `${n} bytes (${(n / 1024).toFixed(1)} KiB)`;

if (s.acceptToFirstFrameMs === undefined) {
  console.log('\nCabine demo consultation: it did not complete.');
} else {
  console.log(`\nCabine demo consultation: ${problems.length ? 'PROBLEMS' : 'ok'}   (hub session ${s.sessionId})`);

  head(`The patient's journey at the kiosk (${s.journey?.language === 'fr' ? 'French' : s.journey?.language})`);
  const pageNames = { precall: 'pre-call check', waiting: 'waiting room', call: 'call (room camera)',
                      'guide-blood-pressure': 'guided blood pressure (physician asked)',
                      'guide-result': 'guided blood pressure: the result', otoscope: 'call (otoscope shown)',
                      end: 'end of the consultation' };
  for (const j of s.journey?.pages || [])
    line(pageNames[j.page] ?? j.page.replace(/-/g, ' '), j.screenshot);

  head('The call');
  line('accept → first frame at the physician', shown(s.acceptToFirstFrameMs, ' ms'));
  line('video frames decoded: physician / kiosk', `${shown(p.videoFramesDecoded)} / ${shown(k.videoFramesDecoded)}`);
  line('audio packets received: physician / kiosk', `${shown(p.audioPacketsReceived)} / ${shown(k.audioPacketsReceived)}`);

  head("The instruments, each reading as the physician's console showed it");
  for (const inst of s.instruments || []) {
    for (const [i, r] of inst.readings.entries()) {
      line(i === 0 ? inst.instrument : '', `${(r.text ?? 'nothing').padEnd(26)} ${r.what}, at ${r.time ?? '?'} (LOINC ${r.loinc}, UCUM ${(r.ucum || []).join('/')})`);
    }
    const r = inst.readings[0] || {};
    line('', `from: ${r.device ?? 'unknown device'}`);
    line('', `      ${r.driver === 'ieee11073-20601' ? 'IEEE 11073-20601' : r.driver} over ${r.transport === 'usb-phdc' ? 'USB PHDC' : r.transport}, ` +
             `configuration ${r.devConfigId}, firmware ${r.firmware}`);
  }

  head("The physician's tools");
  const q = s.requested || {};
  line('requested a blood pressure', `${q.display ?? 'no result'}  (units ${(q.units || []).join(', ')})`);
  line('', `the kiosk's guided panel: ${q.guideShot ?? '—'}`);
  line('', `its result at the kiosk:  ${q.resultShot ?? '—'}`);
  const sn = s.snapshot || {};
  line("switched the patient's video to", `${s.sourceSwitch?.to ?? '—'} (${shown(s.sourceSwitch?.videoFramesDuringSwitchAndSnapshot)} frames decoded meanwhile)`);
  line('snapshot of the otoscope', `${sn.width}×${sn.height}, ${bytes(sn.size)}`);
  line('', `SHA-256 ${sn.sha256}`);
  line('', `size and checksum ${sn.verified ? 'verified by the console' : 'NOT verified'}; same bytes in the kiosk ` +
           `store: ${sn.storedSha256Matches ? 'yes' : 'NO'}, in the hub's record: ${sn.hubSha256Matches ? 'yes' : 'NO'}`);
  const st = s.stethoscope || {};
  line('stethoscope (its own audio track)', `on: ${shown(st.packetsPerSecondOn)} packets/s, ${st.indicator ?? 'no indicator'}`);
  line('', `off: ${shown(st.packetsWhileOff)} packets in 3 s`);
  line('notes', `"${s.notes?.text}" — ${s.notes?.status}; in the Bundle: ${s.notes?.inBundle === s.notes?.text ? 'yes' : 'NO'}`);
  const v = s.bundleValidation;
  line('ended; report downloaded as FHIR R4', v ? `${v.ok ? 'valid' : 'INVALID'} (tests/fhir/validate.mjs: ${v.entries} entries, ` +
       `${v.compared}/${v.observations} Observation values equal to the readings)` : 'not validated');
  line('FHIR R4 Bundle', s.bundlePath ?? 'none');

  head("The records");
  line('readings in the kiosk store / acknowledged', `${shown(s.readingsInKioskStore)} / ${shown(s.readingsAcknowledged)} (during the call)`);
  const pu = s.purge || {};
  line('upload confirmed by the hub', shown(pu.uploadConfirmedAt));
  line("purged from the kiosk's database", `${shown(pu.purgedAt)}; audit log: ${pu.auditPurge
    ? Object.entries(pu.auditPurge).filter(([key]) => !['at', 'sessionId'].includes(key)).map(([t, n]) => `${n} ${t}`).join(', ') : 'NO ENTRY'}`);
  line('rows left for the session after upload', Object.entries(pu.rowsLeft || {}).map(([t, n]) => `${t} ${n}`).join(', ') || '—');
  line("what the patient typed, in the database file", ((pu.typedTextLeftInFile || []).length ? `STILL THERE: ${pu.typedTextLeftInFile.join(', ')}` : 'gone') +
       ` (during the call: ${(pu.typedTextInFileDuringCall || []).join(', ') || 'none found'})`);
  if (s.recordPath) line("session record (as the hub keeps it)", s.recordPath);

  head('Maintenance mode (hidden gesture + PIN)');
  for (const r of s.maintenance?.results || [])
    console.log(`  ${r.ok ? 'ok    ' : 'FAILED'} ${r.check}${r.detail ? ` (${r.detail})` : ''}`);
  line('pages visited', (s.maintenance?.pages || []).map((x) => x.page).join(', '));

  head('Not run by this demo (packaging/check.sh runs them)');
  line('NAT traversal and drop-and-recover', process.env.CABINE_DEMO_TURN_TESTS || 'not found in packaging/check.sh');
}
console.log(`\nProblems: ${problems.length || 'none'}`);
for (const x of problems) console.log('  - ' + x);
console.log(`\nScreenshots (${(s.screenshots || []).length}):`);
for (const f of s.screenshots || []) console.log('  ' + f);
console.log('\nSummary JSON: ' + process.argv[2]);
process.exit(problems.length ? 1 : 0);
NODE
exit "$rc"
