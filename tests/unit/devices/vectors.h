/* vectors.h: loading the hex APDU vectors of $CABINE_VECTORS_DIR/ieee11073
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

/* The bytes of vector @name ("std-rlrq"), or a test failure. (transfer full) */
static inline GBytes *
load_vector (const char *name)
{
  const char *dir = g_getenv ("CABINE_VECTORS_DIR");
  g_autofree char *file = g_strconcat (name, ".hex", NULL);
  g_autofree char *path = g_build_filename (dir ? dir : ".", "ieee11073", file, NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  GByteArray *bytes = g_byte_array_new ();

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  g_strstrip (text);
  g_assert_cmpuint (strlen (text) % 2, ==, 0);
  for (gsize i = 0; text[i] != '\0'; i += 2)
    {
      int hi = g_ascii_xdigit_value (text[i]), lo = g_ascii_xdigit_value (text[i + 1]);
      guint8 b;

      g_assert_cmpint (hi, >=, 0);
      g_assert_cmpint (lo, >=, 0);
      b = (guint8) (hi << 4 | lo);
      g_byte_array_append (bytes, &b, 1);
    }
  return g_byte_array_free_to_bytes (bytes);
}

static const char * const all_vectors[] = {
  "bp-01-aarq", "bp-02-aare-accepted-unknown-config", "bp-03-config-report",
  "bp-04-config-response", "bp-std-01-aarq", "bp-std-02-scan-report-fixed", "std-aare-accepted",
  "std-abrt-config-timeout", "std-abrt-undefined", "std-event-report-response",
  "std-get-mds-response", "std-get-mds", "std-rlre", "std-rlrq",
};
