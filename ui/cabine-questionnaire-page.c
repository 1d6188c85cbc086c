/* cabine-questionnaire-page.c: a few questions about the reason for the visit
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "cabine-ui"

#include <glib/gi18n.h>

#include "cabine-osk.h"
#include "cabine-questionnaire-page.h"
#include "cabine-ui-util.h"

struct _CabineQuestionnairePage
{
  GtkBox               parent_instance;
  CabineQuestionnaire *answers;
  GtkWidget           *symptom;
  GtkWidget           *since;
  GtkWidget           *fever;
  GtkWidget           *pain;
  GtkWidget           *pain_value;
  gboolean             pain_touched;
  GtkWidget           *allergies;
  GtkWidget           *medication;
  GtkWidget           *pregnancy;
};

enum { SIGNAL_DONE, SIGNAL_BACK, N_SIGNALS };
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (CabineQuestionnairePage, cabine_questionnaire_page, GTK_TYPE_BOX)

static void
on_continue (CabineQuestionnairePage *self)
{
  g_autoptr(GError) error = NULL;
  const char *since = cabine_ui_choice_group_get (self->since);
  const char *fever = cabine_ui_choice_group_get (self->fever);
  const char *pregnancy = self->pregnancy != NULL ? cabine_ui_choice_group_get (self->pregnancy) : "not-applicable";
  int pain = self->pain_touched ? (int) gtk_range_get_value (GTK_RANGE (self->pain)) : -1;

  cabine_questionnaire_clear (self->answers);
  if (!cabine_questionnaire_set_text (self->answers, "mainSymptom",
                                      gtk_editable_get_text (GTK_EDITABLE (self->symptom)), &error) ||
      !cabine_questionnaire_set_text (self->answers, "allergies",
                                      gtk_editable_get_text (GTK_EDITABLE (self->allergies)), &error) ||
      !cabine_questionnaire_set_text (self->answers, "medication",
                                      gtk_editable_get_text (GTK_EDITABLE (self->medication)), &error) ||
      !cabine_questionnaire_set_choice (self->answers, "since", since != NULL ? since : "unknown", &error) ||
      !cabine_questionnaire_set_choice (self->answers, "fever", fever != NULL ? fever : "unknown", &error) ||
      !cabine_questionnaire_set_choice (self->answers, "pregnancy",
                                        pregnancy != NULL ? pregnancy : "unknown", &error) ||
      !cabine_questionnaire_set_pain (self->answers, pain, &error))
    {
      /* Only a too long text can fail; the entries are limited, so this is a bug. */
      g_critical ("questionnaire refused: %s", error->message);
      return;
    }
  {
    /* The answers now belong to whoever handles ::done: the page lets go of them without wiping
     * them (its dispose wipes only what it still holds), and starts an empty set. */
    g_autoptr(CabineQuestionnaire) answers = g_steal_pointer (&self->answers);

    self->answers = cabine_questionnaire_new ();
    g_signal_emit (self, signals[SIGNAL_DONE], 0, answers);
  }
}

static void
on_back (CabineQuestionnairePage *self)
{
  g_signal_emit (self, signals[SIGNAL_BACK], 0);
}

static void
on_pain_changed (CabineQuestionnairePage *self)
{
  g_autofree char *text = g_strdup_printf ("%d / 10", (int) gtk_range_get_value (GTK_RANGE (self->pain)));

  self->pain_touched = TRUE;
  gtk_label_set_label (GTK_LABEL (self->pain_value), text);
}

static void
cabine_questionnaire_page_dispose (GObject *object)
{
  CabineQuestionnairePage *self = CABINE_QUESTIONNAIRE_PAGE (object);

  cabine_ui_wipe_entries (GTK_WIDGET (self));
  if (self->answers != NULL)
    cabine_questionnaire_clear (self->answers);
  g_clear_object (&self->answers);
  G_OBJECT_CLASS (cabine_questionnaire_page_parent_class)->dispose (object);
}

static void
cabine_questionnaire_page_class_init (CabineQuestionnairePageClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = cabine_questionnaire_page_dispose;

  signals[SIGNAL_DONE] = g_signal_new ("done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                       NULL, NULL, NULL, G_TYPE_NONE, 1, CABINE_TYPE_QUESTIONNAIRE);
  signals[SIGNAL_BACK] = g_signal_new ("back", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                       NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
cabine_questionnaire_page_init (CabineQuestionnairePage *self)
{
  self->answers = cabine_questionnaire_new ();
}

static GtkWidget *
text_entry (GtkGrid    *grid,
            int         row,
            const char *question,
            const char *hint)
{
  GtkWidget *entry = gtk_entry_new ();

  gtk_entry_set_max_length (GTK_ENTRY (entry), 200);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), hint);
  gtk_widget_set_hexpand (entry, TRUE);
  gtk_widget_add_css_class (entry, "field-entry");
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, question, -1);
  gtk_grid_attach (grid, cabine_ui_label (question, "field-label"), 0, row, 1, 1);
  gtk_grid_attach (grid, entry, 1, row, 1, 1);
  return entry;
}

GtkWidget *
cabine_questionnaire_page_new (gboolean ask_pregnancy,
                               gboolean show_keyboard)
{
  CabineQuestionnairePage *self = g_object_new (CABINE_TYPE_QUESTIONNAIRE_PAGE,
                                                "orientation", GTK_ORIENTATION_VERTICAL,
                                                "spacing", 14, NULL);
  static const char * const since_codes[] = { "today", "1-3-days", "4-7-days", "over-a-week", NULL };
  const char *since_labels[] = { _("Today"), _("1 to 3 days"), _("4 to 7 days"), _("More than a week"), NULL };
  static const char * const yes_no_codes[] = { "yes", "no", "unknown", NULL };
  const char *yes_no_labels[] = { _("Yes"), _("No"), _("I don't know"), NULL };
  GtkGrid *grid = GTK_GRID (gtk_grid_new ());
  GtkWidget *pain_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 16);
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 24);
  GtkWidget *next, *back;
  int row = 0;

  gtk_widget_add_css_class (GTK_WIDGET (self), "page");
  gtk_widget_set_halign (GTK_WIDGET (self), GTK_ALIGN_CENTER);
  gtk_widget_set_valign (GTK_WIDGET (self), GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (self), cabine_ui_label (_("A few questions for the doctor"), "title-1"));
  gtk_box_append (GTK_BOX (self), cabine_ui_label (_("Answer what you can; you can leave a question "
                                                     "blank."), "subtitle"));

  gtk_grid_set_row_spacing (grid, 12);
  gtk_grid_set_column_spacing (grid, 24);
  self->symptom = text_entry (grid, row++, _("What bothers you most?"), _("e.g. a sore throat"));
  /* Return in a text answer sends the form, as the Continue button does. */
  g_signal_connect_swapped (self->symptom, "activate", G_CALLBACK (on_continue), self);
  gtk_grid_attach (grid, cabine_ui_label (_("Since when?"), "field-label"), 0, row, 1, 1);
  self->since = cabine_ui_choice_group_new (since_codes, since_labels, _("Since when?"));
  gtk_grid_attach (grid, self->since, 1, row++, 1, 1);
  gtk_grid_attach (grid, cabine_ui_label (_("Do you have a fever?"), "field-label"), 0, row, 1, 1);
  self->fever = cabine_ui_choice_group_new (yes_no_codes, yes_no_labels, _("Do you have a fever?"));
  gtk_grid_attach (grid, self->fever, 1, row++, 1, 1);

  gtk_grid_attach (grid, cabine_ui_label (_("How much pain? (0: none, 10: worst)"), "field-label"), 0, row, 1, 1);
  self->pain = gtk_scale_new_with_range (GTK_ORIENTATION_HORIZONTAL, 0, 10, 1);
  gtk_scale_set_draw_value (GTK_SCALE (self->pain), FALSE);
  for (int i = 0; i <= 10; i++)
    gtk_scale_add_mark (GTK_SCALE (self->pain), i, GTK_POS_BOTTOM, NULL);
  gtk_widget_set_hexpand (self->pain, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->pain), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("How much pain? (0: none, 10: worst)"), -1);
  self->pain_value = cabine_ui_label (_("not answered"), "pain-value");
  g_signal_connect_swapped (self->pain, "value-changed", G_CALLBACK (on_pain_changed), self);
  gtk_box_append (GTK_BOX (pain_box), self->pain);
  gtk_box_append (GTK_BOX (pain_box), self->pain_value);
  gtk_grid_attach (grid, pain_box, 1, row++, 1, 1);

  self->allergies = text_entry (grid, row++, _("Allergies"), _("e.g. penicillin, or none"));
  self->medication = text_entry (grid, row++, _("Medicines you take"), _("e.g. none"));
  g_signal_connect_swapped (self->allergies, "activate", G_CALLBACK (on_continue), self);
  g_signal_connect_swapped (self->medication, "activate", G_CALLBACK (on_continue), self);
  if (ask_pregnancy)
    {
      static const char * const pregnancy_codes[] = { "yes", "no", "unknown", "not-applicable", NULL };
      const char *pregnancy_labels[] = { _("Yes"), _("No"), _("I don't know"), _("Does not apply"), NULL };

      gtk_grid_attach (grid, cabine_ui_label (_("Could you be pregnant?"), "field-label"), 0, row, 1, 1);
      self->pregnancy = cabine_ui_choice_group_new (pregnancy_codes, pregnancy_labels,
                                                    _("Could you be pregnant?"));
      gtk_grid_attach (grid, self->pregnancy, 1, row++, 1, 1);
    }
  gtk_box_append (GTK_BOX (self), GTK_WIDGET (grid));

  gtk_widget_set_halign (buttons, GTK_ALIGN_CENTER);
  next = gtk_button_new_with_label (_("Continue"));
  gtk_widget_set_name (next, "continue");
  gtk_widget_add_css_class (next, "suggested-action");
  gtk_widget_add_css_class (next, "next-button");
  g_signal_connect_swapped (next, "clicked", G_CALLBACK (on_continue), self);
  back = gtk_button_new_with_label (_("Back"));
  gtk_widget_set_name (back, "back");
  gtk_widget_add_css_class (back, "secondary-button");
  g_signal_connect_swapped (back, "clicked", G_CALLBACK (on_back), self);
  gtk_box_append (GTK_BOX (buttons), next);
  gtk_box_append (GTK_BOX (buttons), back);
  cabine_ui_page_finish (GTK_BOX (self), buttons, show_keyboard ? cabine_osk_new () : NULL);
  return GTK_WIDGET (self);
}
