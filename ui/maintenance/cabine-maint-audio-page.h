/* cabine-maint-audio-page.h: maintenance page testing the microphone (level meter) and the
 * speaker (a test tone)
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reads from [media]: audio-source (auto|test: autoaudiosrc or a pink-noise audiotestsrc) and
 * audio-sink (auto|fake: autoaudiosink or a synchronised fakesink), as the pre-call check does.
 * The meter runs only while the page is mapped; the tone is 1 s of 440 Hz.
 */
#pragma once

#include <gtk/gtk.h>

#include "cabine-config.h"

G_BEGIN_DECLS

#define CABINE_TYPE_MAINT_AUDIO_PAGE (cabine_maint_audio_page_get_type ())
G_DECLARE_FINAL_TYPE (CabineMaintAudioPage, cabine_maint_audio_page, CABINE, MAINT_AUDIO_PAGE, GtkBox)

/** Returns: (transfer floating): the page, for @config (a reference is kept). */
GtkWidget *cabine_maint_audio_page_new       (CabineConfig *config);

/** Returns: the highest microphone level seen since the page was mapped, in dBFS (-60 when none);
 * for tests. */
double     cabine_maint_audio_page_get_peak_db (CabineMaintAudioPage *self);

/** Returns: how many test tones played to their end since the page was created; for tests. */
guint      cabine_maint_audio_page_get_tones_played (CabineMaintAudioPage *self);

G_END_DECLS
