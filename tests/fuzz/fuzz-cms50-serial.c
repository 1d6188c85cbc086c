/* fuzz-cms50-serial.c: libFuzzer target for the Contec CMS50 live serial frame parser
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Input: a byte stream as the CP210x bridge delivers it. Every decoded frame must re-encode to
 * the same 5 bytes and have fields within their widths. Seed corpus: corpus/cms50-serial/.
 */
#define G_LOG_DOMAIN "fuzz-cms50-serial"

#include <string.h>

#include "cabine-cms50-proto.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  CabineCms50Parser parser;
  guint64 frames = 0;

  cabine_cms50_parser_init (&parser);
  for (gsize i = 0; i < size; i++)
    {
      CabineCms50Frame f;
      guint8 again[CABINE_CMS50_FRAME_SIZE];

      if (!cabine_cms50_parser_feed (&parser, data[i], &f))
        continue;
      frames++;
      g_assert (f.pleth <= 127 && f.spo2 <= 127 && f.pulse_rate <= 255 && f.bar_graph <= 15);
      cabine_cms50_frame_encode (&f, again);
      g_assert (memcmp (again, f.raw, sizeof again) == 0);
      if (cabine_cms50_frame_has_reading (&f))
        g_assert (f.spo2 >= 1 && f.spo2 <= 100 && f.pulse_rate >= 1 && f.pulse_rate <= 254);
    }
  g_assert (frames * CABINE_CMS50_FRAME_SIZE + parser.dropped + parser.n == size);
  return 0;
}
