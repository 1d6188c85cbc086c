/* cabine-maintenance-page.h: the operator's pages (instruments, network, cleaning, logs,
 * configuration, restart)
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "cabine-session.h"

G_BEGIN_DECLS

#define CABINE_TYPE_MAINTENANCE_PAGE (cabine_maintenance_page_get_type ())
G_DECLARE_FINAL_TYPE (CabineMaintenancePage, cabine_maintenance_page, CABINE, MAINTENANCE_PAGE, GtkBox)

/** CabineMaintenancePage::leave: the operator is done; back to welcome. */

/** Returns: (transfer floating): the maintenance pages for @session (which must be on WELCOME). */
GtkWidget *cabine_maintenance_page_new (CabineSession *session);

G_END_DECLS
