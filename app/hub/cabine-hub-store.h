/* cabine-hub-store.h: the hub's storage interface (consultations and session records)
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The hub keeps (DESIGN.md, "Processes"): which physician took which consultation
 * (hub sessionId → kiosk, physician username) and when it ended (so that a restarted hub lets the
 * peers of the calls it had in progress resume them, data/protocol.md "Signalling interruption"), the
 * sessions waiting in the queue (id, kiosk, join time only: a restarted hub gives them back their
 * place, "Queue (kiosk side)"), the session records kiosks upload
 * (POST /api/records, data/protocol.md "Records"), the physicians' logins (only a hash of each
 * token, so that a restarted hub keeps them signed in) and the physicians' notes. Every access goes through this GInterface, so
 * that a PostgreSQL backend for hubs run side by side is a new implementation, not a rewrite. The
 * embedded default is #CabineHubStoreSqlite (cabine-hub-store-sqlite.h).
 *
 * Calls are synchronous and made from the main thread; an implementation must answer quickly or
 * keep its own worker.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define CABINE_HUB_STORE_ERROR (cabine_hub_store_error_quark ())

/**
 * CabineHubStoreError:
 * @CABINE_HUB_STORE_ERROR_OPEN: the store cannot be opened, or belongs to another application
 * @CABINE_HUB_STORE_ERROR_TOO_NEW: the store's schema is newer than this hub; nothing was changed
 * @CABINE_HUB_STORE_ERROR_FAILED: a statement failed (the message carries the backend's)
 * @CABINE_HUB_STORE_ERROR_NOT_FOUND: no such record or consultation
 * @CABINE_HUB_STORE_ERROR_CONFLICT: the record id is already used by another kiosk
 */
typedef enum {
  CABINE_HUB_STORE_ERROR_OPEN,
  CABINE_HUB_STORE_ERROR_TOO_NEW,
  CABINE_HUB_STORE_ERROR_FAILED,
  CABINE_HUB_STORE_ERROR_NOT_FOUND,
  CABINE_HUB_STORE_ERROR_CONFLICT,
} CabineHubStoreError;

GQuark cabine_hub_store_error_quark (void);

#define CABINE_TYPE_HUB_STORE (cabine_hub_store_get_type ())
G_DECLARE_INTERFACE (CabineHubStore, cabine_hub_store, CABINE, HUB_STORE, GObject)

/**
 * CabineHubStoreInterface:
 * @note_consultation: see cabine_hub_store_note_consultation()
 * @get_consultation: see cabine_hub_store_get_consultation()
 * @end_consultation: see cabine_hub_store_end_consultation()
 * @end_unresumed_consultations: see cabine_hub_store_end_unresumed_consultations()
 * @put_waiting: see cabine_hub_store_put_waiting()
 * @get_waiting: see cabine_hub_store_get_waiting()
 * @delete_waiting: see cabine_hub_store_delete_waiting()
 * @delete_waiting_except: see cabine_hub_store_delete_waiting_except()
 * @list_waiting: see cabine_hub_store_list_waiting()
 * @put_record: see cabine_hub_store_put_record()
 * @get_record: see cabine_hub_store_get_record()
 * @count_records: see cabine_hub_store_count_records()
 * @put_login: see cabine_hub_store_put_login()
 * @get_login: see cabine_hub_store_get_login()
 * @purge_logins: see cabine_hub_store_purge_logins()
 * @put_notes: see cabine_hub_store_put_notes()
 * @get_notes: see cabine_hub_store_get_notes()
 */
struct _CabineHubStoreInterface
{
  GTypeInterface parent_iface;

  gboolean (*note_consultation) (CabineHubStore *self, const char *hub_session_id,
                                 const char *kiosk_id, const char *physician, GError **error);
  gboolean (*get_consultation)  (CabineHubStore *self, const char *hub_session_id,
                                 char **out_kiosk_id, char **out_physician, char **out_ended_at,
                                 GError **error);
  gboolean (*end_consultation)  (CabineHubStore *self, const char *hub_session_id, GError **error);
  gboolean (*end_unresumed_consultations) (CabineHubStore *self, GDateTime *accepted_before,
                                           const char * const *keep, guint *out_n_ended,
                                           GError **error);
  gboolean (*put_waiting)       (CabineHubStore *self, const char *hub_session_id,
                                 const char *kiosk_id, GDateTime *waiting_since, GError **error);
  gboolean (*get_waiting)       (CabineHubStore *self, const char *hub_session_id,
                                 char **out_kiosk_id, GDateTime **out_waiting_since,
                                 GError **error);
  gboolean (*delete_waiting)    (CabineHubStore *self, const char *hub_session_id, GError **error);
  gboolean (*delete_waiting_except) (CabineHubStore *self, const char * const *keep,
                                     guint *out_n_deleted, GError **error);
  GPtrArray *(*list_waiting)    (CabineHubStore *self, GError **error);
  gboolean (*put_record)        (CabineHubStore *self, const char *record_id, const char *kiosk_id,
                                 const char *hub_session_id, const char *record_json,
                                 gboolean *out_created, GError **error);
  gboolean (*get_record)        (CabineHubStore *self, const char *id, char **out_record_json,
                                 char **out_hub_session_id, GError **error);
  gint64   (*count_records)     (CabineHubStore *self, GError **error);
  gboolean (*put_login)         (CabineHubStore *self, const char *token_sha256, const char *username,
                                 gint64 expires_at, GError **error);
  gboolean (*get_login)         (CabineHubStore *self, const char *token_sha256, char **out_username,
                                 gint64 *out_expires_at, GError **error);
  gboolean (*purge_logins)      (CabineHubStore *self, const char *token_sha256, gint64 now,
                                 guint *out_n_purged, GError **error);
  gboolean (*put_notes)         (CabineHubStore *self, const char *hub_session_id,
                                 const char *physician, const char *text, GError **error);
  gboolean (*get_notes)         (CabineHubStore *self, const char *hub_session_id, char **out_text,
                                 char **out_physician, char **out_updated_at, GError **error);
};

/**
 * cabine_hub_store_note_consultation:
 * @hub_session_id: the sessionId the hub assigned
 * @kiosk_id: the kiosk of the consultation
 * @physician: username of the physician who accepted it
 * @error: %CABINE_HUB_STORE_ERROR_FAILED
 *
 * Remembers who took the consultation (the first call for an id wins; later ones are ignored).
 */
gboolean cabine_hub_store_note_consultation (CabineHubStore *self,
                                             const char     *hub_session_id,
                                             const char     *kiosk_id,
                                             const char     *physician,
                                             GError        **error);

/**
 * cabine_hub_store_get_consultation:
 * @out_kiosk_id: (out) (optional) (transfer full): the kiosk
 * @out_physician: (out) (optional) (transfer full): the physician's username
 * @out_ended_at: (out) (optional) (transfer full) (nullable): RFC 3339 UTC time the consultation
 *   ended (cabine_hub_store_end_consultation()), or %NULL when it has not: it is in a call, or
 *   was when the hub stopped (or the hub that took it did not record ends)
 * @error: %CABINE_HUB_STORE_ERROR_NOT_FOUND or %CABINE_HUB_STORE_ERROR_FAILED
 */
gboolean cabine_hub_store_get_consultation  (CabineHubStore *self,
                                             const char     *hub_session_id,
                                             char          **out_kiosk_id,
                                             char          **out_physician,
                                             char          **out_ended_at,
                                             GError        **error);

/**
 * cabine_hub_store_end_consultation:
 * @hub_session_id: the sessionId of a consultation noted with
 *   cabine_hub_store_note_consultation()
 * @error: %CABINE_HUB_STORE_ERROR_NOT_FOUND (no such consultation) or
 *   %CABINE_HUB_STORE_ERROR_FAILED
 *
 * Records that the consultation's call ended now (hangup, a peer that did not resume in time, the
 * patient leaving), so that a restarted hub does not let anyone resume it (data/protocol.md,
 * "Signalling interruption"). Not called when the hub stops: its calls go on and may be resumed.
 * A consultation already ended keeps its first end time.
 */
gboolean cabine_hub_store_end_consultation  (CabineHubStore *self,
                                             const char     *hub_session_id,
                                             GError        **error);

/**
 * cabine_hub_store_end_unresumed_consultations:
 * @accepted_before: only consultations accepted before this time are ended: the hub's start
 * @keep: (array zero-terminated=1) (nullable): sessionIds not to end (the calls in progress now,
 *   restored ones included); %NULL: none
 * @out_n_ended: (out) (optional): how many consultations this ended
 * @error: %CABINE_HUB_STORE_ERROR_FAILED (then none was ended)
 *
 * Records as ended now every consultation accepted before @accepted_before that has not ended
 * and is not in @keep: the calls a previous hub had in progress that nobody resumed within the
 * restarted hub's restore window (data/protocol.md, "Signalling interruption"), so that no later
 * restart restores them. Called once, when that window closes. Their end time is therefore when
 * the hub gave up on them, not when the call stopped.
 */
gboolean cabine_hub_store_end_unresumed_consultations (CabineHubStore      *self,
                                                       GDateTime           *accepted_before,
                                                       const char * const  *keep,
                                                       guint               *out_n_ended,
                                                       GError             **error);

/**
 * cabine_hub_store_put_waiting:
 * @hub_session_id: the sessionId of a session waiting in the queue
 * @kiosk_id: its kiosk
 * @waiting_since: when it joined the queue (kept in UTC, to the microsecond)
 * @error: %CABINE_HUB_STORE_ERROR_FAILED
 *
 * Remembers that the session waits (data/protocol.md, "Queue (kiosk side)"), so that a restarted
 * hub gives it back its place when its kiosk joins again with its id; only these three values,
 * never patient data. Writing an id again replaces its row.
 */
gboolean cabine_hub_store_put_waiting       (CabineHubStore *self,
                                             const char     *hub_session_id,
                                             const char     *kiosk_id,
                                             GDateTime      *waiting_since,
                                             GError        **error);

/**
 * cabine_hub_store_get_waiting:
 * @out_kiosk_id: (out) (optional) (transfer full): the kiosk
 * @out_waiting_since: (out) (optional) (transfer full): when it joined the queue, UTC
 * @error: %CABINE_HUB_STORE_ERROR_NOT_FOUND (not waiting) or %CABINE_HUB_STORE_ERROR_FAILED (also
 *   when its time cannot be read)
 */
gboolean cabine_hub_store_get_waiting       (CabineHubStore *self,
                                             const char     *hub_session_id,
                                             char          **out_kiosk_id,
                                             GDateTime     **out_waiting_since,
                                             GError        **error);

/**
 * CabineHubStoreWaiting:
 * @hub_session_id: the sessionId of a waiting session
 * @kiosk_id: its kiosk
 * @waiting_since: when it joined the queue, UTC
 *
 * One row of cabine_hub_store_list_waiting(); freed with cabine_hub_store_waiting_free().
 */
typedef struct {
  char      *hub_session_id;
  char      *kiosk_id;
  GDateTime *waiting_since;
} CabineHubStoreWaiting;

/** cabine_hub_store_waiting_free: frees @waiting (nullable) and its members. */
void cabine_hub_store_waiting_free (CabineHubStoreWaiting *waiting);

/**
 * cabine_hub_store_list_waiting:
 * @error: %CABINE_HUB_STORE_ERROR_FAILED (also when a row's time cannot be read)
 *
 * Every waiting session the store remembers: at a hub's start, those of the earlier run, which
 * their kiosks may claim back during the restore window (the relay counts them in the positions
 * it tells the kiosks back already, so that nobody is told "next" and then moved back).
 *
 * Returns: (transfer full) (element-type CabineHubStoreWaiting): the rows in no given order
 *   (the array frees them), or %NULL on error
 */
GPtrArray *cabine_hub_store_list_waiting     (CabineHubStore *self,
                                              GError        **error);

/**
 * cabine_hub_store_delete_waiting:
 * @error: %CABINE_HUB_STORE_ERROR_FAILED (no row for @hub_session_id is no error)
 *
 * Forgets a waiting session: it was accepted, left the queue, or its kiosk did not come back.
 */
gboolean cabine_hub_store_delete_waiting    (CabineHubStore *self,
                                             const char     *hub_session_id,
                                             GError        **error);

/**
 * cabine_hub_store_delete_waiting_except:
 * @keep: (array zero-terminated=1) (nullable): sessionIds to keep (the sessions waiting now,
 *   restored ones included); %NULL: none
 * @out_n_deleted: (out) (optional): how many rows this deleted
 * @error: %CABINE_HUB_STORE_ERROR_FAILED (then none was deleted)
 *
 * Forgets every waiting session not in @keep: those of a previous hub that nobody restored within
 * the restarted hub's restore window. Called once, when that window closes.
 */
gboolean cabine_hub_store_delete_waiting_except (CabineHubStore      *self,
                                                 const char * const  *keep,
                                                 guint               *out_n_deleted,
                                                 GError             **error);

/**
 * cabine_hub_store_put_record:
 * @record_id: the record's id (the kiosk's consultation UUID): the idempotency key
 * @kiosk_id: the authenticated kiosk that sent it
 * @hub_session_id: (nullable): the hub sessionId the record names
 * @record_json: the record as received (UTF-8 JSON text)
 * @out_created: (out): %TRUE when stored now, %FALSE when this kiosk had already stored it (the
 *   first copy is kept unchanged)
 * @error: %CABINE_HUB_STORE_ERROR_CONFLICT when another kiosk owns @record_id, or
 *   %CABINE_HUB_STORE_ERROR_FAILED
 */
gboolean cabine_hub_store_put_record        (CabineHubStore *self,
                                             const char     *record_id,
                                             const char     *kiosk_id,
                                             const char     *hub_session_id,
                                             const char     *record_json,
                                             gboolean       *out_created,
                                             GError        **error);

/**
 * cabine_hub_store_get_record:
 * @id: a record id, or the hub sessionId the record names
 * @out_record_json: (out) (transfer full): the record as received
 * @out_hub_session_id: (out) (optional) (transfer full) (nullable): its hub sessionId
 * @error: %CABINE_HUB_STORE_ERROR_NOT_FOUND or %CABINE_HUB_STORE_ERROR_FAILED
 */
gboolean cabine_hub_store_get_record        (CabineHubStore *self,
                                             const char     *id,
                                             char          **out_record_json,
                                             char          **out_hub_session_id,
                                             GError        **error);

/** cabine_hub_store_count_records: Returns: the number of records, or -1 with @error set. */
gint64   cabine_hub_store_count_records     (CabineHubStore *self,
                                             GError        **error);

/**
 * cabine_hub_store_put_login:
 * @token_sha256: lowercase hex SHA-256 of a physician's login token (the token itself is never
 *   stored, so a copy of the store signs nobody in)
 * @username: the physician it signs in
 * @expires_at: Unix time, seconds, when it stops being valid
 * @error: %CABINE_HUB_STORE_ERROR_FAILED
 *
 * Keeps a login so that it outlives a restart of the hub (POST /api/login, data/protocol.md).
 */
gboolean cabine_hub_store_put_login         (CabineHubStore *self,
                                             const char     *token_sha256,
                                             const char     *username,
                                             gint64          expires_at,
                                             GError        **error);

/**
 * cabine_hub_store_get_login:
 * @token_sha256: as for cabine_hub_store_put_login()
 * @out_username: (out) (transfer full): the physician
 * @out_expires_at: (out): its expiry, Unix time in seconds (it may be past: the caller decides)
 * @error: %CABINE_HUB_STORE_ERROR_NOT_FOUND or %CABINE_HUB_STORE_ERROR_FAILED
 */
gboolean cabine_hub_store_get_login         (CabineHubStore *self,
                                             const char     *token_sha256,
                                             char          **out_username,
                                             gint64         *out_expires_at,
                                             GError        **error);

/**
 * cabine_hub_store_purge_logins:
 * @token_sha256: (nullable): also forget this login whatever its expiry (a sign-out), or %NULL
 * @now: Unix time, seconds: logins with `expires_at <= now` are deleted
 * @out_n_purged: (out) (optional): how many were deleted
 * @error: %CABINE_HUB_STORE_ERROR_FAILED
 */
gboolean cabine_hub_store_purge_logins      (CabineHubStore *self,
                                             const char     *token_sha256,
                                             gint64          now,
                                             guint          *out_n_purged,
                                             GError        **error);

/**
 * cabine_hub_store_put_notes:
 * @hub_session_id: the consultation's sessionId
 * @physician: the author's username (the caller checked that they accepted the consultation)
 * @text: UTF-8 notes; replaces the previous text
 * @error: %CABINE_HUB_STORE_ERROR_FAILED
 */
gboolean cabine_hub_store_put_notes         (CabineHubStore *self,
                                             const char     *hub_session_id,
                                             const char     *physician,
                                             const char     *text,
                                             GError        **error);

/**
 * cabine_hub_store_get_notes:
 * @out_text: (out) (transfer full): the notes
 * @out_physician: (out) (optional) (transfer full): their author's username
 * @out_updated_at: (out) (optional) (transfer full): RFC 3339 UTC time of the last change
 * @error: %CABINE_HUB_STORE_ERROR_NOT_FOUND (no notes) or %CABINE_HUB_STORE_ERROR_FAILED
 */
gboolean cabine_hub_store_get_notes         (CabineHubStore *self,
                                             const char     *hub_session_id,
                                             char          **out_text,
                                             char          **out_physician,
                                             char          **out_updated_at,
                                             GError        **error);

G_END_DECLS
