// hub-restart-scenario.mjs: a consultation survives the hub's crash and restart, and the
// physician's signalling socket dropping alone (data/protocol.md, "Signalling interruption").
//
// Copyright 2026 The Cabine developers
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Scenario "hub-restart" of consultation.mjs: a consultation as in "consultation" (kiosk under Xvfb
// with the emulated instruments, hub, headless Chromium as the physician). Once video flows both
// ways and a first reading arrived, the hub is killed (SIGKILL); a reading taken during the outage
// reaches the console over the data channel and is acknowledged; the hub starts again ~3 s later
// on the same port and database. Checked: neither side ended the call, the console kept decoding
// frames across the outage, both the kiosk and the console resumed the call (hub log, the
// console's hub state). Then the console's socket alone drops: the kiosk is told peer-away then
// peer-back and the call goes on. The physician ends the call; the record is uploaded, its FHIR
// Bundle validates, and its callEvents hold signalling-lost/signalling-resumed and
// peer-away/peer-back. Last, the physician ends a second consultation while the hub is down: the
// console closes it at once and tells the hub once it is back; the cabin leaves the call. And a
// third, which the restarted hub no longer knows: both sides end it, the console saying why; a
// fourth, during whose outage the sign-in expires: the console ends it, tells the cabin (the
// record says physician-ended) and asks to sign in again, until the physician types.

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { log, sleep, waitFor, readLog, kioskState, xdotool } from './harness.mjs';

const HUB_LOST = 'Connection to the hub lost — the call continues. Reconnecting…';

// Frames the console decoded, and what it sent, now.
async function stats(page) {
  return page.evaluate(() => window.cabineConsole.stats());
}

async function hubState(page) {
  return page.evaluate(() => ({ ...window.cabineConsole.hub, state: window.cabineConsole.state }));
}

// The kiosk's page changes from `after` on (its log): a call that goes on has none.
function kioskStatesSince(kiosk, after) {
  return [...readLog(kiosk).slice(after).matchAll(/session state (\w+) -> (\w+)/g)].map((m) => `${m[1]}->${m[2]}`);
}

export async function runHubRestartScenario(h) {
  const problems = [];
  const summary = { scenario: 'hub-restart' };
  let hub = h.startHub();
  await h.waitHubUp();
  const kiosk = h.startKiosk();
  await h.patientStarts(kiosk);

  const { browser, page } = await h.launchPhysician();
  try {
    await h.signIn(page);
    const sessionId = await h.acceptFirst(page);
    summary.sessionId = sessionId;
    log(`accepted ${sessionId}`);
    await page.waitForFunction(() => window.cabineConsole.firstFrameAt > 0, null, { timeout: 30000 });
    await h.waitKioskState(kiosk, 'call');
    const callMark = readLog(kiosk).length;
    // Video both ways (the console decodes and sends frames) and a first reading.
    await waitFor('video both ways at the console', async () => {
      const s = await stats(page);
      return s.videoFramesDecoded > 30 && s.videoFramesSent > 30;
    }, { timeoutMs: 20000 });
    await page.waitForFunction(() => window.cabineConsole.observations.length > 0, null, { timeout: 20000 });
    await h.pageShot(page, 'hub-restart-1-call');

    // ---- 1. The hub crashes.
    const before = { stats: await stats(page), readings: await page.evaluate(() => window.cabineConsole.observations.length) };
    const kioskMark = readLog(kiosk).length;
    const killedAt = Date.now();
    await h.stop(hub, { signal: 'SIGKILL' });
    log('hub killed');
    // The console notices at once (the socket closes), keeps the call and says so.
    await page.waitForFunction(() => window.cabineConsole.hub.connected === false, null, { timeout: 5000 })
      .catch(() => problems.push('the console did not notice the hub going away'));
    // A reading during the outage: over the data channel, the hub being down.
    let outageReading = null;
    try {
      await page.waitForFunction((n) => window.cabineConsole.observations.length > n, before.readings, { timeout: 10000 });
      outageReading = await page.evaluate((n) => window.cabineConsole.observations[n], before.readings);
    } catch (e) {
      problems.push('no reading reached the console while the hub was down');
    }
    const outageHubDown = hub.exited;
    const duringOutage = await hubState(page);
    summary.duringOutage = { console: duringOutage, kioskState: kioskState(kiosk), hubDown: outageHubDown,
                             reading: outageReading ? { id: outageReading.id, code: outageReading.code?.text,
                                                        atMs: Date.now() - killedAt } : null };
    if (!outageHubDown) problems.push('the hub was not down when the outage reading arrived');
    if (duringOutage.state !== 'call') problems.push(`the console left the call when the hub went away (${duringOutage.state})`);
    if (duringOutage.notice !== HUB_LOST) problems.push(`during the outage the console shows "${duringOutage.notice}"`);
    const noticeShown = (await page.textContent('#link-notice')).trim();
    if (noticeShown !== HUB_LOST || await page.locator('#link-notice').isHidden())
      problems.push(`the console's notice reads "${noticeShown}"`);
    await h.pageShot(page, 'hub-restart-2-outage');
    h.shoot('hub-restart-kiosk-outage');

    // ~3 s after the crash, the hub starts again on the same port and database.
    await sleep(Math.max(0, 3000 - (Date.now() - killedAt)));
    const atRestart = await stats(page);
    const hubLogMark = readLog(hub).length;
    hub = h.startHub();
    await h.waitHubUp();
    const restartedAt = Date.now();
    summary.outageMs = restartedAt - killedAt;
    summary.framesDecodedDuringOutage = atRestart.videoFramesDecoded - before.stats.videoFramesDecoded;
    if (!(summary.framesDecodedDuringOutage > 30))
      problems.push(`the console decoded ${summary.framesDecodedDuringOutage} frames while the hub was down`);

    // Both resume: the console's `resumed` (and then no notice, the cabin being back too), the hub's log.
    try {
      await page.waitForFunction(() => window.cabineConsole.hub.resumed >= 1 && window.cabineConsole.hub.notice === null,
                                 null, { timeout: 20000 });
    } catch (e) {
      problems.push(`the console did not resume the call: ${JSON.stringify(await hubState(page))}`);
    }
    await sleep(1000);
    summary.afterRestart = { console: await hubState(page), resumedInMs: Date.now() - restartedAt };
    const hubLines = readLog(hub).slice(hubLogMark).split('\n').filter((l) => /restor|resum/i.test(l));
    summary.hubLogResume = hubLines.slice(0, 6);
    if (!hubLines.some((l) => /restor/i.test(l))) problems.push('the restarted hub does not log restoring the session');
    if (hubLines.filter((l) => /resum/i.test(l)).length < 2) problems.push('the hub log does not show both peers resuming');
    await waitFor('the kiosk to resume the call', () => /the call is resumed on the hub/.test(readLog(kiosk).slice(kioskMark)),
                  { timeoutMs: 10000 }).catch(() => problems.push('the kiosk does not log resuming the call'));
    summary.kioskLogResume = readLog(kiosk).slice(kioskMark).split('\n').filter((l) => /resum|lost the hub/i.test(l)).slice(0, 6);
    const afterOutage = await stats(page);
    await sleep(2000);
    summary.framesDecodedAfterResume = (await stats(page)).videoFramesDecoded - afterOutage.videoFramesDecoded;
    if (!(summary.framesDecodedAfterResume > 20)) problems.push('the video stopped after the hub came back');
    if (outageReading) {
      // The console acknowledged it over the data channel: the kiosk's store says so.
      const acked = await waitFor('the outage reading acknowledged at the kiosk', () =>
        JSON.parse(h.sqlite(`SELECT acked_at FROM observation WHERE id = '${outageReading.id}'`) || '[]')[0]?.acked_at,
      { timeoutMs: 10000 }).catch(() => null);
      summary.duringOutage.readingAckedAt = acked;
      if (!acked) problems.push('the kiosk has no acknowledgement of the reading taken during the outage');
    }
    await h.pageShot(page, 'hub-restart-3-resumed');

    // ---- 2. The console's socket alone drops: the kiosk sees peer-away, then peer-back.
    const dropHubMark = readLog(hub).length;
    const dropKioskMark = readLog(kiosk).length;
    const dropBefore = await hubState(page);
    const dropFrames = await stats(page);
    await page.evaluate(() => window.cabineConsole.dropHubConnection());
    try {
      await page.waitForFunction((n) => window.cabineConsole.hub.resumed > n && window.cabineConsole.hub.connected &&
                                        window.cabineConsole.hub.notice === null, dropBefore.resumed, { timeout: 15000 });
    } catch (e) {
      problems.push(`after its socket dropped the console did not resume: ${JSON.stringify(await hubState(page))}`);
    }
    await sleep(1500);
    summary.socketDrop = { console: await hubState(page), kioskState: kioskState(kiosk),
                           framesDecoded: (await stats(page)).videoFramesDecoded - dropFrames.videoFramesDecoded,
                           hubLog: readLog(hub).slice(dropHubMark).split('\n').filter((l) => /away|back|resum/i.test(l)).slice(0, 6) };
    if (summary.socketDrop.console.reconnects <= dropBefore.reconnects) problems.push('the console did not reconnect after its socket dropped');
    if (summary.socketDrop.console.state !== 'call') problems.push('the console left the call when its socket dropped');
    if (!(summary.socketDrop.framesDecoded > 20)) problems.push('the video stopped when the console\'s socket dropped');
    // The kiosk heard of it: peer-away, then peer-back (its log; its record's events below).
    const kioskDropLog = readLog(kiosk).slice(dropKioskMark);
    summary.socketDrop.kioskLog = kioskDropLog.split('\n').filter((l) => /physician's connection to the hub/.test(l)).slice(0, 4);
    const away = kioskDropLog.search(/physician's connection to the hub is interrupted/);
    const back = kioskDropLog.search(/physician's connection to the hub is back/);
    if (away < 0 || back < away) problems.push('the kiosk was not told peer-away then peer-back when the console\'s socket dropped');

    // Neither side ended the call at any time.
    summary.kioskStatesDuringCall = kioskStatesSince(kiosk, callMark);
    if (summary.kioskStatesDuringCall.length) problems.push(`the kiosk left the call: ${summary.kioskStatesDuringCall.join(', ')}`);
    if (kioskState(kiosk) !== 'call') problems.push(`the kiosk is on ${kioskState(kiosk)}, not the call`);
    if (await page.evaluate(() => window.cabineConsole.state) !== 'call') problems.push('the console is no longer in the call');
    h.shoot('hub-restart-kiosk-after');

    // ---- 3. The physician ends the call: the record, its Bundle, its call events.
    summary.physician = await stats(page);
    if (await page.evaluate(() => window.cabineConsole.state) !== 'call')
      throw new Error('the call ended before the physician could end it');
    await page.click('#hangup');
    await page.locator('#report-view:not([hidden])').waitFor({ timeout: 10000 });
    await h.waitKioskState(kiosk, 'ended');
    const bundle = await h.fetchBundle(sessionId);
    Object.assign(summary, bundle);
    if (!bundle.bundlePath) problems.push(`no FHIR Bundle from the hub: ${bundle.bundleError}`);
    else if (bundle.bundleValidation && !bundle.bundleValidation.ok)
      problems.push(`the FHIR Bundle does not validate: ${bundle.bundleValidation.problems.slice(0, 3).join('; ')}`);
    else if (!bundle.bundleValidation) problems.push('the FHIR Bundle was not validated (tests/fhir has no node_modules)');
    const record = bundle.recordPath ? JSON.parse(fs.readFileSync(bundle.recordPath, 'utf8')) : null;
    if (record) {
      const events = record.callEvents ?? [];
      summary.record = { endReason: record.endReason, callStats: record.callStats,
                         events: events.filter((e) => /signalling|peer-/.test(e.event)) };
      if (record.endReason !== 'physician-ended') problems.push(`the record ends with ${record.endReason}`);
      for (const name of ['signalling-lost', 'signalling-resumed', 'peer-away', 'peer-back'])
        if (!events.some((e) => e.event === name)) problems.push(`the record's callEvents lack ${name}`);
      if (outageReading && !record.observations.some((o) => o.id === outageReading.id))
        problems.push('the reading taken during the outage is not in the record');
      if (!(record.callStats?.videoFramesReceived > 30)) problems.push('the kiosk decoded too few video frames');
    }
    await h.pageShot(page, 'hub-restart-4-report');

    // ---- 4. A second consultation, which the physician ends while the hub is down: the console
    // closes it at once, and tells the hub (resume, hangup) once it is back; the cabin leaves it.
    await page.click('#report-back');
    await h.waitKioskState(kiosk, 'welcome', 20000);
    await h.patientStarts(kiosk);
    const second = await h.acceptFirst(page);
    summary.endedDuringOutage = { sessionId: second };
    await page.waitForFunction(() => window.cabineConsole.firstFrameAt > 0, null, { timeout: 30000 });
    await h.waitKioskState(kiosk, 'call');
    const secondMark = readLog(kiosk).length;
    await h.stop(hub, { signal: 'SIGKILL' });
    await page.waitForFunction(() => window.cabineConsole.hub.connected === false, null, { timeout: 5000 });
    await page.click('#hangup');
    summary.endedDuringOutage.console = await hubState(page);
    if (summary.endedDuringOutage.console.state !== 'report')
      problems.push(`ending the call while the hub is down left the console in "${summary.endedDuringOutage.console.state}"`);
    if (summary.endedDuringOutage.console.pendingHangups !== 1)
      problems.push('the console did not keep the hangup for the hub\'s return');
    // The cabin hears it over the data channel (call-end) while the hub is still down.
    await waitFor('the kiosk to leave the call while the hub is down', () => kioskState(kiosk) !== 'call',
                  { timeoutMs: 5000 })
      .catch(() => problems.push('the cabin stayed in the call the physician ended while the hub was down'));
    summary.endedDuringOutage.kioskLeftWhileHubDown = kioskState(kiosk) !== 'call';
    await sleep(1000);
    const secondHubMark = readLog(hub).length;
    hub = h.startHub();
    await h.waitHubUp();
    const backAt = Date.now();
    // The console tells the hub (resume, hangup) as soon as it is welcomed again.
    await page.waitForFunction(() => window.cabineConsole.hub.connected && window.cabineConsole.hub.pendingHangups === 0,
                               null, { timeout: 15000 })
      .catch(() => problems.push('the console did not tell the hub of the call ended during the outage'));
    // The hub restores the call and ends it, and the cabin leaves it.
    const ended = new RegExp(`session ${second}:? ended`);
    await waitFor('the restarted hub to end the call', () => ended.test(readLog(hub).slice(secondHubMark)),
                  { timeoutMs: 15000 })
      .catch(() => problems.push('the restarted hub did not end the call the physician ended while it was down'));
    await waitFor('the kiosk to leave the call', () => kioskState(kiosk) !== 'call', { timeoutMs: 15000 })
      .catch(() => problems.push('the cabin stayed in the call the physician ended while the hub was down'));
    summary.endedDuringOutage.hubBackToEndedMs = Date.now() - backAt;
    summary.endedDuringOutage.hubLog = readLog(hub).slice(secondHubMark).split('\n')
      .filter((l) => l.includes(second)).slice(0, 6);
    summary.endedDuringOutage.kioskLog = readLog(kiosk).slice(secondMark).split('\n')
      .filter((l) => /hub|hangup|ended|ends/i.test(l)).slice(0, 8);
    const secondBundle = await h.fetchBundle(second);
    if (secondBundle.recordPath) {
      const r = JSON.parse(fs.readFileSync(secondBundle.recordPath, 'utf8'));
      summary.endedDuringOutage.endReason = r.endReason;
      // The cabin was told over the data channel: the patient's record says the physician ended it.
      if (r.endReason !== 'physician-ended')
        problems.push(`the call ended during the outage is recorded as ${r.endReason}`);
    } else {
      problems.push(`no record of the call ended during the outage: ${secondBundle.bundleError}`);
    }

    // ---- 4b. A consultation the patient ends while the hub is down: the cabin tells the console
    // over the data channel (call-end), which leaves the call at once saying so, and tells the
    // hub itself (resume, hangup) once it is back.
    await page.click('#report-back');
    await h.waitKioskState(kiosk, 'welcome', 20000);
    await h.patientStarts(kiosk);
    const patientEnds = await h.acceptFirst(page);
    summary.patientEndedDuringOutage = { sessionId: patientEnds };
    await page.waitForFunction(() => window.cabineConsole.firstFrameAt > 0, null, { timeout: 30000 });
    await h.waitKioskState(kiosk, 'call');
    await sleep(1000);
    await h.stop(hub, { signal: 'SIGKILL' });
    await page.waitForFunction(() => window.cabineConsole.hub.connected === false, null, { timeout: 5000 });
    // The call page's "Terminer la consultation", then "Oui, terminer" (1280×800 screen).
    xdotool('mousemove', '1047', '718', 'click', '1');
    await sleep(700);
    xdotool('mousemove', '1080', '628', 'click', '1');
    await waitFor('the kiosk to end the call', () => kioskState(kiosk) !== 'call', { timeoutMs: 5000 })
      .catch(() => problems.push('the patient could not end the call while the hub was down (end button)'));
    const leftAt = Date.now();
    await page.waitForFunction(() => window.cabineConsole.state !== 'call', null, { timeout: 5000 })
      .catch(() => problems.push('the console stayed in the call the patient ended while the hub was down'));
    summary.patientEndedDuringOutage.consoleLeftAfterMs = Date.now() - leftAt;
    summary.patientEndedDuringOutage.notice = (await page.textContent('#notice')).trim();
    if (summary.patientEndedDuringOutage.notice !== 'The patient ended the call.')
      problems.push(`when the patient ends the call during the outage the console says "${summary.patientEndedDuringOutage.notice}"`);
    await h.pageShot(page, 'hub-restart-4b-patient-ended');
    const thirdHubMark = readLog(hub).length;
    hub = h.startHub();
    await h.waitHubUp();
    const patientEnded = new RegExp(`session ${patientEnds}:? ended`);
    await waitFor('the restarted hub to end the call the patient ended', () => patientEnded.test(readLog(hub).slice(thirdHubMark)),
                  { timeoutMs: 15000 })
      .catch(() => problems.push('the cabin did not tell the restarted hub of the call the patient ended'));
    const patientBundle = await h.fetchBundle(patientEnds);
    if (patientBundle.recordPath) {
      const r = JSON.parse(fs.readFileSync(patientBundle.recordPath, 'utf8'));
      summary.patientEndedDuringOutage.endReason = r.endReason;
      if (r.endReason !== 'patient-ended')
        problems.push(`the call the patient ended during the outage is recorded as ${r.endReason}`);
    } else {
      problems.push(`no record of the call the patient ended during the outage: ${patientBundle.bundleError}`);
    }

    // ---- 5. A third consultation, which the hub no longer knows when it is back (as after a
    // restart later than resume-seconds: its store says the consultation ended): the console's
    // resume is refused and it ends the call, saying why; so does the cabin.
    await page.click('#report-back');
    await h.waitKioskState(kiosk, 'welcome', 20000);
    await h.patientStarts(kiosk);
    const third = await h.acceptFirst(page);
    summary.forgotten = { sessionId: third };
    await page.waitForFunction(() => window.cabineConsole.firstFrameAt > 0, null, { timeout: 30000 });
    await h.waitKioskState(kiosk, 'call');
    await h.stop(hub, { signal: 'SIGKILL' });
    execFileSync('sqlite3', [h.hubDb, `UPDATE consultation SET ended_at = '2026-01-01T00:00:00Z' WHERE hub_session_id = '${third}'`]);
    hub = h.startHub();
    await h.waitHubUp();
    await page.waitForFunction(() => window.cabineConsole.state !== 'call', null, { timeout: 15000 })
      .catch(() => problems.push('the console stayed in a call the hub no longer knows'));
    summary.forgotten.console = await hubState(page);
    summary.forgotten.notice = (await page.textContent('#notice')).trim();
    if (summary.forgotten.notice !== 'The hub no longer knows this call; it has ended.')
      problems.push(`when the hub no longer knows the call the console says "${summary.forgotten.notice}"`);
    if (summary.forgotten.console.notice !== null) problems.push('the hub-lost notice stayed after the call ended');
    await waitFor('the kiosk to leave the forgotten call', () => kioskState(kiosk) !== 'call', { timeoutMs: 15000 })
      .catch(() => problems.push('the cabin stayed in a call the hub no longer knows'));
    summary.forgotten.kioskState = kioskState(kiosk);
    await h.pageShot(page, 'hub-restart-5-forgotten');

    // ---- 6. A fourth consultation, during whose outage the physician's sign-in expires: the
    // restarted hub refuses the console's hello, which ends the call and goes back to the sign-in.
    await page.click('#report-back');
    await h.waitKioskState(kiosk, 'welcome', 20000);
    await h.patientStarts(kiosk);
    summary.expired = { sessionId: await h.acceptFirst(page) };
    await page.waitForFunction(() => window.cabineConsole.firstFrameAt > 0, null, { timeout: 30000 });
    await h.waitKioskState(kiosk, 'call');
    await h.stop(hub, { signal: 'SIGKILL' });
    execFileSync('sqlite3', [h.hubDb, 'UPDATE login SET expires_at = 0']);
    hub = h.startHub();
    await h.waitHubUp();
    await page.waitForFunction(() => window.cabineConsole.state === 'signed-out', null, { timeout: 15000 })
      .catch(() => problems.push('the console stayed signed in after the hub refused its expired sign-in'));
    summary.expired.state = await page.evaluate(() => window.cabineConsole.state);
    summary.expired.notice = (await page.textContent('#notice')).trim();
    summary.expired.linkNoticeHidden = await page.locator('#link-notice').isHidden();
    if (!/session has expired, so the call has ended/.test(summary.expired.notice))
      problems.push(`after the expired sign-in the console says "${summary.expired.notice}"`);
    if (!summary.expired.linkNoticeHidden) problems.push('the hub-lost notice stayed after signing out');
    const signedOutAt = Date.now();
    await h.pageShot(page, 'hub-restart-6-expired');
    // The console told the cabin over the data channel (call-end) before closing the connection:
    // the cabin's record says the physician ended the call, not that it failed.
    await waitFor('the kiosk to leave the call whose sign-in expired', () => kioskState(kiosk) !== 'call',
                  { timeoutMs: 15000 })
      .catch(() => problems.push('the cabin stayed in the call whose sign-in expired'));
    const expiredBundle = await h.fetchBundle(summary.expired.sessionId);
    if (expiredBundle.recordPath) {
      const r = JSON.parse(fs.readFileSync(expiredBundle.recordPath, 'utf8'));
      summary.expired.endReason = r.endReason;
      if (r.endReason !== 'physician-ended')
        problems.push(`the call whose sign-in expired is recorded as ${r.endReason}`);
    } else {
      problems.push(`no record of the call whose sign-in expired: ${expiredBundle.bundleError}`);
    }
    // The reason stays on the sign-in page until the physician acts (not the 8 s of a notice).
    await sleep(Math.max(0, 9000 - (Date.now() - signedOutAt)));
    summary.expired.noticeAfter9s = await page.locator('#notice').isVisible() &&
      /session has expired/.test(await page.textContent('#notice'));
    if (!summary.expired.noticeAfter9s) problems.push('the expired sign-in\'s reason went away before the physician acted');
    await page.fill('#username', 'demo');
    await page.locator('#notice').waitFor({ state: 'hidden', timeout: 2000 })
      .catch(() => problems.push('the expired sign-in\'s reason stayed once the physician typed'));
  } catch (e) {
    // What was seen up to there stays in the summary.
    problems.push(String(e.stack ?? e));
    await h.pageShot(page, 'hub-restart-9-failure').catch(() => {});
    summary.consoleAtFailure = await hubState(page).catch(() => null);
    summary.kioskAtFailure = kioskState(kiosk);
  } finally {
    await browser.close().catch(() => {});
    await h.stop(kiosk);
    await h.stop(hub);
  }
  summary.problems = problems;
  log(`hub-restart scenario: ${problems.length} problems`);
  return summary;
}
