/* test-config-cameras.c: the kiosk configuration's [cameras] group
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-config-cameras"

#include <string.h>

#include <glib/gstdio.h>

#include "config-fixture.h"

static CabineConfig *
load (const char  *cameras,
      GError     **error)
{
  return config_fixture_load ("cameras", cameras, error);
}

static void
test_valid (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CabineConfig) config = load ("otoscope=0BDA:5830\ndermatoscope= name:Derma Scope \n",
                                         &error);
  g_autofree char *otoscope = NULL;
  g_autofree char *dermatoscope = NULL;
  g_autofree char *room = NULL;

  g_assert_no_error (error);
  otoscope = cabine_config_get_camera_rule (config, "otoscope");
  dermatoscope = cabine_config_get_camera_rule (config, "dermatoscope");
  room = cabine_config_get_camera_rule (config, "room");
  g_assert_cmpstr (otoscope, ==, "0BDA:5830");
  g_assert_cmpstr (dermatoscope, ==, "name:Derma Scope");
  g_assert_null (room);
}

static void
test_invalid (void)
{
  const char *bad[] = {
    "otoscope=0bda\n",                               /* no product id */
    "otoscope=0bda:58300\n",                         /* 5 digits */
    "otoscope=name:\n",                              /* empty name */
    "otoscope=\n",                                   /* empty */
    "periscope=0bda:5830\n",                         /* unknown role */
    "otoscope=0bda:5830\ndermatoscope=0BDA:5830\n",  /* the same camera twice */
    "room=name:Cam\notoscope=name:cam\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(CabineConfig) config = load (bad[i], &error);

      g_assert_null (config);
      g_assert_error (error, CABINE_CONFIG_ERROR, CABINE_CONFIG_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, "[cameras]"));
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/config/cameras/valid", test_valid);
  g_test_add_func ("/config/cameras/invalid", test_invalid);
  return g_test_run ();
}
