/* cabine-measurement.c: one reading decoded from an instrument
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "cabine-measurement"

#include "cabine-measurement.h"

struct _CabineMeasurement
{
  GObject parent_instance;

  CabineMeasurementKind kind;
  double *values;
  guint n_values;
  GDateTime *device_time;
  GDateTime *receive_time;
  GBytes *raw_frame;
  char *manufacturer, *model, *serial, *firmware;
  char *driver, *transport;
  guint16 usb_vid, usb_pid, dev_config_id, status;
  guint16 handle, mdc_code, person_id;
};

G_DEFINE_FINAL_TYPE (CabineMeasurement, cabine_measurement, G_TYPE_OBJECT)

static void
cabine_measurement_finalize (GObject *object)
{
  CabineMeasurement *self = CABINE_MEASUREMENT (object);

  g_free (self->values);
  g_clear_pointer (&self->device_time, g_date_time_unref);
  g_clear_pointer (&self->receive_time, g_date_time_unref);
  g_clear_pointer (&self->raw_frame, g_bytes_unref);
  g_free (self->manufacturer);
  g_free (self->model);
  g_free (self->serial);
  g_free (self->firmware);
  g_free (self->driver);
  g_free (self->transport);
  G_OBJECT_CLASS (cabine_measurement_parent_class)->finalize (object);
}

static void
cabine_measurement_class_init (CabineMeasurementClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cabine_measurement_finalize;
}

static void
cabine_measurement_init (CabineMeasurement *self)
{
  self->person_id = 0xFFFF;
}

void
cabine_measurement_kind_codes (CabineMeasurementKind kind, guint *mdc, const char **loinc,
                               const char **ucum)
{
  static const struct { guint mdc; const char *loinc, *ucum; } codes[] = {
    [CABINE_MEASUREMENT_BODY_TEMPERATURE] = { 0x4B5C, "8310-5", "Cel" },
    [CABINE_MEASUREMENT_BLOOD_PRESSURE] = { 0x4A04, "85354-9", "mm[Hg]" },
    [CABINE_MEASUREMENT_PULSE_RATE] = { 0x482A, "8867-4", "/min" },
    [CABINE_MEASUREMENT_SPO2] = { 0x4BB8, "59408-5", "%" },
    [CABINE_MEASUREMENT_BODY_WEIGHT] = { 0xE140, "29463-7", "kg" },
  };

  g_return_if_fail ((guint) kind < G_N_ELEMENTS (codes));
  if (mdc)
    *mdc = codes[kind].mdc;
  if (loinc)
    *loinc = codes[kind].loinc;
  if (ucum)
    *ucum = codes[kind].ucum;
}

CabineMeasurement *
cabine_measurement_new (CabineMeasurementKind kind, const double *values, guint n_values,
                        GDateTime *device_time, GBytes *raw_frame)
{
  CabineMeasurement *self;

  g_return_val_if_fail (n_values > 0 && values != NULL, NULL);
  self = g_object_new (CABINE_TYPE_MEASUREMENT, NULL);
  self->kind = kind;
  self->values = g_memdup2 (values, n_values * sizeof (double));
  self->n_values = n_values;
  self->device_time = device_time ? g_date_time_ref (device_time) : NULL;
  self->receive_time = g_date_time_new_now_utc ();
  self->raw_frame = raw_frame ? g_bytes_ref (raw_frame) : NULL;
  return self;
}

CabineMeasurementKind cabine_measurement_get_kind (CabineMeasurement *self) { return self->kind; }
double cabine_measurement_get_value (CabineMeasurement *self) { return self->values[0]; }

const double *
cabine_measurement_get_values (CabineMeasurement *self, guint *n_values)
{
  if (n_values)
    *n_values = self->n_values;
  return self->values;
}

const char *
cabine_measurement_get_ucum_unit (CabineMeasurement *self)
{
  const char *ucum;

  cabine_measurement_kind_codes (self->kind, NULL, NULL, &ucum);
  return ucum;
}

guint
cabine_measurement_get_mdc_code (CabineMeasurement *self)
{
  guint mdc;

  if (self->mdc_code != 0)
    return self->mdc_code;
  cabine_measurement_kind_codes (self->kind, &mdc, NULL, NULL);
  return mdc;
}

const char *
cabine_measurement_get_loinc_code (CabineMeasurement *self)
{
  const char *loinc;

  cabine_measurement_kind_codes (self->kind, NULL, &loinc, NULL);
  return loinc;
}

GDateTime *cabine_measurement_get_device_time (CabineMeasurement *self) { return self->device_time; }
GDateTime *cabine_measurement_get_receive_time (CabineMeasurement *self) { return self->receive_time; }
GBytes *cabine_measurement_get_raw_frame (CabineMeasurement *self) { return self->raw_frame; }

void
cabine_measurement_set_device_info (CabineMeasurement *self, const char *manufacturer,
                                    const char *model, const char *serial, const char *firmware)
{
  g_return_if_fail (CABINE_IS_MEASUREMENT (self));
  g_free (self->manufacturer);
  self->manufacturer = g_strdup (manufacturer);
  g_free (self->model);
  self->model = g_strdup (model);
  g_free (self->serial);
  self->serial = g_strdup (serial);
  g_free (self->firmware);
  self->firmware = g_strdup (firmware);
}

const char *cabine_measurement_get_manufacturer (CabineMeasurement *self) { return self->manufacturer; }
const char *cabine_measurement_get_model (CabineMeasurement *self) { return self->model; }
const char *cabine_measurement_get_serial (CabineMeasurement *self) { return self->serial; }
const char *cabine_measurement_get_firmware (CabineMeasurement *self) { return self->firmware; }

void
cabine_measurement_set_source (CabineMeasurement *self, const char *driver, const char *transport,
                               guint16 usb_vid, guint16 usb_pid, guint16 dev_config_id)
{
  g_return_if_fail (CABINE_IS_MEASUREMENT (self));
  g_free (self->driver);
  self->driver = g_strdup (driver);
  g_free (self->transport);
  self->transport = g_strdup (transport);
  self->usb_vid = usb_vid;
  self->usb_pid = usb_pid;
  self->dev_config_id = dev_config_id;
}

const char *cabine_measurement_get_driver (CabineMeasurement *self) { return self->driver; }
const char *cabine_measurement_get_transport (CabineMeasurement *self) { return self->transport; }
guint16 cabine_measurement_get_usb_vid (CabineMeasurement *self) { return self->usb_vid; }
guint16 cabine_measurement_get_usb_pid (CabineMeasurement *self) { return self->usb_pid; }
guint16 cabine_measurement_get_dev_config_id (CabineMeasurement *self) { return self->dev_config_id; }
void cabine_measurement_set_status (CabineMeasurement *self, guint16 status) { self->status = status; }
guint16 cabine_measurement_get_status (CabineMeasurement *self) { return self->status; }

void
cabine_measurement_set_metric (CabineMeasurement *self, guint16 handle, guint16 mdc_code,
                               guint16 person_id)
{
  g_return_if_fail (CABINE_IS_MEASUREMENT (self));
  self->handle = handle;
  self->mdc_code = mdc_code;
  self->person_id = person_id;
}

guint16 cabine_measurement_get_handle (CabineMeasurement *self) { return self->handle; }
guint16 cabine_measurement_get_person_id (CabineMeasurement *self) { return self->person_id; }
