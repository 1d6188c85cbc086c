/* cabine-sqlite-probe.h: how the configuration checks open a database file without changing it
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * cabine_sqlite_probe_uri:
 * @path: (type filename): an existing SQLite database file
 * @error: a #G_CONVERT_ERROR when @path cannot be made a file: URI
 *
 * The URI (SQLite's URI filenames, https://www.sqlite.org/uri.html) with which `--check-config`
 * (kiosk and hub) opens @path read-only, with %SQLITE_OPEN_READONLY | %SQLITE_OPEN_URI, to read
 * its header and schema without writing to it:
 * - when a non-empty `-wal` file and a `-shm` file lie beside @path (a program uses the database,
 *   or was killed while it did), `mode=ro`: SQLite then reads the pages still in the write-ahead
 *   log, where a database in use keeps its latest schema, through the `-shm` index (a reader may
 *   update its read marks there, nothing else);
 * - otherwise `mode=ro&immutable=1`: no lock taken, and no `-wal` or `-shm` file made (a plain
 *   read-only connection to a WAL database leaves both behind).
 *
 * Returns: (transfer full) (nullable): the URI, or %NULL with @error set
 */
char *cabine_sqlite_probe_uri (const char  *path,
                               GError     **error);

G_END_DECLS
