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

gboolean
cabine_observation_draft_init (CabineObservationDraft *draft,
                               CabineMeasurement      *m,
                               const char             *id,
                               const char             *session_id,
                               GError                **error)
{
  g_autoptr(JsonObject) resource = NULL;
  GDateTime *device_time;

  memset (draft, 0, sizeof *draft);

  if (cabine_measurement_get_kind (m) != CABINE_MEASUREMENT_BODY_TEMPERATURE)
    {
      g_set_error (error, CABINE_OBSERVATION_ERROR, CABINE_OBSERVATION_ERROR_UNSUPPORTED,
                   "measurements of kind %d are not sent yet", cabine_measurement_get_kind (m));
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
  draft->fhir.display = "Body temperature";
  draft->fhir.mdc_code = cabine_measurement_get_mdc_code (m);
  draft->fhir.mdc_name = "MDC_TEMP_BODY";
  draft->fhir.value = cabine_measurement_get_value (m);
  draft->fhir.decimals = 1;
  draft->fhir.ucum_code = cabine_measurement_get_ucum_unit (m);
  draft->fhir.unit_display = "°C";
  draft->fhir.effective = draft->effective;
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
