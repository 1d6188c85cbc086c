/* cabine-window-private.h: the window's state, shared by cabine-window.c and cabine-window-extras.c
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cabine-pin.h"
#include "cabine-speech.h"
#include "cabine-welcome-page.h"
#include "cabine-window.h"

G_BEGIN_DECLS

struct _CabineWindow
{
  GtkApplicationWindow parent_instance;

  GtkOverlay          *overlay;
  GtkStack            *stack;
  CabineSession       *session;
  guint                end_page_seconds;
  CabineWelcomePage   *welcome;
  GtkWidget           *page;          /* the translated page shown now, or NULL on welcome */
  GtkWidget           *holder;        /* the scrolled window holding @page in the stack */
  CabineSpeech        *speech;
  char                *reason;
  CabineQuestionnaire *answers;

  /* cabine-window-extras.c */
  GtkWidget           *a11y_bar;
  GtkWidget           *large_text;
  GtkWidget           *contrast;
  GtkWidget           *voice;
  GtkWidget           *still_there;
  GtkWidget           *still_there_label;
  GtkWidget           *still_there_button;
  guint                inactivity_ms;
  guint                grace_ms;
  guint                inactivity_id;
  guint                grace_id;
  GtkWidget           *corner;
  guint                corner_taps;
  gint64               corner_first_tap_us;
  CabinePinGuard      *pin_guard;
};

/**
 * cabine_window_show_page:
 * @page: (nullable) (transfer floating): the new page; %NULL for the welcome page
 * @name: its name (cabine_window_get_page())
 * @prompt: (nullable): what to say aloud (translated)
 */
void cabine_window_show_page           (CabineWindow *self,
                                        GtkWidget    *page,
                                        const char   *name,
                                        const char   *prompt);

void cabine_window_extras_init         (CabineWindow *self,
                                        guint         inactivity_ms,
                                        guint         grace_ms);
void cabine_window_extras_dispose      (CabineWindow *self);
/** Restarts the inactivity timer (on a patient page) or stops it (elsewhere). */
void cabine_window_inactivity_restart  (CabineWindow *self);
/** Relabels the accessibility bar in the current language. */
void cabine_window_retranslate_extras  (CabineWindow *self);
/** Shows on the welcome page whether new patients are refused (cleaning overdue). */
void cabine_window_update_welcome      (CabineWindow *self);

G_END_DECLS
