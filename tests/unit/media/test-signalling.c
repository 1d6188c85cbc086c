/* test-signalling.c: CabineSignalling against an in-test libsoup WebSocket server
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-signalling"

#include <libsoup/soup.h>

#include "cabine-media-error.h"
#include "cabine-protocol.h"
#include "cabine-signalling.h"

typedef struct {
  SoupServer *server;
  char *url;
  GPtrArray *connections;        /* server side, in connection order */
  GPtrArray *received;           /* JsonObject from the client, all connections */
  gint64 last_close_us;
  gint64 last_hello_us;
  guint hellos;

  GPtrArray *messages;           /* JsonObject emitted by the client's `message` signal */
  int connection_changes;
  gboolean connected;
} Fixture;

static void
on_server_message (SoupWebsocketConnection *connection,
                   SoupWebsocketDataType    type,
                   GBytes                  *bytes,
                   Fixture                 *fixture)
{
  gsize length;
  const char *text = g_bytes_get_data (bytes, &length);
  const char *msg_type = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *msg = cabine_protocol_parse (text, length, &msg_type, &error);

  g_assert_no_error (error);
  if (g_str_equal (msg_type, "hello"))
    {
      fixture->hellos++;
      fixture->last_hello_us = g_get_monotonic_time ();
    }
  g_ptr_array_add (fixture->received, msg);
}

static void
on_server_closed (SoupWebsocketConnection *connection,
                  Fixture                 *fixture)
{
  fixture->last_close_us = g_get_monotonic_time ();
}

static void
on_websocket (SoupServer              *server,
              SoupServerMessage       *msg,
              const char              *path,
              SoupWebsocketConnection *connection,
              gpointer                 data)
{
  Fixture *fixture = data;

  g_ptr_array_add (fixture->connections, g_object_ref (connection));
  g_signal_connect (connection, "message", G_CALLBACK (on_server_message), fixture);
  g_signal_connect (connection, "closed", G_CALLBACK (on_server_closed), fixture);
}

static void
on_client_message (CabineSignalling *signalling,
                   const char       *type,
                   JsonObject       *msg,
                   Fixture          *fixture)
{
  g_assert_cmpstr (type, ==, json_object_get_string_member (msg, "type"));
  g_ptr_array_add (fixture->messages, json_object_ref (msg));
}

static void
on_connection_changed (CabineSignalling *signalling,
                       gboolean          connected,
                       Fixture          *fixture)
{
  g_assert_cmpint (connected, ==, cabine_signalling_get_connected (signalling));
  fixture->connected = connected;
  fixture->connection_changes++;
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;

  fixture->server = soup_server_new (NULL, NULL);
  soup_server_add_websocket_handler (fixture->server, "/ws", NULL, NULL, on_websocket, fixture,
                                     NULL);
  g_assert_true (soup_server_listen_local (fixture->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY,
                                           &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (fixture->server);
  fixture->url = g_strdup_printf ("ws://127.0.0.1:%d/ws", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  fixture->connections = g_ptr_array_new_with_free_func (g_object_unref);
  fixture->received = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  fixture->messages = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_ptr_array_unref (fixture->connections);
  g_ptr_array_unref (fixture->received);
  g_ptr_array_unref (fixture->messages);
  soup_server_disconnect (fixture->server);
  g_object_unref (fixture->server);
  g_free (fixture->url);
}

/* Iterates the main context until *@counter reaches @target; fails after @timeout_s. */
static void
wait_for_count (const guint *counter,
                guint        target,
                int          timeout_s)
{
  gint64 deadline = g_get_monotonic_time () + timeout_s * G_USEC_PER_SEC;

  while (*counter < target)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static void
wait_connected (Fixture  *fixture,
                gboolean  connected)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while (fixture->connected != connected)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
}

static SoupWebsocketConnection *
last_connection (Fixture *fixture)
{
  g_assert_cmpuint (fixture->connections->len, >, 0);
  return g_ptr_array_index (fixture->connections, fixture->connections->len - 1);
}

static JsonObject *
last_received (Fixture *fixture)
{
  g_assert_cmpuint (fixture->received->len, >, 0);
  return g_ptr_array_index (fixture->received, fixture->received->len - 1);
}

static void
test_signalling_session (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(CabineSignalling) signalling = cabine_signalling_new (fixture->url, "cabin-01",
                                                                  "demo-kiosk-token");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) out = cabine_protocol_new_message ("join-queue", NULL);
  JsonObject *hello;
  gint64 delay_us;
  guint target;

  g_signal_connect (signalling, "message", G_CALLBACK (on_client_message), fixture);
  g_signal_connect (signalling, "connection-changed", G_CALLBACK (on_connection_changed), fixture);

  /* Not connected yet: sending fails cleanly. */
  g_assert_false (cabine_signalling_send (signalling, out, &error));
  g_assert_error (error, CABINE_MEDIA_ERROR, CABINE_MEDIA_ERROR_NOT_CONNECTED);
  g_clear_error (&error);

  g_assert_true (cabine_signalling_start (signalling, &error));
  g_assert_no_error (error);
  g_assert_false (cabine_signalling_start (signalling, &error));
  g_assert_error (error, CABINE_MEDIA_ERROR, CABINE_MEDIA_ERROR_WRONG_STATE);
  g_clear_error (&error);

  /* hello first, with the kiosk's credentials (data/protocol.md, "Authentication") */
  wait_for_count (&fixture->hellos, 1, 5);
  hello = last_received (fixture);
  g_assert_cmpstr (json_object_get_string_member (hello, "type"), ==, "hello");
  g_assert_cmpstr (json_object_get_string_member (hello, "role"), ==, "kiosk");
  g_assert_cmpstr (json_object_get_string_member (hello, "kioskId"), ==, "cabin-01");
  g_assert_cmpstr (json_object_get_string_member (hello, "token"), ==, "demo-kiosk-token");
  g_assert_false (cabine_signalling_get_connected (signalling));

  /* Garbage before welcome is ignored. */
  g_test_expect_message ("cabine-signalling", G_LOG_LEVEL_WARNING, "*malformed*");
  soup_websocket_connection_send_text (last_connection (fixture), "this is not json");
  soup_websocket_connection_send_text (last_connection (fixture),
                                       "{\"type\":\"welcome\",\"role\":\"kiosk\"}");
  wait_connected (fixture, TRUE);
  g_test_assert_expected_messages ();
  g_assert_cmpint (fixture->connection_changes, ==, 1);
  g_assert_cmpuint (cabine_signalling_get_next_delay_ms (signalling), ==,
                    CABINE_SIGNALLING_BACKOFF_MIN_MS);

  /* Messages after welcome are emitted; garbage and untyped objects are not. */
  g_test_expect_message ("cabine-signalling", G_LOG_LEVEL_WARNING, "*malformed*");
  g_test_expect_message ("cabine-signalling", G_LOG_LEVEL_WARNING, "*malformed*");
  g_test_expect_message ("cabine-signalling", G_LOG_LEVEL_WARNING, "*binary*");
  soup_websocket_connection_send_text (last_connection (fixture), "{]");
  soup_websocket_connection_send_text (last_connection (fixture), "{\"notype\":1}");
  soup_websocket_connection_send_binary (last_connection (fixture), "\x01\x02", 2);
  soup_websocket_connection_send_text (last_connection (fixture),
                                       "{\"type\":\"queued\",\"sessionId\":\"s1\","
                                       "\"position\":1,\"queueLength\":1}");
  wait_for_count (&fixture->messages->len, 1, 5);
  g_test_assert_expected_messages ();
  g_assert_cmpuint (fixture->messages->len, ==, 1);
  g_assert_cmpstr (json_object_get_string_member (g_ptr_array_index (fixture->messages, 0),
                                                  "sessionId"), ==, "s1");

  /* The client sends. */
  json_object_set_string_member (out, "reason", "Fièvre");
  target = fixture->received->len + 1;
  g_assert_true (cabine_signalling_send (signalling, out, &error));
  g_assert_no_error (error);
  wait_for_count (&fixture->received->len, target, 5);
  g_assert_cmpstr (json_object_get_string_member (last_received (fixture), "reason"), ==,
                   "Fièvre");

  /* The hub closes: disconnected, then a new hello after 0.5 s minus jitter. */
  soup_websocket_connection_close (last_connection (fixture), SOUP_WEBSOCKET_CLOSE_GOING_AWAY,
                                   NULL);
  wait_connected (fixture, FALSE);
  wait_for_count (&fixture->hellos, 2, 5);
  delay_us = fixture->last_hello_us - fixture->last_close_us;
  g_assert_cmpint (delay_us, >=, CABINE_SIGNALLING_BACKOFF_MIN_MS * 750);
  g_assert_cmpint (delay_us, <, CABINE_SIGNALLING_BACKOFF_MIN_MS * 1000 + 500000);

  /* Closed again before welcome: the delay doubles. */
  soup_websocket_connection_close (last_connection (fixture), SOUP_WEBSOCKET_CLOSE_GOING_AWAY,
                                   NULL);
  wait_for_count (&fixture->hellos, 3, 5);
  delay_us = fixture->last_hello_us - fixture->last_close_us;
  g_assert_cmpint (delay_us, >=, 2 * CABINE_SIGNALLING_BACKOFF_MIN_MS * 750);
  g_assert_cmpint (delay_us, <, 2 * CABINE_SIGNALLING_BACKOFF_MIN_MS * 1000 + 500000);

  /* Refused: last-error says so and the backoff goes to its cap. */
  g_test_expect_message ("cabine-signalling", G_LOG_LEVEL_WARNING, "*not-authorized*");
  soup_websocket_connection_send_text (last_connection (fixture),
                                       "{\"type\":\"error\",\"code\":\"not-authorized\","
                                       "\"message\":\"bad token\",\"inReplyTo\":\"hello\"}");
  while (cabine_signalling_get_last_error (signalling) == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_test_assert_expected_messages ();
  g_assert_error (cabine_signalling_get_last_error (signalling), CABINE_MEDIA_ERROR,
                  CABINE_MEDIA_ERROR_REFUSED);
  g_assert_nonnull (strstr (cabine_signalling_get_last_error (signalling)->message,
                            "not-authorized"));
  g_assert_cmpuint (cabine_signalling_get_next_delay_ms (signalling), ==,
                    CABINE_SIGNALLING_BACKOFF_MAX_MS);
  soup_websocket_connection_close (last_connection (fixture), 4001, "not authorized");
  while (fixture->last_close_us == 0 ||
         soup_websocket_connection_get_state (last_connection (fixture)) !=
         SOUP_WEBSOCKET_STATE_CLOSED)
    g_main_context_iteration (NULL, TRUE);

  /* Stop: no reconnection, no more signals. */
  cabine_signalling_stop (signalling);
  cabine_signalling_stop (signalling);
  g_assert_false (cabine_signalling_get_connected (signalling));
  for (int i = 0; i < 50; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
  g_assert_cmpuint (fixture->hellos, ==, 3);
  g_assert_cmpint (fixture->connection_changes, ==, 2);
}

static void
test_signalling_bad_url (void)
{
  const char *urls[] = { "http://127.0.0.1/ws", "not a url", "ws:///ws", "" };

  for (gsize i = 0; i < G_N_ELEMENTS (urls); i++)
    {
      g_autoptr(CabineSignalling) signalling = cabine_signalling_new (urls[i], "k", "t");
      g_autoptr(GError) error = NULL;

      g_assert_false (cabine_signalling_start (signalling, &error));
      g_assert_error (error, CABINE_MEDIA_ERROR, CABINE_MEDIA_ERROR_INVALID_ARGUMENT);
    }
}

static void
test_signalling_unreachable (void)
{
  /* Port 9 (discard) on loopback is closed here: the attempt fails and is retried. */
  g_autoptr(CabineSignalling) signalling = cabine_signalling_new ("ws://127.0.0.1:9/ws", "k", "t");
  g_autoptr(GError) error = NULL;

  g_assert_true (cabine_signalling_start (signalling, &error));
  while (cabine_signalling_get_last_error (signalling) == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (cabine_signalling_get_connected (signalling));
  g_assert_cmpuint (cabine_signalling_get_next_delay_ms (signalling), ==,
                    2 * CABINE_SIGNALLING_BACKOFF_MIN_MS);
  cabine_signalling_stop (signalling);
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

/* A kiosk in a call keeps its reconnection delay at CABINE_SIGNALLING_BACKOFF_URGENT_MAX_MS: seven
 * attempts take at most 0.5 + 1 + 2 × 4 s (the usual backoff, 0.5 + 1 + 2 + 4 + 8 + 10 s, takes
 * over 19 s even with its jitter taking off up to a quarter). */
static void
test_signalling_urgent (void)
{
  g_autoptr(CabineSignalling) signalling = cabine_signalling_new ("ws://127.0.0.1:9/ws", "k", "t");
  g_autoptr(GError) error = NULL;
  gint64 started = g_get_monotonic_time ();
  guint failures = 0;

  g_signal_connect (signalling, "notify::last-error", G_CALLBACK (count_notify), &failures);
  cabine_signalling_set_urgent (signalling, TRUE);
  g_assert_true (cabine_signalling_start (signalling, &error));
  while (failures < 7 && g_get_monotonic_time () - started < 30 * G_USEC_PER_SEC)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (failures, >=, 7);
  g_assert_cmpint (g_get_monotonic_time () - started, <, 15 * G_USEC_PER_SEC);
  cabine_signalling_stop (signalling);
}

int
main (int   argc,
      char *argv[])
{
  g_unsetenv ("GST_DEBUG");
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/media/signalling/session", Fixture, NULL, fixture_setup,
              test_signalling_session, fixture_teardown);
  g_test_add_func ("/media/signalling/bad-url", test_signalling_bad_url);
  g_test_add_func ("/media/signalling/unreachable", test_signalling_unreachable);
  g_test_add_func ("/media/signalling/urgent", test_signalling_urgent);
  return g_test_run ();
}
