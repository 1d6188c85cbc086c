// lib.mjs: process accounting (/proc) and statistics for Cabine's benchmarks.
//
// Copyright 2026 The Cabine developers
// SPDX-License-Identifier: GPL-3.0-or-later

import fs from 'node:fs';

const CLK_TCK = 100; // sysconf(_SC_CLK_TCK) on Linux x86-64

function readStat(pid) {
  try {
    const s = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const rest = s.slice(s.lastIndexOf(')') + 2).split(' ');
    // fields after "comm": state(3) ppid(4) … utime(14) stime(15), counted from 1
    return { ppid: Number(rest[1]), ticks: Number(rest[11]) + Number(rest[12]) };
  } catch {
    return null;
  }
}

// The pid and all its descendants.
export function processTree(root) {
  const children = new Map();
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name))
      continue;
    const st = readStat(name);
    if (!st)
      continue;
    if (!children.has(st.ppid))
      children.set(st.ppid, []);
    children.get(st.ppid).push(Number(name));
  }
  const out = [];
  const pending = [root];
  while (pending.length) {
    const pid = pending.pop();
    out.push(pid);
    pending.push(...(children.get(pid) ?? []));
  }
  return out;
}

function kib(pid, file, key) {
  try {
    const m = fs.readFileSync(`/proc/${pid}/${file}`, 'utf8').match(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

// CPU ticks per pid, RSS and PSS sums (KiB) of the tree under root.
export function snapshot(root) {
  const pids = processTree(root);
  const ticks = new Map();
  let rss = 0, pss = 0;
  for (const pid of pids) {
    const st = readStat(pid);
    if (!st)
      continue;
    ticks.set(pid, st.ticks);
    rss += kib(pid, 'status', 'VmRSS');
    pss += kib(pid, 'smaps_rollup', 'Pss');
  }
  return { at: performance.now(), ticks, rss, pss, processes: ticks.size };
}

// % of one core used by the tree between two snapshots (processes born in between count whole).
export function cpuPercent(a, b) {
  let dt = 0;
  for (const [pid, t] of b.ticks)
    dt += t - (a.ticks.get(pid) ?? 0);
  return (dt / CLK_TCK) / ((b.at - a.at) / 1000) * 100;
}

// Samples root's tree every intervalMs for durationMs: CPU % and median RSS/PSS in MiB.
export async function measureProcess(root, durationMs, intervalMs = 1000) {
  const first = snapshot(root);
  const rss = [], pss = [];
  let last = first;
  const until = performance.now() + durationMs;
  while (performance.now() < until) {
    await new Promise((r) => setTimeout(r, Math.min(intervalMs, until - performance.now())));
    last = snapshot(root);
    rss.push(last.rss / 1024);
    pss.push(last.pss / 1024);
  }
  return { cpuPercent: cpuPercent(first, last), rssMiB: median(rss), pssMiB: median(pss),
           processes: last.processes };
}

export function quantile(values, q) {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0)
    return null;
  const pos = (v.length - 1) * q;
  const lo = Math.floor(pos), hi = Math.ceil(pos);
  return v[lo] + (v[hi] - v[lo]) * (pos - lo);
}

export const median = (values) => quantile(values, 0.5);
