/* cabine-store.c: the kiosk's local SQLite store
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "cabine-store"

#include <errno.h>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "cabine-kiosk-resources.h"
#include "cabine-store-private.h"

#include "cabine-sqlite-probe.h"

G_DEFINE_QUARK (cabine-store-error-quark, cabine_store_error)
G_DEFINE_FINAL_TYPE (CabineStore, cabine_store, G_TYPE_OBJECT)

static void
cabine_store_finalize (GObject *object)
{
  CabineStore *self = CABINE_STORE (object);

  if (self->db != NULL)
    sqlite3_close_v2 (self->db);
  g_free (self->path);
  G_OBJECT_CLASS (cabine_store_parent_class)->finalize (object);
}

static void
cabine_store_class_init (CabineStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cabine_store_finalize;
}

static void
cabine_store_init (CabineStore *self)
{
}

/* Maps SQLite's primary result code to a store error code an operator can act on. */
static CabineStoreError
code_for (int rc)
{
  switch (rc & 0xff)
    {
    case SQLITE_FULL:
      return CABINE_STORE_ERROR_FULL;
    case SQLITE_READONLY:
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
      return CABINE_STORE_ERROR_READ_ONLY;
    default:
      return CABINE_STORE_ERROR_SQL;
    }
}

static const char *
hint_for (CabineStoreError code)
{
  switch (code)
    {
    case CABINE_STORE_ERROR_FULL:
      return " (the disk is full: free space, nothing was written)";
    case CABINE_STORE_ERROR_READ_ONLY:
      return " (the database or its folder is read-only or missing: check permissions)";
    default:
      return "";
    }
}

gboolean
store_sql_error (CabineStore  *self,
               const char   *what,
               GError      **error)
{
  CabineStoreError code = code_for (sqlite3_extended_errcode (self->db));

  g_set_error (error, CABINE_STORE_ERROR, code, "%s: %s: %s%s",
               self->path, what, sqlite3_errmsg (self->db), hint_for (code));
  return FALSE;
}

gboolean
store_exec (CabineStore  *self,
      const char   *sql,
      GError      **error)
{
  char *msg = NULL;
  int rc = sqlite3_exec (self->db, sql, NULL, NULL, &msg);

  if (rc != SQLITE_OK)
    {
      CabineStoreError code = code_for (sqlite3_extended_errcode (self->db));

      g_set_error (error, CABINE_STORE_ERROR, code, "%s: %s%s", self->path,
                   msg != NULL ? msg : sqlite3_errmsg (self->db), hint_for (code));
      sqlite3_free (msg);
      return FALSE;
    }
  return TRUE;
}

sqlite3_stmt *
store_prepare (CabineStore  *self,
         const char   *sql,
         GError      **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      store_sql_error (self, "prepare", error);
      return NULL;
    }
  return stmt;
}

static gint64
pragma_int (CabineStore *self,
            const char  *sql)
{
  g_autoptr(sqlite3_stmt) stmt = store_prepare (self, sql, NULL);

  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    return -1;
  return sqlite3_column_int64 (stmt, 0);
}

/* The database is empty or a kiosk store this build can read (application_id and user_version);
 * sets *@version to its schema version. */
static gboolean
check_identity (CabineStore  *self,
                gint64       *version,
                GError      **error)
{
  gint64 app_id = pragma_int (self, "PRAGMA application_id");
  gint64 tables = pragma_int (self, "SELECT count(*) FROM sqlite_master");

  *version = pragma_int (self, "PRAGMA user_version");
  if (app_id != CABINE_STORE_APPLICATION_ID && (app_id != 0 || tables > 0))
    {
      g_set_error (error, CABINE_STORE_ERROR, CABINE_STORE_ERROR_NOT_A_STORE,
                   "%s is not a Cabine kiosk store (application_id 0x%08" G_GINT64_MODIFIER "x)",
                   self->path, app_id);
      return FALSE;
    }
  if (*version > CABINE_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, CABINE_STORE_ERROR, CABINE_STORE_ERROR_TOO_NEW,
                   "%s has schema version %" G_GINT64_FORMAT ", newer than this kiosk's %d; "
                   "upgrade the kiosk, the store was left as it is",
                   self->path, *version, CABINE_STORE_SCHEMA_VERSION);
      return FALSE;
    }
  return TRUE;
}

static gboolean
migrate (CabineStore  *self,
         GError      **error)
{
  gint64 version;

  if (!check_identity (self, &version, error))
    return FALSE;

  /* One migration per version, each in its own transaction. */
  while (version < CABINE_STORE_SCHEMA_VERSION)
    {
      g_autofree char *name = g_strdup_printf ("/org/cabine/kiosk/sql/kiosk-%" G_GINT64_FORMAT ".sql",
                                               version + 1);
      g_autoptr(GBytes) sql = g_resources_lookup_data (name, 0, error);
      g_autofree char *text = NULL;
      g_autofree char *bump = NULL;

      if (sql == NULL)
        return FALSE;
      text = g_strndup (g_bytes_get_data (sql, NULL), g_bytes_get_size (sql));
      bump = g_strdup_printf ("PRAGMA application_id = %d; PRAGMA user_version = %" G_GINT64_FORMAT ";",
                              CABINE_STORE_APPLICATION_ID, version + 1);
      if (!store_exec (self, "BEGIN IMMEDIATE", error))
        return FALSE;
      if (!store_exec (self, text, error) || !store_exec (self, bump, error))
        {
          store_exec (self, "ROLLBACK", NULL);
          return FALSE;
        }
      if (!store_exec (self, "COMMIT", error))
        return FALSE;
      version++;
      g_debug ("store migrated to schema version %" G_GINT64_FORMAT, version);
    }
  return TRUE;
}

/* One kiosk per database: a second kiosk on the same file would take the running one's open
 * consultation for an interrupted one and close it. The lock is flock(2) on the database file
 * itself, held by a descriptor kept for the store's life (closed by the store's finalize, after
 * SQLite's own descriptors). flock locks are independent of the POSIX fcntl locks SQLite takes,
 * so they neither disturb SQLite's WAL locking nor stop sqlite3(1) or a backup from reading the
 * file, and the kernel drops them when the process dies (no stale lock file). SQLite's own
 * locking_mode=EXCLUSIVE would also shut out those readers, hence not used.
 * Returns the locked descriptor, or -1 with @error set. */
static int
store_lock (const char  *path,
            GError     **error)
{
  int fd = open (path, O_RDONLY | O_CLOEXEC);

  if (fd < 0 && errno == ENOENT)
    fd = open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, CABINE_STORE_ERROR,
                   saved == EROFS || saved == EACCES ? CABINE_STORE_ERROR_READ_ONLY : CABINE_STORE_ERROR_OPEN,
                   "cannot open %s: %s", path, g_strerror (saved));
      return -1;
    }
  if (flock (fd, LOCK_EX | LOCK_NB) != 0)
    {
      int saved = errno;
      close (fd);
      if (saved == EWOULDBLOCK)
        g_set_error (error, CABINE_STORE_ERROR, CABINE_STORE_ERROR_OPEN,
                     "another kiosk is using %s", path);
      else
        g_set_error (error, CABINE_STORE_ERROR, CABINE_STORE_ERROR_OPEN,
                     "cannot lock %s: %s", path, g_strerror (saved));
      return -1;
    }
  return fd;
}

static void
store_unlock (gpointer data)
{
  close (GPOINTER_TO_INT (data) - 1);
}

CabineStore *
cabine_store_open (const char  *path,
                   GError     **error)
{
  g_autoptr(CabineStore) self = g_object_new (CABINE_TYPE_STORE, NULL);
  g_autofree char *dir = g_path_get_dirname (path);
  gint64 version;
  int lock_fd;
  int rc;

  /* Referencing the resource keeps its schema files (and their registering constructor) in the
   * static link. */
  (void) cabine_kiosk_get_resource ();

  self->path = g_strdup (path);
  /* SQLite would only say "unable to open database file". */
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, CABINE_STORE_ERROR, CABINE_STORE_ERROR_OPEN,
                   "%s is a folder; the database must be a file, e.g. %s/kiosk.db", path, path);
      return NULL;
    }
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, CABINE_STORE_ERROR, CABINE_STORE_ERROR_OPEN,
                   "cannot create the folder %s: %s", dir, g_strerror (saved));
      return NULL;
    }
  lock_fd = store_lock (path, error);
  if (lock_fd < 0)
    return NULL;
  /* Object data is destroyed by GObject's own finalize, after ours has closed the database;
   * stored as fd + 1 so that descriptor 0 is not a NULL pointer. */
  g_object_set_data_full (G_OBJECT (self), "cabine-store-lock", GINT_TO_POINTER (lock_fd + 1),
                          store_unlock);
  rc = sqlite3_open_v2 (path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      /* SQLite only says "unable to open database file": say why when the folder is the cause. */
      g_autofree char *folder = g_path_get_dirname (path);

      if (!g_file_test (path, G_FILE_TEST_EXISTS) && g_access (folder, W_OK) != 0)
        {
          int saved = errno;

          g_set_error (error, CABINE_STORE_ERROR, CABINE_STORE_ERROR_OPEN, "cannot create %s: the folder %s: %s",
                       path, folder, g_strerror (saved));
        }
      else
        g_set_error (error, CABINE_STORE_ERROR, CABINE_STORE_ERROR_OPEN, "cannot open %s: %s",
                     path, self->db != NULL ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
      return NULL;
    }
  /* SQLite opens a file this user cannot write read-only without a word: the store would then
   * fail at its first write (or report the file as unreadable), so say it here. */
  if (sqlite3_db_readonly (self->db, "main") == 1)
    {
      g_set_error (error, CABINE_STORE_ERROR, CABINE_STORE_ERROR_OPEN,
                   "%s cannot be written by this user (%s)", path,
                   g_access (path, W_OK) != 0 ? g_strerror (errno) : "SQLite opened it read-only");
      return NULL;
    }
  sqlite3_busy_timeout (self->db, 5000);
  sqlite3_extended_result_codes (self->db, 1);

  /* A file of another kind, another application's database or a newer schema is refused before
   * anything is written to it (journal_mode = WAL changes the file). */
  rc = sqlite3_exec (self->db, "PRAGMA schema_version", NULL, NULL, NULL);
  if ((rc & 0xff) == SQLITE_NOTADB)
    {
      g_set_error (error, CABINE_STORE_ERROR, CABINE_STORE_ERROR_NOT_A_STORE,
                   "%s is not an SQLite database (SQLite: %s)", path, sqlite3_errmsg (self->db));
      return NULL;
    }
  if (!check_identity (self, &version, error))
    return NULL;

  /* WAL + synchronous=FULL: a committed reading survives a power cut; secure_delete overwrites
   * purged patient data instead of leaving it in free pages. */
  if (!store_exec (self, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; "
                   "PRAGMA foreign_keys = ON; PRAGMA secure_delete = ON;", error))
    return NULL;
  if (!migrate (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

gboolean
cabine_store_check_file (const char  *path,
                         GError     **error)
{
  g_autoptr(CabineStore) probe = g_object_new (CABINE_TYPE_STORE, NULL);
  g_autofree char *why = NULL;
  gint64 version;
  int rc;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  probe->path = g_strdup (path);
  /* Read without writing to it, the pages still in a -wal included. */
  rc = cabine_sqlite_probe_open (path, &probe->db, &why);
  if (rc != SQLITE_OK)
    {
      if (rc == SQLITE_NOTADB)
        g_set_error (error, CABINE_STORE_ERROR, CABINE_STORE_ERROR_NOT_A_STORE,
                     "%s is not an SQLite database (SQLite: %s)", path, why);
      else
        g_set_error (error, CABINE_STORE_ERROR, CABINE_STORE_ERROR_OPEN, "cannot read %s: %s",
                     path, why);
      return FALSE;
    }
  return check_identity (probe, &version, error);
}

char *
store_now (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  return g_date_time_format_iso8601 (now);
}

gboolean
store_step_done (CabineStore   *self,
           sqlite3_stmt  *stmt,
           const char    *what,
           GError       **error)
{
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return store_sql_error (self, what, error);
  return TRUE;
}

/* Runs an UPDATE of one row; %CABINE_STORE_ERROR_NOT_FOUND when no row has that id. */
gboolean
store_step_update_one (CabineStore   *self,
                 sqlite3_stmt  *stmt,
                 const char    *what,
                 const char    *id,
                 GError       **error)
{
  if (!store_step_done (self, stmt, what, error))
    return FALSE;
  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, CABINE_STORE_ERROR, CABINE_STORE_ERROR_NOT_FOUND,
                   "%s: no row %s in the store", what, id);
      return FALSE;
    }
  return TRUE;
}

gboolean
cabine_store_begin_session (CabineStore  *self,
                            const char   *session_id,
                            const char   *kiosk_id,
                            const char   *language,
                            const char   *reason,
                            GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = store_now ();

  g_return_val_if_fail (CABINE_IS_STORE (self), FALSE);

  stmt = store_prepare (self, "INSERT OR IGNORE INTO session (id, kiosk_id, language, reason, queued_at) "
                        "VALUES (?1, ?2, ?3, ?4, ?5)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, session_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, kiosk_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, language, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, reason, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, now, -1, SQLITE_TRANSIENT);
  return store_step_done (self, stmt, "begin session", error);
}

static gboolean
update_session (CabineStore  *self,
                const char   *sql,
                const char   *session_id,
                const char   *arg,
                GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = store_prepare (self, sql, error);
  g_autofree char *now = store_now ();

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, session_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, now, -1, SQLITE_TRANSIENT);
  if (arg != NULL)
    sqlite3_bind_text (stmt, 3, arg, -1, SQLITE_TRANSIENT);
  return store_step_update_one (self, stmt, "update consultation", session_id, error);
}

gboolean
cabine_store_mark_call_started (CabineStore  *self,
                                const char   *session_id,
                                GError      **error)
{
  g_return_val_if_fail (CABINE_IS_STORE (self), FALSE);
  return update_session (self, "UPDATE session SET call_started_at = ?2 WHERE id = ?1",
                         session_id, NULL, error);
}

gboolean
cabine_store_end_session (CabineStore  *self,
                          const char   *session_id,
                          const char   *end_reason,
                          GError      **error)
{
  g_return_val_if_fail (CABINE_IS_STORE (self), FALSE);

  /* The end and the upload request commit together: a crash in between cannot lose the upload. */
  if (!store_exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;
  if (!update_session (self, "UPDATE session SET ended_at = ?2, end_reason = ?3 WHERE id = ?1",
                       session_id, end_reason, error) ||
      !store_outbox_enqueue_started (self, session_id, error))
    {
      store_exec (self, "ROLLBACK", NULL);
      return FALSE;
    }
  if (!store_exec (self, "COMMIT", error))
    {
      store_exec (self, "ROLLBACK", NULL);
      return FALSE;
    }
  return TRUE;
}

gboolean
cabine_store_record_call_stats (CabineStore  *self,
                                const char   *session_id,
                                guint64       video_frames_received,
                                guint64       video_frames_sent,
                                guint64       audio_packets_received,
                                guint64       audio_packets_sent,
                                gint64        first_frame_ms,
                                GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (CABINE_IS_STORE (self), FALSE);

  stmt = store_prepare (self, "UPDATE session SET video_frames_received = ?2, video_frames_sent = ?3, "
                        "audio_packets_received = ?4, audio_packets_sent = ?5, first_frame_ms = ?6 "
                        "WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, session_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, (sqlite3_int64) video_frames_received);
  sqlite3_bind_int64 (stmt, 3, (sqlite3_int64) video_frames_sent);
  sqlite3_bind_int64 (stmt, 4, (sqlite3_int64) audio_packets_received);
  sqlite3_bind_int64 (stmt, 5, (sqlite3_int64) audio_packets_sent);
  if (first_frame_ms >= 0)
    sqlite3_bind_int64 (stmt, 6, first_frame_ms);
  else
    sqlite3_bind_null (stmt, 6);
  return store_step_update_one (self, stmt, "record call statistics", session_id, error);
}

gboolean
cabine_store_add_observation (CabineStore                   *self,
                              const CabineStoredObservation *obs,
                              GError                       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (CABINE_IS_STORE (self), FALSE);
  g_return_val_if_fail (obs != NULL && obs->id != NULL, FALSE);

  stmt = store_prepare (self, "INSERT INTO observation (id, session_id, loinc, mdc_code, value, ucum, "
                        "device_time, received_at, provenance, raw_frame, resource) "
                        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, obs->id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, obs->session_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, obs->loinc, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, obs->mdc_code);
  sqlite3_bind_double (stmt, 5, obs->value);
  sqlite3_bind_text (stmt, 6, obs->ucum, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 7, obs->device_time, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 8, obs->received_at, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 9, obs->provenance_json != NULL ? obs->provenance_json : "{}", -1,
                     SQLITE_TRANSIENT);
  if (obs->raw_frame != NULL)
    sqlite3_bind_blob (stmt, 10, g_bytes_get_data (obs->raw_frame, NULL),
                       (int) g_bytes_get_size (obs->raw_frame), SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, 10);
  sqlite3_bind_text (stmt, 11, obs->resource_json, -1, SQLITE_TRANSIENT);
  /* Autocommit: the INSERT is its own transaction, durable once sqlite3_step returns DONE. */
  return store_step_done (self, stmt, "add observation", error);
}

gboolean
cabine_store_mark_observation_acked (CabineStore  *self,
                                     const char   *id,
                                     GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = store_now ();

  g_return_val_if_fail (CABINE_IS_STORE (self), FALSE);

  stmt = store_prepare (self, "UPDATE observation SET acked_at = coalesce(acked_at, ?2) WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, now, -1, SQLITE_TRANSIENT);
  return store_step_update_one (self, stmt, "acknowledge observation", id, error);
}

char **
cabine_store_list_unacked (CabineStore  *self,
                           const char   *session_id,
                           GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  int rc;

  g_return_val_if_fail (CABINE_IS_STORE (self), NULL);

  stmt = store_prepare (self, "SELECT id, resource FROM observation WHERE session_id = ?1 AND acked_at IS NULL "
                        "ORDER BY rowid", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, session_id, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_strv_builder_add (builder, (const char *) sqlite3_column_text (stmt, 0));
      g_strv_builder_add (builder, (const char *) sqlite3_column_text (stmt, 1));
    }
  if (rc != SQLITE_DONE)
    {
      store_sql_error (self, "list unacknowledged observations", error);
      return NULL;
    }
  return g_strv_builder_end (builder);
}

gint64
cabine_store_count_observations (CabineStore  *self,
                                 const char   *session_id,
                                 GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (CABINE_IS_STORE (self), -1);

  stmt = store_prepare (self, session_id != NULL
                          ? "SELECT count(*) FROM observation WHERE session_id = ?1"
                          : "SELECT count(*) FROM observation WHERE session_id IS NULL", error);
  if (stmt == NULL)
    return -1;
  if (session_id != NULL)
    sqlite3_bind_text (stmt, 1, session_id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      store_sql_error (self, "count observations", error);
      return -1;
    }
  return sqlite3_column_int64 (stmt, 0);
}
