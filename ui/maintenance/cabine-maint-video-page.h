/* cabine-maint-video-page.h: maintenance page previewing the cabin camera and the exam camera
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The cabin camera is the one of the pre-call check: [media] video-source (auto|test|v4l2) and
 * video-device (default /dev/video0). The exam camera (otoscope, dermatoscope: UVC cameras) is the
 * first "Video/Source" device a #GstDeviceMonitor lists other than video-device; with
 * video-source=test both previews are test patterns. The previews run only while the page is
 * mapped (shown), and stop when it is unmapped.
 */
#pragma once

#include <gtk/gtk.h>

#include "cabine-config.h"

G_BEGIN_DECLS

#define CABINE_TYPE_MAINT_VIDEO_PAGE (cabine_maint_video_page_get_type ())
G_DECLARE_FINAL_TYPE (CabineMaintVideoPage, cabine_maint_video_page, CABINE, MAINT_VIDEO_PAGE, GtkBox)

/** Returns: (transfer floating): the page, for @config (a reference is kept). */
GtkWidget *cabine_maint_video_page_new          (CabineConfig *config);

/** Returns: how many of the two previews are running (0–2); for tests. */
guint      cabine_maint_video_page_count_running (CabineMaintVideoPage *self);

G_END_DECLS
