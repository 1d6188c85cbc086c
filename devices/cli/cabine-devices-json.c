/* cabine-devices-json.c: readings and device events as JSON lines (cabine-devices)
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "cabine-devices"

#include <stdio.h>

#include "cabine-devices-json.h"
#include "cabine-protocol.h"

const char *
cabine_devices_kind_name (CabineMeasurementKind kind)
{
  static const char * const names[] = {
    [CABINE_MEASUREMENT_BODY_TEMPERATURE] = "body-temperature",
    [CABINE_MEASUREMENT_BLOOD_PRESSURE] = "blood-pressure",
    [CABINE_MEASUREMENT_PULSE_RATE] = "pulse-rate",
    [CABINE_MEASUREMENT_SPO2] = "spo2",
    [CABINE_MEASUREMENT_BODY_WEIGHT] = "body-weight",
  };
  return (guint) kind < G_N_ELEMENTS (names) ? names[kind] : "unknown";
}

static void
add_string (JsonObject *obj, const char *key, const char *value)
{
  if (value != NULL)
    json_object_set_string_member (obj, key, value);
}

/* AbsoluteTime has no zone: print the wall clock, with hundredths when there are any. */
static char *
device_time_string (GDateTime *t)
{
  g_autofree char *base = g_date_time_format (t, "%Y-%m-%dT%H:%M:%S");
  int hundredths = g_date_time_get_microsecond (t) / 10000;

  if (hundredths == 0)
    return g_steal_pointer (&base);
  return g_strdup_printf ("%s.%02d", base, hundredths);
}

JsonObject *
cabine_devices_measurement_to_json (CabineMeasurement *m)
{
  /* IEEE 11073-10101 / LOINC of the compound blood-pressure value, in 10407 order */
  static const struct { guint mdc; const char *loinc, *name; } bp[] = {
    { 0x4A05, "8480-6", "systolic" },
    { 0x4A06, "8462-4", "diastolic" },
    { 0x4A07, "8478-0", "mean" },
  };
  JsonObject *o = json_object_new ();
  CabineMeasurementKind kind = cabine_measurement_get_kind (m);
  const double *values;
  guint n;
  g_autofree char *config = g_strdup_printf ("0x%04X", cabine_measurement_get_dev_config_id (m));
  g_autofree char *status = g_strdup_printf ("0x%04X", cabine_measurement_get_status (m));
  g_autofree char *received = g_date_time_format_iso8601 (cabine_measurement_get_receive_time (m));

  values = cabine_measurement_get_values (m, &n);
  json_object_set_string_member (o, "kind", cabine_devices_kind_name (kind));
  json_object_set_int_member (o, "mdc", cabine_measurement_get_mdc_code (m));
  json_object_set_string_member (o, "loinc", cabine_measurement_get_loinc_code (m));
  json_object_set_string_member (o, "unit", cabine_measurement_get_ucum_unit (m));
  if (kind == CABINE_MEASUREMENT_BLOOD_PRESSURE)
    {
      JsonArray *components = json_array_new ();

      for (guint i = 0; i < n && i < G_N_ELEMENTS (bp); i++)
        {
          JsonObject *c = json_object_new ();

          json_object_set_string_member (c, "name", bp[i].name);
          json_object_set_int_member (c, "mdc", bp[i].mdc);
          json_object_set_string_member (c, "loinc", bp[i].loinc);
          json_object_set_double_member (c, "value", values[i]);
          json_array_add_object_element (components, c);
        }
      json_object_set_array_member (o, "components", components);
    }
  else
    json_object_set_double_member (o, "value", values[0]);
  if (cabine_measurement_get_device_time (m) != NULL)
    {
      g_autofree char *t = device_time_string (cabine_measurement_get_device_time (m));
      json_object_set_string_member (o, "time", t);
    }
  json_object_set_int_member (o, "handle", cabine_measurement_get_handle (m));
  if (cabine_measurement_get_person_id (m) != 0xFFFF)
    json_object_set_int_member (o, "personId", cabine_measurement_get_person_id (m));
  json_object_set_string_member (o, "devConfigId", config);
  json_object_set_string_member (o, "measurementStatus", status);
  add_string (o, "manufacturer", cabine_measurement_get_manufacturer (m));
  add_string (o, "model", cabine_measurement_get_model (m));
  add_string (o, "serial", cabine_measurement_get_serial (m));
  add_string (o, "firmware", cabine_measurement_get_firmware (m));
  if (cabine_measurement_get_usb_vid (m) != 0 || cabine_measurement_get_usb_pid (m) != 0)
    {
      g_autofree char *usb = g_strdup_printf ("%04x:%04x", cabine_measurement_get_usb_vid (m),
                                              cabine_measurement_get_usb_pid (m));
      json_object_set_string_member (o, "usb", usb);
    }
  add_string (o, "driver", cabine_measurement_get_driver (m));
  add_string (o, "transport", cabine_measurement_get_transport (m));
  json_object_set_string_member (o, "receivedAt", received);
  return o;
}

void
cabine_devices_print_json (JsonObject *obj)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *text = NULL;

  json_node_set_object (node, obj);
  text = cabine_json_to_string (node, FALSE);   /* "36.6", not json-glib's 17 digits */
  fputs (text, stdout);
  fputc ('\n', stdout);
  fflush (stdout);
}
