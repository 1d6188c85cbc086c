/* cabine-devsim-agent.h: a simulated IEEE 11073-20601 agent in a standard configuration
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The agent side of IEEE 11073-20601 clause 8 (agent state machine, Table E.1) for one of the
 * standard configurations: thermometer 0x0320 (10408), blood pressure 0x02BC (10407), pulse
 * oximeter 0x0190 (10404), scale 0x05DC (10415). It sends AARQ, expects AARE, answers the
 * manager's GET of the MDS (6.3.2.4 attributes), sends confirmed MDC_NOTI_SCAN_REPORT_FIXED
 * reports laid out by the configuration's attribute-value-maps (cabine-11073-config.h: FLOAT for
 * simple numerics, SFLOAT for basic ones, compound SFLOATs, AbsoluteTime stamps) with plausible
 * random values, checks each response, then releases (RLRQ/RLRE). It is transport-agnostic and not
 * thread-safe: the owner serialises calls.
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

/** CabineDevsimKind: the simulated instrument. */
typedef enum {
  CABINE_DEVSIM_KIND_THERMOMETER,    /* 36.3–37.9 °C */
  CABINE_DEVSIM_KIND_BLOOD_PRESSURE, /* systolic 105–140, diastolic 65–90 mmHg, MAP, pulse 55–95 */
  CABINE_DEVSIM_KIND_PULSE_OXIMETER, /* SpO2 94–99 %, pulse 55–95 bpm */
  CABINE_DEVSIM_KIND_SCALE,          /* 55.0–95.0 kg */
} CabineDevsimKind;

/**
 * CabineDevsimProfile:
 * @name: "thermometer", "blood-pressure", "pulse-oximeter", "scale"
 * @dev_config_id: the standard configuration spoken
 * @specialization: the IEEE 11073-104zz specialisation code (MDC_DEV_SPEC_PROFILE_*, partition
 *   INFRA: 0x1008 thermometer, 0x1007 blood pressure, 0x1004 pulse oximeter, 0x100F scale), used
 *   in the PHDC function extension descriptor and MDC_ATTR_SYS_TYPE_SPEC_LIST
 * @usb_pid: product id under the pid.codes test vendor 0x1209 (test PIDs 0x0001–0x0004)
 * @model, @serial: MDS model-number and serial-number strings
 * @system_id_tag: last byte of the agent's EUI-64 system-id (distinct per kind)
 */
typedef struct {
  const char *name;
  guint16 dev_config_id;
  guint16 specialization;
  guint16 usb_pid;
  const char *model;
  const char *serial;
  guint8 system_id_tag;
} CabineDevsimProfile;

/** cabine_devsim_profile: (transfer none) the static profile of @kind. */
const CabineDevsimProfile *cabine_devsim_profile (CabineDevsimKind kind);

#define CABINE_TYPE_DEVSIM_AGENT (cabine_devsim_agent_get_type ())
G_DECLARE_FINAL_TYPE (CabineDevsimAgent, cabine_devsim_agent, CABINE, DEVSIM_AGENT, GObject)

/**
 * cabine_devsim_agent_new:
 * @interval_ms: time between association and the first report, and between reports
 * @count: reports to send before releasing; 0 = never release
 *
 * A thermometer agent (same as cabine_devsim_agent_new_kind() with THERMOMETER).
 */
CabineDevsimAgent *cabine_devsim_agent_new (guint interval_ms, guint count);

/** cabine_devsim_agent_new_kind: an agent simulating @kind. (transfer full) */
CabineDevsimAgent *cabine_devsim_agent_new_kind (CabineDevsimKind kind, guint interval_ms,
                                                 guint count);

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
 * @celsius: (out): the first value it carried (°C for the thermometer; systolic mmHg, SpO2 %,
 *   kg for the others)
 * @frame: (out) (transfer none): the exact APDU bytes
 *
 * Returns: %FALSE when fewer reports were sent.
 */
gboolean cabine_devsim_agent_get_sent_report (CabineDevsimAgent *self, guint index,
                                              double *celsius, GBytes **frame);

/** The simulated agent's identity (strings in the MDS, see the GET response). */
#define CABINE_DEVSIM_MANUFACTURER "Cabine Simulations"
#define CABINE_DEVSIM_MODEL "SimTherm 1"      /* the thermometer's; see CabineDevsimProfile */
#define CABINE_DEVSIM_SERIAL "SIM-0001"
#define CABINE_DEVSIM_FIRMWARE "1.0.0"

G_END_DECLS
