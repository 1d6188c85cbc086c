/* test-phdc.c: lenient parsing of the USB PHDC class-specific descriptors
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-phdc"

#include "cabine-phdc-transport.h"

static void
test_thermometer (void)
{
  /* interface "extra" of a PHDC thermometer (USB PHDC 1.0 5.3): class function (0x20, data code
   * 0x02, bmCapability 0) then 11073 function extension (0x30, 2 specialisations, LE) */
  static const guint8 extra[] = {
    4, 0x20, 0x02, 0x00,
    8, 0x30, 0x00, 2, 0x08, 0x10, 0x07, 0x10,
  };
  CabinePhdcInfo info;

  cabine_phdc_info_init (&info);
  cabine_phdc_parse_class_descriptors (extra, sizeof extra, &info);
  g_assert_true (info.has_function_desc);
  g_assert_cmphex (info.data_code, ==, CABINE_PHDC_DATA_CODE_11073_20601);
  g_assert_cmpuint (info.n_specializations, ==, 2);
  g_assert_cmphex (info.specializations[0], ==, 0x1008);
  g_assert_cmphex (info.specializations[1], ==, 0x1007);
}

static void
test_lenient (void)
{
  /* unknown descriptor, a 0x30 that claims 3 specialisations but holds 1, then a length past the
   * end: what fits is taken, the rest ignored, nothing read out of bounds */
  static const guint8 extra[] = {
    3, 0x24, 0x99,
    6, 0x30, 0x00, 3, 0x08, 0x10,
    9, 0x20, 0x01,
  };
  static const guint8 vendor[] = { 4, 0x20, 0xFF, 0x00 };
  CabinePhdcInfo info;

  cabine_phdc_info_init (&info);
  cabine_phdc_parse_class_descriptors (extra, sizeof extra, &info);
  g_assert_false (info.has_function_desc);
  g_assert_cmphex (info.data_code, ==, CABINE_PHDC_DATA_CODE_11073_20601);  /* assumed */
  g_assert_cmpuint (info.n_specializations, ==, 1);
  g_assert_cmphex (info.specializations[0], ==, 0x1008);

  cabine_phdc_info_init (&info);
  cabine_phdc_parse_class_descriptors (vendor, sizeof vendor, &info);
  g_assert_cmphex (info.data_code, ==, 0xFF);  /* vendor-defined: not ours */

  /* every prefix, including zero-length: no crash */
  for (gsize n = 0; n <= sizeof extra; n++)
    {
      cabine_phdc_info_init (&info);
      cabine_phdc_parse_class_descriptors (extra, n, &info);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/devices/phdc/thermometer", test_thermometer);
  g_test_add_func ("/devices/phdc/lenient", test_lenient);
  return g_test_run ();
}
