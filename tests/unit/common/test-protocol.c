/* test-protocol.c: signalling message parsing and FHIR serialisation
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include "cabine-fhir.h"
#include "cabine-protocol.h"

static void
test_parse_good (void)
{
  g_autoptr(GError) error = NULL;
  const char *text = "{\"type\":\"join-queue\",\"reason\":\"Fièvre\",\"position\":3}";
  const char *type = NULL;
  g_autoptr(JsonObject) msg = cabine_protocol_parse (text, strlen (text), &type, &error);
  gint64 position = 0;

  g_assert_no_error (error);
  g_assert_nonnull (msg);
  g_assert_cmpstr (type, ==, "join-queue");
  /* all of RFC 8259's forms pass the strict pre-scan */
  {
    const char *all = " {\"type\" : \"x\", \"n\": [0, -0.5e-3, 12E+2, 1e9, true, false, null],\r\n"
                      "  \"s\": \"\\u00e9\\n\\\"\\/\", \"o\": {\"a\": []}, \"e\": {}}\t";
    g_autoptr(GError) local = NULL;
    g_autoptr(JsonObject) parsed = cabine_protocol_parse (all, strlen (all), NULL, &local);

    g_assert_no_error (local);
    g_assert_nonnull (parsed);
  }
  g_assert_cmpstr (cabine_protocol_get_string (msg, "reason", TRUE, &error), ==, "Fièvre");
  g_assert_true (cabine_protocol_get_int (msg, "position", &position, &error));
  g_assert_cmpint (position, ==, 3);
  g_assert_null (cabine_protocol_get_string (msg, "absent", FALSE, &error));
  g_assert_no_error (error);
}

static void
test_parse_bad (void)
{
  static const struct { const char *text; int code; } cases[] = {
    { "", CABINE_PROTOCOL_ERROR_BAD_JSON },
    { "not json", CABINE_PROTOCOL_ERROR_BAD_JSON },
    { "[1,2]", CABINE_PROTOCOL_ERROR_BAD_JSON },
    { "\"text\"", CABINE_PROTOCOL_ERROR_BAD_JSON },
    { "{\"sessionId\":\"x\"}", CABINE_PROTOCOL_ERROR_MISSING_FIELD },
    { "{\"type\":42}", CABINE_PROTOCOL_ERROR_BAD_FIELD },
    { "{\"type\":\"\"}", CABINE_PROTOCOL_ERROR_BAD_FIELD },
    { "{\"type\":null}", CABINE_PROTOCOL_ERROR_MISSING_FIELD },
    { "{\"type\":\"a\"", CABINE_PROTOCOL_ERROR_BAD_JSON },
    { "{\"type\":\"\xff\"}", CABINE_PROTOCOL_ERROR_BAD_JSON },
    { "{\"type\":\"hello\",\"token\":\"demo-kiosk-token\\u0000junk\"}", CABINE_PROTOCOL_ERROR_BAD_JSON },
    /* json-glib's scanner takes all of these; RFC 8259 none. */
    { "{\"type\":\"x\",\"s\":[111./]}", CABINE_PROTOCOL_ERROR_BAD_JSON },
    { "{\"type\":\"x\",\"s\":1.}", CABINE_PROTOCOL_ERROR_BAD_JSON },
    { "{\"type\":\"x\",\"s\":01}", CABINE_PROTOCOL_ERROR_BAD_JSON },
    { "{\"type\":\"x\",\"s\":.5}", CABINE_PROTOCOL_ERROR_BAD_JSON },
    { "{\"type\":\"x\",\"s\":[1,]}", CABINE_PROTOCOL_ERROR_BAD_JSON },
    { "{\"type\":\"x\",}", CABINE_PROTOCOL_ERROR_BAD_JSON },
    { "{\"type\":\"x\",\"s\":tru}", CABINE_PROTOCOL_ERROR_BAD_JSON },
    { "{\"type\":\"x\",\"s\":\\1}", CABINE_PROTOCOL_ERROR_BAD_JSON },
    { "{\"type\":\"x\nx\"}", CABINE_PROTOCOL_ERROR_BAD_JSON },
    { "{type:\"x\"}", CABINE_PROTOCOL_ERROR_BAD_JSON },
    /* Found by fuzz-protocol: json-glib took the last of several documents and leaked the rest. */
    { "{\"type\":\"a\"}{\"type\":\"b\"}", CABINE_PROTOCOL_ERROR_BAD_JSON },
    { "{\"type\":\"a\"} x", CABINE_PROTOCOL_ERROR_BAD_JSON },
    { "1 {\"type\":\"b\"}", CABINE_PROTOCOL_ERROR_BAD_JSON },
    /* Found by fuzz-protocol: read as infinity, it was written back as "inf". */
    { "{\"type\":\"x\",\"s\":[1.5,-1111,11111111111112e3111]}", CABINE_PROTOCOL_ERROR_BAD_JSON },
    { "{\"type\":\"reading\",\"value\":{\"v\":-1e400}}", CABINE_PROTOCOL_ERROR_BAD_JSON },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonObject) msg = cabine_protocol_parse (cases[i].text, strlen (cases[i].text), NULL, &error);

      g_assert_null (msg);
      g_assert_error (error, CABINE_PROTOCOL_ERROR, cases[i].code);
    }
}

static void
test_parse_too_large (void)
{
  g_autoptr(GError) error = NULL;
  gsize n = CABINE_PROTOCOL_MAX_MESSAGE_SIZE + 1;
  g_autofree char *text = g_malloc (n);
  g_autoptr(JsonObject) msg = NULL;

  memset (text, ' ', n);
  msg = cabine_protocol_parse (text, n, NULL, &error);
  g_assert_null (msg);
  g_assert_error (error, CABINE_PROTOCOL_ERROR, CABINE_PROTOCOL_ERROR_TOO_LARGE);
}

static char *
nested (guint depth, const char *open, const char *close, const char *prefix, const char *suffix)
{
  GString *s = g_string_new (prefix);

  for (guint i = 0; i < depth; i++)
    g_string_append (s, open);
  for (guint i = 0; i < depth; i++)
    g_string_append (s, close);
  g_string_append (s, suffix);
  return g_string_free (s, FALSE);
}

/* The user trial's crash: 80 000 '[' then 80 000 ']' (160 KB, under the size limit) overflowed the
 * stack inside json-glib's recursive parser. Without the depth check this test segfaults. */
static void
test_parse_deep (void)
{
  g_autofree char *deep = nested (80000, "[", "]", "", "");
  g_autofree char *deep_obj = nested (80000, "{\"a\":", "}", "{\"type\":\"x\",\"v\":", "}");
  g_autofree char *limit = nested (CABINE_PROTOCOL_MAX_DEPTH - 1, "[", "]", "{\"type\":\"x\",\"v\":", "}");
  g_autofree char *over = nested (CABINE_PROTOCOL_MAX_DEPTH, "[", "]", "{\"type\":\"x\",\"v\":", "}");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) obj = NULL;
  /* brackets inside strings, including after an escaped quote or backslash, do not count */
  g_autofree char *in_string = nested (CABINE_PROTOCOL_MAX_DEPTH * 2, "[", "", "{\"type\":\"x\",\"s\":\"\\\\\\\"", "\"}");

  g_assert_cmpuint (strlen (deep), <, CABINE_PROTOCOL_MAX_MESSAGE_SIZE);
  obj = cabine_protocol_parse (deep, strlen (deep), NULL, &error);
  g_assert_null (obj);
  g_assert_error (error, CABINE_PROTOCOL_ERROR, CABINE_PROTOCOL_ERROR_BAD_JSON);
  g_assert_nonnull (strstr (error->message, "nested deeper than 64"));
  g_clear_error (&error);

  obj = cabine_json_parse_object (deep_obj, strlen (deep_obj), G_MAXSIZE, &error);
  g_assert_null (obj);
  g_assert_error (error, CABINE_PROTOCOL_ERROR, CABINE_PROTOCOL_ERROR_BAD_JSON);
  g_clear_error (&error);

  /* exactly the limit (the outer object is level 1) parses; one more does not */
  obj = cabine_protocol_parse (limit, strlen (limit), NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (obj);
  g_clear_pointer (&obj, json_object_unref);
  obj = cabine_protocol_parse (over, strlen (over), NULL, &error);
  g_assert_error (error, CABINE_PROTOCOL_ERROR, CABINE_PROTOCOL_ERROR_BAD_JSON);
  g_clear_error (&error);

  obj = cabine_protocol_parse (in_string, strlen (in_string), NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (obj);
  g_assert_cmpuint (strlen (json_object_get_string_member (obj, "s")), ==, 2 + 2 * CABINE_PROTOCOL_MAX_DEPTH);

  g_assert_true (cabine_json_check_text ("[\"\\\"[[\"]", 8, 1, NULL));
  g_assert_false (cabine_json_check_text ("[[]]", 4, 1, NULL));
}

/* A parsed message is sealed (json_parser_new_immutable()): serialising it again must neither
 * try to change it (a Json-CRITICAL, fatal here) nor lose the shortest decimal text or the order. */
static void
test_reserialize_parsed (void)
{
  const char *text = "{\"type\":\"reading\",\"value\":37.2,\"list\":[0.1,-2e-7,{\"b\":72.35,\"a\":1}]}";
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) msg = cabine_protocol_parse (text, strlen (text), NULL, &error);
  g_autofree char *again = NULL;

  g_assert_no_error (error);
  again = cabine_protocol_serialize (msg);
  g_assert_cmpstr (again, ==, "{\"type\":\"reading\",\"value\":37.2,\"list\":[0.1,-2e-07,{\"b\":72.35,\"a\":1}]}");
}

/* json-glib's scanner takes octal escapes and lone surrogates, and returns invalid UTF-8 for them
 * (found by tests/fuzz/fuzz-protocol: the message then could not be serialised and read back). */
static void
test_parse_escapes (void)
{
  const char *bad[] = {
    "{\"type\":\"x\",\"s\":\"\\333\"}",
    "{\"type\":\"x\",\"s\":\"\\x41\"}",
    "{\"type\":\"x\",\"s\":\"\\ud800\"}",
    "{\"type\":\"x\",\"s\":\"\\ud800\\u0041\"}",
    "{\"type\":\"x\",\"s\":\"\\udc00\"}",
    "{\"type\":\"x\",\"s\":\"\\u12\"}",
    "{\"type\":\"x\",\"s\":\"\\",
    "{\"type\":\"x\",\"s\":\"demo\\u0000x\"}",
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) ok = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(JsonObject) obj = cabine_protocol_parse (bad[i], strlen (bad[i]), NULL, &error);

      g_test_message ("%s", bad[i]);
      g_assert_null (obj);
      g_assert_error (error, CABINE_PROTOCOL_ERROR, CABINE_PROTOCOL_ERROR_BAD_JSON);
      g_clear_error (&error);
    }
  ok = cabine_protocol_parse ("{\"type\":\"x\",\"s\":\"\\ud83d\\ude00 \\u00e9\\n\\/\"}", 42, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (ok, "s"), ==, "\xf0\x9f\x98\x80 \xc3\xa9\n/");
  g_clear_pointer (&ok, json_object_unref);
  /* An escaped backslash followed by "u0000" is text, not a NUL (found by fuzz-protocol). */
  {
    const char *text = "{\"type\":\"x\",\"s\":\"a\\\\u0000\"}";

    ok = cabine_protocol_parse (text, strlen (text), NULL, &error);
  }
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (ok, "s"), ==, "a\\u0000");
}

static void
test_error_message (void)
{
  g_autoptr(GError) error = g_error_new_literal (CABINE_PROTOCOL_ERROR, CABINE_PROTOCOL_ERROR_UNKNOWN_TYPE,
                                                 "unknown message type 'foo'");
  g_autoptr(JsonObject) msg = cabine_protocol_new_error (error, "foo");
  g_autofree char *text = cabine_protocol_serialize (msg);

  g_assert_cmpstr (text, ==, "{\"type\":\"error\",\"code\":\"unknown-type\","
                             "\"message\":\"unknown message type 'foo'\",\"inReplyTo\":\"foo\"}");
}

/* The kiosk's `signal-refused` (data/protocol.md, "Call set-up"): its reason is bounded, cut at a
 * character boundary, and made valid UTF-8, whatever the refusal's text. */
static void
test_signal_refused (void)
{
  g_autoptr(JsonObject) msg = cabine_protocol_new_signal_refused ("s-1", "answer", "bad SDP", 0);
  g_autofree char *text = cabine_protocol_serialize (msg);
  g_autoptr(GString) long_reason = g_string_new ("ice: ");
  const char *reason;

  g_assert_cmpstr (text, ==, "{\"type\":\"signal-refused\",\"sessionId\":\"s-1\","
                             "\"inReplyTo\":\"answer\",\"reason\":\"bad SDP\"}");
  g_clear_pointer (&msg, json_object_unref);

  /* "é" is two bytes: the cut must not split one. */
  while (long_reason->len < 4 * CABINE_PROTOCOL_MAX_REFUSAL_REASON)
    g_string_append (long_reason, "\xc3\xa9");
  msg = cabine_protocol_new_signal_refused ("s-1", "ice", long_reason->str, 3);
  reason = json_object_get_string_member (msg, "reason");
  g_assert_cmpuint (strlen (reason), <=, CABINE_PROTOCOL_MAX_REFUSAL_REASON);
  g_assert_cmpuint (strlen (reason), >=, CABINE_PROTOCOL_MAX_REFUSAL_REASON - 4);
  g_assert_true (g_utf8_validate (reason, -1, NULL));
  g_assert_true (g_str_has_prefix (reason, "ice: \xc3\xa9"));
  g_assert_true (g_str_has_suffix (reason, "\xc3\xa9\xe2\x80\xa6"));   /* "é…" */
  g_assert_cmpstr (json_object_get_string_member (msg, "inReplyTo"), ==, "ice");
  g_assert_cmpint (json_object_get_int_member (msg, "attempt"), ==, 3);
  g_clear_pointer (&msg, json_object_unref);

  /* Exactly at the limit: kept whole. */
  g_string_truncate (long_reason, 0);
  g_string_append (long_reason, "x");
  while (long_reason->len < CABINE_PROTOCOL_MAX_REFUSAL_REASON)
    g_string_append_c (long_reason, 'y');
  msg = cabine_protocol_new_signal_refused ("s-1", "ice", long_reason->str, 0);
  g_assert_cmpstr (json_object_get_string_member (msg, "reason"), ==, long_reason->str);
  g_assert_false (json_object_has_member (msg, "attempt"));
  g_clear_pointer (&msg, json_object_unref);

  /* Not UTF-8: replaced, never sent as is. */
  msg = cabine_protocol_new_signal_refused ("s-1", "ice", "bad \xff byte", 0);
  g_assert_true (g_utf8_validate (json_object_get_string_member (msg, "reason"), -1, NULL));
}

static void
test_fhir_observation (void)
{
  g_autoptr(GDateTime) effective = g_date_time_new_utc (2026, 11, 29, 12, 3, 10.0);
  g_autoptr(GDateTime) issued = g_date_time_new_utc (2026, 11, 29, 12, 3, 10.412);
  CabineFhirObservation obs = {
    .id = "4b8e", .loinc_code = "8310-5", .display = "Body temperature",
    .mdc_code = 19292, .mdc_name = "MDC_TEMP_BODY", .value = 37.20000001, .decimals = 1,
    .ucum_code = "Cel", .unit_display = "°C", .effective = effective, .issued = issued,
    .device_display = "thermometer", .session_id = "s1",
  };
  g_autoptr(JsonObject) res = cabine_fhir_observation_to_json (&obs);
  JsonObject *q = json_object_get_object_member (res, "valueQuantity");
  JsonArray *codings = json_object_get_array_member (json_object_get_object_member (res, "code"), "coding");
  JsonObject *loinc = json_array_get_object_element (codings, 0);
  JsonObject *mdc = json_array_get_object_element (codings, 1);

  g_assert_cmpstr (json_object_get_string_member (res, "resourceType"), ==, "Observation");
  g_assert_cmpstr (json_object_get_string_member (res, "status"), ==, "final");
  g_assert_cmpfloat (json_object_get_double_member (q, "value"), ==, 37.2);
  g_assert_cmpstr (json_object_get_string_member (q, "code"), ==, "Cel");
  g_assert_cmpstr (json_object_get_string_member (q, "system"), ==, "http://unitsofmeasure.org");
  g_assert_cmpstr (json_object_get_string_member (loinc, "system"), ==, "http://loinc.org");
  g_assert_cmpstr (json_object_get_string_member (loinc, "code"), ==, "8310-5");
  g_assert_cmpstr (json_object_get_string_member (mdc, "system"), ==, "urn:iso:std:iso:11073:10101");
  g_assert_cmpstr (json_object_get_string_member (mdc, "code"), ==, "19292");
  g_assert_cmpstr (json_object_get_string_member (res, "effectiveDateTime"), ==, "2026-11-29T12:03:10.000Z");
  g_assert_cmpstr (json_object_get_string_member (res, "issued"), ==, "2026-11-29T12:03:10.412Z");
}

static void
test_fhir_offset (void)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_offset (3600);
  g_autoptr(GDateTime) dt = g_date_time_new (tz, 2007, 12, 6, 12, 10, 0);
  g_autofree char *text = cabine_fhir_format_datetime (dt);

  g_assert_cmpstr (text, ==, "2007-12-06T12:10:00.000+01:00");
}

static void
test_json_decimals (void)
{
  g_autoptr(JsonObject) obj = json_object_new ();
  g_autoptr(JsonArray) arr = json_array_new ();
  g_autofree char *text = NULL;

  json_object_set_double_member (obj, "t", 37.2);
  json_object_set_double_member (obj, "w", 67.45);
  json_object_set_double_member (obj, "third", 1.0 / 3.0);
  json_object_set_int_member (obj, "n", 120);
  json_object_set_string_member (obj, "s", "\x02not a number\x02 37.200000000000003");
  json_array_add_double_element (arr, 0.1);
  json_array_add_double_element (arr, 1e-7);
  json_array_add_double_element (arr, 70.0);     /* a diastolic pressure: not "7e+01" */
  json_array_add_double_element (arr, 110.0);
  json_array_add_double_element (arr, 0.0005);
  json_array_add_double_element (arr, -1250.0);
  json_array_add_double_element (arr, 1e21);
  json_array_add_double_element (arr, INFINITY);
  json_array_add_double_element (arr, NAN);
  json_object_set_array_member (obj, "a", g_steal_pointer (&arr));
  text = cabine_protocol_serialize (obj);
  g_assert_cmpstr (text, ==, "{\"t\":37.2,\"w\":67.45,\"third\":0.3333333333333333,\"n\":120,"
                             "\"s\":\"\\u0002not a number\\u0002 37.200000000000003\","
                             "\"a\":[0.1,1e-07,70,110,0.0005,-1250,1e+21,null,null]}");
}

/* Every control character a string may hold comes out escaped (RFC 8259 §7), U+001F too, which
 * json-glib 1.6 writes raw: what we send parses back here and in browsers. */
static void
test_serialize_control_characters (void)
{
  g_autoptr(JsonObject) msg = cabine_protocol_new_message ("note", NULL);
  g_autoptr(JsonObject) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GString) all = g_string_new (NULL);

  for (int c = 1; c < 0x20; c++)
    g_string_append_c (all, (char) c);
  g_string_append (all, "\x7f é");
  json_object_set_string_member (msg, "text", all->str);
  text = cabine_protocol_serialize (msg);
  for (const char *p = text; *p != '\0'; p++)
    g_assert_cmpint ((guchar) *p, >=, 0x20);
  g_assert_nonnull (strstr (text, "\\u001f"));
  back = cabine_protocol_parse (text, strlen (text), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (back, "text"), ==, all->str);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/protocol/parse/good", test_parse_good);
  g_test_add_func ("/protocol/parse/bad", test_parse_bad);
  g_test_add_func ("/protocol/parse/too-large", test_parse_too_large);
  g_test_add_func ("/protocol/parse/deep", test_parse_deep);
  g_test_add_func ("/protocol/parse/escapes", test_parse_escapes);
  g_test_add_func ("/protocol/reserialize-parsed", test_reserialize_parsed);
  g_test_add_func ("/protocol/error-message", test_error_message);
  g_test_add_func ("/protocol/signal-refused", test_signal_refused);
  g_test_add_func ("/protocol/serialize-control-characters", test_serialize_control_characters);
  g_test_add_func ("/fhir/observation", test_fhir_observation);
  g_test_add_func ("/json/decimals", test_json_decimals);
  g_test_add_func ("/fhir/offset", test_fhir_offset);
  return g_test_run ();
}
