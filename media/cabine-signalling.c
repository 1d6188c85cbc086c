/* cabine-signalling.c: the kiosk's WebSocket client to the hub
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "cabine-signalling"

#include "cabine-signalling.h"

#include <libsoup/soup.h>

#include "cabine-build-config.h"
#include "cabine-call.h"
#include "cabine-media-error.h"
#include "cabine-protocol.h"

/* Close code the hub uses after a `not-authorized` reply (data/protocol.md, "Authentication"). */
#define CLOSE_CODE_NOT_AUTHORIZED 4001
/* Close code when another connection with the same kiosk id replaced this one. */
#define CLOSE_CODE_REPLACED 4002

struct _CabineSignalling {
  GObject parent_instance;

  char *hub_url;
  char *kiosk_id;
  char *token;

  SoupSession *session;
  SoupWebsocketConnection *connection;
  GCancellable *cancellable;       /* of the connection attempt in flight */
  guint reconnect_id;
  guint backoff_ms;
  GError *last_error;
  char *ca_file;                   /* [kiosk] hub-ca, or NULL for the system's CAs */
  GTlsCertificateFlags tls_errors; /* why the hub's certificate was refused on this attempt */

  gboolean started;
  gboolean connected;
  gboolean refused;                /* the hub said not-authorized on this connection */
  gboolean urgent;                 /* a call waits to be resumed: reconnect sooner */
  gboolean slow;                   /* refused or replaced: the longest delay, urgent or not */
};

G_DEFINE_FINAL_TYPE (CabineSignalling, cabine_signalling, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CONNECTED,
  PROP_LAST_ERROR,
  N_PROPS
};
static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_MESSAGE,
  SIGNAL_CONNECTION_CHANGED,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

static void connect_now (CabineSignalling *self);

static void
set_last_error (CabineSignalling *self,
                GError           *error /* transfer full, nullable */)
{
  if (self->last_error == NULL && error == NULL)
    return;
  g_clear_error (&self->last_error);
  self->last_error = error;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_ERROR]);
}

static void
set_connected (CabineSignalling *self,
               gboolean          connected)
{
  if (self->connected == connected)
    return;
  self->connected = connected;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTED]);
  g_signal_emit (self, signals[SIGNAL_CONNECTION_CHANGED], 0, connected);
}

static void
drop_connection (CabineSignalling *self)
{
  if (self->connection == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->connection, self);
  if (soup_websocket_connection_get_state (self->connection) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_close (self->connection, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  g_clear_object (&self->connection);
}

static gboolean
reconnect_cb (gpointer data)
{
  CabineSignalling *self = data;

  self->reconnect_id = 0;
  connect_now (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_reconnect (CabineSignalling *self)
{
  guint delay;

  if (!self->started || self->reconnect_id != 0)
    return;

  if (self->urgent && !self->slow)
    self->backoff_ms = MIN (self->backoff_ms, CABINE_SIGNALLING_BACKOFF_URGENT_MAX_MS);
  /* Jitter spreads the reconnections of a fleet after a hub restart. */
  delay = self->backoff_ms - (guint) g_random_int_range (0, (gint32) self->backoff_ms / 4 + 1);
  g_debug ("reconnecting to %s in %u ms", self->hub_url, delay);
  self->reconnect_id = g_timeout_add (delay, reconnect_cb, self);
  self->backoff_ms = MIN (self->backoff_ms * 2, CABINE_SIGNALLING_BACKOFF_MAX_MS);
  self->slow = FALSE;
}

void
cabine_signalling_set_urgent (CabineSignalling *self,
                              gboolean          urgent)
{
  g_return_if_fail (CABINE_IS_SIGNALLING (self));

  urgent = !!urgent;
  if (self->urgent == urgent)
    return;
  self->urgent = urgent;
  if (urgent && self->reconnect_id != 0 && !self->slow &&
      self->backoff_ms > CABINE_SIGNALLING_BACKOFF_URGENT_MAX_MS)
    {
      g_clear_handle_id (&self->reconnect_id, g_source_remove);
      self->backoff_ms = CABINE_SIGNALLING_BACKOFF_URGENT_MAX_MS;
      schedule_reconnect (self);
    }
}

static void
on_closed (SoupWebsocketConnection *connection,
           CabineSignalling        *self)
{
  gushort code = soup_websocket_connection_get_close_code (connection);

  g_debug ("hub closed the socket (code %u)", code);
  if (code == CLOSE_CODE_NOT_AUTHORIZED || self->refused)
    {
      self->backoff_ms = CABINE_SIGNALLING_BACKOFF_MAX_MS;
      self->slow = TRUE;
    }
  if (code == CLOSE_CODE_REPLACED)
    {
      /* Two machines configured with the same kiosk id would take the place from each other
       * for ever: retry slowly and say why. */
      g_warning ("another connection with kiosk id %s replaced this one: is the id configured "
                 "on two cabins?", self->kiosk_id);
      self->backoff_ms = CABINE_SIGNALLING_BACKOFF_MAX_MS;
      self->slow = TRUE;
      set_last_error (self, g_error_new (CABINE_MEDIA_ERROR, CABINE_MEDIA_ERROR_REFUSED,
                                         "another connection with kiosk id %s replaced this one",
                                         self->kiosk_id));
    }
  drop_connection (self);
  set_connected (self, FALSE);
  schedule_reconnect (self);
}

static void
on_connection_error (SoupWebsocketConnection *connection,
                     GError                  *error,
                     CabineSignalling        *self)
{
  g_debug ("socket error: %s", error->message);
}

static void
handle_hub_error (CabineSignalling *self,
                  JsonObject       *msg)
{
  const char *code = cabine_protocol_get_string (msg, "code", FALSE, NULL);
  const char *text = cabine_protocol_get_string (msg, "message", FALSE, NULL);

  if (g_strcmp0 (code, cabine_protocol_error_to_code (CABINE_PROTOCOL_ERROR_NOT_AUTHORIZED)) == 0)
    {
      self->refused = TRUE;
      self->backoff_ms = CABINE_SIGNALLING_BACKOFF_MAX_MS;
      self->slow = TRUE;
    }
  g_warning ("hub refused kiosk %s: %s: %s", self->kiosk_id,
             code ? code : "(no code)", text ? text : "(no message)");
  set_last_error (self, g_error_new (CABINE_MEDIA_ERROR, CABINE_MEDIA_ERROR_REFUSED, "%s: %s",
                                     code ? code : "(no code)", text ? text : "(no message)"));
}

static void
on_message (SoupWebsocketConnection *connection,
            SoupWebsocketDataType    data_type,
            GBytes                  *bytes,
            CabineSignalling        *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) msg = NULL;
  const char *type = NULL;
  gsize length;
  const char *text;

  if (data_type != SOUP_WEBSOCKET_DATA_TEXT)
    {
      g_warning ("ignoring a binary frame from the hub");
      return;
    }

  text = g_bytes_get_data (bytes, &length);
  msg = cabine_protocol_parse (text, length, &type, &error);
  if (msg == NULL)
    {
      g_warning ("ignoring a malformed message from the hub: %s", error->message);
      return;
    }

  if (!self->connected)
    {
      if (g_str_equal (type, "welcome"))
        {
          self->backoff_ms = CABINE_SIGNALLING_BACKOFF_MIN_MS;
          self->refused = FALSE;
          set_last_error (self, NULL);
          set_connected (self, TRUE);
        }
      else if (g_str_equal (type, "error"))
        handle_hub_error (self, msg);
      else
        g_warning ("ignoring '%s' from the hub before welcome", type);
      return;
    }

  /* Keep ourselves alive: a handler may call stop() and drop the last other reference. */
  g_object_ref (self);
  g_signal_emit (self, signals[SIGNAL_MESSAGE], 0, type, msg);
  g_object_unref (self);
}

static void
send_hello (CabineSignalling *self)
{
  g_autoptr(JsonObject) hello = cabine_protocol_new_message ("hello", NULL);
  g_autofree char *text = NULL;

  json_object_set_string_member (hello, "role", "kiosk");
  json_object_set_string_member (hello, "kioskId", self->kiosk_id);
  json_object_set_string_member (hello, "token", self->token);
  json_object_set_string_member (hello, "version", PACKAGE_VERSION);
  text = cabine_protocol_serialize (hello);
  soup_websocket_connection_send_text (self->connection, text);
}

static void
connect_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  CabineSignalling *self;
  g_autoptr(GError) error = NULL;
  SoupWebsocketConnection *connection;

  /* stop() and dispose cancel the attempt: @data may be gone, do not touch it when cancelled. */
  connection = soup_session_websocket_connect_finish (SOUP_SESSION (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = data;
  if (connection == NULL)
    {
      g_clear_object (&self->cancellable);
      if (self->tls_errors != 0)
        {
          g_autofree char *why = cabine_signalling_describe_tls_errors (self->tls_errors);
          g_autoptr(GError) tls = g_error_new (G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE,
                                               "the hub's TLS certificate is refused: %s (%s); "
                                               "check [kiosk] hub-ca%s%s", why, self->hub_url,
                                               self->ca_file != NULL ? " = " : " (unset: the system's CAs)",
                                               self->ca_file != NULL ? self->ca_file : "");

          /* Said once per distinct problem, not on every retry. */
          if (self->last_error == NULL || g_strcmp0 (self->last_error->message, tls->message) != 0)
            g_warning ("%s", tls->message);
          g_clear_error (&error);
          error = g_steal_pointer (&tls);
        }
      /* Why the hub cannot be reached, in the normal log once per distinct reason (an operator
       * otherwise saw only the welcome page's "unreachable for 30 s"); every retry in debug. */
      if (self->tls_errors == 0 &&
          (self->last_error == NULL || g_strcmp0 (self->last_error->message, error->message) != 0))
        g_message ("cannot connect to %s: %s (retrying)", self->hub_url, error->message);
      else
        g_debug ("cannot connect to %s: %s", self->hub_url, error->message);
      if (!self->refused)
        set_last_error (self, g_steal_pointer (&error));
      schedule_reconnect (self);
      return;
    }

  g_clear_object (&self->cancellable);
  if (!self->started)
    {
      soup_websocket_connection_close (connection, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
      g_object_unref (connection);
      return;
    }

  self->connection = connection;
  self->refused = FALSE;
  soup_websocket_connection_set_max_incoming_payload_size (connection,
                                                           CABINE_PROTOCOL_MAX_MESSAGE_SIZE);
  soup_websocket_connection_set_keepalive_interval (connection, CABINE_SIGNALLING_KEEPALIVE_S);
  g_signal_connect (connection, "message", G_CALLBACK (on_message), self);
  g_signal_connect (connection, "closed", G_CALLBACK (on_closed), self);
  g_signal_connect (connection, "error", G_CALLBACK (on_connection_error), self);
  send_hello (self);
  /* Connected to a hub: a call may come; its setup need not wait for one-off work. */
  cabine_call_warm_up ();
}

char *
cabine_signalling_describe_tls_errors (GTlsCertificateFlags flags)
{
  static const struct { GTlsCertificateFlags flag; const char *text; } names[] = {
    { G_TLS_CERTIFICATE_UNKNOWN_CA, "signed by an unknown certificate authority" },
    { G_TLS_CERTIFICATE_BAD_IDENTITY, "issued for another host name" },
    { G_TLS_CERTIFICATE_NOT_ACTIVATED, "not valid yet" },
    { G_TLS_CERTIFICATE_EXPIRED, "expired" },
    { G_TLS_CERTIFICATE_REVOKED, "revoked" },
    { G_TLS_CERTIFICATE_INSECURE, "uses an insecure algorithm" },
    { G_TLS_CERTIFICATE_GENERIC_ERROR, "could not be checked" },
  };
  GString *out = g_string_new (NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    if (flags & names[i].flag)
      g_string_append_printf (out, "%s%s", out->len > 0 ? ", " : "", names[i].text);
  if (out->len == 0)
    g_string_append (out, "not trusted");
  return g_string_free (out, FALSE);
}

/* Runs only when the TLS database refused the certificate: remember why, and refuse it too. */
static gboolean
on_accept_certificate (SoupMessage          *message,
                       GTlsCertificate      *certificate,
                       GTlsCertificateFlags  errors,
                       gpointer              user_data)
{
  CabineSignalling *self = user_data;

  self->tls_errors = errors;
  return FALSE;
}

static void
connect_now (CabineSignalling *self)
{
  g_autoptr(SoupMessage) message = soup_message_new (SOUP_METHOD_GET, self->hub_url);

  g_return_if_fail (message != NULL);   /* the URL was checked by start() */

  self->tls_errors = 0;
  g_signal_connect_object (message, "accept-certificate", G_CALLBACK (on_accept_certificate),
                           self, G_CONNECT_DEFAULT);
  self->cancellable = g_cancellable_new ();
  soup_session_websocket_connect_async (self->session, message, NULL, NULL, G_PRIORITY_DEFAULT,
                                        self->cancellable, connect_cb, self);
}

gboolean
cabine_signalling_start (CabineSignalling  *self,
                         GError           **error)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;

  g_return_val_if_fail (CABINE_IS_SIGNALLING (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->started)
    {
      g_set_error (error, CABINE_MEDIA_ERROR, CABINE_MEDIA_ERROR_WRONG_STATE,
                   "signalling to %s is already started", self->hub_url);
      return FALSE;
    }

  uri = g_uri_parse (self->hub_url, G_URI_FLAGS_NONE, NULL);
  scheme = uri != NULL ? g_uri_get_scheme (uri) : NULL;
  if (scheme == NULL || (g_ascii_strcasecmp (scheme, "ws") != 0 &&
                         g_ascii_strcasecmp (scheme, "wss") != 0) ||
      g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    {
      g_set_error (error, CABINE_MEDIA_ERROR, CABINE_MEDIA_ERROR_INVALID_ARGUMENT,
                   "hub URL '%s' is not a ws:// or wss:// URL with a host", self->hub_url);
      return FALSE;
    }
  if (*self->kiosk_id == '\0' || *self->token == '\0')
    {
      g_set_error (error, CABINE_MEDIA_ERROR, CABINE_MEDIA_ERROR_INVALID_ARGUMENT,
                   "kiosk id and token must not be empty");
      return FALSE;
    }

  self->started = TRUE;
  self->backoff_ms = CABINE_SIGNALLING_BACKOFF_MIN_MS;
  connect_now (self);
  return TRUE;
}

void
cabine_signalling_stop (CabineSignalling *self)
{
  g_return_if_fail (CABINE_IS_SIGNALLING (self));

  if (!self->started)
    return;
  self->started = FALSE;
  g_clear_handle_id (&self->reconnect_id, g_source_remove);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  drop_connection (self);
  set_connected (self, FALSE);
}

gboolean
cabine_signalling_send (CabineSignalling  *self,
                        JsonObject        *msg,
                        GError           **error)
{
  g_autofree char *text = NULL;
  gsize length;

  g_return_val_if_fail (CABINE_IS_SIGNALLING (self), FALSE);
  g_return_val_if_fail (msg != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* A socket the hub is closing (its close frame came, `closed` not yet) takes nothing more:
   * a call that outlives the connection may still have a candidate to send at that moment. */
  if (!self->connected || self->connection == NULL ||
      soup_websocket_connection_get_state (self->connection) != SOUP_WEBSOCKET_STATE_OPEN)
    {
      g_set_error (error, CABINE_MEDIA_ERROR, CABINE_MEDIA_ERROR_NOT_CONNECTED,
                   "not connected to the hub %s", self->hub_url);
      return FALSE;
    }

  text = cabine_protocol_serialize (msg);
  length = strlen (text);
  if (length > CABINE_PROTOCOL_MAX_MESSAGE_SIZE)
    {
      g_set_error (error, CABINE_PROTOCOL_ERROR, CABINE_PROTOCOL_ERROR_TOO_LARGE,
                   "message of %" G_GSIZE_FORMAT " bytes is over the %d byte limit",
                   length, CABINE_PROTOCOL_MAX_MESSAGE_SIZE);
      return FALSE;
    }

  soup_websocket_connection_send_text (self->connection, text);
  return TRUE;
}

gboolean
cabine_signalling_get_connected (CabineSignalling *self)
{
  g_return_val_if_fail (CABINE_IS_SIGNALLING (self), FALSE);
  return self->connected;
}

const GError *
cabine_signalling_get_last_error (CabineSignalling *self)
{
  g_return_val_if_fail (CABINE_IS_SIGNALLING (self), NULL);
  return self->last_error;
}

guint
cabine_signalling_get_next_delay_ms (CabineSignalling *self)
{
  g_return_val_if_fail (CABINE_IS_SIGNALLING (self), 0);
  return self->backoff_ms;
}

static void
cabine_signalling_dispose (GObject *object)
{
  CabineSignalling *self = CABINE_SIGNALLING (object);

  cabine_signalling_stop (self);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (cabine_signalling_parent_class)->dispose (object);
}

static void
cabine_signalling_finalize (GObject *object)
{
  CabineSignalling *self = CABINE_SIGNALLING (object);

  g_free (self->hub_url);
  g_free (self->kiosk_id);
  g_free (self->token);
  g_free (self->ca_file);
  g_clear_error (&self->last_error);

  G_OBJECT_CLASS (cabine_signalling_parent_class)->finalize (object);
}

static void
cabine_signalling_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  CabineSignalling *self = CABINE_SIGNALLING (object);

  switch (prop_id)
    {
    case PROP_CONNECTED:
      g_value_set_boolean (value, self->connected);
      break;
    case PROP_LAST_ERROR:
      g_value_set_boxed (value, self->last_error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cabine_signalling_class_init (CabineSignallingClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cabine_signalling_dispose;
  object_class->finalize = cabine_signalling_finalize;
  object_class->get_property = cabine_signalling_get_property;

  properties[PROP_CONNECTED] =
    g_param_spec_boolean ("connected", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LAST_ERROR] =
    g_param_spec_boxed ("last-error", NULL, NULL, G_TYPE_ERROR,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_MESSAGE] =
    g_signal_new ("message", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, JSON_TYPE_OBJECT);
  signals[SIGNAL_CONNECTION_CHANGED] =
    g_signal_new ("connection-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);
}

static void
cabine_signalling_init (CabineSignalling *self)
{
  self->session = soup_session_new ();
  self->backoff_ms = CABINE_SIGNALLING_BACKOFF_MIN_MS;
}

CabineSignalling *
cabine_signalling_new (const char *hub_url,
                       const char *kiosk_id,
                       const char *token)
{
  CabineSignalling *self;

  g_return_val_if_fail (hub_url != NULL, NULL);
  g_return_val_if_fail (kiosk_id != NULL, NULL);
  g_return_val_if_fail (token != NULL, NULL);

  self = g_object_new (CABINE_TYPE_SIGNALLING, NULL);
  self->hub_url = g_strdup (hub_url);
  self->kiosk_id = g_strdup (kiosk_id);
  self->token = g_strdup (token);
  return self;
}

gboolean
cabine_signalling_set_ca_file (CabineSignalling  *self,
                               const char        *ca_file,
                               GError           **error)
{
  g_autoptr(GTlsDatabase) db = NULL;
  g_autoptr(GError) local = NULL;

  g_return_val_if_fail (CABINE_IS_SIGNALLING (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->started)
    {
      g_set_error (error, CABINE_MEDIA_ERROR, CABINE_MEDIA_ERROR_WRONG_STATE,
                   "the hub's CA must be set before the signalling client starts");
      return FALSE;
    }
  if (ca_file == NULL)
    {
      db = g_tls_backend_get_default_database (g_tls_backend_get_default ());
      soup_session_set_tls_database (self->session, db);
      g_clear_pointer (&self->ca_file, g_free);
      return TRUE;
    }
  db = g_tls_file_database_new (ca_file, &local);
  if (db == NULL)
    {
      g_set_error (error, CABINE_MEDIA_ERROR, CABINE_MEDIA_ERROR_INVALID_ARGUMENT,
                   "cannot read the hub's CA file %s: %s", ca_file, local->message);
      return FALSE;
    }
  soup_session_set_tls_database (self->session, db);
  g_free (self->ca_file);
  self->ca_file = g_strdup (ca_file);
  return TRUE;
}
