/* test-guide-panel.c: the measurement guide the patient sees when the physician asks for a reading
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-guide-panel"

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

static void
check_language (const char *language,
                const char *instructing,
                const char *done_prefix)
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
  gtk_window_set_child (GTK_WINDOW (window), page);
  cabine_call_page_set_remote (CABINE_CALL_PAGE (page), remote);
  panel = cabine_call_page_get_guide_panel (CABINE_CALL_PAGE (page));
  gtk_window_present (GTK_WINDOW (window));

  g_assert_false (gtk_widget_get_visible (panel));
  request (remote, "r1", "blood-pressure");
  g_assert_true (gtk_widget_get_visible (panel));
  g_assert_cmpstr (cabine_guide_panel_get_status (CABINE_GUIDE_PANEL (panel)), ==, instructing);

  cabine_reading_set_components (bp, values, 3);
  cabine_remote_reading_arrived (remote, bp);
  g_assert_true (g_str_has_prefix (cabine_guide_panel_get_status (CABINE_GUIDE_PANEL (panel)), done_prefix));
  g_assert_nonnull (strstr (cabine_guide_panel_get_status (CABINE_GUIDE_PANEL (panel)), "120/80 mmHg"));

  cabine_remote_dismiss_guide (remote);
  g_assert_false (gtk_widget_get_visible (panel));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_guide_en (void)
{
  check_language ("en", "The cuff is working: keep still and do not talk…", "Done: ");
}

static void
test_guide_fr (void)
{
  check_language ("fr", "Le brassard fonctionne : ne bougez pas et ne parlez pas…", "Terminé : ");
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
  g_test_add_func ("/guide-panel/en", test_guide_en);
  g_test_add_func ("/guide-panel/fr", test_guide_fr);
  return g_test_run ();
}
