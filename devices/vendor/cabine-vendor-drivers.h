/* cabine-vendor-drivers.h: the table of vendor-protocol drivers, and the udev rules made from it
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cabine-usb-driver.h"

G_BEGIN_DECLS

/** cabine_vendor_drivers: (transfer none) every driver's info, @n_drivers of them. */
const CabineUsbDriverInfo *const *cabine_vendor_drivers (guint *n_drivers);

/** cabine_vendor_driver_lookup: (nullable) (transfer none) the driver for @vid:@pid. */
const CabineUsbDriverInfo *cabine_vendor_driver_lookup (guint16 vid, guint16 pid);

/**
 * cabine_udev_rules_generate:
 *
 * The udev rules (udev(7)) giving the logged-in seat user (the kiosk; systemd-logind's
 * TAG+="uaccess", which must run before 73-seat-late.rules, hence 70-cabine.rules) access to
 * every USB device a driver's table names, and to every device with a USB PHDC interface (class
 * 0x0F, matched on udev's ID_USB_INTERFACES ":0fSSPP:" list from the usb_id builtin).
 *
 * Returns: (transfer full): the rules file's text, deterministic.
 */
char *cabine_udev_rules_generate (void);

G_END_DECLS
