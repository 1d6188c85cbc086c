/* cabine-measurement.h: one reading decoded from an instrument
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Codes: DESIGN.md "Codes"; MDC codes from IEEE 11073-10101 (partition 2, SCADA), LOINC from
 * loinc.org, units from UCUM (unitsofmeasure.org).
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * CabineMeasurementKind:
 * What was measured. Values are in the kind's standard unit: blood pressure carries three values
 * (systolic, diastolic, mean arterial pressure, mmHg; 10407 6.3 MDC_ATTR_NU_CMPD_VAL_OBS_BASIC
 * order, MDC_ATTR_ID_PHYSIO_LIST 0x4A05/0x4A06/0x4A07), every other kind one.
 */
typedef enum {
  CABINE_MEASUREMENT_BODY_TEMPERATURE, /* °C, MDC_TEMP_BODY 19292 (0x4B5C), LOINC 8310-5, "Cel" */
  CABINE_MEASUREMENT_BLOOD_PRESSURE,   /* mmHg: sys, dia[, mean] (Omron units give no mean), MDC 0x4A04, LOINC 85354-9 */
  CABINE_MEASUREMENT_PULSE_RATE,       /* /min, MDC 0x482A, LOINC 8867-4, "/min" */
  CABINE_MEASUREMENT_SPO2,             /* %, MDC 0x4BB8, LOINC 59408-5, "%" */
  CABINE_MEASUREMENT_BODY_WEIGHT,      /* kg, MDC 0xE140, LOINC 29463-7, "kg" */
} CabineMeasurementKind;

#define CABINE_TYPE_MEASUREMENT (cabine_measurement_get_type ())
G_DECLARE_FINAL_TYPE (CabineMeasurement, cabine_measurement, CABINE, MEASUREMENT, GObject)

/**
 * cabine_measurement_new:
 * @kind: what was measured
 * @values: (array length=n_values): the value(s) in the kind's standard unit (°C for body
 *   temperature), already decoded; never a reserved NaN/NRes/INF (those are not measurements)
 * @device_time: (nullable): the device's time stamp (AbsoluteTime), not owned (a ref is taken)
 * @raw_frame: (nullable): the APDU bytes the reading came from (a ref is taken)
 *
 * The receive time is set to now (UTC).
 * Returns: (transfer full): a new measurement.
 */
CabineMeasurement *cabine_measurement_new (CabineMeasurementKind kind, const double *values,
                                           guint n_values, GDateTime *device_time,
                                           GBytes *raw_frame);

CabineMeasurementKind cabine_measurement_get_kind (CabineMeasurement *self);
/** cabine_measurement_get_value: the first value, in the standard unit (°C for temperature). */
double cabine_measurement_get_value (CabineMeasurement *self);
/** cabine_measurement_get_values: (transfer none) (array length=n_values) all values. */
const double *cabine_measurement_get_values (CabineMeasurement *self, guint *n_values);
/** cabine_measurement_get_ucum_unit: "Cel" for temperature (UCUM). (transfer none) */
const char *cabine_measurement_get_ucum_unit (CabineMeasurement *self);
/** cabine_measurement_get_mdc_code: the metric's MDC code as set by
 * cabine_measurement_set_metric(), else the kind's (19292 MDC_TEMP_BODY for temperature). */
guint cabine_measurement_get_mdc_code (CabineMeasurement *self);
/** cabine_measurement_get_loinc_code: "8310-5" for temperature. (transfer none) */
const char *cabine_measurement_get_loinc_code (CabineMeasurement *self);
/** cabine_measurement_get_device_time: (transfer none) (nullable) the device's clock. */
GDateTime *cabine_measurement_get_device_time (CabineMeasurement *self);
/** cabine_measurement_get_receive_time: (transfer none) when the kiosk decoded it (UTC). */
GDateTime *cabine_measurement_get_receive_time (CabineMeasurement *self);
/** cabine_measurement_get_raw_frame: (transfer none) (nullable) the APDU it came from. */
GBytes *cabine_measurement_get_raw_frame (CabineMeasurement *self);

/**
 * cabine_measurement_set_device_info:
 * Provenance from the agent's MDS attributes (IEEE 11073-20601 6.3.2.4: MDC_ATTR_ID_MODEL,
 * MDC_ATTR_ID_PROD_SPECN). Any argument may be %NULL (unknown). Strings are copied.
 */
void cabine_measurement_set_device_info (CabineMeasurement *self, const char *manufacturer,
                                         const char *model, const char *serial,
                                         const char *firmware);
/** (transfer none) (nullable) getters of the above. */
const char *cabine_measurement_get_manufacturer (CabineMeasurement *self);
const char *cabine_measurement_get_model (CabineMeasurement *self);
const char *cabine_measurement_get_serial (CabineMeasurement *self);
const char *cabine_measurement_get_firmware (CabineMeasurement *self);

/**
 * cabine_measurement_set_source:
 * @driver: e.g. "ieee11073-20601"; @transport: e.g. "usb-phdc"; @usb_vid/@usb_pid: 0 if not USB;
 * @dev_config_id: the agent's configuration (0x0320 for the standard thermometer)
 */
void cabine_measurement_set_source (CabineMeasurement *self, const char *driver,
                                    const char *transport, guint16 usb_vid, guint16 usb_pid,
                                    guint16 dev_config_id);
const char *cabine_measurement_get_driver (CabineMeasurement *self);
const char *cabine_measurement_get_transport (CabineMeasurement *self);
guint16 cabine_measurement_get_usb_vid (CabineMeasurement *self);
guint16 cabine_measurement_get_usb_pid (CabineMeasurement *self);
guint16 cabine_measurement_get_dev_config_id (CabineMeasurement *self);

/**
 * cabine_measurement_set_metric:
 * @handle: the 11073 object handle the value came from (0: not 11073)
 * @mdc_code: the object's MDC_ATTR_ID_TYPE (partition SCADA), e.g. 0x481A for an oximeter's pulse
 *   rate where the kind default is 0x482A; 0 keeps the kind's default
 * @person_id: the PersonId of a multi-person scan report (20601 A.11.5), 0xFFFF when none
 */
void cabine_measurement_set_metric (CabineMeasurement *self, guint16 handle, guint16 mdc_code,
                                    guint16 person_id);
/** cabine_measurement_get_handle: see cabine_measurement_set_metric(); 0 when unknown. */
guint16 cabine_measurement_get_handle (CabineMeasurement *self);
/** cabine_measurement_get_person_id: 0xFFFF when the report was not multi-person. */
guint16 cabine_measurement_get_person_id (CabineMeasurement *self);

/** cabine_measurement_set_status / _get_status: MeasurementStatus bits (20601 A.11.7, e.g.
 * 0x8000 invalid, 0x0200 not-available…), 0 when the agent sent none. */
void cabine_measurement_set_status (CabineMeasurement *self, guint16 status);
guint16 cabine_measurement_get_status (CabineMeasurement *self);

/** cabine_measurement_kind_codes: the MDC code, LOINC and UCUM of a kind (static strings). */
void cabine_measurement_kind_codes (CabineMeasurementKind kind, guint *mdc, const char **loinc,
                                    const char **ucum);

G_END_DECLS
