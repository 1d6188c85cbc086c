/* cabine-hub-records.c: the hub's session-record endpoints
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "cabine-hub-records"

#include <string.h>

#include <json-glib/json-glib.h>

#include "cabine-fhir-bundle.h"
#include "cabine-hub-records.h"
#include "cabine-protocol.h"

struct _CabineHubRecords
{
  GObject         parent_instance;
  CabineAccounts *accounts;
  CabineHubStore *store;
};

G_DEFINE_FINAL_TYPE (CabineHubRecords, cabine_hub_records, G_TYPE_OBJECT)

static void
cabine_hub_records_dispose (GObject *object)
{
  CabineHubRecords *self = CABINE_HUB_RECORDS (object);

  g_clear_object (&self->accounts);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (cabine_hub_records_parent_class)->dispose (object);
}

static void
cabine_hub_records_class_init (CabineHubRecordsClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = cabine_hub_records_dispose;
}

static void
cabine_hub_records_init (CabineHubRecords *self)
{
}

CabineHubRecords *
cabine_hub_records_new (CabineAccounts *accounts,
                        CabineHubStore *store)
{
  CabineHubRecords *self;

  g_return_val_if_fail (CABINE_IS_ACCOUNTS (accounts), NULL);
  g_return_val_if_fail (CABINE_IS_HUB_STORE (store), NULL);

  self = g_object_new (CABINE_TYPE_HUB_RECORDS, NULL);
  self->accounts = g_object_ref (accounts);
  self->store = g_object_ref (store);
  return self;
}

gboolean
cabine_hub_records_owns_path (const char *path)
{
  return g_str_equal (path, "/api/records") || g_str_has_prefix (path, "/api/records/");
}

goffset
cabine_hub_records_max_body (const char *path)
{
  if (g_str_equal (path, "/api/records"))
    return CABINE_HUB_RECORDS_MAX_BODY;
  if (g_str_has_prefix (path, "/api/records/") && g_str_has_suffix (path, "/notes"))
    return CABINE_HUB_RECORDS_MAX_NOTES_BODY;
  return 0;
}

static void
respond (SoupServerMessage *msg,
         guint              status,
         const char        *content_type,
         char              *body)
{
  SoupMessageHeaders *h = soup_server_message_get_response_headers (msg);

  soup_message_headers_replace (h, "Cache-Control", "no-store");
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, content_type, SOUP_MEMORY_TAKE, body, strlen (body));
}

static void
respond_error (SoupServerMessage *msg,
               guint              status,
               const char        *message)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "error");
  json_builder_add_string_value (b, message);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  respond (msg, status, "application/json", cabine_json_to_string (root, FALSE));
}

/* The token of "Authorization: Bearer <token>", or %NULL. */
static const char *
bearer (SoupServerMessage *msg)
{
  const char *auth = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                   "Authorization");

  if (auth == NULL || g_ascii_strncasecmp (auth, "Bearer ", 7) != 0 || auth[7] == '\0')
    return NULL;
  return auth + 7;
}

static gboolean
valid_id (const char *id)
{
  gsize len = strlen (id);

  if (len == 0 || len > 64)
    return FALSE;
  for (const char *p = id; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '.')
      return FALSE;
  return TRUE;
}

static const char *
string_member (JsonObject *obj,
               const char *name)
{
  JsonNode *node = json_object_get_member (obj, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static void
post_record (CabineHubRecords  *self,
             SoupServerMessage *msg)
{
  const char *kiosk = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                    "Cabine-Kiosk-Id");
  const char *token = bearer (msg);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *owner = NULL;
  g_autoptr(JsonObject) bundle = NULL;
  g_autoptr(JsonObject) record = NULL;
  g_autoptr(JsonBuilder) b = NULL;
  g_autoptr(JsonNode) reply = NULL;
  const char *record_id;
  const char *hub_session;
  gboolean created = FALSE;
  gsize length = 0;
  const char *data;

  if (kiosk == NULL || token == NULL)
    {
      respond_error (msg, SOUP_STATUS_UNAUTHORIZED,
                     "a Cabine-Kiosk-Id header and an Authorization: Bearer token are required");
      return;
    }
  if (!cabine_accounts_verify_kiosk (self->accounts, kiosk, token, NULL))
    {
      respond_error (msg, SOUP_STATUS_UNAUTHORIZED,
                     "the bearer token does not belong to the kiosk named in Cabine-Kiosk-Id");
      return;
    }
  bytes = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  data = g_bytes_get_data (bytes, &length);
  if (length > CABINE_HUB_RECORDS_MAX_BODY)
    {
      respond_error (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "record too large");
      return;
    }
  /* the shared parser refuses deep nesting before json-glib sees it (CABINE_PROTOCOL_MAX_DEPTH) */
  record = cabine_json_parse_object (data, length, CABINE_HUB_RECORDS_MAX_BODY, &error);
  if (record == NULL)
    {
      g_autofree char *why = g_strdup_printf ("the body is not a JSON object we accept: %s", error->message);

      respond_error (msg, SOUP_STATUS_BAD_REQUEST, why);
      return;
    }
  record_id = string_member (record, "recordId");
  hub_session = string_member (record, "hubSessionId");
  if (record_id == NULL || !valid_id (record_id))
    {
      respond_error (msg, SOUP_STATUS_BAD_REQUEST,
                     "\"recordId\" must be 1 to 64 letters, digits, '-' or '.'");
      return;
    }
  if (g_strcmp0 (string_member (record, "kioskId"), kiosk) != 0)
    {
      respond_error (msg, SOUP_STATUS_FORBIDDEN, "\"kioskId\" is not the authenticated kiosk");
      return;
    }
  if (hub_session != NULL &&
      cabine_hub_store_get_consultation (self->store, hub_session, &owner, NULL, NULL, NULL) &&
      !g_str_equal (owner, kiosk))
    {
      respond_error (msg, SOUP_STATUS_FORBIDDEN, "that consultation is another kiosk's");
      return;
    }
  bundle = cabine_fhir_bundle_from_record (record, &error);
  if (bundle == NULL)
    {
      respond_error (msg, SOUP_STATUS_BAD_REQUEST, error->message);
      return;
    }

  text = g_strndup (data, length);
  if (!cabine_hub_store_put_record (self->store, record_id, kiosk, hub_session, text, &created, &error))
    {
      gboolean conflict = g_error_matches (error, CABINE_HUB_STORE_ERROR,
                                           CABINE_HUB_STORE_ERROR_CONFLICT);

      g_warning ("record %s from kiosk %s not stored: %s", record_id, kiosk, error->message);
      respond_error (msg, conflict ? SOUP_STATUS_CONFLICT : SOUP_STATUS_INTERNAL_SERVER_ERROR,
                     conflict ? "that record id is another kiosk's" : "the record cannot be stored");
      return;
    }
  g_message ("record %s from kiosk %s %s", record_id, kiosk, created ? "stored" : "already stored");

  b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "recordId");
  json_builder_add_string_value (b, record_id);
  json_builder_set_member_name (b, "stored");
  json_builder_add_boolean_value (b, created);
  json_builder_end_object (b);
  reply = json_builder_get_root (b);
  respond (msg, created ? SOUP_STATUS_CREATED : SOUP_STATUS_OK, "application/json",
           cabine_json_to_string (reply, FALSE));
}

/* A physician's login token, or a 401 that says why (none, unknown, expired). */
static gboolean
authenticate (CabineHubRecords   *self,
              SoupServerMessage  *msg,
              const char        **out_username,
              const char        **out_display_name)
{
  const char *token = bearer (msg);
  g_autoptr(GError) error = NULL;

  if (token == NULL)
    {
      respond_error (msg, SOUP_STATUS_UNAUTHORIZED, "a physician's login token is required");
      return FALSE;
    }
  if (!cabine_accounts_lookup_token (self->accounts, token, out_username, out_display_name, &error))
    {
      respond_error (msg, SOUP_STATUS_UNAUTHORIZED, error->message);
      return FALSE;
    }
  return TRUE;
}

/* @record_text with its "notes" member set from the store ({"text", "author", "updatedAt"}, or
 * null when there are none), or %NULL when @record_text is not a JSON object. */
static char *
with_notes (CabineHubRecords *self,
            const char       *record_text,
            const char       *hub_session,
            const char       *author)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *updated_at = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;
  JsonObject *record;

  /* stored records were checked on the way in; the check is cheap and keeps this path safe too */
  if (!cabine_json_check_text (record_text, strlen (record_text), CABINE_PROTOCOL_MAX_DEPTH, NULL) ||
      !json_parser_load_from_data (parser, record_text, -1, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  record = json_node_get_object (root);
  if (cabine_hub_store_get_notes (self->store, hub_session, &text, NULL, &updated_at, &error))
    {
      JsonObject *notes = json_object_new ();

      json_object_set_string_member (notes, "text", text);
      json_object_set_string_member (notes, "author", author);
      json_object_set_string_member (notes, "updatedAt", updated_at);
      json_object_set_object_member (record, "notes", notes);
    }
  else
    {
      if (!g_error_matches (error, CABINE_HUB_STORE_ERROR, CABINE_HUB_STORE_ERROR_NOT_FOUND))
        g_warning ("cannot read the notes of %s: %s", hub_session, error->message);
      json_object_set_null_member (record, "notes");
    }
  return cabine_json_to_string (root, FALSE);
}

static void
put_notes (CabineHubRecords  *self,
           SoupServerMessage *msg,
           const char        *id)
{
  const char *username = NULL;
  g_autofree char *physician = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) b = NULL;
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autofree char *updated_at = NULL;
  g_autofree char *stored = NULL;
  const char *text;
  const char *data;
  gsize length = 0;

  if (!authenticate (self, msg, &username, NULL))
    return;
  /* Only the physician who accepted the consultation; anyone else learns nothing of it. */
  if (!valid_id (id) ||
      !cabine_hub_store_get_consultation (self->store, id, NULL, &physician, NULL, NULL) ||
      !g_str_equal (physician, username))
    {
      respond_error (msg, SOUP_STATUS_NOT_FOUND, "no such consultation for this physician");
      return;
    }
  bytes = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  data = g_bytes_get_data (bytes, &length);
  if (length > CABINE_HUB_RECORDS_MAX_NOTES_BODY)
    {
      respond_error (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "notes too large");
      return;
    }
  body = cabine_json_parse_object (data, length, CABINE_HUB_RECORDS_MAX_NOTES_BODY, &error);
  if (body == NULL)
    {
      g_autofree char *why = g_strdup_printf ("the body is not a JSON object we accept: %s", error->message);

      respond_error (msg, SOUP_STATUS_BAD_REQUEST, why);
      return;
    }
  text = string_member (body, "text");
  if (text == NULL)
    {
      respond_error (msg, SOUP_STATUS_BAD_REQUEST, "\"text\" must be a string");
      return;
    }
  if (strlen (text) > CABINE_HUB_RECORDS_MAX_NOTES)
    {
      respond_error (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "notes are limited to 64 KiB");
      return;
    }
  if (!cabine_hub_store_put_notes (self->store, id, username, text, &error) ||
      !cabine_hub_store_get_notes (self->store, id, &stored, NULL, &updated_at, &error))
    {
      g_warning ("notes of %s not stored: %s", id, error->message);
      respond_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "the notes cannot be stored");
      return;
    }
  g_message ("notes of consultation %s saved by %s (%zu bytes)", id, username, strlen (text));
  b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "sessionId");
  json_builder_add_string_value (b, id);
  json_builder_set_member_name (b, "updatedAt");
  json_builder_add_string_value (b, updated_at);
  json_builder_set_member_name (b, "length");
  json_builder_add_int_value (b, (gint64) strlen (stored));
  json_builder_end_object (b);
  reply = json_builder_get_root (b);
  respond (msg, SOUP_STATUS_OK, "application/json", cabine_json_to_string (reply, FALSE));
}

static void
get_record (CabineHubRecords  *self,
            SoupServerMessage *msg,
            const char        *id,
            gboolean           fhir)
{
  const char *username = NULL;
  const char *display_name = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *record = NULL;
  g_autofree char *hub_session = NULL;
  g_autofree char *physician = NULL;

  if (!authenticate (self, msg, &username, &display_name))
    return;
  /* Unknown, or not this physician's: the same answer, so ids cannot be probed. */
  if (!valid_id (id) ||
      !cabine_hub_store_get_record (self->store, id, &record, &hub_session, &error) ||
      hub_session == NULL ||
      !cabine_hub_store_get_consultation (self->store, hub_session, NULL, &physician, NULL, NULL) ||
      !g_str_equal (physician, username))
    {
      if (error != NULL && !g_error_matches (error, CABINE_HUB_STORE_ERROR,
                                             CABINE_HUB_STORE_ERROR_NOT_FOUND))
        g_warning ("cannot read record %s: %s", id, error->message);
      respond_error (msg, SOUP_STATUS_NOT_FOUND, "no such record for this physician");
      return;
    }
  {
    /* The physician's notes live beside the record (they may be written before it arrives). */
    g_autofree char *merged = with_notes (self, record, hub_session, display_name);

    if (merged != NULL)
      {
        g_free (record);
        record = g_steal_pointer (&merged);
      }
  }
  if (!fhir)
    {
      respond (msg, SOUP_STATUS_OK, "application/json", g_steal_pointer (&record));
      return;
    }
  {
    g_autofree char *bundle = cabine_fhir_bundle_from_record_text (record, &error);
    g_autofree char *disposition = NULL;

    if (bundle == NULL)
      {
        g_warning ("record %s cannot be exported: %s", id, error->message);
        respond_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "the record cannot be exported");
        return;
      }
    disposition = g_strdup_printf ("attachment; filename=\"cabine-%s.fhir.json\"", id);
    soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                  "Content-Disposition", disposition);
    respond (msg, SOUP_STATUS_OK, "application/fhir+json", g_steal_pointer (&bundle));
  }
}

void
cabine_hub_records_handle (CabineHubRecords  *self,
                           SoupServerMessage *msg,
                           const char        *path)
{
  const char *method = soup_server_message_get_method (msg);
  g_auto(GStrv) parts = NULL;
  guint n;

  g_return_if_fail (CABINE_IS_HUB_RECORDS (self));

  if (g_str_equal (path, "/api/records"))
    {
      if (method == SOUP_METHOD_POST)
        post_record (self, msg);
      else
        respond_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "use POST");
      return;
    }
  /* /api/records/{id}, /api/records/{id}/fhir or /api/records/{sessionId}/notes */
  parts = g_strsplit (path + strlen ("/api/records/"), "/", -1);
  n = g_strv_length (parts);
  if (n == 0 || n > 2 || (n == 2 && !g_str_equal (parts[1], "fhir") && !g_str_equal (parts[1], "notes")))
    {
      respond_error (msg, SOUP_STATUS_NOT_FOUND, "not found");
      return;
    }
  if (n == 2 && g_str_equal (parts[1], "notes"))
    {
      if (method == SOUP_METHOD_PUT)
        put_notes (self, msg, parts[0]);
      else
        respond_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "use PUT");
      return;
    }
  if (method != SOUP_METHOD_GET && method != SOUP_METHOD_HEAD)
    {
      respond_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "use GET");
      return;
    }
  get_record (self, msg, parts[0], n == 2);
}
