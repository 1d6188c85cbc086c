/* cabine-call.c: one WebRTC call (webrtcbin), the kiosk being the offerer
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Threads: webrtcbin, its promises, decodebin and the appsinks call us from streaming threads.
 * Those callbacks only touch atomics and paintables, and hand everything else to the owner's main
 * context with cabine_call_run_in_main(), which holds a reference and drops the work once the call is stopped.
 */
#define G_LOG_DOMAIN "cabine-call"

#include "cabine-call.h"

#include <string.h>

#include <gst/sdp/sdp.h>
#include <gst/video/video.h>

#include "cabine-call-audio.h"
#include "cabine-call-pipeline.h"
#include "cabine-call-private.h"
#include "cabine-call-sources.h"
#include "cabine-media-error.h"
#include "cabine-protocol.h"
#include "cabine-video-paintable.h"


G_DEFINE_FINAL_TYPE (CabineCall, cabine_call, G_TYPE_OBJECT)
G_DEFINE_ENUM_TYPE (CabineCallState, cabine_call_state,
                    G_DEFINE_ENUM_VALUE (CABINE_CALL_STATE_NEW, "new"),
                    G_DEFINE_ENUM_VALUE (CABINE_CALL_STATE_CONNECTING, "connecting"),
                    G_DEFINE_ENUM_VALUE (CABINE_CALL_STATE_CONNECTED, "connected"),
                    G_DEFINE_ENUM_VALUE (CABINE_CALL_STATE_FAILED, "failed"),
                    G_DEFINE_ENUM_VALUE (CABINE_CALL_STATE_CLOSED, "closed"))

enum {
  SIGNAL_SEND_SIGNAL,
  SIGNAL_STATE_CHANGED,
  SIGNAL_FIRST_REMOTE_FRAME,
  SIGNAL_DATA_CHANNEL_OPEN,
  SIGNAL_DATA_RECEIVED,
  SIGNAL_ERROR,
  SIGNAL_SOURCE_LOST,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

/* ---- hand-over to the main context ---- */

typedef struct {
  CabineCall *self;
  CabineCallMainFunc func;
  gpointer data;
  GDestroyNotify free_data;
} Invocation;

static gboolean
invocation_dispatch (gpointer user_data)
{
  Invocation *invocation = user_data;

  if (!invocation->self->stopped)
    invocation->func (invocation->self, invocation->data);
  return G_SOURCE_REMOVE;
}

static void
invocation_free (gpointer user_data)
{
  Invocation *invocation = user_data;

  if (invocation->free_data != NULL)
    invocation->free_data (invocation->data);
  g_object_unref (invocation->self);   /* in the main context: dispose never runs on a streaming thread */
  g_free (invocation);
}

void
cabine_call_run_in_main (CabineCall         *self,
                         CabineCallMainFunc  func,
                         gpointer            data,
                         GDestroyNotify      free_data)
{
  Invocation *invocation = g_new (Invocation, 1);

  invocation->self = g_object_ref (self);
  invocation->func = func;
  invocation->data = data;
  invocation->free_data = free_data;
  /* Not g_main_context_invoke_full(): when no thread holds the main context (a test sleeping
   * between iterations), it would run @func here, on webrtcbin's thread. */
  if (g_main_context_is_owner (self->context))
    {
      invocation_dispatch (invocation);
      invocation_free (invocation);
    }
  else
    {
      g_autoptr(GSource) source = g_idle_source_new ();

      g_source_set_priority (source, G_PRIORITY_DEFAULT);
      g_source_set_callback (source, invocation_dispatch, invocation, invocation_free);
      g_source_set_static_name (source, "cabine_call_run_in_main");
      g_source_attach (source, self->context);
    }
}

static void
nothing (CabineCall *self,
         gpointer    data)
{
}

/* For promise notifies, which webrtcbin calls on its own thread: drop the reference there. */
static void
unref_in_main (gpointer data)
{
  cabine_call_run_in_main (data, nothing, NULL, NULL);
  g_object_unref (data);
}

/* ---- state and errors (main context) ---- */

static void
set_state (CabineCall      *self,
           CabineCallState  state)
{
  if (self->state == state || self->state == CABINE_CALL_STATE_CLOSED ||
      (self->state == CABINE_CALL_STATE_FAILED && state != CABINE_CALL_STATE_CLOSED))
    return;
  g_debug ("call state %d → %d", self->state, state);
  self->state = state;
  g_signal_emit (self, signals[SIGNAL_STATE_CHANGED], 0, state);
}

static void
emit_error_main (CabineCall *self,
                 gpointer    data)
{
  GError *error = data;

  /* The owner decides whether it is a failure (a peer that hangs up closes the data channel
   * first) and says so. */
  g_message ("call pipeline error: %s", error->message);
  g_signal_emit (self, signals[SIGNAL_ERROR], 0, error);
  set_state (self, CABINE_CALL_STATE_FAILED);
}

void
cabine_call_report_error (CabineCall *self,
                          GError     *error /* transfer full */)
{
  cabine_call_run_in_main (self, emit_error_main, error, (GDestroyNotify) g_error_free);
}

/* Media flows only once DTLS has keyed SRTP: the key frame the encoder made while webrtcbin was
 * connecting is usually lost, and the physician waited for the next periodic one (up to
 * CABINE_CALL_KEYFRAME_INTERVAL frames: 0.3–2.2 s of call setup in tests/bench). Ask for one now. */
static void
request_keyframe (CabineCall *self)
{
  g_autoptr(GstElement) encoder = NULL;
  g_autoptr(GstPad) pad = NULL;

  if (self->keyframe_requested || self->pipeline == NULL ||
      (encoder = gst_bin_get_by_name (GST_BIN (self->pipeline), "encoder")) == NULL)
    return;
  self->keyframe_requested = TRUE;
  pad = gst_element_get_static_pad (encoder, "src");
  g_debug ("connected: asking the encoder for a key frame");
  gst_pad_send_event (pad, gst_video_event_new_upstream_force_key_unit (GST_CLOCK_TIME_NONE,
                                                                       TRUE, 0));
}

static void
update_state_main (CabineCall *self,
                   gpointer    data)
{
  GstWebRTCICEConnectionState ice;
  GstWebRTCPeerConnectionState peer;

  g_object_get (self->webrtc, "ice-connection-state", &ice, "connection-state", &peer, NULL);
  if (peer == GST_WEBRTC_PEER_CONNECTION_STATE_CONNECTED)
    request_keyframe (self);
  if (ice == GST_WEBRTC_ICE_CONNECTION_STATE_FAILED ||
      peer == GST_WEBRTC_PEER_CONNECTION_STATE_FAILED)
    set_state (self, CABINE_CALL_STATE_FAILED);
  else if (ice == GST_WEBRTC_ICE_CONNECTION_STATE_CONNECTED ||
           ice == GST_WEBRTC_ICE_CONNECTION_STATE_COMPLETED)
    set_state (self, CABINE_CALL_STATE_CONNECTED);
  else if (ice == GST_WEBRTC_ICE_CONNECTION_STATE_CHECKING ||
           ice == GST_WEBRTC_ICE_CONNECTION_STATE_DISCONNECTED)
    set_state (self, CABINE_CALL_STATE_CONNECTING);
}

void
cabine_call_on_state_notify (GstElement *webrtc,
                             GParamSpec *pspec,
                             CabineCall *self)
{
  cabine_call_run_in_main (self, update_state_main, NULL, NULL);
}

/* A device that cannot be opened or fails (autoaudiosrc's "Could not open device"): a resource
 * error posted by an audio or video source or sink, as opposed to webrtcbin's own elements. */
static gboolean
is_device_error (GstMessage   *message,
                 const GError *gst_error)
{
  const char *klass;

  if (gst_error->domain != GST_RESOURCE_ERROR || !GST_IS_ELEMENT (GST_MESSAGE_SRC (message)))
    return FALSE;
  klass = gst_element_get_metadata (GST_ELEMENT (GST_MESSAGE_SRC (message)), GST_ELEMENT_METADATA_KLASS);
  return klass != NULL && (strstr (klass, "Audio") != NULL || strstr (klass, "Video") != NULL) &&
         (strstr (klass, "Source") != NULL || strstr (klass, "Sink") != NULL);
}

static gboolean
on_bus_message (GstBus     *bus,
                GstMessage *message,
                gpointer    data)
{
  CabineCall *self = data;
  g_autoptr(GError) gst_error = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *debug = NULL;

  if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_ERROR &&
      cabine_call_sources_handle_error (self, message))
    return G_SOURCE_CONTINUE;   /* an exam camera failed; the call goes on without it */
  if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_ERROR)
    {
      gst_message_parse_error (message, &gst_error, &debug);
      g_debug ("%s: %s", GST_OBJECT_NAME (GST_MESSAGE_SRC (message)), debug ? debug : "");
      error = g_error_new (CABINE_MEDIA_ERROR,
                           is_device_error (message, gst_error) ? CABINE_MEDIA_ERROR_DEVICE :
                                                                  CABINE_MEDIA_ERROR_PIPELINE,
                           "%s: %s",
                           GST_OBJECT_NAME (GST_MESSAGE_SRC (message)), gst_error->message);
      emit_error_main (self, error);
    }
  else if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_WARNING)
    {
      gst_message_parse_warning (message, &gst_error, &debug);
      g_debug ("pipeline warning from %s: %s", GST_OBJECT_NAME (GST_MESSAGE_SRC (message)),
               gst_error->message);
    }
  return G_SOURCE_CONTINUE;
}

/* ---- offer and ICE ---- */

static void
send_signal_main (CabineCall *self,
                  gpointer    data)
{
  if (g_str_equal (json_object_get_string_member (data, "type"), "offer"))
    self->offer_sent = TRUE;
  g_signal_emit (self, signals[SIGNAL_SEND_SIGNAL], 0, data);
}

static void
on_offer_created (GstPromise *promise,
                  gpointer    data)
{
  CabineCall *self = data;
  const GstStructure *reply;
  GstWebRTCSessionDescription *offer = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *msg;
  char *sdp;

  if (gst_promise_wait (promise) != GST_PROMISE_RESULT_REPLIED ||
      (reply = gst_promise_get_reply (promise)) == NULL)
    {
      g_debug ("offer creation interrupted");
      gst_promise_unref (promise);
      return;
    }
  if (gst_structure_get (reply, "error", G_TYPE_ERROR, &error, NULL) ||
      !gst_structure_get (reply, "offer", GST_TYPE_WEBRTC_SESSION_DESCRIPTION, &offer, NULL))
    {
      cabine_call_report_error (self, g_error_new (CABINE_MEDIA_ERROR, CABINE_MEDIA_ERROR_BAD_SDP,
                                       "webrtcbin could not create an offer: %s",
                                       error ? error->message : "no offer in its reply"));
      gst_promise_unref (promise);
      return;
    }
  gst_promise_unref (promise);

  g_debug ("offer created");
  cabine_call_pipeline_strip_sprop (offer->sdp);
  g_signal_emit_by_name (self->webrtc, "set-local-description", offer, NULL);
  sdp = gst_sdp_message_as_text (offer->sdp);
  gst_webrtc_session_description_free (offer);

  msg = cabine_protocol_new_message ("offer", NULL);
  json_object_set_string_member (msg, "sdp", sdp);
  g_free (sdp);
  cabine_call_run_in_main (self, send_signal_main, msg, (GDestroyNotify) json_object_unref);
}

/* Creates the offer once the data channel exists. Every stream we send was described to webrtcbin
 * when linked (cabine_call_pipeline_announce_stream()), so the offer does not wait for the
 * camera's first encoded frame. Any thread. */
void
cabine_call_maybe_create_offer (CabineCall *self)
{
  GstPromise *promise;

  if (self->channel == NULL ||
      !g_atomic_int_compare_and_exchange (&self->offer_requested, FALSE, TRUE))
    return;

  promise = gst_promise_new_with_change_func (on_offer_created, g_object_ref (self),
                                              unref_in_main);
  g_signal_emit_by_name (self->webrtc, "create-offer", NULL, promise);
}

void
cabine_call_on_ice_candidate (GstElement *webrtc,
                              guint       mline,
                              const char *candidate,
                              CabineCall *self)
{
  JsonObject *msg = cabine_protocol_new_message ("ice", NULL);

  json_object_set_string_member (msg, "candidate", candidate);
  json_object_set_int_member (msg, "sdpMLineIndex", mline);
  cabine_call_run_in_main (self, send_signal_main, msg, (GDestroyNotify) json_object_unref);
}

void
cabine_call_on_gathering_notify (GstElement *webrtc,
                                 GParamSpec *pspec,
                                 CabineCall *self)
{
  GstWebRTCICEGatheringState state;

  g_object_get (webrtc, "ice-gathering-state", &state, NULL);
  if (state == GST_WEBRTC_ICE_GATHERING_STATE_COMPLETE)
    cabine_call_on_ice_candidate (webrtc, 0, "", self);   /* end of candidates (data/protocol.md) */
}

static void
on_remote_description_set (GstPromise *promise,
                           gpointer    data)
{
  CabineCall *self = data;
  const GstStructure *reply = NULL;
  g_autoptr(GError) error = NULL;

  if (gst_promise_wait (promise) == GST_PROMISE_RESULT_REPLIED)
    reply = gst_promise_get_reply (promise);
  if (reply != NULL && gst_structure_get (reply, "error", G_TYPE_ERROR, &error, NULL))
    cabine_call_report_error (self, g_error_new (CABINE_MEDIA_ERROR, CABINE_MEDIA_ERROR_BAD_SDP,
                                     "webrtcbin refused the answer: %s", error->message));
  gst_promise_unref (promise);
}

/* ---- starting and stopping ---- */

gboolean
cabine_call_start (CabineCall  *self,
                   GError     **error)
{
  g_autoptr(GstBus) bus = NULL;

  g_return_val_if_fail (CABINE_IS_CALL (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->started || self->stopped)
    {
      g_set_error (error, CABINE_MEDIA_ERROR, CABINE_MEDIA_ERROR_WRONG_STATE,
                   "a call can be started only once");
      return FALSE;
    }
  self->started = TRUE;

  if (!cabine_call_build_pipeline (self, error))
    goto fail;

  bus = gst_pipeline_get_bus (GST_PIPELINE (self->pipeline));
  self->bus_watch = gst_bus_add_watch (bus, on_bus_message, self);

  /* The data channel exists before the offer so the offer has its m=application section. */
  if (gst_element_set_state (self->pipeline, GST_STATE_READY) == GST_STATE_CHANGE_FAILURE)
    {
      g_set_error (error, CABINE_MEDIA_ERROR, CABINE_MEDIA_ERROR_PIPELINE,
                   "the call pipeline refused to get ready");
      goto fail;
    }
  if (!cabine_call_create_data_channel (self, error))
    goto fail;
  if (gst_element_set_state (self->pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    {
      g_set_error (error, CABINE_MEDIA_ERROR, CABINE_MEDIA_ERROR_PIPELINE,
                   "the call pipeline refused to play (is the %s video source available?)",
                   self->video_source);
      goto fail;
    }
  cabine_call_maybe_create_offer (self);
  set_state (self, CABINE_CALL_STATE_CONNECTING);
  return TRUE;

fail:
  cabine_call_stop (self);
  return FALSE;
}

/* sctpenc's chain function waits, holding its sink pad's stream lock, while the SCTP send buffer
 * is full, which it stays when the network path is gone; deactivating that pad for the NULL state
 * then waits for the lock for ever. A flush-start (out of band, no stream lock) wakes it up. */
static void
unblock_sctp (GstElement *webrtc)
{
  g_autoptr(GstIterator) it = gst_bin_iterate_recurse (GST_BIN (webrtc));
  GValue item = G_VALUE_INIT;

  while (gst_iterator_next (it, &item) == GST_ITERATOR_OK)
    {
      GstElement *element = g_value_get_object (&item);
      GstElementFactory *factory = gst_element_get_factory (element);

      if (factory != NULL && g_str_equal (GST_OBJECT_NAME (factory), "sctpenc"))
        {
          g_autoptr(GstIterator) pads = gst_element_iterate_sink_pads (element);
          GValue pad = G_VALUE_INIT;

          while (gst_iterator_next (pads, &pad) == GST_ITERATOR_OK)
            {
              gst_pad_send_event (g_value_get_object (&pad), gst_event_new_flush_start ());
              g_value_reset (&pad);
            }
          g_value_unset (&pad);
        }
      g_value_reset (&item);
    }
  g_value_unset (&item);
}

void
cabine_call_stop (CabineCall *self)
{
  g_return_if_fail (CABINE_IS_CALL (self));

  if (self->stopped)
    return;
  self->stopped = TRUE;
  self->state = CABINE_CALL_STATE_CLOSED;   /* no emission: stop() is silent */

  g_clear_handle_id (&self->bus_watch, g_source_remove);
  if (self->channel != NULL)
    g_signal_handlers_disconnect_by_data (self->channel, self);
  if (self->webrtc != NULL)
    g_signal_handlers_disconnect_by_data (self->webrtc, self);
  if (self->webrtc != NULL)
    unblock_sctp (self->webrtc);
  if (self->pipeline != NULL)
    gst_element_set_state (self->pipeline, GST_STATE_NULL);   /* joins the streaming threads */

  g_clear_object (&self->channel);
  g_clear_object (&self->webrtc);
  g_clear_object (&self->pipeline);
  self->channel_open = FALSE;
  cabine_video_paintable_clear (self->remote_paintable);
  cabine_video_paintable_clear (self->local_paintable);
}

/* ---- messages from the physician ---- */

static gboolean
apply_answer (CabineCall  *self,
              JsonObject  *msg,
              GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  const char *sdp_text = cabine_protocol_get_string (msg, "sdp", TRUE, &local_error);
  GstSDPMessage *sdp = NULL;
  GstWebRTCSessionDescription *answer;
  GstPromise *promise;

  if (sdp_text == NULL)
    {
      g_set_error (error, CABINE_MEDIA_ERROR, CABINE_MEDIA_ERROR_BAD_MESSAGE, "answer: %s",
                   local_error->message);
      return FALSE;
    }
  if (!self->offer_sent || self->answer_applied)
    {
      g_set_error (error, CABINE_MEDIA_ERROR, CABINE_MEDIA_ERROR_WRONG_STATE,
                   self->offer_sent ? "the call already has an answer" :
                                      "answer received before the offer was sent");
      return FALSE;
    }
  /* RFC 8866 §5: a description starts with "v=0" and this call needs its media sections. */
  if (!g_str_has_prefix (sdp_text, "v=0") ||
      gst_sdp_message_new_from_text (sdp_text, &sdp) != GST_SDP_OK ||
      gst_sdp_message_medias_len (sdp) == 0)
    {
      g_clear_pointer (&sdp, gst_sdp_message_free);
      g_set_error (error, CABINE_MEDIA_ERROR, CABINE_MEDIA_ERROR_BAD_SDP,
                   "answer SDP is not a session description with media sections");
      return FALSE;
    }

  g_debug ("answer received");
  answer = gst_webrtc_session_description_new (GST_WEBRTC_SDP_TYPE_ANSWER, sdp);
  promise = gst_promise_new_with_change_func (on_remote_description_set, g_object_ref (self),
                                              unref_in_main);
  g_signal_emit_by_name (self->webrtc, "set-remote-description", answer, promise);
  gst_webrtc_session_description_free (answer);
  self->answer_applied = TRUE;
  return TRUE;
}

static gboolean
apply_candidate (CabineCall  *self,
                 JsonObject  *msg,
                 GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  const char *candidate = cabine_protocol_get_string (msg, "candidate", TRUE, &local_error);
  gint64 mline = -1;

  if (candidate == NULL ||
      !cabine_protocol_get_int (msg, "sdpMLineIndex", &mline, &local_error))
    {
      g_set_error (error, CABINE_MEDIA_ERROR, CABINE_MEDIA_ERROR_BAD_MESSAGE, "ice: %s",
                   local_error->message);
      return FALSE;
    }
  if (*candidate == '\0')
    return TRUE;   /* end of candidates: nothing to do for webrtcbin */
  if (g_str_has_prefix (candidate, "a="))
    candidate += 2;
  /* RFC 8839 §5.1: candidate-attribute = "candidate" ":" foundation SP component-id SP … */
  if (!g_str_has_prefix (candidate, "candidate:"))
    {
      g_set_error_literal (error, CABINE_MEDIA_ERROR, CABINE_MEDIA_ERROR_BAD_MESSAGE,
                           "ice: \"candidate\" must start with 'candidate:'");
      return FALSE;
    }
  if (mline < 0 || mline > G_MAXUINT16)
    {
      g_set_error (error, CABINE_MEDIA_ERROR, CABINE_MEDIA_ERROR_BAD_MESSAGE,
                   "ice: \"sdpMLineIndex\" %" G_GINT64_FORMAT " is not within 0–65535", mline);
      return FALSE;
    }
  if (strlen (candidate) > CABINE_PROTOCOL_MAX_CANDIDATE)
    {
      g_set_error (error, CABINE_MEDIA_ERROR, CABINE_MEDIA_ERROR_BAD_MESSAGE,
                   "ice: \"candidate\" is longer than %d bytes", CABINE_PROTOCOL_MAX_CANDIDATE);
      return FALSE;
    }
  {
    GstWebRTCSessionDescription *local = NULL;
    guint medias = 0;

    g_object_get (self->webrtc, "local-description", &local, NULL);
    if (local != NULL)
      {
        medias = gst_sdp_message_medias_len (local->sdp);
        gst_webrtc_session_description_free (local);
      }
    if (local != NULL && mline >= medias)
      {
        g_set_error (error, CABINE_MEDIA_ERROR, CABINE_MEDIA_ERROR_BAD_MESSAGE,
                     "ice: \"sdpMLineIndex\" %" G_GINT64_FORMAT " names no media section of the "
                     "offer, which has %u", mline, medias);
        return FALSE;
      }
  }
  g_signal_emit_by_name (self->webrtc, "add-ice-candidate", (guint) mline, candidate);
  return TRUE;
}

gboolean
cabine_call_handle_signal (CabineCall  *self,
                           JsonObject  *msg,
                           GError     **error)
{
  const char *type;

  g_return_val_if_fail (CABINE_IS_CALL (self), FALSE);
  g_return_val_if_fail (msg != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!self->started || self->stopped)
    {
      g_set_error (error, CABINE_MEDIA_ERROR, CABINE_MEDIA_ERROR_WRONG_STATE,
                   "the call is %s", self->stopped ? "stopped" : "not started");
      return FALSE;
    }

  type = cabine_protocol_get_string (msg, "type", FALSE, NULL);
  if (g_strcmp0 (type, "answer") == 0)
    return apply_answer (self, msg, error);
  if (g_strcmp0 (type, "ice") == 0)
    return apply_candidate (self, msg, error);

  g_set_error (error, CABINE_MEDIA_ERROR, CABINE_MEDIA_ERROR_BAD_MESSAGE,
               "a call takes 'answer' and 'ice' messages, not '%s'", type ? type : "(no type)");
  return FALSE;
}

gboolean
cabine_call_send_data (CabineCall  *self,
                       const char  *text,
                       GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (CABINE_IS_CALL (self), FALSE);
  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (strlen (text) > CABINE_PROTOCOL_MAX_MESSAGE_SIZE || !g_utf8_validate (text, -1, NULL))
    {
      g_set_error (error, CABINE_MEDIA_ERROR, CABINE_MEDIA_ERROR_INVALID_ARGUMENT,
                   "data channel text must be UTF-8 of at most %d bytes",
                   CABINE_PROTOCOL_MAX_MESSAGE_SIZE);
      return FALSE;
    }
  if (self->stopped || !self->channel_open || self->channel == NULL)
    {
      g_set_error (error, CABINE_MEDIA_ERROR, CABINE_MEDIA_ERROR_NOT_CONNECTED,
                   "the data channel is not open");
      return FALSE;
    }
  if (!gst_webrtc_data_channel_send_string_full (self->channel, text, &local_error))
    {
      g_set_error (error, CABINE_MEDIA_ERROR, CABINE_MEDIA_ERROR_NOT_CONNECTED,
                   "data channel send failed: %s", local_error->message);
      return FALSE;
    }
  return TRUE;
}

/* ---- accessors and type ---- */

CabineCallState
cabine_call_get_state (CabineCall *self)
{
  g_return_val_if_fail (CABINE_IS_CALL (self), CABINE_CALL_STATE_CLOSED);
  return self->state;
}

void
cabine_call_get_stats (CabineCall      *self,
                       CabineCallStats *out)
{
  g_return_if_fail (CABINE_IS_CALL (self));
  g_return_if_fail (out != NULL);

  out->video_frames_decoded = (guint) g_atomic_int_get (&self->video_frames_decoded);
  out->video_frames_sent = (guint) g_atomic_int_get (&self->video_frames_sent);
  out->audio_packets_received = (guint) g_atomic_int_get (&self->audio_packets_received);
  out->audio_packets_sent = (guint) g_atomic_int_get (&self->audio_packets_sent);
  out->first_remote_frame_us = self->first_remote_frame_us;
}

GdkPaintable *
cabine_call_get_remote_paintable (CabineCall *self)
{
  g_return_val_if_fail (CABINE_IS_CALL (self), NULL);
  return GDK_PAINTABLE (self->remote_paintable);
}

GdkPaintable *
cabine_call_get_local_paintable (CabineCall *self)
{
  g_return_val_if_fail (CABINE_IS_CALL (self), NULL);
  return GDK_PAINTABLE (self->local_paintable);
}

void
cabine_call_options_init (CabineCallOptions *options)
{
  g_return_if_fail (options != NULL);

  *options = (CabineCallOptions) {
    .video_source = "auto",
    .audio_source = "auto",
    .audio_sink = "auto",
    .video_codec = "h264",
    .video_encoder = "auto",
  };
}

static void
cabine_call_dispose (GObject *object)
{
  CabineCall *self = CABINE_CALL (object);

  cabine_call_stop (self);
  G_OBJECT_CLASS (cabine_call_parent_class)->dispose (object);
}

static void
cabine_call_finalize (GObject *object)
{
  CabineCall *self = CABINE_CALL (object);

  g_free (self->video_source);
  g_free (self->video_device);
  g_free (self->audio_source);
  g_free (self->audio_sink);
  g_free (self->video_codec);
  g_free (self->video_encoder);
  g_free (self->stethoscope_source);
  g_free (self->stethoscope_device);
  g_clear_object (&self->stethoscope_valve);
  g_clear_object (&self->speaker);
  g_mutex_clear (&self->stethoscope_lock);
  g_free (self->stun_server);
  g_strfreev (self->turn_servers);
  g_clear_object (&self->remote_paintable);
  g_clear_object (&self->local_paintable);
  g_main_context_unref (self->context);

  G_OBJECT_CLASS (cabine_call_parent_class)->finalize (object);
}

static void
cabine_call_class_init (CabineCallClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GType type = G_TYPE_FROM_CLASS (klass);

  object_class->dispose = cabine_call_dispose;
  object_class->finalize = cabine_call_finalize;

  signals[SIGNAL_SEND_SIGNAL] =
    g_signal_new ("send-signal", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, JSON_TYPE_OBJECT);
  signals[SIGNAL_STATE_CHANGED] =
    g_signal_new ("state-changed", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, CABINE_TYPE_CALL_STATE);
  signals[SIGNAL_FIRST_REMOTE_FRAME] =
    g_signal_new ("first-remote-frame", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
  signals[SIGNAL_DATA_CHANNEL_OPEN] =
    g_signal_new ("data-channel-open", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
  signals[SIGNAL_DATA_RECEIVED] =
    g_signal_new ("data-received", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SIGNAL_ERROR] =
    g_signal_new ("error", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_ERROR);
  /* cabine-call-sources.h: an exam camera went away while selected. */
  signals[SIGNAL_SOURCE_LOST] =
    g_signal_new ("source-lost", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
cabine_call_init (CabineCall *self)
{
  self->context = g_main_context_ref_thread_default ();
  (void) cabine_call_pipeline_bench_enabled ();   /* its signal sources, before any call */
  self->remote_paintable = cabine_video_paintable_new ();
  self->local_paintable = cabine_video_paintable_new ();
  cabine_video_paintable_set_leader (self->local_paintable, self->remote_paintable);
  g_mutex_init (&self->stethoscope_lock);
}

static gpointer
warm_up_thread (gpointer data)
{
  /* dtlssrtpdec makes the process's shared DTLS certificate on first use (g_once); the others
   * only load their plugins. Missing elements are reported when the call builds its pipeline. */
  static const char *const elements[] = {
    "dtlssrtpdec", "webrtcbin", "openh264enc", "x264enc", "vp8enc", "opusenc", "openh264dec",
    "avdec_h264", "opusdec", "rtph264depay", "videoconvertscale",
  };
  gint64 start = g_get_monotonic_time ();

  for (gsize i = 0; i < G_N_ELEMENTS (elements); i++)
    {
      GstElement *element = gst_element_factory_make (elements[i], NULL);

      if (element != NULL)
        gst_object_unref (gst_object_ref_sink (element));
    }
  g_debug ("warmed up in %" G_GINT64_FORMAT " ms", (g_get_monotonic_time () - start) / 1000);
  return NULL;
}

void
cabine_call_warm_up (void)
{
  static gsize once = 0;

  if (!gst_is_initialized ())
    return;
  if (g_once_init_enter (&once))
    {
      g_thread_unref (g_thread_new ("cabine-call-warm-up", warm_up_thread, NULL));
      g_once_init_leave (&once, 1);
    }
}

CabineCall *
cabine_call_new (const CabineCallOptions  *options,
                 GError                  **error)
{
  g_autoptr(CabineCall) self = NULL;
  g_autofree char *stun = NULL;
  g_auto(GStrv) turn = NULL;

  g_return_val_if_fail (options != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!cabine_call_pipeline_check_options (options, error) ||
      !cabine_call_pipeline_parse_ice_servers (options->ice_servers, &stun, &turn, error))
    return NULL;

  gst_init (NULL, NULL);   /* idempotent; lets owners skip it */
  self = g_object_new (CABINE_TYPE_CALL, NULL);
  self->video_source = g_strdup (options->video_source);
  self->video_device = g_strdup (options->video_device);
  self->audio_source = g_strdup (options->audio_source);
  self->audio_sink = g_strdup (options->audio_sink);
  self->video_codec = g_strdup (options->video_codec);
  self->video_encoder = g_strdup (options->video_encoder);
  self->stethoscope_source = g_strdup (options->stethoscope_source);
  self->stethoscope_device = g_strdup (options->stethoscope_device);
  self->stun_server = g_steal_pointer (&stun);
  self->turn_servers = g_steal_pointer (&turn);
  self->options = (CabineCallOptions) {
    .video_source = self->video_source,
    .video_device = self->video_device,
    .audio_source = self->audio_source,
    .audio_sink = self->audio_sink,
    .video_codec = self->video_codec,
    .video_encoder = self->video_encoder,
    .ice_loopback = options->ice_loopback,
    .stethoscope_source = self->stethoscope_source,
    .stethoscope_device = self->stethoscope_device,
  };
  return g_steal_pointer (&self);
}
