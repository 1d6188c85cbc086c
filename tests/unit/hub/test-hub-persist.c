/* test-hub-persist.c: what the hub keeps in its SQLite store beyond records: physician sign-ins
 * (only a hash, with expiry; kept across a restart; expired ones refused and purged) and the
 * accepting physician's notes (PUT /api/records/{sessionId}/notes, in the record and its Bundle).
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "cabine-hub-test"

#include <string.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "hub-test-util.h"

typedef struct {
  HubFixture hub;
  char *dir;
  char *db;
} PersistFixture;

static char *password_hash;

static void
start_hub (PersistFixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *conf = NULL;

  conf = g_strdup_printf ("[hub]\nlisten=127.0.0.1\nport=0\ndatabase=%s\n"
                          "[kiosk:cabin-01]\ntoken=" TEST_KIOSK_TOKEN "\n"
                          "[physician:alice]\ndisplay-name=Dr Alice\npassword-hash=%s\n"
                          "[physician:bob]\ndisplay-name=Dr Bob\npassword-hash=%s\n",
                          f->db, password_hash, password_hash);
  f->hub.config = cabine_hub_config_new_from_data (conf, "test.conf", &error);
  g_assert_no_error (error);
  f->hub.server = cabine_hub_server_new (f->hub.config);
  g_assert_true (cabine_hub_server_start (f->hub.server, &error));
  g_assert_no_error (error);
  f->hub.port = cabine_hub_server_get_port (f->hub.server);
  if (f->hub.session == NULL)
    f->hub.session = soup_session_new ();
}

static void
stop_hub (PersistFixture *f)
{
  cabine_hub_server_stop (f->hub.server);
  hub_spin (20);
  g_clear_object (&f->hub.server);
  g_clear_object (&f->hub.config);
}

static void
setup (PersistFixture *f,
       gconstpointer   data)
{
  g_autoptr(GError) error = NULL;

  if (password_hash == NULL)
    password_hash = cabine_accounts_hash_password (TEST_PASSWORD, &error);
  g_assert_no_error (error);
  f->dir = g_dir_make_tmp ("cabine-hub-persist-XXXXXX", &error);
  g_assert_no_error (error);
  f->db = g_build_filename (f->dir, "hub.db", NULL);
  start_hub (f);
}

static void
teardown (PersistFixture *f,
          gconstpointer   data)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  stop_hub (f);
  g_clear_object (&f->hub.session);
  dir = g_dir_open (f->dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *p = g_build_filename (f->dir, name, NULL);
      g_unlink (p);
    }
  g_rmdir (f->dir);
  g_free (f->db);
  g_free (f->dir);
}

typedef struct {
  gboolean done;
  GBytes *body;
  GError *error;
} Reply;

static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Reply *r = user_data;

  r->body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &r->error);
  r->done = TRUE;
}

/* An HTTP request with an optional bearer token (and kiosk id); returns the body. */
static char *
request (PersistFixture *f,
         const char     *method,
         const char     *path,
         const char     *token,
         const char     *kiosk_id,
         const char     *body,
         guint          *status)
{
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u%s", f->hub.port, path);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  Reply r = { FALSE, NULL, NULL };
  char *text;

  if (token != NULL)
    {
      g_autofree char *auth = g_strdup_printf ("Bearer %s", token);
      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
    }
  if (kiosk_id != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "Cabine-Kiosk-Id", kiosk_id);
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }
  soup_session_send_and_read_async (f->hub.session, msg, G_PRIORITY_DEFAULT, NULL, on_done, &r);
  hub_wait_until (&r.done, 10000);
  g_assert_no_error (r.error);
  *status = soup_message_get_status (msg);
  text = g_strndup (g_bytes_get_data (r.body, NULL), g_bytes_get_size (r.body));
  g_bytes_unref (r.body);
  return text;
}

static gint64
count_logins (PersistFixture *f)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n = -1;

  g_assert_cmpint (sqlite3_open_v2 (f->db, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count(*) FROM login", -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

/* Whether @needle appears anywhere in the database files (main file and WAL). */
static gboolean
db_contains (PersistFixture *f,
             const char     *needle)
{
  const char *suffixes[] = { "", "-wal" };

  for (gsize i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *path = g_strconcat (f->db, suffixes[i], NULL);
      g_autofree char *bytes = NULL;
      gsize len = 0;

      gsize n = strlen (needle);

      if (!g_file_get_contents (path, &bytes, &len, NULL))
        continue;
      for (gsize at = 0; at + n <= len; at++)
        if (memcmp (bytes + at, needle, n) == 0)
          return TRUE;
    }
  return FALSE;
}

/* A physician hello on a fresh socket: returns the reply's type ("welcome" or "error"). */
static void
expect_hello (PersistFixture *f,
              const char     *token,
              gboolean        welcome)
{
  TestClient *c = test_client_connect (&f->hub);

  test_client_sendf (c, "{\"type\":\"hello\",\"role\":\"physician\",\"token\":\"%s\"}", token);
  if (welcome)
    json_object_unref (test_client_expect (c, "welcome"));
  else
    test_client_wait_closed (c);
  test_client_free (c);
}

static void
test_login_survives_restart (PersistFixture *f,
                             gconstpointer   data)
{
  g_autofree char *token = hub_login (&f->hub, "alice");
  g_autofree char *digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);
  g_autofree char *body = NULL;
  guint status = 0;

  expect_hello (f, token, TRUE);
  /* Only the token's hash is kept. */
  g_assert_cmpint (count_logins (f), ==, 1);
  g_assert_false (db_contains (f, token));
  g_assert_true (db_contains (f, digest));

  /* The hub restarts: alice is still signed in, over HTTP and over the signalling socket. */
  stop_hub (f);
  start_hub (f);
  body = request (f, "GET", "/api/records/no-such-record", token, NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 404);
  expect_hello (f, token, TRUE);
  g_clear_pointer (&body, g_free);
  body = request (f, "GET", "/api/records/no-such-record", "0123abcd", NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 401);
  g_assert_nonnull (strstr (body, "invalid credentials"));
}

static void
test_login_expires (PersistFixture *f,
                    gconstpointer   data)
{
  g_autofree char *live = hub_login (&f->hub, "bob");
  g_autofree char *token = NULL;
  g_autofree char *body = NULL;
  guint status = 0;

  /* A token that expires at once: refused with a message that says so, then forgotten. */
  cabine_accounts_set_token_lifetime (cabine_hub_config_get_accounts (f->hub.config), 0);
  token = hub_login (&f->hub, "alice");
  g_assert_cmpint (count_logins (f), ==, 2);
  body = request (f, "GET", "/api/records/r1", token, NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 401);
  g_assert_nonnull (strstr (body, "the sign-in has expired; sign in again"));
  g_assert_cmpint (count_logins (f), ==, 1);
  g_clear_pointer (&body, g_free);
  body = request (f, "GET", "/api/records/r1", token, NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 401);
  g_assert_nonnull (strstr (body, "invalid credentials"));
  expect_hello (f, token, FALSE);
  /* Bob's is untouched. */
  expect_hello (f, live, TRUE);

  /* An expired login left in the store is purged when the hub starts. */
  g_clear_pointer (&token, g_free);
  token = hub_login (&f->hub, "alice");
  g_assert_cmpint (count_logins (f), ==, 2);
  stop_hub (f);
  start_hub (f);
  g_assert_cmpint (count_logins (f), ==, 1);
}

/* Kiosk cabin-01 queues, alice accepts: returns the hub sessionId. */
static char *
consultation (PersistFixture *f,
              const char     *token,
              TestClient    **kiosk,
              TestClient    **physician)
{
  g_autoptr(JsonObject) queued = NULL;
  g_autoptr(JsonObject) accepted = NULL;

  *kiosk = test_client_connect (&f->hub);
  test_client_send (*kiosk, "{\"type\":\"hello\",\"role\":\"kiosk\",\"kioskId\":\"cabin-01\","
                            "\"token\":\"" TEST_KIOSK_TOKEN "\",\"version\":\"0.1.0\"}");
  json_object_unref (test_client_expect (*kiosk, "welcome"));
  test_client_send (*kiosk, "{\"type\":\"join-queue\",\"reason\":\"Toux\"}");
  queued = test_client_expect (*kiosk, "queued");
  *physician = test_client_connect (&f->hub);
  test_client_sendf (*physician, "{\"type\":\"hello\",\"role\":\"physician\",\"token\":\"%s\"}", token);
  json_object_unref (test_client_expect (*physician, "welcome"));
  json_object_unref (test_client_expect (*physician, "queue"));
  test_client_sendf (*physician, "{\"type\":\"accept\",\"sessionId\":\"%s\"}",
                     json_object_get_string_member (queued, "sessionId"));
  accepted = test_client_expect (*physician, "accepted");
  return g_strdup (json_object_get_string_member (accepted, "sessionId"));
}

static void
test_notes (PersistFixture *f,
            gconstpointer   data)
{
  g_autofree char *alice = hub_login (&f->hub, "alice");
  g_autofree char *bob = hub_login (&f->hub, "bob");
  TestClient *kiosk = NULL;
  TestClient *physician = NULL;
  g_autofree char *sid = consultation (f, alice, &kiosk, &physician);
  g_autofree char *path = g_strdup_printf ("/api/records/%s/notes", sid);
  g_autofree char *record_path = g_strdup_printf ("/api/records/%s", sid);
  g_autofree char *fhir_path = g_strdup_printf ("/api/records/%s/fhir", sid);
  g_autofree char *record = NULL;
  g_autofree char *big = NULL;
  char *body;
  guint status = 0;

  /* Only the accepting physician, signed in, with a well-formed body. */
  body = request (f, "PUT", path, NULL, NULL, "{\"text\":\"x\"}", &status);
  g_assert_cmpuint (status, ==, 401);
  g_free (body);
  body = request (f, "PUT", path, bob, NULL, "{\"text\":\"x\"}", &status);
  g_assert_cmpuint (status, ==, 404);
  g_free (body);
  body = request (f, "PUT", "/api/records/unknown-session/notes", alice, NULL, "{\"text\":\"x\"}", &status);
  g_assert_cmpuint (status, ==, 404);
  g_free (body);
  body = request (f, "PUT", path, alice, NULL, "{\"text\":42}", &status);
  g_assert_cmpuint (status, ==, 400);
  g_assert_nonnull (strstr (body, "\\\"text\\\" must be a string"));
  g_free (body);
  body = request (f, "PUT", path, alice, NULL, "[1]", &status);
  g_assert_cmpuint (status, ==, 400);
  g_free (body);
  body = request (f, "GET", path, alice, NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 405);
  g_free (body);
  big = g_strnfill (64 * 1024 + 1, 'a');
  record = g_strdup_printf ("{\"text\":\"%s\"}", big);
  body = request (f, "PUT", path, alice, NULL, record, &status);
  g_assert_cmpuint (status, ==, 413);
  g_free (body);
  g_clear_pointer (&record, g_free);

  /* Saved, replaced, before the record arrives. */
  body = request (f, "PUT", path, alice, NULL, "{\"text\":\"first draft\"}", &status);
  g_assert_cmpuint (status, ==, 200);
  g_free (body);
  body = request (f, "PUT", path, alice, NULL,
                  "{\"text\":\"Toux sèche, pas de fièvre.\\nRevoir dans 7 jours.\"}", &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_nonnull (strstr (body, "\"updatedAt\""));
  g_free (body);

  /* The kiosk's record arrives; the physician reads it with the notes, and its Bundle. */
  record = g_strdup_printf ("{\"recordId\":\"rec-notes-1\",\"kioskId\":\"cabin-01\","
                            "\"hubSessionId\":\"%s\",\"endedAt\":\"2026-11-29T12:10:00Z\","
                            "\"patient\":{\"familyName\":\"Martin\"}}", sid);
  body = request (f, "POST", "/api/records", TEST_KIOSK_TOKEN, "cabin-01", record, &status);
  g_assert_cmpuint (status, ==, 201);
  g_free (body);
  body = request (f, "GET", record_path, alice, NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_nonnull (strstr (body, "\"notes\":{\"text\":\"Toux sèche, pas de fièvre.\\nRevoir dans 7 jours.\",\"author\":\"Dr Alice\""));
  g_free (body);
  body = request (f, "GET", fhir_path, alice, NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_nonnull (strstr (body, "\"resourceType\" : \"ClinicalImpression\""));
  g_assert_nonnull (strstr (body, "\"summary\" : \"Toux sèche, pas de fièvre.\\nRevoir dans 7 jours.\""));
  g_free (body);
  body = request (f, "GET", fhir_path, bob, NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 404);
  g_free (body);

  /* Kept across a restart of the hub, as the sign-in. */
  test_client_free (kiosk);
  test_client_free (physician);
  stop_hub (f);
  start_hub (f);
  body = request (f, "GET", record_path, alice, NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_nonnull (strstr (body, "Revoir dans 7 jours"));
  g_free (body);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/hub/persist/login-survives-restart", PersistFixture, NULL, setup,
              test_login_survives_restart, teardown);
  g_test_add ("/hub/persist/login-expires", PersistFixture, NULL, setup, test_login_expires, teardown);
  g_test_add ("/hub/persist/notes", PersistFixture, NULL, setup, test_notes, teardown);
  return g_test_run ();
}
