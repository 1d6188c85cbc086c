/* cabine-hub-server.c: cabine-hub's HTTP and WebSocket server (libsoup 3)
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "cabine-hub-server"

#include "cabine-hub-server.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "cabine-build-config.h"
#include "cabine-protocol.h"
#include "cabine-hub-records.h"
#include "cabine-hub-refuse.h"
#include "cabine-hub-throttle.h"
#include "cabine-hub-store-sqlite.h"
#include "cabine-hub-tls.h"

struct _CabineHubServer
{
  GObject parent_instance;

  CabineHubConfig *config;
  CabineHubRelay *relay;
  SoupServer *soup;
  CabineHubStore *store;
  CabineHubRecords *records;
  CabineHubThrottle *throttle; /* sign-in failures; main thread only */
};

G_DEFINE_FINAL_TYPE (CabineHubServer, cabine_hub_server, G_TYPE_OBJECT)

static void
cabine_hub_server_dispose (GObject *object)
{
  CabineHubServer *self = CABINE_HUB_SERVER (object);

  if (self->soup != NULL)
    {
      soup_server_disconnect (self->soup);
      g_clear_object (&self->soup);
    }
  g_clear_object (&self->relay);
  g_clear_object (&self->records);
  g_clear_object (&self->store);
  g_clear_object (&self->config);
  g_clear_pointer (&self->throttle, cabine_hub_throttle_free);

  G_OBJECT_CLASS (cabine_hub_server_parent_class)->dispose (object);
}

static void
cabine_hub_server_class_init (CabineHubServerClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = cabine_hub_server_dispose;
}

static void
cabine_hub_server_init (CabineHubServer *self)
{
  self->throttle = cabine_hub_throttle_new ();
}

/* Who took which consultation is kept in the store, so that only that physician may read its
 * record, even after the hub restarts. */
static void
on_session_accepted (CabineHubRelay *relay,
                     const char     *session_id,
                     const char     *kiosk_id,
                     const char     *username,
                     gpointer        user_data)
{
  CabineHubServer *self = user_data;
  g_autoptr(GError) error = NULL;

  if (self->store != NULL &&
      !cabine_hub_store_note_consultation (self->store, session_id, kiosk_id, username, &error))
    g_warning ("cannot note who took consultation %s: %s", session_id, error->message);
}

CabineHubServer *
cabine_hub_server_new (CabineHubConfig *config)
{
  CabineHubServer *self;

  g_return_val_if_fail (CABINE_IS_HUB_CONFIG (config), NULL);

  self = g_object_new (CABINE_TYPE_HUB_SERVER, NULL);
  self->config = g_object_ref (config);
  self->relay = cabine_hub_relay_new (cabine_hub_config_get_accounts (config),
                                      cabine_hub_config_get_ice_servers (config));
  g_signal_connect_object (self->relay, "session-accepted", G_CALLBACK (on_session_accepted), self, 0);
  cabine_hub_relay_set_resume_seconds (self->relay, cabine_hub_config_get_resume_seconds (config));
  {
    const char *username, *credential, *secret;
    guint ttl;

    cabine_hub_config_get_turn_auth (config, &username, &credential, &secret, &ttl);
    cabine_hub_relay_set_turn_auth (self->relay, username, credential, secret, ttl);
  }
  return self;
}

CabineHubRelay *
cabine_hub_server_get_relay (CabineHubServer *self)
{
  g_return_val_if_fail (CABINE_IS_HUB_SERVER (self), NULL);
  return self->relay;
}

/* ---- responses ---- */

static void
common_headers (SoupServerMessage *msg)
{
  SoupMessageHeaders *h = soup_server_message_get_response_headers (msg);

  soup_message_headers_replace (h, "Cache-Control", "no-store");
  soup_message_headers_replace (h, "X-Content-Type-Options", "nosniff");
  soup_message_headers_replace (h, "Referrer-Policy", "no-referrer");
  soup_message_headers_replace (h, "Content-Security-Policy",
                                "default-src 'self'; connect-src 'self'; img-src 'self' data:; "
                                "media-src 'self' blob:; object-src 'none'; frame-ancestors 'none'");
}

static void
json_response (SoupServerMessage *msg,
               guint              status,
               JsonObject        *body)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  char *text;

  json_node_set_object (node, body);
  text = cabine_json_to_string (node, FALSE);
  common_headers (msg);
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, text, strlen (text));
}

static void
error_response (SoupServerMessage *msg,
                guint              status,
                const char        *message)
{
  g_autoptr(JsonObject) body = json_object_new ();

  json_object_set_string_member (body, "error", message);
  json_response (msg, status, body);
  if (status == SOUP_STATUS_METHOD_NOT_ALLOWED)
    soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow",
                                  g_str_has_prefix (g_uri_get_path (soup_server_message_get_uri (msg)),
                                                    "/api/login") ? "POST" : "GET, HEAD");
}

/* ---- static files of the console ---- */

static const char *
content_type_for (const char *path)
{
  static const struct { const char *ext; const char *type; } types[] = {
    { ".html", "text/html; charset=utf-8" },
    { ".js", "text/javascript; charset=utf-8" },
    { ".css", "text/css; charset=utf-8" },
    { ".json", "application/json" },
    { ".svg", "image/svg+xml" },
    { ".png", "image/png" },
    { ".ico", "image/x-icon" },
    { ".woff2", "font/woff2" },
    { ".txt", "text/plain; charset=utf-8" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    if (g_str_has_suffix (path, types[i].ext))
      return types[i].type;
  return "application/octet-stream";
}

/* Maps a request path to a file under @root, or NULL when it would leave @root or name a hidden
 * file. */
static char *
resolve_static (const char *root,
                const char *uri_path)
{
  g_autofree char *decoded = g_uri_unescape_string (uri_path, "/\\");
  g_auto(GStrv) segments = NULL;
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();

  if (decoded == NULL || decoded[0] != '/')
    return NULL;
  segments = g_strsplit (decoded, "/", -1);
  g_ptr_array_add (parts, (gpointer) root);
  for (guint i = 0; segments[i] != NULL; i++)
    {
      if (segments[i][0] == '\0')
        continue;
      if (segments[i][0] == '.' || strchr (segments[i], '\\') != NULL)
        return NULL;
      g_ptr_array_add (parts, segments[i]);
    }
  if (parts->len == 1)
    g_ptr_array_add (parts, (gpointer) "index.html");
  g_ptr_array_add (parts, NULL);
  return g_build_filenamev ((char **) parts->pdata);
}

static void
serve_static (CabineHubServer   *self,
              SoupServerMessage *msg,
              const char        *path)
{
  g_autofree char *file = resolve_static (cabine_hub_config_get_console_dir (self->config), path);
  g_autoptr(GError) error = NULL;
  char *data = NULL;
  gsize length = 0;

  if (file == NULL || !g_file_test (file, G_FILE_TEST_IS_REGULAR))
    {
      error_response (msg, SOUP_STATUS_NOT_FOUND, "not found");
      return;
    }
  if (!g_file_get_contents (file, &data, &length, &error))
    {
      g_warning ("cannot read %s: %s", file, error->message);
      error_response (msg, SOUP_STATUS_NOT_FOUND, "not found");
      return;
    }
  common_headers (msg);
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, content_type_for (file), SOUP_MEMORY_TAKE, data, length);
}

/* ---- API ---- */

static void
serve_health (CabineHubServer   *self,
              SoupServerMessage *msg)
{
  g_autoptr(JsonObject) body = json_object_new ();

  json_object_set_string_member (body, "status", "ok");
  json_object_set_int_member (body, "kiosks", cabine_hub_relay_get_n_kiosks (self->relay));
  json_object_set_int_member (body, "physicians", cabine_hub_relay_get_n_physicians (self->relay));
  json_object_set_int_member (body, "queue",
                              cabine_hub_queue_get_length (cabine_hub_relay_get_queue (self->relay)));
  json_response (msg, SOUP_STATUS_OK, body);
}

typedef struct {
  CabineAccounts *accounts;
  char *username;
  char *password;
  SoupServerMessage *msg;
} LoginData;

static void
login_data_free (gpointer data)
{
  LoginData *d = data;

  g_object_unref (d->accounts);
  g_free (d->username);
  if (d->password != NULL)
    {
      memset (d->password, 0, strlen (d->password));
      g_free (d->password);
    }
  g_object_unref (d->msg);
  g_free (d);
}

static void
login_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  LoginData *d = task_data;
  GError *error = NULL;
  char *display_name = NULL;

  if (cabine_accounts_verify_password (d->accounts, d->username, d->password, &display_name,
                                       &error))
    g_task_return_pointer (task, display_name, g_free);
  else
    g_task_return_error (task, error);
}

static void
login_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  CabineHubServer *self = CABINE_HUB_SERVER (source);
  LoginData *d = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *display_name = g_task_propagate_pointer (G_TASK (result), &error);

  cabine_hub_throttle_record (self->throttle, d->username,
                              soup_server_message_get_remote_host (d->msg), display_name != NULL);
  if (display_name == NULL)
    {
      g_message ("sign-in refused for %s from %s", d->username,
                 soup_server_message_get_remote_host (d->msg));
      error_response (d->msg, SOUP_STATUS_UNAUTHORIZED, "wrong username or password");
    }
  else
    {
      g_autoptr(JsonObject) body = json_object_new ();
      g_autofree char *token = cabine_accounts_issue_token (d->accounts, d->username);

      json_object_set_string_member (body, "token", token);
      json_object_set_string_member (body, "displayName", display_name);
      json_object_set_int_member (body, "expiresIn",
                                  cabine_accounts_get_token_lifetime (d->accounts));
      json_response (d->msg, SOUP_STATUS_OK, body);
      g_message ("physician %s logged in", d->username);
    }
  soup_server_message_unpause (d->msg);
}

static void
serve_login (CabineHubServer   *self,
             SoupServerMessage *msg)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonObject) obj = NULL;
  g_autoptr(GError) parse_error = NULL;
  JsonNode *user;
  JsonNode *pass;
  LoginData *d;
  guint locked_for;
  gsize length = 0;
  const char *data = g_bytes_get_data (bytes, &length);

  if (length > CABINE_HUB_SERVER_MAX_LOGIN_BODY)
    {
      error_response (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "request body too large");
      return;
    }
  obj = cabine_json_parse_object (data, length, CABINE_HUB_SERVER_MAX_LOGIN_BODY, &parse_error);
  if (obj == NULL)
    {
      g_autofree char *text = g_strdup_printf ("the body is not a JSON object we accept: %s", parse_error->message);
      error_response (msg, SOUP_STATUS_BAD_REQUEST, text);
      return;
    }
  user = json_object_get_member (obj, "username");
  pass = json_object_get_member (obj, "password");
  if (user == NULL || pass == NULL ||
      !JSON_NODE_HOLDS_VALUE (user) || json_node_get_value_type (user) != G_TYPE_STRING ||
      !JSON_NODE_HOLDS_VALUE (pass) || json_node_get_value_type (pass) != G_TYPE_STRING)
    {
      error_response (msg, SOUP_STATUS_BAD_REQUEST,
                      "\"username\" and \"password\" must be strings");
      return;
    }

  locked_for = cabine_hub_throttle_locked_for (self->throttle, json_node_get_string (user),
                                               soup_server_message_get_remote_host (msg));
  if (locked_for > 0)
    {
      g_autofree char *retry = g_strdup_printf ("%u", locked_for);
      g_autofree char *text = g_strdup_printf ("Too many failed sign-ins: try again in %u s.",
                                               locked_for);
      g_autoptr(JsonObject) reply = json_object_new ();

      json_object_set_string_member (reply, "error", text);
      json_object_set_int_member (reply, "retryAfter", locked_for);
      json_response (msg, 429, reply);
      /* libsoup 3.2 has no phrase for 429 (it would say "Unknown Error"): RFC 6585 §4 */
      soup_server_message_set_status (msg, 429, "Too Many Requests");
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After", retry);
      return;
    }

  d = g_new0 (LoginData, 1);
  d->accounts = g_object_ref (cabine_hub_config_get_accounts (self->config));
  d->username = g_strdup (json_node_get_string (user));
  d->password = g_strdup (json_node_get_string (pass));
  d->msg = g_object_ref (msg);

  soup_server_message_pause (msg);
  task = g_task_new (self, NULL, login_done, NULL);
  g_task_set_source_tag (task, serve_login);
  g_task_set_task_data (task, d, login_data_free);
  g_task_run_in_thread (task, login_thread);
}

static void
handle_request (SoupServer        *server,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  CabineHubServer *self = user_data;
  const char *method = soup_server_message_get_method (msg);
  gboolean get = method == SOUP_METHOD_GET || method == SOUP_METHOD_HEAD;

  g_debug ("%s %s", method, path);
  /* libsoup 3.2 leaves a kept-alive connection that the client closes in CLOSE-WAIT for ever
   * (each one holds a file descriptor until the hub can accept no more): answer every HTTP
   * request on its own connection. WebSocket upgrades are not handled here. */
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Connection", "close");

  if (g_str_equal (path, "/api/login"))
    {
      if (method == SOUP_METHOD_POST)
        serve_login (self, msg);
      else
        error_response (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "use POST");
    }
  else if (g_str_equal (path, "/api/health"))
    {
      if (get)
        serve_health (self, msg);
      else
        error_response (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "use GET");
    }
  else if (cabine_hub_records_owns_path (path) && self->records != NULL)
    cabine_hub_records_handle (self->records, msg, path);
  else if (g_str_equal (path, "/api") || g_str_has_prefix (path, "/api/") ||
           g_str_equal (path, "/ws"))
    error_response (msg, SOUP_STATUS_NOT_FOUND, "not found");
  else if (!get)
    error_response (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "use GET");
  else
    serve_static (self, msg, path);
}

static void
on_websocket (SoupServer              *server,
              SoupServerMessage       *msg,
              const char              *path,
              SoupWebsocketConnection *connection,
              gpointer                 user_data)
{
  CabineHubServer *self = user_data;

  cabine_hub_relay_add_connection (self->relay, connection);
}

/* The largest request body each path accepts, in bytes: 0 where none is expected. */
static goffset
max_body_for_path (const char *path)
{
  if (g_strcmp0 (path, "/api/login") == 0)
    return CABINE_HUB_SERVER_MAX_LOGIN_BODY;
  if (cabine_hub_records_owns_path (path))
    return cabine_hub_records_max_body (path);
  return 0;
}

/* Early handler: runs once the request headers are read, before libsoup reads the body. libsoup
 * 3.2 would still read a refused request's whole body into memory (it answers first only under
 * `Expect: 100-continue`), so a refused request's connection is taken over and answered at once
 * (cabine-hub-refuse.h): no request can make the hub buffer more than its path allows. */
static void
limit_request_body (SoupServer        *server,
                    SoupServerMessage *msg,
                    const char        *path,
                    GHashTable        *query,
                    gpointer           user_data)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  SoupEncoding encoding = soup_message_headers_get_encoding (headers);
  const char *declared = soup_message_headers_get_one (headers, "Content-Length");
  goffset limit = max_body_for_path (path);
  goffset length;

  {
    const char *all = soup_message_headers_get_list (headers, "Content-Length");

    /* RFC 9112 §6.3: several differing lengths make the message invalid. */
    if (all != NULL && strchr (all, ',') != NULL)
      {
        cabine_hub_refuse_unread (msg, SOUP_STATUS_BAD_REQUEST,
                                  "the request has more than one Content-Length header");
        return;
      }
  }
  if (declared != NULL)
    {
      const char *p = declared;

      while (*p == ' ' || *p == '\t')
        p++;
      if (!g_ascii_isdigit (*p))
        {
          /* e.g. "-1": libsoup would take it for a length to read up to */
          cabine_hub_refuse_unread (msg, SOUP_STATUS_BAD_REQUEST,
                                    "Content-Length must be a non-negative decimal number");
          return;
        }
    }
  if (encoding == SOUP_ENCODING_NONE)
    return;
  if (encoding != SOUP_ENCODING_CONTENT_LENGTH)
    {
      /* A chunked body's size is known only once read: bodies must announce their length. */
      cabine_hub_refuse_unread (msg, SOUP_STATUS_LENGTH_REQUIRED,
                                "a request body needs a Content-Length");
      return;
    }
  length = soup_message_headers_get_content_length (headers);
  if (length < 0)
    {
      cabine_hub_refuse_unread (msg, SOUP_STATUS_BAD_REQUEST, "Content-Length is out of range");
      return;
    }
  if (length <= limit)
    return;
  cabine_hub_refuse_unread (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE,
                            limit == 0 ? "this path takes no request body" : "request body too large");
}

/* Every connection's socket gets an idle timeout as its first request starts, before its headers
 * are read: a client that opens connections and sends nothing, or half a request, no longer holds
 * them (and the hub's descriptors) forever. WebSockets carry the hub's pings and their pongs every
 * 20 s (data/protocol.md "Connection"), well inside it. */
static void
on_request_started (SoupServer        *server,
                    SoupServerMessage *msg,
                    gpointer           user_data)
{
  GSocket *socket = soup_server_message_get_socket (msg);

  if (socket != NULL && g_socket_get_timeout (socket) == 0)
    g_socket_set_timeout (socket, CABINE_HUB_SERVER_IDLE_TIMEOUT_S);
}

/* A listening socket with CABINE_HUB_SERVER_LISTEN_BACKLOG, for soup_server_listen_socket(). */
static GSocket *
listening_socket (GSocketAddress  *address,
                  GError         **error)
{
  g_autoptr(GSocket) socket = g_socket_new (g_socket_address_get_family (address),
                                            G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, error);

  if (socket == NULL)
    return NULL;
  g_socket_set_listen_backlog (socket, CABINE_HUB_SERVER_LISTEN_BACKLOG);
  if (!g_socket_bind (socket, address, TRUE, error) || !g_socket_listen (socket, error))
    return NULL;
  return g_steal_pointer (&socket);
}

gboolean
cabine_hub_server_start (CabineHubServer *self,
                         GError         **error)
{
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GTlsCertificate) tls = NULL;
  g_autoptr(GSocket) socket = NULL;

  g_return_val_if_fail (CABINE_IS_HUB_SERVER (self), FALSE);
  g_return_val_if_fail (self->soup == NULL, FALSE);

  address = g_inet_socket_address_new_from_string (cabine_hub_config_get_listen (self->config),
                                                   cabine_hub_config_get_port (self->config));
  if (address == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "'%s' is not an IP address",
                   cabine_hub_config_get_listen (self->config));
      return FALSE;
    }

  if (self->store == NULL)
    {
      const char *database = cabine_hub_config_get_database (self->config);

      if (database == NULL)
        g_message ("no [hub] database configured: session records are kept in memory only");
      self->store = cabine_hub_store_sqlite_open (database != NULL ? database : ":memory:", error);
      if (self->store == NULL)
        return FALSE;
      self->records = cabine_hub_records_new (cabine_hub_config_get_accounts (self->config),
                                              self->store);
      /* Sign-ins are kept with the records: a restarted hub keeps its physicians signed in. */
      cabine_accounts_set_store (cabine_hub_config_get_accounts (self->config), self->store);
      /* And the calls in progress: their peers may resume them (data/protocol.md). */
      cabine_hub_relay_set_store (self->relay, self->store);
    }
  if (cabine_hub_config_get_tls_certificate (self->config) != NULL)
    {
      tls = cabine_hub_tls_load (cabine_hub_config_get_tls_certificate (self->config),
                                 cabine_hub_config_get_tls_key (self->config), error);
      if (tls == NULL)
        return FALSE;
    }

  self->soup = soup_server_new ("server-header", "cabine-hub/" PACKAGE_VERSION,
                                "tls-certificate", tls, NULL);
  g_signal_connect (self->soup, "request-started", G_CALLBACK (on_request_started), NULL);
  soup_server_add_early_handler (self->soup, NULL, limit_request_body, self, NULL);
  soup_server_add_handler (self->soup, NULL, handle_request, self, NULL);
  /* No permessage-deflate (RFC 7692; libsoup offers it by default): libsoup checks a frame's
   * size against the peer's limit (CABINE_HUB_PEER_MAX_FRAME) before inflating it, so a few
   * hundred KiB of deflated zeros became hundreds of MiB in the hub before it could refuse the
   * message. Signalling messages are small; they go uncompressed. */
  soup_server_remove_websocket_extension (self->soup, SOUP_TYPE_WEBSOCKET_EXTENSION_DEFLATE);
  soup_server_add_websocket_handler (self->soup, "/ws", NULL, NULL, on_websocket, self, NULL);
  socket = listening_socket (address, error);
  if (socket == NULL ||
      !soup_server_listen_socket (self->soup, socket, tls != NULL ? SOUP_SERVER_LISTEN_HTTPS : 0,
                                  error))
    {
      g_prefix_error (error, "cannot listen on %s:%u: ", cabine_hub_config_get_listen (self->config),
                      cabine_hub_config_get_port (self->config));
      g_clear_object (&self->soup);
      return FALSE;
    }
  g_message ("listening on %s://%s:%u/ (console: %s)", tls != NULL ? "https" : "http",
             cabine_hub_config_get_listen (self->config), cabine_hub_server_get_port (self),
             cabine_hub_config_get_console_dir (self->config));
  return TRUE;
}

void
cabine_hub_server_stop (CabineHubServer *self)
{
  g_return_if_fail (CABINE_IS_HUB_SERVER (self));

  cabine_hub_relay_close_all (self->relay);
  if (self->soup != NULL)
    {
      soup_server_disconnect (self->soup);
      g_clear_object (&self->soup);
    }
}

guint16
cabine_hub_server_get_port (CabineHubServer *self)
{
  GSList *listeners;

  g_return_val_if_fail (CABINE_IS_HUB_SERVER (self), 0);

  if (self->soup == NULL)
    return 0;
  listeners = soup_server_get_listeners (self->soup);
  for (GSList *l = listeners; l != NULL; l = l->next)
    {
      g_autoptr(GSocketAddress) addr = g_socket_get_local_address (l->data, NULL);

      if (G_IS_INET_SOCKET_ADDRESS (addr))
        {
          guint16 port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (addr));

          g_slist_free (listeners);
          return port;
        }
    }
  g_slist_free (listeners);
  return 0;
}
