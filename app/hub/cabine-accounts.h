/* cabine-accounts.h: kiosk tokens, physician accounts and login tokens of the hub
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "cabine-hub-store.h"

G_BEGIN_DECLS

/** Lifetime of a physician login token, in seconds: 12 h (data/protocol.md, POST /api/login). */
#define CABINE_ACCOUNTS_TOKEN_LIFETIME (12 * 60 * 60)

/** Random bytes in a login token; the token is their lowercase hex, 64 characters. */
#define CABINE_ACCOUNTS_TOKEN_BYTES 32

/** Fewest characters (Unicode code points) in a new physician password: NIST SP 800-63B
 * §5.1.1.2, "memorized secrets SHALL be at least 8 characters in length if chosen by the
 * subscriber" (cabine_accounts_check_new_password()). */
#define CABINE_ACCOUNTS_MIN_PASSWORD_CHARS 8

/** Most bytes in a new physician password: the same section asks verifiers to accept at least
 * 64 characters; 1023 bytes is what `cabine-hub --hash-password` reads in one line. */
#define CABINE_ACCOUNTS_MAX_PASSWORD_BYTES 1023

#define CABINE_ACCOUNTS_ERROR (cabine_accounts_error_quark ())

/**
 * CabineAccountsError:
 * @CABINE_ACCOUNTS_ERROR_DENIED: unknown kiosk or physician, wrong kiosk token, wrong password,
 *   unknown or expired login token. A physician's message never says which, to not help
 *   guessing; a kiosk's does, for the hub's log only (cabine_accounts_verify_kiosk())
 * @CABINE_ACCOUNTS_ERROR_BAD_HASH: a password hash that is not a libsodium argon2id string
 * @CABINE_ACCOUNTS_ERROR_FAILED: libsodium could not hash (out of memory)
 * @CABINE_ACCOUNTS_ERROR_EXPIRED: a login token that was valid but has expired ("the sign-in has
 *   expired; sign in again"); it is forgotten, so the next lookup of it says %DENIED
 * @CABINE_ACCOUNTS_ERROR_WEAK_PASSWORD: a new password that is too short, too long or not UTF-8
 *   (cabine_accounts_check_new_password())
 */
typedef enum {
  CABINE_ACCOUNTS_ERROR_DENIED,
  CABINE_ACCOUNTS_ERROR_BAD_HASH,
  CABINE_ACCOUNTS_ERROR_FAILED,
  CABINE_ACCOUNTS_ERROR_EXPIRED,
  CABINE_ACCOUNTS_ERROR_WEAK_PASSWORD,
} CabineAccountsError;

GQuark cabine_accounts_error_quark (void);

#define CABINE_TYPE_ACCOUNTS (cabine_accounts_get_type ())
G_DECLARE_FINAL_TYPE (CabineAccounts, cabine_accounts, CABINE, ACCOUNTS, GObject)

/**
 * cabine_accounts_new:
 *
 * Creates an empty account set and initialises libsodium.
 *
 * Returns: (transfer full): a new #CabineAccounts
 */
CabineAccounts *cabine_accounts_new                (void);

/**
 * cabine_accounts_add_kiosk:
 * @self: a #CabineAccounts
 * @kiosk_id: the kiosk's id, e.g. "cabin-01"
 * @token: the kiosk's bearer secret; only its SHA-256 is kept
 *
 * Adds or replaces a kiosk.
 */
void            cabine_accounts_add_kiosk          (CabineAccounts *self,
                                                    const char     *kiosk_id,
                                                    const char     *token);

/**
 * cabine_accounts_add_physician:
 * @self: a #CabineAccounts
 * @username: login name
 * @display_name: name shown to patients, e.g. "Dr Demo"
 * @password_hash: a libsodium crypto_pwhash_str() argon2id string ("$argon2id$…")
 * @error: %CABINE_ACCOUNTS_ERROR_BAD_HASH when @password_hash is not an argon2id string
 *
 * Adds or replaces a physician account.
 *
 * Returns: %TRUE, or %FALSE with @error set.
 */
gboolean        cabine_accounts_add_physician      (CabineAccounts *self,
                                                    const char     *username,
                                                    const char     *display_name,
                                                    const char     *password_hash,
                                                    GError        **error);

/** cabine_accounts_get_n_kiosks: Returns: the number of configured kiosks. */
guint           cabine_accounts_get_n_kiosks       (CabineAccounts *self);

/** cabine_accounts_get_n_physicians: Returns: the number of configured physicians. */
guint           cabine_accounts_get_n_physicians   (CabineAccounts *self);

/**
 * cabine_accounts_verify_kiosk:
 * @self: a #CabineAccounts
 * @kiosk_id: the id the kiosk presents
 * @token: the token the kiosk presents
 * @error: %CABINE_ACCOUNTS_ERROR_DENIED, whose message says which: "unknown kiosk id" or
 *   "wrong token for this kiosk id". It is meant for the hub's log: what the kiosk is told must
 *   not say which, or anyone could learn which kiosk ids exist.
 *
 * Compares SHA-256 digests in constant time (sodium_memcmp).
 *
 * Returns: %TRUE when @token is @kiosk_id's token.
 */
gboolean        cabine_accounts_verify_kiosk       (CabineAccounts *self,
                                                    const char     *kiosk_id,
                                                    const char     *token,
                                                    GError        **error);

/**
 * cabine_accounts_verify_password:
 * @self: a #CabineAccounts
 * @username: login name
 * @password: password in clear, UTF-8
 * @out_display_name: (out) (optional) (transfer full): the physician's display name
 * @error: %CABINE_ACCOUNTS_ERROR_DENIED for an unknown user or a wrong password
 *
 * Checks @password with crypto_pwhash_str_verify(). This takes a good fraction of a second and
 * 64 MiB by design: call it from a worker thread. Safe to call from any thread as long as no
 * account is added concurrently.
 *
 * Returns: %TRUE when the password is right.
 */
gboolean        cabine_accounts_verify_password    (CabineAccounts *self,
                                                    const char     *username,
                                                    const char     *password,
                                                    char          **out_display_name,
                                                    GError        **error);

/**
 * cabine_accounts_issue_token:
 * @self: a #CabineAccounts
 * @username: a configured physician
 *
 * Issues a login token of %CABINE_ACCOUNTS_TOKEN_BYTES random bytes (randombytes_buf), valid for
 * the token lifetime (cabine_accounts_set_token_lifetime()) by the wall clock. Only its SHA-256 is
 * kept: in the store when one is set (cabine_accounts_set_store(); a store that fails is logged and
 * the login is kept in memory instead), else in memory. Expired logins are purged. Main thread.
 *
 * Returns: (transfer full): the token, lowercase hex
 */
char           *cabine_accounts_issue_token        (CabineAccounts *self,
                                                    const char     *username);

/**
 * cabine_accounts_lookup_token:
 * @self: a #CabineAccounts
 * @token: a token from cabine_accounts_issue_token()
 * @out_username: (out) (optional) (transfer none): the physician's username
 * @out_display_name: (out) (optional) (transfer none): the physician's display name
 * @error: %CABINE_ACCOUNTS_ERROR_DENIED for an unknown token (or one of a physician no longer
 *   configured), %CABINE_ACCOUNTS_ERROR_EXPIRED for an expired one
 *
 * Looks in memory, then in the store (cabine_accounts_set_store()), so that logins outlive a restart
 * of the hub. The strings returned stay valid as long as the physician's account.
 *
 * Returns: %TRUE when @token is valid; an expired token is forgotten (memory and store).
 */
gboolean        cabine_accounts_lookup_token       (CabineAccounts *self,
                                                    const char     *token,
                                                    const char    **out_username,
                                                    const char    **out_display_name,
                                                    GError        **error);

/**
 * cabine_accounts_get_display_name:
 * @self: a #CabineAccounts
 * @username: a physician's username
 *
 * Returns: (transfer none) (nullable): the display name of the configured physician @username,
 *   valid as long as the account, or %NULL when no such physician is configured
 */
const char     *cabine_accounts_get_display_name   (CabineAccounts *self,
                                                    const char     *username);

/**
 * cabine_accounts_set_store:
 * @self: a #CabineAccounts
 * @store: (nullable): where to keep physician logins (cabine_hub_store_put_login()); a reference is
 *   taken. %NULL: in memory only
 *
 * Also purges the store's expired logins.
 */
void            cabine_accounts_set_store          (CabineAccounts *self,
                                                    CabineHubStore *store);

/**
 * cabine_accounts_set_token_lifetime:
 * @self: a #CabineAccounts
 * @seconds: lifetime of tokens issued from now on, in seconds (default
 *   %CABINE_ACCOUNTS_TOKEN_LIFETIME)
 */
void            cabine_accounts_set_token_lifetime (CabineAccounts *self,
                                                    guint           seconds);

/** cabine_accounts_get_token_lifetime: Returns: the lifetime of new tokens, in seconds. */
guint           cabine_accounts_get_token_lifetime (CabineAccounts *self);

/**
 * cabine_accounts_check_new_password:
 * @password: a password chosen for a physician, in clear
 * @error: %CABINE_ACCOUNTS_ERROR_WEAK_PASSWORD, saying what is wrong: not valid UTF-8, fewer than
 *   %CABINE_ACCOUNTS_MIN_PASSWORD_CHARS characters, or more than
 *   %CABINE_ACCOUNTS_MAX_PASSWORD_BYTES bytes
 *
 * The policy `cabine-hub --hash-password` applies before hashing. Passwords already in a
 * configuration are not checked again.
 *
 * Returns: whether @password may be used
 */
gboolean        cabine_accounts_check_new_password (const char  *password,
                                                    GError     **error);

/**
 * cabine_accounts_hash_password:
 * @password: password in clear, UTF-8
 * @error: %CABINE_ACCOUNTS_ERROR_FAILED when libsodium fails (out of memory)
 *
 * Hashes with crypto_pwhash_str() (argon2id, OPSLIMIT/MEMLIMIT_INTERACTIVE), for config files.
 *
 * Returns: (transfer full) (nullable): the "$argon2id$…" string, or %NULL with @error set
 */
char           *cabine_accounts_hash_password      (const char     *password,
                                                    GError        **error);

G_END_DECLS
