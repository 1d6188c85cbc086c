/* session-test-util.h: a kiosk session on test patterns in a temporary folder, and the waits and
 * record readers shared by the session tests
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "cabine-session-private.h"
#include "cabine-store.h"

G_BEGIN_DECLS

/* What every session test's main() does first: initialises GStreamer and GTest (@argc, @argv as
 * for g_test_init()), makes criticals fatal and sends the "cabine-session" domain's messages to
 * @log_handler (which tells the expected warnings from the others). */
void           session_test_init           (int       *argc,
                                            char    ***argv,
                                            GLogFunc   log_handler);

/* Acquires the default main context for the whole test, as GApplication does for the kiosk;
 * for the tests whose calls run webrtcbin. */
void           session_test_own_main_context (void);

/* The configuration text of a kiosk "cabin-01" with @token, signalling to
 * ws://127.0.0.1:@port/ws, test patterns, no stethoscope, no instruments, no cleaning reminder.
 * Returns: (transfer full). */
char          *session_test_hub_config     (const char *token,
                                            guint16     port);

/* Makes a temporary folder from @dir_template (as g_dir_make_tmp()), writes @config_text there as
 * kiosk.conf, opens kiosk.db in it and returns a new session on both. Sets *dir (transfer full:
 * remove it with session_test_remove_dir()) and *store (transfer full). Fails the test on any
 * error. Returns: (transfer full). */
CabineSession *session_test_new_session    (const char   *dir_template,
                                            const char   *config_text,
                                            char        **dir,
                                            CabineStore **store);

/* Removes the files directly in @dir, then @dir (NULL: nothing). */
void           session_test_remove_dir     (const char *dir);

/* Runs the default main context for @ms milliseconds, polling every millisecond. */
void           session_test_spin           (guint ms);

/* Starts @session's signalling, waits (at most 10 s) until the hub has welcomed it, then begins a
 * French patient's journey and asks for a consultation for "Fièvre". Fails the test otherwise. */
void           session_test_connect_and_request (CabineSession *session);

/* Pops @messages (JsonObject) until one of @type, running the default main context while it is
 * empty; the others are dropped. Fails (g_error() naming @who) after @timeout_s seconds.
 * Returns: (transfer full). */
JsonObject    *session_test_next_message   (GQueue     *messages,
                                            const char *type,
                                            guint       timeout_s,
                                            const char *who);

/* Runs the default main context for @ms milliseconds, emptying @messages (JsonObject) meanwhile;
 * returns how many of them were of @type. */
guint          session_test_count_messages (GQueue     *messages,
                                            const char *type,
                                            guint       ms);

/* The record of consultation @session_id in @store, parsed (cabine_store_build_record()); fails
 * the test on error. Returns: (transfer full). */
JsonObject    *session_test_build_record   (CabineStore *store,
                                            const char  *session_id);

/* The detail of the only call event @event of @record (a JSON null when it has none); fails
 * (g_error()) when there is not exactly one. Returns: (transfer none). */
JsonNode      *session_test_only_event     (JsonObject *record,
                                            const char *event);

/* How many call events @event @record holds. */
guint          session_test_count_events   (JsonObject *record,
                                            const char *event);

/* Asserts that @record has one "signalling-lost" event, during a call, and one
 * "signalling-resumed" of at least @min_ms; returns that duration, in milliseconds. */
gint64         session_test_assert_signalling_resumed (JsonObject *record,
                                                       gint64      min_ms);

/* Asserts that @record has one "peer-away" event that gave @resume_seconds, and one "peer-back"
 * after at least @min_ms milliseconds. */
void           session_test_assert_peer_away_and_back (JsonObject *record,
                                                       gint64      resume_seconds,
                                                       gint64      min_ms);

G_END_DECLS
