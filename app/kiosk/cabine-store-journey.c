/* cabine-store-journey.c: the kiosk store's patient journey, snapshots and logs (schema 2)
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "cabine-store"

#include <stdio.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "cabine-store-private.h"

static void
bind_text (sqlite3_stmt *stmt,
           int           index,
           const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, index);
}

static gboolean
invalid (GError     **error,
         const char  *what,
         const char  *problem)
{
  g_set_error (error, CABINE_STORE_ERROR, CABINE_STORE_ERROR_INVALID, "%s: %s", what, problem);
  return FALSE;
}

/* %TRUE when @json is NULL (if @nullable) or parses as a JSON object (or array, if @array_ok). */
static gboolean
check_json (const char  *json,
            gboolean     nullable,
            gboolean     array_ok,
            const char  *what,
            GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local = NULL;
  JsonNode *root;

  if (json == NULL)
    return nullable ? TRUE : invalid (error, what, "no JSON given");
  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, json, -1, &local))
    {
      g_set_error (error, CABINE_STORE_ERROR, CABINE_STORE_ERROR_INVALID, "%s: not JSON: %s", what,
                   local->message);
      return FALSE;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !(JSON_NODE_HOLDS_OBJECT (root) || (array_ok && JSON_NODE_HOLDS_ARRAY (root))))
    return invalid (error, what, array_ok ? "not a JSON object or array" : "not a JSON object");
  return TRUE;
}

static gboolean
session_exists (CabineStore  *self,
                const char   *session_id,
                GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = store_prepare (self, "SELECT 1 FROM session WHERE id = ?1", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, session_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return TRUE;
  if (rc != SQLITE_DONE)
    return store_sql_error (self, "look up consultation", error);
  g_set_error (error, CABINE_STORE_ERROR, CABINE_STORE_ERROR_NOT_FOUND,
               "no consultation %s in the store", session_id);
  return FALSE;
}

gboolean
cabine_store_set_reason (CabineStore  *self,
                         const char   *session_id,
                         const char   *reason,
                         GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (CABINE_IS_STORE (self), FALSE);
  g_return_val_if_fail (session_id != NULL && reason != NULL, FALSE);

  if (!g_utf8_validate (reason, -1, NULL))
    return invalid (error, "set reason", "the reason is not UTF-8");
  stmt = store_prepare (self, "UPDATE session SET reason = ?2 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, session_id);
  bind_text (stmt, 2, reason);
  return store_step_update_one (self, stmt, "set reason", session_id, error);
}

static gboolean
blank (const char *text)
{
  for (; *text != '\0'; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;
  return TRUE;
}

static gboolean
valid_date (const char *date)
{
  int y, m, d;
  char tail;

  if (strlen (date) != 10 || sscanf (date, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 ||
      date[4] != '-' || date[7] != '-')
    return FALSE;
  return g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y);
}

gboolean
cabine_store_set_patient (CabineStore               *self,
                          const char                *session_id,
                          const CabineStoredPatient *patient,
                          GError                   **error)
{
  static const char * const sexes[] = { "female", "male", "other", "unknown", NULL };
  const char *texts[] = { patient->family_name, patient->given_name, patient->birth_date,
                          patient->sex, patient->contact };
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (CABINE_IS_STORE (self), FALSE);
  g_return_val_if_fail (session_id != NULL && patient != NULL, FALSE);

  /* Messages never quote the values: they are patient data. */
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    if (texts[i] != NULL && !g_utf8_validate (texts[i], -1, NULL))
      return invalid (error, "set patient", "a field is not UTF-8");
  if (patient->family_name == NULL || blank (patient->family_name))
    return invalid (error, "set patient", "the family name is empty");
  if (patient->birth_date != NULL && !valid_date (patient->birth_date))
    return invalid (error, "set patient", "the birth date is not a valid YYYY-MM-DD date");
  if (patient->sex != NULL && !g_strv_contains (sexes, patient->sex))
    return invalid (error, "set patient", "sex must be female, male, other or unknown");
  if (!session_exists (self, session_id, error))
    return FALSE;

  stmt = store_prepare (self, "INSERT OR REPLACE INTO patient (session_id, family_name, given_name, "
                              "birth_date, sex, contact) VALUES (?1, ?2, ?3, ?4, ?5, ?6)", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, session_id);
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    bind_text (stmt, (int) i + 2, texts[i]);
  return store_step_done (self, stmt, "set patient", error);
}

/* INSERT OR REPLACE of a one-per-consultation row: (?1 session, ?2 a, ?3 b, ?4 now). */
static gboolean
replace_row (CabineStore  *self,
             const char   *sql,
             const char   *what,
             const char   *session_id,
             const char   *a,
             const char   *b,
             GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = store_now ();

  if (!session_exists (self, session_id, error))
    return FALSE;
  stmt = store_prepare (self, sql, error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, session_id);
  bind_text (stmt, 2, a);
  if (b != NULL)
    bind_text (stmt, 3, b);
  bind_text (stmt, b != NULL ? 4 : 3, now);
  return store_step_done (self, stmt, what, error);
}

gboolean
cabine_store_set_consent (CabineStore  *self,
                          const char   *session_id,
                          const char   *text_version,
                          const char   *language,
                          GError      **error)
{
  g_return_val_if_fail (CABINE_IS_STORE (self), FALSE);
  g_return_val_if_fail (session_id != NULL && text_version != NULL && language != NULL, FALSE);

  return replace_row (self, "INSERT OR REPLACE INTO consent (session_id, text_version, language, "
                            "given_at) VALUES (?1, ?2, ?3, ?4)",
                      "set consent", session_id, text_version, language, error);
}

gboolean
cabine_store_set_questionnaire (CabineStore  *self,
                                const char   *session_id,
                                const char   *answers_json,
                                GError      **error)
{
  g_return_val_if_fail (CABINE_IS_STORE (self), FALSE);
  g_return_val_if_fail (session_id != NULL, FALSE);

  if (!check_json (answers_json, FALSE, TRUE, "set questionnaire", error))
    return FALSE;
  return replace_row (self, "INSERT OR REPLACE INTO questionnaire (session_id, answers, answered_at) "
                            "VALUES (?1, ?2, ?3)",
                      "set questionnaire", session_id, answers_json, NULL, error);
}

gboolean
cabine_store_set_hub_session_id (CabineStore  *self,
                                 const char   *session_id,
                                 const char   *hub_session_id,
                                 GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (CABINE_IS_STORE (self), FALSE);
  g_return_val_if_fail (session_id != NULL && hub_session_id != NULL, FALSE);

  stmt = store_prepare (self, "UPDATE session SET hub_session_id = ?2 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, session_id);
  bind_text (stmt, 2, hub_session_id);
  return store_step_update_one (self, stmt, "set hub session id", session_id, error);
}

gboolean
cabine_store_add_snapshot (CabineStore  *self,
                           const char   *session_id,
                           const char   *id,
                           const char   *content_type,
                           const char   *source,
                           GBytes       *data,
                           GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = store_now ();
  gsize size;
  gconstpointer bytes;

  g_return_val_if_fail (CABINE_IS_STORE (self), FALSE);
  g_return_val_if_fail (session_id != NULL && id != NULL && content_type != NULL, FALSE);
  g_return_val_if_fail (data != NULL, FALSE);

  bytes = g_bytes_get_data (data, &size);
  if (size == 0 || size > G_MAXINT)
    return invalid (error, "add snapshot", "the image is empty or too large");
  stmt = store_prepare (self, "INSERT INTO snapshot (id, session_id, taken_at, content_type, source, "
                              "data) VALUES (?1, ?2, ?3, ?4, ?5, ?6)", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, id);
  bind_text (stmt, 2, session_id);
  bind_text (stmt, 3, now);
  bind_text (stmt, 4, content_type);
  bind_text (stmt, 5, source);
  sqlite3_bind_blob (stmt, 6, bytes, (int) size, SQLITE_TRANSIENT);
  return store_step_done (self, stmt, "add snapshot", error);
}

/* Appends a row (?1 now, ?2 a, ?3 b, ?4 c) to a log table. */
static gboolean
append_log (CabineStore  *self,
            const char   *sql,
            const char   *what,
            const char   *a,
            const char   *b,
            const char   *c,
            GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = store_prepare (self, sql, error);
  g_autofree char *now = store_now ();

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, now);
  bind_text (stmt, 2, a);
  bind_text (stmt, 3, b);
  bind_text (stmt, 4, c);
  return store_step_done (self, stmt, what, error);
}

gboolean
cabine_store_add_call_event (CabineStore  *self,
                             const char   *session_id,
                             const char   *event,
                             const char   *detail_json,
                             GError      **error)
{
  g_return_val_if_fail (CABINE_IS_STORE (self), FALSE);
  g_return_val_if_fail (session_id != NULL && event != NULL, FALSE);

  if (!check_json (detail_json, TRUE, FALSE, "add call event", error))
    return FALSE;
  return append_log (self, "INSERT INTO call_event (at, session_id, event, detail) "
                           "VALUES (?1, ?2, ?3, ?4)",
                     "add call event", session_id, event, detail_json, error);
}

gboolean
cabine_store_add_device_log (CabineStore  *self,
                             const char   *device,
                             const char   *event,
                             const char   *detail_json,
                             GError      **error)
{
  g_return_val_if_fail (CABINE_IS_STORE (self), FALSE);
  g_return_val_if_fail (device != NULL && event != NULL, FALSE);

  if (!check_json (detail_json, TRUE, FALSE, "add device log", error))
    return FALSE;
  return append_log (self, "INSERT INTO device_log (at, device, event, detail) VALUES (?1, ?2, ?3, ?4)",
                     "add device log", device, event, detail_json, error);
}

gboolean
cabine_store_audit (CabineStore  *self,
                    const char   *event,
                    const char   *detail_json,
                    GError      **error)
{
  g_return_val_if_fail (CABINE_IS_STORE (self), FALSE);
  g_return_val_if_fail (event != NULL, FALSE);

  if (!check_json (detail_json, TRUE, FALSE, "audit", error))
    return FALSE;
  return append_log (self, "INSERT INTO audit_log (at, event, detail) VALUES (?1, ?2, ?3)",
                     "audit", event, detail_json, NULL, error);
}

gint64
cabine_store_count_audit (CabineStore  *self,
                          const char   *event,
                          GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (CABINE_IS_STORE (self), -1);

  stmt = store_prepare (self, "SELECT count(*) FROM audit_log WHERE ?1 IS NULL OR event = ?1", error);
  if (stmt == NULL)
    return -1;
  bind_text (stmt, 1, event);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      store_sql_error (self, "count audit entries", error);
      return -1;
    }
  return sqlite3_column_int64 (stmt, 0);
}

gboolean
cabine_store_get_last_audit (CabineStore        *self,
                             const char * const *events,
                             char              **event_out,
                             char              **detail_out,
                             GError            **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *joined = NULL;
  g_autofree char *wanted = NULL;
  int rc;

  g_return_val_if_fail (CABINE_IS_STORE (self), FALSE);
  g_return_val_if_fail (events != NULL && events[0] != NULL, FALSE);
  g_return_val_if_fail (event_out != NULL && *event_out == NULL, FALSE);
  g_return_val_if_fail (detail_out == NULL || *detail_out == NULL, FALSE);

  for (guint i = 0; events[i] != NULL; i++)
    if (strchr (events[i], ',') != NULL)
      {
        g_set_error (error, CABINE_STORE_ERROR, CABINE_STORE_ERROR_INVALID,
                     "audit event tag \"%s\" has a comma", events[i]);
        return FALSE;
      }
  joined = g_strjoinv (",", (char **) events);
  wanted = g_strconcat (",", joined, ",", NULL);
  stmt = store_prepare (self, "SELECT event, detail FROM audit_log "
                              "WHERE instr(?1, ',' || event || ',') > 0 ORDER BY id DESC LIMIT 1", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, wanted);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return TRUE;
  if (rc != SQLITE_ROW)
    {
      store_sql_error (self, "read the audit log", error);
      return FALSE;
    }
  *event_out = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  if (detail_out != NULL)
    *detail_out = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  return TRUE;
}

gboolean
cabine_store_add_cleaning (CabineStore  *self,
                           const char   *note,
                           GError      **error)
{
  g_return_val_if_fail (CABINE_IS_STORE (self), FALSE);

  if (note != NULL && !g_utf8_validate (note, -1, NULL))
    return invalid (error, "add cleaning", "the note is not UTF-8");
  return append_log (self, "INSERT INTO cleaning_log (at, note) VALUES (?1, ?2)",
                     "add cleaning", note, NULL, NULL, error);
}

GDateTime *
cabine_store_get_last_cleaning (CabineStore  *self,
                                GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  GDateTime *at;
  int rc;

  g_return_val_if_fail (CABINE_IS_STORE (self), NULL);

  stmt = store_prepare (self, "SELECT at FROM cleaning_log ORDER BY id DESC LIMIT 1", error);
  if (stmt == NULL)
    return NULL;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return NULL;
  if (rc != SQLITE_ROW)
    {
      store_sql_error (self, "last cleaning", error);
      return NULL;
    }
  at = g_date_time_new_from_iso8601 ((const char *) sqlite3_column_text (stmt, 0), NULL);
  if (at == NULL)
    g_set_error (error, CABINE_STORE_ERROR, CABINE_STORE_ERROR_SQL,
                 "%s: the cleaning log holds a malformed time", self->path);
  return at;
}
