/* cabine-devsim-phdc.h: an emulated USB PHDC instrument (IEEE 11073 agent) for umockdev
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Adds a USB device to a UMockdevTestbed (sysfs attributes incl. the binary `descriptors`:
 * device descriptor + configuration with one PHDC interface, class 0x0F, its PHDC Class Function
 * (0x20, data code 0x02) and 11073-20601 Function Extension (0x30, the instrument's
 * specialisation, e.g. 0x1008 = thermometer) descriptors, bulk IN 0x81 / OUT 0x01 with QoS descriptors (0x21); USB PHDC 1.0
 * 5.3); the usbdevfs ioctls libusb issues on the device node are answered by the shared
 * emulation of cabine-devsim-usb.h, with bulk IN as a byte stream.
 * Bulk OUT data goes to a simulated IEEE 11073 agent (cabine-devsim-agent.h), whose APDUs fill
 * bulk IN URBs. The ioctl handlers run on the testbed's worker thread; the public functions are
 * thread-safe.
 */
#pragma once

#include <umockdev.h>
#include "cabine-devsim-agent.h"
#include "cabine-devsim-usb.h"

G_BEGIN_DECLS

/** USB ids of the simulated instruments: pid.codes test vendor 1209 (https://pid.codes), product
 * CabineDevsimProfile.usb_pid (0x0001 thermometer … 0x0004 scale). */
#define CABINE_DEVSIM_VID 0x1209
#define CABINE_DEVSIM_PID 0x0001 /* the thermometer's */

#define CABINE_TYPE_DEVSIM_PHDC (cabine_devsim_phdc_get_type ())
G_DECLARE_FINAL_TYPE (CabineDevsimPhdc, cabine_devsim_phdc, CABINE,
                      DEVSIM_PHDC, CabineDevsimUsb)

/**
 * cabine_devsim_phdc_new:
 * @interval_ms: see cabine_devsim_agent_new()
 * @count: reports before the agent releases (0 = never)
 *
 * A thermometer (cabine_devsim_phdc_new_kind() with THERMOMETER).
 */
CabineDevsimPhdc *cabine_devsim_phdc_new (guint interval_ms, guint count);

/** cabine_devsim_phdc_new_kind: an emulated instrument of @kind (cabine-devsim-agent.h). */
CabineDevsimPhdc *cabine_devsim_phdc_new_kind (CabineDevsimKind kind, guint interval_ms,
                                               guint count);

/**
 * cabine_devsim_phdc_add:
 * @testbed: where to add the device (bus 1, device number @devnum: /dev/bus/usb/001/<devnum>)
 * @devnum: 2..127
 * @error: from umockdev_testbed_attach_ioctl()
 *
 * Returns: (transfer full): the sysfs path of the device, or %NULL with @error set.
 */
char *cabine_devsim_phdc_add (CabineDevsimPhdc *self, UMockdevTestbed *testbed,
                                     guint devnum, GError **error);

/** cabine_devsim_phdc_unplug: like pulling the cable: URBs in flight complete with
 * -ESHUTDOWN, later ioctls fail with ENODEV, and the device leaves the testbed (a "remove"
 * uevent). */
void cabine_devsim_phdc_unplug (CabineDevsimPhdc *self);

/** The agent's progress (thread-safe snapshots). */
CabineDevsimAgentState cabine_devsim_phdc_get_agent_state (CabineDevsimPhdc *self);
guint cabine_devsim_phdc_get_errors (CabineDevsimPhdc *self);
guint cabine_devsim_phdc_get_acknowledged (CabineDevsimPhdc *self);
/** cabine_devsim_phdc_get_sent_report: as cabine_devsim_agent_get_sent_report(), but
 * @frame is (transfer full). */
gboolean cabine_devsim_phdc_get_sent_report (CabineDevsimPhdc *self, guint index,
                                                    double *celsius, GBytes **frame);

G_END_DECLS
