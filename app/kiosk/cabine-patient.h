/* cabine-patient.h: who the patient is, as they typed it, and the checks applied while they type
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A CabinePatient lives only for one consultation: cabine_patient_clear() overwrites every field
 * before freeing it. Nothing here is ever logged. The check functions return messages in the
 * current gettext language (they are shown to the patient under the field).
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define CABINE_PATIENT_ERROR (cabine_patient_error_quark ())

/**
 * CabinePatientError:
 * @CABINE_PATIENT_ERROR_EMPTY: a required field is empty
 * @CABINE_PATIENT_ERROR_INVALID: the value has characters or a shape that field does not allow
 * @CABINE_PATIENT_ERROR_OUT_OF_RANGE: a date that does not exist, is in the future or is more than
 *   130 years ago
 *
 * Errors of the %CABINE_PATIENT_ERROR domain; messages are translated, for the patient.
 */
typedef enum {
  CABINE_PATIENT_ERROR_EMPTY,
  CABINE_PATIENT_ERROR_INVALID,
  CABINE_PATIENT_ERROR_OUT_OF_RANGE,
} CabinePatientError;

GQuark cabine_patient_error_quark (void);

#define CABINE_TYPE_PATIENT (cabine_patient_get_type ())
G_DECLARE_FINAL_TYPE (CabinePatient, cabine_patient, CABINE, PATIENT, GObject)

/** Returns: (transfer full): an empty patient (sex "unknown"). */
CabinePatient *cabine_patient_new (void);

/**
 * cabine_patient_check_name:
 * @text: a family or given name as typed (UTF-8)
 * @error: %CABINE_PATIENT_ERROR_EMPTY, or %CABINE_PATIENT_ERROR_INVALID when it holds anything but
 *   letters (any script), spaces, hyphens, apostrophes and full stops, or more than 80 characters
 *
 * Returns: whether @text is acceptable as a name.
 */
gboolean  cabine_patient_check_name        (const char  *text,
                                            GError     **error);

/**
 * cabine_patient_parse_birth_date:
 * @text: a date typed as DD/MM/YYYY (also DD-MM-YYYY or DD.MM.YYYY; day and month may have one digit)
 * @today: (nullable): the reference day (local); %NULL for now
 * @error: %CABINE_PATIENT_ERROR_EMPTY, %CABINE_PATIENT_ERROR_INVALID (shape),
 *   %CABINE_PATIENT_ERROR_OUT_OF_RANGE (no such day, future, or over 130 years ago)
 *
 * Returns: (transfer full) (nullable): the date as ISO 8601 "YYYY-MM-DD", or %NULL with @error set.
 */
char     *cabine_patient_parse_birth_date  (const char  *text,
                                            GDateTime   *today,
                                            GError     **error);

/**
 * cabine_patient_check_contact:
 * @text: where the report goes (leading and trailing spaces ignored): an e-mail address (one @,
 *   no spaces, a local part such as "marie+rdv", a domain with a dot such as "mail.example.fr") or
 *   a phone number with single spaces, dots or hyphens between digits: French "0" + 9 digits
 *   (ARCEP plan), "+33"/"0033" + 9 digits (a "(0)" tolerated), or "+"/"00" + country code and
 *   number, 8 to 15 digits in all (ITU-T E.164 §6)
 * @error: %CABINE_PATIENT_ERROR_EMPTY or %CABINE_PATIENT_ERROR_INVALID, whose (translated) message
 *   says what is expected for the kind of contact typed
 *
 * Returns: whether @text is a plausible phone number or e-mail address.
 */
gboolean  cabine_patient_check_contact     (const char  *text,
                                            GError     **error);

/** cabine_patient_check_sex: Returns: whether @sex is "female", "male", "other" or "unknown". */
gboolean  cabine_patient_check_sex         (const char  *sex);

/**
 * cabine_patient_set:
 * @family_name: @given_name: checked with cabine_patient_check_name()
 * @birth_date: as typed, see cabine_patient_parse_birth_date()
 * @sex: see cabine_patient_check_sex()
 * @contact: see cabine_patient_check_contact()
 * @error: the first field's #CabinePatientError, with the field's name prefixed
 *
 * Replaces every field when all are valid; on error nothing changes.
 *
 * Returns: whether the fields were set.
 */
gboolean  cabine_patient_set               (CabinePatient *self,
                                            const char    *family_name,
                                            const char    *given_name,
                                            const char    *birth_date,
                                            const char    *sex,
                                            const char    *contact,
                                            GError       **error);

/** cabine_patient_clear: overwrites and forgets every field (sex back to "unknown"). */
void        cabine_patient_clear           (CabinePatient *self);

/** Returns: whether cabine_patient_set() has succeeded since the last clear. */
gboolean    cabine_patient_is_complete     (CabinePatient *self);

/** Getters: (transfer none) (nullable) until set; the birth date is ISO "YYYY-MM-DD". */
const char *cabine_patient_get_family_name (CabinePatient *self);
const char *cabine_patient_get_given_name  (CabinePatient *self);
const char *cabine_patient_get_birth_date  (CabinePatient *self);
const char *cabine_patient_get_sex         (CabinePatient *self);
const char *cabine_patient_get_contact     (CabinePatient *self);

G_END_DECLS
