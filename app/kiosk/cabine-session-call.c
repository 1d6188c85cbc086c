/* cabine-session-call.c: the call of a consultation: set-up, signalling, data channel, quality
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The session's part that owns self->call (cabine-session-private.h): the call's options, its
 * webrtcbin signals, the observations sent over its data channel, quality sampling and the
 * detection of a lost path (which cabine-session-recovery.c then re-establishes).
 */
#define G_LOG_DOMAIN "cabine-session"

#include <string.h>

#include "cabine-session-private.h"
#include "cabine-protocol.h"

/* An Observation the console has not acknowledged is sent again after this long (data/protocol.md). */
#define RESEND_INTERVAL_S 5
/* Call quality is sampled (and the video bitrate adapted) this often; every QUALITY_RECORD_EVERY-th
 * sample is kept with the session as a "quality" call event. */
#define QUALITY_INTERVAL_S 5
#define QUALITY_RECORD_EVERY 3
/* webrtcbin (1.22) does not check ICE consent (RFC 7675), so a path that is gone may never be
 * reported as failed: nothing received for this many samples in a row ends the call. */
#define QUALITY_STALLED_MAX 4
/* With recovery enabled ([media] call-recovery-seconds), this many stalled samples start one. */
#define QUALITY_STALLED_RECOVER 2
/* A call error ends the call this long after it (ms) unless the physician's hangup comes first. */
#define CALL_ERROR_GRACE_MS 1500

/* ---- call events --------------------------------------------------------------------- */

void
cabine_session_record_call_event (CabineSession *self,
                                  const char    *event,
                                  JsonObject    *detail)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;

  if (self->session_id == NULL)
    return;
  if (detail != NULL)
    {
      g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), detail);
      json = cabine_json_to_string (node, FALSE);
    }
  if (!cabine_store_add_call_event (self->store, self->session_id, event, json, &error))
    g_warning ("cannot record the call event %s: %s", event, error->message);
}

/* The statistics of the call leg that ends (the first call, or a recovery attempt's): its own
 * figures as a "call-leg" call event, and the sums of all the legs so far as the session's
 * callStats (data/protocol.md "Records"), firstFrameMs being the first leg's that had a frame. */
static void
keep_call_stats (CabineSession *self)
{
  CabineCallStats stats = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) detail = json_object_new ();
  gint64 leg_first_frame_ms = -1;

  cabine_call_get_stats (self->call, &stats);
  self->call_legs++;
  g_message ("call stats (leg %u): video frames received %" G_GUINT64_FORMAT ", sent %" G_GUINT64_FORMAT
             "; audio packets received %" G_GUINT64_FORMAT ", sent %" G_GUINT64_FORMAT,
             self->call_legs, stats.video_frames_decoded, stats.video_frames_sent,
             stats.audio_packets_received, stats.audio_packets_sent);
  if (stats.first_remote_frame_us > 0)
    {
      leg_first_frame_ms = MAX (0, (stats.first_remote_frame_us - self->leg_started_us) / 1000);
      if (self->first_frame_ms < 0)
        self->first_frame_ms = MAX (0, (stats.first_remote_frame_us - self->call_started_us) / 1000);
    }
  self->stats_total.video_frames_decoded += stats.video_frames_decoded;
  self->stats_total.video_frames_sent += stats.video_frames_sent;
  self->stats_total.audio_packets_received += stats.audio_packets_received;
  self->stats_total.audio_packets_sent += stats.audio_packets_sent;

  json_object_set_int_member (detail, "leg", self->call_legs);
  json_object_set_int_member (detail, "attempt", self->leg_attempt);
  json_object_set_int_member (detail, "videoFramesReceived", (gint64) stats.video_frames_decoded);
  json_object_set_int_member (detail, "videoFramesSent", (gint64) stats.video_frames_sent);
  json_object_set_int_member (detail, "audioPacketsReceived", (gint64) stats.audio_packets_received);
  json_object_set_int_member (detail, "audioPacketsSent", (gint64) stats.audio_packets_sent);
  if (leg_first_frame_ms >= 0)
    json_object_set_int_member (detail, "firstFrameMs", leg_first_frame_ms);
  else
    json_object_set_null_member (detail, "firstFrameMs");
  cabine_session_record_call_event (self, "call-leg", detail);

  if (self->session_id != NULL &&
      !cabine_store_record_call_stats (self->store, self->session_id,
                                       self->stats_total.video_frames_decoded,
                                       self->stats_total.video_frames_sent,
                                       self->stats_total.audio_packets_received,
                                       self->stats_total.audio_packets_sent,
                                       self->first_frame_ms, &error))
    g_warning ("cannot keep the call's statistics: %s", error->message);
}

static gboolean linger_done (gpointer user_data);

/* The session forgets its call (statistics kept, handlers and the remote control detached) and
 * stops it, or with @linger leaves its pipeline running CABINE_SESSION_CALL_END_LINGER_MS more. */
static void
release_call (CabineSession *self,
              gboolean       linger)
{
  g_clear_handle_id (&self->resend_id, g_source_remove);
  g_clear_handle_id (&self->quality_id, g_source_remove);
  g_clear_handle_id (&self->failed_end_id, g_source_remove);
  g_clear_handle_id (&self->call_setup_id, g_source_remove);
  g_clear_handle_id (&self->no_video_id, g_source_remove);
  self->no_video = FALSE;
  self->data_channel_open = FALSE;
  cabine_remote_attach (self->remote, NULL, NULL);
  g_cancellable_cancel (self->snapshot_cancel);
  g_clear_object (&self->snapshot_cancel);
  if (self->call != NULL)
    {
      keep_call_stats (self);
      g_signal_handlers_disconnect_by_data (self->call, self);
      if (linger)
        {
          cabine_session_stop_lingering_call (self);
          self->lingering_call = g_object_ref (self->call);
          self->linger_id = g_timeout_add (CABINE_SESSION_CALL_END_LINGER_MS, linger_done, self);
        }
      else
        cabine_call_stop (self->call);
      g_clear_object (&self->call);
      cabine_session_notify_property (self, CABINE_SESSION_PROP_REMOTE_PAINTABLE);
    }
}

void
cabine_session_stop_call (CabineSession *self)
{
  release_call (self, FALSE);
}

static gboolean
linger_done (gpointer user_data)
{
  CabineSession *self = user_data;

  self->linger_id = 0;
  cabine_session_stop_lingering_call (self);
  return G_SOURCE_REMOVE;
}

void
cabine_session_stop_lingering_call (CabineSession *self)
{
  g_clear_handle_id (&self->linger_id, g_source_remove);
  if (self->lingering_call != NULL)
    {
      cabine_call_stop (self->lingering_call);
      g_clear_object (&self->lingering_call);
    }
}

void
cabine_session_stop_call_telling (CabineSession *self,
                                  const char    *reason)
{
  g_autoptr(JsonObject) msg = NULL;
  g_autofree char *id = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  if (self->call == NULL || !self->data_channel_open)
    {
      cabine_session_stop_call (self);
      return;
    }
  id = g_uuid_string_random ();
  msg = cabine_protocol_new_message ("call-end", NULL);
  json_object_set_string_member (msg, "id", id);
  json_object_set_string_member (msg, "reason", reason);
  text = cabine_protocol_serialize (msg);
  if (!cabine_call_send_data (self->call, text, &error))
    {
      g_message ("cannot tell the physician over the data channel that the call ended: %s",
                 error->message);
      cabine_session_stop_call (self);
      return;
    }
  g_message ("told the physician over the data channel that the call ended (%s)", reason);
  release_call (self, TRUE);
}

void
cabine_session_send_unacked (CabineSession *self)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) pending = NULL;

  if (self->call == NULL || !self->data_channel_open || self->session_id == NULL ||
      self->hub_session_id == NULL)
    return;
  pending = cabine_store_list_unacked (self->store, self->session_id, &error);
  if (pending == NULL)
    {
      g_warning ("cannot list readings to send: %s", error->message);
      return;
    }
  for (guint i = 0; pending[i] != NULL && pending[i + 1] != NULL; i += 2)
    {
      g_autofree char *text = g_strdup_printf ("{\"type\":\"observation\",\"id\":\"%s\","
                                               "\"sessionId\":\"%s\",\"resource\":%s}",
                                               pending[i], self->hub_session_id, pending[i + 1]);
      g_autoptr(GError) send_error = NULL;

      if (!cabine_call_send_data (self->call, text, &send_error))
        {
          /* The channel closed before the session heard of it (the physician hung up): the
           * reading stays in the store and goes on the next channel; each new reading would
           * otherwise warn again. */
          if (g_error_matches (send_error, CABINE_MEDIA_ERROR, CABINE_MEDIA_ERROR_NOT_CONNECTED))
            g_debug ("reading %s waits in the store: %s", pending[i], send_error->message);
          else
            g_warning ("cannot send reading %s: %s", pending[i], send_error->message);
          break;
        }
    }
}

static gboolean
resend_cb (gpointer user_data)
{
  cabine_session_send_unacked (user_data);
  return G_SOURCE_CONTINUE;
}

static void
on_call_send_signal (CabineCall    *call,
                     JsonObject    *msg,
                     CabineSession *self)
{
  json_object_set_string_member (msg, "sessionId", self->hub_session_id);
  /* A recovery's messages say which attempt they belong to (data/protocol.md, "Recovery"). */
  if (self->call_attempt > 0)
    {
      json_object_set_int_member (msg, "attempt", self->call_attempt);
      if (g_strcmp0 (json_object_get_string_member_with_default (msg, "type", ""), "offer") == 0)
        json_object_set_boolean_member (msg, "restart", TRUE);
    }
  cabine_session_send_hub_message (self, msg);
}

static gboolean
remote_send (const char  *text,
             gpointer     user_data,
             GError     **error)
{
  CabineSession *self = user_data;

  if (self->call == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED, "no call");
      return FALSE;
    }
  return cabine_call_send_data (self->call, text, error);
}

static void
on_data_channel_open (CabineCall    *call,
                      CabineSession *self)
{
  self->data_channel_open = TRUE;
  cabine_remote_attach (self->remote, remote_send, self);
  cabine_session_send_identity (self);
  cabine_session_send_unacked (self);
  if (self->resend_id == 0)
    self->resend_id = g_timeout_add_seconds (RESEND_INTERVAL_S, resend_cb, self);
}

static void
on_data_received (CabineCall    *call,
                  const char    *text,
                  CabineSession *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) msg = NULL;
  const char *type = NULL;
  const char *id;

  msg = cabine_protocol_parse (text, strlen (text), &type, &error);
  if (msg == NULL)
    {
      g_warning ("ignoring a malformed data-channel message: %s", error->message);
      return;
    }
  /* Remote control (requests, and acknowledgements of what it sent): cabine-remote.c. */
  if (cabine_remote_handle_message (self->remote, type, msg))
    return;
  if (g_strcmp0 (type, "ack") != 0)
    {
      g_debug ("ignoring data-channel message of type \"%s\"", type);
      return;
    }
  id = cabine_protocol_get_string (msg, "id", TRUE, &error);
  if (id == NULL || !cabine_store_mark_observation_acked (self->store, id, &error))
    g_warning ("ignoring an acknowledgement: %s", error->message);
}

static void
on_quality (CabineCall              *call,
            const CabineCallQuality *quality,
            gpointer                 user_data)
{
  CabineSession *self = user_data;
  g_autoptr(JsonObject) detail = NULL;
  g_autoptr(JsonObject) msg = NULL;
  g_autofree char *text = NULL;

  if (quality == NULL || call != self->call)
    return;
  g_debug ("call quality: received %.0f kbit/s, sent %.0f kbit/s, loss %.1f %%, rtt %.0f ms",
           quality->in_kbps, quality->out_kbps, quality->loss_percent, quality->rtt_ms);
  detail = cabine_call_quality_to_json (quality);
  if (self->quality_samples++ % QUALITY_RECORD_EVERY == 0)
    cabine_session_record_call_event (self, "quality", detail);

  /* Nothing received since the last sample, when the physician's media used to arrive (a console
   * without camera and microphone sends none): the network path is interrupted. */
  if (quality->in_kbps >= 1)
    self->media_seen = TRUE;
  if (self->media_seen && quality->in_kbps >= 0 && quality->in_kbps < 1)
    {
      if (self->stalled_samples++ == 0)
        {
          g_warning ("nothing received from the physician for %d s", QUALITY_INTERVAL_S);
          cabine_session_record_call_event (self, "media-interrupted", NULL);
        }
      /* Re-establish the call (a new offer) rather than wait for a path webrtcbin never restarts. */
      if (self->stalled_samples >= QUALITY_STALLED_RECOVER &&
          cabine_session_recovery_begin (self, "media-stalled"))
        return;
      if (self->stalled_samples >= QUALITY_STALLED_MAX)
        {
          g_warning ("nothing received from the physician for %d s: the call is lost",
                     QUALITY_STALLED_MAX * QUALITY_INTERVAL_S);
          cabine_session_record_call_event (self, "media-lost", NULL);
          cabine_session_end_consultation (self, "call-failed", TRUE);
          return;
        }
    }
  else if (quality->in_kbps >= 1 && cabine_session_recovering (self))
    cabine_session_recovery_succeeded (self);
  else if (quality->in_kbps >= 1 && self->stalled_samples > 0)
    {
      g_message ("media from the physician flows again");
      cabine_session_record_call_event (self, "media-resumed", NULL);
      self->stalled_samples = 0;
    }
  /* Informational, not acknowledged (data/protocol.md "call-quality"): the next one replaces it. */
  msg = cabine_protocol_new_message ("call-quality", NULL);
  json_object_set_object_member (msg, "kiosk", json_object_ref (detail));
  text = cabine_protocol_serialize (msg);
  if (self->data_channel_open)
    cabine_call_send_data (self->call, text, NULL);
}

static gboolean
quality_cb (gpointer user_data)
{
  CabineSession *self = user_data;

  if (self->call != NULL)
    cabine_call_sample_quality (self->call, TRUE, on_quality, self);
  return G_SOURCE_CONTINUE;
}

static gboolean
ice_failed_cb (gpointer user_data)
{
  CabineSession *self = user_data;

  self->failed_end_id = 0;
  if (self->state != CABINE_SESSION_STATE_CALL || cabine_session_recovering (self))
    return G_SOURCE_REMOVE;
  if (self->media_seen && cabine_session_recovery_begin (self, "ice-failed"))
    return G_SOURCE_REMOVE;
  g_warning ("the call failed");
  cabine_session_end_consultation (self, "call-failed", TRUE);
  return G_SOURCE_REMOVE;
}

static gboolean no_video_cb (gpointer user_data);

static void
on_call_state_changed (CabineCall      *call,
                       CabineCallState  state,
                       CabineSession   *self)
{
  /* What happened to the network path, kept with the session (a drop, its recovery, a failure). */
  if (state == CABINE_CALL_STATE_CONNECTED && !self->call_connected)
    cabine_session_record_call_event (self, "ice-connected", NULL);
  else if (state == CABINE_CALL_STATE_CONNECTING && self->call_connected)
    {
      g_warning ("the network path to the physician is interrupted; waiting for it to come back");
      cabine_session_record_call_event (self, "ice-disconnected", NULL);
    }
  else if (state == CABINE_CALL_STATE_FAILED)
    cabine_session_record_call_event (self, "ice-failed", NULL);
  self->call_connected = state == CABINE_CALL_STATE_CONNECTED;
  if (self->call_connected)
    g_clear_handle_id (&self->call_setup_id, g_source_remove);
  if (self->call_connected && !self->media_seen && self->no_video_id == 0 && self->no_video_s > 0)
    self->no_video_id = g_timeout_add_seconds (self->no_video_s, no_video_cb, self);
  if (state == CABINE_CALL_STATE_CONNECTED && self->quality_id == 0)
    self->quality_id = g_timeout_add_seconds (QUALITY_INTERVAL_S, quality_cb, self);
  /* During a recovery, a failed attempt is followed by the next one. Otherwise: a physician who
   * hangs up closes the connection as the hub relays the hangup, so wait for it before taking the
   * failure for the network's (then the call is re-established, or ends). */
  if (state == CABINE_CALL_STATE_FAILED && self->state == CABINE_SESSION_STATE_CALL &&
      !cabine_session_recovering (self) && self->failed_end_id == 0)
    {
      g_warning ("the call's ICE failed");
      self->failed_end_id = g_timeout_add (CALL_ERROR_GRACE_MS, ice_failed_cb, self);
    }
}

/* Connected for a while and still no video from the physician: their browser has no camera, or
 * was refused it. The patient is told rather than left on "Connecting to the doctor…". */
static gboolean
no_video_cb (gpointer user_data)
{
  CabineSession *self = user_data;

  self->no_video_id = 0;
  if (self->state != CABINE_SESSION_STATE_CALL || self->media_seen || self->no_video)
    return G_SOURCE_REMOVE;
  g_message ("connected for %u s without the physician's video: their camera is off",
             self->no_video_s);
  self->no_video = TRUE;
  cabine_session_notify_call_notice (self);
  return G_SOURCE_REMOVE;
}

static gboolean
call_setup_cb (gpointer user_data)
{
  CabineSession *self = user_data;

  self->call_setup_id = 0;
  if (self->state != CABINE_SESSION_STATE_CALL || self->call_connected ||
      cabine_session_recovering (self))
    return G_SOURCE_REMOVE;
  g_warning ("the call did not connect within %u s of the accept (no answer from the physician, "
             "an answer refused, or no network path)", self->call_setup_s);
  cabine_session_record_call_event (self, "setup-timeout", NULL);
  cabine_session_end_consultation (self, "call-failed", TRUE);
  return G_SOURCE_REMOVE;
}

static gboolean
end_device_failed_cb (gpointer user_data)
{
  CabineSession *self = user_data;

  self->failed_end_id = 0;
  if (self->state == CABINE_SESSION_STATE_CALL)
    {
      g_warning ("the call ends: a device failed: %s", self->call_error);
      cabine_session_end_consultation (self, "device-failed", TRUE);
    }
  return G_SOURCE_REMOVE;
}

static gboolean
end_failed_call_cb (gpointer user_data)
{
  CabineSession *self = user_data;

  self->failed_end_id = 0;
  if (self->state == CABINE_SESSION_STATE_CALL)
    {
      g_warning ("the call failed: %s", self->call_error);
      cabine_session_end_consultation (self, "call-failed", TRUE);
    }
  return G_SOURCE_REMOVE;
}

static void
on_call_error (CabineCall    *call,
               GError        *error,
               CabineSession *self)
{
  /* A physician who hangs up closes the connection as the hub relays the hangup: the data
   * channel's failure often comes first (sctpenc cannot write). The hangup in flight, if any,
   * says why the call ends, and the error is no failure: a warning only if the call ends for it.
   * A camera, microphone or speaker that failed is the cabin's problem, not the network's: the
   * patient is told so ("device-failed", sent to the hub as call-failed). */
  g_message ("call error: %s (the call ends in %d ms unless a hangup comes first)",
             error->message, CALL_ERROR_GRACE_MS);
  if (self->state != CABINE_SESSION_STATE_CALL || self->failed_end_id != 0)
    return;
  g_free (self->call_error);
  self->call_error = g_strdup (error->message);
  self->failed_end_id = g_timeout_add (CALL_ERROR_GRACE_MS,
                                       g_error_matches (error, CABINE_MEDIA_ERROR,
                                                        CABINE_MEDIA_ERROR_DEVICE) ?
                                         end_device_failed_cb : end_failed_call_cb,
                                       self);
}

static void
call_options_fill (CabineSession     *self,
                   CabineCallOptions *options)
{
  cabine_call_options_init (options);
  options->video_source = cabine_config_get_media_option (self->config, "video-source", "auto");
  options->video_device = cabine_config_get_media_option (self->config, "video-device", "/dev/video0");
  options->audio_source = cabine_config_get_media_option (self->config, "audio-source", "auto");
  options->audio_sink = cabine_config_get_media_option (self->config, "audio-sink", "auto");
  options->video_codec = cabine_config_get_media_option (self->config, "video-codec", "h264");
  options->video_encoder = cabine_config_get_media_option (self->config, "video-encoder", "auto");
  options->ice_loopback = cabine_config_get_ice_loopback (self->config);
  options->stethoscope_source = cabine_config_get_media_option (self->config, "stethoscope-source", "auto");
  options->stethoscope_device = cabine_config_get_media_option (self->config, "stethoscope", NULL);
  options->ice_servers = self->ice_servers;
}

static void
on_first_remote_frame (CabineCall    *call,
                       CabineSession *self)
{
  if (call != self->call)
    return;
  /* The physician's media arrives: from now on, its absence means the path is interrupted. */
  self->media_seen = TRUE;
  g_clear_handle_id (&self->no_video_id, g_source_remove);
  if (self->no_video)
    {
      self->no_video = FALSE;
      cabine_session_notify_call_notice (self);
    }
  cabine_session_recovery_succeeded (self);
}

static void
connect_call (CabineSession *self)
{
  self->signal_refusals = 0;
  g_signal_connect (self->call, "send-signal", G_CALLBACK (on_call_send_signal), self);
  g_signal_connect (self->call, "data-channel-open", G_CALLBACK (on_data_channel_open), self);
  g_signal_connect (self->call, "data-received", G_CALLBACK (on_data_received), self);
  g_signal_connect (self->call, "state-changed", G_CALLBACK (on_call_state_changed), self);
  g_signal_connect (self->call, "first-remote-frame", G_CALLBACK (on_first_remote_frame), self);
  g_signal_connect (self->call, "error", G_CALLBACK (on_call_error), self);
  cabine_session_cameras_attach (self);
}

gboolean
cabine_session_open_call (CabineSession *self)
{
  g_autoptr(GError) error = NULL;
  CabineCallOptions options;

  cabine_session_stop_call (self);
  self->snapshot_cancel = g_cancellable_new ();
  self->call_connected = FALSE;
  self->stalled_samples = 0;
  call_options_fill (self, &options);
  self->call = cabine_call_new (&options, &error);
  if (self->call == NULL)
    {
      g_warning ("cannot set up the call: %s", error->message);
      return FALSE;
    }
  self->leg_attempt = self->call_attempt;
  self->leg_started_us = g_get_monotonic_time ();
  connect_call (self);
  cabine_session_notify_property (self, CABINE_SESSION_PROP_REMOTE_PAINTABLE);
  if (!cabine_call_start (self->call, &error))
    {
      g_warning ("cannot start the call: %s", error->message);
      return FALSE;
    }
  /* What the physician had chosen on the call this one replaces (data/protocol.md "Recovery"). */
  cabine_session_exam_reapply (self);
  return TRUE;
}

void
cabine_session_start_call (CabineSession *self,
            JsonObject    *msg)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) start_error = NULL;
  CabineCallOptions options;
  gboolean started;
  const char *physician = cabine_protocol_get_string (msg, "physician", FALSE, NULL);
  JsonNode *servers = json_object_get_member (msg, "iceServers");

  cabine_session_stop_call (self);
  g_clear_pointer (&self->ice_servers, json_array_unref);
  if (servers != NULL && JSON_NODE_HOLDS_ARRAY (servers))
    self->ice_servers = json_array_ref (json_node_get_array (servers));
  self->call_attempt = 0;
  cabine_session_hub_call_reset (self);
  g_free (self->physician);
  self->physician = g_strdup (physician);
  cabine_session_notify_property (self, CABINE_SESSION_PROP_PHYSICIAN);

  cabine_remote_reset (self->remote);
  g_clear_pointer (&self->exam_source, g_free);
  self->stethoscope_on = FALSE;
  memset (&self->stats_total, 0, sizeof self->stats_total);
  self->first_frame_ms = -1;
  self->call_legs = 0;
  self->snapshot_cancel = g_cancellable_new ();
  self->quality_samples = 0;
  self->call_connected = FALSE;
  self->stalled_samples = 0;
  self->media_seen = FALSE;
  call_options_fill (self, &options);
  self->call = cabine_call_new (&options, &error);
  if (self->call == NULL)
    {
      g_warning ("cannot set up the call: %s", error->message);
      cabine_session_set_state (self, CABINE_SESSION_STATE_CALL);
      cabine_session_end_consultation (self, "call-failed", TRUE);
      return;
    }
  connect_call (self);

  /* Started before the store's write (which waits for the disk) and the call page: webrtcbin
   * makes the offer in its own thread meanwhile, and it goes out when this returns. */
  self->call_started_us = g_get_monotonic_time ();
  self->leg_attempt = 0;
  self->leg_started_us = self->call_started_us;
  started = cabine_call_start (self->call, &start_error);
  if (!started)
    g_warning ("cannot start the call: %s", start_error->message);

  if (!cabine_store_mark_call_started (self->store, self->session_id, &error))
    g_warning ("cannot record the start of the call: %s", error->message);
  g_clear_error (&error);

  cabine_session_set_queue_position (self, 0);
  cabine_session_set_state (self, CABINE_SESSION_STATE_CALL);
  cabine_session_notify_property (self, CABINE_SESSION_PROP_REMOTE_PAINTABLE);
  if (!started)
    {
      cabine_session_end_consultation (self, "call-failed", TRUE);
      return;
    }
  if (self->call_setup_s > 0)
    self->call_setup_id = g_timeout_add_seconds (self->call_setup_s, call_setup_cb, self);
}
