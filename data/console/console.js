/* console.js: the Cabine physician console (plain browser JavaScript, no build step)
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Signs in with POST /api/login, speaks the signalling protocol of data/protocol.md over the hub's
 * WebSocket, answers the kiosk's WebRTC offer, and shows the readings received on the `cabine`
 * data channel. Patient data is only ever inserted with textContent. Its companions:
 * console-hub.js (the hub connection and its reconnection), console-queue.js (the waiting list),
 * console-vitals.js (how a reading is shown), console-exam.js and console-remote.js (the tools
 * of the call view, the report).
 */
'use strict';

(function () {
  const i18n = window.CabineI18n;
  const t = i18n.t;
  const show = i18n.show;
  /* What the console says of a hangup's reason (the hub's code), in the console's language. */
  const HANGUP_NOTICES = {
    'patient-ended': () => t('The patient ended the call.'),
    'peer-disconnected': () => t('The connection to the cabin was lost.'),
    'call-failed': () => t('The call failed.'),
    'physician-ended': () => t('The call was ended.'),
    /* The hub gave the call to another console window of this account (its `resume`). */
    'taken-over': () => t('This call continues in another console window signed in to your account.'),
  };
  /* A call whose network path went away is given this long to come back, through the path
   * itself or a new offer from the cabin (data/protocol.md, "Recovery"), before it is lost. */
  const RECOVERY_MS = 60000;

  const $ = (id) => document.getElementById(id);

  /* Public state, for automated tests. */
  const api = {
    state: 'signed-out',
    acceptedAt: null,
    firstFrameAt: null,
    observations: [],
    stats: collectStats,
    exam: window.CabineExam.api,
    /* The current offer's attempt (0: the first one; n: the cabin's n-th recovery) and the
     * recoveries of this call: { attempt, at, reconnectedAt }. */
    attempt: 0,
    recoveries: [],
    /* What the cabin refused of this call's signalling (signal-refused): { inReplyTo, reason,
     * attempt, at }. */
    refusals: [],
    /* The queue as last received, and accepting one of its entries (a stale one too: what a
     * physician's click does when a colleague was faster). */
    queue: () => queueEntries.slice(),
    accept: (entry) => acceptEntry(entry),
    /* The signalling connection (console-hub.js): connected, reconnects, attempts, lost, lostAt,
     * closeCode; and here: resumed (calls claimed back with `resume`), peerAway (the cabin's
     * connection to the hub is interrupted), notice (the persistent notice shown, or null),
     * pendingHangups (calls ended while the hub was unreachable, not yet told to it). */
    hub: null,
    /* Closes the signalling socket as a network drop would (tests): the console reconnects. */
    dropHubConnection: () => hub.drop(),
  };
  window.cabineConsole = api;

  let token = null;
  let displayName = null;
  let queueEntries = [];
  /* Calls the physician ended (or that failed) while the hub was unreachable: { sessionId, reason },
   * told to the hub with `resume` then `hangup` once it is back. */
  let pendingHangups = [];
  const hub = window.CabineHub.connection({
    url: () => (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws',
    onOpen: () => hub.send({ type: 'hello', role: 'physician', token: token }),
    onMessage: (msg) => handleMessage(msg).catch((e) => console.error('handling', msg.type, e)),
    onLost: hubLost,
  });
  api.hub = Object.assign(hub.state, { resumed: 0, peerAway: false, notice: null, pendingHangups: 0 });
  let call = null; /* { sessionId, kioskId, reason, pc, iceServers, pending: [], localStream, channel, seen } */

  /* ---------- UI helpers ---------- */

  function setState(state) {
    api.state = state;
    document.body.dataset.state = state;
    $('signin-view').hidden = state !== 'signed-out';
    $('queue-view').hidden = state !== 'queue';
    $('call-view').hidden = state !== 'call';
    $('report-view').hidden = state !== 'report';
  }

  /* @render (): the notice's text (a string is taken as it is). It goes after 8 s, unless
   * @options.sticky: then it stays until the physician acts (types in the sign-in form or signs
   * in) or another notice replaces it. @options.detail: technical text (often the hub's English)
   * kept as the notice's tooltip for support, never as its sentence. */
  let noticeTimer = null;
  function notice(render, kind, options = {}) {
    const el = $('notice');
    show(el, typeof render === 'function' ? render : () => render);
    el.dataset.kind = kind || 'info';
    el.title = options.detail || '';
    el.hidden = false;
    clearTimeout(noticeTimer);
    noticeTimer = options.sticky ? null : setTimeout(() => { el.hidden = true; }, 8000);
  }

  /* The physician acts on the sign-in page: a sticky notice (why they were signed out) goes. */
  function dismissStickyNotice() {
    if (api.state !== 'signed-out' || noticeTimer !== null)
      return;
    $('notice').hidden = true;
  }

  const CONNECTION_TEXTS = { offline: () => t('Offline'), connecting: () => t('Connecting…'),
                             reconnecting: () => t('Reconnecting…'), online: () => t('Online') };

  /* @status: offline, connecting, reconnecting (shown as offline) or online. */
  function setConnection(status) {
    const el = $('connection');
    el.dataset.status = status === 'reconnecting' ? 'offline' : status;
    show(el, CONNECTION_TEXTS[status]);
  }

  /* ---------- sign in ---------- */

  async function signIn(event) {
    event.preventDefault();
    const errorEl = $('signin-error');
    errorEl.hidden = true;
    $('sign-in').disabled = true;
    try {
      const response = await fetch('/api/login', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username: $('username').value, password: $('password').value }),
        cache: 'no-store',
      });
      const body = await response.json().catch(() => ({}));
      if (!response.ok || typeof body.token !== 'string') {
        // The hub explains refusals (e.g. 429 "Too many failed sign-ins… try again in 42 s.").
        // Its message is English: kept as the tooltip and in the log, the sentence is ours.
        const hubMessage = typeof body.error === 'string' && body.error !== '' ? body.error : null;
        const wait = hubMessage !== null && response.status === 429 ? /(\d+) s\b/.exec(hubMessage) : null;
        const status = response.status;
        if (hubMessage !== null)
          console.warn(`sign-in refused (HTTP ${status}): ${hubMessage}`);
        show(errorEl, () => (status === 401 ? t('Wrong username or password.')
          : wait ? t('Too many failed sign-ins: try again in {count} s.', { count: Number(wait[1]) })
          : status === 413 ? t('The username or password is too long.')
          : status >= 500 ? t('Server error (HTTP {status}): try again in a moment.', { status: String(status) })
          : t('Sign-in failed ({status}).', { status: String(status) })));
        errorEl.title = hubMessage || '';
        errorEl.hidden = false;
        return;
      }
      token = body.token;
      window.CabineExam.setNotesAuth(token);
      displayName = body.displayName || $('username').value;
      $('password').value = '';
      remember();
      connect();
    } catch (e) {
      show(errorEl, () => t('The hub cannot be reached.'));
      errorEl.title = e.message || '';
      errorEl.hidden = false;
    } finally {
      $('sign-in').disabled = false;
    }
  }

  /* The sign-in survives a reload of this tab (sessionStorage: this tab only, gone when it closes);
   * the hub keeps the token until it expires, and refuses it after with not-authorized. */
  const LOGIN_KEY = 'cabine-login';

  function remember() {
    try {
      sessionStorage.setItem(LOGIN_KEY, JSON.stringify({ token, displayName }));
    } catch (e) {
      console.warn('cannot keep the sign-in for a reload', e);
    }
  }

  function restore() {
    let saved = null;
    try {
      saved = JSON.parse(sessionStorage.getItem(LOGIN_KEY) || 'null');
    } catch (e) {
      saved = null;
    }
    if (!saved || typeof saved.token !== 'string' || !/^[0-9a-f]{64}$/.test(saved.token))
      return false;
    token = saved.token;
    displayName = typeof saved.displayName === 'string' ? saved.displayName : '';
    window.CabineExam.setNotesAuth(token);
    connect();
    return true;
  }

  function signOut(message) {
    try {
      sessionStorage.removeItem(LOGIN_KEY);
    } catch (e) {
      /* nothing kept */
    }
    token = null;
    pendingHangups = [];
    api.hub.pendingHangups = 0;
    /* A call still open peer to peer ends here: the cabin hears it over the data channel
     * (`call-end`) before the connection closes, or it would record a failed call. */
    endCall(null, undefined, call ? window.CabineRemote.tellCallEnded(call.channel, CALL_END_LINGER_MS) : null);
    window.CabineExam.setNotesAuth(null);
    hub.close();
    setConnection('offline');
    $('doctor-name').textContent = '';
    setState('signed-out');
    /* Why the physician was signed out stays until they act on the sign-in page. */
    if (message)
      notice(message, 'error', { sticky: true });
  }

  /* ---------- signalling ---------- */

  function send(msg) {
    return hub.send(msg);
  }

  function connect() {
    setConnection('connecting');
    hub.open();
  }

  /* ---------- signalling interruption (data/protocol.md, "Signalling interruption") ---------- */

  const HUB_LOST = () => t('Connection to the hub lost — the call continues. Reconnecting…');
  const PEER_AWAY = () => t('The cabin\'s connection to the hub is interrupted — the call continues.');

  /* The persistent notice: ours first (while we cannot reach the hub we know nothing of the
   * cabin's connection), then the cabin's. */
  function updateLinkNotice() {
    const render = !call ? null : !api.hub.connected || call.resuming ? HUB_LOST : api.hub.peerAway ? PEER_AWAY : null;
    api.hub.notice = render ? render() : null;
    window.CabineHub.showLinkNotice(render);
  }

  /* The socket closed (the hub restarted, the network blinked): the call, its peer connection,
   * data channel, readings, snapshots and notes stay; console-hub.js reconnects. */
  function hubLost({ code, wasWelcomed, retryInMs }) {
    console.warn(`hub connection closed (code ${code}); next attempt in ${retryInMs} ms`);
    setConnection('reconnecting');
    if (call && wasWelcomed)
      call.resuming = true;
    updateLinkNotice();
  }

  /* Ends @sessionId at the hub, now, or once it is reachable again (resume, then hangup). */
  function hangupSession(sessionId, reason) {
    if (api.hub.connected && send({ type: 'hangup', sessionId, reason }))
      return;
    pendingHangups.push({ sessionId, reason });
    api.hub.pendingHangups = pendingHangups.length;
  }

  /* A new connection was welcomed: claim the call back, and end those ended meanwhile. */
  function welcomed() {
    hub.welcomed();
    for (const { sessionId, reason } of pendingHangups.splice(0)) {
      send({ type: 'resume', sessionId });
      send({ type: 'hangup', sessionId, reason });
    }
    api.hub.pendingHangups = 0;
    if (call && call.resuming)
      send({ type: 'resume', sessionId: call.sessionId });
    /* Notes typed while the hub was away were not saved: save them now. */
    window.CabineExam.retryNotes();
    updateLinkNotice();
  }

  function handleResumed(msg) {
    if (!call || call.sessionId !== msg.sessionId)
      return;
    call.resuming = false;
    api.hub.resumed++;
    api.hub.peerAway = msg.peerPresent === false;
    updateLinkNotice();
    console.info('call resumed', msg.sessionId, msg.peerPresent ? '(cabin present)' : '(cabin away)');
  }

  function handlePeerPresence(msg) {
    if (!call || call.sessionId !== msg.sessionId)
      return;
    api.hub.peerAway = msg.type === 'peer-away';
    updateLinkNotice();
  }

  async function handleMessage(msg) {
    switch (msg.type) {
    case 'welcome':
      displayName = msg.displayName || displayName;
      $('doctor-name').textContent = displayName;
      setConnection('online');
      welcomed();
      /* A reconnection leaves the physician where they were (the call, its report). */
      if (!call && api.state === 'signed-out')
        setState('queue');
      break;
    case 'resumed':
      handleResumed(msg);
      break;
    case 'peer-away':
    case 'peer-back':
      handlePeerPresence(msg);
      break;
    case 'queue':
      queueEntries = Array.isArray(msg.entries) ? msg.entries : [];
      window.CabineQueue.render(queueEntries, acceptEntry);
      break;
    case 'accepted':
      if (call && call.sessionId === msg.sessionId) {
        call.iceServers = Array.isArray(msg.iceServers) ? msg.iceServers : [];
        call.kioskId = msg.kioskId || call.kioskId;
        $('call-kiosk').textContent = call.kioskId;
      }
      break;
    case 'offer':
      await handleOffer(msg);
      break;
    case 'ice':
      await handleRemoteIce(msg);
      break;
    case 'hangup':
      if (call && call.sessionId === msg.sessionId) {
        const said = HANGUP_NOTICES[msg.reason] || HANGUP_NOTICES['physician-ended'];
        /* The cabin gave up on a call it could not set up: say what it had refused. */
        const refusal = msg.reason === 'call-failed' ? call.refusal : null;
        endCall(refusal ? () => said() + ' ' + refusal() : said, msg.reason);
      }
      break;
    case 'signal-refused':
      handleSignalRefused(msg);
      break;
    case 'error':
      handleError(msg);
      break;
    default:
      console.debug('ignored message', msg.type);
    }
  }

  function handleError(msg) {
    if (msg.code === 'not-authorized') {
      /* The hello was refused (the sign-in expired, or the hub forgot it): a call cannot be
       * claimed back without it. */
      signOut(call ? () => t('Your session has expired, so the call has ended: please sign in again.')
                   : () => t('Your session has expired: please sign in again.'));
      return;
    }
    if (msg.inReplyTo === 'resume' || (msg.inReplyTo === 'hangup' && msg.code === 'no-such-session')) {
      /* The hub no longer has the call (it ended meanwhile, or the hub restarted too long ago). */
      if (msg.inReplyTo === 'resume' && call && call.resuming)
        endCall(() => t('The hub no longer knows this call; it has ended.'), 'peer-disconnected');
      else
        console.info('hub:', msg.inReplyTo, msg.code, msg.message);
      return;
    }
    if (msg.inReplyTo === 'accept' && call) {
      endCall(msg.code === 'already-taken' ? () => t('Another physician has taken this patient.')
                                           : () => t('This patient is no longer waiting.'));
      return;
    }
    /* The hub's message is English: kept as the notice's tooltip and in the log. */
    const detail = [msg.inReplyTo, msg.code, msg.message].filter((x) => typeof x === 'string' && x !== '').join(': ');
    console.warn('hub error:', detail);
    notice(() => t('The hub refused a request of the console. If it persists, reload the page.'), 'error', { detail });
  }

  /* The cabin could not use our answer or one of our candidates (data/protocol.md,
   * "signal-refused"). Said at once, and kept in the call view until the call connects or a new
   * attempt starts: a refused answer means this attempt cannot connect. Once connected, a late
   * candidate's refusal changes nothing, and is only a notice. */
  const REFUSED = {
    answer: (reason) => t('The cabin could not use your answer: {reason}.', { reason }),
    ice: (reason) => t('The cabin could not use one of your network (ICE) candidates: {reason}.', { reason }),
  };

  function handleSignalRefused(msg) {
    if (!call || call.sessionId !== msg.sessionId)
      return;
    const attempt = Number.isInteger(msg.attempt) ? msg.attempt : 0;
    if (attempt !== (call.attempt || 0))
      return; /* about an earlier attempt of the call */
    const reason = typeof msg.reason === 'string' && msg.reason !== '' ? msg.reason : null;
    /* The cabin's reason is technical English (an SDP parser's words): shown as it is. */
    const detail = () => (reason !== null ? reason.replace(/[.\s]+$/, '') : t('no reason given'));
    const say = REFUSED[msg.inReplyTo] ||
      ((why) => t('The cabin could not use a message of yours: {reason}.', { reason: why }));
    const text = () => say(detail());
    api.refusals.push({ inReplyTo: msg.inReplyTo, reason: reason ?? 'no reason given', attempt, at: new Date().toISOString() });
    console.warn('signal-refused', msg.inReplyTo, reason);
    /* Connected, the call goes on: a plain notice, not an error. */
    const connected = !!call.pc && call.pc.connectionState === 'connected';
    notice(text, connected ? 'info' : 'error');
    if (connected)
      return;
    call.refusal = text;
    show($('call-problem'), text);
    $('call-problem').hidden = false;
  }

  function clearRefusal(current) {
    current.refusal = null;
    $('call-problem').hidden = true;
    i18n.clear($('call-problem'));
  }

  /* ---------- call ---------- */

  function acceptEntry(entry) {
    if (call)
      return;
    if (!api.hub.connected) {
      notice(() => t('The hub cannot be reached at the moment: try again when the console is online.'), 'error');
      return;
    }
    api.acceptedAt = performance.now();
    api.firstFrameAt = null;
    api.attempt = 0;
    api.recoveries = [];
    api.refusals = [];
    window.CabineExam.begin(entry);
    call = {
      entry,
      sessionId: entry.sessionId,
      kioskId: entry.kioskId,
      attempt: 0,
      pc: null,
      iceServers: [],
      pending: [],
      channel: null,
      seen: new Set(),
      localStream: null,
      refusal: null,
    };
    clearRefusal(call);
    /* Browsers offer the camera to secure origins only (HTTPS, or this machine). */
    const devices = navigator.mediaDevices || {
      getUserMedia: () => Promise.reject(Object.assign(new Error('insecure origin'),
                                                       { name: 'NotHttps: open the console over HTTPS' })),
    };
    call.media = devices.getUserMedia({
      video: { width: 1280, height: 720, frameRate: 30 },
      audio: true,
    }).then((stream) => {
      if (!call) {
        stream.getTracks().forEach((t) => t.stop());
        return null;
      }
      call.localStream = stream;
      $('local-video').srcObject = stream;
      return stream;
    }).catch((e) => {
      notice(() => t('Camera or microphone unavailable ({error}): the patient will not see you.', { error: e.name }),
             'error');
      /* The notice goes after a few seconds; this stays over the preview for the whole call. */
      if (call)
        $('local-off').hidden = false;
      return null;
    });
    $('local-off').hidden = true;

    $('call-kiosk').textContent = entry.kioskId;
    $('call-reason').textContent = entry.reason;
    if (entry.language)
      $('call-reason').lang = entry.language;
    $('vitals').textContent = '';
    $('vitals-empty').hidden = false;
    show($('call-status'), () => t('Waiting for the cabin…'));
    $('call-status').hidden = false;
    watchFirstFrame();
    setState('call');
    send({ type: 'accept', sessionId: entry.sessionId });
  }

  /* The first remote frame: requestVideoFrameCallback where the page renders, else the video's
   * 'resize' (dimensions known, i.e. a frame decoded) or 'playing' event, whichever comes first
   * (a background tab does not render, so rVFC alone may never fire). */
  function watchFirstFrame() {
    const video = $('remote-video');
    const mark = () => {
      if (call && api.firstFrameAt === null) {
        api.firstFrameAt = performance.now();
        $('call-status').hidden = true;
      }
    };
    if (typeof video.requestVideoFrameCallback === 'function')
      video.requestVideoFrameCallback(mark);
    video.addEventListener('resize', mark, { once: true });
    video.addEventListener('playing', mark, { once: true });
  }

  /* The path is interrupted: say so and give it RECOVERY_MS to come back. */
  function interrupted(current) {
    current.interrupted = true;
    show($('call-status'), () => t('Connection to the cabin interrupted — reconnecting…'));
    $('call-status').hidden = false;
    if (current.recoveryTimer)
      return;
    current.recoveryTimer = setTimeout(() => {
      if (call !== current)
        return;
      hangupSession(current.sessionId, 'call-failed');
      endCall(() => t('The call was lost: the cabin could not be reached again.'), 'call-failed');
    }, RECOVERY_MS);
  }

  function reconnected(current) {
    clearTimeout(current.recoveryTimer);
    current.recoveryTimer = null;
    if (!current.interrupted)
      return;
    current.interrupted = false;
    $('call-status').hidden = true;
    const last = api.recoveries[api.recoveries.length - 1];
    if (last && !last.reconnectedAt)
      last.reconnectedAt = new Date().toISOString();
    notice(() => t('The connection to the cabin is back.'), 'info');
  }

  /* A recovery: the cabin re-establishes the call with a new offer ("restart": true, a higher
   * "attempt"); the old connection goes, the gallery, readings and notes stay. */
  function retire(current) {
    const old = current.pc;
    current.pc = null;
    current.pending = [];
    if (current.channel)
      current.channel.onmessage = null;
    current.channel = null;
    if (old) {
      old.onicecandidate = old.ontrack = old.ondatachannel = old.onconnectionstatechange = null;
      old.close();
    }
    clearRefusal(current);
    $('remote-video').srcObject = null;
  }

  async function handleOffer(msg) {
    if (!call || call.sessionId !== msg.sessionId)
      return;
    const attempt = Number.isInteger(msg.attempt) ? msg.attempt : 0;
    if (call.pc) {
      if (msg.restart !== true || attempt <= call.attempt)
        return;
      api.recoveries.push({ attempt, at: new Date().toISOString(), reconnectedAt: null });
      interrupted(call);
      retire(call);
    }
    const current = call;
    current.attempt = api.attempt = attempt;
    const pc = new RTCPeerConnection({ iceServers: current.iceServers });
    current.pc = pc;
    window.CabineExam.setPeerConnection(pc);

    pc.onicecandidate = (event) => {
      const c = event.candidate;
      if (current.pc !== pc)
        return;
      send({
        type: 'ice',
        sessionId: current.sessionId,
        ...(attempt > 0 ? { attempt } : {}),
        candidate: c ? c.candidate : '',
        sdpMLineIndex: c && c.sdpMLineIndex !== null ? c.sdpMLineIndex : 0,
        ...(c && c.sdpMid !== null ? { sdpMid: c.sdpMid } : {}),
      });
    };
    pc.ontrack = (event) => {
      if (window.CabineExam.takeTrack(event))
        return;   /* the stethoscope: its own player (console-exam.js) */
      const video = $('remote-video');
      if (!video.srcObject)
        video.srcObject = event.streams[0] || new MediaStream();
      if (!event.streams[0])
        video.srcObject.addTrack(event.track);
    };
    pc.ondatachannel = (event) => {
      if (event.channel.label === 'cabine' && current.pc === pc)
        setupChannel(current, event.channel);
    };
    pc.onconnectionstatechange = () => {
      if (call !== current || current.pc !== pc)
        return;
      if (pc.connectionState === 'connected') {
        show($('call-status'), () => t('Connected'));
        current.everConnected = true;
        clearRefusal(current);
        reconnected(current);
      }
      /* A network drop: the browser keeps checking the path, and the cabin re-establishes the
       * call when it does not come back; say so while they do. */
      if (pc.connectionState === 'disconnected' ||
          (pc.connectionState === 'failed' && (current.everConnected || attempt > 0)))
        interrupted(current);
      else if (pc.connectionState === 'failed') {
        hangupSession(current.sessionId, 'call-failed');
        endCall(() => t('The call failed (no network path to the cabin).'), 'call-failed');
      }
    };

    await pc.setRemoteDescription({ type: 'offer', sdp: msg.sdp });
    if (call !== current || current.pc !== pc)
      return;
    /* The answer does not wait for the physician's camera (its start takes tens of milliseconds
     * after the accept): the first video and the first audio section, the cabin's camera and
     * room microphone (the stethoscope's comes last and is the cabin's only), are answered
     * sendrecv and get the camera's and microphone's tracks when they are ready (replaceTrack
     * needs no new offer). The connection and the patient's video meanwhile come up. */
    const senders = {};
    for (const transceiver of pc.getTransceivers()) {
      const kind = transceiver.receiver.track.kind;
      if (kind in senders)
        continue;
      transceiver.direction = 'sendrecv';
      senders[kind] = transceiver.sender;
    }
    current.media.then((stream) => {
      if (!stream || call !== current || current.pc !== pc)
        return;
      for (const track of stream.getTracks())
        if (senders[track.kind])
          senders[track.kind].replaceTrack(track).catch((e) =>
            console.warn('cannot send the ' + track.kind + ' track:', e.message));
    });
    for (const candidate of current.pending.splice(0))
      await addCandidate(pc, candidate);
    const answer = await pc.createAnswer();
    await pc.setLocalDescription(answer);
    if (call !== current || current.pc !== pc)
      return;
    send({ type: 'answer', sessionId: current.sessionId, sdp: pc.localDescription.sdp,
           ...(attempt > 0 ? { attempt } : {}) });
  }

  async function addCandidate(pc, msg) {
    try {
      if (msg.candidate === '')
        await pc.addIceCandidate();
      else
        await pc.addIceCandidate({
          candidate: msg.candidate,
          sdpMLineIndex: msg.sdpMLineIndex,
          sdpMid: typeof msg.sdpMid === 'string' ? msg.sdpMid : null,
        });
    } catch (e) {
      console.warn('remote ICE candidate refused:', e.message);
    }
  }

  async function handleRemoteIce(msg) {
    if (!call || call.sessionId !== msg.sessionId)
      return;
    if ((Number.isInteger(msg.attempt) ? msg.attempt : 0) !== (call.attempt || 0))
      return; /* a candidate of an earlier attempt of the call */
    if (!call.pc || !call.pc.remoteDescription)
      call.pending.push(msg);
    else
      await addCandidate(call.pc, msg);
  }

  /* @linger: (optional) a promise: the data channel and the peer connection stay open until it
   * settles (the cabin's ack of a `call-end`); everything else ends at once. */
  function endCall(message, reason, linger) {
    if (!call)
      return;
    const ended = call;
    call = null;
    api.hub.peerAway = false;
    updateLinkNotice();
    clearTimeout(ended.recoveryTimer);
    clearRefusal(ended);
    const close = () => {
      if (ended.channel)
        ended.channel.close();
      if (ended.pc)
        ended.pc.close();
    };
    if (linger)
      linger.finally(close);
    else
      close();
    if (ended.localStream)
      ended.localStream.getTracks().forEach((t) => t.stop());
    $('remote-video').srcObject = null;
    $('local-video').srcObject = null;
    const exam = window.CabineExam.end();
    /* A consultation that took place (the cabin's offer arrived) ends on its report. */
    /* (Not a call taken over by another window: the consultation goes on there.) */
    const reported = token && exam && ended.pc && reason !== 'taken-over';
    if (reported)
      window.CabineExam.showReport(exam, ended.sessionId, reason || 'physician-ended', window.CabineVitals.readingText,
                                   () => downloadReport(ended.sessionId));
    setState(reported ? 'report' : token ? 'queue' : 'signed-out');
    if (reported)
      window.CabineExam.fillIdentity(ended.sessionId, token).catch((e) => console.warn('record', e));
    if (message)
      notice(message, reason === 'taken-over' || message === HANGUP_NOTICES['physician-ended'] ? 'info' : 'error');
    if (ended.sessionId && reason !== 'taken-over')
      offerReport(ended.sessionId);
  }

  /* The finished consultation's record as a FHIR R4 Bundle (GET /api/records/{id}/fhir): the
   * kiosk uploads it once the call ends, so it may take a moment to be there. */
  function offerReport(sessionId) {
    let link = $('report-link');
    if (!link) {
      link = document.createElement('a');
      link.id = 'report-link';
      link.className = 'report-link';
      $('queue-view').appendChild(link);
    }
    show(link, () => t('Download the last report (FHIR R4 Bundle)'));
    link.href = '#';
    link.dataset.sessionId = sessionId;
    link.onclick = (event) => { event.preventDefault(); downloadReport(sessionId); };
  }

  async function downloadReport(sessionId) {
    const r = await fetch(`/api/records/${encodeURIComponent(sessionId)}/fhir`,
                          { headers: { Authorization: `Bearer ${token}` } });
    if (!r.ok) {
      const status = r.status;
      notice(() => (status === 404 ? t('The report has not arrived from the cabin yet: try again in a moment.')
                                   : t('The report cannot be downloaded (HTTP {status}).', { status: String(status) })), 'error');
      return;
    }
    const a = document.createElement('a');
    a.href = URL.createObjectURL(await r.blob());
    a.download = `cabine-${sessionId}.fhir.json`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 10000);
  }

  /* The physician ends the call: at once here, at the hub now or once it is back. With the hub
   * unreachable, the cabin is also told over the data channel (`call-end`, data/protocol.md), so
   * that the patient hears the physician ended it rather than a failed call; the channel stays
   * open until the cabin acknowledges it, or CALL_END_LINGER_MS. */
  const CALL_END_LINGER_MS = 1500;

  function hangUp() {
    if (!call)
      return;
    const current = call;
    hangupSession(current.sessionId, 'physician-ended');
    endCall(null, undefined, api.hub.connected ? null
                              : window.CabineRemote.tellCallEnded(current.channel, CALL_END_LINGER_MS));
  }

  /* ---------- data channel and vitals ---------- */

  function setupChannel(current, channel) {
    current.channel = channel;
    window.CabineExam.attachChannel(channel);
    channel.onmessage = (event) => {
      if (typeof event.data !== 'string')
        return;
      let msg;
      try {
        msg = JSON.parse(event.data);
      } catch (e) {
        console.warn('data channel: not JSON');
        return;
      }
      if (msg && typeof msg.type === 'string' && window.CabineExam.handle(msg))
        return;
      if (msg && msg.type === 'observation' && typeof msg.id === 'string' && msg.resource) {
        if (!current.seen.has(msg.id)) {
          current.seen.add(msg.id);
          api.observations.push(msg.resource);
          window.CabineVitals.showReading(msg.resource);
          window.CabineExam.observation(msg.resource);
        }
        if (channel.readyState === 'open')
          channel.send(JSON.stringify({ type: 'ack', id: msg.id }));
      }
    };
  }

  /* ---------- statistics for tests ---------- */

  async function collectStats() {
    const result = { videoFramesDecoded: 0, videoFramesSent: 0, audioPacketsReceived: 0,
                     audioPacketsSent: 0 };
    if (!call || !call.pc)
      return result;
    const report = await call.pc.getStats();
    report.forEach((s) => {
      const kind = s.kind || s.mediaType;
      if (s.type === 'inbound-rtp' && kind === 'video')
        result.videoFramesDecoded += s.framesDecoded || 0;
      else if (s.type === 'inbound-rtp' && kind === 'audio')
        result.audioPacketsReceived += s.packetsReceived || 0;
      else if (s.type === 'outbound-rtp' && kind === 'video')
        result.videoFramesSent += s.framesEncoded || 0;
      else if (s.type === 'outbound-rtp' && kind === 'audio')
        result.audioPacketsSent += s.packetsSent || 0;
    });
    return result;
  }

  /* ---------- start ---------- */

  function start() {
    $('signin-form').addEventListener('submit', signIn);
    $('signin-form').addEventListener('input', dismissStickyNotice);
    $('signin-form').addEventListener('submit', dismissStickyNotice);
    $('hangup').addEventListener('click', hangUp);
    /* The cabin ended the call while the hub was unreachable and said so over the data channel
     * (`call-end`); it tells the hub itself once it is back. */
    window.CabineExam.setCallEndHandler((reason) => {
      if (call)
        endCall(HANGUP_NOTICES[reason] || HANGUP_NOTICES['patient-ended'], reason);
    });
    $('report-back').addEventListener('click', () => setState(token ? 'queue' : 'signed-out'));
    /* Closing (or reloading) the tab ends the call: it cannot be resumed without this page's
     * peer connection, so the cabin is told now rather than after the hub's resume-seconds. */
    window.addEventListener('pagehide', () => {
      if (call)
        send({ type: 'hangup', sessionId: call.sessionId, reason: 'peer-disconnected' });
      hub.close();
    });
    setInterval(window.CabineQueue.tick, 1000);
    /* A switch of language: the queue is rendered again (the other texts by console-i18n.js). */
    i18n.onChange(() => {
      if (token)
        window.CabineQueue.render(queueEntries, acceptEntry);
    });
    setState('signed-out');
    restore();
  }

  if (document.readyState === 'loading')
    document.addEventListener('DOMContentLoaded', start);
  else
    start();
})();
