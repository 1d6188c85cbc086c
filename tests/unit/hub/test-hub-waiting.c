/* test-hub-waiting.c: a waiting patient keeps their place in the queue across a dropped kiosk
 * connection (data/protocol.md, "Queue (kiosk side)"): away sessions hidden and not acceptable,
 * claimed back with join-queue's sessionId, expiry, and who may claim what
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Across a hub restart: test-hub-resume-restart.c.
 */
#define G_LOG_DOMAIN "cabine-test"

#include <string.h>

#include "hub-test-util.h"

#define ACCEPT "{\"type\":\"accept\",\"sessionId\":\"%s\"}"

/* Three kiosks wait; the first one's socket closes: its session is hidden from the physician, not
 * counted in the others' positions and cannot be accepted; its new connection claims it back with
 * its id and gets its place (first) back, the others move down again. */
static void
test_dropped_keeps_place (HubFixture    *f,
                          gconstpointer  data)
{
  g_autoptr(TestClient) doc = test_physician_new (f, "alice");
  g_autoptr(TestClient) k1 = test_kiosk_new (f, "cabin-01");
  g_autoptr(TestClient) k2 = test_kiosk_new (f, "cabin-02");
  g_autoptr(TestClient) k3 = test_kiosk_new (f, "cabin-03");
  g_autofree char *id1 = test_kiosk_join (k1, NULL, 1, 1);
  g_autofree char *id2 = NULL;
  g_autofree char *id3 = NULL;
  g_autofree char *again = NULL;

  test_expect_queue_ids (doc, id1, NULL);
  id2 = test_kiosk_join (k2, NULL, 2, 2);
  test_expect_queue_ids (doc, id1, id2, NULL);
  test_expect_position (k1, id1, 1, 2);
  id3 = test_kiosk_join (k3, NULL, 3, 3);
  test_expect_queue_ids (doc, id1, id2, id3, NULL);
  test_expect_position (k1, id1, 1, 3);
  test_expect_position (k2, id2, 2, 3);

  hub_relay_log_start ();
  g_clear_pointer (&k1, test_client_free);
  test_expect_queue_ids (doc, id2, id3, NULL);
  test_expect_position (k2, id2, 1, 2);
  test_expect_position (k3, id3, 2, 2);
  g_assert_nonnull (hub_relay_logged ("kiosk cabin-01 disconnected while waiting: its place is "
                                      "kept for 60 s"));
  test_client_sendf (doc, ACCEPT, id1);
  test_client_expect_error_reply (doc, "no-such-session", "accept");

  k1 = test_kiosk_new (f, "cabin-01");
  again = test_kiosk_join (k1, id1, 1, 3);
  g_assert_cmpstr (again, ==, id1);
  test_expect_queue_ids (doc, id1, id2, id3, NULL);
  test_expect_position (k2, id2, 2, 3);
  test_expect_position (k3, id3, 3, 3);
  g_assert_nonnull (hub_relay_logged ("kiosk cabin-01 is back in the queue, in its place"));

  /* Present again: acceptable. */
  test_client_sendf (doc, ACCEPT, id1);
  json_object_unref (test_client_expect (doc, "accepted"));
  json_object_unref (test_client_expect (k1, "session-started"));
  hub_relay_log_stop ();
}

/* A newer connection of the same kiosk id replaces the one that waits: the session is away, not
 * gone, and the new connection claims it back. */
static void
test_replaced_keeps_place (HubFixture    *f,
                           gconstpointer  data)
{
  g_autoptr(TestClient) doc = test_physician_new (f, "alice");
  g_autoptr(TestClient) k1 = test_kiosk_new (f, "cabin-01");
  g_autoptr(TestClient) k2 = test_kiosk_new (f, "cabin-02");
  g_autoptr(TestClient) k1_new = NULL;
  g_autofree char *id1 = test_kiosk_join (k1, NULL, 1, 1);
  g_autofree char *id2 = test_kiosk_join (k2, NULL, 2, 2);
  g_autofree char *again = NULL;

  test_expect_queue_ids (doc, id1, NULL);
  test_expect_queue_ids (doc, id1, id2, NULL);
  k1_new = test_kiosk_new (f, "cabin-01");
  test_client_wait_closed (k1);
  test_expect_queue_ids (doc, id2, NULL);
  again = test_kiosk_join (k1_new, id1, 1, 2);
  g_assert_cmpstr (again, ==, id1);
  test_expect_queue_ids (doc, id1, id2, NULL);
}

/* Away, the session may still be left from the kiosk's new connection (leave-queue), after which
 * claiming it back is an ordinary join; and a join without its id (a new patient) ends it. */
static void
test_leave_while_away (HubFixture    *f,
                       gconstpointer  data)
{
  g_autoptr(TestClient) doc = test_physician_new (f, "alice");
  g_autoptr(TestClient) k1 = test_kiosk_new (f, "cabin-01");
  g_autofree char *id1 = test_kiosk_join (k1, NULL, 1, 1);
  g_autofree char *id2 = NULL;
  g_autofree char *id3 = NULL;
  g_autofree char *id4 = NULL;

  test_expect_queue_ids (doc, id1, NULL);
  g_clear_pointer (&k1, test_client_free);
  test_expect_queue_ids (doc, NULL);
  k1 = test_kiosk_new (f, "cabin-01");
  test_client_sendf (k1, "{\"type\":\"leave-queue\",\"sessionId\":\"%s\"}", id1);
  test_expect_queue_ids (doc, NULL);
  id2 = test_kiosk_join (k1, id1, 1, 1);
  g_assert_cmpstr (id2, !=, id1);
  test_expect_queue_ids (doc, id2, NULL);

  /* The same with hangup, then a new patient's join (no sessionId) while one is away. */
  g_clear_pointer (&k1, test_client_free);
  test_expect_queue_ids (doc, NULL);
  k1 = test_kiosk_new (f, "cabin-01");
  test_client_sendf (k1, "{\"type\":\"hangup\",\"sessionId\":\"%s\",\"reason\":\"patient-ended\"}", id2);
  test_expect_queue_ids (doc, NULL);
  id3 = test_kiosk_join (k1, NULL, 1, 1);
  g_assert_cmpstr (id3, !=, id2);
  test_expect_queue_ids (doc, id3, NULL);

  hub_relay_log_start ();
  g_clear_pointer (&k1, test_client_free);
  test_expect_queue_ids (doc, NULL);
  k1 = test_kiosk_new (f, "cabin-01");
  id4 = test_kiosk_join (k1, NULL, 1, 1);
  g_assert_cmpstr (id4, !=, id3);
  test_expect_queue_ids (doc, id4, NULL);
  g_assert_nonnull (hub_relay_logged ("kiosk cabin-01 joined again without it"));
  hub_relay_log_stop ();
}

/* resume-seconds=1: a kiosk not back in time has left the queue; its late claim is an ordinary
 * join, at the back. */
static void
test_away_expires (HubFixture    *f,
                   gconstpointer  data)
{
  g_autoptr(TestClient) doc = test_physician_new (f, "alice");
  g_autoptr(TestClient) k1 = test_kiosk_new (f, "cabin-01");
  g_autoptr(TestClient) k2 = test_kiosk_new (f, "cabin-02");
  g_autofree char *id1 = test_kiosk_join (k1, NULL, 1, 1);
  g_autofree char *id2 = test_kiosk_join (k2, NULL, 2, 2);
  g_autofree char *late = NULL;

  test_expect_queue_ids (doc, id1, NULL);
  test_expect_queue_ids (doc, id1, id2, NULL);
  test_expect_position (k1, id1, 1, 2);
  hub_relay_log_start ();
  g_clear_pointer (&k1, test_client_free);
  test_expect_queue_ids (doc, id2, NULL);
  test_expect_position (k2, id2, 1, 1);
  hub_spin (1300);
  g_assert_nonnull (hub_relay_logged ("left the queue: kiosk disconnected (not back within 1 s)"));
  k1 = test_kiosk_new (f, "cabin-01");
  late = test_kiosk_join (k1, id1, 2, 2);
  g_assert_cmpstr (late, !=, id1);
  test_expect_queue_ids (doc, id2, late, NULL);
  hub_relay_log_stop ();
}

/* Another kiosk cannot take a session's place with its id: it joins at the back with a new one,
 * and the rightful kiosk then gets its place, ahead. */
static void
test_other_kiosk_cannot_claim (HubFixture    *f,
                               gconstpointer  data)
{
  g_autoptr(TestClient) doc = test_physician_new (f, "alice");
  g_autoptr(TestClient) k1 = test_kiosk_new (f, "cabin-01");
  g_autoptr(TestClient) k2 = test_kiosk_new (f, "cabin-02");
  g_autofree char *id1 = test_kiosk_join (k1, NULL, 1, 1);
  g_autofree char *id2 = NULL;
  g_autofree char *again = NULL;

  test_expect_queue_ids (doc, id1, NULL);
  g_clear_pointer (&k1, test_client_free);
  test_expect_queue_ids (doc, NULL);
  id2 = test_kiosk_join (k2, id1, 1, 1);
  g_assert_cmpstr (id2, !=, id1);
  test_expect_queue_ids (doc, id2, NULL);

  k1 = test_kiosk_new (f, "cabin-01");
  again = test_kiosk_join (k1, id1, 1, 2);
  g_assert_cmpstr (again, ==, id1);
  test_expect_queue_ids (doc, id1, id2, NULL);
  test_expect_position (k2, id2, 2, 2);
}

/* resume-seconds=0: as before, a waiting kiosk whose socket closes leaves the queue at once. */
static void
test_disabled (HubFixture    *f,
               gconstpointer  data)
{
  g_autoptr(TestClient) doc = test_physician_new (f, "alice");
  g_autoptr(TestClient) k1 = test_kiosk_new (f, "cabin-01");
  g_autofree char *id1 = test_kiosk_join (k1, NULL, 1, 1);
  g_autofree char *id2 = NULL;

  test_expect_queue_ids (doc, id1, NULL);
  hub_relay_log_start ();
  g_clear_pointer (&k1, test_client_free);
  test_expect_queue_ids (doc, NULL);
  g_assert_nonnull (hub_relay_logged ("left the queue: kiosk disconnected"));
  k1 = test_kiosk_new (f, "cabin-01");
  id2 = test_kiosk_join (k1, id1, 1, 1);
  g_assert_cmpstr (id2, !=, id1);
  hub_relay_log_stop ();
}

/* sessionId must be a string of at most 64 bytes; a refused join changes nothing. */
static void
test_bad_session_id (HubFixture    *f,
                     gconstpointer  data)
{
  g_autoptr(TestClient) k1 = test_kiosk_new (f, "cabin-01");
  g_autofree char *long_id = g_strnfill (65, 'a');
  g_autofree char *id = NULL;

  test_client_send (k1, "{\"type\":\"join-queue\",\"sessionId\":42,\"reason\":\"Fièvre\"}");
  test_client_expect_error_reply (k1, "bad-field", "join-queue");
  /* null is no string either (a kiosk without a session leaves the member out). */
  test_client_send (k1, "{\"type\":\"join-queue\",\"sessionId\":null,\"reason\":\"Fièvre\"}");
  test_client_expect_error_reply (k1, "bad-field", "join-queue");
  test_client_sendf (k1, "{\"type\":\"join-queue\",\"sessionId\":\"%s\",\"reason\":\"Fièvre\"}",
                     long_id);
  test_client_expect_error_reply (k1, "bad-field", "join-queue");
  id = test_kiosk_join (k1, NULL, 1, 1);
  g_assert_nonnull (id);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  hub_relay_log_install ();
#define ADD(path, func, conf) \
  g_test_add (path, HubFixture, conf, hub_fixture_setup, func, hub_fixture_teardown)
  ADD ("/hub/waiting/dropped-keeps-place", test_dropped_keeps_place, NULL);
  ADD ("/hub/waiting/replaced-keeps-place", test_replaced_keeps_place, NULL);
  ADD ("/hub/waiting/leave-while-away", test_leave_while_away, NULL);
  ADD ("/hub/waiting/expires", test_away_expires, "resume-seconds=1\n");
  ADD ("/hub/waiting/other-kiosk", test_other_kiosk_cannot_claim, NULL);
  ADD ("/hub/waiting/disabled", test_disabled, "resume-seconds=0\n");
  ADD ("/hub/waiting/bad-session-id", test_bad_session_id, NULL);
#undef ADD
  return g_test_run ();
}
