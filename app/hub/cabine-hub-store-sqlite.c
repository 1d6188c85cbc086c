/* cabine-hub-store-sqlite.c: the hub's embedded SQLite store
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "cabine-hub-store"

#include <errno.h>
#include <fcntl.h>
#include <sys/file.h>
#include <stdarg.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include <sqlite3.h>

#include "cabine-hub-resources.h"
#include "cabine-hub-store-sqlite-private.h"
#include "cabine-protocol.h"

static void cabine_hub_store_sqlite_iface_init (CabineHubStoreInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CabineHubStoreSqlite, cabine_hub_store_sqlite, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (CABINE_TYPE_HUB_STORE,
                                                      cabine_hub_store_sqlite_iface_init))

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

static void
cabine_hub_store_sqlite_finalize (GObject *object)
{
  CabineHubStoreSqlite *self = CABINE_HUB_STORE_SQLITE (object);

  if (self->db != NULL)
    sqlite3_close_v2 (self->db);
  if (self->lock_fd >= 0)
    close (self->lock_fd);   /* also releases the flock() */
  g_free (self->path);
  G_OBJECT_CLASS (cabine_hub_store_sqlite_parent_class)->finalize (object);
}

static void
cabine_hub_store_sqlite_class_init (CabineHubStoreSqliteClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cabine_hub_store_sqlite_finalize;
}

static void
cabine_hub_store_sqlite_init (CabineHubStoreSqlite *self)
{
  self->lock_fd = -1;
}

static gboolean
sql_error (CabineHubStoreSqlite  *self,
           const char            *what,
           GError               **error)
{
  g_set_error (error, CABINE_HUB_STORE_ERROR, CABINE_HUB_STORE_ERROR_FAILED, "%s: %s: %s",
               self->path, what, sqlite3_errmsg (self->db));
  return FALSE;
}

static gboolean
exec (CabineHubStoreSqlite  *self,
      const char            *sql,
      GError               **error)
{
  char *msg = NULL;

  if (sqlite3_exec (self->db, sql, NULL, NULL, &msg) != SQLITE_OK)
    {
      g_set_error (error, CABINE_HUB_STORE_ERROR, CABINE_HUB_STORE_ERROR_FAILED, "%s: %s",
                   self->path, msg != NULL ? msg : sqlite3_errmsg (self->db));
      sqlite3_free (msg);
      return FALSE;
    }
  return TRUE;
}

static sqlite3_stmt *
prepare (CabineHubStoreSqlite  *self,
         const char            *sql,
         GError               **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      sql_error (self, "prepare", error);
      return NULL;
    }
  return stmt;
}

static gint64
pragma_int (CabineHubStoreSqlite *self,
            const char           *sql)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (self, sql, NULL);

  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    return -1;
  return sqlite3_column_int64 (stmt, 0);
}

gboolean
cabine_hub_store_sqlite_check_identity (CabineHubStoreSqlite  *self,
                const char            *name,
                gint64                *version,
                GError               **error)
{
  gint64 app_id = pragma_int (self, "PRAGMA application_id");
  gint64 tables = pragma_int (self, "SELECT count(*) FROM sqlite_master");

  *version = pragma_int (self, "PRAGMA user_version");
  if (app_id != CABINE_HUB_STORE_SQLITE_APPLICATION_ID && (app_id != 0 || tables > 0))
    {
      if (app_id == 0)
        g_set_error (error, CABINE_HUB_STORE_ERROR, CABINE_HUB_STORE_ERROR_OPEN,
                     "%s is not a Cabine hub store (an SQLite database with tables and no "
                     "application_id)", name);
      else
        g_set_error (error, CABINE_HUB_STORE_ERROR, CABINE_HUB_STORE_ERROR_OPEN,
                     "%s is not a Cabine hub store (SQLite application_id 0x%08" G_GINT64_MODIFIER
                     "x)", name, app_id);
      return FALSE;
    }
  if (*version > CABINE_HUB_STORE_SQLITE_SCHEMA_VERSION)
    {
      g_set_error (error, CABINE_HUB_STORE_ERROR, CABINE_HUB_STORE_ERROR_TOO_NEW,
                   "%s has schema version %" G_GINT64_FORMAT ", newer than this hub's %d; "
                   "upgrade the hub, the store was left as it is",
                   name, *version, CABINE_HUB_STORE_SQLITE_SCHEMA_VERSION);
      return FALSE;
    }
  return TRUE;
}

static gboolean
migrate (CabineHubStoreSqlite  *self,
         GError               **error)
{
  gint64 version;

  if (!cabine_hub_store_sqlite_check_identity (self, self->path, &version, error))
    return FALSE;
  while (version < CABINE_HUB_STORE_SQLITE_SCHEMA_VERSION)
    {
      g_autofree char *name = g_strdup_printf ("/org/cabine/hub/sql/hub-%" G_GINT64_FORMAT ".sql",
                                               version + 1);
      g_autoptr(GBytes) sql = g_resources_lookup_data (name, 0, error);
      g_autofree char *text = NULL;
      g_autofree char *bump = NULL;

      if (sql == NULL)
        return FALSE;
      text = g_strndup (g_bytes_get_data (sql, NULL), g_bytes_get_size (sql));
      bump = g_strdup_printf ("PRAGMA application_id = %d; PRAGMA user_version = %" G_GINT64_FORMAT ";",
                              CABINE_HUB_STORE_SQLITE_APPLICATION_ID, version + 1);
      if (!exec (self, "BEGIN IMMEDIATE", error))
        return FALSE;
      if (!exec (self, text, error) || !exec (self, bump, error) || !exec (self, "COMMIT", error))
        {
          exec (self, "ROLLBACK", NULL);
          return FALSE;
        }
      version++;
    }
  return TRUE;
}

CabineHubStore *
cabine_hub_store_sqlite_open (const char  *path,
                              GError     **error)
{
  g_autoptr(CabineHubStoreSqlite) self = g_object_new (CABINE_TYPE_HUB_STORE_SQLITE, NULL);
  gboolean memory = g_str_equal (path, ":memory:");
  gint64 version;
  int rc;

  (void) cabine_hub_get_resource ();
  self->path = g_strdup (path);
  if (!memory)
    {
      g_autofree char *dir = g_path_get_dirname (path);
      gboolean existed = g_file_test (dir, G_FILE_TEST_IS_DIR);

      /* SQLite would only say "unable to open database file". */
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          g_set_error (error, CABINE_HUB_STORE_ERROR, CABINE_HUB_STORE_ERROR_OPEN,
                       "%s is a folder; the database must be a file, e.g. %s/hub.db", path, path);
          return NULL;
        }
      if (!existed)
        g_message ("creating the folder %s for the database %s", dir, path);
      if (g_mkdir_with_parents (dir, 0700) != 0)
        {
          int saved = errno;
          g_set_error (error, CABINE_HUB_STORE_ERROR, CABINE_HUB_STORE_ERROR_OPEN,
                       "cannot create the folder %s: %s", dir, g_strerror (saved));
          return NULL;
        }
    }
  /* One hub per store: a second one on the same file would keep its own queue and relay, and the
   * two would answer kiosks and physicians differently. An advisory lock on the file (flock(2), as
   * the kiosk's store takes), not SQLite's locking_mode=EXCLUSIVE, which would also shut out
   * `cabine-hub --check-config` beside the running hub. */
  if (!memory)
    {
      self->lock_fd = open (path, O_RDONLY | O_CLOEXEC);
      if (self->lock_fd < 0 && errno == ENOENT)
        self->lock_fd = open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
      if (self->lock_fd >= 0 && flock (self->lock_fd, LOCK_EX | LOCK_NB) != 0)
        {
          int saved = errno;

          g_set_error (error, CABINE_HUB_STORE_ERROR, CABINE_HUB_STORE_ERROR_OPEN,
                       saved == EWOULDBLOCK ? "another hub is using %s" : "cannot lock %s: %s",
                       path, g_strerror (saved));
          return NULL;
        }
    }
  rc = sqlite3_open_v2 (path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      /* SQLite only says "unable to open database file": say why when the folder is the cause. */
      g_autofree char *folder = g_path_get_dirname (path);

      if (!g_file_test (path, G_FILE_TEST_EXISTS) && g_access (folder, W_OK) != 0)
        {
          int saved = errno;

          g_set_error (error, CABINE_HUB_STORE_ERROR, CABINE_HUB_STORE_ERROR_OPEN, "cannot create %s: the folder %s: %s",
                       path, folder, g_strerror (saved));
        }
      else
        g_set_error (error, CABINE_HUB_STORE_ERROR, CABINE_HUB_STORE_ERROR_OPEN, "cannot open %s: %s",
                     path, self->db != NULL ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
      return NULL;
    }
  /* SQLite opens a file this user cannot write read-only without a word: the store would then
   * fail at its first write (or report the file as unreadable), so say it here. */
  if (sqlite3_db_readonly (self->db, "main") == 1)
    {
      g_set_error (error, CABINE_HUB_STORE_ERROR, CABINE_HUB_STORE_ERROR_OPEN,
                   "%s cannot be written by this user (%s)", path,
                   g_access (path, W_OK) != 0 ? g_strerror (errno) : "SQLite opened it read-only");
      return NULL;
    }
  sqlite3_busy_timeout (self->db, 5000);
  /* The file's header is read here: a file of another kind is named as such, not as a failed
   * statement. */
  rc = sqlite3_exec (self->db, "PRAGMA schema_version", NULL, NULL, NULL);
  if ((rc & 0xff) == SQLITE_NOTADB)
    {
      g_set_error (error, CABINE_HUB_STORE_ERROR, CABINE_HUB_STORE_ERROR_OPEN,
                   "%s is not an SQLite database (SQLite: %s)", path, sqlite3_errmsg (self->db));
      return NULL;
    }
  /* Another application's database, or a newer schema, is refused before anything is written to
   * it (journal_mode = WAL changes the file). */
  if (!cabine_hub_store_sqlite_check_identity (self, path, &version, error) ||
      !exec (self, memory ? "PRAGMA foreign_keys = ON;"
                          : "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; "
                            "PRAGMA foreign_keys = ON;", error) ||
      !migrate (self, error))
    return NULL;
  return CABINE_HUB_STORE (g_steal_pointer (&self));
}

static char *
now_text (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  return g_date_time_format_iso8601 (now);
}

/* Runs @sql, which writes and returns no row, with @n_texts texts (const char *, NULL binds SQL
 * NULL) bound to ?1, ?2…; @what names the operation in the error. */
static gboolean
run_with_texts (CabineHubStoreSqlite  *self,
                const char            *sql,
                const char            *what,
                GError               **error,
                int                    n_texts,
                ...)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (self, sql, error);
  va_list args;

  if (stmt == NULL)
    return FALSE;
  va_start (args, n_texts);
  for (int i = 1; i <= n_texts; i++)
    sqlite3_bind_text (stmt, i, va_arg (args, const char *), -1, SQLITE_TRANSIENT);
  va_end (args);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return sql_error (self, what, error);
  return TRUE;
}

static gboolean
sqlite_note_consultation (CabineHubStore  *store,
                          const char      *hub_session_id,
                          const char      *kiosk_id,
                          const char      *physician,
                          GError         **error)
{
  g_autofree char *now = now_text ();

  return run_with_texts (CABINE_HUB_STORE_SQLITE (store),
                         "INSERT OR IGNORE INTO consultation (hub_session_id, kiosk_id, physician, "
                         "accepted_at) VALUES (?1, ?2, ?3, ?4)", "note consultation", error,
                         4, hub_session_id, kiosk_id, physician, now);
}

static gboolean
sqlite_get_consultation (CabineHubStore  *store,
                         const char      *hub_session_id,
                         char           **out_kiosk_id,
                         char           **out_physician,
                         char           **out_ended_at,
                         GError         **error)
{
  CabineHubStoreSqlite *self = CABINE_HUB_STORE_SQLITE (store);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = prepare (self, "SELECT kiosk_id, physician, ended_at FROM consultation "
                        "WHERE hub_session_id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, hub_session_id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, CABINE_HUB_STORE_ERROR, CABINE_HUB_STORE_ERROR_NOT_FOUND,
                   "no consultation %s", hub_session_id);
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    return sql_error (self, "get consultation", error);
  if (out_kiosk_id != NULL)
    *out_kiosk_id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  if (out_physician != NULL)
    *out_physician = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  if (out_ended_at != NULL)
    *out_ended_at = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  return TRUE;
}

static gboolean
sqlite_end_consultation (CabineHubStore  *store,
                         const char      *hub_session_id,
                         GError         **error)
{
  CabineHubStoreSqlite *self = CABINE_HUB_STORE_SQLITE (store);
  g_autofree char *now = now_text ();

  /* The first end is kept: "UPDATE … WHERE ended_at IS NULL" changes no row of one already ended,
   * so its existence is asked for only when nothing changed. */
  if (!run_with_texts (self, "UPDATE consultation SET ended_at = ?2 "
                             "WHERE hub_session_id = ?1 AND ended_at IS NULL",
                       "end consultation", error, 2, hub_session_id, now))
    return FALSE;
  if (sqlite3_changes (self->db) > 0)
    return TRUE;
  return sqlite_get_consultation (store, hub_session_id, NULL, NULL, NULL, error);
}

/* The ids of @keep as a JSON array's text, to bind as one parameter (json_each()). */
static char *
ids_to_json (const char * const *keep)
{
  g_autoptr(JsonArray) ids = json_array_new ();
  g_autoptr(JsonNode) node = json_node_init_array (json_node_alloc (), ids);   /* its own ref */

  for (guint i = 0; keep[i] != NULL; i++)
    json_array_add_string_element (ids, keep[i]);
  return cabine_json_to_string (node, FALSE);
}

static gboolean
sqlite_end_unresumed_consultations (CabineHubStore      *store,
                                    GDateTime           *accepted_before,
                                    const char * const  *keep,
                                    guint               *out_n_ended,
                                    GError             **error)
{
  CabineHubStoreSqlite *self = CABINE_HUB_STORE_SQLITE (store);
  g_autofree char *kept_text = ids_to_json (keep);
  g_autofree char *before = g_date_time_format_iso8601 (accepted_before);
  g_autofree char *now = now_text ();

  /* julianday(): the times are RFC 3339 with or without fractional seconds, which do not sort as
   * text; the ids kept are a JSON array, one statement whatever their number. */
  if (!run_with_texts (self, "UPDATE consultation SET ended_at = ?2 WHERE ended_at IS NULL "
                             "AND julianday (accepted_at) < julianday (?1) AND hub_session_id "
                             "NOT IN (SELECT value FROM json_each (?3))",
                       "end unresumed consultations", error, 3, before, now, kept_text))
    return FALSE;
  if (out_n_ended != NULL)
    *out_n_ended = (guint) sqlite3_changes (self->db);
  return TRUE;
}

static gboolean
sqlite_put_waiting (CabineHubStore  *store,
                    const char      *hub_session_id,
                    const char      *kiosk_id,
                    GDateTime       *waiting_since,
                    GError         **error)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (waiting_since);
  g_autofree char *since = g_date_time_format_iso8601 (utc);

  return run_with_texts (CABINE_HUB_STORE_SQLITE (store),
                         "INSERT OR REPLACE INTO waiting (hub_session_id, kiosk_id, waiting_since) "
                         "VALUES (?1, ?2, ?3)", "note waiting session", error,
                         3, hub_session_id, kiosk_id, since);
}

static gboolean
sqlite_get_waiting (CabineHubStore  *store,
                    const char      *hub_session_id,
                    char           **out_kiosk_id,
                    GDateTime      **out_waiting_since,
                    GError         **error)
{
  CabineHubStoreSqlite *self = CABINE_HUB_STORE_SQLITE (store);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GDateTime) since = NULL;
  const char *text;
  int rc;

  stmt = prepare (self, "SELECT kiosk_id, waiting_since FROM waiting WHERE hub_session_id = ?1",
                  error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, hub_session_id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, CABINE_HUB_STORE_ERROR, CABINE_HUB_STORE_ERROR_NOT_FOUND,
                   "no waiting session %s", hub_session_id);
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    return sql_error (self, "get waiting session", error);
  text = (const char *) sqlite3_column_text (stmt, 1);
  since = text != NULL ? g_date_time_new_from_iso8601 (text, NULL) : NULL;
  if (since == NULL)
    {
      g_set_error (error, CABINE_HUB_STORE_ERROR, CABINE_HUB_STORE_ERROR_FAILED,
                   "%s: waiting session %s has no valid waiting_since", self->path, hub_session_id);
      return FALSE;
    }
  if (out_kiosk_id != NULL)
    *out_kiosk_id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  if (out_waiting_since != NULL)
    *out_waiting_since = g_date_time_to_utc (since);
  return TRUE;
}

static gboolean
sqlite_delete_waiting (CabineHubStore  *store,
                       const char      *hub_session_id,
                       GError         **error)
{
  return run_with_texts (CABINE_HUB_STORE_SQLITE (store),
                         "DELETE FROM waiting WHERE hub_session_id = ?1", "forget waiting session",
                         error, 1, hub_session_id);
}

static GPtrArray *
sqlite_list_waiting (CabineHubStore  *store,
                     GError         **error)
{
  CabineHubStoreSqlite *self = CABINE_HUB_STORE_SQLITE (store);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify)
                                                              cabine_hub_store_waiting_free);
  int rc;

  stmt = prepare (self, "SELECT hub_session_id, kiosk_id, waiting_since FROM waiting", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *text = (const char *) sqlite3_column_text (stmt, 2);
      g_autoptr(GDateTime) since = text != NULL ? g_date_time_new_from_iso8601 (text, NULL) : NULL;
      CabineHubStoreWaiting *row;

      if (since == NULL)
        {
          g_set_error (error, CABINE_HUB_STORE_ERROR, CABINE_HUB_STORE_ERROR_FAILED,
                       "%s: waiting session %s has no valid waiting_since", self->path,
                       (const char *) sqlite3_column_text (stmt, 0));
          return NULL;
        }
      row = g_new0 (CabineHubStoreWaiting, 1);
      row->hub_session_id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      row->kiosk_id = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      row->waiting_since = g_date_time_to_utc (since);
      g_ptr_array_add (rows, row);
    }
  if (rc != SQLITE_DONE)
    {
      sql_error (self, "list waiting sessions", error);
      return NULL;
    }
  return g_steal_pointer (&rows);
}

static gboolean
sqlite_delete_waiting_except (CabineHubStore      *store,
                              const char * const  *keep,
                              guint               *out_n_deleted,
                              GError             **error)
{
  CabineHubStoreSqlite *self = CABINE_HUB_STORE_SQLITE (store);
  g_autofree char *kept = ids_to_json (keep);

  if (!run_with_texts (self, "DELETE FROM waiting WHERE hub_session_id NOT IN "
                             "(SELECT value FROM json_each (?1))",
                       "forget waiting sessions", error, 1, kept))
    return FALSE;
  if (out_n_deleted != NULL)
    *out_n_deleted = (guint) sqlite3_changes (self->db);
  return TRUE;
}

static gboolean
sqlite_put_record (CabineHubStore  *store,
                   const char      *record_id,
                   const char      *kiosk_id,
                   const char      *hub_session_id,
                   const char      *record_json,
                   gboolean        *out_created,
                   GError         **error)
{
  CabineHubStoreSqlite *self = CABINE_HUB_STORE_SQLITE (store);
  g_autoptr(sqlite3_stmt) insert = NULL;
  g_autoptr(sqlite3_stmt) owner = NULL;
  g_autofree char *now = now_text ();

  insert = prepare (self, "INSERT OR IGNORE INTO record (record_id, kiosk_id, hub_session_id, "
                          "received_at, body) VALUES (?1, ?2, ?3, ?4, ?5)", error);
  if (insert == NULL)
    return FALSE;
  sqlite3_bind_text (insert, 1, record_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (insert, 2, kiosk_id, -1, SQLITE_TRANSIENT);
  if (hub_session_id != NULL)
    sqlite3_bind_text (insert, 3, hub_session_id, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (insert, 3);
  sqlite3_bind_text (insert, 4, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (insert, 5, record_json, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (insert) != SQLITE_DONE)
    return sql_error (self, "store record", error);
  *out_created = sqlite3_changes (self->db) > 0;
  if (*out_created)
    return TRUE;

  /* Already there: a repeat from the same kiosk is fine, another kiosk's id is a conflict. */
  owner = prepare (self, "SELECT kiosk_id FROM record WHERE record_id = ?1", error);
  if (owner == NULL)
    return FALSE;
  sqlite3_bind_text (owner, 1, record_id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (owner) != SQLITE_ROW)
    return sql_error (self, "check record owner", error);
  if (!g_str_equal ((const char *) sqlite3_column_text (owner, 0), kiosk_id))
    {
      g_set_error (error, CABINE_HUB_STORE_ERROR, CABINE_HUB_STORE_ERROR_CONFLICT,
                   "record %s belongs to another kiosk", record_id);
      return FALSE;
    }
  return TRUE;
}

static gboolean
sqlite_get_record (CabineHubStore  *store,
                   const char      *id,
                   char           **out_record_json,
                   char           **out_hub_session_id,
                   GError         **error)
{
  CabineHubStoreSqlite *self = CABINE_HUB_STORE_SQLITE (store);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = prepare (self, "SELECT body, hub_session_id FROM record WHERE record_id = ?1 "
                        "UNION ALL SELECT body, hub_session_id FROM record WHERE hub_session_id = ?1 "
                        "LIMIT 1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, CABINE_HUB_STORE_ERROR, CABINE_HUB_STORE_ERROR_NOT_FOUND, "no record %s", id);
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    return sql_error (self, "get record", error);
  *out_record_json = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  if (out_hub_session_id != NULL)
    *out_hub_session_id = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  return TRUE;
}

static gint64
sqlite_count_records (CabineHubStore  *store,
                      GError         **error)
{
  CabineHubStoreSqlite *self = CABINE_HUB_STORE_SQLITE (store);
  g_autoptr(sqlite3_stmt) stmt = prepare (self, "SELECT count(*) FROM record", error);

  if (stmt == NULL)
    return -1;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sql_error (self, "count records", error);
      return -1;
    }
  return sqlite3_column_int64 (stmt, 0);
}

static gboolean
sqlite_put_login (CabineHubStore  *store,
                  const char      *token_sha256,
                  const char      *username,
                  gint64           expires_at,
                  GError         **error)
{
  CabineHubStoreSqlite *self = CABINE_HUB_STORE_SQLITE (store);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = now_text ();

  stmt = prepare (self, "INSERT OR REPLACE INTO login (token_sha256, username, issued_at, expires_at) "
                        "VALUES (?1, ?2, ?3, ?4)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, token_sha256, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, username, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, expires_at);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return sql_error (self, "store login", error);
  return TRUE;
}

static gboolean
sqlite_get_login (CabineHubStore  *store,
                  const char      *token_sha256,
                  char           **out_username,
                  gint64          *out_expires_at,
                  GError         **error)
{
  CabineHubStoreSqlite *self = CABINE_HUB_STORE_SQLITE (store);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = prepare (self, "SELECT username, expires_at FROM login WHERE token_sha256 = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, token_sha256, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error_literal (error, CABINE_HUB_STORE_ERROR, CABINE_HUB_STORE_ERROR_NOT_FOUND,
                           "no such login");
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    return sql_error (self, "get login", error);
  *out_username = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  *out_expires_at = sqlite3_column_int64 (stmt, 1);
  return TRUE;
}

static gboolean
sqlite_purge_logins (CabineHubStore  *store,
                     const char      *token_sha256,
                     gint64           now,
                     guint           *out_n_purged,
                     GError         **error)
{
  CabineHubStoreSqlite *self = CABINE_HUB_STORE_SQLITE (store);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = prepare (self, "DELETE FROM login WHERE expires_at <= ?1 OR token_sha256 = ?2", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, now);
  if (token_sha256 != NULL)
    sqlite3_bind_text (stmt, 2, token_sha256, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, 2);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return sql_error (self, "purge logins", error);
  if (out_n_purged != NULL)
    *out_n_purged = (guint) sqlite3_changes (self->db);
  return TRUE;
}

static gboolean
sqlite_put_notes (CabineHubStore  *store,
                  const char      *hub_session_id,
                  const char      *physician,
                  const char      *text,
                  GError         **error)
{
  g_autofree char *now = now_text ();

  return run_with_texts (CABINE_HUB_STORE_SQLITE (store),
                         "INSERT OR REPLACE INTO note (hub_session_id, physician, body, updated_at) "
                         "VALUES (?1, ?2, ?3, ?4)", "store notes", error,
                         4, hub_session_id, physician, text, now);
}

static gboolean
sqlite_get_notes (CabineHubStore  *store,
                  const char      *hub_session_id,
                  char           **out_text,
                  char           **out_physician,
                  char           **out_updated_at,
                  GError         **error)
{
  CabineHubStoreSqlite *self = CABINE_HUB_STORE_SQLITE (store);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = prepare (self, "SELECT body, physician, updated_at FROM note WHERE hub_session_id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, hub_session_id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, CABINE_HUB_STORE_ERROR, CABINE_HUB_STORE_ERROR_NOT_FOUND,
                   "no notes for %s", hub_session_id);
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    return sql_error (self, "get notes", error);
  *out_text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  if (out_physician != NULL)
    *out_physician = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  if (out_updated_at != NULL)
    *out_updated_at = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  return TRUE;
}

static void
cabine_hub_store_sqlite_iface_init (CabineHubStoreInterface *iface)
{
  iface->note_consultation = sqlite_note_consultation;
  iface->get_consultation = sqlite_get_consultation;
  iface->end_consultation = sqlite_end_consultation;
  iface->end_unresumed_consultations = sqlite_end_unresumed_consultations;
  iface->put_waiting = sqlite_put_waiting;
  iface->get_waiting = sqlite_get_waiting;
  iface->delete_waiting = sqlite_delete_waiting;
  iface->delete_waiting_except = sqlite_delete_waiting_except;
  iface->list_waiting = sqlite_list_waiting;
  iface->put_record = sqlite_put_record;
  iface->get_record = sqlite_get_record;
  iface->count_records = sqlite_count_records;
  iface->put_login = sqlite_put_login;
  iface->get_login = sqlite_get_login;
  iface->purge_logins = sqlite_purge_logins;
  iface->put_notes = sqlite_put_notes;
  iface->get_notes = sqlite_get_notes;
}
