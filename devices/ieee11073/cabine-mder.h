/* cabine-mder.h: IEEE 11073-20601 MDER primitives (numbers, absolute time, big-endian reader)
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * References: IEEE 11073-20601:2019 Annex F (Medical Device Encoding Rules), F.2 (integers, big
 * endian), F.6 (FLOAT-Type and SFLOAT-Type, reserved special values), 8.5.3 / A.11.6 (AbsoluteTime,
 * BCD encoded).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CABINE_MDER_ERROR (cabine_mder_error_quark ())

/**
 * CabineMderError:
 * Errors of the %CABINE_MDER_ERROR domain, shared by the MDER reader and the APDU codec. Messages
 * always name the byte offset (from the start of the APDU) and what was wrong.
 */
typedef enum {
  CABINE_MDER_ERROR_TRUNCATED,   /* fewer bytes than a field or a length needs */
  CABINE_MDER_ERROR_BAD_LENGTH,  /* a length field disagrees with its content or its container */
  CABINE_MDER_ERROR_BAD_VALUE,   /* a field has a value the standard does not allow */
  CABINE_MDER_ERROR_BAD_TIME,    /* an AbsoluteTime with a non-BCD digit or an impossible date */
  CABINE_MDER_ERROR_UNSUPPORTED, /* well-formed, but not something this implementation handles */
} CabineMderError;

GQuark cabine_mder_error_quark (void);

/**
 * CabineMderNumberStatus:
 * Outcome of decoding a FLOAT-Type or SFLOAT-Type (IEEE 11073-20601 F.6). Only
 * %CABINE_MDER_NUMBER_VALID carries a number; every other status means "no valid value" and must
 * never be shown or stored as a number.
 */
typedef enum {
  CABINE_MDER_NUMBER_VALID,
  CABINE_MDER_NUMBER_NAN,      /* Not a Number: FLOAT mantissa 0x7FFFFF, SFLOAT 0x07FF */
  CABINE_MDER_NUMBER_NRES,     /* Not at this Resolution: FLOAT 0x800000, SFLOAT 0x0800 */
  CABINE_MDER_NUMBER_POS_INF,  /* +INFINITY: FLOAT 0x7FFFFE, SFLOAT 0x07FE */
  CABINE_MDER_NUMBER_NEG_INF,  /* -INFINITY: FLOAT 0x800002, SFLOAT 0x0802 */
  CABINE_MDER_NUMBER_RESERVED, /* reserved for future use: FLOAT 0x800001, SFLOAT 0x0801 */
} CabineMderNumberStatus;

/**
 * cabine_mder_float_decode:
 * @raw: the 32-bit FLOAT-Type as read big-endian: bits 31..24 the exponent (signed 8 bits), bits
 *   23..0 the mantissa (signed 24 bits, two's complement). Value = mantissa × 10^exponent.
 * @value: (out) (optional): the value when the result is %CABINE_MDER_NUMBER_VALID, else 0.
 *
 * The reserved mantissas are recognised whatever the exponent (F.6 defines them with exponent 0;
 * other exponents are treated as the same special value rather than as a number). Negative
 * exponents divide by a power of ten so that e.g. 363 × 10^-1 gives the double nearest to 36.3.
 *
 * Returns: the status; the value is meaningful only for %CABINE_MDER_NUMBER_VALID.
 */
CabineMderNumberStatus cabine_mder_float_decode (guint32 raw, double *value);

/**
 * cabine_mder_sfloat_decode:
 * @raw: the 16-bit SFLOAT-Type: bits 15..12 the exponent (signed 4 bits), bits 11..0 the
 *   mantissa (signed 12 bits).
 * @value: (out) (optional): as for cabine_mder_float_decode().
 *
 * Returns: the status, as for cabine_mder_float_decode().
 */
CabineMderNumberStatus cabine_mder_sfloat_decode (guint16 raw, double *value);

/**
 * cabine_mder_float_encode:
 * @mantissa: -8388606 ..= 8388605 (the reserved mantissas are refused)
 * @exponent: -128 ..= 127
 * @raw: (out): the FLOAT-Type
 *
 * Returns: %FALSE when @mantissa or @exponent is out of range.
 */
gboolean cabine_mder_float_encode (gint32 mantissa, gint exponent, guint32 *raw);

/**
 * cabine_mder_sfloat_encode:
 * @mantissa: -2045 ..= 2045 (the reserved mantissas 0x07FE..0x0802 are refused)
 * @exponent: -8 ..= 7
 * @raw: (out): the SFLOAT-Type (20601 A.11.1 / IEEE 11073-20601 F.8)
 *
 * Returns: %FALSE when @mantissa or @exponent is out of range.
 */
gboolean cabine_mder_sfloat_encode (gint32 mantissa, gint exponent, guint16 *raw);

/** cabine_mder_number_status_to_string: a short English name ("nan", "nres", "+inf", …). */
const char *cabine_mder_number_status_to_string (CabineMderNumberStatus status);

/** Length of an AbsoluteTime in bytes (20601 A.11.6): century, year, month, day, hour, minute,
 * second, sec-fractions (hundredths), each two BCD digits. */
#define CABINE_MDER_ABSOLUTE_TIME_SIZE 8

/**
 * cabine_mder_absolute_time_decode:
 * @bcd: 8 bytes of AbsoluteTime
 * @tz: (nullable): the time zone to interpret the device's wall-clock time in; %NULL = local zone
 * @error: %CABINE_MDER_ERROR_BAD_TIME for a nibble above 9 or an impossible date/time
 *
 * The device's clock has no zone in AbsoluteTime; the caller says which one applies.
 *
 * Returns: (transfer full): the time, or %NULL with @error set.
 */
GDateTime *cabine_mder_absolute_time_decode (const guint8 *bcd, GTimeZone *tz, GError **error);

/**
 * cabine_mder_absolute_time_encode:
 * @time: a time between years 0 and 9999
 * @bcd: (out caller-allocates) (array fixed-size=8): the AbsoluteTime, in @time's own zone
 */
void cabine_mder_absolute_time_encode (GDateTime *time, guint8 *bcd);

/**
 * CabineMderReader:
 * A bounds-checked big-endian cursor over a byte range. @base is the offset of @data[0] in the
 * whole APDU, so errors can name absolute offsets. Plain struct, lives on the stack; it does not
 * own @data.
 */
typedef struct {
  const guint8 *data;
  gsize len;
  gsize pos;
  gsize base;
} CabineMderReader;

/** cabine_mder_reader_init: start reading @len bytes at @data, whose first byte is at APDU
 * offset @base. */
void cabine_mder_reader_init (CabineMderReader *r, const guint8 *data, gsize len, gsize base);

/** cabine_mder_reader_offset: the APDU offset of the next byte to be read. */
gsize cabine_mder_reader_offset (const CabineMderReader *r);

/** cabine_mder_reader_remaining: bytes left. */
gsize cabine_mder_reader_remaining (const CabineMderReader *r);

/**
 * cabine_mder_reader_u8 / _u16 / _u32:
 * @what: the field's name, used in the error message ("invoke-id", …)
 *
 * Read one unsigned big-endian integer. Sets %CABINE_MDER_ERROR_TRUNCATED naming the offset and
 * @what when too few bytes remain; the cursor is then unchanged.
 */
gboolean cabine_mder_reader_u8 (CabineMderReader *r, const char *what, guint8 *out, GError **error);
gboolean cabine_mder_reader_u16 (CabineMderReader *r, const char *what, guint16 *out, GError **error);
gboolean cabine_mder_reader_u32 (CabineMderReader *r, const char *what, guint32 *out, GError **error);

/**
 * cabine_mder_reader_bytes:
 * @out: (out) (transfer none): points into the reader's buffer
 *
 * Take @len bytes; %CABINE_MDER_ERROR_TRUNCATED if fewer remain.
 */
gboolean cabine_mder_reader_bytes (CabineMderReader *r, gsize len, const char *what,
                                   const guint8 **out, GError **error);

/**
 * cabine_mder_reader_sub:
 * @sub: (out): a reader over the next @len bytes (with the right @base)
 *
 * Carve a nested structure whose length was given by a length field; the parent skips it.
 * %CABINE_MDER_ERROR_BAD_LENGTH when @len goes beyond the parent.
 */
gboolean cabine_mder_reader_sub (CabineMderReader *r, gsize len, const char *what,
                                 CabineMderReader *sub, GError **error);

/**
 * cabine_mder_reader_expect_end:
 *
 * %CABINE_MDER_ERROR_BAD_LENGTH when bytes remain after a structure that should fill its container.
 */
gboolean cabine_mder_reader_expect_end (const CabineMderReader *r, const char *what, GError **error);

/** Append big-endian integers to a byte array (encoder helpers). */
void cabine_mder_put_u8 (GByteArray *out, guint8 v);
void cabine_mder_put_u16 (GByteArray *out, guint16 v);
void cabine_mder_put_u32 (GByteArray *out, guint32 v);
/** cabine_mder_patch_u16: overwrite the u16 at @offset (for lengths known only at the end). */
void cabine_mder_patch_u16 (GByteArray *out, gsize offset, guint16 v);

G_END_DECLS
