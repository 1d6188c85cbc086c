/* test-hub-resume.c: a call outlives a lost signalling connection (data/protocol.md, "Signalling
 * interruption"): peer-away, resume, peer-back, the grace period, and who may resume what
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "cabine-test"

#include <string.h>

#include "cabine-hub-peer.h"
#include "hub-test-util.h"

#define SIGNAL_REFUSED "{\"type\":\"signal-refused\",\"sessionId\":\"%s\",\"inReplyTo\":\"answer\",\"reason\":\"r\"}"

static void
expect_peer_away (TestClient *c,
                  const char *id,
                  gint64      seconds)
{
  g_autoptr(JsonObject) m = test_client_expect (c, "peer-away");

  g_assert_cmpstr (json_object_get_string_member (m, "sessionId"), ==, id);
  g_assert_cmpint (json_object_get_int_member (m, "resumeSeconds"), ==, seconds);
}

static void
expect_peer_back (TestClient *c,
                  const char *id)
{
  g_autoptr(JsonObject) m = test_client_expect (c, "peer-back");

  g_assert_cmpstr (json_object_get_string_member (m, "sessionId"), ==, id);
}

static void
expect_hangup (TestClient *c,
               const char *id,
               const char *reason)
{
  g_autoptr(JsonObject) m = test_client_expect (c, "hangup");

  g_assert_cmpstr (json_object_get_string_member (m, "sessionId"), ==, id);
  g_assert_cmpstr (json_object_get_string_member (m, "reason"), ==, reason);
}

/* A `resume` refused with @code, in reply to "resume"; @c stays connected. */
static void
expect_resume_error (TestClient *c,
                     const char *code)
{
  test_client_expect_error_reply (c, code, "resume");
  g_assert_false (c->closed);
}

/* @c's `resume` of @id is refused with @code; @c stays connected. */
static void
expect_resume_refused (TestClient *c,
                       const char *id,
                       const char *code)
{
  test_client_sendf (c, TEST_RESUME, id);
  expect_resume_error (c, code);
}

/* The kiosk's socket closes mid-call: the physician is told, messages for the kiosk are dropped
 * without an error, and the kiosk's new connection takes the call back. */
static void
test_kiosk_resumes (HubFixture    *f,
                    gconstpointer  data)
{
  g_autoptr(TestClient) doc = test_physician_new (f, "alice");
  g_autoptr(TestClient) kiosk = test_kiosk_new (f, "cabin-01");
  g_autofree char *id = test_start_call (doc, kiosk);

  hub_relay_log_start ();
  test_expect_relay_works (kiosk, doc, id);
  g_clear_pointer (&kiosk, test_client_free);
  expect_peer_away (doc, id, 60);
  g_assert_true (hub_relay_logged ("kiosk cabin-01 away (resume within 60 s)"));

  /* For the kiosk that is away: dropped, and the physician is not told off. */
  test_client_sendf (doc, TEST_ANSWER, id);
  test_client_sendf (doc, TEST_ICE, id);
  test_client_expect_nothing (doc);

  kiosk = test_kiosk_new (f, "cabin-01");
  /* Not resumed yet: still away, the physician's messages still dropped. */
  test_client_sendf (doc, TEST_ICE, id);
  test_client_expect_nothing (kiosk);
  test_client_resume (kiosk, id, TRUE);
  expect_peer_back (doc, id);
  g_assert_true (hub_relay_logged ("kiosk cabin-01 resumed"));
  test_expect_relay_works (kiosk, doc, id);

  /* Again on the same connection: answered, nothing else. */
  test_client_resume (kiosk, id, TRUE);
  test_client_expect_nothing (doc);
  test_client_expect_nothing (kiosk);

  /* Patient data never reaches the log. */
  g_assert_null (hub_relay_logged ("Fièvre"));
  hub_relay_log_stop ();
}

/* A kiosk's newer connection replaces the one in a call: the kiosk is away until it resumes; one
 * that joins the queue instead has lost its call, which ends. */
static void
test_kiosk_replaced (HubFixture    *f,
                     gconstpointer  data)
{
  g_autoptr(TestClient) doc = test_physician_new (f, "alice");
  g_autoptr(TestClient) old = test_kiosk_new (f, "cabin-01");
  g_autoptr(TestClient) fresh = NULL;
  g_autoptr(TestClient) third = NULL;
  g_autofree char *id = test_start_call (doc, old);
  g_autoptr(JsonObject) queued = NULL;

  fresh = test_kiosk_new (f, "cabin-01");
  test_client_wait_closed (old);
  g_assert_cmpuint (old->close_code, ==, CABINE_HUB_CLOSE_REPLACED);
  expect_peer_away (doc, id, 60);
  test_client_resume (fresh, id, TRUE);
  expect_peer_back (doc, id);
  test_expect_relay_works (fresh, doc, id);

  third = test_kiosk_new (f, "cabin-01");
  expect_peer_away (doc, id, 60);
  test_client_send (third, "{\"type\":\"join-queue\",\"reason\":\"r\"}");
  expect_hangup (doc, id, "peer-disconnected");
  queued = test_client_expect (third, "queued");
  g_assert_cmpstr (json_object_get_string_member (queued, "sessionId"), !=, id);
  json_object_unref (test_client_expect (doc, "queue"));
  expect_resume_refused (third, id, "no-such-session");
}

/* Nobody resumes within resume-seconds: the physician gets hangup peer-disconnected, and a later
 * resume is refused. */
static void
test_grace_expires (HubFixture    *f,
                    gconstpointer  data)
{
  g_autoptr(TestClient) doc = test_physician_new (f, "alice");
  g_autoptr(TestClient) kiosk = test_kiosk_new (f, "cabin-01");
  g_autofree char *id = test_start_call (doc, kiosk);
  gint64 start;

  hub_relay_log_start ();
  g_clear_pointer (&kiosk, test_client_free);
  start = g_get_monotonic_time ();
  expect_peer_away (doc, id, 1);
  expect_hangup (doc, id, "peer-disconnected");
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 900 * 1000);
  g_assert_true (hub_relay_logged ("kiosk cabin-01 not resumed within 1 s: ended"));

  kiosk = test_kiosk_new (f, "cabin-01");
  expect_resume_refused (kiosk, id, "no-such-session");
  test_client_sendf (doc, TEST_ANSWER, id);
  test_client_expect_error (doc, "no-such-session");
  hub_relay_log_stop ();
}

/* The physician's connection is lost: they resume from a new one with the same login token, and
 * the kiosk's messages reach that connection; their newest connection takes the call over. */
static void
test_physician_resumes (HubFixture    *f,
                        gconstpointer  data)
{
  g_autofree char *token = hub_login (f, "alice");
  g_autoptr(TestClient) doc = test_physician_with_token (f, token);
  g_autoptr(TestClient) kiosk = test_kiosk_new (f, "cabin-01");
  g_autoptr(TestClient) tab = NULL;
  g_autofree char *id = test_start_call (doc, kiosk);
  g_autoptr(JsonObject) ice = NULL;

  g_clear_pointer (&doc, test_client_free);
  expect_peer_away (kiosk, id, 60);
  /* For the physician that is away: dropped, without an error. */
  test_client_sendf (kiosk, TEST_OFFER, id);
  test_client_sendf (kiosk, "{\"type\":\"signal-refused\",\"sessionId\":\"%s\",\"inReplyTo\":"
                            "\"answer\",\"reason\":\"r\"}", id);
  test_client_expect_nothing (kiosk);

  doc = test_physician_with_token (f, token);
  test_client_resume (doc, id, TRUE);
  expect_peer_back (kiosk, id);
  test_client_sendf (kiosk, TEST_ICE, id);
  ice = test_client_expect (doc, "ice");
  g_assert_cmpstr (json_object_get_string_member (ice, "sessionId"), ==, id);
  test_expect_relay_works (kiosk, doc, id);

  /* Another connection of alice's takes the call over; the kiosk saw no interruption. */
  tab = test_physician_new (f, "alice");
  test_client_resume (tab, id, TRUE);
  expect_hangup (doc, id, "taken-over");
  test_expect_relay_works (kiosk, tab, id);
  test_client_expect_nothing (doc);
  test_client_expect_nothing (kiosk);
}

/* A side of the call that is away sends nothing into it until it resumes: the kiosk's new
 * connection (same kiosk id) and the physician's new one (same sign-in) are refused, and the
 * other peer receives nothing. */
static void
test_away_side_refused (HubFixture    *f,
                        gconstpointer  data)
{
  g_autofree char *token = hub_login (f, "alice");
  g_autoptr(TestClient) doc = test_physician_with_token (f, token);
  g_autoptr(TestClient) old = test_kiosk_new (f, "cabin-01");
  g_autoptr(TestClient) kiosk = NULL;
  g_autofree char *id = test_start_call (doc, old);

  kiosk = test_kiosk_new (f, "cabin-01");
  test_client_wait_closed (old);
  expect_peer_away (doc, id, 60);
  test_client_sendf (kiosk, TEST_OFFER, id);
  test_client_expect_error_reply (kiosk, "no-such-session", "offer");
  test_client_sendf (kiosk, TEST_ICE, id);
  test_client_expect_error_reply (kiosk, "no-such-session", "ice");
  test_client_sendf (kiosk, SIGNAL_REFUSED, id);
  test_client_expect_error_reply (kiosk, "no-such-session", "signal-refused");
  test_client_expect_nothing (doc);
  test_client_resume (kiosk, id, TRUE);
  expect_peer_back (doc, id);
  test_expect_relay_works (kiosk, doc, id);

  g_clear_pointer (&doc, test_client_free);
  expect_peer_away (kiosk, id, 60);
  doc = test_physician_with_token (f, token);
  test_client_sendf (doc, TEST_ANSWER, id);
  test_client_expect_error_reply (doc, "no-such-session", "answer");
  test_client_sendf (doc, TEST_ICE, id);
  test_client_expect_error_reply (doc, "no-such-session", "ice");
  test_client_expect_nothing (kiosk);
  test_client_resume (doc, id, TRUE);
  expect_peer_back (kiosk, id);
  test_expect_relay_works (kiosk, doc, id);
}

/* Two tabs of one physician: the one whose call the other takes over (resume) gets hangup
 * taken-over, and can neither send into the call nor end it; it may take it back the same way. */
static void
test_taken_over (HubFixture    *f,
                 gconstpointer  data)
{
  g_autofree char *token = hub_login (f, "alice");
  g_autoptr(TestClient) doc = test_physician_with_token (f, token);
  g_autoptr(TestClient) kiosk = test_kiosk_new (f, "cabin-01");
  g_autoptr(TestClient) tab = test_physician_with_token (f, token);
  g_autofree char *id = test_start_call (doc, kiosk);

  json_object_unref (test_client_expect (tab, "queue"));
  json_object_unref (test_client_expect (tab, "queue"));
  test_client_resume (tab, id, TRUE);
  expect_hangup (doc, id, "taken-over");
  test_client_expect_nothing (kiosk);

  test_client_sendf (doc, TEST_ANSWER, id);
  test_client_expect_error_reply (doc, "no-such-session", "answer");
  test_client_sendf (doc, TEST_ICE, id);
  test_client_expect_error_reply (doc, "no-such-session", "ice");
  test_client_sendf (doc, "{\"type\":\"hangup\",\"sessionId\":\"%s\",\"reason\":\"physician-ended\"}",
                     id);
  test_client_expect_error_reply (doc, "no-such-session", "hangup");
  test_client_expect_nothing (kiosk);
  test_expect_relay_works (kiosk, tab, id);

  test_client_resume (doc, id, TRUE);
  expect_hangup (tab, id, "taken-over");
  test_expect_relay_works (kiosk, doc, id);
  test_client_expect_nothing (tab);
  /* The hub's reason only: a peer may not send it. */
  test_client_sendf (doc, "{\"type\":\"hangup\",\"sessionId\":\"%s\",\"reason\":\"taken-over\"}", id);
  test_client_expect_error (doc, "bad-field");
  test_expect_relay_works (kiosk, doc, id);
}

/* Only the session's kiosk, or the physician who accepted it, may resume it, and only a call. */
static void
test_resume_refused (HubFixture    *f,
                     gconstpointer  data)
{
  g_autoptr(TestClient) doc = test_physician_new (f, "alice");
  g_autoptr(TestClient) bob = test_physician_new (f, "bob");
  g_autoptr(TestClient) kiosk = test_kiosk_new (f, "cabin-01");
  g_autoptr(TestClient) other = test_kiosk_new (f, "cabin-02");
  g_autoptr(TestClient) anonymous = test_client_connect (f);
  g_autoptr(JsonObject) queued = NULL;
  g_autofree char *id = NULL;
  g_autofree char *unknown = g_uuid_string_random ();
  const char *waiting;

  id = test_start_call (doc, kiosk);
  json_object_unref (test_client_expect (bob, "queue"));
  json_object_unref (test_client_expect (bob, "queue"));
  g_clear_pointer (&kiosk, test_client_free);
  expect_peer_away (doc, id, 60);

  expect_resume_refused (other, id, "no-such-session");
  expect_resume_refused (bob, id, "no-such-session");
  expect_resume_refused (doc, unknown, "no-such-session");

  /* A waiting session is no call. */
  test_client_send (other, "{\"type\":\"join-queue\",\"reason\":\"r\"}");
  queued = test_client_expect (other, "queued");
  waiting = json_object_get_string_member (queued, "sessionId");
  json_object_unref (test_client_expect (doc, "queue"));
  json_object_unref (test_client_expect (bob, "queue"));
  expect_resume_refused (other, waiting, "no-such-session");
  expect_resume_refused (doc, waiting, "no-such-session");

  /* Malformed. */
  test_client_send (doc, "{\"type\":\"resume\"}");
  expect_resume_error (doc, "missing-field");
  test_client_send (doc, "{\"type\":\"resume\",\"sessionId\":7}");
  expect_resume_error (doc, "bad-field");
  test_client_send (doc, "{\"type\":\"resume\",\"sessionId\":null}");
  expect_resume_error (doc, "missing-field");
  test_client_send (doc, "{\"type\":\"resume\",\"sessionId\":[\"x\"]}");
  expect_resume_error (doc, "bad-field");
  test_client_sendf (anonymous, TEST_RESUME, id);
  test_client_expect_error (anonymous, "not-authenticated");

  /* None of that changed the call: its kiosk still resumes it. */
  kiosk = test_kiosk_new (f, "cabin-01");
  test_client_resume (kiosk, id, TRUE);
  test_client_expect_nothing (bob);
}

/* The physician hangs up while the kiosk is away: the session ends at once. */
static void
test_hangup_while_away (HubFixture    *f,
                        gconstpointer  data)
{
  g_autoptr(TestClient) doc = test_physician_new (f, "alice");
  g_autoptr(TestClient) kiosk = test_kiosk_new (f, "cabin-01");
  g_autofree char *id = test_start_call (doc, kiosk);

  g_clear_pointer (&kiosk, test_client_free);
  expect_peer_away (doc, id, 60);
  kiosk = test_kiosk_new (f, "cabin-01");
  test_client_sendf (doc, "{\"type\":\"hangup\",\"sessionId\":\"%s\",\"reason\":\"physician-ended\"}",
                     id);
  /* Not to the kiosk's connection that has not resumed. */
  test_client_expect_nothing (kiosk);
  expect_resume_refused (kiosk, id, "no-such-session");
  test_client_sendf (doc, TEST_ANSWER, id);
  test_client_expect_error (doc, "no-such-session");
}

/* resume-seconds=0: a lost connection ends the call at once, as before resume existed. */
static void
test_no_resume (HubFixture    *f,
                gconstpointer  data)
{
  g_autoptr(TestClient) doc = test_physician_new (f, "alice");
  g_autoptr(TestClient) kiosk = test_kiosk_new (f, "cabin-01");
  g_autofree char *id = test_start_call (doc, kiosk);

  g_clear_pointer (&kiosk, test_client_free);
  expect_hangup (doc, id, "peer-disconnected");
  test_client_expect_nothing (doc);
  kiosk = test_kiosk_new (f, "cabin-01");
  expect_resume_refused (kiosk, id, "no-such-session");
}

/* Both peers lose their connections: neither is told, both may resume, the first back hears that
 * the other is not. */
static void
test_both_away (HubFixture    *f,
                gconstpointer  data)
{
  g_autofree char *token = hub_login (f, "alice");
  g_autoptr(TestClient) doc = test_physician_with_token (f, token);
  g_autoptr(TestClient) kiosk = test_kiosk_new (f, "cabin-01");
  g_autofree char *id = test_start_call (doc, kiosk);

  g_clear_pointer (&kiosk, test_client_free);
  expect_peer_away (doc, id, 60);
  g_clear_pointer (&doc, test_client_free);
  hub_spin (100);

  kiosk = test_kiosk_new (f, "cabin-01");
  test_client_resume (kiosk, id, FALSE);
  doc = test_physician_with_token (f, token);
  test_client_resume (doc, id, TRUE);
  expect_peer_back (kiosk, id);
  test_expect_relay_works (kiosk, doc, id);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  hub_relay_log_install ();
#define ADD(path, func, conf) \
  g_test_add (path, HubFixture, conf, hub_fixture_setup, func, hub_fixture_teardown)
  ADD ("/hub/resume/kiosk", test_kiosk_resumes, NULL);
  ADD ("/hub/resume/kiosk-replaced", test_kiosk_replaced, NULL);
  ADD ("/hub/resume/grace-expires", test_grace_expires, "resume-seconds=1\n");
  ADD ("/hub/resume/physician", test_physician_resumes, NULL);
  ADD ("/hub/resume/away-side-refused", test_away_side_refused, NULL);
  ADD ("/hub/resume/taken-over", test_taken_over, NULL);
  ADD ("/hub/resume/refused", test_resume_refused, NULL);
  ADD ("/hub/resume/hangup-while-away", test_hangup_while_away, NULL);
  ADD ("/hub/resume/disabled", test_no_resume, "resume-seconds=0\n");
  ADD ("/hub/resume/both-away", test_both_away, NULL);
#undef ADD
  return g_test_run ();
}
