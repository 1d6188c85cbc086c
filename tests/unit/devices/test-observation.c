/* test-observation.c: every kind of CabineMeasurement as the kiosk's FHIR Observation and store
 * row (app/kiosk/cabine-observation.c), and the blood-pressure text of a CabineReading
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-observation"

#include <string.h>

#include "cabine-observation.h"
#include "cabine-reading.h"

static JsonObject *
parse (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static const char *
loinc_of (JsonObject *o)
{
  JsonArray *codings = json_object_get_array_member (json_object_get_object_member (o, "code"),
                                                     "coding");
  return json_object_get_string_member (json_array_get_object_element (codings, 0), "code");
}

static CabineMeasurement *
measurement (CabineMeasurementKind kind, const double *values, guint n, guint16 handle,
             guint16 mdc)
{
  g_autoptr(GDateTime) t = g_date_time_new_utc (2007, 12, 6, 12, 10, 0);
  CabineMeasurement *m = cabine_measurement_new (kind, values, n, t, NULL);

  cabine_measurement_set_source (m, "ieee11073-20601", "usb-phdc", 0x1209, 0x0002, 0x02BC);
  cabine_measurement_set_device_info (m, "Cabine Simulations", "SimPress 1", "SIM-0002", "1.0.0");
  cabine_measurement_set_metric (m, handle, mdc, 0xFFFF);
  return m;
}

static void
test_blood_pressure (void)
{
  static const double v[3] = { 120, 80, 100 };
  static const char * const loincs[3] = { "8480-6", "8462-4", "8478-0" };
  g_autoptr(CabineMeasurement) m = measurement (CABINE_MEASUREMENT_BLOOD_PRESSURE, v, 3, 1, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) res = NULL, prov = NULL;
  g_autoptr(CabineReading) reading = NULL;
  g_autofree char *text = NULL;
  CabineObservationDraft d;
  JsonArray *components;

  g_assert_true (cabine_observation_draft_init (&d, m, "id-1", "session-1", &error));
  g_assert_no_error (error);
  res = parse (d.stored.resource_json);
  g_assert_cmpstr (loinc_of (res), ==, "85354-9");
  g_assert_false (json_object_has_member (res, "valueQuantity"));
  components = json_object_get_array_member (res, "component");
  g_assert_cmpuint (json_array_get_length (components), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      JsonObject *c = json_array_get_object_element (components, i);
      JsonObject *q = json_object_get_object_member (c, "valueQuantity");

      g_assert_cmpstr (loinc_of (c), ==, loincs[i]);
      g_assert_cmpfloat (json_object_get_double_member (q, "value"), ==, v[i]);
      g_assert_cmpstr (json_object_get_string_member (q, "code"), ==, "mm[Hg]");
      g_assert_cmpstr (json_object_get_string_member (q, "system"), ==, "http://unitsofmeasure.org");
    }
  g_assert_nonnull (strstr (json_object_get_string_member (json_object_get_object_member (res, "device"),
                                                           "display"), "SIM-0002"));
  g_assert_cmpstr (json_object_get_string_member (res, "effectiveDateTime"), ==,
                   "2007-12-06T12:10:00.000Z");
  g_assert_cmpfloat (d.stored.value, ==, 120);
  g_assert_cmpstr (d.stored.ucum, ==, "mm[Hg]");
  prov = parse (d.stored.provenance_json);
  g_assert_cmpstr (json_object_get_string_member (prov, "usb"), ==, "1209:0002");
  g_assert_cmpstr (json_object_get_string_member (prov, "devConfigId"), ==, "0x02BC");
  g_assert_cmpint (json_object_get_int_member (prov, "handle"), ==, 1);

  reading = cabine_reading_new ("id-1", d.fhir.loinc_code, d.fhir.value, d.fhir.decimals,
                                d.fhir.ucum_code, d.fhir.unit_display, d.fhir.effective);
  cabine_reading_set_components (reading, v, 3);
  text = cabine_reading_format_value (reading);
  g_assert_cmpstr (text, ==, "120/80 mmHg");
  cabine_observation_draft_clear (&d);
}

static void
test_single_values (void)
{
  static const struct {
    CabineMeasurementKind kind;
    double value;
    guint16 mdc;
    const char *loinc, *ucum;
    guint mdc_out;
  } cases[] = {
    { CABINE_MEASUREMENT_BODY_TEMPERATURE, 37.2, 0, "8310-5", "Cel", 19292 },
    { CABINE_MEASUREMENT_SPO2, 97, 0x4BB8, "59408-5", "%", 0x4BB8 },
    { CABINE_MEASUREMENT_PULSE_RATE, 72, 0x481A, "8867-4", "/min", 0x481A },
    { CABINE_MEASUREMENT_PULSE_RATE, 64, 0, "8867-4", "/min", 0x482A },
    { CABINE_MEASUREMENT_BODY_WEIGHT, 72.5, 0xE140, "29463-7", "kg", 0xE140 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(CabineMeasurement) m = measurement (cases[i].kind, &cases[i].value, 1, 1,
                                                    cases[i].mdc);
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonObject) res = NULL;
      g_autofree char *mdc = g_strdup_printf ("%u", cases[i].mdc_out);
      CabineObservationDraft d;
      JsonObject *q;
      JsonArray *codings;

      g_assert_true (cabine_observation_draft_init (&d, m, "id", NULL, &error));
      g_assert_no_error (error);
      res = parse (d.stored.resource_json);
      g_assert_cmpstr (loinc_of (res), ==, cases[i].loinc);
      q = json_object_get_object_member (res, "valueQuantity");
      g_assert_cmpfloat_with_epsilon (json_object_get_double_member (q, "value"), cases[i].value, 1e-9);
      g_assert_cmpstr (json_object_get_string_member (q, "code"), ==, cases[i].ucum);
      codings = json_object_get_array_member (json_object_get_object_member (res, "code"), "coding");
      g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (codings, 1),
                                                      "code"), ==, mdc);
      g_assert_false (json_object_has_member (res, "component"));
      cabine_observation_draft_clear (&d);
    }
}

static void
test_bad_blood_pressure (void)
{
  /* A panel needs at least systolic and diastolic (an Omron unit reports no mean). */
  static const double v[1] = { 120 };
  g_autoptr(CabineMeasurement) m = measurement (CABINE_MEASUREMENT_BLOOD_PRESSURE, v, 1, 1, 0);
  g_autoptr(GError) error = NULL;
  CabineObservationDraft d;

  g_assert_false (cabine_observation_draft_init (&d, m, "id", NULL, &error));
  g_assert_error (error, CABINE_OBSERVATION_ERROR, CABINE_OBSERVATION_ERROR_UNSUPPORTED);
  cabine_observation_draft_clear (&d);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/devices/observation/blood-pressure", test_blood_pressure);
  g_test_add_func ("/devices/observation/single-values", test_single_values);
  g_test_add_func ("/devices/observation/bad-blood-pressure", test_bad_blood_pressure);
  return g_test_run ();
}
