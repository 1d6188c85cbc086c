/* cabine-devsim-usb.c: base of the emulated vendor-protocol USB instruments (umockdev)
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "cabine-devsim"

#include "cabine-devsim-usb.h"

#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <sys/ioctl.h>
#include <linux/usbdevice_fs.h>

typedef struct {
  UMockdevIoctlClient *client;
  UMockdevIoctlData *urb;
  UMockdevIoctlData *buffer;
} Urb;

typedef struct {
  GMutex lock;
  GQueue pending_in;   /* Urb */
  GQueue completed;    /* Urb */
  GQueue in_chunks;    /* GBytes, with the endpoint in a parallel queue */
  GQueue in_eps;       /* GUINT_TO_POINTER (endpoint) */
  gboolean connected, gone;
  guint16 stream_in;   /* bit n: IN endpoint 0x80|n is a byte stream */
  char *strings[3];    /* string descriptors 1..3: manufacturer, product, serial */
  guint devnum;
  UMockdevTestbed *testbed;
  char *syspath;
} CabineDevsimUsbPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (CabineDevsimUsb, cabine_devsim_usb, UMOCKDEV_TYPE_IOCTL_BASE)

#define PRIV(self) ((CabineDevsimUsbPrivate *) cabine_devsim_usb_get_instance_private (self))

static void
urb_free (Urb *u)
{
  g_object_unref (u->client);
  g_object_unref (u->urb);
  g_clear_object (&u->buffer);
  g_free (u);
}

static struct usbdevfs_urb *urb_struct (Urb *u) { return (struct usbdevfs_urb *) u->urb->data; }

static void
finish_urb (CabineDevsimUsbPrivate *priv, Urb *u, int status, int actual)
{
  urb_struct (u)->status = status;
  urb_struct (u)->actual_length = actual;
  g_queue_push_tail (&priv->completed, u);
}

void
cabine_devsim_usb_push_in (CabineDevsimUsb *self, guint8 endpoint, const guint8 *data, gsize len)
{
  CabineDevsimUsbPrivate *priv = PRIV (self);

  g_queue_push_tail (&priv->in_chunks, g_bytes_new (data, len));
  g_queue_push_tail (&priv->in_eps, GUINT_TO_POINTER ((guint) endpoint));
}

/* A stream endpoint: as many of the queued bytes of @ep (the chunks at the head of the queue) as
 * fit in @u; a chunk that does not fit entirely leaves its remainder at the head. */
static guint
fill_stream (CabineDevsimUsbPrivate *priv, guint ep, Urb *u)
{
  guint space = (guint) urb_struct (u)->buffer_length, n = 0;

  while (n < space && !g_queue_is_empty (&priv->in_chunks) &&
         GPOINTER_TO_UINT (g_queue_peek_head (&priv->in_eps)) == ep)
    {
      GBytes *chunk = g_queue_pop_head (&priv->in_chunks);
      gsize len;
      const guint8 *d = g_bytes_get_data (chunk, &len);
      guint take = (guint) MIN (len, (gsize) (space - n));

      if (u->buffer != NULL)
        memcpy ((guint8 *) u->buffer->data + n, d, take);
      n += take;
      if (take < len)
        g_queue_push_head (&priv->in_chunks, g_bytes_new_from_bytes (chunk, take, len - take));
      else
        g_queue_pop_head (&priv->in_eps);
      g_bytes_unref (chunk);
    }
  return n;
}

void
cabine_devsim_usb_set_in_stream (CabineDevsimUsb *self, guint8 endpoint)
{
  g_return_if_fail ((endpoint & 0x80) != 0);
  PRIV (self)->stream_in |= 1u << (endpoint & 0x0F);
}

/* GET_DESCRIPTOR(STRING) (USB 2.0 9.6.7): LANGID table for index 0 (0x0409 English (United
 * States)), else the identity string as UTF-16LE (ASCII only). Returns the length or -EPIPE. */
static int
string_descriptor (CabineDevsimUsbPrivate *priv, guint index, guint8 *data, gsize len)
{
  const char *text = index >= 1 && index <= 3 ? priv->strings[index - 1] : NULL;
  guint8 desc[2 + 2 * 64];
  guint n = 0;

  if (index == 0)
    {
      desc[2] = 0x09;
      desc[3] = 0x04;
      n = 4;
    }
  else if (text != NULL && strlen (text) <= 64)
    {
      n = 2;
      for (const char *c = text; *c != '\0'; c++)
        {
          desc[n++] = (guint8) *c;
          desc[n++] = 0;
        }
    }
  if (n == 0)
    return -EPIPE;
  desc[0] = (guint8) n;
  desc[1] = 0x03;
  n = (guint) MIN ((gsize) n, len);
  memcpy (data, desc, n);
  return (int) n;
}

static void
pump (CabineDevsimUsb *self)
{
  CabineDevsimUsbPrivate *priv = PRIV (self);
  CabineDevsimUsbClass *klass = CABINE_DEVSIM_USB_GET_CLASS (self);

  if (!priv->connected || priv->gone)
    return;
  if (klass->poll != NULL)
    klass->poll (self, g_get_monotonic_time ());
  while (!g_queue_is_empty (&priv->in_chunks))
    {
      guint ep = GPOINTER_TO_UINT (g_queue_peek_head (&priv->in_eps));
      GBytes *chunk = g_queue_peek_head (&priv->in_chunks);
      Urb *u = NULL;
      gsize len;
      const guint8 *d = g_bytes_get_data (chunk, &len);
      guint n;

      for (GList *l = priv->pending_in.head; l != NULL; l = l->next)
        if (urb_struct (l->data)->endpoint == ep)
          {
            u = l->data;
            g_queue_delete_link (&priv->pending_in, l);
            break;
          }
      if (u == NULL)
        break;
      if (!(priv->stream_in & (1u << (ep & 0x0F))))
        {
          /* one chunk per URB (an interrupt or bulk packet) */
          n = (guint) MIN (len, (gsize) urb_struct (u)->buffer_length);
          if (u->buffer != NULL)
            memcpy (u->buffer->data, d, n);
          g_bytes_unref (g_queue_pop_head (&priv->in_chunks));
          g_queue_pop_head (&priv->in_eps);
        }
      else
        n = fill_stream (priv, ep, u);
      finish_urb (priv, u, 0, (int) n);
    }
}

static void
control (CabineDevsimUsb *self, Urb *u)
{
  CabineDevsimUsbPrivate *priv = PRIV (self);
  struct usbdevfs_urb *s = urb_struct (u);
  guint8 *setup = u->buffer ? u->buffer->data : NULL;
  int r = -EPIPE;

  if (setup == NULL || s->buffer_length < 8)
    {
      finish_urb (priv, u, -EPIPE, 0);
      return;
    }
  if ((setup[0] & 0x60) == 0)  /* standard requests (USB 2.0 9.4) */
    {
      gsize wlength = setup[6] | setup[7] << 8;
      gsize len = MIN (wlength, (gsize) s->buffer_length - 8);

      switch (setup[1])
        {
        case 0x00: /* GET_STATUS: self/remote-wakeup bits all 0 */
          if (s->buffer_length >= 10)
            {
              setup[8] = setup[9] = 0;
              r = 2;   /* actual_length counts the data stage only */
            }
          break;
        case 0x06: /* GET_DESCRIPTOR: strings (the others libusb reads in sysfs) */
          if (setup[0] == 0x80 && setup[3] == 0x03)
            r = string_descriptor (priv, setup[2], setup + 8, len);
          break;
        case 0x01: /* CLEAR_FEATURE */
        case 0x09: /* SET_CONFIGURATION */
        case 0x0B: /* SET_INTERFACE */
          r = 0;
          break;
        default:
          break;
        }
    }
  else
    {
      gsize wlength = setup[6] | setup[7] << 8;
      r = CABINE_DEVSIM_USB_GET_CLASS (self)->control (self, setup, setup + 8,
                                                        MIN (wlength, (gsize) s->buffer_length - 8));
    }
  finish_urb (priv, u, r < 0 ? r : 0, r < 0 ? 0 : r);
}

static void
submit (CabineDevsimUsb *self, UMockdevIoctlClient *client)
{
  CabineDevsimUsbPrivate *priv = PRIV (self);
  g_autoptr(GError) error = NULL;
  UMockdevIoctlData *arg = umockdev_ioctl_client_get_arg (client);
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
  else if ((s->type == USBDEVFS_URB_TYPE_BULK || s->type == USBDEVFS_URB_TYPE_INTERRUPT) &&
           !(s->endpoint & 0x80))
    {
      if (u->buffer != NULL)
        CABINE_DEVSIM_USB_GET_CLASS (self)->out (self, s->endpoint, u->buffer->data,
                                                 (gsize) s->buffer_length);
      finish_urb (priv, u, 0, s->buffer_length);
    }
  else if (s->type == USBDEVFS_URB_TYPE_BULK || s->type == USBDEVFS_URB_TYPE_INTERRUPT)
    g_queue_push_tail (&priv->pending_in, u);
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
reap (CabineDevsimUsb *self, UMockdevIoctlClient *client)
{
  CabineDevsimUsbPrivate *priv = PRIV (self);
  g_autoptr(GError) error = NULL;
  UMockdevIoctlData *arg = umockdev_ioctl_client_get_arg (client);
  g_autoptr(UMockdevIoctlData) ptr = NULL;
  Urb *u = NULL;

  pump (self);
  for (GList *l = priv->completed.head; l != NULL; l = l->next)
    if (((Urb *) l->data)->client == client)
      {
        u = l->data;
        g_queue_delete_link (&priv->completed, l);
        break;
      }
  if (u == NULL)
    {
      umockdev_ioctl_client_complete (client, -1, priv->gone ? ENODEV : EAGAIN);
      return;
    }
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
discard (CabineDevsimUsb *self, UMockdevIoctlClient *client)
{
  CabineDevsimUsbPrivate *priv = PRIV (self);
  UMockdevIoctlData *arg = umockdev_ioctl_client_get_arg (client);
  gulong addr = *(gulong *) arg->data;

  for (GList *l = priv->pending_in.head; l != NULL; l = l->next)
    {
      Urb *u = l->data;
      if (u->client == client && u->urb->client_addr == addr)
        {
          g_queue_delete_link (&priv->pending_in, l);
          finish_urb (priv, u, -ENOENT, 0);
          umockdev_ioctl_client_complete (client, 0, 0);
          return;
        }
    }
  umockdev_ioctl_client_complete (client, -1, EINVAL);
}

static gboolean
handle_ioctl (UMockdevIoctlBase *base, UMockdevIoctlClient *client)
{
  CabineDevsimUsb *self = CABINE_DEVSIM_USB (base);
  CabineDevsimUsbPrivate *priv = PRIV (self);
  gulong request = umockdev_ioctl_client_get_request (client);
  g_autoptr(GError) error = NULL;
  UMockdevIoctlData *arg = umockdev_ioctl_client_get_arg (client);
  g_autoptr(UMockdevIoctlData) data = NULL;

  g_mutex_lock (&priv->lock);
  if (priv->gone && request != USBDEVFS_REAPURBNDELAY && request != USBDEVFS_REAPURB)
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
      case USBDEVFS_DISCONNECT_CLAIM:  /* libusb's claim with kernel-driver auto-detach */
        if (!priv->connected)
          {
            priv->connected = TRUE;
            if (CABINE_DEVSIM_USB_GET_CLASS (self)->connected != NULL)
              CABINE_DEVSIM_USB_GET_CLASS (self)->connected (self, g_get_monotonic_time ());
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
        umockdev_ioctl_client_complete (client, -1, ENODATA);
        break;
      case USBDEVFS_CONNECTINFO:
        data = umockdev_ioctl_data_resolve (arg, 0, sizeof (struct usbdevfs_connectinfo), &error);
        if (data != NULL)
          {
            ((struct usbdevfs_connectinfo *) data->data)->devnum = priv->devnum;
            ((struct usbdevfs_connectinfo *) data->data)->slow = 0;
          }
        umockdev_ioctl_client_complete (client, data ? 0 : -1, data ? 0 : EFAULT);
        break;
      case USBDEVFS_SUBMITURB:
        submit (self, client);
        break;
      case USBDEVFS_REAPURBNDELAY:
      case USBDEVFS_REAPURB:
        reap (self, client);
        break;
      case USBDEVFS_DISCARDURB:
        discard (self, client);
        break;
      default:
        umockdev_ioctl_client_complete (client, -1, ENOTTY);
        break;
      }
  g_mutex_unlock (&priv->lock);
  return TRUE;
}

static void
client_vanished (UMockdevIoctlBase *base, UMockdevIoctlClient *client)
{
  CabineDevsimUsbPrivate *priv = PRIV (CABINE_DEVSIM_USB (base));
  GQueue *queues[] = { &priv->pending_in, &priv->completed };

  g_mutex_lock (&priv->lock);
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
  g_mutex_unlock (&priv->lock);
}

char *
cabine_devsim_usb_add (CabineDevsimUsb *self, UMockdevTestbed *testbed, guint devnum,
                       const guint8 *descriptors, gsize len, const char *manufacturer,
                       const char *product, const char *serial, GError **error)
{
  CabineDevsimUsbPrivate *priv = PRIV (self);
  g_autofree char *devname = g_strdup_printf ("/dev/bus/usb/001/%03u", devnum);
  g_autofree char *record = NULL;
  g_autofree char *syspath = NULL;
  g_autoptr(GString) hex = g_string_new (NULL);
  guint vid = descriptors[8] | descriptors[9] << 8, pid = descriptors[10] | descriptors[11] << 8;

  g_return_val_if_fail (devnum >= 2 && devnum <= 127 && len >= 18, NULL);
  for (gsize i = 0; i < len; i++)
    g_string_append_printf (hex, "%02X", descriptors[i]);
  /* umockdev record format (umockdev-record(1)); char major 189, minor (bus-1)*128 + devnum-1 */
  record = g_strdup_printf ("P: /devices/usb1/1-%u\nN: bus/usb/001/%03u\nE: DEVNAME=%s\n"
                            "E: DEVTYPE=usb_device\nE: SUBSYSTEM=usb\nE: BUSNUM=001\n"
                            "E: DEVNUM=%03u\nE: PRODUCT=%x/%x/100\nE: TYPE=0/0/0\nE: MAJOR=189\n"
                            "E: MINOR=%u\nA: dev=189:%u\nA: busnum=1\nA: devnum=%u\nA: speed=12\n"
                            "A: idVendor=%04x\nA: idProduct=%04x\nA: bcdDevice=0100\n"
                            "A: bDeviceClass=00\nA: bNumConfigurations=1\n"
                            "A: bConfigurationValue=1\nA: manufacturer=%s\nA: product=%s\n"
                            "A: serial=%s\nH: descriptors=%s\n",
                            devnum, devnum, devname, devnum, vid, pid, devnum - 1, devnum - 1,
                            devnum, vid, pid, manufacturer, product, serial, hex->str);
  if (!umockdev_testbed_add_from_string (testbed, record, error))
    return NULL;
  syspath = g_strdup_printf ("/sys/devices/usb1/1-%u", devnum);
  if (!umockdev_testbed_attach_ioctl (testbed, devname, UMOCKDEV_IOCTL_BASE (self), error))
    {
      umockdev_testbed_remove_device (testbed, syspath);
      return NULL;
    }
  g_mutex_lock (&priv->lock);
  priv->devnum = devnum;
  g_set_object (&priv->testbed, testbed);
  g_free (priv->syspath);
  priv->syspath = g_strdup (syspath);
  for (guint i = 0; i < G_N_ELEMENTS (priv->strings); i++)
    g_free (priv->strings[i]);
  priv->strings[0] = g_strdup (manufacturer);
  priv->strings[1] = g_strdup (product);
  priv->strings[2] = g_strdup (serial);
  g_mutex_unlock (&priv->lock);
  return g_steal_pointer (&syspath);
}

void
cabine_devsim_usb_unplug (CabineDevsimUsb *self)
{
  CabineDevsimUsbPrivate *priv = PRIV (self);
  g_autoptr(UMockdevTestbed) testbed = NULL;
  g_autofree char *syspath = NULL;
  Urb *u;

  g_mutex_lock (&priv->lock);
  priv->gone = TRUE;
  while ((u = g_queue_pop_head (&priv->pending_in)) != NULL)
    finish_urb (priv, u, -ESHUTDOWN, 0);
  testbed = g_steal_pointer (&priv->testbed);
  syspath = g_steal_pointer (&priv->syspath);
  g_mutex_unlock (&priv->lock);
  if (testbed != NULL && syspath != NULL)
    umockdev_testbed_remove_device (testbed, syspath);
}

void cabine_devsim_usb_lock (CabineDevsimUsb *self) { g_mutex_lock (&PRIV (self)->lock); }
void cabine_devsim_usb_unlock (CabineDevsimUsb *self) { g_mutex_unlock (&PRIV (self)->lock); }

static void
cabine_devsim_usb_finalize (GObject *object)
{
  CabineDevsimUsbPrivate *priv = PRIV (CABINE_DEVSIM_USB (object));

  g_queue_clear_full (&priv->pending_in, (GDestroyNotify) urb_free);
  g_queue_clear_full (&priv->completed, (GDestroyNotify) urb_free);
  g_queue_clear_full (&priv->in_chunks, (GDestroyNotify) g_bytes_unref);
  g_queue_clear (&priv->in_eps);
  g_clear_object (&priv->testbed);
  g_free (priv->syspath);
  for (guint i = 0; i < G_N_ELEMENTS (priv->strings); i++)
    g_free (priv->strings[i]);
  g_mutex_clear (&priv->lock);
  G_OBJECT_CLASS (cabine_devsim_usb_parent_class)->finalize (object);
}

static void
cabine_devsim_usb_class_init (CabineDevsimUsbClass *klass)
{
  UMockdevIoctlBaseClass *base_class = UMOCKDEV_IOCTL_BASE_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = cabine_devsim_usb_finalize;
  base_class->handle_ioctl = handle_ioctl;
  base_class->client_vanished = client_vanished;
}

static void
cabine_devsim_usb_init (CabineDevsimUsb *self)
{
  CabineDevsimUsbPrivate *priv = PRIV (self);

  g_mutex_init (&priv->lock);
  g_queue_init (&priv->pending_in);
  g_queue_init (&priv->completed);
  g_queue_init (&priv->in_chunks);
  g_queue_init (&priv->in_eps);
}
