/* cabine-osk.c: a simple on-screen keyboard for the patient's text fields
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "cabine-ui"

#include <string.h>
#include <glib/gi18n.h>

#include "cabine-osk.h"

struct _CabineOsk
{
  GtkBox parent_instance;
};

G_DEFINE_FINAL_TYPE (CabineOsk, cabine_osk, GTK_TYPE_BOX)

static const char * const rows[] = {
  "1234567890",
  "azertyuiop",
  "qsdfghjklm",
  "wxcvbn@.-'",
  "/+_",
};

static GtkEditable *
focused_editable (CabineOsk *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  /* The focus is on a GtkText inside the GtkEntry; either is a GtkEditable. */
  while (focus != NULL && !GTK_IS_EDITABLE (focus))
    focus = gtk_widget_get_parent (focus);
  return focus != NULL ? GTK_EDITABLE (focus) : NULL;
}

static void
on_key (GtkButton *button,
        CabineOsk *self)
{
  GtkEditable *editable = focused_editable (self);
  const char *text = g_object_get_data (G_OBJECT (button), "cabine-key");
  int pos;

  if (editable == NULL)
    return;
  pos = gtk_editable_get_position (editable);
  if (g_strcmp0 (text, "\b") == 0)
    {
      if (pos > 0)
        gtk_editable_delete_text (editable, pos - 1, pos);
      return;
    }
  gtk_editable_insert_text (editable, text, -1, &pos);
  gtk_editable_set_position (editable, pos);
}

static GtkWidget *
key_button (CabineOsk  *self,
            const char *label,
            const char *text)
{
  GtkWidget *button = gtk_button_new_with_label (label);

  gtk_widget_set_focusable (button, FALSE);
  gtk_widget_set_focus_on_click (button, FALSE);
  gtk_widget_add_css_class (button, "osk-key");
  g_object_set_data_full (G_OBJECT (button), "cabine-key", g_strdup (text), g_free);
  g_signal_connect (button, "clicked", G_CALLBACK (on_key), self);
  return button;
}

static void
cabine_osk_class_init (CabineOskClass *klass)
{
}

static void
cabine_osk_init (CabineOsk *self)
{
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
  gtk_box_set_spacing (GTK_BOX (self), 6);
  gtk_widget_set_halign (GTK_WIDGET (self), GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (GTK_WIDGET (self), "osk");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("On-screen keyboard"), -1);

  for (guint r = 0; r < G_N_ELEMENTS (rows); r++)
    {
      GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

      gtk_widget_set_halign (row, GTK_ALIGN_CENTER);
      for (const char *p = rows[r]; *p != '\0'; p++)
        {
          char text[2] = { *p, '\0' };
          gtk_box_append (GTK_BOX (row), key_button (self, text, text));
        }
      if (r == G_N_ELEMENTS (rows) - 1)
        {
          GtkWidget *space = key_button (self, _("Space"), " ");
          GtkWidget *erase = key_button (self, _("Erase"), "\b");

          gtk_widget_add_css_class (space, "osk-space");
          gtk_widget_add_css_class (erase, "osk-erase");
          gtk_box_append (GTK_BOX (row), space);
          gtk_box_append (GTK_BOX (row), erase);
        }
      gtk_box_append (GTK_BOX (self), row);
    }
}

GtkWidget *
cabine_osk_new (void)
{
  return g_object_new (CABINE_TYPE_OSK, NULL);
}

gboolean
cabine_osk_physical_keyboard_present (GdkDisplay *display)
{
  static const char * const virtual_words[] = { "virtual", "xtest", "xvfb", "power", "sleep",
                                                "video bus", "button", "hotkey", NULL };
  GdkSeat *seat = gdk_display_get_default_seat (display);
  g_autoptr(GList) devices = NULL;

  if (seat == NULL)
    return FALSE;
  devices = gdk_seat_get_devices (seat, GDK_SEAT_CAPABILITY_KEYBOARD);
  for (GList *l = devices; l != NULL; l = l->next)
    {
      g_autofree char *name = g_ascii_strdown (gdk_device_get_name (l->data), -1);
      gboolean is_virtual = FALSE;

      for (guint i = 0; virtual_words[i] != NULL && !is_virtual; i++)
        is_virtual = strstr (name, virtual_words[i]) != NULL;
      if (!is_virtual)
        return TRUE;
    }
  return FALSE;
}
