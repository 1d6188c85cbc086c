/* cabine-devices-decode.c: `cabine-devices decode`, an offline IEEE 11073-20601 manager
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "cabine-devices"

#include <string.h>

#include "cabine-devices-decode.h"
#include "cabine-devices-json.h"
#include "cabine-11073-manager.h"

G_DEFINE_QUARK (cabine-devices-decode-error-quark, cabine_devices_decode_error)

/* The manager system-id the offline manager announces in AARE (an EUI-64 of the Cabine range). */
static const guint8 decode_manager_id[8] = { 0x02, 0xCA, 0xB1, 0x0E, 0xFF, 0xFE, 0x00, 0x01 };

GByteArray *
cabine_devices_hex_parse (const char *text, guint line_no, GError **error)
{
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  int high = -1;

  for (const char *p = text; *p != '\0'; p++)
    {
      int v;

      if (*p == ' ' || *p == '\t' || *p == ':' || *p == '\r')
        {
          if (high >= 0)
            {
              g_set_error (error, CABINE_DEVICES_DECODE_ERROR, CABINE_DEVICES_DECODE_ERROR_HEX,
                           "line %u, column %u: a byte has a single hex digit", line_no,
                           (guint) (p - text) + 1);
              return NULL;
            }
          continue;
        }
      v = g_ascii_xdigit_value (*p);
      if (v < 0)
        {
          /* the character itself when printable, else its byte value */
          if (g_ascii_isprint (*p))
            g_set_error (error, CABINE_DEVICES_DECODE_ERROR, CABINE_DEVICES_DECODE_ERROR_HEX,
                         "line %u, column %u: '%c' is not a hex digit", line_no,
                         (guint) (p - text) + 1, *p);
          else
            g_set_error (error, CABINE_DEVICES_DECODE_ERROR, CABINE_DEVICES_DECODE_ERROR_HEX,
                         "line %u, column %u: byte 0x%02X is not a hex digit", line_no,
                         (guint) (p - text) + 1, (guint8) *p);
          return NULL;
        }
      if (high < 0)
        high = v;
      else
        {
          guint8 b = (guint8) (high << 4 | v);

          g_byte_array_append (bytes, &b, 1);
          high = -1;
        }
    }
  if (high >= 0)
    {
      g_set_error (error, CABINE_DEVICES_DECODE_ERROR, CABINE_DEVICES_DECODE_ERROR_HEX,
                   "line %u: odd number of hex digits", line_no);
      return NULL;
    }
  return g_steal_pointer (&bytes);
}

typedef struct {
  gboolean show_replies;
  char *aborted;   /* why the association ended abnormally, if it did */
} DecodeState;

static void
on_send (CabineAgentSession *session, GBytes *apdu, DecodeState *st)
{
  g_autoptr(JsonObject) o = NULL;
  g_autofree char *hex = NULL;
  gsize len;
  const guint8 *d;
  GString *s;

  if (!st->show_replies)
    return;
  d = g_bytes_get_data (apdu, &len);
  s = g_string_sized_new (2 * len);
  for (gsize i = 0; i < len; i++)
    g_string_append_printf (s, "%02x", d[i]);
  hex = g_string_free (s, FALSE);
  o = json_object_new ();
  json_object_set_string_member (o, "reply", hex);
  cabine_devices_print_json (o);
}

static void
on_measurement (CabineAgentSession *session, CabineMeasurement *m, DecodeState *st)
{
  g_autoptr(JsonObject) o = cabine_devices_measurement_to_json (m);

  cabine_devices_print_json (o);
}

static void
on_aborted (CabineAgentSession *session, const GError *error, DecodeState *st)
{
  g_free (st->aborted);
  st->aborted = g_strdup (error->message);
}

/* The next line of @data without its '\n' (the last one may lack it), holding at most
 * CABINE_DEVICES_DECODE_MAX_LINE bytes: %NULL at the end of the stream (@error unset) or on
 * failure. @len is the line's length (it may contain NUL bytes). */
static char *
read_line (GDataInputStream *data, guint line_no, gsize *len, GError **error)
{
  GBufferedInputStream *buffered = G_BUFFERED_INPUT_STREAM (data);
  g_autoptr(GError) local = NULL;

  for (;;)
    {
      gsize avail;
      const char *buf = g_buffered_input_stream_peek_buffer (buffered, &avail);
      gssize got;

      const char *nl = memchr (buf, '\n', avail);

      if (nl != NULL && (gsize) (nl - buf) <= CABINE_DEVICES_DECODE_MAX_LINE)
        break;  /* a whole line is buffered: read_line() will not read further */
      if (nl != NULL || avail > CABINE_DEVICES_DECODE_MAX_LINE)
        {
          g_set_error (error, CABINE_DEVICES_DECODE_ERROR, CABINE_DEVICES_DECODE_ERROR_TOO_LONG,
                       "line %u: longer than %u characters, more than one APDU of at most %u "
                       "bytes can take", line_no, CABINE_DEVICES_DECODE_MAX_LINE,
                       CABINE_DEVICES_DECODE_MAX_APDU);
          return NULL;
        }
      got = g_buffered_input_stream_fill (buffered, -1, NULL, &local);
      if (got < 0)
        {
          g_set_error (error, CABINE_DEVICES_DECODE_ERROR, CABINE_DEVICES_DECODE_ERROR_READ,
                       "line %u: cannot read the input: %s", line_no, local->message);
          return NULL;
        }
      if (got == 0)
        break;  /* end of stream: the rest (if any) is the last line */
    }
  {
    char *line = g_data_input_stream_read_line (data, len, NULL, &local);

    if (line == NULL && local != NULL)
      g_set_error (error, CABINE_DEVICES_DECODE_ERROR, CABINE_DEVICES_DECODE_ERROR_READ,
                   "line %u: cannot read the input: %s", line_no, local->message);
    return line;
  }
}

gboolean
cabine_devices_decode (GInputStream *in, const guint8 *manager_system_id, gboolean show_replies,
                       GError **error)
{
  g_autoptr(CabineAgentSession) session =
    cabine_agent_session_new (manager_system_id != NULL ? manager_system_id : decode_manager_id);
  g_autoptr(GDataInputStream) data = g_data_input_stream_new (in);
  DecodeState st = { .show_replies = show_replies };
  guint line_no = 0, apdus = 0;
  gboolean ok = TRUE;

  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (data), FALSE);
  /* room for the longest allowed line and its newline: a longer one is refused, not buffered */
  g_buffered_input_stream_set_buffer_size (G_BUFFERED_INPUT_STREAM (data),
                                           CABINE_DEVICES_DECODE_MAX_LINE + 2);
  g_data_input_stream_set_newline_type (data, G_DATA_STREAM_NEWLINE_TYPE_LF);

  cabine_agent_session_set_source (session, "hex-replay", 0, 0);
  g_signal_connect (session, "send-apdu", G_CALLBACK (on_send), &st);
  g_signal_connect (session, "measurement", G_CALLBACK (on_measurement), &st);
  g_signal_connect (session, "aborted", G_CALLBACK (on_aborted), &st);
  cabine_agent_session_start (session);

  while (ok)
    {
      g_autoptr(GByteArray) apdu = NULL;
      g_autoptr(GError) local = NULL;
      g_autofree char *line = NULL;
      gsize len = 0;
      char *text;

      line = read_line (data, line_no + 1, &len, &local);
      if (line == NULL)
        {
          if (local != NULL)
            {
              g_propagate_error (error, g_steal_pointer (&local));
              ok = FALSE;
            }
          break;
        }
      line_no++;
      if (memchr (line, '\0', len) != NULL)
        {
          g_set_error (error, CABINE_DEVICES_DECODE_ERROR, CABINE_DEVICES_DECODE_ERROR_HEX,
                       "line %u: contains a NUL byte", line_no);
          ok = FALSE;
          break;
        }
      text = g_strstrip (line);
      if (*text == '\0' || *text == '#')
        continue;
      apdu = cabine_devices_hex_parse (text, line_no, error);
      if (apdu == NULL)
        {
          ok = FALSE;
          break;
        }
      if (apdu->len == 0)
        continue;
      apdus++;
      g_clear_pointer (&st.aborted, g_free);
      if (!cabine_agent_session_receive (session, apdu->data, apdu->len, &local))
        {
          g_propagate_prefixed_error (error, g_steal_pointer (&local), "line %u: ", line_no);
          ok = FALSE;
          break;
        }
      if (st.aborted != NULL)
        g_printerr ("cabine-devices: line %u: %s\n", line_no, st.aborted);
    }
  if (ok && apdus == 0)
    {
      g_set_error_literal (error, CABINE_DEVICES_DECODE_ERROR, CABINE_DEVICES_DECODE_ERROR_EMPTY,
                           "no APDU in the input (one hex APDU per line expected)");
      ok = FALSE;
    }
  g_free (st.aborted);
  g_signal_handlers_disconnect_by_data (session, &st);
  return ok;
}
