/* cabine-devsim-omron.c: an emulated Omron HEM-790IT for umockdev
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "cabine-devsim"

#include "cabine-devsim-omron.h"

#include <errno.h>
#include <string.h>

#define EP_IN 0x81

struct _CabineDevsimOmron
{
  CabineDevsimUsb parent_instance;

  CabineDevsimOmronFault fault;
  GArray *readings;        /* CabineOmronReading, newest first */
  gboolean mode_set;
  GByteArray *command;     /* bytes received since the last complete command */
  guint gme_count, gme_reports, busy_sent;
  gboolean ended;
};

G_DEFINE_FINAL_TYPE (CabineDevsimOmron, cabine_devsim_omron, CABINE_TYPE_DEVSIM_USB)

/* Send @reply as input reports (7 bytes each); @max_reports < 0: all. */
static guint
send_reply (CabineDevsimOmron *self, const guint8 *reply, gsize len, int max_reports)
{
  guint sent = 0;

  for (gsize done = 0; done < len && (max_reports < 0 || (int) sent < max_reports); sent++)
    {
      guint8 report[8] = { 0 };
      gsize n = MIN (len - done, (gsize) 7);

      report[0] = (guint8) n;
      memcpy (report + 1, reply + done, n);
      cabine_devsim_usb_push_in (CABINE_DEVSIM_USB (self), EP_IN, report, sizeof report);
      done += n;
    }
  return sent;
}

static gboolean
checksum_ok (const guint8 *args, gsize n)
{
  guint8 x = 0;

  for (gsize i = 0; i < n; i++)
    x ^= args[i];
  return x == 0;
}

static void
handle_command (CabineDevsimOmron *self)
{
  guint8 *c = self->command->data;
  gsize len = self->command->len;
  static const guint8 no[2] = { 'N', 'O' };

  if (len >= CABINE_OMRON_CLEAR_LENGTH && c[0] == 0 && c[1] == 0 && c[2] == 0)
    {
      static const guint8 ok[2] = { 'O', 'K' };
      send_reply (self, ok, 2, -1);
      g_byte_array_set_size (self->command, 0);
    }
  else if (len >= 8 && memcmp (c, "GDC", 3) == 0)
    {
      guint8 reply[8] = { 'O', 'K', 0, 0, 0, 0, (guint8) self->readings->len, 0 };

      reply[7] = reply[6];
      send_reply (self, checksum_ok (c + 3, 5) && self->mode_set ? reply : no,
                  checksum_ok (c + 3, 5) && self->mode_set ? 8 : 2, -1);
      g_byte_array_set_size (self->command, 0);
    }
  else if (len >= 8 && memcmp (c, "GME", 3) == 0)
    {
      guint index = c[6];
      guint8 reply[17] = { 'O', 'K', 0 };

      self->gme_count++;
      g_byte_array_set_size (self->command, 0);
      if (!checksum_ok (c + 3, 5) || index >= self->readings->len)
        {
          send_reply (self, no, 2, -1);
          return;
        }
      cabine_omron_reading_encode (&g_array_index (self->readings, CabineOmronReading, index),
                                   reply + 3);
      switch (self->fault)
        {
        case CABINE_DEVSIM_OMRON_SILENT_GME:
          break;
        case CABINE_DEVSIM_OMRON_CORRUPT_GME:
          reply[16] ^= 0x5A;
          self->gme_reports += send_reply (self, reply, sizeof reply, -1);
          break;
        case CABINE_DEVSIM_OMRON_HALF_GME:
          self->gme_reports += send_reply (self, reply, sizeof reply, 1);
          break;
        case CABINE_DEVSIM_OMRON_BUSY_ONCE:
          if (self->busy_sent++ == 0)
            {
              send_reply (self, no, 2, -1);
              break;
            }
          G_GNUC_FALLTHROUGH;
        case CABINE_DEVSIM_OMRON_OK:
        default:
          self->gme_reports += send_reply (self, reply, sizeof reply, -1);
          break;
        }
    }
  else if (len >= 5 && memcmp (c, "END", 3) == 0)
    {
      self->ended = TRUE;
      send_reply (self, (const guint8 *) CABINE_OMRON_END_REPLY, 5, -1);
      g_byte_array_set_size (self->command, 0);
    }
  else if (len >= 8 && c[0] != 0)
    {
      send_reply (self, no, 2, -1);  /* unknown command */
      g_byte_array_set_size (self->command, 0);
    }
}

static int
omron_control (CabineDevsimUsb *base, const guint8 *setup, guint8 *data, gsize len)
{
  CabineDevsimOmron *self = CABINE_DEVSIM_OMRON (base);
  guint16 value = setup[2] | setup[3] << 8;

  if (setup[0] != 0x21 || setup[1] != 0x09)  /* class, interface, SET_REPORT */
    return -EPIPE;
  if (value == 0x0300 && len == 2 && data[0] == CABINE_OMRON_MODE_READINGS_0 &&
      data[1] == CABINE_OMRON_MODE_READINGS_1)
    {
      self->mode_set = TRUE;
      return 2;
    }
  if (value == 0x0200 && len == 8 && data[0] >= 1 && data[0] <= 7)
    {
      g_byte_array_append (self->command, data + 1, data[0]);
      handle_command (self);
      return 8;
    }
  return -EPIPE;
}

static void
omron_out (CabineDevsimUsb *base, guint8 endpoint, const guint8 *data, gsize len)
{
}

/* USB 2.0 9.6 + HID 1.11 6.2.1: device 0590:0028, one HID interface, interrupt IN 0x81, 8 bytes */
static const guint8 descriptors[] = {
  18, 0x01, 0x10, 0x01, 0x00, 0x00, 0x00, 8, 0x90, 0x05, 0x28, 0x00, 0x00, 0x01, 1, 2, 3, 1,
  9, 0x02, 34, 0, 1, 1, 0, 0x80, 50,
  9, 0x04, 0, 0, 1, 0x03, 0, 0, 0,
  9, 0x21, 0x10, 0x01, 0x00, 1, 0x22, 29, 0,
  7, 0x05, EP_IN, 0x03, 8, 0, 10,
};

char *
cabine_devsim_omron_add (CabineDevsimOmron *self, UMockdevTestbed *testbed, guint devnum,
                         GError **error)
{
  return cabine_devsim_usb_add (CABINE_DEVSIM_USB (self), testbed, devnum, descriptors,
                                sizeof descriptors, "OMRON HEALTHCARE", "HEM-790IT (simulated)",
                                "SIM-0006", error);
}

gboolean
cabine_devsim_omron_get_reading (CabineDevsimOmron *self, guint index, CabineOmronReading *r)
{
  if (index >= self->readings->len)
    return FALSE;
  *r = g_array_index (self->readings, CabineOmronReading, index);
  return TRUE;
}

#define LOCKED(type, expr) \
  type ret; cabine_devsim_usb_lock (CABINE_DEVSIM_USB (self)); ret = (expr); \
  cabine_devsim_usb_unlock (CABINE_DEVSIM_USB (self)); return ret

guint cabine_devsim_omron_get_gme_count (CabineDevsimOmron *self) { LOCKED (guint, self->gme_count); }
guint cabine_devsim_omron_get_gme_reports_sent (CabineDevsimOmron *self) { LOCKED (guint, self->gme_reports); }
gboolean cabine_devsim_omron_get_ended (CabineDevsimOmron *self) { LOCKED (gboolean, self->ended); }

static void
cabine_devsim_omron_finalize (GObject *object)
{
  CabineDevsimOmron *self = CABINE_DEVSIM_OMRON (object);

  g_array_unref (self->readings);
  g_byte_array_unref (self->command);
  G_OBJECT_CLASS (cabine_devsim_omron_parent_class)->finalize (object);
}

static void
cabine_devsim_omron_class_init (CabineDevsimOmronClass *klass)
{
  CabineDevsimUsbClass *usb_class = CABINE_DEVSIM_USB_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = cabine_devsim_omron_finalize;
  usb_class->control = omron_control;
  usb_class->out = omron_out;
}

static void
cabine_devsim_omron_init (CabineDevsimOmron *self)
{
  self->readings = g_array_new (FALSE, TRUE, sizeof (CabineOmronReading));
  self->command = g_byte_array_new ();
}

CabineDevsimOmron *
cabine_devsim_omron_new (guint n_readings, CabineDevsimOmronFault fault)
{
  CabineDevsimOmron *self = g_object_new (CABINE_TYPE_DEVSIM_OMRON, NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  self->fault = fault;
  for (guint i = 0; i < n_readings; i++)
    {
      g_autoptr(GDateTime) t = g_date_time_add_minutes (now, -(gint) i);
      CabineOmronReading r = { 0 };

      r.year = (guint) g_date_time_get_year (t);
      r.month = (guint) g_date_time_get_month (t);
      r.day = (guint) g_date_time_get_day_of_month (t);
      r.hour = (guint) g_date_time_get_hour (t);
      r.minute = (guint) g_date_time_get_minute (t);
      r.second = (guint) g_date_time_get_second (t);
      r.systolic = (guint) g_random_int_range (108, 142);
      r.diastolic = (guint) g_random_int_range (66, 92);
      r.pulse = (guint) g_random_int_range (58, 88);
      g_array_append_val (self->readings, r);
    }
  return self;
}
