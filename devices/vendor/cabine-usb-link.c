/* cabine-usb-link.c: asynchronous transfers on one claimed USB interface
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "cabine-usb-link"

#include "cabine-usb-link.h"

#include <string.h>

G_DEFINE_QUARK (cabine-usb-link-error-quark, cabine_usb_link_error)

static gint open_handles;

typedef struct {
  libusb_device_handle *handle;
  int interface;
} PendingClose;

static GMutex pending_lock;
static GArray *pending_close;

/* Shared with the event thread; mutable fields under @lock. */
typedef struct {
  gatomicrefcount ref;
  GMutex lock;
  libusb_device_handle *handle;
  int interface;
  GPtrArray *inflight;     /* struct libusb_transfer * */
  gboolean closing;
  GMainContext *context;
  GWeakRef owner;
} LinkIo;

struct _CabineUsbLink
{
  GObject parent_instance;

  LinkIo *io;
};

G_DEFINE_FINAL_TYPE (CabineUsbLink, cabine_usb_link, G_TYPE_OBJECT)

typedef struct {
  LinkIo *io;
  CabineUsbLinkCallback callback;
  gpointer user_data;
  gboolean control;
  GBytes *data;
  GError *error;
} Op;

static LinkIo *
io_ref (LinkIo *io)
{
  g_atomic_ref_count_inc (&io->ref);
  return io;
}

static void
io_unref (LinkIo *io)
{
  if (!g_atomic_ref_count_dec (&io->ref))
    return;
  g_ptr_array_unref (io->inflight);
  g_main_context_unref (io->context);
  g_weak_ref_clear (&io->owner);
  g_mutex_clear (&io->lock);
  g_free (io);
}

static void
io_maybe_close_locked (LinkIo *io)
{
  PendingClose pc;

  if (!io->closing || io->inflight->len > 0 || io->handle == NULL)
    return;
  pc.handle = io->handle;
  pc.interface = io->interface;
  g_mutex_lock (&pending_lock);
  if (pending_close == NULL)
    pending_close = g_array_new (FALSE, FALSE, sizeof (PendingClose));
  g_array_append_val (pending_close, pc);
  g_mutex_unlock (&pending_lock);
  io->handle = NULL;
}

static void
op_free (gpointer data)
{
  Op *op = data;

  io_unref (op->io);
  g_clear_pointer (&op->data, g_bytes_unref);
  g_clear_error (&op->error);
  g_free (op);
}

static gboolean
op_dispatch (gpointer data)
{
  Op *op = data;
  g_autoptr(CabineUsbLink) self = g_weak_ref_get (&op->io->owner);
  gboolean closing;

  g_mutex_lock (&op->io->lock);
  closing = op->io->closing;
  g_mutex_unlock (&op->io->lock);
  if (self == NULL || closing)
    return G_SOURCE_REMOVE;
  op->callback (self, op->data, op->error, op->user_data);
  return G_SOURCE_REMOVE;
}

static void
op_post (Op *op)
{
  GSource *source = g_idle_source_new ();

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, op_dispatch, op, op_free);
  g_source_attach (source, op->io->context);
  g_source_unref (source);
}

static GError *
status_error (enum libusb_transfer_status status)
{
  switch (status)
    {
    case LIBUSB_TRANSFER_NO_DEVICE:
      return g_error_new (CABINE_USB_LINK_ERROR, CABINE_USB_LINK_ERROR_REMOVED,
                          "the device was unplugged");
    case LIBUSB_TRANSFER_TIMED_OUT:
      return g_error_new (CABINE_USB_LINK_ERROR, CABINE_USB_LINK_ERROR_TIMEOUT,
                          "the device did not answer in time");
    case LIBUSB_TRANSFER_STALL:
      return g_error_new (CABINE_USB_LINK_ERROR, CABINE_USB_LINK_ERROR_STALL,
                          "the device stalled the request");
    case LIBUSB_TRANSFER_CANCELLED:
      return g_error_new (CABINE_USB_LINK_ERROR, CABINE_USB_LINK_ERROR_CANCELLED,
                          "the transfer was cancelled");
    case LIBUSB_TRANSFER_OVERFLOW:
      return g_error_new (CABINE_USB_LINK_ERROR, CABINE_USB_LINK_ERROR_USB,
                          "the device sent more than asked (overflow)");
    case LIBUSB_TRANSFER_COMPLETED:
    case LIBUSB_TRANSFER_ERROR:
    default:
      return g_error_new (CABINE_USB_LINK_ERROR, CABINE_USB_LINK_ERROR_USB,
                          "the transfer failed");
    }
}

/* libusb event thread */
static void LIBUSB_CALL
transfer_done (struct libusb_transfer *transfer)
{
  Op *op = transfer->user_data;
  LinkIo *io = op->io;

  if (transfer->status == LIBUSB_TRANSFER_COMPLETED)
    {
      if (op->control)
        {
          gboolean in = (transfer->buffer[0] & 0x80) != 0;
          op->data = g_bytes_new (in ? libusb_control_transfer_get_data (transfer) : NULL,
                                  in ? (gsize) transfer->actual_length : 0);
        }
      else
        op->data = g_bytes_new ((transfer->endpoint & 0x80) ? transfer->buffer : NULL,
                                (transfer->endpoint & 0x80) ? (gsize) transfer->actual_length : 0);
    }
  else
    op->error = status_error (transfer->status);

  g_mutex_lock (&io->lock);
  g_ptr_array_remove_fast (io->inflight, transfer);
  io_maybe_close_locked (io);
  g_mutex_unlock (&io->lock);
  libusb_free_transfer (transfer);  /* LIBUSB_TRANSFER_FREE_BUFFER */
  op_post (op);
}

static void
submit (CabineUsbLink *self, struct libusb_transfer *transfer, Op *op)
{
  LinkIo *io = self->io;
  int r = LIBUSB_ERROR_NO_DEVICE;

  g_mutex_lock (&io->lock);
  if (!io->closing && io->handle != NULL)
    {
      transfer->dev_handle = io->handle;
      r = libusb_submit_transfer (transfer);
      if (r == 0)
        g_ptr_array_add (io->inflight, transfer);
    }
  g_mutex_unlock (&io->lock);
  if (r != 0)
    {
      op->error = g_error_new (CABINE_USB_LINK_ERROR,
                               r == LIBUSB_ERROR_NO_DEVICE ? CABINE_USB_LINK_ERROR_REMOVED
                                                           : CABINE_USB_LINK_ERROR_USB,
                               "submitting a transfer: %s", libusb_strerror (r));
      libusb_free_transfer (transfer);
      op_post (op);
    }
}

static Op *
op_new (CabineUsbLink *self, CabineUsbLinkCallback callback, gpointer user_data, gboolean control)
{
  Op *op = g_new0 (Op, 1);

  op->io = io_ref (self->io);
  op->callback = callback;
  op->user_data = user_data;
  op->control = control;
  return op;
}

void
cabine_usb_link_control (CabineUsbLink *self, guint8 request_type, guint8 request, guint16 value,
                         guint16 index, const guint8 *data, guint16 length, guint timeout_ms,
                         CabineUsbLinkCallback callback, gpointer user_data)
{
  struct libusb_transfer *transfer;
  guint8 *buffer;
  Op *op;

  g_return_if_fail (CABINE_IS_USB_LINK (self) && callback != NULL && length <= 4096);
  op = op_new (self, callback, user_data, TRUE);
  buffer = g_malloc0 (LIBUSB_CONTROL_SETUP_SIZE + length);
  libusb_fill_control_setup (buffer, request_type, request, value, index, length);
  if (!(request_type & 0x80) && data != NULL && length > 0)
    memcpy (buffer + LIBUSB_CONTROL_SETUP_SIZE, data, length);
  transfer = libusb_alloc_transfer (0);
  libusb_fill_control_transfer (transfer, NULL, buffer, transfer_done, op, timeout_ms);
  transfer->flags = LIBUSB_TRANSFER_FREE_BUFFER;
  submit (self, transfer, op);
}

void
cabine_usb_link_transfer (CabineUsbLink *self, guint8 endpoint, guint8 type, const guint8 *data,
                          gsize length, guint timeout_ms, CabineUsbLinkCallback callback,
                          gpointer user_data)
{
  struct libusb_transfer *transfer;
  guint8 *buffer;
  Op *op;

  g_return_if_fail (CABINE_IS_USB_LINK (self) && callback != NULL);
  g_return_if_fail (length >= 1 && length <= 65536);
  g_return_if_fail (type == LIBUSB_TRANSFER_TYPE_INTERRUPT || type == LIBUSB_TRANSFER_TYPE_BULK);
  op = op_new (self, callback, user_data, FALSE);
  buffer = g_malloc0 (length);
  if (!(endpoint & 0x80) && data != NULL)
    memcpy (buffer, data, length);
  transfer = libusb_alloc_transfer (0);
  if (type == LIBUSB_TRANSFER_TYPE_INTERRUPT)
    libusb_fill_interrupt_transfer (transfer, NULL, endpoint, buffer, (int) length, transfer_done,
                                    op, timeout_ms);
  else
    libusb_fill_bulk_transfer (transfer, NULL, endpoint, buffer, (int) length, transfer_done, op,
                               timeout_ms);
  transfer->flags = LIBUSB_TRANSFER_FREE_BUFFER;
  submit (self, transfer, op);
}

CabineUsbLink *
cabine_usb_link_open (libusb_device *device, int interface, GError **error)
{
  g_autoptr(CabineUsbLink) self = NULL;
  libusb_device_handle *handle = NULL;
  int r;

  g_return_val_if_fail (device != NULL, NULL);
  r = libusb_open (device, &handle);
  if (r == 0)
    {
      libusb_set_auto_detach_kernel_driver (handle, 1);
      r = libusb_claim_interface (handle, interface);
      if (r != 0)
        libusb_close (handle);
    }
  if (r != 0)
    {
      g_set_error (error, CABINE_USB_LINK_ERROR,
                   r == LIBUSB_ERROR_NO_DEVICE ? CABINE_USB_LINK_ERROR_REMOVED
                                               : CABINE_USB_LINK_ERROR_USB,
                   "opening the device and claiming interface %d: %s", interface,
                   libusb_strerror (r));
      return NULL;
    }
  g_atomic_int_inc (&open_handles);
  self = g_object_new (CABINE_TYPE_USB_LINK, NULL);
  self->io = g_new0 (LinkIo, 1);
  g_atomic_ref_count_init (&self->io->ref);
  g_mutex_init (&self->io->lock);
  self->io->handle = handle;
  self->io->interface = interface;
  self->io->inflight = g_ptr_array_new ();
  self->io->context = g_main_context_ref_thread_default ();
  g_weak_ref_init (&self->io->owner, self);
  return g_steal_pointer (&self);
}

void
cabine_usb_link_close (CabineUsbLink *self)
{
  LinkIo *io;

  g_return_if_fail (CABINE_IS_USB_LINK (self));
  io = self->io;
  if (io == NULL)
    return;
  g_mutex_lock (&io->lock);
  if (!io->closing)
    {
      io->closing = TRUE;
      for (guint i = 0; i < io->inflight->len; i++)
        libusb_cancel_transfer (g_ptr_array_index (io->inflight, i));
      io_maybe_close_locked (io);
    }
  g_mutex_unlock (&io->lock);
}

void
cabine_usb_link_close_pending (void)
{
  g_autoptr(GArray) batch = NULL;

  g_mutex_lock (&pending_lock);
  batch = g_steal_pointer (&pending_close);
  g_mutex_unlock (&pending_lock);
  if (batch == NULL)
    return;
  for (guint i = 0; i < batch->len; i++)
    {
      PendingClose *pc = &g_array_index (batch, PendingClose, i);

      libusb_release_interface (pc->handle, pc->interface);
      libusb_close (pc->handle);
      g_atomic_int_dec_and_test (&open_handles);
    }
}

guint
cabine_usb_link_count_open_handles (void)
{
  return (guint) g_atomic_int_get (&open_handles);
}

static void
cabine_usb_link_dispose (GObject *object)
{
  CabineUsbLink *self = CABINE_USB_LINK (object);

  if (self->io != NULL)
    {
      cabine_usb_link_close (self);
      g_clear_pointer (&self->io, io_unref);
    }
  G_OBJECT_CLASS (cabine_usb_link_parent_class)->dispose (object);
}

static void
cabine_usb_link_class_init (CabineUsbLinkClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = cabine_usb_link_dispose;
}

static void
cabine_usb_link_init (CabineUsbLink *self)
{
}
