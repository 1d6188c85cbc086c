/* cabine-store-private.h: what the parts of the kiosk store share (not installed)
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * CabineStore is one type implemented in three files split by concern: cabine-store.c (opening,
 * migrations, consultations, readings), cabine-store-journey.c (patient, consent, questionnaire,
 * snapshots, logs) and cabine-store-record.c (upload record, outbox, purge).
 */
#pragma once

#include <sqlite3.h>

#include "cabine-store.h"

G_BEGIN_DECLS

struct _CabineStore
{
  GObject  parent_instance;
  sqlite3 *db;
  char    *path;
};

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

/* Sets @error from the connection's last error (code FULL, READ_ONLY or SQL); returns FALSE. */
gboolean      store_sql_error       (CabineStore *self, const char *what, GError **error);
/* Runs one or more statements without results. */
gboolean      store_exec            (CabineStore *self, const char *sql, GError **error);
/* Returns: (transfer full) (nullable): a prepared statement. */
sqlite3_stmt *store_prepare         (CabineStore *self, const char *sql, GError **error);
/* Steps a statement that returns no row. */
gboolean      store_step_done       (CabineStore *self, sqlite3_stmt *stmt, const char *what,
                                     GError **error);
/* Steps an UPDATE that must change exactly one row (else CABINE_STORE_ERROR_NOT_FOUND naming @id). */
gboolean      store_step_update_one (CabineStore *self, sqlite3_stmt *stmt, const char *what,
                                     const char *id, GError **error);
/* Returns: (transfer full): the current UTC time, RFC 3339 with microseconds. */
char         *store_now             (void);

/* Queues @session_id for upload when its call has started (inside the caller's transaction). */
gboolean      store_outbox_enqueue_started (CabineStore *self, const char *session_id,
                                            GError **error);

G_END_DECLS
