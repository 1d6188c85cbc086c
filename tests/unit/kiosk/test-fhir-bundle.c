/* test-fhir-bundle.c: a consultation's FHIR R4 Bundle, validated by tests/fhir/validate.mjs
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include <glib/gstdio.h>

#include "cabine-fhir-bundle.h"
#include "cabine-protocol.h"
#include "cabine-store.h"

#define OBS1 "6c1f1f0e-8d52-4d0b-a4a1-2b5a3f7e9c01"
#define OBS2 "6c1f1f0e-8d52-4d0b-a4a1-2b5a3f7e9c02"

static char *
make_record (const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *db = g_build_filename (dir, "kiosk.db", NULL);
  g_autoptr(CabineStore) store = cabine_store_open (db, &error);
  g_autoptr(GBytes) raw = g_bytes_new_static ("\xe7\x00\x01\x02", 4);
  g_autoptr(GBytes) jpeg = g_bytes_new_static ("\xff\xd8\xff\xe0 not really a jpeg", 22);
  CabineStoredPatient patient = { "Martin", "Jeanne", "1948-02-29", "female", "+33 6 00 00 00 00" };
  CabineStoredObservation t = {
    .id = OBS1, .session_id = "k1", .loinc = "8310-5", .mdc_code = 19292, .value = 37.2,
    .ucum = "Cel", .device_time = "2026-11-29T12:03:10+01:00", .received_at = "2026-11-29T11:03:10.412Z",
    .provenance_json = "{\"manufacturer\":\"Cabine\",\"model\":\"Thermometer (simulated)\","
                       "\"serial\":\"00-01\",\"firmware\":\"1.0\",\"usb\":\"1d6b:0104\","
                       "\"driver\":\"ieee11073-20601\"}",
    .raw_frame = raw,
    .resource_json =
      "{\"resourceType\":\"Observation\",\"id\":\"" OBS1 "\",\"status\":\"final\","
      "\"category\":[{\"coding\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/observation-category\","
      "\"code\":\"vital-signs\",\"display\":\"Vital Signs\"}]}],"
      "\"code\":{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"8310-5\",\"display\":\"Body temperature\"},"
      "{\"system\":\"urn:iso:std:iso:11073:10101\",\"code\":\"19292\",\"display\":\"MDC_TEMP_BODY\"}],"
      "\"text\":\"Body temperature\"},\"effectiveDateTime\":\"2026-11-29T12:03:10+01:00\","
      "\"issued\":\"2026-11-29T11:03:10.412Z\",\"valueQuantity\":{\"value\":37.2,\"unit\":\"°C\","
      "\"system\":\"http://unitsofmeasure.org\",\"code\":\"Cel\"},"
      "\"device\":{\"display\":\"Cabine thermometer (simulated)\"}}",
  };
  CabineStoredObservation w = t;
  char *record;

  w.id = OBS2;
  w.loinc = "29463-7";
  w.mdc_code = 57664;
  w.value = 72.35;
  w.ucum = "kg";
  w.raw_frame = NULL;
  w.provenance_json = "{\"manufacturer\":\"Cabine\",\"model\":\"Scale (simulated)\",\"serial\":\"00-02\"}";
  w.resource_json =
      "{\"resourceType\":\"Observation\",\"id\":\"" OBS2 "\",\"status\":\"final\","
      "\"code\":{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"29463-7\",\"display\":\"Body weight\"},"
      "{\"system\":\"urn:iso:std:iso:11073:10101\",\"code\":\"57664\",\"display\":\"MDC_MASS_BODY_ACTUAL\"}]},"
      "\"effectiveDateTime\":\"2026-11-29T12:04:00+01:00\",\"valueQuantity\":{\"value\":72.35,"
      "\"unit\":\"kg\",\"system\":\"http://unitsofmeasure.org\",\"code\":\"kg\"}}";

  g_assert_no_error (error);
  g_assert_true (cabine_store_begin_session (store, "k1", "cabin-01", "fr", "Fièvre", &error));
  g_assert_true (cabine_store_set_patient (store, "k1", &patient, &error));
  g_assert_true (cabine_store_set_consent (store, "k1", "2026-11-01", "fr", &error));
  g_assert_true (cabine_store_set_hub_session_id (store, "k1", "7f0a3c1e-0000-4000-8000-00000000000a", &error));
  g_assert_true (cabine_store_mark_call_started (store, "k1", &error));
  g_assert_true (cabine_store_add_observation (store, &t, &error));
  g_assert_true (cabine_store_add_observation (store, &w, &error));
  g_assert_true (cabine_store_add_snapshot (store, "k1", "5d6e7f80-0000-4000-8000-000000000001",
                                            "image/jpeg", "otoscope", jpeg, &error));
  g_assert_true (cabine_store_end_session (store, "k1", "physician-ended", &error));
  record = cabine_store_build_record (store, "k1", &error);
  g_assert_no_error (error);
  return record;
}

static int
count (const char *haystack, const char *needle)
{
  int n = 0;

  for (const char *p = strstr (haystack, needle); p != NULL; p = strstr (p + 1, needle))
    n++;
  return n;
}

/* The record as the hub serves it to the physician: with their notes (app/hub/cabine-hub-records.h). */
static char *
with_notes (char *record /* transfer full */)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *notes = json_object_new ();
  JsonNode *root;

  g_assert_true (json_parser_load_from_data (parser, record, -1, NULL));
  g_free (record);
  root = json_parser_get_root (parser);
  json_object_set_string_member (notes, "text", "Otite moyenne aiguë droite.\nAmoxicilline 7 jours; revoir si fièvre > 48 h.");
  json_object_set_string_member (notes, "author", "Dr Demo");
  json_object_set_string_member (notes, "updatedAt", "2026-11-29T12:10:00Z");
  json_object_set_object_member (json_node_get_object (root), "notes", notes);
  return cabine_json_to_string (root, FALSE);   /* as the hub does: numbers keep their text */
}

static void
test_bundle (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("cabine-fhir-XXXXXX", NULL);
  g_autofree char *record = with_notes (make_record (dir));
  g_autofree char *bundle = cabine_fhir_bundle_from_record_text (record, &error);
  g_autofree char *again = cabine_fhir_bundle_from_record_text (record, NULL);
  g_autofree char *record_path = g_build_filename (dir, "record.json", NULL);
  g_autofree char *bundle_path = g_build_filename (dir, "bundle.json", NULL);
  g_autofree char *script = g_build_filename (g_getenv ("CABINE_SOURCE_DIR"), "tests", "fhir",
                                              "validate.mjs", NULL);
  g_autofree char *modules = g_build_filename (g_getenv ("CABINE_SOURCE_DIR"), "tests", "fhir",
                                               "node_modules", NULL);
  g_autofree char *node = g_find_program_in_path ("node");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *cmd = NULL;
  int status = 0;

  g_assert_no_error (error);
  g_assert_cmpstr (bundle, ==, again);  /* same record, same Bundle */
  g_assert_cmpint (count (bundle, "\"resourceType\" : \"Device\""), ==, 2);
  g_assert_cmpint (count (bundle, "\"resourceType\" : \"Observation\""), ==, 2);
  g_assert_cmpint (count (bundle, "\"resourceType\" : \"Media\""), ==, 1);
  g_assert_cmpint (count (bundle, "\"resourceType\" : \"Consent\""), ==, 1);
  g_assert_cmpint (count (bundle, "\"resourceType\" : \"ClinicalImpression\""), ==, 1);
  g_assert_cmpint (count (bundle, "\"summary\" : \"Otite moyenne aiguë droite.\\nAmoxicilline 7 jours; revoir si fièvre > 48 h.\""), ==, 1);
  /* The value text is the shortest that reads back as the same double (cabine_json_to_string),
   * in the record (stored value and resource) and in the Bundle alike. */
  for (guint i = 0; i < 2; i++)
    {
      const char *text = i == 0 ? "37.2" : "72.35";
      g_autofree char *in_record = g_strdup_printf ("\"value\":%s", text);
      g_autofree char *in_bundle = g_strdup_printf ("\"value\" : %s,", text);

      g_assert_cmpint (count (record, in_record), ==, 2);  /* stored value and resource */
      g_assert_cmpint (count (bundle, in_bundle), ==, 1);
    }
  g_assert_true (g_file_set_contents (record_path, record, -1, NULL));
  g_assert_true (g_file_set_contents (bundle_path, bundle, -1, NULL));

  /* Malformed records get precise errors. */
  g_assert_null (cabine_fhir_bundle_from_record_text ("[]", &error));
  g_assert_error (error, CABINE_FHIR_BUNDLE_ERROR, CABINE_FHIR_BUNDLE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (cabine_fhir_bundle_from_record_text ("{\"recordId\":\"r\",\"patient\":3}", &error));
  g_assert_error (error, CABINE_FHIR_BUNDLE_ERROR, CABINE_FHIR_BUNDLE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (cabine_fhir_bundle_from_record_text ("{\"recordId\":\"r\",\"snapshots\":[1]}", &error));
  g_assert_error (error, CABINE_FHIR_BUNDLE_ERROR, CABINE_FHIR_BUNDLE_ERROR_INVALID);
  g_clear_error (&error);

  if (node == NULL || !g_file_test (modules, G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("node or tests/fhir/node_modules missing (packaging/deps.sh installs them)");
      return;
    }
  cmd = g_strdup_printf ("'%s' '%s' '%s' '%s'", node, script, bundle_path, record_path);
  g_assert_true (g_spawn_command_line_sync (cmd, &out, &err, &status, NULL));
  g_test_message ("validator: %s%s", out, err);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_nonnull (strstr (out, "\"ok\":true"));
  g_assert_nonnull (strstr (out, "\"compared\":2"));

  /* The validators do refuse a wrong Bundle: a gender outside the code list, a changed value. */
  {
    g_autoptr(GString) broken = g_string_new (bundle);
    g_autofree char *broken_out = NULL;

    g_assert_cmpuint (g_string_replace (broken, "\"gender\" : \"female\"", "\"gender\" : \"f\"", 1), ==, 1);
    g_assert_cmpuint (g_string_replace (broken, "\"value\" : 72.35,", "\"value\" : 72.350,", 1), ==, 1);
    g_assert_true (g_file_set_contents (bundle_path, broken->str, -1, NULL));
    g_clear_pointer (&err, g_free);
    g_assert_true (g_spawn_command_line_sync (cmd, &broken_out, &err, &status, NULL));
    g_test_message ("validator on a broken Bundle: %s", broken_out);
    g_assert_false (g_spawn_check_wait_status (status, NULL));
    g_assert_nonnull (strstr (broken_out, "gender"));
    g_assert_nonnull (strstr (broken_out, "value text"));
  }
  /* … and notes that are not those of the record. */
  {
    g_autoptr(GString) broken = g_string_new (bundle);
    g_autofree char *broken_out = NULL;

    g_assert_cmpuint (g_string_replace (broken, "revoir si fièvre", "revoir si toux", 1), ==, 1);
    g_assert_true (g_file_set_contents (bundle_path, broken->str, -1, NULL));
    g_clear_pointer (&err, g_free);
    g_assert_true (g_spawn_command_line_sync (cmd, &broken_out, &err, &status, NULL));
    g_assert_false (g_spawn_check_wait_status (status, NULL));
    g_assert_nonnull (strstr (broken_out, "not the notes text"));
  }
  g_free (cmd);
  cmd = g_strdup_printf ("rm -rf '%s'", dir);
  g_assert_cmpint (system (cmd), ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/fhir/bundle", test_bundle);
  return g_test_run ();
}
