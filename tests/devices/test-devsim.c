/* test-devsim.c: the cabine-devsim program: its preload companion, testbed cleanup, signals,
 * --unplug-after
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs build/devices/sim/cabine-devsim with this same binary as COMMAND, in one of the child
 * modes below (argv[1]), and checks devsim's exit status and what the child reported.
 */
#define G_LOG_DOMAIN "cabine-test"

#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

static char *self_path;

static guint
count_fds (void)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/fd", 0, NULL);
  guint n = 0;

  while (dir != NULL && g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

/* Child modes, run under devsim. */
static int
child_main (int argc, char **argv)
{
  const char *mode = argv[1];

  printf ("%s\n", g_getenv ("UMOCKDEV_DIR") ? g_getenv ("UMOCKDEV_DIR") : "");
  if (g_str_equal (mode, "--open-absent"))
    {
      /* what ALSA does on a machine without a sound card, four times over */
      for (int i = 0; i < 256; i++)
        {
          g_autofree char *path = g_strdup_printf ("/dev/snd/controlC%d", i % 32);
          int fd = open (path, O_RDWR | O_CLOEXEC);

          if (fd >= 0)
            close (fd);
          else if (errno != ENOENT && errno != EACCES)
            return 3;   /* errno must be the open's */
        }
      printf ("%u\n", count_fds ());
      return 0;
    }
  if (g_str_equal (mode, "--sleep"))
    {
      fflush (stdout);
      g_usleep (30 * G_USEC_PER_SEC);
      return 0;
    }
  if (g_str_equal (mode, "--wait-unplug"))
    {
      /* the thermometer is bus 1 device 2; it must be there, then leave */
      if (!g_file_test ("/sys/devices/usb1/1-2", G_FILE_TEST_EXISTS))
        return 4;
      for (int i = 0; i < 100 && g_file_test ("/sys/devices/usb1/1-2", G_FILE_TEST_EXISTS); i++)
        g_usleep (G_USEC_PER_SEC / 20);
      return g_file_test ("/sys/devices/usb1/1-2", G_FILE_TEST_EXISTS) ? 5 : 0;
    }
  return 2;
}

static GSubprocess *
spawn_devsim (const char *option, const char *mode)
{
  g_autofree char *devsim = g_build_filename (g_getenv ("CABINE_BUILD_DIR"), "devices", "sim",
                                              "cabine-devsim", NULL);
  g_autoptr(GError) error = NULL;
  GSubprocess *proc;

  if (option != NULL)
    proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, devsim, option, "--",
                             self_path, mode, NULL);
  else
    proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, devsim, "--", self_path,
                             mode, NULL);
  g_assert_no_error (error);
  return proc;
}

static char *
read_line (GSubprocess *proc)
{
  g_autoptr(GDataInputStream) in = g_data_input_stream_new (g_subprocess_get_stdout_pipe (proc));
  g_autoptr(GError) error = NULL;
  char *line;

  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (in), FALSE);
  line = g_data_input_stream_read_line (in, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  return line;
}

/* libumockdev-preload 0.17 aborts after 50 failed opens of /dev paths without the companion. */
static void
test_failed_opens (void)
{
  g_autoptr(GSubprocess) proc = spawn_devsim (NULL, "--open-absent");
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;

  g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (proc));
  g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 0);
  lines = g_strsplit (out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), >=, 2);
  g_assert_true (g_str_has_prefix (lines[0], g_get_tmp_dir ()));
  /* no socket left behind per failed open either */
  g_assert_cmpuint (g_ascii_strtoull (lines[1], NULL, 10), <, 16);
  g_assert_false (g_file_test (lines[0], G_FILE_TEST_EXISTS));
}

static void
test_sigterm (void)
{
  g_autoptr(GSubprocess) proc = spawn_devsim (NULL, "--sleep");
  g_autofree char *root = read_line (proc);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_test (root, G_FILE_TEST_IS_DIR));
  g_subprocess_send_signal (proc, SIGTERM);
  g_subprocess_wait (proc, NULL, &error);
  g_assert_no_error (error);
  /* forwarded to the child, whose death by SIGTERM devsim reports as 128 + 15 */
  g_assert_true (g_subprocess_get_if_exited (proc));
  g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 128 + SIGTERM);
  g_assert_false (g_file_test (root, G_FILE_TEST_EXISTS));
}

static void
test_unplug_after (void)
{
  g_autoptr(GSubprocess) proc = spawn_devsim ("--unplug-after=0.5", "--wait-unplug");
  g_autoptr(GError) error = NULL;

  g_subprocess_wait (proc, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (proc));
  g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 0);
}

static void
test_bad_option (void)
{
  g_autoptr(GSubprocess) proc = spawn_devsim ("--unplug-after=-1", "--sleep");
  g_autoptr(GError) error = NULL;

  g_subprocess_wait (proc, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 2);
}

int
main (int argc, char **argv)
{
  if (argc >= 2 && (g_str_equal (argv[1], "--open-absent") || g_str_equal (argv[1], "--sleep") ||
                    g_str_equal (argv[1], "--wait-unplug")))
    return child_main (argc, argv);
  self_path = g_canonicalize_filename (argv[0], NULL);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/devsim/failed-opens", test_failed_opens);
  g_test_add_func ("/devsim/sigterm", test_sigterm);
  g_test_add_func ("/devsim/unplug-after", test_unplug_after);
  g_test_add_func ("/devsim/bad-option", test_bad_option);
  return g_test_run ();
}
