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
// stays down: both sides must say the call is lost, and the record must say why.

import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import { log, sleep, waitFor, waitForLog } from '../e2e/harness.mjs';

const DROP_SECONDS = 5;
// The link stays down until both sides have given the call up (at most this long).
const LOST_SECONDS = 50;

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
  } finally {
    await browser.close().catch(() => {});
    await h.stop(kiosk);
    await h.stop(hub);
  }
  summary.problems = problems;
  return summary;
}
