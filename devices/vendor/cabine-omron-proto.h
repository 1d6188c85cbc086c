/* cabine-omron-proto.h: the HID report protocol of Omron HEM-790IT-family blood-pressure monitors
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Pure codec (no I/O, no GObject): what the driver (cabine-omron-driver.h), the simulator and the
 * fuzz target share. Source: "Omron 790IT Protocol Documentation", K. Machulis and A. Richter,
 * v1.1 2009 (doc/omron_protocol_notes.asciidoc in github.com/openyou/libomron), read, not copied:
 * - every HID report is 8 bytes, no report id; byte 0 counts the valid bytes that follow (1..7);
 * - a command is a 3-letter ASCII mnemonic, arguments, and a trailing XOR checksum of the
 *   argument bytes; it may span several output reports;
 * - a reply starts "OK" (0x4F 0x4B) followed by a 0x00 and data whose last byte makes the XOR of
 *   everything after "OK" zero, or is "NO" (0x4E 0x4F) alone (busy: ask again);
 * - the data mode is chosen with a 2-byte HID feature report (0x74 0xBC: individual readings),
 *   after which a "clearing block" of 23 zero bytes is sent until the unit answers "OK";
 * - "GDC" (count of stored readings, bank b): 'G' 'D' 'C' 0 b 0 0 b -> OK 0 x x x n x cs, n at
 *   byte 6 of the reply; "GME" (reading i of bank b): 'G' 'M' 'E' 0 b 0 i (i^b) -> 17 bytes:
 *   OK 0, year-2000, month, day, hour, minute, second, 2 unknown, systolic, diastolic, pulse
 *   (mmHg, mmHg, /min), unknown, flags (high nibble: TruRead position), checksum;
 * - "END" 0xFF 0xFF ends the session; the unit answers "OFF\r\n" (no checksum) and powers off.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CABINE_OMRON_ERROR (cabine_omron_error_quark ())

/** CabineOmronError: errors of %CABINE_OMRON_ERROR. */
typedef enum {
  CABINE_OMRON_ERROR_REPORT,    /* an input report whose count byte is 0 or > 7, or not 8 bytes */
  CABINE_OMRON_ERROR_GARBLED,   /* a reply that starts with neither "OK" nor "NO" */
  CABINE_OMRON_ERROR_BUSY,      /* the unit answered "NO" */
  CABINE_OMRON_ERROR_LENGTH,    /* a reply longer or shorter than the command's */
  CABINE_OMRON_ERROR_CHECKSUM,  /* the XOR of the reply after "OK" is not 0 */
  CABINE_OMRON_ERROR_VALUE,     /* a date or pressure out of range (e.g. month 13, sys <= dia) */
} CabineOmronError;

GQuark cabine_omron_error_quark (void);

#define CABINE_OMRON_REPORT_SIZE 8
#define CABINE_OMRON_MODE_READINGS_0 0x74  /* feature report selecting individual readings */
#define CABINE_OMRON_MODE_READINGS_1 0xBC
#define CABINE_OMRON_CLEAR_LENGTH 23       /* zero bytes of the clearing block */
#define CABINE_OMRON_GDC_REPLY_LENGTH 8    /* "OK" 0, 4 data bytes, checksum */
#define CABINE_OMRON_GME_REPLY_LENGTH 17   /* "OK" 0, 13 data bytes, checksum */
#define CABINE_OMRON_END_REPLY "OFF\r\n"

/**
 * cabine_omron_command_reports:
 * @command: (array length=len): a whole command (mnemonic, arguments, checksum), 1..256 bytes
 *
 * Returns: (transfer full): the output reports carrying it, 8 bytes each (count byte 1..7, the
 *   bytes, zero padding), concatenated.
 */
GBytes *cabine_omron_command_reports (const guint8 *command, gsize len);

/** cabine_omron_command_gdc / _gme / _end: fill @out (8, 8 and 5 bytes) with the command; the
 * checksum is computed. Returns the command's length. */
gsize cabine_omron_command_gdc (guint8 bank, guint8 out[8]);
gsize cabine_omron_command_gme (guint8 bank, guint8 index, guint8 out[8]);
gsize cabine_omron_command_end (guint8 out[5]);

/**
 * CabineOmronReply: reassembles one reply from input reports. Initialise with
 * cabine_omron_reply_init(); @expected is the reply length the command implies (e.g.
 * %CABINE_OMRON_GME_REPLY_LENGTH; 2 for the clearing block's "OK"; 5 for END's "OFF\r\n").
 */
typedef struct {
  guint8 data[64];
  gsize len;
  gsize expected;
} CabineOmronReply;

void cabine_omron_reply_init (CabineOmronReply *reply, gsize expected);

/**
 * cabine_omron_reply_feed:
 * @report: (array length=len): one input report as read from the interrupt IN endpoint
 * @complete: (out): set to %TRUE once @reply holds the whole reply (or a whole "NO")
 * @error: %CABINE_OMRON_ERROR_REPORT, _GARBLED (checked as soon as 2 bytes are there; END's
 *   "OFF" is accepted when @expected is 5), _LENGTH (more bytes than expected)
 *
 * Returns: %FALSE with @error set when the report cannot belong to a valid reply.
 */
gboolean cabine_omron_reply_feed (CabineOmronReply *reply, const guint8 *report, gsize len,
                                  gboolean *complete, GError **error);

/**
 * cabine_omron_reply_check:
 * Validates a complete reply: "NO" gives %CABINE_OMRON_ERROR_BUSY; a length other than
 * @reply->expected gives _LENGTH; an "OK" reply longer than 2 bytes must have a zero XOR over the
 * bytes after "OK" (_CHECKSUM). END's "OFF\r\n" is valid as is.
 */
gboolean cabine_omron_reply_check (const CabineOmronReply *reply, GError **error);

/** cabine_omron_parse_count: the number of stored readings in a checked GDC reply (byte 6). */
gboolean cabine_omron_parse_count (const CabineOmronReply *reply, guint *count, GError **error);

/** CabineOmronReading: one stored reading (GME). Time is the unit's local clock. */
typedef struct {
  guint year;        /* 2000..2099 */
  guint month, day, hour, minute, second;
  guint systolic;    /* mmHg */
  guint diastolic;   /* mmHg */
  guint pulse;       /* beats per minute */
  guint8 flags;      /* byte 12: high nibble 0 standalone, 1..3 TruRead position */
} CabineOmronReading;

/**
 * cabine_omron_parse_reading:
 * Decodes a checked GME reply. @error: _LENGTH, or _VALUE when the date is impossible (month
 * 1..12, day valid for the month, hour < 24, minute/second < 60), a pressure is 0 or systolic <=
 * diastolic, or the pulse is 0.
 */
gboolean cabine_omron_parse_reading (const CabineOmronReply *reply, CabineOmronReading *reading,
                                     GError **error);

/** cabine_omron_reading_encode: the 14 data bytes of a GME reply for @reading, checksum
 * included (for the simulator). */
void cabine_omron_reading_encode (const CabineOmronReading *reading, guint8 out[14]);

G_END_DECLS
