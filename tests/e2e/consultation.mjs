// consultation.mjs: one whole consultation, played for real.
//
// Copyright 2026 The Cabine developers
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The kiosk (cabine, under Xvfb, with an emulated USB thermometer from cabine-devsim), the hub
// (cabine-hub) and the physician (headless Chromium driven by playwright-core, with a fake camera
// and microphone) run as separate processes. The kiosk is driven with the keyboard through X (as a
// patient with a keyboard would), the console through its page. Scenarios:
//   consultation  the main job: queue, accept, video and audio both ways, a thermometer reading
//                 reaches the console, the physician hangs up; writes summary.json
//   console       the physician's console tools: tests/e2e/console-scenario.mjs
//   faults        the hub restarts while the patient waits; a malformed signalling message; the
//                 physician closes the tab during the call. Both programs must stay up and the
//                 kiosk must come back to a usable page.
// Usage: node consultation.mjs --scenario NAME --out DIR --build DIR --source DIR [--port N]
// DISPLAY must name a running X server with a window manager.

import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  log, start, stop, stopAll, sleep, waitFor, waitForLog, readLog, kioskState, screenshotX, xdotool,
} from './harness.mjs';
import { runConsoleScenario } from './console-scenario.mjs';
import { runMaintenanceTour } from './maintenance-scenario.mjs';

const { values: opts } = parseArgs({
  options: {
    scenario: { type: 'string', default: 'consultation' },
    out: { type: 'string' },
    build: { type: 'string' },
    source: { type: 'string' },
    port: { type: 'string', default: '8443' },
    'reading-interval': { type: 'string', default: '3' },
  },
});
for (const k of ['out', 'build', 'source'])
  if (!opts[k])
    throw new Error(`--${k} is required`);

const outDir = path.resolve(opts.out);
fs.mkdirSync(outDir, { recursive: true });
const port = Number(opts.port);
// tests/turn/run.sh runs the three parties in separate network namespaces: the hub then listens
// on every address, the kiosk and the browser reach it by the address on their side, and the
// kiosk and Chromium are started through `ip netns exec`.
const net = {
  hubListen: process.env.CABINE_E2E_HUB_LISTEN ?? '127.0.0.1',
  consoleHost: process.env.CABINE_E2E_CONSOLE_HOST ?? '127.0.0.1',
  kioskHubHost: process.env.CABINE_E2E_KIOSK_HUB_HOST ?? '127.0.0.1',
  kioskNetns: process.env.CABINE_E2E_KIOSK_NETNS ?? null,
  browser: process.env.CABINE_E2E_BROWSER ?? '/usr/bin/chromium',
  hubConfig: process.env.CABINE_E2E_HUB_CONFIG ?? null,
};
// tests/e2e/run.sh makes a CA and a hub certificate (cabine-hub --make-self-signed) and sets
// CABINE_E2E_TLS_DIR: then everything is HTTPS/WSS. Chromium trusts the hub by its key's SPKI
// SHA-256 (--ignore-certificate-errors-spki-list), the kiosk by the CA ([kiosk] hub-ca).
const tlsDir = process.env.CABINE_E2E_TLS_DIR ?? null;
const spkiHash = tlsDir ? execFileSync('sh', ['-c',
  'openssl x509 -in "$1" -pubkey -noout | openssl pkey -pubin -outform der | openssl dgst -sha256 -binary | base64',
  'spki', path.join(tlsDir, 'hub.pem')]).toString().trim() : null;
const consoleUrl = `${tlsDir ? 'https' : 'http'}://${net.consoleHost}:${port}/`;
const wsScheme = tlsDir ? 'wss' : 'ws';
const hubBin = path.join(opts.build, 'app', 'cabine-hub');
const kioskBin = path.join(opts.build, 'app', 'cabine');
const devsimBin = path.join(opts.build, 'devices', 'sim', 'cabine-devsim');
const dbPath = path.join(outDir, 'kiosk.db');
const shots = [];
const journeyRetries = [];

function demoPinHash() {
  const demo = fs.readFileSync(path.join(opts.source, 'data', 'kiosk-demo.conf'), 'utf8');
  return demo.match(/^pin-hash=(.+)$/m)[1];
}

function kioskConfig() {
  const conf = path.join(outDir, 'kiosk.conf');
  fs.writeFileSync(conf, `# written by tests/e2e/consultation.mjs
[kiosk]
id=cabin-01
token=demo-kiosk-token
hub-url=${wsScheme}://${net.kioskHubHost}:${port}/ws
${tlsDir ? `hub-ca=${path.join(tlsDir, 'ca.pem')}` : ''}
database=${dbPath}
end-page-seconds=4

[privacy]
# Kept an hour after upload so that this test can read the kiosk's store afterwards (the default,
# 0, purges at once: tests/unit/kiosk/test-store-migrate.c and tests/faults/ check that).
retention-hours=1

[ui]
spoken-prompts=false

[maintenance]
cleaning-interval-hours=0
# The demo's operator PIN (2468): tests/e2e/maintenance-scenario.mjs types it.
pin-hash=${demoPinHash()}

[media]
video-source=test
audio-source=test
audio-sink=fake
stethoscope-source=test
video-codec=h264
ice-loopback=${process.env.CABINE_E2E_ICE_LOOPBACK ?? 'true'}

[cameras]
# The simulated exam cameras (CABINE_SIM_CAMERAS below, media/cabine-camera-sim-provider.h): one by
# USB id, one by name, as a cabin's configuration would name real ones.
otoscope=1d6b:0c01
dermatoscope=name:dermatoscope
`);
  return conf;
}

function startHub() {
  return start('hub', hubBin, ['--config', net.hubConfig ?? path.join(opts.source, 'data', 'hub-demo.conf'),
                               '--listen', net.hubListen, '--port', String(port),
                               '--database', path.join(outDir, 'hub.db'),
                               ...(tlsDir ? ['--tls-certificate', path.join(tlsDir, 'hub.pem'),
                                             '--tls-key', path.join(tlsDir, 'hub.key')] : [])],
               { outDir, env: { G_MESSAGES_DEBUG: '' } });
}

async function waitHubUp() {
  await waitFor('the hub to answer /api/health', async () => {
    const r = await fetch(`${consoleUrl}api/health`);
    return r.ok;
  }, { timeoutMs: 15000 });
}

function startKiosk() {
  const args = ['--thermometer', '--blood-pressure', '--oximeter', '--scale',
                '--interval', opts['reading-interval'], '--',
                kioskBin, '--config', kioskConfig()];
  return start('kiosk', net.kioskNetns ? 'ip' : devsimBin,
               net.kioskNetns ? ['netns', 'exec', net.kioskNetns, devsimBin, ...args] : args,
               { outDir, env: {
                 CABINE_LOCALEDIR: path.join(opts.build, 'po'),
                 CABINE_SIM_CAMERAS: 'all',
                 GSK_RENDERER: 'cairo',
                 GDK_BACKEND: 'x11',
                 GTK_A11Y: 'none',
                 NO_AT_BRIDGE: '1',
               } });
}

function shoot(name) {
  const file = path.join(outDir, `${name}.png`);
  screenshotX(file);
  shots.push(file);
  return file;
}

async function pageShot(page, name) {
  const file = path.join(outDir, `${name}.png`);
  await page.screenshot({ path: file });
  log(`screenshot ${file}`);
  shots.push(file);
  return file;
}

async function waitKioskState(kiosk, state, timeoutMs = 20000) {
  await waitFor(`the kiosk to reach the ${state} page`, () => {
    if (kiosk.exited)
      throw new Error(`the kiosk exited; see ${kiosk.logPath}`);
    return kioskState(kiosk) === state;
  }, { timeoutMs });
  await sleep(400); // let the page transition finish before anyone looks
}

// The patient walks the journey in French with the keyboard: each page puts the focus on its
// first control, Return presses a button, Tab moves on, xdotool types the answers.
async function type(text) {
  xdotool('type', '--delay', '30', text);
  await sleep(150);
}
async function key(...names) {
  for (const name of names) {
    xdotool('key', '--clearmodifiers', name);
    await sleep(120);
  }
}
async function patientStarts(kiosk) {
  await waitFor('the kiosk window', () => {
    try {
      return execFileSync('xdotool', ['search', '--name', 'Cabine']).toString().trim();
    } catch { return null; }
  }, { timeoutMs: 20000 });
  await sleep(1500);
  shoot('kiosk-1-welcome');
  // The identity page: each step waits for a page the kiosk announces *after* the key press
  // (a stale match would type into the wrong page). If the kiosk is back on welcome before the
  // form is sent, the keystrokes went astray: start again once, and say so in the summary.
  for (let attempt = 1; ; attempt++) {
    const pages = [...readLog(kiosk).matchAll(/page (\w+)/g)];
    if (pages.length && pages[pages.length - 1][1] !== 'welcome')
      journeyRetries.push(`the kiosk was on page ${pages[pages.length - 1][1]} before the patient touched it`);
    const mark = readLog(kiosk).length;
    await key('Return');                               // "Commencer une consultation"
    await waitForLog(kiosk, /page identity/, { after: mark });
    await sleep(600);
    await type('Martin'); await key('Tab');
    await type('Marie'); await key('Tab');
    await type('25/12/1950'); await key('Tab');
    await key('space', 'Tab', 'Tab', 'Tab', 'Tab');    // "Femme", then on to the contact field
    await type('0612345678');
    shoot('kiosk-2-identity');
    if (!/page welcome/.test(readLog(kiosk).slice(mark)))
      break;
    if (attempt >= 2)
      throw new Error('the kiosk left the identity page twice while the patient typed');
    journeyRetries.push(`identity page left during typing (attempt ${attempt}); see kiosk.log`);
    await waitForLog(kiosk, /page welcome/, { after: mark });
    await sleep(1000);
  }
  let markBefore = readLog(kiosk).length;
  await key('Tab', 'Return');                         // "Continuer"
  await waitForLog(kiosk, /page consent/, { after: markBefore });
  await sleep(600);
  shoot('kiosk-3-consent');
  markBefore = readLog(kiosk).length;
  await key('Return');                                // "J'accepte"
  await waitForLog(kiosk, /page reason/, { after: markBefore });
  await sleep(600);
  shoot('kiosk-4-reason');
  markBefore = readLog(kiosk).length;
  await key('Return');                                // "Fièvre"
  await waitForLog(kiosk, /page questionnaire/, { after: markBefore });
  await sleep(600);
  await type('mal de gorge');
  shoot('kiosk-5-questionnaire');
  markBefore = readLog(kiosk).length;
  await key('Return');                                // sends the answers
  await waitForLog(kiosk, /page precall/, { after: markBefore });
  await sleep(1500);
  shoot('kiosk-6-precall');
  await key('Return');                                // "Tout va bien, appeler un médecin"
  await waitKioskState(kiosk, 'waiting');
}

async function launchPhysician() {
  const userDataDir = fs.mkdtempSync(path.join(outDir, 'chromium-'));
  const browser = await chromium.launchPersistentContext(userDataDir, {
    executablePath: net.browser,
    headless: true,
    viewport: { width: 1440, height: 900 },
    args: [
      '--no-sandbox', '--disable-gpu', '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream=fps=30', '--allow-loopback-in-peer-connection',
      '--disable-features=WebRtcHideLocalIpsWithMdns', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic',
      ...(spkiHash ? [`--ignore-certificate-errors-spki-list=${spkiHash}`] : []),
    ],
  });
  const page = browser.pages()[0] ?? await browser.newPage();
  page.on('console', (m) => fs.appendFileSync(path.join(outDir, 'console.log'), `${m.type()}: ${m.text()}\n`));
  page.on('pageerror', (e) => fs.appendFileSync(path.join(outDir, 'console.log'), `pageerror: ${e.message}\n`));
  return { browser, page };
}

async function signIn(page) {
  await page.goto(consoleUrl);
  await page.fill('#username', 'demo');
  await page.fill('#password', 'demo');
  await page.click('#sign-in');
  await page.waitForFunction(() => window.cabineConsole?.state === 'queue', null, { timeout: 15000 });
}

async function acceptFirst(page) {
  const row = page.locator('#queue [data-session-id]').first();
  await row.waitFor({ timeout: 20000 });
  const sessionId = await row.getAttribute('data-session-id');
  await row.locator('.accept').click();
  await page.waitForFunction(() => window.cabineConsole?.state === 'call', null, { timeout: 15000 });
  return sessionId;
}

function sqlite(query) {
  return execFileSync('sqlite3', ['-json', dbPath, query]).toString().trim();
}

// Signs in as the demo physician over the API, waits for the kiosk's upload of the consultation,
// writes its record and FHIR Bundle to OUT_DIR, and validates the Bundle (tests/fhir/validate.mjs)
// when its npm packages are installed. Returns { bundlePath, recordPath, bundleValidation } or
// { bundleError }.
async function fetchBundle(sessionId) {
  try {
    const login = await fetch(`${consoleUrl}api/login`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'demo', password: 'demo' }) });
    const { token } = await login.json();
    const headers = { Authorization: `Bearer ${token}` };
    let bundleText = null;
    await waitFor('the consultation record at the hub', async () => {
      const r = await fetch(`${consoleUrl}api/records/${sessionId}/fhir`, { headers });
      if (r.ok) bundleText = await r.text();
      return r.ok;
    }, { timeoutMs: 20000 });
    const recordText = await (await fetch(`${consoleUrl}api/records/${sessionId}`, { headers })).text();
    const bundlePath = path.join(outDir, `consultation-${sessionId}.fhir.json`);
    const recordPath = path.join(outDir, `consultation-${sessionId}.record.json`);
    fs.writeFileSync(bundlePath, bundleText);
    fs.writeFileSync(recordPath, recordText);
    const validator = path.join(opts.source, 'tests', 'fhir', 'validate.mjs');
    let bundleValidation = null;
    if (fs.existsSync(path.join(opts.source, 'tests', 'fhir', 'node_modules'))) {
      try {
        bundleValidation = JSON.parse(execFileSync('node', [validator, bundlePath, recordPath]).toString());
      } catch (e) {
        bundleValidation = JSON.parse(e.stdout?.toString() || '{"ok":false,"problems":["validator failed"]}');
      }
    }
    return { bundlePath, recordPath, bundleValidation };
  } catch (e) {
    return { bundleError: String(e.message ?? e) };
  }
}

async function consultation() {
  const hub = startHub();
  await waitHubUp();
  const kiosk = startKiosk();
  await patientStarts(kiosk);
  shoot('kiosk-7-waiting');

  const { browser, page } = await launchPhysician();
  try {
    await signIn(page);
    await pageShot(page, 'physician-1-queue');
    const sessionId = await acceptFirst(page);
    log(`accepted ${sessionId}`);

    await page.waitForFunction(() => window.cabineConsole.firstFrameAt > 0, null, { timeout: 30000 });
    const setup = await page.evaluate(() => window.cabineConsole.firstFrameAt - window.cabineConsole.acceptedAt);
    log(`accept → first frame at the physician: ${setup.toFixed(0)} ms`);
    await waitKioskState(kiosk, 'call');

    // The emulated thermometer reports every few seconds: the first reading of the call arrives.
    const reading = page.locator('#vitals .reading[data-loinc="8310-5"]').first();
    await reading.waitFor({ timeout: 30000 });
    const readingText = (await reading.textContent()).replace(/\s+/g, ' ').trim();
    log(`the physician sees: ${readingText}`);
    // The other emulated instruments (blood pressure, oximeter, scale) report too: each kind must
    // reach the console with its unit, and its provenance (the simulated device's serial).
    const otherKinds = [
      { loinc: '85354-9', pattern: /^\d+\/\d+ mmHg/, serial: 'SIM-0002' },
      { loinc: '59408-5', pattern: /^\d+ %$/, serial: 'SIM-0003' },
      { loinc: '8867-4', pattern: /^\d+ \/min$/, serial: null },
      { loinc: '29463-7', pattern: /^\d+\.\d kg$/, serial: 'SIM-0004' },
    ];
    const otherReadings = {};
    for (const kind of otherKinds) {
      const loc = page.locator(`#vitals .reading[data-loinc="${kind.loinc}"]`).first();
      await loc.waitFor({ timeout: 30000 });
      otherReadings[kind.loinc] = (await loc.textContent()).replace(/\s+/g, ' ').trim();
      log(`the physician sees ${kind.loinc}: ${otherReadings[kind.loinc]}`);
    }

    await sleep(6000); // let media flow so the counts mean something
    const physicianStats = await page.evaluate(() => window.cabineConsole.stats());
    const observations = await page.evaluate(() => window.cabineConsole.observations);
    await pageShot(page, 'physician-2-call');
    shoot('kiosk-8-call');

    await page.click('#hangup');
    await waitKioskState(kiosk, 'ended');
    shoot('kiosk-9-end');
    await waitKioskState(kiosk, 'welcome', 15000);

    // The kiosk's consultation has its own id; the hub's sessionId is kept beside it.
    const session = JSON.parse(sqlite(`SELECT * FROM session WHERE hub_session_id = '${sessionId}'`) || '[]')[0];
    const stored = JSON.parse(sqlite(`SELECT id, value, ucum, loinc, device_time, acked_at FROM observation WHERE session_id = '${session?.id}' ORDER BY rowid`) || '[]');
    const loincOf = (o) => o?.code?.coding?.find((c) => c.system === 'http://loinc.org')?.code;
    // The reading the physician saw: the vitals list shows the newest first, and readings taken
    // while the patient waited all arrive when the channel opens, so it is not always the oldest.
    const temperatures = observations.filter((o) => loincOf(o) === '8310-5');
    const first = temperatures.find((o) => typeof o.valueQuantity?.value === 'number' &&
                                           readingText.includes(`${o.valueQuantity.value.toFixed(1)} °C`)) ?? temperatures[0];
    const q = first?.valueQuantity ?? {};
    const summary = {
      scenario: 'consultation',
      sessionId,
      acceptToFirstFrameMs: Math.round(setup),
      kioskCallStartToFirstFrameMs: session?.first_frame_ms ?? null,
      physician: physicianStats,
      kiosk: {
        videoFramesDecoded: session?.video_frames_received ?? 0,
        videoFramesSent: session?.video_frames_sent ?? 0,
        audioPacketsReceived: session?.audio_packets_received ?? 0,
        audioPacketsSent: session?.audio_packets_sent ?? 0,
      },
      reading: {
        text: readingText,
        value: q.value,
        unit: q.unit,
        ucum: q.code,
        loinc: first?.code?.coding?.[0]?.code,
        effective: first?.effectiveDateTime,
      },
      otherReadings,
      readingsAtPhysician: observations.length,
      readingsInKioskStore: stored.length,
      readingsAcknowledged: stored.filter((o) => o.acked_at).length,
      kioskStoreFirstValue: stored[0]?.value,
      journeyRetries,
      screenshots: shots,
    };
    // The kiosk uploads the finished consultation; the physician downloads it as a FHIR Bundle.
    const bundle = await fetchBundle(sessionId);
    Object.assign(summary, bundle);
    // The operator's maintenance mode, back on welcome (tests/e2e/maintenance-scenario.mjs).
    summary.maintenance = await runMaintenanceTour({ kiosk, shoot, sqlite });
    await browser.close();
    await stop(kiosk);
    await stop(hub);

    const problems = [];
    if (!(summary.physician.videoFramesDecoded > 30)) problems.push('the physician decoded too few video frames');
    if (!(summary.kiosk.videoFramesDecoded > 30)) problems.push('the kiosk decoded too few video frames');
    if (!(summary.physician.audioPacketsReceived > 20)) problems.push('the physician received too few audio packets');
    if (!(summary.kiosk.audioPacketsReceived > 20)) problems.push('the kiosk received too few audio packets');
    if (summary.reading.ucum !== 'Cel' || summary.reading.loinc !== '8310-5') problems.push('the reading is not a body temperature in Cel');
    if (typeof q.value !== 'number' || q.value < 30 || q.value > 45) problems.push(`implausible temperature ${q.value}`);
    if (!readingText.includes(`${q.value.toFixed(1)} °C`)) problems.push(`the console shows "${readingText}", not ${q.value} °C`);
    if (!stored.some((o) => o.id === first?.id && Math.abs(o.value - q.value) < 1e-9)) problems.push('the kiosk store does not hold the reading the physician saw');
    if (summary.readingsAcknowledged < 1) problems.push('no reading was acknowledged by the console');
    for (const kind of otherKinds) {
      const text = otherReadings[kind.loinc];
      if (!kind.pattern.test(text ?? '')) problems.push(`the console shows "${text}" for ${kind.loinc}`);
      const obs = observations.find((o) => loincOf(o) === kind.loinc);
      if (!obs) problems.push(`no ${kind.loinc} Observation reached the physician`);
      else if (kind.serial && !(obs.device?.display ?? '').includes(kind.serial))
        problems.push(`the ${kind.loinc} Observation lacks its provenance (device "${obs.device?.display}")`);
    }
    if (!summary.bundlePath) problems.push(`no FHIR Bundle from the hub: ${summary.bundleError}`);
    else if (summary.bundleValidation && !summary.bundleValidation.ok)
      problems.push(`the FHIR Bundle does not validate: ${summary.bundleValidation.problems.slice(0, 3).join('; ')}`);
    if (summary.recordPath) {
      // What the patient typed on the questionnaire page reaches the record.
      const record = JSON.parse(fs.readFileSync(summary.recordPath, 'utf8'));
      const answers = record.questionnaire?.answers ?? {};
      if (answers.mainSymptom !== 'mal de gorge')
        problems.push(`the record's questionnaire lost the main symptom (${JSON.stringify(answers.mainSymptom)})`);
    }
    problems.push(...summary.maintenance.problems);
    summary.problems = problems;
    return summary;
  } finally {
    await browser.close().catch(() => {});
  }
}

async function faults() {
  const results = [];
  let hub = startHub();
  await waitHubUp();
  const kiosk = startKiosk();
  await patientStarts(kiosk);

  // 1. The hub restarts while the patient waits: the kiosk reconnects and queues again.
  await waitForLog(kiosk, /session state \w+ -> waiting/);
  await stop(hub, { signal: 'SIGKILL' });
  await sleep(1500);
  shoot('faults-1-waiting-hub-down');
  hub = startHub();
  await waitHubUp();
  const { browser, page } = await launchPhysician();
  try {
    await signIn(page);
    await page.locator('#queue [data-session-id]').first().waitFor({ timeout: 20000 });
    const state1 = kioskState(kiosk);
    results.push({ check: 'hub restart during waiting', ok: state1 === 'waiting' && !kiosk.exited && !hub.exited,
                   detail: `kiosk page ${state1}, queue entry back at the physician` });
    shoot('faults-2-waiting-after-restart');

    // 2. Malformed signalling messages from a signed-in physician: error replies, the hub stays up.
    const replies = await page.evaluate(async (url) => {
      const login = await fetch('/api/login', { method: 'POST', headers: { 'Content-Type': 'application/json' },
                                                body: JSON.stringify({ username: 'demo', password: 'demo' }) });
      const { token } = await login.json();
      const ws = new WebSocket(url);
      const got = [];
      ws.onmessage = (e) => got.push(JSON.parse(e.data));
      await new Promise((resolve, reject) => { ws.onopen = resolve; ws.onerror = reject; });
      ws.send(JSON.stringify({ type: 'hello', role: 'physician', token }));
      await new Promise((resolve) => setTimeout(resolve, 300));
      got.length = 0; // welcome and queue
      for (const m of ['not json', '[1,2]', '{"type":42}', '{"type":"nonsense"}',
                       '{"type":"accept"}', '{"type":"answer","sessionId":"nope","sdp":"v=0"}'])
        ws.send(m);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      ws.close();
      return got;
    }, `${wsScheme}://127.0.0.1:${port}/ws`);
    const errors = replies.filter((m) => m.type === 'error');
    const healthy = (await fetch(`${consoleUrl}api/health`)).ok;
    results.push({ check: 'malformed signalling messages', ok: errors.length === 6 && healthy && !hub.exited,
                   detail: `${errors.length} error replies (${errors.map((e) => e.code).join(', ')}), hub healthy: ${healthy}` });

    // 3. The physician closes the tab during the call: the kiosk ends the call and goes back to welcome.
    await acceptFirst(page);
    await waitKioskState(kiosk, 'call', 30000);
    await page.waitForFunction(() => window.cabineConsole.firstFrameAt > 0, null, { timeout: 30000 });
    await page.close();
    await waitKioskState(kiosk, 'ended', 20000);
    shoot('faults-3-kiosk-after-tab-closed');
    await waitKioskState(kiosk, 'welcome', 15000);
    shoot('faults-4-kiosk-back-to-welcome');
    results.push({ check: 'physician closes the tab during the call', ok: !kiosk.exited && !hub.exited,
                   detail: `kiosk page ${kioskState(kiosk)}` });
    const r = await fetch(`${consoleUrl}api/health`).then((x) => x.json());
    results.push({ check: 'both programs still running', ok: !kiosk.exited && !hub.exited, detail: JSON.stringify(r) });
  } finally {
    await browser.close().catch(() => {});
    await stop(kiosk);
    await stop(hub);
  }
  return { scenario: 'faults', results, screenshots: shots,
           problems: results.filter((r) => !r.ok).map((r) => `${r.check}: ${r.detail}`) };
}

let summary;
try {
  if (['turn', 'turn-drop', 'turn-lost'].includes(opts.scenario))
    summary = await (await import('../turn/turn-scenario.mjs')).runTurnScenario({
      startHub, waitHubUp, startKiosk, patientStarts, launchPhysician, signIn, acceptFirst,
      waitKioskState, pageShot, shoot, sqlite, fetchBundle, stop, consoleUrl,
    }, opts.scenario);
  else if (opts.scenario === 'console')
    summary = await runConsoleScenario({
      startHub, waitHubUp, startKiosk, patientStarts, launchPhysician, signIn, acceptFirst,
      waitKioskState, pageShot, shoot, sqlite, fetchBundle, stop, consoleUrl,
      hubDb: path.join(outDir, 'hub.db'),
    });
  else
    summary = opts.scenario === 'faults' ? await faults() : await consultation();
} catch (e) {
  summary = { scenario: opts.scenario, problems: [String(e.stack ?? e)], screenshots: shots };
} finally {
  await stopAll();
}
const summaryPath = path.join(outDir, `${opts.scenario}-summary.json`);
fs.writeFileSync(summaryPath, JSON.stringify(summary, null, 2) + '\n');
summary.summaryPath = summaryPath;
process.stdout.write(JSON.stringify(summary) + '\n');
process.exit(summary.problems.length ? 1 : 0);
