/* cabine-omron-driver.c: Omron HEM-790IT-family blood-pressure monitors over USB HID
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "cabine-omron"

#include "cabine-omron-driver.h"
#include "cabine-omron-proto.h"

#include <string.h>

#define BUSY_RETRIES 3

static const CabineUsbId omron_ids[] = {
  /* Omron Healthcare HEM-790IT and its family (HEM-7301-ITKE7, HHX-CABLE-USB1 units) */
  { 0x0590, 0x0028, "Omron HEM-790IT" },
};

const CabineUsbDriverInfo cabine_omron_driver_info = {
  "omron-hem790it", "usb-hid", "blood pressure monitor", omron_ids, G_N_ELEMENTS (omron_ids),
  cabine_omron_driver_get_type,
};

typedef enum { STEP_MODE, STEP_CLEAR, STEP_COUNT, STEP_READING, STEP_END } Step;

struct _CabineOmronDriver
{
  CabineUsbDriver parent_instance;

  guint max_readings;
  Step step;
  GBytes *reports;       /* output reports of the command in progress */
  gsize next_report;
  guint8 command[16];
  gsize command_len;
  CabineOmronReply reply;
  guint busy;
  guint count, index;
  GPtrArray *pending;    /* CabineMeasurement, emitted when the whole download succeeded */
};

G_DEFINE_FINAL_TYPE (CabineOmronDriver, cabine_omron_driver, CABINE_TYPE_USB_DRIVER)

static void send_next_report (CabineOmronDriver *self);

static void
fail_protocol (CabineOmronDriver *self, const char *what, const GError *cause)
{
  g_autoptr(GError) error = g_error_new (CABINE_USB_DRIVER_ERROR,
                                         CABINE_USB_DRIVER_ERROR_PROTOCOL, "%s: %s", what,
                                         cause->message);
  g_ptr_array_set_size (self->pending, 0);
  cabine_usb_driver_fail (CABINE_USB_DRIVER (self), error);
}

static void
fail_link (CabineOmronDriver *self, const GError *error)
{
  g_ptr_array_set_size (self->pending, 0);
  cabine_usb_driver_fail (CABINE_USB_DRIVER (self), error);
}

/* Send @command (kept for busy retries) and read a reply of @expected bytes. */
static void
exchange (CabineOmronDriver *self, Step step, const guint8 *command, gsize len, gsize expected)
{
  g_assert (len <= sizeof self->command);
  self->step = step;
  memmove (self->command, command, len);
  self->command_len = len;
  cabine_omron_reply_init (&self->reply, expected);
  g_clear_pointer (&self->reports, g_bytes_unref);
  self->reports = cabine_omron_command_reports (command, len);
  self->next_report = 0;
  send_next_report (self);
}

static void
retry (CabineOmronDriver *self)
{
  cabine_omron_reply_init (&self->reply, self->reply.expected);
  self->next_report = 0;
  send_next_report (self);
}

static void on_input (CabineUsbLink *link, GBytes *data, const GError *error, gpointer user_data);

static void
read_input (CabineOmronDriver *self)
{
  CabineUsbDriver *driver = CABINE_USB_DRIVER (self);

  cabine_usb_link_transfer (cabine_usb_driver_get_link (driver), CABINE_OMRON_EP_IN,
                            LIBUSB_TRANSFER_TYPE_INTERRUPT, NULL, CABINE_OMRON_REPORT_SIZE,
                            cabine_usb_driver_get_timeout (driver), on_input, self);
}

static void
on_report_sent (CabineUsbLink *link, GBytes *data, const GError *error, gpointer user_data)
{
  CabineOmronDriver *self = user_data;

  if (error != NULL)
    {
      fail_link (self, error);
      return;
    }
  send_next_report (self);
}

static void
send_next_report (CabineOmronDriver *self)
{
  CabineUsbDriver *driver = CABINE_USB_DRIVER (self);
  gsize size;
  const guint8 *all = g_bytes_get_data (self->reports, &size);

  if (self->next_report * CABINE_OMRON_REPORT_SIZE >= size)
    {
      read_input (self);
      return;
    }
  cabine_usb_link_control (cabine_usb_driver_get_link (driver), CABINE_HID_REQTYPE_OUT,
                           CABINE_HID_SET_REPORT, CABINE_HID_REPORT_OUTPUT,
                           (guint16) CABINE_USB_DRIVER_GET_CLASS (driver)->interface,
                           all + self->next_report * CABINE_OMRON_REPORT_SIZE,
                           CABINE_OMRON_REPORT_SIZE, cabine_usb_driver_get_timeout (driver),
                           on_report_sent, self);
  self->next_report++;
}

static void
request_reading (CabineOmronDriver *self)
{
  guint8 cmd[8];
  gsize len = cabine_omron_command_gme (0, (guint8) self->index, cmd);

  exchange (self, STEP_READING, cmd, len, CABINE_OMRON_GME_REPLY_LENGTH);
}

static void
add_reading (CabineOmronDriver *self, const CabineOmronReading *r)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  g_autoptr(GDateTime) time = g_date_time_new (tz, (gint) r->year, (gint) r->month, (gint) r->day,
                                               (gint) r->hour, (gint) r->minute, r->second);
  g_autoptr(GBytes) raw = g_bytes_new (self->reply.data, self->reply.len);
  double bp[2] = { r->systolic, r->diastolic };
  double pulse = r->pulse;

  g_ptr_array_add (self->pending, cabine_measurement_new (CABINE_MEASUREMENT_BLOOD_PRESSURE, bp,
                                                          2, time, raw));
  g_ptr_array_add (self->pending, cabine_measurement_new (CABINE_MEASUREMENT_PULSE_RATE, &pulse,
                                                          1, time, raw));
}

static void
reply_complete (CabineOmronDriver *self)
{
  g_autoptr(GError) error = NULL;
  static const char *const what[] = { "mode", "clearing block", "GDC", "GME", "END" };

  if (!cabine_omron_reply_check (&self->reply, &error))
    {
      if (g_error_matches (error, CABINE_OMRON_ERROR, CABINE_OMRON_ERROR_BUSY) &&
          self->busy++ < BUSY_RETRIES)
        {
          retry (self);
          return;
        }
      fail_protocol (self, what[self->step], error);
      return;
    }
  self->busy = 0;
  switch (self->step)
    {
    case STEP_CLEAR:
      {
        guint8 cmd[8];
        gsize len = cabine_omron_command_gdc (0, cmd);
        exchange (self, STEP_COUNT, cmd, len, CABINE_OMRON_GDC_REPLY_LENGTH);
      }
      break;
    case STEP_COUNT:
      if (!cabine_omron_parse_count (&self->reply, &self->count, &error))
        {
          fail_protocol (self, "GDC", error);
          return;
        }
      if (self->count == 0)
        {
          g_autoptr(GError) none = g_error_new (CABINE_USB_DRIVER_ERROR,
                                                CABINE_USB_DRIVER_ERROR_NO_READING,
                                                "the monitor holds no reading");
          cabine_usb_driver_fail (CABINE_USB_DRIVER (self), none);
          return;
        }
      self->index = 0;
      request_reading (self);
      break;
    case STEP_READING:
      {
        CabineOmronReading r;

        if (!cabine_omron_parse_reading (&self->reply, &r, &error))
          {
            fail_protocol (self, "GME", error);
            return;
          }
        add_reading (self, &r);
        if (++self->index < MIN (self->count, self->max_readings))
          {
            request_reading (self);
            return;
          }
        /* the download is complete: give every reading, then end the session */
        for (guint i = 0; i < self->pending->len; i++)
          {
            g_object_ref (self);
            cabine_usb_driver_emit_measurement (CABINE_USB_DRIVER (self),
                                                g_ptr_array_index (self->pending, i));
            g_object_unref (self);
          }
        g_ptr_array_set_size (self->pending, 0);
        if (cabine_usb_driver_get_link (CABINE_USB_DRIVER (self)) != NULL)
          {
            guint8 cmd[5];
            gsize len = cabine_omron_command_end (cmd);
            exchange (self, STEP_END, cmd, len, 5);
          }
      }
      break;
    case STEP_END:
      cabine_usb_driver_finish (CABINE_USB_DRIVER (self));
      break;
    case STEP_MODE:
    default:
      g_assert_not_reached ();
    }
}

static void
on_input (CabineUsbLink *link, GBytes *data, const GError *error, gpointer user_data)
{
  CabineOmronDriver *self = user_data;
  g_autoptr(GError) local = NULL;
  gboolean complete;
  gsize len;
  const guint8 *report;

  if (error != NULL)
    {
      fail_link (self, error);
      return;
    }
  report = g_bytes_get_data (data, &len);
  if (!cabine_omron_reply_feed (&self->reply, report, len, &complete, &local))
    {
      fail_protocol (self, "input report", local);
      return;
    }
  if (complete)
    reply_complete (self);
  else
    read_input (self);
}

static void
on_mode_set (CabineUsbLink *link, GBytes *data, const GError *error, gpointer user_data)
{
  CabineOmronDriver *self = user_data;
  static const guint8 zero[CABINE_OMRON_CLEAR_LENGTH] = { 0 };
  GBytes *reports;

  if (error != NULL)
    {
      fail_link (self, error);
      return;
    }
  /* the clearing block: 23 zero bytes; the unit answers "OK" */
  self->step = STEP_CLEAR;
  self->command_len = 0;
  cabine_omron_reply_init (&self->reply, 2);
  reports = cabine_omron_command_reports (zero, sizeof zero);
  g_clear_pointer (&self->reports, g_bytes_unref);
  self->reports = reports;
  self->next_report = 0;
  send_next_report (self);
}

static void
cabine_omron_driver_begin (CabineUsbDriver *driver)
{
  CabineOmronDriver *self = CABINE_OMRON_DRIVER (driver);
  static const guint8 mode[2] = { CABINE_OMRON_MODE_READINGS_0, CABINE_OMRON_MODE_READINGS_1 };

  self->step = STEP_MODE;
  cabine_usb_link_control (cabine_usb_driver_get_link (driver), CABINE_HID_REQTYPE_OUT,
                           CABINE_HID_SET_REPORT, CABINE_HID_REPORT_FEATURE,
                           (guint16) CABINE_USB_DRIVER_GET_CLASS (driver)->interface, mode,
                           sizeof mode, cabine_usb_driver_get_timeout (driver), on_mode_set, self);
}

void
cabine_omron_driver_set_max_readings (CabineOmronDriver *self, guint max_readings)
{
  g_return_if_fail (max_readings >= 1 && max_readings <= 100);
  self->max_readings = max_readings;
}

static void
cabine_omron_driver_finalize (GObject *object)
{
  CabineOmronDriver *self = CABINE_OMRON_DRIVER (object);

  g_clear_pointer (&self->reports, g_bytes_unref);
  g_ptr_array_unref (self->pending);
  G_OBJECT_CLASS (cabine_omron_driver_parent_class)->finalize (object);
}

static void
cabine_omron_driver_class_init (CabineOmronDriverClass *klass)
{
  CabineUsbDriverClass *driver_class = CABINE_USB_DRIVER_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = cabine_omron_driver_finalize;
  driver_class->info = &cabine_omron_driver_info;
  driver_class->interface = 0;
  driver_class->begin = cabine_omron_driver_begin;
}

static void
cabine_omron_driver_init (CabineOmronDriver *self)
{
  self->max_readings = 1;
  self->pending = g_ptr_array_new_with_free_func (g_object_unref);
}
