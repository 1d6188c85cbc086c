/* main.c: cabine-devices, the operators' and conformance tool for the kiosk's instruments
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * cabine-devices list [--wait SECONDS]
 *     the connected instruments as JSON lines {"id","description","state"}
 * cabine-devices watch [--count N] [--timeout SECONDS]
 *     device events and readings as JSON lines until interrupted, N readings or the timeout
 * cabine-devices decode [--replies] [--system-id HEX16] < hex-lines
 *     an offline manager over one association's agent→manager APDUs (cabine-devices-decode.h)
 * cabine-devices udev-rules
 *     the udev rules generated from the vendor drivers' VID:PID tables and the PHDC class
 *     (packaging/udev/70-cabine.rules is this output; a test fails when they differ)
 *
 * Exit status: 0 success, 1 invalid input or device failure, 2 usage error.
 */
#define G_LOG_DOMAIN "cabine-devices"

#include <glib-unix.h>
#include <gio/gunixinputstream.h>
#include <locale.h>
#include <unistd.h>
#include <stdio.h>
#include <string.h>

#include "cabine-device-manager.h"
#include "cabine-devices-decode.h"
#include "cabine-devices-json.h"
#include "cabine-vendor-drivers.h"

typedef struct {
  GMainLoop *loop;
  int count;        /* readings still wanted, < 0: unlimited */
  gboolean watch;   /* print events and readings */
  GHashTable *devices;  /* id → description */
} Run;

static void
print_event (const char *event, const char *id, const char *key, const char *value)
{
  g_autoptr(JsonObject) o = json_object_new ();

  json_object_set_string_member (o, "event", event);
  json_object_set_string_member (o, "id", id);
  if (key != NULL && value != NULL)
    json_object_set_string_member (o, key, value);
  cabine_devices_print_json (o);
}

static void
on_added (CabineDeviceManager *m, const char *id, const char *description, Run *run)
{
  g_hash_table_replace (run->devices, g_strdup (id), g_strdup (description));
  if (run->watch)
    print_event ("device-added", id, "description", description);
}

static void
on_removed (CabineDeviceManager *m, const char *id, Run *run)
{
  g_hash_table_remove (run->devices, id);
  if (run->watch)
    print_event ("device-removed", id, NULL, NULL);
}

static void
on_device_error (CabineDeviceManager *m, const char *id, const GError *error, Run *run)
{
  if (run->watch)
    print_event ("device-error", id, "message", error->message);
}

static void
on_measurement (CabineDeviceManager *m, CabineMeasurement *measurement, Run *run)
{
  g_autoptr(JsonObject) o = NULL;

  if (!run->watch)
    return;
  o = cabine_devices_measurement_to_json (measurement);
  json_object_set_string_member (o, "event", "measurement");
  cabine_devices_print_json (o);
  if (run->count > 0 && --run->count == 0)
    g_main_loop_quit (run->loop);
}

static gboolean
quit_loop (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

static int
run_manager (gboolean watch, int count, double seconds)
{
  g_autoptr(CabineDeviceManager) manager = cabine_device_manager_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  Run run = { loop, count > 0 ? count : -1, watch,
              g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free) };
  guint timeout_id = 0;

  g_signal_connect (manager, "device-added", G_CALLBACK (on_added), &run);
  g_signal_connect (manager, "device-removed", G_CALLBACK (on_removed), &run);
  g_signal_connect (manager, "device-error", G_CALLBACK (on_device_error), &run);
  g_signal_connect (manager, "measurement", G_CALLBACK (on_measurement), &run);
  if (!cabine_device_manager_start (manager, &error))
    {
      g_printerr ("cabine-devices: %s\n", error->message);
      g_hash_table_unref (run.devices);
      return 1;
    }
  if (seconds > 0)
    timeout_id = g_timeout_add ((guint) (seconds * 1000), quit_loop, loop);
  g_unix_signal_add (SIGINT, quit_loop, loop);
  g_unix_signal_add (SIGTERM, quit_loop, loop);
  g_main_loop_run (loop);
  if (!watch)
    {
      GHashTableIter iter;
      gpointer id, description;

      g_hash_table_iter_init (&iter, run.devices);
      while (g_hash_table_iter_next (&iter, &id, &description))
        print_event ("device", id, "description", description);
      if (g_hash_table_size (run.devices) == 0)
        g_printerr ("cabine-devices: no instruments found\n");  /* stdout stays JSON lines */
    }
  (void) timeout_id;
  g_signal_handlers_disconnect_by_data (manager, &run);
  cabine_device_manager_stop (manager);
  g_hash_table_unref (run.devices);
  return run.count > 0 ? 1 : 0;  /* watch --count N: fewer readings than asked */
}

static int
usage (GOptionContext *context, const char *message)
{
  g_printerr ("cabine-devices: %s\n", message);
  return 2;
}

int
main (int argc, char **argv)
{
  gboolean replies = FALSE;
  g_autofree char *system_id_hex = NULL;
  guint8 system_id[8];
  int count = 0;
  double timeout = 0, wait = 2.0;
  GOptionEntry entries[] = {
    { "replies", 0, 0, G_OPTION_ARG_NONE, &replies,
      "decode: also print the manager's APDUs as {\"reply\":hex}", NULL },
    { "system-id", 0, 0, G_OPTION_ARG_STRING, &system_id_hex,
      "decode: the manager's EUI-64 in AARE (16 hex digits)", "HEX16" },
    { "count", 0, 0, G_OPTION_ARG_INT, &count, "watch: stop after N readings", "N" },
    { "timeout", 0, 0, G_OPTION_ARG_DOUBLE, &timeout, "watch: stop after SECONDS", "SECONDS" },
    { "wait", 0, 0, G_OPTION_ARG_DOUBLE, &wait,
      "list: time given to the instruments to be found (default 2)", "SECONDS" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("list|watch|decode|udev-rules");
  g_autoptr(GError) error = NULL;

  setlocale (LC_ALL, "");  /* the help's UTF-8 (…, →) is printed as is in a UTF-8 locale */
  g_option_context_set_summary (context,
    "list     the connected instruments (JSON lines)\n"
    "watch    device events and readings as JSON lines\n"
    "decode   read one association's agent→manager APDUs as hex lines on stdin, play the\n"
    "         manager and print each reading as a JSON line\n"
    "udev-rules  print the udev rules for the supported instruments");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage (context, error->message);
  if (argc != 2)
    return usage (context, "exactly one command expected: list, watch, decode or udev-rules "
                           "(see --help)");
  if (count < 0 || timeout < 0 || wait < 0 || wait > 3600 || timeout > 86400)
    return usage (context, "--count, --timeout and --wait must be positive (wait ≤ 3600 s)");

  if (g_str_equal (argv[1], "decode"))
    {
      if (system_id_hex != NULL)
        {
          g_autoptr(GByteArray) id = cabine_devices_hex_parse (system_id_hex, 0, NULL);

          if (id == NULL || id->len != 8)
            return usage (context, "--system-id needs 16 hex digits (an EUI-64)");
          memcpy (system_id, id->data, 8);
        }
      g_autoptr(GInputStream) in = g_unix_input_stream_new (STDIN_FILENO, FALSE);

      if (!cabine_devices_decode (in, system_id_hex != NULL ? system_id : NULL, replies,
                                  &error))
        {
          g_printerr ("cabine-devices: decode: %s\n", error->message);
          return 1;
        }
      return 0;
    }
  if (g_str_equal (argv[1], "udev-rules"))
    {
      g_autofree char *rules = cabine_udev_rules_generate ();

      fputs (rules, stdout);
      return fflush (stdout) == 0 ? 0 : 1;
    }
  if (g_str_equal (argv[1], "list"))
    return run_manager (FALSE, 0, wait);
  if (g_str_equal (argv[1], "watch"))
    return run_manager (TRUE, count, timeout);
  return usage (context, "unknown command (list, watch, decode or udev-rules)");
}
