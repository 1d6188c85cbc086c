/* cabine-i18n.c: the patient's language
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "cabine-i18n"

#include <locale.h>
#include <glib/gi18n.h>

#include "cabine-i18n.h"

/* glibc's catalogue cache counter: bumping it makes gettext look LANGUAGE up again. */
extern int _nl_msg_cat_cntr;

static char *current_language;

void
cabine_i18n_init (const char *localedir)
{
  const char *messages = setlocale (LC_ALL, "");

  if (messages == NULL || g_str_equal (setlocale (LC_MESSAGES, NULL), "C") ||
      g_str_equal (setlocale (LC_MESSAGES, NULL), "POSIX"))
    {
      /* gettext ignores LANGUAGE in the "C" locale; C.UTF-8 is built into glibc ≥ 2.35. */
      if (setlocale (LC_ALL, "C.UTF-8") == NULL)
        g_warning ("no UTF-8 locale: the kiosk's language cannot be switched");
    }
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* GLib decides once per process whether g_dgettext() (used by GtkBuilder templates) translates
   * at all, from the catalogue of the locale in force at its first call: make that first call
   * with a language we have a catalogue for. Then, until a patient chooses on the bilingual
   * welcome page, messages to the operator (start-up errors, logs) follow the environment. */
  {
    g_autofree char *saved = g_strdup (g_getenv ("LANGUAGE"));

    g_setenv ("LANGUAGE", "fr", TRUE);
    ++_nl_msg_cat_cntr;
    (void) g_dgettext (GETTEXT_PACKAGE, "");
    if (saved != NULL)
      g_setenv ("LANGUAGE", saved, TRUE);
    else
      g_unsetenv ("LANGUAGE");
    ++_nl_msg_cat_cntr;
  }
}

void
cabine_i18n_set_language (const char *language)
{
  g_return_if_fail (language != NULL);

  g_free (current_language);
  current_language = g_strdup (language);
  g_setenv ("LANGUAGE", language, TRUE);
  ++_nl_msg_cat_cntr;
}

const char *
cabine_i18n_get_language (void)
{
  return current_language != NULL ? current_language : "fr";
}
