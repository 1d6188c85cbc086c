/* cabine-call-stats.c: call-quality statistics of a CabineCall, and its video bitrate adaptation
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "cabine-call"

#include "cabine-call-stats.h"

#include "cabine-call-pipeline.h"
#include "cabine-call-private.h"

#define PREVIOUS_KEY "cabine-call-stats-previous"

typedef struct {
  gint64  at_us;
  guint64 bytes_received;
  guint64 bytes_sent;
} Previous;

typedef struct {
  CabineCall           *call;      /* a reference, dropped in the main context */
  CabineCallQualityFunc func;
  gpointer              user_data;
  gboolean              adapt;
  CabineCallQuality     quality;
  gboolean              valid;
} Sample;

guint
cabine_call_quality_adapt_kbps (guint  current_kbps,
                                double loss_percent,
                                double rtt_ms)
{
  double next = current_kbps;

  if (loss_percent < 0)
    return CLAMP (current_kbps, CABINE_CALL_MIN_VIDEO_KBPS, CABINE_CALL_MAX_VIDEO_KBPS);
  if (loss_percent > 10 || rtt_ms > 1000)
    next = current_kbps * 0.7;
  else if (loss_percent > 2)
    next = current_kbps * 0.85;
  else
    next = current_kbps + MAX (30.0, current_kbps * 0.08);
  return (guint) CLAMP (next, CABINE_CALL_MIN_VIDEO_KBPS, CABINE_CALL_MAX_VIDEO_KBPS);
}

JsonObject *
cabine_call_quality_to_json (const CabineCallQuality *q)
{
  JsonObject *obj = json_object_new ();
  const struct { const char *name; double value; } fields[] = {
    { "rttMs", q->rtt_ms }, { "jitterMs", q->jitter_ms }, { "lossPercent", q->loss_percent },
    { "inKbps", q->in_kbps }, { "outKbps", q->out_kbps },
  };

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (fields[i].value >= 0)
      json_object_set_double_member (obj, fields[i].name, (double) (gint64) (fields[i].value * 10 + 0.5) / 10);
    else
      json_object_set_null_member (obj, fields[i].name);
  if (q->encoder_kbps > 0)
    json_object_set_int_member (obj, "encoderKbps", q->encoder_kbps);
  else
    json_object_set_null_member (obj, "encoderKbps");
  return obj;
}

/* ---- sampling ---- */

static void
sample_free (Sample *sample)
{
  g_clear_object (&sample->call);
  g_free (sample);
}

static gboolean
is_video (const GstStructure *s)
{
  const char *kind = gst_structure_get_string (s, "kind");
  return kind == NULL || g_str_equal (kind, "video");
}

static gboolean
collect_one (GQuark        field,
             const GValue *value,
             gpointer      data)
{
  CabineCallQuality *q = data;
  const GstStructure *s;
  GstWebRTCStatsType type;
  guint64 u64 = 0;
  double d = 0;

  if (!GST_VALUE_HOLDS_STRUCTURE (value))
    return TRUE;
  s = gst_value_get_structure (value);
  if (!gst_structure_get (s, "type", GST_TYPE_WEBRTC_STATS_TYPE, &type, NULL))
    return TRUE;
  switch (type)
    {
    case GST_WEBRTC_STATS_REMOTE_INBOUND_RTP:
      if (gst_structure_get_double (s, "round-trip-time", &d) && d > 0)
        q->rtt_ms = MAX (q->rtt_ms, d * 1000);
      if (is_video (s) && gst_structure_get_double (s, "fraction-lost", &d))
        q->loss_percent = MAX (q->loss_percent, d * 100);
      break;
    case GST_WEBRTC_STATS_INBOUND_RTP:
      if (gst_structure_get_uint64 (s, "bytes-received", &u64))
        q->bytes_received += u64;
      if (is_video (s) && gst_structure_get_double (s, "jitter", &d))
        q->jitter_ms = MAX (q->jitter_ms, d * 1000);
      break;
    case GST_WEBRTC_STATS_OUTBOUND_RTP:
      if (gst_structure_get_uint64 (s, "bytes-sent", &u64))
        q->bytes_sent += u64;
      break;
    default:
      break;
    }
  return TRUE;
}

static void
sample_main (CabineCall *self,
             gpointer    data)
{
  Sample *sample = data;
  CabineCallQuality *q = &sample->quality;
  Previous *previous = g_object_get_data (G_OBJECT (self), PREVIOUS_KEY);
  gint64 now = g_get_monotonic_time ();
  g_autoptr(GstElement) encoder = NULL;

  if (!sample->valid || self->pipeline == NULL)
    {
      sample->func (self, NULL, sample->user_data);
      return;
    }
  Previous current = { now, q->bytes_received, q->bytes_sent };

  if (previous != NULL && now > previous->at_us)
    {
      double seconds = (now - previous->at_us) / (double) G_USEC_PER_SEC;
      q->in_kbps = (q->bytes_received - MIN (q->bytes_received, previous->bytes_received)) * 8 / 1000.0 / seconds;
      q->out_kbps = (q->bytes_sent - MIN (q->bytes_sent, previous->bytes_sent)) * 8 / 1000.0 / seconds;
    }
  g_object_set_data_full (G_OBJECT (self), PREVIOUS_KEY, g_memdup2 (&current, sizeof current), g_free);

  encoder = gst_bin_get_by_name (GST_BIN (self->pipeline), "encoder");
  if (encoder != NULL)
    {
      q->encoder_kbps = cabine_call_pipeline_get_video_kbps (encoder);
      if (sample->adapt && q->encoder_kbps > 0)
        {
          guint next = cabine_call_quality_adapt_kbps (q->encoder_kbps, q->loss_percent, q->rtt_ms);

          if (next != q->encoder_kbps)
            {
              g_debug ("video bitrate %u → %u kbit/s (loss %.1f %%, rtt %.0f ms)", q->encoder_kbps,
                       next, q->loss_percent, q->rtt_ms);
              cabine_call_pipeline_set_video_kbps (encoder, next);
              q->encoder_kbps = next;
            }
        }
    }
  sample->func (self, q, sample->user_data);
}

static void
on_stats (GstPromise *promise,
          gpointer    data)
{
  Sample *sample = data;
  CabineCall *self = sample->call;
  const GstStructure *reply = NULL;

  if (gst_promise_wait (promise) == GST_PROMISE_RESULT_REPLIED &&
      (reply = gst_promise_get_reply (promise)) != NULL)
    {
      gst_structure_foreach (reply, collect_one, &sample->quality);
      sample->valid = TRUE;
    }
  cabine_call_run_in_main (self, sample_main, sample, (GDestroyNotify) sample_free);
  gst_promise_unref (promise);
}

void
cabine_call_sample_quality (CabineCall            *self,
                            gboolean               adapt,
                            CabineCallQualityFunc  func,
                            gpointer               user_data)
{
  Sample *sample;
  GstPromise *promise;

  g_return_if_fail (CABINE_IS_CALL (self));
  g_return_if_fail (func != NULL);

  sample = g_new0 (Sample, 1);
  sample->call = g_object_ref (self);
  sample->func = func;
  sample->user_data = user_data;
  sample->adapt = adapt;
  sample->quality = (CabineCallQuality) { .rtt_ms = -1, .jitter_ms = -1, .loss_percent = -1,
                                          .in_kbps = -1, .out_kbps = -1 };
  if (!self->started || self->stopped || self->webrtc == NULL)
    {
      cabine_call_run_in_main (self, sample_main, sample, (GDestroyNotify) sample_free);
      return;
    }
  promise = gst_promise_new_with_change_func (on_stats, sample, NULL);
  g_signal_emit_by_name (self->webrtc, "get-stats", NULL, promise);
}
