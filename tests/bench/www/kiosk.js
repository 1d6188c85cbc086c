// kiosk.js: the kiosk side of data/protocol.md in a browser, for the benchmark only. Query
// parameters: hub (ws:// URL), kiosk, token, kbps (video bitrate cap), join=1 to queue at once.
// window.bench exposes the state and timings (Date.now() milliseconds) to tests/bench/bench.mjs.
//
// Copyright 2026 The Cabine developers
// SPDX-License-Identifier: GPL-3.0-or-later
(() => {
  const params = new URLSearchParams(location.search);
  const bench = {
    state: 'welcome', error: null, sessionId: null,
    sessionStartedAt: null, firstRemoteFrameAt: null, dataChannelOpenAt: null,
    reader: null, markerTrack: null,
  };
  window.bench = bench;
  if (!params.get('hub'))
    return;

  const kbps = Number(params.get('kbps') || 1500);
  let ws, pc, local, sender;
  const pending = [];

  function send(msg) { ws.send(JSON.stringify(msg)); }

  function fail(message) {
    bench.error = message;
    console.error(message);
  }

  async function startCall(iceServers) {
    bench.state = 'call';
    document.body.classList.add('in-call');
    pc = new RTCPeerConnection({ iceServers, bundlePolicy: 'max-bundle' });
    pc.onicecandidate = (e) => {
      const c = e.candidate;
      send({ type: 'ice', sessionId: bench.sessionId, candidate: c ? c.candidate : '',
             sdpMLineIndex: c && c.sdpMLineIndex !== null ? c.sdpMLineIndex : 0,
             ...(c && c.sdpMid !== null ? { sdpMid: c.sdpMid } : {}) });
    };
    const remote = document.getElementById('remote');
    pc.ontrack = (e) => {
      if (!remote.srcObject)
        remote.srcObject = new MediaStream();
      remote.srcObject.addTrack(e.track);
      if (e.track.kind === 'video') {
        const mark = () => { if (bench.firstRemoteFrameAt === null) bench.firstRemoteFrameAt = Date.now(); };
        remote.requestVideoFrameCallback(mark);
      }
    };
    local = await navigator.mediaDevices.getUserMedia({
      video: { width: 1280, height: 720, frameRate: 30 }, audio: true });
    document.getElementById('local').srcObject = local;
    for (const track of local.getTracks()) {
      const t = pc.addTransceiver(track, { direction: 'sendrecv', streams: [local] });
      if (track.kind === 'video') {
        sender = t.sender;
        // The same codec as Cabine's kiosk: H.264 constrained baseline, packetization-mode 1.
        const codecs = RTCRtpSender.getCapabilities('video').codecs;
        const h264 = codecs.filter((c) => c.mimeType === 'video/H264' &&
                                          /packetization-mode=1/.test(c.sdpFmtpLine || '') &&
                                          /profile-level-id=42e0/.test(c.sdpFmtpLine || ''));
        if (h264.length === 0)
          fail('this Chromium has no H.264 encoder');
        t.setCodecPreferences([...h264, ...codecs.filter((c) => !h264.includes(c))]);
      }
    }
    const channel = pc.createDataChannel('cabine', { ordered: true });
    channel.onopen = () => { bench.dataChannelOpenAt = Date.now(); };
    const offer = await pc.createOffer();
    await pc.setLocalDescription(offer);
    // Same bitrate cap and frame rate as Cabine; keep the resolution (Cabine never scales down).
    const p = sender.getParameters();
    p.degradationPreference = 'maintain-resolution';
    p.encodings = (p.encodings && p.encodings.length ? p.encodings : [{}]).map(
      (e) => ({ ...e, maxBitrate: kbps * 1000, maxFramerate: 30 }));
    await sender.setParameters(p).catch((e) => fail('setParameters: ' + e.message));
    send({ type: 'offer', sessionId: bench.sessionId, sdp: pc.localDescription.sdp });
  }

  async function onMessage(msg) {
    switch (msg.type) {
    case 'welcome':
      if (params.get('join') === '1')
        send({ type: 'join-queue', reason: 'benchmark', language: 'fr' });
      break;
    case 'queued':
      bench.sessionId = msg.sessionId;
      bench.state = 'waiting';
      break;
    case 'session-started':
      bench.sessionStartedAt = Date.now();
      await startCall(msg.iceServers || []);
      break;
    case 'answer':
      await pc.setRemoteDescription({ type: 'answer', sdp: msg.sdp });
      for (const c of pending.splice(0))
        await addIce(c);
      break;
    case 'ice':
      if (!pc || !pc.remoteDescription)
        pending.push(msg);
      else
        await addIce(msg);
      break;
    case 'hangup':
      bench.state = 'ended';
      if (pc) pc.close();
      if (local) local.getTracks().forEach((t) => t.stop());
      break;
    case 'error':
      fail(`hub error ${msg.code}: ${msg.message}`);
      break;
    }
  }

  async function addIce(msg) {
    try {
      if (msg.candidate === '')
        await pc.addIceCandidate();
      else
        await pc.addIceCandidate({ candidate: msg.candidate, sdpMLineIndex: msg.sdpMLineIndex,
                                   sdpMid: typeof msg.sdpMid === 'string' ? msg.sdpMid : null });
    } catch (e) {
      console.warn('ICE candidate refused: ' + e.message);
    }
  }

  // Latency phase: send the marker canvas instead of the camera, read the physician's markers.
  bench.startMarkers = async () => {
    const stream = window.benchMarker.canvasStream();
    bench.markerTrack = stream.getVideoTracks()[0];
    await sender.replaceTrack(bench.markerTrack);
    bench.reader = window.benchMarker.reader(document.getElementById('remote'));
  };
  bench.stopMarkers = () => bench.reader ? bench.reader.stop() : { frames: 0, samples: [] };
  bench.inboundFrames = async () => {
    let n = 0;
    if (pc)
      (await pc.getStats()).forEach((s) => { if (s.type === 'inbound-rtp' && s.kind === 'video') n += s.framesDecoded || 0; });
    return n;
  };

  ws = new WebSocket(params.get('hub'));
  ws.onopen = () => send({ type: 'hello', role: 'kiosk', kioskId: params.get('kiosk'),
                           token: params.get('token'), version: '0.1.0' });
  ws.onmessage = (e) => onMessage(JSON.parse(e.data)).catch((err) => fail(String(err)));
  ws.onerror = () => fail('signalling socket error');
})();
