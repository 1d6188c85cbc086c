/* cabine-speech.h: spoken prompts through espeak-ng
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define CABINE_TYPE_SPEECH (cabine_speech_get_type ())
G_DECLARE_FINAL_TYPE (CabineSpeech, cabine_speech, CABINE, SPEECH, GObject)

/** Returns: (transfer full): a speaker, enabled or not. */
CabineSpeech *cabine_speech_new         (gboolean      enabled);

/**
 * cabine_speech_say:
 * @text: what to say (a page prompt; never patient data)
 * @language: "fr" or "en" (the espeak-ng voice)
 *
 * Says @text with `espeak-ng -v LANGUAGE`, interrupting what was being said. Does nothing when
 * disabled; an espeak-ng that cannot run is reported once with g_message.
 */
void          cabine_speech_say         (CabineSpeech *self,
                                         const char   *text,
                                         const char   *language);

/** cabine_speech_set_enabled: switching off also stops what is being said. */
void          cabine_speech_set_enabled (CabineSpeech *self,
                                         gboolean      enabled);
gboolean      cabine_speech_get_enabled (CabineSpeech *self);

G_END_DECLS
