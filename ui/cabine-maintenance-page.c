/* cabine-maintenance-page.c: the operator's pages (instruments, network, cleaning, logs,
 * configuration, restart)
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "cabine-ui"

#include <glib/gi18n.h>
#include <libsoup/soup.h>

#include "cabine-maintenance-page.h"
#include "cabine-ui-util.h"

struct _CabineMaintenancePage
{
  GtkBox         parent_instance;
  CabineSession *session;
  GtkWidget     *devices_label;
  GtkWidget     *network_label;
  GtkWidget     *cleaning_label;
  GtkWidget     *logs_label;
  SoupSession   *soup;
  GCancellable  *cancellable;
  gint64         ping_started_us;
};

enum { SIGNAL_LEAVE, N_SIGNALS };
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (CabineMaintenancePage, cabine_maintenance_page, GTK_TYPE_BOX)

static void
refresh_devices (CabineMaintenancePage *self)
{
  g_auto(GStrv) ids = cabine_session_list_devices (self->session);
  g_autofree char *list = g_strjoinv ("\n", ids);

  gtk_label_set_label (GTK_LABEL (self->devices_label),
                       ids[0] == NULL ? _("No instrument is connected.") : list);
}

static char *
health_url (CabineMaintenancePage *self)
{
  const char *ws = cabine_config_get_hub_url (cabine_session_get_config (self->session));
  g_autoptr(GUri) uri = g_uri_parse (ws, G_URI_FLAGS_NONE, NULL);

  if (uri == NULL)
    return NULL;
  return g_uri_join (G_URI_FLAGS_NONE, g_str_equal (g_uri_get_scheme (uri), "wss") ? "https" : "http",
                     NULL, g_uri_get_host (uri), g_uri_get_port (uri), "/api/health", NULL, NULL);
}

static void
on_ping_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  CabineMaintenancePage *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  g_autofree char *text = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (body == NULL)
    text = g_strdup_printf (_("The service cannot be reached: %s"), error->message);
  else
    {
      SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (source), result);
      /* Translators: %u is an HTTP status code, %.0f a round-trip time in milliseconds. */
      text = g_strdup_printf (_("The service answered (HTTP %u) in %.0f ms."),
                              soup_message_get_status (msg),
                              (double) (g_get_monotonic_time () - self->ping_started_us) / 1000.0);
    }
  gtk_label_set_label (GTK_LABEL (self->network_label), text);
}

static void
on_network_test (CabineMaintenancePage *self)
{
  g_autofree char *url = health_url (self);
  g_autoptr(SoupMessage) msg = NULL;

  if (url == NULL || (msg = soup_message_new ("GET", url)) == NULL)
    {
      gtk_label_set_label (GTK_LABEL (self->network_label), _("The service address is not valid."));
      return;
    }
  gtk_label_set_label (GTK_LABEL (self->network_label),
                       cabine_session_get_hub_connected (self->session)
                         ? _("Signalling connected. Measuring the round trip…")
                         : _("Signalling not connected. Measuring the round trip…"));
  self->ping_started_us = g_get_monotonic_time ();
  soup_session_send_and_read_async (self->soup, msg, G_PRIORITY_DEFAULT, self->cancellable,
                                    on_ping_done, self);
}

static void
refresh_cleaning (CabineMaintenancePage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) last = cabine_store_get_last_cleaning (cabine_session_get_store (self->session), &error);
  guint hours = cabine_config_get_cleaning_interval_hours (cabine_session_get_config (self->session));
  g_autofree char *when = NULL;
  g_autofree char *text = NULL;

  if (last != NULL)
    {
      g_autoptr(GDateTime) local = g_date_time_to_local (last);
      when = g_date_time_format (local, "%d/%m/%Y %H:%M");
    }
  else
    when = g_strdup (error != NULL ? error->message : _("never"));
  /* Translators: %s is a date and time (or "never"), %u a number of hours. */
  text = g_strdup_printf (_("Last cleaning: %s. Required every %u hours.%s"), when, hours,
                          cabine_session_cleaning_overdue (self->session)
                            ? _(" Overdue: the cabin refuses new patients.") : "");
  gtk_label_set_label (GTK_LABEL (self->cleaning_label), text);
}

static void
on_record_cleaning (CabineMaintenancePage *self)
{
  g_autoptr(GError) error = NULL;

  if (!cabine_store_add_cleaning (cabine_session_get_store (self->session), NULL, &error))
    g_warning ("cannot record the cleaning: %s", error->message);
  refresh_cleaning (self);
}

static void
refresh_logs (CabineMaintenancePage *self)
{
  CabineStore *store = cabine_session_get_store (self->session);
  static const char * const events[] = { "maintenance-login", "maintenance-pin-failed", "purge", NULL };
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; events[i] != NULL; i++)
    g_string_append_printf (text, "%s: %" G_GINT64_FORMAT "\n", events[i],
                            cabine_store_count_audit (store, events[i], NULL));
  {
    g_autofree char *n = g_strdup_printf ("%" G_GINT64_FORMAT, cabine_store_count_pending_uploads (store, NULL));
    /* Translators: %s is a number. */
    g_string_append_printf (text, _("Records waiting for upload: %s"), n);
  }
  gtk_label_set_label (GTK_LABEL (self->logs_label), text->str);
}

static void
on_quit (CabineMaintenancePage *self)
{
  GApplication *app = g_application_get_default ();

  g_message ("maintenance: the operator quits the kiosk");
  if (app != NULL)
    g_application_quit (app);
}

static void
on_poweroff (CabineMaintenancePage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) p = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, "systemctl", "poweroff", NULL);

  if (p == NULL)
    g_warning ("cannot shut down: %s", error->message);
}

static void
on_leave (CabineMaintenancePage *self)
{
  g_signal_emit (self, signals[SIGNAL_LEAVE], 0);
}

static void
cabine_maintenance_page_dispose (GObject *object)
{
  CabineMaintenancePage *self = CABINE_MAINTENANCE_PAGE (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->soup);
  g_clear_object (&self->session);
  G_OBJECT_CLASS (cabine_maintenance_page_parent_class)->dispose (object);
}

static void
cabine_maintenance_page_class_init (CabineMaintenancePageClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = cabine_maintenance_page_dispose;
  signals[SIGNAL_LEAVE] = g_signal_new ("leave", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                        NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
cabine_maintenance_page_init (CabineMaintenancePage *self)
{
  self->soup = soup_session_new_with_options ("timeout", 5, NULL);
  self->cancellable = g_cancellable_new ();
}

static GtkWidget *
section (GtkStack   *stack,
         const char *name,
         const char *title,
         GtkWidget **label,
         const char *action,
         GCallback   callback,
         gpointer    data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 16);

  gtk_widget_set_margin_start (box, 32);
  gtk_widget_set_margin_top (box, 32);
  gtk_box_append (GTK_BOX (box), cabine_ui_label (title, "title-2"));
  *label = cabine_ui_label ("", "maintenance-text");
  gtk_label_set_selectable (GTK_LABEL (*label), FALSE);
  gtk_box_append (GTK_BOX (box), *label);
  if (action != NULL)
    {
      GtkWidget *button = gtk_button_new_with_label (action);

      gtk_widget_set_halign (button, GTK_ALIGN_START);
      gtk_widget_add_css_class (button, "secondary-button");
      g_signal_connect_swapped (button, "clicked", callback, data);
      gtk_box_append (GTK_BOX (box), button);
    }
  gtk_stack_add_titled (stack, box, name, title);
  return box;
}

GtkWidget *
cabine_maintenance_page_new (CabineSession *session)
{
  CabineMaintenancePage *self = g_object_new (CABINE_TYPE_MAINTENANCE_PAGE,
                                              "orientation", GTK_ORIENTATION_HORIZONTAL, NULL);
  GtkStack *stack = GTK_STACK (gtk_stack_new ());
  GtkWidget *sidebar = gtk_stack_sidebar_new ();
  GtkWidget *side = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *config_label, *power_label, *box, *leave;
  g_autofree char *config_text = NULL;

  self->session = g_object_ref (session);
  gtk_widget_add_css_class (GTK_WIDGET (self), "maintenance");

  section (stack, "instruments", _("Instruments"), &self->devices_label, _("Refresh"),
           G_CALLBACK (refresh_devices), self);
  section (stack, "network", _("Network"), &self->network_label, _("Test the connection"),
           G_CALLBACK (on_network_test), self);
  section (stack, "cleaning", _("Cleaning"), &self->cleaning_label, _("Record a cleaning now"),
           G_CALLBACK (on_record_cleaning), self);
  section (stack, "logs", _("Recent logs"), &self->logs_label, _("Refresh"),
           G_CALLBACK (refresh_logs), self);
  section (stack, "configuration", _("Configuration"), &config_label, NULL, NULL, NULL);
  config_text = cabine_config_dump_public (cabine_session_get_config (session));
  gtk_label_set_label (GTK_LABEL (config_label), config_text);
  box = section (stack, "power", _("Restart or shut down"), &power_label, _("Quit the kiosk (it restarts)"),
                 G_CALLBACK (on_quit), self);
  gtk_label_set_label (GTK_LABEL (power_label),
                       _("The kiosk's service manager starts it again after it quits."));
  {
    GtkWidget *off = gtk_button_new_with_label (_("Shut the cabin down"));
    gtk_widget_set_halign (off, GTK_ALIGN_START);
    gtk_widget_add_css_class (off, "destructive-action");
    g_signal_connect_swapped (off, "clicked", G_CALLBACK (on_poweroff), self);
    gtk_box_append (GTK_BOX (box), off);
  }

  gtk_stack_sidebar_set_stack (GTK_STACK_SIDEBAR (sidebar), stack);
  gtk_widget_set_vexpand (sidebar, TRUE);
  gtk_widget_set_size_request (sidebar, 300, -1);
  gtk_box_append (GTK_BOX (side), cabine_ui_label (_("Maintenance"), "title-2"));
  gtk_box_append (GTK_BOX (side), sidebar);
  leave = gtk_button_new_with_label (_("Leave maintenance"));
  gtk_widget_set_name (leave, "leave");
  gtk_widget_add_css_class (leave, "suggested-action");
  g_signal_connect_swapped (leave, "clicked", G_CALLBACK (on_leave), self);
  gtk_box_append (GTK_BOX (side), leave);
  gtk_box_append (GTK_BOX (self), side);
  gtk_widget_set_hexpand (GTK_WIDGET (stack), TRUE);
  gtk_box_append (GTK_BOX (self), GTK_WIDGET (stack));

  refresh_devices (self);
  refresh_cleaning (self);
  refresh_logs (self);
  gtk_label_set_label (GTK_LABEL (self->network_label),
                       cabine_session_get_hub_connected (session) ? _("Signalling connected.")
                                                                  : _("Signalling not connected."));
  return GTK_WIDGET (self);
}
