/* cabine-end-page.h: the end of a consultation
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define CABINE_TYPE_END_PAGE (cabine_end_page_get_type ())
G_DECLARE_FINAL_TYPE (CabineEndPage, cabine_end_page, CABINE, END_PAGE, GtkBox)

/** CabineEndPage::done: the patient has finished (or the page timed out). */

/**
 * cabine_end_page_new:
 * @end_reason: (nullable): a hangup reason of data/protocol.md
 * @readings: the consultation's #CabineReading items, summarised on the page: one line (widget
 *   name "end-reading") per kind of measurement (LOINC code) with its latest reading, the kind
 *   measured last first, then "and N earlier measurements" ("end-reading-earlier") when there
 *   were more of that kind
 * @contact: (nullable): where the physician's report is sent (the patient's phone or e-mail)
 * @seconds: how long the page stays before emitting ::done by itself
 *
 * Returns: (transfer full): a new page, translated in the current language.
 */
GtkWidget *cabine_end_page_new (const char *end_reason,
                                GListModel *readings,
                                const char *contact,
                                guint       seconds);

G_END_DECLS
