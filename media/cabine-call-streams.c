/* cabine-call-streams.c: the call's pipeline: capture, senders, receivers, data channel
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything here but cabine_call_build_pipeline() and cabine_call_create_data_channel() runs on streaming threads.
 */
#define G_LOG_DOMAIN "cabine-call"

#include "cabine-call-private.h"

#include <gst/app/gstappsink.h>

#include "cabine-call-audio.h"
#include "cabine-call-pipeline.h"
#include "cabine-call-sources.h"
#include "cabine-media-error.h"

/* Self-view: the call page shows it at most 320×180 units in a corner and, once drawn, has its
 * frames made at the drawn size in device pixels (ui/cabine-call-page.c); until then they are made
 * at 320×180: converting it at that size and 15 fps costs an eighth of converting 640×360 at
 * 30 fps (tests/bench). */
#define LOCAL_VIEW_WIDTH 320
#define LOCAL_VIEW_HEIGHT 180
#define LOCAL_VIEW_FPS 15

/* ---- data channel ---- */

static void
channel_open_main (CabineCall *self,
                   gpointer    data)
{
  self->channel_open = TRUE;
  g_signal_emit_by_name (self, "data-channel-open");
}

static void
channel_closed_main (CabineCall *self,
                     gpointer    data)
{
  self->channel_open = FALSE;
}

static void
data_received_main (CabineCall *self,
                    gpointer    data)
{
  g_signal_emit_by_name (self, "data-received", data);
}

static void
on_channel_open (GstWebRTCDataChannel *channel,
                 CabineCall           *self)
{
  cabine_call_run_in_main (self, channel_open_main, NULL, NULL);
}

static void
on_channel_close (GstWebRTCDataChannel *channel,
                  CabineCall           *self)
{
  cabine_call_run_in_main (self, channel_closed_main, NULL, NULL);
}

static void
on_channel_error (GstWebRTCDataChannel *channel,
                  GError               *error,
                  CabineCall           *self)
{
  g_debug ("data channel error: %s", error->message);
  cabine_call_run_in_main (self, channel_closed_main, NULL, NULL);
}

static void
on_channel_message (GstWebRTCDataChannel *channel,
                    const char           *text,
                    CabineCall           *self)
{
  if (text == NULL)
    return;
  cabine_call_run_in_main (self, data_received_main, g_strdup (text), g_free);
}

/* ---- receiving ---- */

static GstPadProbeReturn
count_probe (GstPad          *pad,
             GstPadProbeInfo *info,
             gpointer         counter)
{
  if (info->type & GST_PAD_PROBE_TYPE_BUFFER_LIST)
    g_atomic_int_add ((gint *) counter, gst_buffer_list_length (GST_PAD_PROBE_INFO_BUFFER_LIST (info)));
  else
    g_atomic_int_inc ((gint *) counter);
  return GST_PAD_PROBE_OK;
}

static void
add_count_probe (GstPad *pad,
                 gint   *counter)
{
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER | GST_PAD_PROBE_TYPE_BUFFER_LIST,
                     count_probe, counter, NULL);
}

static void
first_frame_main (CabineCall *self,
                  gpointer    data)
{
  g_signal_emit_by_name (self, "first-remote-frame");
}

/* Benchmark only (CABINE_BENCH=1): logs the marker of a decoded remote frame with the time it is
 * handed to GTK, for tests/bench to compute glass-to-glass latency. */
static void
log_remote_marker (GstSample *sample)
{
  GstVideoInfo info;
  GstVideoFrame frame;
  guint32 value;
  gboolean valid;

  if (!gst_video_info_from_caps (&info, gst_sample_get_caps (sample)) ||
      !gst_video_frame_map (&frame, &info, gst_sample_get_buffer (sample), GST_MAP_READ))
    return;
  valid = cabine_call_pipeline_read_marker (&frame, &value);
  gst_video_frame_unmap (&frame);
  if (valid)
    g_printerr ("cabine-bench: remote-marker real-us=%" G_GINT64_FORMAT " value=%u\n",
                g_get_real_time (), value);
}

/* Benchmark only: stamps each captured frame with the wall-clock time (see
 * cabine_call_pipeline_stamp_marker()). */
static GstPadProbeReturn
stamp_probe (GstPad          *pad,
             GstPadProbeInfo *info,
             gpointer         data)
{
  GstBuffer *buffer;
  GstVideoInfo video;
  GstVideoFrame frame;

  if (!cabine_call_pipeline_bench_markers_on ())
    return GST_PAD_PROBE_OK;
  buffer = gst_buffer_make_writable (GST_PAD_PROBE_INFO_BUFFER (info));
  GST_PAD_PROBE_INFO_DATA (info) = buffer;
  gst_video_info_set_format (&video, GST_VIDEO_FORMAT_I420, CABINE_CALL_VIDEO_WIDTH,
                             CABINE_CALL_VIDEO_HEIGHT);
  if (gst_video_frame_map (&frame, &video, buffer, GST_MAP_READWRITE))
    {
      cabine_call_pipeline_stamp_marker (&frame, (guint32) (g_get_real_time () / 1000));
      gst_video_frame_unmap (&frame);
    }
  return GST_PAD_PROBE_OK;
}

static GstFlowReturn
on_remote_sample (GstAppSink *sink,
                  gpointer    data)
{
  CabineCall *self = data;
  g_autoptr(GstSample) sample = gst_app_sink_pull_sample (sink);

  if (sample == NULL)
    return GST_FLOW_EOS;
  if (g_atomic_int_add (&self->video_frames_decoded, 1) == 0)
    {
      self->first_remote_frame_us = g_get_monotonic_time ();
      if (cabine_call_pipeline_bench_enabled ())
        g_printerr ("cabine-bench: first-remote-frame real-us=%" G_GINT64_FORMAT "\n",
                    g_get_real_time ());
      cabine_call_run_in_main (self, first_frame_main, NULL, NULL);
    }
  cabine_video_paintable_push_sample (self->remote_paintable, sample);
  if (cabine_call_pipeline_bench_enabled ())
    {
      cabine_call_pipeline_bench_count_remote_frame ();
      if (cabine_call_pipeline_bench_markers_on ())
        log_remote_marker (sample);   /* once converted for drawing */
    }
  return GST_FLOW_OK;
}

static GstFlowReturn
on_local_sample (GstAppSink *sink,
                 gpointer    data)
{
  CabineCall *self = data;
  g_autoptr(GstSample) sample = gst_app_sink_pull_sample (sink);

  if (sample == NULL)
    return GST_FLOW_EOS;
  cabine_video_paintable_push_sample (self->local_paintable, sample);
  return GST_FLOW_OK;
}

static void
set_sample_callback (GstElement *view,
                     GstFlowReturn (*new_sample) (GstAppSink *, gpointer),
                     CabineCall *self)
{
  g_autoptr(GstElement) sink = gst_bin_get_by_name (GST_BIN (view), "sink");
  GstAppSinkCallbacks callbacks = { .new_sample = new_sample };

  gst_app_sink_set_callbacks (GST_APP_SINK (sink), &callbacks, self, NULL);
}

/* Adds @bin to the running pipeline and links @pad to it; streaming thread. */
static void
plug_bin (CabineCall *self,
          GstElement *bin,
          GstPad     *pad)
{
  g_autoptr(GstPad) sink = NULL;

  gst_bin_add (GST_BIN (self->pipeline), bin);
  sink = gst_element_get_static_pad (bin, "sink");
  if (gst_pad_link (pad, sink) != GST_PAD_LINK_OK)
    cabine_call_report_error (self, g_error_new (CABINE_MEDIA_ERROR, CABINE_MEDIA_ERROR_PIPELINE,
                                     "cannot link %s:%s to %s", GST_DEBUG_PAD_NAME (pad),
                                     GST_OBJECT_NAME (bin)));
  gst_element_sync_state_with_parent (bin);
}

static void
on_decoded_pad (GstElement *decodebin,
                GstPad     *pad,
                CabineCall *self)
{
  g_autoptr(GstCaps) caps = gst_pad_get_current_caps (pad);
  const char *name = caps ? gst_structure_get_name (gst_caps_get_structure (caps, 0)) : "";
  g_autoptr(GError) error = NULL;
  GstElement *bin = NULL;

  g_debug ("decoded %s pad", name);
  if (g_str_has_prefix (name, "video/"))
    {
      bin = cabine_call_pipeline_video_view (0, &error);
      if (bin != NULL)
        set_sample_callback (bin, on_remote_sample, self);
    }
  else if (g_str_has_prefix (name, "audio/"))
    bin = cabine_call_audio_take_speaker (self, &error);   /* with the echo probe */
  else
    {
      g_debug ("ignoring decoded stream %s", name);
      return;
    }

  if (bin == NULL)
    cabine_call_report_error (self, g_steal_pointer (&error));
  else
    plug_bin (self, bin, pad);
}

/* The rtpjitterbuffer feeding @pad, walking upstream through ghost pads, bins and one-input
 * elements (webrtcbin → rtpbin → rtpptdemux → rtpjitterbuffer in 1.22), or NULL. */
static GstElement *
upstream_jitterbuffer (GstPad *pad)
{
  GstPad *cur = gst_object_ref (pad);

  for (int step = 0; cur != NULL && step < 32; step++)
    {
      GstPad *next = NULL;

      if (GST_PAD_IS_SRC (cur) && GST_IS_GHOST_PAD (cur))
        next = gst_ghost_pad_get_target (GST_GHOST_PAD (cur));          /* into the bin */
      else if (GST_PAD_IS_SRC (cur) && GST_IS_PROXY_PAD (cur))
        {
          /* the inside of a ghost sink pad: continue from the ghost pad, to its peer */
          g_autoptr(GstProxyPad) ghost = gst_proxy_pad_get_internal (GST_PROXY_PAD (cur));

          next = ghost != NULL ? gst_pad_get_peer (GST_PAD (ghost)) : NULL;
        }
      else if (GST_PAD_IS_SRC (cur))
        {
          g_autoptr(GstElement) element = gst_pad_get_parent_element (cur);
          GstElementFactory *factory = element ? gst_element_get_factory (element) : NULL;

          if (factory != NULL && g_str_equal (GST_OBJECT_NAME (factory), "rtpjitterbuffer"))
            {
              gst_object_unref (cur);
              return g_steal_pointer (&element);
            }
          if (element != NULL)
            {
              GST_OBJECT_LOCK (element);
              if (element->numsinkpads == 1)
                next = gst_object_ref (GST_PAD (element->sinkpads->data));
              GST_OBJECT_UNLOCK (element);
            }
        }
      else
        next = gst_pad_get_peer (cur);
      gst_object_unref (cur);
      cur = next;
    }
  g_clear_object (&cur);
  return NULL;
}

/* Streaming thread: the physician's audio waits CABINE_CALL_AUDIO_LATENCY_MS in its jitter
 * buffer, not webrtcbin's 200 ms; the pipeline then recomputes its latency. */
static void
shorten_audio_latency (GstPad *pad)
{
  g_autoptr(GstElement) jitterbuffer = upstream_jitterbuffer (pad);

  if (jitterbuffer == NULL)
    {
      g_warning ("no jitter buffer found for %s: the physician's voice keeps webrtcbin's latency",
                 GST_PAD_NAME (pad));
      return;
    }
  g_object_set (jitterbuffer, "latency", (guint) CABINE_CALL_AUDIO_LATENCY_MS, NULL);
  gst_element_post_message (jitterbuffer, gst_message_new_latency (GST_OBJECT (jitterbuffer)));
}

static void
on_webrtc_pad_added (GstElement *webrtc,
                     GstPad     *pad,
                     CabineCall *self)
{
  g_autoptr(GstCaps) caps = NULL;
  const char *media = NULL;
  GstElement *decodebin;

  if (GST_PAD_DIRECTION (pad) != GST_PAD_SRC)
    return;

  caps = gst_pad_get_current_caps (pad);
  if (caps == NULL)
    caps = gst_pad_query_caps (pad, NULL);
  if (caps != NULL && !gst_caps_is_empty (caps))
    media = gst_structure_get_string (gst_caps_get_structure (caps, 0), "media");
  g_debug ("webrtcbin %s pad %s", media ? media : "(unknown)", GST_PAD_NAME (pad));
  if (g_strcmp0 (media, "audio") == 0)
    {
      add_count_probe (pad, &self->audio_packets_received);
      shorten_audio_latency (pad);
    }

  decodebin = gst_element_factory_make ("decodebin", NULL);
  g_signal_connect (decodebin, "pad-added", G_CALLBACK (on_decoded_pad), self);
  plug_bin (self, decodebin, pad);
}

/* ---- building and starting ---- */

static gboolean
link_to_webrtc (CabineCall  *self,
                GstElement  *sender,
                GError     **error)
{
  g_autoptr(GstPad) src = gst_element_get_static_pad (sender, "src");
  g_autoptr(GstPad) sink = gst_element_request_pad_simple (self->webrtc, "sink_%u");

  if (sink == NULL || gst_pad_link (src, sink) != GST_PAD_LINK_OK)
    {
      g_set_error (error, CABINE_MEDIA_ERROR, CABINE_MEDIA_ERROR_PIPELINE,
                   "cannot link %s to webrtcbin", GST_OBJECT_NAME (sender));
      return FALSE;
    }
  return cabine_call_pipeline_announce_stream (sender, sink, error);
}

static void
probe_element_pad (GstElement *bin,
                   const char *element,
                   gint       *counter)
{
  g_autoptr(GstElement) child = gst_bin_get_by_name (GST_BIN (bin), element);
  g_autoptr(GstPad) pad = gst_element_get_static_pad (child, "src");

  add_count_probe (pad, counter);
}

gboolean
cabine_call_build_pipeline (CabineCall  *self,
                            GError     **error)
{
  GstElement *capture, *tee, *view, *video, *audio;
  g_autoptr(GstElement) ice = NULL;

  self->pipeline = gst_pipeline_new ("cabine-call");
  self->webrtc = gst_element_factory_make ("webrtcbin", "webrtc");
  tee = gst_element_factory_make ("tee", NULL);
  if (self->webrtc == NULL || tee == NULL)
    {
      g_set_error (error, CABINE_MEDIA_ERROR, CABINE_MEDIA_ERROR_MISSING_ELEMENT,
                   "GStreamer elements webrtcbin (gst-plugins-bad) or tee are not installed");
      g_clear_object (&tee);
      return FALSE;
    }
  gst_object_ref (self->webrtc);   /* ours until stop(), even after the pipeline goes */
  g_object_set (self->webrtc, "bundle-policy", GST_WEBRTC_BUNDLE_POLICY_MAX_BUNDLE, NULL);
  gst_bin_add_many (GST_BIN (self->pipeline), self->webrtc, tee, NULL);
  cabine_call_pipeline_send_unsynced (self->pipeline);
  if (!cabine_call_pipeline_tune_rtp (self->webrtc, error))
    return FALSE;

  /* The room camera and the exam cameras behind an input-selector (cabine-call-sources.c). */
  if ((capture = cabine_call_sources_build (self, error)) == NULL)
    return FALSE;
  gst_bin_add (GST_BIN (self->pipeline), capture);
  cabine_video_paintable_set_frame_size (self->local_paintable, LOCAL_VIEW_WIDTH,
                                         LOCAL_VIEW_HEIGHT);
  if ((view = cabine_call_pipeline_video_view (LOCAL_VIEW_FPS, error)) == NULL)
    return FALSE;
  gst_bin_add (GST_BIN (self->pipeline), view);
  if ((video = cabine_call_pipeline_video_sender (self->video_codec, self->video_encoder,
                                                 error)) == NULL)
    return FALSE;
  gst_bin_add (GST_BIN (self->pipeline), video);
  /* Room audio through echo cancellation, and the stethoscope's own track: cabine-call-audio.c. */
  if ((audio = cabine_call_audio_build (self, error)) == NULL)
    return FALSE;

  if (!gst_element_link (capture, tee) || !gst_element_link (tee, view) ||
      !gst_element_link (tee, video))
    {
      g_set_error (error, CABINE_MEDIA_ERROR, CABINE_MEDIA_ERROR_PIPELINE,
                   "cannot link the video capture to its tee");
      return FALSE;
    }
  if (!link_to_webrtc (self, video, error) || !link_to_webrtc (self, audio, error) ||
      !cabine_call_audio_build_stethoscope (self, error))
    return FALSE;

  set_sample_callback (view, on_local_sample, self);
  if (cabine_call_pipeline_bench_enabled () && g_str_equal (self->options.video_source, "test"))
    {
      g_autoptr(GstPad) captured = gst_element_get_static_pad (capture, "src");

      gst_pad_add_probe (captured, GST_PAD_PROBE_TYPE_BUFFER, stamp_probe, NULL, NULL);
    }
  probe_element_pad (video, "encoder", &self->video_frames_sent);
  probe_element_pad (audio, "pay", &self->audio_packets_sent);

  if (self->stun_server != NULL)
    g_object_set (self->webrtc, "stun-server", self->stun_server, NULL);
  for (guint i = 0; self->turn_servers[i] != NULL; i++)
    {
      gboolean added = FALSE;

      g_signal_emit_by_name (self->webrtc, "add-turn-server", self->turn_servers[i], &added);
      if (!added)
        g_warning ("webrtcbin refused TURN server %s", self->turn_servers[i]);
    }
  g_object_get (self->webrtc, "ice-agent", &ice, NULL);
  {
    g_autoptr(GObject) agent = NULL;

    /* No UPnP port mapping (libnice's default): a pharmacy's router is not ours to reconfigure, the
     * TURN relay covers what it would, and its SSDP socket binds a random port at every call
     * (a GLib warning, fatal in tests, when that port was taken). GstWebRTCNice ≥ 1.22 "agent". */
    if (g_object_class_find_property (G_OBJECT_GET_CLASS (ice), "agent") != NULL)
      g_object_get (ice, "agent", &agent, NULL);
    if (agent != NULL && g_object_class_find_property (G_OBJECT_GET_CLASS (agent), "upnp") != NULL)
      g_object_set (agent, "upnp", FALSE, NULL);
    /* Connectivity checks paced every CABINE_CALL_ICE_TA_MS rather than libnice's 20 ms: a check
     * goes out only at a tick, and the first check and the nominating one each waited for one,
     * 40 of the 60 ms the path took to come up on one machine (tests/bench). RFC 8445 §14.2
     * lets Ta go down to 5 ms. */
    if (agent != NULL &&
        g_object_class_find_property (G_OBJECT_GET_CLASS (agent), "stun-pacing-timer") != NULL)
      g_object_set (agent, "stun-pacing-timer", CABINE_CALL_ICE_TA_MS, NULL);
  }
  if (self->options.ice_loopback)
    {
      gboolean added = FALSE;

      /* GstWebRTCNice action signal (gst-plugins-bad ≥ 1.20) */
      g_signal_emit_by_name (ice, "add-local-ip-address", "127.0.0.1", &added);
      if (!added)
        g_warning ("the ICE agent refused 127.0.0.1");
    }

  g_signal_connect (self->webrtc, "on-ice-candidate", G_CALLBACK (cabine_call_on_ice_candidate), self);
  g_signal_connect (self->webrtc, "notify::ice-gathering-state",
                    G_CALLBACK (cabine_call_on_gathering_notify), self);
  g_signal_connect (self->webrtc, "notify::ice-connection-state",
                    G_CALLBACK (cabine_call_on_state_notify), self);
  g_signal_connect (self->webrtc, "notify::connection-state", G_CALLBACK (cabine_call_on_state_notify), self);
  g_signal_connect (self->webrtc, "pad-added", G_CALLBACK (on_webrtc_pad_added), self);
  return TRUE;
}

gboolean
cabine_call_create_data_channel (CabineCall  *self,
                                 GError     **error)
{
  g_autoptr(GstStructure) config = gst_structure_new ("config", "ordered", G_TYPE_BOOLEAN, TRUE,
                                                      NULL);

  g_signal_emit_by_name (self->webrtc, "create-data-channel", CABINE_CALL_DATA_CHANNEL_LABEL,
                         config, &self->channel);
  if (self->channel == NULL)
    {
      g_set_error (error, CABINE_MEDIA_ERROR, CABINE_MEDIA_ERROR_PIPELINE,
                   "webrtcbin could not create the data channel");
      return FALSE;
    }
  g_signal_connect (self->channel, "on-open", G_CALLBACK (on_channel_open), self);
  g_signal_connect (self->channel, "on-close", G_CALLBACK (on_channel_close), self);
  g_signal_connect (self->channel, "on-error", G_CALLBACK (on_channel_error), self);
  g_signal_connect (self->channel, "on-message-string", G_CALLBACK (on_channel_message), self);
  return TRUE;
}
