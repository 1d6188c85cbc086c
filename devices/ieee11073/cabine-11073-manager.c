/* cabine-11073-manager.c: IEEE 11073-20601 manager state machine for one agent
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "cabine-11073"

#include "cabine-11073-manager.h"
#include "cabine-11073-config.h"
#include "cabine-11073-config-store.h"
#include "cabine-apdu.h"

#include <string.h>

G_DEFINE_QUARK (cabine-agent-session-error-quark, cabine_agent_session_error)

struct _CabineAgentSession
{
  GObject parent_instance;

  guint8 system_id[8];
  CabineAgentState state;
  CabineDeviceConfig config;       /* valid from Operating on */
  guint16 pending_config_id;
  guint8 agent_system_id[8];       /* of the current association (AARQ) */
  guint timer_id;
  guint association_ms, config_ms, response_ms;
  guint16 next_invoke_id;
  guint16 get_invoke_id;
  gboolean get_pending;

  char *transport;
  char *state_dir;                 /* remembered extended configurations, NULL: memory only */
  guint16 usb_vid, usb_pid;
  char *manufacturer, *model, *serial, *firmware;
};

G_DEFINE_FINAL_TYPE (CabineAgentSession, cabine_agent_session, G_TYPE_OBJECT)

enum { SIGNAL_SEND_APDU, SIGNAL_MEASUREMENT, SIGNAL_STATE_CHANGED, SIGNAL_ABORTED, SIGNAL_MDS_RESULT,
       N_SIGNALS };
static guint signals[N_SIGNALS];

const char *
cabine_agent_state_to_string (CabineAgentState state)
{
  static const char * const names[] = { "disassociated", "associating", "configuring",
                                        "operating", "disassociating" };
  return (guint) state < G_N_ELEMENTS (names) ? names[state] : "invalid";
}

static void
stop_timer (CabineAgentSession *self)
{
  g_clear_handle_id (&self->timer_id, g_source_remove);
}

static void
set_state (CabineAgentSession *self, CabineAgentState state)
{
  CabineAgentState old = self->state;

  if (old == state)
    return;
  self->state = state;
  g_debug ("agent session: %s → %s", cabine_agent_state_to_string (old),
           cabine_agent_state_to_string (state));
  if (state == CABINE_AGENT_STATE_DISASSOCIATED)
    {
      stop_timer (self);
      self->get_pending = FALSE;
    }
  g_signal_emit (self, signals[SIGNAL_STATE_CHANGED], 0, (guint) old, (guint) state);
}

static void
send (CabineAgentSession *self, GBytes *apdu)
{
  g_signal_emit (self, signals[SIGNAL_SEND_APDU], 0, apdu);
  g_bytes_unref (apdu);
}

/* Send ABRT @reason, drop to Disassociated and report @error (taken). */
static void
abort_association (CabineAgentSession *self, guint16 reason, GError *error)
{
  /* debug only: the "aborted" signal hands @error to the owner, which reports it (once) */
  g_debug ("aborting association (reason %u): %s", reason, error->message);
  send (self, cabine_apdu_encode_abrt (reason));
  set_state (self, CABINE_AGENT_STATE_DISASSOCIATED);
  g_signal_emit (self, signals[SIGNAL_ABORTED], 0, error);
  g_error_free (error);
}

static gboolean
timer_fired (gpointer user_data)
{
  CabineAgentSession *self = user_data;
  guint16 reason = CABINE_ABORT_UNDEFINED;
  const char *what = "the association request";

  self->timer_id = 0;
  if (self->state == CABINE_AGENT_STATE_CONFIGURING)
    {
      reason = CABINE_ABORT_CONFIG_TIMEOUT;
      what = "the configuration report";
    }
  else if (self->state == CABINE_AGENT_STATE_DISASSOCIATING)
    {
      reason = CABINE_ABORT_RESPONSE_TIMEOUT;
      what = "the release response";
    }
  else if (self->get_pending)
    {
      reason = CABINE_ABORT_RESPONSE_TIMEOUT;
      what = "the GET response";
    }
  abort_association (self, reason,
                     g_error_new (CABINE_AGENT_SESSION_ERROR, CABINE_AGENT_SESSION_ERROR_TIMEOUT,
                                  "the agent did not send %s in time", what));
  return G_SOURCE_REMOVE;
}

static void
arm_timer (CabineAgentSession *self, guint ms)
{
  stop_timer (self);
  self->timer_id = g_timeout_add (ms, timer_fired, self);
}

static void
send_get_mds (CabineAgentSession *self)
{
  self->get_invoke_id = self->next_invoke_id++;
  self->get_pending = TRUE;
  send (self, cabine_apdu_encode_get_mds (self->get_invoke_id));
  arm_timer (self, self->response_ms);
}

gboolean
cabine_agent_session_request_mds (CabineAgentSession *self, GError **error)
{
  g_return_val_if_fail (CABINE_IS_AGENT_SESSION (self), FALSE);

  if (self->state != CABINE_AGENT_STATE_OPERATING || self->get_pending)
    {
      g_set_error (error, CABINE_AGENT_SESSION_ERROR, CABINE_AGENT_SESSION_ERROR_NOT_READY,
                   "cannot GET the MDS now (state %s%s)", cabine_agent_state_to_string (self->state),
                   self->get_pending ? ", a GET is pending" : "");
      return FALSE;
    }
  send_get_mds (self);
  return TRUE;
}

static void
enter_operating (CabineAgentSession *self)
{
  stop_timer (self);
  set_state (self, CABINE_AGENT_STATE_OPERATING);
  send_get_mds (self);
}

/* An extended configuration this agent sent in an earlier run (the state directory). */
static gboolean
load_remembered (CabineAgentSession *self, guint16 dev_config_id)
{
  g_autoptr(GError) error = NULL;
  CabineDeviceConfig config;

  if (self->state_dir == NULL)
    return FALSE;
  if (!cabine_11073_config_load (self->state_dir, self->agent_system_id, dev_config_id, &config,
                                 &error))
    {
      if (!g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT) &&
          !g_error_matches (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_GROUP_NOT_FOUND))
        g_warning ("ignoring the remembered configuration 0x%04X: %s", dev_config_id,
                   error->message);
      return FALSE;
    }
  cabine_11073_config_remember (self->agent_system_id, &config);
  self->config = config;
  return TRUE;
}

static void
handle_aarq (CabineAgentSession *self, const CabineApdu *apdu)
{
  const CabineDeviceConfig *config;
  guint16 result = CABINE_AARE_ACCEPTED;

  set_state (self, CABINE_AGENT_STATE_ASSOCIATING);
  if (!(apdu->assoc_version & CABINE_ASSOC_VERSION1))
    result = CABINE_AARE_REJECTED_UNSUPPORTED_ASSOC_VERSION;
  else if (!apdu->has_20601 || !(apdu->protocol_version & CABINE_PROTOCOL_VERSION1))
    result = CABINE_AARE_REJECTED_NO_COMMON_PROTOCOL;
  else if (!(apdu->encoding_rules & CABINE_ENCODING_MDER) ||
           !(apdu->nomenclature_version & CABINE_NOMENCLATURE_VERSION1))
    result = CABINE_AARE_REJECTED_NO_COMMON_PARAMETER;

  if (result != CABINE_AARE_ACCEPTED)
    {
      send (self, cabine_apdu_encode_aare (result, self->system_id));
      set_state (self, CABINE_AGENT_STATE_DISASSOCIATED);
      g_autoptr(GError) error = g_error_new (CABINE_AGENT_SESSION_ERROR,
                                             CABINE_AGENT_SESSION_ERROR_REJECTED,
                                             "association rejected (AARE result %u)", result);
      g_signal_emit (self, signals[SIGNAL_ABORTED], 0, error);
      return;
    }

  memset (self->agent_system_id, 0, sizeof self->agent_system_id);
  if (apdu->system_id != NULL && g_bytes_get_size (apdu->system_id) == 8)
    memcpy (self->agent_system_id, g_bytes_get_data (apdu->system_id, NULL), 8);

  config = cabine_11073_standard_config (apdu->dev_config_id);
  if (config != NULL ||
      cabine_11073_config_lookup (self->agent_system_id, apdu->dev_config_id, &self->config) ||
      load_remembered (self, apdu->dev_config_id))
    {
      /* a standard configuration, or an extended one this agent already sent us */
      if (config != NULL)
        self->config = *config;
      send (self, cabine_apdu_encode_aare (CABINE_AARE_ACCEPTED, self->system_id));
      enter_operating (self);
    }
  else
    {
      self->pending_config_id = apdu->dev_config_id;
      send (self, cabine_apdu_encode_aare (CABINE_AARE_ACCEPTED_UNKNOWN_CONFIG, self->system_id));
      set_state (self, CABINE_AGENT_STATE_CONFIGURING);
      arm_timer (self, self->config_ms);
    }
}

static void
handle_config (CabineAgentSession *self, const CabineApdu *apdu)
{
  g_autoptr(GError) error = NULL;
  CabineDeviceConfig config;
  gboolean usable = cabine_11073_config_from_report (apdu, &config, &error);

  if (apdu->data_choice == CABINE_DATA_ROIV_CONFIRMED_EVENT_REPORT)
    send (self, cabine_apdu_encode_config_response (apdu->invoke_id, apdu->event_time,
                                                    apdu->config_report_id,
                                                    usable ? CABINE_CONFIG_ACCEPTED
                                                           : CABINE_CONFIG_UNSUPPORTED));
  if (!usable)
    {
      /* The agent may offer another configuration; TO_config keeps running (20601 8.4.4). */
      g_message ("configuration 0x%04X refused: %s", apdu->config_report_id, error->message);
      return;
    }
  self->config = config;
  cabine_11073_config_remember (self->agent_system_id, &config);
  if (self->state_dir != NULL &&
      !cabine_11073_config_save (self->state_dir, self->agent_system_id, &config, &error))
    g_warning ("configuration 0x%04X accepted but not saved: %s", config.dev_config_id,
               error->message);
  enter_operating (self);
}

static char *
octet_string (CabineMderReader *r, const char *what, GError **error)
{
  guint16 len;
  const guint8 *p;
  g_autofree char *s = NULL;

  if (!cabine_mder_reader_u16 (r, what, &len, error) ||
      !cabine_mder_reader_bytes (r, len, what, &p, error))
    return NULL;
  while (len > 0 && (p[len - 1] == '\0' || p[len - 1] == ' '))
    len--;
  s = g_strndup ((const char *) p, len);
  return g_utf8_make_valid (s, -1);
}

static gboolean
handle_get_result (CabineAgentSession *self, const CabineApdu *apdu, GError **error)
{
  const CabineAva *model = cabine_apdu_find_ava (apdu->attributes, CABINE_MDC_ATTR_ID_MODEL);
  const CabineAva *spec = cabine_apdu_find_ava (apdu->attributes, CABINE_MDC_ATTR_ID_PROD_SPECN);
  CabineMderReader r;

  if (model != NULL)
    {
      g_autofree char *manufacturer = NULL, *model_number = NULL;

      cabine_mder_reader_init (&r, model->value, model->len, model->offset);
      if (!(manufacturer = octet_string (&r, "manufacturer", error)) ||
          !(model_number = octet_string (&r, "model-number", error)))
        return FALSE;
      g_free (self->manufacturer);
      self->manufacturer = g_steal_pointer (&manufacturer);
      g_free (self->model);
      self->model = g_steal_pointer (&model_number);
    }
  if (spec != NULL)
    {
      guint16 count, len;

      /* ProductionSpec (A.11.4): count, length, ProdSpecEntry { spec-type, component-id,
       * prod-spec }; spec-type 1 serial-number, 5 fw-revision */
      cabine_mder_reader_init (&r, spec->value, spec->len, spec->offset);
      if (!cabine_mder_reader_u16 (&r, "production-spec count", &count, error) ||
          !cabine_mder_reader_u16 (&r, "production-spec length", &len, error))
        return FALSE;
      for (guint i = 0; i < count; i++)
        {
          guint16 type, component;
          g_autofree char *value = NULL;

          if (!cabine_mder_reader_u16 (&r, "spec-type", &type, error) ||
              !cabine_mder_reader_u16 (&r, "component-id", &component, error) ||
              !(value = octet_string (&r, "prod-spec", error)))
            return FALSE;
          if (type == 1)
            {
              g_free (self->serial);
              self->serial = g_steal_pointer (&value);
            }
          else if (type == 5)
            {
              g_free (self->firmware);
              self->firmware = g_steal_pointer (&value);
            }
        }
    }
  return TRUE;
}

/* Decodes one fixed-format or variable-format observation into a measurement (appended to
 * @readings unless it carries no valid value). */
static gboolean
add_reading (CabineAgentSession *self, const CabineApdu *apdu, const CabineObjectSpec *spec,
             const CabineObservation *obs, gboolean fixed, GPtrArray *readings, GError **error)
{
  CabineDecodedValue v;
  CabineMeasurement *m;

  if (fixed ? !cabine_11073_decode_fixed (spec, obs, &v, error)
            : !cabine_11073_decode_var (spec, obs, &v, error))
    return FALSE;
  if (!v.known_kind || v.status != CABINE_MDER_NUMBER_VALID)
    {
      g_message ("handle %u: %s", obs->handle,
                 v.known_kind ? cabine_mder_number_status_to_string (v.status)
                              : "type not reported by this kiosk");
      cabine_decoded_value_clear (&v);
      return TRUE;
    }
  m = cabine_measurement_new (v.kind, v.values, v.n_values, v.time, apdu->raw);
  cabine_measurement_set_status (m, v.msmt_status);
  cabine_measurement_set_metric (m, obs->handle, spec->type_code,
                                 apdu->multi_person ? obs->person_id : 0xFFFF);
  cabine_measurement_set_source (m, "ieee11073-20601", self->transport, self->usb_vid,
                                 self->usb_pid, self->config.dev_config_id);
  cabine_measurement_set_device_info (m, self->manufacturer, self->model, self->serial,
                                      self->firmware);
  g_ptr_array_add (readings, m);
  cabine_decoded_value_clear (&v);
  return TRUE;
}

static gboolean
handle_scan_report (CabineAgentSession *self, const CabineApdu *apdu, GError **error)
{
  g_autoptr(GPtrArray) readings = g_ptr_array_new_with_free_func (g_object_unref);

  if (apdu->observations == NULL)
    {
      /* an event this manager does not turn into readings: answered below */
      g_message ("event report type 0x%04X answered but not turned into measurements",
                 apdu->event_type);
    }
  else if (apdu->obj_handle != 0 &&
           cabine_11073_config_find_scanner (&self->config, apdu->obj_handle) == NULL)
    {
      /* 20601 6.3.9: only the MDS (handle 0) and the configuration's scanners send scan reports */
      g_set_error (error, CABINE_MDER_ERROR, CABINE_MDER_ERROR_BAD_VALUE,
                   "scan report 0x%04X from obj-handle %u, neither the MDS nor a scanner of "
                   "configuration 0x%04X", apdu->event_type, apdu->obj_handle,
                   self->config.dev_config_id);
      return FALSE;
    }
  else
    {
      /* Decode everything first: a report is stored whole or not at all. */
      for (guint i = 0; i < apdu->observations->len; i++)
        {
          const CabineObservation *obs = &g_array_index (apdu->observations, CabineObservation, i);
          const CabineObjectSpec *spec;

          if (apdu->scan_format == CABINE_SCAN_FORMAT_GROUPED)
            {
              CabineObservation parts[CABINE_MAX_OBJECTS];
              CabineObjectSpec specs[CABINE_MAX_OBJECTS];
              guint n_parts;

              if (!cabine_11073_config_split_grouped (&self->config, obs, parts, specs, &n_parts,
                                                      error))
                return FALSE;
              for (guint j = 0; j < n_parts; j++)
                if (!add_reading (self, apdu, &specs[j], &parts[j], TRUE, readings, error))
                  return FALSE;
              continue;
            }
          spec = cabine_11073_config_find (&self->config, obs->handle);
          if (spec == NULL)
            {
              g_set_error (error, CABINE_MDER_ERROR, CABINE_MDER_ERROR_BAD_VALUE,
                           "offset %" G_GSIZE_FORMAT ": obj-handle %u is not in configuration 0x%04X",
                           obs->offset, obs->handle, self->config.dev_config_id);
              return FALSE;
            }
          if (!add_reading (self, apdu, spec, obs, apdu->scan_format == CABINE_SCAN_FORMAT_FIXED,
                            readings, error))
            return FALSE;
        }
    }

  /* Confirmed reports (roiv-cmip-confirmed-event-report) are answered with an empty
   * rors-cmip-confirmed-event-report naming the reporting object (the MDS or the scanner) and the
   * event type; unconfirmed ones (roiv-cmip-event-report) get no answer (20601 A.10.3). */
  if (apdu->data_choice == CABINE_DATA_ROIV_CONFIRMED_EVENT_REPORT)
    send (self, cabine_apdu_encode_event_report_response (apdu->invoke_id, apdu->obj_handle,
                                                          apdu->event_time, apdu->event_type,
                                                          NULL, 0));
  for (guint i = 0; i < readings->len && self->state == CABINE_AGENT_STATE_OPERATING; i++)
    g_signal_emit (self, signals[SIGNAL_MEASUREMENT], 0, g_ptr_array_index (readings, i));
  return TRUE;
}

/* A PRST in Configuring or Operating. Returns FALSE with @error for a protocol violation. */
static gboolean
handle_prst (CabineAgentSession *self, const CabineApdu *apdu, GError **error)
{
  gboolean is_report = apdu->data_choice == CABINE_DATA_ROIV_EVENT_REPORT ||
                       apdu->data_choice == CABINE_DATA_ROIV_CONFIRMED_EVENT_REPORT;

  if (self->state == CABINE_AGENT_STATE_CONFIGURING)
    {
      if (is_report && apdu->event_type == CABINE_MDC_NOTI_CONFIG)
        {
          handle_config (self, apdu);
          return TRUE;
        }
      g_set_error (error, CABINE_AGENT_SESSION_ERROR, CABINE_AGENT_SESSION_ERROR_PROTOCOL,
                   "DATA-apdu 0x%04X (event 0x%04X) while waiting for the configuration",
                   apdu->data_choice, apdu->event_type);
      return FALSE;
    }

  if (is_report && apdu->event_type != CABINE_MDC_NOTI_CONFIG)
    return handle_scan_report (self, apdu, error);

  if ((apdu->data_choice == CABINE_DATA_RORS_GET || apdu->data_choice == CABINE_DATA_ROER ||
       apdu->data_choice == CABINE_DATA_RORJ))
    {
      if (!self->get_pending || apdu->invoke_id != self->get_invoke_id)
        {
          g_message ("ignoring a response with invoke-id 0x%04X (expected %s0x%04X)",
                     apdu->invoke_id, self->get_pending ? "" : "none, last ", self->get_invoke_id);
          return TRUE;
        }
      self->get_pending = FALSE;
      stop_timer (self);
      if (apdu->data_choice == CABINE_DATA_RORS_GET)
        {
          if (!handle_get_result (self, apdu, error))
            return FALSE;
          g_signal_emit (self, signals[SIGNAL_MDS_RESULT], 0, NULL);
          return TRUE;
        }
      g_message ("the agent refused GET MDS (0x%04X, %u)", apdu->data_choice, apdu->error_value);
      {
        g_autoptr(GError) refused = g_error_new (CABINE_AGENT_SESSION_ERROR, CABINE_AGENT_SESSION_ERROR_REFUSED,
                                                 "the agent refused the GET (%s, error %u)",
                                                 apdu->data_choice == CABINE_DATA_ROER ? "roer" : "rorj",
                                                 apdu->error_value);
        g_signal_emit (self, signals[SIGNAL_MDS_RESULT], 0, refused);
      }
      return TRUE;
    }

  g_set_error (error, CABINE_AGENT_SESSION_ERROR, CABINE_AGENT_SESSION_ERROR_PROTOCOL,
               "unexpected DATA-apdu 0x%04X (event 0x%04X) in state %s", apdu->data_choice,
               apdu->event_type, cabine_agent_state_to_string (self->state));
  return FALSE;
}

gboolean
cabine_agent_session_receive (CabineAgentSession *self, const guint8 *data, gsize len,
                              GError **error)
{
  g_autoptr(GError) local = NULL;
  g_autoptr(CabineApdu) apdu = NULL;
  gboolean associated;

  g_return_val_if_fail (CABINE_IS_AGENT_SESSION (self), FALSE);
  associated = self->state == CABINE_AGENT_STATE_CONFIGURING ||
               self->state == CABINE_AGENT_STATE_OPERATING;

  apdu = cabine_apdu_decode (data, len, &local);
  if (apdu == NULL)
    goto abort;

  switch (apdu->choice)
    {
    case CABINE_APDU_AARQ:
      if (self->state == CABINE_AGENT_STATE_DISASSOCIATED)
        {
          handle_aarq (self, apdu);
          return TRUE;
        }
      local = g_error_new (CABINE_AGENT_SESSION_ERROR, CABINE_AGENT_SESSION_ERROR_PROTOCOL,
                           "AARQ in state %s", cabine_agent_state_to_string (self->state));
      goto abort;
    case CABINE_APDU_RLRQ:
      if (associated || self->state == CABINE_AGENT_STATE_DISASSOCIATING)
        {
          send (self, cabine_apdu_encode_rlre (CABINE_RELEASE_NORMAL));
          set_state (self, CABINE_AGENT_STATE_DISASSOCIATED);
          return TRUE;
        }
      break;
    case CABINE_APDU_RLRE:
      if (self->state == CABINE_AGENT_STATE_DISASSOCIATING)
        {
          set_state (self, CABINE_AGENT_STATE_DISASSOCIATED);
          return TRUE;
        }
      break;
    case CABINE_APDU_ABRT:
      {
        g_autoptr(GError) aborted = g_error_new (CABINE_AGENT_SESSION_ERROR,
                                                 CABINE_AGENT_SESSION_ERROR_ABORTED,
                                                 "the agent aborted (reason %u)", apdu->reason);
        set_state (self, CABINE_AGENT_STATE_DISASSOCIATED);
        g_signal_emit (self, signals[SIGNAL_ABORTED], 0, aborted);
        return TRUE;
      }
    case CABINE_APDU_PRST:
      if (associated)
        {
          if (handle_prst (self, apdu, &local))
            return TRUE;
          goto abort;
        }
      if (self->state == CABINE_AGENT_STATE_DISASSOCIATING)
        return TRUE;  /* 20601 Table E.2: ignored while releasing */
      break;
    default:
      break;
    }
  local = g_error_new (CABINE_AGENT_SESSION_ERROR, CABINE_AGENT_SESSION_ERROR_PROTOCOL,
                       "APDU 0x%04X not allowed in state %s", apdu->choice,
                       cabine_agent_state_to_string (self->state));

abort:
  abort_association (self, CABINE_ABORT_UNDEFINED, g_error_copy (local));
  g_propagate_error (error, g_steal_pointer (&local));
  return FALSE;
}

void
cabine_agent_session_start (CabineAgentSession *self)
{
  g_return_if_fail (CABINE_IS_AGENT_SESSION (self));
  if (self->state == CABINE_AGENT_STATE_DISASSOCIATED)
    arm_timer (self, self->association_ms);
}

void
cabine_agent_session_release (CabineAgentSession *self)
{
  g_return_if_fail (CABINE_IS_AGENT_SESSION (self));
  if (self->state != CABINE_AGENT_STATE_CONFIGURING && self->state != CABINE_AGENT_STATE_OPERATING)
    return;
  stop_timer (self);
  self->get_pending = FALSE;
  send (self, cabine_apdu_encode_rlrq (CABINE_RELEASE_NORMAL));
  set_state (self, CABINE_AGENT_STATE_DISASSOCIATING);
  arm_timer (self, self->response_ms);
}

void
cabine_agent_session_transport_lost (CabineAgentSession *self)
{
  g_return_if_fail (CABINE_IS_AGENT_SESSION (self));
  stop_timer (self);
  set_state (self, CABINE_AGENT_STATE_DISASSOCIATED);
}

CabineAgentState cabine_agent_session_get_state (CabineAgentSession *self) { return self->state; }

guint16
cabine_agent_session_get_dev_config_id (CabineAgentSession *self)
{
  return self->state == CABINE_AGENT_STATE_OPERATING ? self->config.dev_config_id
         : self->state == CABINE_AGENT_STATE_CONFIGURING ? self->pending_config_id : 0;
}

const char *cabine_agent_session_get_manufacturer (CabineAgentSession *self) { return self->manufacturer; }
const char *cabine_agent_session_get_model (CabineAgentSession *self) { return self->model; }
const char *cabine_agent_session_get_serial (CabineAgentSession *self) { return self->serial; }
const char *cabine_agent_session_get_firmware (CabineAgentSession *self) { return self->firmware; }

void
cabine_agent_session_set_source (CabineAgentSession *self, const char *transport,
                                 guint16 usb_vid, guint16 usb_pid)
{
  g_free (self->transport);
  self->transport = g_strdup (transport);
  self->usb_vid = usb_vid;
  self->usb_pid = usb_pid;
}

void
cabine_agent_session_set_state_dir (CabineAgentSession *self, const char *dir)
{
  g_return_if_fail (CABINE_IS_AGENT_SESSION (self));
  g_free (self->state_dir);
  self->state_dir = g_strdup (dir);
}

void
cabine_agent_session_set_timeouts (CabineAgentSession *self, guint association_ms,
                                   guint config_ms, guint response_ms)
{
  self->association_ms = association_ms;
  self->config_ms = config_ms;
  self->response_ms = response_ms;
}

static void
cabine_agent_session_finalize (GObject *object)
{
  CabineAgentSession *self = CABINE_AGENT_SESSION (object);

  stop_timer (self);
  g_free (self->transport);
  g_free (self->state_dir);
  g_free (self->manufacturer);
  g_free (self->model);
  g_free (self->serial);
  g_free (self->firmware);
  G_OBJECT_CLASS (cabine_agent_session_parent_class)->finalize (object);
}

static void
cabine_agent_session_class_init (CabineAgentSessionClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cabine_agent_session_finalize;

  signals[SIGNAL_SEND_APDU] = g_signal_new ("send-apdu", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                            0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BYTES);
  signals[SIGNAL_MEASUREMENT] = g_signal_new ("measurement", G_TYPE_FROM_CLASS (klass),
                                              G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE,
                                              1, CABINE_TYPE_MEASUREMENT);
  signals[SIGNAL_STATE_CHANGED] = g_signal_new ("state-changed", G_TYPE_FROM_CLASS (klass),
                                                G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                                G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);
  signals[SIGNAL_ABORTED] = g_signal_new ("aborted", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                                          G_TYPE_ERROR | G_SIGNAL_TYPE_STATIC_SCOPE);
  signals[SIGNAL_MDS_RESULT] = g_signal_new ("mds-result", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                             0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                                             G_TYPE_ERROR | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
cabine_agent_session_init (CabineAgentSession *self)
{
  self->association_ms = 10000;
  self->config_ms = 10000;
  self->response_ms = 3000;
  self->next_invoke_id = 0x0100;
  self->transport = g_strdup ("usb-phdc");
}

CabineAgentSession *
cabine_agent_session_new (const guint8 *manager_system_id)
{
  CabineAgentSession *self = g_object_new (CABINE_TYPE_AGENT_SESSION, NULL);

  memcpy (self->system_id, manager_system_id, 8);
  return self;
}
