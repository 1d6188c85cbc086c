/* test-agent-session.c: the IEEE 11073-20601 manager state machine, driven by hand-built APDUs
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-agent-session"

#include <string.h>

#include "cabine-11073-manager.h"
#include "cabine-apdu.h"
#include "cabine-11073-config.h"
#include "vectors.h"

/* Thermometer AARQ, standard configuration 0x0320 (IEEE 11073-10408 6.4; 20601 A.8). */
static const guint8 thermo_aarq[] = {
  0xE2, 0x00, 0x00, 0x32,             /* AARQ, length 50 */
  0x80, 0x00, 0x00, 0x00,             /* assoc-version1 */
  0x00, 0x01, 0x00, 0x2A,             /* data-proto-list: 1 entry, 42 bytes */
  0x50, 0x79,                         /* data-proto-id 20601 */
  0x00, 0x26,                         /* data-proto-info: 38 bytes */
  0x80, 0x00, 0x00, 0x00,             /* protocol-version1 */
  0x80, 0x00,                         /* encoding-rules: MDER */
  0x80, 0x00, 0x00, 0x00,             /* nomenclature-version1 */
  0x00, 0x00, 0x00, 0x00,             /* functional-units */
  0x00, 0x80, 0x00, 0x00,             /* system-type: sys-type-agent */
  0x00, 0x08, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, /* system-id, 8 bytes */
  0x03, 0x20,                         /* dev-config-id 0x0320 */
  0x00, 0x01,                         /* data-req-mode-flags */
  0x01, 0x00,                         /* data-req-init-agent-count 1, -manager-count 0 */
  0x00, 0x00, 0x00, 0x00,             /* option-list: 0 entries, 0 bytes */
};

/* Confirmed fixed scan report: handle 1 = 36.6 °C at 2026-01-15 09:30:00 (20601 A.10.5). */
static const guint8 thermo_report[] = {
  0xE7, 0x00, 0x00, 0x2A,             /* PRST, length 42 */
  0x00, 0x28,                         /* octet string: 40 bytes */
  0x12, 0x34,                         /* invoke-id 0x1234 */
  0x01, 0x01,                         /* roiv-cmip-confirmed-event-report */
  0x00, 0x22,                         /* 34 bytes */
  0x00, 0x00,                         /* obj-handle 0 (MDS) */
  0x00, 0x00, 0x00, 0x00,             /* event-time */
  0x0D, 0x1D,                         /* MDC_NOTI_SCAN_REPORT_FIXED */
  0x00, 0x18,                         /* event-info: 24 bytes */
  0xF0, 0x00,                         /* data-req-id: agent initiated */
  0x00, 0x00,                         /* scan-report-no 0 */
  0x00, 0x01, 0x00, 0x10,             /* obs-scan-fixed: 1 entry, 16 bytes */
  0x00, 0x01,                         /* obj-handle 1 */
  0x00, 0x0C,                         /* observed-value: 12 bytes */
  0xFF, 0x00, 0x01, 0x6E,             /* FLOAT: exponent -1, mantissa 366 = 36.6 */
  0x20, 0x26, 0x01, 0x15, 0x09, 0x30, 0x00, 0x00, /* AbsoluteTime 2026-01-15 09:30:00.00 */
};

/* The exact response the manager must send to thermo_report (20601 A.10.3). */
static const guint8 thermo_report_response[] = {
  0xE7, 0x00, 0x00, 0x12,             /* PRST, length 18 */
  0x00, 0x10,                         /* octet string: 16 bytes */
  0x12, 0x34,                         /* invoke-id echoed */
  0x02, 0x01,                         /* rors-cmip-confirmed-event-report */
  0x00, 0x0A,                         /* 10 bytes */
  0x00, 0x00,                         /* obj-handle 0 */
  0x00, 0x00, 0x00, 0x00,             /* currentTime (the report's event-time) */
  0x0D, 0x1D,                         /* MDC_NOTI_SCAN_REPORT_FIXED */
  0x00, 0x00,                         /* event-reply-info: empty */
};

static const guint8 manager_id[8] = { 0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11 };

typedef struct {
  CabineAgentSession *session;
  GPtrArray *sent;          /* GBytes */
  GPtrArray *measurements;  /* CabineMeasurement */
  guint aborted;
} Fixture;

static void on_send (CabineAgentSession *s, GBytes *b, Fixture *f) { g_ptr_array_add (f->sent, g_bytes_ref (b)); }
static void on_measurement (CabineAgentSession *s, CabineMeasurement *m, Fixture *f) { g_ptr_array_add (f->measurements, g_object_ref (m)); }
static void on_aborted (CabineAgentSession *s, const GError *e, Fixture *f) { f->aborted++; }

static void
setup (Fixture *f, gconstpointer data)
{
  cabine_11073_config_forget_all ();  /* the remembered configurations are per process */
  f->session = cabine_agent_session_new (manager_id);
  cabine_agent_session_set_source (f->session, "usb-phdc", 0x1234, 0x5678);
  f->sent = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  f->measurements = g_ptr_array_new_with_free_func (g_object_unref);
  g_signal_connect (f->session, "send-apdu", G_CALLBACK (on_send), f);
  g_signal_connect (f->session, "measurement", G_CALLBACK (on_measurement), f);
  g_signal_connect (f->session, "aborted", G_CALLBACK (on_aborted), f);
}

static void
teardown (Fixture *f, gconstpointer data)
{
  g_object_unref (f->session);
  g_ptr_array_unref (f->sent);
  g_ptr_array_unref (f->measurements);
}

static void
feed (Fixture *f, const guint8 *d, gsize len, gboolean expect_ok)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = cabine_agent_session_receive (f->session, d, len, &error);

  if (expect_ok)
    g_assert_no_error (error);
  g_assert_true (ok == expect_ok);
}

static void
feed_vector (Fixture *f, const char *name, gboolean expect_ok)
{
  g_autoptr(GBytes) b = load_vector (name);
  feed (f, g_bytes_get_data (b, NULL), g_bytes_get_size (b), expect_ok);
}

static void
assert_sent (Fixture *f, guint index, const guint8 *expected, gsize len)
{
  g_assert_cmpuint (f->sent->len, >, index);
  g_assert_cmpmem (g_bytes_get_data (g_ptr_array_index (f->sent, index), NULL),
                   g_bytes_get_size (g_ptr_array_index (f->sent, index)), expected, len);
}

static void
assert_sent_vector (Fixture *f, guint index, const char *name)
{
  g_autoptr(GBytes) b = load_vector (name);
  assert_sent (f, index, g_bytes_get_data (b, NULL), g_bytes_get_size (b));
}

/* Answer the manager's GET (sent APDU @index) with the vector's MDS attributes. */
static void
answer_get (Fixture *f, guint index)
{
  g_autoptr(GBytes) rsp = load_vector ("std-get-mds-response");
  g_autofree guint8 *d = g_memdup2 (g_bytes_get_data (rsp, NULL), g_bytes_get_size (rsp));
  g_autoptr(CabineApdu) get = NULL;
  g_autoptr(GError) error = NULL;
  GBytes *sent = g_ptr_array_index (f->sent, index);

  get = cabine_apdu_decode (g_bytes_get_data (sent, NULL), g_bytes_get_size (sent), &error);
  g_assert_no_error (error);
  g_assert_cmphex (get->data_choice, ==, CABINE_DATA_ROIV_GET);
  d[6] = get->invoke_id >> 8;  /* invoke-id at offset 6 */
  d[7] = get->invoke_id & 0xFF;
  feed (f, d, g_bytes_get_size (rsp), TRUE);
}

static void
spin (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;
  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE), g_usleep (1000);
}

static void
test_thermometer (Fixture *f, gconstpointer data)
{
  g_autoptr(GBytes) aare = cabine_apdu_encode_aare (CABINE_AARE_ACCEPTED, manager_id);
  CabineMeasurement *m;
  GDateTime *t;

  cabine_agent_session_start (f->session);
  feed (f, thermo_aarq, sizeof thermo_aarq, TRUE);
  /* accepted at once (known configuration), then GET of the MDS */
  assert_sent_vector (f, 0, "std-aare-accepted");
  g_assert_true (g_bytes_equal (g_ptr_array_index (f->sent, 0), aare));
  g_assert_cmpint (cabine_agent_session_get_state (f->session), ==, CABINE_AGENT_STATE_OPERATING);
  g_assert_cmphex (cabine_agent_session_get_dev_config_id (f->session), ==, 0x0320);
  g_assert_cmpuint (f->sent->len, ==, 2);
  answer_get (f, 1);
  g_assert_cmpstr (cabine_agent_session_get_manufacturer (f->session), ==, "TheCompany");
  g_assert_cmpstr (cabine_agent_session_get_model (f->session), ==, "TheScaleABC");
  g_assert_cmpstr (cabine_agent_session_get_serial (f->session), ==, "DE124567");

  feed (f, thermo_report, sizeof thermo_report, TRUE);
  assert_sent (f, 2, thermo_report_response, sizeof thermo_report_response);
  g_assert_cmpuint (f->measurements->len, ==, 1);
  m = g_ptr_array_index (f->measurements, 0);
  g_assert_cmpint (cabine_measurement_get_kind (m), ==, CABINE_MEASUREMENT_BODY_TEMPERATURE);
  g_assert_true (cabine_measurement_get_value (m) == 36.6);
  g_assert_cmpstr (cabine_measurement_get_ucum_unit (m), ==, "Cel");
  g_assert_cmpuint (cabine_measurement_get_mdc_code (m), ==, 19292);
  g_assert_cmpstr (cabine_measurement_get_loinc_code (m), ==, "8310-5");
  t = cabine_measurement_get_device_time (m);
  g_assert_cmpint (g_date_time_get_year (t), ==, 2026);
  g_assert_cmpint (g_date_time_get_hour (t), ==, 9);
  g_assert_cmpint (g_date_time_get_minute (t), ==, 30);
  g_assert_cmpmem (g_bytes_get_data (cabine_measurement_get_raw_frame (m), NULL),
                   g_bytes_get_size (cabine_measurement_get_raw_frame (m)),
                   thermo_report, sizeof thermo_report);
  g_assert_cmpuint (cabine_measurement_get_usb_vid (m), ==, 0x1234);
  g_assert_cmpuint (cabine_measurement_get_dev_config_id (m), ==, 0x0320);
  g_assert_cmpstr (cabine_measurement_get_manufacturer (m), ==, "TheCompany");

  /* the agent releases: RLRE normal */
  feed_vector (f, "std-rlrq", TRUE);
  assert_sent_vector (f, 3, "std-rlre");
  g_assert_cmpint (cabine_agent_session_get_state (f->session), ==, CABINE_AGENT_STATE_DISASSOCIATED);
  g_assert_cmpuint (f->aborted, ==, 0);
}

static void
test_reserved_value (Fixture *f, gconstpointer data)
{
  g_autofree guint8 *nan_report = g_memdup2 (thermo_report, sizeof thermo_report);

  nan_report[34] = 0x00; nan_report[35] = 0x7F; nan_report[36] = 0xFF; nan_report[37] = 0xFF;
  feed (f, thermo_aarq, sizeof thermo_aarq, TRUE);
  feed (f, nan_report, sizeof thermo_report, TRUE);
  /* answered, but NaN is no measurement */
  assert_sent (f, 2, thermo_report_response, sizeof thermo_report_response);
  g_assert_cmpuint (f->measurements->len, ==, 0);
}

static void
test_extended_config (Fixture *f, gconstpointer data)
{
  static const guint8 vector_manager_id[8] = { 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88 };
  CabineMeasurement *m;
  const double *v;
  guint n;

  g_object_unref (f->session);
  f->session = cabine_agent_session_new (vector_manager_id);
  g_signal_connect (f->session, "send-apdu", G_CALLBACK (on_send), f);
  g_signal_connect (f->session, "measurement", G_CALLBACK (on_measurement), f);

  feed_vector (f, "bp-01-aarq", TRUE);
  assert_sent_vector (f, 0, "bp-02-aare-accepted-unknown-config");
  g_assert_cmpint (cabine_agent_session_get_state (f->session), ==, CABINE_AGENT_STATE_CONFIGURING);
  feed_vector (f, "bp-03-config-report", TRUE);
  assert_sent_vector (f, 1, "bp-04-config-response");
  g_assert_cmpint (cabine_agent_session_get_state (f->session), ==, CABINE_AGENT_STATE_OPERATING);
  /* a scan report laid out like 10407's handles 1 and 2, which 0x4000 shares */
  feed_vector (f, "bp-std-02-scan-report-fixed", TRUE);
  g_assert_cmpuint (f->measurements->len, ==, 2);
  m = g_ptr_array_index (f->measurements, 0);
  g_assert_cmpint (cabine_measurement_get_kind (m), ==, CABINE_MEASUREMENT_BLOOD_PRESSURE);
  v = cabine_measurement_get_values (m, &n);
  g_assert_cmpuint (n, ==, 3);
  g_assert_true (v[0] == 120.0 && v[1] == 80.0 && v[2] == 100.0);
  g_assert_cmpstr (cabine_measurement_get_ucum_unit (m), ==, "mm[Hg]");
  m = g_ptr_array_index (f->measurements, 1);
  g_assert_cmpint (cabine_measurement_get_kind (m), ==, CABINE_MEASUREMENT_PULSE_RATE);
  g_assert_true (cabine_measurement_get_value (m) == 60.0);
}

static void
test_config_timeout (Fixture *f, gconstpointer data)
{
  cabine_agent_session_set_timeouts (f->session, 5000, 50, 5000);
  feed_vector (f, "bp-01-aarq", TRUE);
  spin (150);
  assert_sent_vector (f, 1, "std-abrt-config-timeout");
  g_assert_cmpint (cabine_agent_session_get_state (f->session), ==, CABINE_AGENT_STATE_DISASSOCIATED);
  g_assert_cmpuint (f->aborted, ==, 1);
}

static void
test_association_timeout (Fixture *f, gconstpointer data)
{
  cabine_agent_session_set_timeouts (f->session, 50, 5000, 5000);
  cabine_agent_session_start (f->session);
  spin (150);
  g_assert_cmpuint (f->sent->len, ==, 1);
  assert_sent_vector (f, 0, "std-abrt-undefined");
  g_assert_cmpuint (f->aborted, ==, 1);
}

static void
test_get_timeout_and_invoke_id (Fixture *f, gconstpointer data)
{
  g_autoptr(GBytes) rsp = load_vector ("std-get-mds-response");  /* invoke-id 0x3456: not ours */
  static const guint8 response_timeout[] = { 0xE6, 0x00, 0x00, 0x02, 0x00, 0x02 };

  cabine_agent_session_set_timeouts (f->session, 5000, 5000, 80);
  feed (f, thermo_aarq, sizeof thermo_aarq, TRUE);
  feed (f, g_bytes_get_data (rsp, NULL), g_bytes_get_size (rsp), TRUE);
  g_assert_null (cabine_agent_session_get_manufacturer (f->session));  /* ignored */
  spin (200);
  assert_sent (f, 2, response_timeout, sizeof response_timeout);
  g_assert_cmpint (cabine_agent_session_get_state (f->session), ==, CABINE_AGENT_STATE_DISASSOCIATED);
}

static void
test_garbage (Fixture *f, gconstpointer data)
{
  static const guint8 garbage[] = { 0xE7, 0x00, 0x00, 0x05, 0x01, 0x02 };
  g_autoptr(GError) error = NULL;

  feed (f, thermo_aarq, sizeof thermo_aarq, TRUE);
  g_assert_false (cabine_agent_session_receive (f->session, garbage, sizeof garbage, &error));
  g_assert_error (error, CABINE_MDER_ERROR, CABINE_MDER_ERROR_TRUNCATED);
  assert_sent_vector (f, 2, "std-abrt-undefined");
  g_assert_cmpint (cabine_agent_session_get_state (f->session), ==, CABINE_AGENT_STATE_DISASSOCIATED);
  g_assert_cmpuint (f->aborted, ==, 1);
  /* a report while disassociated is refused too, and nothing is measured */
  g_clear_error (&error);
  g_assert_false (cabine_agent_session_receive (f->session, thermo_report, sizeof thermo_report, &error));
  g_assert_error (error, CABINE_AGENT_SESSION_ERROR, CABINE_AGENT_SESSION_ERROR_PROTOCOL);
  g_assert_cmpuint (f->measurements->len, ==, 0);
}

static void
test_agent_abort_and_release (Fixture *f, gconstpointer data)
{
  feed (f, thermo_aarq, sizeof thermo_aarq, TRUE);
  feed_vector (f, "std-abrt-undefined", TRUE);
  g_assert_cmpint (cabine_agent_session_get_state (f->session), ==, CABINE_AGENT_STATE_DISASSOCIATED);
  g_assert_cmpuint (f->aborted, ==, 1);
  g_assert_cmpuint (f->sent->len, ==, 2);  /* AARE, GET: no reply to an ABRT */

  /* manager-initiated release */
  feed (f, thermo_aarq, sizeof thermo_aarq, TRUE);
  cabine_agent_session_release (f->session);
  assert_sent_vector (f, 4, "std-rlrq");
  g_assert_cmpint (cabine_agent_session_get_state (f->session), ==, CABINE_AGENT_STATE_DISASSOCIATING);
  feed_vector (f, "std-rlre", TRUE);
  g_assert_cmpint (cabine_agent_session_get_state (f->session), ==, CABINE_AGENT_STATE_DISASSOCIATED);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, fn) g_test_add ("/devices/agent-session/" path, Fixture, NULL, setup, fn, teardown)
  ADD ("thermometer", test_thermometer);
  ADD ("reserved-value", test_reserved_value);
  ADD ("extended-config", test_extended_config);
  ADD ("config-timeout", test_config_timeout);
  ADD ("association-timeout", test_association_timeout);
  ADD ("get-timeout-and-invoke-id", test_get_timeout_and_invoke_id);
  ADD ("garbage", test_garbage);
  ADD ("agent-abort-and-release", test_agent_abort_and_release);
  return g_test_run ();
}
