/* cabine-reading.h: one reading as the kiosk shows it
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define CABINE_TYPE_READING (cabine_reading_get_type ())
G_DECLARE_FINAL_TYPE (CabineReading, cabine_reading, CABINE, READING, GObject)

/**
 * cabine_reading_new:
 * @id: the Observation id
 * @loinc: LOINC code of what was measured, e.g. "8310-5"
 * @value: the value in @ucum units
 * @decimals: digits shown after the decimal point
 * @ucum: UCUM unit code, e.g. "Cel"
 * @unit_display: the unit as shown, e.g. "°C"
 * @time: (transfer none): when it was measured
 *
 * Returns: (transfer full): a new reading.
 */
CabineReading *cabine_reading_new            (const char *id,
                                              const char *loinc,
                                              double      value,
                                              int         decimals,
                                              const char *ucum,
                                              const char *unit_display,
                                              GDateTime  *time);
const char    *cabine_reading_get_id         (CabineReading *self);
const char    *cabine_reading_get_loinc      (CabineReading *self);
/** Returns: the value in the reading's UCUM unit. */
double         cabine_reading_get_value      (CabineReading *self);
/**
 * cabine_reading_set_components:
 * @values: (array length=n_values): for a blood-pressure panel (LOINC 85354-9): systolic,
 *   diastolic and optionally mean, in the reading's unit (copied)
 *
 * Makes cabine_reading_format_value() show "120/80 mmHg".
 */
void           cabine_reading_set_components (CabineReading *self,
                                              const double  *values,
                                              guint          n_values);
/** Returns: (transfer full): the value and unit as shown, e.g. "37.2 °C" (locale decimal mark),
 * "120/80 mmHg" for a blood-pressure panel with components. */
char          *cabine_reading_format_value   (CabineReading *self);
/** Returns: (transfer none): when it was measured. */
GDateTime     *cabine_reading_get_time       (CabineReading *self);
/** Returns: (transfer full): the translated name of what was measured, e.g. "Body temperature". */
char          *cabine_reading_dup_label      (CabineReading *self);

G_END_DECLS
