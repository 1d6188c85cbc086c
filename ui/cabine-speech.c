/* cabine-speech.c: spoken prompts through espeak-ng
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "cabine-speech"

#include <gio/gio.h>

#include "cabine-speech.h"

struct _CabineSpeech
{
  GObject      parent_instance;
  gboolean     enabled;
  gboolean     reported;
  GSubprocess *current;
};

G_DEFINE_FINAL_TYPE (CabineSpeech, cabine_speech, G_TYPE_OBJECT)

static void
stop_current (CabineSpeech *self)
{
  if (self->current != NULL)
    {
      g_subprocess_force_exit (self->current);
      g_clear_object (&self->current);
    }
}

static void
cabine_speech_dispose (GObject *object)
{
  stop_current (CABINE_SPEECH (object));
  G_OBJECT_CLASS (cabine_speech_parent_class)->dispose (object);
}

static void
cabine_speech_class_init (CabineSpeechClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = cabine_speech_dispose;
}

static void
cabine_speech_init (CabineSpeech *self)
{
}

CabineSpeech *
cabine_speech_new (gboolean enabled)
{
  CabineSpeech *self = g_object_new (CABINE_TYPE_SPEECH, NULL);

  self->enabled = enabled;
  return self;
}

static void
on_exited (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(CabineSpeech) self = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  if (self->current == G_SUBPROCESS (source))
    g_clear_object (&self->current);
}

void
cabine_speech_say (CabineSpeech *self,
                   const char   *text,
                   const char   *language)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (CABINE_IS_SPEECH (self));

  if (!self->enabled || text == NULL || *text == '\0')
    return;
  stop_current (self);
  self->current = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                                    &error, "espeak-ng", "-v",
                                    g_strcmp0 (language, "en") == 0 ? "en" : "fr", "-s", "150",
                                    "--", text, NULL);
  if (self->current == NULL)
    {
      if (!self->reported)
        g_message ("no spoken prompts: %s", error->message);
      self->reported = TRUE;
      return;
    }
  g_subprocess_wait_async (self->current, NULL, on_exited, g_object_ref (self));
}

void
cabine_speech_set_enabled (CabineSpeech *self,
                           gboolean      enabled)
{
  g_return_if_fail (CABINE_IS_SPEECH (self));

  self->enabled = enabled;
  if (!enabled)
    stop_current (self);
}

gboolean
cabine_speech_get_enabled (CabineSpeech *self)
{
  g_return_val_if_fail (CABINE_IS_SPEECH (self), FALSE);
  return self->enabled;
}
