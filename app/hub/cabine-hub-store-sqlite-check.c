/* cabine-hub-store-sqlite-check.c: whether cabine_hub_store_sqlite_open() would accept a file
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `cabine-hub --check-config` (cabine_hub_store_sqlite_check()): the store file is examined without
 * changing anything on disk; split from cabine-hub-store-sqlite.c, which reads and writes it.
 */
#define G_LOG_DOMAIN "cabine-hub-store"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include <sqlite3.h>

#include "cabine-hub-store-sqlite-private.h"

#include "cabine-sqlite-probe.h"

/* The first folder that exists on the way up from @dir: @dir itself when it exists. */
static char *
nearest_existing_folder (const char *dir)
{
  g_autofree char *probe = g_strdup (dir);

  while (!g_file_test (probe, G_FILE_TEST_EXISTS))
    {
      g_autofree char *parent = g_path_get_dirname (probe);

      if (g_str_equal (parent, probe))
        break;
      g_free (probe);
      probe = g_steal_pointer (&parent);
    }
  return g_steal_pointer (&probe);
}

/* cabine_hub_store_sqlite_open() could create @path, and the folders it lacks: the nearest existing
 * one is a folder this user can write into. Nothing is created. */
static gboolean
check_creatable (const char  *path,
                 const char  *quoted,
                 GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *existing = nearest_existing_folder (dir);
  gboolean missing_folders = !g_str_equal (existing, dir);

  if (!g_file_test (existing, G_FILE_TEST_IS_DIR))
    {
      if (missing_folders)
        g_set_error (error, CABINE_HUB_STORE_ERROR, CABINE_HUB_STORE_ERROR_OPEN,
                     "%s: the folder %s cannot be created (%s is not a folder)", quoted, dir,
                     existing);
      else
        g_set_error (error, CABINE_HUB_STORE_ERROR, CABINE_HUB_STORE_ERROR_OPEN,
                     "%s: %s is not a folder", quoted, dir);
      return FALSE;
    }
  /* access(2) answers for this user, ACLs and read-only mounts (EROFS) included, and changes
   * nothing, not even the folder's modification time. */
  if (g_access (existing, W_OK | X_OK) != 0)
    {
      int saved = errno;

      if (missing_folders)
        g_set_error (error, CABINE_HUB_STORE_ERROR, CABINE_HUB_STORE_ERROR_OPEN,
                     "%s: the folder %s cannot be created in %s (%s)", quoted, dir, existing,
                     g_strerror (saved));
      else
        g_set_error (error, CABINE_HUB_STORE_ERROR, CABINE_HUB_STORE_ERROR_OPEN,
                     "%s cannot be created in %s (%s)", quoted, dir, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

/* The existing file @path holds an empty database or a hub store of a schema this hub knows. Read
 * without writing to it (cabine_sqlite_probe_uri()): a running hub's store can be checked, its
 * pages still in the -wal included. */
static gboolean
check_contents (const char  *path,
                const char  *quoted,
                GError     **error)
{
  g_autoptr(CabineHubStoreSqlite) probe = g_object_new (CABINE_TYPE_HUB_STORE_SQLITE, NULL);
  g_autofree char *why = NULL;
  gint64 version;
  int rc;

  probe->path = g_strdup (path);
  /* Read without writing to it, the pages still in a -wal included. */
  rc = cabine_sqlite_probe_open (path, &probe->db, &why);
  if (rc != SQLITE_OK)
    {
      if (rc == SQLITE_NOTADB)
        g_set_error (error, CABINE_HUB_STORE_ERROR, CABINE_HUB_STORE_ERROR_OPEN,
                     "%s is not an SQLite database (SQLite: %s)", quoted, why);
      else if (g_access (path, R_OK) != 0)
        {
          int saved = errno;

          /* SQLite only says "unable to open database file". */
          g_set_error (error, CABINE_HUB_STORE_ERROR, CABINE_HUB_STORE_ERROR_OPEN,
                       "%s cannot be read (%s)", quoted, g_strerror (saved));
        }
      else
        g_set_error (error, CABINE_HUB_STORE_ERROR, CABINE_HUB_STORE_ERROR_OPEN,
                     "%s cannot be read (SQLite: %s)", quoted, why);
      return FALSE;
    }
  return cabine_hub_store_sqlite_check_identity (probe, quoted, &version, error);
}

gboolean
cabine_hub_store_sqlite_check (const char  *path,
                               GError     **error)
{
  g_autofree char *quoted = NULL;
  g_autofree char *dir = NULL;
  GStatBuf st;
  int fd;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  quoted = g_strdup_printf ("\"%s\"", path);
  if (g_stat (path, &st) != 0)
    {
      int saved = errno;

      /* ENOTDIR: a file on the way, which check_creatable() names. */
      if (saved == ENOENT || saved == ENOTDIR)
        return check_creatable (path, quoted, error);
      g_set_error (error, CABINE_HUB_STORE_ERROR, CABINE_HUB_STORE_ERROR_OPEN,
                   "%s cannot be read (%s)", quoted, g_strerror (saved));
      return FALSE;
    }
  if (S_ISDIR (st.st_mode))
    {
      g_autofree char *example = g_build_filename (path, "hub.db", NULL);

      g_set_error (error, CABINE_HUB_STORE_ERROR, CABINE_HUB_STORE_ERROR_OPEN,
                   "%s is a folder; it must name the database file, e.g. %s", quoted, example);
      return FALSE;
    }
  if (!S_ISREG (st.st_mode))
    {
      g_set_error (error, CABINE_HUB_STORE_ERROR, CABINE_HUB_STORE_ERROR_OPEN,
                   "%s is not a regular file", quoted);
      return FALSE;
    }
  if (!check_contents (path, quoted, error))
    return FALSE;

  /* Opened read-write as the hub opens it, and closed unchanged: the kernel's own answer for this
   * user, rather than a reading of permission bits. Closing a descriptor drops every POSIX lock
   * this process holds on the file: hence the warning in the header. */
  fd = g_open (path, O_RDWR | O_CLOEXEC | O_NOCTTY, 0);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, CABINE_HUB_STORE_ERROR, CABINE_HUB_STORE_ERROR_OPEN,
                   "%s cannot be opened for writing (%s)", quoted, g_strerror (saved));
      return FALSE;
    }
  close (fd);

  /* The hub keeps the store in WAL mode: it creates -wal and -shm beside the file. */
  dir = g_path_get_dirname (path);
  if (g_access (dir, W_OK | X_OK) != 0)
    {
      int saved = errno;

      g_set_error (error, CABINE_HUB_STORE_ERROR, CABINE_HUB_STORE_ERROR_OPEN,
                   "%s: its journal (-wal, -shm) cannot be created in %s (%s)", quoted, dir,
                   g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}
