/* test-call-encoder.c: the call's video encoder choice, its bitrate unit and its key frames on
 * request (media/cabine-call-pipeline.c)
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-call-encoder"

#include <string.h>

#include <gst/gst.h>
#include <gst/sdp/sdp.h>
#include <gst/video/video.h>

#include "cabine-call-pipeline.h"
#include "cabine-media-error.h"

/* Frames pushed through the encoder in the key-frame test, and the one after which the request
 * goes: both below the periodic key-frame interval, so only frame 0 is a key frame on its own. */
#define N_FRAMES 40
#define REQUEST_AFTER 10
G_STATIC_ASSERT (N_FRAMES < CABINE_CALL_KEYFRAME_INTERVAL);

static gboolean
have (const char *factory)
{
  g_autoptr(GstElementFactory) f = gst_element_factory_find (factory);
  return f != NULL;
}

static GstElement *
sender_encoder (GstElement *sender)
{
  GstElement *encoder = gst_bin_get_by_name (GST_BIN (sender), "encoder");

  g_assert_nonnull (encoder);
  return encoder;
}

static void
test_choice (void)
{
  g_assert_cmpstr (cabine_call_pipeline_video_encoder_factory ("h264", "x264"), ==, "x264enc");
  g_assert_cmpstr (cabine_call_pipeline_video_encoder_factory ("h264", "openh264"), ==, "openh264enc");
  g_assert_cmpstr (cabine_call_pipeline_video_encoder_factory ("vp8", "openh264"), ==, "vp8enc");
  /* auto (or unset) prefers OpenH264, the encoder Chromium uses, when it is installed. */
  g_assert_cmpstr (cabine_call_pipeline_video_encoder_factory ("h264", "auto"), ==,
                   have ("openh264enc") ? "openh264enc" : "x264enc");
  g_assert_cmpstr (cabine_call_pipeline_video_encoder_factory ("h264", NULL), ==,
                   have ("openh264enc") ? "openh264enc" : "x264enc");
}

static void
test_unknown_encoder_refused (void)
{
  g_autoptr(GError) error = NULL;
  CabineCallOptions options;

  cabine_call_options_init (&options);
  options.video_source = "test";
  options.video_encoder = "x265";
  g_assert_false (cabine_call_pipeline_check_options (&options, &error));
  g_assert_error (error, CABINE_MEDIA_ERROR, CABINE_MEDIA_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "x265"));
  g_clear_error (&error);
  options.video_encoder = "openh264";
  g_assert_true (cabine_call_pipeline_check_options (&options, &error));
  g_assert_no_error (error);
}

/* The property as the element itself holds it: bit/s or kbit/s, whichever it takes. */
static guint64
raw_rate (GstElement *encoder,
          const char *property)
{
  GValue value = G_VALUE_INIT;
  guint64 out;

  g_value_init (&value, G_PARAM_SPEC_VALUE_TYPE (
                  g_object_class_find_property (G_OBJECT_GET_CLASS (encoder), property)));
  g_object_get_property (G_OBJECT (encoder), property, &value);
  out = G_VALUE_HOLDS_INT (&value) ? (guint64) g_value_get_int (&value) : g_value_get_uint (&value);
  g_value_unset (&value);
  return out;
}

typedef struct {
  const char *codec;
  const char *choice;
  const char *factory;
  const char *property;
  guint       per_kbps;
} Encoder;

static const Encoder openh264 = { "h264", "openh264", "openh264enc", "bitrate", 1000 };
static const Encoder x264 = { "h264", "x264", "x264enc", "bitrate", 1 };
static const Encoder vp8 = { "vp8", NULL, "vp8enc", "target-bitrate", 1000 };

static void
test_bitrate_unit (gconstpointer data)
{
  const Encoder *e = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GstElement) sender = NULL;
  g_autoptr(GstElement) encoder = NULL;

  if (!have (e->factory))
    {
      g_test_skip ("encoder not installed");
      return;
    }
  sender = gst_object_ref_sink (cabine_call_pipeline_video_sender (e->codec, e->choice, &error));
  g_assert_no_error (error);
  encoder = sender_encoder (sender);
  g_assert_cmpstr (GST_OBJECT_NAME (gst_element_get_factory (encoder)), ==, e->factory);

  /* Built at the call's target rate, in the element's own unit. */
  g_assert_cmpuint (raw_rate (encoder, e->property), ==, (guint64) CABINE_CALL_VIDEO_KBPS * e->per_kbps);
  g_assert_cmpuint (cabine_call_pipeline_get_video_kbps (encoder), ==, CABINE_CALL_VIDEO_KBPS);

  /* What the adaptation (cabine-call-stats.c) does: 800 kbit/s is 800 000 bit/s to OpenH264. */
  g_assert_true (cabine_call_pipeline_set_video_kbps (encoder, 800));
  g_assert_cmpuint (raw_rate (encoder, e->property), ==, 800 * (guint64) e->per_kbps);
  g_assert_cmpuint (cabine_call_pipeline_get_video_kbps (encoder), ==, 800);
  if (g_str_equal (e->factory, "openh264enc"))
    g_assert_cmpuint (raw_rate (encoder, "max-bitrate"), ==, 800000);
}

static void
test_bitrate_unknown_element (void)
{
  g_autoptr(GstElement) identity = gst_object_ref_sink (gst_element_factory_make ("identity", NULL));

  g_assert_false (cabine_call_pipeline_set_video_kbps (identity, 800));
  g_assert_cmpuint (cabine_call_pipeline_get_video_kbps (identity), ==, 0);
}

typedef struct {
  GstPad *request_pad;    /* the sender's RTP output, where webrtcbin's PLI request arrives */
  guint   frames;
  guint   key_before;     /* key frames among frames 0 … REQUEST_AFTER − 1 */
  guint   key_after;      /* key frames after the request */
} KeyCount;

static GstPadProbeReturn
on_encoded (GstPad          *pad,
            GstPadProbeInfo *info,
            gpointer         data)
{
  KeyCount *count = data;
  GstBuffer *buffer = GST_PAD_PROBE_INFO_BUFFER (info);
  gboolean key = !GST_BUFFER_FLAG_IS_SET (buffer, GST_BUFFER_FLAG_DELTA_UNIT);

  if (count->frames < REQUEST_AFTER)
    count->key_before += key;
  else
    count->key_after += key;
  if (++count->frames == REQUEST_AFTER)
    /* As rtpbin does on a PLI, and the call on connect: upstream from the payloader. */
    g_assert_true (gst_pad_send_event (count->request_pad,
                                       gst_video_event_new_upstream_force_key_unit (
                                         GST_CLOCK_TIME_NONE, TRUE, 0)));
  return GST_PAD_PROBE_OK;
}

static void
test_force_key_unit (gconstpointer data)
{
  const Encoder *e = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GstElement) encoder = NULL;
  g_autoptr(GstPad) encoded = NULL;
  g_autoptr(GstBus) bus = NULL;
  g_autoptr(GstMessage) msg = NULL;
  GstElement *source, *sender, *sink;
  KeyCount count = { 0 };

  if (!have (e->factory))
    {
      g_test_skip ("encoder not installed");
      return;
    }
  pipeline = gst_pipeline_new (NULL);
  source = cabine_call_pipeline_make_bin (
    "videotestsrc num-buffers=" G_STRINGIFY (N_FRAMES) " pattern=smpte75 horizontal-speed=2 ! "
    "capsfilter caps=video/x-raw,format=I420,width=320,height=240,framerate=30/1", &error);
  g_assert_no_error (error);
  sender = cabine_call_pipeline_video_sender (e->codec, e->choice, &error);
  g_assert_no_error (error);
  sink = gst_element_factory_make ("fakesink", NULL);
  g_object_set (sink, "sync", FALSE, NULL);
  gst_bin_add_many (GST_BIN (pipeline), source, sender, sink, NULL);
  g_assert_true (gst_element_link_many (source, sender, sink, NULL));

  /* The sender's queue drops frames the encoder cannot take (leaky): this test wants them all. */
  {
    g_autoptr(GstIterator) it = gst_bin_iterate_elements (GST_BIN (sender));
    GValue item = G_VALUE_INIT;

    while (gst_iterator_next (it, &item) == GST_ITERATOR_OK)
      {
        GstElement *element = g_value_get_object (&item);

        if (g_str_equal (GST_OBJECT_NAME (gst_element_get_factory (element)), "queue"))
          g_object_set (element, "leaky", 0, NULL);
        g_value_reset (&item);
      }
    g_value_unset (&item);
  }

  encoder = sender_encoder (sender);
  encoded = gst_element_get_static_pad (encoder, "src");
  count.request_pad = gst_element_get_static_pad (sender, "src");
  gst_pad_add_probe (encoded, GST_PAD_PROBE_TYPE_BUFFER, on_encoded, &count, NULL);

  g_assert_cmpint (gst_element_set_state (pipeline, GST_STATE_PLAYING), !=, GST_STATE_CHANGE_FAILURE);
  bus = gst_element_get_bus (pipeline);
  msg = gst_bus_timed_pop_filtered (bus, 30 * GST_SECOND, GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  g_assert_nonnull (msg);
  if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ERROR)
    {
      gst_message_parse_error (msg, &error, NULL);
      g_assert_no_error (error);
    }
  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (count.request_pad);

  g_assert_cmpuint (count.frames, ==, N_FRAMES);
  /* The stream starts on a key frame, and the only other one is the requested one. */
  g_assert_cmpuint (count.key_before, ==, 1);
  g_assert_cmpuint (count.key_after, ==, 1);
}

static void
test_strip_sprop (void)
{
  g_autoptr(GstSDPMessage) sdp = NULL;
  const GstSDPMedia *video, *audio;
  g_autofree char *text = NULL;

  g_assert_cmpint (gst_sdp_message_new_from_text (
    "v=0\r\no=- 1 0 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n"
    "m=video 9 UDP/TLS/RTP/SAVPF 96\r\na=rtpmap:96 H264/90000\r\n"
    "a=fmtp:96 packetization-mode=1;sprop-parameter-sets=Z0LAH4yNQCgC3QDwiEag,aM48gA==;"
    "profile-level-id=42c01f\r\n"
    "m=audio 9 UDP/TLS/RTP/SAVPF 97\r\na=rtpmap:97 OPUS/48000/2\r\n"
    "a=fmtp:97 sprop-stereo=0;sprop-maxcapturerate=48000\r\n", &sdp), ==, GST_SDP_OK);

  cabine_call_pipeline_strip_sprop (sdp);
  video = gst_sdp_message_get_media (sdp, 0);
  audio = gst_sdp_message_get_media (sdp, 1);
  g_assert_cmpstr (gst_sdp_media_get_attribute_val (video, "fmtp"), ==,
                   "96 packetization-mode=1;profile-level-id=42c01f");
  /* Opus's own sprop-* parameters (RFC 7587) are not H.264's and stay. */
  g_assert_cmpstr (gst_sdp_media_get_attribute_val (audio, "fmtp"), ==,
                   "97 sprop-stereo=0;sprop-maxcapturerate=48000");
  text = gst_sdp_message_as_text (sdp);
  g_assert_null (strstr (text, "sprop-parameter-sets"));
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("GST_DEBUG", "", TRUE);
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/call-encoder/choice", test_choice);
  g_test_add_func ("/call-encoder/unknown-refused", test_unknown_encoder_refused);
  g_test_add_data_func ("/call-encoder/bitrate-unit/openh264", &openh264, test_bitrate_unit);
  g_test_add_data_func ("/call-encoder/bitrate-unit/x264", &x264, test_bitrate_unit);
  g_test_add_data_func ("/call-encoder/bitrate-unit/vp8", &vp8, test_bitrate_unit);
  g_test_add_func ("/call-encoder/bitrate-unknown-element", test_bitrate_unknown_element);
  g_test_add_data_func ("/call-encoder/force-key-unit/openh264", &openh264, test_force_key_unit);
  g_test_add_data_func ("/call-encoder/force-key-unit/x264", &x264, test_force_key_unit);
  g_test_add_func ("/call-encoder/strip-sprop", test_strip_sprop);
  return g_test_run ();
}
