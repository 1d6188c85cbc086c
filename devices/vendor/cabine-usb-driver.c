/* cabine-usb-driver.c: the vendor-protocol driver base
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "cabine-usb-driver"

#include "cabine-usb-driver.h"

#include <string.h>

G_DEFINE_QUARK (cabine-usb-driver-error-quark, cabine_usb_driver_error)

typedef struct {
  libusb_device *device;
  struct libusb_device_descriptor desc;
  const char *model;
  CabineUsbLink *link;
  gboolean ended;
  guint timeout_ms;
} CabineUsbDriverPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (CabineUsbDriver, cabine_usb_driver, G_TYPE_OBJECT)

enum { PROP_0, PROP_DEVICE, N_PROPS };
enum { SIGNAL_MEASUREMENT, SIGNAL_WAVEFORM, SIGNAL_FAILED, SIGNAL_REMOVED, SIGNAL_FINISHED,
       N_SIGNALS };
static guint signals[N_SIGNALS];

#define PRIV(self) ((CabineUsbDriverPrivate *) cabine_usb_driver_get_instance_private (self))

gboolean
cabine_usb_driver_start (CabineUsbDriver *self, GError **error)
{
  CabineUsbDriverPrivate *priv = PRIV (self);
  CabineUsbDriverClass *klass = CABINE_USB_DRIVER_GET_CLASS (self);

  g_return_val_if_fail (priv->device != NULL && priv->link == NULL && !priv->ended, FALSE);
  priv->link = cabine_usb_link_open (priv->device, klass->interface, error);
  if (priv->link == NULL)
    return FALSE;
  klass->begin (self);
  return TRUE;
}

static void
close_link (CabineUsbDriverPrivate *priv)
{
  if (priv->link != NULL)
    {
      cabine_usb_link_close (priv->link);
      g_clear_object (&priv->link);
    }
}

void
cabine_usb_driver_stop (CabineUsbDriver *self)
{
  CabineUsbDriverPrivate *priv = PRIV (self);

  priv->ended = TRUE;
  close_link (priv);
}

void
cabine_usb_driver_fail (CabineUsbDriver *self, const GError *error)
{
  CabineUsbDriverPrivate *priv = PRIV (self);

  if (priv->ended)
    return;
  priv->ended = TRUE;
  close_link (priv);
  if (g_error_matches (error, CABINE_USB_LINK_ERROR, CABINE_USB_LINK_ERROR_REMOVED))
    g_signal_emit (self, signals[SIGNAL_REMOVED], 0, error);
  else
    g_signal_emit (self, signals[SIGNAL_FAILED], 0, error);
}

void
cabine_usb_driver_finish (CabineUsbDriver *self)
{
  CabineUsbDriverPrivate *priv = PRIV (self);

  if (priv->ended)
    return;
  priv->ended = TRUE;
  close_link (priv);
  g_signal_emit (self, signals[SIGNAL_FINISHED], 0);
}

void
cabine_usb_driver_emit_measurement (CabineUsbDriver *self, CabineMeasurement *m)
{
  CabineUsbDriverPrivate *priv = PRIV (self);
  const CabineUsbDriverInfo *info = CABINE_USB_DRIVER_GET_CLASS (self)->info;

  cabine_measurement_set_source (m, info->name, info->transport, priv->desc.idVendor,
                                 priv->desc.idProduct, 0);
  if (cabine_measurement_get_model (m) == NULL)
    cabine_measurement_set_device_info (m, NULL, priv->model, NULL, NULL);
  g_signal_emit (self, signals[SIGNAL_MEASUREMENT], 0, m);
}

void
cabine_usb_driver_emit_waveform (CabineUsbDriver *self, const char *name, double value)
{
  g_signal_emit (self, signals[SIGNAL_WAVEFORM], 0, name, value);
}

CabineUsbLink *cabine_usb_driver_get_link (CabineUsbDriver *self) { return PRIV (self)->link; }
guint16 cabine_usb_driver_get_vid (CabineUsbDriver *self) { return PRIV (self)->desc.idVendor; }
guint16 cabine_usb_driver_get_pid (CabineUsbDriver *self) { return PRIV (self)->desc.idProduct; }
const char *cabine_usb_driver_get_model (CabineUsbDriver *self) { return PRIV (self)->model; }
guint cabine_usb_driver_get_timeout (CabineUsbDriver *self) { return PRIV (self)->timeout_ms; }

void
cabine_usb_driver_set_timeout (CabineUsbDriver *self, guint timeout_ms)
{
  g_return_if_fail (timeout_ms >= 50 && timeout_ms <= 600000);
  PRIV (self)->timeout_ms = timeout_ms;
}

const CabineUsbDriverInfo *
cabine_usb_driver_get_info (CabineUsbDriver *self)
{
  return CABINE_USB_DRIVER_GET_CLASS (self)->info;
}

static void
cabine_usb_driver_set_property (GObject *object, guint prop_id, const GValue *value,
                                GParamSpec *pspec)
{
  CabineUsbDriver *self = CABINE_USB_DRIVER (object);
  CabineUsbDriverPrivate *priv = PRIV (self);
  const CabineUsbDriverInfo *info = CABINE_USB_DRIVER_GET_CLASS (self)->info;

  switch (prop_id)
    {
    case PROP_DEVICE:
      priv->device = g_value_get_pointer (value);
      if (priv->device != NULL)
        {
          libusb_ref_device (priv->device);
          if (libusb_get_device_descriptor (priv->device, &priv->desc) != 0)
            memset (&priv->desc, 0, sizeof priv->desc);
          for (guint i = 0; info != NULL && i < info->n_ids; i++)
            if (info->ids[i].vid == priv->desc.idVendor && info->ids[i].pid == priv->desc.idProduct)
              priv->model = info->ids[i].model;
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cabine_usb_driver_dispose (GObject *object)
{
  CabineUsbDriverPrivate *priv = PRIV (CABINE_USB_DRIVER (object));

  priv->ended = TRUE;
  close_link (priv);
  G_OBJECT_CLASS (cabine_usb_driver_parent_class)->dispose (object);
}

static void
cabine_usb_driver_finalize (GObject *object)
{
  CabineUsbDriverPrivate *priv = PRIV (CABINE_USB_DRIVER (object));

  if (priv->device != NULL)
    libusb_unref_device (priv->device);
  G_OBJECT_CLASS (cabine_usb_driver_parent_class)->finalize (object);
}

static void
cabine_usb_driver_class_init (CabineUsbDriverClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GType type = G_TYPE_FROM_CLASS (klass);

  object_class->set_property = cabine_usb_driver_set_property;
  object_class->dispose = cabine_usb_driver_dispose;
  object_class->finalize = cabine_usb_driver_finalize;
  g_object_class_install_property (object_class, PROP_DEVICE,
    g_param_spec_pointer ("device", NULL, NULL,
                          G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  signals[SIGNAL_MEASUREMENT] = g_signal_new ("measurement", type, G_SIGNAL_RUN_LAST, 0, NULL,
                                              NULL, NULL, G_TYPE_NONE, 1, CABINE_TYPE_MEASUREMENT);
  signals[SIGNAL_WAVEFORM] = g_signal_new ("waveform", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                           NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_DOUBLE);
  signals[SIGNAL_FAILED] = g_signal_new ("failed", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                         G_TYPE_NONE, 1, G_TYPE_ERROR | G_SIGNAL_TYPE_STATIC_SCOPE);
  signals[SIGNAL_REMOVED] = g_signal_new ("removed", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                          G_TYPE_NONE, 1, G_TYPE_ERROR | G_SIGNAL_TYPE_STATIC_SCOPE);
  signals[SIGNAL_FINISHED] = g_signal_new ("finished", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                           NULL, G_TYPE_NONE, 0);
}

static void
cabine_usb_driver_init (CabineUsbDriver *self)
{
  PRIV (self)->timeout_ms = 3000;
}
