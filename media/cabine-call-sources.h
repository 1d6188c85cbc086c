/* cabine-call-sources.h: the call's video sources (room camera, exam cameras) and snapshots
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The patient's video is chosen among the room camera and the exam cameras by an `input-selector`
 * placed before the encoder: switching changes which frames the encoder gets, never the caps or
 * the negotiated WebRTC session, so there is no renegotiation (issue 5, "Exam camera and
 * snapshot"). Every source delivers the call's capture format (CABINE_CALL_VIDEO_WIDTH ×
 * CABINE_CALL_VIDEO_HEIGHT, I420, CABINE_CALL_VIDEO_FPS). A snapshot is the last frame of the
 * selected source at that full resolution, encoded as JPEG (jpegenc, gst-plugins-good).
 *
 * The exam cameras are, for now, a second live `videotestsrc` whose pattern depends on the
 * selected instrument (DESIGN.md: UVC otoscopes and dermatoscopes found with GstDeviceMonitor are
 * the next step).
 */
#pragma once

#include <gio/gio.h>
#include <gst/gst.h>

#include "cabine-call.h"

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
 * cabine_call_sources_build: (skip)
 * @options: the call's options (its room camera: video_source, video_device)
 * @error: see cabine_call_pipeline_make_bin() (%CABINE_MEDIA_ERROR_MISSING_ELEMENT,
 *   %CABINE_MEDIA_ERROR_PIPELINE)
 *
 * For media/ only: builds the bin "cabine-sources" with one always "src" pad in the capture
 * format; the room camera is selected.
 *
 * Returns: (transfer floating) (nullable): the bin
 */
GstElement *cabine_call_sources_build         (const CabineCallOptions *options,
                                               GError                 **error);

/**
 * cabine_call_switch_source:
 * @self: a started #CabineCall
 * @source: a source name (see cabine_call_source_is_valid())
 * @error: %CABINE_MEDIA_ERROR_INVALID_ARGUMENT for an unknown name;
 *   %CABINE_MEDIA_ERROR_WRONG_STATE when the call is not started or already stopped
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
 * Encodes the last frame of the selected source as JPEG, in a worker thread.
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
