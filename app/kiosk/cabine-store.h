/* cabine-store.h: the kiosk's local SQLite store
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A reading is committed here before anyone sees it (DESIGN.md, "Data flow of a measurement"):
 * WAL journal with synchronous=FULL, so a committed transaction survives a power cut. The schema is
 * versioned with PRAGMA user_version and identified by PRAGMA application_id; the SQL of each version
 * is data/sql/kiosk-N.sql.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/** SQLite application_id of a kiosk store: "CbnK". */
#define CABINE_STORE_APPLICATION_ID 0x43626e4b
/** Schema version this build writes. */
#define CABINE_STORE_SCHEMA_VERSION 1

#define CABINE_STORE_ERROR (cabine_store_error_quark ())

/**
 * CabineStoreError:
 * @CABINE_STORE_ERROR_OPEN: the file cannot be opened or created
 * @CABINE_STORE_ERROR_NOT_A_STORE: the file is an SQLite database of another application
 * @CABINE_STORE_ERROR_TOO_NEW: the schema is newer than this build knows; nothing was changed
 * @CABINE_STORE_ERROR_SQL: a statement failed (the message carries SQLite's)
 * @CABINE_STORE_ERROR_NOT_FOUND: no row has that id
 */
typedef enum {
  CABINE_STORE_ERROR_OPEN,
  CABINE_STORE_ERROR_NOT_A_STORE,
  CABINE_STORE_ERROR_TOO_NEW,
  CABINE_STORE_ERROR_SQL,
  CABINE_STORE_ERROR_NOT_FOUND,
} CabineStoreError;

GQuark cabine_store_error_quark (void);

/**
 * CabineStoredObservation:
 * The columns of one observation (see data/sql/kiosk-1.sql); borrowed pointers.
 * @value is in @ucum units; @device_time and @received_at are RFC 3339 strings.
 */
typedef struct {
  const char *id;
  const char *session_id;
  const char *loinc;
  guint       mdc_code;
  double      value;
  const char *ucum;
  const char *device_time;
  const char *received_at;
  const char *provenance_json;
  GBytes     *raw_frame;
  const char *resource_json;
} CabineStoredObservation;

#define CABINE_TYPE_STORE (cabine_store_get_type ())
G_DECLARE_FINAL_TYPE (CabineStore, cabine_store, CABINE, STORE, GObject)

/**
 * cabine_store_open:
 * @path: (type filename): database file; its folder is created (mode 0700) if missing
 * @error: a #CabineStoreError
 *
 * Opens or creates the store and brings its schema to %CABINE_STORE_SCHEMA_VERSION.
 *
 * Returns: (transfer full) (nullable): the store, or %NULL with @error set.
 */
CabineStore *cabine_store_open                (const char   *path,
                                               GError      **error);

/**
 * cabine_store_begin_session:
 * @session_id: the hub's sessionId
 * @kiosk_id: this kiosk's id
 * @language: "fr" or "en"
 * @reason: (nullable): the reason for the visit
 * @error: %CABINE_STORE_ERROR_SQL
 *
 * Records a consultation that has joined the queue (idempotent for the same @session_id).
 */
gboolean     cabine_store_begin_session       (CabineStore  *self,
                                               const char   *session_id,
                                               const char   *kiosk_id,
                                               const char   *language,
                                               const char   *reason,
                                               GError      **error);

/** cabine_store_mark_call_started: records the start of the call; errors as above. */
gboolean     cabine_store_mark_call_started   (CabineStore  *self,
                                               const char   *session_id,
                                               GError      **error);

/**
 * cabine_store_end_session:
 * @end_reason: a hangup reason of data/protocol.md, or "abandoned"
 *
 * Records the end of a consultation. %CABINE_STORE_ERROR_NOT_FOUND for an unknown id.
 */
gboolean     cabine_store_end_session         (CabineStore  *self,
                                               const char   *session_id,
                                               const char   *end_reason,
                                               GError      **error);

/**
 * cabine_store_record_call_stats:
 * @video_frames_received: physician video frames shown on the kiosk
 * @video_frames_sent: cabin video frames encoded and sent
 * @audio_packets_received: physician audio RTP packets received
 * @audio_packets_sent: cabin audio RTP packets sent
 * @first_frame_ms: milliseconds from the start of the call to the first physician frame, -1 if none
 *
 * Keeps the call's statistics with the consultation. %CABINE_STORE_ERROR_NOT_FOUND for an unknown id.
 */
gboolean     cabine_store_record_call_stats   (CabineStore  *self,
                                               const char   *session_id,
                                               guint64       video_frames_received,
                                               guint64       video_frames_sent,
                                               guint64       audio_packets_received,
                                               guint64       audio_packets_sent,
                                               gint64        first_frame_ms,
                                               GError      **error);

/**
 * cabine_store_add_observation:
 * @obs: the reading; @obs->id must be new
 * @error: %CABINE_STORE_ERROR_SQL (also for a duplicate id)
 *
 * Commits one reading in its own transaction; when this returns %TRUE the reading is durable.
 */
gboolean     cabine_store_add_observation     (CabineStore                   *self,
                                               const CabineStoredObservation *obs,
                                               GError                       **error);

/**
 * cabine_store_mark_observation_acked:
 * Records the physician's acknowledgement. %CABINE_STORE_ERROR_NOT_FOUND for an unknown id.
 */
gboolean     cabine_store_mark_observation_acked (CabineStore *self,
                                                  const char  *id,
                                                  GError     **error);

/**
 * cabine_store_list_unacked:
 * @session_id: a consultation
 *
 * Returns: (transfer full): ids and FHIR resources of the session's readings that the physician has
 *   not acknowledged yet, oldest first, as a %NULL-terminated array of (id, resource_json) pairs
 *   flattened: [id0, res0, id1, res1, …, NULL]. Free with g_strfreev().
 */
char       **cabine_store_list_unacked        (CabineStore  *self,
                                               const char   *session_id,
                                               GError      **error);

/**
 * cabine_store_count_observations:
 * @session_id: (nullable): a consultation, or %NULL for readings outside any
 *
 * Returns: the number of readings stored for it, or -1 with @error set.
 */
gint64       cabine_store_count_observations  (CabineStore  *self,
                                               const char   *session_id,
                                               GError      **error);

G_END_DECLS
