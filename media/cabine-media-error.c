/* cabine-media-error.c: the error domain of the media module
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "cabine-media"

#include "cabine-media-error.h"

G_DEFINE_QUARK (cabine-media-error-quark, cabine_media_error)
