// console-i18n-test.mjs: the physician console's French catalogue covers every text it shows.
//
// Copyright 2026 The Cabine developers
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Reads data/console: every key of t('…') / t("…") / t(`…`) in its scripts and of data-i18n,
// data-i18n-placeholder, data-i18n-aria-label and data-i18n-title in index.html. Fails when a key
// has no French entry, when the catalogues (console-i18n-catalogue.js) hold entries no one uses,
// when a French text (or one of its plural forms) has other {placeholders} than its English key,
// when a script calls t() with a key that is not a constant string, or when index.html shows a
// text that is not marked for translation. Then checks that these checks catch each fault, on
// sources made wrong on purpose.
//
// Usage: node console-i18n-test.mjs SOURCE_DIR

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';

const CATALOGUE = 'console-i18n-catalogue.js';
/* Texts of index.html that are the same in every language. */
const UNTRANSLATED = new Set(['Cabine', 'FR', 'EN']);

function unescapeJs(quote, body) {
  if (quote === '`' && body.includes('${'))
    return null;
  return new Function(`return ${quote}${body}${quote};`)();
}

function unescapeHtml(text) {
  return text.replace(/&(quot|#39|apos|amp|lt|gt);/g, (_, e) =>
    ({ quot: '"', '#39': "'", apos: "'", amp: '&', lt: '<', gt: '>' })[e]);
}

/* The keys of the scripts @scripts ({ name: text }): { keys: Map key → [where], problems }. */
function scriptKeys(scripts) {
  const keys = new Map();
  const problems = [];
  const add = (key, where) => keys.set(key, [...(keys.get(key) || []), where]);
  for (const [name, text] of Object.entries(scripts)) {
    const code = text.replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ' '))
                     .replace(/(^|[^:'"`\\])\/\/[^\n]*/g, '$1');
    const call = /(?<![\w$.])t\(\s*/g;
    let m;
    while ((m = call.exec(code)) !== null) {
      const rest = code.slice(call.lastIndex);
      const literal = /^(['"`])((?:\\[\s\S]|(?!\1)[^\\])*)\1\s*[,)]/.exec(rest);
      const line = code.slice(0, m.index).split('\n').length;
      const key = literal ? unescapeJs(literal[1], literal[2]) : null;
      /* console-i18n.js itself translates the keys of index.html (node.dataset.i18n). */
      if (key === null && name !== 'console-i18n.js')
        problems.push(`${name}:${line}: t() with a key that is not a constant string: ${rest.slice(0, 50)}`);
      else if (key !== null)
        add(key, `${name}:${line}`);
    }
  }
  return { keys, problems };
}

/* The keys of index.html, and its texts not marked for translation. */
function htmlKeys(html) {
  const keys = new Map();
  const problems = [];
  const body = html.replace(/<!--[\s\S]*?-->/g, '').replace(/<script[\s\S]*?<\/script>/g, '');
  for (const m of body.matchAll(/data-i18n(?:-placeholder|-aria-label|-title)?="([^"]*)"/g))
    keys.set(unescapeHtml(m[1]), ['index.html']);
  /* Each text between tags: its element (the tag just before) must carry it as data-i18n. */
  for (const m of body.matchAll(/<([a-z0-9]+)([^>]*)>([^<]*)/gi)) {
    const text = unescapeHtml(m[3]).trim();
    if (!/\p{L}/u.test(text) || UNTRANSLATED.has(text) || m[1].toLowerCase() === 'style')
      continue;
    const marked = /data-i18n="([^"]*)"/.exec(m[2]);
    if (!marked || unescapeHtml(marked[1]) !== text)
      problems.push(`index.html: "${text}" is not marked data-i18n="${text}"`);
  }
  for (const m of body.matchAll(/\s(placeholder|aria-label|title)="([^"]*)"/g)) {
    const text = unescapeHtml(m[2]);
    if (/\p{L}/u.test(text) && !keys.has(text) && !['Français', 'English'].includes(text))
      problems.push(`index.html: ${m[1]}="${text}" has no data-i18n-${m[1]}`);
  }
  return { keys, problems };
}

const placeholders = (text) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort().join(',');
const forms = (entry) => (typeof entry === 'string' ? [entry] : Object.values(entry || {}));

/* All the problems of a console: @scripts ({ name: text }), @html, @catalogues ({ en, fr }). */
export function check(scripts, html, catalogues) {
  const problems = [];
  const fromScripts = scriptKeys(scripts);
  const fromHtml = htmlKeys(html);
  problems.push(...fromScripts.problems, ...fromHtml.problems);
  const used = new Map([...fromScripts.keys, ...fromHtml.keys]);
  const fr = catalogues.fr || {};
  const en = catalogues.en || {};
  for (const [key, where] of used) {
    const english = key.replace(/\|[\w-]+$/, '');
    if (!(key in fr)) {
      problems.push(`no French for "${key}" (${where[0]})`);
      continue;
    }
    const expected = placeholders(english);
    for (const [lang, entry] of [['fr', fr[key]], ...(key in en ? [['en', en[key]]] : [])]) {
      if (typeof entry !== 'string' && (typeof entry !== 'object' || typeof entry.other !== 'string'))
        problems.push(`${lang} "${key}": neither a text nor plural forms with "other"`);
      else if (typeof entry === 'object' && !expected.split(',').includes('count'))
        problems.push(`${lang} "${key}": plural forms, but the key has no {count}`);
      for (const text of forms(entry))
        if (typeof text !== 'string' || text === '' || placeholders(text) !== expected)
          problems.push(`${lang} "${key}": "${text}" has placeholders {${placeholders(String(text))}}, not {${expected}}`);
    }
    if (key !== english && !(key in en) && !(key in fr))
      problems.push(`"${key}" has a context but no entry`);
  }
  for (const [lang, catalogue] of [['fr', fr], ['en', en]])
    for (const key of Object.keys(catalogue))
      if (!used.has(key))
        problems.push(`${lang} entry "${key}" is used nowhere`);
  return { problems, keys: used.size };
}

function loadCatalogues(text) {
  const context = { window: {} };
  vm.runInNewContext(text, context, { filename: CATALOGUE });
  return context.window.CabineI18nCatalogues;
}

const source = process.argv[2] ?? path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const dir = path.join(source, 'data', 'console');
const scripts = {};
for (const name of fs.readdirSync(dir))
  if (/^console.*\.js$/.test(name) && name !== CATALOGUE)
    scripts[name] = fs.readFileSync(path.join(dir, name), 'utf8');
const html = fs.readFileSync(path.join(dir, 'index.html'), 'utf8');
const catalogueText = fs.readFileSync(path.join(dir, CATALOGUE), 'utf8');
const catalogues = loadCatalogues(catalogueText);

const result = check(scripts, html, catalogues);
if (result.problems.length) {
  console.error(result.problems.join('\n'));
  console.error(`${result.problems.length} problems in the console's catalogue`);
  process.exit(1);
}
assert.ok(result.keys > 150, `only ${result.keys} keys found: is the extraction broken?`);

/* The checks catch what they are for: each fault made on purpose is reported. */
const faults = {
  'an English text without French': [{ ...scripts, 'console-new.js': "show(el, () => t('A brand new text'));" }, html, catalogues],
  'a double-quoted one': [{ ...scripts, 'console-new.js': 'x = t("Another text", { n });' }, html, catalogues],
  'a template one': [{ ...scripts, 'console-new.js': 'x = t(`A third text`);' }, html, catalogues],
  'a key built at run time': [{ ...scripts, 'console-new.js': "x = t('Hello ' + name);" }, html, catalogues],
  'an unmarked text in index.html': [scripts, html.replace('</main>', '<p>Unmarked</p></main>'), catalogues],
  'a marked text of index.html without French': [scripts, html.replace('</main>', '<p data-i18n="Marked">Marked</p></main>'), catalogues],
  'an unused French entry': [scripts, html, { ...catalogues, fr: { ...catalogues.fr, 'Nobody says this': 'Personne' } }],
  'a French text with another placeholder': [scripts, html, { ...catalogues, fr: { ...catalogues.fr,
    'Saved at {time}': 'Enregistré à {heure}' } }],
  'a French plural form without its placeholder': [scripts, html, { ...catalogues, fr: { ...catalogues.fr,
    'Too many failed sign-ins: try again in {count} s.': { one: 'Trop d\'essais.', other: 'Réessayez dans {count} s.' } } }],
};
for (const [what, args] of Object.entries(faults))
  assert.ok(check(...args).problems.length > 0, `the check misses ${what}`);

console.log(`console catalogue: ${result.keys} keys, each with French; ${Object.keys(faults).length} faults caught`);
