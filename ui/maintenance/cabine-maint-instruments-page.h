/* cabine-maint-instruments-page.h: maintenance page listing the USB instruments with their last
 * reading, its provenance, and a self-test button each
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The self-test is cabine_device_manager_self_test(): a GET of the agent's MDS attributes (IEEE
 * 11073-20601 8.5.2) answered with manufacturer, model, serial, firmware and the round trip; a
 * vendor-protocol instrument says it has none. The list follows ::device-added/::device-removed
 * of the manager, and is rebuilt (last readings included) each time the page is shown.
 */
#pragma once

#include <gtk/gtk.h>

#include "cabine-device-manager.h"
#include "cabine-session.h"

G_BEGIN_DECLS

#define CABINE_TYPE_MAINT_INSTRUMENTS_PAGE (cabine_maint_instruments_page_get_type ())
G_DECLARE_FINAL_TYPE (CabineMaintInstrumentsPage, cabine_maint_instruments_page, CABINE,
                      MAINT_INSTRUMENTS_PAGE, GtkBox)

/**
 * cabine_maint_instruments_page_new:
 * @session: the kiosk's session (for the device list when @devices is %NULL)
 * @devices: (nullable): the session's device manager (a reference is kept); %NULL when the
 *   session does not expose it: the page then lists device ids only, with no reading nor self-test
 *
 * Returns: (transfer floating): the page.
 */
GtkWidget *cabine_maint_instruments_page_new     (CabineSession       *session,
                                                  CabineDeviceManager *devices);

/**
 * cabine_maint_instruments_page_set_device_manager:
 * @devices: (nullable): the session's device manager (a reference is kept), or %NULL
 *
 * Lists @devices' instruments with their readings and self-test buttons; rebuilds the list.
 */
void       cabine_maint_instruments_page_set_device_manager (CabineMaintInstrumentsPage *self,
                                                             CabineDeviceManager        *devices);

/** cabine_maint_instruments_page_refresh: rebuilds the list (what the page's button does). */
void       cabine_maint_instruments_page_refresh (CabineMaintInstrumentsPage *self);

/**
 * cabine_maint_instruments_format_value:
 * @m: a reading
 *
 * Returns: (transfer full): its value(s) and unit exactly as the patient pages show them
 *   (cabine_reading_format_value() of the Observation cabine_observation_draft_init() makes:
 *   "62,3 kg", "62 /min", "120/80 mmHg" in French); a kind the kiosk cannot express as an
 *   Observation is shown as whole numbers with its UCUM unit as people read it.
 */
char       *cabine_maint_instruments_format_value (CabineMeasurement *m);

/**
 * cabine_maint_instruments_kind_name:
 * @m: (nullable): the instrument's last reading
 *
 * Returns: (transfer none): what the instrument is, translated ("Thermometer", "Blood pressure
 *   monitor", "Pulse oximeter", "Weighing scale", "Pulse rate monitor"; "Instrument" before any
 *   reading): the rows' title, the port coming second.
 */
const char *cabine_maint_instruments_kind_name    (CabineMeasurement *m);

/**
 * cabine_maint_instruments_title:
 * @instrument: (nullable): what the device manager says the device is
 *   (cabine_device_manager_get_instrument(): its IEEE 11073 specialization or vendor driver)
 * @m: (nullable): the instrument's last reading, used when @instrument is %NULL or "agent"
 *
 * Returns: (transfer none): the row's title, translated: from @instrument when it names a known
 *   kind (so a blood pressure monitor whose last reading was a pulse rate is not called a "Pulse
 *   rate monitor"), else cabine_maint_instruments_kind_name() of @m.
 */
const char *cabine_maint_instruments_title        (const char        *instrument,
                                                   CabineMeasurement *m);

/** Returns: the number of instrument rows shown; for tests. */
guint      cabine_maint_instruments_page_count   (CabineMaintInstrumentsPage *self);

G_END_DECLS
