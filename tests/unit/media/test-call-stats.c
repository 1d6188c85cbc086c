/* test-call-stats.c: call-quality sampling and the video bitrate rule (media/cabine-call-stats.c)
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-call-stats"

#include <gst/gst.h>

#include "cabine-call-stats.h"

static void
test_adapt (void)
{
  /* Unknown loss: unchanged (but clamped). */
  g_assert_cmpuint (cabine_call_quality_adapt_kbps (1000, -1, -1), ==, 1000);
  g_assert_cmpuint (cabine_call_quality_adapt_kbps (10, -1, -1), ==, CABINE_CALL_MIN_VIDEO_KBPS);
  /* Heavy loss or a long RTT: ×0.7; moderate loss: ×0.85; clean: up by 8 %, at least 30. */
  g_assert_cmpuint (cabine_call_quality_adapt_kbps (1000, 20, 50), ==, 700);
  g_assert_cmpuint (cabine_call_quality_adapt_kbps (1000, 0, 1500), ==, 700);
  g_assert_cmpuint (cabine_call_quality_adapt_kbps (1000, 5, 50), ==, 850);
  g_assert_cmpuint (cabine_call_quality_adapt_kbps (1000, 0.5, 50), ==, 1080);
  g_assert_cmpuint (cabine_call_quality_adapt_kbps (260, 0, 50), ==, 290);
  /* Bounded both ways. */
  g_assert_cmpuint (cabine_call_quality_adapt_kbps (CABINE_CALL_MAX_VIDEO_KBPS, 0, 10), ==, CABINE_CALL_MAX_VIDEO_KBPS);
  g_assert_cmpuint (cabine_call_quality_adapt_kbps (CABINE_CALL_MIN_VIDEO_KBPS, 50, 10), ==, CABINE_CALL_MIN_VIDEO_KBPS);
}

static void
on_sample (CabineCall              *call,
           const CabineCallQuality *quality,
           gpointer                 data)
{
  CabineCallQuality *out = data;

  g_assert_nonnull (quality);
  *out = *quality;
}

static void
test_sample (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CabineCall) call = NULL;
  g_autoptr(JsonObject) json = NULL;
  CabineCallOptions options;
  CabineCallQuality q = { .encoder_kbps = G_MAXUINT };
  gint64 until;

  cabine_call_options_init (&options);
  options.video_source = "test";
  options.audio_source = "test";
  options.audio_sink = "fake";
  call = cabine_call_new (&options, &error);
  g_assert_no_error (error);
  g_assert_true (cabine_call_start (call, &error));
  /* No peer: no RTCP, so nothing is known of the network, and the bitrate is left alone. */
  cabine_call_sample_quality (call, TRUE, on_sample, &q);
  until = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (q.encoder_kbps == G_MAXUINT && g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (q.encoder_kbps, ==, CABINE_CALL_VIDEO_KBPS);
  g_assert_cmpfloat (q.loss_percent, <, 0);
  g_assert_cmpfloat (q.in_kbps, <, 0);   /* first sample: no rate yet */
  json = cabine_call_quality_to_json (&q);
  g_assert_true (json_object_get_null_member (json, "lossPercent"));
  g_assert_cmpint (json_object_get_int_member (json, "encoderKbps"), ==, CABINE_CALL_VIDEO_KBPS);
  cabine_call_stop (call);
}

int
main (int argc, char **argv)
{
  g_unsetenv ("GST_DEBUG");
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/call-stats/adapt", test_adapt);
  g_test_add_func ("/call-stats/sample", test_sample);
  return g_test_run ();
}
