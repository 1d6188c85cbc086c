/* console-hub.js: the physician console's signalling connection to the hub
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One WebSocket at a time to the hub's /ws, opened again with backoff (0.5 s, 1 s, 2 s, 4 s, then
 * every 5 s) whenever it closes while the physician is signed in: a call does not need the hub
 * while it lasts (data/protocol.md, "Signalling interruption"), so console.js keeps its call and
 * claims it again with `resume` once the new connection is welcomed. Also the persistent notice
 * that says so (#link-notice), which, unlike #notice, stays until the condition is over.
 */
'use strict';

window.CabineHub = (function () {
  const BACKOFF_MS = [500, 1000, 2000, 4000];
  const BACKOFF_MAX_MS = 5000;

  /* The delay before the (failures + 1)-th consecutive attempt. */
  function backoff(failures) {
    return failures < BACKOFF_MS.length ? BACKOFF_MS[failures] : BACKOFF_MAX_MS;
  }

  /* A connection to @url (a function returning the ws:// or wss:// URL). @onOpen () is called when
   * the socket opens (say hello), @onMessage (msg) for each JSON object the hub sends, @onLost
   * ({ code, wasWelcomed, retryInMs }) when the socket closes while running (a new attempt is
   * already scheduled). Returns { open, close, send, welcomed, drop, state }:
   *   open ()      starts connecting (and keeps reconnecting until close ())
   *   close ()     stops: closes the socket, no reconnection (signing out, leaving the page)
   *   send (msg)   sends msg as JSON; false when the socket is not open (msg is dropped)
   *   welcomed ()  the hub welcomed this connection: resets the backoff, counts a reconnection
   *   drop ()      closes the socket as a network drop would (tests); reconnects as usual
   *   state        for tests (window.cabineConsole.hub): connected (welcomed on an open socket),
   *                reconnects (welcomes after a lost connection), attempts (sockets opened),
   *                lost (welcomed connections that closed), lostAt (ISO time of the last loss),
   *                closeCode (of the last close); console.js adds resumed, peerAway and notice. */
  function connection({ url, onOpen, onMessage, onLost }) {
    const state = { connected: false, reconnects: 0, attempts: 0, lost: 0, lostAt: null, closeCode: null };
    let socket = null;
    let timer = null;
    let failures = 0;
    let running = false;
    let everWelcomed = false;

    function open() {
      running = true;
      clearTimeout(timer);
      timer = null;
      if (socket)
        return;
      state.attempts++;
      const ws = new WebSocket(url());
      socket = ws;
      ws.onopen = () => {
        if (socket === ws)
          onOpen();
      };
      ws.onmessage = (event) => {
        if (socket !== ws)
          return;
        let msg;
        try {
          msg = JSON.parse(event.data);
        } catch (e) {
          console.warn('hub sent non-JSON data');
          return;
        }
        if (msg && typeof msg === 'object' && !Array.isArray(msg))
          onMessage(msg);
      };
      ws.onclose = (event) => {
        if (socket !== ws)
          return;
        socket = null;
        const wasWelcomed = state.connected;
        state.connected = false;
        state.closeCode = event.code;
        if (wasWelcomed) {
          state.lost++;
          state.lostAt = new Date().toISOString();
        }
        if (!running)
          return;
        const retryInMs = backoff(failures++);
        timer = setTimeout(open, retryInMs);
        onLost({ code: event.code, wasWelcomed, retryInMs });
      };
    }

    function close() {
      running = false;
      everWelcomed = false;
      failures = 0;
      clearTimeout(timer);
      timer = null;
      state.connected = false;
      if (socket) {
        const ws = socket;
        socket = null;
        ws.close();
      }
    }

    function send(msg) {
      if (!socket || socket.readyState !== WebSocket.OPEN)
        return false;
      socket.send(JSON.stringify(msg));
      return true;
    }

    /* Closes the socket as a network drop would (for tests): the usual reconnection follows. */
    function drop() {
      if (socket)
        socket.close();
    }

    function welcomed() {
      if (everWelcomed)
        state.reconnects++;
      everWelcomed = true;
      failures = 0;
      state.connected = true;
    }

    return { open, close, send, welcomed, drop, state };
  }

  /* The persistent notice: @render () its text (rendered again on a switch of language,
   * console-i18n.js), or null to hide it. */
  function showLinkNotice(render) {
    const el = document.getElementById('link-notice');
    if (!el)
      return;
    if (render)
      window.CabineI18n.show(el, render);
    else
      window.CabineI18n.clear(el);
    el.hidden = !render;
  }

  return { connection, showLinkNotice, backoff };
})();
