/* console-vitals.js: how the physician console shows a reading (FHIR R4 Observation)
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The value text ("37.2 °C", "120/80 mmHg (mean 93)"), and its entry in the call view's vital
 * signs list (#vitals) with its time and provenance. Patient data is only inserted with textContent.
 */
'use strict';

window.CabineVitals = (function () {
  const LOINC = 'http://loinc.org';
  const UNIT_LABELS = { 'mm[Hg]': 'mmHg', 'Cel': '°C', '/min': '/min', '%': '%', 'kg': 'kg' };

  const $ = (id) => document.getElementById(id);

  function formatTime(iso) {
    const d = new Date(iso);
    if (isNaN(d.getTime()))
      return '';
    return d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  }

  function loincCoding(resource) {
    const codings = (resource.code && Array.isArray(resource.code.coding)) ? resource.code.coding : [];
    return codings.find((c) => c.system === LOINC) || codings[0] || {};
  }

  function unitLabel(quantity) {
    if (!quantity)
      return '';
    if (quantity.code && UNIT_LABELS[quantity.code])
      return UNIT_LABELS[quantity.code];
    return quantity.unit || quantity.code || '';
  }

  /* Digits shown after the decimal point, by UCUM unit: what the instruments resolve (a clinical
   * thermometer 0.1 °C, a scale 0.1 kg); JSON numbers lose trailing zeros, so "37" is shown 37.0. */
  /* Short names where LOINC's display is long ("Blood pressure panel with all children optional"). */
  const SHORT_NAMES = { '85354-9': 'Blood pressure' };

  const UNIT_DECIMALS = { 'Cel': 1, 'kg': 1, 'mm[Hg]': 0, '/min': 0, '%': 0 };

  function valueText(quantity) {
    const decimals = UNIT_DECIMALS[quantity.code];
    return decimals === undefined ? String(quantity.value) : quantity.value.toFixed(decimals);
  }

  function quantityText(quantity) {
    if (!quantity || typeof quantity.value !== 'number')
      return null;
    const unit = unitLabel(quantity);
    return unit ? valueText(quantity) + ' ' + unit : valueText(quantity);
  }

  /* Text of a reading: "37.2 °C", or "120/80 mmHg (mean 93)" for a blood-pressure panel. */
  function readingText(resource) {
    const single = quantityText(resource.valueQuantity);
    if (single)
      return single;
    const parts = {};
    for (const component of Array.isArray(resource.component) ? resource.component : [])
      parts[loincCoding(component).code] = component.valueQuantity;
    const sys = parts['8480-6'];
    const dia = parts['8462-4'];
    if (sys && dia && typeof sys.value === 'number' && typeof dia.value === 'number') {
      let text = sys.value + '/' + dia.value + ' ' + unitLabel(sys);
      const mean = parts['8478-0'];
      if (mean && typeof mean.value === 'number')
        text += ' (mean ' + mean.value + ')';
      return text;
    }
    const texts = Object.values(parts).map(quantityText).filter(Boolean);
    return texts.length ? texts.join(', ') : '—';
  }

  function showReading(resource) {
    const coding = loincCoding(resource);
    const item = document.createElement('li');
    item.className = 'vital';
    const name = document.createElement('div');
    name.className = 'vital-name';
    name.textContent = SHORT_NAMES[coding.code] || (resource.code && resource.code.text) ||
                       coding.display || coding.code || 'Reading';
    const value = document.createElement('div');
    value.className = 'reading';
    value.dataset.loinc = coding.code || '';
    value.textContent = readingText(resource);
    const time = document.createElement('div');
    time.className = 'vital-time';
    const when = resource.effectiveDateTime || resource.issued;
    time.textContent = when ? formatTime(when) : '';
    if (when)
      time.title = when;
    item.append(name, value, time);
    /* Provenance: the instrument and how it was reached (Observation.device.display). */
    if (resource.device && typeof resource.device.display === 'string') {
      const device = document.createElement('div');
      device.className = 'vital-device';
      device.textContent = resource.device.display;
      item.append(device);
    }
    $('vitals').prepend(item);
    $('vitals-empty').hidden = true;
  }

  return { readingText, showReading };
})();
