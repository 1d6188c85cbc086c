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

#include <gio/gio.h>
#include "cabine-measurement.h"

G_BEGIN_DECLS

#define CABINE_DEVICE_ERROR (cabine_device_error_quark ())

/** CabineDeviceError: errors of %CABINE_DEVICE_ERROR. */
typedef enum {
  CABINE_DEVICE_ERROR_USB_INIT,  /* libusb_init() failed */
  CABINE_DEVICE_ERROR_STARTED,   /* start() on a running manager */
  CABINE_DEVICE_ERROR_NOT_FOUND, /* self_test(): no open device has that id, or it went away */
  CABINE_DEVICE_ERROR_UNSUPPORTED, /* self_test(): a vendor-protocol device (no MDS to GET) */
  CABINE_DEVICE_ERROR_BUSY,      /* self_test(): one is already running for that device */
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
 * cabine_device_manager_get_instrument:
 * @id: a device id from ::device-added
 *
 * What kind of instrument the open device @id is, in English: "thermometer", "blood pressure
 * monitor", "pulse oximeter", "weighing scale" (IEEE 11073-20601 Annex G / 10101
 * MDC_DEV_SPEC_PROFILE_* of a PHDC agent, the vendor driver's CabineUsbDriverInfo.instrument
 * otherwise), or "agent" for a PHDC agent of another specialization.
 *
 * Returns: (transfer none) (nullable): a static string, %NULL when @id is not open (never added,
 *   or already removed).
 */
const char *cabine_device_manager_get_instrument (CabineDeviceManager *self, const char *id);

/**
 * CabineDeviceSelfTest:
 * @manufacturer, @model: from the MDS's System-Model attribute (20601 A.11.2, MDC_ATTR_ID_MODEL)
 * @serial, @firmware: from its Production-Specification (MDC_ATTR_ID_PROD_SPECN, spec-type 1
 *   serial-number and 5 fw-revision); each nullable when the agent did not send it
 * @round_trip_ms: from sending the GET to decoding its answer, in milliseconds
 */
typedef struct {
  char *manufacturer;
  char *model;
  char *serial;
  char *firmware;
  double round_trip_ms;
} CabineDeviceSelfTest;

void cabine_device_self_test_free (CabineDeviceSelfTest *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CabineDeviceSelfTest, cabine_device_self_test_free)

/**
 * cabine_device_manager_self_test:
 * @id: a device id from ::device-added
 * @cancellable: (nullable): only stops the callback from waiting; the GET is not withdrawn
 *
 * Exercises an IEEE 11073 agent: a roiv-cmip-get of all MDS attributes (20601 8.5.2), answered
 * within the session response timeout. The callback runs on the manager's main context.
 */
void cabine_device_manager_self_test (CabineDeviceManager *self, const char *id,
                                      GCancellable *cancellable, GAsyncReadyCallback callback,
                                      gpointer user_data);

/**
 * cabine_device_manager_self_test_finish:
 * @error: %CABINE_DEVICE_ERROR_NOT_FOUND, %CABINE_DEVICE_ERROR_UNSUPPORTED,
 *   %CABINE_DEVICE_ERROR_BUSY, %CABINE_AGENT_SESSION_ERROR_NOT_READY (not associated yet),
 *   %CABINE_AGENT_SESSION_ERROR_REFUSED (the agent refused the GET), an ::aborted error
 *   (%CABINE_AGENT_SESSION_ERROR_TIMEOUT: no answer in time; the association was aborted), or
 *   %G_IO_ERROR_CANCELLED
 *
 * Returns: (transfer full) (nullable): what the agent reported.
 */
CabineDeviceSelfTest *cabine_device_manager_self_test_finish (CabineDeviceManager *self,
                                                              GAsyncResult *result, GError **error);

/**
 * cabine_device_manager_get_last_measurement:
 * Returns: (transfer none) (nullable): the last complete reading of device @id (its provenance
 *   included, see cabine-measurement.h), %NULL when none arrived or no such device is open.
 */
CabineMeasurement *cabine_device_manager_get_last_measurement (CabineDeviceManager *self,
                                                               const char *id);

/**
 * cabine_device_manager_set_state_dir:
 * @dir: (nullable): where accepted IEEE 11073 extended configurations are kept across runs, one
 *   file per agent system-id (format and corrupt-file handling: cabine-11073-config-store.h);
 *   %NULL (the default) keeps them in memory only
 *
 * Applies to the agent sessions created afterwards; call it before cabine_device_manager_start().
 */
void cabine_device_manager_set_state_dir (CabineDeviceManager *self, const char *dir);

/** cabine_device_manager_get_state_dir: (nullable) (transfer none) see above. */
const char *cabine_device_manager_get_state_dir (CabineDeviceManager *self);

/**
 * cabine_device_manager_set_session_timeouts:
 * Timeouts given to each new session (see cabine_agent_session_set_timeouts()); for tests.
 */
void cabine_device_manager_set_session_timeouts (CabineDeviceManager *self, guint association_ms,
                                                 guint config_ms, guint response_ms);

G_END_DECLS
