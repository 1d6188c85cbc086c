/* cabine-omron-proto.c: the HID report protocol of Omron HEM-790IT-family monitors
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "cabine-omron"

#include "cabine-omron-proto.h"

#include <string.h>

G_DEFINE_QUARK (cabine-omron-error-quark, cabine_omron_error)

GBytes *
cabine_omron_command_reports (const guint8 *command, gsize len)
{
  GByteArray *out = g_byte_array_new ();

  g_return_val_if_fail (command != NULL && len > 0 && len <= 256, g_bytes_new (NULL, 0));
  for (gsize done = 0; done < len;)
    {
      guint8 report[CABINE_OMRON_REPORT_SIZE] = { 0 };
      gsize n = MIN (len - done, (gsize) CABINE_OMRON_REPORT_SIZE - 1);

      report[0] = (guint8) n;
      memcpy (report + 1, command + done, n);
      g_byte_array_append (out, report, sizeof report);
      done += n;
    }
  return g_byte_array_free_to_bytes (out);
}

gsize
cabine_omron_command_gdc (guint8 bank, guint8 out[8])
{
  const guint8 cmd[8] = { 'G', 'D', 'C', 0, bank, 0, 0, bank };

  memcpy (out, cmd, sizeof cmd);
  return sizeof cmd;
}

gsize
cabine_omron_command_gme (guint8 bank, guint8 index, guint8 out[8])
{
  const guint8 cmd[8] = { 'G', 'M', 'E', 0, bank, 0, index, (guint8) (index ^ bank) };

  memcpy (out, cmd, sizeof cmd);
  return sizeof cmd;
}

gsize
cabine_omron_command_end (guint8 out[5])
{
  const guint8 cmd[5] = { 'E', 'N', 'D', 0xFF, 0xFF };

  memcpy (out, cmd, sizeof cmd);
  return sizeof cmd;
}

void
cabine_omron_reply_init (CabineOmronReply *reply, gsize expected)
{
  memset (reply, 0, sizeof *reply);
  reply->expected = MIN (expected, sizeof reply->data);
}

static gboolean
is_busy (const CabineOmronReply *reply)
{
  return reply->len == 2 && reply->data[0] == 'N' && reply->data[1] == 'O';
}

gboolean
cabine_omron_reply_feed (CabineOmronReply *reply, const guint8 *report, gsize len,
                         gboolean *complete, GError **error)
{
  guint count;

  *complete = FALSE;
  if (len != CABINE_OMRON_REPORT_SIZE)
    {
      g_set_error (error, CABINE_OMRON_ERROR, CABINE_OMRON_ERROR_REPORT,
                   "input report of %" G_GSIZE_FORMAT " bytes, expected 8", len);
      return FALSE;
    }
  count = report[0];
  if (count == 0 || count > CABINE_OMRON_REPORT_SIZE - 1)
    {
      g_set_error (error, CABINE_OMRON_ERROR, CABINE_OMRON_ERROR_REPORT,
                   "input report count byte %u, expected 1..7", count);
      return FALSE;
    }
  if (reply->len + count > reply->expected)
    {
      g_set_error (error, CABINE_OMRON_ERROR, CABINE_OMRON_ERROR_LENGTH,
                   "reply of more than %" G_GSIZE_FORMAT " bytes", reply->expected);
      return FALSE;
    }
  memcpy (reply->data + reply->len, report + 1, count);
  reply->len += count;
  if (reply->len >= 2 && reply->len - count < 2)
    {
      gboolean ok = reply->data[0] == 'O' && reply->data[1] == 'K';
      gboolean off = reply->expected == 5 && reply->data[0] == 'O' && reply->data[1] == 'F';

      if (!ok && !off && !is_busy (reply) &&
          !(reply->data[0] == 'N' && reply->data[1] == 'O'))
        {
          g_set_error (error, CABINE_OMRON_ERROR, CABINE_OMRON_ERROR_GARBLED,
                       "reply starts with 0x%02X 0x%02X, neither \"OK\" nor \"NO\"",
                       reply->data[0], reply->data[1]);
          return FALSE;
        }
    }
  *complete = reply->len == reply->expected || is_busy (reply);
  return TRUE;
}

gboolean
cabine_omron_reply_check (const CabineOmronReply *reply, GError **error)
{
  guint8 x = 0;

  if (is_busy (reply))
    {
      g_set_error (error, CABINE_OMRON_ERROR, CABINE_OMRON_ERROR_BUSY, "the unit answered \"NO\"");
      return FALSE;
    }
  if (reply->len != reply->expected)
    {
      g_set_error (error, CABINE_OMRON_ERROR, CABINE_OMRON_ERROR_LENGTH,
                   "reply of %" G_GSIZE_FORMAT " bytes, expected %" G_GSIZE_FORMAT,
                   reply->len, reply->expected);
      return FALSE;
    }
  if (reply->expected == 5 && memcmp (reply->data, CABINE_OMRON_END_REPLY, 5) == 0)
    return TRUE;
  if (reply->len < 2 || reply->data[0] != 'O' || reply->data[1] != 'K')
    {
      g_set_error (error, CABINE_OMRON_ERROR, CABINE_OMRON_ERROR_GARBLED, "reply is not \"OK\"");
      return FALSE;
    }
  for (gsize i = 2; i < reply->len; i++)
    x ^= reply->data[i];
  if (reply->len > 2 && x != 0)
    {
      g_set_error (error, CABINE_OMRON_ERROR, CABINE_OMRON_ERROR_CHECKSUM,
                   "reply checksum mismatch (XOR 0x%02X)", x);
      return FALSE;
    }
  return TRUE;
}

gboolean
cabine_omron_parse_count (const CabineOmronReply *reply, guint *count, GError **error)
{
  if (reply->len != CABINE_OMRON_GDC_REPLY_LENGTH)
    {
      g_set_error (error, CABINE_OMRON_ERROR, CABINE_OMRON_ERROR_LENGTH,
                   "GDC reply of %" G_GSIZE_FORMAT " bytes, expected 8", reply->len);
      return FALSE;
    }
  *count = reply->data[6];
  return TRUE;
}

gboolean
cabine_omron_parse_reading (const CabineOmronReply *reply, CabineOmronReading *r, GError **error)
{
  const guint8 *d = reply->data + 3;

  if (reply->len != CABINE_OMRON_GME_REPLY_LENGTH)
    {
      g_set_error (error, CABINE_OMRON_ERROR, CABINE_OMRON_ERROR_LENGTH,
                   "GME reply of %" G_GSIZE_FORMAT " bytes, expected 17", reply->len);
      return FALSE;
    }
  r->year = 2000 + d[0];
  r->month = d[1];
  r->day = d[2];
  r->hour = d[3];
  r->minute = d[4];
  r->second = d[5];
  r->systolic = d[8];
  r->diastolic = d[9];
  r->pulse = d[10];
  r->flags = d[12];
  if (d[0] > 99 || r->month < 1 || r->month > 12 || r->day < 1 ||
      r->day > g_date_get_days_in_month ((GDateMonth) r->month, (GDateYear) r->year) ||
      r->hour > 23 || r->minute > 59 || r->second > 59)
    {
      g_set_error (error, CABINE_OMRON_ERROR, CABINE_OMRON_ERROR_VALUE,
                   "impossible reading time %02u-%02u-%02u %02u:%02u:%02u",
                   d[0], r->month, r->day, r->hour, r->minute, r->second);
      return FALSE;
    }
  if (r->diastolic == 0 || r->systolic <= r->diastolic || r->pulse == 0)
    {
      g_set_error (error, CABINE_OMRON_ERROR, CABINE_OMRON_ERROR_VALUE,
                   "impossible reading %u/%u mmHg, pulse %u/min", r->systolic, r->diastolic,
                   r->pulse);
      return FALSE;
    }
  return TRUE;
}

void
cabine_omron_reading_encode (const CabineOmronReading *r, guint8 out[14])
{
  guint8 x = 0;

  memset (out, 0, 14);
  out[0] = (guint8) (r->year - 2000);
  out[1] = (guint8) r->month;
  out[2] = (guint8) r->day;
  out[3] = (guint8) r->hour;
  out[4] = (guint8) r->minute;
  out[5] = (guint8) r->second;
  out[8] = (guint8) r->systolic;
  out[9] = (guint8) r->diastolic;
  out[10] = (guint8) r->pulse;
  out[12] = r->flags;
  for (guint i = 0; i < 13; i++)
    x ^= out[i];
  out[13] = x;
}
