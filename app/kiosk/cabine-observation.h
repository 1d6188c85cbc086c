/* cabine-observation.h: a device's measurement as the kiosk stores and sends it
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Glue between devices/ (CabineMeasurement) and the wire/store formats (FHIR R4 Observation,
 * the store's observation row).
 */
#pragma once

#include "cabine-fhir.h"
#include "cabine-measurement.h"
#include "cabine-store.h"

G_BEGIN_DECLS

#define CABINE_OBSERVATION_ERROR (cabine_observation_error_quark ())

/**
 * CabineObservationError:
 * @CABINE_OBSERVATION_ERROR_UNSUPPORTED: a kind of measurement the kiosk cannot yet express as one
 *   FHIR Observation
 */
typedef enum {
  CABINE_OBSERVATION_ERROR_UNSUPPORTED,
} CabineObservationError;

GQuark cabine_observation_error_quark (void);

/**
 * CabineObservationDraft:
 * @fhir: the reading in FHIR terms (pointers into @owned strings or the measurement)
 * @stored: the store's row, whose resource_json is @fhir serialised; for the blood-pressure panel
 *   (LOINC 85354-9, components systolic 8480-6 / diastolic 8462-4 / mean 8478-0 in mm[Hg]) its
 *   value is the systolic pressure
 *
 * Every #CabineMeasurementKind is supported: body temperature (°C, 1 decimal), blood pressure (one
 * panel Observation with three components), pulse rate and SpO2 (each its own Observation, 0
 * decimals) and body weight (kg, 1 decimal). The device display carries the provenance (vendor,
 * model, serial, transport, VID:PID), the store row's provenance_json all of it.
 *
 * Owns its strings until cabine_observation_draft_clear().
 */
typedef struct {
  CabineFhirObservation   fhir;
  CabineStoredObservation stored;
  /*< private >*/
  GPtrArray              *owned;
  GDateTime              *effective;
  GDateTime              *issued;
  GBytes                 *raw_frame;
  CabineFhirComponent     components[3];
} CabineObservationDraft;

/**
 * cabine_observation_draft_init:
 * @draft: (out caller-allocates): the draft to fill
 * @m: the measurement
 * @id: the new Observation's id (a UUID)
 * @session_id: (nullable): the consultation it belongs to
 * @error: %CABINE_OBSERVATION_ERROR_UNSUPPORTED
 *
 * Returns: %TRUE and fills @draft (clear it with cabine_observation_draft_clear()), or %FALSE with
 *   @error set and @draft left empty.
 */
gboolean cabine_observation_draft_init  (CabineObservationDraft *draft,
                                         CabineMeasurement      *m,
                                         const char             *id,
                                         const char             *session_id,
                                         GError                **error);

/** cabine_observation_draft_clear: frees what @draft owns; safe on an empty draft. */
void     cabine_observation_draft_clear (CabineObservationDraft *draft);

G_END_DECLS
