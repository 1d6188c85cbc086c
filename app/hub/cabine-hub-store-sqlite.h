/* cabine-hub-store-sqlite.h: the hub's embedded SQLite store (#CabineHubStore)
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Schema data/sql/hub-N.sql, versioned with PRAGMA user_version and identified by PRAGMA
 * application_id; one migration per version, each in its own transaction; a newer schema is
 * refused. WAL with synchronous=FULL: a record the hub acknowledged (201/200) survives a power cut.
 */
#pragma once

#include "cabine-hub-store.h"

G_BEGIN_DECLS

/** SQLite application_id of a hub store: "CbnH". */
#define CABINE_HUB_STORE_SQLITE_APPLICATION_ID 0x43626e48
/** Schema version this build writes. */
#define CABINE_HUB_STORE_SQLITE_SCHEMA_VERSION 4

#define CABINE_TYPE_HUB_STORE_SQLITE (cabine_hub_store_sqlite_get_type ())
G_DECLARE_FINAL_TYPE (CabineHubStoreSqlite, cabine_hub_store_sqlite, CABINE, HUB_STORE_SQLITE, GObject)

/**
 * cabine_hub_store_sqlite_open:
 * @path: (type filename): the database file (its folder is created, mode 0700), or ":memory:" for a
 *   store that lives as long as the process
 * @error: %CABINE_HUB_STORE_ERROR_OPEN (also when @path is a folder or a file that is not an
 *   SQLite database), %CABINE_HUB_STORE_ERROR_TOO_NEW or %CABINE_HUB_STORE_ERROR_FAILED
 *
 * Returns: (transfer full) (nullable): the store, or %NULL with @error set
 */
CabineHubStore *cabine_hub_store_sqlite_open (const char  *path,
                                              GError     **error);

/**
 * cabine_hub_store_sqlite_check:
 * @path: (type filename): the database file, as cabine_hub_store_sqlite_open() would be given it
 * @error: %CABINE_HUB_STORE_ERROR_OPEN when @path is a folder or not a regular file, is not an
 *   SQLite database, is one of another application (its application_id is neither
 *   %CABINE_HUB_STORE_SQLITE_APPLICATION_ID nor 0 with no table), cannot be read or opened for
 *   writing by this user, or when the file, its -wal and -shm, or its missing folders could not be
 *   created; %CABINE_HUB_STORE_ERROR_TOO_NEW when its schema (user_version) is newer than
 *   %CABINE_HUB_STORE_SQLITE_SCHEMA_VERSION. Every message begins with @path in double quotes, so
 *   that a caller can say before it where the path comes from (e.g. `hub.conf: [hub] database `).
 *
 * Tells whether cabine_hub_store_sqlite_open() would accept @path, without changing anything on
 * disk, also while a running hub has the store open: an existing file is read with SQLite's
 * `immutable=1` (no lock taken, no -wal or -shm made), opened read-write with open(2) and closed
 * at once; a missing file is accepted when the nearest existing folder on its way is one this user
 * can write into (access(2)); nothing is created. An empty file or a missing one is a new store.
 * Only the main file is read: changes a running hub still holds in its -wal are not seen.
 *
 * Do not call it while this process has @path open with SQLite: closing the descriptor opened
 * here would release the POSIX locks SQLite holds on the file (fcntl(2)).
 *
 * Returns: %TRUE when cabine_hub_store_sqlite_open() would accept @path, else %FALSE with @error
 *   set
 */
gboolean        cabine_hub_store_sqlite_check (const char  *path,
                                               GError     **error);

G_END_DECLS
