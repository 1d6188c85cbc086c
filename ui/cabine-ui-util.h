/* cabine-ui-util.h: small builders shared by the kiosk's pages
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/**
 * cabine_ui_label:
 * @text: the (already translated) text
 * @css_class: (nullable): a style class, e.g. "title-1"
 *
 * Returns: (transfer floating): a wrapping, left-aligned label.
 */
GtkWidget  *cabine_ui_label             (const char *text,
                                         const char *css_class);

/**
 * cabine_ui_choice_group_new:
 * @codes: %NULL-terminated answer codes
 * @labels: the translated label of each code, same length
 * @accessible_label: the question, for screen readers
 *
 * A row of large toggle buttons of which at most one is active (none at first). Each button's
 * widget name is "choice-<code>".
 *
 * Returns: (transfer floating): the group.
 */
GtkWidget  *cabine_ui_choice_group_new  (const char * const *codes,
                                         const char * const *labels,
                                         const char         *accessible_label);

/** Returns: (transfer none) (nullable): the active button's code, %NULL when none is. */
const char *cabine_ui_choice_group_get  (GtkWidget *group);

/** cabine_ui_choice_group_set: activates the button of @code (%NULL: none). */
void        cabine_ui_choice_group_set  (GtkWidget  *group,
                                         const char *code);

/**
 * cabine_ui_wipe_entries:
 * @root: a widget tree
 *
 * Empties every #GtkEditable under @root (privacy: called before a patient page is destroyed).
 */
void        cabine_ui_wipe_entries      (GtkWidget *root);

/**
 * cabine_ui_page_finish:
 * @page: a vertical page under construction; what it holds so far is its content
 * @actions: (nullable) (transfer floating): the page's buttons (primary first)
 * @keyboard: (nullable) (transfer floating): an on-screen keyboard
 *
 * Lays the page out for a 1280×800 screen: the content moves into a vertical scroller that takes
 * what room is left, and @actions then @keyboard stay below it, always on screen, whatever the
 * text size. The scroller keeps the focused field in view. Call it once, at the end of
 * construction.
 */
void        cabine_ui_page_finish       (GtkBox    *page,
                                         GtkWidget *actions,
                                         GtkWidget *keyboard);

/**
 * cabine_ui_unit_for_people:
 * @ucum: (nullable): a UCUM unit code, e.g. "Cel", "mm[Hg]", "%", "/min", "kg"
 *
 * Returns: (transfer none) (nullable): the unit as people read it ("°C", "mmHg", "%", "bpm", "kg",
 *   ...); @ucum itself when it has no common form here; %NULL for %NULL.
 */
const char *cabine_ui_unit_for_people   (const char *ucum);

/**
 * cabine_readings_newest_first:
 * @readings: a #GListModel of #CabineReading (a reference is kept)
 *
 * Returns: (transfer full): @readings sorted by cabine_reading_get_time(), the newest first (equal
 *   times keep the model's order); it follows @readings' changes.
 */
GtkSortListModel *cabine_readings_newest_first (GListModel *readings);

G_END_DECLS
