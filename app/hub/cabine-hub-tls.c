/* cabine-hub-tls.c: the hub's TLS certificate (HTTPS and WSS)
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "cabine-hub-tls"

#include <errno.h>

#include <glib/gstdio.h>

#include "cabine-hub-tls.h"

static gboolean
run_openssl (const char * const *argv,
             const char         *dir,
             GError            **error)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  if (!g_spawn_sync (dir, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err,
                     &status, error))
    return FALSE;
  if (!g_spawn_check_wait_status (status, NULL))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "openssl %s failed: %s", argv[1],
                   err != NULL ? g_strstrip (err) : "");
      return FALSE;
    }
  return TRUE;
}

gboolean
cabine_hub_tls_make_self_signed (const char  *dir,
                                 GError     **error)
{
  return cabine_hub_tls_make_self_signed_full (dir, FALSE, error);
}

gboolean
cabine_hub_tls_make_self_signed_full (const char  *dir,
                                      gboolean     force,
                                      GError     **error)
{
  const char * const ca[] = {
    "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-sha256",
    "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "3650",
    "-subj", "/O=Cabine/CN=Cabine hub demonstration CA",
    "-addext", "basicConstraints=critical,CA:TRUE",
    "-addext", "keyUsage=critical,keyCertSign,cRLSign", NULL };
  const char * const csr[] = {
    "openssl", "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-sha256",
    "-nodes", "-keyout", "hub.key", "-out", "hub.csr", "-subj", "/O=Cabine/CN=localhost",
    "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1",
    "-addext", "extendedKeyUsage=serverAuth",
    "-addext", "basicConstraints=critical,CA:FALSE", NULL };
  const char * const sign[] = {
    "openssl", "x509", "-req", "-in", "hub.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
    "-CAcreateserial", "-copy_extensions", "copyall", "-sha256", "-days", "825", "-out", "hub.pem",
    NULL };
  g_autofree char *key = g_build_filename (dir, "hub.key", NULL);
  g_autofree char *ca_key = g_build_filename (dir, "ca.key", NULL);
  g_autofree char *request = g_build_filename (dir, "hub.csr", NULL);

  g_autofree char *ca_cert = g_build_filename (dir, "ca.pem", NULL);

  /* A new CA silently replacing the old one would make every kiosk trusting it refuse the hub. */
  if (!force && (g_file_test (ca_cert, G_FILE_TEST_EXISTS) || g_file_test (ca_key, G_FILE_TEST_EXISTS)))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   "%s already holds a CA (ca.pem/ca.key) that kiosks may trust: not replacing it "
                   "(use --force to make a new CA; every kiosk must then be given the new ca.pem)",
                   dir);
      return FALSE;
    }
  if (force && g_file_test (ca_cert, G_FILE_TEST_EXISTS))
    g_message ("replacing the CA in %s: kiosks must be given the new ca.pem", dir);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "cannot create %s: %s", dir,
                   g_strerror (saved));
      return FALSE;
    }
  if (!run_openssl (ca, dir, error) || !run_openssl (csr, dir, error) || !run_openssl (sign, dir, error))
    return FALSE;
  g_chmod (key, 0600);
  g_chmod (ca_key, 0600);
  g_unlink (request);
  return TRUE;
}

GTlsCertificate *
cabine_hub_tls_load (const char  *certificate,
                     const char  *key,
                     GError     **error)
{
  g_autoptr(GError) local = NULL;
  GTlsCertificate *cert = g_tls_certificate_new_from_files (certificate, key, &local);

  if (cert == NULL)
    {
      g_set_error (error, local->domain, local->code, "TLS certificate %s / key %s: %s",
                   certificate, key, local->message);
      return NULL;
    }
  return cert;
}
