/* cabine-consent-page.h: what is recorded, who sees it, how long it is kept; the patient agrees
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/** The version of the consent text below; stored with the patient's agreement. Change it with
 * any change of the text. */
#define CABINE_CONSENT_VERSION "2026-11-29.2"

#define CABINE_TYPE_CONSENT_PAGE (cabine_consent_page_get_type ())
G_DECLARE_FINAL_TYPE (CabineConsentPage, cabine_consent_page, CABINE, CONSENT_PAGE, GtkBox)

/**
 * CabineConsentPage::accepted: the patient agrees to %CABINE_CONSENT_VERSION.
 * CabineConsentPage::refused: the patient does not agree (the journey ends).
 */

/** Returns: (transfer floating): a new page, in the current language. */
GtkWidget *cabine_consent_page_new (void);

G_END_DECLS
