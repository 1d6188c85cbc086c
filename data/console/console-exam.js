/* console-exam.js: the examination tools of the call view, and the report at its end
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Measurement requests, camera switch and snapshots (data/protocol.md, "Remote control", through
 * console-remote.js), the plot of readings over time (uPlot, data/console/vendor/), the snapshot
 * gallery, notes, the call-quality indicator, the stethoscope (its own track, played only while
 * switched on, with its jitter and loss shown), and the report shown after "End consultation".
 * Patient data is only ever inserted with textContent.
 */
'use strict';

window.CabineExam = (function () {
  const $ = (id) => document.getElementById(id);
  const LOINC = 'http://loinc.org';
  const INSTRUMENT_NAMES = { 'thermometer': 'Thermometer', 'blood-pressure': 'Blood pressure',
                             'oximeter': 'Oximeter', 'scale': 'Scale' };
  const SOURCE_NAMES = { room: 'Room camera', otoscope: 'Otoscope', dermatoscope: 'Dermatoscope' };
  const ANSWER_LABELS = { mainSymptom: 'Main symptom', since: 'Since', fever: 'Fever', pain: 'Pain (0–10)',
                          allergies: 'Allergies', medication: 'Current medication', pregnancy: 'Pregnancy' };
  const ANSWER_VALUES = { 'today': 'today', '1-3-days': '1–3 days', '4-7-days': '4–7 days',
                          'over-a-week': 'over a week', 'unknown': 'unknown', 'yes': 'yes', 'no': 'no',
                          'not-applicable': 'not applicable' };
  /* What each plotted kind is called, and its series (component LOINC codes for a panel). */
  const PLOTS = {
    '8310-5': { title: 'Temperature (°C)', series: [['8310-5', 'Temperature']] },
    '85354-9': { title: 'Blood pressure (mmHg)', series: [['8480-6', 'Systolic'], ['8462-4', 'Diastolic']] },
    '59408-5': { title: 'SpO₂ (%)', series: [['59408-5', 'SpO₂']] },
    '8867-4': { title: 'Pulse (/min)', series: [['8867-4', 'Pulse']] },
    '29463-7': { title: 'Weight (kg)', series: [['29463-7', 'Weight']] },
  };
  const QUALITY_MS = 2000;
  /* The MediaStream id of the cabin's stethoscope track (data/protocol.md, "stethoscope"). */
  const STETHOSCOPE_MSID = 'cabine-stethoscope';

  /* For automated tests: window.cabineConsole.exam. */
  const api = { requests: {}, snapshots: [], sources: [], quality: null, qualityLog: [], report: null,
                kioskQuality: null, stethoscope: null, stethoscopeLog: [] };

  let call = null; /* { entry, remote, pc, observations: [], plots: {}, notes, startedAt, qualityTimer, stats } */

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className)
      node.className = className;
    if (text !== undefined && text !== null)
      node.textContent = String(text);
    return node;
  }

  function loincOf(resource) {
    const codings = (resource && resource.code && Array.isArray(resource.code.coding)) ? resource.code.coding : [];
    return (codings.find((c) => c.system === LOINC) || codings[0] || {}).code;
  }

  /* ---------- questionnaire (queue and call) ---------- */

  function answersOf(entry) {
    const q = entry && entry.questionnaire;
    if (!q || typeof q !== 'object')
      return null;
    return (q.answers && typeof q.answers === 'object') ? q.answers : q;
  }

  function answerList(entry) {
    const answers = answersOf(entry);
    if (!answers)
      return null;
    const list = el('dl', 'answers');
    for (const [key, value] of Object.entries(answers)) {
      if (value === null || value === '' || typeof value === 'object')
        continue;
      list.append(el('dt', null, ANSWER_LABELS[key] || key),
                  el('dd', null, ANSWER_VALUES[value] || value));
    }
    return list.childElementCount ? list : null;
  }

  /* ---------- requests ---------- */

  function setRequestStatus(instrument, text, state) {
    const status = document.querySelector(`#measure-buttons [data-instrument="${instrument}"] .request-status`);
    if (status) {
      status.textContent = text;
      status.dataset.state = state;
    }
  }

  function requestMeasurement(instrument) {
    if (!call)
      return;
    const id = call.remote.request('measurement-request', { instrument });
    api.requests[id] = { instrument, state: 'sent', sentAt: new Date().toISOString() };
    setRequestStatus(instrument, 'asked…', 'sent');
  }

  function switchSource(source) {
    if (!call)
      return;
    const id = call.remote.request('source-switch', { source });
    api.requests[id] = { source, state: 'sent' };
    for (const b of document.querySelectorAll('#source-buttons button'))
      b.setAttribute('aria-pressed', String(b.dataset.source === source));
    $('source-status').textContent = 'Switching to ' + SOURCE_NAMES[source].toLowerCase() + '…';
  }

  function takeSnapshot() {
    if (!call)
      return;
    const id = call.remote.request('snapshot-request', {});
    api.requests[id] = { snapshot: true, state: 'sent' };
    $('snapshot-status').textContent = 'Taking a snapshot…';
  }

  /* ---------- stethoscope ---------- */

  /* Its controls, made when the cabin offers the track: a switch, the state, the indicator. */
  function stethoscopeUi() {
    let box = $('stethoscope');
    if (box)
      return box;
    box = el('div', 'stethoscope');
    box.id = 'stethoscope';
    const button = el('button', null, 'Stethoscope');
    button.id = 'stethoscope-toggle';
    button.type = 'button';
    button.setAttribute('aria-pressed', 'false');
    button.addEventListener('click', () => toggleStethoscope());
    const status = el('span', 'tool-status', 'off');
    status.id = 'stethoscope-status';
    status.setAttribute('aria-live', 'polite');
    const quality = el('div', 'quality', '');
    quality.id = 'stethoscope-quality';
    quality.dataset.level = 'unknown';
    quality.setAttribute('role', 'status');
    const audio = el('audio');
    audio.id = 'stethoscope-audio';
    audio.autoplay = true;
    box.append(el('h3', null, 'Stethoscope'), button, ' ', status, quality, audio);
    $('snapshot-status').after(box);
    return box;
  }

  /* From console.js's ontrack: returns true when the track is the stethoscope's (kept here,
   * played only while on), false for the room's audio and video. */
  function takeTrack(event) {
    const stream = event.streams && event.streams[0];
    if (!call || !stream || stream.id !== STETHOSCOPE_MSID)
      return false;
    /* A recovered call (a new connection) keeps the cabin's stethoscope as it was switched. */
    const on = call.stethoscope ? call.stethoscope.on : false;
    const switches = api.stethoscope ? api.stethoscope.switches : 0;
    call.stethoscope = { stream, track: event.track, mid: event.transceiver ? event.transceiver.mid : null,
                         on, pending: null, stats: null };
    api.stethoscope = { offered: true, on, trackId: event.track.id, mid: call.stethoscope.mid,
                        packetsReceived: 0, jitterMs: null, lossPct: null, level: 'unknown', switches };
    const box = stethoscopeUi();
    box.hidden = false;
    $('stethoscope-audio').srcObject = on ? stream : null;
    $('stethoscope-toggle').setAttribute('aria-pressed', String(on));
    $('stethoscope-status').textContent = on ? 'on' : 'off';
    return true;
  }

  function toggleStethoscope() {
    if (!call || !call.stethoscope)
      return;
    const enabled = !call.stethoscope.on;
    const id = call.remote.request('stethoscope', { enabled });
    api.requests[id] = { stethoscope: enabled, state: 'sent' };
    call.stethoscope.pending = id;
    $('stethoscope-status').textContent = enabled ? 'switching on…' : 'switching off…';
  }

  function stethoscopeSwitched(enabled) {
    const s = call && call.stethoscope;
    if (!s)
      return;
    s.on = enabled;
    s.pending = null;
    api.stethoscope.on = enabled;
    api.stethoscope.switches++;
    /* Played only while on: the element has no source while off. */
    const audio = $('stethoscope-audio');
    audio.srcObject = enabled ? s.stream : null;
    if (enabled)
      audio.play().catch(() => {});
    $('stethoscope-toggle').setAttribute('aria-pressed', String(enabled));
    $('stethoscope-status').textContent = enabled ? 'on' : 'off';
    if (!enabled) {
      $('stethoscope-quality').dataset.level = 'unknown';
      $('stethoscope-quality').textContent = '';
    }
  }

  /* The stethoscope's inbound-rtp: jitter now, loss since the previous sample. */
  function sampleStethoscope(s, now) {
    const st = call.stethoscope;
    if (!st || s.type !== 'inbound-rtp' || s.kind !== 'audio' ||
        !(s.trackIdentifier === st.track.id || (st.mid !== null && s.mid === st.mid)))
      return;
    const received = s.packetsReceived || 0, lost = Math.max(0, s.packetsLost || 0);
    const prev = st.stats;
    const q = api.stethoscope;
    q.packetsReceived = received;
    q.sampledAt = now;
    q.jitterMs = typeof s.jitter === 'number' ? Math.round(s.jitter * 10000) / 10 : null;
    if (prev) {
      const dRecv = received - prev.received, dLost = lost - prev.lost;
      q.lossPct = dRecv + dLost > 0 ? Math.round(1000 * dLost / (dRecv + dLost)) / 10 : (st.on ? q.lossPct : null);
      q.flowing = dRecv > 0;
    }
    st.stats = { received, lost, t: now };
    if (!st.on)
      return;
    q.level = (q.jitterMs > 50 || q.lossPct > 3) ? 'poor' : (q.jitterMs > 20 || q.lossPct > 0.5) ? 'fair' : 'good';
    if (q.flowing === false)
      q.level = 'poor';
    api.stethoscopeLog.push({ at: new Date().toISOString(), jitterMs: q.jitterMs, lossPct: q.lossPct, level: q.level });
    if (api.stethoscopeLog.length > 1800)
      api.stethoscopeLog.shift();
    const indicator = $('stethoscope-quality');
    indicator.dataset.level = q.level;
    indicator.textContent = q.flowing === false ? 'Stethoscope: no sound arriving'
      : `Stethoscope: ${{ good: 'good', fair: 'fair', poor: 'poor' }[q.level]} — jitter ${q.jitterMs ?? '?'} ms, loss ${q.lossPct ?? '?'} %`;
  }

  /* console.js's handler of the cabin's `call-end` (the call ended while the hub was away). */
  let callEndHandler = null;
  function setCallEndHandler(handler) {
    callEndHandler = handler;
  }

  function onRemoteMessage(msg) {
    const request = api.requests[msg.requestId];
    switch (msg.type) {
    case 'call-end':
      if (callEndHandler)
        callEndHandler(typeof msg.reason === 'string' ? msg.reason : 'patient-ended');
      break;
    case 'measurement-progress':
      if (request)
        request.state = msg.state;
      setRequestStatus(msg.instrument, msg.state === 'instructing' ? 'patient guided…' : msg.state, msg.state);
      break;
    case 'measurement-result':
      if (request) {
        request.state = 'done';
        request.result = msg;
      }
      setRequestStatus(msg.instrument, msg.display || 'done', 'done');
      break;
    case 'source-switched':
      if (request)
        request.state = 'done';
      api.sources.push({ source: msg.source, at: new Date().toISOString(), unsolicited: msg.requestId === null });
      /* A null requestId: the kiosk says by itself what it sends — back on the room camera (the
       * exam camera being sent went away), or the source kept on a call it re-established. */
      $('source-status').textContent = 'Showing: ' + (SOURCE_NAMES[msg.source] || msg.source) +
        (msg.requestId !== null ? '' : msg.source === 'room' ? ' (the exam camera was disconnected)'
                                                              : ' (kept after reconnecting)');
      $('source-status').dataset.source = msg.source;
      for (const b of document.querySelectorAll('#source-buttons button'))
        b.setAttribute('aria-pressed', String(b.dataset.source === msg.source));
      break;
    case 'stethoscope-switched':
      if (request)
        request.state = 'done';
      stethoscopeSwitched(msg.enabled === true);
      break;
    case 'request-failed':
      if (request) {
        request.state = 'failed';
        request.reason = msg.reason;
      }
      if (request && request.stethoscope !== undefined) {
        if (call && call.stethoscope)
          call.stethoscope.pending = null;
        $('stethoscope-status').textContent = 'failed: ' + msg.reason;
      } else if (request && request.instrument)
        setRequestStatus(request.instrument, 'failed: ' + msg.reason, 'failed');
      else if (request && request.snapshot)
        $('snapshot-status').textContent = 'Snapshot failed: ' + msg.reason;
      else
        $('source-status').textContent = 'Switch failed: ' + msg.reason;
      break;
    default:
      break;
    }
  }

  /* A data: URL: the hub's Content-Security-Policy allows images from 'self' and data: only. */
  function dataUrl(blob) {
    return new Promise((resolve, reject) => {
      const reader = new FileReader();
      reader.onload = () => resolve(reader.result);
      reader.onerror = () => reject(reader.error);
      reader.readAsDataURL(blob);
    });
  }

  async function onSnapshot(s) {
    const request = api.requests[s.meta.requestId];
    if (request)
      request.state = s.verified ? 'done' : 'failed';
    const url = await dataUrl(s.blob);
    const record = { snapshotId: s.meta.snapshotId, source: s.meta.source, width: s.meta.width,
                     height: s.meta.height, size: s.size, expectedSize: s.meta.size,
                     sha256: s.sha256, expectedSha256: s.meta.sha256, verified: s.verified,
                     problem: s.problem, at: new Date().toISOString(), url,
                     /* A null requestId: taken with the camera's own button (data/protocol.md). */
                     byButton: s.meta.requestId === null };
    api.snapshots.push(record);
    if (call)
      call.snapshots.push(record);
    $('gallery').append(snapshotFigure(record));
    $('snapshot-status').textContent = (record.byButton ? 'Snapshot taken with the camera button' : 'Snapshot received') +
                                       (s.verified ? ' (checksum verified).' : ' — damaged: ' + s.problem);
  }

  function snapshotFigure(record) {
    const figure = el('figure', 'snapshot');
    figure.dataset.verified = String(record.verified);
    const img = el('img');
    img.src = record.url;
    img.alt = 'Snapshot from the ' + (SOURCE_NAMES[record.source] || record.source).toLowerCase();
    const caption = el('figcaption', null,
                       `${SOURCE_NAMES[record.source] || record.source}${record.byButton ? ' (camera button)' : ''}, ` +
                       `${new Date(record.at).toLocaleTimeString()} — ` +
                       `${record.width}×${record.height}, ${Math.round(record.size / 1024)} KiB, ` +
                       (record.verified ? 'SHA-256 verified' : 'NOT verified: ' + record.problem));
    figure.append(img, caption);
    return figure;
  }

  /* ---------- plot of readings over time ---------- */

  function pointsOf(resource) {
    const out = {};
    if (resource.valueQuantity && typeof resource.valueQuantity.value === 'number')
      out[loincOf(resource)] = resource.valueQuantity.value;
    for (const c of Array.isArray(resource.component) ? resource.component : [])
      if (c.valueQuantity && typeof c.valueQuantity.value === 'number')
        out[loincOf(c)] = c.valueQuantity.value;
    return out;
  }

  function plot(resource) {
    const kind = loincOf(resource);
    const spec = PLOTS[kind];
    if (!call || !spec)
      return;
    const when = Date.parse(resource.effectiveDateTime || resource.issued);
    const points = pointsOf(resource);
    let p = call.plots[kind];
    if (!p) {
      const box = el('div', 'plot');
      box.dataset.loinc = kind;
      box.append(el('div', 'plot-title', spec.title));
      $('plots').append(box);
      p = call.plots[kind] = { box, data: [[], ...spec.series.map(() => [])], chart: null };
      if (typeof window.uPlot === 'function') {
        p.chart = new window.uPlot({
          width: 300, height: 120, legend: { show: false }, cursor: { show: false },
          scales: { x: { time: true } },
          series: [{}, ...spec.series.map(([, label], i) => ({ label, stroke: i ? '#b3261e' : '#0b7a75', width: 2,
                                                               points: { show: true, size: 6 } }))],
          axes: [{ size: 30 }, { size: 40 }],
        }, p.data, box);
      }
    }
    p.data[0].push(isNaN(when) ? Date.now() / 1000 : when / 1000);
    spec.series.forEach(([code], i) => p.data[i + 1].push(points[code] ?? null));
    if (p.chart)
      p.chart.setData(p.data);
    updatePlotsEmpty();
  }

  function updatePlotsEmpty() {
    $('plots-empty').hidden = $('plots').childElementCount > 0;
  }

  /* ---------- call quality ---------- */

  async function sampleQuality() {
    if (!call || !call.pc)
      return;
    const report = await call.pc.getStats();
    const q = { at: new Date().toISOString(), rttMs: null, jitterMs: null, lossPct: null, inKbps: null,
                outKbps: null, fps: null, width: null, height: null, candidate: null,
                remoteCandidate: null, framesDecoded: 0, state: call.pc.connectionState };
    let bytesIn = 0, bytesOut = 0, lost = 0, received = 0;
    const pairs = {};
    report.forEach((s) => {
      if (s.type === 'local-candidate' || s.type === 'remote-candidate')
        pairs[s.id] = s.candidateType;
    });
    report.forEach((s) => {
      if (s.type === 'candidate-pair' && s.nominated && s.state === 'succeeded') {
        if (typeof s.currentRoundTripTime === 'number')
          q.rttMs = Math.round(s.currentRoundTripTime * 1000);
        q.candidate = pairs[s.localCandidateId] || null;
        q.remoteCandidate = pairs[s.remoteCandidateId] || null;
      } else if (s.type === 'inbound-rtp') {
        bytesIn += s.bytesReceived || 0;
        lost += Math.max(0, s.packetsLost || 0);
        received += s.packetsReceived || 0;
        if (s.kind === 'video') {
          q.framesDecoded = s.framesDecoded || 0;
          q.fps = s.framesPerSecond ?? q.fps;
          q.width = s.frameWidth ?? q.width;
          q.height = s.frameHeight ?? q.height;
          if (typeof s.jitter === 'number')
            q.jitterMs = Math.round(s.jitter * 1000);
        }
      } else if (s.type === 'outbound-rtp') {
        bytesOut += s.bytesSent || 0;
      }
    });
    report.forEach((s) => sampleStethoscope(s, performance.now()));
    const prev = call.stats;
    const now = performance.now();
    if (prev) {
      const dt = (now - prev.t) / 1000;
      q.inKbps = Math.round((bytesIn - prev.bytesIn) * 8 / 1000 / dt);
      q.outKbps = Math.round((bytesOut - prev.bytesOut) * 8 / 1000 / dt);
      const dRecv = received - prev.received, dLost = lost - prev.lost;
      q.lossPct = dRecv + dLost > 0 ? Math.round(1000 * dLost / (dRecv + dLost)) / 10 : 0;
    }
    call.stats = { t: now, bytesIn, bytesOut, lost, received };
    // The connection's quality: round trip, loss and jitter. The frame rate is shown in the
    // tooltip but not judged here: an exam camera may run at 15 fps on a perfect network.
    q.level = (q.rttMs > 400 || q.lossPct > 5 || q.jitterMs > 80) ? 'poor'
            : (q.rttMs > 200 || q.lossPct > 1 || q.jitterMs > 30) ? 'fair' : 'good';
    api.quality = q;
    api.qualityLog.push(q);
    if (api.qualityLog.length > 1800)
      api.qualityLog.shift();
    const indicator = $('quality');
    indicator.dataset.level = q.level;
    indicator.textContent = { good: 'Good connection', fair: 'Fair connection', poor: 'Poor connection' }[q.level];
    indicator.title = (indicator.dataset.kiosk ? indicator.dataset.kiosk + '; ' : '') + `here: RTT ${q.rttMs ?? '?'} ms, jitter ${q.jitterMs ?? '?'} ms, loss ${q.lossPct ?? '?'} %, ` +
                      `in ${q.inKbps ?? '?'} kbit/s, out ${q.outKbps ?? '?'} kbit/s, ` +
                      `${q.width ?? '?'}×${q.height ?? '?'} at ${q.fps ?? '?'} fps, path ${q.candidate ?? '?'} → ${q.remoteCandidate ?? '?'}`;
  }

  function qualitySummary() {
    const log = api.qualityLog.filter((q) => q.rttMs !== null || q.fps !== null);
    if (!log.length)
      return null;
    const avg = (key) => {
      const v = log.map((q) => q[key]).filter((x) => typeof x === 'number');
      return v.length ? Math.round(10 * v.reduce((a, b) => a + b, 0) / v.length) / 10 : null;
    };
    const steth = api.stethoscopeLog;
    const stethAvg = (key) => {
      const v = steth.map((q) => q[key]).filter((x) => typeof x === 'number');
      return v.length ? Math.round(10 * v.reduce((a, b) => a + b, 0) / v.length) / 10 : null;
    };
    return { samples: log.length, rttMs: avg('rttMs'), jitterMs: avg('jitterMs'), lossPct: avg('lossPct'),
             inKbps: avg('inKbps'), fps: avg('fps'), poorSamples: log.filter((q) => q.level === 'poor').length,
             path: log[log.length - 1].candidate,
             stethoscope: steth.length ? { samples: steth.length, jitterMs: stethAvg('jitterMs'),
                                           lossPct: stethAvg('lossPct') } : null };
  }

  /* ---------- lifecycle (called by console.js) ---------- */

  function begin(entry) {
    end();
    call = { entry, pc: null, observations: [], plots: {}, snapshots: [], stats: null,
             startedAt: new Date().toISOString(),
             remote: window.CabineRemote.create({ onMessage: onRemoteMessage, onSnapshot }) };
    api.requests = {};
    api.snapshots = [];
    api.sources = [];
    api.qualityLog = [];
    api.quality = null;
    api.kioskQuality = null;
    api.stethoscope = null;
    api.stethoscopeLog = [];
    if ($('stethoscope')) {
      $('stethoscope').hidden = true;
      $('stethoscope-audio').srcObject = null;
    }
    delete $('quality').dataset.kiosk;
    $('plots').textContent = '';
    $('gallery').textContent = '';
    $('notes').value = '';
    $('notes-status').textContent = '';
    $('call-patient').textContent = 'Waiting for the cabin…';
    api.notesSaved = '';
    $('snapshot-status').textContent = '';
    $('source-status').textContent = 'Showing: Room camera';
    for (const b of document.querySelectorAll('#source-buttons button'))
      b.setAttribute('aria-pressed', String(b.dataset.source === 'room'));
    $('quality').dataset.level = 'unknown';
    $('quality').textContent = 'Connecting…';
    for (const s of document.querySelectorAll('#measure-buttons .request-status'))
      s.textContent = '';
    const answers = $('call-answers');
    answers.textContent = '';
    const list = answerList(entry);
    if (list)
      answers.append(list);
    updatePlotsEmpty();
    call.qualityTimer = setInterval(() => sampleQuality().catch((e) => console.warn('stats', e)), QUALITY_MS);
  }

  function setPeerConnection(pc) {
    if (!call)
      return;
    call.pc = pc;
    // The quality badge said "Connecting…" until its first 2-s sample, over a playing video: once
    // connected it says it is measuring, and takes a first sample half a second later.
    pc.addEventListener('connectionstatechange', () => {
      if (pc.connectionState !== 'connected' || !call || call.pc !== pc || call.stats)
        return;
      if ($('quality').dataset.level === 'unknown')
        $('quality').textContent = 'Measuring the connection…';
      setTimeout(() => {
        if (call && call.pc === pc)
          sampleQuality().catch((e) => console.warn('stats', e));
      }, 500);
    });
  }

  function attachChannel(channel) {
    if (call)
      call.remote.setChannel(channel);
  }

  /* "Anne Martin, born 1950-03-14 (76 years), female" from a record's or a cabin's patient object. */
  function identityText(p) {
    if (!p)
      return '';
    const str = (v) => (typeof v === 'string' ? v : '');
    let text = [str(p.givenName), str(p.familyName)].filter(Boolean).join(' ');
    const born = str(p.birthDate);
    if (/^\d{4}-\d{2}-\d{2}$/.test(born)) {
      const b = new Date(born + 'T00:00:00Z'), now = new Date();
      let age = now.getUTCFullYear() - b.getUTCFullYear();
      if (now.getUTCMonth() < b.getUTCMonth() ||
          (now.getUTCMonth() === b.getUTCMonth() && now.getUTCDate() < b.getUTCDate()))
        age--;
      text += `, born ${born} (${age} years)`;
    }
    if (str(p.sex))
      text += `, ${p.sex}`;
    return text;
  }

  /* The notes are saved with the consultation at the hub (PUT /api/records/{sessionId}/notes):
   * a second after the last keystroke, and when the consultation ends. */
  let notesAuth = null; /* { token } set by console.js */
  let notesTimer = null;
  function saveNotes(sessionId, text) {
    clearTimeout(notesTimer);
    notesTimer = null;
    if (!notesAuth || !sessionId)
      return Promise.resolve(false);
    $('notes-status').textContent = 'Saving…';
    return fetch(`/api/records/${encodeURIComponent(sessionId)}/notes`, {
      method: 'PUT', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${notesAuth.token}` },
      body: JSON.stringify({ text }) })
      .then(async (r) => {
        const body = await r.json().catch(() => ({}));
        $('notes-status').textContent = r.ok ? `Saved at ${new Date(body.updatedAt || Date.now()).toLocaleTimeString()}`
                                             : `Not saved: ${body.error || r.status}`;
        api.notesSaved = r.ok ? text : api.notesSaved;
        unsavedNotes = r.ok ? null : { sessionId, text };
        return r.ok;
      })
      .catch((e) => {
        $('notes-status').textContent = `Not saved: ${e.message}`;
        unsavedNotes = { sessionId, text };
        return false;
      });
  }
  /* Notes whose last save failed (the hub was unreachable): { sessionId, text }, saved again by
   * retryNotes () once the console is connected again — the call's current text if it is still on. */
  let unsavedNotes = null;
  function retryNotes() {
    if (!unsavedNotes || notesTimer !== null)
      return;
    const { sessionId } = unsavedNotes;
    const text = call && call.entry.sessionId === sessionId ? $('notes').value : unsavedNotes.text;
    saveNotes(sessionId, text);
  }
  function setNotesAuth(token) {
    notesAuth = token ? { token } : null;
  }

  function handle(msg) {
    if (!call)
      return false;
    if (msg.type === 'patient-identity') {
      /* Sent by the cabin over the data channel to this physician only (data/protocol.md). */
      call.patient = (msg.patient && typeof msg.patient === 'object') ? msg.patient : null;
      $('call-patient').textContent = identityText(call.patient) || 'Not given.';
      return true;
    }
    if (msg.type === 'call-quality') {
      /* The kiosk's side (data/protocol.md): what it sends and how the network treats it. */
      if (msg.kiosk && typeof msg.kiosk === 'object') {
        api.kioskQuality = msg.kiosk;
        const k = msg.kiosk;
        $('quality').dataset.kiosk = `cabin: encoder ${k.encoderKbps ?? '?'} kbit/s, sending ${k.outKbps ?? '?'} kbit/s, ` +
                                     `loss ${k.lossPercent ?? '?'} %, RTT ${k.rttMs ?? '?'} ms`;
      }
      return true;
    }
    return call.remote.handle(msg);
  }

  function observation(resource) {
    if (!call)
      return;
    call.observations.push(resource);
    plot(resource);
  }

  function end() {
    if (!call)
      return null;
    const ended = call;
    call = null;
    clearInterval(ended.qualityTimer);
    ended.remote.close();
    if ($('stethoscope-audio'))
      $('stethoscope-audio').srcObject = null;
    ended.notes = $('notes').value;
    if (notesTimer !== null || ended.notes !== (api.notesSaved ?? ''))
      ended.notesSaving = saveNotes(ended.entry.sessionId, ended.notes);
    ended.endedAt = new Date().toISOString();
    return ended;
  }

  /* ---------- report ---------- */

  function section(title, ...children) {
    const s = el('section', 'report-section');
    s.append(el('h3', null, title), ...children);
    return s;
  }

  function showReport(ended, sessionId, reason, readingText, onDownload) {
    const body = $('report-body');
    body.textContent = '';
    const quality = qualitySummary();
    api.report = { sessionId, reason, readings: ended.observations.length, snapshots: ended.snapshots.length,
                   notes: ended.notes, quality, endReason: reason };

    const patient = el('div', 'report-patient');
    patient.append(el('div', null, 'Cabin ' + ended.entry.kioskId),
                   el('div', 'report-identity', identityText(ended.patient) || 'Patient identity: waiting for the cabin\'s record…'));
    body.append(section('Patient', patient));
    body.append(section('Reason', el('p', 'reason', ended.entry.reason)));
    const answers = answerList(ended.entry);
    body.append(section('Questionnaire', answers || el('p', 'empty', 'No answers.')));

    const readings = el('ul', 'report-readings');
    for (const r of ended.observations) {
      const li = el('li', 'report-reading');
      const when = r.effectiveDateTime || r.issued;
      li.append(el('strong', null, (r.code && r.code.text) || loincOf(r)), ' ',
                el('span', 'reading', readingText(r)), ' ',
                el('span', 'vital-time', when ? new Date(when).toLocaleTimeString() : ''));
      if (r.device && typeof r.device.display === 'string')
        li.append(el('div', 'vital-device', r.device.display));
      readings.append(li);
    }
    body.append(section('Readings', ended.observations.length ? readings : el('p', 'empty', 'No reading.')));

    const gallery = el('div', 'gallery');
    ended.snapshots.forEach((s) => gallery.append(snapshotFigure(s)));
    body.append(section('Snapshots', ended.snapshots.length ? gallery : el('p', 'empty', 'No snapshot.')));
    body.append(section('Notes', el('p', 'report-notes', ended.notes || '—')));
    body.append(section('Call quality', el('p', 'report-quality', quality
      ? `${quality.samples} samples: round trip ${quality.rttMs ?? '?'} ms, jitter ${quality.jitterMs ?? '?'} ms, ` +
        `loss ${quality.lossPct ?? '?'} %, ${quality.inKbps ?? '?'} kbit/s received, ${quality.fps ?? '?'} fps; ` +
        `${quality.poorSamples} poor; path ${quality.path ?? '?'}` +
        (api.kioskQuality ? `; cabin encoder ${api.kioskQuality.encoderKbps ?? '?'} kbit/s` : '') +
        (quality.stethoscope ? `; stethoscope jitter ${quality.stethoscope.jitterMs ?? '?'} ms, ` +
                               `loss ${quality.stethoscope.lossPct ?? '?'} % (${quality.stethoscope.samples} samples)` : '') +
        `. Ended: ${reason}.`
      : `No statistics. Ended: ${reason}.`)));
    $('report-download').onclick = onDownload;
    return body;
  }

  /* Fills the patient's identity from the hub's copy of the record once the cabin uploaded it. */
  async function fillIdentity(sessionId, token) {
    for (let i = 0; i < 20; i++) {
      const r = await fetch(`/api/records/${encodeURIComponent(sessionId)}`,
                            { headers: { Authorization: `Bearer ${token}` } }).catch(() => null);
      if (r && r.ok) {
        const record = await r.json();
        const p = record.patient || {};
        const text = identityText(p);
        const node = document.querySelector('#report-body .report-identity');
        if (node)
          node.textContent = text || 'Not given.';
        if (api.report)
          api.report.patient = p;
        /* The cabin's side of the call: what happened to the network path and the cameras. */
        const events = (Array.isArray(record.callEvents) ? record.callEvents : [])
          .filter((e) => e && typeof e.event === 'string' && e.event !== 'quality');
        const quality = document.querySelector('#report-body .report-quality');
        if (quality && events.length) {
          const list = el('ul', 'report-events');
          for (const e of events)
            list.append(el('li', null, `${e.at ? new Date(e.at).toLocaleTimeString() : ''} ${e.event}` +
                                       (e.detail && e.detail.source ? ` (${e.detail.source})` : '')));
          quality.after(list);
        }
        return record;
      }
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    const node = document.querySelector('#report-body .report-identity');
    if (node)
      node.textContent = 'The cabin has not sent its record yet.';
    return null;
  }

  function start() {
    for (const b of document.querySelectorAll('#measure-buttons button'))
      b.addEventListener('click', () => requestMeasurement(b.closest('[data-instrument]').dataset.instrument));
    for (const b of document.querySelectorAll('#source-buttons button'))
      b.addEventListener('click', () => switchSource(b.dataset.source));
    $('snapshot').addEventListener('click', takeSnapshot);
    $('notes').addEventListener('input', () => {
      if (!call)
        return;
      const sessionId = call.entry.sessionId;
      clearTimeout(notesTimer);
      $('notes-status').textContent = 'Not saved yet';
      notesTimer = setTimeout(() => saveNotes(sessionId, $('notes').value), 1000);
    });
  }

  if (document.readyState === 'loading')
    document.addEventListener('DOMContentLoaded', start);
  else
    start();

  return { api, begin, setCallEndHandler, setPeerConnection, attachChannel, handle, observation, end, showReport, takeTrack,
           fillIdentity, answerList, INSTRUMENT_NAMES, setNotesAuth, identityText, retryNotes };
})();
