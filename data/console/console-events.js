/* console-events.js: the cabin's call events, as the report shows them
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The kiosk records what happened to a call (the network path, the hub, the cameras) as
 * `callEvents` in its record (data/protocol.md, "Recovery", "Signalling interruption" and the
 * record's description): { at, event, detail }. The report lists them under a heading, each known
 * event as a short sentence in the console's language, its code kept beside it (a <code>, for
 * support); an unknown code is shown as it is.
 */
'use strict';

window.CabineEvents = (function () {
  const i18n = window.CabineI18n;
  const t = i18n.t;

  const SOURCES = { room: () => t('the room camera'), otoscope: () => t('the otoscope'),
                    dermatoscope: () => t('the dermatoscope') };
  const source = (name) => (typeof name !== 'string' ? '?' : SOURCES[name] ? SOURCES[name]() : name);
  const seconds = (ms) => (Number.isFinite(ms) ? Math.round(ms / 100) / 10 : '?');

  /* Event code → (detail) → sentence. The detail is the kiosk's (an object, or null). */
  const SENTENCES = {
    'call-started': () => t('The call started.'),
    'ice-connected': () => t('The network path to the physician is established.'),
    'ice-disconnected': () => t('The network path to the physician is interrupted.'),
    'ice-failed': () => t('The network path to the physician failed.'),
    'media-interrupted': () => t('The physician\'s video stopped arriving.'),
    'media-lost': () => t('The physician\'s video was lost.'),
    'media-resumed': () => t('The physician\'s video is back.'),
    'setup-timeout': () => t('The call could not be set up in time.'),
    'call-leg': (d) => t('Call leg {leg} ended: {frames} video frames received.',
                         { leg: d.leg ?? '?', frames: d.videoFramesReceived ?? '?' }),
    'recovery-started': (d) => t('The cabin started re-establishing the call (limit {limit} s).',
                                 { limit: d.limitS ?? '?' }),
    'recovery-attempt': (d) => t('Attempt {attempt} to re-establish the call.', { attempt: d.attempt ?? '?' }),
    'recovery-ended': (d) => (d.outcome === 'recovered'
      ? t('The call was re-established after {seconds} s.', { seconds: seconds(d.durationMs) })
      : t('The call could not be re-established ({outcome}).', { outcome: String(d.outcome ?? '?') })),
    'signalling-lost': () => t('The cabin lost its connection to the hub; the call went on.'),
    'signalling-resumed': (d) => t('The cabin\'s connection to the hub came back after {seconds} s.',
                                   { seconds: seconds(d.durationMs) }),
    'resume-refused': () => t('The hub no longer knew the call when the cabin came back.'),
    'peer-away': () => t('The physician\'s connection to the hub was interrupted; the call went on.'),
    'peer-back': (d) => t('The physician\'s connection to the hub came back after {seconds} s.',
                          { seconds: seconds(d.durationMs) }),
    'source-switched': (d) => t('The cabin switched to {source}.', { source: source(d.source) }),
    'source-lost': (d) => t('The cabin lost {source} and went back to the room camera.', { source: source(d.source) }),
    'source-restored': (d) => t('After the recovery, the cabin showed {source} again.', { source: source(d.source) }),
    'stethoscope': (d) => (d.enabled ? t('The stethoscope was turned on.') : t('The stethoscope was turned off.')),
    'stethoscope-restored': (d) => (d.enabled ? t('After the recovery, the stethoscope was on again.')
                                              : t('After the recovery, the stethoscope stayed off.')),
    'interrupted': () => t('The cabin stopped during the call (it restarted later).'),
  };

  /* The sentence of @event ({ event, detail }), or null for a code the console does not know. */
  function sentence(event) {
    const say = Object.prototype.hasOwnProperty.call(SENTENCES, event.event) ? SENTENCES[event.event] : null;
    const detail = event.detail && typeof event.detail === 'object' ? event.detail : {};
    return say ? say(detail) : null;
  }

  /* A report section (<section class="report-section report-events-section">) listing @events
   * (the record's callEvents, without `quality`), in time order as recorded; each <li> has its
   * time, its sentence and a <code> with the code (and source) for support; an unknown event
   * has its <code> alone. */
  function render(events) {
    const section = document.createElement('section');
    section.className = 'report-section report-events-section';
    const heading = document.createElement('h3');
    i18n.show(heading, () => t('Call events'));
    const list = document.createElement('ul');
    list.className = 'report-events';
    for (const e of events) {
      const li = document.createElement('li');
      li.dataset.event = e.event;
      const time = document.createElement('span');
      time.className = 'vital-time';
      i18n.show(time, () => (e.at ? i18n.time(e.at) : ''));
      const src = e.detail && typeof e.detail.source === 'string' ? ` (${e.detail.source})` : '';
      const code = document.createElement('code');
      code.className = 'event-code';
      code.textContent = e.event + src;
      if (sentence(e) === null) {
        li.append(time, ' ', code);   /* unknown: the code alone, as recorded */
      } else {
        const text = document.createElement('span');
        text.className = 'event-text';
        i18n.show(text, () => sentence(e));
        li.append(time, ' ', text, ' ', code);
      }
      list.append(li);
    }
    section.append(heading, list);
    return section;
  }

  return { render, sentence };
})();
