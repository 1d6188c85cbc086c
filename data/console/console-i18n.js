/* console-i18n.js: the physician console's languages (English and French)
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * t (english, params) returns a text in the console's language: the English text is the key of
 * the catalogues (console-i18n-catalogue.js, loaded before this file), `{name}` placeholders are
 * replaced by params' values (numbers formatted for the language: 36,6 in French), and a text
 * with a `count` parameter takes its plural form (Intl.PluralRules) when the catalogue gives one
 * ({ one, other, … }). The language is the one kept in localStorage by the header's FR / EN
 * switch, else the first of navigator.languages the console has (by primary subtag), else
 * English. Static texts of index.html carry their key in data-i18n (textContent),
 * data-i18n-placeholder, data-i18n-aria-label or data-i18n-title; texts the scripts put on screen
 * go through show (el, render) so that a switch of language renders them again.
 */
'use strict';

window.CabineI18n = (function () {
  const LANGUAGES = ['en', 'fr'];
  const STORAGE_KEY = 'cabine-console-language';
  const ATTRIBUTES = { 'data-i18n-placeholder': 'placeholder', 'data-i18n-aria-label': 'aria-label',
                       'data-i18n-title': 'title' };
  const catalogues = window.CabineI18nCatalogues || {};
  let language = 'en';
  const shown = new Map();     /* element → render (): its text, rendered again on a switch */
  const listeners = [];

  /* The first of @preferred (BCP 47 tags, e.g. navigator.languages) the console has, else 'en'. */
  function pickLanguage(preferred) {
    for (const tag of Array.isArray(preferred) ? preferred : []) {
      const primary = String(tag).toLowerCase().split('-')[0];
      if (LANGUAGES.includes(primary))
        return primary;
    }
    return 'en';
  }

  function number(value, options) {
    return new Intl.NumberFormat(language, { useGrouping: false, maximumFractionDigits: 20, ...options }).format(value);
  }

  /* The form of @entry (a string, or plural forms) for @count. */
  function form(entry, count) {
    if (typeof entry === 'string' || entry === undefined)
      return entry;
    const category = typeof count === 'number' ? new Intl.PluralRules(language).select(count) : 'other';
    return entry[category] ?? entry.other;
  }

  function t(english, params) {
    const own = catalogues[language] || {};
    const fallback = catalogues.en || {};
    const count = params ? params.count : undefined;
    /* A key may end with a context ("…|female") for languages that need one: not shown. */
    let text = form(own[english], count) ?? form(fallback[english], count) ?? english.replace(/\|[\w-]+$/, '');
    if (params)
      text = text.replace(/\{(\w+)\}/g, (whole, name) => {
        if (!(name in params))
          return whole;
        const value = params[name];
        return typeof value === 'number' ? number(value) : String(value ?? '');
      });
    return text;
  }

  /* @text (numbers written by the cabin, "37.2 °C") with the decimal separator of the language. */
  function numbersIn(text) {
    const separator = number(1.5).charAt(1);
    return separator === '.' ? text : text.replace(/(\d)\.(\d)/g, `$1${separator}$2`);
  }

  /* A time of day (hours, minutes, seconds) in the console's language, '' for an invalid date. */
  function time(date) {
    const d = date instanceof Date ? date : new Date(date);
    if (isNaN(d.getTime()))
      return '';
    return d.toLocaleTimeString(language, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  }

  /* Sets @el's text to render () now and after each switch of language (while @el is in the page
   * or kept by the console). */
  function show(el, render) {
    if (!el)
      return;
    el.textContent = render();
    shown.set(el, render);
    if (shown.size > 400)
      for (const node of shown.keys())
        if (!node.isConnected)
          shown.delete(node);
  }

  /* Stops re-rendering @el (its text is set otherwise from now on), and clears it. */
  function clear(el) {
    if (!el)
      return;
    shown.delete(el);
    el.textContent = '';
  }

  /* Translates the static texts under @root (data-i18n attributes). */
  function apply(root) {
    for (const node of root.querySelectorAll('[data-i18n]'))
      node.textContent = t(node.dataset.i18n);
    for (const [data, attribute] of Object.entries(ATTRIBUTES))
      for (const node of root.querySelectorAll(`[${data}]`))
        node.setAttribute(attribute, t(node.getAttribute(data)));
  }

  function updateSwitch() {
    for (const button of document.querySelectorAll('#language-switch [data-language]'))
      button.setAttribute('aria-pressed', String(button.dataset.language === language));
  }

  /* Switches to @lang ('en' or 'fr'; anything else is ignored); @remember keeps the choice. */
  function setLanguage(lang, remember) {
    if (!LANGUAGES.includes(lang))
      return false;
    if (remember) {
      try {
        localStorage.setItem(STORAGE_KEY, lang);
      } catch (e) {
        console.warn('cannot remember the language', e);
      }
    }
    language = lang;
    document.documentElement.lang = lang;
    apply(document);
    for (const [el, render] of shown) {
      if (el.isConnected)
        el.textContent = render();
      else
        shown.delete(el);
    }
    updateSwitch();
    for (const listener of listeners)
      listener(lang);
    return true;
  }

  /* @listener (lang) is called after each switch (for what the console renders in bulk). */
  function onChange(listener) {
    listeners.push(listener);
  }

  function start() {
    let saved = null;
    try {
      saved = localStorage.getItem(STORAGE_KEY);
    } catch (e) {
      saved = null;
    }
    for (const button of document.querySelectorAll('#language-switch [data-language]'))
      button.addEventListener('click', () => setLanguage(button.dataset.language, true));
    setLanguage(LANGUAGES.includes(saved) ? saved : pickLanguage(navigator.languages || [navigator.language]), false);
  }

  /* Before the other scripts' start (all deferred, in order): their texts are in the language. */
  if (document.readyState === 'loading')
    document.addEventListener('DOMContentLoaded', start);
  else
    start();

  return { t, number, numbersIn, time, show, clear, apply, setLanguage, onChange, pickLanguage,
           language: () => language, LANGUAGES };
})();
