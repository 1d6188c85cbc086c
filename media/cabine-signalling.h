/* cabine-signalling.h: the kiosk's WebSocket client to the hub
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Speaks the signalling protocol of data/protocol.md ("Signalling"): sends `hello` with role
 * "kiosk" on every connection, waits for `welcome`, then relays messages both ways. Reconnects for
 * ever with exponential backoff until cabine_signalling_stop().
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/** First reconnection delay, in milliseconds; doubled after each failed attempt. */
#define CABINE_SIGNALLING_BACKOFF_MIN_MS 500
/** Largest reconnection delay, in milliseconds (also used after a `not-authorized` refusal). */
#define CABINE_SIGNALLING_BACKOFF_MAX_MS 10000
/** Largest reconnection delay while urgent (cabine_signalling_set_urgent()), in milliseconds: a
 * call waiting to be resumed has the hub's `[hub] resume-seconds` (default 60) to do it. */
#define CABINE_SIGNALLING_BACKOFF_URGENT_MAX_MS 2000
/** Interval of WebSocket pings that detect a dead hub, in seconds (RFC 6455 §5.5.2). */
#define CABINE_SIGNALLING_KEEPALIVE_S 15

#define CABINE_TYPE_SIGNALLING (cabine_signalling_get_type ())
G_DECLARE_FINAL_TYPE (CabineSignalling, cabine_signalling, CABINE, SIGNALLING, GObject)

/**
 * cabine_signalling_new:
 * @hub_url: the hub's WebSocket URL, `ws://host:port/ws` or `wss://…` (checked by
 *   cabine_signalling_start())
 * @kiosk_id: this kiosk's id (`kioskId` of `hello`)
 * @token: this kiosk's secret (`token` of `hello`)
 *
 * Creates a client; nothing happens until cabine_signalling_start(). Signals are emitted from the
 * thread-default main context of the caller.
 *
 * Properties: `connected` (boolean, read-only; %TRUE between `welcome` and the socket's close),
 * `last-error` (#GError boxed, read-only, nullable; the hub's last refusal or the last connection
 * failure, cleared by `welcome`).
 *
 * Signals:
 * - `message (const char *type, JsonObject *msg)`: every message received after `welcome`; @msg
 *   is borrowed for the emission.
 * - `connection-changed (gboolean connected)`: emitted when `connected` changes.
 *
 * Returns: (transfer full): a new #CabineSignalling
 */
CabineSignalling *cabine_signalling_new            (const char        *hub_url,
                                                    const char        *kiosk_id,
                                                    const char        *token);

/**
 * cabine_signalling_start:
 * @self: a #CabineSignalling
 * @error: %CABINE_MEDIA_ERROR_INVALID_ARGUMENT when the URL is not a ws:// or wss:// URL or the id
 *   or token is empty; %CABINE_MEDIA_ERROR_WRONG_STATE when already started
 *
 * Connects and keeps connecting: after a failure or a close, waits the backoff delay (0.5 s doubling
 * to 10 s, minus up to 25 % random jitter; back to 0.5 s after a `welcome`; straight to 10 s after
 * an `error` `not-authorized` reply, data/protocol.md "Authentication") and tries again.
 *
 * Returns: %TRUE when started
 *
 * A hub whose TLS certificate does not verify against the CA (cabine_signalling_set_ca_file())
 * is not connected to: `last-error` becomes a %G_TLS_ERROR_BAD_CERTIFICATE error whose message
 * names the problem (cabine_signalling_describe_tls_errors()), logged once with g_warning(), and
 * the client keeps retrying with backoff.
 */
gboolean          cabine_signalling_start          (CabineSignalling  *self,
                                                    GError           **error);

/**
 * cabine_signalling_set_ca_file:
 * @self: a #CabineSignalling, not started
 * @ca_file: (nullable): PEM file of the CA certificate(s) a `wss://` hub's certificate must chain
 *   to (`[kiosk] hub-ca`, the same file app/kiosk/cabine-outbox.h uses; e.g. the `ca.pem`
 *   `cabine-hub --make-self-signed DIR` writes); %NULL for the system's CAs (the default)
 * @error: %CABINE_MEDIA_ERROR_INVALID_ARGUMENT when the file cannot be read as PEM certificates
 *   (the message names the file and GIO's reason); %CABINE_MEDIA_ERROR_WRONG_STATE once started
 *
 * Sets the TLS database (g_tls_file_database_new()) of the client's connections. Irrelevant to
 * `ws://` URLs, which stay usable for local development.
 *
 * Returns: %TRUE when set
 */
gboolean          cabine_signalling_set_ca_file    (CabineSignalling  *self,
                                                    const char        *ca_file,
                                                    GError           **error);

/**
 * cabine_signalling_describe_tls_errors:
 * @flags: the #GTlsCertificateFlags a certificate verification reported
 *
 * Returns: (transfer full): the problems in English, comma-separated, e.g. "signed by an unknown
 *   certificate authority, expired"; "not trusted" when @flags has no known bit
 */
char             *cabine_signalling_describe_tls_errors (GTlsCertificateFlags flags);

/**
 * cabine_signalling_stop:
 * @self: a #CabineSignalling
 *
 * Closes the socket (close code 1000) and stops reconnecting. `connection-changed` is emitted
 * when it was connected; no signal is emitted afterwards. Safe to call twice or before start.
 */
void              cabine_signalling_stop           (CabineSignalling  *self);

/**
 * cabine_signalling_send:
 * @self: a #CabineSignalling
 * @msg: (transfer none): a message object with a "type" member
 * @error: %CABINE_MEDIA_ERROR_NOT_CONNECTED before `welcome`, or once the socket is closing or closed;
 *   %CABINE_PROTOCOL_ERROR_TOO_LARGE over %CABINE_PROTOCOL_MAX_MESSAGE_SIZE
 *
 * Sends @msg as one text frame.
 *
 * Returns: %TRUE when queued on the socket
 */
gboolean          cabine_signalling_send           (CabineSignalling  *self,
                                                    JsonObject        *msg,
                                                    GError           **error);

/**
 * cabine_signalling_get_connected:
 * @self: a #CabineSignalling
 *
 * Returns: the `connected` property
 */
gboolean          cabine_signalling_get_connected  (CabineSignalling  *self);

/**
 * cabine_signalling_get_last_error:
 * @self: a #CabineSignalling
 *
 * Returns: (transfer none) (nullable): the `last-error` property: a %CABINE_MEDIA_ERROR_REFUSED
 *   error whose message is "<code>: <text>" of the hub's `error` reply, or the GIO/libsoup error
 *   of the last failed connection attempt
 */
const GError     *cabine_signalling_get_last_error (CabineSignalling  *self);

/**
 * cabine_signalling_get_next_delay_ms:
 * @self: a #CabineSignalling
 *
 * Returns: the un-jittered delay, in milliseconds, before the next reconnection attempt (what the
 *   backoff stands at now); for diagnostics and tests
 */
guint             cabine_signalling_get_next_delay_ms (CabineSignalling *self);

/**
 * cabine_signalling_set_urgent:
 * @self: a #CabineSignalling
 * @urgent: whether reconnecting is urgent (the kiosk is in a call, which it must resume within
 *   the hub's `[hub] resume-seconds`, data/protocol.md "Signalling interruption")
 *
 * While urgent, the reconnection delay grows to %CABINE_SIGNALLING_BACKOFF_URGENT_MAX_MS at most
 * instead of %CABINE_SIGNALLING_BACKOFF_MAX_MS (a hub that refused the kiosk or a replaced
 * connection still waits the longest delay); a reconnection already scheduled later than that is
 * brought forward.
 */
void              cabine_signalling_set_urgent        (CabineSignalling *self,
                                                       gboolean          urgent);

G_END_DECLS
