/* cabine-device-manager.c: the kiosk's entry point to USB instruments
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "cabine-devices"

#include "cabine-device-manager.h"
#include "cabine-11073-manager.h"
#include "cabine-phdc-transport.h"
#include "cabine-usb-link.h"
#include "cabine-vendor-drivers.h"

#include <libusb.h>
#include <string.h>

G_DEFINE_QUARK (cabine-device-error-quark, cabine_device_error)

#define RESCAN_INTERVAL_S 2

typedef struct {
  CabineDeviceManager *manager;
  char *id;
  CabinePhdcTransport *transport;
  CabineAgentSession *session;
  CabineUsbDriver *driver;     /* or a vendor-protocol driver instead of the two above */
  CabineMeasurement *last;     /* the last complete reading, for maintenance */
  GTask *self_test;            /* a pending cabine_device_manager_self_test() */
  gint64 self_test_start_us;
} Device;

struct _CabineDeviceManager
{
  GObject parent_instance;

  libusb_context *usb;
  GThread *thread;
  gint running;
  guint generation;          /* bumped by start/stop: stale posted events are ignored */
  gboolean has_hotplug;
  libusb_hotplug_callback_handle hotplug;
  guint rescan_id;
  GMainContext *context;
  GHashTable *devices;       /* id → Device */
  guint8 system_id[8];
  guint association_ms, config_ms, response_ms;
  char *state_dir;   /* remembered extended configurations; NULL: memory only */
};

G_DEFINE_FINAL_TYPE (CabineDeviceManager, cabine_device_manager, G_TYPE_OBJECT)

enum { SIGNAL_DEVICE_ADDED, SIGNAL_DEVICE_REMOVED, SIGNAL_MEASUREMENT, SIGNAL_DEVICE_ERROR,
       SIGNAL_WAVEFORM, N_SIGNALS };
static guint signals[N_SIGNALS];

static char *
device_id (libusb_device *dev)
{
  return g_strdup_printf ("usb-%03u-%03u", libusb_get_bus_number (dev),
                          libusb_get_device_address (dev));
}

static void
self_test_fail (Device *d, GError *error)
{
  g_autoptr(GTask) task = g_steal_pointer (&d->self_test);

  if (task != NULL)
    g_task_return_error (task, error);
  else
    g_error_free (error);
}

static void
device_free (gpointer data)
{
  Device *d = data;

  self_test_fail (d, g_error_new (CABINE_DEVICE_ERROR, CABINE_DEVICE_ERROR_NOT_FOUND,
                                  "%s went away during the self-test", d->id));
  g_clear_object (&d->last);

  if (d->session != NULL)
    {
      g_signal_handlers_disconnect_by_data (d->session, d);
      cabine_agent_session_transport_lost (d->session);
      g_object_unref (d->session);
    }
  if (d->transport != NULL)
    {
      g_signal_handlers_disconnect_by_data (d->transport, d);
      cabine_phdc_transport_close (d->transport);
      g_object_unref (d->transport);
    }
  if (d->driver != NULL)
    {
      g_signal_handlers_disconnect_by_data (d->driver, d);
      cabine_usb_driver_stop (d->driver);
      g_object_unref (d->driver);
    }
  g_free (d->id);
  g_free (d);
}

static void
remove_device (CabineDeviceManager *self, const char *id)
{
  g_autofree char *owned = g_strdup (id);

  if (!g_hash_table_remove (self->devices, owned))
    return;
  g_info ("%s removed", owned);
  g_signal_emit (self, signals[SIGNAL_DEVICE_REMOVED], 0, owned);
}

static void
on_transport_apdu (CabinePhdcTransport *transport, GBytes *apdu, Device *d)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (apdu, &len);
  g_autoptr(GError) error = NULL;

  if (!cabine_agent_session_receive (d->session, data, len, &error))
    g_info ("%s: %s", d->id, error->message);  /* the session aborted and emitted ::aborted */
}

static void
on_transport_removed (CabinePhdcTransport *transport, const GError *error, Device *d)
{
  g_info ("%s: %s", d->id, error->message);
  remove_device (d->manager, d->id);
}

static void
on_session_send (CabineAgentSession *session, GBytes *apdu, Device *d)
{
  cabine_phdc_transport_send (d->transport, apdu);
}

static void
on_session_measurement (CabineAgentSession *session, CabineMeasurement *m, Device *d)
{
  g_set_object (&d->last, m);
  g_signal_emit (d->manager, signals[SIGNAL_MEASUREMENT], 0, m);
}

static void
on_session_aborted (CabineAgentSession *session, const GError *error, Device *d)
{
  if (d->self_test != NULL)
    self_test_fail (d, g_error_copy (error));
  g_signal_emit (d->manager, signals[SIGNAL_DEVICE_ERROR], 0, d->id, error);
}

static void
on_session_mds_result (CabineAgentSession *session, const GError *error, Device *d)
{
  g_autoptr(GTask) task = g_steal_pointer (&d->self_test);
  CabineDeviceSelfTest *result;

  if (task == NULL)
    return;  /* the GET every association starts with */
  if (error != NULL)
    {
      g_task_return_error (task, g_error_copy (error));
      return;
    }
  result = g_new0 (CabineDeviceSelfTest, 1);
  result->manufacturer = g_strdup (cabine_agent_session_get_manufacturer (session));
  result->model = g_strdup (cabine_agent_session_get_model (session));
  result->serial = g_strdup (cabine_agent_session_get_serial (session));
  result->firmware = g_strdup (cabine_agent_session_get_firmware (session));
  result->round_trip_ms = (double) (g_get_monotonic_time () - d->self_test_start_us) / 1000.0;
  g_task_return_pointer (task, result, (GDestroyNotify) cabine_device_self_test_free);
}

static const char *
specialization_name (const CabinePhdcInfo *info)
{
  /* IEEE 11073-20601 Annex G / 10101 MDC_DEV_SPEC_PROFILE_* (partition INFRA): 4100 + 10400s */
  for (guint i = 0; i < info->n_specializations; i++)
    switch (info->specializations[i])
      {
      case 0x1004: return "pulse oximeter";
      case 0x1007: return "blood pressure monitor";
      case 0x1008: return "thermometer";
      case 0x100F: return "weighing scale";
      default: break;
      }
  return "agent";
}

static void
on_driver_measurement (CabineUsbDriver *driver, CabineMeasurement *m, Device *d)
{
  g_set_object (&d->last, m);
  g_signal_emit (d->manager, signals[SIGNAL_MEASUREMENT], 0, m);
}

static void
on_driver_waveform (CabineUsbDriver *driver, const char *name, double value, Device *d)
{
  g_signal_emit (d->manager, signals[SIGNAL_WAVEFORM], 0, d->id, name, value);
}

static void
on_driver_failed (CabineUsbDriver *driver, const GError *error, Device *d)
{
  g_signal_emit (d->manager, signals[SIGNAL_DEVICE_ERROR], 0, d->id, error);
}

static void
on_driver_removed (CabineUsbDriver *driver, const GError *error, Device *d)
{
  g_info ("%s: %s", d->id, error->message);
  remove_device (d->manager, d->id);
}

/* A device a vendor driver's VID:PID table names: run that driver (cabine-usb-driver.h). */
static void
vendor_device_arrived (CabineDeviceManager *self, libusb_device *dev, const char *id,
                       const CabineUsbDriverInfo *info)
{
  g_autoptr(CabineUsbDriver) driver = g_object_new (info->get_type (), "device", dev, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *description = NULL;
  Device *d;

  cabine_usb_driver_set_timeout (driver, MAX (self->response_ms, 50));
  if (!cabine_usb_driver_start (driver, &error))
    {
      g_signal_emit (self, signals[SIGNAL_DEVICE_ERROR], 0, id, error);
      return;
    }
  d = g_new0 (Device, 1);
  d->manager = self;
  d->id = g_strdup (id);
  d->driver = g_steal_pointer (&driver);
  g_signal_connect (d->driver, "measurement", G_CALLBACK (on_driver_measurement), d);
  g_signal_connect (d->driver, "waveform", G_CALLBACK (on_driver_waveform), d);
  g_signal_connect (d->driver, "failed", G_CALLBACK (on_driver_failed), d);
  g_signal_connect (d->driver, "removed", G_CALLBACK (on_driver_removed), d);
  g_hash_table_insert (self->devices, d->id, d);
  description = g_strdup_printf ("%s %s (USB %04x:%04x)", cabine_usb_driver_get_model (d->driver),
                                 info->instrument, cabine_usb_driver_get_vid (d->driver),
                                 cabine_usb_driver_get_pid (d->driver));
  g_info ("%s added: %s", id, description);
  g_signal_emit (self, signals[SIGNAL_DEVICE_ADDED], 0, id, description);
}

static void
device_arrived (CabineDeviceManager *self, libusb_device *dev)
{
  g_autofree char *id = device_id (dev);
  g_autofree char *description = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CabinePhdcTransport) transport = NULL;
  Device *d;

  if (g_hash_table_contains (self->devices, id))
    return;
  {
    struct libusb_device_descriptor desc;
    const CabineUsbDriverInfo *info;

    if (libusb_get_device_descriptor (dev, &desc) == 0 &&
        (info = cabine_vendor_driver_lookup (desc.idVendor, desc.idProduct)) != NULL)
      {
        vendor_device_arrived (self, dev, id, info);
        return;
      }
  }
  transport = cabine_phdc_transport_new (dev, &error);
  if (transport == NULL)
    {
      if (g_error_matches (error, CABINE_PHDC_ERROR, CABINE_PHDC_ERROR_NOT_PHDC))
        g_debug ("%s: %s", id, error->message);
      else
        g_signal_emit (self, signals[SIGNAL_DEVICE_ERROR], 0, id, error);
      return;
    }
  if (!cabine_phdc_transport_open (transport, &error))
    {
      g_signal_emit (self, signals[SIGNAL_DEVICE_ERROR], 0, id, error);
      return;
    }

  d = g_new0 (Device, 1);
  d->manager = self;
  d->id = g_strdup (id);
  d->transport = g_steal_pointer (&transport);
  d->session = cabine_agent_session_new (self->system_id);
  cabine_agent_session_set_source (d->session, "usb-phdc",
                                   cabine_phdc_transport_get_vid (d->transport),
                                   cabine_phdc_transport_get_pid (d->transport));
  cabine_agent_session_set_timeouts (d->session, self->association_ms, self->config_ms,
                                     self->response_ms);
  cabine_agent_session_set_state_dir (d->session, self->state_dir);
  g_signal_connect (d->transport, "apdu", G_CALLBACK (on_transport_apdu), d);
  g_signal_connect (d->transport, "removed", G_CALLBACK (on_transport_removed), d);
  g_signal_connect (d->session, "send-apdu", G_CALLBACK (on_session_send), d);
  g_signal_connect (d->session, "measurement", G_CALLBACK (on_session_measurement), d);
  g_signal_connect (d->session, "aborted", G_CALLBACK (on_session_aborted), d);
  g_signal_connect (d->session, "mds-result", G_CALLBACK (on_session_mds_result), d);
  g_hash_table_insert (self->devices, d->id, d);

  description = g_strdup_printf ("IEEE 11073 %s (USB %04x:%04x)",
                                 specialization_name (cabine_phdc_transport_get_info (d->transport)),
                                 cabine_phdc_transport_get_vid (d->transport),
                                 cabine_phdc_transport_get_pid (d->transport));
  g_info ("%s added: %s", id, description);
  g_signal_emit (self, signals[SIGNAL_DEVICE_ADDED], 0, id, description);
  cabine_agent_session_start (d->session);
}

/* Compare the bus with our table: add new PHDC devices, remove vanished ones. */
static void
rescan (CabineDeviceManager *self)
{
  libusb_device **list = NULL;
  ssize_t n = libusb_get_device_list (self->usb, &list);
  g_autoptr(GHashTable) present = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) gone = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  gpointer key;

  if (n < 0)
    {
      g_warning ("listing USB devices: %s", libusb_strerror ((int) n));
      return;
    }
  for (ssize_t i = 0; i < n; i++)
    {
      g_hash_table_add (present, device_id (list[i]));
      device_arrived (self, list[i]);
    }
  libusb_free_device_list (list, 1);

  g_hash_table_iter_init (&iter, self->devices);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (present, key))
      g_ptr_array_add (gone, g_strdup (key));
  for (guint i = 0; i < gone->len; i++)
    remove_device (self, g_ptr_array_index (gone, i));
}

static gboolean
rescan_cb (gpointer data)
{
  rescan (data);
  return G_SOURCE_CONTINUE;
}

static gboolean
initial_scan_cb (gpointer data)
{
  CabineDeviceManager *self = data;

  if (self->usb != NULL)
    rescan (self);
  return G_SOURCE_REMOVE;
}

typedef struct {
  CabineDeviceManager *self;   /* a ref */
  guint generation;
  libusb_device *dev;          /* a ref */
  gboolean arrived;
} HotplugEvent;

static void
hotplug_event_free (gpointer data)
{
  HotplugEvent *e = data;

  libusb_unref_device (e->dev);
  g_object_unref (e->self);
  g_free (e);
}

static gboolean
hotplug_dispatch (gpointer data)
{
  HotplugEvent *e = data;

  if (e->self->usb == NULL || e->generation != e->self->generation)
    return G_SOURCE_REMOVE;
  if (e->arrived)
    device_arrived (e->self, e->dev);
  else
    {
      g_autofree char *id = device_id (e->dev);
      remove_device (e->self, id);
    }
  return G_SOURCE_REMOVE;
}

/* libusb's event thread */
static int LIBUSB_CALL
hotplug_cb (libusb_context *ctx, libusb_device *dev, libusb_hotplug_event event, void *user_data)
{
  CabineDeviceManager *self = user_data;
  HotplugEvent *e = g_new0 (HotplugEvent, 1);

  e->self = g_object_ref (self);
  e->generation = (guint) g_atomic_int_get ((gint *) &self->generation);
  e->dev = libusb_ref_device (dev);
  e->arrived = event == LIBUSB_HOTPLUG_EVENT_DEVICE_ARRIVED;
  g_main_context_invoke_full (self->context, G_PRIORITY_DEFAULT, hotplug_dispatch, e,
                              hotplug_event_free);
  return 0;
}

/* See event_thread(): the shortest event-handling round, in µs, before the thread pauses. */
#define SPIN_GUARD_US 2000

static gpointer
event_thread (gpointer data)
{
  CabineDeviceManager *self = data;
  /* A private thread-default context: g_main_context_invoke_full() from this thread then always
   * queues to the owner's context instead of running inline when that one is idle (it would if
   * this thread's default were the owner's global default context). */
  g_autoptr(GMainContext) own = g_main_context_new ();

  g_main_context_push_thread_default (own);
  while (g_atomic_int_get (&self->running))
    {
      struct timeval tv = { 0, 200000 };
      gint64 started = g_get_monotonic_time ();
      int r = libusb_handle_events_timeout_completed (self->usb, &tv, NULL);

      cabine_phdc_transport_close_pending ();
      cabine_usb_link_close_pending ();
      /* Never spin. On usbfs, poll() blocks until a URB completes, so a round ends early only with
       * work done; an emulated device node (umockdev's socket) is always writable, and libusb then
       * reaps without waiting in a tight loop. Pausing after a round shorter than
       * SPIN_GUARD_US bounds that loop while adding at most that much latency to a real device. */
      if (g_get_monotonic_time () - started < SPIN_GUARD_US)
        g_usleep (SPIN_GUARD_US);
      if (r < 0 && r != LIBUSB_ERROR_INTERRUPTED)
        {
          g_warning ("libusb event handling: %s", libusb_strerror (r));
          g_usleep (100000);
        }
    }
  g_main_context_pop_thread_default (own);
  return NULL;
}

gboolean
cabine_device_manager_start (CabineDeviceManager *self, GError **error)
{
  int r;

  g_return_val_if_fail (CABINE_IS_DEVICE_MANAGER (self), FALSE);
  if (self->usb != NULL)
    {
      g_set_error (error, CABINE_DEVICE_ERROR, CABINE_DEVICE_ERROR_STARTED, "already started");
      return FALSE;
    }
  r = libusb_init (&self->usb);
  if (r < 0)
    {
      self->usb = NULL;
      g_set_error (error, CABINE_DEVICE_ERROR, CABINE_DEVICE_ERROR_USB_INIT,
                   "libusb_init: %s", libusb_strerror (r));
      return FALSE;
    }
  g_atomic_int_inc ((gint *) &self->generation);
  self->context = g_main_context_ref_thread_default ();
  g_atomic_int_set (&self->running, 1);
  self->thread = g_thread_new ("cabine-usb-events", event_thread, self);

  self->has_hotplug = libusb_has_capability (LIBUSB_CAP_HAS_HOTPLUG) &&
                      libusb_hotplug_register_callback (self->usb,
                                                        LIBUSB_HOTPLUG_EVENT_DEVICE_ARRIVED |
                                                        LIBUSB_HOTPLUG_EVENT_DEVICE_LEFT,
                                                        0, LIBUSB_HOTPLUG_MATCH_ANY,
                                                        LIBUSB_HOTPLUG_MATCH_ANY,
                                                        LIBUSB_HOTPLUG_MATCH_ANY, hotplug_cb, self,
                                                        &self->hotplug) == LIBUSB_SUCCESS;
  if (!self->has_hotplug)
    {
      GSource *source = g_timeout_source_new_seconds (RESCAN_INTERVAL_S);

      g_source_set_callback (source, rescan_cb, self, NULL);
      self->rescan_id = g_source_attach (source, self->context);
      g_source_unref (source);
    }
  {
    GSource *source = g_idle_source_new ();
    g_source_set_callback (source, initial_scan_cb, g_object_ref (self), g_object_unref);
    g_source_attach (source, self->context);
    g_source_unref (source);
  }
  return TRUE;
}

void
cabine_device_manager_stop (CabineDeviceManager *self)
{
  g_return_if_fail (CABINE_IS_DEVICE_MANAGER (self));
  if (self->usb == NULL)
    return;
  g_atomic_int_inc ((gint *) &self->generation);
  if (self->has_hotplug)
    libusb_hotplug_deregister_callback (self->usb, self->hotplug);
  if (self->rescan_id != 0)
    {
      GSource *source = g_main_context_find_source_by_id (self->context, self->rescan_id);
      if (source != NULL)
        g_source_destroy (source);
      self->rescan_id = 0;
    }
  {
    GHashTableIter iter;
    gpointer value;

    g_hash_table_iter_init (&iter, self->devices);
    while (g_hash_table_iter_next (&iter, NULL, &value))
      {
        Device *d = value;
        if (d->session != NULL &&
            cabine_agent_session_get_state (d->session) == CABINE_AGENT_STATE_OPERATING)
          cabine_agent_session_release (d->session);
      }
  }
  g_hash_table_remove_all (self->devices);
  /* transfers are cancelled; their handles close on the event thread (allow 2 s) */
  for (int i = 0; i < 200 && cabine_phdc_transport_count_open_handles () +
                              cabine_usb_link_count_open_handles () > 0; i++)
    g_usleep (10000);
  g_atomic_int_set (&self->running, 0);
  libusb_interrupt_event_handler (self->usb);
  g_thread_join (self->thread);
  self->thread = NULL;
  cabine_phdc_transport_close_pending ();
  cabine_usb_link_close_pending ();
  libusb_exit (self->usb);
  self->usb = NULL;
  g_clear_pointer (&self->context, g_main_context_unref);
}

char **
cabine_device_manager_list_devices (CabineDeviceManager *self)
{
  GStrvBuilder *b = g_strv_builder_new ();
  GHashTableIter iter;
  gpointer key;
  char **out;

  g_hash_table_iter_init (&iter, self->devices);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_strv_builder_add (b, key);
  out = g_strv_builder_end (b);
  g_strv_builder_unref (b);
  return out;
}

void
cabine_device_self_test_free (CabineDeviceSelfTest *result)
{
  if (result == NULL)
    return;
  g_free (result->manufacturer);
  g_free (result->model);
  g_free (result->serial);
  g_free (result->firmware);
  g_free (result);
}

const char *
cabine_device_manager_get_instrument (CabineDeviceManager *self,
                                      const char          *id)
{
  Device *d;

  g_return_val_if_fail (CABINE_IS_DEVICE_MANAGER (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);
  d = g_hash_table_lookup (self->devices, id);
  if (d == NULL)
    return NULL;
  if (d->driver != NULL)
    return cabine_usb_driver_get_info (d->driver)->instrument;
  return specialization_name (cabine_phdc_transport_get_info (d->transport));
}

void
cabine_device_manager_self_test (CabineDeviceManager *self, const char *id, GCancellable *cancellable,
                                 GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  Device *d;

  g_return_if_fail (CABINE_IS_DEVICE_MANAGER (self));
  g_return_if_fail (id != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cabine_device_manager_self_test);
  d = g_hash_table_lookup (self->devices, id);
  if (d == NULL)
    g_task_return_new_error (task, CABINE_DEVICE_ERROR, CABINE_DEVICE_ERROR_NOT_FOUND,
                             "no open instrument %s", id);
  else if (d->session == NULL)
    g_task_return_new_error (task, CABINE_DEVICE_ERROR, CABINE_DEVICE_ERROR_UNSUPPORTED,
                             "%s speaks a vendor protocol with no self-test", id);
  else if (d->self_test != NULL)
    g_task_return_new_error (task, CABINE_DEVICE_ERROR, CABINE_DEVICE_ERROR_BUSY,
                             "a self-test of %s is already running", id);
  else if (!cabine_agent_session_request_mds (d->session, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    {
      d->self_test_start_us = g_get_monotonic_time ();
      d->self_test = g_steal_pointer (&task);
    }
}

CabineDeviceSelfTest *
cabine_device_manager_self_test_finish (CabineDeviceManager *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

CabineMeasurement *
cabine_device_manager_get_last_measurement (CabineDeviceManager *self, const char *id)
{
  Device *d;

  g_return_val_if_fail (CABINE_IS_DEVICE_MANAGER (self), NULL);
  d = id != NULL ? g_hash_table_lookup (self->devices, id) : NULL;
  return d != NULL ? d->last : NULL;
}

void
cabine_device_manager_set_state_dir (CabineDeviceManager *self, const char *dir)
{
  g_return_if_fail (CABINE_IS_DEVICE_MANAGER (self));
  g_free (self->state_dir);
  self->state_dir = g_strdup (dir);
}

const char *
cabine_device_manager_get_state_dir (CabineDeviceManager *self)
{
  g_return_val_if_fail (CABINE_IS_DEVICE_MANAGER (self), NULL);
  return self->state_dir;
}

void
cabine_device_manager_set_session_timeouts (CabineDeviceManager *self, guint association_ms,
                                            guint config_ms, guint response_ms)
{
  self->association_ms = association_ms;
  self->config_ms = config_ms;
  self->response_ms = response_ms;
}

static void
cabine_device_manager_dispose (GObject *object)
{
  CabineDeviceManager *self = CABINE_DEVICE_MANAGER (object);

  cabine_device_manager_stop (self);
  G_OBJECT_CLASS (cabine_device_manager_parent_class)->dispose (object);
}

static void
cabine_device_manager_finalize (GObject *object)
{
  CabineDeviceManager *self = CABINE_DEVICE_MANAGER (object);

  g_free (self->state_dir);
  g_hash_table_unref (self->devices);
  G_OBJECT_CLASS (cabine_device_manager_parent_class)->finalize (object);
}

static void
cabine_device_manager_class_init (CabineDeviceManagerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cabine_device_manager_dispose;
  object_class->finalize = cabine_device_manager_finalize;
  signals[SIGNAL_DEVICE_ADDED] = g_signal_new ("device-added", G_TYPE_FROM_CLASS (klass),
                                               G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                               G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
  signals[SIGNAL_DEVICE_REMOVED] = g_signal_new ("device-removed", G_TYPE_FROM_CLASS (klass),
                                                 G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                                 G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SIGNAL_MEASUREMENT] = g_signal_new ("measurement", G_TYPE_FROM_CLASS (klass),
                                              G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE,
                                              1, CABINE_TYPE_MEASUREMENT);
  signals[SIGNAL_DEVICE_ERROR] = g_signal_new ("device-error", G_TYPE_FROM_CLASS (klass),
                                               G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                               G_TYPE_NONE, 2, G_TYPE_STRING,
                                               G_TYPE_ERROR | G_SIGNAL_TYPE_STATIC_SCOPE);
  signals[SIGNAL_WAVEFORM] = g_signal_new ("waveform", G_TYPE_FROM_CLASS (klass),
                                           G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE,
                                           3, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_DOUBLE);
}

static void
cabine_device_manager_init (CabineDeviceManager *self)
{
  g_autofree char *machine_id = NULL;

  self->devices = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, device_free);
  self->association_ms = 10000;
  self->config_ms = 10000;
  self->response_ms = 3000;
  /* The manager's EUI-64 system-id (20601 A.8): derived from the machine id so that it is stable
   * per kiosk; a fixed value when there is none. */
  if (g_file_get_contents ("/etc/machine-id", &machine_id, NULL, NULL))
    {
      g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
      guint8 digest[32];
      gsize len = sizeof digest;

      g_checksum_update (sum, (const guchar *) machine_id, -1);
      g_checksum_get_digest (sum, digest, &len);
      memcpy (self->system_id, digest, 8);
    }
  else
    memcpy (self->system_id, "CABINE\x00\x01", 8);
}

CabineDeviceManager *
cabine_device_manager_new (void)
{
  return g_object_new (CABINE_TYPE_DEVICE_MANAGER, NULL);
}
