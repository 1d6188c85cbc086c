/* cabine-hub-relay-call.c: the call set-up messages (offer, answer, ice, signal-refused)
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * data/protocol.md, "Call set-up" and "Recovery": each message is checked, then relayed verbatim
 * to the other peer of its session, unless that peer is away ("Signalling interruption"). Logging:
 * session ids and message types only, never an SDP, a candidate or a refusal's reason.
 */
#define G_LOG_DOMAIN "cabine-hub-relay"

#include "cabine-hub-relay-private.h"

/* The optional "attempt" of a call message (data/protocol.md, "Recovery"): an integer
 * 0–2147483647. FALSE after sending the error. */
static gboolean
check_attempt (CabineHubPeer *peer,
               const char    *type,
               JsonObject    *msg)
{
  g_autoptr(GError) error = NULL;
  gint64 attempt;

  if (!json_object_has_member (msg, "attempt"))
    return TRUE;
  if (!cabine_protocol_get_int (msg, "attempt", &attempt, &error))
    {
      cabine_hub_peer_send_error (peer, error, type);
      return FALSE;
    }
  if (attempt < 0 || attempt > G_MAXINT32)
    return refuse (peer, type, CABINE_PROTOCOL_ERROR_BAD_FIELD, "\"attempt\" is out of range");
  return TRUE;
}

/* Sends @text, a @type message of session @id from @peer, to the session's other peer; a session
 * @peer is not in gets an error (cabine_hub_queue_route()), and so does a message from a side of
 * the call that is away: a kiosk's new connection that has not sent `resume` yet (the kiosk's key
 * is the same on every connection, so it routes) must not reach the physician before it has
 * claimed the call back. A message for a peer that is away (data/protocol.md, "Signalling
 * interruption") is dropped without one. Returns: whether @id routes. */
static gboolean
relay_to_other (CabineHubRelay *self,
                CabineHubPeer  *peer,
                const char     *id,
                const char     *type,
                const char     *text)
{
  g_autoptr(GError) error = NULL;
  const char *to_key = cabine_hub_queue_route (self->queue, id, cabine_hub_peer_get_key (peer),
                                               &error);
  const CabineHubSession *s;
  CabineHubSide side;
  CabineHubPeer *other;

  if (to_key == NULL)
    {
      cabine_hub_peer_send_error (peer, error, type);
      return FALSE;
    }
  s = cabine_hub_queue_lookup (self->queue, id);
  side = cabine_hub_relay_side_of (s, cabine_hub_peer_get_key (peer));
  if (s->away[side])
    {
      refuse (peer, type, CABINE_PROTOCOL_ERROR_NO_SUCH_SESSION,
              "this connection has not resumed the call: send resume first");
      return FALSE;
    }
  if (s->away[side == CABINE_HUB_SIDE_KIOSK ? CABINE_HUB_SIDE_PHYSICIAN : CABINE_HUB_SIDE_KIOSK])
    {
      g_debug ("session %s: '%s' dropped: its peer is away", id, type);
      return TRUE;
    }
  other = g_hash_table_lookup (self->by_key, to_key);
  if (other != NULL)
    cabine_hub_peer_send_text (other, text);
  return TRUE;
}

void
cabine_hub_relay_handle_call_message (CabineHubRelay *self,
                                      CabineHubPeer  *peer,
                                      const char     *type,
                                      JsonObject     *msg,
                                      const char     *text)
{
  g_autoptr(GError) error = NULL;
  const char *id;

  if (g_str_equal (type, "offer") && !check_role (peer, type, CABINE_HUB_PEER_ROLE_KIOSK))
    return;
  if (g_str_equal (type, "answer") && !check_role (peer, type, CABINE_HUB_PEER_ROLE_PHYSICIAN))
    return;
  if ((id = get_string (peer, msg, type, "sessionId", TRUE)) == NULL)
    return;
  /* A recovery's messages (data/protocol.md, "Recovery"): "attempt" an integer, "restart" a
   * boolean on offers. */
  if (!check_attempt (peer, type, msg))
    return;
  if (json_object_has_member (msg, "restart") &&
      (!g_str_equal (type, "offer") || !JSON_NODE_HOLDS_VALUE (json_object_get_member (msg, "restart")) ||
       json_node_get_value_type (json_object_get_member (msg, "restart")) != G_TYPE_BOOLEAN))
    {
      refuse (peer, type, CABINE_PROTOCOL_ERROR_BAD_FIELD, "\"restart\" must be a boolean, on an offer");
      return;
    }
  if (g_str_equal (type, "ice"))
    {
      gint64 index;
      const char *candidate = get_string (peer, msg, type, "candidate", TRUE);

      if (candidate == NULL)
        return;
      if (strlen (candidate) > CABINE_PROTOCOL_MAX_CANDIDATE)
        {
          refuse (peer, type, CABINE_PROTOCOL_ERROR_BAD_FIELD,
                  "\"candidate\" is longer than " G_STRINGIFY (CABINE_PROTOCOL_MAX_CANDIDATE)
                  " bytes");
          return;
        }
      if (!cabine_protocol_get_int (msg, "sdpMLineIndex", &index, &error))
        {
          cabine_hub_peer_send_error (peer, error, type);
          return;
        }
      if (index < 0 || index > G_MAXUINT16)
        {
          refuse (peer, type, CABINE_PROTOCOL_ERROR_BAD_FIELD, "\"sdpMLineIndex\" is out of range");
          return;
        }
      if (cabine_protocol_get_string (msg, "sdpMid", FALSE, &error) == NULL && error != NULL)
        {
          cabine_hub_peer_send_error (peer, error, type);
          return;
        }
    }
  else
    {
      const char *sdp = get_string (peer, msg, type, "sdp", TRUE);

      if (sdp == NULL)
        return;
      if (!g_str_has_prefix (sdp, "v=0"))
        {
          refuse (peer, type, CABINE_PROTOCOL_ERROR_BAD_FIELD, "\"sdp\" is not an SDP (v=0…)");
          return;
        }
    }

  if (relay_to_other (self, peer, id, type, text))
    g_debug ("session %s: relaying '%s'", id, type);
}

/* signal-refused: the kiosk could not use its physician's answer or ice (data/protocol.md, "Call
 * set-up"). Checked, then relayed verbatim to the physician of the kiosk's own call. The reason
 * is not logged: it is the kiosk's text, and may quote what the physician sent. */
void
cabine_hub_relay_handle_signal_refused (CabineHubRelay *self,
                                        CabineHubPeer  *peer,
                                        JsonObject     *msg,
                                        const char     *text)
{
  static const char type[] = "signal-refused";
  const char *in_reply_to;
  const char *reason;
  const char *id;

  if (!check_role (peer, type, CABINE_HUB_PEER_ROLE_KIOSK))
    return;
  if ((id = get_string (peer, msg, type, "sessionId", TRUE)) == NULL ||
      (in_reply_to = get_string (peer, msg, type, "inReplyTo", TRUE)) == NULL ||
      (reason = get_string (peer, msg, type, "reason", TRUE)) == NULL)
    return;
  if (!g_str_equal (in_reply_to, "answer") && !g_str_equal (in_reply_to, "ice"))
    {
      refuse (peer, type, CABINE_PROTOCOL_ERROR_BAD_FIELD, "\"inReplyTo\" must be \"answer\" or \"ice\"");
      return;
    }
  if (strlen (reason) > CABINE_PROTOCOL_MAX_REFUSAL_REASON)
    {
      refuse (peer, type, CABINE_PROTOCOL_ERROR_BAD_FIELD,
              "\"reason\" is longer than " G_STRINGIFY (CABINE_PROTOCOL_MAX_REFUSAL_REASON) " bytes");
      return;
    }
  if (!check_attempt (peer, type, msg))
    return;

  /* Only a kiosk gets here: a peer of an active session that is a kiosk is its own kiosk. */
  if (relay_to_other (self, peer, id, type, text))
    g_message ("session %s: the kiosk refused the physician's '%s'", id, in_reply_to);
}
