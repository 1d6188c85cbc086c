/* cabine-11073-config-store.h: accepted extended configurations kept on disk, per agent
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * IEEE 11073-20601 8.5.3 (and 8.4, association procedure): a manager that already holds an
 * agent's extended configuration may answer that agent's AARQ with "accepted" instead of
 * "accepted-unknown-config", sparing the configuration exchange. This module keeps the
 * configurations the manager accepted across restarts: one GKeyFile per agent system-id,
 * `<dir>/<EUI-64 as 16 hex digits>.conf`, one group `[config 0xNNNN]` per dev-config-id:
 *
 *   objects=1;10                     numeric handles
 *   object-1=19384;544;2636;2;2448;8 type code, unit code, then (attribute-id; length) pairs
 *   scanners=55                      configurable scanner handles
 *   scanner-55=18;1;1;10             class, confirm-mode, then the mapped handles in order
 *   scanner-55-1=2636;2;2448;8       the scanner's attribute-value-map for handle 1
 *   pm-stores=                       PM-store handles
 *
 * Files are written atomically (g_file_set_contents()). A file that does not parse or whose
 * content is not a valid configuration is never trusted: the load fails and the agent is asked
 * for its configuration again.
 */
#pragma once

#include <glib.h>
#include "cabine-11073-config.h"

G_BEGIN_DECLS

/**
 * cabine_11073_config_save:
 * @dir: the state directory (created, mode 0700, if missing)
 * @system_id: (array fixed-size=8): the agent's EUI-64
 * @config: an extended configuration the manager accepted
 * @error: %G_FILE_ERROR when the directory or the file cannot be written
 *
 * Adds or replaces @config in the agent's file; other configurations of the agent stay (a file
 * that does not parse is replaced).
 *
 * Returns: %TRUE when written.
 */
gboolean cabine_11073_config_save (const char *dir, const guint8 *system_id,
                                   const CabineDeviceConfig *config, GError **error);

/**
 * cabine_11073_config_load:
 * @dir: the state directory
 * @system_id: (array fixed-size=8): the agent's EUI-64
 * @dev_config_id: the configuration the agent announces in its AARQ
 * @out: (out caller-allocates): the configuration
 * @error: %G_FILE_ERROR_NOENT (G_FILE_ERROR) when this agent has no file,
 *   %G_KEY_FILE_ERROR_GROUP_NOT_FOUND when it has none for @dev_config_id, another
 *   %G_KEY_FILE_ERROR (PARSE, INVALID_VALUE, KEY_NOT_FOUND) when the file is corrupt: a missing
 *   key, a number out of range, more objects or map entries than #CabineDeviceConfig holds, or a
 *   scanner mapping a handle that is not a numeric of the configuration
 *
 * Returns: %TRUE when a valid configuration was read.
 */
gboolean cabine_11073_config_load (const char *dir, const guint8 *system_id, guint16 dev_config_id,
                                   CabineDeviceConfig *out, GError **error);

G_END_DECLS
