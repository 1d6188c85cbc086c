// bench.mjs: Cabine's kiosk against a Chromium kiosk, side by side, on this machine.
//
// Copyright 2026 The Cabine developers
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Both kiosks call the same physician (the hub's console in headless Chromium, whose camera is a
// canvas carrying the frame marker of www/marker.js) through the same hub, with H.264 at
// 1280×720@30 capped at 1500 kbit/s. Runs alternate between the two kiosks. Figures:
//   cpu/rss  the kiosk side's processes during the call (Cabine: the cabine process; Chromium: the
//            browser and all its children); beside it, the CPU of the X server (Xvfb) the Cabine
//            kiosk draws to, which headless Chromium does without
//   setup    the physician's accept → first frame at the physician / at the kiosk
//   g2g      glass-to-glass latency both ways (marker drawn at capture, read where the frame is
//            handed to the screen), with the physician browser's mean jitter-buffer delay per
//            video frame and per audio packet over the same window (its share of kiosk → physician)
//   reading  emulated thermometer report → reading in the console (Cabine only: a browser kiosk
//            has no IEEE 11073 stack)
//   cold     process start → welcome page drawn
//   hub      tests/bench/hubload.mjs (its own hub on one core)
// Usage: node bench.mjs --out DIR --build DIR --source DIR [--quick] [--reps N]
//          [--video-encoder auto|openh264|x264]  (the kiosk's [media] video-encoder; default auto)
//          [--call-seconds N] [--warmup-seconds N]  (the CPU window and the wait before it in each
//          call; default 60 and 4, --quick 10 and 2)
// DISPLAY must name a running X server with a window manager (run.sh makes one).

import { chromium } from '../e2e/node_modules/playwright-core/index.mjs';
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { log, start, stop, stopAll, sleep, waitFor, waitForLog, readLog, kioskState, xdotool } from '../e2e/harness.mjs';
import { measureProcess, median, quantile } from './lib.mjs';

const { values: opts } = parseArgs({
  options: {
    out: { type: 'string' }, build: { type: 'string' }, source: { type: 'string' },
    quick: { type: 'boolean', default: false },
    reps: { type: 'string' },
    port: { type: 'string', default: '18443' },
    only: { type: 'string', default: 'calls,cold,readings,hub' },
    kiosks: { type: 'string', default: 'cabine,chromium' },
    'video-encoder': { type: 'string', default: 'auto' },
    'call-seconds': { type: 'string' },
    'warmup-seconds': { type: 'string' },
  },
});
for (const k of ['out', 'build', 'source'])
  if (!opts[k])
    throw new Error(`--${k} is required`);

const quick = opts.quick;
const plan = {
  reps: Number(opts.reps ?? (quick ? 1 : 3)),
  warmupMs: 1000 * Number(opts['warmup-seconds'] ?? (quick ? 2 : 4)),
  callMs: 1000 * Number(opts['call-seconds'] ?? (quick ? 10 : 60)),
  latencyMs: quick ? 4000 : 10000,
  coldReps: quick ? 2 : 5,
  readings: quick ? 100 : 300,
  hubKiosks: quick ? 500 : 2000,
  hubSeconds: quick ? 4 : 15,
};
const only = new Set(opts.only.split(','));
const kinds = opts.kiosks.split(',');
const outDir = path.resolve(opts.out);
fs.mkdirSync(outDir, { recursive: true });
const port = Number(opts.port);
const wwwPort = port + 1;
const hubUrl = `ws://127.0.0.1:${port}/ws`;
const consoleUrl = `http://127.0.0.1:${port}/`;
const kioskBin = path.join(opts.build, 'app', 'cabine');
const devsimBin = path.join(opts.build, 'devices', 'sim', 'cabine-devsim');
const here = path.dirname(new URL(import.meta.url).pathname);
const MOD = 1 << 24;
const chromiumFlags = [
  '--headless=new', '--no-sandbox', '--disable-gpu', '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream=fps=30', '--allow-loopback-in-peer-connection',
  '--disable-features=WebRtcHideLocalIpsWithMdns', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic',
  '--autoplay-policy=no-user-gesture-required', '--window-size=1280,800',
];

/* ---------- the pieces: static server, hub, physician ---------- */

function serveWww() {
  const types = { '.html': 'text/html', '.js': 'text/javascript' };
  const server = http.createServer((req, res) => {
    const name = path.basename(new URL(req.url, 'http://x').pathname) || 'kiosk.html';
    const file = path.join(here, 'www', name);
    if (!fs.existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': types[path.extname(file)] ?? 'application/octet-stream',
                         'Cache-Control': 'no-store' });
    res.end(fs.readFileSync(file));
  });
  return new Promise((resolve) => server.listen(wwwPort, '127.0.0.1', () => resolve(server)));
}

function startHub() {
  return start('hub', path.join(opts.build, 'app', 'cabine-hub'),
               ['--config', path.join(opts.source, 'data', 'hub-demo.conf'), '--listen', '127.0.0.1',
                '--port', String(port), '--database', path.join(outDir, 'hub.db')],
               { outDir, env: { G_MESSAGES_DEBUG: '' } });
}

async function launchPhysician() {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cabine-bench-physician-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: '/usr/bin/chromium', headless: true, viewport: { width: 1440, height: 900 },
    args: chromiumFlags.filter((f) => f !== '--headless=new' && !f.startsWith('--window-size')),
  });
  // The physician's camera: a canvas stream carrying the marker; the microphone stays the fake one.
  await context.addInitScript({ content: fs.readFileSync(path.join(here, 'www', 'marker.js'), 'utf8') + `
    (() => {
      // Every peer connection, for the receive-side delays in physicianDelays().
      const Original = window.RTCPeerConnection;
      window.__benchPcs = [];
      window.RTCPeerConnection = function (...args) {
        const pc = new Original(...args);
        window.__benchPcs.push(pc);
        return pc;
      };
      window.RTCPeerConnection.prototype = Original.prototype;
      Object.setPrototypeOf(window.RTCPeerConnection, Original);
    })();
    (() => {
      const md = navigator.mediaDevices;
      const original = md.getUserMedia.bind(md);
      md.getUserMedia = async (c) => {
        const s = await original({ audio: !!(c && c.audio), video: false });
        s.addTrack(window.benchMarker.canvasStream().getVideoTracks()[0]);
        return s;
      };
    })();` });
  const page = context.pages()[0] ?? await context.newPage();
  page.on('console', (m) => fs.appendFileSync(path.join(outDir, 'physician-console.log'), `${m.type()}: ${m.text()}\n`));
  await signIn(page);
  return { context, page, userDataDir };
}

async function accept(page) {
  const row = page.locator('#queue [data-session-id]').first();
  await row.waitFor({ timeout: 30000 });
  await row.locator('.accept').click();
  await page.waitForFunction(() => window.cabineConsole?.state === 'call', null, { timeout: 15000 });
  return page.evaluate(() => performance.timeOrigin + window.cabineConsole.acceptedAt);
}

// After a hangup the console shows the consultation's report (when the call took place), then
// its queue once the physician goes back to it.
async function backToQueue(page) {
  await page.waitForFunction(() => ['queue', 'report'].includes(window.cabineConsole?.state), null, { timeout: 10000 });
  if (await page.evaluate(() => window.cabineConsole.state === 'report'))
    await page.click('#report-back');
  await page.waitForFunction(() => window.cabineConsole?.state === 'queue', null, { timeout: 10000 });
}

async function signIn(page) {
  await page.goto(consoleUrl);
  await page.fill('#username', 'demo');
  await page.fill('#password', 'demo');
  await page.click('#sign-in');
  await page.waitForFunction(() => window.cabineConsole?.state === 'queue', null, { timeout: 15000 });
}

async function physicianFrames(page) {
  return page.evaluate(async () => {
    const s = await window.cabineConsole.stats();
    const v = document.getElementById('remote-video');
    return { decoded: s.videoFramesDecoded, width: v.videoWidth, height: v.videoHeight };
  });
}

// The physician browser's receive side, summed over its inbound streams: cumulative jitter-buffer
// delay (s) and emitted count per kind, the video target delay and decode time (Chromium's
// getStats, https://www.w3.org/TR/webrtc-stats/#dom-rtcinboundrtpstreamstats).
async function physicianDelays(page) {
  return page.evaluate(async () => {
    const pc = window.__benchPcs.filter((p) => p.connectionState === 'connected').pop();
    const out = { video: { delay: 0, target: 0, emitted: 0, decode: 0, decoded: 0, jitter: 0, streams: 0 },
                  audio: { delay: 0, target: 0, emitted: 0, jitter: 0, streams: 0 } };
    if (!pc)
      return out;
    (await pc.getStats()).forEach((s) => {
      if (s.type !== 'inbound-rtp' || !out[s.kind])
        return;
      const o = out[s.kind];
      o.delay += s.jitterBufferDelay || 0;
      o.target += s.jitterBufferTargetDelay || 0;
      o.emitted += s.jitterBufferEmittedCount || 0;
      // RFC 3550 interarrival jitter (s), as the receiver sees the sender's pacing
      if (s.packetsReceived > 0) {
        o.jitter += s.jitter || 0;
        o.streams += 1;
      }
      if (s.kind === 'video') {
        o.decode += s.totalDecodeTime || 0;
        o.decoded += s.framesDecoded || 0;
      }
    });
    return out;
  });
}

// What the physician's browser sends: frames encoded, the size of the last one, and how often
// its WebRTC sender changed the resolution (CPU or bandwidth adaptation).
async function physicianSent(page) {
  return page.evaluate(async () => {
    const pc = window.__benchPcs.filter((p) => p.connectionState === 'connected').pop();
    const out = { frames: 0, width: 0, height: 0, resolutionChanges: 0 };
    if (pc)
      (await pc.getStats()).forEach((s) => {
        if (s.type !== 'outbound-rtp' || s.kind !== 'video')
          return;
        out.frames += s.framesEncoded || 0;
        out.width = s.frameWidth || out.width;
        out.height = s.frameHeight || out.height;
        out.resolutionChanges += s.qualityLimitationResolutionChanges || 0;
      });
    return out;
  });
}

// Mean per item between two physicianDelays() snapshots, in ms.
function delaysBetween(a, b) {
  const per = (x, y, sum, count) => (y[count] > x[count] ? (1000 * (y[sum] - x[sum])) / (y[count] - x[count]) : null);
  return {
    videoJitterBufferMs: per(a.video, b.video, 'delay', 'emitted'),
    videoTargetMs: per(a.video, b.video, 'target', 'emitted'),
    videoDecodeMs: per(a.video, b.video, 'decode', 'decoded'),
    audioJitterBufferMs: per(a.audio, b.audio, 'delay', 'emitted'),
    audioTargetMs: per(a.audio, b.audio, 'target', 'emitted'),
    videoArrivalJitterMs: b.video.streams ? (1000 * b.video.jitter) / b.video.streams : null,
    audioArrivalJitterMs: b.audio.streams ? (1000 * b.audio.jitter) / b.audio.streams : null,
  };
}

/* ---------- the two kiosks ---------- */

function cabineConfig(name) {
  const conf = path.join(outDir, `${name}.conf`);
  fs.writeFileSync(conf, `# written by tests/bench/bench.mjs
[kiosk]
id=cabin-01
token=demo-kiosk-token
hub-url=${hubUrl}
database=${path.join(outDir, `${name}.db`)}
end-page-seconds=1

[media]
video-source=test
audio-source=test
audio-sink=fake
video-codec=h264
video-encoder=${opts['video-encoder']}
ice-loopback=true

[ui]
spoken-prompts=false

[maintenance]
cleaning-interval-hours=0
`);
  return conf;
}

const cabineEnv = {
  CABINE_LOCALEDIR: path.join(opts.build, 'po'), GSK_RENDERER: 'cairo', GDK_BACKEND: 'x11',
  GTK_A11Y: 'none', NO_AT_BRIDGE: '1', CABINE_BENCH: '1'
};

function windowVisible() {
  try {
    return execFileSync('xdotool', ['search', '--onlyvisible', '--name', 'Cabine']).toString().trim();
  } catch { return null; }
}

// Cabine: the patient walks the journey with the keyboard, as tests/e2e/consultation.mjs does
// (welcome, identity, consent, reason, questionnaire, pre-call check).
async function cabineJoin(kiosk) {
  const keys = async (...names) => {
    for (const name of names) {
      xdotool('key', '--clearmodifiers', name);
      await sleep(120);
    }
  };
  const type = async (text) => { xdotool('type', '--delay', '20', text); await sleep(150); };
  const page = async (name) => {
    await waitForLog(kiosk, new RegExp(`page ${name}`), { timeoutMs: 20000 });
    await sleep(600);
  };
  await waitFor('the kiosk window', windowVisible, { timeoutMs: 20000, intervalMs: 50 });
  await sleep(1000);
  await keys('Return');                                   // start
  await page('identity');
  await type('Martin'); await keys('Tab');
  await type('Marie'); await keys('Tab');
  await type('25/12/1950'); await keys('Tab');
  await keys('space', 'Tab', 'Tab', 'Tab', 'Tab');
  await type('0612345678');
  await keys('Tab', 'Return');                            // continue
  await page('consent');
  await keys('Return');                                   // accept
  await page('reason');
  await keys('Return');                                   // first reason
  await page('questionnaire');
  await type('bench');
  await keys('Return');                                   // send the answers
  await page('precall');
  await sleep(900);
  await keys('Return');                                   // call a physician
  await waitFor('the kiosk to queue', () => {
    if (kiosk.exited)
      throw new Error(`the kiosk exited; see ${kiosk.logPath}`);
    return kioskState(kiosk) === 'waiting';
  }, { timeoutMs: 20000 });
}

function cabineMarks(kiosk) {
  const text = readLog(kiosk);
  const first = text.match(/cabine-bench: first-remote-frame real-us=(\d+)/);
  const marks = [...text.matchAll(/cabine-bench: remote-marker real-us=(\d+) value=(\d+)/g)].map((m) => {
    const at = Number(m[1]) / 1000;
    return { at, latencyMs: ((Math.floor(at) % MOD) - Number(m[2]) + MOD) % MOD };
  });
  return { firstFrameAt: first ? Number(first[1]) / 1000 : null, marks };
}

async function startCabine(name, { devsimInterval } = {}) {
  const args = ['--config', cabineConfig(name)];
  // harness.start() appends to NAME.log: a log left by an earlier run in the same --out would
  // give this run's figures (first frame, markers) from that run.
  fs.rmSync(path.join(outDir, `${name}.log`), { force: true });
  const kiosk = devsimInterval ?
    start(name, devsimBin, ['--thermometer', '--interval', String(devsimInterval), '--', kioskBin, ...args],
          { outDir, env: cabineEnv }) :
    start(name, kioskBin, args, { outDir, env: cabineEnv });
  await cabineJoin(kiosk);
  const root = () => {
    if (!devsimInterval)
      return kiosk.pid;
    // under cabine-devsim the kiosk is the child named cabine
    const kids = execFileSync('pgrep', ['-P', String(kiosk.pid), '-x', 'cabine']).toString().trim().split('\n');
    return Number(kids[0]);
  };
  return {
    kind: 'cabine', child: kiosk, root,
    firstFrameAt: async () => cabineMarks(kiosk).firstFrameAt,
    // As for the Chromium kiosk, the markers are drawn and read only in the latency phase
    // (SIGUSR2); SIGUSR1 asks for the count of remote frames shown (CABINE_BENCH in
    // media/cabine-call-pipeline.h).
    startMarkers: async () => { process.kill(root(), 'SIGUSR2'); },
    marks: async (from, to) => cabineMarks(kiosk).marks.filter((m) => m.at >= from && m.at <= to),
    framesReceived: async () => {
      const counts = () => [...readLog(kiosk).matchAll(/cabine-bench: remote-frames count=(\d+)/g)];
      const before = counts().length;
      process.kill(root(), 'SIGUSR1');
      return (await waitFor('the kiosk to count its frames', () => {
        const all = counts();
        return all.length > before ? { n: Number(all[all.length - 1][1]) } : null;
      }, { timeoutMs: 5000 })).n;
    },
    stop: () => stop(kiosk),
  };
}

async function connectCdp(debugPort) {
  return waitFor('Chromium DevTools', async () => {
    try {
      return await chromium.connectOverCDP(`http://127.0.0.1:${debugPort}`);
    } catch { return null; }
  }, { timeoutMs: 20000, intervalMs: 100 });
}

// The Chromium kiosk's camera shows the same pictures as Cabine's test source (videotestsrc's
// scrolling colour bars, media/cabine-call-pipeline.c), so that both encoders get the same work:
// Chromium's own fake camera draws a small figure on a still background, far cheaper to encode.
// One second of it, looped by Chromium's file capture (its 60-pixel jump at each loop is the only
// difference); y4m is raw I420, read without decoding.
const CAMERA_CLIP_FRAMES = 30;
let cameraClip = null;

function chromiumCameraClip() {
  if (cameraClip)
    return cameraClip;
  const clip = path.join(outDir, 'camera-smpte75-1280x720-30.y4m');
  execFileSync('gst-launch-1.0', ['-q', 'videotestsrc', `num-buffers=${CAMERA_CLIP_FRAMES}`, 'pattern=smpte75',
                                  'horizontal-speed=2', '!',
                                  'video/x-raw,format=I420,width=1280,height=720,framerate=30/1', '!',
                                  'y4menc', '!', 'filesink', `location=${clip}`]);
  cameraClip = clip;
  return clip;
}

function spawnChromiumKiosk(name, url, debugPort) {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), `cabine-bench-${name}-`));
  const child = start(name, '/usr/bin/chromium',
                      [...chromiumFlags, `--use-file-for-fake-video-capture=${chromiumCameraClip()}`,
                       `--user-data-dir=${userDataDir}`,
                       `--remote-debugging-port=${debugPort}`, url], { outDir });
  return { child, userDataDir };
}

async function startChromiumKiosk(name) {
  const debugPort = port + 2;
  const url = `http://127.0.0.1:${wwwPort}/kiosk.html?hub=${encodeURIComponent(hubUrl)}` +
              '&kiosk=cabin-01&token=demo-kiosk-token&kbps=1500&join=1';
  const { child, userDataDir } = spawnChromiumKiosk(name, url, debugPort);
  const browser = await connectCdp(debugPort);
  const page = await waitFor('the kiosk page', () => browser.contexts()[0]?.pages()[0], { timeoutMs: 10000 });
  await page.waitForFunction(() => window.bench?.state === 'waiting' || window.bench?.error, null, { timeout: 20000 });
  const error = await page.evaluate(() => window.bench.error);
  if (error)
    throw new Error(`browser kiosk: ${error}`);
  let markStart = 0;
  return {
    kind: 'chromium', child, root: () => child.pid,
    firstFrameAt: () => page.evaluate(() => window.bench.firstRemoteFrameAt),
    startMarkers: async () => { markStart = Date.now(); await page.evaluate(() => window.bench.startMarkers()); },
    marks: async (from, to) => (await page.evaluate(() => window.bench.stopMarkers())).samples
      .filter((m) => m.at >= Math.max(from, markStart + 1000) && m.at <= to),
    framesReceived: () => page.evaluate(() => window.bench.inboundFrames()),
    stop: async () => {
      await browser.close().catch(() => {});
      await stop(child);
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/* ---------- one call ---------- */

async function call(kind, rep, physician) {
  const name = `${kind}-call-${rep}`;
  log(`call ${name}`);
  const kiosk = kind === 'cabine' ? await startCabine(name) : await startChromiumKiosk(name);
  const { page } = physician;
  try {
    const acceptedAt = await accept(page);
    await page.waitForFunction(() => window.cabineConsole.firstFrameAt > 0, null, { timeout: 30000 });
    const physFirst = await page.evaluate(() => performance.timeOrigin + window.cabineConsole.firstFrameAt);
    const kioskFirst = await waitFor('the first frame at the kiosk', () => kiosk.firstFrameAt(), { timeoutMs: 30000 });
    // The call starts as a physician's browser starts one (its sender may begin below 720p while
    // its bandwidth estimate grows); from here on, 1280×720@30 as the issue's call is: 'detail'
    // makes the physician's WebRTC sender drop frames rather than the resolution when its CPU or
    // bandwidth is short, so that each kiosk decodes and draws the same pictures.
    await page.evaluate(() => window.__benchPcs.forEach((pc) => pc.getSenders().forEach((s) => {
      if (s.track && s.track.kind === 'video')
        s.track.contentHint = 'detail';
    })));
    await sleep(plan.warmupMs);

    const physA = await physicianFrames(page);
    const sentA = await physicianSent(page);
    const kioskA = await kiosk.framesReceived();
    const xvfb = Number(process.env.CABINE_BENCH_XVFB_PID) || null;
    const [usage, display] = await Promise.all([
      measureProcess(kiosk.root(), plan.callMs),
      xvfb ? measureProcess(xvfb, plan.callMs) : Promise.resolve(null)]);
    const physB = await physicianFrames(page);
    const sentB = await physicianSent(page);
    const kioskB = await kiosk.framesReceived();
    const seconds = plan.callMs / 1000;

    // Glass-to-glass: markers both ways.
    await page.evaluate(() => { window.__reader = window.benchMarker.reader(document.getElementById('remote-video')); });
    await kiosk.startMarkers();
    const from = Date.now() + 1000;
    await sleep(1000);
    const delaysA = await physicianDelays(page);
    await sleep(plan.latencyMs - 1000);
    const to = Date.now();
    const delays = delaysBetween(delaysA, await physicianDelays(page));
    const physicianSamples = (await page.evaluate(() => window.__reader.stop())).samples
      .filter((m) => m.at >= from && m.at <= to);
    const toPhysician = physicianSamples.map((m) => m.latencyMs);
    const afterReceive = physicianSamples.map((m) => m.afterReceiveMs).filter((x) => x !== null);
    const toKiosk = (await kiosk.marks(from, to)).map((m) => m.latencyMs);

    await page.click('#hangup');
    await backToQueue(page);
    const result = {
      kind, rep,
      cpuPercent: usage.cpuPercent, rssMiB: usage.rssMiB, pssMiB: usage.pssMiB, processes: usage.processes,
      displayCpuPercent: display ? display.cpuPercent : null,
      setupToPhysicianMs: physFirst - acceptedAt,
      setupToKioskMs: kioskFirst - acceptedAt,
      physicianReceived: { fps: (physB.decoded - physA.decoded) / seconds, width: physB.width, height: physB.height },
      kioskReceivedFps: (kioskB - kioskA) / seconds,
      physicianSent: { fps: (sentB.frames - sentA.frames) / seconds, width: sentB.width, height: sentB.height,
                       resolutionChanges: sentB.resolutionChanges - sentA.resolutionChanges },
      g2gToPhysician: { n: toPhysician.length, p50: median(toPhysician), p95: quantile(toPhysician, 0.95),
                        afterReceiveP50: afterReceive.length ? median(afterReceive) : null },
      g2gToKiosk: { n: toKiosk.length, p50: median(toKiosk), p95: quantile(toKiosk, 0.95) },
      physicianReceive: delays,
    };
    log(JSON.stringify(result));
    return result;
  } finally {
    await kiosk.stop();
    await sleep(500);
  }
}

/* ---------- cold start ---------- */

async function coldStart(kind, rep) {
  const name = `${kind}-cold-${rep}`;
  if (kind === 'cabine') {
    const conf = cabineConfig(name);
    const t0 = Date.now();
    const kiosk = start(name, kioskBin, ['--config', conf], { outDir, env: cabineEnv });
    try {
      // GTK maps the window once its first frame is ready to be drawn.
      await waitFor('the kiosk window', windowVisible, { timeoutMs: 20000, intervalMs: 5 });
      return Date.now() - t0;
    } finally {
      await stop(kiosk);
    }
  }
  const debugPort = port + 3;
  const t0 = Date.now();
  const { child, userDataDir } = spawnChromiumKiosk(name, `http://127.0.0.1:${wwwPort}/kiosk.html`, debugPort);
  try {
    const browser = await connectCdp(debugPort);
    const page = await waitFor('the kiosk page', () => browser.contexts()[0]?.pages()[0], { timeoutMs: 10000 });
    const fcp = await waitFor('first contentful paint', () => page.evaluate(() => {
      const e = performance.getEntriesByName('first-contentful-paint')[0];
      return e ? performance.timeOrigin + e.startTime : null;
    }), { timeoutMs: 20000 });
    await browser.close().catch(() => {});
    return fcp - t0;
  } finally {
    await stop(child);
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
}

/* ---------- reading latency (Cabine) ---------- */

async function readings(physician) {
  const { page } = physician;
  await page.evaluate(() => {
    const list = window.cabineConsole.observations;
    window.__arrivals = [];
    if (!list.__benchHooked) {
      const push = list.push.bind(list);
      list.push = (...items) => {
        for (const o of items)
          window.__arrivals.push({ at: Date.now(), effective: o.effectiveDateTime, issued: o.issued });
        return push(...items);
      };
      list.__benchHooked = true;
    }
  });
  const kiosk = await startCabine('cabine-readings', { devsimInterval: 0.05 });
  try {
    await accept(page);
    await page.waitForFunction(() => window.cabineConsole.firstFrameAt > 0, null, { timeout: 30000 });
    const from = Date.now() + 1000; // readings taken before the call are sent in a burst at its start
    const fresh = () => page.evaluate((t) => window.__arrivals.filter((a) => Date.parse(a.effective) >= t), from);
    await waitFor(`${plan.readings} readings`, async () => (await fresh()).length >= plan.readings,
                  { timeoutMs: 60000, intervalMs: 500 });
    const got = await fresh();
    await page.click('#hangup');
    await backToQueue(page);
    const device = got.map((a) => a.at - Date.parse(a.effective));
    const kioskToConsole = got.map((a) => a.at - Date.parse(a.issued));
    return {
      n: got.length,
      deviceToConsole: { p50: median(device), p95: quantile(device, 0.95), max: quantile(device, 1) },
      kioskReceiptToConsole: { p50: median(kioskToConsole), p95: quantile(kioskToConsole, 0.95) },
    };
  } finally {
    await kiosk.stop();
  }
}

/* ---------- hub load ---------- */

function hubLoad() {
  const args = [path.join(here, 'hubload.mjs'), '--build', opts.build, '--source', opts.source,
                '--out', outDir, '--kiosks', String(plan.hubKiosks), '--seconds', String(plan.hubSeconds),
                '--port', String(port + 10)];
  const pin = os.cpus().length > 1 ? ['taskset', ['-c', '1', process.execPath, ...args]] : [process.execPath, args];
  return new Promise((resolve, reject) => {
    const child = spawn(pin[0], pin[1], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.on('exit', (code) => {
      try {
        const r = JSON.parse(out.trim().split('\n').pop());
        if (r.error)
          results.errors.push(`hub load: ${r.error}`);
        resolve(r);
      } catch {
        reject(new Error(`hubload.mjs exited ${code} without a result`));
      }
    });
  });
}

/* ---------- the table ---------- */

const fmt = (v, d = 0) => (v === null || v === undefined || !Number.isFinite(v) ? 'n/a' : v.toFixed(d));
const ratio = (a, b) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? (a / b).toFixed(2) + '×' : 'n/a');

function table(r) {
  const rows = [];
  const med = (kind, f) => median(r.calls.filter((c) => c.kind === kind).map(f));
  const line = (label, f, d = 0, target = '') => {
    const a = med('cabine', f), b = med('chromium', f);
    rows.push([label, fmt(a, d), fmt(b, d), ratio(a, b), target]);
  };
  if (r.calls.length) {
    line('kiosk CPU, % of one core', (c) => c.cpuPercent, 1, '≤ 0.5×');
    line('  display server (Xvfb), not in the above', (c) => c.displayCpuPercent, 1, '');
    line('kiosk RSS, MiB (sum)', (c) => c.rssMiB, 0, '≤ 0.3×');
    line('kiosk PSS, MiB (sum)', (c) => c.pssMiB, 0, '');
    line('setup: accept → frame at physician, ms', (c) => c.setupToPhysicianMs, 0, '≤ 0.7×');
    line('setup: accept → frame at kiosk, ms', (c) => c.setupToKioskMs, 0, '≤ 0.7×');
    line('g2g kiosk → physician p50, ms', (c) => c.g2gToPhysician.p50, 0, '≤ 1.0×');
    line('g2g kiosk → physician p95, ms', (c) => c.g2gToPhysician.p95, 0, '');
    line('  of which last packet → shown at physician, ms', (c) => c.g2gToPhysician.afterReceiveP50, 0, '');
    line('  of which physician jitter buffer (video), ms', (c) => c.physicianReceive?.videoJitterBufferMs, 0, '');
    line('  physician jitter buffer (audio), ms', (c) => c.physicianReceive?.audioJitterBufferMs, 0, '');
    line('  physician jitter buffer target (audio), ms', (c) => c.physicianReceive?.audioTargetMs, 0, '');
    line('  arrival jitter at physician (video, RFC 3550), ms', (c) => c.physicianReceive?.videoArrivalJitterMs, 1, '');
    line('  arrival jitter at physician (audio, RFC 3550), ms', (c) => c.physicianReceive?.audioArrivalJitterMs, 1, '');
    line('g2g physician → kiosk p50, ms', (c) => c.g2gToKiosk.p50, 0, '≤ 1.0×');
    line('g2g physician → kiosk p95, ms', (c) => c.g2gToKiosk.p95, 0, '');
    line('video sent by kiosk (fps at physician)', (c) => c.physicianReceived.fps, 1, '');
    line('video received by kiosk, fps', (c) => c.kioskReceivedFps, 1, '');
    line('  sent by physician: height (px), during CPU', (c) => c.physicianSent?.height, 0, '');
    line('  sent by physician: resolution changes', (c) => c.physicianSent?.resolutionChanges, 0, '');
  }
  if (r.cold.length) {
    const a = median(r.cold.filter((c) => c.kind === 'cabine').map((c) => c.ms));
    const b = median(r.cold.filter((c) => c.kind === 'chromium').map((c) => c.ms));
    rows.push(['cold start → welcome drawn, ms', fmt(a), fmt(b), ratio(a, b), '< 1000 ms']);
  }
  if (r.readings) {
    rows.push(['reading: device → console p50, ms', fmt(r.readings.deviceToConsole.p50), 'n/a', '', '']);
    rows.push([`reading: device → console p95 (n=${r.readings.n}), ms`, fmt(r.readings.deviceToConsole.p95), 'n/a', '', '< 50 ms']);
  }
  if (r.hub) {
    const h = r.hub;
    rows.push([`hub: connections held (${h.kiosks} kiosks + ${h.physicians} physicians)`, String(h.held), '', '', '2000 kiosks']);
    rows.push(['hub: relayed msgs/s at offered rate ' + h.fixed.offered, fmt(h.fixed.relayedPerSecond), '', '', '']);
    rows.push(['hub: relay latency p50 / p99, ms', `${fmt(h.fixed.p50, 2)} / ${fmt(h.fixed.p99, 2)}`, '', '', 'p99 < 5 ms']);
    rows.push(['hub: saturation msgs/s (hub CPU %)', `${fmt(h.saturation.relayedPerSecond)} (${fmt(h.saturation.hubCpuPercent)})`, '', '', '']);
    rows.push(['hub: RSS with all connections, MiB', fmt(h.hubRssMiB), '', '', '']);
  }
  const widths = [0, 1, 2, 3, 4].map((i) => Math.max(...rows.map((x) => String(x[i]).length), ['figure', 'Cabine', 'Chromium', 'ratio', 'target'][i].length));
  const pad = (x) => x.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ');
  return [pad(['figure', 'Cabine', 'Chromium', 'ratio', 'target']), pad(widths.map((w) => '-'.repeat(w))), ...rows.map(pad)].join('\n');
}

/* ---------- main ---------- */

const results = {
  mode: quick ? 'quick' : 'full',
  machine: { cpu: os.cpus()[0]?.model, cores: os.cpus().length, memGiB: +(os.totalmem() / 2 ** 30).toFixed(1),
             kernel: os.release(), chromium: execFileSync('/usr/bin/chromium', ['--version']).toString().trim() },
  work: 'both kiosks: H.264 constrained baseline, 1280×720 @ 30 fps, video capped at 1500 kbit/s, ' +
        'Opus audio, data channel; same hub, same physician (headless Chromium console); ' +
        'camera: the same scrolling colour bars on both (videotestsrc smpte75), drawn once and ' +
        `played in a ${CAMERA_CLIP_FRAMES}-frame loop (Cabine's test camera; Chromium's fake camera from a y4m file); ` +
        `Cabine's H.264 encoder: [media] video-encoder=${opts['video-encoder']}`,
  plan, calls: [], cold: [], readings: null, hub: null, errors: [],
};

let www, hub, physician;
try {
  www = await serveWww();
  if (only.has('calls') || only.has('readings') || only.has('cold')) {
    hub = startHub();
    await waitFor('the hub', async () => (await fetch(`${consoleUrl}api/health`)).ok, { timeoutMs: 15000 });
  }
  if (only.has('calls') || only.has('readings'))
    physician = await launchPhysician();
  if (only.has('calls')) {
    for (let rep = 0; rep < plan.reps; rep++)
      for (const kind of (rep % 2 === 0 ? ['cabine', 'chromium'] : ['chromium', 'cabine']).filter((k) => kinds.includes(k))) {
        try {
          results.calls.push(await call(kind, rep, physician));
        } catch (e) {
          results.errors.push(`${kind} call ${rep}: ${e.message}`);
          log(e.stack);
          await signIn(physician.page).catch(() => {});
        }
      }
  }
  if (only.has('cold'))
    for (let rep = 0; rep < plan.coldReps; rep++)
      for (const kind of rep % 2 === 0 ? ['cabine', 'chromium'] : ['chromium', 'cabine'])
        results.cold.push({ kind, rep, ms: await coldStart(kind, rep) });
  if (only.has('readings'))
    results.readings = await readings(physician);
  if (physician)
    await physician.context.close();
  if (hub)
    await stop(hub);
  if (only.has('hub'))
    results.hub = await hubLoad();
} catch (e) {
  results.errors.push(String(e.stack ?? e));
} finally {
  await physician?.context.close().catch(() => {});
  if (physician)
    fs.rmSync(physician.userDataDir, { recursive: true, force: true });
  www?.close();
  await stopAll();
  if (cameraClip)
    fs.rmSync(cameraClip, { force: true });
}

const text = `Cabine vs Chromium kiosk (${results.mode} mode, ${plan.reps} alternating rep(s), medians)\n` +
  `machine: ${results.machine.cpu}, ${results.machine.cores} cores, ${results.machine.memGiB} GiB, ` +
  `Linux ${results.machine.kernel}, ${results.machine.chromium}\n` +
  `work: ${results.work}\n\n${table(results)}\n` +
  (results.errors.length ? `\nerrors:\n  ${results.errors.join('\n  ')}\n` : '');
fs.writeFileSync(path.join(outDir, 'bench.json'), JSON.stringify(results, null, 2) + '\n');
fs.writeFileSync(path.join(outDir, 'bench.txt'), text);
process.stdout.write(text);
// Figures are never judged here; only a broken benchmark fails.
const broken = results.errors.length > 0 ||
  (only.has('calls') && results.calls.length < kinds.length * plan.reps) ||
  results.calls.some((c) => !(c.g2gToPhysician.n > 0 && c.g2gToKiosk.n > 0));
process.exit(broken ? 1 : 0);
