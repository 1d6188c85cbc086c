/* cabine-precall-page.c: the check before the call: camera, microphone, speaker, network
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "cabine-ui"

#include <math.h>
#include <glib/gi18n.h>
#include <gst/gst.h>

#include "cabine-call-audio.h"
#include "cabine-precall-page.h"
#include "cabine-ui-media.h"
#include "cabine-ui-util.h"
#include "cabine-video-paintable.h"

struct _CabinePrecallPage
{
  GtkBox                parent_instance;
  GtkWidget            *next;
  CabineConfig         *config;
  GstElement           *video;
  GstElement           *mic;
  GstElement           *tone;
  guint                 mic_watch;
  guint                 tone_watch;
  CabineVideoPaintable *paintable;
  GtkWidget            *picture;
  GtkWidget            *level;
  GtkWidget            *camera_status;
  GtkWidget            *mic_status;
  GtkWidget            *speaker_status;
  GtkWidget            *network_status;
};

enum { SIGNAL_DONE, SIGNAL_BACK, N_SIGNALS };
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (CabinePrecallPage, cabine_precall_page, GTK_TYPE_BOX)

void
cabine_precall_page_stop (CabinePrecallPage *self)
{
  g_return_if_fail (CABINE_IS_PRECALL_PAGE (self));

  cabine_ui_media_stop (&self->video, NULL);
  cabine_ui_media_stop (&self->mic, &self->mic_watch);
  cabine_ui_media_stop (&self->tone, &self->tone_watch);
  if (self->paintable != NULL)
    cabine_video_paintable_clear (self->paintable);
}

static void
start_camera (CabinePrecallPage *self)
{
  g_autoptr(GError) error = NULL;
  const char *source = cabine_config_get_media_option (self->config, "video-source", "auto");
  const char *device = cabine_config_get_media_option (self->config, "video-device", "/dev/video0");
  g_autofree char *src = NULL;

  if (g_str_equal (source, "v4l2") || (g_str_equal (source, "auto") && g_file_test (device, G_FILE_TEST_EXISTS)))
    src = g_strdup_printf ("v4l2src device=%s", device);
  else
    src = g_strdup ("videotestsrc is-live=true pattern=smpte");
  self->video = cabine_ui_media_launch_preview (src, self->paintable, &error);
  if (self->video == NULL)
    {
      g_warning ("no camera preview: %s", error->message);
      gtk_label_set_label (GTK_LABEL (self->camera_status), _("The camera is not working. The doctor "
                                                              "will only hear you."));
      return;
    }
  gst_element_set_state (self->video, GST_STATE_PLAYING);
}

static gboolean
on_mic_message (GstBus     *bus,
                GstMessage *message,
                gpointer    user_data)
{
  CabinePrecallPage *self = user_data;
  const GstStructure *s = gst_message_get_structure (message);

  if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_ERROR)
    {
      g_autoptr(GError) error = NULL;

      gst_message_parse_error (message, &error, NULL);
      g_warning ("microphone check: %s", error->message);
      gtk_label_set_label (GTK_LABEL (self->mic_status), _("The microphone is not working."));
      self->mic_watch = 0;
      return G_SOURCE_REMOVE;
    }
  if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_ELEMENT && s != NULL &&
      gst_structure_has_name (s, "level"))
    {
      double db = cabine_ui_media_level_db (s);

      gtk_level_bar_set_value (GTK_LEVEL_BAR (self->level), CLAMP ((db + 60.0) / 60.0, 0.0, 1.0));
    }
  return G_SOURCE_CONTINUE;
}

static void
start_microphone (CabinePrecallPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GstBus) bus = NULL;
  const char *source = cabine_config_get_media_option (self->config, "audio-source", "auto");
  g_autofree char *desc = g_strdup_printf ("%s ! audioconvert ! level interval=100000000 post-messages=true ! "
                                           "fakesink sync=true",
                                           g_str_equal (source, "test")
                                             ? "audiotestsrc is-live=true wave=pink-noise volume=0.3"
                                             : "autoaudiosrc");

  /* autoaudiosrc without any microphone falls back to a source that cannot open a device and
   * pushes unnegotiated audio, on which the level element divides by a rate of 0: look first. */
  if (!g_str_equal (source, "test") && !cabine_call_audio_device_present ("Audio/Source"))
    {
      g_message ("microphone check: no microphone found");
      gtk_label_set_label (GTK_LABEL (self->mic_status),
                           _("No microphone found: the doctor will not hear you, but will see you "
                             "and receive your measurements."));
      return;
    }
  self->mic = cabine_ui_media_launch (desc, &error);
  if (self->mic == NULL)
    {
      g_warning ("no microphone check: %s", error->message);
      gtk_label_set_label (GTK_LABEL (self->mic_status), _("The microphone is not working."));
      return;
    }
  bus = gst_element_get_bus (self->mic);
  self->mic_watch = gst_bus_add_watch (bus, on_mic_message, self);
  gst_element_set_state (self->mic, GST_STATE_PLAYING);
}

static gboolean
on_tone_message (GstBus     *bus,
                 GstMessage *message,
                 gpointer    user_data)
{
  CabinePrecallPage *self = user_data;

  if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_EOS || GST_MESSAGE_TYPE (message) == GST_MESSAGE_ERROR)
    {
      gtk_label_set_label (GTK_LABEL (self->speaker_status),
                           GST_MESSAGE_TYPE (message) == GST_MESSAGE_EOS
                             ? _("Did you hear a beep? If not, tell the doctor at the start of the call.")
                             : _("The speaker is not working."));
      self->tone_watch = 0;
      gst_element_set_state (self->tone, GST_STATE_NULL);
      gst_clear_object (&self->tone);
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static void
on_play_tone (CabinePrecallPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GstBus) bus = NULL;
  g_autofree char *desc = cabine_ui_media_test_tone (self->config);

  cabine_ui_media_stop (&self->tone, &self->tone_watch);
  self->tone = cabine_ui_media_launch (desc, &error);
  if (self->tone == NULL)
    {
      g_warning ("no speaker test: %s", error->message);
      gtk_label_set_label (GTK_LABEL (self->speaker_status), _("The speaker is not working."));
      return;
    }
  bus = gst_element_get_bus (self->tone);
  self->tone_watch = gst_bus_add_watch (bus, on_tone_message, self);
  gtk_label_set_label (GTK_LABEL (self->speaker_status), _("Playing a beep…"));
  gst_element_set_state (self->tone, GST_STATE_PLAYING);
}

static void
on_continue (CabinePrecallPage *self)
{
  cabine_precall_page_stop (self);
  g_signal_emit (self, signals[SIGNAL_DONE], 0);
}

static void
on_back (CabinePrecallPage *self)
{
  cabine_precall_page_stop (self);
  g_signal_emit (self, signals[SIGNAL_BACK], 0);
}

static void
cabine_precall_page_dispose (GObject *object)
{
  CabinePrecallPage *self = CABINE_PRECALL_PAGE (object);

  cabine_precall_page_stop (self);
  g_clear_object (&self->paintable);
  g_clear_object (&self->config);
  G_OBJECT_CLASS (cabine_precall_page_parent_class)->dispose (object);
}

static void
cabine_precall_page_class_init (CabinePrecallPageClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = cabine_precall_page_dispose;

  signals[SIGNAL_DONE] = g_signal_new ("done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                       NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_BACK] = g_signal_new ("back", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                       NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
cabine_precall_page_init (CabinePrecallPage *self)
{
  self->paintable = cabine_video_paintable_new ();
}

static GtkWidget *
check_row (GtkGrid    *grid,
           int         row,
           const char *title,
           GtkWidget  *control,
           GtkWidget **status)
{
  *status = cabine_ui_label ("", "check-status");
  gtk_grid_attach (grid, cabine_ui_label (title, "heading"), 0, row, 1, 1);
  if (control != NULL)
    gtk_grid_attach (grid, control, 1, row, 1, 1);
  gtk_grid_attach (grid, *status, 2, row, 1, 1);
  return *status;
}

GtkWidget *
cabine_precall_page_new (CabineConfig *config,
                         gboolean      hub_connected)
{
  CabinePrecallPage *self = g_object_new (CABINE_TYPE_PRECALL_PAGE,
                                          "orientation", GTK_ORIENTATION_VERTICAL, "spacing", 18, NULL);
  GtkGrid *grid = GTK_GRID (gtk_grid_new ());
  GtkWidget *frame = gtk_frame_new (NULL);
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *tone = gtk_button_new_with_label (_("Play a test sound"));
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 24);
  GtkWidget *next, *back;

  self->config = g_object_ref (config);
  gtk_widget_add_css_class (GTK_WIDGET (self), "page");
  gtk_widget_set_halign (GTK_WIDGET (self), GTK_ALIGN_CENTER);
  gtk_widget_set_valign (GTK_WIDGET (self), GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (self), cabine_ui_label (_("Let's check the cabin"), "title-1"));
  gtk_box_append (GTK_BOX (self), cabine_ui_label (_("Look at the screen: you should see yourself. Speak: "
                                                     "the bar should move."), "subtitle"));

  /* The same fixed-size holder as the call's self-view: a picture alone asks for the camera size. */
  gtk_widget_set_size_request (scroller, 320, 240);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_EXTERNAL, GTK_POLICY_EXTERNAL);
  self->picture = gtk_picture_new_for_paintable (GDK_PAINTABLE (self->paintable));
  gtk_picture_set_can_shrink (GTK_PICTURE (self->picture), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->picture), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Your own image"), -1);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), self->picture);
  gtk_frame_set_child (GTK_FRAME (frame), scroller);
  gtk_widget_add_css_class (frame, "self-view");

  self->level = gtk_level_bar_new ();
  gtk_widget_set_size_request (self->level, 320, 28);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->level), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Microphone level"), -1);
  g_signal_connect_swapped (tone, "clicked", G_CALLBACK (on_play_tone), self);
  gtk_widget_add_css_class (tone, "secondary-button");

  gtk_grid_set_row_spacing (grid, 18);
  gtk_grid_set_column_spacing (grid, 24);
  check_row (grid, 0, _("Camera"), frame, &self->camera_status);
  check_row (grid, 1, _("Microphone"), self->level, &self->mic_status);
  check_row (grid, 2, _("Speaker"), tone, &self->speaker_status);
  check_row (grid, 3, _("Connection to the service"), NULL, &self->network_status);
  gtk_box_append (GTK_BOX (self), GTK_WIDGET (grid));

  gtk_widget_set_halign (buttons, GTK_ALIGN_CENTER);
  next = self->next = gtk_button_new_with_label (_("Everything is fine, call a doctor"));
  gtk_widget_set_name (next, "continue");
  gtk_widget_add_css_class (next, "suggested-action");
  gtk_widget_add_css_class (next, "next-button");
  g_signal_connect_swapped (next, "clicked", G_CALLBACK (on_continue), self);
  back = gtk_button_new_with_label (_("Back"));
  gtk_widget_set_name (back, "back");
  gtk_widget_add_css_class (back, "secondary-button");
  g_signal_connect_swapped (back, "clicked", G_CALLBACK (on_back), self);
  gtk_box_append (GTK_BOX (buttons), next);
  gtk_box_append (GTK_BOX (buttons), back);
  cabine_ui_page_finish (GTK_BOX (self), buttons, NULL);

  cabine_precall_page_set_hub_connected (self, hub_connected);
  start_camera (self);
  start_microphone (self);
  return GTK_WIDGET (self);
}

void
cabine_precall_page_focus_continue (CabinePrecallPage *self)
{
  g_return_if_fail (CABINE_IS_PRECALL_PAGE (self));
  gtk_widget_grab_focus (self->next);
}

void
cabine_precall_page_set_hub_connected (CabinePrecallPage *self,
                                       gboolean           connected)
{
  g_return_if_fail (CABINE_IS_PRECALL_PAGE (self));

  gtk_label_set_label (GTK_LABEL (self->network_status),
                       connected ? _("Connected.")
                                 : _("Not connected yet. You can go on: the cabin will keep trying."));
}
