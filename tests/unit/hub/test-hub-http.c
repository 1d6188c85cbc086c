/* test-hub-http.c: static console files, POST /api/login, GET /api/health
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "cabine-test"

#include <string.h>

#include "hub-test-util.h"

static void
test_static (HubFixture    *f,
             gconstpointer  data)
{
  g_autofree char *body = NULL;
  g_autofree char *type = NULL;
  g_autofree char *cache = NULL;
  guint status = 0;
  const char *forbidden[] = {
    "/../protocol.md", "/%2e%2e/protocol.md", "/%2E%2E%2Fprotocol.md", "/..%5cprotocol.md",
    "/.hidden", "/nope.html", "/%00", NULL
  };

  body = hub_http (f, "GET", "/", NULL, &status, &type, &cache);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (type, ==, "text/html; charset=utf-8");
  g_assert_cmpstr (cache, ==, "no-store");
  g_assert_nonnull (strstr (body, "console.js"));
  g_clear_pointer (&body, g_free);
  g_clear_pointer (&type, g_free);

  body = hub_http (f, "GET", "/console.js", NULL, &status, &type, NULL);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (type, ==, "text/javascript; charset=utf-8");
  g_assert_nonnull (strstr (body, "cabineConsole"));
  g_clear_pointer (&body, g_free);
  g_clear_pointer (&type, g_free);

  body = hub_http (f, "GET", "/console.css", NULL, &status, &type, NULL);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (type, ==, "text/css; charset=utf-8");
  g_clear_pointer (&body, g_free);
  g_clear_pointer (&type, g_free);

  for (guint i = 0; forbidden[i] != NULL; i++)
    {
      g_test_message ("GET %s", forbidden[i]);
      body = hub_http (f, "GET", forbidden[i], NULL, &status, &type, NULL);
      /* libsoup itself answers 400 to some (e.g. an encoded '/'); we answer 404 to the rest. */
      if (status != 400)
        {
          g_assert_cmpuint (status, ==, 404);
          g_assert_cmpstr (type, ==, "application/json");
          g_assert_nonnull (strstr (body, "\"error\""));
        }
      g_assert_null (strstr (body, "Cabine wire protocol"));
      g_clear_pointer (&body, g_free);
      g_clear_pointer (&type, g_free);
    }

  body = hub_http (f, "DELETE", "/", NULL, &status, NULL, NULL);
  g_assert_cmpuint (status, ==, 405);
  g_clear_pointer (&body, g_free);
  body = hub_http (f, "GET", "/api/nothing", NULL, &status, NULL, NULL);
  g_assert_cmpuint (status, ==, 404);
}

static void
test_login (HubFixture    *f,
            gconstpointer  data)
{
  g_autofree char *body = NULL;
  g_autofree char *type = NULL;
  g_autofree char *token = NULL;
  guint status = 0;
  const char *malformed[] = {
    "", "{", "[1,2]", "\"x\"", "{\"username\":\"alice\"}", "{\"username\":1,\"password\":\"x\"}",
    "{\"username\":\"alice\",\"password\":null}", NULL
  };

  token = hub_login (f, "alice");
  g_assert_cmpuint (strlen (token), ==, 64);
  for (const char *p = token; *p != '\0'; p++)
    g_assert_true (g_ascii_isxdigit (*p));

  body = hub_http (f, "POST", "/api/login",
                   "{\"username\":\"alice\",\"password\":\"wrong\"}", &status, &type, NULL);
  g_assert_cmpuint (status, ==, 401);
  g_assert_cmpstr (type, ==, "application/json");
  g_assert_nonnull (strstr (body, "\"error\""));
  g_assert_null (strstr (body, "token"));
  g_clear_pointer (&body, g_free);

  body = hub_http (f, "POST", "/api/login",
                   "{\"username\":\"mallory\",\"password\":\"" TEST_PASSWORD "\"}", &status,
                   NULL, NULL);
  g_assert_cmpuint (status, ==, 401);
  g_clear_pointer (&body, g_free);

  for (guint i = 0; malformed[i] != NULL; i++)
    {
      g_test_message ("login body: %s", malformed[i]);
      body = hub_http (f, "POST", "/api/login", malformed[i], &status, NULL, NULL);
      g_assert_cmpuint (status, ==, 400);
      g_assert_nonnull (strstr (body, "\"error\""));
      g_clear_pointer (&body, g_free);
    }

  body = hub_http (f, "GET", "/api/login", NULL, &status, NULL, NULL);
  g_assert_cmpuint (status, ==, 405);
}

static void
test_health (HubFixture    *f,
             gconstpointer  data)
{
  g_autoptr(TestClient) kiosk = NULL;
  g_autofree char *body = NULL;
  guint status = 0;

  body = hub_http (f, "GET", "/api/health", NULL, &status, NULL, NULL);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (body, ==, "{\"status\":\"ok\",\"kiosks\":0,\"physicians\":0,\"queue\":0}");
  g_clear_pointer (&body, g_free);

  kiosk = test_kiosk_new (f, "cabin-01");
  test_client_send (kiosk, "{\"type\":\"join-queue\",\"reason\":\"r\"}");
  json_object_unref (test_client_expect (kiosk, "queued"));
  body = hub_http (f, "GET", "/api/health", NULL, &status, NULL, NULL);
  g_assert_cmpstr (body, ==, "{\"status\":\"ok\",\"kiosks\":1,\"physicians\":0,\"queue\":1}");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/hub/http/static", HubFixture, NULL, hub_fixture_setup, test_static,
              hub_fixture_teardown);
  g_test_add ("/hub/http/login", HubFixture, NULL, hub_fixture_setup, test_login,
              hub_fixture_teardown);
  g_test_add ("/hub/http/health", HubFixture, NULL, hub_fixture_setup, test_health,
              hub_fixture_teardown);
  return g_test_run ();
}
