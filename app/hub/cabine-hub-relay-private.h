/* cabine-hub-relay-private.h: what cabine-hub-relay.c shares with cabine-hub-relay-resume.c
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Not installed, not for other callers: the relay's instance structure and the helpers its two
 * source files share. The relay is split by concern: cabine-hub-relay.c serves hello, the queue and
 * hangup; cabine-hub-relay-waiting.c joining the queue and the waiting sessions whose kiosk is away;
 * cabine-hub-relay-call.c checks and relays the call set-up messages;
 * cabine-hub-relay-resume.c keeps a call whose peer lost its signalling connection
 * (data/protocol.md, "Signalling interruption").
 */
#pragma once

#include <string.h>

#include "cabine-hub-peer.h"
#include "cabine-hub-relay.h"
#include "cabine-hub-store.h"
#include "cabine-protocol.h"

G_BEGIN_DECLS

struct _CabineHubRelay
{
  GObject parent_instance;

  CabineAccounts *accounts;
  GStrv ice_servers;
  CabineHubQueue *queue;
  GPtrArray *peers;    /* CabineHubPeer, owned: every open connection */
  GHashTable *by_key;  /* peer key → CabineHubPeer (borrowed from peers), authenticated only */
  guint physician_serial;
  GHashTable *questionnaires;  /* session id → JsonObject: the patient's answers from join-queue */
  char *turn_username, *turn_credential, *turn_secret;
  guint turn_ttl;

  /* Signalling interruption (cabine-hub-relay-resume.c). */
  guint resume_seconds;
  CabineHubStore *store;       /* (nullable): where consultations are noted and ended */
  gint64 store_since;          /* monotonic time, µs, the store was set: the restore window opens */
  GDateTime *started_at;       /* (nullable) the same moment, UTC: "accepted before this start" */
  guint restore_window;        /* timer: the restore window closes (0: closed, or no store) */
  GHashTable *grace;           /* session id → grace timers of its away peers */
  GHashTable *waiting_away;    /* session id → its timer (a source id): a waiting kiosk away */
  /* During the restore window: the store's waiting sessions of an earlier run not back yet
   * (CabineHubStoreWaiting), counted in the positions told to kiosks (nullable). */
  GPtrArray *expected_waiting;
  gboolean closing;            /* cabine_hub_relay_close_all() was called: sessions stay as they are */
};

/* Sends an `error` @code with @message, in reply to @in_reply_to, to @peer. Returns FALSE. */
static inline gboolean
refuse (CabineHubPeer       *peer,
        const char          *in_reply_to,
        CabineProtocolError  code,
        const char          *message)
{
  g_autoptr(GError) error = g_error_new_literal (CABINE_PROTOCOL_ERROR, code, message);

  cabine_hub_peer_send_error (peer, error, in_reply_to);
  return FALSE;
}

/* Whether @peer has @role; else it is sent `wrong-role`. */
static inline gboolean
check_role (CabineHubPeer     *peer,
            const char        *type,
            CabineHubPeerRole  role)
{
  if (cabine_hub_peer_get_role (peer) == role)
    return TRUE;
  return refuse (peer, type, CABINE_PROTOCOL_ERROR_WRONG_ROLE,
                 role == CABINE_HUB_PEER_ROLE_KIOSK ? "only a kiosk may send this message"
                                                    : "only a physician may send this message");
}

/* Returns a string field of @msg, a @type message, or NULL after sending the error. */
static inline const char *
get_string (CabineHubPeer *peer,
            JsonObject    *msg,
            const char    *type,
            const char    *field,
            gboolean       required)
{
  g_autoptr(GError) error = NULL;
  const char *value = cabine_protocol_get_string (msg, field, required, &error);

  if (error != NULL)
    cabine_hub_peer_send_error (peer, error, type);
  return value;
}

/* Sends `hangup` with @reason for @session_id to the peer of @peer_key, when connected. */
void          cabine_hub_relay_send_hangup       (CabineHubRelay         *self,
                                                  const char             *peer_key,
                                                  const char             *session_id,
                                                  const char             *reason);

/* The side of @s that @peer_key is: kiosk or physician. @peer_key must be one of @s's keys. */
CabineHubSide cabine_hub_relay_side_of           (const CabineHubSession *s,
                                                  const char             *peer_key);

/* Forgets session @session_id (questionnaire, grace timers, the queue's entry) and, when it was
 * active, records in the store that it ended. */
void          cabine_hub_relay_end_session       (CabineHubRelay         *self,
                                                  const char             *session_id);

/* The active session @session_id lost @side's connection (its socket closed, or a kiosk's newer
 * connection replaced it): with resume-seconds, that side is away and its timer runs, the other
 * peer is told `peer-away`; without, the other peer gets `hangup` peer-disconnected and the
 * session ends. */
void          cabine_hub_relay_peer_gone         (CabineHubRelay         *self,
                                                  const char             *session_id,
                                                  CabineHubSide           side);

/* offer, answer, ice from the authenticated @peer: checked, then relayed verbatim (@text) to the
 * session's other peer (cabine-hub-relay-call.c). */
void          cabine_hub_relay_handle_call_message (CabineHubRelay       *self,
                                                    CabineHubPeer        *peer,
                                                    const char           *type,
                                                    JsonObject           *msg,
                                                    const char           *text);

/* signal-refused from the authenticated @peer: checked, then relayed verbatim (@text) to the
 * physician of the kiosk's call (cabine-hub-relay-call.c). */
void          cabine_hub_relay_handle_signal_refused (CabineHubRelay     *self,
                                                      CabineHubPeer      *peer,
                                                      JsonObject         *msg,
                                                      const char         *text);

/* `resume` from the authenticated @peer (data/protocol.md, "Signalling interruption"). */
void          cabine_hub_relay_handle_resume     (CabineHubRelay         *self,
                                                  CabineHubPeer          *peer,
                                                  JsonObject             *msg);

/* Opens the restore window, now (the store was just set): when resume-seconds have passed, the
 * consultations of the store's previous runs that nobody resumed are recorded as ended. */
void          cabine_hub_relay_open_restore_window (CabineHubRelay       *self);

/* Sends the queue to every physician and its position to every waiting kiosk, except to the
 * kiosk of @skip_session_id (nullable; it has just been told with `queued`). */
void          cabine_hub_relay_broadcast_queue   (CabineHubRelay         *self,
                                                  const char             *skip_session_id);

/* Sends @peer a @type ("queued" or "queue-position") message with @session_id's position. */
void          cabine_hub_relay_send_position     (CabineHubRelay         *self,
                                                  CabineHubPeer          *peer,
                                                  const char             *type,
                                                  const char             *session_id);

/* `join-queue` from the authenticated @peer, a new session or a waiting one claimed back with its
 * `sessionId` (cabine-hub-relay-waiting.c; data/protocol.md, "Queue (kiosk side)"). */
void          cabine_hub_relay_handle_join_queue (CabineHubRelay         *self,
                                                  CabineHubPeer          *peer,
                                                  JsonObject             *msg);

/* The waiting session @session_id lost its kiosk's connection: with resume-seconds, it is away
 * (kept in its place, hidden, its timer runs); without, it leaves the queue at once. The caller
 * sends the queue to physicians. */
void          cabine_hub_relay_waiting_gone      (CabineHubRelay         *self,
                                                  const char             *session_id);

/* The waiting session @session_id leaves the queue (accepted, left, expired): its away timer is
 * stopped and the store forgets it. */
void          cabine_hub_relay_forget_waiting    (CabineHubRelay         *self,
                                                  const char             *session_id);

/* The restore window closes (the store is set): the store forgets the waiting sessions of an
 * earlier run that nobody restored. */
void          cabine_hub_relay_sweep_waiting     (CabineHubRelay         *self);
void          cabine_hub_relay_expect_waiting    (CabineHubRelay         *self);
void          cabine_hub_relay_waiting_back      (CabineHubRelay         *self,
                                                  const char             *kiosk_id);
void          cabine_hub_relay_count_expected    (CabineHubRelay         *self,
                                                  GDateTime              *waiting_since,
                                                  guint                  *ahead,
                                                  guint                  *total);

/* Removes an away waiting session's timer: a GDestroyNotify for the values of @waiting_away. */
void          cabine_hub_relay_waiting_timer_remove (gpointer             data);

/* Frees the grace timers: a GDestroyNotify for the values of @grace. */
void          cabine_hub_relay_grace_free        (gpointer                data);

G_END_DECLS
