/* cabine-reason-page.h: the reason for the visit
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define CABINE_TYPE_REASON_PAGE (cabine_reason_page_get_type ())
G_DECLARE_FINAL_TYPE (CabineReasonPage, cabine_reason_page, CABINE, REASON_PAGE, GtkBox)

/**
 * CabineReasonPage::chosen:
 * @reason: the reason as the patient read it, in the current language
 *
 * CabineReasonPage::back: the patient goes back to the welcome page.
 */

/** Returns: (transfer full): a new page, translated in the current language. */
GtkWidget *cabine_reason_page_new (void);

G_END_DECLS
