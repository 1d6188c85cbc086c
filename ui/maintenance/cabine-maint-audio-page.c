/* cabine-maint-audio-page.c: maintenance page testing the microphone and the speaker
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "cabine-ui"

#include <glib/gi18n.h>

#include "cabine-call-audio.h"
#include "cabine-maint-audio-page.h"
#include "cabine-ui-media.h"
#include "cabine-ui-util.h"

struct _CabineMaintAudioPage
{
  GtkBox        parent_instance;
  CabineConfig *config;
  GstElement   *mic;
  GstElement   *tone;
  guint         mic_watch;
  guint         tone_watch;
  GtkWidget    *level;
  GtkWidget    *mic_status;
  GtkWidget    *speaker_status;
  double        peak_db;
  guint         tones_played;
};

G_DEFINE_FINAL_TYPE (CabineMaintAudioPage, cabine_maint_audio_page, GTK_TYPE_BOX)

static gboolean
on_mic_message (GstBus     *bus,
                GstMessage *message,
                gpointer    user_data)
{
  CabineMaintAudioPage *self = user_data;
  const GstStructure *s = gst_message_get_structure (message);

  if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_ERROR)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *text = NULL;

      gst_message_parse_error (message, &error, NULL);
      g_warning ("maintenance microphone test: %s", error->message);
      /* Translators: %s is an error message from the audio system. */
      text = g_strdup_printf (_("The microphone is not working: %s"), error->message);
      gtk_label_set_label (GTK_LABEL (self->mic_status), text);
      self->mic_watch = 0;
      return G_SOURCE_REMOVE;
    }
  if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_ELEMENT && s != NULL && gst_structure_has_name (s, "level"))
    {
      double db = cabine_ui_media_level_db (s);
      g_autofree char *text = NULL;

      self->peak_db = MAX (self->peak_db, db);
      gtk_level_bar_set_value (GTK_LEVEL_BAR (self->level), CLAMP ((db + 60.0) / 60.0, 0.0, 1.0));
      /* Translators: %.0f are sound levels in decibels relative to full scale (negative numbers). */
      text = g_strdup_printf (_("Level now %.0f dBFS, loudest %.0f dBFS. Speak: the bar should move."),
                              db, self->peak_db);
      gtk_label_set_label (GTK_LABEL (self->mic_status), text);
    }
  return G_SOURCE_CONTINUE;
}

static void
on_map (CabineMaintAudioPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GstBus) bus = NULL;
  const char *source = cabine_config_get_media_option (self->config, "audio-source", "auto");
  g_autofree char *desc = g_strdup_printf ("%s ! audioconvert ! level interval=100000000 post-messages=true ! "
                                           "fakesink sync=true",
                                           g_str_equal (source, "test")
                                             ? "audiotestsrc is-live=true wave=pink-noise volume=0.3"
                                             : "autoaudiosrc");

  self->peak_db = -60.0;
  /* As on the pre-call page: autoaudiosrc without a microphone pushes unnegotiated audio. */
  if (!g_str_equal (source, "test") && !cabine_call_audio_device_present ("Audio/Source"))
    {
      g_message ("maintenance microphone test: no microphone found");
      gtk_label_set_label (GTK_LABEL (self->mic_status),
                           _("No microphone found: check that it is plugged in."));
      return;
    }
  self->mic = cabine_ui_media_launch (desc, &error);
  if (self->mic == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("The microphone is not working: %s"), error->message);

      g_warning ("maintenance microphone test: %s", error->message);
      gtk_label_set_label (GTK_LABEL (self->mic_status), text);
      return;
    }
  bus = gst_element_get_bus (self->mic);
  self->mic_watch = gst_bus_add_watch (bus, on_mic_message, self);
  gtk_label_set_label (GTK_LABEL (self->mic_status), _("Listening…"));
  gst_element_set_state (self->mic, GST_STATE_PLAYING);
}

static void
on_unmap (CabineMaintAudioPage *self)
{
  cabine_ui_media_stop (&self->mic, &self->mic_watch);
  cabine_ui_media_stop (&self->tone, &self->tone_watch);
}

static gboolean
on_tone_message (GstBus     *bus,
                 GstMessage *message,
                 gpointer    user_data)
{
  CabineMaintAudioPage *self = user_data;

  if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_EOS || GST_MESSAGE_TYPE (message) == GST_MESSAGE_ERROR)
    {
      if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_EOS)
        {
          self->tones_played++;
          gtk_label_set_label (GTK_LABEL (self->speaker_status),
                               _("The tone was played. If you heard nothing, check the speaker's cable and "
                                 "volume."));
        }
      else
        {
          g_autoptr(GError) error = NULL;
          g_autofree char *text = NULL;

          gst_message_parse_error (message, &error, NULL);
          /* Translators: %s is an error message from the audio system. */
          text = g_strdup_printf (_("The speaker is not working: %s"), error->message);
          gtk_label_set_label (GTK_LABEL (self->speaker_status), text);
        }
      self->tone_watch = 0;
      gst_element_set_state (self->tone, GST_STATE_NULL);
      gst_clear_object (&self->tone);
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static void
on_play_tone (CabineMaintAudioPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GstBus) bus = NULL;
  g_autofree char *desc = cabine_ui_media_test_tone (self->config);

  cabine_ui_media_stop (&self->tone, &self->tone_watch);
  self->tone = cabine_ui_media_launch (desc, &error);
  if (self->tone == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("The speaker is not working: %s"), error->message);

      g_warning ("maintenance speaker test: %s", error->message);
      gtk_label_set_label (GTK_LABEL (self->speaker_status), text);
      return;
    }
  bus = gst_element_get_bus (self->tone);
  self->tone_watch = gst_bus_add_watch (bus, on_tone_message, self);
  gtk_label_set_label (GTK_LABEL (self->speaker_status), _("Playing a 440 Hz tone for one second…"));
  gst_element_set_state (self->tone, GST_STATE_PLAYING);
}

double
cabine_maint_audio_page_get_peak_db (CabineMaintAudioPage *self)
{
  g_return_val_if_fail (CABINE_IS_MAINT_AUDIO_PAGE (self), -60.0);
  return self->peak_db;
}

guint
cabine_maint_audio_page_get_tones_played (CabineMaintAudioPage *self)
{
  g_return_val_if_fail (CABINE_IS_MAINT_AUDIO_PAGE (self), 0);
  return self->tones_played;
}

static void
cabine_maint_audio_page_dispose (GObject *object)
{
  CabineMaintAudioPage *self = CABINE_MAINT_AUDIO_PAGE (object);

  on_unmap (self);
  g_clear_object (&self->config);
  G_OBJECT_CLASS (cabine_maint_audio_page_parent_class)->dispose (object);
}

static void
cabine_maint_audio_page_class_init (CabineMaintAudioPageClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = cabine_maint_audio_page_dispose;
}

static void
cabine_maint_audio_page_init (CabineMaintAudioPage *self)
{
  self->peak_db = -60.0;
}

GtkWidget *
cabine_maint_audio_page_new (CabineConfig *config)
{
  CabineMaintAudioPage *self = g_object_new (CABINE_TYPE_MAINT_AUDIO_PAGE,
                                             "orientation", GTK_ORIENTATION_VERTICAL, "spacing", 16, NULL);
  GtkWidget *tone = gtk_button_new_with_label (_("Play a test tone"));

  g_return_val_if_fail (CABINE_IS_CONFIG (config), NULL);

  self->config = g_object_ref (config);
  gtk_widget_set_margin_start (GTK_WIDGET (self), 32);
  gtk_widget_set_margin_top (GTK_WIDGET (self), 32);
  gtk_box_append (GTK_BOX (self), cabine_ui_label (_("Sound"), "title-2"));
  gtk_box_append (GTK_BOX (self), cabine_ui_label (_("Microphone"), "heading"));
  self->level = gtk_level_bar_new ();
  gtk_widget_set_size_request (self->level, 480, 28);
  gtk_widget_set_halign (self->level, GTK_ALIGN_START);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->level), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Microphone level"), -1);
  gtk_box_append (GTK_BOX (self), self->level);
  self->mic_status = cabine_ui_label ("", "maintenance-text");
  gtk_box_append (GTK_BOX (self), self->mic_status);

  gtk_box_append (GTK_BOX (self), cabine_ui_label (_("Speaker"), "heading"));
  gtk_widget_set_name (tone, "play-tone");
  gtk_widget_set_halign (tone, GTK_ALIGN_START);
  gtk_widget_add_css_class (tone, "secondary-button");
  g_signal_connect_swapped (tone, "clicked", G_CALLBACK (on_play_tone), self);
  gtk_box_append (GTK_BOX (self), tone);
  self->speaker_status = cabine_ui_label ("", "maintenance-text");
  gtk_box_append (GTK_BOX (self), self->speaker_status);
  g_signal_connect (self, "map", G_CALLBACK (on_map), NULL);
  g_signal_connect (self, "unmap", G_CALLBACK (on_unmap), NULL);
  return GTK_WIDGET (self);
}
