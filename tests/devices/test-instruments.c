/* test-instruments.c: four emulated IEEE 11073 instruments at once (thermometer, blood pressure,
 * pulse oximeter, scale) through CabineDeviceManager and the real libusb, under umockdev
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-instruments"

#include "cabine-test-tree.h"
#include "cabine-device-manager.h"
#include "cabine-devsim-phdc.h"

#define N_KINDS 4

typedef struct {
  GPtrArray *measurements;
  guint added, errors;
} Fixture;

static void
on_added (CabineDeviceManager *m, const char *id, const char *description, Fixture *f)
{
  g_test_message ("added %s: %s", id, description);
  f->added++;
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
  f->errors++;
}

static CabineMeasurement *
find (Fixture *f, CabineMeasurementKind kind, guint16 pid)
{
  for (guint i = 0; i < f->measurements->len; i++)
    {
      CabineMeasurement *m = g_ptr_array_index (f->measurements, i);

      if (cabine_measurement_get_kind (m) == kind && cabine_measurement_get_usb_pid (m) == pid)
        return m;
    }
  return NULL;
}

static gboolean
all_seen (Fixture *f)
{
  return find (f, CABINE_MEASUREMENT_BODY_TEMPERATURE, 1) && find (f, CABINE_MEASUREMENT_BLOOD_PRESSURE, 2) &&
         find (f, CABINE_MEASUREMENT_PULSE_RATE, 2) && find (f, CABINE_MEASUREMENT_SPO2, 3) &&
         find (f, CABINE_MEASUREMENT_PULSE_RATE, 3) && find (f, CABINE_MEASUREMENT_BODY_WEIGHT, 4);
}

static void
check_provenance (CabineMeasurement *m, CabineDevsimKind kind)
{
  const CabineDevsimProfile *p = cabine_devsim_profile (kind);

  g_assert_cmphex (cabine_measurement_get_usb_vid (m), ==, CABINE_DEVSIM_VID);
  g_assert_cmphex (cabine_measurement_get_usb_pid (m), ==, p->usb_pid);
  g_assert_cmphex (cabine_measurement_get_dev_config_id (m), ==, p->dev_config_id);
  g_assert_cmpstr (cabine_measurement_get_manufacturer (m), ==, CABINE_DEVSIM_MANUFACTURER);
  g_assert_cmpstr (cabine_measurement_get_model (m), ==, p->model);
  g_assert_cmpstr (cabine_measurement_get_serial (m), ==, p->serial);
  g_assert_cmpstr (cabine_measurement_get_transport (m), ==, "usb-phdc");
  g_assert_nonnull (cabine_measurement_get_raw_frame (m));
}

static void
test_all_kinds (void)
{
  g_autoptr(GError) error = NULL;
  UMockdevTestbed *testbed = umockdev_testbed_new ();
  g_autofree char *root = g_strdup (umockdev_testbed_get_root_dir (testbed));
  g_autoptr(CabineDeviceManager) manager = cabine_device_manager_new ();
  CabineDevsimPhdc *sims[N_KINDS];
  Fixture f = { g_ptr_array_new_with_free_func (g_object_unref) };
  gint64 end;
  CabineMeasurement *m;
  const double *v;
  guint n;

  for (guint k = 0; k < N_KINDS; k++)
    {
      g_autofree char *syspath = NULL;

      sims[k] = cabine_devsim_phdc_new_kind ((CabineDevsimKind) k, 300, 1);
      syspath = cabine_devsim_phdc_add (sims[k], testbed, 2 + k, &error);
      g_assert_no_error (error);
    }
  g_signal_connect (manager, "device-added", G_CALLBACK (on_added), &f);
  g_signal_connect (manager, "measurement", G_CALLBACK (on_measurement), &f);
  g_signal_connect (manager, "device-error", G_CALLBACK (on_error), &f);
  cabine_device_manager_start (manager, &error);
  g_assert_no_error (error);

  end = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while (!all_seen (&f) && g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
  g_assert_true (all_seen (&f));
  g_assert_cmpuint (f.added, ==, N_KINDS);
  g_assert_cmpuint (f.errors, ==, 0);

  m = find (&f, CABINE_MEASUREMENT_BODY_TEMPERATURE, 1);
  check_provenance (m, CABINE_DEVSIM_KIND_THERMOMETER);
  g_assert_cmpfloat (cabine_measurement_get_value (m), >=, 36.3);
  g_assert_cmpfloat (cabine_measurement_get_value (m), <=, 37.9);

  m = find (&f, CABINE_MEASUREMENT_BLOOD_PRESSURE, 2);
  check_provenance (m, CABINE_DEVSIM_KIND_BLOOD_PRESSURE);
  v = cabine_measurement_get_values (m, &n);
  g_assert_cmpuint (n, ==, 3);
  g_assert_cmpfloat (v[0], >, v[2]);   /* systolic > mean > diastolic */
  g_assert_cmpfloat (v[2], >, v[1]);
  g_assert_cmpstr (cabine_measurement_get_ucum_unit (m), ==, "mm[Hg]");
  g_assert_nonnull (cabine_measurement_get_device_time (m));
  m = find (&f, CABINE_MEASUREMENT_PULSE_RATE, 2);
  g_assert_cmphex (cabine_measurement_get_mdc_code (m), ==, 0x482A);

  m = find (&f, CABINE_MEASUREMENT_SPO2, 3);
  check_provenance (m, CABINE_DEVSIM_KIND_PULSE_OXIMETER);
  g_assert_cmpfloat (cabine_measurement_get_value (m), >=, 94);
  g_assert_cmpfloat (cabine_measurement_get_value (m), <=, 99);
  m = find (&f, CABINE_MEASUREMENT_PULSE_RATE, 3);
  g_assert_cmphex (cabine_measurement_get_mdc_code (m), ==, 0x481A);
  g_assert_cmpuint (cabine_measurement_get_handle (m), ==, 10);

  m = find (&f, CABINE_MEASUREMENT_BODY_WEIGHT, 4);
  check_provenance (m, CABINE_DEVSIM_KIND_SCALE);
  g_assert_cmpfloat (cabine_measurement_get_value (m), >=, 55);
  g_assert_cmpfloat (cabine_measurement_get_value (m), <=, 95);
  g_assert_cmpstr (cabine_measurement_get_ucum_unit (m), ==, "kg");

  for (guint k = 0; k < N_KINDS; k++)
    {
      double first;
      g_autoptr(GBytes) frame = NULL;

      g_assert_cmpuint (cabine_devsim_phdc_get_errors (sims[k]), ==, 0);
      g_assert_true (cabine_devsim_phdc_get_sent_report (sims[k], 0, &first, &frame));
    }

  cabine_device_manager_stop (manager);
  for (guint k = 0; k < N_KINDS; k++)
    g_object_unref (sims[k]);
  g_ptr_array_unref (f.measurements);
  /* kept alive by its reference cycle with the simulators' ioctl handlers: its folder stays */
  g_object_unref (testbed);
  cabine_test_remove_tree (root);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/devices/instruments/all-kinds", test_all_kinds);
  return g_test_run ();
}
