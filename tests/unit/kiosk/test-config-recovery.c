/* test-config-recovery.c: the kiosk configuration's [media] call-recovery-seconds
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-config-recovery"

#include <string.h>

#include <glib/gstdio.h>

#include "config-fixture.h"

static CabineConfig *
load (const char  *media,
      GError     **error)
{
  return config_fixture_load ("media", media, error);
}

static void
test_values (void)
{
  struct { const char *text; guint seconds; } cases[] = {
    { "", CABINE_CONFIG_CALL_RECOVERY_DEFAULT_S },
    { "call-recovery-seconds=0\n", 0 },          /* recovery disabled */
    { "call-recovery-seconds=90\n", 90 },
    { "call-recovery-seconds=600\n", 600 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(CabineConfig) config = load (cases[i].text, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (cabine_config_get_call_recovery_seconds (config), ==, cases[i].seconds);
    }
}

static void
test_invalid (void)
{
  const char *bad[] = {
    "call-recovery-seconds=601\n",
    "call-recovery-seconds=-1\n",
    "call-recovery-seconds=soon\n",
    "call-recovery-seconds=\n",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(CabineConfig) config = load (bad[i], &error);

      g_assert_null (config);
      g_assert_nonnull (error);
      g_assert_nonnull (strstr (error->message, "call-recovery-seconds"));
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/config/call-recovery/values", test_values);
  g_test_add_func ("/config/call-recovery/invalid", test_invalid);
  return g_test_run ();
}
