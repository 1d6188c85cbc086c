/* cabine-welcome-page.c: the first page, in French and English at once
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "cabine-ui"

#include "cabine-welcome-page.h"

struct _CabineWelcomePage
{
  GtkBox     parent_instance;
  GtkLabel  *status_label;
  GtkWidget *french_button;
  GtkWidget *english_button;
  gboolean   connected;
  CabineWelcomeRefusal refusing;
};

enum { SIGNAL_START, N_SIGNALS };
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (CabineWelcomePage, cabine_welcome_page, GTK_TYPE_BOX)

/* This page speaks both languages at once: its strings are not translated. */
static void
update_status (CabineWelcomePage *self)
{
  /* Bilingual on purpose, like the rest of this page: no language is chosen yet. */
  if (self->refusing == CABINE_WELCOME_CLEANING_DUE)
    gtk_label_set_label (self->status_label,
                         "Cabine en cours de nettoyage : adressez-vous au personnel de la pharmacie. · "
                         "The cabin is waiting to be cleaned: please ask the pharmacy staff.");
  else if (self->refusing == CABINE_WELCOME_OUT_OF_SERVICE)
    gtk_label_set_label (self->status_label,
                         "Cabine hors service : adressez-vous au personnel de la pharmacie. · "
                         "This cabin is out of service: please ask the pharmacy staff.");
  else
    gtk_label_set_label (self->status_label, self->connected ? ""
                         : "Connexion au service en cours… · Connecting to the service…");
}

static void
on_french_clicked (CabineWelcomePage *self)
{
  g_signal_emit (self, signals[SIGNAL_START], 0, "fr");
}

static void
on_english_clicked (CabineWelcomePage *self)
{
  g_signal_emit (self, signals[SIGNAL_START], 0, "en");
}

static void
cabine_welcome_page_class_init (CabineWelcomePageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  signals[SIGNAL_START] = g_signal_new ("start", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                        NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/cabine/Kiosk/cabine-welcome-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CabineWelcomePage, status_label);
  gtk_widget_class_bind_template_child (widget_class, CabineWelcomePage, french_button);
  gtk_widget_class_bind_template_child (widget_class, CabineWelcomePage, english_button);
  gtk_widget_class_bind_template_callback (widget_class, on_french_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_english_clicked);
}

static void
cabine_welcome_page_init (CabineWelcomePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
cabine_welcome_page_new (void)
{
  return g_object_new (CABINE_TYPE_WELCOME_PAGE, NULL);
}

void
cabine_welcome_page_set_hub_connected (CabineWelcomePage *self,
                                       gboolean           connected)
{
  g_return_if_fail (CABINE_IS_WELCOME_PAGE (self));

  self->connected = connected;
  update_status (self);
}

void
cabine_welcome_page_set_refusing (CabineWelcomePage    *self,
                                  CabineWelcomeRefusal  refusal)
{
  g_return_if_fail (CABINE_IS_WELCOME_PAGE (self));

  self->refusing = refusal;
  gtk_widget_set_sensitive (self->french_button, refusal == CABINE_WELCOME_OPEN);
  gtk_widget_set_sensitive (self->english_button, refusal == CABINE_WELCOME_OPEN);
  update_status (self);
}
