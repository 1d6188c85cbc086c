/* fuzz-omron-hid.c: libFuzzer target for the Omron HEM-790IT HID report parser
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Input: byte 0 picks the reply length the driver would expect (GDC 8, GME 17, clearing 2,
 * END 5); the rest is cut into 8-byte input reports fed to cabine_omron_reply_feed(), and a
 * complete reply is checked and parsed as the driver would. Seed corpus: corpus/omron-hid/.
 */
#define G_LOG_DOMAIN "fuzz-omron-hid"

#include "cabine-omron-proto.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  static const gsize expected[] = { CABINE_OMRON_GDC_REPLY_LENGTH, CABINE_OMRON_GME_REPLY_LENGTH,
                                    2, 5 };
  CabineOmronReply reply;

  if (size < 1)
    return 0;
  cabine_omron_reply_init (&reply, expected[data[0] % G_N_ELEMENTS (expected)]);
  for (gsize off = 1; off < size; off += CABINE_OMRON_REPORT_SIZE)
    {
      g_autoptr(GError) error = NULL;
      gboolean complete = FALSE;
      gsize len = MIN ((gsize) CABINE_OMRON_REPORT_SIZE, size - off);

      if (!cabine_omron_reply_feed (&reply, data + off, len, &complete, &error))
        {
          g_assert (error != NULL && error->domain == CABINE_OMRON_ERROR);
          return 0;
        }
      if (complete)
        {
          CabineOmronReading r;
          guint count;

          if (!cabine_omron_reply_check (&reply, &error))
            return 0;
          if (reply.expected == CABINE_OMRON_GME_REPLY_LENGTH &&
              cabine_omron_parse_reading (&reply, &r, &error))
            g_assert (r.systolic > r.diastolic && r.month >= 1 && r.month <= 12);
          else if (reply.expected == CABINE_OMRON_GDC_REPLY_LENGTH)
            g_assert (cabine_omron_parse_count (&reply, &count, NULL));
          return 0;
        }
    }
  return 0;
}
