/* cabine-devices-decode.h: `cabine-devices decode`, an offline IEEE 11073-20601 manager
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reads the agent→manager APDUs of one association as hex text, one APDU per line (spaces and
 * colons between bytes allowed, blank lines and lines starting with '#' skipped), streaming: one
 * line at a time is held, never more than CABINE_DEVICES_DECODE_MAX_LINE bytes; feeds them to a
 * CabineAgentSession (cabine-11073-manager.h) that plays the manager's side, and prints every
 * decoded reading as one JSON line (cabine-devices-json.h). No clock runs: the standard's
 * timeouts do not apply to a replayed conversation.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define CABINE_DEVICES_DECODE_ERROR (cabine_devices_decode_error_quark ())

/* The longest APDU is 4 + 65535 bytes (APDU choice, u16 length, body: 20601 Annex A/F); written as
 * hex with one separator between bytes it takes 3 * 65539 - 1 characters; 64 more allow for
 * indentation and a CR. A longer line cannot hold one APDU and is refused unread. */
#define CABINE_DEVICES_DECODE_MAX_APDU (4 + 65535)
#define CABINE_DEVICES_DECODE_MAX_LINE (3 * CABINE_DEVICES_DECODE_MAX_APDU - 1 + 64)

/**
 * CabineDevicesDecodeError:
 * @CABINE_DEVICES_DECODE_ERROR_HEX: a line is not hex (bad digit, odd count); the message names
 *   the line and column
 * @CABINE_DEVICES_DECODE_ERROR_EMPTY: no APDU in the input
 * @CABINE_DEVICES_DECODE_ERROR_READ: the input could not be read
 * @CABINE_DEVICES_DECODE_ERROR_TOO_LONG: a line is longer than CABINE_DEVICES_DECODE_MAX_LINE
 *   bytes (the message names the line)
 *
 * Protocol failures are reported with the manager's own domains (CABINE_MDER_ERROR,
 * CABINE_AGENT_SESSION_ERROR), prefixed with "line N: ".
 */
typedef enum {
  CABINE_DEVICES_DECODE_ERROR_HEX,
  CABINE_DEVICES_DECODE_ERROR_EMPTY,
  CABINE_DEVICES_DECODE_ERROR_READ,
  CABINE_DEVICES_DECODE_ERROR_TOO_LONG,
} CabineDevicesDecodeError;

GQuark cabine_devices_decode_error_quark (void);

/**
 * cabine_devices_hex_parse:
 * @text: one line (NUL-terminated, without its newline)
 * @line_no: for messages
 * @error: %CABINE_DEVICES_DECODE_ERROR_HEX
 *
 * Returns: (transfer full) (nullable): the bytes, %NULL with @error set; an empty array for a
 *   line holding only separators.
 */
GByteArray *cabine_devices_hex_parse (const char *text, guint line_no, GError **error);

/**
 * cabine_devices_decode:
 * @in: the hex lines (read until end of stream; not closed)
 * @manager_system_id: (array fixed-size=8) (nullable): the EUI-64 the manager announces in AARE;
 *   %NULL for Cabine's own 02:CA:B1:0E:FF:FE:00:01
 * @show_replies: also print each APDU the manager sends as {"reply":"<hex>"}
 * @error: see #CabineDevicesDecodeError; the session's error when the manager refused an APDU
 *   (it then aborted the association)
 *
 * Returns: %TRUE when every line was accepted. Readings decoded before a failure are printed.
 */
gboolean cabine_devices_decode (GInputStream *in, const guint8 *manager_system_id,
                                gboolean show_replies, GError **error);

G_END_DECLS
