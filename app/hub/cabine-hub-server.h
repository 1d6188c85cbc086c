/* cabine-hub-server.h: cabine-hub's HTTP and WebSocket server (libsoup 3)
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Routes (data/protocol.md, "HTTP (hub)"): GET / and the console's static files, POST /api/login,
 * GET /api/health, and the signalling WebSocket at /ws (#CabineHubRelay). Errors are JSON
 * objects {"error": "…"} with status 400, 401, 404, 405, 411, 413 or 429 (sign-in throttling,
 * cabine-hub-throttle.h; refusals of unread bodies, cabine-hub-refuse.h).
 */
#pragma once

#include <glib-object.h>

#include "cabine-hub-config.h"
#include "cabine-hub-relay.h"

/**
 * CABINE_HUB_SERVER_IDLE_TIMEOUT_S:
 *
 * How long, in seconds, a client connection may send nothing before the hub closes it
 * (g_socket_set_timeout() on each accepted socket): an unfinished request or a silent WebSocket.
 * Peers answer the hub's WebSocket pings every 20 s.
 */
#define CABINE_HUB_SERVER_IDLE_TIMEOUT_S 90

/**
 * CABINE_HUB_SERVER_LISTEN_BACKLOG:
 *
 * Connections the kernel queues for the hub before it accepts them (listen(2) backlog; Linux caps
 * it at net.core.somaxconn, 4096 by default). libsoup's own listening socket asks for GSocket's
 * default of 10: when a restarted hub's kiosks all reconnect at once, the rest of the burst was
 * dropped and retried by the clients' TCP after a second or more (a trial: 369 of 500 WebSockets
 * open after 25 s).
 */
#define CABINE_HUB_SERVER_LISTEN_BACKLOG 4096

G_BEGIN_DECLS

/** Largest POST /api/login body accepted, in bytes. */
#define CABINE_HUB_SERVER_MAX_LOGIN_BODY (16 * 1024)

#define CABINE_TYPE_HUB_SERVER (cabine_hub_server_get_type ())
G_DECLARE_FINAL_TYPE (CabineHubServer, cabine_hub_server, CABINE, HUB_SERVER, GObject)

/**
 * cabine_hub_server_new:
 * @config: the configuration; the server takes a reference
 *
 * Returns: (transfer full): a server, not yet listening
 */
CabineHubServer *cabine_hub_server_new        (CabineHubConfig *config);

/**
 * cabine_hub_server_start:
 * @self: a #CabineHubServer
 * @error: a #GIOErrorEnum from the socket layer (e.g. %G_IO_ERROR_ADDRESS_IN_USE)
 *
 * Listens (plain HTTP) on the configured address and port, on the thread-default main context.
 *
 * Returns: %TRUE, or %FALSE with @error set
 */
gboolean         cabine_hub_server_start      (CabineHubServer *self,
                                               GError         **error);

/**
 * cabine_hub_server_stop:
 * @self: a #CabineHubServer
 *
 * Closes every WebSocket (1001 going away) and stops listening.
 */
void             cabine_hub_server_stop       (CabineHubServer *self);

/**
 * cabine_hub_server_get_port:
 * Returns: the TCP port actually bound (useful with port 0), or 0 when not listening
 */
guint16          cabine_hub_server_get_port   (CabineHubServer *self);

/** cabine_hub_server_get_relay: Returns: (transfer none): the signalling relay. */
CabineHubRelay  *cabine_hub_server_get_relay  (CabineHubServer *self);

G_END_DECLS
