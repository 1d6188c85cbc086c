/* cabine-devsim-agent.c: a simulated IEEE 11073-20601 agent in a standard configuration
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "cabine-devsim"

#include "cabine-devsim-agent.h"
#include "cabine-apdu.h"
#include "cabine-11073-config.h"

#include <math.h>
#include <string.h>

struct _CabineDevsimAgent
{
  GObject parent_instance;

  CabineDevsimAgentState state;
  const CabineDevsimProfile *profile;
  const CabineDeviceConfig *config;
  guint8 system_id[8];
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

static const CabineDevsimProfile profiles[] = {
  [CABINE_DEVSIM_KIND_THERMOMETER] = { "thermometer", CABINE_CONFIG_ID_THERMOMETER, 0x1008, 0x0001,
                                       CABINE_DEVSIM_MODEL, CABINE_DEVSIM_SERIAL, 0x01 },
  [CABINE_DEVSIM_KIND_BLOOD_PRESSURE] = { "blood-pressure", CABINE_CONFIG_ID_BLOOD_PRESSURE, 0x1007,
                                          0x0002, "SimPress 1", "SIM-0002", 0x02 },
  [CABINE_DEVSIM_KIND_PULSE_OXIMETER] = { "pulse-oximeter", CABINE_CONFIG_ID_PULSE_OXIMETER, 0x1004,
                                          0x0003, "SimOxy 1", "SIM-0003", 0x03 },
  [CABINE_DEVSIM_KIND_SCALE] = { "scale", CABINE_CONFIG_ID_SCALE, 0x100F, 0x0004, "SimScale 1",
                                 "SIM-0004", 0x04 },
};

const CabineDevsimProfile *
cabine_devsim_profile (CabineDevsimKind kind)
{
  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (profiles), NULL);
  return &profiles[kind];
}

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
  queue (self, cabine_apdu_encode_aarq (self->system_id, self->profile->dev_config_id));
  self->state = CABINE_DEVSIM_AGENT_ASSOCIATING;
}

/* MDS attributes for a GET of handle 0 (IEEE 11073-20601 6.3.2.4, 10408 6.5). */
static GBytes *
mds_attributes (CabineDevsimAgent *self, guint16 invoke_id)
{
  g_autoptr(GByteArray) model = g_byte_array_new ();
  g_autoptr(GByteArray) spec = g_byte_array_new ();
  g_autoptr(GArray) avas = g_array_new (FALSE, TRUE, sizeof (CabineAva));
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  /* TypeVerList: 1 entry (type MDC_DEV_SPEC_PROFILE_*, version 1) */
  guint8 type_list[] = { 0x00, 0x01, 0x00, 0x04, self->profile->specialization >> 8,
                         self->profile->specialization & 0xFF, 0x00, 0x01 };
  guint8 sys_id[10] = { 0x00, 0x08 };
  guint8 config_id[] = { self->profile->dev_config_id >> 8, self->profile->dev_config_id & 0xFF };
  const char *model_name = self->profile->model, *serial = self->profile->serial;
  guint8 abs_time[CABINE_MDER_ABSOLUTE_TIME_SIZE];
  CabineAva a;

  cabine_mder_put_u16 (model, sizeof CABINE_DEVSIM_MANUFACTURER - 1);
  g_byte_array_append (model, (const guint8 *) CABINE_DEVSIM_MANUFACTURER,
                       sizeof CABINE_DEVSIM_MANUFACTURER - 1);
  cabine_mder_put_u16 (model, (guint16) strlen (model_name));
  g_byte_array_append (model, (const guint8 *) model_name, (guint) strlen (model_name));
  memcpy (sys_id + 2, self->system_id, 8);

  cabine_mder_put_u16 (spec, 2);  /* ProductionSpec: 2 entries */
  cabine_mder_put_u16 (spec, 0);
  cabine_mder_put_u16 (spec, 1);  /* serial-number */
  cabine_mder_put_u16 (spec, 0);
  cabine_mder_put_u16 (spec, (guint16) strlen (serial));
  g_byte_array_append (spec, (const guint8 *) serial, (guint) strlen (serial));
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
          protocol_error (self, "the manager did not accept the standard configuration");
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
        queue (self, mds_attributes (self, apdu->invoke_id));
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

/* Plausible values for the object of @type_code, in its standard unit, as (mantissa, exponent)
 * pairs: integers for SFLOATs, one decimal where the instrument resolves it. Returns the count. */
static guint
simulated_values (CabineDevsimAgent *self, guint16 type_code, gint32 *mantissas, gint8 *exponents)
{
  switch (type_code)
    {
    case CABINE_MDC_TEMP_BODY:
      mantissas[0] = g_random_int_range (363, 380);  /* 36.3 ..= 37.9 °C */
      exponents[0] = -1;
      return 1;
    case CABINE_MDC_PRESS_BLD_NONINV:
      {
        gint32 sys = g_random_int_range (105, 141), dia = g_random_int_range (65, 91);

        if (dia > sys - 25)
          dia = sys - 25;
        mantissas[0] = sys;
        mantissas[1] = dia;
        mantissas[2] = dia + (sys - dia + 1) / 3;  /* MAP ≈ dia + (sys − dia) / 3 */
        exponents[0] = exponents[1] = exponents[2] = 0;
        return 3;
      }
    case CABINE_MDC_PULS_RATE_NON_INV:
    case CABINE_MDC_PULS_OXIM_PULS_RATE:
      mantissas[0] = g_random_int_range (55, 96);
      exponents[0] = 0;
      return 1;
    case CABINE_MDC_PULS_OXIM_SAT_O2:
      mantissas[0] = g_random_int_range (94, 100);
      exponents[0] = 0;
      return 1;
    case CABINE_MDC_MASS_BODY_ACTUAL:
      mantissas[0] = g_random_int_range (550, 951);  /* 55.0 ..= 95.0 kg */
      exponents[0] = -1;
      return 1;
    default:
      return 0;
    }
}

/* The observed-value bytes of @spec, laid out by its attribute-value-map. Sets *first to the
 * first number. */
static GBytes *
observed_value (CabineDevsimAgent *self, const CabineObjectSpec *spec, GDateTime *now,
                double *first)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  gint32 mantissas[4] = { 0 };
  gint8 exponents[4] = { 0 };
  guint n = simulated_values (self, spec->type_code, mantissas, exponents);

  *first = n > 0 ? mantissas[0] * pow (10, exponents[0]) : 0.0;
  for (guint i = 0; i < spec->n_map; i++)
    {
      guint8 buf[CABINE_MDER_ABSOLUTE_TIME_SIZE];
      guint32 f;
      guint16 sf;

      switch (spec->map[i].attr_id)
        {
        case CABINE_MDC_ATTR_NU_VAL_OBS_SIMP:
          cabine_mder_float_encode (mantissas[0], exponents[0], &f);
          cabine_mder_put_u32 (out, f);
          break;
        case CABINE_MDC_ATTR_NU_VAL_OBS_BASIC:
          cabine_mder_sfloat_encode ((gint16) mantissas[0], exponents[0], &sf);
          cabine_mder_put_u16 (out, sf);
          break;
        case CABINE_MDC_ATTR_NU_CMPD_VAL_OBS_BASIC:
          cabine_mder_put_u16 (out, (guint16) n);
          cabine_mder_put_u16 (out, (guint16) (2 * n));
          for (guint j = 0; j < n; j++)
            {
              cabine_mder_sfloat_encode ((gint16) mantissas[j], exponents[j], &sf);
              cabine_mder_put_u16 (out, sf);
            }
          break;
        case CABINE_MDC_ATTR_TIME_STAMP_ABS:
          cabine_mder_absolute_time_encode (now, buf);
          g_byte_array_append (out, buf, sizeof buf);
          break;
        default:
          g_assert_not_reached ();  /* the standard tables use only the above */
        }
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

static GBytes *
make_report (CabineDevsimAgent *self, gint64 now_us)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  guint16 handles[CABINE_MAX_OBJECTS];
  GBytes *observed[CABINE_MAX_OBJECTS];
  GBytes *frame;
  double first = 0.0;

  for (guint i = 0; i < self->config->n_objects; i++)
    {
      double v;

      handles[i] = self->config->objects[i].handle;
      observed[i] = observed_value (self, &self->config->objects[i], now, &v);
      if (i == 0)
        first = v;
    }
  self->awaiting_invoke_id = self->next_invoke_id++;
  self->awaiting_response = TRUE;
  /* event-time: relative time in 1/8 ms ticks since an arbitrary origin (20601 A.11.6) */
  frame = cabine_apdu_encode_scan_report_fixed (self->awaiting_invoke_id, TRUE,
                                                (guint32) ((now_us / 125) & 0xFFFFFFFF),
                                                (guint16) self->sent, handles, observed,
                                                self->config->n_objects);
  for (guint i = 0; i < self->config->n_objects; i++)
    g_bytes_unref (observed[i]);
  g_ptr_array_add (self->frames, g_bytes_ref (frame));
  g_array_append_val (self->values, first);
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
cabine_devsim_agent_new_kind (CabineDevsimKind kind, guint interval_ms, guint count)
{
  static const guint8 system_id_base[7] = { 0x02, 0xCA, 0xB1, 0x0E, 0x00, 0x00, 0x00 };
  CabineDevsimAgent *self;

  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (profiles), NULL);
  self = g_object_new (CABINE_TYPE_DEVSIM_AGENT, NULL);
  self->profile = &profiles[kind];
  self->config = cabine_11073_standard_config (self->profile->dev_config_id);
  g_assert (self->config != NULL);
  memcpy (self->system_id, system_id_base, sizeof system_id_base);
  self->system_id[7] = self->profile->system_id_tag;
  self->interval_ms = interval_ms;
  self->count = count;
  return self;
}

CabineDevsimAgent *
cabine_devsim_agent_new (guint interval_ms, guint count)
{
  return cabine_devsim_agent_new_kind (CABINE_DEVSIM_KIND_THERMOMETER, interval_ms, count);
}
