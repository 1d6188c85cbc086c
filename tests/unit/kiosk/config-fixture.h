/* config-fixture.h: a kiosk configuration loaded from text, for the configuration tests
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib/gstdio.h>

#include "cabine-config.h"

/* Loads a configuration with the required [kiosk] keys and @body in [@group], written to a
 * temporary file that is removed before returning. Returns: (transfer full) (nullable): as
 * cabine_config_new_from_file(). */
static inline CabineConfig *
config_fixture_load (const char  *group,
                     const char  *body,
                     GError     **error)
{
  g_autofree char *dir = g_dir_make_tmp ("cabine-config-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "kiosk.conf", NULL);
  g_autofree char *text = g_strdup_printf ("[kiosk]\nid=cabin-01\ntoken=t\n\n[%s]\n%s", group, body);
  CabineConfig *config;

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  config = cabine_config_new_from_file (path, error);
  g_unlink (path);
  g_rmdir (dir);
  return config;
}
