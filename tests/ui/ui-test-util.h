/* ui-test-util.h: what the kiosk's UI tests share: spinning the main loop, finding widgets by
 * name, and screenshots
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/**
 * cabine_ui_test_spin:
 * @ms: how long, in milliseconds
 *
 * Runs the default main context for @ms, without blocking on it (GTK draws, timers fire).
 */
void        cabine_ui_test_spin        (guint        ms);

/**
 * CabineUiTestMatch:
 * @widget: a widget under the search's root
 * @data: the search's data
 *
 * Returns: whether @widget is the one looked for
 */
typedef gboolean (*CabineUiTestMatch) (GtkWidget *widget, gconstpointer data);

/**
 * cabine_ui_test_find:
 * @root: where to look (itself included)
 * @match: the test
 * @data: passed to @match
 *
 * Returns: (transfer none) (nullable): the first widget under @root that @match accepts, depth first
 */
GtkWidget  *cabine_ui_test_find        (GtkWidget         *root,
                                        CabineUiTestMatch  match,
                                        gconstpointer      data);

/**
 * cabine_ui_test_find_named:
 * @root: where to look (itself included)
 * @name: a widget name (gtk_widget_set_name())
 *
 * Returns: (transfer none) (nullable): the first widget under @root named @name, depth first
 */
GtkWidget  *cabine_ui_test_find_named  (GtkWidget   *root,
                                        const char  *name);

/**
 * cabine_ui_test_shots_dir:
 *
 * Returns: (transfer none): where screenshots go: `$CABINE_ARTIFACTS_DIR/ui`, or
 *   `$CABINE_BUILD_DIR/tests/ui/screenshots` (`./tests/ui/screenshots` without either); made on
 *   the first call
 */
const char *cabine_ui_test_shots_dir   (void);

/**
 * cabine_ui_test_save_png:
 * @widget: a realized, drawn widget (usually the window)
 * @name: the file's name without ".png"
 *
 * Renders @widget as it is on screen into cabine_ui_test_shots_dir()/@name.png, retrying for up
 * to 2 s while it has not been drawn since its last change. Fails the test when it cannot.
 */
void        cabine_ui_test_save_png    (GtkWidget   *widget,
                                        const char  *name);

G_END_DECLS
