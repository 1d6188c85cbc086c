/* cabine-store.h: the kiosk's local SQLite store
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A reading is committed here before anyone sees it (DESIGN.md, "Data flow of a measurement"):
 * WAL journal with synchronous=FULL, so a committed transaction survives a power cut. The schema is
 * versioned with PRAGMA user_version and identified by PRAGMA application_id; the SQL of each version
 * is data/sql/kiosk-N.sql.
 *
 * Since schema 2 a consultation's id is a UUID the kiosk creates when the patient's journey starts;
 * the hub's sessionId is kept beside it (cabine_store_set_hub_session_id()). Patient data (patient,
 * consent, questionnaire, readings, snapshots, call events, reason) is purged after the hub has
 * confirmed the upload plus the configured retention (cabine-store-record.c); what stays is the
 * outbox row (record id, upload time) and the audit log, which never holds patient data.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/** SQLite application_id of a kiosk store: "CbnK". */
#define CABINE_STORE_APPLICATION_ID 0x43626e4b
/** Schema version this build writes. */
#define CABINE_STORE_SCHEMA_VERSION 2

#define CABINE_STORE_ERROR (cabine_store_error_quark ())

/**
 * CabineStoreError:
 * @CABINE_STORE_ERROR_OPEN: the file cannot be opened or created
 * @CABINE_STORE_ERROR_NOT_A_STORE: the file is an SQLite database of another application, or
 *   (cabine_store_check_file()) no SQLite database at all
 * @CABINE_STORE_ERROR_TOO_NEW: the schema is newer than this build knows; nothing was changed
 * @CABINE_STORE_ERROR_SQL: a statement failed (the message carries SQLite's)
 * @CABINE_STORE_ERROR_NOT_FOUND: no row has that id
 * @CABINE_STORE_ERROR_INVALID: an argument is malformed (e.g. a date that is not YYYY-MM-DD, JSON
 *   that does not parse); nothing was written
 * @CABINE_STORE_ERROR_FULL: the disk is full (SQLITE_FULL); the transaction was rolled back
 * @CABINE_STORE_ERROR_READ_ONLY: the file or its folder is read-only (SQLITE_READONLY)
 */
typedef enum {
  CABINE_STORE_ERROR_OPEN,
  CABINE_STORE_ERROR_NOT_A_STORE,
  CABINE_STORE_ERROR_TOO_NEW,
  CABINE_STORE_ERROR_SQL,
  CABINE_STORE_ERROR_NOT_FOUND,
  CABINE_STORE_ERROR_INVALID,
  CABINE_STORE_ERROR_FULL,
  CABINE_STORE_ERROR_READ_ONLY,
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

/**
 * CabineStoredPatient:
 * @family_name: family name, UTF-8 (required, non-empty)
 * @given_name: (nullable): given name(s)
 * @birth_date: (nullable): "YYYY-MM-DD"
 * @sex: (nullable): "female", "male", "other" or "unknown" (FHIR administrative-gender)
 * @contact: (nullable): a phone number or an e-mail address
 *
 * The minimal identity of a patient; borrowed pointers.
 */
typedef struct {
  const char *family_name;
  const char *given_name;
  const char *birth_date;
  const char *sex;
  const char *contact;
} CabineStoredPatient;

/**
 * CabineOutboxEntry:
 * @session_id: the kiosk's consultation id
 * @record_id: the id the hub stores the record under (idempotency key)
 * @attempts: failed attempts so far
 * @next_attempt: (nullable): earliest time of the next attempt, %NULL for now
 *
 * One pending upload; free with cabine_outbox_entry_free().
 */
typedef struct {
  char      *session_id;
  char      *record_id;
  guint      attempts;
  GDateTime *next_attempt;
} CabineOutboxEntry;

void cabine_outbox_entry_free (CabineOutboxEntry *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CabineOutboxEntry, cabine_outbox_entry_free)

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
 * cabine_store_check_file:
 * @path: (type filename): an existing database file
 * @error: %CABINE_STORE_ERROR_NOT_A_STORE (not an SQLite database, or one of another
 *   application), %CABINE_STORE_ERROR_TOO_NEW (a schema newer than this build's) or
 *   %CABINE_STORE_ERROR_OPEN (it cannot be read; the message carries SQLite's)
 *
 * Tells whether cabine_store_open() would accept @path's contents, without changing anything on
 * disk (no lock, no journal, no migration): an empty file is a new database, and so acceptable.
 * Whether the file and its folder can be written is not checked here.
 *
 * Returns: %TRUE when the contents are acceptable.
 */
gboolean     cabine_store_check_file          (const char   *path,
                                               GError      **error);

/**
 * cabine_store_begin_session:
 * @session_id: the consultation's id: a UUID the kiosk creates when the journey starts
 * @kiosk_id: this kiosk's id
 * @language: "fr" or "en"
 * @reason: (nullable): the reason for the visit (may be set later, cabine_store_set_reason())
 * @error: %CABINE_STORE_ERROR_SQL
 *
 * Records a consultation whose journey has started (idempotent for the same @session_id).
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
 * @end_reason: a hangup reason of data/protocol.md, "abandoned", or "interrupted" (the kiosk
 *   stopped during it, see cabine_store_end_interrupted())
 *
 * Records the end of a consultation. When the call had started, the consultation is queued for
 * upload to the hub in the same transaction (see cabine-outbox.h), so that a crash right after
 * cannot lose it. %CABINE_STORE_ERROR_NOT_FOUND for an unknown id.
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

/* -- Schema 2: the patient's journey (cabine-store-journey.c) ----------------------------------- */

/**
 * cabine_store_set_reason:
 * @reason: the reason for the visit, UTF-8, as the patient gave it
 *
 * %CABINE_STORE_ERROR_NOT_FOUND for an unknown @session_id.
 */
gboolean     cabine_store_set_reason          (CabineStore  *self,
                                               const char   *session_id,
                                               const char   *reason,
                                               GError      **error);

/**
 * cabine_store_set_patient:
 * @patient: the identity; replaces any stored for @session_id
 *
 * %CABINE_STORE_ERROR_INVALID for an empty family name, a @birth_date that is not a valid
 * YYYY-MM-DD date, a @sex outside the FHIR administrative-gender codes or non-UTF-8 text;
 * %CABINE_STORE_ERROR_NOT_FOUND for an unknown @session_id.
 */
gboolean     cabine_store_set_patient         (CabineStore               *self,
                                               const char                *session_id,
                                               const CabineStoredPatient *patient,
                                               GError                   **error);

/**
 * cabine_store_set_consent:
 * @text_version: version tag of the consent text shown (e.g. "2026-11-01")
 * @language: language of that text ("fr", "en")
 *
 * Records the patient's consent, now. %CABINE_STORE_ERROR_NOT_FOUND for an unknown @session_id.
 */
gboolean     cabine_store_set_consent         (CabineStore  *self,
                                               const char   *session_id,
                                               const char   *text_version,
                                               const char   *language,
                                               GError      **error);

/**
 * cabine_store_set_questionnaire:
 * @answers_json: a JSON object or array (the answers, as the journey defines them)
 *
 * %CABINE_STORE_ERROR_INVALID when @answers_json is not a JSON object or array;
 * %CABINE_STORE_ERROR_NOT_FOUND for an unknown @session_id.
 */
gboolean     cabine_store_set_questionnaire   (CabineStore  *self,
                                               const char   *session_id,
                                               const char   *answers_json,
                                               GError      **error);

/**
 * cabine_store_set_hub_session_id:
 * @hub_session_id: the sessionId the hub assigned in `queued` (data/protocol.md)
 *
 * %CABINE_STORE_ERROR_NOT_FOUND for an unknown @session_id.
 */
gboolean     cabine_store_set_hub_session_id  (CabineStore  *self,
                                               const char   *session_id,
                                               const char   *hub_session_id,
                                               GError      **error);

/**
 * cabine_store_add_snapshot:
 * @id: a new UUID
 * @content_type: MIME type of @data, e.g. "image/jpeg"
 * @source: (nullable): what took it, e.g. "otoscope"
 * @data: the image bytes
 *
 * Commits a snapshot of the consultation. %CABINE_STORE_ERROR_SQL (also for a duplicate @id).
 */
gboolean     cabine_store_add_snapshot        (CabineStore  *self,
                                               const char   *session_id,
                                               const char   *id,
                                               const char   *content_type,
                                               const char   *source,
                                               GBytes       *data,
                                               GError      **error);

/**
 * cabine_store_add_call_event:
 * @event: a short tag, e.g. "ice-connected", "call-failed"
 * @detail_json: (nullable): a JSON object with details; never patient data
 *
 * %CABINE_STORE_ERROR_INVALID for @detail_json that is not a JSON object.
 */
gboolean     cabine_store_add_call_event      (CabineStore  *self,
                                               const char   *session_id,
                                               const char   *event,
                                               const char   *detail_json,
                                               GError      **error);

/**
 * cabine_store_add_device_log:
 * @device: the instrument, e.g. "thermometer 1d6b:0104 serial 0001"
 * @event: "attached", "detached", "error", …
 * @detail_json: (nullable): a JSON object; never patient data
 */
gboolean     cabine_store_add_device_log      (CabineStore  *self,
                                               const char   *device,
                                               const char   *event,
                                               const char   *detail_json,
                                               GError      **error);

/**
 * cabine_store_audit:
 * @event: what happened, e.g. "purge", "maintenance-login"
 * @detail_json: (nullable): a JSON object (counts, ids); never patient data
 *
 * Appends to the audit log. %CABINE_STORE_ERROR_INVALID for @detail_json that is not an object.
 */
gboolean     cabine_store_audit               (CabineStore  *self,
                                               const char   *event,
                                               const char   *detail_json,
                                               GError      **error);

/**
 * cabine_store_count_audit:
 * @event: (nullable): an event tag, or %NULL for all
 *
 * Returns: the number of audit entries, or -1 with @error set.
 */
gint64       cabine_store_count_audit         (CabineStore  *self,
                                               const char   *event,
                                               GError      **error);

/**
 * cabine_store_get_last_audit:
 * @events: %NULL-terminated event tags (none may hold a comma), e.g. { "maintenance-login",
 *   "maintenance-pin-failed", NULL }
 * @event_out: (out) (transfer full): the tag of the latest entry with one of @events; left %NULL
 *   when there is none
 * @detail_out: (out) (optional) (transfer full) (nullable): that entry's detail JSON, if any
 *
 * Reads the most recent of the given audit entries (e.g. to restore the maintenance PIN's lockout
 * after a restart). %CABINE_STORE_ERROR_INVALID for a tag with a comma.
 *
 * Returns: %FALSE with @error set on failure; %TRUE otherwise, even when nothing matched.
 */
gboolean     cabine_store_get_last_audit      (CabineStore        *self,
                                               const char * const *events,
                                               char              **event_out,
                                               char              **detail_out,
                                               GError            **error);

/** cabine_store_add_cleaning: records a cleaning of the cabin now; @note is nullable. */
gboolean     cabine_store_add_cleaning        (CabineStore  *self,
                                               const char   *note,
                                               GError      **error);

/**
 * cabine_store_get_last_cleaning:
 *
 * Returns: (transfer full) (nullable): the time (UTC) of the latest cleaning; %NULL without error
 *   when the cabin was never cleaned, %NULL with @error set on failure.
 */
GDateTime   *cabine_store_get_last_cleaning   (CabineStore  *self,
                                               GError      **error);

/* -- Records, outbox and retention (cabine-store-record.c) -------------------------------------- */

/**
 * cabine_store_build_record:
 * @session_id: a consultation
 *
 * Builds the JSON record uploaded to the hub (POST /api/records, data/protocol.md "Records"):
 * recordId, kioskId, sessionId, hubSessionId, times, reason, patient, consent, questionnaire,
 * observations (with provenance, raw frame in base64 and the FHIR resource as sent), snapshots
 * (base64), call events and call statistics.
 *
 * Returns: (transfer full) (nullable): the record as JSON text, or %NULL with
 *   %CABINE_STORE_ERROR_NOT_FOUND (unknown or purged session) or %CABINE_STORE_ERROR_SQL.
 */
char        *cabine_store_build_record        (CabineStore  *self,
                                               const char   *session_id,
                                               GError      **error);

/**
 * cabine_store_outbox_enqueue:
 *
 * Queues a finished consultation for upload (idempotent; cabine_store_end_session() already does it
 * for a consultation whose call started). The record id is the session id.
 */
gboolean     cabine_store_outbox_enqueue      (CabineStore  *self,
                                               const char   *session_id,
                                               GError      **error);

/**
 * cabine_store_outbox_next:
 *
 * Returns: (transfer full) (nullable): the pending upload that is due first (earliest
 *   next-attempt time, then oldest), whether due yet or not; %NULL when none is pending (@error
 *   unset) or on failure (@error set).
 */
CabineOutboxEntry *cabine_store_outbox_next   (CabineStore  *self,
                                               GError      **error);

/**
 * cabine_store_outbox_mark_failed:
 * @next_attempt: when to try again
 * @reason: why it failed (no patient data)
 *
 * Counts a failed attempt. %CABINE_STORE_ERROR_NOT_FOUND for an unknown @record_id.
 */
gboolean     cabine_store_outbox_mark_failed  (CabineStore  *self,
                                               const char   *record_id,
                                               GDateTime    *next_attempt,
                                               const char   *reason,
                                               GError      **error);

/**
 * cabine_store_outbox_mark_uploaded:
 *
 * Records that the hub confirmed @record_id (its reply to POST /api/records was 200 or 201).
 * %CABINE_STORE_ERROR_NOT_FOUND for an unknown @record_id.
 */
gboolean     cabine_store_outbox_mark_uploaded (CabineStore *self,
                                                const char  *record_id,
                                                GError     **error);

/**
 * cabine_store_count_pending_uploads:
 * Returns: how many records wait for upload, or -1 with @error set.
 */
gint64       cabine_store_count_pending_uploads (CabineStore *self,
                                                 GError     **error);

/**
 * cabine_store_end_interrupted:
 * @n_ended: (out) (optional): how many consultations were ended
 *
 * Ends, as "interrupted", every consultation a previous run left open (the kiosk lost power or was
 * killed), with `ended_at` the last activity recorded for it (its latest reading, call event,
 * snapshot, questionnaire, consent, call start or queueing; the restart time only when it has
 * none) and, when its call had started, a call event "interrupted" at that time whose detail is
 * {"restartedAt": now}; its record then says why (`endDetail`, `callStats` null: data/protocol.md
 * "Records"). Those whose call had started are queued for upload, so that no acknowledged reading
 * stays on the kiosk only; the others are purged by the next cabine_store_purge_expired(). Call it
 * at start-up, before a new consultation begins. Also makes every pending upload due now (a
 * restart tries at once, then backs off again).
 */
gboolean     cabine_store_end_interrupted     (CabineStore  *self,
                                               guint        *n_ended,
                                               GError      **error);

/**
 * cabine_store_purge_session:
 *
 * Forgets a consultation's patient data now (abandoned journey, or after upload and retention):
 * deletes its patient, consent, questionnaire, readings, snapshots, call events and the session
 * row, in one transaction, and appends an audit entry "purge" with the counts. An unknown or
 * already purged @session_id is not an error (nothing is deleted; no audit entry).
 */
gboolean     cabine_store_purge_session       (CabineStore  *self,
                                               const char   *session_id,
                                               GError      **error);

/**
 * CABINE_STORE_LOOSE_READING_MINUTES:
 *
 * How long a reading taken outside any consultation (an instrument used on the welcome page, an
 * operator's self-test) stays in the store, in minutes: it belongs to no record, is never
 * uploaded, and is measured data about whoever used the instrument.
 */
#define CABINE_STORE_LOOSE_READING_MINUTES 10

/**
 * cabine_store_purge_expired:
 * @retention_hours: how long to keep a consultation after the hub confirmed its upload (0: none)
 * @now: (nullable): the current time, %NULL for the clock
 * @n_purged: (out) (optional): how many consultations were purged
 *
 * Purges every uploaded consultation whose upload time plus @retention_hours is past, and every
 * reading taken outside a consultation (no session) received more than
 * %CABINE_STORE_LOOSE_READING_MINUTES before @now (one audit entry "purge" for those, with their
 * count), then checkpoints the WAL (TRUNCATE) so that no copy of the deleted pages stays in it.
 */
gboolean     cabine_store_purge_expired       (CabineStore  *self,
                                               guint         retention_hours,
                                               GDateTime    *now,
                                               guint        *n_purged,
                                               GError      **error);

G_END_DECLS
