/* cabine-cms50-driver.h: Contec CMS50D+-class pulse oximeters behind a CP210x USB-UART bridge
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Enables the bridge's UART with the AN571 vendor requests (IFC_ENABLE, SET_BAUDRATE,
 * SET_LINE_CTL 8O1; see cabine-cms50-proto.h for the constants and sources), then reads the live
 * 5-byte frames on bulk IN 0x81. Every frame's plethysmogram sample is emitted as
 * ::waveform ("pleth", 0..127). When "stable-frames" consecutive frames carry a reading (finger
 * in, not searching, values present) with the same SpO2 and pulse rate, one SpO2 and one pulse
 * rate measurement are emitted together (raw frame: the last frame); the next pair only after the
 * finger left the probe (probe error or searching). No data within the timeout fails the session
 * with %CABINE_USB_LINK_ERROR_TIMEOUT.
 */
#pragma once

#include "cabine-usb-driver.h"

G_BEGIN_DECLS

#define CABINE_CMS50_EP_IN 0x81

/** The driver's VID:PID table. */
extern const CabineUsbDriverInfo cabine_cms50_driver_info;

#define CABINE_TYPE_CMS50_DRIVER (cabine_cms50_driver_get_type ())
G_DECLARE_FINAL_TYPE (CabineCms50Driver, cabine_cms50_driver, CABINE, CMS50_DRIVER,
                      CabineUsbDriver)

/** cabine_cms50_driver_set_baud_rate: 19200 (default, CMS50D+/E live mode) or 115200. */
void cabine_cms50_driver_set_baud_rate (CabineCms50Driver *self, guint baud);
/** cabine_cms50_driver_set_stable_frames: 1..3600, default 120 (2 s at 60 frames/s). */
void cabine_cms50_driver_set_stable_frames (CabineCms50Driver *self, guint frames);
/** cabine_cms50_driver_get_dropped_bytes: bytes discarded while resynchronising. */
guint64 cabine_cms50_driver_get_dropped_bytes (CabineCms50Driver *self);

G_END_DECLS
