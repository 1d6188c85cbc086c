/* cabine-devsim-omron.h: an emulated Omron HEM-790IT (USB HID, 0590:0028) for umockdev
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Answers the report exchange of cabine-omron-proto.h: HID SET_REPORT (feature: mode; output:
 * 8-byte command reports) and 8-byte input reports on interrupt IN 0x81. Holds @n_readings
 * plausible, varying stored readings (newest first, a minute apart, ending now).
 */
#pragma once

#include "cabine-devsim-usb.h"
#include "cabine-omron-proto.h"

G_BEGIN_DECLS

/** CabineDevsimOmronFault: misbehaviour for the tests. */
typedef enum {
  CABINE_DEVSIM_OMRON_OK,
  CABINE_DEVSIM_OMRON_SILENT_GME,  /* never answers GME (the driver times out) */
  CABINE_DEVSIM_OMRON_CORRUPT_GME, /* GME reply with a wrong checksum (the driver aborts) */
  CABINE_DEVSIM_OMRON_HALF_GME,    /* sends the first input report of the GME reply only */
  CABINE_DEVSIM_OMRON_BUSY_ONCE,   /* answers the first GME "NO" */
} CabineDevsimOmronFault;

#define CABINE_TYPE_DEVSIM_OMRON (cabine_devsim_omron_get_type ())
G_DECLARE_FINAL_TYPE (CabineDevsimOmron, cabine_devsim_omron, CABINE, DEVSIM_OMRON,
                      CabineDevsimUsb)

CabineDevsimOmron *cabine_devsim_omron_new (guint n_readings, CabineDevsimOmronFault fault);
char *cabine_devsim_omron_add (CabineDevsimOmron *self, UMockdevTestbed *testbed, guint devnum,
                               GError **error);
/** cabine_devsim_omron_get_reading: the stored reading @index (0 = newest). */
gboolean cabine_devsim_omron_get_reading (CabineDevsimOmron *self, guint index,
                                          CabineOmronReading *reading);
/** Counters (thread-safe): GME commands received, input reports of GME replies sent, END seen. */
guint cabine_devsim_omron_get_gme_count (CabineDevsimOmron *self);
guint cabine_devsim_omron_get_gme_reports_sent (CabineDevsimOmron *self);
gboolean cabine_devsim_omron_get_ended (CabineDevsimOmron *self);

G_END_DECLS
