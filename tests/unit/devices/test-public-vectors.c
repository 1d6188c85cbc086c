/* test-public-vectors.c: `cabine-devices decode` over public IEEE 11073-20601 traces
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The traces are the pulse-oximeter scanner vectors of signove/antidote, kept with their source in
 * tests/unit/devices/antidote/ (see its README.md); the association's AARQ is the shared vector
 * bp-01-aarq (dev-config-id 0x4000).
 *
 * Usage: test-public-vectors PATH-TO-cabine-devices [GTest options]
 */
#define G_LOG_DOMAIN "test-public-vectors"

#include <json-glib/json-glib.h>
#include <string.h>

static const char *cli;

static char *
read_hex (const char *dir, const char *name)
{
  g_autofree char *file = g_strconcat (name, ".hex", NULL);
  g_autofree char *path = g_build_filename (dir, file, NULL);
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return g_strstrip (text);
}

/* The association: AARQ, the configuration with scanners, then @report. */
static char *
session_with (const char *report)
{
  const char *src = g_getenv ("CABINE_SOURCE_DIR");
  const char *vectors = g_getenv ("CABINE_VECTORS_DIR");
  g_autofree char *ieee = g_build_filename (vectors ? vectors : ".", "ieee11073", NULL);
  g_autofree char *antidote = g_build_filename (src ? src : ".", "tests", "unit", "devices",
                                                "antidote", NULL);
  g_autofree char *aarq = read_hex (ieee, "bp-01-aarq");
  g_autofree char *config = read_hex (antidote, "po-noti-config-with-scanner");
  g_autofree char *body = read_hex (antidote, report);

  return g_strjoin ("\n", aarq, config, body, "", NULL);
}

/* Runs decode --replies; returns stdout lines as JSON objects. */
static GPtrArray *
run_decode (const char *input, int *status, char **err_out)
{
  g_autoptr(GSubprocess) p = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;
  GPtrArray *objects = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);

  p = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                        G_SUBPROCESS_FLAGS_STDERR_PIPE, &error, cli, "decode", "--replies", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (p, input, NULL, &out, err_out, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (p));
  *status = g_subprocess_get_exit_status (p);
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();

      if (*lines[i] == '\0')
        continue;
      json_parser_load_from_data (parser, lines[i], -1, &error);
      g_assert_no_error (error);
      g_ptr_array_add (objects, json_object_ref (json_node_get_object (json_parser_get_root (parser))));
    }
  return objects;
}

typedef struct {
  const char *kind;
  double value;
  gint64 handle;
  const char *time;   /* NULL: none */
} Reading;

typedef struct {
  const char *file;
  const char *reply;      /* NULL: unconfirmed, no reply after the configuration's */
  gint64 person;          /* -1: not multi-person */
  Reading readings[3];
  guint n;
} Case;

#define SPO2_98 { "spo2", 98.0, 1, "2007-12-06T12:10:00" }
#define PULSE_72 { "pulse-rate", 72.0, 10, "2007-12-06T12:10:00" }

static const Case cases[] = {
  { "po-unbuf-scan-report-grouped", "e70000120010000c0201000a0037ffffffff0d240000", -1,
    { { "spo2", 97.5, 1, "2010-08-03T10:51:11" }, { "pulse-rate", 80.1, 10, "2010-08-03T10:51:11" } }, 2 },
  { "po-unbuf-scan-report-mp-grouped", "e7000012001000020201000a0037ffffffff0d270000", 1,
    { { "spo2", 97.5, 1, "2010-08-03T10:51:11" }, { "pulse-rate", 80.1, 10, "2010-08-03T10:51:11" } }, 2 },
  { "po-buf-scan-report-grouped", NULL, -1,
    { { "spo2", 98.0, 1, "2008-07-03T12:10:00" }, { "pulse-rate", 73.0, 10, NULL },
      { "spo2", 98.0, 3, NULL } }, 3 },
  { "po-unbuf-scan-report-fixed", "e7000012001012380201000a0037ffffffff0d230000", -1, { SPO2_98, PULSE_72 }, 2 },
  { "po-unbuf-scan-report-var", "e7000012001012380201000a0037ffffffff0d220000", -1, { SPO2_98, PULSE_72 }, 2 },
  { "po-unbuf-scan-report-mp-fixed", "e7000012001012380201000a0037ffffffff0d260000", 1, { SPO2_98, PULSE_72 }, 2 },
  { "po-unbuf-scan-report-mp-var", "e7000012001012380201000a0037ffffffff0d250000", 1, { SPO2_98, PULSE_72 }, 2 },
  { "po-buf-scan-report-fixed", NULL, -1, { SPO2_98, PULSE_72 }, 2 },
  { "po-buf-scan-report-var", NULL, -1, { SPO2_98, PULSE_72 }, 2 },
  { "po-buf-scan-report-mp-fixed", NULL, 1, { SPO2_98, PULSE_72 }, 2 },
  { "po-buf-scan-report-mp-var", NULL, 1, { SPO2_98, PULSE_72 }, 2 },
};

static void
test_case (gconstpointer data)
{
  const Case *c = data;
  g_autofree char *input = session_with (c->file);
  g_autofree char *err = NULL;
  g_autoptr(GPtrArray) out = NULL;
  guint replies = 0, readings = 0;
  int status;

  out = run_decode (input, &status, &err);
  g_assert_cmpint (status, ==, 0);
  for (guint i = 0; i < out->len; i++)
    {
      JsonObject *o = g_ptr_array_index (out, i);

      if (json_object_has_member (o, "reply"))
        {
          const char *hex = json_object_get_string_member (o, "reply");

          /* AARE accepted-unknown-config, config accepted (public vector), GET MDS, then ours */
          if (replies == 1)
            g_assert_cmpstr (hex, ==, "e7000016001412360201000e0000ffffffff0d1c000440000000");
          if (replies == 3)
            g_assert_cmpstr (hex, ==, c->reply);
          replies++;
          continue;
        }
      g_assert_cmpuint (readings, <, c->n);
      {
        const Reading *r = &c->readings[readings++];

        g_assert_cmpstr (json_object_get_string_member (o, "kind"), ==, r->kind);
        g_assert_cmpfloat_with_epsilon (json_object_get_double_member (o, "value"), r->value, 1e-9);
        g_assert_cmpint (json_object_get_int_member (o, "handle"), ==, r->handle);
        g_assert_cmpstr (json_object_get_string_member_with_default (o, "time", NULL), ==, r->time);
        g_assert_cmpint (json_object_get_int_member_with_default (o, "personId", -1), ==, c->person);
        g_assert_cmpstr (json_object_get_string_member (o, "devConfigId"), ==, "0x4000");
      }
    }
  g_assert_cmpuint (readings, ==, c->n);
  g_assert_cmpuint (replies, ==, c->reply != NULL ? 4 : 3);
}

/* The public BUF MP grouped trace declares an APDU length of 48 with 46 bytes following: it must
 * be refused precisely, after the earlier APDUs were answered, never half decoded. */
static void
test_malformed_public_trace (void)
{
  g_autofree char *input = session_with ("po-buf-scan-report-mp-grouped");
  g_autofree char *err = NULL;
  int status;
  g_autoptr(GPtrArray) out = run_decode (input, &status, &err);

  g_assert_cmpint (status, !=, 0);
  g_assert_nonnull (strstr (err, "line 3: offset 2: APDU length 48 but 46 bytes follow"));
  for (guint i = 0; i < out->len; i++)
    g_assert_false (json_object_has_member (g_ptr_array_index (out, i), "kind"));

  /* the same trace with the APDU length corrected to 0x002E decodes: 3 readings of person 1 */
  {
    g_autofree char *fixed = g_strdup (input);
    char *line3 = strrchr (g_strstrip (fixed), '\n') + 1;
    guint readings = 0;

    g_assert_true (g_str_has_prefix (line3, "e7000030"));
    line3[6] = '2';
    line3[7] = 'e';
    g_clear_pointer (&out, g_ptr_array_unref);
    g_clear_pointer (&err, g_free);
    out = run_decode (fixed, &status, &err);
    g_assert_cmpint (status, ==, 0);
    for (guint i = 0; i < out->len; i++)
      {
        JsonObject *o = g_ptr_array_index (out, i);

        if (!json_object_has_member (o, "kind"))
          continue;
        readings++;
        g_assert_cmpint (json_object_get_int_member (o, "personId"), ==, 1);
      }
    g_assert_cmpuint (readings, ==, 3);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  if (argc < 2)
    {
      g_printerr ("usage: %s PATH-TO-cabine-devices\n", argv[0]);
      return 2;
    }
  cli = argv[1];
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strconcat ("/devices/public-vectors/", cases[i].file, NULL);
      g_test_add_data_func (path, &cases[i], test_case);
    }
  g_test_add_func ("/devices/public-vectors/malformed-buf-mp-grouped", test_malformed_public_trace);
  return g_test_run ();
}
