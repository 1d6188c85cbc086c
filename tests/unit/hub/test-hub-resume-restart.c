/* test-hub-resume-restart.c: a restarted hub restores from its store the calls it had in progress
 * (data/protocol.md, "Signalling interruption"): the consultation's ended_at, the restore window,
 * and who may restore what
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _GNU_SOURCE   /* memmem() */
#define G_LOG_DOMAIN "cabine-test"

#include <string.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "cabine-hub-config.h"
#include "cabine-hub-store-sqlite.h"
#include "hub-test-util.h"


typedef struct {
  HubFixture hub;
  char *dir;
  char *db;
  char *extra;   /* the [hub] lines: database and resume-seconds */
} Fixture;

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("cabine-hub-resume-XXXXXX", &error);
  g_assert_no_error (error);
  f->db = g_build_filename (f->dir, "hub.db", NULL);
  f->extra = g_strdup_printf ("database=%s\nresume-seconds=%u\n", f->db, GPOINTER_TO_UINT (data));
  hub_fixture_setup (&f->hub, f->extra);
  hub_relay_log_start ();
}

/* The hub stops as on SIGTERM (cabine_hub_server_stop(): every socket closed, going away), is
 * freed with its configuration (whose accounts hold the store), and a new one starts on the same
 * store. */
static void
restart (Fixture *f)
{
  hub_fixture_teardown (&f->hub, f->extra);
  hub_fixture_setup (&f->hub, f->extra);
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  hub_fixture_teardown (&f->hub, data);
  dir = g_dir_open (f->dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *p = g_build_filename (f->dir, name, NULL);
      g_unlink (p);
    }
  g_rmdir (f->dir);
  g_free (f->db);
  g_free (f->dir);
  g_free (f->extra);
  hub_relay_log_stop ();
}

/* The consultation's ended_at in the store file (read beside the hub, which may have it open):
 * NULL while it has not ended. Fails the test when there is no such consultation. */
static char *
ended_at (Fixture    *f,
          const char *id)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *value = NULL;

  g_assert_cmpint (sqlite3_open_v2 (f->db, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT ended_at FROM consultation WHERE hub_session_id = ?1",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

/* How many sessions the store file lists as waiting (read beside the hub, which may have it open). */
static gint64
count_waiting (Fixture *f)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  g_assert_cmpint (sqlite3_open_v2 (f->db, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count(*) FROM waiting", -1, &stmt, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

/* Whether @needle is anywhere in the bytes of the store's files (the database and its WAL). */
static gboolean
store_files_contain (Fixture    *f,
                     const char *needle)
{
  const char * const suffixes[] = { "", "-wal", NULL };

  for (guint i = 0; suffixes[i] != NULL; i++)
    {
      g_autofree char *path = g_strconcat (f->db, suffixes[i], NULL);
      g_autofree char *bytes = NULL;
      gsize len = 0;

      if (!g_file_get_contents (path, &bytes, &len, NULL))
        continue;
      if (memmem (bytes, len, needle, strlen (needle)) != NULL)
        return TRUE;
    }
  return FALSE;
}

/* The waitingSince of the entry of the next `queue` @doc gets that is session @id; fails when
 * that queue's entries are not exactly @first then @second. Returns: (transfer full). */
static char *
expect_queue_of_two (TestClient *doc,
                     const char *first,
                     const char *second,
                     const char *id)
{
  g_autoptr(JsonObject) q = test_client_expect (doc, "queue");
  JsonArray *entries = json_object_get_array_member (q, "entries");
  char *since = NULL;

  g_assert_cmpuint (json_array_get_length (entries), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      JsonObject *e = json_array_get_object_element (entries, i);
      const char *entry_id = json_object_get_string_member (e, "sessionId");

      g_assert_cmpstr (entry_id, ==, i == 0 ? first : second);
      if (g_str_equal (entry_id, id))
        since = g_strdup (json_object_get_string_member (e, "waitingSince"));
    }
  g_assert_nonnull (since);
  return since;
}

/* Two kiosks wait when the hub stops: the store keeps their ids, kiosks and join times (and no
 * patient data), the next hub gives each its place back when its kiosk joins again with its id,
 * in the order they first joined whatever the order they come back in, with the original
 * waitingSince; an accepted session leaves the store. */
static void
test_waiting_restored (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(TestClient) doc = test_physician_new (&f->hub, "alice");
  g_autoptr(TestClient) k1 = test_kiosk_new (&f->hub, "cabin-01");
  g_autoptr(TestClient) k2 = test_kiosk_new (&f->hub, "cabin-02");
  g_autofree char *id1 = test_kiosk_join (k1, NULL, 1, 1);
  g_autofree char *id2 = NULL;
  g_autofree char *again1 = NULL;
  g_autofree char *again2 = NULL;
  g_autofree char *since = NULL;
  g_autofree char *since_after = NULL;

  test_expect_queue (doc, 1, id1);
  hub_spin (20);
  id2 = test_kiosk_join (k2, NULL, 2, 2);
  since = expect_queue_of_two (doc, id1, id2, id1);
  test_expect_position (k1, id1, 1, 2);
  g_assert_cmpint (count_waiting (f), ==, 2);

  restart (f);
  test_client_wait_closed (k1);
  test_client_wait_closed (k2);
  /* Neither was told anything: the hub went away, their sessions did not end. */
  g_assert_true (g_queue_is_empty (&k1->messages));
  g_assert_true (g_queue_is_empty (&k2->messages));
  g_assert_cmpint (count_waiting (f), ==, 2);
  g_clear_pointer (&k1, test_client_free);
  g_clear_pointer (&k2, test_client_free);
  g_clear_pointer (&doc, test_client_free);

  doc = test_physician_new (&f->hub, "alice");
  k2 = test_kiosk_new (&f->hub, "cabin-02");
  /* Back first, the second patient is told they are second of two, not next: cabin-01's session
   * of the earlier run may still come back during the restore window. */
  again2 = test_kiosk_join (k2, id2, 2, 2);
  g_assert_cmpstr (again2, ==, id2);
  test_expect_queue (doc, 1, id2);
  k1 = test_kiosk_new (&f->hub, "cabin-01");
  again1 = test_kiosk_join (k1, id1, 1, 2);
  g_assert_cmpstr (again1, ==, id1);
  test_expect_position (k2, id2, 2, 2);
  since_after = expect_queue_of_two (doc, id1, id2, id1);
  g_assert_cmpstr (since_after, ==, since);
  g_assert_nonnull (hub_relay_logged ("restored from the store after a restart"));

  test_client_sendf (doc, "{\"type\":\"accept\",\"sessionId\":\"%s\"}", id1);
  json_object_unref (test_client_expect (doc, "accepted"));
  g_assert_cmpint (count_waiting (f), ==, 1);
  /* The reason the patient typed is in no file of the store. */
  g_assert_false (store_files_contain (f, "Fièvre"));
}

/* resume-seconds=1: the restore window closes; the waiting sessions of the previous run nobody
 * claimed back in it are deleted from the store, and a late claim is an ordinary join, behind the
 * one restored in time. */
static void
test_waiting_window (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(TestClient) k1 = test_kiosk_new (&f->hub, "cabin-01");
  g_autoptr(TestClient) k2 = test_kiosk_new (&f->hub, "cabin-02");
  g_autofree char *id1 = test_kiosk_join (k1, NULL, 1, 1);
  g_autofree char *id2 = test_kiosk_join (k2, NULL, 2, 2);
  g_autofree char *again2 = NULL;
  g_autofree char *late1 = NULL;

  restart (f);
  g_clear_pointer (&k1, test_client_free);
  g_clear_pointer (&k2, test_client_free);
  k2 = test_kiosk_new (&f->hub, "cabin-02");
  again2 = test_kiosk_join (k2, id2, 2, 2);   /* cabin-01's session may still come back */
  g_assert_cmpstr (again2, ==, id2);
  hub_spin (1200);
  g_assert_nonnull (hub_relay_logged ("1 waiting session(s) of an earlier run that nobody "
                                      "restored forgotten"));
  /* The window closed without it: cabin-02 is next. */
  test_expect_position (k2, id2, 1, 1);
  g_assert_cmpint (count_waiting (f), ==, 1);
  k1 = test_kiosk_new (&f->hub, "cabin-01");
  late1 = test_kiosk_join (k1, id1, 2, 2);
  g_assert_cmpstr (late1, !=, id1);
  g_assert_cmpint (count_waiting (f), ==, 2);
}

/* A call in progress when the hub stops: the store does not end it, and after the restart the
 * kiosk, then the physician (same sign-in), resume it and the relay works again. */
static void
test_both_resume (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *token = hub_login (&f->hub, "alice");
  g_autoptr(TestClient) doc = test_physician_with_token (&f->hub, token);
  g_autoptr(TestClient) kiosk = test_kiosk_new (&f->hub, "cabin-01");
  g_autofree char *id = test_start_call (doc, kiosk);
  g_autofree char *end = NULL;

  test_expect_relay_works (kiosk, doc, id);
  restart (f);
  test_client_wait_closed (kiosk);
  test_client_wait_closed (doc);
  /* Neither was told anything: the hub went away, the call did not end. */
  g_assert_true (g_queue_is_empty (&kiosk->messages));
  g_assert_true (g_queue_is_empty (&doc->messages));
  g_assert_null (ended_at (f, id));
  g_clear_pointer (&kiosk, test_client_free);
  g_clear_pointer (&doc, test_client_free);

  kiosk = test_kiosk_new (&f->hub, "cabin-01");
  test_client_resume (kiosk, id, FALSE);
  g_assert_true (hub_relay_logged ("restored from the store after a restart"));
  /* The physician is away: the kiosk's offer is dropped without an error. */
  test_client_sendf (kiosk, TEST_OFFER, id);
  test_client_expect_nothing (kiosk);

  doc = test_physician_with_token (&f->hub, token);
  test_client_resume (doc, id, TRUE);
  json_object_unref (test_client_expect (kiosk, "peer-back"));
  test_expect_relay_works (kiosk, doc, id);

  /* It ends for real now: recorded. */
  test_client_sendf (kiosk, "{\"type\":\"hangup\",\"sessionId\":\"%s\",\"reason\":\"patient-ended\"}", id);
  json_object_unref (test_client_expect (doc, "hangup"));
  end = ended_at (f, id);
  g_assert_nonnull (end);
  g_assert_true (g_str_has_suffix (end, "Z"));
}

/* Even with resume-seconds=0 (nothing to resume), a hub that stops (SIGTERM) does not record its
 * calls as ended: they did not end, they lost their hub. The next hub, whose restore window is
 * then empty, records them as ended at once: nothing may restore them any more. */
static void
test_stop_keeps_calls (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(TestClient) doc = test_physician_new (&f->hub, "alice");
  g_autoptr(TestClient) kiosk = test_kiosk_new (&f->hub, "cabin-01");
  g_autofree char *id = test_start_call (doc, kiosk);
  g_autofree char *end = NULL;
  g_autofree char *end_after = NULL;

  hub_fixture_teardown (&f->hub, f->extra);
  test_client_wait_closed (kiosk);
  test_client_wait_closed (doc);
  g_assert_true (g_queue_is_empty (&doc->messages));
  end = ended_at (f, id);
  g_assert_null (end);

  hub_fixture_setup (&f->hub, f->extra);
  hub_spin (100);
  end_after = ended_at (f, id);
  g_assert_nonnull (end_after);
  g_assert_true (hub_relay_logged ("restore window of 0 s closed: 1 consultation(s)"));
}

/* The restore window closes: the consultations of the previous run that nobody resumed (here one
 * whose resume came too late, one nobody claimed) are recorded as ended, so that a later restart
 * does not restore them; the call restored in the window, still going, is not. */
static void
test_window_ends_unresumed (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *token = hub_login (&f->hub, "alice");
  g_autoptr(TestClient) doc = test_physician_with_token (&f->hub, token);
  g_autoptr(TestClient) kiosk = test_kiosk_new (&f->hub, "cabin-01");
  g_autoptr(TestClient) late = test_kiosk_new (&f->hub, "cabin-02");
  g_autoptr(TestClient) gone = test_kiosk_new (&f->hub, "cabin-03");
  g_autofree char *id = test_start_call (doc, kiosk);
  g_autofree char *late_id = NULL;
  g_autofree char *gone_id = NULL;
  g_autofree char *end = NULL;
  g_autofree char *late_end = NULL;
  g_autofree char *gone_end = NULL;

  late_id = test_start_call (doc, late);
  gone_id = test_start_call (doc, gone);
  restart (f);
  g_clear_pointer (&kiosk, test_client_free);
  g_clear_pointer (&late, test_client_free);
  g_clear_pointer (&gone, test_client_free);
  g_clear_pointer (&doc, test_client_free);

  /* Restored within the first second, by both peers: it goes on past the window. */
  kiosk = test_kiosk_new (&f->hub, "cabin-01");
  test_client_resume (kiosk, id, FALSE);
  doc = test_physician_with_token (&f->hub, token);
  test_client_resume (doc, id, TRUE);
  json_object_unref (test_client_expect (kiosk, "peer-back"));
  hub_spin (1200);
  g_assert_true (hub_relay_logged ("restore window of 1 s closed: 2 consultation(s)"));
  late = test_kiosk_new (&f->hub, "cabin-02");
  test_client_resume_refused (late, late_id, "no-such-session");
  end = ended_at (f, id);
  late_end = ended_at (f, late_id);
  gone_end = ended_at (f, gone_id);
  g_assert_null (end);
  g_assert_nonnull (late_end);
  g_assert_nonnull (gone_end);
  test_expect_relay_works (kiosk, doc, id);

  /* The next restart restores the call that was still going, and only that one. */
  restart (f);
  g_clear_pointer (&kiosk, test_client_free);
  g_clear_pointer (&late, test_client_free);
  g_clear_pointer (&doc, test_client_free);
  late = test_kiosk_new (&f->hub, "cabin-02");
  test_client_resume_refused (late, late_id, "no-such-session");
  gone = test_kiosk_new (&f->hub, "cabin-03");
  test_client_resume_refused (gone, gone_id, "no-such-session");
  kiosk = test_kiosk_new (&f->hub, "cabin-01");
  test_client_resume (kiosk, id, FALSE);
}

/* A consultation that ended (hangup) is not restored after a restart, for either peer. */
static void
test_ended_not_restored (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *token = hub_login (&f->hub, "alice");
  g_autoptr(TestClient) doc = test_physician_with_token (&f->hub, token);
  g_autoptr(TestClient) kiosk = test_kiosk_new (&f->hub, "cabin-01");
  g_autofree char *id = test_start_call (doc, kiosk);
  g_autofree char *end = NULL;
  g_autofree char *end_again = NULL;

  test_client_sendf (doc, "{\"type\":\"hangup\",\"sessionId\":\"%s\",\"reason\":\"physician-ended\"}", id);
  json_object_unref (test_client_expect (kiosk, "hangup"));
  end = ended_at (f, id);
  g_assert_nonnull (end);
  restart (f);
  g_clear_pointer (&kiosk, test_client_free);
  g_clear_pointer (&doc, test_client_free);

  kiosk = test_kiosk_new (&f->hub, "cabin-01");
  test_client_resume_refused (kiosk, id, "no-such-session");
  doc = test_physician_with_token (&f->hub, token);
  test_client_resume_refused (doc, id, "no-such-session");
  /* The first end is kept. */
  end_again = ended_at (f, id);
  g_assert_cmpstr (end_again, ==, end);
}

/* Only the consultation's kiosk, or the physician who accepted it, restores it; refusals leave it
 * restorable. The physician first this time: the kiosk is then away until it resumes. */
static void
test_restore_checks (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(TestClient) doc = test_physician_new (&f->hub, "alice");
  g_autoptr(TestClient) kiosk = test_kiosk_new (&f->hub, "cabin-01");
  g_autoptr(TestClient) other = NULL;
  g_autoptr(TestClient) bob = NULL;
  g_autofree char *id = test_start_call (doc, kiosk);
  g_autofree char *unknown = g_uuid_string_random ();

  restart (f);
  g_clear_pointer (&kiosk, test_client_free);
  g_clear_pointer (&doc, test_client_free);

  other = test_kiosk_new (&f->hub, "cabin-02");
  test_client_resume_refused (other, id, "no-such-session");
  bob = test_physician_new (&f->hub, "bob");
  test_client_resume_refused (bob, id, "no-such-session");
  test_client_resume_refused (bob, unknown, "no-such-session");

  doc = test_physician_new (&f->hub, "alice");
  test_client_resume (doc, id, FALSE);
  kiosk = test_kiosk_new (&f->hub, "cabin-01");
  test_client_resume (kiosk, id, TRUE);
  json_object_unref (test_client_expect (doc, "peer-back"));
  test_expect_relay_works (kiosk, doc, id);
  test_client_expect_nothing (bob);
  test_client_expect_nothing (other);
}

/* resume-seconds=1: the peer that does not come back after the restart is given up on, and the
 * consultation is recorded as ended. */
static void
test_restored_peer_expires (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(TestClient) doc = test_physician_new (&f->hub, "alice");
  g_autoptr(TestClient) kiosk = test_kiosk_new (&f->hub, "cabin-01");
  g_autofree char *id = test_start_call (doc, kiosk);
  g_autoptr(JsonObject) hangup = NULL;
  g_autofree char *end = NULL;

  restart (f);
  g_clear_pointer (&kiosk, test_client_free);
  g_clear_pointer (&doc, test_client_free);
  kiosk = test_kiosk_new (&f->hub, "cabin-01");
  test_client_resume (kiosk, id, FALSE);
  hangup = test_client_expect (kiosk, "hangup");
  g_assert_cmpstr (json_object_get_string_member (hangup, "reason"), ==, "peer-disconnected");
  g_assert_true (hub_relay_logged ("physician alice not resumed within 1 s: ended"));
  end = ended_at (f, id);
  g_assert_nonnull (end);
}

/* resume-seconds=1: after the first second of the new hub, nothing is restored any more. */
static void
test_restore_window (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(TestClient) doc = test_physician_new (&f->hub, "alice");
  g_autoptr(TestClient) kiosk = test_kiosk_new (&f->hub, "cabin-01");
  g_autofree char *id = test_start_call (doc, kiosk);

  restart (f);
  g_clear_pointer (&kiosk, test_client_free);
  g_clear_pointer (&doc, test_client_free);
  hub_spin (1100);
  kiosk = test_kiosk_new (&f->hub, "cabin-01");
  test_client_resume_refused (kiosk, id, "no-such-session");
}

/* A store of schema @version (2: before ended_at, 3: before the waiting sessions), which
 * --check-config accepts, is migrated to 4 (each hub-N.sql after it): its consultations are kept,
 * not ended, and it has the waiting sessions' table, empty. */
static void
migrate_from (Fixture *f,
              guint    version)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CabineHubStore) store = NULL;
  g_autofree char *name = g_strdup_printf ("old-%u.db", version);
  g_autofree char *path = g_build_filename (f->dir, name, NULL);
  g_autofree char *kiosk = NULL;
  g_autofree char *physician = NULL;
  g_autofree char *end = NULL;
  g_autofree char *waiting_kiosk = NULL;
  g_autoptr(GDateTime) waiting_since = NULL;
  g_autoptr(GDateTime) since = g_date_time_new_utc (2026, 11, 30, 9, 41, 27.123456);
  g_autofree char *pragmas = g_strdup_printf ("PRAGMA application_id = %d; PRAGMA user_version = %u; "
                                              "INSERT INTO consultation (hub_session_id, kiosk_id, "
                                              "physician, accepted_at) VALUES ('s-1', 'cabin-01', "
                                              "'alice', '2026-11-29T12:00:00Z')",
                                              CABINE_HUB_STORE_SQLITE_APPLICATION_ID, version);
  sqlite3 *db = NULL;

  g_test_message ("from schema %u", version);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  for (guint v = 1; v <= version; v++)
    {
      g_autofree char *file = g_strdup_printf ("%s/data/sql/hub-%u.sql",
                                               g_getenv ("CABINE_SOURCE_DIR"), v);
      g_autofree char *sql = NULL;

      g_assert_true (g_file_get_contents (file, &sql, NULL, &error));
      g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
    }
  g_assert_cmpint (sqlite3_exec (db, pragmas, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  g_assert_true (cabine_hub_store_sqlite_check (path, &error));
  g_assert_no_error (error);
  store = cabine_hub_store_sqlite_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (cabine_hub_store_get_consultation (store, "s-1", &kiosk, &physician, &end, &error));
  g_assert_cmpstr (kiosk, ==, "cabin-01");
  g_assert_cmpstr (physician, ==, "alice");
  g_assert_null (end);
  g_assert_true (cabine_hub_store_end_consultation (store, "s-1", &error));
  g_assert_no_error (error);
  g_assert_true (cabine_hub_store_get_consultation (store, "s-1", NULL, NULL, &end, &error));
  g_assert_nonnull (end);
  g_assert_false (cabine_hub_store_end_consultation (store, "s-2", &error));
  g_assert_error (error, CABINE_HUB_STORE_ERROR, CABINE_HUB_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  /* Schema 4: the waiting sessions, empty after the migration. */
  g_assert_false (cabine_hub_store_get_waiting (store, "w-1", NULL, NULL, &error));
  g_assert_error (error, CABINE_HUB_STORE_ERROR, CABINE_HUB_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_true (cabine_hub_store_put_waiting (store, "w-1", "cabin-02", since, &error));
  g_assert_no_error (error);
  g_assert_true (cabine_hub_store_get_waiting (store, "w-1", &waiting_kiosk, &waiting_since,
                                               &error));
  g_assert_cmpstr (waiting_kiosk, ==, "cabin-02");
  g_assert_true (g_date_time_equal (waiting_since, since));
  g_assert_true (cabine_hub_store_delete_waiting (store, "w-1", &error));
  g_assert_false (cabine_hub_store_get_waiting (store, "w-1", NULL, NULL, NULL));
  g_clear_object (&store);
  g_unlink (path);
}

static void
test_migration (Fixture       *f,
                gconstpointer  data)
{
  migrate_from (f, 2);
  migrate_from (f, 3);
}

/* cabine_hub_store_end_unresumed_consultations(): only those accepted before the given time, not
 * ended, and not kept; the first end of one already ended stays. */
static void
test_store_end_unresumed (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "sweep.db", NULL);
  g_autoptr(CabineHubStore) store = cabine_hub_store_sqlite_open (path, &error);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) later = g_date_time_add_seconds (now, 1);
  g_autoptr(GDateTime) long_ago = g_date_time_new_utc (2000, 1, 1, 0, 0, 0);
  const char * const keep[] = { "s-2", NULL };
  g_autofree char *end1 = NULL;
  g_autofree char *end2 = NULL;
  g_autofree char *end3 = NULL;
  g_autofree char *end3_again = NULL;
  guint n = 99;

  g_assert_no_error (error);
  for (guint i = 1; i <= 3; i++)
    {
      g_autofree char *id = g_strdup_printf ("s-%u", i);

      g_assert_true (cabine_hub_store_note_consultation (store, id, "cabin-01", "alice", &error));
      g_assert_no_error (error);
    }
  g_assert_true (cabine_hub_store_end_consultation (store, "s-3", &error));
  g_assert_true (cabine_hub_store_get_consultation (store, "s-3", NULL, NULL, &end3, &error));
  g_assert_true (cabine_hub_store_end_unresumed_consultations (store, long_ago, keep, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 0);
  g_assert_true (cabine_hub_store_end_unresumed_consultations (store, later, keep, &n, &error));
  g_assert_cmpuint (n, ==, 1);
  g_assert_true (cabine_hub_store_get_consultation (store, "s-1", NULL, NULL, &end1, &error));
  g_assert_true (cabine_hub_store_get_consultation (store, "s-2", NULL, NULL, &end2, &error));
  g_assert_true (cabine_hub_store_get_consultation (store, "s-3", NULL, NULL, &end3_again, &error));
  g_assert_nonnull (end1);
  g_assert_null (end2);
  g_assert_cmpstr (end3_again, ==, end3);
  /* Nothing kept (NULL): s-2 too. */
  g_assert_true (cabine_hub_store_end_unresumed_consultations (store, later, NULL, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 1);
}

/* How many of @warnings hold @needle. */
static guint
count_warnings (char       **warnings,
                const char  *needle)
{
  guint n = 0;

  for (guint i = 0; warnings[i] != NULL; i++)
    if (strstr (warnings[i], needle) != NULL)
      n++;
  return n;
}

#define SHORT_WARNING "may end healthy calls"
#define MEMORY_WARNING "a restart of the hub loses the calls in progress"

/* resume-seconds 1–14 is accepted but warned about (healthy calls may end before their peers are
 * back), and so is resume-seconds with the store in memory (a restart loses the calls). */
static void
test_config_warnings (void)
{
  static const struct {
    const char *hub;
    guint n_short;
    guint n_memory;
  } cases[] = {
    { "", 0, 1 },                                        /* the default 60, no database */
    { "resume-seconds=1\n", 1, 1 },
    { "resume-seconds=14\n", 1, 1 },
    { "resume-seconds=15\n", 0, 1 },
    { "resume-seconds=0\n", 0, 0 },
    { "resume-seconds=5\ndatabase=/var/lib/cabine-hub/hub.db\n", 1, 0 },
    { "database=/var/lib/cabine-hub/hub.db\n", 0, 0 },
    { "resume-seconds=0\ndatabase=/var/lib/cabine-hub/hub.db\n", 0, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *text = g_strdup_printf ("[hub]\nport=0\n%s", cases[i].hub);
      g_autoptr(CabineHubConfig) config = cabine_hub_config_new_from_data (text, "t.conf", &error);
      g_auto(GStrv) warnings = NULL;

      g_test_message ("case %u: %s", i, cases[i].hub);
      g_assert_no_error (error);
      warnings = cabine_hub_config_get_warnings (config);
      g_assert_cmpuint (count_warnings (warnings, SHORT_WARNING), ==, cases[i].n_short);
      g_assert_cmpuint (count_warnings (warnings, MEMORY_WARNING), ==, cases[i].n_memory);
      /* --database decides too: ":memory:" is no store that outlives the hub. */
      cabine_hub_config_set_database (config, ":memory:");
      g_clear_pointer (&warnings, g_strfreev);
      warnings = cabine_hub_config_get_warnings (config);
      g_assert_cmpuint (count_warnings (warnings, MEMORY_WARNING), ==,
                        g_str_has_prefix (cases[i].hub, "resume-seconds=0") ? 0 : 1);
      cabine_hub_config_set_database (config, "/var/lib/cabine-hub/other.db");
      g_clear_pointer (&warnings, g_strfreev);
      warnings = cabine_hub_config_get_warnings (config);
      g_assert_cmpuint (count_warnings (warnings, MEMORY_WARNING), ==, 0);
    }
}

/* cabine-hub --check-config prints those warnings, once each, after applying --database, and the
 * configuration is still valid. */
static void
test_check_config_warns (void)
{
  const char *build = g_getenv ("CABINE_BUILD_DIR");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *conf = NULL;
  g_autofree char *db = NULL;
  g_autofree char *hub = NULL;
  g_autofree char *err_memory = NULL;
  g_autofree char *err_stored = NULL;
  int status;

  if (build == NULL)
    {
      g_test_skip ("CABINE_BUILD_DIR is not set (run under meson test)");
      return;
    }
  hub = g_build_filename (build, "app", "cabine-hub", NULL);
  dir = g_dir_make_tmp ("cabine-hub-warn-XXXXXX", &error);
  g_assert_no_error (error);
  conf = g_build_filename (dir, "hub.conf", NULL);
  db = g_build_filename (dir, "hub.db", NULL);
  g_assert_true (g_file_set_contents (conf, "[hub]\nport=0\nresume-seconds=5\n", -1, &error));

  {
    const char *argv[] = { hub, "--config", conf, "--check-config", NULL };

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL,
                                 NULL, NULL, &err_memory, &status, &error));
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
  }
  {
    const char *argv[] = { hub, "--config", conf, "--database", db, "--check-config", NULL };

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL,
                                 NULL, NULL, &err_stored, &status, &error));
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
  }
  g_test_message ("%s---\n%s", err_memory, err_stored);
  g_assert_nonnull (strstr (err_memory, SHORT_WARNING));
  g_assert_nonnull (strstr (err_memory, MEMORY_WARNING));
  g_assert_null (strstr (strstr (err_memory, SHORT_WARNING) + 1, SHORT_WARNING));
  g_assert_nonnull (strstr (err_stored, SHORT_WARNING));
  g_assert_null (strstr (err_stored, MEMORY_WARNING));
  g_unlink (db);
  g_unlink (conf);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  hub_relay_log_install ();
#define ADD(path, func, seconds) \
  g_test_add (path, Fixture, GUINT_TO_POINTER (seconds), setup, func, teardown)
  ADD ("/hub/resume-restart/both-resume", test_both_resume, 60);
  ADD ("/hub/resume-restart/stop-keeps-calls", test_stop_keeps_calls, 0);
  ADD ("/hub/resume-restart/ended-not-restored", test_ended_not_restored, 60);
  ADD ("/hub/resume-restart/checks", test_restore_checks, 60);
  ADD ("/hub/resume-restart/restored-peer-expires", test_restored_peer_expires, 1);
  ADD ("/hub/resume-restart/window", test_restore_window, 1);
  ADD ("/hub/resume-restart/window-ends-unresumed", test_window_ends_unresumed, 1);
  ADD ("/hub/resume-restart/store-end-unresumed", test_store_end_unresumed, 60);
  ADD ("/hub/resume-restart/migration", test_migration, 60);
  ADD ("/hub/resume-restart/waiting-restored", test_waiting_restored, 60);
  ADD ("/hub/resume-restart/waiting-window", test_waiting_window, 1);
#undef ADD
  g_test_add_func ("/hub/resume-restart/config-warnings", test_config_warnings);
  g_test_add_func ("/hub/resume-restart/check-config-warns", test_check_config_warns);
  return g_test_run ();
}
