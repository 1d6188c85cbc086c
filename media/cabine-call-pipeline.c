/* cabine-call-pipeline.c: building blocks of the call's pipeline
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "cabine-call"

#include "cabine-call-pipeline.h"

#include <glib-unix.h>
#include <signal.h>

#include "cabine-call-audio.h"
#include "cabine-media-error.h"
#include "cabine-test-clip.h"
#include "cabine-video-paintable.h"

#define DEFAULT_VIDEO_DEVICE "/dev/video0"

static gboolean
is_one_of (const char *value,
           const char *first,
           ...) G_GNUC_NULL_TERMINATED;

static gboolean
is_one_of (const char *value,
           const char *first,
           ...)
{
  va_list args;
  gboolean found = FALSE;

  if (value == NULL)
    return FALSE;
  va_start (args, first);
  for (const char *name = first; name != NULL && !found; name = va_arg (args, const char *))
    found = g_str_equal (value, name);
  va_end (args);
  return found;
}

static gboolean
check_name (const char  *what,
            const char  *value,
            const char  *allowed,
            gboolean     ok,
            GError     **error)
{
  if (!ok)
    g_set_error (error, CABINE_MEDIA_ERROR, CABINE_MEDIA_ERROR_INVALID_ARGUMENT,
                 "unknown %s '%s' (expected %s)", what, value ? value : "(null)", allowed);
  return ok;
}

gboolean
cabine_call_pipeline_check_options (const CabineCallOptions  *options,
                                    GError                  **error)
{
  const char *device = options->video_device;

  if (!check_name ("video source", options->video_source, "test, v4l2 or auto",
                   is_one_of (options->video_source, "test", "v4l2", "auto", NULL), error) ||
      !check_name ("audio source", options->audio_source, "test or auto",
                   is_one_of (options->audio_source, "test", "auto", NULL), error) ||
      !check_name ("audio sink", options->audio_sink, "auto or fake",
                   is_one_of (options->audio_sink, "auto", "fake", NULL), error) ||
      !check_name ("video codec", options->video_codec, "h264 or vp8",
                   is_one_of (options->video_codec, "h264", "vp8", NULL), error) ||
      !check_name ("video encoder", options->video_encoder, "auto, openh264 or x264",
                   options->video_encoder == NULL ||
                   is_one_of (options->video_encoder, "auto", "openh264", "x264", NULL), error) ||
      !cabine_call_audio_check_options (options, error))
    return FALSE;

  /* The device path goes into a gst-launch description: accept plain paths only. */
  if (device != NULL &&
      (*device != '/' || strspn (device, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                         "0123456789/_.-") != strlen (device)))
    {
      g_set_error (error, CABINE_MEDIA_ERROR, CABINE_MEDIA_ERROR_INVALID_ARGUMENT,
                   "video device '%s' is not an absolute path of [A-Za-z0-9/_.-]", device);
      return FALSE;
    }
  return TRUE;
}

static gboolean
add_ice_url (const char  *url,
             JsonObject  *server,
             char       **stun,
             GPtrArray   *turn,
             GError     **error)
{
  const char *rest;
  gboolean secure = FALSE;
  const char *username, *credential;
  g_autofree char *user_escaped = NULL;
  g_autofree char *credential_escaped = NULL;

  /* RFC 7064 §3.1 (stun:, stuns:) and RFC 7065 §3.1 (turn:, turns:) URI syntax. */
  if (g_str_has_prefix (url, "stun:") || (secure = g_str_has_prefix (url, "stuns:")))
    {
      rest = url + (secure ? 6 : 5);
      if (*rest == '\0')
        goto bad;
      if (*stun == NULL)       /* webrtcbin takes a single STUN server */
        *stun = g_strconcat ("stun://", rest, NULL);
      return TRUE;
    }
  if (g_str_has_prefix (url, "turn:") || (secure = g_str_has_prefix (url, "turns:")))
    {
      rest = url + (secure ? 6 : 5);
      username = json_object_get_string_member_with_default (server, "username", NULL);
      credential = json_object_get_string_member_with_default (server, "credential", NULL);
      if (*rest == '\0')
        goto bad;
      if (username == NULL || credential == NULL)
        {
          g_set_error (error, CABINE_MEDIA_ERROR, CABINE_MEDIA_ERROR_INVALID_ARGUMENT,
                       "TURN server '%s' has no string \"username\" and \"credential\"", url);
          return FALSE;
        }
      user_escaped = g_uri_escape_string (username, NULL, FALSE);
      credential_escaped = g_uri_escape_string (credential, NULL, FALSE);
      g_ptr_array_add (turn, g_strdup_printf ("%s://%s:%s@%s", secure ? "turns" : "turn",
                                              user_escaped, credential_escaped, rest));
      return TRUE;
    }

bad:
  g_set_error (error, CABINE_MEDIA_ERROR, CABINE_MEDIA_ERROR_INVALID_ARGUMENT,
               "ICE server URL '%s' is not a stun:, stuns:, turn: or turns: URL with a host", url);
  return FALSE;
}

gboolean
cabine_call_pipeline_parse_ice_servers (JsonArray  *ice_servers,
                                        char      **out_stun,
                                        GStrv      *out_turn,
                                        GError    **error)
{
  g_autofree char *stun = NULL;
  g_autoptr(GPtrArray) turn = g_ptr_array_new_with_free_func (g_free);
  guint n = ice_servers != NULL ? json_array_get_length (ice_servers) : 0;

  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (ice_servers, i);
      JsonObject *server = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      JsonNode *urls = server != NULL ? json_object_get_member (server, "urls") : NULL;

      if (urls != NULL && JSON_NODE_HOLDS_VALUE (urls) &&
          json_node_get_value_type (urls) == G_TYPE_STRING)
        {
          if (!add_ice_url (json_node_get_string (urls), server, &stun, turn, error))
            return FALSE;
          continue;
        }
      if (urls != NULL && JSON_NODE_HOLDS_ARRAY (urls))
        {
          JsonArray *list = json_node_get_array (urls);
          gboolean ok = TRUE;

          for (guint j = 0; j < json_array_get_length (list) && ok; j++)
            {
              JsonNode *url = json_array_get_element (list, j);

              ok = JSON_NODE_HOLDS_VALUE (url) && json_node_get_value_type (url) == G_TYPE_STRING;
              if (ok && !add_ice_url (json_node_get_string (url), server, &stun, turn, error))
                return FALSE;
            }
          if (ok)
            continue;
        }
      g_set_error (error, CABINE_MEDIA_ERROR, CABINE_MEDIA_ERROR_INVALID_ARGUMENT,
                   "iceServers[%u] is not an object whose \"urls\" is a string or an array of "
                   "strings", i);
      return FALSE;
    }

  g_ptr_array_add (turn, NULL);
  *out_stun = g_steal_pointer (&stun);
  *out_turn = (GStrv) g_ptr_array_free (g_steal_pointer (&turn), FALSE);
  return TRUE;
}

GstElement *
cabine_call_pipeline_make_bin (const char  *description,
                               GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  GstElement *bin;

  bin = gst_parse_bin_from_description_full (description, TRUE, NULL,
                                             GST_PARSE_FLAG_FATAL_ERRORS, &local_error);
  if (bin != NULL)
    return bin;

  g_set_error (error, CABINE_MEDIA_ERROR,
               g_error_matches (local_error, GST_PARSE_ERROR, GST_PARSE_ERROR_NO_SUCH_ELEMENT) ?
               CABINE_MEDIA_ERROR_MISSING_ELEMENT : CABINE_MEDIA_ERROR_PIPELINE,
               "cannot build '%s': %s", description, local_error->message);
  return NULL;
}

GstElement *
cabine_call_pipeline_video_capture (const CabineCallOptions  *options,
                                    GError                  **error)
{
  const char *device = options->video_device ? options->video_device : DEFAULT_VIDEO_DEVICE;
  g_autofree char *caps = g_strdup_printf ("video/x-raw,format=I420,width=%d,height=%d,"
                                           "framerate=%d/1,pixel-aspect-ratio=1/1",
                                           CABINE_CALL_VIDEO_WIDTH, CABINE_CALL_VIDEO_HEIGHT,
                                           CABINE_CALL_VIDEO_FPS);
  g_autofree char *description = NULL;
  gboolean v4l2 = g_str_equal (options->video_source, "v4l2") ||
                  (g_str_equal (options->video_source, "auto") &&
                   g_file_test (device, G_FILE_TEST_EXISTS));

  if (v4l2)
    /* decodebin passes raw video through and decodes MJPEG, which UVC cameras send at 720p. */
    description = g_strdup_printf ("v4l2src device=%s ! decodebin ! videoconvertscale ! "
                                   "videorate ! %s", device, caps);
  else
    /* Colour bars scrolling sideways: the whole frame moves, as in front of a camera, so the
     * encoder has real work; drawn once and played in a loop, as a camera costs no drawing. */
    return cabine_test_clip_new (CABINE_CALL_VIDEO_WIDTH, CABINE_CALL_VIDEO_HEIGHT,
                                 CABINE_CALL_VIDEO_FPS, error);
  return cabine_call_pipeline_make_bin (description, error);
}

static void
set_rtp_caps (GstElement *bin,
              const char *media,
              const char *encoding,
              int         payload,
              int         clock_rate)
{
  g_autoptr(GstElement) filter = gst_bin_get_by_name (GST_BIN (bin), "rtpcaps");
  g_autoptr(GstCaps) caps = gst_caps_new_simple ("application/x-rtp",
                                                 "media", G_TYPE_STRING, media,
                                                 "encoding-name", G_TYPE_STRING, encoding,
                                                 "payload", G_TYPE_INT, payload,
                                                 "clock-rate", G_TYPE_INT, clock_rate,
                                                 "rtcp-fb-transport-cc", G_TYPE_BOOLEAN, TRUE,
                                                 "extmap-1", G_TYPE_STRING, CABINE_CALL_TWCC_URI,
                                                 NULL);

  if (g_str_equal (media, "video"))
    gst_caps_set_simple (caps,
                         "rtcp-fb-nack", G_TYPE_BOOLEAN, TRUE,
                         "rtcp-fb-nack-pli", G_TYPE_BOOLEAN, TRUE,
                         NULL);
  g_object_set (filter, "caps", caps, NULL);
}

const char *
cabine_call_pipeline_video_encoder_factory (const char *codec,
                                            const char *encoder)
{
  g_autoptr(GstElementFactory) openh264 = NULL;

  g_return_val_if_fail (codec != NULL, NULL);

  if (g_str_equal (codec, "vp8"))
    return "vp8enc";
  if (g_strcmp0 (encoder, "x264") == 0)
    return "x264enc";
  if (g_strcmp0 (encoder, "openh264") == 0)
    return "openh264enc";
  openh264 = gst_element_factory_find ("openh264enc");
  return openh264 != NULL ? "openh264enc" : "x264enc";
}

/* How each encoder takes its target bitrate: the property, and its unit. */
typedef struct {
  const char *factory;
  const char *property;
  guint       per_kbps;          /* property units per kbit/s */
  const char *max_property;      /* a peak cap kept equal to the target, or NULL */
} RateProperty;

static const RateProperty rate_properties[] = {
  { "x264enc", "bitrate", 1, NULL },                         /* guint, kbit/s */
  { "openh264enc", "bitrate", 1000, "max-bitrate" },         /* guint, bit/s */
  { "vp8enc", "target-bitrate", 1000, NULL },                /* gint, bit/s */
};

static const RateProperty *
rate_property (GstElement *encoder)
{
  GstElementFactory *factory = gst_element_get_factory (encoder);

  if (factory == NULL)
    return NULL;
  for (gsize i = 0; i < G_N_ELEMENTS (rate_properties); i++)
    if (g_str_equal (GST_OBJECT_NAME (factory), rate_properties[i].factory))
      return &rate_properties[i];
  return NULL;
}

gboolean
cabine_call_pipeline_set_video_kbps (GstElement *encoder,
                                     guint       kbps)
{
  const RateProperty *rate;
  GParamSpec *pspec;
  guint64 value = (guint64) kbps;

  g_return_val_if_fail (GST_IS_ELEMENT (encoder), FALSE);

  if ((rate = rate_property (encoder)) == NULL)
    return FALSE;
  value *= rate->per_kbps;
  pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (encoder), rate->property);
  if (pspec == NULL)
    return FALSE;
  if (G_PARAM_SPEC_VALUE_TYPE (pspec) == G_TYPE_INT)
    g_object_set (encoder, rate->property, (int) MIN (value, (guint64) G_MAXINT), NULL);
  else
    g_object_set (encoder, rate->property, (guint) MIN (value, (guint64) G_MAXUINT), NULL);
  if (rate->max_property != NULL)
    g_object_set (encoder, rate->max_property, (guint) MIN (value, (guint64) G_MAXUINT), NULL);
  return TRUE;
}

guint
cabine_call_pipeline_get_video_kbps (GstElement *encoder)
{
  const RateProperty *rate;
  GParamSpec *pspec;
  GValue value = G_VALUE_INIT;
  guint64 units = 0;

  g_return_val_if_fail (GST_IS_ELEMENT (encoder), 0);

  if ((rate = rate_property (encoder)) == NULL ||
      (pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (encoder), rate->property)) == NULL)
    return 0;
  g_value_init (&value, G_PARAM_SPEC_VALUE_TYPE (pspec));
  g_object_get_property (G_OBJECT (encoder), rate->property, &value);
  if (G_VALUE_HOLDS_INT (&value))
    units = (guint64) MAX (g_value_get_int (&value), 0);
  else if (G_VALUE_HOLDS_UINT (&value))
    units = g_value_get_uint (&value);
  g_value_unset (&value);
  return (guint) (units / rate->per_kbps);
}

/* The encoder's settings for a real-time call, each bounded by what the SDP and the physician's
 * browser expect: H.264 constrained baseline (the profile-level-id the offer carries, RFC 6184
 * §8.1, and what every WebRTC browser decodes), no B-frames, a key frame at least every
 * CABINE_CALL_KEYFRAME_INTERVAL frames and on every force-key-unit event (GstVideoEncoder turns the
 * event into a forced key frame: the call asks for one on connect and on each PLI), the target
 * bitrate set afterwards by cabine_call_pipeline_set_video_kbps(). */
static char *
encoder_description (const char *factory)
{
  if (g_str_equal (factory, "openh264enc"))
    /* OpenH264, the encoder Chromium itself uses for H.264: "camera" usage (real-time), bitrate
     * rate control capped by max-bitrate (kept equal to the target), no frame skipping (the
     * physician gets every frame), the fastest complexity; one thread and one slice: 720p at
     * complexity=low takes about 1.5 ms a frame, and two threads with a slice each cost 25–70 %
     * more CPU for the same 900 frames here (their synchronisation), on a 2-core kiosk whose other
     * core has GTK and the decoder. Its scene-change detection stays on: a cut makes an IDR frame
     * rather than a smeared P frame. */
    return g_strdup_printf ("openh264enc name=encoder usage-type=camera complexity=low "
                            "rate-control=bitrate enable-frame-skip=false gop-size=%d "
                            "multi-thread=1 slice-mode=n-slices num-slices=1",
                            CABINE_CALL_KEYFRAME_INTERVAL);
  if (g_str_equal (factory, "x264enc"))
    return g_strdup_printf ("x264enc name=encoder tune=zerolatency speed-preset=ultrafast "
                            "key-int-max=%d", CABINE_CALL_KEYFRAME_INTERVAL);
  return g_strdup_printf ("vp8enc name=encoder deadline=1 cpu-used=8 threads=2 "
                          "error-resilient=partitions end-usage=cbr keyframe-max-dist=%d",
                          CABINE_CALL_KEYFRAME_INTERVAL);
}

GstElement *
cabine_call_pipeline_video_sender (const char  *codec,
                                   const char  *encoder,
                                   GError     **error)
{
  const char *factory = cabine_call_pipeline_video_encoder_factory (codec, encoder);
  g_autofree char *settings = encoder_description (factory);
  g_autofree char *description = NULL;
  g_autoptr(GstElement) element = NULL;
  GstElement *bin;
  gboolean h264 = g_str_equal (codec, "h264");

  /* rtph264pay puts the stream's profile-level-id (RFC 6184 §8.1) into its caps, and so into the
   * SDP offer, only when its input caps carry the level or an avcC record: x264enc's caps do,
   * openh264enc's (1.22) do not, and an offer without it lost the remote audio in
   * tests/unit/media/test-call.c. h264parse reads both from the encoder's SPS (42c01f, constrained
   * baseline level 3.1, at 720p30). */
  description = g_strdup_printf (
    "queue max-size-buffers=2 max-size-bytes=0 max-size-time=0 leaky=downstream ! %s ! %s",
    settings,
    !h264 ? "rtpvp8pay name=pay picture-id-mode=15-bit ! capsfilter name=rtpcaps" :
    g_str_equal (factory, "openh264enc") ?
      "video/x-h264,profile=constrained-baseline ! h264parse ! "
      "rtph264pay name=pay config-interval=-1 aggregate-mode=zero-latency ! "
      "capsfilter name=rtpcaps" :
      "video/x-h264,profile=constrained-baseline ! "
      "rtph264pay name=pay config-interval=-1 aggregate-mode=zero-latency ! "
      "capsfilter name=rtpcaps");

  bin = cabine_call_pipeline_make_bin (description, error);
  if (bin == NULL)
    return NULL;
  g_debug ("video encoder: %s", factory);
  element = gst_bin_get_by_name (GST_BIN (bin), "encoder");
  cabine_call_pipeline_set_video_kbps (element, CABINE_CALL_VIDEO_KBPS);
  set_rtp_caps (bin, "video", h264 ? "H264" : "VP8", CABINE_CALL_VIDEO_PT, 90000);
  return bin;
}

/* The format parameters the payloaders put in their caps for the streams the call sends, which
 * webrtcbin writes into the offer (see the header for their sources). */
static void
add_format_parameters (GstStructure *s)
{
  const char *encoding = gst_structure_get_string (s, "encoding-name");

  if (g_strcmp0 (encoding, "H264") == 0)
    gst_structure_set (s,
                       "packetization-mode", G_TYPE_STRING, "1",
                       "profile-level-id", G_TYPE_STRING, "42c01f",
                       "level-asymmetry-allowed", G_TYPE_STRING, "1",
                       NULL);
  else if (g_strcmp0 (encoding, "OPUS") == 0)
    gst_structure_set (s,
                       "encoding-params", G_TYPE_STRING, "2",
                       "sprop-stereo", G_TYPE_STRING, "0",
                       "sprop-maxcapturerate", G_TYPE_STRING, "48000",
                       NULL);
}

gboolean
cabine_call_pipeline_announce_stream (GstElement  *sender,
                                      GstPad      *webrtc_sink,
                                      GError     **error)
{
  g_autoptr(GstElement) filter = NULL;
  g_autoptr(GstPad) filter_sink = NULL;
  g_autoptr(GstPad) pay_src = NULL;
  g_autoptr(GstElement) pay = NULL;
  g_autoptr(GstObject) transceiver = NULL;   /* GstWebRTCRTPTransceiver */
  g_autoptr(GstCaps) caps = NULL;
  guint32 ssrc;

  g_return_val_if_fail (GST_IS_BIN (sender), FALSE);
  g_return_val_if_fail (GST_IS_PAD (webrtc_sink), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if ((filter = gst_bin_get_by_name (GST_BIN (sender), "rtpcaps")) != NULL &&
      (filter_sink = gst_element_get_static_pad (filter, "sink")) != NULL &&
      (pay_src = gst_pad_get_peer (filter_sink)) != NULL)
    pay = gst_pad_get_parent_element (pay_src);
  if (pay == NULL || g_object_class_find_property (G_OBJECT_GET_CLASS (pay), "ssrc") == NULL)
    {
      g_set_error (error, CABINE_MEDIA_ERROR, CABINE_MEDIA_ERROR_PIPELINE,
                   "%s has no RTP payloader before a capsfilter named rtpcaps",
                   GST_OBJECT_NAME (sender));
      return FALSE;
    }
  g_object_get (webrtc_sink, "transceiver", &transceiver, NULL);
  if (transceiver == NULL)
    {
      g_set_error (error, CABINE_MEDIA_ERROR, CABINE_MEDIA_ERROR_PIPELINE,
                   "webrtcbin's pad %s has no transceiver", GST_PAD_NAME (webrtc_sink));
      return FALSE;
    }

  /* RFC 3550 §8.1: random; GstRTPBasePayload takes G_MAXUINT32 as "pick one yourself". */
  do
    ssrc = g_random_int ();
  while (ssrc == 0 || ssrc == G_MAXUINT32);
  g_object_set (pay, "ssrc", ssrc, NULL);

  g_object_get (filter, "caps", &caps, NULL);
  caps = gst_caps_make_writable (caps);
  for (guint i = 0; i < gst_caps_get_size (caps); i++)
    {
      GstStructure *s = gst_caps_get_structure (caps, i);

      gst_structure_set (s, "ssrc", G_TYPE_UINT, ssrc, NULL);
      add_format_parameters (s);
    }
  g_object_set (transceiver, "codec-preferences", caps, NULL);
  return TRUE;
}

void
cabine_call_pipeline_strip_sprop (GstSDPMessage *sdp)
{
  g_return_if_fail (sdp != NULL);

  for (guint m = 0; m < gst_sdp_message_medias_len (sdp); m++)
    {
      GstSDPMedia *media = (GstSDPMedia *) gst_sdp_message_get_media (sdp, m);

      for (guint a = 0; a < gst_sdp_media_attributes_len (media); a++)
        {
          const GstSDPAttribute *attr = gst_sdp_media_get_attribute (media, a);
          const char *params;
          g_auto(GStrv) list = NULL;
          g_autoptr(GPtrArray) kept = NULL;
          g_autofree char *format = NULL;
          g_autofree char *joined = NULL;
          GstSDPAttribute replacement;

          /* RFC 8866 §6.15: "a=fmtp:<format> <format specific parameters>", here
           * semicolon-separated name=value pairs (RFC 6184 §8.1). */
          if (g_strcmp0 (attr->key, "fmtp") != 0 || attr->value == NULL ||
              strstr (attr->value, "sprop-parameter-sets=") == NULL ||
              (params = strchr (attr->value, ' ')) == NULL)
            continue;
          format = g_strndup (attr->value, params - attr->value);
          list = g_strsplit (params + 1, ";", -1);
          kept = g_ptr_array_new ();
          for (char **p = list; *p != NULL; p++)
            if (!g_str_has_prefix (g_strstrip (*p), "sprop-parameter-sets=") && **p != '\0')
              g_ptr_array_add (kept, *p);
          g_ptr_array_add (kept, NULL);
          joined = g_strjoinv (";", (char **) kept->pdata);
          {
            g_autofree char *value = g_strdup_printf ("%s %s", format, joined);

            gst_sdp_attribute_set (&replacement, "fmtp", value);
            gst_sdp_media_replace_attribute (media, a, &replacement);
          }
        }
    }
}

GstElement *
cabine_call_pipeline_audio_sender (const char  *source,
                                   GError     **error)
{
  g_autofree char *description = NULL;
  GstElement *bin;

  description = g_strdup_printf (
    "%s ! audioconvert ! audioresample ! queue max-size-time=200000000 leaky=downstream ! "
    "opusenc frame-size=20 ! rtpopuspay name=pay ! capsfilter name=rtpcaps",
    cabine_call_audio_source_description (source));
  bin = cabine_call_pipeline_make_bin (description, error);
  if (bin != NULL)
    set_rtp_caps (bin, "audio", "OPUS", CABINE_CALL_AUDIO_PT, 48000);
  return bin;
}

GstElement *
cabine_call_pipeline_audio_receiver (const char  *sink,
                                     GError     **error)
{
  g_autofree char *description = g_strdup_printf ("queue ! audioconvert ! audioresample ! %s",
                                                   cabine_call_audio_sink_description (sink));

  return cabine_call_pipeline_make_bin (description, error);
}

/* The view's appsink says it reads frames through their GstVideoMeta (the paintable maps them with
 * gst_video_frame_map(), which follows the meta's plane offsets and strides): FFmpeg's decoder
 * then decodes into the buffers it hands downstream (direct rendering) instead of copying each
 * picture out of its own padded frames, 1.4 MB a 720p frame. */
static GstPadProbeReturn
answer_allocation (GstPad          *pad,
                   GstPadProbeInfo *info,
                   gpointer         data)
{
  GstQuery *query = GST_PAD_PROBE_INFO_QUERY (info);

  if (GST_QUERY_TYPE (query) != GST_QUERY_ALLOCATION)
    return GST_PAD_PROBE_OK;
  gst_query_add_allocation_meta (query, GST_VIDEO_META_API_TYPE, NULL);
  return GST_PAD_PROBE_HANDLED;
}

GstElement *
cabine_call_pipeline_video_view (int          max_fps,
                                 GError     **error)
{
  g_autofree char *rate = max_fps > 0 ?
    g_strdup_printf ("videorate drop-only=true max-rate=%d ! ", max_fps) : g_strdup ("");
  g_autofree char *description = NULL;
  GstElement *bin;

  /* Frames above max_fps go before any work; I420 (the decoder's and the cameras' format) goes
   * through to the paintable, which converts it with libyuv in this same streaming thread (0.1 ms
   * a 720p frame); videoconvert works only for other formats. No queue: the appsink keeps no
   * frame (drop=true) and the paintable only the latest, so nothing upstream ever waits for the
   * view, and the thread hand-off a queue costs (one per frame) is saved. The appsink does not
   * sync: the jitter buffer (remote) or the live source (local) already paces the frames. */
  description = g_strdup_printf ("%svideoconvert ! "
                                 "appsink name=sink max-buffers=1 drop=true sync=false "
                                 "caps=\"%s\"",
                                 rate, CABINE_VIDEO_PAINTABLE_CAPS);
  bin = cabine_call_pipeline_make_bin (description, error);
  if (bin != NULL)
    {
      g_autoptr(GstElement) sink = gst_bin_get_by_name (GST_BIN (bin), "sink");
      g_autoptr(GstPad) pad = gst_element_get_static_pad (sink, "sink");

      gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_QUERY_DOWNSTREAM, answer_allocation, NULL, NULL);
    }
  return bin;
}

static gboolean
inside_webrtcbin (GstElement *element)
{
  g_autoptr(GstObject) parent = gst_object_get_parent (GST_OBJECT (element));

  while (parent != NULL)
    {
      GstElementFactory *factory = GST_IS_ELEMENT (parent) ?
                                   gst_element_get_factory (GST_ELEMENT (parent)) : NULL;
      GstObject *up;

      if (factory != NULL && g_str_equal (GST_OBJECT_NAME (factory), "webrtcbin"))
        return TRUE;
      up = gst_object_get_parent (parent);
      gst_object_unref (parent);
      parent = up;
    }
  return FALSE;
}

/* The elements of webrtcbin's send path that wait for the clock: its RTP nicesinks, and the
 * clocksync it puts in front of each transceiver's input (1.22), which held our video 28 ms and
 * our audio 19 ms (median, GStreamer's latency tracer) before they reached the network. */
static void
unsync_if_sender (GstElement *element)
{
  GstElementFactory *factory = gst_element_get_factory (element);

  /* only webrtcbin's own: the test camera paces its frames with a clocksync (cabine-test-clip.c) */
  if (factory != NULL && (g_str_equal (GST_OBJECT_NAME (factory), "nicesink") ||
                          g_str_equal (GST_OBJECT_NAME (factory), "clocksync")) &&
      inside_webrtcbin (element))
    g_object_set (element, "sync", FALSE, NULL);
}

static void
unsync_nicesinks (GstElement *element)
{
  g_autoptr(GstIterator) it = NULL;
  GValue item = G_VALUE_INIT;

  unsync_if_sender (element);
  if (!GST_IS_BIN (element))
    return;
  /* A transport bin may be filled before it is added: look inside it too. */
  it = gst_bin_iterate_recurse (GST_BIN (element));
  while (gst_iterator_next (it, &item) == GST_ITERATOR_OK)
    {
      unsync_if_sender (g_value_get_object (&item));
      g_value_reset (&item);
    }
  g_value_unset (&item);
}

static void
on_deep_element_added (GstBin     *bin,
                       GstBin     *sub_bin,
                       GstElement *element,
                       gpointer    data)
{
  unsync_nicesinks (element);
}

void
cabine_call_pipeline_send_unsynced (GstElement *pipeline)
{
  g_return_if_fail (GST_IS_BIN (pipeline));

  unsync_nicesinks (pipeline);
  g_signal_connect (pipeline, "deep-element-added", G_CALLBACK (on_deep_element_added), NULL);
}

static void
on_new_jitterbuffer (GstElement *rtpbin,
                     GstElement *jitterbuffer,
                     guint       session,
                     guint       ssrc,
                     gpointer    data)
{
  g_object_set (jitterbuffer, "faststart-min-packets", CABINE_CALL_FASTSTART_PACKETS, NULL);
}

gboolean
cabine_call_pipeline_tune_rtp (GstElement  *webrtc,
                               GError     **error)
{
  g_autoptr(GstIterator) it = NULL;
  GValue item = G_VALUE_INIT;
  GstElement *rtpbin = NULL;

  g_return_val_if_fail (GST_IS_BIN (webrtc), FALSE);

  it = gst_bin_iterate_elements (GST_BIN (webrtc));
  while (rtpbin == NULL && gst_iterator_next (it, &item) == GST_ITERATOR_OK)
    {
      GstElement *child = g_value_get_object (&item);
      GstElementFactory *factory = gst_element_get_factory (child);

      if (factory != NULL && g_str_equal (GST_OBJECT_NAME (factory), "rtpbin"))
        rtpbin = gst_object_ref (child);
      g_value_reset (&item);
    }
  g_value_unset (&item);
  if (rtpbin == NULL)
    {
      g_set_error (error, CABINE_MEDIA_ERROR, CABINE_MEDIA_ERROR_PIPELINE,
                   "webrtcbin has no rtpbin inside: cannot set its RTCP and jitter buffer timing");
      return FALSE;
    }
  g_object_set (rtpbin, "rtcp-sync-send-time", FALSE, NULL);
  g_signal_connect (rtpbin, "new-jitterbuffer", G_CALLBACK (on_new_jitterbuffer), NULL);
  gst_object_unref (rtpbin);
  return TRUE;
}

static gint bench_markers;         /* atomic: the marker phase has begun (SIGUSR2) */
static gint bench_remote_frames;   /* atomic: remote frames handed to the view */

static gboolean
on_bench_markers (gpointer data)
{
  g_atomic_int_set (&bench_markers, 1);
  return G_SOURCE_CONTINUE;
}

static gboolean
on_bench_count (gpointer data)
{
  g_printerr ("cabine-bench: remote-frames count=%d\n", g_atomic_int_get (&bench_remote_frames));
  return G_SOURCE_CONTINUE;
}

gboolean
cabine_call_pipeline_bench_enabled (void)
{
  static gsize once = 0;
  static gboolean enabled;

  if (g_once_init_enter (&once))
    {
      enabled = g_strcmp0 (g_getenv (CABINE_CALL_BENCH_ENV), "1") == 0;
      if (enabled)
        {
          g_unix_signal_add (SIGUSR1, on_bench_count, NULL);
          g_unix_signal_add (SIGUSR2, on_bench_markers, NULL);
        }
      g_once_init_leave (&once, 1);
    }
  return enabled;
}

gboolean
cabine_call_pipeline_bench_markers_on (void)
{
  return cabine_call_pipeline_bench_enabled () && g_atomic_int_get (&bench_markers);
}

void
cabine_call_pipeline_bench_count_remote_frame (void)
{
  g_atomic_int_inc (&bench_remote_frames);
}

/* Block @i (0 ≤ i < 2 × CABINE_CALL_MARKER_BITS) spans [*x0, *x1) × [*y0, height). */
static void
marker_block (int  width,
              int  height,
              int  i,
              int *x0,
              int *x1,
              int *y0)
{
  *x0 = i * width / (2 * CABINE_CALL_MARKER_BITS);
  *x1 = (i + 1) * width / (2 * CABINE_CALL_MARKER_BITS);
  *y0 = height - height / 30;
}

static gboolean
marker_bit (guint32 value,
            int     i)
{
  gboolean bit = (value >> (CABINE_CALL_MARKER_BITS - 1 - i % CABINE_CALL_MARKER_BITS)) & 1;

  return i < CABINE_CALL_MARKER_BITS ? bit : !bit;
}

void
cabine_call_pipeline_stamp_marker (GstVideoFrame *frame,
                                   guint32        value)
{
  int width = GST_VIDEO_FRAME_WIDTH (frame);
  int height = GST_VIDEO_FRAME_HEIGHT (frame);
  guint8 *luma = GST_VIDEO_FRAME_PLANE_DATA (frame, 0);
  int stride = GST_VIDEO_FRAME_PLANE_STRIDE (frame, 0);

  g_return_if_fail (GST_VIDEO_FRAME_FORMAT (frame) == GST_VIDEO_FORMAT_I420);
  if (width < 2 * CABINE_CALL_MARKER_BITS || height < 30)
    return;

  for (int i = 0; i < 2 * CABINE_CALL_MARKER_BITS; i++)
    {
      int x0, x1, y0;
      guint8 level = marker_bit (value, i) ? 235 : 16;

      marker_block (width, height, i, &x0, &x1, &y0);
      for (int y = y0; y < height; y++)
        memset (luma + (gsize) y * stride + x0, level, x1 - x0);
    }
  for (int plane = 1; plane <= 2; plane++)
    {
      guint8 *chroma = GST_VIDEO_FRAME_PLANE_DATA (frame, plane);
      int cstride = GST_VIDEO_FRAME_PLANE_STRIDE (frame, plane);
      int ch = GST_VIDEO_FRAME_COMP_HEIGHT (frame, plane);
      int cw = GST_VIDEO_FRAME_COMP_WIDTH (frame, plane);

      for (int y = (height - height / 30) / 2; y < ch; y++)
        memset (chroma + (gsize) y * cstride, 128, cw);
    }
}

gboolean
cabine_call_pipeline_read_marker (const GstVideoFrame *frame,
                                  guint32             *out_value)
{
  int width = GST_VIDEO_FRAME_WIDTH (frame);
  int height = GST_VIDEO_FRAME_HEIGHT (frame);
  const guint8 *pixels = GST_VIDEO_FRAME_PLANE_DATA (frame, 0);
  int stride = GST_VIDEO_FRAME_PLANE_STRIDE (frame, 0);
  guint32 value = 0;

  gboolean yuv = GST_VIDEO_FORMAT_INFO_IS_YUV (frame->info.finfo);
  int pstride = GST_VIDEO_FRAME_COMP_PSTRIDE (frame, 0);

  /* Y' (component 0 of a YUV format) or the three colour bytes of packed RGB with alpha. */
  if (width < 2 * CABINE_CALL_MARKER_BITS || height < 30 || (!yuv && pstride != 4))
    return FALSE;

  for (int i = 0; i < 2 * CABINE_CALL_MARKER_BITS; i++)
    {
      int x0, x1, y0;
      const guint8 *p;
      gboolean bit;

      marker_block (width, height, i, &x0, &x1, &y0);
      p = pixels + (gsize) ((y0 + height) / 2) * stride + (gsize) ((x0 + x1) / 2) * pstride;
      /* Alpha is either first or last: average the three bytes that are colour. */
      if (yuv)
        bit = p[GST_VIDEO_FRAME_COMP_OFFSET (frame, 0)] >= 128;
      else
        bit = (GST_VIDEO_FRAME_COMP_OFFSET (frame, 3) == 0 ? p[1] + p[2] + p[3]
                                                          : p[0] + p[1] + p[2]) >= 3 * 128;
      if (i < CABINE_CALL_MARKER_BITS)
        value = (value << 1) | (bit ? 1 : 0);
      else if (bit != !((value >> (CABINE_CALL_MARKER_BITS - 1 - (i - CABINE_CALL_MARKER_BITS))) & 1))
        return FALSE;
    }
  *out_value = value;
  return TRUE;
}
