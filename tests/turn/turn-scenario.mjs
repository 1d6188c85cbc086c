// turn-scenario.mjs: the call through TURN, and its recovery from a network drop (tests/turn/run.sh).
//
// Copyright 2026 The Cabine developers
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Runs inside run.sh's server namespace, through consultation.mjs (which starts the kiosk and
// Chromium in their own namespaces). Checks that the call's selected candidate pair uses the
// TURN relay; for "turn-drop", cuts the kiosk's link mid-call and checks the recovery: the call
// reconnects, readings taken during the drop reach the physician, snapshots taken before and
// after are intact, and the kiosk's session record says what happened. For "turn-lost", the link
// stays down: both sides must say the call is lost, and the record must say why. For
// "turn-long-drop" (run.sh runs it as turn-drop with CABINE_TURN_SCENARIO=turn-long-drop), the
// link is down for LONG_DROP_SECONDS, longer than any ICE path survives: the kiosk must
// re-establish the call with a new offer (data/protocol.md, "Recovery"), both sides say
// "reconnecting…" meanwhile, video flows both ways again, the readings and snapshot taken before
// are intact, a measurement requested during the drop is carried out once, and the record holds
// the recovery.

import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import { log, sleep, waitFor, waitForLog } from '../e2e/harness.mjs';

const DROP_SECONDS = 5;
// The link stays down until both sides have given the call up (at most this long).
// The kiosk gives up 10–15 s (media stalled) + [media] call-recovery-seconds (45) + at most one
// attempt interval (10) after the cut; the console 60 s after the path went.
const LOST_SECONDS = 80;
const LONG_DROP_SECONDS = 30;

async function snapshot(page, n) {
  await page.click('#snapshot');
  await page.waitForFunction((k) => window.cabineConsole.exam.snapshots.length >= k, n, { timeout: 30000 });
  return page.evaluate((k) => window.cabineConsole.exam.snapshots[k - 1], n);
}

async function quality(page, what, predicate, timeoutMs = 30000) {
  return waitFor(what, async () => {
    const q = await page.evaluate(() => window.cabineConsole.exam.quality);
    return q && predicate(q) ? q : null;
  }, { timeoutMs, intervalMs: 500 });
}

export async function runTurnScenario(h, scenario) {
  if (scenario === 'turn-drop' && process.env.CABINE_TURN_SCENARIO === 'turn-long-drop')
    scenario = 'turn-long-drop';
  const problems = [];
  const summary = { scenario };
  const hub = h.startHub();
  await h.waitHubUp();
  const kiosk = h.startKiosk();
  await h.patientStarts(kiosk);
  const { browser, page } = await h.launchPhysician();
  try {
    await h.signIn(page);
    const sessionId = await h.acceptFirst(page);
    summary.sessionId = sessionId;
    await page.waitForFunction(() => window.cabineConsole.firstFrameAt > 0, null, { timeout: 45000 });
    summary.acceptToFirstFrameMs = Math.round(await page.evaluate(() => window.cabineConsole.firstFrameAt - window.cabineConsole.acceptedAt));
    await h.waitKioskState(kiosk, 'call');
    await page.locator('#vitals .reading').first().waitFor({ timeout: 30000 });

    // The selected pair: the peers cannot see each other, so one end at least is a relay.
    const q = await quality(page, 'a selected candidate pair', (x) => x.candidate && x.remoteCandidate);
    summary.selectedPair = { local: q.candidate, remote: q.remoteCandidate, rttMs: q.rttMs };
    if (q.candidate !== 'relay' && q.remoteCandidate !== 'relay')
      problems.push(`the selected pair is ${q.candidate} → ${q.remoteCandidate}, not through the relay`);
    log(`selected pair ${q.candidate} → ${q.remoteCandidate}`);

    if (scenario === 'turn-drop') {
      const before = await snapshot(page, 1);
      const iface = process.env.CABINE_E2E_KIOSK_IFACE;
      const netns = process.env.CABINE_E2E_KIOSK_NETNS;
      const framesAtDrop = (await page.evaluate(() => window.cabineConsole.stats())).videoFramesDecoded;
      const dropStart = new Date();
      log(`cutting the kiosk's link for ${DROP_SECONDS} s`);
      execFileSync('ip', ['netns', 'exec', netns, 'ip', 'link', 'set', iface, 'down']);
      await sleep(DROP_SECONDS * 1000);
      execFileSync('ip', ['netns', 'exec', netns, 'ip', 'link', 'set', iface, 'up']);
      const dropEnd = new Date();
      // Media flows again, over the relay.
      await waitFor('video to flow again after the drop', async () => {
        const frames = (await page.evaluate(() => window.cabineConsole.stats())).videoFramesDecoded;
        return frames > framesAtDrop + 60;
      }, { timeoutMs: 40000, intervalMs: 500 });
      summary.recoveredAfterMs = Date.now() - dropEnd.getTime();
      const state = await page.evaluate(() => window.cabineConsole.exam.quality?.state);
      summary.stateAfterRecovery = state;
      const after = await snapshot(page, 2);
      summary.snapshots = [before, after].map((s) => ({ size: s.size, sha256: s.sha256, verified: s.verified }));
      if (!before.verified || !after.verified) problems.push('a snapshot around the drop is damaged');
      await sleep(8000); // readings taken during the drop are resent until acknowledged
      const seen = new Set(await page.evaluate(() => window.cabineConsole.observations.map((o) => o.id)));
      const session = JSON.parse(h.sqlite(`SELECT id FROM session WHERE hub_session_id = '${sessionId}'`) || '[]')[0];
      const during = JSON.parse(h.sqlite(`SELECT id, received_at FROM observation WHERE session_id = '${session?.id}' AND received_at >= '${dropStart.toISOString()}' AND received_at <= '${dropEnd.toISOString()}'`) || '[]');
      summary.readingsDuringDrop = during.length;
      summary.readingsDuringDropAtPhysician = during.filter((o) => seen.has(o.id)).length;
      if (during.length === 0) problems.push('no reading was taken during the drop (the test proves nothing)');
      if (summary.readingsDuringDropAtPhysician !== during.length) problems.push('readings taken during the drop did not reach the physician');
      const stored = JSON.parse(h.sqlite(`SELECT hex(data) AS hex FROM snapshot WHERE session_id = '${session?.id}' ORDER BY rowid`) || '[]');
      const storedSha = stored.map((s) => crypto.createHash('sha256').update(Buffer.from(s.hex, 'hex')).digest('hex'));
      if (storedSha.length !== 2 || storedSha[0] !== before.sha256 || storedSha[1] !== after.sha256)
        problems.push('the kiosk store does not hold both snapshots as the console verified them');
      const events = JSON.parse(h.sqlite(`SELECT event FROM call_event WHERE session_id = '${session?.id}' ORDER BY id`) || '[]').map((e) => e.event);
      summary.kioskCallEvents = events.filter((e) => e !== 'quality');
      const q2 = await quality(page, 'the pair after the drop', (x) => x.candidate && x.remoteCandidate && x.framesDecoded > 0);
      summary.pairAfterRecovery = { local: q2.candidate, remote: q2.remoteCandidate };
    }
    if (scenario === 'turn-long-drop')
      await longDrop(h, page, kiosk, sessionId, summary, problems);
    if (scenario === 'turn-lost') {
      const iface = process.env.CABINE_E2E_KIOSK_IFACE;
      const netns = process.env.CABINE_E2E_KIOSK_NETNS;
      await sleep(12000); // a few quality samples with media, as in any real call
      log(`cutting the kiosk's link for ${LOST_SECONDS} s`);
      execFileSync('ip', ['netns', 'exec', netns, 'ip', 'link', 'set', iface, 'down']);
      const t0 = Date.now();
      await page.waitForFunction(() => window.cabineConsole.state !== 'call', null, { timeout: (LOST_SECONDS + 30) * 1000 })
        .catch(() => problems.push('the console still shows the call'));
      summary.physicianNoticeAfterMs = Date.now() - t0;
      summary.physicianNotice = (await page.textContent('#notice')).trim();
      await h.pageShot(page, `${scenario}-physician-notice`);
      // The kiosk ends the call on its own, still cut off (it may be back on welcome by now).
      await waitForLog(kiosk, /session state call -> ended/, { timeoutMs: Math.max(1000, LOST_SECONDS * 1000 - (Date.now() - t0)) })
        .catch(() => problems.push('the kiosk did not end the call'));
      summary.kioskEndedAfterMs = Date.now() - t0;
      execFileSync('ip', ['netns', 'exec', netns, 'ip', 'link', 'set', iface, 'up']);
      try {
        h.shoot(`${scenario}-kiosk-ended`);
      } catch (e) {
        log(`no kiosk screenshot: ${e.message.split('\n')[0]}`); // the X socket file may be gone
      }
      const session = JSON.parse(h.sqlite(`SELECT id, end_reason FROM session WHERE hub_session_id = '${sessionId}'`) || '[]')[0];
      summary.kioskEndReason = session?.end_reason;
      summary.kioskCallEvents = JSON.parse(h.sqlite(`SELECT event FROM call_event WHERE session_id = '${session?.id}' ORDER BY id`) || '[]')
        .map((e) => e.event).filter((e) => e !== 'quality');
      if (!/lost|failed/i.test(summary.physicianNotice)) problems.push(`the physician is told "${summary.physicianNotice}"`);
      if (!['call-failed', 'peer-disconnected'].includes(summary.kioskEndReason))
        problems.push(`the kiosk's record ends with "${summary.kioskEndReason}"`);
      summary.problems = problems;
      return summary;
    }
    await h.pageShot(page, `${scenario}-physician`);
    await page.click('#hangup');
    await h.waitKioskState(kiosk, 'ended');
    summary.readingsAtPhysician = await page.evaluate(() => window.cabineConsole.observations.length);
    if (scenario === 'turn-long-drop') {
      // The kiosk's record of the call: the recovered call's statistics, the recovery's events.
      const session = JSON.parse(h.sqlite(`SELECT id, end_reason, video_frames_received FROM session WHERE hub_session_id = '${sessionId}'`) || '[]')[0];
      summary.kioskEndReason = session?.end_reason;
      summary.kioskVideoFramesAfterRecovery = session?.video_frames_received;
      if (!(session?.video_frames_received > 30))
        problems.push(`the kiosk received ${session?.video_frames_received} video frames on the recovered call`);
      const events = JSON.parse(h.sqlite(`SELECT event, detail FROM call_event WHERE session_id = '${session?.id}' AND event LIKE 'recovery-%' ORDER BY id`) || '[]');
      summary.recoveryEvents = events.map((e) => ({ event: e.event, detail: e.detail ? JSON.parse(e.detail) : null }));
      const ended = summary.recoveryEvents.filter((e) => e.event === 'recovery-ended');
      if (!summary.recoveryEvents.some((e) => e.event === 'recovery-started'))
        problems.push('the record has no recovery-started event');
      if (ended.length !== 1 || ended[0].detail?.outcome !== 'recovered' || !(ended[0].detail?.durationMs > 0))
        problems.push(`the record's recovery-ended events are ${JSON.stringify(ended)}`);
      if (session?.end_reason !== 'physician-ended')
        problems.push(`the kiosk's record ends with "${session?.end_reason}"`);
    }
  } finally {
    await browser.close().catch(() => {});
    await h.stop(kiosk);
    await h.stop(hub);
  }
  summary.problems = problems;
  return summary;
}

// The long drop (see the header). Mid-call, with a reading and a snapshot already at the physician.
async function longDrop(h, page, kiosk, sessionId, summary, problems) {
  const iface = process.env.CABINE_E2E_KIOSK_IFACE;
  const netns = process.env.CABINE_E2E_KIOSK_NETNS;
  await sleep(12000); // a few quality samples with media, as in any real call
  const before = await snapshot(page, 1);
  const idsBefore = await page.evaluate(() => window.cabineConsole.observations.map((o) => o.id));
  const vitalsBefore = await page.locator('#vitals .reading').count();
  const logMark = (await import('../e2e/harness.mjs')).readLog(kiosk).length;
  log(`cutting the kiosk's link for ${LONG_DROP_SECONDS} s`);
  execFileSync('ip', ['netns', 'exec', netns, 'ip', 'link', 'set', iface, 'down']);
  const cut = Date.now();
  // The physician asks for a measurement meanwhile: sent again on the new channel, applied once.
  await sleep(3000);
  const requested = await page.evaluate(() => {
    const b = document.querySelector('#measure-buttons [data-instrument="thermometer"] button');
    if (b) b.click();
    return !!b;
  });
  await sleep(Math.max(0, (LONG_DROP_SECONDS - 6) * 1000 - (Date.now() - cut)));
  summary.physicianStatusDuringDrop = (await page.textContent('#call-status')).trim();
  if (!/reconnecting/i.test(summary.physicianStatusDuringDrop))
    problems.push(`during the drop the console says "${summary.physicianStatusDuringDrop}"`);
  await h.pageShot(page, 'turn-long-drop-physician-reconnecting');
  await sleep(Math.max(0, LONG_DROP_SECONDS * 1000 - (Date.now() - cut)));
  execFileSync('ip', ['netns', 'exec', netns, 'ip', 'link', 'set', iface, 'up']);
  summary.linkDownMs = Date.now() - cut;
  const back = Date.now();
  const readLog = (await import('../e2e/harness.mjs')).readLog;
  summary.kioskRecoveryLog = (readLog(kiosk).slice(logMark).match(/call recovery[^\n]*|re-establishing[^\n]*/g) || []).slice(0, 6);
  if (!summary.kioskRecoveryLog.some((l) => /re-establishing/.test(l)))
    problems.push('the kiosk did not start re-establishing the call during the drop');
  // The call carries video again, on a peer connection of a recovery attempt.
  await waitFor('video from the re-established call', async () => {
    const attempt = await page.evaluate(() => window.cabineConsole.attempt);
    const frames = (await page.evaluate(() => window.cabineConsole.stats())).videoFramesDecoded;
    return attempt > 0 && frames > 60;
  }, { timeoutMs: 60000, intervalMs: 500 }).catch((e) => problems.push(e.message));
  summary.videoBackAfterMs = Date.now() - back;
  summary.attempt = await page.evaluate(() => window.cabineConsole.attempt);
  summary.consoleRecoveries = await page.evaluate(() => window.cabineConsole.recoveries);
  await waitForLog(kiosk, /call recovery ended \(recovered\)/, { after: logMark, timeoutMs: 20000 })
    .catch(() => problems.push('the kiosk did not log the end of its recovery'));
  const q = await quality(page, 'the relay pair after the recovery', (x) => x.candidate && x.remoteCandidate && x.framesDecoded > 0)
    .catch((e) => { problems.push(e.message); return {}; });
  summary.pairAfterRecovery = { local: q.candidate, remote: q.remoteCandidate };
  // The console kept its state: readings, the gallery; a new snapshot comes whole.
  const idsAfter = new Set(await page.evaluate(() => window.cabineConsole.observations.map((o) => o.id)));
  if (!idsBefore.every((id) => idsAfter.has(id)))
    problems.push('readings shown before the drop are gone from the console');
  if ((await page.locator('#vitals .reading').count()) < vitalsBefore)
    problems.push('the vitals panel lost readings');
  const after = await snapshot(page, 2);
  summary.snapshots = [before, after].map((s) => ({ size: s.size, sha256: s.sha256, verified: s.verified }));
  if (!before.verified || !after.verified) problems.push('a snapshot around the drop is damaged');
  const gallery = await page.evaluate(() => window.cabineConsole.exam.snapshots.length);
  if (gallery !== 2) problems.push(`the gallery holds ${gallery} snapshots, not 2`);
  // The store: every reading taken before the drop, both snapshots as the console verified them.
  const session = JSON.parse(h.sqlite(`SELECT id FROM session WHERE hub_session_id = '${sessionId}'`) || '[]')[0];
  const stored = JSON.parse(h.sqlite(`SELECT id FROM observation WHERE session_id = '${session?.id}'`) || '[]').map((o) => o.id);
  summary.readingsBefore = idsBefore.length;
  summary.readingsStored = stored.length;
  if (!idsBefore.every((id) => stored.includes(id))) problems.push('readings taken before the drop are missing from the kiosk store');
  await sleep(8000); // readings taken during the drop are resent on the new channel until acknowledged
  // The store first, then the console: the instruments keep reporting, so a reading committed
  // after the store was read is not asked for, and one committed just before gets a few seconds
  // to be delivered (it is resent until acknowledged) before it counts as lost.
  const stored2 = JSON.parse(h.sqlite(`SELECT id FROM observation WHERE session_id = '${session?.id}'`) || '[]').map((o) => o.id);
  let seen = new Set();
  for (let waited = 0; waited <= 10000; waited += 500) {
    seen = new Set(await page.evaluate(() => window.cabineConsole.observations.map((o) => o.id)));
    if (stored2.every((id) => seen.has(id))) break;
    await sleep(500);
  }
  summary.readingsStoredAtEnd = stored2.length;
  summary.readingsAtPhysicianAtEnd = stored2.filter((id) => seen.has(id)).length;
  if (summary.readingsAtPhysicianAtEnd !== stored2.length) problems.push('some readings of the kiosk never reached the physician');
  const shas = JSON.parse(h.sqlite(`SELECT hex(data) AS hex FROM snapshot WHERE session_id = '${session?.id}' ORDER BY rowid`) || '[]')
    .map((s) => crypto.createHash('sha256').update(Buffer.from(s.hex, 'hex')).digest('hex'));
  if (shas.length !== 2 || shas[0] !== before.sha256 || shas[1] !== after.sha256)
    problems.push('the kiosk store does not hold both snapshots as the console verified them');
  summary.measurementRequestedDuringDrop = requested;
  if (!requested)
    problems.push('no thermometer button on the console');
  const applied = readLog(kiosk).slice(logMark).match(/the physician asks for a measurement: thermometer/g) || [];
  summary.measurementRequestApplied = applied.length;
  if (requested && applied.length !== 1)
    problems.push(`the measurement requested during the drop was applied ${applied.length} times`);
}
