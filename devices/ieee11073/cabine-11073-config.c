/* cabine-11073-config.c: agent configurations as data
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "cabine-11073-config"

#include "cabine-11073-config.h"

#include <string.h>

#define TIME_ABS { CABINE_MDC_ATTR_TIME_STAMP_ABS, CABINE_MDER_ABSOLUTE_TIME_SIZE }

static const CabineDeviceConfig standard_configs[] = {
  /* IEEE 11073-10408 6.4, Table 2: one Numeric, handle 1, body temperature in °C,
   * attribute-value-map: simple-nu (FLOAT) + absolute time stamp. */
  { CABINE_CONFIG_ID_THERMOMETER, "thermometer", 1, {
      { 1, CABINE_MDC_TEMP_BODY, CABINE_MDC_DIM_DEGC, 2,
        { { CABINE_MDC_ATTR_NU_VAL_OBS_SIMP, 4 }, TIME_ABS } },
  } },
  /* IEEE 11073-10407 6.4: handle 1 systolic/diastolic/MAP compound basic-nu (3 SFLOATs) + time,
   * handle 2 pulse rate basic-nu (SFLOAT) + time. */
  { CABINE_CONFIG_ID_BLOOD_PRESSURE, "blood-pressure", 2, {
      { 1, CABINE_MDC_PRESS_BLD_NONINV, CABINE_MDC_DIM_MMHG, 2,
        { { CABINE_MDC_ATTR_NU_CMPD_VAL_OBS_BASIC, 10 }, TIME_ABS } },
      { 2, CABINE_MDC_PULS_RATE_NON_INV, CABINE_MDC_DIM_BEAT_PER_MIN, 2,
        { { CABINE_MDC_ATTR_NU_VAL_OBS_BASIC, 2 }, TIME_ABS } },
  } },
  /* IEEE 11073-10404 6.4, configuration 400: handle 1 SpO2 (%), handle 10 pulse rate (bpm), each
   * a basic-nu (SFLOAT) alone: this configuration carries no time stamp. */
  { CABINE_CONFIG_ID_PULSE_OXIMETER, "pulse-oximeter", 2, {
      { 1, CABINE_MDC_PULS_OXIM_SAT_O2, CABINE_MDC_DIM_PERCENT, 1,
        { { CABINE_MDC_ATTR_NU_VAL_OBS_BASIC, 2 } } },
      { 10, CABINE_MDC_PULS_OXIM_PULS_RATE, CABINE_MDC_DIM_BEAT_PER_MIN, 1,
        { { CABINE_MDC_ATTR_NU_VAL_OBS_BASIC, 2 } } },
  } },
  /* IEEE 11073-10404 6.4, configuration 401: the same objects, basic-nu + absolute time stamp. */
  { CABINE_CONFIG_ID_PULSE_OXIMETER_TIMED, "pulse-oximeter", 2, {
      { 1, CABINE_MDC_PULS_OXIM_SAT_O2, CABINE_MDC_DIM_PERCENT, 2,
        { { CABINE_MDC_ATTR_NU_VAL_OBS_BASIC, 2 }, TIME_ABS } },
      { 10, CABINE_MDC_PULS_OXIM_PULS_RATE, CABINE_MDC_DIM_BEAT_PER_MIN, 2,
        { { CABINE_MDC_ATTR_NU_VAL_OBS_BASIC, 2 }, TIME_ABS } },
  } },
  /* IEEE 11073-10415 6.4, configuration 1500: handle 1 body weight in kg, simple-nu (FLOAT) +
   * absolute time stamp. */
  { CABINE_CONFIG_ID_SCALE, "scale", 1, {
      { 1, CABINE_MDC_MASS_BODY_ACTUAL, CABINE_MDC_DIM_KILO_G, 2,
        { { CABINE_MDC_ATTR_NU_VAL_OBS_SIMP, 4 }, TIME_ABS } },
  } },
};

const CabineDeviceConfig *
cabine_11073_standard_config (guint16 dev_config_id)
{
  for (guint i = 0; i < G_N_ELEMENTS (standard_configs); i++)
    if (standard_configs[i].dev_config_id == dev_config_id)
      return &standard_configs[i];
  return NULL;
}

const CabineObjectSpec *
cabine_11073_config_find (const CabineDeviceConfig *config, guint16 handle)
{
  for (guint i = 0; i < config->n_objects; i++)
    if (config->objects[i].handle == handle)
      return &config->objects[i];
  return NULL;
}

static guint16
be16 (const guint8 *p)
{
  return (guint16) (p[0] << 8 | p[1]);
}

/* An AttrValMap (count, length, {attribute-id, attribute-len}…) at @p of @avail bytes into
 * @map/@n_map. Returns its encoded size, 0 with @error when malformed. */
static gsize
parse_value_map (const guint8 *p, gsize avail, gsize offset, guint16 handle,
                 CabineValueMapEntry *map, guint *n_map, GError **error)
{
  guint16 count, len;

  if (avail < 4)
    goto bad;
  count = be16 (p);
  len = be16 (p + 2);
  if (len > avail - 4 || len != count * 4u || count > CABINE_MAX_MAP_ENTRIES)
    goto bad;
  *n_map = count;
  for (guint j = 0; j < count; j++)
    {
      map[j].attr_id = be16 (p + 4 + 4 * j);
      map[j].len = be16 (p + 6 + 4 * j);
    }
  return 4 + (gsize) len;

bad:
  g_set_error (error, CABINE_MDER_ERROR, CABINE_MDER_ERROR_BAD_LENGTH,
               "offset %" G_GSIZE_FORMAT ": attribute-value-map of handle %u is malformed or has "
               "more than %d entries", offset, handle, CABINE_MAX_MAP_ENTRIES);
  return 0;
}

static gboolean
parse_numeric (const CabineConfigObject *o, CabineObjectSpec *spec, GError **error)
{
  const CabineAva *type, *unit, *map;

  spec->handle = o->handle;
  type = cabine_apdu_find_ava (o->attributes, CABINE_MDC_ATTR_ID_TYPE);
  unit = cabine_apdu_find_ava (o->attributes, CABINE_MDC_ATTR_UNIT_CODE);
  map = cabine_apdu_find_ava (o->attributes, CABINE_MDC_ATTR_ATTRIBUTE_VAL_MAP);
  if (type == NULL || unit == NULL || map == NULL)
    {
      g_set_error (error, CABINE_MDER_ERROR, CABINE_MDER_ERROR_UNSUPPORTED,
                   "numeric handle %u lacks its %s", o->handle,
                   type == NULL ? "MDC_ATTR_ID_TYPE" : unit == NULL ? "MDC_ATTR_UNIT_CODE"
                                                                    : "MDC_ATTR_ATTRIBUTE_VAL_MAP");
      return FALSE;
    }
  if (type->len != 4 || unit->len != 2)
    {
      g_set_error (error, CABINE_MDER_ERROR, CABINE_MDER_ERROR_BAD_LENGTH,
                   "offset %" G_GSIZE_FORMAT ": numeric handle %u has a malformed type or unit",
                   type->len != 4 ? type->offset : unit->offset, o->handle);
      return FALSE;
    }
  spec->type_code = be16 (type->value + 2);
  spec->unit_code = be16 (unit->value);
  if (parse_value_map (map->value, map->len, map->offset, o->handle, spec->map, &spec->n_map,
                       error) != map->len)
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, CABINE_MDER_ERROR, CABINE_MDER_ERROR_BAD_LENGTH,
                     "offset %" G_GSIZE_FORMAT ": attribute-value-map of handle %u has trailing "
                     "bytes", map->offset, o->handle);
      return FALSE;
    }
  return TRUE;
}

/* A configurable scanner (20601 6.3.9): its Scan-Handle-Attr-Val-Map (HandleAttrValMap: count,
 * length, {obj-handle, AttrValMap}…) and its Confirm-Mode. Handles are checked later. */
static gboolean
parse_scanner (const CabineConfigObject *o, CabineScannerSpec *scanner, GError **error)
{
  const CabineAva *map = cabine_apdu_find_ava (o->attributes,
                                               CABINE_MDC_ATTR_SCAN_HANDLE_ATTR_VAL_MAP);
  const CabineAva *confirm = cabine_apdu_find_ava (o->attributes, CABINE_MDC_ATTR_CONFIRM_MODE);
  guint16 count, len;
  gsize pos = 4;

  scanner->handle = o->handle;
  scanner->obj_class = o->obj_class;
  scanner->confirm_mode = confirm != NULL && confirm->len == 2 ? be16 (confirm->value) : 0;
  if (map == NULL)
    {
      g_set_error (error, CABINE_MDER_ERROR, CABINE_MDER_ERROR_UNSUPPORTED,
                   "scanner handle %u lacks its MDC_ATTR_SCAN_HANDLE_ATTR_VAL_MAP", o->handle);
      return FALSE;
    }
  if (map->len < 4 || (len = be16 (map->value + 2)) != map->len - 4u)
    {
      g_set_error (error, CABINE_MDER_ERROR, CABINE_MDER_ERROR_BAD_LENGTH,
                   "offset %" G_GSIZE_FORMAT ": Scan-Handle-Attr-Val-Map of scanner %u does not "
                   "fill its attribute", map->offset, o->handle);
      return FALSE;
    }
  count = be16 (map->value);
  if (count > CABINE_MAX_OBJECTS)
    {
      g_set_error (error, CABINE_MDER_ERROR, CABINE_MDER_ERROR_UNSUPPORTED,
                   "scanner %u maps %u objects (at most %d supported)", o->handle, count,
                   CABINE_MAX_OBJECTS);
      return FALSE;
    }
  for (guint i = 0; i < count; i++)
    {
      CabineScanEntry *e = &scanner->entries[scanner->n_entries++];
      gsize used;

      if (map->len - pos < 2)
        goto truncated;
      e->handle = be16 (map->value + pos);
      pos += 2;
      used = parse_value_map (map->value + pos, map->len - pos, map->offset + pos, e->handle,
                              e->map, &e->n_map, error);
      if (used == 0)
        return FALSE;
      pos += used;
    }
  if (pos == map->len)
    return TRUE;

truncated:
  g_set_error (error, CABINE_MDER_ERROR, CABINE_MDER_ERROR_BAD_LENGTH,
               "offset %" G_GSIZE_FORMAT ": Scan-Handle-Attr-Val-Map of scanner %u: %u entries "
               "do not fill its %u bytes", map->offset, o->handle, count, map->len);
  return FALSE;
}

gboolean
cabine_11073_config_from_report (const CabineApdu *apdu, CabineDeviceConfig *out, GError **error)
{
  memset (out, 0, sizeof *out);
  out->dev_config_id = apdu->config_report_id;
  out->name = "extended";

  if (apdu->config_objects == NULL)
    {
      g_set_error (error, CABINE_MDER_ERROR, CABINE_MDER_ERROR_UNSUPPORTED,
                   "configuration 0x%04X has no object list", apdu->config_report_id);
      return FALSE;
    }

  for (guint i = 0; i < apdu->config_objects->len; i++)
    {
      const CabineConfigObject *o = g_ptr_array_index (apdu->config_objects, i);
      guint n = 0, max = 0;

      switch (o->obj_class)
        {
        case CABINE_MDC_MOC_VMO_METRIC_NU:
          n = out->n_objects, max = CABINE_MAX_OBJECTS;
          break;
        case CABINE_MDC_MOC_SCAN_CFG_EPI:
        case CABINE_MDC_MOC_SCAN_CFG_PERI:
          n = out->n_scanners, max = CABINE_MAX_SCANNERS;
          break;
        case CABINE_MDC_MOC_VMO_PMSTORE:
          n = out->n_pm_stores, max = CABINE_MAX_PM_STORES;
          break;
        default:
          g_set_error (error, CABINE_MDER_ERROR, CABINE_MDER_ERROR_UNSUPPORTED,
                       "object handle %u has class %u; supported: numerics (%u), configurable "
                       "scanners (%u, %u) and PM-stores (%u)", o->handle, o->obj_class,
                       CABINE_MDC_MOC_VMO_METRIC_NU, CABINE_MDC_MOC_SCAN_CFG_EPI,
                       CABINE_MDC_MOC_SCAN_CFG_PERI, CABINE_MDC_MOC_VMO_PMSTORE);
          return FALSE;
        }
      if (n >= max)
        {
          g_set_error (error, CABINE_MDER_ERROR, CABINE_MDER_ERROR_UNSUPPORTED,
                       "configuration 0x%04X has more than %u objects of class %u",
                       apdu->config_report_id, max, o->obj_class);
          return FALSE;
        }
      if (o->obj_class == CABINE_MDC_MOC_VMO_METRIC_NU)
        {
          if (!parse_numeric (o, &out->objects[out->n_objects++], error))
            return FALSE;
        }
      else if (o->obj_class == CABINE_MDC_MOC_VMO_PMSTORE)
        out->pm_store_handles[out->n_pm_stores++] = o->handle;
      else if (!parse_scanner (o, &out->scanners[out->n_scanners++], error))
        return FALSE;
    }

  /* every object a scanner reports must be a numeric of this configuration */
  for (guint i = 0; i < out->n_scanners; i++)
    for (guint j = 0; j < out->scanners[i].n_entries; j++)
      if (cabine_11073_config_find (out, out->scanners[i].entries[j].handle) == NULL)
        {
          g_set_error (error, CABINE_MDER_ERROR, CABINE_MDER_ERROR_UNSUPPORTED,
                       "scanner %u maps handle %u, which is not a numeric of configuration "
                       "0x%04X", out->scanners[i].handle, out->scanners[i].entries[j].handle,
                       apdu->config_report_id);
          return FALSE;
        }
  return TRUE;
}

const CabineScannerSpec *
cabine_11073_config_find_scanner (const CabineDeviceConfig *config, guint16 handle)
{
  for (guint i = 0; i < config->n_scanners; i++)
    if (config->scanners[i].handle == handle)
      return &config->scanners[i];
  return NULL;
}

gboolean
cabine_11073_config_split_grouped (const CabineDeviceConfig *config,
                                   const CabineObservation *grouped, CabineObservation *parts,
                                   CabineObjectSpec *specs, guint *n_parts, GError **error)
{
  const CabineScannerSpec *scanner = cabine_11073_config_find_scanner (config, grouped->handle);
  gsize pos = 0;

  *n_parts = 0;
  if (scanner == NULL)
    {
      g_set_error (error, CABINE_MDER_ERROR, CABINE_MDER_ERROR_BAD_VALUE,
                   "offset %" G_GSIZE_FORMAT ": grouped report from obj-handle %u, which is not "
                   "a configurable scanner of configuration 0x%04X", grouped->offset,
                   grouped->handle, config->dev_config_id);
      return FALSE;
    }
  for (guint i = 0; i < scanner->n_entries; i++)
    for (guint j = 0; j < scanner->entries[i].n_map; j++)
      pos += scanner->entries[i].map[j].len;
  if (pos != grouped->len)
    {
      g_set_error (error, CABINE_MDER_ERROR, CABINE_MDER_ERROR_BAD_LENGTH,
                   "offset %" G_GSIZE_FORMAT ": grouped observation of scanner %u is %u bytes, "
                   "its Scan-Handle-Attr-Val-Map describes %" G_GSIZE_FORMAT, grouped->offset,
                   grouped->handle, grouped->len, pos);
      return FALSE;
    }
  pos = 0;
  for (guint i = 0; i < scanner->n_entries; i++)
    {
      const CabineScanEntry *e = &scanner->entries[i];
      const CabineObjectSpec *object = cabine_11073_config_find (config, e->handle);
      gsize len = 0;

      g_assert (object != NULL);  /* checked by cabine_11073_config_from_report() */
      for (guint j = 0; j < e->n_map; j++)
        len += e->map[j].len;
      specs[i] = *object;
      specs[i].n_map = e->n_map;
      memcpy (specs[i].map, e->map, sizeof e->map);
      parts[i] = (CabineObservation) { .handle = e->handle, .person_id = grouped->person_id,
                                       .value = grouped->value + pos, .len = (guint16) len,
                                       .offset = grouped->offset + pos };
      pos += len;
    }
  *n_parts = scanner->n_entries;
  return TRUE;
}

/* Remembered extended configurations: "<system-id hex>/<config id>" → CabineDeviceConfig */
static GMutex cache_lock;
static GHashTable *cache;

static char *
cache_key (const guint8 *system_id, guint16 dev_config_id)
{
  return g_strdup_printf ("%02x%02x%02x%02x%02x%02x%02x%02x/%04x", system_id[0], system_id[1],
                          system_id[2], system_id[3], system_id[4], system_id[5], system_id[6],
                          system_id[7], dev_config_id);
}

void
cabine_11073_config_remember (const guint8 *system_id, const CabineDeviceConfig *config)
{
  g_mutex_lock (&cache_lock);
  if (cache == NULL)
    cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_hash_table_replace (cache, cache_key (system_id, config->dev_config_id),
                        g_memdup2 (config, sizeof *config));
  g_mutex_unlock (&cache_lock);
}

gboolean
cabine_11073_config_lookup (const guint8 *system_id, guint16 dev_config_id, CabineDeviceConfig *out)
{
  g_autofree char *key = cache_key (system_id, dev_config_id);
  const CabineDeviceConfig *found = NULL;

  g_mutex_lock (&cache_lock);
  if (cache != NULL)
    found = g_hash_table_lookup (cache, key);
  if (found != NULL)
    *out = *found;
  g_mutex_unlock (&cache_lock);
  return found != NULL;
}

void
cabine_11073_config_forget_all (void)
{
  g_mutex_lock (&cache_lock);
  g_clear_pointer (&cache, g_hash_table_unref);
  g_mutex_unlock (&cache_lock);
}

void
cabine_decoded_value_clear (CabineDecodedValue *v)
{
  g_clear_pointer (&v->time, g_date_time_unref);
}

static gboolean
kind_for (guint16 type_code, CabineMeasurementKind *kind)
{
  switch (type_code)
    {
    case CABINE_MDC_TEMP_BODY: *kind = CABINE_MEASUREMENT_BODY_TEMPERATURE; return TRUE;
    case CABINE_MDC_PRESS_BLD_NONINV: *kind = CABINE_MEASUREMENT_BLOOD_PRESSURE; return TRUE;
    case CABINE_MDC_PULS_RATE_NON_INV:
    case CABINE_MDC_PULS_OXIM_PULS_RATE: *kind = CABINE_MEASUREMENT_PULSE_RATE; return TRUE;
    case CABINE_MDC_PULS_OXIM_SAT_O2: *kind = CABINE_MEASUREMENT_SPO2; return TRUE;
    case CABINE_MDC_MASS_BODY_ACTUAL: *kind = CABINE_MEASUREMENT_BODY_WEIGHT; return TRUE;
    default: return FALSE;
    }
}

static void
add_number (CabineDecodedValue *out, CabineMderNumberStatus status, double v)
{
  if (status != CABINE_MDER_NUMBER_VALID && out->status == CABINE_MDER_NUMBER_VALID)
    out->status = status;
  if (out->n_values < G_N_ELEMENTS (out->values))
    out->values[out->n_values++] = v;
}

static const guint16 standard_units[] = {
  [CABINE_MEASUREMENT_BODY_TEMPERATURE] = CABINE_MDC_DIM_DEGC,
  [CABINE_MEASUREMENT_BLOOD_PRESSURE] = CABINE_MDC_DIM_MMHG,
  [CABINE_MEASUREMENT_PULSE_RATE] = CABINE_MDC_DIM_BEAT_PER_MIN,
  [CABINE_MEASUREMENT_SPO2] = CABINE_MDC_DIM_PERCENT,
  [CABINE_MEASUREMENT_BODY_WEIGHT] = CABINE_MDC_DIM_KILO_G,
};

static guint32
be32 (const guint8 *p)
{
  return (guint32) p[0] << 24 | (guint32) p[1] << 16 | (guint32) p[2] << 8 | p[3];
}

/* One attribute of an observation (@p, @len bytes at APDU @offset) into @out. @unit is updated
 * when the attribute carries one (NuObsValue, MDC_ATTR_UNIT_CODE). Unknown attributes are
 * skipped. Returns FALSE with @error for a bad length or time. */
static gboolean
decode_attribute (CabineDecodedValue *out, guint16 handle, guint16 attr_id, const guint8 *p,
                  guint16 len, gsize offset, guint16 *unit, GError **error)
{
  double v = 0.0;
  CabineMderNumberStatus st;

  switch (attr_id)
    {
    case CABINE_MDC_ATTR_NU_VAL_OBS_SIMP:
      if (len != 4)
        goto bad_len;
      st = cabine_mder_float_decode (be32 (p), &v);
      add_number (out, st, v);
      break;
    case CABINE_MDC_ATTR_NU_VAL_OBS_BASIC:
      if (len != 2)
        goto bad_len;
      st = cabine_mder_sfloat_decode (be16 (p), &v);
      add_number (out, st, v);
      break;
    case CABINE_MDC_ATTR_NU_VAL_OBS:
      /* NuObsValue (A.11.7): metric-id, state (MeasurementStatus), unit-code, value FLOAT */
      if (len != 10)
        goto bad_len;
      out->msmt_status = be16 (p + 2);
      *unit = be16 (p + 4);
      st = cabine_mder_float_decode (be32 (p + 6), &v);
      add_number (out, st, v);
      break;
    case CABINE_MDC_ATTR_NU_CMPD_VAL_OBS_BASIC:
    case CABINE_MDC_ATTR_NU_CMPD_VAL_OBS_SIMP:
      {
        /* BasicNuObsValueCmp / SimpleNuObsValueCmp: count, length, SFLOATs or FLOATs */
        guint size = attr_id == CABINE_MDC_ATTR_NU_CMPD_VAL_OBS_BASIC ? 2 : 4;
        guint16 count, clen;

        if (len < 4)
          goto bad_len;
        count = be16 (p);
        clen = be16 (p + 2);
        if (clen != len - 4 || clen != count * size)
          goto bad_len;
        for (guint j = 0; j < count; j++)
          {
            st = size == 2 ? cabine_mder_sfloat_decode (be16 (p + 4 + 2 * j), &v)
                           : cabine_mder_float_decode (be32 (p + 4 + 4 * j), &v);
            add_number (out, st, v);
          }
      }
      break;
    case CABINE_MDC_ATTR_UNIT_CODE:
      if (len != 2)
        goto bad_len;
      *unit = be16 (p);
      break;
    case CABINE_MDC_ATTR_TIME_STAMP_ABS:
      if (len != CABINE_MDER_ABSOLUTE_TIME_SIZE)
        goto bad_len;
      g_clear_pointer (&out->time, g_date_time_unref);
      out->time = cabine_mder_absolute_time_decode (p, NULL, error);
      if (out->time == NULL)
        {
          g_prefix_error (error, "offset %" G_GSIZE_FORMAT ": ", offset);
          return FALSE;
        }
      break;
    case CABINE_MDC_ATTR_MSMT_STAT:
      if (len != 2)
        goto bad_len;
      out->msmt_status = be16 (p);
      break;
    default:
      break;  /* an attribute this kiosk does not use: its length is known, skip it */
    }
  return TRUE;

bad_len:
  g_set_error (error, CABINE_MDER_ERROR, CABINE_MDER_ERROR_BAD_LENGTH,
               "offset %" G_GSIZE_FORMAT ": attribute 0x%04X of handle %u has a bad length %u",
               offset, attr_id, handle, len);
  return FALSE;
}

/* Converts to the kind's standard unit (°F → °C) or refuses an unknown unit. */
static gboolean
finish_units (CabineDecodedValue *out, guint16 handle, guint16 unit, GError **error)
{
  if (!out->known_kind || out->status != CABINE_MDER_NUMBER_VALID)
    return TRUE;
  if (out->kind == CABINE_MEASUREMENT_BODY_TEMPERATURE && unit == CABINE_MDC_DIM_FAHR)
    {
      for (guint i = 0; i < out->n_values; i++)
        out->values[i] = (out->values[i] - 32.0) * 5.0 / 9.0;
    }
  else if (unit != standard_units[out->kind])
    {
      cabine_decoded_value_clear (out);
      g_set_error (error, CABINE_MDER_ERROR, CABINE_MDER_ERROR_BAD_VALUE,
                   "handle %u: unit 0x%04X cannot be converted to the standard unit 0x%04X",
                   handle, unit, standard_units[out->kind]);
      return FALSE;
    }
  return TRUE;
}

gboolean
cabine_11073_decode_fixed (const CabineObjectSpec *spec, const CabineObservation *obs,
                           CabineDecodedValue *out, GError **error)
{
  gsize total = 0, pos = 0;
  guint16 unit = spec->unit_code;

  memset (out, 0, sizeof *out);
  out->known_kind = kind_for (spec->type_code, &out->kind);

  for (guint i = 0; i < spec->n_map; i++)
    total += spec->map[i].len;
  if (total != obs->len)
    {
      g_set_error (error, CABINE_MDER_ERROR, CABINE_MDER_ERROR_BAD_LENGTH,
                   "offset %" G_GSIZE_FORMAT ": observed-value of handle %u is %u bytes, its "
                   "attribute-value-map says %" G_GSIZE_FORMAT, obs->offset, obs->handle,
                   obs->len, total);
      return FALSE;
    }

  for (guint i = 0; i < spec->n_map; i++)
    {
      if (!decode_attribute (out, obs->handle, spec->map[i].attr_id, obs->value + pos,
                             spec->map[i].len, obs->offset + pos, &unit, error))
        {
          cabine_decoded_value_clear (out);
          return FALSE;
        }
      pos += spec->map[i].len;
    }
  return finish_units (out, obs->handle, unit, error);
}

gboolean
cabine_11073_decode_var (const CabineObjectSpec *spec, const CabineObservation *obs,
                         CabineDecodedValue *out, GError **error)
{
  guint16 unit = spec->unit_code;

  memset (out, 0, sizeof *out);
  out->known_kind = kind_for (spec->type_code, &out->kind);
  for (guint i = 0; obs->attributes != NULL && i < obs->attributes->len; i++)
    {
      const CabineAva *a = &g_array_index (obs->attributes, CabineAva, i);

      if (!decode_attribute (out, obs->handle, a->id, a->value, a->len, a->offset, &unit, error))
        {
          cabine_decoded_value_clear (out);
          return FALSE;
        }
    }
  if (out->n_values == 0 && out->status == CABINE_MDER_NUMBER_VALID)
    {
      cabine_decoded_value_clear (out);
      g_set_error (error, CABINE_MDER_ERROR, CABINE_MDER_ERROR_BAD_VALUE,
                   "offset %" G_GSIZE_FORMAT ": variable observation of handle %u has no "
                   "observed value", obs->offset, obs->handle);
      return FALSE;
    }
  return finish_units (out, obs->handle, unit, error);
}
