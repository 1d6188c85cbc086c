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
#define CABINE_MAX_SCANNERS 4
#define CABINE_MAX_PM_STORES 4

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

/** CabineScanEntry: one HandleAttrValMapEntry of a scanner (obj-handle and its own
 * attribute-value-map, which lays out that object's bytes in the scanner's reports). */
typedef struct {
  guint16 handle;
  guint n_map;
  CabineValueMapEntry map[CABINE_MAX_MAP_ENTRIES];
} CabineScanEntry;

/**
 * CabineScannerSpec: a configurable scanner of the configuration (20601 6.3.9–6.3.11):
 * @obj_class: CABINE_MDC_MOC_SCAN_CFG_EPI (episodic, UNBUF_ reports) or _PERI (periodic, BUF_)
 * @confirm_mode: MDC_ATTR_CONFIRM_MODE: 1 confirmed, 0 unconfirmed (the agent's choice; the
 *   manager answers each report by its own data-apdu choice)
 * @entries: its Scan-Handle-Attr-Val-Map (MDC_ATTR_SCAN_HANDLE_ATTR_VAL_MAP): in a grouped report
 *   the ObservationScanGrouped octets are the values of these objects, in this order.
 */
typedef struct {
  guint16 handle;
  guint16 obj_class;
  guint16 confirm_mode;
  guint n_entries;
  CabineScanEntry entries[CABINE_MAX_OBJECTS];
} CabineScannerSpec;

/** CabineDeviceConfig: a configuration (plain data, copyable with `=`). @pm_store_handles lists
 * the PM-stores (MDC_MOC_VMO_PMSTORE, 6.3.6) the agent announced; their segment transfers are not
 * read by this manager. */
typedef struct {
  guint16 dev_config_id;
  const char *name;        /* "thermometer", … (static) */
  guint n_objects;
  CabineObjectSpec objects[CABINE_MAX_OBJECTS];
  guint n_scanners;
  CabineScannerSpec scanners[CABINE_MAX_SCANNERS];
  guint n_pm_stores;
  guint16 pm_store_handles[CABINE_MAX_PM_STORES];
} CabineDeviceConfig;

/** cabine_11073_standard_config: the standard configuration @dev_config_id, or %NULL if this
 * manager does not know it (then the agent is answered accepted-unknown-config). (transfer none) */
const CabineDeviceConfig *cabine_11073_standard_config (guint16 dev_config_id);

/**
 * cabine_11073_config_from_report:
 * @apdu: a decoded MDC_NOTI_CONFIG event report
 * @out: (out caller-allocates): the configuration
 * @error: %CABINE_MDER_ERROR_UNSUPPORTED when an object is neither a numeric
 *   (MDC_MOC_VMO_METRIC_NU), a configurable scanner (MDC_MOC_SCAN_CFG_EPI/_PERI) nor a PM-store,
 *   when a numeric lacks a type, a unit or an attribute-value-map, a scanner lacks its
 *   Scan-Handle-Attr-Val-Map or names a handle that is not a numeric of the configuration, or
 *   there are more objects/entries than supported; BAD_LENGTH when an attribute's value does not
 *   match its declared shape
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
 * already holds an agent's extended configuration may accept it). This memory is per process
 * (thread-safe); cabine_agent_session_set_state_dir() adds the on-disk copy that survives a
 * restart (cabine-11073-config-store.h).
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

/** cabine_11073_config_find_scanner: the scanner with @handle, or %NULL. (transfer none) */
const CabineScannerSpec *cabine_11073_config_find_scanner (const CabineDeviceConfig *config,
                                                           guint16 handle);

/**
 * cabine_11073_config_split_grouped:
 * @config: the association's configuration
 * @grouped: one ObservationScanGrouped (its @handle is the reporting scanner's obj-handle)
 * @parts: (out caller-allocates) (array fixed-size=8): one observation per object of the scanner,
 *   pointing into @grouped's bytes, with @grouped's person-id and APDU offsets
 * @specs: (out caller-allocates) (array fixed-size=8): each part's object spec (type, unit) with
 *   the attribute-value-map the scanner gives it, for cabine_11073_decode_fixed()
 * @n_parts: (out): the number of parts (the scanner's entries)
 * @error: %CABINE_MDER_ERROR_BAD_VALUE when the obj-handle is not a scanner of @config,
 *   BAD_LENGTH when the octet string is not exactly as long as the scanner's map says
 *
 * Splits a grouped scan report's octets (20601 6.3.9, ObservationScanGrouped in Annex A) into
 * fixed-format observations, one per HandleAttrValMapEntry in order.
 */
gboolean cabine_11073_config_split_grouped (const CabineDeviceConfig *config,
                                            const CabineObservation *grouped,
                                            CabineObservation *parts, CabineObjectSpec *specs,
                                            guint *n_parts, GError **error);

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
