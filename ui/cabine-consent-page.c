/* cabine-consent-page.c: what is recorded, who sees it, how long it is kept; the patient agrees
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "cabine-ui"

#include <glib/gi18n.h>

#include "cabine-consent-page.h"
#include "cabine-ui-util.h"

struct _CabineConsentPage
{
  GtkBox parent_instance;
};

enum { SIGNAL_ACCEPTED, SIGNAL_REFUSED, N_SIGNALS };
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (CabineConsentPage, cabine_consent_page, GTK_TYPE_BOX)

static void
on_accept (CabineConsentPage *self)
{
  g_signal_emit (self, signals[SIGNAL_ACCEPTED], 0);
}

static void
on_refuse (CabineConsentPage *self)
{
  g_signal_emit (self, signals[SIGNAL_REFUSED], 0);
}

static void
cabine_consent_page_class_init (CabineConsentPageClass *klass)
{
  signals[SIGNAL_ACCEPTED] = g_signal_new ("accepted", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                           NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_REFUSED] = g_signal_new ("refused", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                          NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
add_section (GtkBox     *box,
             const char *title,
             const char *text)
{
  GtkWidget *body = cabine_ui_label (text, "consent-text");

  gtk_label_set_max_width_chars (GTK_LABEL (body), 70);
  gtk_box_append (box, cabine_ui_label (title, "heading"));
  gtk_box_append (box, body);
}

static void
cabine_consent_page_init (CabineConsentPage *self)
{
  GtkBox *box = GTK_BOX (self);
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 24);
  GtkWidget *accept, *refuse;

  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
  gtk_box_set_spacing (box, 14);
  gtk_widget_add_css_class (GTK_WIDGET (self), "page");
  gtk_widget_set_halign (GTK_WIDGET (self), GTK_ALIGN_CENTER);
  gtk_widget_set_valign (GTK_WIDGET (self), GTK_ALIGN_CENTER);

  gtk_box_append (box, cabine_ui_label (_("Before we start"), "title-1"));
  add_section (box, _("What is recorded"),
               _("Your name, date of birth, sex and contact, your answers to a few questions, the "
                 "measurements taken with the cabin's instruments, the still pictures the doctor "
                 "takes with the exam cameras (for example of your ear or skin) and the times of "
                 "the call. The video and sound of the call are not recorded."));
  add_section (box, _("Who sees it"),
               _("Only the doctor who sees you, and the service that keeps your medical record. "
                 "The pharmacy staff do not see it."));
  add_section (box, _("How long it is kept"),
               _("The cabin keeps your data only until it has been sent securely to the service, "
                 "then deletes it. The service keeps your medical record for as long as the law "
                 "requires."));
  add_section (box, _("Your rights"),
               _("You can stop at any moment. You can ask to see, correct or delete your data by "
                 "writing to the service named on the report."));

  gtk_widget_set_halign (buttons, GTK_ALIGN_CENTER);
  accept = gtk_button_new_with_label (_("I agree"));
  gtk_widget_set_name (accept, "accept");
  gtk_widget_add_css_class (accept, "suggested-action");
  gtk_widget_add_css_class (accept, "next-button");
  g_signal_connect_swapped (accept, "clicked", G_CALLBACK (on_accept), self);
  refuse = gtk_button_new_with_label (_("I do not agree"));
  gtk_widget_add_css_class (refuse, "secondary-button");
  g_signal_connect_swapped (refuse, "clicked", G_CALLBACK (on_refuse), self);
  gtk_box_append (GTK_BOX (buttons), accept);
  gtk_box_append (GTK_BOX (buttons), refuse);
  cabine_ui_page_finish (box, buttons, NULL);
}

GtkWidget *
cabine_consent_page_new (void)
{
  return g_object_new (CABINE_TYPE_CONSENT_PAGE, NULL);
}
