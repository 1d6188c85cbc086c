// consultation.mjs: one whole consultation, played for real.
//
// Copyright 2026 The Cabine developers
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The kiosk (cabine, under Xvfb, with the emulated USB thermometer, blood-pressure monitor, pulse
// oximeter and scale of cabine-devsim), the hub (cabine-hub) and the physician (headless Chromium
// driven by playwright-core, with a fake camera and microphone) run as separate processes. The kiosk
// is driven with the keyboard through X (as a patient with a keyboard would), the console through
// its page. Scenarios:
//   consultation  the main job (packaging/demo.sh without a display): the journey in French, queue,
//                 accept, video and audio both ways, every instrument's readings reach the console
//                 with their provenance, the physician requests a blood pressure (the kiosk guides
//                 the patient), switches to the otoscope, takes a verified snapshot, toggles the
//                 stethoscope, writes notes, ends and downloads the report as a FHIR R4 Bundle
//                 (validated); the kiosk purges the consultation once the hub has it (retention 0);
//                 maintenance mode with the PIN; writes consultation-summary.json
//   console       the physician's console tools: tests/e2e/console-scenario.mjs
//   console-fr    the console in French, for a browser that speaks French (console-fr-scenario.mjs)
//   hub-restart   the hub crashes and restarts during a call, and the console's socket drops alone:
//                 the call goes on and resumes (tests/e2e/hub-restart-scenario.mjs)
//   faults        the hub restarts while the patient waits; a malformed signalling message; the
//                 physician closes the tab during the call. Both programs must stay up and the
//                 kiosk must come back to a usable page.
// Usage: node consultation.mjs --scenario NAME --out DIR --build DIR --source DIR [--port N]
// DISPLAY must name a running X server with a window manager.

import { chromium } from 'playwright-core';
import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  log, start, stop, stopAll, sleep, waitFor, waitForLog, readLog, kioskState, screenshotX, xdotool,
  requestMeasurement, otoscopeSnapshot, checkStethoscope, writeNotes, notesInBundle,
} from './harness.mjs';
import { runConsoleScenario } from './console-scenario.mjs';
import { runConsoleFrScenario } from './console-fr-scenario.mjs';
import { runHubRestartScenario } from './hub-restart-scenario.mjs';
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

// retentionHours: how long the kiosk keeps a consultation after the hub confirmed its upload.
function kioskConfig(retentionHours) {
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
# The consultation scenario keeps the default, 0: purged as soon as the hub confirms the upload
# (it checks that). The others keep it an hour so that they can read the kiosk's store afterwards.
retention-hours=${retentionHours}

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

function startKiosk({ retentionHours = 1 } = {}) {
  const args = ['--thermometer', '--blood-pressure', '--oximeter', '--scale',
                '--interval', opts['reading-interval'], '--',
                kioskBin, '--config', kioskConfig(retentionHours)];
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

// @locale: the browser's language (navigator.languages, Accept-Language); Playwright's default
// (en-US) when not given.
async function launchPhysician({ locale } = {}) {
  const userDataDir = fs.mkdtempSync(path.join(outDir, 'chromium-'));
  const browser = await chromium.launchPersistentContext(userDataDir, {
    executablePath: net.browser,
    ...(locale ? { locale } : {}),
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
// tests/fhir/validate.mjs on a Bundle and its record: { ok, entries, observations, problems }, or
// null when the validator's npm packages are not installed.
function validateBundle(bundlePath, recordPath) {
  const validator = path.join(opts.source, 'tests', 'fhir', 'validate.mjs');
  if (!fs.existsSync(path.join(opts.source, 'tests', 'fhir', 'node_modules')))
    return null;
  try {
    return JSON.parse(execFileSync('node', [validator, bundlePath, recordPath]).toString());
  } catch (e) {
    return JSON.parse(e.stdout?.toString() || '{"ok":false,"problems":["validator failed"]}');
  }
}

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
    return { bundlePath, recordPath, bundleValidation: validateBundle(bundlePath, recordPath) };
  } catch (e) {
    return { bundleError: String(e.message ?? e) };
  }
}

// The four simulated IEEE 11073 instruments (cabine-devsim) and what each must show at the console:
// its readings (LOINC, pattern of the console's text, UCUM units) and the standard configuration it
// associates with (IEEE 11073-20601 dev-config-id: 10408 thermometer, 10407 blood pressure, 10404
// pulse oximeter, 10415 scale).
const INSTRUMENTS = [
  { name: 'thermometer', serial: 'SIM-0001', config: '0x0320',
    readings: [{ loinc: '8310-5', what: 'temperature', pattern: /^\d+\.\d °C$/, ucum: ['Cel'] }] },
  { name: 'blood pressure', serial: 'SIM-0002', config: '0x02BC',
    readings: [{ loinc: '85354-9', what: 'blood pressure', pattern: /^\d+\/\d+ mmHg/, ucum: ['mm[Hg]'] },
               { loinc: '8867-4', what: 'pulse rate', pattern: /^\d+ \/min$/, ucum: ['/min'] }] },
  { name: 'pulse oximeter', serial: 'SIM-0003', config: '0x0190',
    readings: [{ loinc: '59408-5', what: 'SpO2', pattern: /^\d+ %$/, ucum: ['%'] },
               { loinc: '8867-4', what: 'pulse rate', pattern: /^\d+ \/min$/, ucum: ['/min'] }] },
  { name: 'scale', serial: 'SIM-0004', config: '0x05DC',
    readings: [{ loinc: '29463-7', what: 'body weight', pattern: /^\d+\.\d kg$/, ucum: ['kg'] }] },
];

// Waits until the console's vitals panel shows a reading of each kind from each instrument, and
// returns, per reading, the newest as the physician sees it (value text, time, device line) with
// the Observation it came from (read in the same instant, so they are the same reading).
async function readInstruments(page) {
  const wanted = INSTRUMENTS.flatMap((i) => i.readings.map((r) => ({ loinc: r.loinc, serial: i.serial })));
  await page.waitForFunction((w) => w.every(({ loinc, serial }) =>
    [...document.querySelectorAll(`#vitals li.vital`)].some((li) =>
      li.querySelector(`.reading[data-loinc="${loinc}"]`) && (li.querySelector('.vital-device')?.textContent ?? '').includes(serial))),
  wanted, { timeout: 30000 });
  return page.evaluate((w) => w.map(({ loinc, serial }) => {
    const li = [...document.querySelectorAll('#vitals li.vital')].find((x) =>
      x.querySelector(`.reading[data-loinc="${loinc}"]`) && (x.querySelector('.vital-device')?.textContent ?? '').includes(serial));
    const device = li.querySelector('.vital-device').textContent;
    const loincOf = (o) => o.code?.coding?.find((c) => c.system === 'http://loinc.org')?.code;
    const obs = window.cabineConsole.observations.filter((o) => loincOf(o) === loinc && o.device?.display === device).pop();
    return { loinc, serial, text: li.querySelector('.reading').textContent.trim(),
             time: li.querySelector('.vital-time')?.textContent.trim(), device, observation: obs };
  }), wanted);
}

// An Observation's value as the console must show it: "37.2 °C", "120/80 mmHg", "98 %".
function valueText(obs) {
  const decimals = { 'Cel': 1, 'kg': 1 };
  const q = obs.valueQuantity;
  if (q)
    return `${q.value.toFixed(decimals[q.code] ?? 0)} ${q.unit}`;
  const part = (loinc) => (obs.component ?? []).find((c) => c.code?.coding?.some((x) => x.code === loinc))
    ?.valueQuantity?.value;
  return `${part('8480-6')}/${part('8462-4')} mmHg`;           // systolic/diastolic
}

// Checks each instrument's readings against what the console showed and the provenance the hub's
// record keeps; returns the summary's "instruments" list.
function instrumentSummary(seen, record, problems) {
  const recorded = new Map((record?.observations ?? []).map((o) => [o.id, o]));
  return INSTRUMENTS.map((inst) => ({
    instrument: inst.name,
    readings: inst.readings.map((kind) => {
      const s = seen.find((x) => x.loinc === kind.loinc && x.serial === inst.serial);
      const obs = s?.observation;
      const units = obs?.component ? obs.component.map((c) => c.valueQuantity?.code) : [obs?.valueQuantity?.code];
      const prov = recorded.get(obs?.id)?.provenance ?? null;
      const label = `the ${inst.name}'s ${kind.what}`;
      if (!kind.pattern.test(s?.text ?? '')) problems.push(`the console shows "${s?.text}" for ${label}`);
      if (!obs) problems.push(`no Observation behind ${label} at the console`);
      else if (!units.every((u) => kind.ucum.includes(u))) problems.push(`${label} is in ${units.join(', ')}`);
      else if (s.text !== undefined && !s.text.startsWith(valueText(obs)))
        problems.push(`the console shows "${s.text}" for ${label} whose value is ${valueText(obs)}`);
      if (!prov) problems.push(`the hub's record lacks ${label} (${obs?.id})`);
      else if (prov.driver !== 'ieee11073-20601' || prov.transport !== 'usb-phdc' || prov.serial !== inst.serial ||
               prov.devConfigId !== inst.config)
        problems.push(`${label} has the provenance ${JSON.stringify(prov)}`);
      return { what: kind.what, loinc: kind.loinc, text: s?.text, time: s?.time, device: s?.device,
               observationId: obs?.id, value: obs?.valueQuantity?.value,
               components: obs?.component?.map((c) => c.valueQuantity?.value), ucum: units,
               driver: prov?.driver, transport: prov?.transport, usb: prov?.usb, devConfigId: prov?.devConfigId,
               firmware: prov?.firmware };
    }),
  }));
}

// After the hub confirmed the upload (retention 0), the kiosk purges the consultation: no row of
// it is left in any table, the purge is in the audit log with its counts, and the file no longer
// holds what the patient typed (secure_delete, WAL truncated).
// What the patient typed in the journey (patientStarts) that the store keeps.
const TYPED = ['Martin', '0612345678', 'mal de gorge'];
function typedTextInDatabaseFile() {
  const bytes = Buffer.concat([dbPath, `${dbPath}-wal`].filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f)));
  return TYPED.filter((t) => bytes.includes(Buffer.from(t)));
}

async function checkPurge(kioskSessionId, problems) {
  if (!kioskSessionId) {
    problems.push('the kiosk store has no session for this consultation');
    return {};
  }
  const tables = { session: 'id', patient: 'session_id', consent: 'session_id', questionnaire: 'session_id',
                   observation: 'session_id', snapshot: 'session_id', call_event: 'session_id' };
  const outbox = () => JSON.parse(sqlite(`SELECT uploaded_at, purged_at FROM outbox WHERE session_id = '${kioskSessionId}'`) || '[]')[0];
  try {
    await waitFor('the kiosk to purge the consultation', () => outbox()?.purged_at, { timeoutMs: 20000 });
  } catch (e) {
    problems.push(`the kiosk did not purge the consultation after the upload: ${e.message}`);
  }
  const o = outbox();
  const counts = Object.fromEntries(Object.entries(tables).map(([t, col]) =>
    [t, Number(JSON.parse(sqlite(`SELECT count(*) AS n FROM ${t} WHERE ${col} = '${kioskSessionId}'`))[0].n)]));
  const audit = JSON.parse(sqlite(`SELECT at, detail FROM audit_log WHERE event = 'purge' ORDER BY id`) || '[]')
    .map((a) => ({ at: a.at, ...JSON.parse(a.detail) })).find((a) => a.sessionId === kioskSessionId) ?? null;
  const leftInFile = typedTextInDatabaseFile();
  const left = Object.entries(counts).filter(([, n]) => n !== 0);
  if (!o?.uploaded_at) problems.push('the kiosk has no confirmation of the upload from the hub');
  if (left.length) problems.push(`after the upload the kiosk still holds ${left.map(([t, n]) => `${n} ${t}`).join(', ')}`);
  if (!audit) problems.push('the purge is not in the kiosk audit log');
  if (leftInFile.length) problems.push(`the kiosk database file still contains ${leftInFile.join(', ')}`);
  return { kioskSessionId, uploadConfirmedAt: o?.uploaded_at ?? null, purgedAt: o?.purged_at ?? null,
           rowsLeft: counts, auditPurge: audit, typedTextLeftInFile: leftInFile };
}

// The STUN server data/hub-demo.conf gives kiosks (stun:127.0.0.1:3478), which the maintenance
// network page also tests: coturn in STUN-only mode, when installed and on the plain loopback run
// (tests/turn/run.sh gives the namespaces their own configuration and servers).
function startStun() {
  if (net.hubConfig || !fs.existsSync('/usr/bin/turnserver'))
    return null;
  return start('stun', '/usr/bin/turnserver',
               ['-n', '--no-cli', '--no-tls', '--no-dtls', '--stun-only', '-L', '127.0.0.1', '-p', '3478',
                '--pidfile', '', '--no-stdout-log', '--log-file', path.join(outDir, 'stun.log')],
               { outDir });
}

async function consultation() {
  const problems = [];
  startStun();
  const hub = startHub();
  await waitHubUp();
  const kiosk = startKiosk({ retentionHours: 0 });
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
    const kioskSessionId = JSON.parse(sqlite(`SELECT id FROM session WHERE hub_session_id = '${sessionId}'`) || '[]')[0]?.id;

    // The emulated instruments report every few seconds: each one's readings reach the console.
    const seen = await readInstruments(page);
    for (const s of seen)
      log(`the physician sees ${s.loinc} from ${s.serial}: ${s.text} (${s.device})`);
    await pageShot(page, 'physician-2-call');
    shoot('kiosk-8-call');

    // The physician asks for a blood pressure: the kiosk's guided panel, then the result.
    const requested = await requestMeasurement({ shoot }, page, kiosk, 'blood-pressure', problems,
                                               { guide: 'kiosk-9-guide-blood-pressure', result: 'kiosk-10-guide-result' });
    log(`requested blood pressure: ${requested.display}`);
    // The otoscope, a snapshot of it; the stethoscope on and off; the notes.
    const snapshot = await otoscopeSnapshot({ sqlite }, page, kiosk, problems);
    log(`snapshot ${snapshot.width}×${snapshot.height}, ${snapshot.size} bytes, SHA-256 ${snapshot.sha256}`);
    shoot('kiosk-11-otoscope');
    await pageShot(page, 'physician-3-otoscope-snapshot');
    const stethoscope = await checkStethoscope(page, problems, { again: false });
    const notes = 'Otite moyenne droite probable. TA contrôlée.';
    const notesStatus = await writeNotes(page, notes, problems);

    const physicianStats = await page.evaluate(() => window.cabineConsole.stats());
    const observations = await page.evaluate(() => window.cabineConsole.observations);
    // The kiosk's store during the call: every reading the console saw, acknowledged.
    const stored = JSON.parse(sqlite(`SELECT id, value, ucum, loinc, acked_at FROM observation WHERE session_id = '${kioskSessionId}' ORDER BY rowid`) || '[]');
    const typedDuringCall = typedTextInDatabaseFile();  // so that "gone" after the purge means something
    await pageShot(page, 'physician-4-call');

    await page.click('#hangup');
    await page.locator('#report-view:not([hidden])').waitFor({ timeout: 10000 });
    await waitKioskState(kiosk, 'ended');
    shoot('kiosk-12-end');

    // The kiosk uploads the finished consultation; the physician downloads the report.
    const bundle = await fetchBundle(sessionId);
    await page.waitForFunction(() => !/waiting for/.test(document.querySelector('#report-body .report-identity')?.textContent ?? 'waiting for'),
                               null, { timeout: 10000 }).catch(() => {});
    await pageShot(page, 'physician-5-report');
    let download = {};
    try {
      const [file] = await Promise.all([page.waitForEvent('download', { timeout: 15000 }), page.click('#report-download')]);
      const downloadPath = path.join(outDir, file.suggestedFilename());
      await file.saveAs(downloadPath);
      download = { downloadPath, validation: bundle.recordPath ? validateBundle(downloadPath, bundle.recordPath) : null };
    } catch (e) {
      problems.push(`the console's report download failed: ${e.message}`);
    }
    const record = bundle.recordPath ? JSON.parse(fs.readFileSync(bundle.recordPath, 'utf8')) : null;
    await waitKioskState(kiosk, 'welcome', 15000);
    const purge = await checkPurge(kioskSessionId, problems);
    purge.typedTextInFileDuringCall = typedDuringCall;

    const temperature = seen.find((s) => s.loinc === '8310-5');
    const q = temperature?.observation?.valueQuantity ?? {};
    const stats = record?.callStats ?? {};
    const summary = {
      scenario: 'consultation',
      sessionId,
      acceptToFirstFrameMs: Math.round(setup),
      kioskCallStartToFirstFrameMs: stats.firstFrameMs ?? null,
      physician: physicianStats,
      kiosk: {
        videoFramesDecoded: stats.videoFramesReceived ?? 0,
        videoFramesSent: stats.videoFramesSent ?? 0,
        audioPacketsReceived: stats.audioPacketsReceived ?? 0,
        audioPacketsSent: stats.audioPacketsSent ?? 0,
      },
      reading: { text: temperature?.text, value: q.value, unit: q.unit, ucum: q.code, loinc: temperature?.loinc,
                 effective: temperature?.observation?.effectiveDateTime },
      instruments: instrumentSummary(seen, record, problems),
      requested: { instrument: 'blood-pressure', ...requested },
      sourceSwitch: { to: snapshot.source, videoFramesDuringSwitchAndSnapshot: snapshot.videoFramesDuringSwitchAndSnapshot },
      snapshot,
      stethoscope,
      notes: { text: notes, status: notesStatus, inBundle: null },
      readingsAtPhysician: observations.length,
      readingsInKioskStore: stored.length,
      readingsAcknowledged: stored.filter((o) => o.acked_at).length,
      kioskStoreFirstValue: stored[0]?.value,
      ...bundle,
      bundlePath: download.downloadPath ?? bundle.bundlePath,
      apiBundlePath: bundle.bundlePath,
      bundleValidation: download.validation ?? bundle.bundleValidation,
      purge,
      journeyRetries,
    };
    if (summary.bundlePath)
      summary.notes.inBundle = notesInBundle(summary.bundlePath);
    // The operator's maintenance mode, back on welcome (tests/e2e/maintenance-scenario.mjs).
    summary.maintenance = await runMaintenanceTour({ kiosk, shoot, sqlite });
    summary.screenshots = shots;
    // What a person watching saw, page by page: the kiosk's (the patient's journey, in French) and
    // the maintenance pages the operator opened.
    const named = (re) => shots.map((f) => path.basename(f, '.png').match(re)).filter(Boolean)
      .map((m) => ({ page: m[1], screenshot: path.join(outDir, `${m[0]}.png`) }));
    summary.journey = { language: record?.language ?? null, pages: named(/^kiosk-\d+-(.+)$/) };
    summary.maintenance.pages = named(/^maintenance-\d+-(.+)$/);
    if (summary.journey.language !== 'fr') problems.push(`the journey was in ${summary.journey.language}, not French`);
    await browser.close();
    await stop(kiosk);
    await stop(hub);

    if (!(summary.physician.videoFramesDecoded > 30)) problems.push('the physician decoded too few video frames');
    if (!(summary.kiosk.videoFramesDecoded > 30)) problems.push('the kiosk decoded too few video frames');
    if (!(summary.physician.audioPacketsReceived > 20)) problems.push('the physician received too few audio packets');
    if (!(summary.kiosk.audioPacketsReceived > 20)) problems.push('the kiosk received too few audio packets');
    if (summary.reading.ucum !== 'Cel' || summary.reading.loinc !== '8310-5') problems.push('the reading is not a body temperature in Cel');
    if (typeof q.value !== 'number' || q.value < 30 || q.value > 45) problems.push(`implausible temperature ${q.value}`);
    else if (temperature.text !== `${q.value.toFixed(1)} °C`) problems.push(`the console shows "${temperature.text}", not ${q.value} °C`);
    if (!stored.some((o) => o.id === temperature?.observation?.id && Math.abs(o.value - q.value) < 1e-9)) problems.push('the kiosk store does not hold the reading the physician saw');
    if (summary.readingsAcknowledged < 1) problems.push('no reading was acknowledged by the console');
    if (!summary.bundlePath) problems.push(`no FHIR Bundle from the hub: ${summary.bundleError}`);
    else if (summary.bundleValidation && !summary.bundleValidation.ok)
      problems.push(`the FHIR Bundle does not validate: ${summary.bundleValidation.problems.slice(0, 3).join('; ')}`);
    else if (!summary.bundleValidation) problems.push('the FHIR Bundle was not validated (tests/fhir has no node_modules)');
    if (summary.notes.inBundle !== notes) problems.push(`the FHIR Bundle's notes are ${JSON.stringify(summary.notes.inBundle)}`);
    if (record) {
      // What the patient typed on the questionnaire page reaches the record.
      const answers = record.questionnaire?.answers ?? {};
      if (answers.mainSymptom !== 'mal de gorge')
        problems.push(`the record's questionnaire lost the main symptom (${JSON.stringify(answers.mainSymptom)})`);
      if (!record.observations.some((o) => o.id === requested.observationId))
        problems.push('the requested blood pressure is not in the record');
      // The hub's copy of the snapshot: the very bytes the console verified.
      const kept = record.snapshots?.find((x) => x.id === snapshot.id);
      const keptSha = typeof kept?.data === 'string'
        ? crypto.createHash('sha256').update(Buffer.from(kept.data, 'base64')).digest('hex') : null;
      summary.snapshot.hubSha256Matches = keptSha === snapshot.sha256;
      if (!kept) problems.push('the snapshot is not in the record');
      else if (keptSha !== snapshot.sha256) problems.push('the snapshot in the hub\'s record is not the one the console verified');
      if (!record.callEvents?.some((e) => e.event === 'source-switched')) problems.push('the record lacks the source switch');
      if (record.callEvents?.filter((e) => e.event === 'stethoscope').length !== 2) problems.push('the record lacks the two stethoscope switches');
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
  else if (opts.scenario === 'console-fr')
    summary = await runConsoleFrScenario({
      startHub, waitHubUp, startKiosk, patientStarts, launchPhysician, signIn, acceptFirst,
      waitKioskState, pageShot, shoot, stop, consoleUrl,
    });
  else if (opts.scenario === 'hub-restart')
    summary = await runHubRestartScenario({
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
