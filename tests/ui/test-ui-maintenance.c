/* test-ui-maintenance.c: the operator's maintenance pages under X, in English and French:
 * cameras, sound, network (STUN/TURN against a coturn started here), cleaning (recording one lifts
 * the refusal of new patients at once), the other pages, and the restart's command line
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Screenshots go to $CABINE_ARTIFACTS_DIR/ui (or <build>/tests/ui/screenshots), named
 * maintenance-<page>-<lang>.png.
 */
#include "ui-test-util.h"
#include <gio/gio.h>
#include <signal.h>
#include <sys/prctl.h>
#include <glib/gstdio.h>
#include <gst/gst.h>
#include <gtk/gtk.h>

#include "cabine-i18n.h"
#include "cabine-maint-audio-page.h"
#include "cabine-maint-instruments-page.h"
#include "cabine-maint-network-page.h"
#include "cabine-maint-restart.h"
#include "cabine-maint-video-page.h"
#include "cabine-maintenance-page.h"
#include "cabine-pin.h"
#include "cabine-session.h"
#include "cabine-ui-util.h"
#include "cabine-window.h"
#include "cabine-test-tree.h"

typedef struct {
  char          *dir;
  char          *db;
  char          *conf;
  CabineSession *session;
  CabineStore   *store;
  CabineWindow  *window;
  GSubprocess   *turn;
} Fixture;

typedef struct {
  guint    cleaning_hours;
  gboolean with_turn;
} Params;


static guint16
free_udp_port (void)
{
  g_autoptr(GSocket) s = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM, G_SOCKET_PROTOCOL_UDP, NULL);
  g_autoptr(GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (lo, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  g_assert_true (g_socket_bind (s, any, FALSE, NULL));
  bound = g_socket_get_local_address (s, NULL);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

/* coturn on 127.0.0.1 with one long-term-credential user; NULL when it is not installed. */
static GSubprocess *
start_turn (const char *dir,
            guint16     port)
{
  g_autofree char *path = g_find_program_in_path ("turnserver");
  g_autofree char *port_text = g_strdup_printf ("%u", port);
  g_autofree char *db = g_build_filename (dir, "turn.sqlite", NULL);
  g_autofree char *log = g_build_filename (dir, "turn.log", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  GSubprocess *p;

  if (path == NULL)
    return NULL;
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  /* The server must not outlive a test that aborts. */
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  p = g_subprocess_launcher_spawn (launcher, &error,
                        path, "-n", "--no-cli", "--no-tls", "--no-dtls", "-L", "127.0.0.1", "-E", "127.0.0.1",
                        "-p", port_text, "--allow-loopback-peers", "-a", "-u", "cabine:secret", "-r", "cabine",
                        "--userdb", db, "--log-file", log, "--pidfile", "", "--no-stdout-log",
                        "--min-port", "50000", "--max-port", "50099", NULL);
  g_assert_no_error (error);
  cabine_ui_test_spin (1500);
  return p;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  const Params *params = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CabineConfig) config = NULL;
  g_autofree char *text = NULL;
  g_autofree char *turn_conf = NULL;
  g_autofree char *hash = cabine_pin_hash ("2468", &error);

  g_assert_no_error (error);
  f->dir = g_dir_make_tmp ("cabine-maint-XXXXXX", &error);
  g_assert_no_error (error);
  f->db = g_build_filename (f->dir, "kiosk.db", NULL);
  f->conf = g_build_filename (f->dir, "kiosk.conf", NULL);
  if (params->with_turn)
    {
      guint16 port = free_udp_port ();

      f->turn = start_turn (f->dir, port);
      turn_conf = g_strdup_printf ("stun-server=stun:127.0.0.1:%u\nturn-server=turn:127.0.0.1:%u?transport=udp\n"
                                   "turn-username=cabine\nturn-credential=secret\nice-loopback=true\n", port, port);
    }
  text = g_strdup_printf ("[kiosk]\nid=cabin-test\ntoken=t\nhub-url=ws://127.0.0.1:9/ws\ndatabase=%s\n"
                          "[media]\nvideo-source=test\naudio-source=test\naudio-sink=fake\n%s"
                          "[devices]\nenabled=false\n[ui]\nspoken-prompts=false\n"
                          "[maintenance]\npin-hash=%s\ncleaning-interval-hours=%u\n",
                          f->db, turn_conf != NULL ? turn_conf : "", hash, params->cleaning_hours);
  g_file_set_contents (f->conf, text, -1, &error);
  g_assert_no_error (error);
  config = cabine_config_new_from_file (f->conf, &error);
  g_assert_no_error (error);
  f->store = cabine_store_open (f->db, &error);
  g_assert_no_error (error);
  f->session = cabine_session_new (config, f->store);
  f->window = cabine_window_new (NULL, f->session, 30);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1280, 800);
  gtk_window_present (GTK_WINDOW (f->window));
  cabine_i18n_set_language ("en");
  cabine_ui_test_spin (200);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  cabine_ui_test_spin (50);
  g_clear_object (&f->session);
  g_clear_object (&f->store);
  if (f->turn != NULL)
    {
      g_subprocess_force_exit (f->turn);
      g_subprocess_wait (f->turn, NULL, NULL);
      g_clear_object (&f->turn);
    }
  cabine_test_remove_tree (f->dir);
  g_free (f->db);
  g_free (f->conf);
  g_free (f->dir);
}

static gboolean
has_buildable_id (GtkWidget *w, gconstpointer id)
{
  return g_strcmp0 (gtk_buildable_get_buildable_id (GTK_BUILDABLE (w)), id) == 0;
}

static GtkWidget *
find_buildable (GtkWidget  *root,
                const char *id)
{
  return cabine_ui_test_find (root, has_buildable_id, id);
}

static gboolean
is_of_type (GtkWidget *w, gconstpointer type)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (w, *(const GType *) type);
}

static GtkWidget *
find_type (GtkWidget *root,
           GType      type)
{
  return cabine_ui_test_find (root, is_of_type, &type);
}

/* Visible, non-empty label texts under @root, joined by newlines. */
static void
collect_strings (GtkWidget *root,
                 GString   *out)
{
  if (!gtk_widget_get_visible (root) || !gtk_widget_get_child_visible (root))
    return;
  if (GTK_IS_LABEL (root) && *gtk_label_get_label (GTK_LABEL (root)) != '\0')
    g_string_append_printf (out, "%s\n", gtk_label_get_text (GTK_LABEL (root)));
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    collect_strings (c, out);
}

static char *
page_strings (GtkWidget *root)
{
  GString *s = g_string_new (NULL);

  collect_strings (root, s);
  return g_string_free (s, FALSE);
}

static void
click (GtkWidget  *root,
       const char *name)
{
  GtkWidget *w = cabine_ui_test_find_named (root, name);

  g_assert_nonnull (w);
  g_assert_true (gtk_widget_is_sensitive (w));
  g_signal_emit_by_name (w, "clicked");
}

static CabineMaintenancePage *
enter_maintenance (Fixture *f)
{
  GtkWidget *page;

  cabine_window_open_pin_page (f->window);
  cabine_ui_test_spin (100);
  g_assert_cmpstr (cabine_window_get_page (f->window), ==, "pin");
  g_signal_emit_by_name (cabine_window_get_page_widget (f->window), "entered", "2468");
  cabine_ui_test_spin (100);
  g_assert_cmpstr (cabine_window_get_page (f->window), ==, "maintenance");
  page = cabine_window_get_page_widget (f->window);
  g_assert_true (CABINE_IS_MAINTENANCE_PAGE (page));
  return CABINE_MAINTENANCE_PAGE (page);
}

static gboolean
wait_for (gboolean (*done) (gpointer),
          gpointer   data,
          guint      ms)
{
  gint64 until = g_get_monotonic_time () + (gint64) ms * 1000;

  while (!done (data) && g_get_monotonic_time () < until)
    cabine_ui_test_spin (20);
  return done (data);
}

static gboolean
network_done (gpointer data)
{
  return cabine_maint_network_page_is_done (data);
}

static gboolean
tone_done (gpointer data)
{
  return cabine_maint_audio_page_get_tones_played (data) > 0;
}

static gboolean
peak_seen (gpointer data)
{
  return cabine_maint_audio_page_get_peak_db (data) > -50.0;
}

static const char * const pages[] = { "instruments", "cameras", "sound", "network", "cleaning", "logs",
                                      "configuration", "power", NULL };

/* Shows every page in @lang, exercising the camera, sound and network ones; returns their strings. */
static GPtrArray *
walk (Fixture    *f,
      const char *lang)
{
  GPtrArray *strings = g_ptr_array_new_with_free_func (g_free);
  CabineMaintenancePage *m;

  cabine_i18n_set_language (lang);
  m = enter_maintenance (f);
  for (guint i = 0; pages[i] != NULL; i++)
    {
      g_autofree char *shot = g_strdup_printf ("maintenance-%s-%s", pages[i], lang);
      GtkWidget *child;

      cabine_maintenance_page_show (m, pages[i]);
      cabine_ui_test_spin (300);
      g_assert_cmpstr (cabine_maintenance_page_get_visible (m), ==, pages[i]);
      child = find_type (GTK_WIDGET (m), GTK_TYPE_STACK);
      child = gtk_stack_get_visible_child (GTK_STACK (child));
      if (g_str_equal (pages[i], "cameras"))
        {
          cabine_ui_test_spin (500); /* a few frames */
          g_assert_cmpuint (cabine_maint_video_page_count_running (CABINE_MAINT_VIDEO_PAGE (child)), ==, 2);
        }
      else if (g_str_equal (pages[i], "sound"))
        {
          g_assert_true (wait_for (peak_seen, child, 3000));
          click (child, "play-tone");
          g_assert_true (wait_for (tone_done, child, 5000));
        }
      else if (g_str_equal (pages[i], "network"))
        {
          click (child, "network-test");
          g_assert_true (wait_for (network_done, child, CABINE_MAINT_NETWORK_ICE_TIMEOUT_MS + 7000));
          /* No hub listens on port 9; no STUN server is configured here but the hub's host. */
        }
      cabine_ui_test_save_png (GTK_WIDGET (f->window), shot);
      g_ptr_array_add (strings, page_strings (child));
    }
  /* Leaving a page stops its pipelines. */
  cabine_maintenance_page_show (m, "instruments");
  cabine_ui_test_spin (100);
  {
    GtkWidget *video = find_type (GTK_WIDGET (m), CABINE_TYPE_MAINT_VIDEO_PAGE);
    g_assert_cmpuint (cabine_maint_video_page_count_running (CABINE_MAINT_VIDEO_PAGE (video)), ==, 0);
  }
  click (GTK_WIDGET (m), "leave");
  cabine_ui_test_spin (300);
  g_assert_cmpstr (cabine_window_get_page (f->window), ==, "welcome");
  return strings;
}

static void
test_pages_both_languages (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GPtrArray) en = walk (f, "en");
  g_autoptr(GPtrArray) fr = walk (f, "fr");

  g_assert_cmpuint (en->len, ==, fr->len);
  for (guint i = 0; i < en->len; i++)
    {
      g_auto(GStrv) e = g_strsplit (en->pdata[i], "\n", -1);
      g_auto(GStrv) r = g_strsplit (fr->pdata[i], "\n", -1);

      /* The configuration is key-file text and the logs name audit events: not translated. */
      if (g_str_equal (pages[i], "configuration") || g_str_equal (pages[i], "logs"))
        continue;
      for (guint k = 0; e[k] != NULL && r[k] != NULL; k++)
        {
          if (strlen (e[k]) < 4 || g_str_equal (e[k], "Instruments") || g_str_equal (e[k], "Maintenance") ||
              g_str_equal (e[k], "Configuration"))
            continue;
          if (g_str_equal (e[k], r[k]))
            g_error ("untranslated on %s: \"%s\"", pages[i], e[k]);
        }
    }
}

static void
test_network_stun_turn (Fixture       *f,
                        gconstpointer  data)
{
  CabineMaintenancePage *m;
  GtkWidget *page;
  g_autofree char *text = NULL;

  if (f->turn == NULL)
    {
      g_test_skip ("coturn's turnserver is not installed");
      return;
    }
  m = enter_maintenance (f);
  cabine_maintenance_page_show (m, "network");
  cabine_ui_test_spin (100);
  page = find_type (GTK_WIDGET (m), CABINE_TYPE_MAINT_NETWORK_PAGE);
  click (page, "network-test");
  g_assert_true (wait_for (network_done, page, CABINE_MAINT_NETWORK_ICE_TIMEOUT_MS + 7000));
  g_assert_nonnull (cabine_maint_network_page_get_srflx (CABINE_MAINT_NETWORK_PAGE (page)));
  g_assert_true (g_str_has_prefix (cabine_maint_network_page_get_srflx (CABINE_MAINT_NETWORK_PAGE (page)), "127.0.0.1:"));
  g_assert_nonnull (cabine_maint_network_page_get_relay (CABINE_MAINT_NETWORK_PAGE (page)));
  g_assert_true (g_str_has_prefix (cabine_maint_network_page_get_relay (CABINE_MAINT_NETWORK_PAGE (page)), "127.0.0.1:"));
  cabine_ui_test_save_png (GTK_WIDGET (f->window), "maintenance-network-turn-en");
  text = page_strings (page);
  g_assert_nonnull (strstr (text, "granted a relay"));
}

static void
test_cleaning_lifts_refusal (Fixture       *f,
                             gconstpointer  data)
{
  static const char *message = "please ask the pharmacy staff";
  g_autoptr(GError) error = NULL;
  g_autofree char *welcome = NULL;
  g_autofree char *cleaning = NULL;
  g_autofree char *after = NULL;
  CabineMaintenancePage *m;
  GtkWidget *french;

  /* Never cleaned, interval 1 h: the welcome page refuses, with the message to the pharmacy. */
  g_assert_true (cabine_session_cleaning_overdue (f->session));
  g_assert_cmpstr (cabine_window_get_page (f->window), ==, "welcome");
  welcome = page_strings (cabine_window_get_page_widget (f->window));
  g_assert_nonnull (strstr (welcome, message));
  french = find_buildable (cabine_window_get_page_widget (f->window), "french_button");
  g_assert_nonnull (french);
  g_assert_false (gtk_widget_is_sensitive (french));
  cabine_ui_test_save_png (GTK_WIDGET (f->window), "welcome-cleaning-due");
  g_assert_false (cabine_session_begin (f->session, "fr", &error));
  g_assert_error (error, CABINE_SESSION_ERROR, CABINE_SESSION_ERROR_CLEANING_DUE);
  g_clear_error (&error);

  for (guint lang = 0; lang < 2; lang++)
    {
      g_autofree char *shot = g_strdup_printf ("maintenance-cleaning-due-%s", lang == 0 ? "en" : "fr");

      cabine_i18n_set_language (lang == 0 ? "en" : "fr");
      m = enter_maintenance (f);
      cabine_maintenance_page_show (m, "cleaning");
      cabine_ui_test_spin (200);
      cabine_ui_test_save_png (GTK_WIDGET (f->window), shot);
      if (lang == 1)
        break;
      click (GTK_WIDGET (m), "leave");
      cabine_ui_test_spin (200);
    }
  cleaning = page_strings (GTK_WIDGET (m));
  g_assert_nonnull (strstr (cleaning, "refuse"));      /* "… refuse les nouveaux patients" */
  click (GTK_WIDGET (m), "record-cleaning");
  cabine_ui_test_spin (100);
  g_assert_false (cabine_session_cleaning_overdue (f->session));
  after = page_strings (GTK_WIDGET (m));
  g_assert_null (strstr (after, "refuse"));
  cabine_ui_test_save_png (GTK_WIDGET (f->window), "maintenance-cleaning-done-fr");

  /* Back on welcome: open at once, and a patient may begin. */
  click (GTK_WIDGET (m), "leave");
  cabine_ui_test_spin (300);
  g_assert_cmpstr (cabine_window_get_page (f->window), ==, "welcome");
  g_free (welcome);
  welcome = page_strings (cabine_window_get_page_widget (f->window));
  g_assert_null (strstr (welcome, message));
  g_assert_true (gtk_widget_is_sensitive (french));
  cabine_ui_test_save_png (GTK_WIDGET (f->window), "welcome-after-cleaning");
  g_assert_true (cabine_session_begin (f->session, "fr", &error));
  g_assert_no_error (error);
  cabine_session_cancel (f->session);
  cabine_ui_test_spin (100);
}

static void
on_self_test_done (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GError **error = user_data;
  g_autoptr(CabineDeviceSelfTest) test =
    cabine_device_manager_self_test_finish (CABINE_DEVICE_MANAGER (source), result, error);

  g_assert_null (test);
}

/* With a device manager (not started: no USB here) the page lists nothing, says so, and a
 * self-test of an unknown device fails with NOT_FOUND. The self-test against an agent is tested
 * in tests/unit/devices/test-mds-request.c. */
static void
test_instruments_page (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(CabineDeviceManager) devices = cabine_device_manager_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  CabineMaintenancePage *m = enter_maintenance (f);
  GtkWidget *page = find_type (GTK_WIDGET (m), CABINE_TYPE_MAINT_INSTRUMENTS_PAGE);

  cabine_maintenance_page_set_device_manager (m, devices);
  cabine_ui_test_spin (100);
  g_assert_cmpuint (cabine_maint_instruments_page_count (CABINE_MAINT_INSTRUMENTS_PAGE (page)), ==, 0);
  text = page_strings (page);
  g_assert_nonnull (strstr (text, "No instrument is connected."));
  cabine_device_manager_self_test (devices, "usb-001-002", NULL, on_self_test_done, &error);
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (error, CABINE_DEVICE_ERROR, CABINE_DEVICE_ERROR_NOT_FOUND);
  cabine_maintenance_page_set_device_manager (m, NULL);
}

typedef struct {
  GtkWidget  *page;
  const char *wanted;
} LogsWait;

static gboolean
logs_say (gpointer data)
{
  LogsWait *w = data;
  g_autofree char *text = page_strings (w->page);

  return strstr (text, w->wanted) != NULL;
}

/* The logs page reads its counters when shown and keeps them live while shown. */
static void
test_logs_live (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  CabineMaintenancePage *m;
  GtkWidget *stack, *logs;
  LogsWait w;

  cabine_i18n_set_language ("en");
  m = enter_maintenance (f);
  cabine_maintenance_page_show (m, "logs");
  cabine_ui_test_spin (100);
  stack = find_type (GTK_WIDGET (m), GTK_TYPE_STACK);
  logs = gtk_stack_get_child_by_name (GTK_STACK (stack), "logs");
  w.page = logs;
  w.wanted = "Maintenance logins: 1";
  g_assert_true (logs_say (&w));
  w.wanted = "Wrong PINs: 0";
  g_assert_true (logs_say (&w));

  /* Live: a failure written while the page is shown appears within a refresh period. */
  g_assert_true (cabine_store_audit (f->store, "maintenance-pin-failed", "{\"failures\":1,\"locked\":false}", &error));
  g_assert_no_error (error);
  w.wanted = "Wrong PINs: 1";
  g_assert_true (wait_for (logs_say, &w, CABINE_MAINTENANCE_LOGS_REFRESH_MS * 2));
  cabine_ui_test_save_png (GTK_WIDGET (f->window), "maintenance-logs-live-en");

  /* On show: written while another page was shown, it is there as soon as the page is back. */
  cabine_maintenance_page_show (m, "cleaning");
  cabine_ui_test_spin (50);
  g_assert_true (cabine_store_audit (f->store, "maintenance-pin-failed", "{\"failures\":2,\"locked\":false}", &error));
  g_assert_no_error (error);
  cabine_maintenance_page_show (m, "logs");
  w.wanted = "Wrong PINs: 2";
  g_assert_true (logs_say (&w));
  click (GTK_WIDGET (m), "leave");
  cabine_ui_test_spin (100);
}

/* Units as people read them on the instruments page. */
static void
test_units_for_people (void)
{
  static const char * const pairs[][2] = {
    { "Cel", "°C" }, { "mm[Hg]", "mmHg" }, { "%", "%" }, { "/min", "bpm" }, { "{beats}/min", "bpm" },
    { "kg", "kg" }, { "[degF]", "°F" }, { "kg/m2", "kg/m²" }, { "10*3/uL", "10*3/uL" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (pairs); i++)
    g_assert_cmpstr (cabine_ui_unit_for_people (pairs[i][0]), ==, pairs[i][1]);
  g_assert_null (cabine_ui_unit_for_people (NULL));
}

/* Readings on the instruments page look like the patient pages' ("62,3 kg", "/min" in French),
 * and instruments are named by kind. */
static void
test_instrument_readings (void)
{
  const double weight = 62.3, pulse = 62, pressure[] = { 120, 80, 93 }, temperature = 37.26;
  g_autoptr(CabineMeasurement) w = cabine_measurement_new (CABINE_MEASUREMENT_BODY_WEIGHT, &weight, 1, NULL, NULL);
  g_autoptr(CabineMeasurement) p = cabine_measurement_new (CABINE_MEASUREMENT_PULSE_RATE, &pulse, 1, NULL, NULL);
  g_autoptr(CabineMeasurement) bp = cabine_measurement_new (CABINE_MEASUREMENT_BLOOD_PRESSURE, pressure, 3, NULL, NULL);
  g_autoptr(CabineMeasurement) t = cabine_measurement_new (CABINE_MEASUREMENT_BODY_TEMPERATURE, &temperature, 1, NULL, NULL);
  struct { CabineMeasurement *m; const char *fr; const char *en; const char *kind_fr; } cases[] = {
    { w, "62,3 kg", "62.3 kg", "Pèse-personne" },
    { p, "62 /min", "62 /min", "Cardiofréquencemètre" },
    { bp, "120/80 mmHg", "120/80 mmHg", "Tensiomètre" },
    { t, "37,3 °C", "37.3 °C", "Thermomètre" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *fr = NULL;
      g_autofree char *en = NULL;

      cabine_i18n_set_language ("fr");
      fr = cabine_maint_instruments_format_value (cases[i].m);
      g_assert_cmpstr (fr, ==, cases[i].fr);
      g_assert_cmpstr (cabine_maint_instruments_kind_name (cases[i].m), ==, cases[i].kind_fr);
      cabine_i18n_set_language ("en");
      en = cabine_maint_instruments_format_value (cases[i].m);
      g_assert_cmpstr (en, ==, cases[i].en);
    }
  g_assert_cmpstr (cabine_maint_instruments_kind_name (t), ==, "Thermometer");
  g_assert_cmpstr (cabine_maint_instruments_kind_name (NULL), ==, "Instrument");
  /* The device manager's word wins over the last reading: a blood pressure monitor's pulse rate. */
  g_assert_cmpstr (cabine_maint_instruments_title ("blood pressure monitor", p), ==,
                   "Blood pressure monitor");
  g_assert_cmpstr (cabine_maint_instruments_title ("agent", p), ==, "Pulse rate monitor");
  g_assert_cmpstr (cabine_maint_instruments_title (NULL, NULL), ==, "Instrument");
  cabine_i18n_set_language ("fr");
  g_assert_cmpstr (cabine_maint_instruments_title ("pulse oximeter", NULL), ==, "Oxymètre de pouls");
  cabine_i18n_set_language ("en");
}

static void
test_restart_cmdline (void)
{
  static const char good[] = "/usr/bin/cabine\0--config\0/etc/cabine/kiosk.conf\0";
  static const char empty_arg[] = "cabine\0\0";
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) argv = cabine_maint_restart_parse_cmdline (good, sizeof good - 1, &error);
  g_auto(GStrv) argv2 = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (argv), ==, 3);
  g_assert_cmpstr (argv[0], ==, "/usr/bin/cabine");
  g_assert_cmpstr (argv[2], ==, "/etc/cabine/kiosk.conf");
  /* An empty argument is kept (it was on the command line). */
  argv2 = cabine_maint_restart_parse_cmdline (empty_arg, sizeof empty_arg - 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (argv2), ==, 2);
  g_assert_cmpstr (argv2[1], ==, "");

  g_assert_null (cabine_maint_restart_parse_cmdline ("cabine", 6, &error));
  g_assert_error (error, CABINE_MAINT_RESTART_ERROR, CABINE_MAINT_RESTART_ERROR_BAD_CMDLINE);
  g_clear_error (&error);
  g_assert_null (cabine_maint_restart_parse_cmdline ("", 0, &error));
  g_assert_error (error, CABINE_MAINT_RESTART_ERROR, CABINE_MAINT_RESTART_ERROR_BAD_CMDLINE);
  g_clear_error (&error);
  g_assert_null (cabine_maint_restart_parse_cmdline ("\0x\0", 3, &error));
  g_assert_error (error, CABINE_MAINT_RESTART_ERROR, CABINE_MAINT_RESTART_ERROR_BAD_CMDLINE);
  g_clear_error (&error);
  /* No GApplication in this test: a restart is refused, nothing quits. */
  g_assert_false (cabine_maint_restart (&error));
  g_assert_error (error, CABINE_MAINT_RESTART_ERROR, CABINE_MAINT_RESTART_ERROR_NO_APPLICATION);
}

int
main (int argc, char *argv[])
{
  const char *build = g_getenv ("CABINE_BUILD_DIR");
  g_autofree char *localedir = g_build_filename (build != NULL ? build : ".", "po", NULL);
  static const Params plain = { 0, FALSE }, due = { 1, FALSE }, turn = { 0, TRUE };

  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  g_setenv ("GTK_A11Y", "none", FALSE);
  cabine_i18n_init (localedir);
  gtk_test_init (&argc, &argv, NULL);
  gst_init (NULL, NULL);
  {
    g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();
    gtk_css_provider_load_from_resource (css, "/org/cabine/Kiosk/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }

  g_test_add ("/ui/maintenance/pages-both-languages", Fixture, &plain, fixture_set_up,
              test_pages_both_languages, fixture_tear_down);
  g_test_add ("/ui/maintenance/network-stun-turn", Fixture, &turn, fixture_set_up,
              test_network_stun_turn, fixture_tear_down);
  g_test_add ("/ui/maintenance/cleaning-lifts-refusal", Fixture, &due, fixture_set_up,
              test_cleaning_lifts_refusal, fixture_tear_down);
  g_test_add ("/ui/maintenance/instruments", Fixture, &plain, fixture_set_up,
              test_instruments_page, fixture_tear_down);
  g_test_add_func ("/ui/maintenance/instrument-readings", test_instrument_readings);
  g_test_add_func ("/ui/maintenance/restart-cmdline", test_restart_cmdline);
  g_test_add ("/ui/maintenance/logs-live", Fixture, &plain, fixture_set_up, test_logs_live, fixture_tear_down);
  g_test_add_func ("/ui/maintenance/units-for-people", test_units_for_people);
  return g_test_run ();
}
