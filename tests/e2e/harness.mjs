// harness.mjs: processes, waits, screenshots and the physician's call tools for Cabine's end-to-end runs.
//
// Copyright 2026 The Cabine developers
// SPDX-License-Identifier: GPL-3.0-or-later

import crypto from 'node:crypto';
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const children = new Set();

export function log(...args) {
  const t = new Date().toISOString().slice(11, 23);
  console.error(`[e2e ${t}]`, ...args);
}

// Starts a program whose stdout and stderr go to OUT/NAME.log; remembers it so stopAll() ends it.
export function start(name, cmd, args, { env = {}, outDir }) {
  const logPath = path.join(outDir, `${name}.log`);
  const out = fs.openSync(logPath, 'a');
  const child = spawn(cmd, args, {
    env: { ...process.env, ...env },
    stdio: ['ignore', out, out],
    detached: true, // its own process group, so its children go with it
  });
  fs.closeSync(out);
  child.name = name;
  child.logPath = logPath;
  child.exited = false;
  child.on('exit', (code, signal) => {
    child.exited = true;
    child.exitCode_ = code;
    child.exitSignal = signal;
    children.delete(child);
    log(`${name} exited (${signal ?? code})`);
  });
  children.add(child);
  log(`started ${name}: ${cmd} ${args.join(' ')}`);
  return child;
}

export async function stop(child, { signal = 'SIGTERM', timeoutMs = 5000 } = {}) {
  if (!child || child.exited)
    return;
  try { process.kill(-child.pid, signal); } catch { /* already gone */ }
  const until = Date.now() + timeoutMs;
  while (!child.exited && Date.now() < until)
    await sleep(50);
  if (!child.exited) {
    try { process.kill(-child.pid, 'SIGKILL'); } catch { /* already gone */ }
    await sleep(100);
  }
}

export async function stopAll() {
  await Promise.all([...children].map((c) => stop(c)));
}

export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// Polls fn() until it returns a truthy value; throws with `what` after timeoutMs.
export async function waitFor(what, fn, { timeoutMs = 20000, intervalMs = 100 } = {}) {
  const until = Date.now() + timeoutMs;
  let lastError;
  while (Date.now() < until) {
    try {
      const v = await fn();
      if (v)
        return v;
    } catch (e) {
      lastError = e;
    }
    await sleep(intervalMs);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}` +
                  (lastError ? ` (last error: ${lastError.message})` : ''));
}

export function readLog(child) {
  try { return fs.readFileSync(child.logPath, 'utf8'); } catch { return ''; }
}

// Waits until the program's log matches re, counting only matches after `after` characters.
export async function waitForLog(child, re, { after = 0, timeoutMs = 20000, what } = {}) {
  return waitFor(what ?? `${child.name} to log ${re}`, () => {
    if (child.exited)
      throw new Error(`${child.name} exited; see ${child.logPath}`);
    return readLog(child).slice(after).match(re);
  }, { timeoutMs });
}

// The kiosk's page, as the session's state log says it.
export function kioskState(kiosk) {
  const states = [...readLog(kiosk).matchAll(/session state \w+ -> (\w+)/g)];
  return states.length ? states[states.length - 1][1] : 'welcome';
}

export function screenshotX(file) {
  execFileSync('/usr/bin/import', ['-window', 'root', file], { env: process.env });
  log(`screenshot ${file}`);
  return file;
}

export function xdotool(...args) {
  execFileSync('xdotool', args, { env: process.env });
}

// ---------- The physician's tools in the call view, shared by the consultation and console scenarios.
// Each takes h (the runner's helpers: shoot, sqlite), the console's page, the kiosk process and a
// problems list it appends to, and returns what it saw.

// Asks the cabin for a reading on `instrument` (the console's measurement button): the kiosk's
// guidance panel must appear (shot as shots.guide) and the instrument's next reading must answer
// the request (shot as shots.result). Returns { display, observationId, units, guideShot, resultShot }.
export async function requestMeasurement(h, page, kiosk, instrument, problems, shots) {
  const before = readLog(kiosk).length;
  const button = `#measure-buttons [data-instrument="${instrument}"]`;
  await page.click(`${button} button`);
  await waitForLog(kiosk, new RegExp(`guide ${instrument}: instructing`), { after: before, timeoutMs: 10000 });
  await sleep(300);
  const guideShot = h.shoot(shots.guide);
  await page.locator(`${button} .request-status[data-state="done"]`).waitFor({ timeout: 30000 });
  await waitForLog(kiosk, new RegExp(`guide ${instrument}: result`), { after: before, timeoutMs: 5000 });
  const resultShot = h.shoot(shots.result);
  const requests = await page.evaluate(() => window.cabineConsole.exam.requests);
  const request = Object.values(requests).find((r) => r.instrument === instrument);
  const observation = await page.evaluate((id) => window.cabineConsole.observations.find((o) => o.id === id),
                                          request?.result?.observationId);
  const result = { display: request?.result?.display, observationId: request?.result?.observationId,
                   units: observation?.component?.map((c) => c.valueQuantity?.code)
                          ?? (observation?.valueQuantity ? [observation.valueQuantity.code] : undefined),
                   device: observation?.device?.display, guideShot, resultShot };
  if (!observation)
    problems.push(`the requested ${instrument} Observation did not reach the console`);
  if (instrument === 'blood-pressure') {
    if (!/^\d+\/\d+ mmHg/.test(result.display ?? '')) problems.push(`blood pressure result "${result.display}"`);
    if (observation && !(result.units ?? []).every((u) => u === 'mm[Hg]')) problems.push('blood pressure components are not in mm[Hg]');
  }
  return result;
}

// Switches the patient's video to the otoscope (the simulated USB camera, [cameras]
// otoscope=1d6b:0c01) and takes a snapshot: the console verifies its size and SHA-256, the kiosk
// stores the same bytes, the video does not freeze. Returns the snapshot's description.
export async function otoscopeSnapshot(h, page, kiosk, problems) {
  await page.click('#source-buttons [data-source="otoscope"]');
  await page.locator('#source-status[data-source="otoscope"]').waitFor({ timeout: 10000 });
  await waitForLog(kiosk, /video source: otoscope/, { timeoutMs: 5000 });
  await sleep(1500);
  const framesBefore = (await page.evaluate(() => window.cabineConsole.stats())).videoFramesDecoded;
  await page.click('#snapshot');
  await page.waitForFunction(() => window.cabineConsole.exam.snapshots.length > 0, null, { timeout: 20000 });
  const snap = await page.evaluate(() => window.cabineConsole.exam.snapshots[0]);
  // The picture is shown: decoded by the browser at its full size.
  await page.waitForFunction(() => document.querySelector('#gallery img')?.naturalWidth > 0, null, { timeout: 5000 })
    .catch(() => problems.push('the snapshot is not displayed'));
  await sleep(1000);
  const framesAfter = (await page.evaluate(() => window.cabineConsole.stats())).videoFramesDecoded;
  const stored = JSON.parse(h.sqlite(`SELECT id, source, length(data) AS size, hex(data) AS hex FROM snapshot WHERE id = '${snap.snapshotId}'`) || '[]')[0];
  const storedSha = stored ? crypto.createHash('sha256').update(Buffer.from(stored.hex, 'hex')).digest('hex') : null;
  const result = { id: snap.snapshotId, source: snap.source, width: snap.width, height: snap.height, size: snap.size,
                   expectedSize: snap.expectedSize, sha256: snap.sha256, verified: snap.verified,
                   storedSize: stored?.size ?? null, storedSha256Matches: storedSha === snap.sha256,
                   videoFramesDuringSwitchAndSnapshot: framesAfter - framesBefore };
  if (!snap.verified) problems.push(`the snapshot was not verified: ${snap.problem}`);
  if (snap.source !== 'otoscope') problems.push(`the snapshot came from ${snap.source}`);
  // Its still is the otoscope's native 1920×1080 frame, not the 1280×720 call frame.
  if (snap.width !== 1920 || snap.height !== 1080) problems.push(`the snapshot is ${snap.width}×${snap.height}, not the otoscope's native 1920×1080`);
  if (!/camera "Cabine simulated otoscope" is the otoscope/.test(readLog(kiosk))) problems.push('the kiosk did not find the otoscope with its camera monitor');
  if (!(snap.size > 1000) || snap.size !== snap.expectedSize) problems.push(`snapshot size ${snap.size}/${snap.expectedSize}`);
  if (!stored || storedSha !== snap.sha256 || stored.size !== snap.size) problems.push('the kiosk store does not hold the snapshot the console verified');
  if (result.videoFramesDuringSwitchAndSnapshot < 10) problems.push('the video froze around the switch and snapshot');
  return result;
}

// Switches the cabin's stethoscope (its own audio track, msid cabine-stethoscope, off at first)
// with the console's button: on, its packets flow and the indicator shows its jitter and loss;
// off, they stop; with again, on once more.
export async function checkStethoscope(page, problems, { again = true } = {}) {
  const result = {};
  const packets = () => page.evaluate(() => window.cabineConsole.exam.stethoscope?.packetsReceived ?? null);
  // Packets per second between two of the console's statistics samples (every 2 s) ~4 s apart.
  const rate = async () => {
    const sample = () => page.evaluate(() => {
      const s = window.cabineConsole.exam.stethoscope;
      return { packets: s.packetsReceived, at: s.sampledAt };
    });
    const first = await sample();
    await sleep(4200);
    const second = await sample();
    return second.at > first.at ? Math.round(1000 * (second.packets - first.packets) / (second.at - first.at)) : null;
  };
  const toggle = async (want) => {
    await page.click('#stethoscope-toggle');
    await page.waitForFunction((on) => document.querySelector('#stethoscope-status')?.textContent === (on ? 'on' : 'off'),
                               want, { timeout: 10000 });
  };
  try {
    await page.locator('#stethoscope:not([hidden])').waitFor({ timeout: 10000 });
  } catch (e) {
    problems.push('the console shows no stethoscope');
    return result;
  }
  Object.assign(result, await page.evaluate(() => {
    const room = document.getElementById('remote-video').srcObject;
    const steth = window.cabineConsole.exam.stethoscope;
    return { roomAudioTracks: room ? room.getAudioTracks().length : 0, trackId: steth.trackId, mid: steth.mid,
             separate: !!room && !room.getTracks().some((t) => t.id === steth.trackId), onAtStart: steth.on };
  }));
  if (result.roomAudioTracks !== 1 || !result.separate) problems.push('the stethoscope is not a track of its own beside the room audio');
  if (result.onAtStart) problems.push('the stethoscope was on before the physician asked');
  await sleep(2500);
  result.packetsWhileOffAtStart = await packets();

  await toggle(true);
  await sleep(2500);   // a quality sample after the switch
  result.packetsPerSecondOn = await rate();   // 50 at 20 ms per packet
  result.indicator = (await page.textContent('#stethoscope-quality')).trim();
  result.level = await page.getAttribute('#stethoscope-quality', 'data-level');
  result.jitterMs = await page.evaluate(() => window.cabineConsole.exam.stethoscope.jitterMs);
  result.lossPct = await page.evaluate(() => window.cabineConsole.exam.stethoscope.lossPct);
  result.playingWhenOn = await page.evaluate(() => !!document.getElementById('stethoscope-audio').srcObject);
  if (!(result.packetsPerSecondOn >= 30)) problems.push(`stethoscope on: ${result.packetsPerSecondOn} packets/s`);
  if (!/jitter [\d.]+ ms, loss [\d.]+ %/.test(result.indicator) || !['good', 'fair', 'poor'].includes(result.level))
    problems.push(`stethoscope indicator "${result.indicator}" (${result.level})`);
  if (!result.playingWhenOn) problems.push('the console does not play the stethoscope when on');

  await toggle(false);
  await sleep(2500);
  const offStart = await packets();
  await sleep(3000);
  const offEnd = await packets();
  result.packetsWhileOff = offEnd - offStart;
  result.playingWhenOff = await page.evaluate(() => !!document.getElementById('stethoscope-audio').srcObject);
  if (result.packetsWhileOff > 2) problems.push(`stethoscope off: ${result.packetsWhileOff} packets in 3 s`);
  if (result.playingWhenOff) problems.push('the console still plays the stethoscope when off');

  if (again) {
    await toggle(true);
    await sleep(2500);
    result.packetsPerSecondOnAgain = await rate();
    if (!(result.packetsPerSecondOnAgain >= 30)) problems.push(`stethoscope on again: ${result.packetsPerSecondOnAgain} packets/s`);
  }
  return result;
}

// Types the physician's notes; the console saves them at the hub a second after typing.
export async function writeNotes(page, text, problems) {
  await page.fill('#notes', text);
  await sleep(2500);
  const status = (await page.textContent('#notes-status')).trim();
  if (!/^Saved at/.test(status)) problems.push(`the notes were not saved: "${status}"`);
  return status;
}

// The FHIR Bundle's ClinicalImpression summary (the physician's notes), or null.
export function notesInBundle(bundlePath) {
  const impressions = (JSON.parse(fs.readFileSync(bundlePath, 'utf8')).entry ?? [])
    .filter((e) => e.resource.resourceType === 'ClinicalImpression');
  return impressions[0]?.resource.summary ?? null;
}
