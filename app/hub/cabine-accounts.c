/* cabine-accounts.c: kiosk tokens, physician accounts and login tokens of the hub
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "cabine-accounts"

#include "cabine-accounts.h"
#include "cabine-hub-store.h"

#include <string.h>
#include <sodium.h>

G_DEFINE_QUARK (cabine-accounts-error-quark, cabine_accounts_error)

#define SHA256_LEN 32

typedef struct {
  guint8 token_sha256[SHA256_LEN];
} Kiosk;

typedef struct {
  char *display_name;
  char *password_hash;
} Physician;

typedef struct {
  char *username;
  gint64 expires_at; /* Unix time, seconds (the wall clock: it must mean the same after a restart) */
} LoginToken;

struct _CabineAccounts
{
  GObject parent_instance;

  GHashTable *kiosks;     /* kiosk id → Kiosk */
  GHashTable *physicians; /* username → Physician */
  GHashTable *tokens;     /* hex SHA-256 of token → LoginToken */
  guint token_lifetime;   /* seconds */
  CabineHubStore *store;  /* (nullable): where logins are kept instead of @tokens */
};

G_DEFINE_FINAL_TYPE (CabineAccounts, cabine_accounts, G_TYPE_OBJECT)

static void
physician_free (gpointer data)
{
  Physician *p = data;

  g_free (p->display_name);
  sodium_memzero (p->password_hash, strlen (p->password_hash));
  g_free (p->password_hash);
  g_free (p);
}

static void
login_token_free (gpointer data)
{
  LoginToken *t = data;

  g_free (t->username);
  g_free (t);
}

static void
sha256 (const char *text,
        guint8      out[SHA256_LEN])
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  gsize len = SHA256_LEN;

  g_checksum_update (sum, (const guchar *) text, (gssize) strlen (text));
  g_checksum_get_digest (sum, out, &len);
  g_assert (len == SHA256_LEN);
}

static void
cabine_accounts_finalize (GObject *object)
{
  CabineAccounts *self = CABINE_ACCOUNTS (object);

  g_hash_table_unref (self->kiosks);
  g_hash_table_unref (self->physicians);
  g_hash_table_unref (self->tokens);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (cabine_accounts_parent_class)->finalize (object);
}

static void
cabine_accounts_class_init (CabineAccountsClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cabine_accounts_finalize;
}

static void
cabine_accounts_init (CabineAccounts *self)
{
  self->kiosks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->physicians = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, physician_free);
  self->tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, login_token_free);
  self->token_lifetime = CABINE_ACCOUNTS_TOKEN_LIFETIME;
}

CabineAccounts *
cabine_accounts_new (void)
{
  if (sodium_init () < 0)
    g_error ("libsodium could not be initialised");
  return g_object_new (CABINE_TYPE_ACCOUNTS, NULL);
}

void
cabine_accounts_add_kiosk (CabineAccounts *self,
                           const char     *kiosk_id,
                           const char     *token)
{
  Kiosk *k;

  g_return_if_fail (CABINE_IS_ACCOUNTS (self));
  g_return_if_fail (kiosk_id != NULL && token != NULL);

  k = g_new0 (Kiosk, 1);
  sha256 (token, k->token_sha256);
  g_hash_table_replace (self->kiosks, g_strdup (kiosk_id), k);
}

gboolean
cabine_accounts_add_physician (CabineAccounts *self,
                               const char     *username,
                               const char     *display_name,
                               const char     *password_hash,
                               GError        **error)
{
  Physician *p;

  g_return_val_if_fail (CABINE_IS_ACCOUNTS (self), FALSE);
  g_return_val_if_fail (username != NULL && display_name != NULL && password_hash != NULL, FALSE);

  if (!g_str_has_prefix (password_hash, crypto_pwhash_argon2id_STRPREFIX) ||
      strlen (password_hash) >= crypto_pwhash_STRBYTES)
    {
      g_set_error (error, CABINE_ACCOUNTS_ERROR, CABINE_ACCOUNTS_ERROR_BAD_HASH,
                   "not a libsodium argon2id hash (it must start with \"%s\"; make one with "
                   "cabine-hub --hash-password)", crypto_pwhash_argon2id_STRPREFIX);
      return FALSE;
    }

  p = g_new0 (Physician, 1);
  p->display_name = g_strdup (display_name);
  p->password_hash = g_strdup (password_hash);
  g_hash_table_replace (self->physicians, g_strdup (username), p);
  return TRUE;
}

guint
cabine_accounts_get_n_kiosks (CabineAccounts *self)
{
  g_return_val_if_fail (CABINE_IS_ACCOUNTS (self), 0);
  return g_hash_table_size (self->kiosks);
}

guint
cabine_accounts_get_n_physicians (CabineAccounts *self)
{
  g_return_val_if_fail (CABINE_IS_ACCOUNTS (self), 0);
  return g_hash_table_size (self->physicians);
}

static gboolean
denied (GError **error)
{
  g_set_error_literal (error, CABINE_ACCOUNTS_ERROR, CABINE_ACCOUNTS_ERROR_DENIED,
                       "invalid credentials");
  return FALSE;
}

gboolean
cabine_accounts_verify_kiosk (CabineAccounts *self,
                              const char     *kiosk_id,
                              const char     *token,
                              GError        **error)
{
  guint8 digest[SHA256_LEN];
  Kiosk *k;

  g_return_val_if_fail (CABINE_IS_ACCOUNTS (self), FALSE);
  g_return_val_if_fail (kiosk_id != NULL && token != NULL, FALSE);

  sha256 (token, digest);
  k = g_hash_table_lookup (self->kiosks, kiosk_id);
  /* Which of the two, for the hub's log: callers tell the kiosk no more than "invalid
   * credentials" (cabine-accounts.h). */
  if (k == NULL)
    {
      g_set_error_literal (error, CABINE_ACCOUNTS_ERROR, CABINE_ACCOUNTS_ERROR_DENIED,
                           "unknown kiosk id");
      return FALSE;
    }
  if (sodium_memcmp (digest, k->token_sha256, SHA256_LEN) != 0)
    {
      g_set_error_literal (error, CABINE_ACCOUNTS_ERROR, CABINE_ACCOUNTS_ERROR_DENIED,
                           "wrong token for this kiosk id");
      return FALSE;
    }
  return TRUE;
}

/* An argon2id hash (libsodium's interactive limits, as `cabine-hub --hash-password` makes) of a
 * random secret nobody knows: unknown usernames are checked against it. */
static const char *
dummy_hash (void)
{
  static char hash[crypto_pwhash_STRBYTES];
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      char secret[33];

      randombytes_buf (secret, sizeof secret - 1);
      secret[sizeof secret - 1] = '\0';
      if (crypto_pwhash_str (hash, secret, sizeof secret - 1, crypto_pwhash_OPSLIMIT_INTERACTIVE,
                             crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        g_error ("argon2id hashing failed: out of memory");
      sodium_memzero (secret, sizeof secret);
      g_once_init_leave (&done, 1);
    }
  return hash;
}

const char *
cabine_accounts_get_display_name (CabineAccounts *self,
                                  const char     *username)
{
  Physician *p;

  g_return_val_if_fail (CABINE_IS_ACCOUNTS (self), NULL);
  g_return_val_if_fail (username != NULL, NULL);

  p = g_hash_table_lookup (self->physicians, username);
  return p != NULL ? p->display_name : NULL;
}

gboolean
cabine_accounts_verify_password (CabineAccounts *self,
                                 const char     *username,
                                 const char     *password,
                                 char          **out_display_name,
                                 GError        **error)
{
  Physician *p;

  g_return_val_if_fail (CABINE_IS_ACCOUNTS (self), FALSE);
  g_return_val_if_fail (username != NULL && password != NULL, FALSE);

  p = g_hash_table_lookup (self->physicians, username);
  if (p == NULL)
    {
      /* Spend the same time as for a wrong password, so that response times do not tell which
       * usernames exist. */
      if (crypto_pwhash_str_verify (dummy_hash (), password, strlen (password)) == 0)
        g_warn_if_reached ();
      return denied (error);
    }
  if (crypto_pwhash_str_verify (p->password_hash, password, strlen (password)) != 0)
    return denied (error);
  if (out_display_name != NULL)
    *out_display_name = g_strdup (p->display_name);
  return TRUE;
}

static char *
token_key (const char *token)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);
}

static gint64
now_s (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static void
prune_tokens (CabineAccounts *self)
{
  gint64 now = now_s ();
  GHashTableIter iter;
  LoginToken *t;

  g_hash_table_iter_init (&iter, self->tokens);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &t))
    if (t->expires_at <= now)
      g_hash_table_iter_remove (&iter);
}

void
cabine_accounts_set_store (CabineAccounts *self,
                           CabineHubStore *store)
{
  g_return_if_fail (CABINE_IS_ACCOUNTS (self));
  g_return_if_fail (store == NULL || CABINE_IS_HUB_STORE (store));

  g_set_object (&self->store, store);
  if (store != NULL)
    {
      g_autoptr(GError) error = NULL;
      guint n = 0;

      if (!cabine_hub_store_purge_logins (store, NULL, now_s (), &n, &error))
        g_warning ("cannot purge expired sign-ins: %s", error->message);
      else if (n > 0)
        g_message ("%u expired sign-in(s) purged", n);
    }
}

char *
cabine_accounts_issue_token (CabineAccounts *self,
                             const char     *username)
{
  guint8 bytes[CABINE_ACCOUNTS_TOKEN_BYTES];
  char hex[CABINE_ACCOUNTS_TOKEN_BYTES * 2 + 1];
  g_autofree char *key = NULL;
  gint64 expires_at;
  LoginToken *t;

  g_return_val_if_fail (CABINE_IS_ACCOUNTS (self), NULL);
  g_return_val_if_fail (g_hash_table_contains (self->physicians, username), NULL);

  prune_tokens (self);
  randombytes_buf (bytes, sizeof bytes);
  sodium_bin2hex (hex, sizeof hex, bytes, sizeof bytes);
  sodium_memzero (bytes, sizeof bytes);
  key = token_key (hex);
  expires_at = now_s () + (gint64) self->token_lifetime;

  if (self->store != NULL)
    {
      g_autoptr(GError) error = NULL;

      if (cabine_hub_store_purge_logins (self->store, NULL, now_s (), NULL, &error) &&
          cabine_hub_store_put_login (self->store, key, username, expires_at, &error))
        return g_strdup (hex);
      /* Still signed in, only not across a restart of the hub. */
      g_warning ("cannot keep a sign-in in the store, it lasts until the hub stops: %s",
                 error->message);
    }
  t = g_new0 (LoginToken, 1);
  t->username = g_strdup (username);
  t->expires_at = expires_at;
  g_hash_table_replace (self->tokens, g_steal_pointer (&key), t);
  return g_strdup (hex);
}

static gboolean
expired (CabineAccounts  *self,
         const char      *key,
         GError         **error)
{
  g_hash_table_remove (self->tokens, key);
  if (self->store != NULL)
    {
      g_autoptr(GError) local = NULL;

      if (!cabine_hub_store_purge_logins (self->store, key, now_s (), NULL, &local))
        g_warning ("cannot purge expired sign-ins: %s", local->message);
    }
  g_set_error_literal (error, CABINE_ACCOUNTS_ERROR, CABINE_ACCOUNTS_ERROR_EXPIRED,
                       "the sign-in has expired; sign in again");
  return FALSE;
}

gboolean
cabine_accounts_lookup_token (CabineAccounts *self,
                              const char     *token,
                              const char    **out_username,
                              const char    **out_display_name,
                              GError        **error)
{
  g_autofree char *key = NULL;
  g_autofree char *stored_username = NULL;
  const char *username = NULL;
  gint64 expires_at = 0;
  gpointer physician_key = NULL;
  LoginToken *t;
  Physician *p;

  g_return_val_if_fail (CABINE_IS_ACCOUNTS (self), FALSE);
  g_return_val_if_fail (token != NULL, FALSE);

  key = token_key (token);
  t = g_hash_table_lookup (self->tokens, key);
  if (t != NULL)
    {
      username = t->username;
      expires_at = t->expires_at;
    }
  else if (self->store != NULL)
    {
      g_autoptr(GError) local = NULL;

      if (!cabine_hub_store_get_login (self->store, key, &stored_username, &expires_at, &local))
        {
          if (!g_error_matches (local, CABINE_HUB_STORE_ERROR, CABINE_HUB_STORE_ERROR_NOT_FOUND))
            g_warning ("cannot read sign-ins: %s", local->message);
          return denied (error);
        }
      username = stored_username;
    }
  else
    return denied (error);

  if (expires_at <= now_s ())
    return expired (self, key, error);
  if (!g_hash_table_lookup_extended (self->physicians, username, &physician_key, (gpointer *) &p))
    return denied (error);
  if (out_username != NULL)
    *out_username = physician_key;
  if (out_display_name != NULL)
    *out_display_name = p->display_name;
  return TRUE;
}

void
cabine_accounts_set_token_lifetime (CabineAccounts *self,
                                    guint           seconds)
{
  g_return_if_fail (CABINE_IS_ACCOUNTS (self));
  self->token_lifetime = seconds;
}

guint
cabine_accounts_get_token_lifetime (CabineAccounts *self)
{
  g_return_val_if_fail (CABINE_IS_ACCOUNTS (self), 0);
  return self->token_lifetime;
}

gboolean
cabine_accounts_check_new_password (const char  *password,
                                    GError     **error)
{
  glong chars;

  g_return_val_if_fail (password != NULL, FALSE);

  if (!g_utf8_validate (password, -1, NULL))
    {
      g_set_error_literal (error, CABINE_ACCOUNTS_ERROR, CABINE_ACCOUNTS_ERROR_WEAK_PASSWORD,
                           "the password is not valid UTF-8 text");
      return FALSE;
    }
  if (strlen (password) > CABINE_ACCOUNTS_MAX_PASSWORD_BYTES)
    {
      g_set_error (error, CABINE_ACCOUNTS_ERROR, CABINE_ACCOUNTS_ERROR_WEAK_PASSWORD,
                   "the password is longer than %d bytes", CABINE_ACCOUNTS_MAX_PASSWORD_BYTES);
      return FALSE;
    }
  chars = g_utf8_strlen (password, -1);
  if (chars < CABINE_ACCOUNTS_MIN_PASSWORD_CHARS)
    {
      g_set_error (error, CABINE_ACCOUNTS_ERROR, CABINE_ACCOUNTS_ERROR_WEAK_PASSWORD,
                   "the password has %ld character%s; a physician's needs at least %d",
                   chars, chars == 1 ? "" : "s", CABINE_ACCOUNTS_MIN_PASSWORD_CHARS);
      return FALSE;
    }
  return TRUE;
}

char *
cabine_accounts_hash_password (const char *password,
                               GError    **error)
{
  char hash[crypto_pwhash_STRBYTES];

  g_return_val_if_fail (password != NULL, NULL);

  if (sodium_init () < 0 ||
      crypto_pwhash_str_alg (hash, password, strlen (password),
                             crypto_pwhash_OPSLIMIT_INTERACTIVE,
                             crypto_pwhash_MEMLIMIT_INTERACTIVE,
                             crypto_pwhash_ALG_ARGON2ID13) != 0)
    {
      g_set_error_literal (error, CABINE_ACCOUNTS_ERROR, CABINE_ACCOUNTS_ERROR_FAILED,
                           "libsodium could not hash the password (out of memory?)");
      return NULL;
    }
  return g_strdup (hash);
}
