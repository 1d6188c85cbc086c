/* cabine-cms50-proto.h: the live serial frames of Contec CMS50D+-class pulse oximeters, and the
 * CP210x USB-UART bridge requests that carry them
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Pure codec (no I/O, no GObject), shared by the driver, the simulator and the fuzz target.
 *
 * Live frames, 5 bytes at 60 frames/s; only the first byte has bit 7 set (the sync bit). Sources,
 * read, not copied: the Contec protocol sheet as translated in the picbasic.co.uk forum thread
 * "How to receive stream of bytes using PIC USART" (2009), the CMS50X page of the
 * apneuvereniging.miraheze.org wiki (19200 baud, 8 data bits, odd parity, 1 stop bit), and
 * A. T. Brask, "Creating a python module for the Contec CMS50D+ pulse oximeter" (atbrask.dk/?p=244):
 *   byte 1: bit 7 = 1; bit 6 beep; bit 5 SpO2 dropping; bit 4 searching too long;
 *           bits 3..0 signal strength 0..8
 *   byte 2: bits 6..0 plethysmogram sample 0..127
 *   byte 3: bit 6 bit 7 of the pulse rate; bit 5 searching for a pulse; bit 4 probe (sensor)
 *           error; bits 3..0 pulse bar graph 0..15
 *   byte 4: bits 6..0 pulse rate bits 6..0 (per minute)
 *   byte 5: bits 6..0 SpO2 (%); 127 (and pulse 255) while there is no value
 *
 * CP210x: Silicon Labs AN571 "CP210x Virtual COM Port Interface" (rev. 0.5): vendor requests to
 * the interface, bmRequestType 0x41 (host to device, vendor, interface), wIndex = interface:
 *   IFC_ENABLE 0x00 (wValue 1 enables the UART), SET_LINE_CTL 0x03 (wValue: bits 3..0 stop bits,
 *   0 = 1; bits 7..4 parity, 0 none 1 odd; bits 15..8 data bits), SET_BAUDRATE 0x1E (4-byte
 *   little-endian baud rate in the data stage); received bytes arrive on bulk IN 0x81.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CABINE_CP210X_REQTYPE_HOST_TO_INTERFACE 0x41
#define CABINE_CP210X_IFC_ENABLE 0x00
#define CABINE_CP210X_SET_LINE_CTL 0x03
#define CABINE_CP210X_SET_BAUDRATE 0x1E
#define CABINE_CP210X_UART_ENABLE 0x0001
#define CABINE_CP210X_UART_DISABLE 0x0000
/** SET_LINE_CTL wValue: 8 data bits, odd parity, 1 stop bit (the CMS50's 8O1). */
#define CABINE_CP210X_LINE_8O1 0x0810
#define CABINE_CP210X_LINE_8N1 0x0800

#define CABINE_CMS50_FRAME_SIZE 5
#define CABINE_CMS50_FRAMES_PER_SECOND 60
#define CABINE_CMS50_NO_SPO2 127
#define CABINE_CMS50_NO_PULSE 255

/** CabineCms50Frame: one decoded live frame. */
typedef struct {
  guint8 raw[CABINE_CMS50_FRAME_SIZE];
  guint signal_strength;   /* 0..15 as sent (0..8 documented) */
  gboolean beep;
  gboolean spo2_dropping;
  gboolean searching_too_long;
  guint pleth;             /* plethysmogram sample 0..127 */
  guint bar_graph;         /* 0..15 */
  gboolean searching;
  gboolean probe_error;
  guint pulse_rate;        /* 0..255 per minute; 255 = no value */
  guint spo2;              /* 0..127 %; 127 = no value */
} CabineCms50Frame;

/** CabineCms50Parser: resynchronising frame reader. Initialise with cabine_cms50_parser_init(). */
typedef struct {
  guint8 buf[CABINE_CMS50_FRAME_SIZE];
  guint n;
  guint64 dropped;         /* bytes discarded while looking for a sync byte */
} CabineCms50Parser;

void cabine_cms50_parser_init (CabineCms50Parser *parser);

/**
 * cabine_cms50_parser_feed:
 * @byte: the next byte from the bridge
 * @frame: (out caller-allocates): filled when a frame completes
 *
 * A byte with bit 7 set starts a frame (a partial frame before it is dropped and counted); a byte
 * without it outside a frame is dropped and counted. Never fails.
 * Returns: %TRUE when @frame was filled.
 */
gboolean cabine_cms50_parser_feed (CabineCms50Parser *parser, guint8 byte, CabineCms50Frame *frame);

/** cabine_cms50_frame_decode: decode 5 bytes; %FALSE when the sync pattern is wrong (first byte
 * without bit 7, or a later one with it). */
gboolean cabine_cms50_frame_decode (const guint8 raw[5], CabineCms50Frame *frame);

/** cabine_cms50_frame_has_reading: the probe is on a finger and both values are present:
 * no probe error, not searching, SpO2 1..100 and pulse rate 1..254. */
gboolean cabine_cms50_frame_has_reading (const CabineCms50Frame *frame);

/** cabine_cms50_frame_encode: the 5 bytes of @frame's fields (for the simulator; @frame->raw is
 * ignored). Fields are masked to their widths. */
void cabine_cms50_frame_encode (const CabineCms50Frame *frame, guint8 out[5]);

G_END_DECLS
