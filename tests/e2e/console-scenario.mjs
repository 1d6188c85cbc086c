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

import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
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
    // The otoscope is the simulated USB camera (CABINE_SIM_CAMERAS, [cameras] otoscope=1d6b:0c01) found by
    // the kiosk's camera monitor; its still is its native 1920×1080 frame, not the 1280×720 call frame.
    if (snap.width !== 1920 || snap.height !== 1080) problems.push(`the snapshot is ${snap.width}×${snap.height}, not the otoscope's native 1920×1080`);
    if (!/camera "Cabine simulated otoscope" is the otoscope/.test(readLog(kiosk))) problems.push('the kiosk did not find the otoscope with its camera monitor');
    if (!(snap.size > 1000) || snap.size !== snap.expectedSize) problems.push(`snapshot size ${snap.size}/${snap.expectedSize}`);
    if (!stored || storedSha !== snap.sha256 || stored.size !== snap.size) problems.push('the kiosk store does not hold the snapshot the console verified');
    if (summary.videoFramesDuringSwitchAndSnapshot < 10) problems.push('the video froze around the switch and snapshot');
    // The stethoscope: a second audio track (msid cabine-stethoscope), off at first; switched on,
    // its packets flow and the indicator shows its jitter and loss; off, they stop; on again.
    summary.stethoscope = await checkStethoscope(page, problems);

    await page.fill('#notes', 'Otite moyenne droite probable.');
    await sleep(2500); // two quality samples; the notes are saved a second after typing
    summary.notesStatus = (await page.textContent('#notes-status')).trim();
    if (!/^Saved at/.test(summary.notesStatus)) problems.push(`the notes were not saved: "${summary.notesStatus}"`);
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
                              ["the cabin's call events", /source-switched \(otoscope\)/],
                              ["the stethoscope's quality", /stethoscope jitter [\d.]+ ms/]])
      if (!re.test(reportText)) problems.push(`the report lacks ${what}`);
    const bundle = await h.fetchBundle(sessionId);
    Object.assign(summary, bundle);
    if (!bundle.bundlePath) problems.push(`no FHIR Bundle: ${bundle.bundleError}`);
    else if (bundle.bundleValidation && !bundle.bundleValidation.ok)
      problems.push(`the FHIR Bundle does not validate: ${bundle.bundleValidation.problems.slice(0, 3).join('; ')}`);
    if (bundle.bundlePath) {
      const impressions = (JSON.parse(fs.readFileSync(bundle.bundlePath, 'utf8')).entry ?? [])
        .filter((e) => e.resource.resourceType === 'ClinicalImpression');
      summary.notesInBundle = impressions[0]?.resource.summary ?? null;
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

// Switches the cabin's stethoscope with the console's button and watches its track's packets.
async function checkStethoscope(page, problems) {
  const result = {};
  const packets = () => page.evaluate(() => window.cabineConsole.exam.stethoscope?.packetsReceived ?? null);
  // Packets per second between two of the console's statistics samples (every 2 s) ~4 s apart.
  const rate = async () => {
    const sample = () => page.evaluate(() => {
      const s = window.cabineConsole.exam.stethoscope;
      return { packets: s.packetsReceived, at: s.sampledAt };
    });
    const first = await sample();
    await sleep(4200);
    const second = await sample();
    return second.at > first.at ? Math.round(1000 * (second.packets - first.packets) / (second.at - first.at)) : null;
  };
  const toggle = async (want) => {
    await page.click('#stethoscope-toggle');
    await page.waitForFunction((on) => document.querySelector('#stethoscope-status')?.textContent === (on ? 'on' : 'off'),
                               want, { timeout: 10000 });
  };
  try {
    await page.locator('#stethoscope:not([hidden])').waitFor({ timeout: 10000 });
  } catch (e) {
    problems.push('the console shows no stethoscope');
    return result;
  }
  Object.assign(result, await page.evaluate(() => {
    const room = document.getElementById('remote-video').srcObject;
    const steth = window.cabineConsole.exam.stethoscope;
    return { roomAudioTracks: room ? room.getAudioTracks().length : 0, trackId: steth.trackId, mid: steth.mid,
             separate: !!room && !room.getTracks().some((t) => t.id === steth.trackId), onAtStart: steth.on };
  }));
  if (result.roomAudioTracks !== 1 || !result.separate) problems.push('the stethoscope is not a track of its own beside the room audio');
  if (result.onAtStart) problems.push('the stethoscope was on before the physician asked');
  await sleep(2500);
  result.packetsWhileOffAtStart = await packets();

  await toggle(true);
  await sleep(2500);   // a quality sample after the switch
  result.packetsPerSecondOn = await rate();   // 50 at 20 ms per packet
  result.indicator = (await page.textContent('#stethoscope-quality')).trim();
  result.level = await page.getAttribute('#stethoscope-quality', 'data-level');
  result.jitterMs = await page.evaluate(() => window.cabineConsole.exam.stethoscope.jitterMs);
  result.lossPct = await page.evaluate(() => window.cabineConsole.exam.stethoscope.lossPct);
  result.playingWhenOn = await page.evaluate(() => !!document.getElementById('stethoscope-audio').srcObject);
  if (!(result.packetsPerSecondOn >= 30)) problems.push(`stethoscope on: ${result.packetsPerSecondOn} packets/s`);
  if (!/jitter [\d.]+ ms, loss [\d.]+ %/.test(result.indicator) || !['good', 'fair', 'poor'].includes(result.level))
    problems.push(`stethoscope indicator "${result.indicator}" (${result.level})`);
  if (!result.playingWhenOn) problems.push('the console does not play the stethoscope when on');

  await toggle(false);
  await sleep(2500);
  const offStart = await packets();
  await sleep(3000);
  const offEnd = await packets();
  result.packetsWhileOff = offEnd - offStart;
  result.playingWhenOff = await page.evaluate(() => !!document.getElementById('stethoscope-audio').srcObject);
  if (result.packetsWhileOff > 2) problems.push(`stethoscope off: ${result.packetsWhileOff} packets in 3 s`);
  if (result.playingWhenOff) problems.push('the console still plays the stethoscope when off');

  await toggle(true);
  await sleep(2500);
  result.packetsPerSecondOnAgain = await rate();
  if (!(result.packetsPerSecondOnAgain >= 30)) problems.push(`stethoscope on again: ${result.packetsPerSecondOnAgain} packets/s`);
  return result;
}
