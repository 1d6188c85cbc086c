/* cabine-end-page.c: the end of a consultation
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "cabine-ui"

#include <glib/gi18n.h>

#include "cabine-end-page.h"
#include "cabine-reading.h"
#include "cabine-ui-util.h"

struct _CabineEndPage
{
  GtkBox    parent_instance;
  GtkLabel *reason_label;
  GtkLabel *summary_label;
  GtkBox   *readings_box;
  guint     timeout_id;
};

enum { SIGNAL_DONE, N_SIGNALS };
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (CabineEndPage, cabine_end_page, GTK_TYPE_BOX)

static void
on_done_clicked (CabineEndPage *self)
{
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  g_signal_emit (self, signals[SIGNAL_DONE], 0);
}

static gboolean
on_timeout (gpointer user_data)
{
  CabineEndPage *self = user_data;

  self->timeout_id = 0;
  g_signal_emit (self, signals[SIGNAL_DONE], 0);
  return G_SOURCE_REMOVE;
}

static void
cabine_end_page_dispose (GObject *object)
{
  CabineEndPage *self = CABINE_END_PAGE (object);

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), CABINE_TYPE_END_PAGE);
  G_OBJECT_CLASS (cabine_end_page_parent_class)->dispose (object);
}

static void
cabine_end_page_class_init (CabineEndPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = cabine_end_page_dispose;

  signals[SIGNAL_DONE] = g_signal_new ("done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                       NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/cabine/Kiosk/cabine-end-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CabineEndPage, reason_label);
  gtk_widget_class_bind_template_child (widget_class, CabineEndPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, CabineEndPage, readings_box);
  gtk_widget_class_bind_template_callback (widget_class, on_done_clicked);
}

static void
cabine_end_page_init (CabineEndPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

static const char *
describe_reason (const char *reason)
{
  if (g_strcmp0 (reason, "peer-disconnected") == 0)
    return _("The connection with the doctor was lost.");
  if (g_strcmp0 (reason, "call-failed") == 0)
    return _("The call could not continue because of a network problem.");
  if (g_strcmp0 (reason, "device-failed") == 0)
    return _("The call could not continue because of a problem with the cabin's camera, "
             "microphone or speaker. Please tell the pharmacy staff.");
  if (g_strcmp0 (reason, "patient-ended") == 0)
    return _("You ended the consultation.");
  return _("The doctor ended the consultation.");
}

/* One group per kind of measurement (what one instrument measures), the group with the newest
 * reading first: its latest reading large, then how many earlier ones the doctor also received.
 * A consultation with a dozen oximeter readings still shows the temperature at a glance. */
static void
add_reading_groups (CabineEndPage *self,
                    GListModel    *readings)
{
  g_autoptr(GtkSortListModel) newest_first = cabine_readings_newest_first (readings);
  g_autoptr(GHashTable) earlier = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) latest = g_ptr_array_new_with_free_func (g_object_unref);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (newest_first));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CabineReading) reading = g_list_model_get_item (G_LIST_MODEL (newest_first), i);
      const char *loinc = cabine_reading_get_loinc (reading);
      gpointer count;

      if (g_hash_table_lookup_extended (earlier, loinc, NULL, &count))
        g_hash_table_insert (earlier, g_strdup (loinc), GUINT_TO_POINTER (GPOINTER_TO_UINT (count) + 1));
      else
        {
          g_hash_table_insert (earlier, g_strdup (loinc), GUINT_TO_POINTER (0));
          g_ptr_array_add (latest, g_steal_pointer (&reading));
        }
    }

  for (guint i = 0; i < latest->len; i++)
    {
      CabineReading *reading = latest->pdata[i];
      guint more = GPOINTER_TO_UINT (g_hash_table_lookup (earlier, cabine_reading_get_loinc (reading)));
      g_autofree char *label = cabine_reading_dup_label (reading);
      g_autofree char *value = cabine_reading_format_value (reading);
      g_autoptr(GDateTime) local = g_date_time_to_local (cabine_reading_get_time (reading));
      g_autofree char *time = g_date_time_format (local, "%H:%M");
      g_autofree char *line = NULL;
      GtkWidget *group = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
      GtkWidget *row;

      /* Translators: a measurement in the end summary: name, value with unit, time. French
       * puts a space before the colon. */
      line = g_strdup_printf (_("%s: %s (%s)"), label, value, time);
      row = gtk_label_new (line);
      gtk_widget_set_name (row, "end-reading");
      gtk_widget_add_css_class (row, "heading");
      gtk_box_append (GTK_BOX (group), row);
      if (more > 0)
        {
          /* Translators: under a measurement of the end summary: how many earlier measurements
           * of the same kind were also taken (and sent to the doctor). */
          g_autofree char *text = g_strdup_printf (ngettext ("and %u earlier measurement",
                                                             "and %u earlier measurements", more),
                                                   more);
          GtkWidget *earlier_label = gtk_label_new (text);

          gtk_widget_set_name (earlier_label, "end-reading-earlier");
          gtk_widget_add_css_class (earlier_label, "dim-label");
          gtk_box_append (GTK_BOX (group), earlier_label);
        }
      gtk_box_append (self->readings_box, group);
    }
}

GtkWidget *
cabine_end_page_new (const char *end_reason,
                     GListModel *readings,
                     const char *contact,
                     guint       seconds)
{
  CabineEndPage *self = g_object_new (CABINE_TYPE_END_PAGE, NULL);
  g_autoptr(GString) summary = g_string_new (NULL);
  guint n = g_list_model_get_n_items (readings);

  gtk_label_set_label (self->reason_label, describe_reason (end_reason));

  gtk_box_append (self->readings_box,
                  gtk_label_new (n == 0 ? _("No measurement was taken.") : _("Measurements taken:")));
  add_reading_groups (self, readings);
  if (contact != NULL)
    /* Translators: %s is the patient's phone number or e-mail address. */
    g_string_append_printf (summary, _("The doctor's report will be sent to %s."), contact);
  else
    g_string_append (summary, _("The doctor's report will be sent to you."));
  gtk_label_set_label (self->summary_label, summary->str);

  self->timeout_id = g_timeout_add_seconds (MAX (seconds, 1), on_timeout, self);
  return GTK_WIDGET (self);
}
