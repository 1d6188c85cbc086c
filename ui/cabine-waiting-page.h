/* cabine-waiting-page.h: the waiting room
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define CABINE_TYPE_WAITING_PAGE (cabine_waiting_page_get_type ())
G_DECLARE_FINAL_TYPE (CabineWaitingPage, cabine_waiting_page, CABINE, WAITING_PAGE, GtkBox)

/** CabineWaitingPage::cancel: the patient leaves the queue. */

/** Returns: (transfer full): a new page, translated in the current language. */
GtkWidget *cabine_waiting_page_new    (void);

/**
 * cabine_waiting_page_update:
 * @position: 1-based place in the queue, 0 when not known yet
 * @hub_connected: whether the service is reachable
 * @estimated_wait_s: the hub's estimate in seconds, 0 when unknown (shown as "not known yet")
 */
void       cabine_waiting_page_update (CabineWaitingPage *self,
                                       guint              position,
                                       gboolean           hub_connected,
                                       guint              estimated_wait_s);

G_END_DECLS
