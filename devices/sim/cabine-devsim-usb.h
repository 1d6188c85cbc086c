/* cabine-devsim-usb.h: base of the emulated USB instruments (umockdev): vendor protocols, PHDC
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Answers the usbdevfs ioctls libusb issues (linux/usbdevice_fs.h: GET_CAPABILITIES,
 * CLAIMINTERFACE/DISCONNECT_CLAIM, RELEASEINTERFACE, SETINTERFACE, SETCONFIGURATION, CLEAR_HALT,
 * RESET, GETDRIVER, CONNECTINFO, SUBMITURB, REAPURB(NDELAY), DISCARDURB) like the kernel would,
 * for a device described by its subclass (USB 2.0 9.6 descriptors, exposed in the sysfs
 * `descriptors` attribute). Standard control requests are answered here (SET_CONFIGURATION,
 * SET_INTERFACE, CLEAR_FEATURE, GET_STATUS, GET_DESCRIPTOR of the identity strings); the others
 * on endpoint 0 go to the subclass's control(), OUT URBs to out(); IN URBs are filled from chunks
 * the subclass queues with cabine_devsim_usb_push_in() (one chunk per URB, as an interrupt or
 * bulk packet arrives, or a byte stream, see cabine_devsim_usb_set_in_stream()),
 * and poll() runs before each delivery so the subclass can produce data as time passes. All
 * vfuncs run with the instance lock held, on the testbed's worker thread.
 */
#pragma once

#include <umockdev.h>

G_BEGIN_DECLS

#define CABINE_TYPE_DEVSIM_USB (cabine_devsim_usb_get_type ())
G_DECLARE_DERIVABLE_TYPE (CabineDevsimUsb, cabine_devsim_usb, CABINE, DEVSIM_USB,
                          UMockdevIoctlBase)

struct _CabineDevsimUsbClass
{
  UMockdevIoctlBaseClass parent_class;

  /* @setup: the 8 setup bytes; @data: the data stage (OUT: what was sent; IN: to fill, @len
   * bytes at most); returns the data-stage length done (>= 0) or -EPIPE to stall */
  int (*control) (CabineDevsimUsb *self, const guint8 *setup, guint8 *data, gsize len);
  void (*out) (CabineDevsimUsb *self, guint8 endpoint, const guint8 *data, gsize len);
  void (*poll) (CabineDevsimUsb *self, gint64 now_us);
  void (*connected) (CabineDevsimUsb *self, gint64 now_us);  /* interface claimed */
};

/** cabine_devsim_usb_add: add the device to @testbed as bus 1 device @devnum (2..127) with
 * @descriptors (device + configuration, as sysfs gives them) and identity strings. */
char *cabine_devsim_usb_add (CabineDevsimUsb *self, UMockdevTestbed *testbed, guint devnum,
                             const guint8 *descriptors, gsize len, const char *manufacturer,
                             const char *product, const char *serial, GError **error);

/** cabine_devsim_usb_push_in: (lock held, i.e. from a vfunc) queue one IN packet on @endpoint. */
void cabine_devsim_usb_push_in (CabineDevsimUsb *self, guint8 endpoint, const guint8 *data,
                                gsize len);

/** cabine_devsim_usb_set_in_stream: (before add) IN @endpoint (0x81…) carries a byte stream:
 * queued chunks are concatenated and split to fill each URB up to its length, as a bulk pipe
 * delivers an application's bytes (PHDC). */
void cabine_devsim_usb_set_in_stream (CabineDevsimUsb *self, guint8 endpoint);

/** cabine_devsim_usb_unplug: URBs in flight complete with -ESHUTDOWN, later ioctls fail with
 * ENODEV, the device leaves the testbed. Thread-safe. */
void cabine_devsim_usb_unplug (CabineDevsimUsb *self);

/** cabine_devsim_usb_lock / _unlock: for subclasses' thread-safe getters. */
void cabine_devsim_usb_lock (CabineDevsimUsb *self);
void cabine_devsim_usb_unlock (CabineDevsimUsb *self);

G_END_DECLS
