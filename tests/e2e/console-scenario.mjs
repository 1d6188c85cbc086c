// console-scenario.mjs: the physician's console end to end (issue 5), played for real.
//
// Copyright 2026 The Cabine developers
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Scenario "console" of consultation.mjs: a wrong password is refused; the queue shows the
// patient's reason, questionnaire answers and waiting time; the physician accepts; a second
// console trying to take the same patient is refused; the physician asks for a blood pressure on
// the simulated monitor and sees it arrive (the kiosk guides the patient meanwhile), switches the
// patient's video to the otoscope, takes a snapshot whose size and SHA-256 the console verifies
// (and which the kiosk stored), writes a note, ends the consultation, sees the report and
// downloads it as a FHIR R4 Bundle, which is validated.

import crypto from 'node:crypto';
import { log, sleep, waitFor, waitForLog, readLog } from './harness.mjs';

export async function runConsoleScenario(h) {
  const problems = [];
  const summary = { scenario: 'console' };
  const hub = h.startHub();
  await h.waitHubUp();
  const kiosk = h.startKiosk();
  await h.patientStarts(kiosk);
  h.shoot('console-kiosk-1-waiting');

  const { browser, page } = await h.launchPhysician();
  try {
    // A wrong password: refused with a clear message.
    await page.goto(h.consoleUrl);
    await page.fill('#username', 'demo');
    await page.fill('#password', 'not-the-password');
    await page.click('#sign-in');
    await page.locator('#signin-error:not([hidden])').waitFor({ timeout: 10000 });
    summary.wrongPassword = (await page.textContent('#signin-error')).trim();
    if (!/wrong username or password/i.test(summary.wrongPassword))
      problems.push(`wrong password shows "${summary.wrongPassword}"`);
    await h.signIn(page);

    // The queue: reason, the questionnaire's answers, the waiting time.
    const row = page.locator('#queue [data-session-id]').first();
    await row.waitFor({ timeout: 20000 });
    await sleep(1200);
    summary.queueRow = (await row.textContent()).replace(/\s+/g, ' ').trim();
    // (The journey of consultation.mjs leaves the main symptom empty; the coded answers are there.)
    if (!/Fever/.test(summary.queueRow)) problems.push(`the queue does not show the questionnaire: "${summary.queueRow}"`);
    if (!/\d+:\d\d/.test(summary.queueRow)) problems.push('the queue does not show the waiting time');
    await h.pageShot(page, 'console-1-queue');
    const staleEntry = (await page.evaluate(() => window.cabineConsole.queue()))[0];

    const sessionId = await h.acceptFirst(page);
    summary.sessionId = sessionId;
    await page.waitForFunction(() => window.cabineConsole.firstFrameAt > 0, null, { timeout: 30000 });
    await h.waitKioskState(kiosk, 'call');

    // A second console takes the same patient a moment too late: refused, clearly.
    const second = await browser.newPage();
    await h.signIn(second);
    await second.evaluate((entry) => window.cabineConsole.accept(entry), staleEntry);
    await second.locator('#notice:not([hidden])').waitFor({ timeout: 10000 });
    summary.secondPhysician = (await second.textContent('#notice')).trim();
    if (!/another physician/i.test(summary.secondPhysician))
      problems.push(`a second physician sees "${summary.secondPhysician}"`);
    await second.close();

    // Ask for a blood pressure: the kiosk guides the patient, the simulated monitor's next reading
    // answers the request.
    const kioskLogBefore = readLog(kiosk).length;
    await page.click('#measure-buttons [data-instrument="blood-pressure"] button');
    await waitForLog(kiosk, /guide blood-pressure: instructing/, { after: kioskLogBefore, timeoutMs: 10000 });
    await sleep(300);
    h.shoot('console-kiosk-2-guide');
    await page.locator('#measure-buttons [data-instrument="blood-pressure"] .request-status[data-state="done"]')
      .waitFor({ timeout: 30000 });
    await waitForLog(kiosk, /guide blood-pressure: result/, { after: kioskLogBefore, timeoutMs: 5000 });
    h.shoot('console-kiosk-3-guide-result');
    const requests = await page.evaluate(() => window.cabineConsole.exam.requests);
    const bp = Object.values(requests).find((r) => r.instrument === 'blood-pressure');
    const bpObservation = await page.evaluate((id) => window.cabineConsole.observations.find((o) => o.id === id),
                                              bp?.result?.observationId);
    summary.bloodPressure = { display: bp?.result?.display, observationId: bp?.result?.observationId,
                              units: bpObservation?.component?.map((c) => c.valueQuantity?.code) };
    if (!/^\d+\/\d+ mmHg/.test(bp?.result?.display ?? '')) problems.push(`blood pressure result "${bp?.result?.display}"`);
    if (!bpObservation) problems.push('the requested blood pressure Observation did not reach the console');
    else if (!summary.bloodPressure.units.every((u) => u === 'mm[Hg]')) problems.push('blood pressure components are not in mm[Hg]');

    // The otoscope, then a snapshot of it.
    await page.click('#source-buttons [data-source="otoscope"]');
    await page.locator('#source-status[data-source="otoscope"]').waitFor({ timeout: 10000 });
    await waitForLog(kiosk, /video source: otoscope/, { timeoutMs: 5000 });
    await sleep(1500);
    const framesBefore = (await page.evaluate(() => window.cabineConsole.stats())).videoFramesDecoded;
    await page.click('#snapshot');
    await page.waitForFunction(() => window.cabineConsole.exam.snapshots.length > 0, null, { timeout: 20000 });
    const snap = await page.evaluate(() => window.cabineConsole.exam.snapshots[0]);
    // The picture is shown: decoded by the browser at its full size.
    await page.waitForFunction(() => document.querySelector('#gallery img')?.naturalWidth > 0, null, { timeout: 5000 })
      .catch(() => problems.push('the snapshot is not displayed'));
    await sleep(1000);
    const framesAfter = (await page.evaluate(() => window.cabineConsole.stats())).videoFramesDecoded;
    summary.videoFramesDuringSwitchAndSnapshot = framesAfter - framesBefore;
    const stored = JSON.parse(h.sqlite(`SELECT id, source, length(data) AS size, hex(data) AS hex FROM snapshot WHERE id = '${snap.snapshotId}'`) || '[]')[0];
    const storedSha = stored ? crypto.createHash('sha256').update(Buffer.from(stored.hex, 'hex')).digest('hex') : null;
    summary.snapshot = { source: snap.source, width: snap.width, height: snap.height, size: snap.size,
                         sha256: snap.sha256, verified: snap.verified, storedSize: stored?.size ?? null,
                         storedSha256Matches: storedSha === snap.sha256 };
    if (!snap.verified) problems.push(`the snapshot was not verified: ${snap.problem}`);
    if (snap.source !== 'otoscope') problems.push(`the snapshot came from ${snap.source}`);
    if (!(snap.size > 1000) || snap.size !== snap.expectedSize) problems.push(`snapshot size ${snap.size}/${snap.expectedSize}`);
    if (!stored || storedSha !== snap.sha256 || stored.size !== snap.size) problems.push('the kiosk store does not hold the snapshot the console verified');
    if (summary.videoFramesDuringSwitchAndSnapshot < 10) problems.push('the video froze around the switch and snapshot');
    await page.fill('#notes', 'Otite moyenne droite probable.');
    await sleep(2500); // two quality samples
    summary.quality = await page.evaluate(() => window.cabineConsole.exam.quality);
    if (!summary.quality || !summary.quality.level) problems.push('no call-quality indicator');
    await h.pageShot(page, 'console-2-call');

    // End: the report, then the Bundle.
    await page.click('#hangup');
    await page.locator('#report-view:not([hidden])').waitFor({ timeout: 10000 });
    await h.waitKioskState(kiosk, 'ended');
    await page.waitForFunction(() => !/waiting for/.test(document.querySelector('#report-body .report-identity')?.textContent ?? 'waiting for'),
                               null, { timeout: 25000 }).catch(() => {});
    await page.locator('#report-body .report-events').waitFor({ timeout: 5000 }).catch(() => {});
    const reportText = (await page.textContent('#report-body')).replace(/\s+/g, ' ');
    summary.report = await page.evaluate(() => window.cabineConsole.exam.report);
    summary.reportIdentity = (await page.textContent('#report-body .report-identity')).trim();
    await h.pageShot(page, 'console-3-report');
    for (const [what, re] of [['the reason', /Fièvre/], ['the answers', /Fever/], ['the notes', /Otite moyenne/],
                              ['a blood pressure', /\d+\/\d+ mmHg/], ['the snapshot', /SHA-256 verified/],
                              ['call quality', /samples: round trip/], ['the patient', /Marie Martin/],
                              ["the cabin's call events", /source-switched \(otoscope\)/]])
      if (!re.test(reportText)) problems.push(`the report lacks ${what}`);
    const bundle = await h.fetchBundle(sessionId);
    Object.assign(summary, bundle);
    if (!bundle.bundlePath) problems.push(`no FHIR Bundle: ${bundle.bundleError}`);
    else if (bundle.bundleValidation && !bundle.bundleValidation.ok)
      problems.push(`the FHIR Bundle does not validate: ${bundle.bundleValidation.problems.slice(0, 3).join('; ')}`);
    // The hub restarts and forgets its sign-ins: the console says the session expired.
    await h.stop(hub);
    const hub2 = h.startHub();
    await h.waitHubUp();
    await page.waitForFunction(() => window.cabineConsole.state === 'signed-out', null, { timeout: 15000 })
      .catch(() => {});
    summary.expiredSession = (await page.textContent('#notice')).trim();
    if (!/session has expired/i.test(summary.expiredSession) || await page.evaluate(() => window.cabineConsole.state) !== 'signed-out')
      problems.push(`after the hub forgot the sign-in, the console shows "${summary.expiredSession}"`);
    await h.stop(hub2);
    const events = JSON.parse(h.sqlite(`SELECT event, detail FROM call_event WHERE session_id = (SELECT id FROM session WHERE hub_session_id = '${sessionId}')`) || '[]');
    summary.kioskCallEvents = events;
    if (!events.some((e) => e.event === 'source-switched')) problems.push('the kiosk did not record the source switch');
  } finally {
    await browser.close().catch(() => {});
    await h.stop(kiosk);
    await h.stop(hub);
  }
  summary.problems = problems;
  log(`console scenario: ${problems.length} problems`);
  return summary;
}
