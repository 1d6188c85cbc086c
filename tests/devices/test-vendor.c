/* test-vendor.c: the vendor-protocol drivers (Omron HID, CMS50 over CP210x) through real libusb
 * against their umockdev emulations, via CabineDeviceManager
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs under umockdev-wrapper, one case per process.
 */
#define G_LOG_DOMAIN "test-vendor"

#include "cabine-test-tree.h"
#include "cabine-device-manager.h"
#include "cabine-devsim-cms50.h"
#include "cabine-devsim-omron.h"
#include "cabine-usb-driver.h"
#include "cabine-usb-link.h"

#include <string.h>

typedef struct {
  UMockdevTestbed *testbed;
  CabineDevsimOmron *omron;
  CabineDevsimCms50 *cms50;
  CabineDeviceManager *manager;
  char *added_id, *added_description, *removed_id;
  GPtrArray *measurements;
  GPtrArray *errors;   /* GError */
  guint waveform;
} Fixture;

static void
on_added (CabineDeviceManager *m, const char *id, const char *description, Fixture *f)
{
  g_assert_null (f->added_id);
  f->added_id = g_strdup (id);
  f->added_description = g_strdup (description);
}

static void
on_removed (CabineDeviceManager *m, const char *id, Fixture *f)
{
  g_assert_null (f->removed_id);
  f->removed_id = g_strdup (id);
}

static void
on_measurement (CabineDeviceManager *m, CabineMeasurement *measurement, Fixture *f)
{
  g_ptr_array_add (f->measurements, g_object_ref (measurement));
}

static void
on_error (CabineDeviceManager *m, const char *id, const GError *error, Fixture *f)
{
  g_test_message ("device-error %s: %s", id, error->message);
  g_ptr_array_add (f->errors, g_error_copy (error));
}

static void
on_waveform (CabineDeviceManager *m, const char *id, const char *name, double value, Fixture *f)
{
  g_assert_cmpstr (name, ==, "pleth");
  g_assert_cmpfloat (value, >=, 0);
  g_assert_cmpfloat (value, <=, 127);
  f->waveform++;
}

static void
fixture_start (Fixture *f, guint response_ms)
{
  g_autoptr(GError) error = NULL;

  f->measurements = g_ptr_array_new_with_free_func (g_object_unref);
  f->errors = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);
  f->manager = cabine_device_manager_new ();
  cabine_device_manager_set_session_timeouts (f->manager, 10000, 10000, response_ms);
  g_signal_connect (f->manager, "device-added", G_CALLBACK (on_added), f);
  g_signal_connect (f->manager, "device-removed", G_CALLBACK (on_removed), f);
  g_signal_connect (f->manager, "measurement", G_CALLBACK (on_measurement), f);
  g_signal_connect (f->manager, "device-error", G_CALLBACK (on_error), f);
  g_signal_connect (f->manager, "waveform", G_CALLBACK (on_waveform), f);
  cabine_device_manager_start (f->manager, &error);
  g_assert_no_error (error);
}

static void
omron_setup (Fixture *f, CabineDevsimOmronFault fault, guint response_ms)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *syspath = NULL;

  f->testbed = umockdev_testbed_new ();
  f->omron = cabine_devsim_omron_new (3, fault);
  syspath = cabine_devsim_omron_add (f->omron, f->testbed, 6, &error);
  g_assert_no_error (error);
  fixture_start (f, response_ms);
}

static void
cms50_setup (Fixture *f, guint finger_ms, gboolean silent, guint response_ms)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *syspath = NULL;

  f->testbed = umockdev_testbed_new ();
  f->cms50 = cabine_devsim_cms50_new (finger_ms, silent);
  syspath = cabine_devsim_cms50_add (f->cms50, f->testbed, 7, &error);
  g_assert_no_error (error);
  fixture_start (f, response_ms);
}

static void
fixture_teardown (Fixture *f)
{
  g_autofree char *root = NULL;

  cabine_device_manager_stop (f->manager);
  g_assert_cmpuint (cabine_usb_link_count_open_handles (), ==, 0);
  g_object_unref (f->manager);
  g_clear_object (&f->omron);
  g_clear_object (&f->cms50);
  /* A testbed with custom ioctl handlers is kept alive by its reference cycle with them and
   * never removes its folder: remove it here. */
  root = g_strdup (umockdev_testbed_get_root_dir (f->testbed));
  g_object_unref (f->testbed);
  cabine_test_remove_tree (root);
  g_ptr_array_unref (f->measurements);
  g_ptr_array_unref (f->errors);
  g_free (f->added_id);
  g_free (f->added_description);
  g_free (f->removed_id);
}

static gboolean
run_until (Fixture *f, gboolean (*done) (Fixture *), guint timeout_ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (!done (f) && g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
  return done (f);
}

static gboolean have_two (Fixture *f) { return f->measurements->len >= 2; }
static gboolean have_error (Fixture *f) { return f->errors->len > 0; }
static gboolean have_removed (Fixture *f) { return f->removed_id != NULL; }
static gboolean have_waveform (Fixture *f) { return f->waveform >= 30; }
static gboolean never (Fixture *f) { return FALSE; }
static gboolean omron_ended (Fixture *f) { return cabine_devsim_omron_get_ended (f->omron); }
static gboolean omron_half_sent (Fixture *f)
{
  return cabine_devsim_omron_get_gme_reports_sent (f->omron) >= 1;
}

static void
test_omron_reading (void)
{
  Fixture f = { 0 };
  CabineOmronReading sent;
  CabineMeasurement *bp, *pulse;
  const double *values;
  guint n;
  GDateTime *t;
  gsize raw_len;
  const guint8 *raw;

  omron_setup (&f, CABINE_DEVSIM_OMRON_BUSY_ONCE, 3000);
  g_assert_true (run_until (&f, have_two, 15000));
  g_assert_cmpstr (f.added_description, ==, "Omron HEM-790IT blood pressure monitor (USB 0590:0028)");
  g_assert_true (cabine_devsim_omron_get_reading (f.omron, 0, &sent));
  bp = g_ptr_array_index (f.measurements, 0);
  pulse = g_ptr_array_index (f.measurements, 1);
  g_assert_cmpint (cabine_measurement_get_kind (bp), ==, CABINE_MEASUREMENT_BLOOD_PRESSURE);
  values = cabine_measurement_get_values (bp, &n);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpfloat (values[0], ==, sent.systolic);
  g_assert_cmpfloat (values[1], ==, sent.diastolic);
  g_assert_cmpint (cabine_measurement_get_kind (pulse), ==, CABINE_MEASUREMENT_PULSE_RATE);
  g_assert_cmpfloat (cabine_measurement_get_value (pulse), ==, sent.pulse);
  for (guint i = 0; i < 2; i++)
    {
      CabineMeasurement *m = g_ptr_array_index (f.measurements, i);

      g_assert_cmpstr (cabine_measurement_get_driver (m), ==, "omron-hem790it");
      g_assert_cmpstr (cabine_measurement_get_transport (m), ==, "usb-hid");
      g_assert_cmpuint (cabine_measurement_get_usb_vid (m), ==, 0x0590);
      g_assert_cmpuint (cabine_measurement_get_usb_pid (m), ==, 0x0028);
      g_assert_cmpstr (cabine_measurement_get_model (m), ==, "Omron HEM-790IT");
      t = cabine_measurement_get_device_time (m);
      g_assert_nonnull (t);
      g_assert_cmpint (g_date_time_get_year (t), ==, (gint) sent.year);
      g_assert_cmpint (g_date_time_get_minute (t), ==, (gint) sent.minute);
      raw = g_bytes_get_data (cabine_measurement_get_raw_frame (m), &raw_len);
      g_assert_cmpuint (raw_len, ==, 17);
      g_assert_cmpmem (raw, 2, "OK", 2);
    }
  /* the busy "NO" was retried: two GMEs for one reading; then END */
  g_assert_cmpuint (cabine_devsim_omron_get_gme_count (f.omron), ==, 2);
  g_assert_true (run_until (&f, omron_ended, 5000));
  g_assert_cmpuint (f.errors->len, ==, 0);
  fixture_teardown (&f);
}

static void
test_omron_timeout (void)
{
  Fixture f = { 0 };
  const GError *e;

  omron_setup (&f, CABINE_DEVSIM_OMRON_SILENT_GME, 400);
  g_assert_true (run_until (&f, have_error, 10000));
  e = g_ptr_array_index (f.errors, 0);
  g_assert_error (e, CABINE_USB_LINK_ERROR, CABINE_USB_LINK_ERROR_TIMEOUT);
  run_until (&f, never, 500);
  g_assert_cmpuint (f.measurements->len, ==, 0);
  g_assert_false (cabine_devsim_omron_get_ended (f.omron));
  fixture_teardown (&f);
}

static void
test_omron_abort (void)
{
  Fixture f = { 0 };
  const GError *e;

  omron_setup (&f, CABINE_DEVSIM_OMRON_CORRUPT_GME, 3000);
  g_assert_true (run_until (&f, have_error, 10000));
  e = g_ptr_array_index (f.errors, 0);
  g_assert_error (e, CABINE_USB_DRIVER_ERROR, CABINE_USB_DRIVER_ERROR_PROTOCOL);
  g_assert_nonnull (strstr (e->message, "checksum"));
  run_until (&f, never, 500);
  g_assert_cmpuint (f.measurements->len, ==, 0);
  g_assert_false (cabine_devsim_omron_get_ended (f.omron));
  fixture_teardown (&f);
}

static void
test_omron_unplug (void)
{
  Fixture f = { 0 };

  omron_setup (&f, CABINE_DEVSIM_OMRON_HALF_GME, 5000);
  g_assert_true (run_until (&f, omron_half_sent, 10000));
  cabine_devsim_usb_unplug (CABINE_DEVSIM_USB (f.omron));
  g_assert_true (run_until (&f, have_removed, 5000));
  g_assert_cmpstr (f.removed_id, ==, "usb-001-006");
  run_until (&f, never, 500);
  g_assert_cmpuint (f.measurements->len, ==, 0);
  {
    g_auto(GStrv) ids = cabine_device_manager_list_devices (f.manager);
    g_assert_cmpuint (g_strv_length (ids), ==, 0);
  }
  fixture_teardown (&f);
}

static void
test_cms50_reading (void)
{
  Fixture f = { 0 };
  CabineMeasurement *spo2, *pulse;
  guint sent_spo2, sent_pulse, baud;
  gboolean enabled;
  guint16 line;
  gsize len;
  const guint8 *raw;

  cms50_setup (&f, 8000, FALSE, 3000);
  g_assert_true (run_until (&f, have_two, 15000));
  g_assert_cmpstr (f.added_description, ==, "Contec CMS50D+ pulse oximeter (USB 10c4:ea60)");
  cabine_devsim_cms50_get_uart (f.cms50, &enabled, &baud, &line);
  g_assert_true (enabled);
  g_assert_cmpuint (baud, ==, 19200);
  g_assert_cmphex (line, ==, 0x0810);
  cabine_devsim_cms50_get_values (f.cms50, &sent_spo2, &sent_pulse);
  spo2 = g_ptr_array_index (f.measurements, 0);
  pulse = g_ptr_array_index (f.measurements, 1);
  g_assert_cmpint (cabine_measurement_get_kind (spo2), ==, CABINE_MEASUREMENT_SPO2);
  g_assert_cmpfloat (cabine_measurement_get_value (spo2), ==, sent_spo2);
  g_assert_cmpint (cabine_measurement_get_kind (pulse), ==, CABINE_MEASUREMENT_PULSE_RATE);
  g_assert_cmpfloat (cabine_measurement_get_value (pulse), ==, sent_pulse);
  g_assert_cmpuint (cabine_measurement_get_mdc_code (pulse), ==, 0x481A);
  g_assert_cmpstr (cabine_measurement_get_driver (spo2), ==, "contec-cms50");
  g_assert_cmpstr (cabine_measurement_get_transport (pulse), ==, "usb-cp210x");
  g_assert_cmpuint (cabine_measurement_get_usb_vid (spo2), ==, 0x10C4);
  g_assert_cmpuint (cabine_measurement_get_usb_pid (spo2), ==, 0xEA60);
  raw = g_bytes_get_data (cabine_measurement_get_raw_frame (spo2), &len);
  g_assert_cmpuint (len, ==, 5);
  g_assert_cmphex (raw[0] & 0x80, ==, 0x80);
  g_assert_cmpuint (raw[4], ==, sent_spo2);
  /* 2 s of stable frames at 60/s were needed, each giving a pleth sample */
  g_assert_cmpuint (f.waveform, >=, 120);
  run_until (&f, never, 500);
  g_assert_cmpuint (f.measurements->len, ==, 2);  /* one pair per finger insertion */
  g_assert_cmpuint (f.errors->len, ==, 0);
  fixture_teardown (&f);
}

static void
test_cms50_timeout (void)
{
  Fixture f = { 0 };

  cms50_setup (&f, 8000, TRUE, 400);
  g_assert_true (run_until (&f, have_error, 10000));
  g_assert_error ((GError *) g_ptr_array_index (f.errors, 0), CABINE_USB_LINK_ERROR,
                  CABINE_USB_LINK_ERROR_TIMEOUT);
  g_assert_cmpuint (f.measurements->len, ==, 0);
  fixture_teardown (&f);
}

/* The kiosk stops the manager mid-stream: transfers in flight are cancelled, nothing half-made
 * is emitted, every handle is closed (checked in teardown). */
static void
test_cms50_abort (void)
{
  Fixture f = { 0 };
  guint frames;

  cms50_setup (&f, 8000, FALSE, 3000);
  g_assert_true (run_until (&f, have_waveform, 10000));
  g_assert_cmpuint (f.measurements->len, ==, 0);
  cabine_device_manager_stop (f.manager);
  g_assert_cmpuint (cabine_usb_link_count_open_handles (), ==, 0);
  frames = cabine_devsim_cms50_get_frames_sent (f.cms50);
  run_until (&f, never, 2500);
  g_assert_cmpuint (f.measurements->len, ==, 0);
  g_assert_cmpuint (cabine_devsim_cms50_get_frames_sent (f.cms50), ==, frames);
  fixture_teardown (&f);
}

static void
test_cms50_unplug (void)
{
  Fixture f = { 0 };

  cms50_setup (&f, 8000, FALSE, 3000);
  g_assert_true (run_until (&f, have_waveform, 10000));
  cabine_devsim_usb_unplug (CABINE_DEVSIM_USB (f.cms50));
  g_assert_true (run_until (&f, have_removed, 5000));
  g_assert_cmpstr (f.removed_id, ==, "usb-001-007");
  run_until (&f, never, 2500);
  g_assert_cmpuint (f.measurements->len, ==, 0);
  fixture_teardown (&f);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/devices/omron/reading", test_omron_reading);
  g_test_add_func ("/devices/omron/timeout", test_omron_timeout);
  g_test_add_func ("/devices/omron/abort", test_omron_abort);
  g_test_add_func ("/devices/omron/unplug-mid-transfer", test_omron_unplug);
  g_test_add_func ("/devices/cms50/reading", test_cms50_reading);
  g_test_add_func ("/devices/cms50/timeout", test_cms50_timeout);
  g_test_add_func ("/devices/cms50/abort", test_cms50_abort);
  g_test_add_func ("/devices/cms50/unplug-mid-transfer", test_cms50_unplug);
  return g_test_run ();
}
