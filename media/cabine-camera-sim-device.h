/* cabine-camera-sim-device.h: one simulated exam camera (a GstDevice whose element is videotestsrc)
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Announced by the simulated provider (cabine-camera-sim-provider.h) for demos and tests. Its
 * class is "Video/Source" and its properties are shaped like those of gst-plugins-good's v4l2
 * device provider (sys/v4l2/gstv4l2deviceprovider.c): `device.bus` "usb", `device.vendor.id` and
 * `device.product.id` as 4 lowercase hexadecimal digits (udev's ID_VENDOR_ID / ID_MODEL_ID),
 * `device.product.name`, `device.serial`, plus `device.api` "cabine-sim". Its element is a live
 * videotestsrc at the camera's native format, CABINE_CAMERA_SIM_WIDTH × CABINE_CAMERA_SIM_HEIGHT
 * at CABINE_CAMERA_SIM_FPS, larger than the call's 1280×720 so that stills show the native size:
 * raw I420, or Motion-JPEG (jpegenc) as most USB Video Class cameras deliver their largest sizes.
 */
#pragma once

#include <gst/gst.h>

G_BEGIN_DECLS

/** Native capture format of the simulated cameras: 1920×1080 at 15 frames per second (a rate
 * that keeps two simulated 1080p cameras cheap on a 2-core kiosk). */
#define CABINE_CAMERA_SIM_WIDTH 1920
#define CABINE_CAMERA_SIM_HEIGHT 1080
#define CABINE_CAMERA_SIM_FPS 15

#define CABINE_TYPE_CAMERA_SIM_DEVICE (cabine_camera_sim_device_get_type ())
G_DECLARE_FINAL_TYPE (CabineCameraSimDevice, cabine_camera_sim_device, CABINE, CAMERA_SIM_DEVICE,
                      GstDevice)

/**
 * cabine_camera_sim_device_new:
 * @display_name: e.g. "Cabine simulated otoscope"
 * @vendor_id: USB vendor id
 * @product_id: USB product id
 * @pattern: the videotestsrc pattern nick its element draws (e.g. "pinwheel")
 * @mjpeg: %TRUE: its only format is Motion-JPEG (`image/jpeg`); %FALSE: raw I420
 *
 * Returns: (transfer floating): a new device
 */
GstDevice *cabine_camera_sim_device_new (const char *display_name,
                                         guint16     vendor_id,
                                         guint16     product_id,
                                         const char *pattern,
                                         gboolean    mjpeg);

G_END_DECLS
