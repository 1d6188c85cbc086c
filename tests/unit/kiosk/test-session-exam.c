/* test-session-exam.c: the session's side of the remote examination, on a real call with test
 * patterns and no peer: the source and stethoscope a recovered call re-applies and reports, the
 * statistics of every call leg in the record, and the exam camera's snapshot button
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The session is driven through its private API (cabine-session-private.h): no hub, no physician.
 * The remote control's messages are caught by a fake data channel (cabine_remote_attach()).
 */
#define G_LOG_DOMAIN "test-session-exam"

#include <string.h>

#include <glib/gstdio.h>
#include <gst/gst.h>

#include "cabine-call-audio.h"
#include "session-test-util.h"

typedef struct {
  char          *dir;
  CabineStore   *store;
  CabineSession *session;
  GPtrArray     *sent;   /* JsonObject: what the kiosk sent the physician */
} Fixture;

static gboolean
fake_send (const char  *text,
           gpointer     data,
           GError     **error)
{
  Fixture *f = data;
  g_autoptr(GError) parse_error = NULL;
  JsonObject *msg = cabine_protocol_parse (text, strlen (text), NULL, &parse_error);

  g_assert_no_error (parse_error);
  g_ptr_array_add (f->sent, msg);
  return TRUE;
}

/* Set by the test of a call that never connects, whose warning it expects. */
static gboolean expect_setup_timeout;
/* The next fixture's call setup limit, in seconds (0: the session's default). */
static guint next_call_setup_s;

/* Without a hub the call's offer cannot be sent: that warning of the session is expected, any
 * other of its warnings fails the test. */
static void
on_session_log (const char     *domain,
                GLogLevelFlags  level,
                const char     *message,
                gpointer        data)
{
  if ((level & (G_LOG_LEVEL_WARNING | G_LOG_LEVEL_CRITICAL)) == 0)
    g_log_default_handler (domain, level, message, data);
  else if (expect_setup_timeout && strstr (message, "did not connect within") != NULL)
    g_log_default_handler (domain, G_LOG_LEVEL_MESSAGE, message, data);
  else if (strstr (message, "to the hub") == NULL)
    g_test_fail_printf ("unexpected warning: %s", message);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  const char *media = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = g_strdup_printf ("[kiosk]\nid=cabin-01\ntoken=t\n\n"
                                           "[media]\nvideo-source=test\naudio-source=test\n"
                                           "audio-sink=fake\n%s\n"
                                           "[devices]\nenabled=false\n\n"
                                           "[maintenance]\ncleaning-interval-hours=0\n", media);
  g_autoptr(JsonObject) started = json_object_new ();

  f->session = session_test_new_session ("cabine-session-XXXXXX", text, &f->dir, &f->store);
  f->sent = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);

  /* A patient's consultation that the hub has queued; then the physician takes it. */
  g_assert_true (cabine_session_begin (f->session, "fr", &error));
  g_assert_no_error (error);
  f->session->hub_session_id = g_strdup ("hub-session-1");
  json_object_set_string_member (started, "type", "session-started");
  json_object_set_string_member (started, "sessionId", "hub-session-1");
  json_object_set_string_member (started, "physician", "Dr Test");
  if (next_call_setup_s > 0)
    f->session->call_setup_s = next_call_setup_s;
  cabine_session_start_call (f->session, started);
  g_assert_cmpint (cabine_session_get_state (f->session), ==, CABINE_SESSION_STATE_CALL);
  g_assert_nonnull (f->session->call);
  cabine_remote_attach (f->session->remote, fake_send, f);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->session);
  g_clear_object (&f->store);
  g_ptr_array_unref (f->sent);
  session_test_remove_dir (f->dir);
  g_free (f->dir);
}

/* Spins until the current call has sent a video frame (at most 20 s: a loaded machine under
 * ASan can take seconds to start an encoder), then @ms more. */
static void
spin_until_sending (Fixture *f,
                    guint    ms)
{
  gint64 until = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  CabineCallStats stats = { 0 };

  do
    {
      session_test_spin (20);
      cabine_call_get_stats (f->session->call, &stats);
    }
  while (stats.video_frames_sent == 0 && g_get_monotonic_time () < until);
  g_assert_cmpuint (stats.video_frames_sent, >, 0);
  session_test_spin (ms);
}

/* The physician's request @type (with one member @name), as received on the data channel. */
static void
physician_asks (Fixture    *f,
                const char *type,
                const char *id,
                const char *name,
                JsonNode   *value)
{
  g_autoptr(JsonObject) msg = json_object_new ();

  json_object_set_string_member (msg, "type", type);
  json_object_set_string_member (msg, "id", id);
  if (name != NULL)
    json_object_set_member (msg, name, value);
  g_assert_true (cabine_remote_handle_message (f->session->remote, type, msg));
}

/* The last message of @type the kiosk sent, or NULL. */
static JsonObject *
last_sent (Fixture    *f,
           const char *type)
{
  for (guint i = f->sent->len; i > 0; i--)
    {
      JsonObject *msg = g_ptr_array_index (f->sent, i - 1);

      if (g_strcmp0 (json_object_get_string_member_with_default (msg, "type", ""), type) == 0)
        return msg;
    }
  return NULL;
}

static guint
count_sent (Fixture    *f,
            const char *type)
{
  guint n = 0;

  for (guint i = 0; i < f->sent->len; i++)
    n += g_strcmp0 (json_object_get_string_member_with_default (g_ptr_array_index (f->sent, i),
                                                                "type", ""), type) == 0;
  return n;
}

/* The call events @event of @record, in order. */
static GPtrArray *
call_events (JsonObject *record,
             const char *event)
{
  JsonArray *events = json_object_get_array_member (record, "callEvents");
  GPtrArray *found = g_ptr_array_new ();

  for (guint i = 0; i < json_array_get_length (events); i++)
    {
      JsonObject *e = json_array_get_object_element (events, i);

      if (g_strcmp0 (json_object_get_string_member (e, "event"), event) == 0)
        g_ptr_array_add (found, e);
    }
  return found;
}

/* A recovery's new call, as cabine-session-recovery.c makes it (its timers aside). */
static void
recover (Fixture *f)
{
  f->session->recovery_started_us = g_get_monotonic_time ();
  f->session->call_attempt++;
  f->session->attempt_started_us = g_get_monotonic_time ();
  g_assert_true (cabine_session_open_call (f->session));
  cabine_remote_attach (f->session->remote, fake_send, f);
}

static void
test_recovery_reapplies (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(JsonObject) record = NULL;
  g_autoptr(GPtrArray) legs = NULL;
  g_autoptr(GPtrArray) restored = NULL;
  JsonObject *stats;
  JsonObject *msg;
  gint64 sent_sum = 0;

  session_test_spin (500);
  physician_asks (f, "source-switch", "req-1", "source", json_node_init_string (json_node_alloc (), "otoscope"));
  physician_asks (f, "stethoscope", "req-2", "enabled", json_node_init_boolean (json_node_alloc (), TRUE));
  msg = last_sent (f, "source-switched");
  g_assert_nonnull (msg);
  g_assert_cmpstr (json_object_get_string_member (msg, "requestId"), ==, "req-1");
  msg = last_sent (f, "stethoscope-switched");
  g_assert_nonnull (msg);
  g_assert_cmpstr (json_object_get_string_member (msg, "requestId"), ==, "req-2");
  session_test_spin (500);

  /* The media stopped; the recovery's new call starts on the room camera, stethoscope off, and
   * is switched at once to what the physician had chosen. */
  recover (f);
  g_assert_cmpstr (cabine_call_get_source (f->session->call), ==, "otoscope");
  g_assert_true (cabine_call_get_stethoscope_enabled (f->session->call));
  g_ptr_array_set_size (f->sent, 0);
  spin_until_sending (f, 100);

  /* Media again: the physician is told, unsolicited. */
  cabine_session_recovery_succeeded (f->session);
  g_assert_false (cabine_session_recovering (f->session));
  msg = last_sent (f, "source-switched");
  g_assert_nonnull (msg);
  g_assert_true (json_object_get_null_member (msg, "requestId"));
  g_assert_cmpstr (json_object_get_string_member (msg, "source"), ==, "otoscope");
  msg = last_sent (f, "stethoscope-switched");
  g_assert_nonnull (msg);
  g_assert_true (json_object_get_null_member (msg, "requestId"));
  g_assert_true (json_object_get_boolean_member (msg, "enabled"));

  /* Back to the room camera and the stethoscope off: a second recovery keeps that, and says so
   * (the console shows what it chose before). */
  physician_asks (f, "source-switch", "req-3", "source", json_node_init_string (json_node_alloc (), "room"));
  physician_asks (f, "stethoscope", "req-4", "enabled", json_node_init_boolean (json_node_alloc (), FALSE));
  recover (f);
  g_assert_cmpstr (cabine_call_get_source (f->session->call), ==, "room");
  g_assert_false (cabine_call_get_stethoscope_enabled (f->session->call));
  g_ptr_array_set_size (f->sent, 0);
  cabine_session_recovery_succeeded (f->session);
  g_assert_cmpuint (count_sent (f, "source-switched"), ==, 0);
  g_assert_cmpuint (count_sent (f, "stethoscope-switched"), ==, 0);
  spin_until_sending (f, 100);

  /* The record: three legs, summed; each leg's own figures as a call event. */
  cabine_session_hang_up (f->session);
  g_assert_cmpint (cabine_session_get_state (f->session), ==, CABINE_SESSION_STATE_ENDED);
  record = session_test_build_record (f->store, f->session->session_id);
  stats = json_object_get_object_member (record, "callStats");
  g_assert_nonnull (stats);
  g_assert_cmpint (json_object_get_int_member (stats, "legs"), ==, 3);
  legs = call_events (record, "call-leg");
  g_assert_cmpuint (legs->len, ==, 3);
  for (guint i = 0; i < legs->len; i++)
    {
      JsonObject *detail = json_object_get_object_member (g_ptr_array_index (legs, i), "detail");

      g_assert_cmpint (json_object_get_int_member (detail, "leg"), ==, i + 1);
      g_assert_cmpint (json_object_get_int_member (detail, "attempt"), ==, i);
      sent_sum += json_object_get_int_member (detail, "videoFramesSent");
    }
  /* The test pattern is encoded and sent on every leg (about 30 frames/s): more than one leg's. */
  g_assert_cmpint (json_object_get_int_member (stats, "videoFramesSent"), ==, sent_sum);
  g_assert_cmpint (sent_sum, >, json_object_get_int_member (
                     json_object_get_object_member (g_ptr_array_index (legs, 0), "detail"), "videoFramesSent"));
  restored = call_events (record, "source-restored");
  g_assert_cmpuint (restored->len, ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (
                     g_ptr_array_index (restored, 0), "detail"), "source"), ==, "otoscope");
}

/* A call without a stethoscope: nothing to re-apply or report for it; the source still is. */
static void
test_recovery_without_stethoscope (Fixture       *f,
                                   gconstpointer  data)
{
  JsonObject *msg;

  physician_asks (f, "stethoscope", "req-1", "enabled", json_node_init_boolean (json_node_alloc (), TRUE));
  msg = last_sent (f, "request-failed");
  g_assert_nonnull (msg);
  physician_asks (f, "source-switch", "req-2", "source", json_node_init_string (json_node_alloc (), "dermatoscope"));
  recover (f);
  g_assert_cmpstr (cabine_call_get_source (f->session->call), ==, "dermatoscope");
  g_ptr_array_set_size (f->sent, 0);
  cabine_session_recovery_succeeded (f->session);
  msg = last_sent (f, "source-switched");
  g_assert_nonnull (msg);
  g_assert_true (json_object_get_null_member (msg, "requestId"));
  g_assert_cmpstr (json_object_get_string_member (msg, "source"), ==, "dermatoscope");
  g_assert_cmpuint (count_sent (f, "stethoscope-switched"), ==, 0);
}

static void
test_camera_button (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(JsonObject) record = NULL;
  JsonArray *snapshots;
  JsonObject *msg = NULL;
  gint64 until;

  session_test_spin (500);
  /* The room camera is sent: the otoscope's button does nothing; nor does the room's. */
  cabine_session_on_camera_button (f->session, CABINE_CAMERA_ROLE_OTOSCOPE);
  cabine_session_on_camera_button (f->session, CABINE_CAMERA_ROLE_ROOM);
  cabine_session_on_camera_button (f->session, CABINE_CAMERA_N_ROLES);
  session_test_spin (1000);
  g_assert_cmpuint (count_sent (f, "snapshot"), ==, 0);

  physician_asks (f, "source-switch", "req-1", "source", json_node_init_string (json_node_alloc (), "otoscope"));
  session_test_spin (300);
  /* Not the camera sent: nothing. */
  cabine_session_on_camera_button (f->session, CABINE_CAMERA_ROLE_DERMATOSCOPE);
  cabine_session_on_camera_button (f->session, CABINE_CAMERA_ROLE_OTOSCOPE);
  until = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while ((msg = last_sent (f, "snapshot")) == NULL && g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, TRUE);
  session_test_spin (1000);
  g_assert_nonnull (msg);
  g_assert_cmpuint (count_sent (f, "snapshot"), ==, 1);
  g_assert_true (json_object_get_null_member (msg, "requestId"));
  g_assert_cmpstr (json_object_get_string_member (msg, "source"), ==, "otoscope");
  g_assert_cmpstr (json_object_get_string_member (msg, "contentType"), ==, "image/jpeg");
  g_assert_cmpint (json_object_get_int_member (msg, "size"), >, 1000);
  /* The patient is told a picture was kept (the consent text says pictures are kept). */
  g_assert_nonnull (cabine_session_get_call_notice (f->session));
  g_assert_nonnull (strstr (cabine_session_get_call_notice (f->session), "picture"));

  /* Stored with the session, under the id the physician was sent. */
  record = session_test_build_record (f->store, f->session->session_id);
  snapshots = json_object_get_array_member (record, "snapshots");
  g_assert_cmpuint (json_array_get_length (snapshots), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (snapshots, 0), "id"), ==,
                   json_object_get_string_member (msg, "snapshotId"));
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (snapshots, 0), "source"),
                   ==, "otoscope");

  /* After the call: nothing. */
  cabine_session_hang_up (f->session);
  cabine_session_on_camera_button (f->session, CABINE_CAMERA_ROLE_OTOSCOPE);
  g_assert_cmpuint (count_sent (f, "snapshot"), ==, 1);
}

static void
fixture_set_up_short_setup (Fixture       *f,
                            gconstpointer  data)
{
  next_call_setup_s = 1;
  fixture_set_up (f, data);
  next_call_setup_s = 0;
}

/* No physician ever answers (there is no peer): once the setup limit has passed, the consultation
 * ends as call-failed, with the timeout among its call events, instead of leaving the patient on
 * "Connecting to the doctor…". */
static void
test_call_setup_timeout (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(JsonObject) record = NULL;
  g_autoptr(GPtrArray) timeouts = NULL;
  gint64 until = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  expect_setup_timeout = TRUE;
  g_assert_cmpint (cabine_session_get_state (f->session), ==, CABINE_SESSION_STATE_CALL);
  while (cabine_session_get_state (f->session) == CABINE_SESSION_STATE_CALL &&
         g_get_monotonic_time () < until)
    session_test_spin (50);
  expect_setup_timeout = FALSE;
  g_assert_cmpint (cabine_session_get_state (f->session), ==, CABINE_SESSION_STATE_ENDED);
  g_assert_null (f->session->call);
  record = session_test_build_record (f->store, f->session->session_id);
  g_assert_cmpstr (json_object_get_string_member (record, "endReason"), ==, "call-failed");
  timeouts = call_events (record, "setup-timeout");
  g_assert_cmpuint (timeouts->len, ==, 1);
}

/* Connected (the call says so) and no video from the physician: after the session's wait the
 * patient is told the doctor's camera is off, the consultation goes on; the first frame would
 * take the notice away. */
static void
test_no_physician_video (Fixture       *f,
                         gconstpointer  data)
{
  f->session->no_video_s = 1;
  g_assert_null (cabine_session_get_call_notice (f->session));
  g_signal_emit_by_name (f->session->call, "state-changed", CABINE_CALL_STATE_CONNECTED);
  session_test_spin (300);
  g_assert_null (cabine_session_get_call_notice (f->session));
  session_test_spin (1500);
  g_assert_cmpstr (cabine_session_get_call_notice (f->session), ==, "The doctor's camera is off.");
  g_assert_cmpint (cabine_session_get_state (f->session), ==, CABINE_SESSION_STATE_CALL);
  g_signal_emit_by_name (f->session->call, "first-remote-frame");
  g_assert_null (cabine_session_get_call_notice (f->session));
}

int
main (int argc, char *argv[])
{
  session_test_init (&argc, &argv, on_session_log);

  g_test_add ("/session-exam/recovery-reapplies", Fixture, "stethoscope-source=test\n",
              fixture_set_up, test_recovery_reapplies, fixture_tear_down);
  g_test_add ("/session-exam/recovery-without-stethoscope", Fixture, "stethoscope-source=none\n",
              fixture_set_up, test_recovery_without_stethoscope, fixture_tear_down);
  g_test_add ("/session-exam/camera-button", Fixture, "",
              fixture_set_up, test_camera_button, fixture_tear_down);
  g_test_add ("/session-exam/no-physician-video", Fixture, "",
              fixture_set_up, test_no_physician_video, fixture_tear_down);
  g_test_add ("/session-exam/call-setup-timeout", Fixture, "",
              fixture_set_up_short_setup, test_call_setup_timeout, fixture_tear_down);
  return g_test_run ();
}
