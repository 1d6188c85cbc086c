/* test-journey-model.c: the patient's identity checks, the questionnaire and the PIN guard
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>
#include <glib/gi18n.h>

#include "cabine-patient.h"
#include "cabine-pin.h"
#include "cabine-questionnaire.h"

static void
test_names (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (cabine_patient_check_name ("Martin", NULL));
  g_assert_true (cabine_patient_check_name ("Le Goff-d'Arvor", NULL));
  g_assert_true (cabine_patient_check_name ("Zoë Éléonore", NULL));
  g_assert_false (cabine_patient_check_name ("   ", &error));
  g_assert_error (error, CABINE_PATIENT_ERROR, CABINE_PATIENT_ERROR_EMPTY);
  g_clear_error (&error);
  g_assert_false (cabine_patient_check_name ("R2D2", &error));
  g_assert_error (error, CABINE_PATIENT_ERROR, CABINE_PATIENT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (cabine_patient_check_name ("--", &error));
  g_assert_error (error, CABINE_PATIENT_ERROR, CABINE_PATIENT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (cabine_patient_check_name ("\xff\xfe", &error));
  g_assert_error (error, CABINE_PATIENT_ERROR, CABINE_PATIENT_ERROR_INVALID);
}

static void
test_birth_dates (void)
{
  g_autoptr(GDateTime) today = g_date_time_new_local (2026, 11, 29, 12, 0, 0);
  g_autoptr(GError) error = NULL;
  g_autofree char *a = cabine_patient_parse_birth_date ("25/12/1950", today, NULL);
  g_autofree char *b = cabine_patient_parse_birth_date (" 1.2.2000 ", today, NULL);
  g_autofree char *c = cabine_patient_parse_birth_date ("29-11-2026", today, NULL);
  char *bad;

  g_assert_cmpstr (a, ==, "1950-12-25");
  g_assert_cmpstr (b, ==, "2000-02-01");
  g_assert_cmpstr (c, ==, "2026-11-29");
  bad = cabine_patient_parse_birth_date ("30/11/2026", today, &error);
  g_assert_null (bad);
  g_assert_error (error, CABINE_PATIENT_ERROR, CABINE_PATIENT_ERROR_OUT_OF_RANGE);
  g_clear_error (&error);
  bad = cabine_patient_parse_birth_date ("31/02/1990", today, &error);
  g_assert_null (bad);
  g_assert_error (error, CABINE_PATIENT_ERROR, CABINE_PATIENT_ERROR_OUT_OF_RANGE);
  g_clear_error (&error);
  bad = cabine_patient_parse_birth_date ("01/01/1850", today, &error);
  g_assert_null (bad);
  g_assert_error (error, CABINE_PATIENT_ERROR, CABINE_PATIENT_ERROR_OUT_OF_RANGE);
  g_clear_error (&error);
  for (guint i = 0; i < 6; i++)
    {
      static const char * const shapes[] = { "1950-12-25", "25/12/50", "25/12", "a/b/cdef", "123/1/1950", "25//1950" };
      bad = cabine_patient_parse_birth_date (shapes[i], today, &error);
      g_assert_null (bad);
      g_assert_error (error, CABINE_PATIENT_ERROR, CABINE_PATIENT_ERROR_INVALID);
      g_clear_error (&error);
    }
  bad = cabine_patient_parse_birth_date ("", today, &error);
  g_assert_error (error, CABINE_PATIENT_ERROR, CABINE_PATIENT_ERROR_EMPTY);
  g_assert_null (bad);
}

static void
test_contacts (void)
{
  static const char * const good[] = { "06 12 34 56 78", "+33 6 12 34 56 78", "0612345678",
                                       "marie.martin@example.fr", "a@b.co", "06.12.34.56.78",
                                       "06-12-34-56-78", "+33612345678", "+33 (0)6 12 34 56 78",
                                       "0033 6 12 34 56 78", "+44 20 7946 0958", "+1 415 555 0100",
                                       "marie+rdv@example.fr", "m.martin@mail.pharmacie.example.fr",
                                       "jean-luc_o'neil@exemple.fr", "  marie@example.fr  ",
                                       "élodie@exemple.fr", NULL };
  static const char * const bad[] = { "06 12", "+33 6 12 34 56 78 90 12 34", "06--12345678", "06 12 34 56 78 ",
                                      "marie@", "@example.fr", "marie@example", "a@b@c.fr", "marie martin@x.fr",
                                      "hello", NULL };

  for (guint i = 0; good[i] != NULL; i++)
    g_assert_true (cabine_patient_check_contact (good[i], NULL));
  for (guint i = 0; bad[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      /* A trailing space is trimmed, so "06 12 34 56 78 " is fine. */
      if (i == 3)
        {
          g_assert_true (cabine_patient_check_contact (bad[i], NULL));
          continue;
        }
      g_assert_false (cabine_patient_check_contact (bad[i], &error));
      g_assert_error (error, CABINE_PATIENT_ERROR, CABINE_PATIENT_ERROR_INVALID);
    }
}

/* Each kind of mistake gets its own message, naming what is expected. */
static void
test_contact_messages (void)
{
  static const struct { const char *text; const char *says; } cases[] = {
    { "06 12 34 56", "10" },                       /* French: too few digits */
    { "16 12 34 56 78", "0" },                     /* French: does not start with 0 */
    { "+33 6 12 34 56", "+33" },                   /* +33 with too few digits */
    { "+44 20", "+44 20 7946 0958" },              /* international: too short */
    { "06 12 34 56 7x", "name@example.fr" },       /* letters: neither phone nor e-mail */
    { "06/12/34/56/78", "digits" },                /* wrong separators */
    { "marie martin@example.fr", "spaces" },
    { "marie@@example.fr", "one @" },
    { "@example.fr", "before the @" },
    { "marie@example", "dot" },
    { "marie@example..fr", "example.fr" },
    { "marie@exa_mple.fr", "example.fr" },
    { "marie<x>@example.fr", "cannot hold" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (cabine_patient_check_contact (cases[i].text, &error));
      g_assert_error (error, CABINE_PATIENT_ERROR, CABINE_PATIENT_ERROR_INVALID);
      if (strstr (error->message, cases[i].says) == NULL)
        g_error ("\"%s\": \"%s\" does not say \"%s\"", cases[i].text, error->message, cases[i].says);
    }
}

static void
test_patient_set_clear (void)
{
  g_autoptr(CabinePatient) p = cabine_patient_new ();
  g_autoptr(GError) error = NULL;

  g_assert_false (cabine_patient_set (p, "Martin", "Marie", "25/12/1950", "woman", "0612345678", &error));
  g_assert_error (error, CABINE_PATIENT_ERROR, CABINE_PATIENT_ERROR_INVALID);
  g_assert_null (cabine_patient_get_family_name (p));
  g_clear_error (&error);
  g_assert_true (cabine_patient_set (p, " Martin ", "Marie", "25/12/1950", "female", "0612345678", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (cabine_patient_get_family_name (p), ==, "Martin");
  g_assert_cmpstr (cabine_patient_get_birth_date (p), ==, "1950-12-25");
  g_assert_true (cabine_patient_is_complete (p));
  cabine_patient_clear (p);
  g_assert_null (cabine_patient_get_family_name (p));
  g_assert_null (cabine_patient_get_contact (p));
  g_assert_cmpstr (cabine_patient_get_sex (p), ==, "unknown");
  g_assert_false (cabine_patient_is_complete (p));
}

static void
test_questionnaire (void)
{
  g_autoptr(CabineQuestionnaire) q = cabine_questionnaire_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) obj = NULL;
  g_autofree char *long_text = g_strnfill (CABINE_QUESTIONNAIRE_MAX_TEXT + 1, 'x');

  g_assert_true (cabine_questionnaire_set_text (q, "mainSymptom", " sore throat ", NULL));
  g_assert_true (cabine_questionnaire_set_choice (q, "since", "1-3-days", NULL));
  g_assert_true (cabine_questionnaire_set_pain (q, 4, NULL));
  g_assert_false (cabine_questionnaire_set_choice (q, "since", "yesterday", &error));
  g_assert_error (error, CABINE_QUESTIONNAIRE_ERROR, CABINE_QUESTIONNAIRE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (cabine_questionnaire_set_text (q, "name", "x", &error));
  g_assert_error (error, CABINE_QUESTIONNAIRE_ERROR, CABINE_QUESTIONNAIRE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (cabine_questionnaire_set_text (q, "allergies", long_text, &error));
  g_assert_error (error, CABINE_QUESTIONNAIRE_ERROR, CABINE_QUESTIONNAIRE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (cabine_questionnaire_set_pain (q, 11, &error));
  g_assert_error (error, CABINE_QUESTIONNAIRE_ERROR, CABINE_QUESTIONNAIRE_ERROR_INVALID);

  obj = cabine_questionnaire_to_json (q);
  g_assert_cmpstr (json_object_get_string_member (obj, "mainSymptom"), ==, "sore throat");
  g_assert_cmpstr (json_object_get_string_member (obj, "since"), ==, "1-3-days");
  g_assert_cmpstr (json_object_get_string_member (obj, "fever"), ==, "unknown");
  g_assert_cmpint (json_object_get_int_member (obj, "pain"), ==, 4);
  g_assert_cmpstr (json_object_get_string_member (obj, "allergies"), ==, "");

  cabine_questionnaire_clear (q);
  g_assert_null (cabine_questionnaire_get (q, "mainSymptom"));
  g_assert_cmpint (cabine_questionnaire_get_pain (q), ==, -1);
}

static void
test_pin_lockout (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = cabine_pin_hash ("2468", &error);
  g_autofree char *hash2 = cabine_pin_hash ("2468", NULL);
  g_autoptr(CabinePinGuard) guard = NULL;
  gint64 t = 1000 * G_USEC_PER_SEC;

  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (hash, "$argon2id$"));
  g_assert_cmpstr (hash, !=, hash2); /* salted */
  g_assert_null (cabine_pin_hash ("12a4", &error));
  g_assert_error (error, CABINE_PIN_ERROR, CABINE_PIN_ERROR_BAD_FORMAT);
  g_clear_error (&error);

  guard = cabine_pin_guard_new (hash);
  g_assert_true (cabine_pin_guard_check (guard, "2468", t, NULL));
  for (int i = 1; i <= CABINE_PIN_MAX_FAILURES; i++)
    {
      g_assert_false (cabine_pin_guard_check (guard, "1357", t + i, &error));
      g_assert_error (error, CABINE_PIN_ERROR, CABINE_PIN_ERROR_WRONG);
      g_clear_error (&error);
    }
  /* Locked: even the right PIN is refused, unchecked. */
  g_assert_false (cabine_pin_guard_check (guard, "2468", t + 10, &error));
  g_assert_error (error, CABINE_PIN_ERROR, CABINE_PIN_ERROR_LOCKED);
  g_clear_error (&error);
  g_assert_cmpuint (cabine_pin_guard_locked_for (guard, t + 10), ==, CABINE_PIN_LOCKOUT_SECONDS);
  g_assert_false (cabine_pin_guard_check (guard, "2468",
                                          t + (CABINE_PIN_LOCKOUT_SECONDS - 1) * G_USEC_PER_SEC, &error));
  g_assert_error (error, CABINE_PIN_ERROR, CABINE_PIN_ERROR_LOCKED);
  g_clear_error (&error);
  /* After the lockout the right PIN works again. */
  g_assert_true (cabine_pin_guard_check (guard, "2468", t + (CABINE_PIN_LOCKOUT_SECONDS + 6) * G_USEC_PER_SEC, NULL));
  g_assert_cmpuint (cabine_pin_guard_get_failures (guard), ==, 0);
}

static void
test_pin_not_set (void)
{
  g_autoptr(CabinePinGuard) guard = cabine_pin_guard_new (NULL);
  g_autoptr(GError) error = NULL;

  g_assert_false (cabine_pin_guard_check (guard, "0000", 0, &error));
  g_assert_error (error, CABINE_PIN_ERROR, CABINE_PIN_ERROR_NOT_SET);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/journey/contact-messages", test_contact_messages);
  g_test_add_func ("/journey/patient/names", test_names);
  g_test_add_func ("/journey/patient/birth-dates", test_birth_dates);
  g_test_add_func ("/journey/patient/contacts", test_contacts);
  g_test_add_func ("/journey/patient/set-clear", test_patient_set_clear);
  g_test_add_func ("/journey/questionnaire", test_questionnaire);
  g_test_add_func ("/journey/pin/lockout", test_pin_lockout);
  g_test_add_func ("/journey/pin/not-set", test_pin_not_set);
  return g_test_run ();
}
