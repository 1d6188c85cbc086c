/* cabine-osk.h: a simple on-screen keyboard for the patient's text fields
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Its keys never take the focus: a key types into whichever #GtkEditable of the same window has it.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define CABINE_TYPE_OSK (cabine_osk_get_type ())
G_DECLARE_FINAL_TYPE (CabineOsk, cabine_osk, CABINE, OSK, GtkBox)

/** Returns: (transfer floating): a keyboard with letters, digits, @ . - ' / + space and erase. */
GtkWidget *cabine_osk_new                 (void);

/**
 * cabine_osk_physical_keyboard_present:
 * @display: a display
 *
 * Heuristic: whether a keyboard other than the X server's virtual ones and the power, sleep and
 * video buttons (which Linux also reports as keyboards) is attached.
 */
gboolean   cabine_osk_physical_keyboard_present (GdkDisplay *display);

G_END_DECLS
