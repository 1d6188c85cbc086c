/* cabine-camera-button.c: the snapshot button of a USB exam camera (evdev KEY_CAMERA)
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "cabine-camera-button"

#include "cabine-camera-button.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <linux/input.h>

#include <gio/gunixinputstream.h>
#include <glib/gstdio.h>

G_DEFINE_QUARK (cabine-camera-button-error-quark, cabine_camera_button_error)

#define INPUT_CLASS_DIR "/sys/class/input"
/* Records read at once at most. */
#define READ_EVENTS 16

struct _CabineCameraButton {
  GObject parent_instance;

  char *device_node;
  GInputStream *stream;
  GCancellable *cancellable;
  guint8 buffer[READ_EVENTS * sizeof (struct input_event)];
  gsize filled;       /* bytes of an incomplete record at the start of buffer */
};

G_DEFINE_TYPE (CabineCameraButton, cabine_camera_button, G_TYPE_OBJECT)

enum { SIGNAL_PRESSED, SIGNAL_GONE, N_SIGNALS };
static guint signals[N_SIGNALS];

/* ---- finding the input device ---- */

static char *
usb_device_dir (const char *syspath)
{
  g_autofree char *dir = g_canonicalize_filename (syspath, "/");

  while (g_str_has_prefix (dir, "/sys/devices/"))
    {
      g_autofree char *vendor = g_build_filename (dir, "idVendor", NULL);
      g_autofree char *product = g_build_filename (dir, "idProduct", NULL);
      char *parent;

      if (g_file_test (vendor, G_FILE_TEST_EXISTS) && g_file_test (product, G_FILE_TEST_EXISTS))
        return g_steal_pointer (&dir);
      parent = g_path_get_dirname (dir);
      g_free (dir);
      dir = parent;
    }
  return NULL;
}

/* Whether bit @bit is set in a sysfs bitmap: hexadecimal words, most significant first, each of
 * the kernel's long (64 bits on the 64-bit kernels the kiosk runs). An absent file: unknown (TRUE). */
static gboolean
bitmap_has (const char *path,
            guint       bit)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) words = NULL;
  guint n;
  guint64 word;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return TRUE;
  words = g_strsplit (g_strstrip (text), " ", -1);
  n = g_strv_length (words);
  if (bit / 64 >= n)
    return FALSE;
  if (!g_ascii_string_to_unsigned (words[n - 1 - bit / 64], 16, 0, G_MAXUINT64, &word, NULL))
    return FALSE;
  return (word >> (bit % 64)) & 1;
}

/* DEVNAME from a sysfs uevent file, as /dev/… */
static char *
device_node (const char *event_dir)
{
  g_autofree char *uevent = g_build_filename (event_dir, "uevent", NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents (uevent, &text, NULL, NULL))
    return NULL;
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], "DEVNAME=") && lines[i][8] != '\0' &&
        strstr (lines[i], "..") == NULL)
      return lines[i][8] == '/' ? g_strdup (lines[i] + 8)
                                : g_build_filename ("/dev", lines[i] + 8, NULL);
  return NULL;
}

static char *
find_button (const char  *usb_dir,
             GError     **error)
{
  g_autoptr(GDir) dir = g_dir_open (INPUT_CLASS_DIR, 0, NULL);
  g_autofree char *prefix = g_strconcat (usb_dir, "/", NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *link = g_build_filename (INPUT_CLASS_DIR, name, NULL);
      g_autofree char *target = NULL;
      g_autofree char *real = NULL;
      g_autofree char *input_dir = NULL;
      g_autofree char *keys = NULL;

      if (!g_str_has_prefix (name, "event") ||
          (target = g_file_read_link (link, NULL)) == NULL)
        continue;
      /* Class entries are relative links, "../../devices/…/inputN/eventN". */
      real = g_canonicalize_filename (target, INPUT_CLASS_DIR);
      if (!g_str_has_prefix (real, prefix))
        continue;
      input_dir = g_path_get_dirname (real);
      keys = g_build_filename (input_dir, "capabilities", "key", NULL);
      if (!bitmap_has (keys, KEY_CAMERA))
        continue;
      {
        char *node = device_node (real);

        if (node != NULL)
          return node;
      }
    }
  g_set_error (error, CABINE_CAMERA_BUTTON_ERROR, CABINE_CAMERA_BUTTON_ERROR_NO_BUTTON,
               "no input device with KEY_CAMERA on USB device %s", usb_dir);
  return NULL;
}

/* ---- reading ---- */

static void read_more (CabineCameraButton *self);

static void
handle_event (CabineCameraButton       *self,
              const struct input_event *event)
{
  if (event->type == EV_KEY && event->code == KEY_CAMERA && event->value == 1)
    {
      g_message ("camera button pressed (%s)", self->device_node);
      g_signal_emit (self, signals[SIGNAL_PRESSED], 0);
    }
}

static void
on_read (GObject      *stream,
         GAsyncResult *result,
         gpointer      data)
{
  g_autoptr(GError) error = NULL;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (stream), result, &error);
  CabineCameraButton *self;
  gsize complete, offset;

  /* Cancelled at dispose (the task then reports G_IO_ERROR_CANCELLED whatever it read): @data may
   * be gone. Otherwise the button is alive: dispose would have cancelled. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = data;
  if (n <= 0)
    {
      g_message ("camera button %s: %s", self->device_node,
                 error != NULL ? error->message : "end of stream");
      g_signal_emit (self, signals[SIGNAL_GONE], 0);
      return;
    }
  self->filled += (gsize) n;
  complete = self->filled - self->filled % sizeof (struct input_event);
  for (offset = 0; offset < complete; offset += sizeof (struct input_event))
    {
      struct input_event event;

      memcpy (&event, self->buffer + offset, sizeof event);
      handle_event (self, &event);
    }
  memmove (self->buffer, self->buffer + complete, self->filled - complete);
  self->filled -= complete;
  read_more (self);
}

static void
read_more (CabineCameraButton *self)
{
  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  g_input_stream_read_async (self->stream, self->buffer + self->filled,
                             sizeof self->buffer - self->filled, G_PRIORITY_DEFAULT,
                             self->cancellable, on_read, self);
}

/* ---- object ---- */

CabineCameraButton *
cabine_camera_button_new (const char  *camera_syspath,
                          GError     **error)
{
  g_autoptr(CabineCameraButton) self = NULL;
  g_autofree char *usb_dir = NULL;
  g_autofree char *node = NULL;
  int fd;

  g_return_val_if_fail (camera_syspath != NULL, NULL);

  if ((usb_dir = usb_device_dir (camera_syspath)) == NULL)
    {
      g_set_error (error, CABINE_CAMERA_BUTTON_ERROR, CABINE_CAMERA_BUTTON_ERROR_NOT_USB,
                   "%s is not below a USB device", camera_syspath);
      return NULL;
    }
  if ((node = find_button (usb_dir, error)) == NULL)
    return NULL;
  fd = g_open (node, O_RDONLY | O_NONBLOCK | O_CLOEXEC, 0);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, CABINE_CAMERA_BUTTON_ERROR, CABINE_CAMERA_BUTTON_ERROR_OPEN,
                   "cannot open %s: %s", node, g_strerror (saved));
      return NULL;
    }
  self = g_object_new (CABINE_TYPE_CAMERA_BUTTON, NULL);
  self->device_node = g_steal_pointer (&node);
  self->stream = g_unix_input_stream_new (fd, TRUE);
  read_more (self);
  return g_steal_pointer (&self);
}

const char *
cabine_camera_button_get_device_node (CabineCameraButton *self)
{
  g_return_val_if_fail (CABINE_IS_CAMERA_BUTTON (self), NULL);
  return self->device_node;
}

static void
cabine_camera_button_dispose (GObject *object)
{
  CabineCameraButton *self = CABINE_CAMERA_BUTTON (object);

  g_cancellable_cancel (self->cancellable);
  G_OBJECT_CLASS (cabine_camera_button_parent_class)->dispose (object);
}

static void
cabine_camera_button_finalize (GObject *object)
{
  CabineCameraButton *self = CABINE_CAMERA_BUTTON (object);

  g_clear_object (&self->stream);
  g_clear_object (&self->cancellable);
  g_free (self->device_node);
  G_OBJECT_CLASS (cabine_camera_button_parent_class)->finalize (object);
}

static void
cabine_camera_button_class_init (CabineCameraButtonClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GType type = G_TYPE_FROM_CLASS (klass);

  object_class->dispose = cabine_camera_button_dispose;
  object_class->finalize = cabine_camera_button_finalize;
  signals[SIGNAL_PRESSED] = g_signal_new ("pressed", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                          G_TYPE_NONE, 0);
  signals[SIGNAL_GONE] = g_signal_new ("gone", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                       G_TYPE_NONE, 0);
}

static void
cabine_camera_button_init (CabineCameraButton *self)
{
  self->cancellable = g_cancellable_new ();
}
