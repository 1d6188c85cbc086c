/* cabine-cms50-driver.c: Contec CMS50D+-class pulse oximeters behind a CP210x bridge
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "cabine-cms50"

#include "cabine-cms50-driver.h"
#include "cabine-cms50-proto.h"

#define IN_BUFFER 64

static const CabineUsbId cms50_ids[] = {
  /* Silicon Labs CP210x UART bridge as shipped in the Contec CMS50D+/E USB cable */
  { 0x10C4, 0xEA60, "Contec CMS50D+" },
};

const CabineUsbDriverInfo cabine_cms50_driver_info = {
  "contec-cms50", "usb-cp210x", "pulse oximeter", cms50_ids, G_N_ELEMENTS (cms50_ids),
  cabine_cms50_driver_get_type,
};

typedef enum { SETUP_ENABLE, SETUP_BAUD, SETUP_LINE, STREAMING } Phase;

struct _CabineCms50Driver
{
  CabineUsbDriver parent_instance;

  guint baud;
  guint stable_frames;
  Phase phase;
  CabineCms50Parser parser;
  guint stable;        /* consecutive frames with the same reading */
  guint last_spo2, last_pulse;
  gboolean taken;      /* a pair was emitted for this finger insertion */
};

G_DEFINE_FINAL_TYPE (CabineCms50Driver, cabine_cms50_driver, CABINE_TYPE_USB_DRIVER)

static void setup_step (CabineCms50Driver *self);

static void
emit_reading (CabineCms50Driver *self, const CabineCms50Frame *f)
{
  g_autoptr(GBytes) raw = g_bytes_new (f->raw, sizeof f->raw);
  double spo2 = f->spo2, pulse = f->pulse_rate;
  g_autoptr(CabineMeasurement) m_spo2 = cabine_measurement_new (CABINE_MEASUREMENT_SPO2, &spo2, 1,
                                                                NULL, raw);
  g_autoptr(CabineMeasurement) m_pulse = cabine_measurement_new (CABINE_MEASUREMENT_PULSE_RATE,
                                                                 &pulse, 1, NULL, raw);

  /* MDC_PULS_OXIM_PULS_RATE (0x481A), as an IEEE 11073-10404 oximeter would name it */
  cabine_measurement_set_metric (m_pulse, 0, 0x481A, 0xFFFF);
  g_object_ref (self);
  cabine_usb_driver_emit_measurement (CABINE_USB_DRIVER (self), m_spo2);
  cabine_usb_driver_emit_measurement (CABINE_USB_DRIVER (self), m_pulse);
  g_object_unref (self);
}

static void
on_frame (CabineCms50Driver *self, const CabineCms50Frame *f)
{
  cabine_usb_driver_emit_waveform (CABINE_USB_DRIVER (self), "pleth", f->pleth);
  if (!cabine_cms50_frame_has_reading (f))
    {
      self->stable = 0;
      if (f->probe_error || f->searching)
        self->taken = FALSE;
      return;
    }
  if (self->stable > 0 && (f->spo2 != self->last_spo2 || f->pulse_rate != self->last_pulse))
    self->stable = 0;
  self->last_spo2 = f->spo2;
  self->last_pulse = f->pulse_rate;
  if (++self->stable >= self->stable_frames && !self->taken)
    {
      self->taken = TRUE;
      emit_reading (self, f);
    }
}

static void read_frames (CabineCms50Driver *self);

static void
on_data (CabineUsbLink *link, GBytes *data, const GError *error, gpointer user_data)
{
  CabineCms50Driver *self = user_data;
  gsize len;
  const guint8 *bytes;

  if (error != NULL)
    {
      cabine_usb_driver_fail (CABINE_USB_DRIVER (self), error);
      return;
    }
  bytes = g_bytes_get_data (data, &len);
  g_object_ref (self);
  for (gsize i = 0; i < len && cabine_usb_driver_get_link (CABINE_USB_DRIVER (self)) != NULL; i++)
    {
      CabineCms50Frame frame;

      if (cabine_cms50_parser_feed (&self->parser, bytes[i], &frame))
        on_frame (self, &frame);
    }
  if (cabine_usb_driver_get_link (CABINE_USB_DRIVER (self)) != NULL)
    read_frames (self);
  g_object_unref (self);
}

static void
read_frames (CabineCms50Driver *self)
{
  CabineUsbDriver *driver = CABINE_USB_DRIVER (self);

  cabine_usb_link_transfer (cabine_usb_driver_get_link (driver), CABINE_CMS50_EP_IN,
                            LIBUSB_TRANSFER_TYPE_BULK, NULL, IN_BUFFER,
                            cabine_usb_driver_get_timeout (driver), on_data, self);
}

static void
on_setup_done (CabineUsbLink *link, GBytes *data, const GError *error, gpointer user_data)
{
  CabineCms50Driver *self = user_data;

  if (error != NULL)
    {
      cabine_usb_driver_fail (CABINE_USB_DRIVER (self), error);
      return;
    }
  self->phase++;
  setup_step (self);
}

static void
setup_step (CabineCms50Driver *self)
{
  CabineUsbDriver *driver = CABINE_USB_DRIVER (self);
  CabineUsbLink *link = cabine_usb_driver_get_link (driver);
  guint16 iface = (guint16) CABINE_USB_DRIVER_GET_CLASS (driver)->interface;
  guint timeout = cabine_usb_driver_get_timeout (driver);
  guint8 baud[4] = { self->baud & 0xFF, (self->baud >> 8) & 0xFF, (self->baud >> 16) & 0xFF,
                     (self->baud >> 24) & 0xFF };

  switch (self->phase)
    {
    case SETUP_ENABLE:
      cabine_usb_link_control (link, CABINE_CP210X_REQTYPE_HOST_TO_INTERFACE,
                               CABINE_CP210X_IFC_ENABLE, CABINE_CP210X_UART_ENABLE, iface, NULL,
                               0, timeout, on_setup_done, self);
      break;
    case SETUP_BAUD:
      cabine_usb_link_control (link, CABINE_CP210X_REQTYPE_HOST_TO_INTERFACE,
                               CABINE_CP210X_SET_BAUDRATE, 0, iface, baud, sizeof baud, timeout,
                               on_setup_done, self);
      break;
    case SETUP_LINE:
      cabine_usb_link_control (link, CABINE_CP210X_REQTYPE_HOST_TO_INTERFACE,
                               CABINE_CP210X_SET_LINE_CTL,
                               self->baud == 19200 ? CABINE_CP210X_LINE_8O1
                                                   : CABINE_CP210X_LINE_8N1,
                               iface, NULL, 0, timeout, on_setup_done, self);
      break;
    case STREAMING:
    default:
      read_frames (self);
      break;
    }
}

static void
cabine_cms50_driver_begin (CabineUsbDriver *driver)
{
  CabineCms50Driver *self = CABINE_CMS50_DRIVER (driver);

  self->phase = SETUP_ENABLE;
  cabine_cms50_parser_init (&self->parser);
  setup_step (self);
}

void
cabine_cms50_driver_set_baud_rate (CabineCms50Driver *self, guint baud)
{
  g_return_if_fail (baud == 19200 || baud == 115200);
  self->baud = baud;
}

void
cabine_cms50_driver_set_stable_frames (CabineCms50Driver *self, guint frames)
{
  g_return_if_fail (frames >= 1 && frames <= 3600);
  self->stable_frames = frames;
}

guint64
cabine_cms50_driver_get_dropped_bytes (CabineCms50Driver *self)
{
  return self->parser.dropped;
}

static void
cabine_cms50_driver_class_init (CabineCms50DriverClass *klass)
{
  CabineUsbDriverClass *driver_class = CABINE_USB_DRIVER_CLASS (klass);

  driver_class->info = &cabine_cms50_driver_info;
  driver_class->interface = 0;
  driver_class->begin = cabine_cms50_driver_begin;
}

static void
cabine_cms50_driver_init (CabineCms50Driver *self)
{
  self->baud = 19200;
  self->stable_frames = 120;
}
