/* cabine-sqlite-probe.c: how the configuration checks open a database file without changing it
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "cabine-common"

#include "cabine-sqlite-probe.h"

#include <glib/gstdio.h>

char *
cabine_sqlite_probe_uri (const char  *path,
                         GError     **error)
{
  g_autofree char *absolute = NULL;
  g_autofree char *file_uri = NULL;
  g_autofree char *wal = NULL;
  g_autofree char *shm = NULL;
  GStatBuf wal_stat;
  gboolean in_use;

  g_return_val_if_fail (path != NULL, NULL);

  absolute = g_canonicalize_filename (path, NULL);
  file_uri = g_filename_to_uri (absolute, NULL, error);
  if (file_uri == NULL)
    return NULL;
  wal = g_strconcat (path, "-wal", NULL);
  shm = g_strconcat (path, "-shm", NULL);
  in_use = g_stat (wal, &wal_stat) == 0 && wal_stat.st_size > 0 &&
           g_file_test (shm, G_FILE_TEST_IS_REGULAR);
  return g_strconcat (file_uri, in_use ? "?mode=ro" : "?mode=ro&immutable=1", NULL);
}

int
cabine_sqlite_probe_open (const char   *path,
                          sqlite3     **db,
                          char        **why)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;
  int rc;

  g_return_val_if_fail (path != NULL && db != NULL && why != NULL, SQLITE_MISUSE);

  *db = NULL;
  *why = NULL;
  uri = cabine_sqlite_probe_uri (path, &error);
  if (uri == NULL)
    {
      *why = g_strdup (error->message);
      return SQLITE_CANTOPEN;
    }
  rc = sqlite3_open_v2 (uri, db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_exec (*db, "PRAGMA schema_version", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      *why = g_strdup (*db != NULL ? sqlite3_errmsg (*db) : sqlite3_errstr (rc));
      g_clear_pointer (db, sqlite3_close);
    }
  return rc & 0xff;
}
