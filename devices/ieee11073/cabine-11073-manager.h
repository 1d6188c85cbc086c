/* cabine-11073-manager.h: IEEE 11073-20601 manager state machine for one agent
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The manager side of IEEE 11073-20601:2019 clause 8 (communication model) and 8.4 (the manager
 * state machine, Table E.2): Disassociated → Associating (AARQ received) → Configuring (unknown
 * configuration: waiting for MDC_NOTI_CONFIG, TO_config = 10 s, 8.4.4) → Operating → Disassociating
 * (RLRQ sent, waiting for RLRE) → Disassociated. Timers run on the thread-default main context of
 * the caller of cabine_agent_session_new(). I/O is abstract: received APDUs are fed in with
 * cabine_agent_session_receive(); APDUs to send leave through the ::send-apdu signal.
 */
#pragma once

#include <glib-object.h>
#include "cabine-measurement.h"

G_BEGIN_DECLS

#define CABINE_AGENT_SESSION_ERROR (cabine_agent_session_error_quark ())

/** CabineAgentSessionError: errors of %CABINE_AGENT_SESSION_ERROR (the ::aborted signal). */
typedef enum {
  CABINE_AGENT_SESSION_ERROR_PROTOCOL, /* undecodable or out-of-state APDU: manager aborted */
  CABINE_AGENT_SESSION_ERROR_TIMEOUT,  /* association, configuration or response timeout */
  CABINE_AGENT_SESSION_ERROR_ABORTED,  /* the agent sent ABRT */
  CABINE_AGENT_SESSION_ERROR_REJECTED, /* the association was refused */
  CABINE_AGENT_SESSION_ERROR_NOT_READY, /* request_mds(): not Operating, or a GET is pending */
  CABINE_AGENT_SESSION_ERROR_REFUSED,  /* ::mds-result: the agent answered the GET with roer
                                          (0x0300) or rorj (0x0400), 20601 A.10.1 DataApdu */
} CabineAgentSessionError;

GQuark cabine_agent_session_error_quark (void);

/** CabineAgentState: manager states (20601 8.4, Figure 8.x). */
typedef enum {
  CABINE_AGENT_STATE_DISASSOCIATED,
  CABINE_AGENT_STATE_ASSOCIATING,
  CABINE_AGENT_STATE_CONFIGURING,
  CABINE_AGENT_STATE_OPERATING,
  CABINE_AGENT_STATE_DISASSOCIATING,
} CabineAgentState;

const char *cabine_agent_state_to_string (CabineAgentState state);

#define CABINE_TYPE_AGENT_SESSION (cabine_agent_session_get_type ())
G_DECLARE_FINAL_TYPE (CabineAgentSession, cabine_agent_session, CABINE, AGENT_SESSION, GObject)

/**
 * cabine_agent_session_new:
 * @manager_system_id: (array fixed-size=8): the manager's EUI-64, sent in AARE
 *
 * Signals (emitted on the thread-default context of the caller):
 * - ::send-apdu (GBytes *apdu): bytes to write to the agent, in order.
 * - ::measurement (CabineMeasurement *m): one decoded reading; emitted only once the whole scan
 *   report decoded, after the confirmed report was answered.
 * - ::state-changed (guint old_state, guint new_state)
 * - ::aborted (const GError *error): the association ended abnormally (ABRT sent or received).
 * - ::mds-result (const GError *error): the answer to a GET of the MDS attributes (the one sent on
 *   entering Operating, or cabine_agent_session_request_mds()'s) arrived: %NULL when decoded
 *   (the getters below are updated), %CABINE_AGENT_SESSION_ERROR_REFUSED when the agent refused
 *   it. A GET left unanswered for the response timeout aborts the association (::aborted).
 *
 * Returns: (transfer full): a session in the Disassociated state.
 */
CabineAgentSession *cabine_agent_session_new (const guint8 *manager_system_id);

/**
 * cabine_agent_session_set_source:
 * Provenance copied into every measurement (see cabine_measurement_set_source()).
 */
void cabine_agent_session_set_source (CabineAgentSession *self, const char *transport,
                                      guint16 usb_vid, guint16 usb_pid);

/**
 * cabine_agent_session_set_state_dir:
 * @dir: (nullable): a directory for the extended configurations this manager accepted
 *   (cabine-11073-config-store.h), or %NULL to keep them in memory only (the default)
 *
 * With a directory, an accepted MDC_NOTI_CONFIG is also written there, and an AARQ announcing an
 * extended configuration this agent (same system-id) sent in an earlier run is answered
 * "accepted" at once (20601 8.5.3). A corrupt file is ignored with a warning and the agent is
 * asked for its configuration; a write failure is logged and does not stop the association.
 */
void cabine_agent_session_set_state_dir (CabineAgentSession *self, const char *dir);

/**
 * cabine_agent_session_set_timeouts:
 * @association_ms: time allowed from cabine_agent_session_start() to the AARQ (default 10000);
 *   a silent agent is then aborted with reason undefined (0): 20601 defines no association timer
 *   for the manager, and the agent must not be left half open
 * @config_ms: TO_config (20601 8.4.4, default 10000): abort reason configuration-timeout (3)
 * @response_ms: time for the agent to answer the manager's GET (TO_get, default 3000): abort
 *   reason response-timeout (2)
 */
void cabine_agent_session_set_timeouts (CabineAgentSession *self, guint association_ms,
                                        guint config_ms, guint response_ms);

/** cabine_agent_session_start: the transport is up; arm the association timer. */
void cabine_agent_session_start (CabineAgentSession *self);

/**
 * cabine_agent_session_receive:
 * @data: (array length=len): one APDU from the agent
 * @error: (optional): %CABINE_MDER_ERROR for an undecodable APDU (the session has then sent ABRT
 *   undefined and returned to Disassociated), %CABINE_AGENT_SESSION_ERROR_PROTOCOL for an APDU not
 *   allowed in the current state (also aborted)
 *
 * Returns: %FALSE when the APDU was refused (and the association aborted).
 */
gboolean cabine_agent_session_receive (CabineAgentSession *self, const guint8 *data, gsize len,
                                       GError **error);

/**
 * cabine_agent_session_request_mds:
 * @error: %CABINE_AGENT_SESSION_ERROR_NOT_READY when not Operating or a GET is already pending
 *
 * Sends a roiv-cmip-get of all attributes of the MDS (obj-handle 0; IEEE 11073-20601 8.5.2 and
 * A.10.3): the answer comes as ::mds-result. Used as a self-test of the agent.
 *
 * Returns: %TRUE when the GET was sent.
 */
gboolean cabine_agent_session_request_mds (CabineAgentSession *self, GError **error);

/** cabine_agent_session_release: manager-initiated release: sends RLRQ normal when associated. */
void cabine_agent_session_release (CabineAgentSession *self);

/** cabine_agent_session_transport_lost: the agent vanished: back to Disassociated silently;
 * timers stop, nothing is emitted but ::state-changed. */
void cabine_agent_session_transport_lost (CabineAgentSession *self);

CabineAgentState cabine_agent_session_get_state (CabineAgentSession *self);
/** cabine_agent_session_get_dev_config_id: of the current association, 0 when none. */
guint16 cabine_agent_session_get_dev_config_id (CabineAgentSession *self);
/** MDS information learnt by GET (nullable, transfer none). */
const char *cabine_agent_session_get_manufacturer (CabineAgentSession *self);
const char *cabine_agent_session_get_model (CabineAgentSession *self);
const char *cabine_agent_session_get_serial (CabineAgentSession *self);
const char *cabine_agent_session_get_firmware (CabineAgentSession *self);

G_END_DECLS
