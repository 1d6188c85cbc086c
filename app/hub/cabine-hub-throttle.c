/* cabine-hub-throttle.c: sign-in throttling by (username, client address) and by address
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "cabine-hub"

#include "cabine-hub-throttle.h"

/* Bounded: a flood of made-up usernames or addresses cannot grow the tables without limit. */
#define MAX_ENTRIES 10000

typedef struct {
  guint  count;
  gint64 first_us;
  gint64 locked_until_us;
} Failures;

struct _CabineHubThrottle {
  GHashTable *pairs;     /* "username\naddress" → Failures */
  GHashTable *addresses; /* address → Failures */
};

CabineHubThrottle *
cabine_hub_throttle_new (void)
{
  CabineHubThrottle *self = g_new0 (CabineHubThrottle, 1);

  self->pairs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->addresses = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return self;
}

void
cabine_hub_throttle_free (CabineHubThrottle *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->pairs);
  g_hash_table_unref (self->addresses);
  g_free (self);
}

static char *
pair_key (const char *username,
          const char *address)
{
  return g_strconcat (username, "\n", address != NULL ? address : "?", NULL);
}

static guint
remaining (Failures *f,
           gint64    now)
{
  if (f == NULL || f->locked_until_us <= now)
    return 0;
  return (guint) ((f->locked_until_us - now + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC);
}

guint
cabine_hub_throttle_locked_for (CabineHubThrottle *self,
                                const char        *username,
                                const char        *address)
{
  g_autofree char *key = NULL;
  gint64 now = g_get_monotonic_time ();

  g_return_val_if_fail (self != NULL && username != NULL, 0);

  key = pair_key (username, address);
  return MAX (remaining (g_hash_table_lookup (self->pairs, key), now),
              remaining (g_hash_table_lookup (self->addresses, address != NULL ? address : "?"), now));
}

/* Counts one failure under @key; returns TRUE when it starts a lock. */
static gboolean
count_failure (GHashTable *table,
               const char *key,
               guint       limit,
               gint64      now)
{
  Failures *f;

  if (g_hash_table_size (table) > MAX_ENTRIES)
    g_hash_table_remove_all (table);
  f = g_hash_table_lookup (table, key);
  if (f == NULL || now - f->first_us > CABINE_HUB_THROTTLE_WINDOW_S * G_USEC_PER_SEC)
    {
      f = g_new0 (Failures, 1);
      f->first_us = now;
      g_hash_table_replace (table, g_strdup (key), f);
    }
  if (++f->count < limit)
    return FALSE;
  f->locked_until_us = now + CABINE_HUB_THROTTLE_LOCK_S * G_USEC_PER_SEC;
  f->count = 0;
  f->first_us = now;
  return TRUE;
}

void
cabine_hub_throttle_record (CabineHubThrottle *self,
                            const char        *username,
                            const char        *address,
                            gboolean           success)
{
  g_autofree char *key = NULL;
  gint64 now = g_get_monotonic_time ();

  g_return_if_fail (self != NULL && username != NULL);

  key = pair_key (username, address);
  if (success)
    {
      g_hash_table_remove (self->pairs, key);
      return;
    }
  if (count_failure (self->pairs, key, CABINE_HUB_THROTTLE_PAIR_FAILURES, now))
    g_message ("sign-in for %s from %s locked for %d s after %d failures", username,
               address != NULL ? address : "an unknown address", CABINE_HUB_THROTTLE_LOCK_S,
               CABINE_HUB_THROTTLE_PAIR_FAILURES);
  if (count_failure (self->addresses, address != NULL ? address : "?",
                     CABINE_HUB_THROTTLE_ADDRESS_FAILURES, now))
    g_message ("sign-ins from %s locked for %d s after %d failures",
               address != NULL ? address : "an unknown address", CABINE_HUB_THROTTLE_LOCK_S,
               CABINE_HUB_THROTTLE_ADDRESS_FAILURES);
}
