/* cabine-hub-peer.h: one signalling WebSocket connection to the hub
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Parses incoming frames into protocol messages (data/protocol.md), answers malformed ones with an
 * `error` message itself, and emits #CabineHubPeer::message for the others.
 */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

/** Close code sent after a failed hello (data/protocol.md, "Authentication"). */
#define CABINE_HUB_CLOSE_NOT_AUTHORIZED 4001
/** Close code sent to a kiosk connection replaced by a newer one with the same id. */
#define CABINE_HUB_CLOSE_REPLACED 4002

/** Largest frame libsoup accepts before it closes the socket (code 1009), in bytes. Frames between
 * CABINE_PROTOCOL_MAX_MESSAGE_SIZE and this get a `too-large` error and the socket stays up. */
/** Seconds a new connection has to send `hello` before the hub closes it (data/protocol.md). */
#define CABINE_HUB_PEER_HELLO_TIMEOUT_S 10
/** WebSocket close code (private range 4000–4999) for a connection that sent no `hello` in time. */
#define CABINE_HUB_PEER_CLOSE_HELLO_TIMEOUT 4003

#define CABINE_HUB_PEER_MAX_FRAME (4 * 1024 * 1024)

typedef enum {
  CABINE_HUB_PEER_ROLE_NONE,      /* before a successful hello */
  CABINE_HUB_PEER_ROLE_KIOSK,
  CABINE_HUB_PEER_ROLE_PHYSICIAN,
} CabineHubPeerRole;

#define CABINE_TYPE_HUB_PEER (cabine_hub_peer_get_type ())
G_DECLARE_FINAL_TYPE (CabineHubPeer, cabine_hub_peer, CABINE, HUB_PEER, GObject)

/**
 * cabine_hub_peer_new:
 * @connection: an open server-side WebSocket connection; the peer takes a reference
 * @keepalive_seconds: interval of keepalive pings, 0 for none
 *
 * Sets the connection's largest incoming payload to %CABINE_HUB_PEER_MAX_FRAME.
 *
 * Signals: "message" (const char *type, JsonObject *msg, const char *text): a well-formed message
 * (a JSON object with a string "type"); @text is the frame as received, for verbatim relay.
 * "closed" (): the socket is closed; emitted once.
 *
 * Returns: (transfer full): a new peer with role %CABINE_HUB_PEER_ROLE_NONE
 */
CabineHubPeer     *cabine_hub_peer_new              (SoupWebsocketConnection *connection,
                                                     guint                    keepalive_seconds);

/**
 * cabine_hub_peer_set_identity:
 * @self: a #CabineHubPeer
 * @role: the authenticated role
 * @key: peer key used by #CabineHubQueue, e.g. "kiosk/cabin-01"
 * @name: kiosk id or physician username
 * @display_name: (nullable): physician display name
 */
void               cabine_hub_peer_set_identity     (CabineHubPeer     *self,
                                                     CabineHubPeerRole  role,
                                                     const char        *key,
                                                     const char        *name,
                                                     const char        *display_name);

CabineHubPeerRole  cabine_hub_peer_get_role         (CabineHubPeer *self);
/** cabine_hub_peer_get_key: Returns: (transfer none) (nullable): the peer key, %NULL before hello */
const char        *cabine_hub_peer_get_key          (CabineHubPeer *self);
/** cabine_hub_peer_get_name: Returns: (transfer none) (nullable): kiosk id or username */
const char        *cabine_hub_peer_get_name         (CabineHubPeer *self);
/** cabine_hub_peer_get_display_name: Returns: (transfer none) (nullable): physician's name */
const char        *cabine_hub_peer_get_display_name (CabineHubPeer *self);
/** cabine_hub_peer_get_label: Returns: (transfer none): "peer <n>" for logs */
const char        *cabine_hub_peer_get_label        (CabineHubPeer *self);
/** cabine_hub_peer_is_open: Returns: whether the socket is still open */
gboolean           cabine_hub_peer_is_open          (CabineHubPeer *self);

/** cabine_hub_peer_send: sends @msg (not consumed) as a text frame; a no-op once closed. */
void               cabine_hub_peer_send             (CabineHubPeer *self,
                                                     JsonObject    *msg);

/** cabine_hub_peer_send_text: sends @text (UTF-8 JSON) as a text frame; a no-op once closed. */
void               cabine_hub_peer_send_text        (CabineHubPeer *self,
                                                     const char    *text);

/**
 * cabine_hub_peer_send_error:
 * @self: a #CabineHubPeer
 * @error: mapped to a wire code by cabine_protocol_new_error()
 * @in_reply_to: (nullable): "type" of the refused message
 *
 * Sends an `error` message.
 */
void               cabine_hub_peer_send_error       (CabineHubPeer *self,
                                                     const GError  *error,
                                                     const char    *in_reply_to);

/**
 * cabine_hub_peer_close:
 * @self: a #CabineHubPeer
 * @code: WebSocket close code (RFC 6455 §7.4; 4000–4999 are ours, see above)
 * @reason: (nullable): short close reason
 */
void               cabine_hub_peer_close            (CabineHubPeer *self,
                                                     gushort        code,
                                                     const char    *reason);

G_END_DECLS
