/* test-video-paintable.c: I420 → BGRA with libyuv (media/cabine-video-convert.c) and the
 * paintable that draws the call's videos (media/cabine-video-paintable.c)
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gst/gst.h>
#include <gst/video/video.h>
#include <gtk/gtk.h>

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

/* What GTK does with the paintable in a view @width × @height units: draws it and gives back the
 * render node. */
static GskRenderNode *
draw_in_view (CabineVideoPaintable *paintable,
              double                width,
              double                height)
{
  GtkSnapshot *snapshot = gtk_snapshot_new ();

  gdk_paintable_snapshot (GDK_PAINTABLE (paintable), snapshot, width, height);
  return gtk_snapshot_free_to_node (snapshot);
}

static void
assert_texture_size (CabineVideoPaintable *paintable,
                     int                   width,
                     int                   height)
{
  GdkTexture *texture = cabine_video_paintable_get_texture (paintable);

  g_assert_nonnull (texture);
  g_assert_cmpint (gdk_texture_get_width (texture), ==, width);
  g_assert_cmpint (gdk_texture_get_height (texture), ==, height);
}

/* Fitting: frames are made to the size the view draws them at (device pixels), drawn without
 * scaling, the intrinsic size stays the stream's; a view's scale factor counts, the size is
 * bounded, and fitting can stop. */
static void
test_paintable_fit (void)
{
  /* Y', Cb, Cr of pure red and white in ITU-R BT.709, limited range: what GStreamer assumes of
   * 1280 × 720 I420 caps that say nothing else. */
  static const guint8 red[3] = { 63, 102, 240 };
  static const guint8 white[3] = { 235, 128, 128 };
  g_autoptr(CabineVideoPaintable) paintable = cabine_video_paintable_new ();
  g_autoptr(GstSample) sample = NULL;
  g_autoptr(GstBuffer) buffer = NULL;
  g_autoptr(GstCaps) caps = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;
  graphene_rect_t bounds;
  GstVideoInfo info;
  const guint8 *pixels;
  int stride;

  gst_video_info_set_format (&info, GST_VIDEO_FORMAT_I420, 1280, 720);
  buffer = make_i420 (&info, red, white);
  caps = gst_video_info_to_caps (&info);
  sample = gst_sample_new (buffer, caps, NULL, NULL);

  cabine_video_paintable_set_fit_scale (paintable, 1);
  cabine_video_paintable_push_sample (paintable, sample);
  drain ();
  assert_texture_size (paintable, 1280, 720);   /* not drawn yet: its own size */

  /* Drawn at 640.4 × 360.2: the next frame is made to 640 × 360 and drawn as it is, centred. */
  g_clear_pointer (&node, gsk_render_node_unref);
  node = draw_in_view (paintable, 640.4, 360.2);
  cabine_video_paintable_push_sample (paintable, sample);
  drain ();
  assert_texture_size (paintable, 640, 360);
  g_assert_cmpint (gdk_paintable_get_intrinsic_width (GDK_PAINTABLE (paintable)), ==, 1280);
  g_assert_cmpint (gdk_paintable_get_intrinsic_height (GDK_PAINTABLE (paintable)), ==, 720);
  g_assert_cmpfloat_with_epsilon (gdk_paintable_get_intrinsic_aspect_ratio (GDK_PAINTABLE (paintable)),
                                  16.0 / 9.0, 1e-9);
  g_clear_pointer (&node, gsk_render_node_unref);
  node = draw_in_view (paintable, 640.4, 360.2);
  gsk_render_node_get_bounds (node, &bounds);
  g_assert_cmpfloat_with_epsilon (bounds.size.width, 640, 1e-4);
  g_assert_cmpfloat_with_epsilon (bounds.size.height, 360, 1e-4);
  g_assert_cmpfloat_with_epsilon (bounds.origin.x, 0.2, 1e-4);
  g_assert_cmpfloat_with_epsilon (bounds.origin.y, 0.1, 1e-4);

  /* What reaches the screen is the picture: red left half, white right half, unblurred. */
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 641, 361);
  cr = cairo_create (surface);
  gsk_render_node_draw (node, cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  pixels = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);
  assert_bgra (pixels + 180 * stride + 10 * 4, 0, 0, 255);
  assert_bgra (pixels + 180 * stride + 319 * 4, 0, 0, 255);
  assert_bgra (pixels + 180 * stride + 320 * 4, 255, 255, 255);
  assert_bgra (pixels + 180 * stride + 630 * 4, 255, 255, 255);
  cairo_surface_destroy (surface);

  /* A view at scale factor 2: twice as many pixels as units. */
  cabine_video_paintable_set_fit_scale (paintable, 2);
  g_clear_pointer (&node, gsk_render_node_unref);
  node = draw_in_view (paintable, 400, 225);
  cabine_video_paintable_push_sample (paintable, sample);
  drain ();
  assert_texture_size (paintable, 800, 450);
  g_clear_pointer (&node, gsk_render_node_unref);
  node = draw_in_view (paintable, 400, 225);
  gsk_render_node_get_bounds (node, &bounds);
  g_assert_cmpfloat_with_epsilon (bounds.size.width, 400, 1e-4);

  /* A view larger than a 4K screen gets 4K frames, scaled by GTK. */
  cabine_video_paintable_set_fit_scale (paintable, 1);
  g_clear_pointer (&node, gsk_render_node_unref);
  node = draw_in_view (paintable, 5120, 2880);
  cabine_video_paintable_push_sample (paintable, sample);
  drain ();
  assert_texture_size (paintable, 3840, 2160);

  /* Fitting stopped: frames of their own size again, drawn scaled. */
  cabine_video_paintable_set_fit_scale (paintable, 0);
  cabine_video_paintable_push_sample (paintable, sample);
  drain ();
  assert_texture_size (paintable, 1280, 720);
  g_clear_pointer (&node, gsk_render_node_unref);
  node = draw_in_view (paintable, 640, 360);
  cabine_video_paintable_push_sample (paintable, sample);
  drain ();
  assert_texture_size (paintable, 1280, 720);
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
  /* Render node types are registered by GSK's first renderer, or here without a display. */
  g_type_ensure (GSK_TYPE_CAIRO_NODE);

  g_test_add_func ("/video-convert/matrix", test_matrix);
  g_test_add_func ("/video-convert/scale", test_scale);
  g_test_add_func ("/video-convert/not-supported", test_not_supported);
  g_test_add_func ("/video-paintable/size", test_paintable_size);
  g_test_add_func ("/video-paintable/leader", test_paintable_leader);
  g_test_add_func ("/video-paintable/fit", test_paintable_fit);
  return g_test_run ();
}
