/* cabine-identity-page.h: who the patient is (name, date of birth, sex, where to send the report)
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "cabine-session.h"

G_BEGIN_DECLS

#define CABINE_TYPE_IDENTITY_PAGE (cabine_identity_page_get_type ())
G_DECLARE_FINAL_TYPE (CabineIdentityPage, cabine_identity_page, CABINE, IDENTITY_PAGE, GtkBox)

/**
 * CabineIdentityPage::done: the identity was checked and stored in the session.
 * CabineIdentityPage::back: the patient leaves the journey.
 */

/**
 * cabine_identity_page_new:
 * @session: (transfer none): the session in INTAKE; the page calls cabine_session_set_patient()
 * @show_keyboard: whether to show the on-screen keyboard
 *
 * Every field is checked as it is typed; "Continue" is enabled when all are valid.
 *
 * Returns: (transfer floating): a new page, in the current language.
 */
GtkWidget *cabine_identity_page_new (CabineSession *session,
                                     gboolean       show_keyboard);

G_END_DECLS
