/* test-hub-queue.c: the waiting queue and sessions, without sockets
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "cabine-test"

#include <string.h>

#include "cabine-hub-queue.h"
#include "cabine-protocol.h"

static void
test_join_order (void)
{
  g_autoptr(CabineHubQueue) q = cabine_hub_queue_new ();
  g_autoptr(GDateTime) t0 = g_date_time_new_utc (2026, 11, 29, 12, 0, 0);
  g_autoptr(GPtrArray) waiting = NULL;
  g_autoptr(GError) error = NULL;
  const CabineHubSession *a, *b, *c;

  a = cabine_hub_queue_join (q, "kiosk/a", "a", "Fièvre", "fr", t0, &error);
  g_assert_no_error (error);
  b = cabine_hub_queue_join (q, "kiosk/b", "b", "Toux", NULL, NULL, &error);
  g_assert_no_error (error);
  c = cabine_hub_queue_join (q, "kiosk/c", "c", "", "en", NULL, &error);
  g_assert_no_error (error);

  g_assert_true (g_uuid_string_is_valid (a->id));
  g_assert_cmpstr (a->id, !=, b->id);
  g_assert_cmpstr (a->reason, ==, "Fièvre");
  g_assert_cmpstr (a->language, ==, "fr");
  g_assert_null (b->language);
  g_assert_true (g_date_time_equal (a->waiting_since, t0));
  g_assert_cmpint (a->state, ==, CABINE_HUB_SESSION_WAITING);

  g_assert_cmpuint (cabine_hub_queue_get_length (q), ==, 3);
  g_assert_cmpuint (cabine_hub_queue_get_position (q, a->id), ==, 1);
  g_assert_cmpuint (cabine_hub_queue_get_position (q, b->id), ==, 2);
  g_assert_cmpuint (cabine_hub_queue_get_position (q, c->id), ==, 3);
  g_assert_cmpuint (cabine_hub_queue_get_position (q, "nope"), ==, 0);

  waiting = cabine_hub_queue_get_waiting (q);
  g_assert_cmpuint (waiting->len, ==, 3);
  g_assert_true (g_ptr_array_index (waiting, 0) == a);
  g_assert_true (g_ptr_array_index (waiting, 2) == c);

  /* The middle one leaves: the last moves up. */
  g_assert_true (cabine_hub_queue_end (q, b->id));
  g_assert_false (cabine_hub_queue_end (q, "no-such-id"));
  g_assert_cmpuint (cabine_hub_queue_get_length (q), ==, 2);
  g_assert_cmpuint (cabine_hub_queue_get_position (q, c->id), ==, 2);
}

static void
test_join_refused (void)
{
  g_autoptr(CabineHubQueue) q = cabine_hub_queue_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *long_reason = g_strnfill (CABINE_HUB_QUEUE_MAX_REASON + 1, 'x');
  const CabineHubSession *s;

  s = cabine_hub_queue_join (q, "kiosk/a", "a", "r", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (s);

  /* One session per kiosk. */
  g_assert_null (cabine_hub_queue_join (q, "kiosk/a", "a", "again", NULL, NULL, &error));
  g_assert_error (error, CABINE_PROTOCOL_ERROR, CABINE_PROTOCOL_ERROR_BAD_FIELD);
  g_clear_error (&error);

  g_assert_null (cabine_hub_queue_join (q, "kiosk/b", "b", long_reason, NULL, NULL, &error));
  g_assert_error (error, CABINE_PROTOCOL_ERROR, CABINE_PROTOCOL_ERROR_BAD_FIELD);
  g_assert_cmpuint (cabine_hub_queue_get_length (q), ==, 1);
}

static void
test_accept_and_route (void)
{
  g_autoptr(CabineHubQueue) q = cabine_hub_queue_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  const CabineHubSession *s;
  const char *to;

  s = cabine_hub_queue_join (q, "kiosk/a", "a", "r", NULL, NULL, &error);
  g_assert_no_error (error);
  id = g_strdup (s->id);

  /* Not routable while waiting. */
  g_assert_null (cabine_hub_queue_route (q, id, "kiosk/a", &error));
  g_assert_error (error, CABINE_PROTOCOL_ERROR, CABINE_PROTOCOL_ERROR_NO_SUCH_SESSION);
  g_clear_error (&error);

  g_assert_null (cabine_hub_queue_accept (q, "unknown", "physician/x/1", "x", "Dr X", &error));
  g_assert_error (error, CABINE_PROTOCOL_ERROR, CABINE_PROTOCOL_ERROR_NO_SUCH_SESSION);
  g_clear_error (&error);

  s = cabine_hub_queue_accept (q, id, "physician/x/1", "x", "Dr X", &error);
  g_assert_no_error (error);
  g_assert_cmpint (s->state, ==, CABINE_HUB_SESSION_ACTIVE);
  g_assert_cmpstr (s->physician_name, ==, "Dr X");
  g_assert_cmpuint (cabine_hub_queue_get_length (q), ==, 0);
  g_assert_cmpuint (cabine_hub_queue_get_n_active (q), ==, 1);
  g_assert_cmpuint (cabine_hub_queue_get_position (q, id), ==, 0);
  g_assert_true (cabine_hub_queue_find_by_kiosk (q, "kiosk/a") == s);

  g_assert_null (cabine_hub_queue_accept (q, id, "physician/y/2", "y", "Dr Y", &error));
  g_assert_error (error, CABINE_PROTOCOL_ERROR, CABINE_PROTOCOL_ERROR_ALREADY_TAKEN);
  g_clear_error (&error);

  to = cabine_hub_queue_route (q, id, "kiosk/a", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (to, ==, "physician/x/1");
  to = cabine_hub_queue_route (q, id, "physician/x/1", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (to, ==, "kiosk/a");

  /* A third peer gets nothing. */
  g_assert_null (cabine_hub_queue_route (q, id, "physician/y/2", &error));
  g_assert_error (error, CABINE_PROTOCOL_ERROR, CABINE_PROTOCOL_ERROR_NO_SUCH_SESSION);
  g_clear_error (&error);
  g_assert_null (cabine_hub_queue_route (q, id, "kiosk/b", &error));
  g_assert_error (error, CABINE_PROTOCOL_ERROR, CABINE_PROTOCOL_ERROR_NO_SUCH_SESSION);
  g_clear_error (&error);

  g_assert_true (cabine_hub_queue_end (q, id));
  g_assert_null (cabine_hub_queue_lookup (q, id));
  g_assert_null (cabine_hub_queue_route (q, id, "kiosk/a", &error));
  g_assert_error (error, CABINE_PROTOCOL_ERROR, CABINE_PROTOCOL_ERROR_NO_SUCH_SESSION);
  g_assert_cmpuint (cabine_hub_queue_get_n_active (q), ==, 0);
}

static void
test_list_for_peer (void)
{
  g_autoptr(CabineHubQueue) q = cabine_hub_queue_new ();
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GError) error = NULL;
  const CabineHubSession *a, *b;

  a = cabine_hub_queue_join (q, "kiosk/a", "a", "r", NULL, NULL, &error);
  b = cabine_hub_queue_join (q, "kiosk/b", "b", "r", NULL, NULL, &error);
  g_assert_no_error (error);
  cabine_hub_queue_accept (q, a->id, "physician/x/1", "x", "Dr X", &error);
  cabine_hub_queue_accept (q, b->id, "physician/x/1", "x", "Dr X", &error);
  g_assert_no_error (error);

  ids = cabine_hub_queue_list_for_peer (q, "physician/x/1");
  g_assert_cmpuint (ids->len, ==, 2);
  g_clear_pointer (&ids, g_ptr_array_unref);
  ids = cabine_hub_queue_list_for_peer (q, "kiosk/b");
  g_assert_cmpuint (ids->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (ids, 0), ==, b->id);
  g_clear_pointer (&ids, g_ptr_array_unref);
  ids = cabine_hub_queue_list_for_peer (q, "kiosk/zz");
  g_assert_cmpuint (ids->len, ==, 0);
}

/* What the relay's resume needs: a physician's away flag and new connection on active sessions
 * only, and sessions restored under their old id unless it or the kiosk is taken. */
static void
test_away_and_restore (void)
{
  g_autoptr(CabineHubQueue) q = cabine_hub_queue_new ();
  g_autoptr(GError) error = NULL;
  const CabineHubSession *w, *r;

  w = cabine_hub_queue_join (q, "kiosk/a", "a", "r", NULL, NULL, &error);
  g_assert_no_error (error);
  /* A waiting session has no physician to be away. */
  g_assert_false (cabine_hub_queue_set_away (q, w->id, CABINE_HUB_SIDE_PHYSICIAN, TRUE));
  g_assert_false (w->away[CABINE_HUB_SIDE_PHYSICIAN]);
  g_assert_false (cabine_hub_queue_set_physician_key (q, w->id, "physician/x/2"));
  g_assert_false (cabine_hub_queue_set_away (q, "unknown", CABINE_HUB_SIDE_KIOSK, TRUE));

  /* Its id, or its kiosk's, already in use. */
  g_assert_null (cabine_hub_queue_restore (q, w->id, "kiosk/b", "b", "physician/x/0", "x", "Dr X",
                                           &error));
  g_assert_error (error, CABINE_PROTOCOL_ERROR, CABINE_PROTOCOL_ERROR_NO_SUCH_SESSION);
  g_clear_error (&error);
  g_assert_null (cabine_hub_queue_restore (q, "s-old", "kiosk/a", "a", "physician/x/0", "x",
                                           "Dr X", &error));
  g_assert_error (error, CABINE_PROTOCOL_ERROR, CABINE_PROTOCOL_ERROR_NO_SUCH_SESSION);
  g_clear_error (&error);

  r = cabine_hub_queue_restore (q, "s-old", "kiosk/b", "b", "physician/x/0", "x", "Dr X", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (r->id, ==, "s-old");
  g_assert_cmpint (r->state, ==, CABINE_HUB_SESSION_ACTIVE);
  g_assert_cmpstr (r->physician_user, ==, "x");
  g_assert_cmpuint (cabine_hub_queue_get_length (q), ==, 1);
  g_assert_cmpuint (cabine_hub_queue_get_n_active (q), ==, 1);
  g_assert_true (cabine_hub_queue_set_away (q, "s-old", CABINE_HUB_SIDE_PHYSICIAN, TRUE));
  g_assert_true (r->away[CABINE_HUB_SIDE_PHYSICIAN]);
  g_assert_false (r->away[CABINE_HUB_SIDE_KIOSK]);
  g_assert_true (cabine_hub_queue_set_physician_key (q, "s-old", "physician/x/7"));
  g_assert_cmpstr (cabine_hub_queue_route (q, "s-old", "kiosk/b", &error), ==, "physician/x/7");
  g_assert_null (cabine_hub_queue_route (q, "s-old", "physician/x/0", &error));
  g_assert_error (error, CABINE_PROTOCOL_ERROR, CABINE_PROTOCOL_ERROR_NO_SUCH_SESSION);
}

/* A waiting session whose kiosk is away keeps its place but is neither shown, counted nor
 * acceptable; back (rejoin), it is all three again, with the new reason; a waiting session of an
 * earlier run is restored in the place its join time gives it. */
static void
test_waiting_away_and_restore (void)
{
  g_autoptr(CabineHubQueue) q = cabine_hub_queue_new ();
  g_autoptr(GDateTime) t0 = g_date_time_new_utc (2026, 11, 29, 12, 0, 0);
  g_autoptr(GDateTime) t1 = g_date_time_add_seconds (t0, 1);
  g_autoptr(GDateTime) t2 = g_date_time_add_seconds (t0, 2);
  g_autoptr(GDateTime) local = g_date_time_to_local (t1);
  g_autoptr(GPtrArray) waiting = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) ids = NULL;
  const CabineHubSession *a, *b, *r;

  a = cabine_hub_queue_join (q, "kiosk/a", "a", "r", NULL, t0, &error);
  g_assert_no_error (error);
  b = cabine_hub_queue_join (q, "kiosk/b", "b", "r", NULL, t2, &error);
  g_assert_no_error (error);
  g_assert_true (cabine_hub_queue_set_away (q, a->id, CABINE_HUB_SIDE_KIOSK, TRUE));
  g_assert_cmpuint (cabine_hub_queue_get_length (q), ==, 1);
  g_assert_cmpuint (cabine_hub_queue_get_position (q, a->id), ==, 0);
  g_assert_cmpuint (cabine_hub_queue_get_position (q, b->id), ==, 1);
  waiting = cabine_hub_queue_get_waiting (q);
  g_assert_cmpuint (waiting->len, ==, 1);
  g_assert_true (g_ptr_array_index (waiting, 0) == b);
  g_clear_pointer (&waiting, g_ptr_array_unref);
  g_assert_null (cabine_hub_queue_accept (q, a->id, "physician/x/1", "x", "Dr X", &error));
  g_assert_error (error, CABINE_PROTOCOL_ERROR, CABINE_PROTOCOL_ERROR_NO_SUCH_SESSION);
  g_clear_error (&error);
  ids = cabine_hub_queue_dup_waiting_ids (q);
  g_assert_cmpuint (g_strv_length (ids), ==, 2);
  g_assert_cmpstr (ids[0], ==, a->id);

  g_assert_true (cabine_hub_queue_rejoin (q, a->id, "again", "fr", &error) == a);
  g_assert_no_error (error);
  g_assert_false (a->away[CABINE_HUB_SIDE_KIOSK]);
  g_assert_cmpstr (a->reason, ==, "again");
  g_assert_cmpstr (a->language, ==, "fr");
  g_assert_cmpuint (cabine_hub_queue_get_position (q, a->id), ==, 1);
  g_assert_cmpuint (cabine_hub_queue_get_length (q), ==, 2);
  g_assert_null (cabine_hub_queue_rejoin (q, "unknown", "r", NULL, &error));
  g_assert_error (error, CABINE_PROTOCOL_ERROR, CABINE_PROTOCOL_ERROR_NO_SUCH_SESSION);
  g_clear_error (&error);

  /* Joined between a and b (given in local time): placed between them, kept in UTC. */
  r = cabine_hub_queue_restore_waiting (q, "s-old", "kiosk/c", "c", "r", NULL, local, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cabine_hub_queue_get_position (q, "s-old"), ==, 2);
  g_assert_cmpuint (cabine_hub_queue_get_position (q, b->id), ==, 3);
  g_assert_true (g_date_time_equal (r->waiting_since, t1));
  g_assert_cmpint (g_date_time_get_utc_offset (r->waiting_since), ==, 0);
  /* Its id, or its kiosk, already has a session. */
  g_assert_null (cabine_hub_queue_restore_waiting (q, "s-old", "kiosk/d", "d", "r", NULL, t1, &error));
  g_assert_error (error, CABINE_PROTOCOL_ERROR, CABINE_PROTOCOL_ERROR_NO_SUCH_SESSION);
  g_clear_error (&error);
  g_assert_null (cabine_hub_queue_restore_waiting (q, "s-new", "kiosk/c", "c", "r", NULL, t1, &error));
  g_assert_error (error, CABINE_PROTOCOL_ERROR, CABINE_PROTOCOL_ERROR_NO_SUCH_SESSION);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/hub/queue/join-order", test_join_order);
  g_test_add_func ("/hub/queue/join-refused", test_join_refused);
  g_test_add_func ("/hub/queue/accept-and-route", test_accept_and_route);
  g_test_add_func ("/hub/queue/list-for-peer", test_list_for_peer);
  g_test_add_func ("/hub/queue/away-and-restore", test_away_and_restore);
  g_test_add_func ("/hub/queue/waiting-away-and-restore", test_waiting_away_and_restore);
  return g_test_run ();
}
