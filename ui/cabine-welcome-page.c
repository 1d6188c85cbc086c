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
  gboolean   unavailable;          /* disconnected for unavailable_after seconds */
  guint      unavailable_after;
  guint      unavailable_id;
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
  else if (self->unavailable)
    gtk_label_set_label (self->status_label,
                         "Service de téléconsultation indisponible : adressez-vous au personnel de la "
                         "pharmacie. · The teleconsultation service is unavailable: please ask the "
                         "pharmacy staff.");
  else
    gtk_label_set_label (self->status_label, self->connected ? ""
                         : "Connexion au service en cours… · Connecting to the service…");
}

/* A patient may start only when the cabin is open and the service has not been lost for long:
 * a consultation that cannot reach a physician would have the patient fill in the forms, then
 * wait alone in the cabin; the pharmacist would rather have them come to the counter. A hub that
 * is only being reached (a restart, a short network cut) does not stop anybody. */
static void
update_buttons (CabineWelcomePage *self)
{
  gboolean open = self->refusing == CABINE_WELCOME_OPEN && !self->unavailable;

  gtk_widget_set_sensitive (self->french_button, open);
  gtk_widget_set_sensitive (self->english_button, open);
  update_status (self);
}

static gboolean
on_unavailable (gpointer user_data)
{
  CabineWelcomePage *self = user_data;

  self->unavailable_id = 0;
  self->unavailable = TRUE;
  g_message ("the hub has been unreachable for %u s: new consultations are refused",
             self->unavailable_after);
  update_buttons (self);
  return G_SOURCE_REMOVE;
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
cabine_welcome_page_dispose (GObject *object)
{
  CabineWelcomePage *self = CABINE_WELCOME_PAGE (object);

  g_clear_handle_id (&self->unavailable_id, g_source_remove);
  G_OBJECT_CLASS (cabine_welcome_page_parent_class)->dispose (object);
}

static void
cabine_welcome_page_class_init (CabineWelcomePageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = cabine_welcome_page_dispose;

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
  self->unavailable_after = CABINE_WELCOME_UNAVAILABLE_AFTER_S;
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
  if (connected)
    {
      g_clear_handle_id (&self->unavailable_id, g_source_remove);
      self->unavailable = FALSE;
    }
  else if (!self->unavailable && self->unavailable_id == 0)
    self->unavailable_id = g_timeout_add (self->unavailable_after * 1000, on_unavailable, self);
  update_buttons (self);
}

void
cabine_welcome_page_set_unavailable_after (CabineWelcomePage *self,
                                           guint              seconds)
{
  g_return_if_fail (CABINE_IS_WELCOME_PAGE (self));
  g_return_if_fail (seconds > 0);

  self->unavailable_after = seconds;
  if (self->unavailable_id != 0)
    {
      g_clear_handle_id (&self->unavailable_id, g_source_remove);
      self->unavailable_id = g_timeout_add (seconds * 1000, on_unavailable, self);
    }
}

gboolean
cabine_welcome_page_get_service_unavailable (CabineWelcomePage *self)
{
  g_return_val_if_fail (CABINE_IS_WELCOME_PAGE (self), FALSE);
  return self->unavailable;
}

void
cabine_welcome_page_set_refusing (CabineWelcomePage    *self,
                                  CabineWelcomeRefusal  refusal)
{
  g_return_if_fail (CABINE_IS_WELCOME_PAGE (self));

  self->refusing = refusal;
  update_buttons (self);
}
