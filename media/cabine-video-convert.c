/* cabine-video-convert.c: YUV video frames to cairo's ARGB32 for drawing, with libyuv
 *
 * The call's views used GStreamer's videoconvert (ORC) to turn each decoded or captured I420
 * frame into BGRA: 0.7 ms a 1280×720 frame on the bench machine, against 0.13 ms for libyuv's
 * I420ToARGBMatrix(), the converter Chromium itself draws video with (tests/bench/RESULTS.md,
 * sixth pass).
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "cabine-media"

#include "cabine-video-convert.h"

#include <libyuv.h>

gboolean
cabine_video_convert_supports (const GstVideoInfo *info)
{
  g_return_val_if_fail (info != NULL, FALSE);

  return GST_VIDEO_INFO_FORMAT (info) == GST_VIDEO_FORMAT_I420;
}

/* libyuv's "ARGB" is B, G, R, A in memory whatever the machine's byte order; its constants are
 * the Y'CbCr → R'G'B' matrices of the colorimetry (ITU-R BT.601, BT.709, BT.2020), limited range
 * (Y' 16–235) or full range (0–255). */
static const struct YuvConstants *
matrix_of (const GstVideoInfo *info)
{
  const GstVideoColorimetry *c = &GST_VIDEO_INFO_COLORIMETRY (info);
  gboolean full = c->range == GST_VIDEO_COLOR_RANGE_0_255;

  switch (c->matrix)
    {
    case GST_VIDEO_COLOR_MATRIX_BT709:
      return full ? &kYuvF709Constants : &kYuvH709Constants;
    case GST_VIDEO_COLOR_MATRIX_BT2020:
      return full ? &kYuvV2020Constants : &kYuv2020Constants;
    default:
      return full ? &kYuvJPEGConstants : &kYuvI601Constants;
    }
}

void
cabine_video_convert_to_bgra (const GstVideoFrame *frame,
                              guint8              *dest,
                              gsize                dest_stride,
                              int                  width,
                              int                  height)
{
  const GstVideoInfo *info;
  const guint8 *y, *u, *v;
  int y_stride, u_stride, v_stride;
  int src_width, src_height;
  g_autofree guint8 *scaled = NULL;

  g_return_if_fail (frame != NULL);
  g_return_if_fail (cabine_video_convert_supports (&frame->info));
  g_return_if_fail (dest != NULL);
  g_return_if_fail (width > 0 && height > 0);
  g_return_if_fail (dest_stride >= (gsize) width * 4 && dest_stride <= G_MAXINT);

  info = &frame->info;
  src_width = GST_VIDEO_INFO_WIDTH (info);
  src_height = GST_VIDEO_INFO_HEIGHT (info);
  y = GST_VIDEO_FRAME_PLANE_DATA (frame, 0);
  u = GST_VIDEO_FRAME_PLANE_DATA (frame, 1);
  v = GST_VIDEO_FRAME_PLANE_DATA (frame, 2);
  y_stride = GST_VIDEO_FRAME_PLANE_STRIDE (frame, 0);
  u_stride = GST_VIDEO_FRAME_PLANE_STRIDE (frame, 1);
  v_stride = GST_VIDEO_FRAME_PLANE_STRIDE (frame, 2);

  if (width != src_width || height != src_height)
    {
      /* One I420 picture at the target size: Y' plane, then the two half-size chroma planes. */
      int chroma_width = (width + 1) / 2;
      int chroma_height = (height + 1) / 2;
      gsize luma_size = (gsize) width * height;
      gsize chroma_size = (gsize) chroma_width * chroma_height;
      guint8 *sy, *su, *sv;

      scaled = g_malloc (luma_size + 2 * chroma_size);
      sy = scaled;
      su = sy + luma_size;
      sv = su + chroma_size;
      I420Scale (y, y_stride, u, u_stride, v, v_stride, src_width, src_height,
                 sy, width, su, chroma_width, sv, chroma_width, width, height, kFilterBox);
      y = sy;
      u = su;
      v = sv;
      y_stride = width;
      u_stride = v_stride = chroma_width;
    }

  I420ToARGBMatrix (y, y_stride, u, u_stride, v, v_stride, dest, (int) dest_stride,
                    matrix_of (info), width, height);
}
