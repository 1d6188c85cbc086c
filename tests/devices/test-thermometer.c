/* test-thermometer.c: CabineDeviceManager against the umockdev-emulated PHDC thermometer
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs under umockdev-wrapper: the testbed lives in this process, libusb is the real one.
 */
#define G_LOG_DOMAIN "test-thermometer"

#include "cabine-device-manager.h"
#include "cabine-devsim-phdc.h"

typedef struct {
  UMockdevTestbed *testbed;
  CabineDevsimPhdc *sim;
  CabineDeviceManager *manager;
  char *added_id, *added_description, *removed_id;
  GPtrArray *measurements;
  GPtrArray *errors;
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
  g_ptr_array_add (f->errors, g_strdup (error->message));
}

static void
fixture_setup (Fixture *f, guint interval_ms, guint count)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *syspath = NULL;

  f->testbed = umockdev_testbed_new ();
  f->sim = cabine_devsim_phdc_new (interval_ms, count);
  syspath = cabine_devsim_phdc_add (f->sim, f->testbed, 2, &error);
  g_assert_no_error (error);
  g_assert_nonnull (syspath);
  f->measurements = g_ptr_array_new_with_free_func (g_object_unref);
  f->errors = g_ptr_array_new_with_free_func (g_free);
  f->manager = cabine_device_manager_new ();
  g_signal_connect (f->manager, "device-added", G_CALLBACK (on_added), f);
  g_signal_connect (f->manager, "device-removed", G_CALLBACK (on_removed), f);
  g_signal_connect (f->manager, "measurement", G_CALLBACK (on_measurement), f);
  g_signal_connect (f->manager, "device-error", G_CALLBACK (on_error), f);
  cabine_device_manager_start (f->manager, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture *f)
{
  cabine_device_manager_stop (f->manager);
  g_object_unref (f->manager);
  g_object_unref (f->sim);
  g_object_unref (f->testbed);
  g_ptr_array_unref (f->measurements);
  g_ptr_array_unref (f->errors);
  g_free (f->added_id);
  g_free (f->added_description);
  g_free (f->removed_id);
}

/* Iterate the default context until @done(f) or @timeout_ms; returns done(f). */
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

static gboolean have_measurement (Fixture *f) { return f->measurements->len > 0; }
static gboolean have_added (Fixture *f) { return f->added_id != NULL; }
static gboolean have_removed (Fixture *f) { return f->removed_id != NULL; }
static gboolean never (Fixture *f) { return FALSE; }

static gboolean
agent_done (Fixture *f)
{
  return cabine_devsim_phdc_get_agent_state (f->sim) == CABINE_DEVSIM_AGENT_DONE;
}

static gboolean
agent_operating (Fixture *f)
{
  return cabine_devsim_phdc_get_agent_state (f->sim) == CABINE_DEVSIM_AGENT_OPERATING;
}

static void
test_reading (void)
{
  Fixture f = { 0 };
  CabineMeasurement *m;
  g_autoptr(GBytes) sent_frame = NULL;
  g_autoptr(GDateTime) now = NULL;
  double sent_celsius;
  GDateTime *device_time;

  fixture_setup (&f, 300, 1);

  g_assert_true (run_until (&f, have_measurement, 15000));
  g_assert_cmpstr (f.added_id, ==, "usb-001-002");
  g_assert_cmpstr (f.added_description, ==, "IEEE 11073 thermometer (USB 1209:0001)");
  g_assert_cmpuint (f.measurements->len, ==, 1);
  m = g_ptr_array_index (f.measurements, 0);

  g_assert_true (cabine_devsim_phdc_get_sent_report (f.sim, 0, &sent_celsius, &sent_frame));
  g_assert_cmpint (cabine_measurement_get_kind (m), ==, CABINE_MEASUREMENT_BODY_TEMPERATURE);
  g_assert_cmpfloat_with_epsilon (cabine_measurement_get_value (m), sent_celsius, 1e-9);
  g_assert_cmpfloat (cabine_measurement_get_value (m), >=, 36.3);
  g_assert_cmpfloat (cabine_measurement_get_value (m), <=, 37.9);
  g_assert_cmpstr (cabine_measurement_get_ucum_unit (m), ==, "Cel");
  g_assert_cmpuint (cabine_measurement_get_mdc_code (m), ==, 19292);
  g_assert_cmpstr (cabine_measurement_get_loinc_code (m), ==, "8310-5");
  g_assert_true (g_bytes_equal (cabine_measurement_get_raw_frame (m), sent_frame));
  device_time = cabine_measurement_get_device_time (m);
  g_assert_nonnull (device_time);
  now = g_date_time_new_now_local ();
  g_assert_cmpint (ABS (g_date_time_difference (now, device_time)), <, 30 * G_TIME_SPAN_SECOND);
  g_assert_cmpuint (cabine_measurement_get_usb_vid (m), ==, 0x1209);
  g_assert_cmpuint (cabine_measurement_get_usb_pid (m), ==, 0x0001);
  g_assert_cmpstr (cabine_measurement_get_transport (m), ==, "usb-phdc");
  g_assert_cmpstr (cabine_measurement_get_driver (m), ==, "ieee11073-20601");
  g_assert_cmpuint (cabine_measurement_get_dev_config_id (m), ==, 0x0320);
  g_assert_cmpstr (cabine_measurement_get_manufacturer (m), ==, CABINE_DEVSIM_MANUFACTURER);
  g_assert_cmpstr (cabine_measurement_get_model (m), ==, CABINE_DEVSIM_MODEL);
  g_assert_cmpstr (cabine_measurement_get_serial (m), ==, CABINE_DEVSIM_SERIAL);
  g_assert_cmpstr (cabine_measurement_get_firmware (m), ==, CABINE_DEVSIM_FIRMWARE);

  /* the agent got the right response to its report, then released with RLRQ/RLRE */
  g_assert_true (run_until (&f, agent_done, 5000));
  g_assert_cmpuint (cabine_devsim_phdc_get_acknowledged (f.sim), ==, 1);
  g_assert_cmpuint (cabine_devsim_phdc_get_errors (f.sim), ==, 0);
  g_assert_cmpuint (f.errors->len, ==, 0);
  g_assert_null (f.removed_id);
  fixture_teardown (&f);
}

static void
test_unplug_mid_association (void)
{
  Fixture f = { 0 };

  /* first report 1.5 s after association: unplug in between */
  fixture_setup (&f, 1500, 1);
  g_assert_true (run_until (&f, have_added, 10000));
  g_assert_true (run_until (&f, agent_operating, 5000));
  cabine_devsim_phdc_unplug (f.sim);

  g_assert_true (run_until (&f, have_removed, 5000));
  g_assert_cmpstr (f.removed_id, ==, "usb-001-002");
  run_until (&f, never, 2500);
  g_assert_cmpuint (f.measurements->len, ==, 0);
  {
    g_auto(GStrv) ids = cabine_device_manager_list_devices (f.manager);
    g_assert_cmpuint (g_strv_length (ids), ==, 0);
  }
  fixture_teardown (&f);
}

/* Hotplug: the manager runs on an empty bus; the thermometer is plugged in afterwards (umockdev
 * emits the "add" uevent because the test runs under umockdev-wrapper, in_mock_environment()),
 * libusb's hotplug (or the manager's rescan) picks it up, it reads, then it is unplugged. */
static void
test_hotplug_arrival (void)
{
  Fixture f = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *syspath = NULL;

  f.testbed = umockdev_testbed_new ();
  /* the testbed sets $UMOCKDEV_DIR; with the preload that makes added devices send "add" */
  g_assert_true (umockdev_in_mock_environment ());
  f.sim = cabine_devsim_phdc_new (300, 0);   /* reports every 300 ms, never releases */
  f.measurements = g_ptr_array_new_with_free_func (g_object_unref);
  f.errors = g_ptr_array_new_with_free_func (g_free);
  f.manager = cabine_device_manager_new ();
  g_signal_connect (f.manager, "device-added", G_CALLBACK (on_added), &f);
  g_signal_connect (f.manager, "device-removed", G_CALLBACK (on_removed), &f);
  g_signal_connect (f.manager, "measurement", G_CALLBACK (on_measurement), &f);
  g_signal_connect (f.manager, "device-error", G_CALLBACK (on_error), &f);
  cabine_device_manager_start (f.manager, &error);
  g_assert_no_error (error);

  /* nothing there yet */
  run_until (&f, never, 500);
  g_assert_null (f.added_id);
  {
    g_auto(GStrv) ids = cabine_device_manager_list_devices (f.manager);
    g_assert_cmpuint (g_strv_length (ids), ==, 0);
  }

  /* plug it in: it must arrive through the uevent (libusb hotplug), sooner than the manager's
   * fallback rescan (every 2 s, only without hotplug, the first 2 s after start) could find it */
  syspath = cabine_devsim_phdc_add (f.sim, f.testbed, 5, &error);
  g_assert_no_error (error);
  g_assert_nonnull (syspath);
  g_assert_true (run_until (&f, have_added, 1000));
  g_assert_cmpstr (f.added_id, ==, "usb-001-005");
  g_assert_true (run_until (&f, have_measurement, 10000));
  g_assert_cmpint (cabine_measurement_get_kind (g_ptr_array_index (f.measurements, 0)), ==,
                   CABINE_MEASUREMENT_BODY_TEMPERATURE);
  {
    g_auto(GStrv) ids = cabine_device_manager_list_devices (f.manager);
    g_assert_cmpuint (g_strv_length (ids), ==, 1);
    g_assert_cmpstr (ids[0], ==, "usb-001-005");
  }

  /* and out again */
  cabine_devsim_phdc_unplug (f.sim);
  g_assert_true (run_until (&f, have_removed, 5000));
  g_assert_cmpstr (f.removed_id, ==, "usb-001-005");
  {
    g_auto(GStrv) ids = cabine_device_manager_list_devices (f.manager);
    g_assert_cmpuint (g_strv_length (ids), ==, 0);
  }
  g_assert_cmpuint (cabine_devsim_phdc_get_errors (f.sim), ==, 0);
  fixture_teardown (&f);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/devices/thermometer/reading", test_reading);
  g_test_add_func ("/devices/thermometer/unplug-mid-association", test_unplug_mid_association);
  g_test_add_func ("/devices/thermometer/hotplug-arrival", test_hotplug_arrival);
  return g_test_run ();
}
