/* cabine-mder.c: IEEE 11073-20601 MDER primitives
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "cabine-mder"

#include "cabine-mder.h"

G_DEFINE_QUARK (cabine-mder-error-quark, cabine_mder_error)

static double
scale10 (gint32 mantissa, int exponent)
{
  double p = 1.0;
  int e = ABS (exponent);

  for (int i = 0; i < e; i++)
    p *= 10.0;
  /* Division for negative exponents: 363 / 10 is the double nearest to 36.3, 363 * 0.1 is not. */
  return exponent < 0 ? (double) mantissa / p : (double) mantissa * p;
}

CabineMderNumberStatus
cabine_mder_float_decode (guint32 raw, double *value)
{
  guint32 m = raw & 0xFFFFFF;
  gint8 exponent = (gint8) (raw >> 24);
  gint32 mantissa;

  if (value)
    *value = 0.0;

  switch (m)
    {
    case 0x7FFFFF: return CABINE_MDER_NUMBER_NAN;
    case 0x800000: return CABINE_MDER_NUMBER_NRES;
    case 0x7FFFFE: return CABINE_MDER_NUMBER_POS_INF;
    case 0x800002: return CABINE_MDER_NUMBER_NEG_INF;
    case 0x800001: return CABINE_MDER_NUMBER_RESERVED;
    default: break;
    }

  mantissa = (m & 0x800000) ? (gint32) m - 0x1000000 : (gint32) m;
  if (value)
    *value = scale10 (mantissa, exponent);
  return CABINE_MDER_NUMBER_VALID;
}

CabineMderNumberStatus
cabine_mder_sfloat_decode (guint16 raw, double *value)
{
  guint16 m = raw & 0x0FFF;
  int exponent = (raw >> 12) & 0xF;
  gint32 mantissa;

  if (value)
    *value = 0.0;

  switch (m)
    {
    case 0x07FF: return CABINE_MDER_NUMBER_NAN;
    case 0x0800: return CABINE_MDER_NUMBER_NRES;
    case 0x07FE: return CABINE_MDER_NUMBER_POS_INF;
    case 0x0802: return CABINE_MDER_NUMBER_NEG_INF;
    case 0x0801: return CABINE_MDER_NUMBER_RESERVED;
    default: break;
    }

  if (exponent & 0x8)
    exponent -= 16;
  mantissa = (m & 0x0800) ? (gint32) m - 0x1000 : (gint32) m;
  if (value)
    *value = scale10 (mantissa, exponent);
  return CABINE_MDER_NUMBER_VALID;
}

gboolean
cabine_mder_float_encode (gint32 mantissa, gint exponent, guint32 *raw)
{
  if (mantissa > 0x7FFFFD || mantissa < -0x7FFFFE || exponent < -128 || exponent > 127)
    return FALSE;
  *raw = ((guint32) (guint8) (gint8) exponent << 24) | ((guint32) mantissa & 0xFFFFFF);
  return TRUE;
}

gboolean
cabine_mder_sfloat_encode (gint32 mantissa, gint exponent, guint16 *raw)
{
  if (mantissa > 0x7FD || mantissa < -0x7FD || exponent < -8 || exponent > 7)
    return FALSE;
  *raw = (guint16) (((guint) exponent & 0xF) << 12 | ((guint) mantissa & 0xFFF));
  return TRUE;
}

const char *
cabine_mder_number_status_to_string (CabineMderNumberStatus status)
{
  switch (status)
    {
    case CABINE_MDER_NUMBER_VALID: return "valid";
    case CABINE_MDER_NUMBER_NAN: return "nan";
    case CABINE_MDER_NUMBER_NRES: return "nres";
    case CABINE_MDER_NUMBER_POS_INF: return "+inf";
    case CABINE_MDER_NUMBER_NEG_INF: return "-inf";
    case CABINE_MDER_NUMBER_RESERVED: return "reserved";
    default: return "unknown";
    }
}

static gboolean
bcd (guint8 byte, int index, int *out, GError **error)
{
  static const char * const names[] = { "century", "year", "month", "day", "hour", "minute",
                                        "second", "sec-fractions" };
  int hi = byte >> 4, lo = byte & 0xF;

  if (hi > 9 || lo > 9)
    {
      g_set_error (error, CABINE_MDER_ERROR, CABINE_MDER_ERROR_BAD_TIME,
                   "AbsoluteTime byte %d (%s) is 0x%02X, not two BCD digits", index, names[index], byte);
      return FALSE;
    }
  *out = hi * 10 + lo;
  return TRUE;
}

GDateTime *
cabine_mder_absolute_time_decode (const guint8 *bytes, GTimeZone *tz, GError **error)
{
  int v[CABINE_MDER_ABSOLUTE_TIME_SIZE];
  g_autoptr(GTimeZone) local = NULL;
  GDateTime *dt;

  for (int i = 0; i < CABINE_MDER_ABSOLUTE_TIME_SIZE; i++)
    if (!bcd (bytes[i], i, &v[i], error))
      return NULL;

  if (v[0] * 100 + v[1] < 1 || v[2] < 1 || v[2] > 12 || v[3] < 1 || v[3] > 31 ||
      v[4] > 23 || v[5] > 59 || v[6] > 59 ||
      !g_date_valid_dmy ((GDateDay) v[3], (GDateMonth) v[2], (GDateYear) (v[0] * 100 + v[1])))
    {
      g_set_error (error, CABINE_MDER_ERROR, CABINE_MDER_ERROR_BAD_TIME,
                   "AbsoluteTime %02d%02d-%02d-%02d %02d:%02d:%02d is not a valid date and time",
                   v[0], v[1], v[2], v[3], v[4], v[5], v[6]);
      return NULL;
    }

  if (tz == NULL)
    tz = local = g_time_zone_new_local ();
  dt = g_date_time_new (tz, v[0] * 100 + v[1], v[2], v[3], v[4], v[5], v[6] + v[7] / 100.0);
  if (dt == NULL)
    g_set_error (error, CABINE_MDER_ERROR, CABINE_MDER_ERROR_BAD_TIME,
                 "AbsoluteTime %02d%02d-%02d-%02d %02d:%02d:%02d does not exist in the time zone",
                 v[0], v[1], v[2], v[3], v[4], v[5], v[6]);
  return dt;
}

static guint8
to_bcd (int v)
{
  return (guint8) (((v / 10) % 10) << 4 | (v % 10));
}

void
cabine_mder_absolute_time_encode (GDateTime *time, guint8 *out)
{
  int year = g_date_time_get_year (time);

  out[0] = to_bcd (year / 100);
  out[1] = to_bcd (year % 100);
  out[2] = to_bcd (g_date_time_get_month (time));
  out[3] = to_bcd (g_date_time_get_day_of_month (time));
  out[4] = to_bcd (g_date_time_get_hour (time));
  out[5] = to_bcd (g_date_time_get_minute (time));
  out[6] = to_bcd (g_date_time_get_second (time));
  out[7] = to_bcd (g_date_time_get_microsecond (time) / 10000);
}

void
cabine_mder_reader_init (CabineMderReader *r, const guint8 *data, gsize len, gsize base)
{
  r->data = data;
  r->len = len;
  r->pos = 0;
  r->base = base;
}

gsize
cabine_mder_reader_offset (const CabineMderReader *r)
{
  return r->base + r->pos;
}

gsize
cabine_mder_reader_remaining (const CabineMderReader *r)
{
  return r->len - r->pos;
}

static gboolean
need (CabineMderReader *r, gsize n, const char *what, GError **error)
{
  if (r->len - r->pos >= n)
    return TRUE;
  g_set_error (error, CABINE_MDER_ERROR, CABINE_MDER_ERROR_TRUNCATED,
               "offset %" G_GSIZE_FORMAT ": %s needs %" G_GSIZE_FORMAT " bytes, only %"
               G_GSIZE_FORMAT " left", cabine_mder_reader_offset (r), what, n, r->len - r->pos);
  return FALSE;
}

gboolean
cabine_mder_reader_u8 (CabineMderReader *r, const char *what, guint8 *out, GError **error)
{
  if (!need (r, 1, what, error))
    return FALSE;
  *out = r->data[r->pos++];
  return TRUE;
}

gboolean
cabine_mder_reader_u16 (CabineMderReader *r, const char *what, guint16 *out, GError **error)
{
  if (!need (r, 2, what, error))
    return FALSE;
  *out = (guint16) (r->data[r->pos] << 8 | r->data[r->pos + 1]);
  r->pos += 2;
  return TRUE;
}

gboolean
cabine_mder_reader_u32 (CabineMderReader *r, const char *what, guint32 *out, GError **error)
{
  const guint8 *p;

  if (!need (r, 4, what, error))
    return FALSE;
  p = r->data + r->pos;
  *out = (guint32) p[0] << 24 | (guint32) p[1] << 16 | (guint32) p[2] << 8 | p[3];
  r->pos += 4;
  return TRUE;
}

gboolean
cabine_mder_reader_bytes (CabineMderReader *r, gsize len, const char *what,
                          const guint8 **out, GError **error)
{
  if (!need (r, len, what, error))
    return FALSE;
  *out = r->data + r->pos;
  r->pos += len;
  return TRUE;
}

gboolean
cabine_mder_reader_sub (CabineMderReader *r, gsize len, const char *what,
                        CabineMderReader *sub, GError **error)
{
  if (r->len - r->pos < len)
    {
      g_set_error (error, CABINE_MDER_ERROR, CABINE_MDER_ERROR_BAD_LENGTH,
                   "offset %" G_GSIZE_FORMAT ": %s claims %" G_GSIZE_FORMAT " bytes, only %"
                   G_GSIZE_FORMAT " left", cabine_mder_reader_offset (r), what, len, r->len - r->pos);
      return FALSE;
    }
  cabine_mder_reader_init (sub, r->data + r->pos, len, r->base + r->pos);
  r->pos += len;
  return TRUE;
}

gboolean
cabine_mder_reader_expect_end (const CabineMderReader *r, const char *what, GError **error)
{
  if (r->pos == r->len)
    return TRUE;
  g_set_error (error, CABINE_MDER_ERROR, CABINE_MDER_ERROR_BAD_LENGTH,
               "offset %" G_GSIZE_FORMAT ": %" G_GSIZE_FORMAT " unexpected bytes after %s",
               cabine_mder_reader_offset (r), r->len - r->pos, what);
  return FALSE;
}

void
cabine_mder_put_u8 (GByteArray *out, guint8 v)
{
  g_byte_array_append (out, &v, 1);
}

void
cabine_mder_put_u16 (GByteArray *out, guint16 v)
{
  guint8 b[2] = { v >> 8, v & 0xFF };
  g_byte_array_append (out, b, 2);
}

void
cabine_mder_put_u32 (GByteArray *out, guint32 v)
{
  guint8 b[4] = { v >> 24, (v >> 16) & 0xFF, (v >> 8) & 0xFF, v & 0xFF };
  g_byte_array_append (out, b, 4);
}

void
cabine_mder_patch_u16 (GByteArray *out, gsize offset, guint16 v)
{
  g_return_if_fail (offset + 2 <= out->len);
  out->data[offset] = v >> 8;
  out->data[offset + 1] = v & 0xFF;
}
