/* cabine-maint-instruments-page.c: maintenance page listing the USB instruments with their last
 * reading, its provenance, and a self-test button each
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "cabine-ui"

#include <glib/gi18n.h>

#include "cabine-maint-instruments-page.h"
#include "cabine-observation.h"
#include "cabine-reading.h"
#include "cabine-ui-util.h"

struct _CabineMaintInstrumentsPage
{
  GtkBox               parent_instance;
  CabineSession       *session;
  CabineDeviceManager *devices;
  GtkWidget           *list;
  GtkWidget           *empty;
  GCancellable        *cancellable;
  guint                rows;
};

G_DEFINE_FINAL_TYPE (CabineMaintInstrumentsPage, cabine_maint_instruments_page, GTK_TYPE_BOX)

static const char *
or_unknown (const char *s)
{
  return s != NULL && *s != '\0' ? s : "?";
}

char *
cabine_maint_instruments_format_value (CabineMeasurement *m)
{
  CabineObservationDraft draft = { 0 };
  g_autoptr(CabineReading) reading = NULL;
  guint n = 0;
  const double *v = cabine_measurement_get_values (m, &n);
  char *shown;

  g_return_val_if_fail (CABINE_IS_MEASUREMENT (m), NULL);

  /* The same Observation the patient pages show, hence the same decimals, unit and decimal mark. */
  if (!cabine_observation_draft_init (&draft, m, "maintenance", NULL, NULL))
    {
      g_autoptr(GString) values = g_string_new (NULL);

      for (guint i = 0; i < n; i++)
        g_string_append_printf (values, "%s%.0f", i > 0 ? "/" : "", v[i]);
      g_string_append_printf (values, " %s",
                              or_unknown (cabine_ui_unit_for_people (cabine_measurement_get_ucum_unit (m))));
      return g_string_free (g_steal_pointer (&values), FALSE);
    }
  reading = cabine_reading_new ("maintenance", draft.fhir.loinc_code, draft.fhir.value, draft.fhir.decimals,
                                draft.fhir.ucum_code, draft.fhir.unit_display,
                                draft.fhir.effective != NULL ? draft.fhir.effective : draft.fhir.issued);
  if (cabine_measurement_get_kind (m) == CABINE_MEASUREMENT_BLOOD_PRESSURE)
    cabine_reading_set_components (reading, v, n);
  shown = cabine_reading_format_value (reading);
  cabine_observation_draft_clear (&draft);
  return shown;
}

const char *
cabine_maint_instruments_kind_name (CabineMeasurement *m)
{
  const char *driver;

  if (m == NULL)
    return _("Instrument");
  switch (cabine_measurement_get_kind (m))
    {
    case CABINE_MEASUREMENT_BODY_TEMPERATURE:
      return _("Thermometer");
    case CABINE_MEASUREMENT_BLOOD_PRESSURE:
      return _("Blood pressure monitor");
    case CABINE_MEASUREMENT_SPO2:
      return _("Pulse oximeter");
    case CABINE_MEASUREMENT_BODY_WEIGHT:
      return _("Weighing scale");
    case CABINE_MEASUREMENT_PULSE_RATE:
    default:
      /* A pulse rate comes from a blood pressure monitor (IEEE 11073-10407) or an oximeter
       * (-10404): the vendor drivers say which; an IEEE 11073 agent's last reading cannot. */
      driver = cabine_measurement_get_driver (m);
      if (driver != NULL && g_str_has_prefix (driver, "contec-cms50"))
        return _("Pulse oximeter");
      if (driver != NULL && g_str_has_prefix (driver, "omron"))
        return _("Blood pressure monitor");
      return _("Pulse rate monitor");
    }
}

const char *
cabine_maint_instruments_title (const char        *instrument,
                                CabineMeasurement *m)
{
  static const struct { const char *instrument; const char *title; } titles[] = {
    { "thermometer", N_("Thermometer") },
    { "blood pressure monitor", N_("Blood pressure monitor") },
    { "pulse oximeter", N_("Pulse oximeter") },
    { "weighing scale", N_("Weighing scale") },
  };

  for (gsize i = 0; instrument != NULL && i < G_N_ELEMENTS (titles); i++)
    if (g_str_equal (instrument, titles[i].instrument))
      return _(titles[i].title);
  return cabine_maint_instruments_kind_name (m);
}

static char *
describe_reading (CabineMeasurement *m)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (cabine_measurement_get_receive_time (m));
  g_autofree char *when = g_date_time_format (local, "%d/%m/%Y %H:%M:%S");
  g_autofree char *value = cabine_maint_instruments_format_value (m);

  /* Translators: a reading: value with its unit as the patient pages show it, LOINC code, date
   * and time; then where it came from: manufacturer, model, serial number, firmware, driver,
   * transport, USB VID:PID. */
  return g_strdup_printf (_("Last reading: %s (LOINC %s) received %s.\n"
                            "From: %s %s, serial %s, firmware %s; %s over %s, USB %04x:%04x."),
                          value,
                          or_unknown (cabine_measurement_get_loinc_code (m)), when,
                          or_unknown (cabine_measurement_get_manufacturer (m)),
                          or_unknown (cabine_measurement_get_model (m)),
                          or_unknown (cabine_measurement_get_serial (m)),
                          or_unknown (cabine_measurement_get_firmware (m)),
                          or_unknown (cabine_measurement_get_driver (m)),
                          or_unknown (cabine_measurement_get_transport (m)),
                          cabine_measurement_get_usb_vid (m), cabine_measurement_get_usb_pid (m));
}

static void
on_self_test_done (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GtkWidget) label = user_data;   /* a reference taken for the test's duration */
  g_autoptr(GError) error = NULL;
  g_autoptr(CabineDeviceSelfTest) test =
    cabine_device_manager_self_test_finish (CABINE_DEVICE_MANAGER (source), result, &error);
  g_autofree char *text = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (test != NULL)
    /* Translators: %.0f milliseconds; then manufacturer, model, serial number, firmware. */
    text = g_strdup_printf (_("Self-test passed in %.0f ms: %s %s, serial %s, firmware %s."),
                            test->round_trip_ms, or_unknown (test->manufacturer), or_unknown (test->model),
                            or_unknown (test->serial), or_unknown (test->firmware));
  else if (g_error_matches (error, CABINE_DEVICE_ERROR, CABINE_DEVICE_ERROR_UNSUPPORTED))
    text = g_strdup (_("This instrument has no self-test: take a reading to check it."));
  else
    /* Translators: %s is an error message. */
    text = g_strdup_printf (_("Self-test failed: %s"), error->message);
  gtk_label_set_label (GTK_LABEL (label), text);
}

static void
on_self_test (GtkButton                  *button,
              CabineMaintInstrumentsPage *self)
{
  const char *id = g_object_get_data (G_OBJECT (button), "device-id");
  GtkWidget *label = g_object_get_data (G_OBJECT (button), "result-label");

  gtk_label_set_label (GTK_LABEL (label), _("Testing…"));
  cabine_device_manager_self_test (self->devices, id, self->cancellable, on_self_test_done,
                                   g_object_ref (label));
}

static void
add_row (CabineMaintInstrumentsPage *self,
         const char                 *id)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 16);
  CabineMeasurement *last = self->devices != NULL
                              ? cabine_device_manager_get_last_measurement (self->devices, id) : NULL;
  g_autofree char *reading = last != NULL ? describe_reading (last) : NULL;

  {
    /* What the instrument is, large; its port (the device id) below, for the technician. */
    GtkWidget *names = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
    const char *instrument = self->devices != NULL
                               ? cabine_device_manager_get_instrument (self->devices, id) : NULL;
    GtkWidget *kind = cabine_ui_label (cabine_maint_instruments_title (instrument, last), "heading");
    /* Translators: the USB port of an instrument, e.g. "usb-001-003". */
    g_autofree char *port_text = g_strdup_printf (_("Port %s"), id);
    GtkWidget *port = cabine_ui_label (port_text, "dim-label");

    gtk_widget_set_name (kind, "instrument-kind");
    gtk_box_append (GTK_BOX (names), kind);
    gtk_box_append (GTK_BOX (names), port);
    gtk_box_append (GTK_BOX (line), names);
  }
  if (self->devices != NULL)
    {
      GtkWidget *button = gtk_button_new_with_label (_("Self-test"));
      GtkWidget *result = cabine_ui_label ("", "maintenance-text");

      g_autofree char *name = g_strdup_printf ("self-test-%s", id);
      gtk_widget_set_name (button, name);
      gtk_widget_add_css_class (button, "secondary-button");
      g_object_set_data_full (G_OBJECT (button), "device-id", g_strdup (id), g_free);
      g_object_set_data (G_OBJECT (button), "result-label", result);
      g_signal_connect (button, "clicked", G_CALLBACK (on_self_test), self);
      gtk_box_append (GTK_BOX (line), button);
      gtk_box_append (GTK_BOX (row), line);
      gtk_box_append (GTK_BOX (row), cabine_ui_label (reading != NULL ? reading : _("No reading yet."),
                                                      "maintenance-text"));
      gtk_box_append (GTK_BOX (row), result);
    }
  else
    gtk_box_append (GTK_BOX (row), line);
  gtk_box_append (GTK_BOX (self->list), row);
  self->rows++;
}

void
cabine_maint_instruments_page_refresh (CabineMaintInstrumentsPage *self)
{
  g_auto(GStrv) ids = NULL;
  GtkWidget *child;

  g_return_if_fail (CABINE_IS_MAINT_INSTRUMENTS_PAGE (self));

  while ((child = gtk_widget_get_first_child (self->list)) != NULL)
    gtk_box_remove (GTK_BOX (self->list), child);
  self->rows = 0;
  ids = self->devices != NULL ? cabine_device_manager_list_devices (self->devices)
                              : cabine_session_list_devices (self->session);
  for (guint i = 0; ids[i] != NULL; i++)
    add_row (self, ids[i]);
  gtk_widget_set_visible (self->empty, self->rows == 0);
}

guint
cabine_maint_instruments_page_count (CabineMaintInstrumentsPage *self)
{
  g_return_val_if_fail (CABINE_IS_MAINT_INSTRUMENTS_PAGE (self), 0);
  return self->rows;
}

static void
cabine_maint_instruments_page_dispose (GObject *object)
{
  CabineMaintInstrumentsPage *self = CABINE_MAINT_INSTRUMENTS_PAGE (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->devices != NULL)
    g_signal_handlers_disconnect_by_data (self->devices, self);
  g_clear_object (&self->devices);
  g_clear_object (&self->session);
  G_OBJECT_CLASS (cabine_maint_instruments_page_parent_class)->dispose (object);
}

static void
cabine_maint_instruments_page_class_init (CabineMaintInstrumentsPageClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = cabine_maint_instruments_page_dispose;
}

static void
cabine_maint_instruments_page_init (CabineMaintInstrumentsPage *self)
{
  self->cancellable = g_cancellable_new ();
}

GtkWidget *
cabine_maint_instruments_page_new (CabineSession       *session,
                                   CabineDeviceManager *devices)
{
  CabineMaintInstrumentsPage *self = g_object_new (CABINE_TYPE_MAINT_INSTRUMENTS_PAGE,
                                                   "orientation", GTK_ORIENTATION_VERTICAL, "spacing", 16,
                                                   NULL);
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *refresh = gtk_button_new_with_label (_("Refresh"));

  g_return_val_if_fail (CABINE_IS_SESSION (session), NULL);

  self->session = g_object_ref (session);
  gtk_widget_set_margin_start (GTK_WIDGET (self), 32);
  gtk_widget_set_margin_top (GTK_WIDGET (self), 32);
  gtk_box_append (GTK_BOX (self), cabine_ui_label (_("Instruments"), "title-2"));
  self->empty = cabine_ui_label (_("No instrument is connected."), "maintenance-text");
  gtk_box_append (GTK_BOX (self), self->empty);
  self->list = gtk_box_new (GTK_ORIENTATION_VERTICAL, 20);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), self->list);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 560);
  gtk_box_append (GTK_BOX (self), scroller);
  gtk_widget_set_name (refresh, "devices-refresh");
  gtk_widget_set_halign (refresh, GTK_ALIGN_START);
  gtk_widget_add_css_class (refresh, "secondary-button");
  g_signal_connect_swapped (refresh, "clicked", G_CALLBACK (cabine_maint_instruments_page_refresh), self);
  gtk_box_append (GTK_BOX (self), refresh);
  cabine_maint_instruments_page_set_device_manager (self, devices);
  /* Readings that came while the page was hidden show when it is shown again. */
  g_signal_connect (self, "map", G_CALLBACK (cabine_maint_instruments_page_refresh), NULL);
  return GTK_WIDGET (self);
}

void
cabine_maint_instruments_page_set_device_manager (CabineMaintInstrumentsPage *self,
                                                  CabineDeviceManager        *devices)
{
  g_return_if_fail (CABINE_IS_MAINT_INSTRUMENTS_PAGE (self));
  g_return_if_fail (devices == NULL || CABINE_IS_DEVICE_MANAGER (devices));

  if (self->devices != NULL)
    g_signal_handlers_disconnect_by_data (self->devices, self);
  g_set_object (&self->devices, devices);
  if (self->devices != NULL)
    {
      /* Not on ::measurement: a refresh would wipe a self-test's result being read. */
      g_signal_connect_swapped (self->devices, "device-added", G_CALLBACK (cabine_maint_instruments_page_refresh), self);
      g_signal_connect_swapped (self->devices, "device-removed", G_CALLBACK (cabine_maint_instruments_page_refresh), self);
    }
  cabine_maint_instruments_page_refresh (self);
}
