/* console-remote.js: reliable remote-control messages over the `cabine` data channel
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * data/protocol.md, "Remote control": every message with an id is acknowledged by its receiver;
 * the sender repeats it every RETRY_MS until then; the receiver acts on each id once. This file
 * holds that bookkeeping and the reassembly of chunked snapshots (size and SHA-256 checked).
 */
'use strict';

window.CabineRemote = (function () {
  const RETRY_MS = 2000;
  const INCOMING = new Set(['measurement-progress', 'measurement-result', 'source-switched',
                            'snapshot', 'snapshot-chunk', 'request-failed',
                            'stethoscope-switched', 'call-end']);

  function newId() {
    if (crypto.randomUUID)
      return crypto.randomUUID();
    return Array.from(crypto.getRandomValues(new Uint8Array(16)),
                      (b) => b.toString(16).padStart(2, '0')).join('');
  }

  function hex(buffer) {
    return Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, '0')).join('');
  }

  function fromBase64(text) {
    const binary = atob(text);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++)
      bytes[i] = binary.charCodeAt(i);
    return bytes;
  }

  /* onMessage(msg) is called once per id for the kiosk's messages; onSnapshot(snapshot) once a
   * snapshot is complete: { meta, blob, verified, sha256, size, problem }. */
  function create({ onMessage, onSnapshot }) {
    let channel = null;
    const unacked = new Map();   /* id → text */
    const seen = new Set();
    const snapshots = new Map(); /* snapshotId → { meta, parts: [] } */
    const timer = setInterval(() => {
      for (const text of unacked.values())
        sendText(text);
    }, RETRY_MS);

    function sendText(text) {
      if (channel && channel.readyState === 'open') {
        try {
          channel.send(text);
        } catch (e) {
          console.warn('data channel send failed (will retry):', e.message);
        }
      }
    }

    function request(type, fields) {
      const id = newId();
      const text = JSON.stringify({ type, id, ...fields });
      unacked.set(id, text);
      sendText(text);
      return id;
    }

    function setChannel(ch) {
      channel = ch;
      for (const text of unacked.values())
        sendText(text);
    }

    async function completeSnapshot(snapshotId) {
      const entry = snapshots.get(snapshotId);
      if (!entry || !entry.meta || entry.done)
        return;
      const n = entry.meta.chunks;
      for (let i = 0; i < n; i++)
        if (!entry.parts[i])
          return;
      entry.done = true;
      const blob = new Blob(entry.parts, { type: entry.meta.contentType || 'application/octet-stream' });
      const result = { meta: entry.meta, blob, size: blob.size, sha256: null, verified: false, problem: null };
      if (blob.size !== entry.meta.size)
        result.problem = `size ${blob.size} instead of ${entry.meta.size}`;
      if (crypto.subtle) {
        result.sha256 = hex(await crypto.subtle.digest('SHA-256', await blob.arrayBuffer()));
        if (result.sha256 !== entry.meta.sha256)
          result.problem = result.problem || 'SHA-256 mismatch';
      } else {
        result.problem = result.problem || 'no SHA-256 here (not a secure context)';
      }
      result.verified = result.problem === null;
      entry.parts = [];
      await onSnapshot(result);
    }

    function handleSnapshotPart(msg) {
      const key = msg.snapshotId;
      if (typeof key !== 'string')
        return;
      if (!snapshots.has(key))
        snapshots.set(key, { meta: null, parts: [], done: false });
      const entry = snapshots.get(key);
      if (msg.type === 'snapshot') {
        if (!Number.isInteger(msg.chunks) || msg.chunks < 0 || msg.chunks > 4096 ||
            !Number.isInteger(msg.size) || typeof msg.sha256 !== 'string')
          return;
        entry.meta = msg;
      } else if (Number.isInteger(msg.index) && msg.index >= 0 && msg.index < 4096 &&
                 typeof msg.data === 'string') {
        try {
          entry.parts[msg.index] = fromBase64(msg.data);
        } catch (e) {
          console.warn('snapshot chunk is not base64');
          return;
        }
      }
      completeSnapshot(key).catch((e) => console.error('snapshot', e));
    }

    /* Returns true when msg was a remote-control message (handled here). */
    function handle(msg) {
      if (msg.type === 'ack')
        return typeof msg.id === 'string' && unacked.delete(msg.id);
      if (!INCOMING.has(msg.type) || typeof msg.id !== 'string')
        return false;
      sendText(JSON.stringify({ type: 'ack', id: msg.id }));
      if (seen.has(msg.id))
        return true;
      seen.add(msg.id);
      if (msg.type === 'snapshot' || msg.type === 'snapshot-chunk')
        handleSnapshotPart(msg);
      else
        onMessage(msg);
      return true;
    }

    function close() {
      clearInterval(timer);
      channel = null;
    }

    return { request, handle, setChannel, close, unacked: () => unacked.size };
  }

  /* Tells the cabin over @channel that the physician ended the call (`call-end`, data/protocol.md,
   * "Remote control"), for when the hub cannot carry the hangup. Returns a promise that settles
   * when the cabin acknowledges it, the channel closes or @lingerMs pass; null when the channel
   * is not open. */
  function tellCallEnded(channel, lingerMs) {
    if (!channel || channel.readyState !== 'open')
      return null;
    const id = newId();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        channel.removeEventListener('message', onAck);
        channel.removeEventListener('close', done);
        resolve();
      };
      const onAck = (event) => {
        try {
          const msg = JSON.parse(event.data);
          if (msg.type === 'ack' && msg.id === id)
            done();
        } catch { /* not an ack */ }
      };
      const timer = setTimeout(done, lingerMs);
      channel.addEventListener('message', onAck);
      channel.addEventListener('close', done);
      try {
        channel.send(JSON.stringify({ type: 'call-end', id, reason: 'physician-ended' }));
      } catch (e) {
        console.warn('cannot tell the cabin over the data channel:', e.message);
        done();
      }
    });
  }

  return { create, tellCallEnded };
})();
