/* test-store.c: the kiosk's configuration and local store
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include <json-glib/json-glib.h>

#include "cabine-config.h"
#include "cabine-store.h"

typedef struct {
  char *dir;
  char *db;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->dir = g_dir_make_tmp ("cabine-store-XXXXXX", NULL);
  f->db = g_build_filename (f->dir, "sub", "kiosk.db", NULL);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", f->dir);
  g_assert_cmpint (system (cmd), ==, 0);
  g_free (f->dir);
  g_free (f->db);
}

static CabineStoredObservation
observation (const char *id, const char *session, double value, GBytes *raw)
{
  CabineStoredObservation obs = {
    .id = id, .session_id = session, .loinc = "8310-5", .mdc_code = 19292, .value = value,
    .ucum = "Cel", .device_time = "2007-12-06T12:10:00.000+01:00",
    .received_at = "2026-11-29T11:00:00.000Z", .provenance_json = "{\"driver\":\"ieee11073-20601\"}",
    .raw_frame = raw, .resource_json = "{\"resourceType\":\"Observation\"}",
  };
  return obs;
}

static void
test_store_roundtrip (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CabineStore) store = cabine_store_open (f->db, &error);
  g_autoptr(GBytes) raw = g_bytes_new_static ("\xe7\x00", 2);
  CabineStoredObservation a = observation ("o1", "s1", 37.2, raw);
  CabineStoredObservation b = observation ("o2", "s1", 37.4, NULL);
  CabineStoredObservation c = observation ("o3", NULL, 36.9, NULL);
  g_auto(GStrv) pending = NULL;

  g_assert_no_error (error);
  g_assert_true (cabine_store_begin_session (store, "s1", "cabin-01", "fr", "Fièvre", &error));
  g_assert_true (cabine_store_begin_session (store, "s1", "cabin-01", "fr", "Fièvre", &error));
  g_assert_true (cabine_store_mark_call_started (store, "s1", &error));
  g_assert_true (cabine_store_add_observation (store, &a, &error));
  g_assert_true (cabine_store_add_observation (store, &b, &error));
  g_assert_true (cabine_store_add_observation (store, &c, &error));
  g_assert_no_error (error);

  /* A duplicate id is refused, never stored twice. */
  g_assert_false (cabine_store_add_observation (store, &a, &error));
  g_assert_error (error, CABINE_STORE_ERROR, CABINE_STORE_ERROR_SQL);
  g_clear_error (&error);

  g_assert_cmpint (cabine_store_count_observations (store, "s1", &error), ==, 2);
  g_assert_cmpint (cabine_store_count_observations (store, NULL, &error), ==, 1);

  pending = cabine_store_list_unacked (store, "s1", &error);
  g_assert_cmpuint (g_strv_length (pending), ==, 4);
  g_assert_cmpstr (pending[0], ==, "o1");
  g_assert_cmpstr (pending[2], ==, "o2");
  g_clear_pointer (&pending, g_strfreev);

  g_assert_true (cabine_store_mark_observation_acked (store, "o1", &error));
  g_assert_true (cabine_store_mark_observation_acked (store, "o1", &error));
  pending = cabine_store_list_unacked (store, "s1", &error);
  g_assert_cmpuint (g_strv_length (pending), ==, 2);
  g_assert_cmpstr (pending[0], ==, "o2");

  g_assert_false (cabine_store_mark_observation_acked (store, "nope", &error));
  g_assert_error (error, CABINE_STORE_ERROR, CABINE_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (cabine_store_record_call_stats (store, "s1", 300, 310, 500, 505, 420, &error));
  g_assert_true (cabine_store_end_session (store, "s1", "physician-ended", &error));
  g_assert_false (cabine_store_end_session (store, "nope", "physician-ended", &error));
  g_assert_error (error, CABINE_STORE_ERROR, CABINE_STORE_ERROR_NOT_FOUND);
}

static void
test_store_reopen (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  CabineStoredObservation a = observation ("o1", NULL, 37.2, NULL);

  {
    g_autoptr(CabineStore) store = cabine_store_open (f->db, &error);
    g_assert_no_error (error);
    g_assert_true (cabine_store_add_observation (store, &a, &error));
  }
  {
    g_autoptr(CabineStore) store = cabine_store_open (f->db, &error);
    g_assert_no_error (error);
    g_assert_cmpint (cabine_store_count_observations (store, NULL, &error), ==, 1);
  }
}

/* Readings taken outside a consultation are erased once CABINE_STORE_LOOSE_READING_MINUTES old;
 * a consultation's readings stay until it is uploaded and past retention. */
static void
test_store_loose_readings (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CabineStore) store = cabine_store_open (f->db, &error);
  CabineStoredObservation old = observation ("o1", NULL, 37.2, NULL);
  CabineStoredObservation fresh = observation ("o2", NULL, 37.3, NULL);
  CabineStoredObservation kept = observation ("o3", "s1", 37.4, NULL);
  /* observation() receives at 11:00:00Z */
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 11, 29, 11, 10, 30);
  guint n = 99;

  g_assert_no_error (error);
  fresh.received_at = "2026-11-29T11:05:00.000Z";
  g_assert_true (cabine_store_begin_session (store, "s1", "cabin-01", "fr", NULL, &error));
  g_assert_true (cabine_store_add_observation (store, &old, &error));
  g_assert_true (cabine_store_add_observation (store, &fresh, &error));
  g_assert_true (cabine_store_add_observation (store, &kept, &error));
  g_assert_true (cabine_store_purge_expired (store, 24, now, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 0);   /* consultations purged: none */
  g_assert_cmpint (cabine_store_count_observations (store, NULL, &error), ==, 1);
  g_assert_cmpint (cabine_store_count_observations (store, "s1", &error), ==, 1);
}

static void
exec_sql (const char *path, const char *sql)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

static void
test_store_too_new (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CabineStore) store = NULL;
  g_autofree char *dir = g_path_get_dirname (f->db);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  exec_sql (f->db, "PRAGMA application_id = 1130524235; PRAGMA user_version = 99; CREATE TABLE keep (x);");
  store = cabine_store_open (f->db, &error);
  g_assert_null (store);
  g_assert_error (error, CABINE_STORE_ERROR, CABINE_STORE_ERROR_TOO_NEW);
}

static void
test_store_foreign (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CabineStore) store = NULL;
  g_autofree char *dir = g_path_get_dirname (f->db);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize before_size, after_size;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  exec_sql (f->db, "CREATE TABLE somebody_elses (x);");
  g_assert_true (g_file_get_contents (f->db, &before, &before_size, NULL));
  store = cabine_store_open (f->db, &error);
  g_assert_null (store);
  g_assert_error (error, CABINE_STORE_ERROR, CABINE_STORE_ERROR_NOT_A_STORE);
  /* Refused before anything was written: still in rollback-journal mode (header bytes 18–19
   * would be 2 after journal_mode = WAL), byte for byte the same. */
  g_assert_true (g_file_get_contents (f->db, &after, &after_size, NULL));
  g_assert_cmpmem (before, before_size, after, after_size);
  g_assert_cmpint (after[18], ==, 1);
}

/* A consultation the kiosk was killed during: closed at the next start with its last recorded
 * activity as end, marked interrupted with the reason, call statistics null. */
static void
test_store_interrupted (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *record = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root;
  JsonArray *events;
  JsonObject *last;
  guint n = 0;
  sqlite3 *db = NULL;

  {
    g_autoptr(CabineStore) store = cabine_store_open (f->db, &error);
    CabineStoredObservation a = observation ("o1", "s1", 37.2, NULL);
    CabineStoredObservation b = observation ("o2", "s1", 37.4, NULL);

    g_assert_no_error (error);
    g_assert_true (cabine_store_begin_session (store, "s1", "cabin-01", "fr", "Toux", &error));
    g_assert_true (cabine_store_mark_call_started (store, "s1", &error));
    a.received_at = "2026-11-29T11:00:05.5Z";
    b.received_at = "2026-11-29T11:00:05Z";   /* earlier, though greater as a string */
    g_assert_true (cabine_store_add_observation (store, &a, &error));
    g_assert_true (cabine_store_add_observation (store, &b, &error));
    g_assert_true (cabine_store_add_call_event (store, "s1", "quality", "{\"rttMs\":12}", &error));
    g_assert_true (cabine_store_begin_session (store, "s2", "cabin-01", "fr", "Toux", &error));
    g_assert_no_error (error);
    /* Killed: nothing ends them. */
  }
  /* The times a long-gone run recorded (the test cannot wait for the clock). */
  g_assert_cmpint (sqlite3_open (f->db, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE session SET queued_at = '2026-11-29T10:59:00Z', "
                                     "call_started_at = '2026-11-29T10:59:30Z' WHERE id = 's1'; "
                                     "UPDATE call_event SET at = '2026-11-29T11:00:02Z'; "
                                     "UPDATE session SET queued_at = '2026-11-29T09:00:00Z' WHERE id = 's2'",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  {
    g_autoptr(CabineStore) store = cabine_store_open (f->db, &error);

    g_assert_no_error (error);
    g_assert_true (cabine_store_end_interrupted (store, &n, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (n, ==, 2);
    record = cabine_store_build_record (store, "s1", &error);
    g_assert_no_error (error);
  }
  g_assert_true (json_parser_load_from_data (parser, record, -1, NULL));
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "endReason"), ==, "interrupted");
  g_assert_cmpstr (json_object_get_string_member (root, "endedAt"), ==, "2026-11-29T11:00:05.5Z");
  g_assert_true (json_object_get_null_member (root, "callStats"));
  g_assert_nonnull (strstr (json_object_get_string_member (root, "endDetail"), "last activity"));
  events = json_object_get_array_member (root, "callEvents");
  last = json_array_get_object_element (events, json_array_get_length (events) - 1);
  g_assert_cmpstr (json_object_get_string_member (last, "event"), ==, "interrupted");
  g_assert_cmpstr (json_object_get_string_member (last, "at"), ==, "2026-11-29T11:00:05.5Z");
  g_assert_true (json_object_has_member (json_object_get_object_member (last, "detail"), "restartedAt"));

  /* The one that never reached a call ends at its queueing, with no call event. */
  g_assert_cmpint (sqlite3_open (f->db, &db), ==, SQLITE_OK);
  {
    sqlite3_stmt *stmt = NULL;

    g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT ended_at, (SELECT count(*) FROM call_event "
                                             "WHERE session_id = 's2') FROM session WHERE id = 's2'",
                                         -1, &stmt, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "2026-11-29T09:00:00Z");
    g_assert_cmpint (sqlite3_column_int (stmt, 1), ==, 0);
    sqlite3_finalize (stmt);
  }
  sqlite3_close (db);
}

static char *
write_config (Fixture *f, const char *text)
{
  char *path = g_build_filename (f->dir, "kiosk.conf", NULL);
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  return path;
}

static void
test_config_good (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = write_config (f, "[kiosk]\nid=cabin-07\ntoken=t\nhub-url=ws://h:1/ws\n"
                                           "end-page-seconds=5\n[media]\nvideo-source=test\n"
                                           "ice-loopback=true\n");
  g_autoptr(CabineConfig) config = cabine_config_new_from_file (path, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (cabine_config_get_kiosk_id (config), ==, "cabin-07");
  g_assert_cmpstr (cabine_config_get_hub_url (config), ==, "ws://h:1/ws");
  g_assert_cmpuint (cabine_config_get_end_page_seconds (config), ==, 5);
  g_assert_cmpstr (cabine_config_get_media_option (config, "video-source", "auto"), ==, "test");
  g_assert_cmpstr (cabine_config_get_media_option (config, "audio-sink", "auto"), ==, "auto");
  g_assert_true (cabine_config_get_ice_loopback (config));
  g_assert_true (cabine_config_get_devices_enabled (config));
}

static void
test_config_bad (Fixture *f, gconstpointer data)
{
  static const struct { const char *text; const char *needle; } cases[] = {
    { "[kiosk]\ntoken=t\n", "[kiosk] id is required" },
    { "[kiosk]\nid=a\ntoken=\n", "[kiosk] token must not be empty" },
    { "[kiosk]\nid=a\ntoken=t\nhub-url=http://x\n", "must start with ws://" },
    { "[kiosk]\nid=a\ntoken=t\nend-page-seconds=0\n", "end-page-seconds" },
    { "[kiosk]\nid=a\ntoken=t\n[media]\nvideo-codec=av1\n", "[media] video-codec is \"av1\"" },
    { "[kiosk]\nid=a\ntoken=t\n[media]\nice-loopback=maybe\n", "ice-loopback must be true or false" },
    { "not a key file", "kiosk.conf: " },
    { "[kiosk]\nid=a\ntoken=t\ndatabse=/tmp/x\n", "[kiosk] databse: unknown key" },
    { "[kiosk]\nid=a\ntoken=t\n[medias]\n", "unknown group [medias]" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *path = write_config (f, cases[i].text);
      g_autoptr(CabineConfig) config = cabine_config_new_from_file (path, &error);

      g_assert_null (config);
      g_assert_nonnull (error);
      if (strstr (error->message, cases[i].needle) == NULL)
        g_error ("case %" G_GSIZE_FORMAT ": \"%s\" lacks \"%s\"", i, error->message, cases[i].needle);
    }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/store/roundtrip", Fixture, NULL, fixture_setup, test_store_roundtrip, fixture_teardown);
  g_test_add ("/store/loose-readings", Fixture, NULL, fixture_setup, test_store_loose_readings, fixture_teardown);
  g_test_add ("/store/reopen", Fixture, NULL, fixture_setup, test_store_reopen, fixture_teardown);
  g_test_add ("/store/too-new", Fixture, NULL, fixture_setup, test_store_too_new, fixture_teardown);
  g_test_add ("/store/interrupted", Fixture, NULL, fixture_setup, test_store_interrupted, fixture_teardown);
  g_test_add ("/store/foreign", Fixture, NULL, fixture_setup, test_store_foreign, fixture_teardown);
  g_test_add ("/config/good", Fixture, NULL, fixture_setup, test_config_good, fixture_teardown);
  g_test_add ("/config/bad", Fixture, NULL, fixture_setup, test_config_bad, fixture_teardown);
  return g_test_run ();
}
