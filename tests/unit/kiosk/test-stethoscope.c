/* test-stethoscope.c: the kiosk's side of the stethoscope: its [media] keys and the physician's
 * `stethoscope` remote-control message
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-stethoscope"

#include <string.h>

#include <glib/gstdio.h>

#include "config-fixture.h"
#include "cabine-protocol.h"
#include "cabine-remote.h"

static CabineConfig *
load (const char  *media,
      GError     **error)
{
  return config_fixture_load ("media", media, error);
}

static void
test_config (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CabineConfig) config = load ("stethoscope=Thinklabs One\nstethoscope-source=device\n",
                                         &error);
  const char *bad[] = {
    "stethoscope-source=simulated\n",   /* not a choice */
    "stethoscope-source=device\n",      /* which device? */
    "stethoscope-sauce=test\n",         /* a typo */
  };

  g_assert_no_error (error);
  g_assert_cmpstr (cabine_config_get_media_option (config, "stethoscope", NULL), ==, "Thinklabs One");
  g_assert_cmpstr (cabine_config_get_media_option (config, "stethoscope-source", "auto"), ==, "device");
  g_clear_object (&config);

  config = load ("stethoscope-source=test\n", &error);
  g_assert_no_error (error);
  g_clear_object (&config);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(CabineConfig) refused = load (bad[i], &error);

      g_assert_null (refused);
      g_assert_error (error, CABINE_CONFIG_ERROR, CABINE_CONFIG_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, "stethoscope"));
      g_clear_error (&error);
    }
}

typedef struct {
  GPtrArray *sent;      /* JsonObject */
  guint      requests;
  gboolean   last_enabled;
  char      *last_id;
} Fixture;

static gboolean
fake_send (const char  *text,
           gpointer     data,
           GError     **error)
{
  Fixture *f = data;
  g_autoptr(GError) parse_error = NULL;
  JsonObject *msg = cabine_protocol_parse (text, strlen (text), NULL, &parse_error);

  g_assert_no_error (parse_error);
  g_ptr_array_add (f->sent, msg);
  return TRUE;
}

static void
on_stethoscope (CabineRemote *remote,
                const char   *id,
                gboolean      enabled,
                Fixture      *f)
{
  f->requests++;
  f->last_enabled = enabled;
  g_free (f->last_id);
  f->last_id = g_strdup (id);
}

static gboolean
deliver (CabineRemote *remote,
         const char   *text)
{
  g_autoptr(GError) error = NULL;
  const char *type = NULL;
  g_autoptr(JsonObject) msg = cabine_protocol_parse (text, strlen (text), &type, &error);

  g_assert_no_error (error);
  return cabine_remote_handle_message (remote, type, msg);
}

static JsonObject *
last_of_type (Fixture    *f,
              const char *type)
{
  for (guint i = f->sent->len; i > 0; i--)
    {
      JsonObject *msg = g_ptr_array_index (f->sent, i - 1);

      if (g_str_equal (json_object_get_string_member (msg, "type"), type))
        return msg;
    }
  return NULL;
}

static guint
count_acks (Fixture    *f,
            const char *id)
{
  guint n = 0;

  for (guint i = 0; i < f->sent->len; i++)
    {
      JsonObject *msg = g_ptr_array_index (f->sent, i);

      n += g_str_equal (json_object_get_string_member (msg, "type"), "ack") &&
           g_strcmp0 (json_object_get_string_member (msg, "id"), id) == 0;
    }
  return n;
}

static void
test_remote (void)
{
  Fixture f = { .sent = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref) };
  g_autoptr(CabineRemote) remote = cabine_remote_new ();
  const char *on = "{\"type\":\"stethoscope\",\"id\":\"s1\",\"enabled\":true}";
  JsonObject *answer;

  g_signal_connect (remote, "stethoscope-requested", G_CALLBACK (on_stethoscope), &f);
  cabine_remote_attach (remote, fake_send, &f);

  /* Acknowledged every time, applied once. */
  g_assert_true (deliver (remote, on));
  g_assert_true (deliver (remote, on));
  g_assert_cmpuint (count_acks (&f, "s1"), ==, 2);
  g_assert_cmpuint (f.requests, ==, 1);
  g_assert_true (f.last_enabled);
  g_assert_cmpstr (f.last_id, ==, "s1");

  cabine_remote_stethoscope_switched (remote, "s1", TRUE);
  answer = last_of_type (&f, "stethoscope-switched");
  g_assert_nonnull (answer);
  g_assert_cmpstr (json_object_get_string_member (answer, "requestId"), ==, "s1");
  g_assert_true (json_object_get_boolean_member (answer, "enabled"));
  g_assert_nonnull (json_object_get_string_member (answer, "id"));
  g_assert_cmpuint (cabine_remote_get_n_unacked (remote), ==, 1);

  g_assert_true (deliver (remote, "{\"type\":\"stethoscope\",\"id\":\"s2\",\"enabled\":false}"));
  g_assert_cmpuint (f.requests, ==, 2);
  g_assert_false (f.last_enabled);

  /* "enabled" missing or not a boolean: acknowledged, then refused with a reason. */
  g_assert_true (deliver (remote, "{\"type\":\"stethoscope\",\"id\":\"s3\",\"enabled\":\"yes\"}"));
  g_assert_true (deliver (remote, "{\"type\":\"stethoscope\",\"id\":\"s4\"}"));
  g_assert_cmpuint (f.requests, ==, 2);
  g_assert_cmpuint (count_acks (&f, "s3") + count_acks (&f, "s4"), ==, 2);
  answer = last_of_type (&f, "request-failed");
  g_assert_nonnull (answer);
  g_assert_cmpstr (json_object_get_string_member (answer, "requestId"), ==, "s4");
  g_assert_nonnull (strstr (json_object_get_string_member (answer, "reason"), "enabled"));

  g_ptr_array_unref (f.sent);
  g_free (f.last_id);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/stethoscope/config", test_config);
  g_test_add_func ("/stethoscope/remote", test_remote);
  return g_test_run ();
}
