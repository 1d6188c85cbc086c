/* test-hub-check.c: cabine-hub --check-config: the store check and the configuration's
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "cabine-test"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>
#include <unistd.h>

#include "cabine-hub-config.h"
#include "cabine-hub-store-sqlite.h"
#include "cabine-hub-tls.h"
#include "cabine-test-tree.h"

typedef struct {
  char *dir;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = g_dir_make_tmp ("cabine-hub-check-XXXXXX", NULL);
  g_assert_nonnull (f->dir);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_chmod (f->dir, 0700);
  cabine_test_remove_tree (f->dir);
  g_free (f->dir);
}

/* Runs @sql in a new SQLite database at @path, as another program would make it. */
static void
make_sqlite (const char *path,
             const char *sql)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
}

static void
assert_check_fails (const char *path,
                    int         code,
                    const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *quoted = g_strdup_printf ("\"%s\"", path);

  g_assert_false (cabine_hub_store_sqlite_check (path, &error));
  g_assert_error (error, CABINE_HUB_STORE_ERROR, code);
  g_test_message ("%s", error->message);
  /* The message begins with the quoted path, for the caller to say where it comes from. */
  g_assert_true (g_str_has_prefix (error->message, quoted));
  g_assert_nonnull (strstr (error->message, expected));
}

/* The folder holds @names and nothing else (NULL-terminated). */
static void
assert_folder_holds (const char         *dir,
                     const char * const *names)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_assert_true (g_strv_contains (names, name));
      n++;
    }
  g_assert_cmpuint (n, ==, g_strv_length ((char **) names));
}

static void
test_store_folder (Fixture       *f,
                   gconstpointer  data)
{
  assert_check_fails (f->dir, CABINE_HUB_STORE_ERROR_OPEN, "is a folder; it must name the database file");
}

static void
test_store_text_file (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "notes.txt", NULL);

  g_assert_true (g_file_set_contents (path, "hello, not a database, long enough for a header\n", -1,
                                      NULL));
  assert_check_fails (path, CABINE_HUB_STORE_ERROR_OPEN, "is not an SQLite database");
}

static void
test_store_other_application (Fixture       *f,
                              gconstpointer  data)
{
  g_autofree char *other = g_build_filename (f->dir, "other.db", NULL);
  g_autofree char *plain = g_build_filename (f->dir, "plain.db", NULL);

  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize before_size, after_size;
  g_autoptr(GError) error = NULL;

  make_sqlite (other, "PRAGMA application_id = 1234; CREATE TABLE t (x);");
  assert_check_fails (other, CABINE_HUB_STORE_ERROR_OPEN, "is not a Cabine hub store");
  /* The hub's start refuses it too, before writing anything to it (journal_mode = WAL would set
   * header bytes 18–19 to 2). */
  g_assert_true (g_file_get_contents (other, &before, &before_size, NULL));
  g_assert_null (cabine_hub_store_sqlite_open (other, &error));
  g_assert_error (error, CABINE_HUB_STORE_ERROR, CABINE_HUB_STORE_ERROR_OPEN);
  g_assert_true (g_file_get_contents (other, &after, &after_size, NULL));
  g_assert_cmpmem (before, before_size, after, after_size);
  g_assert_cmpint (after[18], ==, 1);
  /* application_id 0 is a new file only when it has no table yet */
  make_sqlite (plain, "CREATE TABLE t (x);");
  assert_check_fails (plain, CABINE_HUB_STORE_ERROR_OPEN, "is not a Cabine hub store");
}

static void
test_store_too_new (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "hub.db", NULL);
  g_autofree char *sql = g_strdup_printf ("PRAGMA application_id = %d; PRAGMA user_version = %d; "
                                          "CREATE TABLE t (x);",
                                          CABINE_HUB_STORE_SQLITE_APPLICATION_ID,
                                          CABINE_HUB_STORE_SQLITE_SCHEMA_VERSION + 1);

  make_sqlite (path, sql);
  assert_check_fails (path, CABINE_HUB_STORE_ERROR_TOO_NEW, "newer than this hub's");
}

/* A hub's own store is accepted, and read without leaving a -wal or -shm or changing the file. */
static void
test_store_existing (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "hub.db", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize before_len, after_len;
  const char * const only_db[] = { "hub.db", NULL };
  CabineHubStore *store;
  gboolean created = FALSE;

  store = cabine_hub_store_sqlite_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (cabine_hub_store_put_record (store, "rec-1", "cabin-01", NULL, "{}", &created,
                                              &error));
  g_assert_no_error (error);
  g_object_unref (store);   /* the last connection: SQLite removes its -wal and -shm */
  assert_folder_holds (f->dir, only_db);
  g_assert_true (g_file_get_contents (path, &before, &before_len, NULL));

  g_assert_true (cabine_hub_store_sqlite_check (path, &error));
  g_assert_no_error (error);

  assert_folder_holds (f->dir, only_db);
  g_assert_true (g_file_get_contents (path, &after, &after_len, NULL));
  g_assert_cmpmem (before, before_len, after, after_len);
}

/* An empty file is a new store (the hub writes its schema at start). */
static void
test_store_empty_file (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "hub.db", NULL);

  g_assert_true (g_file_set_contents (path, "", 0, NULL));
  g_assert_true (cabine_hub_store_sqlite_check (path, &error));
  g_assert_no_error (error);
}

/* A missing file whose folders can be made: accepted, and nothing is made. */
static void
test_store_missing (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *here = g_build_filename (f->dir, "hub.db", NULL);
  g_autofree char *deep = g_build_filename (f->dir, "new", "folder", "hub.db", NULL);
  const char * const nothing[] = { NULL };

  g_assert_true (cabine_hub_store_sqlite_check (here, &error));
  g_assert_no_error (error);
  g_assert_true (cabine_hub_store_sqlite_check (deep, &error));
  g_assert_no_error (error);
  assert_folder_holds (f->dir, nothing);
}

/* A file where a folder would have to be. */
static void
test_store_file_on_the_way (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *file = g_build_filename (f->dir, "notes.txt", NULL);
  g_autofree char *below = g_build_filename (file, "hub.db", NULL);
  g_autofree char *deeper = g_build_filename (file, "sub", "hub.db", NULL);

  g_assert_true (g_file_set_contents (file, "text", -1, NULL));
  assert_check_fails (below, CABINE_HUB_STORE_ERROR_OPEN, "notes.txt is not a folder");
  assert_check_fails (deeper, CABINE_HUB_STORE_ERROR_OPEN, "cannot be created (");
}

static void
test_store_read_only (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "hub.db", NULL);
  g_autofree char *missing = g_build_filename (f->dir, "new", "hub.db", NULL);
  g_autofree char *beside = g_build_filename (f->dir, "other.db", NULL);
  CabineHubStore *store;

  if (getuid () == 0)
    {
      g_test_skip ("root can write any file");
      return;
    }
  store = cabine_hub_store_sqlite_open (path, &error);
  g_assert_no_error (error);
  g_object_unref (store);

  /* the file itself */
  g_assert_cmpint (g_chmod (path, 0444), ==, 0);
  assert_check_fails (path, CABINE_HUB_STORE_ERROR_OPEN, "cannot be opened for writing");
  g_assert_cmpint (g_chmod (path, 0644), ==, 0);

  /* a writable file in a folder where the -wal and -shm cannot be made, and a missing one */
  g_assert_cmpint (g_chmod (f->dir, 0555), ==, 0);
  assert_check_fails (path, CABINE_HUB_STORE_ERROR_OPEN, "its journal (-wal, -shm) cannot be created");
  assert_check_fails (missing, CABINE_HUB_STORE_ERROR_OPEN, "the folder");
  assert_check_fails (beside, CABINE_HUB_STORE_ERROR_OPEN, "cannot be created in");
  g_assert_cmpint (g_chmod (f->dir, 0700), ==, 0);
}

/* The configuration's check names the file, group and key, or the option that overrode them. */
static void
test_config_database (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = g_strdup_printf ("[hub]\nport=0\ndatabase=%s\n", f->dir);
  g_autoptr(CabineHubConfig) config = cabine_hub_config_new_from_data (text, "hub.conf", &error);
  g_autofree char *from_file = g_strdup_printf ("hub.conf: [hub] database \"%s\" is a folder;", f->dir);
  g_autofree char *from_option = NULL;
  g_autofree char *text_file = g_build_filename (f->dir, "notes.txt", NULL);
  g_autofree char *good = g_build_filename (f->dir, "hub.db", NULL);

  g_assert_no_error (error);
  g_assert_false (cabine_hub_config_check_environment (config, &error));
  g_assert_error (error, CABINE_HUB_CONFIG_ERROR, CABINE_HUB_CONFIG_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, from_file));
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (text_file, "hello, not a database, long enough for a header\n",
                                      -1, NULL));
  cabine_hub_config_set_database (config, text_file);
  from_option = g_strdup_printf ("--database \"%s\" is not an SQLite database", text_file);
  g_assert_false (cabine_hub_config_check_environment (config, &error));
  g_assert_error (error, CABINE_HUB_CONFIG_ERROR, CABINE_HUB_CONFIG_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, from_option));
  g_clear_error (&error);

  cabine_hub_config_set_database (config, good);
  g_assert_true (cabine_hub_config_check_environment (config, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (good, G_FILE_TEST_EXISTS));
}

static void
test_config_tls (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *ca = g_build_filename (f->dir, "ca.pem", NULL);
  g_autofree char *hub = g_build_filename (f->dir, "hub.pem", NULL);
  g_autofree char *key = g_build_filename (f->dir, "hub.key", NULL);
  g_autofree char *text = NULL;
  g_autoptr(CabineHubConfig) config = NULL;
  g_autofree char *openssl = g_find_program_in_path ("openssl");

#ifdef __SANITIZE_ADDRESS__
  /* GCC 12's LeakSanitizer crashes at exit once glib-networking's GnuTLS ran (test-outbox.c). */
  g_test_skip ("TLS under LeakSanitizer");
  return;
#endif
  if (openssl == NULL)
    {
      g_test_skip ("openssl is not installed");
      return;
    }
  g_assert_true (cabine_hub_tls_make_self_signed (f->dir, &error));
  g_assert_no_error (error);

  text = g_strdup_printf ("[hub]\nport=0\ntls-certificate=%s\ntls-key=%s\n", ca, key);
  config = cabine_hub_config_new_from_data (text, "hub.conf", &error);
  g_assert_no_error (error);
  g_assert_false (cabine_hub_config_check_environment (config, &error));
  g_assert_error (error, CABINE_HUB_CONFIG_ERROR, CABINE_HUB_CONFIG_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, "hub.conf: [hub] tls-certificate, tls-key: "));
  g_assert_nonnull (strstr (error->message, "does not match"));
  g_clear_error (&error);

  cabine_hub_config_set_tls (config, hub, key);
  g_assert_true (cabine_hub_config_check_environment (config, &error));
  g_assert_no_error (error);

  cabine_hub_config_set_tls (config, hub, ca);
  g_assert_false (cabine_hub_config_check_environment (config, &error));
  g_assert_true (g_str_has_prefix (error->message, "--tls-certificate, --tls-key: "));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) \
  g_test_add ("/hub/check/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("store/folder", test_store_folder);
  ADD ("store/text-file", test_store_text_file);
  ADD ("store/other-application", test_store_other_application);
  ADD ("store/too-new", test_store_too_new);
  ADD ("store/existing", test_store_existing);
  ADD ("store/empty-file", test_store_empty_file);
  ADD ("store/missing", test_store_missing);
  ADD ("store/file-on-the-way", test_store_file_on_the_way);
  ADD ("store/read-only", test_store_read_only);
  ADD ("config/database", test_config_database);
  ADD ("config/tls", test_config_tls);
#undef ADD
  return g_test_run ();
}
