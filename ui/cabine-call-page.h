/* cabine-call-page.h: the call, with the physician large, the patient small and the readings
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "cabine-remote.h"

G_BEGIN_DECLS

/*
 * CabineCallPage: the physician's video with the patient's self-view in its bottom-right corner
 * (16:9, at most 320×180 units and about 40 % of the video's width, at least 120 units wide), and
 * a panel with the readings and the hang-up button: beside the video on a landscape screen,
 * below it (the video full width) on a portrait one, switched from the page's own size.
 */
#define CABINE_TYPE_CALL_PAGE (cabine_call_page_get_type ())
G_DECLARE_FINAL_TYPE (CabineCallPage, cabine_call_page, CABINE, CALL_PAGE, GtkWidget)

/** CabineCallPage::hang-up: the patient ends the consultation. */

/**
 * cabine_call_page_new:
 * @readings: a #GListModel of #CabineReading, shown as they arrive
 *
 * Returns: (transfer full): a new page, translated in the current language.
 */
GtkWidget *cabine_call_page_new           (GListModel     *readings);

/**
 * cabine_call_page_set_call:
 * @remote: (nullable): the physician's video
 * @local: (nullable): the cabin camera's self-view
 * @physician: (nullable): the physician's display name
 */
void       cabine_call_page_set_call      (CabineCallPage *self,
                                           GdkPaintable   *remote,
                                           GdkPaintable   *local,
                                           const char     *physician);

/**
 * cabine_call_page_set_notice:
 * @self: a #CabineCallPage
 * @notice: (nullable): an already translated notice shown over the physician's video while the
 *   call recovers (cabine_session_get_call_notice()), or %NULL to hide it
 */
void       cabine_call_page_set_notice    (CabineCallPage *self,
                                           const char     *notice);

/**
 * cabine_call_page_set_remote:
 * @remote: (nullable): the session's remote control (cabine_session_get_remote()): the page
 *   shows its measurement guide (ui/cabine-guide-panel.h)
 */
void       cabine_call_page_set_remote    (CabineCallPage *self,
                                           CabineRemote   *remote);
/** Returns: (transfer none): the page's #CabineGuidePanel, for tests. */
GtkWidget *cabine_call_page_get_guide_panel (CabineCallPage *self);

G_END_DECLS
