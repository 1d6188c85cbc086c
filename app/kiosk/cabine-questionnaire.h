/* cabine-questionnaire.h: the short questionnaire the patient answers before the call
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Answers are kept as codes (not translated text) so the physician's console can show them in its
 * own language. The JSON shape, sent in join-queue's "questionnaire" member and kept in the store:
 *   { "mainSymptom": string, "since": "today"|"1-3-days"|"4-7-days"|"over-a-week"|"unknown",
 *     "fever": "yes"|"no"|"unknown", "pain": 0..10 or null, "allergies": string,
 *     "medication": string, "pregnancy": "yes"|"no"|"unknown"|"not-applicable" }
 * Free texts are at most 500 bytes each.
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define CABINE_QUESTIONNAIRE_ERROR (cabine_questionnaire_error_quark ())

/**
 * CabineQuestionnaireError:
 * @CABINE_QUESTIONNAIRE_ERROR_INVALID: an answer is not one of its codes, a text is too long or not
 *   UTF-8, or pain is above 10; the message names the answer
 */
typedef enum {
  CABINE_QUESTIONNAIRE_ERROR_INVALID,
} CabineQuestionnaireError;

GQuark cabine_questionnaire_error_quark (void);

#define CABINE_QUESTIONNAIRE_MAX_TEXT 500

#define CABINE_TYPE_QUESTIONNAIRE (cabine_questionnaire_get_type ())
G_DECLARE_FINAL_TYPE (CabineQuestionnaire, cabine_questionnaire, CABINE, QUESTIONNAIRE, GObject)

/** Returns: (transfer full): a questionnaire with every answer "unknown", empty or null. */
CabineQuestionnaire *cabine_questionnaire_new (void);

/**
 * cabine_questionnaire_set_text:
 * @key: "mainSymptom", "allergies" or "medication"
 * @text: (nullable): the answer as typed; %NULL or blank for none
 * @error: %CABINE_QUESTIONNAIRE_ERROR_INVALID
 */
gboolean   cabine_questionnaire_set_text   (CabineQuestionnaire *self,
                                            const char          *key,
                                            const char          *text,
                                            GError             **error);

/**
 * cabine_questionnaire_set_choice:
 * @key: "since", "fever" or "pregnancy"
 * @code: one of that key's codes (see the file comment)
 * @error: %CABINE_QUESTIONNAIRE_ERROR_INVALID
 */
gboolean   cabine_questionnaire_set_choice (CabineQuestionnaire *self,
                                            const char          *key,
                                            const char          *code,
                                            GError             **error);

/**
 * cabine_questionnaire_set_pain:
 * @pain: 0 (none) to 10 (worst imaginable), or -1 for not answered
 * @error: %CABINE_QUESTIONNAIRE_ERROR_INVALID
 */
gboolean   cabine_questionnaire_set_pain   (CabineQuestionnaire *self,
                                            int                  pain,
                                            GError             **error);

/** Returns: (transfer none) (nullable): the answer to @key (a text key or a choice key). */
const char *cabine_questionnaire_get       (CabineQuestionnaire *self,
                                            const char          *key);
/** Returns: the pain score, -1 when not answered. */
int         cabine_questionnaire_get_pain  (CabineQuestionnaire *self);

/** Returns: (transfer full): the answers as a JSON object of the shape above. */
JsonObject *cabine_questionnaire_to_json   (CabineQuestionnaire *self);

/** cabine_questionnaire_clear: overwrites and forgets every answer. */
void        cabine_questionnaire_clear     (CabineQuestionnaire *self);

G_END_DECLS
