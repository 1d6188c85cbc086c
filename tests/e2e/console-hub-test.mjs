// console-hub-test.mjs: the console's signalling connection (data/console/console-hub.js) against a
// fake WebSocket and fake timers: reconnection with backoff (0.5 s, 1, 2, 4, then 5 s), reset once
// welcomed, the counters the end-to-end scenarios read, no reconnection after close ().
//
// Copyright 2026 The Cabine developers
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Usage: node console-hub-test.mjs SOURCE_DIR (exits non-zero on a failure)

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';

const source = process.argv[2] ?? path.join(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const code = fs.readFileSync(path.join(source, 'data', 'console', 'console-hub.js'), 'utf8');

// Timers: setTimeout records its delay; the test fires them by hand.
const timers = [];
class FakeSocket {
  static OPEN = 1;
  static sockets = [];
  constructor(url) {
    this.url = url;
    this.readyState = 0;
    this.sent = [];
    FakeSocket.sockets.push(this);
  }
  send(text) { this.sent.push(JSON.parse(text)); }
  close() { this.serverClose(1005); }
  // What the network or the hub does.
  opened() { this.readyState = 1; this.onopen?.(); }
  receive(msg) { this.onmessage?.({ data: typeof msg === 'string' ? msg : JSON.stringify(msg) }); }
  serverClose(code) {
    if (this.readyState === 3)
      return;
    this.readyState = 3;
    this.onclose?.({ code });
  }
}
const window = {};
const context = vm.createContext({
  window, WebSocket: FakeSocket, console: { warn() {}, info() {}, log() {} },
  setTimeout: (fn, ms) => { timers.push({ fn, ms }); return timers.length; },
  clearTimeout: (id) => { if (id && timers[id - 1]) timers[id - 1].fn = null; },
  document: { getElementById: () => null },
});
vm.runInContext(code, context, { filename: 'console-hub.js' });
const { connection, backoff } = window.CabineHub;

// Objects made inside the vm context have its prototypes: compare their JSON.
const same = (actual, expected, message) => assert.deepEqual(JSON.parse(JSON.stringify(actual)), expected, message);

let checks = 0;
function check(name, fn) {
  fn();
  checks++;
  console.log(`ok ${checks} ${name}`);
}

check('backoff delays', () => {
  assert.deepEqual([0, 1, 2, 3, 4, 5, 50].map(backoff), [500, 1000, 2000, 4000, 5000, 5000, 5000]);
});

const received = [];
const lost = [];
const hub = connection({
  url: () => 'wss://hub.example/ws',
  onOpen: () => hub.send({ type: 'hello' }),
  onMessage: (msg) => received.push(msg),
  onLost: (info) => lost.push(info),
});
const last = () => FakeSocket.sockets[FakeSocket.sockets.length - 1];
const fireNext = () => {
  const t = timers.filter((x) => x.fn).pop();
  assert.ok(t, 'a reconnection is scheduled');
  const { fn, ms } = t;
  t.fn = null;
  fn();
  return ms;
};

check('first connection, hello, messages, welcome', () => {
  hub.open();
  assert.equal(FakeSocket.sockets.length, 1);
  assert.equal(hub.send({ type: 'x' }), false, 'nothing is sent before the socket opens');
  last().opened();
  same(last().sent, [{ type: 'hello' }]);
  last().receive('not json');
  last().receive('[1]');
  last().receive({ type: 'welcome' });
  same(received, [{ type: 'welcome' }], 'only JSON objects reach the console');
  hub.welcomed();
  assert.equal(hub.state.connected, true);
  assert.equal(hub.state.reconnects, 0);
  assert.equal(hub.state.attempts, 1);
});

check('a lost connection is retried with backoff until the hub is back', () => {
  last().serverClose(1006);
  assert.equal(hub.state.connected, false);
  assert.equal(hub.state.lost, 1);
  assert.equal(hub.state.closeCode, 1006);
  same(lost[0], { code: 1006, wasWelcomed: true, retryInMs: 500 });
  const delays = [];
  for (let i = 0; i < 6; i++) {
    delays.push(fireNext());
    last().serverClose(1006);    // connection refused: the hub is still down
  }
  same(delays, [500, 1000, 2000, 4000, 5000, 5000]);
  assert.ok(lost.slice(1).every((l) => l.wasWelcomed === false));
  assert.equal(hub.state.lost, 1, 'only a welcomed connection counts as lost');
  fireNext();
  last().opened();
  hub.welcomed();
  assert.equal(hub.state.reconnects, 1);
  assert.equal(hub.state.connected, true);
  assert.equal(hub.send({ type: 'resume', sessionId: 's' }), true);
  same(last().sent, [{ type: 'hello' }, { type: 'resume', sessionId: 's' }]);
});

check('welcomed again: the backoff starts over; drop () reconnects like a network drop', () => {
  hub.drop();
  assert.equal(lost[lost.length - 1].retryInMs, 500);
  assert.equal(lost[lost.length - 1].wasWelcomed, true);
  assert.equal(fireNext(), 500);
  last().opened();
  hub.welcomed();
  assert.equal(hub.state.reconnects, 2);
});

check('messages of a replaced socket are ignored', () => {
  const old = last();
  old.serverClose(1006);
  fireNext();
  const count = received.length;
  old.receive({ type: 'queue' });
  assert.equal(received.length, count);
  last().opened();
  hub.welcomed();
});

check('close () stops reconnecting, and a new sign-in does not count as a reconnection', () => {
  const sockets = FakeSocket.sockets.length;
  const lostBefore = lost.length;
  hub.close();
  assert.equal(hub.state.connected, false);
  assert.equal(lost.length, lostBefore, 'closing on purpose is not a loss');
  assert.equal(timers.filter((t) => t.fn).length, 0, 'no reconnection scheduled');
  assert.equal(FakeSocket.sockets.length, sockets);
  const reconnects = hub.state.reconnects;
  hub.open();
  last().opened();
  hub.welcomed();
  assert.equal(hub.state.reconnects, reconnects);
});

console.log(`console-hub: ${checks} checks passed`);
