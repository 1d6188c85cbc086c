// hubload.mjs: load generator for cabine-hub. Starts its own hub (pinned to CPU 0 with taskset
// when the machine has more than one core) with N generated kiosk accounts, connects N kiosks and
// P physicians (data/protocol.md hello), puts P kiosk/physician pairs in a call, then relays `ice`
// messages both ways: first at a fixed offered rate (latency percentiles), then as fast as the hub
// takes them with a bounded window per pair (saturation). Prints one JSON line on stdout.
//
// Copyright 2026 The Cabine developers
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Usage: node hubload.mjs --build DIR --source DIR --out DIR [--kiosks N] [--physicians P]
//                         [--seconds S] [--rate R] [--port N]

import WebSocket from 'ws';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { log, start, stop, sleep, waitFor } from '../e2e/harness.mjs';
import { snapshot, cpuPercent, quantile } from './lib.mjs';

const { values: opts } = parseArgs({
  options: {
    build: { type: 'string' }, source: { type: 'string' }, out: { type: 'string' },
    kiosks: { type: 'string', default: '2000' }, physicians: { type: 'string', default: '50' },
    seconds: { type: 'string', default: '10' }, rate: { type: 'string', default: '2000' },
    port: { type: 'string', default: '18453' },
  },
});
const K = Number(opts.kiosks), P = Math.min(Number(opts.physicians), K);
const seconds = Number(opts.seconds), rate = Number(opts.rate);
const port = Number(opts.port);
const outDir = path.resolve(opts.out);
const base = `127.0.0.1:${port}`;

// A hub configuration with K kiosks and the demo physician (password "demo").
function writeConfig() {
  const demo = fs.readFileSync(path.join(opts.source, 'data', 'hub-demo.conf'), 'utf8');
  const physician = demo.slice(demo.indexOf('[physician:demo]'));
  let conf = `[hub]\nlisten=127.0.0.1\nport=${port}\nice-servers=stun:127.0.0.1:3478;\n\n`;
  for (let i = 0; i < K; i++)
    conf += `[kiosk:load-${i}]\ntoken=load-token-${String(i).padStart(8, '0')}-0123456789abcdef\n`;
  const file = path.join(outDir, 'hubload.conf');
  fs.writeFileSync(file, conf + '\n' + physician);
  return file;
}

function connect(hello) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://${base}/ws`, { perMessageDeflate: false });
    ws.inbox = [];
    ws.waiters = [];
    ws.on('message', (data) => {
      const msg = JSON.parse(data);
      const w = ws.waiters.findIndex((x) => x.type === msg.type);
      if (w >= 0)
        ws.waiters.splice(w, 1)[0].resolve(msg);
      else if (ws.onBench)
        ws.onBench(msg);
    });
    ws.next = (type) => new Promise((res) => ws.waiters.push({ type, resolve: res }));
    ws.on('open', () => {
      ws.next('welcome').then(() => resolve(ws));
      ws.send(JSON.stringify(hello));
    });
    ws.on('error', reject);
  });
}

async function inBatches(n, size, f) {
  const out = [];
  for (let i = 0; i < n; i += size)
    out.push(...await Promise.all(Array.from({ length: Math.min(size, n - i) }, (_, j) => f(i + j))));
  return out;
}

const multi = os.cpus().length > 1;
const hub = start('hubload-hub', multi ? 'taskset' : path.join(opts.build, 'app', 'cabine-hub'),
                  [...(multi ? ['-c', '0', path.join(opts.build, 'app', 'cabine-hub')] : []),
                   '--config', writeConfig()], { outDir, env: { G_MESSAGES_DEBUG: '' } });
const result = { kiosks: K, physicians: P, pinned: multi ? 'hub on CPU 0, load generator on CPU 1' : 'one core' };
try {
  await waitFor('the load hub', async () => (await fetch(`http://${base}/api/health`)).ok, { timeoutMs: 20000 });
  const hubPid = () => hub.pid; // taskset execs the hub: same pid

  const t0 = performance.now();
  const kiosks = await inBatches(K, 8, (i) => connect({ type: 'hello', role: 'kiosk', kioskId: `load-${i}`,
                                                            token: `load-token-${String(i).padStart(8, '0')}-0123456789abcdef`, version: '0.1.0' }));
  result.connectSeconds = (performance.now() - t0) / 1000;
  const login = await (await fetch(`http://${base}/api/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' },
                                                                 body: JSON.stringify({ username: 'demo', password: 'demo' }) })).json();
  const physicians = await inBatches(P, 8, () => connect({ type: 'hello', role: 'physician', token: login.token }));

  // P calls, one at a time so the queue stays short.
  const pairs = [];
  for (let i = 0; i < P; i++) {
    const k = kiosks[i], p = physicians[i];
    const queued = k.next('queued');
    k.send(JSON.stringify({ type: 'join-queue', reason: 'load' }));
    const { sessionId } = await queued;
    const started = k.next('session-started');
    const accepted = p.next('accepted');
    p.send(JSON.stringify({ type: 'accept', sessionId }));
    await Promise.all([started, accepted]);
    pairs.push({ k, p, sessionId });
  }
  const health = await (await fetch(`http://${base}/api/health`)).json();
  result.held = kiosks.filter((w) => w.readyState === WebSocket.OPEN).length +
                physicians.filter((w) => w.readyState === WebSocket.OPEN).length;
  result.hubHealth = health;
  result.hubRssMiB = snapshot(hubPid()).rss / 1024;

  // Relay: ice messages, the send time in sdpMid (relayed verbatim).
  const latencies = [];
  let received = 0;
  const onRelay = (msg) => {
    if (msg.type !== 'ice')
      return;
    received++;
    latencies.push(Number(process.hrtime.bigint() - BigInt(msg.sdpMid)) / 1e6);
  };
  for (const { k, p } of pairs)
    k.onBench = p.onBench = onRelay;
  const ice = (sessionId) => JSON.stringify({ type: 'ice', sessionId, candidate: 'candidate:1 1 UDP 2015363327 127.0.0.1 40123 typ host',
                                              sdpMLineIndex: 0, sdpMid: String(process.hrtime.bigint()) });

  // 1. Fixed offered rate, spread over the pairs and both directions (after the hub settles).
  await sleep(2000);
  let sent = 0;
  const a = snapshot(hubPid());
  const tStart = performance.now();
  await new Promise((resolve) => {
    const tick = setInterval(() => {
      const elapsed = (performance.now() - tStart) / 1000;
      if (elapsed >= seconds) {
        clearInterval(tick);
        resolve();
        return;
      }
      while (sent < elapsed * rate) {
        const pair = pairs[sent % pairs.length];
        (sent % 2 ? pair.p : pair.k).send(ice(pair.sessionId));
        sent++;
      }
    }, 2);
  });
  await sleep(500);
  const b = snapshot(hubPid());
  result.fixed = { offered: rate, sent, received, relayedPerSecond: received / seconds,
                   p50: quantile(latencies, 0.5), p95: quantile(latencies, 0.95), p99: quantile(latencies, 0.99),
                   hubCpuPercent: cpuPercent(a, b) };

  // 2. Saturation: each pair keeps 8 messages in flight each way.
  latencies.length = 0;
  received = 0;
  let running = true;
  const window = 8;
  for (const pair of pairs) {
    const refill = (from) => (msg) => {
      onRelay(msg);
      if (running && msg.type === 'ice')
        from.send(ice(pair.sessionId));
    };
    pair.k.onBench = refill(pair.p); // the kiosk got one from the physician: the physician sends again
    pair.p.onBench = refill(pair.k);
  }
  const c = snapshot(hubPid());
  const tSat = performance.now();
  for (const pair of pairs)
    for (let i = 0; i < window; i++) {
      pair.k.send(ice(pair.sessionId));
      pair.p.send(ice(pair.sessionId));
    }
  await sleep(Math.max(2, seconds / 2) * 1000);
  running = false;
  const d = snapshot(hubPid());
  const satSeconds = (performance.now() - tSat) / 1000;
  result.saturation = { relayedPerSecond: received / satSeconds, p50: quantile(latencies, 0.5),
                        p99: quantile(latencies, 0.99), hubCpuPercent: cpuPercent(c, d),
                        loadGeneratorCpuPercent: null };
  await sleep(300);
  for (const w of [...kiosks, ...physicians])
    w.terminate();
} catch (e) {
  result.error = String(e.stack ?? e);
  log(result.error);
} finally {
  await stop(hub);
}
process.stdout.write(JSON.stringify(result) + '\n');
process.exit(result.error ? 1 : 0);
