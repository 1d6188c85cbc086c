/* cabine-protocol.c: JSON messages shared by the kiosk, the hub and the console
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "cabine-protocol"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cabine-protocol.h"

G_DEFINE_QUARK (cabine-protocol-error-quark, cabine_protocol_error)

static const char * const error_codes[] = {
  [CABINE_PROTOCOL_ERROR_BAD_JSON] = "bad-json",
  [CABINE_PROTOCOL_ERROR_MISSING_FIELD] = "missing-field",
  [CABINE_PROTOCOL_ERROR_BAD_FIELD] = "bad-field",
  [CABINE_PROTOCOL_ERROR_UNKNOWN_TYPE] = "unknown-type",
  [CABINE_PROTOCOL_ERROR_NOT_AUTHENTICATED] = "not-authenticated",
  [CABINE_PROTOCOL_ERROR_NOT_AUTHORIZED] = "not-authorized",
  [CABINE_PROTOCOL_ERROR_WRONG_ROLE] = "wrong-role",
  [CABINE_PROTOCOL_ERROR_NO_SUCH_SESSION] = "no-such-session",
  [CABINE_PROTOCOL_ERROR_ALREADY_TAKEN] = "already-taken",
  [CABINE_PROTOCOL_ERROR_TOO_LARGE] = "too-large",
};

const char *
cabine_protocol_error_to_code (CabineProtocolError code)
{
  if ((guint) code >= G_N_ELEMENTS (error_codes))
    return "bad-field";
  return error_codes[code];
}

/* The 4 hex digits at @text[@at], as a number, or -1. */
static gint
hex4 (const char *text,
      gsize       length,
      gsize       at)
{
  gint value = 0;

  if (at + 4 > length)
    return -1;
  for (gsize k = at; k < at + 4; k++)
    {
      gint digit = g_ascii_xdigit_value (text[k]);

      if (digit < 0)
        return -1;
      value = value * 16 + digit;
    }
  return value;
}

/* Checks the escape starting with the backslash at @text[@at] (RFC 8259 §7): json-glib's scanner
 * also takes escapes JSON does not have (octal "\101", which can make invalid UTF-8) and lone
 * UTF-16 surrogates. Returns: the index just past the escape, or 0 with @error set. */
static gsize
scan_escape (const char  *text,
             gsize        length,
             gsize        at,
             GError     **error)
{
  gint unit;

  if (at + 1 >= length)
    goto bad;
  switch (text[at + 1])
    {
    case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
      return at + 2;
    case 'u':
      unit = hex4 (text, length, at + 2);
      if (unit < 0)
        goto bad;
      /* json-glib keeps strings NUL-terminated: "\u0000" would silently cut a token or a name
       * short ("demo\u0000x" read as "demo"). No message of ours needs one. Checked here, where
       * escapes are told apart: "\\u0000" is a backslash and the text "u0000". */
      if (unit == 0)
        {
          g_set_error_literal (error, CABINE_PROTOCOL_ERROR, CABINE_PROTOCOL_ERROR_BAD_JSON,
                               "message contains a NUL character (\\u0000), which is not allowed");
          return 0;
        }
      if (unit >= 0xDC00 && unit <= 0xDFFF)
        goto surrogate;
      if (unit >= 0xD800 && unit <= 0xDBFF)
        {
          gint low;

          if (at + 7 >= length || text[at + 6] != '\\' || text[at + 7] != 'u')
            goto surrogate;
          low = hex4 (text, length, at + 8);
          if (low < 0xDC00 || low > 0xDFFF)
            goto surrogate;
          return at + 12;
        }
      return at + 6;
    default:
      goto bad;
    }

bad:
  g_set_error (error, CABINE_PROTOCOL_ERROR, CABINE_PROTOCOL_ERROR_BAD_JSON,
               "invalid escape in a JSON string at byte %" G_GSIZE_FORMAT, at);
  return 0;
surrogate:
  g_set_error (error, CABINE_PROTOCOL_ERROR, CABINE_PROTOCOL_ERROR_BAD_JSON,
               "unpaired UTF-16 surrogate escape in a JSON string at byte %" G_GSIZE_FORMAT, at);
  return 0;
}

/* A strict reading of RFC 8259's grammar that builds nothing: json-glib's own scanner is lenient
 * (it takes octal escapes, "111./" and "\\1" outside strings, and several documents in a row, the
 * earlier ones leaked), so only text that passes here reaches it. */
typedef struct {
  const char *text;
  gsize       length;
  gsize       at;
  guint       max_depth;
  GError    **error;
} JsonScan;

static gboolean
scan_fail (JsonScan   *c,
           const char *what)
{
  g_set_error (c->error, CABINE_PROTOCOL_ERROR, CABINE_PROTOCOL_ERROR_BAD_JSON,
               "%s at byte %" G_GSIZE_FORMAT, what, c->at);
  return FALSE;
}

static void
scan_space (JsonScan *c)
{
  while (c->at < c->length && (c->text[c->at] == ' ' || c->text[c->at] == '\t' ||
                               c->text[c->at] == '\n' || c->text[c->at] == '\r'))
    c->at++;
}

static gboolean
scan_digits (JsonScan *c)
{
  gsize start = c->at;

  while (c->at < c->length && g_ascii_isdigit (c->text[c->at]))
    c->at++;
  return c->at > start;
}

/* -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?  (RFC 8259 §6) */
static gboolean
scan_number (JsonScan *c)
{
  gsize start = c->at;
  gboolean exponent = FALSE;

  if (c->text[c->at] == '-')
    c->at++;
  if (c->at < c->length && c->text[c->at] == '0')
    c->at++;
  else if (!scan_digits (c))
    return scan_fail (c, "invalid number");
  if (c->at < c->length && c->text[c->at] == '.')
    {
      c->at++;
      if (!scan_digits (c))
        return scan_fail (c, "invalid number: no digit after the decimal point");
    }
  if (c->at < c->length && (c->text[c->at] == 'e' || c->text[c->at] == 'E'))
    {
      exponent = TRUE;
      c->at++;
      if (c->at < c->length && (c->text[c->at] == '+' || c->text[c->at] == '-'))
        c->at++;
      if (!scan_digits (c))
        return scan_fail (c, "invalid number: no digit in the exponent");
    }
  /* json-glib reads a number too large for a double ("1e400") as infinity, which JSON cannot write
   * back and no message of ours can mean. Fifteen digits without exponent always fit. */
  if (exponent || c->at - start > 15)
    {
      g_autofree char *number = g_strndup (c->text + start, c->at - start);

      if (!isfinite (g_ascii_strtod (number, NULL)))
        {
          c->at = start;
          return scan_fail (c, "number out of the range of a double");
        }
    }
  return TRUE;
}

static gboolean
scan_string (JsonScan *c)
{
  c->at++;   /* the opening quote */
  while (c->at < c->length)
    {
      guchar ch = (guchar) c->text[c->at];

      if (ch == '"')
        {
          c->at++;
          return TRUE;
        }
      if (ch == '\\')
        {
          gsize next = scan_escape (c->text, c->length, c->at, c->error);

          if (next == 0)
            return FALSE;
          c->at = next;
          continue;
        }
      if (ch < 0x20)
        return scan_fail (c, "control character in a JSON string");
      c->at++;
    }
  return scan_fail (c, "unterminated JSON string");
}

static gboolean
scan_literal (JsonScan   *c,
              const char *word)
{
  gsize len = strlen (word);

  if (c->length - c->at < len || memcmp (c->text + c->at, word, len) != 0)
    return scan_fail (c, "unexpected character, expected a JSON value");
  c->at += len;
  return TRUE;
}

static gboolean scan_value (JsonScan *c, guint depth);

/* An array or an object, c->at on its opening bracket. */
static gboolean
scan_container (JsonScan *c,
                guint     depth)
{
  gboolean object = c->text[c->at] == '{';
  char close = object ? '}' : ']';

  if (depth + 1 > c->max_depth)
    {
      g_set_error (c->error, CABINE_PROTOCOL_ERROR, CABINE_PROTOCOL_ERROR_BAD_JSON,
                   "JSON nested deeper than %u levels (at byte %" G_GSIZE_FORMAT ")",
                   c->max_depth, c->at);
      return FALSE;
    }
  c->at++;
  scan_space (c);
  if (c->at < c->length && c->text[c->at] == close)
    {
      c->at++;
      return TRUE;
    }
  for (;;)
    {
      if (object)
        {
          if (c->at >= c->length || c->text[c->at] != '"')
            return scan_fail (c, "expected a member name (a JSON string)");
          if (!scan_string (c))
            return FALSE;
          scan_space (c);
          if (c->at >= c->length || c->text[c->at] != ':')
            return scan_fail (c, "expected ':' after a member name");
          c->at++;
        }
      if (!scan_value (c, depth + 1))
        return FALSE;
      scan_space (c);
      if (c->at >= c->length)
        return scan_fail (c, object ? "unterminated JSON object" : "unterminated JSON array");
      if (c->text[c->at] == close)
        {
          c->at++;
          return TRUE;
        }
      if (c->text[c->at] != ',')
        return scan_fail (c, object ? "expected ',' or '}'" : "expected ',' or ']'");
      c->at++;
      scan_space (c);
    }
}

static gboolean
scan_value (JsonScan *c,
            guint     depth)
{
  scan_space (c);
  if (c->at >= c->length)
    return scan_fail (c, "unexpected end, expected a JSON value");
  switch (c->text[c->at])
    {
    case '{':
    case '[':
      return scan_container (c, depth);
    case '"':
      return scan_string (c);
    case 't':
      return scan_literal (c, "true");
    case 'f':
      return scan_literal (c, "false");
    case 'n':
      return scan_literal (c, "null");
    default:
      if (c->text[c->at] == '-' || g_ascii_isdigit (c->text[c->at]))
        return scan_number (c);
      return scan_fail (c, "unexpected character, expected a JSON value");
    }
}

gboolean
cabine_json_check_text (const char  *text,
                        gsize        length,
                        guint        max_depth,
                        GError     **error)
{
  JsonScan c = { text, length, 0, max_depth, error };

  g_return_val_if_fail (text != NULL || length == 0, FALSE);

  if (!scan_value (&c, 0))
    return FALSE;
  scan_space (&c);
  if (c.at < c.length)
    {
      /* json-glib would read "{…}{…}" as two documents, keep the last and leak the others. */
      return scan_fail (&c, "more than one JSON value, or text after it,");
    }
  return TRUE;
}

JsonObject *
cabine_json_parse_object (const char  *text,
                          gsize        length,
                          gsize        max_length,
                          GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;

  if (length > max_length)
    {
      g_set_error (error, CABINE_PROTOCOL_ERROR, CABINE_PROTOCOL_ERROR_TOO_LARGE,
                   "message of %" G_GSIZE_FORMAT " bytes is over the limit of %" G_GSIZE_FORMAT " bytes",
                   length, max_length);
      return NULL;
    }
  if (text == NULL || length == 0)
    {
      g_set_error_literal (error, CABINE_PROTOCOL_ERROR, CABINE_PROTOCOL_ERROR_BAD_JSON,
                           "empty message");
      return NULL;
    }
  if (!g_utf8_validate_len (text, length, NULL))
    {
      g_set_error_literal (error, CABINE_PROTOCOL_ERROR, CABINE_PROTOCOL_ERROR_BAD_JSON,
                           "message is not valid UTF-8");
      return NULL;
    }
  /* json-glib parses recursively: deep nesting would overflow the stack before it can fail. */
  if (!cabine_json_check_text (text, length, CABINE_PROTOCOL_MAX_DEPTH, error))
    return NULL;

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, text, (gssize) length, &local_error))
    {
      g_set_error (error, CABINE_PROTOCOL_ERROR, CABINE_PROTOCOL_ERROR_BAD_JSON,
                   "message is not JSON: %s", local_error->message);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, CABINE_PROTOCOL_ERROR, CABINE_PROTOCOL_ERROR_BAD_JSON,
                           "message is not a JSON object");
      return NULL;
    }
  return json_object_ref (json_node_get_object (root));
}

JsonObject *
cabine_protocol_parse (const char  *text,
                       gsize        length,
                       const char **out_type,
                       GError     **error)
{
  g_autoptr(JsonObject) obj = NULL;
  const char *type;

  if (out_type != NULL)
    *out_type = NULL;

  obj = cabine_json_parse_object (text, length, CABINE_PROTOCOL_MAX_MESSAGE_SIZE, error);
  if (obj == NULL)
    return NULL;
  type = cabine_protocol_get_string (obj, "type", TRUE, error);
  if (type == NULL)
    return NULL;
  if (*type == '\0')
    {
      g_set_error_literal (error, CABINE_PROTOCOL_ERROR, CABINE_PROTOCOL_ERROR_BAD_FIELD,
                           "\"type\" is empty");
      return NULL;
    }

  if (out_type != NULL)
    *out_type = type;
  return g_steal_pointer (&obj);
}

/* The shortest decimal text that reads back as exactly @value ("37.2", not json-glib's
 * "37.200000000000003"): FHIR decimals carry their precision in their text. */
static void
shortest_decimal (double value,
                  char   buf[G_ASCII_DTOSTR_BUF_SIZE])
{
  char format[8];
  const char *exponent;
  int digits;

  for (digits = 1; digits <= 17; digits++)
    {
      g_snprintf (format, sizeof format, "%%.%dg", digits);
      g_ascii_formatd (buf, G_ASCII_DTOSTR_BUF_SIZE, format, value);
      if (g_ascii_strtod (buf, NULL) == value)
        break;
    }
  /* "%g" writes 70 at one digit as "7e+01", which a FHIR decimal reads as one significant digit
   * (FHIR R4 §2.1.0.1: the precision of a decimal is its text's). Between 1e-6 and 1e21 the same
   * digits are written without an exponent, as JavaScript does: "70", "110", "0.0005". */
  exponent = strchr (buf, 'e');
  if (exponent != NULL && fabs (value) >= 1e-6 && fabs (value) < 1e21)
    {
      int decimals = MAX (0, digits - 1 - atoi (exponent + 1));

      g_snprintf (format, sizeof format, "%%.%df", decimals);
      g_ascii_formatd (buf, G_ASCII_DTOSTR_BUF_SIZE, format, value);
    }
}

/* Replaces every finite double of @node (a private copy) by a string placeholder
 * "\x02<nonce>:<index>\x02" and records its shortest text in @numbers. */
static void
mark_doubles (JsonNode   *node,
              const char *nonce,
              GPtrArray  *numbers)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObjectIter iter;
        JsonNode *member;

        json_object_iter_init (&iter, json_node_get_object (node));
        while (json_object_iter_next (&iter, NULL, &member))
          mark_doubles (member, nonce, numbers);
      }
      break;
    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);

        for (guint i = 0; i < json_array_get_length (array); i++)
          mark_doubles (json_array_get_element (array, i), nonce, numbers);
      }
      break;
    case JSON_NODE_VALUE:
      if (json_node_get_value_type (node) == G_TYPE_DOUBLE && isfinite (json_node_get_double (node)))
        {
          char buf[G_ASCII_DTOSTR_BUF_SIZE];
          g_autofree char *placeholder = g_strdup_printf ("\x02%s:%u\x02", nonce, numbers->len);

          shortest_decimal (json_node_get_double (node), buf);
          g_ptr_array_add (numbers, g_strdup (buf));
          json_node_set_string (node, placeholder);
        }
      else if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
        {
          /* NaN and ±infinity have no JSON form; json-glib would write "nan"/"inf". */
          json_node_init_null (node);
        }
      break;
    case JSON_NODE_NULL:
    default:
      break;
    }
}

/* A deep copy whose nodes can all be changed: json_node_copy() shares the objects, arrays and
 * values of a sealed tree (as cabine_json_parse_object() returns), which mark_doubles() rewrites. */
static JsonNode *
mutable_copy (JsonNode *node)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *object = json_node_get_object (node);
        g_autoptr(JsonObject) copy = json_object_new ();
        g_autoptr(GList) names = json_object_get_members (object); /* in their order */

        for (GList *l = names; l != NULL; l = l->next)
          json_object_set_member (copy, l->data, mutable_copy (json_object_get_member (object, l->data)));
        /* json_node_init_object() takes its own reference */
        return json_node_init_object (json_node_alloc (), copy);
      }
    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        g_autoptr(JsonArray) copy = json_array_sized_new (json_array_get_length (array));

        for (guint i = 0; i < json_array_get_length (array); i++)
          json_array_add_element (copy, mutable_copy (json_array_get_element (array, i)));
        /* json_node_init_array() takes its own reference */
        return json_node_init_array (json_node_alloc (), copy);
      }
    case JSON_NODE_VALUE:
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_INT64:
          return json_node_init_int (json_node_alloc (), json_node_get_int (node));
        case G_TYPE_DOUBLE:
          return json_node_init_double (json_node_alloc (), json_node_get_double (node));
        case G_TYPE_BOOLEAN:
          return json_node_init_boolean (json_node_alloc (), json_node_get_boolean (node));
        case G_TYPE_STRING:
          return json_node_init_string (json_node_alloc (), json_node_get_string (node));
        default:
          return json_node_copy (node);
        }
    case JSON_NODE_NULL:
    default:
      return json_node_init_null (json_node_alloc ());
    }
}

/* json-glib 1.6 (Debian 12) writes U+001F raw inside strings, where RFC 8259 §7 requires an escape:
 * our own parser, and every browser's JSON.parse, refuse the result. The byte 0x1f stands for
 * that character only (UTF-8 encodes nothing else with a byte below 0x80), and generated JSON has
 * it nowhere but in strings, so each one becomes "\u001f". */
static char *
escape_unit_separators (char *text)
{
  GString *out;

  if (strchr (text, 0x1f) == NULL)
    return text;
  out = g_string_sized_new (strlen (text) + 16);
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == 0x1f)
        g_string_append (out, "\\u001f");
      else
        g_string_append_c (out, *p);
    }
  g_free (text);
  return g_string_free (out, FALSE);
}

static char *json_to_string_with_numbers (JsonNode *root,
                                          gboolean  pretty);

char *
cabine_json_to_string (JsonNode *root,
                       gboolean  pretty)
{
  g_return_val_if_fail (root != NULL, NULL);

  return escape_unit_separators (json_to_string_with_numbers (root, pretty));
}

static char *
json_to_string_with_numbers (JsonNode *root,
                             gboolean  pretty)
{
  g_autoptr(JsonNode) copy = NULL;
  g_autoptr(GPtrArray) numbers = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *nonce = NULL;
  g_autofree char *text = NULL;
  GString *out;
  const char *p;

  g_return_val_if_fail (root != NULL, NULL);

  copy = mutable_copy (root);
  nonce = g_strdup_printf ("%08x%08x", g_random_int (), g_random_int ());
  mark_doubles (copy, nonce, numbers);
  text = json_to_string (copy, pretty);
  if (numbers->len == 0)
    return g_steal_pointer (&text);

  /* Each placeholder was written as the JSON string "\u0002<nonce>:<index>\u0002". */
  out = g_string_sized_new (strlen (text));
  p = text;
  for (;;)
    {
      g_autofree char *prefix = g_strdup_printf ("\"\\u0002%s:", nonce);
      const char *hit = strstr (p, prefix);
      char *end = NULL;
      guint64 index;

      if (hit == NULL)
        break;
      g_string_append_len (out, p, hit - p);
      index = g_ascii_strtoull (hit + strlen (prefix), &end, 10);
      if (end == NULL || !g_str_has_prefix (end, "\\u0002\"") || index >= numbers->len)
        {
          /* Not one of ours (cannot happen: the nonce is fresh); keep the text. */
          g_string_append_len (out, hit, strlen (prefix));
          p = hit + strlen (prefix);
          continue;
        }
      g_string_append (out, g_ptr_array_index (numbers, index));
      p = end + strlen ("\\u0002\"");
    }
  g_string_append (out, p);
  return g_string_free (out, FALSE);
}

char *
cabine_protocol_serialize (JsonObject *msg)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  g_return_val_if_fail (msg != NULL, NULL);

  json_node_set_object (node, msg);
  return cabine_json_to_string (node, FALSE);
}

JsonObject *
cabine_protocol_new_message (const char *type,
                             const char *session_id)
{
  JsonObject *msg = json_object_new ();

  json_object_set_string_member (msg, "type", type);
  if (session_id != NULL)
    json_object_set_string_member (msg, "sessionId", session_id);
  return msg;
}

JsonObject *
cabine_protocol_new_error (const GError *error,
                           const char   *in_reply_to)
{
  JsonObject *msg = cabine_protocol_new_message ("error", NULL);
  const char *code = "bad-field";

  if (error->domain == CABINE_PROTOCOL_ERROR)
    code = cabine_protocol_error_to_code ((CabineProtocolError) error->code);
  json_object_set_string_member (msg, "code", code);
  json_object_set_string_member (msg, "message", error->message);
  if (in_reply_to != NULL)
    json_object_set_string_member (msg, "inReplyTo", in_reply_to);
  return msg;
}

/* @text (UTF-8) cut to at most @max_bytes, at a character boundary, ending with "…" when cut. */
static char *
utf8_cut (const char *text,
          gsize       max_bytes)
{
  static const char ellipsis[] = "…";
  g_autofree char *head = NULL;
  gsize keep;

  if (strlen (text) <= max_bytes)
    return g_strdup (text);
  g_return_val_if_fail (max_bytes >= sizeof ellipsis - 1, g_strdup (""));
  keep = max_bytes - (sizeof ellipsis - 1);
  /* back to the first byte of a character: continuation bytes are 10xxxxxx */
  while (keep > 0 && ((guchar) text[keep] & 0xC0) == 0x80)
    keep--;
  head = g_strndup (text, keep);
  return g_strconcat (head, ellipsis, NULL);
}

JsonObject *
cabine_protocol_new_signal_refused (const char *session_id,
                                    const char *in_reply_to,
                                    const char *reason,
                                    guint       attempt)
{
  JsonObject *msg;
  g_autofree char *valid = NULL;
  g_autofree char *cut = NULL;

  g_return_val_if_fail (session_id != NULL, NULL);
  g_return_val_if_fail (in_reply_to != NULL, NULL);
  g_return_val_if_fail (reason != NULL, NULL);

  valid = g_utf8_make_valid (reason, -1);
  cut = utf8_cut (valid, CABINE_PROTOCOL_MAX_REFUSAL_REASON);
  msg = cabine_protocol_new_message ("signal-refused", session_id);
  json_object_set_string_member (msg, "inReplyTo", in_reply_to);
  json_object_set_string_member (msg, "reason", cut);
  if (attempt > 0)
    json_object_set_int_member (msg, "attempt", attempt);
  return msg;
}

const char *
cabine_protocol_get_string (JsonObject  *msg,
                            const char  *field,
                            gboolean     required,
                            GError     **error)
{
  JsonNode *node = json_object_get_member (msg, field);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        g_set_error (error, CABINE_PROTOCOL_ERROR, CABINE_PROTOCOL_ERROR_MISSING_FIELD,
                     "missing field \"%s\"", field);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, CABINE_PROTOCOL_ERROR, CABINE_PROTOCOL_ERROR_BAD_FIELD,
                   "field \"%s\" must be a string", field);
      return NULL;
    }
  return json_node_get_string (node);
}

gboolean
cabine_protocol_get_int (JsonObject  *msg,
                         const char  *field,
                         gint64      *out_value,
                         GError     **error)
{
  JsonNode *node = json_object_get_member (msg, field);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      g_set_error (error, CABINE_PROTOCOL_ERROR, CABINE_PROTOCOL_ERROR_MISSING_FIELD,
                   "missing field \"%s\"", field);
      return FALSE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    {
      g_set_error (error, CABINE_PROTOCOL_ERROR, CABINE_PROTOCOL_ERROR_BAD_FIELD,
                   "field \"%s\" must be an integer", field);
      return FALSE;
    }
  *out_value = json_node_get_int (node);
  return TRUE;
}
