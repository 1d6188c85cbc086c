/* test-remote.c: the data-channel remote control (app/kiosk/cabine-remote.c)
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-remote"

#include <string.h>

#include "cabine-protocol.h"
#include "cabine-remote.h"

typedef struct {
  GPtrArray *sent;        /* JsonObject */
  gboolean   fail;
  guint      guide_changes;
  guint      switches;
  guint      snapshots;
  guint      call_ends;
  char      *last_source;
} Fixture;

static gboolean
fake_send (const char  *text,
           gpointer     data,
           GError     **error)
{
  Fixture *f = data;
  g_autoptr(GError) parse_error = NULL;
  JsonObject *msg;

  if (f->fail)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED, "down");
      return FALSE;
    }
  msg = cabine_protocol_parse (text, strlen (text), NULL, &parse_error);
  g_assert_no_error (parse_error);
  g_ptr_array_add (f->sent, msg);
  return TRUE;
}

static void
on_guide (CabineRemote *remote, Fixture *f)
{
  f->guide_changes++;
}

static void
on_switch (CabineRemote *remote, const char *id, const char *source, Fixture *f)
{
  f->switches++;
  g_free (f->last_source);
  f->last_source = g_strdup (source);
}

static void
on_snapshot (CabineRemote *remote, const char *id, Fixture *f)
{
  f->snapshots++;
}

static void
on_call_end (CabineRemote *remote, const char *id, Fixture *f)
{
  f->call_ends++;
}

static CabineRemote *
setup (Fixture *f)
{
  CabineRemote *remote = cabine_remote_new ();

  memset (f, 0, sizeof *f);
  f->sent = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_signal_connect (remote, "guide-changed", G_CALLBACK (on_guide), f);
  g_signal_connect (remote, "source-switch-requested", G_CALLBACK (on_switch), f);
  g_signal_connect (remote, "snapshot-requested", G_CALLBACK (on_snapshot), f);
  g_signal_connect (remote, "call-end-requested", G_CALLBACK (on_call_end), f);
  cabine_remote_attach (remote, fake_send, f);
  return remote;
}

static void
teardown (Fixture *f)
{
  g_ptr_array_unref (f->sent);
  g_free (f->last_source);
}

static gboolean
deliver (CabineRemote *remote,
         const char   *text)
{
  g_autoptr(GError) error = NULL;
  const char *type = NULL;
  g_autoptr(JsonObject) msg = cabine_protocol_parse (text, strlen (text), &type, &error);

  g_assert_no_error (error);
  return cabine_remote_handle_message (remote, type, msg);
}

static JsonObject *
sent_of_type (Fixture *f, const char *type, guint nth)
{
  for (guint i = 0; i < f->sent->len; i++)
    {
      JsonObject *msg = g_ptr_array_index (f->sent, i);
      if (g_str_equal (json_object_get_string_member (msg, "type"), type) && nth-- == 0)
        return msg;
    }
  return NULL;
}

static guint
count_of_type (Fixture *f, const char *type)
{
  guint n = 0;
  while (sent_of_type (f, type, n) != NULL)
    n++;
  return n;
}

static void
test_measurement (void)
{
  Fixture f;
  g_autoptr(CabineRemote) remote = setup (&f);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(CabineReading) temperature = cabine_reading_new ("obs-1", "8310-5", 37.2, 1, "Cel", "°C", now);
  g_autoptr(CabineReading) weight = cabine_reading_new ("obs-0", "29463-7", 70.0, 1, "kg", "kg", now);
  const char *request = "{\"type\":\"measurement-request\",\"id\":\"r1\",\"instrument\":\"thermometer\"}";
  JsonObject *result;
  char ack[128];

  g_assert_true (deliver (remote, request));
  /* A copy of the same request (the console resent it): acknowledged again, applied once. */
  g_assert_true (deliver (remote, request));
  g_assert_cmpuint (count_of_type (&f, "ack"), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (sent_of_type (&f, "ack", 1), "id"), ==, "r1");
  g_assert_cmpuint (count_of_type (&f, "measurement-progress"), ==, 1);
  g_assert_cmpuint (f.guide_changes, ==, 1);
  g_assert_cmpstr (cabine_remote_get_guide_instrument (remote), ==, "thermometer");
  g_assert_cmpint (cabine_remote_get_guide_step (remote), ==, CABINE_REMOTE_GUIDE_INSTRUCT);

  /* Another instrument's reading does not answer it. */
  cabine_remote_reading_arrived (remote, weight);
  g_assert_cmpuint (count_of_type (&f, "measurement-result"), ==, 0);
  cabine_remote_reading_arrived (remote, temperature);
  result = sent_of_type (&f, "measurement-result", 0);
  g_assert_nonnull (result);
  g_assert_cmpstr (json_object_get_string_member (result, "requestId"), ==, "r1");
  g_assert_cmpstr (json_object_get_string_member (result, "observationId"), ==, "obs-1");
  g_assert_cmpint (cabine_remote_get_guide_step (remote), ==, CABINE_REMOTE_GUIDE_RESULT);
  g_assert_true (cabine_remote_get_guide_result (remote) == temperature);
  /* A later reading of the same kind is no longer an answer. */
  cabine_remote_reading_arrived (remote, temperature);
  g_assert_cmpuint (count_of_type (&f, "measurement-result"), ==, 1);

  /* progress and result wait for their acknowledgements; an unknown ack is not ours. */
  g_assert_cmpuint (cabine_remote_get_n_unacked (remote), ==, 2);
  g_assert_false (deliver (remote, "{\"type\":\"ack\",\"id\":\"obs-1\"}"));
  g_snprintf (ack, sizeof ack, "{\"type\":\"ack\",\"id\":\"%s\"}", json_object_get_string_member (result, "id"));
  g_assert_true (deliver (remote, ack));
  g_assert_true (deliver (remote, ack));   /* repeated: still ours (/remote/repeated-ack) */
  g_assert_cmpuint (cabine_remote_get_n_unacked (remote), ==, 1);
  teardown (&f);
}

/* A request for an instrument that is not connected fails at once; the patient is told, and
 * the guide comes back when the instrument is plugged in. */
static void
test_instrument_absent (void)
{
  Fixture f;
  g_autoptr(CabineRemote) remote = setup (&f);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(CabineReading) temperature = cabine_reading_new ("obs-1", "8310-5", 37.2, 1, "Cel", "°C", now);
  JsonObject *failed;

  cabine_remote_track_instruments (remote);
  cabine_remote_instrument_added (remote, "usb-001-003", "blood-pressure");
  g_assert_true (deliver (remote, "{\"type\":\"measurement-request\",\"id\":\"r1\","
                                  "\"instrument\":\"thermometer\"}"));
  failed = sent_of_type (&f, "request-failed", 0);
  g_assert_nonnull (failed);
  g_assert_cmpstr (json_object_get_string_member (failed, "requestId"), ==, "r1");
  g_assert_cmpstr (json_object_get_string_member (failed, "reason"), ==,
                   "the thermometer is not connected");
  g_assert_cmpuint (count_of_type (&f, "measurement-progress"), ==, 0);
  g_assert_cmpstr (cabine_remote_get_guide_instrument (remote), ==, "thermometer");
  g_assert_cmpint (cabine_remote_get_guide_step (remote), ==, CABINE_REMOTE_GUIDE_DISCONNECTED);

  /* another kind coming and going changes nothing */
  cabine_remote_instrument_added (remote, "usb-001-004", "oximeter");
  cabine_remote_instrument_removed (remote, "usb-001-004");
  cabine_remote_instrument_removed (remote, "usb-001-099");   /* unknown: ignored */
  g_assert_cmpint (cabine_remote_get_guide_step (remote), ==, CABINE_REMOTE_GUIDE_DISCONNECTED);

  /* plugged in: the patient may take it again; the reading then shows, with no second answer */
  cabine_remote_instrument_added (remote, "usb-001-002", "thermometer");
  g_assert_cmpint (cabine_remote_get_guide_step (remote), ==, CABINE_REMOTE_GUIDE_INSTRUCT);
  cabine_remote_reading_arrived (remote, temperature);
  g_assert_cmpint (cabine_remote_get_guide_step (remote), ==, CABINE_REMOTE_GUIDE_RESULT);
  g_assert_cmpuint (count_of_type (&f, "measurement-result"), ==, 0);
  g_assert_cmpuint (count_of_type (&f, "request-failed"), ==, 1);

  /* connected: a request is open as usual */
  g_assert_true (deliver (remote, "{\"type\":\"measurement-request\",\"id\":\"r2\","
                                  "\"instrument\":\"blood-pressure\"}"));
  g_assert_cmpuint (count_of_type (&f, "request-failed"), ==, 1);
  g_assert_cmpint (cabine_remote_get_guide_step (remote), ==, CABINE_REMOTE_GUIDE_INSTRUCT);
  teardown (&f);
}

/* Unplugged while the patient is guided: the request fails then, not after the timeout. */
static void
test_instrument_unplugged (void)
{
  Fixture f;
  g_autoptr(CabineRemote) remote = setup (&f);
  JsonObject *failed, *progress;

  cabine_remote_track_instruments (remote);
  cabine_remote_instrument_added (remote, "usb-001-002", "thermometer");
  cabine_remote_instrument_added (remote, "usb-001-007", "thermometer");
  g_assert_true (deliver (remote, "{\"type\":\"measurement-request\",\"id\":\"r1\","
                                  "\"instrument\":\"thermometer\"}"));
  g_assert_cmpint (cabine_remote_get_guide_step (remote), ==, CABINE_REMOTE_GUIDE_INSTRUCT);
  /* one of two thermometers goes: the other can still answer */
  cabine_remote_instrument_removed (remote, "usb-001-007");
  g_assert_cmpuint (count_of_type (&f, "request-failed"), ==, 0);
  g_assert_cmpint (cabine_remote_get_guide_step (remote), ==, CABINE_REMOTE_GUIDE_INSTRUCT);

  cabine_remote_instrument_removed (remote, "usb-001-002");
  progress = sent_of_type (&f, "measurement-progress", 1);
  g_assert_nonnull (progress);
  g_assert_cmpstr (json_object_get_string_member (progress, "state"), ==, "disconnected");
  failed = sent_of_type (&f, "request-failed", 0);
  g_assert_nonnull (failed);
  g_assert_cmpstr (json_object_get_string_member (failed, "requestId"), ==, "r1");
  g_assert_true (g_str_has_prefix (json_object_get_string_member (failed, "reason"),
                                   "the thermometer is not connected"));
  g_assert_cmpint (cabine_remote_get_guide_step (remote), ==, CABINE_REMOTE_GUIDE_DISCONNECTED);
  teardown (&f);
}

static gboolean
quit_cb (gpointer loop)
{
  g_main_loop_quit (loop);
  return G_SOURCE_REMOVE;
}

static void
test_retry (void)
{
  Fixture f;
  g_autoptr(CabineRemote) remote = setup (&f);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  const char *id;
  char ack[128];

  /* The channel is down when the answer is made: it is sent on attach, then retried. */
  f.fail = TRUE;
  cabine_remote_source_switched (remote, "r9", "otoscope");
  g_assert_cmpuint (f.sent->len, ==, 0);
  f.fail = FALSE;
  cabine_remote_attach (remote, fake_send, &f);
  g_assert_cmpuint (count_of_type (&f, "source-switched"), ==, 1);
  {
    /* The resend timer has a one-second granularity (g_timeout_add_seconds) and a loaded machine
     * runs it late: wait for the resend itself, within a generous bound. */
    gint64 deadline = g_get_monotonic_time () + (CABINE_REMOTE_RETRY_S + 8) * G_USEC_PER_SEC;

    while (count_of_type (&f, "source-switched") < 2 && g_get_monotonic_time () < deadline)
      g_main_context_iteration (NULL, TRUE);
  }
  g_assert_cmpuint (count_of_type (&f, "source-switched"), ==, 2);
  id = json_object_get_string_member (sent_of_type (&f, "source-switched", 0), "id");
  g_assert_cmpstr (id, ==, json_object_get_string_member (sent_of_type (&f, "source-switched", 1), "id"));
  g_snprintf (ack, sizeof ack, "{\"type\":\"ack\",\"id\":\"%s\"}", id);
  g_assert_true (deliver (remote, ack));
  g_timeout_add ((CABINE_REMOTE_RETRY_S * 1000) + 500, quit_cb, loop);
  g_main_loop_run (loop);
  g_assert_cmpuint (count_of_type (&f, "source-switched"), ==, 2);
  teardown (&f);
}

/* A message sent again before its acknowledgement arrived is acknowledged twice: the second one
 * is the remote's too (the session would otherwise take it for a reading's and warn); an id the
 * remote never sent is not. */
static void
test_repeated_ack (void)
{
  Fixture f;
  g_autoptr(CabineRemote) remote = setup (&f);
  char ack[128];

  cabine_remote_source_switched (remote, "r9", "otoscope");
  g_assert_cmpuint (count_of_type (&f, "source-switched"), ==, 1);
  g_snprintf (ack, sizeof ack, "{\"type\":\"ack\",\"id\":\"%s\"}",
              json_object_get_string_member (sent_of_type (&f, "source-switched", 0), "id"));
  g_assert_true (deliver (remote, ack));
  g_assert_cmpuint (cabine_remote_get_n_unacked (remote), ==, 0);
  g_assert_true (deliver (remote, ack));
  g_assert_false (deliver (remote, "{\"type\":\"ack\",\"id\":\"reading-1\"}"));

  /* A new call forgets them. */
  cabine_remote_reset (remote);
  g_assert_false (deliver (remote, ack));
  teardown (&f);
}

/* A call re-established after a network drop (data/protocol.md, "Recovery") brings a new data
 * channel: what was not acknowledged goes again with its id, and a request the physician sends
 * again on the new channel is acknowledged but not applied twice. */
static void
test_new_channel (void)
{
  Fixture f;
  g_autoptr(CabineRemote) remote = setup (&f);
  g_autoptr(GPtrArray) first = NULL;
  const char *id;

  g_assert_true (deliver (remote, "{\"type\":\"source-switch\",\"id\":\"s1\",\"source\":\"otoscope\"}"));
  g_assert_cmpuint (f.switches, ==, 1);
  cabine_remote_source_switched (remote, "s1", "otoscope");
  id = json_object_get_string_member (sent_of_type (&f, "source-switched", 0), "id");
  g_assert_nonnull (id);

  /* The old channel goes (the kiosk detaches), a new one opens. */
  cabine_remote_attach (remote, NULL, NULL);
  first = g_steal_pointer (&f.sent);
  f.sent = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  cabine_remote_attach (remote, fake_send, &f);
  g_assert_cmpuint (count_of_type (&f, "source-switched"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (sent_of_type (&f, "source-switched", 0), "id"), ==, id);

  /* The physician's retry of s1 on the new channel: acknowledged, not applied again. */
  g_assert_true (deliver (remote, "{\"type\":\"source-switch\",\"id\":\"s1\",\"source\":\"otoscope\"}"));
  g_assert_cmpuint (f.switches, ==, 1);
  g_assert_cmpuint (count_of_type (&f, "ack"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (sent_of_type (&f, "ack", 0), "id"), ==, "s1");
  teardown (&f);
}

static void
test_bad_requests (void)
{
  Fixture f;
  g_autoptr(CabineRemote) remote = setup (&f);

  g_test_expect_message ("cabine-remote", G_LOG_LEVEL_WARNING, "*without a usable*");
  g_assert_true (deliver (remote, "{\"type\":\"snapshot-request\"}"));
  g_test_assert_expected_messages ();
  g_assert_cmpuint (f.sent->len, ==, 0);
  g_assert_true (deliver (remote, "{\"type\":\"measurement-request\",\"id\":\"a\",\"instrument\":\"x\"}"));
  g_assert_true (deliver (remote, "{\"type\":\"source-switch\",\"id\":\"b\",\"source\":\"kitchen\"}"));
  g_assert_cmpuint (count_of_type (&f, "ack"), ==, 2);
  g_assert_cmpuint (count_of_type (&f, "request-failed"), ==, 2);
  g_assert_cmpuint (f.switches, ==, 0);
  g_assert_cmpuint (f.guide_changes, ==, 0);
  g_assert_true (deliver (remote, "{\"type\":\"source-switch\",\"id\":\"c\",\"source\":\"dermatoscope\"}"));
  g_assert_cmpstr (f.last_source, ==, "dermatoscope");
  g_assert_true (deliver (remote, "{\"type\":\"snapshot-request\",\"id\":\"d\"}"));
  g_assert_true (deliver (remote, "{\"type\":\"snapshot-request\",\"id\":\"d\"}"));
  g_assert_cmpuint (f.snapshots, ==, 1);
  g_assert_false (deliver (remote, "{\"type\":\"observation\",\"id\":\"e\"}"));
  teardown (&f);
}

/* The physician's end of the call over the data channel (sent while the hub is unreachable):
 * acknowledged every time, acted on once, and only with the one reason it may carry. */
static void
test_call_end (void)
{
  Fixture f;
  g_autoptr(CabineRemote) remote = setup (&f);

  g_assert_true (deliver (remote, "{\"type\":\"call-end\",\"id\":\"e1\",\"reason\":\"patient-ended\"}"));
  g_assert_cmpuint (f.call_ends, ==, 0);
  g_assert_cmpuint (count_of_type (&f, "request-failed"), ==, 1);
  g_assert_true (deliver (remote, "{\"type\":\"call-end\",\"id\":\"e2\",\"reason\":7}"));
  g_assert_cmpuint (f.call_ends, ==, 0);
  g_assert_cmpuint (count_of_type (&f, "request-failed"), ==, 2);
  g_assert_true (deliver (remote, "{\"type\":\"call-end\",\"id\":\"e3\",\"reason\":\"physician-ended\"}"));
  g_assert_true (deliver (remote, "{\"type\":\"call-end\",\"id\":\"e3\",\"reason\":\"physician-ended\"}"));
  g_assert_cmpuint (f.call_ends, ==, 1);
  g_assert_true (deliver (remote, "{\"type\":\"call-end\",\"id\":\"e4\"}"));
  g_assert_cmpuint (f.call_ends, ==, 2);
  g_assert_cmpuint (count_of_type (&f, "ack"), ==, 5);
  g_assert_cmpuint (count_of_type (&f, "request-failed"), ==, 2);
  teardown (&f);
}

static void
test_snapshot_chunks (void)
{
  Fixture f;
  g_autoptr(CabineRemote) remote = setup (&f);
  gsize size = CABINE_REMOTE_CHUNK_SIZE * 2 + 123;
  guint8 *data = g_malloc (size);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GByteArray) joined = g_byte_array_new ();
  g_autofree char *sha = NULL;
  JsonObject *head;

  for (gsize i = 0; i < size; i++)
    data[i] = (guint8) (i * 7);
  bytes = g_bytes_new_take (data, size);
  cabine_remote_send_snapshot (remote, "s1", "snap-1", "otoscope", "image/jpeg", 1280, 720, bytes);
  head = sent_of_type (&f, "snapshot", 0);
  g_assert_nonnull (head);
  g_assert_cmpint (json_object_get_int_member (head, "size"), ==, size);
  g_assert_cmpint (json_object_get_int_member (head, "chunks"), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      JsonObject *chunk = sent_of_type (&f, "snapshot-chunk", i);
      gsize n = 0;
      g_autofree guint8 *part = g_base64_decode (json_object_get_string_member (chunk, "data"), &n);

      g_assert_cmpint (json_object_get_int_member (chunk, "index"), ==, i);
      g_byte_array_append (joined, part, (guint) n);
    }
  sha = g_compute_checksum_for_data (G_CHECKSUM_SHA256, joined->data, joined->len);
  g_assert_cmpstr (sha, ==, json_object_get_string_member (head, "sha256"));
  g_assert_cmpuint (cabine_remote_get_n_unacked (remote), ==, 4);
  cabine_remote_reset (remote);
  g_assert_cmpuint (cabine_remote_get_n_unacked (remote), ==, 0);
  teardown (&f);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/remote/measurement", test_measurement);
  g_test_add_func ("/remote/retry", test_retry);
  g_test_add_func ("/remote/repeated-ack", test_repeated_ack);
  g_test_add_func ("/remote/instrument-absent", test_instrument_absent);
  g_test_add_func ("/remote/instrument-unplugged", test_instrument_unplugged);
  g_test_add_func ("/remote/bad-requests", test_bad_requests);
  g_test_add_func ("/remote/new-channel", test_new_channel);
  g_test_add_func ("/remote/snapshot-chunks", test_snapshot_chunks);
  g_test_add_func ("/remote/call-end", test_call_end);
  return g_test_run ();
}
