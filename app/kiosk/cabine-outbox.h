/* cabine-outbox.h: uploads finished consultations from the kiosk store to the hub
 *
 * Copyright 2026 The Cabine developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Store and forward (DESIGN.md, "Data flow of a measurement", step 4): a consultation that ended
 * after its call started is queued in the store's outbox table in the same transaction as its end
 * (cabine_store_end_session()). The outbox posts each queued record, one at a time, as JSON to the
 * hub's `POST /api/records` (data/protocol.md, "Records") with `Authorization: Bearer <kiosk token>`
 * and `Cabine-Kiosk-Id: <kiosk id>`. The record id is the idempotency key: the hub stores a record
 * once and answers 201 the first time and 200 on a repeat, so a retry after a timeout never
 * duplicates it. Failures back off exponentially (1 s doubling to 5 min, ±20 % jitter); the state
 * lives in the store, so it survives restarts of the kiosk and of the hub. After each confirmed
 * upload, consultations past the retention are purged (cabine_store_purge_expired()).
 */
#pragma once

#include <gio/gio.h>

#include "cabine-store.h"

G_BEGIN_DECLS

/** First retry delay, in seconds. */
#define CABINE_OUTBOX_BACKOFF_MIN 1
/** Longest retry delay, in seconds. */
#define CABINE_OUTBOX_BACKOFF_MAX 300
/** Time allowed for one upload (connect, send, reply), in seconds. */
#define CABINE_OUTBOX_TIMEOUT 20

#define CABINE_OUTBOX_ERROR (cabine_outbox_error_quark ())

/**
 * CabineOutboxError:
 * @CABINE_OUTBOX_ERROR_URL: the hub URL is not a ws://, wss://, http:// or https:// URL
 * @CABINE_OUTBOX_ERROR_CA: the CA file cannot be read as PEM certificates
 * @CABINE_OUTBOX_ERROR_REFUSED: the hub refused the record (HTTP status in the message)
 */
typedef enum {
  CABINE_OUTBOX_ERROR_URL,
  CABINE_OUTBOX_ERROR_CA,
  CABINE_OUTBOX_ERROR_REFUSED,
} CabineOutboxError;

GQuark cabine_outbox_error_quark (void);

#define CABINE_TYPE_OUTBOX (cabine_outbox_get_type ())
G_DECLARE_FINAL_TYPE (CabineOutbox, cabine_outbox, CABINE, OUTBOX, GObject)

/**
 * cabine_outbox_new:
 * @store: the kiosk store (a reference is taken)
 * @hub_url: the hub's signalling URL as configured (`ws[s]://host:port/ws`) or its base
 *   `http[s]://host:port`; records go to `/api/records` on the same host and port, over HTTPS for
 *   wss:// and https://
 * @kiosk_id: this kiosk's id
 * @token: this kiosk's bearer token
 * @ca_file: (nullable): PEM file of the CA(s) the hub's certificate must chain to (`[kiosk] hub-ca`);
 *   %NULL for the system trust store
 * @retention_hours: hours a consultation is kept after its confirmed upload (`[privacy]
 *   retention-hours`; 0: purged at once)
 * @error: %CABINE_OUTBOX_ERROR_URL or %CABINE_OUTBOX_ERROR_CA
 *
 * Returns: (transfer full) (nullable): an idle outbox; call cabine_outbox_start().
 */
CabineOutbox *cabine_outbox_new        (CabineStore  *store,
                                        const char   *hub_url,
                                        const char   *kiosk_id,
                                        const char   *token,
                                        const char   *ca_file,
                                        guint         retention_hours,
                                        GError      **error);

/**
 * cabine_outbox_start:
 *
 * Closes the consultations a previous run left open (cabine_store_end_interrupted(): call this
 * before a new consultation begins), then starts uploading on the thread-default main context:
 * what is pending now (left over from an earlier run too, tried at once), then whatever
 * cabine_outbox_kick() announces. Also purges expired consultations once at start and every
 * 10 minutes.
 */
void          cabine_outbox_start      (CabineOutbox *self);

/**
 * cabine_outbox_kick:
 *
 * Announces that a consultation was queued (call it after cabine_store_end_session()): an upload
 * that is waiting for its back-off is not hurried, a new one starts now.
 */
void          cabine_outbox_kick       (CabineOutbox *self);

/** cabine_outbox_stop: cancels the upload in flight (it is retried at the next start). */
void          cabine_outbox_stop       (CabineOutbox *self);

/**
 * cabine_outbox_backoff_seconds:
 * @attempts: failed attempts so far (1 after the first failure)
 *
 * Returns: the delay before the next attempt without jitter: min(2^(attempts-1), max).
 */
guint         cabine_outbox_backoff_seconds (guint attempts);

G_END_DECLS
