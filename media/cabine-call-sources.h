/* cabine-call-sources.h: the call's video sources (room camera, exam cameras) and snapshots
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The patient's video is chosen among the room camera and the exam cameras by an `input-selector`
 * placed before the encoder: switching changes which frames the encoder gets, never the caps or
 * the negotiated WebRTC session, so there is no renegotiation (issue 5, "Exam camera and
 * snapshot"). Every selector input delivers the call's capture format (CABINE_CALL_VIDEO_WIDTH ×
 * CABINE_CALL_VIDEO_HEIGHT, I420, CABINE_CALL_VIDEO_FPS).
 *
 * The exam cameras come from a #CabineCameraMonitor (cabine_call_set_camera_monitor()): each
 * camera with the otoscope or dermatoscope role runs at its native format (its largest raw or
 * Motion-JPEG size), and a tee keeps its last native frame (Motion-JPEG still encoded); its frames
 * reach the decoder (jpegdec) and the scaler only while it is selected, so that a camera left
 * plugged in costs the kiosk next to nothing. Cameras may come and go during
 * the call: one that goes away (or fails) while selected sends the call back to the room camera,
 * and the call emits `source-lost (const char *source)`; the call itself goes on.
 *
 * The room camera is the monitor's `room` camera when one has that role as the call starts (kept
 * for the whole call, with its native frame for stills too), else the options' video_source.
 *
 * A snapshot is encoded as JPEG (jpegenc, gst-plugins-good) from the selected camera's last
 * native frame (a Motion-JPEG frame is decoded first: webcams often leave out its Huffman tables),
 * or, for the room camera and the test patterns, from the last frame sent.
 *
 * Without an exam camera, the exam sources are a live `videotestsrc` whose pattern depends on the
 * instrument, only when the call's video_source is "test" (demos and tests); otherwise switching
 * to an absent camera fails.
 */
#pragma once

#include <gio/gio.h>
#include <gst/gst.h>

#include "cabine-call.h"
#include "cabine-camera-monitor.h"

G_BEGIN_DECLS

/** Names of the sources, as in the data channel's `source-switch` (data/protocol.md). */
#define CABINE_CALL_SOURCE_ROOM "room"
#define CABINE_CALL_SOURCE_OTOSCOPE "otoscope"
#define CABINE_CALL_SOURCE_DERMATOSCOPE "dermatoscope"

/** MIME type of the bytes returned by cabine_call_take_snapshot_finish(). */
#define CABINE_CALL_SNAPSHOT_TYPE "image/jpeg"

/**
 * cabine_call_source_is_valid:
 * @name: (nullable): a source name
 *
 * Returns: whether @name is one of %CABINE_CALL_SOURCE_ROOM, %CABINE_CALL_SOURCE_OTOSCOPE,
 *   %CABINE_CALL_SOURCE_DERMATOSCOPE
 */
gboolean    cabine_call_source_is_valid       (const char *name);

/**
 * cabine_call_set_camera_monitor:
 * @self: a #CabineCall, not started
 * @monitor: (nullable): the cabin's camera monitor, started; %NULL for none
 *
 * Gives the call its exam cameras: the ones present when the call starts, and those that come and
 * go while it runs (the call keeps a reference to @monitor).
 */
void        cabine_call_set_camera_monitor    (CabineCall          *self,
                                               CabineCameraMonitor *monitor);

/**
 * cabine_call_sources_build: (skip)
 * @self: the call being started (its options: video_source, video_device; its camera monitor)
 * @error: see cabine_call_pipeline_make_bin() (%CABINE_MEDIA_ERROR_MISSING_ELEMENT,
 *   %CABINE_MEDIA_ERROR_PIPELINE)
 *
 * For media/ only: builds the bin "cabine-sources" with one always "src" pad in the capture
 * format; the room camera is selected. An exam camera that cannot be used is logged and left out.
 *
 * Returns: (transfer floating) (nullable): the bin
 */
GstElement *cabine_call_sources_build         (CabineCall          *self,
                                               GError             **error);

/**
 * cabine_call_sources_handle_error: (skip)
 * @self: a #CabineCall
 * @message: a GST_MESSAGE_ERROR from the call's pipeline
 *
 * For media/ only (the call's bus watch): an error from an exam camera's branch (e.g. a camera
 * unplugged mid-frame) drops that camera, back to the room camera if it was selected, instead of
 * failing the call.
 *
 * Returns: whether @message came from an exam camera and was handled
 */
gboolean    cabine_call_sources_handle_error  (CabineCall          *self,
                                               GstMessage          *message);

/**
 * cabine_call_has_source:
 * @self: a #CabineCall
 * @source: (nullable): a source name
 *
 * Returns: whether the started call can switch to @source now (the room camera always; an exam
 *   camera when connected, or when the test patterns stand in for it)
 */
gboolean    cabine_call_has_source            (CabineCall          *self,
                                               const char          *source);

/**
 * cabine_call_switch_source:
 * @self: a started #CabineCall
 * @source: a source name (see cabine_call_source_is_valid())
 * @error: %CABINE_MEDIA_ERROR_INVALID_ARGUMENT for an unknown name;
 *   %CABINE_MEDIA_ERROR_WRONG_STATE when the call is not started or already stopped, or when that
 *   exam camera is not connected (and no test pattern stands in for it)
 *
 * Sends @source's video from the next frame on, and asks the encoder for a key frame so the
 * physician's decoder does not smear the cut. Switching to the current source does nothing.
 *
 * Returns: %TRUE when switched (or already on @source)
 */
gboolean    cabine_call_switch_source         (CabineCall  *self,
                                               const char  *source,
                                               GError     **error);

/**
 * cabine_call_get_source:
 * @self: a #CabineCall
 *
 * Returns: (transfer none): the name of the source being sent (%CABINE_CALL_SOURCE_ROOM at start)
 */
const char *cabine_call_get_source            (CabineCall  *self);

/**
 * cabine_call_take_snapshot_async:
 * @self: a started #CabineCall
 * @cancellable: (nullable): to give up
 * @callback: called in the caller's thread-default main context
 * @user_data: for @callback
 *
 * Encodes the last frame of the selected source as JPEG, in a worker thread: for an exam camera,
 * its last frame at its native size (e.g. 1920×1080), not the call's 1280×720.
 */
void        cabine_call_take_snapshot_async   (CabineCall          *self,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);

/**
 * cabine_call_take_snapshot_finish:
 * @self: a #CabineCall
 * @result: the #GAsyncResult given to the callback
 * @width: (out) (optional): the picture's width in pixels
 * @height: (out) (optional): its height in pixels
 * @error: %CABINE_MEDIA_ERROR_WRONG_STATE when the call is not started, stopped, or no frame has
 *   been captured yet; %CABINE_MEDIA_ERROR_PIPELINE when the frame cannot be encoded;
 *   %G_IO_ERROR_CANCELLED
 *
 * Returns: (transfer full) (nullable): the JPEG bytes (%CABINE_CALL_SNAPSHOT_TYPE)
 */
GBytes     *cabine_call_take_snapshot_finish  (CabineCall    *self,
                                               GAsyncResult  *result,
                                               guint         *width,
                                               guint         *height,
                                               GError       **error);

G_END_DECLS
