/* cabine-session-private.h: what the parts of CabineSession share
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * CabineSession is one GObject spread over three files by concern: cabine-session.c (states, hub,
 * call), cabine-session-readings.c (committing instruments' readings, never dropping one) and
 * cabine-session-exam.c (the physician's source switches and snapshots).
 */
#pragma once

#include "cabine-config.h"

#include "cabine-call.h"
#include "cabine-call-sources.h"
#include "cabine-call-stats.h"
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

struct _CabineSession
{
  GObject              parent_instance;

  CabineConfig        *config;
  CabineStore         *store;
  CabineSignalling    *signalling;
  CabineDeviceManager *devices;
  CabineCall          *call;

  CabineSessionState   state;
  char                *language;
  char                *reason;
  char                *session_id;     /* the kiosk's local UUID of the consultation */
  char                *hub_session_id; /* the hub's sessionId (from queued) */
  CabinePatient       *patient;
  JsonObject          *questionnaire;
  guint                estimated_wait_s;
  gboolean             joined;        /* join-queue sent on the current connection */
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
};

/* cabine-session.c */
void cabine_session_send_unacked      (CabineSession *self);
void cabine_session_record_call_event (CabineSession *self,
                                       const char    *event,
                                       JsonObject    *detail /* nullable, borrowed */);

/* cabine-session-readings.c */
void cabine_session_on_measurement    (CabineDeviceManager *devices,
                                       CabineMeasurement   *m,
                                       CabineSession       *self);
void cabine_session_flush_pending     (CabineSession *self);
/* At dispose: one last try, then what could not be stored is reported and freed. */
void cabine_session_drop_pending      (CabineSession *self);

/* cabine-session-exam.c */
void cabine_session_on_source_switch_requested (CabineRemote  *remote,
                                                const char    *request_id,
                                                const char    *source,
                                                CabineSession *self);
void cabine_session_on_snapshot_requested      (CabineRemote  *remote,
                                                const char    *request_id,
                                                CabineSession *self);

G_END_DECLS
