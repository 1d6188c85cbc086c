/* test-camera-button.c: an exam camera's KEY_CAMERA button, found in an umockdev sysfs and read
 * from an emulated evdev node (run under umockdev-wrapper)
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-camera-button"

#include <string.h>
#include <unistd.h>
#include <linux/input.h>

#include <umockdev.h>

#include "cabine-camera-button.h"

/* An otoscope (0bda:5830): its video interface, and the uvcvideo button input below it, whose key
 * bitmap (four 64-bit words, most significant first) has KEY_CAMERA (212 = 3 × 64 + 20); and a
 * keyboard on another USB device, with KEY_CAMERA too, which must not be taken. */
static const char sysfs[] =
  "P: /devices/pci0000:00/0000:00:14.0/usb1/1-2\n"
  "E: SUBSYSTEM=usb\n"
  "E: DEVTYPE=usb_device\n"
  "A: idVendor=0bda\n"
  "A: idProduct=5830\n"
  "\n"
  "P: /devices/pci0000:00/0000:00:14.0/usb1/1-2/1-2:1.0/video4linux/video0\n"
  "E: SUBSYSTEM=video4linux\n"
  "E: DEVNAME=/dev/video0\n"
  "\n"
  "P: /devices/pci0000:00/0000:00:14.0/usb1/1-2/1-2:1.0/input/input7\n"
  "E: SUBSYSTEM=input\n"
  "A: capabilities/key=100000 0 0 0\n"
  "\n"
  "P: /devices/pci0000:00/0000:00:14.0/usb1/1-2/1-2:1.0/input/input7/event7\n"
  "N: input/event7\n"
  "E: SUBSYSTEM=input\n"
  "E: DEVNAME=/dev/input/event7\n"
  "\n"
  "P: /devices/pci0000:00/0000:00:14.0/usb1/1-3\n"
  "E: SUBSYSTEM=usb\n"
  "E: DEVTYPE=usb_device\n"
  "A: idVendor=046d\n"
  "A: idProduct=c31c\n"
  "\n"
  "P: /devices/pci0000:00/0000:00:14.0/usb1/1-3/1-3:1.0/input/input3\n"
  "E: SUBSYSTEM=input\n"
  "A: capabilities/key=100000 0 0 fffffffffffffffe\n"
  "\n"
  "P: /devices/pci0000:00/0000:00:14.0/usb1/1-3/1-3:1.0/input/input3/event3\n"
  "N: input/event3\n"
  "E: SUBSYSTEM=input\n"
  "E: DEVNAME=/dev/input/event3\n"
  "\n"
  "P: /devices/pci0000:00/0000:00:14.0/usb1/1-4\n"
  "E: SUBSYSTEM=usb\n"
  "E: DEVTYPE=usb_device\n"
  "A: idVendor=1234\n"
  "A: idProduct=0001\n"
  "\n"
  "P: /devices/pci0000:00/0000:00:14.0/usb1/1-4/1-4:1.0/video4linux/video2\n"
  "E: SUBSYSTEM=video4linux\n"
  "\n"
  "P: /devices/pci0000:00/0000:00:14.0/usb1/1-4/1-4:1.1/input/input9\n"
  "E: SUBSYSTEM=input\n"
  "A: capabilities/key=40000000\n"
  "\n"
  "P: /devices/pci0000:00/0000:00:14.0/usb1/1-4/1-4:1.1/input/input9/event9\n"
  "N: input/event9\n"
  "E: SUBSYSTEM=input\n"
  "E: DEVNAME=/dev/input/event9\n"
  "\n"
  "P: /devices/platform/vivid.0/video4linux/video1\n"
  "E: SUBSYSTEM=video4linux\n";

#define OTOSCOPE_VIDEO "/sys/devices/pci0000:00/0000:00:14.0/usb1/1-2/1-2:1.0/video4linux/video0"

static UMockdevTestbed *
testbed_new (void)
{
  g_autoptr(GError) error = NULL;
  UMockdevTestbed *testbed = umockdev_testbed_new ();

  g_assert_true (umockdev_testbed_add_from_string (testbed, sysfs, &error));
  g_assert_no_error (error);
  return testbed;
}

static void
write_event (int      fd,
             guint16  type,
             guint16  code,
             gint32   value,
             gsize    from,
             gsize    to)
{
  struct input_event event;

  memset (&event, 0, sizeof event);
  event.type = type;
  event.code = code;
  event.value = value;
  g_assert_cmpint (write (fd, (const guint8 *) &event + from, to - from), ==, (gssize) (to - from));
}

static void
on_pressed (CabineCameraButton *button,
            guint              *presses)
{
  (*presses)++;
}

static void
spin (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < until)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (2000);
}

static void
test_press (void)
{
  g_autoptr(UMockdevTestbed) testbed = testbed_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CabineCameraButton) button = cabine_camera_button_new (OTOSCOPE_VIDEO, &error);
  guint presses = 0;
  int fd;

  g_assert_no_error (error);
  g_assert_cmpstr (cabine_camera_button_get_device_node (button), ==, "/dev/input/event7");
  g_signal_connect (button, "pressed", G_CALLBACK (on_pressed), &presses);
  fd = umockdev_testbed_get_dev_fd (testbed, "/dev/input/event7");
  g_assert_cmpint (fd, >=, 0);

  /* Press, autorepeat, sync, release: one press. */
  write_event (fd, EV_KEY, KEY_CAMERA, 1, 0, sizeof (struct input_event));
  write_event (fd, EV_SYN, SYN_REPORT, 0, 0, sizeof (struct input_event));
  write_event (fd, EV_KEY, KEY_CAMERA, 2, 0, sizeof (struct input_event));
  write_event (fd, EV_KEY, KEY_CAMERA, 0, 0, sizeof (struct input_event));
  spin (200);
  g_assert_cmpuint (presses, ==, 1);

  /* Another key, and a KEY_CAMERA value in another event type: nothing. */
  write_event (fd, EV_KEY, KEY_VOLUMEUP, 1, 0, sizeof (struct input_event));
  write_event (fd, EV_MSC, KEY_CAMERA, 1, 0, sizeof (struct input_event));
  spin (100);
  g_assert_cmpuint (presses, ==, 1);

  /* A record split across two reads. */
  write_event (fd, EV_KEY, KEY_CAMERA, 1, 0, 10);
  spin (100);
  g_assert_cmpuint (presses, ==, 1);
  write_event (fd, EV_KEY, KEY_CAMERA, 1, 10, sizeof (struct input_event));
  spin (100);
  g_assert_cmpuint (presses, ==, 2);

  /* Gone: nothing more is reported, and no crash at the next event. */
  g_clear_object (&button);
  write_event (fd, EV_KEY, KEY_CAMERA, 1, 0, sizeof (struct input_event));
  spin (100);
  g_assert_cmpuint (presses, ==, 2);
}

static void
test_not_found (void)
{
  g_autoptr(UMockdevTestbed) testbed = testbed_new ();
  g_autoptr(GError) error = NULL;
  CabineCameraButton *button;

  /* A camera whose USB device only has a keyboard-like input (no KEY_CAMERA). */
  button = cabine_camera_button_new ("/sys/devices/pci0000:00/0000:00:14.0/usb1/1-4/1-4:1.0/"
                                     "video4linux/video2", &error);
  g_assert_null (button);
  g_assert_error (error, CABINE_CAMERA_BUTTON_ERROR, CABINE_CAMERA_BUTTON_ERROR_NO_BUTTON);
  g_clear_error (&error);

  /* A camera that is not on USB. */
  button = cabine_camera_button_new ("/sys/devices/platform/vivid.0/video4linux/video1", &error);
  g_assert_null (button);
  g_assert_error (error, CABINE_CAMERA_BUTTON_ERROR, CABINE_CAMERA_BUTTON_ERROR_NOT_USB);
  g_clear_error (&error);

  /* Nonsense paths. */
  button = cabine_camera_button_new ("/sys/devices/../../etc", &error);
  g_assert_null (button);
  g_assert_error (error, CABINE_CAMERA_BUTTON_ERROR, CABINE_CAMERA_BUTTON_ERROR_NOT_USB);
  g_clear_error (&error);
  button = cabine_camera_button_new ("", &error);
  g_assert_null (button);
  g_assert_error (error, CABINE_CAMERA_BUTTON_ERROR, CABINE_CAMERA_BUTTON_ERROR_NOT_USB);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/devices/camera-button/press", test_press);
  g_test_add_func ("/devices/camera-button/not-found", test_not_found);
  return g_test_run ();
}
