/* cabine-pin-page.c: the operator types the maintenance PIN on a keypad
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "cabine-ui"

#include <string.h>
#include <glib/gi18n.h>

#include "cabine-pin.h"
#include "cabine-pin-page.h"
#include "cabine-ui-util.h"

struct _CabinePinPage
{
  GtkBox     parent_instance;
  GtkWidget *entry;
  GtkWidget *message;
};

enum { SIGNAL_ENTERED, SIGNAL_CANCEL, N_SIGNALS };
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (CabinePinPage, cabine_pin_page, GTK_TYPE_BOX)

static void
on_ok (CabinePinPage *self)
{
  g_autofree char *pin = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->entry)));

  gtk_editable_set_text (GTK_EDITABLE (self->entry), "");
  g_signal_emit (self, signals[SIGNAL_ENTERED], 0, pin);
  memset (pin, 0, strlen (pin));
}

static void
on_digit (GtkButton     *button,
          CabinePinPage *self)
{
  int pos = -1;

  gtk_editable_insert_text (GTK_EDITABLE (self->entry), gtk_button_get_label (button), -1, &pos);
}

static void
on_cancel (CabinePinPage *self)
{
  g_signal_emit (self, signals[SIGNAL_CANCEL], 0);
}

static void
cabine_pin_page_class_init (CabinePinPageClass *klass)
{
  signals[SIGNAL_ENTERED] = g_signal_new ("entered", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                          NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SIGNAL_CANCEL] = g_signal_new ("cancel", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                         NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
on_erase (CabinePinPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->entry));
  int n = (int) strlen (text);

  if (n > 0)
    gtk_editable_delete_text (GTK_EDITABLE (self->entry), n - 1, n);
}

static void
cabine_pin_page_init (CabinePinPage *self)
{
  GtkGrid *pad = GTK_GRID (gtk_grid_new ());
  GtkWidget *left = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  GtkWidget *cancel = gtk_button_new_with_label (_("Cancel"));
  GtkWidget *ok = gtk_button_new_with_label (_("OK"));
  GtkWidget *erase = gtk_button_new_from_icon_name ("edit-clear-symbolic");

  /* Side by side (text and Cancel on the left, keypad with OK on the right): every key and both
   * buttons fit a 1280×800 screen, in large text too. */
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_HORIZONTAL);
  gtk_box_set_spacing (GTK_BOX (self), 64);
  gtk_widget_add_css_class (GTK_WIDGET (self), "page");
  gtk_widget_set_halign (GTK_WIDGET (self), GTK_ALIGN_CENTER);
  gtk_widget_set_valign (GTK_WIDGET (self), GTK_ALIGN_CENTER);
  gtk_widget_set_valign (left, GTK_ALIGN_CENTER);

  gtk_box_append (GTK_BOX (left), cabine_ui_label (_("Maintenance"), "title-1"));
  gtk_box_append (GTK_BOX (left), cabine_ui_label (_("Operator PIN"), "subtitle"));
  self->entry = gtk_password_entry_new ();
  gtk_widget_set_name (self->entry, "pin");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Operator PIN"), -1);
  g_signal_connect_swapped (self->entry, "activate", G_CALLBACK (on_ok), self);
  gtk_box_append (GTK_BOX (left), self->entry);
  self->message = cabine_ui_label ("", "field-error");
  gtk_label_set_max_width_chars (GTK_LABEL (self->message), 24);
  gtk_box_append (GTK_BOX (left), self->message);
  gtk_widget_set_name (cancel, "cancel");
  gtk_widget_add_css_class (cancel, "secondary-button");
  gtk_accessible_update_property (GTK_ACCESSIBLE (cancel), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  _("Back to the welcome page without entering maintenance"), -1);
  g_signal_connect_swapped (cancel, "clicked", G_CALLBACK (on_cancel), self);
  gtk_box_append (GTK_BOX (left), cancel);
  gtk_box_append (GTK_BOX (self), left);

  gtk_grid_set_row_spacing (pad, 8);
  gtk_grid_set_column_spacing (pad, 8);
  gtk_widget_set_valign (GTK_WIDGET (pad), GTK_ALIGN_CENTER);
  for (int i = 0; i < 10; i++)
    {
      char label[2] = { (char) ('0' + (i + 1) % 10), '\0' };
      GtkWidget *b = gtk_button_new_with_label (label);

      gtk_widget_set_focusable (b, FALSE);
      gtk_widget_add_css_class (b, "pin-key");
      g_signal_connect (b, "clicked", G_CALLBACK (on_digit), self);
      gtk_grid_attach (pad, b, i == 9 ? 1 : i % 3, i / 3, 1, 1);
    }
  gtk_widget_set_focusable (erase, FALSE);
  gtk_widget_add_css_class (erase, "pin-key");
  gtk_accessible_update_property (GTK_ACCESSIBLE (erase), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Erase"), -1);
  g_signal_connect_swapped (erase, "clicked", G_CALLBACK (on_erase), self);
  gtk_grid_attach (pad, erase, 0, 3, 1, 1);
  gtk_widget_set_name (ok, "ok");
  gtk_widget_add_css_class (ok, "suggested-action");
  gtk_widget_add_css_class (ok, "pin-key");
  g_signal_connect_swapped (ok, "clicked", G_CALLBACK (on_ok), self);
  gtk_grid_attach (pad, ok, 2, 3, 1, 1);
  gtk_box_append (GTK_BOX (self), GTK_WIDGET (pad));
}

GtkWidget *
cabine_pin_page_new (void)
{
  return g_object_new (CABINE_TYPE_PIN_PAGE, NULL);
}

void
cabine_pin_page_show_error (CabinePinPage *self,
                            const GError  *error)
{
  g_autofree char *text = NULL;

  g_return_if_fail (CABINE_IS_PIN_PAGE (self));

  if (g_error_matches (error, CABINE_PIN_ERROR, CABINE_PIN_ERROR_LOCKED))
    text = g_strdup (_("Too many wrong PINs. Maintenance is locked for a few minutes."));
  else if (g_error_matches (error, CABINE_PIN_ERROR, CABINE_PIN_ERROR_NOT_SET))
    text = g_strdup (_("No operator PIN is configured on this cabin."));
  else
    text = g_strdup (_("Wrong PIN."));
  gtk_label_set_label (GTK_LABEL (self->message), text);
  gtk_editable_set_text (GTK_EDITABLE (self->entry), "");
}
