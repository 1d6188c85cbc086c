/* cabine-keyfile.c: checks on configuration files that GKeyFile does not make
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "cabine-keyfile"

#include <string.h>

#include "cabine-keyfile.h"

gboolean
cabine_keyfile_find_duplicate (const char  *text,
                               char       **group_out,
                               char       **key_out,
                               guint       *first_line,
                               guint       *second_line)
{
  g_auto(GStrv) lines = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *group = NULL;

  g_return_val_if_fail (text != NULL, FALSE);

  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);
      char *eq;
      g_autofree char *pair = NULL;
      gpointer first;

      if (*line == '\0' || *line == '#')
        continue;
      if (*line == '[')
        {
          char *end = strchr (line, ']');

          g_free (group);
          group = g_strndup (line + 1, end != NULL ? (gsize) (end - line - 1) : strlen (line + 1));
          continue;
        }
      eq = strchr (line, '=');
      if (eq == NULL || group == NULL)
        continue;
      *eq = '\0';
      g_strchomp (line);
      pair = g_strdup_printf ("%s\x1f%s", group, line);
      if (g_hash_table_lookup_extended (seen, pair, NULL, &first))
        {
          if (group_out != NULL)
            *group_out = g_strdup (group);
          if (key_out != NULL)
            *key_out = g_strdup (line);
          if (first_line != NULL)
            *first_line = GPOINTER_TO_UINT (first);
          if (second_line != NULL)
            *second_line = i + 1;
          return TRUE;
        }
      g_hash_table_insert (seen, g_steal_pointer (&pair), GUINT_TO_POINTER (i + 1));
    }
  return FALSE;
}
