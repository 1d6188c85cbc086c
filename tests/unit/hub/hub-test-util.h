/* hub-test-util.h: an in-process cabine-hub and libsoup clients for the hub tests
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "cabine-hub-server.h"

G_BEGIN_DECLS

#define TEST_KIOSK_TOKEN "kiosk-token-0123456789"
#define TEST_PASSWORD "correct horse battery staple"

/* Call messages for test_client_sendf(), whose one argument is the session id. */
#define TEST_OFFER "{\"type\":\"offer\",\"sessionId\":\"%s\",\"sdp\":\"v=0\\r\\no=- 1 1 IN IP4 0.0.0.0\\r\\n\"}"
#define TEST_ANSWER "{\"type\":\"answer\",\"sessionId\":\"%s\",\"sdp\":\"v=0\\r\\no=- 2 2 IN IP4 0.0.0.0\\r\\n\"}"
#define TEST_ICE "{\"type\":\"ice\",\"sessionId\":\"%s\",\"candidate\":\"candidate:1 1 UDP 2015363327 127.0.0.1 40123 typ host\",\"sdpMLineIndex\":0}"
#define TEST_RESUME "{\"type\":\"resume\",\"sessionId\":\"%s\"}"

typedef struct {
  CabineHubConfig *config;
  CabineHubServer *server;
  SoupSession *session;
  guint16 port;
} HubFixture;

typedef struct {
  SoupWebsocketConnection *conn;
  GQueue messages; /* JsonObject */
  gboolean closed;
  gushort close_code;
} TestClient;

/* Config with kiosks cabin-01..03 (TEST_KIOSK_TOKEN), physicians "alice" and "bob"
 * (TEST_PASSWORD), STUN 127.0.0.1:3478, the source tree's console, port 0; @data, when not NULL,
 * is a string of more `[hub]` lines, e.g. "resume-seconds=0\n". */
void        hub_fixture_setup      (HubFixture *f, gconstpointer data);
void        hub_fixture_teardown   (HubFixture *f, gconstpointer data);

/* Runs the default main context until *done or @timeout_ms (then fails the test). */
void        hub_wait_until         (gboolean *done, guint timeout_ms);
/* Runs the default main context for @ms milliseconds. */
void        hub_spin               (guint ms);

/* HTTP request to the fixture; returns the body (NUL-terminated), sets *status and
 * *content_type (transfer full, nullable). */
char       *hub_http               (HubFixture *f, const char *method, const char *path,
                                    const char *body, guint *status, char **content_type,
                                    char **cache_control);
/* POST /api/login for @user, TEST_PASSWORD; returns the token. */
char       *hub_login              (HubFixture *f, const char *user);

TestClient *test_client_connect    (HubFixture *f);
void        test_client_free       (TestClient *c);
void        test_client_send       (TestClient *c, const char *text);
void        test_client_sendf      (TestClient *c, const char *format, ...) G_GNUC_PRINTF (2, 3);
/* Waits for the next message and asserts its type; returns it (transfer full). */
JsonObject *test_client_expect     (TestClient *c, const char *type);
/* Sends `resume` (TEST_RESUME) for session @id, then as test_client_expect_resumed(). */
void        test_client_resume     (TestClient *c, const char *id, gboolean peer_present);
/* Sends `resume` (TEST_RESUME) for session @id, then expects an `error` @code in reply to it. */
void        test_client_resume_refused (TestClient *c, const char *id, const char *code);
/* Waits for an `error` and asserts its code; the connection must still be open. */
void        test_client_expect_error (TestClient *c, const char *code);
/* Asserts that nothing arrives within 150 ms. */
void        test_client_expect_nothing (TestClient *c);
void        test_client_wait_closed (TestClient *c);

/* hello helpers: they assert the welcome (physicians also get their first `queue`). */
TestClient *test_kiosk_new         (HubFixture *f, const char *kiosk_id);
TestClient *test_physician_new     (HubFixture *f, const char *user);
/* A physician's hello with an existing login @token (asserts the welcome and the first queue). */
TestClient *test_physician_with_token (HubFixture *f, const char *token);

/* The relay's log ("cabine-hub-relay" messages): hub_relay_log_install() (once, in main())
 * routes them through the default handler and, between hub_relay_log_start() and
 * hub_relay_log_stop(), keeps them. hub_relay_logged() returns the first kept line that contains
 * @needle (transfer none: valid until hub_relay_log_stop()), or NULL (also when none are kept). */
void        hub_relay_log_install  (void);
void        hub_relay_log_start    (void);
void        hub_relay_log_stop     (void);
const char *hub_relay_logged       (const char *needle);

/* @kiosk joins the queue ("Fièvre", "fr"), claiming back @session_id (nullable) with `sessionId`;
 * asserts the `queued` answer's @position and @length and returns its session id (transfer
 * full). */
char       *test_kiosk_join        (TestClient *kiosk, const char *session_id, gint64 position,
                                    gint64 length);
/* Waits for a `queue` of @n_entries; when @first_id is not NULL, asserts that the first entry is
 * that session, "Fièvre" in "fr" from a "cabin-…" kiosk. */
void        test_expect_queue      (TestClient *physician, guint n_entries, const char *first_id);
/* Waits for a `queue` whose entries are exactly the session ids given, in that order, then NULL. */
void        test_expect_queue_ids  (TestClient *physician, ...) G_GNUC_NULL_TERMINATED;
/* Waits for a `queue-position` of @id with @position and @length. */
void        test_expect_position   (TestClient *kiosk, const char *id, gint64 position,
                                    gint64 length);

/* A call: @kiosk joins the queue, @doc (who sees a queue of one) accepts; both get their messages
 * (and @doc the queue once empty). Returns the session id (transfer full). */
char       *test_start_call        (TestClient *doc, TestClient *kiosk);
/* An offer (TEST_OFFER) from @kiosk reaches @doc, an answer (TEST_ANSWER) from @doc reaches
 * @kiosk, both for session @id. */
void        test_expect_relay_works (TestClient *kiosk, TestClient *doc, const char *id);
/* Waits for `resumed` of session @id and asserts its peerPresent is @peer_present. */
void        test_client_expect_resumed (TestClient *c, const char *id, gboolean peer_present);
/* Sends `resume` (TEST_RESUME) for session @id, then as test_client_expect_resumed(). */
void        test_client_resume     (TestClient *c, const char *id, gboolean peer_present);
/* Sends `resume` (TEST_RESUME) for session @id, then expects an `error` @code in reply to it. */
void        test_client_resume_refused (TestClient *c, const char *id, const char *code);
/* Waits for an `error` and asserts its code is @code and its inReplyTo @in_reply_to. */
void        test_client_expect_error_reply (TestClient *c, const char *code, const char *in_reply_to);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TestClient, test_client_free)

G_END_DECLS
