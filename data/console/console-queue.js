/* console-queue.js: the physician console's list of waiting patients
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Renders the hub's `queue` message (data/protocol.md, "Queue (physician side)") in #queue: the
 * cabin, the reason with the questionnaire's answers, the waiting time (updated every second) and
 * an Accept button. Patient data is only inserted with textContent.
 */
'use strict';

window.CabineQueue = (function () {
  const $ = (id) => document.getElementById(id);
  const t = window.CabineI18n.t;

  function formatWaiting(since) {
    const seconds = Math.max(0, Math.floor((Date.now() - Date.parse(since)) / 1000));
    const m = Math.floor(seconds / 60);
    const s = seconds % 60;
    if (m >= 60)
      return Math.floor(m / 60) + ' h ' + String(m % 60).padStart(2, '0') + ' min';
    return m + ':' + String(s).padStart(2, '0');
  }

  /* Shows @entries (the hub's `queue` message), each with an Accept button calling @accept (entry);
   * called again by console.js on a switch of language. */
  function render(entries, accept) {
    const tbody = $('queue');
    tbody.textContent = '';
    for (const entry of entries) {
      const row = document.createElement('tr');
      row.dataset.sessionId = entry.sessionId;
      const kiosk = document.createElement('td');
      kiosk.className = 'kiosk';
      kiosk.textContent = entry.kioskId;
      const reason = document.createElement('td');
      reason.className = 'reason';
      reason.textContent = entry.reason;
      if (entry.language)
        reason.lang = entry.language;
      const answers = window.CabineExam.answerList(entry);
      if (answers)
        reason.append(answers);
      const waiting = document.createElement('td');
      waiting.className = 'waiting';
      waiting.dataset.since = entry.waitingSince;
      waiting.textContent = formatWaiting(entry.waitingSince);
      const action = document.createElement('td');
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'accept primary';
      button.textContent = t('Accept');
      button.addEventListener('click', () => accept(entry));
      action.appendChild(button);
      row.append(kiosk, reason, waiting, action);
      tbody.appendChild(row);
    }
    $('queue-count').textContent = String(entries.length);
    $('queue-empty').hidden = entries.length > 0;
  }

  /* Updates the waiting times shown (every second). */
  function tick() {
    for (const cell of document.querySelectorAll('#queue td.waiting'))
      cell.textContent = formatWaiting(cell.dataset.since);
  }

  return { render, tick };
})();
