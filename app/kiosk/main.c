/* main.c: cabine, the kiosk
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "cabine"

#include "cabine-build-config.h"
#include "cabine-config.h"

#include <gst/gst.h>
#include <gtk/gtk.h>
#include <stdio.h>
#include <string.h>

#include "cabine-i18n.h"
#include "cabine-pin.h"
#include "cabine-session.h"
#include "cabine-store.h"
#include "cabine-window.h"

static char *config_path;
static gboolean windowed;
static gboolean hash_pin;
static gboolean check_config;
static CabineSession *session;

static const GOptionEntry entries[] = {
  { "config", 'c', 0, G_OPTION_ARG_FILENAME, &config_path, "Configuration file", "FILE" },
  { "windowed", 'w', 0, G_OPTION_ARG_NONE, &windowed, "Run in a window (development)", NULL },
  { "hash-pin", 0, 0, G_OPTION_ARG_NONE, &hash_pin,
    "Read a maintenance PIN (4–12 digits) on stdin and print its hash for [maintenance] pin-hash", NULL },
  { "check-config", 0, 0, G_OPTION_ARG_NONE, &check_config,
    "Check the configuration file, print what is wrong and exit (1 when invalid)", NULL },
  { NULL }
};

/* Loaded by on_handle_local_options(), before GTK opens a display, so that a bad configuration or
 * database is reported on a console even where no display can be opened. */
static CabineConfig *config;
static CabineStore *store;

static void
on_activate (GtkApplication *app)
{
  g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();
  CabineWindow *window;

  if (session != NULL || config == NULL)
    return;

  gtk_css_provider_load_from_resource (css, "/org/cabine/Kiosk/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  session = cabine_session_new (config, store);
  window = cabine_window_new (app, session, cabine_config_get_end_page_seconds (config));
  if (!windowed)
    gtk_window_fullscreen (GTK_WINDOW (window));
  gtk_window_present (GTK_WINDOW (window));
  cabine_session_start (session);
}

/* Loads the configuration and opens the store; on failure prints why and returns FALSE. */
static gboolean
load_config_and_store (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *default_path = NULL;

  if (config_path == NULL)
    default_path = g_build_filename (g_get_user_config_dir (), "cabine", "kiosk.conf", NULL);
  config = cabine_config_new_from_file (config_path != NULL ? config_path : default_path, &error);
  if (config == NULL)
    {
      g_printerr ("cabine: %s\n", error->message);
      return FALSE;
    }
  if (check_config)
    {
      if (!cabine_config_check_environment (config, &error))
        {
          g_printerr ("cabine: %s\n", error->message);
          return FALSE;
        }
      return TRUE;
    }
  store = cabine_store_open (cabine_config_get_database (config), &error);
  if (store == NULL)
    {
      /* Which setting is at fault, as --check-config says it (the message names the file). */
      g_printerr ("cabine: %s: [kiosk] database: %s\n",
                  config_path != NULL ? config_path : default_path, error->message);
      return FALSE;
    }
  return TRUE;
}

/* --hash-pin: an operator tool, run before the kiosk starts; never opens a window. */
static int
on_handle_local_options (GApplication *app,
                         GVariantDict *options,
                         gpointer      user_data)
{
  char line[64] = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = NULL;

  if (!hash_pin)
    {
      if (!load_config_and_store ())
        return 1;
      if (check_config)
        {
          g_print ("cabine: %s is valid\n", config_path != NULL ? config_path : "the configuration");
          return 0;
        }
      return -1;
    }
  if (fgets (line, sizeof line, stdin) == NULL)
    {
      g_printerr ("cabine: --hash-pin reads the PIN on stdin\n");
      return 1;
    }
  g_strchomp (line);
  hash = cabine_pin_hash (line, &error);
  memset (line, 0, sizeof line);
  if (hash == NULL)
    {
      g_printerr ("cabine: %s\n", error->message);
      return 1;
    }
  g_print ("%s\n", hash);
  return 0;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GtkApplication) app = NULL;
  const char *localedir = g_getenv ("CABINE_LOCALEDIR");
  int status;

  cabine_i18n_init (localedir != NULL ? localedir : LOCALEDIR);
  gst_init (&argc, &argv);

  app = gtk_application_new ("org.cabine.Kiosk", G_APPLICATION_NON_UNIQUE);
  g_application_add_main_option_entries (G_APPLICATION (app), entries);
  g_signal_connect (app, "activate", G_CALLBACK (on_activate), NULL);
  g_signal_connect (app, "handle-local-options", G_CALLBACK (on_handle_local_options), NULL);
  status = g_application_run (G_APPLICATION (app), argc, argv);
  g_clear_object (&session);
  g_clear_object (&store);
  g_clear_object (&config);
  return status;
}
