/* fuzz-protocol.c: libFuzzer target for the JSON message parser shared by the kiosk and the hub
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Input: any bytes, handed to cabine_protocol_parse() (signalling, data-channel messages) and to
 * cabine_json_parse_object() (HTTP bodies) as they arrive from the network. Every failure must be a
 * %CABINE_PROTOCOL_ERROR; a parsed message is serialised again, and must parse back. The same bytes
 * are also the reason of a `signal-refused` (cabine_protocol_new_signal_refused(), which cuts and
 * repairs text that may quote what a physician sent): it must come out valid UTF-8, within
 * CABINE_PROTOCOL_MAX_REFUSAL_REASON bytes, and parse back.
 * Seed corpus: corpus/protocol/ (including a message nested far beyond CABINE_PROTOCOL_MAX_DEPTH).
 */
#define G_LOG_DOMAIN "fuzz-protocol"

#include <string.h>

#include "cabine-protocol.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) msg = NULL;
  g_autoptr(JsonObject) obj = NULL;
  const char *type = NULL;

  msg = cabine_protocol_parse ((const char *) data, size, &type, &error);
  if (msg == NULL)
    {
      g_assert (error != NULL && error->domain == CABINE_PROTOCOL_ERROR);
      g_clear_error (&error);
    }
  else
    {
      g_autofree char *text = cabine_protocol_serialize (msg);
      g_autoptr(JsonObject) again = NULL;

      g_assert (type != NULL && *type != '\0');
      again = cabine_protocol_parse (text, strlen (text), NULL, &error);
      g_assert_no_error (error);
      g_assert (again != NULL);
    }

  obj = cabine_json_parse_object ((const char *) data, size, G_MAXSIZE, &error);
  g_assert ((obj == NULL) == (error != NULL));
  g_clear_error (&error);

  {
    g_autofree char *reason_in = g_strndup ((const char *) data, size);   /* up to a NUL */
    g_autoptr(JsonObject) refused = cabine_protocol_new_signal_refused ("s", "ice", reason_in, 0);
    const char *reason = json_object_get_string_member (refused, "reason");
    g_autofree char *text = cabine_protocol_serialize (refused);
    g_autoptr(JsonObject) back = NULL;

    g_assert (reason != NULL && g_utf8_validate (reason, -1, NULL));
    g_assert (strlen (reason) <= CABINE_PROTOCOL_MAX_REFUSAL_REASON);
    back = cabine_protocol_parse (text, strlen (text), NULL, &error);
    g_assert_no_error (error);
    g_assert (back != NULL);
  }
  return 0;
}
