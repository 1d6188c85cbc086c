/* test-grouped.c: grouped scan reports of configurable scanners (IEEE 11073-20601 6.3.9–6.3.11)
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The APDUs are built here from the MDER rules (20601 Annex F: big-endian, every SEQUENCE OF as
 * count + length, every OCTET STRING as length + bytes) and the ASN.1 of Annex A
 * (ConfigReport, HandleAttrValMap, ScanReportInfoGrouped, ScanReportInfoMPGrouped); the public
 * Antidote vectors are checked through the CLI in test-public-vectors.c.
 */
#define G_LOG_DOMAIN "test-grouped"

#include "session-fixture.h"

/* ---- a small MDER writer ---- */

static void
put16 (GByteArray *b, guint16 v)
{
  guint8 d[2] = { v >> 8, v & 0xFF };
  g_byte_array_append (b, d, 2);
}

static void
put32 (GByteArray *b, guint32 v)
{
  put16 (b, v >> 16);
  put16 (b, v & 0xFFFF);
}

/* opens a length field; close_len() writes the number of bytes appended since */
static guint
open_len (GByteArray *b)
{
  put16 (b, 0);
  return b->len;
}

static void
close_len (GByteArray *b, guint at)
{
  guint16 len = (guint16) (b->len - at);
  b->data[at - 2] = len >> 8;
  b->data[at - 1] = len & 0xFF;
}

static void
put_map_entry (GByteArray *b, guint16 attr, guint16 len)
{
  put16 (b, attr);
  put16 (b, len);
}

/* PRST { invoke-id, @choice { obj-handle, event-time, event-type, event-info } }: returns the
 * position of the event-info length to close after filling it. */
static GByteArray *
start_report (guint16 invoke, guint16 choice, guint16 handle, guint16 event, guint *prst,
              guint *octets, guint *body, guint *info)
{
  GByteArray *b = g_byte_array_new ();

  put16 (b, CABINE_APDU_PRST);
  *prst = open_len (b);
  *octets = open_len (b);
  put16 (b, invoke);
  put16 (b, choice);
  *body = open_len (b);
  put16 (b, handle);
  put32 (b, 0x00001234);   /* event-time */
  put16 (b, event);
  *info = open_len (b);
  return b;
}

static GBytes *
finish_report (GByteArray *b, guint prst, guint octets, guint body, guint info)
{
  close_len (b, info);
  close_len (b, body);
  close_len (b, octets);
  close_len (b, prst);
  return g_byte_array_free_to_bytes (b);
}

#define CONFIG_ID 0x4321
#define SCANNER 0x0050

/* MDC_NOTI_CONFIG: numeric 1 (body temperature °C, map simple-nu FLOAT + absolute time), numeric
 * 2 (body mass kg, map simple-nu), episodic scanner SCANNER mapping 1 then 2 with the same maps
 * and, with @bad_handle, a third entry naming a handle that is not in the configuration. */
static GBytes *
config_report (gboolean bad_handle)
{
  guint prst, octets, body, info, list, attrs, val, map, hmap, entry;
  GByteArray *b = start_report (0x0001, CABINE_DATA_ROIV_CONFIRMED_EVENT_REPORT, 0,
                                CABINE_MDC_NOTI_CONFIG, &prst, &octets, &body, &info);
  const struct { guint16 handle, type, unit; gboolean time; } numerics[] = {
    { 1, CABINE_MDC_TEMP_BODY, CABINE_MDC_DIM_DEGC, TRUE },
    { 2, CABINE_MDC_MASS_BODY_ACTUAL, CABINE_MDC_DIM_KILO_G, FALSE },
  };

  put16 (b, CONFIG_ID);
  put16 (b, 3);                              /* config-obj-list count */
  list = open_len (b);
  for (guint i = 0; i < G_N_ELEMENTS (numerics); i++)
    {
      put16 (b, CABINE_MDC_MOC_VMO_METRIC_NU);
      put16 (b, numerics[i].handle);
      put16 (b, 3);                          /* attributes count */
      attrs = open_len (b);
      put16 (b, CABINE_MDC_ATTR_ID_TYPE);
      val = open_len (b);
      put16 (b, CABINE_MDC_PART_SCADA);
      put16 (b, numerics[i].type);
      close_len (b, val);
      put16 (b, CABINE_MDC_ATTR_UNIT_CODE);
      val = open_len (b);
      put16 (b, numerics[i].unit);
      close_len (b, val);
      put16 (b, CABINE_MDC_ATTR_ATTRIBUTE_VAL_MAP);
      val = open_len (b);
      put16 (b, numerics[i].time ? 2 : 1);
      map = open_len (b);
      put_map_entry (b, CABINE_MDC_ATTR_NU_VAL_OBS_SIMP, 4);
      if (numerics[i].time)
        put_map_entry (b, CABINE_MDC_ATTR_TIME_STAMP_ABS, 8);
      close_len (b, map);
      close_len (b, val);
      close_len (b, attrs);
    }
  put16 (b, CABINE_MDC_MOC_SCAN_CFG_EPI);
  put16 (b, SCANNER);
  put16 (b, 3);
  attrs = open_len (b);
  put16 (b, CABINE_MDC_ATTR_OP_STAT);
  val = open_len (b);
  put16 (b, 0);                              /* disabled */
  close_len (b, val);
  put16 (b, CABINE_MDC_ATTR_CONFIRM_MODE);
  val = open_len (b);
  put16 (b, 1);                              /* confirmed */
  close_len (b, val);
  put16 (b, CABINE_MDC_ATTR_SCAN_HANDLE_ATTR_VAL_MAP);
  val = open_len (b);
  put16 (b, bad_handle ? 3 : 2);
  hmap = open_len (b);
  for (guint i = 0; i < (bad_handle ? 3u : 2u); i++)
    {
      put16 (b, i < 2 ? numerics[i].handle : 9);
      put16 (b, i == 0 ? 2 : 1);
      entry = open_len (b);
      put_map_entry (b, CABINE_MDC_ATTR_NU_VAL_OBS_SIMP, 4);
      if (i == 0)
        put_map_entry (b, CABINE_MDC_ATTR_TIME_STAMP_ABS, 8);
      close_len (b, entry);
    }
  close_len (b, hmap);
  close_len (b, val);
  close_len (b, attrs);
  close_len (b, list);
  return finish_report (b, prst, octets, body, info);
}

/* The scanner's octets for one person: 37.2 °C (FLOAT 0xFF000174) at 2026-11-29 10:30:00.00
 * (BCD), then 72.5 + @person kg (FLOAT exponent -1). @truncate drops the last byte. */
static void
put_group (GByteArray *b, guint person, gboolean truncate)
{
  static const guint8 time[8] = { 0x20, 0x26, 0x11, 0x29, 0x10, 0x30, 0x00, 0x00 };
  guint group = open_len (b);

  put32 (b, 0xFF000174);
  g_byte_array_append (b, time, sizeof time);
  put32 (b, 0xFF000000 | (725 + 10 * person));
  if (truncate)
    g_byte_array_set_size (b, b->len - 1);
  close_len (b, group);
}

static GBytes *
grouped_report (guint16 invoke, gboolean confirmed, gboolean multi_person, guint16 handle,
                gboolean truncate)
{
  guint prst, octets, body, info, list;
  GByteArray *b = start_report (invoke, confirmed ? CABINE_DATA_ROIV_CONFIRMED_EVENT_REPORT
                                                  : CABINE_DATA_ROIV_EVENT_REPORT, handle,
                                multi_person ? CABINE_MDC_NOTI_UNBUF_SCAN_REPORT_MP_GROUPED
                                             : CABINE_MDC_NOTI_UNBUF_SCAN_REPORT_GROUPED,
                                &prst, &octets, &body, &info);

  put16 (b, 0xF000);                         /* data-req-id: agent-initiated */
  put16 (b, 7);                              /* scan-report-no */
  if (!multi_person)
    {
      put16 (b, 1);                          /* obs-scan-grouped count */
      list = open_len (b);
      put_group (b, 0, truncate);
    }
  else
    {
      put16 (b, 2);                          /* scan-per-grouped count */
      list = open_len (b);
      for (guint person = 1; person <= 2; person++)
        {
          put16 (b, person);
          put_group (b, person, truncate);
        }
    }
  close_len (b, list);
  return finish_report (b, prst, octets, body, info);
}

static void
feed_bytes (SessionFixture *f, GBytes *b, gboolean ok)
{
  fixture_feed (f, g_bytes_get_data (b, NULL), g_bytes_get_size (b), ok);
}

static void
configure (SessionFixture *f)
{
  g_autoptr(GBytes) config = config_report (FALSE);
  g_autoptr(CabineApdu) rsp = NULL;

  fixture_associate (f, CONFIG_ID, 0x31);
  g_assert_cmpint (cabine_agent_session_get_state (f->session), ==, CABINE_AGENT_STATE_CONFIGURING);
  feed_bytes (f, config, TRUE);
  /* the config response, then the GET of the MDS sent on entering Operating */
  g_assert_cmpuint (f->sent->len, ==, 3);
  g_ptr_array_set_size (f->sent, 2);
  rsp = fixture_last_sent (f);
  g_assert_cmpuint (rsp->data_choice, ==, CABINE_DATA_RORS_CONFIRMED_EVENT_REPORT);
  g_assert_cmpuint (rsp->config_result, ==, CABINE_CONFIG_ACCEPTED);
  g_assert_cmpint (cabine_agent_session_get_state (f->session), ==, CABINE_AGENT_STATE_OPERATING);
  g_ptr_array_set_size (f->sent, 0);
}

static void
assert_pair (SessionFixture *f, guint first, guint16 person)
{
  CabineMeasurement *t = g_ptr_array_index (f->measurements, first);
  CabineMeasurement *w = g_ptr_array_index (f->measurements, first + 1);
  GDateTime *time = cabine_measurement_get_device_time (t);

  g_assert_cmpint (cabine_measurement_get_kind (t), ==, CABINE_MEASUREMENT_BODY_TEMPERATURE);
  g_assert_cmpfloat_with_epsilon (cabine_measurement_get_value (t), 37.2, 1e-9);
  g_assert_cmpuint (cabine_measurement_get_handle (t), ==, 1);
  g_assert_cmpuint (cabine_measurement_get_person_id (t), ==, person);
  g_assert_nonnull (time);
  g_assert_cmpint (g_date_time_get_year (time), ==, 2026);
  g_assert_cmpint (g_date_time_get_hour (time), ==, 10);
  g_assert_cmpint (g_date_time_get_minute (time), ==, 30);
  g_assert_cmpint (cabine_measurement_get_kind (w), ==, CABINE_MEASUREMENT_BODY_WEIGHT);
  g_assert_cmpfloat_with_epsilon (cabine_measurement_get_value (w),
                                  72.5 + (person == 0xFFFF ? 0 : person), 1e-9);
  g_assert_cmpuint (cabine_measurement_get_handle (w), ==, 2);
  g_assert_null (cabine_measurement_get_device_time (w));
  g_assert_cmpuint (cabine_measurement_get_dev_config_id (w), ==, CONFIG_ID);
}

static void
test_confirmed (SessionFixture *f, gconstpointer data)
{
  g_autoptr(GBytes) report = grouped_report (0x0042, TRUE, FALSE, SCANNER, FALSE);
  /* rors-cmip-confirmed-event-report (A.10.3): invoke-id echoed, obj-handle = the scanner,
   * currentTime = the event-time, event-type echoed, empty event-reply-info */
  static const guint8 expected[] = { 0xE7, 0x00, 0x00, 0x12, 0x00, 0x10, 0x00, 0x42, 0x02, 0x01,
                                     0x00, 0x0A, 0x00, 0x50, 0x00, 0x00, 0x12, 0x34, 0x0D, 0x24,
                                     0x00, 0x00 };

  configure (f);
  feed_bytes (f, report, TRUE);
  g_assert_cmpuint (f->sent->len, ==, 1);
  g_assert_cmpmem (g_bytes_get_data (g_ptr_array_index (f->sent, 0), NULL),
                   g_bytes_get_size (g_ptr_array_index (f->sent, 0)), expected, sizeof expected);
  g_assert_cmpuint (f->measurements->len, ==, 2);
  assert_pair (f, 0, 0xFFFF);
}

static void
test_unconfirmed_multi_person (SessionFixture *f, gconstpointer data)
{
  g_autoptr(GBytes) report = grouped_report (0x0043, FALSE, TRUE, SCANNER, FALSE);

  configure (f);
  feed_bytes (f, report, TRUE);
  g_assert_cmpuint (f->sent->len, ==, 0);   /* roiv-cmip-event-report: no answer */
  g_assert_cmpuint (f->measurements->len, ==, 4);
  assert_pair (f, 0, 1);
  assert_pair (f, 2, 2);
}

static void
test_bad_length (SessionFixture *f, gconstpointer data)
{
  g_autoptr(GBytes) report = grouped_report (0x0044, TRUE, TRUE, SCANNER, TRUE);
  g_autoptr(CabineApdu) abrt = NULL;
  g_autoptr(GError) error = NULL;

  configure (f);
  g_assert_false (cabine_agent_session_receive (f->session, g_bytes_get_data (report, NULL),
                                                g_bytes_get_size (report), &error));
  g_assert_error (error, CABINE_MDER_ERROR, CABINE_MDER_ERROR_BAD_LENGTH);
  g_assert_nonnull (strstr (error->message, "Scan-Handle-Attr-Val-Map"));
  g_assert_cmpuint (f->measurements->len, ==, 0);  /* nothing stored from a bad report */
  abrt = fixture_last_sent (f);
  g_assert_cmpuint (abrt->choice, ==, CABINE_APDU_ABRT);
}

static void
test_not_a_scanner (SessionFixture *f, gconstpointer data)
{
  g_autoptr(GBytes) report = grouped_report (0x0045, TRUE, FALSE, SCANNER + 1, FALSE);
  g_autoptr(GError) error = NULL;

  configure (f);
  g_assert_false (cabine_agent_session_receive (f->session, g_bytes_get_data (report, NULL),
                                                g_bytes_get_size (report), &error));
  g_assert_error (error, CABINE_MDER_ERROR, CABINE_MDER_ERROR_BAD_VALUE);
  g_assert_cmpuint (f->measurements->len, ==, 0);
  g_assert_cmpint (cabine_agent_session_get_state (f->session), ==,
                   CABINE_AGENT_STATE_DISASSOCIATED);
}

static void
test_scanner_unknown_handle (SessionFixture *f, gconstpointer data)
{
  g_autoptr(GBytes) config = config_report (TRUE);
  g_autoptr(CabineApdu) rsp = NULL;

  fixture_associate (f, CONFIG_ID, 0x32);
  feed_bytes (f, config, TRUE);
  rsp = fixture_last_sent (f);
  g_assert_cmpuint (rsp->config_result, ==, CABINE_CONFIG_UNSUPPORTED);
  g_assert_cmpint (cabine_agent_session_get_state (f->session), ==, CABINE_AGENT_STATE_CONFIGURING);
}

static void
test_config_split (void)
{
  g_autoptr(GBytes) bytes = config_report (FALSE);
  g_autoptr(GBytes) report = grouped_report (1, TRUE, FALSE, SCANNER, FALSE);
  g_autoptr(GError) error = NULL;
  g_autoptr(CabineApdu) config_apdu = cabine_apdu_decode (g_bytes_get_data (bytes, NULL),
                                                          g_bytes_get_size (bytes), &error);
  g_autoptr(CabineApdu) apdu = NULL;
  CabineDeviceConfig config;
  CabineObservation parts[CABINE_MAX_OBJECTS];
  CabineObjectSpec specs[CABINE_MAX_OBJECTS];
  guint n;

  g_assert_no_error (error);
  g_assert_true (cabine_11073_config_from_report (config_apdu, &config, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (config.n_objects, ==, 2);
  g_assert_cmpuint (config.n_scanners, ==, 1);
  g_assert_cmpuint (config.scanners[0].obj_class, ==, CABINE_MDC_MOC_SCAN_CFG_EPI);
  g_assert_cmpuint (config.scanners[0].confirm_mode, ==, 1);
  g_assert_cmpuint (config.scanners[0].n_entries, ==, 2);

  apdu = cabine_apdu_decode (g_bytes_get_data (report, NULL), g_bytes_get_size (report), &error);
  g_assert_no_error (error);
  g_assert_cmpint (apdu->scan_format, ==, CABINE_SCAN_FORMAT_GROUPED);
  g_assert_false (apdu->multi_person);
  g_assert_cmpuint (apdu->observations->len, ==, 1);
  g_assert_true (cabine_11073_config_split_grouped (&config, &g_array_index (apdu->observations,
                                                                             CabineObservation, 0),
                                                    parts, specs, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpuint (parts[0].handle, ==, 1);
  g_assert_cmpuint (parts[0].len, ==, 12);
  g_assert_cmpuint (parts[1].handle, ==, 2);
  g_assert_cmpuint (parts[1].len, ==, 4);
  g_assert_cmpuint (specs[1].type_code, ==, CABINE_MDC_MASS_BODY_ACTUAL);
}

static void
test_scan_formats (void)
{
  static const struct { guint16 type; CabineScanFormat format; gboolean mp; } cases[] = {
    { CABINE_MDC_NOTI_SCAN_REPORT_FIXED, CABINE_SCAN_FORMAT_FIXED, FALSE },
    { CABINE_MDC_NOTI_SCAN_REPORT_VAR, CABINE_SCAN_FORMAT_VAR, FALSE },
    { CABINE_MDC_NOTI_SCAN_REPORT_MP_FIXED, CABINE_SCAN_FORMAT_FIXED, TRUE },
    { CABINE_MDC_NOTI_SCAN_REPORT_MP_VAR, CABINE_SCAN_FORMAT_VAR, TRUE },
    { 0x0D22, CABINE_SCAN_FORMAT_VAR, FALSE }, { 0x0D23, CABINE_SCAN_FORMAT_FIXED, FALSE },
    { 0x0D24, CABINE_SCAN_FORMAT_GROUPED, FALSE }, { 0x0D25, CABINE_SCAN_FORMAT_VAR, TRUE },
    { 0x0D26, CABINE_SCAN_FORMAT_FIXED, TRUE }, { 0x0D27, CABINE_SCAN_FORMAT_GROUPED, TRUE },
    { 0x0D28, CABINE_SCAN_FORMAT_VAR, FALSE }, { 0x0D29, CABINE_SCAN_FORMAT_FIXED, FALSE },
    { 0x0D2A, CABINE_SCAN_FORMAT_GROUPED, FALSE }, { 0x0D2B, CABINE_SCAN_FORMAT_VAR, TRUE },
    { 0x0D2C, CABINE_SCAN_FORMAT_FIXED, TRUE }, { 0x0D2D, CABINE_SCAN_FORMAT_GROUPED, TRUE },
    { CABINE_MDC_NOTI_CONFIG, CABINE_SCAN_FORMAT_NONE, FALSE },
    { 0x0D21 /* MDC_NOTI_SEGMENT_DATA */, CABINE_SCAN_FORMAT_NONE, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gboolean mp = !cases[i].mp;

      g_assert_cmpint (cabine_apdu_scan_format (cases[i].type, &mp), ==, cases[i].format);
      g_assert_cmpint (mp, ==, cases[i].mp);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, fn) \
  g_test_add ("/devices/grouped/" path, SessionFixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("confirmed", test_confirmed);
  ADD ("unconfirmed-multi-person", test_unconfirmed_multi_person);
  ADD ("bad-length", test_bad_length);
  ADD ("not-a-scanner", test_not_a_scanner);
  ADD ("scanner-unknown-handle", test_scanner_unknown_handle);
#undef ADD
  g_test_add_func ("/devices/grouped/config-split", test_config_split);
  g_test_add_func ("/devices/grouped/scan-formats", test_scan_formats);
  return g_test_run ();
}
