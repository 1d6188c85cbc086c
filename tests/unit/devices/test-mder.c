/* test-mder.c: MDER FLOAT/SFLOAT, AbsoluteTime and the bounds-checked reader
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-mder"

#include "cabine-mder.h"

#include <string.h>

static void
test_float (void)
{
  double v = -1;

  /* 0xFF00016B: exponent -1, mantissa 363 → 36.3 exactly as the double nearest 36.3 */
  g_assert_cmpint (cabine_mder_float_decode (0xFF00016B, &v), ==, CABINE_MDER_NUMBER_VALID);
  g_assert_true (v == 36.3);
  /* exponent -2, mantissa 3795 → 37.95 */
  g_assert_cmpint (cabine_mder_float_decode (0xFE000ED3, &v), ==, CABINE_MDER_NUMBER_VALID);
  g_assert_true (v == 37.95);
  /* negative mantissa -5 (0xFFFFFB), exponent 0 */
  g_assert_cmpint (cabine_mder_float_decode (0x00FFFFFB, &v), ==, CABINE_MDER_NUMBER_VALID);
  g_assert_true (v == -5.0);
  /* positive exponent: 12 × 10^3 */
  g_assert_cmpint (cabine_mder_float_decode (0x0300000C, &v), ==, CABINE_MDER_NUMBER_VALID);
  g_assert_true (v == 12000.0);
  /* largest negative exponent, mantissa 1 */
  g_assert_cmpint (cabine_mder_float_decode (0x80000001, &v), ==, CABINE_MDER_NUMBER_VALID);
  g_assert_cmpfloat (v, >, 0.0);

  /* reserved values are never numbers (20601 F.6) */
  g_assert_cmpint (cabine_mder_float_decode (0x007FFFFF, &v), ==, CABINE_MDER_NUMBER_NAN);
  g_assert_true (v == 0.0);
  g_assert_cmpint (cabine_mder_float_decode (0x00800000, &v), ==, CABINE_MDER_NUMBER_NRES);
  g_assert_cmpint (cabine_mder_float_decode (0x007FFFFE, &v), ==, CABINE_MDER_NUMBER_POS_INF);
  g_assert_cmpint (cabine_mder_float_decode (0x00800002, &v), ==, CABINE_MDER_NUMBER_NEG_INF);
  g_assert_cmpint (cabine_mder_float_decode (0x00800001, &v), ==, CABINE_MDER_NUMBER_RESERVED);
  g_assert_cmpint (cabine_mder_float_decode (0xFF7FFFFF, NULL), ==, CABINE_MDER_NUMBER_NAN);
}

static void
test_float_encode (void)
{
  guint32 raw;
  double v;

  g_assert_true (cabine_mder_float_encode (379, -1, &raw));
  g_assert_cmphex (raw, ==, 0xFF00017B);
  g_assert_true (cabine_mder_float_encode (-42, 2, &raw));
  g_assert_cmpint (cabine_mder_float_decode (raw, &v), ==, CABINE_MDER_NUMBER_VALID);
  g_assert_true (v == -4200.0);
  g_assert_false (cabine_mder_float_encode (0x7FFFFF, 0, &raw));   /* NaN mantissa */
  g_assert_false (cabine_mder_float_encode (1, 128, &raw));
}

static void
test_sfloat (void)
{
  double v;

  /* 0xF258: exponent -1, mantissa 600 → 60.0 (README: pulse of the bp-std-02 vector) */
  g_assert_cmpint (cabine_mder_sfloat_decode (0xF258, &v), ==, CABINE_MDER_NUMBER_VALID);
  g_assert_true (v == 60.0);
  g_assert_cmpint (cabine_mder_sfloat_decode (0x0078, &v), ==, CABINE_MDER_NUMBER_VALID);
  g_assert_true (v == 120.0);
  /* exponent -2, mantissa -1 (0xFFF) → -0.01 */
  g_assert_cmpint (cabine_mder_sfloat_decode (0xEFFF, &v), ==, CABINE_MDER_NUMBER_VALID);
  g_assert_true (v == -0.01);
  /* exponent +1, mantissa 5 → 50 */
  g_assert_cmpint (cabine_mder_sfloat_decode (0x1005, &v), ==, CABINE_MDER_NUMBER_VALID);
  g_assert_true (v == 50.0);
  g_assert_cmpint (cabine_mder_sfloat_decode (0x07FF, &v), ==, CABINE_MDER_NUMBER_NAN);
  g_assert_cmpint (cabine_mder_sfloat_decode (0x0800, &v), ==, CABINE_MDER_NUMBER_NRES);
  g_assert_cmpint (cabine_mder_sfloat_decode (0x07FE, &v), ==, CABINE_MDER_NUMBER_POS_INF);
  g_assert_cmpint (cabine_mder_sfloat_decode (0x0802, &v), ==, CABINE_MDER_NUMBER_NEG_INF);
  g_assert_cmpint (cabine_mder_sfloat_decode (0x0801, &v), ==, CABINE_MDER_NUMBER_RESERVED);
}

static void
test_time_valid (void)
{
  static const guint8 t[] = { 0x20, 0x07, 0x12, 0x06, 0x12, 0x10, 0x00, 0x50 };
  static const guint8 leap[] = { 0x20, 0x24, 0x02, 0x29, 0x23, 0x59, 0x59, 0x99 };
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) dt = cabine_mder_absolute_time_decode (t, utc, &error);
  g_autoptr(GDateTime) dt2 = NULL;
  guint8 back[8];

  g_assert_no_error (error);
  g_assert_cmpint (g_date_time_get_year (dt), ==, 2007);
  g_assert_cmpint (g_date_time_get_month (dt), ==, 12);
  g_assert_cmpint (g_date_time_get_day_of_month (dt), ==, 6);
  g_assert_cmpint (g_date_time_get_hour (dt), ==, 12);
  g_assert_cmpint (g_date_time_get_minute (dt), ==, 10);
  g_assert_cmpint (g_date_time_get_second (dt), ==, 0);
  g_assert_cmpint (g_date_time_get_microsecond (dt) / 10000, ==, 50);
  cabine_mder_absolute_time_encode (dt, back);
  g_assert_cmpmem (back, 8, t, 8);

  dt2 = cabine_mder_absolute_time_decode (leap, utc, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_date_time_get_day_of_month (dt2), ==, 29);
}

static void
test_time_invalid (void)
{
  static const guint8 bad[][8] = {
    { 0x20, 0x0A, 0x12, 0x06, 0x12, 0x10, 0x00, 0x00 }, /* year nibble A */
    { 0x20, 0x07, 0x13, 0x06, 0x12, 0x10, 0x00, 0x00 }, /* month 13 */
    { 0x20, 0x07, 0x00, 0x06, 0x12, 0x10, 0x00, 0x00 }, /* month 0 */
    { 0x20, 0x23, 0x02, 0x29, 0x12, 0x10, 0x00, 0x00 }, /* 29 Feb 2023 */
    { 0x20, 0x07, 0x04, 0x31, 0x12, 0x10, 0x00, 0x00 }, /* 31 April */
    { 0x20, 0x07, 0x12, 0x06, 0x24, 0x10, 0x00, 0x00 }, /* hour 24 */
    { 0x20, 0x07, 0x12, 0x06, 0x12, 0x60, 0x00, 0x00 }, /* minute 60 */
    { 0x20, 0x07, 0x12, 0x06, 0x12, 0x10, 0x60, 0x00 }, /* second 60 */
    { 0x20, 0x07, 0x12, 0x06, 0x12, 0x10, 0x00, 0xF0 }, /* fraction nibble F */
    { 0x00, 0x00, 0x12, 0x06, 0x12, 0x10, 0x00, 0x00 }, /* year 0 */
  };
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GDateTime) dt = cabine_mder_absolute_time_decode (bad[i], utc, &error);

      g_assert_null (dt);
      g_assert_error (error, CABINE_MDER_ERROR, CABINE_MDER_ERROR_BAD_TIME);
    }
}

static void
test_reader (void)
{
  static const guint8 d[] = { 0x12, 0x34, 0x56, 0x78, 0x9A };
  CabineMderReader r, sub;
  guint16 u16;
  guint32 u32;
  guint8 u8;
  g_autoptr(GError) error = NULL;

  cabine_mder_reader_init (&r, d, sizeof d, 10);
  g_assert_true (cabine_mder_reader_u16 (&r, "a", &u16, &error));
  g_assert_cmphex (u16, ==, 0x1234);
  g_assert_false (cabine_mder_reader_u32 (&r, "b", &u32, &error));
  g_assert_error (error, CABINE_MDER_ERROR, CABINE_MDER_ERROR_TRUNCATED);
  g_assert_nonnull (strstr (error->message, "offset 12"));
  g_assert_nonnull (strstr (error->message, "b"));
  g_clear_error (&error);
  g_assert_cmpuint (cabine_mder_reader_offset (&r), ==, 12);  /* unchanged on error */
  g_assert_false (cabine_mder_reader_sub (&r, 4, "c", &sub, &error));
  g_assert_error (error, CABINE_MDER_ERROR, CABINE_MDER_ERROR_BAD_LENGTH);
  g_clear_error (&error);
  g_assert_true (cabine_mder_reader_sub (&r, 2, "c", &sub, &error));
  g_assert_cmpuint (cabine_mder_reader_offset (&sub), ==, 12);
  g_assert_true (cabine_mder_reader_u8 (&sub, "d", &u8, &error));
  g_assert_cmphex (u8, ==, 0x56);
  g_assert_false (cabine_mder_reader_expect_end (&sub, "e", &error));
  g_assert_error (error, CABINE_MDER_ERROR, CABINE_MDER_ERROR_BAD_LENGTH);
  g_clear_error (&error);
  g_assert_true (cabine_mder_reader_u8 (&r, "f", &u8, &error));
  g_assert_cmphex (u8, ==, 0x9A);
  g_assert_true (cabine_mder_reader_expect_end (&r, "g", &error));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/devices/mder/float", test_float);
  g_test_add_func ("/devices/mder/float-encode", test_float_encode);
  g_test_add_func ("/devices/mder/sfloat", test_sfloat);
  g_test_add_func ("/devices/mder/time-valid", test_time_valid);
  g_test_add_func ("/devices/mder/time-invalid", test_time_invalid);
  g_test_add_func ("/devices/mder/reader", test_reader);
  return g_test_run ();
}
