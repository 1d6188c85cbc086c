/* test-tls.c: the kiosk's two links to a wss:// hub (signalling socket, record uploads) trust the
 * CA of `[kiosk] hub-ca` and refuse any other certificate with an error naming the problem.
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "cabine-test"

#include <string.h>

#include "cabine-hub-tls.h"
#include "cabine-media-error.h"
#include "cabine-outbox.h"
#include "cabine-signalling.h"
#include "hub-test-util.h"

typedef struct {
  HubFixture hub;
  char *dir;
  char *good_ca;
  char *other_ca;
  char *wss_url;
} Fixture;

/* unused under ASan, where main() skips the tests that need them */
G_GNUC_UNUSED static void
setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *conf = NULL;
  g_autofree char *hub_dir = NULL;
  g_autofree char *other_dir = NULL;
  g_autofree char *cert = NULL;
  g_autofree char *key = NULL;

  f->dir = g_dir_make_tmp ("cabine-tls-XXXXXX", &error);
  g_assert_no_error (error);
  hub_dir = g_build_filename (f->dir, "hub", NULL);
  other_dir = g_build_filename (f->dir, "other", NULL);
  g_assert_true (cabine_hub_tls_make_self_signed (hub_dir, &error));
  g_assert_no_error (error);
  g_assert_true (cabine_hub_tls_make_self_signed (other_dir, &error));
  g_assert_no_error (error);
  f->good_ca = g_build_filename (hub_dir, "ca.pem", NULL);
  f->other_ca = g_build_filename (other_dir, "ca.pem", NULL);
  cert = g_build_filename (hub_dir, "hub.pem", NULL);
  key = g_build_filename (hub_dir, "hub.key", NULL);

  conf = g_strdup ("[hub]\nlisten=127.0.0.1\nport=0\n"
                   "[kiosk:cabin-01]\ntoken=" TEST_KIOSK_TOKEN "\n");
  f->hub.config = cabine_hub_config_new_from_data (conf, "test.conf", &error);
  g_assert_no_error (error);
  cabine_hub_config_set_tls (f->hub.config, cert, key);
  f->hub.server = cabine_hub_server_new (f->hub.config);
  g_assert_true (cabine_hub_server_start (f->hub.server, &error));
  g_assert_no_error (error);
  f->hub.port = cabine_hub_server_get_port (f->hub.server);
  f->wss_url = g_strdup_printf ("wss://127.0.0.1:%u/ws", f->hub.port);
}

G_GNUC_UNUSED static void
teardown (Fixture *f, gconstpointer data)
{
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", f->dir);

  cabine_hub_server_stop (f->hub.server);
  hub_spin (20);
  g_clear_object (&f->hub.server);
  g_clear_object (&f->hub.config);
  g_assert_cmpint (system (cmd), ==, 0);
  g_free (f->dir);
  g_free (f->good_ca);
  g_free (f->other_ca);
  g_free (f->wss_url);
}

static void
on_notify (GObject *object, GParamSpec *pspec, gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
}

static void
wait_for_flag (gboolean *flag)
{
  for (guint i = 0; i < 500 && !*flag; i++)
    hub_spin (20);
  g_assert_true (*flag);
}

G_GNUC_UNUSED static void
test_signalling (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CabineSignalling) wrong = cabine_signalling_new (f->wss_url, "cabin-01", TEST_KIOSK_TOKEN);
  g_autoptr(CabineSignalling) right = cabine_signalling_new (f->wss_url, "cabin-01", TEST_KIOSK_TOKEN);
  gboolean failed = FALSE;
  gboolean connected = FALSE;
  const GError *last;

  /* A CA file that is not one. */
  g_assert_false (cabine_signalling_set_ca_file (wrong, "/nonexistent/ca.pem", &error));
  g_assert_error (error, CABINE_MEDIA_ERROR, CABINE_MEDIA_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "/nonexistent/ca.pem"));
  g_clear_error (&error);

  /* Another CA: refused, and the error says why. */
  g_assert_true (cabine_signalling_set_ca_file (wrong, f->other_ca, &error));
  g_signal_connect (wrong, "notify::last-error", G_CALLBACK (on_notify), &failed);
  g_test_expect_message ("cabine-signalling", G_LOG_LEVEL_WARNING, "*TLS certificate is refused*");
  g_assert_true (cabine_signalling_start (wrong, &error));
  wait_for_flag (&failed);
  g_test_assert_expected_messages ();
  last = cabine_signalling_get_last_error (wrong);
  g_assert_error (last, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE);
  g_assert_nonnull (strstr (last->message, "signed by an unknown certificate authority"));
  g_assert_nonnull (strstr (last->message, f->other_ca));
  g_assert_false (cabine_signalling_get_connected (wrong));
  cabine_signalling_stop (wrong);
  /* NULL: back to the system's CAs. */
  g_assert_true (cabine_signalling_set_ca_file (right, NULL, &error));
  g_assert_no_error (error);

  /* The hub's CA: welcomed. */
  g_assert_true (cabine_signalling_set_ca_file (right, f->good_ca, &error));
  g_signal_connect (right, "notify::connected", G_CALLBACK (on_notify), &connected);
  g_assert_true (cabine_signalling_start (right, &error));
  wait_for_flag (&connected);
  g_assert_true (cabine_signalling_get_connected (right));
  g_assert_null (cabine_signalling_get_last_error (right));
  g_assert_false (cabine_signalling_set_ca_file (right, f->good_ca, &error));
  g_assert_error (error, CABINE_MEDIA_ERROR, CABINE_MEDIA_ERROR_WRONG_STATE);
  cabine_signalling_stop (right);
}

static void
test_describe (void)
{
  g_autofree char *a = cabine_signalling_describe_tls_errors (G_TLS_CERTIFICATE_UNKNOWN_CA |
                                                              G_TLS_CERTIFICATE_EXPIRED);
  g_autofree char *b = cabine_signalling_describe_tls_errors (G_TLS_CERTIFICATE_BAD_IDENTITY);
  g_autofree char *c = cabine_signalling_describe_tls_errors (0);

  g_assert_cmpstr (a, ==, "signed by an unknown certificate authority, expired");
  g_assert_cmpstr (b, ==, "issued for another host name");
  g_assert_cmpstr (c, ==, "not trusted");
}

static void
on_failed (CabineOutbox *outbox, const char *record_id, const char *message, gpointer user_data)
{
  char **out = user_data;

  if (*out == NULL)
    *out = g_strdup (message);
}

G_GNUC_UNUSED static void
test_outbox (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *db = g_build_filename (f->dir, "kiosk.db", NULL);
  g_autoptr(CabineStore) store = cabine_store_open (db, &error);
  g_autoptr(CabineOutbox) outbox = NULL;
  g_autofree char *message = NULL;

  g_assert_no_error (error);
  g_assert_true (cabine_store_begin_session (store, "k1", "cabin-01", "fr", "Toux", &error));
  g_assert_true (cabine_store_mark_call_started (store, "k1", &error));
  g_assert_true (cabine_store_end_session (store, "k1", "physician-ended", &error));
  g_assert_no_error (error);
  outbox = cabine_outbox_new (store, f->wss_url, "cabin-01", TEST_KIOSK_TOKEN, f->other_ca, 1, &error);
  g_assert_no_error (error);
  g_signal_connect (outbox, "failed", G_CALLBACK (on_failed), &message);
  cabine_outbox_start (outbox);
  for (guint i = 0; i < 500 && message == NULL; i++)
    hub_spin (20);
  cabine_outbox_stop (outbox);
  g_assert_nonnull (message);
  g_assert_nonnull (strstr (message, "TLS certificate is refused: signed by an unknown certificate authority"));
}

#ifdef __SANITIZE_ADDRESS__
static void
test_skipped_under_lsan (void)
{
  g_test_skip ("TLS under LeakSanitizer: see main()");
}
#endif

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/tls/describe", test_describe);
#ifdef __SANITIZE_ADDRESS__
  /* GCC 12's LeakSanitizer crashes at exit scanning the dynamic TLS of glib-networking's GnuTLS
   * module once it is loaded (as in test-outbox.c): the plain unit suite runs these two. */
  g_test_add_func ("/tls/signalling", test_skipped_under_lsan);
  g_test_add_func ("/tls/outbox", test_skipped_under_lsan);
#else
  g_test_add ("/tls/signalling", Fixture, NULL, setup, test_signalling, teardown);
  g_test_add ("/tls/outbox", Fixture, NULL, setup, test_outbox, teardown);
#endif
  return g_test_run ();
}
