/* cabine-call.h: one WebRTC call (webrtcbin), the kiosk being the offerer
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Sends the kiosk's camera, its microphone (through echo cancellation) and, when configured, the
 * stethoscope as its own track (cabine-call-audio.h), receives the physician's video and audio, and carries
 * the `cabine` data channel (data/protocol.md, "Data channel"). Signalling messages are exchanged
 * through the `send-signal` signal and cabine_call_handle_signal(); the owner adds `sessionId`
 * and relays them (data/protocol.md, "Call set-up").
 */
#pragma once

#include <gdk/gdk.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/** Capture and sending format: 1280×720 at 30 frames per second. */
#define CABINE_CALL_VIDEO_WIDTH 1280
#define CABINE_CALL_VIDEO_HEIGHT 720
#define CABINE_CALL_VIDEO_FPS 30
/** Target video bitrate, in kbit/s. */
#define CABINE_CALL_VIDEO_KBPS 1500
/** Largest interval between video key frames, in frames (2 s at 30 fps). */
#define CABINE_CALL_KEYFRAME_INTERVAL 60
/** Label of the data channel (data/protocol.md, "Data channel"). */
#define CABINE_CALL_DATA_CHANNEL_LABEL "cabine"
/** Pacing of ICE connectivity checks (Ta), in ms: the least RFC 8445 §14.2 allows. */
#define CABINE_CALL_ICE_TA_MS 5
/** Transport-wide congestion control RTP header extension, draft-holmer-rmcat-transport-wide-cc-
 * extensions-01 §2; without it Chromium's bandwidth estimate stays low (DESIGN.md). */
#define CABINE_CALL_TWCC_URI "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01"

/**
 * CabineCallState:
 * @CABINE_CALL_STATE_NEW: created, not started
 * @CABINE_CALL_STATE_CONNECTING: started; offer/answer and ICE checks under way (also while ICE
 *   is "disconnected" and may recover)
 * @CABINE_CALL_STATE_CONNECTED: ICE connected (webrtcbin `ice-connection-state` connected or
 *   completed)
 * @CABINE_CALL_STATE_FAILED: ICE or the peer connection failed, or the pipeline posted an error
 * @CABINE_CALL_STATE_CLOSED: cabine_call_stop() was called
 */
typedef enum {
  CABINE_CALL_STATE_NEW,
  CABINE_CALL_STATE_CONNECTING,
  CABINE_CALL_STATE_CONNECTED,
  CABINE_CALL_STATE_FAILED,
  CABINE_CALL_STATE_CLOSED,
} CabineCallState;

GType cabine_call_state_get_type (void);
#define CABINE_TYPE_CALL_STATE (cabine_call_state_get_type ())

/**
 * CabineCallOptions:
 * @video_source: "test" (videotestsrc, moving ball and a time overlay), "v4l2" (v4l2src on
 *   @video_device), or "auto" (v4l2 when @video_device exists, else test)
 * @video_device: (nullable): V4L2 device node; %NULL means "/dev/video0"
 * @audio_source: "test" (audiotestsrc ticks at low volume) or "auto" (autoaudiosrc)
 * @audio_sink: "auto" (autoaudiosink) or "fake" (fakesink sync=true, for tests)
 * @video_codec: "h264" (constrained baseline, from @video_encoder) or "vp8" (vp8enc)
 * @ice_servers: (nullable): the hub's `iceServers` array (data/protocol.md, "accepted"): objects
 *   with "urls" (a string or an array of strings, `stun:host:port` or `turn:host:port[?transport=…]`
 *   / `turns:…`, RFC 7064 / RFC 7065) and, for TURN, "username" and "credential"
 * @ice_loopback: add 127.0.0.1 to the ICE agent's local addresses (loopback-only namespaces)
 * @stethoscope_source: (nullable): the stethoscope track (cabine-call-audio.h): "none" (or %NULL:
 *   no such track), "test" (simulated heart sounds), "device" (@stethoscope_device, which must be
 *   connected), or "auto" (@stethoscope_device when connected, else none)
 * @stethoscope_device: (nullable): the stethoscope's audio input: a substring of its
 *   GstDeviceMonitor display name, or an ALSA card id
 * @video_encoder: (nullable): the H.264 encoder: "openh264" (openh264enc, as Chromium uses),
 *   "x264" (x264enc), or "auto" (or %NULL: openh264enc when installed, else x264enc)
 *
 * Options of a call; strings are copied by cabine_call_new(). Fill with cabine_call_options_init().
 */
typedef struct {
  const char *video_source;
  const char *video_device;
  const char *audio_source;
  const char *audio_sink;
  const char *video_codec;
  JsonArray *ice_servers;
  gboolean ice_loopback;
  const char *stethoscope_source;
  const char *stethoscope_device;
  const char *video_encoder;
} CabineCallOptions;

/**
 * cabine_call_options_init:
 * @options: (out caller-allocates): options to fill
 *
 * Sets the defaults: video "auto", audio source "auto", audio sink "auto", codec "h264", encoder
 * "auto", no ICE server, no loopback, no stethoscope.
 */
void cabine_call_options_init (CabineCallOptions *options);

/**
 * CabineCallStats:
 * @video_frames_decoded: remote video frames that reached the video sink
 * @video_frames_sent: local video frames encoded and handed to the RTP payloader
 * @audio_packets_received: remote audio RTP packets that left webrtcbin (after SRTP, jitter buffer)
 * @audio_packets_sent: local audio RTP packets handed to webrtcbin
 * @first_remote_frame_us: g_get_monotonic_time() of the first remote video frame, 0 before it
 */
typedef struct {
  guint64 video_frames_decoded;
  guint64 video_frames_sent;
  guint64 audio_packets_received;
  guint64 audio_packets_sent;
  gint64 first_remote_frame_us;
} CabineCallStats;

#define CABINE_TYPE_CALL (cabine_call_get_type ())
G_DECLARE_FINAL_TYPE (CabineCall, cabine_call, CABINE, CALL, GObject)

/**
 * cabine_call_warm_up:
 *
 * Does, once per process and on a background thread, the work the first call would otherwise do
 * between the physician's acceptance and the offer: generating the DTLS certificate that
 * webrtcbin's DTLS elements share (RSA, about 90–200 ms on a 2-core kiosk) and loading the
 * plugins of the call's elements. Any thread; returns at once; later calls do nothing. The call
 * works without it, only later. Does nothing before gst_init(). cabine-signalling.c calls it once
 * connected to a hub: a kiosk that talks to a hub will place calls.
 */
void          cabine_call_warm_up              (void);

/**
 * cabine_call_new:
 * @options: the call's options
 * @error: %CABINE_MEDIA_ERROR_INVALID_ARGUMENT for an unknown source, sink or codec name, a device
 *   path outside [A-Za-z0-9/_.-], or a malformed @ice_servers entry
 *
 * Creates a call. Its signals are emitted in the thread-default main context of the caller:
 * - `send-signal (JsonObject *msg)`: `offer` then `ice` messages (an `ice` with an empty
 *   "candidate" ends the candidates) to relay to the physician; @msg is borrowed.
 * - `state-changed (CabineCallState state)`.
 * - `first-remote-frame ()`.
 * - `data-channel-open ()`, `data-received (const char *text)`.
 * - `error (GError *error)`: a pipeline or webrtcbin failure (%CABINE_MEDIA_ERROR_PIPELINE or
 *   %CABINE_MEDIA_ERROR_BAD_SDP), or a local camera/microphone/speaker that cannot be opened or
 *   failed (%CABINE_MEDIA_ERROR_DEVICE); the call is then failed.
 * - `source-lost (const char *source)`: the exam camera @source went away or failed while it was
 *   being sent; the call sends the room camera again and goes on (cabine-call-sources.h).
 *
 * Returns: (transfer full) (nullable): a new call, or %NULL with @error set
 */
CabineCall   *cabine_call_new                  (const CabineCallOptions *options,
                                                GError                 **error);

/**
 * cabine_call_start:
 * @self: a #CabineCall
 * @error: %CABINE_MEDIA_ERROR_WRONG_STATE when started before; %CABINE_MEDIA_ERROR_MISSING_ELEMENT
 *   or %CABINE_MEDIA_ERROR_PIPELINE when the pipeline cannot be built or played
 *
 * Builds and plays the pipeline, creates the data channel, then emits the offer and the local
 * ICE candidates through `send-signal` as they come.
 *
 * Returns: %TRUE when started
 */
gboolean      cabine_call_start                (CabineCall       *self,
                                                GError          **error);

/**
 * cabine_call_handle_signal:
 * @self: a #CabineCall
 * @msg: an `answer` (with "sdp") or `ice` (with "candidate" and "sdpMLineIndex") message
 * @error: %CABINE_MEDIA_ERROR_BAD_MESSAGE for another type or a missing or ill-typed field;
 *   %CABINE_MEDIA_ERROR_BAD_SDP when the SDP does not parse; %CABINE_MEDIA_ERROR_WRONG_STATE for
 *   an answer before our offer, a second answer, or a stopped call
 *
 * Applies a message from the physician. webrtcbin may still refuse a parsed answer later: that is
 * reported through the `error` signal.
 *
 * Returns: %TRUE when applied
 */
gboolean      cabine_call_handle_signal        (CabineCall       *self,
                                                JsonObject       *msg,
                                                GError          **error);

/**
 * cabine_call_send_data:
 * @self: a #CabineCall
 * @text: UTF-8 text, at most %CABINE_PROTOCOL_MAX_MESSAGE_SIZE bytes
 * @error: %CABINE_MEDIA_ERROR_NOT_CONNECTED before `data-channel-open` or after it closed;
 *   %CABINE_MEDIA_ERROR_INVALID_ARGUMENT for text too long or not UTF-8; webrtcbin's error when
 *   the send fails
 *
 * Sends @text on the `cabine` data channel.
 *
 * Returns: %TRUE when queued
 */
gboolean      cabine_call_send_data            (CabineCall       *self,
                                                const char       *text,
                                                GError          **error);

/**
 * cabine_call_stop:
 * @self: a #CabineCall
 *
 * Stops the pipeline (NULL state), disconnects every handler and clears both paintables. No
 * signal is emitted by or after this call; the state becomes %CABINE_CALL_STATE_CLOSED. Safe to
 * call twice and before start.
 */
void          cabine_call_stop                 (CabineCall       *self);

/**
 * cabine_call_get_state:
 * @self: a #CabineCall
 *
 * Returns: the current state
 */
CabineCallState cabine_call_get_state          (CabineCall       *self);

/**
 * cabine_call_get_stats:
 * @self: a #CabineCall
 * @out: (out caller-allocates): the counters since start
 */
void          cabine_call_get_stats            (CabineCall       *self,
                                                CabineCallStats  *out);

/**
 * cabine_call_get_remote_paintable:
 * @self: a #CabineCall
 *
 * Returns: (transfer none): the physician's video, at the size it is received
 */
GdkPaintable *cabine_call_get_remote_paintable (CabineCall       *self);

/**
 * cabine_call_get_local_paintable:
 * @self: a #CabineCall
 *
 * Returns: (transfer none): the self-view, the captured video scaled to 640×360
 */
GdkPaintable *cabine_call_get_local_paintable  (CabineCall       *self);

G_END_DECLS
