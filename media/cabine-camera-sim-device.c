/* cabine-camera-sim-device.c: one simulated exam camera (a GstDevice whose element is videotestsrc)
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "cabine-camera"

#include "cabine-camera-sim-device.h"

struct _CabineCameraSimDevice {
  GstDevice parent_instance;

  char *pattern;
  gboolean mjpeg;
};

G_DEFINE_TYPE (CabineCameraSimDevice, cabine_camera_sim_device, GST_TYPE_DEVICE)

/* How far the simulated picture scrolls each frame, in pixels. */
#define SCROLL_PX_PER_FRAME 4

static char *
native_caps (gboolean mjpeg)
{
  return g_strdup_printf ("%s,width=%d,height=%d,framerate=%d/1,pixel-aspect-ratio=1/1",
                          mjpeg ? "image/jpeg" : "video/x-raw,format=I420",
                          CABINE_CAMERA_SIM_WIDTH, CABINE_CAMERA_SIM_HEIGHT, CABINE_CAMERA_SIM_FPS);
}

static GstElement *
cabine_camera_sim_device_create_element (GstDevice  *device,
                                         const char *name)
{
  CabineCameraSimDevice *self = CABINE_CAMERA_SIM_DEVICE (device);
  g_autofree char *raw = native_caps (FALSE);
  g_autofree char *caps = native_caps (self->mjpeg);
  g_autofree char *description = NULL;
  g_autoptr(GError) error = NULL;
  GstElement *bin;

  /* The pattern scrolls, so that each frame differs from the last: a still or a frame the call
   * shows late is told from a fresh one. */
  if (self->mjpeg)
    description = g_strdup_printf ("videotestsrc is-live=true pattern=%s horizontal-speed=%d ! "
                                   "capsfilter caps=\"%s\" ! jpegenc ! capsfilter caps=\"%s\"",
                                   self->pattern, SCROLL_PX_PER_FRAME, raw, caps);
  else
    description = g_strdup_printf ("videotestsrc is-live=true pattern=%s horizontal-speed=%d ! "
                                   "capsfilter caps=\"%s\"", self->pattern, SCROLL_PX_PER_FRAME,
                                   caps);
  bin = gst_parse_bin_from_description (description, TRUE, &error);
  if (bin == NULL)
    {
      g_warning ("simulated camera: %s", error->message);
      return NULL;
    }
  if (name != NULL)
    gst_object_set_name (GST_OBJECT (bin), name);
  return bin;
}

static void
cabine_camera_sim_device_finalize (GObject *object)
{
  CabineCameraSimDevice *self = CABINE_CAMERA_SIM_DEVICE (object);

  g_free (self->pattern);
  G_OBJECT_CLASS (cabine_camera_sim_device_parent_class)->finalize (object);
}

static void
cabine_camera_sim_device_class_init (CabineCameraSimDeviceClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cabine_camera_sim_device_finalize;
  GST_DEVICE_CLASS (klass)->create_element = cabine_camera_sim_device_create_element;
}

static void
cabine_camera_sim_device_init (CabineCameraSimDevice *self)
{
}

GstDevice *
cabine_camera_sim_device_new (const char *display_name,
                              guint16     vendor_id,
                              guint16     product_id,
                              const char *pattern,
                              gboolean    mjpeg)
{
  g_autofree char *caps_text = native_caps (mjpeg);
  g_autofree char *vendor = g_strdup_printf ("%04x", vendor_id);
  g_autofree char *product = g_strdup_printf ("%04x", product_id);
  g_autofree char *serial = g_strdup_printf ("CABINE-SIM-%04x", product_id);
  g_autoptr(GstCaps) caps = gst_caps_from_string (caps_text);
  g_autoptr(GstStructure) props = NULL;
  CabineCameraSimDevice *self;

  g_return_val_if_fail (display_name != NULL && pattern != NULL, NULL);

  props = gst_structure_new ("cabine-sim-camera",
                             "device.api", G_TYPE_STRING, "cabine-sim",
                             "device.bus", G_TYPE_STRING, "usb",
                             "device.vendor.id", G_TYPE_STRING, vendor,
                             "device.vendor.name", G_TYPE_STRING, "Cabine",
                             "device.product.id", G_TYPE_STRING, product,
                             "device.product.name", G_TYPE_STRING, display_name,
                             "device.serial", G_TYPE_STRING, serial,
                             NULL);
  self = g_object_new (CABINE_TYPE_CAMERA_SIM_DEVICE, "display-name", display_name,
                       "device-class", "Video/Source", "caps", caps, "properties", props, NULL);
  self->pattern = g_strdup (pattern);
  self->mjpeg = mjpeg;
  return GST_DEVICE (self);
}
