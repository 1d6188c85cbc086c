/* hub-test-util.c: an in-process cabine-hub and libsoup clients for the hub tests
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "cabine-hub-test"

#include "hub-test-util.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "cabine-protocol.h"

static char *password_hash;

void
hub_fixture_setup (HubFixture    *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *conf = NULL;
  const char *src = g_getenv ("CABINE_SOURCE_DIR");
  g_autofree char *console = g_build_filename (src != NULL ? src : ".", "data", "console", NULL);

  if (password_hash == NULL)
    password_hash = cabine_accounts_hash_password (TEST_PASSWORD, &error);
  g_assert_no_error (error);

  conf = g_strdup_printf ("[hub]\nlisten=127.0.0.1\nport=0\nconsole-dir=%s\n"
                          "ice-servers=stun:127.0.0.1:3478;\n%s"
                          "[kiosk:cabin-01]\ntoken=" TEST_KIOSK_TOKEN "\n"
                          "[kiosk:cabin-02]\ntoken=" TEST_KIOSK_TOKEN "\n"
                          "[kiosk:cabin-03]\ntoken=" TEST_KIOSK_TOKEN "\n"
                          "[physician:alice]\ndisplay-name=Dr Alice\npassword-hash=%s\n"
                          "[physician:bob]\ndisplay-name=Dr Bob\npassword-hash=%s\n",
                          console, data != NULL ? (const char *) data : "", password_hash,
                          password_hash);
  f->config = cabine_hub_config_new_from_data (conf, "test.conf", &error);
  g_assert_no_error (error);
  f->server = cabine_hub_server_new (f->config);
  g_assert_true (cabine_hub_server_start (f->server, &error));
  g_assert_no_error (error);
  f->port = cabine_hub_server_get_port (f->server);
  g_assert_cmpuint (f->port, >, 0);
  f->session = soup_session_new ();
}

void
hub_fixture_teardown (HubFixture    *f,
                      gconstpointer  data)
{
  cabine_hub_server_stop (f->server);
  hub_spin (20);
  g_clear_object (&f->session);
  g_clear_object (&f->server);
  g_clear_object (&f->config);
}

static gboolean
on_timeout (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

void
hub_wait_until (gboolean *done,
                guint     timeout_ms)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (timeout_ms, on_timeout, &timed_out);

  while (!*done && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  g_assert_false (timed_out);
}

void
hub_spin (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, on_timeout, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

typedef struct {
  gboolean done;
  GBytes *body;
  GError *error;
} HttpResult;

static void
on_http_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  HttpResult *r = user_data;

  r->body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &r->error);
  r->done = TRUE;
}

char *
hub_http (HubFixture *f,
          const char *method,
          const char *path,
          const char *body,
          guint      *status,
          char      **content_type,
          char      **cache_control)
{
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u%s", f->port, path);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  HttpResult r = { FALSE, NULL, NULL };
  SoupMessageHeaders *h;
  char *text;

  g_assert_nonnull (msg);
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }
  soup_session_send_and_read_async (f->session, msg, G_PRIORITY_DEFAULT, NULL, on_http_done, &r);
  hub_wait_until (&r.done, 10000);
  g_assert_no_error (r.error);
  *status = soup_message_get_status (msg);
  h = soup_message_get_response_headers (msg);
  if (content_type != NULL)
    *content_type = g_strdup (soup_message_headers_get_one (h, "Content-Type"));
  if (cache_control != NULL)
    *cache_control = g_strdup (soup_message_headers_get_one (h, "Cache-Control"));
  text = g_bytes_get_size (r.body) > 0
           ? g_strndup (g_bytes_get_data (r.body, NULL), g_bytes_get_size (r.body))
           : g_strdup ("");
  g_bytes_unref (r.body);
  return text;
}

char *
hub_login (HubFixture *f,
           const char *user)
{
  g_autofree char *body = g_strdup_printf ("{\"username\":\"%s\",\"password\":\"%s\"}",
                                           user, TEST_PASSWORD);
  g_autofree char *reply = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *obj;
  guint status = 0;

  reply = hub_http (f, "POST", "/api/login", body, &status, NULL, NULL);
  g_assert_cmpuint (status, ==, 200);
  g_assert_true (json_parser_load_from_data (parser, reply, -1, NULL));
  obj = json_node_get_object (json_parser_get_root (parser));
  return g_strdup (json_object_get_string_member (obj, "token"));
}

static void
on_ws_message (SoupWebsocketConnection *conn,
               int                      data_type,
               GBytes                  *message,
               gpointer                 user_data)
{
  TestClient *c = user_data;
  g_autoptr(GError) error = NULL;
  gsize len = 0;
  const char *data = g_bytes_get_data (message, &len);
  JsonObject *obj = cabine_protocol_parse (data, len, NULL, &error);

  g_assert_no_error (error);
  g_queue_push_tail (&c->messages, obj);
}

static void
on_ws_closed (SoupWebsocketConnection *conn,
              gpointer                 user_data)
{
  TestClient *c = user_data;

  c->closed = TRUE;
  c->close_code = soup_websocket_connection_get_close_code (conn);
}

typedef struct {
  gboolean done;
  SoupWebsocketConnection *conn;
  GError *error;
} WsResult;

static void
on_ws_connected (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  WsResult *r = user_data;

  r->conn = soup_session_websocket_connect_finish (SOUP_SESSION (source), result, &r->error);
  r->done = TRUE;
}

TestClient *
test_client_connect (HubFixture *f)
{
  g_autofree char *url = g_strdup_printf ("ws://127.0.0.1:%u/ws", f->port);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  WsResult r = { FALSE, NULL, NULL };
  TestClient *c = g_new0 (TestClient, 1);

  soup_session_websocket_connect_async (f->session, msg, NULL, NULL, G_PRIORITY_DEFAULT, NULL,
                                        on_ws_connected, &r);
  hub_wait_until (&r.done, 5000);
  g_assert_no_error (r.error);
  c->conn = r.conn;
  g_queue_init (&c->messages);
  soup_websocket_connection_set_max_incoming_payload_size (c->conn, 1024 * 1024);
  g_signal_connect (c->conn, "message", G_CALLBACK (on_ws_message), c);
  g_signal_connect (c->conn, "closed", G_CALLBACK (on_ws_closed), c);
  return c;
}

void
test_client_free (TestClient *c)
{
  g_signal_handlers_disconnect_by_data (c->conn, c);
  if (soup_websocket_connection_get_state (c->conn) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_close (c->conn, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  g_object_unref (c->conn);
  g_queue_clear_full (&c->messages, (GDestroyNotify) json_object_unref);
  g_free (c);
}

void
test_client_send (TestClient *c,
                  const char *text)
{
  g_assert_cmpint (soup_websocket_connection_get_state (c->conn), ==, SOUP_WEBSOCKET_STATE_OPEN);
  soup_websocket_connection_send_text (c->conn, text);
}

void
test_client_sendf (TestClient *c,
                   const char *format,
                   ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  test_client_send (c, text);
}

static gboolean
has_message (TestClient *c)
{
  return !g_queue_is_empty (&c->messages) || c->closed;
}

JsonObject *
test_client_expect (TestClient *c,
                    const char *type)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (5000, on_timeout, &timed_out);
  JsonObject *obj;

  while (!has_message (c) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  obj = g_queue_pop_head (&c->messages);
  if (obj == NULL)
    g_error ("expected '%s', got %s", type, timed_out ? "nothing" : "a closed socket");
  g_assert_cmpstr (json_object_get_string_member (obj, "type"), ==, type);
  return obj;
}

void
test_client_expect_error (TestClient *c,
                          const char *code)
{
  g_autoptr(JsonObject) err = test_client_expect (c, "error");

  g_assert_cmpstr (json_object_get_string_member (err, "code"), ==, code);
  g_assert_nonnull (json_object_get_string_member (err, "message"));
  g_assert_false (c->closed);
}

void
test_client_expect_nothing (TestClient *c)
{
  hub_spin (150);
  if (!g_queue_is_empty (&c->messages))
    {
      g_autofree char *text = cabine_protocol_serialize (g_queue_peek_head (&c->messages));

      g_error ("unexpected message: %s", text);
    }
}

void
test_client_wait_closed (TestClient *c)
{
  hub_wait_until (&c->closed, 5000);
}

TestClient *
test_kiosk_new (HubFixture *f,
                const char *kiosk_id)
{
  TestClient *c = test_client_connect (f);
  g_autoptr(JsonObject) welcome = NULL;

  test_client_sendf (c, "{\"type\":\"hello\",\"role\":\"kiosk\",\"kioskId\":\"%s\","
                        "\"token\":\"" TEST_KIOSK_TOKEN "\",\"version\":\"0.1.0\"}", kiosk_id);
  welcome = test_client_expect (c, "welcome");
  g_assert_cmpstr (json_object_get_string_member (welcome, "role"), ==, "kiosk");
  g_assert_cmpstr (json_object_get_string_member (welcome, "kioskId"), ==, kiosk_id);
  return c;
}

TestClient *
test_physician_new (HubFixture *f,
                    const char *user)
{
  g_autofree char *token = hub_login (f, user);

  return test_physician_with_token (f, token);
}

TestClient *
test_physician_with_token (HubFixture *f,
                           const char *token)
{
  TestClient *c = test_client_connect (f);
  g_autoptr(JsonObject) welcome = NULL;
  g_autoptr(JsonObject) queue = NULL;

  test_client_sendf (c, "{\"type\":\"hello\",\"role\":\"physician\",\"token\":\"%s\"}", token);
  welcome = test_client_expect (c, "welcome");
  g_assert_cmpstr (json_object_get_string_member (welcome, "role"), ==, "physician");
  queue = test_client_expect (c, "queue");
  g_assert_true (json_object_has_member (queue, "entries"));
  return c;
}

/* The relay's log lines, while a test keeps them. */
static GPtrArray *relay_log;

static void
on_relay_log (const char     *domain,
              GLogLevelFlags  level,
              const char     *message,
              gpointer        data)
{
  if (relay_log != NULL)
    g_ptr_array_add (relay_log, g_strdup (message));
  g_log_default_handler (domain, level, message, data);
}

void
hub_relay_log_install (void)
{
  g_log_set_handler ("cabine-hub-relay", G_LOG_LEVEL_MESSAGE, on_relay_log, NULL);
}

void
hub_relay_log_start (void)
{
  g_clear_pointer (&relay_log, g_ptr_array_unref);
  relay_log = g_ptr_array_new_with_free_func (g_free);
}

void
hub_relay_log_stop (void)
{
  g_clear_pointer (&relay_log, g_ptr_array_unref);
}

const char *
hub_relay_logged (const char *needle)
{
  for (guint i = 0; relay_log != NULL && i < relay_log->len; i++)
    if (strstr (g_ptr_array_index (relay_log, i), needle) != NULL)
      return g_ptr_array_index (relay_log, i);
  return NULL;
}

char *
test_start_call (TestClient *doc,
                 TestClient *kiosk)
{
  g_autoptr(JsonObject) queued = NULL;
  char *id;

  test_client_send (kiosk, "{\"type\":\"join-queue\",\"reason\":\"Fièvre\"}");
  queued = test_client_expect (kiosk, "queued");
  id = g_strdup (json_object_get_string_member (queued, "sessionId"));
  json_object_unref (test_client_expect (doc, "queue"));
  test_client_sendf (doc, "{\"type\":\"accept\",\"sessionId\":\"%s\"}", id);
  json_object_unref (test_client_expect (doc, "accepted"));
  json_object_unref (test_client_expect (kiosk, "session-started"));
  json_object_unref (test_client_expect (doc, "queue"));
  return id;
}

void
test_expect_relay_works (TestClient *kiosk,
                         TestClient *doc,
                         const char *id)
{
  g_autoptr(JsonObject) offer = NULL;
  g_autoptr(JsonObject) answer = NULL;

  test_client_sendf (kiosk, TEST_OFFER, id);
  offer = test_client_expect (doc, "offer");
  g_assert_cmpstr (json_object_get_string_member (offer, "sessionId"), ==, id);
  test_client_sendf (doc, TEST_ANSWER, id);
  answer = test_client_expect (kiosk, "answer");
  g_assert_cmpstr (json_object_get_string_member (answer, "sessionId"), ==, id);
}

void
test_client_expect_resumed (TestClient *c,
                            const char *id,
                            gboolean    peer_present)
{
  g_autoptr(JsonObject) m = test_client_expect (c, "resumed");

  g_assert_cmpstr (json_object_get_string_member (m, "sessionId"), ==, id);
  g_assert_true (json_object_get_boolean_member (m, "peerPresent") == peer_present);
}

void
test_client_expect_error_reply (TestClient *c,
                                const char *code,
                                const char *in_reply_to)
{
  g_autoptr(JsonObject) err = test_client_expect (c, "error");

  g_assert_cmpstr (json_object_get_string_member (err, "code"), ==, code);
  g_assert_cmpstr (json_object_get_string_member (err, "inReplyTo"), ==, in_reply_to);
}

void
test_client_resume (TestClient *c,
                    const char *id,
                    gboolean    peer_present)
{
  test_client_sendf (c, TEST_RESUME, id);
  test_client_expect_resumed (c, id, peer_present);
}

void
test_client_resume_refused (TestClient *c,
                            const char *id,
                            const char *code)
{
  test_client_sendf (c, TEST_RESUME, id);
  test_client_expect_error_reply (c, code, "resume");
}

char *
test_kiosk_join (TestClient *kiosk,
                 const char *session_id,
                 gint64      position,
                 gint64      length)
{
  g_autoptr(JsonObject) queued = NULL;

  if (session_id != NULL)
    test_client_sendf (kiosk, "{\"type\":\"join-queue\",\"sessionId\":\"%s\","
                              "\"reason\":\"Fièvre\",\"language\":\"fr\"}", session_id);
  else
    test_client_send (kiosk, "{\"type\":\"join-queue\",\"reason\":\"Fièvre\",\"language\":\"fr\"}");
  queued = test_client_expect (kiosk, "queued");
  g_assert_true (g_uuid_string_is_valid (json_object_get_string_member (queued, "sessionId")));
  g_assert_cmpint (json_object_get_int_member (queued, "position"), ==, position);
  g_assert_cmpint (json_object_get_int_member (queued, "queueLength"), ==, length);
  return g_strdup (json_object_get_string_member (queued, "sessionId"));
}

void
test_expect_queue (TestClient *physician,
                   guint       n_entries,
                   const char *first_id)
{
  g_autoptr(JsonObject) q = test_client_expect (physician, "queue");
  JsonArray *entries = json_object_get_array_member (q, "entries");

  g_assert_cmpuint (json_array_get_length (entries), ==, n_entries);
  if (first_id != NULL)
    {
      JsonObject *e = json_array_get_object_element (entries, 0);

      g_assert_cmpstr (json_object_get_string_member (e, "sessionId"), ==, first_id);
      g_assert_cmpstr (json_object_get_string_member (e, "reason"), ==, "Fièvre");
      g_assert_cmpstr (json_object_get_string_member (e, "language"), ==, "fr");
      g_assert_true (g_str_has_prefix (json_object_get_string_member (e, "kioskId"), "cabin-"));
      g_assert_true (g_str_has_suffix (json_object_get_string_member (e, "waitingSince"), "Z"));
    }
}

void
test_expect_queue_ids (TestClient *physician,
                       ...)
{
  g_autoptr(JsonObject) q = test_client_expect (physician, "queue");
  JsonArray *entries = json_object_get_array_member (q, "entries");
  const char *id;
  guint i = 0;
  va_list args;

  va_start (args, physician);
  while ((id = va_arg (args, const char *)) != NULL)
    {
      g_assert_cmpuint (i, <, json_array_get_length (entries));
      g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (entries, i),
                                                      "sessionId"), ==, id);
      i++;
    }
  va_end (args);
  g_assert_cmpuint (json_array_get_length (entries), ==, i);
}

void
test_expect_position (TestClient *kiosk,
                      const char *id,
                      gint64      position,
                      gint64      length)
{
  g_autoptr(JsonObject) m = test_client_expect (kiosk, "queue-position");

  g_assert_cmpstr (json_object_get_string_member (m, "sessionId"), ==, id);
  g_assert_cmpint (json_object_get_int_member (m, "position"), ==, position);
  g_assert_cmpint (json_object_get_int_member (m, "queueLength"), ==, length);
}
