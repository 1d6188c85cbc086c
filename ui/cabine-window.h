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

/**
 * cabine_window_get_page:
 * Returns: (transfer none): the name of the visible page: welcome, identity, consent, reason,
 *   questionnaire, precall, waiting, call, end, pin or maintenance.
 */
const char   *cabine_window_get_page (CabineWindow *self);

/** Returns: (transfer none): the visible page widget. */
GtkWidget    *cabine_window_get_page_widget (CabineWindow *self);

/**
 * cabine_window_set_inactivity_timeouts:
 * @prompt_ms: milliseconds without a touch or key on a patient page before "are you still there?"
 * @grace_ms: milliseconds the question stays before the session is reset to welcome
 */
void          cabine_window_set_inactivity_timeouts (CabineWindow *self,
                                                     guint         prompt_ms,
                                                     guint         grace_ms);

/** cabine_window_open_pin_page: what the hidden gesture does (only from the welcome page). */
void          cabine_window_open_pin_page (CabineWindow *self);

G_END_DECLS
