/* cabine-call-sources.c: the call's video sources (room camera, exam cameras) and snapshots
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "cabine-call"

#include "cabine-call-sources.h"

#include <gst/video/video.h>

#include "cabine-call-pipeline.h"
#include "cabine-call-private.h"
#include "cabine-media-error.h"

#define SELECTOR_NAME "cabine-selector"
#define EXAM_SOURCE_NAME "cabine-exam-source"
#define SNAPSHOT_SINK_NAME "cabine-snapshot-sink"
#define SOURCE_KEY "cabine-call-source"
/* How long encoding one still may take before it is given up. */
#define SNAPSHOT_TIMEOUT (5 * GST_SECOND)

static const struct {
  const char *name;
  const char *pattern;   /* the exam videotestsrc's pattern (GstVideoTestSrcPattern nick) */
  guint       pad;       /* the selector's sink pad: 0 room, 1 exam */
} sources[] = {
  { CABINE_CALL_SOURCE_ROOM, NULL, 0 },
  { CABINE_CALL_SOURCE_OTOSCOPE, "pinwheel", 1 },
  { CABINE_CALL_SOURCE_DERMATOSCOPE, "checkers-8", 1 },
};

static int
source_index (const char *name)
{
  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (sources); i++)
    if (g_str_equal (name, sources[i].name))
      return (int) i;
  return -1;
}

gboolean
cabine_call_source_is_valid (const char *name)
{
  return source_index (name) >= 0;
}

static char *
capture_caps (void)
{
  return g_strdup_printf ("video/x-raw,format=I420,width=%d,height=%d,framerate=%d/1,"
                          "pixel-aspect-ratio=1/1", CABINE_CALL_VIDEO_WIDTH,
                          CABINE_CALL_VIDEO_HEIGHT, CABINE_CALL_VIDEO_FPS);
}

GstElement *
cabine_call_sources_build (const CabineCallOptions  *options,
                           GError                  **error)
{
  g_autoptr(GstElement) bin = NULL;
  g_autofree char *caps = capture_caps ();
  g_autofree char *exam_description = NULL;
  g_autoptr(GstPad) tee_src = NULL;
  GstElement *room, *exam, *selector, *tee, *snapshot;

  g_return_val_if_fail (options != NULL, NULL);

  bin = gst_object_ref_sink (gst_bin_new ("cabine-sources"));
  if ((room = cabine_call_pipeline_video_capture (options, error)) == NULL)
    return NULL;
  gst_bin_add (GST_BIN (bin), room);
  /* A static pattern is cheap to draw; is-live so that it runs on the pipeline clock as the room
   * camera does. */
  exam_description = g_strdup_printf ("videotestsrc name=" EXAM_SOURCE_NAME " is-live=true "
                                      "pattern=%s ! capsfilter caps=\"%s\"", sources[1].pattern,
                                      caps);
  if ((exam = cabine_call_pipeline_make_bin (exam_description, error)) == NULL)
    return NULL;
  gst_bin_add (GST_BIN (bin), exam);

  selector = gst_element_factory_make ("input-selector", SELECTOR_NAME);
  tee = gst_element_factory_make ("tee", NULL);
  snapshot = gst_element_factory_make ("fakesink", SNAPSHOT_SINK_NAME);
  if (selector == NULL || tee == NULL || snapshot == NULL)
    {
      g_set_error (error, CABINE_MEDIA_ERROR, CABINE_MEDIA_ERROR_MISSING_ELEMENT,
                   "GStreamer core elements input-selector, tee or fakesink are not installed");
      g_clear_object (&selector);
      g_clear_object (&tee);
      g_clear_object (&snapshot);
      return NULL;
    }
  /* Frames of the unselected source are dropped at once rather than waited for. */
  g_object_set (selector, "sync-streams", FALSE, NULL);
  /* Keeps a reference to the last frame only, never waits for the clock or preroll. */
  g_object_set (snapshot, "sync", FALSE, "async", FALSE, "enable-last-sample", TRUE, NULL);
  gst_bin_add_many (GST_BIN (bin), selector, tee, snapshot, NULL);

  /* Linked in order, so the room camera gets sink_0 and the exam camera sink_1. */
  if (!gst_element_link_pads (room, "src", selector, "sink_0") ||
      !gst_element_link_pads (exam, "src", selector, "sink_1") ||
      !gst_element_link (selector, tee) || !gst_element_link (tee, snapshot))
    {
      g_set_error (error, CABINE_MEDIA_ERROR, CABINE_MEDIA_ERROR_PIPELINE,
                   "cannot link the video sources to their selector");
      return NULL;
    }
  {
    g_autoptr(GstPad) room_pad = gst_element_get_static_pad (selector, "sink_0");
    g_object_set (selector, "active-pad", room_pad, NULL);
  }
  tee_src = gst_element_request_pad_simple (tee, "src_%u");
  if (!gst_element_add_pad (bin, gst_ghost_pad_new ("src", tee_src)))
    {
      g_set_error (error, CABINE_MEDIA_ERROR, CABINE_MEDIA_ERROR_PIPELINE,
                   "cannot expose the video sources");
      return NULL;
    }
  /* The caller's reference is floating, as gst_parse_bin_from_description() would give. */
  g_object_force_floating (G_OBJECT (bin));
  return g_steal_pointer (&bin);
}

static GstElement *
get_element (CabineCall  *self,
             const char  *name,
             GError     **error)
{
  GstElement *element = NULL;

  if (!self->started || self->stopped || self->pipeline == NULL ||
      (element = gst_bin_get_by_name (GST_BIN (self->pipeline), name)) == NULL)
    g_set_error (error, CABINE_MEDIA_ERROR, CABINE_MEDIA_ERROR_WRONG_STATE,
                 "the call is %s", self->stopped ? "stopped" : "not started");
  return element;
}

gboolean
cabine_call_switch_source (CabineCall  *self,
                           const char  *source,
                           GError     **error)
{
  g_autoptr(GstElement) selector = NULL;
  g_autoptr(GstElement) exam = NULL;
  g_autoptr(GstElement) encoder = NULL;
  g_autoptr(GstPad) pad = NULL;
  g_autofree char *pad_name = NULL;
  int index = source_index (source);

  g_return_val_if_fail (CABINE_IS_CALL (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (index < 0)
    {
      g_set_error (error, CABINE_MEDIA_ERROR, CABINE_MEDIA_ERROR_INVALID_ARGUMENT,
                   "unknown video source \"%s\" (room, otoscope or dermatoscope)",
                   source != NULL ? source : "(null)");
      return FALSE;
    }
  if ((selector = get_element (self, SELECTOR_NAME, error)) == NULL)
    return FALSE;
  if (g_str_equal (cabine_call_get_source (self), source))
    return TRUE;

  if (sources[index].pattern != NULL &&
      (exam = gst_bin_get_by_name (GST_BIN (self->pipeline), EXAM_SOURCE_NAME)) != NULL)
    gst_util_set_object_arg (G_OBJECT (exam), "pattern", sources[index].pattern);
  pad_name = g_strdup_printf ("sink_%u", sources[index].pad);
  pad = gst_element_get_static_pad (selector, pad_name);
  g_object_set (selector, "active-pad", pad, NULL);
  g_object_set_data (G_OBJECT (self), SOURCE_KEY, (gpointer) sources[index].name);
  g_message ("video source: %s", sources[index].name);

  /* A cut to another scene: a key frame at once rather than at the next periodic one. */
  if ((encoder = gst_bin_get_by_name (GST_BIN (self->pipeline), "encoder")) != NULL)
    {
      g_autoptr(GstPad) src = gst_element_get_static_pad (encoder, "src");

      if (src != NULL)
        gst_pad_send_event (src, gst_video_event_new_upstream_force_key_unit (GST_CLOCK_TIME_NONE,
                                                                             TRUE, 0));
    }
  return TRUE;
}

const char *
cabine_call_get_source (CabineCall *self)
{
  const char *source;

  g_return_val_if_fail (CABINE_IS_CALL (self), CABINE_CALL_SOURCE_ROOM);
  source = g_object_get_data (G_OBJECT (self), SOURCE_KEY);
  return source != NULL ? source : CABINE_CALL_SOURCE_ROOM;
}

/* ---- snapshots ---- */

typedef struct {
  GstSample *sample;
  guint width, height;
} SnapshotResult;

static void
snapshot_result_free (SnapshotResult *r)
{
  g_clear_pointer (&r->sample, gst_sample_unref);
  g_free (r);
}

static void
encode_snapshot (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  GstSample *frame = task_data;
  g_autoptr(GstCaps) jpeg = gst_caps_new_empty_simple ("image/jpeg");
  g_autoptr(GError) error = NULL;
  GstSample *encoded;
  GstVideoInfo info;
  SnapshotResult *result;

  if (g_task_return_error_if_cancelled (task))
    return;
  if (!gst_video_info_from_caps (&info, gst_sample_get_caps (frame)))
    {
      g_task_return_new_error (task, CABINE_MEDIA_ERROR, CABINE_MEDIA_ERROR_PIPELINE,
                               "the captured frame has no video format");
      return;
    }
  encoded = gst_video_convert_sample (frame, jpeg, SNAPSHOT_TIMEOUT, &error);
  if (encoded == NULL)
    {
      g_task_return_new_error (task, CABINE_MEDIA_ERROR, CABINE_MEDIA_ERROR_PIPELINE,
                               "cannot encode the snapshot as JPEG: %s",
                               error != NULL ? error->message : "no output");
      return;
    }
  result = g_new0 (SnapshotResult, 1);
  result->sample = encoded;
  result->width = (guint) GST_VIDEO_INFO_WIDTH (&info);
  result->height = (guint) GST_VIDEO_INFO_HEIGHT (&info);
  g_task_return_pointer (task, result, (GDestroyNotify) snapshot_result_free);
}

void
cabine_call_take_snapshot_async (CabineCall          *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GstElement) sink = NULL;
  g_autoptr(GError) error = NULL;
  GstSample *frame = NULL;

  g_return_if_fail (CABINE_IS_CALL (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cabine_call_take_snapshot_async);
  if ((sink = get_element (self, SNAPSHOT_SINK_NAME, &error)) == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_object_get (sink, "last-sample", &frame, NULL);
  if (frame == NULL)
    {
      g_task_return_new_error (task, CABINE_MEDIA_ERROR, CABINE_MEDIA_ERROR_WRONG_STATE,
                               "no frame has been captured yet");
      return;
    }
  g_task_set_task_data (task, frame, (GDestroyNotify) gst_sample_unref);
  g_task_run_in_thread (task, encode_snapshot);
}

GBytes *
cabine_call_take_snapshot_finish (CabineCall    *self,
                                  GAsyncResult  *result,
                                  guint         *width,
                                  guint         *height,
                                  GError       **error)
{
  SnapshotResult *r;
  GstBuffer *buffer;
  GstMapInfo map;
  GBytes *bytes;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  r = g_task_propagate_pointer (G_TASK (result), error);
  if (r == NULL)
    return NULL;
  buffer = gst_sample_get_buffer (r->sample);
  if (buffer == NULL || !gst_buffer_map (buffer, &map, GST_MAP_READ))
    {
      snapshot_result_free (r);
      g_set_error (error, CABINE_MEDIA_ERROR, CABINE_MEDIA_ERROR_PIPELINE,
                   "the encoded snapshot cannot be read");
      return NULL;
    }
  bytes = g_bytes_new (map.data, map.size);
  gst_buffer_unmap (buffer, &map);
  if (width != NULL)
    *width = r->width;
  if (height != NULL)
    *height = r->height;
  snapshot_result_free (r);
  return bytes;
}
