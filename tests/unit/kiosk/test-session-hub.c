/* test-session-hub.c: the kiosk session against an in-process hub, with a scripted physician:
 * what the physician is told when the kiosk refuses their answer or candidates, a call that
 * outlives a signalling interruption (the kiosk's, the physician's, the hub's restart), and a
 * waiting patient who keeps their place across a dropped kiosk connection
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

#include "hub-test-util.h"
#include "session-test-util.h"

typedef struct {
  HubFixture     hub;
  char          *dir;
  CabineStore   *store;
  CabineSession *session;
  TestClient    *doc;
  char          *doc_token;    /* the physician's login token, for reconnecting */
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
  else if (g_str_has_prefix (message, "the hub could not resume the call"))
    g_log_default_handler (domain, G_LOG_LEVEL_MESSAGE, message, data);
  else
    g_test_fail_printf ("unexpected warning: %s", message);
}

/* The next message of @type the physician gets, skipping others (the kiosk's candidates, the
 * queue); fails after 10 s. */
static JsonObject *
doc_expect (Fixture    *f,
            const char *type)
{
  return session_test_next_message (&f->doc->messages, type, 10, "the physician");
}

/* How many `signal-refused` the physician gets within @ms, other messages skipped. */
static guint
doc_count_refused (Fixture *f,
                   guint    ms)
{
  return session_test_count_messages (&f->doc->messages, "signal-refused", ms);
}

/* The next `queue` the physician gets with @n entries (earlier ones skipped); fails after 10 s.
 * Returns: (transfer full). */
static JsonObject *
doc_expect_queue (Fixture *f,
                  guint    n)
{
  JsonObject *queue = doc_expect (f, "queue");

  while (json_array_get_length (json_object_get_array_member (queue, "entries")) != n)
    {
      json_object_unref (queue);
      queue = doc_expect (f, "queue");
    }
  return queue;
}

/* The hub, a signed-in physician, and the kiosk's patient waiting in the queue (f->session_id). */
static void
fixture_set_up_waiting (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(JsonObject) queue = NULL;
  g_autofree char *text = NULL;

  hub_fixture_setup (&f->hub, data);
  text = session_test_hub_config (TEST_KIOSK_TOKEN, f->hub.port);
  f->session = session_test_new_session ("cabine-session-hub-XXXXXX", text, &f->dir, &f->store);
  f->doc_token = hub_login (&f->hub, "alice");
  f->doc = test_physician_with_token (&f->hub, f->doc_token);

  /* The kiosk signs in (only its signalling: no uploads, no cameras), its patient waits. */
  session_test_connect_and_request (f->session);

  queue = doc_expect_queue (f, 1);
  f->session_id = g_strdup (json_object_get_string_member (
    json_array_get_object_element (json_object_get_array_member (queue, "entries"), 0), "sessionId"));
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(JsonObject) accepted = NULL;
  g_autoptr(JsonObject) offer = NULL;

  fixture_set_up_waiting (f, data);
  /* The physician takes the call; the kiosk offers. */
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
  session_test_remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->session_id);
  g_free (f->doc_token);
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
  gint64 deadline;
  guint refused = 0;

  for (guint i = 0; i < sent; i++)
    test_client_sendf (f->doc, "{\"type\":\"ice\",\"sessionId\":\"%s\",\"sdpMLineIndex\":0,"
                               "\"candidate\":\"not a candidate %u\"}", f->session_id, i);
  /* A loaded machine (ASan, other tests beside) takes seconds for the burst: wait for the
   * refusals up to 20 s, then make sure no more come. */
  deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while (refused < CABINE_SESSION_MAX_SIGNAL_REFUSALS && g_get_monotonic_time () < deadline)
    refused += doc_count_refused (f, 100);
  refused += doc_count_refused (f, 1000);
  g_assert_cmpuint (refused, ==, CABINE_SESSION_MAX_SIGNAL_REFUSALS);
  g_assert_cmpuint (refusals_logged, ==, CABINE_SESSION_MAX_SIGNAL_REFUSALS);
}

/* ---- signalling interruptions (data/protocol.md "Signalling interruption") --------------- */

/* Runs the main context until @cond (re-evaluated) holds; fails after 15 s. */
#define WAIT_FOR(cond) \
  G_STMT_START { \
    gint64 until_ = g_get_monotonic_time () + 15 * G_USEC_PER_SEC; \
    while (!(cond) && g_get_monotonic_time () < until_) \
      { \
        g_main_context_iteration (NULL, FALSE); \
        g_usleep (1000); \
      } \
    if (!(cond)) \
      g_error ("timed out waiting for %s", #cond); \
  } G_STMT_END

/* The physician's messages reach the kiosk, and the kiosk's the physician: a bad answer is
 * refused back to them. */
static void
expect_call_relayed (Fixture *f)
{
  g_autoptr(JsonObject) refused = NULL;

  test_client_sendf (f->doc, "{\"type\":\"answer\",\"sessionId\":\"%s\","
                             "\"sdp\":\"v=0\\r\\nthis is no session description\\r\\n\"}",
                     f->session_id);
  refused = doc_expect (f, "signal-refused");
  g_assert_cmpstr (json_object_get_string_member (refused, "sessionId"), ==, f->session_id);
}

/* The physician comes back (same sign-in) and resumes the call, which the kiosk is in: the
 * kiosk hears they are back, and the call's messages flow again. */
static void
doc_resumes (Fixture *f)
{
  g_autoptr(JsonObject) resumed = NULL;

  f->doc = test_physician_with_token (&f->hub, f->doc_token);
  test_client_sendf (f->doc, "{\"type\":\"resume\",\"sessionId\":\"%s\"}", f->session_id);
  resumed = doc_expect (f, "resumed");
  g_assert_true (json_object_get_boolean_member (resumed, "peerPresent"));
  WAIT_FOR (!f->session->peer_away);
  expect_call_relayed (f);
}

/* The kiosk's own connection drops mid-call (its network blinks): the call goes on, the physician
 * is told, and the kiosk's new connection resumes it. */
static void
test_kiosk_resumes (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) away = NULL;
  g_autoptr(JsonObject) back = NULL;
  g_autoptr(JsonObject) record = NULL;

  cabine_signalling_stop (f->session->signalling);
  away = doc_expect (f, "peer-away");
  g_assert_cmpstr (json_object_get_string_member (away, "sessionId"), ==, f->session_id);
  g_assert_cmpint (cabine_session_get_state (f->session), ==, CABINE_SESSION_STATE_CALL);
  g_assert_nonnull (f->session->call);
  hub_spin (300);

  g_assert_true (cabine_signalling_start (f->session->signalling, &error));
  g_assert_no_error (error);
  back = doc_expect (f, "peer-back");
  WAIT_FOR (f->session->signalling_lost_us == 0);
  g_assert_cmpint (cabine_session_get_state (f->session), ==, CABINE_SESSION_STATE_CALL);
  expect_call_relayed (f);

  record = session_test_build_record (f->store, f->session->session_id);
  session_test_assert_signalling_resumed (record, 300);
}

/* The physician hangs up while the kiosk is away: the hub ends the call, and answers the kiosk's
 * resume with no-such-session; the consultation ends as peer-disconnected. */
static void
test_kiosk_resume_refused (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) record = NULL;

  cabine_signalling_stop (f->session->signalling);
  json_object_unref (doc_expect (f, "peer-away"));
  test_client_sendf (f->doc, "{\"type\":\"hangup\",\"sessionId\":\"%s\",\"reason\":\"physician-ended\"}",
                     f->session_id);
  hub_spin (100);
  g_assert_cmpint (cabine_session_get_state (f->session), ==, CABINE_SESSION_STATE_CALL);

  g_assert_true (cabine_signalling_start (f->session->signalling, &error));
  g_assert_no_error (error);
  WAIT_FOR (cabine_session_get_state (f->session) == CABINE_SESSION_STATE_ENDED);
  g_assert_cmpstr (cabine_session_get_end_reason (f->session), ==, "peer-disconnected");
  record = session_test_build_record (f->store, f->session->session_id);
  g_assert_cmpstr (json_object_get_string_member (record, "endReason"), ==, "peer-disconnected");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (session_test_only_event (record, "resume-refused")),
                                                  "code"), ==, "no-such-session");
}

/* The physician's connection drops and comes back: the kiosk keeps both in the record, and the
 * call's messages flow again. */
static void
test_physician_away_and_back (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(JsonObject) record = NULL;

  g_clear_pointer (&f->doc, test_client_free);
  WAIT_FOR (f->session->peer_away);
  hub_spin (200);
  doc_resumes (f);

  record = session_test_build_record (f->store, f->session->session_id);
  session_test_assert_peer_away_and_back (record, 60, 200);
  g_assert_cmpint (cabine_session_get_state (f->session), ==, CABINE_SESSION_STATE_CALL);
}

/* The hub restarts mid-call (a new process: its sessions restored from its store): the kiosk
 * resumes the call at once, with the physician away until they resume too. */
static void
test_hub_restart (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) record = NULL;
  gboolean started;

  cabine_hub_server_stop (f->hub.server);
  g_clear_object (&f->hub.server);
  WAIT_FOR (!cabine_session_get_hub_connected (f->session));
  hub_spin (300);
  g_assert_cmpint (cabine_session_get_state (f->session), ==, CABINE_SESSION_STATE_CALL);

  /* A new process: nothing of the old one stays (the in-process accounts held its store). */
  cabine_accounts_set_store (cabine_hub_config_get_accounts (f->hub.config), NULL);
  cabine_hub_config_set_port (f->hub.config, f->hub.port);
  f->hub.server = cabine_hub_server_new (f->hub.config);
  started = cabine_hub_server_start (f->hub.server, &error);
  g_assert_no_error (error);
  g_assert_true (started);
  WAIT_FOR (f->session->signalling_lost_us == 0 && f->session->peer_away);

  g_clear_pointer (&f->doc, test_client_free);
  doc_resumes (f);

  record = session_test_build_record (f->store, f->session->session_id);
  session_test_only_event (record, "signalling-lost");
  session_test_only_event (record, "signalling-resumed");
  g_assert_true (json_node_is_null (session_test_only_event (record, "peer-away")));
  session_test_only_event (record, "peer-back");
  g_assert_cmpint (cabine_session_get_state (f->session), ==, CABINE_SESSION_STATE_CALL);
}

/* The kiosk's connection drops while its patient waits: its new connection joins the queue again
 * with the hub's session id, which the hub keeps (the patient keeps their place), and the kiosk
 * keeps it too. */
static void
test_waiting_keeps_place (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) hidden = NULL;
  g_autoptr(JsonObject) back = NULL;

  WAIT_FOR (f->session->hub_session_id != NULL && cabine_session_get_queue_position (f->session) == 1);
  g_assert_cmpstr (f->session->hub_session_id, ==, f->session_id);

  cabine_signalling_stop (f->session->signalling);
  hidden = doc_expect_queue (f, 0);
  WAIT_FOR (!cabine_session_get_hub_connected (f->session));
  g_assert_cmpint (cabine_session_get_state (f->session), ==, CABINE_SESSION_STATE_WAITING);

  g_assert_true (cabine_signalling_start (f->session->signalling, &error));
  g_assert_no_error (error);
  back = doc_expect_queue (f, 1);
  g_assert_cmpstr (json_object_get_string_member (
    json_array_get_object_element (json_object_get_array_member (back, "entries"), 0), "sessionId"),
    ==, f->session_id);
  WAIT_FOR (cabine_session_get_queue_position (f->session) == 1);
  g_assert_cmpstr (f->session->hub_session_id, ==, f->session_id);
  g_assert_cmpint (cabine_session_get_state (f->session), ==, CABINE_SESSION_STATE_WAITING);
}

int
main (int argc, char *argv[])
{
  g_autofree char *hub_dir = NULL;
  g_autofree char *hub_db_conf = NULL;
  int status;

  session_test_init (&argc, &argv, on_session_log);
  /* The test owns the main context between its iterations, as GApplication does for the kiosk. */
  session_test_own_main_context ();
  /* The hub that restarts keeps its calls in a file, as a real one. */
  hub_dir = g_dir_make_tmp ("cabine-session-hub-db-XXXXXX", NULL);
  g_assert_nonnull (hub_dir);
  hub_db_conf = g_strdup_printf ("database=%s/hub.db\n", hub_dir);

  g_test_add ("/session-hub/refused-answer-and-candidate", Fixture, NULL,
              fixture_set_up, test_refused_answer_and_candidate, fixture_tear_down);
  g_test_add ("/session-hub/refusals-bounded", Fixture, NULL,
              fixture_set_up, test_refusals_bounded, fixture_tear_down);
  g_test_add ("/session-hub/kiosk-resumes", Fixture, NULL,
              fixture_set_up, test_kiosk_resumes, fixture_tear_down);
  g_test_add ("/session-hub/kiosk-resume-refused", Fixture, NULL,
              fixture_set_up, test_kiosk_resume_refused, fixture_tear_down);
  g_test_add ("/session-hub/physician-away-and-back", Fixture, NULL,
              fixture_set_up, test_physician_away_and_back, fixture_tear_down);
  g_test_add ("/session-hub/waiting-keeps-place", Fixture, NULL,
              fixture_set_up_waiting, test_waiting_keeps_place, fixture_tear_down);
  g_test_add ("/session-hub/hub-restart", Fixture, hub_db_conf,
              fixture_set_up, test_hub_restart, fixture_tear_down);
  status = g_test_run ();
  {
    const char * const names[] = { "hub.db", "hub.db-wal", "hub.db-shm", "hub.db-journal", NULL };

    for (guint i = 0; names[i] != NULL; i++)
      {
        g_autofree char *path = g_build_filename (hub_dir, names[i], NULL);
        g_unlink (path);
      }
    g_rmdir (hub_dir);
  }
  return status;
}
