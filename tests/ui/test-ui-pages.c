/* test-ui-pages.c: every page of the journey in English and French, rendered to PNG under X;
 * untranslated French strings, the inactivity reset and the maintenance PIN
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Screenshots go to $CABINE_ARTIFACTS_DIR/ui (or <build>/tests/ui/screenshots).
 */
#include <glib/gstdio.h>
#include <gst/gst.h>
#include <gtk/gtk.h>
#include <sqlite3.h>

#include "cabine-call-page.h"
#include "cabine-end-page.h"
#include "cabine-i18n.h"
#include "cabine-pin.h"
#include "cabine-reading.h"
#include "cabine-session.h"
#include "cabine-window.h"

typedef struct {
  char          *dir;
  char          *db;
  CabineSession *session;
  CabineStore   *store;
  CabineWindow  *window;
} Fixture;

static char *shots_dir;

static void
spin (guint ms)
{
  gint64 until = g_get_monotonic_time () + (gint64) ms * 1000;

  while (g_get_monotonic_time () < until)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CabineConfig) config = NULL;
  g_autofree char *conf = NULL;
  g_autofree char *text = NULL;
  g_autofree char *hash = cabine_pin_hash ("2468", &error);

  g_assert_no_error (error);
  f->dir = g_dir_make_tmp ("cabine-ui-XXXXXX", &error);
  g_assert_no_error (error);
  f->db = g_build_filename (f->dir, "kiosk.db", NULL);
  conf = g_build_filename (f->dir, "kiosk.conf", NULL);
  text = g_strdup_printf ("[kiosk]\nid=cabin-test\ntoken=t\nhub-url=ws://127.0.0.1:9/ws\ndatabase=%s\n"
                          "[media]\nvideo-source=test\naudio-source=test\naudio-sink=fake\n"
                          "[devices]\nenabled=false\n[ui]\nspoken-prompts=false\n"
                          "[maintenance]\npin-hash=%s\ncleaning-interval-hours=0\n", f->db, hash);
  g_file_set_contents (conf, text, -1, &error);
  g_assert_no_error (error);
  config = cabine_config_new_from_file (conf, &error);
  g_assert_no_error (error);
  f->store = cabine_store_open (f->db, &error);
  g_assert_no_error (error);
  f->session = cabine_session_new (config, f->store);
  f->window = cabine_window_new (NULL, f->session, 30);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1280, 800);
  gtk_window_present (GTK_WINDOW (f->window));
  cabine_i18n_set_language ("fr");
  spin (200);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  spin (50);
  g_clear_object (&f->session);
  g_clear_object (&f->store);
  g_autofree char *conf = g_build_filename (f->dir, "kiosk.conf", NULL);
  g_unlink (conf);
  for (const char *suffix = ""; suffix != NULL; suffix = g_str_equal (suffix, "") ? "-wal" :
                                                       g_str_equal (suffix, "-wal") ? "-shm" : NULL)
    {
      g_autofree char *p = g_strconcat (f->db, suffix, NULL);
      g_unlink (p);
    }
  g_rmdir (f->dir);
  g_free (f->db);
  g_free (f->dir);
}

static gint64
count_rows (Fixture    *f,
            const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n = -1;

  g_assert_cmpint (sqlite3_open_v2 (f->db, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

static GtkWidget *
find_named (GtkWidget  *root,
            const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_named (c, name);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
collect_entries (GtkWidget  *root,
                 GPtrArray  *out)
{
  if (GTK_IS_ENTRY (root))
    {
      g_ptr_array_add (out, root);
      return;
    }
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    collect_entries (c, out);
}

/* Every string a patient can read on the page: labels (buttons' too) and entry placeholders. */
static void
collect_strings (GtkWidget *root,
                 GPtrArray *out)
{
  if (!gtk_widget_get_visible (root))
    return;
  if (GTK_IS_LABEL (root) && *gtk_label_get_label (GTK_LABEL (root)) != '\0')
    g_ptr_array_add (out, g_strdup (gtk_label_get_text (GTK_LABEL (root))));
  if (GTK_IS_ENTRY (root) && gtk_entry_get_placeholder_text (GTK_ENTRY (root)) != NULL)
    g_ptr_array_add (out, g_strdup (gtk_entry_get_placeholder_text (GTK_ENTRY (root))));
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    collect_strings (c, out);
}

static void
save_png (GtkWidget  *widget,
          const char *name)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = g_strdup_printf ("%s/%s.png", shots_dir, name);
  int w = gtk_widget_get_width (widget), h = gtk_widget_get_height (widget);
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));

  g_assert_cmpint (w, >, 0);
  /* A widget that has not been drawn since its last change has no render node yet. */
  for (guint attempt = 0; node == NULL && attempt < 20; attempt++)
    {
      g_autoptr(GtkSnapshot) again = attempt == 0 ? g_steal_pointer (&snapshot) : gtk_snapshot_new ();

      if (attempt > 0)
        spin (100);
      gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (again), w, h);
      node = gtk_snapshot_free_to_node (g_steal_pointer (&again));
    }
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, w, h));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot %s", path);
}

/* Shoots the visible page and returns its strings. */
static GPtrArray *
shoot (Fixture    *f,
       const char *lang,
       const char *page)
{
  g_autofree char *name = g_strdup_printf ("%s-%s", page, lang);
  GPtrArray *strings = g_ptr_array_new_with_free_func (g_free);

  spin (300);
  g_assert_cmpstr (cabine_window_get_page (f->window), ==, page);
  save_png (GTK_WIDGET (f->window), name);
  collect_strings (cabine_window_get_page_widget (f->window), strings);
  return strings;
}

static void
click (Fixture    *f,
       const char *name)
{
  GtkWidget *w = find_named (cabine_window_get_page_widget (f->window), name);

  g_assert_nonnull (w);
  g_assert_true (gtk_widget_is_sensitive (w));
  g_signal_emit_by_name (w, "clicked");
}

static void
fill_identity (Fixture *f)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new ();
  const char *values[] = { "Martin", "Marie", "25/12/1950", "06 12 34 56 78" };

  collect_entries (cabine_window_get_page_widget (f->window), entries);
  g_assert_cmpuint (entries->len, ==, 4);
  for (guint i = 0; i < 4; i++)
    gtk_editable_set_text (GTK_EDITABLE (entries->pdata[i]), values[i]);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (find_named (cabine_window_get_page_widget (f->window),
                                                               "choice-female")), TRUE);
}

/* Walks the journey in @lang; returns one array of strings per page. */
static GPtrArray *
walk (Fixture    *f,
      const char *lang)
{
  GPtrArray *pages = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  g_autoptr(GListStore) readings = g_list_store_new (CABINE_TYPE_READING);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(CabineReading) reading = cabine_reading_new ("r1", "8310-5", 37.8, 1, "Cel", "°C", now);
  GtkWidget *page;

  g_ptr_array_add (pages, shoot (f, lang, "welcome"));
  g_signal_emit_by_name (cabine_window_get_page_widget (f->window), "start", lang);
  g_ptr_array_add (pages, shoot (f, lang, "identity"));
  fill_identity (f);
  spin (50);
  {
    /* The filled form, then one with a mistake, to show the checks' messages. */
    g_autofree char *name = g_strdup_printf ("identity-filled-%s", lang);
    g_autoptr(GPtrArray) entries = g_ptr_array_new ();

    spin (200);
    save_png (GTK_WIDGET (f->window), name);
    collect_entries (cabine_window_get_page_widget (f->window), entries);
    gtk_editable_set_text (GTK_EDITABLE (entries->pdata[2]), "31/02/1990");
    gtk_editable_set_text (GTK_EDITABLE (entries->pdata[3]), "06 12");
    g_ptr_array_add (pages, shoot (f, lang, "identity"));
    g_assert_false (gtk_widget_is_sensitive (find_named (cabine_window_get_page_widget (f->window), "continue")));
    gtk_editable_set_text (GTK_EDITABLE (entries->pdata[2]), "25/12/1950");
    gtk_editable_set_text (GTK_EDITABLE (entries->pdata[3]), "06 12 34 56 78");
  }
  click (f, "continue");
  g_ptr_array_add (pages, shoot (f, lang, "consent"));
  click (f, "accept");
  g_ptr_array_add (pages, shoot (f, lang, "reason"));
  click (f, "reason-0");
  g_ptr_array_add (pages, shoot (f, lang, "questionnaire"));
  click (f, "continue");
  spin (500); /* a few camera frames */
  g_ptr_array_add (pages, shoot (f, lang, "precall"));
  click (f, "continue");
  g_ptr_array_add (pages, shoot (f, lang, "waiting"));
  g_assert_cmpint (cabine_session_get_state (f->session), ==, CABINE_SESSION_STATE_WAITING);

  /* The call and the end cannot be reached without a hub: their pages are shot on their own. */
  g_list_store_append (readings, reading);
  page = cabine_call_page_new (G_LIST_MODEL (readings));
  cabine_call_page_set_call (CABINE_CALL_PAGE (page), NULL, NULL, "Dr Test");
  {
    GtkWidget *win = gtk_window_new ();
    g_autofree char *name = g_strdup_printf ("call-%s", lang);
    GPtrArray *strings = g_ptr_array_new_with_free_func (g_free);

    gtk_window_set_default_size (GTK_WINDOW (win), 1280, 800);
    gtk_window_set_child (GTK_WINDOW (win), page);
    gtk_window_present (GTK_WINDOW (win));
    spin (300);
    save_png (win, name);
    collect_strings (page, strings);
    g_ptr_array_add (pages, strings);

    page = cabine_end_page_new ("physician-ended", G_LIST_MODEL (readings), "06 12 34 56 78", 60);
    gtk_window_set_child (GTK_WINDOW (win), page);
    spin (300);
    g_free (name);
    name = g_strdup_printf ("end-%s", lang);
    save_png (win, name);
    strings = g_ptr_array_new_with_free_func (g_free);
    collect_strings (page, strings);
    g_ptr_array_add (pages, strings);
    gtk_window_destroy (GTK_WINDOW (win));
  }
  cabine_session_cancel (f->session);
  spin (100);
  g_assert_cmpstr (cabine_window_get_page (f->window), ==, "welcome");
  return pages;
}

static gboolean
has_letters (const char *s)
{
  guint n = 0;

  for (; *s != '\0'; s++)
    n += g_ascii_isalpha (*s) ? 1 : 0;
  return n >= 3;
}

static void
test_journey_both_languages (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GPtrArray) en = walk (f, "en");
  g_autoptr(GPtrArray) fr = walk (f, "fr");
  /* Not words of either language: names of people, the bilingual first page. */
  static const char * const same[] = { "Dr Test", "Allergies", "Maintenance", "Instruments",
                                       "Configuration", NULL };
  guint untranslated = 0;

  g_assert_cmpuint (en->len, ==, fr->len);
  for (guint p = 1; p < en->len; p++) /* page 0 is the bilingual welcome page */
    {
      GPtrArray *e = en->pdata[p], *f_ = fr->pdata[p];

      g_assert_cmpuint (e->len, ==, f_->len);
      for (guint i = 0; i < e->len; i++)
        if (g_str_equal (e->pdata[i], f_->pdata[i]) && has_letters (e->pdata[i]) &&
            !g_strv_contains (same, e->pdata[i]))
          {
            g_test_message ("untranslated in French on page %u: \"%s\"", p, (char *) e->pdata[i]);
            untranslated++;
          }
    }
  g_assert_cmpuint (untranslated, ==, 0);
}

static void
test_inactivity_reset (Fixture       *f,
                       gconstpointer  data)
{
  GtkWidget *page;
  gint64 until;

  g_signal_emit_by_name (cabine_window_get_page_widget (f->window), "start", "fr");
  spin (100);
  fill_identity (f);
  click (f, "continue");
  spin (100);
  g_assert_cmpstr (cabine_window_get_page (f->window), ==, "consent");
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM patient"), ==, 1);
  g_assert_cmpstr (cabine_patient_get_family_name (cabine_session_get_patient (f->session)), ==, "Martin");
  page = cabine_window_get_page_widget (f->window);
  g_object_add_weak_pointer (G_OBJECT (page), (gpointer *) &page);

  cabine_window_set_inactivity_timeouts (f->window, 150, 150);
  spin (220);
  save_png (GTK_WIDGET (f->window), "inactivity-question-fr");
  until = g_get_monotonic_time () + 3 * G_USEC_PER_SEC;
  while (g_strcmp0 (cabine_window_get_page (f->window), "welcome") != 0 && g_get_monotonic_time () < until)
    spin (20);
  spin (300); /* the stack's transition lets go of the old page */
  g_assert_cmpstr (cabine_window_get_page (f->window), ==, "welcome");
  g_assert_cmpint (cabine_session_get_state (f->session), ==, CABINE_SESSION_STATE_WELCOME);
  g_assert_null (cabine_session_get_session_id (f->session));
  g_assert_null (cabine_patient_get_family_name (cabine_session_get_patient (f->session)));
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM session"), ==, 0);
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM patient"), ==, 0);
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM consent"), ==, 0);
  g_assert_null (page); /* the patient's page was destroyed */
}

static void
enter_pin (Fixture    *f,
           const char *pin)
{
  g_signal_emit_by_name (cabine_window_get_page_widget (f->window), "entered", pin);
  spin (50);
}

static void
test_pin (Fixture       *f,
          gconstpointer  data)
{
  CabineStore *store = f->store;

  cabine_window_open_pin_page (f->window);
  spin (100);
  g_assert_cmpstr (cabine_window_get_page (f->window), ==, "pin");
  save_png (GTK_WIDGET (f->window), "pin-fr");
  enter_pin (f, "2468");
  g_assert_cmpstr (cabine_window_get_page (f->window), ==, "maintenance");
  spin (200);
  save_png (GTK_WIDGET (f->window), "maintenance-fr");
  g_assert_cmpint (cabine_store_count_audit (store, "maintenance-login", NULL), ==, 1);
  click (f, "leave");
  spin (100);
  g_assert_cmpstr (cabine_window_get_page (f->window), ==, "welcome");

  cabine_window_open_pin_page (f->window);
  spin (100);
  for (int i = 0; i < CABINE_PIN_MAX_FAILURES; i++)
    {
      enter_pin (f, i % 2 ? "0000" : "24680");
      g_assert_cmpstr (cabine_window_get_page (f->window), ==, "pin");
    }
  /* Locked: the right PIN does not open maintenance either. */
  enter_pin (f, "2468");
  g_assert_cmpstr (cabine_window_get_page (f->window), ==, "pin");
  save_png (GTK_WIDGET (f->window), "pin-locked-fr");
  g_assert_cmpint (cabine_store_count_audit (store, "maintenance-login", NULL), ==, 1);
  g_assert_cmpint (cabine_store_count_audit (store, "maintenance-pin-failed", NULL), ==, CABINE_PIN_MAX_FAILURES + 1);
}

int
main (int argc, char *argv[])
{
  const char *artifacts = g_getenv ("CABINE_ARTIFACTS_DIR");
  const char *build = g_getenv ("CABINE_BUILD_DIR");
  g_autofree char *localedir = g_build_filename (build != NULL ? build : ".", "po", NULL);

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
  shots_dir = artifacts != NULL ? g_build_filename (artifacts, "ui", NULL)
                                : g_build_filename (build != NULL ? build : ".", "tests", "ui", "screenshots", NULL);
  g_mkdir_with_parents (shots_dir, 0755);

  g_test_add ("/ui/journey/both-languages", Fixture, NULL, fixture_set_up, test_journey_both_languages, fixture_tear_down);
  g_test_add ("/ui/inactivity-reset", Fixture, NULL, fixture_set_up, test_inactivity_reset, fixture_tear_down);
  g_test_add ("/ui/maintenance-pin", Fixture, NULL, fixture_set_up, test_pin, fixture_tear_down);
  return g_test_run ();
}
