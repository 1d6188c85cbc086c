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
  const i18n = window.CabineI18n;
  const t = i18n.t;

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
  /* The names a physician reads, by LOINC code (the cabin's are English, LOINC's display long:
   * "Blood pressure panel with all children optional"). */
  const NAMES = { '85354-9': () => t('Blood pressure'), '8310-5': () => t('Temperature'),
                  '59408-5': () => t('SpO₂'), '8867-4': () => t('Pulse'), '29463-7': () => t('Weight'),
                  '8480-6': () => t('Systolic'), '8462-4': () => t('Diastolic') };

  /* What a reading is called: its LOINC code's name in the console's language, else the cabin's. */
  function readingName(resource) {
    const coding = loincCoding(resource);
    if (NAMES[coding.code])
      return NAMES[coding.code]();
    return (resource.code && resource.code.text) || coding.display || coding.code || t('Reading');
  }

  const UNIT_DECIMALS = { 'Cel': 1, 'kg': 1, 'mm[Hg]': 0, '/min': 0, '%': 0 };

  function valueText(quantity) {
    const decimals = UNIT_DECIMALS[quantity.code];
    return decimals === undefined ? i18n.number(quantity.value)
                                  : i18n.number(quantity.value, { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
  }

  function quantityText(quantity) {
    if (!quantity || typeof quantity.value !== 'number')
      return null;
    const unit = unitLabel(quantity);
    return unit ? valueText(quantity) + ' ' + unit : valueText(quantity);
  }

  /* Text of a reading: "37.2 °C", or "120/80 mmHg (mean 93)" for a blood-pressure panel (in
   * French "37,2 °C", "120/80 mmHg (moyenne 93)"). */
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
      const pressure = { systolic: sys.value, diastolic: dia.value, unit: unitLabel(sys) };
      const mean = parts['8478-0'];
      if (mean && typeof mean.value === 'number')
        return t('{systolic}/{diastolic} {unit} (mean {mean})', { ...pressure, mean: mean.value });
      return t('{systolic}/{diastolic} {unit}', pressure);
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
    i18n.show(name, () => readingName(resource));
    const value = document.createElement('div');
    value.className = 'reading';
    value.dataset.loinc = coding.code || '';
    i18n.show(value, () => readingText(resource));
    const time = document.createElement('div');
    time.className = 'vital-time';
    const when = resource.effectiveDateTime || resource.issued;
    i18n.show(time, () => (when ? i18n.time(when) : ''));
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

  return { readingText, readingName, showReading };
})();
