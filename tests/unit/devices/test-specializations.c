/* test-specializations.c: the standard configurations (IEEE 11073-10407/-10404/-10415) end to end
 * through the manager, with hand-built APDUs documented byte by byte
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-specializations"

#include "session-fixture.h"
#include "cabine-11073-config.h"

/* Pulse oximeter, configuration 0x0190 (10404 6.4): unconfirmed fixed scan report with SpO2 98 %
 * (handle 1) and pulse 72 bpm (handle 10), SFLOATs without time stamps. */
static const guint8 oximeter_report[] = {
  0xE7, 0x00, 0x00, 0x26,             /* PRST, length 38 */
  0x00, 0x24,                         /* octet string: 36 bytes */
  0x00, 0x07,                         /* invoke-id 7 */
  0x01, 0x00,                         /* roiv-cmip-event-report (unconfirmed) */
  0x00, 0x1E,                         /* 30 bytes */
  0x00, 0x00,                         /* obj-handle 0 (MDS) */
  0x00, 0x00, 0x01, 0x00,             /* event-time */
  0x0D, 0x1D,                         /* MDC_NOTI_SCAN_REPORT_FIXED */
  0x00, 0x14,                         /* event-info: 20 bytes */
  0xF0, 0x00,                         /* data-req-id: agent initiated */
  0x00, 0x03,                         /* scan-report-no 3 */
  0x00, 0x02, 0x00, 0x0C,             /* obs-scan-fixed: 2 entries, 12 bytes */
  0x00, 0x01, 0x00, 0x02,             /* handle 1, 2 bytes */
  0x00, 0x62,                         /* SFLOAT exponent 0, mantissa 98 */
  0x00, 0x0A, 0x00, 0x02,             /* handle 10, 2 bytes */
  0x00, 0x48,                         /* SFLOAT 72 */
};

/* Scale, configuration 0x05DC (10415 6.4): confirmed fixed scan report, handle 1 = 72.5 kg at
 * 2026-03-04 10:20:30. */
static const guint8 scale_report[] = {
  0xE7, 0x00, 0x00, 0x2A,             /* PRST, length 42 */
  0x00, 0x28,                         /* octet string: 40 bytes */
  0x00, 0x21,                         /* invoke-id 0x21 */
  0x01, 0x01,                         /* roiv-cmip-confirmed-event-report */
  0x00, 0x22,                         /* 34 bytes */
  0x00, 0x00,                         /* obj-handle 0 */
  0x00, 0x00, 0x00, 0x00,             /* event-time */
  0x0D, 0x1D,                         /* MDC_NOTI_SCAN_REPORT_FIXED */
  0x00, 0x18,                         /* event-info: 24 bytes */
  0xF0, 0x00,                         /* data-req-id */
  0x00, 0x00,                         /* scan-report-no */
  0x00, 0x01, 0x00, 0x10,             /* obs-scan-fixed: 1 entry, 16 bytes */
  0x00, 0x01, 0x00, 0x0C,             /* handle 1, 12 bytes */
  0xFF, 0x00, 0x02, 0xD5,             /* FLOAT exponent -1, mantissa 725 = 72.5 */
  0x20, 0x26, 0x03, 0x04, 0x10, 0x20, 0x30, 0x00, /* AbsoluteTime 2026-03-04 10:20:30.00 */
};

static void
test_table (void)
{
  const CabineDeviceConfig *c;

  c = cabine_11073_standard_config (0x02BC);
  g_assert_nonnull (c);
  g_assert_cmpuint (c->n_objects, ==, 2);
  g_assert_cmphex (c->objects[0].type_code, ==, 0x4A04);
  g_assert_cmphex (c->objects[0].map[0].attr_id, ==, CABINE_MDC_ATTR_NU_CMPD_VAL_OBS_BASIC);
  g_assert_cmpuint (c->objects[0].map[0].len, ==, 10);
  g_assert_cmphex (c->objects[1].type_code, ==, 0x482A);

  c = cabine_11073_standard_config (0x0190);
  g_assert_nonnull (c);
  g_assert_cmpuint (c->objects[1].handle, ==, 10);
  g_assert_cmpuint (c->objects[0].n_map, ==, 1);
  c = cabine_11073_standard_config (0x0191);
  g_assert_nonnull (c);
  g_assert_cmphex (c->objects[0].map[1].attr_id, ==, CABINE_MDC_ATTR_TIME_STAMP_ABS);
  c = cabine_11073_standard_config (0x05DC);
  g_assert_nonnull (c);
  g_assert_cmphex (c->objects[0].type_code, ==, 0xE140);
  g_assert_cmphex (c->objects[0].unit_code, ==, 0x06C3);
  g_assert_null (cabine_11073_standard_config (0x4000));
}

static void
test_blood_pressure (SessionFixture *f, gconstpointer data)
{
  CabineMeasurement *m;
  const double *v;
  guint n;

  fixture_feed_vector (f, "bp-std-01-aarq");
  g_assert_cmpint (cabine_agent_session_get_state (f->session), ==, CABINE_AGENT_STATE_OPERATING);
  fixture_feed_vector (f, "bp-std-02-scan-report-fixed");
  g_assert_cmpuint (f->measurements->len, ==, 2);
  m = g_ptr_array_index (f->measurements, 0);
  g_assert_cmpint (cabine_measurement_get_kind (m), ==, CABINE_MEASUREMENT_BLOOD_PRESSURE);
  v = cabine_measurement_get_values (m, &n);
  g_assert_cmpuint (n, ==, 3);
  g_assert_true (v[0] == 120 && v[1] == 80 && v[2] == 100);
  g_assert_cmpstr (cabine_measurement_get_ucum_unit (m), ==, "mm[Hg]");
  g_assert_cmpstr (cabine_measurement_get_loinc_code (m), ==, "85354-9");
  g_assert_cmpuint (cabine_measurement_get_handle (m), ==, 1);
  g_assert_cmpuint (cabine_measurement_get_dev_config_id (m), ==, 0x02BC);
  g_assert_cmpint (g_date_time_get_year (cabine_measurement_get_device_time (m)), ==, 2007);
  g_assert_cmpint (g_date_time_get_hour (cabine_measurement_get_device_time (m)), ==, 12);
  g_assert_cmpint (g_date_time_get_minute (cabine_measurement_get_device_time (m)), ==, 10);

  m = g_ptr_array_index (f->measurements, 1);
  g_assert_cmpint (cabine_measurement_get_kind (m), ==, CABINE_MEASUREMENT_PULSE_RATE);
  g_assert_true (cabine_measurement_get_value (m) == 60.0);
  g_assert_cmphex (cabine_measurement_get_mdc_code (m), ==, 0x482A);
  g_assert_cmpstr (cabine_measurement_get_ucum_unit (m), ==, "/min");
  g_assert_cmpstr (cabine_measurement_get_loinc_code (m), ==, "8867-4");
}

static void
test_oximeter (SessionFixture *f, gconstpointer data)
{
  CabineMeasurement *m;
  guint sent;

  fixture_associate (f, 0x0190, 0x01);
  g_assert_cmpint (cabine_agent_session_get_state (f->session), ==, CABINE_AGENT_STATE_OPERATING);
  sent = f->sent->len;
  fixture_feed (f, oximeter_report, sizeof oximeter_report, TRUE);
  g_assert_cmpuint (f->sent->len, ==, sent);   /* unconfirmed: no response */
  g_assert_cmpuint (f->measurements->len, ==, 2);
  m = g_ptr_array_index (f->measurements, 0);
  g_assert_cmpint (cabine_measurement_get_kind (m), ==, CABINE_MEASUREMENT_SPO2);
  g_assert_true (cabine_measurement_get_value (m) == 98);
  g_assert_cmpstr (cabine_measurement_get_ucum_unit (m), ==, "%");
  g_assert_cmpstr (cabine_measurement_get_loinc_code (m), ==, "59408-5");
  g_assert_cmphex (cabine_measurement_get_mdc_code (m), ==, 0x4BB8);
  g_assert_null (cabine_measurement_get_device_time (m));
  m = g_ptr_array_index (f->measurements, 1);
  g_assert_cmpint (cabine_measurement_get_kind (m), ==, CABINE_MEASUREMENT_PULSE_RATE);
  g_assert_true (cabine_measurement_get_value (m) == 72);
  g_assert_cmphex (cabine_measurement_get_mdc_code (m), ==, 0x481A);
  g_assert_cmpuint (cabine_measurement_get_handle (m), ==, 10);
  g_assert_cmpuint (cabine_measurement_get_dev_config_id (m), ==, 0x0190);
  g_assert_cmpuint (f->aborted, ==, 0);
}

static void
test_scale (SessionFixture *f, gconstpointer data)
{
  g_autoptr(CabineApdu) rsp = NULL;
  CabineMeasurement *m;
  GDateTime *t;

  fixture_associate (f, 0x05DC, 0x02);
  g_assert_cmpint (cabine_agent_session_get_state (f->session), ==, CABINE_AGENT_STATE_OPERATING);
  fixture_feed (f, scale_report, sizeof scale_report, TRUE);
  rsp = fixture_last_sent (f);
  g_assert_cmphex (rsp->data_choice, ==, CABINE_DATA_RORS_CONFIRMED_EVENT_REPORT);
  g_assert_cmphex (rsp->invoke_id, ==, 0x21);
  g_assert_cmpuint (f->measurements->len, ==, 1);
  m = g_ptr_array_index (f->measurements, 0);
  g_assert_cmpint (cabine_measurement_get_kind (m), ==, CABINE_MEASUREMENT_BODY_WEIGHT);
  g_assert_cmpfloat_with_epsilon (cabine_measurement_get_value (m), 72.5, 1e-9);
  g_assert_cmpstr (cabine_measurement_get_ucum_unit (m), ==, "kg");
  g_assert_cmpstr (cabine_measurement_get_loinc_code (m), ==, "29463-7");
  g_assert_cmphex (cabine_measurement_get_mdc_code (m), ==, 0xE140);
  t = cabine_measurement_get_device_time (m);
  g_assert_nonnull (t);
  g_assert_cmpint (g_date_time_get_month (t), ==, 3);
  g_assert_cmpint (g_date_time_get_second (t), ==, 30);
}

/* An extended configuration is asked once per agent: after a release, the same agent (system-id)
 * announcing the same dev-config-id is accepted at once; another agent is asked again. */
static void
test_remembered_config (SessionFixture *f, gconstpointer data)
{
  g_autoptr(CabineApdu) aare = NULL;
  g_autoptr(GBytes) other = NULL;
  guint before;

  fixture_feed_vector (f, "bp-01-aarq");
  g_assert_cmpint (cabine_agent_session_get_state (f->session), ==, CABINE_AGENT_STATE_CONFIGURING);
  fixture_feed_vector (f, "bp-03-config-report");
  g_assert_cmpint (cabine_agent_session_get_state (f->session), ==, CABINE_AGENT_STATE_OPERATING);
  fixture_feed_vector (f, "std-rlrq");
  g_assert_cmpint (cabine_agent_session_get_state (f->session), ==, CABINE_AGENT_STATE_DISASSOCIATED);

  before = f->sent->len;
  fixture_feed_vector (f, "bp-01-aarq");
  g_assert_cmpint (cabine_agent_session_get_state (f->session), ==, CABINE_AGENT_STATE_OPERATING);
  g_assert_cmpuint (f->sent->len, ==, before + 2);  /* AARE accepted, then GET MDS */
  {
    GBytes *b = g_ptr_array_index (f->sent, before);
    g_autoptr(GError) error = NULL;

    aare = cabine_apdu_decode (g_bytes_get_data (b, NULL), g_bytes_get_size (b), &error);
    g_assert_no_error (error);
  }
  g_assert_cmpuint (aare->result, ==, CABINE_AARE_ACCEPTED);
  fixture_feed_vector (f, "bp-std-02-scan-report-fixed");
  g_assert_cmpuint (f->measurements->len, ==, 2);
  g_assert_cmphex (cabine_measurement_get_dev_config_id (g_ptr_array_index (f->measurements, 0)),
                   ==, 0x4000);
  fixture_feed_vector (f, "std-rlrq");

  /* another agent, same dev-config-id: asked for its configuration */
  other = fixture_aarq (0x4000, 0x99);
  fixture_feed (f, g_bytes_get_data (other, NULL), g_bytes_get_size (other), TRUE);
  g_assert_cmpint (cabine_agent_session_get_state (f->session), ==, CABINE_AGENT_STATE_CONFIGURING);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/devices/specializations/table", test_table);
#define ADD(path, fn) g_test_add ("/devices/specializations/" path, SessionFixture, NULL, \
                                  fixture_setup, fn, fixture_teardown)
  ADD ("blood-pressure", test_blood_pressure);
  ADD ("oximeter", test_oximeter);
  ADD ("scale", test_scale);
  ADD ("remembered-config", test_remembered_config);
  return g_test_run ();
}
