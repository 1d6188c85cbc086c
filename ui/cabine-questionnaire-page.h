/* cabine-questionnaire-page.h: a few questions about the reason for the visit
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "cabine-questionnaire.h"

G_BEGIN_DECLS

#define CABINE_TYPE_QUESTIONNAIRE_PAGE (cabine_questionnaire_page_get_type ())
G_DECLARE_FINAL_TYPE (CabineQuestionnairePage, cabine_questionnaire_page, CABINE, QUESTIONNAIRE_PAGE, GtkBox)

/**
 * CabineQuestionnairePage::done:
 * @questionnaire: (transfer none): the answers (every question may be left unanswered)
 *
 * CabineQuestionnairePage::back: the patient goes back to the reasons.
 */

/**
 * cabine_questionnaire_page_new:
 * @ask_pregnancy: whether to ask about pregnancy (the patient did not say "man")
 * @show_keyboard: whether to show the on-screen keyboard
 *
 * Returns: (transfer floating): a new page, in the current language.
 */
GtkWidget *cabine_questionnaire_page_new (gboolean ask_pregnancy,
                                          gboolean show_keyboard);

G_END_DECLS
