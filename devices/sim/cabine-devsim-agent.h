/* cabine-devsim-agent.h: a simulated IEEE 11073-20601 agent (thermometer, IEEE 11073-10408)
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The agent side of IEEE 11073-20601 clause 8 (agent state machine, Table E.1) for a thermometer
 * in the standard configuration 0x0320 (IEEE 11073-10408 6.4): sends AARQ, expects AARE, answers
 * the manager's GET of the MDS (6.3.2.4 attributes), sends confirmed MDC_NOTI_SCAN_REPORT_FIXED
 * reports with a FLOAT body temperature (36.3–37.9 °C, one decimal) and an AbsoluteTime stamp,
 * checks each response, then releases (RLRQ/RLRE). It is transport-agnostic and not thread-safe:
 * the owner serialises calls.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum {
  CABINE_DEVSIM_AGENT_DISCONNECTED,
  CABINE_DEVSIM_AGENT_ASSOCIATING,   /* AARQ sent, waiting for AARE */
  CABINE_DEVSIM_AGENT_OPERATING,
  CABINE_DEVSIM_AGENT_RELEASING,     /* RLRQ sent */
  CABINE_DEVSIM_AGENT_DONE,          /* released or aborted: stays silent */
} CabineDevsimAgentState;

#define CABINE_TYPE_DEVSIM_AGENT (cabine_devsim_agent_get_type ())
G_DECLARE_FINAL_TYPE (CabineDevsimAgent, cabine_devsim_agent, CABINE, DEVSIM_AGENT, GObject)

/**
 * cabine_devsim_agent_new:
 * @interval_ms: time between association and the first report, and between reports
 * @count: reports to send before releasing; 0 = never release
 */
CabineDevsimAgent *cabine_devsim_agent_new (guint interval_ms, guint count);

/** cabine_devsim_agent_connect: the transport is up at @now_us (monotonic): queue the AARQ. */
void cabine_devsim_agent_connect (CabineDevsimAgent *self, gint64 now_us);

/** cabine_devsim_agent_receive: one APDU from the manager; protocol violations are counted
 * (see _get_errors) and logged. */
void cabine_devsim_agent_receive (CabineDevsimAgent *self, const guint8 *data, gsize len,
                                  gint64 now_us);

/** cabine_devsim_agent_poll: (transfer full) (nullable) the next APDU to send at @now_us. */
GBytes *cabine_devsim_agent_poll (CabineDevsimAgent *self, gint64 now_us);

CabineDevsimAgentState cabine_devsim_agent_get_state (CabineDevsimAgent *self);
/** cabine_devsim_agent_get_errors: manager responses that were wrong (invoke-id, type, …). */
guint cabine_devsim_agent_get_errors (CabineDevsimAgent *self);
/** cabine_devsim_agent_get_acknowledged: reports the manager confirmed correctly. */
guint cabine_devsim_agent_get_acknowledged (CabineDevsimAgent *self);

/**
 * cabine_devsim_agent_get_sent_report:
 * @index: 0-based report number
 * @celsius: (out): the temperature it carried
 * @frame: (out) (transfer none): the exact APDU bytes
 *
 * Returns: %FALSE when fewer reports were sent.
 */
gboolean cabine_devsim_agent_get_sent_report (CabineDevsimAgent *self, guint index,
                                              double *celsius, GBytes **frame);

/** The simulated agent's identity (strings in the MDS, see the GET response). */
#define CABINE_DEVSIM_MANUFACTURER "Cabine Simulations"
#define CABINE_DEVSIM_MODEL "SimTherm 1"
#define CABINE_DEVSIM_SERIAL "SIM-0001"
#define CABINE_DEVSIM_FIRMWARE "1.0.0"

G_END_DECLS
