/* cabine-test-clip.c: the simulated room camera, a one-second clip of moving colour bars played
 * in a loop
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "cabine-media"

#include "cabine-test-clip.h"

#include <gst/app/gstappsink.h>
#include <gst/app/gstappsrc.h>

#include "cabine-media-error.h"

typedef struct {
  GstElement *painter;       /* videotestsrc ! appsink, drawing the first loop; NULL once done */
  GstAppSink *painted;       /* (unowned) the painter's appsink */
  GPtrArray *frames;         /* GstBuffer: the frames drawn so far */
  guint length;              /* frames in the loop */
  guint next;                /* index of the next frame to hand out */
  GstClockTime period;       /* ns */
  GstClockTime next_pts;     /* running time the next frame is due at; NONE before the first */
} Clip;

/* An element made but not used: its floating reference taken and dropped. */
static void
drop_element (GstElement *element)
{
  if (element != NULL)
    gst_object_unref (gst_object_ref_sink (element));
}

static void
stop_painter (Clip *clip)
{
  if (clip->painter != NULL)
    {
      gst_element_set_state (clip->painter, GST_STATE_NULL);
      g_clear_object (&clip->painter);
      clip->painted = NULL;
    }
}

static void
clip_free (gpointer data)
{
  Clip *clip = data;

  stop_painter (clip);
  g_ptr_array_unref (clip->frames);
  g_free (clip);
}

/* videotestsrc drawing the loop's frames, two ahead of the call at most: the first loop costs what
 * videotestsrc does, the next ones nothing, and the call does not wait for the whole clip. */
static GstElement *
painter_new (GstCaps    *caps,
             guint       count,
             GstAppSink **sink_out,
             GError    **error)
{
  g_autoptr(GstElement) pipeline = gst_pipeline_new ("cabine-test-clip");
  GstElement *source = gst_element_factory_make ("videotestsrc", NULL);
  GstElement *sink = gst_element_factory_make ("appsink", NULL);

  if (source == NULL || sink == NULL)
    {
      g_set_error (error, CABINE_MEDIA_ERROR, CABINE_MEDIA_ERROR_MISSING_ELEMENT,
                   "the test camera needs videotestsrc (gst-plugins-base) and appsink");
      drop_element (source);
      drop_element (sink);
      return NULL;
    }
  gst_util_set_object_arg (G_OBJECT (source), "pattern", "smpte75");
  g_object_set (source, "horizontal-speed", 2, "num-buffers", (int) count, NULL);
  g_object_set (sink, "caps", caps, "sync", FALSE, "max-buffers", 2, "drop", FALSE, NULL);
  gst_bin_add_many (GST_BIN (pipeline), source, sink, NULL);
  if (!gst_element_link (source, sink) ||
      gst_element_set_state (pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    {
      g_set_error (error, CABINE_MEDIA_ERROR, CABINE_MEDIA_ERROR_PIPELINE,
                   "the test camera's clip cannot be drawn (videotestsrc refused the caps)");
      gst_element_set_state (pipeline, GST_STATE_NULL);
      return NULL;
    }
  *sink_out = GST_APP_SINK (sink);
  return g_steal_pointer (&pipeline);
}

/* The loop's frame @index: drawn now during the first loop, then the one kept. NULL when the
 * painter failed before drawing anything. */
static GstBuffer *
clip_frame (Clip  *clip,
            guint  index)
{
  if (clip->painter != NULL && index >= clip->frames->len)
    {
      /* bounded: a painter that failed (an error stops its task without EOS) must not hang us */
      GstSample *sample = gst_app_sink_try_pull_sample (clip->painted, GST_SECOND);

      if (sample != NULL)
        {
          /* a copy of our own, so that videotestsrc's pool can go with its pipeline */
          g_ptr_array_add (clip->frames, gst_buffer_copy_deep (gst_sample_get_buffer (sample)));
          gst_sample_unref (sample);
        }
      if (sample == NULL || clip->frames->len == clip->length)
        {
          if (sample == NULL)
            g_warning ("the test camera's clip stopped after %u of %u frames: looping those",
                       clip->frames->len, clip->length);
          stop_painter (clip);
        }
    }
  if (clip->frames->len == 0)
    return NULL;
  return g_ptr_array_index (clip->frames, index % clip->frames->len);
}

/* appsrc's streaming thread, each time its queue is empty: the next frame, due one period after
 * the previous one (clocksync downstream holds it until then), or now if that is already past. */
static void
on_need_data (GstAppSrc *src,
              guint      length,
              gpointer   data)
{
  Clip *clip = data;
  g_autoptr(GstClock) clock = gst_element_get_clock (GST_ELEMENT (src));
  GstBuffer *drawn = clip_frame (clip, clip->next);
  GstClockTime now;
  GstBuffer *frame;

  if (drawn == NULL)
    {
      gst_app_src_end_of_stream (src);
      return;
    }
  /* (live sources only run when playing, with a clock: without one, the frame goes at once) */
  now = clock != NULL ? gst_clock_get_time (clock) - gst_element_get_base_time (GST_ELEMENT (src))
                      : GST_CLOCK_TIME_NONE;
  if (!GST_CLOCK_TIME_IS_VALID (clip->next_pts) || !GST_CLOCK_TIME_IS_VALID (now) ||
      clip->next_pts + clip->period < now)
    clip->next_pts = now;
  frame = gst_buffer_copy (drawn);   /* shares the pixels */
  GST_BUFFER_PTS (frame) = clip->next_pts;
  GST_BUFFER_DTS (frame) = GST_CLOCK_TIME_NONE;
  GST_BUFFER_DURATION (frame) = clip->period;
  clip->next = (clip->next + 1) % clip->length;
  if (GST_CLOCK_TIME_IS_VALID (clip->next_pts))
    clip->next_pts += clip->period;
  gst_app_src_push_buffer (src, frame);
}

GstElement *
cabine_test_clip_new (int      width,
                      int      height,
                      int      fps,
                      GError **error)
{
  g_autoptr(GstCaps) caps = NULL;
  GstAppSrcCallbacks callbacks = { .need_data = on_need_data };
  GstElement *bin, *src, *sync;
  g_autoptr(GstPad) pad = NULL;
  Clip *clip;

  g_return_val_if_fail (width >= 2 && width <= 4096 && height >= 2 && height <= 4096, NULL);
  g_return_val_if_fail (fps >= 1 && fps <= 120, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  caps = gst_caps_new_simple ("video/x-raw", "format", G_TYPE_STRING, "I420",
                              "width", G_TYPE_INT, width, "height", G_TYPE_INT, height,
                              "framerate", GST_TYPE_FRACTION, fps, 1,
                              "pixel-aspect-ratio", GST_TYPE_FRACTION, 1, 1, NULL);
  src = gst_element_factory_make ("appsrc", "clip");
  sync = gst_element_factory_make ("clocksync", NULL);
  if (src == NULL || sync == NULL)
    {
      g_set_error (error, CABINE_MEDIA_ERROR, CABINE_MEDIA_ERROR_MISSING_ELEMENT,
                   "the test camera needs appsrc and clocksync (GStreamer 1.18 or later)");
      drop_element (src);
      drop_element (sync);
      return NULL;
    }
  clip = g_new0 (Clip, 1);
  clip->length = (guint) fps * CABINE_TEST_CLIP_SECONDS;
  clip->frames = g_ptr_array_new_full (clip->length, (GDestroyNotify) gst_buffer_unref);
  clip->period = gst_util_uint64_scale_int (GST_SECOND, 1, fps);
  clip->next_pts = GST_CLOCK_TIME_NONE;
  if ((clip->painter = painter_new (caps, clip->length, &clip->painted, error)) == NULL)
    {
      clip_free (clip);
      drop_element (src);
      drop_element (sync);
      return NULL;
    }
  /* live, one frame queued at a time, one frame period of latency as a camera */
  g_object_set (src, "caps", caps, "is-live", TRUE, "format", GST_FORMAT_TIME,
                "max-buffers", (guint64) 1, "block", FALSE,
                "min-latency", (gint64) clip->period, "max-latency", (gint64) clip->period, NULL);
  gst_app_src_set_callbacks (GST_APP_SRC (src), &callbacks, clip, clip_free);

  bin = gst_bin_new (NULL);
  gst_bin_add_many (GST_BIN (bin), src, sync, NULL);
  if (!gst_element_link (src, sync))
    {
      g_set_error (error, CABINE_MEDIA_ERROR, CABINE_MEDIA_ERROR_PIPELINE,
                   "cannot link the test camera's appsrc to clocksync");
      gst_object_unref (gst_object_ref_sink (bin));
      return NULL;
    }
  pad = gst_element_get_static_pad (sync, "src");
  gst_element_add_pad (bin, gst_ghost_pad_new ("src", pad));
  return bin;
}
