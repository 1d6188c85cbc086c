/* cabine-hub-relay.h: the signalling relay: hello, queue, accept, call messages, hangup
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Implements the signalling half of data/protocol.md on top of #CabineHubQueue (state) and
 * #CabineHubPeer (sockets).
 */
#pragma once

#include <libsoup/soup.h>

#include "cabine-accounts.h"
#include "cabine-hub-queue.h"
#include "cabine-hub-store.h"

G_BEGIN_DECLS

/** Interval of WebSocket keepalive pings, in seconds. */
#define CABINE_HUB_RELAY_KEEPALIVE 20

/** Resume window of a new relay, in seconds (`[hub] resume-seconds` by default). */
#define CABINE_HUB_RELAY_DEFAULT_RESUME_SECONDS 60

#define CABINE_TYPE_HUB_RELAY (cabine_hub_relay_get_type ())
/**
 * CabineHubRelay::session-accepted:
 * @session_id: the consultation's sessionId
 * @kiosk_id: the kiosk it came from
 * @username: the physician who took it
 *
 * Emitted when a physician takes a waiting consultation (after `accepted` and `session-started`
 * were sent).
 */
G_DECLARE_FINAL_TYPE (CabineHubRelay, cabine_hub_relay, CABINE, HUB_RELAY, GObject)

/**
 * cabine_hub_relay_new:
 * @accounts: kiosk and physician credentials; the relay takes a reference
 * @ice_servers: (array zero-terminated=1): STUN/TURN URLs for `accepted` / `session-started`
 *
 * Returns: (transfer full): a new relay with an empty queue
 */
CabineHubRelay *cabine_hub_relay_new               (CabineAccounts           *accounts,
                                                    const char * const       *ice_servers);

/**
 * cabine_hub_relay_set_turn_auth:
 * @username: (nullable): static TURN username, with @credential
 * @credential: (nullable): static TURN password
 * @secret: (nullable): coturn's static-auth-secret: each `accepted` / `session-started` then
 *   carries fresh credentials, username "EXPIRY:cabine" (Unix time now + @ttl) and credential
 *   base64 (HMAC-SHA1 (@secret, username)), draft-uberti-behave-turn-rest-00 §2.2
 * @ttl: lifetime of those credentials, in seconds
 *
 * Credentials added to every turn:/turns: entry of `iceServers`; none when all are %NULL.
 */
void            cabine_hub_relay_set_turn_auth     (CabineHubRelay           *self,
                                                    const char               *username,
                                                    const char               *credential,
                                                    const char               *secret,
                                                    guint                     ttl);

/**
 * cabine_hub_relay_add_connection:
 * @self: a #CabineHubRelay
 * @connection: a new server-side WebSocket connection (a reference is taken)
 *
 * Starts serving one signalling connection until it closes.
 */
void            cabine_hub_relay_add_connection    (CabineHubRelay           *self,
                                                    SoupWebsocketConnection  *connection);

/**
 * cabine_hub_relay_set_resume_seconds:
 * @self: a #CabineHubRelay
 * @seconds: `[hub] resume-seconds` (at most %G_MAXUINT / 1000)
 *
 * How long an active session whose peer lost its signalling connection (socket closed, or a
 * kiosk's newer connection) waits for that peer's `resume`, the other peer being told `peer-away`;
 * when it passes, the other peer gets `hangup` peer-disconnected and the session ends
 * (data/protocol.md, "Signalling interruption"). 0: the session ends at once. Also the length of
 * the restore window (cabine_hub_relay_set_store()). Applies to connections lost from now on.
 */
void            cabine_hub_relay_set_resume_seconds (CabineHubRelay          *self,
                                                     guint                    seconds);

/**
 * cabine_hub_relay_set_store:
 * @self: a #CabineHubRelay
 * @store: (nullable): the hub's store; the relay takes a reference
 *
 * Where the relay records that a consultation ended (cabine_hub_store_end_consultation(): on a
 * hangup, a peer that did not resume in time, the patient leaving; not when the hub stops, see
 * cabine_hub_relay_close_all()), and where it finds, during the resume-seconds that follow this
 * call (the hub's start), the consultations a previous run of the hub had in a call: a `resume`
 * of one that was accepted and not ended, from its kiosk or from the physician who accepted it,
 * restores it as an active session, the other peer away.
 */
void            cabine_hub_relay_set_store         (CabineHubRelay           *self,
                                                    CabineHubStore           *store);

/** cabine_hub_relay_get_queue: Returns: (transfer none): the queue. */
CabineHubQueue *cabine_hub_relay_get_queue         (CabineHubRelay           *self);

/** cabine_hub_relay_get_n_kiosks: Returns: the number of authenticated kiosk connections. */
guint           cabine_hub_relay_get_n_kiosks      (CabineHubRelay           *self);

/** cabine_hub_relay_get_n_physicians: Returns: the number of authenticated physician connections. */
guint           cabine_hub_relay_get_n_physicians  (CabineHubRelay           *self);

/**
 * cabine_hub_relay_close_all:
 *
 * Closes every connection (going away, 1001) at shutdown. The sessions are left as they are: no
 * peer is told, and none is recorded as ended in the store, so that the calls, which go on peer to
 * peer, can be resumed from a restarted hub. The relay serves no new session afterwards.
 */
void            cabine_hub_relay_close_all         (CabineHubRelay           *self);

G_END_DECLS
