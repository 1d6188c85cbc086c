/* cabine-hub-records.h: the hub's session-record endpoints (POST/GET /api/records)
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * data/protocol.md, "Records":
 *   POST /api/records          a kiosk uploads one finished consultation. Headers
 *                              `Authorization: Bearer <kiosk token>` and `Cabine-Kiosk-Id: <id>`
 *                              (else 401); the record's kioskId must be that kiosk, and its
 *                              hubSessionId, when the hub knows it, a consultation of that kiosk
 *                              (else 403). 201 {"recordId", "stored": true} the first time, 200
 *                              {"recordId", "stored": false} for a repeat (idempotent by recordId),
 *                              409 when another kiosk used that id, 400 for a malformed record
 *                              (not JSON, recordId not 1–64 of [A-Za-z0-9.-], or no FHIR Bundle can
 *                              be made of it), 413 over %CABINE_HUB_RECORDS_MAX_BODY.
 *   GET /api/records/{id}      the record (JSON), {id} being the record id or the hub sessionId;
 *   GET /api/records/{id}/fhir the record as a FHIR R4 Bundle (application/fhir+json).
 *                              Both need `Authorization: Bearer <physician login token>` (401,
 *                              whose "error" says "the sign-in has expired; sign in again" for an
 *                              expired one) and answer 404 unless that physician accepted the
 *                              consultation. The record served carries `"notes"`: {"text",
 *                              "author" (display name), "updatedAt"}, or null.
 *   PUT /api/records/{sessionId}/notes  body {"text": "…"} (a UTF-8 string of at most
 *                              %CABINE_HUB_RECORDS_MAX_NOTES bytes): saves (replaces) the physician's
 *                              notes of the consultation, before or after its record arrives.
 *                              Same 401/404 rules (only the accepting physician); 400 malformed,
 *                              413 too large; 200 {"sessionId", "updatedAt", "length"}.
 * Logs name record ids and kiosks, never patient data.
 */
#pragma once

#include <libsoup/soup.h>

#include "cabine-accounts.h"
#include "cabine-hub-store.h"

G_BEGIN_DECLS

/** Largest POST /api/records body accepted, in bytes (records carry snapshots in base64). */
#define CABINE_HUB_RECORDS_MAX_BODY (48 * 1024 * 1024)
/** Largest physician's notes, in bytes of UTF-8 text. */
#define CABINE_HUB_RECORDS_MAX_NOTES (64 * 1024)
/** Largest PUT …/notes body, in bytes: the notes, JSON-escaped (at worst 6 bytes per byte). */
#define CABINE_HUB_RECORDS_MAX_NOTES_BODY (6 * CABINE_HUB_RECORDS_MAX_NOTES + 64)

#define CABINE_TYPE_HUB_RECORDS (cabine_hub_records_get_type ())
G_DECLARE_FINAL_TYPE (CabineHubRecords, cabine_hub_records, CABINE, HUB_RECORDS, GObject)

/**
 * cabine_hub_records_new:
 * @accounts: kiosk tokens and physician logins (a reference is taken)
 * @store: where records and consultations are kept (a reference is taken)
 *
 * Returns: (transfer full): the endpoints
 */
CabineHubRecords *cabine_hub_records_new     (CabineAccounts    *accounts,
                                              CabineHubStore    *store);

/** cabine_hub_records_owns_path: Returns: %TRUE for /api/records and the paths below it. */

/**
 * cabine_hub_records_max_body:
 * @path: a request path cabine_hub_records_owns_path() accepted
 *
 * Returns: the largest request body @path takes, in bytes (0: none)
 */
goffset           cabine_hub_records_max_body (const char       *path);

gboolean          cabine_hub_records_owns_path (const char      *path);

/**
 * cabine_hub_records_handle:
 * @msg: a request whose path cabine_hub_records_owns_path() accepted
 * @path: its path
 *
 * Answers the request (status, JSON body, `Cache-Control: no-store`).
 */
void              cabine_hub_records_handle  (CabineHubRecords  *self,
                                              SoupServerMessage *msg,
                                              const char        *path);

G_END_DECLS
