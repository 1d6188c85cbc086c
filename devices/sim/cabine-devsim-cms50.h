/* cabine-devsim-cms50.h: an emulated Contec CMS50D+ behind a CP210x bridge (10c4:ea60)
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Accepts the AN571 vendor requests (IFC_ENABLE, SET_BAUDRATE, SET_LINE_CTL) and, once the UART
 * is enabled at 19200 or 115200 baud, streams live 5-byte frames (cabine-cms50-proto.h) at 60
 * frames/s on bulk IN 0x81: a finger is in the probe for @finger_ms (the first 500 ms searching,
 * then steady SpO2 and pulse rate, a plethysmogram following the pulse), then out for 1500 ms
 * (probe error), with new plausible values at each insertion.
 */
#pragma once

#include "cabine-devsim-usb.h"
#include "cabine-cms50-proto.h"

G_BEGIN_DECLS

#define CABINE_TYPE_DEVSIM_CMS50 (cabine_devsim_cms50_get_type ())
G_DECLARE_FINAL_TYPE (CabineDevsimCms50, cabine_devsim_cms50, CABINE, DEVSIM_CMS50,
                      CabineDevsimUsb)

/** cabine_devsim_cms50_new: @silent: never stream (the driver times out). */
CabineDevsimCms50 *cabine_devsim_cms50_new (guint finger_ms, gboolean silent);
char *cabine_devsim_cms50_add (CabineDevsimCms50 *self, UMockdevTestbed *testbed, guint devnum,
                               GError **error);
/** Thread-safe snapshots: the current steady values, frames sent, and the UART setup seen. */
void cabine_devsim_cms50_get_values (CabineDevsimCms50 *self, guint *spo2, guint *pulse);
guint cabine_devsim_cms50_get_frames_sent (CabineDevsimCms50 *self);
void cabine_devsim_cms50_get_uart (CabineDevsimCms50 *self, gboolean *enabled, guint *baud,
                                   guint16 *line);

G_END_DECLS
