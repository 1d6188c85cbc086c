/* cabine-keyfile.h: checks on configuration files that GKeyFile does not make
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * cabine_keyfile_find_duplicate:
 * @text: a configuration file's text, in GKeyFile's syntax ("[group]", "key=value", "#" comments,
 *   blank lines)
 * @group: (out) (transfer full) (optional): the group of the first key set twice
 * @key: (out) (transfer full) (optional): that key
 * @first_line: (out) (optional): the 1-based line where it is first set
 * @second_line: (out) (optional): the line where it is set again
 *
 * GKeyFile keeps the last of two lines with the same key in a group, silently: an operator who
 * added "port=" at the end of a group without removing the first would not know which one counts.
 * This reads @text's lines again and finds the first group/key pair set twice.
 *
 * Returns: %TRUE when a key is set twice (the out arguments are then set), %FALSE otherwise
 */
gboolean cabine_keyfile_find_duplicate (const char  *text,
                                        char       **group,
                                        char       **key,
                                        guint       *first_line,
                                        guint       *second_line);

G_END_DECLS
