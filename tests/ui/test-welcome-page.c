/* test-welcome-page.c: the welcome page when the teleconsultation service cannot be reached
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-welcome-page"

#include "ui-test-util.h"
#include <string.h>

#include <gtk/gtk.h>

#include "cabine-welcome-page.h"

/* The UI's generated resource; referencing it keeps it (and its templates) in the static link. */
GResource *cabine_ui_get_resource (void);

/* The text of the visible labels under @root, joined. */
static void
append_text (GtkWidget *root,
             GString   *out)
{
  if (!gtk_widget_get_visible (root))
    return;
  if (GTK_IS_LABEL (root))
    g_string_append_printf (out, "%s\n", gtk_label_get_text (GTK_LABEL (root)));
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    append_text (c, out);
}

static gboolean
page_says (GtkWidget  *page,
           const char *text)
{
  g_autoptr(GString) all = g_string_new (NULL);

  append_text (page, all);
  return strstr (all->str, text) != NULL;
}

static void
assert_can_start (GtkWidget *page,
                  gboolean   can)
{
  g_assert_cmpint (gtk_widget_is_sensitive (cabine_ui_test_find_named (page, "start-fr")), ==, can);
  g_assert_cmpint (gtk_widget_is_sensitive (cabine_ui_test_find_named (page, "start-en")), ==, can);
}

/* Unreachable for a moment: patients may start; for the delay: a notice in both languages and
 * no start; reconnected: open again, and a new loss starts the delay again. */
static void
test_unavailable (void)
{
  GtkWidget *win = gtk_window_new ();
  GtkWidget *page = cabine_welcome_page_new ();
  CabineWelcomePage *welcome = CABINE_WELCOME_PAGE (page);

  gtk_window_set_default_size (GTK_WINDOW (win), 1280, 800);
  gtk_window_set_child (GTK_WINDOW (win), page);
  gtk_window_present (GTK_WINDOW (win));
  cabine_welcome_page_set_unavailable_after (welcome, 2);
  cabine_welcome_page_set_hub_connected (welcome, FALSE);
  cabine_ui_test_spin (300);
  g_assert_false (cabine_welcome_page_get_service_unavailable (welcome));
  g_assert_true (page_says (page, "Connexion au service en cours"));
  assert_can_start (page, TRUE);

  cabine_ui_test_spin (2200);
  g_assert_true (cabine_welcome_page_get_service_unavailable (welcome));
  g_assert_true (page_says (page, "Service de téléconsultation indisponible : adressez-vous au personnel de la pharmacie."));
  g_assert_true (page_says (page, "The teleconsultation service is unavailable: please ask the pharmacy staff."));
  g_assert_false (page_says (page, "Connexion au service en cours"));
  assert_can_start (page, FALSE);

  /* Refusing for another reason and opening again does not re-open while the hub is away. */
  cabine_welcome_page_set_refusing (welcome, CABINE_WELCOME_CLEANING_DUE);
  cabine_welcome_page_set_refusing (welcome, CABINE_WELCOME_OPEN);
  assert_can_start (page, FALSE);

  cabine_welcome_page_set_hub_connected (welcome, TRUE);
  g_assert_false (cabine_welcome_page_get_service_unavailable (welcome));
  g_assert_false (page_says (page, "indisponible"));
  assert_can_start (page, TRUE);

  /* Flapping shorter than the delay never shows the notice. */
  cabine_welcome_page_set_hub_connected (welcome, FALSE);
  cabine_ui_test_spin (1200);
  cabine_welcome_page_set_hub_connected (welcome, TRUE);
  cabine_welcome_page_set_hub_connected (welcome, FALSE);
  cabine_ui_test_spin (1200);
  g_assert_false (cabine_welcome_page_get_service_unavailable (welcome));
  assert_can_start (page, TRUE);
  cabine_ui_test_spin (1200);
  g_assert_true (cabine_welcome_page_get_service_unavailable (welcome));
  gtk_window_destroy (GTK_WINDOW (win));
}

/* The default delay is what the header says. */
static void
test_default_delay (void)
{
  GtkWidget *page = g_object_ref_sink (cabine_welcome_page_new ());

  cabine_welcome_page_set_hub_connected (CABINE_WELCOME_PAGE (page), FALSE);
  cabine_ui_test_spin (200);
  g_assert_false (cabine_welcome_page_get_service_unavailable (CABINE_WELCOME_PAGE (page)));
  g_assert_cmpint (CABINE_WELCOME_UNAVAILABLE_AFTER_S, ==, 30);
  g_object_unref (page);
}

int
main (int argc, char *argv[])
{
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  g_setenv ("GTK_A11Y", "none", FALSE);
  gtk_test_init (&argc, &argv, NULL);
  g_assert_nonnull (cabine_ui_get_resource ());
  g_test_add_func ("/ui/welcome/unavailable", test_unavailable);
  g_test_add_func ("/ui/welcome/default-delay", test_default_delay);
  return g_test_run ();
}
