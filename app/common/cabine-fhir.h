/* cabine-fhir.h: FHIR R4 serialisation of the readings
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by the kiosk (which sends Observations over the data channel) and the hub (which stores and
 * exports them). Codes: LOINC (http://loinc.org), ISO/IEEE 11073-10101 nomenclature
 * (urn:iso:std:iso:11073:10101), UCUM (http://unitsofmeasure.org); see ../shared/DESIGN.md "Codes".
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define CABINE_FHIR_SYSTEM_LOINC "http://loinc.org"
#define CABINE_FHIR_SYSTEM_MDC   "urn:iso:std:iso:11073:10101"
#define CABINE_FHIR_SYSTEM_UCUM  "http://unitsofmeasure.org"

/**
 * CabineFhirComponent:
 * @loinc_code: LOINC code of the component, e.g. "8480-6" (systolic blood pressure)
 * @display: its English display, e.g. "Systolic blood pressure"
 * @mdc_code: IEEE 11073-10101 code, e.g. 0x4A05 (MDC_PRESS_BLD_NONINV_SYS), 0 for none
 * @mdc_name: its reference id or %NULL
 * @value: the value in @ucum_code units
 *
 * One Observation.component (e.g. of the blood-pressure panel 85354-9). Borrowed pointers; the
 * unit and precision are the parent observation's @ucum_code, @unit_display and @decimals.
 */
typedef struct {
  const char *loinc_code;
  const char *display;
  guint       mdc_code;
  const char *mdc_name;
  double      value;
} CabineFhirComponent;

/**
 * CabineFhirObservation:
 * @id: the Observation's logical id (a UUID); also the data-channel message id
 * @loinc_code: LOINC code, e.g. "8310-5"
 * @display: English display of the LOINC code, e.g. "Body temperature"
 * @mdc_code: IEEE 11073-10101 code of the metric, e.g. 19292 (MDC_TEMP_BODY), 0 for none
 * @mdc_name: its reference id, e.g. "MDC_TEMP_BODY", or %NULL
 * @value: the value in @ucum_code units
 * @decimals: digits after the decimal point the device resolved (e.g. 1 for 37.2); -1 for as is
 * @ucum_code: UCUM code of the unit, e.g. "Cel"
 * @unit_display: human unit, e.g. "°C"
 * @effective: (nullable): the device's time of measurement, or %NULL when the device gave none
 * @issued: the kiosk's time of receipt
 * @device_display: (nullable): human text naming the instrument and how it was reached
 * @session_id: (nullable): the consultation's id, stored as an identifier of the encounter
 * @components: (array length=n_components) (nullable): when @n_components > 0 the resource is a
 *   panel: it gets one `component` per entry (valueQuantity in the observation's unit) and no
 *   valueQuantity of its own (@value is then not serialised)
 * @n_components: number of @components
 *
 * The values of one reading, borrowed: the struct owns none of its pointers.
 */
typedef struct {
  const char *id;
  const char *loinc_code;
  const char *display;
  guint       mdc_code;
  const char *mdc_name;
  double      value;
  int         decimals;
  const char *ucum_code;
  const char *unit_display;
  GDateTime  *effective;
  GDateTime  *issued;
  const char *device_display;
  const char *session_id;
  const CabineFhirComponent *components;
  guint       n_components;
} CabineFhirObservation;

/**
 * cabine_fhir_observation_to_json:
 * @obs: the reading
 *
 * Builds a FHIR R4 Observation resource (status final, category vital-signs, LOINC + MDC codings,
 * valueQuantity in UCUM — or one component per @components entry for a panel —, effectiveDateTime,
 * issued, device display).
 *
 * Returns: (transfer full): the resource as a JSON object.
 */
JsonObject *cabine_fhir_observation_to_json (const CabineFhirObservation *obs);

/**
 * cabine_fhir_format_datetime:
 * @dt: a date-time
 *
 * Returns: (transfer full): @dt as a FHIR dateTime/instant (RFC 3339 with offset, milliseconds).
 */
char       *cabine_fhir_format_datetime     (GDateTime *dt);

G_END_DECLS
