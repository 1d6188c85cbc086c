/* test-hub-signalling.c: the WebSocket protocol of data/protocol.md against an in-process hub
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "cabine-test"

#include <string.h>

#include "cabine-hub-peer.h"
#include "cabine-protocol.h"
#include "hub-test-util.h"

/* A refused kiosk hello: the kiosk is told no more than "invalid credentials", whatever was
 * wrong; the hub's log says which kiosk id and why, the id escaped and bounded. */
static void
test_hello_kiosk (HubFixture    *f,
                  gconstpointer  data)
{
  g_autoptr(TestClient) good = test_kiosk_new (f, "cabin-01");
  g_autoptr(TestClient) bad = test_client_connect (f);
  g_autoptr(TestClient) unknown = test_client_connect (f);
  g_autoptr(TestClient) forged = test_client_connect (f);
  g_autoptr(JsonObject) err = NULL;
  g_autofree char *long_id = g_strnfill (500, 'k');
  g_autofree char *expected = NULL;
  const char *line;

  hub_relay_log_start ();
  test_client_send (bad, "{\"type\":\"hello\",\"role\":\"kiosk\",\"kioskId\":\"cabin-02\","
                         "\"token\":\"wrong-token-wrong-token\"}");
  err = test_client_expect (bad, "error");
  g_assert_cmpstr (json_object_get_string_member (err, "code"), ==, "not-authorized");
  g_assert_cmpstr (json_object_get_string_member (err, "message"), ==, "invalid credentials");
  g_clear_pointer (&err, json_object_unref);
  test_client_wait_closed (bad);
  g_assert_cmpuint (bad->close_code, ==, CABINE_HUB_CLOSE_NOT_AUTHORIZED);
  g_assert_nonnull (hub_relay_logged ("kiosk hello refused for kiosk id \"cabin-02\": wrong token for "
                                  "this kiosk id"));

  test_client_send (unknown, "{\"type\":\"hello\",\"role\":\"kiosk\",\"kioskId\":\"cabin-99\","
                             "\"token\":\"" TEST_KIOSK_TOKEN "\"}");
  err = test_client_expect (unknown, "error");
  g_assert_cmpstr (json_object_get_string_member (err, "code"), ==, "not-authorized");
  g_assert_cmpstr (json_object_get_string_member (err, "message"), ==, "invalid credentials");
  g_clear_pointer (&err, json_object_unref);
  test_client_wait_closed (unknown);
  g_assert_nonnull (hub_relay_logged ("kiosk hello refused for kiosk id \"cabin-99\": unknown kiosk id"));

  /* An id that would forge a log line, then one far too long. */
  test_client_send (forged, "{\"type\":\"hello\",\"role\":\"kiosk\",\"kioskId\":"
                            "\"x\\nkiosk cabin-01 signed in \\\"\\u00e9\",\"token\":\"t\"}");
  test_client_expect_error (forged, "not-authorized");
  line = hub_relay_logged ("kiosk hello refused for kiosk id \"x\\nkiosk cabin-01 signed in "
                       "\\\"\\303\\251\": unknown kiosk id");
  g_assert_nonnull (line);
  g_assert_null (strchr (line, '\n'));
  g_clear_pointer (&forged, test_client_free);
  forged = test_client_connect (f);
  test_client_sendf (forged, "{\"type\":\"hello\",\"role\":\"kiosk\",\"kioskId\":\"%s\","
                             "\"token\":\"t\"}", long_id);
  test_client_expect_error (forged, "not-authorized");
  expected = g_strdup_printf ("kiosk id \"%.64s…\": unknown kiosk id", long_id);
  g_assert_nonnull (hub_relay_logged (expected));

  g_assert_false (good->closed);
  hub_relay_log_stop ();
}

static void
test_hello_physician (HubFixture    *f,
                      gconstpointer  data)
{
  g_autoptr(TestClient) good = test_physician_new (f, "alice");
  g_autoptr(TestClient) bad = test_client_connect (f);
  g_autoptr(TestClient) kiosk_token = test_client_connect (f);

  test_client_send (bad, "{\"type\":\"hello\",\"role\":\"physician\",\"token\":\"00ff\"}");
  test_client_expect_error (bad, "not-authorized");
  test_client_wait_closed (bad);
  g_assert_cmpuint (bad->close_code, ==, CABINE_HUB_CLOSE_NOT_AUTHORIZED);

  /* A kiosk token is no physician token. */
  test_client_send (kiosk_token, "{\"type\":\"hello\",\"role\":\"physician\","
                                 "\"token\":\"" TEST_KIOSK_TOKEN "\"}");
  test_client_expect_error (kiosk_token, "not-authorized");
  test_client_wait_closed (kiosk_token);
  g_assert_false (good->closed);
}

/* Physician accepts @id of @kiosk; both sides get their message. */
static void
accept (TestClient *physician,
        TestClient *kiosk,
        const char *id,
        const char *kiosk_id)
{
  g_autoptr(JsonObject) accepted = NULL;
  g_autoptr(JsonObject) started = NULL;
  JsonArray *ice;

  test_client_sendf (physician, "{\"type\":\"accept\",\"sessionId\":\"%s\"}", id);
  accepted = test_client_expect (physician, "accepted");
  g_assert_cmpstr (json_object_get_string_member (accepted, "sessionId"), ==, id);
  g_assert_cmpstr (json_object_get_string_member (accepted, "kioskId"), ==, kiosk_id);
  ice = json_object_get_array_member (accepted, "iceServers");
  g_assert_cmpuint (json_array_get_length (ice), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (ice, 0), "urls"),
                   ==, "stun:127.0.0.1:3478");

  started = test_client_expect (kiosk, "session-started");
  g_assert_cmpstr (json_object_get_string_member (started, "sessionId"), ==, id);
  g_assert_cmpstr (json_object_get_string_member (started, "physician"), ==, "Dr Alice");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (started, "iceServers")),
                    ==, 1);
}

static void
test_queue_flow (HubFixture    *f,
                 gconstpointer  data)
{
  g_autoptr(TestClient) doc = test_physician_new (f, "alice");
  g_autoptr(TestClient) k1 = test_kiosk_new (f, "cabin-01");
  g_autoptr(TestClient) k2 = test_kiosk_new (f, "cabin-02");
  g_autoptr(TestClient) k3 = test_kiosk_new (f, "cabin-03");
  g_autofree char *id1 = NULL;
  g_autofree char *id2 = NULL;
  g_autofree char *id3 = NULL;

  id1 = test_kiosk_join (k1, NULL, 1, 1);
  test_expect_queue (doc, 1, id1);
  test_client_expect_nothing (k1);

  id2 = test_kiosk_join (k2, NULL, 2, 2);
  test_expect_queue (doc, 2, id1);
  test_expect_position (k1, id1, 1, 2);

  id3 = test_kiosk_join (k3, NULL, 3, 3);
  test_expect_queue (doc, 3, id1);
  test_expect_position (k1, id1, 1, 3);
  test_expect_position (k2, id2, 2, 3);

  /* Joining twice is refused. */
  test_client_send (k1, "{\"type\":\"join-queue\",\"reason\":\"Fièvre\"}");
  test_client_expect_error (k1, "bad-field");

  /* k2 leaves: k3 moves up. */
  test_client_sendf (k2, "{\"type\":\"leave-queue\",\"sessionId\":\"%s\"}", id2);
  test_expect_queue (doc, 2, id1);
  test_expect_position (k1, id1, 1, 2);
  test_expect_position (k3, id3, 2, 2);
  /* A kiosk cannot make another leave. */
  test_client_sendf (k1, "{\"type\":\"leave-queue\",\"sessionId\":\"%s\"}", id3);
  test_client_expect_error (k1, "no-such-session");

  accept (doc, k1, id1, "cabin-01");
  test_expect_queue (doc, 1, id3);
  test_expect_position (k3, id3, 1, 1);

  test_client_sendf (doc, "{\"type\":\"accept\",\"sessionId\":\"%s\"}", id1);
  test_client_expect_error (doc, "already-taken");
  test_client_send (doc, "{\"type\":\"accept\",\"sessionId\":\"00000000-0000-4000-8000-000000000000\"}");
  test_client_expect_error (doc, "no-such-session");

  /* The waiting kiosk k3 disconnects: it is no longer shown (away: test-hub-resume.c). */
  g_clear_pointer (&k3, test_client_free);
  test_expect_queue (doc, 0, NULL);
  test_client_expect_nothing (k1);
}


static void
test_relay (HubFixture    *f,
            gconstpointer  data)
{
  g_autoptr(TestClient) doc = test_physician_new (f, "alice");
  g_autoptr(TestClient) other_doc = test_physician_new (f, "bob");
  g_autoptr(TestClient) k1 = test_kiosk_new (f, "cabin-01");
  g_autoptr(TestClient) k2 = test_kiosk_new (f, "cabin-02");
  g_autoptr(JsonObject) m = NULL;
  g_autofree char *id = NULL;
  g_autofree char *id2 = NULL;

  id = test_kiosk_join (k1, NULL, 1, 1);
  test_expect_queue (doc, 1, id);
  test_expect_queue (other_doc, 1, id);
  id2 = test_kiosk_join (k2, NULL, 2, 2);
  test_expect_queue (doc, 2, id);
  test_expect_queue (other_doc, 2, id);
  test_expect_position (k1, id, 1, 2);
  accept (doc, k1, id, "cabin-01");
  test_expect_queue (doc, 1, id2);
  test_expect_queue (other_doc, 1, id2);
  test_expect_position (k2, id2, 1, 1);

  /* Offer from the kiosk reaches its physician only. */
  test_client_sendf (k1, TEST_OFFER, id);
  m = test_client_expect (doc, "offer");
  g_assert_cmpstr (json_object_get_string_member (m, "sessionId"), ==, id);
  g_assert_cmpstr (json_object_get_string_member (m, "sdp"), ==,
                   "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\n");
  g_clear_pointer (&m, json_object_unref);

  test_client_sendf (doc, TEST_ANSWER, id);
  m = test_client_expect (k1, "answer");
  g_assert_cmpstr (json_object_get_string_member (m, "sdp"), ==,
                   "v=0\r\no=- 2 2 IN IP4 0.0.0.0\r\n");
  g_clear_pointer (&m, json_object_unref);

  test_client_sendf (k1, TEST_ICE, id);
  m = test_client_expect (doc, "ice");
  g_assert_cmpint (json_object_get_int_member (m, "sdpMLineIndex"), ==, 0);
  g_clear_pointer (&m, json_object_unref);
  test_client_sendf (doc, TEST_ICE, id);
  m = test_client_expect (k1, "ice");
  g_clear_pointer (&m, json_object_unref);
  /* End of candidates. */
  test_client_sendf (doc, "{\"type\":\"ice\",\"sessionId\":\"%s\",\"candidate\":\"\","
                          "\"sdpMLineIndex\":0}", id);
  m = test_client_expect (k1, "ice");
  g_assert_cmpstr (json_object_get_string_member (m, "candidate"), ==, "");
  g_clear_pointer (&m, json_object_unref);

  /* A recovery (data/protocol.md, "Recovery"): a new offer of the same session, its attempt
   * relayed with it; ill-typed recovery fields are refused. */
  test_client_sendf (k1, "{\"type\":\"offer\",\"sessionId\":\"%s\",\"sdp\":\"v=0\\r\\n\","
                         "\"restart\":true,\"attempt\":2}", id);
  m = test_client_expect (doc, "offer");
  g_assert_true (json_object_get_boolean_member (m, "restart"));
  g_assert_cmpint (json_object_get_int_member (m, "attempt"), ==, 2);
  g_clear_pointer (&m, json_object_unref);
  test_client_sendf (doc, "{\"type\":\"answer\",\"sessionId\":\"%s\",\"sdp\":\"v=0\\r\\n\","
                          "\"attempt\":2}", id);
  m = test_client_expect (k1, "answer");
  g_assert_cmpint (json_object_get_int_member (m, "attempt"), ==, 2);
  g_clear_pointer (&m, json_object_unref);
  test_client_sendf (k1, "{\"type\":\"offer\",\"sessionId\":\"%s\",\"sdp\":\"v=0\\r\\n\","
                         "\"restart\":\"yes\"}", id);
  test_client_expect_error (k1, "bad-field");
  test_client_sendf (k1, "{\"type\":\"offer\",\"sessionId\":\"%s\",\"sdp\":\"v=0\\r\\n\","
                         "\"attempt\":-1}", id);
  test_client_expect_error (k1, "bad-field");
  test_client_sendf (doc, "{\"type\":\"answer\",\"sessionId\":\"%s\",\"sdp\":\"v=0\\r\\n\","
                          "\"restart\":true}", id);
  test_client_expect_error (doc, "bad-field");
  test_client_expect_nothing (doc);
  test_client_expect_nothing (k1);

  /* Third peers cannot inject into the session. */
  test_client_sendf (k2, TEST_OFFER, id);
  test_client_expect_error (k2, "no-such-session");
  test_client_sendf (k2, TEST_ICE, id);
  test_client_expect_error (k2, "no-such-session");
  test_client_sendf (other_doc, TEST_ANSWER, id);
  test_client_expect_error (other_doc, "no-such-session");
  test_client_sendf (other_doc, "{\"type\":\"hangup\",\"sessionId\":\"%s\","
                                "\"reason\":\"physician-ended\"}", id);
  test_client_expect_error (other_doc, "no-such-session");
  /* Roles: the physician does not offer, the kiosk does not answer. */
  test_client_sendf (doc, TEST_OFFER, id);
  test_client_expect_error (doc, "wrong-role");
  test_client_sendf (k1, TEST_ANSWER, id);
  test_client_expect_error (k1, "wrong-role");
  /* A waiting session has no call yet. */
  test_client_sendf (k2, TEST_OFFER, id2);
  test_client_expect_error (k2, "no-such-session");

  test_client_expect_nothing (doc);
  test_client_expect_nothing (k1);
  test_client_expect_nothing (other_doc);

  /* Hangup is relayed and the session forgotten. */
  test_client_sendf (doc, "{\"type\":\"hangup\",\"sessionId\":\"%s\","
                          "\"reason\":\"physician-ended\"}", id);
  m = test_client_expect (k1, "hangup");
  g_assert_cmpstr (json_object_get_string_member (m, "reason"), ==, "physician-ended");
  g_clear_pointer (&m, json_object_unref);
  test_client_sendf (k1, TEST_OFFER, id);
  test_client_expect_error (k1, "no-such-session");
  test_client_expect_nothing (doc);
  test_client_expect_nothing (k2);
}

#define REFUSED "{\"type\":\"signal-refused\",\"sessionId\":\"%s\",\"inReplyTo\":\"answer\"," \
                "\"reason\":\"answer SDP is not a session description with media sections\"}"

/* signal-refused (data/protocol.md, "Call set-up"): the kiosk tells its physician that it could
 * not use their answer or candidate; only the session's own kiosk may, with well-typed fields. */
static void
test_signal_refused (HubFixture    *f,
                     gconstpointer  data)
{
  g_autoptr(TestClient) doc = test_physician_new (f, "alice");
  g_autoptr(TestClient) other_doc = test_physician_new (f, "bob");
  g_autoptr(TestClient) k1 = test_kiosk_new (f, "cabin-01");
  g_autoptr(TestClient) k2 = test_kiosk_new (f, "cabin-02");
  g_autoptr(JsonObject) m = NULL;
  g_autofree char *id = NULL;
  g_autofree char *id2 = NULL;
  g_autofree char *long_reason = g_strnfill (CABINE_PROTOCOL_MAX_REFUSAL_REASON + 1, 'x');
  g_autofree char *max_reason = g_strnfill (CABINE_PROTOCOL_MAX_REFUSAL_REASON, 'x');

  id = test_kiosk_join (k1, NULL, 1, 1);
  test_expect_queue (doc, 1, id);
  test_expect_queue (other_doc, 1, id);
  id2 = test_kiosk_join (k2, NULL, 2, 2);
  test_expect_queue (doc, 2, id);
  test_expect_queue (other_doc, 2, id);
  test_expect_position (k1, id, 1, 2);
  accept (doc, k1, id, "cabin-01");
  test_expect_queue (doc, 1, id2);
  test_expect_queue (other_doc, 1, id2);
  test_expect_position (k2, id2, 1, 1);

  /* Relayed verbatim to the session's physician only. */
  test_client_sendf (k1, REFUSED, id);
  m = test_client_expect (doc, "signal-refused");
  g_assert_cmpstr (json_object_get_string_member (m, "sessionId"), ==, id);
  g_assert_cmpstr (json_object_get_string_member (m, "inReplyTo"), ==, "answer");
  g_assert_cmpstr (json_object_get_string_member (m, "reason"), ==,
                   "answer SDP is not a session description with media sections");
  g_clear_pointer (&m, json_object_unref);
  /* A candidate's, of a recovery attempt, with a reason of the longest length. */
  test_client_sendf (k1, "{\"type\":\"signal-refused\",\"sessionId\":\"%s\",\"inReplyTo\":\"ice\","
                         "\"reason\":\"%s\",\"attempt\":2}", id, max_reason);
  m = test_client_expect (doc, "signal-refused");
  g_assert_cmpstr (json_object_get_string_member (m, "inReplyTo"), ==, "ice");
  g_assert_cmpstr (json_object_get_string_member (m, "reason"), ==, max_reason);
  g_assert_cmpint (json_object_get_int_member (m, "attempt"), ==, 2);
  g_clear_pointer (&m, json_object_unref);
  test_client_expect_nothing (other_doc);
  test_client_expect_nothing (k2);

  /* Not from a physician, not for another kiosk's session, not before a call. */
  test_client_sendf (doc, REFUSED, id);
  test_client_expect_error (doc, "wrong-role");
  test_client_sendf (k2, REFUSED, id);
  test_client_expect_error (k2, "no-such-session");
  test_client_sendf (k2, REFUSED, id2);
  test_client_expect_error (k2, "no-such-session");
  test_client_sendf (k1, REFUSED, "no-such-id");
  test_client_expect_error (k1, "no-such-session");

  /* Missing and ill-typed fields. */
  test_client_send (k1, "{\"type\":\"signal-refused\",\"inReplyTo\":\"answer\",\"reason\":\"r\"}");
  test_client_expect_error (k1, "missing-field");
  test_client_sendf (k1, "{\"type\":\"signal-refused\",\"sessionId\":\"%s\",\"reason\":\"r\"}", id);
  test_client_expect_error (k1, "missing-field");
  test_client_sendf (k1, "{\"type\":\"signal-refused\",\"sessionId\":\"%s\",\"inReplyTo\":\"ice\"}", id);
  test_client_expect_error (k1, "missing-field");
  test_client_send (k1, "{\"type\":\"signal-refused\",\"sessionId\":7,\"inReplyTo\":\"ice\","
                        "\"reason\":\"r\"}");
  test_client_expect_error (k1, "bad-field");
  test_client_sendf (k1, "{\"type\":\"signal-refused\",\"sessionId\":\"%s\",\"inReplyTo\":[\"ice\"],"
                         "\"reason\":\"r\"}", id);
  test_client_expect_error (k1, "bad-field");
  test_client_sendf (k1, "{\"type\":\"signal-refused\",\"sessionId\":\"%s\",\"inReplyTo\":\"offer\","
                         "\"reason\":\"r\"}", id);
  test_client_expect_error (k1, "bad-field");
  test_client_sendf (k1, "{\"type\":\"signal-refused\",\"sessionId\":\"%s\",\"inReplyTo\":\"ice\","
                         "\"reason\":{\"text\":\"r\"}}", id);
  test_client_expect_error (k1, "bad-field");
  test_client_sendf (k1, "{\"type\":\"signal-refused\",\"sessionId\":\"%s\",\"inReplyTo\":\"ice\","
                         "\"reason\":\"%s\"}", id, long_reason);
  test_client_expect_error (k1, "bad-field");
  test_client_sendf (k1, "{\"type\":\"signal-refused\",\"sessionId\":\"%s\",\"inReplyTo\":\"ice\","
                         "\"reason\":\"r\",\"attempt\":\"2\"}", id);
  test_client_expect_error (k1, "bad-field");
  test_client_sendf (k1, "{\"type\":\"signal-refused\",\"sessionId\":\"%s\",\"inReplyTo\":\"ice\","
                         "\"reason\":\"r\",\"attempt\":-1}", id);
  test_client_expect_error (k1, "bad-field");
  test_client_expect_nothing (doc);
  test_client_expect_nothing (other_doc);

  /* After the call: nobody to tell. */
  test_client_sendf (doc, "{\"type\":\"hangup\",\"sessionId\":\"%s\","
                          "\"reason\":\"physician-ended\"}", id);
  json_object_unref (test_client_expect (k1, "hangup"));
  test_client_sendf (k1, REFUSED, id);
  test_client_expect_error (k1, "no-such-session");
  test_client_expect_nothing (doc);
}

static void
test_peer_disconnected (HubFixture    *f,
                        gconstpointer  data)
{
  g_autoptr(TestClient) doc = test_physician_new (f, "alice");
  g_autoptr(TestClient) k1 = test_kiosk_new (f, "cabin-01");
  g_autoptr(TestClient) k2 = test_kiosk_new (f, "cabin-02");
  g_autoptr(JsonObject) m = NULL;
  g_autofree char *id = NULL;
  g_autofree char *id2 = NULL;

  id = test_kiosk_join (k1, NULL, 1, 1);
  test_expect_queue (doc, 1, id);
  accept (doc, k1, id, "cabin-01");
  test_expect_queue (doc, 0, NULL);

  /* The kiosk's socket closes during the call. */
  g_clear_pointer (&k1, test_client_free);
  m = test_client_expect (doc, "hangup");
  g_assert_cmpstr (json_object_get_string_member (m, "sessionId"), ==, id);
  g_assert_cmpstr (json_object_get_string_member (m, "reason"), ==, "peer-disconnected");
  g_clear_pointer (&m, json_object_unref);
  test_client_sendf (doc, TEST_ANSWER, id);
  test_client_expect_error (doc, "no-such-session");

  /* The physician's socket closes during a call. */
  id2 = test_kiosk_join (k2, NULL, 1, 1);
  test_expect_queue (doc, 1, id2);
  accept (doc, k2, id2, "cabin-02");
  test_expect_queue (doc, 0, NULL);
  g_clear_pointer (&doc, test_client_free);
  m = test_client_expect (k2, "hangup");
  g_assert_cmpstr (json_object_get_string_member (m, "reason"), ==, "peer-disconnected");
  /* The kiosk may queue again. */
  g_free (test_kiosk_join (k2, NULL, 1, 1));
}

static void
test_kiosk_replaced (HubFixture    *f,
                     gconstpointer  data)
{
  g_autoptr(TestClient) doc = test_physician_new (f, "alice");
  g_autoptr(TestClient) old = test_kiosk_new (f, "cabin-01");
  g_autoptr(TestClient) fresh = NULL;
  g_autofree char *id = NULL;

  id = test_kiosk_join (old, NULL, 1, 1);
  test_expect_queue (doc, 1, id);
  fresh = test_kiosk_new (f, "cabin-01");
  test_client_wait_closed (old);
  g_assert_cmpuint (old->close_code, ==, CABINE_HUB_CLOSE_REPLACED);
  test_expect_queue (doc, 0, NULL);
  g_free (test_kiosk_join (fresh, NULL, 1, 1));
  test_expect_queue (doc, 1, NULL);
}

static void
test_bad_messages (HubFixture    *f,
                   gconstpointer  data)
{
  g_autoptr(TestClient) c = test_client_connect (f);
  g_autoptr(TestClient) doc = test_physician_new (f, "alice");
  g_autoptr(JsonObject) err = NULL;
  g_autofree char *big = NULL;
  GString *s;

  /* Before hello. */
  test_client_send (c, "{\"type\":\"join-queue\",\"reason\":\"r\"}");
  test_client_expect_error (c, "not-authenticated");
  test_client_send (c, "{\"type\":\"hello\",\"role\":\"kiosk\",\"kioskId\":\"cabin-01\"}");
  test_client_expect_error (c, "missing-field");
  test_client_send (c, "{\"type\":\"hello\",\"role\":\"robot\",\"token\":\"x\"}");
  test_client_expect_error (c, "bad-field");
  test_client_send (c, "{\"type\":\"hello\",\"role\":\"kiosk\",\"kioskId\":7,\"token\":\"x\"}");
  test_client_expect_error (c, "bad-field");
  test_client_send (c, "{\"type\":\"hello\",\"role\":\"kiosk\",\"kioskId\":\"cabin-01\","
                       "\"token\":\"" TEST_KIOSK_TOKEN "\"}");
  json_object_unref (test_client_expect (c, "welcome"));

  test_client_send (c, "this is not JSON");
  test_client_expect_error (c, "bad-json");
  test_client_send (c, "[1, 2, 3]");
  test_client_expect_error (c, "bad-json");
  test_client_send (c, "{\"sessionId\":\"x\"}");
  test_client_expect_error (c, "missing-field");
  test_client_send (c, "{\"type\":42}");
  test_client_expect_error (c, "bad-field");
  test_client_send (c, "{\"type\":\"teleport\"}");
  err = test_client_expect (c, "error");
  g_assert_cmpstr (json_object_get_string_member (err, "code"), ==, "unknown-type");
  g_assert_cmpstr (json_object_get_string_member (err, "inReplyTo"), ==, "teleport");
  test_client_send (c, "{\"type\":\"leave-queue\"}");
  test_client_expect_error (c, "missing-field");
  test_client_send (c, "{\"type\":\"leave-queue\",\"sessionId\":12}");
  test_client_expect_error (c, "bad-field");
  test_client_send (c, "{\"type\":\"join-queue\",\"reason\":[\"x\"]}");
  test_client_expect_error (c, "bad-field");
  test_client_send (c, "{\"type\":\"join-queue\",\"reason\":\"r\",\"language\":1}");
  test_client_expect_error (c, "bad-field");
  test_client_send (c, "{\"type\":\"ice\",\"sessionId\":\"x\",\"candidate\":\"\","
                       "\"sdpMLineIndex\":\"0\"}");
  test_client_expect_error (c, "bad-field");
  test_client_send (c, "{\"type\":\"ice\",\"sessionId\":\"x\",\"candidate\":\"\"}");
  test_client_expect_error (c, "missing-field");
  {
    g_autofree char *huge = g_strnfill (CABINE_PROTOCOL_MAX_CANDIDATE + 1, 'a');
    g_autofree char *text = g_strdup_printf ("{\"type\":\"ice\",\"sessionId\":\"x\","
                                             "\"candidate\":\"%s\",\"sdpMLineIndex\":0}", huge);

    test_client_send (c, text);
    test_client_expect_error (c, "bad-field");
  }
  test_client_send (c, "{\"type\":\"offer\",\"sessionId\":\"x\",\"sdp\":\"hello\"}");
  test_client_expect_error (c, "bad-field");
  test_client_send (c, "{\"type\":\"hangup\",\"sessionId\":\"x\",\"reason\":\"bored\"}");
  test_client_expect_error (c, "bad-field");
  test_client_send (c, "{\"type\":\"accept\",\"sessionId\":\"x\"}");
  test_client_expect_error (c, "wrong-role");
  test_client_send (doc, "{\"type\":\"join-queue\",\"reason\":\"r\"}");
  test_client_expect_error (doc, "wrong-role");
  test_client_send (doc, "{\"type\":\"accept\"}");
  test_client_expect_error (doc, "missing-field");
  test_client_send (doc, "{\"type\":\"accept\",\"sessionId\":true}");
  test_client_expect_error (doc, "bad-field");
  test_client_send (c, "{\"type\":\"hello\",\"role\":\"kiosk\",\"kioskId\":\"cabin-01\","
                       "\"token\":\"" TEST_KIOSK_TOKEN "\"}");
  test_client_expect_error (c, "bad-field");

  /* Over 256 KiB: refused, connection kept. */
  s = g_string_new ("{\"type\":\"join-queue\",\"reason\":\"");
  while (s->len < 300 * 1024)
    g_string_append (s, "xxxxxxxxxxxxxxxx");
  g_string_append (s, "\"}");
  big = g_string_free (s, FALSE);
  test_client_send (c, big);
  test_client_expect_error (c, "too-large");

  /* Still usable. */
  g_free (test_kiosk_join (c, NULL, 1, 1));
  test_expect_queue (doc, 1, NULL);
  test_client_expect_nothing (c);
  g_assert_cmpint (soup_websocket_connection_get_state (c->conn), ==, SOUP_WEBSOCKET_STATE_OPEN);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  hub_relay_log_install ();
#define ADD(path, func) \
  g_test_add (path, HubFixture, NULL, hub_fixture_setup, func, hub_fixture_teardown)
  ADD ("/hub/ws/hello-kiosk", test_hello_kiosk);
  ADD ("/hub/ws/hello-physician", test_hello_physician);
  ADD ("/hub/ws/queue-flow", test_queue_flow);
  ADD ("/hub/ws/relay", test_relay);
  ADD ("/hub/ws/signal-refused", test_signal_refused);
  /* With resume-seconds=0, the behaviour before `resume` (data/protocol.md, "Signalling
   * interruption"): test-hub-resume.c covers the rest. */
  g_test_add ("/hub/ws/peer-disconnected", HubFixture, "resume-seconds=0\n", hub_fixture_setup,
              test_peer_disconnected, hub_fixture_teardown);
  g_test_add ("/hub/ws/kiosk-replaced", HubFixture, "resume-seconds=0\n", hub_fixture_setup,
              test_kiosk_replaced, hub_fixture_teardown);
  ADD ("/hub/ws/bad-messages", test_bad_messages);
#undef ADD
  return g_test_run ();
}
