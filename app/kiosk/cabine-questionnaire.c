/* cabine-questionnaire.c: the short questionnaire the patient answers before the call
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "cabine-questionnaire"

#include <string.h>

#include "cabine-questionnaire.h"

static const char * const text_keys[] = { "mainSymptom", "allergies", "medication", NULL };
static const char * const since_codes[] = { "today", "1-3-days", "4-7-days", "over-a-week", "unknown", NULL };
static const char * const fever_codes[] = { "yes", "no", "unknown", NULL };
static const char * const pregnancy_codes[] = { "yes", "no", "unknown", "not-applicable", NULL };

struct _CabineQuestionnaire
{
  GObject     parent_instance;
  GHashTable *answers; /* key → owned string */
  int         pain;
};

G_DEFINE_QUARK (cabine-questionnaire-error-quark, cabine_questionnaire_error)
G_DEFINE_FINAL_TYPE (CabineQuestionnaire, cabine_questionnaire, G_TYPE_OBJECT)

static void
wipe_string (gpointer data)
{
  char *s = data;

  memset (s, 0, strlen (s));
  g_free (s);
}

void
cabine_questionnaire_clear (CabineQuestionnaire *self)
{
  g_return_if_fail (CABINE_IS_QUESTIONNAIRE (self));

  g_hash_table_remove_all (self->answers);
  g_hash_table_insert (self->answers, g_strdup ("since"), g_strdup ("unknown"));
  g_hash_table_insert (self->answers, g_strdup ("fever"), g_strdup ("unknown"));
  g_hash_table_insert (self->answers, g_strdup ("pregnancy"), g_strdup ("unknown"));
  self->pain = -1;
}

static void
cabine_questionnaire_finalize (GObject *object)
{
  CabineQuestionnaire *self = CABINE_QUESTIONNAIRE (object);

  g_hash_table_unref (self->answers);
  G_OBJECT_CLASS (cabine_questionnaire_parent_class)->finalize (object);
}

static void
cabine_questionnaire_class_init (CabineQuestionnaireClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cabine_questionnaire_finalize;
}

static void
cabine_questionnaire_init (CabineQuestionnaire *self)
{
  self->answers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, wipe_string);
  cabine_questionnaire_clear (self);
}

CabineQuestionnaire *
cabine_questionnaire_new (void)
{
  return g_object_new (CABINE_TYPE_QUESTIONNAIRE, NULL);
}

gboolean
cabine_questionnaire_set_text (CabineQuestionnaire *self,
                               const char          *key,
                               const char          *text,
                               GError             **error)
{
  g_autofree char *copy = NULL;

  g_return_val_if_fail (CABINE_IS_QUESTIONNAIRE (self), FALSE);

  if (key == NULL || !g_strv_contains (text_keys, key))
    {
      g_set_error (error, CABINE_QUESTIONNAIRE_ERROR, CABINE_QUESTIONNAIRE_ERROR_INVALID,
                   "\"%s\" is not a text answer", key != NULL ? key : "(null)");
      return FALSE;
    }
  if (text != NULL && (strlen (text) > CABINE_QUESTIONNAIRE_MAX_TEXT || !g_utf8_validate (text, -1, NULL)))
    {
      g_set_error (error, CABINE_QUESTIONNAIRE_ERROR, CABINE_QUESTIONNAIRE_ERROR_INVALID,
                   "\"%s\" must be UTF-8 of at most %d bytes", key, CABINE_QUESTIONNAIRE_MAX_TEXT);
      return FALSE;
    }
  copy = g_strstrip (g_strdup (text != NULL ? text : ""));
  if (*copy == '\0')
    g_hash_table_remove (self->answers, key);
  else
    g_hash_table_insert (self->answers, g_strdup (key), g_steal_pointer (&copy));
  return TRUE;
}

gboolean
cabine_questionnaire_set_choice (CabineQuestionnaire *self,
                                 const char          *key,
                                 const char          *code,
                                 GError             **error)
{
  const char * const *codes = NULL;

  g_return_val_if_fail (CABINE_IS_QUESTIONNAIRE (self), FALSE);

  if (g_strcmp0 (key, "since") == 0)
    codes = since_codes;
  else if (g_strcmp0 (key, "fever") == 0)
    codes = fever_codes;
  else if (g_strcmp0 (key, "pregnancy") == 0)
    codes = pregnancy_codes;
  if (codes == NULL || code == NULL || !g_strv_contains (codes, code))
    {
      g_set_error (error, CABINE_QUESTIONNAIRE_ERROR, CABINE_QUESTIONNAIRE_ERROR_INVALID,
                   "\"%s\" is not an answer to \"%s\"", code != NULL ? code : "(null)",
                   key != NULL ? key : "(null)");
      return FALSE;
    }
  g_hash_table_insert (self->answers, g_strdup (key), g_strdup (code));
  return TRUE;
}

gboolean
cabine_questionnaire_set_pain (CabineQuestionnaire *self,
                               int                  pain,
                               GError             **error)
{
  g_return_val_if_fail (CABINE_IS_QUESTIONNAIRE (self), FALSE);

  if (pain < -1 || pain > 10)
    {
      g_set_error (error, CABINE_QUESTIONNAIRE_ERROR, CABINE_QUESTIONNAIRE_ERROR_INVALID,
                   "pain %d is outside 0–10", pain);
      return FALSE;
    }
  self->pain = pain;
  return TRUE;
}

const char *
cabine_questionnaire_get (CabineQuestionnaire *self,
                          const char          *key)
{
  g_return_val_if_fail (CABINE_IS_QUESTIONNAIRE (self), NULL);
  return key != NULL ? g_hash_table_lookup (self->answers, key) : NULL;
}

int
cabine_questionnaire_get_pain (CabineQuestionnaire *self)
{
  g_return_val_if_fail (CABINE_IS_QUESTIONNAIRE (self), -1);
  return self->pain;
}

JsonObject *
cabine_questionnaire_to_json (CabineQuestionnaire *self)
{
  JsonObject *obj;

  g_return_val_if_fail (CABINE_IS_QUESTIONNAIRE (self), NULL);

  obj = json_object_new ();
  for (guint i = 0; text_keys[i] != NULL; i++)
    {
      const char *v = g_hash_table_lookup (self->answers, text_keys[i]);
      json_object_set_string_member (obj, text_keys[i], v != NULL ? v : "");
    }
  json_object_set_string_member (obj, "since", g_hash_table_lookup (self->answers, "since"));
  json_object_set_string_member (obj, "fever", g_hash_table_lookup (self->answers, "fever"));
  if (self->pain >= 0)
    json_object_set_int_member (obj, "pain", self->pain);
  else
    json_object_set_null_member (obj, "pain");
  json_object_set_string_member (obj, "pregnancy", g_hash_table_lookup (self->answers, "pregnancy"));
  return obj;
}
