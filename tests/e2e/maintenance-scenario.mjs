// maintenance-scenario.mjs: the operator's maintenance mode, at the end of the consultation
// scenario (issue 4, item 5), driven through X like an operator's finger.
//
// Copyright 2026 The Cabine developers
// SPDX-License-Identifier: GPL-3.0-or-later
//
// On the welcome page: five taps in the top-left corner within three seconds, then the demo PIN
// 2468 on the on-screen keypad (data/kiosk-demo.conf). Every maintenance page is shown and shot
// (maintenance-N-<page>.png), a cleaning is recorded (checked in the kiosk's store), and the
// operator leaves: the kiosk is back on welcome. Coordinates are those of the kiosk's layout at
// 1280×800 (the e2e Xvfb screen), the window full screen at the origin.

import { log, sleep, waitForLog, readLog, xdotool } from './harness.mjs';

// The PIN page's keypad (ui/cabine-pin-page.c): right of the title and Cancel, a 3×3 grid of 1–9,
// then erase, 0 and "OK" on the bottom row.
const KEYPAD = {
  1: [673, 238], 2: [835, 238], 3: [1000, 238],
  4: [673, 343], 5: [835, 343], 6: [1000, 343],
  7: [673, 449], 8: [835, 449], 9: [1000, 449],
  0: [835, 559], ok: [1000, 559],
};
// The maintenance sidebar's rows (ui/cabine-maintenance-page.c), top to bottom.
const PAGES = ['instruments', 'cameras', 'sound', 'network', 'cleaning', 'logs', 'configuration', 'power'];
const ROW_X = 80, ROW_Y0 = 67, ROW_DY = 38;
const RECORD_CLEANING = [580, 184];
const LEAVE = [156, 754];

async function tap([x, y], pause = 150) {
  xdotool('mousemove', String(x), String(y), 'click', '1');
  await sleep(pause);
}

// h: { kiosk, shoot, sqlite }. Returns { results, problems }.
export async function runMaintenanceTour(h) {
  const results = [];
  const problems = [];
  const cleaningsBefore = Number(JSON.parse(h.sqlite('SELECT count(*) AS n FROM cleaning_log') || '[{"n":0}]')[0].n);

  let after = readLog(h.kiosk).length;
  for (let i = 0; i < 5; i++)
    await tap([20, 20], 200);                       // the hidden corner, 5 taps in ~1 s
  await waitForLog(h.kiosk, /page pin/, { after, what: 'the PIN page' });
  await sleep(600);
  h.shoot('maintenance-0-pin');
  after = readLog(h.kiosk).length;
  for (const digit of '2468')
    await tap(KEYPAD[digit]);
  await tap(KEYPAD.ok);
  await waitForLog(h.kiosk, /page maintenance/, { after, what: 'the maintenance pages' });
  await sleep(600);
  results.push({ check: 'maintenance opens with the gesture and the PIN', ok: true });

  for (const [i, name] of PAGES.entries()) {
    after = readLog(h.kiosk).length;
    await tap([ROW_X, ROW_Y0 + i * ROW_DY]);
    if (i > 0)                                      // "instruments" is already shown
      await waitForLog(h.kiosk, new RegExp(`maintenance page ${name}\\b`), { after, what: `the ${name} page` });
    await sleep(name === 'cameras' || name === 'sound' ? 1500 : 500);
    if (name === 'network') {
      await sleep(5000);                            // showing the page runs the tests: their answers
      // The round trip to the hub trusts the kiosk's [kiosk] hub-ca, as its signalling does.
      const answer = readLog(h.kiosk).slice(after).match(/network test: the hub (answered \(HTTP \d+\)|cannot be reached: .*)/);
      const reached = !!answer && answer[1].startsWith('answered (HTTP 200)');
      results.push({ check: 'the network page reaches the hub', ok: reached, detail: answer ? answer[1] : 'no answer logged' });
      if (!reached)
        problems.push(`maintenance: the network page's round trip to the hub: ${answer ? answer[1] : 'no answer logged'}`);
      const stun = readLog(h.kiosk).slice(after).match(/network test: STUN (.*)/);
      results.push({ check: 'the network page tests STUN', ok: true, detail: stun ? stun[1] : 'no result logged' });
    }
    if (name === 'cleaning') {
      await tap(RECORD_CLEANING, 600);
    }
    h.shoot(`maintenance-${i + 1}-${name}`);
  }
  const cleaningsAfter = Number(JSON.parse(h.sqlite('SELECT count(*) AS n FROM cleaning_log') || '[{"n":0}]')[0].n);
  const recorded = cleaningsAfter === cleaningsBefore + 1;
  results.push({ check: 'a cleaning is recorded from the cleaning page', ok: recorded,
                 detail: `${cleaningsBefore} → ${cleaningsAfter}` });
  if (!recorded)
    problems.push(`maintenance: the cleaning log went from ${cleaningsBefore} to ${cleaningsAfter} rows`);

  after = readLog(h.kiosk).length;
  await tap(LEAVE);
  await waitForLog(h.kiosk, /page welcome/, { after, what: 'the welcome page after maintenance' });
  await sleep(600);
  h.shoot('maintenance-9-back-to-welcome');
  results.push({ check: 'the operator leaves maintenance for the welcome page', ok: true });
  log(`maintenance tour: ${results.map((r) => `${r.check}: ${r.ok ? 'ok' : 'FAILED'}`).join('; ')}`);
  return { results, problems };
}
