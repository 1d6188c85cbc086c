/* cabine-observation.c: a device's measurement as the kiosk stores and sends it
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "cabine-observation"

#include <string.h>

#include "cabine-observation.h"
#include "cabine-protocol.h"

G_DEFINE_QUARK (cabine-observation-error-quark, cabine_observation_error)

static const char *
own (CabineObservationDraft *draft,
     char                   *text)
{
  g_ptr_array_add (draft->owned, text);
  return text;
}

static void
add_string (JsonObject *obj,
            const char *key,
            const char *value)
{
  if (value != NULL)
    json_object_set_string_member (obj, key, value);
}

static char *
provenance_json (CabineMeasurement *m)
{
  g_autoptr(JsonObject) p = json_object_new ();
  g_autofree char *usb = NULL;
  g_autofree char *config = g_strdup_printf ("0x%04X", cabine_measurement_get_dev_config_id (m));
  g_autofree char *status = g_strdup_printf ("0x%04X", cabine_measurement_get_status (m));

  add_string (p, "manufacturer", cabine_measurement_get_manufacturer (m));
  add_string (p, "model", cabine_measurement_get_model (m));
  add_string (p, "serial", cabine_measurement_get_serial (m));
  add_string (p, "firmware", cabine_measurement_get_firmware (m));
  if (cabine_measurement_get_usb_vid (m) != 0 || cabine_measurement_get_usb_pid (m) != 0)
    {
      usb = g_strdup_printf ("%04x:%04x", cabine_measurement_get_usb_vid (m),
                             cabine_measurement_get_usb_pid (m));
      json_object_set_string_member (p, "usb", usb);
    }
  add_string (p, "driver", cabine_measurement_get_driver (m));
  add_string (p, "transport", cabine_measurement_get_transport (m));
  json_object_set_string_member (p, "devConfigId", config);
  json_object_set_string_member (p, "measurementStatus", status);
  if (cabine_measurement_get_handle (m) != 0)
    json_object_set_int_member (p, "handle", cabine_measurement_get_handle (m));
  if (cabine_measurement_get_person_id (m) != 0xFFFF)
    json_object_set_int_member (p, "personId", cabine_measurement_get_person_id (m));
  return cabine_protocol_serialize (p);
}

static char *
device_display (CabineMeasurement *m)
{
  GString *s = g_string_new (NULL);
  const char *manufacturer = cabine_measurement_get_manufacturer (m);
  const char *model = cabine_measurement_get_model (m);

  if (manufacturer != NULL)
    g_string_append_printf (s, "%s ", manufacturer);
  g_string_append (s, model != NULL ? model : "instrument");
  if (cabine_measurement_get_serial (m) != NULL)
    g_string_append_printf (s, " s/n %s", cabine_measurement_get_serial (m));
  if (cabine_measurement_get_transport (m) != NULL)
    g_string_append_printf (s, " via %s", cabine_measurement_get_transport (m));
  if (cabine_measurement_get_usb_vid (m) != 0 || cabine_measurement_get_usb_pid (m) != 0)
    g_string_append_printf (s, " %04x:%04x", cabine_measurement_get_usb_vid (m),
                            cabine_measurement_get_usb_pid (m));
  return g_string_free (s, FALSE);
}

/* How each kind is expressed (DESIGN.md "Codes"): LOINC display, precision the instruments resolve,
 * human unit. MDC reference ids from IEEE 11073-10101. */
static const struct {
  const char *display;
  const char *mdc_name;
  int decimals;
  const char *unit_display;
} kinds[] = {
  [CABINE_MEASUREMENT_BODY_TEMPERATURE] = { "Body temperature", "MDC_TEMP_BODY", 1, "°C" },
  [CABINE_MEASUREMENT_BLOOD_PRESSURE] = { "Blood pressure panel with all children optional",
                                          "MDC_PRESS_BLD_NONINV", 0, "mmHg" },
  [CABINE_MEASUREMENT_PULSE_RATE] = { "Heart rate", "MDC_PULS_RATE_NON_INV", 0, "/min" },
  [CABINE_MEASUREMENT_SPO2] = { "Oxygen saturation in Arterial blood by Pulse oximetry",
                                "MDC_PULS_OXIM_SAT_O2", 0, "%" },
  [CABINE_MEASUREMENT_BODY_WEIGHT] = { "Body weight", "MDC_MASS_BODY_ACTUAL", 1, "kg" },
};

/* The blood-pressure panel's components, in the order of the compound value (10407 6.3). */
static const CabineFhirComponent bp_components[3] = {
  { "8480-6", "Systolic blood pressure", 0x4A05, "MDC_PRESS_BLD_NONINV_SYS", 0 },
  { "8462-4", "Diastolic blood pressure", 0x4A06, "MDC_PRESS_BLD_NONINV_DIA", 0 },
  { "8478-0", "Mean blood pressure", 0x4A07, "MDC_PRESS_BLD_NONINV_MEAN", 0 },
};

gboolean
cabine_observation_draft_init (CabineObservationDraft *draft,
                               CabineMeasurement      *m,
                               const char             *id,
                               const char             *session_id,
                               GError                **error)
{
  g_autoptr(JsonObject) resource = NULL;
  GDateTime *device_time;
  CabineMeasurementKind kind = cabine_measurement_get_kind (m);
  const double *values;
  guint n_values;

  memset (draft, 0, sizeof *draft);

  values = cabine_measurement_get_values (m, &n_values);
  if ((guint) kind >= G_N_ELEMENTS (kinds) ||
      (kind == CABINE_MEASUREMENT_BLOOD_PRESSURE && (n_values < 2 || n_values > 3)))
    {
      g_set_error (error, CABINE_OBSERVATION_ERROR, CABINE_OBSERVATION_ERROR_UNSUPPORTED,
                   "cannot express a measurement of kind %d with %u values as an Observation",
                   kind, n_values);
      return FALSE;
    }

  draft->owned = g_ptr_array_new_with_free_func (g_free);
  device_time = cabine_measurement_get_device_time (m);
  draft->effective = device_time != NULL ? g_date_time_ref (device_time) : NULL;
  draft->issued = g_date_time_ref (cabine_measurement_get_receive_time (m));
  draft->raw_frame = cabine_measurement_get_raw_frame (m) != NULL
                       ? g_bytes_ref (cabine_measurement_get_raw_frame (m)) : NULL;

  draft->fhir.id = own (draft, g_strdup (id));
  draft->fhir.loinc_code = cabine_measurement_get_loinc_code (m);
  draft->fhir.display = kinds[kind].display;
  draft->fhir.mdc_code = cabine_measurement_get_mdc_code (m);
  draft->fhir.mdc_name = draft->fhir.mdc_code == 0x481A ? "MDC_PULS_OXIM_PULS_RATE"
                                                        : kinds[kind].mdc_name;
  draft->fhir.value = values[0];
  draft->fhir.decimals = kinds[kind].decimals;
  draft->fhir.ucum_code = cabine_measurement_get_ucum_unit (m);
  draft->fhir.unit_display = kinds[kind].unit_display;
  if (kind == CABINE_MEASUREMENT_BLOOD_PRESSURE)
    {
      memcpy (draft->components, bp_components, sizeof bp_components);
      /* systolic, diastolic and, when the device measured it, the mean (Omron HID: none) */
      for (guint i = 0; i < n_values; i++)
        draft->components[i].value = values[i];
      draft->fhir.components = draft->components;
      draft->fhir.n_components = n_values;
    }
  /* FHIR's vital-signs profile requires effective[x]. An agent without a clock (e.g. the pulse
   * oximeter's standard configuration 0x0190) gives no time stamp: the kiosk's receive time
   * stands in, while the store keeps device_time empty, as the device sent it. */
  draft->fhir.effective = draft->effective != NULL ? draft->effective : draft->issued;
  draft->fhir.issued = draft->issued;
  draft->fhir.device_display = own (draft, device_display (m));
  draft->fhir.session_id = session_id != NULL ? own (draft, g_strdup (session_id)) : NULL;

  resource = cabine_fhir_observation_to_json (&draft->fhir);

  draft->stored.id = draft->fhir.id;
  draft->stored.session_id = draft->fhir.session_id;
  draft->stored.loinc = draft->fhir.loinc_code;
  draft->stored.mdc_code = draft->fhir.mdc_code;
  draft->stored.value = draft->fhir.value;
  draft->stored.ucum = draft->fhir.ucum_code;
  draft->stored.device_time = draft->effective != NULL
                                ? own (draft, cabine_fhir_format_datetime (draft->effective)) : NULL;
  draft->stored.received_at = own (draft, cabine_fhir_format_datetime (draft->issued));
  draft->stored.provenance_json = own (draft, provenance_json (m));
  draft->stored.raw_frame = draft->raw_frame;
  draft->stored.resource_json = own (draft, cabine_protocol_serialize (resource));
  return TRUE;
}

void
cabine_observation_draft_clear (CabineObservationDraft *draft)
{
  g_clear_pointer (&draft->owned, g_ptr_array_unref);
  g_clear_pointer (&draft->effective, g_date_time_unref);
  g_clear_pointer (&draft->issued, g_date_time_unref);
  g_clear_pointer (&draft->raw_frame, g_bytes_unref);
  memset (draft, 0, sizeof *draft);
}
