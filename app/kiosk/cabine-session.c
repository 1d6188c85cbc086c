/* cabine-session.c: the kiosk's consultation state machine
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "cabine-session"

#include <string.h>

#include <glib/gi18n.h>

#include "cabine-session-private.h"

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


enum {
  PROP_0,
  PROP_STATE,
  PROP_QUEUE_POSITION,
  PROP_HUB_CONNECTED,
  PROP_PHYSICIAN,
  PROP_REMOTE_PAINTABLE,
  PROP_ESTIMATED_WAIT,
  PROP_CALL_NOTICE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_QUARK (cabine-session-error-quark, cabine_session_error)
G_DEFINE_FINAL_TYPE (CabineSession, cabine_session, G_TYPE_OBJECT)

GType
cabine_session_state_get_type (void)
{
  static gsize type = 0;
  static const GEnumValue values[] = {
    { CABINE_SESSION_STATE_WELCOME, "CABINE_SESSION_STATE_WELCOME", "welcome" },
    { CABINE_SESSION_STATE_INTAKE, "CABINE_SESSION_STATE_INTAKE", "intake" },
    { CABINE_SESSION_STATE_WAITING, "CABINE_SESSION_STATE_WAITING", "waiting" },
    { CABINE_SESSION_STATE_CALL, "CABINE_SESSION_STATE_CALL", "call" },
    { CABINE_SESSION_STATE_ENDED, "CABINE_SESSION_STATE_ENDED", "ended" },
    { 0, NULL, NULL },
  };

  if (g_once_init_enter (&type))
    g_once_init_leave (&type, g_enum_register_static ("CabineSessionState", values));
  return (GType) type;
}

static void
set_state (CabineSession      *self,
           CabineSessionState  state)
{
  if (self->state == state)
    return;
  {
    GEnumClass *klass = g_type_class_ref (CABINE_TYPE_SESSION_STATE);
    g_message ("session state %s -> %s", g_enum_get_value (klass, (int) self->state)->value_nick,
               g_enum_get_value (klass, (int) state)->value_nick);
    g_type_class_unref (klass);
  }
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
set_queue_position (CabineSession *self,
                    guint          position)
{
  if (self->queue_position == position)
    return;
  self->queue_position = position;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUEUE_POSITION]);
}

static void
send_message (CabineSession *self,
              JsonObject    *msg)
{
  g_autoptr(GError) error = NULL;

  if (!cabine_signalling_send (self->signalling, msg, &error))
    g_warning ("cannot send \"%s\" to the hub: %s",
               json_object_get_string_member_with_default (msg, "type", "?"), error->message);
}

static void
send_join_queue (CabineSession *self)
{
  g_autoptr(JsonObject) msg = cabine_protocol_new_message ("join-queue", NULL);

  json_object_set_string_member (msg, "reason", self->reason != NULL ? self->reason : "");
  json_object_set_string_member (msg, "language", self->language);
  /* An extra member: the hub (app/hub/cabine-hub-relay.c) ignores it for now. */
  if (self->questionnaire != NULL)
    json_object_set_object_member (msg, "questionnaire", json_object_ref (self->questionnaire));
  send_message (self, msg);
  self->joined = TRUE;
}

/* ---- the call ---------------------------------------------------------------------------- */

static void
stop_call (CabineSession *self)
{
  g_clear_handle_id (&self->resend_id, g_source_remove);
  g_clear_handle_id (&self->quality_id, g_source_remove);
  g_clear_handle_id (&self->failed_end_id, g_source_remove);
  self->data_channel_open = FALSE;
  cabine_remote_attach (self->remote, NULL, NULL);
  g_cancellable_cancel (self->snapshot_cancel);
  g_clear_object (&self->snapshot_cancel);
  if (self->call != NULL)
    {
      CabineCallStats stats = { 0 };
      g_autoptr(GError) error = NULL;

      cabine_call_get_stats (self->call, &stats);
      g_message ("call stats: video frames received %" G_GUINT64_FORMAT ", sent %" G_GUINT64_FORMAT
                 "; audio packets received %" G_GUINT64_FORMAT ", sent %" G_GUINT64_FORMAT,
                 stats.video_frames_decoded, stats.video_frames_sent,
                 stats.audio_packets_received, stats.audio_packets_sent);
      if (self->session_id != NULL &&
          !cabine_store_record_call_stats (self->store, self->session_id,
                                           stats.video_frames_decoded, stats.video_frames_sent,
                                           stats.audio_packets_received, stats.audio_packets_sent,
                                           stats.first_remote_frame_us > 0
                                             ? (stats.first_remote_frame_us - self->call_started_us) / 1000
                                             : -1,
                                           &error))
        g_warning ("cannot keep the call's statistics: %s", error->message);
      g_signal_handlers_disconnect_by_data (self->call, self);
      cabine_call_stop (self->call);
      g_clear_object (&self->call);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REMOTE_PAINTABLE]);
    }
}

static void
end_consultation (CabineSession *self,
                  const char    *reason,
                  gboolean       tell_hub)
{
  g_autoptr(GError) error = NULL;

  cabine_session_recovery_abandon (self, reason);
  if (tell_hub && self->hub_session_id != NULL && cabine_signalling_get_connected (self->signalling))
    {
      g_autoptr(JsonObject) msg = cabine_protocol_new_message ("hangup", self->hub_session_id);
      json_object_set_string_member (msg, "reason", reason);
      send_message (self, msg);
    }
  stop_call (self);
  cabine_remote_reset (self->remote);
  if (self->session_id != NULL &&
      !cabine_store_end_session (self->store, self->session_id, reason, &error))
    g_warning ("cannot record the end of the consultation: %s", error->message);
  else if (self->outbox != NULL)
    cabine_outbox_kick (self->outbox);
  g_free (self->end_reason);
  self->end_reason = g_strdup (reason);
  set_state (self, CABINE_SESSION_STATE_ENDED);
}

void
cabine_session_end_consultation (CabineSession *self,
                                 const char    *reason,
                                 gboolean       tell_hub)
{
  end_consultation (self, reason, tell_hub);
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
  send_message (self, msg);
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
          end_consultation (self, "call-failed", TRUE);
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
  end_consultation (self, "call-failed", TRUE);
  return G_SOURCE_REMOVE;
}

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

static gboolean
end_failed_call_cb (gpointer user_data)
{
  CabineSession *self = user_data;

  self->failed_end_id = 0;
  if (self->state == CABINE_SESSION_STATE_CALL)
    end_consultation (self, "call-failed", TRUE);
  return G_SOURCE_REMOVE;
}

static void
on_call_error (CabineCall    *call,
               GError        *error,
               CabineSession *self)
{
  g_warning ("call error: %s", error->message);
  /* A physician who hangs up closes the connection as the hub relays the hangup: the data
   * channel's failure often comes first. The hangup in flight, if any, says why the call ends. */
  if (self->state == CABINE_SESSION_STATE_CALL && self->failed_end_id == 0)
    self->failed_end_id = g_timeout_add (CALL_ERROR_GRACE_MS, end_failed_call_cb, self);
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
  cabine_session_recovery_succeeded (self);
}

static void
connect_call (CabineSession *self)
{
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

  stop_call (self);
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
  connect_call (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REMOTE_PAINTABLE]);
  if (!cabine_call_start (self->call, &error))
    {
      g_warning ("cannot start the call: %s", error->message);
      return FALSE;
    }
  return TRUE;
}

static void
start_call (CabineSession *self,
            JsonObject    *msg)
{
  g_autoptr(GError) error = NULL;
  CabineCallOptions options;
  const char *physician = cabine_protocol_get_string (msg, "physician", FALSE, NULL);
  JsonNode *servers = json_object_get_member (msg, "iceServers");

  stop_call (self);
  g_clear_pointer (&self->ice_servers, json_array_unref);
  if (servers != NULL && JSON_NODE_HOLDS_ARRAY (servers))
    self->ice_servers = json_array_ref (json_node_get_array (servers));
  self->call_attempt = 0;
  g_free (self->physician);
  self->physician = g_strdup (physician);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PHYSICIAN]);

  cabine_remote_reset (self->remote);
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
      set_state (self, CABINE_SESSION_STATE_CALL);
      end_consultation (self, "call-failed", TRUE);
      return;
    }
  connect_call (self);

  if (!cabine_store_mark_call_started (self->store, self->session_id, &error))
    g_warning ("cannot record the start of the call: %s", error->message);
  g_clear_error (&error);

  set_queue_position (self, 0);
  set_state (self, CABINE_SESSION_STATE_CALL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REMOTE_PAINTABLE]);

  self->call_started_us = g_get_monotonic_time ();
  if (!cabine_call_start (self->call, &error))
    {
      g_warning ("cannot start the call: %s", error->message);
      end_consultation (self, "call-failed", TRUE);
    }
}

/* ---- the hub ----------------------------------------------------------------------------- */

static gboolean
is_current_session (CabineSession *self,
                    JsonObject    *msg)
{
  const char *id = cabine_protocol_get_string (msg, "sessionId", FALSE, NULL);
  return id != NULL && g_strcmp0 (id, self->hub_session_id) == 0;
}

static void
set_estimated_wait (CabineSession *self,
                    JsonObject    *msg)
{
  gint64 seconds = 0;

  /* Not sent by the hub yet: an optional "estimatedWait" in seconds (0 or absent: unknown). */
  if (!cabine_protocol_get_int (msg, "estimatedWait", &seconds, NULL) || seconds < 0)
    seconds = 0;
  seconds = MIN (seconds, (gint64) G_MAXUINT);
  if (self->estimated_wait_s == (guint) seconds)
    return;
  self->estimated_wait_s = (guint) seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ESTIMATED_WAIT]);
}

static void
on_queued (CabineSession *self,
           JsonObject    *msg)
{
  g_autoptr(GError) error = NULL;
  const char *id = cabine_protocol_get_string (msg, "sessionId", TRUE, &error);
  gint64 position = 0;

  if (id == NULL || self->state != CABINE_SESSION_STATE_WAITING || self->session_id == NULL)
    return;
  /* A new hub id after a hub restart replaces the old one; the consultation stays the same. */
  g_free (self->hub_session_id);
  self->hub_session_id = g_strdup (id);
  if (!cabine_store_set_hub_session_id (self->store, self->session_id, id, &error))
    g_warning ("cannot record the hub's session id: %s", error->message);
  if (cabine_protocol_get_int (msg, "position", &position, NULL))
    set_queue_position (self, (guint) CLAMP (position, 0, G_MAXUINT));
  set_estimated_wait (self, msg);
}

static void
on_hub_message (CabineSignalling *signalling,
                const char       *type,
                JsonObject       *msg,
                CabineSession    *self)
{
  gint64 position;

  if (g_str_equal (type, "queued"))
    on_queued (self, msg);
  else if (g_str_equal (type, "queue-position"))
    {
      if (is_current_session (self, msg) && cabine_protocol_get_int (msg, "position", &position, NULL))
        set_queue_position (self, (guint) CLAMP (position, 0, G_MAXUINT));
      if (is_current_session (self, msg))
        set_estimated_wait (self, msg);
    }
  else if (g_str_equal (type, "session-started"))
    {
      if (self->state == CABINE_SESSION_STATE_WAITING && is_current_session (self, msg))
        start_call (self, msg);
    }
  else if (g_str_equal (type, "answer") || g_str_equal (type, "ice"))
    {
      g_autoptr(GError) error = NULL;

      if (self->call == NULL || !is_current_session (self, msg))
        return;
      if (!cabine_session_recovery_is_current (self, msg))
        {
          g_debug ("ignoring \"%s\" of an earlier attempt of the call", type);
          return;
        }
      if (!cabine_call_handle_signal (self->call, msg, &error))
        g_warning ("refused \"%s\" from the physician: %s", type, error->message);
      else if (g_str_equal (type, "answer"))
        cabine_session_recovery_answered (self);
    }
  else if (g_str_equal (type, "hangup"))
    {
      if (self->state == CABINE_SESSION_STATE_CALL && is_current_session (self, msg))
        {
          const char *reason = cabine_protocol_get_string (msg, "reason", FALSE, NULL);
          end_consultation (self, reason != NULL ? reason : "physician-ended", FALSE);
        }
    }
  else if (g_str_equal (type, "error"))
    {
      g_warning ("the hub refused a message: %s (%s)",
                 json_object_get_string_member_with_default (msg, "message", "?"),
                 json_object_get_string_member_with_default (msg, "code", "?"));
    }
  else
    g_debug ("ignoring hub message \"%s\"", type);
}

static void
on_signalling_last_error (CabineSession *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HUB_CONNECTED]);
}

static void
on_connection_changed (CabineSignalling *signalling,
                       gboolean          connected,
                       CabineSession    *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HUB_CONNECTED]);
  if (connected)
    {
      /* A fresh connection: the hub knows nothing of us. Rejoin the queue if the patient waits. */
      self->joined = FALSE;
      if (self->state == CABINE_SESSION_STATE_WAITING)
        send_join_queue (self);
      return;
    }
  self->joined = FALSE;
  set_queue_position (self, 0);
  if (self->state == CABINE_SESSION_STATE_CALL)
    {
      /* The hub has told the physician we left; the call cannot be continued. */
      g_warning ("lost the hub during the call");
      end_consultation (self, "peer-disconnected", FALSE);
    }
}

/* ---- instruments ------------------------------------------------------------------------- */

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
      json = json_to_string (node, FALSE);
    }
  if (!cabine_store_add_call_event (self->store, self->session_id, event, json, &error))
    g_warning ("cannot record the call event %s: %s", event, error->message);
}

/* ---- GObject ----------------------------------------------------------------------------- */

static void
cabine_session_dispose (GObject *object)
{
  CabineSession *self = CABINE_SESSION (object);

  g_clear_handle_id (&self->recovery_id, g_source_remove);
  stop_call (self);
  cabine_session_cameras_stop (self);
  if (self->signalling != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->signalling, self);
      cabine_signalling_stop (self->signalling);
      g_clear_object (&self->signalling);
    }
  if (self->devices != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->devices, self);
      cabine_device_manager_stop (self->devices);
      g_clear_object (&self->devices);
    }
  cabine_session_drop_pending (self);
  g_clear_object (&self->readings);
  g_clear_object (&self->patient);
  g_clear_pointer (&self->questionnaire, json_object_unref);
  g_clear_object (&self->outbox);
  if (self->remote != NULL)
    g_signal_handlers_disconnect_by_data (self->remote, self);
  g_clear_object (&self->remote);
  g_clear_object (&self->store);
  g_clear_object (&self->config);
  G_OBJECT_CLASS (cabine_session_parent_class)->dispose (object);
}

static void
cabine_session_finalize (GObject *object)
{
  CabineSession *self = CABINE_SESSION (object);

  g_free (self->language);
  g_free (self->reason);
  g_free (self->session_id);
  g_free (self->hub_session_id);
  g_free (self->physician);
  g_free (self->end_reason);
  g_clear_pointer (&self->ice_servers, json_array_unref);
  G_OBJECT_CLASS (cabine_session_parent_class)->finalize (object);
}

static void
cabine_session_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  CabineSession *self = CABINE_SESSION (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_QUEUE_POSITION:
      g_value_set_uint (value, self->queue_position);
      break;
    case PROP_HUB_CONNECTED:
      g_value_set_boolean (value, cabine_session_get_hub_connected (self));
      break;
    case PROP_PHYSICIAN:
      g_value_set_string (value, self->physician);
      break;
    case PROP_REMOTE_PAINTABLE:
      g_value_set_object (value, cabine_session_get_remote_paintable (self));
      break;
    case PROP_ESTIMATED_WAIT:
      g_value_set_uint (value, self->estimated_wait_s);
      break;
    case PROP_CALL_NOTICE:
      g_value_set_string (value, cabine_session_get_call_notice (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cabine_session_class_init (CabineSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cabine_session_dispose;
  object_class->finalize = cabine_session_finalize;
  object_class->get_property = cabine_session_get_property;

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, CABINE_TYPE_SESSION_STATE, CABINE_SESSION_STATE_WELCOME,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_QUEUE_POSITION] =
    g_param_spec_uint ("queue-position", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HUB_CONNECTED] =
    g_param_spec_boolean ("hub-connected", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PHYSICIAN] =
    g_param_spec_string ("physician", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REMOTE_PAINTABLE] =
    g_param_spec_object ("remote-paintable", NULL, NULL, GDK_TYPE_PAINTABLE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ESTIMATED_WAIT] =
    g_param_spec_uint ("estimated-wait", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CALL_NOTICE] =
    g_param_spec_string ("call-notice", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cabine_session_init (CabineSession *self)
{
  self->state = CABINE_SESSION_STATE_WELCOME;
  self->language = g_strdup ("fr");
  self->readings = g_list_store_new (CABINE_TYPE_READING);
  self->patient = cabine_patient_new ();
  self->remote = cabine_remote_new ();
  g_signal_connect (self->remote, "source-switch-requested", G_CALLBACK (cabine_session_on_source_switch_requested), self);
  g_signal_connect (self->remote, "snapshot-requested", G_CALLBACK (cabine_session_on_snapshot_requested), self);
  g_signal_connect (self->remote, "stethoscope-requested", G_CALLBACK (cabine_session_on_stethoscope_requested), self);
}

CabineSession *
cabine_session_new (CabineConfig *config,
                    CabineStore  *store)
{
  CabineSession *self;

  g_return_val_if_fail (CABINE_IS_CONFIG (config), NULL);
  g_return_val_if_fail (CABINE_IS_STORE (store), NULL);

  self = g_object_new (CABINE_TYPE_SESSION, NULL);
  self->config = g_object_ref (config);
  self->store = g_object_ref (store);
  self->signalling = cabine_signalling_new (cabine_config_get_hub_url (config),
                                            cabine_config_get_kiosk_id (config),
                                            cabine_config_get_token (config));
  g_signal_connect (self->signalling, "message", G_CALLBACK (on_hub_message), self);
  g_signal_connect (self->signalling, "connection-changed", G_CALLBACK (on_connection_changed), self);
  g_signal_connect_swapped (self->signalling, "notify::last-error", G_CALLBACK (on_signalling_last_error), self);
  return self;
}

void
cabine_session_start (CabineSession *self)
{
  g_return_if_fail (CABINE_IS_SESSION (self));

  {
    g_autoptr(GError) error = NULL;
    /* wss:// with the hub's own CA (`[kiosk] hub-ca`), as the outbox below. */
    if (!cabine_signalling_set_ca_file (self->signalling, cabine_config_get_hub_ca (self->config),
                                        &error) ||
        !cabine_signalling_start (self->signalling, &error))
      g_warning ("cannot connect to the hub: %s", error->message);
  }

  if (self->outbox == NULL)
    {
      g_autoptr(GError) error = NULL;

      self->outbox = cabine_outbox_new (self->store, cabine_config_get_hub_url (self->config),
                                        cabine_config_get_kiosk_id (self->config),
                                        cabine_config_get_token (self->config),
                                        cabine_config_get_hub_ca (self->config),
                                        cabine_config_get_retention_hours (self->config), &error);
      if (self->outbox == NULL)
        g_warning ("consultations will not be uploaded: %s", error->message);
      else
        cabine_outbox_start (self->outbox);
    }

  if (cabine_config_get_devices_enabled (self->config) && self->devices == NULL)
    {
      g_autoptr(GError) error = NULL;

      self->devices = cabine_device_manager_new ();
      cabine_device_manager_set_state_dir (self->devices,
                                           cabine_config_get_devices_state_dir (self->config));
      g_signal_connect (self->devices, "measurement", G_CALLBACK (cabine_session_on_measurement), self);
      if (!cabine_device_manager_start (self->devices, &error))
        g_warning ("running without USB instruments: %s", error->message);
    }
  if (self->cameras == NULL)
    cabine_session_cameras_start (self);
}

static void
forget_patient (CabineSession *self)
{
  g_clear_pointer (&self->reason, g_free);
  g_clear_pointer (&self->session_id, g_free);
  g_clear_pointer (&self->hub_session_id, g_free);
  g_clear_pointer (&self->physician, g_free);
  g_clear_pointer (&self->questionnaire, json_object_unref);
  cabine_patient_clear (self->patient);
  g_list_store_remove_all (self->readings);
  set_queue_position (self, 0);
  if (self->estimated_wait_s != 0)
    {
      self->estimated_wait_s = 0;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ESTIMATED_WAIT]);
    }
}

/* The patient left before joining the queue: nothing of them is kept. */
static void
purge_intake (CabineSession *self)
{
  g_autoptr(GError) error = NULL;

  if (self->session_id != NULL && !cabine_store_purge_session (self->store, self->session_id, &error))
    g_warning ("cannot forget an abandoned journey: %s", error->message);
}

gboolean
cabine_session_cleaning_overdue (CabineSession *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) last = NULL;
  g_autoptr(GDateTime) now = NULL;
  guint hours;

  g_return_val_if_fail (CABINE_IS_SESSION (self), FALSE);

  hours = cabine_config_get_cleaning_interval_hours (self->config);
  if (hours == 0)
    return FALSE;
  last = cabine_store_get_last_cleaning (self->store, &error);
  if (last == NULL)
    {
      if (error != NULL)
        g_warning ("cannot read the cleaning log: %s", error->message);
      return TRUE;
    }
  now = g_date_time_new_now_utc ();
  return g_date_time_difference (now, last) > (GTimeSpan) hours * G_TIME_SPAN_HOUR;
}

gboolean
cabine_session_get_out_of_service (CabineSession *self)
{
  const GError *error;

  g_return_val_if_fail (CABINE_IS_SESSION (self), FALSE);

  error = cabine_signalling_get_last_error (self->signalling);
  return error != NULL && g_error_matches (error, CABINE_MEDIA_ERROR, CABINE_MEDIA_ERROR_REFUSED);
}

gboolean
cabine_session_begin (CabineSession  *self,
                      const char     *language,
                      GError        **error)
{
  g_autofree char *id = NULL;

  g_return_val_if_fail (CABINE_IS_SESSION (self), FALSE);
  g_return_val_if_fail (self->state == CABINE_SESSION_STATE_WELCOME, FALSE);

  if (cabine_session_cleaning_overdue (self))
    {
      g_set_error_literal (error, CABINE_SESSION_ERROR, CABINE_SESSION_ERROR_CLEANING_DUE,
                           "the cabin's cleaning is overdue");
      return FALSE;
    }
  if (cabine_session_get_out_of_service (self))
    {
      g_set_error_literal (error, CABINE_SESSION_ERROR, CABINE_SESSION_ERROR_OUT_OF_SERVICE,
                           "the hub refuses this kiosk");
      return FALSE;
    }
  forget_patient (self);
  id = g_uuid_string_random ();
  if (!cabine_store_begin_session (self->store, id, cabine_config_get_kiosk_id (self->config),
                                   language != NULL ? language : "fr", NULL, error))
    return FALSE;
  g_free (self->language);
  self->language = g_strdup (language != NULL ? language : "fr");
  self->session_id = g_steal_pointer (&id);
  g_clear_pointer (&self->end_reason, g_free);
  set_state (self, CABINE_SESSION_STATE_INTAKE);
  return TRUE;
}

gboolean
cabine_session_set_patient (CabineSession  *self,
                            const char     *family_name,
                            const char     *given_name,
                            const char     *birth_date,
                            const char     *sex,
                            const char     *contact,
                            GError        **error)
{
  CabineStoredPatient stored;

  g_return_val_if_fail (CABINE_IS_SESSION (self), FALSE);
  g_return_val_if_fail (self->state == CABINE_SESSION_STATE_INTAKE && self->session_id != NULL, FALSE);

  if (!cabine_patient_set (self->patient, family_name, given_name, birth_date, sex, contact, error))
    return FALSE;
  stored.family_name = cabine_patient_get_family_name (self->patient);
  stored.given_name = cabine_patient_get_given_name (self->patient);
  stored.birth_date = cabine_patient_get_birth_date (self->patient);
  stored.sex = cabine_patient_get_sex (self->patient);
  stored.contact = cabine_patient_get_contact (self->patient);
  return cabine_store_set_patient (self->store, self->session_id, &stored, error);
}

gboolean
cabine_session_accept_consent (CabineSession  *self,
                               const char     *text_version,
                               GError        **error)
{
  g_return_val_if_fail (CABINE_IS_SESSION (self), FALSE);
  g_return_val_if_fail (self->state == CABINE_SESSION_STATE_INTAKE && self->session_id != NULL, FALSE);

  return cabine_store_set_consent (self->store, self->session_id, text_version, self->language, error);
}

gboolean
cabine_session_request_consultation (CabineSession        *self,
                                     const char           *reason,
                                     CabineQuestionnaire  *questionnaire,
                                     GError              **error)
{
  g_autofree char *answers = NULL;

  g_return_val_if_fail (CABINE_IS_SESSION (self), FALSE);
  g_return_val_if_fail (self->state == CABINE_SESSION_STATE_INTAKE && self->session_id != NULL, FALSE);
  g_return_val_if_fail (reason != NULL, FALSE);

  g_clear_pointer (&self->questionnaire, json_object_unref);
  if (questionnaire != NULL)
    {
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

      self->questionnaire = cabine_questionnaire_to_json (questionnaire);
      json_node_set_object (node, self->questionnaire);
      answers = json_to_string (node, FALSE);
      if (!cabine_store_set_questionnaire (self->store, self->session_id, answers, error))
        return FALSE;
    }
  if (!cabine_store_set_reason (self->store, self->session_id, reason, error))
    return FALSE;
  g_free (self->reason);
  self->reason = g_strdup (reason);
  set_state (self, CABINE_SESSION_STATE_WAITING);
  if (cabine_signalling_get_connected (self->signalling))
    send_join_queue (self);
  return TRUE;
}

void
cabine_session_cancel (CabineSession *self)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (CABINE_IS_SESSION (self));

  if (self->state == CABINE_SESSION_STATE_INTAKE)
    {
      purge_intake (self);
      forget_patient (self);
      set_state (self, CABINE_SESSION_STATE_WELCOME);
      return;
    }
  if (self->state != CABINE_SESSION_STATE_WAITING)
    return;
  if (self->hub_session_id != NULL && cabine_signalling_get_connected (self->signalling))
    {
      g_autoptr(JsonObject) msg = cabine_protocol_new_message ("leave-queue", self->hub_session_id);
      send_message (self, msg);
    }
  if (self->session_id != NULL &&
      !cabine_store_end_session (self->store, self->session_id, "abandoned", &error))
    g_warning ("cannot record the abandoned consultation: %s", error->message);
  forget_patient (self);
  set_state (self, CABINE_SESSION_STATE_WELCOME);
}

void
cabine_session_hang_up (CabineSession *self)
{
  g_return_if_fail (CABINE_IS_SESSION (self));

  if (self->state == CABINE_SESSION_STATE_CALL)
    end_consultation (self, "patient-ended", TRUE);
}

void
cabine_session_reset (CabineSession *self)
{
  g_return_if_fail (CABINE_IS_SESSION (self));

  if (self->state == CABINE_SESSION_STATE_WAITING || self->state == CABINE_SESSION_STATE_INTAKE)
    {
      cabine_session_cancel (self);
      return;
    }
  if (self->state == CABINE_SESSION_STATE_CALL)
    end_consultation (self, "patient-ended", TRUE);
  forget_patient (self);
  g_clear_pointer (&self->end_reason, g_free);
  set_state (self, CABINE_SESSION_STATE_WELCOME);
}

CabinePatient *
cabine_session_get_patient (CabineSession *self)
{
  g_return_val_if_fail (CABINE_IS_SESSION (self), NULL);
  return self->patient;
}

guint
cabine_session_get_estimated_wait (CabineSession *self)
{
  g_return_val_if_fail (CABINE_IS_SESSION (self), 0);
  return self->estimated_wait_s;
}

const char *
cabine_session_get_hub_session_id (CabineSession *self)
{
  g_return_val_if_fail (CABINE_IS_SESSION (self), NULL);
  return self->hub_session_id;
}

CabineStore *
cabine_session_get_store (CabineSession *self)
{
  g_return_val_if_fail (CABINE_IS_SESSION (self), NULL);
  return self->store;
}

CabineConfig *
cabine_session_get_config (CabineSession *self)
{
  g_return_val_if_fail (CABINE_IS_SESSION (self), NULL);
  return self->config;
}

char **
cabine_session_list_devices (CabineSession *self)
{
  g_return_val_if_fail (CABINE_IS_SESSION (self), NULL);
  if (self->devices == NULL)
    return g_new0 (char *, 1);
  return cabine_device_manager_list_devices (self->devices);
}

CabineSessionState
cabine_session_get_state (CabineSession *self)
{
  g_return_val_if_fail (CABINE_IS_SESSION (self), CABINE_SESSION_STATE_WELCOME);
  return self->state;
}

guint
cabine_session_get_queue_position (CabineSession *self)
{
  g_return_val_if_fail (CABINE_IS_SESSION (self), 0);
  return self->queue_position;
}

gboolean
cabine_session_get_hub_connected (CabineSession *self)
{
  g_return_val_if_fail (CABINE_IS_SESSION (self), FALSE);
  return self->signalling != NULL && cabine_signalling_get_connected (self->signalling);
}

const char *
cabine_session_get_physician (CabineSession *self)
{
  g_return_val_if_fail (CABINE_IS_SESSION (self), NULL);
  return self->physician;
}

const char *
cabine_session_get_call_notice (CabineSession *self)
{
  g_return_val_if_fail (CABINE_IS_SESSION (self), NULL);
  if (self->state == CABINE_SESSION_STATE_CALL && cabine_session_recovering (self))
    return _("Connection lost, reconnecting…");
  return NULL;
}

void
cabine_session_notify_call_notice (CabineSession *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CALL_NOTICE]);
}

const char *
cabine_session_get_end_reason (CabineSession *self)
{
  g_return_val_if_fail (CABINE_IS_SESSION (self), NULL);
  return self->end_reason;
}

const char *
cabine_session_get_session_id (CabineSession *self)
{
  g_return_val_if_fail (CABINE_IS_SESSION (self), NULL);
  return self->session_id;
}

GdkPaintable *
cabine_session_get_remote_paintable (CabineSession *self)
{
  g_return_val_if_fail (CABINE_IS_SESSION (self), NULL);
  return self->call != NULL ? cabine_call_get_remote_paintable (self->call) : NULL;
}

GdkPaintable *
cabine_session_get_local_paintable (CabineSession *self)
{
  g_return_val_if_fail (CABINE_IS_SESSION (self), NULL);
  return self->call != NULL ? cabine_call_get_local_paintable (self->call) : NULL;
}

CabineDeviceManager *
cabine_session_get_device_manager (CabineSession *self)
{
  g_return_val_if_fail (CABINE_IS_SESSION (self), NULL);
  return self->devices;
}

GListModel *
cabine_session_get_readings (CabineSession *self)
{
  g_return_val_if_fail (CABINE_IS_SESSION (self), NULL);
  return G_LIST_MODEL (self->readings);
}

CabineRemote *
cabine_session_get_remote (CabineSession *self)
{
  g_return_val_if_fail (CABINE_IS_SESSION (self), NULL);
  return self->remote;
}
