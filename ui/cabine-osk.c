/* cabine-osk.c: an on-screen keyboard for the patient's text fields, French (AZERTY) first
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two layers, as on a phone: the letters (AZERTY, with é è à ç at hand) and the accents (every
 * accented letter of French); ⇧ types the next letter in capitals, and a second ⇧ holds capitals
 * until pressed again.
 */
#define G_LOG_DOMAIN "cabine-ui"

#include <string.h>
#include <glib/gi18n.h>

#include "cabine-osk.h"

#define N_ROWS 4

struct _CabineOsk
{
  GtkBox     parent_instance;
  GPtrArray *layer_keys;   /* (element-type GtkButton) keys whose text changes with the layer */
  GtkWidget *shift;
  GtkWidget *layer;
  gboolean   accents;
  guint      shift_state;  /* 0 off, 1 next letter, 2 caps lock */
};

G_DEFINE_FINAL_TYPE (CabineOsk, cabine_osk, GTK_TYPE_BOX)

/* Space-separated keys; the two layers' rows 1 and 2 have the same number of keys. */
static const char * const letters[N_ROWS] = {
  "1 2 3 4 5 6 7 8 9 0",
  "a z e r t y u i o p",
  "q s d f g h j k l m",
  "w x c v b n é è à ç",
};
static const char * const accents[N_ROWS] = {
  "1 2 3 4 5 6 7 8 9 0",
  "é è ê ë à â ä ç ù û",
  "ü ô ö î ï ÿ œ æ ñ ß",
  "w x c v b n é è à ç",
};
static const char symbols[] = "' - @ . _ + /";

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

static char *
key_text (CabineOsk  *self,
          const char *base)
{
  /* ß has no single-letter capital in common use: it stays as it is. */
  if (self->shift_state > 0 && g_unichar_isalpha (g_utf8_get_char (base)) && strcmp (base, "ß") != 0)
    return g_utf8_strup (base, -1);
  return g_strdup (base);
}

static void
relabel (CabineOsk *self)
{
  for (guint i = 0; i < self->layer_keys->len; i++)
    {
      GtkWidget *button = self->layer_keys->pdata[i];
      guint row = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "cabine-row"));
      guint col = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "cabine-col"));
      g_auto(GStrv) keys = g_strsplit ((self->accents ? accents : letters)[row], " ", -1);
      g_autofree char *label = key_text (self, keys[col]);

      g_object_set_data_full (G_OBJECT (button), "cabine-key", g_strdup (keys[col]), g_free);
      gtk_button_set_label (GTK_BUTTON (button), label);
    }
  gtk_button_set_label (GTK_BUTTON (self->layer), self->accents ? "abc" : "àéç");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->layer), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  self->accents ? _("Letters") : _("Accented letters"), -1);
  if (self->shift_state == 2)
    gtk_widget_add_css_class (self->shift, "osk-locked");
  else
    gtk_widget_remove_css_class (self->shift, "osk-locked");
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->shift), self->shift_state > 0);
}

static void
on_key (GtkButton *button,
        CabineOsk *self)
{
  GtkEditable *editable = focused_editable (self);
  const char *base = g_object_get_data (G_OBJECT (button), "cabine-key");
  g_autofree char *text = NULL;
  int pos;

  if (editable == NULL)
    return;
  pos = gtk_editable_get_position (editable);
  if (g_strcmp0 (base, "\b") == 0)
    {
      if (pos > 0)
        gtk_editable_delete_text (editable, pos - 1, pos);
      return;
    }
  text = key_text (self, base);
  gtk_editable_insert_text (editable, text, -1, &pos);
  gtk_editable_set_position (editable, pos);
  if (self->shift_state == 1 && g_unichar_isalpha (g_utf8_get_char (base)))
    {
      self->shift_state = 0;
      relabel (self);
    }
}

static void
on_shift (GtkButton *button,
          CabineOsk *self)
{
  self->shift_state = (self->shift_state + 1) % 3;
  relabel (self);
}

static void
on_layer (GtkButton *button,
          CabineOsk *self)
{
  self->accents = !self->accents;
  relabel (self);
}

static void
no_focus (GtkWidget *button)
{
  gtk_widget_set_focusable (button, FALSE);
  gtk_widget_set_focus_on_click (button, FALSE);
  gtk_widget_add_css_class (button, "osk-key");
}

static GtkWidget *
key_button (CabineOsk  *self,
            const char *label,
            const char *text)
{
  GtkWidget *button = gtk_button_new_with_label (label);

  no_focus (button);
  g_object_set_data_full (G_OBJECT (button), "cabine-key", g_strdup (text), g_free);
  g_signal_connect (button, "clicked", G_CALLBACK (on_key), self);
  return button;
}

static void
cabine_osk_finalize (GObject *object)
{
  CabineOsk *self = CABINE_OSK (object);

  g_ptr_array_unref (self->layer_keys);
  G_OBJECT_CLASS (cabine_osk_parent_class)->finalize (object);
}

static void
cabine_osk_class_init (CabineOskClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cabine_osk_finalize;
}

static void
cabine_osk_init (CabineOsk *self)
{
  GtkWidget *row;
  GtkWidget *space, *erase;
  g_auto(GStrv) syms = g_strsplit (symbols, " ", -1);

  self->layer_keys = g_ptr_array_new ();
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
  gtk_box_set_spacing (GTK_BOX (self), 6);
  gtk_widget_set_halign (GTK_WIDGET (self), GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (GTK_WIDGET (self), "osk");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("On-screen keyboard"), -1);

  self->shift = gtk_toggle_button_new_with_label ("⇧");
  no_focus (self->shift);
  gtk_widget_set_name (self->shift, "osk-shift");
  gtk_widget_add_css_class (self->shift, "osk-wide");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->shift), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Capital letters"), -1);
  g_signal_connect (self->shift, "clicked", G_CALLBACK (on_shift), self);
  self->layer = gtk_button_new_with_label ("");
  no_focus (self->layer);
  gtk_widget_set_name (self->layer, "osk-layer");
  gtk_widget_add_css_class (self->layer, "osk-wide");
  g_signal_connect (self->layer, "clicked", G_CALLBACK (on_layer), self);

  for (guint r = 0; r < N_ROWS; r++)
    {
      g_auto(GStrv) keys = g_strsplit (letters[r], " ", -1);

      row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      gtk_widget_set_halign (row, GTK_ALIGN_CENTER);
      if (r == N_ROWS - 1)
        gtk_box_append (GTK_BOX (row), self->shift);
      for (guint c = 0; keys[c] != NULL; c++)
        {
          GtkWidget *button = key_button (self, keys[c], keys[c]);

          g_object_set_data (G_OBJECT (button), "cabine-row", GUINT_TO_POINTER (r));
          g_object_set_data (G_OBJECT (button), "cabine-col", GUINT_TO_POINTER (c));
          g_ptr_array_add (self->layer_keys, button);
          gtk_box_append (GTK_BOX (row), button);
        }
      if (r == N_ROWS - 1)
        {
          erase = key_button (self, "⌫", "\b");
          gtk_widget_set_name (erase, "osk-erase");
          gtk_widget_add_css_class (erase, "osk-wide");
          gtk_accessible_update_property (GTK_ACCESSIBLE (erase), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                          _("Erase"), -1);
          gtk_box_append (GTK_BOX (row), erase);
        }
      gtk_box_append (GTK_BOX (self), row);
    }

  row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_halign (row, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (row), self->layer);
  for (guint i = 0; syms[i] != NULL; i++)
    gtk_box_append (GTK_BOX (row), key_button (self, syms[i], syms[i]));
  space = key_button (self, _("Space"), " ");
  gtk_widget_set_name (space, "osk-space");
  gtk_widget_add_css_class (space, "osk-space");
  gtk_box_append (GTK_BOX (row), space);
  gtk_box_append (GTK_BOX (self), row);
  relabel (self);
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
