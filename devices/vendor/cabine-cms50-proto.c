/* cabine-cms50-proto.c: live serial frames of Contec CMS50D+-class pulse oximeters
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "cabine-cms50"

#include "cabine-cms50-proto.h"

#include <string.h>

void
cabine_cms50_parser_init (CabineCms50Parser *parser)
{
  memset (parser, 0, sizeof *parser);
}

gboolean
cabine_cms50_frame_decode (const guint8 raw[5], CabineCms50Frame *f)
{
  if (!(raw[0] & 0x80))
    return FALSE;
  for (guint i = 1; i < CABINE_CMS50_FRAME_SIZE; i++)
    if (raw[i] & 0x80)
      return FALSE;
  memcpy (f->raw, raw, CABINE_CMS50_FRAME_SIZE);
  f->signal_strength = raw[0] & 0x0F;
  f->searching_too_long = (raw[0] & 0x10) != 0;
  f->spo2_dropping = (raw[0] & 0x20) != 0;
  f->beep = (raw[0] & 0x40) != 0;
  f->pleth = raw[1] & 0x7F;
  f->bar_graph = raw[2] & 0x0F;
  f->probe_error = (raw[2] & 0x10) != 0;
  f->searching = (raw[2] & 0x20) != 0;
  f->pulse_rate = ((raw[2] & 0x40) << 1) | (raw[3] & 0x7F);
  f->spo2 = raw[4] & 0x7F;
  return TRUE;
}

gboolean
cabine_cms50_parser_feed (CabineCms50Parser *p, guint8 byte, CabineCms50Frame *frame)
{
  if (byte & 0x80)
    {
      p->dropped += p->n;
      p->buf[0] = byte;
      p->n = 1;
      return FALSE;
    }
  if (p->n == 0)
    {
      p->dropped++;
      return FALSE;
    }
  p->buf[p->n++] = byte;
  if (p->n < CABINE_CMS50_FRAME_SIZE)
    return FALSE;
  p->n = 0;
  return cabine_cms50_frame_decode (p->buf, frame);
}

gboolean
cabine_cms50_frame_has_reading (const CabineCms50Frame *f)
{
  return !f->probe_error && !f->searching && f->spo2 >= 1 && f->spo2 <= 100 &&
         f->pulse_rate >= 1 && f->pulse_rate < CABINE_CMS50_NO_PULSE;
}

void
cabine_cms50_frame_encode (const CabineCms50Frame *f, guint8 out[5])
{
  out[0] = 0x80 | (f->beep ? 0x40 : 0) | (f->spo2_dropping ? 0x20 : 0) |
           (f->searching_too_long ? 0x10 : 0) | (f->signal_strength & 0x0F);
  out[1] = f->pleth & 0x7F;
  out[2] = ((f->pulse_rate >> 1) & 0x40) | (f->searching ? 0x20 : 0) |
           (f->probe_error ? 0x10 : 0) | (f->bar_graph & 0x0F);
  out[3] = f->pulse_rate & 0x7F;
  out[4] = f->spo2 & 0x7F;
}
