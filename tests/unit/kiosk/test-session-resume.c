/* test-session-resume.c: a kiosk call that outlives its signalling connection
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * data/protocol.md, "Signalling interruption (`resume`)": the kiosk is a real CabineSession (test
 * patterns, no instruments, no answer from a physician); the hub is a scripted WebSocket server
 * (libsoup) that welcomes the kiosk, keeps what it sends and answers as the test says, so that
 * each of the hub's answers (`resumed`, `no-such-session`, an older hub's `unknown-type`,
 * `peer-away`, `peer-back`) can be given at will. The hub is "restarted" by closing the kiosk's
 * socket (1001, as a hub that stops) and listening again on the same port.
 */
#define G_LOG_DOMAIN "test-session-resume"

#include <string.h>

#include <glib/gstdio.h>
#include <gst/gst.h>
#include <libsoup/soup.h>

#include "session-test-util.h"

#define HUB_SESSION_ID "7f0a3c1e-0000-4000-8000-000000000001"
#define OTHER_HUB_SESSION_ID "7f0a3c1e-0000-4000-8000-000000000002"
#define KIOSK_TOKEN "kiosk-token-0123456789"

typedef struct {
  SoupServer              *server;
  guint16                  port;
  SoupWebsocketConnection *conn;        /* the kiosk's current socket */
  GQueue                   messages;    /* JsonObject the kiosk sent after hello */
  guint                    hellos;
  char                    *dir;
  CabineStore             *store;
  CabineSession           *session;
} Fixture;

/* Warnings the session logs on purpose in these tests; any other fails the test. */
static const char * const expected_warnings[] = {
  "refused \"answer\" from the physician",
  "the hub could not resume the call",
  "the call's media stopped",
  NULL
};

static void
on_session_log (const char     *domain,
                GLogLevelFlags  level,
                const char     *message,
                gpointer        data)
{
  if ((level & (G_LOG_LEVEL_WARNING | G_LOG_LEVEL_CRITICAL)) == 0)
    {
      g_log_default_handler (domain, level, message, data);
      return;
    }
  for (guint i = 0; expected_warnings[i] != NULL; i++)
    if (g_str_has_prefix (message, expected_warnings[i]))
      {
        g_log_default_handler (domain, G_LOG_LEVEL_MESSAGE, message, data);
        return;
      }
  g_test_fail_printf ("unexpected warning: %s", message);
}

/* ---- the scripted hub -------------------------------------------------------------------- */

static void
hub_send (Fixture    *f,
          const char *format,
          ...) G_GNUC_PRINTF (2, 3);

static void
hub_send (Fixture    *f,
          const char *format,
          ...)
{
  g_autofree char *text = NULL;
  va_list args;

  g_assert_nonnull (f->conn);
  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  soup_websocket_connection_send_text (f->conn, text);
}

static void
on_kiosk_message (SoupWebsocketConnection *conn,
                  SoupWebsocketDataType    type,
                  GBytes                  *bytes,
                  Fixture                 *f)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  JsonObject *msg;

  node = json_from_string (text, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  msg = json_node_get_object (node);
  if (g_strcmp0 (json_object_get_string_member_with_default (msg, "type", ""), "hello") == 0)
    {
      g_assert_cmpstr (json_object_get_string_member (msg, "token"), ==, KIOSK_TOKEN);
      f->hellos++;
      soup_websocket_connection_send_text (conn, "{\"type\":\"welcome\",\"role\":\"kiosk\","
                                                 "\"kioskId\":\"cabin-01\"}");
      return;
    }
  g_queue_push_tail (&f->messages, json_object_ref (msg));
}

static void
on_kiosk_closed (SoupWebsocketConnection *conn,
                 Fixture                 *f)
{
  if (f->conn == conn)
    g_clear_object (&f->conn);
}

/* Lets go of the kiosk's current socket, if any, without hearing from it again. */
static void
drop_kiosk_socket (Fixture *f)
{
  if (f->conn != NULL)
    {
      g_signal_handlers_disconnect_by_data (f->conn, f);
      g_clear_object (&f->conn);
    }
}

static void
on_websocket (SoupServer              *server,
              SoupServerMessage       *msg,
              const char              *path,
              SoupWebsocketConnection *conn,
              gpointer                 data)
{
  Fixture *f = data;

  drop_kiosk_socket (f);
  f->conn = g_object_ref (conn);
  g_signal_connect (conn, "message", G_CALLBACK (on_kiosk_message), f);
  g_signal_connect (conn, "closed", G_CALLBACK (on_kiosk_closed), f);
}

/* Listens on f->port (0: any free port, kept in f->port). */
static void
hub_listen (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSList) uris = NULL;

  f->server = soup_server_new (NULL, NULL);
  soup_server_add_websocket_handler (f->server, "/ws", NULL, NULL, on_websocket, f, NULL);
  g_assert_true (soup_server_listen_local (f->server, f->port, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (f->server);
  g_assert_nonnull (uris);
  f->port = (guint16) g_uri_get_port (uris->data);
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);
}

/* The hub goes away: the kiosk's socket is closed as a hub that stops closes it (1001), and the
 * hub no longer listens until hub_listen(). Returns once the kiosk has noticed. */
static void
hub_stop (Fixture *f)
{
  gint64 until = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  g_assert_nonnull (f->conn);
  soup_websocket_connection_close (f->conn, SOUP_WEBSOCKET_CLOSE_GOING_AWAY, "hub shutting down");
  while (cabine_session_get_hub_connected (f->session) && g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (cabine_session_get_hub_connected (f->session));
  drop_kiosk_socket (f);
  soup_server_disconnect (f->server);
  g_clear_object (&f->server);
}

/* The next message of @type the kiosk sends, skipping others (candidates); fails after 15 s (the
 * kiosk's reconnection backoff grows while the hub is away). */
static JsonObject *
hub_expect (Fixture    *f,
            const char *type)
{
  return session_test_next_message (&f->messages, type, 15, "the hub");
}

/* Whether the kiosk sends a message of @type within @ms, others skipped. */
static gboolean
hub_gets_within (Fixture    *f,
                 const char *type,
                 guint       ms)
{
  return session_test_count_messages (&f->messages, type, ms) > 0;
}

/* ---- fixture ----------------------------------------------------------------------------- */

static void
connect_and_queue (Fixture *f)
{
  g_autoptr(JsonObject) join = NULL;
  gint64 until;

  session_test_connect_and_request (f->session);
  join = hub_expect (f, "join-queue");
  /* A new patient claims no earlier session. */
  g_assert_false (json_object_has_member (join, "sessionId"));
  hub_send (f, "{\"type\":\"queued\",\"sessionId\":\"" HUB_SESSION_ID "\",\"position\":1,"
               "\"queueLength\":1}");
  until = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (cabine_session_get_hub_session_id (f->session) == NULL && g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (cabine_session_get_hub_session_id (f->session), ==, HUB_SESSION_ID);
}

/* The physician takes the call; the kiosk offers (no answer comes: the call stays unconnected,
 * which changes nothing to its signalling). */
static void
start_call (Fixture *f)
{
  g_autoptr(JsonObject) offer = NULL;

  hub_send (f, "{\"type\":\"session-started\",\"sessionId\":\"" HUB_SESSION_ID "\","
               "\"physician\":\"Dr Test\",\"iceServers\":[]}");
  offer = hub_expect (f, "offer");
  g_assert_cmpstr (json_object_get_string_member (offer, "sessionId"), ==, HUB_SESSION_ID);
  g_assert_cmpint (cabine_session_get_state (f->session), ==, CABINE_SESSION_STATE_CALL);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *text = NULL;

  g_queue_init (&f->messages);
  hub_listen (f);
  text = session_test_hub_config (KIOSK_TOKEN, f->port);
  f->session = session_test_new_session ("cabine-session-resume-XXXXXX", text, &f->dir, &f->store);
  /* No answer comes in these tests: the setup limit must not end the call meanwhile. */
  f->session->call_setup_s = 0;
  connect_and_queue (f);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->session);
  g_clear_object (&f->store);
  drop_kiosk_socket (f);
  if (f->server != NULL)
    soup_server_disconnect (f->server);
  g_clear_object (&f->server);
  g_queue_clear_full (&f->messages, (GDestroyNotify) json_object_unref);
  session_test_remove_dir (f->dir);
  g_free (f->dir);
}

/* ---- tests ------------------------------------------------------------------------------- */

/* The hub restarts mid-call: the call goes on; on the new connection the kiosk resumes it, and
 * keeps the interruption and its length in the record; the call's messages flow again. */
static void
test_resumed (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(JsonObject) resume = NULL;
  g_autoptr(JsonObject) refused = NULL;
  g_autoptr(JsonObject) record = NULL;
  guint hellos;

  start_call (f);
  hellos = f->hellos;
  hub_stop (f);
  session_test_spin (300);
  g_assert_cmpint (cabine_session_get_state (f->session), ==, CABINE_SESSION_STATE_CALL);
  g_assert_nonnull (f->session->call);
  g_assert_null (cabine_session_get_call_notice (f->session));

  hub_listen (f);
  resume = hub_expect (f, "resume");
  g_assert_cmpuint (f->hellos, ==, hellos + 1);
  g_assert_cmpstr (json_object_get_string_member (resume, "sessionId"), ==, HUB_SESSION_ID);
  g_assert_cmpint (cabine_session_get_state (f->session), ==, CABINE_SESSION_STATE_CALL);
  hub_send (f, "{\"type\":\"resumed\",\"sessionId\":\"" HUB_SESSION_ID "\",\"peerPresent\":true}");

  /* The physician's messages are used again: a bad answer is refused to them as before. */
  hub_send (f, "{\"type\":\"answer\",\"sessionId\":\"" HUB_SESSION_ID "\","
               "\"sdp\":\"v=0\\r\\nthis is no session description\\r\\n\"}");
  refused = hub_expect (f, "signal-refused");
  g_assert_cmpstr (json_object_get_string_member (refused, "inReplyTo"), ==, "answer");
  g_assert_cmpint (cabine_session_get_state (f->session), ==, CABINE_SESSION_STATE_CALL);

  record = session_test_build_record (f->store, f->session->session_id);
  /* Stopped for 300 ms at least, and at most the test's time. */
  g_assert_cmpint (session_test_assert_signalling_resumed (record, 300), <, 30000);
  g_assert_cmpuint (session_test_count_events (record, "peer-away"), ==, 0);
  g_assert_true (json_node_is_null (json_object_get_member (record, "endedAt")));

  /* The patient ends the call: the hub is told as usual. */
  cabine_session_hang_up (f->session);
  {
    g_autoptr(JsonObject) hangup = hub_expect (f, "hangup");
    g_assert_cmpstr (json_object_get_string_member (hangup, "reason"), ==, "patient-ended");
  }
}

/* The hub answers the resume with an error (the call ended meanwhile: no-such-session; a hub older
 * than resume: unknown-type): the consultation ends as peer-disconnected. */
static void
test_resume_refused (Fixture       *f,
                     gconstpointer  data)
{
  const char *code = data;
  g_autoptr(JsonObject) resume = NULL;
  g_autoptr(JsonObject) record = NULL;
  g_autofree char *session_id = NULL;
  gint64 until;

  start_call (f);
  session_id = g_strdup (f->session->session_id);
  hub_stop (f);
  hub_listen (f);
  resume = hub_expect (f, "resume");
  hub_send (f, "{\"type\":\"error\",\"code\":\"%s\",\"message\":\"refused by the test\","
               "\"inReplyTo\":\"resume\"}", code);
  until = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (cabine_session_get_state (f->session) == CABINE_SESSION_STATE_CALL &&
         g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (cabine_session_get_state (f->session), ==, CABINE_SESSION_STATE_ENDED);
  g_assert_cmpstr (cabine_session_get_end_reason (f->session), ==, "peer-disconnected");
  g_assert_null (f->session->call);
  /* The hub ended the call: the kiosk does not hang up. */
  g_assert_false (hub_gets_within (f, "hangup", 300));

  record = session_test_build_record (f->store, session_id);
  g_assert_cmpstr (json_object_get_string_member (record, "endReason"), ==, "peer-disconnected");
  session_test_only_event (record, "signalling-lost");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (session_test_only_event (record, "resume-refused")),
                                                  "code"), ==, code);
  g_assert_cmpuint (session_test_count_events (record, "signalling-resumed"), ==, 0);
}

/* The physician's connection drops and comes back: both kept; no recovery offer meanwhile (the
 * hub would drop it), a new one as soon as they are back. */
static void
test_peer_away_and_back (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(JsonObject) record = NULL;
  g_autoptr(JsonObject) offer = NULL;

  start_call (f);
  hub_send (f, "{\"type\":\"peer-away\",\"sessionId\":\"" HUB_SESSION_ID "\",\"resumeSeconds\":60}");
  /* Another session's is not ours. */
  hub_send (f, "{\"type\":\"peer-back\",\"sessionId\":\"not-this-one\"}");
  session_test_spin (200);
  g_assert_true (f->session->peer_away);
  g_assert_cmpint (cabine_session_get_state (f->session), ==, CABINE_SESSION_STATE_CALL);

  /* The media stalls meanwhile: the recovery waits for the physician. */
  g_assert_true (cabine_session_recovery_begin (f->session, "media-stalled"));
  g_assert_false (hub_gets_within (f, "offer", 500));
  g_assert_cmpuint (f->session->call_attempt, ==, 0);

  hub_send (f, "{\"type\":\"peer-back\",\"sessionId\":\"" HUB_SESSION_ID "\"}");
  offer = hub_expect (f, "offer");
  g_assert_true (json_object_get_boolean_member (offer, "restart"));
  g_assert_cmpint (json_object_get_int_member (offer, "attempt"), ==, 1);
  g_assert_false (f->session->peer_away);

  record = session_test_build_record (f->store, f->session->session_id);
  session_test_assert_peer_away_and_back (record, 60, 500);
  session_test_only_event (record, "recovery-attempt");
}

/* The hub restarted while the physician was away too: `resumed` says so (peerPresent false). */
static void
test_resumed_peer_absent (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(JsonObject) resume = NULL;
  g_autoptr(JsonObject) record = NULL;

  start_call (f);
  hub_stop (f);
  hub_listen (f);
  resume = hub_expect (f, "resume");
  hub_send (f, "{\"type\":\"resumed\",\"sessionId\":\"" HUB_SESSION_ID "\",\"peerPresent\":false}");
  session_test_spin (200);
  g_assert_true (f->session->peer_away);
  hub_send (f, "{\"type\":\"peer-back\",\"sessionId\":\"" HUB_SESSION_ID "\"}");
  session_test_spin (200);
  g_assert_false (f->session->peer_away);
  record = session_test_build_record (f->store, f->session->session_id);
  session_test_only_event (record, "signalling-resumed");
  g_assert_true (json_node_is_null (session_test_only_event (record, "peer-away")));
  session_test_only_event (record, "peer-back");
}

/* The patient ends the call while the hub is away: it ends at once on the kiosk, is queued for
 * upload, and the hub is told (resume, then hangup) when it is back. */
static void
test_end_while_away (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) resume = NULL;
  g_autoptr(JsonObject) hangup = NULL;
  g_autoptr(JsonObject) record = NULL;
  g_autofree char *session_id = NULL;

  start_call (f);
  session_id = g_strdup (f->session->session_id);
  hub_stop (f);
  cabine_session_hang_up (f->session);
  g_assert_cmpint (cabine_session_get_state (f->session), ==, CABINE_SESSION_STATE_ENDED);
  g_assert_cmpstr (cabine_session_get_end_reason (f->session), ==, "patient-ended");
  record = session_test_build_record (f->store, session_id);
  g_assert_cmpstr (json_object_get_string_member (record, "endReason"), ==, "patient-ended");
  g_assert_cmpint (cabine_store_count_pending_uploads (f->store, &error), ==, 1);
  g_assert_no_error (error);

  /* The next patient's journey may begin meanwhile: the old call is still told to the hub. */
  cabine_session_reset (f->session);
  hub_listen (f);
  resume = hub_expect (f, "resume");
  g_assert_cmpstr (json_object_get_string_member (resume, "sessionId"), ==, HUB_SESSION_ID);
  hangup = hub_expect (f, "hangup");
  g_assert_cmpstr (json_object_get_string_member (hangup, "sessionId"), ==, HUB_SESSION_ID);
  g_assert_cmpstr (json_object_get_string_member (hangup, "reason"), ==, "patient-ended");
  /* The hub had ended it already: said in the log, nothing else happens. */
  hub_send (f, "{\"type\":\"error\",\"code\":\"no-such-session\",\"message\":\"gone\","
               "\"inReplyTo\":\"resume\"}");
  session_test_spin (200);
  g_assert_cmpint (cabine_session_get_state (f->session), ==, CABINE_SESSION_STATE_WELCOME);
}

/* Runs the main context until the session shows queue position @position; fails after 10 s. */
static void
wait_queue_position (Fixture *f,
                     guint    position)
{
  gint64 until = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (cabine_session_get_queue_position (f->session) != position &&
         g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (cabine_session_get_queue_position (f->session), ==, position);
}

/* A hub restart while the patient waits: the kiosk joins the queue again, with its reason and the
 * hub's session id (data/protocol.md, "Queue (kiosk side)"); the hub keeping it, the kiosk keeps
 * it and shows the position; a hub that could not gives a new id, which the kiosk adopts and
 * claims on the next join. */
static void
test_waiting_rejoins (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(JsonObject) join = NULL;
  g_autoptr(JsonObject) join_again = NULL;

  hub_stop (f);
  g_assert_cmpint (cabine_session_get_state (f->session), ==, CABINE_SESSION_STATE_WAITING);
  hub_listen (f);
  join = hub_expect (f, "join-queue");
  g_assert_cmpstr (json_object_get_string_member (join, "reason"), ==, "Fièvre");
  g_assert_cmpstr (json_object_get_string_member_with_default (join, "sessionId", NULL), ==, HUB_SESSION_ID);
  g_assert_false (hub_gets_within (f, "resume", 200));
  g_assert_cmpint (cabine_session_get_state (f->session), ==, CABINE_SESSION_STATE_WAITING);
  hub_send (f, "{\"type\":\"queued\",\"sessionId\":\"" HUB_SESSION_ID "\",\"position\":2,"
               "\"queueLength\":3}");
  wait_queue_position (f, 2);
  g_assert_cmpstr (cabine_session_get_hub_session_id (f->session), ==, HUB_SESSION_ID);

  hub_stop (f);
  hub_listen (f);
  g_clear_pointer (&join, json_object_unref);
  join = hub_expect (f, "join-queue");
  g_assert_cmpstr (json_object_get_string_member_with_default (join, "sessionId", NULL), ==, HUB_SESSION_ID);
  hub_send (f, "{\"type\":\"queued\",\"sessionId\":\"" OTHER_HUB_SESSION_ID "\",\"position\":4,"
               "\"queueLength\":4}");
  wait_queue_position (f, 4);
  g_assert_cmpstr (cabine_session_get_hub_session_id (f->session), ==, OTHER_HUB_SESSION_ID);
  hub_stop (f);
  hub_listen (f);
  join_again = hub_expect (f, "join-queue");
  g_assert_cmpstr (json_object_get_string_member_with_default (join_again, "sessionId", NULL), ==, OTHER_HUB_SESSION_ID);
}

int
main (int argc, char *argv[])
{
  session_test_init (&argc, &argv, on_session_log);
  /* The test owns the main context between its iterations, as GApplication does for the kiosk. */
  session_test_own_main_context ();

  g_test_add ("/session-resume/resumed", Fixture, NULL,
              fixture_set_up, test_resumed, fixture_tear_down);
  g_test_add ("/session-resume/no-such-session", Fixture, "no-such-session",
              fixture_set_up, test_resume_refused, fixture_tear_down);
  g_test_add ("/session-resume/older-hub", Fixture, "unknown-type",
              fixture_set_up, test_resume_refused, fixture_tear_down);
  g_test_add ("/session-resume/peer-away-and-back", Fixture, NULL,
              fixture_set_up, test_peer_away_and_back, fixture_tear_down);
  g_test_add ("/session-resume/resumed-peer-absent", Fixture, NULL,
              fixture_set_up, test_resumed_peer_absent, fixture_tear_down);
  g_test_add ("/session-resume/end-while-away", Fixture, NULL,
              fixture_set_up, test_end_while_away, fixture_tear_down);
  g_test_add ("/session-resume/waiting-rejoins", Fixture, NULL,
              fixture_set_up, test_waiting_rejoins, fixture_tear_down);
  return g_test_run ();
}
