/* cabine-camera-monitor.h: the cabin's cameras (room, otoscope, dermatoscope) found with GstDeviceMonitor
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Watches the `Video/Source` devices that GStreamer's device providers announce (v4l2's, fed by
 * udev, on a kiosk) and gives each the role its rule in the kiosk configuration names
 * (`[cameras]`, app/kiosk/cabine-config.h). A rule is one of:
 *   - `VVVV:PPPP`, a USB vendor and product id in hexadecimal (USB 2.0 §9.6.1 idVendor,
 *     idProduct), matched against the device's `device.vendor.id` / `device.product.id`
 *     properties, which gst-plugins-good's v4l2 device provider copies from udev's ID_VENDOR_ID /
 *     ID_MODEL_ID (sys/v4l2/gstv4l2deviceprovider.c; a "0x" prefix, as PipeWire's provider
 *     writes them, is accepted) — only when `device.bus` is absent or "usb";
 *   - `name:TEXT`, a case-insensitive substring of the device's display name or of its
 *     `device.product.name` property.
 * VID:PID rules win over name rules; among rules of one kind the role order is room, otoscope,
 * dermatoscope. When two present devices match one role the first one announced keeps it (a
 * warning names the other), and the other takes the role over if the first goes away.
 *
 * With the environment variable CABINE_SIM_CAMERAS set, cabine_camera_monitor_start() first
 * registers the simulated provider (cabine-camera-sim-provider.h) so that demos and tests run
 * the same code without cameras.
 */
#pragma once

#include <gio/gio.h>
#include <gst/gst.h>

G_BEGIN_DECLS

/**
 * CabineCameraRole:
 * @CABINE_CAMERA_ROLE_ROOM: the patient-facing room camera
 * @CABINE_CAMERA_ROLE_OTOSCOPE: the otoscope (exam camera)
 * @CABINE_CAMERA_ROLE_DERMATOSCOPE: the dermatoscope (exam camera)
 *
 * The names (cabine_camera_role_to_string()) are the video sources of data/protocol.md
 * (`source-switch`) and the keys of the `[cameras]` configuration group.
 */
typedef enum {
  CABINE_CAMERA_ROLE_ROOM,
  CABINE_CAMERA_ROLE_OTOSCOPE,
  CABINE_CAMERA_ROLE_DERMATOSCOPE,
  CABINE_CAMERA_N_ROLES,
} CabineCameraRole;

#define CABINE_CAMERA_MONITOR_ERROR (cabine_camera_monitor_error_quark ())

/**
 * CabineCameraMonitorError:
 * @CABINE_CAMERA_MONITOR_ERROR_INVALID_RULE: a rule is neither `VVVV:PPPP` nor `name:TEXT`, or a
 *   role name is unknown
 * @CABINE_CAMERA_MONITOR_ERROR_CONFLICT: two roles were given the same rule
 * @CABINE_CAMERA_MONITOR_ERROR_NO_PROVIDER: no GStreamer device provider can list video sources
 */
typedef enum {
  CABINE_CAMERA_MONITOR_ERROR_INVALID_RULE,
  CABINE_CAMERA_MONITOR_ERROR_CONFLICT,
  CABINE_CAMERA_MONITOR_ERROR_NO_PROVIDER,
} CabineCameraMonitorError;

GQuark cabine_camera_monitor_error_quark (void);

/**
 * cabine_camera_role_to_string:
 * @role: a role below %CABINE_CAMERA_N_ROLES
 *
 * Returns: (transfer none): "room", "otoscope" or "dermatoscope"
 */
const char *cabine_camera_role_to_string (CabineCameraRole role);

/**
 * cabine_camera_role_from_string:
 * @name: (nullable): a role name
 * @role: (out) (optional): the role
 *
 * Returns: whether @name is one of the role names (case-sensitive)
 */
gboolean    cabine_camera_role_from_string (const char       *name,
                                            CabineCameraRole *role);

/**
 * cabine_camera_rule_check:
 * @rule: (nullable): a rule, as in the header comment
 * @error: %CABINE_CAMERA_MONITOR_ERROR_INVALID_RULE with the reason
 *
 * Returns: whether @rule is well formed
 */
gboolean    cabine_camera_rule_check       (const char  *rule,
                                            GError     **error);

#define CABINE_TYPE_CAMERA_MONITOR (cabine_camera_monitor_get_type ())
G_DECLARE_FINAL_TYPE (CabineCameraMonitor, cabine_camera_monitor, CABINE, CAMERA_MONITOR, GObject)

/**
 * cabine_camera_monitor_new:
 *
 * Creates a monitor with no rule. Signals are emitted in the thread-default main context of the
 * thread that calls cabine_camera_monitor_start():
 * - `camera-added (guint role, GstDevice *device)`: @device now has @role (a #CabineCameraRole);
 * - `camera-removed (guint role, GstDevice *device)`: @device, which had @role, went away (a
 *   `camera-added` for the same role may follow at once when another device matches it).
 * @device is borrowed.
 *
 * Returns: (transfer full): a new monitor
 */
CabineCameraMonitor *cabine_camera_monitor_new        (void);

/**
 * cabine_camera_monitor_set_rule:
 * @self: a monitor, not started
 * @role: the role the rule assigns
 * @rule: (nullable): a rule (see cabine_camera_rule_check()), %NULL to remove it
 * @error: %CABINE_CAMERA_MONITOR_ERROR_INVALID_RULE, or %CABINE_CAMERA_MONITOR_ERROR_CONFLICT when
 *   another role has the same rule (compared case-insensitively)
 *
 * Returns: whether the rule was set
 */
gboolean    cabine_camera_monitor_set_rule    (CabineCameraMonitor  *self,
                                               CabineCameraRole      role,
                                               const char           *rule,
                                               GError              **error);

/**
 * cabine_camera_monitor_has_rule:
 * @self: a monitor
 * @role: a role
 *
 * Returns: whether @role has a rule (a configured camera, present or not)
 */
gboolean    cabine_camera_monitor_has_rule    (CabineCameraMonitor  *self,
                                               CabineCameraRole      role);

/**
 * cabine_camera_monitor_start:
 * @self: a monitor
 * @error: %CABINE_CAMERA_MONITOR_ERROR_NO_PROVIDER; or, with CABINE_SIM_CAMERAS set, the errors
 *   of cabine_camera_sim_provider_register()
 *
 * Starts watching; the devices already present are assigned (and `camera-added` emitted) before
 * it returns. Starting a started monitor does nothing.
 *
 * Returns: whether the monitor runs
 */
gboolean    cabine_camera_monitor_start       (CabineCameraMonitor  *self,
                                               GError              **error);

/**
 * cabine_camera_monitor_stop:
 * @self: a monitor
 *
 * Stops watching and forgets the devices, without emitting `camera-removed`.
 */
void        cabine_camera_monitor_stop        (CabineCameraMonitor  *self);

/**
 * cabine_camera_monitor_get_device:
 * @self: a monitor
 * @role: a role
 *
 * Returns: (transfer none) (nullable): the device that has @role now
 */
GstDevice  *cabine_camera_monitor_get_device  (CabineCameraMonitor  *self,
                                               CabineCameraRole      role);

/**
 * cabine_camera_monitor_get_sysfs_path:
 * @device: a device from this monitor
 *
 * Returns: (transfer full) (nullable): the device's `sysfs.path` property (set by v4l2's
 *   provider from udev, e.g. "/sys/devices/pci0000:00/…/1-1:1.0/video4linux/video0"), else its
 *   `device.sysfs.path` (PipeWire's provider), or %NULL
 */
char       *cabine_camera_monitor_get_sysfs_path (GstDevice *device);

G_END_DECLS
