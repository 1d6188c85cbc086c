/* session-test-util.c: a kiosk session on test patterns in a temporary folder, and the waits and
 * record readers shared by the session tests
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "session-test-util"

#include <glib/gstdio.h>
#include <gst/gst.h>

#include "session-test-util.h"

void
session_test_init (int       *argc,
                   char    ***argv,
                   GLogFunc   log_handler)
{
  gst_init (argc, argv);
  g_test_init (argc, argv, NULL);
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
  g_log_set_handler ("cabine-session", G_LOG_LEVEL_MASK | G_LOG_FLAG_FATAL, log_handler, NULL);
}

void
session_test_own_main_context (void)
{
  /* Otherwise webrtcbin's thread could acquire it while the test sleeps, and run the call's
   * main-context work (cabine_call_run_in_main() uses g_main_context_invoke_full()) on its own
   * thread, racing with the test. */
  g_assert_true (g_main_context_acquire (NULL));
}

char *
session_test_hub_config (const char *token,
                         guint16     port)
{
  return g_strdup_printf ("[kiosk]\nid=cabin-01\ntoken=%s\n"
                          "hub-url=ws://127.0.0.1:%u/ws\n\n"
                          "[media]\nvideo-source=test\naudio-source=test\naudio-sink=fake\n"
                          "stethoscope-source=none\n\n"
                          "[devices]\nenabled=false\n\n"
                          "[maintenance]\ncleaning-interval-hours=0\n", token, port);
}

CabineSession *
session_test_new_session (const char   *dir_template,
                          const char   *config_text,
                          char        **dir,
                          CabineStore **store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CabineConfig) config = NULL;
  g_autofree char *conf = NULL;
  g_autofree char *db = NULL;

  *dir = g_dir_make_tmp (dir_template, &error);
  g_assert_no_error (error);
  conf = g_build_filename (*dir, "kiosk.conf", NULL);
  db = g_build_filename (*dir, "kiosk.db", NULL);
  g_assert_true (g_file_set_contents (conf, config_text, -1, NULL));
  config = cabine_config_new_from_file (conf, &error);
  g_assert_no_error (error);
  *store = cabine_store_open (db, &error);
  g_assert_no_error (error);
  return cabine_session_new (config, *store);
}

void
session_test_remove_dir (const char *dir)
{
  g_autoptr(GDir) handle = NULL;
  const char *name;

  if (dir == NULL)
    return;
  handle = g_dir_open (dir, 0, NULL);
  while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (dir);
}

void
session_test_spin (guint ms)
{
  gint64 until = g_get_monotonic_time () + (gint64) ms * 1000;

  while (g_get_monotonic_time () < until)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

void
session_test_connect_and_request (CabineSession *session)
{
  g_autoptr(GError) error = NULL;
  gint64 until;

  g_assert_true (cabine_signalling_start (session->signalling, &error));
  g_assert_no_error (error);
  until = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (!cabine_session_get_hub_connected (session) && g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (cabine_session_get_hub_connected (session));
  g_assert_true (cabine_session_begin (session, "fr", &error));
  g_assert_true (cabine_session_request_consultation (session, "Fièvre", NULL, &error));
  g_assert_no_error (error);
}

JsonObject *
session_test_next_message (GQueue     *messages,
                           const char *type,
                           guint       timeout_s,
                           const char *who)
{
  gint64 until = g_get_monotonic_time () + (gint64) timeout_s * G_USEC_PER_SEC;

  for (;;)
    {
      while (!g_queue_is_empty (messages))
        {
          JsonObject *msg = g_queue_pop_head (messages);

          if (g_strcmp0 (json_object_get_string_member_with_default (msg, "type", ""), type) == 0)
            return msg;
          json_object_unref (msg);
        }
      if (g_get_monotonic_time () > until)
        g_error ("%s got no '%s'", who, type);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

guint
session_test_count_messages (GQueue     *messages,
                             const char *type,
                             guint       ms)
{
  gint64 until = g_get_monotonic_time () + (gint64) ms * 1000;
  guint n = 0;

  while (g_get_monotonic_time () < until)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
      while (!g_queue_is_empty (messages))
        {
          g_autoptr(JsonObject) msg = g_queue_pop_head (messages);

          n += g_strcmp0 (json_object_get_string_member_with_default (msg, "type", ""), type) == 0;
        }
    }
  return n;
}

JsonObject *
session_test_build_record (CabineStore *store,
                           const char  *session_id)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = cabine_store_build_record (store, session_id, &error);
  g_autoptr(JsonNode) node = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (text);
  node = json_from_string (text, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_object_ref (json_node_get_object (node));
}

JsonNode *
session_test_only_event (JsonObject *record,
                         const char *event)
{
  JsonArray *events = json_object_get_array_member (record, "callEvents");
  JsonNode *found = NULL;
  guint n = 0;

  for (guint i = 0; i < json_array_get_length (events); i++)
    {
      JsonObject *e = json_array_get_object_element (events, i);

      if (g_strcmp0 (json_object_get_string_member (e, "event"), event) == 0)
        {
          found = json_object_get_member (e, "detail");
          n++;
        }
    }
  if (n != 1)
    g_error ("%u call events '%s', expected 1", n, event);
  return found;
}

guint
session_test_count_events (JsonObject *record,
                           const char *event)
{
  JsonArray *events = json_object_get_array_member (record, "callEvents");
  guint n = 0;

  for (guint i = 0; i < json_array_get_length (events); i++)
    n += g_strcmp0 (json_object_get_string_member (json_array_get_object_element (events, i),
                                                   "event"), event) == 0;
  return n;
}

gint64
session_test_assert_signalling_resumed (JsonObject *record,
                                        gint64      min_ms)
{
  JsonNode *detail = session_test_only_event (record, "signalling-lost");
  gint64 duration;

  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (detail), "state"), ==, "call");
  detail = session_test_only_event (record, "signalling-resumed");
  duration = json_object_get_int_member (json_node_get_object (detail), "durationMs");
  g_assert_cmpint (duration, >=, min_ms);
  return duration;
}

void
session_test_assert_peer_away_and_back (JsonObject *record,
                                        gint64      resume_seconds,
                                        gint64      min_ms)
{
  JsonNode *detail = session_test_only_event (record, "peer-away");

  g_assert_cmpint (json_object_get_int_member (json_node_get_object (detail), "resumeSeconds"), ==,
                   resume_seconds);
  detail = session_test_only_event (record, "peer-back");
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (detail), "durationMs"), >=, min_ms);
}
