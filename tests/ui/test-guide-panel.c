/* test-guide-panel.c: the measurement guide the patient sees when the physician asks for a reading
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-guide-panel"

#include "ui-test-util.h"
#include <string.h>

#include <gtk/gtk.h>

#include "cabine-call-page.h"
#include "cabine-guide-panel.h"
#include "cabine-i18n.h"
#include "cabine-protocol.h"
#include "cabine-remote.h"

/* From the UI library's GResource (ui/meson.build, c_name cabine_ui): referencing it links the
 * object file that registers the templates and pictures. */
GResource *cabine_ui_get_resource (void);

static gboolean
discard (const char *text, gpointer data, GError **error)
{
  return TRUE;
}

static void
request (CabineRemote *remote,
         const char   *id,
         const char   *instrument)
{
  g_autofree char *text = g_strdup_printf ("{\"type\":\"measurement-request\",\"id\":\"%s\","
                                           "\"instrument\":\"%s\"}", id, instrument);
  g_autoptr(GError) error = NULL;
  const char *type = NULL;
  g_autoptr(JsonObject) msg = cabine_protocol_parse (text, strlen (text), &type, &error);

  g_assert_no_error (error);
  g_assert_true (cabine_remote_handle_message (remote, type, msg));
}

/* With the guide shown at 1280×800, the physician's video keeps a usable size beside it (at least
 * 800×450, a 16:9 picture large enough to see a face) and the guide is wholly on screen. */
static void
check_layout (GtkWidget  *window,
              GtkWidget  *page,
              GtkWidget  *panel,
              const char *shot)
{
  graphene_rect_t video, guide;

  cabine_ui_test_spin (300);
  g_assert_true (gtk_widget_compute_bounds (cabine_ui_test_find_named (page, "remote-video"), window, &video));
  g_assert_true (gtk_widget_compute_bounds (panel, window, &guide));
  g_test_message ("video %.0f×%.0f, guide at x %.0f, %.0f×%.0f", video.size.width, video.size.height,
                  guide.origin.x, guide.size.width, guide.size.height);
  g_assert_cmpfloat (video.size.width, >=, 800);
  g_assert_cmpfloat (video.size.height, >=, 450);
  g_assert_cmpfloat (guide.origin.x, >=, video.origin.x + video.size.width - 0.5); /* side by side */
  g_assert_cmpfloat (guide.origin.x + guide.size.width, <=, 1280.5);
  cabine_ui_test_save_png (window, shot);
}

static void
check_language (const char *language,
                const char *instructing,
                const char *done_prefix,
                const char *disconnected_prefix)
{
  g_autoptr(CabineRemote) remote = cabine_remote_new ();
  g_autoptr(GListStore) readings = g_list_store_new (G_TYPE_OBJECT);
  g_autoptr(GDateTime) when = g_date_time_new_now_utc ();
  g_autoptr(CabineReading) bp = cabine_reading_new ("obs", "85354-9", 120, 0, "mm[Hg]", "mmHg", when);
  const double values[] = { 120, 80, 93 };
  GtkWidget *window = gtk_window_new ();
  GtkWidget *page, *panel;

  cabine_i18n_set_language (language);
  cabine_remote_attach (remote, discard, NULL);
  page = cabine_call_page_new (G_LIST_MODEL (readings));
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_set_child (GTK_WINDOW (window), page);
  cabine_call_page_set_remote (CABINE_CALL_PAGE (page), remote);
  panel = cabine_call_page_get_guide_panel (CABINE_CALL_PAGE (page));
  gtk_window_present (GTK_WINDOW (window));

  g_assert_false (gtk_widget_get_visible (panel));
  request (remote, "r1", "blood-pressure");
  g_assert_true (gtk_widget_get_visible (panel));
  g_assert_cmpstr (cabine_guide_panel_get_status (CABINE_GUIDE_PANEL (panel)), ==, instructing);
  {
    g_autofree char *shot = g_strdup_printf ("guide-blood-pressure-%s", language);

    check_layout (window, page, panel, shot);
  }

  cabine_reading_set_components (bp, values, 3);
  cabine_remote_reading_arrived (remote, bp);
  g_assert_true (g_str_has_prefix (cabine_guide_panel_get_status (CABINE_GUIDE_PANEL (panel)), done_prefix));
  g_assert_nonnull (strstr (cabine_guide_panel_get_status (CABINE_GUIDE_PANEL (panel)), "120/80 mmHg"));

  cabine_remote_dismiss_guide (remote);
  g_assert_false (gtk_widget_get_visible (panel));

  /* the thermometer is not connected: the patient is told at once, with no spinner */
  cabine_remote_track_instruments (remote);
  request (remote, "r2", "thermometer");
  g_assert_true (gtk_widget_get_visible (panel));
  g_assert_cmpint (cabine_remote_get_guide_step (remote), ==, CABINE_REMOTE_GUIDE_DISCONNECTED);
  g_assert_true (g_str_has_prefix (cabine_guide_panel_get_status (CABINE_GUIDE_PANEL (panel)),
                                   disconnected_prefix));
  /* plugged in: the instructions again */
  cabine_remote_instrument_added (remote, "usb-001-002", "thermometer");
  g_assert_cmpint (cabine_remote_get_guide_step (remote), ==, CABINE_REMOTE_GUIDE_INSTRUCT);
  g_assert_false (g_str_has_prefix (cabine_guide_panel_get_status (CABINE_GUIDE_PANEL (panel)),
                                    disconnected_prefix));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_guide_en (void)
{
  check_language ("en", "The cuff is working: keep still and do not talk…", "Done: ",
                  "The thermometer is not connected.");
}

static void
test_guide_fr (void)
{
  check_language ("fr", "Le brassard fonctionne : ne bougez pas et ne parlez pas…", "Terminé : ",
                  "Le thermomètre n'est pas branché.");
}

int
main (int argc, char *argv[])
{
  const char *build = g_getenv ("CABINE_BUILD_DIR");
  g_autofree char *localedir = g_build_filename (build != NULL ? build : ".", "po", NULL);

  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  g_setenv ("GTK_A11Y", "none", FALSE);   /* no session bus here */
  cabine_i18n_init (localedir);
  gtk_test_init (&argc, &argv, NULL);
  g_assert_nonnull (cabine_ui_get_resource ());
  {
    /* The kiosk's style sheet: the layout is checked with the sizes the kiosk really uses. */
    g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (css, "/org/cabine/Kiosk/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }
  g_test_add_func ("/guide-panel/en", test_guide_en);
  g_test_add_func ("/guide-panel/fr", test_guide_fr);
  return g_test_run ();
}
