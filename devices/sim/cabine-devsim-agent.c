/* cabine-devsim-agent.c: a simulated IEEE 11073-20601 thermometer agent
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "cabine-devsim"

#include "cabine-devsim-agent.h"
#include "cabine-apdu.h"
#include "cabine-11073-config.h"

#include <string.h>

struct _CabineDevsimAgent
{
  GObject parent_instance;

  CabineDevsimAgentState state;
  guint interval_ms, count;
  GQueue outgoing;          /* of GBytes */
  gint64 next_report_us;
  guint16 next_invoke_id;
  gboolean awaiting_response;
  guint16 awaiting_invoke_id;
  guint sent, acknowledged, errors;
  GPtrArray *frames;        /* of GBytes: sent reports */
  GArray *values;           /* of double */
};

G_DEFINE_FINAL_TYPE (CabineDevsimAgent, cabine_devsim_agent, G_TYPE_OBJECT)

static const guint8 agent_system_id[8] = { 0x02, 0xCA, 0xB1, 0x0E, 0x00, 0x00, 0x00, 0x01 };

static void
queue (CabineDevsimAgent *self, GBytes *apdu)
{
  g_queue_push_tail (&self->outgoing, apdu);
}

static void
protocol_error (CabineDevsimAgent *self, const char *what)
{
  self->errors++;
  g_warning ("simulated agent: %s", what);
}

void
cabine_devsim_agent_connect (CabineDevsimAgent *self, gint64 now_us)
{
  if (self->state != CABINE_DEVSIM_AGENT_DISCONNECTED)
    return;
  queue (self, cabine_apdu_encode_aarq (agent_system_id, CABINE_CONFIG_ID_THERMOMETER));
  self->state = CABINE_DEVSIM_AGENT_ASSOCIATING;
}

/* MDS attributes for a GET of handle 0 (IEEE 11073-20601 6.3.2.4, 10408 6.5). */
static GBytes *
mds_attributes (guint16 invoke_id)
{
  g_autoptr(GByteArray) model = g_byte_array_new ();
  g_autoptr(GByteArray) spec = g_byte_array_new ();
  g_autoptr(GArray) avas = g_array_new (FALSE, TRUE, sizeof (CabineAva));
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  static const guint8 type_list[] = { 0x00, 0x01, 0x00, 0x04, 0x10, 0x08, 0x00, 0x01 };
  static const guint8 sys_id[] = { 0x00, 0x08, 0x02, 0xCA, 0xB1, 0x0E, 0x00, 0x00, 0x00, 0x01 };
  static const guint8 config_id[] = { 0x03, 0x20 };
  guint8 abs_time[CABINE_MDER_ABSOLUTE_TIME_SIZE];
  CabineAva a;

  cabine_mder_put_u16 (model, sizeof CABINE_DEVSIM_MANUFACTURER - 1);
  g_byte_array_append (model, (const guint8 *) CABINE_DEVSIM_MANUFACTURER,
                       sizeof CABINE_DEVSIM_MANUFACTURER - 1);
  cabine_mder_put_u16 (model, sizeof CABINE_DEVSIM_MODEL - 1);
  g_byte_array_append (model, (const guint8 *) CABINE_DEVSIM_MODEL, sizeof CABINE_DEVSIM_MODEL - 1);

  cabine_mder_put_u16 (spec, 2);  /* ProductionSpec: 2 entries */
  cabine_mder_put_u16 (spec, 0);
  cabine_mder_put_u16 (spec, 1);  /* serial-number */
  cabine_mder_put_u16 (spec, 0);
  cabine_mder_put_u16 (spec, sizeof CABINE_DEVSIM_SERIAL - 1);
  g_byte_array_append (spec, (const guint8 *) CABINE_DEVSIM_SERIAL, sizeof CABINE_DEVSIM_SERIAL - 1);
  cabine_mder_put_u16 (spec, 5);  /* fw-revision */
  cabine_mder_put_u16 (spec, 0);
  cabine_mder_put_u16 (spec, sizeof CABINE_DEVSIM_FIRMWARE - 1);
  g_byte_array_append (spec, (const guint8 *) CABINE_DEVSIM_FIRMWARE,
                       sizeof CABINE_DEVSIM_FIRMWARE - 1);
  cabine_mder_patch_u16 (spec, 2, (guint16) (spec->len - 4));

  cabine_mder_absolute_time_encode (now, abs_time);

#define ADD(ID, PTR, LEN) a = (CabineAva) { .id = (ID), .len = (guint16) (LEN), .value = (PTR) }; \
                          g_array_append_val (avas, a)
  ADD (CABINE_MDC_ATTR_SYS_TYPE_SPEC_LIST, type_list, sizeof type_list);
  ADD (CABINE_MDC_ATTR_ID_MODEL, model->data, model->len);
  ADD (CABINE_MDC_ATTR_SYS_ID, sys_id, sizeof sys_id);
  ADD (CABINE_MDC_ATTR_DEV_CONFIG_ID, config_id, sizeof config_id);
  ADD (CABINE_MDC_ATTR_ID_PROD_SPECN, spec->data, spec->len);
  ADD (CABINE_MDC_ATTR_TIME_ABS, abs_time, sizeof abs_time);
#undef ADD
  return cabine_apdu_encode_get_response (invoke_id, avas);
}

void
cabine_devsim_agent_receive (CabineDevsimAgent *self, const guint8 *data, gsize len, gint64 now_us)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CabineApdu) apdu = cabine_apdu_decode (data, len, &error);

  if (apdu == NULL)
    {
      protocol_error (self, error->message);
      queue (self, cabine_apdu_encode_abrt (CABINE_ABORT_UNDEFINED));
      self->state = CABINE_DEVSIM_AGENT_DONE;
      return;
    }

  switch (apdu->choice)
    {
    case CABINE_APDU_AARE:
      if (self->state != CABINE_DEVSIM_AGENT_ASSOCIATING)
        protocol_error (self, "AARE outside association");
      else if (apdu->result != CABINE_AARE_ACCEPTED)
        {
          protocol_error (self, "the manager did not accept the standard configuration 0x0320");
          self->state = CABINE_DEVSIM_AGENT_DONE;
        }
      else
        {
          self->state = CABINE_DEVSIM_AGENT_OPERATING;
          self->next_report_us = now_us + (gint64) self->interval_ms * 1000;
        }
      return;
    case CABINE_APDU_RLRQ:
      queue (self, cabine_apdu_encode_rlre (CABINE_RELEASE_NORMAL));
      self->state = CABINE_DEVSIM_AGENT_DONE;
      return;
    case CABINE_APDU_RLRE:
      if (self->state != CABINE_DEVSIM_AGENT_RELEASING)
        protocol_error (self, "RLRE without RLRQ");
      self->state = CABINE_DEVSIM_AGENT_DONE;
      return;
    case CABINE_APDU_ABRT:
      g_message ("simulated agent: the manager aborted (reason %u)", apdu->reason);
      self->state = CABINE_DEVSIM_AGENT_DONE;
      return;
    case CABINE_APDU_PRST:
      if (self->state != CABINE_DEVSIM_AGENT_OPERATING && self->state != CABINE_DEVSIM_AGENT_RELEASING)
        {
          protocol_error (self, "PRST while not associated");
          return;
        }
      if (apdu->data_choice == CABINE_DATA_ROIV_GET && apdu->obj_handle == 0)
        queue (self, mds_attributes (apdu->invoke_id));
      else if (apdu->data_choice == CABINE_DATA_RORS_CONFIRMED_EVENT_REPORT)
        {
          if (!self->awaiting_response || apdu->invoke_id != self->awaiting_invoke_id)
            protocol_error (self, "event report response with an unexpected invoke-id");
          else if (apdu->event_type != CABINE_MDC_NOTI_SCAN_REPORT_FIXED || apdu->obj_handle != 0)
            protocol_error (self, "event report response with the wrong event type or handle");
          else
            {
              self->awaiting_response = FALSE;
              self->acknowledged++;
            }
        }
      else
        protocol_error (self, "unexpected DATA-apdu");
      return;
    default:
      protocol_error (self, "unexpected APDU");
      return;
    }
}

static GBytes *
make_report (CabineDevsimAgent *self, gint64 now_us)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  gint32 tenths = g_random_int_range (363, 380);  /* 36.3 ..= 37.9 °C */
  guint8 value[4 + CABINE_MDER_ABSOLUTE_TIME_SIZE];
  guint32 raw;
  guint16 handle = 1;
  g_autoptr(GBytes) observed = NULL;
  GBytes *frame;
  double celsius = tenths / 10.0;

  cabine_mder_float_encode (tenths, -1, &raw);
  value[0] = raw >> 24;
  value[1] = (raw >> 16) & 0xFF;
  value[2] = (raw >> 8) & 0xFF;
  value[3] = raw & 0xFF;
  cabine_mder_absolute_time_encode (now, value + 4);
  observed = g_bytes_new (value, sizeof value);
  self->awaiting_invoke_id = self->next_invoke_id++;
  self->awaiting_response = TRUE;
  /* event-time: relative time in 1/8 ms ticks since an arbitrary origin (20601 A.11.6) */
  frame = cabine_apdu_encode_scan_report_fixed (self->awaiting_invoke_id, TRUE,
                                                (guint32) ((now_us / 125) & 0xFFFFFFFF),
                                                (guint16) self->sent, &handle, &observed, 1);
  g_ptr_array_add (self->frames, g_bytes_ref (frame));
  g_array_append_val (self->values, celsius);
  self->sent++;
  return frame;
}

GBytes *
cabine_devsim_agent_poll (CabineDevsimAgent *self, gint64 now_us)
{
  if (g_queue_is_empty (&self->outgoing) && self->state == CABINE_DEVSIM_AGENT_OPERATING &&
      !self->awaiting_response && now_us >= self->next_report_us)
    {
      if (self->count > 0 && self->sent >= self->count)
        {
          queue (self, cabine_apdu_encode_rlrq (CABINE_RELEASE_NORMAL));
          self->state = CABINE_DEVSIM_AGENT_RELEASING;
        }
      else
        {
          queue (self, make_report (self, now_us));
          self->next_report_us = now_us + (gint64) self->interval_ms * 1000;
        }
    }
  return g_queue_pop_head (&self->outgoing);
}

CabineDevsimAgentState cabine_devsim_agent_get_state (CabineDevsimAgent *self) { return self->state; }
guint cabine_devsim_agent_get_errors (CabineDevsimAgent *self) { return self->errors; }
guint cabine_devsim_agent_get_acknowledged (CabineDevsimAgent *self) { return self->acknowledged; }

gboolean
cabine_devsim_agent_get_sent_report (CabineDevsimAgent *self, guint index, double *celsius,
                                     GBytes **frame)
{
  if (index >= self->frames->len)
    return FALSE;
  *celsius = g_array_index (self->values, double, index);
  *frame = g_ptr_array_index (self->frames, index);
  return TRUE;
}

static void
cabine_devsim_agent_finalize (GObject *object)
{
  CabineDevsimAgent *self = CABINE_DEVSIM_AGENT (object);

  g_queue_clear_full (&self->outgoing, (GDestroyNotify) g_bytes_unref);
  g_ptr_array_unref (self->frames);
  g_array_unref (self->values);
  G_OBJECT_CLASS (cabine_devsim_agent_parent_class)->finalize (object);
}

static void
cabine_devsim_agent_class_init (CabineDevsimAgentClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cabine_devsim_agent_finalize;
}

static void
cabine_devsim_agent_init (CabineDevsimAgent *self)
{
  g_queue_init (&self->outgoing);
  self->next_invoke_id = 0x0001;
  self->frames = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  self->values = g_array_new (FALSE, FALSE, sizeof (double));
}

CabineDevsimAgent *
cabine_devsim_agent_new (guint interval_ms, guint count)
{
  CabineDevsimAgent *self = g_object_new (CABINE_TYPE_DEVSIM_AGENT, NULL);

  self->interval_ms = interval_ms;
  self->count = count;
  return self;
}
