/* test-hub-turn.c: TURN credentials in the hub's configuration ([hub] turn-*)
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "cabine-test"

#include "cabine-hub-config.h"

static CabineHubConfig *
load (const char  *hub_group,
      GError     **error)
{
  g_autofree char *conf = g_strdup_printf ("[hub]\nice-servers=turn:10.0.0.1:3478\n%s", hub_group);
  return cabine_hub_config_new_from_data (conf, "turn.conf", error);
}

static void
test_static (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CabineHubConfig) c = load ("turn-username=cabine\nturn-credential=pa ss\n", &error);
  const char *user = NULL, *credential = NULL, *secret = "x";
  guint ttl = 0;

  g_assert_no_error (error);
  cabine_hub_config_get_turn_auth (c, &user, &credential, &secret, &ttl);
  g_assert_cmpstr (user, ==, "cabine");
  g_assert_cmpstr (credential, ==, "pa ss");
  g_assert_null (secret);
  g_assert_cmpuint (ttl, ==, CABINE_HUB_CONFIG_DEFAULT_TURN_TTL);
}

static void
test_secret (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CabineHubConfig) c = load ("turn-secret=north\nturn-ttl=600\n", &error);
  const char *user = "x", *secret = NULL;
  guint ttl = 0;

  g_assert_no_error (error);
  cabine_hub_config_get_turn_auth (c, &user, NULL, &secret, &ttl);
  g_assert_null (user);
  g_assert_cmpstr (secret, ==, "north");
  g_assert_cmpuint (ttl, ==, 600);
}

static void
test_refused (void)
{
  const char *bad[] = {
    "turn-username=cabine\n",                                   /* no credential */
    "turn-credential=x\n",                                      /* no username */
    "turn-username=a\nturn-credential=b\nturn-secret=c\n",      /* both kinds */
    "turn-secret=c\nturn-ttl=5\n",                              /* ttl too short */
    "turn-secret=c\nturn-ttl=soon\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(CabineHubConfig) c = load (bad[i], &error);

      g_assert_null (c);
      g_assert_error (error, CABINE_HUB_CONFIG_ERROR, CABINE_HUB_CONFIG_ERROR_INVALID);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/hub/turn/static", test_static);
  g_test_add_func ("/hub/turn/secret", test_secret);
  g_test_add_func ("/hub/turn/refused", test_refused);
  return g_test_run ();
}
