/* cabine-hub-refuse.h: refusing a request before libsoup reads its body
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libsoup 3.2 reads a request's whole body once its headers are read, even when an early handler
 * has already set an error status (only `Expect: 100-continue` requests are answered first). A hub
 * that must refuse a 300 MB body would buffer it: instead the connection is taken from libsoup
 * (soup_server_message_steal_connection()), the answer is written at once, and the socket is
 * closed after a short, bounded drain of what the client already sent (so that closing does not
 * reset the connection before the client has read the answer, RFC 9112 §9.6 "Tear-down").
 */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

/** Most bytes of an unwanted body read (and dropped) before a refused connection is closed. */
#define CABINE_HUB_REFUSE_DRAIN_MAX (256 * 1024)
/** Longest wait for the client to close after a refusal, in milliseconds. */
#define CABINE_HUB_REFUSE_DRAIN_MS  2000

/**
 * cabine_hub_refuse_unread:
 * @msg: a request whose headers are read and whose body is not (call it from an early handler)
 * @status: the HTTP status, e.g. 400, 411 or 413
 * @message: the text of the JSON body `{"error": message}`
 *
 * Answers @msg with @status, `Connection: close` and the JSON body, without reading the request
 * body into memory, then closes the connection. @msg must not be used afterwards: libsoup no longer
 * owns its connection and never calls its handlers.
 */
void  cabine_hub_refuse_unread (SoupServerMessage *msg,
                                guint              status,
                                const char        *message);

G_END_DECLS
