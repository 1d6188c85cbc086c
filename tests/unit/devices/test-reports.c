/* test-reports.c: variable and multi-person scan reports (IEEE 11073-20601 A.10.5) through the
 * manager, with hand-built APDUs documented byte by byte
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-reports"

#include "session-fixture.h"

/* Thermometer (0x0320), confirmed MDC_NOTI_SCAN_REPORT_VAR: handle 1 carries its value and time
 * as an AttributeList instead of the attribute-value-map layout. */
static const guint8 thermo_var[] = {
  0xE7, 0x00, 0x00, 0x34,             /* PRST, length 52 */
  0x00, 0x32,                         /* octet string: 50 bytes */
  0x00, 0x05,                         /* invoke-id 5 */
  0x01, 0x01,                         /* roiv-cmip-confirmed-event-report */
  0x00, 0x2C,                         /* 44 bytes */
  0x00, 0x00,                         /* obj-handle 0 */
  0x00, 0x00, 0x00, 0x00,             /* event-time */
  0x0D, 0x1E,                         /* MDC_NOTI_SCAN_REPORT_VAR */
  0x00, 0x22,                         /* event-info: 34 bytes */
  0xF0, 0x00,                         /* data-req-id */
  0x00, 0x01,                         /* scan-report-no 1 */
  0x00, 0x01, 0x00, 0x1A,             /* obs-scan-var: 1 entry, 26 bytes */
  0x00, 0x01,                         /* obj-handle 1 */
  0x00, 0x02, 0x00, 0x14,             /* AttributeList: 2 AVAs, 20 bytes */
  0x0A, 0x56, 0x00, 0x04,             /* MDC_ATTR_NU_VAL_OBS_SIMP, 4 bytes */
  0xFF, 0x00, 0x01, 0x71,             /* FLOAT 36.9 */
  0x09, 0x90, 0x00, 0x08,             /* MDC_ATTR_TIME_STAMP_ABS, 8 bytes */
  0x20, 0x26, 0x05, 0x06, 0x07, 0x08, 0x09, 0x00, /* 2026-05-06 07:08:09.00 */
};

/* Scale (0x05DC), unconfirmed MDC_NOTI_SCAN_REPORT_MP_VAR for two persons: person 1 = 80.2 kg
 * as a NuObsValue, person 2 = 65.0 kg as a simple numeric. */
static const guint8 scale_mp_var[] = {
  0xE7, 0x00, 0x00, 0x48,             /* PRST, length 72 */
  0x00, 0x46,                         /* octet string: 70 bytes */
  0x00, 0x06,                         /* invoke-id 6 */
  0x01, 0x00,                         /* roiv-cmip-event-report (unconfirmed) */
  0x00, 0x40,                         /* 64 bytes */
  0x00, 0x00,                         /* obj-handle 0 */
  0x00, 0x00, 0x00, 0x00,             /* event-time */
  0x0D, 0x20,                         /* MDC_NOTI_SCAN_REPORT_MP_VAR */
  0x00, 0x36,                         /* event-info: 54 bytes */
  0xF0, 0x00,                         /* data-req-id */
  0x00, 0x02,                         /* scan-report-no 2 */
  0x00, 0x02, 0x00, 0x2E,             /* scan-per-var: 2 persons, 46 bytes */
  0x00, 0x01,                         /*  person-id 1 */
  0x00, 0x01, 0x00, 0x14,             /*  obs-scan-var: 1 entry, 20 bytes */
  0x00, 0x01,                         /*   obj-handle 1 */
  0x00, 0x01, 0x00, 0x0E,             /*   AttributeList: 1 AVA, 14 bytes */
  0x09, 0x50, 0x00, 0x0A,             /*   MDC_ATTR_NU_VAL_OBS (NuObsValue), 10 bytes */
  0xE1, 0x40,                         /*    metric-id MDC_MASS_BODY_ACTUAL */
  0x00, 0x00,                         /*    state: valid */
  0x06, 0xC3,                         /*    unit-code MDC_DIM_KILO_G */
  0xFF, 0x00, 0x03, 0x22,             /*    FLOAT 80.2 */
  0x00, 0x02,                         /*  person-id 2 */
  0x00, 0x01, 0x00, 0x0E,             /*  obs-scan-var: 1 entry, 14 bytes */
  0x00, 0x01,                         /*   obj-handle 1 */
  0x00, 0x01, 0x00, 0x08,             /*   AttributeList: 1 AVA, 8 bytes */
  0x0A, 0x56, 0x00, 0x04,             /*   MDC_ATTR_NU_VAL_OBS_SIMP */
  0xFF, 0x00, 0x02, 0x8A,             /*   FLOAT 65.0 */
};

/* Scale (0x05DC), unconfirmed MDC_NOTI_SCAN_REPORT_MP_FIXED, one person (id 3): 70.0 kg. */
static const guint8 scale_mp_fixed[] = {
  0xE7, 0x00, 0x00, 0x30,             /* PRST, length 48 */
  0x00, 0x2E,                         /* octet string: 46 bytes */
  0x00, 0x08,                         /* invoke-id 8 */
  0x01, 0x00,                         /* roiv-cmip-event-report */
  0x00, 0x28,                         /* 40 bytes */
  0x00, 0x00,                         /* obj-handle 0 */
  0x00, 0x00, 0x00, 0x00,             /* event-time */
  0x0D, 0x1F,                         /* MDC_NOTI_SCAN_REPORT_MP_FIXED */
  0x00, 0x1E,                         /* event-info: 30 bytes */
  0xF0, 0x00,                         /* data-req-id */
  0x00, 0x03,                         /* scan-report-no 3 */
  0x00, 0x01, 0x00, 0x16,             /* scan-per-fixed: 1 person, 22 bytes */
  0x00, 0x03,                         /*  person-id 3 */
  0x00, 0x01, 0x00, 0x10,             /*  obs-scan-fixed: 1 entry, 16 bytes */
  0x00, 0x01, 0x00, 0x0C,             /*   handle 1, 12 bytes */
  0xFF, 0x00, 0x02, 0xBC,             /*   FLOAT 70.0 */
  0x20, 0x26, 0x01, 0x02, 0x03, 0x04, 0x05, 0x00, /* 2026-01-02 03:04:05 */
};

static void
test_variable (SessionFixture *f, gconstpointer data)
{
  g_autoptr(CabineApdu) rsp = NULL;
  CabineMeasurement *m;

  fixture_associate (f, 0x0320, 0x10);
  fixture_feed (f, thermo_var, sizeof thermo_var, TRUE);
  rsp = fixture_last_sent (f);
  g_assert_cmphex (rsp->data_choice, ==, CABINE_DATA_RORS_CONFIRMED_EVENT_REPORT);
  g_assert_cmphex (rsp->event_type, ==, 0x0D1E);
  g_assert_cmphex (rsp->invoke_id, ==, 5);
  g_assert_cmpuint (f->measurements->len, ==, 1);
  m = g_ptr_array_index (f->measurements, 0);
  g_assert_cmpint (cabine_measurement_get_kind (m), ==, CABINE_MEASUREMENT_BODY_TEMPERATURE);
  g_assert_cmpfloat_with_epsilon (cabine_measurement_get_value (m), 36.9, 1e-9);
  g_assert_cmpint (g_date_time_get_second (cabine_measurement_get_device_time (m)), ==, 9);
  g_assert_cmpuint (cabine_measurement_get_person_id (m), ==, 0xFFFF);
}

static void
test_multi_person (SessionFixture *f, gconstpointer data)
{
  CabineMeasurement *m;
  guint sent;

  fixture_associate (f, 0x05DC, 0x11);
  sent = f->sent->len;
  fixture_feed (f, scale_mp_var, sizeof scale_mp_var, TRUE);
  fixture_feed (f, scale_mp_fixed, sizeof scale_mp_fixed, TRUE);
  g_assert_cmpuint (f->sent->len, ==, sent);  /* unconfirmed */
  g_assert_cmpuint (f->measurements->len, ==, 3);
  m = g_ptr_array_index (f->measurements, 0);
  g_assert_cmpfloat_with_epsilon (cabine_measurement_get_value (m), 80.2, 1e-9);
  g_assert_cmpuint (cabine_measurement_get_person_id (m), ==, 1);
  g_assert_null (cabine_measurement_get_device_time (m));
  m = g_ptr_array_index (f->measurements, 1);
  g_assert_cmpfloat_with_epsilon (cabine_measurement_get_value (m), 65.0, 1e-9);
  g_assert_cmpuint (cabine_measurement_get_person_id (m), ==, 2);
  m = g_ptr_array_index (f->measurements, 2);
  g_assert_cmpfloat_with_epsilon (cabine_measurement_get_value (m), 70.0, 1e-9);
  g_assert_cmpuint (cabine_measurement_get_person_id (m), ==, 3);
  g_assert_cmpstr (cabine_measurement_get_ucum_unit (m), ==, "kg");
}

/* A NuObsValue in pounds cannot become kg silently: the report is refused (association aborted),
 * and nothing is emitted. */
static void
test_variable_bad_unit (SessionFixture *f, gconstpointer data)
{
  g_autofree guint8 *lb = g_memdup2 (scale_mp_var, sizeof scale_mp_var);

  lb[50] = 0x06;  /* unit-code of person 1 → MDC_DIM_LB 0x06E0 */
  lb[51] = 0xE0;
  fixture_associate (f, 0x05DC, 0x12);
  fixture_feed (f, lb, sizeof scale_mp_var, FALSE);
  g_assert_cmpuint (f->measurements->len, ==, 0);
  g_assert_cmpuint (f->aborted, ==, 1);
  g_assert_cmpint (cabine_agent_session_get_state (f->session), ==, CABINE_AGENT_STATE_DISASSOCIATED);
}

/* A variable observation without any value is refused: its FLOAT AVA becomes an attribute the
 * manager does not use (private id 0xF000, skipped), leaving only the time stamp. */
static void
test_variable_no_value (SessionFixture *f, gconstpointer data)
{
  g_autofree guint8 *d = g_memdup2 (thermo_var, sizeof thermo_var);

  d[36] = 0xF0;  /* attribute-id of the first AVA (offset 36) */
  d[37] = 0x00;
  fixture_associate (f, 0x0320, 0x13);
  fixture_feed (f, d, sizeof thermo_var, FALSE);
  g_assert_cmpuint (f->measurements->len, ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, fn) g_test_add ("/devices/reports/" path, SessionFixture, NULL, \
                                  fixture_setup, fn, fixture_teardown)
  ADD ("variable", test_variable);
  ADD ("multi-person", test_multi_person);
  ADD ("variable-bad-unit", test_variable_bad_unit);
  ADD ("variable-no-value", test_variable_no_value);
  return g_test_run ();
}
