/* cabine-i18n.h: the patient's language
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * cabine_i18n_init:
 * @localedir: (type filename): where the message catalogues are (LOCALEDIR, or the build tree's po/)
 *
 * Sets the process locale from the environment (falling back to C.UTF-8 where the environment names
 * no usable locale, so that gettext honours LANGUAGE) and binds the "cabine" text domain.
 */
void        cabine_i18n_init         (const char *localedir);

/**
 * cabine_i18n_set_language:
 * @language: an ISO 639-1 code with a catalogue ("fr") or "en" (the source strings)
 *
 * Switches the language of strings translated from now on; widgets built earlier keep theirs.
 */
void        cabine_i18n_set_language (const char *language);

/** Returns: (transfer none): the current language code, e.g. "fr". */
const char *cabine_i18n_get_language (void);

G_END_DECLS
