/* cabine-session-exam.c: the physician's remote examination: camera source switches, snapshots,
 * the stethoscope
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "cabine-session"

#include "cabine-session-private.h"
#include "cabine-protocol.h"

#include "cabine-call-audio.h"

void
cabine_session_on_stethoscope_requested (CabineRemote  *remote,
                                         const char    *request_id,
                                         gboolean       enabled,
                                         CabineSession *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) detail = json_object_new ();

  if (self->call == NULL || !cabine_call_set_stethoscope_enabled (self->call, enabled, &error))
    {
      cabine_remote_request_failed (remote, request_id, error != NULL ? error->message : "no call");
      return;
    }
  self->stethoscope_on = enabled;
  json_object_set_boolean_member (detail, "enabled", enabled);
  cabine_session_record_call_event (self, "stethoscope", detail);
  cabine_remote_stethoscope_switched (remote, request_id, enabled);
}

void
cabine_session_on_source_switch_requested (CabineRemote  *remote,
                            const char    *request_id,
                            const char    *source,
                            CabineSession *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) detail = json_object_new ();

  if (self->call == NULL || !cabine_call_switch_source (self->call, source, &error))
    {
      cabine_remote_request_failed (remote, request_id, error != NULL ? error->message : "no call");
      return;
    }
  g_free (self->exam_source);
  self->exam_source = g_str_equal (source, CABINE_CALL_SOURCE_ROOM) ? NULL : g_strdup (source);
  json_object_set_string_member (detail, "source", source);
  cabine_session_record_call_event (self, "source-switched", detail);
  cabine_remote_source_switched (remote, request_id, source);
}

typedef struct {
  CabineSession *self;
  char          *request_id;
  char          *source;
} SnapshotJob;

static void
on_snapshot_taken (GObject      *call,
                   GAsyncResult *result,
                   gpointer      data)
{
  SnapshotJob *job = data;
  CabineSession *self = job->self;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = g_uuid_string_random ();
  guint width = 0, height = 0;
  g_autoptr(GBytes) jpeg = cabine_call_take_snapshot_finish (CABINE_CALL (call), result, &width,
                                                             &height, &error);

  if (jpeg == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    goto out;   /* the call ended: nobody to answer */
  /* Stored with the consultation before the physician sees it, as readings are. */
  if (jpeg == NULL || self->session_id == NULL ||
      !cabine_store_add_snapshot (self->store, self->session_id, id, CABINE_CALL_SNAPSHOT_TYPE,
                                  job->source, jpeg, &error))
    {
      if (job->request_id != NULL)
        cabine_remote_request_failed (self->remote, job->request_id,
                                      error != NULL ? error->message : "no consultation");
      else   /* the camera's button: nobody asked, nobody to answer */
        g_warning ("the %s button's snapshot failed: %s", job->source,
                   error != NULL ? error->message : "no consultation");
      goto out;
    }
  g_message ("snapshot %s: %" G_GSIZE_FORMAT " bytes from the %s camera", id,
             g_bytes_get_size (jpeg), job->source);
  cabine_remote_send_snapshot (self->remote, job->request_id, id, job->source,
                               CABINE_CALL_SNAPSHOT_TYPE, width, height, jpeg);
  cabine_session_announce_snapshot (self);
out:
  g_object_unref (job->self);
  g_free (job->request_id);
  g_free (job->source);
  g_free (job);
}

void
cabine_session_on_snapshot_requested (CabineRemote  *remote,
                       const char    *request_id,
                       CabineSession *self)
{
  SnapshotJob *job;

  if (self->call == NULL)
    {
      cabine_remote_request_failed (remote, request_id, "no call");
      return;
    }
  job = g_new0 (SnapshotJob, 1);
  job->self = g_object_ref (self);
  job->request_id = g_strdup (request_id);
  job->source = g_strdup (cabine_call_get_source (self->call));
  cabine_call_take_snapshot_async (self->call, self->snapshot_cancel, on_snapshot_taken, job);
}

static void
set_optional (JsonObject *obj,
              const char *name,
              const char *value)
{
  if (value != NULL && *value != '\0')
    json_object_set_string_member (obj, name, value);
  else
    json_object_set_null_member (obj, name);
}

void
cabine_session_send_identity (CabineSession *self)
{
  g_autoptr(JsonObject) msg = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  JsonObject *patient;

  if (self->call == NULL || self->hub_session_id == NULL || !cabine_patient_is_complete (self->patient))
    return;
  msg = json_object_new ();
  json_object_set_string_member (msg, "type", "patient-identity");
  json_object_set_string_member (msg, "sessionId", self->hub_session_id);
  patient = json_object_new ();
  set_optional (patient, "familyName", cabine_patient_get_family_name (self->patient));
  set_optional (patient, "givenName", cabine_patient_get_given_name (self->patient));
  set_optional (patient, "birthDate", cabine_patient_get_birth_date (self->patient));
  set_optional (patient, "sex", cabine_patient_get_sex (self->patient));
  json_object_set_object_member (msg, "patient", patient);
  node = json_node_init_object (json_node_alloc (), msg);
  text = cabine_json_to_string (node, FALSE);
  /* Never logged: it names the patient. */
  if (!cabine_call_send_data (self->call, text, &error))
    g_warning ("cannot send the patient's identity to the physician: %s", error->message);
}

/* ---- the cabin's cameras (media/cabine-camera-monitor.h) and their buttons ---- */

/* A press of an exam camera's button while that camera is sent: a still for the physician, as if
 * asked (`snapshot` with a null requestId, data/protocol.md). */
void
cabine_session_on_camera_button (CabineSession    *self,
                                 CabineCameraRole  role)
{
  const char *name;
  SnapshotJob *job;

  if (role == CABINE_CAMERA_ROLE_ROOM || role >= CABINE_CAMERA_N_ROLES)
    return;
  name = cabine_camera_role_to_string (role);
  if (self->call == NULL || self->session_id == NULL ||
      !g_str_equal (cabine_call_get_source (self->call), name))
    {
      g_message ("the %s's button was pressed while the %s is not sent: no snapshot", name, name);
      return;
    }
  job = g_new0 (SnapshotJob, 1);
  job->self = g_object_ref (self);
  job->source = g_strdup (name);
  cabine_call_take_snapshot_async (self->call, self->snapshot_cancel, on_snapshot_taken, job);
}

static void
on_camera_button_pressed (CabineCameraButton *button,
                          CabineSession      *self)
{
  cabine_session_on_camera_button (self, GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button),
                                                                              "cabine-role")));
}

static void
on_camera_added (CabineCameraMonitor *monitor,
                 guint                role,
                 GstDevice           *device,
                 CabineSession       *self)
{
  g_autofree char *syspath = cabine_camera_monitor_get_sysfs_path (device);
  g_autoptr(GError) error = NULL;
  CabineCameraButton *button;

  if (role == CABINE_CAMERA_ROLE_ROOM || role >= CABINE_CAMERA_N_ROLES || syspath == NULL)
    return;
  g_clear_object (&self->camera_buttons[role]);
  button = cabine_camera_button_new (syspath, &error);
  if (button == NULL)
    {
      g_message ("the %s has no usable snapshot button: %s", cabine_camera_role_to_string (role),
                 error->message);
      return;
    }
  g_object_set_data (G_OBJECT (button), "cabine-role", GUINT_TO_POINTER (role));
  g_signal_connect (button, "pressed", G_CALLBACK (on_camera_button_pressed), self);
  self->camera_buttons[role] = button;
}

static void
on_camera_removed (CabineCameraMonitor *monitor,
                   guint                role,
                   GstDevice           *device,
                   CabineSession       *self)
{
  if (role < CABINE_CAMERA_N_ROLES && self->camera_buttons[role] != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->camera_buttons[role], self);
      g_clear_object (&self->camera_buttons[role]);
    }
}

void
cabine_session_cameras_start (CabineSession *self)
{
  g_autoptr(GError) error = NULL;

  self->cameras = cabine_camera_monitor_new ();
  for (guint r = 0; r < CABINE_CAMERA_N_ROLES; r++)
    {
      g_autofree char *rule = cabine_config_get_camera_rule (self->config,
                                                             cabine_camera_role_to_string (r));

      /* Checked when the configuration was loaded. */
      if (rule != NULL && !cabine_camera_monitor_set_rule (self->cameras, r, rule, &error))
        {
          g_warning ("[cameras] %s: %s", cabine_camera_role_to_string (r), error->message);
          g_clear_error (&error);
        }
    }
  g_signal_connect (self->cameras, "camera-added", G_CALLBACK (on_camera_added), self);
  g_signal_connect (self->cameras, "camera-removed", G_CALLBACK (on_camera_removed), self);
  if (!cabine_camera_monitor_start (self->cameras, &error))
    {
      g_warning ("running without exam cameras: %s", error->message);
      g_signal_handlers_disconnect_by_data (self->cameras, self);
      g_clear_object (&self->cameras);
      return;
    }
  for (guint r = 0; r < CABINE_CAMERA_N_ROLES; r++)
    {
      GstDevice *device = cabine_camera_monitor_get_device (self->cameras, r);

      if (device != NULL)
        on_camera_added (self->cameras, r, device, self);
    }
}

void
cabine_session_cameras_stop (CabineSession *self)
{
  for (guint r = 0; r < CABINE_CAMERA_N_ROLES; r++)
    if (self->camera_buttons[r] != NULL)
      {
        g_signal_handlers_disconnect_by_data (self->camera_buttons[r], self);
        g_clear_object (&self->camera_buttons[r]);
      }
  if (self->cameras != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->cameras, self);
      cabine_camera_monitor_stop (self->cameras);
      g_clear_object (&self->cameras);
    }
}

/* The exam camera being sent went away: the call is back on the room camera; the physician is
 * told with an unsolicited `source-switched` (null requestId). */
static void
on_source_lost (CabineCall    *call,
                const char    *source,
                CabineSession *self)
{
  g_autoptr(JsonObject) detail = json_object_new ();

  json_object_set_string_member (detail, "source", source);
  json_object_set_string_member (detail, "now", CABINE_CALL_SOURCE_ROOM);
  g_clear_pointer (&self->exam_source, g_free);
  cabine_session_record_call_event (self, "source-lost", detail);
  cabine_remote_source_switched (self->remote, NULL, CABINE_CALL_SOURCE_ROOM);
}

void
cabine_session_cameras_attach (CabineSession *self)
{
  if (self->call == NULL)
    return;
  if (self->cameras != NULL)
    cabine_call_set_camera_monitor (self->call, self->cameras);
  g_signal_connect (self->call, "source-lost", G_CALLBACK (on_source_lost), self);
}

/* ---- the instruments: a measurement request for one that is not there fails at once ---- */

/* The device manager's English kind (cabine_device_manager_get_instrument()) → the protocol's
 * instrument name, NULL for an instrument the physician cannot ask for. */
static const char *
protocol_instrument (const char *kind)
{
  static const struct { const char *kind, *instrument; } map[] = {
    { "thermometer", "thermometer" },
    { "blood pressure monitor", "blood-pressure" },
    { "pulse oximeter", "oximeter" },
    { "weighing scale", "scale" },
  };

  for (guint i = 0; kind != NULL && i < G_N_ELEMENTS (map); i++)
    if (g_str_equal (kind, map[i].kind))
      return map[i].instrument;
  return NULL;
}

static void
on_device_added (CabineDeviceManager *devices,
                 const char          *id,
                 const char          *description,
                 CabineSession       *self)
{
  g_message ("instrument connected: %s, %s", id, description);
  cabine_remote_instrument_added (self->remote, id,
                                  protocol_instrument (cabine_device_manager_get_instrument (devices,
                                                                                             id)));
}

static void
on_device_removed (CabineDeviceManager *devices,
                   const char          *id,
                   CabineSession       *self)
{
  g_message ("instrument disconnected: %s", id);
  cabine_remote_instrument_removed (self->remote, id);
}

void
cabine_session_instruments_attach (CabineSession *self)
{
  if (self->devices == NULL)
    return;
  cabine_remote_track_instruments (self->remote);
  g_signal_connect (self->devices, "device-added", G_CALLBACK (on_device_added), self);
  g_signal_connect (self->devices, "device-removed", G_CALLBACK (on_device_removed), self);
}

/* ---- a recovered call keeps what the physician chose (data/protocol.md, "Recovery") ---- */

void
cabine_session_exam_reapply (CabineSession *self)
{
  g_autoptr(GError) error = NULL;

  if (self->call == NULL)
    return;
  if (self->exam_source != NULL && !cabine_call_switch_source (self->call, self->exam_source, &error))
    {
      g_warning ("the recovered call stays on the room camera, not the %s: %s", self->exam_source,
                 error->message);
      g_clear_error (&error);
    }
  if (self->stethoscope_on && !cabine_call_set_stethoscope_enabled (self->call, TRUE, &error))
    g_warning ("the recovered call sends no stethoscope: %s", error->message);
}

void
cabine_session_exam_report_reapplied (CabineSession *self)
{
  const char *source;
  gboolean stethoscope;

  if (self->call == NULL)
    return;
  source = cabine_call_get_source (self->call);
  stethoscope = cabine_call_get_stethoscope_enabled (self->call);
  /* The physician's console shows what they chose before the recovery: confirm it, or correct it
   * when the recovered call could not apply it. Nothing to say when they had changed nothing. */
  if (self->exam_source != NULL || !g_str_equal (source, CABINE_CALL_SOURCE_ROOM))
    {
      g_autoptr(JsonObject) detail = json_object_new ();

      json_object_set_string_member (detail, "source", source);
      if (self->exam_source != NULL)
        json_object_set_string_member (detail, "asked", self->exam_source);
      cabine_session_record_call_event (self, "source-restored", detail);
      g_free (self->exam_source);
      self->exam_source = g_str_equal (source, CABINE_CALL_SOURCE_ROOM) ? NULL : g_strdup (source);
      cabine_remote_source_switched (self->remote, NULL, source);
    }
  if (self->stethoscope_on || stethoscope)
    {
      g_autoptr(JsonObject) detail = json_object_new ();

      json_object_set_boolean_member (detail, "enabled", stethoscope);
      cabine_session_record_call_event (self, "stethoscope-restored", detail);
      self->stethoscope_on = stethoscope;
      cabine_remote_stethoscope_switched (self->remote, NULL, stethoscope);
    }
}
