/* cabine-device-manager.h: the kiosk's entry point to USB instruments
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Finds IEEE 11073-20601 agents on USB PHDC interfaces (see cabine-phdc-transport.h), runs one
 * manager session per agent (cabine-11073-manager.h) and reports readings. libusb events are
 * handled by one dedicated thread; all signals are emitted on the thread-default main context of
 * the thread that called cabine_device_manager_start().
 */
#pragma once

#include <glib-object.h>
#include "cabine-measurement.h"

G_BEGIN_DECLS

#define CABINE_DEVICE_ERROR (cabine_device_error_quark ())

/** CabineDeviceError: errors of %CABINE_DEVICE_ERROR. */
typedef enum {
  CABINE_DEVICE_ERROR_USB_INIT,  /* libusb_init() failed */
  CABINE_DEVICE_ERROR_STARTED,   /* start() on a running manager */
} CabineDeviceError;

GQuark cabine_device_error_quark (void);

#define CABINE_TYPE_DEVICE_MANAGER (cabine_device_manager_get_type ())
G_DECLARE_FINAL_TYPE (CabineDeviceManager, cabine_device_manager, CABINE, DEVICE_MANAGER, GObject)

/**
 * cabine_device_manager_new:
 *
 * Signals:
 * - ::device-added (const char *id, const char *description): an instrument was opened; @id is
 *   stable while it stays plugged ("usb-BBB-DDD", bus and address), @description is English,
 *   e.g. "IEEE 11073 thermometer (USB 1234:5678)".
 * - ::device-removed (const char *id): unplugged or its link died; any reading not complete
 *   before that is dropped.
 * - ::measurement (CabineMeasurement *m): a complete, decoded reading.
 * - ::device-error (const char *id, const GError *error): a protocol failure (the association was
 *   aborted; the device stays listed, the agent may associate again) or an open failure; for a
 *   vendor-driver device (cabine-usb-driver.h) a failed session (timeout, protocol; the reading
 *   in progress is dropped).
 * - ::waveform (const char *id, const char *name, double value): a live sample for plotting,
 *   e.g. "pleth" (0..127) from a CMS50 oximeter at 60 samples/s.
 *
 * Devices whose VID:PID a vendor driver's table names (cabine-vendor-drivers.h) are handed to
 * that driver, with the session response timeout as its exchange timeout; every other device is
 * probed for a USB PHDC interface.
 *
 * Returns: (transfer full): a stopped manager.
 */
CabineDeviceManager *cabine_device_manager_new (void);

/**
 * cabine_device_manager_start:
 * @error: %CABINE_DEVICE_ERROR_USB_INIT, %CABINE_DEVICE_ERROR_STARTED
 *
 * Initialises libusb, starts the event thread, registers a hotplug callback when
 * libusb_has_capability(LIBUSB_CAP_HAS_HOTPLUG) (else rescans every 2 s), and scans the devices
 * present now; device-added for those is emitted from the main loop, after start() returns.
 *
 * Returns: %TRUE on success.
 */
gboolean cabine_device_manager_start (CabineDeviceManager *self, GError **error);

/** cabine_device_manager_stop: release every device (RLRQ is not awaited), stop the thread and
 * exit libusb. No signal is emitted after it returns. Safe to call when stopped. */
void cabine_device_manager_stop (CabineDeviceManager *self);

/** cabine_device_manager_list_devices: (transfer full) ids of the open devices, NULL-terminated. */
char **cabine_device_manager_list_devices (CabineDeviceManager *self);

/**
 * cabine_device_manager_set_session_timeouts:
 * Timeouts given to each new session (see cabine_agent_session_set_timeouts()); for tests.
 */
void cabine_device_manager_set_session_timeouts (CabineDeviceManager *self, guint association_ms,
                                                 guint config_ms, guint response_ms);

G_END_DECLS
