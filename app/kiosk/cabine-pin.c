/* cabine-pin.c: the operator's maintenance PIN, hashed, with a lockout after repeated failures
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "cabine-pin"

#include <string.h>
#include <sodium.h>

#include "cabine-pin.h"

struct _CabinePinGuard
{
  GObject parent_instance;
  char   *hash;
  guint   failures;
  gint64  locked_until_us;
};

G_DEFINE_QUARK (cabine-pin-error-quark, cabine_pin_error)
G_DEFINE_FINAL_TYPE (CabinePinGuard, cabine_pin_guard, G_TYPE_OBJECT)

static gboolean
ensure_sodium (GError **error)
{
  if (sodium_init () < 0)
    {
      g_set_error_literal (error, CABINE_PIN_ERROR, CABINE_PIN_ERROR_FAILED, "libsodium cannot start");
      return FALSE;
    }
  return TRUE;
}

static gboolean
is_pin (const char *pin)
{
  gsize n = pin != NULL ? strlen (pin) : 0;

  if (n < CABINE_PIN_MIN_DIGITS || n > CABINE_PIN_MAX_DIGITS)
    return FALSE;
  for (gsize i = 0; i < n; i++)
    if (!g_ascii_isdigit (pin[i]))
      return FALSE;
  return TRUE;
}

char *
cabine_pin_hash (const char  *pin,
                 GError     **error)
{
  char out[crypto_pwhash_STRBYTES];

  if (!is_pin (pin))
    {
      g_set_error (error, CABINE_PIN_ERROR, CABINE_PIN_ERROR_BAD_FORMAT,
                   "a PIN is %d to %d digits", CABINE_PIN_MIN_DIGITS, CABINE_PIN_MAX_DIGITS);
      return NULL;
    }
  if (!ensure_sodium (error))
    return NULL;
  /* crypto_pwhash_str() always uses argon2id13 with a fresh random salt. */
  if (crypto_pwhash_str (out, pin, strlen (pin), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                         crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    {
      g_set_error_literal (error, CABINE_PIN_ERROR, CABINE_PIN_ERROR_FAILED,
                           "cannot hash the PIN (out of memory)");
      return NULL;
    }
  return g_strdup (out);
}

static void
cabine_pin_guard_finalize (GObject *object)
{
  CabinePinGuard *self = CABINE_PIN_GUARD (object);

  g_free (self->hash);
  G_OBJECT_CLASS (cabine_pin_guard_parent_class)->finalize (object);
}

static void
cabine_pin_guard_class_init (CabinePinGuardClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cabine_pin_guard_finalize;
}

static void
cabine_pin_guard_init (CabinePinGuard *self)
{
}

CabinePinGuard *
cabine_pin_guard_new (const char *hash)
{
  CabinePinGuard *self = g_object_new (CABINE_TYPE_PIN_GUARD, NULL);

  self->hash = g_strdup (hash);
  return self;
}

guint
cabine_pin_guard_locked_for (CabinePinGuard *self,
                             gint64          now_us)
{
  g_return_val_if_fail (CABINE_IS_PIN_GUARD (self), 0);

  if (self->locked_until_us == 0 || now_us >= self->locked_until_us)
    return 0;
  return (guint) ((self->locked_until_us - now_us + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC);
}

guint
cabine_pin_guard_get_failures (CabinePinGuard *self)
{
  g_return_val_if_fail (CABINE_IS_PIN_GUARD (self), 0);
  return self->failures;
}

void
cabine_pin_guard_restore (CabinePinGuard *self,
                          guint           failures,
                          guint           locked_for_s,
                          gint64          now_us)
{
  g_return_if_fail (CABINE_IS_PIN_GUARD (self));

  locked_for_s = MIN (locked_for_s, CABINE_PIN_LOCKOUT_SECONDS);
  self->failures = MIN (failures, CABINE_PIN_MAX_FAILURES);
  self->locked_until_us = locked_for_s > 0 ? now_us + (gint64) locked_for_s * G_USEC_PER_SEC : 0;
  if (locked_for_s > 0)
    self->failures = CABINE_PIN_MAX_FAILURES;
  else if (self->failures >= CABINE_PIN_MAX_FAILURES)
    self->failures = 0; /* a lockout that has run out: a fresh series */
}

gboolean
cabine_pin_guard_check (CabinePinGuard  *self,
                        const char      *pin,
                        gint64           now_us,
                        GError         **error)
{
  guint locked;

  g_return_val_if_fail (CABINE_IS_PIN_GUARD (self), FALSE);

  if (self->hash == NULL)
    {
      g_set_error_literal (error, CABINE_PIN_ERROR, CABINE_PIN_ERROR_NOT_SET,
                           "no maintenance PIN is configured");
      return FALSE;
    }
  locked = cabine_pin_guard_locked_for (self, now_us);
  if (locked > 0)
    {
      g_set_error (error, CABINE_PIN_ERROR, CABINE_PIN_ERROR_LOCKED,
                   "locked after %d wrong PINs; try again in %u s", CABINE_PIN_MAX_FAILURES, locked);
      return FALSE;
    }
  if (self->locked_until_us != 0)
    {
      /* The lockout is over: a fresh series of attempts. */
      self->locked_until_us = 0;
      self->failures = 0;
    }
  if (!ensure_sodium (error))
    return FALSE;
  if (pin != NULL && is_pin (pin) &&
      crypto_pwhash_str_verify (self->hash, pin, strlen (pin)) == 0)
    {
      self->failures = 0;
      return TRUE;
    }
  self->failures++;
  if (self->failures >= CABINE_PIN_MAX_FAILURES)
    self->locked_until_us = now_us + (gint64) CABINE_PIN_LOCKOUT_SECONDS * G_USEC_PER_SEC;
  g_set_error (error, CABINE_PIN_ERROR, CABINE_PIN_ERROR_WRONG, "wrong PIN (%u of %d)",
               self->failures, CABINE_PIN_MAX_FAILURES);
  return FALSE;
}
