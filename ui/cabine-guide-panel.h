/* cabine-guide-panel.h: how to use the instrument the physician asks for, and its result
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shown on the call page when the physician requests a measurement (data/protocol.md,
 * `measurement-request`): a picture of how to use the instrument, a short text, live feedback
 * while the kiosk waits for the reading, then the result with its unit and time. It observes a
 * #CabineRemote (app/kiosk/cabine-remote.h) and hides itself when there is nothing to show.
 */
#pragma once

#include <gtk/gtk.h>

#include "cabine-remote.h"

G_BEGIN_DECLS

#define CABINE_TYPE_GUIDE_PANEL (cabine_guide_panel_get_type ())
G_DECLARE_FINAL_TYPE (CabineGuidePanel, cabine_guide_panel, CABINE, GUIDE_PANEL, GtkBox)

/**
 * cabine_guide_panel_new:
 *
 * Returns: (transfer full): a hidden panel, translated in the current language
 */
GtkWidget  *cabine_guide_panel_new          (void);

/**
 * cabine_guide_panel_set_remote:
 * @remote: (nullable): the remote control to follow (a reference is taken), %NULL to stop
 */
void        cabine_guide_panel_set_remote   (CabineGuidePanel *self,
                                             CabineRemote     *remote);

/** Returns: (transfer none): the text the panel shows now (instructions, feedback or result), for tests. */
const char *cabine_guide_panel_get_status   (CabineGuidePanel *self);

G_END_DECLS
