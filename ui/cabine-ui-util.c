/* cabine-ui-util.c: small builders shared by the kiosk's pages
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "cabine-ui"

#include "cabine-ui-util.h"

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
