/* cabine-camera-sim-provider.c: a GStreamer device provider announcing simulated exam cameras
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "cabine-camera"

#include "cabine-camera-sim-provider.h"

#include "cabine-camera-monitor.h"
#include "cabine-camera-sim-device.h"

static const struct {
  const char *role;
  const char *name;
  guint16 product_id;
  const char *pattern;
  gboolean mjpeg;
} cameras[] = {
  /* One raw camera and one Motion-JPEG one, as most USB cameras deliver their largest sizes: both
   * paths of the call's sources (cabine-call-sources.c) run in demos and tests. */
  { "otoscope", "Cabine simulated otoscope", CABINE_CAMERA_SIM_OTOSCOPE_PRODUCT_ID, "pinwheel",
    FALSE },
  { "dermatoscope", "Cabine simulated dermatoscope", CABINE_CAMERA_SIM_DERMATOSCOPE_PRODUCT_ID,
    "checkers-8", TRUE },
};

struct _CabineCameraSimProvider {
  GstDeviceProvider parent_instance;

  GstDevice *devices[G_N_ELEMENTS (cameras)];   /* announced, while started */
  gboolean started;
};

G_DEFINE_TYPE (CabineCameraSimProvider, cabine_camera_sim_provider, GST_TYPE_DEVICE_PROVIDER)

/* Main thread only, as the provider's start/stop run from the monitor's caller. */
static gboolean plugged[G_N_ELEMENTS (cameras)];
static CabineCameraSimProvider *running;

static GstDevice *
make_device (guint i)
{
  return cabine_camera_sim_device_new (cameras[i].name, CABINE_CAMERA_SIM_VENDOR_ID,
                                       cameras[i].product_id, cameras[i].pattern,
                                       cameras[i].mjpeg);
}

static GList *
cabine_camera_sim_provider_probe (GstDeviceProvider *provider)
{
  GList *list = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cameras); i++)
    if (plugged[i])
      list = g_list_append (list, gst_object_ref_sink (make_device (i)));
  return list;
}

static void
announce (CabineCameraSimProvider *self,
          guint                    i,
          gboolean                 present)
{
  if (present && self->devices[i] == NULL)
    {
      /* Ours (a plain reference) and the provider's (the floating one it sinks). */
      self->devices[i] = gst_object_ref (make_device (i));
      gst_device_provider_device_add (GST_DEVICE_PROVIDER (self), self->devices[i]);
    }
  else if (!present && self->devices[i] != NULL)
    {
      gst_device_provider_device_remove (GST_DEVICE_PROVIDER (self), self->devices[i]);
      gst_clear_object (&self->devices[i]);
    }
}

static gboolean
cabine_camera_sim_provider_start (GstDeviceProvider *provider)
{
  CabineCameraSimProvider *self = CABINE_CAMERA_SIM_PROVIDER (provider);

  self->started = TRUE;
  running = self;
  for (guint i = 0; i < G_N_ELEMENTS (cameras); i++)
    announce (self, i, plugged[i]);
  return TRUE;
}

static void
cabine_camera_sim_provider_stop (GstDeviceProvider *provider)
{
  CabineCameraSimProvider *self = CABINE_CAMERA_SIM_PROVIDER (provider);

  for (guint i = 0; i < G_N_ELEMENTS (cameras); i++)
    announce (self, i, FALSE);
  self->started = FALSE;
  if (running == self)
    running = NULL;
}

static void
cabine_camera_sim_provider_class_init (CabineCameraSimProviderClass *klass)
{
  GstDeviceProviderClass *provider_class = GST_DEVICE_PROVIDER_CLASS (klass);

  provider_class->probe = cabine_camera_sim_provider_probe;
  provider_class->start = cabine_camera_sim_provider_start;
  provider_class->stop = cabine_camera_sim_provider_stop;
  gst_device_provider_class_set_static_metadata (provider_class, "Cabine simulated cameras",
                                                 "Video/Source", "Simulated exam cameras for demos "
                                                 "and tests", "The Cabine developers");
}

static void
cabine_camera_sim_provider_init (CabineCameraSimProvider *self)
{
}

gboolean
cabine_camera_sim_provider_register (const char  *which,
                                     GError     **error)
{
  static gboolean registered;
  gboolean wanted[G_N_ELEMENTS (cameras)] = { FALSE, };
  g_auto(GStrv) names = NULL;

  g_return_val_if_fail (which != NULL, FALSE);

  if (g_str_equal (which, "1") || g_str_equal (which, "all") || g_str_equal (which, "yes"))
    for (guint i = 0; i < G_N_ELEMENTS (cameras); i++)
      wanted[i] = TRUE;
  else if (!g_str_equal (which, "none"))
    {
      names = g_strsplit (which, ",", -1);
      for (guint n = 0; names[n] != NULL; n++)
        {
          gboolean known = FALSE;

          for (guint i = 0; i < G_N_ELEMENTS (cameras); i++)
            if (g_str_equal (g_strstrip (names[n]), cameras[i].role))
              wanted[i] = known = TRUE;
          if (!known)
            {
              g_set_error (error, CABINE_CAMERA_MONITOR_ERROR,
                           CABINE_CAMERA_MONITOR_ERROR_INVALID_RULE,
                           "CABINE_SIM_CAMERAS: unknown simulated camera \"%s\" (otoscope, "
                           "dermatoscope, all or none)", names[n]);
              return FALSE;
            }
        }
    }
  if (!registered)
    {
      if (!gst_device_provider_register (NULL, CABINE_CAMERA_SIM_PROVIDER_NAME, GST_RANK_PRIMARY,
                                         CABINE_TYPE_CAMERA_SIM_PROVIDER))
        {
          g_set_error (error, CABINE_CAMERA_MONITOR_ERROR, CABINE_CAMERA_MONITOR_ERROR_NO_PROVIDER,
                       "cannot register the simulated camera provider");
          return FALSE;
        }
      registered = TRUE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (cameras); i++)
    cabine_camera_sim_provider_set_plugged (cameras[i].role, wanted[i]);
  return TRUE;
}

gboolean
cabine_camera_sim_provider_set_plugged (const char *role,
                                        gboolean    present)
{
  for (guint i = 0; role != NULL && i < G_N_ELEMENTS (cameras); i++)
    if (g_str_equal (role, cameras[i].role))
      {
        plugged[i] = present;
        if (running != NULL && running->started)
          announce (running, i, present);
        return TRUE;
      }
  return FALSE;
}
