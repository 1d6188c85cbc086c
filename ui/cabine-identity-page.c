/* cabine-identity-page.c: who the patient is (name, date of birth, sex, where to send the report)
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "cabine-ui"

#include <glib/gi18n.h>

#include "cabine-identity-page.h"
#include "cabine-osk.h"
#include "cabine-patient.h"
#include "cabine-ui-util.h"

enum { FIELD_FAMILY, FIELD_GIVEN, FIELD_BIRTH, FIELD_CONTACT, N_FIELDS };

struct _CabineIdentityPage
{
  GtkBox         parent_instance;
  CabineSession *session;
  GtkWidget     *entries[N_FIELDS];
  GtkWidget     *messages[N_FIELDS];
  GtkWidget     *sex_group;
  GtkWidget     *continue_button;
  GtkWidget     *error_label;
  GtkWidget     *missing_label;   /* says why Continue is greyed out */
  const char    *names[N_FIELDS]; /* the fields' translated titles */
};

enum { SIGNAL_DONE, SIGNAL_BACK, N_SIGNALS };
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (CabineIdentityPage, cabine_identity_page, GTK_TYPE_BOX)

static gboolean
check_field (CabineIdentityPage *self,
             guint               field,
             GError            **error)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->entries[field]));
  g_autofree char *iso = NULL;

  switch (field)
    {
    case FIELD_FAMILY:
    case FIELD_GIVEN:
      return cabine_patient_check_name (text, error);
    case FIELD_BIRTH:
      iso = cabine_patient_parse_birth_date (text, NULL, error);
      return iso != NULL;
    case FIELD_CONTACT:
      return cabine_patient_check_contact (text, error);
    default:
      g_assert_not_reached ();
    }
}

static void
update (CabineIdentityPage *self)
{
  gboolean all_ok = cabine_ui_choice_group_get (self->sex_group) != NULL;
  g_autoptr(GPtrArray) missing = g_ptr_array_new ();

  for (guint i = 0; i < N_FIELDS; i++)
    {
      g_autoptr(GError) error = NULL;
      const char *text = gtk_editable_get_text (GTK_EDITABLE (self->entries[i]));
      gboolean ok = check_field (self, i, &error);

      all_ok = all_ok && ok;
      if (!ok)
        g_ptr_array_add (missing, (gpointer) self->names[i]);
      if (i == FIELD_BIRTH && cabine_ui_choice_group_get (self->sex_group) == NULL)
        g_ptr_array_add (missing, (gpointer) _("Sex"));
      /* An empty field is not an error yet: the patient has not reached it. */
      gtk_label_set_label (GTK_LABEL (self->messages[i]), ok || *text == '\0' ? "" : error->message);
      if (!ok && *text != '\0')
        gtk_widget_add_css_class (self->entries[i], "error");
      else
        gtk_widget_remove_css_class (self->entries[i], "error");
    }
  gtk_widget_set_sensitive (self->continue_button, all_ok);
  g_ptr_array_add (missing, NULL);
  if (all_ok)
    gtk_label_set_label (GTK_LABEL (self->missing_label), "");
  else
    {
      g_autofree char *list = g_strjoinv (", ", (char **) missing->pdata);
      /* Translators: %s lists the fields still empty or wrong, e.g. "Date of birth, Sex". */
      g_autofree char *text = g_strdup_printf (_("To continue, complete: %s"), list);

      gtk_label_set_label (GTK_LABEL (self->missing_label), text);
    }
}

static void
on_continue (CabineIdentityPage *self)
{
  g_autoptr(GError) error = NULL;

  if (!cabine_session_set_patient (self->session,
                                   gtk_editable_get_text (GTK_EDITABLE (self->entries[FIELD_FAMILY])),
                                   gtk_editable_get_text (GTK_EDITABLE (self->entries[FIELD_GIVEN])),
                                   gtk_editable_get_text (GTK_EDITABLE (self->entries[FIELD_BIRTH])),
                                   cabine_ui_choice_group_get (self->sex_group),
                                   gtk_editable_get_text (GTK_EDITABLE (self->entries[FIELD_CONTACT])),
                                   &error))
    {
      /* Patient errors are translated for them; store errors are not shown in detail. */
      if (error->domain == CABINE_PATIENT_ERROR)
        gtk_label_set_label (GTK_LABEL (self->error_label), error->message);
      else
        {
          g_warning ("cannot keep the patient's identity (%s)", g_quark_to_string (error->domain));
          gtk_label_set_label (GTK_LABEL (self->error_label),
                               _("Sorry, something went wrong. Please ask the pharmacy staff."));
        }
      return;
    }
  g_signal_emit (self, signals[SIGNAL_DONE], 0);
}

static void
on_back (CabineIdentityPage *self)
{
  g_signal_emit (self, signals[SIGNAL_BACK], 0);
}

static void
on_entry_activate (GtkEntry           *entry,
                   CabineIdentityPage *self)
{
  /* Return moves on to the next field, as Tab does. */
  gtk_widget_child_focus (GTK_WIDGET (self), GTK_DIR_TAB_FORWARD);
}

static void
cabine_identity_page_dispose (GObject *object)
{
  CabineIdentityPage *self = CABINE_IDENTITY_PAGE (object);

  cabine_ui_wipe_entries (GTK_WIDGET (self));
  g_clear_object (&self->session);
  G_OBJECT_CLASS (cabine_identity_page_parent_class)->dispose (object);
}

static void
cabine_identity_page_class_init (CabineIdentityPageClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = cabine_identity_page_dispose;

  signals[SIGNAL_DONE] = g_signal_new ("done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                       NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_BACK] = g_signal_new ("back", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                       NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
cabine_identity_page_init (CabineIdentityPage *self)
{
}

static GtkWidget *
add_field (CabineIdentityPage *self,
           GtkGrid            *grid,
           guint               field,
           int                 row,
           const char         *label,
           const char         *hint,
           GtkInputPurpose     purpose)
{
  GtkWidget *title = cabine_ui_label (label, "field-label");
  GtkWidget *entry = gtk_entry_new ();
  GtkWidget *message = cabine_ui_label ("", "field-error");

  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), hint);
  gtk_entry_set_input_purpose (GTK_ENTRY (entry), purpose);
  gtk_widget_set_hexpand (entry, TRUE);
  gtk_widget_add_css_class (entry, "field-entry");
  gtk_accessible_update_relation (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_RELATION_LABELLED_BY, title, NULL, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  g_signal_connect_swapped (entry, "changed", G_CALLBACK (update), self);
  g_signal_connect (entry, "activate", G_CALLBACK (on_entry_activate), self);
  gtk_grid_attach (grid, title, 0, row, 1, 1);
  gtk_grid_attach (grid, entry, 1, row, 1, 1);
  gtk_grid_attach (grid, message, 1, row + 1, 1, 1);
  self->entries[field] = entry;
  self->messages[field] = message;
  self->names[field] = label;
  return entry;
}

GtkWidget *
cabine_identity_page_new (CabineSession *session,
                          gboolean       show_keyboard)
{
  CabineIdentityPage *self = g_object_new (CABINE_TYPE_IDENTITY_PAGE,
                                           "orientation", GTK_ORIENTATION_VERTICAL, "spacing", 16, NULL);
  static const char * const sex_codes[] = { "female", "male", "other", "unknown", NULL };
  const char *sex_labels[] = { _("Woman"), _("Man"), _("Other"), _("I prefer not to say"), NULL };
  GtkGrid *grid = GTK_GRID (gtk_grid_new ());
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 24);
  GtkWidget *back;

  self->session = g_object_ref (session);
  gtk_widget_add_css_class (GTK_WIDGET (self), "page");
  gtk_widget_set_halign (GTK_WIDGET (self), GTK_ALIGN_CENTER);
  gtk_widget_set_valign (GTK_WIDGET (self), GTK_ALIGN_CENTER);

  gtk_box_append (GTK_BOX (self), cabine_ui_label (_("Who are you?"), "title-1"));
  gtk_box_append (GTK_BOX (self), cabine_ui_label (_("The doctor needs to know who they are talking "
                                                     "to. Your answers stay in this cabin and with "
                                                     "the doctor."), "subtitle"));

  gtk_grid_set_row_spacing (grid, 4);
  gtk_grid_set_column_spacing (grid, 24);
  add_field (self, grid, FIELD_FAMILY, 0, _("Family name"), _("e.g. Martin"), GTK_INPUT_PURPOSE_NAME);
  add_field (self, grid, FIELD_GIVEN, 2, _("Given name"), _("e.g. Marie"), GTK_INPUT_PURPOSE_NAME);
  add_field (self, grid, FIELD_BIRTH, 4, _("Date of birth"), _("DD/MM/YYYY"), GTK_INPUT_PURPOSE_DIGITS);
  gtk_grid_attach (grid, cabine_ui_label (_("Sex"), "field-label"), 0, 6, 1, 1);
  self->sex_group = cabine_ui_choice_group_new (sex_codes, sex_labels, _("Sex"));
  g_signal_connect_swapped (self->sex_group, "notify::name", G_CALLBACK (update), self);
  gtk_grid_attach (grid, self->sex_group, 1, 6, 1, 1);
  gtk_grid_attach (grid, cabine_ui_label ("", NULL), 1, 7, 1, 1);
  add_field (self, grid, FIELD_CONTACT, 8, _("Phone or e-mail"),
             _("Where the doctor's report will be sent"), GTK_INPUT_PURPOSE_EMAIL);
  gtk_box_append (GTK_BOX (self), GTK_WIDGET (grid));

  self->error_label = cabine_ui_label ("", "field-error");
  gtk_box_append (GTK_BOX (self), self->error_label);

  gtk_widget_set_halign (buttons, GTK_ALIGN_CENTER);
  self->continue_button = gtk_button_new_with_label (_("Continue"));
  gtk_widget_set_name (self->continue_button, "continue");
  gtk_widget_add_css_class (self->continue_button, "suggested-action");
  gtk_widget_add_css_class (self->continue_button, "next-button");
  g_signal_connect_swapped (self->continue_button, "clicked", G_CALLBACK (on_continue), self);
  back = gtk_button_new_with_label (_("Cancel"));
  gtk_widget_add_css_class (back, "secondary-button");
  g_signal_connect_swapped (back, "clicked", G_CALLBACK (on_back), self);
  gtk_box_append (GTK_BOX (buttons), self->continue_button);
  gtk_box_append (GTK_BOX (buttons), back);
  self->missing_label = cabine_ui_label ("", "field-hint");
  gtk_widget_set_name (self->missing_label, "missing");
  gtk_label_set_max_width_chars (GTK_LABEL (self->missing_label), 28);
  gtk_widget_set_valign (self->missing_label, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (buttons), self->missing_label);
  cabine_ui_page_finish (GTK_BOX (self), buttons, show_keyboard ? cabine_osk_new () : NULL);
  update (self);
  return GTK_WIDGET (self);
}
