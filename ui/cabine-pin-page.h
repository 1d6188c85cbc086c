/* cabine-pin-page.h: the operator types the maintenance PIN on a keypad
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define CABINE_TYPE_PIN_PAGE (cabine_pin_page_get_type ())
G_DECLARE_FINAL_TYPE (CabinePinPage, cabine_pin_page, CABINE, PIN_PAGE, GtkBox)

/**
 * CabinePinPage::entered:
 * @pin: the digits typed (the page forgets them once the handler returns)
 *
 * CabinePinPage::cancel: back to the welcome page.
 */

/** Returns: (transfer floating): a new keypad page, in the current language. */
GtkWidget *cabine_pin_page_new        (void);

/** cabine_pin_page_show_error: shows why the PIN was refused (a #CabinePinError) and clears it. */
void       cabine_pin_page_show_error (CabinePinPage *self,
                                       const GError  *error);

G_END_DECLS
