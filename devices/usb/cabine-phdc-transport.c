/* cabine-phdc-transport.c: USB PHDC transport over libusb
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "cabine-phdc"

#include "cabine-phdc-transport.h"

#include <string.h>

G_DEFINE_QUARK (cabine-phdc-error-quark, cabine_phdc_error)

#define IN_BUFFER_SIZE 4096

static gint open_handles;  /* device handles not yet closed, all transports */

/* Handles whose transfers are all done, waiting for the event thread to close them outside any
 * libusb callback (libusb_close() from a transfer callback deadlocks on libusb's locks). */
typedef struct {
  libusb_device_handle *handle;
  int interface;
} PendingClose;

static GMutex pending_lock;
static GArray *pending_close;

/* State shared with the libusb event thread; every field but the constants is under @lock. */
typedef struct {
  gatomicrefcount ref;
  GMutex lock;
  libusb_device_handle *handle;
  int interface;
  guint8 ep_in, ep_out;
  guint inflight;
  struct libusb_transfer *in_transfer;  /* the bulk IN in flight, to cancel on close */
  gboolean closing;        /* no more submissions; close the handle when @inflight drops to 0 */
  GByteArray *reassembly;  /* bulk IN bytes not yet forming a whole APDU (event thread only) */
  GMainContext *context;   /* the owner's */
  GWeakRef owner;
} PhdcIo;

struct _CabinePhdcTransport
{
  GObject parent_instance;

  libusb_device *device;
  struct libusb_device_descriptor desc;
  CabinePhdcInfo info;
  int interface;
  guint8 ep_in, ep_out;
  PhdcIo *io;
  gboolean removed_reported;
};

G_DEFINE_FINAL_TYPE (CabinePhdcTransport, cabine_phdc_transport, G_TYPE_OBJECT)

enum { SIGNAL_APDU, SIGNAL_REMOVED, N_SIGNALS };
static guint signals[N_SIGNALS];

static PhdcIo *
io_ref (PhdcIo *io)
{
  g_atomic_ref_count_inc (&io->ref);
  return io;
}

static void
io_unref (PhdcIo *io)
{
  if (!g_atomic_ref_count_dec (&io->ref))
    return;
  g_assert (io->handle == NULL);
  g_byte_array_unref (io->reassembly);
  g_main_context_unref (io->context);
  g_weak_ref_clear (&io->owner);
  g_mutex_clear (&io->lock);
  g_free (io);
}

/* Under @io->lock: once nothing is in flight, give the device back. */
static void
io_maybe_close_locked (PhdcIo *io)
{
  if (!io->closing || io->inflight > 0 || io->handle == NULL)
    return;
  PendingClose pc = { io->handle, io->interface };

  g_mutex_lock (&pending_lock);
  if (pending_close == NULL)
    pending_close = g_array_new (FALSE, FALSE, sizeof (PendingClose));
  g_array_append_val (pending_close, pc);
  g_mutex_unlock (&pending_lock);
  io->handle = NULL;
}

/* ---- marshalling to the owner's context ---- */

typedef struct {
  PhdcIo *io;
  GBytes *apdu;   /* or */
  GError *error;  /* removed */
} Post;

static void
post_free (gpointer data)
{
  Post *p = data;

  io_unref (p->io);
  g_clear_pointer (&p->apdu, g_bytes_unref);
  g_clear_error (&p->error);
  g_free (p);
}

static gboolean
post_dispatch (gpointer data)
{
  Post *p = data;
  g_autoptr(CabinePhdcTransport) self = g_weak_ref_get (&p->io->owner);

  if (self == NULL || self->io != p->io || self->removed_reported)
    return G_SOURCE_REMOVE;
  if (p->error != NULL)
    {
      self->removed_reported = TRUE;
      g_signal_emit (self, signals[SIGNAL_REMOVED], 0, p->error);
    }
  else
    g_signal_emit (self, signals[SIGNAL_APDU], 0, p->apdu);
  return G_SOURCE_REMOVE;
}

/* Always queued, never run inline: post() is called with @io->lock held, also from the owner's
 * thread (a failed submission), where g_main_context_invoke_full() would dispatch at once. */
static void
post (PhdcIo *io, GBytes *apdu, GError *error)
{
  Post *p = g_new0 (Post, 1);
  GSource *source = g_idle_source_new ();

  p->io = io_ref (io);
  p->apdu = apdu;
  p->error = error;
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, post_dispatch, p, post_free);
  g_source_set_static_name (source, "[cabine] PHDC transfer result");
  g_source_attach (source, io->context);
  g_source_unref (source);
}

static GError *
usb_error (int status_or_error, const char *what)
{
  gboolean gone = status_or_error == LIBUSB_ERROR_NO_DEVICE;

  return g_error_new (CABINE_PHDC_ERROR, gone ? CABINE_PHDC_ERROR_REMOVED : CABINE_PHDC_ERROR_USB,
                      "%s: %s", what, libusb_strerror (status_or_error));
}

/* Under @io->lock, event thread: the link is dead. Report once, stop everything. */
static void
io_fail_locked (PhdcIo *io, GError *error)
{
  if (!io->closing)
    {
      io->closing = TRUE;
      g_byte_array_set_size (io->reassembly, 0);  /* never deliver half an APDU */
      post (io, NULL, error);
    }
  else
    g_error_free (error);
}

static gboolean submit_in_locked (PhdcIo *io, GError **error);

static void LIBUSB_CALL
in_done (struct libusb_transfer *transfer)
{
  PhdcIo *io = transfer->user_data;

  g_mutex_lock (&io->lock);
  io->inflight--;
  io->in_transfer = NULL;
  switch (transfer->status)
    {
    case LIBUSB_TRANSFER_COMPLETED:
      if (io->closing)
        break;
      g_byte_array_append (io->reassembly, transfer->buffer, (guint) transfer->actual_length);
      while (io->reassembly->len >= 4)
        {
          gsize need = 4 + ((gsize) io->reassembly->data[2] << 8 | io->reassembly->data[3]);

          if (io->reassembly->len < need)
            break;
          post (io, g_bytes_new (io->reassembly->data, need), NULL);
          g_byte_array_remove_range (io->reassembly, 0, (guint) need);
        }
      {
        GError *error = NULL;
        if (!submit_in_locked (io, &error))
          io_fail_locked (io, error);
      }
      break;
    case LIBUSB_TRANSFER_CANCELLED:
      break;
    case LIBUSB_TRANSFER_NO_DEVICE:
      io_fail_locked (io, g_error_new (CABINE_PHDC_ERROR, CABINE_PHDC_ERROR_REMOVED,
                                       "bulk IN: the device was removed"));
      break;
    default:
      io_fail_locked (io, g_error_new (CABINE_PHDC_ERROR, CABINE_PHDC_ERROR_REMOVED,
                                       "bulk IN transfer failed (libusb status %d); treating the "
                                       "device as removed", transfer->status));
      break;
    }
  io_maybe_close_locked (io);
  g_mutex_unlock (&io->lock);
  g_free (transfer->buffer);
  libusb_free_transfer (transfer);
  io_unref (io);
}

static gboolean
submit_in_locked (PhdcIo *io, GError **error)
{
  struct libusb_transfer *t = libusb_alloc_transfer (0);
  int r;

  libusb_fill_bulk_transfer (t, io->handle, io->ep_in, g_malloc (IN_BUFFER_SIZE), IN_BUFFER_SIZE,
                             in_done, io_ref (io), 0);
  r = libusb_submit_transfer (t);
  if (r < 0)
    {
      g_free (t->buffer);
      libusb_free_transfer (t);
      io_unref (io);
      g_propagate_error (error, usb_error (r, "submitting bulk IN"));
      return FALSE;
    }
  io->inflight++;
  io->in_transfer = t;
  return TRUE;
}

static void LIBUSB_CALL
out_done (struct libusb_transfer *transfer)
{
  PhdcIo *io = transfer->user_data;

  g_mutex_lock (&io->lock);
  io->inflight--;
  if (transfer->status != LIBUSB_TRANSFER_COMPLETED && transfer->status != LIBUSB_TRANSFER_CANCELLED)
    io_fail_locked (io, g_error_new (CABINE_PHDC_ERROR, CABINE_PHDC_ERROR_REMOVED,
                                     "bulk OUT transfer failed (libusb status %d)", transfer->status));
  else if (transfer->status == LIBUSB_TRANSFER_COMPLETED && transfer->actual_length != transfer->length)
    io_fail_locked (io, g_error_new (CABINE_PHDC_ERROR, CABINE_PHDC_ERROR_USB,
                                     "bulk OUT sent %d of %d bytes", transfer->actual_length,
                                     transfer->length));
  io_maybe_close_locked (io);
  g_mutex_unlock (&io->lock);
  g_free (transfer->buffer);
  libusb_free_transfer (transfer);
  io_unref (io);
}

void
cabine_phdc_transport_send (CabinePhdcTransport *self, GBytes *apdu)
{
  PhdcIo *io = self->io;
  struct libusb_transfer *t;
  gsize len;
  const guint8 *data = g_bytes_get_data (apdu, &len);
  int r;

  g_return_if_fail (CABINE_IS_PHDC_TRANSPORT (self));
  if (io == NULL)
    return;
  g_mutex_lock (&io->lock);
  if (io->closing)
    {
      g_mutex_unlock (&io->lock);
      return;
    }
  t = libusb_alloc_transfer (0);
  libusb_fill_bulk_transfer (t, io->handle, io->ep_out, g_memdup2 (data, len), (int) len,
                             out_done, io_ref (io), 5000);
  r = libusb_submit_transfer (t);
  if (r < 0)
    {
      g_free (t->buffer);
      libusb_free_transfer (t);
      io_unref (io);
      io_fail_locked (io, usb_error (r, "submitting bulk OUT"));
    }
  else
    io->inflight++;
  g_mutex_unlock (&io->lock);
}

/* ---- descriptors ---- */

void
cabine_phdc_info_init (CabinePhdcInfo *info)
{
  memset (info, 0, sizeof *info);
  info->data_code = CABINE_PHDC_DATA_CODE_11073_20601;
}

void
cabine_phdc_parse_class_descriptors (const guint8 *extra, gsize len, CabinePhdcInfo *info)
{
  gsize pos = 0;

  while (pos + 2 <= len)
    {
      guint8 blen = extra[pos], type = extra[pos + 1];
      const guint8 *d = extra + pos;

      if (blen < 2 || pos + blen > len)
        break;
      if (type == CABINE_PHDC_DESC_CLASS_FUNCTION && blen >= 3)
        {
          /* bLength, bDescriptorType 0x20, bPHDCDataCode, bmCapability */
          info->data_code = d[2];
          info->has_function_desc = TRUE;
        }
      else if (type == CABINE_PHDC_DESC_11073_FUNCTION && blen >= 4)
        {
          /* bLength, 0x30, bReserved, bNumDevSpecs, wDevSpecializations[bNumDevSpecs] (LE) */
          guint n = d[3];
          for (guint i = 0; i < n && 4 + 2 * i + 1 < blen &&
                            info->n_specializations < G_N_ELEMENTS (info->specializations); i++)
            info->specializations[info->n_specializations++] =
              (guint16) (d[4 + 2 * i] | d[5 + 2 * i] << 8);
        }
      pos += blen;
    }
}

CabinePhdcTransport *
cabine_phdc_transport_new (libusb_device *device, GError **error)
{
  g_autoptr(CabinePhdcTransport) self = g_object_new (CABINE_TYPE_PHDC_TRANSPORT, NULL);
  struct libusb_config_descriptor *config = NULL;
  gboolean found = FALSE;
  int r;

  self->device = libusb_ref_device (device);
  r = libusb_get_device_descriptor (device, &self->desc);
  if (r == 0)
    r = libusb_get_active_config_descriptor (device, &config);
  if (r < 0)
    {
      g_propagate_error (error, usb_error (r, "reading descriptors"));
      return NULL;
    }

  for (int i = 0; i < config->bNumInterfaces && !found; i++)
    for (int a = 0; a < config->interface[i].num_altsetting && !found; a++)
      {
        const struct libusb_interface_descriptor *alt = &config->interface[i].altsetting[a];

        if (alt->bInterfaceClass != CABINE_PHDC_INTERFACE_CLASS)
          continue;
        found = TRUE;
        self->interface = alt->bInterfaceNumber;
        cabine_phdc_info_init (&self->info);
        cabine_phdc_parse_class_descriptors (config->extra, (gsize) config->extra_length, &self->info);
        cabine_phdc_parse_class_descriptors (alt->extra, (gsize) alt->extra_length, &self->info);
        for (int e = 0; e < alt->bNumEndpoints; e++)
          {
            const struct libusb_endpoint_descriptor *ep = &alt->endpoint[e];

            /* QoS/metadata descriptors may also hang off endpoints: read them leniently */
            cabine_phdc_parse_class_descriptors (ep->extra, (gsize) ep->extra_length, &self->info);
            if ((ep->bmAttributes & 0x3) != LIBUSB_TRANSFER_TYPE_BULK)
              continue;
            if ((ep->bEndpointAddress & LIBUSB_ENDPOINT_IN) && self->ep_in == 0)
              self->ep_in = ep->bEndpointAddress;
            else if (!(ep->bEndpointAddress & LIBUSB_ENDPOINT_IN) && self->ep_out == 0)
              self->ep_out = ep->bEndpointAddress;
          }
      }
  libusb_free_config_descriptor (config);

  if (!found || self->info.data_code != CABINE_PHDC_DATA_CODE_11073_20601)
    {
      g_set_error (error, CABINE_PHDC_ERROR, CABINE_PHDC_ERROR_NOT_PHDC,
                   found ? "PHDC data code 0x%02X is not IEEE 11073-20601"
                         : "no interface of class 0x0F (%04x:%04x)",
                   found ? self->info.data_code : self->desc.idVendor,
                   self->desc.idProduct);
      return NULL;
    }
  if (self->ep_in == 0 || self->ep_out == 0)
    {
      g_set_error (error, CABINE_PHDC_ERROR, CABINE_PHDC_ERROR_NO_ENDPOINT,
                   "PHDC interface %d lacks a bulk %s endpoint", self->interface,
                   self->ep_in == 0 ? "IN" : "OUT");
      return NULL;
    }
  return g_steal_pointer (&self);
}

gboolean
cabine_phdc_transport_open (CabinePhdcTransport *self, GError **error)
{
  libusb_device_handle *handle = NULL;
  PhdcIo *io;
  int r;

  g_return_val_if_fail (CABINE_IS_PHDC_TRANSPORT (self) && self->io == NULL, FALSE);
  r = libusb_open (self->device, &handle);
  if (r < 0)
    {
      g_propagate_error (error, usb_error (r, "opening the device"));
      return FALSE;
    }
  r = libusb_claim_interface (handle, self->interface);
  if (r < 0)
    {
      libusb_close (handle);
      g_propagate_error (error, usb_error (r, "claiming the PHDC interface"));
      return FALSE;
    }

  g_atomic_int_inc (&open_handles);
  io = g_new0 (PhdcIo, 1);
  g_atomic_ref_count_init (&io->ref);
  g_mutex_init (&io->lock);
  io->handle = handle;
  io->interface = self->interface;
  io->ep_in = self->ep_in;
  io->ep_out = self->ep_out;
  io->reassembly = g_byte_array_new ();
  io->context = g_main_context_ref_thread_default ();
  g_weak_ref_init (&io->owner, self);
  self->io = io;

  g_mutex_lock (&io->lock);
  if (!submit_in_locked (io, error))
    {
      io->closing = TRUE;
      io_maybe_close_locked (io);
      g_mutex_unlock (&io->lock);
      self->io = NULL;
      io_unref (io);
      return FALSE;
    }
  g_mutex_unlock (&io->lock);
  return TRUE;
}

void
cabine_phdc_transport_close (CabinePhdcTransport *self)
{
  PhdcIo *io = g_steal_pointer (&self->io);

  if (io == NULL)
    return;
  g_mutex_lock (&io->lock);
  io->closing = TRUE;
  /* Cancel the bulk IN (OUT transfers finish or time out by themselves): in_done then closes
   * the handle on the event thread; or close right now when nothing is in flight. */
  if (io->in_transfer != NULL)
    libusb_cancel_transfer (io->in_transfer);
  io_maybe_close_locked (io);
  g_mutex_unlock (&io->lock);
  io_unref (io);
}

void
cabine_phdc_transport_close_pending (void)
{
  g_autoptr(GArray) closing = NULL;

  g_mutex_lock (&pending_lock);
  closing = g_steal_pointer (&pending_close);
  g_mutex_unlock (&pending_lock);
  for (guint i = 0; closing != NULL && i < closing->len; i++)
    {
      PendingClose *pc = &g_array_index (closing, PendingClose, i);

      libusb_release_interface (pc->handle, pc->interface);
      libusb_close (pc->handle);
      g_atomic_int_dec_and_test (&open_handles);
    }
}

guint
cabine_phdc_transport_count_open_handles (void)
{
  return (guint) g_atomic_int_get (&open_handles);
}

libusb_device *cabine_phdc_transport_get_device (CabinePhdcTransport *self) { return self->device; }
guint16 cabine_phdc_transport_get_vid (CabinePhdcTransport *self) { return self->desc.idVendor; }
guint16 cabine_phdc_transport_get_pid (CabinePhdcTransport *self) { return self->desc.idProduct; }
const CabinePhdcInfo *cabine_phdc_transport_get_info (CabinePhdcTransport *self) { return &self->info; }

static void
cabine_phdc_transport_finalize (GObject *object)
{
  CabinePhdcTransport *self = CABINE_PHDC_TRANSPORT (object);

  cabine_phdc_transport_close (self);
  g_clear_pointer (&self->device, libusb_unref_device);
  G_OBJECT_CLASS (cabine_phdc_transport_parent_class)->finalize (object);
}

static void
cabine_phdc_transport_class_init (CabinePhdcTransportClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cabine_phdc_transport_finalize;
  signals[SIGNAL_APDU] = g_signal_new ("apdu", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                       NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BYTES);
  signals[SIGNAL_REMOVED] = g_signal_new ("removed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                                          G_TYPE_ERROR | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
cabine_phdc_transport_init (CabinePhdcTransport *self)
{
}
