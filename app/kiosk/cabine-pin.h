/* cabine-pin.h: the operator's maintenance PIN, hashed, with a lockout after repeated failures
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The PIN is kept only as a libsodium crypto_pwhash_str() string: argon2id with a random 16-byte
 * salt and the "interactive" limits (crypto_pwhash_OPSLIMIT_INTERACTIVE, _MEMLIMIT_INTERACTIVE;
 * libsodium documentation, "Password hashing"). After %CABINE_PIN_MAX_FAILURES wrong PINs in a row
 * every attempt is refused, unchecked, for %CABINE_PIN_LOCKOUT_SECONDS.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define CABINE_PIN_MAX_FAILURES 5
#define CABINE_PIN_LOCKOUT_SECONDS (5 * 60)
/** A PIN is 4 to 12 ASCII digits. */
#define CABINE_PIN_MIN_DIGITS 4
#define CABINE_PIN_MAX_DIGITS 12

#define CABINE_PIN_ERROR (cabine_pin_error_quark ())

/**
 * CabinePinError:
 * @CABINE_PIN_ERROR_NOT_SET: no PIN hash is configured: maintenance cannot be entered
 * @CABINE_PIN_ERROR_BAD_FORMAT: the PIN is not 4–12 digits (to hash), or the hash is not argon2id
 * @CABINE_PIN_ERROR_WRONG: the PIN does not match
 * @CABINE_PIN_ERROR_LOCKED: too many failures; the message says for how many more seconds
 * @CABINE_PIN_ERROR_FAILED: libsodium could not hash (out of memory)
 */
typedef enum {
  CABINE_PIN_ERROR_NOT_SET,
  CABINE_PIN_ERROR_BAD_FORMAT,
  CABINE_PIN_ERROR_WRONG,
  CABINE_PIN_ERROR_LOCKED,
  CABINE_PIN_ERROR_FAILED,
} CabinePinError;

GQuark cabine_pin_error_quark (void);

/**
 * cabine_pin_hash:
 * @pin: 4 to 12 ASCII digits
 * @error: %CABINE_PIN_ERROR_BAD_FORMAT or %CABINE_PIN_ERROR_FAILED
 *
 * Returns: (transfer full) (nullable): a "$argon2id$…" string for [maintenance] pin-hash.
 */
char *cabine_pin_hash (const char *pin,
                       GError    **error);

#define CABINE_TYPE_PIN_GUARD (cabine_pin_guard_get_type ())
G_DECLARE_FINAL_TYPE (CabinePinGuard, cabine_pin_guard, CABINE, PIN_GUARD, GObject)

/**
 * cabine_pin_guard_new:
 * @hash: (nullable): the configured hash string; %NULL when none is configured
 *
 * Returns: (transfer full): a guard with no failures counted.
 */
CabinePinGuard *cabine_pin_guard_new          (const char     *hash);

/**
 * cabine_pin_guard_check:
 * @pin: what the operator typed (never logged)
 * @now_us: the monotonic time in microseconds (g_get_monotonic_time(); tests pass their own)
 * @error: %CABINE_PIN_ERROR_NOT_SET, %CABINE_PIN_ERROR_LOCKED (the PIN is not even checked),
 *   %CABINE_PIN_ERROR_WRONG (counted; the 5th in a row starts the lockout)
 *
 * Returns: %TRUE when @pin matches (the failure count goes back to 0).
 */
gboolean        cabine_pin_guard_check        (CabinePinGuard *self,
                                               const char     *pin,
                                               gint64          now_us,
                                               GError        **error);

/**
 * cabine_pin_guard_restore:
 * @failures: wrong PINs in a row recorded before a restart
 * @locked_for_s: seconds of lockout still to run (0: not locked); capped at
 *   %CABINE_PIN_LOCKOUT_SECONDS so a wrong clock cannot lock the operator out for longer
 * @now_us: the same monotonic clock as cabine_pin_guard_check()'s @now_us
 *
 * Puts back the state kept across a kiosk restart (the audit log's "maintenance-pin-failed"
 * entries carry it). A lockout that is over, or @failures at or beyond
 * %CABINE_PIN_MAX_FAILURES without a lockout, starts a fresh series.
 */
void            cabine_pin_guard_restore      (CabinePinGuard *self,
                                               guint           failures,
                                               guint           locked_for_s,
                                               gint64          now_us);

/** Returns: seconds of lockout left at @now_us, 0 when not locked. */
guint           cabine_pin_guard_locked_for   (CabinePinGuard *self,
                                               gint64          now_us);

/** Returns: wrong PINs in a row since the last success or the end of the last lockout. */
guint           cabine_pin_guard_get_failures (CabinePinGuard *self);

G_END_DECLS
