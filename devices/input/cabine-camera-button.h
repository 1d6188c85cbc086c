/* cabine-camera-button.h: the snapshot button of a USB exam camera (evdev KEY_CAMERA)
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * USB otoscopes and dermatoscopes report their capture button as a key on an evdev input device
 * that sits on the same USB device as the camera (uvcvideo registers one under the camera's video
 * interface; others use a separate HID interface). Given the camera's sysfs path (the `sysfs.path`
 * of its GstDevice), cabine_camera_button_new() walks sysfs up to the USB device (the ancestor
 * directory that has `idVendor` and `idProduct` attributes, Linux
 * Documentation/ABI/stable/sysfs-bus-usb), finds the `eventN` devices of /sys/class/input below
 * it whose `capabilities/key` bitmap (Documentation/ABI/testing/sysfs-class-input) has KEY_CAMERA,
 * opens their node /dev/input/eventN (from DEVNAME in their uevent) and reads `struct input_event`
 * records from it (<linux/input.h>; EV_KEY 0x01 and KEY_CAMERA 212 are from
 * <linux/input-event-codes.h>; value 1 is a press, 0 a release, 2 an autorepeat).
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define CABINE_CAMERA_BUTTON_ERROR (cabine_camera_button_error_quark ())

/**
 * CabineCameraButtonError:
 * @CABINE_CAMERA_BUTTON_ERROR_NOT_USB: the camera's sysfs path is not below a USB device
 * @CABINE_CAMERA_BUTTON_ERROR_NO_BUTTON: no input device with KEY_CAMERA sits on that USB device
 * @CABINE_CAMERA_BUTTON_ERROR_OPEN: the input device node cannot be opened (permissions: the
 *   kiosk user must be in the `input` group, packaging/udev)
 */
typedef enum {
  CABINE_CAMERA_BUTTON_ERROR_NOT_USB,
  CABINE_CAMERA_BUTTON_ERROR_NO_BUTTON,
  CABINE_CAMERA_BUTTON_ERROR_OPEN,
} CabineCameraButtonError;

GQuark cabine_camera_button_error_quark (void);

#define CABINE_TYPE_CAMERA_BUTTON (cabine_camera_button_get_type ())
G_DECLARE_FINAL_TYPE (CabineCameraButton, cabine_camera_button, CABINE, CAMERA_BUTTON, GObject)

/**
 * cabine_camera_button_new:
 * @camera_syspath: (type filename): the camera's sysfs path, e.g.
 *   "/sys/devices/pci0000:00/0000:00:14.0/usb1/1-2/1-2:1.0/video4linux/video0"
 * @error: see #CabineCameraButtonError
 *
 * Finds the camera's button and starts reading it in the thread-default main context of the
 * caller, where `pressed ()` is then emitted once per press (not on release or autorepeat). The
 * button stops at the first read error (the device went away) and emits `gone ()`.
 *
 * Returns: (transfer full) (nullable): the button, or %NULL with @error set
 */
CabineCameraButton *cabine_camera_button_new             (const char  *camera_syspath,
                                                          GError     **error);

/**
 * cabine_camera_button_get_device_node:
 * @self: a button
 *
 * Returns: (transfer none) (type filename): the input device read, e.g. "/dev/input/event7"
 */
const char         *cabine_camera_button_get_device_node (CabineCameraButton *self);

G_END_DECLS
