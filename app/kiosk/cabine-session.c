/* cabine-session.c: the kiosk's consultation state machine
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The states of a consultation, its GObject (properties), and the patient's journey: intake,
 * queue, call, end. The call is in cabine-session-call.c, the hub in cabine-session-hub.c.
 */
#define G_LOG_DOMAIN "cabine-session"

#include <glib/gi18n.h>

#include "cabine-session-private.h"
#include "cabine-protocol.h"

static GParamSpec *properties[CABINE_SESSION_N_PROPS];

/* @dir is a folder, or its nearest existing ancestor is one (it can be made later). */
static gboolean
state_dir_usable (const char *dir)
{
  g_autofree char *probe = g_strdup (dir);

  while (!g_file_test (probe, G_FILE_TEST_EXISTS))
    {
      char *parent = g_path_get_dirname (probe);

      if (g_str_equal (parent, probe))
        {
          g_free (parent);
          return FALSE;
        }
      g_free (probe);
      probe = parent;
    }
  return g_file_test (probe, G_FILE_TEST_IS_DIR);
}

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

void
cabine_session_set_state (CabineSession      *self,
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
  /* A call that loses the hub must be resumed within the hub's resume-seconds. */
  if (self->signalling != NULL)
    cabine_signalling_set_urgent (self->signalling, state == CABINE_SESSION_STATE_CALL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[CABINE_SESSION_PROP_STATE]);
}

void
cabine_session_set_queue_position (CabineSession *self,
                                   guint          position)
{
  if (self->queue_position == position)
    return;
  self->queue_position = position;
  g_object_notify_by_pspec (G_OBJECT (self), properties[CABINE_SESSION_PROP_QUEUE_POSITION]);
}

void
cabine_session_notify_property (CabineSession         *self,
                                CabineSessionProperty  prop)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

void
cabine_session_end_consultation (CabineSession *self,
                                 const char    *reason,
                                 gboolean       tell_hub)
{
  g_autoptr(GError) error = NULL;
  /* "device-failed" is the kiosk's own: the hub and the record know it as call-failed. */
  const char *wire_reason = g_str_equal (reason, "device-failed") ? "call-failed" : reason;

  cabine_session_recovery_abandon (self, wire_reason);
  /* Connected but the call not resumed yet: the hangup follows the `resume` on the same
   * connection, and the hub takes them in order. */
  if (tell_hub && self->hub_session_id != NULL && cabine_signalling_get_connected (self->signalling))
    {
      g_autoptr(JsonObject) msg = cabine_protocol_new_message ("hangup", self->hub_session_id);
      json_object_set_string_member (msg, "reason", wire_reason);
      cabine_session_send_hub_message (self, msg);
    }
  else if (tell_hub && self->hub_session_id != NULL && self->state == CABINE_SESSION_STATE_CALL)
    {
      cabine_session_hub_defer_hangup (self, self->hub_session_id, wire_reason);
      /* and the physician learns it now, over the data channel, rather than when the hub is back */
      cabine_session_stop_call_telling (self, wire_reason);
    }
  cabine_session_hub_call_reset (self);
  cabine_session_stop_call (self);
  cabine_remote_reset (self->remote);
  if (self->session_id != NULL &&
      !cabine_store_end_session (self->store, self->session_id, wire_reason, &error))
    g_warning ("cannot record the end of the consultation: %s", error->message);
  else if (self->outbox != NULL)
    cabine_outbox_kick (self->outbox);
  g_free (self->end_reason);
  self->end_reason = g_strdup (reason);
  cabine_session_set_state (self, CABINE_SESSION_STATE_ENDED);
}

/* After the data channel's message is handled and its ack is on its way: the call's teardown
 * would otherwise run inside the channel's own callback. */
static gboolean
end_on_physician_request (gpointer user_data)
{
  CabineSession *self = user_data;

  if (self->state == CABINE_SESSION_STATE_CALL)
    cabine_session_end_consultation (self, "physician-ended", FALSE);
  return G_SOURCE_REMOVE;
}

static void
on_call_end_requested (CabineRemote  *remote,
                       const char    *request_id,
                       CabineSession *self)
{
  if (self->state != CABINE_SESSION_STATE_CALL)
    return;
  /* The physician's console could not reach the hub: its hangup comes later, through the hub. */
  g_message ("the physician ended the call (told over the data channel)");
  g_idle_add_full (G_PRIORITY_DEFAULT, end_on_physician_request, g_object_ref (self),
                   g_object_unref);
}

/* ---- GObject ----------------------------------------------------------------------------- */

static void
cabine_session_dispose (GObject *object)
{
  CabineSession *self = CABINE_SESSION (object);

  g_clear_handle_id (&self->recovery_id, g_source_remove);
  g_clear_handle_id (&self->snapshot_notice_id, g_source_remove);
  cabine_session_stop_call (self);
  cabine_session_stop_lingering_call (self);
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
  g_free (self->exam_source);
  g_free (self->deferred_hangup_id);
  g_free (self->deferred_hangup_reason);
  g_free (self->call_error);
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
    case CABINE_SESSION_PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case CABINE_SESSION_PROP_QUEUE_POSITION:
      g_value_set_uint (value, self->queue_position);
      break;
    case CABINE_SESSION_PROP_HUB_CONNECTED:
      g_value_set_boolean (value, cabine_session_get_hub_connected (self));
      break;
    case CABINE_SESSION_PROP_PHYSICIAN:
      g_value_set_string (value, self->physician);
      break;
    case CABINE_SESSION_PROP_REMOTE_PAINTABLE:
      g_value_set_object (value, cabine_session_get_remote_paintable (self));
      break;
    case CABINE_SESSION_PROP_ESTIMATED_WAIT:
      g_value_set_uint (value, self->estimated_wait_s);
      break;
    case CABINE_SESSION_PROP_CALL_NOTICE:
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

  properties[CABINE_SESSION_PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, CABINE_TYPE_SESSION_STATE, CABINE_SESSION_STATE_WELCOME,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[CABINE_SESSION_PROP_QUEUE_POSITION] =
    g_param_spec_uint ("queue-position", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[CABINE_SESSION_PROP_HUB_CONNECTED] =
    g_param_spec_boolean ("hub-connected", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[CABINE_SESSION_PROP_PHYSICIAN] =
    g_param_spec_string ("physician", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[CABINE_SESSION_PROP_REMOTE_PAINTABLE] =
    g_param_spec_object ("remote-paintable", NULL, NULL, GDK_TYPE_PAINTABLE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[CABINE_SESSION_PROP_ESTIMATED_WAIT] =
    g_param_spec_uint ("estimated-wait", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[CABINE_SESSION_PROP_CALL_NOTICE] =
    g_param_spec_string ("call-notice", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, CABINE_SESSION_N_PROPS, properties);
}

static void
cabine_session_init (CabineSession *self)
{
  self->state = CABINE_SESSION_STATE_WELCOME;
  self->language = g_strdup ("fr");
  self->first_frame_ms = -1;
  self->call_setup_s = CABINE_SESSION_CALL_SETUP_S;
  self->no_video_s = CABINE_SESSION_NO_VIDEO_S;
  self->readings = g_list_store_new (CABINE_TYPE_READING);
  self->patient = cabine_patient_new ();
  self->remote = cabine_remote_new ();
  g_signal_connect (self->remote, "source-switch-requested", G_CALLBACK (cabine_session_on_source_switch_requested), self);
  g_signal_connect (self->remote, "snapshot-requested", G_CALLBACK (cabine_session_on_snapshot_requested), self);
  g_signal_connect (self->remote, "stethoscope-requested", G_CALLBACK (cabine_session_on_stethoscope_requested), self);
  g_signal_connect (self->remote, "call-end-requested", G_CALLBACK (on_call_end_requested), self);
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
  cabine_session_hub_attach (self);
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

      const char *state_dir = cabine_config_get_devices_state_dir (self->config);

      self->devices = cabine_device_manager_new ();
      /* A cabin still takes readings without it: say so once (--check-config refuses it). The
       * folder itself is made when a configuration is first remembered. */
      if (!state_dir_usable (state_dir))
        {
          g_warning ("[devices] state-dir %s is not a folder and cannot become one: the "
                     "instruments' IEEE 11073 configurations are remembered until the kiosk stops "
                     "only", state_dir);
          state_dir = NULL;
        }
      cabine_device_manager_set_state_dir (self->devices, state_dir);
      g_signal_connect (self->devices, "measurement", G_CALLBACK (cabine_session_on_measurement), self);
      cabine_session_instruments_attach (self);
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
  cabine_session_set_queue_position (self, 0);
  if (self->estimated_wait_s != 0)
    {
      self->estimated_wait_s = 0;
      g_object_notify_by_pspec (G_OBJECT (self), properties[CABINE_SESSION_PROP_ESTIMATED_WAIT]);
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
  cabine_session_set_state (self, CABINE_SESSION_STATE_INTAKE);
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
      answers = cabine_json_to_string (node, FALSE);
      if (!cabine_store_set_questionnaire (self->store, self->session_id, answers, error))
        return FALSE;
    }
  if (!cabine_store_set_reason (self->store, self->session_id, reason, error))
    return FALSE;
  g_free (self->reason);
  self->reason = g_strdup (reason);
  cabine_session_set_state (self, CABINE_SESSION_STATE_WAITING);
  if (cabine_signalling_get_connected (self->signalling))
    cabine_session_join_queue (self);
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
      cabine_session_set_state (self, CABINE_SESSION_STATE_WELCOME);
      return;
    }
  if (self->state != CABINE_SESSION_STATE_WAITING)
    return;
  if (self->hub_session_id != NULL && cabine_signalling_get_connected (self->signalling))
    {
      g_autoptr(JsonObject) msg = cabine_protocol_new_message ("leave-queue", self->hub_session_id);
      cabine_session_send_hub_message (self, msg);
    }
  if (self->session_id != NULL &&
      !cabine_store_end_session (self->store, self->session_id, "abandoned", &error))
    g_warning ("cannot record the abandoned consultation: %s", error->message);
  forget_patient (self);
  cabine_session_set_state (self, CABINE_SESSION_STATE_WELCOME);
}

void
cabine_session_hang_up (CabineSession *self)
{
  g_return_if_fail (CABINE_IS_SESSION (self));

  if (self->state == CABINE_SESSION_STATE_CALL)
    cabine_session_end_consultation (self, "patient-ended", TRUE);
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
    cabine_session_end_consultation (self, "patient-ended", TRUE);
  forget_patient (self);
  g_clear_pointer (&self->end_reason, g_free);
  cabine_session_set_state (self, CABINE_SESSION_STATE_WELCOME);
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
  if (self->state == CABINE_SESSION_STATE_CALL && self->snapshot_notice_id != 0)
    return _("The doctor took a picture; it is kept with your consultation.");
  if (self->state == CABINE_SESSION_STATE_CALL && self->no_video)
    return _("The doctor's camera is off.");
  return NULL;
}

void
cabine_session_notify_call_notice (CabineSession *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[CABINE_SESSION_PROP_CALL_NOTICE]);
}

static gboolean
snapshot_notice_over (gpointer data)
{
  CabineSession *self = data;

  self->snapshot_notice_id = 0;
  cabine_session_notify_call_notice (self);
  return G_SOURCE_REMOVE;
}

void
cabine_session_announce_snapshot (CabineSession *self)
{
  g_clear_handle_id (&self->snapshot_notice_id, g_source_remove);
  self->snapshot_notice_id = g_timeout_add_seconds (CABINE_SESSION_SNAPSHOT_NOTICE_S,
                                                    snapshot_notice_over, self);
  cabine_session_notify_call_notice (self);
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
