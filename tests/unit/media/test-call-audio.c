/* test-call-audio.c: the call's audio: two audio transceivers, the stethoscope's Opus parameters,
 * echo cancellation on the room audio only, switching the stethoscope on and off
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-call-audio"

#include <string.h>

#include <gst/gst.h>
#include <gst/app/gstappsink.h>
#include <gst/sdp/sdp.h>

#include "cabine-call-audio.h"
#include "cabine-call-private.h"
#include "cabine-media-error.h"

static void
test_options (void)
{
  g_autoptr(GError) error = NULL;
  CabineCallOptions options;
  CabineCall *call;

  cabine_call_options_init (&options);
  g_assert_null (options.stethoscope_source);
  options.stethoscope_source = "Test";
  call = cabine_call_new (&options, &error);
  g_assert_null (call);
  g_assert_error (error, CABINE_MEDIA_ERROR, CABINE_MEDIA_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  options.stethoscope_source = CABINE_CALL_STETHOSCOPE_DEVICE;   /* without a device name */
  g_assert_null (cabine_call_new (&options, &error));
  g_assert_error (error, CABINE_MEDIA_ERROR, CABINE_MEDIA_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  g_assert_null (cabine_call_audio_stethoscope_sender (CABINE_CALL_STETHOSCOPE_DEVICE,
                                                       "no-such-stethoscope-1234", &error));
  g_assert_error (error, CABINE_MEDIA_ERROR, CABINE_MEDIA_ERROR_MISSING_ELEMENT);
  g_clear_error (&error);
  g_assert_false (cabine_call_audio_find_device ("no-such-stethoscope-1234"));
}

/* The simulated stethoscope's encoder is set for fidelity, and nothing in its chain processes
 * the signal. */
static void
test_stethoscope_sender (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GstElement) bin = NULL;
  g_autoptr(GstElement) encoder = NULL;
  g_autoptr(GstElement) valve = NULL;
  g_autoptr(GstIterator) it = NULL;
  GValue item = G_VALUE_INIT;
  gint bitrate = 0;
  gboolean dtx = TRUE, fec = TRUE, drop = TRUE;

  bin = cabine_call_audio_stethoscope_sender (CABINE_CALL_STETHOSCOPE_TEST, NULL, &error);
  g_assert_no_error (error);
  gst_object_ref_sink (bin);
  encoder = gst_bin_get_by_name (GST_BIN (bin), "stethoscope-encoder");
  valve = gst_bin_get_by_name (GST_BIN (bin), "stethoscope-valve");
  g_assert_nonnull (encoder);
  g_assert_nonnull (valve);
  g_object_get (encoder, "bitrate", &bitrate, "dtx", &dtx, "inband-fec", &fec, NULL);
  g_assert_cmpint (bitrate, ==, CABINE_CALL_STETHOSCOPE_KBPS * 1000);
  g_assert_false (dtx);
  g_assert_false (fec);
  g_object_get (valve, "drop", &drop, NULL);
  g_assert_false (drop);   /* open until the first packet */

  it = gst_bin_iterate_recurse (GST_BIN (bin));
  while (gst_iterator_next (it, &item) == GST_ITERATOR_OK)
    {
      GstElementFactory *factory = gst_element_get_factory (g_value_get_object (&item));
      const char *name = factory != NULL ? GST_OBJECT_NAME (factory) : "";

      g_assert_cmpstr (name, !=, "webrtcdsp");
      g_assert_cmpstr (name, !=, "webrtcechoprobe");
      g_assert_cmpstr (name, !=, "volume");
      g_value_reset (&item);
    }
  g_value_unset (&item);
}

/* The simulated heart sounds are sound, with silence between the beats. */
static void
test_simulated_heart (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GstElement) sink = NULL;
  g_autoptr(GstSample) sample = NULL;
  GstElement *sender;
  guint loud = 0, quiet = 0;

  /* Decode what the stethoscope sends, one beat (0.83 s) and a half. */
  pipeline = gst_parse_launch ("rtpopusdepay name=depay ! opusdec ! audioconvert ! "
                               "audio/x-raw,format=S16LE,channels=1 ! "
                               "appsink name=sink sync=false max-buffers=0", &error);
  g_assert_no_error (error);
  sender = cabine_call_audio_stethoscope_sender (CABINE_CALL_STETHOSCOPE_TEST, NULL, &error);
  g_assert_no_error (error);
  gst_bin_add (GST_BIN (pipeline), sender);
  {
    g_autoptr(GstElement) depay = gst_bin_get_by_name (GST_BIN (pipeline), "depay");
    g_assert_true (gst_element_link (sender, depay));
  }
  sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  g_assert_cmpint (gst_element_set_state (pipeline, GST_STATE_PLAYING), !=, GST_STATE_CHANGE_FAILURE);
  for (guint n = 0; n < 60; n++)   /* 60 × 20 ms */
    {
      GstMapInfo map;
      GstBuffer *buffer;
      gint peak = 0;

      sample = gst_app_sink_try_pull_sample (GST_APP_SINK (sink), 5 * GST_SECOND);
      g_assert_nonnull (sample);
      buffer = gst_sample_get_buffer (sample);
      g_assert_true (gst_buffer_map (buffer, &map, GST_MAP_READ));
      for (gsize i = 0; i + 1 < map.size; i += 2)
        {
          gint16 v;

          memcpy (&v, map.data + i, 2);
          peak = MAX (peak, ABS ((gint) v));
        }
      gst_buffer_unmap (buffer, &map);
      if (peak > 3000)
        loud++;
      else if (peak < 300)
        quiet++;
      g_clear_pointer (&sample, gst_sample_unref);
    }
  gst_element_set_state (pipeline, GST_STATE_NULL);
  g_test_message ("%u loud and %u quiet 20-ms frames", loud, quiet);
  g_assert_cmpuint (loud, >=, 6);    /* at least one S1 + S2 */
  g_assert_cmpuint (quiet, >=, 15);  /* the pause between beats */
}

static void
on_send_signal (CabineCall *call,
                JsonObject *msg,
                char      **offer)
{
  if (g_str_equal (json_object_get_string_member (msg, "type"), "offer") && *offer == NULL)
    *offer = g_strdup (json_object_get_string_member (msg, "sdp"));
}

static gboolean
bin_has_factory (GstElement *bin,
                 const char *factory_name)
{
  g_autoptr(GstIterator) it = gst_bin_iterate_recurse (GST_BIN (bin));
  GValue item = G_VALUE_INIT;
  gboolean found = FALSE;

  while (!found && gst_iterator_next (it, &item) == GST_ITERATOR_OK)
    {
      GstElementFactory *factory = gst_element_get_factory (g_value_get_object (&item));

      found = factory != NULL && g_str_equal (GST_OBJECT_NAME (factory), factory_name);
      g_value_reset (&item);
    }
  g_value_unset (&item);
  return found;
}

static gboolean
valve_drops (CabineCall *call)
{
  gboolean drop = FALSE;

  g_object_get (call->stethoscope_valve, "drop", &drop, NULL);
  return drop;
}

/* A call with the simulated stethoscope: its offer has two audio sections, the stethoscope's
 * sendonly with its msid and Opus parameters; webrtcdsp is on the room audio and not on the
 * stethoscope; the stethoscope is off at first and switches. */
static void
test_call_offer (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CabineCall) call = NULL;
  g_autoptr(GstElement) stethoscope = NULL;
  g_autoptr(GstElement) dsp = NULL;
  g_autofree char *offer = NULL;
  g_autofree char *probe = NULL;
  GstSDPMessage *sdp = NULL;
  CabineCallOptions options;
  guint audio = 0, stethoscope_index = G_MAXUINT;
  gint64 deadline;

  cabine_call_options_init (&options);
  options.video_source = "test";
  options.audio_source = "test";
  options.audio_sink = "fake";
  options.video_codec = "vp8";
  options.stethoscope_source = CABINE_CALL_STETHOSCOPE_TEST;
  call = cabine_call_new (&options, &error);
  g_assert_no_error (error);
  g_assert_false (cabine_call_set_stethoscope_enabled (call, TRUE, &error));
  g_assert_error (error, CABINE_MEDIA_ERROR, CABINE_MEDIA_ERROR_WRONG_STATE);
  g_clear_error (&error);

  g_signal_connect (call, "send-signal", G_CALLBACK (on_send_signal), &offer);
  g_assert_true (cabine_call_start (call, &error));
  g_assert_no_error (error);
  g_assert_true (cabine_call_has_stethoscope (call));
  deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while (offer == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (offer);

  /* The SDP: video, room audio, stethoscope, data channel. */
  g_assert_cmpint (gst_sdp_message_new_from_text (offer, &sdp), ==, GST_SDP_OK);
  for (guint i = 0; i < gst_sdp_message_medias_len (sdp); i++)
    {
      const GstSDPMedia *media = gst_sdp_message_get_media (sdp, i);
      const char *ssrc = gst_sdp_media_get_attribute_val (media, "ssrc");

      if (!g_str_equal (gst_sdp_media_get_media (media), "audio"))
        continue;
      audio++;
      /* a=ssrc:<ssrc> msid:<stream id> <track id> (RFC 5576 §4.1, RFC 8830 §2) */
      if (ssrc != NULL && strstr (ssrc, " msid:" CABINE_CALL_STETHOSCOPE_MSID " ") != NULL)
        stethoscope_index = i;
    }
  g_assert_cmpuint (audio, ==, 2);
  g_assert_cmpuint (stethoscope_index, ==, 2);   /* after the video and the room audio */
  {
    const GstSDPMedia *media = gst_sdp_message_get_media (sdp, stethoscope_index);
    const char *fmtp = NULL;
    g_autofree char *rtpmap = g_strdup_printf ("%d OPUS/48000/2", CABINE_CALL_STETHOSCOPE_PT);

    g_assert_nonnull (gst_sdp_media_get_attribute_val (media, "sendonly"));
    g_assert_cmpstr (gst_sdp_media_get_attribute_val (media, "rtpmap"), ==, rtpmap);
    for (guint i = 0; (fmtp = gst_sdp_media_get_attribute_val_n (media, "fmtp", i)) != NULL; i++)
      if (g_str_has_prefix (fmtp, G_STRINGIFY (CABINE_CALL_STETHOSCOPE_PT) " "))
        break;
    g_assert_nonnull (fmtp);
    g_test_message ("stethoscope fmtp: %s", fmtp);
    g_assert_nonnull (strstr (fmtp, "maxaveragebitrate=128000"));
    g_assert_nonnull (strstr (fmtp, "usedtx=0"));
    g_assert_nonnull (strstr (fmtp, "useinbandfec=0"));
    g_assert_nonnull (strstr (fmtp, "stereo=0"));
  }
  gst_sdp_message_free (sdp);

  /* Echo cancellation on the room microphone, its probe at the speaker; none on the stethoscope. */
  g_assert_true (cabine_call_audio_echo_cancel_available ());
  dsp = gst_bin_get_by_name (GST_BIN (call->pipeline), "room-dsp");
  g_assert_nonnull (dsp);
  g_assert_cmpstr (GST_OBJECT_NAME (gst_element_get_factory (dsp)), ==, "webrtcdsp");
  g_object_get (dsp, "probe", &probe, NULL);
  g_assert_nonnull (call->speaker);   /* not plugged: no answer in this test */
  {
    g_autoptr(GstElement) echo = gst_bin_get_by_name (GST_BIN (call->speaker), probe);

    g_assert_nonnull (echo);
    g_assert_cmpstr (GST_OBJECT_NAME (gst_element_get_factory (echo)), ==, "webrtcechoprobe");
  }
  stethoscope = gst_bin_get_by_name (GST_BIN (call->pipeline), "stethoscope");
  g_assert_nonnull (stethoscope);
  g_assert_false (bin_has_factory (stethoscope, "webrtcdsp"));
  g_assert_true (bin_has_factory (stethoscope, "opusenc"));

  /* Off at first: the valve closes once the first packet has gone (the offer no longer waits for
   * it), then switched. */
  g_assert_false (cabine_call_get_stethoscope_enabled (call));
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (!valve_drops (call) && g_get_monotonic_time () < deadline)
    g_usleep (5 * 1000);
  g_assert_cmpuint (cabine_call_get_stethoscope_packets_sent (call), >=, 1);
  g_assert_true (valve_drops (call));
  g_assert_true (cabine_call_set_stethoscope_enabled (call, TRUE, &error));
  g_assert_no_error (error);
  g_assert_true (cabine_call_get_stethoscope_enabled (call));
  g_assert_false (valve_drops (call));
  g_assert_true (cabine_call_set_stethoscope_enabled (call, FALSE, &error));
  g_assert_true (valve_drops (call));

  cabine_call_stop (call);
  g_assert_false (cabine_call_set_stethoscope_enabled (call, TRUE, &error));
  g_assert_error (error, CABINE_MEDIA_ERROR, CABINE_MEDIA_ERROR_WRONG_STATE);
}

/* Without a stethoscope (the default, or "auto" with nothing connected) there is one audio
 * section and switching is refused. */
static void
test_call_without_stethoscope (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CabineCall) call = NULL;
  g_autofree char *offer = NULL;
  CabineCallOptions options;
  gint64 deadline;
  const char *p;
  guint audio = 0;

  cabine_call_options_init (&options);
  options.video_source = "test";
  options.audio_source = "test";
  options.audio_sink = "fake";
  options.video_codec = "vp8";
  options.stethoscope_source = CABINE_CALL_STETHOSCOPE_AUTO;
  options.stethoscope_device = "no-such-stethoscope-1234";
  call = cabine_call_new (&options, &error);
  g_assert_no_error (error);
  g_signal_connect (call, "send-signal", G_CALLBACK (on_send_signal), &offer);
  g_assert_true (cabine_call_start (call, &error));
  g_assert_false (cabine_call_has_stethoscope (call));
  deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while (offer == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (offer);
  for (p = offer; (p = strstr (p, "m=audio")) != NULL; p++)
    audio++;
  g_assert_cmpuint (audio, ==, 1);
  g_assert_null (strstr (offer, CABINE_CALL_STETHOSCOPE_MSID));
  g_assert_false (cabine_call_set_stethoscope_enabled (call, TRUE, &error));
  g_assert_error (error, CABINE_MEDIA_ERROR, CABINE_MEDIA_ERROR_WRONG_STATE);
}

/* The first element made by @factory_name in @bin (transfer full), or NULL. */
static GstElement *
find_by_factory (GstElement *bin,
                 const char *factory_name)
{
  g_autoptr(GstIterator) it = gst_bin_iterate_recurse (GST_BIN (bin));
  GValue item = G_VALUE_INIT;
  GstElement *found = NULL;

  while (found == NULL && gst_iterator_next (it, &item) == GST_ITERATOR_OK)
    {
      GstElement *element = g_value_get_object (&item);
      GstElementFactory *factory = gst_element_get_factory (element);

      if (factory != NULL && g_str_equal (GST_OBJECT_NAME (factory), factory_name))
        found = gst_object_ref (element);
      g_value_reset (&item);
    }
  g_value_unset (&item);
  return found;
}

static GstPadProbeReturn
count_buffer (GstPad          *pad,
              GstPadProbeInfo *info,
              gpointer         data)
{
  g_atomic_int_inc ((gint *) data);
  return GST_PAD_PROBE_OK;
}

/* `audio-source=auto` / `audio-sink=auto` with no device (the decision injected, so the test
 * does not depend on this machine's sound cards): a live silent audiotestsrc that encodes and
 * flows, and a synchronised fakesink; with a device, autoaudiosrc/autoaudiosink as before. */
static void
test_room_audio_without_devices (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GstElement) pipeline = gst_pipeline_new (NULL);
  g_autoptr(GstElement) src = NULL;
  g_autoptr(GstElement) fake = NULL;
  g_autoptr(GstPad) pad = NULL;
  g_autoptr(GstElement) with_device = NULL;
  GstElement *room, *speaker, *sink;
  GEnumValue *silence;
  gint wave = -1, buffers = 0;
  gboolean is_live = FALSE, sync = FALSE;
  gint64 deadline;

  g_assert_cmpstr (cabine_call_audio_resolve_source ("auto", FALSE), ==, CABINE_CALL_AUDIO_SILENCE);
  g_assert_cmpstr (cabine_call_audio_resolve_source ("auto", TRUE), ==, "auto");
  g_assert_cmpstr (cabine_call_audio_resolve_source ("test", FALSE), ==, "test");
  g_assert_cmpstr (cabine_call_audio_resolve_sink ("auto", FALSE), ==, "fake");
  g_assert_cmpstr (cabine_call_audio_resolve_sink ("auto", TRUE), ==, "auto");
  g_assert_cmpstr (cabine_call_audio_resolve_sink ("fake", TRUE), ==, "fake");
  g_test_message ("this machine: microphone %s, speaker %s",
                  cabine_call_audio_device_present ("Audio/Source") ? "yes" : "no",
                  cabine_call_audio_device_present ("Audio/Sink") ? "yes" : "no");
  g_assert_false (cabine_call_audio_device_present ("No/Such/Class"));

  with_device = cabine_call_audio_room_sender (cabine_call_audio_resolve_source ("auto", TRUE),
                                               NULL, &error);
  g_assert_no_error (error);
  gst_object_ref_sink (with_device);
  g_assert_true (bin_has_factory (with_device, "autoaudiosrc"));

  room = cabine_call_audio_room_sender (cabine_call_audio_resolve_source ("auto", FALSE),
                                        NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (room);
  g_assert_false (bin_has_factory (room, "autoaudiosrc"));
  src = find_by_factory (room, "audiotestsrc");
  g_assert_nonnull (src);
  g_object_get (src, "wave", &wave, "is-live", &is_live, NULL);
  silence = g_enum_get_value_by_nick (G_PARAM_SPEC_ENUM (g_object_class_find_property (
                                        G_OBJECT_GET_CLASS (src), "wave"))->enum_class, "silence");
  g_assert_nonnull (silence);
  g_assert_cmpint (wave, ==, silence->value);
  g_assert_true (is_live);

  speaker = cabine_call_audio_speaker (cabine_call_audio_resolve_sink ("auto", FALSE), NULL, &error);
  g_assert_no_error (error);
  g_assert_false (bin_has_factory (speaker, "autoaudiosink"));
  fake = find_by_factory (speaker, "fakesink");
  g_assert_nonnull (fake);
  g_object_get (fake, "sync", &sync, NULL);
  g_assert_true (sync);
  gst_object_unref (gst_object_ref_sink (speaker));

  /* The silent room audio runs: RTP packets come out without any device. */
  sink = gst_element_factory_make ("fakesink", NULL);
  gst_bin_add_many (GST_BIN (pipeline), room, sink, NULL);
  g_assert_true (gst_element_link (room, sink));
  pad = gst_element_get_static_pad (sink, "sink");
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, count_buffer, &buffers, NULL);
  g_assert_cmpint (gst_element_set_state (pipeline, GST_STATE_PLAYING), !=, GST_STATE_CHANGE_FAILURE);
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (g_atomic_int_get (&buffers) < 5 && g_get_monotonic_time () < deadline)
    g_usleep (20000);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  g_assert_cmpint (g_atomic_int_get (&buffers), >=, 5);
}

static void
on_call_error (CabineCall *call,
               GError     *error,
               gboolean   *failed)
{
  g_test_message ("call error: %s", error->message);
  *failed = TRUE;
}

/* On a machine without sound devices (as this test's CI), a call with audio-source=auto and
 * audio-sink=auto sends silence instead of failing on "Could not open device", with one warning
 * each. Where devices exist this is what the injected test above covers: skipped. */
static void
test_call_auto_without_devices (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CabineCall) call = NULL;
  g_autofree char *offer = NULL;
  CabineCallOptions options;
  gboolean failed = FALSE;
  gint64 deadline;

  if (cabine_call_audio_device_present ("Audio/Source") || cabine_call_audio_device_present ("Audio/Sink"))
    {
      g_test_skip ("this machine has an audio device");
      return;
    }
  cabine_call_options_init (&options);
  options.video_source = "test";
  options.audio_source = "auto";
  options.audio_sink = "auto";
  options.video_codec = "vp8";
  call = cabine_call_new (&options, &error);
  g_assert_no_error (error);
  g_signal_connect (call, "send-signal", G_CALLBACK (on_send_signal), &offer);
  g_signal_connect (call, "error", G_CALLBACK (on_call_error), &failed);
  g_test_expect_message ("cabine-call", G_LOG_LEVEL_WARNING, "no speaker found*");
  g_test_expect_message ("cabine-call", G_LOG_LEVEL_WARNING,
                         "no microphone found: the physician will not hear the patient*");
  g_assert_true (cabine_call_start (call, &error));
  g_assert_no_error (error);
  g_test_assert_expected_messages ();
  g_assert_false (bin_has_factory (call->pipeline, "autoaudiosrc"));
  g_assert_true (bin_has_factory (call->pipeline, "audiotestsrc"));
  deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while (offer == NULL && !failed && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  /* Let the audio run a little: a device error would come now. */
  deadline = g_get_monotonic_time () + G_USEC_PER_SEC / 2;
  while (!failed && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_false (failed);
  g_assert_nonnull (offer);
  g_assert_nonnull (strstr (offer, "m=audio"));
  cabine_call_stop (call);
}

int
main (int argc, char **argv)
{
  g_unsetenv ("GST_DEBUG");
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/call-audio/options", test_options);
  g_test_add_func ("/call-audio/room-audio-without-devices", test_room_audio_without_devices);
  g_test_add_func ("/call-audio/call-auto-without-devices", test_call_auto_without_devices);
  g_test_add_func ("/call-audio/stethoscope-sender", test_stethoscope_sender);
  g_test_add_func ("/call-audio/simulated-heart", test_simulated_heart);
  g_test_add_func ("/call-audio/offer", test_call_offer);
  g_test_add_func ("/call-audio/without-stethoscope", test_call_without_stethoscope);
  return g_test_run ();
}
