/* cabine-session.h: the kiosk's consultation state machine
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * CabineSession ties the modules together: the hub connection (media/cabine-signalling), the
 * WebRTC call (media/cabine-call), the USB instruments (devices/cabine-device-manager) and the local
 * store. The UI observes its properties and signals and asks it to act; it never touches the
 * modules itself.
 *
 *   WELCOME --request_consultation--> WAITING --session-started--> CALL --hangup--> ENDED
 *      ^                                 | cancel                                     |
 *      +---------------------------------+---------------- reset ---------------------+
 */
#pragma once

#include <gdk/gdk.h>

#include "cabine-config.h"
#include "cabine-store.h"

G_BEGIN_DECLS

typedef enum {
  CABINE_SESSION_STATE_WELCOME,
  CABINE_SESSION_STATE_WAITING,
  CABINE_SESSION_STATE_CALL,
  CABINE_SESSION_STATE_ENDED,
} CabineSessionState;

#define CABINE_TYPE_SESSION_STATE (cabine_session_state_get_type ())
GType cabine_session_state_get_type (void);

#define CABINE_TYPE_SESSION (cabine_session_get_type ())
G_DECLARE_FINAL_TYPE (CabineSession, cabine_session, CABINE, SESSION, GObject)

/**
 * cabine_session_new:
 * @config: the kiosk's configuration (a reference is taken)
 * @store: the local store (a reference is taken)
 *
 * Returns: (transfer full): a session in the WELCOME state; call cabine_session_start() to connect.
 */
CabineSession     *cabine_session_new                  (CabineConfig *config,
                                                        CabineStore  *store);

/**
 * cabine_session_start:
 *
 * Connects to the hub (reconnecting with backoff for ever) and starts the USB device manager.
 * A device manager that cannot start is reported with g_warning and the kiosk runs without
 * instruments.
 */
void               cabine_session_start                (CabineSession *self);

/**
 * cabine_session_request_consultation:
 * @language: "fr" or "en"
 * @reason: the reason for the visit, as the patient chose it (not logged)
 *
 * Joins the hub's waiting queue (now, or as soon as the hub is reachable): WELCOME → WAITING.
 */
void               cabine_session_request_consultation (CabineSession *self,
                                                        const char    *language,
                                                        const char    *reason);

/** cabine_session_cancel: the patient leaves the queue: WAITING → WELCOME. */
void               cabine_session_cancel               (CabineSession *self);

/** cabine_session_hang_up: the patient ends the call: CALL → ENDED (reason "patient-ended"). */
void               cabine_session_hang_up              (CabineSession *self);

/** cabine_session_reset: back to WELCOME, forgetting every patient field and image in memory. */
void               cabine_session_reset                (CabineSession *self);

CabineSessionState cabine_session_get_state            (CabineSession *self);
/** Returns: 1-based position in the queue, 0 when unknown. */
guint              cabine_session_get_queue_position   (CabineSession *self);
/** Returns: whether the hub has welcomed this kiosk on the current connection. */
gboolean           cabine_session_get_hub_connected    (CabineSession *self);
/** Returns: (transfer none) (nullable): the physician's display name during a call. */
const char        *cabine_session_get_physician        (CabineSession *self);
/** Returns: (transfer none) (nullable): why the last call ended (data/protocol.md hangup reasons). */
const char        *cabine_session_get_end_reason       (CabineSession *self);
/** Returns: (transfer none) (nullable): the current consultation's id. */
const char        *cabine_session_get_session_id       (CabineSession *self);
/** Returns: (transfer none) (nullable): the physician's video during a call. */
GdkPaintable      *cabine_session_get_remote_paintable (CabineSession *self);
/** Returns: (transfer none) (nullable): the cabin camera's self-view during a call. */
GdkPaintable      *cabine_session_get_local_paintable  (CabineSession *self);
/** Returns: (transfer none): the readings of the current consultation, a #GListModel of #CabineReading. */
GListModel        *cabine_session_get_readings         (CabineSession *self);

G_END_DECLS
