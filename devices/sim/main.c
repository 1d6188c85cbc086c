/* main.c: cabine-devsim, run a program against simulated USB instruments
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * cabine-devsim [--thermometer] [--blood-pressure] [--oximeter] [--scale] [--omron] [--cms50d]
 *               [--interval SECONDS] [--count N] -- COMMAND [ARGS…]
 *
 * Builds a umockdev testbed holding the emulated instruments (each its own USB device on bus 1:
 * thermometer device 2, blood pressure 3, oximeter 4, scale 5; VID:PID 1209:0001..0004, serials
 * SIM-0001..0004; the thermometer alone when no instrument is named; --omron adds an Omron
 * HEM-790IT, USB HID 0590:0028, device 6, holding 3 stored readings; --cms50d a Contec CMS50D+
 * behind a CP210x bridge 10c4:ea60, device 7, streaming live frames, finger in for --interval), runs COMMAND with UMOCKDEV_DIR and
 * LD_PRELOAD=libumockdev-preload.so.0 (as umockdev-run does), serves its USB ioctls until it
 * exits, and exits with its status (128 + N when it died of signal N).
 *
 * LD_PRELOAD is "libcabine-devsim-preload.so:libumockdev-preload.so.0": the first releases what
 * umockdev 0.17 registers for failed opens of /dev paths (see cabine-devsim-preload.c). The
 * testbed directory (/tmp/umockdev.XXXXXX) is removed when devsim exits. SIGINT and SIGTERM are
 * forwarded to COMMAND (devsim exits when it does); SIGUSR1 unplugs every instrument now, as
 * --unplug-after=SECONDS does after that delay (an unplugged instrument stays unplugged).
 * Killing devsim with SIGKILL leaves COMMAND without its ioctl server: libumockdev-preload then
 * exits it with status 1 on its next ioctl on an emulated device, or it gets SIGKILL'ed (137).
 */
#define G_LOG_DOMAIN "cabine-devsim"
#define _GNU_SOURCE  /* nftw(), RTLD_NEXT, O_TMPFILE */

#include <ftw.h>
#include <glib-unix.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <signal.h>
#include <stdlib.h>

#include "cabine-devsim-cms50.h"
#include "cabine-devsim-omron.h"
#include "cabine-devsim-phdc.h"

static GMainLoop *loop;
static int child_status;
static GPid child_pid;
static GPtrArray *sims;   /* CabineDevsimUsb */
static gboolean unplugged;

static void
child_exited (GPid pid, int status, gpointer user_data)
{
  child_status = status;
  g_spawn_close_pid (pid);
  g_main_loop_quit (loop);
}

/* SIGINT/SIGTERM: passed on to COMMAND; devsim leaves (and cleans up) when COMMAND does. */
static gboolean
forward_signal (gpointer user_data)
{
  kill (child_pid, GPOINTER_TO_INT (user_data));
  return G_SOURCE_CONTINUE;
}

/* --unplug-after / SIGUSR1: every instrument's cable pulled at once. */
static gboolean
unplug_all (gpointer user_data)
{
  gboolean once = GPOINTER_TO_INT (user_data);

  if (!unplugged)
    {
      unplugged = TRUE;
      g_printerr ("cabine-devsim: unplugging %u instrument(s)\n", sims->len);
      for (guint i = 0; i < sims->len; i++)
        cabine_devsim_usb_unplug (CABINE_DEVSIM_USB (g_ptr_array_index (sims, i)));
    }
  return once ? G_SOURCE_REMOVE : G_SOURCE_CONTINUE;
}

static int
remove_entry (const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
  if (g_remove (path) != 0)
    g_printerr ("cabine-devsim: cannot remove %s: %s\n", path, g_strerror (errno));
  return 0;
}

/* The testbed directory, with its sockets and files (the testbed object itself is kept alive by
 * the reference cycle with its ioctl handlers, so its finalizer never runs). */
static void
remove_testbed (const char *root)
{
  if (root != NULL && g_str_has_prefix (root, g_get_tmp_dir ()))
    nftw (root, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* The companion preload: next to this executable (build tree), else where it is installed. */
static char *
find_companion_preload (void)
{
  g_autofree char *self_exe = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *dir = self_exe ? g_path_get_dirname (self_exe) : NULL;
  g_autofree char *local = dir ? g_build_filename (dir, "libcabine-devsim-preload.so", NULL) : NULL;

  if (local != NULL && g_file_test (local, G_FILE_TEST_EXISTS))
    return g_steal_pointer (&local);
  if (g_file_test (CABINE_DEVSIM_PRELOAD_PATH, G_FILE_TEST_EXISTS))
    return g_strdup (CABINE_DEVSIM_PRELOAD_PATH);
  return NULL;
}

static int run (int argc, char **argv, char **root);

int
main (int argc, char **argv)
{
  g_autofree char *root = NULL;
  int status;

  setlocale (LC_ALL, "");
  sims = g_ptr_array_new_with_free_func (g_object_unref);
  status = run (argc, argv, &root);
  remove_testbed (root);
  return status;
}

static int
run (int argc, char **argv, char **root)
{
  gboolean enabled[4] = { FALSE };
  gboolean omron = FALSE, cms50d = FALSE;
  double interval = 5.0, unplug_after = 0;
  int count = 0;
  g_auto(GStrv) command = NULL;
  GOptionEntry entries[] = {
    { "thermometer", 0, 0, G_OPTION_ARG_NONE, &enabled[CABINE_DEVSIM_KIND_THERMOMETER],
      "Add an IEEE 11073-10408 thermometer (the default when no instrument is named)", NULL },
    { "blood-pressure", 0, 0, G_OPTION_ARG_NONE, &enabled[CABINE_DEVSIM_KIND_BLOOD_PRESSURE],
      "Add an IEEE 11073-10407 blood-pressure monitor", NULL },
    { "oximeter", 0, 0, G_OPTION_ARG_NONE, &enabled[CABINE_DEVSIM_KIND_PULSE_OXIMETER],
      "Add an IEEE 11073-10404 pulse oximeter", NULL },
    { "scale", 0, 0, G_OPTION_ARG_NONE, &enabled[CABINE_DEVSIM_KIND_SCALE],
      "Add an IEEE 11073-10415 weighing scale", NULL },
    { "omron", 0, 0, G_OPTION_ARG_NONE, &omron,
      "Add an Omron HEM-790IT blood-pressure monitor (USB HID vendor protocol)", NULL },
    { "cms50d", 0, 0, G_OPTION_ARG_NONE, &cms50d,
      "Add a Contec CMS50D+ pulse oximeter behind a CP210x bridge (live serial frames)", NULL },
    { "interval", 0, 0, G_OPTION_ARG_DOUBLE, &interval,
      "Seconds between association and each reading (default 5)", "SECONDS" },
    { "count", 0, 0, G_OPTION_ARG_INT, &count,
      "Readings before each instrument releases the association (0 = never)", "N" },
    { "unplug-after", 0, 0, G_OPTION_ARG_DOUBLE, &unplug_after,
      "Unplug every instrument SECONDS after COMMAND starts (0 = never; SIGUSR1 unplugs now)",
      "SECONDS" },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, &command, NULL, "-- COMMAND [ARGS…]" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(UMockdevTestbed) testbed = NULL;
  gboolean any = FALSE;
  g_auto(GStrv) envp = NULL;
  g_autofree char *preload = NULL;
  g_autofree char *companion = NULL;
  const char *old_preload;

  g_option_context_set_summary (context, "Run COMMAND against simulated USB instruments "
                                         "(umockdev; the program's own libusb code is unmodified).");
  g_option_context_set_description (context,
    "SIGINT and SIGTERM are passed on to COMMAND; devsim exits with its status (128 + N when it\n"
    "died of signal N) and removes its testbed directory. SIGUSR1 unplugs every instrument at\n"
    "once, as --unplug-after does; an unplugged instrument stays unplugged until devsim is\n"
    "restarted. Killing devsim itself (SIGKILL) takes the emulated devices' ioctl server away:\n"
    "COMMAND then dies (libumockdev-preload exits it, or it is killed: status 137).");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("cabine-devsim: %s\n", error->message);
      return 2;
    }
  if (command == NULL || command[0] == NULL)
    {
      g_printerr ("cabine-devsim: no COMMAND given (see --help)\n");
      return 2;
    }
  if (interval < 0.05 || interval > 3600 || count < 0 || unplug_after < 0 || unplug_after > 86400)
    {
      g_printerr ("cabine-devsim: --interval must be within 0.05..3600, --count ≥ 0 and "
                  "--unplug-after within 0..86400\n");
      return 2;
    }
  for (guint k = 0; k < G_N_ELEMENTS (enabled); k++)
    any |= enabled[k];
  if (!any && !omron && !cms50d)
    enabled[CABINE_DEVSIM_KIND_THERMOMETER] = TRUE;

  testbed = umockdev_testbed_new ();  /* sets UMOCKDEV_DIR in our environment */
  *root = g_strdup (umockdev_testbed_get_root_dir (testbed));
  for (guint k = 0; k < G_N_ELEMENTS (enabled); k++)
    {
      CabineDevsimPhdc *sim;
      g_autofree char *syspath = NULL;

      if (!enabled[k])
        continue;
      sim = cabine_devsim_phdc_new_kind ((CabineDevsimKind) k, (guint) (interval * 1000),
                                         (guint) count);
      g_ptr_array_add (sims, sim);
      syspath = cabine_devsim_phdc_add (sim, testbed, 2 + k, &error);
      if (syspath == NULL)
        {
          g_printerr ("cabine-devsim: cannot emulate the %s: %s\n",
                      cabine_devsim_profile ((CabineDevsimKind) k)->name, error->message);
          return 1;
        }
    }

  if (omron)
    {
      CabineDevsimOmron *sim = cabine_devsim_omron_new (3, CABINE_DEVSIM_OMRON_OK);
      g_autofree char *syspath = NULL;

      g_ptr_array_add (sims, sim);
      syspath = cabine_devsim_omron_add (sim, testbed, 6, &error);
      if (syspath == NULL)
        {
          g_printerr ("cabine-devsim: cannot emulate the Omron monitor: %s\n", error->message);
          return 1;
        }
    }
  if (cms50d)
    {
      CabineDevsimCms50 *sim = cabine_devsim_cms50_new ((guint) (interval * 1000), FALSE);
      g_autofree char *syspath = NULL;

      g_ptr_array_add (sims, sim);
      syspath = cabine_devsim_cms50_add (sim, testbed, 7, &error);
      if (syspath == NULL)
        {
          g_printerr ("cabine-devsim: cannot emulate the CMS50D+: %s\n", error->message);
          return 1;
        }
    }

  envp = g_get_environ ();
  old_preload = g_environ_getenv (envp, "LD_PRELOAD");
  companion = find_companion_preload ();
  if (companion == NULL)
    g_warning ("%s not found: a program that fails to open 50 device nodes will abort "
               "(libumockdev-preload fd_map_add(): overflow)", CABINE_DEVSIM_PRELOAD_PATH);
  /* the caller's preloads first, as before; the companion right before umockdev's */
  preload = g_strdup_printf ("%s%s%s%s%s", old_preload && *old_preload ? old_preload : "",
                             old_preload && *old_preload ? ":" : "", companion ? companion : "",
                             companion ? ":" : "", "libumockdev-preload.so.0");
  envp = g_environ_setenv (envp, "LD_PRELOAD", preload, TRUE);

  /* Caught from here on, dispatched once the loop runs (child_pid is set by then): a SIGUSR1 sent
   * as soon as COMMAND reports its first device must unplug, not kill devsim by default action. */
  g_unix_signal_add (SIGTERM, forward_signal, GINT_TO_POINTER (SIGTERM));
  g_unix_signal_add (SIGINT, forward_signal, GINT_TO_POINTER (SIGINT));
  g_unix_signal_add (SIGUSR1, unplug_all, GINT_TO_POINTER (FALSE));
  if (!g_spawn_async (NULL, command, envp, G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD,
                      NULL, NULL, &child_pid, &error))
    {
      g_printerr ("cabine-devsim: cannot run %s: %s\n", command[0], error->message);
      return 1;
    }
  loop = g_main_loop_new (NULL, FALSE);
  g_child_watch_add (child_pid, child_exited, NULL);
  if (unplug_after > 0)
    g_timeout_add ((guint) (unplug_after * 1000), unplug_all, GINT_TO_POINTER (TRUE));
  g_main_loop_run (loop);
  g_main_loop_unref (loop);

  g_ptr_array_set_size (sims, 0);
  g_clear_object (&testbed);
  if (WIFEXITED (child_status))
    return WEXITSTATUS (child_status);
  if (WIFSIGNALED (child_status))
    return 128 + WTERMSIG (child_status);
  return 1;
}
