/* test-hub-limits.c: request bodies refused before they are read, sign-in throttling
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "cabine-test"

#include <string.h>

#include "cabine-hub-throttle.h"
#include "hub-test-util.h"

typedef struct {
  GString *data;
  gboolean done;
} RawRead;

/* Whether @data holds a whole response: headers and Content-Length bytes of body. */
static gboolean
response_complete (GString *data)
{
  const char *end = strstr (data->str, "\r\n\r\n");
  g_autofree char *head = NULL;
  const char *cl;

  if (end == NULL)
    return FALSE;
  if (g_str_has_prefix (data->str, "HTTP/1.1 101 "))   /* an upgrade: no body follows */
    return TRUE;
  head = g_ascii_strdown (data->str, end - data->str);
  cl = strstr (head, "\r\ncontent-length:");
  if (cl == NULL)
    return FALSE;
  return data->len >= (gsize) (end + 4 - data->str) + g_ascii_strtoull (cl + 17, NULL, 10);
}

static void
raw_read_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  RawRead *r = user_data;
  g_autoptr(GBytes) bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result, NULL);

  if (bytes == NULL || g_bytes_get_size (bytes) == 0)
    {
      r->done = TRUE;
      return;
    }
  g_string_append_len (r->data, g_bytes_get_data (bytes, NULL), (gssize) g_bytes_get_size (bytes));
  if (response_complete (r->data))
    {
      r->done = TRUE;
      return;
    }
  g_input_stream_read_bytes_async (G_INPUT_STREAM (source), 4096, G_PRIORITY_DEFAULT, NULL,
                                   raw_read_cb, r);
}

/* Sends @request (headers and the start of a body, never the whole announced body) on a raw
 * connection and returns the answer; the connection stays open until the answer is complete,
 * so an answer proves the hub did not wait for the body. */
static char *
raw_request_from (HubFixture *f,
                  const char *local_address,
                  const char *request)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) conn = NULL;
  g_autoptr(GError) error = NULL;
  RawRead r = { g_string_new (NULL), FALSE };

  if (local_address != NULL)
    {
      g_autoptr(GSocketAddress) local = g_inet_socket_address_new_from_string (local_address, 0);

      g_socket_client_set_local_address (client, local);
    }
  conn = g_socket_client_connect_to_host (client, "127.0.0.1", f->port, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (conn)),
                                            request, strlen (request), NULL, NULL, &error));
  g_assert_no_error (error);
  g_input_stream_read_bytes_async (g_io_stream_get_input_stream (G_IO_STREAM (conn)), 4096,
                                   G_PRIORITY_DEFAULT, NULL, raw_read_cb, &r);
  hub_wait_until (&r.done, 5000);
  g_io_stream_close (G_IO_STREAM (conn), NULL, NULL);
  hub_spin (20);
  return g_string_free (r.data, FALSE);
}

static char *
raw_request (HubFixture *f,
             const char *request)
{
  return raw_request_from (f, NULL, request);
}

/* POST /api/login from @local_address (127.0.0.0/8); returns the whole answer. */
static char *
login_from (HubFixture *f,
            const char *local_address,
            const char *username,
            const char *password)
{
  g_autofree char *body = g_strdup_printf ("{\"username\":\"%s\",\"password\":\"%s\"}",
                                           username, password);
  g_autofree char *request = g_strdup_printf ("POST /api/login HTTP/1.1\r\nHost: localhost\r\n"
                                              "Content-Type: application/json\r\n"
                                              "Content-Length: %zu\r\n\r\n%s",
                                              strlen (body), body);

  return raw_request_from (f, local_address, request);
}

static void
test_login_throttle (HubFixture    *f,
                     gconstpointer  data)
{
  g_autofree char *token = NULL;
  char *answer;

  /* Someone at 127.0.0.2 guesses alice's password. */
  for (guint i = 0; i < CABINE_HUB_THROTTLE_PAIR_FAILURES; i++)
    {
      answer = login_from (f, "127.0.0.2", "alice", "guess");
      g_assert_true (g_str_has_prefix (answer, "HTTP/1.1 401 "));
      g_free (answer);
    }
  answer = login_from (f, "127.0.0.2", "alice", "guess");
  g_test_message ("%s", answer);
  g_assert_true (g_str_has_prefix (answer, "HTTP/1.1 429 Too Many Requests\r\n"));
  g_assert_nonnull (strstr (answer, "\r\nRetry-After: "));
  g_assert_nonnull (strstr (answer, "{\"error\":\"Too many failed sign-ins: try again in "));
  g_free (answer);
  /* That pair stays locked, even with the right password... */
  answer = login_from (f, "127.0.0.2", "alice", TEST_PASSWORD);
  g_assert_true (g_str_has_prefix (answer, "HTTP/1.1 429 "));
  g_free (answer);
  /* ...but alice at her own machine is not locked out. */
  token = hub_login (f, "alice");
  g_assert_cmpuint (strlen (token), ==, 64);
  answer = login_from (f, "127.0.0.4", "alice", TEST_PASSWORD);
  g_assert_true (g_str_has_prefix (answer, "HTTP/1.1 200 "));
  g_free (answer);

  /* One address trying many usernames is held back as a whole. */
  for (guint i = 0; i < CABINE_HUB_THROTTLE_ADDRESS_FAILURES; i++)
    {
      g_autofree char *user = g_strdup_printf ("user%u", i);

      answer = login_from (f, "127.0.0.3", user, "guess");
      g_assert_true (g_str_has_prefix (answer, "HTTP/1.1 401 "));
      g_free (answer);
    }
  answer = login_from (f, "127.0.0.3", "bob", TEST_PASSWORD);
  g_assert_true (g_str_has_prefix (answer, "HTTP/1.1 429 "));
  g_free (answer);
  answer = login_from (f, "127.0.0.2", "bob", TEST_PASSWORD);
  g_assert_true (g_str_has_prefix (answer, "HTTP/1.1 200 "));
  g_free (answer);
}

static void
test_body_refused_unread (HubFixture    *f,
                          gconstpointer  data)
{
  g_autofree char *answer = NULL;
  g_autofree char *token = NULL;

  /* 300 MB announced, 20 bytes sent, no Expect: the 413 comes before the body. */
  answer = raw_request (f, "POST /api/login HTTP/1.1\r\nHost: localhost\r\n"
                           "Content-Type: application/json\r\nContent-Length: 314572800\r\n\r\n"
                           "{\"username\":\"alice\"");
  g_test_message ("%s", answer);
  g_assert_true (g_str_has_prefix (answer, "HTTP/1.1 413 "));
  g_assert_nonnull (strstr (answer, "\r\nConnection: close\r\n"));
  g_assert_nonnull (strstr (answer, "{\"error\":\"request body too large\"}"));
  g_clear_pointer (&answer, g_free);

  /* A record too large for its path: the same. */
  answer = raw_request (f, "POST /api/records HTTP/1.1\r\nHost: localhost\r\n"
                           "Content-Length: 99999999999\r\n\r\n{");
  g_assert_true (g_str_has_prefix (answer, "HTTP/1.1 413 "));
  g_clear_pointer (&answer, g_free);

  /* Negative or malformed lengths: 400, and no GLib warning (they are fatal in tests). */
  answer = raw_request (f, "POST /api/login HTTP/1.1\r\nHost: localhost\r\n"
                           "Content-Length: -5\r\n\r\n{}");
  g_assert_true (g_str_has_prefix (answer, "HTTP/1.1 400 "));
  g_assert_nonnull (strstr (answer, "Content-Length"));
  g_clear_pointer (&answer, g_free);

  /* A chunked body: 411, before reading it. */
  answer = raw_request (f, "POST /api/login HTTP/1.1\r\nHost: localhost\r\n"
                           "Transfer-Encoding: chunked\r\n\r\n10000\r\n{");
  g_assert_true (g_str_has_prefix (answer, "HTTP/1.1 411 "));
  g_clear_pointer (&answer, g_free);

  /* The hub still serves: a normal sign-in over libsoup. */
  token = hub_login (f, "alice");
  g_assert_cmpuint (strlen (token), ==, 64);
}

/* The user trial's crash: 80 000 nested arrays (160 KB, under every size limit) overflowed the
 * stack in json-glib before any sign-in, over /ws and in POST /api/records. */
static void
test_deep_json (HubFixture    *f,
                gconstpointer  data)
{
  g_autoptr(GString) deep = g_string_new (NULL);
  g_autoptr(TestClient) anonymous = NULL;
  g_autoptr(TestClient) kiosk = NULL;
  g_autofree char *request = NULL;
  g_autofree char *answer = NULL;
  g_autofree char *health = NULL;
  guint status = 0;

  for (guint i = 0; i < 80000; i++)
    g_string_append_c (deep, '[');
  for (guint i = 0; i < 80000; i++)
    g_string_append_c (deep, ']');

  /* before any hello: refused (error or close), and the hub lives on */
  anonymous = test_client_connect (f);
  test_client_send (anonymous, deep->str);
  hub_spin (300);
  g_assert_true (anonymous->closed || anonymous->messages.length > 0);

  kiosk = test_kiosk_new (f, "cabin-01");
  test_client_send (kiosk, deep->str);
  test_client_expect_error (kiosk, "bad-json");

  request = g_strdup_printf ("POST /api/records HTTP/1.1\r\nHost: localhost\r\n"
                             "Cabine-Kiosk-Id: cabin-01\r\nAuthorization: Bearer " TEST_KIOSK_TOKEN "\r\n"
                             "Content-Type: application/json\r\nContent-Length: %zu\r\n\r\n%s",
                             deep->len, deep->str);
  answer = raw_request (f, request);
  g_assert_true (g_str_has_prefix (answer, "HTTP/1.1 400 "));
  g_assert_nonnull (strstr (answer, "nested deeper than 64"));

  health = hub_http (f, "GET", "/api/health", NULL, &status, NULL, NULL);
  g_assert_cmpuint (status, ==, 200);
}

/* A compressed WebSocket frame is checked against the frame limit before it is inflated: a
 * 200-MiB message of one repeated letter deflates to a few hundred KiB, and libsoup inflated it
 * whole into the hub's memory before the hub could refuse it. The hub does not take
 * permessage-deflate (RFC 7692 §5: a server may decline an offered extension), so the frame
 * limit applies to what a message really weighs. */
static void
test_ws_no_compression (HubFixture    *f,
                        gconstpointer  data)
{
  g_autofree char *answer = NULL;
  g_autofree char *lower = NULL;
  guint status = 0;
  g_autofree char *health = NULL;

  answer = raw_request (f, "GET /ws HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\n"
                           "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                           "Sec-WebSocket-Version: 13\r\n"
                           "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n"
                           "\r\n");
  g_assert_true (g_str_has_prefix (answer, "HTTP/1.1 101 "));
  lower = g_ascii_strdown (answer, -1);
  g_assert_null (strstr (lower, "sec-websocket-extensions"));
  g_assert_null (strstr (lower, "permessage-deflate"));

  health = hub_http (f, "GET", "/api/health", NULL, &status, NULL, NULL);
  g_assert_cmpuint (status, ==, 200);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/hub/limits/body-refused-unread", HubFixture, NULL, hub_fixture_setup,
              test_body_refused_unread, hub_fixture_teardown);
  g_test_add ("/hub/limits/login-throttle", HubFixture, NULL, hub_fixture_setup,
              test_login_throttle, hub_fixture_teardown);
  g_test_add ("/hub/limits/deep-json", HubFixture, NULL, hub_fixture_setup,
              test_deep_json, hub_fixture_teardown);
  g_test_add ("/hub/limits/ws-no-compression", HubFixture, NULL, hub_fixture_setup,
              test_ws_no_compression, hub_fixture_teardown);
  return g_test_run ();
}
