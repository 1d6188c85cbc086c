/* cabine-usb-link.h: asynchronous control, interrupt and bulk transfers on one claimed interface
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the vendor drivers (cabine-usb-driver.h) talk through: libusb's asynchronous API
 * (libusb 1.0 "Asynchronous device I/O"); transfer callbacks run on the device manager's libusb
 * event thread and their results are delivered, always from an idle source, on the thread-default
 * main context of the thread that called cabine_usb_link_open(). Once cabine_usb_link_close() was
 * called no callback runs any more. Device handles are closed on the event thread by
 * cabine_usb_link_close_pending() once their transfers are finished (libusb_close() must not run
 * inside a transfer callback).
 */
#pragma once

#include <gio/gio.h>
#include <libusb.h>

G_BEGIN_DECLS

#define CABINE_USB_LINK_ERROR (cabine_usb_link_error_quark ())

/** CabineUsbLinkError: errors of %CABINE_USB_LINK_ERROR. */
typedef enum {
  CABINE_USB_LINK_ERROR_USB,       /* a libusb call or transfer failed (the message says which) */
  CABINE_USB_LINK_ERROR_REMOVED,   /* LIBUSB_ERROR_NO_DEVICE / LIBUSB_TRANSFER_NO_DEVICE */
  CABINE_USB_LINK_ERROR_TIMEOUT,   /* the transfer's timeout expired (LIBUSB_TRANSFER_TIMED_OUT) */
  CABINE_USB_LINK_ERROR_STALL,     /* the endpoint stalled (LIBUSB_TRANSFER_STALL) */
  CABINE_USB_LINK_ERROR_CANCELLED, /* cancelled by someone else than cabine_usb_link_close() */
} CabineUsbLinkError;

GQuark cabine_usb_link_error_quark (void);

#define CABINE_TYPE_USB_LINK (cabine_usb_link_get_type ())
G_DECLARE_FINAL_TYPE (CabineUsbLink, cabine_usb_link, CABINE, USB_LINK, GObject)

/**
 * CabineUsbLinkCallback:
 * @data: (nullable): the bytes received (IN transfers, possibly fewer than asked), an empty
 *   GBytes for a successful OUT transfer, %NULL on error (transfer none)
 * @error: (nullable): a %CABINE_USB_LINK_ERROR
 */
typedef void (*CabineUsbLinkCallback) (CabineUsbLink *link, GBytes *data, const GError *error,
                                       gpointer user_data);

/**
 * cabine_usb_link_open:
 * @device: a libusb device (a reference is taken)
 * @interface: the interface number to claim (a kernel driver bound to it is detached while the
 *   link is open: libusb_set_auto_detach_kernel_driver())
 * @error: %CABINE_USB_LINK_ERROR_REMOVED or _USB
 *
 * Returns: (transfer full): an open link, or %NULL.
 */
CabineUsbLink *cabine_usb_link_open (libusb_device *device, int interface, GError **error);

/**
 * cabine_usb_link_control:
 * @request_type: bmRequestType (USB 2.0 9.3); bit 7 set means IN
 * @data: (array length=length) (nullable): the OUT data stage (copied); ignored for IN
 * @length: wLength: bytes sent (OUT) or asked for (IN), 0..4096
 * @timeout_ms: 0 = none
 *
 * Queues a control transfer; @callback runs later (never before this returns).
 */
void cabine_usb_link_control (CabineUsbLink *self, guint8 request_type, guint8 request,
                              guint16 value, guint16 index, const guint8 *data, guint16 length,
                              guint timeout_ms, CabineUsbLinkCallback callback, gpointer user_data);

/**
 * cabine_usb_link_transfer:
 * @endpoint: the endpoint address (bit 7 set: IN)
 * @type: LIBUSB_TRANSFER_TYPE_INTERRUPT or LIBUSB_TRANSFER_TYPE_BULK
 * @data: (array length=length) (nullable): bytes to send (OUT, copied); ignored for IN
 * @length: bytes sent (OUT) or the buffer size (IN), 1..65536
 * @timeout_ms: 0 = none
 */
void cabine_usb_link_transfer (CabineUsbLink *self, guint8 endpoint, guint8 type,
                               const guint8 *data, gsize length, guint timeout_ms,
                               CabineUsbLinkCallback callback, gpointer user_data);

/** cabine_usb_link_close: cancel every transfer; no callback runs after this. Idempotent. */
void cabine_usb_link_close (CabineUsbLink *self);

/** cabine_usb_link_close_pending: on the libusb event thread, between event-handling rounds:
 * release and close the handles of closed links whose transfers are done. */
void cabine_usb_link_close_pending (void);

/** cabine_usb_link_count_open_handles: handles of all links not yet closed by
 * cabine_usb_link_close_pending(). */
guint cabine_usb_link_count_open_handles (void);

G_END_DECLS
