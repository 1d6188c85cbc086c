/* cabine-fhir-bundle.c: a consultation record as a FHIR R4 Bundle
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "cabine-fhir"

#include <string.h>

#include "cabine-fhir-bundle.h"
#include "cabine-protocol.h"

G_DEFINE_QUARK (cabine-fhir-bundle-error-quark, cabine_fhir_bundle_error)

typedef struct {
  const char *record_id;
  JsonArray  *entries;
  char       *patient_ref;
  char       *encounter_ref;
  GHashTable *devices;  /* device key → "urn:uuid:…" */
} Ctx;

/* A UUID derived from the record id, a kind and a key: SHA-256, then RFC 4122 version 8 bits. */
static char *
derived_uuid (const char *record_id,
              const char *kind,
              const char *key)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 d[32];
  gsize len = sizeof d;

  g_checksum_update (sum, (const guchar *) record_id, -1);
  g_checksum_update (sum, (const guchar *) "\n", 1);
  g_checksum_update (sum, (const guchar *) kind, -1);
  g_checksum_update (sum, (const guchar *) "\n", 1);
  g_checksum_update (sum, (const guchar *) (key != NULL ? key : ""), -1);
  g_checksum_get_digest (sum, d, &len);
  d[6] = (guint8) ((d[6] & 0x0f) | 0x80);
  d[8] = (guint8) ((d[8] & 0x3f) | 0x80);
  return g_strdup_printf ("%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
                          d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7], d[8], d[9], d[10], d[11],
                          d[12], d[13], d[14], d[15]);
}

/* The string member @name, or %NULL when absent, null or not a string. */
static const char *
str (JsonObject *obj,
     const char *name)
{
  JsonNode *node = obj != NULL ? json_object_get_member (obj, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* The object member @name, or %NULL when absent or null; an error when of another type. */
static gboolean
obj_member (JsonObject  *obj,
            const char  *name,
            JsonObject **out,
            GError     **error)
{
  JsonNode *node = json_object_get_member (obj, name);

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, CABINE_FHIR_BUNDLE_ERROR, CABINE_FHIR_BUNDLE_ERROR_INVALID,
                   "record member \"%s\" is not an object", name);
      return FALSE;
    }
  *out = json_node_get_object (node);
  return TRUE;
}

static gboolean
array_member (JsonObject  *obj,
              const char  *name,
              JsonArray  **out,
              GError     **error)
{
  JsonNode *node = json_object_get_member (obj, name);

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, CABINE_FHIR_BUNDLE_ERROR, CABINE_FHIR_BUNDLE_ERROR_INVALID,
                   "record member \"%s\" is not an array", name);
      return FALSE;
    }
  *out = json_node_get_array (node);
  return TRUE;
}

static void
set_str (JsonObject *obj,
         const char *name,
         const char *value)
{
  if (value != NULL && *value != '\0')
    json_object_set_string_member (obj, name, value);
}

static JsonObject *
reference (const char *ref)
{
  JsonObject *r = json_object_new ();

  json_object_set_string_member (r, "reference", ref);
  return r;
}

static JsonObject *
coding (const char *system,
        const char *code,
        const char *display)
{
  JsonObject *c = json_object_new ();

  json_object_set_string_member (c, "system", system);
  json_object_set_string_member (c, "code", code);
  set_str (c, "display", display);
  return c;
}

static JsonObject *
concept (JsonObject *one_coding)
{
  JsonObject *c = json_object_new ();
  JsonArray *codings = json_array_new ();

  json_array_add_object_element (codings, one_coding);
  json_object_set_array_member (c, "coding", codings);
  return c;
}

/* Adds @resource (taken) to the Bundle as urn:uuid:@id; returns the reference (borrowed by none). */
static char *
add_entry (Ctx        *ctx,
           const char *id,
           JsonObject *resource)
{
  JsonObject *entry = json_object_new ();
  char *full_url = g_strconcat ("urn:uuid:", id, NULL);

  json_object_set_string_member (resource, "id", id);
  json_object_set_string_member (entry, "fullUrl", full_url);
  json_object_set_object_member (entry, "resource", resource);
  json_array_add_object_element (ctx->entries, entry);
  return full_url;
}

static void
add_patient (Ctx        *ctx,
             JsonObject *patient)
{
  g_autofree char *id = derived_uuid (ctx->record_id, "Patient", NULL);
  JsonObject *res = json_object_new ();
  const char *family = str (patient, "familyName");
  const char *given = str (patient, "givenName");
  const char *contact = str (patient, "contact");

  json_object_set_string_member (res, "resourceType", "Patient");
  if (family != NULL || given != NULL)
    {
      JsonArray *names = json_array_new ();
      JsonObject *name = json_object_new ();

      set_str (name, "family", family);
      if (given != NULL && *given != '\0')
        {
          JsonArray *givens = json_array_new ();
          json_array_add_string_element (givens, given);
          json_object_set_array_member (name, "given", givens);
        }
      json_array_add_object_element (names, name);
      json_object_set_array_member (res, "name", names);
    }
  set_str (res, "gender", str (patient, "sex"));
  set_str (res, "birthDate", str (patient, "birthDate"));
  if (contact != NULL && *contact != '\0')
    {
      JsonArray *telecom = json_array_new ();
      JsonObject *point = json_object_new ();

      json_object_set_string_member (point, "system", strchr (contact, '@') != NULL ? "email" : "phone");
      json_object_set_string_member (point, "value", contact);
      json_array_add_object_element (telecom, point);
      json_object_set_array_member (res, "telecom", telecom);
    }
  ctx->patient_ref = add_entry (ctx, id, res);
}

static void
add_encounter (Ctx        *ctx,
               JsonObject *record)
{
  g_autofree char *id = derived_uuid (ctx->record_id, "Encounter", NULL);
  JsonObject *res = json_object_new ();
  const char *start = str (record, "callStartedAt") != NULL ? str (record, "callStartedAt")
                                                             : str (record, "queuedAt");
  const char *hub = str (record, "hubSessionId");
  const char *reason = str (record, "reason");
  const char *end_reason = str (record, "endReason");
  const char *end_detail = str (record, "endDetail");

  /* FHIR code and string values must not be empty (R4 §2.1.0.1) */
  if (end_reason != NULL && *end_reason == '\0')
    end_reason = NULL;
  if (end_detail != NULL && *end_detail == '\0')
    end_detail = NULL;
  json_object_set_string_member (res, "resourceType", "Encounter");
  /* How the consultation ended (data/protocol.md, "Records"): an `interrupted` one (the kiosk
   * restarted mid-consultation) did not end normally, and nobody knows how it went: FHIR R4
   * Encounter.status "unknown" rather than "finished". */
  if (end_reason != NULL || end_detail != NULL)
    {
      JsonArray *extensions = json_array_new ();

      if (end_reason != NULL)
        {
          JsonObject *ext = json_object_new ();

          json_object_set_string_member (ext, "url", CABINE_FHIR_EXTENSION_END_REASON);
          json_object_set_string_member (ext, "valueCode", end_reason);
          json_array_add_object_element (extensions, ext);
        }
      if (end_detail != NULL)
        {
          JsonObject *ext = json_object_new ();

          json_object_set_string_member (ext, "url", CABINE_FHIR_EXTENSION_END_DETAIL);
          json_object_set_string_member (ext, "valueString", end_detail);
          json_array_add_object_element (extensions, ext);
        }
      json_object_set_array_member (res, "extension", extensions);
    }
  json_object_set_string_member (res, "status",
                                 g_strcmp0 (end_reason, "interrupted") == 0 ? "unknown"
                                 : str (record, "endedAt") != NULL ? "finished" : "in-progress");
  json_object_set_object_member (res, "class",
                                 coding ("http://terminology.hl7.org/CodeSystem/v3-ActCode", "VR",
                                         "virtual"));
  json_object_set_object_member (res, "subject", reference (ctx->patient_ref));
  if (hub != NULL)
    {
      JsonArray *ids = json_array_new ();
      JsonObject *ident = json_object_new ();

      json_object_set_string_member (ident, "system", CABINE_FHIR_SYSTEM_HUB_SESSION);
      json_object_set_string_member (ident, "value", hub);
      json_array_add_object_element (ids, ident);
      json_object_set_array_member (res, "identifier", ids);
    }
  if (start != NULL)
    {
      JsonObject *period = json_object_new ();

      json_object_set_string_member (period, "start", start);
      set_str (period, "end", str (record, "endedAt"));
      json_object_set_object_member (res, "period", period);
    }
  if (reason != NULL && *reason != '\0')
    {
      JsonArray *codes = json_array_new ();
      JsonObject *text = json_object_new ();

      json_object_set_string_member (text, "text", reason);
      json_array_add_object_element (codes, text);
      json_object_set_array_member (res, "reasonCode", codes);
    }
  ctx->encounter_ref = add_entry (ctx, id, res);
}

static void
add_identifier (JsonArray  *ids,
                const char *system,
                const char *value)
{
  JsonObject *ident;

  if (value == NULL || *value == '\0')
    return;
  ident = json_object_new ();
  json_object_set_string_member (ident, "system", system);
  json_object_set_string_member (ident, "value", value);
  json_array_add_object_element (ids, ident);
}

/* The Device of a reading's provenance, added on first use; returns its reference (borrowed). */
static const char *
device_for (Ctx        *ctx,
            JsonObject *prov)
{
  g_autofree char *key = g_strjoin ("\n", str (prov, "manufacturer") ?: "", str (prov, "model") ?: "",
                                    str (prov, "serial") ?: "", str (prov, "usb") ?: "",
                                    str (prov, "driver") ?: "", NULL);
  g_autofree char *id = NULL;
  const char *model = str (prov, "model");
  const char *firmware = str (prov, "firmware");
  JsonObject *res;
  JsonArray *ids;
  char *ref;

  if ((ref = g_hash_table_lookup (ctx->devices, key)) != NULL)
    return ref;
  id = derived_uuid (ctx->record_id, "Device", key);
  res = json_object_new ();
  json_object_set_string_member (res, "resourceType", "Device");
  ids = json_array_new ();
  add_identifier (ids, CABINE_FHIR_SYSTEM_DEVICE_SERIAL, str (prov, "serial"));
  add_identifier (ids, CABINE_FHIR_SYSTEM_USB_ID, str (prov, "usb"));
  if (json_array_get_length (ids) > 0)
    json_object_set_array_member (res, "identifier", ids);
  else
    json_array_unref (ids);
  json_object_set_string_member (res, "status", "active");
  set_str (res, "manufacturer", str (prov, "manufacturer"));
  set_str (res, "serialNumber", str (prov, "serial"));
  if (model != NULL && *model != '\0')
    {
      JsonArray *names = json_array_new ();
      JsonObject *name = json_object_new ();

      json_object_set_string_member (name, "name", model);
      json_object_set_string_member (name, "type", "model-name");
      json_array_add_object_element (names, name);
      json_object_set_array_member (res, "deviceName", names);
      json_object_set_string_member (res, "modelNumber", model);
    }
  if (firmware != NULL && *firmware != '\0')
    {
      JsonArray *versions = json_array_new ();
      JsonObject *version = json_object_new ();

      json_object_set_object_member (version, "type", concept (coding (
        "urn:iso:std:iso:11073:10101", "531975", "MDC_ID_PROD_SPEC_FW")));
      json_object_set_string_member (version, "value", firmware);
      json_array_add_object_element (versions, version);
      json_object_set_array_member (res, "version", versions);
    }
  ref = add_entry (ctx, id, res);
  g_hash_table_insert (ctx->devices, g_steal_pointer (&key), ref);
  return ref;
}

static void
copy_member (JsonObject  *from,
             const gchar *name,
             JsonNode    *node,
             gpointer     user_data)
{
  json_object_set_member (user_data, name, json_node_copy (node));
}

static gboolean
add_observation (Ctx         *ctx,
                 JsonObject  *obs,
                 GError     **error)
{
  JsonObject *resource = NULL;
  JsonObject *prov = NULL;
  JsonObject *copy;
  JsonObject *device;
  JsonNode *display;
  const char *id = str (obs, "id");
  char *ref;

  if (!obj_member (obs, "resource", &resource, error) || !obj_member (obs, "provenance", &prov, error))
    return FALSE;
  if (id == NULL || resource == NULL ||
      g_strcmp0 (str (resource, "resourceType"), "Observation") != 0)
    {
      g_set_error (error, CABINE_FHIR_BUNDLE_ERROR, CABINE_FHIR_BUNDLE_ERROR_INVALID,
                   "an observation of the record has no id or no Observation resource");
      return FALSE;
    }
  /* A new top-level object (members shared): the record's resource stays as it was. */
  copy = json_object_new ();
  json_object_foreach_member (resource, copy_member, copy);
  device = json_object_new ();
  json_object_set_string_member (device, "reference", device_for (ctx, prov));
  display = json_object_get_member (resource, "device");
  if (display != NULL && JSON_NODE_HOLDS_OBJECT (display))
    set_str (device, "display", str (json_node_get_object (display), "display"));
  json_object_set_object_member (copy, "device", device);
  json_object_set_object_member (copy, "subject", reference (ctx->patient_ref));
  json_object_set_object_member (copy, "encounter", reference (ctx->encounter_ref));
  ref = add_entry (ctx, id, copy);
  g_free (ref);
  return TRUE;
}

static void
add_consent (Ctx        *ctx,
             JsonObject *consent)
{
  g_autofree char *id = derived_uuid (ctx->record_id, "Consent", NULL);
  g_autofree char *policy_uri = g_strconcat ("urn:cabine:consent-text:",
                                             str (consent, "textVersion") ?: "unknown", NULL);
  JsonObject *res = json_object_new ();
  JsonArray *categories = json_array_new ();
  JsonArray *policies = json_array_new ();
  JsonObject *policy = json_object_new ();
  g_autofree char *ref = NULL;

  json_object_set_string_member (res, "resourceType", "Consent");
  json_object_set_string_member (res, "status", "active");
  json_object_set_object_member (res, "scope", concept (coding (
    "http://terminology.hl7.org/CodeSystem/consentscope", "patient-privacy", "Privacy Consent")));
  json_array_add_object_element (categories, concept (coding ("http://loinc.org", "59284-0",
                                                              "Patient Consent")));
  json_object_set_array_member (res, "category", categories);
  json_object_set_object_member (res, "patient", reference (ctx->patient_ref));
  set_str (res, "dateTime", str (consent, "givenAt"));
  json_object_set_string_member (policy, "uri", policy_uri);
  json_array_add_object_element (policies, policy);
  json_object_set_array_member (res, "policy", policies);
  if (str (consent, "language") != NULL)
    {
      JsonObject *attachment = json_object_new ();

      json_object_set_string_member (attachment, "language", str (consent, "language"));
      json_object_set_string_member (attachment, "title", policy_uri);
      json_object_set_object_member (res, "sourceAttachment", attachment);
    }
  ref = add_entry (ctx, id, res);
}

static gboolean
add_media (Ctx         *ctx,
           JsonObject  *snap,
           GError     **error)
{
  const char *id = str (snap, "id");
  const char *data = str (snap, "data");
  JsonObject *res;
  JsonObject *content;
  g_autofree char *ref = NULL;

  if (id == NULL || data == NULL || str (snap, "contentType") == NULL)
    {
      g_set_error (error, CABINE_FHIR_BUNDLE_ERROR, CABINE_FHIR_BUNDLE_ERROR_INVALID,
                   "a snapshot of the record lacks its id, data or contentType");
      return FALSE;
    }
  res = json_object_new ();
  json_object_set_string_member (res, "resourceType", "Media");
  json_object_set_string_member (res, "status", "completed");
  json_object_set_object_member (res, "type", concept (coding (
    "http://terminology.hl7.org/CodeSystem/media-type", "image", "Image")));
  json_object_set_object_member (res, "subject", reference (ctx->patient_ref));
  json_object_set_object_member (res, "encounter", reference (ctx->encounter_ref));
  set_str (res, "createdDateTime", str (snap, "takenAt"));
  set_str (res, "deviceName", str (snap, "source"));
  content = json_object_new ();
  json_object_set_string_member (content, "contentType", str (snap, "contentType"));
  json_object_set_string_member (content, "data", data);
  json_object_set_object_member (res, "content", content);
  ref = add_entry (ctx, id, res);
  return TRUE;
}

/* The physician's notes (record "notes", set by the hub): see the header for the choice of
 * ClinicalImpression. */
static gboolean
add_notes (Ctx         *ctx,
           JsonObject  *notes,
           GError     **error)
{
  g_autofree char *id = derived_uuid (ctx->record_id, "ClinicalImpression", NULL);
  g_autofree char *ref = NULL;
  JsonObject *res;

  if (str (notes, "text") == NULL)
    {
      g_set_error (error, CABINE_FHIR_BUNDLE_ERROR, CABINE_FHIR_BUNDLE_ERROR_INVALID,
                   "the record's \"notes\" has no string \"text\"");
      return FALSE;
    }
  if (*str (notes, "text") == '\0')
    return TRUE;                        /* notes cleared: FHIR strings may not be empty */
  res = json_object_new ();
  json_object_set_string_member (res, "resourceType", "ClinicalImpression");
  json_object_set_string_member (res, "status", "completed");
  json_object_set_object_member (res, "subject", reference (ctx->patient_ref));
  json_object_set_object_member (res, "encounter", reference (ctx->encounter_ref));
  set_str (res, "date", str (notes, "updatedAt"));
  if (str (notes, "author") != NULL)
    {
      JsonObject *assessor = json_object_new ();

      json_object_set_string_member (assessor, "display", str (notes, "author"));
      json_object_set_object_member (res, "assessor", assessor);
    }
  json_object_set_string_member (res, "summary", str (notes, "text"));
  ref = add_entry (ctx, id, res);
  return TRUE;
}

JsonObject *
cabine_fhir_bundle_from_record (JsonObject  *record,
                                GError     **error)
{
  Ctx ctx = { 0 };
  JsonObject *patient = NULL;
  JsonObject *consent = NULL;
  JsonArray *observations = NULL;
  JsonArray *snapshots = NULL;
  JsonObject *notes = NULL;
  g_autoptr(JsonObject) bundle = NULL;
  g_autofree char *bundle_id = NULL;
  gboolean ok = TRUE;

  g_return_val_if_fail (record != NULL, NULL);

  ctx.record_id = str (record, "recordId");
  if (ctx.record_id == NULL)
    {
      g_set_error (error, CABINE_FHIR_BUNDLE_ERROR, CABINE_FHIR_BUNDLE_ERROR_INVALID,
                   "the record has no string \"recordId\"");
      return NULL;
    }
  if (!obj_member (record, "patient", &patient, error) ||
      !obj_member (record, "consent", &consent, error) ||
      !array_member (record, "observations", &observations, error) ||
      !array_member (record, "snapshots", &snapshots, error) ||
      !obj_member (record, "notes", &notes, error))
    return NULL;

  ctx.entries = json_array_new ();
  ctx.devices = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  add_patient (&ctx, patient);
  add_encounter (&ctx, record);
  for (guint i = 0; ok && observations != NULL && i < json_array_get_length (observations); i++)
    {
      JsonNode *n = json_array_get_element (observations, i);

      if (!JSON_NODE_HOLDS_OBJECT (n))
        {
          g_set_error (error, CABINE_FHIR_BUNDLE_ERROR, CABINE_FHIR_BUNDLE_ERROR_INVALID,
                       "observation %u of the record is not an object", i);
          ok = FALSE;
        }
      else
        ok = add_observation (&ctx, json_node_get_object (n), error);
    }
  if (ok && consent != NULL)
    add_consent (&ctx, consent);
  for (guint i = 0; ok && snapshots != NULL && i < json_array_get_length (snapshots); i++)
    {
      JsonNode *n = json_array_get_element (snapshots, i);

      ok = JSON_NODE_HOLDS_OBJECT (n) && add_media (&ctx, json_node_get_object (n), error);
      if (!JSON_NODE_HOLDS_OBJECT (n))
        g_set_error (error, CABINE_FHIR_BUNDLE_ERROR, CABINE_FHIR_BUNDLE_ERROR_INVALID,
                     "snapshot %u of the record is not an object", i);
    }

  if (ok && notes != NULL)
    ok = add_notes (&ctx, notes, error);

  if (ok)
    {
      bundle = json_object_new ();
      bundle_id = derived_uuid (ctx.record_id, "Bundle", NULL);
      json_object_set_string_member (bundle, "resourceType", "Bundle");
      json_object_set_string_member (bundle, "id", bundle_id);
      json_object_set_string_member (bundle, "type", "collection");
      set_str (bundle, "timestamp", str (record, "endedAt"));
      json_object_set_array_member (bundle, "entry", g_steal_pointer (&ctx.entries));
    }
  g_clear_pointer (&ctx.entries, json_array_unref);
  g_hash_table_unref (ctx.devices);
  g_free (ctx.patient_ref);
  g_free (ctx.encounter_ref);
  return ok ? g_steal_pointer (&bundle) : NULL;
}

char *
cabine_fhir_bundle_from_record_text (const char  *record_json,
                                     GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local = NULL;
  g_autoptr(JsonObject) bundle = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonNode *root;

  g_return_val_if_fail (record_json != NULL, NULL);

  if (!cabine_json_check_text (record_json, strlen (record_json), CABINE_PROTOCOL_MAX_DEPTH, &local) ||
      !json_parser_load_from_data (parser, record_json, -1, &local) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, CABINE_FHIR_BUNDLE_ERROR, CABINE_FHIR_BUNDLE_ERROR_INVALID,
                   "the record is not a JSON object%s%s", local != NULL ? ": " : "",
                   local != NULL ? local->message : "");
      return NULL;
    }
  bundle = cabine_fhir_bundle_from_record (json_node_get_object (root), error);
  if (bundle == NULL)
    return NULL;
  node = json_node_init_object (json_node_alloc (), bundle);
  return cabine_json_to_string (node, TRUE);
}
