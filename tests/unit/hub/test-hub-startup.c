/* test-hub-startup.c: what the hub says and refuses when it starts or makes its certificates
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "cabine-test"

#include <glib/gstdio.h>
#include <string.h>

#include "cabine-hub-config.h"
#include "cabine-hub-store-sqlite.h"
#include "cabine-hub-tls.h"
#include "cabine-test-tree.h"

/* Making a CA where one exists would break every kiosk that trusts it: refused unless forced. */
static void
test_self_signed_keeps_ca (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("cabine-hub-ca-XXXXXX", NULL);
  g_autofree char *ca = g_build_filename (dir, "ca.pem", NULL);
  g_autofree char *first = NULL;
  g_autofree char *after_refusal = NULL;
  g_autofree char *forced = NULL;
  g_autofree char *openssl = g_find_program_in_path ("openssl");

  if (openssl == NULL)
    {
      g_test_skip ("openssl is not installed");
      return;
    }
  g_assert_true (cabine_hub_tls_make_self_signed (dir, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (ca, &first, NULL, NULL));

  g_assert_false (cabine_hub_tls_make_self_signed (dir, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_assert_nonnull (strstr (error->message, "--force"));
  g_clear_error (&error);
  g_assert_true (g_file_get_contents (ca, &after_refusal, NULL, NULL));
  g_assert_cmpstr (first, ==, after_refusal);

  g_test_expect_message ("cabine-hub-tls", G_LOG_LEVEL_MESSAGE, "replacing the CA in *");
  g_assert_true (cabine_hub_tls_make_self_signed_full (dir, TRUE, &error));
  g_test_assert_expected_messages ();
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (ca, &forced, NULL, NULL));
  g_assert_cmpstr (first, !=, forced);
  cabine_test_remove_tree (dir);
}

/* GIO loads a certificate with another certificate's key without a word; the hub proves the pair. */
static void
test_tls_key_mismatch (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("cabine-hub-pair-XXXXXX", NULL);
  g_autofree char *ca = g_build_filename (dir, "ca.pem", NULL);
  g_autofree char *hub = g_build_filename (dir, "hub.pem", NULL);
  g_autofree char *key = g_build_filename (dir, "hub.key", NULL);
  g_autoptr(GTlsCertificate) good = NULL;
  g_autoptr(GTlsCertificate) bad = NULL;
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
  g_assert_true (cabine_hub_tls_make_self_signed (dir, &error));
  g_assert_no_error (error);

  good = cabine_hub_tls_load (hub, key, &error);
  g_assert_no_error (error);
  g_assert_nonnull (good);

  bad = cabine_hub_tls_load (ca, key, &error);
  g_assert_null (bad);
  g_assert_error (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE);
  g_assert_nonnull (strstr (error->message, "does not match"));
  cabine_test_remove_tree (dir);
}

static void
test_config_warnings (void)
{
  g_autoptr(GError) error = NULL;
  /* resume-seconds=0: the warnings about resuming are test-hub-resume-restart.c's. */
  g_autoptr(CabineHubConfig) empty = cabine_hub_config_new_from_data ("[hub]\nport=0\nresume-seconds=0\n",
                                                                      "empty.conf", &error);
  g_autoptr(CabineHubConfig) kiosk_only = NULL;
  g_auto(GStrv) warnings = NULL;

  g_assert_no_error (error);
  warnings = cabine_hub_config_get_warnings (empty);
  g_assert_cmpuint (g_strv_length (warnings), ==, 2);
  g_assert_nonnull (strstr (warnings[0], "[kiosk:ID]"));
  g_assert_nonnull (strstr (warnings[1], "[physician:NAME]"));
  g_clear_pointer (&warnings, g_strfreev);

  kiosk_only = cabine_hub_config_new_from_data ("[hub]\nport=0\nresume-seconds=0\n[kiosk:cabin-01]\ntoken=0123456789abcdef\n",
                                                "kiosk.conf", &error);
  g_assert_no_error (error);
  warnings = cabine_hub_config_get_warnings (kiosk_only);
  g_assert_cmpuint (g_strv_length (warnings), ==, 1);
  g_assert_nonnull (strstr (warnings[0], "[physician:NAME]"));
}

static void
test_database_folder_logged (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("cabine-hub-db-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "new", "folder", "hub.db", NULL);
  g_autofree char *again_path = g_build_filename (dir, "new", "folder", "other.db", NULL);
  CabineHubStore *store;

  g_test_expect_message ("cabine-hub-store", G_LOG_LEVEL_MESSAGE, "creating the folder */new/folder for the database *");
  store = cabine_hub_store_sqlite_open (path, &error);
  g_test_assert_expected_messages ();
  g_assert_no_error (error);
  g_assert_nonnull (store);
  g_object_unref (store);
  /* an existing folder: nothing to say */
  store = cabine_hub_store_sqlite_open (again_path, &error);
  g_assert_no_error (error);
  g_object_unref (store);
  cabine_test_remove_tree (dir);
}

/* One hub per store: a second one on the same file is refused while the first has it, then
 * accepted. (`cabine-hub --check-config` beside a running hub, which takes no lock, is checked in
 * test-hub-check.c's way: from another process, by hand; see cabine_hub_store_sqlite_check().) */
static void
test_database_one_hub (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("cabine-hub-db-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "hub.db", NULL);
  g_autofree char *expected = g_strdup_printf ("another hub is using %s", path);
  CabineHubStore *first;
  CabineHubStore *second;

  first = cabine_hub_store_sqlite_open (path, &error);
  g_assert_no_error (error);
  second = cabine_hub_store_sqlite_open (path, &error);
  g_assert_null (second);
  g_assert_error (error, CABINE_HUB_STORE_ERROR, CABINE_HUB_STORE_ERROR_OPEN);
  g_assert_cmpstr (error->message, ==, expected);
  g_clear_error (&error);
  g_object_unref (first);
  second = cabine_hub_store_sqlite_open (path, &error);
  g_assert_no_error (error);
  g_object_unref (second);
  cabine_test_remove_tree (dir);
}

/* [hub] database naming a folder or a file of another kind: said so, not SQLite's "unable to open
 * database file" or a failed statement. */
static void
test_database_not_a_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("cabine-hub-db-XXXXXX", NULL);
  g_autofree char *text = g_build_filename (dir, "notes.txt", NULL);
  CabineHubStore *store;

  store = cabine_hub_store_sqlite_open (dir, &error);
  g_assert_null (store);
  g_assert_error (error, CABINE_HUB_STORE_ERROR, CABINE_HUB_STORE_ERROR_OPEN);
  g_assert_nonnull (strstr (error->message, "is a folder"));
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (text, "hello, not a database, long enough for a header\n",
                                      -1, NULL));
  store = cabine_hub_store_sqlite_open (text, &error);
  g_assert_null (store);
  g_assert_error (error, CABINE_HUB_STORE_ERROR, CABINE_HUB_STORE_ERROR_OPEN);
  g_assert_nonnull (strstr (error->message, "is not an SQLite database"));
  cabine_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/hub/startup/self-signed-keeps-ca", test_self_signed_keeps_ca);
  g_test_add_func ("/hub/startup/tls-key-mismatch", test_tls_key_mismatch);
  g_test_add_func ("/hub/startup/config-warnings", test_config_warnings);
  g_test_add_func ("/hub/startup/database-folder-logged", test_database_folder_logged);
  g_test_add_func ("/hub/startup/database-one-hub", test_database_one_hub);
  g_test_add_func ("/hub/startup/database-not-a-file", test_database_not_a_file);
  return g_test_run ();
}
