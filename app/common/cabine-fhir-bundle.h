/* cabine-fhir-bundle.h: a consultation record as a FHIR R4 Bundle
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Turns the session record a kiosk uploads (data/protocol.md, "Records"; built by
 * cabine_store_build_record()) into a FHIR R4 Bundle of type "collection"
 * (https://hl7.org/fhir/R4/bundle.html) holding, each with a `urn:uuid:` fullUrl:
 *   - one Patient (name, gender, birthDate, telecom: whatever the record has),
 *   - one Encounter (status finished, class VR "virtual" of v3-ActCode, period, reasonCode text,
 *     the hub sessionId as identifier),
 *   - one Device per instrument (manufacturer, model, serial, firmware; identified by serial and
 *     USB VID:PID, there is no UDI),
 *   - one Observation per reading: the resource exactly as sent to the physician, with subject,
 *     encounter and device references added (its codings, UCUM quantity and times untouched),
 *   - one Consent (scope patient-privacy, category LOINC 59284-0, the text version as policy URI),
 *   - one Media per snapshot (content base64, contentType, createdDateTime),
 *   - one ClinicalImpression for the physician's notes when the record has them (record member
 *     "notes": {"text", "author", "updatedAt"}, added by the hub, app/hub/cabine-hub-records.h):
 *     status completed, subject and encounter references, date = updatedAt, assessor by display
 *     name, summary = the text verbatim. Why ClinicalImpression: in R4 it is the resource for "a
 *     clinician's assessment of the patient's condition, recorded during an encounter", and its
 *     `summary` is a free-text string, which is what the notes field holds. Composition would
 *     need a document Bundle and sections; DocumentReference an attachment; an Observation is
 *     for a measured or coded finding, not free-form reasoning; Encounter has no note element.
 * Ids are UUIDs derived from the record id (SHA-256, RFC 4122 version 8 layout), so exporting the
 * same record twice gives the same Bundle.
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/** System of the Encounter identifier holding the hub sessionId. */
#define CABINE_FHIR_SYSTEM_HUB_SESSION "urn:cabine:hub-session"
/** System of Device identifiers: the instrument's serial number. */
#define CABINE_FHIR_SYSTEM_DEVICE_SERIAL "urn:cabine:device-serial"
/** System of Device identifiers: the USB "vvvv:pppp" vendor and product ids. */
#define CABINE_FHIR_SYSTEM_USB_ID "urn:cabine:usb-vid-pid"

/** Encounter extension (valueCode): the record's "endReason" (data/protocol.md, "Records"), e.g.
 *  "physician-ended" or "interrupted"; an interrupted Encounter has status "unknown" (FHIR R4
 *  Encounter.status: it did not end normally and how far it went is not known). Cabine has no
 *  published web address, so its extensions are named by URN like its identifier systems
 *  (FHIR R4 §2.1.0.1: an extension url is a uri). */
#define CABINE_FHIR_EXTENSION_END_REASON "urn:cabine:fhir:encounter-end-reason"
/** Encounter extension (valueString): the record's "endDetail", the English explanation of an
 *  unusual end (e.g. what an interruption lost). */
#define CABINE_FHIR_EXTENSION_END_DETAIL "urn:cabine:fhir:encounter-end-detail"

#define CABINE_FHIR_BUNDLE_ERROR (cabine_fhir_bundle_error_quark ())

/**
 * CabineFhirBundleError:
 * @CABINE_FHIR_BUNDLE_ERROR_INVALID: the record is not JSON, or a member has the wrong type or
 *   is missing (the message names it)
 */
typedef enum {
  CABINE_FHIR_BUNDLE_ERROR_INVALID,
} CabineFhirBundleError;

GQuark cabine_fhir_bundle_error_quark (void);

/**
 * cabine_fhir_bundle_from_record:
 * @record: a session record object (recordId required; every other member optional)
 * @error: %CABINE_FHIR_BUNDLE_ERROR_INVALID
 *
 * Returns: (transfer full) (nullable): the Bundle resource, or %NULL with @error set
 */
JsonObject *cabine_fhir_bundle_from_record      (JsonObject  *record,
                                                 GError     **error);

/**
 * cabine_fhir_bundle_from_record_text:
 * @record_json: the record as JSON text
 * @error: %CABINE_FHIR_BUNDLE_ERROR_INVALID
 *
 * Returns: (transfer full) (nullable): the Bundle as JSON text, or %NULL with @error set
 */
char       *cabine_fhir_bundle_from_record_text (const char  *record_json,
                                                 GError     **error);

G_END_DECLS
