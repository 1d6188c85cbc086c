/* test-outbox.c: kiosk store → outbox → hub records, with the real hub in process
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "cabine-hub-tls.h"
#include "cabine-outbox.h"
#include "cabine-store.h"
#include "hub-test-util.h"

typedef struct {
  HubFixture hub;
  char *dir;
  char *db;
  CabineStore *store;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  hub_fixture_setup (&f->hub, data);
  f->dir = g_dir_make_tmp ("cabine-outbox-XXXXXX", NULL);
  f->db = g_build_filename (f->dir, "kiosk.db", NULL);
  f->store = cabine_store_open (f->db, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", f->dir);

  g_clear_object (&f->store);
  hub_fixture_teardown (&f->hub, data);
  g_assert_cmpint (system (cmd), ==, 0);
  g_free (f->dir);
  g_free (f->db);
}

typedef struct {
  gboolean done;
  GBytes *body;
} Reply;

static void
on_reply (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Reply *r = user_data;

  r->body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, NULL);
  r->done = TRUE;
}

/* An HTTP request with optional Authorization and Cabine-Kiosk-Id; returns the body. */
static char *
request (Fixture *f, const char *method, const char *path, const char *bearer, const char *kiosk,
         const char *body, guint *status)
{
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u%s", f->hub.port, path);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  SoupMessageHeaders *h = soup_message_get_request_headers (msg);
  Reply r = { FALSE, NULL };
  char *text;

  if (bearer != NULL)
    {
      g_autofree char *auth = g_strdup_printf ("Bearer %s", bearer);
      soup_message_headers_replace (h, "Authorization", auth);
    }
  if (kiosk != NULL)
    soup_message_headers_replace (h, "Cabine-Kiosk-Id", kiosk);
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }
  soup_session_send_and_read_async (f->hub.session, msg, G_PRIORITY_DEFAULT, NULL, on_reply, &r);
  hub_wait_until (&r.done, 10000);
  g_assert_nonnull (r.body);
  *status = soup_message_get_status (msg);
  text = g_strndup (g_bytes_get_data (r.body, NULL), g_bytes_get_size (r.body));
  g_bytes_unref (r.body);
  return text;
}

/* A kiosk joins the queue and @doctor accepts: returns the hub sessionId. */
static char *
take_consultation (Fixture *f, TestClient *kiosk, TestClient *doctor)
{
  g_autoptr(JsonObject) queued = NULL;
  g_autoptr(JsonObject) accepted = NULL;
  g_autoptr(JsonObject) started = NULL;
  char *id;

  test_client_send (kiosk, "{\"type\":\"join-queue\",\"reason\":\"Toux\",\"language\":\"fr\"}");
  queued = test_client_expect (kiosk, "queued");
  id = g_strdup (json_object_get_string_member (queued, "sessionId"));
  json_object_unref (test_client_expect (doctor, "queue"));
  test_client_sendf (doctor, "{\"type\":\"accept\",\"sessionId\":\"%s\"}", id);
  accepted = test_client_expect (doctor, "accepted");
  started = test_client_expect (kiosk, "session-started");
  return id;
}

/* A finished consultation K with a patient, a consent and one reading, tied to @hub_id. */
static void
finish_consultation (Fixture *f, const char *id, const char *hub_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) raw = g_bytes_new_static ("\xe7\x00\x01\x02", 4);
  CabineStoredPatient patient = { "Zorglub", "Anne", "1950-03-04", "female", "anne@example.org" };
  CabineStoredObservation obs = {
    .id = "6c1f1f0e-8d52-4d0b-a4a1-2b5a3f7e9c01", .session_id = id, .loinc = "8310-5",
    .mdc_code = 19292, .value = 37.2, .ucum = "Cel", .device_time = "2026-11-29T12:03:10+01:00",
    .received_at = "2026-11-29T11:03:10.412Z",
    .provenance_json = "{\"manufacturer\":\"Cabine\",\"model\":\"sim\",\"serial\":\"0001\",\"usb\":\"1d6b:0104\"}",
    .raw_frame = raw,
    .resource_json = "{\"resourceType\":\"Observation\",\"id\":\"6c1f1f0e-8d52-4d0b-a4a1-2b5a3f7e9c01\","
                     "\"status\":\"final\",\"code\":{\"coding\":[{\"system\":\"http://loinc.org\","
                     "\"code\":\"8310-5\"}]},\"valueQuantity\":{\"value\":37.2,\"unit\":\"°C\","
                     "\"system\":\"http://unitsofmeasure.org\",\"code\":\"Cel\"}}",
  };

  g_assert_true (cabine_store_begin_session (f->store, id, "cabin-01", "fr", "Toux", &error));
  g_assert_true (cabine_store_set_patient (f->store, id, &patient, &error));
  g_assert_true (cabine_store_set_consent (f->store, id, "2026-11-01", "fr", &error));
  if (hub_id != NULL)
    g_assert_true (cabine_store_set_hub_session_id (f->store, id, hub_id, &error));
  g_assert_true (cabine_store_mark_call_started (f->store, id, &error));
  g_assert_true (cabine_store_add_observation (f->store, &obs, &error));
  g_assert_true (cabine_store_end_session (f->store, id, "physician-ended", &error));
  g_assert_no_error (error);
}

static void
on_uploaded (CabineOutbox *outbox, const char *record_id, gboolean created, gpointer user_data)
{
  int *n = user_data;
  *n += created ? 1 : 100;
}

static void
on_failed (CabineOutbox *outbox, const char *record_id, const char *message, gpointer user_data)
{
  int *n = user_data;
  (*n)++;
}

static void
wait_for (int *counter, int value)
{
  for (guint i = 0; i < 500 && *counter < value; i++)
    hub_spin (20);
  g_assert_cmpint (*counter, >=, value);
}

static void
test_upload_and_read (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TestClient) kiosk = test_kiosk_new (&f->hub, "cabin-01");
  g_autoptr(TestClient) alice = test_physician_new (&f->hub, "alice");
  g_autofree char *hub_id = take_consultation (f, kiosk, alice);
  g_autofree char *url = g_strdup_printf ("ws://127.0.0.1:%u/ws", f->hub.port);
  g_autofree char *alice_token = hub_login (&f->hub, "alice");
  g_autofree char *bob_token = hub_login (&f->hub, "bob");
  g_autofree char *path = g_strdup_printf ("/api/records/%s", hub_id);
  g_autofree char *fhir_path = g_strdup_printf ("/api/records/%s/fhir", hub_id);
  g_autofree char *body = NULL;
  g_autofree char *record = NULL;
  g_autoptr(CabineOutbox) outbox = NULL;
  const char *k = "0b7d7a4e-4f6e-4c3a-9a57-1b2c3d4e5f60";
  guint status = 0;
  int uploaded = 0;

  finish_consultation (f, k, hub_id);
  record = cabine_store_build_record (f->store, k, &error);
  g_assert_no_error (error);
  outbox = cabine_outbox_new (f->store, url, "cabin-01", TEST_KIOSK_TOKEN, NULL, 0, &error);
  g_assert_no_error (error);
  g_signal_connect (outbox, "uploaded", G_CALLBACK (on_uploaded), &uploaded);
  cabine_outbox_start (outbox);
  wait_for (&uploaded, 1);
  g_assert_cmpint (uploaded, ==, 1);
  g_assert_cmpint (cabine_store_count_pending_uploads (f->store, &error), ==, 0);
  /* Retention 0: the kiosk forgot the patient once the hub confirmed. */
  g_assert_cmpint (cabine_store_count_observations (f->store, k, &error), ==, 0);
  g_assert_cmpint (cabine_store_count_audit (f->store, "purge", &error), ==, 1);

  /* The physician who took it reads it, as the record and as FHIR; nobody else does. */
  body = request (f, "GET", path, alice_token, NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_nonnull (strstr (body, "Zorglub"));
  g_clear_pointer (&body, g_free);
  body = request (f, "GET", fhir_path, alice_token, NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_nonnull (strstr (body, "\"resourceType\" : \"Bundle\""));
  g_assert_nonnull (strstr (body, "\"value\" : 37.2"));
  g_clear_pointer (&body, g_free);
  body = request (f, "GET", path, bob_token, NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 404);
  g_clear_pointer (&body, g_free);
  body = request (f, "GET", path, NULL, NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 401);
  g_clear_pointer (&body, g_free);
  body = request (f, "GET", path, TEST_KIOSK_TOKEN, NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 401);
  g_clear_pointer (&body, g_free);

  /* The same record again: 200, stored once. */
  body = request (f, "POST", "/api/records", TEST_KIOSK_TOKEN, "cabin-01", record, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_nonnull (strstr (body, "\"stored\":false"));
  g_clear_pointer (&body, g_free);
  /* Refusals. */
  body = request (f, "POST", "/api/records", "wrong-token-0123456789", "cabin-01", record, &status);
  g_assert_cmpuint (status, ==, 401);
  g_clear_pointer (&body, g_free);
  body = request (f, "POST", "/api/records", TEST_KIOSK_TOKEN, "cabin-02", record, &status);
  g_assert_cmpuint (status, ==, 403);
  g_clear_pointer (&body, g_free);
  body = request (f, "POST", "/api/records", TEST_KIOSK_TOKEN, "cabin-01", "{\"recordId\":", &status);
  g_assert_cmpuint (status, ==, 400);
  g_clear_pointer (&body, g_free);
  body = request (f, "POST", "/api/records", TEST_KIOSK_TOKEN, "cabin-01",
                  "{\"recordId\":\"a/b\",\"kioskId\":\"cabin-01\"}", &status);
  g_assert_cmpuint (status, ==, 400);
  g_clear_pointer (&body, g_free);
  body = request (f, "POST", "/api/records", TEST_KIOSK_TOKEN, "cabin-01",
                  "{\"recordId\":\"r1\",\"kioskId\":\"cabin-01\",\"observations\":[{\"id\":\"x\"}]}",
                  &status);
  g_assert_cmpuint (status, ==, 400);
  g_clear_pointer (&body, g_free);
  body = request (f, "GET", "/api/records", alice_token, NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 405);
  g_clear_pointer (&body, g_free);
  body = request (f, "GET", "/api/records/x/y", alice_token, NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 404);
}

/* A reply lost after the hub stored the record (kiosk killed, timeout): the retry is answered 200
 * and the hub still has one copy. */
static void
test_retry_is_idempotent (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = g_strdup_printf ("ws://127.0.0.1:%u/ws", f->hub.port);
  g_autoptr(CabineOutbox) outbox = NULL;
  sqlite3 *db = NULL;
  int uploaded = 0;

  finish_consultation (f, "k-retry", NULL);
  outbox = cabine_outbox_new (f->store, url, "cabin-01", TEST_KIOSK_TOKEN, NULL, 1000, &error);
  g_assert_no_error (error);
  g_signal_connect (outbox, "uploaded", G_CALLBACK (on_uploaded), &uploaded);
  cabine_outbox_start (outbox);
  wait_for (&uploaded, 1);
  g_assert_cmpint (uploaded, ==, 1);
  cabine_outbox_stop (outbox);

  /* Forget the confirmation, as if the kiosk died before writing it. */
  g_assert_cmpint (sqlite3_open (f->db, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE outbox SET uploaded_at = NULL", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  g_assert_cmpint (cabine_store_count_pending_uploads (f->store, &error), ==, 1);
  cabine_outbox_start (outbox);
  wait_for (&uploaded, 101);
  g_assert_cmpint (uploaded, ==, 101);
  g_assert_cmpint (cabine_store_count_pending_uploads (f->store, &error), ==, 0);
  /* Retention 1000 h: still here. */
  g_assert_cmpint (cabine_store_count_observations (f->store, "k-retry", &error), ==, 1);
}

/* The hub is down: the attempt fails, is counted and backed off; it is retried later. */
static void
test_backoff (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CabineOutbox) outbox = NULL;
  g_autoptr(CabineOutboxEntry) entry = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GSocket) sock = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, 0, NULL);
  g_autoptr(GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (lo, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autofree char *url = NULL;
  int failed = 0;

  g_assert_cmpuint (cabine_outbox_backoff_seconds (1), ==, 1);
  g_assert_cmpuint (cabine_outbox_backoff_seconds (2), ==, 2);
  g_assert_cmpuint (cabine_outbox_backoff_seconds (5), ==, 16);
  g_assert_cmpuint (cabine_outbox_backoff_seconds (9), ==, 256);
  g_assert_cmpuint (cabine_outbox_backoff_seconds (10), ==, CABINE_OUTBOX_BACKOFF_MAX);
  g_assert_cmpuint (cabine_outbox_backoff_seconds (1000), ==, CABINE_OUTBOX_BACKOFF_MAX);

  /* A port with nobody listening: bind, read the port, close. */
  g_assert_true (g_socket_bind (sock, any, TRUE, NULL));
  bound = g_socket_get_local_address (sock, NULL);
  url = g_strdup_printf ("https://127.0.0.1:%u", g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  g_socket_close (sock, NULL);

  finish_consultation (f, "k-down", NULL);
  outbox = cabine_outbox_new (f->store, url, "cabin-01", TEST_KIOSK_TOKEN, NULL, 0, &error);
  g_assert_no_error (error);
  g_signal_connect (outbox, "failed", G_CALLBACK (on_failed), &failed);
  cabine_outbox_start (outbox);
  wait_for (&failed, 1);
  entry = cabine_store_outbox_next (f->store, &error);
  g_assert_nonnull (entry);
  g_assert_cmpuint (entry->attempts, >=, 1);
  now = g_date_time_new_now_utc ();
  g_assert_nonnull (entry->next_attempt);
  g_assert_cmpint (g_date_time_difference (entry->next_attempt, now), >, 0);
  /* The second attempt comes after about a second, not at once. */
  wait_for (&failed, 2);
  cabine_outbox_stop (outbox);
  g_assert_cmpint (cabine_store_count_observations (f->store, "k-down", &error), ==, 1);

  g_assert_null (cabine_outbox_new (f->store, "ftp://x", "cabin-01", "t", NULL, 0, &error));
  g_assert_error (error, CABINE_OUTBOX_ERROR, CABINE_OUTBOX_ERROR_URL);
  g_clear_error (&error);
  g_assert_null (cabine_outbox_new (f->store, url, "cabin-01", "t", "/nonexistent/ca.pem", 0, &error));
  g_assert_error (error, CABINE_OUTBOX_ERROR, CABINE_OUTBOX_ERROR_CA);
}

/* HTTPS: the kiosk uploads to a hub whose certificate chains to the configured CA, and refuses a
 * hub it cannot verify. */
static void
test_tls (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *certs = g_build_filename (f->dir, "tls", NULL);
  g_autofree char *ca = g_build_filename (certs, "ca.pem", NULL);
  g_autofree char *cert = g_build_filename (certs, "hub.pem", NULL);
  g_autofree char *key = g_build_filename (certs, "hub.key", NULL);
  g_autoptr(CabineHubConfig) config = NULL;
  g_autoptr(CabineHubServer) server = NULL;
  g_autoptr(CabineOutbox) trusting = NULL;
  g_autoptr(CabineOutbox) untrusting = NULL;
  g_autofree char *url = NULL;
  g_autofree char *openssl = NULL;
  int uploaded = 0;
  int failed = 0;

#ifdef __SANITIZE_ADDRESS__
  /* GCC 12's LeakSanitizer crashes at exit scanning the dynamic TLS of glib-networking's GnuTLS
   * module ("Tracer caught signal 11" after "DTLS …"): the plain build runs this test. */
  g_test_skip ("TLS under LeakSanitizer: see the comment");
  return;
#endif
  openssl = g_find_program_in_path ("openssl");
  if (openssl == NULL)
    {
      g_test_skip ("openssl is not installed");
      return;
    }
  g_assert_true (cabine_hub_tls_make_self_signed (certs, &error));
  g_assert_no_error (error);
  config = cabine_hub_config_new_from_data ("[hub]\nlisten=127.0.0.1\nport=0\n"
                                            "[kiosk:cabin-01]\ntoken=" TEST_KIOSK_TOKEN "\n",
                                            "tls.conf", &error);
  g_assert_no_error (error);
  cabine_hub_config_set_tls (config, cert, key);
  server = cabine_hub_server_new (config);
  g_assert_true (cabine_hub_server_start (server, &error));
  g_assert_no_error (error);
  url = g_strdup_printf ("wss://127.0.0.1:%u/ws", cabine_hub_server_get_port (server));

  finish_consultation (f, "k-tls", NULL);
  untrusting = cabine_outbox_new (f->store, url, "cabin-01", TEST_KIOSK_TOKEN, NULL, 0, &error);
  g_signal_connect (untrusting, "failed", G_CALLBACK (on_failed), &failed);
  cabine_outbox_start (untrusting);
  wait_for (&failed, 1);
  cabine_outbox_stop (untrusting);
  g_assert_cmpint (cabine_store_count_pending_uploads (f->store, &error), ==, 1);

  trusting = cabine_outbox_new (f->store, url, "cabin-01", TEST_KIOSK_TOKEN, ca, 0, &error);
  g_assert_no_error (error);
  g_signal_connect (trusting, "uploaded", G_CALLBACK (on_uploaded), &uploaded);
  cabine_outbox_start (trusting);
  wait_for (&uploaded, 1);
  g_assert_cmpint (uploaded, ==, 1);
  cabine_outbox_stop (trusting);
  cabine_hub_server_stop (server);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/outbox/upload-and-read", Fixture, NULL, fixture_setup, test_upload_and_read,
              fixture_teardown);
  g_test_add ("/outbox/retry-idempotent", Fixture, NULL, fixture_setup, test_retry_is_idempotent,
              fixture_teardown);
  g_test_add ("/outbox/backoff", Fixture, NULL, fixture_setup, test_backoff, fixture_teardown);
  g_test_add ("/outbox/tls", Fixture, NULL, fixture_setup, test_tls, fixture_teardown);
  return g_test_run ();
}
