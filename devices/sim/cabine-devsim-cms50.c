/* cabine-devsim-cms50.c: an emulated Contec CMS50D+ behind a CP210x bridge
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "cabine-devsim"

#include "cabine-devsim-cms50.h"

#include <errno.h>
#include <math.h>
#include <string.h>

#define EP_IN 0x81
#define EP_OUT 0x01
#define FRAME_US (G_USEC_PER_SEC / CABINE_CMS50_FRAMES_PER_SECOND)
#define SEARCH_MS 500
#define OUT_MS 1500

struct _CabineDevsimCms50
{
  CabineDevsimUsb parent_instance;

  guint finger_ms;
  gboolean silent;
  gboolean enabled;
  guint baud;
  guint16 line;
  gint64 started, next_frame;
  guint cycle;             /* finger insertions so far */
  guint spo2, pulse;
  guint frames;
};

G_DEFINE_FINAL_TYPE (CabineDevsimCms50, cabine_devsim_cms50, CABINE_TYPE_DEVSIM_USB)

static void
new_values (CabineDevsimCms50 *self)
{
  self->spo2 = (guint) g_random_int_range (95, 100);
  self->pulse = (guint) g_random_int_range (58, 96);
}

static void
make_frame (CabineDevsimCms50 *self, gint64 t_us, CabineCms50Frame *f)
{
  gint64 period = (gint64) (self->finger_ms + OUT_MS) * 1000;
  gint64 in_cycle = (t_us - self->started) % period;
  guint cycle = (guint) ((t_us - self->started) / period);

  memset (f, 0, sizeof *f);
  if (cycle != self->cycle)
    {
      self->cycle = cycle;
      new_values (self);
    }
  if (in_cycle >= (gint64) self->finger_ms * 1000)
    {
      f->probe_error = TRUE;   /* finger out */
      f->pulse_rate = CABINE_CMS50_NO_PULSE;
      f->spo2 = CABINE_CMS50_NO_SPO2;
      return;
    }
  if (in_cycle < SEARCH_MS * 1000)
    {
      f->searching = TRUE;
      f->pulse_rate = CABINE_CMS50_NO_PULSE;
      f->spo2 = CABINE_CMS50_NO_SPO2;
      return;
    }
  {
    double beat = (double) in_cycle / 1e6 * self->pulse / 60.0;
    double phase = beat - floor (beat);

    f->signal_strength = 6;
    f->pleth = (guint) (64 + 50 * sin (2 * G_PI * phase) * exp (-phase));
    f->bar_graph = (guint) (phase * 15);
    f->beep = phase < 1.0 / 60;
    f->pulse_rate = self->pulse;
    f->spo2 = self->spo2;
  }
}

static void
cms50_poll (CabineDevsimUsb *base, gint64 now)
{
  CabineDevsimCms50 *self = CABINE_DEVSIM_CMS50 (base);

  if (self->silent || !self->enabled || (self->baud != 19200 && self->baud != 115200))
    return;
  if (self->started == 0)
    {
      self->started = self->next_frame = now;
      new_values (self);
    }
  /* catch up at most 10 frames: a paused reader loses frames like a real UART would */
  if (now - self->next_frame > 10 * FRAME_US)
    self->next_frame = now - 10 * FRAME_US;
  for (; self->next_frame <= now; self->next_frame += FRAME_US)
    {
      CabineCms50Frame f;
      guint8 raw[CABINE_CMS50_FRAME_SIZE];

      make_frame (self, self->next_frame, &f);
      cabine_cms50_frame_encode (&f, raw);
      cabine_devsim_usb_push_in (base, EP_IN, raw, sizeof raw);
      self->frames++;
    }
}

static int
cms50_control (CabineDevsimUsb *base, const guint8 *setup, guint8 *data, gsize len)
{
  CabineDevsimCms50 *self = CABINE_DEVSIM_CMS50 (base);
  guint16 value = setup[2] | setup[3] << 8;

  if (setup[0] != CABINE_CP210X_REQTYPE_HOST_TO_INTERFACE)
    return -EPIPE;
  switch (setup[1])
    {
    case CABINE_CP210X_IFC_ENABLE:
      self->enabled = value == CABINE_CP210X_UART_ENABLE;
      return 0;
    case CABINE_CP210X_SET_BAUDRATE:
      if (len != 4)
        return -EPIPE;
      self->baud = data[0] | data[1] << 8 | data[2] << 16 | (guint) data[3] << 24;
      return 4;
    case CABINE_CP210X_SET_LINE_CTL:
      self->line = value;
      return 0;
    default:
      return -EPIPE;
    }
}

static void
cms50_out (CabineDevsimUsb *base, guint8 endpoint, const guint8 *data, gsize len)
{
}

/* device 10c4:ea60, one vendor-specific interface, bulk IN 0x81 / OUT 0x01, 64 bytes */
static const guint8 descriptors[] = {
  18, 0x01, 0x00, 0x02, 0x00, 0x00, 0x00, 64, 0xC4, 0x10, 0x60, 0xEA, 0x00, 0x01, 1, 2, 3, 1,
  9, 0x02, 32, 0, 1, 1, 0, 0x80, 50,
  9, 0x04, 0, 0, 2, 0xFF, 0, 0, 2,
  7, 0x05, EP_IN, 0x02, 64, 0, 0,
  7, 0x05, EP_OUT, 0x02, 64, 0, 0,
};

char *
cabine_devsim_cms50_add (CabineDevsimCms50 *self, UMockdevTestbed *testbed, guint devnum,
                         GError **error)
{
  return cabine_devsim_usb_add (CABINE_DEVSIM_USB (self), testbed, devnum, descriptors,
                                sizeof descriptors, "Silicon Labs",
                                "CP2102 USB to UART Bridge Controller", "SIM-0007", error);
}

void
cabine_devsim_cms50_get_values (CabineDevsimCms50 *self, guint *spo2, guint *pulse)
{
  cabine_devsim_usb_lock (CABINE_DEVSIM_USB (self));
  *spo2 = self->spo2;
  *pulse = self->pulse;
  cabine_devsim_usb_unlock (CABINE_DEVSIM_USB (self));
}

guint
cabine_devsim_cms50_get_frames_sent (CabineDevsimCms50 *self)
{
  guint n;

  cabine_devsim_usb_lock (CABINE_DEVSIM_USB (self));
  n = self->frames;
  cabine_devsim_usb_unlock (CABINE_DEVSIM_USB (self));
  return n;
}

void
cabine_devsim_cms50_get_uart (CabineDevsimCms50 *self, gboolean *enabled, guint *baud,
                              guint16 *line)
{
  cabine_devsim_usb_lock (CABINE_DEVSIM_USB (self));
  *enabled = self->enabled;
  *baud = self->baud;
  *line = self->line;
  cabine_devsim_usb_unlock (CABINE_DEVSIM_USB (self));
}

static void
cabine_devsim_cms50_class_init (CabineDevsimCms50Class *klass)
{
  CabineDevsimUsbClass *usb_class = CABINE_DEVSIM_USB_CLASS (klass);

  usb_class->control = cms50_control;
  usb_class->out = cms50_out;
  usb_class->poll = cms50_poll;
}

static void
cabine_devsim_cms50_init (CabineDevsimCms50 *self)
{
}

CabineDevsimCms50 *
cabine_devsim_cms50_new (guint finger_ms, gboolean silent)
{
  CabineDevsimCms50 *self = g_object_new (CABINE_TYPE_DEVSIM_CMS50, NULL);

  self->finger_ms = MAX (finger_ms, SEARCH_MS + 100);
  self->silent = silent;
  return self;
}
