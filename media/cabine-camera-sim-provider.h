/* cabine-camera-sim-provider.h: a GStreamer device provider announcing simulated exam cameras
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For demos and tests without cameras (DESIGN.md, "simulated device"): registered in-process,
 * it announces an otoscope (USB 1d6b:0c01, "Cabine simulated otoscope", raw frames) and a
 * dermatoscope (1d6b:0c02, "Cabine simulated dermatoscope", Motion-JPEG frames), whose devices are
 * cabine-camera-sim-device.h, so
 * that the camera monitor, role rules, call sources and stills run unchanged. 1d6b is the Linux
 * Foundation's vendor id, the one the kiosk's other simulated USB devices use; the product ids
 * are Cabine's own and belong to no real device.
 */
#pragma once

#include <gst/gst.h>

G_BEGIN_DECLS

/** Name of the registered provider factory. */
#define CABINE_CAMERA_SIM_PROVIDER_NAME "cabinesimcameras"
#define CABINE_CAMERA_SIM_VENDOR_ID 0x1d6b
#define CABINE_CAMERA_SIM_OTOSCOPE_PRODUCT_ID 0x0c01
#define CABINE_CAMERA_SIM_DERMATOSCOPE_PRODUCT_ID 0x0c02

#define CABINE_TYPE_CAMERA_SIM_PROVIDER (cabine_camera_sim_provider_get_type ())
G_DECLARE_FINAL_TYPE (CabineCameraSimProvider, cabine_camera_sim_provider, CABINE,
                      CAMERA_SIM_PROVIDER, GstDeviceProvider)

/**
 * cabine_camera_sim_provider_register:
 * @which: which cameras are plugged in at first: "1", "all" or "yes" for both, else a comma
 *   separated list of "otoscope" and "dermatoscope"; "none" for neither
 * @error: %CABINE_CAMERA_MONITOR_ERROR_INVALID_RULE for an unknown name;
 *   %CABINE_CAMERA_MONITOR_ERROR_NO_PROVIDER when GStreamer refuses the registration
 *
 * Registers the provider under %CABINE_CAMERA_SIM_PROVIDER_NAME (once per process; later calls
 * only change which cameras are plugged). Call after gst_init().
 *
 * Returns: whether it is registered
 */
gboolean cabine_camera_sim_provider_register (const char  *which,
                                              GError     **error);

/**
 * cabine_camera_sim_provider_set_plugged:
 * @role: "otoscope" or "dermatoscope"
 * @plugged: whether that camera is connected
 *
 * Simulates plugging or unplugging a camera: a running provider announces the device's arrival or
 * removal (GST_MESSAGE_DEVICE_ADDED / _REMOVED on its bus). Main thread.
 *
 * Returns: %FALSE for an unknown @role
 */
gboolean cabine_camera_sim_provider_set_plugged (const char *role,
                                                 gboolean    plugged);

G_END_DECLS
