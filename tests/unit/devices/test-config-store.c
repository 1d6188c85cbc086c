/* test-config-store.c: remembered extended configurations persisted per agent system-id
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A "second manager instance" is a new CabineAgentSession after
 * cabine_11073_config_forget_all() (what a kiosk restart leaves of the in-memory cache).
 */
#define G_LOG_DOMAIN "test-config-store"

#include <glib/gstdio.h>

#include "session-fixture.h"
#include "cabine-11073-config-store.h"
#include "cabine-test-tree.h"

/* The bp-01-aarq agent's system-id (shared vector, AARQ offset 30) */
static GBytes *
aarq_system_id (void)
{
  g_autoptr(GBytes) aarq = load_vector ("bp-01-aarq");
  g_autoptr(GError) error = NULL;
  g_autoptr(CabineApdu) apdu = cabine_apdu_decode (g_bytes_get_data (aarq, NULL),
                                                   g_bytes_get_size (aarq), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (apdu->system_id), ==, 8);
  return g_bytes_ref (apdu->system_id);
}

static guint16
aare_result (SessionFixture *f)
{
  g_autoptr(CabineApdu) aare = NULL;

  g_assert_cmpuint (f->sent->len, >=, 1);
  g_ptr_array_set_size (f->sent, 1);
  aare = fixture_last_sent (f);
  g_assert_cmpuint (aare->choice, ==, CABINE_APDU_AARE);
  return aare->result;
}

/* A fresh manager (empty memory cache) with @dir answers bp-01-aarq: returns the AARE result. */
static guint16
associate_fresh (SessionFixture *f, const char *dir)
{
  fixture_teardown (f, NULL);
  fixture_setup (f, NULL);   /* forgets the in-memory configurations */
  cabine_agent_session_set_state_dir (f->session, dir);
  fixture_feed_vector (f, "bp-01-aarq");
  return aare_result (f);
}

static char *
make_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("cabine-config-store-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static char *
agent_file (const char *dir)
{
  g_autoptr(GBytes) id = aarq_system_id ();
  const guint8 *s = g_bytes_get_data (id, NULL);
  g_autofree char *name = g_strdup_printf ("%02x%02x%02x%02x%02x%02x%02x%02x.conf", s[0], s[1],
                                           s[2], s[3], s[4], s[5], s[6], s[7]);
  return g_build_filename (dir, name, NULL);
}

static void
test_second_instance (SessionFixture *f, gconstpointer data)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *subdir = g_build_filename (dir, "cabine", "devices", NULL);
  g_autofree char *file = NULL;
  g_autoptr(CabineApdu) rsp = NULL;
  g_autoptr(GBytes) report = NULL;

  /* first run: unknown configuration, asked, accepted, written to the (new) directory */
  cabine_agent_session_set_state_dir (f->session, subdir);
  fixture_feed_vector (f, "bp-01-aarq");
  g_assert_cmpuint (aare_result (f), ==, CABINE_AARE_ACCEPTED_UNKNOWN_CONFIG);
  fixture_feed_vector (f, "bp-03-config-report");
  g_assert_cmpint (cabine_agent_session_get_state (f->session), ==, CABINE_AGENT_STATE_OPERATING);
  file = agent_file (subdir);
  g_assert_true (g_file_test (file, G_FILE_TEST_IS_REGULAR));

  /* second instance, same directory: accepted at once, and its reports decode */
  g_assert_cmpuint (associate_fresh (f, subdir), ==, CABINE_AARE_ACCEPTED);
  g_assert_cmpint (cabine_agent_session_get_state (f->session), ==, CABINE_AGENT_STATE_OPERATING);
  g_assert_cmpuint (cabine_agent_session_get_dev_config_id (f->session), ==, 0x4000);

  /* without the directory the new instance must ask again */
  g_assert_cmpuint (associate_fresh (f, NULL), ==, CABINE_AARE_ACCEPTED_UNKNOWN_CONFIG);

  {
    g_autofree char *parent = g_path_get_dirname (subdir);

    cabine_test_remove_tree (subdir);
    cabine_test_remove_tree (parent);
    cabine_test_remove_tree (dir);
  }
}

static void
test_corrupt_file (SessionFixture *f, gconstpointer data)
{
  static const char * const corrupt[] = {
    "this is not a key file\n\x01\x02",
    /* parses, but a number is out of range */
    "[config 0x4000]\nobjects=1\nobject-1=70000;3872;2677;10\nscanners=\npm-stores=\n",
    /* a map with an odd number of values */
    "[config 0x4000]\nobjects=1\nobject-1=18948;3872;2677\nscanners=\npm-stores=\n",
    /* a scanner mapping a handle that is not a numeric */
    "[config 0x4000]\nobjects=1\nobject-1=18948;3872;2677;10\nscanners=5\nscanner-5=18;1;9\n"
    "scanner-5-9=2636;2\npm-stores=\n",
    /* a missing key */
    "[config 0x4000]\nobjects=1\nscanners=\npm-stores=\n",
  };
  g_autofree char *dir = make_dir ();
  g_autofree char *file = agent_file (dir);

  for (guint i = 0; i < G_N_ELEMENTS (corrupt); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_true (g_file_set_contents (file, corrupt[i], -1, &error));
      g_assert_no_error (error);
      g_test_expect_message ("cabine-11073", G_LOG_LEVEL_WARNING,
                             "ignoring the remembered configuration 0x4000*");
      g_assert_cmpuint (associate_fresh (f, dir), ==, CABINE_AARE_ACCEPTED_UNKNOWN_CONFIG);
      g_test_assert_expected_messages ();
      g_assert_cmpint (cabine_agent_session_get_state (f->session), ==,
                       CABINE_AGENT_STATE_CONFIGURING);
    }
  /* the agent then sends its configuration: the corrupt file is replaced by a valid one */
  fixture_feed_vector (f, "bp-03-config-report");
  g_assert_cmpuint (associate_fresh (f, dir), ==, CABINE_AARE_ACCEPTED);
  cabine_test_remove_tree (dir);
}

static void
assert_map (const CabineValueMapEntry *a, guint n_a, const CabineValueMapEntry *b, guint n_b)
{
  g_assert_cmpuint (n_a, ==, n_b);
  for (guint i = 0; i < n_a; i++)
    {
      g_assert_cmpuint (a[i].attr_id, ==, b[i].attr_id);
      g_assert_cmpuint (a[i].len, ==, b[i].len);
    }
}

static void
assert_config_equal (const CabineDeviceConfig *a, const CabineDeviceConfig *b)
{
  g_assert_cmpuint (a->dev_config_id, ==, b->dev_config_id);
  g_assert_cmpuint (a->n_objects, ==, b->n_objects);
  for (guint i = 0; i < a->n_objects; i++)
    {
      g_assert_cmpuint (a->objects[i].handle, ==, b->objects[i].handle);
      g_assert_cmpuint (a->objects[i].type_code, ==, b->objects[i].type_code);
      g_assert_cmpuint (a->objects[i].unit_code, ==, b->objects[i].unit_code);
      assert_map (a->objects[i].map, a->objects[i].n_map, b->objects[i].map, b->objects[i].n_map);
    }
  g_assert_cmpuint (a->n_scanners, ==, b->n_scanners);
  for (guint i = 0; i < a->n_scanners; i++)
    {
      const CabineScannerSpec *x = &a->scanners[i], *y = &b->scanners[i];

      g_assert_cmpuint (x->handle, ==, y->handle);
      g_assert_cmpuint (x->obj_class, ==, y->obj_class);
      g_assert_cmpuint (x->confirm_mode, ==, y->confirm_mode);
      g_assert_cmpuint (x->n_entries, ==, y->n_entries);
      for (guint j = 0; j < x->n_entries; j++)
        {
          g_assert_cmpuint (x->entries[j].handle, ==, y->entries[j].handle);
          assert_map (x->entries[j].map, x->entries[j].n_map, y->entries[j].map,
                      y->entries[j].n_map);
        }
    }
  g_assert_cmpuint (a->n_pm_stores, ==, b->n_pm_stores);
  for (guint i = 0; i < a->n_pm_stores; i++)
    g_assert_cmpuint (a->pm_store_handles[i], ==, b->pm_store_handles[i]);
}

/* A configuration with scanners and PM-stores survives the round trip field by field. */
static void
test_round_trip (void)
{
  g_autofree char *dir = make_dir ();
  static const guint8 id[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
  CabineDeviceConfig in = {
    .dev_config_id = 0x4001, .name = "extended", .n_objects = 2,
    .objects = {
      { 1, CABINE_MDC_PULS_OXIM_SAT_O2, CABINE_MDC_DIM_PERCENT, 2,
        { { CABINE_MDC_ATTR_NU_VAL_OBS_BASIC, 2 }, { CABINE_MDC_ATTR_TIME_STAMP_ABS, 8 } } },
      { 10, CABINE_MDC_PULS_OXIM_PULS_RATE, CABINE_MDC_DIM_BEAT_PER_MIN, 1,
        { { CABINE_MDC_ATTR_NU_VAL_OBS_BASIC, 2 } } },
    },
    .n_scanners = 1,
    .scanners = { { 40, CABINE_MDC_MOC_SCAN_CFG_PERI, 0, 2, {
      { 1, 3, { { CABINE_MDC_ATTR_NU_VAL_OBS_BASIC, 2 }, { CABINE_MDC_ATTR_MSMT_STAT, 2 },
                { CABINE_MDC_ATTR_TIME_STAMP_ABS, 8 } } },
      { 10, 1, { { CABINE_MDC_ATTR_NU_VAL_OBS_BASIC, 2 } } },
    } } },
    .n_pm_stores = 1, .pm_store_handles = { 100 },
  };
  CabineDeviceConfig out, other = in;
  g_autoptr(GError) error = NULL;

  other.dev_config_id = 0x4002;
  other.n_scanners = 0;
  g_assert_true (cabine_11073_config_save (dir, id, &in, &error));
  g_assert_no_error (error);
  g_assert_true (cabine_11073_config_save (dir, id, &other, &error));  /* same agent, 2nd config */
  g_assert_no_error (error);
  g_assert_true (cabine_11073_config_load (dir, id, 0x4001, &out, &error));
  g_assert_no_error (error);
  assert_config_equal (&out, &in);
  g_assert_true (cabine_11073_config_load (dir, id, 0x4002, &out, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (out.n_scanners, ==, 0);
  g_assert_cmpuint (out.n_objects, ==, 2);
  g_assert_false (cabine_11073_config_load (dir, id, 0x4003, &out, &error));
  g_assert_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_GROUP_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (cabine_11073_config_load (dir, (const guint8 *) "\0\0\0\0\0\0\0\0", 0x4001,
                                            &out, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  cabine_test_remove_tree (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/devices/config-store/second-instance", SessionFixture, NULL, fixture_setup,
              test_second_instance, fixture_teardown);
  g_test_add ("/devices/config-store/corrupt-file", SessionFixture, NULL, fixture_setup,
              test_corrupt_file, fixture_teardown);
  g_test_add_func ("/devices/config-store/round-trip", test_round_trip);
  return g_test_run ();
}
