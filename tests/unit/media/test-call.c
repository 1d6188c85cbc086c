/* test-call.c: a CabineCall against a plain webrtcbin answerer, in process
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-call"

#include <string.h>

#include <gst/gst.h>
#include <gst/sdp/sdp.h>
#define GST_USE_UNSTABLE_API
#include <gst/webrtc/webrtc.h>

#include "cabine-call.h"
#include "cabine-call-private.h"
#include "cabine-call-pipeline.h"
#include "cabine-media-error.h"
#include "cabine-protocol.h"
#include "cabine-video-paintable.h"

/* The physician's side: sends 720p H.264 and Opus back, counts what it receives, answers the
 * data channel. Everything it learns is handed to the main context. */
typedef struct {
  GstElement *pipeline;
  GstElement *webrtc;
  CabineCall *call;
  GstWebRTCDataChannel *channel;   /* the kiosk's channel, as seen here */

  gint video_frames;               /* streaming threads */
  gint audio_packets;

  /* main context */
  char *data_from_kiosk;
  char *data_from_answerer;
  gboolean kiosk_channel_open;
  gboolean first_frame;
  gboolean reached_connected;
  guint offers;
  guint candidates;
} Peers;

static const char *answerer_description =
  "webrtcbin name=answerer bundle-policy=max-bundle "
  "videotestsrc is-live=true pattern=smpte ! "
  "video/x-raw,format=I420,width=1280,height=720,framerate=30/1 ! "
  "x264enc tune=zerolatency speed-preset=ultrafast key-int-max=30 bitrate=800 ! "
  "video/x-h264,profile=constrained-baseline ! rtph264pay config-interval=-1 ! "
  "application/x-rtp,media=video,encoding-name=H264,payload=96 ! answerer. "
  "audiotestsrc is-live=true wave=sine volume=0.05 ! opusenc ! rtpopuspay ! "
  "application/x-rtp,media=audio,encoding-name=OPUS,payload=97 ! answerer. ";

typedef struct {
  Peers *peers;
  JsonObject *msg;
} ToCall;

static gboolean
deliver_to_call (gpointer data)
{
  ToCall *to_call = data;
  g_autoptr(GError) error = NULL;

  cabine_call_handle_signal (to_call->peers->call, to_call->msg, &error);
  g_assert_no_error (error);
  json_object_unref (to_call->msg);
  g_free (to_call);
  return G_SOURCE_REMOVE;
}

static void
send_to_call (Peers      *peers,
              JsonObject *msg)
{
  ToCall *to_call = g_new (ToCall, 1);

  to_call->peers = peers;
  to_call->msg = msg;
  g_idle_add (deliver_to_call, to_call);
}

static void
on_answer_created (GstPromise *promise,
                   gpointer    data)
{
  Peers *peers = data;
  GstWebRTCSessionDescription *answer = NULL;
  JsonObject *msg = cabine_protocol_new_message ("answer", "session-1");
  char *sdp;

  g_assert_cmpint (gst_promise_wait (promise), ==, GST_PROMISE_RESULT_REPLIED);
  gst_structure_get (gst_promise_get_reply (promise), "answer",
                     GST_TYPE_WEBRTC_SESSION_DESCRIPTION, &answer, NULL);
  gst_promise_unref (promise);
  g_assert_nonnull (answer);
  g_signal_emit_by_name (peers->webrtc, "set-local-description", answer, NULL);
  sdp = gst_sdp_message_as_text (answer->sdp);
  json_object_set_string_member (msg, "sdp", sdp);
  g_free (sdp);
  gst_webrtc_session_description_free (answer);
  send_to_call (peers, msg);
}

static void
on_offer_set (GstPromise *promise,
              gpointer    data)
{
  Peers *peers = data;

  gst_promise_unref (promise);
  g_signal_emit_by_name (peers->webrtc, "create-answer", NULL,
                         gst_promise_new_with_change_func (on_answer_created, peers, NULL));
}

/* The kiosk's messages, as the hub would relay them. */
static void
on_call_send_signal (CabineCall *call,
                     JsonObject *msg,
                     Peers      *peers)
{
  const char *type = json_object_get_string_member (msg, "type");

  if (g_str_equal (type, "offer"))
    {
      GstSDPMessage *sdp = NULL;
      GstWebRTCSessionDescription *offer;
      const char *text = json_object_get_string_member (msg, "sdp");

      peers->offers++;
      /* The data channel and both media are in the offer (created before it). */
      g_assert_nonnull (strstr (text, "m=application"));
      g_assert_nonnull (strstr (text, "m=video"));
      g_assert_nonnull (strstr (text, "m=audio"));
      g_assert_nonnull (strstr (text, "transport-wide-cc"));
      g_assert_cmpint (gst_sdp_message_new_from_text (text, &sdp), ==, GST_SDP_OK);
      offer = gst_webrtc_session_description_new (GST_WEBRTC_SDP_TYPE_OFFER, sdp);
      g_signal_emit_by_name (peers->webrtc, "set-remote-description", offer,
                             gst_promise_new_with_change_func (on_offer_set, peers, NULL));
      gst_webrtc_session_description_free (offer);
    }
  else if (g_str_equal (type, "ice"))
    {
      const char *candidate = json_object_get_string_member (msg, "candidate");

      g_assert_true (json_object_has_member (msg, "sdpMLineIndex"));
      if (*candidate != '\0')
        {
          peers->candidates++;
          g_signal_emit_by_name (peers->webrtc, "add-ice-candidate",
                                 (guint) json_object_get_int_member (msg, "sdpMLineIndex"),
                                 candidate);
        }
    }
  else
    g_assert_not_reached ();
}

static void
on_answerer_candidate (GstElement *webrtc,
                       guint       mline,
                       const char *candidate,
                       Peers      *peers)
{
  JsonObject *msg = cabine_protocol_new_message ("ice", "session-1");

  json_object_set_string_member (msg, "candidate", candidate);
  json_object_set_int_member (msg, "sdpMLineIndex", mline);
  send_to_call (peers, msg);
}

static GstPadProbeReturn
count_buffers (GstPad          *pad,
               GstPadProbeInfo *info,
               gpointer         counter)
{
  g_atomic_int_inc ((gint *) counter);
  return GST_PAD_PROBE_OK;
}

static void
on_answerer_decoded (GstElement *decodebin,
                     GstPad     *pad,
                     Peers      *peers)
{
  g_autoptr(GstCaps) caps = gst_pad_get_current_caps (pad);
  GstElement *sink = gst_element_factory_make ("fakesink", NULL);
  g_autoptr(GstPad) sinkpad = gst_element_get_static_pad (sink, "sink");

  if (g_str_has_prefix (gst_structure_get_name (gst_caps_get_structure (caps, 0)), "video/"))
    gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, count_buffers, &peers->video_frames, NULL);
  g_object_set (sink, "sync", TRUE, NULL);
  gst_bin_add (GST_BIN (peers->pipeline), sink);
  gst_element_sync_state_with_parent (sink);
  g_assert_cmpint (gst_pad_link (pad, sinkpad), ==, GST_PAD_LINK_OK);
}

static void
on_answerer_pad (GstElement *webrtc,
                 GstPad     *pad,
                 Peers      *peers)
{
  g_autoptr(GstCaps) caps = NULL;
  GstElement *decodebin;
  g_autoptr(GstPad) sinkpad = NULL;

  if (GST_PAD_DIRECTION (pad) != GST_PAD_SRC)
    return;
  caps = gst_pad_get_current_caps (pad);
  if (g_strcmp0 (gst_structure_get_string (gst_caps_get_structure (caps, 0), "media"),
                 "audio") == 0)
    gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, count_buffers, &peers->audio_packets, NULL);
  decodebin = gst_element_factory_make ("decodebin", NULL);
  g_signal_connect (decodebin, "pad-added", G_CALLBACK (on_answerer_decoded), peers);
  gst_bin_add (GST_BIN (peers->pipeline), decodebin);
  gst_element_sync_state_with_parent (decodebin);
  sinkpad = gst_element_get_static_pad (decodebin, "sink");
  g_assert_cmpint (gst_pad_link (pad, sinkpad), ==, GST_PAD_LINK_OK);
}

static gboolean
answer_data (gpointer data)
{
  Peers *peers = data;

  gst_webrtc_data_channel_send_string (peers->channel, "pong from the physician");
  return G_SOURCE_REMOVE;
}

static void
on_answerer_data (GstWebRTCDataChannel *channel,
                  const char           *text,
                  Peers                *peers)
{
  /* SCTP thread: record and answer from the main context */
  g_assert_null (g_atomic_pointer_get (&peers->data_from_kiosk));
  g_atomic_pointer_set (&peers->data_from_kiosk, g_strdup (text));
  g_idle_add (answer_data, peers);
}

static void
on_answerer_channel (GstElement           *webrtc,
                     GstWebRTCDataChannel *channel,
                     Peers                *peers)
{
  g_autofree char *label = NULL;

  g_object_get (channel, "label", &label, NULL);
  g_assert_cmpstr (label, ==, CABINE_CALL_DATA_CHANNEL_LABEL);
  peers->channel = g_object_ref (channel);
  g_signal_connect (channel, "on-message-string", G_CALLBACK (on_answerer_data), peers);
}

static void
on_call_state (CabineCall      *call,
               CabineCallState  state,
               Peers           *peers)
{
  g_assert_cmpint (state, !=, CABINE_CALL_STATE_FAILED);
  if (state == CABINE_CALL_STATE_CONNECTED)
    peers->reached_connected = TRUE;
}

static void
on_call_error (CabineCall   *call,
               const GError *error,
               Peers        *peers)
{
  g_error ("call error: %s", error->message);
}

static void
on_call_channel_open (CabineCall *call,
                      Peers      *peers)
{
  g_autoptr(GError) error = NULL;

  peers->kiosk_channel_open = TRUE;
  g_assert_true (cabine_call_send_data (call, "{\"type\":\"ping\"}", &error));
  g_assert_no_error (error);
}

static void
on_call_data (CabineCall *call,
              const char *text,
              Peers      *peers)
{
  g_assert_null (peers->data_from_answerer);
  peers->data_from_answerer = g_strdup (text);
}

static void
on_first_frame (CabineCall *call,
                Peers      *peers)
{
  CabineCallStats stats;

  cabine_call_get_stats (call, &stats);
  g_assert_cmpint (stats.first_remote_frame_us, >, 0);
  peers->first_frame = TRUE;
}

static gboolean
call_is_flowing (Peers *peers)
{
  CabineCallStats stats;
  GdkPaintable *remote = cabine_call_get_remote_paintable (peers->call);
  GdkTexture *texture = cabine_video_paintable_get_texture (CABINE_VIDEO_PAINTABLE (remote));

  cabine_call_get_stats (peers->call, &stats);
  return stats.video_frames_decoded > 30 && stats.audio_packets_received > 20 &&
         stats.video_frames_sent > 30 && stats.audio_packets_sent > 20 &&
         g_atomic_int_get (&peers->video_frames) > 30 &&
         g_atomic_int_get (&peers->audio_packets) > 20 &&
         peers->data_from_answerer != NULL && peers->first_frame && peers->reached_connected &&
         texture != NULL;
}

static void
test_call_loopback (void)
{
  CabineCallOptions options;
  Peers peers = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) bad = NULL;
  g_autoptr(GstElement) ice = NULL;
  GdkPaintable *remote, *local;
  GdkTexture *texture;
  CabineCallStats stats;
  gint64 deadline, started_us;
  gboolean added = FALSE;

  cabine_call_options_init (&options);
  options.video_source = "test";
  options.audio_source = "test";
  options.audio_sink = "fake";
  options.ice_loopback = TRUE;
  peers.call = cabine_call_new (&options, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cabine_call_get_state (peers.call), ==, CABINE_CALL_STATE_NEW);

  peers.pipeline = gst_parse_launch (answerer_description, &error);
  g_assert_no_error (error);
  peers.webrtc = gst_bin_get_by_name (GST_BIN (peers.pipeline), "answerer");
  g_object_get (peers.webrtc, "ice-agent", &ice, NULL);
  g_signal_emit_by_name (ice, "add-local-ip-address", "127.0.0.1", &added);
  g_assert_true (added);
  {
    g_autoptr(GObject) agent = NULL;

    /* as the kiosk does (cabine-call-streams.c): no UPnP port mapping on this loopback call */
    g_object_get (ice, "agent", &agent, NULL);
    g_object_set (agent, "upnp", FALSE, NULL);
  }
  g_signal_connect (peers.webrtc, "on-ice-candidate", G_CALLBACK (on_answerer_candidate), &peers);
  g_signal_connect (peers.webrtc, "pad-added", G_CALLBACK (on_answerer_pad), &peers);
  g_signal_connect (peers.webrtc, "on-data-channel", G_CALLBACK (on_answerer_channel), &peers);
  g_assert_cmpint (gst_element_set_state (peers.pipeline, GST_STATE_PLAYING), !=,
                   GST_STATE_CHANGE_FAILURE);

  g_signal_connect (peers.call, "send-signal", G_CALLBACK (on_call_send_signal), &peers);
  g_signal_connect (peers.call, "state-changed", G_CALLBACK (on_call_state), &peers);
  g_signal_connect (peers.call, "error", G_CALLBACK (on_call_error), &peers);
  g_signal_connect (peers.call, "data-channel-open", G_CALLBACK (on_call_channel_open), &peers);
  g_signal_connect (peers.call, "data-received", G_CALLBACK (on_call_data), &peers);
  g_signal_connect (peers.call, "first-remote-frame", G_CALLBACK (on_first_frame), &peers);

  /* Not open yet */
  g_assert_false (cabine_call_send_data (peers.call, "x", &error));
  g_assert_error (error, CABINE_MEDIA_ERROR, CABINE_MEDIA_ERROR_NOT_CONNECTED);
  g_clear_error (&error);

  g_assert_true (cabine_call_start (peers.call, &error));
  g_assert_no_error (error);
  g_assert_cmpint (cabine_call_get_state (peers.call), ==, CABINE_CALL_STATE_CONNECTING);
  g_assert_false (cabine_call_start (peers.call, &error));
  g_assert_error (error, CABINE_MEDIA_ERROR, CABINE_MEDIA_ERROR_WRONG_STATE);
  g_clear_error (&error);

  started_us = g_get_monotonic_time ();
  deadline = started_us + 40 * G_USEC_PER_SEC;
  while (!call_is_flowing (&peers))
    {
      if (g_get_monotonic_time () > deadline)
        {
          cabine_call_get_stats (peers.call, &stats);
          g_test_message ("offers %u, candidates %u, connected %d, channel %d, first frame %d, "
                          "kiosk: decoded %" G_GUINT64_FORMAT " sent %" G_GUINT64_FORMAT
                          " audio in %" G_GUINT64_FORMAT " out %" G_GUINT64_FORMAT
                          "; answerer: video %d audio %d", peers.offers, peers.candidates,
                          peers.reached_connected, peers.kiosk_channel_open, peers.first_frame,
                          stats.video_frames_decoded, stats.video_frames_sent,
                          stats.audio_packets_received, stats.audio_packets_sent,
                          peers.video_frames, peers.audio_packets);
          g_assert_not_reached ();
        }
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }

  g_assert_cmpuint (peers.offers, ==, 1);
  g_assert_cmpuint (peers.candidates, >, 0);
  g_assert_cmpint (cabine_call_get_state (peers.call), ==, CABINE_CALL_STATE_CONNECTED);
  g_assert_cmpstr (peers.data_from_kiosk, ==, "{\"type\":\"ping\"}");
  g_assert_cmpstr (peers.data_from_answerer, ==, "pong from the physician");

  remote = cabine_call_get_remote_paintable (peers.call);
  texture = cabine_video_paintable_get_texture (CABINE_VIDEO_PAINTABLE (remote));
  g_assert_cmpint (gdk_texture_get_width (texture), ==, 1280);
  g_assert_cmpint (gdk_texture_get_height (texture), ==, 720);
  g_assert_cmpint (gdk_paintable_get_intrinsic_width (remote), ==, 1280);
  g_assert_cmpint (gdk_paintable_get_intrinsic_height (remote), ==, 720);
  g_assert_cmpfloat_with_epsilon (gdk_paintable_get_intrinsic_aspect_ratio (remote),
                                  16.0 / 9.0, 1e-6);
  local = cabine_call_get_local_paintable (peers.call);
  /* The self-view is converted at the size the call page shows it (320×180). */
  g_assert_cmpint (gdk_paintable_get_intrinsic_width (local), ==, 320);
  g_assert_cmpint (gdk_paintable_get_intrinsic_height (local), ==, 180);

  /* Bad input from the physician is refused and changes nothing. */
  bad = cabine_protocol_new_message ("answer", NULL);
  json_object_set_string_member (bad, "sdp", "v=0\r\n");
  g_assert_false (cabine_call_handle_signal (peers.call, bad, &error));
  g_assert_error (error, CABINE_MEDIA_ERROR, CABINE_MEDIA_ERROR_WRONG_STATE);
  g_clear_error (&error);
  g_clear_pointer (&bad, json_object_unref);
  bad = cabine_protocol_new_message ("ice", NULL);
  json_object_set_string_member (bad, "candidate", "garbage");
  json_object_set_int_member (bad, "sdpMLineIndex", 0);
  g_assert_false (cabine_call_handle_signal (peers.call, bad, &error));
  g_assert_error (error, CABINE_MEDIA_ERROR, CABINE_MEDIA_ERROR_BAD_MESSAGE);
  g_clear_error (&error);
  json_object_set_string_member (bad, "sdpMLineIndex", "zero");
  g_assert_false (cabine_call_handle_signal (peers.call, bad, &error));
  g_assert_error (error, CABINE_MEDIA_ERROR, CABINE_MEDIA_ERROR_BAD_MESSAGE);
  g_clear_error (&error);
  /* a media section the offer does not have; a candidate far longer than any real one */
  json_object_set_string_member (bad, "candidate",
                                 "candidate:1 1 UDP 2015363327 127.0.0.1 40123 typ host");
  json_object_set_int_member (bad, "sdpMLineIndex", 40);
  g_assert_false (cabine_call_handle_signal (peers.call, bad, &error));
  g_assert_error (error, CABINE_MEDIA_ERROR, CABINE_MEDIA_ERROR_BAD_MESSAGE);
  g_assert_nonnull (strstr (error->message, "names no media section"));
  g_clear_error (&error);
  {
    g_autofree char *huge = g_strnfill (CABINE_PROTOCOL_MAX_CANDIDATE + 1, 'a');

    memcpy (huge, "candidate:", 10);
    json_object_set_string_member (bad, "candidate", huge);
    json_object_set_int_member (bad, "sdpMLineIndex", 0);
    g_assert_false (cabine_call_handle_signal (peers.call, bad, &error));
    g_assert_error (error, CABINE_MEDIA_ERROR, CABINE_MEDIA_ERROR_BAD_MESSAGE);
    g_clear_error (&error);
  }
  g_clear_pointer (&bad, json_object_unref);
  bad = cabine_protocol_new_message ("hangup", NULL);
  g_assert_false (cabine_call_handle_signal (peers.call, bad, &error));
  g_assert_error (error, CABINE_MEDIA_ERROR, CABINE_MEDIA_ERROR_BAD_MESSAGE);
  g_clear_error (&error);

  /* The physician's voice is played after the audio jitter buffer's latency, not webrtcbin's
   * 200 ms (the video is shown unsynchronised, as soon as decoded). */
  {
    GstQuery *query = gst_query_new_latency ();
    GstClockTime min_latency, max_latency;
    gboolean live;

    g_assert_true (gst_element_query (peers.call->pipeline, query));
    gst_query_parse_latency (query, &live, &min_latency, &max_latency);
    gst_query_unref (query);
    g_test_message ("kiosk pipeline latency: %" GST_TIME_FORMAT, GST_TIME_ARGS (min_latency));
    g_assert_true (live);
    g_assert_cmpuint (min_latency, <, (CABINE_CALL_AUDIO_LATENCY_MS + 40) * GST_MSECOND);
  }

  /* Stop: silent, idempotent, paintables emptied, nothing delivered afterwards. */
  cabine_call_get_stats (peers.call, &stats);
  cabine_call_stop (peers.call);
  cabine_call_stop (peers.call);
  g_assert_cmpint (cabine_call_get_state (peers.call), ==, CABINE_CALL_STATE_CLOSED);
  g_assert_null (cabine_video_paintable_get_texture (CABINE_VIDEO_PAINTABLE (remote)));
  g_assert_false (cabine_call_send_data (peers.call, "x", &error));
  g_assert_error (error, CABINE_MEDIA_ERROR, CABINE_MEDIA_ERROR_NOT_CONNECTED);
  g_clear_error (&error);
  g_signal_handlers_disconnect_by_data (peers.webrtc, &peers);
  gst_element_set_state (peers.pipeline, GST_STATE_NULL);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_null (cabine_video_paintable_get_texture (CABINE_VIDEO_PAINTABLE (remote)));
  g_test_message ("kiosk: %" G_GUINT64_FORMAT " frames decoded, %" G_GUINT64_FORMAT " sent, "
                  "%" G_GUINT64_FORMAT " audio packets received, %" G_GUINT64_FORMAT " sent; "
                  "first remote frame after %" G_GINT64_FORMAT " ms; answerer: %d frames, %d audio packets",
                  stats.video_frames_decoded, stats.video_frames_sent,
                  stats.audio_packets_received, stats.audio_packets_sent,
                  (stats.first_remote_frame_us - started_us) / 1000,
                  g_atomic_int_get (&peers.video_frames), g_atomic_int_get (&peers.audio_packets));

  g_object_unref (peers.call);
  g_clear_object (&peers.channel);
  g_object_unref (peers.webrtc);
  g_object_unref (peers.pipeline);
  g_free (peers.data_from_kiosk);
  g_free (peers.data_from_answerer);
}

static void
test_call_bad_options (void)
{
  CabineCallOptions options;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(CabineCall) call = NULL;
  g_autoptr(JsonObject) msg = cabine_protocol_new_message ("answer", NULL);
  const char *bad_servers[] = {
    "[42]", "[{\"urls\": 3}]", "[{\"urls\": [\"http://x\"]}]", "[{\"urls\": \"turn:h:3478\"}]",
    "[{\"urls\": \"stun:\"}]",
  };
  const char *fields[][2] = {
    { "video_source", "camera" }, { "audio_source", "mic" }, { "audio_sink", "speaker" },
    { "video_codec", "av1" }, { "video_device", "/dev/video0; rm -rf" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      cabine_call_options_init (&options);
      if (g_str_equal (fields[i][0], "video_source")) options.video_source = fields[i][1];
      if (g_str_equal (fields[i][0], "audio_source")) options.audio_source = fields[i][1];
      if (g_str_equal (fields[i][0], "audio_sink")) options.audio_sink = fields[i][1];
      if (g_str_equal (fields[i][0], "video_codec")) options.video_codec = fields[i][1];
      if (g_str_equal (fields[i][0], "video_device")) options.video_device = fields[i][1];
      g_assert_null (cabine_call_new (&options, &error));
      g_assert_error (error, CABINE_MEDIA_ERROR, CABINE_MEDIA_ERROR_INVALID_ARGUMENT);
      g_clear_error (&error);
    }

  for (gsize i = 0; i < G_N_ELEMENTS (bad_servers); i++)
    {
      cabine_call_options_init (&options);
      g_assert_true (json_parser_load_from_data (parser, bad_servers[i], -1, NULL));
      options.ice_servers = json_node_get_array (json_parser_get_root (parser));
      g_assert_null (cabine_call_new (&options, &error));
      g_assert_error (error, CABINE_MEDIA_ERROR, CABINE_MEDIA_ERROR_INVALID_ARGUMENT);
      g_clear_error (&error);
    }

  /* Good servers, as the hub sends them (data/protocol.md, "accepted") */
  cabine_call_options_init (&options);
  g_assert_true (json_parser_load_from_data (parser,
    "[{\"urls\": \"stun:127.0.0.1:3478\"}, {\"urls\": [\"turn:127.0.0.1:3478?transport=udp\"],"
    " \"username\": \"u:1\", \"credential\": \"p@ss\"}]", -1, NULL));
  options.ice_servers = json_node_get_array (json_parser_get_root (parser));
  call = cabine_call_new (&options, &error);
  g_assert_no_error (error);

  /* Not started: signals are refused, stop is harmless. */
  json_object_set_string_member (msg, "sdp", "v=0\r\n");
  g_assert_false (cabine_call_handle_signal (call, msg, &error));
  g_assert_error (error, CABINE_MEDIA_ERROR, CABINE_MEDIA_ERROR_WRONG_STATE);
  g_clear_error (&error);
  cabine_call_stop (call);
  g_assert_false (cabine_call_start (call, &error));
  g_assert_error (error, CABINE_MEDIA_ERROR, CABINE_MEDIA_ERROR_WRONG_STATE);
}

static gboolean
sink_syncs (GstElement *sink)
{
  gboolean sync;

  g_object_get (sink, "sync", &sync, NULL);
  return sync;
}

/* cabine_call_pipeline_send_unsynced(): nicesinks already there, added later inside a bin already
 * in the pipeline, and inside a bin filled before it is added; other sinks are left alone. */
static void
test_call_send_unsynced (void)
{
  g_autoptr(GstElement) pipeline = gst_pipeline_new (NULL);
  GstElement *webrtc = gst_element_factory_make ("webrtcbin", NULL);
  GstElement *early = gst_element_factory_make ("nicesink", NULL);
  GstElement *inner = gst_bin_new (NULL);
  GstElement *late = gst_element_factory_make ("nicesink", NULL);
  GstElement *filled = gst_bin_new (NULL);
  GstElement *nested = gst_element_factory_make ("nicesink", NULL);
  GstElement *other = gst_element_factory_make ("fakesink", NULL);
  GstElement *ours = gst_element_factory_make ("clocksync", NULL);
  GstElement *theirs = gst_element_factory_make ("clocksync", NULL);

  if (early == NULL || webrtc == NULL)
    {
      g_test_skip ("nicesink (gstreamer1.0-nice) or webrtcbin is not installed");
      return;
    }
  /* webrtcbin's own elements, there before or added later, at any depth */
  gst_bin_add (GST_BIN (pipeline), webrtc);
  gst_bin_add (GST_BIN (webrtc), early);
  g_assert_true (sink_syncs (early));
  cabine_call_pipeline_send_unsynced (pipeline);
  g_assert_false (sink_syncs (early));

  gst_bin_add (GST_BIN (webrtc), inner);
  gst_bin_add (GST_BIN (inner), late);
  g_assert_false (sink_syncs (late));

  g_object_set (other, "sync", TRUE, NULL);
  gst_bin_add_many (GST_BIN (filled), nested, other, theirs, NULL);
  g_assert_true (sink_syncs (nested));
  gst_bin_add (GST_BIN (inner), filled);
  g_assert_false (sink_syncs (nested));
  g_assert_false (sink_syncs (theirs));
  g_assert_true (sink_syncs (other));

  /* a clocksync of ours, outside webrtcbin (the test camera's pacing), keeps syncing */
  gst_bin_add (GST_BIN (pipeline), ours);
  g_assert_true (sink_syncs (ours));
}

/* A sender described to webrtcbin before any data: the offer needs no buffer, and carries the SSRC
 * the payloader will send with and H.264's format parameters; a bin without a payloader and its
 * "rtpcaps" filter is refused. */
static void
test_call_announce_stream (void)
{
  g_autoptr(GstElement) pipeline = gst_pipeline_new (NULL);
  g_autoptr(GstElement) pay = NULL;
  g_autoptr(GstPad) sink = NULL;
  g_autoptr(GstPad) src = NULL;
  g_autoptr(GstPad) other_sink = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sdp_text = NULL;
  g_autofree char *ssrc_line = NULL;
  GstElement *webrtc = gst_element_factory_make ("webrtcbin", NULL);
  GstElement *sender;
  GstElement *bare;
  GstWebRTCSessionDescription *offer = NULL;
  const GstStructure *reply;
  GstPromise *promise;
  guint ssrc = 0;

  if (webrtc == NULL)
    {
      g_test_skip ("webrtcbin is not installed");
      return;
    }
  sender = cabine_call_pipeline_video_sender ("h264", "auto", &error);
  g_assert_no_error (error);
  bare = cabine_call_pipeline_make_bin ("identity", &error);
  g_assert_no_error (error);
  gst_bin_add_many (GST_BIN (pipeline), webrtc, sender, bare, NULL);
  sink = gst_element_request_pad_simple (webrtc, "sink_%u");
  src = gst_element_get_static_pad (sender, "src");
  g_assert_cmpint (gst_pad_link (src, sink), ==, GST_PAD_LINK_OK);

  g_assert_true (cabine_call_pipeline_announce_stream (sender, sink, &error));
  g_assert_no_error (error);
  other_sink = gst_element_request_pad_simple (webrtc, "sink_%u");
  g_assert_false (cabine_call_pipeline_announce_stream (bare, other_sink, &error));
  g_assert_error (error, CABINE_MEDIA_ERROR, CABINE_MEDIA_ERROR_PIPELINE);
  gst_element_release_request_pad (webrtc, other_sink);

  pay = gst_bin_get_by_name (GST_BIN (sender), "pay");
  g_assert_nonnull (pay);
  g_object_get (pay, "ssrc", &ssrc, NULL);
  g_assert_cmpuint (ssrc, !=, 0);
  g_assert_cmpuint (ssrc, !=, G_MAXUINT32);

  /* No source: no buffer ever reaches webrtcbin. */
  g_assert_cmpint (gst_element_set_state (pipeline, GST_STATE_READY), !=, GST_STATE_CHANGE_FAILURE);
  promise = gst_promise_new ();
  g_signal_emit_by_name (webrtc, "create-offer", NULL, promise);
  g_assert_cmpint (gst_promise_wait (promise), ==, GST_PROMISE_RESULT_REPLIED);
  reply = gst_promise_get_reply (promise);
  g_assert_true (gst_structure_get (reply, "offer", GST_TYPE_WEBRTC_SESSION_DESCRIPTION, &offer,
                                    NULL));
  gst_promise_unref (promise);
  sdp_text = gst_sdp_message_as_text (offer->sdp);
  gst_webrtc_session_description_free (offer);
  g_test_message ("offer:\n%s", sdp_text);

  g_assert_nonnull (strstr (sdp_text, "a=rtpmap:96 H264/90000"));
  g_assert_nonnull (strstr (sdp_text, "packetization-mode=1"));
  g_assert_nonnull (strstr (sdp_text, "profile-level-id=42c01f"));
  ssrc_line = g_strdup_printf ("a=ssrc:%u ", ssrc);
  g_assert_nonnull (strstr (sdp_text, ssrc_line));

  gst_element_set_state (pipeline, GST_STATE_NULL);
}

int
main (int   argc,
      char *argv[])
{
  if (!g_getenv ("CABINE_TEST_KEEP_GST_DEBUG")) g_unsetenv ("GST_DEBUG");
  g_test_init (&argc, &argv, NULL);
  gst_init (&argc, &argv);

  g_test_add_func ("/media/call/bad-options", test_call_bad_options);
  g_test_add_func ("/media/call/loopback", test_call_loopback);
  g_test_add_func ("/media/call/send-unsynced", test_call_send_unsynced);
  g_test_add_func ("/media/call/announce-stream", test_call_announce_stream);
  return g_test_run ();
}
