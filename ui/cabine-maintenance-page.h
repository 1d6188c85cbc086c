/* cabine-maintenance-page.h: the operator's pages: instruments, cameras, sound, network,
 * cleaning, recent logs, configuration, restart and shutdown
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "cabine-device-manager.h"
#include "cabine-session.h"

G_BEGIN_DECLS

/** How often the logs page re-reads its counters while it is shown, in milliseconds. */
#define CABINE_MAINTENANCE_LOGS_REFRESH_MS 2000

#define CABINE_TYPE_MAINTENANCE_PAGE (cabine_maintenance_page_get_type ())
G_DECLARE_FINAL_TYPE (CabineMaintenancePage, cabine_maintenance_page, CABINE, MAINTENANCE_PAGE, GtkBox)

/** CabineMaintenancePage::leave: the operator is done; back to welcome. */

/** Returns: (transfer floating): the maintenance pages for @session (which must be on WELCOME). */
GtkWidget  *cabine_maintenance_page_new         (CabineSession *session);

/**
 * cabine_maintenance_page_show:
 * @name: one of "instruments", "cameras", "sound", "network", "cleaning", "logs",
 *   "configuration", "power"; an unknown name changes nothing
 *
 * Shows that page, as a touch on its row of the sidebar does.
 */
void        cabine_maintenance_page_show        (CabineMaintenancePage *self,
                                                 const char            *name);

/**
 * cabine_maintenance_page_set_device_manager:
 * @devices: (nullable): the session's USB device manager (a reference is kept)
 *
 * Gives the instruments page each device's last reading with its provenance and a self-test
 * button (cabine_device_manager_self_test()); without it the page lists device ids only.
 */
void        cabine_maintenance_page_set_device_manager (CabineMaintenancePage *self,
                                                        CabineDeviceManager   *devices);

/** Returns: (transfer none): the name of the page shown (see cabine_maintenance_page_show()). */
const char *cabine_maintenance_page_get_visible (CabineMaintenancePage *self);

G_END_DECLS
