/* test-fhir-encounter.c: how a consultation ended, in its FHIR Bundle's Encounter
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <string.h>

#include "cabine-fhir-bundle.h"

/* A record (data/protocol.md, "Records") with @end_reason and @end_detail (JSON text). */
static char *
make_record (const char *end_reason,
             const char *end_detail)
{
  return g_strdup_printf (
    "{\"recordVersion\":1,\"recordId\":\"rec-1\",\"sessionId\":\"rec-1\",\"kioskId\":\"cabin-01\","
    "\"hubSessionId\":\"7f0a3c1e-0000-4000-8000-00000000000a\",\"language\":\"fr\",\"reason\":\"Fièvre\","
    "\"queuedAt\":\"2026-11-29T12:00:00Z\",\"callStartedAt\":\"2026-11-29T12:01:00Z\","
    "\"endedAt\":\"2026-11-29T12:09:00Z\",\"endReason\":%s,\"endDetail\":%s,\"callStats\":null,"
    "\"patient\":{\"familyName\":\"Martin\",\"givenName\":\"Anne\",\"birthDate\":\"1950-03-14\","
    "\"sex\":\"female\",\"contact\":null},"
    "\"consent\":{\"textVersion\":\"2026-11-29\",\"language\":\"fr\",\"givenAt\":\"2026-11-29T12:00:00Z\"},"
    "\"questionnaire\":null,\"observations\":[],\"snapshots\":[],\"callEvents\":[],\"notes\":null}",
    end_reason, end_detail);
}

/* Validates @bundle with tests/fhir/validate.mjs (skips when node or its modules are missing). */
static void
validate (const char *bundle)
{
  g_autofree char *dir = g_dir_make_tmp ("cabine-fhir-enc-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "bundle.json", NULL);
  g_autofree char *script = g_build_filename (g_getenv ("CABINE_SOURCE_DIR"), "tests", "fhir",
                                              "validate.mjs", NULL);
  g_autofree char *modules = g_build_filename (g_getenv ("CABINE_SOURCE_DIR"), "tests", "fhir",
                                               "node_modules", NULL);
  g_autofree char *node = g_find_program_in_path ("node");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *cmd = NULL;
  int status = 0;

  if (node == NULL || !g_file_test (modules, G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("node or tests/fhir/node_modules missing (packaging/deps.sh installs them)");
      return;
    }
  g_assert_true (g_file_set_contents (path, bundle, -1, NULL));
  cmd = g_strdup_printf ("'%s' '%s' '%s'", node, script, path);
  g_assert_true (g_spawn_command_line_sync (cmd, &out, &err, &status, NULL));
  g_test_message ("validator: %s%s", out, err);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_nonnull (strstr (out, "\"ok\":true"));
  g_unlink (path);
  g_rmdir (dir);
}

static void
test_interrupted (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *record = make_record ("\"interrupted\"",
                                         "\"The kiosk restarted during the consultation.\"");
  g_autofree char *bundle = cabine_fhir_bundle_from_record_text (record, &error);

  g_assert_no_error (error);
  g_assert_nonnull (bundle);
  g_assert_null (strstr (bundle, "\"status\" : \"finished\""));
  g_assert_nonnull (strstr (bundle, "\"status\" : \"unknown\""));
  g_assert_nonnull (strstr (bundle, "\"url\" : \"" CABINE_FHIR_EXTENSION_END_REASON "\""));
  g_assert_nonnull (strstr (bundle, "\"valueCode\" : \"interrupted\""));
  g_assert_nonnull (strstr (bundle, "\"url\" : \"" CABINE_FHIR_EXTENSION_END_DETAIL "\""));
  g_assert_nonnull (strstr (bundle, "\"valueString\" : \"The kiosk restarted during the consultation.\""));
  validate (bundle);
}

static void
test_normal_end (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *record = make_record ("\"physician-ended\"", "null");
  g_autofree char *bundle = cabine_fhir_bundle_from_record_text (record, &error);

  g_assert_no_error (error);
  g_assert_nonnull (strstr (bundle, "\"status\" : \"finished\""));
  g_assert_nonnull (strstr (bundle, "\"valueCode\" : \"physician-ended\""));
  g_assert_null (strstr (bundle, CABINE_FHIR_EXTENSION_END_DETAIL));
  validate (bundle);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/fhir/encounter/interrupted", test_interrupted);
  g_test_add_func ("/fhir/encounter/normal-end", test_normal_end);
  return g_test_run ();
}
