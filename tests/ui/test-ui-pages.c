/* test-ui-pages.c: every page of the journey in English and French, rendered to PNG under X;
 * untranslated French strings, the inactivity reset and the maintenance PIN
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Screenshots go to $CABINE_ARTIFACTS_DIR/ui (or <build>/tests/ui/screenshots).
 */
#include "ui-test-util.h"
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

/* "large-" while the large-text walk runs: its screenshots do not overwrite the others. */
static const char *shot_prefix = "";

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

/* Shoots the visible page and returns its strings. */
static GPtrArray *
shoot (Fixture    *f,
       const char *lang,
       const char *page)
{
  g_autofree char *name = g_strdup_printf ("%s%s-%s", shot_prefix, page, lang);
  GPtrArray *strings = g_ptr_array_new_with_free_func (g_free);

  cabine_ui_test_spin (300);
  g_assert_cmpstr (cabine_window_get_page (f->window), ==, page);
  cabine_ui_test_save_png (GTK_WIDGET (f->window), name);
  collect_strings (cabine_window_get_page_widget (f->window), strings);
  return strings;
}

/* Fails unless @w lies wholly inside the 1280×800 window and inside every scrolled area around it
 * at the current scroll position: the person sees it without scrolling. */
static void
assert_widget_on_screen (GtkWidget *window,
                         GtkWidget *w,
                         const char *what)
{
  graphene_rect_t b;

  g_assert_nonnull (w);
  g_assert_true (gtk_widget_get_mapped (w));
  g_assert_cmpint (gtk_widget_get_width (window), <=, 1280);
  g_assert_cmpint (gtk_widget_get_height (window), <=, 800);
  g_assert_true (gtk_widget_compute_bounds (w, window, &b));
  g_test_message ("%s at %.0f,%.0f %.0f×%.0f", what, b.origin.x, b.origin.y, b.size.width, b.size.height);
  if (b.origin.x < -0.5 || b.origin.y < -0.5 || b.origin.x + b.size.width > 1280.5 ||
      b.origin.y + b.size.height > 800.5 || b.size.width < 1 || b.size.height < 1)
    g_error ("%s is outside the 1280×800 screen: %.0f,%.0f %.0f×%.0f", what,
             b.origin.x, b.origin.y, b.size.width, b.size.height);
  for (GtkWidget *a = gtk_widget_get_parent (w); a != NULL && a != window; a = gtk_widget_get_parent (a))
    if (GTK_IS_VIEWPORT (a) || GTK_IS_SCROLLED_WINDOW (a))
      {
        graphene_rect_t v;

        g_assert_true (gtk_widget_compute_bounds (a, window, &v));
        if (b.origin.y < v.origin.y - 0.5 || b.origin.y + b.size.height > v.origin.y + v.size.height + 0.5)
          g_error ("%s is scrolled out of view (%.0f..%.0f outside %.0f..%.0f)", what, b.origin.y,
                   b.origin.y + b.size.height, v.origin.y, v.origin.y + v.size.height);
      }
}

/* The page's primary button, found by widget name, is on screen. */
static void
assert_on_screen (GtkWidget  *window,
                  GtkWidget  *page,
                  const char *name)
{
  GtkWidget *w = cabine_ui_test_find_named (page, name);

  if (w == NULL)
    g_error ("no button named %s on the page", name);
  assert_widget_on_screen (window, w, name);
}

static gboolean
is_label_with (GtkWidget *w, gconstpointer text)
{
  return GTK_IS_LABEL (w) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (w)), text) == 0;
}

/* The GtkLabel below @root whose text is @text, or NULL. */
static GtkWidget *
find_plain_label (GtkWidget  *root,
                  const char *text)
{
  return cabine_ui_test_find (root, is_label_with, text);
}

static gboolean
is_button_with (GtkWidget *w, gconstpointer text)
{
  return GTK_IS_BUTTON (w) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (w)), text) == 0;
}

/* The GtkButton below @root whose label is @text, or NULL. */
static GtkWidget *
find_label_text (GtkWidget  *root,
                 const char *text)
{
  return cabine_ui_test_find (root, is_button_with, text);
}

static GtkWidget *
scroller_of (GtkWidget *w)
{
  while (w != NULL && !GTK_IS_SCROLLED_WINDOW (w))
    w = gtk_widget_get_parent (w);
  return w;
}

/* Every label under @root is given at least the height its text needs at its width: none is cut. */
static void
assert_labels_whole (GtkWidget *root)
{
  if (GTK_IS_LABEL (root))
    {
      int min = 0;

      gtk_widget_measure (root, GTK_ORIENTATION_VERTICAL, gtk_widget_get_width (root), &min, NULL, NULL, NULL);
      min -= gtk_widget_get_margin_top (root) + gtk_widget_get_margin_bottom (root);
      if (gtk_widget_get_height (root) < min)
        g_error ("\"%s\" is cut: %d px high, needs %d", gtk_label_get_text (GTK_LABEL (root)),
                 gtk_widget_get_height (root), min);
    }
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    assert_labels_whole (c);
}

/* Every widget named @name under @page (reading rows) has its full height, and the last one can be
 * scrolled into view. */
static void
assert_all_readable (GtkWidget  *window,
                     GtkWidget  *page,
                     const char *name,
                     guint       expected)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  GPtrArray *stack = g_ptr_array_new ();
  GtkAdjustment *adj;

  g_ptr_array_add (stack, page);
  while (stack->len > 0)
    {
      GtkWidget *w = g_ptr_array_steal_index (stack, stack->len - 1);

      if (g_strcmp0 (gtk_widget_get_name (w), name) == 0)
        g_ptr_array_add (rows, w);
      for (GtkWidget *c = gtk_widget_get_last_child (w); c != NULL; c = gtk_widget_get_prev_sibling (c))
        g_ptr_array_add (stack, c);
    }
  g_ptr_array_free (stack, TRUE);
  g_assert_cmpuint (rows->len, ==, expected);
  for (guint i = 0; i < rows->len; i++)
    assert_labels_whole (rows->pdata[i]);
  adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller_of (rows->pdata[rows->len - 1])));
  gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj));
  cabine_ui_test_spin (200);
  g_test_message ("readings scroll to %.0f of %.0f (page %.0f)", gtk_adjustment_get_value (adj),
                  gtk_adjustment_get_upper (adj), gtk_adjustment_get_page_size (adj));
  assert_widget_on_screen (window, rows->pdata[rows->len - 1], "the last reading");
  gtk_adjustment_set_value (adj, 0);
}

/* The first widget named @name under @page (reading rows, in the page's order) shows the
 * temperature, the newest reading, and is on screen without scrolling; a scrolled area around it
 * whose content overflows shows a permanent scrollbar. */
static void
assert_newest_first (GtkWidget  *window,
                     GtkWidget  *page,
                     const char *name,
                     guint       expected)
{
  GtkWidget *first = cabine_ui_test_find_named (page, name);
  GtkWidget *scroller = scroller_of (first);
  g_autoptr(GPtrArray) strings = g_ptr_array_new_with_free_func (g_free);
  const char *temperature = g_dgettext ("cabine", "Body temperature");
  gboolean found = FALSE;
  GtkAdjustment *adj;

  g_assert_nonnull (first);
  collect_strings (first, strings);
  for (guint i = 0; i < strings->len; i++)
    found |= strstr (strings->pdata[i], temperature) != NULL;
  if (!found)
    g_error ("the first %s is not the newest reading (the temperature)", name);
  assert_widget_on_screen (window, first, "the newest reading");
  g_assert_nonnull (scroller);
  g_assert_false (gtk_scrolled_window_get_overlay_scrolling (GTK_SCROLLED_WINDOW (scroller)));
  adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
  g_test_message ("%u %s rows; scroller content %.0f, page %.0f", expected, name,
                  gtk_adjustment_get_upper (adj), gtk_adjustment_get_page_size (adj));
  if (gtk_adjustment_get_upper (adj) > gtk_adjustment_get_page_size (adj) + 0.5)
    g_assert_true (gtk_widget_get_mapped (gtk_scrolled_window_get_vscrollbar (GTK_SCROLLED_WINDOW (scroller))));
}

static void
click (Fixture    *f,
       const char *name)
{
  GtkWidget *w = cabine_ui_test_find_named (cabine_window_get_page_widget (f->window), name);

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
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (cabine_ui_test_find_named (cabine_window_get_page_widget (f->window),
                                                               "choice-female")), TRUE);
}

/* The call and end pages get these many readings more than the first. */
#define N_EXTRA_READINGS 7

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
  assert_on_screen (GTK_WIDGET (f->window), cabine_window_get_page_widget (f->window), "start-fr");
  assert_on_screen (GTK_WIDGET (f->window), cabine_window_get_page_widget (f->window), "start-en");
  g_signal_emit_by_name (cabine_window_get_page_widget (f->window), "start", lang);
  g_ptr_array_add (pages, shoot (f, lang, "identity"));
  assert_on_screen (GTK_WIDGET (f->window), cabine_window_get_page_widget (f->window), "continue");
  fill_identity (f);
  cabine_ui_test_spin (50);
  {
    /* The filled form, then one with a mistake, to show the checks' messages. */
    g_autofree char *name = g_strdup_printf ("%sidentity-filled-%s", shot_prefix, lang);
    g_autoptr(GPtrArray) entries = g_ptr_array_new ();

    cabine_ui_test_spin (200);
    cabine_ui_test_save_png (GTK_WIDGET (f->window), name);
    collect_entries (cabine_window_get_page_widget (f->window), entries);
    gtk_editable_set_text (GTK_EDITABLE (entries->pdata[2]), "31/02/1990");
    gtk_editable_set_text (GTK_EDITABLE (entries->pdata[3]), "06 12");
    g_ptr_array_add (pages, shoot (f, lang, "identity"));
    /* With the checks' messages shown, Continue is still on screen. */
    assert_on_screen (GTK_WIDGET (f->window), cabine_window_get_page_widget (f->window), "continue");
    g_assert_false (gtk_widget_is_sensitive (cabine_ui_test_find_named (cabine_window_get_page_widget (f->window), "continue")));
    {
      /* Beside the greyed-out Continue, what is still to complete, by the fields' names. */
      GtkWidget *missing = cabine_ui_test_find_named (cabine_window_get_page_widget (f->window), "missing");
      const char *birth = g_dgettext ("cabine", "Date of birth");

      g_assert_nonnull (missing);
      g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (missing)), birth));
      gtk_editable_set_text (GTK_EDITABLE (entries->pdata[2]), "25/12/1950");
      gtk_editable_set_text (GTK_EDITABLE (entries->pdata[3]), "06 12 34 56 78");
      g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (missing)), ==, "");
    }
  }
  click (f, "continue");
  g_ptr_array_add (pages, shoot (f, lang, "consent"));
  assert_on_screen (GTK_WIDGET (f->window), cabine_window_get_page_widget (f->window), "accept");
  /* Keyboard users (and the e2e run) start on the page's first button. */
  g_assert_true (gtk_window_get_focus (GTK_WINDOW (f->window)) == cabine_ui_test_find_named (cabine_window_get_page_widget (f->window), "accept"));
  click (f, "accept");
  g_ptr_array_add (pages, shoot (f, lang, "reason"));
  assert_on_screen (GTK_WIDGET (f->window), cabine_window_get_page_widget (f->window), "reason-0");
  assert_on_screen (GTK_WIDGET (f->window), cabine_window_get_page_widget (f->window), "back");
  click (f, "reason-0");
  g_ptr_array_add (pages, shoot (f, lang, "questionnaire"));
  assert_on_screen (GTK_WIDGET (f->window), cabine_window_get_page_widget (f->window), "continue");
  assert_on_screen (GTK_WIDGET (f->window), cabine_window_get_page_widget (f->window), "back");
  click (f, "continue");
  cabine_ui_test_spin (500); /* a few camera frames */
  g_ptr_array_add (pages, shoot (f, lang, "precall"));
  assert_on_screen (GTK_WIDGET (f->window), cabine_window_get_page_widget (f->window), "continue");
  click (f, "continue");
  g_ptr_array_add (pages, shoot (f, lang, "waiting"));
  assert_on_screen (GTK_WIDGET (f->window), cabine_window_get_page_widget (f->window), "cancel");
  g_assert_cmpint (cabine_session_get_state (f->session), ==, CABINE_SESSION_STATE_WAITING);

  /* The call and the end cannot be reached without a hub: their pages are shot on their own.
   * Many oximeter readings, then the temperature the physician asks about, taken last. */
  for (guint i = 0; i < N_EXTRA_READINGS; i++)
    {
      g_autoptr(GDateTime) earlier = g_date_time_add_minutes (now, -(int) (N_EXTRA_READINGS - i));
      g_autoptr(CabineReading) more = cabine_reading_new ("r2", "59408-5", 90 + i, 0, "%", "%", earlier);

      g_list_store_append (readings, more);
    }
  g_list_store_append (readings, reading);
  page = cabine_call_page_new (G_LIST_MODEL (readings));
  cabine_call_page_set_call (CABINE_CALL_PAGE (page), NULL, NULL, "Dr Test");
  {
    GtkWidget *win = gtk_window_new ();
    g_autofree char *name = g_strdup_printf ("%scall-%s", shot_prefix, lang);
    GPtrArray *strings = g_ptr_array_new_with_free_func (g_free);

    gtk_window_set_default_size (GTK_WINDOW (win), 1280, 800);
    gtk_window_set_child (GTK_WINDOW (win), page);
    if (gtk_widget_has_css_class (GTK_WIDGET (f->window), "large-text"))
      gtk_widget_add_css_class (win, "large-text");
    gtk_window_present (GTK_WINDOW (win));
    cabine_ui_test_spin (300);
    cabine_ui_test_save_png (win, name);
    assert_on_screen (win, page, "hang-up");
    assert_newest_first (win, page, "reading", 1 + N_EXTRA_READINGS);
    assert_all_readable (win, page, "reading", 1 + N_EXTRA_READINGS);

    /* While a call recovers the session's notice shows over the physician's video. */
    {
      const char *notice = g_dgettext ("cabine", "Connection lost, reconnecting…");
      GtkWidget *label;
      g_autofree char *rname = g_strdup_printf ("%scall-reconnecting-%s", shot_prefix, lang);

      cabine_call_page_set_notice (CABINE_CALL_PAGE (page), notice);
      cabine_ui_test_spin (100);
      label = find_plain_label (page, notice);
      g_assert_nonnull (label);
      g_assert_true (gtk_widget_is_visible (label));
      cabine_ui_test_save_png (win, rname);
      collect_strings (page, strings);
      cabine_call_page_set_notice (CABINE_CALL_PAGE (page), NULL);
      g_assert_false (gtk_widget_is_visible (label));
    }
    g_ptr_array_add (pages, strings);

    page = cabine_end_page_new ("physician-ended", G_LIST_MODEL (readings), "06 12 34 56 78", 60);
    gtk_window_set_child (GTK_WINDOW (win), page);
    cabine_ui_test_spin (300);
    g_free (name);
    name = g_strdup_printf ("%send-%s", shot_prefix, lang);
    cabine_ui_test_save_png (win, name);
    assert_on_screen (win, page, "finish");
    /* One line per kind, the temperature first, the oximeter's earlier readings counted. */
    assert_newest_first (win, page, "end-reading", 2);
    {
      GtkWidget *earlier = cabine_ui_test_find_named (page, "end-reading-earlier");
      g_autofree char *count = g_strdup_printf (g_dngettext ("cabine", "and %u earlier measurement",
                                                             "and %u earlier measurements",
                                                             N_EXTRA_READINGS - 1),
                                                N_EXTRA_READINGS - 1);

      g_assert_nonnull (earlier);
      g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (earlier)), ==, count);
      assert_widget_on_screen (win, earlier, "the earlier readings' count");
    }
    assert_all_readable (win, page, "end-reading", 2);
    strings = g_ptr_array_new_with_free_func (g_free);
    collect_strings (page, strings);
    g_ptr_array_add (pages, strings);
    gtk_window_destroy (GTK_WINDOW (win));
  }
  cabine_session_cancel (f->session);
  cabine_ui_test_spin (100);
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
  cabine_ui_test_spin (100);
  fill_identity (f);
  click (f, "continue");
  cabine_ui_test_spin (100);
  g_assert_cmpstr (cabine_window_get_page (f->window), ==, "consent");
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM patient"), ==, 1);
  g_assert_cmpstr (cabine_patient_get_family_name (cabine_session_get_patient (f->session)), ==, "Martin");
  page = cabine_window_get_page_widget (f->window);
  g_object_add_weak_pointer (G_OBJECT (page), (gpointer *) &page);

  cabine_window_set_inactivity_timeouts (f->window, 150, 150);
  cabine_ui_test_spin (220);
  cabine_ui_test_save_png (GTK_WIDGET (f->window), "inactivity-question-fr");
  until = g_get_monotonic_time () + 3 * G_USEC_PER_SEC;
  while (g_strcmp0 (cabine_window_get_page (f->window), "welcome") != 0 && g_get_monotonic_time () < until)
    cabine_ui_test_spin (20);
  cabine_ui_test_spin (300); /* the stack's transition lets go of the old page */
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
  cabine_ui_test_spin (50);
}

static void
test_pin (Fixture       *f,
          gconstpointer  data)
{
  CabineStore *store = f->store;

  cabine_window_open_pin_page (f->window);
  cabine_ui_test_spin (100);
  g_assert_cmpstr (cabine_window_get_page (f->window), ==, "pin");
  cabine_ui_test_save_png (GTK_WIDGET (f->window), "pin-fr");
  enter_pin (f, "2468");
  g_assert_cmpstr (cabine_window_get_page (f->window), ==, "maintenance");
  cabine_ui_test_spin (200);
  cabine_ui_test_save_png (GTK_WIDGET (f->window), "maintenance-fr");
  g_assert_cmpint (cabine_store_count_audit (store, "maintenance-login", NULL), ==, 1);
  click (f, "leave");
  cabine_ui_test_spin (100);
  g_assert_cmpstr (cabine_window_get_page (f->window), ==, "welcome");

  cabine_window_open_pin_page (f->window);
  cabine_ui_test_spin (100);
  for (int i = 0; i < CABINE_PIN_MAX_FAILURES; i++)
    {
      enter_pin (f, i % 2 ? "0000" : "24680");
      g_assert_cmpstr (cabine_window_get_page (f->window), ==, "pin");
    }
  /* Locked: the right PIN does not open maintenance either. */
  enter_pin (f, "2468");
  g_assert_cmpstr (cabine_window_get_page (f->window), ==, "pin");
  cabine_ui_test_save_png (GTK_WIDGET (f->window), "pin-locked-fr");
  g_assert_cmpint (cabine_store_count_audit (store, "maintenance-login", NULL), ==, 1);
  g_assert_cmpint (cabine_store_count_audit (store, "maintenance-pin-failed", NULL), ==, CABINE_PIN_MAX_FAILURES + 1);
  assert_on_screen (GTK_WIDGET (f->window), cabine_window_get_page_widget (f->window), "cancel");
  assert_on_screen (GTK_WIDGET (f->window), cabine_window_get_page_widget (f->window), "ok");

  /* Cancel goes back to the welcome page, without entering maintenance. */
  click (f, "cancel");
  cabine_ui_test_spin (100);
  g_assert_cmpstr (cabine_window_get_page (f->window), ==, "welcome");
  g_assert_cmpint (cabine_store_count_audit (store, "maintenance-pin-cancelled", NULL), ==, 1);
  g_assert_cmpint (cabine_store_count_audit (store, "maintenance-exit", NULL), ==, 1);

  /* A restarted kiosk (a new window, its PIN guard read back from the store) is still locked. */
  gtk_window_destroy (GTK_WINDOW (f->window));
  cabine_ui_test_spin (50);
  f->window = cabine_window_new (NULL, f->session, 30);
  gtk_window_present (GTK_WINDOW (f->window));
  cabine_ui_test_spin (100);
  cabine_window_open_pin_page (f->window);
  cabine_ui_test_spin (100);
  enter_pin (f, "2468");
  g_assert_cmpstr (cabine_window_get_page (f->window), ==, "pin");
  g_assert_cmpint (cabine_store_count_audit (store, "maintenance-login", NULL), ==, 1);

  /* A lockout whose end has passed does not survive: the right PIN opens maintenance. */
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *past = g_strdup_printf ("{\"failures\":%d,\"locked\":true,\"lockedUntil\":%" G_GINT64_FORMAT "}",
                                             CABINE_PIN_MAX_FAILURES, g_get_real_time () / G_USEC_PER_SEC - 1);

    g_assert_true (cabine_store_audit (store, "maintenance-pin-failed", past, &error));
    g_assert_no_error (error);
  }
  gtk_window_destroy (GTK_WINDOW (f->window));
  cabine_ui_test_spin (50);
  f->window = cabine_window_new (NULL, f->session, 30);
  gtk_window_present (GTK_WINDOW (f->window));
  cabine_ui_test_spin (100);
  cabine_window_open_pin_page (f->window);
  cabine_ui_test_spin (100);
  enter_pin (f, "2468");
  g_assert_cmpstr (cabine_window_get_page (f->window), ==, "maintenance");
}

/* Large text and the on-screen keyboard, the tallest the pages get: every primary button is still
 * on screen at 1280×800 (walk() checks them). */
static void
test_journey_large_text (Fixture       *f,
                         gconstpointer  data)
{
  GtkWidget *large = cabine_ui_test_find_named (GTK_WIDGET (f->window), "large-text");
  g_autoptr(GPtrArray) pages = NULL;

  g_setenv ("CABINE_OSK", "1", TRUE);
  g_assert_nonnull (large);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (large), TRUE);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (f->window), "large-text"));
  shot_prefix = "large-";
  pages = walk (f, "fr");
  shot_prefix = "";
  g_unsetenv ("CABINE_OSK");
}

/* The keyboard types French letters, capitals and accents, stays on screen, and the field typed in
 * stays visible above it. */
static void
test_keyboard (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new ();
  GtkWidget *page, *key;
  static const char * const accented[] = { "é", "è", "ê", "à", "ç", "ù", "ô", "î", NULL };

  g_setenv ("CABINE_OSK", "1", TRUE);
  g_signal_emit_by_name (cabine_window_get_page_widget (f->window), "start", "fr");
  cabine_ui_test_spin (300);
  page = cabine_window_get_page_widget (f->window);
  g_assert_nonnull (cabine_ui_test_find_named (page, "osk-layer"));
  collect_entries (page, entries);
  /* The contact field, the lowest, has the focus: it scrolls into view above the keyboard. */
  gtk_widget_grab_focus (entries->pdata[3]);
  cabine_ui_test_spin (300);
  assert_widget_on_screen (GTK_WIDGET (f->window), entries->pdata[3], "the focused field");
  assert_on_screen (GTK_WIDGET (f->window), page, "osk-space");
  assert_on_screen (GTK_WIDGET (f->window), page, "osk-erase");
  assert_on_screen (GTK_WIDGET (f->window), page, "continue");
  cabine_ui_test_save_png (GTK_WIDGET (f->window), "keyboard-contact-fr");

  gtk_widget_grab_focus (entries->pdata[0]);
  cabine_ui_test_spin (100);
  click (f, "osk-shift");                      /* once: the next letter only */
  g_signal_emit_by_name (find_label_text (page, "É"), "clicked");
  g_signal_emit_by_name (find_label_text (page, "l"), "clicked");
  g_signal_emit_by_name (find_label_text (page, "o"), "clicked");
  g_signal_emit_by_name (find_label_text (page, "d"), "clicked");
  g_signal_emit_by_name (find_label_text (page, "i"), "clicked");
  g_signal_emit_by_name (find_label_text (page, "e"), "clicked");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entries->pdata[0])), ==, "Élodie");
  click (f, "osk-erase");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entries->pdata[0])), ==, "Élodi");
  gtk_editable_set_text (GTK_EDITABLE (entries->pdata[0]), "");

  /* The accents layer holds every French accented letter; they type as shown. */
  click (f, "osk-layer");
  cabine_ui_test_spin (50);
  for (guint i = 0; accented[i] != NULL; i++)
    {
      key = find_label_text (page, accented[i]);
      if (key == NULL)
        g_error ("no key %s on the accents layer", accented[i]);
      g_signal_emit_by_name (key, "clicked");
    }
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entries->pdata[0])), ==, "éèêàçùôî");
  cabine_ui_test_save_png (GTK_WIDGET (f->window), "keyboard-accents-fr");
  click (f, "osk-shift");
  click (f, "osk-shift");                      /* twice: caps lock */
  g_assert_nonnull (find_label_text (page, "Ç"));
  g_signal_emit_by_name (find_label_text (page, "Ç"), "clicked");
  g_signal_emit_by_name (find_label_text (page, "Ô"), "clicked");
  g_assert_true (g_str_has_suffix (gtk_editable_get_text (GTK_EDITABLE (entries->pdata[0])), "ÇÔ"));
  click (f, "osk-layer");
  g_assert_nonnull (find_label_text (page, "A"));
  g_unsetenv ("CABINE_OSK");
}

static void
on_hang_up (GtkWidget *page,
            guint     *count)
{
  (*count)++;
}

/* "End the consultation" asks first; "No" keeps the call. */
static void
test_hang_up_confirmation (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GListStore) readings = g_list_store_new (CABINE_TYPE_READING);
  GtkWidget *win = gtk_window_new ();
  GtkWidget *page = cabine_call_page_new (G_LIST_MODEL (readings));
  guint hang_ups = 0;

  g_signal_connect (page, "hang-up", G_CALLBACK (on_hang_up), &hang_ups);
  gtk_window_set_default_size (GTK_WINDOW (win), 1280, 800);
  gtk_window_set_child (GTK_WINDOW (win), page);
  gtk_window_present (GTK_WINDOW (win));
  cabine_ui_test_spin (200);
  g_signal_emit_by_name (cabine_ui_test_find_named (page, "hang-up"), "clicked");
  cabine_ui_test_spin (100);
  g_assert_cmpuint (hang_ups, ==, 0);
  g_assert_false (gtk_widget_get_visible (cabine_ui_test_find_named (page, "hang-up")));
  assert_on_screen (win, page, "confirm-hang-up");
  assert_on_screen (win, page, "cancel-hang-up");
  cabine_ui_test_save_png (win, "call-confirm-end-fr");
  g_signal_emit_by_name (cabine_ui_test_find_named (page, "cancel-hang-up"), "clicked");
  cabine_ui_test_spin (50);
  g_assert_cmpuint (hang_ups, ==, 0);
  g_assert_true (gtk_widget_get_visible (cabine_ui_test_find_named (page, "hang-up")));
  g_signal_emit_by_name (cabine_ui_test_find_named (page, "hang-up"), "clicked");
  g_signal_emit_by_name (cabine_ui_test_find_named (page, "confirm-hang-up"), "clicked");
  g_assert_cmpuint (hang_ups, ==, 1);
  gtk_window_destroy (GTK_WINDOW (win));
}

int
main (int argc, char *argv[])
{
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

  g_test_add ("/ui/journey/both-languages", Fixture, NULL, fixture_set_up, test_journey_both_languages, fixture_tear_down);
  g_test_add ("/ui/journey/large-text", Fixture, NULL, fixture_set_up, test_journey_large_text, fixture_tear_down);
  g_test_add ("/ui/keyboard", Fixture, NULL, fixture_set_up, test_keyboard, fixture_tear_down);
  g_test_add ("/ui/hang-up-confirmation", Fixture, NULL, fixture_set_up, test_hang_up_confirmation, fixture_tear_down);
  g_test_add ("/ui/inactivity-reset", Fixture, NULL, fixture_set_up, test_inactivity_reset, fixture_tear_down);
  g_test_add ("/ui/maintenance-pin", Fixture, NULL, fixture_set_up, test_pin, fixture_tear_down);
  return g_test_run ();
}
