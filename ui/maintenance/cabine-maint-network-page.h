/* cabine-maint-network-page.h: maintenance page testing the network: the hub's HTTP round trip
 * and the STUN/TURN servers' reachability (with libnice)
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The hub test is a GET of /api/health on the hub-url's host (data/protocol.md), timed from the
 * request to the end of the body. The STUN test sends a Binding request (RFC 5389 §7) with
 * libnice's STUN usage (stun_usage_bind_run(), in a worker thread; its own retransmission timer)
 * and reports the XOR-MAPPED-ADDRESS of the answer (RFC 5389 §15.2) and the round trip. The TURN
 * test gathers ICE candidates for one component with a libnice agent given only the TURN server
 * (RFC 8445 5.1.1) and reports the relayed candidate (an allocation granted, RFC 5766 §6), or that
 * none came within %CABINE_MAINT_NETWORK_ICE_TIMEOUT_MS.
 *
 * Reads from [media]: stun-server ("stun:HOST:PORT" as RFC 7064, "stun://HOST:PORT" as webrtcbin,
 * or "HOST[:PORT]"; port 3478 by default, the IANA STUN port, RFC 5389 §18.4; default server: the
 * hub-url's host), turn-server ("turn:HOST:PORT?transport=udp" as RFC 7065, or
 * "turn://USER:PASSWORD@HOST:PORT" as webrtcbin; no TURN test when unset; TURN over UDP only),
 * turn-username and turn-credential (when the URL has no credentials), ice-loopback (gather on
 * 127.0.0.1 only, for tests in loopback-only network namespaces).
 */
#pragma once

#include <gtk/gtk.h>

#include "cabine-session.h"

G_BEGIN_DECLS

#define CABINE_MAINT_NETWORK_ICE_TIMEOUT_MS 8000

#define CABINE_TYPE_MAINT_NETWORK_PAGE (cabine_maint_network_page_get_type ())
G_DECLARE_FINAL_TYPE (CabineMaintNetworkPage, cabine_maint_network_page, CABINE, MAINT_NETWORK_PAGE, GtkBox)

/** Returns: (transfer floating): the page, for @session (a reference is kept). */
GtkWidget  *cabine_maint_network_page_new        (CabineSession *session);

/** cabine_maint_network_page_run: starts both tests (what the page's button does, and what
 * showing the page does); a test still running is cancelled first. */
void        cabine_maint_network_page_run        (CabineMaintNetworkPage *self);

/** Returns: whether both tests have finished since the last run (or none was run); for tests. */
gboolean    cabine_maint_network_page_is_done    (CabineMaintNetworkPage *self);

/** Returns: (transfer none) (nullable): the server-reflexive address ("IP:PORT") found by the last
 * test, %NULL when none; for tests. */
const char *cabine_maint_network_page_get_srflx  (CabineMaintNetworkPage *self);

/** Returns: (transfer none) (nullable): the relayed address found by the last test; for tests. */
const char *cabine_maint_network_page_get_relay  (CabineMaintNetworkPage *self);

G_END_DECLS
