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

/**
 * CabineWelcomeRefusal:
 * @CABINE_WELCOME_OPEN: patients may start
 * @CABINE_WELCOME_CLEANING_DUE: the cabin's cleaning is overdue
 * @CABINE_WELCOME_OUT_OF_SERVICE: the service refuses this cabin (configuration to fix)
 */
typedef enum {
  CABINE_WELCOME_OPEN,
  CABINE_WELCOME_CLEANING_DUE,
  CABINE_WELCOME_OUT_OF_SERVICE,
} CabineWelcomeRefusal;

/**
 * cabine_welcome_page_set_refusing:
 * @refusal: why the cabin takes no new patient, or %CABINE_WELCOME_OPEN: when refusing, the start
 *   buttons are disabled and a bilingual notice asks the patient to see the pharmacy staff
 */
void       cabine_welcome_page_set_refusing      (CabineWelcomePage    *self,
                                                  CabineWelcomeRefusal  refusal);

G_END_DECLS
