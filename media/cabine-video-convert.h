/* cabine-video-convert.h: YUV video frames to cairo's ARGB32 for drawing, with libyuv
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gst/video/video.h>

G_BEGIN_DECLS

/**
 * cabine_video_convert_supports:
 * @info: the caps of a frame, as a #GstVideoInfo
 *
 * Returns: %TRUE when cabine_video_convert_to_bgra() takes frames of this format: planar 8-bit
 *   4:2:0 (I420), what software H.264 decoders and JPEG decoders of webcam frames give
 */
gboolean  cabine_video_convert_supports  (const GstVideoInfo  *info);

/**
 * cabine_video_convert_to_bgra:
 * @frame: (transfer none): a frame mapped for reading, in a format
 *   cabine_video_convert_supports() accepts
 * @dest: (out caller-allocates): @height rows of @dest_stride bytes
 * @dest_stride: bytes from one row of @dest to the next, at least 4 × @width
 * @width: width of the picture to make in @dest, in pixels (at least 1)
 * @height: height of the picture to make, in pixels (at least 1)
 *
 * Makes the frame into opaque 8-bit B, G, R, A bytes (cairo's %CAIRO_FORMAT_ARGB32 on
 * little-endian machines, %GDK_MEMORY_B8G8R8A8_PREMULTIPLIED everywhere), with the colour
 * matrix and range of the frame's colorimetry (ITU-R BT.601, BT.709 or BT.2020, limited or full
 * range; BT.601 when the caps say nothing else). A frame of another size than @width × @height
 * is first scaled with a box filter (each pixel the mean of the source pixels it covers), which
 * suits the self-view's reduction to a quarter.
 *
 * libyuv does the work (its SIMD row functions): at 1280×720 about a fifth of the CPU time of
 * GStreamer 1.22's videoconvert on the machine tests/bench/RESULTS.md describes.
 */
void      cabine_video_convert_to_bgra   (const GstVideoFrame *frame,
                                          guint8              *dest,
                                          gsize                dest_stride,
                                          int                  width,
                                          int                  height);

G_END_DECLS
