/* cabine-remote.h: the physician's remote control of the cabin, over the call's data channel
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Speaks the data-channel messages of data/protocol.md ("Remote control"): the physician asks for
 * a measurement on an instrument, a switch of the patient's video source, or a snapshot; the
 * kiosk answers with progress and results. Every message with an "id" is acknowledged by its
 * receiver with `ack {id}`; the sender sends it again every %CABINE_REMOTE_RETRY_S seconds until
 * it is acknowledged; a receiver applies an id once and acknowledges every copy.
 *
 * CabineRemote knows nothing of the call: the owner (CabineSession) attaches a send function
 * when the data channel opens and acts on the signals. It also holds the state of the guidance
 * panel the patient sees (ui/cabine-guide-panel.c): which instrument is asked for, the step,
 * and the result.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "cabine-reading.h"

G_BEGIN_DECLS

/** Seconds between two sends of an unacknowledged message. */
#define CABINE_REMOTE_RETRY_S 2
/** A measurement request not answered by a reading within this many seconds times out. */
#define CABINE_REMOTE_MEASUREMENT_TIMEOUT_S 180
/** Bytes of a snapshot per `snapshot-chunk` message (base64 makes it ~22 KiB of text, well under
 * the 64 KiB a data-channel message may portably carry, RFC 8831 §6.6). */
#define CABINE_REMOTE_CHUNK_SIZE 16384
/** Longest "id" accepted from the physician, in bytes. */
#define CABINE_REMOTE_MAX_ID 64

/**
 * CabineRemoteGuideStep:
 * @CABINE_REMOTE_GUIDE_NONE: no measurement asked for: the panel is hidden
 * @CABINE_REMOTE_GUIDE_INSTRUCT: the physician asked; the patient is shown how to use the instrument
 * @CABINE_REMOTE_GUIDE_RESULT: the reading arrived (see cabine_remote_get_guide_result())
 * @CABINE_REMOTE_GUIDE_TIMED_OUT: no reading within %CABINE_REMOTE_MEASUREMENT_TIMEOUT_S
 * @CABINE_REMOTE_GUIDE_DISCONNECTED: the instrument is not connected (absent when asked for, or
 *   unplugged before its reading); back to %CABINE_REMOTE_GUIDE_INSTRUCT when it is plugged in
 */
typedef enum {
  CABINE_REMOTE_GUIDE_NONE,
  CABINE_REMOTE_GUIDE_INSTRUCT,
  CABINE_REMOTE_GUIDE_RESULT,
  CABINE_REMOTE_GUIDE_TIMED_OUT,
  CABINE_REMOTE_GUIDE_DISCONNECTED,
} CabineRemoteGuideStep;

/**
 * CabineRemoteSendFunc:
 * @text: one JSON message
 * @user_data: as given to cabine_remote_attach()
 * @error: the transport's error
 *
 * Returns: %TRUE when the message was queued on the data channel
 */
typedef gboolean (*CabineRemoteSendFunc) (const char  *text,
                                          gpointer     user_data,
                                          GError     **error);

#define CABINE_TYPE_REMOTE (cabine_remote_get_type ())
G_DECLARE_FINAL_TYPE (CabineRemote, cabine_remote, CABINE, REMOTE, GObject)

/**
 * cabine_remote_new:
 *
 * Signals, in the main context:
 * - `guide-changed ()`: instrument, step or result changed.
 * - `source-switch-requested (const char *request_id, const char *source)`: apply it, then call
 *   cabine_remote_source_switched() or cabine_remote_request_failed(). @source is valid
 *   (cabine_call_source_is_valid()).
 * - `snapshot-requested (const char *request_id)`: take it, then cabine_remote_send_snapshot() or
 *   cabine_remote_request_failed().
 * - `stethoscope-requested (const char *request_id, gboolean enabled)`: switch the stethoscope's
 *   track on or off, then cabine_remote_stethoscope_switched() or cabine_remote_request_failed().
 * - `call-end-requested (const char *request_id)`: the physician ended the call and said so over
 *   the data channel too (`call-end`, sent while their console cannot reach the hub): end the
 *   consultation as "physician-ended", as a hub `hangup` would. Already acknowledged.
 *
 * Returns: (transfer full): a remote control with no transport
 */
CabineRemote *cabine_remote_new                (void);

/**
 * cabine_remote_attach:
 * @func: (nullable): how to send; %NULL detaches (messages wait, and are sent on the next attach)
 * @user_data: for @func
 *
 * Attaching sends at once every message not yet acknowledged.
 */
void          cabine_remote_attach             (CabineRemote          *self,
                                                CabineRemoteSendFunc   func,
                                                gpointer               user_data);

/**
 * cabine_remote_handle_message:
 * @type: the message's "type"
 * @msg: the message
 *
 * Handles `measurement-request`, `source-switch`, `snapshot-request`, `stethoscope` (acknowledged, applied
 * once per id; a malformed or impossible request is acknowledged and answered with
 * `request-failed`) and the `ack` of a message this object sent.
 *
 * Returns: %TRUE when the message was this object's; %FALSE for any other (e.g. the `ack` of an
 *   observation, which the owner handles)
 */
gboolean      cabine_remote_handle_message     (CabineRemote          *self,
                                                const char            *type,
                                                JsonObject            *msg);

/**
 * cabine_remote_reading_arrived:
 * @reading: a reading of the current consultation, committed to the store
 *
 * Completes the open measurement request for the reading's instrument, if any:
 * `measurement-result` to the physician and the result on the guide.
 */
void          cabine_remote_reading_arrived    (CabineRemote          *self,
                                                CabineReading         *reading);

/** cabine_remote_source_switched: the switch asked by @request_id is done (`source-switched`). */
void          cabine_remote_source_switched    (CabineRemote          *self,
                                                const char            *request_id,
                                                const char            *source);

/** cabine_remote_stethoscope_switched: the stethoscope is now on (@enabled) or off, as asked by
 * @request_id (`stethoscope-switched`). */
void          cabine_remote_stethoscope_switched (CabineRemote        *self,
                                                  const char          *request_id,
                                                  gboolean             enabled);

/**
 * cabine_remote_send_snapshot:
 * @request_id: the `snapshot-request`'s id
 * @snapshot_id: the snapshot's id in the store
 * @source: the video source it was taken from
 * @content_type: e.g. "image/jpeg"
 * @data: the picture (a reference is taken)
 *
 * Sends `snapshot` (size, SHA-256) then the picture in `snapshot-chunk` messages.
 */
void          cabine_remote_send_snapshot      (CabineRemote          *self,
                                                const char            *request_id,
                                                const char            *snapshot_id,
                                                const char            *source,
                                                const char            *content_type,
                                                guint                  width,
                                                guint                  height,
                                                GBytes                *data);

/** cabine_remote_request_failed: answers @request_id with `request-failed` and @reason (English, for logs). */
void          cabine_remote_request_failed     (CabineRemote          *self,
                                                const char            *request_id,
                                                const char            *reason);

/**
 * cabine_remote_track_instruments:
 *
 * From now on, measurement requests are checked against the instruments reported with
 * cabine_remote_instrument_added() / _removed(): one for an instrument that is not connected is
 * answered at once with `request-failed` ("the thermometer is not connected") and the guide goes
 * to %CABINE_REMOTE_GUIDE_DISCONNECTED. Without it (no device manager) every request waits up to
 * %CABINE_REMOTE_MEASUREMENT_TIMEOUT_S.
 */
void          cabine_remote_track_instruments  (CabineRemote          *self);

/**
 * cabine_remote_instrument_added:
 * @device_id: the device manager's id ("usb-001-002")
 * @instrument: (nullable): "thermometer", "blood-pressure", "oximeter" or "scale"; another name
 *   (or %NULL) is ignored
 *
 * An instrument is connected. When the guide told the patient that this kind was not connected,
 * it shows the instructions again (a retake, with a new %CABINE_REMOTE_MEASUREMENT_TIMEOUT_S).
 */
void          cabine_remote_instrument_added   (CabineRemote          *self,
                                                const char            *device_id,
                                                const char            *instrument);

/**
 * cabine_remote_instrument_removed:
 * @device_id: as given to cabine_remote_instrument_added(); an unknown id is ignored
 *
 * The device is gone. When it was the last one of its kind, an open request for that instrument
 * fails at once (`measurement-progress` "disconnected", then `request-failed`) and a guide about
 * it goes to %CABINE_REMOTE_GUIDE_DISCONNECTED.
 */
void          cabine_remote_instrument_removed (CabineRemote          *self,
                                                const char            *device_id);

/** cabine_remote_dismiss_guide: the patient closes the panel (the request stays open). */
void          cabine_remote_dismiss_guide      (CabineRemote          *self);

/** cabine_remote_reset: a new consultation: forgets every id, message and guide state. */
void          cabine_remote_reset              (CabineRemote          *self);

/** Returns: (transfer none) (nullable): the instrument the guide is about: "thermometer",
 * "blood-pressure", "oximeter" or "scale". */
const char   *cabine_remote_get_guide_instrument (CabineRemote        *self);
CabineRemoteGuideStep cabine_remote_get_guide_step (CabineRemote      *self);
/** Returns: (transfer none) (nullable): the reading, in step %CABINE_REMOTE_GUIDE_RESULT. */
CabineReading *cabine_remote_get_guide_result  (CabineRemote          *self);
/** Returns: how many messages wait for an acknowledgement. */
guint         cabine_remote_get_n_unacked      (CabineRemote          *self);

/**
 * cabine_remote_instrument_loinc:
 * @instrument: (nullable): an instrument name
 *
 * Returns: (nullable): the LOINC code of what @instrument measures (DESIGN.md "Codes"):
 *   thermometer 8310-5, blood-pressure 85354-9, oximeter 59408-5, scale 29463-7; %NULL for
 *   another name
 */
const char   *cabine_remote_instrument_loinc   (const char            *instrument);

G_END_DECLS
