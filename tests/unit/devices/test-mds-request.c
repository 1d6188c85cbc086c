/* test-mds-request.c: the manager's GET of the MDS on request (the instruments' self-test in
 * maintenance mode): refused when not Operating or when one is pending, answered, refused by
 * the agent (roer), left unanswered (the association is aborted)
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-mds-request"

#include <string.h>

#include "cabine-11073-config.h"
#include "cabine-11073-manager.h"
#include "cabine-apdu.h"
#include "vectors.h"

/* Thermometer AARQ, standard configuration 0x0320 (IEEE 11073-10408 6.4; 20601 A.8). */
static const guint8 thermo_aarq[] = {
  0xE2, 0x00, 0x00, 0x32, 0x80, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x2A, 0x50, 0x79, 0x00, 0x26,
  0x80, 0x00, 0x00, 0x00, 0x80, 0x00, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x80,
  0x00, 0x00, 0x00, 0x08, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x03, 0x20, 0x00, 0x01,
  0x01, 0x00, 0x00, 0x00, 0x00, 0x00,
};

static const guint8 manager_id[8] = { 0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11 };

typedef struct {
  CabineAgentSession *session;
  GPtrArray *sent;          /* GBytes */
  guint results;            /* ::mds-result emissions */
  GError *last_error;       /* of the last one */
  guint aborted;
} Fixture;

static void
on_send (CabineAgentSession *s, GBytes *b, Fixture *f)
{
  g_ptr_array_add (f->sent, g_bytes_ref (b));
}

static void
on_result (CabineAgentSession *s, const GError *e, Fixture *f)
{
  f->results++;
  g_clear_error (&f->last_error);
  if (e != NULL)
    f->last_error = g_error_copy (e);
}

static void
on_aborted (CabineAgentSession *s, const GError *e, Fixture *f)
{
  f->aborted++;
}

static void
setup (Fixture *f, gconstpointer data)
{
  cabine_11073_config_forget_all ();
  f->session = cabine_agent_session_new (manager_id);
  f->sent = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_signal_connect (f->session, "send-apdu", G_CALLBACK (on_send), f);
  g_signal_connect (f->session, "mds-result", G_CALLBACK (on_result), f);
  g_signal_connect (f->session, "aborted", G_CALLBACK (on_aborted), f);
}

static void
teardown (Fixture *f, gconstpointer data)
{
  g_object_unref (f->session);
  g_ptr_array_unref (f->sent);
  g_clear_error (&f->last_error);
}

static void
feed (Fixture *f, const guint8 *d, gsize len)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (cabine_agent_session_receive (f->session, d, len, &error));
  g_assert_no_error (error);
}

/* The invoke-id of the GET the manager sent last. */
static guint16
last_get_invoke_id (Fixture *f)
{
  GBytes *sent = g_ptr_array_index (f->sent, f->sent->len - 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(CabineApdu) get = cabine_apdu_decode (g_bytes_get_data (sent, NULL), g_bytes_get_size (sent), &error);

  g_assert_no_error (error);
  g_assert_cmphex (get->data_choice, ==, CABINE_DATA_ROIV_GET);
  g_assert_cmphex (get->obj_handle, ==, 0);
  return get->invoke_id;
}

static void
answer_get (Fixture *f)
{
  g_autoptr(GBytes) rsp = load_vector ("std-get-mds-response");
  g_autofree guint8 *d = g_memdup2 (g_bytes_get_data (rsp, NULL), g_bytes_get_size (rsp));
  guint16 id = last_get_invoke_id (f);

  d[6] = id >> 8;  /* invoke-id at offset 6 (PRST header 4, octet-string length 2) */
  d[7] = id & 0xFF;
  feed (f, d, g_bytes_get_size (rsp));
}

static void
spin (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static void
test_not_ready (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (cabine_agent_session_request_mds (f->session, &error));
  g_assert_error (error, CABINE_AGENT_SESSION_ERROR, CABINE_AGENT_SESSION_ERROR_NOT_READY);
  g_assert_cmpuint (f->sent->len, ==, 0);
}

static void
test_answered (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  feed (f, thermo_aarq, sizeof thermo_aarq);       /* AARE, then the association's own GET */
  g_assert_cmpuint (f->sent->len, ==, 2);
  /* The association's GET is still pending: a second one is refused. */
  g_assert_false (cabine_agent_session_request_mds (f->session, &error));
  g_assert_error (error, CABINE_AGENT_SESSION_ERROR, CABINE_AGENT_SESSION_ERROR_NOT_READY);
  g_clear_error (&error);
  answer_get (f);
  g_assert_cmpuint (f->results, ==, 1);
  g_assert_null (f->last_error);

  g_assert_true (cabine_agent_session_request_mds (f->session, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (f->sent->len, ==, 3);
  g_assert_cmphex (last_get_invoke_id (f), !=, 0);
  answer_get (f);
  g_assert_cmpuint (f->results, ==, 2);
  g_assert_null (f->last_error);
  g_assert_nonnull (cabine_agent_session_get_manufacturer (f->session));
  g_assert_cmpint (cabine_agent_session_get_state (f->session), ==, CABINE_AGENT_STATE_OPERATING);
}

static void
test_refused (Fixture *f, gconstpointer data)
{
  guint8 roer[] = {
    0xE7, 0x00, 0x00, 0x0C,   /* PRST, length 12 */
    0x00, 0x0A,               /* octet string: 10 bytes */
    0x00, 0x00,               /* invoke-id, set below */
    0x03, 0x00,               /* roer (20601 A.10.1) */
    0x00, 0x04,               /* 4 bytes */
    0x00, 0x01,               /* error-value no-such-object-instance (A.10.4 ErrorResult) */
    0x00, 0x00,               /* parameter: empty */
  };
  g_autoptr(GError) error = NULL;
  guint16 id;

  feed (f, thermo_aarq, sizeof thermo_aarq);
  answer_get (f);
  g_assert_true (cabine_agent_session_request_mds (f->session, &error));
  id = last_get_invoke_id (f);
  roer[6] = id >> 8;
  roer[7] = id & 0xFF;
  feed (f, roer, sizeof roer);
  g_assert_cmpuint (f->results, ==, 2);
  g_assert_error (f->last_error, CABINE_AGENT_SESSION_ERROR, CABINE_AGENT_SESSION_ERROR_REFUSED);
  /* Still associated, and a new GET may go. */
  g_assert_cmpint (cabine_agent_session_get_state (f->session), ==, CABINE_AGENT_STATE_OPERATING);
  g_assert_true (cabine_agent_session_request_mds (f->session, &error));
}

static void
test_unanswered (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  cabine_agent_session_set_timeouts (f->session, 5000, 5000, 80);
  feed (f, thermo_aarq, sizeof thermo_aarq);
  answer_get (f);
  g_assert_true (cabine_agent_session_request_mds (f->session, &error));
  spin (200);
  g_assert_cmpuint (f->aborted, ==, 1);
  g_assert_cmpuint (f->results, ==, 1);            /* only the association's GET */
  g_assert_cmpint (cabine_agent_session_get_state (f->session), ==, CABINE_AGENT_STATE_DISASSOCIATED);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, fn) g_test_add ("/devices/mds-request/" path, Fixture, NULL, setup, fn, teardown)
  ADD ("not-ready", test_not_ready);
  ADD ("answered", test_answered);
  ADD ("refused", test_refused);
  ADD ("unanswered", test_unanswered);
  return g_test_run ();
}
