/* cabine-session.c: the kiosk's consultation state machine
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "cabine-session"

#include <string.h>

#include "cabine-config.h"

#include "cabine-call.h"
#include "cabine-device-manager.h"
#include "cabine-fhir.h"
#include "cabine-measurement.h"
#include "cabine-observation.h"
#include "cabine-protocol.h"
#include "cabine-reading.h"
#include "cabine-session.h"
#include "cabine-signalling.h"

/* An Observation the console has not acknowledged is sent again after this long (data/protocol.md). */
#define RESEND_INTERVAL_S 5

struct _CabineSession
{
  GObject              parent_instance;

  CabineConfig        *config;
  CabineStore         *store;
  CabineSignalling    *signalling;
  CabineDeviceManager *devices;
  CabineCall          *call;

  CabineSessionState   state;
  char                *language;
  char                *reason;
  char                *session_id;
  gboolean             joined;        /* join-queue sent on the current connection */
  guint                queue_position;
  char                *physician;
  char                *end_reason;
  gboolean             data_channel_open;
  gint64               call_started_us;
  guint                resend_id;
  GListStore          *readings;
};

enum {
  PROP_0,
  PROP_STATE,
  PROP_QUEUE_POSITION,
  PROP_HUB_CONNECTED,
  PROP_PHYSICIAN,
  PROP_REMOTE_PAINTABLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (CabineSession, cabine_session, G_TYPE_OBJECT)

GType
cabine_session_state_get_type (void)
{
  static gsize type = 0;
  static const GEnumValue values[] = {
    { CABINE_SESSION_STATE_WELCOME, "CABINE_SESSION_STATE_WELCOME", "welcome" },
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
  send_message (self, msg);
  self->joined = TRUE;
}

/* ---- the call ---------------------------------------------------------------------------- */

static void
stop_call (CabineSession *self)
{
  g_clear_handle_id (&self->resend_id, g_source_remove);
  self->data_channel_open = FALSE;
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

  if (tell_hub && self->session_id != NULL && cabine_signalling_get_connected (self->signalling))
    {
      g_autoptr(JsonObject) msg = cabine_protocol_new_message ("hangup", self->session_id);
      json_object_set_string_member (msg, "reason", reason);
      send_message (self, msg);
    }
  stop_call (self);
  if (self->session_id != NULL &&
      !cabine_store_end_session (self->store, self->session_id, reason, &error))
    g_warning ("cannot record the end of the consultation: %s", error->message);
  g_free (self->end_reason);
  self->end_reason = g_strdup (reason);
  set_state (self, CABINE_SESSION_STATE_ENDED);
}

static void
send_unacked (CabineSession *self)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) pending = NULL;

  if (self->call == NULL || !self->data_channel_open || self->session_id == NULL)
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
                                               pending[i], self->session_id, pending[i + 1]);
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
  send_unacked (user_data);
  return G_SOURCE_CONTINUE;
}

static void
on_call_send_signal (CabineCall    *call,
                     JsonObject    *msg,
                     CabineSession *self)
{
  json_object_set_string_member (msg, "sessionId", self->session_id);
  send_message (self, msg);
}

static void
on_data_channel_open (CabineCall    *call,
                      CabineSession *self)
{
  self->data_channel_open = TRUE;
  send_unacked (self);
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
on_call_state_changed (CabineCall      *call,
                       CabineCallState  state,
                       CabineSession   *self)
{
  if (state == CABINE_CALL_STATE_FAILED && self->state == CABINE_SESSION_STATE_CALL)
    {
      g_warning ("the call failed");
      end_consultation (self, "call-failed", TRUE);
    }
}

static void
on_call_error (CabineCall    *call,
               GError        *error,
               CabineSession *self)
{
  g_warning ("call error: %s", error->message);
  if (self->state == CABINE_SESSION_STATE_CALL)
    end_consultation (self, "call-failed", TRUE);
}

static void
call_options_fill (CabineSession     *self,
                   JsonObject        *msg,
                   CabineCallOptions *options)
{
  JsonNode *servers = json_object_get_member (msg, "iceServers");

  cabine_call_options_init (options);
  options->video_source = cabine_config_get_media_option (self->config, "video-source", "auto");
  options->video_device = cabine_config_get_media_option (self->config, "video-device", "/dev/video0");
  options->audio_source = cabine_config_get_media_option (self->config, "audio-source", "auto");
  options->audio_sink = cabine_config_get_media_option (self->config, "audio-sink", "auto");
  options->video_codec = cabine_config_get_media_option (self->config, "video-codec", "h264");
  options->ice_loopback = cabine_config_get_ice_loopback (self->config);
  if (servers != NULL && JSON_NODE_HOLDS_ARRAY (servers))
    options->ice_servers = json_node_get_array (servers);
}

static void
start_call (CabineSession *self,
            JsonObject    *msg)
{
  g_autoptr(GError) error = NULL;
  CabineCallOptions options;
  const char *physician = cabine_protocol_get_string (msg, "physician", FALSE, NULL);

  stop_call (self);
  g_free (self->physician);
  self->physician = g_strdup (physician);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PHYSICIAN]);

  call_options_fill (self, msg, &options);
  self->call = cabine_call_new (&options, &error);
  if (self->call == NULL)
    {
      g_warning ("cannot set up the call: %s", error->message);
      set_state (self, CABINE_SESSION_STATE_CALL);
      end_consultation (self, "call-failed", TRUE);
      return;
    }
  g_signal_connect (self->call, "send-signal", G_CALLBACK (on_call_send_signal), self);
  g_signal_connect (self->call, "data-channel-open", G_CALLBACK (on_data_channel_open), self);
  g_signal_connect (self->call, "data-received", G_CALLBACK (on_data_received), self);
  g_signal_connect (self->call, "state-changed", G_CALLBACK (on_call_state_changed), self);
  g_signal_connect (self->call, "error", G_CALLBACK (on_call_error), self);

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
  return id != NULL && g_strcmp0 (id, self->session_id) == 0;
}

static void
on_queued (CabineSession *self,
           JsonObject    *msg)
{
  g_autoptr(GError) error = NULL;
  const char *id = cabine_protocol_get_string (msg, "sessionId", TRUE, &error);
  gint64 position = 0;

  if (id == NULL || self->state != CABINE_SESSION_STATE_WAITING)
    return;
  if (self->session_id != NULL && g_strcmp0 (self->session_id, id) != 0)
    {
      /* The hub forgot the old place (it restarted): the old record ends here. */
      g_clear_error (&error);
      if (!cabine_store_end_session (self->store, self->session_id, "requeued", &error))
        g_warning ("cannot close the previous queue entry: %s", error->message);
      g_clear_error (&error);
    }
  g_free (self->session_id);
  self->session_id = g_strdup (id);
  if (!cabine_store_begin_session (self->store, id, cabine_config_get_kiosk_id (self->config),
                                   self->language, self->reason, &error))
    g_warning ("cannot record the consultation: %s", error->message);
  if (cabine_protocol_get_int (msg, "position", &position, NULL))
    set_queue_position (self, (guint) CLAMP (position, 0, G_MAXUINT));
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
      if (!cabine_call_handle_signal (self->call, msg, &error))
        g_warning ("refused \"%s\" from the physician: %s", type, error->message);
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

static void
on_measurement (CabineDeviceManager *devices,
                CabineMeasurement   *m,
                CabineSession       *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = g_uuid_string_random ();
  g_autoptr(CabineReading) reading = NULL;
  CabineObservationDraft draft = { 0 };

  if (!cabine_observation_draft_init (&draft, m, id, self->session_id, &error))
    {
      g_warning ("cannot use a reading: %s", error->message);
      return;
    }

  /* Committed before anyone sees it (DESIGN.md, "Data flow of a measurement"). */
  if (!cabine_store_add_observation (self->store, &draft.stored, &error))
    {
      g_critical ("cannot store a reading, it is not shown: %s", error->message);
      cabine_observation_draft_clear (&draft);
      return;
    }

  if (self->state == CABINE_SESSION_STATE_CALL || self->state == CABINE_SESSION_STATE_WAITING)
    {
      reading = cabine_reading_new (id, draft.fhir.loinc_code, draft.fhir.value, draft.fhir.decimals,
                                    draft.fhir.ucum_code, draft.fhir.unit_display,
                                    draft.fhir.effective != NULL ? draft.fhir.effective : draft.fhir.issued);
      g_list_store_append (self->readings, reading);
    }
  cabine_observation_draft_clear (&draft);
  send_unacked (self);
}

/* ---- GObject ----------------------------------------------------------------------------- */

static void
cabine_session_dispose (GObject *object)
{
  CabineSession *self = CABINE_SESSION (object);

  stop_call (self);
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
  g_clear_object (&self->readings);
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
  g_free (self->physician);
  g_free (self->end_reason);
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
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cabine_session_init (CabineSession *self)
{
  self->state = CABINE_SESSION_STATE_WELCOME;
  self->language = g_strdup ("fr");
  self->readings = g_list_store_new (CABINE_TYPE_READING);
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
  return self;
}

void
cabine_session_start (CabineSession *self)
{
  g_return_if_fail (CABINE_IS_SESSION (self));

  {
    g_autoptr(GError) error = NULL;
    if (!cabine_signalling_start (self->signalling, &error))
      g_warning ("cannot connect to the hub: %s", error->message);
  }

  if (cabine_config_get_devices_enabled (self->config) && self->devices == NULL)
    {
      g_autoptr(GError) error = NULL;

      self->devices = cabine_device_manager_new ();
      g_signal_connect (self->devices, "measurement", G_CALLBACK (on_measurement), self);
      if (!cabine_device_manager_start (self->devices, &error))
        g_warning ("running without USB instruments: %s", error->message);
    }
}

static void
forget_patient (CabineSession *self)
{
  g_clear_pointer (&self->reason, g_free);
  g_clear_pointer (&self->session_id, g_free);
  g_clear_pointer (&self->physician, g_free);
  g_list_store_remove_all (self->readings);
  set_queue_position (self, 0);
}

void
cabine_session_request_consultation (CabineSession *self,
                                     const char    *language,
                                     const char    *reason)
{
  g_return_if_fail (CABINE_IS_SESSION (self));
  g_return_if_fail (self->state == CABINE_SESSION_STATE_WELCOME);

  forget_patient (self);
  g_free (self->language);
  self->language = g_strdup (language != NULL ? language : "fr");
  self->reason = g_strdup (reason);
  g_clear_pointer (&self->end_reason, g_free);
  set_state (self, CABINE_SESSION_STATE_WAITING);
  if (cabine_signalling_get_connected (self->signalling))
    send_join_queue (self);
}

void
cabine_session_cancel (CabineSession *self)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (CABINE_IS_SESSION (self));

  if (self->state != CABINE_SESSION_STATE_WAITING)
    return;
  if (self->session_id != NULL)
    {
      if (cabine_signalling_get_connected (self->signalling))
        {
          g_autoptr(JsonObject) msg = cabine_protocol_new_message ("leave-queue", self->session_id);
          send_message (self, msg);
        }
      if (!cabine_store_end_session (self->store, self->session_id, "abandoned", &error))
        g_warning ("cannot record the abandoned consultation: %s", error->message);
    }
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

  if (self->state == CABINE_SESSION_STATE_WAITING)
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

GListModel *
cabine_session_get_readings (CabineSession *self)
{
  g_return_val_if_fail (CABINE_IS_SESSION (self), NULL);
  return G_LIST_MODEL (self->readings);
}
