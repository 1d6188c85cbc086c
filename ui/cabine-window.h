/* cabine-window.h: the kiosk's full-screen window
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "cabine-session.h"

G_BEGIN_DECLS

#define CABINE_TYPE_WINDOW (cabine_window_get_type ())
G_DECLARE_FINAL_TYPE (CabineWindow, cabine_window, CABINE, WINDOW, GtkApplicationWindow)

/**
 * cabine_window_new:
 * @app: the application
 * @session: the kiosk session the window shows and drives (a reference is taken)
 * @end_page_seconds: how long the end page stays
 *
 * Returns: (transfer full): the window, on the welcome page.
 */
CabineWindow *cabine_window_new (GtkApplication *app,
                                 CabineSession  *session,
                                 guint           end_page_seconds);

/** Returns: (transfer none): the name of the visible page: welcome, reason, waiting, call or end. */
const char   *cabine_window_get_page (CabineWindow *self);

G_END_DECLS
