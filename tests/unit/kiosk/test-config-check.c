/* test-config-check.c: what `cabine --check-config` refuses (issue: configs that cannot work)
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-config-check"

#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "cabine-config.h"
#include "cabine-store.h"
#include "cabine-test-tree.h"

typedef struct {
  char *dir;
  char *path;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  f->dir = g_dir_make_tmp ("cabine-config-check-XXXXXX", NULL);
  g_assert_nonnull (f->dir);
  f->path = g_build_filename (f->dir, "kiosk.conf", NULL);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  cabine_test_remove_tree (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

/* Loads [kiosk] @kiosk (with a database inside the fixture unless @kiosk sets one) and runs the
 * environment checks; returns the first error, or NULL. */
static GError *
check (Fixture    *f,
       const char *kiosk)
{
  g_autofree char *db = g_build_filename (f->dir, "kiosk.db", NULL);
  g_autofree char *text = g_strdup_printf ("[kiosk]\n%s%s%s%s%s",
                                           strstr (kiosk, "token=") ? "" : "token=0123456789abcdef\n",
                                           strstr (kiosk, "database=") ? "" : "database=",
                                           strstr (kiosk, "database=") ? "" : db,
                                           strstr (kiosk, "database=") ? "" : "\n", kiosk);
  g_autoptr(CabineConfig) config = NULL;
  GError *error = NULL;

  g_assert_true (g_file_set_contents (f->path, text, -1, NULL));
  config = cabine_config_new_from_file (f->path, &error);
  if (config != NULL)
    cabine_config_check_environment (config, &error);
  return error;
}

/* @text refused for [@group] @key, the message holding @detail. */
static void
assert_refused_in (Fixture    *f,
                   const char *text,
                   const char *group,
                   const char *key,
                   const char *detail)
{
  g_autoptr(GError) error = check (f, text);
  g_autofree char *where = g_strdup_printf ("%s: [%s] %s", f->path, group, key);

  g_assert_error (error, CABINE_CONFIG_ERROR, CABINE_CONFIG_ERROR_INVALID);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, where));
  g_assert_nonnull (strstr (error->message, detail));
}

static void
assert_refused (Fixture    *f,
                const char *kiosk,
                const char *key,
                const char *detail)
{
  assert_refused_in (f, kiosk, "kiosk", key, detail);
}

static void
test_valid (Fixture *f, gconstpointer data)
{
  g_autofree char *deep = g_strdup_printf ("id=cabin-01\ndatabase=%s/not/yet/kiosk.db\n", f->dir);
  g_autofree char *nested = g_build_filename (f->dir, "not", NULL);
  GError *error = check (f, "id=Cabin_01.paris-2\nhub-url=wss://hub.example.org:8443/ws\n");

  g_assert_no_error (error);
  /* A folder that does not exist yet but could be made is fine, and is not made by the check. */
  error = check (f, deep);
  g_assert_no_error (error);
  g_assert_false (g_file_test (nested, G_FILE_TEST_EXISTS));
}

static void
test_hub_ca (Fixture *f, gconstpointer data)
{
  g_autofree char *not_pem = g_build_filename (f->dir, "not-pem.pem", NULL);
  g_autofree char *line = g_strdup_printf ("id=a\nhub-url=wss://hub.example/ws\nhub-ca=%s\n", not_pem);

  assert_refused (f, "id=a\nhub-url=wss://hub.example/ws\nhub-ca=/no/such/ca.pem\n", "hub-ca",
                  "/no/such/ca.pem");
  g_assert_true (g_file_set_contents (not_pem, "hello, not a certificate\n", -1, NULL));
  assert_refused (f, line, "hub-ca", not_pem);
  /* a CA with a plain ws:// link: refused when the file is read, whatever the CA */
  assert_refused (f, "id=a\nhub-url=ws://hub.example/ws\nhub-ca=/no/such/ca.pem\n", "hub-ca",
                  "is not wss://");
}

static void
test_token (Fixture *f, gconstpointer data)
{
  /* the hub's own minimum (CABINE_HUB_CONFIG_MIN_TOKEN_LENGTH) */
  assert_refused (f, "id=a\ntoken=short\n", "token", "shorter than 16 bytes");
}

static void
test_hub_url (Fixture *f, gconstpointer data)
{
  assert_refused (f, "id=a\nhub-url=ws://\n", "hub-url", "no host");
  assert_refused (f, "id=a\nhub-url=wss:///ws\n", "hub-url", "no host");
  assert_refused (f, "id=a\nhub-url=http://hub/ws\n", "hub-url", "ws:// or wss://");
  assert_refused (f, "id=a\nhub-url=ws://hub:99999999/ws\n", "hub-url", "not a URL");
}

static void
test_database_folder (Fixture *f, gconstpointer data)
{
  g_autofree char *file = g_build_filename (f->dir, "a-file", NULL);
  g_autofree char *line = g_strdup_printf ("id=a\ndatabase=%s/kiosk.db\n", file);

  assert_refused (f, "id=a\ndatabase=/proc/nope/kiosk.db\n", "database", "/proc/nope");
  g_assert_true (g_file_set_contents (file, "", -1, NULL));
  assert_refused (f, line, "database", "is not a folder");
}

/* A folder, or a file of another kind, where the database file should be. */
static void
test_database_not_a_store (Fixture *f, gconstpointer data)
{
  g_autofree char *sub = g_build_filename (f->dir, "sub", NULL);
  g_autofree char *text = g_build_filename (f->dir, "notes.txt", NULL);
  g_autofree char *other = g_build_filename (f->dir, "other.db", NULL);
  g_autofree char *line = NULL;
  sqlite3 *db = NULL;

  g_assert_cmpint (g_mkdir (sub, 0700), ==, 0);
  line = g_strdup_printf ("id=a\ndatabase=%s\n", sub);
  assert_refused (f, line, "database", "is a folder");
  g_clear_pointer (&line, g_free);

  g_assert_true (g_file_set_contents (text, "hello, not a database, but long enough for a header\n",
                                      -1, NULL));
  line = g_strdup_printf ("id=a\ndatabase=%s\n", text);
  assert_refused (f, line, "database", "is not an SQLite database");
  g_clear_pointer (&line, g_free);

  /* an SQLite database of another application: cabine_store_open() would refuse it too */
  g_assert_cmpint (sqlite3_open (other, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE t (x)", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  line = g_strdup_printf ("id=a\ndatabase=%s\n", other);
  assert_refused (f, line, "database", "is not a Cabine kiosk store");
  g_clear_pointer (&line, g_free);

  /* Another program's database in use, its schema still in the write-ahead log only (the main
   * file holds a bare header): the check reads the log too, and changes neither file. */
  {
    g_autofree char *live = g_build_filename (f->dir, "live.db", NULL);
    g_autofree char *wal = g_strconcat (live, "-wal", NULL);
    g_autofree char *main_before = NULL;
    g_autofree char *main_after = NULL;
    g_autofree char *wal_before = NULL;
    g_autofree char *wal_after = NULL;
    gsize n_main_before, n_main_after, n_wal_before, n_wal_after;

    g_assert_cmpint (sqlite3_open (live, &db), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (db, "PRAGMA journal_mode = WAL; PRAGMA wal_autocheckpoint = 0; "
                                       "PRAGMA application_id = 1234; CREATE TABLE t (x);",
                                   NULL, NULL, NULL), ==, SQLITE_OK);
    g_assert_true (g_file_get_contents (live, &main_before, &n_main_before, NULL));
    g_assert_true (g_file_get_contents (wal, &wal_before, &n_wal_before, NULL));
    g_assert_cmpuint (n_wal_before, >, 0);
    line = g_strdup_printf ("id=a\ndatabase=%s\n", live);
    assert_refused (f, line, "database", "is not a Cabine kiosk store");
    g_assert_true (g_file_get_contents (live, &main_after, &n_main_after, NULL));
    g_assert_true (g_file_get_contents (wal, &wal_after, &n_wal_after, NULL));
    g_assert_cmpmem (main_before, n_main_before, main_after, n_main_after);
    g_assert_cmpmem (wal_before, n_wal_before, wal_after, n_wal_after);
    sqlite3_close (db);
  }
}

/* An empty file is a new database to SQLite; a kiosk store is read without leaving its WAL files. */
static void
test_database_existing (Fixture *f, gconstpointer data)
{
  g_autofree char *empty = g_build_filename (f->dir, "empty.db", NULL);
  g_autofree char *real = g_build_filename (f->dir, "real.db", NULL);
  g_autofree char *wal = g_strconcat (real, "-wal", NULL);
  g_autofree char *shm = g_strconcat (real, "-shm", NULL);
  g_autofree char *line = NULL;
  g_autoptr(CabineStore) store = NULL;
  GError *error = NULL;

  g_assert_true (g_file_set_contents (empty, "", 0, NULL));
  line = g_strdup_printf ("id=a\ndatabase=%s\n", empty);
  error = check (f, line);
  g_assert_no_error (error);
  g_clear_pointer (&line, g_free);

  store = cabine_store_open (real, &error);
  g_assert_no_error (error);
  g_clear_object (&store);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  line = g_strdup_printf ("id=a\ndatabase=%s\n", real);
  error = check (f, line);
  g_assert_no_error (error);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (shm, G_FILE_TEST_EXISTS));
}

/* Permissions: root may write almost anything, so these only run as another user. */
static void
test_database_read_only (Fixture *f, gconstpointer data)
{
  g_autofree char *ro_file = g_build_filename (f->dir, "ro.db", NULL);
  g_autofree char *ro_dir = g_build_filename (f->dir, "ro-dir", NULL);
  g_autofree char *in_ro_dir = g_build_filename (ro_dir, "kiosk.db", NULL);
  g_autofree char *line = NULL;

  if (getuid () == 0)
    {
      g_test_skip ("root may write read-only files and folders");
      return;
    }
  g_assert_true (g_file_set_contents (ro_file, "", 0, NULL));
  g_assert_cmpint (g_chmod (ro_file, 0400), ==, 0);
  line = g_strdup_printf ("id=a\ndatabase=%s\n", ro_file);
  assert_refused (f, line, "database", "cannot be opened for writing");
  g_clear_pointer (&line, g_free);

  /* the file is writable but its folder is not: no WAL could be made beside it */
  g_assert_cmpint (g_mkdir (ro_dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (in_ro_dir, "", 0, NULL));
  g_assert_cmpint (g_chmod (ro_dir, 0500), ==, 0);
  line = g_strdup_printf ("id=a\ndatabase=%s\n", in_ro_dir);
  assert_refused (f, line, "database", "journal");
  g_assert_cmpint (g_chmod (ro_dir, 0700), ==, 0);
}

static void
test_state_dir (Fixture *f, gconstpointer data)
{
  g_autofree char *file = g_build_filename (f->dir, "a-file", NULL);
  g_autofree char *line = NULL;
  g_autofree char *under = NULL;
  g_autofree char *deep = g_build_filename (f->dir, "state", "cabine", "devices", NULL);
  g_autofree char *deep_parent = g_build_filename (f->dir, "state", NULL);
  GError *error = NULL;

  g_assert_true (g_file_set_contents (file, "", 0, NULL));
  line = g_strdup_printf ("id=a\n[devices]\nstate-dir=%s\n", file);
  assert_refused_in (f, line, "devices", "state-dir", "is not a folder");
  g_clear_pointer (&line, g_free);
  line = g_strdup_printf ("id=a\n[devices]\nstate-dir=%s/devices\n", file);
  assert_refused_in (f, line, "devices", "state-dir", "cannot be created");
  assert_refused_in (f, "id=a\n[devices]\nstate-dir=/proc/cabine/devices\n", "devices", "state-dir",
                     "cannot be created");
  /* unused when the instruments are off */
  g_clear_pointer (&line, g_free);
  line = g_strdup_printf ("id=a\n[devices]\nenabled=false\nstate-dir=%s\n", file);
  error = check (f, line);
  g_assert_no_error (error);
  /* a folder that could be made is fine, and is not made by the check */
  under = g_strdup_printf ("id=a\n[devices]\nstate-dir=%s\n", deep);
  error = check (f, under);
  g_assert_no_error (error);
  g_assert_false (g_file_test (deep_parent, G_FILE_TEST_EXISTS));
}

static void
test_state_dir_read_only (Fixture *f, gconstpointer data)
{
  g_autofree char *ro_dir = g_build_filename (f->dir, "ro-state", NULL);
  g_autofree char *line = g_strdup_printf ("id=a\n[devices]\nstate-dir=%s\n", ro_dir);
  g_autofree char *below = g_strdup_printf ("id=a\n[devices]\nstate-dir=%s/devices\n", ro_dir);

  if (getuid () == 0)
    {
      g_test_skip ("root may write read-only folders");
      return;
    }
  g_assert_cmpint (g_mkdir (ro_dir, 0500), ==, 0);
  assert_refused_in (f, line, "devices", "state-dir", "cannot be created in");
  assert_refused_in (f, below, "devices", "state-dir", "cannot be created in");
  g_assert_cmpint (g_chmod (ro_dir, 0700), ==, 0);
}

/* [media] stun-server and turn-server: refused when the file is read, so the kiosk does not start. */
static void
test_ice_servers (Fixture *f, gconstpointer data)
{
  static const char * const good[] = {
    "stun-server=stun:stun.example.org:3478\n",
    "stun-server=stun://stun.example.org:3478\n",
    "stun-server=stun.example.org\n",
    "stun-server=stun.example.org:3478\n",
    "stun-server=192.0.2.1:19302\n",
    "stun-server=stun:[2001:db8::1]:3478\n",
    "turn-server=turn:turn.example.org:3478?transport=udp\n",
    "turn-server=turn:turn.example.org\n",
    "turn-server=turn://cabine:pa%40ss@turn.example.org:3478\n",
    "turn-server=turn.example.org:3478\nturn-username=cabine\nturn-credential=secret\n",
    /* Schemes are case-insensitive (RFC 3986 §3.1); an empty port is the default one. */
    "stun-server=STUN:stun.example.org:3478\n",
    "stun-server=Stun://stun.example.org\n",
    "turn-server=TURN://cabine:secret@turn.example.org:3478\n",
    "stun-server=stun:stun.example.org:\n",
    "stun-server=stun:stun.example.org.\n",
    "stun-server=stun:café.example\n",
    "stun-server=stun:10.0.0.1\n",
  };
  static const struct {
    const char *line;
    const char *key;
    const char *detail;
  } bad[] = {
    { "stun-server=turn:stun.example.org:3478\n", "stun-server", "its scheme is turn:, not stun:" },
    { "stun-server=stuns://stun.example.org:5349\n", "stun-server", "its scheme is stuns:" },
    { "stun-server=http://stun.example.org/\n", "stun-server", "its scheme is http:" },
    { "stun-server=stun://stun.example.org:99999\n", "stun-server", "expected stun:HOST[:PORT]" },
    { "stun-server=stun://stun.example.org:0\n", "stun-server", "port 0" },
    { "stun-server=stun://\n", "stun-server", "no host" },
    { "stun-server=stun://stun.example.org:3478/x\n", "stun-server", "path" },
    { "stun-server=stun://u:p@stun.example.org\n", "stun-server", "no user, password or query" },
    { "turn-server=turns://u:p@turn.example.org:5349\n", "turn-server", "its scheme is turns:" },
    { "turn-server=turn:turn.example.org:3478?transport=tcp\n", "turn-server", "UDP only" },
    { "turn-server=turn://u:p@:3478\n", "turn-server", "no host" },
    { "turn-server=turn:turn.example.org:port\n", "turn-server",
      "expected turn:HOST[:PORT][?transport=udp] or turn://USER:PASSWORD@HOST[:PORT]" },
    { "stun-server=stun:ho st:3478\n", "stun-server", "not a host name or an IP address" },
    { "stun-server=stun:2001:db8::1\n", "stun-server", "goes in brackets" },
    { "turn-server=turn://cabine@turn.example.org\n", "turn-server", "goes with its password" },
    { "turn-server=turn://:secret@turn.example.org\n", "turn-server", "goes with its password" },
    { "turn-server=turn://cabine:@turn.example.org\n", "turn-server", "goes with its password" },
    { "stun-server=stun:256.1.1.1\n", "stun-server", "not a host name or an IP address" },
    { "stun-server=stun:1.2.3\n", "stun-server", "not a host name or an IP address" },
    { "stun-server=stun:-host.example\n", "stun-server", "not a host name or an IP address" },
    { "stun-server=stun:host..example\n", "stun-server", "not a host name or an IP address" },
    { "stun-server=\"stun:stun.example.org\"\n", "stun-server", "no quotes are needed" },
    { "stun-server=stun:a.example;stun:b.example\n", "stun-server", "one server only" },
    { "turn-server=turn:turn.example.org\nturn-username=cabine\n", "turn-username",
      "go together" },
    { "turn-server=turn:turn.example.org\nturn-credential=secret\n", "turn-credential",
      "go together" },
    { "turn-username=cabine\nturn-credential=secret\n", "turn-username", "with turn-server" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autofree char *text = g_strdup_printf ("id=a\n[media]\n%s", good[i]);
      GError *error = check (f, text);

      g_test_message ("%s", good[i]);
      g_assert_no_error (error);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *text = g_strdup_printf ("id=a\n[media]\n%s", bad[i].line);

      assert_refused_in (f, text, "media", bad[i].key, bad[i].detail);
    }
}

/* What the maintenance network test reads from an accepted value (cabine_config_parse_ice_server()). */
static void
test_ice_server_parse (Fixture *f, gconstpointer data)
{
  static const struct {
    const char *scheme, *value, *host;
    guint16 port;
    const char *user, *password;
  } cases[] = {
    { "stun", "STUN:stun.example.org", "stun.example.org", 3478, NULL, NULL },
    { "stun", "stun:[2001:db8::1]:19302", "2001:db8::1", 19302, NULL, NULL },
    { "stun", " 192.0.2.1:3479 ", "192.0.2.1", 3479, NULL, NULL },
    { "turn", "turn://cabine:pa%40ss@turn.example.org:3478", "turn.example.org", 3478, "cabine", "pa@ss" },
    { "turn", "turn:turn.example.org?transport=UDP", "turn.example.org", 3478, NULL, NULL },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *host = NULL;
      g_autofree char *user = NULL;
      g_autofree char *password = NULL;
      guint16 port = 0;

      g_test_message ("%s", cases[i].value);
      g_assert_true (cabine_config_parse_ice_server (cases[i].scheme, cases[i].value, 3478, &host,
                                                     &port, &user, &password, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (host, ==, cases[i].host);
      g_assert_cmpuint (port, ==, cases[i].port);
      g_assert_cmpstr (user, ==, cases[i].user);
      g_assert_cmpstr (password, ==, cases[i].password);
    }
}

/* Paths are absolute: "~" is not expanded, a relative path would depend on the working folder,
 * quotes are part of the value. */
static void
test_relative_paths (Fixture *f, gconstpointer data)
{
  assert_refused (f, "id=a\ndatabase=~/kiosk.db\n", "database", "~ is not expanded");
  assert_refused (f, "id=a\ndatabase=kiosk.db\n", "database", "not an absolute path");
  assert_refused (f, "id=a\ndatabase=\"/tmp/kiosk.db\"\n", "database", "no quotes are needed");
  assert_refused (f, "id=a\nhub-url=wss://hub.example/ws\nhub-ca=ca.pem\n", "hub-ca",
                  "not an absolute path");
  assert_refused_in (f, "id=a\n[devices]\nstate-dir=relative/state\n", "devices", "state-dir",
                     "not an absolute path");
}

static void
test_kiosk_id (Fixture *f, gconstpointer data)
{
  g_autofree char *long_id = g_strnfill (CABINE_CONFIG_KIOSK_ID_MAX + 1, 'a');
  g_autofree char *max_id = g_strnfill (CABINE_CONFIG_KIOSK_ID_MAX, 'a');
  g_autofree char *long_line = g_strdup_printf ("id=%s\n", long_id);
  g_autofree char *max_line = g_strdup_printf ("id=%s\n", max_id);
  GError *error;

  assert_refused (f, "id=cabin 01/../x\n", "id", "letters, digits");
  assert_refused (f, "id=cabine-é\n", "id", "letters, digits");
  assert_refused (f, "id=..\n", "id", "not");
  assert_refused (f, long_line, "id", "1 to 64");
  error = check (f, max_line);
  g_assert_no_error (error);
}

static void
test_duplicate_key (Fixture *f, gconstpointer data)
{
  GError *error;

  /* Lines 1-3 are [kiosk], token and database. */
  assert_refused (f, "id=cabin-01\n# later\n  id = cabin-02\n", "id", "set twice (lines 4 and 6)");
  /* GKeyFile merges a group opened twice: its keys count together. */
  assert_refused (f, "id=cabin-01\n[ui]\nspoken-prompts=true\n[kiosk]\nid=cabin-02\n", "id",
                  "set twice (lines 4 and 8)");
  /* The same key name in two groups is no duplicate. */
  error = check (f, "id=cabin-01\nend-page-seconds=5\n[ui]\nspoken-prompts=true\n"
                    "[maintenance]\ncleaning-interval-hours=5\n");
  g_assert_no_error (error);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/kiosk/config-check/valid", Fixture, NULL, fixture_set_up, test_valid, fixture_tear_down);
  g_test_add ("/kiosk/config-check/hub-ca", Fixture, NULL, fixture_set_up, test_hub_ca, fixture_tear_down);
  g_test_add ("/kiosk/config-check/token", Fixture, NULL, fixture_set_up, test_token, fixture_tear_down);
  g_test_add ("/kiosk/config-check/hub-url", Fixture, NULL, fixture_set_up, test_hub_url, fixture_tear_down);
  g_test_add ("/kiosk/config-check/database-folder", Fixture, NULL, fixture_set_up, test_database_folder,
              fixture_tear_down);
  g_test_add ("/kiosk/config-check/database-not-a-store", Fixture, NULL, fixture_set_up,
              test_database_not_a_store, fixture_tear_down);
  g_test_add ("/kiosk/config-check/database-existing", Fixture, NULL, fixture_set_up,
              test_database_existing, fixture_tear_down);
  g_test_add ("/kiosk/config-check/database-read-only", Fixture, NULL, fixture_set_up,
              test_database_read_only, fixture_tear_down);
  g_test_add ("/kiosk/config-check/state-dir", Fixture, NULL, fixture_set_up, test_state_dir,
              fixture_tear_down);
  g_test_add ("/kiosk/config-check/state-dir-read-only", Fixture, NULL, fixture_set_up,
              test_state_dir_read_only, fixture_tear_down);
  g_test_add ("/kiosk/config-check/ice-servers", Fixture, NULL, fixture_set_up, test_ice_servers,
              fixture_tear_down);
  g_test_add ("/kiosk/config-check/kiosk-id", Fixture, NULL, fixture_set_up, test_kiosk_id, fixture_tear_down);
  g_test_add ("/kiosk/config-check/relative-paths", Fixture, NULL, fixture_set_up, test_relative_paths,
              fixture_tear_down);
  g_test_add ("/kiosk/config-check/ice-server-parse", Fixture, NULL, fixture_set_up,
              test_ice_server_parse, fixture_tear_down);
  g_test_add ("/kiosk/config-check/duplicate-key", Fixture, NULL, fixture_set_up, test_duplicate_key,
              fixture_tear_down);
  return g_test_run ();
}
