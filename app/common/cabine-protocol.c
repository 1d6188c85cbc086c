/* cabine-protocol.c: JSON messages shared by the kiosk, the hub and the console
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "cabine-protocol"

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
  /* json-glib keeps strings NUL-terminated: a "\u0000" escape would silently cut a token or a
   * name short ("demo\u0000x" read as "demo"). No message of ours needs one. */
  if (g_strstr_len (text, (gssize) length, "\\u0000") != NULL)
    {
      g_set_error_literal (error, CABINE_PROTOCOL_ERROR, CABINE_PROTOCOL_ERROR_BAD_JSON,
                           "message contains a NUL character (\\u0000), which is not allowed");
      return NULL;
    }

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

char *
cabine_protocol_serialize (JsonObject *msg)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  g_return_val_if_fail (msg != NULL, NULL);

  json_node_set_object (node, msg);
  return json_to_string (node, FALSE);
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
