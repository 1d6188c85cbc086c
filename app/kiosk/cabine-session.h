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
 *   WELCOME --begin--> INTAKE --request_consultation--> WAITING --session-started--> CALL --hangup--> ENDED
 *      ^                 | cancel (purged)                 | cancel                                     |
 *      +-----------------+---------------------------------+---------------- reset ---------------------+
 *
 * A consultation's id is a UUID made by the kiosk when the journey starts (cabine_session_begin());
 * the hub's sessionId (from `queued`) is kept beside it and used in every hub and data-channel
 * message. Observations are stored against the local id.
 */
#pragma once

#include <gdk/gdk.h>

#include "cabine-config.h"
#include "cabine-device-manager.h"
#include "cabine-patient.h"
#include "cabine-questionnaire.h"
#include "cabine-remote.h"
#include "cabine-store.h"

G_BEGIN_DECLS

typedef enum {
  CABINE_SESSION_STATE_WELCOME,
  CABINE_SESSION_STATE_INTAKE,
  CABINE_SESSION_STATE_WAITING,
  CABINE_SESSION_STATE_CALL,
  CABINE_SESSION_STATE_ENDED,
} CabineSessionState;

#define CABINE_SESSION_ERROR (cabine_session_error_quark ())

/**
 * CabineSessionError:
 * @CABINE_SESSION_ERROR_CLEANING_DUE: the configured cleaning interval has passed since the last
 *   cleaning recorded in the store; no new patient is taken until the next cleaning is recorded
 * @CABINE_SESSION_ERROR_OUT_OF_SERVICE: the hub refuses this kiosk (see
 *   cabine_session_get_out_of_service()); no new patient is taken
 */
typedef enum {
  CABINE_SESSION_ERROR_CLEANING_DUE,
  CABINE_SESSION_ERROR_OUT_OF_SERVICE,
} CabineSessionError;

GQuark cabine_session_error_quark (void);

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
 * cabine_session_begin:
 * @language: "fr" or "en"
 * @error: %CABINE_SESSION_ERROR_CLEANING_DUE, %CABINE_SESSION_ERROR_OUT_OF_SERVICE, or a
 *   %CABINE_STORE_ERROR
 *
 * A patient starts the journey: WELCOME → INTAKE. Creates the consultation's local UUID and its
 * row in the store.
 */
gboolean           cabine_session_begin                (CabineSession  *self,
                                                        const char     *language,
                                                        GError        **error);

/**
 * cabine_session_set_patient:
 * The identity as typed (see cabine_patient_set() for each argument); checked, kept in memory and
 * stored. @error: a %CABINE_PATIENT_ERROR (translated, for the patient) or a %CABINE_STORE_ERROR.
 * Only in INTAKE.
 */
gboolean           cabine_session_set_patient          (CabineSession  *self,
                                                        const char     *family_name,
                                                        const char     *given_name,
                                                        const char     *birth_date,
                                                        const char     *sex,
                                                        const char     *contact,
                                                        GError        **error);

/**
 * cabine_session_accept_consent:
 * @text_version: the version tag of the consent text the patient accepted
 *
 * Stores the consent, with the session's language. Only in INTAKE. @error: %CABINE_STORE_ERROR.
 */
gboolean           cabine_session_accept_consent       (CabineSession  *self,
                                                        const char     *text_version,
                                                        GError        **error);

/**
 * cabine_session_request_consultation:
 * @reason: the reason for the visit, as the patient chose it (never logged)
 * @questionnaire: (nullable): the answers, stored and sent in join-queue's "questionnaire" member
 * @error: %CABINE_STORE_ERROR
 *
 * Joins the hub's waiting queue (now, or as soon as the hub is reachable): INTAKE → WAITING.
 */
gboolean           cabine_session_request_consultation (CabineSession        *self,
                                                        const char           *reason,
                                                        CabineQuestionnaire  *questionnaire,
                                                        GError              **error);

/** Returns: whether the cleaning interval ([maintenance] cleaning-interval-hours) has passed. */
gboolean           cabine_session_cleaning_overdue     (CabineSession *self);

/**
 * cabine_session_get_out_of_service:
 *
 * Returns: whether the hub refuses this kiosk (wrong token, unknown kiosk id, or another cabin
 *   configured with the same id): no patient can be served until an operator fixes the
 *   configuration. Notified with "hub-connected".
 */
gboolean           cabine_session_get_out_of_service   (CabineSession *self);

/**
 * cabine_session_cancel: the patient leaves: WAITING → WELCOME (the consultation is recorded as
 * "abandoned"), or INTAKE → WELCOME (everything stored about the journey is purged).
 */
void               cabine_session_cancel               (CabineSession *self);

/** cabine_session_hang_up: the patient ends the call: CALL → ENDED (reason "patient-ended"). */
void               cabine_session_hang_up              (CabineSession *self);

/**
 * cabine_session_reset: back to WELCOME, forgetting every patient field and image in memory; from
 * INTAKE or WAITING as cabine_session_cancel().
 */
void               cabine_session_reset                (CabineSession *self);

CabineSessionState cabine_session_get_state            (CabineSession *self);
/** Returns: 1-based position in the queue, 0 when unknown. */
guint              cabine_session_get_queue_position   (CabineSession *self);
/** Returns: whether the hub has welcomed this kiosk on the current connection. */
gboolean           cabine_session_get_hub_connected    (CabineSession *self);
/** Returns: (transfer none) (nullable): the physician's display name during a call. */
const char        *cabine_session_get_physician        (CabineSession *self);
/** Seconds the call notice tells the patient that a picture was taken. */
#define CABINE_SESSION_SNAPSHOT_NOTICE_S 4

/**
 * cabine_session_get_call_notice:
 *
 * What the patient should be told about the call besides the picture (the `call-notice`
 * property, notified when it changes): "Connection lost, reconnecting…" (translated) while the
 * kiosk re-establishes a call whose media stopped (data/protocol.md, "Recovery"); for
 * %CABINE_SESSION_SNAPSHOT_NOTICE_S seconds after a snapshot was stored, that the doctor took a
 * picture kept with the consultation (the consent text says so); that the doctor's camera is off
 * when the call has been connected a few seconds without the physician's video; else %NULL.
 *
 * Returns: (transfer none) (nullable): a translated sentence, or %NULL
 */
const char        *cabine_session_get_call_notice      (CabineSession *self);
/** Returns: (transfer none) (nullable): why the last call ended: a data/protocol.md hangup reason,
 * or "device-failed" (the kiosk's own: a camera, microphone or speaker failed; the hub and the
 * stored record get `call-failed`). */
const char        *cabine_session_get_end_reason       (CabineSession *self);
/** Returns: (transfer none) (nullable): the current consultation's id. */
const char        *cabine_session_get_session_id       (CabineSession *self);
/** Returns: (transfer none) (nullable): the physician's video during a call. */
GdkPaintable      *cabine_session_get_remote_paintable (CabineSession *self);
/** Returns: (transfer none) (nullable): the cabin camera's self-view during a call. */
GdkPaintable      *cabine_session_get_local_paintable  (CabineSession *self);
/** Returns: (transfer none): the readings of the current consultation, a #GListModel of #CabineReading. */
GListModel        *cabine_session_get_readings         (CabineSession *self);
/** Returns: (transfer none) (nullable): the USB instruments' manager; %NULL when [devices] is off. */
CabineDeviceManager *cabine_session_get_device_manager (CabineSession *self);

/** Returns: (transfer none): the patient of the current consultation (empty between patients). */
CabinePatient     *cabine_session_get_patient          (CabineSession *self);
/** Returns: the hub's estimate of the wait in seconds, 0 when unknown (the hub sends none yet). */
guint              cabine_session_get_estimated_wait   (CabineSession *self);
/** Returns: (transfer none) (nullable): the hub's sessionId of the current consultation. */
const char        *cabine_session_get_hub_session_id   (CabineSession *self);
/** Returns: (transfer none): the kiosk's store. */
CabineStore       *cabine_session_get_store            (CabineSession *self);
/** Returns: (transfer none): the kiosk's configuration. */
CabineConfig      *cabine_session_get_config           (CabineSession *self);
/** Returns: (transfer none): the physician's remote control during calls, and the state of the
 * measurement guide the patient sees (cabine-remote.h); the same object for the session's life. */
CabineRemote      *cabine_session_get_remote           (CabineSession *self);
/** Returns: (transfer full): ids of the open USB instruments (empty when none or disabled). */
char             **cabine_session_list_devices         (CabineSession *self);

G_END_DECLS
