/* cabine-devsim-phdc.c: an emulated USB PHDC instrument for umockdev
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "cabine-devsim"

#include "cabine-devsim-phdc.h"

#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <sys/ioctl.h>
#include <linux/usbdevice_fs.h>

#define EP_IN 0x81
#define EP_OUT 0x01

typedef struct {
  UMockdevIoctlClient *client;
  UMockdevIoctlData *urb;    /* resolved struct usbdevfs_urb (local copy) */
  UMockdevIoctlData *buffer; /* resolved buffer, or NULL for zero-length */
} Urb;

struct _CabineDevsimPhdc
{
  UMockdevIoctlBase parent_instance;

  GMutex lock;
  CabineDevsimAgent *agent;
  const CabineDevsimProfile *profile;
  guint devnum;
  GQueue pending_in;   /* of Urb */
  GQueue completed;    /* of Urb */
  GByteArray *in_data; /* agent bytes not yet delivered */
  gboolean connected;  /* a client claimed the interface: the agent is talking */
  gboolean gone;
  UMockdevTestbed *testbed;
  char *syspath;
};

G_DEFINE_FINAL_TYPE (CabineDevsimPhdc, cabine_devsim_phdc, UMOCKDEV_TYPE_IOCTL_BASE)

static void
urb_free (Urb *u)
{
  g_object_unref (u->client);
  g_object_unref (u->urb);
  g_clear_object (&u->buffer);
  g_free (u);
}

static struct usbdevfs_urb *
urb_struct (Urb *u)
{
  return (struct usbdevfs_urb *) u->urb->data;
}

static void
finish_urb (CabineDevsimPhdc *self, Urb *u, int status, int actual)
{
  urb_struct (u)->status = status;
  urb_struct (u)->actual_length = actual;
  g_queue_push_tail (&self->completed, u);
}

/* Under the lock: let the agent progress and fill bulk IN URBs with its bytes. */
static void
pump (CabineDevsimPhdc *self)
{
  gint64 now = g_get_monotonic_time ();
  GBytes *apdu;

  if (!self->connected || self->gone)
    return;
  while ((apdu = cabine_devsim_agent_poll (self->agent, now)) != NULL)
    {
      gsize len;
      const guint8 *d = g_bytes_get_data (apdu, &len);
      g_byte_array_append (self->in_data, d, (guint) len);
      g_bytes_unref (apdu);
    }
  while (self->in_data->len > 0 && !g_queue_is_empty (&self->pending_in))
    {
      Urb *u = g_queue_pop_head (&self->pending_in);
      guint n = MIN (self->in_data->len, (guint) urb_struct (u)->buffer_length);

      if (u->buffer != NULL)
        memcpy (u->buffer->data, self->in_data->data, n);
      g_byte_array_remove_range (self->in_data, 0, n);
      finish_urb (self, u, 0, (int) n);
    }
}

/* A control transfer on endpoint 0 (USB 2.0 9.4): the standard requests libusb may send. */
static void
control (CabineDevsimPhdc *self, Urb *u)
{
  struct usbdevfs_urb *s = urb_struct (u);
  guint8 *setup = u->buffer ? u->buffer->data : NULL;

  if (setup == NULL || s->buffer_length < 8)
    {
      finish_urb (self, u, -EPIPE, 0);
      return;
    }
  /* bmRequestType, bRequest: SET_CONFIGURATION/SET_INTERFACE/CLEAR_FEATURE succeed, GET_STATUS
   * answers 0; everything else stalls like an unsupported request */
  switch (setup[1])
    {
    case 0x00: /* GET_STATUS */
      if (s->buffer_length >= 10)
        {
          setup[8] = setup[9] = 0;
          finish_urb (self, u, 0, 2);  /* actual_length counts the data stage only */
          return;
        }
      break;
    case 0x06: /* GET_DESCRIPTOR (9.4.3): string descriptors; the others libusb reads in sysfs */
      if (setup[0] == 0x80 && setup[3] == 0x03)
        {
          guint index = setup[2];
          guint wlength = setup[6] | setup[7] << 8;
          const char *text = index == 1 ? CABINE_DEVSIM_MANUFACTURER
                             : index == 2 ? self->profile->model
                             : index == 3 ? self->profile->serial : NULL;
          guint8 desc[2 + 2 * 64];
          guint len = 0;

          if (index == 0)
            {
              /* LANGID table: 0x0409 English (United States) */
              desc[2] = 0x09;
              desc[3] = 0x04;
              len = 4;
            }
          else if (text != NULL && strlen (text) <= 64)
            {
              /* UTF-16LE; the identity strings are ASCII */
              len = 2;
              for (const char *c = text; *c != '\0'; c++)
                {
                  desc[len++] = (guint8) *c;
                  desc[len++] = 0;
                }
            }
          if (len > 0)
            {
              desc[0] = (guint8) len;
              desc[1] = 0x03;
              len = MIN (len, MIN (wlength, (guint) s->buffer_length - 8));
              memcpy (setup + 8, desc, len);
              finish_urb (self, u, 0, (int) len);
              return;
            }
        }
      break;
    case 0x01: /* CLEAR_FEATURE */
    case 0x09: /* SET_CONFIGURATION */
    case 0x0B: /* SET_INTERFACE */
      finish_urb (self, u, 0, 0);
      return;
    default:
      break;
    }
  finish_urb (self, u, -EPIPE, 0);
}

static void
submit (CabineDevsimPhdc *self, UMockdevIoctlClient *client)
{
  g_autoptr(GError) error = NULL;
  UMockdevIoctlData *arg = umockdev_ioctl_client_get_arg (client);
  /* resolve() returns a new reference (transfer full) */
  UMockdevIoctlData *urb = umockdev_ioctl_data_resolve (arg, 0, sizeof (struct usbdevfs_urb), &error);
  struct usbdevfs_urb *s;
  Urb *u;

  if (urb == NULL)
    {
      umockdev_ioctl_client_complete (client, -1, EFAULT);
      return;
    }
  s = (struct usbdevfs_urb *) urb->data;
  u = g_new0 (Urb, 1);
  u->client = g_object_ref (client);
  u->urb = urb;
  if (s->buffer_length > 0)
    {
      u->buffer = umockdev_ioctl_data_resolve (urb, offsetof (struct usbdevfs_urb, buffer),
                                               (gsize) s->buffer_length, &error);
      if (u->buffer == NULL)
        {
          urb_free (u);
          umockdev_ioctl_client_complete (client, -1, EFAULT);
          return;
        }
    }

  if (s->type == USBDEVFS_URB_TYPE_CONTROL && s->endpoint == 0)
    control (self, u);
  else if (s->type == USBDEVFS_URB_TYPE_BULK && s->endpoint == EP_OUT)
    {
      if (u->buffer != NULL)
        cabine_devsim_agent_receive (self->agent, u->buffer->data, (gsize) s->buffer_length,
                                     g_get_monotonic_time ());
      finish_urb (self, u, 0, s->buffer_length);
    }
  else if (s->type == USBDEVFS_URB_TYPE_BULK && s->endpoint == EP_IN)
    g_queue_push_tail (&self->pending_in, u);
  else
    {
      urb_free (u);
      umockdev_ioctl_client_complete (client, -1, EINVAL);
      return;
    }
  pump (self);
  umockdev_ioctl_client_complete (client, 0, 0);
}

static void
reap (CabineDevsimPhdc *self, UMockdevIoctlClient *client)
{
  g_autoptr(GError) error = NULL;
  UMockdevIoctlData *arg = umockdev_ioctl_client_get_arg (client);
  g_autoptr(UMockdevIoctlData) ptr = NULL;
  Urb *u = NULL;

  pump (self);
  for (GList *l = self->completed.head; l != NULL; l = l->next)
    if (((Urb *) l->data)->client == client)
      {
        u = l->data;
        g_queue_delete_link (&self->completed, l);
        break;
      }
  if (u == NULL)
    {
      umockdev_ioctl_client_complete (client, -1, self->gone ? ENODEV : EAGAIN);
      return;
    }
  /* REAPURB's argument is a `void **`: point it at the URB, which is flushed back with it */
  ptr = umockdev_ioctl_data_resolve (arg, 0, sizeof (gpointer), &error);
  if (ptr == NULL || !umockdev_ioctl_data_set_ptr (ptr, 0, u->urb))
    {
      urb_free (u);
      umockdev_ioctl_client_complete (client, -1, EFAULT);
      return;
    }
  umockdev_ioctl_client_complete (client, 0, 0);
  urb_free (u);
}

static void
discard (CabineDevsimPhdc *self, UMockdevIoctlClient *client)
{
  UMockdevIoctlData *arg = umockdev_ioctl_client_get_arg (client);
  gulong addr = *(gulong *) arg->data;

  for (GList *l = self->pending_in.head; l != NULL; l = l->next)
    {
      Urb *u = l->data;
      if (u->client == client && u->urb->client_addr == addr)
        {
          g_queue_delete_link (&self->pending_in, l);
          finish_urb (self, u, -ENOENT, 0);  /* unlinked, as the kernel reports it */
          umockdev_ioctl_client_complete (client, 0, 0);
          return;
        }
    }
  umockdev_ioctl_client_complete (client, -1, EINVAL);
}

static gboolean
handle_ioctl (UMockdevIoctlBase *base, UMockdevIoctlClient *client)
{
  CabineDevsimPhdc *self = CABINE_DEVSIM_PHDC (base);
  gulong request = umockdev_ioctl_client_get_request (client);
  g_autoptr(GError) error = NULL;
  UMockdevIoctlData *arg = umockdev_ioctl_client_get_arg (client);
  g_autoptr(UMockdevIoctlData) data = NULL;

  g_mutex_lock (&self->lock);
  if (self->gone && request != USBDEVFS_REAPURBNDELAY && request != USBDEVFS_REAPURB)
    umockdev_ioctl_client_complete (client, -1, ENODEV);
  else
    switch (request)
      {
      case USBDEVFS_GET_CAPABILITIES:
        data = umockdev_ioctl_data_resolve (arg, 0, sizeof (guint32), &error);
        if (data != NULL)
          *(guint32 *) data->data = USBDEVFS_CAP_BULK_CONTINUATION | USBDEVFS_CAP_NO_PACKET_SIZE_LIM;
        umockdev_ioctl_client_complete (client, data ? 0 : -1, data ? 0 : EFAULT);
        break;
      case USBDEVFS_CLAIMINTERFACE:
        if (!self->connected)
          {
            self->connected = TRUE;
            cabine_devsim_agent_connect (self->agent, g_get_monotonic_time ());
          }
        umockdev_ioctl_client_complete (client, 0, 0);
        break;
      case USBDEVFS_RELEASEINTERFACE:
      case USBDEVFS_SETINTERFACE:
      case USBDEVFS_SETCONFIGURATION:
      case USBDEVFS_CLEAR_HALT:
      case USBDEVFS_RESET:
        umockdev_ioctl_client_complete (client, 0, 0);
        break;
      case USBDEVFS_GETDRIVER:
        umockdev_ioctl_client_complete (client, -1, ENODATA);  /* no kernel driver bound */
        break;
      case USBDEVFS_CONNECTINFO:
        data = umockdev_ioctl_data_resolve (arg, 0, sizeof (struct usbdevfs_connectinfo), &error);
        if (data != NULL)
          {
            ((struct usbdevfs_connectinfo *) data->data)->devnum = self->devnum;
            ((struct usbdevfs_connectinfo *) data->data)->slow = 0;
          }
        umockdev_ioctl_client_complete (client, data ? 0 : -1, data ? 0 : EFAULT);
        break;
      case USBDEVFS_SUBMITURB:
        submit (self, client);
        break;
      case USBDEVFS_REAPURBNDELAY:
      case USBDEVFS_REAPURB:  /* libusb 1.0.26 only uses NDELAY; never block the worker */
        reap (self, client);
        break;
      case USBDEVFS_DISCARDURB:
        discard (self, client);
        break;
      default:
        g_debug ("unhandled usbdevfs ioctl 0x%lx", request);
        umockdev_ioctl_client_complete (client, -1, ENOTTY);
        break;
      }
  g_mutex_unlock (&self->lock);
  return TRUE;
}

static void
client_vanished (UMockdevIoctlBase *base, UMockdevIoctlClient *client)
{
  CabineDevsimPhdc *self = CABINE_DEVSIM_PHDC (base);
  GQueue *queues[] = { &self->pending_in, &self->completed };

  g_mutex_lock (&self->lock);
  for (guint q = 0; q < G_N_ELEMENTS (queues); q++)
    for (GList *l = queues[q]->head, *next; l != NULL; l = next)
      {
        next = l->next;
        if (((Urb *) l->data)->client == client)
          {
            urb_free (l->data);
            g_queue_delete_link (queues[q], l);
          }
      }
  g_mutex_unlock (&self->lock);
}

/* USB 2.0 9.6 descriptors, little-endian, as Linux exposes them in sysfs `descriptors`. */
static const guint8 usb_descriptors[] = {
  /* device: bcdUSB 2.00, class in interface, EP0 64 bytes, VID 1209 PID 0001, bcdDevice 1.00,
   * strings 1/2/3, one configuration */
  18, 0x01, 0x00, 0x02, 0x00, 0x00, 0x00, 64, 0x09, 0x12, 0x01, 0x00, 0x00, 0x01, 1, 2, 3, 1,
  /* configuration 1: wTotalLength 50, one interface, bus powered, 100 mA */
  9, 0x02, 50, 0, 1, 1, 0, 0x80, 50,
  /* interface 0: two endpoints, class 0x0F PHDC */
  9, 0x04, 0, 0, 2, 0x0F, 0, 0, 0,
  /* PHDC Class Function: bPHDCDataCode 0x02 (11073-20601), bmCapability 0 (no metadata) */
  4, 0x20, 0x02, 0x00,
  /* PHDC 11073-20601 Function Extension: one specialisation (LE), patched per instrument: 0x1008
   * for the thermometer */
  6, 0x30, 0x00, 1, 0x08, 0x10,
  /* bulk IN 0x81, 64 bytes, + PHDC QoS (encoding 1, latency/reliability 0x01) */
  7, 0x05, EP_IN, 0x02, 64, 0, 0,
  4, 0x21, 0x01, 0x01,
  /* bulk OUT 0x01, 64 bytes, + PHDC QoS */
  7, 0x05, EP_OUT, 0x02, 64, 0, 0,
  4, 0x21, 0x01, 0x01,
};

/* offset of wDevSpecializations[0]: device 18 + configuration 9 + interface 9 + PHDC function 4
 * + the function extension's bLength, bDescriptorType, bReserved, bNumDevSpecs */
#define DESC_SPECIALIZATION (18 + 9 + 9 + 4 + 4)

char *
cabine_devsim_phdc_add (CabineDevsimPhdc *self, UMockdevTestbed *testbed,
                               guint devnum, GError **error)
{
  g_autofree char *devname = g_strdup_printf ("/dev/bus/usb/001/%03u", devnum);
  g_autofree char *hex = NULL;
  g_autofree char *record = NULL;
  g_autofree char *syspath = NULL;
  GString *h = g_string_new (NULL);
  guint8 descriptors[sizeof usb_descriptors];
  guint16 pid = self->profile->usb_pid, spec = self->profile->specialization;

  g_return_val_if_fail (devnum >= 2 && devnum <= 127, NULL);
  memcpy (descriptors, usb_descriptors, sizeof descriptors);
  descriptors[10] = pid & 0xFF;  /* idProduct, LE */
  descriptors[11] = pid >> 8;
  descriptors[DESC_SPECIALIZATION] = spec & 0xFF;  /* wDevSpecializations[0], LE */
  descriptors[DESC_SPECIALIZATION + 1] = spec >> 8;
  for (gsize i = 0; i < sizeof descriptors; i++)
    g_string_append_printf (h, "%02X", descriptors[i]);
  hex = g_string_free (h, FALSE);

  /* umockdev record format (umockdev-record(1)): P: path, N: device node (created in the
   * testbed's /dev so that the preload routes its ioctls to us), E: udev properties, A: text
   * attributes, H: binary attributes. USB device nodes are char major 189, minor
   * (bus - 1) * 128 + devnum - 1 (Linux Documentation/admin-guide/devices.txt). */
  record = g_strdup_printf ("P: /devices/usb1/1-%u\n"
                            "N: bus/usb/001/%03u\n"
                            "E: DEVNAME=%s\n"
                            "E: DEVTYPE=usb_device\n"
                            "E: SUBSYSTEM=usb\n"
                            "E: BUSNUM=001\n"
                            "E: DEVNUM=%03u\n"
                            "E: PRODUCT=%x/%x/100\n"
                            "E: TYPE=0/0/0\n"
                            "E: MAJOR=189\n"
                            "E: MINOR=%u\n"
                            "A: dev=189:%u\n"
                            "A: busnum=1\n"
                            "A: devnum=%u\n"
                            "A: speed=12\n"
                            "A: idVendor=%04x\n"
                            "A: idProduct=%04x\n"
                            "A: bcdDevice=0100\n"
                            "A: bDeviceClass=00\n"
                            "A: bNumConfigurations=1\n"
                            "A: bConfigurationValue=1\n"
                            "A: manufacturer=%s\n"
                            "A: product=%s\n"
                            "A: serial=%s\n"
                            "H: descriptors=%s\n",
                            devnum, devnum, devname, devnum, CABINE_DEVSIM_VID, pid,
                            devnum - 1, devnum - 1, devnum, CABINE_DEVSIM_VID, pid,
                            CABINE_DEVSIM_MANUFACTURER, self->profile->model, self->profile->serial,
                            hex);
  if (!umockdev_testbed_add_from_string (testbed, record, error))
    return NULL;
  syspath = g_strdup_printf ("/sys/devices/usb1/1-%u", devnum);
  if (!umockdev_testbed_attach_ioctl (testbed, devname, UMOCKDEV_IOCTL_BASE (self), error))
    {
      umockdev_testbed_remove_device (testbed, syspath);
      return NULL;
    }
  g_mutex_lock (&self->lock);
  self->devnum = devnum;
  g_set_object (&self->testbed, testbed);
  g_free (self->syspath);
  self->syspath = g_strdup (syspath);
  g_mutex_unlock (&self->lock);
  return g_steal_pointer (&syspath);
}

void
cabine_devsim_phdc_unplug (CabineDevsimPhdc *self)
{
  Urb *u;
  g_autoptr(UMockdevTestbed) testbed = NULL;
  g_autofree char *syspath = NULL;

  g_mutex_lock (&self->lock);
  self->gone = TRUE;
  while ((u = g_queue_pop_head (&self->pending_in)) != NULL)
    finish_urb (self, u, -ESHUTDOWN, 0);
  testbed = g_steal_pointer (&self->testbed);
  syspath = g_steal_pointer (&self->syspath);
  g_mutex_unlock (&self->lock);
  if (testbed != NULL && syspath != NULL)
    umockdev_testbed_remove_device (testbed, syspath);
}

#define LOCKED(type, expr) \
  type ret; g_mutex_lock (&self->lock); ret = (expr); g_mutex_unlock (&self->lock); return ret

CabineDevsimAgentState
cabine_devsim_phdc_get_agent_state (CabineDevsimPhdc *self)
{
  LOCKED (CabineDevsimAgentState, cabine_devsim_agent_get_state (self->agent));
}

guint
cabine_devsim_phdc_get_errors (CabineDevsimPhdc *self)
{
  LOCKED (guint, cabine_devsim_agent_get_errors (self->agent));
}

guint
cabine_devsim_phdc_get_acknowledged (CabineDevsimPhdc *self)
{
  LOCKED (guint, cabine_devsim_agent_get_acknowledged (self->agent));
}

gboolean
cabine_devsim_phdc_get_sent_report (CabineDevsimPhdc *self, guint index,
                                           double *celsius, GBytes **frame)
{
  gboolean ok;
  GBytes *f = NULL;

  g_mutex_lock (&self->lock);
  ok = cabine_devsim_agent_get_sent_report (self->agent, index, celsius, &f);
  *frame = ok ? g_bytes_ref (f) : NULL;
  g_mutex_unlock (&self->lock);
  return ok;
}

static void
cabine_devsim_phdc_finalize (GObject *object)
{
  CabineDevsimPhdc *self = CABINE_DEVSIM_PHDC (object);

  g_queue_clear_full (&self->pending_in, (GDestroyNotify) urb_free);
  g_queue_clear_full (&self->completed, (GDestroyNotify) urb_free);
  g_byte_array_unref (self->in_data);
  g_clear_object (&self->agent);
  g_clear_object (&self->testbed);
  g_free (self->syspath);
  g_mutex_clear (&self->lock);
  G_OBJECT_CLASS (cabine_devsim_phdc_parent_class)->finalize (object);
}

static void
cabine_devsim_phdc_class_init (CabineDevsimPhdcClass *klass)
{
  UMockdevIoctlBaseClass *base_class = UMOCKDEV_IOCTL_BASE_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = cabine_devsim_phdc_finalize;
  base_class->handle_ioctl = handle_ioctl;
  base_class->client_vanished = client_vanished;
}

static void
cabine_devsim_phdc_init (CabineDevsimPhdc *self)
{
  g_mutex_init (&self->lock);
  g_queue_init (&self->pending_in);
  g_queue_init (&self->completed);
  self->in_data = g_byte_array_new ();
}

CabineDevsimPhdc *
cabine_devsim_phdc_new_kind (CabineDevsimKind kind, guint interval_ms, guint count)
{
  CabineDevsimPhdc *self = g_object_new (CABINE_TYPE_DEVSIM_PHDC, NULL);

  self->profile = cabine_devsim_profile (kind);
  self->agent = cabine_devsim_agent_new_kind (kind, interval_ms, count);
  return self;
}

CabineDevsimPhdc *
cabine_devsim_phdc_new (guint interval_ms, guint count)
{
  return cabine_devsim_phdc_new_kind (CABINE_DEVSIM_KIND_THERMOMETER, interval_ms, count);
}
