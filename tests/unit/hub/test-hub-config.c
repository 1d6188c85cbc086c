/* test-hub-config.c: configuration file and accounts
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "cabine-test"

#include <string.h>

#include "cabine-hub-config.h"

static char *test_hash;

static const char *
hash (void)
{
  g_autoptr(GError) error = NULL;

  if (test_hash == NULL)
    test_hash = cabine_accounts_hash_password ("s3cret", &error);
  g_assert_no_error (error);
  return test_hash;
}

static void
test_good (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *conf = g_strdup_printf (
    "[hub]\nlisten=::1\nport=9000\n"
    "ice-servers=STUN:a.example:3478;turn:b.example:3478;Turns:[2001:db8::1]:5349?transport=tcp\n"
    "[kiosk:cabin-01]\ntoken=0123456789abcdef\n"
    "[physician:doc]\ndisplay-name=Dr Doc\npassword-hash=%s\n", hash ());
  g_autoptr(CabineHubConfig) c = cabine_hub_config_new_from_data (conf, "good.conf", &error);
  const char * const *ice;
  CabineAccounts *a;
  g_autofree char *display = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (cabine_hub_config_get_listen (c), ==, "::1");
  g_assert_cmpuint (cabine_hub_config_get_port (c), ==, 9000);
  ice = cabine_hub_config_get_ice_servers (c);
  g_assert_cmpuint (g_strv_length ((GStrv) ice), ==, 3);
  /* Schemes in any case (RFC 3986 §3.1), given to the console in lower case. */
  g_assert_cmpstr (ice[0], ==, "stun:a.example:3478");
  g_assert_cmpstr (ice[1], ==, "turn:b.example:3478");
  g_assert_cmpstr (ice[2], ==, "turns:[2001:db8::1]:5349?transport=tcp");
  g_assert_nonnull (cabine_hub_config_get_console_dir (c));
  g_assert_cmpuint (cabine_hub_config_get_resume_seconds (c), ==, 60);

  a = cabine_hub_config_get_accounts (c);
  g_assert_cmpuint (cabine_accounts_get_n_kiosks (a), ==, 1);
  g_assert_true (cabine_accounts_verify_kiosk (a, "cabin-01", "0123456789abcdef", &error));
  g_assert_no_error (error);
  /* The message says which, for the hub's log. */
  g_assert_false (cabine_accounts_verify_kiosk (a, "cabin-01", "0123456789abcdeF", &error));
  g_assert_error (error, CABINE_ACCOUNTS_ERROR, CABINE_ACCOUNTS_ERROR_DENIED);
  g_assert_cmpstr (error->message, ==, "wrong token for this kiosk id");
  g_clear_error (&error);
  g_assert_false (cabine_accounts_verify_kiosk (a, "cabin-02", "0123456789abcdef", &error));
  g_assert_error (error, CABINE_ACCOUNTS_ERROR, CABINE_ACCOUNTS_ERROR_DENIED);
  g_assert_cmpstr (error->message, ==, "unknown kiosk id");
  g_clear_error (&error);

  g_assert_true (cabine_accounts_verify_password (a, "doc", "s3cret", &display, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (display, ==, "Dr Doc");
  g_assert_false (cabine_accounts_verify_password (a, "doc", "S3cret", NULL, &error));
  g_assert_error (error, CABINE_ACCOUNTS_ERROR, CABINE_ACCOUNTS_ERROR_DENIED);
  g_clear_error (&error);
  g_assert_false (cabine_accounts_verify_password (a, "nobody", "s3cret", NULL, &error));
  g_assert_error (error, CABINE_ACCOUNTS_ERROR, CABINE_ACCOUNTS_ERROR_DENIED);
  g_clear_error (&error);

  g_assert_true (cabine_hub_config_set_listen (c, "127.0.0.1", &error));
  g_assert_false (cabine_hub_config_set_listen (c, "localhost:80", &error));
  g_assert_error (error, CABINE_HUB_CONFIG_ERROR, CABINE_HUB_CONFIG_ERROR_INVALID);
}

static void
test_demo_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (g_getenv ("CABINE_SOURCE_DIR"), "data",
                                            "hub-demo.conf", NULL);
  g_autoptr(CabineHubConfig) c = cabine_hub_config_new_from_file (path, &error);
  CabineAccounts *a;
  g_autofree char *display = NULL;

  g_assert_no_error (error);
  a = cabine_hub_config_get_accounts (c);
  g_assert_true (cabine_accounts_verify_kiosk (a, "cabin-01", "demo-kiosk-token", NULL));
  g_assert_true (cabine_accounts_verify_password (a, "demo", "demo", &display, NULL));
  g_assert_cmpstr (display, ==, "Dr Demo");
  g_assert_cmpuint (cabine_hub_config_get_port (c), ==, 8443);
}

typedef struct {
  const char *text;
  int code;
  const char *message; /* expected substring */
} BadCase;

/* The start of the message for a bad [hub] ice-servers entry. */
#define ICE_BAD(url) \
  "bad.conf: [hub] ice-servers: '" url "' is not a stun:, turn: or turns: URL (RFC 7064, RFC 7065): "

static void
test_bad (void)
{
  const BadCase cases[] = {
    { "[hub\n", CABINE_HUB_CONFIG_ERROR_FILE, "bad.conf:" },
    { "[hub]\nport=8443\n# later\nport=9000\n", CABINE_HUB_CONFIG_ERROR_INVALID,
      "bad.conf: [hub] port is set twice (lines 2 and 4)" },
    { "[hub]\nport=70000\n", CABINE_HUB_CONFIG_ERROR_INVALID, "bad.conf: [hub] port:" },
    { "[hub]\nport=abc\n", CABINE_HUB_CONFIG_ERROR_INVALID, "bad.conf: [hub] port:" },
    { "[hub]\nlisten=example.org\n", CABINE_HUB_CONFIG_ERROR_INVALID, "bad.conf: [hub] listen:" },
    { "[hub]\nlsten=1.2.3.4\n", CABINE_HUB_CONFIG_ERROR_UNKNOWN, "bad.conf: [hub] lsten:" },
    { "[hub]\nice-servers=http://x\n", CABINE_HUB_CONFIG_ERROR_INVALID,
      "bad.conf: [hub] ice-servers: 'http://x' is not a stun:, turn: or turns: URL (RFC 7064, "
      "RFC 7065): the scheme 'http' is none of these" },
    /* Each stun:/turn: URL is read whole, not only its scheme. */
    { "[hub]\nice-servers=stun:\n", CABINE_HUB_CONFIG_ERROR_INVALID, ICE_BAD ("stun:") },
    { "[hub]\nice-servers=stun.example.org\n", CABINE_HUB_CONFIG_ERROR_INVALID,
      ICE_BAD ("stun.example.org") "no scheme" },
    { "[hub]\nice-servers=stun:a.example:0\n", CABINE_HUB_CONFIG_ERROR_INVALID,
      ICE_BAD ("stun:a.example:0") "port 0" },
    { "[hub]\nice-servers=stun:a.example:99999\n", CABINE_HUB_CONFIG_ERROR_INVALID,
      ICE_BAD ("stun:a.example:99999") },
    { "[hub]\nice-servers=stun:a.example?transport=udp\n", CABINE_HUB_CONFIG_ERROR_INVALID,
      ICE_BAD ("stun:a.example?transport=udp") "a STUN URL takes no query ('?transport=udp')" },
    { "[hub]\nice-servers=turn:a.example?transport=sctp\n", CABINE_HUB_CONFIG_ERROR_INVALID,
      ICE_BAD ("turn:a.example?transport=sctp")
      "the query '?transport=sctp' is not ?transport=udp or ?transport=tcp" },
    { "[hub]\nice-servers=turn:user@a.example\n", CABINE_HUB_CONFIG_ERROR_INVALID,
      ICE_BAD ("turn:user@a.example") "a user name belongs in [hub] turn-username or turn-secret" },
    { "[hub]\nice-servers=stun:a.example/x\n", CABINE_HUB_CONFIG_ERROR_INVALID,
      ICE_BAD ("stun:a.example/x") "a path or fragment" },
    { "[hub]\nice-servers=stun:a example\n", CABINE_HUB_CONFIG_ERROR_INVALID,
      ICE_BAD ("stun:a example") },
    { "[hub]\nconsole-dir=/nonexistent/dir\n", CABINE_HUB_CONFIG_ERROR_INVALID,
      "bad.conf: [hub] console-dir:" },
    /* Paths are absolute: "~" is not expanded, quotes would be part of the name. */
    { "[hub]\ndatabase=~/hub.db\n", CABINE_HUB_CONFIG_ERROR_INVALID,
      "bad.conf: [hub] database: \"~/hub.db\" is not an absolute path (it must start with /; ~ is not expanded)" },
    { "[hub]\ndatabase=hub.db\n", CABINE_HUB_CONFIG_ERROR_INVALID, "bad.conf: [hub] database:" },
    { "[hub]\ndatabase=\"/var/lib/hub.db\"\n", CABINE_HUB_CONFIG_ERROR_INVALID,
      "bad.conf: [hub] database:" },
    { "[hub]\ntls-certificate=hub.pem\ntls-key=/k.pem\n", CABINE_HUB_CONFIG_ERROR_INVALID,
      "bad.conf: [hub] tls-certificate:" },
    /* How long a call waits for a peer's resume: whole seconds, 0–3600. */
    { "[hub]\nresume-seconds=3601\n", CABINE_HUB_CONFIG_ERROR_INVALID,
      "bad.conf: [hub] resume-seconds: '3601' is not a number of seconds between 0 and 3600 (0: a "
      "call ends as soon as a peer's connection to the hub is lost)" },
    { "[hub]\nresume-seconds=-1\n", CABINE_HUB_CONFIG_ERROR_INVALID,
      "bad.conf: [hub] resume-seconds: '-1' is not a number of seconds between 0 and 3600" },
    { "[hub]\nresume-seconds=60s\n", CABINE_HUB_CONFIG_ERROR_INVALID,
      "bad.conf: [hub] resume-seconds: '60s' is not a number" },
    { "[hub]\nresume-seconds=1.5\n", CABINE_HUB_CONFIG_ERROR_INVALID,
      "bad.conf: [hub] resume-seconds: '1.5' is not a number" },
    { "[hub]\nresume-seconds=\n", CABINE_HUB_CONFIG_ERROR_INVALID,
      "bad.conf: [hub] resume-seconds: empty" },
    { "[hub]\nresume_seconds=60\n", CABINE_HUB_CONFIG_ERROR_UNKNOWN,
      "bad.conf: [hub] resume_seconds: unknown key" },
    { "[hubs]\n", CABINE_HUB_CONFIG_ERROR_UNKNOWN, "bad.conf: [hubs]:" },
    { "[kiosk:cabin-01]\n", CABINE_HUB_CONFIG_ERROR_MISSING, "bad.conf: [kiosk:cabin-01] token:" },
    { "[kiosk:cabin-01]\ntoken=short\n", CABINE_HUB_CONFIG_ERROR_INVALID,
      "bad.conf: [kiosk:cabin-01] token:" },
    { "[kiosk:a b]\ntoken=0123456789abcdef\n", CABINE_HUB_CONFIG_ERROR_INVALID,
      "bad.conf: [kiosk:a b]:" },
    { "[physician:doc]\npassword-hash=$argon2id$v=19$x\n", CABINE_HUB_CONFIG_ERROR_MISSING,
      "bad.conf: [physician:doc] display-name:" },
    { "[physician:doc]\ndisplay-name=Dr\npassword-hash=plaintext\n",
      CABINE_HUB_CONFIG_ERROR_INVALID, "bad.conf: [physician:doc] password-hash:" },
    { "[physician:doc]\ndisplay-name=Dr\npassword=x\n", CABINE_HUB_CONFIG_ERROR_UNKNOWN,
      "bad.conf: [physician:doc] password:" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(CabineHubConfig) c = cabine_hub_config_new_from_data (cases[i].text, "bad.conf",
                                                                      &error);

      g_test_message ("case %u: %s", i, error != NULL ? error->message : "(no error)");
      g_assert_null (c);
      g_assert_error (error, CABINE_HUB_CONFIG_ERROR, cases[i].code);
      g_assert_true (g_str_has_prefix (error->message, cases[i].message));
    }
}

/* [hub] resume-seconds takes its bounds, 0 included (no resume: the behaviour before it). */
static void
test_resume_seconds (void)
{
  const char *values[] = { "0", "1", " 3600 " };
  const guint expected[] = { 0, 1, 3600 };

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *conf = g_strdup_printf ("[hub]\nresume-seconds=%s\n", values[i]);
      g_autoptr(CabineHubConfig) c = cabine_hub_config_new_from_data (conf, "r.conf", &error);

      g_assert_no_error (error);
      g_assert_cmpuint (cabine_hub_config_get_resume_seconds (c), ==, expected[i]);
    }
}

static void
test_missing_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CabineHubConfig) c = cabine_hub_config_new_from_file ("/nonexistent/hub.conf", &error);

  g_assert_null (c);
  g_assert_error (error, CABINE_HUB_CONFIG_ERROR, CABINE_HUB_CONFIG_ERROR_FILE);
  g_assert_nonnull (strstr (error->message, "/nonexistent/hub.conf"));
}

static void
test_tokens (void)
{
  g_autoptr(CabineAccounts) a = cabine_accounts_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *t1 = NULL;
  g_autofree char *t2 = NULL;
  g_autofree char *t3 = NULL;
  const char *user = NULL;
  const char *display = NULL;

  g_assert_true (cabine_accounts_add_physician (a, "doc", "Dr Doc", hash (), &error));
  g_assert_no_error (error);
  g_assert_false (cabine_accounts_add_physician (a, "x", "X", "$2y$10$bcrypt", &error));
  g_assert_error (error, CABINE_ACCOUNTS_ERROR, CABINE_ACCOUNTS_ERROR_BAD_HASH);
  g_clear_error (&error);

  t1 = cabine_accounts_issue_token (a, "doc");
  t2 = cabine_accounts_issue_token (a, "doc");
  g_assert_cmpuint (strlen (t1), ==, CABINE_ACCOUNTS_TOKEN_BYTES * 2);
  g_assert_cmpstr (t1, !=, t2);
  g_assert_true (cabine_accounts_lookup_token (a, t1, &user, &display, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (user, ==, "doc");
  g_assert_cmpstr (display, ==, "Dr Doc");
  g_assert_false (cabine_accounts_lookup_token (a, "00", NULL, NULL, &error));
  g_assert_error (error, CABINE_ACCOUNTS_ERROR, CABINE_ACCOUNTS_ERROR_DENIED);
  g_clear_error (&error);

  /* Expiry. */
  g_assert_cmpuint (cabine_accounts_get_token_lifetime (a), ==, 12 * 3600);
  cabine_accounts_set_token_lifetime (a, 0);
  t3 = cabine_accounts_issue_token (a, "doc");
  g_assert_false (cabine_accounts_lookup_token (a, t3, NULL, NULL, &error));
  g_assert_error (error, CABINE_ACCOUNTS_ERROR, CABINE_ACCOUNTS_ERROR_EXPIRED);
  g_assert_cmpstr (error->message, ==, "the sign-in has expired; sign in again");
  g_clear_error (&error);
  /* Forgotten once refused. */
  g_assert_false (cabine_accounts_lookup_token (a, t3, NULL, NULL, &error));
  g_assert_error (error, CABINE_ACCOUNTS_ERROR, CABINE_ACCOUNTS_ERROR_DENIED);
  g_assert_true (cabine_accounts_lookup_token (a, t2, NULL, NULL, NULL));
}

/* The policy of `cabine-hub --hash-password`: at least 8 characters (not bytes), at most 1023
 * bytes, UTF-8. */
static void
test_new_password (void)
{
  g_autofree char *longest = g_strnfill (CABINE_ACCOUNTS_MAX_PASSWORD_BYTES, 'x');
  g_autofree char *too_long = g_strnfill (CABINE_ACCOUNTS_MAX_PASSWORD_BYTES + 1, 'x');
  const char *refused[] = { "", "s3cret", "1234567", "ééééééé", "abc\xff\xfe" "defgh", too_long };
  const char *accepted[] = { "12345678", "éééééééé", "correct horse battery staple", longest };

  for (gsize i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (cabine_accounts_check_new_password (refused[i], &error));
      g_assert_error (error, CABINE_ACCOUNTS_ERROR, CABINE_ACCOUNTS_ERROR_WEAK_PASSWORD);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (accepted); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_true (cabine_accounts_check_new_password (accepted[i], &error));
      g_assert_no_error (error);
    }
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/hub/config/good", test_good);
  g_test_add_func ("/hub/config/demo-file", test_demo_file);
  g_test_add_func ("/hub/config/bad", test_bad);
  g_test_add_func ("/hub/config/resume-seconds", test_resume_seconds);
  g_test_add_func ("/hub/config/missing-file", test_missing_file);
  g_test_add_func ("/hub/accounts/tokens", test_tokens);
  g_test_add_func ("/hub/accounts/new-password", test_new_password);
  ret = g_test_run ();
  g_free (test_hash);
  return ret;
}
