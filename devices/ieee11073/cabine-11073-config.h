/* cabine-11073-config.h: agent configurations as data (standard and agent-described)
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A configuration lists an agent's metric objects: handle, nomenclature type, unit and the
 * attribute-value-map that lays out each object's bytes in a fixed-format scan report
 * (IEEE 11073-20601 6.3.2.x "Attribute-Value-Map", A.11.5 ScanReportInfoFixed).
 * Standard configurations: IEEE 11073-10408 (thermometer, 6.4, dev-config-id 0x0320) and
 * IEEE 11073-10407 (blood pressure, 6.4, 0x02BC), IEEE 11073-10404 (pulse oximeter, 6.4: 0x0190
 * without and 0x0191 with time stamps) and IEEE 11073-10415 (weighing scale, 6.4, 0x05DC). The
 * object/attribute-value-map layouts were checked against the public description of these
 * configurations in signove/antidote src/specializations/ (read, not copied).
 */
#pragma once

#include <glib.h>
#include "cabine-apdu.h"
#include "cabine-measurement.h"

G_BEGIN_DECLS

/* Nomenclature (IEEE 11073-10101, partition 2 SCADA; units partition 4 DIM) */
#define CABINE_MDC_TEMP_BODY          0x4B5C /* 19292 */
#define CABINE_MDC_PRESS_BLD_NONINV   0x4A04
#define CABINE_MDC_PRESS_BLD_NONINV_SYS  0x4A05
#define CABINE_MDC_PRESS_BLD_NONINV_DIA  0x4A06
#define CABINE_MDC_PRESS_BLD_NONINV_MEAN 0x4A07
#define CABINE_MDC_PULS_RATE_NON_INV  0x482A
#define CABINE_MDC_PULS_OXIM_PULS_RATE 0x481A
#define CABINE_MDC_PULS_OXIM_SAT_O2   0x4BB8
#define CABINE_MDC_MASS_BODY_ACTUAL   0xE140
#define CABINE_MDC_DIM_DEGC           0x17A0
#define CABINE_MDC_DIM_FAHR           0x1140
#define CABINE_MDC_DIM_MMHG           0x0F20
#define CABINE_MDC_DIM_PERCENT        0x0220
#define CABINE_MDC_DIM_BEAT_PER_MIN   0x0AA0
#define CABINE_MDC_DIM_KILO_G         0x06C3
#define CABINE_MDC_PART_SCADA         2

#define CABINE_CONFIG_ID_THERMOMETER  0x0320 /* IEEE 11073-10408 standard configuration */
#define CABINE_CONFIG_ID_BLOOD_PRESSURE 0x02BC /* IEEE 11073-10407 standard configuration */
#define CABINE_CONFIG_ID_PULSE_OXIMETER 0x0190 /* IEEE 11073-10404, no time stamps */
#define CABINE_CONFIG_ID_PULSE_OXIMETER_TIMED 0x0191 /* IEEE 11073-10404, absolute time stamps */
#define CABINE_CONFIG_ID_SCALE        0x05DC /* IEEE 11073-10415 standard configuration */

#define CABINE_MAX_MAP_ENTRIES 6
#define CABINE_MAX_OBJECTS 8

/** CabineValueMapEntry: one AttrValMapEntry (attribute-id, attribute-len). */
typedef struct {
  guint16 attr_id;
  guint16 len;
} CabineValueMapEntry;

/** CabineObjectSpec: one numeric metric object of a configuration. */
typedef struct {
  guint16 handle;
  guint16 type_code;  /* MDC_ATTR_ID_TYPE code, partition SCADA */
  guint16 unit_code;  /* MDC_ATTR_UNIT_CODE */
  guint n_map;
  CabineValueMapEntry map[CABINE_MAX_MAP_ENTRIES];
} CabineObjectSpec;

/** CabineDeviceConfig: a configuration. */
typedef struct {
  guint16 dev_config_id;
  const char *name;        /* "thermometer", … (static) */
  guint n_objects;
  CabineObjectSpec objects[CABINE_MAX_OBJECTS];
} CabineDeviceConfig;

/** cabine_11073_standard_config: the standard configuration @dev_config_id, or %NULL if this
 * manager does not know it (then the agent is answered accepted-unknown-config). (transfer none) */
const CabineDeviceConfig *cabine_11073_standard_config (guint16 dev_config_id);

/**
 * cabine_11073_config_from_report:
 * @apdu: a decoded MDC_NOTI_CONFIG event report
 * @out: (out caller-allocates): the configuration
 * @error: %CABINE_MDER_ERROR_UNSUPPORTED when an object is not a numeric (MDC_MOC_VMO_METRIC_NU),
 *   lacks a type, a unit or an attribute-value-map, or has more objects/entries than supported;
 *   BAD_LENGTH when an attribute's value does not match its declared shape
 *
 * Returns: %TRUE when the configuration is usable (answer accepted-config).
 */
gboolean cabine_11073_config_from_report (const CabineApdu *apdu, CabineDeviceConfig *out,
                                          GError **error);

/** cabine_11073_config_find: the object with @handle, or %NULL. (transfer none) */
const CabineObjectSpec *cabine_11073_config_find (const CabineDeviceConfig *config, guint16 handle);

/**
 * cabine_11073_config_remember:
 * @system_id: (array fixed-size=8): the agent's EUI-64 (AARQ system-id)
 * @config: an extended configuration the manager accepted (copied)
 *
 * Remembers @config for this agent so that its next AARQ with the same dev-config-id is answered
 * "accepted" at once instead of asking for the configuration again (20601 8.5.3: a manager that
 * already holds an agent's extended configuration may accept it). The memory is per process
 * (thread-safe), not persisted: a kiosk restart asks each agent once more.
 */
void cabine_11073_config_remember (const guint8 *system_id, const CabineDeviceConfig *config);

/**
 * cabine_11073_config_lookup:
 * @system_id: (array fixed-size=8): the agent's EUI-64
 * @dev_config_id: the configuration the agent announces
 * @out: (out caller-allocates): the remembered configuration
 *
 * Returns: %TRUE when it was remembered.
 */
gboolean cabine_11073_config_lookup (const guint8 *system_id, guint16 dev_config_id,
                                     CabineDeviceConfig *out);

/** cabine_11073_config_forget_all: drops every remembered configuration (tests, operator). */
void cabine_11073_config_forget_all (void);

/** CabineDecodedValue: the reading of one object of a fixed scan report. */
typedef struct {
  CabineMeasurementKind kind;
  gboolean known_kind;       /* FALSE: a type this kiosk does not report (skipped) */
  double values[4];          /* in the kind's standard unit */
  guint n_values;
  CabineMderNumberStatus status;  /* first non-valid number status, else VALID */
  GDateTime *time;           /* (nullable) owned */
  guint16 msmt_status;       /* MDC_ATTR_MSMT_STAT, 0 if absent */
} CabineDecodedValue;

void cabine_decoded_value_clear (CabineDecodedValue *v);

/**
 * cabine_11073_decode_fixed:
 * @spec: the object's configuration
 * @obs: its observation from a ScanReportInfoFixed
 * @error: BAD_LENGTH when the observed-value length does not equal the attribute-value-map's
 *   total, BAD_TIME for an invalid AbsoluteTime, BAD_VALUE for a unit that cannot be converted
 *
 * Decodes the values (FLOAT for MDC_ATTR_NU_VAL_OBS_SIMP, SFLOAT for _BASIC, compound SFLOATs for
 * MDC_ATTR_NU_CMPD_VAL_OBS_BASIC), the AbsoluteTime stamp (read in the local time zone) and the
 * measurement status, converting °F to °C.
 */
gboolean cabine_11073_decode_fixed (const CabineObjectSpec *spec, const CabineObservation *obs,
                                    CabineDecodedValue *out, GError **error);

/**
 * cabine_11073_decode_var:
 * @spec: the object's configuration (type and default unit)
 * @obs: its observation from a ScanReportInfoVar / ScanReportInfoMPVar (an AttributeList)
 * @error: as cabine_11073_decode_fixed(); BAD_VALUE also when no observed value is present
 *
 * Decodes the observed value(s) of a variable-format observation (20601 A.10.5): simple/basic
 * numerics, NuObsValue (MDC_ATTR_NU_VAL_OBS, whose unit-code overrides the configuration's), simple
 * or basic compound values, MDC_ATTR_UNIT_CODE, the AbsoluteTime stamp and the measurement status;
 * attributes it does not use are skipped.
 */
gboolean cabine_11073_decode_var (const CabineObjectSpec *spec, const CabineObservation *obs,
                                  CabineDecodedValue *out, GError **error);

G_END_DECLS
