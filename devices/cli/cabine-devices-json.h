/* cabine-devices-json.h: readings and device events as JSON lines (cabine-devices)
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One reading as one JSON object (json-glib), the shape printed by `cabine-devices watch` and
 * `cabine-devices decode`:
 *   {"kind":"blood-pressure","mdc":18948,"loinc":"85354-9","unit":"mm[Hg]",
 *    "components":[{"mdc":18949,"loinc":"8480-6","value":120},…],
 *    "time":"2007-12-06T12:10:00","handle":1,"devConfigId":"0x02BC",…}
 * Single-valued kinds carry "value" instead of "components". "time" is the device's AbsoluteTime
 * (wall clock, no zone: 20601 A.11.6 has none), absent when the configuration has no time stamp.
 * Codes: DESIGN.md "Codes" (MDC from IEEE 11073-10101, LOINC, UCUM).
 */
#pragma once

#include <json-glib/json-glib.h>
#include "cabine-measurement.h"

G_BEGIN_DECLS

/** cabine_devices_kind_name: "body-temperature", "blood-pressure", "pulse-rate", "spo2",
 * "body-weight". (transfer none) */
const char *cabine_devices_kind_name (CabineMeasurementKind kind);

/** cabine_devices_measurement_to_json: (transfer full) the reading @m as described above, with
 * its provenance (manufacturer, model, serial, firmware, usb, driver, transport, status). */
JsonObject *cabine_devices_measurement_to_json (CabineMeasurement *m);

/** cabine_devices_print_json: writes @obj as one compact line on stdout and flushes. */
void cabine_devices_print_json (JsonObject *obj);

G_END_DECLS
