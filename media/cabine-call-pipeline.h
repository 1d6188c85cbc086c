/* cabine-call-pipeline.h: building blocks of the call's pipeline (private to media/)
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gst/gst.h>
#include <gst/sdp/sdp.h>
#include <gst/video/video.h>

#include "cabine-call.h"

G_BEGIN_DECLS

/** RTP payload types offered for video and audio (dynamic range, RFC 3551 §6). */
#define CABINE_CALL_VIDEO_PT 96
#define CABINE_CALL_AUDIO_PT 97

/**
 * cabine_call_pipeline_check_options:
 * @options: options to check
 * @error: %CABINE_MEDIA_ERROR_INVALID_ARGUMENT naming the offending option
 *
 * Returns: %TRUE when every name is known and the device path is plain
 */
gboolean    cabine_call_pipeline_check_options  (const CabineCallOptions *options,
                                                 GError                 **error);

/**
 * cabine_call_pipeline_parse_ice_servers:
 * @ice_servers: (nullable): the hub's `iceServers` array
 * @out_stun: (out) (transfer full) (nullable): webrtcbin `stun-server` URI (`stun://host:port`) of
 *   the first STUN URL, or %NULL
 * @out_turn: (out) (transfer full): webrtcbin `add-turn-server` URIs
 *   (`turn(s)://user:password@host:port[?transport=…]`, user and password percent-encoded)
 * @error: %CABINE_MEDIA_ERROR_INVALID_ARGUMENT for an entry that is not an object, a "urls" that is
 *   neither a string nor an array of strings, a scheme other than stun/stuns/turn/turns, or a TURN
 *   URL without "username" and "credential"
 *
 * Returns: %TRUE on success
 */
gboolean    cabine_call_pipeline_parse_ice_servers (JsonArray   *ice_servers,
                                                    char       **out_stun,
                                                    GStrv       *out_turn,
                                                    GError     **error);

/**
 * cabine_call_pipeline_make_bin:
 * @description: a gst-launch description; its unlinked pads are ghosted
 * @error: %CABINE_MEDIA_ERROR_MISSING_ELEMENT when an element is not installed,
 *   %CABINE_MEDIA_ERROR_PIPELINE for another parse failure
 *
 * Returns: (transfer floating) (nullable): the bin
 */
GstElement *cabine_call_pipeline_make_bin      (const char  *description,
                                                GError     **error);

/**
 * cabine_call_pipeline_video_capture:
 * @options: checked options
 * @error: see cabine_call_pipeline_make_bin()
 *
 * Returns: (transfer floating) (nullable): a bin with a "src" pad producing I420
 *   %CABINE_CALL_VIDEO_WIDTH×%CABINE_CALL_VIDEO_HEIGHT at %CABINE_CALL_VIDEO_FPS
 */
GstElement *cabine_call_pipeline_video_capture (const CabineCallOptions *options,
                                                GError                 **error);

/**
 * cabine_call_pipeline_video_encoder_factory:
 * @codec: "h264" or "vp8"
 * @encoder: (nullable): for "h264": "openh264" (openh264enc), "x264" (x264enc) or "auto"/%NULL
 *   (openh264enc when that element is installed, from Debian's gstreamer1.0-plugins-bad, else
 *   x264enc); ignored for "vp8"
 *
 * Returns: (transfer none): the GStreamer factory name of the video encoder the call uses:
 *   "openh264enc", "x264enc" or "vp8enc" (a static string)
 */
const char *cabine_call_pipeline_video_encoder_factory (const char *codec,
                                                        const char *encoder);

/**
 * cabine_call_pipeline_video_sender:
 * @codec: "h264" or "vp8"
 * @encoder: (nullable): which H.264 encoder, see cabine_call_pipeline_video_encoder_factory()
 * @error: see cabine_call_pipeline_make_bin(); %CABINE_MEDIA_ERROR_MISSING_ELEMENT when @encoder
 *   names an encoder that is not installed
 *
 * The encoder is set for a real-time call: H.264 constrained baseline (RFC 6184 §8.1
 * profile-level-id 42e0xx), a key frame at least every %CABINE_CALL_KEYFRAME_INTERVAL frames and
 * on every upstream force-key-unit event, target bitrate %CABINE_CALL_VIDEO_KBPS
 * (cabine_call_pipeline_set_video_kbps()).
 *
 * Returns: (transfer floating) (nullable): a bin from raw video ("sink") to RTP ("src") with the
 *   encoder named "encoder", the payloader "pay" and RTP caps carrying the transport-wide-cc
 *   extension
 */
GstElement *cabine_call_pipeline_video_sender  (const char  *codec,
                                                const char  *encoder,
                                                GError     **error);

/**
 * cabine_call_pipeline_set_video_kbps:
 * @encoder: the video encoder element (x264enc, openh264enc or vp8enc)
 * @kbps: the target bitrate in kbit/s
 *
 * Sets @encoder's target bitrate in the unit of its own property: x264enc "bitrate" (kbit/s),
 * openh264enc "bitrate" and its cap "max-bitrate" (bit/s), vp8enc "target-bitrate" (bit/s). Any
 * state, any thread.
 *
 * Returns: %FALSE (and changes nothing) when @encoder is none of these
 */
gboolean    cabine_call_pipeline_set_video_kbps (GstElement *encoder,
                                                 guint       kbps);

/**
 * cabine_call_pipeline_get_video_kbps:
 * @encoder: the video encoder element
 *
 * Returns: @encoder's target bitrate in kbit/s (bit/s properties divided by 1000, rounded down),
 *   0 when @encoder is not one cabine_call_pipeline_set_video_kbps() knows
 */
guint       cabine_call_pipeline_get_video_kbps (GstElement *encoder);

/**
 * cabine_call_pipeline_strip_sprop:
 * @sdp: an offer the call made, modified in place
 *
 * Removes the H.264 `sprop-parameter-sets` parameter (RFC 6184 §8.1, optional) from every
 * `a=fmtp` line, keeping the others (packetization-mode, profile-level-id). The SPS and PPS it
 * would carry go in-band before every IDR frame (rtph264pay config-interval=-1), so no answerer
 * needs them; and webrtcbin (1.22) as an answerer matches an offered H.264 format against its own
 * sender's caps including that string, so it refused the video section of any offer whose encoder
 * differed from its own (a GStreamer physician, tests/unit/media/test-call.c) and mis-mapped the
 * audio.
 */
void        cabine_call_pipeline_strip_sprop   (GstSDPMessage *sdp);

/**
 * cabine_call_pipeline_announce_stream:
 * @sender: (transfer none): a sender bin linked to @webrtc_sink: its last elements are the RTP
 *   payloader and a capsfilter named "rtpcaps" holding the stream's RTP caps (payload type, clock
 *   rate, RTCP feedback, header extensions), as the senders of this module and
 *   cabine-call-audio.h make them
 * @webrtc_sink: (transfer none): the webrtcbin sink pad @sender feeds
 * @error: #CABINE_MEDIA_ERROR_PIPELINE when @sender has no such payloader and capsfilter or
 *   @webrtc_sink no transceiver
 *
 * Describes the stream to webrtcbin before its first packet, so that the offer need not wait for
 * the camera's first encoded frame (tens to hundreds of milliseconds after the pipeline starts):
 * picks the stream's SSRC (random, RFC 3550 §8.1) and sets it on the payloader, and sets the
 * transceiver's codec-preferences to the "rtpcaps" caps plus that SSRC (the offer's `a=ssrc`
 * lines) and the format parameters the payloader will put in its caps, which become the offer's
 * `a=rtpmap`/`a=fmtp`: H.264 packetization-mode 1, profile-level-id 42c01f (constrained
 * baseline, level 3.1, what the encoders make of 1280×720 at 30 fps: ITU-T H.264 Table A-1;
 * RFC 6184 §8.1) and level-asymmetry-allowed 1; Opus two channels in the rtpmap, sprop-stereo 0
 * and sprop-maxcapturerate 48000 (RFC 7587 §6.1, §7). webrtcbin (1.22) then also accepts from
 * the payloader only caps that agree with these.
 *
 * Returns: %TRUE when set
 */
gboolean    cabine_call_pipeline_announce_stream (GstElement  *sender,
                                                  GstPad      *webrtc_sink,
                                                  GError     **error);

/**
 * cabine_call_pipeline_audio_sender:
 * @source: "test", "auto" or %CABINE_CALL_AUDIO_SILENCE (see cabine_call_audio_source_description())
 * @error: see cabine_call_pipeline_make_bin()
 *
 * Returns: (transfer floating) (nullable): a bin from the audio source to Opus RTP ("src"), the
 *   payloader named "pay"
 */
GstElement *cabine_call_pipeline_audio_sender  (const char  *source,
                                                GError     **error);

/**
 * cabine_call_pipeline_audio_receiver:
 * @sink: "auto" or "fake"
 * @error: see cabine_call_pipeline_make_bin()
 *
 * Returns: (transfer floating) (nullable): a bin from decoded audio ("sink") to the sink
 */
GstElement *cabine_call_pipeline_audio_receiver (const char *sink,
                                                 GError    **error);

/**
 * cabine_call_pipeline_video_view:
 * @max_fps: highest frame rate handed on, in frames per second (frames above it are dropped before
 *   any work), or 0 for every frame
 * @error: see cabine_call_pipeline_make_bin()
 *
 * The frames keep their size: a #CabineVideoPaintable scales I420 frames itself when told to
 * (cabine_video_paintable_set_frame_size()), for less than GStreamer's scaler costs.
 *
 * Returns: (transfer floating) (nullable): a bin from raw video ("sink") to an appsink named
 *   "sink" with %CABINE_VIDEO_PAINTABLE_CAPS, max-buffers=1 drop=true
 */
GstElement *cabine_call_pipeline_video_view    (int          max_fps,
                                                GError     **error);

/**
 * cabine_call_pipeline_send_unsynced:
 * @pipeline: the call's pipeline, before it starts
 *
 * Makes every `nicesink` and `clocksync` that webrtcbin creates inside @pipeline (now, or later in
 * a transport bin or transceiver) pass packets on as soon as they reach it (`sync=false`).
 * webrtcbin (1.22) leaves its RTP nicesinks synchronised to the clock against the pipeline's
 * latency, which becomes 220 ms once the remote streams' jitter buffers are plugged in; on a loaded
 * machine the sinks then held and dropped our own outgoing video (in tests/bench, 24–26 fps at the
 * physician instead of 30, glass-to-glass kiosk → physician 201–285 ms instead of 99–103 ms in
 * alternating runs). The clocksync in front of each transceiver's input then still held video 28 ms
 * and audio 19 ms (median) for sources that are live already. Media timing is unchanged: RTP
 * timestamps and RTCP sender reports still come from capture times
 * (cabine_call_pipeline_tune_rtp()).
 */
void        cabine_call_pipeline_send_unsynced (GstElement *pipeline);

/**
 * CABINE_CALL_FASTSTART_PACKETS:
 *
 * How many consecutive RTP packets a receiving jitter buffer waits for before it passes the first
 * one on (rtpjitterbuffer `faststart-min-packets`, GStreamer ≥ 1.16). Without it, rtpjitterbuffer
 * holds a stream's first packet for its whole latency (webrtcbin's 200 ms) in case earlier packets
 * arrive late, which delayed the physician's first frame on the kiosk by that much.
 */
#define CABINE_CALL_FASTSTART_PACKETS 5

/**
 * CABINE_CALL_AUDIO_LATENCY_MS:
 *
 * Latency of the jitter buffer of the physician's audio, in ms: the speaker plays each packet this
 * long after its arrival time would allow, instead of webrtcbin's 200 ms for every stream (the
 * patient heard the physician about 200 ms after seeing their lips move, the video being shown
 * as soon as decoded). Enough for the jitter of a shop's network (a browser's adaptive buffer
 * settles at 20–80 ms); later packets are concealed by Opus. Video keeps webrtcbin's 200 ms,
 * which only bounds how long a missing packet is waited for (NACK), not when frames are shown.
 */
#define CABINE_CALL_AUDIO_LATENCY_MS 80

/**
 * cabine_call_pipeline_tune_rtp:
 * @webrtc: a webrtcbin, before its first negotiation
 * @error: %CABINE_MEDIA_ERROR_PIPELINE when @webrtc holds no rtpbin
 *
 * Sets the timing of webrtcbin's internal rtpbin (not exposed by webrtcbin 1.22):
 *
 * - RTCP sender reports map RTP timestamps to capture times (`rtcp-sync-send-time=false`).
 *   GStreamer's default maps them to capture time plus the pipeline latency, the time a synchronised
 *   sink would send them; ours send at once (cabine_call_pipeline_send_unsynced()), so the default
 *   told the physician's browser a time off by the pipeline latency, per stream, and its lip sync
 *   (RFC 3550 §6.4.1, NTP/RTP timestamp pairs) could then hold our video back by seconds.
 * - every receiving jitter buffer starts after %CABINE_CALL_FASTSTART_PACKETS packets.
 *
 * Returns: %TRUE, or %FALSE with @error set
 */
gboolean    cabine_call_pipeline_tune_rtp      (GstElement  *webrtc,
                                                GError     **error);

/**
 * CABINE_CALL_BENCH_ENV:
 *
 * Environment variable that, set to "1", makes the kiosk answer tests/bench/bench.mjs: SIGUSR1
 * prints `cabine-bench: remote-frames count=N` (remote frames shown so far) on stderr; SIGUSR2
 * starts the latency phase, from which the test source stamps every frame with the marker and
 * every remote frame is read back and logged as a `cabine-bench: remote-marker …` line. Before
 * SIGUSR2, as for the Chromium kiosk, no marker work is done, and the CPU the bench measures then
 * is the call's own. Off by default; no cost when off.
 */
#define CABINE_CALL_BENCH_ENV "CABINE_BENCH"

/**
 * CABINE_CALL_MARKER_BITS:
 *
 * The benchmark's frame marker (our own format, shared with tests/bench/marker.js): a strip along
 * the bottom of the frame, 1/30 of its height, cut into 2 × %CABINE_CALL_MARKER_BITS equal blocks;
 * block i < 24 is white (luma 235) when bit 23 − i of the value is set and black (luma 16) when
 * not, block 24 + i holds the inverse of block i, so that a damaged marker is recognised. The value
 * is the wall-clock time in milliseconds modulo 2^24.
 */
#define CABINE_CALL_MARKER_BITS 24

/**
 * cabine_call_pipeline_bench_enabled:
 *
 * Read once; the first call, when enabled, installs the SIGUSR1 and SIGUSR2 sources on the
 * default main context (see %CABINE_CALL_BENCH_ENV).
 *
 * Returns: whether %CABINE_CALL_BENCH_ENV is "1"
 */
gboolean    cabine_call_pipeline_bench_enabled (void);

/**
 * cabine_call_pipeline_bench_markers_on:
 *
 * Thread-safe.
 *
 * Returns: whether the benchmark is on and its latency phase has begun (SIGUSR2 received)
 */
gboolean    cabine_call_pipeline_bench_markers_on (void);

/**
 * cabine_call_pipeline_bench_count_remote_frame:
 *
 * Thread-safe: counts one remote frame for the benchmark's SIGUSR1 report.
 */
void        cabine_call_pipeline_bench_count_remote_frame (void);

/**
 * cabine_call_pipeline_stamp_marker:
 * @frame: a writable mapped I420 frame of at least 48 × 30 pixels
 * @value: the value to draw; only its low %CABINE_CALL_MARKER_BITS bits are used
 *
 * Draws the benchmark marker into @frame's bottom strip (luma blocks, neutral chroma).
 */
void        cabine_call_pipeline_stamp_marker  (GstVideoFrame *frame,
                                                guint32        value);

/**
 * cabine_call_pipeline_read_marker:
 * @frame: a mapped YUV frame (I420, NV12, YUY2, ...) or packed 4-byte RGB frame (BGRA, RGBA,
 *   BGRx, RGBx)
 * @out_value: (out): the marker's value
 *
 * Samples the centre of every marker block (its Y', or the mean of its three colour bytes;
 * threshold 128).
 *
 * Returns: %TRUE when all 24 blocks and their inverses agree; %FALSE for a frame without a valid
 *   marker (or one smaller than 48 × 30 pixels), leaving @out_value untouched
 */
gboolean    cabine_call_pipeline_read_marker   (const GstVideoFrame *frame,
                                                guint32             *out_value);

G_END_DECLS
