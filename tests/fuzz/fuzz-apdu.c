/* fuzz-apdu.c: libFuzzer target for the IEEE 11073-20601 APDU decoder
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Seed corpus: tests/fuzz/corpus/apdu/ (the vectors of ../shared/vectors/ieee11073, as binary).
 * Run: build-fuzz/tests/fuzz/fuzz-apdu tests/fuzz/corpus/apdu
 */
#define G_LOG_DOMAIN "fuzz-apdu"

#include "cabine-apdu.h"
#include "cabine-11073-config.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CabineApdu) apdu = cabine_apdu_decode (data, size, &error);
  CabineDeviceConfig extended;
  const CabineDeviceConfig *configs[6] = {
    cabine_11073_standard_config (CABINE_CONFIG_ID_THERMOMETER),
    cabine_11073_standard_config (CABINE_CONFIG_ID_BLOOD_PRESSURE),
    cabine_11073_standard_config (CABINE_CONFIG_ID_PULSE_OXIMETER),
    cabine_11073_standard_config (CABINE_CONFIG_ID_PULSE_OXIMETER_TIMED),
    cabine_11073_standard_config (CABINE_CONFIG_ID_SCALE),
    NULL,
  };

  g_assert ((apdu == NULL) == (error != NULL));
  if (apdu == NULL)
    return 0;

  /* Go on as the manager would: a configuration report, then fixed or variable observations
   * under every configuration. */
  if (apdu->config_objects != NULL)
    {
      g_autoptr(GError) config_error = NULL;
      if (cabine_11073_config_from_report (apdu, &extended, &config_error))
        configs[5] = &extended;
    }
  if (apdu->observations != NULL)
    for (guint c = 0; c < G_N_ELEMENTS (configs); c++)
      for (guint i = 0; configs[c] != NULL && i < apdu->observations->len; i++)
        {
          const CabineObservation *obs = &g_array_index (apdu->observations, CabineObservation, i);
          const CabineObjectSpec *spec = cabine_11073_config_find (configs[c], obs->handle);
          CabineDecodedValue v;
          g_autoptr(GError) value_error = NULL;

          if (spec == NULL)
            continue;
          if (obs->attributes != NULL ? cabine_11073_decode_var (spec, obs, &v, &value_error)
                                      : cabine_11073_decode_fixed (spec, obs, &v, &value_error))
            cabine_decoded_value_clear (&v);
        }
  return 0;
}
