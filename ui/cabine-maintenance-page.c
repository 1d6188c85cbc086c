/* cabine-maintenance-page.c: the operator's pages: instruments, cameras, sound, network,
 * cleaning, recent logs, configuration, restart and shutdown
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The instruments, camera, sound and network pages are their own widgets in ui/maintenance/.
 */
#define G_LOG_DOMAIN "cabine-ui"

#include <glib/gi18n.h>

#include "cabine-maintenance-page.h"
#include "cabine-maint-audio-page.h"
#include "cabine-maint-instruments-page.h"
#include "cabine-maint-network-page.h"
#include "cabine-maint-restart.h"
#include "cabine-maint-video-page.h"
#include "cabine-ui-util.h"

struct _CabineMaintenancePage
{
  GtkBox         parent_instance;
  CabineSession *session;
  GtkStack      *stack;
  GtkWidget     *instruments;
  GtkWidget     *cleaning_label;
  GtkWidget     *logs_label;
  guint          logs_tick_id;
  GtkWidget     *power_label;
};

enum { SIGNAL_LEAVE, N_SIGNALS };
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (CabineMaintenancePage, cabine_maintenance_page, GTK_TYPE_BOX)

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
  if (hours == 0)
    /* Translators: %s is a date and time (or "never"). */
    text = g_strdup_printf (_("Last cleaning: %s. No cleaning interval is configured."), when);
  else
    /* Translators: %s is a date and time (or "never"), %u a number of hours. */
    text = g_strdup_printf (_("Last cleaning: %s. Required every %u hours.%s"), when, hours,
                            cabine_session_cleaning_overdue (self->session)
                              ? _(" Overdue: the cabin refuses new patients.")
                              : _(" The cabin accepts patients."));
  gtk_label_set_label (GTK_LABEL (self->cleaning_label), text);
}

static void
on_record_cleaning (CabineMaintenancePage *self)
{
  g_autoptr(GError) error = NULL;

  if (!cabine_store_add_cleaning (cabine_session_get_store (self->session), NULL, &error))
    {
      /* Translators: %s is an error message. */
      g_autofree char *text = g_strdup_printf (_("The cleaning could not be recorded: %s"), error->message);

      g_warning ("cannot record the cleaning: %s", error->message);
      gtk_label_set_label (GTK_LABEL (self->cleaning_label), text);
      return;
    }
  g_message ("maintenance: a cleaning was recorded");
  refresh_cleaning (self);
}

static void
refresh_logs (CabineMaintenancePage *self)
{
  CabineStore *store = cabine_session_get_store (self->session);
  struct { const char *event; const char *label; } counters[] = {
    /* Translators: the maintenance logs page; each is followed by a count. */
    { "maintenance-login", N_("Maintenance logins") },
    { "maintenance-pin-failed", N_("Wrong PINs") },
    { "maintenance-pin-cancelled", N_("PIN pages cancelled") },
    { "purge", N_("Consultations deleted after upload") },
  };
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *at = g_date_time_format (now, "%H:%M:%S");
  gint64 pending;

  for (guint i = 0; i < G_N_ELEMENTS (counters); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 n = cabine_store_count_audit (store, counters[i].event, &error);

      if (n < 0)
        /* Translators: a log counter the kiosk could not read. */
        g_string_append_printf (text, _("%s: cannot be read"), _(counters[i].label));
      else
        g_string_append_printf (text, "%s: %" G_GINT64_FORMAT, _(counters[i].label), n);
      g_string_append_printf (text, " (%s)\n", counters[i].event);
    }
  pending = cabine_store_count_pending_uploads (store, NULL);
  {
    g_autofree char *n = g_strdup_printf ("%" G_GINT64_FORMAT, pending);

    /* Translators: %s is a number. */
    g_string_append_printf (text, _("Records waiting for upload: %s"), n);
  }
  g_string_append_c (text, '\n');
  /* Translators: %s is a time of day, HH:MM:SS. */
  g_string_append_printf (text, _("Updated at %s; updates every few seconds."), at);
  gtk_label_set_label (GTK_LABEL (self->logs_label), text->str);
}

static gboolean
on_logs_tick (gpointer data)
{
  refresh_logs (data);
  return G_SOURCE_CONTINUE;
}

static void
on_restart (CabineMaintenancePage *self)
{
  g_autoptr(GError) error = NULL;

  if (!cabine_maint_restart (&error))
    {
      /* Translators: %s is an error message. */
      g_autofree char *text = g_strdup_printf (_("The kiosk cannot restart: %s"), error->message);

      g_warning ("cannot restart: %s", error->message);
      gtk_label_set_label (GTK_LABEL (self->power_label), text);
    }
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
    {
      /* Translators: %s is an error message. */
      g_autofree char *text = g_strdup_printf (_("The cabin cannot shut down: %s"), error->message);

      g_warning ("cannot shut down: %s", error->message);
      gtk_label_set_label (GTK_LABEL (self->power_label), text);
    }
}

static void
on_leave (CabineMaintenancePage *self)
{
  g_signal_emit (self, signals[SIGNAL_LEAVE], 0);
}

void
cabine_maintenance_page_show (CabineMaintenancePage *self,
                              const char            *name)
{
  g_return_if_fail (CABINE_IS_MAINTENANCE_PAGE (self));
  g_return_if_fail (name != NULL);

  if (gtk_stack_get_child_by_name (self->stack, name) != NULL)
    gtk_stack_set_visible_child_name (self->stack, name);
}

void
cabine_maintenance_page_set_device_manager (CabineMaintenancePage *self,
                                            CabineDeviceManager   *devices)
{
  g_return_if_fail (CABINE_IS_MAINTENANCE_PAGE (self));
  cabine_maint_instruments_page_set_device_manager (CABINE_MAINT_INSTRUMENTS_PAGE (self->instruments), devices);
}

const char *
cabine_maintenance_page_get_visible (CabineMaintenancePage *self)
{
  g_return_val_if_fail (CABINE_IS_MAINTENANCE_PAGE (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}


static void
on_visible_child (CabineMaintenancePage *self)
{
  /* The scripted demo and the e2e run wait for this line. */
  g_message ("maintenance page %s", gtk_stack_get_visible_child_name (self->stack));
  /* The logs page is fresh when shown and stays live while it is shown. */
  g_clear_handle_id (&self->logs_tick_id, g_source_remove);
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "logs") == 0)
    {
      refresh_logs (self);
      self->logs_tick_id = g_timeout_add (CABINE_MAINTENANCE_LOGS_REFRESH_MS, on_logs_tick, self);
    }
}

static void
cabine_maintenance_page_dispose (GObject *object)
{
  CabineMaintenancePage *self = CABINE_MAINTENANCE_PAGE (object);

  g_clear_handle_id (&self->logs_tick_id, g_source_remove);
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
}

static GtkWidget *
add_button (GtkWidget  *box,
            const char *label,
            const char *name,
            const char *css_class,
            GCallback   callback,
            gpointer    data)
{
  GtkWidget *button = gtk_button_new_with_label (label);

  gtk_widget_set_name (button, name);
  gtk_widget_set_halign (button, GTK_ALIGN_START);
  gtk_widget_add_css_class (button, css_class);
  g_signal_connect_swapped (button, "clicked", callback, data);
  gtk_box_append (GTK_BOX (box), button);
  return button;
}

static GtkWidget *
section (GtkStack   *stack,
         const char *name,
         const char *title,
         GtkWidget **label)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 16);

  gtk_widget_set_margin_start (box, 32);
  gtk_widget_set_margin_top (box, 32);
  gtk_box_append (GTK_BOX (box), cabine_ui_label (title, "title-2"));
  *label = cabine_ui_label ("", "maintenance-text");
  gtk_box_append (GTK_BOX (box), *label);
  gtk_stack_add_titled (stack, box, name, title);
  return box;
}

GtkWidget *
cabine_maintenance_page_new (CabineSession *session)
{
  CabineMaintenancePage *self = g_object_new (CABINE_TYPE_MAINTENANCE_PAGE,
                                              "orientation", GTK_ORIENTATION_HORIZONTAL, NULL);
  CabineConfig *config = cabine_session_get_config (session);
  GtkStack *stack = self->stack = GTK_STACK (gtk_stack_new ());
  GtkWidget *sidebar = gtk_stack_sidebar_new ();
  GtkWidget *side = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *config_label, *box, *leave;
  g_autofree char *config_text = NULL;

  self->session = g_object_ref (session);
  gtk_widget_add_css_class (GTK_WIDGET (self), "maintenance");

  self->instruments = cabine_maint_instruments_page_new (session, NULL);
  gtk_stack_add_titled (stack, self->instruments, "instruments", _("Instruments"));
  gtk_stack_add_titled (stack, cabine_maint_video_page_new (config), "cameras", _("Cameras"));
  gtk_stack_add_titled (stack, cabine_maint_audio_page_new (config), "sound", _("Sound"));
  gtk_stack_add_titled (stack, cabine_maint_network_page_new (session), "network", _("Network"));
  box = section (stack, "cleaning", _("Cleaning"), &self->cleaning_label);
  add_button (box, _("Record a cleaning now"), "record-cleaning", "suggested-action",
              G_CALLBACK (on_record_cleaning), self);
  box = section (stack, "logs", _("Recent logs"), &self->logs_label);
  add_button (box, _("Refresh"), "logs-refresh", "secondary-button", G_CALLBACK (refresh_logs), self);
  section (stack, "configuration", _("Configuration"), &config_label);
  config_text = cabine_config_dump_public (config);
  gtk_label_set_label (GTK_LABEL (config_label), config_text);
  box = section (stack, "power", _("Restart or shut down"), &self->power_label);
  gtk_label_set_label (GTK_LABEL (self->power_label),
                       _("Restart: the kiosk closes and starts again at once. Quit: the kiosk's service "
                         "manager starts it again. Shut down: the cabin turns off."));
  add_button (box, _("Restart the kiosk"), "restart", "suggested-action", G_CALLBACK (on_restart), self);
  add_button (box, _("Quit the kiosk"), "quit", "secondary-button", G_CALLBACK (on_quit), self);
  add_button (box, _("Shut the cabin down"), "poweroff", "destructive-action", G_CALLBACK (on_poweroff), self);

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

  g_signal_connect_swapped (stack, "notify::visible-child-name", G_CALLBACK (on_visible_child), self);
  refresh_cleaning (self);
  refresh_logs (self);
  return GTK_WIDGET (self);
}
