/* cabine-precall-page.h: the check before the call: camera, microphone, speaker, network
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "cabine-config.h"

G_BEGIN_DECLS

#define CABINE_TYPE_PRECALL_PAGE (cabine_precall_page_get_type ())
G_DECLARE_FINAL_TYPE (CabinePrecallPage, cabine_precall_page, CABINE, PRECALL_PAGE, GtkBox)

/**
 * CabinePrecallPage::done: the patient is ready; join the queue.
 * CabinePrecallPage::back: the patient goes back to the questions.
 */

/**
 * cabine_precall_page_new:
 * @config: the [media] options say which camera, microphone and speaker to test
 * @hub_connected: whether the service is reachable now (see cabine_precall_page_set_hub_connected())
 *
 * Starts the camera preview and the microphone meter at once; both stop when the page is disposed
 * (before the call needs the devices).
 *
 * Returns: (transfer floating): a new page, in the current language.
 */
GtkWidget *cabine_precall_page_new               (CabineConfig      *config,
                                                  gboolean           hub_connected);

/** cabine_precall_page_set_hub_connected: updates the network line. */
void       cabine_precall_page_set_hub_connected (CabinePrecallPage *self,
                                                  gboolean           connected);

/** cabine_precall_page_focus_continue: puts the keyboard focus on "call a doctor". */
void       cabine_precall_page_focus_continue    (CabinePrecallPage *self);

/** cabine_precall_page_stop: stops the camera and microphone now (idempotent). */
void       cabine_precall_page_stop              (CabinePrecallPage *self);

G_END_DECLS
