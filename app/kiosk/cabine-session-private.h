/* cabine-session-private.h: what the parts of CabineSession share
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * CabineSession is one GObject spread over files by concern: cabine-session.c (states, GObject,
 * the patient's journey), cabine-session-hub.c (queue, hub messages, hub connection),
 * cabine-session-call.c (call set-up, signalling, data channel, quality), cabine-session-recovery.c
 * (re-establishing a stalled call), cabine-session-readings.c (committing instruments' readings,
 * never dropping one) and cabine-session-exam.c (the physician's source switches and snapshots).
 */
#pragma once

#include "cabine-config.h"

#include "cabine-call.h"
#include "cabine-call-sources.h"
#include "cabine-call-stats.h"
#include "cabine-camera-button.h"
#include "cabine-camera-monitor.h"
#include "cabine-device-manager.h"
#include "cabine-fhir.h"
#include "cabine-measurement.h"
#include "cabine-media-error.h"
#include "cabine-observation.h"
#include "cabine-outbox.h"
#include "cabine-patient.h"
#include "cabine-protocol.h"
#include "cabine-questionnaire.h"
#include "cabine-reading.h"
#include "cabine-remote.h"
#include "cabine-session.h"
#include "cabine-signalling.h"

G_BEGIN_DECLS

/* How long a consultation's first call may take to connect (ICE) after the physician's accept:
 * longer means no answer came, the answer was refused, or no network path exists, and the call
 * ends as call-failed rather than leave the patient on "Connecting to the doctor…". The same
 * bound as [media] call-recovery-seconds' default. */
#define CABINE_SESSION_CALL_SETUP_S 45
/* At most this many `signal-refused` per call (the first one or a recovery attempt's): one for
 * each answer or candidate refused, then only the log, so that a physician's console that sends
 * nothing but bad candidates cannot make the kiosk send without end. */
#define CABINE_SESSION_MAX_SIGNAL_REFUSALS 16
/* Seconds after the connection without the physician's video before the patient is told the
 * doctor's camera is off (the physician's browser has no camera or was refused it). */
#define CABINE_SESSION_NO_VIDEO_S 5

struct _CabineSession
{
  GObject              parent_instance;

  CabineConfig        *config;
  CabineStore         *store;
  CabineSignalling    *signalling;
  CabineDeviceManager *devices;
  CabineCall          *call;
  CabineCall          *lingering_call;  /* ended while the hub was away: stopped once its */
  guint                linger_id;       /* `call-end` had CABINE_SESSION_CALL_END_LINGER_MS */

  CabineSessionState   state;
  char                *language;
  char                *reason;
  char                *session_id;     /* the kiosk's local UUID of the consultation */
  char                *hub_session_id; /* the hub's sessionId (from queued) */
  CabinePatient       *patient;
  JsonObject          *questionnaire;
  guint                estimated_wait_s;
  gboolean             joined;        /* join-queue sent on the current connection */
  /* Signalling interruptions during a call (data/protocol.md "Signalling interruption") */
  gint64               signalling_lost_us; /* when the hub was lost during the call; 0: not lost */
  gboolean             resume_pending;  /* `resume` sent on this connection, not answered yet */
  gboolean             peer_away;       /* the physician's connection to the hub is interrupted */
  gint64               peer_away_us;    /* when they went away (g_get_monotonic_time ()) */
  char                *deferred_hangup_id;     /* a call ended while the hub was unreachable: */
  char                *deferred_hangup_reason; /* told to the hub on the next connection */
  guint                queue_position;
  char                *physician;
  char                *end_reason;
  gboolean             data_channel_open;
  gint64               call_started_us;
  guint                resend_id;
  GListStore          *readings;
  GQueue               pending;        /* PendingReading not yet committed, oldest first */
  guint                pending_retry_id;
  gboolean             pending_failing;
  CabineOutbox        *outbox;         /* uploads finished consultations (cabine-outbox.h) */
  CabineRemote        *remote;         /* the physician's remote control (cabine-remote.h) */
  GCancellable        *snapshot_cancel;
  guint                quality_id;
  guint                quality_samples;
  gboolean             call_connected;  /* ICE connected at least once, not disconnected since */
  guint                stalled_samples; /* quality samples in a row with nothing received */
  gboolean             media_seen;      /* the physician's media has arrived in this call */
  guint                signal_refusals; /* answers and candidates of self->call refused */
  /* Recovery of a call whose media stopped (cabine-session-recovery.c) */
  JsonArray           *ice_servers;     /* the hub's iceServers for this call, for new attempts */
  guint                call_attempt;    /* 0: the first offer; n: the n-th recovery attempt */
  gint64               recovery_started_us; /* g_get_monotonic_time(), 0 when not recovering */
  guint                recovery_attempts;   /* attempts made by the current recovery */
  guint                recovery_id;     /* timer of the next attempt or of giving up */
  guint                snapshot_notice_id; /* while set, the call notice says a picture was taken */
  gint64               attempt_started_us; /* when the current attempt's offer was made */
  guint                failed_end_id;   /* ends a call whose pipeline failed, unless a hangup comes */
  char                *call_error;      /* what failed, logged as a warning if the call ends for it */
  guint                call_setup_id;   /* ends a first call not connected within call_setup_s */
  guint                call_setup_s;    /* CABINE_SESSION_CALL_SETUP_S; tests shorten it */
  guint                no_video_id;     /* after the connection, waits for the physician's video */
  guint                no_video_s;      /* CABINE_SESSION_NO_VIDEO_S; tests shorten it */
  gboolean             no_video;        /* connected, and no video from the physician since */
  /* The statistics of the consultation's call legs (the first call, then one per recovery attempt
   * that was started), summed: kept with the session after each leg (data/protocol.md "Records"). */
  CabineCallStats      stats_total;     /* first_remote_frame_us unused */
  gint64               first_frame_ms;  /* the first leg's time to the physician's first frame, or -1 */
  guint                call_legs;
  guint                leg_attempt;     /* call_attempt of self->call */
  gint64               leg_started_us;  /* when self->call was set up (g_get_monotonic_time ()) */
  /* What the physician chose (cabine-session-exam.c), re-applied on a recovered call */
  char                *exam_source;     /* the source asked for and applied; NULL: the room camera */
  gboolean             stethoscope_on;  /* the stethoscope asked for on and applied */
  /* Exam cameras and their snapshot buttons (cabine-session-exam.c) */
  CabineCameraMonitor *cameras;
  CabineCameraButton  *camera_buttons[CABINE_CAMERA_N_ROLES];
};

/* The properties of CabineSession (cabine-session.c), notified from the other parts. */
typedef enum {
  CABINE_SESSION_PROP_0,
  CABINE_SESSION_PROP_STATE,
  CABINE_SESSION_PROP_QUEUE_POSITION,
  CABINE_SESSION_PROP_HUB_CONNECTED,
  CABINE_SESSION_PROP_PHYSICIAN,
  CABINE_SESSION_PROP_REMOTE_PAINTABLE,
  CABINE_SESSION_PROP_ESTIMATED_WAIT,
  CABINE_SESSION_PROP_CALL_NOTICE,
  CABINE_SESSION_N_PROPS
} CabineSessionProperty;

/* cabine-session.c */
void cabine_session_notify_property   (CabineSession         *self,
                                       CabineSessionProperty  prop);
/* Sets the state (notifies `state` when it changes, logs the transition). */
void cabine_session_set_state         (CabineSession      *self,
                                       CabineSessionState  state);
/* Sets the queue position (notifies `queue-position` when it changes); 0: not queued. */
void cabine_session_set_queue_position (CabineSession *self,
                                        guint          position);
/* Ends the consultation (tells the hub when @tell_hub) with @reason. */
void cabine_session_end_consultation  (CabineSession *self,
                                       const char    *reason,
                                       gboolean       tell_hub);
/* Notifies the `call-notice` property (the kiosk's "reconnecting…"). */
void cabine_session_notify_call_notice (CabineSession *self);
/* Tells the patient, through the call notice for a few seconds, that a picture was stored. */
void cabine_session_announce_snapshot  (CabineSession *self);

/* cabine-session-hub.c */
/* Connects the session to self->signalling's messages and connection changes (once, at creation). */
void cabine_session_hub_attach        (CabineSession *self);
/* Sends @msg (borrowed) to the hub; a failure is logged as a warning. */
void cabine_session_send_hub_message  (CabineSession *self,
                                       JsonObject    *msg);
/* Sends `join-queue` (reason, language, questionnaire) on the current connection. */
void cabine_session_join_queue        (CabineSession *self);
/* A call begins: no signalling interruption, the physician present. */
void cabine_session_hub_call_reset    (CabineSession *self);
/* The call of hub session @hub_session_id ends with @reason while the hub is unreachable: on the
 * next connection the kiosk resumes it and sends `hangup` @reason, so that the physician learns
 * at once that the consultation ended (rather than after the hub's resume-seconds). */
void cabine_session_hub_defer_hangup  (CabineSession *self,
                                       const char    *hub_session_id,
                                       const char    *reason);

/* cabine-session-call.c */
/* How long a call ended while the hub is unreachable keeps its pipeline after its `call-end`
 * (ms): SCTP sends from its own thread, and a pipeline stopped at once loses the message. */
#define CABINE_SESSION_CALL_END_LINGER_MS 1000
/* `session-started` (@msg, borrowed): the physician takes the call; makes the first offer. */
void cabine_session_start_call        (CabineSession *self,
                                       JsonObject    *msg);
/* Stops the current call, if any, keeping its statistics with the session. */
void cabine_session_stop_call         (CabineSession *self);
/* Like cabine_session_stop_call(), after telling the physician over the data channel that the
 * call ended for @reason (`call-end`, data/protocol.md "Remote control"), for when the hub cannot
 * carry the hangup: the call's pipeline is stopped CABINE_SESSION_CALL_END_LINGER_MS later, for
 * the message to leave. Without an open data channel, stops at once. */
void cabine_session_stop_call_telling (CabineSession *self,
                                       const char    *reason);
/* Stops a call cabine_session_stop_call_telling() left running, now. */
void cabine_session_stop_lingering_call (CabineSession *self);
/* Sends the physician the readings the console has not acknowledged (data channel open only). */
void cabine_session_send_unacked      (CabineSession *self);
/* Sends the physician, over the data channel only (never through the hub), who the patient is:
 * `patient-identity` of data/protocol.md. Each time the channel opens. (cabine-session-exam.c) */
void cabine_session_send_identity     (CabineSession *self);
/* Keeps @event (a call event name of data/protocol.md "Records") with its @detail with the session. */
void cabine_session_record_call_event (CabineSession *self,
                                       const char    *event,
                                       JsonObject    *detail /* nullable, borrowed */);
/* Replaces self->call by a new call (from self->ice_servers) and starts it; the remote control,
 * the readings and the record stay. FALSE (warning logged) when it could not be started. */
gboolean cabine_session_open_call     (CabineSession *self);

/* cabine-session-recovery.c: re-establishing a call whose media stopped (data/protocol.md,
 * "Recovery"). A recovery makes a new attempt (a new webrtcbin, a fresh offer with new ICE
 * credentials and "restart": true) every CABINE_SESSION_RECOVERY_ATTEMPT_S while the hub is
 * reachable, until media flows again or [media] call-recovery-seconds have passed (then the call
 * ends as call-failed). Each one is kept as "recovery-started" / "recovery-ended" call events. */
#define CABINE_SESSION_RECOVERY_ATTEMPT_S 10
/* Media stalled for a while: starts a recovery. FALSE when recovery is disabled by the config. */
gboolean cabine_session_recovery_begin     (CabineSession *self,
                                            const char    *cause);
/* An answer that comes this long (s) after its attempt's offer makes a new attempt at once. */
#define CABINE_SESSION_RECOVERY_LATE_ANSWER_S 3
/* The physician answered the current attempt's offer. */
void     cabine_session_recovery_answered  (CabineSession *self);
/* The current attempt's media arrived: the recovery succeeded. Does nothing when not recovering. */
void     cabine_session_recovery_succeeded (CabineSession *self);
/* The consultation ends (@reason) during a recovery: records its outcome, stops its timer. */
void     cabine_session_recovery_abandon   (CabineSession *self,
                                            const char    *reason);
gboolean cabine_session_recovering         (CabineSession *self);
/* Both peers are attached to the call again (the kiosk resumed it with the physician present, or
 * the physician came back): a recovery in progress makes its next attempt at once, as the offers
 * of the interruption could not reach the physician. Does nothing when not recovering. */
void     cabine_session_recovery_peers_back (CabineSession *self);
/* Whether an `answer` or `ice` from the physician belongs to the current attempt ("attempt"
 * absent means 0, the first offer). */
gboolean cabine_session_recovery_is_current (CabineSession *self,
                                             JsonObject    *msg);

/* cabine-session-readings.c */
void cabine_session_on_measurement    (CabineDeviceManager *devices,
                                       CabineMeasurement   *m,
                                       CabineSession       *self);
void cabine_session_flush_pending     (CabineSession *self);
/* At dispose: one last try, then what could not be stored is reported and freed. */
void cabine_session_drop_pending      (CabineSession *self);

/* cabine-session-exam.c */
/* The device manager's instruments, told to the remote (a request for an absent one fails). */
void cabine_session_instruments_attach (CabineSession *self);
void cabine_session_on_source_switch_requested (CabineRemote  *remote,
                                                const char    *request_id,
                                                const char    *source,
                                                CabineSession *self);
void cabine_session_on_stethoscope_requested   (CabineRemote  *remote,
                                                const char    *request_id,
                                                gboolean       enabled,
                                                CabineSession *self);
void cabine_session_on_snapshot_requested      (CabineRemote  *remote,
                                                const char    *request_id,
                                                CabineSession *self);
/* The cabin's cameras: roles from [cameras], their buttons; started once with the session. */
void cabine_session_cameras_start              (CabineSession *self);
void cabine_session_cameras_stop               (CabineSession *self);
/* A new call (first or recovery attempt): gets the exam cameras; its `source-lost` is relayed. */
void cabine_session_cameras_attach             (CabineSession *self);
/* A recovery attempt's call has started: switches it to the source and the stethoscope state the
 * physician had chosen on the call it replaces (a failure is logged; reported at success). */
void cabine_session_exam_reapply               (CabineSession *self);
/* The recovery succeeded: when the physician had chosen another source than the room camera or
 * the stethoscope on, tells them (`source-switched` / `stethoscope-switched`, requestId null) what
 * the recovered call sends, and keeps it as "source-restored" / "stethoscope-restored" call events. */
void cabine_session_exam_report_reapplied      (CabineSession *self);
/* The snapshot button of the exam camera @role was pressed: when that camera is the one sent
 * during a call, takes a still, stores it with the session, and sends it as an unsolicited
 * `snapshot` (requestId null); otherwise does nothing. */
void cabine_session_on_camera_button           (CabineSession    *self,
                                                CabineCameraRole  role);

G_END_DECLS
