/* cabine-test-tree.h: removing a test's temporary folder
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * cabine_test_remove_tree:
 * @path: a folder (or a file), typically from g_dir_make_tmp()
 *
 * Removes @path and everything under it, without following symbolic links out of it. Missing
 * entries are ignored: a test's cleanup never fails the test.
 */
void cabine_test_remove_tree (const char *path);

G_END_DECLS
