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
#define CABINE_HUB_STORE_SQLITE_SCHEMA_VERSION 2

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

G_END_DECLS
