/* cabine-camera-monitor.c: the cabin's cameras (room, otoscope, dermatoscope) found with GstDeviceMonitor
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "cabine-camera"

#include "cabine-camera-monitor.h"

#include <string.h>

#include "cabine-camera-sim-provider.h"

G_DEFINE_QUARK (cabine-camera-monitor-error-quark, cabine_camera_monitor_error)

static const char * const role_names[CABINE_CAMERA_N_ROLES] = { "room", "otoscope", "dermatoscope" };

typedef enum { RULE_NONE, RULE_USB, RULE_NAME } RuleKind;

typedef struct {
  RuleKind kind;
  guint16 vendor, product;
  char *name;       /* casefolded */
  char *text;       /* as given */
} Rule;

struct _CabineCameraMonitor {
  GObject parent_instance;

  Rule rules[CABINE_CAMERA_N_ROLES];
  GstDeviceMonitor *monitor;
  GSource *bus_source;
  GPtrArray *devices;                          /* every Video/Source device present, in order */
  GstDevice *assigned[CABINE_CAMERA_N_ROLES];  /* borrowed from devices */
};

G_DEFINE_TYPE (CabineCameraMonitor, cabine_camera_monitor, G_TYPE_OBJECT)

enum { SIGNAL_CAMERA_ADDED, SIGNAL_CAMERA_REMOVED, N_SIGNALS };
static guint signals[N_SIGNALS];

const char *
cabine_camera_role_to_string (CabineCameraRole role)
{
  g_return_val_if_fail (role < CABINE_CAMERA_N_ROLES, NULL);
  return role_names[role];
}

gboolean
cabine_camera_role_from_string (const char       *name,
                                CabineCameraRole *role)
{
  for (guint i = 0; name != NULL && i < CABINE_CAMERA_N_ROLES; i++)
    if (g_str_equal (name, role_names[i]))
      {
        if (role != NULL)
          *role = (CabineCameraRole) i;
        return TRUE;
      }
  return FALSE;
}

static gboolean
parse_hex16 (const char *text,
             gsize       len,
             guint16    *out)
{
  guint value = 0;

  if (len != 4)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    {
      int digit = g_ascii_xdigit_value (text[i]);

      if (digit < 0)
        return FALSE;
      value = value * 16 + (guint) digit;
    }
  *out = (guint16) value;
  return TRUE;
}

static gboolean
rule_parse (const char  *text,
            Rule        *rule,
            GError     **error)
{
  const char *colon;

  memset (rule, 0, sizeof *rule);
  if (text == NULL || *text == '\0')
    {
      g_set_error (error, CABINE_CAMERA_MONITOR_ERROR, CABINE_CAMERA_MONITOR_ERROR_INVALID_RULE,
                   "empty camera rule (expected VVVV:PPPP or name:TEXT)");
      return FALSE;
    }
  if (g_str_has_prefix (text, "name:"))
    {
      if (text[5] == '\0')
        {
          g_set_error (error, CABINE_CAMERA_MONITOR_ERROR, CABINE_CAMERA_MONITOR_ERROR_INVALID_RULE,
                       "camera rule \"%s\" has an empty name", text);
          return FALSE;
        }
      rule->kind = RULE_NAME;
      rule->name = g_utf8_casefold (text + 5, -1);
      rule->text = g_strdup (text);
      return TRUE;
    }
  colon = strchr (text, ':');
  if (colon == NULL || !parse_hex16 (text, (gsize) (colon - text), &rule->vendor) ||
      !parse_hex16 (colon + 1, strlen (colon + 1), &rule->product))
    {
      g_set_error (error, CABINE_CAMERA_MONITOR_ERROR, CABINE_CAMERA_MONITOR_ERROR_INVALID_RULE,
                   "camera rule \"%s\" is neither a USB id VVVV:PPPP (4 hexadecimal digits each) "
                   "nor name:TEXT", text);
      return FALSE;
    }
  rule->kind = RULE_USB;
  rule->text = g_strdup (text);
  return TRUE;
}

static void
rule_clear (Rule *rule)
{
  g_clear_pointer (&rule->name, g_free);
  g_clear_pointer (&rule->text, g_free);
  rule->kind = RULE_NONE;
}

static gboolean
rule_equal (const Rule *a,
            const Rule *b)
{
  if (a->kind != b->kind)
    return FALSE;
  if (a->kind == RULE_USB)
    return a->vendor == b->vendor && a->product == b->product;
  return a->kind == RULE_NAME && g_str_equal (a->name, b->name);
}

gboolean
cabine_camera_rule_check (const char  *rule,
                          GError     **error)
{
  Rule parsed;
  gboolean ok = rule_parse (rule, &parsed, error);

  rule_clear (&parsed);
  return ok;
}

/* ---- matching ---- */

static gboolean
property_hex16 (const GstStructure *props,
                const char         *key,
                guint16            *out)
{
  const char *text = props != NULL ? gst_structure_get_string (props, key) : NULL;

  /* v4l2's provider copies udev's "0bda"; PipeWire's writes "0x0bda". */
  if (text != NULL && (g_str_has_prefix (text, "0x") || g_str_has_prefix (text, "0X")))
    text += 2;
  return text != NULL && parse_hex16 (text, strlen (text), out);
}

static gboolean
contains_folded (const char *haystack,
                 const char *needle_folded)
{
  g_autofree char *folded = NULL;

  if (haystack == NULL || !g_utf8_validate (haystack, -1, NULL))
    return FALSE;
  folded = g_utf8_casefold (haystack, -1);
  return strstr (folded, needle_folded) != NULL;
}

static gboolean
rule_matches (const Rule         *rule,
              GstDevice          *device,
              const GstStructure *props)
{
  if (rule->kind == RULE_USB)
    {
      const char *bus = props != NULL ? gst_structure_get_string (props, "device.bus") : NULL;
      guint16 vendor, product;

      return (bus == NULL || g_str_equal (bus, "usb")) &&
             property_hex16 (props, "device.vendor.id", &vendor) &&
             property_hex16 (props, "device.product.id", &product) &&
             vendor == rule->vendor && product == rule->product;
    }
  if (rule->kind == RULE_NAME)
    {
      g_autofree char *display = gst_device_get_display_name (device);

      return contains_folded (display, rule->name) ||
             (props != NULL &&
              contains_folded (gst_structure_get_string (props, "device.product.name"), rule->name));
    }
  return FALSE;
}

static int
role_for_device (CabineCameraMonitor *self,
                 GstDevice           *device)
{
  g_autoptr(GstStructure) props = gst_device_get_properties (device);
  static const RuleKind order[] = { RULE_USB, RULE_NAME };

  for (guint k = 0; k < G_N_ELEMENTS (order); k++)
    for (guint r = 0; r < CABINE_CAMERA_N_ROLES; r++)
      if (self->rules[r].kind == order[k] && rule_matches (&self->rules[r], device, props))
        return (int) r;
  return -1;
}

static void
device_added (CabineCameraMonitor *self,
              GstDevice           *device)
{
  g_autofree char *name = gst_device_get_display_name (device);
  int role;

  if (g_ptr_array_find (self->devices, device, NULL))
    return;
  g_ptr_array_add (self->devices, gst_object_ref (device));
  role = role_for_device (self, device);
  if (role < 0)
    {
      g_debug ("camera \"%s\" has no role", name);
      return;
    }
  if (self->assigned[role] != NULL)
    {
      g_autofree char *holder = gst_device_get_display_name (self->assigned[role]);

      g_warning ("camera \"%s\" also matches the %s rule \"%s\"; \"%s\" keeps the role", name,
                 role_names[role], self->rules[role].text, holder);
      return;
    }
  self->assigned[role] = device;
  g_message ("camera \"%s\" is the %s", name, role_names[role]);
  g_signal_emit (self, signals[SIGNAL_CAMERA_ADDED], 0, (guint) role, device);
}

static void
device_removed (CabineCameraMonitor *self,
                GstDevice           *device)
{
  g_autoptr(GstDevice) held = NULL;
  guint index;

  if (!g_ptr_array_find (self->devices, device, &index))
    return;
  held = g_ptr_array_steal_index (self->devices, index);
  for (guint r = 0; r < CABINE_CAMERA_N_ROLES; r++)
    {
      g_autofree char *name = NULL;

      if (self->assigned[r] != device)
        continue;
      self->assigned[r] = NULL;
      name = gst_device_get_display_name (device);
      g_message ("camera \"%s\" (%s) went away", name, role_names[r]);
      g_signal_emit (self, signals[SIGNAL_CAMERA_REMOVED], 0, r, device);
      /* A device that lost the conflict takes the role over. */
      for (guint i = 0; i < self->devices->len && self->assigned[r] == NULL; i++)
        {
          GstDevice *other = g_ptr_array_index (self->devices, i);

          if (role_for_device (self, other) == (int) r)
            {
              g_autofree char *other_name = gst_device_get_display_name (other);

              self->assigned[r] = other;
              g_message ("camera \"%s\" is the %s", other_name, role_names[r]);
              g_signal_emit (self, signals[SIGNAL_CAMERA_ADDED], 0, r, other);
            }
        }
    }
}

static gboolean
on_bus_message (GstBus     *bus,
                GstMessage *message,
                gpointer    data)
{
  CabineCameraMonitor *self = data;
  g_autoptr(GstDevice) device = NULL;

  if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_DEVICE_ADDED)
    {
      gst_message_parse_device_added (message, &device);
      device_added (self, device);
    }
  else if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_DEVICE_REMOVED)
    {
      gst_message_parse_device_removed (message, &device);
      device_removed (self, device);
    }
  return G_SOURCE_CONTINUE;
}

/* ---- object ---- */

CabineCameraMonitor *
cabine_camera_monitor_new (void)
{
  return g_object_new (CABINE_TYPE_CAMERA_MONITOR, NULL);
}

gboolean
cabine_camera_monitor_set_rule (CabineCameraMonitor  *self,
                                CabineCameraRole      role,
                                const char           *rule,
                                GError              **error)
{
  Rule parsed;

  g_return_val_if_fail (CABINE_IS_CAMERA_MONITOR (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (role >= CABINE_CAMERA_N_ROLES)
    {
      g_set_error (error, CABINE_CAMERA_MONITOR_ERROR, CABINE_CAMERA_MONITOR_ERROR_INVALID_RULE,
                   "unknown camera role %u", (guint) role);
      return FALSE;
    }
  if (rule == NULL)
    {
      rule_clear (&self->rules[role]);
      return TRUE;
    }
  if (!rule_parse (rule, &parsed, error))
    return FALSE;
  for (guint r = 0; r < CABINE_CAMERA_N_ROLES; r++)
    if (r != role && rule_equal (&self->rules[r], &parsed))
      {
        g_set_error (error, CABINE_CAMERA_MONITOR_ERROR, CABINE_CAMERA_MONITOR_ERROR_CONFLICT,
                     "the %s and the %s have the same camera rule \"%s\"", role_names[r],
                     role_names[role], rule);
        rule_clear (&parsed);
        return FALSE;
      }
  rule_clear (&self->rules[role]);
  self->rules[role] = parsed;
  return TRUE;
}

gboolean
cabine_camera_monitor_has_rule (CabineCameraMonitor *self,
                                CabineCameraRole     role)
{
  g_return_val_if_fail (CABINE_IS_CAMERA_MONITOR (self), FALSE);
  g_return_val_if_fail (role < CABINE_CAMERA_N_ROLES, FALSE);
  return self->rules[role].kind != RULE_NONE;
}

gboolean
cabine_camera_monitor_start (CabineCameraMonitor  *self,
                             GError              **error)
{
  g_autoptr(GstBus) bus = NULL;
  g_autoptr(GstDeviceMonitor) monitor = NULL;
  const char *sim = g_getenv ("CABINE_SIM_CAMERAS");
  GList *present;

  g_return_val_if_fail (CABINE_IS_CAMERA_MONITOR (self), FALSE);

  if (self->monitor != NULL)
    return TRUE;
  if (sim != NULL && *sim != '\0' && !cabine_camera_sim_provider_register (sim, error))
    return FALSE;

  monitor = gst_device_monitor_new ();
  gst_device_monitor_add_filter (monitor, "Video/Source", NULL);
  if (!gst_device_monitor_start (monitor))
    {
      g_set_error (error, CABINE_CAMERA_MONITOR_ERROR, CABINE_CAMERA_MONITOR_ERROR_NO_PROVIDER,
                   "no GStreamer device provider lists cameras (is gst-plugins-good installed?)");
      return FALSE;
    }
  self->monitor = g_steal_pointer (&monitor);
  bus = gst_device_monitor_get_bus (self->monitor);
  self->bus_source = gst_bus_create_watch (bus);
  g_source_set_callback (self->bus_source, (GSourceFunc) (void (*) (void)) on_bus_message, self, NULL);
  g_source_attach (self->bus_source, g_main_context_get_thread_default ());

  /* The devices already there; the same ones may still come as DEVICE_ADDED messages, which
   * device_added() ignores. */
  present = gst_device_monitor_get_devices (self->monitor);
  present = g_list_reverse (present);
  for (GList *l = present; l != NULL; l = l->next)
    device_added (self, l->data);
  g_list_free_full (present, gst_object_unref);
  return TRUE;
}

void
cabine_camera_monitor_stop (CabineCameraMonitor *self)
{
  g_return_if_fail (CABINE_IS_CAMERA_MONITOR (self));

  if (self->bus_source != NULL)
    {
      g_source_destroy (self->bus_source);
      g_clear_pointer (&self->bus_source, g_source_unref);
    }
  if (self->monitor != NULL)
    {
      gst_device_monitor_stop (self->monitor);
      g_clear_object (&self->monitor);
    }
  memset (self->assigned, 0, sizeof self->assigned);
  g_ptr_array_set_size (self->devices, 0);
}

GstDevice *
cabine_camera_monitor_get_device (CabineCameraMonitor *self,
                                  CabineCameraRole     role)
{
  g_return_val_if_fail (CABINE_IS_CAMERA_MONITOR (self), NULL);
  g_return_val_if_fail (role < CABINE_CAMERA_N_ROLES, NULL);
  return self->assigned[role];
}

char *
cabine_camera_monitor_get_sysfs_path (GstDevice *device)
{
  g_autoptr(GstStructure) props = NULL;

  g_return_val_if_fail (GST_IS_DEVICE (device), NULL);
  props = gst_device_get_properties (device);
  if (props == NULL)
    return NULL;
  /* v4l2's provider: "sysfs.path"; PipeWire's: "device.sysfs.path". */
  if (gst_structure_get_string (props, "sysfs.path") != NULL)
    return g_strdup (gst_structure_get_string (props, "sysfs.path"));
  return g_strdup (gst_structure_get_string (props, "device.sysfs.path"));
}

static void
cabine_camera_monitor_finalize (GObject *object)
{
  CabineCameraMonitor *self = CABINE_CAMERA_MONITOR (object);

  cabine_camera_monitor_stop (self);
  g_ptr_array_unref (self->devices);
  for (guint r = 0; r < CABINE_CAMERA_N_ROLES; r++)
    rule_clear (&self->rules[r]);
  G_OBJECT_CLASS (cabine_camera_monitor_parent_class)->finalize (object);
}

static void
cabine_camera_monitor_class_init (CabineCameraMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GType type = G_TYPE_FROM_CLASS (klass);

  object_class->finalize = cabine_camera_monitor_finalize;
  signals[SIGNAL_CAMERA_ADDED] =
    g_signal_new ("camera-added", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_UINT, GST_TYPE_DEVICE);
  signals[SIGNAL_CAMERA_REMOVED] =
    g_signal_new ("camera-removed", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_UINT, GST_TYPE_DEVICE);
}

static void
cabine_camera_monitor_init (CabineCameraMonitor *self)
{
  self->devices = g_ptr_array_new_with_free_func (gst_object_unref);
}
