/* cabine-hub-config.h: configuration of cabine-hub, read from a GKeyFile
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * File format (see data/hub-demo.conf):
 *   [hub]                  listen (IP address, default 127.0.0.1), port (0–65535, default 8443),
 *                          console-dir (default: CABINE_SOURCE_DIR/data/console when it exists,
 *                          else PKGDATADIR/console), ice-servers (list of URLs given to the
 *                          console: stun:HOST[:PORT] (RFC 7064), turn: or turns:HOST[:PORT]
 *                          [?transport=udp|tcp] (RFC 7065); schemes in any case, kept in lower
 *                          case; a user name in one, a path, a bad host or port is refused)
 *                          database (SQLite file of the records, notes and physician sign-ins,
 *                          cabine-hub-store-sqlite.h; default: none, kept in memory only, so a
 *                          restart signs physicians out), tls-certificate and
 *                          tls-key (PEM files; when set the hub serves HTTPS and WSS only),
 *                          resume-seconds (0–3600, default 60: how long a call in progress waits
 *                          for a peer whose signalling connection was lost to `resume` it, and how
 *                          long after a restart the store's calls may be resumed; 0: the call ends
 *                          at once, data/protocol.md "Signalling interruption")
 *   [kiosk:<id>]           token (bearer secret, at least 16 bytes)
 *   [physician:<username>] display-name, password-hash (cabine-hub --hash-password)
 * Unknown groups and keys are errors, so that a typo never goes unnoticed.
 */
#pragma once

#include <glib-object.h>

#include "cabine-accounts.h"

G_BEGIN_DECLS

#define CABINE_HUB_CONFIG_DEFAULT_LISTEN "127.0.0.1"
#define CABINE_HUB_CONFIG_DEFAULT_PORT 8443
/** Shortest kiosk token accepted, in bytes. */
#define CABINE_HUB_CONFIG_MIN_TOKEN_LENGTH 16

#define CABINE_HUB_CONFIG_ERROR (cabine_hub_config_error_quark ())

/**
 * CabineHubConfigError:
 * @CABINE_HUB_CONFIG_ERROR_FILE: the file cannot be read or is not a key file
 * @CABINE_HUB_CONFIG_ERROR_MISSING: a required key is absent
 * @CABINE_HUB_CONFIG_ERROR_INVALID: a value is malformed or out of range
 * @CABINE_HUB_CONFIG_ERROR_UNKNOWN: an unknown group or key
 *
 * Every message names the file, the group and the key: "FILE: [group] key: problem".
 */
typedef enum {
  CABINE_HUB_CONFIG_ERROR_FILE,
  CABINE_HUB_CONFIG_ERROR_MISSING,
  CABINE_HUB_CONFIG_ERROR_INVALID,
  CABINE_HUB_CONFIG_ERROR_UNKNOWN,
} CabineHubConfigError;

GQuark cabine_hub_config_error_quark (void);

#define CABINE_TYPE_HUB_CONFIG (cabine_hub_config_get_type ())
G_DECLARE_FINAL_TYPE (CabineHubConfig, cabine_hub_config, CABINE, HUB_CONFIG, GObject)

/**
 * cabine_hub_config_new_from_file:
 * @path: path of the key file
 * @error: a %CABINE_HUB_CONFIG_ERROR
 *
 * Returns: (transfer full) (nullable): the configuration, or %NULL with @error set
 */
CabineHubConfig *cabine_hub_config_new_from_file  (const char      *path,
                                                   GError         **error);

/**
 * cabine_hub_config_new_from_data:
 * @data: key file text, NUL-terminated
 * @name: name of the source used in error messages, e.g. "test.conf"
 * @error: a %CABINE_HUB_CONFIG_ERROR
 *
 * Returns: (transfer full) (nullable): the configuration, or %NULL with @error set
 */
CabineHubConfig *cabine_hub_config_new_from_data  (const char      *data,
                                                   const char      *name,
                                                   GError         **error);

/** cabine_hub_config_get_listen: Returns: (transfer none): the IP address to listen on. */
const char      *cabine_hub_config_get_listen      (CabineHubConfig *self);

/**
 * cabine_hub_config_set_listen:
 * @self: a #CabineHubConfig
 * @address: an IPv4 or IPv6 address literal
 * @error: %CABINE_HUB_CONFIG_ERROR_INVALID when @address is not an IP address
 *
 * Overrides `[hub] listen` (command line --listen).
 *
 * Returns: %TRUE, or %FALSE with @error set
 */
gboolean         cabine_hub_config_set_listen      (CabineHubConfig *self,
                                                    const char      *address,
                                                    GError         **error);

/** cabine_hub_config_get_port: Returns: the TCP port; 0 means any free port. */
guint16          cabine_hub_config_get_port        (CabineHubConfig *self);

/** cabine_hub_config_set_port: Overrides `[hub] port` (command line --port). */
void             cabine_hub_config_set_port        (CabineHubConfig *self,
                                                    guint16          port);

/** cabine_hub_config_get_console_dir: Returns: (transfer none): directory of the console files. */
const char      *cabine_hub_config_get_console_dir (CabineHubConfig *self);

/**
 * cabine_hub_config_get_ice_servers:
 * Returns: (transfer none) (array zero-terminated=1): STUN/TURN URLs, possibly empty, never %NULL
 */
const char * const *cabine_hub_config_get_ice_servers (CabineHubConfig *self);

/** Lifetime of time-limited TURN credentials (`[hub] turn-ttl`), in seconds, by default. */
#define CABINE_HUB_CONFIG_DEFAULT_TURN_TTL 86400

/**
 * cabine_hub_config_get_turn_auth:
 * @username: (out) (optional) (transfer none) (nullable): `[hub] turn-username`
 * @credential: (out) (optional) (transfer none) (nullable): `[hub] turn-credential`
 * @secret: (out) (optional) (transfer none) (nullable): `[hub] turn-secret`, the secret shared with
 *   coturn (`use-auth-secret`, `static-auth-secret`) for time-limited credentials
 *   (draft-uberti-behave-turn-rest-00 §2.2)
 * @ttl: (out) (optional): `[hub] turn-ttl`, their lifetime in seconds (60–604800)
 *
 * The credentials the hub gives with every turn:/turns: URL of `iceServers`: the static pair,
 * or credentials made from @secret, or none. The loader refuses a lone username or credential,
 * and both a pair and a secret (%CABINE_HUB_CONFIG_ERROR_INVALID).
 */
void             cabine_hub_config_get_turn_auth   (CabineHubConfig  *self,
                                                    const char      **username,
                                                    const char      **credential,
                                                    const char      **secret,
                                                    guint            *ttl);

/** `[hub] resume-seconds` by default, in seconds. */
#define CABINE_HUB_CONFIG_DEFAULT_RESUME_SECONDS 60
/** Smallest `[hub] resume-seconds` (but 0) that does not warn, in seconds: below, a peer
 * retrying with backoff (the kiosk up to 2 s in a call, the console up to 5 s) across a hub
 * restart may come back too late. */
#define CABINE_HUB_CONFIG_MIN_SAFE_RESUME_SECONDS 15
/** Largest `[hub] resume-seconds` accepted, in seconds. */
#define CABINE_HUB_CONFIG_MAX_RESUME_SECONDS 3600

/**
 * cabine_hub_config_get_resume_seconds:
 *
 * Returns: `[hub] resume-seconds`: how long, in seconds, the hub keeps a call whose peer lost its
 *   signalling connection, waiting for its `resume` (data/protocol.md, "Signalling interruption");
 *   0 ends the call at once. Also how long after the hub's start the calls it had in progress may
 *   be resumed from its store.
 */
guint            cabine_hub_config_get_resume_seconds (CabineHubConfig *self);

/** cabine_hub_config_get_accounts: Returns: (transfer none): the configured kiosks and physicians. */
CabineAccounts  *cabine_hub_config_get_accounts    (CabineHubConfig *self);

/**
 * cabine_hub_config_get_database:
 * Returns: (transfer none) (nullable): the records database path (`[hub] database`), or %NULL
 */
const char      *cabine_hub_config_get_database    (CabineHubConfig *self);

/** cabine_hub_config_set_database: overrides `[hub] database` (command line --database). */
void             cabine_hub_config_set_database    (CabineHubConfig *self,
                                                    const char      *path);

/** cabine_hub_config_get_tls_certificate: Returns: (transfer none) (nullable): PEM certificate path. */
const char      *cabine_hub_config_get_tls_certificate (CabineHubConfig *self);

/** cabine_hub_config_get_tls_key: Returns: (transfer none) (nullable): PEM private key path. */
const char      *cabine_hub_config_get_tls_key     (CabineHubConfig *self);

/**
 * cabine_hub_config_set_tls:
 * @certificate: (nullable): PEM certificate (chain) file, or %NULL for plain HTTP
 * @key: (nullable): its PEM private key file; %NULL exactly when @certificate is
 *
 * Overrides `[hub] tls-certificate` and `tls-key` (command line --tls-certificate, --tls-key).
 */
void             cabine_hub_config_set_tls         (CabineHubConfig *self,
                                                    const char      *certificate,
                                                    const char      *key);

/**
 * cabine_hub_config_get_warnings:
 * @self: a configuration
 *
 * Lists what makes a hub that starts with @self useless or fragile though valid: no `[kiosk:ID]`
 * section (no kiosk can sign in), no `[physician:NAME]` section (nobody can take a consultation),
 * `[hub] resume-seconds` between 1 and %CABINE_HUB_CONFIG_MIN_SAFE_RESUME_SECONDS - 1 (healthy
 * calls may end before their peers are back), `resume-seconds` above 0 with the store in memory
 * (no `[hub] database`, or ":memory:": a restart loses the calls). Call it once the command
 * line's overrides are applied (cabine_hub_config_set_database()). The hub logs them at start-up
 * and `cabine-hub --check-config` prints them.
 *
 * Returns: (transfer full) (array zero-terminated=1): English sentences, empty when none.
 */
char           **cabine_hub_config_get_warnings    (CabineHubConfig *self);

/**
 * cabine_hub_config_check_environment:
 * @self: a configuration loaded by cabine_hub_config_new_from_file() or _new_from_data(), with the
 *   command line's overrides applied (cabine_hub_config_set_listen(), _set_database(), _set_tls())
 * @error: %CABINE_HUB_CONFIG_ERROR_INVALID; the message says where the faulty value comes from,
 *   the file, group and key ("hub.conf: [hub] database \"/srv\" is a folder; …") or the option
 *   that overrode it ("--database \"/srv\" is a folder; …")
 *
 * What `cabine-hub --check-config` checks beyond the file itself: what would make
 * cabine_hub_server_start() refuse to start, except binding the port (a running hub may hold it),
 * without changing anything on disk:
 * - the listen address is an IP address;
 * - with TLS, the certificate and the key load and match (cabine_hub_tls_load(), which makes a TLS
 *   handshake with itself over a socket pair);
 * - `[hub] database`, when set, would be accepted by cabine_hub_store_sqlite_open()
 *   (cabine_hub_store_sqlite_check(): read without a lock, so also while a running hub uses it).
 *
 * Returns: %TRUE when all hold, else %FALSE with @error set
 */
gboolean         cabine_hub_config_check_environment (CabineHubConfig  *self,
                                                      GError          **error);

G_END_DECLS
