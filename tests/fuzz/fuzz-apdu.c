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

/* An extended configuration with an episodic scanner (handle 55) reporting numerics 1 (SpO2,
 * basic-nu + time) and 10 (pulse, basic-nu), for grouped reports (seed po-*-grouped.bin). */
static const CabineDeviceConfig scanner_config = {
  .dev_config_id = 0x4000, .name = "extended", .n_objects = 2,
  .objects = {
    { 1, CABINE_MDC_PULS_OXIM_SAT_O2, CABINE_MDC_DIM_PERCENT, 2,
      { { CABINE_MDC_ATTR_NU_VAL_OBS_BASIC, 2 }, { CABINE_MDC_ATTR_TIME_STAMP_ABS, 8 } } },
    { 10, CABINE_MDC_PULS_OXIM_PULS_RATE, CABINE_MDC_DIM_BEAT_PER_MIN, 2,
      { { CABINE_MDC_ATTR_NU_VAL_OBS_BASIC, 2 }, { CABINE_MDC_ATTR_TIME_STAMP_ABS, 8 } } },
  },
  .n_scanners = 1,
  .scanners = { { 55, CABINE_MDC_MOC_SCAN_CFG_EPI, 1, 2, {
    { 1, 2, { { CABINE_MDC_ATTR_NU_VAL_OBS_BASIC, 2 }, { CABINE_MDC_ATTR_TIME_STAMP_ABS, 8 } } },
    { 10, 2, { { CABINE_MDC_ATTR_NU_VAL_OBS_BASIC, 2 }, { CABINE_MDC_ATTR_TIME_STAMP_ABS, 8 } } },
  } } },
};

static void
decode_one (const CabineObjectSpec *spec, const CabineObservation *obs, gboolean var)
{
  CabineDecodedValue v;
  g_autoptr(GError) value_error = NULL;

  if (var ? cabine_11073_decode_var (spec, obs, &v, &value_error)
          : cabine_11073_decode_fixed (spec, obs, &v, &value_error))
    cabine_decoded_value_clear (&v);
}

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CabineApdu) apdu = cabine_apdu_decode (data, size, &error);
  CabineDeviceConfig extended;
  const CabineDeviceConfig *configs[7] = {
    cabine_11073_standard_config (CABINE_CONFIG_ID_THERMOMETER),
    cabine_11073_standard_config (CABINE_CONFIG_ID_BLOOD_PRESSURE),
    cabine_11073_standard_config (CABINE_CONFIG_ID_PULSE_OXIMETER),
    cabine_11073_standard_config (CABINE_CONFIG_ID_PULSE_OXIMETER_TIMED),
    cabine_11073_standard_config (CABINE_CONFIG_ID_SCALE),
    &scanner_config,
    NULL,
  };

  g_assert ((apdu == NULL) == (error != NULL));
  if (apdu == NULL)
    return 0;

  /* Go on as the manager would: a configuration report, then fixed, variable or grouped
   * observations under every configuration. */
  if (apdu->config_objects != NULL)
    {
      g_autoptr(GError) config_error = NULL;
      if (cabine_11073_config_from_report (apdu, &extended, &config_error))
        configs[6] = &extended;
    }
  if (apdu->observations != NULL)
    for (guint c = 0; c < G_N_ELEMENTS (configs); c++)
      for (guint i = 0; configs[c] != NULL && i < apdu->observations->len; i++)
        {
          const CabineObservation *obs = &g_array_index (apdu->observations, CabineObservation, i);
          const CabineObjectSpec *spec;

          if (apdu->scan_format == CABINE_SCAN_FORMAT_GROUPED)
            {
              CabineObservation parts[CABINE_MAX_OBJECTS];
              CabineObjectSpec specs[CABINE_MAX_OBJECTS];
              g_autoptr(GError) split_error = NULL;
              guint n;

              if (cabine_11073_config_split_grouped (configs[c], obs, parts, specs, &n,
                                                     &split_error))
                for (guint j = 0; j < n; j++)
                  decode_one (&specs[j], &parts[j], FALSE);
              continue;
            }
          spec = cabine_11073_config_find (configs[c], obs->handle);
          if (spec != NULL)
            decode_one (spec, obs, obs->attributes != NULL);
        }
  return 0;
}
