/* cabine-patient.c: who the patient is, as they typed it, and the checks applied while they type
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "cabine-patient"

#include <string.h>
#include <glib/gi18n.h>

#include "cabine-patient.h"

#define MAX_NAME_CHARS 80
#define MAX_AGE_YEARS 130
#define MAX_CONTACT_BYTES 254 /* RFC 5321 §4.5.3.1.3 path limit, less the angle brackets */

struct _CabinePatient
{
  GObject  parent_instance;
  char    *family_name;
  char    *given_name;
  char    *birth_date;
  char    *sex;
  char    *contact;
  gboolean complete;
};

G_DEFINE_QUARK (cabine-patient-error-quark, cabine_patient_error)
G_DEFINE_FINAL_TYPE (CabinePatient, cabine_patient, G_TYPE_OBJECT)

static gboolean
is_blank (const char *text)
{
  for (; text != NULL && *text != '\0'; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;
  return TRUE;
}

static void
wipe (char **field)
{
  if (*field != NULL)
    {
      memset (*field, 0, strlen (*field));
      g_clear_pointer (field, g_free);
    }
}

void
cabine_patient_clear (CabinePatient *self)
{
  g_return_if_fail (CABINE_IS_PATIENT (self));

  wipe (&self->family_name);
  wipe (&self->given_name);
  wipe (&self->birth_date);
  wipe (&self->contact);
  g_free (self->sex);
  self->sex = g_strdup ("unknown");
  self->complete = FALSE;
}

static void
cabine_patient_finalize (GObject *object)
{
  CabinePatient *self = CABINE_PATIENT (object);

  cabine_patient_clear (self);
  g_free (self->sex);
  G_OBJECT_CLASS (cabine_patient_parent_class)->finalize (object);
}

static void
cabine_patient_class_init (CabinePatientClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cabine_patient_finalize;
}

static void
cabine_patient_init (CabinePatient *self)
{
  self->sex = g_strdup ("unknown");
}

CabinePatient *
cabine_patient_new (void)
{
  return g_object_new (CABINE_TYPE_PATIENT, NULL);
}

gboolean
cabine_patient_check_name (const char  *text,
                           GError     **error)
{
  glong n = 0;
  gboolean has_letter = FALSE;

  if (is_blank (text))
    {
      g_set_error_literal (error, CABINE_PATIENT_ERROR, CABINE_PATIENT_ERROR_EMPTY,
                           _("Please fill in this field."));
      return FALSE;
    }
  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error_literal (error, CABINE_PATIENT_ERROR, CABINE_PATIENT_ERROR_INVALID,
                           _("Use letters only."));
      return FALSE;
    }
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p), n++)
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isalpha (c) || g_unichar_ismark (c))
        has_letter = TRUE;
      else if (c != ' ' && c != '-' && c != '\'' && c != 0x2019 && c != '.')
        {
          g_set_error_literal (error, CABINE_PATIENT_ERROR, CABINE_PATIENT_ERROR_INVALID,
                               _("Use letters only (spaces, hyphens and apostrophes are allowed)."));
          return FALSE;
        }
    }
  if (!has_letter)
    {
      g_set_error_literal (error, CABINE_PATIENT_ERROR, CABINE_PATIENT_ERROR_INVALID,
                           _("Use letters only."));
      return FALSE;
    }
  if (n > MAX_NAME_CHARS)
    {
      g_set_error (error, CABINE_PATIENT_ERROR, CABINE_PATIENT_ERROR_INVALID,
                   _("At most %d characters, please."), MAX_NAME_CHARS);
      return FALSE;
    }
  return TRUE;
}

char *
cabine_patient_parse_birth_date (const char  *text,
                                 GDateTime   *today,
                                 GError     **error)
{
  g_autoptr(GDateTime) now = today != NULL ? g_date_time_ref (today) : g_date_time_new_now_local ();
  g_autofree char *copy = NULL;
  g_auto(GStrv) parts = NULL;
  guint64 d = 0, m = 0, y = 0;
  int age;

  if (text == NULL || *(copy = g_strstrip (g_strdup (text))) == '\0')
    {
      g_set_error_literal (error, CABINE_PATIENT_ERROR, CABINE_PATIENT_ERROR_EMPTY,
                           _("Please fill in this field."));
      return NULL;
    }
  g_strdelimit (copy, "-.", '/');
  parts = g_strsplit (copy, "/", -1);
  if (g_strv_length (parts) != 3 || strlen (parts[0]) < 1 || strlen (parts[0]) > 2 ||
      strlen (parts[1]) < 1 || strlen (parts[1]) > 2 || strlen (parts[2]) != 4 ||
      !g_ascii_string_to_unsigned (parts[0], 10, 1, 31, &d, NULL) ||
      !g_ascii_string_to_unsigned (parts[1], 10, 1, 12, &m, NULL) ||
      !g_ascii_string_to_unsigned (parts[2], 10, 1000, 9999, &y, NULL))
    {
      g_set_error_literal (error, CABINE_PATIENT_ERROR, CABINE_PATIENT_ERROR_INVALID,
                           /* Translators: the date format the patient types; keep it in step
                            * with the translation of "DD/MM/YYYY". */
                           _("Type the date as day/month/year, for example 25/12/1950."));
      return NULL;
    }
  if (!g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y))
    {
      g_set_error_literal (error, CABINE_PATIENT_ERROR, CABINE_PATIENT_ERROR_OUT_OF_RANGE,
                           _("This day does not exist."));
      return NULL;
    }
  age = g_date_time_get_year (now) - (int) y;
  if ((int) m > g_date_time_get_month (now) ||
      ((int) m == g_date_time_get_month (now) && (int) d > g_date_time_get_day_of_month (now)))
    age--;
  if (age < 0)
    {
      g_set_error_literal (error, CABINE_PATIENT_ERROR, CABINE_PATIENT_ERROR_OUT_OF_RANGE,
                           _("This date is in the future."));
      return NULL;
    }
  if (age > MAX_AGE_YEARS)
    {
      g_set_error_literal (error, CABINE_PATIENT_ERROR, CABINE_PATIENT_ERROR_OUT_OF_RANGE,
                           _("Please check the year."));
      return NULL;
    }
  return g_strdup_printf ("%04u-%02u-%02u", (guint) y, (guint) m, (guint) d);
}

static gboolean
invalid (GError     **error,
         const char  *message)
{
  g_set_error_literal (error, CABINE_PATIENT_ERROR, CABINE_PATIENT_ERROR_INVALID, message);
  return FALSE;
}

/* local@domain: one @, no spaces or characters mail software would split on, a non-empty local
 * part (any of RFC 5322's atext, so "marie+rdv" passes), a domain of dot-separated labels (letters,
 * digits, hyphens, or non-ASCII for internationalised names; subdomains allowed) ending in a label
 * of two or more characters. */
static gboolean
check_email (const char  *text,
             GError     **error)
{
  const char *at = strchr (text, '@');
  const char *domain = at + 1;
  const char *last_dot;

  for (const char *p = text; *p != '\0'; p++)
    if ((guchar) *p <= ' ')
      return invalid (error, _("An e-mail address has no spaces, for example marie.martin@example.fr."));
  if (strchr (domain, '@') != NULL)
    return invalid (error, _("An e-mail address has exactly one @, for example marie.martin@example.fr."));
  for (const char *p = text; *p != '\0'; p++)
    if (strchr ("(),:;<>[]\\\"", *p) != NULL)
      return invalid (error, _("An e-mail address cannot hold ( ) , : ; < > [ ] \\ or \"."));
  if (at == text)
    return invalid (error, _("Type the part before the @, for example marie.martin@example.fr."));
  last_dot = strrchr (domain, '.');
  if (*domain == '\0' || last_dot == NULL)
    return invalid (error, _("After the @ comes a domain with a dot, for example example.fr."));
  if (*domain == '.' || strstr (domain, "..") != NULL || strlen (last_dot + 1) < 2)
    return invalid (error, _("The part after the @ looks wrong: it should be like example.fr."));
  for (const char *p = domain; *p != '\0'; p++)
    if (!(g_ascii_isalnum (*p) || *p == '-' || *p == '.' || (guchar) *p >= 0x80))
      return invalid (error, _("The part after the @ looks wrong: it should be like example.fr."));
  return TRUE;
}

/* Phone numbers as people type them: digits with single spaces, dots or hyphens between groups.
 * French national numbers are 0 and nine digits (ARCEP numbering plan); +33 (or 0033) is followed
 * by the nine digits without the 0 (a "(0)" or a 0 typed after +33 is tolerated). Other
 * international numbers are + (or 00), a country code and the number: ITU-T E.164 §6 allows at most
 * 15 digits; 8 is the shortest we accept. */
static gboolean
check_phone (const char  *text,
             GError     **error)
{
  g_autoptr(GString) digits = g_string_new (NULL);
  gboolean international = FALSE, last_sep = TRUE;
  const char *p = text;

  if (*p == '+')
    {
      international = TRUE;
      p++;
    }
  for (; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        {
          g_string_append_c (digits, *p);
          last_sep = FALSE;
        }
      else if ((*p == ' ' || *p == '.' || *p == '-') && !last_sep)
        last_sep = TRUE;
      else if (g_str_has_prefix (p, "(0)") && international && digits->len > 0)
        p += 2;
      else if (g_ascii_isalpha (*p) || (guchar) *p >= 0x80)
        return invalid (error, _("Type a phone number (for example 06 12 34 56 78) or an e-mail address "
                                 "(for example name@example.fr)."));
      else
        return invalid (error, _("A phone number holds only digits, with spaces or dots between them "
                                 "and + in front for another country."));
    }
  if (last_sep && digits->len > 0)
    return invalid (error, _("A phone number holds only digits, with spaces or dots between them "
                             "and + in front for another country."));
  if (!international && g_str_has_prefix (digits->str, "00"))
    {
      international = TRUE;
      g_string_erase (digits, 0, 2);
    }
  if (international && g_str_has_prefix (digits->str, "33"))
    {
      gsize rest = digits->len - 2;

      if (rest == 10 && digits->str[2] == '0')
        rest = 9;
      if (rest != 9 || digits->str[digits->len - 9] == '0')
        return invalid (error, _("After +33, a French number has 9 digits, for example "
                                 "+33 6 12 34 56 78."));
      return TRUE;
    }
  if (international)
    {
      if (digits->len < 8 || digits->len > 15 || digits->str[0] == '0')
        return invalid (error, _("An international number is + and the country code, then the number: "
                                 "8 to 15 digits in all, for example +44 20 7946 0958."));
      return TRUE;
    }
  if (digits->len != 10 || digits->str[0] != '0' || digits->str[1] == '0')
    return invalid (error, _("A French phone number has 10 digits and starts with 0, for example "
                             "06 12 34 56 78. From abroad, start with + and the country code."));
  return TRUE;
}

gboolean
cabine_patient_check_contact (const char  *text,
                              GError     **error)
{
  g_autofree char *copy = text != NULL ? g_strstrip (g_strdup (text)) : NULL;

  if (copy == NULL || *copy == '\0')
    {
      g_set_error_literal (error, CABINE_PATIENT_ERROR, CABINE_PATIENT_ERROR_EMPTY,
                           _("Please fill in this field."));
      return FALSE;
    }
  if (strlen (copy) > MAX_CONTACT_BYTES || !g_utf8_validate (copy, -1, NULL))
    return invalid (error, _("This is too long for a phone number or an e-mail address."));
  return strchr (copy, '@') != NULL ? check_email (copy, error) : check_phone (copy, error);
}

gboolean
cabine_patient_check_sex (const char *sex)
{
  static const char * const values[] = { "female", "male", "other", "unknown", NULL };

  return sex != NULL && g_strv_contains (values, sex);
}

static gboolean
prefixed (GError     **error,
          GError      *local,
          const char  *field)
{
  g_propagate_prefixed_error (error, local, "%s: ", field);
  return FALSE;
}

gboolean
cabine_patient_set (CabinePatient *self,
                    const char    *family_name,
                    const char    *given_name,
                    const char    *birth_date,
                    const char    *sex,
                    const char    *contact,
                    GError       **error)
{
  GError *local = NULL;
  g_autofree char *iso = NULL;

  g_return_val_if_fail (CABINE_IS_PATIENT (self), FALSE);

  if (!cabine_patient_check_name (family_name, &local))
    return prefixed (error, local, _("Family name"));
  if (!cabine_patient_check_name (given_name, &local))
    return prefixed (error, local, _("Given name"));
  if ((iso = cabine_patient_parse_birth_date (birth_date, NULL, &local)) == NULL)
    return prefixed (error, local, _("Date of birth"));
  if (!cabine_patient_check_sex (sex))
    {
      g_set_error (error, CABINE_PATIENT_ERROR, CABINE_PATIENT_ERROR_INVALID, "%s: %s",
                   _("Sex"), _("Please choose one answer."));
      return FALSE;
    }
  if (!cabine_patient_check_contact (contact, &local))
    return prefixed (error, local, _("Phone or e-mail"));

  cabine_patient_clear (self);
  self->family_name = g_strstrip (g_strdup (family_name));
  self->given_name = g_strstrip (g_strdup (given_name));
  self->birth_date = g_steal_pointer (&iso);
  g_free (self->sex);
  self->sex = g_strdup (sex);
  self->contact = g_strstrip (g_strdup (contact));
  self->complete = TRUE;
  return TRUE;
}

gboolean
cabine_patient_is_complete (CabinePatient *self)
{
  g_return_val_if_fail (CABINE_IS_PATIENT (self), FALSE);
  return self->complete;
}

const char *
cabine_patient_get_family_name (CabinePatient *self)
{
  g_return_val_if_fail (CABINE_IS_PATIENT (self), NULL);
  return self->family_name;
}

const char *
cabine_patient_get_given_name (CabinePatient *self)
{
  g_return_val_if_fail (CABINE_IS_PATIENT (self), NULL);
  return self->given_name;
}

const char *
cabine_patient_get_birth_date (CabinePatient *self)
{
  g_return_val_if_fail (CABINE_IS_PATIENT (self), NULL);
  return self->birth_date;
}

const char *
cabine_patient_get_sex (CabinePatient *self)
{
  g_return_val_if_fail (CABINE_IS_PATIENT (self), NULL);
  return self->sex;
}

const char *
cabine_patient_get_contact (CabinePatient *self)
{
  g_return_val_if_fail (CABINE_IS_PATIENT (self), NULL);
  return self->contact;
}
