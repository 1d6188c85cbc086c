/* cabine-omron-driver.h: Omron HEM-790IT-family blood-pressure monitors over USB HID
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Downloads the stored readings with the report exchange of cabine-omron-proto.h (source cited
 * there). Transport: HID class requests (HID 1.11 7.2.2 SET_REPORT: bmRequestType 0x21,
 * bRequest 0x09, wValue = report type << 8 | id, type 2 output / 3 feature, wIndex = interface)
 * carry the 8-byte output reports and the 2-byte mode feature report; input reports arrive on
 * interrupt IN endpoint 0x81. Session: set mode "individual readings", clearing block, GDC (bank
 * 0), GME for the newest readings (up to "max-readings", newest first), END. Each reading gives
 * two measurements once every GME of the session has succeeded: blood pressure (systolic,
 * diastolic; the unit reports no mean pressure) and pulse rate, with the unit's clock as device
 * time and the 17-byte GME reply as raw frame. "NO" (busy) is retried 3 times.
 */
#pragma once

#include "cabine-usb-driver.h"

G_BEGIN_DECLS

#define CABINE_OMRON_EP_IN 0x81
#define CABINE_HID_SET_REPORT 0x09
#define CABINE_HID_REQTYPE_OUT 0x21
#define CABINE_HID_REPORT_OUTPUT 0x0200
#define CABINE_HID_REPORT_FEATURE 0x0300

/** The driver's VID:PID table. */
extern const CabineUsbDriverInfo cabine_omron_driver_info;

#define CABINE_TYPE_OMRON_DRIVER (cabine_omron_driver_get_type ())
G_DECLARE_FINAL_TYPE (CabineOmronDriver, cabine_omron_driver, CABINE, OMRON_DRIVER,
                      CabineUsbDriver)

/** cabine_omron_driver_set_max_readings: how many stored readings to fetch (1..100, default 1:
 * the newest). Before start. */
void cabine_omron_driver_set_max_readings (CabineOmronDriver *self, guint max_readings);

G_END_DECLS
