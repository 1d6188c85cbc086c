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
// (and which the kiosk stored), switches the stethoscope (its own audio track) on, off and on
// again and sees its packets flow and stop and its quality indicator, sees the patient's identity
// during the call, writes a note (saved at the hub), ends the consultation, sees the report and
// downloads it as a FHIR R4 Bundle, which is validated and holds the note; the hub restarts and the
// console stays signed in; a sign-in that expired is refused and the console says so.

import { execFileSync } from 'node:child_process';
import {
  log, sleep, requestMeasurement, otoscopeSnapshot, checkStethoscope, writeNotes, notesInBundle,
} from './harness.mjs';

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
    // The patient's identity, from the cabin over the data channel, to this physician only.
    await page.waitForFunction(() => /Martin/.test(document.querySelector('#call-patient')?.textContent ?? ''),
                               null, { timeout: 10000 }).catch(() => {});
    summary.callIdentity = (await page.textContent('#call-patient')).trim();
    if (!/Marie Martin, born 1950-12-25 \(\d+ years\), female/.test(summary.callIdentity))
      problems.push(`the call view shows the patient as "${summary.callIdentity}"`);

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
    const bp = await requestMeasurement(h, page, kiosk, 'blood-pressure', problems,
                                        { guide: 'console-kiosk-2-guide', result: 'console-kiosk-3-guide-result' });
    summary.bloodPressure = { display: bp.display, observationId: bp.observationId, units: bp.units };

    // The otoscope, then a snapshot of it.
    const { videoFramesDuringSwitchAndSnapshot, ...snapshot } = await otoscopeSnapshot(h, page, kiosk, problems);
    summary.snapshot = snapshot;
    summary.videoFramesDuringSwitchAndSnapshot = videoFramesDuringSwitchAndSnapshot;
    // The stethoscope: a second audio track, off at first; on, off, on again.
    summary.stethoscope = await checkStethoscope(page, problems);

    // (Also two quality samples.)
    summary.notesStatus = await writeNotes(page, 'Otite moyenne droite probable.', problems);
    summary.quality = await page.evaluate(() => window.cabineConsole.exam.quality);
    if (!summary.quality || !summary.quality.level) problems.push('no call-quality indicator');
    await h.pageShot(page, 'console-2-call');

    // End: the report, then the Bundle.
    await page.click('#hangup');
    await page.locator('#report-view:not([hidden])').waitFor({ timeout: 10000 });
    await h.waitKioskState(kiosk, 'ended');
    await page.waitForFunction(() => !/waiting for/.test(document.querySelector('#report-body .report-identity')?.textContent ?? 'waiting for'),
                               null, { timeout: 25000 }).catch(() => {});
    // The cabin's call events come with its record, once uploaded (seconds on a busy machine).
    await page.locator('#report-body .report-events').waitFor({ timeout: 20000 }).catch(() => {});
    const reportText = (await page.textContent('#report-body')).replace(/\s+/g, ' ');
    summary.report = await page.evaluate(() => window.cabineConsole.exam.report);
    summary.reportIdentity = (await page.textContent('#report-body .report-identity')).trim();
    await h.pageShot(page, 'console-3-report');
    for (const [what, re] of [['the reason', /Fièvre/], ['the answers', /Fever/], ['the notes', /Otite moyenne/],
                              ['a blood pressure', /\d+\/\d+ mmHg/], ['the snapshot', /SHA-256 verified/],
                              ['call quality', /samples: round trip/], ['the patient', /Marie Martin/],
                              // As sentences under their heading, each code kept beside it.
                              ["the cabin's call events", /Call events.*The cabin switched to the otoscope\. source-switched \(otoscope\)/],
                              ["the stethoscope's quality", /stethoscope jitter [\d.]+ ms/]])
      if (!re.test(reportText)) problems.push(`the report lacks ${what}`);
    const bundle = await h.fetchBundle(sessionId);
    Object.assign(summary, bundle);
    if (!bundle.bundlePath) problems.push(`no FHIR Bundle: ${bundle.bundleError}`);
    else if (bundle.bundleValidation && !bundle.bundleValidation.ok)
      problems.push(`the FHIR Bundle does not validate: ${bundle.bundleValidation.problems.slice(0, 3).join('; ')}`);
    if (bundle.bundlePath) {
      summary.notesInBundle = notesInBundle(bundle.bundlePath);
      if (summary.notesInBundle !== 'Otite moyenne droite probable.') problems.push('the notes are not in the FHIR Bundle');
    }
    // The hub restarts: its sign-ins are in its store, the console stays signed in.
    await h.stop(hub);
    const hubMid = h.startHub();
    await h.waitHubUp();
    await sleep(4000);                                 // the console's reconnection
    summary.signedInAfterHubRestart = await page.evaluate(() => window.cabineConsole.state);
    if (summary.signedInAfterHubRestart === 'signed-out')
      problems.push('the hub restart signed the physician out');
    // A reload of the tab keeps the sign-in (sessionStorage) and reconnects.
    await page.reload();
    await page.waitForFunction(() => window.cabineConsole && window.cabineConsole.state === 'queue', null, { timeout: 15000 })
      .catch(() => {});
    summary.stateAfterReload = await page.evaluate(() => window.cabineConsole && window.cabineConsole.state);
    if (summary.stateAfterReload !== 'queue')
      problems.push(`a reload of the console left it in state "${summary.stateAfterReload}", not the queue`);
    // The sign-in expires while the hub is down: refused at the next connection, the console says so.
    await h.stop(hubMid);
    execFileSync('sqlite3', [h.hubDb, 'UPDATE login SET expires_at = 0']);
    const hub2 = h.startHub();
    await h.waitHubUp();
    await page.waitForFunction(() => window.cabineConsole.state === 'signed-out', null, { timeout: 15000 })
      .catch(() => {});
    summary.expiredSession = (await page.textContent('#notice')).trim();
    if (!/session has expired/i.test(summary.expiredSession) || await page.evaluate(() => window.cabineConsole.state) !== 'signed-out')
      problems.push(`after the hub forgot the sign-in, the console shows "${summary.expiredSession}"`);
    // Signed out means forgotten: a reload does not bring the expired sign-in back.
    await page.reload();
    await sleep(2000);
    summary.stateAfterReloadSignedOut = await page.evaluate(() => window.cabineConsole && window.cabineConsole.state);
    if (summary.stateAfterReloadSignedOut !== 'signed-out')
      problems.push(`after signing out, a reload shows state "${summary.stateAfterReloadSignedOut}"`);
    await h.stop(hub2);
    const events = JSON.parse(h.sqlite(`SELECT event, detail FROM call_event WHERE session_id = (SELECT id FROM session WHERE hub_session_id = '${sessionId}')`) || '[]');
    summary.kioskCallEvents = events;
    if (!events.some((e) => e.event === 'source-switched')) problems.push('the kiosk did not record the source switch');
    if (events.filter((e) => e.event === 'stethoscope').length !== 3) problems.push('the kiosk did not record the three stethoscope switches');
  } finally {
    await browser.close().catch(() => {});
    await h.stop(kiosk);
    await h.stop(hub);
  }
  summary.problems = problems;
  log(`console scenario: ${problems.length} problems`);
  return summary;
}
