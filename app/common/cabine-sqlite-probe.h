/* cabine-sqlite-probe.h: how the configuration checks open a database file without changing it
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <sqlite3.h>

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

/**
 * cabine_sqlite_probe_open:
 * @path: (type filename): an existing SQLite database file
 * @db: (out) (transfer full) (nullable): a read-only connection opened with
 *   cabine_sqlite_probe_uri(), its header read; close it with sqlite3_close(). %NULL when the
 *   file cannot be read
 * @why: (out) (transfer full) (nullable): SQLite's message when the result is not %SQLITE_OK
 *
 * Opens @path for the configuration checks and reads its header (`PRAGMA schema_version`), so
 * that a file of another kind fails here; the caller then reads the pragmas it needs on @db and
 * says in its own error domain what is wrong.
 *
 * Returns: SQLite's result code (primary): %SQLITE_OK; %SQLITE_NOTADB for a file that is not an
 *   SQLite database; another code when it cannot be opened or read (@why says which)
 */
int   cabine_sqlite_probe_open (const char   *path,
                                sqlite3     **db,
                                char        **why);

G_END_DECLS
