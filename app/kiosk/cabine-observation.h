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
 * @stored: the store's row, whose resource_json is @fhir serialised
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
