/* cabine-phdc-transport.h: USB Personal Healthcare Device Class transport over libusb
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * USB Device Class Definition for Personal Healthcare Devices, rev. 1.0 (usb.org): interface
 * class 0x0F (5.1); class-specific descriptors: PHDC Class Function descriptor type 0x20 with
 * bPHDCDataCode (0x02 = IEEE 11073-20601) (5.3.1), PHDC QoS descriptor 0x21 (5.3.2), metadata
 * 0x22, and the PHDC 11073-20601 Function Extension descriptor 0x30 with bNumDevSpecs and
 * wDevSpecializations[] (little-endian IEEE 11073 specialisation codes, 5.3.3). APDUs travel on
 * one bulk IN and one bulk OUT endpoint; an APDU may span transfers, so the receiver reassembles
 * by the APDU header (choice u16, length u16, IEEE 11073-20601 A.1).
 *
 * Threads: libusb events are handled by the owner's event thread (see CabineDeviceManager);
 * transfer callbacks run there and every result is marshalled (an idle source holding a reference
 * to the shared I/O state; the transport itself through a weak reference) to the thread-default
 * main context of the thread that called cabine_phdc_transport_open():
 * the signals are only ever emitted there.
 */
#pragma once

#include <gio/gio.h>
#include <libusb.h>

G_BEGIN_DECLS

#define CABINE_PHDC_ERROR (cabine_phdc_error_quark ())

/** CabinePhdcError: errors of %CABINE_PHDC_ERROR. */
typedef enum {
  CABINE_PHDC_ERROR_NOT_PHDC,    /* no interface of class 0x0F, or not IEEE 11073-20601 data */
  CABINE_PHDC_ERROR_NO_ENDPOINT, /* the PHDC interface lacks a bulk IN or a bulk OUT endpoint */
  CABINE_PHDC_ERROR_USB,         /* a libusb call failed (message names it and libusb's error) */
  CABINE_PHDC_ERROR_REMOVED,     /* the device is gone (LIBUSB_ERROR_NO_DEVICE or a dead transfer) */
} CabinePhdcError;

GQuark cabine_phdc_error_quark (void);

#define CABINE_PHDC_INTERFACE_CLASS 0x0F
#define CABINE_PHDC_DESC_CLASS_FUNCTION 0x20
#define CABINE_PHDC_DESC_QOS 0x21
#define CABINE_PHDC_DESC_11073_FUNCTION 0x30
#define CABINE_PHDC_DATA_CODE_11073_20601 0x02

/** CabinePhdcInfo: what the class-specific descriptors say. */
typedef struct {
  guint8 data_code;            /* bPHDCDataCode, 0x02 = 11073-20601; 0x02 assumed when absent */
  gboolean has_function_desc;  /* a 0x20 descriptor was present */
  guint n_specializations;
  guint16 specializations[16]; /* wDevSpecializations, e.g. 0x1008 (4104, 10408 thermometer) */
} CabinePhdcInfo;

/**
 * cabine_phdc_parse_class_descriptors:
 * @extra: (array length=len): the "extra" bytes libusb gives for an interface or configuration
 * @info: (inout): filled from the descriptors found; initialise it with cabine_phdc_info_init()
 *
 * Lenient: descriptors it does not know, and ones shorter than their fixed part, are skipped; a
 * bLength of 0 or past the end stops the walk. Never fails.
 */
void cabine_phdc_info_init (CabinePhdcInfo *info);
void cabine_phdc_parse_class_descriptors (const guint8 *extra, gsize len, CabinePhdcInfo *info);

#define CABINE_TYPE_PHDC_TRANSPORT (cabine_phdc_transport_get_type ())
G_DECLARE_FINAL_TYPE (CabinePhdcTransport, cabine_phdc_transport, CABINE, PHDC_TRANSPORT, GObject)

/**
 * cabine_phdc_transport_new:
 * @device: a libusb device (a reference is taken)
 * @error: %CABINE_PHDC_ERROR_NOT_PHDC / _NO_ENDPOINT / _USB
 *
 * Reads the device and active configuration descriptors (no I/O on the device beyond what libusb
 * caches) and finds the PHDC interface and its bulk endpoints.
 *
 * Signals (on the context of cabine_phdc_transport_open()):
 * - ::apdu (GBytes *apdu): one complete APDU from the agent.
 * - ::removed (const GError *error): the device went away or the link died; no further signal.
 *
 * Returns: (transfer full): the transport, or %NULL.
 */
CabinePhdcTransport *cabine_phdc_transport_new (libusb_device *device, GError **error);

/**
 * cabine_phdc_transport_open:
 * Opens the device, claims the PHDC interface and starts reading bulk IN.
 * @error: %CABINE_PHDC_ERROR_USB, or _REMOVED when libusb says LIBUSB_ERROR_NO_DEVICE
 */
gboolean cabine_phdc_transport_open (CabinePhdcTransport *self, GError **error);

/** cabine_phdc_transport_send: queue @apdu on bulk OUT (a ref is taken). A failure is reported
 * through ::removed. */
void cabine_phdc_transport_send (CabinePhdcTransport *self, GBytes *apdu);

/** cabine_phdc_transport_close: cancel transfers; the interface is released and the device closed
 * asynchronously by cabine_phdc_transport_close_pending() once the transfers are done. No signal
 * follows. */
void cabine_phdc_transport_close (CabinePhdcTransport *self);

/**
 * cabine_phdc_transport_close_pending:
 *
 * Release and close the device handles of closed transports whose transfers have all finished.
 * The libusb event thread calls it between calls to libusb_handle_events*() (never from inside a
 * transfer callback, where libusb_close() would deadlock).
 */
void cabine_phdc_transport_close_pending (void);

/** cabine_phdc_transport_count_open_handles: device handles of all transports not yet closed by
 * the event thread (close is asynchronous); wait for 0 before stopping event handling. */
guint cabine_phdc_transport_count_open_handles (void);

libusb_device *cabine_phdc_transport_get_device (CabinePhdcTransport *self);
guint16 cabine_phdc_transport_get_vid (CabinePhdcTransport *self);
guint16 cabine_phdc_transport_get_pid (CabinePhdcTransport *self);
/** (transfer none) */
const CabinePhdcInfo *cabine_phdc_transport_get_info (CabinePhdcTransport *self);

G_END_DECLS
