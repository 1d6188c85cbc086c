/* cabine-guide-panel.c: how to use the instrument the physician asks for, and its result
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "cabine-ui"

#include <glib/gi18n.h>

#include "cabine-guide-panel.h"

struct _CabineGuidePanel
{
  GtkBox        parent_instance;
  GtkLabel     *title_label;
  GtkPicture   *picture;
  GtkLabel     *instructions_label;
  GtkSpinner   *spinner;
  GtkLabel     *status_label;
  GtkButton    *close_button;
  CabineRemote *remote;
};

G_DEFINE_FINAL_TYPE (CabineGuidePanel, cabine_guide_panel, GTK_TYPE_BOX)

typedef struct {
  const char *instrument;
  const char *title;         /* N_() */
  const char *instructions;  /* N_() */
  const char *feedback;      /* N_(): while the kiosk waits for the reading */
  const char *disconnected;  /* N_(): the instrument is not connected (or was unplugged) */
} Guide;

static const Guide guides[] = {
  { "thermometer", N_("Take your temperature"),
    N_("Put the tip of the thermometer gently into your ear, pointing towards your eye, and press "
       "the button once. Keep it still until it beeps."),
    N_("Keep the thermometer still in your ear…"),
    N_("The thermometer is not connected. Please ask the pharmacy staff to plug it in: you can "
       "take your temperature as soon as it is back.") },
  { "blood-pressure", N_("Take your blood pressure"),
    N_("Sit back, feet flat on the floor. Slide the cuff onto your bare left arm, two fingers "
       "above the elbow, the tube on the inside of the arm. Rest your arm on the table and press "
       "Start."),
    N_("The cuff is working: keep still and do not talk…"),
    N_("The blood pressure monitor is not connected. Please ask the pharmacy staff to plug it in: "
       "you can take your blood pressure as soon as it is back.") },
  { "oximeter", N_("Measure your oxygen level"),
    N_("Open the clip and put your index finger in it, nail up, as far as it goes. Rest your hand "
       "on the table."),
    N_("Keep your hand still…"),
    N_("The oxygen clip is not connected. Please ask the pharmacy staff to plug it in: you can "
       "measure your oxygen level as soon as it is back.") },
  { "scale", N_("Weigh yourself"),
    N_("Take off your shoes and step onto the middle of the scale. Stand still, arms by your "
       "sides."),
    N_("Stand still…"),
    N_("The scale is not connected. Please ask the pharmacy staff to plug it in: you can weigh "
       "yourself as soon as it is back.") },
};

static const Guide *
find_guide (const char *instrument)
{
  for (guint i = 0; instrument != NULL && i < G_N_ELEMENTS (guides); i++)
    if (g_str_equal (instrument, guides[i].instrument))
      return &guides[i];
  return NULL;
}

static void
update (CabineGuidePanel *self)
{
  CabineRemoteGuideStep step = self->remote != NULL ? cabine_remote_get_guide_step (self->remote)
                                                    : CABINE_REMOTE_GUIDE_NONE;
  const Guide *guide = self->remote != NULL
                         ? find_guide (cabine_remote_get_guide_instrument (self->remote)) : NULL;
  g_autofree char *resource = NULL;
  g_autofree char *status = NULL;

  if (step == CABINE_REMOTE_GUIDE_NONE || guide == NULL)
    {
      gtk_spinner_stop (self->spinner);
      gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
      return;
    }

  gtk_label_set_label (self->title_label, _(guide->title));
  resource = g_strdup_printf ("/org/cabine/Kiosk/guide/%s.svg", guide->instrument);
  gtk_picture_set_resource (self->picture, resource);
  gtk_label_set_label (self->instructions_label, _(guide->instructions));

  switch (step)
    {
    case CABINE_REMOTE_GUIDE_INSTRUCT:
      status = g_strdup (_(guide->feedback));
      break;
    case CABINE_REMOTE_GUIDE_RESULT:
      {
        CabineReading *reading = cabine_remote_get_guide_result (self->remote);
        g_autofree char *value = cabine_reading_format_value (reading);
        g_autoptr(GDateTime) local = g_date_time_to_local (cabine_reading_get_time (reading));
        g_autofree char *time = g_date_time_format (local, "%H:%M");

        /* Translators: a measurement's result, e.g. "Done: 37,2 °C at 14:05". */
        status = g_strdup_printf (_("Done: %s at %s"), value, time);
      }
      break;
    case CABINE_REMOTE_GUIDE_TIMED_OUT:
      status = g_strdup (_("No measurement arrived. Check that the instrument is on, then try again "
                           "or tell the doctor."));
      break;
    case CABINE_REMOTE_GUIDE_DISCONNECTED:
      status = g_strdup (_(guide->disconnected));
      break;
    case CABINE_REMOTE_GUIDE_NONE:
    default:
      g_assert_not_reached ();
    }
  gtk_label_set_label (self->status_label, status);
  if (step == CABINE_REMOTE_GUIDE_INSTRUCT)
    gtk_spinner_start (self->spinner);
  else
    gtk_spinner_stop (self->spinner);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), step == CABINE_REMOTE_GUIDE_INSTRUCT);
  gtk_widget_set_visible (GTK_WIDGET (self), TRUE);
  g_message ("guide %s: %s", guide->instrument,
             step == CABINE_REMOTE_GUIDE_INSTRUCT ? "instructing" :
             step == CABINE_REMOTE_GUIDE_RESULT ? "result" :
             step == CABINE_REMOTE_GUIDE_DISCONNECTED ? "disconnected" : "timed-out");
}

static void
on_close_clicked (CabineGuidePanel *self)
{
  if (self->remote != NULL)
    cabine_remote_dismiss_guide (self->remote);
}

void
cabine_guide_panel_set_remote (CabineGuidePanel *self,
                               CabineRemote     *remote)
{
  g_return_if_fail (CABINE_IS_GUIDE_PANEL (self));
  g_return_if_fail (remote == NULL || CABINE_IS_REMOTE (remote));

  if (self->remote != NULL)
    g_signal_handlers_disconnect_by_data (self->remote, self);
  g_set_object (&self->remote, remote);
  if (remote != NULL)
    g_signal_connect_swapped (remote, "guide-changed", G_CALLBACK (update), self);
  update (self);
}

const char *
cabine_guide_panel_get_status (CabineGuidePanel *self)
{
  g_return_val_if_fail (CABINE_IS_GUIDE_PANEL (self), NULL);
  return gtk_label_get_label (self->status_label);
}

static void
cabine_guide_panel_dispose (GObject *object)
{
  CabineGuidePanel *self = CABINE_GUIDE_PANEL (object);

  if (self->remote != NULL)
    g_signal_handlers_disconnect_by_data (self->remote, self);
  g_clear_object (&self->remote);
  gtk_widget_dispose_template (GTK_WIDGET (self), CABINE_TYPE_GUIDE_PANEL);
  G_OBJECT_CLASS (cabine_guide_panel_parent_class)->dispose (object);
}

static void
cabine_guide_panel_class_init (CabineGuidePanelClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = cabine_guide_panel_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/cabine/Kiosk/cabine-guide-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, CabineGuidePanel, title_label);
  gtk_widget_class_bind_template_child (widget_class, CabineGuidePanel, picture);
  gtk_widget_class_bind_template_child (widget_class, CabineGuidePanel, instructions_label);
  gtk_widget_class_bind_template_child (widget_class, CabineGuidePanel, spinner);
  gtk_widget_class_bind_template_child (widget_class, CabineGuidePanel, status_label);
  gtk_widget_class_bind_template_child (widget_class, CabineGuidePanel, close_button);
  gtk_widget_class_bind_template_callback (widget_class, on_close_clicked);
}

static void
cabine_guide_panel_init (CabineGuidePanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
cabine_guide_panel_new (void)
{
  return g_object_new (CABINE_TYPE_GUIDE_PANEL, NULL);
}
