/* cabine-media-error.h: the error domain of the media module
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CABINE_MEDIA_ERROR (cabine_media_error_quark ())

/**
 * CabineMediaError:
 * @CABINE_MEDIA_ERROR_INVALID_ARGUMENT: an option or argument has a value the module does not accept
 *   (unknown source name, malformed URL, device path with unexpected characters…)
 * @CABINE_MEDIA_ERROR_MISSING_ELEMENT: a GStreamer element the pipeline needs is not installed
 * @CABINE_MEDIA_ERROR_PIPELINE: the pipeline could not be built or refused a state change, or
 *   GStreamer posted an error on the bus (the message carries GStreamer's own text)
 * @CABINE_MEDIA_ERROR_BAD_SDP: a session description could not be parsed or was refused by webrtcbin
 * @CABINE_MEDIA_ERROR_BAD_MESSAGE: a signalling message lacks a field or has one of the wrong type
 *   or value (data/protocol.md, "Call set-up")
 * @CABINE_MEDIA_ERROR_NOT_CONNECTED: the signalling socket is not connected (no `welcome` yet), or
 *   the data channel is not open
 * @CABINE_MEDIA_ERROR_WRONG_STATE: the call is not in a state that allows the operation (not
 *   started, already stopped, answer before offer…)
 * @CABINE_MEDIA_ERROR_REFUSED: the hub refused the connection with an `error` message; the
 *   message's text and wire code are in the GError message
 * @CABINE_MEDIA_ERROR_DEVICE: a local capture or playback device (camera, microphone, speaker)
 *   could not be opened or failed during the call (a %GST_RESOURCE_ERROR from an audio or video
 *   source or sink): a problem of the cabin's equipment, not of the network
 *
 * Error codes of the %CABINE_MEDIA_ERROR domain.
 */
typedef enum {
  CABINE_MEDIA_ERROR_INVALID_ARGUMENT,
  CABINE_MEDIA_ERROR_MISSING_ELEMENT,
  CABINE_MEDIA_ERROR_PIPELINE,
  CABINE_MEDIA_ERROR_BAD_SDP,
  CABINE_MEDIA_ERROR_BAD_MESSAGE,
  CABINE_MEDIA_ERROR_NOT_CONNECTED,
  CABINE_MEDIA_ERROR_WRONG_STATE,
  CABINE_MEDIA_ERROR_REFUSED,
  CABINE_MEDIA_ERROR_DEVICE,
} CabineMediaError;

GQuark cabine_media_error_quark (void);

G_END_DECLS
