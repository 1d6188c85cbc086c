/* test-decode-cli.c: `cabine-devices decode` over the shared vectors ($CABINE_VECTORS_DIR/ieee11073)
 * and hand-built APDUs; invalid input gets an error and a non-zero exit
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: test-decode-cli PATH-TO-cabine-devices [GTest options]
 */
#define G_LOG_DOMAIN "test-decode-cli"

#include <json-glib/json-glib.h>
#include <signal.h>
#include <string.h>

/* CABINE_DEVICES_DECODE_MAX_LINE of cabine-devices-decode.h: 3 * (4 + 65535) - 1 + 64 */
#define CABINE_MAX_LINE 196680

static const char *cli;

static char *
vector_hex (const char *name)
{
  const char *dir = g_getenv ("CABINE_VECTORS_DIR");
  g_autofree char *file = g_strconcat (name, ".hex", NULL);
  g_autofree char *path = g_build_filename (dir ? dir : ".", "ieee11073", file, NULL);
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return g_strstrip (text);
}

/* Runs decode with @input; returns the stdout lines parsed as JSON objects. */
static GPtrArray *
run_decode (const char *input, gboolean replies, int *status, char **err_out)
{
  g_autoptr(GSubprocess) p = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL, *err = NULL;
  g_auto(GStrv) lines = NULL;
  GPtrArray *objects = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);

  p = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                        G_SUBPROCESS_FLAGS_STDERR_PIPE, &error, cli, "decode",
                        "--system-id", "1122334455667788", replies ? "--replies" : NULL, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (p, input, NULL, &out, &err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (p));  /* never a crash */
  *status = g_subprocess_get_exit_status (p);
  if (err_out)
    *err_out = g_steal_pointer (&err);
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonNode *root;

      if (*lines[i] == '\0')
        continue;
      json_parser_load_from_data (parser, lines[i], -1, &error);
      g_assert_no_error (error);
      root = json_parser_get_root (parser);
      g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
      g_ptr_array_add (objects, json_object_ref (json_node_get_object (root)));
    }
  return objects;
}

static void
assert_bp_reading (JsonObject *bp, JsonObject *pulse, const char *config)
{
  JsonArray *c = json_object_get_array_member (bp, "components");
  static const struct { const char *loinc; gint64 mdc; double value; } expected[] = {
    { "8480-6", 0x4A05, 120 }, { "8462-4", 0x4A06, 80 }, { "8478-0", 0x4A07, 100 },
  };

  g_assert_cmpint (json_object_get_int_member (bp, "mdc"), ==, 18948);
  g_assert_cmpstr (json_object_get_string_member (bp, "loinc"), ==, "85354-9");
  g_assert_cmpstr (json_object_get_string_member (bp, "unit"), ==, "mm[Hg]");
  g_assert_cmpstr (json_object_get_string_member (bp, "time"), ==, "2007-12-06T12:10:00");
  g_assert_cmpint (json_object_get_int_member (bp, "handle"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (bp, "devConfigId"), ==, config);
  g_assert_nonnull (c);
  g_assert_cmpuint (json_array_get_length (c), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      JsonObject *o = json_array_get_object_element (c, i);

      g_assert_cmpstr (json_object_get_string_member (o, "loinc"), ==, expected[i].loinc);
      g_assert_cmpint (json_object_get_int_member (o, "mdc"), ==, expected[i].mdc);
      g_assert_cmpfloat (json_object_get_double_member (o, "value"), ==, expected[i].value);
    }
  g_assert_false (json_object_has_member (bp, "value"));

  g_assert_cmpint (json_object_get_int_member (pulse, "mdc"), ==, 0x482A);
  g_assert_cmpstr (json_object_get_string_member (pulse, "loinc"), ==, "8867-4");
  g_assert_cmpstr (json_object_get_string_member (pulse, "unit"), ==, "/min");
  g_assert_cmpfloat (json_object_get_double_member (pulse, "value"), ==, 60.0);
  g_assert_cmpstr (json_object_get_string_member (pulse, "time"), ==, "2007-12-06T12:10:00");
  g_assert_cmpint (json_object_get_int_member (pulse, "handle"), ==, 2);
}

static void
test_standard_bp (void)
{
  g_autofree char *aarq = vector_hex ("bp-std-01-aarq");
  g_autofree char *report = vector_hex ("bp-std-02-scan-report-fixed");
  g_autofree char *input = g_strdup_printf ("# blood pressure, standard configuration\n%s\n\n%s\n",
                                            aarq, report);
  g_autoptr(GPtrArray) out = NULL;
  int status;

  out = run_decode (input, FALSE, &status, NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpuint (out->len, ==, 2);
  assert_bp_reading (g_ptr_array_index (out, 0), g_ptr_array_index (out, 1), "0x02BC");
}

/* Extended configuration: AARQ 0x4000 → accepted-unknown-config (bp-02 exactly), the agent's
 * configuration → accepted-config (bp-04 exactly), then a report laid out by that configuration. */
static void
test_extended_bp (void)
{
  g_autofree char *aarq = vector_hex ("bp-01-aarq");
  g_autofree char *config = vector_hex ("bp-03-config-report");
  g_autofree char *report = vector_hex ("bp-std-02-scan-report-fixed");
  g_autofree char *aare = vector_hex ("bp-02-aare-accepted-unknown-config");
  g_autofree char *config_rsp = vector_hex ("bp-04-config-response");
  g_autofree char *input = g_strdup_printf ("%s\n%s\n%s\n", aarq, config, report);
  g_autoptr(GPtrArray) out = NULL;
  JsonObject *readings[2];
  guint n = 0;
  int status;

  out = run_decode (input, TRUE, &status, NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpuint (out->len, >=, 4);
  g_assert_cmpstr (json_object_get_string_member (g_ptr_array_index (out, 0), "reply"), ==, aare);
  g_assert_cmpstr (json_object_get_string_member (g_ptr_array_index (out, 1), "reply"), ==,
                   config_rsp);
  for (guint i = 0; i < out->len; i++)
    if (!json_object_has_member (g_ptr_array_index (out, i), "reply"))
      {
        g_assert_cmpuint (n, <, 2);
        readings[n++] = g_ptr_array_index (out, i);
      }
  g_assert_cmpuint (n, ==, 2);
  assert_bp_reading (readings[0], readings[1], "0x4000");
}

/* Pulse oximeter 0x0190 and scale 0x05DC: the APDUs of test-specializations.c, as hex. */
static void
test_oximeter_and_scale (void)
{
  static const char oximeter[] =
    "e2000032 80000000 0001002a 5079 0026 80000000 8000 80000000 00000000 00800000"
    " 0008 1122334455667703 0190 0001 0100 00000000\n"
    "e7000026 0024 0007 0100 001e 0000 00000100 0d1d 0014 f000 0003 0002000c"
    " 00010002 0062 000a0002 0048\n";
  static const char scale[] =
    "e2000032 80000000 0001002a 5079 0026 80000000 8000 80000000 00000000 00800000"
    " 0008 1122334455667704 05dc 0001 0100 00000000\n"
    "e700002a 0028 0021 0101 0022 0000 00000000 0d1d 0018 f000 0000 00010010"
    " 0001000c ff0002d5 2026030410203000\n";
  g_autoptr(GPtrArray) ox = NULL, sc = NULL;
  JsonObject *o;
  int status;

  ox = run_decode (oximeter, FALSE, &status, NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpuint (ox->len, ==, 2);
  o = g_ptr_array_index (ox, 0);
  g_assert_cmpint (json_object_get_int_member (o, "mdc"), ==, 0x4BB8);
  g_assert_cmpstr (json_object_get_string_member (o, "loinc"), ==, "59408-5");
  g_assert_cmpstr (json_object_get_string_member (o, "unit"), ==, "%");
  g_assert_cmpfloat (json_object_get_double_member (o, "value"), ==, 98);
  g_assert_false (json_object_has_member (o, "time"));  /* 0x0190 carries no time stamp */
  o = g_ptr_array_index (ox, 1);
  g_assert_cmpint (json_object_get_int_member (o, "mdc"), ==, 0x481A);
  g_assert_cmpint (json_object_get_int_member (o, "handle"), ==, 10);
  g_assert_cmpfloat (json_object_get_double_member (o, "value"), ==, 72);

  sc = run_decode (scale, FALSE, &status, NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpuint (sc->len, ==, 1);
  o = g_ptr_array_index (sc, 0);
  g_assert_cmpint (json_object_get_int_member (o, "mdc"), ==, 0xE140);
  g_assert_cmpstr (json_object_get_string_member (o, "loinc"), ==, "29463-7");
  g_assert_cmpstr (json_object_get_string_member (o, "unit"), ==, "kg");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (o, "value"), 72.5, 1e-9);
  g_assert_cmpstr (json_object_get_string_member (o, "time"), ==, "2026-03-04T10:20:30");
}

static void
test_invalid (void)
{
  static const struct { const char *input, *message; } cases[] = {
    { "e2 00 zz\n", "line 1, column 7: 'z' is not a hex digit" },
    { "e20\n", "line 1: odd number of hex digits" },
    { "# nothing\n\n", "no APDU in the input" },
    { "", "no APDU in the input" },
    { "e2000000\n", "line 1: " },                       /* truncated AARQ */
    { "e7000005010203040506\n", "line 1: " },           /* length beyond the data */
    { "e4000002000\n", "line 1: odd number" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) out = NULL;
      g_autofree char *err = NULL;
      int status;

      out = run_decode (cases[i].input, FALSE, &status, &err);
      g_assert_cmpint (status, ==, 1);
      g_assert_cmpuint (out->len, ==, 0);
      g_assert_nonnull (strstr (err, cases[i].message));
    }
}

/* A second AARQ inside an association: the manager aborts, decode fails on line 3 after printing
 * the readings of line 2. */
static void
test_out_of_state (void)
{
  g_autofree char *aarq = vector_hex ("bp-std-01-aarq");
  g_autofree char *report = vector_hex ("bp-std-02-scan-report-fixed");
  g_autofree char *input = g_strdup_printf ("%s\n%s\n%s\n", aarq, report, aarq);
  g_autoptr(GPtrArray) out = NULL;
  g_autofree char *err = NULL;
  int status;

  out = run_decode (input, FALSE, &status, &err);
  g_assert_cmpint (status, ==, 1);
  g_assert_cmpuint (out->len, ==, 2);
  g_assert_nonnull (strstr (err, "line 3: AARQ in state operating"));
}

/* A line longer than any APDU can take is refused with its number, unread past the limit; the
 * lines before it were played. */
static void
test_too_long (void)
{
  g_autofree char *aarq = vector_hex ("bp-std-01-aarq");
  g_autofree char *report = vector_hex ("bp-std-02-scan-report-fixed");
  g_autofree char *big = g_strnfill (CABINE_MAX_LINE + 1, 'a');
  g_autofree char *input = g_strdup_printf ("%s\n%s\n%s\n%s\n", aarq, report, big, report);
  g_autoptr(GPtrArray) out = NULL;
  g_autofree char *err = NULL;
  int status;

  out = run_decode (input, FALSE, &status, &err);
  g_assert_cmpint (status, ==, 1);
  g_assert_cmpuint (out->len, ==, 2);   /* the readings of line 2 */
  g_assert_nonnull (strstr (err, "line 3: longer than 196680 characters"));
}

/* The longest line allowed still reaches the hex parser (then the APDU decoder), CRLF line ends
 * are accepted and the last line needs no newline. */
static void
test_line_ends (void)
{
  g_autofree char *aarq = vector_hex ("bp-std-01-aarq");
  g_autofree char *report = vector_hex ("bp-std-02-scan-report-fixed");
  g_autofree char *input = g_strdup_printf ("%s\r\n%s", aarq, report);
  g_autofree char *max = g_strnfill (CABINE_MAX_LINE, 'a');
  g_autofree char *input2 = g_strdup_printf ("%s\n%s\n", aarq, max);
  g_autoptr(GPtrArray) out = NULL;
  g_autofree char *err = NULL;
  int status;

  out = run_decode (input, FALSE, &status, &err);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpuint (out->len, ==, 2);

  g_clear_pointer (&out, g_ptr_array_unref);
  g_clear_pointer (&err, g_free);
  out = run_decode (input2, FALSE, &status, &err);
  g_assert_cmpint (status, ==, 1);
  g_assert_null (strstr (err, "longer than"));
  g_assert_nonnull (strstr (err, "line 2: "));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  if (argc < 2)
    {
      g_printerr ("usage: test-decode-cli PATH-TO-cabine-devices\n");
      return 2;
    }
  cli = argv[1];
  signal (SIGPIPE, SIG_IGN);  /* the CLI may stop reading at an over-long line */
  g_test_add_func ("/devices/decode-cli/standard-bp", test_standard_bp);
  g_test_add_func ("/devices/decode-cli/extended-bp", test_extended_bp);
  g_test_add_func ("/devices/decode-cli/oximeter-and-scale", test_oximeter_and_scale);
  g_test_add_func ("/devices/decode-cli/invalid", test_invalid);
  g_test_add_func ("/devices/decode-cli/out-of-state", test_out_of_state);
  g_test_add_func ("/devices/decode-cli/too-long", test_too_long);
  g_test_add_func ("/devices/decode-cli/line-ends", test_line_ends);
  return g_test_run ();
}
