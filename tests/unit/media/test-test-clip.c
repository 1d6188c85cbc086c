/* test-test-clip.c: the simulated room camera's loop and the exam test stills
 * (media/cabine-test-clip.c)
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-clip"

#include <gst/app/gstappsink.h>
#include <gst/gst.h>
#include <gst/video/video.h>

#include "cabine-media-error.h"
#include "cabine-test-clip.h"

/* @source (floating) played into an appsink that keeps every frame; returns the playing
 * pipeline (transfer full) and the sink (unowned). */
static GstElement *
play_into_sink (GstElement  *source,
                GstAppSink **sink_out)
{
  GstElement *pipeline = gst_pipeline_new (NULL);
  GstElement *sink = gst_element_factory_make ("appsink", NULL);

  g_assert_nonnull (source);
  g_object_set (sink, "sync", FALSE, "max-buffers", 0, NULL);
  gst_bin_add_many (GST_BIN (pipeline), source, sink, NULL);
  g_assert_true (gst_element_link (source, sink));
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  *sink_out = GST_APP_SINK (sink);
  return pipeline;
}

/* Frames a 1-s run of the clip delivers, with their timestamps and the memory they point at. */
static void
test_clip_paced_loop (void)
{
  g_autoptr(GError) error = NULL;
  GstElement *clip = cabine_test_clip_new (64, 36, 30, &error);
  g_autoptr(GPtrArray) frames = g_ptr_array_new_with_free_func ((GDestroyNotify) gst_sample_unref);
  g_autoptr(GstElement) pipeline = NULL;
  GstAppSink *sink;
  GstSample *sample;
  gint64 started;
  gint64 elapsed;

  g_assert_no_error (error);
  pipeline = play_into_sink (clip, &sink);
  started = g_get_monotonic_time ();
  /* 45 frames at 30 fps: 1.5 s, paced by the clock (an unpaced loop delivers them at once) */
  while (frames->len < 45 &&
         (sample = gst_app_sink_try_pull_sample (sink, 3 * GST_SECOND)) != NULL)
    g_ptr_array_add (frames, sample);
  elapsed = g_get_monotonic_time () - started;
  gst_element_set_state (pipeline, GST_STATE_NULL);

  g_assert_cmpuint (frames->len, ==, 45);
  g_assert_cmpint (elapsed, >, 1300 * 1000);
  for (guint i = 0; i < frames->len; i++)
    {
      GstBuffer *buffer = gst_sample_get_buffer (g_ptr_array_index (frames, i));
      GstCaps *caps = gst_sample_get_caps (g_ptr_array_index (frames, i));
      GstVideoInfo info;

      g_assert_true (gst_video_info_from_caps (&info, caps));
      g_assert_cmpint (GST_VIDEO_INFO_FORMAT (&info), ==, GST_VIDEO_FORMAT_I420);
      g_assert_cmpint (GST_VIDEO_INFO_WIDTH (&info), ==, 64);
      g_assert_cmpint (GST_VIDEO_INFO_HEIGHT (&info), ==, 36);
      g_assert_cmpuint (GST_BUFFER_DURATION (buffer), ==, GST_SECOND / 30);
      if (i > 0)
        {
          GstBuffer *previous = gst_sample_get_buffer (g_ptr_array_index (frames, i - 1));

          /* one period apart, unless a frame came late (then due one period after "now") */
          g_assert_cmpuint (GST_BUFFER_PTS (buffer), >=,
                            GST_BUFFER_PTS (previous) + GST_BUFFER_DURATION (previous));
        }
    }

  /* the bars move from frame to frame, and come back after a second: the same pixels, shared */
  {
    GstMapInfo a, b, c;
    GstBuffer *first = gst_sample_get_buffer (g_ptr_array_index (frames, 0));
    GstBuffer *second = gst_sample_get_buffer (g_ptr_array_index (frames, 1));
    GstBuffer *again = gst_sample_get_buffer (g_ptr_array_index (frames, 30));

    g_assert_true (gst_buffer_map (first, &a, GST_MAP_READ));
    g_assert_true (gst_buffer_map (second, &b, GST_MAP_READ));
    g_assert_true (gst_buffer_map (again, &c, GST_MAP_READ));
    g_assert_cmpuint (a.size, ==, c.size);
    g_assert_true (memcmp (a.data, b.data, MIN (a.size, b.size)) != 0);
    g_assert_true (a.data == c.data);
    gst_buffer_unmap (first, &a);
    gst_buffer_unmap (second, &b);
    gst_buffer_unmap (again, &c);
  }
}

/* The data pointer of a sample's buffer (the stills are shared, never copied). */
static const guint8 *
sample_pixels (GstSample *sample)
{
  GstMapInfo map;
  const guint8 *data;

  g_assert_true (gst_buffer_map (gst_sample_get_buffer (sample), &map, GST_MAP_READ));
  data = map.data;
  gst_buffer_unmap (gst_sample_get_buffer (sample), &map);
  return data;
}

/* One still at a time, the same frame every period; after a switch, never the previous one. */
static void
test_clip_stills (void)
{
  static const char *const patterns[] = { "pinwheel", "checkers-8", NULL };
  g_autoptr(GError) error = NULL;
  GstElement *stills = cabine_test_clip_new_stills (64, 36, 30, patterns, &error);
  g_autoptr(GstElement) pipeline = NULL;
  const guint8 *first = NULL, *second = NULL;
  gboolean switched = FALSE;
  guint n_first = 0, n_second = 0;
  GstAppSink *sink;
  gint64 started;
  GstSample *sample;

  g_assert_no_error (error);
  pipeline = play_into_sink (stills, &sink);
  started = g_get_monotonic_time ();
  for (guint i = 0; i < 30; i++)
    {
      const guint8 *pixels;

      sample = gst_app_sink_try_pull_sample (sink, 3 * GST_SECOND);
      g_assert_nonnull (sample);
      pixels = sample_pixels (sample);
      if (first == NULL)
        first = pixels;
      if (pixels == first)
        {
          g_assert_false (switched && n_second > 0);   /* no going back after the switch */
          n_first++;
        }
      else
        {
          g_assert_true (switched);
          if (second == NULL)
            second = pixels;
          g_assert_true (pixels == second);
          n_second++;
        }
      gst_sample_unref (sample);
      if (i == 10)
        {
          cabine_test_clip_show_still (stills, 1);
          switched = TRUE;
        }
    }
  gst_element_set_state (pipeline, GST_STATE_NULL);

  /* paced: 30 frames take about a second */
  g_assert_cmpint (g_get_monotonic_time () - started, >, 800 * 1000);
  g_assert_cmpuint (n_first, >=, 11);
  g_assert_cmpuint (n_second, >=, 15);
}

int
main (int argc, char *argv[])
{
  g_setenv ("GST_DEBUG", "", TRUE);
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/media/test-clip/paced-loop", test_clip_paced_loop);
  g_test_add_func ("/media/test-clip/stills", test_clip_stills);
  return g_test_run ();
}
