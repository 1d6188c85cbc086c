// console-fr-scenario.mjs: the physician's console in French, end to end.
//
// Copyright 2026 The Cabine developers
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Scenario "console-fr" of consultation.mjs: a physician whose browser speaks French (locale
// fr-FR) finds the console in French (html lang, sign-in, a refused password); signs in and sees
// the queue in French (its headings, the questionnaire's answers, the Accept button); accepts
// and sees the call in French (the patient's identity, the measurement buttons, a temperature
// with a decimal comma); switches the console to English with the header's switch and back (the
// choice is kept); hangs up and reads the report in French. Screenshots physician-fr-*.png.

import { log, sleep } from './harness.mjs';

// What the physician reads (innerText: table cells and list items apart, headings in capitals as
// the style sheet shows them, hence the /i of some checks), on one line.
const text = async (page, selector) => ((await page.innerText(selector)) ?? '').replace(/\s+/g, ' ').trim();

export async function runConsoleFrScenario(h) {
  const problems = [];
  const summary = { scenario: 'console-fr', seen: {} };
  const expect = (what, value, re) => {
    summary.seen[what] = value;
    if (!re.test(value))
      problems.push(`${what}: "${value}" is not ${re}`);
  };
  const hub = h.startHub();
  await h.waitHubUp();
  const kiosk = h.startKiosk();
  await h.patientStarts(kiosk);

  const { browser, page } = await h.launchPhysician({ locale: 'fr-FR' });
  try {
    await page.goto(h.consoleUrl);
    expect('html lang', await page.getAttribute('html', 'lang'), /^fr$/);
    expect('title', await page.title(), /^Cabine — Console médecin$/);
    expect('sign-in heading', await text(page, '#signin-title'), /^Se connecter$/);
    await page.fill('#username', 'demo');
    await page.fill('#password', 'pas-le-bon');
    await page.click('#sign-in');
    await page.locator('#signin-error:not([hidden])').waitFor({ timeout: 10000 });
    expect('wrong password', await text(page, '#signin-error'), /^Identifiant ou mot de passe incorrect\.$/);
    await h.pageShot(page, 'physician-fr-1-signin');

    await h.signIn(page);
    const row = page.locator('#queue [data-session-id]').first();
    await row.waitFor({ timeout: 20000 });
    await sleep(1200);
    expect('connection', await text(page, '#connection'), /^En ligne$/);
    expect('queue heading', await text(page, '#queue-title'), /^File d'attente 1$/);
    expect('queue columns', await text(page, '.queue-table thead'), /^Cabine Motif de consultation Attente Action$/i);
    expect('queue row', await text(page, '#queue [data-session-id]'), /^cabin-01 Fièvre Symptôme principal mal de gorge Depuis ne sait pas .*\d+:\d\d Accepter$/);
    await h.pageShot(page, 'physician-fr-2-queue');

    await h.acceptFirst(page);
    await page.waitForFunction(() => window.cabineConsole.firstFrameAt > 0, null, { timeout: 30000 });
    await h.waitKioskState(kiosk, 'call');
    await page.waitForFunction(() => /Martin/.test(document.querySelector('#call-patient')?.textContent ?? ''),
                               null, { timeout: 10000 }).catch(() => {});
    expect('patient', await text(page, '#call-patient'), /^Marie Martin, née le 25\/12\/1950 \(\d+ ans\), femme$/);
    expect('measurements', await text(page, '#measure-buttons'), /Température.*Tension artérielle.*SpO₂.*Poids/);
    expect('hang-up button', await text(page, '#hangup'), /^Raccrocher$/);
    // The emulated thermometer reports by itself every few seconds: shown with a decimal comma.
    const temperature = page.locator('#vitals .reading[data-loinc="8310-5"]').first();
    await temperature.waitFor({ timeout: 30000 }).catch(() => problems.push('no temperature reached the console'));
    expect('temperature', await text(page, '#vitals .reading[data-loinc="8310-5"]').catch(() => ''), /^\d+,\d °C$/);
    expect('temperature name', await text(page, '#vitals li:has(.reading[data-loinc="8310-5"]) .vital-name').catch(() => ''),
           /^Température$/);
    await page.waitForFunction(() => window.cabineConsole.exam.quality, null, { timeout: 10000 }).catch(() => {});
    expect('quality', await text(page, '#quality'), /^(Bonne connexion|Connexion moyenne|Mauvaise connexion)$/);
    await h.pageShot(page, 'physician-fr-3-call');
    await page.locator('#call-view h3:has(+ #vitals)').evaluate((h3) => h3.scrollIntoView({ block: 'start' }));
    expect('vitals heading', await text(page, '#call-view h3:has(+ #vitals)'), /^Constantes$/i);
    await h.pageShot(page, 'physician-fr-4-vitals');
    // Notes the hub refuses (over 64 KiB): the console's own sentence, in French; the hub's
    // English message only as the tooltip.
    await page.fill('#notes', 'x'.repeat(70 * 1024));
    await page.waitForFunction(() => /^Non enregistr/.test(document.querySelector('#notes-status')?.textContent ?? ''),
                               null, { timeout: 10000 }).catch(() => {});
    expect('notes too long', await text(page, '#notes-status'), /^Non enregistrées : les notes sont limitées à 64 Kio\.$/);
    await page.fill('#notes', 'Otite séreuse');
    await page.waitForFunction(() => /^Enregistré à/.test(document.querySelector('#notes-status')?.textContent ?? ''),
                               null, { timeout: 10000 }).catch(() => {});
    expect('notes saved', await text(page, '#notes-status'), /^Enregistré à \d+:\d\d/);

    // The header's switch: English now, and the choice is kept; then French again.
    await page.click('#language-switch [data-language="en"]');
    expect('switched: hang-up button', await text(page, '#hangup'), /^End consultation$/);
    expect('switched: patient', await text(page, '#call-patient'), /^Marie Martin, born 1950-12-25 \(\d+ years\), female$/);
    expect('switched: temperature', await text(page, '#vitals .reading[data-loinc="8310-5"]').catch(() => ''), /^\d+\.\d °C$/);
    expect('switched: html lang', await page.getAttribute('html', 'lang'), /^en$/);
    expect('kept choice', String(await page.evaluate(() => localStorage.getItem('cabine-console-language'))), /^en$/);
    await page.click('#language-switch [data-language="fr"]');
    expect('switched back: hang-up button', await text(page, '#hangup'), /^Raccrocher$/);

    await page.click('#hangup');
    await page.locator('#report-view:not([hidden])').waitFor({ timeout: 10000 });
    await h.waitKioskState(kiosk, 'ended');
    await page.waitForFunction(() => /Martin/.test(document.querySelector('#report-body .report-identity')?.textContent ?? ''),
                               null, { timeout: 25000 }).catch(() => {});
    // The cabin's call events come with its record, once uploaded.
    await page.locator('#report-body .report-events').waitFor({ timeout: 20000 }).catch(() => {});
    expect('report heading', await text(page, '#report-title'), /^Compte rendu de consultation$/);
    const report = await text(page, '#report-body');
    expect('report', report, /^Patient Cabine cabin-01 Marie Martin, née le 25\/12\/1950 \(\d+ ans\), femme Motif de consultation Fièvre Questionnaire .* Mesures .*Température \d+,\d °C .*Qualité de l'appel \d+ échantillons? : aller-retour .* Fin : fin par le médecin\. Déroulement de l'appel .*La liaison réseau avec le médecin est établie\. ice-connected/i);
    await h.pageShot(page, 'physician-fr-5-report');
  } finally {
    await browser.close().catch(() => {});
    await h.stop(kiosk);
    await h.stop(hub);
  }
  summary.problems = problems;
  log(`console-fr scenario: ${problems.length} problems`);
  return summary;
}
