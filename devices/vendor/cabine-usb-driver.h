/* cabine-usb-driver.h: the vendor-protocol driver interface the device manager dispatches to
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A vendor driver speaks one documented, non-IEEE-11073 protocol to the USB devices listed in its
 * CabineUsbDriverInfo (VID:PID table; the udev rules are generated from these tables, see
 * cabine-vendor-drivers.h). The manager looks a device up by VID:PID, creates the driver's type
 * with the "device" property and calls cabine_usb_driver_start(). Signals are emitted on the
 * thread-default main context of the thread that called start().
 */
#pragma once

#include <glib-object.h>
#include <libusb.h>

#include "cabine-measurement.h"
#include "cabine-usb-link.h"

G_BEGIN_DECLS

#define CABINE_USB_DRIVER_ERROR (cabine_usb_driver_error_quark ())

/** CabineUsbDriverError: errors of %CABINE_USB_DRIVER_ERROR (the message names the step). */
typedef enum {
  CABINE_USB_DRIVER_ERROR_PROTOCOL,  /* the device's answer broke its protocol */
  CABINE_USB_DRIVER_ERROR_NO_READING, /* the session ended without any reading to give */
} CabineUsbDriverError;

GQuark cabine_usb_driver_error_quark (void);

/** CabineUsbId: one supported device; @model is English, for descriptions. */
typedef struct {
  guint16 vid, pid;
  const char *model;
} CabineUsbId;

/** CabineUsbDriverInfo: a driver's static description (its table). */
typedef struct {
  const char *name;         /* provenance "driver", e.g. "omron-hem790it" */
  const char *transport;    /* provenance "transport", e.g. "usb-hid" */
  const char *instrument;   /* English, e.g. "blood pressure monitor" */
  const CabineUsbId *ids;
  guint n_ids;
  GType (*get_type) (void);
} CabineUsbDriverInfo;

#define CABINE_TYPE_USB_DRIVER (cabine_usb_driver_get_type ())
G_DECLARE_DERIVABLE_TYPE (CabineUsbDriver, cabine_usb_driver, CABINE, USB_DRIVER, GObject)

/**
 * CabineUsbDriverClass:
 * @info: the subclass's table (set in class_init)
 * @interface: the USB interface number to claim
 * @begin: start talking on the open link (cabine_usb_driver_get_link()); errors later go
 *   through cabine_usb_driver_fail()
 */
struct _CabineUsbDriverClass
{
  GObjectClass parent_class;

  const CabineUsbDriverInfo *info;
  int interface;
  void (*begin) (CabineUsbDriver *self);

  gpointer padding[8];
};

/*
 * Signals:
 * - ::measurement (CabineMeasurement *m): a complete reading, provenance set (driver, transport,
 *   VID:PID, model). A reading cut by an error or an unplug is never emitted.
 * - ::waveform (const char *name, double value): a live sample for plotting, e.g. "pleth"
 *   (0..127, arbitrary units, 60 samples/s for the CMS50).
 * - ::failed (const GError *error): the session ended on an error (timeout, protocol); the link
 *   is closed; the device may still be plugged.
 * - ::removed (const GError *error): the device went away (%CABINE_USB_LINK_ERROR_REMOVED).
 * - ::finished: the session ended normally (e.g. the monitor's END/OFF); the link is closed.
 */

/**
 * cabine_usb_driver_start:
 * Opens the link (claims the class's interface) and begins.
 * @error: a %CABINE_USB_LINK_ERROR from cabine_usb_link_open()
 */
gboolean cabine_usb_driver_start (CabineUsbDriver *self, GError **error);

/** cabine_usb_driver_stop: close the link (transfers cancelled); no signal afterwards. Any
 * reading in progress is dropped. */
void cabine_usb_driver_stop (CabineUsbDriver *self);

const CabineUsbDriverInfo *cabine_usb_driver_get_info (CabineUsbDriver *self);
/** cabine_usb_driver_set_timeout / _get_timeout: the per-exchange timeout in ms given to the
 * device's answers (property "timeout-ms", default 3000, 50..600000). */
void cabine_usb_driver_set_timeout (CabineUsbDriver *self, guint timeout_ms);
guint cabine_usb_driver_get_timeout (CabineUsbDriver *self);
guint16 cabine_usb_driver_get_vid (CabineUsbDriver *self);
guint16 cabine_usb_driver_get_pid (CabineUsbDriver *self);
/** cabine_usb_driver_get_model: (transfer none) the table's model for this VID:PID. */
const char *cabine_usb_driver_get_model (CabineUsbDriver *self);

/* For subclasses. */
/** (transfer none) (nullable): the open link, %NULL once stopped or failed. */
CabineUsbLink *cabine_usb_driver_get_link (CabineUsbDriver *self);
/** cabine_usb_driver_emit_measurement: set the provenance of @m and emit ::measurement. */
void cabine_usb_driver_emit_measurement (CabineUsbDriver *self, CabineMeasurement *m);
void cabine_usb_driver_emit_waveform (CabineUsbDriver *self, const char *name, double value);
/** cabine_usb_driver_fail: close the link, then emit ::removed for
 * %CABINE_USB_LINK_ERROR_REMOVED, else ::failed. Only the first call has an effect. */
void cabine_usb_driver_fail (CabineUsbDriver *self, const GError *error);
/** cabine_usb_driver_finish: close the link and emit ::finished. */
void cabine_usb_driver_finish (CabineUsbDriver *self);

G_END_DECLS
