/* test-video-paintable.c: I420 → BGRA with libyuv (media/cabine-video-convert.c) and the
 * paintable that draws the call's videos (media/cabine-video-paintable.c)
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gst/gst.h>
#include <gst/video/video.h>

#include "cabine-video-convert.h"
#include "cabine-video-paintable.h"

/* An I420 buffer of width × height whose left half has one Y'CbCr colour, the right half another. */
static GstBuffer *
make_i420 (GstVideoInfo *info,
           const guint8  left[3],
           const guint8  right[3])
{
  GstBuffer *buffer = gst_buffer_new_allocate (NULL, GST_VIDEO_INFO_SIZE (info), NULL);
  GstVideoFrame frame;

  g_assert_true (gst_video_frame_map (&frame, info, buffer, GST_MAP_WRITE));
  for (guint plane = 0; plane < 3; plane++)
    {
      int w = GST_VIDEO_FRAME_COMP_WIDTH (&frame, plane);
      int h = GST_VIDEO_FRAME_COMP_HEIGHT (&frame, plane);
      int stride = GST_VIDEO_FRAME_PLANE_STRIDE (&frame, plane);
      guint8 *data = GST_VIDEO_FRAME_PLANE_DATA (&frame, plane);

      for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
          data[y * stride + x] = x < w / 2 ? left[plane] : right[plane];
    }
  gst_video_frame_unmap (&frame);
  return buffer;
}

static void
assert_bgra (const guint8 *p,
             int           b,
             int           g,
             int           r)
{
  /* libyuv's fixed-point matrices are within a few codes of the exact conversion */
  g_assert_cmpint (ABS (p[0] - b), <=, 3);
  g_assert_cmpint (ABS (p[1] - g), <=, 3);
  g_assert_cmpint (ABS (p[2] - r), <=, 3);
  g_assert_cmpint (p[3], ==, 0xff);
}

typedef struct {
  const char *colorimetry;
  guint8 red[3];     /* Y', Cb, Cr of pure red (255, 0, 0) in that colorimetry */
} MatrixCase;

/* Pure red, computed from ITU-R BT.601 and BT.709 (limited range: Y' 16–235, Cb/Cr 16–240) and
 * JPEG's full-range BT.601 (Y', Cb, Cr 0–255). */
static const MatrixCase matrix_cases[] = {
  { "bt601", { 81, 90, 240 } },
  { "bt709", { 63, 102, 240 } },
  { "1:4:0:0", { 76, 85, 255 } },    /* full range, BT.601 matrix: JPEG */
};

static void
test_matrix (void)
{
  static const guint8 white[3] = { 235, 128, 128 };

  for (guint i = 0; i < G_N_ELEMENTS (matrix_cases); i++)
    {
      GstVideoInfo info;
      g_autoptr(GstBuffer) buffer = NULL;
      g_autofree guint8 *pixels = NULL;
      GstVideoFrame frame;
      gsize stride = 64 * 4 + 16;   /* rows with padding */
      const guint8 *p;

      gst_video_info_set_format (&info, GST_VIDEO_FORMAT_I420, 64, 32);
      g_assert_true (gst_video_colorimetry_from_string (&info.colorimetry,
                                                        matrix_cases[i].colorimetry));
      g_assert_true (cabine_video_convert_supports (&info));
      buffer = make_i420 (&info, matrix_cases[i].red,
                          info.colorimetry.range == GST_VIDEO_COLOR_RANGE_0_255 ?
                          (const guint8[]) { 255, 128, 128 } : white);
      g_assert_true (gst_video_frame_map (&frame, &info, buffer, GST_MAP_READ));
      p = pixels = g_malloc (stride * 32);
      cabine_video_convert_to_bgra (&frame, pixels, stride, 64, 32);
      gst_video_frame_unmap (&frame);

      g_test_message ("%s", matrix_cases[i].colorimetry);
      assert_bgra (p + 10 * stride + 4 * 4, 0, 0, 255);        /* left: red */
      assert_bgra (p + 20 * stride + 50 * 4, 255, 255, 255);   /* right: white */
    }
}

/* 1280×720 to the self-view's 320×180: each output pixel the mean of the 4×4 it covers. */
static void
test_scale (void)
{
  static const guint8 white[3] = { 235, 128, 128 }, black[3] = { 16, 128, 128 };
  GstVideoInfo info;
  g_autoptr(GstBuffer) buffer = NULL;
  g_autofree guint8 *pixels = NULL;
  GstVideoFrame frame;
  gsize stride = 320 * 4;
  const guint8 *p;

  gst_video_info_set_format (&info, GST_VIDEO_FORMAT_I420, 1280, 720);
  buffer = make_i420 (&info, white, black);
  g_assert_true (gst_video_frame_map (&frame, &info, buffer, GST_MAP_READ));
  p = pixels = g_malloc (stride * 180);
  cabine_video_convert_to_bgra (&frame, pixels, stride, 320, 180);
  gst_video_frame_unmap (&frame);

  assert_bgra (p, 255, 255, 255);
  assert_bgra (p + 179 * stride + 158 * 4, 255, 255, 255);
  assert_bgra (p + 179 * stride + 161 * 4, 0, 0, 0);
  assert_bgra (p + 90 * stride + 319 * 4, 0, 0, 0);
}

static void
test_not_supported (void)
{
  GstVideoInfo info;

  gst_video_info_set_format (&info, GST_VIDEO_FORMAT_BGRA, 64, 32);
  g_assert_false (cabine_video_convert_supports (&info));
  gst_video_info_set_format (&info, GST_VIDEO_FORMAT_NV12, 64, 32);
  g_assert_false (cabine_video_convert_supports (&info));
}

static GstSample *
i420_sample (int width,
             int height)
{
  static const guint8 grey[3] = { 126, 128, 128 };
  GstVideoInfo info;
  g_autoptr(GstBuffer) buffer = NULL;
  g_autoptr(GstCaps) caps = NULL;

  gst_video_info_set_format (&info, GST_VIDEO_FORMAT_I420, width, height);
  buffer = make_i420 (&info, grey, grey);
  caps = gst_video_info_to_caps (&info);
  return gst_sample_new (buffer, caps, NULL, NULL);
}

static void
drain (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* The paintable converts I420 in the pushing thread, at the size it was told. */
static void
test_paintable_size (void)
{
  g_autoptr(CabineVideoPaintable) paintable = cabine_video_paintable_new ();
  g_autoptr(GstSample) first = i420_sample (1280, 720);
  g_autoptr(GstSample) second = i420_sample (1280, 720);
  GdkTexture *texture;

  cabine_video_paintable_push_sample (paintable, first);
  drain ();
  texture = cabine_video_paintable_get_texture (paintable);
  g_assert_nonnull (texture);
  g_assert_cmpint (gdk_texture_get_width (texture), ==, 1280);
  g_assert_cmpint (gdk_texture_get_height (texture), ==, 720);

  cabine_video_paintable_set_frame_size (paintable, 320, 180);
  cabine_video_paintable_push_sample (paintable, second);
  drain ();
  texture = cabine_video_paintable_get_texture (paintable);
  g_assert_cmpint (gdk_texture_get_width (texture), ==, 320);
  g_assert_cmpint (gdk_texture_get_height (texture), ==, 180);
  g_assert_cmpint (gdk_paintable_get_intrinsic_width (GDK_PAINTABLE (paintable)), ==, 320);
}

/* The self-view follows the remote video: while the remote receives, a self-view frame waits for
 * the remote's next one (one redraw for both); once the remote stops, it is shown on its own. */
static void
count_invalidation (GdkPaintable *paintable,
                    guint        *count)
{
  (*count)++;
}

static void
test_paintable_leader (void)
{
  g_autoptr(CabineVideoPaintable) remote = cabine_video_paintable_new ();
  g_autoptr(CabineVideoPaintable) local = cabine_video_paintable_new ();
  g_autoptr(GstSample) r1 = i420_sample (64, 36);
  g_autoptr(GstSample) r2 = i420_sample (64, 36);
  g_autoptr(GstSample) l1 = i420_sample (32, 18);
  g_autoptr(GstSample) l2 = i420_sample (32, 18);
  g_autoptr(GstSample) l3 = i420_sample (32, 18);
  guint shown = 0;

  cabine_video_paintable_set_leader (local, remote);
  g_signal_connect (local, "invalidate-contents", G_CALLBACK (count_invalidation), &shown);

  /* No remote frame yet: the self-view shows on its own. */
  cabine_video_paintable_push_sample (local, l1);
  drain ();
  g_assert_cmpuint (shown, ==, 1);
  g_assert_nonnull (cabine_video_paintable_get_texture (local));

  /* The remote receives: the next self-view frame waits for the remote's next frame. */
  cabine_video_paintable_push_sample (remote, r1);
  drain ();
  cabine_video_paintable_push_sample (local, l2);
  drain ();
  g_assert_cmpuint (shown, ==, 1);
  cabine_video_paintable_push_sample (remote, r2);
  drain ();
  g_assert_cmpuint (shown, ==, 2);

  /* The remote stopped more than 100 ms ago: the self-view goes on alone. */
  g_usleep (150 * G_TIME_SPAN_MILLISECOND);
  cabine_video_paintable_push_sample (local, l3);
  drain ();
  g_assert_cmpuint (shown, ==, 3);

  /* The follower may go first: the leader forgets it. */
  g_clear_object (&local);
  cabine_video_paintable_push_sample (remote, r1);
  drain ();
}

int
main (int    argc,
      char **argv)
{
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/video-convert/matrix", test_matrix);
  g_test_add_func ("/video-convert/scale", test_scale);
  g_test_add_func ("/video-convert/not-supported", test_not_supported);
  g_test_add_func ("/video-paintable/size", test_paintable_size);
  g_test_add_func ("/video-paintable/leader", test_paintable_leader);
  return g_test_run ();
}
