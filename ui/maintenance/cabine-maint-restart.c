/* cabine-maint-restart.c: restarting the kiosk process in place (maintenance mode)
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "cabine-ui"

#include <errno.h>
#include <gio/gio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cabine-maint-restart.h"

G_DEFINE_QUARK (cabine-maint-restart-error-quark, cabine_maint_restart_error)

static char **restart_argv;

char **
cabine_maint_restart_parse_cmdline (const char  *data,
                                    gsize        len,
                                    GError     **error)
{
  g_autoptr(GStrvBuilder) builder = NULL;
  gsize start = 0;

  if (data == NULL || len == 0 || data[len - 1] != '\0' || data[0] == '\0')
    {
      g_set_error (error, CABINE_MAINT_RESTART_ERROR, CABINE_MAINT_RESTART_ERROR_BAD_CMDLINE,
                   "the command line is empty or not NUL-terminated (%" G_GSIZE_FORMAT " bytes)", len);
      return NULL;
    }
  builder = g_strv_builder_new ();
  for (gsize i = 0; i < len; i++)
    if (data[i] == '\0')
      {
        g_strv_builder_add (builder, data + start);
        start = i + 1;
      }
  return g_strv_builder_end (builder);
}

static void
reexec_at_exit (void)
{
  if (restart_argv == NULL)
    return;
  fflush (NULL);
  execv ("/proc/self/exe", restart_argv);
  /* Only reached on failure: the process exits as after a plain quit. */
  fprintf (stderr, "cabine: cannot restart: %s\n", strerror (errno));
}

gboolean
cabine_maint_restart (GError **error)
{
  GApplication *app = g_application_get_default ();
  g_autofree char *cmdline = NULL;
  gsize len = 0;
  char **argv;

  if (app == NULL)
    {
      g_set_error (error, CABINE_MAINT_RESTART_ERROR, CABINE_MAINT_RESTART_ERROR_NO_APPLICATION,
                   "no application to restart");
      return FALSE;
    }
  if (!g_file_get_contents ("/proc/self/cmdline", &cmdline, &len, error))
    return FALSE;
  argv = cabine_maint_restart_parse_cmdline (cmdline, len, error);
  if (argv == NULL)
    return FALSE;
  if (restart_argv == NULL)
    atexit (reexec_at_exit);
  g_strfreev (restart_argv);
  restart_argv = argv;
  g_message ("maintenance: the operator restarts the kiosk");
  g_application_quit (app);
  return TRUE;
}
