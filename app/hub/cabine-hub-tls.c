/* cabine-hub-tls.c: the hub's TLS certificate (HTTPS and WSS)
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "cabine-hub-tls"

#include <errno.h>
#include <sys/socket.h>
#include <unistd.h>

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

static gboolean
accept_any (GTlsConnection       *connection,
            GTlsCertificate      *peer,
            GTlsCertificateFlags  errors,
            gpointer              data)
{
  return TRUE;   /* only the server's own key is being proved, not its chain */
}

static gpointer
client_handshake (gpointer data)
{
  GTlsConnection *client = data;

  /* Its outcome is the server side's: a failure shows there as well. */
  g_tls_connection_handshake (client, NULL, NULL);
  g_io_stream_close (G_IO_STREAM (client), NULL, NULL);
  return NULL;
}

/* A TLS server signs its handshake with its private key, so a handshake with ourselves over a
 * socket pair fails when @cert's key is not the certificate's (GIO does not compare them). */
static gboolean
prove_key (GTlsCertificate  *cert,
           GError          **error)
{
  int fds[2];
  g_autoptr(GSocket) a = NULL;
  g_autoptr(GSocket) b = NULL;
  g_autoptr(GSocketConnection) ca = NULL;
  g_autoptr(GSocketConnection) cb = NULL;
  g_autoptr(GIOStream) server = NULL;
  g_autoptr(GIOStream) client = NULL;
  GThread *thread;
  gboolean ok;

  if (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), "socketpair: %s",
                   g_strerror (errno));
      return FALSE;
    }
  a = g_socket_new_from_fd (fds[0], error);
  if (a == NULL)
    {
      close (fds[0]);
      close (fds[1]);
      return FALSE;
    }
  b = g_socket_new_from_fd (fds[1], error);
  if (b == NULL)
    {
      close (fds[1]);
      return FALSE;
    }
  ca = g_socket_connection_factory_create_connection (a);
  cb = g_socket_connection_factory_create_connection (b);
  server = g_tls_server_connection_new (G_IO_STREAM (ca), cert, error);
  if (server == NULL)
    return FALSE;
  client = g_tls_client_connection_new (G_IO_STREAM (cb), NULL, error);
  if (client == NULL)
    return FALSE;
  g_signal_connect (client, "accept-certificate", G_CALLBACK (accept_any), NULL);

  thread = g_thread_new ("cabine-tls-self-check", client_handshake, client);
  ok = g_tls_connection_handshake (G_TLS_CONNECTION (server), NULL, error);
  g_io_stream_close (server, NULL, NULL);
  g_thread_join (thread);
  return ok;
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
  if (!prove_key (cert, &local))
    {
      g_set_error (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE,
                   "TLS key %s does not match certificate %s (a test handshake failed: %s)",
                   key, certificate, local->message);
      g_object_unref (cert);
      return NULL;
    }
  return cert;
}
