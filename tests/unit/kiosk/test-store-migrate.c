/* test-store-migrate.c: the kiosk store's schema 2: migration from the v1 fixture, journey, purge
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _GNU_SOURCE
#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>

#include "cabine-store.h"

#define V1_SESSION "7f0a3c1e-0000-4000-8000-000000000001"

typedef struct {
  char *dir;
  char *db;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->dir = g_dir_make_tmp ("cabine-migrate-XXXXXX", NULL);
  f->db = g_build_filename (f->dir, "kiosk.db", NULL);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", f->dir);
  g_assert_cmpint (system (cmd), ==, 0);
  g_free (f->dir);
  g_free (f->db);
}

static void
copy_fixture (Fixture *f)
{
  g_autofree char *src = g_build_filename (g_getenv ("CABINE_SOURCE_DIR"), "tests", "unit", "kiosk",
                                           "fixtures", "kiosk-v1.db", NULL);
  g_autofree char *contents = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (src, &contents, &len, NULL));
  g_assert_true (g_file_set_contents (f->db, contents, (gssize) len, NULL));
}

static gint64
query_int (const char *path, const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 v;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  v = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return v;
}

static void
exec_sql (const char *path, const char *sql)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

static JsonObject *
parse_object (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

/* The committed v1 fixture migrates to v2 with every row kept, and its record can be built. */
static void
test_migrate_v1 (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CabineStore) store = NULL;
  g_autofree char *record = NULL;
  g_autoptr(JsonObject) obj = NULL;
  JsonArray *observations;
  JsonObject *first;

  copy_fixture (f);
  g_assert_cmpint (query_int (f->db, "PRAGMA user_version"), ==, 1);
  store = cabine_store_open (f->db, &error);
  g_assert_no_error (error);
  g_assert_cmpint (query_int (f->db, "PRAGMA user_version"), ==, CABINE_STORE_SCHEMA_VERSION);
  g_assert_cmpint (cabine_store_count_observations (store, V1_SESSION, &error), ==, 1);
  g_assert_cmpint (cabine_store_count_observations (store, NULL, &error), ==, 1);
  g_assert_cmpint (query_int (f->db, "SELECT count(*) FROM outbox"), ==, 0);

  /* The new columns and tables work on the migrated rows. */
  g_assert_true (cabine_store_set_hub_session_id (store, V1_SESSION, "hub-1", &error));
  g_assert_true (cabine_store_outbox_enqueue (store, V1_SESSION, &error));
  g_assert_no_error (error);
  record = cabine_store_build_record (store, V1_SESSION, &error);
  g_assert_no_error (error);
  obj = parse_object (record);
  g_assert_cmpstr (json_object_get_string_member (obj, "reason"), ==, "Fièvre depuis deux jours");
  g_assert_cmpstr (json_object_get_string_member (obj, "hubSessionId"), ==, "hub-1");
  g_assert_true (json_object_get_null_member (obj, "patient"));
  observations = json_object_get_array_member (obj, "observations");
  g_assert_cmpuint (json_array_get_length (observations), ==, 1);
  first = json_array_get_object_element (observations, 0);
  g_assert_cmpfloat (json_object_get_double_member (first, "value"), ==, 37.2);
  g_assert_cmpstr (json_object_get_string_member (first, "rawFrame"), ==, "5wABAg==");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (obj, "callStats"),
                                               "firstFrameMs"), ==, 640);
}

/* A migration that fails is rolled back: the v1 data and version stay as they were. */
static void
test_migrate_failure_keeps_data (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CabineStore) store = NULL;

  copy_fixture (f);
  /* A table in the way makes kiosk-2.sql fail half-way (after its ALTER TABLE). */
  exec_sql (f->db, "CREATE TABLE snapshot (x); INSERT INTO snapshot VALUES ('keep me');");
  store = cabine_store_open (f->db, &error);
  g_assert_null (store);
  g_assert_error (error, CABINE_STORE_ERROR, CABINE_STORE_ERROR_SQL);
  g_assert_cmpint (query_int (f->db, "PRAGMA user_version"), ==, 1);
  g_assert_cmpint (query_int (f->db, "SELECT count(*) FROM observation"), ==, 2);
  g_assert_cmpint (query_int (f->db, "SELECT count(*) FROM snapshot"), ==, 1);
  g_assert_cmpint (query_int (f->db, "SELECT count(*) FROM pragma_table_info('session') "
                                     "WHERE name = 'hub_session_id'"), ==, 0);
  g_assert_cmpint (query_int (f->db, "SELECT count(*) FROM sqlite_master WHERE name = 'patient'"), ==, 0);
}

static void
test_journey (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CabineStore) store = cabine_store_open (f->db, &error);
  g_autoptr(GDateTime) cleaned = NULL;
  CabineStoredPatient good = { "Martin", "Jeanne", "1948-02-29", "female", "+33 6 00 00 00 00" };
  CabineStoredPatient bad_date = { "Martin", NULL, "1949-02-29", NULL, NULL };
  CabineStoredPatient bad_sex = { "Martin", NULL, NULL, "f", NULL };
  CabineStoredPatient blank = { "  ", NULL, NULL, NULL, NULL };

  g_assert_no_error (error);
  g_assert_null (cabine_store_get_last_cleaning (store, &error));
  g_assert_no_error (error);
  g_assert_true (cabine_store_begin_session (store, "k1", "cabin-01", "fr", NULL, &error));
  g_assert_true (cabine_store_set_reason (store, "k1", "Toux", &error));
  g_assert_true (cabine_store_set_patient (store, "k1", &good, &error));
  g_assert_true (cabine_store_set_patient (store, "k1", &good, &error));
  g_assert_true (cabine_store_set_consent (store, "k1", "2026-11-01", "fr", &error));
  g_assert_true (cabine_store_set_questionnaire (store, "k1", "{\"fever\": true}", &error));
  g_assert_true (cabine_store_set_hub_session_id (store, "k1", "h1", &error));
  g_assert_true (cabine_store_add_call_event (store, "k1", "ice-connected", NULL, &error));
  g_assert_true (cabine_store_add_device_log (store, "thermometer", "attached", "{\"vid\":7531}", &error));
  g_assert_true (cabine_store_audit (store, "maintenance-login", NULL, &error));
  g_assert_true (cabine_store_add_cleaning (store, "wiped", &error));
  g_assert_no_error (error);
  cleaned = cabine_store_get_last_cleaning (store, &error);
  g_assert_nonnull (cleaned);

  g_assert_false (cabine_store_set_patient (store, "k1", &bad_date, &error));
  g_assert_error (error, CABINE_STORE_ERROR, CABINE_STORE_ERROR_INVALID);
  g_assert_null (strstr (error->message, "1949"));  /* never quotes patient data */
  g_clear_error (&error);
  g_assert_false (cabine_store_set_patient (store, "k1", &bad_sex, &error));
  g_assert_error (error, CABINE_STORE_ERROR, CABINE_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (cabine_store_set_patient (store, "k1", &blank, &error));
  g_assert_error (error, CABINE_STORE_ERROR, CABINE_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (cabine_store_set_patient (store, "nope", &good, &error));
  g_assert_error (error, CABINE_STORE_ERROR, CABINE_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (cabine_store_set_questionnaire (store, "k1", "{not json", &error));
  g_assert_error (error, CABINE_STORE_ERROR, CABINE_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (cabine_store_set_questionnaire (store, "k1", "42", &error));
  g_assert_error (error, CABINE_STORE_ERROR, CABINE_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (cabine_store_audit (store, "x", "[1]", &error));
  g_assert_error (error, CABINE_STORE_ERROR, CABINE_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (cabine_store_set_hub_session_id (store, "nope", "h", &error));
  g_assert_error (error, CABINE_STORE_ERROR, CABINE_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Without a call, ending queues nothing; with one, the end queues the upload atomically. */
  g_assert_true (cabine_store_end_session (store, "k1", "abandoned", &error));
  g_assert_cmpint (cabine_store_count_pending_uploads (store, &error), ==, 0);
  g_assert_true (cabine_store_begin_session (store, "k2", "cabin-01", "fr", "Toux", &error));
  g_assert_true (cabine_store_mark_call_started (store, "k2", &error));
  g_assert_true (cabine_store_end_session (store, "k2", "physician-ended", &error));
  g_assert_cmpint (cabine_store_count_pending_uploads (store, &error), ==, 1);
  g_assert_no_error (error);
}

static void
test_outbox_state (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CabineStore) store = cabine_store_open (f->db, &error);
  g_autoptr(CabineOutboxEntry) e1 = NULL;
  g_autoptr(CabineOutboxEntry) e2 = NULL;
  g_autoptr(CabineOutboxEntry) e3 = NULL;
  g_autoptr(GDateTime) later = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  g_assert_null (cabine_store_outbox_next (store, &error));
  g_assert_no_error (error);
  for (int i = 0; i < 2; i++)
    {
      const char *id = i == 0 ? "a" : "b";
      g_assert_true (cabine_store_begin_session (store, id, "cabin-01", "fr", "r", &error));
      g_assert_true (cabine_store_mark_call_started (store, id, &error));
      g_assert_true (cabine_store_end_session (store, id, "physician-ended", &error));
    }
  e1 = cabine_store_outbox_next (store, &error);
  g_assert_cmpstr (e1->record_id, ==, "a");
  g_assert_cmpuint (e1->attempts, ==, 0);
  later = g_date_time_add_seconds (now, 60);
  g_assert_true (cabine_store_outbox_mark_failed (store, "a", later, "HTTP 503", &error));
  /* "b" is due now, "a" only later: "b" comes first. */
  e2 = cabine_store_outbox_next (store, &error);
  g_assert_cmpstr (e2->record_id, ==, "b");
  g_assert_true (cabine_store_outbox_mark_uploaded (store, "b", &error));
  g_assert_true (cabine_store_outbox_mark_uploaded (store, "b", &error));
  e3 = cabine_store_outbox_next (store, &error);
  g_assert_cmpstr (e3->record_id, ==, "a");
  g_assert_cmpuint (e3->attempts, ==, 1);
  g_assert_nonnull (e3->next_attempt);
  g_assert_cmpint (cabine_store_count_pending_uploads (store, &error), ==, 1);
  g_assert_false (cabine_store_outbox_mark_uploaded (store, "zzz", &error));
  g_assert_error (error, CABINE_STORE_ERROR, CABINE_STORE_ERROR_NOT_FOUND);
}

static gboolean
file_contains (const char *path, const char *needle, gsize needle_len)
{
  g_autofree char *contents = NULL;
  gsize len = 0;

  if (!g_file_get_contents (path, &contents, &len, NULL))
    return FALSE;
  return memmem (contents, len, needle, needle_len) != NULL;
}

/* After the upload plus retention, the patient's bytes are gone from the database and its WAL. */
static void
test_purge_erases_bytes (Fixture *f, gconstpointer data)
{
  static const char name[] = "Zqxjkvbwpy";
  static const char answer[] = "Wvutsrqzyx";
  static const char frame[] = "\xe7\x00\xfe\xed\xfa\xce\xca\xfe\xba\xbe";
  static const char image[] = "SNAPSHOT-BYTES-4f7c";
  g_autoptr(GError) error = NULL;
  g_autoptr(CabineStore) store = cabine_store_open (f->db, &error);
  g_autoptr(GBytes) raw = g_bytes_new_static (frame, sizeof frame - 1);
  g_autoptr(GBytes) snap = g_bytes_new_static (image, sizeof image - 1);
  g_autofree char *wal = g_strconcat (f->db, "-wal", NULL);
  g_autofree char *answers = g_strdup_printf ("{\"note\": \"%s\"}", answer);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) tomorrow = g_date_time_add_hours (now, 25);
  CabineStoredPatient patient = { name, "Jeanne", "1950-01-01", "female", NULL };
  CabineStoredObservation obs = {
    .id = "o1", .session_id = "p1", .loinc = "8310-5", .mdc_code = 19292, .value = 37.2,
    .ucum = "Cel", .device_time = NULL, .received_at = "2026-11-29T11:00:00Z",
    .provenance_json = "{}", .raw_frame = raw, .resource_json = "{\"resourceType\":\"Observation\"}",
  };
  guint n = 99;

  g_assert_true (cabine_store_begin_session (store, "p1", "cabin-01", "fr", "Toux", &error));
  g_assert_true (cabine_store_set_patient (store, "p1", &patient, &error));
  g_assert_true (cabine_store_set_questionnaire (store, "p1", answers, &error));
  g_assert_true (cabine_store_mark_call_started (store, "p1", &error));
  g_assert_true (cabine_store_add_observation (store, &obs, &error));
  g_assert_true (cabine_store_add_snapshot (store, "p1", "m1", "image/jpeg", "otoscope", snap, &error));
  g_assert_true (cabine_store_end_session (store, "p1", "physician-ended", &error));
  g_assert_no_error (error);
  g_assert_true (file_contains (wal, name, strlen (name)) || file_contains (f->db, name, strlen (name)));

  /* Not uploaded yet: nothing is purged, whatever the time. */
  g_assert_true (cabine_store_purge_expired (store, 24, tomorrow, &n, &error));
  g_assert_cmpuint (n, ==, 0);
  g_assert_true (cabine_store_outbox_mark_uploaded (store, "p1", &error));
  /* Uploaded, but within the 24 h retention. */
  g_assert_true (cabine_store_purge_expired (store, 24, now, &n, &error));
  g_assert_cmpuint (n, ==, 0);
  g_assert_cmpint (cabine_store_count_observations (store, "p1", &error), ==, 1);
  /* Past it. */
  g_assert_true (cabine_store_purge_expired (store, 24, tomorrow, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpint (cabine_store_count_observations (store, "p1", &error), ==, 0);
  g_assert_cmpint (cabine_store_count_audit (store, "purge", &error), ==, 1);
  g_assert_cmpint (query_int (f->db, "SELECT json_extract(detail, '$.observation') + "
                                     "json_extract(detail, '$.snapshot') + "
                                     "json_extract(detail, '$.patient') FROM audit_log "
                                     "WHERE event = 'purge'"), ==, 3);
  g_assert_null (cabine_store_build_record (store, "p1", &error));
  g_assert_error (error, CABINE_STORE_ERROR, CABINE_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (cabine_store_outbox_next (store, &error));

  g_assert_false (file_contains (f->db, name, strlen (name)));
  g_assert_false (file_contains (f->db, answer, strlen (answer)));
  g_assert_false (file_contains (f->db, frame, sizeof frame - 1));
  g_assert_false (file_contains (f->db, image, sizeof image - 1));
  g_assert_false (file_contains (wal, name, strlen (name)));
  g_assert_false (file_contains (wal, image, sizeof image - 1));
  /* A second purge of the same consultation is a no-op, with no second audit entry. */
  g_assert_true (cabine_store_purge_session (store, "p1", &error));
  g_assert_cmpint (cabine_store_count_audit (store, "purge", &error), ==, 1);
}

/* An abandoned journey is forgotten at once. */
static void
test_purge_now (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CabineStore) store = cabine_store_open (f->db, &error);
  CabineStoredPatient patient = { "Qxzzyplonk", NULL, NULL, NULL, NULL };

  g_assert_true (cabine_store_begin_session (store, "ab", "cabin-01", "en", NULL, &error));
  g_assert_true (cabine_store_set_patient (store, "ab", &patient, &error));
  g_assert_true (cabine_store_purge_session (store, "ab", &error));
  g_assert_no_error (error);
  g_assert_false (file_contains (f->db, "Qxzzyplonk", 10));
  g_assert_cmpint (cabine_store_count_audit (store, "purge", &error), ==, 1);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/store2/migrate-v1", Fixture, NULL, fixture_setup, test_migrate_v1, fixture_teardown);
  g_test_add ("/store2/migrate-failure", Fixture, NULL, fixture_setup, test_migrate_failure_keeps_data,
              fixture_teardown);
  g_test_add ("/store2/journey", Fixture, NULL, fixture_setup, test_journey, fixture_teardown);
  g_test_add ("/store2/outbox-state", Fixture, NULL, fixture_setup, test_outbox_state, fixture_teardown);
  g_test_add ("/store2/purge-erases", Fixture, NULL, fixture_setup, test_purge_erases_bytes,
              fixture_teardown);
  g_test_add ("/store2/purge-now", Fixture, NULL, fixture_setup, test_purge_now, fixture_teardown);
  return g_test_run ();
}
