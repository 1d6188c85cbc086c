/* cabine-test-clip.h: the simulated cameras: the room camera, a one-second clip of moving
 * colour bars played in a loop, and the exam cameras' stand-in, one still picture per role
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gst/gst.h>

G_BEGIN_DECLS

/**
 * CABINE_TEST_CLIP_SECONDS:
 *
 * Length of the clip: one second, as the y4m clip the Chromium kiosk of tests/bench plays from its
 * fake camera (--use-file-for-fake-video-capture).
 */
#define CABINE_TEST_CLIP_SECONDS 1

/**
 * cabine_test_clip_new:
 * @width: frame width in pixels (2–4096)
 * @height: frame height in pixels (2–4096)
 * @fps: frames per second (1–120)
 * @error: return location for a #GError: %CABINE_MEDIA_ERROR_MISSING_ELEMENT when appsrc,
 *   clocksync, videotestsrc or appsink is not installed, %CABINE_MEDIA_ERROR_PIPELINE when the
 *   clip cannot be drawn
 *
 * A live source of I420 frames at @width × @height and @fps (pixel aspect ratio 1:1): colour bars
 * (videotestsrc's smpte75) scrolling sideways by 2 pixels a frame, so that every macroblock moves
 * and an encoder has a camera's work. videotestsrc draws the %CABINE_TEST_CLIP_SECONDS × @fps frames
 * of the first loop as they are needed (two ahead), and they are kept (41 MiB at 1280×720): later
 * loops hand the same frames out again, each stamped with the running time it is due at and
 * released at that time. Unlike videotestsrc drawing every frame (2–3 % of a core at 720p30,
 * tests/bench), the simulated camera then costs about what a real one does, and the call does not
 * wait for the clip to be drawn. A frame that downstream took too long to accept is not caught up
 * on: the next one is due one frame period after the current time, as a camera does not deliver
 * frames it could not send.
 *
 * Frames are shared, read-only: an element that writes into one gets its own copy (GstBuffer's
 * usual copy-on-write).
 *
 * Returns: (transfer floating) (nullable): a bin with a "src" pad, or %NULL with @error set
 */
GstElement *cabine_test_clip_new (int      width,
                                  int      height,
                                  int      fps,
                                  GError **error);

/**
 * cabine_test_clip_new_stills:
 * @width: frame width in pixels (2–4096)
 * @height: frame height in pixels (2–4096)
 * @fps: frames per second (1–120)
 * @patterns: (array zero-terminated=1): videotestsrc pattern nicks ("pinwheel", "checkers-8", …),
 *   one still each, at least one
 * @error: as for cabine_test_clip_new()
 *
 * The exam cameras' stand-in in demos and tests: a live source of I420 frames at @width × @height
 * and @fps showing one still picture, the first pattern's until cabine_test_clip_show_still()
 * picks another. Each still is drawn once, the first time it is shown, and then the same frame
 * is handed out at every period: a source that runs all call long behind an unselected
 * input-selector pad costs next to nothing (videotestsrc copied its cached still into every
 * frame). A frame of the previous still queued at the switch is dropped, never shown.
 *
 * Returns: (transfer floating) (nullable): a bin with a "src" pad, or %NULL with @error set
 */
GstElement *cabine_test_clip_new_stills (int                 width,
                                         int                 height,
                                         int                 fps,
                                         const char * const *patterns,
                                         GError            **error);

/**
 * cabine_test_clip_show_still:
 * @stills: a bin from cabine_test_clip_new_stills()
 * @index: index in its @patterns of the still to show from the next frame on
 *
 * Thread-safe.
 */
void        cabine_test_clip_show_still (GstElement *stills,
                                         guint       index);

G_END_DECLS
