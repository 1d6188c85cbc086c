/* cabine-reason-page.c: the reason for the visit
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "cabine-ui"

#include <glib/gi18n.h>

#include "cabine-reason-page.h"

struct _CabineReasonPage
{
  GtkBox   parent_instance;
  GtkGrid *reasons_grid;
};

enum { SIGNAL_CHOSEN, SIGNAL_BACK, N_SIGNALS };
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (CabineReasonPage, cabine_reason_page, GTK_TYPE_BOX)

static const char * const reasons[] = {
  N_("Fever"),
  N_("Cough or sore throat"),
  N_("Pain"),
  N_("Skin problem"),
  N_("Ear or eye problem"),
  N_("Prescription renewal"),
  N_("Something else"),
};

static void
on_reason_clicked (GtkButton        *button,
                   CabineReasonPage *self)
{
  g_signal_emit (self, signals[SIGNAL_CHOSEN], 0, gtk_button_get_label (button));
}

static void
on_back_clicked (CabineReasonPage *self)
{
  g_signal_emit (self, signals[SIGNAL_BACK], 0);
}

static void
cabine_reason_page_class_init (CabineReasonPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  signals[SIGNAL_CHOSEN] = g_signal_new ("chosen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                         NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SIGNAL_BACK] = g_signal_new ("back", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                       NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/cabine/Kiosk/cabine-reason-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CabineReasonPage, reasons_grid);
  gtk_widget_class_bind_template_callback (widget_class, on_back_clicked);
}

static void
cabine_reason_page_init (CabineReasonPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 0; i < G_N_ELEMENTS (reasons); i++)
    {
      GtkWidget *button = gtk_button_new_with_label (_(reasons[i]));
      g_autofree char *name = g_strdup_printf ("reason-%u", i);

      gtk_widget_add_css_class (button, "reason-button");
      gtk_widget_set_name (button, name);
      g_signal_connect (button, "clicked", G_CALLBACK (on_reason_clicked), self);
      gtk_grid_attach (self->reasons_grid, button, (int) (i % 2), (int) (i / 2), 1, 1);
    }
}

GtkWidget *
cabine_reason_page_new (void)
{
  return g_object_new (CABINE_TYPE_REASON_PAGE, NULL);
}
