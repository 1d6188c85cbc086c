/* cabine-hub-queue.h: the waiting queue and the consultations in progress, without sockets
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Peers are named by opaque "peer keys" chosen by the caller (the relay uses "kiosk/<id>" and
 * "physician/<username>/<n>"). A session is WAITING from join until accept, then ACTIVE until it
 * ends. Errors use the %CABINE_PROTOCOL_ERROR domain so that they map directly to the `error`
 * codes of data/protocol.md.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/** Longest "reason" accepted in join-queue, in bytes. */
#define CABINE_HUB_QUEUE_MAX_REASON 2000

/**
 * CABINE_HUB_QUEUE_MAX_LANGUAGE:
 *
 * The longest "language" of a join-queue, in bytes: a BCP 47 tag (RFC 5646 §4.4.1 asks
 * implementations to take at least 35 characters; ours are "fr" and "en").
 */
#define CABINE_HUB_QUEUE_MAX_LANGUAGE 35

typedef enum {
  CABINE_HUB_SESSION_WAITING,
  CABINE_HUB_SESSION_ACTIVE,
} CabineHubSessionState;

/**
 * CabineHubSide:
 * @CABINE_HUB_SIDE_KIOSK: the kiosk of a session
 * @CABINE_HUB_SIDE_PHYSICIAN: its physician
 *
 * One of the two peers of an active session.
 */
typedef enum {
  CABINE_HUB_SIDE_KIOSK,
  CABINE_HUB_SIDE_PHYSICIAN,
} CabineHubSide;

/**
 * CabineHubSession:
 * @id: UUID (g_uuid_string_random)
 * @kiosk_key: peer key of the kiosk
 * @kiosk_id: the kiosk's configured id
 * @reason: reason for consultation, as typed by the patient
 * @language: (nullable): the patient's language tag, e.g. "fr"
 * @waiting_since: UTC time of join-queue
 * @state: waiting or active
 * @physician_key: (nullable): peer key of the physician, once accepted
 * @physician_name: (nullable): display name of the physician, once accepted
 * @physician_user: (nullable): username of the physician, once accepted
 * @away: indexed by #CabineHubSide: whether that peer has lost its signalling connection and not
 *   resumed the call yet (data/protocol.md, "Signalling interruption"); while waiting, only the
 *   kiosk's may be %TRUE: the session keeps its place but is not shown, counted nor accepted
 *   until its kiosk joins again with its id (data/protocol.md, "Queue (kiosk side)")
 *
 * A consultation. Owned by the queue; read-only for callers, valid until the session ends.
 */
typedef struct {
  char *id;
  char *kiosk_key;
  char *kiosk_id;
  char *reason;
  char *language;
  GDateTime *waiting_since;
  CabineHubSessionState state;
  char *physician_key;
  char *physician_name;
  char *physician_user;
  gboolean away[2];
} CabineHubSession;

#define CABINE_TYPE_HUB_QUEUE (cabine_hub_queue_get_type ())
G_DECLARE_FINAL_TYPE (CabineHubQueue, cabine_hub_queue, CABINE, HUB_QUEUE, GObject)

/** cabine_hub_queue_new: Returns: (transfer full): an empty queue. */
CabineHubQueue         *cabine_hub_queue_new             (void);

/**
 * cabine_hub_queue_join:
 * @self: a #CabineHubQueue
 * @kiosk_key: peer key of the kiosk
 * @kiosk_id: the kiosk's id
 * @reason: reason for consultation (UTF-8, at most %CABINE_HUB_QUEUE_MAX_REASON bytes)
 * @language: (nullable): language tag
 * @now: (nullable): the join time (UTC); %NULL for the current time
 * @error: %CABINE_PROTOCOL_ERROR_BAD_FIELD when @reason is too long or when the kiosk already has a
 *   session (waiting or active)
 *
 * Appends a new waiting session at the end of the queue.
 *
 * Returns: (transfer none) (nullable): the new session, or %NULL with @error set
 */
const CabineHubSession *cabine_hub_queue_join            (CabineHubQueue *self,
                                                          const char     *kiosk_key,
                                                          const char     *kiosk_id,
                                                          const char     *reason,
                                                          const char     *language,
                                                          GDateTime      *now,
                                                          GError        **error);

/**
 * cabine_hub_queue_accept:
 * @self: a #CabineHubQueue
 * @session_id: a session id
 * @physician_key: peer key of the physician
 * @physician_user: username of the physician
 * @physician_name: display name of the physician
 * @error: %CABINE_PROTOCOL_ERROR_NO_SUCH_SESSION for an unknown id or a waiting session whose kiosk
 *   is away,
 *   %CABINE_PROTOCOL_ERROR_ALREADY_TAKEN for a session already active
 *
 * Moves a waiting session out of the queue to ACTIVE, held by @physician_key.
 *
 * Returns: (transfer none) (nullable): the session, or %NULL with @error set
 */
const CabineHubSession *cabine_hub_queue_accept          (CabineHubQueue *self,
                                                          const char     *session_id,
                                                          const char     *physician_key,
                                                          const char     *physician_user,
                                                          const char     *physician_name,
                                                          GError        **error);

/**
 * cabine_hub_queue_restore:
 * @self: a #CabineHubQueue
 * @session_id: the id the session had (a hub's store keeps it across a restart)
 * @kiosk_key: peer key of the kiosk
 * @kiosk_id: the kiosk's id
 * @physician_key: peer key of the physician
 * @physician_user: username of the physician
 * @physician_name: display name of the physician
 * @error: %CABINE_PROTOCOL_ERROR_NO_SUCH_SESSION when @session_id is already a session or the kiosk
 *   already has one (waiting or active)
 *
 * Adds an ACTIVE session that a previous run of the hub had accepted (data/protocol.md, "Signalling
 * interruption"), both peers present; its @reason is empty (the patient's text is not kept) and its
 * @waiting_since is now.
 *
 * Returns: (transfer none) (nullable): the session, or %NULL with @error set
 */
const CabineHubSession *cabine_hub_queue_restore         (CabineHubQueue *self,
                                                          const char     *session_id,
                                                          const char     *kiosk_key,
                                                          const char     *kiosk_id,
                                                          const char     *physician_key,
                                                          const char     *physician_user,
                                                          const char     *physician_name,
                                                          GError        **error);

/**
 * cabine_hub_queue_restore_waiting:
 * @self: a #CabineHubQueue
 * @session_id: the id the waiting session had (a hub's store keeps it across a restart)
 * @kiosk_key: peer key of the kiosk
 * @kiosk_id: the kiosk's id
 * @reason: reason for consultation, as for cabine_hub_queue_join()
 * @language: (nullable): language tag, as for cabine_hub_queue_join()
 * @waiting_since: the original join time (any time zone; kept in UTC)
 * @error: %CABINE_PROTOCOL_ERROR_BAD_FIELD when @reason or @language is too long;
 *   %CABINE_PROTOCOL_ERROR_NO_SUCH_SESSION when @session_id is already a session or the kiosk
 *   already has one (waiting or active)
 *
 * Adds a WAITING session that a previous run of the hub had in its queue, present, placed before
 * the first waiting session that joined later than @waiting_since (the queue is ranked by join
 * time).
 *
 * Returns: (transfer none) (nullable): the session, or %NULL with @error set
 */
const CabineHubSession *cabine_hub_queue_restore_waiting (CabineHubQueue *self,
                                                          const char     *session_id,
                                                          const char     *kiosk_key,
                                                          const char     *kiosk_id,
                                                          const char     *reason,
                                                          const char     *language,
                                                          GDateTime      *waiting_since,
                                                          GError        **error);

/**
 * cabine_hub_queue_rejoin:
 * @self: a #CabineHubQueue
 * @session_id: a waiting session's id
 * @reason: its reason for consultation, sent again by the kiosk (as for cabine_hub_queue_join())
 * @language: (nullable): its language tag, sent again
 * @error: %CABINE_PROTOCOL_ERROR_BAD_FIELD when @reason or @language is too long;
 *   %CABINE_PROTOCOL_ERROR_NO_SUCH_SESSION when @session_id is not a waiting session
 *
 * The kiosk of a waiting session joined again with its id: the session keeps its id and place,
 * takes @reason and @language, and is present again (not away).
 *
 * Returns: (transfer none) (nullable): the session, or %NULL with @error set
 */
const CabineHubSession *cabine_hub_queue_rejoin          (CabineHubQueue *self,
                                                          const char     *session_id,
                                                          const char     *reason,
                                                          const char     *language,
                                                          GError        **error);

/**
 * cabine_hub_queue_set_away:
 * @self: a #CabineHubQueue
 * @session_id: an active session's id, or a waiting one's (then only with
 *   %CABINE_HUB_SIDE_KIOSK)
 * @side: which of its peers
 * @away: %TRUE when that peer lost its signalling connection, %FALSE when it resumed the call (or
 *   joined the queue again with the session's id)
 *
 * Returns: %FALSE when @session_id is neither an active session nor a waiting one with @side the
 *   kiosk (nothing changed)
 */
gboolean                cabine_hub_queue_set_away        (CabineHubQueue *self,
                                                          const char     *session_id,
                                                          CabineHubSide   side,
                                                          gboolean        away);

/**
 * cabine_hub_queue_set_physician_key:
 * @self: a #CabineHubQueue
 * @session_id: an active session's id
 * @physician_key: the peer key of the physician's connection that takes the call over (a
 *   physician's peer keys are per connection)
 *
 * Returns: %FALSE when @session_id is not an active session (nothing changed)
 */
gboolean                cabine_hub_queue_set_physician_key (CabineHubQueue *self,
                                                            const char     *session_id,
                                                            const char     *physician_key);

/**
 * cabine_hub_queue_route:
 * @self: a #CabineHubQueue
 * @session_id: a session id
 * @from_key: peer key of the sender
 * @error: %CABINE_PROTOCOL_ERROR_NO_SUCH_SESSION when the session does not exist, is not active,
 *   or @from_key is not one of its two peers (the same code, to not reveal other sessions)
 *
 * Finds where a call message (offer, answer, ice, hangup) from @from_key must go.
 *
 * Returns: (transfer none) (nullable): the other peer's key, or %NULL with @error set
 */
const char             *cabine_hub_queue_route           (CabineHubQueue *self,
                                                          const char     *session_id,
                                                          const char     *from_key,
                                                          GError        **error);

/**
 * cabine_hub_queue_lookup:
 * Returns: (transfer none) (nullable): the session with @session_id, or %NULL
 */
const CabineHubSession *cabine_hub_queue_lookup          (CabineHubQueue *self,
                                                          const char     *session_id);

/**
 * cabine_hub_queue_find_by_kiosk:
 * Returns: (transfer none) (nullable): the session (waiting or active) of @kiosk_key, or %NULL
 */
const CabineHubSession *cabine_hub_queue_find_by_kiosk   (CabineHubQueue *self,
                                                          const char     *kiosk_key);

/**
 * cabine_hub_queue_list_for_peer:
 * Returns: (transfer container) (element-type utf8): ids of the sessions in which @peer_key is
 *   the kiosk or the physician; the strings are copies owned by the array
 */
GPtrArray              *cabine_hub_queue_list_for_peer   (CabineHubQueue *self,
                                                          const char     *peer_key);

/**
 * cabine_hub_queue_end:
 * @self: a #CabineHubQueue
 * @session_id: a session id
 *
 * Forgets a session, waiting or active.
 *
 * Returns: %TRUE if it existed
 */
gboolean                cabine_hub_queue_end             (CabineHubQueue *self,
                                                          const char     *session_id);

/**
 * cabine_hub_queue_get_waiting:
 * Returns: (transfer container) (element-type CabineHubSession): the waiting sessions whose kiosk
 *   is present (not away), first come first; the sessions are borrowed from the queue
 */
GPtrArray              *cabine_hub_queue_get_waiting     (CabineHubQueue *self);

/**
 * cabine_hub_queue_get_length:
 * Returns: the number of waiting sessions whose kiosk is present (not away)
 */
guint                   cabine_hub_queue_get_length      (CabineHubQueue *self);

/**
 * cabine_hub_queue_get_position:
 * Returns: the 1-based position of @session_id among the waiting sessions whose kiosk is present,
 *   or 0 if it is not one of them (not waiting, or away)
 */
guint                   cabine_hub_queue_get_position    (CabineHubQueue *self,
                                                          const char     *session_id);

/** cabine_hub_queue_get_n_active: Returns: the number of consultations in progress. */
guint                   cabine_hub_queue_get_n_active    (CabineHubQueue *self);

/**
 * cabine_hub_queue_dup_active_ids:
 * Returns: (transfer full) (array zero-terminated=1): the ids of the consultations in progress
 *   (active sessions, restored ones included, whether or not a peer is away), in no order; free
 *   with g_strfreev()
 */
char                  **cabine_hub_queue_dup_active_ids  (CabineHubQueue *self);

/**
 * cabine_hub_queue_dup_waiting_ids:
 * Returns: (transfer full) (array zero-terminated=1): the ids of the waiting sessions, away ones
 *   included, first come first; free with g_strfreev()
 */
char                  **cabine_hub_queue_dup_waiting_ids (CabineHubQueue *self);

G_END_DECLS
