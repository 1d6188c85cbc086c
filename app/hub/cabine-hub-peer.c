/* cabine-hub-peer.c: one signalling WebSocket connection to the hub
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "cabine-hub-peer"

#include "cabine-hub-peer.h"

#include "cabine-protocol.h"

struct _CabineHubPeer
{
  GObject parent_instance;

  SoupWebsocketConnection *connection;
  gulong message_id;
  gulong closed_id;
  gboolean closed;
  guint hello_timeout_id;

  CabineHubPeerRole role;
  char *key;
  char *name;
  char *display_name;
  char *label;
};

enum {
  SIGNAL_MESSAGE,
  SIGNAL_CLOSED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (CabineHubPeer, cabine_hub_peer, G_TYPE_OBJECT)

static void
cabine_hub_peer_dispose (GObject *object)
{
  CabineHubPeer *self = CABINE_HUB_PEER (object);

  g_clear_handle_id (&self->hello_timeout_id, g_source_remove);
  if (self->connection != NULL)
    {
      g_clear_signal_handler (&self->message_id, self->connection);
      g_clear_signal_handler (&self->closed_id, self->connection);
      if (soup_websocket_connection_get_state (self->connection) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_close (self->connection, SOUP_WEBSOCKET_CLOSE_GOING_AWAY, NULL);
      g_clear_object (&self->connection);
    }

  G_OBJECT_CLASS (cabine_hub_peer_parent_class)->dispose (object);
}

static void
cabine_hub_peer_finalize (GObject *object)
{
  CabineHubPeer *self = CABINE_HUB_PEER (object);

  g_free (self->key);
  g_free (self->name);
  g_free (self->display_name);
  g_free (self->label);

  G_OBJECT_CLASS (cabine_hub_peer_parent_class)->finalize (object);
}

static void
cabine_hub_peer_class_init (CabineHubPeerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cabine_hub_peer_dispose;
  object_class->finalize = cabine_hub_peer_finalize;

  signals[SIGNAL_MESSAGE] =
    g_signal_new ("message", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_STRING, JSON_TYPE_OBJECT, G_TYPE_STRING);
  signals[SIGNAL_CLOSED] =
    g_signal_new ("closed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
cabine_hub_peer_init (CabineHubPeer *self)
{
  static guint serial;

  self->label = g_strdup_printf ("peer %u", ++serial);
}

static void
on_message (SoupWebsocketConnection *connection,
            int                      data_type,
            GBytes                  *message,
            gpointer                 user_data)
{
  CabineHubPeer *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) msg = NULL;
  g_autofree char *text = NULL;
  const char *type = NULL;
  gsize length = 0;
  const char *data = g_bytes_get_data (message, &length);

  if (data_type != SOUP_WEBSOCKET_DATA_TEXT)
    {
      g_set_error_literal (&error, CABINE_PROTOCOL_ERROR, CABINE_PROTOCOL_ERROR_BAD_JSON,
                           "binary frames are not accepted");
      cabine_hub_peer_send_error (self, error, NULL);
      return;
    }
  msg = cabine_protocol_parse (data, length, &type, &error);
  if (msg == NULL)
    {
      g_debug ("%s: refused a message: %s", self->label,
               cabine_protocol_error_to_code ((CabineProtocolError) error->code));
      cabine_hub_peer_send_error (self, error, NULL);
      return;
    }
  text = g_strndup (data, length);
  g_debug ("%s: received '%s' (%" G_GSIZE_FORMAT " bytes)", self->label, type, length);
  g_object_ref (self);
  g_signal_emit (self, signals[SIGNAL_MESSAGE], 0, type, msg, text);
  g_object_unref (self);
}

static void
on_closed (SoupWebsocketConnection *connection,
           gpointer                 user_data)
{
  CabineHubPeer *self = user_data;

  if (self->closed)
    return;
  self->closed = TRUE;
  g_debug ("%s: closed (code %u)", self->label,
           soup_websocket_connection_get_close_code (connection));
  g_object_ref (self);
  g_signal_emit (self, signals[SIGNAL_CLOSED], 0);
  g_object_unref (self);
}

static gboolean
on_hello_timeout (gpointer user_data)
{
  CabineHubPeer *self = user_data;

  self->hello_timeout_id = 0;
  g_message ("%s: no hello within %d s, closing", cabine_hub_peer_get_label (self),
             CABINE_HUB_PEER_HELLO_TIMEOUT_S);
  cabine_hub_peer_close (self, CABINE_HUB_PEER_CLOSE_HELLO_TIMEOUT, "no hello");
  return G_SOURCE_REMOVE;
}

CabineHubPeer *
cabine_hub_peer_new (SoupWebsocketConnection *connection,
                     guint                    keepalive_seconds)
{
  CabineHubPeer *self;

  g_return_val_if_fail (SOUP_IS_WEBSOCKET_CONNECTION (connection), NULL);

  self = g_object_new (CABINE_TYPE_HUB_PEER, NULL);
  self->connection = g_object_ref (connection);
  soup_websocket_connection_set_max_incoming_payload_size (connection, CABINE_HUB_PEER_MAX_FRAME);
  soup_websocket_connection_set_keepalive_interval (connection, keepalive_seconds);
  self->message_id = g_signal_connect (connection, "message", G_CALLBACK (on_message), self);
  self->closed_id = g_signal_connect (connection, "closed", G_CALLBACK (on_closed), self);
  /* A socket that never says who it is would hold a slot for ever. */
  self->hello_timeout_id = g_timeout_add_seconds (CABINE_HUB_PEER_HELLO_TIMEOUT_S, on_hello_timeout, self);
  return self;
}

void
cabine_hub_peer_set_identity (CabineHubPeer     *self,
                              CabineHubPeerRole  role,
                              const char        *key,
                              const char        *name,
                              const char        *display_name)
{
  g_return_if_fail (CABINE_IS_HUB_PEER (self));

  g_clear_handle_id (&self->hello_timeout_id, g_source_remove);
  self->role = role;
  g_free (self->key);
  self->key = g_strdup (key);
  g_free (self->name);
  self->name = g_strdup (name);
  g_free (self->display_name);
  self->display_name = g_strdup (display_name);
}

CabineHubPeerRole
cabine_hub_peer_get_role (CabineHubPeer *self)
{
  g_return_val_if_fail (CABINE_IS_HUB_PEER (self), CABINE_HUB_PEER_ROLE_NONE);
  return self->role;
}

const char *
cabine_hub_peer_get_key (CabineHubPeer *self)
{
  g_return_val_if_fail (CABINE_IS_HUB_PEER (self), NULL);
  return self->key;
}

const char *
cabine_hub_peer_get_name (CabineHubPeer *self)
{
  g_return_val_if_fail (CABINE_IS_HUB_PEER (self), NULL);
  return self->name;
}

const char *
cabine_hub_peer_get_display_name (CabineHubPeer *self)
{
  g_return_val_if_fail (CABINE_IS_HUB_PEER (self), NULL);
  return self->display_name;
}

const char *
cabine_hub_peer_get_label (CabineHubPeer *self)
{
  g_return_val_if_fail (CABINE_IS_HUB_PEER (self), NULL);
  return self->label;
}

gboolean
cabine_hub_peer_is_open (CabineHubPeer *self)
{
  g_return_val_if_fail (CABINE_IS_HUB_PEER (self), FALSE);
  return self->connection != NULL &&
         soup_websocket_connection_get_state (self->connection) == SOUP_WEBSOCKET_STATE_OPEN;
}

void
cabine_hub_peer_send_text (CabineHubPeer *self,
                           const char    *text)
{
  g_return_if_fail (CABINE_IS_HUB_PEER (self));
  g_return_if_fail (text != NULL);

  if (!cabine_hub_peer_is_open (self))
    return;
  soup_websocket_connection_send_text (self->connection, text);
}

void
cabine_hub_peer_send (CabineHubPeer *self,
                      JsonObject    *msg)
{
  g_autofree char *text = NULL;

  g_return_if_fail (CABINE_IS_HUB_PEER (self));
  g_return_if_fail (msg != NULL);

  text = cabine_protocol_serialize (msg);
  cabine_hub_peer_send_text (self, text);
}

void
cabine_hub_peer_send_error (CabineHubPeer *self,
                            const GError  *error,
                            const char    *in_reply_to)
{
  g_autoptr(JsonObject) msg = NULL;

  g_return_if_fail (CABINE_IS_HUB_PEER (self));
  g_return_if_fail (error != NULL);

  msg = cabine_protocol_new_error (error, in_reply_to);
  cabine_hub_peer_send (self, msg);
}

void
cabine_hub_peer_close (CabineHubPeer *self,
                       gushort        code,
                       const char    *reason)
{
  g_return_if_fail (CABINE_IS_HUB_PEER (self));

  if (cabine_hub_peer_is_open (self))
    soup_websocket_connection_close (self->connection, code, reason);
}
