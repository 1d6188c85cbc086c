/* main.c: cabine-hub, the physician console, waiting queue and signalling relay
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "cabine-hub"

#include <glib-unix.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cabine-build-config.h"
#include "cabine-hub-server.h"
#include "cabine-hub-tls.h"

/* Reads one line from stdin (without its line end: "\n" or "\r\n") and prints its argon2id hash.
 * The password is taken as typed or refused: a NUL, another control character or a line longer
 * than CABINE_ACCOUNTS_MAX_PASSWORD_BYTES would otherwise be cut where C strings or terminals cut
 * it, and the physician's own password would never match the hash. */
static int
hash_password (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = NULL;
  char *line = NULL;
  size_t capacity = 0;
  gssize len;
  int rc = 1;

  len = getline (&line, &capacity, stdin);
  if (len < 0)
    {
      g_printerr ("cabine-hub: --hash-password reads the password on stdin\n");
      goto out;
    }
  if (len > 0 && line[len - 1] == '\n')
    line[--len] = '\0';
  if (len > 0 && line[len - 1] == '\r')
    line[--len] = '\0';
  if (len == 0)
    {
      g_printerr ("cabine-hub: empty password\n");
      goto out;
    }
  if ((gsize) len > CABINE_ACCOUNTS_MAX_PASSWORD_BYTES)
    {
      g_printerr ("cabine-hub: the password is longer than %d bytes\n",
                  CABINE_ACCOUNTS_MAX_PASSWORD_BYTES);
      goto out;
    }
  for (gssize i = 0; i < len; i++)
    if ((guchar) line[i] < 0x20 || line[i] == 0x7f)
      {
        g_printerr ("cabine-hub: the password holds a control character (byte %" G_GSSIZE_FORMAT
                    "); type it on one line\n", i + 1);
        goto out;
      }
  if (cabine_accounts_check_new_password (line, &error))
    hash = cabine_accounts_hash_password (line, &error);
  if (hash == NULL)
    {
      g_printerr ("cabine-hub: %s\n", error->message);
      goto out;
    }
  g_print ("%s\n", hash);
  rc = 0;
out:
  if (line != NULL)
    {
      memset (line, 0, capacity);
      free (line);
    }
  return rc;
}

static gboolean
on_signal (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_CONTINUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CabineHubConfig) config = NULL;
  g_autoptr(CabineHubServer) server = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autofree char *config_path = NULL;
  g_autofree char *listen = NULL;
  g_autofree char *database = NULL;
  g_autofree char *tls_cert = NULL;
  g_autofree char *tls_key = NULL;
  g_autofree char *make_cert_dir = NULL;
  gboolean hash = FALSE;
  gboolean force = FALSE;
  gboolean check_config = FALSE;
  gboolean version = FALSE;
  int port = G_MININT; /* unset */
  GOptionEntry entries[] = {
    { "config", 'c', 0, G_OPTION_ARG_FILENAME, &config_path, "Configuration file", "FILE" },
    { "port", 'p', 0, G_OPTION_ARG_INT, &port, "TCP port (overrides [hub] port; 0: any)", "N" },
    { "listen", 'l', 0, G_OPTION_ARG_STRING, &listen, "IP address to listen on", "ADDR" },
    { "hash-password", 0, 0, G_OPTION_ARG_NONE, &hash,
      "Read a password on stdin and print its hash for password-hash", NULL },
    { "database", 0, 0, G_OPTION_ARG_FILENAME, &database,
      "SQLite file of the session records (overrides [hub] database)", "FILE" },
    { "tls-certificate", 0, 0, G_OPTION_ARG_FILENAME, &tls_cert,
      "PEM certificate: serve HTTPS and WSS (with --tls-key)", "FILE" },
    { "tls-key", 0, 0, G_OPTION_ARG_FILENAME, &tls_key, "PEM private key of --tls-certificate", "FILE" },
    { "make-self-signed", 0, 0, G_OPTION_ARG_FILENAME, &make_cert_dir,
      "Write a demonstration CA and hub certificate (ca.pem, hub.pem, hub.key) into DIR and exit", "DIR" },
    { "force", 0, 0, G_OPTION_ARG_NONE, &force,
      "With --make-self-signed: replace a CA already in DIR", NULL },
    { "check-config", 0, 0, G_OPTION_ARG_NONE, &check_config,
      "Check the configuration (with the other options) as the hub's start would, except binding "
      "the port, change nothing, print what is wrong and exit (1 when invalid)", NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, &version, "Print the version", NULL },
    { NULL }
  };

  /* Messages to the operator follow the environment's locale and character set. */
  setlocale (LC_ALL, "");
  context = g_option_context_new ("- Cabine hub: physician console and signalling");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("cabine-hub: %s\n", error->message);
      return 1;
    }
  if (version)
    {
      g_print ("cabine-hub %s\n", PACKAGE_VERSION);
      return 0;
    }
  if (hash)
    return hash_password ();
  if (make_cert_dir != NULL)
    {
      if (!cabine_hub_tls_make_self_signed_full (make_cert_dir, force, &error))
        {
          g_printerr ("cabine-hub: %s\n", error->message);
          return 1;
        }
      g_print ("%s/ca.pem\n", make_cert_dir);
      return 0;
    }
  if (config_path == NULL)
    {
      g_printerr ("cabine-hub: --config FILE is required\n");
      return 1;
    }

  config = cabine_hub_config_new_from_file (config_path, &error);
  if (config == NULL)
    {
      g_printerr ("cabine-hub: %s\n", error->message);
      return 1;
    }
  if (port != G_MININT)
    {
      if (port < 0 || port > G_MAXUINT16)
        {
          g_printerr ("cabine-hub: --port: %d is not a port number (0–65535)\n", port);
          return 1;
        }
      cabine_hub_config_set_port (config, (guint16) port);
    }
  if (listen != NULL && !cabine_hub_config_set_listen (config, listen, &error))
    {
      g_printerr ("cabine-hub: %s\n", error->message);
      return 1;
    }

  if (database != NULL)
    {
      g_autofree char *absolute = NULL;

      if (*database == '\0')
        {
          g_printerr ("cabine-hub: --database: an empty path names no file\n");
          return 1;
        }
      /* A path typed on the command line is the shell's: relative to the working folder
       * (":memory:" stays SQLite's name for a store in memory). */
      absolute = g_str_equal (database, ":memory:") ? g_strdup (database)
                                                     : g_canonicalize_filename (database, NULL);
      cabine_hub_config_set_database (config, absolute);
    }
  if ((tls_cert == NULL) != (tls_key == NULL))
    {
      g_printerr ("cabine-hub: --tls-certificate and --tls-key go together\n");
      return 1;
    }
  if (tls_cert != NULL)
    cabine_hub_config_set_tls (config, tls_cert, tls_key);

  /* After the options: --database decides whether the store is in memory. */
  {
    g_auto(GStrv) warnings = cabine_hub_config_get_warnings (config);

    for (guint i = 0; warnings[i] != NULL; i++)
      g_warning ("%s: %s", config_path, warnings[i]);
  }

  /* Everything above is shared with the start, so both refuse the same options. */
  if (check_config)
    {
      if (!cabine_hub_config_check_environment (config, &error))
        {
          g_printerr ("cabine-hub: %s\n", error->message);
          return 1;
        }
      g_print ("cabine-hub: %s is valid\n", config_path);
      return 0;
    }

  server = cabine_hub_server_new (config);
  if (!cabine_hub_server_start (server, &error))
    {
      g_printerr ("cabine-hub: cannot start: %s\n", error->message);
      return 1;
    }

  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGINT, on_signal, loop);
  g_unix_signal_add (SIGTERM, on_signal, loop);
  g_main_loop_run (loop);

  g_message ("shutting down");
  cabine_hub_server_stop (server);
  return 0;
}
