/* cabine-hub-tls.h: the hub's TLS certificate (HTTPS and WSS)
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Production hubs use a configured certificate (`[hub] tls-certificate`, `tls-key`). For the demo and
 * the tests, cabine_hub_tls_make_self_signed() makes a private CA and a hub certificate signed by it
 * with the `openssl` command line tool (Debian package openssl): the kiosk trusts the CA file
 * (`[kiosk] hub-ca`), a test browser is given the CA or --ignore-certificate-errors.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * cabine_hub_tls_make_self_signed:
 * @dir: (type filename): folder to write into (created, mode 0700): `ca.pem` (the CA certificate to
 *   give kiosks and browsers), `ca.key`, `hub.pem` (the hub certificate followed by nothing else) and
 *   `hub.key` (its private key, mode 0600). ECDSA P-256, SHA-256; the hub certificate is valid for
 *   DNS:localhost and IP:127.0.0.1, ::1, for 825 days (CA/Browser Forum limit).
 * @error: %G_IO_ERROR_EXISTS when @dir already holds a CA (`ca.pem` or `ca.key`), a #GSpawnError,
 *   or %G_IO_ERROR_FAILED with openssl's output when it fails
 *
 * Same as cabine_hub_tls_make_self_signed_full() with @force %FALSE.
 *
 * Returns: %TRUE, or %FALSE with @error set
 */
gboolean         cabine_hub_tls_make_self_signed (const char  *dir,
                                                  GError     **error);

/**
 * cabine_hub_tls_make_self_signed_full:
 * @dir: (type filename): as cabine_hub_tls_make_self_signed()
 * @force: replace a CA already in @dir; kiosks and browsers that trust the old `ca.pem` then
 *   refuse the hub until they are given the new one. Without it, an existing CA is refused.
 * @error: as cabine_hub_tls_make_self_signed()
 *
 * Returns: %TRUE, or %FALSE with @error set
 */
gboolean         cabine_hub_tls_make_self_signed_full (const char  *dir,
                                                       gboolean     force,
                                                       GError     **error);

/**
 * cabine_hub_tls_load:
 * @certificate: (type filename): PEM certificate (chain)
 * @key: (type filename): its PEM private key
 * @error: a #GIOErrorEnum or %G_TLS_ERROR from GIO, prefixed with the file names;
 *   %G_TLS_ERROR_BAD_CERTIFICATE when @key is not @certificate's key (proved by a TLS handshake
 *   of the hub with itself over a socket pair, since GIO loads a mismatched pair silently)
 *
 * Returns: (transfer full) (nullable): the certificate, or %NULL with @error set
 */
GTlsCertificate *cabine_hub_tls_load             (const char  *certificate,
                                                  const char  *key,
                                                  GError     **error);

G_END_DECLS
