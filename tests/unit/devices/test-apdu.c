/* test-apdu.c: the APDU codec against $CABINE_VECTORS_DIR/ieee11073 (see its README)
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-apdu"

#include <string.h>

#include "cabine-apdu.h"
#include "cabine-11073-config.h"
#include "vectors.h"

static CabineApdu *
decode_vector (const char *name)
{
  g_autoptr(GBytes) b = load_vector (name);
  g_autoptr(GError) error = NULL;
  gsize len;
  const guint8 *d = g_bytes_get_data (b, &len);
  CabineApdu *apdu = cabine_apdu_decode (d, len, &error);

  g_assert_no_error (error);
  g_assert_nonnull (apdu);
  return apdu;
}

static void
assert_bytes_equal (GBytes *actual, const char *vector)
{
  g_autoptr(GBytes) expected = load_vector (vector);
  gsize alen, elen;
  const guint8 *a = g_bytes_get_data (actual, &alen);
  const guint8 *e = g_bytes_get_data (expected, &elen);

  g_assert_cmpmem (a, alen, e, elen);
}

static void
test_aarq (void)
{
  g_autoptr(CabineApdu) ext = decode_vector ("bp-01-aarq");
  g_autoptr(CabineApdu) std = decode_vector ("bp-std-01-aarq");
  static const guint8 std_sysid[] = { 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x07 };

  g_assert_cmphex (ext->choice, ==, CABINE_APDU_AARQ);
  g_assert_true (ext->has_20601);
  g_assert_cmphex (ext->assoc_version, ==, CABINE_ASSOC_VERSION1);
  g_assert_true (ext->protocol_version & CABINE_PROTOCOL_VERSION1);
  g_assert_true (ext->encoding_rules & CABINE_ENCODING_MDER);
  g_assert_cmphex (ext->dev_config_id, ==, 0x4000);
  g_assert_cmphex (ext->system_type, ==, CABINE_SYS_TYPE_AGENT);
  g_assert_cmpuint (g_bytes_get_size (ext->system_id), ==, 8);

  g_assert_cmphex (std->dev_config_id, ==, CABINE_CONFIG_ID_BLOOD_PRESSURE);
  g_assert_cmpmem (g_bytes_get_data (std->system_id, NULL), 8, std_sysid, 8);
  g_assert_nonnull (cabine_11073_standard_config (std->dev_config_id));
  g_assert_null (cabine_11073_standard_config (ext->dev_config_id));
}

static void
test_aare (void)
{
  g_autoptr(CabineApdu) unknown = decode_vector ("bp-02-aare-accepted-unknown-config");
  g_autoptr(CabineApdu) accepted = decode_vector ("std-aare-accepted");
  g_autoptr(GBytes) enc_unknown = NULL, enc_accepted = NULL;

  g_assert_cmpuint (unknown->result, ==, CABINE_AARE_ACCEPTED_UNKNOWN_CONFIG);
  g_assert_cmpuint (accepted->result, ==, CABINE_AARE_ACCEPTED);
  g_assert_cmphex (accepted->system_type, ==, CABINE_SYS_TYPE_MANAGER);
  g_assert_cmphex (accepted->dev_config_id, ==, 0);

  /* byte-exact re-encoding with the manager system-id the vector carries */
  enc_unknown = cabine_apdu_encode_aare (CABINE_AARE_ACCEPTED_UNKNOWN_CONFIG,
                                         g_bytes_get_data (unknown->system_id, NULL));
  assert_bytes_equal (enc_unknown, "bp-02-aare-accepted-unknown-config");
  enc_accepted = cabine_apdu_encode_aare (CABINE_AARE_ACCEPTED,
                                          g_bytes_get_data (accepted->system_id, NULL));
  assert_bytes_equal (enc_accepted, "std-aare-accepted");
}

static void
test_config_report (void)
{
  g_autoptr(CabineApdu) report = decode_vector ("bp-03-config-report");
  g_autoptr(CabineApdu) rsp = decode_vector ("bp-04-config-response");
  g_autoptr(GBytes) enc = NULL;
  g_autoptr(GError) error = NULL;
  CabineDeviceConfig config;
  const CabineObjectSpec *bp, *pulse;

  g_assert_cmphex (report->data_choice, ==, CABINE_DATA_ROIV_CONFIRMED_EVENT_REPORT);
  g_assert_cmphex (report->event_type, ==, CABINE_MDC_NOTI_CONFIG);
  g_assert_cmphex (report->config_report_id, ==, 0x4000);
  g_assert_cmpuint (report->config_objects->len, ==, 3);

  g_assert_true (cabine_11073_config_from_report (report, &config, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (config.n_objects, ==, 3);
  bp = cabine_11073_config_find (&config, 1);
  g_assert_nonnull (bp);
  g_assert_cmphex (bp->type_code, ==, CABINE_MDC_PRESS_BLD_NONINV);
  g_assert_cmphex (bp->unit_code, ==, CABINE_MDC_DIM_MMHG);
  g_assert_cmpuint (bp->n_map, ==, 2);
  g_assert_cmphex (bp->map[0].attr_id, ==, CABINE_MDC_ATTR_NU_CMPD_VAL_OBS_BASIC);
  g_assert_cmpuint (bp->map[0].len, ==, 10);
  g_assert_cmphex (bp->map[1].attr_id, ==, CABINE_MDC_ATTR_TIME_STAMP_ABS);
  pulse = cabine_11073_config_find (&config, 2);
  g_assert_cmphex (pulse->type_code, ==, CABINE_MDC_PULS_RATE_NON_INV);
  g_assert_cmphex (pulse->unit_code, ==, CABINE_MDC_DIM_BEAT_PER_MIN);
  g_assert_cmphex (pulse->map[0].attr_id, ==, CABINE_MDC_ATTR_NU_VAL_OBS_BASIC);

  g_assert_cmphex (rsp->data_choice, ==, CABINE_DATA_RORS_CONFIRMED_EVENT_REPORT);
  g_assert_cmphex (rsp->config_report_id, ==, 0x4000);
  g_assert_cmpuint (rsp->config_result, ==, CABINE_CONFIG_ACCEPTED);
  enc = cabine_apdu_encode_config_response (report->invoke_id, report->event_time,
                                            report->config_report_id, CABINE_CONFIG_ACCEPTED);
  assert_bytes_equal (enc, "bp-04-config-response");
}

static void
test_scan_report_fixed (void)
{
  g_autoptr(CabineApdu) apdu = decode_vector ("bp-std-02-scan-report-fixed");
  const CabineDeviceConfig *config = cabine_11073_standard_config (CABINE_CONFIG_ID_BLOOD_PRESSURE);
  CabineDecodedValue v;
  g_autoptr(GError) error = NULL;

  g_assert_cmphex (apdu->event_type, ==, CABINE_MDC_NOTI_SCAN_REPORT_FIXED);
  g_assert_cmpuint (apdu->observations->len, ==, 2);

  for (guint i = 0; i < 2; i++)
    {
      const CabineObservation *obs = &g_array_index (apdu->observations, CabineObservation, i);
      const CabineObjectSpec *spec = cabine_11073_config_find (config, obs->handle);

      g_assert_nonnull (spec);
      g_assert_true (cabine_11073_decode_fixed (spec, obs, &v, &error));
      g_assert_no_error (error);
      g_assert_true (v.known_kind);
      g_assert_cmpint (v.status, ==, CABINE_MDER_NUMBER_VALID);
      g_assert_nonnull (v.time);
      g_assert_cmpint (g_date_time_get_year (v.time), ==, 2007);
      g_assert_cmpint (g_date_time_get_month (v.time), ==, 12);
      g_assert_cmpint (g_date_time_get_day_of_month (v.time), ==, 6);
      g_assert_cmpint (g_date_time_get_hour (v.time), ==, 12);
      g_assert_cmpint (g_date_time_get_minute (v.time), ==, 10);
      if (obs->handle == 1)
        {
          g_assert_cmpint (v.kind, ==, CABINE_MEASUREMENT_BLOOD_PRESSURE);
          g_assert_cmpuint (v.n_values, ==, 3);
          g_assert_true (v.values[0] == 120.0 && v.values[1] == 80.0 && v.values[2] == 100.0);
        }
      else
        {
          g_assert_cmpint (v.kind, ==, CABINE_MEASUREMENT_PULSE_RATE);
          g_assert_cmpuint (v.n_values, ==, 1);
          g_assert_true (v.values[0] == 60.0);
        }
      cabine_decoded_value_clear (&v);
    }
}

static void
test_event_report_response (void)
{
  g_autoptr(CabineApdu) apdu = decode_vector ("std-event-report-response");
  g_autoptr(GBytes) enc = NULL;

  g_assert_cmphex (apdu->invoke_id, ==, 0x4321);
  g_assert_cmphex (apdu->data_choice, ==, CABINE_DATA_RORS_CONFIRMED_EVENT_REPORT);
  g_assert_cmphex (apdu->event_type, ==, CABINE_MDC_NOTI_SCAN_REPORT_FIXED);
  enc = cabine_apdu_encode_event_report_response (0x4321, 0, 0, CABINE_MDC_NOTI_SCAN_REPORT_FIXED,
                                                  NULL, 0);
  assert_bytes_equal (enc, "std-event-report-response");
}

static void
test_get_mds (void)
{
  g_autoptr(CabineApdu) get = decode_vector ("std-get-mds");
  g_autoptr(CabineApdu) rsp = decode_vector ("std-get-mds-response");
  g_autoptr(GBytes) enc = cabine_apdu_encode_get_mds (0x3456);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) t = NULL;
  const CabineAva *a;

  g_assert_cmphex (get->data_choice, ==, CABINE_DATA_ROIV_GET);
  g_assert_cmphex (get->obj_handle, ==, 0);
  assert_bytes_equal (enc, "std-get-mds");

  g_assert_cmphex (rsp->data_choice, ==, CABINE_DATA_RORS_GET);
  g_assert_cmphex (rsp->invoke_id, ==, 0x3456);
  g_assert_cmpuint (rsp->attributes->len, ==, 6);
  a = cabine_apdu_find_ava (rsp->attributes, CABINE_MDC_ATTR_ID_MODEL);
  g_assert_nonnull (a);
  g_assert_cmpmem (a->value + 2, 10, "TheCompany", 10);
  a = cabine_apdu_find_ava (rsp->attributes, CABINE_MDC_ATTR_SYS_ID);
  g_assert_cmpmem (a->value + 2, 8, "\x88\x77\x66\x55\x44\x33\x22\x11", 8);
  a = cabine_apdu_find_ava (rsp->attributes, CABINE_MDC_ATTR_DEV_CONFIG_ID);
  g_assert_cmphex (a->value[0] << 8 | a->value[1], ==, 0x4000);
  a = cabine_apdu_find_ava (rsp->attributes, CABINE_MDC_ATTR_ID_PROD_SPECN);
  g_assert_cmpmem (a->value + 10, 8, "DE124567", 8);
  a = cabine_apdu_find_ava (rsp->attributes, CABINE_MDC_ATTR_TIME_ABS);
  t = cabine_mder_absolute_time_decode (a->value, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_date_time_get_year (t), ==, 2007);
  g_assert_cmpint (g_date_time_get_month (t), ==, 2);
  g_assert_cmpint (g_date_time_get_day_of_month (t), ==, 1);
  g_assert_cmpint (g_date_time_get_hour (t), ==, 12);
  g_assert_cmpint (g_date_time_get_minute (t), ==, 5);
}

static void
test_release_abort (void)
{
  g_autoptr(CabineApdu) rlrq = decode_vector ("std-rlrq");
  g_autoptr(CabineApdu) rlre = decode_vector ("std-rlre");
  g_autoptr(CabineApdu) undef = decode_vector ("std-abrt-undefined");
  g_autoptr(CabineApdu) timeout = decode_vector ("std-abrt-config-timeout");
  g_autoptr(GBytes) e1 = cabine_apdu_encode_rlrq (CABINE_RELEASE_NORMAL);
  g_autoptr(GBytes) e2 = cabine_apdu_encode_rlre (CABINE_RELEASE_NORMAL);
  g_autoptr(GBytes) e3 = cabine_apdu_encode_abrt (CABINE_ABORT_UNDEFINED);
  g_autoptr(GBytes) e4 = cabine_apdu_encode_abrt (CABINE_ABORT_CONFIG_TIMEOUT);

  g_assert_cmphex (rlrq->choice, ==, CABINE_APDU_RLRQ);
  g_assert_cmphex (rlre->choice, ==, CABINE_APDU_RLRE);
  g_assert_cmpuint (rlrq->reason, ==, CABINE_RELEASE_NORMAL);
  g_assert_cmpuint (undef->reason, ==, CABINE_ABORT_UNDEFINED);
  g_assert_cmpuint (timeout->reason, ==, CABINE_ABORT_CONFIG_TIMEOUT);
  assert_bytes_equal (e1, "std-rlrq");
  assert_bytes_equal (e2, "std-rlre");
  assert_bytes_equal (e3, "std-abrt-undefined");
  assert_bytes_equal (e4, "std-abrt-config-timeout");
}

/* Every strict prefix of every vector is an error, never a crash; so is one extra byte. */
static void
test_truncations (void)
{
  for (guint v = 0; v < G_N_ELEMENTS (all_vectors); v++)
    {
      g_autoptr(GBytes) b = load_vector (all_vectors[v]);
      gsize len;
      const guint8 *d = g_bytes_get_data (b, &len);
      g_autofree guint8 *longer = g_malloc (len + 1);

      for (gsize n = 0; n < len; n++)
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(CabineApdu) apdu = cabine_apdu_decode (d, n, &error);

          if (apdu != NULL)
            g_error ("%s truncated to %" G_GSIZE_FORMAT " bytes decoded", all_vectors[v], n);
          g_assert_error (error, CABINE_MDER_ERROR, error->code);
          g_assert_nonnull (strstr (error->message, "offset "));
        }
      memcpy (longer, d, len);
      longer[len] = 0;
      {
        g_autoptr(GError) error = NULL;
        g_autoptr(CabineApdu) apdu = cabine_apdu_decode (longer, len + 1, &error);
        g_assert_null (apdu);
        g_assert_error (error, CABINE_MDER_ERROR, CABINE_MDER_ERROR_BAD_LENGTH);
      }
    }
}

/* Inner lengths that lie (both the APDU length and an inner length adjusted) give errors that
 * name the offset; and any single corrupted byte never crashes. */
static void
test_corruptions (void)
{
  g_autoptr(GBytes) b = load_vector ("bp-std-02-scan-report-fixed");
  gsize len;
  const guint8 *d = g_bytes_get_data (b, &len);
  g_autofree guint8 *copy = g_memdup2 (d, len);
  g_autoptr(GError) error = NULL;
  g_autoptr(CabineApdu) apdu = NULL;

  /* the event-info length (offset 20) one too long */
  copy[21]++;
  apdu = cabine_apdu_decode (copy, len, &error);
  g_assert_null (apdu);
  g_assert_error (error, CABINE_MDER_ERROR, CABINE_MDER_ERROR_BAD_LENGTH);
  g_assert_nonnull (strstr (error->message, "offset 22"));
  g_clear_error (&error);

  /* an unknown APDU choice */
  memcpy (copy, d, len);
  copy[0] = 0xE8;
  apdu = cabine_apdu_decode (copy, len, &error);
  g_assert_null (apdu);
  g_assert_error (error, CABINE_MDER_ERROR, CABINE_MDER_ERROR_BAD_VALUE);
  g_clear_error (&error);

  for (guint v = 0; v < G_N_ELEMENTS (all_vectors); v++)
    {
      g_autoptr(GBytes) vb = load_vector (all_vectors[v]);
      gsize vlen;
      const guint8 *vd = g_bytes_get_data (vb, &vlen);
      g_autofree guint8 *c = g_memdup2 (vd, vlen);

      for (gsize i = 0; i < vlen; i++)
        for (guint x = 1; x < 256; x <<= 1)
          {
            g_autoptr(GError) e = NULL;
            g_autoptr(CabineApdu) a = NULL;

            c[i] ^= (guint8) x;
            a = cabine_apdu_decode (c, vlen, &e);
            g_assert_true ((a == NULL) == (e != NULL));
            c[i] ^= (guint8) x;
          }
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/devices/apdu/aarq", test_aarq);
  g_test_add_func ("/devices/apdu/aare", test_aare);
  g_test_add_func ("/devices/apdu/config-report", test_config_report);
  g_test_add_func ("/devices/apdu/scan-report-fixed", test_scan_report_fixed);
  g_test_add_func ("/devices/apdu/event-report-response", test_event_report_response);
  g_test_add_func ("/devices/apdu/get-mds", test_get_mds);
  g_test_add_func ("/devices/apdu/release-abort", test_release_abort);
  g_test_add_func ("/devices/apdu/truncations", test_truncations);
  g_test_add_func ("/devices/apdu/corruptions", test_corruptions);
  return g_test_run ();
}
