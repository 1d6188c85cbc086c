/* cabine-devsim-phdc.c: an emulated USB PHDC instrument for umockdev
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "cabine-devsim"

#include "cabine-devsim-phdc.h"

#include <errno.h>
#include <string.h>

#define EP_IN 0x81
#define EP_OUT 0x01

struct _CabineDevsimPhdc
{
  CabineDevsimUsb parent_instance;

  /* under the base's lock (cabine_devsim_usb_lock()) */
  CabineDevsimAgent *agent;
  const CabineDevsimProfile *profile;
};

G_DEFINE_FINAL_TYPE (CabineDevsimPhdc, cabine_devsim_phdc, CABINE_TYPE_DEVSIM_USB)

/* Class-specific and vendor requests on endpoint 0 (the base answers the standard ones): the
 * PHDC agent has none it must honour (no meta-data messages, USB PHDC 1.0 5.1 bmCapability 0),
 * so like a simple device it accepts the feature and interface requests and stalls the rest. */
static int
phdc_control (CabineDevsimUsb *usb, const guint8 *setup, guint8 *data, gsize len)
{
  switch (setup[1])
    {
    case 0x00: /* GET_STATUS */
      if (len >= 2)
        {
          data[0] = data[1] = 0;
          return 2;
        }
      break;
    case 0x01: /* CLEAR_FEATURE */
    case 0x09: /* SET_CONFIGURATION */
    case 0x0B: /* SET_INTERFACE */
      return 0;
    default:
      break;
    }
  return -EPIPE;
}

/* bulk OUT: the manager's APDU bytes go to the agent */
static void
phdc_out (CabineDevsimUsb *usb, guint8 endpoint, const guint8 *data, gsize len)
{
  CabineDevsimPhdc *self = CABINE_DEVSIM_PHDC (usb);

  if (endpoint == EP_OUT)
    cabine_devsim_agent_receive (self->agent, data, len, g_get_monotonic_time ());
}

/* before each IN delivery: let the agent progress; its APDUs stream out on bulk IN */
static void
phdc_poll (CabineDevsimUsb *usb, gint64 now_us)
{
  CabineDevsimPhdc *self = CABINE_DEVSIM_PHDC (usb);
  GBytes *apdu;

  while ((apdu = cabine_devsim_agent_poll (self->agent, now_us)) != NULL)
    {
      gsize len;
      const guint8 *d = g_bytes_get_data (apdu, &len);

      cabine_devsim_usb_push_in (usb, EP_IN, d, len);
      g_bytes_unref (apdu);
    }
}

/* the manager claimed the interface: the agent starts associating */
static void
phdc_connected (CabineDevsimUsb *usb, gint64 now_us)
{
  cabine_devsim_agent_connect (CABINE_DEVSIM_PHDC (usb)->agent, now_us);
}

/* USB 2.0 9.6 descriptors, little-endian, as Linux exposes them in sysfs `descriptors`. */
static const guint8 usb_descriptors[] = {
  /* device: bcdUSB 2.00, class in interface, EP0 64 bytes, VID 1209 PID 0001, bcdDevice 1.00,
   * strings 1/2/3, one configuration */
  18, 0x01, 0x00, 0x02, 0x00, 0x00, 0x00, 64, 0x09, 0x12, 0x01, 0x00, 0x00, 0x01, 1, 2, 3, 1,
  /* configuration 1: wTotalLength 50, one interface, bus powered, 100 mA */
  9, 0x02, 50, 0, 1, 1, 0, 0x80, 50,
  /* interface 0: two endpoints, class 0x0F PHDC */
  9, 0x04, 0, 0, 2, 0x0F, 0, 0, 0,
  /* PHDC Class Function: bPHDCDataCode 0x02 (11073-20601), bmCapability 0 (no metadata) */
  4, 0x20, 0x02, 0x00,
  /* PHDC 11073-20601 Function Extension: one specialisation (LE), patched per instrument: 0x1008
   * for the thermometer */
  6, 0x30, 0x00, 1, 0x08, 0x10,
  /* bulk IN 0x81, 64 bytes, + PHDC QoS (encoding 1, latency/reliability 0x01) */
  7, 0x05, EP_IN, 0x02, 64, 0, 0,
  4, 0x21, 0x01, 0x01,
  /* bulk OUT 0x01, 64 bytes, + PHDC QoS */
  7, 0x05, EP_OUT, 0x02, 64, 0, 0,
  4, 0x21, 0x01, 0x01,
};

/* offset of wDevSpecializations[0]: device 18 + configuration 9 + interface 9 + PHDC function 4
 * + the function extension's bLength, bDescriptorType, bReserved, bNumDevSpecs */
#define DESC_SPECIALIZATION (18 + 9 + 9 + 4 + 4)

char *
cabine_devsim_phdc_add (CabineDevsimPhdc *self, UMockdevTestbed *testbed,
                        guint devnum, GError **error)
{
  guint8 descriptors[sizeof usb_descriptors];
  guint16 pid = self->profile->usb_pid, spec = self->profile->specialization;

  g_return_val_if_fail (devnum >= 2 && devnum <= 127, NULL);
  memcpy (descriptors, usb_descriptors, sizeof descriptors);
  descriptors[10] = pid & 0xFF;  /* idProduct, LE */
  descriptors[11] = pid >> 8;
  descriptors[DESC_SPECIALIZATION] = spec & 0xFF;  /* wDevSpecializations[0], LE */
  descriptors[DESC_SPECIALIZATION + 1] = spec >> 8;
  return cabine_devsim_usb_add (CABINE_DEVSIM_USB (self), testbed, devnum, descriptors,
                                sizeof descriptors, CABINE_DEVSIM_MANUFACTURER,
                                self->profile->model, self->profile->serial, error);
}

void
cabine_devsim_phdc_unplug (CabineDevsimPhdc *self)
{
  cabine_devsim_usb_unplug (CABINE_DEVSIM_USB (self));
}

#define LOCKED(type, expr) \
  type ret; \
  cabine_devsim_usb_lock (CABINE_DEVSIM_USB (self)); \
  ret = (expr); \
  cabine_devsim_usb_unlock (CABINE_DEVSIM_USB (self)); \
  return ret

CabineDevsimAgentState
cabine_devsim_phdc_get_agent_state (CabineDevsimPhdc *self)
{
  LOCKED (CabineDevsimAgentState, cabine_devsim_agent_get_state (self->agent));
}

guint
cabine_devsim_phdc_get_errors (CabineDevsimPhdc *self)
{
  LOCKED (guint, cabine_devsim_agent_get_errors (self->agent));
}

guint
cabine_devsim_phdc_get_acknowledged (CabineDevsimPhdc *self)
{
  LOCKED (guint, cabine_devsim_agent_get_acknowledged (self->agent));
}

gboolean
cabine_devsim_phdc_get_sent_report (CabineDevsimPhdc *self, guint index,
                                    double *celsius, GBytes **frame)
{
  gboolean ok;
  GBytes *f = NULL;

  cabine_devsim_usb_lock (CABINE_DEVSIM_USB (self));
  ok = cabine_devsim_agent_get_sent_report (self->agent, index, celsius, &f);
  *frame = ok ? g_bytes_ref (f) : NULL;
  cabine_devsim_usb_unlock (CABINE_DEVSIM_USB (self));
  return ok;
}

static void
cabine_devsim_phdc_finalize (GObject *object)
{
  CabineDevsimPhdc *self = CABINE_DEVSIM_PHDC (object);

  g_clear_object (&self->agent);
  G_OBJECT_CLASS (cabine_devsim_phdc_parent_class)->finalize (object);
}

static void
cabine_devsim_phdc_class_init (CabineDevsimPhdcClass *klass)
{
  CabineDevsimUsbClass *usb_class = CABINE_DEVSIM_USB_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = cabine_devsim_phdc_finalize;
  usb_class->control = phdc_control;
  usb_class->out = phdc_out;
  usb_class->poll = phdc_poll;
  usb_class->connected = phdc_connected;
}

static void
cabine_devsim_phdc_init (CabineDevsimPhdc *self)
{
  /* PHDC bulk IN is a byte stream: an APDU may span URBs, several may share one */
  cabine_devsim_usb_set_in_stream (CABINE_DEVSIM_USB (self), EP_IN);
}

CabineDevsimPhdc *
cabine_devsim_phdc_new_kind (CabineDevsimKind kind, guint interval_ms, guint count)
{
  CabineDevsimPhdc *self = g_object_new (CABINE_TYPE_DEVSIM_PHDC, NULL);

  self->profile = cabine_devsim_profile (kind);
  self->agent = cabine_devsim_agent_new_kind (kind, interval_ms, count);
  return self;
}

CabineDevsimPhdc *
cabine_devsim_phdc_new (guint interval_ms, guint count)
{
  return cabine_devsim_phdc_new_kind (CABINE_DEVSIM_KIND_THERMOMETER, interval_ms, count);
}
