/* cabine-maint-video-page.c: maintenance page previewing the cabin camera and the exam camera
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "cabine-ui"

#include <glib/gi18n.h>

#include "cabine-ui-media.h"
#include "cabine-maint-video-page.h"
#include "cabine-ui-util.h"

typedef struct {
  GstElement           *pipeline;
  CabineVideoPaintable *paintable;
  GtkWidget            *status;
} Preview;

struct _CabineMaintVideoPage
{
  GtkBox        parent_instance;
  CabineConfig *config;
  Preview       camera;
  Preview       exam;
};

G_DEFINE_FINAL_TYPE (CabineMaintVideoPage, cabine_maint_video_page, GTK_TYPE_BOX)

static char *
camera_source (CabineMaintVideoPage *self)
{
  const char *source = cabine_config_get_media_option (self->config, "video-source", "auto");
  const char *device = cabine_config_get_media_option (self->config, "video-device", "/dev/video0");

  if (g_str_equal (source, "v4l2") || (g_str_equal (source, "auto") && g_file_test (device, G_FILE_TEST_EXISTS)))
    return g_strdup_printf ("v4l2src device=%s", device);
  return g_strdup ("videotestsrc is-live=true pattern=smpte");
}

/* The V4L2 node of a device found by the monitor, from the v4l2 provider's properties. */
static char *
device_path (GstDevice *device)
{
  g_autoptr(GstStructure) props = gst_device_get_properties (device);
  const char *path = NULL;

  if (props != NULL)
    path = gst_structure_get_string (props, "api.v4l2.path");
  if (path == NULL && props != NULL)
    path = gst_structure_get_string (props, "device.path");
  return g_strdup (path);
}

/* The first video source other than the cabin camera, or a test pattern when the cabin camera
 * is one (video-source=test): NULL when there is none. */
static char *
exam_source (CabineMaintVideoPage *self)
{
  const char *source = cabine_config_get_media_option (self->config, "video-source", "auto");
  const char *camera = cabine_config_get_media_option (self->config, "video-device", "/dev/video0");
  g_autoptr(GstDeviceMonitor) monitor = NULL;
  GList *devices;
  char *found = NULL;

  if (g_str_equal (source, "test"))
    return g_strdup ("videotestsrc is-live=true pattern=ball");
  monitor = gst_device_monitor_new ();
  gst_device_monitor_add_filter (monitor, "Video/Source", NULL);
  if (!gst_device_monitor_start (monitor))
    return NULL;
  devices = gst_device_monitor_get_devices (monitor);
  gst_device_monitor_stop (monitor);
  for (GList *l = devices; l != NULL && found == NULL; l = l->next)
    {
      g_autofree char *path = device_path (l->data);

      if (path != NULL && g_strcmp0 (path, camera) != 0)
        found = g_strdup_printf ("v4l2src device=%s", path);
    }
  g_list_free_full (devices, gst_object_unref);
  return found;
}

static void
start_preview (Preview    *preview,
               const char *source)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (source == NULL)
    {
      gtk_label_set_label (GTK_LABEL (preview->status),
                           _("No exam camera is connected: plug in the otoscope or the dermatoscope."));
      return;
    }
  preview->pipeline = cabine_ui_media_launch_preview (source, preview->paintable, &error);
  if (preview->pipeline == NULL ||
      gst_element_set_state (preview->pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    {
      g_warning ("maintenance preview '%s': %s", source, error != NULL ? error->message : "cannot play");
      cabine_ui_media_stop (&preview->pipeline, NULL);
      /* Translators: %s is a GStreamer source, e.g. "v4l2src device=/dev/video0". */
      text = g_strdup_printf (_("This camera is not working (%s)."), source);
      gtk_label_set_label (GTK_LABEL (preview->status), text);
      return;
    }
  /* Translators: %s is a GStreamer source, e.g. "v4l2src device=/dev/video0". */
  text = g_strdup_printf (_("Preview running from %s."), source);
  gtk_label_set_label (GTK_LABEL (preview->status), text);
}

static void
on_map (CabineMaintVideoPage *self)
{
  g_autofree char *camera = camera_source (self);
  g_autofree char *exam = exam_source (self);

  start_preview (&self->camera, camera);
  start_preview (&self->exam, exam);
}

static void
stop_preview (Preview *preview)
{
  cabine_ui_media_stop (&preview->pipeline, NULL);
  if (preview->paintable != NULL)
    cabine_video_paintable_clear (preview->paintable);
}

static void
on_unmap (CabineMaintVideoPage *self)
{
  stop_preview (&self->camera);
  stop_preview (&self->exam);
}

guint
cabine_maint_video_page_count_running (CabineMaintVideoPage *self)
{
  g_return_val_if_fail (CABINE_IS_MAINT_VIDEO_PAGE (self), 0);
  return (self->camera.pipeline != NULL ? 1 : 0) + (self->exam.pipeline != NULL ? 1 : 0);
}

static void
cabine_maint_video_page_dispose (GObject *object)
{
  CabineMaintVideoPage *self = CABINE_MAINT_VIDEO_PAGE (object);

  on_unmap (self);
  g_clear_object (&self->camera.paintable);
  g_clear_object (&self->exam.paintable);
  g_clear_object (&self->config);
  G_OBJECT_CLASS (cabine_maint_video_page_parent_class)->dispose (object);
}

static void
cabine_maint_video_page_class_init (CabineMaintVideoPageClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = cabine_maint_video_page_dispose;
}

static void
cabine_maint_video_page_init (CabineMaintVideoPage *self)
{
  self->camera.paintable = cabine_video_paintable_new ();
  self->exam.paintable = cabine_video_paintable_new ();
}

static GtkWidget *
preview_box (Preview    *preview,
             const char *title)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  GtkWidget *frame = gtk_frame_new (NULL);
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *picture = gtk_picture_new_for_paintable (GDK_PAINTABLE (preview->paintable));

  /* A fixed-size holder, as in the pre-call check: a picture alone asks for the camera's size. */
  gtk_widget_set_size_request (scroller, 320, 240);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_EXTERNAL, GTK_POLICY_EXTERNAL);
  gtk_picture_set_can_shrink (GTK_PICTURE (picture), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (picture), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), picture);
  gtk_frame_set_child (GTK_FRAME (frame), scroller);
  gtk_widget_add_css_class (frame, "self-view");
  preview->status = cabine_ui_label ("", "maintenance-text");
  gtk_widget_set_size_request (preview->status, 320, -1);
  gtk_box_append (GTK_BOX (box), cabine_ui_label (title, "heading"));
  gtk_box_append (GTK_BOX (box), frame);
  gtk_box_append (GTK_BOX (box), preview->status);
  return box;
}

GtkWidget *
cabine_maint_video_page_new (CabineConfig *config)
{
  CabineMaintVideoPage *self = g_object_new (CABINE_TYPE_MAINT_VIDEO_PAGE,
                                             "orientation", GTK_ORIENTATION_VERTICAL, "spacing", 16, NULL);
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 32);

  g_return_val_if_fail (CABINE_IS_CONFIG (config), NULL);

  self->config = g_object_ref (config);
  gtk_widget_set_margin_start (GTK_WIDGET (self), 32);
  gtk_widget_set_margin_top (GTK_WIDGET (self), 32);
  gtk_box_append (GTK_BOX (self), cabine_ui_label (_("Cameras"), "title-2"));
  gtk_box_append (GTK_BOX (self), cabine_ui_label (_("Both images should move. Clean the lens if the image "
                                                     "is blurred."), "maintenance-text"));
  gtk_box_append (GTK_BOX (row), preview_box (&self->camera, _("Cabin camera")));
  gtk_box_append (GTK_BOX (row), preview_box (&self->exam, _("Exam camera")));
  gtk_box_append (GTK_BOX (self), row);
  g_signal_connect (self, "map", G_CALLBACK (on_map), NULL);
  g_signal_connect (self, "unmap", G_CALLBACK (on_unmap), NULL);
  return GTK_WIDGET (self);
}
