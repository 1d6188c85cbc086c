/* cabine-osk.h: a simple on-screen keyboard for the patient's text fields
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Set CABINE_OSK=1 (or 0) in the environment to force the kiosk to show (or hide) it.
 * Its keys never take the focus: a key types into whichever #GtkEditable of the same window has it.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define CABINE_TYPE_OSK (cabine_osk_get_type ())
G_DECLARE_FINAL_TYPE (CabineOsk, cabine_osk, CABINE, OSK, GtkBox)

/**
 * cabine_osk_new:
 *
 * Returns: (transfer floating): an AZERTY keyboard: digits, letters with é è à ç at hand, an
 *   accents layer ("àéç": é è ê ë à â ä ç ù û ü ô ö î ï ÿ œ æ ñ ß), ⇧ (once: the next letter in
 *   capitals; twice: caps lock; a third time: off), ' - @ . _ + /, space and erase (⌫). Keys are
 *   named for tests: "osk-shift", "osk-layer", "osk-erase", "osk-space".
 */
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
