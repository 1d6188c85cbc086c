/* fault-kiosk.c: the kiosk's store and outbox under faults (driven by tests/faults/run.sh)
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs the real #CabineStore and #CabineOutbox without the GTK kiosk, so that it can be killed and
 * restarted many times within seconds:
 *   fault-kiosk run DB HUB_URL ACK_FILE SESSIONS READINGS
 *       closes what a killed run left open, then runs SESSIONS consultations of READINGS readings,
 *       one reading every 5 ms, while the outbox uploads; after each committed reading its id is
 *       appended to ACK_FILE and fsync'ed (what the kiosk "acknowledged"). Exits 0 once every
 *       consultation is uploaded.
 *   fault-kiosk drain DB HUB_URL    uploads what is pending, exits 0 when nothing is (1 after 60 s)
 *   fault-kiosk fill DB             commits readings until the disk is full: exit 0 when the error
 *       is CABINE_STORE_ERROR_FULL and the database then passes PRAGMA integrity_check with every
 *       acknowledged reading in it
 *   fault-kiosk readonly DB         a write to a store on a read-only file system: exit 0 when it
 *       fails with CABINE_STORE_ERROR_READ_ONLY (or opening fails with a clear error)
 * Messages go to stderr; counts as "key=value" lines on stdout.
 */
#define G_LOG_DOMAIN "fault-kiosk"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "cabine-outbox.h"
#include "cabine-store.h"

#define KIOSK_ID "cabin-01"
#define TOKEN "demo-kiosk-token"

typedef struct {
  CabineStore  *store;
  CabineOutbox *outbox;
  GMainLoop    *loop;
  int           ack_fd;
  guint         sessions_left;
  guint         readings_per_session;
  guint         readings_left;
  char         *session_id;
  guint         n_acked;
} Run;

static CabineStoredObservation
reading (const char *id,
         const char *session_id,
         double      value,
         GBytes     *raw)
{
  CabineStoredObservation obs = {
    .id = id, .session_id = session_id, .loinc = "8310-5", .mdc_code = 19292, .value = value,
    .ucum = "Cel", .device_time = NULL, .received_at = "2026-11-29T12:00:00Z",
    .provenance_json = "{\"model\":\"fault-test\",\"serial\":\"F-0001\"}", .raw_frame = raw,
    .resource_json = "{\"resourceType\":\"Observation\",\"status\":\"final\","
                     "\"code\":{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"8310-5\"},"
                     "{\"system\":\"urn:iso:std:iso:11073:10101\",\"code\":\"19292\"}]}}",
  };
  return obs;
}

static gboolean
step (gpointer user_data)
{
  Run *r = user_data;
  g_autoptr(GError) error = NULL;

  if (r->session_id == NULL)
    {
      if (r->sessions_left == 0)
        return G_SOURCE_REMOVE;
      r->session_id = g_uuid_string_random ();
      if (!cabine_store_begin_session (r->store, r->session_id, KIOSK_ID, "fr", "fault", &error) ||
          !cabine_store_mark_call_started (r->store, r->session_id, &error))
        g_error ("begin: %s", error->message);
      r->readings_left = r->readings_per_session;
      r->sessions_left--;
      return G_SOURCE_CONTINUE;
    }
  if (r->readings_left > 0)
    {
      g_autofree char *id = g_uuid_string_random ();
      g_autofree char *line = g_strconcat (id, "\n", NULL);
      g_autoptr(GBytes) raw = g_bytes_new (id, 8);
      CabineStoredObservation obs = reading (id, r->session_id, 36.0 + g_random_double (), raw);

      if (!cabine_store_add_observation (r->store, &obs, &error))
        g_error ("add: %s", error->message);
      /* Committed: now, and only now, the reading counts as acknowledged. */
      if (write (r->ack_fd, line, strlen (line)) != (ssize_t) strlen (line) || fsync (r->ack_fd) != 0)
        g_error ("cannot write the acknowledgement log");
      r->readings_left--;
      r->n_acked++;
      return G_SOURCE_CONTINUE;
    }
  if (!cabine_store_end_session (r->store, r->session_id, "physician-ended", &error))
    g_error ("end: %s", error->message);
  cabine_outbox_kick (r->outbox);
  g_clear_pointer (&r->session_id, g_free);
  return G_SOURCE_CONTINUE;
}

static gboolean
check_done (gpointer user_data)
{
  Run *r = user_data;
  g_autoptr(GError) error = NULL;
  gint64 pending = cabine_store_count_pending_uploads (r->store, &error);

  if (r->sessions_left == 0 && r->session_id == NULL && pending == 0)
    {
      g_main_loop_quit (r->loop);
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static gboolean
on_timeout (gpointer user_data)
{
  g_printerr ("fault-kiosk: still pending after 60 s\n");
  exit (1);
}

static int
run_outbox (const char *db,
            const char *hub,
            const char *ack_file,
            guint       sessions,
            guint       readings)
{
  g_autoptr(GError) error = NULL;
  Run r = { 0 };

  r.store = cabine_store_open (db, &error);
  if (r.store == NULL)
    {
      g_printerr ("fault-kiosk: %s\n", error->message);
      return 2;
    }
  r.outbox = cabine_outbox_new (r.store, hub, KIOSK_ID, TOKEN, NULL, 0, &error);
  if (r.outbox == NULL)
    {
      g_printerr ("fault-kiosk: %s\n", error->message);
      return 2;
    }
  r.loop = g_main_loop_new (NULL, FALSE);
  r.sessions_left = sessions;
  r.readings_per_session = readings;
  if (ack_file != NULL)
    {
      r.ack_fd = open (ack_file, O_WRONLY | O_APPEND | O_CREAT, 0600);
      if (r.ack_fd < 0)
        g_error ("cannot open %s", ack_file);
    }
  cabine_outbox_start (r.outbox);
  if (sessions > 0)
    g_timeout_add (5, step, &r);
  g_timeout_add (50, check_done, &r);
  g_timeout_add_seconds (60, on_timeout, NULL);
  g_main_loop_run (r.loop);
  g_print ("acked=%u\n", r.n_acked);
  cabine_outbox_stop (r.outbox);
  g_object_unref (r.outbox);
  g_object_unref (r.store);
  g_main_loop_unref (r.loop);
  return 0;
}

static int
integrity_ok (const char *db)
{
  sqlite3 *conn = NULL;
  sqlite3_stmt *stmt = NULL;
  int ok;

  if (sqlite3_open_v2 (db, &conn, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (conn, "PRAGMA integrity_check", -1, &stmt, NULL) != SQLITE_OK ||
      sqlite3_step (stmt) != SQLITE_ROW)
    ok = FALSE;
  else
    ok = g_str_equal ((const char *) sqlite3_column_text (stmt, 0), "ok");
  sqlite3_finalize (stmt);
  sqlite3_close (conn);
  return ok;
}

static int
fill (const char *db)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CabineStore) store = cabine_store_open (db, &error);
  g_autofree char *payload = g_malloc0 (16 * 1024);
  g_autoptr(GBytes) raw = NULL;
  guint n = 0;

  if (store == NULL)
    {
      g_printerr ("fault-kiosk: %s\n", error->message);
      return 2;
    }
  memset (payload, 'x', 16 * 1024);
  raw = g_bytes_new_static (payload, 16 * 1024);
  if (!cabine_store_begin_session (store, "fill", KIOSK_ID, "fr", NULL, &error))
    g_error ("%s", error->message);
  for (;;)
    {
      g_autofree char *id = g_strdup_printf ("fill-%u", n);
      CabineStoredObservation obs = reading (id, "fill", 37.0, raw);

      if (!cabine_store_add_observation (store, &obs, &error))
        break;
      n++;
    }
  g_printerr ("fault-kiosk: after %u readings: %s\n", n, error->message);
  g_print ("full_after=%u\n", n);
  if (!g_error_matches (error, CABINE_STORE_ERROR, CABINE_STORE_ERROR_FULL))
    return 1;
  g_clear_error (&error);
  if (cabine_store_count_observations (store, "fill", &error) != n)
    {
      g_printerr ("fault-kiosk: %s\n", error != NULL ? error->message : "reading count changed");
      return 1;
    }
  g_clear_object (&store);
  if (!integrity_ok (db))
    {
      g_printerr ("fault-kiosk: the database is corrupt after the disk filled\n");
      return 1;
    }
  g_print ("integrity=ok\n");
  return 0;
}

static int
read_only (const char *db)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CabineStore) store = cabine_store_open (db, &error);
  CabineStoredObservation obs = reading ("ro-1", NULL, 37.0, NULL);

  if (store == NULL)
    {
      g_printerr ("fault-kiosk: open refused: %s\n", error->message);
      g_print ("readonly=refused-at-open\n");
      return error->domain == CABINE_STORE_ERROR ? 0 : 1;
    }
  if (cabine_store_add_observation (store, &obs, &error))
    {
      g_printerr ("fault-kiosk: a write on a read-only file system succeeded\n");
      return 1;
    }
  g_printerr ("fault-kiosk: write refused: %s\n", error->message);
  g_print ("readonly=refused-at-write\n");
  return g_error_matches (error, CABINE_STORE_ERROR, CABINE_STORE_ERROR_READ_ONLY) ? 0 : 1;
}

int
main (int argc, char **argv)
{
  if (argc >= 7 && g_str_equal (argv[1], "run"))
    return run_outbox (argv[2], argv[3], argv[4], (guint) atoi (argv[5]), (guint) atoi (argv[6]));
  if (argc >= 4 && g_str_equal (argv[1], "drain"))
    return run_outbox (argv[2], argv[3], NULL, 0, 0);
  if (argc >= 3 && g_str_equal (argv[1], "fill"))
    return fill (argv[2]);
  if (argc >= 3 && g_str_equal (argv[1], "readonly"))
    return read_only (argv[2]);
  g_printerr ("usage: fault-kiosk run DB HUB_URL ACK_FILE SESSIONS READINGS | drain DB HUB_URL | "
              "fill DB | readonly DB\n");
  return 2;
}
