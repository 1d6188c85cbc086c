/* cabine-welcome-page.h: the first page, in French and English at once
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define CABINE_TYPE_WELCOME_PAGE (cabine_welcome_page_get_type ())
G_DECLARE_FINAL_TYPE (CabineWelcomePage, cabine_welcome_page, CABINE, WELCOME_PAGE, GtkBox)

/**
 * CabineWelcomePage::start:
 * @language: "fr" or "en", the language of the button the patient touched
 *
 * Emitted when the patient asks for a consultation.
 */

/** Returns: (transfer full): a new welcome page. */
GtkWidget *cabine_welcome_page_new            (void);

/**
 * cabine_welcome_page_set_hub_connected:
 * @connected: whether the hub is reachable; when not, a bilingual notice says the service is
 *   being reached (patients may still start: the kiosk joins the queue when it is back).
 */
void       cabine_welcome_page_set_hub_connected (CabineWelcomePage *self,
                                                  gboolean           connected);

G_END_DECLS
