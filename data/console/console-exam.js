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
  const i18n = window.CabineI18n;
  const t = i18n.t;
  const show = i18n.show;
  const LOINC = 'http://loinc.org';
  /* Texts by code, as functions: rendered in the language of the moment. */
  const INSTRUMENT_NAMES = { 'thermometer': () => t('Thermometer'), 'blood-pressure': () => t('Blood pressure'),
                             'oximeter': () => t('Oximeter'), 'scale': () => t('Scale') };
  const SOURCE_NAMES = { room: () => t('Room camera'), otoscope: () => t('Otoscope'),
                         dermatoscope: () => t('Dermatoscope') };
  const ANSWER_LABELS = { mainSymptom: () => t('Main symptom'), since: () => t('Since'), fever: () => t('Fever'),
                          pain: () => t('Pain (0–10)'), allergies: () => t('Allergies'),
                          medication: () => t('Current medication'), pregnancy: () => t('Pregnancy') };
  const ANSWER_VALUES = { 'today': () => t('today'), '1-3-days': () => t('1–3 days'), '4-7-days': () => t('4–7 days'),
                          'over-a-week': () => t('over a week'), 'unknown': () => t('unknown'), 'yes': () => t('yes'),
                          'no': () => t('no'), 'not-applicable': () => t('not applicable') };
  /* A source's name ("Otoscope"), and within a sentence ("the otoscope"). */
  const sourceName = (source) => (SOURCE_NAMES[source] ? SOURCE_NAMES[source]() : String(source));
  const SOURCE_IN_SENTENCE = { room: () => t('the room camera'), otoscope: () => t('the otoscope'),
                               dermatoscope: () => t('the dermatoscope') };
  const sourceInSentence = (source) => (SOURCE_IN_SENTENCE[source] ? SOURCE_IN_SENTENCE[source]() : String(source));
  /* What each plotted kind is called, and its series (component LOINC codes for a panel). */
  const PLOTS = {
    '8310-5': { title: () => t('Temperature (°C)'), series: [['8310-5', () => t('Temperature')]] },
    '85354-9': { title: () => t('Blood pressure (mmHg)'), series: [['8480-6', () => t('Systolic')], ['8462-4', () => t('Diastolic')]] },
    '59408-5': { title: () => t('SpO₂ (%)'), series: [['59408-5', () => t('SpO₂')]] },
    '8867-4': { title: () => t('Pulse (/min)'), series: [['8867-4', () => t('Pulse')]] },
    '29463-7': { title: () => t('Weight (kg)'), series: [['29463-7', () => t('Weight')]] },
  };
  /* The states of measurement-progress (data/protocol.md, "Remote control"). */
  const PROGRESS = { instructing: () => t('patient guided…'), 'timed-out': () => t('timed out'),
                     disconnected: () => t('instrument disconnected') };
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
      const dt = el('dt'), dd = el('dd');
      show(dt, () => (ANSWER_LABELS[key] ? ANSWER_LABELS[key]() : key));
      show(dd, () => (ANSWER_VALUES[value] ? ANSWER_VALUES[value]()
                      : typeof value === 'number' ? i18n.number(value) : String(value)));
      list.append(dt, dd);
    }
    return list.childElementCount ? list : null;
  }

  /* ---------- requests ---------- */

  /* @render (): the status's text. */
  function setRequestStatus(instrument, render, state) {
    const status = document.querySelector(`#measure-buttons [data-instrument="${instrument}"] .request-status`);
    if (status) {
      show(status, render);
      status.dataset.state = state;
    }
  }

  function requestMeasurement(instrument) {
    if (!call)
      return;
    const id = call.remote.request('measurement-request', { instrument });
    api.requests[id] = { instrument, state: 'sent', sentAt: new Date().toISOString() };
    setRequestStatus(instrument, () => t('asked…'), 'sent');
  }

  function switchSource(source) {
    if (!call)
      return;
    const id = call.remote.request('source-switch', { source });
    api.requests[id] = { source, state: 'sent' };
    for (const b of document.querySelectorAll('#source-buttons button'))
      b.setAttribute('aria-pressed', String(b.dataset.source === source));
    show($('source-status'), () => t('Switching to {source}…', { source: sourceInSentence(source) }));
  }

  function takeSnapshot() {
    if (!call)
      return;
    const id = call.remote.request('snapshot-request', {});
    api.requests[id] = { snapshot: true, state: 'sent' };
    show($('snapshot-status'), () => t('Taking a snapshot…'));
  }

  /* ---------- stethoscope ---------- */

  /* Its controls, made when the cabin offers the track: a switch, the state, the indicator. */
  function stethoscopeUi() {
    let box = $('stethoscope');
    if (box)
      return box;
    box = el('div', 'stethoscope');
    box.id = 'stethoscope';
    const button = el('button');
    show(button, () => t('Stethoscope'));
    button.id = 'stethoscope-toggle';
    button.type = 'button';
    button.setAttribute('aria-pressed', 'false');
    button.addEventListener('click', () => toggleStethoscope());
    const status = el('span', 'tool-status');
    show(status, () => t('off'));
    status.id = 'stethoscope-status';
    status.setAttribute('aria-live', 'polite');
    const quality = el('div', 'quality', '');
    quality.id = 'stethoscope-quality';
    quality.dataset.level = 'unknown';
    quality.setAttribute('role', 'status');
    const audio = el('audio');
    audio.id = 'stethoscope-audio';
    audio.autoplay = true;
    const title = el('h3');
    show(title, () => t('Stethoscope'));
    box.append(title, button, ' ', status, quality, audio);
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
    show($('stethoscope-status'), () => (on ? t('on') : t('off')));
    return true;
  }

  function toggleStethoscope() {
    if (!call || !call.stethoscope)
      return;
    const enabled = !call.stethoscope.on;
    const id = call.remote.request('stethoscope', { enabled });
    api.requests[id] = { stethoscope: enabled, state: 'sent' };
    call.stethoscope.pending = id;
    show($('stethoscope-status'), () => (enabled ? t('switching on…') : t('switching off…')));
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
    show($('stethoscope-status'), () => (enabled ? t('on') : t('off')));
    if (!enabled) {
      $('stethoscope-quality').dataset.level = 'unknown';
      i18n.clear($('stethoscope-quality'));
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
    const { level, flowing, jitterMs, lossPct } = q;
    show(indicator, () => (flowing === false ? t('Stethoscope: no sound arriving')
      : t('Stethoscope: {level} — jitter {jitter} ms, loss {loss} %',
          { level: { good: t('good'), fair: t('fair'), poor: t('poor') }[level], jitter: jitterMs ?? '?', loss: lossPct ?? '?' })));
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
      setRequestStatus(msg.instrument, () => (PROGRESS[msg.state] ? PROGRESS[msg.state]() : String(msg.state)), msg.state);
      break;
    case 'measurement-result':
      if (request) {
        request.state = 'done';
        request.result = msg;
      }
      setRequestStatus(msg.instrument, () => (msg.display ? i18n.numbersIn(String(msg.display)) : t('done')), 'done');
      break;
    case 'source-switched':
      if (request)
        request.state = 'done';
      api.sources.push({ source: msg.source, at: new Date().toISOString(), unsolicited: msg.requestId === null });
      /* A null requestId: the kiosk says by itself what it sends — back on the room camera (the
       * exam camera being sent went away), or the source kept on a call it re-established. */
      show($('source-status'), () => (msg.requestId !== null ? t('Showing: {source}', { source: sourceName(msg.source) })
        : msg.source === 'room' ? t('Showing: {source} (the exam camera was disconnected)', { source: sourceName(msg.source) })
        : t('Showing: {source} (kept after reconnecting)', { source: sourceName(msg.source) })));
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
        show($('stethoscope-status'), () => t('failed: {reason}', { reason: failureReason(msg.reason) }));
      } else if (request && request.instrument)
        setRequestStatus(request.instrument, () => t('failed: {reason}', { reason: failureReason(msg.reason) }), 'failed');
      else if (request && request.snapshot)
        show($('snapshot-status'), () => t('Snapshot failed: {reason}', { reason: failureReason(msg.reason) }));
      else
        show($('source-status'), () => t('Switch failed: {reason}', { reason: failureReason(msg.reason) }));
      break;
    default:
      break;
    }
  }

  /* The cabin's reasons of request-failed (English, for its logs: data/protocol.md) the console
   * knows, in the console's language; any other as the cabin wrote it. */
  const FAILURES = {
    'no reading from the instrument in time': () => t('no reading from the instrument in time'),
    'the thermometer is not connected': () => t('the thermometer is not connected'),
    'the blood pressure monitor is not connected': () => t('the blood pressure monitor is not connected'),
    'the pulse oximeter is not connected': () => t('the pulse oximeter is not connected'),
    'the scale is not connected': () => t('the scale is not connected'),
    'the otoscope is not connected': () => t('the otoscope is not connected'),
    'the dermatoscope is not connected': () => t('the dermatoscope is not connected'),
    'no call': () => t('no call'),
  };
  function failureReason(reason) {
    const text = typeof reason === 'string' ? reason : '';
    const known = FAILURES[text.replace(/[.\s]+$/, '')];
    return known ? known() : text || t('no reason given');
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
    show($('snapshot-status'), () => (record.byButton
      ? (s.verified ? t('Snapshot taken with the camera button (checksum verified).')
                    : t('Snapshot taken with the camera button — damaged: {problem}', { problem: s.problem }))
      : (s.verified ? t('Snapshot received (checksum verified).')
                    : t('Snapshot received — damaged: {problem}', { problem: s.problem }))));
  }

  function snapshotFigure(record) {
    const figure = el('figure', 'snapshot');
    figure.dataset.verified = String(record.verified);
    const img = el('img');
    img.src = record.url;
    img.alt = t('Snapshot from {source}', { source: sourceInSentence(record.source) });
    const caption = el('figcaption');
    show(caption, () => {
      const params = { source: sourceName(record.source), time: i18n.time(record.at), width: record.width,
                       height: record.height, size: Math.round(record.size / 1024), problem: record.problem };
      const text = record.byButton ? t('{source} (camera button), {time} — {width}×{height}, {size} KiB', params)
                                   : t('{source}, {time} — {width}×{height}, {size} KiB', params);
      return text + ', ' + (record.verified ? t('SHA-256 verified') : t('NOT verified: {problem}', params));
    });
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
      const title = el('div', 'plot-title');
      show(title, spec.title);
      box.append(title);
      $('plots').append(box);
      p = call.plots[kind] = { box, data: [[], ...spec.series.map(() => [])], chart: null };
      if (typeof window.uPlot === 'function') {
        p.chart = new window.uPlot({
          width: 300, height: 120, legend: { show: false }, cursor: { show: false },
          scales: { x: { time: true } },
          series: [{}, ...spec.series.map(([, label], i) => ({ label: label(), stroke: i ? '#b3261e' : '#0b7a75', width: 2,
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
    const level = q.level;
    show(indicator, () => ({ good: t('Good connection'), fair: t('Fair connection'), poor: t('Poor connection') }[level]));
    const known = (v) => v ?? '?';
    indicator.title = (call.kioskText ? call.kioskText() + '; ' : '') +
      t('here: RTT {rtt} ms, jitter {jitter} ms, loss {loss} %, in {in} kbit/s, out {out} kbit/s, {width}×{height} at {fps} fps, path {local} → {remote}',
        { rtt: known(q.rttMs), jitter: known(q.jitterMs), loss: known(q.lossPct), in: known(q.inKbps),
          out: known(q.outKbps), width: known(q.width), height: known(q.height), fps: known(q.fps),
          local: known(q.candidate), remote: known(q.remoteCandidate) });
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
    call.kioskText = null;
    $('plots').textContent = '';
    $('gallery').textContent = '';
    $('notes').value = '';
    i18n.clear($('notes-status'));
    $('notes-status').title = '';
    show($('call-patient'), () => t('Waiting for the cabin…'));
    api.notesSaved = '';
    i18n.clear($('snapshot-status'));
    show($('source-status'), () => t('Showing: {source}', { source: sourceName('room') }));
    for (const b of document.querySelectorAll('#source-buttons button'))
      b.setAttribute('aria-pressed', String(b.dataset.source === 'room'));
    $('quality').dataset.level = 'unknown';
    show($('quality'), () => t('Connecting…'));
    for (const s of document.querySelectorAll('#measure-buttons .request-status'))
      i18n.clear(s);
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
        show($('quality'), () => t('Measuring the connection…'));
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

  /* "Anne Martin, born 1950-03-14 (76 years), female" from a record's or a cabin's patient object
   * ("Anne Martin, née le 14/03/1950 (76 ans), femme" in French). */
  const SEXES = { female: () => t('female'), male: () => t('male'), other: () => t('other'), unknown: () => t('sex not given') };
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
      const date = i18n.language() === 'en' ? born
        : b.toLocaleDateString(i18n.language(), { timeZone: 'UTC', day: '2-digit', month: '2-digit', year: 'numeric' });
      text += p.sex === 'female' ? t(', born {date} ({count} years)|female', { date, count: age })
                                 : t(', born {date} ({count} years)', { date, count: age });
    }
    if (str(p.sex))
      text += ', ' + (SEXES[p.sex] ? SEXES[p.sex]() : p.sex);
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
    show($('notes-status'), () => t('Saving…'));
    return fetch(`/api/records/${encodeURIComponent(sessionId)}/notes`, {
      method: 'PUT', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${notesAuth.token}` },
      body: JSON.stringify({ text }) })
      .then(async (r) => {
        const body = await r.json().catch(() => ({}));
        const at = body.updatedAt || Date.now();
        const status = r.status;
        show($('notes-status'), () => (r.ok ? t('Saved at {time}', { time: i18n.time(at) }) : notesRefused(status)));
        $('notes-status').title = r.ok ? '' : String(body.error || '');
        api.notesSaved = r.ok ? text : api.notesSaved;
        unsavedNotes = r.ok ? null : { sessionId, text };
        return r.ok;
      })
      .catch((e) => {
        show($('notes-status'), () => t('Not saved: the hub cannot be reached. They will be saved once it is back.'));
        $('notes-status').title = e.message || '';
        unsavedNotes = { sessionId, text };
        return false;
      });
  }
  /* Why the hub refused the notes (HTTP @status), in the console's words: its own are English. */
  const notesRefused = (status) => (status === 413 ? t('Not saved: notes are limited to {size} KiB.', { size: 64 })
    : t('Not saved: the server refused them (HTTP {status}).', { status: String(status) }));
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
      const patient = call.patient;
      show($('call-patient'), () => identityText(patient) || t('Not given.'));
      return true;
    }
    if (msg.type === 'call-quality') {
      /* The kiosk's side (data/protocol.md): what it sends and how the network treats it. */
      if (msg.kiosk && typeof msg.kiosk === 'object') {
        api.kioskQuality = msg.kiosk;
        const k = msg.kiosk;
        call.kioskText = () => t('cabin: encoder {encoder} kbit/s, sending {out} kbit/s, loss {loss} %, RTT {rtt} ms',
                                 { encoder: k.encoderKbps ?? '?', out: k.outKbps ?? '?', loss: k.lossPercent ?? '?',
                                   rtt: k.rttMs ?? '?' });
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

  /* An element whose text is render (), rendered again on a switch of language. */
  function shown(tag, className, render) {
    const node = el(tag, className);
    show(node, render);
    return node;
  }

  function section(title, ...children) {
    const s = el('section', 'report-section');
    s.append(shown('h3', null, title), ...children);
    return s;
  }

  /* Why the call ended (the hub's and the cabin's codes), in the report. */
  const END_REASONS = { 'physician-ended': () => t('ended by the physician'), 'patient-ended': () => t('ended by the patient'),
                        'peer-disconnected': () => t('connection to the cabin lost'), 'call-failed': () => t('call failed'),
                        'taken-over': () => t('continued in another window') };
  const endReason = (reason) => (END_REASONS[reason] ? END_REASONS[reason]() : String(reason));

  function qualityText(quality, kioskQuality, reason) {
    if (!quality)
      return t('No statistics. Ended: {reason}.', { reason: endReason(reason) });
    const known = (v) => v ?? '?';
    let text = t('{count} samples: round trip {rtt} ms, jitter {jitter} ms, loss {loss} %, {in} kbit/s received, {fps} fps; {poor} poor; path {path}',
                 { count: quality.samples, rtt: known(quality.rttMs), jitter: known(quality.jitterMs),
                   loss: known(quality.lossPct), in: known(quality.inKbps), fps: known(quality.fps),
                   poor: quality.poorSamples, path: known(quality.path) });
    if (kioskQuality)
      text += t('; cabin encoder {encoder} kbit/s', { encoder: known(kioskQuality.encoderKbps) });
    if (quality.stethoscope)
      text += t('; stethoscope jitter {jitter} ms, loss {loss} % ({count} samples)',
                { jitter: known(quality.stethoscope.jitterMs), loss: known(quality.stethoscope.lossPct),
                  count: quality.stethoscope.samples });
    return text + t('. Ended: {reason}.', { reason: endReason(reason) });
  }

  function showReport(ended, sessionId, reason, readingText, onDownload) {
    const body = $('report-body');
    body.textContent = '';
    const quality = qualitySummary();
    api.report = { sessionId, reason, readings: ended.observations.length, snapshots: ended.snapshots.length,
                   notes: ended.notes, quality, endReason: reason };

    const patient = el('div', 'report-patient');
    patient.append(shown('div', null, () => t('Cabin {cabin}', { cabin: ended.entry.kioskId })),
                   shown('div', 'report-identity',
                         () => identityText(ended.patient) || t('Patient identity: waiting for the cabin\'s record…')));
    body.append(section(() => t('Patient'), patient));
    const reasonText = el('p', 'reason', ended.entry.reason);
    if (ended.entry.language)
      reasonText.lang = ended.entry.language;
    body.append(section(() => t('Reason'), reasonText));
    const answers = answerList(ended.entry);
    body.append(section(() => t('Questionnaire'), answers || shown('p', 'empty', () => t('No answers.'))));

    const readings = el('ul', 'report-readings');
    for (const r of ended.observations) {
      const li = el('li', 'report-reading');
      const when = r.effectiveDateTime || r.issued;
      li.append(shown('strong', null, () => window.CabineVitals.readingName(r)), ' ',
                shown('span', 'reading', () => readingText(r)), ' ',
                shown('span', 'vital-time', () => (when ? i18n.time(when) : '')));
      if (r.device && typeof r.device.display === 'string')
        li.append(el('div', 'vital-device', r.device.display));
      readings.append(li);
    }
    body.append(section(() => t('Readings'), ended.observations.length ? readings : shown('p', 'empty', () => t('No reading.'))));

    const gallery = el('div', 'gallery');
    ended.snapshots.forEach((s) => gallery.append(snapshotFigure(s)));
    body.append(section(() => t('Snapshots'), ended.snapshots.length ? gallery : shown('p', 'empty', () => t('No snapshot.'))));
    body.append(section(() => t('Notes'), el('p', 'report-notes', ended.notes || '—')));
    const kioskQuality = api.kioskQuality;
    body.append(section(() => t('Call quality'), shown('p', 'report-quality', () => qualityText(quality, kioskQuality, reason))));
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
        const node = document.querySelector('#report-body .report-identity');
        if (node)
          show(node, () => identityText(p) || t('Not given.'));
        if (api.report)
          api.report.patient = p;
        /* The cabin's side of the call: what happened to the network path and the cameras. */
        const events = (Array.isArray(record.callEvents) ? record.callEvents : [])
          .filter((e) => e && typeof e.event === 'string' && e.event !== 'quality');
        const quality = document.querySelector('#report-body .report-quality');
        /* As sentences, under their own heading, the codes beside them (console-events.js). */
        if (quality && events.length)
          quality.closest('section').after(window.CabineEvents.render(events));
        return record;
      }
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    const node = document.querySelector('#report-body .report-identity');
    if (node)
      show(node, () => t('The cabin has not sent its record yet.'));
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
      show($('notes-status'), () => t('Not saved yet'));
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
