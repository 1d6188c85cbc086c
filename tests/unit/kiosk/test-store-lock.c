/* test-store-lock.c: one kiosk per database (cabine_store_open's lock)
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-store-lock"

#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "cabine-store.h"

static char *
temp_db (char **dir)
{
  *dir = g_dir_make_tmp ("cabine-store-lock-XXXXXX", NULL);
  g_assert_nonnull (*dir);
  return g_build_filename (*dir, "kiosk.db", NULL);
}

static void
remove_db (char *dir,
           char *db)
{
  const char *suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (gsize i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *p = g_strconcat (db, suffixes[i], NULL);
      g_unlink (p);
    }
  g_rmdir (dir);
  g_free (db);
  g_free (dir);
}

/* A second store on the same file is refused while the first is open, then accepted. */
static void
test_second_refused (void)
{
  char *dir = NULL;
  char *db = temp_db (&dir);
  g_autoptr(GError) error = NULL;
  CabineStore *first = cabine_store_open (db, &error);
  CabineStore *second;
  g_autofree char *expected = g_strdup_printf ("another kiosk is using %s", db);

  g_assert_no_error (error);
  g_assert_nonnull (first);
  second = cabine_store_open (db, &error);
  g_assert_null (second);
  g_assert_error (error, CABINE_STORE_ERROR, CABINE_STORE_ERROR_OPEN);
  g_assert_cmpstr (error->message, ==, expected);
  g_clear_error (&error);
  /* The first store still works. */
  g_assert_true (cabine_store_begin_session (first, "s1", "cabin-01", "fr", NULL, &error));
  g_assert_no_error (error);
  g_object_unref (first);

  second = cabine_store_open (db, &error);
  g_assert_no_error (error);
  g_assert_nonnull (second);
  g_object_unref (second);
  remove_db (dir, db);
}

/* Another process (what a second kiosk is) is refused too; the lock goes with the process. */
static void
test_other_process (void)
{
  char *dir = NULL;
  char *db = temp_db (&dir);
  g_autoptr(GError) error = NULL;
  CabineStore *store = cabine_store_open (db, &error);
  int status = 0;
  pid_t child;

  g_assert_no_error (error);
  child = fork ();
  g_assert_cmpint (child, >=, 0);
  if (child == 0)
    {
      g_autoptr(GError) child_error = NULL;
      CabineStore *other = cabine_store_open (db, &child_error);

      _exit (other == NULL && child_error != NULL &&
             strstr (child_error->message, "another kiosk is using") != NULL ? 0 : 1);
    }
  g_assert_cmpint (waitpid (child, &status, 0), ==, child);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
  g_object_unref (store);
  remove_db (dir, db);
}

/* A database path naming a folder is refused as such, without a lock file beside it. */
static void
test_folder_refused (void)
{
  g_autofree char *dir = g_dir_make_tmp ("cabine-store-folder-XXXXXX", NULL);
  g_autofree char *expected = g_strdup_printf ("%s is a folder", dir);
  g_autoptr(GError) error = NULL;
  CabineStore *store = cabine_store_open (dir, &error);
  g_autoptr(GDir) listing = NULL;
  g_autofree char *parent = g_path_get_dirname (dir);
  g_autofree char *base = g_path_get_basename (dir);
  const char *name;

  g_assert_null (store);
  g_assert_error (error, CABINE_STORE_ERROR, CABINE_STORE_ERROR_OPEN);
  g_assert_true (g_str_has_prefix (error->message, expected));
  listing = g_dir_open (parent, 0, NULL);
  while ((name = g_dir_read_name (listing)) != NULL)
    g_assert_false (g_str_has_prefix (name, base) && !g_str_equal (name, base));
  g_rmdir (dir);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/kiosk/store-lock/second-refused", test_second_refused);
  g_test_add_func ("/kiosk/store-lock/other-process", test_other_process);
  g_test_add_func ("/kiosk/store-lock/folder-refused", test_folder_refused);
  return g_test_run ();
}
