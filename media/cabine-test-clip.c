/* cabine-test-clip.c: the simulated cameras: the room camera, a one-second clip of moving
 * colour bars played in a loop, and the exam cameras' stand-in, one still picture per role
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "cabine-media"

#include "cabine-test-clip.h"

#include <gst/app/gstappsink.h>
#include <gst/app/gstappsrc.h>

#include "cabine-media-error.h"

#define CLIP_KEY "cabine-test-clip"

typedef struct {
  GstElement *painter;       /* videotestsrc ! appsink, drawing the first loop; NULL once done */
  GstAppSink *painted;       /* (unowned) the painter's appsink */
  GPtrArray *frames;         /* GstBuffer: the frames drawn so far; stills: one per pattern */
  guint length;              /* frames in the loop */
  guint next;                /* index of the next frame to hand out */
  GstClockTime period;       /* ns */
  GstClockTime next_pts;     /* running time the next frame is due at; NONE before the first */
  /* stills only (cabine_test_clip_new_stills()) */
  GStrv patterns;            /* videotestsrc pattern nicks, or NULL for the loop */
  GstCaps *caps;             /* of the frames, to draw each still when first shown */
  gint shown;                /* index of the still to hand out (atomic) */
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
  g_strfreev (clip->patterns);
  gst_clear_caps (&clip->caps);
  g_free (clip);
}

/* videotestsrc drawing the loop's frames, two ahead of the call at most: the first loop costs what
 * videotestsrc does, the next ones nothing, and the call does not wait for the whole clip. */
static GstElement *
painter_new (GstCaps     *caps,
             guint        count,
             const char  *pattern,
             int          horizontal_speed,
             GstAppSink **sink_out,
             GError     **error)
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
  gst_util_set_object_arg (G_OBJECT (source), "pattern", pattern);
  g_object_set (source, "horizontal-speed", horizontal_speed, "num-buffers", (int) count, NULL);
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
/* A still not drawn yet is NULL. */
static void
still_unref (gpointer buffer)
{
  if (buffer != NULL)
    gst_buffer_unref (buffer);
}

/* A still's frame, drawn the first time it is shown (streaming thread); NULL if it cannot be. */
static GstBuffer *
still_frame (Clip  *clip,
             guint  index)
{
  g_autoptr(GError) error = NULL;
  GstAppSink *sink = NULL;
  GstElement *painter;
  GstSample *sample;

  if (g_ptr_array_index (clip->frames, index) != NULL)
    return g_ptr_array_index (clip->frames, index);
  if ((painter = painter_new (clip->caps, 1, clip->patterns[index], 0, &sink, &error)) == NULL)
    {
      g_warning ("the exam test pattern %s cannot be drawn: %s", clip->patterns[index],
                 error->message);
      return NULL;
    }
  if ((sample = gst_app_sink_try_pull_sample (sink, GST_SECOND)) != NULL)
    {
      /* a copy of our own, so that videotestsrc's pool can go with its pipeline */
      g_ptr_array_index (clip->frames, index) = gst_buffer_copy_deep (gst_sample_get_buffer (sample));
      gst_sample_unref (sample);
    }
  gst_element_set_state (painter, GST_STATE_NULL);
  gst_object_unref (painter);
  return g_ptr_array_index (clip->frames, index);
}

static GstBuffer *
clip_frame (Clip  *clip,
            guint  index)
{
  if (clip->patterns != NULL)
    return still_frame (clip, index);
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
  guint index = clip->patterns != NULL ? (guint) g_atomic_int_get (&clip->shown) : clip->next;
  GstBuffer *drawn = clip_frame (clip, index);
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
  GST_BUFFER_OFFSET (frame) = index;   /* which still: one no longer shown is dropped */
  clip->next = (clip->next + 1) % clip->length;
  if (GST_CLOCK_TIME_IS_VALID (clip->next_pts))
    clip->next_pts += clip->period;
  gst_app_src_push_buffer (src, frame);
}

/* A still no longer shown, queued before the switch: dropped (clocksync's source pad). */
static GstPadProbeReturn
drop_unshown_still (GstPad          *pad,
                    GstPadProbeInfo *info,
                    gpointer         data)
{
  Clip *clip = data;

  return GST_BUFFER_OFFSET (GST_PAD_PROBE_INFO_BUFFER (info)) ==
         (guint64) g_atomic_int_get (&clip->shown) ? GST_PAD_PROBE_OK : GST_PAD_PROBE_DROP;
}

/* appsrc ! clocksync in a bin with a "src" pad, handing out @clip's frames (taken). */
static GstElement *
clip_bin_new (Clip        *clip,
              const char  *name,
              GstCaps     *caps,
              GError     **error)
{
  GstAppSrcCallbacks callbacks = { .need_data = on_need_data };
  GstElement *bin, *src, *sync;
  g_autoptr(GstPad) pad = NULL;

  src = gst_element_factory_make ("appsrc", name);
  sync = gst_element_factory_make ("clocksync", NULL);
  if (src == NULL || sync == NULL)
    {
      g_set_error (error, CABINE_MEDIA_ERROR, CABINE_MEDIA_ERROR_MISSING_ELEMENT,
                   "the test camera needs appsrc and clocksync (GStreamer 1.18 or later)");
      drop_element (src);
      drop_element (sync);
      clip_free (clip);
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
  if (clip->patterns != NULL)
    gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, drop_unshown_still, clip, NULL);
  gst_element_add_pad (bin, gst_ghost_pad_new ("src", pad));
  g_object_set_data (G_OBJECT (bin), CLIP_KEY, clip);
  return bin;
}

static GstCaps *
i420_caps (int width,
           int height,
           int fps)
{
  return gst_caps_new_simple ("video/x-raw", "format", G_TYPE_STRING, "I420",
                              "width", G_TYPE_INT, width, "height", G_TYPE_INT, height,
                              "framerate", GST_TYPE_FRACTION, fps, 1,
                              "pixel-aspect-ratio", GST_TYPE_FRACTION, 1, 1, NULL);
}

GstElement *
cabine_test_clip_new (int      width,
                      int      height,
                      int      fps,
                      GError **error)
{
  g_autoptr(GstCaps) caps = NULL;
  Clip *clip;

  g_return_val_if_fail (width >= 2 && width <= 4096 && height >= 2 && height <= 4096, NULL);
  g_return_val_if_fail (fps >= 1 && fps <= 120, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  caps = i420_caps (width, height, fps);
  clip = g_new0 (Clip, 1);
  clip->length = (guint) fps * CABINE_TEST_CLIP_SECONDS;
  clip->frames = g_ptr_array_new_full (clip->length, (GDestroyNotify) gst_buffer_unref);
  clip->period = gst_util_uint64_scale_int (GST_SECOND, 1, fps);
  clip->next_pts = GST_CLOCK_TIME_NONE;
  if ((clip->painter = painter_new (caps, clip->length, "smpte75", 2, &clip->painted,
                                    error)) == NULL)
    {
      clip_free (clip);
      return NULL;
    }
  return clip_bin_new (clip, "clip", caps, error);
}

GstElement *
cabine_test_clip_new_stills (int                 width,
                             int                 height,
                             int                 fps,
                             const char * const *patterns,
                             GError            **error)
{
  g_autoptr(GstCaps) caps = NULL;
  Clip *clip;

  g_return_val_if_fail (width >= 2 && width <= 4096 && height >= 2 && height <= 4096, NULL);
  g_return_val_if_fail (fps >= 1 && fps <= 120, NULL);
  g_return_val_if_fail (patterns != NULL && patterns[0] != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  caps = i420_caps (width, height, fps);
  clip = g_new0 (Clip, 1);
  clip->patterns = g_strdupv ((char **) patterns);
  clip->length = 1;
  clip->frames = g_ptr_array_new_full (g_strv_length (clip->patterns), still_unref);
  g_ptr_array_set_size (clip->frames, (gint) g_strv_length (clip->patterns));
  clip->caps = gst_caps_ref (caps);
  clip->period = gst_util_uint64_scale_int (GST_SECOND, 1, fps);
  clip->next_pts = GST_CLOCK_TIME_NONE;
  return clip_bin_new (clip, "stills", caps, error);
}

void
cabine_test_clip_show_still (GstElement *stills,
                             guint       index)
{
  Clip *clip;

  g_return_if_fail (GST_IS_BIN (stills));
  clip = g_object_get_data (G_OBJECT (stills), CLIP_KEY);
  g_return_if_fail (clip != NULL && clip->patterns != NULL);
  g_return_if_fail (index < clip->frames->len);

  g_atomic_int_set (&clip->shown, (gint) index);
}
