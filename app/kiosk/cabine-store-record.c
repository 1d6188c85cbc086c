/* cabine-store-record.c: the kiosk store's upload record, outbox state and purge
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "cabine-store"

#include <json-glib/json-glib.h>

#include "cabine-protocol.h"
#include "cabine-store-private.h"

void
cabine_outbox_entry_free (CabineOutboxEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->session_id);
  g_free (entry->record_id);
  g_clear_pointer (&entry->next_attempt, g_date_time_unref);
  g_free (entry);
}

/* Column @col as a string member, or null. */
static void
add_text (JsonBuilder  *b,
          const char   *name,
          sqlite3_stmt *stmt,
          int           col)
{
  json_builder_set_member_name (b, name);
  if (sqlite3_column_type (stmt, col) == SQLITE_NULL)
    json_builder_add_null_value (b);
  else
    json_builder_add_string_value (b, (const char *) sqlite3_column_text (stmt, col));
}

static void
add_int (JsonBuilder  *b,
         const char   *name,
         sqlite3_stmt *stmt,
         int           col)
{
  json_builder_set_member_name (b, name);
  if (sqlite3_column_type (stmt, col) == SQLITE_NULL)
    json_builder_add_null_value (b);
  else
    json_builder_add_int_value (b, sqlite3_column_int64 (stmt, col));
}

static void
add_blob_base64 (JsonBuilder  *b,
                 const char   *name,
                 sqlite3_stmt *stmt,
                 int           col)
{
  g_autofree char *text = NULL;

  json_builder_set_member_name (b, name);
  if (sqlite3_column_type (stmt, col) == SQLITE_NULL)
    {
      json_builder_add_null_value (b);
      return;
    }
  text = g_base64_encode (sqlite3_column_blob (stmt, col), (gsize) sqlite3_column_bytes (stmt, col));
  json_builder_add_string_value (b, text);
}

/* Column @col holds JSON text written by this store: added as parsed JSON (null if absent). */
static gboolean
add_json (CabineStore   *self,
          JsonBuilder   *b,
          const char    *name,
          sqlite3_stmt  *stmt,
          int            col,
          GError       **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local = NULL;

  json_builder_set_member_name (b, name);
  if (sqlite3_column_type (stmt, col) == SQLITE_NULL)
    {
      json_builder_add_null_value (b);
      return TRUE;
    }
  if (!json_parser_load_from_data (parser, (const char *) sqlite3_column_text (stmt, col), -1, &local) ||
      json_parser_get_root (parser) == NULL)
    {
      g_set_error (error, CABINE_STORE_ERROR, CABINE_STORE_ERROR_SQL,
                   "%s: the stored %s is not JSON: %s", self->path, name,
                   local != NULL ? local->message : "empty");
      return FALSE;
    }
  json_builder_add_value (b, json_node_copy (json_parser_get_root (parser)));
  return TRUE;
}

/* Runs a query bound to @session_id whose rows become the objects of array @name; @row adds one. */
typedef gboolean (*RowFunc) (CabineStore *self, JsonBuilder *b, sqlite3_stmt *stmt, GError **error);

static gboolean
add_rows (CabineStore  *self,
          JsonBuilder  *b,
          const char   *name,
          gboolean      single,
          const char   *sql,
          const char   *session_id,
          RowFunc       row,
          GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = store_prepare (self, sql, error);
  int rc;
  guint n = 0;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, session_id, -1, SQLITE_TRANSIENT);
  json_builder_set_member_name (b, name);
  if (!single)
    json_builder_begin_array (b);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      json_builder_begin_object (b);
      if (!row (self, b, stmt, error))
        return FALSE;
      json_builder_end_object (b);
      n++;
    }
  if (rc != SQLITE_DONE)
    return store_sql_error (self, name, error);
  if (!single)
    json_builder_end_array (b);
  else if (n == 0)
    json_builder_add_null_value (b);
  return TRUE;
}

static gboolean
patient_row (CabineStore *self, JsonBuilder *b, sqlite3_stmt *stmt, GError **error)
{
  add_text (b, "familyName", stmt, 0);
  add_text (b, "givenName", stmt, 1);
  add_text (b, "birthDate", stmt, 2);
  add_text (b, "sex", stmt, 3);
  add_text (b, "contact", stmt, 4);
  return TRUE;
}

static gboolean
consent_row (CabineStore *self, JsonBuilder *b, sqlite3_stmt *stmt, GError **error)
{
  add_text (b, "textVersion", stmt, 0);
  add_text (b, "language", stmt, 1);
  add_text (b, "givenAt", stmt, 2);
  return TRUE;
}

static gboolean
questionnaire_row (CabineStore *self, JsonBuilder *b, sqlite3_stmt *stmt, GError **error)
{
  add_text (b, "answeredAt", stmt, 1);
  return add_json (self, b, "answers", stmt, 0, error);
}

static gboolean
observation_row (CabineStore *self, JsonBuilder *b, sqlite3_stmt *stmt, GError **error)
{
  add_text (b, "id", stmt, 0);
  add_text (b, "loinc", stmt, 1);
  add_int (b, "mdcCode", stmt, 2);
  json_builder_set_member_name (b, "value");
  json_builder_add_double_value (b, sqlite3_column_double (stmt, 3));
  add_text (b, "ucum", stmt, 4);
  add_text (b, "deviceTime", stmt, 5);
  add_text (b, "receivedAt", stmt, 6);
  add_blob_base64 (b, "rawFrame", stmt, 8);
  add_text (b, "ackedAt", stmt, 10);
  return add_json (self, b, "provenance", stmt, 7, error) &&
         add_json (self, b, "resource", stmt, 9, error);
}

static gboolean
snapshot_row (CabineStore *self, JsonBuilder *b, sqlite3_stmt *stmt, GError **error)
{
  add_text (b, "id", stmt, 0);
  add_text (b, "takenAt", stmt, 1);
  add_text (b, "contentType", stmt, 2);
  add_text (b, "source", stmt, 3);
  add_blob_base64 (b, "data", stmt, 4);
  return TRUE;
}

static gboolean
event_row (CabineStore *self, JsonBuilder *b, sqlite3_stmt *stmt, GError **error)
{
  add_text (b, "at", stmt, 0);
  add_text (b, "event", stmt, 1);
  return add_json (self, b, "detail", stmt, 2, error);
}

static gboolean
session_row (CabineStore *self, JsonBuilder *b, sqlite3_stmt *stmt, GError **error)
{
  static const char * const names[] = { "sessionId", "kioskId", "hubSessionId", "language", "reason",
                                        "queuedAt", "callStartedAt", "endedAt", "endReason" };
  static const char * const stats[] = { "videoFramesReceived", "videoFramesSent",
                                        "audioPacketsReceived", "audioPacketsSent", "firstFrameMs" };

  gboolean have_stats = FALSE;
  gboolean interrupted;

  add_text (b, "recordId", stmt, 0);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    add_text (b, names[i], stmt, (int) i);
  interrupted = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 8), "interrupted") == 0;
  /* data/protocol.md "Records": why endedAt is not the end of a call, and callStats is null. */
  json_builder_set_member_name (b, "endDetail");
  if (interrupted)
    json_builder_add_string_value (b, "the kiosk stopped during the consultation (killed or power "
                                      "lost); endedAt is the last activity it had recorded, and "
                                      "callStats is null: the call's final statistics were never "
                                      "taken");
  else
    json_builder_add_null_value (b);
  for (guint i = 0; i < G_N_ELEMENTS (stats); i++)
    have_stats |= sqlite3_column_type (stmt, (int) (i + G_N_ELEMENTS (names))) != SQLITE_NULL;
  json_builder_set_member_name (b, "callStats");
  if (!have_stats && interrupted)
    {
      json_builder_add_null_value (b);
      return TRUE;
    }
  /* The sums over the call's legs (the first call and each recovery attempt's call, data/protocol.md
   * "Recovery"); firstFrameMs is the first leg's. `legs` counts the "call-leg" call events, which
   * hold each leg's own figures. */
  json_builder_begin_object (b);
  for (guint i = 0; i < G_N_ELEMENTS (stats); i++)
    add_int (b, stats[i], stmt, (int) (i + G_N_ELEMENTS (names)));
  add_int (b, "legs", stmt, (int) (G_N_ELEMENTS (names) + G_N_ELEMENTS (stats)));
  json_builder_end_object (b);
  return TRUE;
}

/* The session's columns, as members of the record itself. */
static gboolean
add_session (CabineStore  *self,
             JsonBuilder  *b,
             const char   *session_id,
             GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = store_prepare (self, "SELECT id, kiosk_id, hub_session_id, language, reason, queued_at, "
                              "call_started_at, ended_at, end_reason, video_frames_received, "
                              "video_frames_sent, audio_packets_received, audio_packets_sent, "
                              "first_frame_ms, (SELECT COUNT(*) FROM call_event "
                              "WHERE session_id = ?1 AND event = 'call-leg') "
                              "FROM session WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, session_id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return store_sql_error (self, "read consultation", error);
  return session_row (self, b, stmt, error);
}

char *
cabine_store_build_record (CabineStore  *self,
                           const char   *session_id,
                           GError      **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(sqlite3_stmt) check = NULL;
  gboolean ok;

  g_return_val_if_fail (CABINE_IS_STORE (self), NULL);
  g_return_val_if_fail (session_id != NULL, NULL);

  check = store_prepare (self, "SELECT 1 FROM session WHERE id = ?1", error);
  if (check == NULL)
    return NULL;
  sqlite3_bind_text (check, 1, session_id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (check) != SQLITE_ROW)
    {
      g_set_error (error, CABINE_STORE_ERROR, CABINE_STORE_ERROR_NOT_FOUND,
                   "no consultation %s in the store (unknown or purged)", session_id);
      return NULL;
    }

  /* One read transaction: the record is a consistent snapshot. */
  if (!store_exec (self, "BEGIN", error))
    return NULL;
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "recordVersion");
  json_builder_add_int_value (b, 1);
  ok = add_session (self, b, session_id, error) &&
       add_rows (self, b, "patient", TRUE,
                 "SELECT family_name, given_name, birth_date, sex, contact FROM patient "
                 "WHERE session_id = ?1", session_id, patient_row, error) &&
       add_rows (self, b, "consent", TRUE,
                 "SELECT text_version, language, given_at FROM consent WHERE session_id = ?1",
                 session_id, consent_row, error) &&
       add_rows (self, b, "questionnaire", TRUE,
                 "SELECT answers, answered_at FROM questionnaire WHERE session_id = ?1",
                 session_id, questionnaire_row, error) &&
       add_rows (self, b, "observations", FALSE,
                 "SELECT id, loinc, mdc_code, value, ucum, device_time, received_at, provenance, "
                 "raw_frame, resource, acked_at FROM observation WHERE session_id = ?1 ORDER BY rowid",
                 session_id, observation_row, error) &&
       add_rows (self, b, "snapshots", FALSE,
                 "SELECT id, taken_at, content_type, source, data FROM snapshot WHERE session_id = ?1 "
                 "ORDER BY rowid", session_id, snapshot_row, error) &&
       add_rows (self, b, "callEvents", FALSE,
                 "SELECT at, event, detail FROM call_event WHERE session_id = ?1 ORDER BY id",
                 session_id, event_row, error);
  store_exec (self, "COMMIT", NULL);
  if (!ok)
    return NULL;
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  return cabine_json_to_string (root, FALSE);
}

gboolean
store_outbox_enqueue_started (CabineStore  *self,
                              const char   *session_id,
                              GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = store_now ();

  stmt = store_prepare (self, "INSERT OR IGNORE INTO outbox (session_id, record_id, enqueued_at) "
                              "SELECT id, id, ?2 FROM session "
                              "WHERE id = ?1 AND call_started_at IS NOT NULL", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, session_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, now, -1, SQLITE_TRANSIENT);
  return store_step_done (self, stmt, "queue upload", error);
}

gboolean
cabine_store_outbox_enqueue (CabineStore  *self,
                             const char   *session_id,
                             GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = store_now ();

  g_return_val_if_fail (CABINE_IS_STORE (self), FALSE);
  g_return_val_if_fail (session_id != NULL, FALSE);

  stmt = store_prepare (self, "INSERT OR IGNORE INTO outbox (session_id, record_id, enqueued_at) "
                              "SELECT id, id, ?2 FROM session WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, session_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, now, -1, SQLITE_TRANSIENT);
  if (!store_step_done (self, stmt, "queue upload", error))
    return FALSE;
  if (sqlite3_changes (self->db) == 0)
    {
      g_autoptr(sqlite3_stmt) known = store_prepare (self, "SELECT 1 FROM outbox WHERE session_id = ?1",
                                                     error);
      if (known == NULL)
        return FALSE;
      sqlite3_bind_text (known, 1, session_id, -1, SQLITE_TRANSIENT);
      if (sqlite3_step (known) != SQLITE_ROW)
        {
          g_set_error (error, CABINE_STORE_ERROR, CABINE_STORE_ERROR_NOT_FOUND,
                       "queue upload: no consultation %s in the store", session_id);
          return FALSE;
        }
    }
  return TRUE;
}

CabineOutboxEntry *
cabine_store_outbox_next (CabineStore  *self,
                          GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  CabineOutboxEntry *entry;
  int rc;

  g_return_val_if_fail (CABINE_IS_STORE (self), NULL);

  stmt = store_prepare (self, "SELECT session_id, record_id, attempts, next_attempt_at FROM outbox "
                              "WHERE uploaded_at IS NULL AND purged_at IS NULL "
                              "ORDER BY coalesce(next_attempt_at, ''), enqueued_at LIMIT 1", error);
  if (stmt == NULL)
    return NULL;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return NULL;
  if (rc != SQLITE_ROW)
    {
      store_sql_error (self, "next upload", error);
      return NULL;
    }
  entry = g_new0 (CabineOutboxEntry, 1);
  entry->session_id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  entry->record_id = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  entry->attempts = (guint) sqlite3_column_int (stmt, 2);
  if (sqlite3_column_type (stmt, 3) != SQLITE_NULL)
    entry->next_attempt = g_date_time_new_from_iso8601 ((const char *) sqlite3_column_text (stmt, 3),
                                                        NULL);
  return entry;
}

gboolean
cabine_store_outbox_mark_failed (CabineStore  *self,
                                 const char   *record_id,
                                 GDateTime    *next_attempt,
                                 const char   *reason,
                                 GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GDateTime) utc = NULL;
  g_autofree char *next = NULL;

  g_return_val_if_fail (CABINE_IS_STORE (self), FALSE);
  g_return_val_if_fail (record_id != NULL && next_attempt != NULL, FALSE);

  utc = g_date_time_to_utc (next_attempt);
  next = g_date_time_format_iso8601 (utc);
  stmt = store_prepare (self, "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?2, "
                              "last_error = ?3 WHERE record_id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, record_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, next, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, reason, -1, SQLITE_TRANSIENT);
  return store_step_update_one (self, stmt, "upload failed", record_id, error);
}

gboolean
cabine_store_outbox_mark_uploaded (CabineStore  *self,
                                   const char   *record_id,
                                   GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = store_now ();

  g_return_val_if_fail (CABINE_IS_STORE (self), FALSE);
  g_return_val_if_fail (record_id != NULL, FALSE);

  stmt = store_prepare (self, "UPDATE outbox SET uploaded_at = coalesce(uploaded_at, ?2), "
                              "last_error = NULL WHERE record_id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, record_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, now, -1, SQLITE_TRANSIENT);
  return store_step_update_one (self, stmt, "upload confirmed", record_id, error);
}

gint64
cabine_store_count_pending_uploads (CabineStore  *self,
                                    GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (CABINE_IS_STORE (self), -1);

  stmt = store_prepare (self, "SELECT count(*) FROM outbox WHERE uploaded_at IS NULL "
                              "AND purged_at IS NULL", error);
  if (stmt == NULL)
    return -1;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      store_sql_error (self, "count pending uploads", error);
      return -1;
    }
  return sqlite3_column_int64 (stmt, 0);
}

/* Deletes the rows of @table for the session; adds their count to @counts as @name. */
static gboolean
delete_counted (CabineStore  *self,
                const char   *table,
                const char   *column,
                const char   *session_id,
                JsonObject   *counts,
                GError      **error)
{
  g_autofree char *sql = g_strdup_printf ("DELETE FROM %s WHERE %s = ?1", table, column);
  g_autoptr(sqlite3_stmt) stmt = store_prepare (self, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, session_id, -1, SQLITE_TRANSIENT);
  if (!store_step_done (self, stmt, "purge", error))
    return FALSE;
  json_object_set_int_member (counts, table, sqlite3_changes (self->db));
  return TRUE;
}

static gboolean
purge_one (CabineStore  *self,
           const char   *session_id,
           GError      **error)
{
  static const char * const tables[] = { "observation", "snapshot", "call_event", "patient",
                                         "consent", "questionnaire" };
  g_autoptr(JsonObject) counts = json_object_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = store_now ();
  g_autofree char *detail = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    if (!delete_counted (self, tables[i], "session_id", session_id, counts, error))
      return FALSE;
  if (!delete_counted (self, "session", "id", session_id, counts, error))
    return FALSE;
  if (json_object_get_int_member (counts, "session") == 0)
    return TRUE;

  stmt = store_prepare (self, "UPDATE outbox SET purged_at = ?2 WHERE session_id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, session_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, now, -1, SQLITE_TRANSIENT);
  if (!store_step_done (self, stmt, "purge", error))
    return FALSE;

  /* The session id is a random UUID, not a patient identifier. */
  json_object_set_string_member (counts, "sessionId", session_id);
  node = json_node_init_object (json_node_alloc (), counts);
  detail = cabine_json_to_string (node, FALSE);
  return cabine_store_audit (self, "purge", detail, error);
}

static gboolean
checkpoint (CabineStore  *self,
            GError      **error)
{
  /* TRUNCATE: the WAL, which still holds the pages as they were before the purge, is emptied. */
  return store_exec (self, "PRAGMA wal_checkpoint(TRUNCATE)", error);
}

/* Ends the transaction a purge ran in: committed when @done, else (or when the commit fails)
 * rolled back; @error is set by the purge or the commit. */
static gboolean
commit_or_rollback (CabineStore  *self,
                    gboolean      done,
                    GError      **error)
{
  if (done && store_exec (self, "COMMIT", error))
    return TRUE;
  store_exec (self, "ROLLBACK", NULL);
  return FALSE;
}

gboolean
cabine_store_purge_session (CabineStore  *self,
                            const char   *session_id,
                            GError      **error)
{
  g_return_val_if_fail (CABINE_IS_STORE (self), FALSE);
  g_return_val_if_fail (session_id != NULL, FALSE);

  if (!store_exec (self, "BEGIN IMMEDIATE", error) ||
      !commit_or_rollback (self, purge_one (self, session_id, error), error))
    return FALSE;
  return checkpoint (self, error);
}

/* Readings taken outside any consultation (an instrument used on the welcome page, an operator's
 * self-test) belong to no record and are never uploaded: deleted once older than
 * CABINE_STORE_LOOSE_READING_MINUTES, with an audit entry "purge" giving their count. */
static gboolean
purge_loose_readings (CabineStore  *self,
                      GDateTime    *now,
                      guint        *n_deleted,
                      GError      **error)
{
  g_autoptr(GDateTime) limit = g_date_time_add_minutes (now, -CABINE_STORE_LOOSE_READING_MINUTES);
  g_autofree char *limit_text = g_date_time_format_iso8601 (limit);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *detail = NULL;

  *n_deleted = 0;
  stmt = store_prepare (self, "DELETE FROM observation WHERE session_id IS NULL "
                              "AND julianday(received_at) <= julianday(?1)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, limit_text, -1, SQLITE_TRANSIENT);
  if (!store_step_done (self, stmt, "purge readings taken outside a consultation", error))
    return FALSE;
  *n_deleted = (guint) sqlite3_changes (self->db);
  if (*n_deleted == 0)
    return TRUE;
  detail = g_strdup_printf ("{\"observation\":%u,\"sessionId\":null}", *n_deleted);
  return cabine_store_audit (self, "purge", detail, error);
}

gboolean
cabine_store_purge_expired (CabineStore  *self,
                            guint         retention_hours,
                            GDateTime    *now,
                            guint        *n_purged,
                            GError      **error)
{
  g_autoptr(GDateTime) clock = now != NULL ? g_date_time_to_utc (now) : g_date_time_new_now_utc ();
  g_autoptr(GDateTime) limit = g_date_time_add_hours (clock, -(gint) retention_hours);
  g_autofree char *limit_text = g_date_time_format_iso8601 (limit);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  guint loose = 0;
  int rc;

  g_return_val_if_fail (CABINE_IS_STORE (self), FALSE);

  if (n_purged != NULL)
    *n_purged = 0;
  /* Uploaded consultations past retention, and ended ones without a call (nothing to upload). */
  stmt = store_prepare (self, "SELECT session_id FROM outbox WHERE uploaded_at IS NOT NULL "
                              "AND purged_at IS NULL AND uploaded_at <= ?1 "
                              "UNION SELECT id FROM session WHERE ended_at IS NOT NULL "
                              "AND call_started_at IS NULL", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, limit_text, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (ids, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  if (rc != SQLITE_DONE)
    return store_sql_error (self, "find expired consultations", error);
  g_clear_pointer (&stmt, sqlite3_finalize);

  /* the deletion and its audit entry together, as for a consultation */
  if (!store_exec (self, "BEGIN IMMEDIATE", error) ||
      !commit_or_rollback (self, purge_loose_readings (self, clock, &loose, error), error))
    return FALSE;
  for (guint i = 0; i < ids->len; i++)
    {
      if (!store_exec (self, "BEGIN IMMEDIATE", error) ||
          !commit_or_rollback (self, purge_one (self, g_ptr_array_index (ids, i), error), error))
        return FALSE;
      if (n_purged != NULL)
        (*n_purged)++;
    }
  return (ids->len == 0 && loose == 0) || checkpoint (self, error);
}

/* SQL: the latest time the kiosk recorded for the consultation `session` (its queueing, call start,
 * readings, call events — a `quality` one every 15 s of a call —, snapshots, questionnaire,
 * consent), compared as times, not strings; ?1 when it has none. */
#define LAST_ACTIVITY \
  "COALESCE((SELECT t FROM (SELECT session.queued_at AS t UNION ALL SELECT session.call_started_at " \
  "UNION ALL SELECT received_at FROM observation WHERE session_id = session.id " \
  "UNION ALL SELECT at FROM call_event WHERE session_id = session.id " \
  "UNION ALL SELECT taken_at FROM snapshot WHERE session_id = session.id " \
  "UNION ALL SELECT answered_at FROM questionnaire WHERE session_id = session.id " \
  "UNION ALL SELECT given_at FROM consent WHERE session_id = session.id) " \
  "WHERE julianday(t) IS NOT NULL ORDER BY julianday(t) DESC LIMIT 1), ?1)"

gboolean
cabine_store_end_interrupted (CabineStore  *self,
                              guint        *n_ended,
                              GError      **error)
{
  g_autoptr(sqlite3_stmt) end = NULL;
  g_autoptr(sqlite3_stmt) event = NULL;
  g_autoptr(sqlite3_stmt) queue = NULL;
  g_autofree char *now = store_now ();
  int ended = 0;

  g_return_val_if_fail (CABINE_IS_STORE (self), FALSE);

  if (n_ended != NULL)
    *n_ended = 0;
  if (!store_exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;
  queue = store_prepare (self, "INSERT OR IGNORE INTO outbox (session_id, record_id, enqueued_at) "
                               "SELECT id, id, ?1 FROM session WHERE ended_at IS NULL "
                               "AND call_started_at IS NOT NULL", error);
  /* The consultation ended when the kiosk last recorded something of it, not now. */
  event = store_prepare (self, "INSERT INTO call_event (session_id, at, event, detail) "
                               "SELECT id, " LAST_ACTIVITY ", 'interrupted', "
                               "json_object('restartedAt', ?1) FROM session "
                               "WHERE ended_at IS NULL AND call_started_at IS NOT NULL", error);
  end = store_prepare (self, "UPDATE session SET ended_at = " LAST_ACTIVITY ", "
                             "end_reason = 'interrupted' WHERE ended_at IS NULL", error);
  if (queue == NULL || event == NULL || end == NULL)
    {
      store_exec (self, "ROLLBACK", NULL);
      return FALSE;
    }
  sqlite3_bind_text (queue, 1, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (event, 1, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (end, 1, now, -1, SQLITE_TRANSIENT);
  if (!store_step_done (self, queue, "queue interrupted consultations", error) ||
      !store_step_done (self, event, "note interrupted consultations", error) ||
      !store_step_done (self, end, "end interrupted consultations", error) ||
      (ended = sqlite3_changes (self->db), FALSE) ||
      !store_exec (self, "UPDATE outbox SET next_attempt_at = NULL WHERE uploaded_at IS NULL", error) ||
      !store_exec (self, "COMMIT", error))
    {
      store_exec (self, "ROLLBACK", NULL);
      return FALSE;
    }
  if (n_ended != NULL)
    *n_ended = (guint) ended;
  return TRUE;
}
