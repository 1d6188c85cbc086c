/* cabine-ui-media.h: GStreamer helpers shared by the pages that test the cabin's camera, microphone and speaker
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gst/gst.h>

#include "cabine-config.h"
#include "cabine-video-paintable.h"

G_BEGIN_DECLS

/**
 * cabine_ui_media_launch:
 * @description: a gst-launch description
 * @error: a %GST_PARSE_ERROR, also when the parser recovered from a missing element (a pipeline
 *   that silently lacks an element is refused)
 *
 * Returns: (transfer full) (nullable): the pipeline, in the NULL state.
 */
GstElement *cabine_ui_media_launch         (const char  *description,
                                         GError     **error);

/**
 * cabine_ui_media_launch_preview:
 * @source: the source part of a description, e.g. "v4l2src device=/dev/video0"
 * @paintable: (transfer none): receives the frames (320×240, 15 frame/s) from an appsink
 * @error: as for cabine_ui_media_launch()
 *
 * Returns: (transfer full) (nullable): the pipeline, in the NULL state.
 */
GstElement *cabine_ui_media_launch_preview (const char            *source,
                                         CabineVideoPaintable  *paintable,
                                         GError               **error);

/**
 * cabine_ui_media_stop:
 * @pipeline: (inout) (nullable): set to NULL state, unreferenced and cleared
 * @watch: (inout) (nullable): a bus watch id, removed and cleared
 */
void        cabine_ui_media_stop           (GstElement **pipeline,
                                         guint       *watch);

/**
 * cabine_ui_media_level_db:
 * @s: a "level" element message structure (the level element's "rms" field, a list of doubles
 *   in dBFS, one per channel)
 *
 * Returns: the RMS of the first channel in dBFS, -60 when absent.
 */
double      cabine_ui_media_level_db       (const GstStructure *s);

/**
 * cabine_ui_media_test_tone:
 * @config: the kiosk's configuration ([media] audio-sink)
 *
 * Returns: (transfer full): a gst_parse_launch() description of the speaker test: one second of
 *   440 Hz to the configured audio sink, then end of stream.
 */
char       *cabine_ui_media_test_tone   (CabineConfig *config);

G_END_DECLS
