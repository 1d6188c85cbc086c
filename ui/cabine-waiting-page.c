/* cabine-waiting-page.c: the waiting room
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "cabine-ui"

#include <glib/gi18n.h>

#include "cabine-waiting-page.h"

struct _CabineWaitingPage
{
  GtkBox    parent_instance;
  GtkLabel *position_label;
  GtkLabel *wait_label;
};

enum { SIGNAL_CANCEL, N_SIGNALS };
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (CabineWaitingPage, cabine_waiting_page, GTK_TYPE_BOX)

static void
on_cancel_clicked (CabineWaitingPage *self)
{
  g_signal_emit (self, signals[SIGNAL_CANCEL], 0);
}

static void
cabine_waiting_page_class_init (CabineWaitingPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  signals[SIGNAL_CANCEL] = g_signal_new ("cancel", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                         NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/cabine/Kiosk/cabine-waiting-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CabineWaitingPage, position_label);
  gtk_widget_class_bind_template_child (widget_class, CabineWaitingPage, wait_label);
  gtk_widget_class_bind_template_callback (widget_class, on_cancel_clicked);
}

static void
cabine_waiting_page_init (CabineWaitingPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  cabine_waiting_page_update (self, 0, FALSE, 0);
}

GtkWidget *
cabine_waiting_page_new (void)
{
  return g_object_new (CABINE_TYPE_WAITING_PAGE, NULL);
}

void
cabine_waiting_page_update (CabineWaitingPage *self,
                            guint              position,
                            gboolean           hub_connected,
                            guint              estimated_wait_s)
{
  g_autofree char *text = NULL;
  g_autofree char *wait = NULL;

  g_return_if_fail (CABINE_IS_WAITING_PAGE (self));

  if (!hub_connected)
    text = g_strdup (_("Connecting to the service… Please wait, your request is kept."));
  else if (position == 0)
    text = g_strdup (_("Registering your request…"));
  else if (position == 1)
    text = g_strdup (_("You are next."));
  else
    text = g_strdup_printf (ngettext ("There is %u person before you.",
                                      "There are %u people before you.", position - 1),
                            position - 1);
  gtk_label_set_label (self->position_label, text);

  if (estimated_wait_s == 0)
    wait = g_strdup (_("Estimated wait: not known yet. Most patients are seen within a few minutes."));
  else
    {
      guint minutes = MAX (1, (estimated_wait_s + 59) / 60);
      wait = g_strdup_printf (ngettext ("Estimated wait: about %u minute.",
                                        "Estimated wait: about %u minutes.", minutes), minutes);
    }
  gtk_label_set_label (self->wait_label, wait);
}
