/* test-call-sources.c: source switching and snapshots of a CabineCall, without a peer
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-call-sources"

#include <gst/gst.h>

#include "cabine-call.h"
#include "cabine-call-private.h"
#include "cabine-call-sources.h"
#include "cabine-camera-monitor.h"
#include "cabine-camera-sim-device.h"
#include "cabine-camera-sim-provider.h"
#include "cabine-media-error.h"

static CabineCall *
start_call (void)
{
  g_autoptr(GError) error = NULL;
  CabineCallOptions options;
  CabineCall *call;

  cabine_call_options_init (&options);
  options.video_source = "test";
  options.audio_source = "test";
  options.audio_sink = "fake";
  call = cabine_call_new (&options, &error);
  g_assert_no_error (error);
  g_assert_true (cabine_call_start (call, &error));
  g_assert_no_error (error);
  return call;
}

static void
on_snapshot (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  GBytes **out = data;
  g_autoptr(GError) error = NULL;
  guint width = 0, height = 0;

  *out = cabine_call_take_snapshot_finish (CABINE_CALL (source), result, &width, &height, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (width, ==, CABINE_CALL_VIDEO_WIDTH);
  g_assert_cmpuint (height, ==, CABINE_CALL_VIDEO_HEIGHT);
}

static GBytes *
snapshot (CabineCall *call)
{
  GBytes *bytes = NULL;
  gint64 until = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  cabine_call_take_snapshot_async (call, NULL, on_snapshot, &bytes);
  while (bytes == NULL && g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (bytes);
  return bytes;
}

static void
spin (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE), g_usleep (10000);
}

static void
test_switch_and_snapshot (void)
{
  g_autoptr(CabineCall) call = start_call ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) room = NULL;
  g_autoptr(GBytes) otoscope = NULL;
  const guint8 *data;
  gsize size;

  g_assert_cmpstr (cabine_call_get_source (call), ==, CABINE_CALL_SOURCE_ROOM);
  spin (1000);
  room = snapshot (call);
  data = g_bytes_get_data (room, &size);
  /* ISO/IEC 10918-1 B.1.1.3: a JPEG stream starts with SOI (FF D8) and ends with EOI (FF D9). */
  g_assert_cmpuint (size, >, 1000);
  g_assert_cmpuint (data[0], ==, 0xFF);
  g_assert_cmpuint (data[1], ==, 0xD8);
  g_assert_cmpuint (data[size - 2], ==, 0xFF);
  g_assert_cmpuint (data[size - 1], ==, 0xD9);

  g_assert_true (cabine_call_switch_source (call, CABINE_CALL_SOURCE_OTOSCOPE, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (cabine_call_get_source (call), ==, CABINE_CALL_SOURCE_OTOSCOPE);
  spin (500);
  otoscope = snapshot (call);
  /* Another scene: another picture. */
  g_assert_false (g_bytes_equal (room, otoscope));

  g_assert_false (cabine_call_switch_source (call, "periscope", &error));
  g_assert_error (error, CABINE_MEDIA_ERROR, CABINE_MEDIA_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_cmpstr (cabine_call_get_source (call), ==, CABINE_CALL_SOURCE_OTOSCOPE);

  cabine_call_stop (call);
  g_assert_false (cabine_call_switch_source (call, CABINE_CALL_SOURCE_ROOM, &error));
  g_assert_error (error, CABINE_MEDIA_ERROR, CABINE_MEDIA_ERROR_WRONG_STATE);
}

static void
on_snapshot_fails (GObject      *source,
                   GAsyncResult *result,
                   gpointer      data)
{
  gboolean *done = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = cabine_call_take_snapshot_finish (CABINE_CALL (source), result, NULL,
                                                              NULL, &error);

  g_assert_null (bytes);
  g_assert_error (error, CABINE_MEDIA_ERROR, CABINE_MEDIA_ERROR_WRONG_STATE);
  *done = TRUE;
}

static void
test_snapshot_before_start (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CabineCall) call = NULL;
  CabineCallOptions options;
  gboolean done = FALSE;

  cabine_call_options_init (&options);
  options.video_source = "test";
  call = cabine_call_new (&options, &error);
  g_assert_no_error (error);
  cabine_call_take_snapshot_async (call, NULL, on_snapshot_fails, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (cabine_call_source_is_valid (NULL));
  g_assert_false (cabine_call_source_is_valid ("Room"));
  g_assert_true (cabine_call_source_is_valid ("dermatoscope"));
}


typedef struct {
  GBytes *bytes;
  guint width, height;
  gboolean done;
} Still;

static void
on_still (GObject      *source,
          GAsyncResult *result,
          gpointer      data)
{
  Still *still = data;
  g_autoptr(GError) error = NULL;

  still->bytes = cabine_call_take_snapshot_finish (CABINE_CALL (source), result, &still->width,
                                                   &still->height, &error);
  g_assert_no_error (error);
  still->done = TRUE;
}

static void
take_still (CabineCall *call,
            Still      *still)
{
  gint64 until = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  g_clear_pointer (&still->bytes, g_bytes_unref);
  still->done = FALSE;
  cabine_call_take_snapshot_async (call, NULL, on_still, still);
  while (!still->done && g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (still->done);
  g_assert_nonnull (still->bytes);
}

static void
on_source_lost (CabineCall  *call,
                const char  *source,
                char       **lost)
{
  g_free (*lost);
  *lost = g_strdup (source);
}

/* Exam cameras from the monitor (the simulated provider: 1920×1080 native), hot-plugged. */
static void
test_exam_cameras (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CabineCameraMonitor) monitor = cabine_camera_monitor_new ();
  g_autoptr(CabineCall) call = NULL;
  g_autofree char *lost = NULL;
  CabineCallOptions options;
  Still still = { NULL, };

  g_assert_true (cabine_camera_sim_provider_register ("otoscope", &error));
  g_assert_true (cabine_camera_monitor_set_rule (monitor, CABINE_CAMERA_ROLE_OTOSCOPE, "1d6b:0c01",
                                                 &error));
  g_assert_true (cabine_camera_monitor_set_rule (monitor, CABINE_CAMERA_ROLE_DERMATOSCOPE,
                                                 "name:dermatoscope", &error));
  g_assert_true (cabine_camera_monitor_start (monitor, &error));
  g_assert_no_error (error);

  cabine_call_options_init (&options);
  /* Not "test": no test pattern stands in for a missing exam camera. */
  options.video_source = "auto";
  options.video_device = "/nonexistent/video0";
  options.audio_source = "test";
  options.audio_sink = "fake";
  call = cabine_call_new (&options, &error);
  g_assert_no_error (error);
  cabine_call_set_camera_monitor (call, monitor);
  g_signal_connect (call, "source-lost", G_CALLBACK (on_source_lost), &lost);
  g_assert_true (cabine_call_start (call, &error));
  g_assert_no_error (error);
  spin (500);

  g_assert_true (cabine_call_has_source (call, CABINE_CALL_SOURCE_OTOSCOPE));
  g_assert_false (cabine_call_has_source (call, CABINE_CALL_SOURCE_DERMATOSCOPE));
  g_assert_false (cabine_call_switch_source (call, CABINE_CALL_SOURCE_DERMATOSCOPE, &error));
  g_assert_error (error, CABINE_MEDIA_ERROR, CABINE_MEDIA_ERROR_WRONG_STATE);
  g_clear_error (&error);

  g_assert_true (cabine_call_switch_source (call, CABINE_CALL_SOURCE_OTOSCOPE, &error));
  g_assert_no_error (error);
  spin (500);
  take_still (call, &still);
  /* The camera's native frame, not the call's. */
  g_assert_cmpuint (still.width, ==, CABINE_CAMERA_SIM_WIDTH);
  g_assert_cmpuint (still.height, ==, CABINE_CAMERA_SIM_HEIGHT);

  /* A dermatoscope arrives mid-call and can be selected at once. */
  g_assert_true (cabine_camera_sim_provider_set_plugged ("dermatoscope", TRUE));
  spin (300);
  g_assert_true (cabine_call_switch_source (call, CABINE_CALL_SOURCE_DERMATOSCOPE, &error));
  g_assert_no_error (error);
  spin (500);
  take_still (call, &still);
  g_assert_cmpuint (still.width, ==, CABINE_CAMERA_SIM_WIDTH);

  /* Unplugging the unselected otoscope changes nothing for the call. */
  g_assert_true (cabine_camera_sim_provider_set_plugged ("otoscope", FALSE));
  spin (300);
  g_assert_null (lost);
  g_assert_false (cabine_call_has_source (call, CABINE_CALL_SOURCE_OTOSCOPE));
  g_assert_cmpstr (cabine_call_get_source (call), ==, CABINE_CALL_SOURCE_DERMATOSCOPE);

  /* Unplugging the selected one: back to the room camera, the call goes on. */
  g_assert_true (cabine_camera_sim_provider_set_plugged ("dermatoscope", FALSE));
  spin (300);
  g_assert_cmpstr (lost, ==, CABINE_CALL_SOURCE_DERMATOSCOPE);
  g_assert_cmpstr (cabine_call_get_source (call), ==, CABINE_CALL_SOURCE_ROOM);
  g_assert_cmpint (cabine_call_get_state (call), !=, CABINE_CALL_STATE_FAILED);
  spin (300);
  take_still (call, &still);
  g_assert_cmpuint (still.width, ==, CABINE_CALL_VIDEO_WIDTH);
  g_assert_cmpuint (still.height, ==, CABINE_CALL_VIDEO_HEIGHT);

  cabine_call_stop (call);
  g_clear_pointer (&still.bytes, g_bytes_unref);
  cabine_camera_monitor_stop (monitor);
}

static GstPadProbeReturn
count_buffer (GstPad          *pad,
              GstPadProbeInfo *info,
              gpointer         data)
{
  g_atomic_int_inc ((int *) data);
  return GST_PAD_PROBE_OK;
}

/* Counts the buffers reaching every jpegdec of @call's pipeline (the Motion-JPEG cameras'). */
static guint
watch_jpeg_decoders (CabineCall *call,
                     int        *count)
{
  g_autoptr(GstIterator) it = gst_bin_iterate_recurse (GST_BIN (call->pipeline));
  GValue item = G_VALUE_INIT;
  guint decoders = 0;

  while (gst_iterator_next (it, &item) == GST_ITERATOR_OK)
    {
      GstElement *element = g_value_get_object (&item);
      GstElementFactory *factory = gst_element_get_factory (element);

      if (factory != NULL && g_str_equal (GST_OBJECT_NAME (factory), "jpegdec"))
        {
          g_autoptr(GstPad) pad = gst_element_get_static_pad (element, "sink");

          gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, count_buffer, count, NULL);
          decoders++;
        }
      g_value_reset (&item);
    }
  g_value_unset (&item);
  return decoders;
}

/* A Motion-JPEG exam camera (the simulated dermatoscope) is decoded only while it is selected, and
 * its still is its native frame, decoded and encoded again as a complete JPEG file. */
static void
test_mjpeg_decoded_when_selected (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CabineCameraMonitor) monitor = cabine_camera_monitor_new ();
  g_autoptr(CabineCall) call = NULL;
  CabineCallOptions options;
  Still still = { NULL, };
  int decoded = 0;
  const guint8 *data;
  gsize size;

  g_assert_true (cabine_camera_sim_provider_register ("dermatoscope", &error));
  g_assert_true (cabine_camera_monitor_set_rule (monitor, CABINE_CAMERA_ROLE_DERMATOSCOPE,
                                                 "name:dermatoscope", &error));
  g_assert_true (cabine_camera_monitor_start (monitor, &error));
  g_assert_no_error (error);

  cabine_call_options_init (&options);
  options.video_source = "test";
  options.audio_source = "test";
  options.audio_sink = "fake";
  call = cabine_call_new (&options, &error);
  g_assert_no_error (error);
  cabine_call_set_camera_monitor (call, monitor);
  g_assert_true (cabine_call_start (call, &error));
  g_assert_no_error (error);
  spin (300);
  g_assert_true (cabine_call_has_source (call, CABINE_CALL_SOURCE_DERMATOSCOPE));
  g_assert_cmpuint (watch_jpeg_decoders (call, &decoded), ==, 1);

  /* The room camera is sent: the dermatoscope's frames reach neither decoder nor scaler. */
  spin (700);
  g_assert_cmpint (g_atomic_int_get (&decoded), ==, 0);

  g_assert_true (cabine_call_switch_source (call, CABINE_CALL_SOURCE_DERMATOSCOPE, &error));
  g_assert_no_error (error);
  spin (700);
  g_assert_cmpint (g_atomic_int_get (&decoded), >, 0);
  take_still (call, &still);
  g_assert_cmpuint (still.width, ==, CABINE_CAMERA_SIM_WIDTH);
  g_assert_cmpuint (still.height, ==, CABINE_CAMERA_SIM_HEIGHT);
  data = g_bytes_get_data (still.bytes, &size);
  g_assert_cmpuint (size, >, 4);
  g_assert_true (data[0] == 0xff && data[1] == 0xd8 && data[size - 2] == 0xff && data[size - 1] == 0xd9);
  /* A still is the camera's latest frame: the simulated picture moves, so a later one differs. */
  {
    g_autoptr(GBytes) first = g_bytes_ref (still.bytes);
    gint64 until = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

    /* (a loaded machine may take a while to deliver the next frame) */
    do
      {
        spin (100);
        take_still (call, &still);
      }
    while (g_bytes_equal (first, still.bytes) && g_get_monotonic_time () < until);
    g_assert_false (g_bytes_equal (first, still.bytes));
  }

  /* Back to the room camera: decoding stops (a frame already queued may still pass). */
  g_assert_true (cabine_call_switch_source (call, CABINE_CALL_SOURCE_ROOM, &error));
  g_assert_no_error (error);
  spin (200);
  g_atomic_int_set (&decoded, 0);
  spin (700);
  g_assert_cmpint (g_atomic_int_get (&decoded), ==, 0);

  cabine_call_stop (call);
  g_clear_pointer (&still.bytes, g_bytes_unref);
  cabine_camera_monitor_stop (monitor);
  g_assert_true (cabine_camera_sim_provider_set_plugged ("dermatoscope", FALSE));
}

int
main (int argc, char **argv)
{
  g_unsetenv ("GST_DEBUG");
  g_unsetenv ("CABINE_SIM_CAMERAS");
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/call-sources/switch-and-snapshot", test_switch_and_snapshot);
  g_test_add_func ("/call-sources/snapshot-before-start", test_snapshot_before_start);
  g_test_add_func ("/call-sources/exam-cameras", test_exam_cameras);
  g_test_add_func ("/call-sources/mjpeg-decoded-when-selected", test_mjpeg_decoded_when_selected);
  return g_test_run ();
}
