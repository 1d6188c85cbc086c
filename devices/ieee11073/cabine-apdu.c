/* cabine-apdu.c: IEEE 11073-20601 APDU codec
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "cabine-apdu"

#include "cabine-apdu.h"

#define U8(r, what, out)  if (!cabine_mder_reader_u8 ((r), (what), (out), error)) return FALSE
#define U16(r, what, out) if (!cabine_mder_reader_u16 ((r), (what), (out), error)) return FALSE
#define U32(r, what, out) if (!cabine_mder_reader_u32 ((r), (what), (out), error)) return FALSE

static void
config_object_free (gpointer p)
{
  CabineConfigObject *o = p;

  g_clear_pointer (&o->attributes, g_array_unref);
  g_free (o);
}

static void
observation_clear (gpointer p)
{
  CabineObservation *o = p;

  g_clear_pointer (&o->attributes, g_array_unref);
}

void
cabine_apdu_free (CabineApdu *apdu)
{
  if (apdu == NULL)
    return;
  g_clear_pointer (&apdu->raw, g_bytes_unref);
  g_clear_pointer (&apdu->system_id, g_bytes_unref);
  g_clear_pointer (&apdu->config_objects, g_ptr_array_unref);
  g_clear_pointer (&apdu->observations, g_array_unref);
  g_clear_pointer (&apdu->attributes, g_array_unref);
  g_free (apdu);
}

const CabineAva *
cabine_apdu_find_ava (GArray *attributes, guint16 id)
{
  if (attributes == NULL)
    return NULL;
  for (guint i = 0; i < attributes->len; i++)
    if (g_array_index (attributes, CabineAva, i).id == id)
      return &g_array_index (attributes, CabineAva, i);
  return NULL;
}

static gboolean
bad (GError **error, CabineMderError code, gsize offset, const char *fmt, ...) G_GNUC_PRINTF (4, 5);

static gboolean
bad (GError **error, CabineMderError code, gsize offset, const char *fmt, ...)
{
  va_list ap;
  g_autofree char *msg = NULL;

  va_start (ap, fmt);
  msg = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  g_set_error (error, CABINE_MDER_ERROR, code, "offset %" G_GSIZE_FORMAT ": %s", offset, msg);
  return FALSE;
}

/* `length u16` then exactly that many bytes: a nested reader over them. */
static gboolean
read_sized (CabineMderReader *r, const char *what, CabineMderReader *sub, GError **error)
{
  guint16 len;

  U16 (r, what, &len);
  return cabine_mder_reader_sub (r, len, what, sub, error);
}

/* `count u16, length u16` then `count` elements filling exactly `length` bytes (A.3, SEQUENCE OF). */
static gboolean
read_list_header (CabineMderReader *r, const char *what, guint16 *count,
                  CabineMderReader *sub, GError **error)
{
  U16 (r, what, count);
  return read_sized (r, what, sub, error);
}

/* AttributeList (A.11.2): count, length, AVA-Type { attribute-id, attribute-value (length + bytes) } */
static gboolean
read_attribute_list (CabineMderReader *r, const char *what, GArray **out, GError **error)
{
  CabineMderReader list;
  guint16 count;
  g_autoptr(GArray) avas = g_array_new (FALSE, TRUE, sizeof (CabineAva));

  if (!read_list_header (r, what, &count, &list, error))
    return FALSE;
  for (guint i = 0; i < count; i++)
    {
      CabineAva ava = { 0 };

      U16 (&list, "attribute-id", &ava.id);
      U16 (&list, "attribute-value length", &ava.len);
      ava.offset = cabine_mder_reader_offset (&list);
      if (!cabine_mder_reader_bytes (&list, ava.len, "attribute-value", &ava.value, error))
        return FALSE;
      g_array_append_val (avas, ava);
    }
  if (!cabine_mder_reader_expect_end (&list, what, error))
    return FALSE;
  *out = g_steal_pointer (&avas);
  return TRUE;
}

/* PhdAssociationInformation (A.8) */
static gboolean
read_phd_assoc_info (CabineMderReader *r, CabineApdu *apdu, GError **error)
{
  guint16 len, count;
  const guint8 *id;
  CabineMderReader opts;

  U32 (r, "protocol-version", &apdu->protocol_version);
  U16 (r, "encoding-rules", &apdu->encoding_rules);
  U32 (r, "nomenclature-version", &apdu->nomenclature_version);
  U32 (r, "functional-units", &apdu->functional_units);
  U32 (r, "system-type", &apdu->system_type);
  U16 (r, "system-id length", &len);
  if (!cabine_mder_reader_bytes (r, len, "system-id", &id, error))
    return FALSE;
  apdu->system_id = g_bytes_new (id, len);
  U16 (r, "dev-config-id", &apdu->dev_config_id);
  U16 (r, "data-req-mode-flags", &apdu->data_req_mode_flags);
  {
    guint8 agent_count, manager_count;
    U8 (r, "data-req-init-agent-count", &agent_count);
    U8 (r, "data-req-init-manager-count", &manager_count);
  }
  if (!read_list_header (r, "option-list", &count, &opts, error))
    return FALSE;
  for (guint i = 0; i < count; i++)
    {
      guint16 attr, vlen;
      const guint8 *v;
      U16 (&opts, "option attribute-id", &attr);
      U16 (&opts, "option length", &vlen);
      if (!cabine_mder_reader_bytes (&opts, vlen, "option value", &v, error))
        return FALSE;
    }
  if (!cabine_mder_reader_expect_end (&opts, "option-list", error))
    return FALSE;
  return cabine_mder_reader_expect_end (r, "PhdAssociationInformation", error);
}

static gboolean
decode_aarq (CabineMderReader *r, CabineApdu *apdu, GError **error)
{
  CabineMderReader list;
  guint16 count;

  U32 (r, "assoc-version", &apdu->assoc_version);
  if (!read_list_header (r, "data-proto-list", &count, &list, error))
    return FALSE;
  for (guint i = 0; i < count; i++)
    {
      guint16 proto;
      CabineMderReader info;

      U16 (&list, "data-proto-id", &proto);
      if (!read_sized (&list, "data-proto-info", &info, error))
        return FALSE;
      if (proto == CABINE_DATA_PROTO_ID_20601 && !apdu->has_20601)
        {
          apdu->has_20601 = TRUE;
          apdu->data_proto_id = proto;
          if (!read_phd_assoc_info (&info, apdu, error))
            return FALSE;
        }
    }
  return cabine_mder_reader_expect_end (&list, "data-proto-list", error);
}

static gboolean
decode_aare (CabineMderReader *r, CabineApdu *apdu, GError **error)
{
  CabineMderReader info;

  U16 (r, "result", &apdu->result);
  U16 (r, "data-proto-id", &apdu->data_proto_id);
  if (!read_sized (r, "data-proto-info", &info, error))
    return FALSE;
  if (apdu->data_proto_id == CABINE_DATA_PROTO_ID_20601)
    return read_phd_assoc_info (&info, apdu, error);
  if (cabine_mder_reader_remaining (&info) != 0)
    return bad (error, CABINE_MDER_ERROR_UNSUPPORTED, cabine_mder_reader_offset (&info),
                "AARE selects data-proto-id %u, not 20601, with %" G_GSIZE_FORMAT " bytes of info",
                apdu->data_proto_id, cabine_mder_reader_remaining (&info));
  return TRUE;
}

/* ConfigReport (A.10.4) */
static gboolean
decode_config_report (CabineMderReader *r, CabineApdu *apdu, GError **error)
{
  CabineMderReader list;
  guint16 count;

  U16 (r, "config-report-id", &apdu->config_report_id);
  if (!read_list_header (r, "config-obj-list", &count, &list, error))
    return FALSE;
  apdu->config_objects = g_ptr_array_new_with_free_func (config_object_free);
  for (guint i = 0; i < count; i++)
    {
      CabineConfigObject *o = g_new0 (CabineConfigObject, 1);

      g_ptr_array_add (apdu->config_objects, o);
      U16 (&list, "obj-class", &o->obj_class);
      U16 (&list, "obj-handle", &o->handle);
      if (!read_attribute_list (&list, "ConfigObject attributes", &o->attributes, error))
        return FALSE;
    }
  return cabine_mder_reader_expect_end (&list, "config-obj-list", error);
}

/* ObservationScanFixed list (A.10.5): obj-handle, observed-value (length + bytes) */
static gboolean
decode_obs_fixed (CabineMderReader *r, guint16 person_id, CabineApdu *apdu, GError **error)
{
  CabineMderReader list;
  guint16 count;

  if (!read_list_header (r, "obs-scan-fixed", &count, &list, error))
    return FALSE;
  for (guint i = 0; i < count; i++)
    {
      CabineObservation o = { .person_id = person_id };

      U16 (&list, "obj-handle", &o.handle);
      U16 (&list, "observed-value length", &o.len);
      o.offset = cabine_mder_reader_offset (&list);
      if (!cabine_mder_reader_bytes (&list, o.len, "observed-value", &o.value, error))
        return FALSE;
      g_array_append_val (apdu->observations, o);
    }
  return cabine_mder_reader_expect_end (&list, "obs-scan-fixed", error);
}

/* ObservationScan list (A.10.5, variable format): obj-handle, AttributeList */
static gboolean
decode_obs_var (CabineMderReader *r, guint16 person_id, CabineApdu *apdu, GError **error)
{
  CabineMderReader list;
  guint16 count;

  if (!read_list_header (r, "obs-scan-var", &count, &list, error))
    return FALSE;
  for (guint i = 0; i < count; i++)
    {
      CabineObservation o = { .person_id = person_id };

      U16 (&list, "obj-handle", &o.handle);
      o.offset = cabine_mder_reader_offset (&list);
      /* appended first so that the array owns the attribute list even on a later error */
      g_array_append_val (apdu->observations, o);
      if (!read_attribute_list (&list, "ObservationScan attributes",
                                &g_array_index (apdu->observations, CabineObservation,
                                                apdu->observations->len - 1).attributes, error))
        return FALSE;
    }
  return cabine_mder_reader_expect_end (&list, "obs-scan-var", error);
}

CabineScanFormat
cabine_apdu_scan_format (guint16 event_type, gboolean *multi_person)
{
  CabineScanFormat format = CABINE_SCAN_FORMAT_NONE;
  gboolean mp = FALSE;

  switch (event_type)
    {
    case CABINE_MDC_NOTI_SCAN_REPORT_MP_FIXED:
    case CABINE_MDC_NOTI_UNBUF_SCAN_REPORT_MP_FIXED:
    case CABINE_MDC_NOTI_BUF_SCAN_REPORT_MP_FIXED:
      mp = TRUE;
      G_GNUC_FALLTHROUGH;
    case CABINE_MDC_NOTI_SCAN_REPORT_FIXED:
    case CABINE_MDC_NOTI_UNBUF_SCAN_REPORT_FIXED:
    case CABINE_MDC_NOTI_BUF_SCAN_REPORT_FIXED:
      format = CABINE_SCAN_FORMAT_FIXED;
      break;
    case CABINE_MDC_NOTI_SCAN_REPORT_MP_VAR:
    case CABINE_MDC_NOTI_UNBUF_SCAN_REPORT_MP_VAR:
    case CABINE_MDC_NOTI_BUF_SCAN_REPORT_MP_VAR:
      mp = TRUE;
      G_GNUC_FALLTHROUGH;
    case CABINE_MDC_NOTI_SCAN_REPORT_VAR:
    case CABINE_MDC_NOTI_UNBUF_SCAN_REPORT_VAR:
    case CABINE_MDC_NOTI_BUF_SCAN_REPORT_VAR:
      format = CABINE_SCAN_FORMAT_VAR;
      break;
    case CABINE_MDC_NOTI_UNBUF_SCAN_REPORT_MP_GROUPED:
    case CABINE_MDC_NOTI_BUF_SCAN_REPORT_MP_GROUPED:
      mp = TRUE;
      G_GNUC_FALLTHROUGH;
    case CABINE_MDC_NOTI_UNBUF_SCAN_REPORT_GROUPED:
    case CABINE_MDC_NOTI_BUF_SCAN_REPORT_GROUPED:
      format = CABINE_SCAN_FORMAT_GROUPED;
      break;
    default:
      break;
    }
  if (multi_person != NULL)
    *multi_person = mp;
  return format;
}

/* ObservationScanGrouped (an OCTET STRING) of a scanner whose obj-handle is apdu->obj_handle */
static gboolean
decode_obs_grouped (CabineMderReader *r, guint16 person_id, CabineApdu *apdu, GError **error)
{
  CabineObservation o = { .handle = apdu->obj_handle, .person_id = person_id };

  U16 (r, "ObservationScanGrouped length", &o.len);
  o.offset = cabine_mder_reader_offset (r);
  if (!cabine_mder_reader_bytes (r, o.len, "ObservationScanGrouped", &o.value, error))
    return FALSE;
  g_array_append_val (apdu->observations, o);
  return TRUE;
}

static gboolean
decode_obs (CabineMderReader *r, guint16 person_id, CabineApdu *apdu, GError **error)
{
  switch (apdu->scan_format)
    {
    case CABINE_SCAN_FORMAT_FIXED:
      return decode_obs_fixed (r, person_id, apdu, error);
    case CABINE_SCAN_FORMAT_VAR:
      return decode_obs_var (r, person_id, apdu, error);
    case CABINE_SCAN_FORMAT_GROUPED:
    case CABINE_SCAN_FORMAT_NONE:
    default:
      {
        /* SEQUENCE OF ObservationScanGrouped (ScanReportInfoGrouped, Annex A) */
        CabineMderReader list;
        guint16 count;

        if (!read_list_header (r, "obs-scan-grouped", &count, &list, error))
          return FALSE;
        for (guint i = 0; i < count; i++)
          if (!decode_obs_grouped (&list, person_id, apdu, error))
            return FALSE;
        return cabine_mder_reader_expect_end (&list, "obs-scan-grouped", error);
      }
    }
}

static gboolean
decode_event_info (CabineMderReader *info, CabineApdu *apdu, GError **error)
{
  if (apdu->event_type == CABINE_MDC_NOTI_CONFIG)
    {
      if (!decode_config_report (info, apdu, error))
        return FALSE;
      return cabine_mder_reader_expect_end (info, "event-info", error);
    }

  apdu->scan_format = cabine_apdu_scan_format (apdu->event_type, &apdu->multi_person);
  if (apdu->scan_format == CABINE_SCAN_FORMAT_NONE)
    return bad (error, CABINE_MDER_ERROR_UNSUPPORTED, cabine_mder_reader_offset (info),
                "event-type 0x%04X is not decoded", apdu->event_type);

  apdu->observations = g_array_new (FALSE, TRUE, sizeof (CabineObservation));
  g_array_set_clear_func (apdu->observations, observation_clear);
  U16 (info, "data-req-id", &apdu->data_req_id);
  U16 (info, "scan-report-no", &apdu->scan_report_no);
  if (!apdu->multi_person)
    {
      if (!decode_obs (info, 0xFFFF, apdu, error))
        return FALSE;
    }
  else
    {
      /* ScanReportInfoMPFixed / MPVar / MPGrouped: data-req-id, scan-report-no, a list of
       * { person-id, obs-scan-fixed | obs-scan-var | obs-scan-grouped } */
      const char *what = apdu->scan_format == CABINE_SCAN_FORMAT_FIXED ? "scan-per-fixed"
                         : apdu->scan_format == CABINE_SCAN_FORMAT_VAR ? "scan-per-var"
                                                                      : "scan-per-grouped";
      CabineMderReader list;
      guint16 count;

      if (!read_list_header (info, what, &count, &list, error))
        return FALSE;
      for (guint i = 0; i < count; i++)
        {
          guint16 person;

          U16 (&list, "person-id", &person);
          if (apdu->scan_format == CABINE_SCAN_FORMAT_GROUPED
              ? !decode_obs_grouped (&list, person, apdu, error)
              : !decode_obs (&list, person, apdu, error))
            return FALSE;
        }
      if (!cabine_mder_reader_expect_end (&list, what, error))
        return FALSE;
    }
  return cabine_mder_reader_expect_end (info, "event-info", error);
}

static gboolean
decode_data_apdu (CabineMderReader *r, CabineApdu *apdu, GError **error)
{
  CabineMderReader body, info;
  gsize choice_offset;

  U16 (r, "invoke-id", &apdu->invoke_id);
  choice_offset = cabine_mder_reader_offset (r);
  U16 (r, "DATA-apdu choice", &apdu->data_choice);
  if (!read_sized (r, "DATA-apdu message", &body, error))
    return FALSE;
  if (!cabine_mder_reader_expect_end (r, "DATA-apdu", error))
    return FALSE;

  switch (apdu->data_choice)
    {
    case CABINE_DATA_ROIV_EVENT_REPORT:
    case CABINE_DATA_ROIV_CONFIRMED_EVENT_REPORT:
      U16 (&body, "obj-handle", &apdu->obj_handle);
      U32 (&body, "event-time", &apdu->event_time);
      U16 (&body, "event-type", &apdu->event_type);
      if (!read_sized (&body, "event-info", &info, error) || !decode_event_info (&info, apdu, error))
        return FALSE;
      break;
    case CABINE_DATA_RORS_CONFIRMED_EVENT_REPORT:
      U16 (&body, "obj-handle", &apdu->obj_handle);
      U32 (&body, "currentTime", &apdu->event_time);
      U16 (&body, "event-type", &apdu->event_type);
      if (!read_sized (&body, "event-reply-info", &info, error))
        return FALSE;
      if (apdu->event_type == CABINE_MDC_NOTI_CONFIG)
        {
          U16 (&info, "config-report-id", &apdu->config_report_id);
          U16 (&info, "config-result", &apdu->config_result);
        }
      if (!cabine_mder_reader_expect_end (&info, "event-reply-info", error))
        return FALSE;
      break;
    case CABINE_DATA_ROIV_GET:
      {
        CabineMderReader ids;
        guint16 count, id;

        U16 (&body, "obj-handle", &apdu->obj_handle);
        if (!read_list_header (&body, "attribute-id-list", &count, &ids, error))
          return FALSE;
        for (guint i = 0; i < count; i++)
          U16 (&ids, "attribute-id", &id);
        if (!cabine_mder_reader_expect_end (&ids, "attribute-id-list", error))
          return FALSE;
      }
      break;
    case CABINE_DATA_RORS_GET:
      U16 (&body, "obj-handle", &apdu->obj_handle);
      if (!read_attribute_list (&body, "attribute-list", &apdu->attributes, error))
        return FALSE;
      break;
    case CABINE_DATA_ROER:
      U16 (&body, "error-value", &apdu->error_value);
      if (!read_sized (&body, "parameter", &info, error))
        return FALSE;
      break;
    case CABINE_DATA_RORJ:
      U16 (&body, "problem", &apdu->error_value);
      break;
    default:
      return bad (error, CABINE_MDER_ERROR_BAD_VALUE, choice_offset,
                  "unknown DATA-apdu choice 0x%04X", apdu->data_choice);
    }
  return cabine_mder_reader_expect_end (&body, "DATA-apdu message", error);
}

CabineApdu *
cabine_apdu_decode (const guint8 *data, gsize len, GError **error)
{
  g_autoptr(CabineApdu) apdu = g_new0 (CabineApdu, 1);
  CabineMderReader r, body;
  guint16 length;
  gboolean ok = FALSE;

  apdu->raw = g_bytes_new (data, len);
  /* read from our own copy: pointers in the result stay valid as long as the APDU lives */
  cabine_mder_reader_init (&r, g_bytes_get_data (apdu->raw, NULL), len, 0);
  if (!cabine_mder_reader_u16 (&r, "APDU choice", &apdu->choice, error) ||
      !cabine_mder_reader_u16 (&r, "APDU length", &length, error))
    return NULL;
  if (length != cabine_mder_reader_remaining (&r))
    {
      bad (error, cabine_mder_reader_remaining (&r) < length ? CABINE_MDER_ERROR_TRUNCATED
                                                             : CABINE_MDER_ERROR_BAD_LENGTH,
           2, "APDU length %u but %" G_GSIZE_FORMAT " bytes follow", length,
           cabine_mder_reader_remaining (&r));
      return NULL;
    }
  body = r;

  switch (apdu->choice)
    {
    case CABINE_APDU_AARQ:
      ok = decode_aarq (&body, apdu, error);
      break;
    case CABINE_APDU_AARE:
      ok = decode_aare (&body, apdu, error);
      break;
    case CABINE_APDU_RLRQ:
    case CABINE_APDU_RLRE:
    case CABINE_APDU_ABRT:
      ok = cabine_mder_reader_u16 (&body, "reason", &apdu->reason, error);
      break;
    case CABINE_APDU_PRST:
      {
        CabineMderReader prst;
        ok = read_sized (&body, "PRST octet string", &prst, error) &&
             decode_data_apdu (&prst, apdu, error);
      }
      break;
    default:
      bad (error, CABINE_MDER_ERROR_BAD_VALUE, 0, "unknown APDU choice 0x%04X", apdu->choice);
      return NULL;
    }
  if (!ok || !cabine_mder_reader_expect_end (&body, "APDU", error))
    return NULL;
  return g_steal_pointer (&apdu);
}

/* ---- encoders ---- */

static GByteArray *
start (guint16 choice)
{
  GByteArray *b = g_byte_array_new ();

  cabine_mder_put_u16 (b, choice);
  cabine_mder_put_u16 (b, 0);  /* patched by finish() */
  return b;
}

static GBytes *
finish (GByteArray *b)
{
  cabine_mder_patch_u16 (b, 2, (guint16) (b->len - 4));
  return g_byte_array_free_to_bytes (b);
}

static void
put_assoc_info (GByteArray *b, guint16 encoding, guint32 units, guint32 sys_type,
                const guint8 *system_id, guint16 dev_config_id, guint16 req_flags,
                guint8 agent_count)
{
  gsize len_at;

  cabine_mder_put_u16 (b, CABINE_DATA_PROTO_ID_20601);
  len_at = b->len;
  cabine_mder_put_u16 (b, 0);
  cabine_mder_put_u32 (b, CABINE_PROTOCOL_VERSION1);
  cabine_mder_put_u16 (b, encoding);
  cabine_mder_put_u32 (b, CABINE_NOMENCLATURE_VERSION1);
  cabine_mder_put_u32 (b, units);
  cabine_mder_put_u32 (b, sys_type);
  cabine_mder_put_u16 (b, 8);
  g_byte_array_append (b, system_id, 8);
  cabine_mder_put_u16 (b, dev_config_id);
  cabine_mder_put_u16 (b, req_flags);
  cabine_mder_put_u8 (b, agent_count);
  cabine_mder_put_u8 (b, 0);
  cabine_mder_put_u16 (b, 0);  /* option-list count */
  cabine_mder_put_u16 (b, 0);  /* option-list length */
  cabine_mder_patch_u16 (b, len_at, (guint16) (b->len - len_at - 2));
}

GBytes *
cabine_apdu_encode_aare (guint16 result, const guint8 *manager_system_id)
{
  GByteArray *b = start (CABINE_APDU_AARE);

  cabine_mder_put_u16 (b, result);
  if (result == CABINE_AARE_ACCEPTED || result == CABINE_AARE_ACCEPTED_UNKNOWN_CONFIG)
    put_assoc_info (b, CABINE_ENCODING_MDER, 0, CABINE_SYS_TYPE_MANAGER, manager_system_id, 0, 0, 0);
  else
    {
      cabine_mder_put_u16 (b, 0);
      cabine_mder_put_u16 (b, 0);
    }
  return finish (b);
}

GBytes *
cabine_apdu_encode_aarq (const guint8 *system_id, guint16 dev_config_id)
{
  GByteArray *b = start (CABINE_APDU_AARQ);
  gsize list_len_at;

  cabine_mder_put_u32 (b, CABINE_ASSOC_VERSION1);
  cabine_mder_put_u16 (b, 1);
  list_len_at = b->len;
  cabine_mder_put_u16 (b, 0);
  /* data-req-mode-flags 0x8000: data-req-supp-stop; one agent-initiated request */
  put_assoc_info (b, CABINE_ENCODING_MDER, 0, CABINE_SYS_TYPE_AGENT, system_id, dev_config_id,
                  0x8000, 1);
  cabine_mder_patch_u16 (b, list_len_at, (guint16) (b->len - list_len_at - 2));
  return finish (b);
}

static GBytes *
encode_reason (guint16 choice, guint16 reason)
{
  GByteArray *b = start (choice);

  cabine_mder_put_u16 (b, reason);
  return finish (b);
}

GBytes *cabine_apdu_encode_rlrq (guint16 reason) { return encode_reason (CABINE_APDU_RLRQ, reason); }
GBytes *cabine_apdu_encode_rlre (guint16 reason) { return encode_reason (CABINE_APDU_RLRE, reason); }
GBytes *cabine_apdu_encode_abrt (guint16 reason) { return encode_reason (CABINE_APDU_ABRT, reason); }

/* PRST { octet-string length, invoke-id, choice, length, … }: returns the array, body to follow */
static GByteArray *
start_data (guint16 invoke_id, guint16 data_choice)
{
  GByteArray *b = start (CABINE_APDU_PRST);

  cabine_mder_put_u16 (b, 0);  /* octet string length */
  cabine_mder_put_u16 (b, invoke_id);
  cabine_mder_put_u16 (b, data_choice);
  cabine_mder_put_u16 (b, 0);  /* message length */
  return b;
}

static GBytes *
finish_data (GByteArray *b)
{
  cabine_mder_patch_u16 (b, 4, (guint16) (b->len - 6));
  cabine_mder_patch_u16 (b, 10, (guint16) (b->len - 12));
  return finish (b);
}

GBytes *
cabine_apdu_encode_event_report_response (guint16 invoke_id, guint16 obj_handle,
                                          guint32 current_time, guint16 event_type,
                                          const guint8 *reply_info, guint16 reply_len)
{
  GByteArray *b = start_data (invoke_id, CABINE_DATA_RORS_CONFIRMED_EVENT_REPORT);

  cabine_mder_put_u16 (b, obj_handle);
  cabine_mder_put_u32 (b, current_time);
  cabine_mder_put_u16 (b, event_type);
  cabine_mder_put_u16 (b, reply_len);
  if (reply_len > 0)
    g_byte_array_append (b, reply_info, reply_len);
  return finish_data (b);
}

GBytes *
cabine_apdu_encode_config_response (guint16 invoke_id, guint32 current_time,
                                    guint16 config_report_id, guint16 config_result)
{
  guint8 rsp[4] = { config_report_id >> 8, config_report_id & 0xFF,
                    config_result >> 8, config_result & 0xFF };

  return cabine_apdu_encode_event_report_response (invoke_id, 0, current_time,
                                                   CABINE_MDC_NOTI_CONFIG, rsp, sizeof rsp);
}

GBytes *
cabine_apdu_encode_get_mds (guint16 invoke_id)
{
  GByteArray *b = start_data (invoke_id, CABINE_DATA_ROIV_GET);

  cabine_mder_put_u16 (b, 0);  /* obj-handle: the MDS */
  cabine_mder_put_u16 (b, 0);  /* attribute-id-list count: all */
  cabine_mder_put_u16 (b, 0);  /* attribute-id-list length */
  return finish_data (b);
}

GBytes *
cabine_apdu_encode_scan_report_fixed (guint16 invoke_id, gboolean confirmed, guint32 event_time,
                                      guint16 scan_report_no, const guint16 *handles,
                                      GBytes * const *values, guint n)
{
  GByteArray *b = start_data (invoke_id, confirmed ? CABINE_DATA_ROIV_CONFIRMED_EVENT_REPORT
                                                   : CABINE_DATA_ROIV_EVENT_REPORT);
  gsize info_len_at, list_len_at;

  cabine_mder_put_u16 (b, 0);
  cabine_mder_put_u32 (b, event_time);
  cabine_mder_put_u16 (b, CABINE_MDC_NOTI_SCAN_REPORT_FIXED);
  info_len_at = b->len;
  cabine_mder_put_u16 (b, 0);
  cabine_mder_put_u16 (b, 0xF000);  /* data-req-id-agent-initiated */
  cabine_mder_put_u16 (b, scan_report_no);
  cabine_mder_put_u16 (b, (guint16) n);
  list_len_at = b->len;
  cabine_mder_put_u16 (b, 0);
  for (guint i = 0; i < n; i++)
    {
      gsize vlen;
      const guint8 *v = g_bytes_get_data (values[i], &vlen);

      cabine_mder_put_u16 (b, handles[i]);
      cabine_mder_put_u16 (b, (guint16) vlen);
      g_byte_array_append (b, v, (guint) vlen);
    }
  cabine_mder_patch_u16 (b, list_len_at, (guint16) (b->len - list_len_at - 2));
  cabine_mder_patch_u16 (b, info_len_at, (guint16) (b->len - info_len_at - 2));
  return finish_data (b);
}

GBytes *
cabine_apdu_encode_get_response (guint16 invoke_id, GArray *attributes)
{
  GByteArray *b = start_data (invoke_id, CABINE_DATA_RORS_GET);
  gsize list_len_at;

  cabine_mder_put_u16 (b, 0);
  cabine_mder_put_u16 (b, (guint16) attributes->len);
  list_len_at = b->len;
  cabine_mder_put_u16 (b, 0);
  for (guint i = 0; i < attributes->len; i++)
    {
      const CabineAva *a = &g_array_index (attributes, CabineAva, i);
      cabine_mder_put_u16 (b, a->id);
      cabine_mder_put_u16 (b, a->len);
      g_byte_array_append (b, a->value, a->len);
    }
  cabine_mder_patch_u16 (b, list_len_at, (guint16) (b->len - list_len_at - 2));
  return finish_data (b);
}
