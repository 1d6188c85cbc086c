/* test-session-hub.c: the kiosk session against an in-process hub, with a scripted physician:
 * what the physician is told when the kiosk refuses their answer or candidates
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The kiosk is a real CabineSession (test patterns, no instruments) connected to a real hub
 * (hub-test-util.h); the physician is a WebSocket client speaking data/protocol.md by hand.
 */
#define G_LOG_DOMAIN "test-session-hub"

#include <string.h>

#include <glib/gstdio.h>
#include <gst/gst.h>

#include "cabine-session-private.h"
#include "cabine-store.h"
#include "hub-test-util.h"

typedef struct {
  HubFixture     hub;
  char          *dir;
  CabineStore   *store;
  CabineSession *session;
  TestClient    *doc;
  char          *session_id;   /* the hub's */
} Fixture;

/* The warnings the kiosk logs for each refused answer or candidate are expected; any other
 * warning of the session fails the test. */
static guint refusals_logged;

static void
on_session_log (const char     *domain,
                GLogLevelFlags  level,
                const char     *message,
                gpointer        data)
{
  if ((level & (G_LOG_LEVEL_WARNING | G_LOG_LEVEL_CRITICAL)) == 0)
    g_log_default_handler (domain, level, message, data);
  else if (g_str_has_prefix (message, "refused \"answer\" from the physician") ||
           g_str_has_prefix (message, "refused \"ice\" from the physician"))
    {
      refusals_logged++;
      g_log_default_handler (domain, G_LOG_LEVEL_MESSAGE, message, data);
    }
  else
    g_test_fail_printf ("unexpected warning: %s", message);
}

/* The next message of @type the physician gets, skipping others (the kiosk's candidates, the
 * queue); fails after 10 s. */
static JsonObject *
doc_expect (Fixture    *f,
            const char *type)
{
  gint64 until = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  for (;;)
    {
      while (!g_queue_is_empty (&f->doc->messages))
        {
          JsonObject *msg = g_queue_pop_head (&f->doc->messages);

          if (g_strcmp0 (json_object_get_string_member_with_default (msg, "type", ""), type) == 0)
            return msg;
          json_object_unref (msg);
        }
      if (g_get_monotonic_time () > until)
        g_error ("the physician got no '%s'", type);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

/* How many `signal-refused` the physician gets within @ms, other messages skipped. */
static guint
doc_count_refused (Fixture *f,
                   guint    ms)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;
  guint n = 0;

  while (g_get_monotonic_time () < until)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
      while (!g_queue_is_empty (&f->doc->messages))
        {
          g_autoptr(JsonObject) msg = g_queue_pop_head (&f->doc->messages);

          n += g_strcmp0 (json_object_get_string_member_with_default (msg, "type", ""),
                          "signal-refused") == 0;
        }
    }
  return n;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CabineConfig) config = NULL;
  g_autoptr(JsonObject) queue = NULL;
  g_autoptr(JsonObject) accepted = NULL;
  g_autoptr(JsonObject) offer = NULL;
  g_autofree char *conf = NULL;
  g_autofree char *db = NULL;
  g_autofree char *text = NULL;
  gint64 until;

  hub_fixture_setup (&f->hub, data);
  text = g_strdup_printf ("[kiosk]\nid=cabin-01\ntoken=" TEST_KIOSK_TOKEN "\n"
                          "hub-url=ws://127.0.0.1:%u/ws\n\n"
                          "[media]\nvideo-source=test\naudio-source=test\naudio-sink=fake\n"
                          "stethoscope-source=none\n\n"
                          "[devices]\nenabled=false\n\n"
                          "[maintenance]\ncleaning-interval-hours=0\n", f->hub.port);
  f->dir = g_dir_make_tmp ("cabine-session-hub-XXXXXX", &error);
  g_assert_no_error (error);
  conf = g_build_filename (f->dir, "kiosk.conf", NULL);
  db = g_build_filename (f->dir, "kiosk.db", NULL);
  g_assert_true (g_file_set_contents (conf, text, -1, NULL));
  config = cabine_config_new_from_file (conf, &error);
  g_assert_no_error (error);
  f->store = cabine_store_open (db, &error);
  g_assert_no_error (error);
  f->session = cabine_session_new (config, f->store);
  f->doc = test_physician_new (&f->hub, "alice");

  /* The kiosk signs in (only its signalling: no uploads, no cameras), its patient waits. */
  g_assert_true (cabine_signalling_start (f->session->signalling, &error));
  g_assert_no_error (error);
  until = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (!cabine_session_get_hub_connected (f->session) && g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (cabine_session_get_hub_connected (f->session));
  g_assert_true (cabine_session_begin (f->session, "fr", &error));
  g_assert_true (cabine_session_request_consultation (f->session, "Fièvre", NULL, &error));
  g_assert_no_error (error);

  /* The physician takes the call; the kiosk offers. */
  queue = doc_expect (f, "queue");
  while (json_array_get_length (json_object_get_array_member (queue, "entries")) == 0)
    {
      json_object_unref (queue);
      queue = doc_expect (f, "queue");
    }
  f->session_id = g_strdup (json_object_get_string_member (
    json_array_get_object_element (json_object_get_array_member (queue, "entries"), 0), "sessionId"));
  test_client_sendf (f->doc, "{\"type\":\"accept\",\"sessionId\":\"%s\"}", f->session_id);
  accepted = doc_expect (f, "accepted");
  offer = doc_expect (f, "offer");
  g_assert_cmpstr (json_object_get_string_member (offer, "sessionId"), ==, f->session_id);
  g_assert_cmpint (cabine_session_get_state (f->session), ==, CABINE_SESSION_STATE_CALL);
  refusals_logged = 0;
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_pointer (&f->doc, test_client_free);
  g_clear_object (&f->session);
  g_clear_object (&f->store);
  hub_fixture_teardown (&f->hub, data);
  {
    g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
    const char *name;

    while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *path = g_build_filename (f->dir, name, NULL);
        g_unlink (path);
      }
  }
  g_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->session_id);
}

/* An answer the kiosk cannot use, then a candidate for a media section its offer lacks: the
 * physician is told each time, with the reason; the call goes on waiting for a usable answer. */
static void
test_refused_answer_and_candidate (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(JsonObject) refused = NULL;
  const char *reason;

  test_client_sendf (f->doc, "{\"type\":\"answer\",\"sessionId\":\"%s\","
                             "\"sdp\":\"v=0\\r\\nthis is no session description\\r\\n\"}",
                     f->session_id);
  refused = doc_expect (f, "signal-refused");
  g_assert_cmpstr (json_object_get_string_member (refused, "sessionId"), ==, f->session_id);
  g_assert_cmpstr (json_object_get_string_member (refused, "inReplyTo"), ==, "answer");
  g_assert_cmpstr (json_object_get_string_member (refused, "reason"), ==,
                   "answer SDP is not a session description with media sections");
  g_assert_false (json_object_has_member (refused, "attempt"));
  g_clear_pointer (&refused, json_object_unref);

  test_client_sendf (f->doc, "{\"type\":\"ice\",\"sessionId\":\"%s\",\"sdpMLineIndex\":99,"
                             "\"candidate\":\"candidate:1 1 UDP 2015363327 127.0.0.1 40123 typ host\"}",
                     f->session_id);
  refused = doc_expect (f, "signal-refused");
  g_assert_cmpstr (json_object_get_string_member (refused, "inReplyTo"), ==, "ice");
  reason = json_object_get_string_member (refused, "reason");
  g_assert_nonnull (strstr (reason, "\"sdpMLineIndex\" 99 names no media section of the offer"));

  /* The end of candidates is no refusal. */
  test_client_sendf (f->doc, "{\"type\":\"ice\",\"sessionId\":\"%s\",\"candidate\":\"\","
                             "\"sdpMLineIndex\":0}", f->session_id);
  g_assert_cmpuint (doc_count_refused (f, 300), ==, 0);
  g_assert_cmpuint (refusals_logged, ==, 2);
  g_assert_cmpint (cabine_session_get_state (f->session), ==, CABINE_SESSION_STATE_CALL);
}

/* A console that sends nothing but bad candidates: one `signal-refused` and one warning for each,
 * up to CABINE_SESSION_MAX_SIGNAL_REFUSALS in the call; the rest only at debug level, so that a
 * burst floods neither the physician nor the kiosk's log. */
static void
test_refusals_bounded (Fixture       *f,
                       gconstpointer  data)
{
  guint sent = CABINE_SESSION_MAX_SIGNAL_REFUSALS + 8;

  for (guint i = 0; i < sent; i++)
    test_client_sendf (f->doc, "{\"type\":\"ice\",\"sessionId\":\"%s\",\"sdpMLineIndex\":0,"
                               "\"candidate\":\"not a candidate %u\"}", f->session_id, i);
  g_assert_cmpuint (doc_count_refused (f, 1500), ==, CABINE_SESSION_MAX_SIGNAL_REFUSALS);
  g_assert_cmpuint (refusals_logged, ==, CABINE_SESSION_MAX_SIGNAL_REFUSALS);
}

int
main (int argc, char *argv[])
{
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
  g_log_set_handler ("cabine-session", G_LOG_LEVEL_MASK | G_LOG_FLAG_FATAL, on_session_log, NULL);

  g_test_add ("/session-hub/refused-answer-and-candidate", Fixture, NULL,
              fixture_set_up, test_refused_answer_and_candidate, fixture_tear_down);
  g_test_add ("/session-hub/refusals-bounded", Fixture, NULL,
              fixture_set_up, test_refusals_bounded, fixture_tear_down);
  return g_test_run ();
}
