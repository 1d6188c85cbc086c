/* cabine-maint-restart.h: restarting the kiosk process in place (maintenance mode)
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A restart is a clean quit (the application's main loop ends, main() releases the session, the
 * store and the USB devices) followed, at process exit, by execv(2) of /proc/self/exe with the
 * original arguments read from /proc/self/cmdline (proc(5)): same PID, same environment, so a
 * service manager sees no exit and a demo script keeps its process id.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CABINE_MAINT_RESTART_ERROR (cabine_maint_restart_error_quark ())

/**
 * CabineMaintRestartError:
 * @CABINE_MAINT_RESTART_ERROR_BAD_CMDLINE: the command line is empty or not NUL-terminated
 * @CABINE_MAINT_RESTART_ERROR_NO_APPLICATION: there is no default #GApplication to quit
 */
typedef enum {
  CABINE_MAINT_RESTART_ERROR_BAD_CMDLINE,
  CABINE_MAINT_RESTART_ERROR_NO_APPLICATION,
} CabineMaintRestartError;

GQuark cabine_maint_restart_error_quark (void);

/**
 * cabine_maint_restart_parse_cmdline:
 * @data: (array length=len): the bytes of /proc/PID/cmdline: arguments each ended by a NUL byte
 * @len: their length
 * @error: %CABINE_MAINT_RESTART_ERROR_BAD_CMDLINE
 *
 * Returns: (transfer full) (nullable): the arguments, NULL-terminated, at least one.
 */
char   **cabine_maint_restart_parse_cmdline (const char  *data,
                                             gsize        len,
                                             GError     **error);

/**
 * cabine_maint_restart:
 * @error: %CABINE_MAINT_RESTART_ERROR_BAD_CMDLINE, %CABINE_MAINT_RESTART_ERROR_NO_APPLICATION,
 *   or a %G_FILE_ERROR reading /proc/self/cmdline
 *
 * Arranges the re-execution at exit and quits the default application. Calling it twice is
 * harmless (one re-execution).
 *
 * Returns: %TRUE when the quit was requested.
 */
gboolean cabine_maint_restart              (GError     **error);

G_END_DECLS
