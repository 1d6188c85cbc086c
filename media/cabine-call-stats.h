/* cabine-call-stats.h: call-quality statistics of a CabineCall, and its video bitrate adaptation
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Samples webrtcbin's "get-stats" (W3C webrtc-stats names, as GStreamer reports them:
 * remote-inbound-rtp "round-trip-time" in seconds, "fraction-lost"; inbound-rtp "jitter" in
 * seconds, "bytes-received", "packets-lost"; outbound-rtp "bytes-sent") into a
 * #CabineCallQuality, and adapts the video encoder's bitrate to what the physician's RTCP receiver
 * reports say the network carries: a loss-based controller in the spirit of RFC 8698 §4
 * (multiplicative decrease on loss above 10 %, additive increase below 2 %).
 */
#pragma once

#include "cabine-call.h"

G_BEGIN_DECLS

/** Lowest and highest video bitrate the adaptation chooses, in kbit/s. */
#define CABINE_CALL_MIN_VIDEO_KBPS 250
#define CABINE_CALL_MAX_VIDEO_KBPS CABINE_CALL_VIDEO_KBPS

/**
 * CabineCallQuality:
 * @rtt_ms: round-trip time to the physician from RTCP, in ms; -1 when unknown
 * @jitter_ms: interarrival jitter of the received video, in ms; -1 when unknown
 * @loss_percent: fraction of our video packets the physician reports lost, in %; -1 when unknown
 * @in_kbps: received bitrate since the previous sample, in kbit/s; -1 for the first sample
 * @out_kbps: sent bitrate since the previous sample, in kbit/s; -1 for the first sample
 * @encoder_kbps: the video encoder's target bitrate now, in kbit/s; 0 when unknown
 * @bytes_received: total RTP bytes received
 * @bytes_sent: total RTP bytes sent
 */
typedef struct {
  double  rtt_ms;
  double  jitter_ms;
  double  loss_percent;
  double  in_kbps;
  double  out_kbps;
  guint   encoder_kbps;
  guint64 bytes_received;
  guint64 bytes_sent;
} CabineCallQuality;

/**
 * CabineCallQualityFunc:
 * @call: the call
 * @quality: (nullable): the sample, %NULL when the call stopped or webrtcbin gave no statistics
 * @user_data: as given
 *
 * Called in the call's main context.
 */
typedef void (*CabineCallQualityFunc) (CabineCall              *call,
                                       const CabineCallQuality *quality,
                                       gpointer                 user_data);

/**
 * cabine_call_sample_quality:
 * @self: a started #CabineCall
 * @adapt: also adapt the video encoder's bitrate to this sample
 * @func: called once with the sample
 * @user_data: for @func
 *
 * Asks webrtcbin for its statistics. Rates are computed against the previous call's sample.
 */
void     cabine_call_sample_quality    (CabineCall            *self,
                                        gboolean               adapt,
                                        CabineCallQualityFunc  func,
                                        gpointer               user_data);

/**
 * cabine_call_quality_adapt_kbps:
 * @current_kbps: the encoder's bitrate now, in kbit/s
 * @loss_percent: the reported loss, in % (negative: unknown)
 * @rtt_ms: the round-trip time, in ms (negative: unknown)
 *
 * The adaptation rule alone (pure, for tests): ×0.7 on loss over 10 % or RTT over 1 s, ×0.85
 * on loss over 2 %, +8 % (at least 30 kbit/s) below 2 %, clamped to
 * [%CABINE_CALL_MIN_VIDEO_KBPS, %CABINE_CALL_MAX_VIDEO_KBPS]; unchanged when loss is unknown.
 *
 * Returns: the new bitrate in kbit/s
 */
guint    cabine_call_quality_adapt_kbps (guint   current_kbps,
                                         double  loss_percent,
                                         double  rtt_ms);

/**
 * cabine_call_quality_to_json:
 * @quality: a sample
 *
 * Returns: (transfer full): the sample as a JSON object {"rttMs", "jitterMs", "lossPercent",
 *   "inKbps", "outKbps", "encoderKbps"} (unknown values are null)
 */
JsonObject *cabine_call_quality_to_json (const CabineCallQuality *quality);

G_END_DECLS
