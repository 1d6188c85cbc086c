/* cabine-hub-store-sqlite-private.h: what cabine-hub-store-sqlite.c shares with
 * cabine-hub-store-sqlite-check.c
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Not installed, not for other callers.
 */
#pragma once

#include <sqlite3.h>

#include "cabine-hub-store-sqlite.h"

G_BEGIN_DECLS

struct _CabineHubStoreSqlite
{
  GObject  parent_instance;
  sqlite3 *db;
  char    *path;
  int      lock_fd;   /* the file, flock()ed while this store has it; -1: none */
};

/* The database of @self is a hub store (application_id), or a new one (0 and no table), of a
 * schema this hub knows; @version is set to its schema version. Messages name the file as @name
 * (%CABINE_HUB_STORE_ERROR_OPEN, %CABINE_HUB_STORE_ERROR_TOO_NEW). Shared by the hub's start
 * (migrate()) and cabine_hub_store_sqlite_check(), so that both refuse the same files. */
gboolean cabine_hub_store_sqlite_check_identity (CabineHubStoreSqlite  *self,
                                                 const char            *name,
                                                 gint64                *version,
                                                 GError               **error);

G_END_DECLS
