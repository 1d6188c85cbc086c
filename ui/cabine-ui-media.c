/* cabine-ui-media.c: GStreamer helpers shared by the pages that test the cabin's camera, microphone and speaker
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "cabine-ui"

#include <gst/app/gstappsink.h>

#include "cabine-ui-media.h"

GstElement *
cabine_ui_media_launch (const char  *description,
                        GError     **error)
{
  GError *local = NULL;
  GstElement *pipeline = gst_parse_launch (description, &local);

  if (local != NULL)
    {
      /* A parse that recovered from a missing element is not good enough. */
      g_propagate_error (error, local);
      gst_clear_object (&pipeline);
      return NULL;
    }
  return pipeline;
}

static GstFlowReturn
on_new_sample (GstAppSink *sink,
               gpointer    user_data)
{
  g_autoptr(GstSample) sample = gst_app_sink_pull_sample (sink);

  if (sample != NULL)
    cabine_video_paintable_push_sample (CABINE_VIDEO_PAINTABLE (user_data), sample);
  return GST_FLOW_OK;
}

GstElement *
cabine_ui_media_launch_preview (const char            *source,
                                CabineVideoPaintable  *paintable,
                                GError               **error)
{
  g_autofree char *desc = g_strdup_printf ("%s ! videoconvert ! videoscale ! videorate ! "
                                           "video/x-raw,width=320,height=240,framerate=15/1 ! videoconvert ! "
                                           "appsink name=sink max-buffers=1 drop=true caps=\"%s\"",
                                           source, CABINE_VIDEO_PAINTABLE_CAPS);
  GstElement *pipeline = cabine_ui_media_launch (desc, error);
  GstAppSinkCallbacks callbacks = { .new_sample = on_new_sample };
  GstElement *sink;

  if (pipeline == NULL)
    return NULL;
  sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  gst_app_sink_set_callbacks (GST_APP_SINK (sink), &callbacks, g_object_ref (paintable), g_object_unref);
  gst_object_unref (sink);
  return pipeline;
}

void
cabine_ui_media_stop (GstElement **pipeline,
                      guint       *watch)
{
  if (watch != NULL && *watch != 0)
    g_clear_handle_id (watch, g_source_remove);
  if (*pipeline != NULL)
    {
      gst_element_set_state (*pipeline, GST_STATE_NULL);
      gst_clear_object (pipeline);
    }
}

double
cabine_ui_media_level_db (const GstStructure *s)
{
  const GValue *rms = gst_structure_get_value (s, "rms");
  double db = -60.0;

  /* The level element posts "rms" as a GValueArray (a deprecated type it still uses). */
  if (rms != NULL && GST_VALUE_HOLDS_ARRAY (rms) && gst_value_array_get_size (rms) > 0)
    return g_value_get_double (gst_value_array_get_value (rms, 0));
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  if (rms != NULL && G_VALUE_HOLDS (rms, g_value_array_get_type ()))
    {
      GValueArray *array = g_value_get_boxed (rms);

      if (array != NULL && array->n_values > 0)
        db = g_value_get_double (g_value_array_get_nth (array, 0));
    }
  G_GNUC_END_IGNORE_DEPRECATIONS
  return db;
}

char *
cabine_ui_media_test_tone (CabineConfig *config)
{
  const char *sink = cabine_config_get_media_option (config, "audio-sink", "auto");

  /* 1 s of 440 Hz: 44 buffers of 1024 samples at 44.1 kHz. */
  return g_strdup_printf ("audiotestsrc wave=sine freq=440 volume=0.4 num-buffers=44 ! "
                          "audioconvert ! audioresample ! %s",
                          g_str_equal (sink, "fake") ? "fakesink sync=true" : "autoaudiosink");
}
