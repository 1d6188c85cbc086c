/* cabine-remote.c: the physician's remote control of the cabin, over the call's data channel
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "cabine-remote"

#include "cabine-remote.h"

#include <string.h>

#include "cabine-call-sources.h"
#include "cabine-protocol.h"

/* What each instrument measures (DESIGN.md "Codes"). */
static const struct {
  const char *instrument;
  const char *loinc;
} instruments[] = {
  { "thermometer", "8310-5" },
  { "blood-pressure", "85354-9" },
  { "oximeter", "59408-5" },
  { "scale", "29463-7" },
};

typedef struct {
  char *id;
  char *text;
  gint64 sent_us;      /* g_get_monotonic_time() of its last sending */
} Outgoing;

struct _CabineRemote
{
  GObject               parent_instance;

  CabineRemoteSendFunc  send;
  gpointer              send_data;
  GQueue                unacked;        /* Outgoing, oldest first */
  guint                 retry_id;
  GHashTable           *applied;        /* ids of requests already applied */
  GHashTable           *acked;          /* ids of messages sent and acknowledged in this call */

  /* Open measurement requests: instrument → request id. */
  GHashTable           *open_requests;
  guint                 timeout_id;

  char                 *guide_instrument;
  CabineRemoteGuideStep guide_step;
  CabineReading        *guide_result;

  /* Connected instruments (cabine_remote_track_instruments()): device id → instrument name. */
  gboolean              tracking;
  GHashTable           *connected;
};

enum {
  SIGNAL_GUIDE_CHANGED,
  SIGNAL_SOURCE_SWITCH_REQUESTED,
  SIGNAL_SNAPSHOT_REQUESTED,
  SIGNAL_STETHOSCOPE_REQUESTED,
  SIGNAL_CALL_END_REQUESTED,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (CabineRemote, cabine_remote, G_TYPE_OBJECT)

const char *
cabine_remote_instrument_loinc (const char *instrument)
{
  for (guint i = 0; instrument != NULL && i < G_N_ELEMENTS (instruments); i++)
    if (g_str_equal (instrument, instruments[i].instrument))
      return instruments[i].loinc;
  return NULL;
}

static const char *
instrument_for_loinc (const char *loinc)
{
  for (guint i = 0; loinc != NULL && i < G_N_ELEMENTS (instruments); i++)
    if (g_str_equal (loinc, instruments[i].loinc))
      return instruments[i].instrument;
  return NULL;
}

/* The instrument in the physician's words (the English of request-failed reasons). */
static const char *
instrument_noun (const char *instrument)
{
  if (g_str_equal (instrument, "blood-pressure"))
    return "blood pressure monitor";
  if (g_str_equal (instrument, "oximeter"))
    return "pulse oximeter";
  return instrument;   /* thermometer, scale */
}

static void
outgoing_free (Outgoing *o)
{
  g_free (o->id);
  g_free (o->text);
  g_free (o);
}

/* ---- reliable sending ---- */

static void
send_text (CabineRemote *self,
           const char   *text)
{
  g_autoptr(GError) error = NULL;

  if (self->send != NULL && !self->send (text, self->send_data, &error))
    g_debug ("cannot send on the data channel now (will retry): %s", error->message);
}

/* Timers fire a little early or late: a message due within this margin goes with the others. */
#define RETRY_SLACK_US (100 * G_TIME_SPAN_MILLISECOND)

static gboolean
retry_cb (gpointer data)
{
  CabineRemote *self = data;
  gint64 now;

  if (g_queue_is_empty (&self->unacked) || self->send == NULL)
    {
      self->retry_id = 0;
      return G_SOURCE_REMOVE;
    }
  /* Only what has waited a whole period: a message sent just before the timer fires is not sent
   * twice at once (the physician would acknowledge both copies). */
  now = g_get_monotonic_time ();
  for (GList *l = self->unacked.head; l != NULL; l = l->next)
    {
      Outgoing *o = l->data;

      if (now - o->sent_us >= CABINE_REMOTE_RETRY_S * G_USEC_PER_SEC - RETRY_SLACK_US)
        {
          o->sent_us = now;
          send_text (self, o->text);
        }
    }
  return G_SOURCE_CONTINUE;
}

static void
arm_retry (CabineRemote *self)
{
  if (self->retry_id == 0 && self->send != NULL && !g_queue_is_empty (&self->unacked))
    self->retry_id = g_timeout_add_seconds (CABINE_REMOTE_RETRY_S, retry_cb, self);
}

/* Sends @msg (its "id" is set here) until it is acknowledged. Takes @msg. */
static void
send_reliable (CabineRemote *self,
               JsonObject   *msg)
{
  Outgoing *o = g_new0 (Outgoing, 1);

  o->id = g_uuid_string_random ();
  json_object_set_string_member (msg, "id", o->id);
  o->text = cabine_protocol_serialize (msg);
  json_object_unref (msg);
  g_queue_push_tail (&self->unacked, o);
  o->sent_us = g_get_monotonic_time ();
  send_text (self, o->text);
  arm_retry (self);
}

static void
send_ack (CabineRemote *self,
          const char   *id)
{
  g_autoptr(JsonObject) ack = cabine_protocol_new_message ("ack", NULL);
  g_autofree char *text = NULL;

  json_object_set_string_member (ack, "id", id);
  text = cabine_protocol_serialize (ack);
  send_text (self, text);
}

static gboolean
take_ack (CabineRemote *self,
          const char   *id)
{
  for (GList *l = self->unacked.head; l != NULL; l = l->next)
    {
      Outgoing *o = l->data;

      if (g_str_equal (o->id, id))
        {
          g_queue_delete_link (&self->unacked, l);
          g_hash_table_add (self->acked, g_steal_pointer (&o->id));
          outgoing_free (o);
          return TRUE;
        }
    }
  /* A message sent again before its first acknowledgement arrived is acknowledged twice. */
  if (g_hash_table_contains (self->acked, id))
    {
      g_debug ("a repeated acknowledgement of %s", id);
      return TRUE;
    }
  return FALSE;
}

void
cabine_remote_attach (CabineRemote         *self,
                      CabineRemoteSendFunc  func,
                      gpointer              user_data)
{
  g_return_if_fail (CABINE_IS_REMOTE (self));

  self->send = func;
  self->send_data = user_data;
  g_clear_handle_id (&self->retry_id, g_source_remove);
  if (func == NULL)
    return;
  for (GList *l = self->unacked.head; l != NULL; l = l->next)
    {
      Outgoing *o = l->data;

      o->sent_us = g_get_monotonic_time ();
      send_text (self, o->text);
    }
  arm_retry (self);
}

/* ---- the guide ---- */

static void
set_guide (CabineRemote          *self,
           const char            *instrument,
           CabineRemoteGuideStep  step,
           CabineReading         *result)
{
  g_free (self->guide_instrument);
  self->guide_instrument = g_strdup (instrument);
  self->guide_step = step;
  g_set_object (&self->guide_result, result);
  g_signal_emit (self, signals[SIGNAL_GUIDE_CHANGED], 0);
}

static void
send_progress (CabineRemote *self,
               const char   *request_id,
               const char   *instrument,
               const char   *state)
{
  JsonObject *msg = cabine_protocol_new_message ("measurement-progress", NULL);

  json_object_set_string_member (msg, "requestId", request_id);
  json_object_set_string_member (msg, "instrument", instrument);
  json_object_set_string_member (msg, "state", state);
  send_reliable (self, msg);
}

static gboolean timeout_cb (gpointer data);

static void
arm_timeout (CabineRemote *self)
{
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  self->timeout_id = g_timeout_add_seconds (CABINE_REMOTE_MEASUREMENT_TIMEOUT_S, timeout_cb, self);
}

static gboolean
is_connected (CabineRemote *self,
              const char   *instrument)
{
  GHashTableIter iter;
  gpointer value;

  if (!self->tracking)
    return TRUE;
  g_hash_table_iter_init (&iter, self->connected);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (g_str_equal (value, instrument))
      return TRUE;
  return FALSE;
}

static gboolean
timeout_cb (gpointer data)
{
  CabineRemote *self = data;
  GHashTableIter iter;
  gpointer instrument, request_id;

  self->timeout_id = 0;
  g_hash_table_iter_init (&iter, self->open_requests);
  while (g_hash_table_iter_next (&iter, &instrument, &request_id))
    {
      send_progress (self, request_id, instrument, "timed-out");
      cabine_remote_request_failed (self, request_id, "no reading from the instrument in time");
      g_hash_table_iter_remove (&iter);
    }
  if (self->guide_step == CABINE_REMOTE_GUIDE_INSTRUCT)
    set_guide (self, self->guide_instrument, CABINE_REMOTE_GUIDE_TIMED_OUT, NULL);
  return G_SOURCE_REMOVE;
}

/* ---- requests from the physician ---- */

static void
apply_measurement_request (CabineRemote *self,
                           const char   *id,
                           JsonObject   *msg)
{
  const char *instrument = cabine_protocol_get_string (msg, "instrument", FALSE, NULL);

  if (cabine_remote_instrument_loinc (instrument) == NULL)
    {
      cabine_remote_request_failed (self, id, "unknown instrument (thermometer, blood-pressure, "
                                    "oximeter or scale)");
      return;
    }
  g_message ("the physician asks for a measurement: %s", instrument);
  if (!is_connected (self, instrument))
    {
      g_autofree char *reason = g_strdup_printf ("the %s is not connected",
                                                 instrument_noun (instrument));

      cabine_remote_request_failed (self, id, reason);
      set_guide (self, instrument, CABINE_REMOTE_GUIDE_DISCONNECTED, NULL);
      return;
    }
  g_hash_table_replace (self->open_requests, g_strdup (instrument), g_strdup (id));
  arm_timeout (self);
  set_guide (self, instrument, CABINE_REMOTE_GUIDE_INSTRUCT, NULL);
  send_progress (self, id, instrument, "instructing");
}

static void
apply_request (CabineRemote *self,
               const char   *type,
               const char   *id,
               JsonObject   *msg)
{
  if (g_str_equal (type, "measurement-request"))
    apply_measurement_request (self, id, msg);
  else if (g_str_equal (type, "source-switch"))
    {
      const char *source = cabine_protocol_get_string (msg, "source", FALSE, NULL);

      if (!cabine_call_source_is_valid (source))
        cabine_remote_request_failed (self, id, "unknown source (room, otoscope or dermatoscope)");
      else
        g_signal_emit (self, signals[SIGNAL_SOURCE_SWITCH_REQUESTED], 0, id, source);
    }
  else if (g_str_equal (type, "stethoscope"))
    {
      JsonNode *enabled = json_object_get_member (msg, "enabled");

      if (enabled == NULL || !JSON_NODE_HOLDS_VALUE (enabled) ||
          json_node_get_value_type (enabled) != G_TYPE_BOOLEAN)
        cabine_remote_request_failed (self, id, "\"enabled\" must be true or false");
      else
        g_signal_emit (self, signals[SIGNAL_STETHOSCOPE_REQUESTED], 0, id,
                       json_node_get_boolean (enabled));
    }
  else if (g_str_equal (type, "call-end"))
    {
      const char *reason = cabine_protocol_get_string (msg, "reason", FALSE, NULL);

      if (json_object_has_member (msg, "reason") && g_strcmp0 (reason, "physician-ended") != 0)
        cabine_remote_request_failed (self, id, "\"reason\" must be \"physician-ended\"");
      else
        g_signal_emit (self, signals[SIGNAL_CALL_END_REQUESTED], 0, id);
    }
  else
    g_signal_emit (self, signals[SIGNAL_SNAPSHOT_REQUESTED], 0, id);
}

gboolean
cabine_remote_handle_message (CabineRemote *self,
                              const char   *type,
                              JsonObject   *msg)
{
  const char *id;

  g_return_val_if_fail (CABINE_IS_REMOTE (self), FALSE);
  g_return_val_if_fail (type != NULL && msg != NULL, FALSE);

  id = cabine_protocol_get_string (msg, "id", FALSE, NULL);
  if (g_str_equal (type, "ack"))
    return id != NULL && take_ack (self, id);

  if (!g_str_equal (type, "measurement-request") && !g_str_equal (type, "source-switch") &&
      !g_str_equal (type, "snapshot-request") && !g_str_equal (type, "stethoscope") &&
      !g_str_equal (type, "call-end"))
    return FALSE;
  if (id == NULL || *id == '\0' || strlen (id) > CABINE_REMOTE_MAX_ID)
    {
      g_warning ("ignoring a %s without a usable \"id\" (a string of 1–%d bytes)", type,
                 CABINE_REMOTE_MAX_ID);
      return TRUE;
    }
  send_ack (self, id);
  if (g_hash_table_contains (self->applied, id))
    {
      g_debug ("%s %s: already applied", type, id);
      return TRUE;
    }
  g_hash_table_add (self->applied, g_strdup (id));
  apply_request (self, type, id, msg);
  return TRUE;
}

/* ---- the instruments ---- */

void
cabine_remote_track_instruments (CabineRemote *self)
{
  g_return_if_fail (CABINE_IS_REMOTE (self));
  self->tracking = TRUE;
}

void
cabine_remote_instrument_added (CabineRemote *self,
                                const char   *device_id,
                                const char   *instrument)
{
  g_return_if_fail (CABINE_IS_REMOTE (self));
  g_return_if_fail (device_id != NULL);

  if (cabine_remote_instrument_loinc (instrument) == NULL)
    return;
  g_hash_table_replace (self->connected, g_strdup (device_id), g_strdup (instrument));
  /* the patient was told it is not connected: now they can take the measurement again */
  if (self->guide_step == CABINE_REMOTE_GUIDE_DISCONNECTED &&
      g_strcmp0 (self->guide_instrument, instrument) == 0)
    {
      g_message ("the %s is back: the patient may take the measurement again", instrument);
      arm_timeout (self);
      set_guide (self, instrument, CABINE_REMOTE_GUIDE_INSTRUCT, NULL);
    }
}

void
cabine_remote_instrument_removed (CabineRemote *self,
                                  const char   *device_id)
{
  g_autofree char *key = NULL;
  g_autofree char *instrument = NULL;
  const char *request_id;

  g_return_if_fail (CABINE_IS_REMOTE (self));
  g_return_if_fail (device_id != NULL);

  if (!g_hash_table_steal_extended (self->connected, device_id, (gpointer *) &key,
                                    (gpointer *) &instrument))
    return;
  if (is_connected (self, instrument))
    return;   /* another one of the same kind is still there */
  request_id = g_hash_table_lookup (self->open_requests, instrument);
  if (request_id != NULL)
    {
      g_autofree char *reason = g_strdup_printf ("the %s is not connected (unplugged during the "
                                                 "measurement)", instrument_noun (instrument));

      send_progress (self, request_id, instrument, "disconnected");
      cabine_remote_request_failed (self, request_id, reason);
      g_hash_table_remove (self->open_requests, instrument);
      if (g_hash_table_size (self->open_requests) == 0)
        g_clear_handle_id (&self->timeout_id, g_source_remove);
    }
  if (self->guide_step == CABINE_REMOTE_GUIDE_INSTRUCT &&
      g_strcmp0 (self->guide_instrument, instrument) == 0)
    set_guide (self, instrument, CABINE_REMOTE_GUIDE_DISCONNECTED, NULL);
}

/* ---- answers ---- */

void
cabine_remote_reading_arrived (CabineRemote  *self,
                               CabineReading *reading)
{
  const char *instrument;
  const char *request_id;
  g_autofree char *value = NULL;
  g_autofree char *time = NULL;
  JsonObject *msg;

  g_return_if_fail (CABINE_IS_REMOTE (self));
  g_return_if_fail (CABINE_IS_READING (reading));

  instrument = instrument_for_loinc (cabine_reading_get_loinc (reading));
  if (instrument == NULL)
    return;
  request_id = g_hash_table_lookup (self->open_requests, instrument);
  if (request_id == NULL)
    {
      /* a retake after a reconnection: no request is open, the reading goes to the physician
       * as every reading does; the patient sees it */
      if (self->guide_step == CABINE_REMOTE_GUIDE_INSTRUCT &&
          g_strcmp0 (self->guide_instrument, instrument) == 0)
        {
          if (g_hash_table_size (self->open_requests) == 0)
            g_clear_handle_id (&self->timeout_id, g_source_remove);
          set_guide (self, instrument, CABINE_REMOTE_GUIDE_RESULT, reading);
        }
      return;
    }

  value = cabine_reading_format_value (reading);
  time = g_date_time_format_iso8601 (cabine_reading_get_time (reading));
  msg = cabine_protocol_new_message ("measurement-result", NULL);
  json_object_set_string_member (msg, "requestId", request_id);
  json_object_set_string_member (msg, "instrument", instrument);
  json_object_set_string_member (msg, "observationId", cabine_reading_get_id (reading));
  json_object_set_string_member (msg, "loinc", cabine_reading_get_loinc (reading));
  json_object_set_string_member (msg, "display", value);
  json_object_set_string_member (msg, "effectiveDateTime", time);
  send_reliable (self, msg);
  g_hash_table_remove (self->open_requests, instrument);
  if (g_hash_table_size (self->open_requests) == 0)
    g_clear_handle_id (&self->timeout_id, g_source_remove);
  set_guide (self, instrument, CABINE_REMOTE_GUIDE_RESULT, reading);
}

void
cabine_remote_source_switched (CabineRemote *self,
                               const char   *request_id,
                               const char   *source)
{
  JsonObject *msg;

  g_return_if_fail (CABINE_IS_REMOTE (self));

  msg = cabine_protocol_new_message ("source-switched", NULL);
  json_object_set_string_member (msg, "requestId", request_id);
  json_object_set_string_member (msg, "source", source);
  send_reliable (self, msg);
}

void
cabine_remote_stethoscope_switched (CabineRemote *self,
                                    const char   *request_id,
                                    gboolean      enabled)
{
  JsonObject *msg;

  g_return_if_fail (CABINE_IS_REMOTE (self));

  msg = cabine_protocol_new_message ("stethoscope-switched", NULL);
  json_object_set_string_member (msg, "requestId", request_id);
  json_object_set_boolean_member (msg, "enabled", enabled);
  send_reliable (self, msg);
}

void
cabine_remote_send_snapshot (CabineRemote *self,
                             const char   *request_id,
                             const char   *snapshot_id,
                             const char   *source,
                             const char   *content_type,
                             guint         width,
                             guint         height,
                             GBytes       *data)
{
  g_autofree char *sha256 = NULL;
  gsize size = 0;
  const guint8 *bytes;
  guint chunks;
  JsonObject *msg;

  g_return_if_fail (CABINE_IS_REMOTE (self));
  g_return_if_fail (data != NULL);

  bytes = g_bytes_get_data (data, &size);
  sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, data);
  chunks = (guint) ((size + CABINE_REMOTE_CHUNK_SIZE - 1) / CABINE_REMOTE_CHUNK_SIZE);

  msg = cabine_protocol_new_message ("snapshot", NULL);
  json_object_set_string_member (msg, "requestId", request_id);
  json_object_set_string_member (msg, "snapshotId", snapshot_id);
  json_object_set_string_member (msg, "source", source);
  json_object_set_string_member (msg, "contentType", content_type);
  json_object_set_int_member (msg, "width", width);
  json_object_set_int_member (msg, "height", height);
  json_object_set_int_member (msg, "size", (gint64) size);
  json_object_set_string_member (msg, "sha256", sha256);
  json_object_set_int_member (msg, "chunks", chunks);
  send_reliable (self, msg);

  for (guint i = 0; i < chunks; i++)
    {
      gsize offset = (gsize) i * CABINE_REMOTE_CHUNK_SIZE;
      g_autofree char *b64 = g_base64_encode (bytes + offset,
                                              MIN (CABINE_REMOTE_CHUNK_SIZE, size - offset));

      msg = cabine_protocol_new_message ("snapshot-chunk", NULL);
      json_object_set_string_member (msg, "snapshotId", snapshot_id);
      json_object_set_int_member (msg, "index", i);
      json_object_set_string_member (msg, "data", b64);
      send_reliable (self, msg);
    }
}

void
cabine_remote_request_failed (CabineRemote *self,
                              const char   *request_id,
                              const char   *reason)
{
  JsonObject *msg;

  g_return_if_fail (CABINE_IS_REMOTE (self));

  g_message ("request %s failed: %s", request_id, reason);
  msg = cabine_protocol_new_message ("request-failed", NULL);
  json_object_set_string_member (msg, "requestId", request_id);
  json_object_set_string_member (msg, "reason", reason);
  send_reliable (self, msg);
}

void
cabine_remote_dismiss_guide (CabineRemote *self)
{
  g_return_if_fail (CABINE_IS_REMOTE (self));
  if (self->guide_step != CABINE_REMOTE_GUIDE_NONE)
    set_guide (self, NULL, CABINE_REMOTE_GUIDE_NONE, NULL);
}

void
cabine_remote_reset (CabineRemote *self)
{
  g_return_if_fail (CABINE_IS_REMOTE (self));

  g_clear_handle_id (&self->retry_id, g_source_remove);
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  g_queue_clear_full (&self->unacked, (GDestroyNotify) outgoing_free);
  g_hash_table_remove_all (self->applied);
  g_hash_table_remove_all (self->acked);
  g_hash_table_remove_all (self->open_requests);
  cabine_remote_dismiss_guide (self);
}

const char *
cabine_remote_get_guide_instrument (CabineRemote *self)
{
  g_return_val_if_fail (CABINE_IS_REMOTE (self), NULL);
  return self->guide_instrument;
}

CabineRemoteGuideStep
cabine_remote_get_guide_step (CabineRemote *self)
{
  g_return_val_if_fail (CABINE_IS_REMOTE (self), CABINE_REMOTE_GUIDE_NONE);
  return self->guide_step;
}

CabineReading *
cabine_remote_get_guide_result (CabineRemote *self)
{
  g_return_val_if_fail (CABINE_IS_REMOTE (self), NULL);
  return self->guide_result;
}

guint
cabine_remote_get_n_unacked (CabineRemote *self)
{
  g_return_val_if_fail (CABINE_IS_REMOTE (self), 0);
  return g_queue_get_length (&self->unacked);
}

/* ---- GObject ---- */

static void
cabine_remote_dispose (GObject *object)
{
  CabineRemote *self = CABINE_REMOTE (object);

  g_clear_handle_id (&self->retry_id, g_source_remove);
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  g_queue_clear_full (&self->unacked, (GDestroyNotify) outgoing_free);
  g_clear_object (&self->guide_result);
  G_OBJECT_CLASS (cabine_remote_parent_class)->dispose (object);
}

static void
cabine_remote_finalize (GObject *object)
{
  CabineRemote *self = CABINE_REMOTE (object);

  g_hash_table_unref (self->applied);
  g_hash_table_unref (self->acked);
  g_hash_table_unref (self->open_requests);
  g_hash_table_unref (self->connected);
  g_free (self->guide_instrument);
  G_OBJECT_CLASS (cabine_remote_parent_class)->finalize (object);
}

static void
cabine_remote_class_init (CabineRemoteClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GType type = G_TYPE_FROM_CLASS (klass);

  object_class->dispose = cabine_remote_dispose;
  object_class->finalize = cabine_remote_finalize;

  signals[SIGNAL_GUIDE_CHANGED] =
    g_signal_new ("guide-changed", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_SOURCE_SWITCH_REQUESTED] =
    g_signal_new ("source-switch-requested", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
  signals[SIGNAL_SNAPSHOT_REQUESTED] =
    g_signal_new ("snapshot-requested", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SIGNAL_STETHOSCOPE_REQUESTED] =
    g_signal_new ("stethoscope-requested", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_BOOLEAN);
  signals[SIGNAL_CALL_END_REQUESTED] =
    g_signal_new ("call-end-requested", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
cabine_remote_init (CabineRemote *self)
{
  g_queue_init (&self->unacked);
  self->applied = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->acked = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->open_requests = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->connected = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

CabineRemote *
cabine_remote_new (void)
{
  return g_object_new (CABINE_TYPE_REMOTE, NULL);
}
