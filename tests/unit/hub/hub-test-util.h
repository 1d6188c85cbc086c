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

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TestClient, test_client_free)

G_END_DECLS
