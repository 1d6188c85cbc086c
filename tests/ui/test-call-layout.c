/* test-call-layout.c: the call page on screens other than 1280×800: portrait, small, HiDPI
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each case shows the call page alone in a window of given logical sizes in turn (one, or a
 * screen turned from landscape to portrait and back; larger text), with a 1280×720 camera frame in the
 * self-view, and checks the widgets' allocations: the physician's video large (full width, 16:9,
 * above the panel on a portrait screen), the self-view a 16:9 rectangle in the video area's
 * bottom-right corner, at most about 40 % of its width (120 to 320 units wide), the panel and its
 * hang-up button wholly in the window, the call's notice below the accessibility bar; that no
 * frame is drawn with the other orientation's layout; and that the self-view's frames are made at
 * the size they are drawn at in device pixels (sharp at GDK_SCALE=2). Run once at scale 1 and
 * once with GDK_SCALE=2 (tests/ui/meson.build). Screenshots: call-layout-WxH[@2][-turned].png in
 * cabine_ui_test_shots_dir().
 */
#define G_LOG_DOMAIN "test-call-layout"

#include "ui-test-util.h"

#include <math.h>
#include <stdlib.h>

#include <gst/gst.h>
#include <gtk/gtk.h>

#include "cabine-call-page.h"
#include "cabine-i18n.h"
#include "cabine-reading.h"
#include "cabine-video-paintable.h"

/* From the UI library's GResource (ui/meson.build, c_name cabine_ui). */
GResource *cabine_ui_get_resource (void);

#define CAMERA_WIDTH 1280
#define CAMERA_HEIGHT 720
/* Where the self-view and the hang-up button are at 1280×800 (tests/e2e/hub-restart-scenario.mjs
 * clicks the button by its coordinates): as before the layout followed the screen. */
#define WIDE_SELF_VIEW_X 465
#define WIDE_SELF_VIEW_Y 590
#define WIDE_HANGUP_X 839
#define WIDE_HANGUP_Y 662

typedef struct
{
  int      width;
  int      height;
  gboolean large_text;  /* the accessibility bar's larger text */
} Size;

/* A plain 1280×720 I420 frame of luma @y and chroma @u, @v, as the camera gives. */
static GstSample *
camera_sample (guint8 y,
               guint8 u,
               guint8 v)
{
  gsize luma = CAMERA_WIDTH * CAMERA_HEIGHT, size = luma * 3 / 2;
  g_autoptr(GstBuffer) buffer = gst_buffer_new_allocate (NULL, size, NULL);
  g_autoptr(GstCaps) caps = gst_caps_new_simple ("video/x-raw", "format", G_TYPE_STRING, "I420",
                                                 "width", G_TYPE_INT, CAMERA_WIDTH,
                                                 "height", G_TYPE_INT, CAMERA_HEIGHT,
                                                 "framerate", GST_TYPE_FRACTION, 15, 1, NULL);

  gst_buffer_memset (buffer, 0, y, luma);
  gst_buffer_memset (buffer, luma, u, luma / 4);
  gst_buffer_memset (buffer, luma + luma / 4, v, luma / 4);
  return gst_sample_new (buffer, caps, NULL, NULL);
}

static graphene_rect_t
bounds_of (GtkWidget  *window,
           GtkWidget  *page,
           const char *name)
{
  GtkWidget *widget = cabine_ui_test_find_named (page, name);
  graphene_rect_t rect;

  if (widget == NULL)
    g_error ("no widget named %s on the call page", name);
  g_assert_true (gtk_widget_is_visible (widget));
  g_assert_true (gtk_widget_compute_bounds (widget, window, &rect));
  g_test_message ("%s: %.0f,%.0f %.0f×%.0f", name, rect.origin.x, rect.origin.y,
                  rect.size.width, rect.size.height);
  return rect;
}

typedef struct
{
  GtkWidget *window;
  GtkWidget *area;
  gboolean   portrait;
  int        width;
  int        height;
  guint      paints;
  guint      wrong;
} PaintWatch;

/* GdkFrameClock::paint, after GTK's layout: a frame drawn at the window's expected size with the
 * page laid out for the other orientation (a flash on a portrait screen) counts as wrong. */
static void
on_paint (GdkFrameClock *clock,
          PaintWatch    *watch)
{
  int area_width = gtk_widget_get_width (watch->area);
  int area_height = gtk_widget_get_height (watch->area);

  if (area_width == 0 || area_height == 0 || gtk_widget_get_width (watch->window) != watch->width ||
      gtk_widget_get_height (watch->window) != watch->height)
    return;
  watch->paints++;
  if (watch->portrait ? area_width != watch->width : area_height != watch->height)
    {
      g_test_message ("frame drawn with the video area %d×%d", area_width, area_height);
      watch->wrong++;
    }
}

/* @inner lies wholly inside @outer, to half a unit. */
static void
assert_inside (const graphene_rect_t *inner,
               const graphene_rect_t *outer)
{
  g_assert_cmpfloat (inner->origin.x, >=, outer->origin.x - 0.5);
  g_assert_cmpfloat (inner->origin.y, >=, outer->origin.y - 0.5);
  g_assert_cmpfloat (inner->origin.x + inner->size.width, <=, outer->origin.x + outer->size.width + 0.5);
  g_assert_cmpfloat (inner->origin.y + inner->size.height, <=, outer->origin.y + outer->size.height + 0.5);
}

/* The page's widgets in a @size window, checked (see the file's comment); @local shows the camera. */
static void
check_layout (GtkWidget            *window,
              GtkWidget            *page,
              CabineVideoPaintable *local,
              const Size           *size)
{
  graphene_rect_t win, area, video, self_view, self_video, panel, hangup, notice;
  gboolean portrait = size->height > size->width;
  int scale = gtk_widget_get_scale_factor (window);
  int frame_width, frame_height;
  GdkTexture *texture;

  g_test_message ("window %d×%d at scale %d", size->width, size->height, scale);
  g_assert_true (gtk_widget_compute_bounds (window, window, &win));
  g_assert_cmpfloat (win.size.width, ==, size->width);
  g_assert_cmpfloat (win.size.height, ==, size->height);
  area = bounds_of (window, page, "video-area");
  video = bounds_of (window, page, "remote-video");
  self_view = bounds_of (window, page, "self-view");
  self_video = bounds_of (window, page, "self-video");
  panel = bounds_of (window, page, "side-panel");
  hangup = bounds_of (window, page, "hang-up");
  cabine_call_page_set_notice (CABINE_CALL_PAGE (page), "Connexion perdue, reconnexion…");
  cabine_ui_test_spin (100);
  notice = bounds_of (window, page, "call-notice");
  assert_inside (&notice, &area);

  assert_inside (&area, &win);
  assert_inside (&video, &area);
  assert_inside (&panel, &win);
  assert_inside (&hangup, &panel);
  if (portrait)
    {
      /* The physician's video on top, full width, a whole 16:9 picture; the panel below. */
      g_assert_cmpfloat (area.size.width, ==, size->width);
      g_assert_cmpfloat (area.size.height, >=, floor (size->width * 9.0 / 16.0));
      g_assert_cmpfloat (panel.origin.y, >=, area.origin.y + area.size.height - 0.5);
      g_assert_cmpfloat (panel.size.width, ==, size->width);
      /* a usable panel: the title, a reading and the button */
      g_assert_cmpfloat (panel.size.height, >=, 400);
      /* the call's notice below the accessibility bar, which floats over the video's top right
       * (76 units, the room the panel keeps for it in landscape) */
      g_assert_cmpfloat (notice.origin.y, >=, 76);
    }
  else
    {
      g_assert_cmpfloat (panel.origin.x, >=, area.origin.x + area.size.width - 0.5);
      g_assert_cmpfloat (area.size.height, ==, size->height);
    }

  /* The self-view: in the area's bottom-right corner, 16:9, 120 to 320 units wide, at most about
   * 40 % of the area's width (its 3-unit border aside). */
  assert_inside (&self_view, &area);
  assert_inside (&self_video, &self_view);
  g_assert_cmpfloat (self_video.size.width, >=, 120);
  g_assert_cmpfloat (self_video.size.width, <=, 320);
  g_assert_cmpfloat (self_video.size.height, <=, 180);
  g_assert_cmpfloat (fabs (self_video.size.width * 9.0 / 16.0 - self_video.size.height), <=, 1);
  g_assert_cmpfloat (self_video.size.width, <=, 0.4 * area.size.width + 0.5);
  g_assert_cmpfloat (area.origin.x + area.size.width - (self_view.origin.x + self_view.size.width), ==, 24);
  g_assert_cmpfloat (area.origin.y + area.size.height - (self_view.origin.y + self_view.size.height), ==, 24);

  if (size->width == 1280 && size->height == 800)
    {
      /* The tests' screen: the layout as it has always been. */
      g_assert_cmpfloat (self_video.size.width, ==, 320);
      g_assert_cmpfloat (self_video.size.height, ==, 180);
      g_assert_cmpfloat (self_view.origin.x, ==, WIDE_SELF_VIEW_X);
      g_assert_cmpfloat (self_view.origin.y, ==, WIDE_SELF_VIEW_Y);
      g_assert_cmpfloat (hangup.origin.x, ==, WIDE_HANGUP_X);
      g_assert_cmpfloat (hangup.origin.y, ==, WIDE_HANGUP_Y);
    }

  /* Sharp at any scale: the self-view's frames are made at its drawn size in device pixels, and
   * its place did not follow the camera's 1280×720 intrinsic size. */
  texture = cabine_video_paintable_get_texture (local);
  g_assert_nonnull (texture);
  frame_width = gdk_texture_get_width (texture);
  frame_height = gdk_texture_get_height (texture);
  g_test_message ("self-view frame %d×%d", frame_width, frame_height);
  g_assert_cmpint (abs (frame_width - (int) round (self_video.size.width * scale)), <=, 1);
  g_assert_cmpint (abs (frame_height - (int) round (self_video.size.height * scale)), <=, 1);
}

/* The call page in a window of each of @data's sizes in turn (a screen turned), ending with an
 * empty size. */
static void
test_layout (gconstpointer data)
{
  const Size *sizes = data;
  g_autoptr(GListStore) readings = g_list_store_new (CABINE_TYPE_READING);
  g_autoptr(CabineVideoPaintable) remote = cabine_video_paintable_new ();
  g_autoptr(CabineVideoPaintable) local = cabine_video_paintable_new ();
  g_autoptr(GstSample) camera = camera_sample (0x60, 0xa0, 0x70);   /* blue-grey */
  g_autoptr(GstSample) physician = camera_sample (0x80, 0x80, 0x80); /* grey */
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(CabineReading) reading = cabine_reading_new ("r1", "8310-5", 37.2, 1, "Cel", "°C", now);
  GtkWidget *window = gtk_window_new ();
  GtkWidget *page;
  PaintWatch watch = { 0 };
  gulong paint_handler;

  g_list_store_append (readings, reading);
  page = cabine_call_page_new (G_LIST_MODEL (readings));
  /* The media's default before the self-view is drawn (media/cabine-call-streams.c). */
  cabine_video_paintable_set_frame_size (local, 320, 180);
  cabine_call_page_set_call (CABINE_CALL_PAGE (page), GDK_PAINTABLE (remote), GDK_PAINTABLE (local),
                             "Dr Test");
  gtk_window_set_child (GTK_WINDOW (window), page);
  watch.window = window;
  watch.area = cabine_ui_test_find_named (page, "video-area");
  gtk_widget_realize (window);
  paint_handler = g_signal_connect_after (gtk_widget_get_frame_clock (window), "paint",
                                          G_CALLBACK (on_paint), &watch);
  for (const Size *size = sizes; size->width > 0; size++)
    {
      g_autofree char *shot = NULL;

      watch.portrait = size->height > size->width;
      watch.width = size->width;
      watch.height = size->height;
      watch.wrong = 0;
      watch.paints = 0;
      /* A turned screen: a new size for the shown window. */
      gtk_window_set_default_size (GTK_WINDOW (window), size->width, size->height);
      if (size->large_text)
        gtk_widget_add_css_class (window, "large-text");
      else
        gtk_widget_remove_css_class (window, "large-text");
      gtk_window_present (GTK_WINDOW (window));
      cabine_ui_test_spin (200);
      /* A camera frame and a physician's frame, drawn once; then the next frames, made to the
       * drawn size when the page fits them. */
      for (guint i = 0; i < 3; i++)
        {
          cabine_video_paintable_push_sample (local, camera);
          cabine_video_paintable_push_sample (remote, physician);
          cabine_ui_test_spin (200);
        }
      check_layout (window, page, local, size);
      /* Laid out for its screen on every frame, not switching back and forth. */
      g_test_message ("%u frames drawn, %u laid out for the other orientation", watch.paints, watch.wrong);
      g_assert_cmpuint (watch.paints, >, 0);
      g_assert_cmpuint (watch.wrong, ==, 0);
      shot = g_strdup_printf ("call-layout-%dx%d%s%s%s", size->width, size->height,
                              gtk_widget_get_scale_factor (window) > 1 ? "@2" : "",
                              size->large_text ? "-large-text" : "", size != sizes ? "-turned" : "");
      cabine_ui_test_save_png (window, shot);
    }
  g_signal_handler_disconnect (gtk_widget_get_frame_clock (window), paint_handler);
  gtk_window_destroy (GTK_WINDOW (window));
  cabine_ui_test_spin (50);
}

int
main (int argc, char *argv[])
{
  /* Each case: the sizes the window takes in turn, then { 0, 0 }. */
  static const Size wide[] = { { 1280, 800 }, { 0, 0 } };
  static const Size small[] = { { 1024, 768 }, { 0, 0 } };
  static const Size portrait[] = { { 800, 1280 }, { 0, 0 } };
  static const Size large_text[] = { { 800, 1280, TRUE }, { 1024, 768, TRUE }, { 0, 0 } };
  static const Size turned[] = { { 1280, 800 }, { 800, 1280 }, { 1280, 800 }, { 0, 0 } };
  /* 1920×1080 device pixels at GDK_SCALE=2 */
  static const Size hidpi[] = { { 960, 540 }, { 0, 0 } };
  const char *build = g_getenv ("CABINE_BUILD_DIR");
  g_autofree char *localedir = g_build_filename (build != NULL ? build : ".", "po", NULL);
  gboolean doubled = g_strcmp0 (g_getenv ("GDK_SCALE"), "2") == 0;

  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  g_setenv ("GTK_A11Y", "none", FALSE);
  cabine_i18n_init (localedir);
  cabine_i18n_set_language ("fr");
  gtk_test_init (&argc, &argv, NULL);
  gst_init (NULL, NULL);
  g_assert_nonnull (cabine_ui_get_resource ());
  {
    g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (css, "/org/cabine/Kiosk/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }

  if (doubled)
    g_test_add_data_func ("/ui/call-layout/960x540@2", hidpi, test_layout);
  else
    {
      g_test_add_data_func ("/ui/call-layout/1280x800", wide, test_layout);
      g_test_add_data_func ("/ui/call-layout/1024x768", small, test_layout);
      g_test_add_data_func ("/ui/call-layout/800x1280", portrait, test_layout);
      g_test_add_data_func ("/ui/call-layout/turned", turned, test_layout);
      g_test_add_data_func ("/ui/call-layout/large-text", large_text, test_layout);
    }
  return g_test_run ();
}
