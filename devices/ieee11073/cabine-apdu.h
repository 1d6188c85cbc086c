/* cabine-apdu.h: IEEE 11073-20601 APDU codec (agent→manager decoding, manager→agent encoding)
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * References (IEEE 11073-20601:2019): Annex A (ASN.1 of every APDU: A.8 association, A.10 data
 * APDUs, A.11 attribute types), Annex F (MDER), 7.4.1 (association), 8.4.4 (release/abort
 * reasons), Annex G (nomenclature codes, the MDC_* values below, also in IEEE 11073-10101).
 * All values are big-endian MDER: `choice u16, length u16, …`.
 */
#pragma once

#include <glib.h>
#include "cabine-mder.h"

G_BEGIN_DECLS

/* APDU choices (A.8, ApduType) */
#define CABINE_APDU_AARQ 0xE200
#define CABINE_APDU_AARE 0xE300
#define CABINE_APDU_RLRQ 0xE400
#define CABINE_APDU_RLRE 0xE500
#define CABINE_APDU_ABRT 0xE600
#define CABINE_APDU_PRST 0xE700

/* Association constants (A.8) */
#define CABINE_ASSOC_VERSION1        0x80000000u /* AssociationVersion assoc-version1 */
#define CABINE_DATA_PROTO_ID_20601   20601       /* DataProtoId data-proto-id-20601 = 0x5079 */
#define CABINE_PROTOCOL_VERSION1     0x80000000u /* ProtocolVersion protocol-version1 */
#define CABINE_ENCODING_MDER         0x8000      /* EncodingRules mder */
#define CABINE_NOMENCLATURE_VERSION1 0x80000000u
#define CABINE_SYS_TYPE_MANAGER      0x80000000u /* SystemType sys-type-manager */
#define CABINE_SYS_TYPE_AGENT        0x00800000u /* SystemType sys-type-agent */

/* AARE result (A.8, AssociateResult) */
#define CABINE_AARE_ACCEPTED                       0
#define CABINE_AARE_REJECTED_PERMANENT             1
#define CABINE_AARE_REJECTED_TRANSIENT             2
#define CABINE_AARE_ACCEPTED_UNKNOWN_CONFIG        3
#define CABINE_AARE_REJECTED_NO_COMMON_PROTOCOL    4
#define CABINE_AARE_REJECTED_NO_COMMON_PARAMETER   5
#define CABINE_AARE_REJECTED_UNKNOWN               6
#define CABINE_AARE_REJECTED_UNSUPPORTED_ASSOC_VERSION 8

/* Release (RLRQ/RLRE) and abort reasons (A.8, ReleaseRequestReason, Abort-reason) */
#define CABINE_RELEASE_NORMAL         0
#define CABINE_ABORT_UNDEFINED        0
#define CABINE_ABORT_BUFFER_OVERFLOW  1
#define CABINE_ABORT_RESPONSE_TIMEOUT 2
#define CABINE_ABORT_CONFIG_TIMEOUT   3

/* DATA-apdu message choices (A.10.1) */
#define CABINE_DATA_ROIV_EVENT_REPORT           0x0100
#define CABINE_DATA_ROIV_CONFIRMED_EVENT_REPORT 0x0101
#define CABINE_DATA_ROIV_GET                    0x0103
#define CABINE_DATA_RORS_CONFIRMED_EVENT_REPORT 0x0201
#define CABINE_DATA_RORS_GET                    0x0203
#define CABINE_DATA_ROER                        0x0300
#define CABINE_DATA_RORJ                        0x0400

/* Event types (Annex G / 10101 "notification" partition) */
#define CABINE_MDC_NOTI_CONFIG              0x0D1C
#define CABINE_MDC_NOTI_SCAN_REPORT_FIXED   0x0D1D
#define CABINE_MDC_NOTI_SCAN_REPORT_VAR     0x0D1E
#define CABINE_MDC_NOTI_SCAN_REPORT_MP_FIXED 0x0D1F
#define CABINE_MDC_NOTI_SCAN_REPORT_MP_VAR  0x0D20
/* Scan reports of the configurable scanners (20601 6.3.9 configurable scanner, 6.3.10 episodic,
 * 6.3.11 periodic; ASN.1 ScanReportInfoGrouped / ScanReportInfoMPGrouped in Annex A; codes in
 * Annex G / IEEE 11073-10101 partition OBJ). The grouped forms exist only here: 20601 defines no
 * MDS-originated grouped report, the episodic scanner (MDC_MOC_SCAN_CFG_EPI) sends UNBUF_*, the
 * periodic one (MDC_MOC_SCAN_CFG_PERI) BUF_*. Their obj-handle is the scanner's. */
#define CABINE_MDC_NOTI_UNBUF_SCAN_REPORT_VAR        0x0D22 /* 3362 */
#define CABINE_MDC_NOTI_UNBUF_SCAN_REPORT_FIXED      0x0D23 /* 3363 */
#define CABINE_MDC_NOTI_UNBUF_SCAN_REPORT_GROUPED    0x0D24 /* 3364 */
#define CABINE_MDC_NOTI_UNBUF_SCAN_REPORT_MP_VAR     0x0D25 /* 3365 */
#define CABINE_MDC_NOTI_UNBUF_SCAN_REPORT_MP_FIXED   0x0D26 /* 3366 */
#define CABINE_MDC_NOTI_UNBUF_SCAN_REPORT_MP_GROUPED 0x0D27 /* 3367 */
#define CABINE_MDC_NOTI_BUF_SCAN_REPORT_VAR          0x0D28 /* 3368 */
#define CABINE_MDC_NOTI_BUF_SCAN_REPORT_FIXED        0x0D29 /* 3369 */
#define CABINE_MDC_NOTI_BUF_SCAN_REPORT_GROUPED      0x0D2A /* 3370 */
#define CABINE_MDC_NOTI_BUF_SCAN_REPORT_MP_VAR       0x0D2B /* 3371 */
#define CABINE_MDC_NOTI_BUF_SCAN_REPORT_MP_FIXED     0x0D2C /* 3372 */
#define CABINE_MDC_NOTI_BUF_SCAN_REPORT_MP_GROUPED   0x0D2D /* 3373 */

/** CabineScanFormat: the observation layout of a scan report event type. */
typedef enum {
  CABINE_SCAN_FORMAT_NONE,     /* not a scan report */
  CABINE_SCAN_FORMAT_FIXED,    /* ObservationScanFixed: bytes laid out by the object's map */
  CABINE_SCAN_FORMAT_VAR,      /* ObservationScan: an AttributeList per object */
  CABINE_SCAN_FORMAT_GROUPED,  /* ObservationScanGrouped: one OCTET STRING for all the objects
                                  of the scanner's Scan-Handle-Attr-Val-Map, in its order */
} CabineScanFormat;

/**
 * cabine_apdu_scan_format:
 * @event_type: an event-type (MDC_NOTI_*)
 * @multi_person: (out) (optional): TRUE for the MP_ forms (a person-id per group)
 *
 * Returns: the observation format of the scan report @event_type, %CABINE_SCAN_FORMAT_NONE when
 *   it is not one of the 4 MDS scan reports or the 12 scanner reports above.
 */
CabineScanFormat cabine_apdu_scan_format (guint16 event_type, gboolean *multi_person);

/* ConfigResult (A.10.4) */
#define CABINE_CONFIG_ACCEPTED               0
#define CABINE_CONFIG_UNSUPPORTED            1
#define CABINE_CONFIG_STANDARD_UNKNOWN       2

/* Object classes (Annex G, MDC_MOC_*) */
#define CABINE_MDC_MOC_VMS_MDS_SIMP 37
#define CABINE_MDC_MOC_VMO_METRIC_NU 6
#define CABINE_MDC_MOC_SCAN_CFG_EPI 18   /* episodic configurable scanner */
#define CABINE_MDC_MOC_SCAN_CFG_PERI 19  /* periodic configurable scanner */
#define CABINE_MDC_MOC_VMO_PMSTORE 61    /* persistent metric store */

/* Attribute ids (Annex G, MDC_ATTR_*) */
#define CABINE_MDC_ATTR_ID_HANDLE            0x0921
#define CABINE_MDC_ATTR_ID_MODEL             0x0928
#define CABINE_MDC_ATTR_ID_PROD_SPECN        0x092D
#define CABINE_MDC_ATTR_ID_TYPE              0x092F
#define CABINE_MDC_ATTR_MSMT_STAT            0x0947
#define CABINE_MDC_ATTR_SYS_ID               0x0984
#define CABINE_MDC_ATTR_TIME_ABS             0x0987
#define CABINE_MDC_ATTR_TIME_STAMP_ABS       0x0990
#define CABINE_MDC_ATTR_UNIT_CODE            0x0996
#define CABINE_MDC_ATTR_DEV_CONFIG_ID        0x0A44
#define CABINE_MDC_ATTR_METRIC_SPEC_SMALL    0x0A46
#define CABINE_MDC_ATTR_NU_VAL_OBS_BASIC     0x0A4C
#define CABINE_MDC_ATTR_ATTRIBUTE_VAL_MAP    0x0A55
#define CABINE_MDC_ATTR_NU_VAL_OBS_SIMP      0x0A56
#define CABINE_MDC_ATTR_SYS_TYPE_SPEC_LIST   0x0A5A
#define CABINE_MDC_ATTR_METRIC_STRUCT_SMALL  0x0A73
#define CABINE_MDC_ATTR_NU_CMPD_VAL_OBS_BASIC 0x0A75
#define CABINE_MDC_ATTR_NU_CMPD_VAL_OBS_SIMP 0x0A74  /* 2676 */
#define CABINE_MDC_ATTR_NU_VAL_OBS           0x0950  /* 2384, NuObsValue */
#define CABINE_MDC_ATTR_CONFIRM_MODE         0x0913  /* 2323, ConfirmMode of a scanner */
#define CABINE_MDC_ATTR_OP_STAT              0x0953  /* 2387, OperationalState */
#define CABINE_MDC_ATTR_SCAN_HANDLE_ATTR_VAL_MAP 0x0A53 /* 2643, HandleAttrValMap (A.11.5) */

/** CabineAva: one attribute-value assertion (A.11.2 AVA-Type); @value points into the APDU. */
typedef struct {
  guint16 id;
  guint16 len;
  const guint8 *value;
  gsize offset;        /* APDU offset of value[0] */
} CabineAva;

/** CabineConfigObject: one ConfigObject of a configuration report (A.10.4). @attributes is a
 * GArray of #CabineAva pointing into the APDU. */
typedef struct {
  guint16 obj_class;
  guint16 handle;
  GArray *attributes;
} CabineConfigObject;

/** CabineObservation: one observation of a scan report (A.10.5). Fixed formats: @value/@len are
 * the observed-value bytes laid out by the object's attribute-value-map. Variable formats:
 * @attributes (GArray of #CabineAva). Grouped formats: @handle is the reporting scanner's
 * obj-handle and @value/@len the whole ObservationScanGrouped OCTET STRING (Annex A), to be split
 * with cabine_11073_config_split_grouped(). @person_id is 0xFFFF outside multi-person reports. */
typedef struct {
  guint16 handle;
  guint16 person_id;
  const guint8 *value;
  guint16 len;
  gsize offset;
  GArray *attributes;
} CabineObservation;

/**
 * CabineApdu:
 * A decoded APDU. Fields apply per @choice (and @data_choice for PRST); the others stay 0/NULL.
 * Pointers inside (#CabineAva, #CabineObservation) point into @raw, which the struct owns.
 */
typedef struct {
  GBytes *raw;
  guint16 choice;

  /* AARQ (the 20601 data-proto found) and AARE (the selected one) */
  guint32 assoc_version;
  guint16 data_proto_id;
  guint32 protocol_version;
  guint16 encoding_rules;
  guint32 nomenclature_version;
  guint32 functional_units;
  guint32 system_type;
  GBytes *system_id;
  guint16 dev_config_id;
  guint16 data_req_mode_flags;
  gboolean has_20601;     /* AARQ: the data-proto-list offers 20601 */
  guint16 result;         /* AARE */
  guint16 reason;         /* RLRQ, RLRE, ABRT */

  /* PRST: DATA-apdu */
  guint16 invoke_id;
  guint16 data_choice;
  guint16 obj_handle;
  guint32 event_time;     /* event reports (relative time, 1/8 ms) */
  guint16 event_type;
  guint16 error_value;    /* roer */
  guint16 config_report_id;   /* MDC_NOTI_CONFIG */
  guint16 config_result;      /* rors confirmed event report of MDC_NOTI_CONFIG */
  GPtrArray *config_objects;  /* of CabineConfigObject, MDC_NOTI_CONFIG */
  guint16 data_req_id;        /* scan reports */
  guint16 scan_report_no;
  GArray *observations;       /* of CabineObservation, scan reports */
  CabineScanFormat scan_format; /* of a scan report, else CABINE_SCAN_FORMAT_NONE */
  gboolean multi_person;      /* an MP_ scan report */
  GArray *attributes;         /* of CabineAva: rors-cmip-get attribute list */
} CabineApdu;

void cabine_apdu_free (CabineApdu *apdu);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CabineApdu, cabine_apdu_free)

/**
 * cabine_apdu_decode:
 * @data: (array length=len): one complete APDU as received
 * @error: %CABINE_MDER_ERROR: TRUNCATED / BAD_LENGTH (naming the offset and the field) when a
 *   length does not fit, BAD_VALUE for an unknown APDU or DATA-apdu choice, UNSUPPORTED for an
 *   event type this codec does not decode
 *
 * Decodes every APDU an agent or a manager may send (AARQ, AARE, RLRQ, RLRE, ABRT, PRST with
 * event reports (MDC_NOTI_CONFIG, the MDS scan reports fixed/var/MP-fixed/MP-var, the scanners'
 * UNBUF_/BUF_ reports in their fixed/var/grouped and MP forms), their responses, GET and its
 * result, roer, rorj). Every length field is checked against its container; trailing bytes are
 * refused.
 *
 * Returns: (transfer full): the APDU, or %NULL with @error set.
 */
CabineApdu *cabine_apdu_decode (const guint8 *data, gsize len, GError **error);

/** cabine_apdu_find_ava: the first attribute @id in @attributes (GArray of #CabineAva), or %NULL. */
const CabineAva *cabine_apdu_find_ava (GArray *attributes, guint16 id);

/**
 * cabine_apdu_encode_aare:
 * @result: CABINE_AARE_* (accepted 0, accepted-unknown-config 3, a rejection)
 * @manager_system_id: (array fixed-size=8): the manager's EUI-64 system-id
 *
 * AARE answering a 20601 AARQ (A.8): protocol-version1, MDER, nomenclature-version1, functional
 * units 0, sys-type-manager, dev-config-id 0 (manager-config-response), no data-req-mode
 * capabilities, empty option list. For rejections the data-proto-id is 0 with empty info.
 *
 * Returns: (transfer full): the APDU bytes.
 */
GBytes *cabine_apdu_encode_aare (guint16 result, const guint8 *manager_system_id);

/** cabine_apdu_encode_rlrq / _rlre / _abrt: `E400|E500|E600 0002 reason`. (transfer full) */
GBytes *cabine_apdu_encode_rlrq (guint16 reason);
GBytes *cabine_apdu_encode_rlre (guint16 reason);
GBytes *cabine_apdu_encode_abrt (guint16 reason);

/**
 * cabine_apdu_encode_event_report_response:
 * @invoke_id: the invoke-id of the confirmed event report being answered
 * @obj_handle: the report's obj-handle (0, the MDS)
 * @current_time: the event-time of the report, echoed back
 * @event_type: the report's event-type
 * @reply_info: (array length=reply_len) (nullable): event-reply-info; empty for scan reports,
 *   ConfigReportRsp (config-report-id, config-result) for MDC_NOTI_CONFIG
 *
 * PRST with rors-cmip-confirmed-event-report (A.10.3 EventReportResultSimple).
 * Returns: (transfer full): the APDU bytes.
 */
GBytes *cabine_apdu_encode_event_report_response (guint16 invoke_id, guint16 obj_handle,
                                                  guint32 current_time, guint16 event_type,
                                                  const guint8 *reply_info, guint16 reply_len);

/** cabine_apdu_encode_config_response: the above for MDC_NOTI_CONFIG with a ConfigReportRsp
 * (A.10.4). @config_result is CABINE_CONFIG_*. (transfer full) */
GBytes *cabine_apdu_encode_config_response (guint16 invoke_id, guint32 current_time,
                                            guint16 config_report_id, guint16 config_result);

/** cabine_apdu_encode_get_mds: PRST roiv-cmip-get of all attributes of obj-handle 0 (the MDS),
 * empty attribute-id-list (A.10.2 GetArgumentSimple). (transfer full) */
GBytes *cabine_apdu_encode_get_mds (guint16 invoke_id);

/* Agent-side encoders, used by the simulated devices (devices/sim). */

/**
 * cabine_apdu_encode_aarq:
 * @system_id: (array fixed-size=8): the agent's EUI-64
 * @dev_config_id: e.g. 0x0320 (thermometer standard configuration, IEEE 11073-10408 6.4)
 *
 * AARQ offering 20601 with MDER, sys-type-agent, data-req-mode-flags 0, init agent count 1.
 * (transfer full)
 */
GBytes *cabine_apdu_encode_aarq (const guint8 *system_id, guint16 dev_config_id);

/**
 * cabine_apdu_encode_scan_report_fixed:
 * @confirmed: roiv-cmip-confirmed-event-report (0x0101) or unconfirmed (0x0100)
 * @handles: (array length=n): obj-handles
 * @values: (array length=n): the observed-value bytes of each object, laid out by its
 *   attribute-value-map
 *
 * PRST carrying an MDC_NOTI_SCAN_REPORT_FIXED from obj-handle 0 (A.10.5 ScanReportInfoFixed).
 * (transfer full)
 */
GBytes *cabine_apdu_encode_scan_report_fixed (guint16 invoke_id, gboolean confirmed,
                                              guint32 event_time, guint16 scan_report_no,
                                              const guint16 *handles, GBytes * const *values,
                                              guint n);

/** cabine_apdu_encode_get_response: PRST rors-cmip-get of obj-handle 0 with @attributes (GArray of
 * #CabineAva, values copied). (transfer full) */
GBytes *cabine_apdu_encode_get_response (guint16 invoke_id, GArray *attributes);

G_END_DECLS
