/* cabine-ui-util.c: small builders shared by the kiosk's pages
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "cabine-ui"

#include "cabine-ui-util.h"
#include "cabine-reading.h"

GtkWidget *
cabine_ui_label (const char *text,
                 const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

static void
on_choice_toggled (GtkToggleButton *button,
                   GtkWidget       *group)
{
  g_object_notify (G_OBJECT (group), "name"); /* lets owners listen with notify::name */
}

GtkWidget *
cabine_ui_choice_group_new (const char * const *codes,
                            const char * const *labels,
                            const char         *accessible_label)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkToggleButton *first = NULL;

  gtk_widget_add_css_class (box, "choice-group");
  gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible_label, -1);
  for (guint i = 0; codes[i] != NULL; i++)
    {
      GtkWidget *button = gtk_toggle_button_new_with_label (labels[i]);
      g_autofree char *name = g_strdup_printf ("choice-%s", codes[i]);

      gtk_widget_set_name (button, name);
      gtk_widget_add_css_class (button, "choice-button");
      g_object_set_data_full (G_OBJECT (button), "cabine-code", g_strdup (codes[i]), g_free);
      if (first == NULL)
        first = GTK_TOGGLE_BUTTON (button);
      else
        gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (button), first);
      g_signal_connect (button, "toggled", G_CALLBACK (on_choice_toggled), box);
      gtk_box_append (GTK_BOX (box), button);
    }
  return box;
}

const char *
cabine_ui_choice_group_get (GtkWidget *group)
{
  for (GtkWidget *c = gtk_widget_get_first_child (group); c != NULL; c = gtk_widget_get_next_sibling (c))
    if (GTK_IS_TOGGLE_BUTTON (c) && gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (c)))
      return g_object_get_data (G_OBJECT (c), "cabine-code");
  return NULL;
}

void
cabine_ui_choice_group_set (GtkWidget  *group,
                            const char *code)
{
  for (GtkWidget *c = gtk_widget_get_first_child (group); c != NULL; c = gtk_widget_get_next_sibling (c))
    if (GTK_IS_TOGGLE_BUTTON (c))
      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (c),
                                    g_strcmp0 (g_object_get_data (G_OBJECT (c), "cabine-code"), code) == 0);
}

void
cabine_ui_wipe_entries (GtkWidget *root)
{
  if (GTK_IS_EDITABLE (root) && !GTK_IS_SPIN_BUTTON (root))
    gtk_editable_set_text (GTK_EDITABLE (root), "");
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    cabine_ui_wipe_entries (c);
}

static gboolean
has_focusable (GtkWidget *root)
{
  if (gtk_widget_get_focusable (root))
    return TRUE;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    if (has_focusable (c))
      return TRUE;
  return FALSE;
}

void
cabine_ui_page_finish (GtkBox    *page,
                       GtkWidget *actions,
                       GtkWidget *keyboard)
{
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, gtk_box_get_spacing (page));
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *viewport;
  GtkWidget *child;

  g_return_if_fail (GTK_IS_BOX (page));

  /* What the page holds so far becomes its scrolling content. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (page))) != NULL)
    {
      g_object_ref (child);
      gtk_box_remove (page, child);
      gtk_box_append (GTK_BOX (content), child);
      g_object_unref (child);
    }
  gtk_widget_set_valign (content, GTK_ALIGN_CENTER);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  /* A touch screen shows no overlay scrollbar until scrolled: a permanent one says there is more. */
  gtk_scrolled_window_set_overlay_scrolling (GTK_SCROLLED_WINDOW (scroller), FALSE);
  /* As tall as the content when it fits (the page stays centred), shorter and scrolling when not. */
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_propagate_natural_width (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_widget_set_vexpand (scroller, TRUE);
  gtk_widget_add_css_class (scroller, "page-content");
  /* A scroller with nothing focusable inside would swallow the focus (it claims it and then
   * cannot hold it): focus then skips it for the page's first button, where keyboard users start. */
  gtk_widget_set_focusable (scroller, FALSE);
  gtk_widget_set_can_focus (scroller, has_focusable (content));
  viewport = gtk_viewport_new (NULL, NULL);
  /* The field being typed in scrolls into view above the keyboard. */
  gtk_viewport_set_scroll_to_focus (GTK_VIEWPORT (viewport), TRUE);
  gtk_viewport_set_child (GTK_VIEWPORT (viewport), content);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), viewport);
  gtk_box_append (page, scroller);
  if (actions != NULL)
    {
      gtk_widget_add_css_class (actions, "page-actions");
      gtk_box_append (page, actions);
    }
  if (keyboard != NULL)
    gtk_box_append (page, keyboard);
}

const char *
cabine_ui_unit_for_people (const char *ucum)
{
  /* UCUM (Regenstrief, "The Unified Code for Units of Measure", §§ 4–5 and its table of units) as
   * a person reads it on a device's display. */
  static const struct { const char *ucum; const char *shown; } units[] = {
    { "Cel", "°C" }, { "[degF]", "°F" }, { "mm[Hg]", "mmHg" }, { "kPa", "kPa" }, { "%", "%" },
    { "/min", "bpm" }, { "{beats}/min", "bpm" }, { "{beat}/min", "bpm" }, { "kg", "kg" }, { "g", "g" },
    { "[lb_av]", "lb" }, { "cm", "cm" }, { "m", "m" }, { "[in_i]", "in" }, { "kg/m2", "kg/m²" },
    { "mg/dL", "mg/dL" }, { "mmol/L", "mmol/L" }, { "L/min", "L/min" }, { "s", "s" },
  };

  if (ucum == NULL)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (units); i++)
    if (g_str_equal (units[i].ucum, ucum))
      return units[i].shown;
  return ucum;
}

static int
compare_newest_first (gconstpointer a,
                      gconstpointer b,
                      gpointer      user_data)
{
  /* Descending: b before a when b is later. */
  return g_date_time_compare (cabine_reading_get_time (CABINE_READING ((gpointer) b)),
                              cabine_reading_get_time (CABINE_READING ((gpointer) a)));
}

GtkSortListModel *
cabine_readings_newest_first (GListModel *readings)
{
  g_return_val_if_fail (G_IS_LIST_MODEL (readings), NULL);

  return gtk_sort_list_model_new (g_object_ref (readings),
                                  GTK_SORTER (gtk_custom_sorter_new (compare_newest_first, NULL, NULL)));
}
