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

/* How long the hub may stay unreachable before the page refuses new patients, in seconds. */
#define CABINE_WELCOME_UNAVAILABLE_AFTER_S 30

/**
 * cabine_welcome_page_set_hub_connected:
 * @connected: whether the hub is reachable. When not, a bilingual notice says the service is
 *   being reached and patients may still start (the kiosk joins the queue when it is back); when
 *   it stays unreachable for the page's delay (CABINE_WELCOME_UNAVAILABLE_AFTER_S by default:
 *   a wrong CA, the hub down), the notice says the teleconsultation service is unavailable and
 *   to ask the pharmacy staff, and the start buttons are disabled until it is connected again.
 */
void       cabine_welcome_page_set_hub_connected (CabineWelcomePage *self,
                                                  gboolean           connected);

/**
 * cabine_welcome_page_set_unavailable_after:
 * @seconds: the delay above (> 0); a delay already running restarts with it. For tests.
 */
void       cabine_welcome_page_set_unavailable_after (CabineWelcomePage *self,
                                                      guint              seconds);

/** Returns: whether the page refuses patients because the hub has been unreachable too long. */
gboolean   cabine_welcome_page_get_service_unavailable (CabineWelcomePage *self);

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
