/* test-camera-monitor.c: camera roles from rules, with the in-process simulated provider
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-camera-monitor"

#include <string.h>

#include <gst/gst.h>

#include "cabine-camera-monitor.h"
#include "cabine-camera-sim-device.h"
#include "cabine-camera-sim-provider.h"

typedef struct {
  GString *log;   /* "+otoscope:NAME;" and "-otoscope:NAME;" in order */
} Events;

static void
on_added (CabineCameraMonitor *monitor,
          guint                role,
          GstDevice           *device,
          Events              *events)
{
  g_autofree char *name = gst_device_get_display_name (device);

  g_string_append_printf (events->log, "+%s:%s;", cabine_camera_role_to_string (role), name);
}

static void
on_removed (CabineCameraMonitor *monitor,
            guint                role,
            GstDevice           *device,
            Events              *events)
{
  g_autofree char *name = gst_device_get_display_name (device);

  g_string_append_printf (events->log, "-%s:%s;", cabine_camera_role_to_string (role), name);
}

/* Lets the monitor's bus watch deliver what the provider posted. */
static void
spin (void)
{
  gint64 until = g_get_monotonic_time () + 200 * 1000;

  while (g_get_monotonic_time () < until)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (5000);
}

static CabineCameraMonitor *
start_monitor (const char *otoscope,
               const char *dermatoscope,
               Events     *events)
{
  g_autoptr(GError) error = NULL;
  CabineCameraMonitor *monitor = cabine_camera_monitor_new ();

  g_assert_true (cabine_camera_monitor_set_rule (monitor, CABINE_CAMERA_ROLE_OTOSCOPE, otoscope,
                                                 &error));
  g_assert_no_error (error);
  g_assert_true (cabine_camera_monitor_set_rule (monitor, CABINE_CAMERA_ROLE_DERMATOSCOPE,
                                                 dermatoscope, &error));
  g_assert_no_error (error);
  events->log = g_string_new ("");
  g_signal_connect (monitor, "camera-added", G_CALLBACK (on_added), events);
  g_signal_connect (monitor, "camera-removed", G_CALLBACK (on_removed), events);
  g_assert_true (cabine_camera_monitor_start (monitor, &error));
  g_assert_no_error (error);
  spin ();
  return monitor;
}

static void
assert_device (CabineCameraMonitor *monitor,
               CabineCameraRole     role,
               const char          *name)
{
  GstDevice *device = cabine_camera_monitor_get_device (monitor, role);
  g_autofree char *display = device != NULL ? gst_device_get_display_name (device) : NULL;

  g_assert_cmpstr (display, ==, name);
}

static void
test_rules (void)
{
  g_autoptr(CabineCameraMonitor) monitor = cabine_camera_monitor_new ();
  g_autoptr(GError) error = NULL;
  const char *bad[] = { "", "0bda", "0bda:583", "0bda:58300", "xyzw:5830", "0bda-5830", "name:",
                        ":", "0bda:5830:1" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_assert_false (cabine_camera_rule_check (bad[i], &error));
      g_assert_error (error, CABINE_CAMERA_MONITOR_ERROR, CABINE_CAMERA_MONITOR_ERROR_INVALID_RULE);
      g_clear_error (&error);
    }
  g_assert_false (cabine_camera_rule_check (NULL, &error));
  g_clear_error (&error);
  g_assert_true (cabine_camera_rule_check ("0BDA:5830", NULL));
  g_assert_true (cabine_camera_rule_check ("name:Otoscope HD", NULL));

  g_assert_true (cabine_camera_monitor_set_rule (monitor, CABINE_CAMERA_ROLE_OTOSCOPE, "0bda:5830",
                                                 &error));
  /* The same camera for two roles, whatever the case of the digits. */
  g_assert_false (cabine_camera_monitor_set_rule (monitor, CABINE_CAMERA_ROLE_DERMATOSCOPE,
                                                  "0BDA:5830", &error));
  g_assert_error (error, CABINE_CAMERA_MONITOR_ERROR, CABINE_CAMERA_MONITOR_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_true (cabine_camera_monitor_set_rule (monitor, CABINE_CAMERA_ROLE_ROOM, "name:Room",
                                                 &error));
  g_assert_false (cabine_camera_monitor_set_rule (monitor, CABINE_CAMERA_ROLE_DERMATOSCOPE,
                                                  "name:ROOM", &error));
  g_assert_error (error, CABINE_CAMERA_MONITOR_ERROR, CABINE_CAMERA_MONITOR_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_false (cabine_camera_monitor_has_rule (monitor, CABINE_CAMERA_ROLE_DERMATOSCOPE));
  g_assert_true (cabine_camera_monitor_has_rule (monitor, CABINE_CAMERA_ROLE_OTOSCOPE));

  g_assert_true (cabine_camera_role_from_string ("dermatoscope", NULL));
  g_assert_false (cabine_camera_role_from_string ("Otoscope", NULL));
  g_assert_false (cabine_camera_role_from_string (NULL, NULL));
  g_assert_false (cabine_camera_sim_provider_register ("otoscope,periscope", &error));
  g_assert_error (error, CABINE_CAMERA_MONITOR_ERROR, CABINE_CAMERA_MONITOR_ERROR_INVALID_RULE);
}

/* One by USB id, one by name; properties as v4l2's provider sets them. */
static void
test_usb_id_and_name (void)
{
  g_autoptr(GError) error = NULL;
  Events events;
  g_autoptr(CabineCameraMonitor) monitor = NULL;
  GstDevice *otoscope;
  g_autoptr(GstStructure) props = NULL;
  g_autoptr(GstCaps) caps = NULL;
  GstStructure *s;
  int width = 0;

  g_assert_true (cabine_camera_sim_provider_register ("all", &error));
  monitor = start_monitor ("1d6b:0C01", "name:DERMATOSCOPE", &events);
  assert_device (monitor, CABINE_CAMERA_ROLE_OTOSCOPE, "Cabine simulated otoscope");
  assert_device (monitor, CABINE_CAMERA_ROLE_DERMATOSCOPE, "Cabine simulated dermatoscope");
  assert_device (monitor, CABINE_CAMERA_ROLE_ROOM, NULL);
  g_assert_nonnull (strstr (events.log->str, "+otoscope:Cabine simulated otoscope;"));
  g_assert_nonnull (strstr (events.log->str, "+dermatoscope:Cabine simulated dermatoscope;"));

  otoscope = cabine_camera_monitor_get_device (monitor, CABINE_CAMERA_ROLE_OTOSCOPE);
  props = gst_device_get_properties (otoscope);
  g_assert_cmpstr (gst_structure_get_string (props, "device.bus"), ==, "usb");
  g_assert_cmpstr (gst_structure_get_string (props, "device.vendor.id"), ==, "1d6b");
  g_assert_cmpstr (gst_structure_get_string (props, "device.product.id"), ==, "0c01");
  g_assert_null (cabine_camera_monitor_get_sysfs_path (otoscope));
  caps = gst_device_get_caps (otoscope);
  s = gst_caps_get_structure (caps, 0);
  g_assert_true (gst_structure_get_int (s, "width", &width));
  g_assert_cmpint (width, ==, CABINE_CAMERA_SIM_WIDTH);
  g_assert_true (gst_device_has_classes (otoscope, "Video/Source"));

  cabine_camera_monitor_stop (monitor);
  assert_device (monitor, CABINE_CAMERA_ROLE_OTOSCOPE, NULL);
  g_string_free (events.log, TRUE);
}

/* A device matching no rule gets no role; VID:PID rules win over name rules. */
static void
test_precedence (void)
{
  g_autoptr(GError) error = NULL;
  Events events;
  g_autoptr(CabineCameraMonitor) monitor = NULL;

  g_assert_true (cabine_camera_sim_provider_register ("all", &error));
  /* "simulated" names both cameras; the dermatoscope's USB id wins for it. */
  monitor = start_monitor ("name:simulated", "1d6b:0c02", &events);
  assert_device (monitor, CABINE_CAMERA_ROLE_OTOSCOPE, "Cabine simulated otoscope");
  assert_device (monitor, CABINE_CAMERA_ROLE_DERMATOSCOPE, "Cabine simulated dermatoscope");
  cabine_camera_monitor_stop (monitor);
  g_string_free (events.log, TRUE);
  g_clear_object (&monitor);

  monitor = start_monitor ("0bda:5830", "name:Dermatoscope XL", &events);
  assert_device (monitor, CABINE_CAMERA_ROLE_OTOSCOPE, NULL);
  assert_device (monitor, CABINE_CAMERA_ROLE_DERMATOSCOPE, NULL);
  g_assert_cmpstr (events.log->str, ==, "");
  cabine_camera_monitor_stop (monitor);
  g_string_free (events.log, TRUE);
}

/* Cameras come and go while the monitor runs; a second match waits for the role. */
static void
test_hotplug_and_conflict (void)
{
  g_autoptr(GError) error = NULL;
  Events events;
  g_autoptr(CabineCameraMonitor) monitor = NULL;

  g_assert_true (cabine_camera_sim_provider_register ("none", &error));
  monitor = start_monitor ("name:cabine simulated", NULL, &events);
  assert_device (monitor, CABINE_CAMERA_ROLE_OTOSCOPE, NULL);

  g_assert_true (cabine_camera_sim_provider_set_plugged ("dermatoscope", TRUE));
  spin ();
  assert_device (monitor, CABINE_CAMERA_ROLE_OTOSCOPE, "Cabine simulated dermatoscope");
  g_test_expect_message ("cabine-camera", G_LOG_LEVEL_WARNING, "*also matches the otoscope rule*");
  g_assert_true (cabine_camera_sim_provider_set_plugged ("otoscope", TRUE));
  spin ();
  g_test_assert_expected_messages ();
  /* The first one keeps the role. */
  assert_device (monitor, CABINE_CAMERA_ROLE_OTOSCOPE, "Cabine simulated dermatoscope");
  g_assert_true (cabine_camera_sim_provider_set_plugged ("dermatoscope", FALSE));
  spin ();
  assert_device (monitor, CABINE_CAMERA_ROLE_OTOSCOPE, "Cabine simulated otoscope");
  g_assert_true (cabine_camera_sim_provider_set_plugged ("otoscope", FALSE));
  spin ();
  assert_device (monitor, CABINE_CAMERA_ROLE_OTOSCOPE, NULL);
  g_assert_cmpstr (events.log->str, ==,
                   "+otoscope:Cabine simulated dermatoscope;"
                   "-otoscope:Cabine simulated dermatoscope;+otoscope:Cabine simulated otoscope;"
                   "-otoscope:Cabine simulated otoscope;");
  g_assert_false (cabine_camera_sim_provider_set_plugged ("periscope", TRUE));
  cabine_camera_monitor_stop (monitor);
  g_string_free (events.log, TRUE);
}

int
main (int argc, char **argv)
{
  g_unsetenv ("GST_DEBUG");
  g_unsetenv ("CABINE_SIM_CAMERAS");
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/camera-monitor/rules", test_rules);
  g_test_add_func ("/camera-monitor/usb-id-and-name", test_usb_id_and_name);
  g_test_add_func ("/camera-monitor/precedence", test_precedence);
  g_test_add_func ("/camera-monitor/hotplug-and-conflict", test_hotplug_and_conflict);
  return g_test_run ();
}
