// harness.mjs: processes, waits and screenshots for Cabine's end-to-end runs.
//
// Copyright 2026 The Cabine developers
// SPDX-License-Identifier: GPL-3.0-or-later

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
