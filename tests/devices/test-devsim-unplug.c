/* test-devsim-unplug.c: cabine-devsim's unplug (SIGUSR1, --unplug-after) as the device manager in
 * the program it runs sees it
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs build/devices/sim/cabine-devsim with this same binary as COMMAND in --manager mode: a
 * CabineDeviceManager in another process than the testbed, as the kiosk runs under devsim. The
 * child prints "added ID" when the thermometer arrives, then "removed ID" when the manager sees
 * it leave, and exits 0; it exits 4 when nothing arrives and 5 when the removal is not seen within
 * 5 s of the unplug (the kiosk must not wait for a reading from an instrument that is gone).
 */
#define G_LOG_DOMAIN "cabine-test"

#include <gio/gio.h>
#include <signal.h>
#include <stdio.h>

#include "cabine-device-manager.h"

static char *self_path;

typedef struct {
  GMainLoop *loop;
  char *added;
  char *removed;
} Child;

static void
on_added (CabineDeviceManager *manager, const char *id, const char *description, Child *c)
{
  if (c->added == NULL)
    {
      c->added = g_strdup (id);
      printf ("added %s\n", id);
      fflush (stdout);
    }
}

static void
on_removed (CabineDeviceManager *manager, const char *id, Child *c)
{
  if (c->removed == NULL)
    {
      c->removed = g_strdup (id);
      printf ("removed %s\n", id);
      fflush (stdout);
      g_main_loop_quit (c->loop);
    }
}

static gboolean
give_up (gpointer data)
{
  g_main_loop_quit (((Child *) data)->loop);
  return G_SOURCE_REMOVE;
}

static int
child_main (void)
{
  Child c = { 0 };
  g_autoptr(CabineDeviceManager) manager = cabine_device_manager_new ();
  g_autoptr(GError) error = NULL;
  int status;

  c.loop = g_main_loop_new (NULL, FALSE);
  g_signal_connect (manager, "device-added", G_CALLBACK (on_added), &c);
  g_signal_connect (manager, "device-removed", G_CALLBACK (on_removed), &c);
  if (!cabine_device_manager_start (manager, &error))
    {
      g_printerr ("%s\n", error->message);
      return 3;
    }
  /* arrival, then (the parent unplugs it as soon as it reads "added") the removal */
  g_timeout_add_seconds (20, give_up, &c);
  g_main_loop_run (c.loop);
  status = c.added == NULL ? 4 : c.removed == NULL ? 5 : 0;
  cabine_device_manager_stop (manager);
  g_main_loop_unref (c.loop);
  g_free (c.added);
  g_free (c.removed);
  return status;
}

static GSubprocess *
spawn_devsim (const char *option)
{
  g_autofree char *devsim = g_build_filename (g_getenv ("CABINE_BUILD_DIR"), "devices", "sim",
                                              "cabine-devsim", NULL);
  g_autoptr(GError) error = NULL;
  GSubprocess *proc;

  /* readings every 60 s: nothing is in transfer when the cable goes, only the pending bulk IN */
  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, devsim, "--thermometer",
                           "--interval=60", option, "--", self_path, "--manager", NULL);
  g_assert_no_error (error);
  return proc;
}

static char *
read_line (GDataInputStream *in)
{
  g_autoptr(GError) error = NULL;
  char *line = g_data_input_stream_read_line (in, NULL, NULL, &error);

  g_assert_no_error (error);
  return line;
}

static void
run_case (const char *option, gboolean signal)
{
  g_autoptr(GSubprocess) proc = spawn_devsim (option);
  g_autoptr(GDataInputStream) in = g_data_input_stream_new (g_subprocess_get_stdout_pipe (proc));
  g_autoptr(GError) error = NULL;
  g_autofree char *added = read_line (in);
  g_autofree char *removed = NULL;
  gint64 unplugged;

  g_assert_cmpstr (added, ==, "added usb-001-002");
  if (signal)
    g_subprocess_send_signal (proc, SIGUSR1);
  unplugged = g_get_monotonic_time ();
  removed = read_line (in);
  g_assert_cmpstr (removed, ==, "removed usb-001-002");
  if (signal)   /* seen at once, not after some timeout */
    g_assert_cmpint (g_get_monotonic_time () - unplugged, <, 5 * G_USEC_PER_SEC);
  g_subprocess_wait (proc, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (proc));
  g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 0);
}

static void
test_sigusr1 (void)
{
  run_case ("--unplug-after=0", TRUE);
}

static void
test_unplug_after (void)
{
  run_case ("--unplug-after=2", FALSE);
}

int
main (int argc, char **argv)
{
  if (argc >= 2 && g_str_equal (argv[1], "--manager"))
    return child_main ();
  self_path = g_canonicalize_filename (argv[0], NULL);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/devsim-unplug/sigusr1", test_sigusr1);
  g_test_add_func ("/devsim-unplug/unplug-after", test_unplug_after);
  return g_test_run ();
}
